import Foundation
import GRDB
import WardenLinkage

/// Where a case is in its workflow: New → Triage → Investigation → Closed (with an outcome).
public enum FraudCaseStatus: String, Sendable, Codable, CaseIterable {
    case new, triage, investigation, closed

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// The statuses a case may move to from this one (closing needs an outcome; a closed case may be reopened).
    public var next: [FraudCaseStatus] {
        switch self {
        case .new: return [.triage, .closed]
        case .triage: return [.investigation, .closed, .new]
        case .investigation: return [.closed, .triage]
        case .closed: return [.triage, .investigation]
        }
    }
}

/// How a closed case ended.
public enum FraudOutcome: String, Sendable, Codable, CaseIterable {
    case fraudProven = "fraud_proven"
    case errorCorrected = "error_corrected"
    case noFraud = "no_fraud"

    public var label: String {
        switch self {
        case .fraudProven: return "fraud proven"
        case .errorCorrected: return "error corrected"
        case .noFraud: return "no fraud"
        }
    }
}

/// One row of a queue: what an investigator sorts and filters on.
public struct FraudCaseRow: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var caseType: String
    public var caseTypeLabel: String
    public var rule: String
    public var summary: String
    public var subjectPersonID: Int64?
    public var subjectName: String?
    public var uprn: Int64?
    public var address: String?
    public var risk: Int
    /// Estimated annual value, pounds.
    public var value: Double
    public var raisedAt: String
    public var ageDays: Int
    public var status: FraudCaseStatus
    public var outcome: FraudOutcome?
    public var amountRecovered: Double
    public var assignee: String?
    public var dueDate: String
    public var overdue: Bool
    public var aboveThreshold: Bool
    /// Whether the latest scan still finds it.
    public var detected: Bool
    /// The optimistic-concurrency version: pass it back with a change.
    public var version: Int
    public var updatedAt: String
    public var updatedBy: String
}

/// What to list. Defaults: the open queue, highest risk first, 50 rows.
public struct FraudQueueQuery: Sendable, Codable, Equatable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// Queued and not closed (above the threshold, or being worked).
        case open
        case closed
        /// Found but below the threshold, or no longer found, and never worked.
        case notQueued = "not_queued"
        case all
    }
    public enum Sort: String, Sendable, Codable, CaseIterable { case risk, value, age, due, status, assignee, id, subject, address }

    public var scope: Scope = .open
    public var caseType: String?
    /// Only cases assigned to this user ("my cases").
    public var assignee: String?
    /// Only cases nobody has claimed.
    public var unassigned = false
    public var status: FraudCaseStatus?
    /// Substring of the subject's name, the address, the summary; or a case id or UPRN.
    public var search: String?
    public var sort: Sort = .risk
    /// Risk, value: highest first by default; age: oldest first; due: soonest first; subject, address: A to Z.
    public var descending: Bool?
    public var limit = 50
    /// The cursor of the last row of the previous page (keyset pagination).
    public var after: FraudQueueCursor?

    public init() {}
}

/// Where a page ended: the sort value and id of its last row.
public struct FraudQueueCursor: Sendable, Codable, Equatable {
    public var value: String
    public var id: Int64
    public init(value: String, id: Int64) { self.value = value; self.id = id }
}

/// One page of a queue.
public struct FraudQueuePage: Sendable, Codable, Equatable {
    public var rows: [FraudCaseRow]
    /// Pass as `after` for the next page; nil on the last page.
    public var next: FraudQueueCursor?
    /// Cases matching the filters (all pages); counted for the first page only.
    public var total: Int?
}

/// One evidence record of a case, as snapshotted when the scan saw it.
public struct FraudEvidenceItem: Sendable, Codable, Equatable {
    public var role: String
    public var personID: Int64?
    /// The person's id now (after merges); open their single view with this.
    public var currentPersonID: Int64?
    public var personName: String?
    public var source: String
    public var system: String
    public var sourceTitle: String?
    public var line: Int?
    public var recordKey: String?
    public var uprn: Int64?
    public var address: String?
    public var from: String?
    public var to: String?
    public var detail: String?
    public var linkConfidence: Double?
    public var uprnConfidence: Double?
    public var weight: Double?
    /// Seen by the latest scan.
    public var current: Bool
    public var firstScan: Int64
}

public struct FraudHistoryEntry: Sendable, Codable, Equatable {
    public var at: String
    public var user: String
    public var field: String
    public var before: String?
    public var after: String?
}

