/// Turns free text into normalised address tokens: upper case, Latin diacritics folded,
/// punctuation dropped, abbreviations expanded, number ranges kept whole.
///
/// Both sides of a match (source records and gazetteer entries) go through this same function,
/// so whatever it does to one spelling it does to the other: normalisation only has to be
/// consistent, not perfect.
enum AddressLexer {

    /// One token of an address.
    struct Token: Equatable, Sendable {
        /// Normalised text ("ROAD", "14B", "12-14", "FIRST").
        var text: String
        /// True when a comma, semicolon or line break (or the start of the text) came before it.
        var boundaryBefore: Bool

        /// True when the token starts with a digit (a house number, range or flat number).
        var isNumeric: Bool { text.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? false }
    }

    /// The most characters of one address that are looked at; the rest is ignored so that
    /// pathological input (a pasted document) costs no more than a long address.
    static let maxScalars = 320
    /// The most tokens kept.
    static let maxTokens = 40

    /// Tokenises `text`. Never fails: junk yields junk tokens (or none), never a crash.
    static func tokens(_ text: String) -> [Token] {
        var words: [(String, Bool)] = []   // (raw upper-case word, boundary before)
        words.reserveCapacity(16)
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var boundary = true
        var seen = 0

        func flush() {
            if !current.isEmpty {
                words.append((String(decoding: current, as: UTF8.self), boundary))
                boundary = false
                current.removeAll(keepingCapacity: true)
            }
        }

        for scalar in text.unicodeScalars {
            seen += 1
            if seen > maxScalars || words.count > maxTokens * 2 { break }
            let v = scalar.value
            switch v {
            case 0x61...0x7A:  // a-z
                current.append(UInt8(v - 32))
            case 0x41...0x5A, 0x30...0x39:  // A-Z, 0-9
                current.append(UInt8(v))
            case 0x20, 0x09, 0x2E, 0x2F, 0x28, 0x29, 0x22, 0x3A:  // space, tab . / ( ) " :
                flush()
            case 0x27, 0x2019, 0x2018, 0x60, 0xB4:  // apostrophes: KING'S -> KINGS
                continue
            case 0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014:  // hyphens and dashes
                flush()
                words.append(("-", false))
            case 0x26:  // & -> AND
                flush()
                words.append(("AND", boundary))
                boundary = false
            case 0xBD:  // ½
                flush()
                words.append(("AND", false)); words.append(("A", false)); words.append(("HALF", false))
            case 0x2C, 0x3B, 0x0A, 0x0D, 0x7C:  // , ; newline | : a boundary between parts
                flush()
                boundary = true
            default:
                if v < 0x80 {
                    flush()  // any other ASCII punctuation separates words
                } else if let folded = foldLatin(v) {
                    current.append(contentsOf: folded.utf8)
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    // Letters of other scripts are kept (upper-cased where that means anything)
                    // so that non-Latin text still compares with itself.
                    current.append(contentsOf: String(Character(scalar)).uppercased().utf8)
                } else {
                    flush()  // any other punctuation or space separates words
                }
            }
        }
        flush()
        return assemble(words)
    }

    /// Folds the Latin-1 and Latin Extended-A letters councils meet (É, Ö, Ç, Ł, ß...) to
    /// their base capital letters; nil for anything else.
    private static func foldLatin(_ v: UInt32) -> String? {
        guard v >= 0xC0 && v <= 0x17F else { return nil }
        if v == 0xD7 || v == 0xF7 { return nil }  // × ÷
        if v == 0xDF { return "SS" }
        if v == 0xC6 || v == 0xE6 { return "AE" }
        if v == 0x152 || v == 0x153 { return "OE" }
        let i = Int(v - 0xC0)
        guard i < latinTable.count, latinTable[i] != "-" else { return nil }
        return String(latinTable[i])
    }

    /// One base letter per code point from U+00C0 to U+017F ("-" where there is none).
    private static let latinTable: [Character] = Array(
        "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTSAAAAAAACEEEEIIIIDNOOOOO-OUUUUYTY"
        + "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIJJJJKKKLLLLLLLLLLNNNNNNNNNOOOOOO--RRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS")

