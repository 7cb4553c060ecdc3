import Dispatch
import Foundation
import GRDB
import GRDBSQLite

/// Checks the access log's hash chain and says exactly where it breaks.
///
/// Each entry's hash covers the previous entry's hash and every field (the detail through its
/// digest), so: an edited entry no longer matches its own hash; a deleted entry leaves a gap in
/// the ids and a `prev_hash` that points at nothing; an inserted entry either reuses an id
/// (impossible: the id is the primary key) or breaks the link of the entry after it.
public enum AuditVerify {
    /// One break in the chain.
    public struct Problem: Sendable, Codable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable, Codable { case edited, deleted, inserted, detailChanged = "detail changed" }
        public var id: Int64
        public var kind: Kind
        public var explanation: String
        public var description: String { "entry \(id): \(kind.rawValue) — \(explanation)" }
    }

    /// What a verification found.
    public struct Report: Sendable, Codable {
        public var entries: Int
        public var firstID: Int64?
        public var lastID: Int64?
        public var problems: [Problem]
        /// Entries whose detail was pseudonymised by an erasure (digest kept; allowed).
        public var redacted: Int
        public var seconds: Double
        public var intact: Bool { problems.isEmpty }
    }

    /// Verifies the whole log: the id range is cut into one slice per core, each read straight
    /// from SQLite's row bytes on its own connection and hashed as it is read (no strings are
    /// made for an intact entry); the slices' seams are then checked like any other link.
    public static func run(_ warehouse: Warehouse, maxProblems: Int = 50) throws -> Report {
        try run(warehouse, maxProblems: maxProblems, slices: nil)
    }

    /// `slices` fixes how many (tests check the seams with it).
    static func run(_ warehouse: Warehouse, maxProblems: Int, slices wanted: Int?) throws -> Report {
        let started = Date()
        let (redactedIDs, bounds) = try warehouse.pool.read { db -> (Set<Int64>, (Int64, Int64)?) in
            let redacted = Set(try Int64.fetchAll(db, sql: "SELECT entry_id FROM audit_redaction"))
            let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM audit_log")
            guard let lo = row?[0] as Int64?, let hi = row?[1] as Int64? else { return (redacted, nil) }
            return (redacted, (lo, hi))
        }
        guard let (lo, hi) = bounds else {
            return Report(entries: 0, firstID: nil, lastID: nil, problems: [], redacted: redactedIDs.count, seconds: Date().timeIntervalSince(started))
        }
        let slices = wanted ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, Int((hi - lo) / 50_000) + 1))
        let span = (hi - lo + 1 + Int64(slices) - 1) / Int64(slices)
        let results = SliceResults(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { k in
            let from = lo + Int64(k) * span, to = min(hi, from + span - 1)
            results.set(k, Result { try warehouse.pool.read { db in try verifySlice(db, from: from, to: to, redacted: redactedIDs, maxProblems: maxProblems) } })
        }
        var problems: [Problem] = []
        var count = 0
        var firstID: Int64?, lastID: Int64?
        var previous: (id: Int64, hash: String)?
        for k in 0..<slices {
            let r = try results.get(k)
            guard let first = r.first else { continue }
            firstID = firstID ?? first.id
            lastID = r.last?.id ?? lastID
            count += r.count
            // The link into this slice, as the slice could not see what came before it.
            problems += linkProblems(id: first.id, prevHash: first.prevHash, previous: previous)
            problems += r.problems
            if let last = r.last { previous = (last.id, last.hash) }
            if problems.count >= maxProblems { break }
        }
        return Report(entries: count, firstID: firstID, lastID: lastID, problems: Array(problems.prefix(maxProblems)),
                      redacted: redactedIDs.count, seconds: Date().timeIntervalSince(started))
    }

    /// What a slice found: its entries, its own problems (all but the link into its first
    /// entry), and its first and last entries for the seams.
    struct SliceResult: Sendable {
        var count = 0
        var problems: [Problem] = []
        var first: (id: Int64, prevHash: String)?
        var last: (id: Int64, hash: String)?
    }

    final class SliceResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<SliceResult, Error>?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: Result<SliceResult, Error>) { lock.lock(); results[k] = r; lock.unlock() }
        func get(_ k: Int) throws -> SliceResult { lock.lock(); defer { lock.unlock() }; return try results[k]!.get() }
    }

    /// How an entry fails to follow the one before it (nil previous: it is the first entry).
    static func linkProblems(id: Int64, prevHash: String, previous p: (id: Int64, hash: String)?) -> [Problem] {
        if let p {
            if id != p.id + 1 && prevHash != p.hash {
                return [Problem(id: id, kind: .deleted, explanation: "entries \(p.id + 1)…\(id - 1) are missing: the chain jumps from \(p.id) to \(id)")]
            } else if id != p.id + 1 {
                return [Problem(id: id, kind: .inserted, explanation: "its id follows \(p.id) with a gap yet links to it: written outside Warden")]
            } else if prevHash != p.hash {
                return [Problem(id: id, kind: .inserted, explanation: "it does not link to entry \(p.id): an entry before it was replaced or inserted")]
            }
            return []
        }
        if id == 1 && prevHash != AuditLog.genesis {
            return [Problem(id: id, kind: .edited, explanation: "the first entry does not start the chain")]
        } else if id != 1 {
            return [Problem(id: id, kind: .deleted, explanation: "the log starts at \(id): entries 1…\(id - 1) are missing")]
        }
        return []
    }

    /// Checks entries `from...to` in id order, from the row bytes: each entry's hash (the same
    /// layout as ``AuditLog/hash``: every part as "length:bytes"), its detail digest, and the
    /// links between consecutive entries.
    static func verifySlice(_ db: Database, from: Int64, to: Int64, redacted: Set<Int64>, maxProblems: Int) throws -> SliceResult {
        var out = SliceResult()
        var prevHash = [UInt8](repeating: 0, count: 64), prevHashLength = -1
        var prevID: Int64 = 0
        var expected = [UInt8](repeating: 0, count: 64)
        // One hasher for the entries' hashes and one for their details, each started again by
        // `finish`: a digest context an entry would cost more than the hashing itself.
        var h = SHA256Hasher(), d = SHA256Hasher()
        func text(_ s: OpaquePointer, _ i: Int32) -> String { Raw.text(s, i) ?? "" }
        func hexEquals(_ s: OpaquePointer, _ i: Int32, _ hex: [UInt8]) -> Bool {
            guard let p = sqlite3_column_text(s, i), sqlite3_column_bytes(s, i) == 64 else { return false }
            return hex.withUnsafeBufferPointer { memcmp($0.baseAddress!, p, 64) == 0 }
        }
        try Raw.each(db, """
            SELECT id, at, user, role, purpose, action, screen, subject_type, subject_id, detail, detail_sha256, prev_hash, hash
            FROM audit_log WHERE id BETWEEN \(from) AND \(to) ORDER BY id
            """) { s in
            guard out.problems.count < maxProblems else { return }
            let id = sqlite3_column_int64(s, 0)
            out.count += 1
            // The link to the entry before, within this slice.
            if out.first == nil {
                out.first = (id, text(s, 11))
            } else {
                let linked = prevHashLength == Int(sqlite3_column_bytes(s, 11)) && prevHash.withUnsafeBufferPointer { b in
                    sqlite3_column_text(s, 11).map { memcmp(b.baseAddress!, $0, prevHashLength) == 0 } ?? (prevHashLength == 0)
                }
                if id != prevID + 1 || !linked {
                    out.problems += linkProblems(id: id, prevHash: text(s, 11),
                                                 previous: (prevID, String(decoding: prevHash.prefix(max(0, prevHashLength)), as: UTF8.self)))
                }
            }
            // Its own hash, over every field in order.
            func part(_ p: UnsafeRawPointer?, _ n: Int) {
                var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &digits) { buf in
                    var v = n, k = 11
                    buf[k] = UInt8(ascii: ":")
                    repeat { k -= 1; buf[k] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 } while v > 0
                    h.update(UnsafeRawBufferPointer(rebasing: buf[k...]))
                }
                if let p, n > 0 { h.update(UnsafeRawBufferPointer(start: p, count: n)) }
            }
            func column(_ i: Int32) { part(sqlite3_column_text(s, i).map(UnsafeRawPointer.init), Int(sqlite3_column_bytes(s, i))) }
            column(11)
            var idText = String(id)
            idText.withUTF8 { part($0.baseAddress, $0.count) }
            for i: Int32 in [1, 2, 3, 4, 5, 6, 7, 8, 10] { column(i) }
            h.finish(hex: &expected)
            if !hexEquals(s, 12, expected) {
                out.problems.append(Problem(id: id, kind: .edited, explanation: "its fields no longer match its hash: it was changed after it was written"))
            }
            if !redacted.contains(id) {
                if let p = sqlite3_column_blob(s, 9) { d.update(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, 9)))) }
                d.finish(hex: &expected)
                if !hexEquals(s, 10, expected) {
                    out.problems.append(Problem(id: id, kind: .detailChanged, explanation: "its detail no longer matches the digest the chain covers"))
                }
            }
            prevID = id
            prevHashLength = min(64, Int(sqlite3_column_bytes(s, 12)))
            if let p = sqlite3_column_text(s, 12) { prevHash.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress!, p, prevHashLength) } } else { prevHashLength = 0 }
        }
        if out.count > 0 { out.last = (prevID, String(decoding: prevHash.prefix(max(0, prevHashLength)), as: UTF8.self)) }
        return out
    }
}
