import Testing
@testable import TerminalKit

@Suite("Canvas")
struct CanvasTests {
    @Test("Wide characters fill two cells and the text after them lines up")
    func wideText() {
        let c = canvas(12, 2) { c in
            c.draw("李小龍|", at: Point(x: 0, y: 0))
            c.draw("Zoë A|", at: Point(x: 2, y: 1))
        }
        expectScreen(c, ["李小龍|", "  Zoë A|"])
        #expect(c[0, 0].width == 2)
        #expect(c[1, 0].isContinuation)
        #expect(c[6, 0].text == "|")
    }

    @Test("A wide character that would cross the right edge becomes a space")
    func wideAtEdge() {
        let c = canvas(5, 1) { $0.draw("ab李小", at: .zero) }
        expectScreen(c, ["ab李 "])
        let d = canvas(6, 1) { $0.draw("李小龍", at: Point(x: 0, y: 0), maxWidth: 3) }
        expectScreen(d, ["李    "])
        #expect(d[2, 0].text == " ")
    }

    @Test("Drawing over half of a wide character blanks the other half")
    func overwriteHalf() {
        var c = canvas(6, 1) { $0.draw("李小龍", at: .zero) }
        c.draw("x", at: Point(x: 1, y: 0))   // right half of 李
        c.draw("y", at: Point(x: 2, y: 0))   // left half of 小
        expectScreen(c, [" xy 龍"])
        #expect(!c[3, 0].isContinuation)
    }

    @Test("Escape sequences drawn from data never land in a cell")
    func sanitisedDrawing() {
        let c = canvas(20, 1) { $0.draw("Ann\u{1B}[2J\u{1B}]52;c;aGk=\u{7}\u{202E}Lee", at: .zero) }
        expectScreen(c, ["AnnLee"])
        for x in 0..<20 {
            #expect(c[x, 0].text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) })
        }
    }

    @Test("A combining mark with nothing to combine with is shown on a dotted circle")
    func strayMark() {
        let c = canvas(4, 1) { $0.draw("\u{301}a", at: .zero) }
        #expect(c[0, 0].text == "◌\u{301}")
        #expect(c[1, 0].text == "a")
    }

    @Test("Drawing is clipped to the canvas and to the clip rect")
    func clipping() {
        var c = canvas(6, 3) { c in
            c.draw("far away", at: Point(x: 4, y: 1))
            c.draw("nope", at: Point(x: -2, y: 5))
        }
        c.withClip(Rect(x: 1, y: 2, width: 3, height: 1)) { c in
            c.draw("clipped text", at: Point(x: 0, y: 2))
            c.draw("no", at: Point(x: 0, y: 0))
        }
        expectScreen(c, ["", "    fa", " lip"])
    }

    @Test("A box has corners, a title cut to fit, and returns its inside")
    func box() {
        var inner = Rect.zero
        let c = canvas(14, 4) { inner = $0.drawBox(Rect(x: 0, y: 0, width: 14, height: 4), title: "Properties in ward") }
        expectScreen(c, ["┌ Properti… ─┐", "│            │", "│            │", "└────────────┘"])
        #expect(inner == Rect(x: 1, y: 1, width: 12, height: 2))
        let ascii = canvas(6, 3, symbols: .ascii) { $0.drawBox(Rect(x: 0, y: 0, width: 6, height: 3)) }
        expectScreen(ascii, ["+----+", "|    |", "+----+"])
    }

    @Test("Only changed cells are reported for redrawing")
    func diff() {
        let a = canvas(10, 2) { $0.draw("hello", at: .zero) }
        var b = a
        b.draw("J", at: .zero)
        b.draw("李", at: Point(x: 4, y: 1))
        #expect(b.changes(since: a) == [Point(x: 0, y: 0), Point(x: 4, y: 1)])
        #expect(a.changes(since: a).isEmpty)
        #expect(a.changes(since: nil).count == 20)
        let c = canvas(9, 2) { _ in }
        #expect(a.changes(since: c).count == 20) // another size: everything
    }
}

@Suite("Layout")
struct LayoutTests {
    @Test("Fixed parts keep their size and fill takes the rest")
    func fixedAndFill() {
        let r = Rect(x: 0, y: 0, width: 80, height: 24).splitVertically(.fixed(1), .fill, .fixed(1))
        #expect(r.map(\.height) == [1, 22, 1])
        #expect(r.map(\.y) == [0, 1, 23])
    }

    @Test("Percentages, minimums and weights share the width")
    func mixed() {
        let r = Rect(x: 10, y: 0, width: 100, height: 1).splitHorizontally(.percent(20), .min(10), .fill(2), spacing: 2)
        // 96 after spacing: 19 for 20%, then 10 minimum, 67 left shared 1:2 between min and fill.
        #expect(r.map(\.width) == [19, 33, 44])
        #expect(r.map(\.x) == [10, 31, 66])
        #expect(r.last!.maxX == 110)
    }

    @Test("When space runs out the last parts shrink first and nothing goes negative")
    func shrink() {
        let r = Rect(x: 0, y: 0, width: 10, height: 5).splitVertically(.fixed(1), .fixed(3), .fixed(3), .fill)
        #expect(r.map(\.height) == [1, 3, 1, 0])
        let none = Rect(x: 0, y: 0, width: 0, height: 0).splitHorizontally(.fixed(5), .fill, spacing: 3)
        #expect(none.allSatisfy { $0.width == 0 })
    }

    @Test("Centring a dialog never exceeds the area")
    func centered() {
        let r = Rect(x: 0, y: 0, width: 20, height: 8)
        #expect(r.centered(Size(width: 10, height: 4)) == Rect(x: 5, y: 2, width: 10, height: 4))
        #expect(r.centered(Size(width: 50, height: 50)) == r)
    }
}
