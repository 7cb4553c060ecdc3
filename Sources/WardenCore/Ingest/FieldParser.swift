import WardenLinkage

/// A date pattern from a manifest ("dd/MM/yyyy", "dd-MMM-yy", "yyyyMMdd"), compiled once.
public struct DatePattern: Sendable, Equatable {
    enum Token: Equatable, Sendable { case day(fixed: Bool), month(fixed: Bool), monthName, year4, year2, literal(UInt8) }
    let tokens: [Token]
    public let text: String

    /// Compiles a pattern; nil when it has no day, month and year, or unknown letters.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        let u = Array(pattern.utf8)
        var i = 0
        var hasD = false, hasM = false, hasY = false
        while i < u.count {
            let c = u[i]
            var run = 1
            while i + run < u.count && u[i + run] == c { run += 1 }
            switch c {
            case UInt8(ascii: "d"):
                guard run <= 2 else { return nil }
                tokens.append(.day(fixed: run == 2)); hasD = true
            case UInt8(ascii: "M"):
                guard run <= 3 else { return nil }
                tokens.append(run == 3 ? .monthName : .month(fixed: run == 2)); hasM = true
            case UInt8(ascii: "y"):
                guard run == 2 || run == 4 else { return nil }
                tokens.append(run == 4 ? .year4 : .year2); hasY = true
            default:
                if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { return nil }
                for _ in 0..<run { tokens.append(.literal(c)) }
            }
            i += run
        }
        guard hasD && hasM && hasY else { return nil }
        self.tokens = tokens
        self.text = pattern
    }

    /// The parts of a date as written, before calendar checks.
    struct Parts { var day: Int; var month: Int; var year: Int; var twoDigitYear: Bool }

    /// Matches the pattern at the start of `u`; a trailing time part is allowed and ignored.
    func match(_ u: UnsafeBufferPointer<UInt8>) -> Parts? {
        var i = 0
        var p = Parts(day: 0, month: 0, year: 0, twoDigitYear: false)
        func digits(min: Int, max: Int) -> Int? {
            var v = 0, n = 0
            while i < u.count, n < max, u[i] >= 48, u[i] <= 57 { v = v * 10 + Int(u[i] - 48); i += 1; n += 1 }
            return n >= min ? v : nil
        }
        for t in tokens {
            switch t {
            case .day(let fixed):
                // "dd" tolerates one digit when a separator follows (3/04/2024 written by hand).
                guard let v = digits(min: fixed && !separatorFollows(u, i + 1) ? 2 : 1, max: 2) else { return nil }
                p.day = v
            case .month(let fixed):
                guard let v = digits(min: fixed && !separatorFollows(u, i + 1) ? 2 : 1, max: 2) else { return nil }
                p.month = v
            case .monthName:
                guard i + 3 <= u.count else { return nil }
                var key: UInt32 = 0
                for k in 0..<3 { var c = u[i + k]; if c >= 97 && c <= 122 { c -= 32 }; key = key << 8 | UInt32(c) }
                guard let m = DatePattern.monthKeys.firstIndex(of: key) else { return nil }
                p.month = m + 1
                i += 3
                // Allow full month names ("March") by skipping further letters.
                while i < u.count, (u[i] >= 97 && u[i] <= 122) || (u[i] >= 65 && u[i] <= 90) { i += 1 }
            case .year4:
                guard let v = digits(min: 4, max: 4) else { return nil }
                p.year = v
            case .year2:
                guard let v = digits(min: 2, max: 2) else { return nil }
                p.year = v; p.twoDigitYear = true
            case .literal(let c):
                guard i < u.count, u[i] == c else { return nil }
                i += 1
            }
        }
        if i < u.count {
            // Only a time part may follow: " 14:05", "T14:05:00", " 00:00:00.000".
            guard u[i] == 32 || u[i] == UInt8(ascii: "T") else { return nil }
            for k in (i + 1)..<u.count where !((u[k] >= 48 && u[k] <= 57) || u[k] == 58 || u[k] == 46 || u[k] == 32 || u[k] == 90) { return nil }
        }
        return p
    }

    private func separatorFollows(_ u: UnsafeBufferPointer<UInt8>, _ j: Int) -> Bool {
        j < u.count && !(u[j] >= 48 && u[j] <= 57)
    }

    static let monthKeys: [UInt32] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].map { s in
        s.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}

