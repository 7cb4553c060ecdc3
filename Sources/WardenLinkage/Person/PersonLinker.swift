/// Probabilistic person linkage: turns records that describe people into virtual persons.
///
/// Fellegi–Sunter with parameters learned from the data without labels (u from random pairs,
/// m by EM on blocked pairs, a household-context sub-model, the prior by a fixed point over
/// candidate pairs), term-frequency adjusted, then clustered with conflict checks.
/// Deterministic: the same records (in any order) give the same clusters and ids.
public enum PersonLinker {

    /// Finds the duplicates within one set of records.
    /// The records are consumed: once prepared they are released, so a caller that hands over
    /// its only copy frees them (0.5 GB at a million records) before pairs are scored.
    public static func deduplicate(_ records: consuming [PersonRecord], options: PersonLinkageOptions = .init()) -> PersonLinkageResult {
        run(consume records, mode: .deduplicate, options: options)
    }

    /// Links two sets of records (only pairs across them are compared). Records of `left` get
    /// data set 0 and those of `right` data set 1; their `index` values must not collide.
    public static func link(_ left: [PersonRecord], _ right: [PersonRecord], options: PersonLinkageOptions = .init()) -> PersonLinkageResult {
        var all: [PersonRecord] = []
        all.reserveCapacity(left.count + right.count)
        for var r in left { r.dataset = 0; all.append(r) }
        for var r in right { r.dataset = 1; all.append(r) }
        return run(consume all, mode: .link, options: options)
    }

