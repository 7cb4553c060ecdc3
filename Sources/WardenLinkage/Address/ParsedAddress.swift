/// The floors a sub-building occupies: a set of levels (BASEMENT −2, LOWER GROUND −1, GROUND 0,
/// FIRST 1, ...) plus the relative words people use ("TOP FLOOR FLAT", "UPPER MAISONETTE").
public struct FloorSet: Hashable, Sendable, CustomStringConvertible {
    /// Bit `level + 2` is set for each level named (−2 ... 29).
    public private(set) var levels: UInt32 = 0
    /// "TOP FLOOR": the highest floor of its building.
    public var top = false
    /// "UPPER FLAT" / "UPPER FLOOR": some floor above the ground.
    public var upper = false
    /// "LOWER FLAT" / "LOWER MAISONETTE": the ground floor or below.
    public var lower = false

    /// No floors named.
    public init() {}

    /// True when nothing about floors was said.
    public var isEmpty: Bool { levels == 0 && !top && !upper && !lower }

    /// Adds one level (clamped to −2 ... 29).
    public mutating func insert(level: Int) {
        let l = min(max(level, -2), 29)
        levels |= (1 << UInt32(l + 2))
    }

    /// True when `level` is named.
    public func contains(level: Int) -> Bool {
        guard level >= -2 && level <= 29 else { return false }
        return levels & (1 << UInt32(level + 2)) != 0
    }

    /// The highest level named, if any.
    public var highest: Int? {
        guard levels != 0 else { return nil }
        return 31 - levels.leadingZeroBitCount - 2
    }

    /// The lowest level named, if any.
    public var lowest: Int? {
        guard levels != 0 else { return nil }
        return levels.trailingZeroBitCount - 2
    }

    /// Whether two descriptions can name the same floor: nil when either says nothing
    /// comparable (e.g. TOP against an explicit level: the caller decides with context).
    func compatible(with other: FloorSet) -> Bool? {
        if isEmpty || other.isEmpty { return nil }
        if levels != 0 && other.levels != 0 { return levels & other.levels != 0 }
        let (words, explicit) = levels == 0 ? (self, other) : (other, self)
        if explicit.levels == 0 {
            // both relative: UPPER~TOP agree, LOWER disagrees with either
            if words.lower != explicit.lower { return false }
            return true
        }
        if words.lower { return explicit.levels & 0b111 != 0 }             // −2, −1, 0
        if words.upper { return explicit.levels & ~UInt32(0b111) != 0 }    // ≥ 1
        return nil  // TOP alone: depends on the building
    }

    public var description: String {
        var parts: [String] = []
        for l in -2...29 where contains(level: l) {
            switch l {
            case -2: parts.append("BASEMENT")
            case -1: parts.append("LOWER GROUND")
            default: parts.append(AddressLexer.ordinals.indices.contains(l) ? AddressLexer.ordinals[l] : "\(l)")
            }
        }
        if top { parts.append("TOP") }
        if upper { parts.append("UPPER") }
        if lower { parts.append("LOWER") }
        return parts.joined(separator: " AND ") + (parts.isEmpty ? "" : " FLOOR")
    }
}

/// The part of an address inside a building: a flat, unit or room and the floors it is on.
public struct SubBuilding: Hashable, Sendable {
    /// The kind of unit named ("FLAT", "UNIT", "APARTMENT", "ROOM", "ANNEXE"...), if any.
    public var kind: String?
    /// Its identifier ("2", "A", "1A", "G01"), if any.
    public var identifier: String?
    /// The floors it is on, if said.
    public var floors: FloorSet
    /// Other words describing it ("REAR", "GARDEN", a shop's trading name...).
    public var descriptors: [String]

    /// A sub-building from its parts.
    public init(kind: String? = nil, identifier: String? = nil, floors: FloorSet = FloorSet(), descriptors: [String] = []) {
        self.kind = kind
        self.identifier = identifier
        self.floors = floors
        self.descriptors = descriptors
    }

    /// True when nothing was found.
    public var isEmpty: Bool { kind == nil && identifier == nil && floors.isEmpty && descriptors.isEmpty }

    /// A normalised one-line form ("FLAT 2", "FLAT FIRST FLOOR", "UNIT 4").
    public var text: String {
        var parts: [String] = []
        if let kind { parts.append(kind) }
        if let identifier { parts.append(identifier) }
        parts.append(contentsOf: descriptors)
        if !floors.isEmpty { parts.append(floors.description) }
        return parts.joined(separator: " ")
    }
}

/// A building number: a single number ("14"), with a suffix ("14B"), a range ("12-14",
/// "92-92A") or a half ("144 AND A HALF").
public struct BuildingNumber: Hashable, Sendable, CustomStringConvertible {
    /// The (first) number.
    public var low: Int
    /// Letters after the first number ("B" in "14B"), upper case; empty when none.
    public var lowSuffix: String
    /// The last number of a range, if a range.
    public var high: Int?
    /// Letters after the last number of a range.
    public var highSuffix: String
    /// "AND A HALF".
    public var half: Bool