    /// Splits glued letters and digits, joins ranges, expands abbreviations and ordinals.
    private static func assemble(_ raw: [(String, Bool)]) -> [Token] {
        // 1. split "FLAT2" -> FLAT 2, "NO5" -> NO 5; keep "14B", "A1", "E17", "1ST".
        var parts: [Token] = []
        for (word, b) in raw {
            var boundary = b
            for piece in splitGlued(word) {
                parts.append(Token(text: piece, boundaryBefore: boundary))
                boundary = false
            }
        }
        // 2. ranges: NUM - NUM, NUM TO NUM; other hyphens vanish (WAVHAM-BY-SEA -> WAVHAM BY SEA).
        var joined: [Token] = []
        var i = 0
        while i < parts.count {
            let t = parts[i]
            if t.text == "-" {
                if let last = joined.last, last.isNumeric, i + 1 < parts.count, parts[i + 1].isNumeric,
                   !last.text.contains("-") {
                    joined[joined.count - 1].text = last.text + "-" + parts[i + 1].text
                    i += 2
                    continue
                }
                if t.boundaryBefore, i + 1 < parts.count { parts[i + 1].boundaryBefore = true }
                i += 1
                continue
            }
            if t.text == "TO", let last = joined.last, last.isNumeric, !last.text.contains("-"),
               i + 1 < parts.count, parts[i + 1].isNumeric, isPlainNumber(last.text), isPlainNumber(parts[i + 1].text) {
                joined[joined.count - 1].text = last.text + "-" + parts[i + 1].text
                i += 2
                continue
            }
            joined.append(t)
            i += 1
        }
        // 3. "14 B" -> 14B when a lone letter follows a plain number and is not "A HALF".
        var merged: [Token] = []
        i = 0
        while i < joined.count {
            var t = joined[i]
            if isPlainNumber(t.text), i + 1 < joined.count, !joined[i + 1].boundaryBefore,
               joined[i + 1].text.count == 1, let c = joined[i + 1].text.first, c.isLetter, c.isASCII,
               !(i + 2 < joined.count && joined[i + 2].text == "HALF"),
               !(i > 0 && isFlatWord(joined[i - 1].text) && i + 2 < joined.count && joined[i + 2].isNumeric) {
                t.text += joined[i + 1].text
                merged.append(t)
                i += 2
                continue
            }
            merged.append(t)
            i += 1
        }
        if merged.count > maxTokens { merged.removeLast(merged.count - maxTokens) }
        // 4. abbreviations and ordinals (ST decided by position).
        var out: [Token] = []
        out.reserveCapacity(merged.count + 2)
        for (k, t) in merged.enumerated() {
            let text = t.text
            if let ord = ordinalWord(text) {
                out.append(Token(text: ord, boundaryBefore: t.boundaryBefore))
                continue
            }
            if text == "ST" || text == "STE" {
                out.append(Token(text: saintOrStreet(merged, k), boundaryBefore: t.boundaryBefore))
                continue
            }
            if text == "FL" {
                // "1ST FL" is a floor; "FL 3" a flat.
                let prevIsFloor = k > 0 && (ordinalWord(merged[k - 1].text) != nil || floorWords[merged[k - 1].text] != nil)
                out.append(Token(text: prevIsFloor ? "FLOOR" : "FLAT", boundaryBefore: t.boundaryBefore))
                continue
            }
            if let exp = abbreviations[text] {
                var b = t.boundaryBefore
                for w in exp.split(separator: " ") {
                    out.append(Token(text: String(w), boundaryBefore: b))
                    b = false
                }
                continue
            }
            out.append(t)
        }
        return out
    }

