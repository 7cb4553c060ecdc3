import Foundation
import GRDB
import WardenCore
import TerminalKit
import WardenLinkage

// The HMO risk panels' reads and writes. Each goes through the core's queries (the same ones
// `warden wards`, `warden ward`, `warden risk`, `warden inspect` and `warden export visits` use)
// and obeys the access policy: a role without the screen is refused before anything is read.
extension DashboardData {
    /// The refusal for a role that may not open `screen`, or nil when it may.
    func riskRefusal(screen: String, what: String) -> String? {
        screenRefusal(screen, what: "open \(what)")
    }

    /// The refusal for a role that may not see risk scores, or nil.
    var riskScoresRefusal: String? {
        guard !access.canSee(.risk) else { return nil }
        return "Your role (\(access.role?.label ?? "none")) may not see \(Policy.FieldGroup.risk.meaning) under the access policy."
    }

    /// The wards overview, sorted on `sort` (figures per ward, not personal data: not audited).
    public func wardsOverview(sort: WardColumn, descending: Bool) throws -> WardsOverview {
        if let r = riskRefusal(screen: "wards", what: "the wards overview") { throw LoadFailure(message: r) }
        return try warehouse.pool.read { db in try RiskQueries.wards(db, sort: sort, descending: descending) }
    }

    /// The ward named `text`: its exact name in any case, else the one ward whose name starts
    /// with it. Throws a message naming the candidates otherwise.
    public func resolveWard(_ text: String) throws -> String {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        let names = try warehouse.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM ward ORDER BY name") }
        guard !wanted.isEmpty else { throw LoadFailure(message: "Which ward? Wards: " + names.joined(separator: ", ")) }
        if let exact = names.first(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) { return exact }
        let fold = { (s: String) in s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let matches = names.filter { fold($0).hasPrefix(fold(wanted)) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw LoadFailure(message: "No ward is called \u{201C}\(wanted)\u{201D}. Wards: " + names.joined(separator: ", "))
        }
        throw LoadFailure(message: "\u{201C}\(wanted)\u{201D} could be " + matches.joined(separator: " or ") + ": type more of the name")
    }

    /// A page of a ward's dwellings ranked by risk (the core's keyset paging). The first page of
    /// each view (no `after`) writes an access-log row, as `warden ward` does.
    public func wardPage(ward: String, filter: WardFilter, after: Int?, limit: Int) throws -> WardDrillDown {
        if let r = riskRefusal(screen: "ward", what: "a ward's properties") ?? riskScoresRefusal { throw LoadFailure(message: r) }
        let page = try warehouse.pool.read { db in try RiskQueries.ward(db, name: ward, filter: filter, after: after, limit: limit) }
        if after == nil {
            struct Detail: Encodable { var rows: Int; var matching: Int; var filter: WardFilter }
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let detail = String(decoding: try enc.encode(Detail(rows: page.rows.count, matching: page.matching, filter: filter)), as: UTF8.self)
            try AuditLog.record(warehouse, actor: actor(screen: "dashboard:ward"), action: .view, subjectType: "ward", subjectID: page.ward.name, detail: detail)
        }
        return page
    }

    /// Every scored dwelling of the ward with coordinates, for the map.
    public func wardMap(ward: String, filter: WardFilter = WardFilter()) throws -> WardMap {
        if let r = riskRefusal(screen: "ward", what: "a ward's properties") ?? riskScoresRefusal { throw LoadFailure(message: r) }
        return try warehouse.pool.read { db in try RiskQueries.mapPoints(db, ward: ward, filter: filter) }
    }

    /// A property's risk for the property view (nil when the UPRN is unknown), audited as a view
    /// of its risk. Refused unless the role may see risk scores.
    public func propertyRisk(_ uprn: Int64) throws -> PropertyRisk? {
        if let r = riskScoresRefusal { throw LoadFailure(message: r) }
        guard let risk = try warehouse.pool.read({ db in try RiskQueries.propertyRisk(db, uprn: uprn) }) else { return nil }
        try AuditLog.record(warehouse, actor: actor(screen: "dashboard:property"), action: .view, subjectType: "property",
                            subjectID: String(uprn), detail: "{\"view\":\"risk\"}")
        return risk
    }

    /// Whether this officer may record inspection outcomes and export visit lists.
    var mayRecordInspections: Bool { access.role?.commands.contains("inspect") ?? false }
    var mayExport: Bool { access.role?.commands.contains("export") ?? false }

    /// Records what an inspection found (the core writes the access-log row).
    public func recordInspection(uprn: Int64, outcome: InspectionOutcome, visitedOn: CivilDate? = nil) throws -> Inspections.Recorded {
        if let r = riskRefusal(screen: "ward", what: "a ward's properties") { throw LoadFailure(message: r) }
        guard mayRecordInspections else {
            throw LoadFailure(message: "Your role (\(access.role?.label ?? "none")) may not record inspection outcomes under the access policy.")
        }
        return try Inspections.record(warehouse, uprn: uprn, outcome: outcome, visitedOn: visitedOn, actor: actor(screen: "dashboard:ward"))
    }

    /// Writes a ward's prioritised visit list as CSV (the core records the export in the access log).
    public func exportVisits(ward: String, filter: WardFilter, to path: String, today: CalendarDay? = nil) throws -> VisitExport.Summary {
        if let r = riskRefusal(screen: "ward", what: "a ward's properties") ?? riskScoresRefusal { throw LoadFailure(message: r) }
        guard mayExport else {
            throw LoadFailure(message: "Your role (\(access.role?.label ?? "none")) may not export lists under the access policy.")
        }
        return try VisitExport.write(warehouse, ward: ward, filter: filter, to: path, recipient: user,
                                     today: today.flatMap { CivilDate(year: $0.year, month: $0.month, day: $0.day) }, actor: actor(screen: "dashboard:ward"))
    }

    /// The default file name of a ward's visit list, as `warden export visits` names it.
    public static func visitFileName(ward: String) -> String {
        "visits-" + ward.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined() + ".csv"
    }
}
