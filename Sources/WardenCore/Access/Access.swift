import Foundation
import GRDB

/// A Warden user: an operating-system account mapped to a role and a team.
public struct WardenUser: Sendable, Codable, Equatable {
    public var account: String
    public var name: String?
    public var role: String
    public var team: String?
    public var addedAt: String
    public var addedBy: String
}

/// What one officer may do, and why they are doing it: resolved once per session from their
/// account, the warehouse's users and its policy, and passed to every read of personal data.
/// The core's queries enforce it, so the dashboard, the command line and `--json` all obey.
public final class Access: @unchecked Sendable {
    public let account: String
    public let user: WardenUser?
    public let role: Policy.Role?
    public let policy: Policy
    private let lock = NSLock()
    private var _purpose: String?
    private var _caseReference: String?

    public init(account: String, user: WardenUser?, policy: Policy) {
        self.account = account
        self.user = user
        self.policy = policy
        self.role = user.flatMap { policy.roles[$0.role] }
    }

    /// The access of `account` (default: the operating-system account running Warden).
    public static func resolve(_ warehouse: Warehouse, account: String = CurrentUser.name) throws -> Access {
        try warehouse.pool.read { db in
            let policy = try Access.policy(db)
            let user = try Row.fetchOne(db, sql: "SELECT * FROM warden_user WHERE account = ?", arguments: [account]).map {
                WardenUser(account: $0["account"], name: $0["name"], role: $0["role"], team: $0["team"], addedAt: $0["added_at"], addedBy: $0["added_by"])
            }
            return Access(account: account, user: user, policy: policy)
        }
    }

    /// The warehouse's active policy (the default until one is loaded).
    static func policy(_ db: Database) throws -> Policy {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'policy'") else { return .default }
        return try Policy.parse(text: text, path: "the warehouse's policy")
    }

    public var isUser: Bool { role != nil }
    public var isAdmin: Bool { role?.admin ?? false }
    public var roleName: String? { role?.name }

    /// Whether the role may see a group of personal data.
    public func canSee(_ group: Policy.FieldGroup) -> Bool { role?.fieldGroups.contains(group) ?? false }

    /// Whether the role may open a dashboard screen.
    public func canUse(screen: String) -> Bool { role?.screens.contains(screen) ?? (screen == "home") }

    /// Throws a clear refusal unless the role may run `command`.
    public func require(command: String) throws {
        guard let role else { throw notAUser }
        guard role.commands.contains(command) else {
            throw UserFacingError(field: "warden \(command)", problem: "your role (\(role.label)) may not use this command under the access policy",
                                  remedy: "ask a data protection officer if your work needs it")
        }
    }

    /// Throws unless the role may see `group`.
    public func require(_ group: Policy.FieldGroup, for what: String) throws {
        guard let role else { throw notAUser }
        guard canSee(group) else {
            throw UserFacingError(field: what, problem: "your role (\(role.label)) may not see \(group.meaning) under the access policy",
                                  remedy: "ask a data protection officer if your work needs it")
        }
    }

    /// The refusal an account that is not a Warden user gets.
    public var notAUser: UserFacingError {
        UserFacingError(field: account, problem: "this account is not a Warden user, so it sees no personal data",
                        remedy: "ask a data protection officer to add you: warden users add \(account) --role housing_officer (or another role)")
    }

    /// The purpose of the current piece of work, and its case reference.
    public var purpose: String? { lock.lock(); defer { lock.unlock() }; return _purpose }
    public var caseReference: String? { lock.lock(); defer { lock.unlock() }; return _caseReference }

