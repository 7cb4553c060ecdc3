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
        /// P(level | non-match) for a pair of different people sharing surname and postcode
        /// (usually members of one household); nil when there was too little data.
        public var uHousehold: [Double]?
        /// False when the data never holds this field on both sides of a pair.
        public var active: Bool
        /// True when m was estimated from this data (false: defaults).
        public var trained: Bool
    }

    public var fields: [FieldParameters]
    /// Prior probability that a random pair of records (from the compared sets) is a match.
    public var lambda: Double
    /// Prior probability that two records sharing surname and postcode are the same person.
    public var householdLambda: Double?
    /// The match probability at or above which a pair is linked.
    public var threshold: Double

    subscript(_ f: PersonField) -> FieldParameters {
        get { fields[f.rawValue] }
        set { fields[f.rawValue] = newValue }
    }

    /// A model with the default m-probabilities and flat u-probabilities, before training.
    static func initial(threshold: Double) -> PersonModel {
        PersonModel(fields: PersonField.allCases.map { f in
            let l = f.levelCount
            var u = [Double](repeating: 1.0 / Double(l - 1), count: l); u[0] = 0
            return FieldParameters(field: f, m: f.defaultM, u: u, uHousehold: nil, active: true, trained: false)
        }, lambda: 1e-4, householdLambda: nil, threshold: threshold)
    }

    /// The match weight (log2 Bayes factor) of a level.
    func weight(_ f: PersonField, _ level: UInt8) -> Double {
        if level == 0 { return 0 }
        if f.neutralLevel == level { return 0 }
        let p = self[f]
        if !p.active { return 0 }
        return log2(max(p.m[Int(level)], 1e-12) / max(p.u[Int(level)], 1e-12))
    }

    func householdWeight(_ f: PersonField, _ level: UInt8) -> Double {
        if level == 0 { return 0 }
        if f.neutralLevel == level { return 0 }
        let p = self[f]
        if !p.active { return 0 }
        let u = p.uHousehold ?? p.u
        return log2(max(p.m[Int(level)], 1e-12) / max(u[Int(level)], 1e-12))
    }
}

/// Flat tables of level weights used in the scoring loop.
struct WeightTables: Sendable {
    var general: [Float]      // [field * 16 + level]
    var household: [Float]
    var tfBaseU: [Double]     // per field: u at its TF level
    var logitLambda: Float
    var logitHousehold: Float?
    var tfActive: [Bool]

    init(_ model: PersonModel) {
        general = [Float](repeating: 0, count: 16 * 16)
        household = general
        tfBaseU = [Double](repeating: 0, count: 16)
        tfActive = [Bool](repeating: false, count: 16)
        for f in PersonField.allCases {
            for l in 0..<f.levelCount {
                general[f.rawValue * 16 + l] = Float(model.weight(f, UInt8(l)))
                household[f.rawValue * 16 + l] = Float(model.householdWeight(f, UInt8(l)))
            }
            if let t = f.tfLevel, model[f].active {
                tfBaseU[f.rawValue] = model[f].u[Int(t)]
                tfActive[f.rawValue] = true
            }
        }
        logitLambda = Float(log2(model.lambda / (1 - model.lambda)))
        logitHousehold = model.householdLambda.map { Float(log2($0 / (1 - $0))) }
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
