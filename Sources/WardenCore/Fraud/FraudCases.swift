import Foundation
import GRDB

/// Investigators' actions on cases: view, claim, assign, move through the workflow, note.
///
/// Several dashboards work one warehouse at once. Claiming is one conditional UPDATE
/// (`... WHERE assignee IS NULL`) inside a write transaction, so a case never has two owners.
/// Other changes carry the version the officer saw: if someone changed the case since, nothing is
/// written and the officer is told who changed it and when. Every change is kept in the case's
/// history and the access log; every view is logged.
public struct FraudCases: Sendable {
    public let warehouse: Warehouse
    /// The clock (tests fix it).
    public var now: @Sendable () -> Date = { Date() }

    /// Cases as `access` may work them: only a role allowed the counter-fraud field group (the
    /// policy's fraud investigators and admins) gets past this; everyone else is refused here, in
    /// the core, so the dashboard, the command line and `--json` obey the same rule.
    public init(warehouse: Warehouse, access: Access) throws {
        try access.require(.fraud, for: "counter-fraud cases")
        self.warehouse = warehouse
    }

    /// Without an access check: the scan and tests only.
    init(warehouse: Warehouse) { self.warehouse = warehouse }

    /// The largest note accepted, in bytes of UTF-8 (about thirty pages of text).
    public static let noteLimitBytes = 65_536

    /// What a claim of several cases did, case by case.
    public struct ClaimResult: Sendable, Codable, Equatable {
        public var id: Int64
        public var claimed: Bool
        /// Who holds the case when the claim failed (nil: no such case).
        public var heldBy: String?
        public var message: String
    }

    /// One case, logged as viewed by `actor`.
    public func view(_ id: Int64, actor: AuditLog.Actor) throws -> FraudCaseView {
        let today = now()
        return try warehouse.pool.write { db in
            guard let v = try FraudQueries.case(db, id: id, today: today) else { throw FraudCaseError.notFound(id) }
            try AuditLog.append(db, actor: actor, action: .view, subjectType: "fraud_case", subjectID: String(id),
                                detail: v.row.subjectPersonID.map { "{\"person\":\($0)}" })
            return v
        }
    }

    /// A queue page, logged once as a view of that queue.
    public func queue(_ q: FraudQueueQuery, actor: AuditLog.Actor) throws -> FraudQueuePage {
        let today = now()
        return try warehouse.pool.write { db in
            let page = try FraudQueries.queue(db, q, today: today)
            let detail = String(decoding: (try? JSONEncoder().encode(q)) ?? Data(), as: UTF8.self)
            try AuditLog.append(db, actor: actor, action: .view, subjectType: "fraud_queue", subjectID: q.caseType ?? q.assignee ?? "all", detail: detail)
            return page
        }
    }

    /// Claims unassigned cases for `user`, atomically per case: a case someone else claimed
    /// first is reported, never taken over.
    public func claim(_ ids: [Int64], for user: String, actor: AuditLog.Actor) throws -> [ClaimResult] {
        let at = FraudScan.timestamp(now())
        return try warehouse.pool.write { db in
            var out: [ClaimResult] = []
            for id in ids {
                try db.execute(sql: """
                    UPDATE fraud_case SET assignee = ?, version = version + 1, updated_at = ?, updated_by = ?,
                        queue = CASE WHEN status = 'closed' THEN 2 ELSE 1 END
                    WHERE id = ? AND assignee IS NULL
                    """, arguments: [user, at, actor.user, id])
                if db.changesCount == 1 {
                    try history(db, id, at, actor.user, "assignee", nil, user)
                    try AuditLog.append(db, actor: actor, action: .change, subjectType: "fraud_case", subjectID: String(id),
                                        detail: "{\"claim\":\(FraudScan.jsonString(user))}")
                    out.append(ClaimResult(id: id, claimed: true, heldBy: user, message: "case \(id): claimed by \(user)"))
                } else if let r = try Row.fetchOne(db, sql: "SELECT assignee, updated_at FROM fraud_case WHERE id = ?", arguments: [id]) {
                    let holder: String = r["assignee"] ?? "?"
                    out.append(ClaimResult(id: id, claimed: false, heldBy: holder,
                                           message: FraudCaseError.alreadyClaimed(id: id, by: holder, at: r["updated_at"]).description))
                } else {
                    out.append(ClaimResult(id: id, claimed: false, heldBy: nil, message: FraudCaseError.notFound(id).description))
                }
            }
            return out
        }
    }