public struct FraudNote: Sendable, Codable, Equatable {
    /// A note's line in the case history: "note 3 added (1,197 characters)" (characters as a
    /// person counts them, not bytes).
    public static func added(_ id: Int64, text: String) -> String {
        let n = text.count
        var digits = String(n)
        for i in stride(from: digits.count - 3, to: 0, by: -3) { digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i)) }
        return "note \(id) added (\(digits) character\(n == 1 ? "" : "s"))"
    }

    /// An older history line, "note 3 (197 bytes)", in today's words, counted from the note
    /// itself when the case still has it; any other line unchanged.
    static func plainHistory(_ line: String, notes: [FraudNote]) -> String {
        let words = line.split(separator: " ")
        guard words.count == 4, words[0] == "note", let id = Int64(words[1]), words[2].hasPrefix("("), words[3] == "bytes)" else { return line }
        return notes.first { $0.id == id }.map { added(id, text: $0.text) } ?? "note \(id) added"
    }

    public var id: Int64
    public var at: String
    public var user: String
    /// Exactly as typed.
    public var text: String
    /// Safe to print: control characters made visible (newlines kept).
    public var display: String
}

/// Everything about one case: the row, why it was raised, the evidence side by side, history and notes.
public struct FraudCaseView: Sendable, Codable, Equatable {
    public var row: FraudCaseRow
    public var ruleTitle: String?
    public var raisedVersion: String
    public var ruleVersion: String
    /// The rule as written when it last scored this case (JSON of its settings).
    public var ruleDefinition: String?
    public var score: ScoreDetail?
    /// The subject's id now, when linkage has since merged them into another person.
    public var currentSubjectPersonID: Int64?
    public var keys: [String]
    public var evidence: [FraudEvidenceItem]
    public var history: [FraudHistoryEntry]
    public var notes: [FraudNote]
    /// The statuses the case may move to.
    public var nextStatuses: [FraudCaseStatus]
}

/// Cases and value, by case type and by month: identified, in progress, recovered.
public struct FraudSavings: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var key: String
        public var label: String
        public var identified = 0
        public var identifiedValue = 0.0
        public var inProgress = 0
        public var inProgressValue = 0.0
        public var closed = 0
        public var fraudProven = 0
        public var errorCorrected = 0
        public var noFraud = 0
        /// Annual value stopped by cases closed as fraud proven or error corrected.
        public var preventedValue = 0.0
        public var recovered = 0.0
    }
    public var byType: [Line]
    /// By month raised (identified) and month closed (closed, prevented, recovered).
    public var byMonth: [Line]
    public var total: Line
}

/// A change that could not be made, said plainly.
public enum FraudCaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(Int64)
    case conflict(id: Int64, by: String, at: String, version: Int)
    case alreadyClaimed(id: Int64, by: String, at: String)
    case heldBy(id: Int64, by: String)
    case invalidTransition(id: Int64, from: FraudCaseStatus, to: FraudCaseStatus)
    case outcomeRequired(id: Int64)
    case invalid(String)

    public var description: String {
        switch self {
        case .notFound(let id): return "case \(id): no such case — the queues list every case (warden cases, or :cases in the dashboard)"
        case .conflict(let id, let by, let at, let v):
            return "case \(id): changed by \(by) at \(at) (now version \(v)) since you loaded it — reload the case and make your change again"
        case .alreadyClaimed(let id, let by, let at): return "case \(id): already claimed by \(by) at \(at) — nothing changed"
        case .heldBy(let id, let by):
            return "case \(id): claimed by \(by), who moves it on — ask them, or reassign it first (warden case \(id) --assign USER, or a in the queue); nothing changed"
        case .invalidTransition(let id, let from, let to):
            return "case \(id): cannot go from \(from.rawValue) to \(to.rawValue) — next: " + from.next.map(\.rawValue).joined(separator: ", ")
        case .outcomeRequired(let id): return "case \(id): closing needs an outcome — fraud_proven, error_corrected or no_fraud"
        case .invalid(let s): return s
        }
    }
}

/// Read-only queries over the cases, for the command line (`--json`) and the dashboard's panels.
public enum FraudQueries {
    static let rowColumns = """
        id, case_type, rule_id, summary, subject_person_id, subject_name, uprn, address, risk, value, raised_at, status, outcome,
        amount_recovered, assignee, due_date, above_threshold, detected, version, updated_at, updated_by
        """

