import Foundation
import TerminalKit
import WardenCore

/// The wards overview for enforcement teams: one row per ward with its properties, private
/// rented and licensed homes, the unlicensed dwellings in each risk band (as a stacked bar and
/// as numbers), and the complaints beside them; a borough total; and above it, how good the
/// model is ("Risk & Accuracy"), measured on held-out labels. Enter opens the ward.
public struct WardsScreen: DashboardScreen {
    struct Loaded: Sendable { var overview: WardsOverview }

    /// The table's columns and the core's sort column for each (the bar sorts on High).
    /// Numbers keep their minimum width at 80 columns and widen (room for the sort arrow) when wider.
    static let columns: [(column: TableColumn, sort: WardColumn)] = [
        (TableColumn("Ward", width: .flexible(min: 13, weight: 4)), .name),
        (TableColumn("Props", width: .flexible(min: 5, weight: 1), alignment: .right), .properties),
        (TableColumn("PRS", width: .flexible(min: 4, weight: 1), alignment: .right), .privateRented),
        (TableColumn("Lic", width: .flexible(min: 3, weight: 1), alignment: .right), .licensed),
        (TableColumn("Bands", width: .flexible(min: 6, weight: 12)), .high),
        (TableColumn("High", width: .flexible(min: 4, weight: 1), alignment: .right), .high),
        (TableColumn("Mod", width: .flexible(min: 4, weight: 1), alignment: .right), .moderate),
        (TableColumn("Some", width: .flexible(min: 4, weight: 1), alignment: .right), .some),
        (TableColumn("Low", width: .flexible(min: 5, weight: 1), alignment: .right), .low),
        (TableColumn("ASB", width: .flexible(min: 4, weight: 1), alignment: .right), .asb),
        (TableColumn("FPN", width: .flexible(min: 4, weight: 1), alignment: .right), .fixedPenalties),
        (TableColumn("Pest", width: .flexible(min: 4, weight: 1), alignment: .right), .pestControl),
        (TableColumn("Summ", width: .flexible(min: 4, weight: 1), alignment: .right), .summonses),
    ]
    static let barColumn = 4

    var overview: WardsOverview?
    var loading = true
    var error: String?
    /// The sorted column (an index into ``columns``) and direction.
    var state = TableState(sort: TableSort(column: 5, ascending: false))
    var area = Rect.zero

    /// The overview, sorted by unlicensed High-risk dwellings, most first.
    public init() {}

    public var title: String { "Wards" }

    var wards: [WardRiskRow] { overview?.wards ?? [] }