    /// A number from its parts.
    public init(low: Int, lowSuffix: String = "", high: Int? = nil, highSuffix: String = "", half: Bool = false) {
        self.low = low
        self.lowSuffix = lowSuffix
        self.high = high
        self.highSuffix = highSuffix
        self.half = half
    }

    /// Parses "14", "14B", "12-14", "92-92A", "1A-1C"; nil for anything else.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        var i = 0
        func number() -> Int? {
            var v = 0, n = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                if n < 6 { v = v * 10 + Int(u[i] - 48) }
                n += 1; i += 1
            }
            return n > 0 && n <= 6 ? v : nil
        }
        func suffix() -> String? {
            let start = i
            while i < u.count, u[i] >= 65, u[i] <= 90 { i += 1 }
            guard i - start <= 2 else { return nil }
            return String(decoding: u[start..<i], as: UTF8.self)
        }
        guard let lo = number(), let ls = suffix() else { return nil }
        var hi: Int?
        var hs = ""
        if i < u.count {
            guard u[i] == 45 else { return nil }
            i += 1
            guard let h = number(), let s = suffix(), i == u.count else { return nil }
            if h < lo { return nil }
            if !(h == lo && s == ls) { hi = h; hs = s }  // "92-92" is just 92
        }
        self.init(low: lo, lowSuffix: ls, high: hi, highSuffix: hs)
    }

    /// True for a range ("12-14", "92-92A").
    public var isRange: Bool { high != nil }

    /// True when `n` (with `suffix`) lies within this number or range.
    public func contains(_ n: Int, suffix: String = "") -> Bool {
        guard let high else { return n == low && suffix == lowSuffix }
        if n > low && n < high { return true }
        if n == low { return suffix.isEmpty || suffix >= lowSuffix }
        if n == high { return suffix.isEmpty || suffix <= highSuffix || highSuffix.isEmpty }
        return false
    }

    /// The normalised text ("14B", "12-14", "144 AND A HALF").
    public var description: String {
        var s = "\(low)\(lowSuffix)"
        if let high { s += "-\(high)\(highSuffix)" }
        if half { s += " AND A HALF" }
        return s
    }
}

/// A UK address split into its parts. Every field is normalised: upper case, abbreviations
/// expanded ("RD" → "ROAD"), punctuation removed.
public struct ParsedAddress: Hashable, Sendable {
    /// The flat, unit or floor inside the building, if any.
    public var subBuilding: SubBuilding?
    /// The building's (or business's) name, if any ("ASHDOWN HOUSE", "THE OLD RECTORY").
    public var buildingName: String?
    /// The building number, if any.
    public var buildingNumber: BuildingNumber?
    /// The street ("ELM ROAD").
    public var street: String?
    /// The locality (a district or village) if one can be told from the town.
    public var locality: String?
    /// The post town or the last place word.
    public var town: String?
    /// The postcode, normalised ("E17 4AB"), if one was found or given.
    public var postcode: String?
    /// An outward code found alone in the text ("E17"), when no full postcode was.
    public var outwardCode: String?
    /// A second postcode when the text held one and the postcode column another.
    public var otherPostcode: String?

    /// Every normalised token of the address (postcode excluded), in order.
    public var tokens: [String]
    /// The part of the address each token was read as (parallel to `tokens`).
    var zones: [AddressZone] = []
    /// Numbers that were neither the flat's nor the building's (e.g. a second house number).
    var extraNumbers: [String] = []
    /// True when the only number followed a flat word ("FLAT 74 HIGH STREET") and was read as
    /// the building number: it may also be the flat's.
    var numberMayBeFlat = false

    /// An empty address.
    public init() { tokens = [] }

    /// True when nothing but (perhaps) a postcode was found.
    public var isEmpty: Bool { tokens.isEmpty }

    /// The normalised address on one line, postcode last.
    public var normalisedText: String {
        var parts: [String] = []
        if let s = subBuilding, !s.isEmpty { parts.append(s.text) }
        if let buildingName { parts.append(buildingName) }
        var streetPart = ""
        if let buildingNumber { streetPart = buildingNumber.description }
        if let street { streetPart += (streetPart.isEmpty ? "" : " ") + street }
        if !streetPart.isEmpty { parts.append(streetPart) }
        if let locality { parts.append(locality) }
        if let town { parts.append(town) }
        if let postcode { parts.append(postcode) }
        return parts.joined(separator: ", ")
    }
}

/// The part of an address a token was read as.
enum AddressZone: UInt8, Hashable, Sendable {
    case subBuilding, name, number, street, locality
}
