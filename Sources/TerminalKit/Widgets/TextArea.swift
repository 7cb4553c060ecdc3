/// A multi-line text field for notes: edits by grapheme like ``TextInput`` (so "Ağaoğlu", "李小龍"
/// and "👩‍👩‍👧" move and delete whole), keeps line breaks, and wraps long lines at word boundaries
/// to the width it is drawn in.
///
/// Keys (see ``handle(_:width:height:)``): Enter starts a new line; arrows move (↑↓ by wrapped
/// row, keeping the column); Home/End and Ctrl-A/E go to the start/end of the row's line;
/// PgUp/PgDn move a screenful; Backspace/Delete join lines at their ends; Ctrl-U/K delete to the
/// start/end of the line (Ctrl-K at the end joins the next line); Ctrl-W deletes the previous
/// word; Alt-B/F and Ctrl-←/→ move by word; Alt-D deletes the next word. Tab, Esc and
/// function keys are left to the screen (to move the focus, cancel or save).
public struct TextArea: Hashable, Sendable {
    /// The lines of text (sanitised: no control characters), without their line breaks. Never empty.
    public private(set) var lines: [String]
    /// The cursor's line (0 ..< `lines.count`).
    public private(set) var row: Int
    /// The cursor's position in its line, in graphemes (0 ... that line's `count`).
    public private(set) var column: Int
    /// The first wrapped row shown (kept so the cursor stays in view as it moves).
    public private(set) var scrollTop: Int
    /// Shown dimmed while the field is empty.
    public var placeholder: String
    /// The display column ↑/↓ try to keep, so moving through a short line does not lose it.
    private var goalColumn: Int?

    /// A field holding `text` with the cursor at its end.
    public init(text: String = "", placeholder: String = "") {
        self.lines = [""]
        self.row = 0
        self.column = 0
        self.scrollTop = 0
        self.placeholder = placeholder
        insert(text)
    }

    /// The whole text, lines joined with "\n".
    public var text: String { lines.joined(separator: "\n") }