    /// Assigns a case to `user` (nil: unassigns). With `expectedVersion`, fails if the case changed since.
    @discardableResult
    public func assign(_ id: Int64, to user: String?, expectedVersion: Int? = nil, actor: AuditLog.Actor) throws -> FraudCaseRow {
        try change(id, expectedVersion: expectedVersion, actor: actor) { db, row, at in
            guard row.assignee != user else { return [] }
            try db.execute(sql: """
                UPDATE fraud_case SET assignee = ?,
                    queue = CASE WHEN status = 'closed' THEN 2 WHEN status <> 'new' OR ? IS NOT NULL OR (above_threshold = 1 AND detected = 1) THEN 1 ELSE 0 END
                WHERE id = ?
                """, arguments: [user, user, id])
            return [("assignee", row.assignee, user)]
        }
    }

    /// Moves a case through the workflow. Closing needs an outcome; `recovered` is the amount
    /// recovered in pounds (only with fraud proven or error corrected).
    @discardableResult
    public func setStatus(_ id: Int64, to status: FraudCaseStatus, outcome: FraudOutcome? = nil, recovered: Double? = nil,
                          expectedVersion: Int? = nil, actor: AuditLog.Actor) throws -> FraudCaseRow {
        if let recovered, !(recovered >= 0 && recovered <= 1e10 && recovered.isFinite) {
            throw FraudCaseError.invalid("the amount recovered must be a number of pounds, from 0 to 10,000,000,000")
        }
        return try change(id, expectedVersion: expectedVersion, actor: actor) { db, row, at in
            // A claimed case is moved on by the investigator who holds it; anyone else asks them,
            // or reassigns it first (which the history records).
            if let holder = row.assignee, holder != actor.user { throw FraudCaseError.heldBy(id: id, by: holder) }
            var changes: [(String, String?, String?)] = []
            if status == .closed {
                guard let outcome = outcome ?? row.outcome else { throw FraudCaseError.outcomeRequired(id: id) }
                if outcome == .noFraud, let r = recovered, r > 0 { throw FraudCaseError.invalid("case \(id): a case with no fraud recovers nothing — leave --recovered out") }
                let amount = outcome == .noFraud ? 0 : (recovered ?? row.amountRecovered)
                if row.status != .closed {
                    guard row.status.next.contains(.closed) else { throw FraudCaseError.invalidTransition(id: id, from: row.status, to: status) }
                    // Remember the evidence the case had when it was closed: only new evidence re-raises it.
                    let support = try String.fetchAll(db, sql: "SELECT fingerprint FROM fraud_evidence WHERE case_id = ? AND role IN (\(FraudScan.supportingRoles.map { "'\($0)'" }.joined(separator: ",")))",
                                                      arguments: [id])
                    try db.execute(sql: """
                        UPDATE fraud_case SET status = 'closed', status_rank = 3, queue = 2, outcome = ?, amount_recovered = ?, closed_at = ?,
                            closed_fingerprint = ? WHERE id = ?
                        """, arguments: [outcome.rawValue, amount, at, String(decoding: try JSONEncoder().encode(support.sorted()), as: UTF8.self), id])
                    changes.append(("status", row.status.rawValue, "closed"))
                } else {
                    try db.execute(sql: "UPDATE fraud_case SET outcome = ?, amount_recovered = ? WHERE id = ?", arguments: [outcome.rawValue, amount, id])
                }
                if row.outcome != outcome { changes.append(("outcome", row.outcome?.rawValue, outcome.rawValue)) }
                if amount != row.amountRecovered {
                    changes.append(("amount_recovered", String(format: "%.2f", row.amountRecovered), String(format: "%.2f", amount)))
                }
                return changes
            }
            if outcome != nil { throw FraudCaseError.invalid("case \(id): an outcome is given only when closing (--status closed)") }
            if recovered != nil { throw FraudCaseError.invalid("case \(id): an amount recovered is recorded when closing as fraud proven or error corrected") }
            guard status != row.status else { return [] }
            guard row.status.next.contains(status) else { throw FraudCaseError.invalidTransition(id: id, from: row.status, to: status) }
            try db.execute(sql: """
                UPDATE fraud_case SET status = ?, status_rank = ?, outcome = NULL, closed_at = NULL,
                    queue = CASE WHEN ? <> 'new' OR (above_threshold = 1 AND detected = 1) OR assignee IS NOT NULL THEN 1 ELSE 0 END WHERE id = ?
                """, arguments: [status.rawValue, status.rank, status.rawValue, id])
            changes.append(("status", row.status.rawValue, status.rawValue))
            if let o = row.outcome { changes.append(("outcome", o.rawValue, nil)) }
            return changes
        }
    }

