import ArgumentParser
import Foundation
import WardenCore
import WardenUI

/// `warden fraud`: the counter-fraud scan, its rules and its evaluation.
struct FraudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud",
        abstract: "Counter-fraud data matching: scan the warehouse with the rule file, check rules, measure against a truth.",
        discussion: """
        The rules live in a TOML file a fraud manager edits (see docs/counter-fraud.md). Without \
        --rules the file is found at $WARDEN_FRAUD_RULES, ~/.config/warden/fraud-rules.toml, \
        ./rules/fraud.toml or the package's rules/fraud.toml, else the built-in copy is used.
        """,
        subcommands: [FraudScanCommand.self, FraudRulesCommand.self, FraudEvalCommand.self, FraudSavingsCommand.self, FraudBenchCommand.self]
    )
}

/// Shared `--rules PATH`.
struct RulesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The rule file (default: found as `warden fraud --help` says).", valueName: "path"))
    var rules: String?

    func load() throws -> FraudRuleSet { try FraudRuleFile.resolve(path: rules) }
}

/// `warden fraud scan`
struct FraudScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run every enabled rule over the linked warehouse and raise or update cases.",
        discussion: """
        The rule file is checked first: with any error nothing is scanned. Re-running never \
        duplicates an open case (it is updated), and a case closed as no fraud comes back only \
        when new evidence appears. The scan is recorded in the access log.
        """
    )
    @OptionGroup var rules: RulesOption
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        let set = try rules.load()
        let (w, access) = try warehouse.session("fraud")
        let s: FraudScan.Summary
        do { s = try FraudScan.run(w, rules: set, actor: access.actor(screen: "cli:fraud-scan"), progress: Terminal.progressBar()) }
        catch { Terminal.endProgress(); throw error }
        Terminal.endProgress()
        if json { try Terminal.printJSON(s); return }
        Terminal.out("Scan \(s.scanID) with \(s.rulesOrigin) (sha256 \(s.rulesSHA256.prefix(12))) on extracts as of \(s.asOf): \(String(format: "%.1f", s.seconds)) s")
        Terminal.out(String(format: "  read %.1f s, rules %.1f s, stored %.1f s", s.readSeconds, s.detectSeconds, s.writeSeconds))
        Terminal.out("  " + "rule".padding(toLength: 34, withPad: " ", startingAt: 0) + "version   found  queued  below  new  updated  re-raised  gone")
        for r in s.rules {
            Terminal.out("  " + r.rule.padding(toLength: 34, withPad: " ", startingAt: 0) + r.version + "  "
                         + [r.found, r.queued, r.belowThreshold, r.raised, r.updated, r.reraised, r.noLongerFound]
                            .enumerated().map { String($0.element).leftPad([5, 7, 6, 4, 8, 10, 5][$0.offset]) }.joined(separator: " "))
        }
    }
}

/// `warden fraud rules`
struct FraudRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, check a rule file, or write the built-in rules out for editing.",
        discussion: "Errors name the file, line and column. `--write PATH` copies the default rules to a file you can edit."
    )
    @OptionGroup var rules: RulesOption
    @Flag(help: "Only check the file; print nothing when it is sound.") var check = false
    @Option(help: ArgumentHelp("Write the built-in rule file here (refuses to overwrite).", valueName: "path")) var write: String?
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        if let path = write {
            guard !FileManager.default.fileExists(atPath: path) else {
                throw UserFacingError(file: path, problem: "a file is already there", remedy: "choose another path, or move it away first")
            }
            try OutputFile.write(FraudRuleFile.builtInText, to: path)
            Terminal.out("Wrote the default rules to \(path). Point scans at it with --rules \(path) or WARDEN_FRAUD_RULES.")
            return
        }
        let set = try rules.load()
        if check { Terminal.note("\(set.origin): \(set.rules.count) rules, sound"); return }
        if json { try Terminal.printJSON(set); return }
        Terminal.out("Rules from \(set.origin) (threshold \(set.threshold), due in \(set.dueDays) days)")
        for r in set.rules {
            Terminal.out("  \(r.id) [\(r.version)]\(r.enabled ? "" : " (disabled)") — \(r.title)")
            Terminal.out("      \(r.caseType) · pattern \(r.pattern.rawValue) · claim \(r.claimSystem) · strength \(r.strength) · value \(r.value)")
            if !r.evidence.isEmpty { Terminal.out("      evidence: \(r.evidence.joined(separator: ", "))\(r.minSources > 1 ? " (at least \(r.minSources))" : "")") }
        }
    }
}

