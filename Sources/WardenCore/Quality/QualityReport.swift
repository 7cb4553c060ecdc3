import Foundation
import GRDB

/// The data quality of every loaded source: what was read, what loaded, what was rejected and
/// why, and how complete each mapped field is.
public struct QualityReport: Sendable, Codable {
    /// One field's completeness in a source.
    public struct Completeness: Sendable, Codable {
        public var field: String
        public var filled: Int
        public var share: Double
    }

    /// One source's figures.
    public struct Source: Sendable, Codable {
        public var name: String
        public var title: String
        public var system: String
        public var kind: String
        public var file: String
        public var lastLoad: String
        public var loadedBy: String
        public var rowsRead: Int
        public var rowsLoaded: Int
        public var rowsRejected: Int
        public var fieldIssues: Int
        public var rejectReasons: [ReasonCount]
        public var issueReasons: [ReasonCount]
        public var completeness: [Completeness]
        public var extraColumns: [String]
        /// Share of address-bearing records linked to a UPRN (or an event to its street), and of
        /// person records found in at least one other system (nil until linkage has run).
        public var uprnMatchRate: Double?
        public var personMatchRate: Double?
        public var unmatchedAddresses: Int?
        public var unmatchedReasons: [ReasonCount]?
        /// The date the current extract describes (nil for a load made before Warden recorded it).
        public var extractDate: String? = nil
    }

    public var borough: String
    public var asOf: String
    public var sources: [Source]
    /// The linkage engine version that last linked the warehouse (nil: never linked; 0: before
    /// versions were recorded), and this Warden's.
    public var linkedEngine: Int?
    public var currentEngine: Int
    /// Linked by an older engine than this Warden's: the links predate its improvements.
    public var linksOutOfDate: Bool

    /// Fields whose completeness is worth reporting, by source kind (in display order).
    static func keyFields(for kind: String) -> [String] {
        switch kind {
        case "gazetteer": return ["uprn", "street", "postcode", "ward", "easting", "northing", "property_class"]
        case "person": return ["given_name", "surname", "dob", "gender", "nino", "nhs_number", "mobile", "phone", "email", "address", "postcode", "uprn", "start_date", "end_date"]
        case "event": return ["event_date", "location", "address", "postcode", "uprn", "category", "outcome", "surname"]
        case "licence": return ["licence_number", "address", "postcode", "uprn", "surname", "start_date", "end_date", "status"]
        case "property": return ["address", "postcode", "uprn", "tenure", "bedrooms", "property_type"]
        case "business": return ["business_name", "address", "postcode", "uprn", "relief", "rateable_value"]
        default: return ["address", "postcode"]
        }
    }

