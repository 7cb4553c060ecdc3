/// A date that may be known only in part: some sources hold a year of birth, or a month and year.
///
/// Day and month may also have been entered the wrong way round; the comparison handles that.
public struct PartialDate: Hashable, Sendable, Codable, CustomStringConvertible {
    public var year: Int?
    public var month: Int?
    public var day: Int?

    /// A partial date; a month outside 1–12 or a day outside 1–31 is dropped (unknown).
    public init(year: Int?, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month.flatMap { (1...12).contains($0) ? $0 : nil }
        self.day = day.flatMap { (1...31).contains($0) ? $0 : nil }
    }

    /// A complete date.
    public init(_ date: CivilDate) { self.init(year: date.year, month: date.month, day: date.day) }

    /// True when year, month and day are all known.
    public var isComplete: Bool { year != nil && month != nil && day != nil }

    public var description: String {
        func two(_ v: Int?) -> String { v.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
        return "\(year.map(String.init) ?? "????")-\(two(month))-\(two(day))"
    }

    /// Parses the date shapes found in extracts: "1955-10-28", "19551028", "28/10/1955",
    /// "28-10-1955", "28.10.1955", "10/1955", "1955-10", "1955". Slashed dates are read
    /// day-first (UK) unless the first part cannot be a day-first month ("10/28/1955" is read
    /// as 28 October). Returns nil for anything else.
    public init?(parsing raw: String) {
        var parts: [String] = []
        var cur = ""
        for ch in raw.unicodeScalars {
            if ch.value >= 48 && ch.value <= 57 { cur.unicodeScalars.append(ch) }
            else if ch == "-" || ch == "/" || ch == "." || ch == " " || ch == "T" {
                if !cur.isEmpty { parts.append(cur); cur = "" }
                if ch == "T" { break }  // ISO date-time: ignore the time
            } else { return nil }
        }
        if !cur.isEmpty { parts.append(cur) }
        guard !parts.isEmpty, parts.count <= 3 else { return nil }
        let nums = parts.map { Int($0) ?? -1 }
        switch parts.count {
        case 1:
            let p = parts[0]
            if p.count == 8 {   // yyyyMMdd
                let v = nums[0]
                self.init(year: v / 10000, month: (v / 100) % 100, day: v % 100)
            } else if p.count == 4 {
                self.init(year: nums[0])
            } else if p.count == 6 {  // yyyyMM
                self.init(year: nums[0] / 100, month: nums[0] % 100)
            } else { return nil }
        case 2:
            if parts[0].count == 4 { self.init(year: nums[0], month: nums[1]) }
            else if parts[1].count == 4 { self.init(year: nums[1], month: nums[0]) }
            else { return nil }
        default:
            if parts[0].count == 4 {
                self.init(year: nums[0], month: nums[1], day: nums[2])
            } else if parts[2].count == 4 || parts[2].count == 2 {
                var y = nums[2]
                if parts[2].count == 2 { y += y <= 30 ? 2000 : 1900 }
                if nums[1] > 12 && nums[0] <= 12 {
                    self.init(year: y, month: nums[0], day: nums[1])  // US order, unambiguous
                } else {
                    self.init(year: y, month: nums[1], day: nums[0])
                }
            } else { return nil }
        }
        guard let y = year, y >= 1000 && y <= 9999 else { return nil }
    }
}

/// Recorded sex or gender, where a source holds one.
public enum PersonSex: UInt8, Sendable, Codable, Hashable {
    case female = 1
    case male = 2

    /// Parses "F", "female", "M", "male", "woman", "man" (any case); nil for anything else.
    public init?(parsing raw: String) {
        switch TextFolding.folded(raw) {
        case "f", "female", "w", "woman", "girl": self = .female
        case "m", "male", "man", "boy": self = .male
        default: return nil
        }
    }

    /// The sex a title states: Mr; Mrs, Miss, Ms, Madam, Lady. Nil for one that does not say (Dr,
    /// Prof, Mx, Rev) or is not a title.
    public init?(title raw: String) { self.init(titleKey: NameParsing.titleKey(raw)) }

