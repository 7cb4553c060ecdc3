/// A row of tab titles with one active; when they do not all fit, the row scrolls to keep the
/// active tab in view and marks the cut with an ellipsis.
public struct Tabs: Hashable, Sendable {
    /// The titles, left to right.
    public var titles: [String]
    /// Index of the active tab.
    public var selected: Int

    /// Tabs titled `titles` with `selected` active.
    public init(_ titles: [String], selected: Int = 0) {
        self.titles = titles
        self.selected = selected
    }

    /// Selects the next tab, wrapping round (for Tab or →).
    public mutating func selectNext() { if !titles.isEmpty { selected = (selected + 1) % titles.count } }

    /// Selects the previous tab, wrapping round (for Shift-Tab or ←).
    public mutating func selectPrevious() { if !titles.isEmpty { selected = (selected - 1 + titles.count) % titles.count } }

    /// Where each shown tab sits within a row `width` wide: (tab index, x offset, width).
    func layout(width: Int, symbols: Symbols) -> (tabs: [(index: Int, x: Int, width: Int)], cutLeft: Bool) {
        guard !titles.isEmpty, width > 0 else { return ([], false) }
        let sel = min(max(0, selected), titles.count - 1)
        let widths = titles.map { DisplayWidth.of(Sanitizer.sanitize($0)) + 2 } // " title "
        // Start from the first tab; move right until the active one fits (1 column for the ellipsis).
        var first = 0
        func fits(from start: Int) -> Bool {
            var used = start > 0 ? 1 : 0
            for i in start...sel { used += widths[i] + (i > start ? 1 : 0) }
            return used <= width
        }
        while first < sel && !fits(from: first) { first += 1 }
        var x = first > 0 ? 1 : 0
        var result: [(Int, Int, Int)] = []
        for i in first..<titles.count {
            if i > first { x += 1 } // separator
            if x >= width { break }
            let w = min(widths[i], width - x)
            result.append((i, x, w))
            x += widths[i]
        }
        return (result, first > 0)
    }

    /// The tab at screen column `x` of a tab row drawn in `area`, for mouse clicks.
    public func index(atX x: Int, area: Rect, symbols: Symbols = .unicode) -> Int? {
        for t in layout(width: area.width, symbols: symbols).tabs where x >= area.x + t.x && x < area.x + t.x + t.width {
            return t.index
        }
        return nil
    }

    /// Draws the tab row in the first row of `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let row = area.row(0)
        canvas.withClip(row) { canvas in
            canvas.fill(row, style: Style(.tab))
            let (tabs, cutLeft) = layout(width: row.width, symbols: canvas.symbols)
            if cutLeft { canvas.draw(canvas.symbols.ellipsis, at: row.origin, style: Style(.dim), maxWidth: 1) }
            let sel = min(max(0, selected), titles.count - 1)
            for (n, t) in tabs.enumerated() {
                if n > 0 { canvas.draw(String(canvas.symbols.separator), at: Point(x: row.x + t.x - 1, y: row.y), style: Style(.border)) }
                let style = Style(t.index == sel ? .tabActive : .tab)
                canvas.draw(" " + titles[t.index] + " ", in: Rect(x: row.x + t.x, y: row.y, width: t.width, height: 1), style: style)
            }
        }
    }
}

/// Label/value pairs in two aligned columns, such as a record's details.
public struct KeyValuePanel: Hashable, Sendable {
    /// One label and its value.
    public struct Pair: Hashable, Sendable {
        /// The label.
        public var key: String
        /// The value (sanitised when drawn).
        public var value: String
        /// The value's style; nil for ordinary text.
        public var style: Style?

        /// A label and its value, optionally in `style`.
        public init(_ key: String, _ value: String, style: Style? = nil) {
            self.key = key
            self.value = value
            self.style = style
        }
    }

    /// The pairs, top to bottom.
    public var pairs: [Pair]
    /// Whether long values wrap onto following lines (otherwise they are cut with an ellipsis).
    public var wrapsValues: Bool
    /// Lines scrolled off the top.
    public var scroll: Int

    /// A panel of `pairs`.
    public init(_ pairs: [Pair], wrapsValues: Bool = true, scroll: Int = 0) {
        self.pairs = pairs
        self.wrapsValues = wrapsValues
        self.scroll = scroll
    }

    /// Draws the pairs into `area`; the label column is as wide as the longest label, up to 40% of the area.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area)
            let longest = pairs.map { DisplayWidth.of(Sanitizer.sanitize($0.key)) }.max() ?? 0
            let keyWidth = min(longest, max(1, area.width * 2 / 5))
            let valueX = area.x + keyWidth + 2
            let valueWidth = max(0, area.maxX - valueX)
            var lines: [(key: String, value: String, style: Style)] = []
            for p in pairs {
                let style = p.style ?? .text
                if wrapsValues && valueWidth > 0 {
                    let wrapped = TextLayout.wrap(p.value, width: valueWidth)
                    for (i, v) in wrapped.enumerated() { lines.append((i == 0 ? p.key : "", v, style)) }
                    if wrapped.isEmpty { lines.append((p.key, "", style)) }
                } else {
                    lines.append((p.key, p.value, style))
                }
            }
            for (k, line) in lines.dropFirst(max(0, scroll)).prefix(area.height).enumerated() {
                let y = area.y + k
                canvas.draw(line.key, in: Rect(x: area.x, y: y, width: keyWidth, height: 1), style: Style(.dim))
                if valueWidth > 0 {
                    canvas.draw(line.value, in: Rect(x: valueX, y: y, width: valueWidth, height: 1), style: line.style)
                }
            }
        }
    }
}

/// A key and what it does, shown in the status bar ("q Quit").
public struct KeyHint: Hashable, Sendable {
    /// The key as a person types it: "q", "/", "Enter", "F5".
    public var key: String
    /// What it does, in a word or two.
    public var label: String

    /// A hint that `key` does `label`.
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// The bottom line: key hints for the current context on the left, a message on the right.
///
/// The message wins when space is short: hints that do not fit are left out, last first.
public struct StatusBar: Hashable, Sendable {
    /// Keys that work here, most important first.
    public var hints: [KeyHint]
    /// A message (row counts, "Saved", an error), or empty.
    public var message: String
    /// The message's style.
    public var messageStyle: Style

    /// A status bar with `hints` and an optional `message`.
    public init(hints: [KeyHint], message: String = "", messageStyle: Style = Style(.statusBar)) {
        self.hints = hints
        self.message = message
        self.messageStyle = messageStyle
    }

    /// Draws the bar in the first row of `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let row = area.row(0)
        canvas.withClip(row) { canvas in
            let bar = Style(.statusBar)
            canvas.fill(row, style: bar)
            let clean = Sanitizer.sanitize(message)
            let messageWidth = min(DisplayWidth.of(clean), max(0, row.width - 1))
            if messageWidth > 0 {
                canvas.draw(clean, in: Rect(x: row.maxX - messageWidth - 1, y: row.y, width: messageWidth, height: 1),
                            style: messageStyle, alignment: .right)
            }
            let room = row.width - (messageWidth > 0 ? messageWidth + 3 : 0)
            var x = row.x + 1
            for hint in hints {
                let w = DisplayWidth.of(Sanitizer.sanitize(hint.key)) + 1 + DisplayWidth.of(Sanitizer.sanitize(hint.label))
                if x - row.x + w > room { break }
                x += canvas.draw(hint.key, at: Point(x: x, y: row.y), style: Style(.statusBarKey))
                x += canvas.draw(" " + hint.label, at: Point(x: x, y: row.y), style: bar)
                x += 2
            }
        }
    }
}
