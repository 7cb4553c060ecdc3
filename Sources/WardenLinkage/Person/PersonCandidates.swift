/// Scored candidate pairs, struct-of-arrays (canonical positions, i < j).
struct CandidatePairs {
    var i: [Int32] = []
    var j: [Int32] = []
    var levels: [UInt64] = []
    var bayes: [Float] = []          // log2 Bayes factor, no prior
    var context: [UInt8] = []
    var count: Int { i.count }

    mutating func append(contentsOf o: CandidatePairs) {
        i += o.i; j += o.j; levels += o.levels; bayes += o.bayes; context += o.context
    }
}

extension PersonEngine {

    /// Finds and scores every candidate pair: the union of the prediction blocking rules, each
    /// pair scored once (a pair is skipped by a rule when an earlier rule already produced it).
    func scoreCandidates() -> (CandidatePairs, [String]) {
        let rules = PersonBlockingRule.prediction
        let R = rules.count
        // every record's key under every rule, side by side (one or two cache lines per record),
        // truncated to 32 bits: 0 = no key or an oversized block
        var keyRows = [UInt32](repeating: 0, count: data.n * R)
        var tasks: [(rule: Int, runs: [Range<Int>])] = []
        var orders: [[Int32]] = []
        var report: [String] = []
        for (r, rule) in rules.enumerated() {
            if rule.fixedFields.contains(where: { !model[$0].active }) { orders.append([]); continue }
            let b = data.blocks(rule.kind, maxBlock: options.maxBlockSize)
            for i in 0..<data.n where b.keys[i] != 0 {
                let k = UInt32(truncatingIfNeeded: b.keys[i] ^ (b.keys[i] >> 32))
                keyRows[i * R + r] = k == 0 ? 1 : k
            }
            orders.append(b.order)
            if b.oversized > 0 { report.append("blocking rule '\(rule.name)': \(b.oversized) block(s) over \(options.maxBlockSize) records skipped") }
            // cut the runs into tasks of similar work
            var cur: [Range<Int>] = []
            var work = 0.0
            for run in b.runs {
                cur.append(run)
                work += Double(run.count * (run.count - 1) / 2)
                if work >= 200_000 { tasks.append((r, cur)); cur = []; work = 0 }
            }
            if !cur.isEmpty { tasks.append((r, cur)) }
        }
        // A move: one account closed and the next opened within a month in a like name, which
        // no name block may hold together (a typo, an initial): scored after every rule, as
        // rule R, in tasks of its own (at 3.65M records it finds 7.7M pairs).
        let moves = data.movePairs()
        for start in stride(from: 0, to: moves.count, by: 200_000) { tasks.append((R, [start..<min(start + 200_000, moves.count)])) }
        let ordersFixed = orders, tasksFixed = tasks, rows = keyRows
        // Pairs whose evidence is against a match (Bayes factor below 1 in the general context)
        // are counted in a histogram for the prior and not kept: at 1M records they are most
        // of the candidates and none of the links.
        let parts: [(CandidatePairs, [Int32: Int])] = Parallel.map(tasks: tasksFixed.count) { t in
            let task = tasksFixed[t]
            let r = task.rule
            var out = CandidatePairs()
            var dropped: [Int32: Int] = [:]
            rows.withUnsafeBufferPointer { kr in
                // scores one pair, unless an earlier rule (one before `r`) already produced it
                func consider(_ a: Int, _ b: Int) {
                    let i = min(a, b), j = max(a, b)
                    guard self.comparable(i, j) else { return }
                    let bi = i * R, bj = j * R
                    for e in 0..<r {
                        let k = kr[bi + e]
                        if k != 0 && k == kr[bj + e] { return }
                    }
                    let (v, ctx, bf) = self.evidence(i, j)
                    if ctx == .general && bf < 0 {
                        dropped[Int32((bf * 16).rounded()), default: 0] += 1
                        return
                    }
                    out.i.append(Int32(i)); out.j.append(Int32(j)); out.levels.append(v.packed)
                    out.bayes.append(bf); out.context.append(UInt8(ctx.rawValue))
                }
                if r == R {
                    for run in task.runs { for k in run { consider(Int(moves[k].0), Int(moves[k].1)) } }
                    return
                }
                let order = ordersFixed[r]
                for run in task.runs {
                    for x in run.lowerBound..<run.upperBound {
                        for y in (x + 1)..<run.upperBound { consider(Int(order[x]), Int(order[y])) }
                    }
                }
            }
            return (out, dropped)
        }
        if options.detailedDiagnostics {
            var found = 0
            for (t, task) in tasksFixed.enumerated() where task.rule == R { found += parts[t].0.count + parts[t].1.values.reduce(0, +) }
            report.append("move rule (an account closing, the next opening within a month): \(found) new pair(s)")
        }
        var all = CandidatePairs()
        let total = parts.reduce(0) { $0 + $1.0.count }
        all.i.reserveCapacity(total); all.j.reserveCapacity(total); all.levels.reserveCapacity(total)
        all.bayes.reserveCapacity(total); all.context.reserveCapacity(total)
        droppedHistogram = [:]
        droppedCount = 0
        for p in parts {
            all.append(contentsOf: p.0)
            for (k, c) in p.1 { droppedHistogram[k, default: 0] += c; droppedCount += c }
        }
        return (all, report)
    }