    /// `init(title:)` of a title already folded by `NameParsing.titleKey`.
    init?(titleKey: String) {
        switch titleKey {
        case "mr", "sir", "lord": self = .male
        case "mrs", "miss", "ms", "madam", "lady", "dame": self = .female
        default: return nil
        }
    }
}

/// One source record that describes a person: the input to person linkage.
///
/// Every field is optional because sources hold very different subsets: the electoral register
/// has no date of birth, some systems hold initials only, others a full name in one field.
public struct PersonRecord: Sendable, Hashable, Codable {
    /// The caller's key for this record; results refer to records by it. Must be unique.
    public var index: Int
    /// Which source or data set the record comes from (in link mode, only pairs from
    /// different data sets are compared).
    public var dataset: Int
    public var givenName: String?
    public var middleNames: String?
    public var surname: String?
    /// A whole name in one field ("SMITH, John Paul", "Mr John P Smith"); split by the engine
    /// when given name and surname are absent.
    public var fullName: String?
    public var dateOfBirth: PartialDate?
    public var sex: PersonSex?
    /// A title (Mr, Mrs, Miss, Dr…): gives the sex where `sex` is nil, and Miss or Mrs is
    /// compared. A title at the start of `fullName` is read too.
    public var title: String?
    public var nino: String?
    public var nhsNumber: String?
    public var phone: String?
    public var email: String?
    public var uprn: Int64?
    /// Address lines as free text (may include a house number and even the postcode).
    public var address: String?
    public var streetNumber: String?
    public var locality: String?
    public var town: String?
    public var postcode: String?
    /// Any other identifier that denotes one person within the sources (a staff or pupil
    /// number, a foreign social security id).
    public var idNumber: String?
    /// Records that share a non-nil `distinctGroup` are known to be different people (the
    /// members of one benefit claim or household in one source): they will never be linked
    /// to each other.
    public var distinctGroup: String?
    /// When the record says the person lived at its address: an account, claim or tenancy
    /// from its start to its end (nil end: still open), or the day of an event. Nil when the
    /// record says nothing about residence (a landlord's correspondence address, a register).
    public var periodStart: CivilDate?
    public var periodEnd: CivilDate?
    /// The latest date of birth the record allows: an elector, a liable party, a claimant or a
    /// tenant is not a child. A record with a later date of birth is never the same person
    /// (a pupil is not the council tax payer of the same name).
    public var bornBy: CivilDate?
    /// The day the person died, when the record says so (a deaths register). A record placing
    /// someone at an address from more than six months after that day is someone else.
    public var diedOn: CivilDate?
    /// A reference the record may share with records of other sources (the account a
    /// summons is about): the same value in two sources is evidence of one person or household.
    public var reference: String?
    /// A property the person is responsible for but does not live at: a landlord's let
    /// property, a ratepayer's premises (a UPRN or any key of the property). Two records about
    /// one property in one name are most likely its one owner; compared within and across
    /// sources.
    public var property: String?
    /// True when `property` is a place the person complained about rather than one they own
    /// or let: a complainant usually lives near it, so its postcode says roughly where they live.
    public var propertyIsSite = false

    public init(index: Int, dataset: Int = 0, givenName: String? = nil, middleNames: String? = nil,
                surname: String? = nil, fullName: String? = nil, dateOfBirth: PartialDate? = nil,
                sex: PersonSex? = nil, nino: String? = nil, nhsNumber: String? = nil, phone: String? = nil,
                email: String? = nil, uprn: Int64? = nil, address: String? = nil, streetNumber: String? = nil,
                locality: String? = nil, town: String? = nil, postcode: String? = nil, idNumber: String? = nil,
                distinctGroup: String? = nil) {
        self.index = index; self.dataset = dataset; self.givenName = givenName
        self.middleNames = middleNames; self.surname = surname; self.fullName = fullName
        self.dateOfBirth = dateOfBirth; self.sex = sex; self.nino = nino; self.nhsNumber = nhsNumber
        self.phone = phone; self.email = email; self.uprn = uprn; self.address = address
        self.streetNumber = streetNumber; self.locality = locality; self.town = town
        self.postcode = postcode; self.idNumber = idNumber; self.distinctGroup = distinctGroup
    }
}

/// Splitting and cleaning of person names.
public enum NameParsing {
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "revd", "sir",
                                      "dame", "lady", "lord", "master", "mister", "fr", "sr", "sra", "herr", "frau"]
    static let suffixes: Set<String> = ["jr", "jnr", "junior", "snr", "senior", "ii", "iii", "iv", "esq", "obe", "mbe", "phd"]
    static let particles: Set<String> = ["van", "von", "de", "der", "den", "del", "della", "da", "di", "du",
                                         "le", "la", "bin", "binti", "al", "el", "ap", "ter", "ten", "dos", "das"]

