/// Makes text from data safe to show: nothing in it can drive the terminal.
///
/// Escape sequences (CSI, OSC, DCS, SOS, PM, APC, and their 8-bit C1 forms) are removed whole,
/// so a name holding `"\u{1B}]52;c;..."` cannot write the clipboard and `"\u{1B}[2J"` cannot clear
/// the screen. Other control characters (C0, DEL, C1) become U+FFFD "�" so a person can see that
/// the data holds something odd. Bidirectional overrides, embeddings, isolates and marks are
/// removed so they cannot reorder what follows them on the line. Tabs and line breaks become a
/// space (or stay as `"\n"` when `keepNewlines` is set, for wrapped paragraphs).
///
/// ``Canvas`` calls this on every string it draws, so widgets cannot forget to.
public enum Sanitizer {
    /// The character shown in place of a control character.
    public static let replacement: Character = "\u{FFFD}"

    /// Returns `text` with escape sequences removed and other hazards neutralised (see ``Sanitizer``).
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        // Fast path: printable ASCII needs no work.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }

        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        let n = scalars.count
        func skipToStringTerminator(from start: Int) -> Int {
            // OSC/DCS/SOS/PM/APC strings end at ST (ESC \ or U+009C); OSC also at BEL.
            var j = start
            while j < n {
                let v = scalars[j].value
                if v == 0x07 || v == 0x9C { return j + 1 }
                if v == 0x1B {
                    if j + 1 < n && scalars[j + 1].value == 0x5C { return j + 2 }
                    return j // an ESC starts something new; the unterminated string ends here
                }
                j += 1
            }
            return n
        }
        func skipCSI(from start: Int) -> Int {
            // Parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E).
            var j = start
            while j < n {
                let v = scalars[j].value
                if v >= 0x40 && v <= 0x7E { return j + 1 }
                if v < 0x20 || v > 0x3F { return j } // malformed: stop before the stray character
                j += 1
            }
            return n
        }
        while i < n {
            let s = scalars[i]
            let v = s.value
            switch v {
            case 0x1B:
                guard i + 1 < n else { i += 1; continue }
                let next = scalars[i + 1].value
                switch next {
                case 0x5B: i = skipCSI(from: i + 2)                               // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: i = skipToStringTerminator(from: i + 2) // ] P X ^ _
                case 0x20...0x2F:                                                    // ESC intermediates final
                    var j = i + 1
                    while j < n && (0x20...0x2F).contains(scalars[j].value) { j += 1 }
                    i = min(n, j + 1)
                case 0x30...0x7E: i += 2                                             // ESC 7, ESC c, ESC M ...
                default: i += 1
                }
            case 0x9B: i = skipCSI(from: i + 1)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: i = skipToStringTerminator(from: i + 1)
            case 0x09: out.append(" "); i += 1
            case 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                out.append(keepNewlines ? "\n" : " ")
                i += 1
            case 0x0D:
                // CR LF is one line break; a lone CR is one too.
                if i + 1 < n && scalars[i + 1].value == 0x0A { i += 1 }
                out.append(keepNewlines ? "\n" : " ")
                i += 1
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                out.append(Unicode.Scalar(0xFFFD)!)
                i += 1
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                i += 1 // bidi controls: dropped
            default:
                out.append(s)
                i += 1
            }
        }
        return String(out)
    }

    /// Whether `text` would be changed by ``sanitize(_:keepNewlines:)``.
    public static func needsSanitizing(_ text: String) -> Bool {
        sanitize(text) != text
    }
}
