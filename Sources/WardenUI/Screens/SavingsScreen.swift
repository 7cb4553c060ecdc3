import Foundation
import TerminalKit
import WardenCore

/// What counter-fraud work has found and saved: cases and value identified, in progress and
/// recovered, by case type and by month (a bar chart of value identified and recovered over a
/// table). The same figures as `warden fraud savings`.
public struct SavingsScreen: DashboardScreen, TabbedTablePanels {
    enum Tab: Int, CaseIterable, Sendable { case byType, byMonth }
    struct Loaded: Sendable { var savings: FraudSavings }

    var savings: FraudSavings?
    var error: String?
    var refusal: String?
    var tab = Tab.byType
    var types = TablePanel(columns: SavingsScreen.columns(first: "Case type"), emptyMessage: "No cases yet: run warden fraud scan")
    var months = TablePanel(columns: SavingsScreen.columns(first: "Month"), emptyMessage: "No cases yet: run warden fraud scan")
    var area = Rect.zero

    public init() {}

    public var title: String { "Savings" }

    public var bindings: [KeyBinding] {
        [
            KeyBinding([.tab, .right, .left, .backTab], "Tab ←→", "By type / by month", command: "tab"),
            KeyBinding.move,
            KeyBinding([.char("r"), .function(5)], "r F5", "Refresh", command: "reload"),
            KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false),
        ]
    }

    public var statusMessage: String {
        guard let t = savings?.total else { return refusal == nil ? "Loading…" : "Not allowed" }
        return "\(Format.count(t.identified)) cases, \(Format.poundsPence(t.recovered)) recovered"
    }

    static func columns(first: String) -> [TableColumn] {
        [
            TableColumn(first, width: .flexible(min: 10, weight: 3)),
            TableColumn("Found", width: .fixed(5), alignment: .right),
            TableColumn("Value/yr", width: .fixed(9), alignment: .right),
            TableColumn("Working", width: .fixed(7), alignment: .right),
            TableColumn("Value/yr", width: .fixed(9), alignment: .right),
            TableColumn("Closed", width: .fixed(6), alignment: .right),
            TableColumn("Proven", width: .fixed(6), alignment: .right),
            TableColumn("Recovered", width: .fixed(10), alignment: .right),
        ]
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let r = context.data.refusal(screen: "savings", what: "the counter-fraud savings panel") {
            refusal = r
            return .none
        }
        return load()
    }

    mutating func load() -> ScreenEffect {
        guard refusal == nil else { return .none }
        return .load(id: "savings", label: "Adding up savings") { data in Loaded(savings: try data.fraudSavings()) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        if refusal != nil { if case .layout(let r) = event { area = r }; return .ignored }
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .appeared:
            return load()
        case .loaded("savings", let payload):
            guard let l = payload as? Loaded else { return .none }
            show(l.savings)
            return .none
        case .failed("savings", let message):
            error = message
            return .none
        case .command("tab", _):
            tab = tab == .byType ? .byMonth : .byType
            return .none
        case .command("move", let key):
            if tab == .byType { _ = types.move(key) } else { _ = months.move(key) }
            return .none
        case .command("reload", _):
            return load()
        case .command("copy", _):
            guard let text = (tab == .byType ? types : months).selectedCopy else { return .none }
            return .copy(text, what: "the row")
        default:
            return .ignored
        }
    }

    static func row(_ l: FraudSavings.Line, month: Bool) -> TableRow {
        TableRow([
            TableCell(month ? Self.monthLabel(l.key) : l.label),
            TableCell(Format.count(l.identified)),
            TableCell(Format.pounds(l.identifiedValue)),
            TableCell(Format.count(l.inProgress)),
            TableCell(Format.pounds(l.inProgressValue)),
            TableCell(Format.count(l.closed)),
            TableCell(Format.count(l.fraudProven + l.errorCorrected)),
            TableCell(Format.pounds(l.recovered), style: l.recovered > 0 ? Style(.statusOK) : nil),
        ])
    }

    static func copy(_ l: FraudSavings.Line, label: String) -> String {
        "\(label): \(l.identified) identified (\(Format.pounds(l.identifiedValue)) a year), \(l.inProgress) in progress (\(Format.pounds(l.inProgressValue))), "
            + "\(l.closed) closed (\(l.fraudProven) fraud proven, \(l.errorCorrected) error corrected, \(l.noFraud) no fraud), "
            + "\(Format.pounds(l.preventedValue)) a year stopped, \(Format.poundsPence(l.recovered)) recovered"
    }

    /// "2026-09" → "Sep 2026".
    static func monthLabel(_ key: String) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let p = key.split(separator: "-")
        guard p.count == 2, let m = Int(p[1]), (1...12).contains(m) else { return key }
        return "\(names[m - 1]) \(p[0])"
    }

    mutating func show(_ s: FraudSavings) {
        savings = s
        error = nil
        let typeLines = s.byType + (s.byType.isEmpty ? [] : [s.total])
        types.setRows(typeLines.map { Self.row($0, month: false) }, targets: typeLines.map { _ in nil }, copies: typeLines.map { Self.copy($0, label: $0.label) })
        let monthLines = s.byMonth.reversed() as [FraudSavings.Line]
        months.setRows(monthLines.map { Self.row($0, month: true) }, targets: monthLines.map { _ in nil },
                       copies: monthLines.map { Self.copy($0, label: Self.monthLabel($0.key)) })
        layoutPanels()
    }

    // MARK: Layout and render

    struct Layout {
        var totals: Rect
        var tabs: Rect
        var chart: Rect
        var table: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let r = area.splitVertically(.fixed(4), .fixed(1), .fill)
        var chart = Rect(x: r[2].x, y: r[2].y, width: r[2].width, height: 0)
        var table = r[2]
        if tab == .byMonth, table.height >= 10 {
            let bars = min(2 * max(1, savings?.byMonth.count ?? 1) + 1, table.height / 2)
            let parts = table.splitVertically(.fixed(bars), .fill)
            chart = parts[0]
            table = parts[1]
        }
        return Layout(totals: r[0], tabs: r[1], chart: chart, table: table)
    }

    var panelRect: Rect { layout(area).table }

    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R {
        tab == .byType ? body(&types) : body(&months)
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        if let refusal {
            Paragraph(refusal, style: Style(.statusWarn)).render(into: &canvas, area: area.inset(left: 1, right: 1).inset(top: 1))
            return
        }
        guard let s = savings else {
            Paragraph(" " + (error ?? "Adding up savings…"), style: Style(error == nil ? .dim : .statusError)).render(into: &canvas, area: area)
            return
        }
        let l = layout(area)
        let t = s.total
        let g = Glyphs(canvas.symbols)
        func cases(_ n: Int) -> String { "\(Format.count(n)) case\(n == 1 ? "" : "s")" }
        let lines: [(String, String, Style)] = [
            ("Identified", "\(cases(t.identified)), \(Format.pounds(t.identifiedValue)) a year", .text),
            ("In progress", "\(cases(t.inProgress)), \(Format.pounds(t.inProgressValue)) a year", .text),
            ("Closed", "\(cases(t.closed)): fraud proven \(t.fraudProven), error corrected \(t.errorCorrected), no fraud \(t.noFraud)", .text),
            ("Saved", "\(Format.poundsPence(t.recovered)) recovered\(g.dot)\(Format.pounds(t.preventedValue)) a year stopped",
             t.recovered > 0 || t.preventedValue > 0 ? Style(.statusOK) : .text),
        ]
        for (k, line) in lines.enumerated() where k < l.totals.height {
            let y = l.totals.y + k
            canvas.draw(" " + line.0, in: Rect(x: l.totals.x, y: y, width: 13, height: 1), style: Style(.label))
            canvas.draw(line.1, in: Rect(x: l.totals.x + 14, y: y, width: max(0, l.totals.width - 14), height: 1), style: line.2)
        }
        Tabs(["By case type (\(s.byType.count))", "By month (\(s.byMonth.count))"], selected: tab.rawValue).render(into: &canvas, area: l.tabs)
        if !l.chart.isEmpty {
            // Two bars a month: value identified, then money recovered (marked in words, not only colour).
            var bars: [BarChart.Bar] = []
            for m in s.byMonth.suffix(max(1, (l.chart.height - 1) / 2)) {
                bars.append(BarChart.Bar(Self.monthLabel(m.key) + " found", m.identifiedValue, valueText: Format.pounds(m.identifiedValue)))
                bars.append(BarChart.Bar(Self.monthLabel(m.key) + " recov.", m.recovered, style: Style(.statusOK), valueText: Format.pounds(m.recovered)))
            }
            BarChart(bars).render(into: &canvas, area: l.chart.inset(left: 1, right: 1))
        }
        (tab == .byType ? types : months).render(into: &canvas, area: l.table, focused: true)
    }
}
