import WardenLinkage

/// How one source system writes names.
struct NameStyle {
    var upper = false
    var fold = false
    var nickname = 0.0
    var typo = 0.0
    var variant = 0.0
    var initialOnly = 0.0
    var keepMiddle = 0.5
    var swap = 0.0
    var maiden = 0.0
    var shortenDouble = 0.5
    var native = 0.0
    var decomposed = 0.0
    var missingGiven = 0.0
    var title = 1.0
    var caseNoise = 0.0
    var spaceNoise = 0.0
}

/// How one source system writes addresses.
struct AddressStyle {
    var upper = false
    var abbreviate = 0.3
    var flatVariants = 0.3
    var includeLocality = 0.3
    var includeTown = 0.6
    var postcodeNoSpace = 0.0
    var postcodeLower = 0.0
    var postcodeWrongChar = 0.0
    var postcodeMissing = 0.0
    var postcodeNeighbour = 0.0
    var typo = 0.0
}

struct NameParts {
    var title = ""
    var given = ""
    var middle = ""
    var surname = ""
    /// Written in Chinese characters: family name first, no space, no title ("李小龍").
    var nativeFamilyFirst = false

    var forenames: String { middle.isEmpty ? given : (given.isEmpty ? middle : given + " " + middle) }

    func full(_ format: String) -> String {
        if nativeFamilyFirst { return surname + given }
        switch format {
        case "surname, forenames":
            // Systems that write "SURNAME, Forenames" keep titles in a column of their own.
            let f = forenames
            return f.isEmpty ? surname : surname + ", " + f
        case "surname forenames":
            let f = forenames
            return [title, surname, f].filter { !$0.isEmpty }.joined(separator: " ")
        default:
            return [title, forenames, surname].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }
}

/// Turns the world's true values into what a source system would hold: its case, abbreviations,
/// nicknames, typos, stale names, postcode slips and date formats.
struct Renderer {
    let world: World

    // MARK: names

    func title(_ p: Int32, at t: Int32) -> String {
        let q = world.persons[Int(p)]
        let age = world.age(p, at: t)
        if q.flags.contains(.doctor) && age >= 26 { return "Dr" }
        if age < 18 { return "" }
        if q.isMale { return "Mr" }
        if q.flags.contains(.married) || q.birthSurname >= 0 { return age >= 30 && q.birthSurname < 0 ? "Ms" : "Mrs" }
        return age < 30 ? "Miss" : "Ms"
    }

    func trueParts(_ p: Int32) -> NameParts {
        let q = world.persons[Int(p)]
        return NameParts(title: title(p, at: world.H), given: world.names[q.given],
                         middle: q.middle >= 0 ? world.names[q.middle] : "", surname: world.names[q.surname])
    }

