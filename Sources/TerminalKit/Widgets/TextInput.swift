/// A single-line text field that edits by grapheme, so "Ağaoğlu", "李小龍" and "👩‍👩‍👧" each
/// move and delete as a person expects.
///
/// Keys (see ``handle(_:)``): arrows, Home/End, Backspace/Delete, Ctrl-A/E (start/end),
/// Ctrl-U/K (delete to start/end), Ctrl-W (delete the previous word), Alt-B/F and Ctrl-←/→
/// (word left/right), Alt-D (delete the next word), Ctrl-B/F (character left/right).
/// Text longer than the field scrolls sideways to keep the cursor in view.
public struct TextInput: Hashable, Sendable {
    /// The text, already sanitised (no control characters or line breaks).
    public private(set) var text: String
    /// The cursor position, in graphemes from the start (0 ... `text.count`).
    public private(set) var cursor: Int
    /// Shown dimmed while the field is empty.
    public var placeholder: String

    /// A field holding `text` with the cursor at its end.
    public init(text: String = "", placeholder: String = "") {
        self.text = Sanitizer.sanitize(text)
        self.cursor = self.text.count
        self.placeholder = placeholder
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        text = Sanitizer.sanitize(newText)
        cursor = text.count
    }

    /// Inserts `string` at the cursor (sanitised; line breaks become spaces) and moves the cursor after it.
    public mutating func insert(_ string: String) {
        let clean = Sanitizer.sanitize(string)
        guard !clean.isEmpty else { return }
        let chars = Array(text)
        let before = String(chars[..<cursor]) + clean
        text = before + String(chars[cursor...])
        // Counted on the joined string: a combining mark typed after "e" merges into one grapheme.
        cursor = before.count
    }

    /// Deletes the grapheme before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        remove(cursor - 1..<cursor)
    }

    /// Deletes the grapheme under the cursor.
    public mutating func delete() {
        guard cursor < text.count else { return }
        remove(cursor..<cursor + 1)
    }

    /// Moves the cursor one grapheme left.
    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    /// Moves the cursor one grapheme right.
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    /// Moves the cursor to the start.
    public mutating func moveToStart() { cursor = 0 }
    /// Moves the cursor to the end.
    public mutating func moveToEnd() { cursor = text.count }

    /// Moves to the start of the word before the cursor.
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }

    /// Moves to the end of the word after the cursor.
    public mutating func moveWordRight() { cursor = wordEnd(after: cursor) }

    /// Deletes from the start of the text to the cursor (Ctrl-U).
    public mutating func deleteToStart() { remove(0..<cursor) }

    /// Deletes from the cursor to the end of the text (Ctrl-K).
    public mutating func deleteToEnd() { remove(cursor..<text.count) }

    /// Deletes back to the previous space, as a shell's Ctrl-W does.
    public mutating func deleteWordBackward() {
        let chars = Array(text)
        var i = cursor
        while i > 0 && chars[i - 1].isWhitespace { i -= 1 }
        while i > 0 && !chars[i - 1].isWhitespace { i -= 1 }
        remove(i..<cursor)
    }

    /// Deletes to the end of the next word (Alt-D).
    public mutating func deleteWordForward() { remove(cursor..<wordEnd(after: cursor)) }

    /// Applies an editing key; returns false for keys it does not use (Enter, Esc, Tab...), which the screen handles.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        switch key {
        case .char(let c): insert(String(c))
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): delete()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .home, .ctrl("a"): moveToStart()
        case .end, .ctrl("e"): moveToEnd()
        case .ctrl("u"): deleteToStart()
        case .ctrl("k"): deleteToEnd()
        case .ctrl("w"): deleteWordBackward()
        case .alt("b"), .ctrlLeft: moveWordLeft()
        case .alt("f"), .ctrlRight: moveWordRight()
        case .alt("d"): deleteWordForward()
        default: return false
        }
        return true
    }

    /// The first visible display column when the field is `width` columns wide: 0 until the cursor
    /// passes the right edge, then whatever keeps the cursor (and the character under it) in view.
    public func scrollColumn(width: Int) -> Int {
        let chars = Array(text)
        let cursorColumn = DisplayWidth.of(String(chars[..<cursor]))
        let under = cursor < chars.count ? max(1, DisplayWidth.of(chars[cursor])) : 1
        let end = cursorColumn + under
        return end <= width ? 0 : end - width
    }

    /// Draws the field in the first row of `area`; when focused, shows the cursor as a reverse-video
    /// cell and places the terminal cursor there (screen readers follow it).
    public func render(into canvas: inout Canvas, area: Rect, isFocused: Bool = true) {
        guard !area.isEmpty else { return }
        let row = area.row(0)
        canvas.withClip(row) { canvas in
            canvas.fill(row, style: Style(.input))
            let cursorStyle = Style(.inputCursor)
            if text.isEmpty {
                canvas.draw(placeholder, in: row, style: Style(.inputPlaceholder))
                if isFocused {
                    let first = placeholder.isEmpty ? " " : canvas[row.x, row.y].text
                    canvas.draw(first.isEmpty ? " " : first, at: row.origin, style: cursorStyle, maxWidth: 2)
                    canvas.cursor = row.origin
                }
                return
            }
            let scroll = scrollColumn(width: row.width)
            var column = 0 // display column within the text
            for (i, c) in text.enumerated() {
                let w = DisplayWidth.of(c)
                let x = row.x + column - scroll
                let style = isFocused && i == cursor ? cursorStyle : Style(.input)
                if column >= scroll {
                    canvas.draw(String(c), at: Point(x: x, y: row.y), style: style, maxWidth: row.maxX - x)
                } else if column + w > scroll {
                    canvas.draw(" ", at: Point(x: row.x, y: row.y), style: Style(.input)) // half a wide character
                }
                if i == cursor && isFocused { canvas.cursor = Point(x: max(row.x, x), y: row.y) }
                column += w
                if row.x + column - scroll >= row.maxX { break }
            }
            if isFocused && cursor == text.count {
                let x = row.x + column - scroll
                canvas.draw(" ", at: Point(x: x, y: row.y), style: cursorStyle)
                canvas.cursor = Point(x: x, y: row.y)
            }
        }
    }

    // MARK: Helpers

    private mutating func remove(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var chars = Array(text)
        chars.removeSubrange(range)
        let before = String(chars[..<range.lowerBound])
        text = String(chars)
        cursor = before.count
    }

    private static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func wordStart(before position: Int) -> Int {
        let chars = Array(text)
        var i = position
        while i > 0 && !TextInput.isWord(chars[i - 1]) { i -= 1 }
        while i > 0 && TextInput.isWord(chars[i - 1]) { i -= 1 }
        return i
    }

    private func wordEnd(after position: Int) -> Int {
        let chars = Array(text)
        var i = position
        while i < chars.count && !TextInput.isWord(chars[i]) { i += 1 }
        while i < chars.count && TextInput.isWord(chars[i]) { i += 1 }
        return i
    }
}