/// `warden fraud eval --truth DIR`
struct FraudEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the latest scan's queued cases against a ground truth: precision and recall per case type and rule.",
        discussion: "For evaluation only (the synthetic borough's truth/fraud.csv). Run `warden fraud scan` first."
    )
    @Option(help: ArgumentHelp("The truth folder (holds fraud.csv).", valueName: "dir")) var truth: String
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false
    @Flag(help: "List the missed planted cases and the false positives.") var details = false

    func run() throws {
        let e = try FraudEvaluation.run(try warehouse.session("fraud").0, truthDir: truth)
        if json { try Terminal.printJSON(e); return }
        func show(_ f: FraudEvaluation.Figures) {
            Terminal.out("  " + f.key.padding(toLength: 34, withPad: " ", startingAt: 0)
                         + String(format: "planted %3d  queued %3d  correct %3d  precision %.3f  recall %.3f", f.planted, f.queued, f.correct, f.precision, f.recall))
        }
        Terminal.out("By case type")
        e.byCaseType.forEach(show)
        Terminal.out("By rule")
        e.byRule.forEach(show)
        if details {
            Terminal.out("Missed (\(e.misses.count))")
            for m in e.misses {
                Terminal.out("  \(m.caseType) \(m.source):\(m.line) UPRN \(m.uprn.map(String.init) ?? "?")\(m.belowThresholdCase.map { " — case \($0) below threshold at \(m.belowThresholdRisk ?? 0)" } ?? ""): \(m.detail)")
            }
            Terminal.out("False positives (\(e.falsePositives.count))")
            for f in e.falsePositives { Terminal.out("  case \(f.caseID) \(f.rule) risk \(f.risk) UPRN \(f.uprn.map(String.init) ?? "?"): \(f.summary)") }
        }
    }
}

/// `warden fraud savings`
struct FraudSavingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: "Cases and value identified, in progress and recovered, by case type and by month."
    )
    @Option(help: ArgumentHelp("Only this case type.", valueName: "type")) var queue: String?
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, _) = try warehouse.session("fraud")
        let s = try w.pool.read { db in try FraudQueries.savings(db, caseType: queue) }
        if json { try Terminal.printJSON(s); return }
        func money(_ v: Double) -> String { Format.pounds(v) }
        func show(_ l: FraudSavings.Line) {
            Terminal.out("  " + l.label.padding(toLength: 28, withPad: " ", startingAt: 0)
                         + "identified \(Format.count(l.identified).leftPad(5)) \(money(l.identifiedValue).leftPad(11))  in progress \(Format.count(l.inProgress).leftPad(4)) \(money(l.inProgressValue).leftPad(10))"
                         + "  closed \(Format.count(l.closed).leftPad(4)) (proven \(l.fraudProven), corrected \(l.errorCorrected), no fraud \(l.noFraud))"
                         + "  prevented \(money(l.preventedValue).leftPad(10))  recovered \(money(l.recovered).leftPad(10))")
        }
        Terminal.out("By case type")
        s.byType.forEach(show)
        show(s.total)
        Terminal.out("By month (raised; closed and recovered by month closed)")
        s.byMonth.forEach(show)
    }
}

/// `warden fraud bench`
struct FraudBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the queue queries a dashboard runs per key, on a scratch warehouse of synthetic cases.",
        discussion: "Figures only: the target is 30 ms a key with 100,000 cases. Build with -c release for timings. The scratch file is deleted afterwards."
    )
    @Option(help: "Synthetic cases.") var cases = 100_000
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-fraud-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FraudBenchmark.run(path: dir.appendingPathComponent("w.sqlite").path, count: cases)
        if json { try Terminal.printJSON(r); return }
        Terminal.out("\(r.cases) cases written in \(String(format: "%.1f", r.fillSeconds)) s; each query run 5 times")
        for t in r.timings { Terminal.out("  " + t.operation.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "median %7.2f ms   max %7.2f ms", t.medianMs, t.maxMs)) }
        Terminal.out(String(format: "worst: %.2f ms", r.worstMs))
    }
}