    func name(_ p: Int32, _ st: NameStyle, at t: Int32, _ r: inout SeededRandom) -> NameParts {
        let q = world.persons[Int(p)]
        let book = world.names
        var parts = NameParts()
        parts.title = r.chance(st.title) ? title(p, at: t) : ""
        // Native script, written as the person would write it.
        if st.native > 0 && q.tags.contains(.nativeScript) && r.chance(st.native) {
            let g = book.native[Int(q.given)], s = book.native[Int(q.surname)]
            if !g.isEmpty && !s.isEmpty {
                parts.given = g; parts.surname = s
                parts.nativeFamilyFirst = NameData.cultures[Int(q.culture)].familyFirst
                parts.title = ""
                return parts
            }
        }
        var given = book[q.given]
        var surnameID = q.surname
        if st.maiden > 0 && q.birthSurname >= 0 && r.chance(st.maiden) { surnameID = q.birthSurname }
        var surname = book[surnameID]
        if q.tags.contains(.doubleBarrelled) && surnameID == q.surname && r.chance(st.shortenDouble) {
            let halves = surname.split(separator: "-")
            if halves.count == 2 {
                let c = r.under(3)
                surname = c == 0 ? String(halves[0]) : c == 1 ? String(halves[1]) : halves.joined(separator: " ")
            }
        }
        if r.chance(st.nickname), let nicks = NameData.nicknames[given] { given = nicks[r.under(nicks.count)] }
        else if r.chance(st.variant), let vs = NameData.variants[given] { given = vs[r.under(vs.count)] }
        if r.chance(st.variant * 0.5), let vs = NameData.variants[surname] { surname = vs[r.under(vs.count)] }
        var middle = q.middle >= 0 && r.chance(st.keepMiddle) ? book[q.middle] : ""
        if r.chance(st.typo) { if r.chance(0.6) { surname = Self.typo(surname, &r) } else { given = Self.typo(given, &r) } }
        if r.chance(st.initialOnly) {
            given = String(given.prefix(1))
            if !middle.isEmpty { middle = String(middle.prefix(1)) }
        }
        if r.chance(st.missingGiven) { given = ""; middle = "" }
        if st.fold { given = Text.fold(given); middle = Text.fold(middle); surname = Text.fold(surname) }
        if st.decomposed > 0 && r.chance(st.decomposed) {
            given = Text.decomposed(given); surname = Text.decomposed(surname)
        }
        if st.upper { given = Text.upper(given); middle = Text.upper(middle); surname = Text.upper(surname) }
        else if r.chance(st.caseNoise) {
            if r.chance(0.5) { surname = Text.upper(surname) } else { given = Text.lower(given); surname = Text.lower(surname) }
        }
        if r.chance(st.spaceNoise) { surname = surname + " "; given = " " + given }
        if r.chance(st.swap) { swap(&given, &surname) }
        parts.given = given; parts.middle = middle; parts.surname = surname
        if st.upper { parts.title = Text.upper(parts.title) }
        return parts
    }

    private static let keyboard: [Character: String] = [
        "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
        "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et", "s": "ad", "t": "ry",
        "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
    ]

    /// One keyboard slip: a neighbouring key, a dropped or doubled letter, or two letters swapped.
    static func typo(_ s: String, _ r: inout SeededRandom) -> String {
        var c = Array(s)
        guard c.count >= 3 else { return s }
        let i = r.int(1, c.count - 1)
        switch r.under(4) {
        case 0:
            let lower = Character(c[i].lowercased())
            if let opts = keyboard[lower], !opts.isEmpty {
                let o = Array(opts)[r.under(opts.count)]
                c[i] = c[i].isUppercase ? Character(o.uppercased()) : o
            }
        case 1: c.remove(at: i)
        case 2: c.insert(c[i], at: i)
        default: if i + 1 < c.count { c.swapAt(i, i + 1) } else { c.swapAt(i - 1, i) }
        }
        return String(c)
    }

    // MARK: addresses

    static let floorNames = ["Ground Floor Flat", "First Floor Flat", "Second Floor Flat", "Top Floor Flat"]
    static let floorShort = ["GFF", "FFF", "SFF", "TFF"]
    static let floorOrdinal = ["Ground Floor", "1st Floor", "2nd Floor", "Top Floor"]

    func canonicalSAO(_ p: Property) -> String {
        switch p.saoStyle {
        case .none: return ""
        case .flatLetter: return p.saoValue == 20 ? "Rear Store" : "Flat " + String(Character(Unicode.Scalar(65 + p.saoValue)))
        case .flatNumber: return "Flat " + String(p.saoValue)
        case .floor: return Self.floorNames[Int(min(p.saoValue, 3))]
        case .groundShop: return "Ground Floor Shop"
        case .basement: return "Basement Flat"
        }
    }

    func paoNumber(_ p: Property) -> String {
        guard p.number > 0 else { return "" }
        return String(p.number) + (p.suffix > 0 ? String(Character(Unicode.Scalar(p.suffix))) : "")
    }

    /// The gazetteer's own lines: [sub-building, building name, "number street"].
    func canonicalLines(_ pi: Int32) -> [String] {
        let p = world.properties[Int(pi)]
        let street = world.streets[Int(p.street)].name
        var lines: [String] = []
        let sao = canonicalSAO(p)
        if !sao.isEmpty { lines.append(sao) }
        if p.building >= 0 { lines.append(world.buildingNames[Int(p.building)]) }
        let num = paoNumber(p)
        lines.append(num.isEmpty ? street : num + " " + street)
        return lines
    }