    /// Computes the report from the warehouse.
    public static func compute(_ warehouse: Warehouse) throws -> QualityReport {
        try warehouse.pool.read { db in
            let borough = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'borough_name'") ?? "—"
            let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'") ?? "—"
            let loads = try Row.fetchAll(db, sql: """
                SELECT s.id AS sid, s.name, s.title, s.system, s.kind, s.definition, l.id AS lid, l.file_path, l.finished_at, l.loaded_by,
                       l.rows_read, l.rows_loaded, l.rows_rejected, l.field_issues, l.extra_columns, l.extract_date
                FROM source s JOIN load l ON l.source_id = s.id AND l.is_current = 1
                ORDER BY s.id
                """)
            let linked = try Int.fetchOne(db, sql: "SELECT count(*) FROM record_link") ?? 0
            var sources: [Source] = []
            for l in loads {
                let sid: Int64 = l["sid"], lid: Int64 = l["lid"], kind: String = l["kind"]
                let rejects = try Row.fetchAll(db, sql: "SELECT field, reason, count(*) AS n FROM rejected_row WHERE load_id = ? GROUP BY field, reason ORDER BY n DESC, reason", arguments: [lid])
                    .map { ReasonCount(field: $0["field"], reason: $0["reason"], count: $0["n"]) }
                let issues = try Row.fetchAll(db, sql: "SELECT field, reason, count(*) AS n FROM field_issue WHERE load_id = ? GROUP BY field, reason ORDER BY n DESC, reason", arguments: [lid])
                    .map { ReasonCount(field: $0["field"], reason: $0["reason"], count: $0["n"]) }
                // Completeness of the key fields this source actually maps.
                let definition = try? JSONDecoder().decode(SourceDefinition.self, from: Data((l["definition"] as String).utf8))
                var mapped = Set(definition?.columns.map(\.field.rawValue) ?? [])
                if mapped.contains("full_name") { mapped.formUnion(["given_name", "surname"]) }
                if mapped.contains("address_line") { mapped.insert("address") }
                if mapped.contains("phone") || mapped.contains("mobile") { mapped.formUnion(["phone", "mobile"]) }
                let fields = keyFields(for: kind).filter { mapped.contains($0) }
                var completeness: [Completeness] = []
                let loaded: Int = l["rows_loaded"]
                if !fields.isEmpty {
                    let sql = "SELECT " + fields.map { "count(\($0))" }.joined(separator: ", ") + " FROM source_record WHERE source_id = ?"
                    if let row = try Row.fetchOne(db, sql: sql, arguments: [sid]) {
                        for (i, f) in fields.enumerated() {
                            let n: Int = row[i]
                            completeness.append(Completeness(field: f, filled: n, share: loaded == 0 ? 0 : Double(n) / Double(loaded)))
                        }
                    }
                }
                var s = Source(name: l["name"], title: l["title"], system: l["system"], kind: kind, file: l["file_path"],
                               lastLoad: l["finished_at"], loadedBy: l["loaded_by"], rowsRead: l["rows_read"], rowsLoaded: loaded,
                               rowsRejected: l["rows_rejected"], fieldIssues: l["field_issues"], rejectReasons: rejects,
                               issueReasons: issues, completeness: completeness,
                               extraColumns: (l["extra_columns"] as String?)?.components(separatedBy: ", ") ?? [])
                s.extractDate = l["extract_date"]
                if linked > 0 && kind != "gazetteer" {
                    try LinkageQuality.fill(&s, sourceID: sid, db: db)
                }
                sources.append(s)
            }
            let engine = try Linkage.linkedEngine(db)
            return QualityReport(borough: borough, asOf: asOf, sources: sources, linkedEngine: engine, currentEngine: Linkage.engineVersion,
                                 linksOutOfDate: engine.map { $0 < Linkage.engineVersion } ?? false)
        }
    }
}

/// Linkage figures per source, from the snapshot taken at the last linkage.
enum LinkageQuality {
    static func fill(_ s: inout QualityReport.Source, sourceID: Int64, db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT h.uprn_rate, h.person_rate, h.unmatched FROM source_quality_history h
            JOIN load l ON l.id = h.load_id AND l.is_current = 1 WHERE h.source_id = ?
            """, arguments: [sourceID]) else { return }
        s.uprnMatchRate = row["uprn_rate"]
        s.personMatchRate = row["person_rate"]
        s.unmatchedAddresses = row["unmatched"]
        s.unmatchedReasons = try Row.fetchAll(db, sql: """
            SELECT coalesce(rl.uprn_method, rl.event_method, 'not attempted') AS reason, count(*) AS n
            FROM source_record r LEFT JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id = ? AND rl.uprn IS NULL AND rl.event_uprn IS NULL AND rl.event_usrn IS NULL
              AND (r.address IS NOT NULL OR r.location IS NOT NULL OR r.postcode IS NOT NULL OR r.uprn IS NOT NULL)
            GROUP BY reason ORDER BY n DESC
            """, arguments: [sourceID]).map { ReasonCount(field: nil, reason: $0["reason"], count: $0["n"]) }
    }
}
