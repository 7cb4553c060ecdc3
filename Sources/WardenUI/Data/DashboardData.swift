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
        try searchService.search(text, access: access, limit: limit)
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
        try SingleView(warehouse: warehouse).person(id, access: access, screen: "dashboard:person")
    }

    /// A property's single view; writes the access-log row.
    public func property(_ uprn: Int64) throws -> PropertyView? {
        try SingleView(warehouse: warehouse).property(uprn, access: access, screen: "dashboard:property")
    }

    /// What the warehouse holds, for the top bar and home tiles.
    public func overview() throws -> WarehouseOverview {
        try warehouse.pool.read { db in try WarehouseOverview.fetch(db) }
    }

    /// The records this officer opened most recently, newest first, one entry per record.
    public func recentViews(limit: Int = 8) throws -> [RecentView] {
        try warehouse.pool.read { db in try RecentView.fetch(db, user: user, limit: limit) }
    }
}