    /// Comparable pairs with the same full name that do not share a postcode (the same-name
    /// context): pairs sharing the full name, less those that also share the postcode.
    func sameNamePairsApart() -> Double {
        var byName: [Int32: [Int32: Int]] = [:]     // full name → data set → count
        var byNamePlace: [UInt64: [Int32: Int]] = [:]
        for i in 0..<data.n where data.fullName[i] >= 0 {
            let ds = mode == .link ? data.dataset[i] : 0
            byName[data.fullName[i], default: [:]][ds, default: 0] += 1
            if data.postcode[i] >= 0 {
                byNamePlace[UInt64(UInt32(data.fullName[i])) << 32 | UInt64(UInt32(data.postcode[i])), default: [:]][ds, default: 0] += 1
            }
        }
        func pairs(_ c: [Int32: Int]) -> Double {
            if mode == .deduplicate { let x = Double(c[0] ?? 0); return x * (x - 1) / 2 }
            let v = c.keys.sorted().map { Double(c[$0]!) }
            var s = 0.0
            for a in 0..<v.count { for b in (a + 1)..<max(a + 1, v.count) { s += v[a] * v[b] } }
            return s
        }
        var total = 0.0
        for (_, c) in byName { total += pairs(c) }
        for (_, c) in byNamePlace { total -= pairs(c) }
        return max(0, total)
    }

    /// Recomputes every pair's Bayes factor from its stored levels (after the model changed).
    func rescore(_ pairs: inout CandidatePairs) {
        let count = pairs.count
        pairs.bayes.withUnsafeMutableBufferPointer { bb in
            let box = UnsafeSendable(bb)
            let levels = pairs.levels, iIdx = pairs.i, jIdx = pairs.j
            Parallel.forChunks(count: count, minChunk: 65536) { r in
                for k in r { box.value[k] = self.bayesFactor(LevelVector(packed: levels[k]), Int(iIdx[k]), Int(jIdx[k])) }
            }
        }
    }

    /// The prior of the general context, as the fixed point of λ = E[number of matches |
    /// evidence, λ] / number of pairs, where the expectation runs over the candidate pairs (pairs
    /// outside every block are taken as non-matches). This is EM for λ alone with m and u fixed;
    /// it needs no labels and no deterministic rule.
    ///
    /// The fixed point is P(match) among the general context's own pairs, so it is paired with
    /// Bayes factors taken within that context (`generalContextBits`) and returned as the prior
    /// that goes with the model's unconditioned Bayes factors.
    func estimateLambda(_ pairs: CandidatePairs) -> Double {
        let kappa = generalContextBits()
        // λ serves the general context only: pairs that share a postcode are scored by their
        // own priors, so they are left out of both sides of the ratio (their number is known
        // exactly from postcode frequencies). Otherwise 20 identical records matching 200 at
        // one address would raise the prior for every pair in the borough.
        var contextPairs = tables.logits[PairContext.neighbourhood.rawValue] != nil ? (exactAgreementCounts[.postcode]?.agree ?? 0) : 0
        if tables.logits[PairContext.sameName.rawValue] != nil { contextPairs += sameNamePairsApart() }
        let total = max(1, totalPairs - contextPairs)
        // histogram of general-context Bayes factors in 1/16-bit bins
        var bins: [Int: Int] = [:]
        var householdMatches = 0.0
        for k in 0..<pairs.count {
            if pairs.context[k] != 0 {
                householdMatches += probability(fromLog2Odds: Double(pairs.bayes[k]) + Double(tables.logits[Int(pairs.context[k])]!))
            } else {
                bins[Int((pairs.bayes[k] * 16).rounded()), default: 0] += 1
            }
        }
        for (k, c) in droppedHistogram { bins[Int(k), default: 0] += c }
        let sortedBins = bins.keys.sorted().map { (Double($0) / 16, Double(bins[$0]!)) }
        // start from the pairs that are near-certain whatever the prior
        var strong = 0.0
        for (w, c) in sortedBins where w >= 24 { strong += c }
        var lambda = max(strong, 1) / total
        var expected = 0.0
        for _ in 0..<200 {
            let logit = log2(lambda / (1 - lambda)) + kappa
            expected = 0
            for (w, c) in sortedBins { expected += c * probability(fromLog2Odds: w + logit) }
            let next = min(0.5, max(1 / (total * 10), expected / total))
            if abs(next - lambda) <= lambda * 1e-6 { lambda = next; break }
            lambda = next
        }
        expectedMatches = expected + householdMatches
        generalContextLambda = lambda
        let odds = lambda / (1 - lambda) * exp2(kappa)
        return odds / (1 + odds)
    }

    /// How many bits the general context's Bayes factors lack when its prior is P(match) among
    /// its own pairs: −log2 P(a match lands in the general context), for the part of that
    /// condition the level weights do not already carry. The postcode's part is in them (the
    /// place fields' m there is learned on matches that do not share a postcode); the names' is
    /// not: with the same-full-name context trained, a general-context pair never has both names
    /// exact, which most matches have, so among its matches every other name level is that much
    /// commoner than m says. Leaving it out made the general context 3–6 bits under-confident on
    /// the synthetic boroughs ("J Smith" and "John Smith" at two homes one after the other: one
    /// person 93% of the time, scored 19%).
    func generalContextBits() -> Double {
        guard tables.logits[PairContext.sameName.rawValue] != nil else { return 0 }
        let both = model[.givenName].m[Int(Level.gExact)] * model[.surname].m[Int(Level.sExact)]
        return -log2(max(1e-3, 1 - min(both, 0.999)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