/// The outcome of checking one field.
public enum FieldOutcome: Sendable, Equatable {
    /// The normalised value (nil: the field was empty).
    case value(String?)
    /// Accepted after a repair the officer should know about (kept as a field issue).
    case repaired(String, note: String)
    /// Not acceptable: why, in words that do not repeat the value (so reasons can be counted).
    case invalid(String)
}

/// Validates and normalises field values. One instance per source: it holds the compiled date
/// patterns and the as-of date used for "in the future" checks and two-digit years.
public struct FieldParser: Sendable {
    public let asOf: CivilDate
    let datePatterns: [DatePattern]

    public init(asOf: CivilDate, dateFormats: [String]) {
        self.asOf = asOf
        self.datePatterns = dateFormats.compactMap(DatePattern.init)
    }

    /// Trims and collapses runs of white space (including no-break and other Unicode spaces, and
    /// control characters); returns nil for an empty result. Works on UTF-8 bytes: it runs for
    /// every field of every row, so it must not touch Unicode property tables.
    public static func clean(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8 { clean(bytes: $0) }
    }

    /// Whether bytes need no cleaning: non-empty, no leading, trailing or doubled spaces, no
    /// control characters, no bytes that may start a Unicode space.
    public static func isAlreadyClean(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var prevSpace = true
        for b in u {
            if b == 32 {
                if prevSpace { return false }
                prevSpace = true
            } else if b < 32 || b == 0x7F || b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF {
                return false
            } else {
                prevSpace = false
            }
        }
        return !prevSpace
    }

    /// The note recorded when control characters are taken out of a value.
    public static let controlCharacterNote = "control characters removed (shown here as <ESC>, <NUL>, <0x07>…); the value was kept without them — check the system that exported it"

