import Foundation

/// What the council knows about whether a dwelling is an HMO.
public enum KnownStatus: String, Sendable, Codable {
    /// An HMO licence (current or lapsed), or an inspection found an HMO; the latest word wins.
    case hmo
    /// The latest conclusive inspection found no HMO.
    case notHMO = "not_hmo"
    /// Nothing either way.
    case unknown
}

/// The council's labels for every dwelling of a feature table.
public struct RiskLabels: Sendable {
    public var status: [KnownStatus]
    /// The latest conclusive inspection: true = HMO found, false = not; nil = never conclusively inspected.
    public var inspectedFound: [Bool?]
    /// Whether the dwelling holds a current HMO licence (not a target: already licensed).
    public var currentlyLicensed: [Bool]
    public var fromLicences: Int
    public var inspectionsFromExtract: Int
    public var inspectionsRecorded: Int

    public init(status: [KnownStatus], inspectedFound: [Bool?], currentlyLicensed: [Bool], fromLicences: Int = 0,
                inspectionsFromExtract: Int = 0, inspectionsRecorded: Int = 0) {
        self.status = status
        self.inspectedFound = inspectedFound
        self.currentlyLicensed = currentlyLicensed
        self.fromLicences = fromLicences
        self.inspectionsFromExtract = inspectionsFromExtract
        self.inspectionsRecorded = inspectionsRecorded
    }
}

/// The model's problems, said so an officer knows what to do.
public enum RiskModelError {
    static func noDwellings() -> UserFacingError {
        UserFacingError(field: "risk model", problem: "the warehouse holds no dwellings to score",
                        remedy: "load a gazetteer with residential properties (`warden build --from DIR`)")
    }

    static func tooFewPositives(_ known: Int, minimum: Int) -> UserFacingError {
        UserFacingError(field: "risk model",
                        problem: known == 0
                            ? "no known HMOs to learn from: no property holds or held an HMO licence and no inspection found an HMO, so no scores were made"
                            : "only \(known) known HMO\(known == 1 ? "" : "s") to learn from (at least \(minimum) are needed), so no scores were made",
                        remedy: "load the HMO licence register, or record inspection outcomes with `warden inspect UPRN --outcome hmo-found`, then run `warden score`")
    }
}

/// Trains the HMO risk model on a feature table and the council's labels.
///
/// The target is "is an HMO". Labels come from what the council knows: known HMOs (licences and
/// inspections that found one) are positives; every other dwelling — inspected and found not to
/// be one, or never inspected — counts as "not known to be an HMO". That is learning from
/// positive and unlabelled data (Elkan & Noto, 2008): a classifier of known-versus-the-rest
/// ranks properties as a classifier of HMO-versus-not would, and dividing its probability by the
/// share of look-alike HMOs the council already knows (estimated on held-out known HMOs) gives
/// the probability of being an HMO. The unlabelled rows are what let the model contrast HMOs
/// with the borough's ordinary homes; the hundred-odd inspections alone are a small sample
/// biased towards complaints.
public enum RiskTraining {
    /// Settings of one training run.
    public struct Settings: Sendable, Codable, Equatable {
        /// Penalties tried by cross-validation (on standardised features, summed log loss).
        public var lambdas: [Double] = [1000, 100, 10, 1, 0.1]
        /// Folds (fewer when there are fewer known HMOs than folds).
        public var folds: Int = 5
        /// The fewest known HMOs a model is trained on.
        public var minimumPositives: Int = 5
        /// Above this many dwellings the penalty is chosen on a fixed sample of about this size.
        public var penaltySearchRows: Int = 40_000
        public var thresholds: BandThresholds = .standard
        public init() {}
    }

    /// A trained model with the scores of the rows it was trained on.
    public struct Result: Sendable {
        public var model: RiskModel
        /// The fitted model's log-odds and HMO probability for every row.
        public var logOdds: [Double]
        public var probability: [Double]
        /// The log-odds and probability each row got from the fold model that did not see it.
        public var heldOutLogOdds: [Double]
        public var heldOutProbability: [Double]
        /// Wall and CPU seconds of the penalty search, the cross-validation and the final fit.
        public var timings: (wall: [String: Double], cpu: [String: Double]) = ([:], [:])
    }

