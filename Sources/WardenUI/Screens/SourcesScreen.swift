import TerminalKit
import WardenCore

/// How the sources panels write a share ("97.2%") and a count lost at the merge ("3 (12.5%)").
enum SourceFormat {
    static func percent(_ v: Double?, ascii: Bool = false) -> String {
        guard let v else { return ascii ? "-" : "—" }
        let tenths = Int((v * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func lost(_ s: SourcesReport.Source, ascii: Bool = false) -> String {
        guard let n = s.lostAtMerge else { return ascii ? "-" : "—" }
        return Format.count(n) + (s.lostShare.map { " (\(percent($0)))" } ?? "")
    }

    /// "2 d" for two days since the last load.
    static func age(_ days: Int) -> String { days < 0 ? "0 d" : "\(days) d" }

    /// Records lost at the merge, oldest load first (a load without the figure is a gap, not a zero).
    static func lostTrend(_ s: SourcesReport.Source) -> Sparkline? {
        let values = s.trend.map { $0.unmatched.map(Double.init) ?? .nan }
        guard s.trend.contains(where: { $0.unmatched != nil }) else { return nil }
        return Sparkline(values, style: Style(.sparkline))
    }
}

/// Every loaded source: rows, rejects, freshness, match rates to the UPRN and to persons,
/// records lost at the merge and their trend across loads. Enter opens a source.
public struct SourcesScreen: DashboardScreen {
    struct Loaded: Sendable { var report: SourcesReport }

    var report: SourcesReport?
    var error: String?
    var panel = TablePanel(columns: SourcesScreen.columns, emptyMessage: "No sources loaded: build the warehouse with `warden build --from DIR`")
    var area = Rect.zero

    static let columns = [
        TableColumn("Source", width: .flexible(min: 14, weight: 3)),
        TableColumn("Rows", width: .fixed(6), alignment: .right),
        TableColumn("Rejected", width: .fixed(8), alignment: .right),
        TableColumn("Age", width: .fixed(5), alignment: .right),
        TableColumn("UPRN", width: .fixed(6), alignment: .right),
        TableColumn("Persons", width: .fixed(7), alignment: .right),
        TableColumn("Lost at merge", width: .fixed(13), alignment: .right),
        TableColumn("Trend", width: .fixed(6)),
        TableColumn("Last load", width: .fixed(10)),
        TableColumn("System", width: .flexible(min: 10, weight: 1)),
    ]

    public init() {}

    public var title: String { "Data sources" }

    public var bindings: [KeyBinding] {
        [KeyBinding.move,
         KeyBinding([.enter], "Enter", "Open the source", command: "open"),
         KeyBinding([.char("y")], "y", "Copy the row", command: "copy"),
         KeyBinding([.char("r"), .function(5)], "r F5", "Reload", command: "reload", hint: false)]
    }

    public var statusMessage: String {
        guard let r = report else { return "" }
        let lost = r.sources.compactMap(\.lostAtMerge).reduce(0, +)
        return "\(r.sources.count) sources, \(Format.count(lost)) records lost at the merge"
            + (r.linksOutOfDate ? "; linked by an older engine: run `warden link` to relink" : "")
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { load(context) }

    func load(_ context: ScreenContext) -> ScreenEffect {
        let today = context.today
        return .load(id: "sources", label: "Reading the sources") { data in Loaded(report: try data.sourcesReport(today: today)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            panel.area = tableArea(r)
            panel.state.select(panel.state.selected, count: panel.count, visibleRows: Table.visibleRows(in: panel.area))
            return .none
        case .loaded("sources", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            report = loaded.report
            error = nil
            let s = loaded.report.sources
            panel.setRows(Self.rows(loaded.report, symbols: .unicode), targets: s.map { _ in nil }, copies: s.map { x in
                "\(x.title): \(x.rows) rows, \(x.rejected) rejected, extract \(x.extractDate.map { Format.date($0) } ?? "date not recorded") (\(x.age) days old), loaded \(Format.date(x.lastLoad)), "
                    + "UPRN \(SourceFormat.percent(x.uprnRate)), persons \(SourceFormat.percent(x.personRate)), lost at merge \(SourceFormat.lost(x))"
            })
            return .none
        case .failed("sources", let message):
            error = message
            return .none
        case .command("reload", _):
            return load(context)
        case .command("move", let key):
            _ = panel.move(key)
            return .none
        case .command("open", _):
            guard let r = report, !r.sources.isEmpty else { return .none }
            return .push(SourceScreen(source: r.sources[min(panel.state.selected, r.sources.count - 1)].name))
        case .command("copy", _):
            guard let text = panel.selectedCopy else { return .none }
            return .copy(text, what: "the row")
        case .mouse(let m):
            let before = panel.state.selected
            let (used, _) = panel.mouse(m)
            if case .press(.left) = m.action, used, before == panel.state.selected, let r = report, !r.sources.isEmpty,
               panel.table.row(at: m.position, area: panel.area, state: panel.state) == before {
                return .push(SourceScreen(source: r.sources[before].name))
            }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    static func rows(_ r: SourcesReport, symbols: Symbols) -> [TableRow] {
        r.sources.map { s in
            let fresh = FreshnessTile.role(days: s.age)
            return TableRow([
                TableCell(s.title),
                TableCell(Format.count(s.rows)),
                TableCell(Format.count(s.rejected), style: s.rejected > 0 ? Style(.statusWarn) : nil),
                TableCell(SourceFormat.age(s.age), style: Style(fresh)),
                TableCell(SourceFormat.percent(s.uprnRate, ascii: symbols.isASCII)),
                TableCell(SourceFormat.percent(s.personRate, ascii: symbols.isASCII)),
                TableCell(SourceFormat.lost(s, ascii: symbols.isASCII), style: (s.lostAtMerge ?? 0) > 0 ? Style(.statusWarn) : nil),
                TableCell(SourceFormat.lostTrend(s)?.line(width: 6, symbols: symbols) ?? (symbols.isASCII ? "-" : "—"), style: Style(.sparkline)),
                TableCell(Format.date(s.lastLoad)),
                TableCell(s.system),
            ])
        }
    }

    func tableArea(_ area: Rect) -> Rect {
        area.inset(top: 1, bottom: area.height >= 12 ? 1 : 0)
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard let r = report else {
            drawPanelMessage(error, loading: "Reading the sources…", into: &canvas, area: area)
            return
        }
        canvas.draw(" \(r.sources.count) sources, extracts as of \(Format.date(r.asOf)); age of each extract on \(Format.date(r.today))",
                    in: area.row(0), style: Style(.emphasis))
        var shown = panel
        shown.rows = Self.rows(r, symbols: canvas.symbols)
        shown.render(into: &canvas, area: tableArea(area), focused: true)
        if area.height >= 12 {
            canvas.draw(" Lost at merge: records with an address that matched no UPRN. Trend: lost at each load, oldest to newest.",
                        in: area.row(area.height - 1), style: Style(.dim))
        }
    }
}

/// One source: its figures, rejects by reason with example lines and field issues by reason with
/// their lines and values (both withheld from roles that may not see identities), and every load
/// with its linkage figures and trends.
public struct SourceScreen: DashboardScreen, TabbedTablePanels {
    struct Loaded: Sendable { var source: SourcesReport.Source?; var examples: [RejectExample]?; var issues: [FieldIssueExample]? }

    enum Tab: Int, ScreenTab, Sendable { case rejects, loads }

    public let source: String
    var figures: SourcesReport.Source?
    var examples: [RejectExample]?
    var issues: [FieldIssueExample]?
    var loading = true
    var error: String?
    var tab = Tab.rejects
    var rejects = TablePanel(columns: [
        TableColumn("Rows", width: .fixed(6), alignment: .right),
        TableColumn("Field", width: .flexible(min: 8, weight: 1)),
        TableColumn("Reason or example line", width: .flexible(min: 20, weight: 5)),
    ], emptyMessage: "No rows rejected and no field issues in the current load")
    var loads = TablePanel(columns: [
        TableColumn("Loaded", width: .fixed(10)),
        TableColumn("Rows", width: .fixed(6), alignment: .right),
        TableColumn("Rejected", width: .fixed(8), alignment: .right),
        TableColumn("UPRN", width: .fixed(6), alignment: .right),
        TableColumn("Persons", width: .fixed(7), alignment: .right),
        TableColumn("Lost at merge", width: .fixed(13), alignment: .right),
    ], emptyMessage: "No loads")
    var area = Rect.zero

    public init(source: String) {
        self.source = source
    }

    public var title: String { figures?.title ?? source }

    public var bindings: [KeyBinding] {
        guard figures != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        return [
            KeyBinding([.tab, .right, .backTab, .left], "Tab ←→", "Rejects / load history", command: "nextTab"),
            KeyBinding((1...2).map { .char(Character(String($0))) }, "1-2", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
            KeyBinding([.char("y")], "y", "Copy the row", command: "copy"),
            KeyBinding([.char("r"), .function(5)], "r F5", "Reload", command: "reload", hint: false),
        ]
    }

    public var statusMessage: String {
        guard let s = figures else { return loading ? "Opening…" : "" }
        return "\(s.trend.count) load\(s.trend.count == 1 ? "" : "s")"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { load(context) }

    mutating func load(_ context: ScreenContext) -> ScreenEffect {
        loading = true
        let name = source, today = context.today
        return .load(id: "source", label: "Opening \(name)") { data in
            let report = try data.sourcesReport(today: today)
            guard let s = report.sources.first(where: { $0.name == name }) else { return Loaded(source: nil, examples: nil, issues: nil) }
            return Loaded(source: s, examples: s.rejected > 0 ? try data.rejectExamples(source: name) : [],
                          issues: s.fieldIssues > 0 ? try data.fieldIssueExamples(source: name) : [])
        }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .loaded("source", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            if let s = loaded.source { show(s, examples: loaded.examples, issues: loaded.issues) } else { error = "No source called \(source) is loaded." }
            return .none
        case .failed("source", let message):
            loading = false
            error = message
            return .none
        case .command("reload", _):
            return load(context)
        case .command("nextTab", _):
            tab = tab == .rejects ? .loads : .rejects
            return .none
        case .command("jumpTab", .char(let c)):
            tab = tab.jumped(to: c)
            return .none
        case .command("move", let key):
            withPanel { _ = $0.move(key) }
            return .none
        case .command("copy", _):
            guard let text = withPanel({ $0.selectedCopy }) ?? nil else { return .none }
            return .copy(text, what: "the row")
        case .mouse(let m):
            let (used, _) = withPanel { $0.mouse(m) }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    mutating func show(_ s: SourcesReport.Source, examples: [RejectExample]?, issues: [FieldIssueExample]?) {
        figures = s
        self.examples = examples
        self.issues = issues
        error = nil
        var rows: [TableRow] = [], copies: [String] = []
        func heading(_ text: String) {
            rows.append(TableRow([TableCell(""), TableCell(""), TableCell(text, style: Style(.header))]))
            copies.append(text)
        }
        // a reason with its count (rejects and field issues alike), and the note that its lines
        // are withheld from this role
        func reasonRow(_ reason: ReasonCount, field missing: String) {
            rows.append(TableRow([TableCell(Format.count(reason.count)), TableCell(reason.field ?? missing), TableCell(reason.reason, style: Style(.statusWarn))]))
            copies.append("\(reason.count) × \(reason.field.map { "\($0): " } ?? "")\(reason.reason)")
        }
        func withheld(_ what: String) {
            rows.append(TableRow([TableCell(""), TableCell(""), TableCell("\(what) withheld: your role may not see identities", style: Style(.dim))]))
            copies.append("\(what) withheld")
        }
        let both = !s.rejectReasons.isEmpty && !s.issueReasons.isEmpty
        if both { heading("Rejected rows (not loaded)") }
        for reason in s.rejectReasons {
            reasonRow(reason, field: "(row)")
            guard let examples else { withheld("example lines"); continue }
            for e in examples where e.reason == reason.reason && e.field == reason.field {
                // Source lines are data: the canvas sanitises them; tabs read as a visible separator.
                let line = (e.raw ?? "").replacingOccurrences(of: "\t", with: " | ")
                rows.append(TableRow([TableCell(""), TableCell("line \(e.line)", style: Style(.dim)), TableCell(line)]))
                copies.append("line \(e.line): \(Sanitizer.sanitize(e.raw ?? ""))")
            }
        }
        // Field issues: the row loaded, without the field or with it repaired. The values are data:
        // the canvas sanitises them, and the copies are sanitised here.
        if !s.issueReasons.isEmpty { heading("Field issues (the row loaded)") }
        for reason in s.issueReasons {
            reasonRow(reason, field: "")
            guard let issues else { withheld("values"); continue }
            let shown = issues.filter { $0.reason == reason.reason && $0.field == reason.field }
            for i in shown {
                let what = "\"\(i.value)\" " + (i.repaired ? "repaired" : "left out")
                rows.append(TableRow([TableCell(""), TableCell("line \(i.line)", style: Style(.dim)), TableCell(what)]))
                copies.append("line \(i.line): \(i.field) \"\(Sanitizer.sanitize(i.value))\" \(i.repaired ? "repaired" : "left out"): \(i.reason)")
            }
            if reason.count > shown.count {
                let more = reason.count - shown.count
                rows.append(TableRow([TableCell(""), TableCell(""), TableCell("and \(Format.count(more)) more line\(more == 1 ? "" : "s")", style: Style(.dim))]))
                copies.append("and \(more) more")
            }
        }
        rejects.setRows(rows, targets: rows.map { _ in nil }, copies: copies)
        let points = Array(s.trend.reversed())
        loads.setRows(points.map { p in
            TableRow([Format.date(p.loadedAt), Format.count(p.rows), Format.count(p.rejected), SourceFormat.percent(p.uprnRate),
                      SourceFormat.percent(p.personRate), p.unmatched.map(Format.count) ?? "—"])
        }, targets: points.map { _ in nil }, copies: points.map { p in
            "\(Format.date(p.loadedAt)): \(p.rows) rows, \(p.rejected) rejected, UPRN \(SourceFormat.percent(p.uprnRate)), persons \(SourceFormat.percent(p.personRate)), lost \(p.unmatched.map(String.init) ?? "—")"
        })
        layoutPanels()
    }

    @discardableResult
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R {
        tab == .rejects ? body(&rejects) : body(&loads)
    }

    /// Heading, two rows of figures, trend rows (when there is room), tabs, panel.
    func layout(_ area: Rect) -> (heading: Rect, figures: Rect, trends: Rect, tabs: Rect, panel: Rect) {
        let trendRows = area.height >= 16 ? 3 : 0
        let r = area.splitVertically(.fixed(1), .fixed(2), .fixed(trendRows), .fixed(1), .fill)
        return (r[0], r[1], r[2], r[3], r[4])
    }

    var panelRect: Rect { layout(area).panel }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard let s = figures else {
            drawPanelMessage(error, loading: "Opening \(source)…", into: &canvas, area: area)
            return
        }
        let l = layout(area)
        canvas.draw([Span(" " + s.title, style: Style(.emphasis)), Span("  \(s.name)" + (s.system == s.name ? "" : ", system \(s.system)") + ", \(s.kind) records", style: Style(.dim))],
                    at: l.heading.origin, maxWidth: l.heading.width)
        let first: [(String, String, Role?)] = [
            ("Rows", Format.count(s.rows), nil), ("Rejected", Format.count(s.rejected), s.rejected > 0 ? .statusWarn : nil),
            ("Field issues", Format.count(s.fieldIssues), nil),
            ("Extract of", s.extractDate.map { "\(Format.date($0)), \(s.age) day\(s.age == 1 ? "" : "s") old" } ?? "not recorded", FreshnessTile.role(days: s.age)),
            ("Last load", "\(Format.date(s.lastLoad)), \(Format.daysAgo(s.daysSinceLoad))", nil),
        ]
        let second: [(String, String, Role?)] = [
            ("UPRN match", SourceFormat.percent(s.uprnRate), nil), ("Person match", SourceFormat.percent(s.personRate), nil),
            ("Lost at merge", SourceFormat.lost(s), (s.lostAtMerge ?? 0) > 0 ? .statusWarn : nil),
        ]
        for (i, items) in [first, second].enumerated() {
            var spans: [Span] = []
            for (k, v, role) in items {
                spans.append(Span("  \(k) ", style: Style(.label)))
                spans.append(Span(v, style: role.map { Style($0) } ?? .text))
            }
            canvas.draw(spans, at: l.figures.row(i).origin, maxWidth: l.figures.width)
        }
        if !l.trends.isEmpty {
            let trends: [(String, [Double])] = [
                // A load without a figure is a gap in the line (NaN), not a zero.
                ("UPRN match by load", s.trend.map { $0.uprnRate ?? .nan }),
                ("Lost at merge by load", s.trend.map { $0.unmatched.map(Double.init) ?? .nan }),
                ("Rows by load", s.trend.map { Double($0.rows) }),
            ]
            for (i, (label, values)) in trends.enumerated() {
                let row = l.trends.row(i)
                canvas.draw("  " + label, in: Rect(x: row.x, y: row.y, width: 24, height: 1), style: Style(.label))
                let width = min(max(0, row.width - 26), max(values.count, 1))
                Sparkline(values, maxValue: label.hasPrefix("UPRN") ? 1 : nil).render(into: &canvas, area: Rect(x: row.x + 25, y: row.y, width: width, height: 1))
                let last = values.last.flatMap { $0.isFinite ? $0 : nil }.map { label.hasPrefix("UPRN") ? SourceFormat.percent($0) : Format.count(Int($0)) } ?? "—"
                canvas.draw("  now " + last, at: Point(x: row.x + 25 + width, y: row.y), style: Style(.dim), maxWidth: max(0, row.maxX - row.x - 25 - width))
            }
        }
        Tabs(["Rejects by reason (\(s.rejectReasons.count)), field issues (\(s.issueReasons.count))", "Load history (\(s.trend.count))"], selected: tab.rawValue).render(into: &canvas, area: l.tabs)
        (tab == .rejects ? rejects : loads).render(into: &canvas, area: l.panel, focused: true)
    }
}