    /// Address lines as a source holds them, plus the postcode it holds.
    func address(_ pi: Int32, _ st: AddressStyle, _ r: inout SeededRandom) -> (lines: [String], postcode: String) {
        let p = world.properties[Int(pi)]
        let s = world.streets[Int(p.street)]
        var street = r.chance(st.abbreviate) ? s.abbreviated : s.name
        if r.chance(st.typo) { street = Self.typo(street, &r) }
        var num = paoNumber(p)
        var sub = canonicalSAO(p)
        var building = p.building >= 0 ? world.buildingNames[Int(p.building)] : ""
        if !building.isEmpty && r.chance(st.abbreviate * 0.5) {
            building = building.replacingLastWord([("House", "Ho"), ("Court", "Ct"), ("Mansions", "Mans")])
        }
        var merged = false   // sub-building folded into the number line ("14A Elm Road")
        if r.chance(st.flatVariants) {
            switch p.saoStyle {
            case .flatLetter where p.saoValue < 20:
                let letter = String(Character(Unicode.Scalar(65 + p.saoValue)))
                switch r.under(4) {
                case 0: num = num + letter; sub = ""
                case 1: num = num + letter.lowercased(); sub = ""
                case 2: sub = "Flat " + String(p.saoValue + 1)
                default: sub = "Flat " + letter; merged = true
                }
            case .flatNumber where p.kind == .convertedFlat:
                switch r.under(3) {
                case 0: sub = "Flat " + String(Character(Unicode.Scalar(64 + max(1, p.saoValue))))
                case 1: num = String(p.saoValue) + "/" + num; sub = ""
                default: merged = true
                }
            case .flatNumber:
                // Block flats: "12 Nightingale House", "Flat 12 Nightingale Ho", or the block dropped.
                switch r.under(4) {
                case 0: sub = String(p.saoValue); merged = false
                case 1: sub = "Apartment " + String(p.saoValue)
                case 2: sub = "Flat " + String(p.saoValue) + " " + building; building = ""
                default: if !num.isEmpty { building = "" }
                }
            case .floor:
                let v = Int(min(p.saoValue, 3))
                switch r.under(5) {
                case 0: sub = Self.floorShort[v]
                case 1: sub = Self.floorOrdinal[v]
                case 2: sub = v == 3 ? "Second Floor Flat" : (v == 2 ? "Top Floor Flat" : sub)
                case 3: sub = p.kind == .shopFlat ? "Flat Above" : "Flat " + String(Character(Unicode.Scalar(UInt8(65 + v))))
                default: sub = "Flat " + String(v + 1)
                }
                if p.kind == .shopFlat && r.chance(0.3) { num = num + "A"; sub = "" }
            case .groundShop:
                sub = r.chance(0.5) ? "" : "Shop"
            case .basement:
                sub = r.chance(0.5) ? "Lower Ground Floor Flat" : "Basement"
            default:
                break
            }
        }
        var lines: [String] = []
        let numberStreet = num.isEmpty ? street : num + " " + street
        if merged && !sub.isEmpty {
            lines.append(sub + " " + numberStreet)
            if !building.isEmpty { lines.insert(building, at: 0) }
        } else {
            var first: [String] = []
            if !sub.isEmpty { first.append(sub) }
            if !building.isEmpty { first.append(building) }
            if !first.isEmpty {
                if r.chance(0.5) { lines.append(first.joined(separator: ", ")) } else { lines.append(contentsOf: first) }
            }
            lines.append(numberStreet)
        }
        if r.chance(st.includeLocality) { lines.append(s.locality) }
        if r.chance(st.includeTown) { lines.append(PlaceData.town) }
        if st.upper { lines = lines.map(Text.upper) }
        return (lines, postcode(pi, st, &r))
    }

