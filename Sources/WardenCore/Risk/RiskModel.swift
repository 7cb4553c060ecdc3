import Foundation

/// The four risk bands officers read, highest first.
public enum RiskBand: String, CaseIterable, Sendable, Codable, Comparable {
    case high = "High"
    case moderate = "Moderate"
    case some = "Some"
    case low = "Low"

    /// A symbol that tells the bands apart without colour (maps, monochrome terminals).
    public var symbol: String {
        switch self {
        case .high: return "●"
        case .moderate: return "◆"
        case .some: return "▲"
        case .low: return "·"
        }
    }

    /// Parses "High", "high", "H", "mod", ... (nil when it is none of them).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        guard let b = RiskBand.allCases.first(where: { $0.rawValue.lowercased().hasPrefix(t) }) else { return nil }
        self = b
    }

    var order: Int { RiskBand.allCases.firstIndex(of: self)! }
    public static func < (a: RiskBand, b: RiskBand) -> Bool { a.order < b.order }
}

/// Probability thresholds that divide scores into bands; stored with each model version so a
/// band always means what it meant when the score was made.
public struct BandThresholds: Sendable, Codable, Equatable {
    /// At or above: High.
    public var high: Double
    /// At or above: Moderate.
    public var moderate: Double
    /// At or above: Some; below: Low.
    public var some: Double

    /// High = at least an even chance of being an HMO; Moderate = one in five; Some = one in twenty.
    public static let standard = BandThresholds(high: 0.5, moderate: 0.2, some: 0.05)

    public func band(_ probability: Double) -> RiskBand {
        probability >= high ? .high : probability >= moderate ? .moderate : probability >= some ? .some : .low
    }
}

/// One feature's part in a model version: how it is scaled and what it weighs.
public struct RiskTerm: Sendable, Codable, Equatable {
    public var feature: RiskFeature
    public var name: String
    /// Mean and standard deviation of the model-scale value (counts on a log scale) across all
    /// dwellings; a missing value is treated as the mean.
    public var mean: Double
    public var standardDeviation: Double
    /// The weight of one standard deviation, in log-odds (0 when the feature is not used).
    public var coefficient: Double
    /// The average raw value across dwellings ("typical"), for comparisons in words.
    public var typical: Double?
    /// Share of dwellings for which the value is missing.
    public var missingShare: Double
    /// False when the feature is constant or missing everywhere: it then carries no weight.
    public var used: Bool
    /// Why it is not used, in words.
    public var note: String?

    /// The standardised value the weight multiplies (0 for missing or unused).
    public func standardised(_ raw: Double) -> Double {
        guard used else { return 0 }
        let t = feature.transformed(raw)
        guard t.isFinite, standardDeviation > 0 else { return 0 }
        return (t - mean) / standardDeviation
    }
}

/// What the model learnt from: the council's own labels.
public struct TrainingSummary: Sendable, Codable, Equatable {
    /// Dwellings scored and used in training.
    public var rows: Int
    /// Known HMOs: an HMO licence (current or lapsed) or an inspection that found one, unless a
    /// later inspection found none.
    public var knownHMOs: Int
    /// Dwellings inspected whose latest conclusive inspection found no HMO.
    public var inspectedNotHMO: Int
    /// The rest: not known either way, treated as "not known to be an HMO".
    public var unlabelled: Int
    /// Of the known HMOs, how many the licence register gave.
    public var fromLicences: Int
    /// Inspection outcomes used (from the inspection extract, and recorded by officers).
    public var inspectionsFromExtract: Int
    public var inspectionsRecorded: Int
    /// Cross-validation folds.
    public var folds: Int
}

/// One value of the regularisation penalty tried, and its held-out log loss.
public struct PenaltyTrial: Sendable, Codable, Equatable {
    public var lambda: Double
    public var heldOutLogLoss: Double
}

