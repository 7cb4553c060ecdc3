/// Makes text from data safe to print on a terminal.
///
/// Extracts can hold anything, including escape sequences that would drive the officer's terminal
/// (clear the screen, set the clipboard, change the title). Control characters become visible
/// placeholders; bidirectional overrides, which can disguise text, are removed.
public enum TextSafety {
    /// `text` with C0/C1 controls shown as U+FFFD-free visible symbols ("␛" for ESC) and bidi
    /// controls dropped. Newlines and tabs are kept only when asked.
    public static func sanitise(_ text: String, keepNewlines: Bool = false) -> String {
        var needs = false
        for u in text.unicodeScalars where isUnsafe(u, keepNewlines: keepNewlines) { needs = true; break }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if !isUnsafe(u, keepNewlines: keepNewlines) { out.append(u); continue }
            if isBidiControl(u) { continue }
            switch u.value {
            case 0x1B: out.append("␛")
            case 0x09: out.append(" ")
            case 0x0A, 0x0D: out.append(" ")
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + u.value)!)   // ␀..␟
            case 0x7F: out.append("␡")
            default: out.append("�")   // C1 controls
            }
        }
        return String(out)
    }

    static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    static func isUnsafe(_ u: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        let v = u.value
        if v == 0x0A && keepNewlines { return false }
        if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) { return true }
        return isBidiControl(u)
    }
}
