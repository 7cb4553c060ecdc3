import TerminalKit
import WardenLinkage
import WardenCore

/// How a participant's status is drawn: a symbol and a word as well as a colour, so it reads
/// the same in monochrome, in ASCII and to a screen reader.
enum PilotGlyph {
    static func symbol(_ s: PilotReport.Status, ascii: Bool) -> String {
        switch s {
        case .onTime: return ascii ? "+" : "✔"
        case .behind: return ascii ? "~" : "◷"
        case .blocked: return ascii ? "x" : "✖"
        }
    }

    /// "✔ on time".
    static func label(_ s: PilotReport.Status, ascii: Bool) -> String { symbol(s, ascii: ascii) + " " + s.rawValue }

    static func role(_ s: PilotReport.Status) -> Role {
        switch s {
        case .onTime: return .ragGreen
        case .behind: return .ragAmber
        case .blocked: return .ragRed
        }
    }

    /// "✔ 3 on time  ◷ 2 behind  ✖ 1 blocked" as styled spans.
    static func counts(_ r: PilotReport, ascii: Bool) -> [Span] {
        var spans: [Span] = []
        for s in PilotReport.Status.allCases {
            if !spans.isEmpty { spans.append(Span("  ")) }
            spans.append(Span("\(symbol(s, ascii: ascii)) \(r.counts[s.rawValue] ?? 0) \(s.rawValue)", style: Style(role(s))))
        }
        return spans
    }

    /// A share as a whole percentage ("97%"), or "—".
    static func percent(_ v: Double?, ascii: Bool = false) -> String {
        v.map { "\(Int(($0 * 100).rounded()))%" } ?? (ascii ? "-" : "—")
    }

    /// A dataset's state in a word or two, for a table cell.
    static func word(_ state: PilotReport.DatasetStatus.State) -> String {
        switch state {
        case .onTime: return "on time"
        case .late: return "late"
        case .overdue: return "overdue"
        case .notYetDue: return "not yet due"
        case .lowQuality: return "low quality"
        }
    }

    /// How a dataset's state looks.
    static func role(_ state: PilotReport.DatasetStatus.State) -> Role {
        switch state {
        case .onTime: return .statusOK
        case .notYetDue: return .dim
        case .late, .lowQuality: return .ragAmber
        case .overdue: return .ragRed
        }
    }
}

/// The message a panel shows while it loads, or in place of its data when the load failed (a
/// refusal under the access policy reads here, not just in the status bar).
func drawPanelMessage(_ error: String?, loading: String, into canvas: inout Canvas, area: Rect) {
    let lines = TextLayout.wrap(" " + (error ?? loading), width: max(1, area.width - 1))
    for (i, line) in lines.prefix(area.height).enumerated() {
        canvas.draw(line, in: area.row(i), style: Style(error == nil ? .dim : .statusError))
    }
}

// MARK: - Programmes

/// Every data-sharing programme with its participants' statuses; Enter opens one.
public struct PilotsScreen: DashboardScreen {
    struct Loaded: Sendable { var reports: [PilotReport] }

    var reports: [PilotReport]?
    var error: String?
    var panel = TablePanel(columns: [
        TableColumn("Programme", width: .flexible(min: 16, weight: 3)),
        TableColumn("Partners", width: .fixed(8), alignment: .right),
        TableColumn("On time", width: .fixed(7), alignment: .right),
        TableColumn("Behind", width: .fixed(6), alignment: .right),
        TableColumn("Blocked", width: .fixed(7), alignment: .right),
        TableColumn("Milestones", width: .flexible(min: 12, weight: 2)),
    ], emptyMessage: "No programmes loaded: load one with `warden pilots load FILE` (e.g. sample-data/pilots.toml)")
    var area = Rect.zero

    public init() {}

    public var title: String { "Pilots" }