    /// Words that open a name written on behalf of someone ("EXECUTORS OF THE LATE MRS JANE
    /// SMITH", "The Estate of the late John Brown", "Personal representatives of"): the person
    /// is the one named after them.
    static let onBehalfOpeners: Set<String> = ["executors", "executor", "executrix", "exors", "exor", "exec", "execs", "estate",
                                               "personal", "representatives", "representative", "reps", "administrators", "administrator"]
    static let onBehalfWords: Set<String> = onBehalfOpeners.union(["of", "the", "late", "deceased", "decd", "dec"])
    static let trailingStatus: Set<String> = ["deceased", "decd", "dec"]

    /// Words that stand where a source had no name to give ("Anonymous", "The Occupier",
    /// "Name withheld", "Not known", "N/A"): no person is named.
    static let placeholderWords: Set<String> = ["anonymous", "anon", "unknown", "not", "known", "notknown", "n", "a", "na", "none",
                                                "withheld", "name", "given", "stated", "supplied", "provided", "the", "occupier",
                                                "occupiers", "current", "resident", "residents", "householder", "redacted", "nk", "tba", "tbc"]
    static let placeholderHeads: Set<String> = ["anonymous", "anon", "unknown", "notknown", "withheld", "occupier", "occupiers",
                                                "resident", "residents", "householder", "redacted", "nk", "na", "none", "tba", "tbc"]

    /// True when a name is only a placeholder for none: every word (titles aside) is one of the
    /// words sources put where no name was given, and one of them says so outright
    /// ("Anonymous", "The Occupier", "Not known", "N/A", "Name withheld"). "Anne Known" is a name.
    public static func isPlaceholder(_ text: String) -> Bool {
        let words = TextFolding.tokens(text).filter { !titles.contains($0) }
        guard !words.isEmpty, words.allSatisfy(placeholderWords.contains) else { return false }
        let joined = words.joined()
        return words.contains(where: placeholderHeads.contains) || ["notknown", "na", "notgiven", "notstated", "namewithheld",
                                                                      "notsupplied", "notprovided", "namenotgiven", "namenotknown"].contains(joined)
    }

    /// A title folded for recognition: "MRS." and "Mrs" are both "mrs".
    static func titleKey(_ raw: String) -> String { String(TextFolding.folded(raw).filter { $0 != "." }) }

    /// Name tokens with titles, generational suffixes and "executors of the late" removed
    /// (kept if nothing else remains). A '?' inside a word (a letter lost to a Windows-1252
    /// export: "NGUY?N") is kept as a wildcard.
    public static func cleanTokens(_ text: String) -> [String] {
        var t = TextFolding.tokens(text, wildcard: true).filter { !$0.unicodeScalars.allSatisfy { ($0.value >= 48 && $0.value <= 57) || $0 == "?" } }
        if let first = t.first, onBehalfOpeners.contains(first) {
            let rest = Array(t.drop(while: { onBehalfWords.contains($0) }))
            if !rest.isEmpty { t = rest }
        }
        while t.count > 1, let last = t.last, trailingStatus.contains(last) { t.removeLast() }
        let kept = t.filter { !titles.contains($0) && !suffixes.contains($0) }
        return kept.isEmpty ? t : kept
    }

    /// Splits a whole name into given name, middle names and surname.
    /// "SMITH, John Paul" → (john, paul, smith); "Mr John P Smith" → (john, p, smith);
    /// "Ludwig van Beethoven" → (ludwig, -, vanbeethoven); a single word is taken as a surname.
    public static func split(fullName: String) -> (given: [String], middle: [String], surname: [String]) {
        if let comma = fullName.firstIndex(of: ",") {
            let sur = cleanTokens(String(fullName[..<comma]))
            let rest = cleanTokens(String(fullName[fullName.index(after: comma)...]))
            if !sur.isEmpty {
                return (Array(rest.prefix(1)), Array(rest.dropFirst()), sur)
            }
        }
        let toks = cleanTokens(fullName)
        if toks.count <= 1 { return ([], [], toks) }
        var surStart = toks.count - 1
        while surStart > 1 && particles.contains(toks[surStart - 1]) { surStart -= 1 }
        return ([toks[0]], Array(toks[1..<surStart]), Array(toks[surStart...]))
    }
}