    func postcode(_ pi: Int32, _ st: AddressStyle, _ r: inout SeededRandom) -> String {
        var pc = world.postcodes[Int(world.properties[Int(pi)].postcode)]
        if r.chance(st.postcodeMissing) { return "" }
        if r.chance(st.postcodeNeighbour) {
            let sp = world.properties[Int(pi)].postcode
            let alt = sp + (r.chance(0.5) ? 1 : -1)
            if alt >= 0 && Int(alt) < world.postcodes.count { pc = world.postcodes[Int(alt)] }
        }
        if r.chance(st.postcodeWrongChar) { pc = Self.slipPostcode(pc, &r) }
        if r.chance(st.postcodeNoSpace) { pc = pc.filter { $0 != " " } }
        if r.chance(st.postcodeLower) { pc = Text.lower(pc) }
        return pc
    }

    static func slipPostcode(_ pc: String, _ r: inout SeededRandom) -> String {
        var c = Array(pc)
        let swaps: [Character: Character] = ["0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8",
                                             "E": "F", "A": "4", "4": "A", "Z": "2", "2": "Z"]
        var idx: [Int] = []
        for (i, ch) in c.enumerated() where swaps[ch] != nil { idx.append(i) }
        if idx.isEmpty {
            let i = r.under(c.count)
            if c[i].isNumber, let d = c[i].wholeNumberValue { c[i] = Character(String((d + 1) % 10)) }
            return String(c)
        }
        let i = idx[r.under(idx.count)]
        c[i] = swaps[c[i]]!
        return String(c)
    }

    /// An outside-borough address as lines plus postcode.
    func external(_ p: Int32) -> (lines: [String], postcode: String) {
        let q = world.persons[Int(p)]
        guard q.externalAddress >= 0 else { return ([], "") }
        let a = world.externalAddresses[Int(q.externalAddress)]
        return (a.lines, a.postcode)
    }

