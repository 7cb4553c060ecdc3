import Foundation
import GRDB
import WardenLinkage

/// The data-sources panel's figures: every loaded source with rows, rejects by reason, last load,
/// freshness, match rates, records lost at the merge, and a trend across its loads.
public struct SourcesReport: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var loadedAt: String
        public var rows: Int
        public var rejected: Int
        public var uprnRate: Double?
        public var personRate: Double?
        public var unmatched: Int?
    }
    public struct Source: Sendable, Codable, Equatable {
        public var name: String
        public var title: String
        public var system: String
        public var kind: String
        public var rows: Int
        public var rejected: Int
        public var fieldIssues: Int
        public var rejectReasons: [ReasonCount]
        /// Fields that failed validation (the row loaded without them) or were repaired, by
        /// field and reason, most first (what `warden quality` prints).
        public var issueReasons: [ReasonCount]
        public var lastLoad: String
        /// Days since the last load.
        public var daysSinceLoad: Int
        /// The date the current extract describes, and its age in days: how stale the data is,
        /// whenever it was loaded (nil for a load made before Warden recorded extract dates).
        public var extractDate: String? = nil
        public var extractAge: Int? = nil
        /// The age that says how stale the source is: the extract's, else the load's.
        public var age: Int { extractAge ?? daysSinceLoad }
        public var uprnRate: Double?
        public var personRate: Double?
        /// Address-bearing records that found no UPRN: lost at the merge.
        public var lostAtMerge: Int?
        public var lostShare: Double?
        public var trend: [Point]
    }
    public var borough: String
    public var asOf: String
    public var today: String
    public var sources: [Source]
    /// Linked by an older linkage engine than this Warden's (see `Linkage.engineVersion`).
    public var linksOutOfDate = false

    public static func compute(_ warehouse: Warehouse, today: CivilDate = .today) throws -> SourcesReport {
        let q = try QualityReport.compute(warehouse)
        return try warehouse.pool.read { db in
            var out: [Source] = []
            for s in q.sources {
                let history = try Row.fetchAll(db, sql: """
                    SELECT l.finished_at, l.rows_loaded, l.rows_rejected, h.uprn_rate, h.person_rate, h.unmatched
                    FROM load l JOIN source src ON src.id = l.source_id LEFT JOIN source_quality_history h ON h.load_id = l.id
                    WHERE src.name = ? ORDER BY l.finished_at, l.id
                    """, arguments: [s.name]).map {
                    Point(loadedAt: $0["finished_at"], rows: $0["rows_loaded"], rejected: $0["rows_rejected"], uprnRate: $0["uprn_rate"],
                          personRate: $0["person_rate"], unmatched: $0["unmatched"])
                }
                let loadedDay = CivilDate(iso: String(s.lastLoad.prefix(10))) ?? today
                let extractDay = s.extractDate.flatMap(CivilDate.init(iso:))
                out.append(Source(name: s.name, title: s.title, system: s.system, kind: s.kind, rows: s.rowsLoaded, rejected: s.rowsRejected,
                                  fieldIssues: s.fieldIssues, rejectReasons: s.rejectReasons, issueReasons: s.issueReasons, lastLoad: s.lastLoad, daysSinceLoad: loadedDay.days(to: today),
                                  extractDate: s.extractDate, extractAge: extractDay.map { max(0, $0.days(to: today)) },
                                  uprnRate: s.uprnMatchRate, personRate: s.personMatchRate, lostAtMerge: s.unmatchedAddresses,
                                  lostShare: s.uprnMatchRate.map { 1 - $0 }, trend: history))
            }
            return SourcesReport(borough: q.borough, asOf: q.asOf, today: today.iso, sources: out, linksOutOfDate: q.linksOutOfDate)
        }
    }
}
