import Foundation
import GRDB

/// Measures the stored scores against a synthetic borough's ground truth (`truth/properties.csv`,
/// column `is_hmo`) — something no council can do, and the check the model is built to pass.
///
/// The figures use each dwelling's held-out probability: the one it got from the fold model that
/// did not see its label, so no property is judged by a model that trained on it.
public enum TruthEvaluation {
    /// Figures for one group of dwellings.
    public struct Group: Sendable, Codable, Equatable {
        public var name: String
        public var description: String
        public var dwellings: Int
        public var hmos: Int
        /// Held-out probabilities against the truth.
        public var auc: Double?
        public var precisionTop100: Double?
        public var liftTop100: Double?
        public var precisionTop500: Double?
        public var liftTop500: Double?
        /// The scores officers see (the final model, which saw every label), for comparison.
        public var aucShown: Double?
        public var liftTop100Shown: Double?
    }

    /// The whole evaluation.
    public struct Report: Sendable, Codable, Equatable {
        public var truthFile: String
        public var modelVersion: Int
        public var groups: [Group]
        /// Held-out probability by band against the true share of HMOs (all dwellings).
        public var calibration: [RiskMetrics.CalibrationBin]
        /// Dwellings in the warehouse not found in the truth file (not evaluated).
        public var missingFromTruth: Int
    }

    /// One dwelling as the evaluation sees it.
    struct Scored {
        var uprn: Int64
        /// Log-odds from a model that did not see this dwelling's label, and its probability.
        var held: Double
        var heldProbability: Double
        /// Log-odds of the scores officers see.
        var shown: Double
        var licensed: Bool
        var known: String
    }

    /// Reads `dir/properties.csv` (or `dir` itself when it is the file): UPRN → is an HMO.
    static func readTruth(_ dir: String) throws -> (path: String, truth: [Int64: Bool]) {
        var isDir: ObjCBool = false
        let path = FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue
            ? (dir as NSString).appendingPathComponent("properties.csv") : dir
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UserFacingError(file: path, problem: "cannot read the ground truth", remedy: "pass the folder holding properties.csv (e.g. sample-data/truth)")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw UserFacingError(file: path, problem: "the file is empty", remedy: nil) }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let cu = header.firstIndex(of: "uprn"), let ch = header.firstIndex(of: "is_hmo") else {
            throw UserFacingError(file: path, line: 1, problem: "needs columns uprn and is_hmo", remedy: "pass the generator's truth/properties.csv")
        }
        var truth: [Int64: Bool] = [:]
        for (k, line) in lines.enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count > max(cu, ch), let u = Int64(f[cu].trimmingCharacters(in: .whitespaces)) else {
                throw UserFacingError(file: path, line: k + 2, problem: "not a row of uprn and is_hmo", remedy: nil)
            }
            truth[u] = f[ch].trimmingCharacters(in: .whitespaces).lowercased() == "true"
        }
        return (path, truth)
    }

    /// Evaluates the current scores against the truth, using each dwelling's held-out score.
    public static func evaluate(_ db: Database, truth dir: String) throws -> Report {
        let (path, truth) = try readTruth(dir)
        guard let model = try RiskQueries.model(db) else {
            throw UserFacingError(field: "risk model", problem: try RiskQueries.status(db) ?? "no model", remedy: "run `warden score` first")
        }
        let rows = try Row.fetchAll(db, sql: "SELECT uprn, held_out_log_odds, log_odds, hmo_licensed, known, held_out FROM risk_score").map {
            Scored(uprn: $0[0], held: $0[1] ?? -1e9, heldProbability: $0[5] ?? 0, shown: $0[2], licensed: ($0[3] as Int) == 1, known: $0[4])
        }
        return report(rows, truth: truth, path: path, model: model)
    }

    /// Applies a model trained elsewhere (another borough's warehouse) to this warehouse's
    /// dwellings and evaluates it against this borough's truth: every dwelling is held out.
    public static func evaluate(_ db: Database, frozen model: RiskModel, truth dir: String) throws -> Report {
        let (path, truth) = try readTruth(dir)
        let table = try RiskFeatureExtractor.extract(db)
        guard table.features == model.terms.map(\.feature) else {
            throw UserFacingError(field: "model v\(model.version)", problem: "was trained on different features", remedy: "retrain it with this version of warden")
        }
        let (labels, _) = try RiskScoring.loadLabels(db, table)
        let rows = (0..<table.rows).map { i -> Scored in
            let eta = model.logOdds(table.row(i))
            return Scored(uprn: table.uprns[i], held: eta, heldProbability: model.probability(logOdds: eta), shown: eta,
                          licensed: labels.currentlyLicensed[i], known: labels.status[i].rawValue)
        }
        return report(rows, truth: truth, path: path, model: model)
    }

    static func report(_ scored: [Scored], truth: [Int64: Bool], path: String, model: RiskModel) -> Report {
        struct Row_ { var held: Double; var heldProbability: Double; var shown: Double; var hmo: Bool; var licensed: Bool; var known: String }
        var rows: [Row_] = []
        var missing = 0
        for s in scored {
            guard let t = truth[s.uprn] else { missing += 1; continue }
            rows.append(Row_(held: s.held, heldProbability: s.heldProbability, shown: s.shown, hmo: t, licensed: s.licensed, known: s.known))
        }
        func group(_ name: String, _ description: String, _ keep: (Row_) -> Bool) -> Group {
            let g = rows.filter(keep)
            let held = g.map(\.held), shown = g.map(\.shown), labels = g.map(\.hmo)
            return Group(name: name, description: description, dwellings: g.count, hmos: labels.filter { $0 }.count,
                         auc: RiskMetrics.auc(scores: held, labels: labels),
                         precisionTop100: RiskMetrics.precision(at: 100, scores: held, labels: labels),
                         liftTop100: RiskMetrics.lift(at: 100, scores: held, labels: labels),
                         precisionTop500: RiskMetrics.precision(at: 500, scores: held, labels: labels),
                         liftTop500: RiskMetrics.lift(at: 500, scores: held, labels: labels),
                         aucShown: RiskMetrics.auc(scores: shown, labels: labels),
                         liftTop100Shown: RiskMetrics.lift(at: 100, scores: shown, labels: labels))
        }
        let groups = [
            group("all", "every dwelling", { _ in true }),
            group("unlicensed", "dwellings without a current HMO licence (the enforcement target)", { !$0.licensed }),
            group("unknown", "dwellings the council knew nothing about (no licence, never conclusively inspected)", { $0.known == "unknown" }),
        ]
        let t = model.thresholds
        let calibration = RiskMetrics.calibration(probabilities: rows.map(\.heldProbability), labels: rows.map(\.hmo), edges: [t.some, t.moderate, t.high],
                                                  names: [RiskBand.low, .some, .moderate, .high].map(\.rawValue)).reversed()
        return Report(truthFile: path, modelVersion: model.version, groups: groups, calibration: Array(calibration), missingFromTruth: missing)
    }
}