    /// A stable pseudo-random number for a UPRN (splitmix64), so folds never depend on order.
    static func mix(_ v: Int64) -> UInt64 {
        var z = UInt64(bitPattern: v) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Stratified fold of every row: known HMOs and the rest are each dealt round the folds in
    /// the order of a hash of their UPRN.
    static func folds(uprns: [Int64], positive: [Bool], k: Int) -> [Int] {
        var fold = [Int](repeating: 0, count: uprns.count)
        for cls in [true, false] {
            let rows = uprns.indices.filter { positive[$0] == cls }.sorted { mix(uprns[$0]) != mix(uprns[$1]) ? mix(uprns[$0]) < mix(uprns[$1]) : uprns[$0] < uprns[$1] }
            for (r, i) in rows.enumerated() { fold[i] = r % k }
        }
        return fold
    }

    /// Scaling of each feature, and the standardised design matrix (missing → the mean → 0).
    static func standardise(_ table: RiskFeatureTable) -> (terms: [RiskTerm], x: DesignMatrix) {
        let n = table.rows, p = table.features.count
        var terms: [RiskTerm] = []
        var values = [Double](repeating: 0, count: n * p)
        for (j, f) in table.features.enumerated() {
            var sum = 0.0, sumRaw = 0.0, count = 0
            for i in 0..<n {
                let r = table.raw[j * n + i]
                guard r.isFinite else { continue }
                sum += f.transformed(r); sumRaw += r; count += 1
            }
            let mean = count > 0 ? sum / Double(count) : 0
            var ss = 0.0
            for i in 0..<n {
                let r = table.raw[j * n + i]
                guard r.isFinite else { continue }
                let d = f.transformed(r) - mean
                ss += d * d
            }
            let sd = count > 0 ? (ss / Double(count)).squareRoot() : 0
            let used = count > 0 && sd > 1e-9
            let note: String? = count == 0 ? "missing for every property" : (used ? nil : "the same for every property")
            terms.append(RiskTerm(feature: f, name: f.name, mean: mean, standardDeviation: sd, coefficient: 0,
                                  typical: count > 0 ? sumRaw / Double(count) : nil,
                                  missingShare: n > 0 ? Double(n - count) / Double(n) : 1, used: used, note: note))
            if used {
                for i in 0..<n {
                    let r = table.raw[j * n + i]
                    values[j * n + i] = r.isFinite ? (f.transformed(r) - mean) / sd : 0
                }
            }
        }
        return (terms, DesignMatrix(rows: n, columns: p, values: values))
    }

    static func logLoss(_ s: Double, _ y: Bool) -> Double {
        let c = min(max(s, 1e-12), 1 - 1e-12)
        return y ? -log(c) : -log(1 - c)
    }

    /// Trains, cross-validates and scores. Throws when there is nothing to learn from.
    public static func train(_ table: RiskFeatureTable, labels: RiskLabels, settings: Settings = Settings(),
                             fingerprint: String = "", createdBy: String = CurrentUser.name, trigger: String = "score") throws -> Result {
        let n = table.rows
        guard n > 0 else { throw RiskModelError.noDwellings() }
        let positive = labels.status.map { $0 == .hmo }
        let known = positive.filter { $0 }.count
        guard known >= settings.minimumPositives else { throw RiskModelError.tooFewPositives(known, minimum: settings.minimumPositives) }
        guard known < n else {
            throw UserFacingError(field: "risk model", problem: "every dwelling is a known HMO, so there is nothing to rank",
                                  remedy: "check the licence register's addresses were matched to the right properties")
        }
        let y = positive.map { $0 ? 1.0 : 0.0 }
        var clock = StageClock()
        let standardised = standardise(table)
        var terms = standardised.terms
        let x = standardised.x
        let k = max(2, min(settings.folds, known))
        let fold = folds(uprns: table.uprns, positive: positive, k: k)
        let lambdas = settings.lambdas.sorted(by: >)
        clock.lap("standardise")

        // The penalty: cross-validated along the path. A large borough chooses it on a sample
        // (a hash of the UPRN picks it, so it is the same sample every run): with hundreds of
        // thousands of rows the choice hardly matters, and the path costs a fit per penalty.
        let trials: [PenaltyTrial]
        let lambda: Double
        let oofLogOdds: [Double]
        var warm: LogisticRegression.Fit?
        var finalFit: LogisticRegression.Fit?
        var searchedOn = n
        if n <= settings.penaltySearchRows {
            let cv = crossValidate(x, y: y, positive: positive, fold: fold, k: k, lambdas: lambdas, start: nil)
            trials = cv.trials
            let best = bestPenalty(trials)
            lambda = lambdas[best]
            oofLogOdds = cv.heldOut[best]
            warm = cv.fits[best]
            clock.lap("cross-validation")
        } else {
            let step = UInt64((n + settings.penaltySearchRows - 1) / settings.penaltySearchRows)
            let rows = (0..<n).filter { mix(table.uprns[$0] &* 31) % step == 0 }
            searchedOn = rows.count
            var sub = [Double](repeating: 0, count: rows.count * x.columns)
            for j in 0..<x.columns { for (r, i) in rows.enumerated() { sub[j * rows.count + r] = x.values[j * n + i] } }
            let xs = DesignMatrix(rows: rows.count, columns: x.columns, values: sub)
            let ps = rows.map { positive[$0] }
            let cvSub = crossValidate(xs, y: rows.map { y[$0] }, positive: ps, fold: rows.map { fold[$0] }, k: k, lambdas: lambdas, start: nil)
            trials = cvSub.trials
            let best = bestPenalty(trials)
            lambda = lambdas[best]
            clock.lap("penalty search")
            // The final model first; each fold then starts from it, a step or two from its own
            // optimum (Newton converges quadratically, so a step below 1e-4 leaves ~1e-8).
            finalFit = LogisticRegression.fit(x, labels: y, lambda: lambda, start: cvSub.fits[best], tolerance: 1e-8)
            clock.lap("final fit")
            let cv = crossValidate(x, y: y, positive: positive, fold: fold, k: k, lambdas: [lambda], start: finalFit, tolerance: 1e-4)
            oofLogOdds = cv.heldOut[0]
            clock.lap("cross-validation")
        }
        let oof = oofLogOdds.map(LogisticRegression.sigmoid)

        // Label frequency: the mean held-out probability of the known HMOs.
        var sumKnown = 0.0
        for i in 0..<n where positive[i] { sumKnown += oof[i] }
        let labelFrequency = min(1, max(1e-6, sumKnown / Double(known)))

        // The model officers see: every row, the chosen penalty.
        let final = finalFit ?? LogisticRegression.fit(x, labels: y, lambda: lambda, start: warm, tolerance: 1e-8)
        for j in terms.indices { terms[j].coefficient = terms[j].used ? final.coefficients[j] : 0 }
        clock.lap("final fit")

        var model = RiskModel(version: 0, createdAt: isoNow(), createdBy: createdBy, trigger: trigger, asOf: table.asOf,
                              windowStart: table.windowStart, terms: terms, intercept: final.intercept, lambda: lambda,
                              labelFrequency: labelFrequency, thresholds: settings.thresholds,
                              training: TrainingSummary(rows: n, knownHMOs: known, inspectedNotHMO: labels.status.filter { $0 == .notHMO }.count,
                                                        unlabelled: labels.status.filter { $0 == .unknown }.count,
                                                        fromLicences: labels.fromLicences, inspectionsFromExtract: labels.inspectionsFromExtract,
                                                        inspectionsRecorded: labels.inspectionsRecorded, folds: k),
                              metrics: ModelMetrics(auc: nil, aucInspected: nil, inspected: 0, precisionTop100: nil, precisionTop500: nil,
                                                    liftTop100: nil, liftTop500: nil, baseRate: Double(known) / Double(n),
                                                    calibrationInspected: [], calibrationKnown: [], penalties: trials, caveats: []),
                              fingerprint: fingerprint)
        let heldOutProbability = oof.map { min(1, $0 / labelFrequency) }
        model.metrics = measure(heldOut: oof, heldOutProbability: heldOutProbability, labels: labels, thresholds: settings.thresholds, penalties: trials)
        if searchedOn < n {
            model.metrics.caveats.append("The penalty was chosen on a fixed sample of \(searchedOn) dwellings; every figure above is still measured on all \(n).")
        }
        var logOdds = [Double](repeating: 0, count: n)
        LogisticRegression.linearPredictor(x, [final.intercept] + final.coefficients, into: &logOdds)
        let probability = logOdds.map { model.probability(logOdds: $0) }
        clock.lap("metrics")
        var result = Result(model: model, logOdds: logOdds, probability: probability, heldOutLogOdds: oofLogOdds, heldOutProbability: heldOutProbability)
        result.timings = (clock.wall, clock.cpu)
        return result
    }

    /// The penalty with the smallest held-out loss; on a tie, the stronger one (simpler model).
    static func bestPenalty(_ trials: [PenaltyTrial]) -> Int {
        trials.indices.min { a, b in
            trials[a].heldOutLogLoss != trials[b].heldOutLogLoss ? trials[a].heldOutLogLoss < trials[b].heldOutLogLoss : trials[a].lambda > trials[b].lambda
        }!
    }

    /// K-fold cross-validation along a path of penalties (strongest first, each fold's fit
    /// warm-starting the next penalty's). Folds are fitted in parallel, each on its own, so the
    /// result does not depend on scheduling. Returns each row's held-out log-odds per penalty,
    /// the held-out log loss per penalty, and fold 0's fit per penalty (a warm start for more).
    static func crossValidate(_ x: DesignMatrix, y: [Double], positive: [Bool], fold: [Int], k: Int, lambdas: [Double],
                              start: LogisticRegression.Fit?, tolerance: Double = 1e-6) -> (heldOut: [[Double]], trials: [PenaltyTrial], fits: [LogisticRegression.Fit]) {
        let n = x.rows
        let results = FoldResults(penalties: lambdas.count, rows: n, folds: k)
        DispatchQueue.concurrentPerform(iterations: k) { f in
            let weights = fold.map { $0 == f ? 0.0 : 1.0 }
            let members = (0..<n).filter { fold[$0] == f }
            var warm = start
            for (li, lambda) in lambdas.enumerated() {
                // Held-out predictions need a few significant figures, not ten.
                let fit = LogisticRegression.fit(x, labels: y, weights: weights, lambda: lambda, start: warm, tolerance: tolerance)
                warm = fit
                let b = fit.coefficients
                let etas = x.values.withUnsafeBufferPointer { xv in
                    members.map { i in
                        var eta = fit.intercept
                        for j in 0..<x.columns where b[j] != 0 { eta += b[j] * xv[j * n + i] }
                        return eta
                    }
                }
                results.store(fold: f, penalty: li, fit: fit, rows: members, etas: etas)
            }
        }
        let heldOut = results.heldOut
        let trials = lambdas.enumerated().map { li, lambda in
            var loss = 0.0
            for i in 0..<n { loss += logLoss(LogisticRegression.sigmoid(heldOut[li][i]), positive[i]) }
            return PenaltyTrial(lambda: lambda, heldOutLogLoss: loss / Double(max(1, n)))
        }
        return (heldOut, trials, results.fits[0].map { $0! })
    }

    /// Where parallel folds leave their results.
    final class FoldResults: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var heldOut: [[Double]]
        private(set) var fits: [[LogisticRegression.Fit?]]

        init(penalties: Int, rows: Int, folds: Int) {
            heldOut = [[Double]](repeating: [Double](repeating: 0, count: rows), count: penalties)
            fits = [[LogisticRegression.Fit?]](repeating: [LogisticRegression.Fit?](repeating: nil, count: penalties), count: folds)
        }

        func store(fold: Int, penalty: Int, fit: LogisticRegression.Fit, rows: [Int], etas: [Double]) {
            lock.lock(); defer { lock.unlock() }
            fits[fold][penalty] = fit
            for (r, i) in rows.enumerated() { heldOut[penalty][i] = etas[r] }
        }
    }

