import Foundation
import GRDB
import GRDBSQLite
import WardenLinkage

/// A count of one reason (a reject reason or a field issue), for summaries.
public struct ReasonCount: Sendable, Codable, Equatable {
    public var field: String?
    public var reason: String
    public var count: Int
}

/// What one load did.
public struct LoadSummary: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable { case loaded, unchanged }
    public var source: String
    public var file: String
    public var outcome: Outcome
    public var rowsRead = 0
    public var rowsLoaded = 0
    public var rowsRejected = 0
    public var fieldIssues = 0
    public var blankLines = 0
    public var rejectReasons: [ReasonCount] = []
    public var issueReasons: [ReasonCount] = []
    /// Header columns the manifest does not name (kept as extra attributes).
    public var extraColumns: [String] = []
    public var seconds = 0.0
}

/// Reports progress of long work (a build, a load, linkage). Called from the working thread.
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void

/// Loads extracts into the warehouse, one atomic transaction per call.
public struct Ingestor {
    public let warehouse: Warehouse
    /// The account doing the load (recorded on each load).
    public var user: String

    public init(warehouse: Warehouse, user: String = CurrentUser.name) {
        self.warehouse = warehouse
        self.user = user
    }

    /// Checks a whole manifest's files before anything is written: each exists and its header
    /// names every mapped column. All problems are reported together.
    public func preflight(_ manifest: Manifest) throws {
        var errors: [UserFacingError] = []
        for s in manifest.sources {
            let path = Ingestor.resolve(s.file, relativeTo: manifest.directory)
            if !FileManager.default.fileExists(atPath: path) {
                errors.append(UserFacingError(file: manifest.path, line: s.manifestLine, field: s.name,
                                              problem: "file \(path) does not exist", remedy: "check the file name in the manifest, or add the extract"))
                continue
            }
            do { _ = try HeaderPlan(source: s, path: path) } catch let e as UserFacingError { errors.append(e) }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw UserFacingErrors(errors) }
    }

    /// Loads every source of a manifest in one transaction: all of it lands, or none.
    /// Files identical to the current load of their source are skipped (a no-op).
    @discardableResult
    /// `link: false` loads without linking (for measuring ingest on its own).
    public func build(_ manifest: Manifest, link: Bool = true, progress: ProgressHandler? = nil) throws -> [LoadSummary] {
        try preflight(manifest)
        let totalBytes = manifest.sources.reduce(0) { $0 + Ingestor.fileSize(Ingestor.resolve($1.file, relativeTo: manifest.directory)) }
        return try warehouse.pool.write { db in
            try db.setMeta("borough_name", manifest.borough.name)
            try db.setMeta("as_of", manifest.borough.asOf.iso)
            try db.setMeta("manifest_path", manifest.path)
            var done = 0
            var summaries: [LoadSummary] = []
            for s in manifest.sources {
                let path = Ingestor.resolve(s.file, relativeTo: manifest.directory)
                let size = Ingestor.fileSize(path)
                let base = done
                let summary = try load(db: db, source: s, path: path, asOf: manifest.borough.asOf) { fraction in
                    progress?("loading \(s.name)", totalBytes == 0 ? 1 : (Double(base) + fraction * Double(size)) / Double(totalBytes))
                }
                done += size
                summaries.append(summary)
            }
            try Derivation.rebuildProperties(db)
            // Relink when anything changed, or when the warehouse has never been linked.
            let linked = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_at'") != nil
            if link && (summaries.contains(where: { $0.outcome == .loaded }) || !linked) {
                _ = try Linkage.run(db, progress: progress)
            }
            return summaries
        }
    }

    /// Loads one file for a source the warehouse already knows (from an earlier build).
    public func importFile(source name: String, path: String, progress: ProgressHandler? = nil) throws -> LoadSummary {
        let (definition, asOf) = try warehouse.pool.read { db -> (SourceDefinition?, CivilDate) in
            let json = try String.fetchOne(db, sql: "SELECT definition FROM source WHERE name = ?", arguments: [name])
            let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'").flatMap(CivilDate.init(iso:))
            return (try json.map { try JSONDecoder().decode(SourceDefinition.self, from: Data($0.utf8)) }, asOf ?? CivilDate(year: 2026, month: 10, day: 31)!)
        }
        guard let definition else {
            let known = try warehouse.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM source ORDER BY name") }
            throw UserFacingError(field: name, problem: "unknown source",
                                  remedy: Suggest.hint(name, in: known) ?? (known.isEmpty ? "build the warehouse first (warden build --from DIR)" : "known sources: " + known.joined(separator: ", ")))
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no such file", remedy: "check the path")
        }
        _ = try HeaderPlan(source: definition, path: path)
        return try warehouse.pool.write { db in
            let s = try load(db: db, source: definition, path: path, asOf: asOf) { progress?("loading \(name)", $0) }
            if s.outcome == .loaded {
                if definition.kind == .gazetteer { try Derivation.rebuildProperties(db) }
                _ = try Linkage.run(db, progress: progress)
            }
            return s
        }
    }

