import Foundation
import GRDB

/// The access log: every search, view, export and change, hash-chained.
public enum AuditLog {
    /// What was done.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case search, view, export, change, rights
    }

    /// Who is acting, and why. Screens and commands pass one of these with every read of
    /// personal data.
    public struct Actor: Sendable, Codable, Equatable {
        public var user: String
        public var role: String?
        public var purpose: String?
        /// The dashboard screen or the command ("person", "cli:person").
        public var screen: String

        public init(user: String, role: String? = nil, purpose: String? = nil, screen: String) {
            self.user = user
            self.role = role
            self.purpose = purpose
            self.screen = screen
        }

        /// The operating-system account running this process.
        public static func current(screen: String) -> Actor {
            Actor(user: CurrentUser.name, screen: screen)
        }
    }

    /// One entry, as read back.
    public struct Entry: Sendable, Codable, Equatable, FetchableRecord {
        public var id: Int64
        public var at: String
        public var user: String
        public var role: String?
        public var purpose: String?
        public var action: String
        public var screen: String
        public var subjectType: String?
        public var subjectID: String?
        public var detail: String?

        public init(row: Row) {
            id = row["id"]; at = row["at"]; user = row["user"]; role = row["role"]; purpose = row["purpose"]
            action = row["action"]; screen = row["screen"]; subjectType = row["subject_type"]; subjectID = row["subject_id"]
            detail = row["detail"]
        }
    }

    static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry: the previous hash and every field, in a fixed layout.
    static func hash(prev: String, id: Int64, at: String, user: String, role: String?, purpose: String?, action: String,
                     screen: String, subjectType: String?, subjectID: String?, detailDigest: String) -> String {
        var h = SHA256Hasher()
        for part in [prev, String(id), at, user, role ?? "", purpose ?? "", action, screen, subjectType ?? "", subjectID ?? "", detailDigest] {
            h.update(String(part.utf8.count))
            h.update(":")
            h.update(part)
        }
        return h.hexDigest()
    }

    /// Now, as the log writes times (ISO 8601, UTC, milliseconds).
    /// Written by hand from the system clock: Foundation's ISO8601DateFormatter costs tens of
    /// microseconds a call on Linux, which every audited view would pay.
    public static let timestamp: @Sendable () -> String = {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "." + pad(Int32(tv.tv_usec / 1000), 3) + "Z"
    }

    /// Appends an entry inside the caller's transaction.
    @discardableResult
    public static func append(_ db: Database, actor: Actor, action: Action, subjectType: String? = nil, subjectID: String? = nil, detail: String? = nil) throws -> Int64 {
        try appendMany(db, [NewEntry(actor: actor, action: action, subjectType: subjectType, subjectID: subjectID, detail: detail)])
    }

    /// One entry to append with ``appendMany(_:_:)``.
    public struct NewEntry: Sendable {
        public var actor: Actor, action: Action, subjectType: String?, subjectID: String?, detail: String?
        public init(actor: Actor, action: Action, subjectType: String? = nil, subjectID: String? = nil, detail: String? = nil) {
            self.actor = actor; self.action = action; self.subjectType = subjectType; self.subjectID = subjectID; self.detail = detail
        }
    }

    /// Appends entries inside the caller's transaction, each chained to the one before: the
    /// previous hash is read once and one statement reused (``append`` is the one-entry case).
    /// Returns the last entry's id (0 when there were none).
    @discardableResult
    public static func appendMany(_ db: Database, _ entries: [NewEntry]) throws -> Int64 {
        guard !entries.isEmpty else { return 0 }
        let prev = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        var id: Int64 = prev?["id"] as Int64? ?? 0
        var prevHash: String = prev?["hash"] ?? genesis
        let statement = try db.cachedStatement(sql: "INSERT INTO audit_log(id, at, user, role, purpose, action, screen, subject_type, subject_id, detail, detail_sha256, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for e in entries {
            id += 1
            let at = timestamp()
            let digest = SHA256Hasher.hex(of: e.detail ?? "")
            let h = hash(prev: prevHash, id: id, at: at, user: e.actor.user, role: e.actor.role, purpose: e.actor.purpose, action: e.action.rawValue,
                         screen: e.actor.screen, subjectType: e.subjectType, subjectID: e.subjectID, detailDigest: digest)
            try statement.execute(arguments: [id, at, e.actor.user, e.actor.role, e.actor.purpose, e.action.rawValue, e.actor.screen,
                                              e.subjectType, e.subjectID, e.detail, digest, prevHash, h])
            prevHash = h
        }
        return id
    }

    /// Appends an entry in its own write transaction.
    @discardableResult
    public static func record(_ warehouse: Warehouse, actor: Actor, action: Action, subjectType: String? = nil, subjectID: String? = nil, detail: String? = nil) throws -> Int64 {
        try warehouse.pool.write { db in try append(db, actor: actor, action: action, subjectType: subjectType, subjectID: subjectID, detail: detail) }
    }

    /// Entries about one subject (who looked at this record), newest first.
    public static func entries(_ db: Database, subjectType: String, subjectID: String, limit: Int = 100) throws -> [Entry] {
        try Entry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id DESC LIMIT ?",
                           arguments: [subjectType, subjectID, limit])
    }
}
