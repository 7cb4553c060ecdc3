import Dispatch
import Foundation
import GRDB

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

    struct Entry {
        var id: Int64, at: String, user: String, role: String?, purpose: String?, action: String, screen: String
        var subjectType: String?, subjectID: String?, detail: String?, detailSHA: String, prevHash: String, hash: String
    }

    /// Verifies the whole log, reading in blocks and hashing on every core.
    public static func run(_ warehouse: Warehouse, maxProblems: Int = 50) throws -> Report {
        let started = Date()
        let redactedIDs = try warehouse.pool.read { db in Set(try Int64.fetchAll(db, sql: "SELECT entry_id FROM audit_redaction")) }
        var problems: [Problem] = []
        var count = 0
        var firstID: Int64?, lastID: Int64?
        var previous: (id: Int64, hash: String)?
        let block = 200_000
        var after: Int64 = 0
        while problems.count < maxProblems {
            let entries: [Entry] = try warehouse.pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, at, user, role, purpose, action, screen, subject_type, subject_id, detail, detail_sha256, prev_hash, hash
                    FROM audit_log WHERE id > ? ORDER BY id LIMIT ?
                    """, arguments: [after, block]).map {
                    Entry(id: $0["id"], at: $0["at"], user: $0["user"], role: $0["role"], purpose: $0["purpose"], action: $0["action"], screen: $0["screen"],
                          subjectType: $0["subject_type"], subjectID: $0["subject_id"], detail: $0["detail"], detailSHA: $0["detail_sha256"],
                          prevHash: $0["prev_hash"], hash: $0["hash"])
                }
            }
            if entries.isEmpty { break }
            firstID = firstID ?? entries[0].id
            lastID = entries.last!.id
            count += entries.count
            after = entries.last!.id
            // Each entry's own hash and digest are independent: check them on every core.
            let own = parallelMap(Array(entries.indices)) { i -> [Problem] in
                let e = entries[i]
                var out: [Problem] = []
                let expected = AuditLog.hash(prev: e.prevHash, id: e.id, at: e.at, user: e.user, role: e.role, purpose: e.purpose,
                                             action: e.action, screen: e.screen, subjectType: e.subjectType, subjectID: e.subjectID, detailDigest: e.detailSHA)
                if expected != e.hash {
                    out.append(Problem(id: e.id, kind: .edited, explanation: "its fields no longer match its hash: it was changed after it was written"))
                }
                if !redactedIDs.contains(e.id), SHA256Hasher.hex(of: e.detail ?? "") != e.detailSHA {
                    out.append(Problem(id: e.id, kind: .detailChanged, explanation: "its detail no longer matches the digest the chain covers"))
                }
                return out
            }
            // The links between entries, in order.
            for (i, e) in entries.enumerated() {
                if let p = previous {
                    if e.id != p.id + 1 && e.prevHash != p.hash {
                        problems.append(Problem(id: e.id, kind: .deleted, explanation: "entries \(p.id + 1)…\(e.id - 1) are missing: the chain jumps from \(p.id) to \(e.id)"))
                    } else if e.id != p.id + 1 {
                        problems.append(Problem(id: e.id, kind: .inserted, explanation: "its id follows \(p.id) with a gap yet links to it: written outside Warden"))
                    } else if e.prevHash != p.hash {
                        problems.append(Problem(id: e.id, kind: .inserted, explanation: "it does not link to entry \(p.id): an entry before it was replaced or inserted"))
                    }
                } else if e.id == 1 && e.prevHash != AuditLog.genesis {
                    problems.append(Problem(id: e.id, kind: .edited, explanation: "the first entry does not start the chain"))
                } else if e.id != 1 {
                    problems.append(Problem(id: e.id, kind: .deleted, explanation: "the log starts at \(e.id): entries 1…\(e.id - 1) are missing"))
                }
                problems.append(contentsOf: own[i])
                previous = (e.id, e.hash)
                if problems.count >= maxProblems { break }
            }
        }
        return Report(entries: count, firstID: firstID, lastID: lastID, problems: Array(problems.prefix(maxProblems)),
                      redacted: redactedIDs.count, seconds: Date().timeIntervalSince(started))
    }
}
