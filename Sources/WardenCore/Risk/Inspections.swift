import Foundation
import GRDB
import WardenLinkage

/// What an inspection found.
public enum InspectionOutcome: String, CaseIterable, Sendable, Codable {
    case hmoFound = "hmo_found"
    case noHMO = "no_hmo"
    /// Hazards, but not an HMO.
    case hazardsFound = "hazards_found"
    /// Nobody let the officer in: says nothing about the property.
    case noAccess = "no_access"

    /// Reads the extract's words ("HMO found", "No HMO", ...) or the command line's ("hmo-found").
    public init?(text: String) {
        let t = text.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .trimmingCharacters(in: .whitespaces)
        switch t {
        case "hmo found", "hmo": self = .hmoFound
        case "no hmo", "not hmo", "not an hmo", "no hmo found": self = .noHMO
        case "hazards found", "hazards", "hazard found": self = .hazardsFound
        case "no access", "access refused": self = .noAccess
        default: return nil
        }
    }

    /// As officers write it.
    public var label: String {
        switch self {
        case .hmoFound: return "HMO found"
        case .noHMO: return "No HMO"
        case .hazardsFound: return "Hazards found (not an HMO)"
        case .noAccess: return "No access"
        }
    }

    /// True/false when the visit settled whether it is an HMO; nil for no access.
    public var foundHMO: Bool? {
        switch self {
        case .hmoFound: return true
        case .noHMO, .hazardsFound: return false
        case .noAccess: return nil
        }
    }

    /// The spellings `warden inspect --outcome` accepts.
    public static let commandLineValues = ["hmo-found", "no-hmo", "hazards-found", "no-access"]
}

/// One inspection of a property, from the extract or recorded by an officer.
public struct InspectionRecord: Sendable, Codable, Equatable {
    public var date: String
    public var outcome: InspectionOutcome?
    /// The outcome as written ("HMO found").
    public var outcomeText: String
    /// "inspection extract" or "recorded by OFFICER".
    public var source: String
    public var note: String?
}

/// Records inspection outcomes officers enter; they feed the next training.
public enum Inspections {
    /// What `record` did.
    public struct Recorded: Sendable, Codable, Equatable {
        public var id: Int64
        public var uprn: Int64
        public var address: String
        public var outcome: InspectionOutcome
        public var visitedOn: String
        public var officer: String
        /// Whether the property is a dwelling the model scores.
        public var scored: Bool
        /// What happens next, in words.
        public var message: String
    }

    /// Parses a visit date written `yyyy-MM-dd` or `dd/MM/yyyy`.
    public static func parseDate(_ text: String) -> CivilDate? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = CivilDate(iso: t) { return d }
        let p = t.split(separator: "/")
        if p.count == 3, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), p[2].count == 4 { return CivilDate(year: y, month: m, day: d) }
        return nil
    }

    /// Records an outcome for a UPRN in its own transaction, with an audit entry.
    public static func record(_ warehouse: Warehouse, uprn: Int64, outcome: InspectionOutcome, visitedOn: CivilDate? = nil,
                              officer: String? = nil, note: String? = nil, actor: AuditLog.Actor) throws -> Recorded {
        try warehouse.pool.write { db in
            try record(db, uprn: uprn, outcome: outcome, visitedOn: visitedOn, officer: officer, note: note, actor: actor)
        }
    }

    /// Records an outcome inside the caller's transaction.
    public static func record(_ db: Database, uprn: Int64, outcome: InspectionOutcome, visitedOn: CivilDate? = nil,
                              officer: String? = nil, note: String? = nil, actor: AuditLog.Actor) throws -> Recorded {
        guard let p = try Row.fetchOne(db, sql: "SELECT address, property_class FROM property WHERE uprn = ?", arguments: [uprn]) else {
            throw UserFacingError(field: "UPRN \(String(format: "%012lld", uprn))", problem: "no property with this UPRN in the gazetteer, so nothing was recorded",
                                  remedy: "check the number (leading zeros are optional), or find the property with `warden search ADDRESS`")
        }
        let today = CivilDate(iso: String(RiskTraining.isoNow().prefix(10)))!
        let date = visitedOn ?? today
        guard date <= today else {
            throw UserFacingError(field: "visit date \(date.iso)", problem: "is in the future, so nothing was recorded",
                                  remedy: "give the date of the visit with --date YYYY-MM-DD (or dd/mm/yyyy)")
        }
        let officerName = (officer?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? actor.user
        let cleanNote = note.map { TextSafety.sanitise($0) }
        let recordedAt = AuditLog.timestamp()
        try db.execute(sql: """
            INSERT INTO inspection_outcome(uprn, outcome, visited_on, officer, note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?)
            """, arguments: [uprn, outcome.rawValue, date.iso, officerName, cleanNote, recordedAt, actor.user])
        let id = db.lastInsertedRowID
        // The panels show the latest inspection at once; the score changes at the next training.
        try db.execute(sql: """
            UPDATE risk_score SET last_inspected = ?, last_outcome = ?
            WHERE uprn = ? AND (last_inspected IS NULL OR last_inspected <= ?)
            """, arguments: [date.iso, outcome.label, uprn, date.iso])
        let detail = "{\"outcome\":\"\(outcome.rawValue)\",\"visited_on\":\"\(date.iso)\",\"officer\":\(jsonString(officerName)),\"inspection_id\":\(id)}"
        try AuditLog.append(db, actor: actor, action: .change, subjectType: "property", subjectID: String(uprn), detail: detail)
        let scored = RiskFeatureExtractor.isDwelling(p["property_class"])
        let message = scored
            ? "It leaves the visit list for \(VisitExport.revisitDays / 30) months and feeds the model's next training (warden score), which rescores it."
            : "This property is not a dwelling, so the risk model does not use it."
        return Recorded(id: id, uprn: uprn, address: p["address"], outcome: outcome, visitedOn: date.iso, officer: officerName,
                        scored: scored, message: message)
    }

    /// Every inspection of one property, newest first.
    public static func history(_ db: Database, uprn: Int64) throws -> [InspectionRecord] {
        var out: [InspectionRecord] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT event_date, outcome FROM property_event WHERE event_type = 'inspection' AND uprn = ?
            """, arguments: [uprn]) {
            let text: String = r["outcome"] ?? "—"
            out.append(InspectionRecord(date: r["event_date"] ?? "", outcome: InspectionOutcome(text: text), outcomeText: text,
                                        source: "inspection extract", note: nil))
        }
        for r in try Row.fetchAll(db, sql: "SELECT visited_on, outcome, officer, note FROM inspection_outcome WHERE uprn = ? ORDER BY id", arguments: [uprn]) {
            let o = InspectionOutcome(rawValue: r["outcome"])
            out.append(InspectionRecord(date: r["visited_on"], outcome: o, outcomeText: o?.label ?? r["outcome"],
                                        source: "recorded by \(r["officer"] as String)", note: r["note"]))
        }
        return out.enumerated().sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }.map(\.element)
    }

    static func jsonString(_ s: String) -> String {
        { let e = JSONEncoder(); e.outputFormatting = [.withoutEscapingSlashes]; return String(decoding: (try? e.encode(s)) ?? Data("\"\"".utf8), as: UTF8.self) }()
    }
}
