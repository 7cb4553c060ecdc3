import Foundation
import TerminalKit
import WardenCore

/// One counter-fraud case: why it was raised (rule and version, risk and how it was made, value),
/// who it is about (Enter opens the person's or the property's single view), the evidence records
/// side by side, every change, and the notes, with a multi-line editor. The status moves
/// New → Triage → Investigation → Closed with an outcome and the amount recovered.
///
/// Changes carry the version of the case the officer is looking at: if another investigator
/// changed it meanwhile, nothing is overwritten; the case is reloaded, the officer is told who
/// changed what, and can apply their change again with one key. A note being typed is kept
/// until it is saved.
public struct CaseScreen: DashboardScreen {
    enum Tab: Int, ScreenTab, Sendable { case summary, evidence, history, notes }

    /// A change the officer asked for (kept so it can be applied again after a conflict).
    enum Change: Sendable, Equatable {
        case status(FraudCaseStatus, FraudOutcome?, Double?)
        case assign(String?)
        case due(String)

        var description: String {
            switch self {
            case .status(let s, let o, let r):
                var t = "status → " + Format.status(s)
                if let o { t += " (\(o.label))" }
                if let r, r > 0 { t += ", \(Format.poundsPence(r)) recovered" }
                return t
            case .assign(let u): return u.map { "assign to \($0)" } ?? "unassign"
            case .due(let d): return "due date → " + Format.date(d)
            }
        }
    }

    /// A choice in the status prompt.
    struct StatusChoice: Sendable, Equatable {
        var status: FraudCaseStatus
        var outcome: FraudOutcome?
        var label: String
    }

    /// What a prompt over the case is asking.
    enum Modal: Sendable {
        case status([StatusChoice], selected: Int)
        case recovered(FraudOutcome, TextInput)
        case assign(TextInput)
        case due(TextInput)
        /// Someone changed the case since it was loaded: what happened, and the change to apply again.
        case conflict(String, Change)
        /// A message (a refused change).
        case message(String, String)
    }

    struct Loaded: Sendable { var view: FraudCaseView }
    /// What a change came to.
    enum ChangeOutcome: Sendable {
        case done(String)
        case conflict(String, Change)
        case refused(String)
    }
    struct Changed: Sendable { var outcome: ChangeOutcome }
    struct Claimed: Sendable { var results: [FraudChangeResult] }
    struct NoteSaved: Sendable { var note: FraudNote }

    public let id: Int64
    var view: FraudCaseView?
    var error: String?
    var refusal: String?
    var loading = true
    var tab = Tab.summary
    var summaryState = ListState()
    var evidence = TablePanel(columns: [
        TableColumn("Role", width: .fixed(11)),
        TableColumn("Person", width: .flexible(min: 10, weight: 2)),
        TableColumn("Source", width: .flexible(min: 10, weight: 2)),
        TableColumn("From", width: .fixed(10)),
        TableColumn("To", width: .fixed(10)),
        TableColumn("Link", width: .fixed(5), alignment: .right),
        TableColumn("Wt", width: .fixed(4), alignment: .right),
        TableColumn("Record and detail", width: .flexible(min: 10, weight: 3)),
    ], emptyMessage: "No evidence records kept for this case")
    var history = TablePanel(columns: [
        TableColumn("When", width: .fixed(16)),
        TableColumn("Who", width: .flexible(min: 8, weight: 1)),
        TableColumn("Change", width: .flexible(min: 20, weight: 4)),
    ], emptyMessage: "No changes yet")
    /// Lines of the notes list scrolled off the top.
    var notesScroll = 0
    /// The note being written; kept (a draft) when the editor is closed without saving.
    var draft = TextArea(placeholder: "Type the note. Enter starts a new line; Ctrl-S saves; Esc closes and keeps the draft.")
    /// Where the draft is kept when the officer leaves the case (set when the screen starts).
    var drafts: NoteDrafts?
    var editing = false
    var saving = false
    var modal: Modal?
    var area = Rect.zero
    /// The purpose prompt is open: the case is read once a purpose is given.
    var purpose = PurposeGate()