    /// The cross-validated figures, from held-out predictions only.
    static func measure(heldOut s: [Double], heldOutProbability p: [Double], labels: RiskLabels, thresholds: BandThresholds,
                        penalties: [PenaltyTrial]) -> ModelMetrics {
        let positive = labels.status.map { $0 == .hmo }
        let n = s.count
        let inspectedRows = (0..<n).filter { labels.inspectedFound[$0] != nil }
        let insScores = inspectedRows.map { s[$0] }
        let insLabels = inspectedRows.map { labels.inspectedFound[$0]! }
        let edges = [thresholds.some, thresholds.moderate, thresholds.high]
        let names = [RiskBand.low, .some, .moderate, .high].map(\.rawValue)
        var caveats = [
            "Measured on held-out folds: each property's figure comes from a model that did not see its label.",
            "The council's labels are all it has: HMOs it does not know about count as misses, so AUC, precision and lift here understate the model.",
            "Inspections are a biased sample (mostly complaints at private lets); the inspected-only figures describe that sample.",
        ]
        if inspectedRows.count < 30 { caveats.append("Only \(inspectedRows.count) conclusive inspections: the inspected-only figures are rough.") }
        return ModelMetrics(auc: RiskMetrics.auc(scores: s, labels: positive),
                            aucInspected: RiskMetrics.auc(scores: insScores, labels: insLabels),
                            inspected: inspectedRows.count,
                            precisionTop100: RiskMetrics.precision(at: 100, scores: s, labels: positive),
                            precisionTop500: RiskMetrics.precision(at: 500, scores: s, labels: positive),
                            liftTop100: RiskMetrics.lift(at: 100, scores: s, labels: positive),
                            liftTop500: RiskMetrics.lift(at: 500, scores: s, labels: positive),
                            baseRate: Double(positive.filter { $0 }.count) / Double(max(1, n)),
                            calibrationInspected: RiskMetrics.calibration(probabilities: inspectedRows.map { p[$0] }, labels: insLabels, edges: edges, names: names).reversed(),
                            calibrationKnown: RiskMetrics.calibration(probabilities: p, labels: positive, edges: edges, names: names).reversed(),
                            penalties: penalties, caveats: caveats)
    }

    static func isoNow() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
