import Foundation
import GRDB
import TerminalKit
import WardenCore

// The counter-fraud panels' way to the warehouse. Everything goes through the core's
// `FraudCases` (which refuses roles without the fraud field group, audits every view and change,
// and makes claims atomic and changes optimistic) and `FraudQueries`, the same code
// `warden cases`, `warden case` and `warden fraud savings` run. Reads that are not a new view
// (figures, a refresh of a queue already logged) pass FraudCases' check, then read FraudQueries.

/// What a change to one case did, for the per-case results an investigator sees.
public struct FraudChangeResult: Sendable, Equatable {
    public var id: Int64
    public var ok: Bool
    public var message: String
}

/// The counter-fraud home tile's figures.
public struct FraudTileFigures: Sendable, Equatable {
    public var myOpen: Int
    public var myOverdue: Int
    public var newCases: Int
    public var inProgress: Int
    public var inProgressValue: Double
}

extension CalendarDay {
    /// Noon UTC of this day: the instant the core's day arithmetic (UTC dates) reads as this day.
    var noonUTC: Date {
        var c = DateComponents()
        c.year = year; c.month = month; c.day = day; c.hour = 12
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(from: c) ?? Date()
    }
}

extension DashboardData {
    /// The case tools for this officer: throws the policy's refusal for a role without the fraud group.
    /// Reads are dated `today` (ages, overdue); changes are stamped with the real time.
    func fraudCases(today: CalendarDay? = nil) throws -> FraudCases {
        var cases = try FraudCases(warehouse: warehouse, access: access)
        if let day = today?.noonUTC { cases.now = { day } }
        return cases
    }

    /// The policy's refusal of a dashboard screen, or nil when the role may use it.
    func refusal(screen: String, what: String) -> String? {
        guard !access.canUse(screen: screen) else { return nil }
        guard let role = access.role else {
            return "This account (\(access.account)) is not a Warden user, so it may not open \(what). Ask a data protection officer to add you."
        }
        return "Your role (\(role.label)) may not open \(what) under the access policy. Ask a data protection officer if your work needs it."
    }

    /// One page of a queue (audited as a view of that queue).
    public func fraudQueue(_ q: FraudQueueQuery, today: CalendarDay) throws -> FraudQueuePage {
        try fraudCases(today: today).queue(q, actor: actor(screen: "dashboard:cases"))
    }

    /// A queue the officer is already looking at, read again to show others' changes (`r`, or
    /// coming back from a case). The policy applies as to any read, but no access-log entry is
    /// written: the log is for views, searches and exports, and this view of the queue was
    /// logged when it was opened with this query.
    public func refreshFraudQueue(_ q: FraudQueueQuery, today: CalendarDay) throws -> FraudQueuePage {
        let cases = try fraudCases(today: today)   // refuses a role without the fraud field group
        let day = cases.now()
        return try warehouse.pool.read { db in try FraudQueries.queue(db, q, today: day) }
    }

    /// One case in full (audited as a view of the case).
    public func fraudCase(_ id: Int64, today: CalendarDay) throws -> FraudCaseView {
        try fraudCases(today: today).view(id, actor: actor(screen: "dashboard:case"))
    }

    /// Claims cases for this officer, each atomically: a case someone claimed first is reported with its holder.
    public func claimCases(_ ids: [Int64], screen: String) throws -> [FraudChangeResult] {
        let me = user
        return try fraudCases().claim(ids, for: me, actor: actor(screen: screen)).map { r in
            let message: String
            if r.claimed { message = "case \(r.id): claimed by you" }
            else if let holder = r.heldBy { message = holder == me ? "case \(r.id): already yours — nothing changed" : "case \(r.id): already claimed by \(holder) — nothing changed" }
            else { message = r.message }
            return FraudChangeResult(id: r.id, ok: r.claimed, message: message)
        }
    }