    public var bindings: [KeyBinding] {
        guard overview != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        return [
            KeyBinding([.enter], "Enter", "Open the ward", command: "open"),
            KeyBinding([.char("s"), .char(">")], "s >", "Sort by the next column", command: "sortNext"),
            KeyBinding([.char("<")], "<", "Sort by the previous column", command: "sortPrevious", hint: false),
            // the keys every sortable list has: s sorts, S reverses, r reloads (as in the case queues)
            KeyBinding([.char("S")], "S", "Reverse the order", command: "reverse"),
            KeyBinding.move,
            KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false),
            KeyBinding([.char("r"), .function(5)], "r F5", "Reload", command: "reload", hint: false),
        ]
    }

    public var statusMessage: String {
        guard let o = overview else { return loading ? "Opening…" : "" }
        let c = Self.columns[state.sort?.column ?? 5]
        return "\(o.wards.count) wards · by \(c.column.title) \(state.sort?.ascending == true ? "↑" : "↓")"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let refusal = context.data.riskRefusal(screen: "wards", what: "the wards overview") {
            loading = false
            error = refusal
            return .none
        }
        return load()
    }

    mutating func load() -> ScreenEffect {
        loading = true
        let c = Self.columns[state.sort?.column ?? 5].sort
        let descending = !(state.sort?.ascending ?? false)
        return .load(id: "wards", label: "Reading the wards") { data in Loaded(overview: try data.wardsOverview(sort: c, descending: descending)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            clampSelection()
            return .none
        case .loaded("wards", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            // Keep the same ward selected across a re-sort.
            let selectedName = overview.flatMap { $0.wards.indices.contains(state.selected) ? $0.wards[state.selected].name : nil }
            overview = loaded.overview
            error = nil
            if let name = selectedName, let i = loaded.overview.wards.firstIndex(where: { $0.name == name }) { state.selected = i }
            clampSelection()
            return .none
        case .failed("wards", let message):
            loading = false
            error = message
            return .none
        case .command("reload", _):
            if context.data.riskRefusal(screen: "wards", what: "the wards overview") != nil { return .none }
            error = nil
            return load()
        case .command("open", _):
            guard wards.indices.contains(state.selected) else { return .none }
            return .push(WardScreen(name: wards[state.selected].name))
        case .command("sortNext", _):
            return sort(by: nextSortColumn(step: 1))
        case .command("sortPrevious", _):
            return sort(by: nextSortColumn(step: -1))
        case .command("reverse", _):
            return reverse()
        case .command("move", let key):
            _ = state.handle(key, count: wards.count, visibleRows: visibleRows)
            return .none
        case .command("copy", _):
            guard wards.indices.contains(state.selected) else { return .none }
            return .copy(Self.copyText(wards[state.selected]), what: "the ward's figures")
        case .mouse(let m):
            return mouse(m)
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    /// The next column to sort by (the bar is skipped: it sorts like High).
    func nextSortColumn(step: Int) -> Int {
        var c = state.sort?.column ?? 5
        repeat { c = (c + step + Self.columns.count) % Self.columns.count } while c == Self.barColumn
        return c
    }

    /// Sorts by a column: names A–Z and numbers largest first, as `warden wards` does.
    mutating func sort(by column: Int) -> ScreenEffect {
        state.sort = TableSort(column: column, ascending: Self.columns[column].sort == .name)
        return load()
    }

    mutating func reverse() -> ScreenEffect {
        guard let s = state.sort else { return .none }
        state.sort = TableSort(column: s.column, ascending: !s.ascending)
        return load()
    }

    mutating func clampSelection() {
        state.select(state.selected, count: wards.count, visibleRows: visibleRows)
    }

    var visibleRows: Int { Table.visibleRows(in: layout(area).table) }

    mutating func mouse(_ m: MouseEvent) -> ScreenEffect {
        let l = layout(area)
        let table = self.table(width: l.table.width)
        switch m.action {
        case .press(.left):
            if m.position.y == l.table.y, let c = table.column(atX: m.position.x, area: l.table) {
                if state.sort?.column == c || (c == Self.barColumn && state.sort?.column == 5) {
                    return reverse()
                }
                return sort(by: c == Self.barColumn ? 5 : c)
            }
            guard let i = table.row(at: m.position, area: l.table, state: state) else { return l.table.contains(m.position) ? .none : .ignored }
            if i == state.selected { return .push(WardScreen(name: wards[i].name)) }
            state.select(i, count: wards.count, visibleRows: visibleRows)
            return .none
        case .wheelUp, .wheelDown:
            guard l.table.contains(m.position) else { return .ignored }
            var step = 3
            if case .wheelUp = m.action { step = -3 }
            state.scroll(by: step, count: wards.count, visibleRows: visibleRows)
            return .none
        default:
            return .ignored
        }
    }

    static func copyText(_ w: WardRiskRow) -> String {
        "\(w.name): \(w.properties) properties, \(w.privateRented) private rented, \(w.hmoLicensed) HMO-licensed; "
            + "unlicensed \(w.high) High, \(w.moderate) Moderate, \(w.some) Some, \(w.low) Low; "
            + "ASB \(w.asb), fixed penalties \(w.fixedPenalties), pest control \(w.pestControl), summonses \(w.summonses)"
    }

    // MARK: Layout and render

    struct Layout {
        var accuracy: Rect
        var legend: Rect
        var table: Rect
        var total: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let accuracyRows = area.width >= 120 ? 1 : 2
        let r = area.splitVertically(.fixed(accuracyRows), .fixed(1), .fill, .fixed(1))
        return Layout(accuracy: r[0], legend: r[1], table: r[2], total: r[3])
    }

    func table(width: Int) -> Table {
        Table(columns: Self.columns.map(\.column), source: [TableRow](repeating: TableRow([String]()), count: wards.count),
              emptyMessage: "No wards in the gazetteer")
    }

    /// A number that fits `width` columns: 12345 → "12k" when it must.
    /// A count in a column `width` wide: thousands separated when that fits ("2,893"), else
    /// plain, else in thousands or millions ("425k").
    static func fit(_ n: Int, _ width: Int) -> String {
        let grouped = Format.count(n)
        if grouped.count <= width { return grouped }
        let s = String(n)
        if s.count <= width { return s }
        if n >= 1_000_000 { return "\(n / 1_000_000)M" }
        return "\(n / 1000)k"
    }

    func cells(_ w: WardRiskRow, widths: [Int], ascii: Bool) -> [String] {
        let counts = [w.high, w.moderate, w.some, w.low]
        let numbers = [w.properties, w.privateRented, w.hmoLicensed]
        let rest = counts + [w.asb, w.fixedPenalties, w.pestControl, w.summonses]
        return [w.name] + numbers.enumerated().map { Self.fit($1, widths[$0 + 1]) }
            + [RiskLook.barText(counts, width: widths[Self.barColumn], ascii: ascii)]
            + rest.enumerated().map { Self.fit($1, widths[$0 + 5]) }
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        let l = layout(area)
        let ascii = canvas.symbols.isASCII
        guard let o = overview else {
            let text = error ?? "Reading the wards…"
            for (k, line) in TextLayout.wrap(RiskLook.text(text, canvas.symbols), width: max(1, area.width - 2)).prefix(area.height).enumerated() {
                canvas.draw(" " + line, in: Rect(x: area.x, y: area.y + k, width: area.width, height: 1), style: Style(error == nil ? .dim : .statusError))
            }
            return
        }
        // Risk & Accuracy.
        let heading = "Risk & Accuracy "
        let hw = canvas.draw(" " + heading, at: l.accuracy.origin, style: Style(.title), maxWidth: l.accuracy.width)
        if let m = o.model {
            let text = RiskLook.accuracy(m) + " — held-out, \(m.knownHMOs) known HMOs"
            let lines = TextLayout.wrap(RiskLook.text(text, canvas.symbols), width: max(1, l.accuracy.width - hw - 1))
            for (k, line) in lines.prefix(l.accuracy.height).enumerated() {
                canvas.draw(line, at: Point(x: l.accuracy.x + hw, y: l.accuracy.y + k), style: .text, maxWidth: l.accuracy.width - hw)
            }
        } else {
            canvas.draw(o.status ?? "No model yet", at: Point(x: l.accuracy.x + hw, y: l.accuracy.y), style: Style(.statusWarn), maxWidth: l.accuracy.width - hw)
        }
        // Legend.
        var spans = [Span(" ")] + RiskLook.barLegend(ascii: ascii)
        spans.append(Span("· unlicensed homes" + (o.asOf.map { " · 2 years to " + Format.date($0) } ?? ""), style: Style(.dim)))
        canvas.draw(RiskLook.spans(spans, canvas.symbols), at: l.legend.origin, maxWidth: l.legend.width)

        // The table; the bar column is then drawn over in the bands' colours.
        let count = o.wards.count
        let visible = Table.visibleRows(in: l.table)
        let scrollbar = count > visible && l.table.width >= 6
        var table = self.table(width: l.table.width)
        let widths = table.columnWidths(for: l.table.width, scrollbar: scrollbar)
        table.source = o.wards.map { TableRow(cells($0, widths: widths, ascii: ascii)) }
        // The sort arrow goes in the title here, squeezed into narrow number columns ("Hig▼")
        // rather than cutting the title to one letter.
        if let sort = state.sort, widths.indices.contains(sort.column) {
            let w = widths[sort.column], title = table.columns[sort.column].title
            let arrow = sort.ascending ? canvas.symbols.sortAscending : canvas.symbols.sortDescending
            table.columns[sort.column].title = title.count + 2 <= w ? title + " " + arrow
                : title.count + 1 <= w ? title + arrow : String(title.prefix(max(0, w - 1))) + arrow
        }
        var shown = state
        shown.sort = nil
        table.render(into: &canvas, area: l.table, state: shown)
        let barX = l.table.x + 2 + widths[..<Self.barColumn].filter { $0 > 0 }.reduce(0) { $0 + $1 + 1 }
        if widths[Self.barColumn] > 0 && visible > 0 {
            let range = state.visibleRange(count: count, visibleRows: visible)
            for (k, i) in range.enumerated() {
                let w = o.wards[i]
                RiskLook.drawBar(into: &canvas, rect: Rect(x: barX, y: l.table.y + 1 + k, width: widths[Self.barColumn], height: 1),
                                 counts: [w.high, w.moderate, w.some, w.low], style: i == state.selected ? Style(.selection) : nil)
            }
        }
        // The borough total, pinned under the table in the same columns.
        guard !l.total.isEmpty else { return }
        canvas.fill(l.total, style: Style(.header))
        let totalCells = cells(o.total, widths: widths, ascii: ascii)
        var x = l.total.x + 2
        for (i, w) in widths.enumerated() where w > 0 {
            let rect = Rect(x: x, y: l.total.y, width: w, height: 1)
            if i == Self.barColumn {
                RiskLook.drawBar(into: &canvas, rect: rect, counts: [o.total.high, o.total.moderate, o.total.some, o.total.low])
            } else {
                canvas.draw(totalCells[i], in: rect, style: Style(.header), alignment: Self.columns[i].column.alignment)
            }
            x += w + 1
        }
    }
}