/// `warden cases`: a queue.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List a case queue: risk, value, age, status, assignee, due date.",
        discussion: """
        The open queue by default, highest risk first. --queue TYPE narrows to one case type \
        (single_person_discount, deceased_holder, subletting, undeclared_member, occupied_exemption, \
        business_rates_relief); --mine to the cases assigned to you. The queue names people and \
        addresses, so listing needs a purpose (--purpose, or $WARDEN_PURPOSE), recorded with it in \
        the access log.
        """
    )
    @Option(help: ArgumentHelp("One case type.", valueName: "type")) var queue: String?
    @Flag(help: "Only cases assigned to you ($USER).") var mine = false
    @Option(help: ArgumentHelp("Only cases assigned to this user.", valueName: "user")) var assignee: String?
    @Flag(help: "Only cases nobody has claimed.") var unassigned = false
    @Option(help: ArgumentHelp("Only cases in this status: new, triage, investigation, closed.", valueName: "status")) var status: String?
    @Option(help: ArgumentHelp("open (default), closed, not_queued (below threshold or no longer found) or all.", valueName: "scope")) var scope = "open"
    @Option(help: ArgumentHelp("Substring of name, address or summary; or a case id or UPRN.", valueName: "text")) var search: String?
    @Option(help: ArgumentHelp("risk (default), value, age, due, status, assignee, id, subject or address.", valueName: "column")) var sort = "risk"
    @Flag(help: "Sort ascending.") var asc = false
    @Flag(help: "Sort descending.") var desc = false
    @Option(help: "Rows to show (at most 1000).") var limit = 50
    @Option(help: ArgumentHelp("Continue after this cursor (from the previous page's `next`: VALUE/ID).", valueName: "cursor")) var after: String?
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var purpose: PurposeOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        var q = FraudQueueQuery()
        guard let s = FraudQueueQuery.Scope(rawValue: scope) else {
            throw ValidationError("--scope must be one of: " + FraudQueueQuery.Scope.allCases.map(\.rawValue).joined(separator: ", "))
        }
        q.scope = s
        if mine { q.assignee = CurrentUser.name }
        if let a = assignee { q.assignee = a }
        q.unassigned = unassigned
        if let st = status {
            guard let v = FraudCaseStatus(rawValue: st) else { throw ValidationError("--status must be one of: new, triage, investigation, closed") }
            q.status = v
            if v == .closed && scope == "open" { q.scope = .closed }
        }
        q.search = search
        guard let so = FraudQueueQuery.Sort(rawValue: sort) else {
            throw ValidationError("--sort must be one of: " + FraudQueueQuery.Sort.allCases.map(\.rawValue).joined(separator: ", "))
        }
        q.sort = so
        if asc { q.descending = false }
        if desc { q.descending = true }
        q.limit = limit
        if let a = after {
            let parts = a.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, let id = Int64(parts.last!) else { throw ValidationError("--after takes VALUE/ID, as printed after a page") }
            q.after = FraudQueueCursor(value: parts.dropLast().joined(separator: "/"), id: id)
        }
        let (w, access) = try warehouse.session("cases", purpose: purpose)
        if let t = queue {
            // the types the built-in rules raise, and any a borough's own rule file has raised
            let raised = try w.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT case_type FROM fraud_case ORDER BY case_type") }
            guard let type = FraudCaseType.resolve(t, extra: raised) else {
                let all = FraudCaseType.known + raised.filter { !FraudCaseType.known.contains($0) }
                throw ValidationError("no queue \"\(t)\": --queue takes one of " + all.joined(separator: ", ") + " (or a word of its name that fits one only, such as deceased)")
            }
            q.caseType = type
        }
        try access.requirePurpose(for: "listing counter-fraud cases")
        let page = try FraudCases(warehouse: w, access: access).queue(q, actor: access.actor(screen: "cli:cases"))
        if json { try Terminal.printJSON(page); return }
        Terminal.out("\(Format.count(page.total ?? page.rows.count)) case\((page.total ?? page.rows.count) == 1 ? "" : "s")\(q.caseType.map { " in \(FraudCaseType.label($0))" } ?? "")\(q.assignee.map { " assigned to \($0)" } ?? "")")
        Terminal.out("  " + ["id".leftPad(6), "risk", "value".leftPad(9), "age".leftPad(4), "status".padding(toLength: 13, withPad: " ", startingAt: 0),
                             "assignee".padding(toLength: 12, withPad: " ", startingAt: 0), "due".padding(toLength: 10, withPad: " ", startingAt: 0), "subject / address"].joined(separator: " "))
        for r in page.rows {
            let status = r.status.rawValue + (r.outcome.map { ":" + $0.rawValue } ?? "")
            Terminal.out("  " + [String(r.id).leftPad(6), String(r.risk).leftPad(4), Format.pounds(r.value).leftPad(9), String(r.ageDays).leftPad(4),
                                 status.padding(toLength: 13, withPad: " ", startingAt: 0),
                                 (r.assignee ?? "—").padding(toLength: 12, withPad: " ", startingAt: 0), r.dueDate + (r.overdue ? "!" : " "),
                                 "\(r.subjectName ?? "?") · \(r.address ?? "no address") · \(r.caseTypeLabel): \(r.summary)"].joined(separator: " "))
        }
        if let n = page.next { Terminal.out("more: --after \(n.value)/\(n.id)") }
    }
}

