/// One cell of a table row: text from data, optionally in its own style (a risk band, say).
public struct TableCell: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The text (sanitised when drawn).
    public var text: String
    /// A style for this cell; nil uses the row's.
    public var style: Style?

    /// A cell showing `text`, optionally in its own `style`.
    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// One row of a table.
public struct TableRow: Hashable, Sendable {
    /// The cells, one per column, in column order.
    public var cells: [TableCell]
    /// A style for the whole row; nil uses ordinary text.
    public var style: Style?

    /// A row of `cells`, optionally all in `style`.
    public init(_ cells: [TableCell], style: Style? = nil) {
        self.cells = cells
        self.style = style
    }

    /// A row of plain strings.
    public init(_ texts: [String], style: Style? = nil) {
        self.init(texts.map { TableCell($0) }, style: style)
    }
}

/// Where a table's rows come from: a count and a way to fetch a range of them.
///
/// The table asks only for the rows it shows, so a screen can back it with a SQL query using
/// `LIMIT`/`OFFSET` or a keyset, over millions of rows. `rows(in:)` is called while rendering, so
/// it should be quick (an indexed query of a screenful of rows, or a cache the screen fills with an
/// effect); returning fewer rows than asked shows the missing ones as "loading" placeholders.
public protocol TableDataSource {
    /// How many rows there are in all.
    var rowCount: Int { get }
    /// The rows at `range` (a range within `0..<rowCount`), in order.
    func rows(in range: Range<Int>) -> [TableRow]
}

extension Array: TableDataSource where Element == TableRow {
    /// The number of rows in the array.
    public var rowCount: Int { count }
    /// The rows at `range` (clamped to the array).
    public func rows(in range: Range<Int>) -> [TableRow] {
        let r = range.clamped(to: 0..<count)
        return Array(self[r])
    }
}

/// How wide a table column is.
public enum ColumnWidth: Hashable, Sendable {
    /// Exactly this many columns.
    case fixed(Int)
    /// At least `min` columns, sharing spare width with other flexible columns by `weight`.
    case flexible(min: Int, weight: Int)

    /// A flexible column of at least `min` columns and weight 1.
    public static func flexible(min: Int) -> ColumnWidth { .flexible(min: min, weight: 1) }
}

/// A column of a ``Table``.
public struct TableColumn: Hashable, Sendable {
    /// Header text.
    public var title: String
    /// Width rule.
    public var width: ColumnWidth
    /// Text alignment in the column: `.right` for numbers.
    public var alignment: Alignment

