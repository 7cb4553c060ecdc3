/// One item of a ``ListView``.
public struct ListItem: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The item's text.
    public var text: String
    /// Secondary text shown right-aligned (a count, a date), or nil.
    public var detail: String?
    /// The item's style; nil for ordinary text.
    public var style: Style?

    /// An item with optional right-aligned `detail` and `style`.
    public init(_ text: String, detail: String? = nil, style: Style? = nil) {
        self.text = text
        self.detail = detail
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A scrolling list with one selected item, marked by ``Symbols/selectionMarker`` and the `selection` role.
public struct ListView {
    /// The items, top to bottom.
    public var items: [ListItem]
    /// Whether the list has the keyboard focus.
    public var isFocused: Bool
    /// Shown when there are no items.
    public var emptyMessage: String

    /// A list of `items`.
    public init(items: [ListItem], isFocused: Bool = true, emptyMessage: String = "Nothing here") {
        self.items = items
        self.isFocused = isFocused
        self.emptyMessage = emptyMessage
    }

    /// The item index shown at `point`, or nil.
    public func item(at point: Point, area: Rect, state: ListState) -> Int? {
        guard area.contains(point) else { return nil }
        let range = state.visibleRange(count: items.count, visibleRows: area.height)
        let i = range.lowerBound + point.y - area.y
        return range.contains(i) ? i : nil
    }

    /// Draws the visible items into `area`.
    public func render(into canvas: inout Canvas, area: Rect, state: ListState) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            guard !items.isEmpty else {
                canvas.draw(emptyMessage, in: area.row(0).inset(left: 2), style: Style(.dim))
                return
            }
            let scrollbar = items.count > area.height && area.width >= 6
            let range = state.visibleRange(count: items.count, visibleRows: area.height)
            let selected = min(max(0, state.selected), items.count - 1)
            let selectionStyle = Style(isFocused ? .selection : .selectionInactive)
            for (k, i) in range.enumerated() {
                let item = items[i]
                let line = Rect(x: area.x, y: area.y + k, width: area.width - (scrollbar ? 1 : 0), height: 1)
                let isSelected = i == selected
                let style = isSelected ? selectionStyle : (item.style ?? .text)
                canvas.fill(line, style: style)
                if isSelected { canvas.draw(canvas.symbols.selectionMarker, at: line.origin, style: style, maxWidth: 1) }
                let content = line.inset(left: 2)
                if let detail = item.detail, content.width > 4 {
                    let dw = min(DisplayWidth.of(Sanitizer.sanitize(detail)), content.width / 2)
                    canvas.draw(item.text, in: Rect(x: content.x, y: line.y, width: content.width - dw - 1, height: 1), style: style)
                    canvas.draw(detail, in: Rect(x: content.maxX - dw, y: line.y, width: dw, height: 1),
                                style: isSelected ? style : Style(.dim), alignment: .right)
                } else {
                    canvas.draw(item.text, in: content, style: style)
                }
            }
            if scrollbar {
                drawScrollbar(into: &canvas, column: Rect(x: area.maxX - 1, y: area.y, width: 1, height: area.height),
                              first: range.lowerBound, visible: area.height, count: items.count)
            }
        }
    }
}