    /// The bytes with every control character other than tab, line feed and carriage return
    /// written out visibly ("<ESC>[31m"), or nil when there is none. Never holds a raw control
    /// byte, so it is safe to store and to show.
    public static func controlCharactersShown(_ u: UnsafeBufferPointer<UInt8>) -> String? {
        @inline(__always) func isControl(_ b: UInt8) -> Bool { (b < 32 && b != 9 && b != 10 && b != 13) || b == 0x7F }
        guard u.contains(where: isControl) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 8)
        for b in u {
            // a tab or line break is white space, as `clean` reads it
            guard isControl(b) else { out.append(b < 32 ? 32 : b); continue }
            let name = b == 0 ? "<NUL>" : b == 0x1B ? "<ESC>" : b == 0x7F ? "<DEL>" : "<0x" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true) + ">"
            out.append(contentsOf: name.utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `clean` over raw UTF-8 bytes (a CSV field), making at most one string.
    public static func clean(bytes u: UnsafeBufferPointer<UInt8>) -> String? {
        if isAlreadyClean(u) { return String(decoding: u, as: UTF8.self) }
        var out = [UInt8](repeating: 0, count: u.count)
        let n = out.withUnsafeMutableBufferPointer { clean(bytes: u, into: $0.baseAddress!) }
        return n == 0 ? nil : String(decoding: out[0..<n], as: UTF8.self)
    }

    /// `clean` over raw UTF-8 bytes into `out`, which has room for `u.count` bytes (cleaning
    /// never lengthens). Returns the cleaned length; 0 when nothing is left.
    static func clean(bytes u: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        var pendingSpace = false
        var i = 0
        let n = u.count
        while i < n {
            let b = u[i]
            if b == 0x1B {
                // a terminal escape sequence is not data: it goes whole, its parameters and text
                // too ("Jo<ESC>]0;PWNED<BEL>hn" is John, not "Jo ]0;PWNED hn", which linkage
                // read as another person)
                i = escapeSequenceEnd(u, from: i)
                continue
            }
            var spaceLen = 0
            if b == 32 || b < 32 || b == 0x7F { spaceLen = 1 }
            else if b == 0xC2, i + 1 < n, u[i + 1] == 0xA0 || u[i + 1] == 0x85 { spaceLen = 2 }               // NBSP, NEL
            else if b == 0xE2, i + 2 < n, u[i + 1] == 0x80, (u[i + 2] >= 0x80 && u[i + 2] <= 0x8B) || u[i + 2] == 0xA8 || u[i + 2] == 0xA9 || u[i + 2] == 0xAF { spaceLen = 3 }
            else if b == 0xE2, i + 2 < n, u[i + 1] == 0x81, u[i + 2] == 0x9F { spaceLen = 3 }                  // medium maths space
            else if b == 0xE3, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0x80 { spaceLen = 3 }                  // ideographic space
            else if b == 0xEF, i + 2 < n, u[i + 1] == 0xBB, u[i + 2] == 0xBF { spaceLen = 3 }                  // BOM / ZWNBSP
            if spaceLen > 0 {
                pendingSpace = count > 0
                i += spaceLen
                continue
            }
            if pendingSpace { out[count] = 32; count += 1; pendingSpace = false }
            out[count] = b
            count += 1
            i += 1
        }
        return count
    }

    /// Where the escape sequence starting at `start` (an ESC) ends: a control sequence
    /// (ESC [ … final byte), a string (ESC ] or P, X, ^, _ … BEL or ESC \, or the end of the
    /// value), or ESC and one character.
    static func escapeSequenceEnd(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = u.count
        var i = start + 1
        guard i < n else { return n }
        let kind = u[i]
        i += 1
        switch kind {
        case 0x5B:
            while i < n {
                let c = u[i]
                if c < 0x20 { return i }            // broken off: the next control is its own
                i += 1
                if c >= 0x40 && c <= 0x7E { return i }
            }
            return n
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:
            while i < n {
                if u[i] == 0x07 { return i + 1 }
                if u[i] == 0x1B { return i + 1 < n && u[i + 1] == 0x5C ? i + 2 : i }
                i += 1
            }
            return n
        default:
            return kind >= 0x20 && kind <= 0x7E ? i : start + 1
        }
    }

    /// Checks one value for `field`. `patterns` overrides the source's date formats.
    public func parse(_ raw: String, as field: CanonicalField, patterns: [DatePattern]? = nil) -> FieldOutcome {
        if field.valueType == .ignored { return .value(raw.isEmpty ? nil : raw) }
        guard let v = FieldParser.clean(raw) else { return .value(nil) }
        return parseClean(v, as: field, patterns: patterns)
    }

    /// Checks a value already passed through `clean` (non-empty, trimmed).
    public func parseClean(_ v: String, as field: CanonicalField, patterns: [DatePattern]? = nil) -> FieldOutcome {
        switch field.valueType {
        case .text, .name, .ignored: return .value(v)
        case .lowerText: return .value(v.lowercased())
        case .date: return parseDate(v, field: field, patterns: patterns ?? datePatterns)
        case .gender:
            switch v.lowercased() {
            case "m", "male", "man": return .value("M")
            case "f", "female", "woman": return .value("F")
            case "x", "non-binary", "nonbinary", "other": return .value("X")
            case "u", "unknown", "not known", "n/k", "nk", "not stated": return .value(nil)
            default: return .invalid("not a recognised sex/gender (M, F, X, U)")
            }
        case .nino:
            if let n = UKIdentifiers.normaliseNINO(v) { return .value(n) }
            return .invalid("not a National Insurance number (two letters, six digits, A–D)")
        case .nhs:
            switch UKIdentifiers.normaliseNHS(v) {
            case .success(let n): return .value(n)
            case .failure(let e): return .invalid(e.problem.rawValue)
            }
        case .phone:
            if let p = FieldParser.normalisePhone(v) { return .value(p) }
            return .invalid("not a UK phone number")
        case .email:
            let e = v.lowercased()
            if FieldParser.looksLikeEmail(e) { return .value(e) }
            return .invalid("not an email address")
        case .uprn:
            if let u = UKIdentifiers.parseUPRN(v) { return .value(String(u)) }
            return .invalid("not a UPRN (1 to 12 digits)")
        case .integer:
            if let n = Int(FieldParser.stripNumberDecoration(v)) { return .value(String(n)) }
            return .invalid("not a whole number")
        case .decimal:
            let t = FieldParser.stripNumberDecoration(v)
            if let d = Double(t), d.isFinite { return .value(t) }
            return .invalid("not a number")
        case .postcode:
            if let p = UKIdentifiers.normalisePostcode(v) { return .value(p) }
            return .invalid("not a UK postcode")
        }
    }

    /// One `@`, a non-empty local part, a dotted domain, no spaces. Byte-level: runs per row.
    static func looksLikeEmail(_ e: String) -> Bool {
        var e = e
        return e.withUTF8 { u in
            var at = -1
            for (i, b) in u.enumerated() {
                if b == 32 { return false }
                if b == 64 { if at >= 0 { return false }; at = i }
            }
            guard at > 0, at < u.count - 3 else { return false }
            let domain = UnsafeBufferPointer(rebasing: u[(at + 1)...])
            return domain.contains(46) && domain.first != 46 && domain.last != 46
        }
    }

    /// "£1,234.50" → "1234.50"; other text unchanged.
    static func stripNumberDecoration(_ v: String) -> String {
        guard v.utf8.contains(where: { $0 == 44 || $0 == 0xC2 || $0 == 32 }) else { return v }
        return String(String.UnicodeScalarView(v.unicodeScalars.filter { $0 != "," && $0 != "£" && $0 != " " }))
    }

    func parseDate(_ v: String, field: CanonicalField, patterns: [DatePattern]) -> FieldOutcome {
        var copy = v
        switch copy.withUTF8({ checkDate($0, field: field, patterns: patterns) }) {
        case .date(let d): return .value(d.iso)
        case .repaired(let d): return .repaired(d.iso, note: FieldParser.swappedDateNote)
        case .invalid(let reason): return .invalid(reason)
        }
    }

    /// What a date field holds, before it becomes text.
    enum DateCheck: Equatable {
        case date(CivilDate)
        /// Read with day and month the other way round (see `swappedDateNote`).
        case repaired(CivilDate)
        case invalid(String)
    }

    static let swappedDateNote = "day and month the other way round (read the other way)"

    /// Checks a cleaned date value, as UTF-8 bytes, against `patterns` in turn.
    func checkDate(_ u: UnsafeBufferPointer<UInt8>, field: CanonicalField, patterns: [DatePattern]) -> DateCheck {
        var swappedCandidate: CivilDate?
        var impossible = false
        for p in patterns {
            guard let parts = p.match(u) else { continue }
            let year = resolveYear(parts, field: field)
            if let d = CivilDate(year: year, month: parts.month, day: parts.day) {
                return check(d, field: field)
            }
            impossible = true
            // A month over 12 with a day of 12 or less: day and month were written the other way round.
            if parts.month > 12, parts.day <= 12, let s = CivilDate(year: year, month: parts.day, day: parts.month) {
                swappedCandidate = swappedCandidate ?? s
            }
        }
        if let s = swappedCandidate, case .date(let d) = check(s, field: field) {
            return .repaired(d)
        }
        if impossible { return .invalid("not a real date") }
        return .invalid("matches none of the date formats " + patterns.map { "\"\($0.text)\"" }.joined(separator: ", "))
    }

    private func resolveYear(_ p: DatePattern.Parts, field: CanonicalField) -> Int {
        guard p.twoDigitYear else { return p.year }
        // Births and deaths are in the past; other dates may run up to 20 years ahead (licence expiry).
        let latest = (field == .dob || field == .dateOfDeath) ? asOf.year : asOf.year + 20
        var y = (latest / 100) * 100 + p.year
        if y > latest { y -= 100 }
        return y
    }

    private func check(_ d: CivilDate, field: CanonicalField) -> DateCheck {
        if field == .dob || field == .dateOfDeath {
            if d > asOf { return .invalid("in the future (after the extract date \(asOf.iso))") }
            if d.year < 1900 { return .invalid("before 1900") }
        }
        return .date(d)
    }

    /// UK phone numbers to national format without spaces ("07700 900123" → "07700900123").
    public static func normalisePhone(_ v: String) -> String? {
        var digits: [UInt8] = []
        var sawPlus = false
        for u in v.utf8 {
            switch u {
            case 48...57: digits.append(u)
            case UInt8(ascii: "+"): if digits.isEmpty { sawPlus = true } else { return nil }
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."): continue
            default: return nil
            }
        }
        if sawPlus || (digits.count > 11 && digits.starts(with: Array("0044".utf8))) {
            let drop = sawPlus ? 2 : 4
            guard digits.count > drop, digits.starts(with: Array((sawPlus ? "44" : "0044").utf8)) else { return nil }
            digits = [48] + digits.dropFirst(drop).drop(while: { $0 == 48 })
        }
        guard digits.first == 48, digits.count == 10 || digits.count == 11 else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Whether a normalised phone number is a mobile (07, but not 070 personal numbers or 076 pagers).
    public static func isMobile(_ normalised: String) -> Bool {
        normalised.hasPrefix("07") && !normalised.hasPrefix("070") && !normalised.hasPrefix("076")
    }
}

/// A person's name split into parts.
public struct NameParts: Sendable, Equatable {
    public var title: String?
    public var given: String?
    public var middle: String?
    public var surname: String?

    static let titles: Set<String> = ["MR", "MRS", "MS", "MISS", "MX", "DR", "PROF", "REV", "SIR", "DAME", "LADY", "LORD", "MASTER", "FR", "SR"]
    static let particles: Set<String> = ["DE", "DA", "DI", "DEL", "DELLA", "DOS", "DAS", "VAN", "VON", "DER", "DEN", "LA", "LE", "AL", "EL", "BIN", "BINTI", "IBN", "ABU", "ST", "MAC"]

    /// Splits a full name written in `format`. Titles are recognised in any format; in
    /// "forenames surname" order an upper-case tail ("Maria DE LA CRUZ") is the surname.
    public static func split(_ raw: String, format: NameFormat) -> NameParts {
        guard let text = FieldParser.clean(raw) else { return NameParts() }
        return split(clean: text, format: format)
    }

    /// `split` of a name already passed through `FieldParser.clean`.
    ///
    /// An ASCII name (most of them) is read by its bytes, where each character is one byte:
    /// names are split for every row of a load, and reading them as characters (grapheme
    /// breaking, string indices) cost most of the time. Any other name is read by its
    /// characters, so a combining mark after a space or comma keeps its meaning. Both go
    /// through the same steps (`split(_:format:)`).
    static func split(clean text: String, format: NameFormat) -> NameParts {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return split(byCharacters: text, format: format) }
        var text = text
        return text.withUTF8 { split(ASCIIName(bytes: $0), format: format) }
    }

    /// `split(clean:format:)` reading the name by its characters, whatever it holds.
    static func split(byCharacters text: String, format: NameFormat) -> NameParts {
        split(CharacterName(text: text), format: format)
    }

    private static func split<Name: NameText>(_ name: Name, format: NameFormat) -> NameParts {
        var parts = NameParts()
        switch format {
        case .surnameCommaForenames:
            let halves = name.split(name.whole, at: UInt8(ascii: ","), maxSplits: 1)
            let surname = halves.first.map { name.joined(name.split($0, at: UInt8(ascii: " "), maxSplits: .max)) } ?? ""
            parts.surname = surname.isEmpty ? nil : surname
            var words = halves.count > 1 ? name.split(halves[1], at: UInt8(ascii: " "), maxSplits: .max) : []
            if let f = words.first, let t = name.title(f) { parts.title = t; words.removeFirst() }
            if words.count > 1, let l = words.last, let t = name.title(l) { parts.title = parts.title ?? t; words.removeLast() }
            parts.given = words.first.map(name.string)
            parts.middle = words.count > 1 ? name.joined(words.dropFirst()) : nil
        case .surnameForenames:
            var words = name.split(name.whole, at: UInt8(ascii: " "), maxSplits: .max)
            if words.count > 1, let t = name.title(words[0]) { parts.title = t; words.removeFirst() }
            parts.surname = words.first.map(name.string)
            parts.given = words.count > 1 ? name.string(words[1]) : nil
            parts.middle = words.count > 2 ? name.joined(words.dropFirst(2)) : nil
        case .titleForenamesSurname:
            var words = name.split(name.whole, at: UInt8(ascii: " "), maxSplits: .max)
            if words.count > 1, let t = name.title(words[0]) { parts.title = t; words.removeFirst() }
            guard !words.isEmpty else { return parts }
            if words.count == 1 { parts.surname = name.string(words[0]); return parts }
            // Surname: an all-capitals tail when the rest is mixed case; else the last word plus particles.
            var surnameStart = words.count - 1
            if !name.isAllCapitals(words[0]) {
                var k = words.count - 1
                while k > 0 && name.isAllCapitals(words[k]) { k -= 1 }
                if k < words.count - 1 { surnameStart = k + 1 }
            }
            while surnameStart > 1 && name.isParticle(words[surnameStart - 1]) { surnameStart -= 1 }
            parts.surname = surnameStart == words.count - 1 ? name.string(words[surnameStart]) : name.joined(words[surnameStart...])
            parts.given = name.string(words[0])
            parts.middle = surnameStart > 1 ? name.joined(words[1..<surnameStart]) : nil
        }
        return parts
    }

    /// A short ASCII word in upper case packed into an integer (its bytes, big-endian), so
    /// titles and particles are looked up without making a string: this runs for every word of
    /// every name. Nil for a word over 8 bytes or with a non-ASCII byte; cleaned words hold no
    /// control bytes, so no two words share a key.
    fileprivate static func asciiUpperKey<S: Sequence<UInt8>>(_ bytes: S, dropDots: Bool) -> UInt64? {
        var key: UInt64 = 0
        var n = 0
        for b in bytes {
            n += 1
            guard n <= 8, b < 128 else { return nil }
            if b == 46 && dropDots { continue }
            key = key << 8 | UInt64(b >= 97 && b <= 122 ? b - 32 : b)
        }
        return key
    }

    fileprivate static let titleKeys = Set(titles.compactMap { asciiUpperKey($0.utf8, dropDots: false) })
    fileprivate static let particleKeys = Set(particles.compactMap { asciiUpperKey($0.utf8, dropDots: false) })


}

/// A name's words as `NameParts.split` sees them: one algorithm, two ways of reading a name.
private protocol NameText {
    associatedtype Word
    /// The whole name as one word.
    var whole: Word { get }
    /// `split(separator:maxSplits:)` of the standard library: empty parts are left out and do
    /// not count as splits.
    func split(_ w: Word, at separator: UInt8, maxSplits: Int) -> [Word]
    func string(_ w: Word) -> String
    /// Words joined by one space.
    func joined<Words: Collection<Word>>(_ words: Words) -> String
    /// The title a word is ("Mr", "Dr."), as written without a final dot; nil if it is not one.
    func title(_ w: Word) -> String?
    /// A word with letters, none of them lower case ("SMITH", "O'NEILL", "AĞAOĞLU").
    func isAllCapitals(_ w: Word) -> Bool
    func isParticle(_ w: Word) -> Bool
}

/// Any name, read by its characters.
private struct CharacterName: NameText {
    let text: String
    var whole: Substring { Substring(text) }

