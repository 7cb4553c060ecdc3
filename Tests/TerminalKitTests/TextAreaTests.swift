import Testing
@testable import TerminalKit

@Suite("Text area")
struct TextAreaTests {
    func typed(_ text: String, width: Int = .max) -> TextArea {
        var t = TextArea()
        for k in KeyEvent.typing(text) { _ = t.handle(k, width: width) }
        return t
    }

    func press(_ t: inout TextArea, _ keys: KeyEvent..., width: Int = .max, height: Int = .max) {
        for k in keys { _ = t.handle(k, width: width, height: height) }
    }

    @Test("Enter starts a new line; the text keeps its line breaks")
    func newlines() {
        var t = typed("Visited 14 Elm Road")
        press(&t, .enter)
        for k in KeyEvent.typing("Two adults seen") { _ = t.handle(k) }
        press(&t, .enter, .enter)
        for k in KeyEvent.typing("— Zoë") { _ = t.handle(k) }
        #expect(t.text == "Visited 14 Elm Road\nTwo adults seen\n\n— Zoë")
        #expect(t.lines.count == 4)
        #expect(t.row == 3 && t.column == 5)
    }

    @Test("Multi-byte names edit by grapheme: CJK, accents, a family emoji, a combining accent typed after its letter")
    func graphemes() {
        var t = typed("李小龍 José👩‍👩‍👧")
        #expect(t.column == 9)
        t.backspace()
        #expect(t.text == "李小龍 José")
        t.backspace()
        #expect(t.text == "李小龍 Jos")
        _ = t.handle(.char("e"))
        _ = t.handle(.char("\u{301}"))
        #expect(t.text == "李小龍 Jose\u{301}")
        #expect(t.column == 8)
        press(&t, .home, .delete)
        #expect(t.text == "小龍 Jose\u{301}")
    }

    @Test("Backspace at a line's start joins it to the line above; Delete at a line's end joins the next")
    func joins() {
        var t = TextArea(text: "first\nsecond")
        press(&t, .home)
        #expect(t.row == 1 && t.column == 0)
        t.backspace()
        #expect(t.text == "firstsecond")
        #expect(t.row == 0 && t.column == 5)
        t.newline()
        #expect(t.text == "first\nsecond")
        press(&t, .up, .end, .delete)
        #expect(t.text == "firstsecond")
        press(&t, .ctrl("k"))
        #expect(t.text == "first")
    }

    @Test("Arrows cross line ends; ↑↓ keep the column through a short line")
    func movement() {
        var t = TextArea(text: "Ağaoğlu household\nok\nfour adults listed")
        press(&t, .up, .up)
        #expect(t.row == 0 && t.column == 17)
        press(&t, .down)
        #expect(t.row == 1 && t.column == 2)
        press(&t, .down)
        #expect(t.row == 2 && t.column == 18)
        press(&t, .home, .left)
        #expect(t.row == 1 && t.column == 2)
        press(&t, .right)
        #expect(t.row == 2 && t.column == 0)
        press(&t, .pageUp)
        #expect(t.row == 0)
        press(&t, .pageDown)
        #expect(t.row == 2 && t.column == 0)
    }

    @Test("Word keys and Ctrl-U/W behave like a shell, within the line")
    func wordKeys() {
        var t = TextArea(text: "line one\nrent paid to Mr Nowak")
        press(&t, .ctrl("w"))
        #expect(t.lines[1] == "rent paid to Mr ")
        press(&t, .alt("b"), .alt("b"))
        #expect(t.column == 10)
        press(&t, .alt("d"))
        #expect(t.lines[1] == "rent paid  Mr ")
        press(&t, .ctrl("u"))
        #expect(t.lines[1] == " Mr ")
        #expect(t.lines[0] == "line one")
    }

    @Test("Pasted text keeps its paragraphs; CR LF becomes one break and escape sequences are removed")
    func paste() {
        var t = TextArea(text: "Note: ")
        t.insert("rang landlord\r\nno answer\u{1B}]52;c;aGk=\u{07}\rcall back")
        #expect(t.text == "Note: rang landlord\nno answer\ncall back")
        #expect(t.row == 2 && t.column == 9)
    }

    @Test("Long lines wrap at spaces to the width, and a wide character never straddles the edge")
    func wrapping() {
        let t = TextArea(text: "tenant seen at 9 Oak Avenue 李小龍")
        // Wrapped one short of the field (12), so the cursor after a full row has a cell.
        let rows = t.visualRows(width: 11)
        let texts = rows.map { r in String(Array(t.lines[r.line])[r.start..<r.end]) }
        #expect(texts == ["tenant seen ", "at 9 Oak ", "Avenue ", "李小龍"])
        let cjk = TextArea(text: "李小龍李小龍")
        let cjkRows = cjk.visualRows(width: 5).map { r in String(Array(cjk.lines[0])[r.start..<r.end]) }
        #expect(cjkRows == ["李小", "龍李", "小龍"])
        let c = canvas(12, 5) { c in t.render(into: &c, area: Rect(x: 0, y: 0, width: 12, height: 5), isFocused: true) }
        expectScreen(c, ["tenant seen", "at 9 Oak", "Avenue", "李小龍", ""])
        #expect(c.cursor == Point(x: 6, y: 3))
    }

    @Test("↑↓ move by wrapped row, and the view scrolls to keep the cursor shown")
    func wrappedMovementAndScroll() {
        var t = TextArea(text: "one two three four five six seven")
        #expect(t.rowCount(width: 10) == 4)
        press(&t, .up, width: 10, height: 2)
        #expect(t.cursorPosition(width: 10).row == 2)
        press(&t, .up, .up, width: 10, height: 2)
        #expect(t.cursorPosition(width: 10).row == 0)
        #expect(t.scrollTop == 0)
        press(&t, .down, .down, .down, width: 10, height: 2)
        #expect(t.scrollTop == 2)
        let c = canvas(10, 2) { c in t.render(into: &c, area: Rect(x: 0, y: 0, width: 10, height: 2), isFocused: true) }
        #expect(c.lines[0].hasPrefix("four five"))
        #expect(c.lines[1].hasPrefix("six seven"))
    }

    @Test("Empty, it shows the placeholder; Tab, Esc and F-keys are left to the screen")
    func placeholderAndUnusedKeys() {
        var t = TextArea(placeholder: "Type the note")
        let c = canvas(20, 2) { c in t.render(into: &c, area: Rect(x: 0, y: 0, width: 20, height: 2)) }
        expectScreen(c, ["Type the note", ""])
        for key: KeyEvent in [.tab, .escape, .function(2), .ctrl("s")] {
            let used = t.handle(key)
            #expect(!used, "\(key) should be left to the screen")
        }
        #expect(t.isEmpty)
    }
}