    /// A column headed `title`.
    public init(_ title: String, width: ColumnWidth = .flexible(min: 6), alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// The column a table is sorted by and in which direction; shown as ▲ or ▼ in its header.
public struct TableSort: Hashable, Sendable {
    /// Index of the sorted column.
    public var column: Int
    /// Whether smallest comes first.
    public var ascending: Bool

    /// Sorted by `column`, ascending unless told otherwise.
    public init(column: Int, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }
}

/// Selection, scroll position and sort order of a ``Table``.
///
/// The table only *shows* the sort; the screen sorts its data source (say, `ORDER BY`) when it changes.
public struct TableState: ScrollingSelection, Hashable, Sendable {
    /// Index of the selected row.
    public var selected: Int
    /// Index of the first row shown.
    public var offset: Int
    /// The current sort, or nil for the data source's natural order.
    public var sort: TableSort?

    /// A state with `selected` selected, the view at `offset`, and an optional `sort`.
    public init(selected: Int = 0, offset: Int = 0, sort: TableSort? = nil) {
        self.selected = selected
        self.offset = offset
        self.sort = sort
    }

    /// Sorts by `column`, ascending first and flipping direction on each repeat.
    public mutating func toggleSort(column: Int) {
        if let s = sort, s.column == column {
            sort = TableSort(column: column, ascending: !s.ascending)
        } else {
            sort = TableSort(column: column, ascending: true)
        }
    }
}

/// A table with a sticky header, a selection marker, sortable columns and virtual scrolling.
///
/// Only the rows on screen are fetched from the ``TableDataSource``. The selected row is drawn in
/// the `selection` role *and* marked with ``Symbols/selectionMarker``, so it shows without colour.
///
/// ```swift
/// let table = Table(columns: [TableColumn("Name"), TableColumn("Age", width: .fixed(4), alignment: .right)],
///                   source: people)
/// table.render(into: &canvas, area: area, state: state.table)
/// ```
public struct Table {
    /// The columns, left to right.
    public var columns: [TableColumn]
    /// Where rows come from.
    public var source: any TableDataSource
    /// Whether the table has the keyboard focus (the selection is drawn as `selection`, else `selection.inactive`).
    public var isFocused: Bool
    /// Shown when there are no rows.
    public var emptyMessage: String
    /// Blank columns between table columns.
    public var columnSpacing: Int
    /// Whether a scrollbar is drawn at the right when not all rows fit.
    public var showsScrollbar: Bool

    /// A table of `columns` over `source`.
    public init(columns: [TableColumn], source: any TableDataSource, isFocused: Bool = true,
                emptyMessage: String = "No rows", columnSpacing: Int = 1, showsScrollbar: Bool = true) {
        self.columns = columns
        self.source = source
        self.isFocused = isFocused
        self.emptyMessage = emptyMessage
        self.columnSpacing = columnSpacing
        self.showsScrollbar = showsScrollbar
    }

    /// Width of the selection-marker gutter at the left.
    static let gutter = 2

    /// How many data rows fit in `area` (its height less the header row).
    public static func visibleRows(in area: Rect) -> Int { max(0, area.height - 1) }

    /// The widths of the columns in a table `width` columns wide; 0 for columns that do not fit.
    ///
    /// Fixed columns get their width and flexible ones their minimum, left to right, until the
    /// space runs out (later columns are dropped); spare width goes to flexible columns by weight.
    public func columnWidths(for width: Int, scrollbar: Bool = false) -> [Int] {
        let available = max(0, width - Table.gutter - (scrollbar ? 1 : 0))
        var widths = [Int](repeating: 0, count: columns.count)
        var used = 0
        var included: [Int] = []
        for (i, c) in columns.enumerated() {
            let need: Int
            switch c.width {
            case .fixed(let n): need = max(0, n)
            case .flexible(let m, _): need = max(1, m)
            }
            let gap = included.isEmpty ? 0 : columnSpacing
            if used + gap + need > available {
                // The first column always shows, squeezed if need be.
                if included.isEmpty && available > 0 {
                    widths[i] = available
                    used = available
                    included.append(i)
                }
                break
            }
            widths[i] = need
            used += gap + need
            included.append(i)
        }
        var spare = available - used
        let flexible = included.compactMap { i -> (Int, Int)? in
            if case .flexible(_, let w) = columns[i].width { return (i, max(0, w)) }
            return nil
        }
        let totalWeight = flexible.reduce(0) { $0 + $1.1 }
        if spare > 0 && totalWeight > 0 {
            var given = 0
            for (i, w) in flexible {
                let share = spare * w / totalWeight
                widths[i] += share
                given += share
            }
            spare -= given
            var k = 0
            while spare > 0 {
                if flexible[k % flexible.count].1 > 0 {
                    widths[flexible[k % flexible.count].0] += 1
                    spare -= 1
                }
                k += 1
            }
        }
        return widths
    }

    /// Whether the table shows a scrollbar in `area`.
    func hasScrollbar(in area: Rect, count: Int) -> Bool {
        showsScrollbar && count > Table.visibleRows(in: area) && area.width >= Table.gutter + 4
    }

    /// The column whose header or cells are at screen column `x`, for header clicks that sort.
    public func column(atX x: Int, area: Rect) -> Int? {
        let widths = columnWidths(for: area.width, scrollbar: hasScrollbar(in: area, count: source.rowCount))
        var cx = area.x + Table.gutter
        for (i, w) in widths.enumerated() where w > 0 {
            if x >= cx && x < cx + w { return i }
            cx += w + columnSpacing
        }
        return nil
    }

    /// The data row index shown at `point`, or nil for the header, empty space or outside the table.
    public func row(at point: Point, area: Rect, state: TableState) -> Int? {
        guard area.contains(point), point.y > area.y else { return nil }
        let range = state.visibleRange(count: source.rowCount, visibleRows: Table.visibleRows(in: area))
        let index = range.lowerBound + (point.y - area.y - 1)
        return range.contains(index) ? index : nil
    }

    /// Draws the header and the visible rows into `area`.
    public func render(into canvas: inout Canvas, area: Rect, state: TableState) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            let count = source.rowCount
            let visible = Table.visibleRows(in: area)
            let scrollbar = hasScrollbar(in: area, count: count)
            let widths = columnWidths(for: area.width, scrollbar: scrollbar)
            let symbols = canvas.symbols

            // Sticky header.
            let headerStyle = Style(.header)
            canvas.fill(area.row(0), style: headerStyle)
            var x = area.x + Table.gutter
            for (i, column) in columns.enumerated() where widths[i] > 0 {
                var title = column.title
                if let sort = state.sort, sort.column == i {
                    title += " " + (sort.ascending ? symbols.sortAscending : symbols.sortDescending)
                }
                // Keep the sort arrow visible when the title is cut.
                let arrow = state.sort?.column == i ? 2 : 0
                let cut: String
                if arrow > 0 && DisplayWidth.of(title) > widths[i] && widths[i] > 2 {
                    cut = TextLayout.truncate(column.title, to: widths[i] - 2, ellipsis: symbols.ellipsis) + " "
                        + (state.sort!.ascending ? symbols.sortAscending : symbols.sortDescending)
                } else {
                    cut = title
                }
                canvas.draw(cut, in: Rect(x: x, y: area.y, width: widths[i], height: 1), style: headerStyle,
                            alignment: column.alignment)
                x += widths[i] + columnSpacing
            }

            guard visible > 0 else { return }
            let body = Rect(x: area.x, y: area.y + 1, width: area.width - (scrollbar ? 1 : 0), height: visible)
            guard count > 0 else {
                canvas.fill(area.inset(top: 1), style: .text)
                canvas.draw(emptyMessage, in: Rect(x: body.x + Table.gutter, y: body.y, width: body.width - Table.gutter, height: 1),
                            style: Style(.dim))
                return
            }
            let range = state.visibleRange(count: count, visibleRows: visible)
            let rows = source.rows(in: range)
            // Rows below the last one, and the scrollbar column, are cleared; the rest is drawn over.
            canvas.fill(Rect(x: area.x, y: body.y + range.count, width: area.width, height: visible - range.count), style: .text)
            if scrollbar { canvas.fill(Rect(x: area.maxX - 1, y: body.y, width: 1, height: visible), style: .text) }
            let selected = min(max(0, state.selected), count - 1)
            let selectionStyle = Style(isFocused ? .selection : .selectionInactive)

            for (k, index) in range.enumerated() {
                let y = body.y + k
                let line = Rect(x: body.x, y: y, width: body.width, height: 1)
                let isSelected = index == selected
                let row: TableRow? = k < rows.count ? rows[k] : nil
                let rowStyle = isSelected ? selectionStyle : (row?.style ?? .text)
                canvas.fill(line, style: rowStyle)
                if isSelected {
                    canvas.draw(symbols.selectionMarker, at: Point(x: line.x, y: y), style: rowStyle, maxWidth: 1)
                }
                var cx = line.x + Table.gutter
                for (i, column) in columns.enumerated() where widths[i] > 0 {
                    let cellRect = Rect(x: cx, y: y, width: widths[i], height: 1)
                    if let row {
                        let cell = i < row.cells.count ? row.cells[i] : TableCell("")
                        let style = isSelected ? rowStyle : (cell.style ?? rowStyle)
                        canvas.draw(cell.text, in: cellRect, style: style, alignment: column.alignment)
                    } else if i == 0 {
                        canvas.draw(symbols.ellipsis, in: cellRect, style: isSelected ? rowStyle : Style(.dim))
                    }
                    cx += widths[i] + columnSpacing
                }
            }
            if scrollbar {
                drawScrollbar(into: &canvas, column: Rect(x: area.maxX - 1, y: body.y, width: 1, height: visible),
                              first: range.lowerBound, visible: visible, count: count)
            }
        }
    }
}
