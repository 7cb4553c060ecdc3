import Foundation
import TerminalKit
import WardenCore

/// The admin audit panel: who looked at a person's record (when, why, from where), what an
/// officer did, and whether the access log's hash chain is intact. Only roles the policy gives
/// the "audit" screen and field group may open it (a data protection officer by default);
/// every look at the log is itself logged.
public struct AuditScreen: DashboardScreen {
    /// What the panel shows.
    public enum Mode: Int, CaseIterable, Sendable {
        case person, user, verify
    }

    enum Focus: Sendable { case input, results }

    struct Found: Sendable { var mode: Mode; var query: String; var entries: [AuditLog.Entry] }
    struct Verified: Sendable { var report: AuditVerify.Report }

    var mode: Mode
    var personInput = TextInput(placeholder: "a virtual person id, e.g. 1381424")
    var userInput = TextInput(placeholder: "an officer's account, e.g. j.bloggs")
    var focus = Focus.input
    /// Whether to run the query (or the check) as soon as the panel opens.
    var runAtStart: Bool
    var results = TablePanel(columns: [
        TableColumn("When", width: .fixed(16)),
        TableColumn("Officer", width: .flexible(min: 8, weight: 2)),
        TableColumn("Action", width: .fixed(6)),
        TableColumn("Record", width: .flexible(min: 10, weight: 2)),
        TableColumn("Purpose", width: .flexible(min: 12, weight: 3)),
        TableColumn("Role", width: .flexible(min: 8, weight: 1)),
        TableColumn("Via", width: .flexible(min: 10, weight: 2)),
        TableColumn("Detail", width: .flexible(min: 10, weight: 3)),
    ], emptyMessage: "")
    var problems = TablePanel(columns: [
        TableColumn("Entry", width: .fixed(8), alignment: .right),
        TableColumn("What", width: .fixed(14)),
        TableColumn("Explanation", width: .flexible(min: 20, weight: 5)),
    ], emptyMessage: "")
    /// The query whose entries are shown, by mode.
    var shown: (mode: Mode, query: String)?
    var report: AuditVerify.Report?
    var verifying = false
    /// Why the panel cannot be used (a refusal under the access policy).
    var refused: String?
    var error: String?
    var area = Rect.zero

    /// The panel in `mode`; with a `query` (a person id or an account) or in verify mode with
    /// `run`, it runs at once.
    public init(mode: Mode = .person, query: String = "", run: Bool = false) {
        self.mode = mode
        switch mode {
        case .person: personInput.setText(query)
        case .user: userInput.setText(query)
        case .verify: break
        }
        runAtStart = run || !query.isEmpty
        if runAtStart && mode != .verify { focus = .results }
    }

    public var title: String {
        switch mode {
        case .person: return "Audit: who looked" + (shown?.mode == .person ? " at \(shown!.query)" : "")
        case .user: return "Audit: what an officer did" + (shown?.mode == .user ? " (\(shown!.query))" : "")
        case .verify: return "Audit: verify the log"
        }
    }

    public var capturesText: Bool { refused == nil && mode != .verify && focus == .input }

