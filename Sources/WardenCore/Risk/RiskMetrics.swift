import Foundation

/// How well a ranking finds what it is looking for: the figures shown beside the scores.
public enum RiskMetrics {
    /// The area under the ROC curve: the chance that a random positive is ranked above a random
    /// negative (ties count a half). Nil when either class is empty.
    public static func auc(scores: [Double], labels: [Bool]) -> Double? {
        precondition(scores.count == labels.count)
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Mann–Whitney U from mid-ranks.
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] { rankSum += midRank }
            i = j + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    /// Indices of the `k` highest scores (ties broken by index, so the answer is stable).
    public static func top(_ k: Int, of scores: [Double]) -> [Int] {
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(order.prefix(k))
    }

    /// Share of positives among the `k` highest scores (nil when there are no rows).
    public static func precision(at k: Int, scores: [Double], labels: [Bool]) -> Double? {
        let t = top(k, of: scores)
        guard !t.isEmpty else { return nil }
        return Double(t.filter { labels[$0] }.count) / Double(t.count)
    }

    /// How many times more positives the top `k` holds than `k` picked at random would.
    public static func lift(at k: Int, scores: [Double], labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count
        guard positives > 0, let p = precision(at: k, scores: scores, labels: labels) else { return nil }
        return p / (Double(positives) / Double(labels.count))
    }

    /// One bin of a calibration table.
    public struct CalibrationBin: Sendable, Codable, Equatable {
        /// The bin's label ("High", or "0.2–0.5").
        public var label: String
        /// Properties in the bin.
        public var count: Int
        /// Their mean predicted probability.
        public var meanPredicted: Double?
        /// The share that turned out positive.
        public var observed: Double?
    }

    /// Mean prediction against the observed rate, in bins of predicted probability.
    public static func calibration(probabilities: [Double], labels: [Bool], edges: [Double], names: [String]) -> [CalibrationBin] {
        precondition(names.count == edges.count + 1)
        var count = [Int](repeating: 0, count: names.count)
        var predicted = [Double](repeating: 0, count: names.count)
        var hits = [Int](repeating: 0, count: names.count)
        for (i, p) in probabilities.enumerated() {
            var b = 0
            while b < edges.count && p >= edges[b] { b += 1 }
            count[b] += 1
            predicted[b] += p
            if labels[i] { hits[b] += 1 }
        }
        return names.indices.map { b in
            CalibrationBin(label: names[b], count: count[b],
                           meanPredicted: count[b] > 0 ? predicted[b] / Double(count[b]) : nil,
                           observed: count[b] > 0 ? Double(hits[b]) / Double(count[b]) : nil)
        }
    }
}
