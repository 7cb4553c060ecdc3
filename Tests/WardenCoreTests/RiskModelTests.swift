import Foundation
import Testing
@testable import WardenCore

/// The solver and the accuracy figures against an established implementation.
@Suite("Risk model: solver and metrics")
struct RiskSolverTests {
    /// 40 rows of three features and a 0/1 label, drawn once with numpy (`default_rng(2026)`,
    /// features rounded to 2 decimals) and fixed here.
    static let data: [[Double]] = [
        [-0.79, 1.48, -0.95, 0], [1.4, 2.28, -0.15, 0], [-0.31, 1.61, -0.13, 0], [-0.23, 2.44, 0.26, 0],
        [-0.06, 0.83, 0.08, 0], [-0.61, 0.19, 0.27, 0], [-0.13, -1.75, -0.24, 0], [0.66, 0.54, -0.07, 1],
        [0.64, 4.65, -0.36, 0], [1.35, -1.46, 0.09, 1], [-1.17, 3.7, 0.42, 0], [1.14, -0.77, 0.34, 1],
        [-0.52, 0.09, 0.25, 0], [0.88, 1.41, -0.31, 0], [-0.83, 3.89, 0.3, 0], [0.72, 5.37, -0.41, 0],
        [2.56, 7.3, 0.81, 0], [0.83, -0.33, 0.5, 0], [-0.44, 0.96, -0.15, 0], [0.28, 3.58, -0.28, 0],
        [-0.99, -1.01, -0.48, 0], [-1.43, -0.83, 0.65, 1], [-0.59, 1.51, -0.61, 0], [0.17, -2.48, -0.35, 0],
        [2.25, -0.17, 0.56, 1], [0.46, 0.69, -0.33, 0], [1.29, 0.65, 0.76, 1], [-0.72, 1.11, 0.23, 0],
        [0.37, -1.47, -0.33, 1], [-0.2, -0.71, 0.34, 0], [0.59, -2.91, -0.9, 1], [-1.28, 1.23, 1.02, 0],
        [-0.38, 1.5, -0.53, 0], [-1.05, -2.91, -0.01, 0], [0.95, 0.29, 0.7, 1], [0.2, 0.93, 0.26, 1],
        [0.49, 3.3, -0.4, 0], [-2.29, 1.23, -0.31, 0], [-0.03, 4.33, -0.55, 0], [0.76, 2.89, 0.23, 0],
    ]

    static var x: DesignMatrix { DesignMatrix(rowMajor: data.map { Array($0.prefix(3)) }) }
    static var y: [Double] { data.map { $0[3] } }

    /// Expected values from scikit-learn 1.9.1 (numpy 2.4.6):
    /// `LogisticRegression(C=1/λ, solver="newton-cholesky", tol=1e-12).fit(X, y)` — the same
    /// objective (intercept unpenalised) — and `roc_auc_score(y, predict_proba(X)[:, 1])`;
    /// for λ = 0, statsmodels 0.15.0 `Logit(y, add_constant(X)).fit(tol=1e-12)`.
    struct Reference: Sendable { var lambda: Double; var intercept: Double; var coefficients: [Double]; var auc: Double }
    static let references: [Reference] = [
        Reference(lambda: 1.0, intercept: -1.1196709466, coefficients: [1.1247215642, -0.6739369830, 0.8937765178], auc: 0.92),
        Reference(lambda: 0.1, intercept: -1.3402979924, coefficients: [1.5368003926, -0.8744495544, 1.9365916601], auc: 0.9333333333),
        Reference(lambda: 10.0, intercept: -0.9099813202, coefficients: [0.4203911365, -0.4031183650, 0.1741798791], auc: 0.8966666667),
        Reference(lambda: 0.0, intercept: -1.4133425157, coefficients: [1.6615289705, -0.9458576559, 2.3260890882], auc: 0.9366666667),
    ]

    @Test(arguments: references)
    func fitsAgreeWithTheReferenceImplementationToSixDecimals(_ ref: Reference) {
        let fit = LogisticRegression.fit(Self.x, labels: Self.y, lambda: ref.lambda)
        #expect(fit.converged)
        #expect(abs(fit.intercept - ref.intercept) < 1e-6, "intercept \(fit.intercept) vs \(ref.intercept) at λ = \(ref.lambda)")
        for j in 0..<3 {
            #expect(abs(fit.coefficients[j] - ref.coefficients[j]) < 1e-6, "β\(j + 1) \(fit.coefficients[j]) vs \(ref.coefficients[j]) at λ = \(ref.lambda)")
        }
        let auc = RiskMetrics.auc(scores: LogisticRegression.predict(fit, Self.x), labels: Self.y.map { $0 == 1 })
        #expect(auc != nil && abs(auc! - ref.auc) < 1e-9)
    }

