/// One character cell of a canvas: a grapheme cluster, the columns it takes, and its style.
///
/// A wide character (such as "李") sits in its left cell with `width` 2; the cell to its right is a
/// *continuation* (`width` 0, empty text) that the backend does not draw.
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster shown, already sanitised; empty for a continuation cell.
    public let text: String
    /// Columns taken: 1, 2 for a wide character, 0 for the right half of one.
    public let width: Int
    /// How the cell looks.
    public var style: Style

    init(trusted text: String, width: Int, style: Style) {
        self.text = text
        self.width = width
        self.style = style
    }

    /// A cell showing `character` (sanitised: a control character shows as "�").
    public init(_ character: Character, style: Style = .text) {
        let clean = Sanitizer.sanitize(String(character))
        guard let c = clean.first else {
            self.init(trusted: " ", width: 1, style: style)
            return
        }
        var text = String(c)
        var w = DisplayWidth.of(c)
        if w == 0 {
            if Cell.startsWithMark(c) {
                text = "◌" + text
                w = 1
            } else {
                text = " "
                w = 1
            }
        }
        self.init(trusted: text, width: w, style: style)
    }

    /// A space in the given style.
    public static func blank(_ style: Style = .text) -> Cell { Cell(trusted: " ", width: 1, style: style) }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }

    static func continuation(_ style: Style) -> Cell { Cell(trusted: "", width: 0, style: style) }

    static func startsWithMark(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// A run of text in one style, for drawing mixed styles on a line.
public struct Span: Hashable, Sendable {
    /// The text (sanitised when drawn).
    public var text: String
    /// Its style.
    public var style: Style

    /// A run of `text` in `style`.
    public init(_ text: String, style: Style = .text) {
        self.text = text
        self.style = style
    }
}

/// Border line weights for ``Canvas/drawBox(_:title:style:titleStyle:border:)``.
public enum BorderKind: Hashable, Sendable {
    /// Light lines, for panels.
    case panel
    /// Heavy lines, for dialogs.
    case dialog
}

/// A grid of styled cells that widgets render into and backends display.
///
/// The only way to put text on a canvas is through its drawing functions, which sanitise (see
/// ``Sanitizer``), measure each grapheme's display width, and clip. So nothing drawn from data can
/// reach the terminal as a control sequence, and nothing can be drawn outside the canvas.
public struct Canvas: Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// All cells, row by row.
    public private(set) var cells: [Cell]
    /// Where the terminal's own cursor should be shown (for text input and screen readers), or nil to hide it.
    public var cursor: Point?
    /// The glyphs widgets draw with (Unicode or ASCII).
    public var symbols: Symbols
    /// The rect drawing is currently limited to; see ``withClip(_:_:)``.
    public private(set) var clip: Rect

    /// A blank canvas of `size`, every cell a space in `style`.
    public init(size: Size, symbols: Symbols = .unicode, style: Style = .text) {
        self.width = size.width
        self.height = size.height
        self.cells = Array(repeating: Cell.blank(style), count: size.width * size.height)
        self.symbols = symbols
        self.clip = Rect(size: size)
    }

    /// A blank canvas `width` columns by `height` rows.
    public init(width: Int, height: Int, symbols: Symbols = .unicode) {
        self.init(size: Size(width: width, height: height), symbols: symbols)
    }

    /// The canvas's size.
    public var size: Size { Size(width: width, height: height) }
    /// The whole canvas as a rect.
    public var bounds: Rect { Rect(size: size) }

    /// The cell at column `x`, row `y` (a blank cell outside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
        return cells[y * width + x]
    }

    // MARK: Drawing

    /// Draws `text` from `point` rightwards in `style`, at most `maxWidth` columns; returns the columns used.
    ///
    /// The text is sanitised; each grapheme takes its display width. A wide character that would
    /// cross the limit is replaced by a space, so the cells after it stay aligned. Line breaks
    /// become spaces (use ``TextLayout/wrap(_:width:)`` for paragraphs).
    @discardableResult
    public mutating func draw(_ text: String, at point: Point, style: Style = .text, maxWidth: Int? = nil) -> Int {
        let limit = maxWidth.map { point.x + max(0, $0) } ?? Int.max
        let visibleRow = point.y >= clip.minY && point.y < clip.maxY
        var col = point.x
        let clean = Sanitizer.sanitize(text)
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII: one column per byte.
            for byte in clean.utf8 {
                if col >= limit { break }
                if visibleRow && col >= clip.minX && col < clip.maxX {
                    place(Cell(trusted: String(UnicodeScalar(byte)), width: 1, style: style), x: col, y: point.y)
                }
                col += 1
            }
            return col - point.x
        }
        for c in clean {
            var g = String(c)
            var w = DisplayWidth.of(c)
            if w == 0 {
                guard Cell.startsWithMark(c) else { continue } // zero-width on its own: nothing to see
                g = "◌" + g
                w = 1
            }
            if col + w > limit {
                if col < limit, visibleRow { placeClipped(Cell.blank(style), x: col, y: point.y) }
                if col < limit { col += 1 }
                break
            }
            if visibleRow { placeClipped(Cell(trusted: g, width: w, style: style), x: col, y: point.y) }
            col += w
        }
        return col - point.x
    }

    /// Draws runs of differently styled text one after another; returns the columns used.
    @discardableResult
    public mutating func draw(_ spans: [Span], at point: Point, maxWidth: Int? = nil) -> Int {
        var used = 0
        for span in spans {
            let room = maxWidth.map { $0 - used }
            if let r = room, r <= 0 { break }
            used += draw(span.text, at: Point(x: point.x + used, y: point.y), style: span.style, maxWidth: room)
        }
        return used
    }

    /// Draws `text` truncated with an ellipsis and aligned inside exactly `width` columns.
    public mutating func draw(_ text: String, in row: Rect, style: Style = .text, alignment: Alignment = .left) {
        guard row.height > 0, row.width > 0 else { return }
        let fitted = TextLayout.fit(text, width: row.width, alignment: alignment, ellipsis: symbols.ellipsis)
        draw(fitted, at: row.origin, style: style, maxWidth: row.width)
    }

    /// Fills `rect` with `character` in `style`, replacing what was there.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .text) {
        let r = rect.intersection(clip)
        guard !r.isEmpty else { return }
        let cell = Cell(character, style: style)
        if cell.width == 2 {
            for y in r.minY..<r.maxY {
                var x = r.minX
                while x < r.maxX { placeClipped(cell, x: x, y: y); x += 2 }
            }
            return
        }
        for y in r.minY..<r.maxY {
            for x in r.minX..<r.maxX { place(cell, x: x, y: y) }
        }
    }

    /// Changes the style of every cell in `rect`, keeping its text (for highlighting a row).
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(clip)
        guard !r.isEmpty else { return }
        for y in r.minY..<r.maxY {
            for x in r.minX..<r.maxX { cells[y * width + x].style = style }
        }
    }

    /// Adds `attributes` to the style of every cell in `rect`.
    public mutating func addAttributes(_ rect: Rect, _ attributes: Attributes) {
        let r = rect.intersection(clip)
        guard !r.isEmpty else { return }
        for y in r.minY..<r.maxY {
            for x in r.minX..<r.maxX { cells[y * width + x].style.attributes.formUnion(attributes) }
        }
    }

    /// Draws a border around `rect` with an optional title in the top edge; returns the inside.
    ///
    /// A rect narrower or shorter than 2 cells gets no border and is returned unchanged.
    @discardableResult
    public mutating func drawBox(_ rect: Rect, title: String? = nil, style: Style = Style(.border),
                                 titleStyle: Style = Style(.title), border: BorderKind = .panel) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return rect }
        let b = border == .panel ? symbols.border : symbols.dialogBorder
        let h = String(b.horizontal)
        let v = String(b.vertical)
        draw(String(b.topLeft) + String(repeating: h, count: rect.width - 2) + String(b.topRight),
             at: rect.origin, style: style)
        draw(String(b.bottomLeft) + String(repeating: h, count: rect.width - 2) + String(b.bottomRight),
             at: Point(x: rect.minX, y: rect.maxY - 1), style: style)
        for y in (rect.minY + 1)..<(rect.maxY - 1) {
            draw(v, at: Point(x: rect.minX, y: y), style: style)
            draw(v, at: Point(x: rect.maxX - 1, y: y), style: style)
        }
        if let title, rect.width >= 6 {
            // "┌ Title ─┐": the title, a space either side, and at least one rule before the corner.
            let t = TextLayout.truncate(title, to: rect.width - 5, ellipsis: symbols.ellipsis)
            if !t.isEmpty {
                draw(" " + t + " ", at: Point(x: rect.minX + 1, y: rect.minY), style: titleStyle, maxWidth: rect.width - 3)
            }
        }
        return rect.inset(by: 1)
    }

    /// Runs `body` with drawing limited to `rect` (within the current clip), then restores the clip.
    public mutating func withClip<R>(_ rect: Rect, _ body: (inout Canvas) throws -> R) rethrows -> R {
        let saved = clip
        clip = clip.intersection(rect)
        defer { clip = saved }
        return try body(&self)
    }

    // MARK: Reading back

    /// The text of row `y` as a person would see it (wide characters once, continuations skipped).
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        for x in 0..<width {
            let c = cells[y * width + x]
            if !c.isContinuation { s += c.text }
        }
        return s
    }

    /// Every row's text, top to bottom.
    public var lines: [String] { (0..<height).map(line) }

    /// The positions of leading cells that differ from `previous` (all of them when sizes differ).
    ///
    /// Backends draw only these, which is what keeps a redraw of an unchanged screen cheap.
    public func changes(since previous: Canvas?) -> [Point] {
        var out: [Point] = []
        guard let previous, previous.width == width, previous.height == height else {
            out.reserveCapacity(width * height)
            for y in 0..<height {
                for x in 0..<width where !cells[y * width + x].isContinuation { out.append(Point(x: x, y: y)) }
            }
            return out
        }
        for y in 0..<height {
            let base = y * width
            var x = 0
            while x < width {
                let i = base + x
                if cells[i] != previous.cells[i] {
                    if cells[i].isContinuation {
                        if x > 0, out.last != Point(x: x - 1, y: y) { out.append(Point(x: x - 1, y: y)) }
                    } else {
                        out.append(Point(x: x, y: y))
                    }
                }
                x += 1
            }
        }
        return out
    }

    // MARK: Cell placement

    private mutating func placeClipped(_ cell: Cell, x: Int, y: Int) {
        guard y >= clip.minY, y < clip.maxY else { return }
        if x >= clip.minX && x + cell.width <= clip.maxX {
            place(cell, x: x, y: y)
        } else if cell.width == 2 {
            // Half of a wide character is inside the clip: show a space there instead.
            if x >= clip.minX && x < clip.maxX { place(.blank(cell.style), x: x, y: y) }
            if x + 1 >= clip.minX && x + 1 < clip.maxX { place(.blank(cell.style), x: x + 1, y: y) }
        }
    }

    /// Puts a cell, repairing any wide character it half covers.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        guard y >= 0, y < height, x >= 0, x < width else { return }
        let i = y * width + x
        if cell.width == 1 && cells[i].width == 1 {
            // The common case: a narrow character over a narrow one, nothing to repair.
            cells[i] = cell
            return
        }
        var cell = cell
        if cell.width == 2 && x + 1 >= width { cell = .blank(cell.style) }
        let old = cells[i]
        if old.isContinuation && x > 0 {
            cells[i - 1] = .blank(cells[i - 1].style)
        }
        if old.width == 2 && cell.width != 2 && x + 1 < width {
            cells[i + 1] = .blank(old.style)
        }
        cells[i] = cell
        if cell.width == 2 {
            let next = cells[i + 1]
            if next.width == 2 && x + 2 < width { cells[i + 2] = .blank(next.style) }
            cells[i + 1] = .continuation(cell.style)
        }
    }
}