    /// Runs linkage over records in the given mode (`.link` compares across `dataset` values).
    public static func run(_ records: consuming [PersonRecord], mode: PersonLinkageMode, options: PersonLinkageOptions = .init()) -> PersonLinkageResult {
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        var t0 = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let d = now - t0
            timings.append((name, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
            t0 = now
        }
        let today = options.today ?? PreparedPersons.systemToday()
        // the records are handed over: preparing releases them (only their derived arrays stay)
        let data = PreparedPersons(consume records, today: today)
        lap("prepare")
        let engine = PersonEngine(data: data, mode: mode, options: options)
        if options.model == nil {
            engine.train()
        } else {
            engine.tables = WeightTables(engine.model)
            engine.buildTF()
        }
        lap("train")
        var (pairs, blockingNotes) = engine.scoreCandidates()
        lap("score")
        if options.model == nil {
            engine.model.lambda = engine.estimateLambda(pairs)
            // second pass: take the expected matches out of u(exact), rescore, re-estimate λ
            engine.correctExactU(expectedMatches: engine.expectedMatches)
            engine.tables = WeightTables(engine.model)
            engine.buildTF()
            engine.rescore(&pairs)
            engine.model.lambda = engine.estimateLambda(pairs)
            engine.tables = WeightTables(engine.model)
            engine.trainingSummary.append("general-context prior: P(same person)=\(engine.fmt(engine.generalContextLambda)) among its pairs; "
                + "+\(engine.fmt(engine.generalContextBits())) bits for the names' share of the context, prior \(engine.fmt(engine.model.lambda))")
        }
        let outcome = engine.cluster(pairs)
        lap("cluster")
        let conflicts = engine.identifierConflicts(pairs)
        var positions: [Int: Int] = [:]
        positions.reserveCapacity(data.n)
        for c in 0..<data.n { positions[data.callerIndex[c]] = c }
        engine.positionOfCaller = positions

        // outputs in the caller's terms
        let n = data.n
        var clusterIdOfCanonical = [Int](repeating: 0, count: n)
        var membersByRoot: [Int32: [Int]] = [:]
        for c in 0..<n { membersByRoot[outcome.clusterOf[c], default: []].append(data.callerIndex[c]) }
        var clusters: [PersonCluster] = []
        var idOfRoot: [Int32: Int] = [:]
        for root in membersByRoot.keys.sorted() {
            let members = membersByRoot[root]!.sorted()
            idOfRoot[root] = members[0]
            clusters.append(PersonCluster(id: members[0], members: members))
        }
        clusters.sort { $0.id < $1.id }
        for c in 0..<n { clusterIdOfCanonical[c] = idOfRoot[outcome.clusterOf[c]]! }
        var clusterIdByPosition = [Int](repeating: 0, count: n)
        for c in 0..<n { clusterIdByPosition[data.inputPosition[c]] = clusterIdOfCanonical[c] }

        let floor = min(options.reportPairsAbove, options.threshold)
        var out: [ScoredPersonPair] = []
        var sumAll = 0.0, sumAbove = 0.0, countAbove = 0.0
        for k in 0..<pairs.count {
            let v = LevelVector(packed: pairs.levels[k])
            let lo = Double(engine.log2Odds(v, pairs.bayes[k]))
            let p = probability(fromLog2Odds: lo)
            sumAll += p
            if p >= options.threshold { sumAbove += p; countAbove += 1 }
            if p >= floor {
                let i = Int(pairs.i[k]), j = Int(pairs.j[k])
                let a = data.callerIndex[i], b = data.callerIndex[j]
                out.append(ScoredPersonPair(a: min(a, b), b: max(a, b), probability: p, matchWeight: lo,
                                            linked: clusterIdOfCanonical[i] == clusterIdOfCanonical[j],
                                            context: PairContext(rawValue: Int(pairs.context[k])) ?? .general,
                                            identifierConflict: engine.identifierConflict(v)))
            }
        }
        out.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        let ambiguous = outcome.ambiguous.keys.sorted().map { r in
            AmbiguousRecord(record: data.callerIndex[Int(r)],
                            candidateClusters: Array(Set(outcome.ambiguous[r]!.map { clusterIdOfCanonical[Int($0)] })).sorted())
        }
        lap("report")
        let diagnostics = PersonLinkageDiagnostics(
            records: n, candidatePairs: pairs.count + engine.droppedCount, totalPairs: engine.totalPairs,
            estimatedPrecision: countAbove > 0 ? sumAbove / countAbove : 1,
            estimatedRecall: sumAll > 0 ? sumAbove / sumAll : 1,
            training: engine.trainingSummary, notes: blockingNotes,
            timings: timings, trace: engine.traceLog)
        return PersonLinkageResult(mode: mode, model: engine.model, clusters: clusters, clusterIdByPosition: clusterIdByPosition,
                                   pairs: out, conflicts: conflicts, ambiguous: ambiguous,
                                   futureDatesOfBirth: data.futureDates.sorted(), diagnostics: diagnostics, engine: engine)
    }
}

/// One virtual person: the records linked to each other.
public struct PersonCluster: Sendable, Hashable {
    /// A stable id: the smallest caller index among the members.
    public let id: Int
    /// Caller indices of the records, ascending.
    public let members: [Int]
}

/// A candidate pair with its calibrated match probability.
public struct ScoredPersonPair: Sendable, Hashable {
    /// Caller indices, `a < b`.
    public let a: Int
    public let b: Int
    /// P(same person | the comparison), calibrated by the estimated prior.
    public let probability: Double
    /// log2 of the posterior odds (the match weight, prior included).
    public let matchWeight: Double
    /// True when clustering put both records in one person.
    public let linked: Bool
    /// Which part of the model scored the pair (general, same postcode, same family).
    public let context: PairContext
    /// True when the pair was scored by a household context (same postcode or family).
    public var householdContext: Bool { context == .neighbourhood || context == .family }
    /// True when the pair shares an NI or NHS number but clearly describes different people.
    public let identifierConflict: Bool
}

/// An identifier conflict, shown to an officer rather than silently resolved: one NI or NHS
/// number held by clearly different people (not used as evidence), or records that are one
/// person by every other field but carry different numbers (not linked).
public struct IdentifierConflict: Sendable, Hashable {
    public let field: PersonField
    public let value: String
    /// Caller indices of the records involved.
    public let records: [Int]
    public let reason: String
}

/// A record that matched two people who cannot be one, about equally well: left unlinked.
public struct AmbiguousRecord: Sendable, Hashable {
    public let record: Int
    /// Ids of the clusters it matched.
    public let candidateClusters: [Int]
}

/// Figures about a run, for logs and benchmarks.
public struct PersonLinkageDiagnostics: Sendable {
    public let records: Int
    public let candidatePairs: Int
    public let totalPairs: Double
    /// Mean match probability of the pairs above the threshold: the expected share of true
    /// matches among them, if the probabilities are calibrated.
    public let estimatedPrecision: Double
    /// Expected matches above the threshold over expected matches among all candidates.
    public let estimatedRecall: Double
    public let training: [String]
    public let notes: [String]
    /// Seconds per stage.
    public let timings: [(String, Double)]
    /// Clustering decisions about the records in `PersonLinkageOptions.trace`.
    public var trace: [String] = []
}

/// The outcome of a linkage run.
public struct PersonLinkageResult: @unchecked Sendable {
    public let mode: PersonLinkageMode
    public let model: PersonModel
    /// The virtual persons, ascending by id (singletons included).
    public let clusters: [PersonCluster]
    /// For each input record (by position in the input array), the id of its cluster.
    public let clusterIdByPosition: [Int]
    /// Candidate pairs at or above `reportPairsAbove`, ascending by (a, b).
    public let pairs: [ScoredPersonPair]
    public let conflicts: [IdentifierConflict]
    public let ambiguous: [AmbiguousRecord]
    /// Caller indices of records whose date of birth lay in the future (ignored).
    public let futureDatesOfBirth: [Int]
    public let diagnostics: PersonLinkageDiagnostics
    let engine: PersonEngine

