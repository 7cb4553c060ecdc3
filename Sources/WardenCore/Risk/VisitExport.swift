import Foundation
import GRDB
import WardenLinkage

/// The prioritised visit list of a ward, as CSV for the officers who go out.
public enum VisitExport {
    /// What an export wrote.
    public struct Summary: Sendable, Codable, Equatable {
        public var file: String
        public var ward: String
        public var rows: Int
        public var recipient: String
        public var modelVersion: Int?
        public var auditID: Int64
        /// Dwellings the filter chose but an inspection in the last `revisitDays` days left out.
        public var leftOutInspected: Int = 0
    }

    /// Days after an inspection during which a dwelling is left off the visit list: it has just
    /// been seen, whatever the score (which changes only at the next training) still says.
    public static let revisitDays = 180

    /// The CSV columns, in order.
    public static let header = ["priority", "uprn", "address", "postcode", "score", "band", "why", "tenure", "licence_status",
                                "last_inspected", "last_outcome", "model_version"]

    /// Writes the ward's properties (by default: those without a current HMO licence) ranked by
    /// risk to `path`, and records the export in the access log (file, rows, recipient).
    public static func write(_ warehouse: Warehouse, ward: String, filter: WardFilter = .unlicensed, limit: Int? = nil,
                             to path: String, recipient: String, today: CivilDate? = nil, actor: AuditLog.Actor) throws -> Summary {
        try warehouse.pool.write { db in
            try write(db, ward: ward, filter: filter, limit: limit, to: path, recipient: recipient, today: today, actor: actor)
        }
    }

    /// The same, inside the caller's transaction.
    /// `today` (default: the clock) dates the six months an inspection keeps a dwelling off the list.
    public static func write(_ db: Database, ward: String, filter: WardFilter = .unlicensed, limit: Int? = nil,
                             to path: String, recipient: String, today: CivilDate? = nil, actor: AuditLog.Actor) throws -> Summary {
        let w = try RiskQueries.resolveWard(db, name: ward)
        if let s = try RiskQueries.status(db) {
            throw UserFacingError(field: "visit list", problem: s, remedy: nil)
        }
        var lines = [header.joined(separator: ",")]
        let today = today ?? .today
        var leftOut = 0
        var after: Int? = nil
        var written = 0
        var version: Int?
        let cap = limit ?? Int.max
        repeat {
            let page = try RiskQueries.ward(db, name: w.name, filter: filter, after: after, limit: min(1000, cap - written))
            for r in page.rows {
                // (not when the officer asked for inspected dwellings, and not after a visit that
                // could not get in: that says nothing about the property)
                if filter.inspected == nil, r.lastOutcome != InspectionOutcome.noAccess.label,
                   let last = r.lastInspected, let seen = CivilDate(iso: last), seen.dayNumber > today.dayNumber - Int32(revisitDays) {
                    leftOut += 1
                    continue
                }
                written += 1
                version = r.modelVersion
                let why = r.topFactors.map(\.text).joined(separator: "; ")
                lines.append([String(written), String(format: "%012lld", r.uprn), r.address, r.postcode ?? "", String(r.score), r.band.rawValue, why,
                              r.tenure ?? "", r.licenceStatus, r.lastInspected ?? "", r.lastOutcome ?? "", String(r.modelVersion)]
                    .map(csvField).joined(separator: ","))
            }
            after = page.nextCursor
        } while after != nil && written < cap
        let detail = "{\"file\":\(Inspections.jsonString(path)),\"rows\":\(written),\"recipient\":\(Inspections.jsonString(recipient)),"
            + "\"ward\":\(Inspections.jsonString(w.name)),\"model_version\":\(version.map(String.init) ?? "null"),\"kind\":\"hmo_visit_list\"}"
        // Audited first: if the file cannot be written, the transaction (and the entry) rolls back,
        // so no export ever goes unrecorded.
        let id = try AuditLog.append(db, actor: actor, action: .export, subjectType: "ward", subjectID: w.name, detail: detail)
        let data = Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
        try OutputFile.write(data, to: path)
        return Summary(file: path, ward: w.name, rows: written, recipient: recipient, modelVersion: version, auditID: id, leftOutInspected: leftOut)
    }

    /// A CSV field, quoted when needed; text that a spreadsheet would run as a formula is
    /// prefixed with an apostrophe.
    static func csvField(_ s: String) -> String {
        var v = TextSafety.sanitise(s)
        if let f = v.first, "=+-@".contains(f) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
