import Testing
@testable import TerminalKit

@Suite("Text input")
struct TextInputTests {
    func typed(_ text: String) -> TextInput {
        var t = TextInput()
        for k in KeyEvent.typing(text) { _ = t.handle(k) }
        return t
    }

    @Test("Typing multi-byte names counts graphemes, not bytes or scalars")
    func typing() {
        let t = typed("Zoë Ağaoğlu 李小龍")
        #expect(t.text == "Zoë Ağaoğlu 李小龍")
        #expect(t.cursor == 15)
    }

    @Test("Backspace removes a whole grapheme: a CJK character, an accented letter, a family emoji")
    func backspace() {
        var t = typed("José李👩‍👩‍👧")
        t.backspace()
        #expect(t.text == "José李")
        t.backspace()
        #expect(t.text == "José")
        t.backspace()
        #expect(t.text == "Jos")
        var d = TextInput(text: "e\u{301}x")
        d.moveToStart()
        d.delete()
        #expect(d.text == "x")
    }

    @Test("A combining accent typed after its letter joins it")
    func combiningTyped() {
        var t = typed("Jose")
        _ = t.handle(.char("\u{301}"))
        #expect(t.text == "Jose\u{301}")
        #expect(t.text.count == 4)
        #expect(t.cursor == 4)
    }

    @Test("Editing in the middle: arrows, insert, delete, Home/End")
    func middle() {
        var t = typed("Ağaoğlu")
        for k: KeyEvent in [.left, .left, .left] { _ = t.handle(k) }
        _ = t.handle(.char("X"))
        #expect(t.text == "AğaoXğlu")
        _ = t.handle(.delete)
        #expect(t.text == "AğaoXlu")
        _ = t.handle(.home)
        _ = t.handle(.char("<"))
        _ = t.handle(.end)
        _ = t.handle(.char(">"))
        #expect(t.text == "<AğaoXlu>")
    }

    @Test("Ctrl-A/E/U/K/W and word movement behave like a shell")
    func emacsKeys() {
        var t = typed("Zoë Ağaoğlu, Flat 3")
        _ = t.handle(.ctrl("w"))
        #expect(t.text == "Zoë Ağaoğlu, Flat ")
        _ = t.handle(.ctrl("a"))
        _ = t.handle(.alt("f"))
        #expect(t.cursor == 3)
        _ = t.handle(.ctrlRight)
        #expect(t.cursor == 11)
        _ = t.handle(.ctrl("k"))
        #expect(t.text == "Zoë Ağaoğlu")
        _ = t.handle(.alt("b"))
        #expect(t.cursor == 4)
        _ = t.handle(.ctrl("u"))
        #expect(t.text == "Ağaoğlu" && t.cursor == 0)
        _ = t.handle(.ctrl("e"))
        #expect(t.cursor == 7)
        _ = t.handle(.ctrlLeft)
        _ = t.handle(.alt("d"))
        #expect(t.text == "")
    }

    @Test("Enter, Esc and Tab are left for the screen")
    func unusedKeys() {
        var t = TextInput()
        for k: KeyEvent in [.enter, .escape, .tab, .up, .function(1)] {
            let used = t.handle(k)
            #expect(!used, "\(k) should be left for the screen")
        }
    }

    @Test("Pasted text with line breaks and escapes is cleaned")
    func paste() {
        var t = TextInput()
        t.insert("line one\nline two\u{1B}[31m!")
        #expect(t.text == "line one line two!")
    }

    @Test("Golden: the cursor is a reverse cell, and the terminal cursor sits on it")
    func renderCursor() {
        var t = typed("李小龍")
        t.moveLeft()
        let c = canvas(10, 1) { t.render(into: &$0, area: $0.bounds) }
        expectScreen(c, ["李小龍"])
        #expect(c.cursor == Point(x: 4, y: 0))
        #expect(c[4, 0].style.role == .inputCursor)
        #expect(c[2, 0].style.role == .input)
        let end = canvas(10, 1) { typed("ab").render(into: &$0, area: $0.bounds) }
        #expect(end.cursor == Point(x: 2, y: 0))
        #expect(end[2, 0].style.role == .inputCursor)
    }

    @Test("A long value scrolls sideways so the cursor stays in the field")
    func scrolling() {
        var t = typed("0123456789abcdef")
        let c = canvas(8, 1) { t.render(into: &$0, area: $0.bounds) }
        expectScreen(c, ["9abcdef "])
        #expect(c.cursor == Point(x: 7, y: 0))
        t.moveToStart()
        let s = canvas(8, 1) { t.render(into: &$0, area: $0.bounds) }
        expectScreen(s, ["01234567"])
        #expect(s.cursor == Point(x: 0, y: 0))
        var w = typed("李小龍李小龍")
        w.moveLeft()
        let wide = canvas(5, 1) { w.render(into: &$0, area: $0.bounds) }
        // The cursor is on the last 龍, which must show whole: a blank where 小 is cut, then 小龍.
        expectScreen(wide, [" 小龍"])
        #expect(wide.cursor == Point(x: 3, y: 0))
    }

    @Test("An empty field shows its placeholder dimmed")
    func placeholder() {
        let t = TextInput(placeholder: "Search names")
        let c = canvas(16, 1) { t.render(into: &$0, area: $0.bounds, isFocused: false) }
        expectScreen(c, ["Search names"])
        #expect(c[3, 0].style.role == .inputPlaceholder)
        #expect(c.cursor == nil)
    }
}
