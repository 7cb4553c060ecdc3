/// How a match was found (or why there is none). Printed in reports as its raw value.
public enum AddressMatchMethod: String, Sendable, CaseIterable, Codable {
    /// Every word, number, flat and the postcode agree.
    case exact
    /// The postcode and the building number agree; words agree or nearly.
    case postcodeAndNumber = "postcode+number"
    /// The street and number agree but the postcode was wrong (a neighbouring street's, a typo).
    case streetAndNumber = "street+number"
    /// The street was found despite a misspelling.
    case fuzzyStreet = "fuzzy-street"
    /// The record had no postcode: found in the whole gazetteer.
    case noPostcode = "no-postcode"
    /// Found by a building or business name, with no building number.
    case buildingName = "building-name"
    /// The record names a flat that cannot be told apart (or is not in the gazetteer), but its
    /// building can: the building's UPRN is given, not a forced flat.
    case parentOnly = "parent-only"
    /// Two or more properties fit equally well: none is chosen.
    case ambiguous
    /// Nothing fits well enough: none is chosen.
    case unmatched
}

/// Whether a chosen UPRN is the property the record names or only its building.
public enum AddressMatchLevel: String, Sendable, Codable {
    /// The property itself (a house, or the named flat).
    case property
    /// The building that holds the named flat (the flat itself could not be resolved).
    case building
    /// Nothing chosen.
    case none
}

/// One gazetteer property considered for a record.
public struct AddressCandidate: Sendable, Hashable {
    /// The property's UPRN.
    public let uprn: Int64
    /// Its address as the gazetteer writes it.
    public let address: String
    /// The probability that this is the record's property (0...1); see `AddressMatch.confidence`.
    public let probability: Double
    /// The raw evidence score (log-odds-like; higher is better), for diagnostics.
    public let score: Double
}

/// The result of matching one address to the gazetteer.
public struct AddressMatch: Sendable {
    /// The chosen UPRN, or nil when the match is ambiguous or nothing fits.
    public let uprn: Int64?
    /// The probability that `uprn` is right (0...1). Calibrated on synthetic data so that matches
    /// at 0.9 or more are right at least 99% of the time; for ambiguous and unmatched records it
    /// is the probability of the best candidate.
    public let confidence: Double
    /// How it was found.
    public let method: AddressMatchMethod
    /// True when the best candidates could not be told apart (then `uprn` is nil).
    public let isAmbiguous: Bool
    /// Whether `uprn` is the property itself or only its building.
    public let level: AddressMatchLevel
    /// The best candidates, best first (up to five besides the chosen one).
    public let candidates: [AddressCandidate]
    /// The record as parsed.
    public let parsed: ParsedAddress
    /// The chosen property's address as the gazetteer writes it.
    public let address: String?
    /// One line for an officer: why this UPRN, or why none.
    public let explanation: String

    /// The candidates other than the chosen one (up to five).
    public var runnersUp: [AddressCandidate] {
        Array(candidates.filter { $0.uprn != uprn }.prefix(5))
    }
}

/// The evidence weights of the matcher, in one place. Scores add up like log-odds: positive for
/// agreement, negative for disagreement, scaled so that a house number is worth about as much
/// as a rare street word. The token weights themselves are learnt from the gazetteer.
enum AddressScoring {
    /// The most one word can weigh (nats).
    static let maxTokenWeight = 8.0
    /// Pseudo-entries blended into word frequencies so that a tiny gazetteer's counts do not
    /// make "ROAD" look rare; only a handful of generic address words get a high prior share.
    static let priorEntries = 10_000.0
    static let genericPrior = 0.05
    static let otherPrior = 0.0001

    static let numberMatch = 6.0
    static let numberRangeMatch = 4.5
    static let numberNearMiss = -3.0
    static let numberMismatch = -9.0
    static let numberMissing = -3.0
    static let flatMatch = 5.0
    static let flatOrdinal = 1.0
    static let flatMismatch = -7.0
    static let flatUnstated = -2.5
    static let floorMatch = 3.0
    static let floorMismatch = -4.0
    static let floorUnknown = -1.0
    /// "FLAT B" for the unit second from the bottom when the gazetteer names units by floor.
    static let flatFloorOrder = 2.5
    /// The record and the entry name the same kind of unit (a shop and a shop) or not (a shop
    /// and a flat).
    static let kindMatch = 1.0
    static let kindMismatch = -3.0
    /// The source is about this kind of property (business rates: shops) and the entry is, or
    /// is not, one.
    static let useMatch = 3.0
    static let useMismatch = -1.5
    static let subUnstated = -2.0
    static let subMissing = -3.0
    static let unexplainedNumber = -3.0

    static let postcodeExact = 3.5
    static let postcodeNear = 1.0
    static let postcodeSector = 0.5
    static let postcodeOutward = 0.0
    static let postcodeWrong = -1.5

    /// An input word that another candidate has but this one lacks: × its weight.
    static let inputMiss = 0.6
    /// Candidate words the input does not mention: × their weight, by role.
    static func candidateExtra(_ role: TokenRole) -> Double {
        switch role {
        case .street: return 0.6
        case .name: return 0.4
        case .sub: return 0.3
        case .locality: return 0.15
        }
    }
    /// A business or building name in the record that the entry lacks counts for less than a
    /// street word: records carry trading names the gazetteer never heard of.
    static let nameMissFactor = 0.5
    /// An entry name unmatched when the record named something else: × its weight.
    static let nameDisagreement = 0.15
    /// The record names a business or building and no flat; the entry is a plain flat.
    static let nameForFlat = -2.0
    /// A record street word that no candidate holds (not even misspelt): × its weight.
    static let unknownStreetWord = 0.3
    /// Place words (locality, town) count for less, both ways.
    static let placeFactor = 0.5

    /// Softmax temperature and the score of "none of these" (calibrated on synthetic data).
    static let temperature = 1.0
    static let nullScore = 6.0
    /// The least probability at which a property (or building) is chosen.
    static let accept = 0.5
    /// How many times likelier than the best other property the chosen one must be.
    static let clearMargin = 2.5

    /// Generic address words: frequent in any gazetteer, whatever its size.
    static let genericWords: Set<String> = AddressLexer.streetTypes.union([
        "LONDON", "HOUSE", "COURT", "LODGE", "BLOCK", "FLAT", "FLATS", "NORTH", "SOUTH", "EAST",
        "WEST", "UPPER", "LOWER", "SAINT", "MANSIONS", "ESTATE", "UNIT", "PARK",
    ])
}