    static func row(_ r: Row, today: Date) -> FraudCaseRow {
        let raised: String = r["raised_at"]
        let due: String = r["due_date"]
        let status = FraudCaseStatus(rawValue: r["status"]) ?? .new
        let todayISO = FraudScan.isoDay(today)
        return FraudCaseRow(
            id: r["id"], caseType: r["case_type"], caseTypeLabel: FraudCaseType.label(r["case_type"]), rule: r["rule_id"], summary: r["summary"],
            subjectPersonID: r["subject_person_id"], subjectName: r["subject_name"], uprn: r["uprn"], address: r["address"], risk: r["risk"],
            value: r["value"], raisedAt: raised, ageDays: days(from: String(raised.prefix(10)), to: todayISO), status: status,
            outcome: (r["outcome"] as String?).flatMap(FraudOutcome.init(rawValue:)), amountRecovered: r["amount_recovered"],
            assignee: r["assignee"], dueDate: due, overdue: status != .closed && due < todayISO, aboveThreshold: r["above_threshold"],
            detected: r["detected"], version: r["version"], updatedAt: r["updated_at"], updatedBy: r["updated_by"])
    }

    static func days(from a: String, to b: String) -> Int {
        guard let x = CivilDateISO.day(a), let y = CivilDateISO.day(b) else { return 0 }
        return Int(y - x)
    }

