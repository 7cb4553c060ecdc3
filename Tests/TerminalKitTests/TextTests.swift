import Testing
@testable import TerminalKit

@Suite("Display width")
struct DisplayWidthTests {
    @Test("Latin names with diacritics take one column per letter")
    func latin() {
        #expect(DisplayWidth.of("Zoë Ağaoğlu") == 11)
        #expect(DisplayWidth.of("José") == 4)
    }

    @Test("CJK characters take two columns each")
    func cjk() {
        #expect(DisplayWidth.of("李小龍") == 6)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8) // fullwidth Latin
    }

    @Test("A decomposed accent is one column, and one grapheme")
    func combining() {
        let e = "e\u{301}"
        #expect(e.count == 1)
        #expect(DisplayWidth.of(e) == 1)
        #expect(DisplayWidth.of("Jose\u{301}") == 4)
    }

    @Test("Emoji, ZWJ families and flags take two columns as one cluster")
    func emoji() {
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👩‍👩‍👧") == 2)
        #expect(DisplayWidth.of("🇬🇧") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("❤️") == 2)  // text-default heart made emoji by VS16
        #expect(DisplayWidth.of("❤") == 1)
    }

    @Test("Hangul syllables written as jamo take two columns")
    func hangul() {
        #expect(DisplayWidth.of("한") == 2)
        #expect(DisplayWidth.of("\u{1112}\u{1161}\u{11AB}") == 2)
    }

    @Test("Where terminals here (glibc, ncurses, tmux) draw wider or visibly, the tables agree")
    func agreesWithTerminals() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x4DC0)!) == 2)   // ䷀ hexagram
        #expect(DisplayWidth.of(Unicode.Scalar(0x3248)!) == 2)   // ㉈ circled ten on black square
        #expect(DisplayWidth.of(Unicode.Scalar(0x0600)!) == 1)   // Arabic number sign is drawn
        #expect(DisplayWidth.of(Unicode.Scalar(0x1F9CC)!) == 2)  // 🧌, newer than some tables
    }

    @Test("Control and format characters take no columns")
    func invisible() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x1B)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x00AD)!) == 1)
    }
}

@Suite("Sanitising text from data")
struct SanitizerTests {
    @Test("A clear-screen sequence in a name is removed whole")
    func csi() {
        #expect(Sanitizer.sanitize("Bob\u{1B}[2JSmith") == "BobSmith")
        #expect(Sanitizer.sanitize("\u{1B}[38;5;196mRed\u{1B}[0m") == "Red")
    }

    @Test("An OSC 52 clipboard write cannot get through, terminated or not")
    func osc() {
        #expect(Sanitizer.sanitize("Ann\u{1B}]52;c;aGVsbG8=\u{07}Lee") == "AnnLee")
        #expect(Sanitizer.sanitize("Ann\u{1B}]52;c;aGVsbG8=\u{1B}\\Lee") == "AnnLee")
        #expect(Sanitizer.sanitize("Ann\u{1B}]0;title") == "Ann")
    }

    @Test("DCS, APC and 8-bit C1 introducers are removed")
    func dcsAndC1() {
        #expect(Sanitizer.sanitize("a\u{1B}P1$r\u{1B}\\b") == "ab")
        #expect(Sanitizer.sanitize("a\u{1B}_hidden\u{1B}\\b") == "ab")
        #expect(Sanitizer.sanitize("a\u{9B}2Jb") == "ab")
        #expect(Sanitizer.sanitize("a\u{9D}52;c;x\u{9C}b") == "ab")
    }

    @Test("Bidi overrides cannot reorder the rest of the line")
    func bidi() {
        #expect(Sanitizer.sanitize("abc\u{202E}fed") == "abcfed")
        #expect(Sanitizer.sanitize("\u{2066}x\u{2069}\u{200F}") == "x")
    }

    @Test("Other control characters show as a visible replacement; tabs and line breaks as spaces")
    func controls() {
        #expect(Sanitizer.sanitize("a\u{7}b\u{7F}c\u{85}d") == "a\u{FFFD}b\u{FFFD}c d")
        #expect(Sanitizer.sanitize("a\tb\r\nc") == "a b c")
        #expect(Sanitizer.sanitize("a\r\nb", keepNewlines: true) == "a\nb")
    }

    @Test("Ordinary international text is left alone")
    func untouched() {
        for s in ["Zoë Ağaoğlu", "李小龍", "José", "e\u{301}mile", "👩‍👩‍👧", "🇬🇧", "مرحبا"] {
            #expect(Sanitizer.sanitize(s) == s)
        }
    }
}

@Suite("Truncating and wrapping")
struct TextLayoutTests {
    @Test("Truncation ends in an ellipsis and never splits a wide character")
    func truncate() {
        #expect(TextLayout.truncate("Ağaoğlu", to: 5) == "Ağao…")
        #expect(TextLayout.truncate("李小龍", to: 4) == "李…")   // 李 (2) + … (1) = 3 columns; 小 would overflow
        #expect(TextLayout.truncate("李小龍", to: 6) == "李小龍")
        #expect(TextLayout.truncate("abc", to: 0) == "")
        #expect(TextLayout.fit("李小龍", width: 4) == "李… ")
        #expect(TextLayout.fit("42", width: 5, alignment: .right) == "   42")
    }

    @Test("Wrapping breaks at spaces and splits words longer than a line")
    func wrap() {
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("李小龍李小龍", width: 5) == ["李小", "龍李", "小龍"])
        #expect(TextLayout.wrap("one\ntwo", width: 10) == ["one", "two"])
    }
}