    /// Assigns cases to `assignee` (a Warden user whose role may work cases), each only if it is
    /// still at the version the officer saw: a case changed meanwhile is reported, not overwritten.
    public func assignCases(_ ids: [Int64], to assignee: String, versions: [Int64: Int], screen: String) throws -> [FraudChangeResult] {
        let name = assignee.trimmingCharacters(in: .whitespaces)
        let cases = try fraudCases()
        guard !name.isEmpty else { throw LoadFailure(message: "Assign to whom? Type a Warden user's account name.") }
        let users = try Users.list(warehouse)
        guard let target = users.first(where: { $0.account == name }) else {
            let known = users.filter { (access.policy.roles[$0.role]?.fieldGroups.contains(.fraud)) ?? false }.map(\.account)
            throw LoadFailure(message: "No Warden user \u{201C}\(name)\u{201D}" + (known.isEmpty ? "." : ": investigators are " + known.joined(separator: ", ") + "."))
        }
        guard access.policy.roles[target.role]?.fieldGroups.contains(.fraud) == true else {
            throw LoadFailure(message: "\(name) is a \(access.policy.roles[target.role]?.label ?? target.role), whose role may not work counter-fraud cases.")
        }
        let who = actor(screen: screen)
        return ids.map { id in
            do {
                let row = try cases.assign(id, to: name, expectedVersion: versions[id], actor: who)
                return FraudChangeResult(id: id, ok: row.assignee == name, message: "case \(id): assigned to \(name)")
            } catch let e as FraudCaseError {
                return FraudChangeResult(id: id, ok: false, message: e.description)
            } catch {
                return FraudChangeResult(id: id, ok: false, message: "case \(id): \(error)")
            }
        }
    }

    /// Moves a case through the workflow, if it is still at `version`.
    public func setCaseStatus(_ id: Int64, to status: FraudCaseStatus, outcome: FraudOutcome?, recovered: Double?, version: Int) throws -> FraudCaseRow {
        try fraudCases().setStatus(id, to: status, outcome: outcome, recovered: recovered, expectedVersion: version, actor: actor(screen: "dashboard:case"))
    }

    /// Assigns (or with nil unassigns) one case, if it is still at `version`.
    public func assignCase(_ id: Int64, to assignee: String?, version: Int) throws -> FraudCaseRow {
        try fraudCases().assign(id, to: assignee, expectedVersion: version, actor: actor(screen: "dashboard:case"))
    }

    /// Sets a case's due date (yyyy-MM-dd), if it is still at `version`.
    public func setCaseDue(_ id: Int64, to date: String, version: Int) throws -> FraudCaseRow {
        try fraudCases().setDue(id, to: date, expectedVersion: version, actor: actor(screen: "dashboard:case"))
    }

    /// Adds a note exactly as typed.
    public func addCaseNote(_ id: Int64, text: String) throws -> FraudNote {
        try fraudCases().addNote(id, text: text, actor: actor(screen: "dashboard:case"))
    }

    /// Cases and value identified, in progress and recovered, by type and by month (figures, no personal data).
    public func fraudSavings() throws -> FraudSavings {
        _ = try fraudCases()
        return try warehouse.pool.read { db in try FraudQueries.savings(db) }
    }

    /// The home tile's counts, or nil for a role that may not see cases.
    public func fraudTile(today: CalendarDay) throws -> FraudTileFigures? {
        guard access.canSee(.fraud), access.canUse(screen: "cases") else { return nil }
        let me = user
        let day = today.noonUTC
        return try warehouse.pool.read { db in
            var mine = FraudQueueQuery()
            mine.assignee = me
            mine.sort = .due
            mine.limit = 1000
            let minePage = try FraudQueries.queue(db, mine, today: day)
            var fresh = FraudQueueQuery()
            fresh.status = .new
            fresh.limit = 1
            let newTotal = try FraudQueries.queue(db, fresh, today: day).total ?? 0
            let savings = try FraudQueries.savings(db)
            return FraudTileFigures(myOpen: minePage.total ?? 0, myOverdue: minePage.rows.filter(\.overdue).count, newCases: newTotal,
                                    inProgress: savings.total.inProgress, inProgressValue: savings.total.inProgressValue)
        }
    }
}
