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
    /// With `wildcard`, a '?' that touches a letter is kept inside the word: Windows-1252
    /// exports write '?' for a letter they cannot encode ("HU?NH" for "Huỳnh"), and the name
    /// comparison treats it as any one letter.
    public static func tokens(_ text: String, wildcard: Bool = false) -> [String] {
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
        if wildcard && text.unicodeScalars.contains("?") {
            let scalars = Array(text.unicodeScalars)
            for (k, s) in scalars.enumerated() {
                if isJoiner(s) { continue }
                if s == "?" {
                    var letterNear = false
                    var probe: [UInt32] = []
                    if k + 1 < scalars.count && fold(scalars[k + 1], into: &probe) { letterNear = true }
                    if k > 0 && !current.isEmpty { letterNear = true }
                    if letterNear { current.append(0x3F); continue }
                }
                if !fold(s, into: &current) { flush() }
            }
            flush()
            return result
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
        // Latin Extended-B and Latin Extended Additional (Vietnamese "Nguyễn", "Huỳnh", "Ngọc";
        // Romanian "ș"): every letter whose canonical decomposition is an ASCII letter and marks.
        let extended: [(String, String)] = [
            ("ǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ", "a"),
            ("ḂḃḄḅḆḇ", "b"),
            ("Ḉḉ", "c"),
            ("ḊḋḌḍḎḏḐḑḒḓ", "d"),
            ("ȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ", "e"),
            ("Ḟḟ", "f"),
            ("ǦǧǴǵḠḡ", "g"),
            ("ȞȟḢḣḤḥḦḧḨḩḪḫẖ", "h"),
            ("ǏǐȈȉȊȋḬḭḮḯỈỉỊị", "i"),
            ("ǰ", "j"),
            ("ǨǩḰḱḲḳḴḵ", "k"),
            ("ḶḷḸḹḺḻḼḽ", "l"),
            ("ḾḿṀṁṂṃ", "m"),
            ("ǸǹṄṅṆṇṈṉṊṋ", "n"),
            ("ƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ", "o"),
            ("ṔṕṖṗ", "p"),
            ("ȐȑȒȓṘṙṚṛṜṝṞṟ", "r"),
            ("ȘșṠṡṢṣṤṥṦṧṨṩ", "s"),
            ("ȚțṪṫṬṭṮṯṰṱẗ", "t"),
            ("ƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự", "u"),
            ("ṼṽṾṿ", "v"),
            ("ẀẁẂẃẄẅẆẇẈẉẘ", "w"),
            ("ẊẋẌẍ", "x"),
            ("ȲȳẎẏẙỲỳỴỵỶỷỸỹ", "y"),
            ("ẐẑẒẓẔẕ", "z"),
        ]
        for (chars, ascii) in extended { for u in chars.unicodeScalars where t[u.value] == nil { t[u.value] = ascii } }
        let specials: [(String, String)] = [
            ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("œ", "oe"), ("Œ", "oe"), ("þ", "th"), ("Þ", "th"),
            ("ĳ", "ij"), ("Ĳ", "ij"),
        ]
        for (c, ascii) in specials { for u in c.unicodeScalars { t[u.value] = ascii } }
        return t
    }()
}