    public var bindings: [KeyBinding] {
        guard refused == nil else { return [] }
        var b = [KeyBinding([.tab, .backTab], "Tab", "By person / by officer / verify", command: "mode")]
        switch mode {
        case .verify:
            b.append(KeyBinding([.enter, .char("v")], "Enter v", "Verify the hash chain", command: "verify"))
            b.append(KeyBinding.move)
            b.append(KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false))
        case .person, .user:
            b.append(KeyBinding([.enter], "Enter", mode == .person ? "Show who looked at this person" : "Show what this officer did", command: "run"))
            if focus == .input {
                b.append(KeyBinding([.down, .pageDown], "↓", "To the entries", command: "move", hint: false))
                b.append(KeyBinding([.ctrl("u")], "Ctrl-U", "Clear the field", command: "clear", hint: false))
            } else {
                b.append(KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓ PgUp PgDn Home End", "Move (↑ at the top: back to the field)",
                                    command: "move", hint: false))
                b.append(KeyBinding([.char("y")], "y", "Copy the entry", command: "copy"))
                b.append(KeyBinding([.backspace], "Backspace", "Back to the field", command: "edit", hint: false))
            }
        }
        return b
    }

    public var statusMessage: String {
        if verifying { return "Verifying…" }
        switch mode {
        case .verify: return report.map { "\($0.entries) entr\($0.entries == 1 ? "y" : "ies") checked" } ?? ""
        case .person, .user: return shown?.mode == mode ? "\(results.count) entr\(results.count == 1 ? "y" : "ies"), newest first" : ""
        }
    }

    var input: TextInput {
        get { mode == .user ? userInput : personInput }
        set { if mode == .user { userInput = newValue } else { personInput = newValue } }
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        do {
            try context.data.requireAuditPanel()
        } catch let failure as LoadFailure {
            refused = failure.message
            return .none
        } catch {
            refused = "\(error)"
            return .none
        }
        guard runAtStart else { return .none }
        return mode == .verify ? verify() : run()
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        if refused != nil {
            if case .layout(let r) = event { area = r; return .none }
            return .ignored
        }
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .command("mode", let key):
            let n = Mode.allCases.count
            mode = Mode(rawValue: (mode.rawValue + (key == .backTab ? n - 1 : 1)) % n)!
            focus = .input
            return .none
        case .command("run", _):
            return run()
        case .command("verify", _):
            return verify()
        case .command("clear", _):
            input.setText("")
            return .none
        case .command("edit", _):
            focus = .input
            input.backspace()
            return .none
        case .command("move", let key):
            if mode == .verify {
                _ = problems.move(key)
            } else if focus == .input {
                if results.count > 0, shown?.mode == mode { focus = .results }
            } else if key == .up && results.state.selected == 0 {
                focus = .input
            } else {
                _ = results.move(key)
            }
            return .none
        case .command("copy", _):
            let text = mode == .verify ? problems.selectedCopy : results.selectedCopy
            guard let text else { return .none }
            return .copy(text, what: mode == .verify ? "the problem" : "the entry")
        case .key(let key):
            guard mode != .verify else { return .ignored }
            if focus != .input, case .char = key { focus = .input }
            guard focus == .input else { return .ignored }
            var field = input
            guard field.handle(key) else { return .ignored }
            input = field
            return .none
        case .paste(let text):
            guard mode != .verify else { return .ignored }
            focus = .input
            var field = input
            field.insert(Sanitizer.sanitize(text).replacingOccurrences(of: "\n", with: " "))
            input = field
            return .none
        case .loaded("audit", let payload):
            guard let found = payload as? Found else { return .none }
            error = nil
            shown = (found.mode, found.query)
            showEntries(found.entries, mode: found.mode)
            return .none
        case .loaded("verify", let payload):
            guard let v = payload as? Verified else { return .none }
            verifying = false
            error = nil
            report = v.report
            problems.setRows(v.report.problems.map { p in
                TableRow([TableCell(String(p.id)), TableCell(p.kind.rawValue, style: Style(.statusError)), TableCell(p.explanation)])
            }, targets: v.report.problems.map { _ in nil }, copies: v.report.problems.map(\.description))
            return .none
        case .failed("audit", let message):
            error = message
            return .none
        case .failed("verify", let message):
            verifying = false
            error = message
            return .none
        case .mouse(let m):
            let (used, _) = mode == .verify ? problems.mouse(m) : results.mouse(m)
            if used && mode != .verify { focus = .results }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    mutating func run() -> ScreenEffect {
        let text = input.text.trimmingCharacters(in: .whitespaces)
        let mode = self.mode
        switch mode {
        case .verify:
            return verify()
        case .person:
            guard let id = Int64(text.filter { !$0.isWhitespace }) else {
                return .status(text.isEmpty ? "Type a person's virtual id first" : "A person id is a number, e.g. 1381424", .warning)
            }
            return .load(id: "audit", label: "Reading who looked at \(id)") { data in
                Found(mode: mode, query: String(id), entries: try data.auditEntries(person: id))
            }
        case .user:
            guard !text.isEmpty else { return .status("Type an officer's account first", .warning) }
            return .load(id: "audit", label: "Reading what \(text) did") { data in
                Found(mode: mode, query: text, entries: try data.auditEntries(user: text))
            }
        }
    }

    mutating func verify() -> ScreenEffect {
        verifying = true
        report = nil
        return .load(id: "verify", label: "Verifying the access log's hash chain") { data in Verified(report: try data.verifyAuditLog()) }
    }

    mutating func showEntries(_ entries: [AuditLog.Entry], mode: Mode) {
        results.emptyMessage = mode == .person ? "No one has opened this person's record (or it holds no such id)" : "This account has done nothing in Warden"
        results.setRows(entries.map { e in
            TableRow([TableCell(Self.when(e.at)), TableCell(e.user), TableCell(e.action, style: e.action == "view" ? nil : Style(.statusInfo)),
                      TableCell(Self.record(e)), TableCell(e.purpose ?? "none given", style: e.purpose == nil ? Style(.dim) : nil),
                      TableCell(e.role ?? "—"), TableCell(e.screen), TableCell(e.detail ?? "")])
        }, targets: entries.map { e in
            e.subjectType == "person" ? e.subjectID.flatMap(Int64.init).map { .person($0) } : nil
        }, copies: entries.map { e in
            "\(e.at) \(e.user) (\(e.role ?? "no role")) \(e.action) \(Self.record(e)) via \(e.screen)" + (e.purpose.map { ", purpose: \($0)" } ?? "")
                + (e.detail.map { " \($0)" } ?? "")
        })
        layoutPanels()
    }

    static func when(_ at: String) -> String {
        Format.date(at) + (at.count >= 16 ? " " + at.dropFirst(11).prefix(5) : "")
    }

    static func record(_ e: AuditLog.Entry) -> String {
        guard let t = e.subjectType else { return "—" }
        return t.replacingOccurrences(of: "_", with: " ") + (e.subjectID.map { " \($0)" } ?? "")
    }

    // MARK: Layout and render

    var tabs: Tabs { Tabs(["By person", "By officer", "Verify the chain"], selected: mode.rawValue) }

    /// Tabs, the field (or the verdict), a blank row, then the entries.
    func layout(_ area: Rect) -> (tabs: Rect, field: Rect, panel: Rect) {
        let r = area.splitVertically(.fixed(1), .fixed(mode == .verify ? 2 : 1), .fixed(1), .fill)
        return (r[0], r[1], r[3])
    }

    mutating func layoutPanels() {
        let saved = mode
        for m in [Mode.person, .verify] {
            mode = m
            let rect = layout(area).panel
            if m == .verify { problems.place(in: rect) } else { results.place(in: rect) }
        }
        mode = saved
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        if let refused {
            drawPanelMessage(refused, loading: "", into: &canvas, area: area)
            return
        }
        let l = layout(area)
        let ascii = canvas.symbols.isASCII
        tabs.render(into: &canvas, area: l.tabs)
        switch mode {
        case .person, .user:
            let label = mode == .person ? " Person id: " : " Officer: "
            let w = DisplayWidth.of(label)
            canvas.draw(label, in: Rect(x: l.field.x, y: l.field.y, width: w, height: 1), style: Style(.label))
            input.render(into: &canvas, area: Rect(x: l.field.x + w, y: l.field.y, width: max(0, l.field.width - w - 1), height: 1), isFocused: focus == .input)
            if let error {
                canvas.draw(" " + error, in: l.panel.row(0), style: Style(.statusError))
            } else if shown?.mode == mode {
                results.render(into: &canvas, area: l.panel, focused: focus == .results)
            } else {
                let hint = mode == .person ? "Type a virtual person id and press Enter: who looked at that record, when, and why."
                                           : "Type an officer's account and press Enter: what they searched, viewed, exported and changed."
                canvas.draw(" " + hint, in: l.panel.row(0), style: Style(.dim))
            }
        case .verify:
            if verifying {
                canvas.draw(" Checking every entry's hash and its link to the one before…", in: l.field.row(0), style: Style(.dim))
            } else if let error {
                canvas.draw(" " + error, in: l.field.row(0), style: Style(.statusError))
            } else if let r = report {
                let range = "\(r.firstID.map(String.init) ?? "-")\(ascii ? "..." : "…")\(r.lastID.map(String.init) ?? "-")"
                if r.intact {
                    canvas.draw(" \(ascii ? "+" : "✔") OK: the access log is intact. \(Format.count(r.entries)) entr\(r.entries == 1 ? "y" : "ies") (\(range)) checked"
                                + (r.redacted > 0 ? "; \(r.redacted) details pseudonymised by erasures." : "."), in: l.field.row(0), style: Style(.statusOK))
                } else {
                    canvas.draw(" \(ascii ? "x" : "✖") TAMPERED: \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s") in \(Format.count(r.entries)) entries;"
                                + " first at entry \(r.problems[0].id) (\(r.problems[0].kind.rawValue)).", in: l.field.row(0), style: Style(.statusError))
                }
                canvas.draw("   Checked in \(String(format: "%.2f", r.seconds)) s. This check is itself recorded in the log. Enter checks again.",
                            in: l.field.row(1), style: Style(.dim))
                if !r.intact { problems.render(into: &canvas, area: l.panel, focused: true) }
            } else {
                canvas.draw(" Press Enter to check every entry's hash and its link to the one before.", in: l.field.row(0), style: Style(.dim))
            }
        }
    }
}
