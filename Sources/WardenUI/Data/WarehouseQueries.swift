import Foundation
import GRDB
import WardenCore

// Queries the dashboard needs that WardenCore does not have yet. They only read, through
// `warehouse.pool.read`, and are candidates to move into the core (see docs/dashboard.md).

/// What the warehouse holds: the figures behind the top bar and the home tiles.
public struct WarehouseOverview: Sendable, Equatable {
    /// One source's current load.
    public struct SourceLoad: Sendable, Equatable {
        public var name: String
        public var title: String
        public var kind: String
        /// When the current extract finished loading (ISO 8601).
        public var finishedAt: String
        public var rowsLoaded: Int
        public var rowsRejected: Int
        public var fieldIssues: Int
    }

    public var borough: String?
    /// The date the extracts describe (`meta.as_of`, ISO).
    public var asOf: String?
    public var people: Int
    public var deceased: Int
    public var properties: Int
    public var wards: Int
    public var sourceRecords: Int
    /// Source records linked to a virtual person.
    public var linkedToPerson: Int
    /// Source records linked to a property (UPRN).
    public var linkedToProperty: Int
    public var sources: [SourceLoad]
    /// The counts behind the data-sources screen's match rates, summed over the current loads
    /// (taken at the last linkage; nil before one, or for a warehouse linked before they were kept).
    public var linkageCounts: LinkageCounts? = nil

    /// Records that name a person, and how many of them are found in another system too (the
    /// data-sources screen's "Person match"); records that give an address, and how many were
    /// placed at a UPRN or on a street ("UPRN match").
    public struct LinkageCounts: Sendable, Equatable {
        public var namedRecords: Int, foundElsewhere: Int, addressedRecords: Int, addressedPlaced: Int
    }

    /// The newest current load's finish time (ISO), or nil before any load.
    public var lastLoad: String? { sources.map(\.finishedAt).max() }
    /// The oldest current load's finish time: the stalest source.
    public var oldestLoad: String? { sources.map(\.finishedAt).min() }

    static func fetch(_ db: Database) throws -> WarehouseOverview {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        let sources = try Row.fetchAll(db, sql: """
            SELECT s.name, s.title, s.kind, l.finished_at, l.rows_loaded, l.rows_rejected, l.field_issues
            FROM source s JOIN load l ON l.source_id = s.id AND l.is_current = 1
            ORDER BY s.id
            """).map {
            SourceLoad(name: $0["name"], title: $0["title"], kind: $0["kind"], finishedAt: $0["finished_at"],
                       rowsLoaded: $0["rows_loaded"], rowsRejected: $0["rows_rejected"], fieldIssues: $0["field_issues"])
        }
        let linkage = try Row.fetchOne(db, sql: """
            SELECT sum(h.with_name) AS named, sum(h.found_elsewhere) AS elsewhere, sum(h.with_address) AS addressed, sum(h.with_uprn) AS placed
            FROM source_quality_history h JOIN load l ON l.id = h.load_id AND l.is_current = 1
            """).flatMap { r -> LinkageCounts? in
                guard let named: Int = r["named"], let elsewhere: Int = r["elsewhere"], let addressed: Int = r["addressed"], let placed: Int = r["placed"] else { return nil }
                return LinkageCounts(namedRecords: named, foundElsewhere: elsewhere, addressedRecords: addressed, addressedPlaced: placed)
            }
        return WarehouseOverview(
            borough: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'borough_name'"),
            asOf: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'"),
            people: try count("SELECT count(*) FROM person"),
            deceased: try count("SELECT count(*) FROM person WHERE date_of_death IS NOT NULL"),
            properties: try count("SELECT count(*) FROM property"),
            wards: try count("SELECT count(*) FROM ward"),
            sourceRecords: try count("SELECT count(*) FROM source_record"),
            // (scans of every link: only for a warehouse whose linkage kept no counts)
            linkedToPerson: linkage != nil ? 0 : try count("SELECT count(*) FROM record_link WHERE person_id IS NOT NULL"),
            linkedToProperty: linkage != nil ? 0 : try count("SELECT count(*) FROM record_link WHERE uprn IS NOT NULL"),
            sources: sources,
            linkageCounts: linkage)
    }
}

/// A record the officer opened recently, from the access log.
public struct RecentView: Sendable, Equatable {
    public enum Kind: String, Sendable { case person, property }
    public var kind: Kind
    public var id: Int64
    /// The person's name or the property's address now (the log holds only the id).
    public var label: String
    /// When it was last opened (ISO 8601).
    public var at: String

    static func fetch(_ db: Database, user: String, limit: Int) throws -> [RecentView] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT subject_type, subject_id, max(id) AS last, max(at) AS at FROM audit_log
            WHERE user = ? AND action = 'view' AND subject_type IN ('person', 'property')
            GROUP BY subject_type, subject_id ORDER BY last DESC LIMIT ?
            """, arguments: [user, limit])
        var out: [RecentView] = []
        for r in rows {
            guard let kind = Kind(rawValue: r["subject_type"]), let id = Int64(r["subject_id"] as String) else { continue }
            let label: String?
            switch kind {
            case .person:
                label = try Row.fetchOne(db, sql: "SELECT given_name, middle_names, surname FROM person WHERE id = ?", arguments: [id]).map {
                    [$0["given_name"] as String?, $0["middle_names"] as String?, $0["surname"] as String?].compactMap { $0 }.joined(separator: " ")
                }
            case .property:
                label = try String.fetchOne(db, sql: "SELECT address FROM property WHERE uprn = ?", arguments: [id])
            }
            guard let label else { continue } // merged away or no longer in the gazetteer
            out.append(RecentView(kind: kind, id: id, label: label, at: r["at"]))
        }
        return out
    }
}