    func split(_ w: Substring, at separator: UInt8, maxSplits: Int) -> [Substring] {
        w.split(separator: Character(Unicode.Scalar(separator)), maxSplits: maxSplits)
    }

    func string(_ w: Substring) -> String { String(w) }

    func joined<Words: Collection<Substring>>(_ words: Words) -> String { words.joined(separator: " ") }

    func title(_ w: Substring) -> String? {
        guard let k = NameParts.asciiUpperKey(w.utf8, dropDots: true), NameParts.titleKeys.contains(k) else { return nil }
        return w.last == "." ? String(w.dropLast()) : String(w)
    }

    func isAllCapitals(_ w: Substring) -> Bool {
        var sawLetter = false
        for u in w.unicodeScalars {
            if u.value < 128 {
                if u.value >= 97 && u.value <= 122 { return false }
                if u.value >= 65 && u.value <= 90 { sawLetter = true }
            } else if u.properties.isLowercase { return false }
            else if u.properties.isUppercase { sawLetter = true }
        }
        return sawLetter
    }

    func isParticle(_ w: Substring) -> Bool {
        guard let k = NameParts.asciiUpperKey(w.utf8, dropDots: false) else { return false }
        return NameParts.particleKeys.contains(k)
    }
}

/// An ASCII name, read by its bytes (one byte, one character); words are byte ranges.
private struct ASCIIName: NameText {
    let bytes: UnsafeBufferPointer<UInt8>
    var whole: Range<Int> { 0..<bytes.count }

