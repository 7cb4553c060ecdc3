import TerminalKit

/// Where Enter on a row leads.
public enum Destination: Sendable, Hashable {
    case person(Int64)
    case property(Int64)
    case pilot(String)
    /// The wards overview (nil) or one ward's ranked properties.
    case wards(String?)
    case fraud(FraudPlace)

    /// The screen that shows it.
    public func screen() -> any DashboardScreen {
        switch self {
        case .person(let id): return PersonScreen(id: id)
        case .property(let uprn): return PropertyScreen(uprn: uprn)
        case .pilot(let name): return PilotScreen(programme: name)
        case .wards(let ward): return ward.map { WardScreen(name: $0) } ?? WardsScreen()
        case .fraud(let place): return place.screen()
        }
    }
}

/// One label and value in a ``DetailList``.
struct DetailItem: Sendable, Hashable {
    var label: String
    var value: String
    var style: Style?
    /// Where Enter on this row goes, if anywhere.
    var target: Destination?

    init(_ label: String, _ value: String?, style: Style? = nil, target: Destination? = nil) {
        self.label = label
        self.value = value ?? "—"
        self.style = value == nil ? Style(.dim) : style
        self.target = target
    }
}

/// A list of label/value rows with a selection, for a record's details: the selected row is
/// marked and can be copied or opened. One row per value; long values are cut with an ellipsis.
struct DetailList {
    var items: [DetailItem]
    var isFocused: Bool = true

    func render(into canvas: inout Canvas, area: Rect, state: ListState) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            let scrollbar = items.count > area.height && area.width >= 8
            let longest = items.map { DisplayWidth.of(Sanitizer.sanitize($0.label)) }.max() ?? 0
            let labelWidth = min(longest, max(4, (area.width - 2) * 2 / 5))
            let range = state.visibleRange(count: items.count, visibleRows: area.height)
            let selectionStyle = Style(isFocused ? .selection : .selectionInactive)
            for (k, i) in range.enumerated() {
                let item = items[i]
                let line = Rect(x: area.x, y: area.y + k, width: area.width - (scrollbar ? 1 : 0), height: 1)
                let selected = i == state.selected
                if selected {
                    canvas.fill(line, style: selectionStyle)
                    canvas.draw(canvas.symbols.selectionMarker, at: line.origin, style: selectionStyle, maxWidth: 1)
                }
                let labelRect = Rect(x: line.x + 2, y: line.y, width: labelWidth, height: 1)
                canvas.draw(item.label, in: labelRect, style: selected ? selectionStyle : Style(.label))
                let valueRect = Rect(x: labelRect.maxX + 2, y: line.y, width: max(0, line.maxX - labelRect.maxX - 2), height: 1)
                let value = item.value == "—" && canvas.symbols.isASCII ? "-" : item.value
                canvas.draw(value, in: valueRect, style: selected ? selectionStyle : (item.style ?? .text))
            }
            if scrollbar {
                ScrollbarColumn.draw(into: &canvas, column: Rect(x: area.maxX - 1, y: area.y, width: 1, height: area.height),
                                     first: range.lowerBound, visible: area.height, count: items.count)
            }
        }
    }
}

/// A scrollbar like the toolkit's tables draw (its own drawing function is internal to TerminalKit).
enum ScrollbarColumn {
    static func draw(into canvas: inout Canvas, column: Rect, first: Int, visible: Int, count: Int) {
        guard column.height > 0, count > visible, visible > 0 else { return }
        let h = column.height
        let thumb = max(1, h * visible / count)
        let maxStart = h - thumb
        let start = min(maxStart, (maxStart * first + (count - visible) / 2) / (count - visible))
        for i in 0..<h {
            let glyph = i >= start && i < start + thumb ? canvas.symbols.scrollThumb : canvas.symbols.scrollTrack
            canvas.draw(String(glyph), at: Point(x: column.x, y: column.y + i), style: Style(.scrollbar))
        }
    }
}

/// A table of rows that may lead somewhere (Enter opens the selected row's destination) and can
/// be copied (`y`): the building block of the search results and the single views' sections.
struct TablePanel: Sendable {
    var columns: [TableColumn]
    var rows: [TableRow] = []
    /// Where each row leads, if anywhere (same count as `rows`).
    var targets: [Destination?] = []
    /// What `y` copies for each row (same count as `rows`).
    var copies: [String] = []
    var state = TableState()
    var emptyMessage: String
    /// Where the table was last laid out (for page sizes and clicks).
    var area: Rect = .zero

    init(columns: [TableColumn], emptyMessage: String) {
        self.columns = columns
        self.emptyMessage = emptyMessage
    }

    /// Replaces the rows, keeping the selection where it can.
    mutating func setRows(_ rows: [TableRow], targets: [Destination?], copies: [String]) {
        self.rows = rows
        self.targets = targets
        self.copies = copies
        place(in: area)
    }

    /// Lays the table out in `area`, keeping the selection in view (after a resize, or when the
    /// rows or the space around the table change).
    mutating func place(in area: Rect) {
        self.area = area
        state.select(state.selected, count: rows.count, visibleRows: Table.visibleRows(in: area))
    }

    var count: Int { rows.count }
    var selectedTarget: Destination? { rows.isEmpty ? nil : targets[min(state.selected, targets.count - 1)] }
    var selectedCopy: String? { rows.isEmpty ? nil : copies[min(state.selected, copies.count - 1)] }

    /// Arrows, PgUp/PgDn, Home/End.
    mutating func move(_ key: KeyEvent) -> Bool {
        state.handle(key, count: rows.count, visibleRows: Table.visibleRows(in: area))
    }

    var table: Table { Table(columns: columns, source: rows, emptyMessage: emptyMessage) }

    func render(into canvas: inout Canvas, area: Rect, focused: Bool) {
        var t = table
        t.isFocused = focused
        t.render(into: &canvas, area: area, state: state)
    }

    /// A click: on the selected row it opens it; elsewhere it selects. The wheel scrolls.
    mutating func mouse(_ event: MouseEvent) -> (used: Bool, open: Destination?) {
        switch event.action {
        case .wheelUp:
            guard area.contains(event.position) else { return (false, nil) }
            state.scroll(by: -3, count: rows.count, visibleRows: Table.visibleRows(in: area))
            return (true, nil)
        case .wheelDown:
            guard area.contains(event.position) else { return (false, nil) }
            state.scroll(by: 3, count: rows.count, visibleRows: Table.visibleRows(in: area))
            return (true, nil)
        case .press(.left):
            guard let i = table.row(at: event.position, area: area, state: state) else { return (area.contains(event.position), nil) }
            if i == state.selected { return (true, targets[i]) }
            state.select(i, count: rows.count, visibleRows: Table.visibleRows(in: area))
            return (true, nil)
        default:
            return (false, nil)
        }
    }
}

/// A screen with a table per tab, whose place may depend on the tab shown (a chart above the
/// table on one tab, say).
protocol TabbedTablePanels {
    associatedtype PanelTab: CaseIterable
    /// The tab shown.
    var tab: PanelTab { get set }
    /// Where the shown tab's table goes.
    var panelRect: Rect { get }
    /// Runs `body` on the shown tab's table.
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R
}

extension TabbedTablePanels {
    /// Places every tab's table where its tab puts it, keeping each selection in view, so that
    /// paging and clicks are right on a tab before it is first shown; the tab shown stays shown.
    mutating func layoutPanels() {
        let shown = tab
        for t in PanelTab.allCases {
            tab = t
            let rect = panelRect
            withPanel { $0.place(in: rect) }
        }
        tab = shown
    }
}
