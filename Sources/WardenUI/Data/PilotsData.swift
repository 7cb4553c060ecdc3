import Foundation
import GRDB
import TerminalKit
import WardenCore
import WardenLinkage

// The pilot panels' and the data-sources panel's reads. Both go through the same core reports as
// `warden pilots --json`, `warden pilot NAME --json` and `warden sources --json`, so the screen and
// the command line cannot disagree.

extension DashboardData {
    /// Throws a clear refusal unless this officer's role may open `screen` (named as in the
    /// policy file); `what` names it for the officer ("the pilot panels").
    func requireScreen(_ screen: String, _ what: String) throws {
        guard let role = access.role else {
            throw LoadFailure(message: "\(access.account) is not a Warden user, so it may not open \(what). Ask a data protection officer: warden users add \(access.account) --role ROLE")
        }
        guard access.canUse(screen: screen) else {
            throw LoadFailure(message: "Your role (\(role.label)) may not open \(what) under the access policy. Ask a data protection officer if your work needs it.")
        }
    }

    /// Every programme, statuses judged as of `today` (the local borough's row from the loads).
    public func pilotReports(today: CalendarDay) throws -> [PilotReport] {
        try requireScreen("pilots", "the pilot panels")
        return try PilotReport.all(warehouse, today: CivilDate(today))
    }

    /// One programme and its recent change history, or nil when there is no such programme.
    public func pilotReport(_ name: String, today: CalendarDay, historyLimit: Int = 200) throws -> (report: PilotReport, history: [PilotChange])? {
        try requireScreen("pilots", "the pilot panels")
        guard let report = try PilotReport.named(name, warehouse: warehouse, today: CivilDate(today)) else { return nil }
        let history = try warehouse.pool.read { db in try PilotStore.history(db, programme: report.programme, limit: historyLimit) }
        return (report, history)
    }

    /// Whether this officer may change programmes (the same right as `warden pilot NAME --supplied …`).
    public var canEditPilots: Bool { access.role?.commands.contains("pilot") ?? false }

    /// Applies an officer's change to a programme (a dataset supplied, a blocker raised or
    /// resolved), kept in the programme's history and the access log under this officer.
    public func changePilot(_ programme: String, _ edit: PilotStore.Edit) throws {
        try requireScreen("pilots", "the pilot panels")
        guard canEditPilots else {
            let label = access.role?.label ?? access.account
            throw LoadFailure(message: "Your role (\(label)) may not change programmes under the access policy. Ask a data protection officer if your work needs it.")
        }
        // a refusal from the core (a row someone deleted) reaches the screen in its own words
        try PilotStore.apply(edit, programme: programme, warehouse: warehouse, actor: actor(screen: "dashboard:pilot"))
    }

    /// The data-sources panel's figures, freshness judged as of `today`.
    public func sourcesReport(today: CalendarDay) throws -> SourcesReport {
        try requireScreen("sources", "the data-sources panel")
        return try SourcesReport.compute(warehouse, today: CivilDate(today))
    }

    /// Up to `perReason` example rejected lines of a source's current load for each reason.
    /// The lines are source rows, so they hold personal data: they are shown only to a role that
    /// may see identities, and showing them writes an access-log row; other roles get nil
    /// (shown as withheld).
    public func rejectExamples(source: String, perReason: Int = 3) throws -> [RejectExample]? {
        try requireScreen("sources", "the data-sources panel")
        guard access.canSee(.identity) else { return nil }
        let examples = try warehouse.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT line, field, reason, raw FROM (
                    SELECT r.line, r.field, r.reason, r.raw,
                           row_number() OVER (PARTITION BY r.field, r.reason ORDER BY r.line) AS k
                    FROM rejected_row r JOIN load l ON l.id = r.load_id AND l.is_current = 1
                    JOIN source s ON s.id = l.source_id WHERE s.name = ?)
                WHERE k <= ? ORDER BY reason, line
                """, arguments: [source, perReason]).map {
                RejectExample(line: $0["line"], field: $0["field"], reason: $0["reason"], raw: $0["raw"])
            }
        }
        if !examples.isEmpty {
            try AuditLog.record(warehouse, actor: actor(screen: "dashboard:sources"), action: .view, subjectType: "rejected_rows",
                                subjectID: source, detail: "{\"lines\":[\(examples.map { String($0.line) }.joined(separator: ","))]}")
        }
        return examples
    }
}

extension DashboardData {
    /// Up to `perReason` field issues of a source's current load for each field and reason:
    /// the line, the value as read, and whether it was repaired. Values come from source rows,
    /// so, like rejected lines, they are shown only to a role that may see identities, and
    /// showing them writes an access-log row; other roles get nil (shown as withheld).
    public func fieldIssueExamples(source: String, perReason: Int = 10) throws -> [FieldIssueExample]? {
        try requireScreen("sources", "the data-sources panel")
        guard access.canSee(.identity) else { return nil }
        var examples = try warehouse.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT line, field, value, reason, repaired FROM (
                    SELECT i.line, i.field, i.value, i.reason, i.repaired,
                           row_number() OVER (PARTITION BY i.field, i.reason ORDER BY i.line, i.id) AS k
                    FROM field_issue i JOIN load l ON l.id = i.load_id AND l.is_current = 1
                    JOIN source s ON s.id = l.source_id WHERE s.name = ?)
                WHERE k <= ? ORDER BY field, reason, line
                """, arguments: [source, perReason]).map {
                FieldIssueExample(line: $0["line"], field: $0["field"], value: $0["value"], reason: $0["reason"], repaired: $0["repaired"])
            }
        }
        // each value only to a role that may see its field's group (a NINO to one that sees
        // identifiers, a phone number to one that sees contacts), as the person view withholds it
        let definition = try warehouse.pool.read { db in try String.fetchOne(db, sql: "SELECT definition FROM source WHERE name = ?", arguments: [source]) }
            .flatMap { try? JSONDecoder().decode(SourceDefinition.self, from: Data($0.utf8)) }
        for k in examples.indices {
            let column = examples[k].field.lowercased()
            let field = definition?.columns.first { $0.column.lowercased() == column }?.field
            let group = field.map { $0.fieldGroup } ?? .identity      // a column not found: the strictest group
            if let group, !access.canSee(group) { examples[k].value = "(withheld: \(group.rawValue))" }
        }
        if !examples.isEmpty {
            try AuditLog.record(warehouse, actor: actor(screen: "dashboard:sources"), action: .view, subjectType: "field_issues",
                                subjectID: source, detail: "{\"lines\":[\(examples.map { String($0.line) }.joined(separator: ","))]}")
        }
        return examples
    }
}

/// One field of an extract's line that failed validation or was repaired, as kept by the load.
public struct FieldIssueExample: Sendable, Equatable {
    /// The line number in the extract file.
    public var line: Int
    /// The column, as the extract names it.
    public var field: String
    /// The value as read (drawn sanitised).
    public var value: String
    public var reason: String
    /// Repaired (e.g. a day and month read the other way round); otherwise the row loaded
    /// without the field.
    public var repaired: Bool
}

/// One rejected line of an extract, as kept by the load.
public struct RejectExample: Sendable, Equatable {
    /// The line number in the extract file.
    public var line: Int
    /// The field that failed, if one did.
    public var field: String?
    public var reason: String
    /// The line as read (drawn sanitised).
    public var raw: String?
}

extension CivilDate {
    /// The same calendar day as the toolkit's.
    init(_ day: CalendarDay) {
        self = CivilDate(year: day.year, month: day.month, day: day.day)!
    }
}
