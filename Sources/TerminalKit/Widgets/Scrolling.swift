/// A selection in a vertical run of rows plus the first row shown; shared by lists and tables.
///
/// The screen keeps this in its state and changes it in `update`; the widget reads it in `render`.
/// `visibleRows` is how many rows the widget shows (see ``Table/visibleRows(in:)``), which the
/// screen knows from its layout.
public protocol ScrollingSelection {
    /// Index of the selected row (meaningless while there are no rows).
    var selected: Int { get set }
    /// Index of the first row shown.
    var offset: Int { get set }
}

extension ScrollingSelection {
    /// Selects `index` (clamped into the rows) and scrolls as little as needed to show it.
    public mutating func select(_ index: Int, count: Int, visibleRows: Int) {
        guard count > 0 else {
            selected = 0
            offset = 0
            return
        }
        selected = min(max(0, index), count - 1)
        offset = Self.offset(keeping: selected, from: offset, count: count, visibleRows: visibleRows)
    }

    /// Moves the selection for navigation keys (arrows, PgUp/PgDn, Home/End); returns whether the key was used.
    public mutating func handle(_ key: KeyEvent, count: Int, visibleRows: Int) -> Bool {
        let page = max(1, visibleRows - 1)
        switch key {
        case .up: select(selected - 1, count: count, visibleRows: visibleRows)
        case .down: select(selected + 1, count: count, visibleRows: visibleRows)
        case .pageUp: select(selected - page, count: count, visibleRows: visibleRows)
        case .pageDown: select(selected + page, count: count, visibleRows: visibleRows)
        case .home: select(0, count: count, visibleRows: visibleRows)
        case .end: select(count - 1, count: count, visibleRows: visibleRows)
        default: return false
        }
        return true
    }

    /// Scrolls the view by `rows` (mouse wheel), dragging the selection along only if it would leave the view.
    public mutating func scroll(by rows: Int, count: Int, visibleRows: Int) {
        guard count > 0, visibleRows > 0 else { return }
        offset = min(max(0, offset + rows), max(0, count - visibleRows))
        if selected < offset { selected = offset }
        if selected >= offset + visibleRows { selected = offset + visibleRows - 1 }
        selected = min(selected, count - 1)
    }

    /// The rows shown, after the same clamping ``select(_:count:visibleRows:)`` does.
    public func visibleRange(count: Int, visibleRows: Int) -> Range<Int> {
        guard count > 0, visibleRows > 0 else { return 0..<0 }
        let sel = min(max(0, selected), count - 1)
        let first = Self.offset(keeping: sel, from: offset, count: count, visibleRows: visibleRows)
        return first..<min(count, first + visibleRows)
    }

    /// The first row to show so that `selected` is visible, moving `offset` as little as possible.
    static func offset(keeping selected: Int, from offset: Int, count: Int, visibleRows: Int) -> Int {
        guard visibleRows > 0, count > 0 else { return 0 }
        var o = min(max(0, offset), max(0, count - visibleRows))
        if selected < o { o = selected }
        if selected >= o + visibleRows { o = selected - visibleRows + 1 }
        return max(0, o)
    }
}

/// Selection and scroll position of a ``ListView``.
public struct ListState: ScrollingSelection, Hashable, Sendable {
    /// Index of the selected row.
    public var selected: Int
    /// Index of the first row shown.
    public var offset: Int

    /// A state with `selected` selected and the view at the top.
    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }
}

/// Draws a one-column scrollbar showing which part of `count` rows is visible.
func drawScrollbar(into canvas: inout Canvas, column: Rect, first: Int, visible: Int, count: Int) {
    guard column.height > 0, count > visible, visible > 0 else { return }
    let h = column.height
    let thumb = max(1, h * visible / count)
    let maxStart = h - thumb
    let start = count - visible > 0 ? min(maxStart, (maxStart * first + (count - visible) / 2) / (count - visible)) : 0
    for i in 0..<h {
        let inThumb = i >= start && i < start + thumb
        canvas.draw(String(inThumb ? canvas.symbols.scrollThumb : canvas.symbols.scrollTrack),
                    at: Point(x: column.x, y: column.y + i), style: Style(.scrollbar))
    }
}