/// `warden case ID`: one case, or a change to it.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Show a case (why it was raised, evidence side by side, history, notes), or change it.",
        discussion: """
        With no change option, shows the case: that needs a purpose (--purpose, or $WARDEN_PURPOSE), \
        recorded with the view in the access log, as for `warden person`. Changes: --claim \
        (take unassigned cases; never two owners), --assign USER, --unassign, --status STATUS \
        (new, triage, investigation, closed; closing needs --outcome fraud_proven|error_corrected|no_fraud \
        and may give --recovered POUNDS), --due yyyy-MM-dd, --note TEXT or --note-file PATH (- for \
        standard input). --claim, --assign and --status take several ids at once. With \
        --expect-version N a change is refused if someone changed the case since you saw version N.
        """
    )
    @Argument(help: "The case id (several for --claim, --assign, --unassign, --status).") var ids: [Int64]
    @Flag(help: "Claim the case(s) for yourself, if nobody has.") var claim = false
    @Option(help: ArgumentHelp("Assign to this user.", valueName: "user")) var assign: String?
    @Flag(help: "Remove the assignee.") var unassign = false
    @Option(help: ArgumentHelp("Move to new, triage, investigation or closed.", valueName: "status")) var status: String?
    @Option(help: ArgumentHelp("With --status closed: fraud_proven, error_corrected or no_fraud.", valueName: "outcome")) var outcome: String?
    @Option(help: ArgumentHelp("Amount recovered, pounds (closing as fraud proven or error corrected).", valueName: "pounds")) var recovered: Double?
    @Option(help: ArgumentHelp("Set the due date.", valueName: "yyyy-MM-dd")) var due: String?
    @Option(help: ArgumentHelp("Add a note.", valueName: "text")) var note: String?
    @Option(name: .customLong("note-file"), help: ArgumentHelp("Add a note from a file (- for standard input).", valueName: "path")) var noteFile: String?
    @Option(name: .customLong("expect-version"), help: ArgumentHelp("Refuse the change if the case is no longer at this version.", valueName: "n")) var expectVersion: Int?
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var purpose: PurposeOptions
    @Flag(help: "Print as JSON.") var json = false

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give a case id") }
        let changing = claim || assign != nil || unassign || status != nil || due != nil || note != nil || noteFile != nil || recovered != nil
        if ids.count > 1 && (note != nil || noteFile != nil || due != nil || !changing) {
            throw ValidationError("several ids go with --claim, --assign, --unassign or --status; show or note one case at a time")
        }
        if outcome != nil && status == nil && recovered == nil { throw ValidationError("--outcome goes with --status closed") }
        if [claim, assign != nil, unassign].filter({ $0 }).count > 1 { throw ValidationError("use one of --claim, --assign, --unassign") }
    }

    func run() throws {
        let (w, access) = try warehouse.session("case", purpose: purpose)
        let cases = try FraudCases(warehouse: w, access: access)
        let actor = access.actor(screen: "cli:case")
        var failures: [String] = []
        var changed: [FraudCaseRow] = []
        var claims: [FraudCases.ClaimResult] = []
        var notes: [FraudNote] = []
        let changing = claim || assign != nil || unassign || status != nil || due != nil || note != nil || noteFile != nil || recovered != nil

        func attempt(_ body: () throws -> Void) {
            do { try body() } catch let e as FraudCaseError { failures.append(e.description) } catch { failures.append(String(describing: error)) }
        }
        if claim {
            claims = try cases.claim(ids, for: CurrentUser.name, actor: actor)
            failures += claims.filter { !$0.claimed }.map(\.message)
        }
        for id in ids {
            if let a = assign { attempt { changed.append(try cases.assign(id, to: a.isEmpty ? nil : a, expectedVersion: expectVersion, actor: actor)) } }
            if unassign { attempt { changed.append(try cases.assign(id, to: nil, expectedVersion: expectVersion, actor: actor)) } }
            if status != nil || recovered != nil {
                attempt {
                    let st: FraudCaseStatus
                    if let s = status {
                        guard let v = FraudCaseStatus(rawValue: s) else { throw FraudCaseError.invalid("--status must be one of: new, triage, investigation, closed") }
                        st = v
                    } else { st = .closed }
                    var o: FraudOutcome?
                    if let t = outcome {
                        guard let v = FraudOutcome(rawValue: t) else { throw FraudCaseError.invalid("--outcome must be one of: fraud_proven, error_corrected, no_fraud") }
                        o = v
                    }
                    let version = (assign != nil || unassign) ? nil : expectVersion
                    changed.append(try cases.setStatus(id, to: st, outcome: o, recovered: recovered, expectedVersion: version, actor: actor))
                }
            }
            if let d = due { attempt { changed.append(try cases.setDue(id, to: d, expectedVersion: (assign != nil || status != nil) ? nil : expectVersion, actor: actor)) } }
            if note != nil || noteFile != nil {
                attempt {
                    var text = note ?? ""
                    if let f = noteFile {
                        if f == "-" { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
                        else {
                            guard let data = FileManager.default.contents(atPath: f) else { throw FraudCaseError.invalid("\(f): cannot read the note file") }
                            text = String(decoding: data, as: UTF8.self)
                        }
                    }
                    notes.append(try cases.addNote(id, text: text, actor: actor))
                }
            }
        }
        if changing {
            if json {
                struct Out: Encodable { var changed: [FraudCaseRow]; var claims: [FraudCases.ClaimResult]; var notes: [FraudNote]; var errors: [String] }
                try Terminal.printJSON(Out(changed: changed, claims: claims, notes: notes, errors: failures))
            } else {
                for c in claims where c.claimed { Terminal.out(c.message) }
                for r in changed { Terminal.out("case \(r.id): \(r.status.rawValue)\(r.outcome.map { " (\($0.label))" } ?? ""), assigned to \(r.assignee ?? "nobody"), due \(r.dueDate), version \(r.version)") }
                for n in notes { Terminal.out(FraudNote.added(n.id, text: n.text)) }
            }
            if !failures.isEmpty {
                for f in failures { Terminal.note("warden: " + f) }
                throw ExitCode(1)
            }
            return
        }
        // Showing a case shows personal data: it needs the purpose of the piece of work.
        try access.requirePurpose(for: "opening a case")
        let v: FraudCaseView
        do { v = try cases.view(ids[0], actor: actor) } catch let e as FraudCaseError { throw UserFacingError(problem: e.description) }
        if json { try Terminal.printJSON(v); return }
        Terminal.out(CaseText.render(v))
    }
}