    public var bindings: [KeyBinding] {
        [KeyBinding.move,
         KeyBinding([.enter], "Enter", "Open the programme", command: "open"),
         KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false),
         KeyBinding([.char("r"), .function(5)], "r F5", "Reload", command: "reload", hint: false)]
    }

    public var statusMessage: String {
        guard let r = reports else { return "" }
        return "\(r.count) programme\(r.count == 1 ? "" : "s")"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { load(context) }

    func load(_ context: ScreenContext) -> ScreenEffect {
        let today = context.today
        return .load(id: "pilots", label: "Reading the programmes") { data in Loaded(reports: try data.pilotReports(today: today)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            panel.area = r.inset(top: 1)
            return .none
        case .loaded("pilots", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            reports = loaded.reports
            error = nil
            panel.setRows(loaded.reports.map(Self.row), targets: loaded.reports.map { .pilot($0.programme) },
                          copies: loaded.reports.map { r in
                              "\(r.programme): " + PilotReport.Status.allCases.map { "\(r.counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                          })
            return .none
        case .failed("pilots", let message):
            error = message
            return .none
        case .appeared, .command("reload", _):
            return load(context)
        case .command("move", let key):
            _ = panel.move(key)
            return .none
        case .command("open", _):
            guard let t = panel.selectedTarget else { return .none }
            return .push(t.screen())
        case .command("copy", _):
            guard let text = panel.selectedCopy else { return .none }
            return .copy(text, what: "the row")
        case .mouse(let m):
            let (used, target) = panel.mouse(m)
            if let target { return .push(target.screen()) }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    static func row(_ r: PilotReport) -> TableRow {
        let done = r.milestones.filter { $0.state == .done }.count
        let late = r.milestones.filter { $0.state == .late }.count
        func n(_ s: PilotReport.Status) -> TableCell {
            let count = r.counts[s.rawValue] ?? 0
            return TableCell(String(count), style: count > 0 ? Style(PilotGlyph.role(s)) : nil)
        }
        return TableRow([TableCell(r.programme), TableCell(String(r.participants.count)), n(.onTime), n(.behind), n(.blocked),
                         TableCell("\(done) of \(r.milestones.count) done" + (late > 0 ? ", \(late) late" : ""), style: late > 0 ? Style(.ragAmber) : nil)])
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard let reports else {
            drawPanelMessage(error, loading: "Reading the programmes…", into: &canvas, area: area)
            return
        }
        let problems = reports.reduce(0) { $0 + $1.problems.count }
        let heading = " Programmes, statuses as of \(Format.date(context.today.description))"
            + (problems > 0 ? "; \(problems) problem\(problems == 1 ? "" : "s") in their files (open one to see)" : "")
        canvas.draw(heading, in: area.row(0), style: Style(problems > 0 ? .statusWarn : .emphasis))
        panel.render(into: &canvas, area: area.inset(top: 1), focused: true)
    }
}

// MARK: - One programme

/// One programme: each participant's status (symbol and word) with what it supplied, its
/// quality, blockers and why; the milestones as a Gantt chart with today marked; blockers,
/// lessons, the change history and any problems in the programme file. Enter on a participant
/// opens its data asks.
public struct PilotScreen: DashboardScreen, TabbedTablePanels {
    struct Loaded: Sendable { var report: PilotReport?; var history: [PilotChange] }

    enum Tab: Int, ScreenTab, Sendable { case participants, blockers, lessons, history, problems }

    public let programme: String
    var report: PilotReport?
    var history: [PilotChange] = []
    var loading = true
    var error: String?
    var tab = Tab.participants
    var participants = TablePanel(columns: [
        TableColumn("Status", width: .fixed(10)),
        TableColumn("Participant", width: .flexible(min: 12, weight: 2)),
        TableColumn("Supplied", width: .fixed(8), alignment: .right),
        TableColumn("Quality", width: .fixed(7), alignment: .right),
        TableColumn("Blockers", width: .fixed(8), alignment: .right),
        TableColumn("Why", width: .flexible(min: 12, weight: 4)),
    ], emptyMessage: "No participants in this programme")
    var blockers = TablePanel(columns: [
        TableColumn("State", width: .fixed(8)),
        TableColumn("Participant", width: .flexible(min: 12, weight: 2)),
        TableColumn("Raised", width: .fixed(10)),
        TableColumn("Resolved", width: .fixed(10)),
        TableColumn("Blocker", width: .flexible(min: 16, weight: 5)),
    ], emptyMessage: "No blockers recorded")
    var lessons = TablePanel(columns: [TableColumn("Lesson", width: .flexible(min: 10))], emptyMessage: "No lessons recorded yet")
    var changes = TablePanel(columns: [
        TableColumn("When", width: .fixed(16)),
        TableColumn("Who", width: .flexible(min: 8, weight: 1)),
        TableColumn("Change", width: .flexible(min: 16, weight: 4)),
    ], emptyMessage: "No changes recorded")
    var problems = TablePanel(columns: [
        TableColumn("File", width: .flexible(min: 6, weight: 1)),
        TableColumn("Line", width: .fixed(5), alignment: .right),
        TableColumn("Problem (this part of the file was left out)", width: .flexible(min: 20, weight: 6)),
    ], emptyMessage: "The programme file had no problems")
    var area = Rect.zero

    /// The programme called `programme` (case-insensitive), loaded when shown.
    public init(programme: String) {
        self.programme = programme
    }

    public var title: String { report?.programme ?? programme }

    public var bindings: [KeyBinding] {
        guard report != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        var b = [
            KeyBinding([.tab, .right], "Tab →", "Next section", command: "nextTab"),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous section", command: "previousTab", hint: false),
            KeyBinding((1...5).map { .char(Character(String($0))) }, "1-5", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
        ]
        if tab == .participants { b.append(KeyBinding([.enter], "Enter", "Open the participant's data asks", command: "open")) }
        b.append(KeyBinding([.char("y")], "y", "Copy the row", command: "copy"))
        b.append(KeyBinding([.char("r"), .function(5)], "r F5", "Reload (statuses are derived afresh)", command: "reload", hint: false))
        return b
    }

    public var statusMessage: String {
        guard let r = report else { return loading ? "Opening…" : "" }
        return "\(Format.plural(r.participants.count, "participant")), \(Format.plural(r.milestones.count, "milestone"))"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { load(context) }

    mutating func load(_ context: ScreenContext) -> ScreenEffect {
        loading = true
        let name = programme, today = context.today
        return .load(id: "pilot", label: "Opening \(name)") { data in
            let found = try data.pilotReport(name, today: today)
            return Loaded(report: found?.report, history: found?.history ?? [])
        }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .loaded("pilot", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            if let r = loaded.report { show(r, history: loaded.history) } else { error = "No programme called \u{2018}\(programme)\u{2019}: list them with :pilots." }
            return .none
        case .failed("pilot", let message):
            loading = false
            error = message
            return .none
        case .appeared, .command("reload", _):
            return load(context)
        case .command(let name, let key) where tab.following(name, key) != nil:
            tab = tab.following(name, key)!
            return .none
        case .command("move", let key):
            withPanel { _ = $0.move(key) }
            return .none
        case .command("open", _):
            guard tab == .participants, let r = report, !r.participants.isEmpty else { return .none }
            let p = r.participants[min(participants.state.selected, r.participants.count - 1)]
            return .push(ParticipantScreen(programme: r.programme, participant: p.name))
        case .command("copy", _):
            guard let text = withPanel({ $0.selectedCopy }) ?? nil else { return .none }
            return .copy(text, what: "the row")
        case .mouse(let m):
            let l = layout(area)
            if case .press(.left) = m.action, l.tabs.contains(m.position) {
                if let i = tabs.index(atX: m.position.x, area: l.tabs), let t = Tab(rawValue: i) { tab = t }
                return .none
            }
            let (used, _) = withPanel { $0.mouse(m) }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    mutating func show(_ r: PilotReport, history: [PilotChange]) {
        report = r
        self.history = history
        error = nil
        participants.setRows(Self.participantRows(r, ascii: false), targets: r.participants.map { _ in nil }, copies: r.participants.map { p in
            "\(p.name): \(p.status.rawValue), \(p.supplied) of \(p.asked) supplied" + (p.reasons.isEmpty ? "" : "; " + p.reasons.joined(separator: "; "))
        })
        let b = r.blockers.sorted { ($0.isOpen ? 0 : 1, $0.raised?.iso ?? "") < ($1.isOpen ? 0 : 1, $1.raised?.iso ?? "") }
        blockers.setRows(b.map { x in
            TableRow([TableCell(x.isOpen ? "open" : "resolved", style: Style(x.isOpen ? .ragRed : .dim)), TableCell(x.participant),
                      TableCell(Format.date(x.raised?.iso)), TableCell(x.resolved.map { Format.date($0.iso) } ?? ""), TableCell(x.description)])
        }, targets: b.map { _ in nil }, copies: b.map { "\($0.participant): \($0.description)" + ($0.isOpen ? " (open)" : " (resolved)") })
        lessons.setRows(r.lessons.map { TableRow([$0]) }, targets: r.lessons.map { _ in nil }, copies: r.lessons)
        changes.setRows(history.map { h in TableRow([Self.when(h.at), h.user, Self.describe(h)]) }, targets: history.map { _ in nil },
                        copies: history.map { "\(Self.when($0.at)) \($0.user): \(Self.describe($0))" })
        let parsed = r.problems.map(Self.splitProblem)
        problems.setRows(parsed.map { p in TableRow([TableCell(p.file), TableCell(p.line), TableCell(p.text, style: Style(.statusWarn))]) },
                         targets: r.problems.map { _ in nil }, copies: r.problems)
        layoutPanels()
    }

    /// "/some/dir/pilots.toml:111: dataset.participant: unknown…" → ("pilots.toml", "111", "dataset.participant: unknown…").
    static func splitProblem(_ message: String) -> (file: String, line: String, text: String) {
        let parts = message.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, Int(parts[1]) != nil else {
            guard parts.count >= 2, parts[0].contains("/") || parts[0].hasSuffix(".toml") else { return ("", "", message) }
            return (String(parts[0].split(separator: "/").last ?? ""), "", parts.dropFirst().joined(separator: ":").trimmingCharacters())
        }
        return (String(parts[0].split(separator: "/").last ?? ""), parts[1], parts[2].trimmingCharacters())
    }

    static func when(_ at: String) -> String {
        Format.date(at) + (at.count >= 16 ? " " + at.dropFirst(11).prefix(5) : "")
    }

    static func describe(_ h: PilotChange) -> String {
        var s = h.entity + (h.entityID.map { " \($0)" } ?? "") + (h.field.map { " \($0)" } ?? "")
        if let before = h.before, !before.isEmpty { s += ": \(before) → \(h.after ?? "—")" } else if let after = h.after { s += ": \(after)" }
        return s
    }

    /// Participant rows; the status cell's symbol follows the screen's symbol set.
    static func participantRows(_ r: PilotReport, ascii: Bool) -> [TableRow] {
        r.participants.map { p in
            let why: String
            if let first = p.reasons.first {
                why = first + (p.reasons.count > 1 ? " (+\(p.reasons.count - 1) more)" : "")
            } else {
                let pending = p.datasets.filter { $0.state == .notYetDue }.count
                why = pending > 0 ? "\(pending) not yet due" : (p.asked == 0 ? "nothing asked" : "all supplied on time")
            }
            return TableRow([
                TableCell(PilotGlyph.label(p.status, ascii: ascii), style: Style(PilotGlyph.role(p.status))),
                TableCell(p.name + (p.isLocal ? " (live)" : "")),
                TableCell("\(p.supplied) of \(p.asked)"),
                TableCell(PilotGlyph.percent(p.quality, ascii: ascii)),
                TableCell(p.openBlockers.isEmpty ? "none" : "\(p.openBlockers.count) open", style: p.openBlockers.isEmpty ? Style(.dim) : Style(.ragRed)),
                TableCell(why),
            ])
        }
    }

    /// The milestones as Gantt rows: planned span, and the actual span so far (to today while running).
    static func ganttRows(_ r: PilotReport, today: CalendarDay) -> [GanttChart.Row] {
        r.milestones.map { m in
            let ps = Format.day(m.plannedStart), pe = Format.day(m.plannedEnd)
            let planned: ClosedRange<CalendarDay>? = {
                guard let a = ps ?? pe, let b = pe ?? ps else { return nil }
                return min(a, b)...max(a, b)
            }()
            var actual: ClosedRange<CalendarDay>?
            if let a = Format.day(m.actualStart) {
                let b = Format.day(m.actualEnd) ?? max(a, today)
                actual = a...max(a, b)
            }
            let marker: String
            switch m.state {
            case .done: marker = ""
            case .inProgress: marker = " (running)"
            case .late: marker = " (late)"
            case .notStarted: marker = ""
            }
            return GanttChart.Row(m.name + marker, planned: planned, actual: actual)
        }
    }

    @discardableResult
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R {
        switch tab {
        case .participants: return body(&participants)
        case .blockers: return body(&blockers)
        case .lessons: return body(&lessons)
        case .history: return body(&changes)
        case .problems: return body(&problems)
        }
    }

    func panel(_ t: Tab) -> TablePanel {
        switch t {
        case .participants: return participants
        case .blockers: return blockers
        case .lessons: return lessons
        case .history: return changes
        case .problems: return problems
        }
    }

    // MARK: Layout and render

    var tabs: Tabs {
        let open = report?.blockers.filter(\.isOpen).count ?? 0
        return Tabs(["Participants (\(participants.count))", "Blockers (\(open) open)", "Lessons (\(lessons.count))",
                     "History (\(changes.count))", "File problems (\(problems.count))"], selected: tab.rawValue)
    }

    struct Layout {
        var heading: Rect
        var banner: Rect
        var tabs: Rect
        var panel: Rect
        var gantt: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let bannerRows = (report?.problems.isEmpty ?? true) ? 0 : 1
        let r = area.splitVertically(.fixed(1), .fixed(bannerRows), .fixed(1), .fill)
        var panel = r[3]
        var gantt = Rect(x: panel.x, y: panel.maxY, width: panel.width, height: 0)
        if tab == .participants, let m = report?.milestones, !m.isEmpty, panel.height >= 8 {
            // The chart: an axis row, a row per milestone and a legend; at most half the space.
            let h = min(m.count + 2, max(3, panel.height / 2))
            let parts = panel.splitVertically(.fill, .fixed(h))
            panel = parts[0]
            gantt = parts[1]
        }
        return Layout(heading: r[0], banner: r[1], tabs: r[2], panel: panel, gantt: gantt)
    }

    var panelRect: Rect { layout(area).panel }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard let r = report else {
            drawPanelMessage(error, loading: "Opening \(programme)…", into: &canvas, area: area)
            return
        }
        let l = layout(area)
        let ascii = canvas.symbols.isASCII
        canvas.draw(" " + r.programme, in: l.heading, style: Style(.emphasis))
        let used = 1 + DisplayWidth.of(Sanitizer.sanitize(r.programme))
        let counts = PilotGlyph.counts(r, ascii: ascii)
        let countsWidth = counts.reduce(0) { $0 + DisplayWidth.of($1.text) }
        if l.heading.width - used - 2 >= countsWidth {
            canvas.draw(counts, at: Point(x: l.heading.maxX - countsWidth - 1, y: l.heading.y), maxWidth: countsWidth)
        }
        if !l.banner.isEmpty {
            let n = r.problems.count
            let first = Self.splitProblem(r.problems[0])
            let text = "\(ascii ? "!" : "⚠") \(n) bad line\(n == 1 ? "" : "s") in the programme file (tab 5); the rest is shown. "
                + (first.line.isEmpty ? first.text : "Line \(first.line): \(first.text)")
            canvas.fill(l.banner, style: Style(.statusWarn))
            canvas.draw(" " + text, in: l.banner, style: Style(.statusWarn))
        }
        tabs.render(into: &canvas, area: l.tabs)
        var shown = panel(tab)
        if tab == .participants { shown.rows = Self.participantRows(r, ascii: ascii) }
        shown.render(into: &canvas, area: l.panel, focused: true)
        if !l.gantt.isEmpty {
            GanttChart(Self.ganttRows(r, today: context.today), today: context.today).render(into: &canvas, area: l.gantt.inset(left: 1, right: 1))
        }
    }
}

// MARK: - One participant

/// One participant of a programme: its status and why, each dataset asked of it (due, supplied,
/// quality, state, why), its blockers and the history of changes to them.
public struct ParticipantScreen: DashboardScreen, TabbedTablePanels {
    struct Loaded: Sendable { var participant: PilotReport.ParticipantStatus?; var blockers: [Programme.Blocker]; var history: [PilotChange]; var canEdit = false }
    /// A change saved; its words for the status line.
    struct Changed: Sendable { var done: String }

    /// What a prompt over the participant is asking.
    enum Prompt: Sendable {
        /// The day a dataset was supplied (then its quality).
        case supplied(id: Int64, dataset: String, TextInput)
        case quality(id: Int64, dataset: String, on: CivilDate, TextInput)
        /// The day a blocker was resolved.
        case resolve(id: Int64, blocker: String, TextInput)
        /// A new blocker's description.
        case raise(TextInput)
        /// A refused change.
        case message(String, String)
    }

    enum Tab: Int, ScreenTab, Sendable { case asks, blockers, history }

    public let programme: String
    public let participant: String
    var status: PilotReport.ParticipantStatus?
    var loading = true
    var error: String?
    var tab = Tab.asks
    var asks = TablePanel(columns: [
        TableColumn("Dataset", width: .flexible(min: 14, weight: 2)),
        TableColumn("Due", width: .fixed(10)),
        TableColumn("Supplied", width: .fixed(10)),
        TableColumn("Quality", width: .fixed(7), alignment: .right),
        TableColumn("Status", width: .fixed(13)),
        TableColumn("Why", width: .flexible(min: 12, weight: 4)),
    ], emptyMessage: "Nothing was asked of this participant")
    var blockers = TablePanel(columns: [
        TableColumn("State", width: .fixed(8)),
        TableColumn("Raised", width: .fixed(10)),
        TableColumn("Resolved", width: .fixed(10)),
        TableColumn("Blocker", width: .flexible(min: 16, weight: 5)),
    ], emptyMessage: "No blockers recorded")
    var changes = TablePanel(columns: [
        TableColumn("When", width: .fixed(16)),
        TableColumn("Who", width: .flexible(min: 8, weight: 1)),
        TableColumn("Change", width: .flexible(min: 16, weight: 4)),
    ], emptyMessage: "No changes recorded since the programme was loaded")
    var area = Rect.zero
    /// The rows behind the data-asks and blockers tables, for the changes made on them.
    var datasets: [PilotReport.DatasetStatus] = []
    var blockerList: [Programme.Blocker] = []
    /// The officer's role may change programmes (the keys are offered only then).
    var canEdit = false
    var prompt: Prompt?
    var saving = false

    public init(programme: String, participant: String) {
        self.programme = programme
        self.participant = participant
    }

    public var title: String { participant }

    public var capturesText: Bool {
        switch prompt {
        case .supplied, .quality, .resolve, .raise: return true
        case .message, nil: return false
        }
    }

    public var bindings: [KeyBinding] {
        if let prompt {
            if case .message = prompt { return [KeyBinding([.enter, .escape], "Enter Esc", "Close", command: "prompt.cancel")] }
            return [KeyBinding([.enter], "Enter", "OK", command: "prompt.ok"), KeyBinding([.escape], "Esc", "Cancel", command: "prompt.cancel")]
        }
        guard status != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        var b = [
            KeyBinding([.tab, .right], "Tab →", "Next section", command: "nextTab"),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous section", command: "previousTab", hint: false),
            KeyBinding((1...3).map { .char(Character(String($0))) }, "1-3", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
        ]
        if canEdit && tab == .asks { b.append(KeyBinding([.char("s")], "s", "Record the dataset as supplied", command: "supplied")) }
        if canEdit && tab == .blockers {
            b.append(KeyBinding([.char("b")], "b", "Raise a blocker", command: "raise"))
            b.append(KeyBinding([.char("x")], "x", "Resolve the blocker", command: "resolve"))
        }
        b.append(KeyBinding([.char("y")], "y", "Copy the row", command: "copy"))
        b.append(KeyBinding([.char("r"), .function(5)], "r F5", "Reload", command: "reload", hint: false))
        return b
    }

    public var statusMessage: String {
        guard let p = status else { return loading ? "Opening…" : "" }
        return "\(p.supplied) of \(p.asked) datasets supplied"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { load(context) }

    mutating func load(_ context: ScreenContext) -> ScreenEffect {
        loading = true
        let programme = self.programme, who = participant, today = context.today
        return .load(id: "participant", label: "Opening \(who)") { data in
            guard let found = try data.pilotReport(programme, today: today, historyLimit: 1000),
                  let p = found.report.participants.first(where: { $0.name == who }) else { return Loaded(participant: nil, blockers: [], history: []) }
            let canEdit = data.canEditPilots
            let blockers = found.report.blockers.filter { $0.participant == who }
            let datasetIDs = Set(p.datasets.compactMap(\.id)), blockerIDs = Set(blockers.compactMap(\.id))
            let history = found.history.filter { h in
                switch h.entity {
                case "dataset": return h.entityID.map(datasetIDs.contains) ?? false
                case "blocker": return h.entityID.map(blockerIDs.contains) ?? false || (h.after?.hasPrefix(who + ":") ?? false)
                default: return false
                }
            }
            return Loaded(participant: p, blockers: blockers, history: history, canEdit: canEdit)
        }
    }

    /// Saves a change, then reopens the participant so the statuses are derived afresh.
    mutating func save(_ edit: PilotStore.Edit, done: String) -> ScreenEffect {
        guard !saving else { return .none }
        saving = true
        let programme = self.programme
        return .load(id: "pilot-change", label: "Saving") { data in
            try data.changePilot(programme, edit)
            return Changed(done: done)
        }
    }

    mutating func promptCommand(_ command: String, _ context: ScreenContext) -> ScreenEffect {
        guard let p = prompt else { return .none }
        if command == "prompt.cancel" { prompt = nil; return .none }
        switch p {
        case .supplied(let id, let name, let input):
            guard let on = Format.typedDay(input.text, today: context.today).map(CivilDate.init) else {
                return .status("\u{201C}\(input.text)\u{201D} is not a date: type dd/mm/yyyy (empty: today)", .warning)
            }
            var q = TextInput(placeholder: "e.g. 92 (empty: not assessed)")
            if let d = datasets.first(where: { $0.id == id }), let old = d.quality { q.setText(String(format: "%.0f", old * 100)) }
            prompt = .quality(id: id, dataset: name, on: on, q)
            return .none
        case .quality(let id, let name, let on, let input):
            let t = input.text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
            var quality: Double?
            if !t.isEmpty {
                guard let v = Double(t), v >= 0, v <= 100 else {
                    return .status("\u{201C}\(input.text)\u{201D} is not a percentage: type 0 to 100 (empty: not assessed)", .warning)
                }
                quality = v / 100
            }
            prompt = nil
            return save(.datasetSupplied(datasetID: id, date: on, quality: quality),
                        done: "\(name) recorded as supplied on \(Format.date(on.iso))" + (quality.map { ", quality \(PilotGlyph.percent($0))" } ?? ""))
        case .resolve(let id, let text, let input):
            guard let on = Format.typedDay(input.text, today: context.today).map(CivilDate.init) else {
                return .status("\u{201C}\(input.text)\u{201D} is not a date: type dd/mm/yyyy (empty: today)", .warning)
            }
            prompt = nil
            return save(.resolveBlocker(blockerID: id, on: on), done: "Blocker resolved on \(Format.date(on.iso)): \(text)")
        case .raise(let input):
            let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return .status("Describe the blocker first", .warning) }
            prompt = nil
            return save(.addBlocker(participant: participant, description: text, raised: CivilDate(context.today)), done: "Blocker raised: \(text)")
        case .message:
            prompt = nil
            return .none
        }
    }

    /// Opens the prompt for a change on the selected row.
    mutating func begin(_ command: String) -> ScreenEffect {
        guard canEdit, status != nil else { return .ignored }
        switch command {
        case "supplied":
            guard tab == .asks, !datasets.isEmpty else { return .none }
            let d = datasets[min(asks.state.selected, datasets.count - 1)]
            guard let id = d.id else { return .status("\(d.name) is not recorded in the programme file", .warning) }
            if d.live { return .status("\(d.name) is supplied by this warehouse's own loads: its date and quality come from them", .warning) }
            var input = TextInput(placeholder: "dd/mm/yyyy (empty: today)")
            if let s = d.supplied { input.setText(Format.date(s)) }
            prompt = .supplied(id: id, dataset: d.name, input)
        case "raise":
            guard tab == .blockers else { return .none }
            prompt = .raise(TextInput(placeholder: "what is in the way, and who can clear it"))
        case "resolve":
            guard tab == .blockers, !blockerList.isEmpty else { return .none }
            let x = blockerList[min(blockers.state.selected, blockerList.count - 1)]
            guard x.isOpen else { return .status("That blocker was resolved on \(Format.date(x.resolved?.iso))") }
            guard let id = x.id else { return .none }
            prompt = .resolve(id: id, blocker: x.description, TextInput(placeholder: "dd/mm/yyyy (empty: today)"))
        default:
            return .ignored
        }
        return .none
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .loaded("participant", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            canEdit = loaded.canEdit
            if let p = loaded.participant { show(p, blockers: loaded.blockers, history: loaded.history) } else {
                error = "\(participant) no longer takes part in \(programme)."
            }
            return .none
        case .failed("participant", let message):
            loading = false
            error = message
            return .none
        case .loaded("pilot-change", let payload):
            saving = false
            guard let changed = payload as? Changed else { return .none }
            return .status(changed.done, .success) + load(context)
        case .failed("pilot-change", let message):
            saving = false
            prompt = .message("Not changed", message)
            return .none
        case .command(let name, _) where name.hasPrefix("prompt."):
            return promptCommand(name, context)
        case .key(let key):
            switch prompt {
            case .supplied(let id, let n, var input): guard input.handle(key) else { return .none }; prompt = .supplied(id: id, dataset: n, input)
            case .quality(let id, let n, let on, var input): guard input.handle(key) else { return .none }; prompt = .quality(id: id, dataset: n, on: on, input)
            case .resolve(let id, let t, var input): guard input.handle(key) else { return .none }; prompt = .resolve(id: id, blocker: t, input)
            case .raise(var input): guard input.handle(key) else { return .none }; prompt = .raise(input)
            case .message, nil: return .ignored
            }
            return .none
        case .paste(let text):
            switch prompt {
            case .supplied(let id, let n, var input): input.insert(text); prompt = .supplied(id: id, dataset: n, input)
            case .quality(let id, let n, let on, var input): input.insert(text); prompt = .quality(id: id, dataset: n, on: on, input)
            case .resolve(let id, let t, var input): input.insert(text); prompt = .resolve(id: id, blocker: t, input)
            case .raise(var input): input.insert(text); prompt = .raise(input)
            case .message, nil: return .ignored
            }
            return .none
        case .command(let name, _) where ["supplied", "raise", "resolve"].contains(name):
            return begin(name)
        case .command("reload", _):
            return load(context)
        case .command(let name, let key) where tab.following(name, key) != nil:
            tab = tab.following(name, key)!
            return .none
        case .command("move", let key):
            withPanel { _ = $0.move(key) }
            return .none
        case .command("copy", _):
            guard let text = withPanel({ $0.selectedCopy }) ?? nil else { return .none }
            return .copy(text, what: "the row")
        case .mouse(let m):
            guard prompt == nil else { return .ignored }
            let (used, _) = withPanel { $0.mouse(m) }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    mutating func show(_ p: PilotReport.ParticipantStatus, blockers list: [Programme.Blocker], history: [PilotChange]) {
        status = p
        error = nil
        datasets = p.datasets
        blockerList = list
        asks.setRows(p.datasets.map { d in
            TableRow([TableCell(d.name), TableCell(Format.date(d.due)), TableCell(d.supplied.map { Format.date($0) } ?? "not yet"),
                      TableCell(PilotGlyph.percent(d.quality)), TableCell(PilotGlyph.word(d.state), style: Style(PilotGlyph.role(d.state))),
                      TableCell(Self.why(d))])
        }, targets: p.datasets.map { _ in nil }, copies: p.datasets.map { d in
            "\(d.name): due \(Format.date(d.due)), \(d.state.rawValue)" + (d.supplied.map { ", supplied \(Format.date($0))" } ?? "") + " — \(Self.why(d))"
        })
        blockers.setRows(list.map { x in
            TableRow([TableCell(x.isOpen ? "open" : "resolved", style: Style(x.isOpen ? .ragRed : .dim)), TableCell(Format.date(x.raised?.iso)),
                      TableCell(x.resolved.map { Format.date($0.iso) } ?? ""), TableCell(x.description)])
        }, targets: list.map { _ in nil }, copies: list.map(\.description))
        changes.setRows(history.map { h in TableRow([PilotScreen.when(h.at), h.user, PilotScreen.describe(h)]) }, targets: history.map { _ in nil },
                        copies: history.map { "\(PilotScreen.when($0.at)) \($0.user): \(PilotScreen.describe($0))" })
        layoutPanels()
    }

    /// Why a dataset is in its state, in words.
    static func why(_ d: PilotReport.DatasetStatus) -> String {
        var parts: [String] = []
        switch d.state {
        case .overdue: parts.append("nothing supplied by the due date")
        case .late:
            if let s = Format.day(d.supplied), let due = Format.day(d.due) { parts.append("\(s.ordinal - due.ordinal) days after the due date") }
        case .lowQuality: if !d.live, let q = d.quality { parts.append("quality \(PilotGlyph.percent(q)) below the threshold") }
        case .onTime, .notYetDue: break
        }
        if let detail = d.detail { parts.append(detail) }
        return parts.isEmpty ? "—" : parts.joined(separator: "; ")
    }

    @discardableResult
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R {
        switch tab {
        case .asks: return body(&asks)
        case .blockers: return body(&blockers)
        case .history: return body(&changes)
        }
    }

    var currentPanel: TablePanel {
        switch tab {
        case .asks: return asks
        case .blockers: return blockers
        case .history: return changes
        }
    }

    var tabs: Tabs {
        Tabs(["Data asks (\(asks.count))", "Blockers (\(blockers.count))", "History (\(changes.count))"], selected: tab.rawValue)
    }

    /// Heading, status line, up to three reasons, then tabs and the panel.
    func layout(_ area: Rect) -> (heading: Rect, status: Rect, reasons: Rect, tabs: Rect, panel: Rect) {
        let reasons = min(status?.reasons.count ?? 0, area.height >= 16 ? 3 : 1)
        let r = area.splitVertically(.fixed(1), .fixed(1), .fixed(reasons), .fixed(1), .fill)
        return (r[0], r[1], r[2], r[3], r[4])
    }

    var panelRect: Rect { layout(area).panel }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard let p = status else {
            drawPanelMessage(error, loading: "Opening \(participant)…", into: &canvas, area: area)
            return
        }
        let l = layout(area)
        let ascii = canvas.symbols.isASCII
        var heading = [Span(" " + p.name, style: Style(.emphasis)), Span("  \(p.kind)" + (p.contact.map { ", \($0)" } ?? ""), style: Style(.dim))]
        if p.isLocal { heading.append(Span("  live from this warehouse's loads", style: Style(.statusInfo))) }
        canvas.draw(heading, at: l.heading.origin, maxWidth: l.heading.width)
        canvas.draw([Span(" " + PilotGlyph.label(p.status, ascii: ascii), style: Style(PilotGlyph.role(p.status))),
                     Span(" \(ascii ? "-" : "—") \(p.supplied) of \(p.asked) supplied" + (p.quality.map { ", lowest quality \(PilotGlyph.percent($0))" } ?? "")
                          + ". \(p.status.meaning).")],
                    at: l.status.origin, maxWidth: l.status.width)
        for (i, reason) in p.reasons.prefix(l.reasons.height).enumerated() {
            let more = i == l.reasons.height - 1 && p.reasons.count > l.reasons.height ? " (+\(p.reasons.count - l.reasons.height) more)" : ""
            canvas.draw("   \(ascii ? "*" : "•") " + reason + more, in: l.reasons.row(i), style: Style(.text))
        }
        tabs.render(into: &canvas, area: l.tabs)
        currentPanel.render(into: &canvas, area: l.panel, focused: prompt == nil)
        renderPrompt(into: &canvas, area: area)
    }

    func renderPrompt(into canvas: inout Canvas, area: Rect) {
        guard let prompt else { return }
        let box: FraudBox
        switch prompt {
        case .supplied(_, let name, let input):
            box = FraudBox(title: "\(name): supplied", lines: ["Supplied on (dd/mm/yyyy; empty: today):"], input: input, hint: "Enter: next · Esc: cancel")
        case .quality(_, let name, let on, let input):
            box = FraudBox(title: "\(name): supplied \(Format.date(on.iso))", lines: ["Quality, % of records usable (empty: not assessed):"], input: input,
                           hint: "Enter: save · Esc: cancel")
        case .resolve(_, let text, let input):
            box = FraudBox(title: "Resolve a blocker", lines: [text, "Resolved on (dd/mm/yyyy; empty: today):"], input: input, hint: "Enter: resolve · Esc: cancel")
        case .raise(let input):
            box = FraudBox(title: "Raise a blocker for \(participant)", lines: ["What is in the way:"], input: input, hint: "Enter: raise · Esc: cancel")
        case .message(let title, let text):
            box = FraudBox(title: title, lines: [text], hint: "Enter or Esc: close", lineStyle: Style(.statusWarn))
        }
        box.render(into: &canvas, area: area)
    }
}
