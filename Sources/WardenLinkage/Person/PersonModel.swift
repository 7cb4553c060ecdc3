/// The trained parameters of the person-linkage model: a Fellegi–Sunter model with
/// m-probabilities (how often each level occurs among true matches) and u-probabilities
/// (among non-matches) for every comparison, a prior, and a second, household-context set of
/// u-probabilities and prior used for pairs that share surname and postcode.
///
/// Codable, so a model trained on one run can be stored and reused (incremental runs, audit).
public struct PersonModel: Codable, Sendable, Equatable {

    /// Parameters of one comparison.
    public struct FieldParameters: Codable, Sendable, Equatable {
        public var field: PersonField
        /// P(level | match), index = level (0, "missing", unused).
        public var m: [Double]
        /// P(level | non-match) for a random pair.
        public var u: [Double]
        /// P(level | non-match) for two different people with one postcode (neighbours and
        /// members of one household); nil when there was too little data.
        public var uNeighbourhood: [Double]?
        /// P(level | non-match) for two different people of one family: same postcode, same
        /// address and same surname (twins, a father and son, spouses); nil when too little data.
        public var uFamily: [Double]?
        /// P(level | match) among matches scored in the general context (a place field: the
        /// pair does not share a postcode), and in the same-postcode context; nil: `m`.
        public var mGeneral: [Double]? = nil
        public var mNeighbourhood: [Double]? = nil
        /// P(level | non-match) for two different people with the same full name living apart
        /// (namesakes); nil when there was too little data.
        public var uSameName: [Double]? = nil
        /// P(level | match) among one person's records with the same full name living apart
        /// (a person who moved), for the fields whose m there differs from everywhere else:
        /// when they lived at each address, who lived with them, which systems hold them.
        public var mSameName: [Double]? = nil
        /// False when the data never holds this field on both sides of a pair.
        public var active: Bool
        /// True when m was estimated from this data (false: defaults).
        public var trained: Bool
    }

    public var fields: [FieldParameters]
    /// Prior probability that a random pair of records (from the compared sets) is a match;
    /// when the household contexts are trained, a random pair that does not share a postcode.
    public var lambda: Double
    /// Prior probability that two records with the same postcode (and not the same family
    /// context) are the same person.
    public var neighbourhoodLambda: Double?
    /// Prior probability that two records with the same postcode, address and surname are the
    /// same person.
    public var familyLambda: Double?
    /// The match probability at or above which a pair is linked.
    public var threshold: Double
    /// Prior probability that two records with the same full name and no shared postcode are
    /// the same person, for a full name of average weight (`sameNameMeanWeight`).
    public var sameNameLambda: Double? = nil
    public var sameNameMeanWeight: Double? = nil
    /// Prior probability that a family-context pair where one given name is only an initial is
    /// one person (see `PersonEngine.estimateFamilyInitialPrior`); nil: `familyLambda`.
    public var familyInitialLambda: Double? = nil
    /// 0.5 when the shared-reference context is in use (its prior is per account: see
    /// `PersonEngine.estimateReferenceContext`); nil: such pairs are scored as general ones.
    public var referenceLambda: Double? = nil

    subscript(_ f: PersonField) -> FieldParameters {
        get { fields[f.rawValue] }
        set { fields[f.rawValue] = newValue }
    }

    /// A model with the default m-probabilities and flat u-probabilities, before training.
    static func initial(threshold: Double) -> PersonModel {
        PersonModel(fields: PersonField.allCases.map { f in
            let l = f.levelCount
            var u = [Double](repeating: 1.0 / Double(l - 1), count: l); u[0] = 0
            return FieldParameters(field: f, m: f.defaultM, u: u, uNeighbourhood: nil, uFamily: nil, active: true, trained: false)
        }, lambda: 1e-4, neighbourhoodLambda: nil, familyLambda: nil, threshold: threshold)
    }

    /// The match weight (log2 Bayes factor) of a level in the general context.
    func weight(_ f: PersonField, _ level: UInt8) -> Double { weight(f, level, context: .general) }

    /// The weight of a level within a context. `postcodeCompared`: both records hold a
    /// postcode (in the general and same-name contexts the place fields' m is then the one
    /// learned on matches that do not share a postcode; without one, the unconditional m).
    func weight(_ f: PersonField, _ level: UInt8, context: PairContext, postcodeCompared: Bool = true) -> Double {
        if level == 0 || f.neutralLevel == level { return 0 }
        let p = self[f]
        if !p.active || context.excludedFields.contains(f) { return 0 }
        let u: [Double], m: [Double]
        switch context {
        case .general: u = p.u; m = postcodeCompared ? (p.mGeneral ?? p.m) : p.m
        case .sameName: u = p.uSameName ?? p.u; m = p.mSameName ?? (postcodeCompared ? (p.mGeneral ?? p.m) : p.m)
        case .neighbourhood: u = p.uNeighbourhood ?? p.u; m = p.mNeighbourhood ?? p.m
        case .family: u = p.uFamily ?? p.u; m = p.m
        case .sharedReference: u = p.u; m = postcodeCompared ? (p.mGeneral ?? p.m) : p.m
        }
        var w = f.logRatios(m: m, u: u)[Int(level)] / log(2)
        if context == .family && f == .givenName && (level == Level.gInitial || level == Level.gInitialDifferent),
           let own = familyInitialLambda, let family = familyLambda {
            // the pair belongs to the family's initial-bearing pairs: their prior, not the family's
            w += log2(own / (1 - own)) - log2(family / (1 - family))
        }
        return w
    }