    static func resolve(_ file: String, relativeTo dir: String) -> String {
        file.hasPrefix("/") ? file : (dir as NSString).appendingPathComponent(file)
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    // MARK: - One load

    func load(db: Database, source s: SourceDefinition, path: String, asOf: CivilDate, progress: (Double) -> Void) throws -> LoadSummary {
        let started = Date()
        let (sha, bytes) = try SHA256Hasher.file(path)
        let definitionJSON = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO source(name, system, kind, title, definition) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET system = excluded.system, kind = excluded.kind, title = excluded.title, definition = excluded.definition
            """, arguments: [s.name, s.system, s.kind.rawValue, s.title, definitionJSON])
        let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [s.name])!
        var summary = LoadSummary(source: s.name, file: path, outcome: .loaded)

        if let current = try Row.fetchOne(db, sql: "SELECT id, file_sha256 FROM load WHERE source_id = ? AND is_current = 1", arguments: [sourceID]),
           current["file_sha256"] as String == sha {
            summary.outcome = .unchanged
            progress(1)
            return summary
        }

        // Supersede the current load: its rows give way to the new extract's.
        try Derivation.clearDerived(db)
        if let old = try Int64.fetchOne(db, sql: "SELECT id FROM load WHERE source_id = ? AND is_current = 1", arguments: [sourceID]) {
            try db.execute(sql: "DELETE FROM source_record WHERE source_id = ?", arguments: [sourceID])
            try db.execute(sql: "DELETE FROM rejected_row WHERE load_id = ?", arguments: [old])
            try db.execute(sql: "DELETE FROM field_issue WHERE load_id = ?", arguments: [old])
            try db.execute(sql: "UPDATE load SET is_current = 0 WHERE id = ?", arguments: [old])
        }
        let now = ISO8601DateFormatter().string(from: started)
        try db.execute(sql: """
            INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                             rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 1)
            """, arguments: [sourceID, path, sha, bytes, now, now, user])
        let loadID = db.lastInsertedRowID

        let plan = try HeaderPlan(source: s, path: path)
        summary.extraColumns = plan.extraColumns
        // Parsing and validation run on a worker thread while this (the database) thread inserts:
        // the two halves cost about the same, and the machine has two cores.
        let writer = try RecordWriter(db: db, sourceID: sourceID, loadID: loadID)
        defer { writer.finish() }
        let producer = RowProducer(source: s, path: path, plan: plan, parser: FieldParser(asOf: asOf, dateFormats: s.dateFormats), fileBytes: bytes)
        let channel = BatchChannel(capacity: 4)
        let worker = Thread {
            do {
                try producer.run(channel: channel)
                channel.close(error: nil)
            } catch {
                channel.close(error: error)
            }
        }
        worker.stackSize = 1 << 22
        worker.start()
        var rejectCounts: [String: ReasonCount] = [:]
        var issueCounts: [String: ReasonCount] = [:]
        do {
            while let batch = try channel.receive() {
                try writer.insert(batch)
                summary.rowsRead += batch.rowsRead
                summary.rowsLoaded += batch.rowCount
                summary.blankLines += batch.blankLines
                for r in batch.rejects {
                    try writer.reject(line: r.line, field: r.field, reason: r.reason, raw: r.raw)
                    rejectCounts[(r.field ?? "") + "|" + r.countedReason, default: ReasonCount(field: r.field, reason: r.countedReason, count: 0)].count += 1
                    summary.rowsRejected += 1
                }
                for i in batch.issues {
                    try writer.issue(line: i.line, field: i.field, value: i.value, reason: i.reason, repaired: i.repaired)
                    issueCounts[i.field + "|" + i.reason, default: ReasonCount(field: i.field, reason: i.reason, count: 0)].count += 1
                    summary.fieldIssues += 1
                }
                if let f = batch.progress { progress(f) }
                channel.recycle(batch)
            }
        } catch {
            channel.cancel()
            throw error
        }
        progress(1)
        summary.rejectReasons = rejectCounts.values.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
        summary.issueReasons = issueCounts.values.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
        summary.seconds = Date().timeIntervalSince(started)
        try db.execute(sql: """
            UPDATE load SET finished_at = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, field_issues = ?, blank_lines = ?, extra_columns = ?,
                            extra_layout = ?
            WHERE id = ?
            """, arguments: [ISO8601DateFormatter().string(from: Date()), summary.rowsRead, summary.rowsLoaded, summary.rowsRejected,
                             summary.fieldIssues, summary.blankLines, plan.extraColumns.isEmpty ? nil : plan.extraColumns.joined(separator: ", "),
                             plan.keptColumns.isEmpty ? nil : plan.keptColumns.joined(separator: "\u{1F}"), loadID])
        return summary
    }
}

/// How the columns of a file's header map to fields.
struct HeaderPlan {
    struct Column {
        let mapping: ColumnMapping
        let datePatterns: [DatePattern]?
        let target: RowBuffer.Target
        /// Text kept as written (after trimming): may go straight from the file into the batch.
        var isPlainText: Bool { (mapping.field.valueType == .text || mapping.field.valueType == .name) && mapping.values.isEmpty }
    }
    let header: [String]
    let columns: [Column?]
    let extraColumns: [String]
    /// Every column kept as an extra attribute (unmapped, then `ignore`d), in header order.
    var keptColumns: [String] { zip(header, columns).compactMap { h, c in (c == nil || c!.mapping.field == .ignore) ? h : nil } }
    let keyIndexes: [Int]
    var columnCount: Int { header.count }

    init(source s: SourceDefinition, path: String) throws {
        let reader = try CSVReader(path: path, dialect: s.dialect)
        var first: [String]?
        var firstLine = 1
        do {
            try reader.forEachRecord { rec in first = rec.strings; firstLine = rec.line; return false }
        } catch let e as CSVError {
            throw UserFacingError(file: e.file, line: e.line, problem: e.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
        }
        guard let first else {
            throw UserFacingError(file: path, line: 1, problem: "the file is empty", remedy: "check the extract was written completely")
        }
        if s.header {
            header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            // Without a header, columns are named by position: "1", "2", ...
            header = (1...first.count).map(String.init)
        }
        var cols: [Column?] = []
        var used = Set<String>()
        var extra: [String] = []
        for name in header {
            if let m = s.mapping(forColumn: name) {
                var pats: [DatePattern]?
                if let f = m.dateFormats { pats = f.compactMap(DatePattern.init) }
                cols.append(Column(mapping: m, datePatterns: pats, target: RowBuffer.target(for: m.field)))
                used.insert(m.column.lowercased().trimmingCharacters(in: .whitespaces))
            } else {
                cols.append(nil)
                extra.append(name)
            }
        }
        let missing = s.columns.filter { !used.contains($0.column.lowercased().trimmingCharacters(in: .whitespaces)) }
        if !missing.isEmpty {
            let names = missing.map { "\"\($0.column)\"" }.joined(separator: ", ")
            let hints = missing.compactMap { m in Suggest.closest(m.column, in: extra).map { "\"\(m.column)\" looks like the file's \"\($0)\"" } }
            throw UserFacingError(file: path, line: firstLine, field: s.name,
                                  problem: "the header lacks column\(missing.count > 1 ? "s" : "") \(names) named in the manifest",
                                  remedy: hints.isEmpty ? "the file's columns are: " + header.joined(separator: ", ") + ". Correct the manifest or the extract." : hints.joined(separator: "; ") + ". Correct the manifest or the extract.")
        }
        self.columns = cols
        self.extraColumns = extra
        let names = header
        self.keyIndexes = s.key.compactMap { k in names.firstIndex { $0.lowercased() == k.lowercased() } }
    }
}

/// The extra attributes of a record (columns the manifest does not map, or maps to `ignore`),
/// paired with their names from the load's layout.
public enum ExtraAttributes {
    public static func decode(_ extra: String?, layout: String?) -> [(name: String, value: String)] {
        guard let extra, let layout else { return [] }
        let names = layout.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        let values = extra.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        return zip(names, values).compactMap { $1.isEmpty ? nil : (String($0), String($1)) }
    }
}

/// Where canonical fields sit in a warehouse row, and helpers for assembling one.
enum RowBuffer {
    static let columns = Schema.recordFieldColumns
    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    static let recordKeyIndex = index["record_key"]!
    static let postcodeRawIndex = index["postcode_raw"]!
    static let addressIndex = index["address"]!
    static let corrIndex = index["correspondence_address"]!
    static let phoneIndex = index["phone"]!
    static let mobileIndex = index["mobile"]!
    static let nameIndexes = (index["title"]!, index["given_name"]!, index["middle_names"]!, index["surname"]!)
    static let fieldIndex: [CanonicalField: Int] = {
        var m: [CanonicalField: Int] = [:]
        for f in CanonicalField.allCases { if let i = index[f.rawValue] { m[f] = i } }
        return m
    }()

    /// Where a field's value goes in the row, decided once per column.
    enum Target { case column(Int), address, addressLine, correspondence, fullName(Int), phone, none }

    static func target(for field: CanonicalField) -> Target {
        switch field {
        case .addressLine: return .addressLine
        case .correspondenceAddress: return .correspondence
        case .address: return .address
        case .fullName: return .fullName(fieldIndex[.fullName]!)
        case .phone, .mobile: return .phone
        default: return fieldIndex[field].map(Target.column) ?? .none
        }
    }

    /// A JSON string literal, escaping by bytes (this runs for every extra column of every row).
    static func jsonString(_ s: String) -> String {
        var s = s
        return s.withUTF8 { u -> String in
            var out = [UInt8]()
            out.reserveCapacity(u.count + 2)
            out.append(34)
            for b in u {
                switch b {
                case 34: out.append(92); out.append(34)
                case 92: out.append(92); out.append(92)
                case 10: out.append(92); out.append(110)
                case 13: out.append(92); out.append(114)
                case 9: out.append(92); out.append(116)
                case 0..<32:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: out.append(b)
                }
            }
            out.append(34)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A record written back as one line of its own dialect (for the rejected-row store).
    static func rawText(_ rec: CSVReader.Record, dialect: CSVDialect) -> String {
        let d = Character(UnicodeScalar(dialect.delimiter)), q = Character(UnicodeScalar(dialect.quote))
        return (0..<rec.count).map { i -> String in
            let f = rec.string(i)
            if f.contains(d) || f.contains(q) || f.contains("\n") || f.contains("\r") {
                return String(q) + f.replacingOccurrences(of: String(q), with: String(q) + String(q)) + String(q)
            }
            return f
        }.joined(separator: String(d))
    }
}

/// Inserts records, rejects and issues through prepared statements on the raw SQLite API:
/// the ingest hot path, where building GRDB argument arrays per row measured ~2× slower.
final class RecordWriter {
    private let sqlite: OpaquePointer
    private var insertRecord: OpaquePointer?
    private var insertReject: OpaquePointer?
    private var insertIssue: OpaquePointer?
    private let sourceID: Int64
    private let loadID: Int64
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    init(db: Database, sourceID: Int64, loadID: Int64) throws {
        sqlite = db.sqliteConnection!
        self.sourceID = sourceID
        self.loadID = loadID
        let cols = ["source_id", "load_id", "line"] + RowBuffer.columns + ["extra"]
        let sql = "INSERT INTO source_record(\(cols.joined(separator: ","))) VALUES (\(Array(repeating: "?", count: cols.count).joined(separator: ",")))"
        insertRecord = try prepare(sql)
        insertReject = try prepare("INSERT INTO rejected_row(load_id, source_id, line, field, reason, raw) VALUES (?,?,?,?,?,?)")
        insertIssue = try prepare("INSERT INTO field_issue(load_id, source_id, line, field, value, reason, repaired) VALUES (?,?,?,?,?,?,?)")
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(sqlite, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite))) }
        return stmt
    }

    func finish() {
        sqlite3_finalize(insertRecord); sqlite3_finalize(insertReject); sqlite3_finalize(insertIssue)
        insertRecord = nil; insertReject = nil; insertIssue = nil
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

    /// Inserts every row of a batch. Values are bound straight from the batch's arena (which
    /// outlives each step); STRICT columns convert numeric text to INTEGER/REAL.
    func insert(_ batch: RowBatch) throws {
        let st = insertRecord
        let width = RowBatch.width
        try batch.arena.withUnsafeBufferPointer { arena in
            try batch.slots.withUnsafeBufferPointer { slots in
                let base = UnsafeRawPointer(arena.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                for r in 0..<batch.rowCount {
                    sqlite3_bind_int64(st, 1, sourceID)
                    sqlite3_bind_int64(st, 2, loadID)
                    sqlite3_bind_int64(st, 3, Int64(batch.lines[r]))
                    let row = r * width * 2
                    for c in 0..<width {
                        let len = slots[row + c * 2 + 1]
                        if len < 0 {
                            sqlite3_bind_null(st, Int32(c + 4))
                        } else {
                            sqlite3_bind_text(st, Int32(c + 4), base + Int(slots[row + c * 2]), len, RecordWriter.staticText)
                        }
                    }
                    let rc = sqlite3_step(st)
                    sqlite3_reset(st)
                    guard rc == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite))) }
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
