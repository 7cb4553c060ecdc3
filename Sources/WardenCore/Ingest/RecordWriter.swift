import GRDB
import GRDBSQLite

/// Inserts records, rejects and issues through prepared statements on the raw SQLite API:
/// the ingest hot path, where building GRDB argument arrays per row measured ~2× slower.
///
/// Two things keep the per-row cost down (each measured at 1M residents):
/// - a source fills a handful of the 57 record columns, so a batch is inserted by a statement
///   that names only the columns some row of the batch has a value in: the others are NULL
///   anyway, and binding NULL to each of them for every row cost more than inserting the row;
/// - one statement inserts up to 128 rows (`VALUES (…), (…), …`, still in order), which spares
///   SQLite opening its cursors and checking foreign keys' tables once per row: ~30% less time.
final class RecordWriter {
    private let sqlite: OpaquePointer
    private struct Shape: Hashable { let mask: UInt64; let rows: Int }
    private var insertRecord: [Shape: OpaquePointer] = [:]
    private static let rowsPerStatement = 128
    private var insertReject: OpaquePointer?
    private var insertIssue: OpaquePointer?
    private var sourceID: Int64 = 0
    private var loadID: Int64 = 0
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    init(db: Database) throws {
        sqlite = db.sqliteConnection!
        insertReject = try prepare("INSERT INTO rejected_row(load_id, source_id, line, field, reason, raw) VALUES (?,?,?,?,?,?)")
        insertIssue = try prepare("INSERT INTO field_issue(load_id, source_id, line, field, value, reason, repaired) VALUES (?,?,?,?,?,?,?)")
    }

    /// Rows written from now on belong to this source and load.
    func start(sourceID: Int64, loadID: Int64) {
        self.sourceID = sourceID
        self.loadID = loadID
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(sqlite, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite))) }
        return stmt
    }

    /// The insert of `rows` rows naming `columns` (batch column indexes, in order).
    private func recordStatement(mask: UInt64, columns: [Int], rows: Int) throws -> OpaquePointer? {
        let shape = Shape(mask: mask, rows: rows)
        if let st = insertRecord[shape] { return st }
        let names = ["source_id", "load_id", "line"] + columns.map { $0 < RowBuffer.columns.count ? RowBuffer.columns[$0] : "extra" }
        let tuple = "(" + Array(repeating: "?", count: names.count).joined(separator: ",") + ")"
        let sql = "INSERT INTO source_record(\(names.joined(separator: ","))) VALUES " + Array(repeating: tuple, count: rows).joined(separator: ",")
        let st = try prepare(sql)
        insertRecord[shape] = st
        return st
    }

    func finish() {
        for st in insertRecord.values { sqlite3_finalize(st) }
        sqlite3_finalize(insertReject); sqlite3_finalize(insertIssue)
        insertRecord = [:]; insertReject = nil; insertIssue = nil
    }

    private func step(_ stmt: OpaquePointer?) throws {
        let rc = sqlite3_step(stmt)
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        guard rc == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite))) }
    }

    private func bind(_ stmt: OpaquePointer?, _ i: Int32, _ s: String?) {
        guard let s else { sqlite3_bind_null(stmt, i); return }
        var s2 = s
        s2.withUTF8 { buf in
            _ = sqlite3_bind_text(stmt, i, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buf.count), RecordWriter.transient)
        }
    }

    /// Inserts every row of a batch, in order. Values are bound straight from the batch's arena
    /// (which outlives each step); STRICT columns convert numeric text to INTEGER/REAL.
    func insert(_ batch: RowBatch) throws {
        let rowCount = batch.rowCount
        guard rowCount > 0 else { return }
        let mask = batch.columnMask
        let columns = (0..<RowBatch.width).filter { mask & (1 << UInt64($0)) != 0 }
        let perRow = 3 + columns.count
        let maxVariables = Int(sqlite3_limit(sqlite, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        let many = max(1, min(RecordWriter.rowsPerStatement, maxVariables / perRow))
        let width = RowBatch.width
        try batch.arena.withUnsafeBufferPointer { arena in
            try batch.slots.withUnsafeBufferPointer { slots in
                try batch.lines.withUnsafeBufferPointer { lines in
                    try columns.withUnsafeBufferPointer { cols in
                        let base = UnsafeRawPointer(arena.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                        var r = 0
                        while r < rowCount {
                            // Whole statements of `many` rows, then the rest one by one.
                            let rows = rowCount - r >= many ? many : 1
                            let st = try recordStatement(mask: mask, columns: columns, rows: rows)
                            var p: Int32 = 1
                            for row in r..<(r + rows) {
                                sqlite3_bind_int64(st, p, sourceID)
                                sqlite3_bind_int64(st, p + 1, loadID)
                                sqlite3_bind_int64(st, p + 2, Int64(lines[row]))
                                p += 3
                                let slot = row * width * 2
                                for c in cols {
                                    let len = slots[slot + c * 2 + 1]
                                    if len < 0 {
                                        sqlite3_bind_null(st, p)
                                    } else {
                                        sqlite3_bind_text(st, p, base + Int(slots[slot + c * 2]), len, RecordWriter.staticText)
                                    }
                                    p += 1
                                }
                            }
                            let rc = sqlite3_step(st)
                            sqlite3_reset(st)
                            guard rc == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite))) }
                            r += rows
                        }
                    }
                }
            }
        }
    }

    func reject(line: Int, field: String?, reason: String, raw: String) throws {
        let st = insertReject
        sqlite3_bind_int64(st, 1, loadID); sqlite3_bind_int64(st, 2, sourceID); sqlite3_bind_int64(st, 3, Int64(line))
        bind(st, 4, field); bind(st, 5, reason); bind(st, 6, raw)
        try step(st)
    }

    func issue(line: Int, field: String, value: String, reason: String, repaired: Bool) throws {
        let st = insertIssue
        sqlite3_bind_int64(st, 1, loadID); sqlite3_bind_int64(st, 2, sourceID); sqlite3_bind_int64(st, 3, Int64(line))
        bind(st, 4, field); bind(st, 5, value); bind(st, 6, reason); sqlite3_bind_int64(st, 7, repaired ? 1 : 0)
        try step(st)
    }
}