/// The plain-text case view.
enum CaseText {
    static func render(_ v: FraudCaseView) -> String {
        var out: [String] = []
        let r = v.row
        func row(_ k: String, _ val: String?) { out.append(k.padding(toLength: 18, withPad: " ", startingAt: 0) + (val ?? "—")) }
        row("Case", "\(r.id) · \(r.caseTypeLabel) · version \(r.version)")
        row("Summary", r.summary)
        row("Subject", (r.subjectName ?? "?") + (r.subjectPersonID.map { "  (person \($0)\(v.currentSubjectPersonID.map { ", now \($0)" } ?? ""))" } ?? ""))
        row("Property", (r.address ?? "?") + (r.uprn.map { String(format: "  (UPRN %012lld)", $0) } ?? ""))
        row("Risk", "\(r.risk)/100\(r.aboveThreshold ? "" : " (below the threshold)")\(r.detected ? "" : " — no longer found by the latest scan")")
        row("Estimated value", Format.poundsPence(r.value) + " a year")
        row("Status", r.status.rawValue + (r.outcome.map { " — \($0.label)" } ?? "") + (r.amountRecovered > 0 ? ", \(Format.poundsPence(r.amountRecovered)) recovered" : ""))
        row("Assignee", r.assignee)
        row("Raised", "\(r.raisedAt) (\(r.ageDays) days ago), due \(r.dueDate)\(r.overdue ? " — overdue" : "")")
        row("Rule", "\(r.rule) \(v.ruleTitle.map { "— \($0) " } ?? "")(version \(v.ruleVersion)\(v.raisedVersion != v.ruleVersion ? ", raised under \(v.raisedVersion)" : ""))")
        if let s = v.score {
            row("How scored", String(format: "strength %.2f × identity %.2f × corroboration %.2f (%d source%@) = %d; queued from %d",
                                     s.strength, s.confidence, s.corroboration, s.sources, s.sources == 1 ? "" : "s", s.risk, s.threshold))
            let used = s.quantities.filter { $0.value != 0 && s.valueFormula.contains($0.key) }.sorted { $0.key < $1.key }
            row("Value", s.valueFormula + (used.isEmpty ? "" : " with " + used.map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", ")))
            for n in s.notes { out.append("".padding(toLength: 18, withPad: " ", startingAt: 0) + "· " + n) }
        }
        out.append("\nEvidence (\(v.evidence.count))")
        out.append("  " + ["role".padding(toLength: 15, withPad: " ", startingAt: 0), "person".padding(toLength: 24, withPad: " ", startingAt: 0),
                           "source".padding(toLength: 19, withPad: " ", startingAt: 0), "record".padding(toLength: 16, withPad: " ", startingAt: 0),
                           "from".padding(toLength: 10, withPad: " ", startingAt: 0), "to".padding(toLength: 10, withPad: " ", startingAt: 0),
                           "link ", "weight"].joined(separator: " "))
        for e in v.evidence {
            let person = (e.personName ?? "—") + (e.currentPersonID.map { " \($0)" } ?? "")
            out.append("  " + [(e.role + (e.current ? "" : "*")).padding(toLength: 15, withPad: " ", startingAt: 0),
                               String(person.prefix(24)).padding(toLength: 24, withPad: " ", startingAt: 0),
                               e.source.padding(toLength: 19, withPad: " ", startingAt: 0),
                               String(((e.recordKey ?? "") + (e.line.map { " l.\($0)" } ?? "")).prefix(16)).padding(toLength: 16, withPad: " ", startingAt: 0),
                               (e.from ?? "").padding(toLength: 10, withPad: " ", startingAt: 0), (e.to ?? "").padding(toLength: 10, withPad: " ", startingAt: 0),
                               e.linkConfidence.map { String(format: "%.3f", $0) } ?? "  —  ",
                               e.weight.map { String(format: "%.2f", $0) } ?? " —"].joined(separator: " "))
            out.append("      \(e.address ?? "no address")\(e.detail.map { " · " + $0 } ?? "")")
        }
        if v.evidence.contains(where: { !$0.current }) { out.append("  (* no longer seen by the latest scan)") }
        out.append("\nHistory")
        for h in v.history {
            out.append("  \(h.at)  \(h.user)  " + (h.field == "note" ? h.after ?? "note added" : "\(h.field): \(h.before ?? "—") → \(h.after ?? "—")"))
        }
        out.append("\nNotes (\(v.notes.count))")
        for n in v.notes {
            out.append("  \(n.at)  \(n.user)")
            for l in n.display.split(separator: "\n", omittingEmptySubsequences: false) { out.append("    " + l) }
        }
        out.append("\nNext: " + v.nextStatuses.map(\.rawValue).joined(separator: ", "))
        return out.joined(separator: "\n")
    }
}
