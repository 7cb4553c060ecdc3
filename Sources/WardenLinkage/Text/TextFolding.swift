/// Case and accent folding, and tokenising of names, places and free-text addresses.
///
/// Council extracts spell the same name as "Zoë", "ZOE" and "Zoe"; comparisons must see one
/// value. Folding is table-driven for the Latin ranges (so it needs no Foundation and is fast);
/// other alphabets (Greek, Cyrillic, CJK, Arabic) keep their letters, lower-cased.
public enum TextFolding {

    /// The folded form of one Unicode scalar: lower-case, accents removed, ligatures expanded.
    /// Returns nil for a scalar that is not a letter or digit (a separator).
    @inline(__always)
    static func fold(_ s: Unicode.Scalar, into out: inout [UInt32]) -> Bool {
        let v = s.value
        if v < 128 {
            if v >= 65 && v <= 90 { out.append(v + 32); return true }
            if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { out.append(v); return true }
            return false
        }
        if let mapped = latinFold[v] {
            for u in mapped.unicodeScalars { out.append(u.value) }
            return true
        }
        let p = s.properties
        if p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark {
            return true  // a combining accent: dropped, but it does not split the word
        }
        if p.isAlphabetic || p.numericType != nil {
            if p.isUppercase || p.changesWhenLowercased {
                for u in p.lowercaseMapping.unicodeScalars { out.append(u.value) }
            } else {
                out.append(v)
            }
            return true
        }
        return false
    }

    /// True for apostrophes and similar marks that join a word ("O'Brien" → "obrien").
    @inline(__always)
    static func isJoiner(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x02BC, 0x02B9: return true
        default: return false
        }
    }

    /// Splits text into folded tokens: letters and digits, split at anything else.
    /// Apostrophes join ("D'Arcy" → "darcy"); hyphens, spaces, commas and dots split.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current: [UInt32] = []
        current.reserveCapacity(16)
        func flush() {
            if !current.isEmpty {
                var s = String.UnicodeScalarView()
                for v in current { if let u = Unicode.Scalar(v) { s.append(u) } }
                result.append(String(s))
                current.removeAll(keepingCapacity: true)
            }
        }
        for s in text.unicodeScalars {
            if isJoiner(s) { continue }
            if !fold(s, into: &current) { flush() }
        }
        flush()
        return result
    }

    /// The folded text as one string with single spaces between tokens ("  Zoë  AĞAOĞLU " → "zoe agaoglu").
    public static func folded(_ text: String) -> String { tokens(text).joined(separator: " ") }

    /// Folding of the Latin-1 Supplement and Latin Extended-A letters to ASCII.
    static let latinFold: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåāăąǎ", "a"), ("ÀÁÂÃÄÅĀĂĄǍ", "a"), ("çćĉċč", "c"), ("ÇĆĈĊČ", "c"),
            ("ďđð", "d"), ("ĎĐÐ", "d"), ("èéêëēĕėęě", "e"), ("ÈÉÊËĒĔĖĘĚ", "e"),
            ("ĝğġģ", "g"), ("ĜĞĠĢ", "g"), ("ĥħ", "h"), ("ĤĦ", "h"),
            ("ìíîïĩīĭįıǐ", "i"), ("ÌÍÎÏĨĪĬĮİǏ", "i"), ("ĵ", "j"), ("Ĵ", "j"), ("ķ", "k"), ("Ķ", "k"),
            ("ĺļľŀł", "l"), ("ĹĻĽĿŁ", "l"), ("ñńņňŉ", "n"), ("ÑŃŅŇ", "n"),
            ("òóôõöøōŏőǒ", "o"), ("ÒÓÔÕÖØŌŎŐǑ", "o"), ("ŕŗř", "r"), ("ŔŖŘ", "r"),
            ("śŝşšș", "s"), ("ŚŜŞŠȘ", "s"), ("ţťŧț", "t"), ("ŢŤŦȚ", "t"),
            ("ùúûüũūŭůűųǔ", "u"), ("ÙÚÛÜŨŪŬŮŰŲǓ", "u"), ("ŵ", "w"), ("Ŵ", "w"),
            ("ýÿŷ", "y"), ("ÝŸŶ", "y"), ("źżž", "z"), ("ŹŻŽ", "z"),
        ]
        for (chars, ascii) in groups { for u in chars.unicodeScalars { t[u.value] = ascii } }
        let specials: [(String, String)] = [
            ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("œ", "oe"), ("Œ", "oe"), ("þ", "th"), ("Þ", "th"),
            ("ĳ", "ij"), ("Ĳ", "ij"),
        ]
        for (c, ascii) in specials { for u in c.unicodeScalars { t[u.value] = ascii } }
        return t
    }()
}