    func split(_ w: Range<Int>, at separator: UInt8, maxSplits: Int) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var partStart = w.lowerBound
        for i in w where bytes[i] == separator {
            if partStart < i {
                parts.append(partStart..<i)
                if parts.count == maxSplits {
                    if i + 1 < w.upperBound { parts.append((i + 1)..<w.upperBound) }
                    return parts
                }
            }
            partStart = i + 1
        }
        if partStart < w.upperBound { parts.append(partStart..<w.upperBound) }
        return parts
    }

    func string(_ w: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[w]), as: UTF8.self) }

    func joined<Words: Collection<Range<Int>>>(_ words: Words) -> String {
        var out: [UInt8] = []
        for w in words {
            if !out.isEmpty { out.append(32) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[w]))
        }
        return String(decoding: out, as: UTF8.self)
    }

    func title(_ w: Range<Int>) -> String? {
        guard let k = NameParts.asciiUpperKey(UnsafeBufferPointer(rebasing: bytes[w]), dropDots: true), NameParts.titleKeys.contains(k) else { return nil }
        return string(bytes[w.upperBound - 1] == UInt8(ascii: ".") ? w.lowerBound..<(w.upperBound - 1) : w)
    }

    func isAllCapitals(_ w: Range<Int>) -> Bool {
        var sawLetter = false
        for i in w {
            let b = bytes[i]
            if b >= 97 && b <= 122 { return false }
            if b >= 65 && b <= 90 { sawLetter = true }
        }
        return sawLetter
    }

    func isParticle(_ w: Range<Int>) -> Bool {
        guard let k = NameParts.asciiUpperKey(UnsafeBufferPointer(rebasing: bytes[w]), dropDots: false) else { return false }
        return NameParts.particleKeys.contains(k)
    }
}

import Foundation
