import Foundation
import GRDB
import WardenCore

/// The dashboard's access to the warehouse: search, single views, and the figures home tiles
/// show. Every read of personal data writes an access-log row naming the officer and the screen.
///
/// Safe to use from any thread: screens call it inside ``ScreenAction/load(id:label:work:)``,
/// which runs off the terminal thread.
public final class DashboardData: Sendable {
    /// The warehouse read.
    public let warehouse: Warehouse
    /// What this officer may do and their purpose: every query below obeys it.
    public let access: Access
    /// The officer using the dashboard (the OS account unless told otherwise), as the access log records them.
    public var user: String { access.account }
    private let searchService: SearchService
    /// Notes being written on cases, kept for this dashboard session: a draft survives leaving
    /// the case and is there again when it is opened.
    public let noteDrafts = NoteDrafts()

    /// Queries over `warehouse` on behalf of `user` (default: the operating-system account),
    /// with that account's role under the warehouse's access policy.
    public convenience init(warehouse: Warehouse, user: String? = nil) throws {
        self.init(warehouse: warehouse, access: try Access.resolve(warehouse, account: user ?? CurrentUser.name))
    }

    public init(warehouse: Warehouse, access: Access) {
        self.warehouse = warehouse
        self.access = access
        self.searchService = SearchService(warehouse: warehouse)
    }

    /// Who is acting, from which dashboard screen (with their role and purpose).
    public func actor(screen: String) -> AuditLog.Actor {
        access.actor(screen: screen)
    }

    /// People and properties matching `text`, as this officer may see them (not audited here: see
    /// ``recordSearch(_:people:properties:)``, called once per settled query, not per keystroke).
    public func search(_ text: String, limit: Int = 50) throws -> SearchService.Results {
        if access.isUser, let r = screenRefusal("search", what: "search for people and properties") { throw LoadFailure(message: r) }
        return try searchService.search(text, access: access, limit: limit)
    }

    /// The refusal for a role that may not open `screen` under the access policy (the same rule
    /// the command line applies to its commands), or nil when it may.
    public func screenRefusal(_ screen: String, what: String) -> String? {
        guard access.isUser else { return "This account (\(access.account)) is not a Warden user, so it sees no data: ask a data protection officer to add you." }
        guard access.canUse(screen: screen) else {
            return "Your role (\(access.role?.label ?? "none")) may not \(what) under the access policy: ask a data protection officer if your work needs it."
        }
        return nil
    }

    /// Writes the access-log row for a search the officer settled on.
    public func recordSearch(_ query: String, people: Int?, properties: Int?) throws {
        struct Detail: Encodable { var query: String; var people: Int?; var properties: Int? }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detail = String(decoding: try enc.encode(Detail(query: query, people: people, properties: properties)), as: UTF8.self)
        try AuditLog.record(warehouse, actor: actor(screen: "dashboard:search"), action: .search, detail: detail)
    }

    /// A person's single view (following merge redirects); writes the access-log row.
    public func person(_ id: Int64) throws -> PersonView? {
        if access.isUser, let r = screenRefusal("person", what: "open a person's record") { throw LoadFailure(message: r) }
        return try SingleView(warehouse: warehouse).person(id, access: access, screen: "dashboard:person")
    }

    /// A property's single view; writes the access-log row.
    public func property(_ uprn: Int64) throws -> PropertyView? {
        if access.isUser, let r = screenRefusal("property", what: "open a property's record") { throw LoadFailure(message: r) }
        return try SingleView(warehouse: warehouse).property(uprn, access: access, screen: "dashboard:property")
    }

    /// Whether a person (or an id merged into one), a property or a case with this id exists:
    /// an id typed in the palette is checked before the officer is asked for a purpose. Says
    /// nothing about the record itself, so it is not audited.
    public func exists(_ kind: RecordKind, _ id: Int64) -> Bool {
        let sql: String
        switch kind {
        case .person: sql = "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?1) OR EXISTS (SELECT 1 FROM person_redirect WHERE old_id = ?1)"
        case .property: sql = "SELECT EXISTS (SELECT 1 FROM property WHERE uprn = ?1)"
        case .fraudCase: sql = "SELECT EXISTS (SELECT 1 FROM fraud_case WHERE id = ?1)"
        }
        return (try? warehouse.pool.read { db in try Bool.fetchOne(db, sql: sql, arguments: [id]) ?? false }) ?? true
    }

    /// The kinds of record an id typed in the palette can name.
    public enum RecordKind: Sendable { case person, property, fraudCase }

    /// What the warehouse holds, for the top bar and home tiles.
    public func overview() throws -> WarehouseOverview {
        try warehouse.pool.read { db in try WarehouseOverview.fetch(db) }
    }

    /// The records this officer opened most recently, newest first, one entry per record.
    public func recentViews(limit: Int = 8) throws -> [RecentView] {
        // Only what this officer may open now: a role changed since, or a person restricted
        // since, leaves no name on the home screen.
        let people = access.isAdmin || (access.canUse(screen: "person") && access.canSee(.identity))
        let properties = access.isAdmin || access.canUse(screen: "property")
        return try warehouse.pool.read { db in
            try RecentView.fetch(db, user: user, limit: limit).filter { r in
                switch r.kind {
                case .person:
                    return people && (access.isAdmin || (try? Int.fetchOne(db, sql: "SELECT 1 FROM person_restriction WHERE person_id = ?", arguments: [r.id])) == nil)
                case .property:
                    return properties
                }
            }
        }
    }
}

/// Unsaved notes by case number, shared by every screen of one dashboard.
public final class NoteDrafts: @unchecked Sendable {
    private let lock = NSLock()
    private var drafts: [Int64: String] = [:]

    public init() {}

    /// The draft kept for a case, if any.
    public func draft(_ caseID: Int64) -> String? { lock.withLock { drafts[caseID] } }

    /// Keeps `text` as the case's draft; empty text (or nil) forgets it.
    public func keep(_ text: String?, for caseID: Int64) {
        lock.withLock { drafts[caseID] = (text?.isEmpty ?? true) ? nil : text }
    }
}