    /// A screen for case `id` (loaded when shown).
    public init(id: Int64) {
        self.id = id
    }

    public var title: String { "Case \(id)" }

    public var capturesText: Bool {
        switch modal {
        case .recovered, .assign, .due: return true
        case .status, .conflict, .message: return false
        case nil: return editing
        }
    }

    public var bindings: [KeyBinding] {
        if let modal {
            switch modal {
            case .status:
                return [KeyBinding([.enter], "Enter", "Choose", command: "modal.ok"), KeyBinding([.up, .down], "↑↓", "Move", command: "modal.move"),
                        KeyBinding([.escape], "Esc", "Cancel", command: "modal.cancel")]
            case .conflict:
                return [KeyBinding([.enter], "Enter", "Apply my change again", command: "modal.ok"),
                        KeyBinding([.escape], "Esc", "Discard my change", command: "modal.cancel")]
            case .message:
                return [KeyBinding([.enter, .escape], "Enter Esc", "Close", command: "modal.cancel")]
            case .recovered, .assign, .due:
                return [KeyBinding([.enter], "Enter", "OK", command: "modal.ok"), KeyBinding([.escape], "Esc", "Cancel", command: "modal.cancel")]
            }
        }
        if editing {
            return [
                KeyBinding([.ctrl("s"), .function(2)], "Ctrl-S F2", "Save the note", command: "note.save"),
                KeyBinding([.escape], "Esc", "Close the editor (the draft is kept)", command: "note.close"),
            ]
        }
        guard view != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        var b = [
            KeyBinding([.tab, .right], "Tab →", "Next section", command: "nextTab", hint: false),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous section", command: "previousTab", hint: false),
            KeyBinding((1...4).map { .char(Character(String($0))) }, "1-4", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
        ]
        if tab == .summary || tab == .evidence { b.append(KeyBinding([.enter], "Enter", "Open", command: "open")) }
        b += [
            KeyBinding([.char("s")], "s", "Status", command: "status"),
            KeyBinding([.char("n")], "n", "Note", command: "note"),
            KeyBinding([.char("c")], "c", "Claim", command: "claim"),
            KeyBinding([.char("a")], "a", "Assign to a user", command: "assign", hint: false),
            KeyBinding([.char("d")], "d", "Set the due date", command: "due", hint: false),
            KeyBinding([.char("r"), .function(5)], "r F5", "Reload (see others' changes)", command: "reload", hint: false),
            KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false),
        ]
        return b
    }

    public var statusMessage: String {
        if refusal != nil { return "Not allowed" }
        guard let v = view else { return loading ? "Opening…" : "" }
        if editing { return draft.isEmpty ? "New note" : "Draft: \(draft.lines.count) line\(draft.lines.count == 1 ? "" : "s")" }
        return "Version \(v.row.version), updated by \(v.row.updatedBy)"
    }