    @Test func zeroWeightRowsAreLeftOutExactlyAsIfTheyWereNotThere() {
        var weights = [Double](repeating: 1, count: 40)
        for i in 30..<40 { weights[i] = 0 }
        let withWeights = LogisticRegression.fit(Self.x, labels: Self.y, weights: weights, lambda: 1)
        let subset = DesignMatrix(rowMajor: Self.data.prefix(30).map { Array($0.prefix(3)) })
        let direct = LogisticRegression.fit(subset, labels: Array(Self.y.prefix(30)), lambda: 1)
        #expect(abs(withWeights.intercept - direct.intercept) < 1e-9)
        for j in 0..<3 { #expect(abs(withWeights.coefficients[j] - direct.coefficients[j]) < 1e-9) }
    }

    @Test func aColumnOfZerosGetsNoWeightAndNothingIsNaN() {
        let x = DesignMatrix(rowMajor: Self.data.map { [$0[0], 0, $0[2]] })
        let fit = LogisticRegression.fit(x, labels: Self.y, lambda: 0)
        #expect(fit.coefficients[1] == 0)
        #expect(fit.intercept.isFinite && fit.coefficients.allSatisfy(\.isFinite))
        #expect(LogisticRegression.predict(fit, x).allSatisfy { $0.isFinite && $0 > 0 && $0 < 1 })
    }

    @Test func aucCountsTiesAsHalfAsScikitLearnDoes() {
        // roc_auc_score([0,0,1,1,1,0], [0.1,0.4,0.35,0.8,0.4,0.2]) = 0.8333333333333334
        let auc = RiskMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.2], labels: [false, false, true, true, true, false])
        #expect(auc != nil && abs(auc! - 0.8333333333333334) < 1e-12)
        #expect(RiskMetrics.auc(scores: [0.1, 0.2], labels: [false, false]) == nil)
    }

    @Test func liftIsPrecisionOverTheRandomRate() {
        // 10 rows, 2 positives (20%); the top 2 hold one: precision 50%, lift 2.5.
        let scores: [Double] = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
        let labels = [true, false, false, false, false, false, true, false, false, false]
        #expect(RiskMetrics.precision(at: 2, scores: scores, labels: labels) == 0.5)
        #expect(RiskMetrics.lift(at: 2, scores: scores, labels: labels) == 2.5)
    }

    @Test func bandsFollowTheStoredThresholds() {
        let t = BandThresholds.standard
        #expect(t.band(0.9) == .high)
        #expect(t.band(0.5) == .high)
        #expect(t.band(0.3) == .moderate)
        #expect(t.band(0.05) == .some)
        #expect(t.band(0.01) == .low)
        #expect(RiskModel.score(.nan) == 0)
        #expect(RiskModel.score(0.456) == 46)
    }
}

@Suite("Risk model: words officers read")
struct RiskWordsTests {
    @Test func inspectionOutcomesAreReadAsTheExtractAndTheCommandLineWriteThem() {
        #expect(InspectionOutcome(text: "HMO found") == .hmoFound)
        #expect(InspectionOutcome(text: "hmo-found") == .hmoFound)
        #expect(InspectionOutcome(text: "No HMO") == .noHMO)
        #expect(InspectionOutcome(text: "Hazards found")?.foundHMO == false)
        #expect(InspectionOutcome(text: "No access")?.foundHMO == nil)
        #expect(InspectionOutcome(text: "maybe") == nil)
        #expect(Inspections.parseDate("02/11/2026")?.iso == "2026-11-02")
        #expect(Inspections.parseDate("2026-11-02")?.iso == "2026-11-02")
        #expect(Inspections.parseDate("31/02/2026") == nil)
    }

    @Test func factorsAreSaidInWordsWithCountsAndNotKnownForMissingValues() {
        #expect(RiskFeature.adultsRecent.phrase(6) == "6 adults registered here in the last 2 years")
        #expect(RiskFeature.asb.phrase(1) == "1 ASB incident in 2 years")
        #expect(RiskFeature.billedToOwner.phrase(1) == "council tax billed to the owner, not the occupiers")
        #expect(RiskFeature.councilTaxBand.phrase(5) == "council tax band E")
        #expect(RiskFeature.youngestAge.phrase(.nan) == "occupants' ages not known")
        #expect(RiskFeature.electoralShare.phrase(0.25) == "25% of adults here on the electoral register")
        #expect(RiskBand(parsing: "mod") == .moderate && RiskBand(parsing: "HIGH") == .high && RiskBand(parsing: "x") == nil)
    }
}