    /// The pairs linked into one person (probability at or above the threshold and clustered together).
    public var linkedPairs: [ScoredPersonPair] { pairs.filter { $0.linked } }

    /// Explains the score of any two records (caller indices), linked or not.
    public func explain(_ a: Int, _ b: Int) -> PairExplanation? {
        guard let i = engine.positionOfCaller[a], let j = engine.positionOfCaller[b], i != j else { return nil }
        return engine.explain(min(i, j), max(i, j))
    }

    /// Maps each pair of records (caller indices) through `body` with its explanation, on all
    /// cores, results in the pairs' order: explaining a million linked pairs one at a time took
    /// longer than linking them.
    public func mapExplanations<T: Sendable>(_ pairs: [(Int, Int)], _ body: @Sendable @escaping (Int, PairExplanation?) -> T) -> [T] {
        let chunk = 4096
        let tasks = (pairs.count + chunk - 1) / chunk
        let me = self
        return Parallel.map(tasks: tasks) { t in
            let lo = t * chunk, hi = min(pairs.count, lo + chunk)
            return (lo..<hi).map { k in body(k, me.explain(pairs[k].0, pairs[k].1)) }
        }.flatMap { $0 }
    }
}

/// What one comparison contributed to a pair's score.
public struct FieldContribution: Sendable, Hashable {
    public let field: PersonField
    public let level: Int
    public let levelLabel: String
    /// log2 Bayes factor of the level (m/u), before the term-frequency adjustment.
    public let weight: Double
    /// Term-frequency adjustment (positive for a rare value), when applied.
    public let termFrequencyAdjustment: Double?
    public let valueA: String
    public let valueB: String
    public var total: Double { weight + (termFrequencyAdjustment ?? 0) }
}

/// The full explanation of one pair's match probability.
public struct PairExplanation: Sendable, CustomStringConvertible {
    public let a: Int
    public let b: Int
    /// The context label: "general", "same postcode" or the family context.
    public let context: String
    /// log2 prior odds.
    public let priorWeight: Double
    public let contributions: [FieldContribution]
    public let totalWeight: Double
    public let probability: Double
    /// Conflicts and notes (e.g. "dates of birth clearly differ: never linked").
    public let notes: [String]

