import Foundation
import GRDB
import GRDBSQLite

/// Reads query results straight from SQLite, without a `Row` or a `String` per value: feature
/// extraction reads a few million rows, and that cost is most of it at borough scale.
struct RawRows {
    /// Runs `sql` inside the caller's transaction and calls `body` for every row.
    static func each(_ db: Database, _ sql: String, _ arguments: [Int64] = [], texts: [String] = [], _ body: (RawRow) throws -> Void) throws {
        guard let connection = db.sqliteConnection else { return }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        defer { sqlite3_finalize(stmt) }
        var index: Int32 = 1
        for a in arguments { sqlite3_bind_int64(stmt, index, a); index += 1 }
        for t in texts { _ = sqlite3_bind_text(stmt, index, t, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)); index += 1 }
        while true {
            let step = sqlite3_step(stmt)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
            try body(RawRow(stmt: stmt))
        }
    }
}

/// One result row, read column by column.
struct RawRow {
    let stmt: OpaquePointer

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(stmt, i) == SQLITE_NULL }

    func int64(_ i: Int32) -> Int64? { isNull(i) ? nil : sqlite3_column_int64(stmt, i) }

    func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(stmt, i)) }

    /// The column's UTF-8 bytes (empty for NULL), valid until the next step.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(stmt, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, i)))
    }

    func string(_ i: Int32) -> String? {
        isNull(i) ? nil : String(decoding: bytes(i), as: UTF8.self)
    }

    /// An ISO date (`yyyy-MM-dd…`) as a sortable integer yyyymmdd, nil when absent or malformed.
    func date(_ i: Int32) -> Int32? {
        let b = bytes(i)
        guard b.count >= 10, b[4] == 45, b[7] == 45 else { return nil }
        var v: Int32 = 0
        for k in [0, 1, 2, 3, 5, 6, 8, 9] {
            let d = b[k]
            guard d >= 48 && d <= 57 else { return nil }
            v = v * 10 + Int32(d - 48)
        }
        return v
    }

    /// Whether the column equals an ASCII literal.
    func equals(_ i: Int32, _ literal: StaticString) -> Bool {
        let b = bytes(i)
        guard b.count == literal.utf8CodeUnitCount else { return false }
        guard let base = b.baseAddress else { return b.count == 0 }
        return memcmp(base, literal.utf8Start, b.count) == 0
    }

    /// Whether the column contains an ASCII literal.
    func contains(_ i: Int32, _ literal: StaticString) -> Bool {
        let b = bytes(i)
        let m = literal.utf8CodeUnitCount
        guard b.count >= m, m > 0, let base = b.baseAddress else { return m == 0 }
        let needle = literal.utf8Start
        var k = 0
        while k + m <= b.count {
            if base[k] == needle[0] && memcmp(base + k, needle, m) == 0 { return true }
            k += 1
        }
        return false
    }

    /// A 64-bit FNV-1a hash of the column with ASCII letters folded to lower case.
    func foldedHash(_ i: Int32) -> UInt64? {
        guard !isNull(i) else { return nil }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for var c in bytes(i) {
            if c >= 65 && c <= 90 { c += 32 }
            h = (h ^ UInt64(c)) &* 0x100_0000_01b3
        }
        return h
    }
}

extension Int32 {
    /// yyyymmdd for a civil date's components.
    static func ymd(_ y: Int, _ m: Int, _ d: Int) -> Int32 { Int32(y * 10000 + m * 100 + d) }
}