    // MARK: dates

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats y/m/d in a manifest date pattern; out-of-range parts are written as given (for
    /// impossible dates such as 31/02/1980).
    static let monthBytes: [[UInt8]] = months.map { Array($0.utf8) }

    static func format(_ y: Int, _ m: Int, _ d: Int, _ pattern: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(12)
        var pattern = pattern
        pattern.withUTF8 { chars in
            var i = 0
            while i < chars.count {
                var j = i
                while j < chars.count && chars[j] == chars[i] { j += 1 }
                let run = j - i
                switch chars[i] {
                case UInt8(ascii: "d"): Text.appendPadded(d, run >= 2 ? 2 : 1, to: &out)
                case UInt8(ascii: "M"):
                    if run >= 3 && m >= 1 && m <= 12 { out.append(contentsOf: monthBytes[m - 1]) }
                    else { Text.appendPadded(m, run == 1 ? 1 : 2, to: &out) }
                case UInt8(ascii: "y"): Text.appendPadded(run == 2 ? y % 100 : y, run == 2 ? 2 : 4, to: &out)
                default: for _ in 0..<run { out.append(chars[i]) }
                }
                i = j
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func format(_ day: Int32, _ pattern: String) -> String {
        let v = DayTable.ymd(day)
        return format(v / 10000, v / 100 % 100, v % 100, pattern)
    }

    /// A date as a source holds it, with the slips systems make: day and month swapped, a digit
    /// mistyped, an impossible day, a missing value.
    static func messyDate(_ day: Int32, _ pattern: String, swap: Double, typo: Double, impossible: Double = 0,
                          missing: Double = 0, _ r: inout SeededRandom) -> String {
        if r.chance(missing) { return "" }
        var c = CivilDate(dayNumber: day).components
        if r.chance(impossible) {
            let m = [2, 4, 6, 9, 11][r.under(5)]
            return format(c.year, m, m == 2 ? r.int(30, 31) : 31, pattern)
        }
        if r.chance(swap) && c.day != c.month { return format(c.year, c.day, c.month, pattern) }
        if r.chance(typo) {
            if r.chance(0.5) { c.year += r.chance(0.5) ? 1 : -1 } else { c.day = c.day >= 28 ? c.day - r.int(1, 9) : c.day + r.int(1, 3) }
        }
        return format(c.year, c.month, c.day, pattern)
    }

    // MARK: identifiers

    /// A valid, unique NINO for a person (HMRC's prefix rules respected).
    static let ninoPrefixes: [String] = {
        var out: [String] = []
        let firsts = Array("ABCEGHJKLMNOPRSTWXYZ"), seconds = Array("ABCEGHJKLMNPRSTWXYZ")
        let banned: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
        for a in firsts { for b in seconds { let s = String([a, b]); if !banned.contains(s) { out.append(s) } } }
        return out
    }()

    func nino(_ p: Int32) -> String {
        let n = Int64(Self.ninoPrefixes.count) * 1_000_000
        // A bijection of the person index onto prefix × number (the multiplier is coprime to n).
        let v = (Int64(p) &* 7_919_993 &+ 1_234_567 &+ Int64(world.seed % 1000)) % n
        let prefix = Self.ninoPrefixes[Int(v / 1_000_000)]
        return prefix + Text.pad(Int(v % 1_000_000), 6) + ["A", "B", "C", "D"][Int(p) % 4]
    }

    /// A valid, unique NHS number (modulus 11 check digit): eight digits from a bijection of the
    /// person index, a ninth chosen so a check digit exists, then the check digit.
    func nhsDigits(_ p: Int32) -> Int {
        let base = 40_000_000 + (Int64(p) &* 1_000_003 &+ Int64(world.seed % 997)) % 40_000_000   // 4…7 first
        var total = 0
        var v = Int(base)
        for w in stride(from: 3, through: 10, by: 1) { total += (v % 10) * w; v /= 10 }   // digits 8…1 weigh 3…10
        for k in 0..<10 {
            let ninth = (k + Int(p)) % 10
            let t = total + ninth * 2
            let check = 11 - t % 11
            if check == 10 { continue }
            return (Int(base) * 10 + ninth) * 10 + (check == 11 ? 0 : check)
        }
        return 0
    }

    func nhs(_ p: Int32) -> String { Text.pad(nhsDigits(p), 10) }

    /// The same NHS number with a wrong check digit (a keying slip).
    func badNHS(_ p: Int32) -> String {
        let good = nhs(p)
        var c = Array(good)
        let last = c[9].wholeNumberValue ?? 0
        c[9] = Character(String((last + 1 + Int(p) % 8) % 10))
        // Make sure it really fails.
        let nine = c.prefix(9).compactMap { $0.wholeNumberValue }
        if UKIdentifiers.nhsCheckDigit(nine) == c[9].wholeNumberValue { c[9] = Character(String((last + 5) % 10)) }
        return String(c)
    }

    func mobile(_ p: Int32) -> String {
        var v = (UInt64(p) &* 2_654_435_761 &+ world.seed) % 1_000_000_000
        v = v % 900_000_000 + 100_000_000
        let s = String(v)
        return "07" + String(s.prefix(3)) + " " + String(s.dropFirst(3))
    }

    func landline(_ h: Int32) -> String {
        let v = world.households[Int(h)].landline
        guard v >= 0 else { return "" }
        return "020 8" + Text.pad(Int(v) / 10_000 % 1000, 3) + " " + Text.pad(Int(v) % 10_000, 4)
    }

    func email(_ p: Int32) -> String {
        let q = world.persons[Int(p)]
        let g = Text.lower(Text.fold(world.names[q.given])).filter { $0.isLetter && $0.isASCII }
        let s = Text.lower(Text.fold(world.names[q.surname])).filter { $0.isLetter && $0.isASCII }
        let year = CivilDate(dayNumber: q.dob).year % 100
        let dom = PlaceData.emailDomains[Int(p) % PlaceData.emailDomains.count]
        switch Int(p) % 4 {
        case 0: return (g.isEmpty ? "user" : g) + "." + s + "@" + dom
        case 1: return String(g.prefix(1)) + s + Text.pad(year, 2) + "@" + dom
        case 2: return s + "." + g + String(Int(p) % 97) + "@" + dom
        default: return g + Text.pad(year, 2) + "@" + dom
        }
    }
}