    /// "FLAT2" -> ["FLAT", "2"]; "NO5" -> ["NO", "5"]; "14B", "A1", "E17", "1ST" unchanged.
    private static func splitGlued(_ word: String) -> [String] {
        guard word.utf8.count >= 3 else { return [word] }
        // Most words are all letters or all digits: nothing to split.
        var letters = 0, digits = 0
        for b in word.utf8 { if b >= 48 && b <= 57 { digits += 1 } else { letters += 1 } }
        if letters == 0 || digits == 0 { return [word] }
        let u = Array(word.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isLetter(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        // letters then digits (then maybe letters): split when the letter run is a word.
        var j = 0
        while j < u.count && isLetter(u[j]) { j += 1 }
        if j >= 2 && j < u.count && isDigit(u[j]) {
            let head = String(decoding: u[0..<j], as: UTF8.self)
            if j >= 3 || head == "NO" {
                return [head] + splitGlued(String(decoding: u[j...], as: UTF8.self))
            }
        }
        // digits then a word ("12HIGH"): split when the letter run is long and not an ordinal.
        var d = 0
        while d < u.count && isDigit(u[d]) { d += 1 }
        if d >= 1 && d < u.count && u.count - d >= 3 && u[d...].allSatisfy(isLetter) {
            let tail = String(decoding: u[d...], as: UTF8.self)
            if !["ST", "ND", "RD", "TH"].contains(tail) {
                return [String(decoding: u[0..<d], as: UTF8.self), tail]
            }
        }
        return [word]
    }

    /// True for "14", false for "14B" or "12-14".
    static func isPlainNumber(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// "1ST" -> "FIRST" ... "20TH" -> "TWENTIETH"; nil when not a small ordinal.
    private static func ordinalWord(_ s: String) -> String? {
        let u = s.utf8
        guard u.count >= 3, u.count <= 4 else { return nil }
        var n = 0, digits = 0
        var suffix: (UInt8, UInt8) = (0, 0)
        for (k, b) in u.enumerated() {
            if k < u.count - 2 {
                guard b >= 48 && b <= 57 else { return nil }
                n = n * 10 + Int(b - 48); digits += 1
            } else if k == u.count - 2 { suffix.0 = b } else { suffix.1 = b }
        }
        let ok = (suffix == (83, 84)) || (suffix == (78, 68)) || (suffix == (82, 68)) || (suffix == (84, 72))  // ST ND RD TH
        guard ok, digits > 0, n >= 1, n < ordinals.count else { return nil }
        return ordinals[n]
    }

    static let ordinals = ["GROUND", "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH",
                           "EIGHTH", "NINTH", "TENTH", "ELEVENTH", "TWELFTH", "THIRTEENTH", "FOURTEENTH",
                           "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH", "TWENTIETH"]

    /// "ST" means SAINT at the start of a name ("ST JOHNS ROAD", "12 ST MARYS", "ROAD ST ALBANS")
    /// and STREET after one ("HIGH ST", "HIGH ST LONDON").
    private static func saintOrStreet(_ t: [Token], _ k: Int) -> String {
        let hasNextWord = k + 1 < t.count && !t[k + 1].boundaryBefore && !t[k + 1].isNumeric
            && !streetTypes.contains(expandedText(t[k + 1].text))
        if !hasNextWord { return "STREET" }
        if k == 0 || t[k].boundaryBefore { return "SAINT" }
        // "ST ALBANS ST ALBANS": the same name after an earlier ST is a saint again.
        for j in 0..<max(k - 1, 0) where t[j].text == "ST" && t[j + 1].text == t[k + 1].text { return "SAINT" }
        let prev = expandedText(t[k - 1].text)
        if t[k - 1].isNumeric || streetTypes.contains(prev) || isFlatWord(prev) || prev == "AND" || prev == "OF" {
            return "SAINT"
        }
        // "HIGH ST NEWPORT": a word, then ST, then another word. A street more often.
        return "STREET"
    }

    private static func expandedText(_ s: String) -> String {
        if let e = abbreviations[s], !e.contains(" ") { return e }
        return s
    }

    /// Words that introduce a sub-building (a flat, unit or room inside a building).
    static let flatWords: Set<String> = [
        "FLAT", "FLATS", "APARTMENT", "APARTMENTS", "UNIT", "UNITS", "ROOM", "STUDIO", "SUITE",
        "MAISONETTE", "BEDSIT", "ANNEXE", "ANNEX", "PENTHOUSE", "WORKSHOP", "OFFICE", "OFFICES",
        "STORE", "SHOP", "KIOSK", "GARAGE", "BERTH", "PITCH", "PLOT", "STALL", "CHALET", "CABIN",
    ]

    static func isFlatWord(_ s: String) -> Bool { flatWords.contains(s) }

    /// Floor words and the level they name (BASEMENT -2, LOWER GROUND -1, GROUND 0, FIRST 1...).
    static let floorWords: [String: Int] = {
        var d: [String: Int] = ["BASEMENT": -2, "CELLAR": -2, "GROUND": 0]
        for (i, w) in ordinals.enumerated() where i > 0 { d[w] = i }
        return d
    }()

    /// Street-type words: the word that usually ends a street name.
    static let streetTypes: Set<String> = [
        "ROAD", "STREET", "AVENUE", "LANE", "GARDENS", "CRESCENT", "CLOSE", "PLACE", "SQUARE",
        "TERRACE", "DRIVE", "GROVE", "WAY", "HILL", "PARADE", "WALK", "MEWS", "RISE", "ROW", "VALE",
        "VIEW", "GREEN", "GATE", "EMBANKMENT", "HIGHWAY", "APPROACH", "BROADWAY", "CIRCUS", "YARD",
        "WHARF", "PASSAGE", "ALLEY", "CROFT", "PARK", "COURT", "BOULEVARD", "QUAY", "WOOD", "END",
        "COMMON", "MOUNT", "PATH", "GARTH", "LOAN", "WYND", "CAUSEWAY", "DALE", "FIELDS", "MEAD",
        "HEIGHTS", "GROVES", "VILLAS", "COTTAGES", "BUILDINGS", "ESTATE", "CHASE", "PLAIN", "MALL",
        "MARKET", "HOLLOW", "COPSE", "ORCHARD", "LEAS", "LEA", "BANK", "SIDE", "CROSS", "BROW",
        "DENE", "GLADE", "KNOLL", "LINK", "PARKWAY", "PROMENADE", "REACH", "RIDE", "RIDGE", "TRACK",
        "TWITTEN", "VILLAGE", "WALKWAY",
    ]

    /// Abbreviations councils' systems write, and what they stand for.
    static let abbreviations: [String: String] = [
        "RD": "ROAD", "STR": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "AVEN": "AVENUE",
        "GDNS": "GARDENS", "GDN": "GARDENS", "GRDNS": "GARDENS", "CRES": "CRESCENT",
        "CRESC": "CRESCENT", "CRS": "CRESCENT", "CT": "COURT", "CRT": "COURT", "PL": "PLACE",
        "SQ": "SQUARE", "TER": "TERRACE", "TERR": "TERRACE", "TCE": "TERRACE", "HSE": "HOUSE",
        "FLT": "FLAT", "APT": "APARTMENT", "APPT": "APARTMENT", "APTS": "APARTMENTS", "LN": "LANE",
        "DR": "DRIVE", "DRV": "DRIVE", "GR": "GROVE", "GRV": "GROVE", "GRO": "GROVE", "CL": "CLOSE",
        "CLS": "CLOSE", "PK": "PARK", "PDE": "PARADE", "PRDE": "PARADE", "WK": "WALK",
        "HTS": "HEIGHTS", "MT": "MOUNT", "BLDG": "BUILDING", "BLDGS": "BUILDINGS", "EST": "ESTATE",
        "IND": "INDUSTRIAL", "FLR": "FLOOR", "FLRS": "FLOORS", "GRD": "GROUND", "GRND": "GROUND",
        "GND": "GROUND", "GRN": "GREEN", "BSMT": "BASEMENT", "BSMNT": "BASEMENT", "BASMT": "BASEMENT",
        "UPR": "UPPER", "LWR": "LOWER", "NTH": "NORTH", "STH": "SOUTH", "MANS": "MANSIONS",
        "CTGS": "COTTAGES", "CTG": "COTTAGE", "COTT": "COTTAGE", "BLK": "BLOCK", "HWY": "HIGHWAY",
        "APPR": "APPROACH", "EMB": "EMBANKMENT", "BDWY": "BROADWAY", "JCT": "JUNCTION",
        "JNCT": "JUNCTION", "JUNC": "JUNCTION", "HL": "HILL", "WLK": "WALK", "CNR": "CORNER", "OPP": "OPPOSITE",
        "ADJ": "ADJACENT", "MWS": "MEWS", "CIRC": "CIRCUS", "YD": "YARD", "WHF": "WHARF",
        "GT": "GREAT", "RM": "ROOM", "PDE.": "PARADE", "BLVD": "BOULEVARD", "PKWY": "PARKWAY",
        "PROM": "PROMENADE", "VLS": "VILLAS", "CTR": "CENTRE", "CENTER": "CENTRE", "ANNX": "ANNEXE",
        "MAIS": "MAISONETTE", "MAISONNETTE": "MAISONETTE", "NUMBER": "NO", "NUM": "NO",
        "GFF": "GROUND FLOOR FLAT", "FFF": "FIRST FLOOR FLAT", "SFF": "SECOND FLOOR FLAT",
        "TFF": "TOP FLOOR FLAT", "BSF": "BASEMENT FLAT", "LGF": "LOWER GROUND FLOOR",
        "UGF": "UPPER GROUND FLOOR", "GF": "GROUND FLOOR", "FF": "FIRST FLOOR",
    ]
}