/// How good the model is, measured only on held-out folds of the council's own labels.
public struct ModelMetrics: Sendable, Codable, Equatable {
    /// Known HMOs against every other dwelling, out of fold. Unknown HMOs count as misses, so
    /// this understates the model.
    public var auc: Double?
    /// Among inspected dwellings only: those found to be HMOs against those that were not.
    public var aucInspected: Double?
    public var inspected: Int
    /// Share of known HMOs among the 100 / 500 highest held-out scores (a lower bound too).
    public var precisionTop100: Double?
    public var precisionTop500: Double?
    /// How many times the random rate those shares are.
    public var liftTop100: Double?
    public var liftTop500: Double?
    /// Known HMOs per dwelling: what inspecting at random would find.
    public var baseRate: Double
    /// Inspected dwellings by band: mean predicted probability against the share found HMOs.
    public var calibrationInspected: [RiskMetrics.CalibrationBin]
    /// Every dwelling by band: mean predicted probability against the share known to be HMOs.
    public var calibrationKnown: [RiskMetrics.CalibrationBin]
    /// The penalties tried and the one chosen.
    public var penalties: [PenaltyTrial]
    /// What the figures can and cannot say.
    public var caveats: [String]
}

/// A trained model version: features, scaling, weights, thresholds and measured accuracy.
public struct RiskModel: Sendable, Codable, Equatable {
    public var version: Int
    public var createdAt: String
    public var createdBy: String
    /// What made it: `score` (an officer asked), `build` (after linkage).
    public var trigger: String
    public var asOf: String
    public var windowStart: String
    public var terms: [RiskTerm]
    public var intercept: Double
    /// The L2 penalty chosen by cross-validation.
    public var lambda: Double
    /// The estimated share of HMOs that look like the known ones and are already known to the
    /// council (Elkan & Noto's label frequency, from held-out folds). Probabilities of being an
    /// HMO are the model's probability of being *known* divided by this.
    public var labelFrequency: Double
    public var thresholds: BandThresholds
    public var training: TrainingSummary
    public var metrics: ModelMetrics
    /// SHA-256 of the training data and settings: the same data give the same model version.
    public var fingerprint: String

    /// The log-odds of being known as an HMO for one dwelling's raw features.
    public func logOdds(_ raw: [Double]) -> Double {
        var eta = intercept
        for (j, t) in terms.enumerated() where t.used { eta += t.coefficient * t.standardised(raw[j]) }
        return eta.isFinite ? eta : intercept
    }

    /// The probability of being an HMO (0…1) for a model log-odds.
    public func probability(logOdds eta: Double) -> Double {
        let s = LogisticRegression.sigmoid(eta)
        guard labelFrequency > 0, s.isFinite else { return 0 }
        return min(1, s / labelFrequency)
    }

    /// The 0–100 score for a probability.
    public static func score(_ probability: Double) -> Int {
        guard probability.isFinite else { return 0 }
        return Int((min(1, max(0, probability)) * 100).rounded())
    }

    /// Each feature's push on this dwelling's score (weight × standardised value), largest first.
    public func factors(_ raw: [Double]) -> [RiskFactor] {
        var out: [RiskFactor] = []
        for (j, t) in terms.enumerated() where t.used && t.coefficient != 0 {
            let effect = t.coefficient * t.standardised(raw[j])
            guard effect.isFinite, abs(effect) >= 0.01 else { continue }
            let v = raw[j]
            out.append(RiskFactor(feature: t.feature, name: t.name, value: v.isFinite ? v : nil, text: t.feature.phrase(v),
                                  typical: t.typical, effect: (effect * 100).rounded() / 100))
        }
        return out.sorted { abs($0.effect) != abs($1.effect) ? abs($0.effect) > abs($1.effect) : $0.feature.rawValue < $1.feature.rawValue }
    }
}

/// One reason a score is what it is.
public struct RiskFactor: Sendable, Codable, Equatable {
    public var feature: RiskFeature
    public var name: String
    /// The raw value (nil when not known).
    public var value: Double?
    /// The value in words: "6 adults registered here in the last 2 years".
    public var text: String
    /// The borough's average raw value, for comparison.
    public var typical: Double?
    /// Its push on the log-odds: positive raised the score, negative lowered it.
    public var effect: Double

    /// "raised" or "lowered".
    public var direction: String { effect > 0 ? "raised" : "lowered" }
}