    /// The prior of a context, or nil when that context was not trained.
    func prior(_ c: PairContext) -> Double? {
        switch c {
        case .general: return lambda
        case .neighbourhood: return neighbourhoodLambda
        case .family: return familyLambda
        case .sameName: return sameNameLambda
        case .sharedReference: return referenceLambda
        }
    }
}

/// Which part of the model scores a pair. Fellegi–Sunter assumes fields independent given
/// match status; among different people that fails exactly where households live: people of
/// one family share surname, address and often a date of birth (twins). So pairs that share a
/// postcode, and pairs that also share address and surname, are scored against u's and priors
/// learned on such pairs alone.
public enum PairContext: Int, Sendable, Codable, CaseIterable {
    case general = 0
    /// Same postcode.
    case neighbourhood = 1
    /// Same postcode, same address and same surname.
    case family = 2
    /// Same given name and surname (exactly), no shared postcode: one person who moved, or
    /// namesakes. Scored against its own prior, with the full name's rarity as an offset.
    case sameName = 3
    /// No shared postcode, and the same account or claim reference in two sources (a council
    /// tax account and its summons): mostly one person, whose other records may sit at a
    /// correspondence address. Scored against its own prior, with the values' rarity.
    case sharedReference = 4

    /// The fields whose agreement defines the context (not counted again inside it).
    public var excludedFields: [PersonField] {
        switch self {
        case .general: return []
        case .neighbourhood: return [.postcode, .locality]
        case .family: return [.postcode, .locality, .address, .surname]
        case .sameName: return [.givenName, .surname]
        case .sharedReference: return [.reference]
        }
    }

    public var label: String {
        switch self {
        case .general: return "general"
        case .neighbourhood: return "same postcode"
        case .family: return "same family context (postcode, address, surname)"
        case .sameName: return "same full name, living apart"
        case .sharedReference: return "same account reference, living apart"
        }
    }

    /// Scored field by field with term-frequency adjustments and the full name weighed as a
    /// pair (the household contexts weigh each level alone; the same-name context weighs the
    /// name's rarity as an offset).
    var weighsValues: Bool { self == .general || self == .sharedReference }

    @inline(__always)
    static func of(_ v: LevelVector) -> PairContext {
        guard v[.postcode] == Level.pExact else {
            if v[.reference] == 1 || v[.reference] == 3 { return .sharedReference }
            return v[.givenName] == Level.gExact && v[.surname] == Level.sExact ? .sameName : .general
        }
        let a = v[.address]
        if v[.surname] == Level.sExact && (a == Level.aUPRN || a == Level.aExact || a == Level.aNumberStreet) { return .family }
        return .neighbourhood
    }
}

/// Flat tables of level weights used in the scoring loop.
struct WeightTables: Sendable {
    /// [row][field * 16 + level]: one row per context when both records hold a postcode, then
    /// one per context when one lacks it (see `row`).
    var weights: [[Float]]
    var tfBaseU: [Double]     // per field: u at its TF level
    /// log2 prior odds per context; nil for an untrained context.
    var logits: [Float?]
    var tfActive: [Bool]
    var sameNameMeanWeight: Float
    var logitLambda: Float { logits[0]! }

    /// The weight row of a pair in a context.
    @inline(__always)
    func row(_ v: LevelVector, _ ctx: PairContext) -> Int { ctx.rawValue + (v[.postcode] == 0 ? PairContext.allCases.count : 0) }

    init(_ model: PersonModel) {
        weights = [true, false].flatMap { compared in
            PairContext.allCases.map { ctx in
                var t = [Float](repeating: 0, count: PersonField.allCases.count * 16)
                for f in PersonField.allCases {
                    for l in 0..<f.levelCount { t[f.rawValue * 16 + l] = Float(model.weight(f, UInt8(l), context: ctx, postcodeCompared: compared)) }
                }
                return t
            }
        }
        sameNameMeanWeight = Float(model.sameNameMeanWeight ?? 0)
        tfBaseU = [Double](repeating: 0, count: PersonField.allCases.count)
        tfActive = [Bool](repeating: false, count: PersonField.allCases.count)
        for f in PersonField.allCases {
            if let t = f.tfLevel, model[f].active {
                tfBaseU[f.rawValue] = model[f].u[Int(t)]
                tfActive[f.rawValue] = true
            }
        }
        logits = PairContext.allCases.map { c in model.prior(c).map { Float(log2($0 / (1 - $0))) } }
    }

    /// The context a pair is scored in: the most specific trained one.
    @inline(__always)
    func context(_ v: LevelVector) -> PairContext {
        var c = PairContext.of(v)
        if c == .family && logits[2] == nil { c = .neighbourhood }
        if c == .neighbourhood && logits[1] == nil { c = .general }
        if c == .sameName && logits[3] == nil { c = .general }
        if c == .sharedReference && logits[4] == nil {
            // untrained: scored as it would be without the reference context
            var w = v; w[.reference] = 0
            c = PairContext.of(w) == .sameName && logits[3] != nil ? .sameName : .general
        }
        return c
    }
}

/// Probability from a log2 odds.
@inline(__always)
func probability(fromLog2Odds w: Double) -> Double { 1 / (1 + exp2(-w)) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