    /// One page of a queue, by keyset: sorting and scrolling stay fast on 100,000 cases.
    ///
    /// Each sort walks its own index and stops after a page; filters that have no index for the
    /// sort are tested on the way (written `+column` so the planner does not sort instead).
    /// `total` is counted for the first page only (`after == nil`); later pages return nil.
    public static func queue(_ db: Database, _ q: FraudQueueQuery, today: Date = Date()) throws -> FraudQueuePage {
        var filters: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        switch q.scope {
        case .open: filters.append("queue = 1")
        case .closed: filters.append("queue = 2")
        case .notQueued: filters.append("queue = 0")
        case .all: filters.append("queue IN (0, 1, 2)")
        }
        let typeIndexed = q.sort == .risk || q.sort == .value
        if let t = q.caseType { filters.append(typeIndexed ? "case_type = ?" : "+case_type = ?"); args.append(t) }
        if let a = q.assignee { filters.append((q.sort == .risk || q.sort == .due) && q.caseType == nil ? "assignee = ?" : "+assignee = ?"); args.append(a) }
        if q.unassigned { filters.append("+assignee IS NULL") }
        if let s = q.status { filters.append("+status = ?"); args.append(s.rawValue) }
        if let text = q.search?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            var parts: [String] = []
            if text.count >= 3 {
                // Trigram index: a substring of three characters or more.
                parts.append("id IN (SELECT rowid FROM fraud_case_search WHERE fraud_case_search MATCH ?)")
                args.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                let like = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                parts += ["subject_name LIKE ? ESCAPE '\\'", "address LIKE ? ESCAPE '\\'"]
                args += [like, like]
            }
            if let n = Int64(text) { parts += ["id = ?", "uprn = ?", "subject_person_id = ?"]; args += [n, n, n] }
            filters.append("(" + parts.joined(separator: " OR ") + ")")
        }
        var total: Int?
        if q.after == nil {
            total = try Int.fetchOne(db, sql: "SELECT count(*) FROM fraud_case WHERE " + filters.joined(separator: " AND "), arguments: StatementArguments(args)) ?? 0
        }
        let (column, defaultDescending): (String, Bool) = {
            switch q.sort {
            case .risk: return ("risk", true)
            case .value: return ("value", true)
            case .age: return ("raised_at", false)
            case .due: return ("due_date", false)
            case .status: return ("status_rank", false)
            case .assignee: return ("coalesce(assignee, '')", false)
            case .id: return ("id", false)
            case .subject: return ("coalesce(subject_name, '')", false)
            case .address: return ("coalesce(address, '')", false)
            }
        }()
        let desc = q.descending ?? defaultDescending
        if let after = q.after {
            let op = desc ? "<" : ">"
            if q.sort == .id {
                filters.append("id \(op) ?"); args.append(after.id)
            } else {
                filters.append("(\(column), id) \(op) (?, ?)")
                switch q.sort {
                case .risk, .status: args.append(Int64(after.value) ?? 0)
                case .value: args.append(Double(after.value) ?? 0)
                default: args.append(after.value)
                }
                args.append(after.id)
            }
        }
        let dir = desc ? "DESC" : "ASC"
        let order = q.sort == .id ? "id \(dir)" : "\(column) \(dir), id \(dir)"
        let limit = max(1, min(q.limit, 1000))
        let rows = try Row.fetchAll(db, sql: "SELECT \(rowColumns), \(column) AS sort_value FROM fraud_case WHERE \(filters.joined(separator: " AND ")) ORDER BY \(order) LIMIT \(limit + 1)",
                                    arguments: StatementArguments(args))
        let out = rows.prefix(limit).map { row($0, today: today) }
        var next: FraudQueueCursor?
        if rows.count > limit, let last = rows.prefix(limit).last {
            let v = last["sort_value"] as DatabaseValue
            let text: String
            switch v.storage {
            case .int64(let i): text = String(i)
            case .double(let d): text = String(d)
            case .string(let s): text = s
            default: text = ""
            }
            next = FraudQueueCursor(value: text, id: last["id"])
        }
        return FraudQueuePage(rows: out, next: next, total: total)
    }

    /// One case in full, or nil. Does not audit: `FraudCases.view` does.
    public static func `case`(_ db: Database, id: Int64, today: Date = Date()) throws -> FraudCaseView? {
        guard let r = try Row.fetchOne(db, sql: "SELECT \(rowColumns), raised_version, rule_version, score_detail FROM fraud_case WHERE id = ?", arguments: [id]) else { return nil }
        let caseRow = row(r, today: today)
        let ruleID: String = r["rule_id"]
        let version: String = r["rule_version"]
        let definition = try String.fetchOne(db, sql: "SELECT definition FROM fraud_rule_version WHERE rule_id = ? AND version = ?", arguments: [ruleID, version])
        let title = definition.flatMap { try? JSONDecoder().decode(FraudRule.self, from: Data($0.utf8)) }?.title
        let score = (r["score_detail"] as String?).flatMap { try? JSONDecoder().decode(ScoreDetail.self, from: Data($0.utf8)) }
        let redirect = try currentPersonIDs(db)
        let evidence = try Row.fetchAll(db, sql: """
            SELECT * FROM fraud_evidence WHERE case_id = ?
            ORDER BY CASE role WHEN 'claim' THEN 0 WHEN 'context' THEN 9 ELSE 1 END, current DESC, person_name, source, id
            """, arguments: [id]).map { e -> FraudEvidenceItem in
            let pid: Int64? = e["person_id"]
            return FraudEvidenceItem(role: e["role"], personID: pid, currentPersonID: pid.map { redirect($0) }, personName: e["person_name"], source: e["source"],
                                     system: e["system"], sourceTitle: e["source_title"], line: e["line"], recordKey: e["record_key"], uprn: e["uprn"],
                                     address: e["address"], from: e["from_date"], to: e["to_date"], detail: e["detail"], linkConfidence: e["link_confidence"],
                                     uprnConfidence: e["uprn_confidence"], weight: e["weight"], current: e["current"], firstScan: e["first_scan_id"])
        }
        let notes = try Row.fetchAll(db, sql: "SELECT id, at, user, text FROM fraud_case_note WHERE case_id = ? ORDER BY id", arguments: [id]).map {
            FraudNote(id: $0["id"], at: $0["at"], user: $0["user"], text: $0["text"], display: TextSafety.sanitise($0["text"], keepNewlines: true))
        }
        let history = try Row.fetchAll(db, sql: "SELECT at, user, field, before, after FROM fraud_case_history WHERE case_id = ? ORDER BY id", arguments: [id]).map {
            var entry = FraudHistoryEntry(at: $0["at"], user: $0["user"], field: $0["field"], before: $0["before"], after: $0["after"])
            if entry.field == "note", let after = entry.after { entry.after = FraudNote.plainHistory(after, notes: notes) }
            return entry
        }
        let keys = try String.fetchAll(db, sql: "SELECT key FROM fraud_case_key WHERE case_id = ? ORDER BY key", arguments: [id])
        let subject = caseRow.subjectPersonID.map { redirect($0) }
        return FraudCaseView(row: caseRow, ruleTitle: title, raisedVersion: r["raised_version"], ruleVersion: version, ruleDefinition: definition,
                             score: score, currentSubjectPersonID: subject == caseRow.subjectPersonID ? nil : subject, keys: keys,
                             evidence: evidence, history: history, notes: notes, nextStatuses: caseRow.status.next)
    }

    /// Maps a virtual person id to the id it now lives under (following merges).
    static func currentPersonIDs(_ db: Database) throws -> (Int64) -> Int64 {
        let redirects = Dictionary(try Row.fetchAll(db, sql: "SELECT old_id, new_id FROM person_redirect").map { ($0["old_id"] as Int64, $0["new_id"] as Int64) },
                                   uniquingKeysWith: { a, _ in a })
        return { id in
            var x = id
            var hops = 0
            while let n = redirects[x], hops < 20 { x = n; hops += 1 }
            return x
        }
    }

    /// Cases and value identified, in progress, closed and recovered, by case type and by month.
    public static func savings(_ db: Database, caseType: String? = nil) throws -> FraudSavings {
        let filter = caseType == nil ? "" : " AND case_type = ?"
        let args: StatementArguments = caseType.map { [$0] } ?? []
        func line(_ key: String, _ label: String) -> FraudSavings.Line { FraudSavings.Line(key: key, label: label) }
        func add(_ l: inout FraudSavings.Line, _ r: Row, identified: Bool, closed: Bool) {
            if identified {
                l.identified += r["n"] as Int
                l.identifiedValue += r["v"] as Double
                l.inProgress += r["progress"] as Int
                l.inProgressValue += r["progress_v"] as Double
            }
            if closed {
                l.closed += r["closed"] as Int
                l.fraudProven += r["proven"] as Int
                l.errorCorrected += r["corrected"] as Int
                l.noFraud += r["nofraud"] as Int
                l.preventedValue += r["prevented"] as Double
                l.recovered += r["recovered"] as Double
            }
        }
        let aggregates = """
            count(*) AS n, coalesce(sum(value), 0) AS v,
            count(CASE WHEN status IN ('triage','investigation') THEN 1 END) AS progress,
            coalesce(sum(CASE WHEN status IN ('triage','investigation') THEN value END), 0) AS progress_v,
            count(CASE WHEN status = 'closed' THEN 1 END) AS closed, count(CASE WHEN outcome = 'fraud_proven' THEN 1 END) AS proven,
            count(CASE WHEN outcome = 'error_corrected' THEN 1 END) AS corrected, count(CASE WHEN outcome = 'no_fraud' THEN 1 END) AS nofraud,
            coalesce(sum(CASE WHEN outcome IN ('fraud_proven','error_corrected') THEN value END), 0) AS prevented,
            coalesce(sum(amount_recovered), 0) AS recovered
            """
        var byType: [String: FraudSavings.Line] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT case_type AS k, \(aggregates) FROM fraud_case WHERE queue IN (1, 2)\(filter) GROUP BY case_type", arguments: args) {
            let k: String = r["k"]
            var l = byType[k] ?? line(k, FraudCaseType.label(k))
            add(&l, r, identified: true, closed: true)
            byType[k] = l
        }
        var byMonth: [String: FraudSavings.Line] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT substr(raised_at, 1, 7) AS k, \(aggregates) FROM fraud_case WHERE queue IN (1, 2)\(filter) GROUP BY k", arguments: args) {
            let k: String = r["k"]
            var l = byMonth[k] ?? line(k, k)
            add(&l, r, identified: true, closed: false)
            byMonth[k] = l
        }
        for r in try Row.fetchAll(db, sql: "SELECT substr(closed_at, 1, 7) AS k, \(aggregates) FROM fraud_case WHERE queue = 2 AND closed_at IS NOT NULL\(filter) GROUP BY k", arguments: args) {
            let k: String = r["k"]
            var l = byMonth[k] ?? line(k, k)
            add(&l, r, identified: false, closed: true)
            byMonth[k] = l
        }
        let order = FraudCaseType.known
        let types = byType.values.sorted { a, b in
            let ia = order.firstIndex(of: a.key) ?? order.count, ib = order.firstIndex(of: b.key) ?? order.count
            return ia != ib ? ia < ib : a.key < b.key
        }
        var total = line("total", "All cases")
        for l in types {
            total.identified += l.identified; total.identifiedValue += l.identifiedValue
            total.inProgress += l.inProgress; total.inProgressValue += l.inProgressValue
            total.closed += l.closed; total.fraudProven += l.fraudProven; total.errorCorrected += l.errorCorrected; total.noFraud += l.noFraud
            total.preventedValue += l.preventedValue; total.recovered += l.recovered
        }
        return FraudSavings(byType: types, byMonth: byMonth.values.sorted { $0.key < $1.key }, total: total)
    }
}

/// ISO dates as day numbers, without Foundation's calendars.
enum CivilDateISO {
    static func day(_ s: String) -> Int32? {
        let p = s.prefix(10).split(separator: "-")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)?.dayNumber
    }
}
