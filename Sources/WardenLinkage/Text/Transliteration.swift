import Foundation

/// Names written in another script, in Latin letters: a school's record of "伟 李" or
/// "عبدالله صالح" is the same parent as the council's "Wei Lee" or "Abdullah Saleh".
///
/// Uses ICU's transliterators (through Foundation), which cover every script Unicode names.
/// Han becomes pinyin ("李" → "li"); Arabic, Hebrew and the other abjads write no short vowels,
/// so their Latin form is a skeleton of consonants and long vowels ("صالح" → "salh") that the
/// name comparison meets halfway (see `skeleton`).
public enum Transliteration {

    /// Whether text holds a letter of a script other than Latin (Latin with any accents,
    /// Vietnamese included, is left to `TextFolding`).
    public static func needsLatin(_ text: String) -> Bool {
        for s in text.unicodeScalars where s.value >= 0x250 {
            if isLatinRange(s.value) { continue }
            if s.properties.isAlphabetic { return true }
        }
        return false
    }

    /// Whether text holds a letter of a script that writes no short vowels (Arabic, Hebrew,
    /// Syriac, Thaana).
    public static func isAbjad(_ text: String) -> Bool {
        text.unicodeScalars.contains { v in
            let x = v.value
            return (0x0590...0x08FF).contains(x) || (0xFB1D...0xFDFF).contains(x) || (0xFE70...0xFEFF).contains(x)
        }
    }

    /// The text in Latin letters; the text itself when it has nothing to transliterate.
    public static func latin(_ text: String) -> String {
        guard needsLatin(text), let t = text.applyingTransform(StringTransform("Any-Latin"), reverse: false) else { return text }
        // ICU writes the Arabic ʿayn as a half ring: names begin with it as a vowel ("ʿly" is
        // Ali, "ʿbdallh" Abdullah) and lose it inside; a final tāʾ marbūṭa (ẗ) is said "-a(h)".
        var out = String.UnicodeScalarView()
        var atWordStart = true
        for s in t.unicodeScalars {
            switch s.value {
            case 0x02BF, 0x02BE, 0x2018, 0x2019:   // ʿ ʾ and the quotes some transforms use
                if atWordStart { out.append("a") }
                continue
            case 0x1E97:                            // ẗ
                out.append("h")
            default:
                out.append(s)
            }
            atWordStart = !s.properties.isAlphabetic
        }
        return String(out)
    }

    /// A folded Latin name reduced to its consonants, with w and y (which abjads also use for
    /// long vowels) left out, doubled letters written once and a final h dropped: "abdullah"
    /// and "abdallh" are both "bdl", "saleh" and "salh" both "sl", "khadija" and "khdyjh"
    /// both "khdj". Two names with one skeleton may be one name in two scripts.
    public static func skeleton(_ folded: String) -> String {
        var out: [Unicode.Scalar] = []
        for s in folded.unicodeScalars {
            switch s {
            case "a", "e", "i", "o", "u", "w", "y", "?": continue
            default:
                if out.last != s { out.append(s) }
            }
        }
        if out.last == "h" { out.removeLast() }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: out)
        return String(v)
    }

    @inline(__always)
    static func isLatinRange(_ v: UInt32) -> Bool {
        (0x02B0...0x02FF).contains(v) || (0x1E00...0x1EFF).contains(v) || (0x2C60...0x2C7F).contains(v) || (0xA720...0xA7FF).contains(v) || (0x0300...0x036F).contains(v)
    }
}