    public var description: String {
        func s(_ x: Double) -> String {
            let r = (x * 10).rounded() / 10
            return r >= 0 ? "+\(r)" : "\(r)"
        }
        var parts: [String] = []
        for c in contributions.sorted(by: { abs($0.total) > abs($1.total) }) where c.level != 0 {
            var extra = ""
            if let tf = c.termFrequencyAdjustment {
                if tf >= 1 { extra = ", rare value" } else if tf <= -1 { extra = ", common value" }
            }
            parts.append("\(c.field) \(c.levelLabel) (\(s(c.total))\(extra))")
        }
        let p = (probability * 1000).rounded() / 1000
        var line = parts.joined(separator: ", ") + " → \(p)"
        if context != "general" { line = "[\(context)] " + line }
        if !notes.isEmpty { line += " [" + notes.joined(separator: "; ") + "]" }
        return line
    }
}

extension PersonEngine {
    func explain(_ i: Int, _ j: Int) -> PairExplanation {
        let v = data.compare(i, j)
        let ctx = tables.context(v)
        let skipIds = identifierConflict(v)
        var contributions: [FieldContribution] = []
        for f in PersonField.allCases where model[f].active {
            let l = v[f]
            if ctx.excludedFields.contains(f) {
                // in the same-name context, how rare the full name is rides on the surname
                let offset: Double? = ctx == .sameName && f == .surname ? Double(sameNameOffset(i)) : nil
                contributions.append(FieldContribution(field: f, level: Int(l), levelLabel: f.levelLabels[Int(l)] + " (defines the context)",
                                                       weight: 0, termFrequencyAdjustment: offset,
                                                       valueA: data.display(f, i), valueB: data.display(f, j)))
                continue
            }
            var w = Double(tables.weights[tables.row(v, ctx)][f.rawValue * 16 + Int(l)])
            var label = f.levelLabels[Int(l)]
            if skipIds && (f == .nino || f == .nhsNumber) { w = 0; label += " (not counted: identifier conflict)" }
            var tf: Double? = nil
            if ctx.weighsValues && l == 1 && tables.tfActive[f.rawValue] {
                let id = data.agreedValue(f, i)
                if id >= 0 { tf = Double(tfAdjust[f.rawValue][Int(id)]) }
            }
            contributions.append(FieldContribution(field: f, level: Int(l), levelLabel: label, weight: w,
                                                   termFrequencyAdjustment: tf,
                                                   valueA: data.display(f, i), valueB: data.display(f, j)))
        }
        // a full name agreed exactly is weighed as a pair: the surname carries the difference
        if ctx.weighsValues && usesFullNameWeight(v, i), !skipIds || true,
           let gi = contributions.firstIndex(where: { $0.field == .givenName }), let si = contributions.firstIndex(where: { $0.field == .surname }) {
            let joint = Double(fullNameWeight[Int(data.fullName[i])])
            let g = contributions[gi], sc = contributions[si]
            contributions[si] = FieldContribution(field: .surname, level: sc.level, levelLabel: sc.levelLabel + " (with the given name: full name)",
                                                  weight: sc.weight, termFrequencyAdjustment: joint - g.total - sc.weight,
                                                  valueA: sc.valueA, valueB: sc.valueB)
        }
        if ageConflict(i, j), let di = contributions.firstIndex(where: { $0.field == .dateOfBirth }) {
            let d = contributions[di]
            contributions[di] = FieldContribution(field: .dateOfBirth, level: Int(Level.dDifferent), levelLabel: "a child's, against an adult's record",
                                                  weight: d.weight - 30, termFrequencyAdjustment: d.termFrequencyAdjustment,
                                                  valueA: d.valueA, valueB: d.valueB)
        }
        // the shared-reference context's prior is the account's: 1/k for k people listed
        let prior = Double(tables.logits[ctx.rawValue]!) + (ctx == .sharedReference ? Double(data.referencePriorLog2Odds(i, j)) : 0)
        let total = Double(log2Odds(v, bayesFactor(v, i, j)))
        var notes: [String] = []
        if let c = hardConflict(i, j, v) { notes.append(c + ": never linked") }
        else if dateVeto(v, log2Odds: Float(total)) { notes.append("dates of birth clearly differ: not linked, and no chain may join them") }
        if skipIds { notes.append("identifier conflict reported") }
        return PairExplanation(a: data.callerIndex[i], b: data.callerIndex[j],
                               context: ctx.label,
                               priorWeight: prior, contributions: contributions, totalWeight: total,
                               probability: probability(fromLog2Odds: total), notes: notes)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