    // MARK: Loading

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let r = context.data.refusal(screen: "case", what: "counter-fraud cases") {
            refusal = r
            loading = false
            return .none
        }
        drafts = context.data.noteDrafts
        if draft.isEmpty, let kept = drafts?.draft(id) {
            draft.setText(kept)
            tab = .notes
        }
        // Opening a case shows personal data: ask the purpose of the piece of work once, as the
        // person view does, so the access log records why the case was opened.
        if let ask = purpose.ask(context, screen: "case") { return ask }
        return load(context)
    }

    mutating func load(_ context: ScreenContext) -> ScreenEffect {
        guard refusal == nil else { return .none }
        loading = true
        let id = self.id
        let today = context.today
        return .load(id: "case", label: "Opening case \(id)") { data in Loaded(view: try data.fraudCase(id, today: today)) }
    }

    /// Sends `change` with the version on screen.
    mutating func apply(_ change: Change) -> ScreenEffect {
        guard let v = view else { return .none }
        let id = self.id
        let version = v.row.version
        return .load(id: "change", label: "Saving") { data in
            do {
                switch change {
                case .status(let s, let o, let r): _ = try data.setCaseStatus(id, to: s, outcome: o, recovered: r, version: version)
                case .assign(let u): _ = try data.assignCase(id, to: u, version: version)
                case .due(let d): _ = try data.setCaseDue(id, to: d, version: version)
                }
                return Changed(outcome: .done("Case \(id): " + change.description))
            } catch let e as FraudCaseError {
                if case .conflict(_, let by, let at, _) = e {
                    return Changed(outcome: .conflict("\(by) changed case \(id) at \(Format.when(at)), after you opened it. Nothing of yours was written; the case on screen is now their version. Your change was: \(change.description).", change))
                }
                return Changed(outcome: .refused(e.description))
            }
        }
    }

    // MARK: Events

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        if refusal != nil {
            if case .layout(let r) = event { area = r }
            return .ignored
        }
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .appeared where purpose.awaiting:
            if let missing = purpose.answered(context, needed: "open a case") {
                loading = false
                error = missing
                return .none
            }
            return load(context)
        case .appeared:
            return load(context)
        case .loaded("case", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            show(loaded.view)
            return .none
        case .loaded("change", let payload):
            guard let changed = payload as? Changed else { return .none }
            switch changed.outcome {
            case .done(let text): return .status(text, .success) + load(context)
            case .conflict(let text, let change):
                modal = .conflict(text, change)
                return .status("Case changed by someone else: reloaded", .warning) + load(context)
            case .refused(let text):
                modal = .message("Not changed", text)
                return load(context)
            }
        case .loaded("claim", let payload):
            guard let claimed = payload as? Claimed, let r = claimed.results.first else { return .none }
            return .status(r.message, r.ok ? .success : .warning) + load(context)
        case .loaded("note", let payload):
            guard payload is NoteSaved else { return .none }
            saving = false
            draft.setText("")
            drafts?.keep(nil, for: id)
            editing = false
            return .status("Note saved on case \(id)", .success) + load(context)
        case .failed(let which, let message):
            switch which {
            case "case":
                loading = false
                error = message
            case "note":
                // The draft stays in the editor: nothing typed is lost.
                saving = false
                modal = .message("Note not saved", message)
            default:
                modal = .message("Not changed", message)
            }
            return .none
        case .command(let command, let key):
            return self.command(command, key, context)
        case .key(let key):
            return typed(key)
        case .paste(let text):
            switch modal {
            case .recovered(let o, var input): input.insert(text); modal = .recovered(o, input)
            case .assign(var input): input.insert(text); modal = .assign(input)
            case .due(var input): input.insert(text); modal = .due(input)
            case nil:
                guard editing else { return .ignored }
                draft.insert(text)
                drafts?.keep(draft.text, for: id)
                let a = layout(area).editor
                draft.scrollToCursor(width: a.width, height: a.height)
            default: return .ignored
            }
            return .none
        case .mouse(let m):
            guard modal == nil, !editing else { return .ignored }
            let l = layout(area)
            if case .press(.left) = m.action, l.tabs.contains(m.position) {
                if let i = tabs.index(atX: m.position.x, area: l.tabs), let t = Tab(rawValue: i) { tab = t }
                return .none
            }
            switch tab {
            case .evidence:
                let (used, target) = evidence.mouse(m)
                if let target { return .push(target.screen()) }
                return used ? .none : .ignored
            case .history:
                return history.mouse(m).used ? .none : .ignored
            default:
                return .ignored
            }
        default:
            return .ignored
        }
    }

    /// A key that is not a binding: text for a prompt's field or the note editor.
    mutating func typed(_ key: KeyEvent) -> ScreenEffect {
        switch modal {
        case .recovered(let o, var input):
            guard input.handle(key) else { return .none }
            modal = .recovered(o, input)
            return .none
        case .assign(var input):
            guard input.handle(key) else { return .none }
            modal = .assign(input)
            return .none
        case .due(var input):
            guard input.handle(key) else { return .none }
            modal = .due(input)
            return .none
        case .some:
            return .none
        case nil:
            guard editing else { return .ignored }
            let a = layout(area).editor
            guard draft.handle(key, width: a.width, height: a.height) else { return .ignored }
            drafts?.keep(draft.text, for: id)
            return .none
        }
    }

    mutating func command(_ command: String, _ key: KeyEvent, _ context: ScreenContext) -> ScreenEffect {
        if command.hasPrefix("modal.") { return modalCommand(command, key) }
        switch command {
        case "reload":
            error = nil
            if let ask = purpose.ask(context, screen: "case") { return ask }
            return load(context)
        case "nextTab", "previousTab", "jumpTab":
            tab = tab.following(command, key) ?? tab
            return .none
        case "move":
            move(key)
            return .none
        case "open":
            guard let target = selectedTarget else { return .status("Nothing to open on this row") }
            return .push(target.screen())
        case "copy":
            guard let text = selectedCopy else { return .none }
            return .copy(text, what: "the row")
        case "claim":
            let id = self.id
            return .load(id: "claim", label: "Claiming case \(id)") { data in Claimed(results: try data.claimCases([id], screen: "dashboard:case")) }
        case "assign":
            var input = TextInput(placeholder: "account name (empty: unassign)")
            input.setText(view?.row.assignee ?? "")
            modal = .assign(input)
            return .none
        case "due":
            var input = TextInput(placeholder: "dd/mm/yyyy")
            input.setText(view.map { Format.date($0.row.dueDate) } ?? "")
            modal = .due(input)
            return .none
        case "status":
            guard let v = view else { return .none }
            if let holder = v.row.assignee, holder != context.data.user {
                return .status("Case \(id) is \(holder)'s to move on: ask them, or reassign it (a) first", .warning)
            }
            var choices: [StatusChoice] = []
            for s in v.nextStatuses {
                if s == .closed {
                    choices += FraudOutcome.allCases.map { StatusChoice(status: .closed, outcome: $0, label: "Closed: " + $0.label) }
                } else {
                    choices.append(StatusChoice(status: s, outcome: nil, label: Format.status(s)))
                }
            }
            if v.row.status == .closed {
                // A closed case may have its outcome or the amount recovered corrected.
                choices += FraudOutcome.allCases.filter { $0 != .noFraud || v.row.outcome != .noFraud }.map {
                    StatusChoice(status: .closed, outcome: $0, label: "Stay closed: " + $0.label + ($0 == v.row.outcome ? " (change the amount recovered)" : ""))
                }
            }
            modal = .status(choices, selected: 0)
            return .none
        case "note":
            tab = .notes
            editing = true
            return .none
        case "note.close":
            editing = false
            drafts?.keep(draft.text, for: id)
            return draft.isEmpty ? .none : .status("Draft kept (also when you leave the case): press n to go on with it")
        case "note.save":
            guard !saving else { return .none }
            let text = draft.text
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .status("The note is empty: type something first", .warning) }
            saving = true
            let id = self.id
            return .load(id: "note", label: "Saving the note") { data in
                let saved = NoteSaved(note: try data.addCaseNote(id, text: text))
                // the draft is the saved note now, even if the officer has left the case meanwhile
                if data.noteDrafts.draft(id) == text { data.noteDrafts.keep(nil, for: id) }
                return saved
            }
        default:
            return .ignored
        }
    }

    mutating func modalCommand(_ command: String, _ key: KeyEvent) -> ScreenEffect {
        guard let m = modal else { return .none }
        if command == "modal.cancel" {
            modal = nil
            if case .conflict(_, let change) = m { return .status("Discarded: \(change.description)") }
            return .none
        }
        switch (command, m) {
        case ("modal.move", .status(let choices, let selected)):
            let n = choices.count
            modal = .status(choices, selected: key == .up ? (selected + n - 1) % max(1, n) : (selected + 1) % max(1, n))
            return .none
        case ("modal.ok", .status(let choices, let selected)):
            guard selected < choices.count else { modal = nil; return .none }
            let c = choices[selected]
            if c.status == .closed, let o = c.outcome, o != .noFraud {
                var input = TextInput(placeholder: "0.00")
                if let amount = view?.row.amountRecovered, amount > 0 { input.setText(String(format: "%.2f", amount)) }
                modal = .recovered(o, input)
                return .none
            }
            modal = nil
            return apply(.status(c.status, c.outcome, nil))
        case ("modal.ok", .recovered(let o, let input)):
            let cleaned = input.text.replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
            let amount = cleaned.isEmpty ? 0 : Double(cleaned)
            guard let amount, amount >= 0, amount.isFinite else {
                return .status("\u{201C}\(input.text)\u{201D} is not an amount of pounds: type e.g. 1312.50 (or 0)", .warning)
            }
            modal = nil
            return apply(.status(.closed, o, amount))
        case ("modal.ok", .assign(let input)):
            modal = nil
            let name = input.text.trimmingCharacters(in: .whitespaces)
            return apply(.assign(name.isEmpty ? nil : name))
        case ("modal.ok", .due(let input)):
            guard let iso = Format.typedDate(input.text) else {
                return .status("\u{201C}\(input.text)\u{201D} is not a date: type dd/mm/yyyy", .warning)
            }
            modal = nil
            return apply(.due(iso))
        case ("modal.ok", .conflict(_, let change)):
            modal = nil
            // The case on screen is now the reloaded one: apply the change to that version.
            return apply(change)
        default:
            modal = nil
            return .none
        }
    }


    // MARK: Content

    mutating func show(_ v: FraudCaseView) {
        view = v
        error = nil
        evidence.setRows(v.evidence.map { e in
            let dim = e.current ? nil : Style(.dim)
            return TableRow([
                TableCell(Self.roleLabel(e.role) + (e.current ? "" : " (gone)")),
                TableCell(e.personName ?? "—"),
                TableCell(e.sourceTitle ?? e.system),
                TableCell(Format.date(e.from)),
                TableCell(e.to.map { Format.date($0) } ?? "current"),
                TableCell(Format.confidence(e.linkConfidence)),
                TableCell(e.weight.map { String(format: "%.2f", $0) } ?? "—"),
                TableCell([e.recordKey, e.detail].compactMap { $0 }.joined(separator: ": ")),
            ], style: dim)
        }, targets: v.evidence.map { e in
            if let p = e.currentPersonID ?? e.personID { return .person(p) }
            return e.uprn.map { .property($0) }
        }, copies: v.evidence.map { e in
            [Self.roleLabel(e.role), e.personName, e.sourceTitle ?? e.system, e.recordKey, e.address, e.from.map { "from " + Format.date($0) },
             e.to.map { "to " + Format.date($0) }, e.detail, e.linkConfidence.map { "link " + Format.confidence($0) }].compactMap { $0 }.joined(separator: ", ")
        })
        history.setRows(v.history.reversed().map { h in
            TableRow([Format.when(h.at), h.user, Self.change(h)])
        }, targets: v.history.map { _ in nil }, copies: v.history.reversed().map { h in "\(Format.when(h.at)) \(h.user): \(Self.change(h))" })
        summaryState.select(summaryState.selected, count: summaryItems.count, visibleRows: layout(area).panel.height)
        layoutPanels()
    }

    static func roleLabel(_ role: String) -> String {
        switch role {
        case "claim": return "Claim"
        case "other_adult": return "Other adult"
        case "resident": return "Resident"
        case "death": return "Death"
        case "elsewhere": return "Elsewhere"
        case "omitted_adult": return "Left out"
        case "other_property": return "Also holds"
        case "context": return "Context"
        default: return role.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// One history entry in words: "status: New → Triage".
    static func change(_ h: FraudHistoryEntry) -> String {
        func word(_ v: String?) -> String {
            guard let v else { return "—" }
            if let s = FraudCaseStatus(rawValue: v) { return Format.status(s) }
            if let o = FraudOutcome(rawValue: v) { return o.label }
            if h.field == "due_date" { return Format.date(v) }
            return v
        }
        let field: String
        switch h.field {
        case "raised": return "raised: " + (h.after ?? "")
        case "note": return h.after ?? "note added"
        case "assignee": field = "assignee"
        case "due_date": field = "due date"
        case "amount_recovered": field = "amount recovered"
        default: field = h.field.replacingOccurrences(of: "_", with: " ")
        }
        return "\(field): \(word(h.before)) → \(word(h.after))"
    }

    /// The summary rows: what the case is and why it was raised.
    var summaryItems: [DetailItem] {
        guard let v = view else { return [] }
        let r = v.row
        var items: [DetailItem] = []
        items.append(DetailItem("Type", r.caseTypeLabel))
        items.append(DetailItem("Rule", (v.ruleTitle ?? r.rule) + " (\(r.rule), version \(v.ruleVersion)" + (v.raisedVersion != v.ruleVersion ? ", raised under \(v.raisedVersion))" : ")")))
        items.append(DetailItem("Why", r.summary))
        if let s = v.score {
            items.append(DetailItem("Risk", "\(r.risk) of 100 (queue threshold \(s.threshold))", style: Style(r.risk >= 80 ? .statusError : r.risk >= 65 ? .statusWarn : .text)))
            items.append(DetailItem("  made from", String(format: "100 × strength %.2f × identity %.2f × corroboration %.2f", s.strength, s.confidence, s.corroboration)))
            for n in s.notes { items.append(DetailItem("", n)) }
        } else {
            items.append(DetailItem("Risk", "\(r.risk) of 100"))
        }
        var value = Format.poundsPence(r.value) + " a year (estimated)"
        if let s = v.score, !s.valueFormula.isEmpty {
            value += ": " + s.valueFormula
            // as the command line's case view: quantities the formula did not use are not listed
            let q = s.quantities.filter { $0.value != 0 && s.valueFormula.contains($0.key) }.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \(Self.number($0.value))" }
            if !q.isEmpty { value += " with " + q.joined(separator: ", ") }
        }
        items.append(DetailItem("Value", value))
        var status = Format.status(r.status)
        if let o = r.outcome { status += ": " + o.label }
        items.append(DetailItem("Status", status, style: Style(.emphasis)))
        if r.status == .closed { items.append(DetailItem("Recovered", Format.poundsPence(r.amountRecovered))) }
        items.append(DetailItem("Assignee", r.assignee ?? "nobody yet (c claims it)", style: r.assignee == nil ? Style(.dim) : nil))
        items.append(DetailItem("Due", Format.date(r.dueDate) + (r.overdue ? " — overdue" : ""), style: r.overdue ? Style(.statusError) : nil))
        items.append(DetailItem("Raised", Format.date(r.raisedAt) + ", " + Format.daysAgo(r.ageDays)))
        let subject = v.currentSubjectPersonID ?? r.subjectPersonID
        items.append(DetailItem("Subject", r.subjectName.map { name in name + (subject.map { " (virtual id \($0))" } ?? "") },
                                target: subject.map { .person($0) }))
        items.append(DetailItem("Property", r.address.map { a in a + (r.uprn.map { " (UPRN \(Format.uprn($0)))" } ?? "") },
                                target: r.uprn.map { .property($0) }))
        items.append(DetailItem("Scan", r.detected ? "still found by the latest scan" : "no longer found by the latest scan",
                                style: r.detected ? nil : Style(.statusWarn)))
        items.append(DetailItem("Updated", "\(Format.when(r.updatedAt)) by \(r.updatedBy) (version \(r.version))"))
        return items
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v)
    }

    var selectedTarget: Destination? {
        switch tab {
        case .summary:
            let items = summaryItems
            return items.isEmpty ? nil : items[min(summaryState.selected, items.count - 1)].target
        case .evidence: return evidence.selectedTarget
        default: return nil
        }
    }

    var selectedCopy: String? {
        switch tab {
        case .summary:
            let items = summaryItems
            guard !items.isEmpty else { return nil }
            let i = items[min(summaryState.selected, items.count - 1)]
            return i.label.trimmingCharacters(in: .whitespaces) + ": " + i.value
        case .evidence: return evidence.selectedCopy
        case .history: return history.selectedCopy
        case .notes: return view?.notes.last.map(\.text)
        }
    }

    mutating func move(_ key: KeyEvent) {
        let panel = layout(area).panel
        switch tab {
        case .summary: _ = summaryState.handle(key, count: summaryItems.count, visibleRows: panel.height)
        case .evidence: _ = evidence.move(key)
        case .history: _ = history.move(key)
        case .notes:
            let total = noteLines(width: panel.width - 2).count
            let page = max(1, panel.height - 1)
            switch key {
            case .up: notesScroll -= 1
            case .down: notesScroll += 1
            case .pageUp: notesScroll -= page
            case .pageDown: notesScroll += page
            case .home: notesScroll = 0
            case .end: notesScroll = total
            default: break
            }
            notesScroll = max(0, min(notesScroll, total - panel.height))
        }
    }

    /// The notes as lines: a heading per note (when, who) and its text as typed, wrapped.
    func noteLines(width: Int) -> [(String, Style)] {
        guard let v = view else { return [] }
        guard !v.notes.isEmpty else { return [("No notes yet: press n to write one.", Style(.dim))] }
        var out: [(String, Style)] = []
        for n in v.notes {
            if !out.isEmpty { out.append(("", .text)) }
            out.append(("\(Format.when(n.at))  \(n.user)", Style(.label)))
            for line in TextLayout.wrap(n.display, width: max(1, width)) { out.append((line, .text)) }
        }
        return out
    }

    // MARK: Layout and render

    var tabs: Tabs {
        Tabs(["Summary", "Evidence (\(view?.evidence.count ?? 0))", "History (\(view?.history.count ?? 0))", "Notes (\(view?.notes.count ?? 0))"],
             selected: tab.rawValue)
    }

    struct Layout {
        var heading: Rect
        var subject: Rect
        var tabs: Rect
        var panel: Rect
        /// The note list and the editor under it (notes tab, while writing).
        var notes: Rect
        var editorBox: Rect
        var editor: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let r = area.splitVertically(.fixed(1), .fixed(1), .fixed(1), .fill)
        let panel = r[3]
        var notes = panel
        var box = Rect(x: panel.x, y: panel.maxY, width: panel.width, height: 0)
        if editing {
            let h = min(max(5, panel.height / 2), 12)
            let parts = panel.splitVertically(.fill, .fixed(min(h, panel.height)))
            notes = parts[0]
            box = parts[1]
        }
        let editor = box.height >= 3 && box.width >= 3 ? box.inset(by: 1) : box
        return Layout(heading: r[0], subject: r[1], tabs: r[2], panel: panel, notes: notes, editorBox: box, editor: editor)
    }

    mutating func layoutPanels() {
        let panel = layout(area).panel
        evidence.place(in: panel)
        history.place(in: panel)
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        if let refusal {
            Paragraph(refusal, style: Style(.statusWarn)).render(into: &canvas, area: area.inset(left: 1, right: 1).inset(top: 1))
            return
        }
        let l = layout(area)
        guard let v = view else {
            let text = error ?? "Opening case \(id)…"
            Paragraph(" " + text, style: Style(error == nil ? .dim : .statusError)).render(into: &canvas, area: area)
            return
        }
        let r = v.row
        let g = Glyphs(canvas.symbols)
        var head = " Case \(r.id)\(g.dot)\(r.caseTypeLabel)\(g.dot)risk \(r.risk)\(g.dot)\(Format.pounds(r.value))/yr\(g.dot)\(Format.status(r.status))"
        if let o = r.outcome { head += " (\(o.label))" }
        head += g.dot + (r.assignee ?? "unassigned") + g.dot + "due " + Format.date(r.dueDate) + (r.overdue ? " overdue" : "")
        canvas.draw(head, in: l.heading, style: Style(.emphasis))
        let who = [r.subjectName, r.address.map(Format.shortAddress)].compactMap { $0 }.joined(separator: g.dot)
        canvas.draw(" " + (who.isEmpty ? r.summary : who), in: l.subject, style: Style(.label))
        tabs.render(into: &canvas, area: l.tabs)
        let focused = modal == nil && !editing
        switch tab {
        case .summary:
            DetailList(items: summaryItems, isFocused: focused).render(into: &canvas, area: l.panel, state: summaryState)
        case .evidence:
            evidence.render(into: &canvas, area: l.panel, focused: focused)
        case .history:
            history.render(into: &canvas, area: l.panel, focused: focused)
        case .notes:
            renderNotes(into: &canvas, l)
        }
        renderModal(into: &canvas, area: area)
    }

    func renderNotes(into canvas: inout Canvas, _ l: Layout) {
        let lines = noteLines(width: l.notes.width - 2)
        var scroll = min(notesScroll, max(0, lines.count - l.notes.height))
        // While writing, show the newest notes just above the editor.
        if editing { scroll = max(0, lines.count - l.notes.height) }
        for (k, line) in lines.dropFirst(scroll).prefix(l.notes.height).enumerated() {
            canvas.draw(line.0, in: Rect(x: l.notes.x + 1, y: l.notes.y + k, width: l.notes.width - 2, height: 1), style: line.1)
        }
        guard editing, !l.editorBox.isEmpty else { return }
        let focused = modal == nil
        canvas.drawBox(l.editorBox, title: saving ? "Saving the note…" : "New note: Ctrl-S save, Esc close (draft kept)",
                       style: Style(focused ? .borderFocus : .border), titleStyle: Style(.title))
        draft.render(into: &canvas, area: l.editor, isFocused: focused)
    }

    func renderModal(into canvas: inout Canvas, area: Rect) {
        guard let modal else { return }
        let box: FraudBox
        switch modal {
        case .status(let choices, let selected):
            box = FraudBox(title: "Move case \(id) to", lines: ["Now: " + (view.map { Format.status($0.row.status) } ?? "")],
                           choices: choices.map(\.label), selected: selected, hint: "↑↓ choose · Enter: move · Esc: cancel")
        case .recovered(let o, let input):
            box = FraudBox(title: "Close case \(id): \(o.label)", lines: ["Amount recovered, in pounds (0 if none yet):"], input: input,
                           hint: "Enter: close the case · Esc: cancel")
        case .assign(let input):
            box = FraudBox(title: "Assign case \(id)", lines: ["To (a Warden user's account; empty to unassign):"], input: input,
                           hint: "Enter: assign · Esc: cancel")
        case .due(let input):
            box = FraudBox(title: "Due date of case \(id)", lines: ["Due on (dd/mm/yyyy):"], input: input, hint: "Enter: set · Esc: cancel")
        case .conflict(let text, _):
            box = FraudBox(title: "Changed by someone else", lines: [text], hint: "Enter: apply my change again · Esc: discard it",
                           lineStyle: Style(.statusWarn))
        case .message(let title, let text):
            box = FraudBox(title: title, lines: [text], hint: "Enter or Esc: close")
        }
        box.render(into: &canvas, area: area)
    }
}