    /// Sets a case's due date (yyyy-MM-dd).
    @discardableResult
    public func setDue(_ id: Int64, to date: String, expectedVersion: Int? = nil, actor: AuditLog.Actor) throws -> FraudCaseRow {
        guard CivilDateISO.day(date) != nil, date.count == 10 else { throw FraudCaseError.invalid("\"\(date)\" is not a date — write it as yyyy-MM-dd") }
        return try change(id, expectedVersion: expectedVersion, actor: actor) { db, row, _ in
            guard row.dueDate != date else { return [] }
            try db.execute(sql: "UPDATE fraud_case SET due_date = ? WHERE id = ?", arguments: [date, id])
            return [("due_date", row.dueDate, date)]
        }
    }

    /// Adds a note, stored exactly as typed. Notes never overwrite anything, so they need no version;
    /// an empty note or one over `noteLimitBytes` is refused with the reason.
    @discardableResult
    public func addNote(_ id: Int64, text: String, actor: AuditLog.Actor) throws -> FraudNote {
        let bytes = text.utf8.count
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw FraudCaseError.invalid("case \(id): the note is empty — nothing was added")
        }
        if bytes > Self.noteLimitBytes {
            throw FraudCaseError.invalid("case \(id): the note is \(bytes) bytes; notes are limited to \(Self.noteLimitBytes) bytes (about thirty pages) — keep long documents in the case file and note where they are")
        }
        let at = FraudScan.timestamp(now())
        return try warehouse.pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM fraud_case WHERE id = ?", arguments: [id]) == true else { throw FraudCaseError.notFound(id) }
            try db.execute(sql: "INSERT INTO fraud_case_note(case_id, at, user, text) VALUES (?, ?, ?, ?)", arguments: [id, at, actor.user, text])
            let noteID = db.lastInsertedRowID
            try db.execute(sql: "UPDATE fraud_case SET updated_at = ?, updated_by = ? WHERE id = ?", arguments: [at, actor.user, id])
            try history(db, id, at, actor.user, "note", nil, FraudNote.added(noteID, text: text))
            try AuditLog.append(db, actor: actor, action: .change, subjectType: "fraud_case", subjectID: String(id), detail: "{\"note\":\(noteID),\"bytes\":\(bytes)}")
            return FraudNote(id: noteID, at: at, user: actor.user, text: text, display: TextSafety.sanitise(text, keepNewlines: true))
        }
    }

    // MARK: -

    /// Runs one change in a write transaction: checks the case exists and (when asked) is still
    /// at `expectedVersion`, applies it, bumps the version, and records history and audit.
    private func change(_ id: Int64, expectedVersion: Int?, actor: AuditLog.Actor,
                        _ body: (Database, FraudCaseRow, String) throws -> [(String, String?, String?)]) throws -> FraudCaseRow {
        let stamp = now()
        let at = FraudScan.timestamp(stamp)
        return try warehouse.pool.write { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT \(FraudQueries.rowColumns) FROM fraud_case WHERE id = ?", arguments: [id]) else {
                throw FraudCaseError.notFound(id)
            }
            let row = FraudQueries.row(r, today: stamp)
            if let v = expectedVersion, v != row.version {
                throw FraudCaseError.conflict(id: id, by: row.updatedBy, at: row.updatedAt, version: row.version)
            }
            let changes = try body(db, row, at)
            guard !changes.isEmpty else { return row }
            // The version check again, in the UPDATE itself.
            try db.execute(sql: "UPDATE fraud_case SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
                           arguments: [at, actor.user, id, row.version])
            guard db.changesCount == 1 else { throw FraudCaseError.conflict(id: id, by: row.updatedBy, at: row.updatedAt, version: row.version) }
            for (field, before, after) in changes {
                try history(db, id, at, actor.user, field, before, after)
                try AuditLog.append(db, actor: actor, action: .change, subjectType: "fraud_case", subjectID: String(id),
                                    detail: "{\"field\":\(FraudScan.jsonString(field)),\"before\":\(before.map(FraudScan.jsonString) ?? "null"),\"after\":\(after.map(FraudScan.jsonString) ?? "null")}")
            }
            let updated = try Row.fetchOne(db, sql: "SELECT \(FraudQueries.rowColumns) FROM fraud_case WHERE id = ?", arguments: [id])!
            return FraudQueries.row(updated, today: stamp)
        }
    }

    private func history(_ db: Database, _ id: Int64, _ at: String, _ user: String, _ field: String, _ before: String?, _ after: String?) throws {
        try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [id, at, user, field, before, after])
    }
}