    /// Whether there is no text at all.
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        lines = [""]
        row = 0
        column = 0
        scrollTop = 0
        goalColumn = nil
        insert(newText)
    }

    // MARK: Editing

    /// Inserts `string` at the cursor. It is sanitised with its line breaks kept (CR LF and CR
    /// become one break), so pasted paragraphs keep their shape; the cursor ends after it.
    public mutating func insert(_ string: String) {
        let clean = Sanitizer.sanitize(string, keepNewlines: true)
        guard !clean.isEmpty else { return }
        goalColumn = nil
        let chars = Array(lines[row])
        let head = String(chars[..<column])
        let tail = String(chars[column...])
        let pieces = clean.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if pieces.count == 1 {
            let before = head + pieces[0]
            lines[row] = before + tail
            // Counted on the joined string: a combining mark typed after "e" merges into one grapheme.
            column = before.count
            return
        }
        var replacement = [head + pieces[0]]
        replacement += pieces[1..<(pieces.count - 1)]
        let last = pieces[pieces.count - 1]
        replacement.append(last + tail)
        lines.replaceSubrange(row...row, with: replacement)
        row += pieces.count - 1
        column = last.count
    }

    /// Breaks the line at the cursor (Enter).
    public mutating func newline() { insert("\n") }

    /// Deletes the grapheme before the cursor; at the start of a line, joins it to the line above.
    public mutating func backspace() {
        goalColumn = nil
        if column > 0 {
            removeInLine(column - 1..<column)
        } else if row > 0 {
            let above = lines[row - 1]
            lines[row - 1] = above + lines[row]
            lines.remove(at: row)
            row -= 1
            column = above.count
        }
    }

    /// Deletes the grapheme under the cursor; at the end of a line, joins the next line to it.
    public mutating func delete() {
        goalColumn = nil
        if column < lines[row].count {
            removeInLine(column..<column + 1)
        } else if row + 1 < lines.count {
            lines[row] += lines[row + 1]
            lines.remove(at: row + 1)
        }
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    public mutating func deleteToLineStart() {
        goalColumn = nil
        removeInLine(0..<column)
    }

    /// Deletes from the cursor to the end of the line; at the end, joins the next line (Ctrl-K).
    public mutating func deleteToLineEnd() {
        if column == lines[row].count { delete(); return }
        goalColumn = nil
        removeInLine(column..<lines[row].count)
    }

    /// Deletes back to the previous space, as a shell's Ctrl-W does; at the start of a line, joins it to the line above.
    public mutating func deleteWordBackward() {
        guard column > 0 else { backspace(); return }
        goalColumn = nil
        let chars = Array(lines[row])
        var i = column
        while i > 0 && chars[i - 1].isWhitespace { i -= 1 }
        while i > 0 && !chars[i - 1].isWhitespace { i -= 1 }
        removeInLine(i..<column)
    }

    /// Deletes to the end of the next word (Alt-D).
    public mutating func deleteWordForward() {
        goalColumn = nil
        let end = wordEnd(after: column)
        if end == column { delete() } else { removeInLine(column..<end) }
    }

    // MARK: Moving

    /// One grapheme left, to the end of the line above from a line's start.
    public mutating func moveLeft() {
        goalColumn = nil
        if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
    }

    /// One grapheme right, to the start of the line below from a line's end.
    public mutating func moveRight() {
        goalColumn = nil
        if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
    }

    /// To the start of the wrapped row the cursor is on (Home).
    public mutating func moveToRowStart(width: Int = .max) {
        goalColumn = nil
        let rows = visualRows(width: Self.wrapWidth(width))
        column = rows[cursorVisualRow(in: rows)].start
    }

    /// To the end of the wrapped row the cursor is on (End).
    public mutating func moveToRowEnd(width: Int = .max) {
        goalColumn = nil
        let rows = visualRows(width: Self.wrapWidth(width))
        let r = rows[cursorVisualRow(in: rows)]
        // The end of a row that wraps is the start of the next one: stop just before it.
        column = r.end == lines[row].count ? r.end : max(r.start, r.end - 1)
    }

    /// To the very start of the text.
    public mutating func moveToStart() { goalColumn = nil; row = 0; column = 0 }
    /// To the very end of the text.
    public mutating func moveToEnd() { goalColumn = nil; row = lines.count - 1; column = lines[row].count }

    /// Up `count` wrapped rows, keeping the display column where the rows allow.
    public mutating func moveUp(_ count: Int = 1, width: Int = .max) { moveVertically(-count, width: width) }
    /// Down `count` wrapped rows, keeping the display column where the rows allow.
    public mutating func moveDown(_ count: Int = 1, width: Int = .max) { moveVertically(count, width: width) }

    /// To the start of the word before the cursor (across a line break when at a line's start).
    public mutating func moveWordLeft() {
        goalColumn = nil
        if column == 0 { moveLeft(); return }
        let chars = Array(lines[row])
        var i = column
        while i > 0 && !Self.isWord(chars[i - 1]) { i -= 1 }
        while i > 0 && Self.isWord(chars[i - 1]) { i -= 1 }
        column = i
    }

    /// To the end of the word after the cursor (across a line break when at a line's end).
    public mutating func moveWordRight() {
        goalColumn = nil
        if column == lines[row].count { moveRight(); return }
        column = wordEnd(after: column)
    }

    /// Applies an editing or movement key; returns false for keys it does not use (Tab, Esc,
    /// function keys, other Ctrl keys), which the screen handles. `width` and `height` are the
    /// size the field is drawn at, for wrapped rows, paging and keeping the cursor in view.
    public mutating func handle(_ key: KeyEvent, width: Int = .max, height: Int = .max) -> Bool {
        let w = width
        switch key {
        case .char(let c): insert(String(c))
        case .enter: newline()
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): delete()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .up: moveUp(width: w)
        case .down: moveDown(width: w)
        case .pageUp: moveUp(max(1, height == .max ? 10 : height - 1), width: w)
        case .pageDown: moveDown(max(1, height == .max ? 10 : height - 1), width: w)
        case .home, .ctrl("a"): moveToRowStart(width: w)
        case .end, .ctrl("e"): moveToRowEnd(width: w)
        case .ctrl("u"): deleteToLineStart()
        case .ctrl("k"): deleteToLineEnd()
        case .ctrl("w"): deleteWordBackward()
        case .alt("b"), .ctrlLeft: moveWordLeft()
        case .alt("f"), .ctrlRight: moveWordRight()
        case .alt("d"): deleteWordForward()
        default: return false
        }
        scrollToCursor(width: width, height: height)
        return true
    }

    // MARK: Wrapping

    /// One row as drawn: a slice of one line, in graphemes (`start ..< end`).
    public struct VisualRow: Hashable, Sendable {
        /// The line it belongs to.
        public var line: Int
        /// Its first grapheme in the line.
        public var start: Int
        /// One past its last grapheme.
        public var end: Int
    }

    /// Text is wrapped one column short of the field, so the cursor after a full row still shows.
    static func wrapWidth(_ width: Int) -> Int { width == .max ? .max : max(1, width - 1) }

    /// The rows the text takes when wrapped to `width` columns (the field's width less one, kept
    /// for the cursor): after the last space that fits, else at the last grapheme that fits (a wide
    /// character never straddles the edge). A space just past a full row stays on that row.
    public func visualRows(width: Int) -> [VisualRow] {
        var out: [VisualRow] = []
        for (n, line) in lines.enumerated() {
            let chars = Array(line)
            guard !chars.isEmpty else { out.append(VisualRow(line: n, start: 0, end: 0)); continue }
            var start = 0
            while start < chars.count {
                var used = 0
                var i = start
                while i < chars.count {
                    let cw = DisplayWidth.of(chars[i])
                    if used + cw > width && i > start { break }
                    used += cw
                    i += 1
                }
                var end = i
                if end < chars.count {
                    if chars[end] == " " {
                        // A space right after a full row hangs in the column kept for the cursor.
                        end += 1
                    } else if let space = (start..<end).last(where: { chars[$0].isWhitespace }), space + 1 < end {
                        // Else break after the last space in the row, if there is one.
                        end = space + 1
                    }
                }
                out.append(VisualRow(line: n, start: start, end: end))
                start = end
            }
        }
        return out
    }

    /// Which of `rows` holds the cursor: a position on a wrap boundary belongs to the row it starts.
    func cursorVisualRow(in rows: [VisualRow]) -> Int {
        var last = 0
        for (i, r) in rows.enumerated() where r.line == row {
            last = i
            if column >= r.start && column < r.end { return i }
        }
        return last
    }

    /// The cursor as drawn at `width`: its wrapped row and display column.
    public func cursorPosition(width: Int) -> (row: Int, column: Int) {
        let rows = visualRows(width: Self.wrapWidth(width))
        let i = cursorVisualRow(in: rows)
        let chars = Array(lines[row])
        return (i, DisplayWidth.of(String(chars[rows[i].start..<column])))
    }

    /// How many rows the text takes when drawn `width` columns wide.
    public func rowCount(width: Int) -> Int { visualRows(width: Self.wrapWidth(width)).count }

    /// Moves `scrollTop` just enough that the cursor's row is among the `height` rows shown.
    public mutating func scrollToCursor(width: Int, height: Int) {
        guard height != .max, height > 0 else { return }
        let r = cursorPosition(width: width).row
        if r < scrollTop { scrollTop = r }
        if r >= scrollTop + height { scrollTop = r - height + 1 }
        scrollTop = max(0, min(scrollTop, max(0, rowCount(width: width) - 1)))
    }

    // MARK: Drawing

    /// Draws the wrapped text into `area`; when focused, shows the cursor as a reverse-video cell
    /// and places the terminal cursor there. The rows shown keep the cursor in view.
    public func render(into canvas: inout Canvas, area: Rect, isFocused: Bool = true) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            canvas.fill(area, style: Style(.input))
            let cursorStyle = Style(.inputCursor)
            if isEmpty {
                for (k, line) in TextLayout.wrap(placeholder, width: area.width).prefix(area.height).enumerated() {
                    canvas.draw(line, at: Point(x: area.x, y: area.y + k), style: Style(.inputPlaceholder), maxWidth: area.width)
                }
                if isFocused {
                    let first = canvas[area.x, area.y].text
                    canvas.draw(first.isEmpty ? " " : first, at: area.origin, style: cursorStyle, maxWidth: 2)
                    canvas.cursor = area.origin
                }
                return
            }
            let rows = visualRows(width: Self.wrapWidth(area.width))
            let cursor = cursorPosition(width: area.width)
            // Keep the cursor in view even if the state's scroll was set for another height.
            var top = min(scrollTop, max(0, rows.count - 1))
            if cursor.row < top { top = cursor.row }
            if cursor.row >= top + area.height { top = cursor.row - area.height + 1 }
            for k in 0..<min(area.height, rows.count - top) {
                let r = rows[top + k]
                let chars = Array(lines[r.line])
                let y = area.y + k
                var x = area.x
                for i in r.start..<r.end {
                    let style = isFocused && r.line == row && i == column ? cursorStyle : Style(.input)
                    x += canvas.draw(String(chars[i]), at: Point(x: x, y: y), style: style, maxWidth: area.maxX - x)
                }
            }
            if isFocused {
                let p = Point(x: area.x + cursor.column, y: area.y + cursor.row - top)
                if column == lines[row].count { canvas.draw(" ", at: p, style: cursorStyle, maxWidth: 1) }
                canvas.cursor = p
            }
        }
    }

    // MARK: Helpers

    private mutating func moveVertically(_ delta: Int, width: Int) {
        let rows = visualRows(width: Self.wrapWidth(width))
        let here = cursorVisualRow(in: rows)
        let chars = Array(lines[row])
        let goal = goalColumn ?? DisplayWidth.of(String(chars[rows[here].start..<column]))
        let target = max(0, min(rows.count - 1, here + delta))
        guard target != here else {
            // Past the first or last row: go to that end of the text, as editors do.
            if delta < 0 { row = 0; column = 0 } else { row = lines.count - 1; column = lines[row].count }
            goalColumn = nil
            return
        }
        let r = rows[target]
        let line = Array(lines[r.line])
        // The grapheme whose display column reaches the goal; a wrapped row stops before its end.
        let last = r.end == line.count ? r.end : max(r.start, r.end - 1)
        var i = r.start
        var used = 0
        while i < last {
            let w = DisplayWidth.of(line[i])
            if used + w > goal { break }
            used += w
            i += 1
        }
        row = r.line
        column = i
        goalColumn = goal
    }

    private mutating func removeInLine(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var chars = Array(lines[row])
        chars.removeSubrange(range)
        let before = String(chars[..<range.lowerBound])
        lines[row] = String(chars)
        column = before.count
    }

    private static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func wordEnd(after position: Int) -> Int {
        let chars = Array(lines[row])
        var i = position
        while i < chars.count && !Self.isWord(chars[i]) { i += 1 }
        while i < chars.count && Self.isWord(chars[i]) { i += 1 }
        return i
    }
}