    /// Sets the purpose (one of the policy's, matched case-insensitively, a unique prefix allowed).
    public func setPurpose(_ text: String, caseReference: String? = nil) throws {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let matches = policy.purposes.filter { $0.lowercased() == t } + policy.purposes.filter { $0.lowercased().hasPrefix(t) && $0.lowercased() != t }
        guard let chosen = matches.first, !t.isEmpty, matches.count == 1 || matches[0].lowercased() == t else {
            throw UserFacingError(field: "purpose", problem: t.isEmpty ? "no purpose given" : "\"\(text)\" is not one of the policy's purposes",
                                  remedy: "choose one of: " + policy.purposes.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        lock.lock(); _purpose = chosen; _caseReference = caseReference.flatMap { $0.isEmpty ? nil : $0 }; lock.unlock()
    }

    /// Throws unless a purpose has been given for this piece of work; `what` names what is being
    /// opened in the message.
    public func requirePurpose(for what: String = "opening a person's record") throws {
        guard purpose == nil else { return }
        throw UserFacingError(field: "purpose", problem: "\(what) needs a stated purpose",
                              remedy: "give --purpose with one of: " + policy.purposes.map { "\"\($0)\"" }.joined(separator: ", ")
                                + " (or set WARDEN_PURPOSE)")
    }

    /// The actor the access log records for this officer on `screen`.
    public func actor(screen: String) -> AuditLog.Actor {
        let p = purpose.map { p in caseReference.map { "\(p) (case \($0))" } ?? p }
        return AuditLog.Actor(user: account, role: role?.name, purpose: p, screen: screen)
    }
}

/// Managing Warden users. Only an admin may add or remove users, except that a warehouse with
/// no users makes the account that builds it its first admin.
public enum Users {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("v7-access") { db in
            try db.execute(sql: """
            CREATE TABLE warden_user (
                account    TEXT PRIMARY KEY NOT NULL,
                name       TEXT,
                role       TEXT NOT NULL,
                team       TEXT,
                added_at   TEXT NOT NULL,
                added_by   TEXT NOT NULL
            ) STRICT;

            -- Individuals' rights: a restricted record is hidden from everyone but admins.
            CREATE TABLE person_restriction (
                person_id      INTEGER PRIMARY KEY,
                restricted_at  TEXT NOT NULL,
                restricted_by  TEXT NOT NULL,
                reason         TEXT
            ) STRICT;

            -- A corrected value wins wherever the person is shown; the old one stays here.
            CREATE TABLE person_rectification (
                id          INTEGER PRIMARY KEY,
                person_id   INTEGER NOT NULL,
                field       TEXT NOT NULL,
                old_value   TEXT,
                new_value   TEXT NOT NULL,
                reason      TEXT NOT NULL,
                at          TEXT NOT NULL,
                by          TEXT NOT NULL
            ) STRICT;
            CREATE INDEX person_rectification_by_person ON person_rectification(person_id);

            -- Every export, and which people and properties it carried (the recipients to tell
            -- when a record is rectified or erased).
            CREATE TABLE export_log (
                id         INTEGER PRIMARY KEY,
                audit_id   INTEGER REFERENCES audit_log(id),
                at         TEXT NOT NULL,
                user       TEXT NOT NULL,
                kind       TEXT NOT NULL,
                file       TEXT NOT NULL,
                rows       INTEGER NOT NULL,
                recipient  TEXT
            ) STRICT;
            CREATE TABLE export_subject (
                export_id     INTEGER NOT NULL REFERENCES export_log(id),
                subject_type  TEXT NOT NULL,
                subject_id    TEXT NOT NULL,
                fields        TEXT,
                PRIMARY KEY (export_id, subject_type, subject_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX export_subject_by_subject ON export_subject(subject_type, subject_id);

            -- Erased people: their records are pseudonymised again if an extract brings them back.
            CREATE TABLE person_erasure (
                person_id  INTEGER PRIMARY KEY,
                pseudonym  TEXT NOT NULL,
                at         TEXT NOT NULL,
                by         TEXT NOT NULL
            ) STRICT;
            CREATE TABLE erased_record (
                record_key  INTEGER PRIMARY KEY,
                pseudonym   TEXT NOT NULL
            ) STRICT;
            """)
        }
    }

    public static func list(_ warehouse: Warehouse) throws -> [WardenUser] {
        try warehouse.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM warden_user ORDER BY role, account").map {
                WardenUser(account: $0["account"], name: $0["name"], role: $0["role"], team: $0["team"], addedAt: $0["added_at"], addedBy: $0["added_by"])
            }
        }
    }

    /// Adds (or changes) a user. `by` must be an admin.
    public static func add(_ account: String, role: String, team: String?, name: String?, by access: Access, warehouse: Warehouse) throws {
        guard access.isAdmin else {
            throw UserFacingError(field: "warden users add", problem: "only a data protection officer (admin) may add users", remedy: access.isUser ? "ask one" : access.notAUser.remedy)
        }
        guard access.policy.roles[role] != nil else {
            throw UserFacingError(field: "--role", problem: "unknown role \"\(role)\"",
                                  remedy: Suggest.hint(role, in: access.policy.roles.keys) ?? "roles: " + access.policy.roles.keys.sorted().joined(separator: ", "))
        }
        try warehouse.pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT role FROM warden_user WHERE account = ?", arguments: [account])
            try db.execute(sql: """
                INSERT INTO warden_user(account, name, role, team, added_at, added_by) VALUES (?,?,?,?,?,?)
                ON CONFLICT(account) DO UPDATE SET name = coalesce(excluded.name, name), role = excluded.role, team = coalesce(excluded.team, team)
                """, arguments: [account, name, role, team, AuditLog.timestamp(), access.account])
            try AuditLog.append(db, actor: access.actor(screen: "cli:users"), action: .change, subjectType: "user", subjectID: account,
                                detail: "{\"role\":{\"before\":\(RowBuffer.jsonString(before ?? "")),\"after\":\(RowBuffer.jsonString(role))}}")
        }
    }

    public static func remove(_ account: String, by access: Access, warehouse: Warehouse) throws {
        guard access.isAdmin else { throw UserFacingError(field: "warden users remove", problem: "only a data protection officer (admin) may remove users") }
        try warehouse.pool.write { db in
            guard let role = try String.fetchOne(db, sql: "SELECT role FROM warden_user WHERE account = ?", arguments: [account]) else {
                throw UserFacingError(field: account, problem: "not a Warden user")
            }
            let admins = try Int.fetchOne(db, sql: "SELECT count(*) FROM warden_user WHERE role IN (\(access.policy.roles.values.filter(\.admin).map { "'\($0.name)'" }.joined(separator: ",")))") ?? 0
            if access.policy.roles[role]?.admin == true && admins <= 1 {
                throw UserFacingError(field: account, problem: "is the last admin", remedy: "add another admin first, or nobody could manage users")
            }
            try db.execute(sql: "DELETE FROM warden_user WHERE account = ?", arguments: [account])
            try AuditLog.append(db, actor: access.actor(screen: "cli:users"), action: .change, subjectType: "user", subjectID: account,
                                detail: "{\"removed\":\(RowBuffer.jsonString(role))}")
        }
    }

    /// Makes `account` the first admin of a warehouse that has no users. Returns true if it did.
    @discardableResult
    public static func bootstrap(_ warehouse: Warehouse, account: String = CurrentUser.name) throws -> Bool {
        try warehouse.pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM warden_user") == 0 else { return false }
            let policy = try Access.policy(db)
            guard let admin = policy.roles.values.filter(\.admin).map(\.name).sorted().first else { return false }
            try db.execute(sql: "INSERT INTO warden_user(account, role, added_at, added_by) VALUES (?,?,?,?)",
                           arguments: [account, admin, AuditLog.timestamp(), "warden build (first user)"])
            try AuditLog.append(db, actor: AuditLog.Actor(user: account, role: admin, screen: "cli:build"), action: .change, subjectType: "user",
                                subjectID: account, detail: "{\"first_admin\":true}")
            return true
        }
    }

    /// Replaces the warehouse's policy with the file at `path` (admins only).
    public static func loadPolicy(file path: String, by access: Access, warehouse: Warehouse) throws {
        guard access.isAdmin else { throw UserFacingError(field: "warden policy load", problem: "only a data protection officer (admin) may change the policy") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UserFacingError(file: path, problem: "cannot read the policy file") }
        let policy = try Policy.parse(text: text, path: path)
        try warehouse.pool.write { db in
            // The loading admin must still be an admin under the new policy.
            if let role = access.user?.role, policy.roles[role]?.admin != true {
                throw UserFacingError(file: path, problem: "under this policy your own role (\(role)) would no longer be an admin", remedy: "keep an admin role for the data protection officer")
            }
            for r in try String.fetchAll(db, sql: "SELECT DISTINCT role FROM warden_user") where policy.roles[r] == nil {
                throw UserFacingError(file: path, problem: "users still hold role \"\(r)\", which this policy does not define", remedy: "keep the role, or move those users first")
            }
            try db.setMeta("policy", text)
            try AuditLog.append(db, actor: access.actor(screen: "cli:policy"), action: .change, subjectType: "policy", subjectID: nil,
                                detail: "{\"loaded\":\(RowBuffer.jsonString(path)),\"sha256\":\"\(SHA256Hasher.hex(of: text))\"}")
        }
    }
}
