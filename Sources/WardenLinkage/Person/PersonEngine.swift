/// How records are paired.
public enum PersonLinkageMode: String, Sendable, Codable {
    /// Find the duplicates within one set of records (every pair may be compared).
    case deduplicate
    /// Link records of different data sets (`PersonRecord.dataset`); pairs within one data set
    /// are never compared.
    case link
}

/// Settings of a linkage run. The defaults are meant to hold across data sets.
public struct PersonLinkageOptions: Sendable {
    /// The default match threshold: link when the calibrated match probability is at least 0.9
    /// (odds of 9 to 1 that the records describe one person). See docs/person-linkage.md.
    public static let defaultThreshold = 0.9

    public var threshold: Double = PersonLinkageOptions.defaultThreshold
    /// Seed for every random choice (u-sampling); same seed and input → same result.
    public var seed: UInt64 = 0x5EED_2024
    /// Blocks larger than this are skipped for that rule (other rules still find the pairs),
    /// so one placeholder value cannot make the run quadratic.
    public var maxBlockSize: Int = 1000
    /// Dates of birth after this day are treated as missing (and listed). Defaults to today.
    public var today: CivilDate? = nil
    /// A trained model to use as is (no training): for repeatable incremental runs.
    public var model: PersonModel? = nil
    /// Pairs at or above this probability are returned (with their explanation on request).
    public var reportPairsAbove: Double = 0.01
    /// A merge of two clusters needs this mean support over all their cross pairs (a pair's
    /// match probability, or at least 0.5 when it holds no evidence against), so a chain of
    /// links cannot join people who disagree with each other.
    public var clusterSupport: Double = 0.5
    /// A record whose link to another person is within this many bits (log2 odds) of its
    /// link to its own cluster is ambiguous and left unlinked. One bit (half or twice the
    /// odds): with ambiguous records looked at again once all are set aside, 3 bits kept out
    /// records that were clearly someone's (sample and 20k-resident boroughs: recall +0.1 to
    /// +0.2 points at 1 bit, precision within 0.0004; 100k: R 0.8784 → 0.8802).
    public var ambiguityMargin: Double = 1
    /// Random pairs sampled to estimate u-probabilities (nil: chosen from the data size).
    public var uSamplePairs: Int? = nil
    /// Lets a record that is still alone join the one person all its plausible partners
    /// belong to when its best pair is more likely than not (see docs/person-linkage.md).
    public var linkSoleCandidates = true
    /// Adds each EM session's m-probabilities and each training step's time to
    /// `diagnostics.training`.
    public var detailedDiagnostics = false
    /// Caller indices of records whose clustering decisions are written to
    /// `diagnostics.trace` (why a merge was refused, why a record was left out), for diagnosis.
    public var trace: Set<Int> = []

    public init() {}
}

/// The engine state of one run: prepared records, trained model, weight tables.
final class PersonEngine: @unchecked Sendable {
    let data: PreparedPersons
    let mode: PersonLinkageMode
    let options: PersonLinkageOptions
    var model: PersonModel
    var tables: WeightTables
    var tfAdjust: [[Float]] = []          // [field][value id]: log2 term-frequency adjustment
    /// Per full-name id: the log2 weight of agreeing exactly on both given name and surname
    /// (general context); see `buildFullNameWeights`.
    var fullNameWeight: [Float] = []
    var notes: [String] = []
    /// Candidate pairs with evidence against a match, not kept: log2 Bayes factor × 16 → count.
    var droppedHistogram: [Int32: Int] = [:]
    var droppedCount = 0
    /// Expected number of matches among all pairs (from the last prior estimate).
    var expectedMatches = 0.0
    /// P(match) among the general context's own pairs (from the last prior estimate).
    var generalContextLambda = 0.0
    /// Caller index → canonical position (filled at the end of a run, for explanations).
    var positionOfCaller: [Int: Int] = [:]
    var trainingSummary: [String] = []
    /// Clustering decisions about traced records.
    var traceLog: [String] = []
    /// Canonical positions of traced records.
    lazy var tracedPositions: Set<Int32> = {
        guard !options.trace.isEmpty else { return [] }
        var s = Set<Int32>()
        for c in 0..<data.n where options.trace.contains(data.callerIndex[c]) { s.insert(Int32(c)) }
        return s
    }()
    let datasetIds: [Int32]

    init(data: PreparedPersons, mode: PersonLinkageMode, options: PersonLinkageOptions) {
        self.data = data
        self.mode = mode
        self.options = options
        var model = options.model ?? PersonModel.initial(threshold: options.threshold)
        // a model saved before a comparison existed: the new one is inactive
        let fresh = PersonModel.initial(threshold: options.threshold)
        while model.fields.count < PersonField.allCases.count {
            var p = fresh.fields[model.fields.count]
            p.active = false
            model.fields.append(p)
        }
        self.model = model
        self.model.threshold = options.threshold
        self.tables = WeightTables(self.model)
        self.datasetIds = Array(Set(data.dataset)).sorted()
    }

    @inline(__always)
    func comparable(_ i: Int, _ j: Int) -> Bool { mode == .deduplicate || data.dataset[i] != data.dataset[j] }

    /// All pairs that could be compared.
    var totalPairs: Double {
        let n = Double(data.n)
        if mode == .deduplicate { return max(1, n * (n - 1) / 2) }
        var byDs: [Int32: Int] = [:]
        for d in data.dataset { byDs[d, default: 0] += 1 }
        let total = Double(data.n)
        var same = 0.0
        for (_, c) in byDs { same += Double(c) * Double(c - 1) / 2 }
        return max(1, total * (total - 1) / 2 - same)
    }

    // MARK: training

    func train() {
        let clock = ContinuousClock()
        var t = clock.now
        func lap(_ what: String) {
            let now = clock.now
            if options.detailedDiagnostics { trainingSummary.append("  \(what): \(now - t)") }
            t = now
        }
        activateFields(); lap("activate")
        estimateU(); lap("u")
        estimateM(); lap("m")
        tables = WeightTables(model)
        buildTF()
        estimateContexts(); lap("contexts")
        tables = WeightTables(model)
        buildTF()
        if options.detailedDiagnostics {
            // the weight (bits) of every level in each context, as scoring will use them
            for f in PersonField.allCases where model[f].active {
                let per = PairContext.allCases.map { c in
                    "\(c.label.prefix(14)): " + (1..<f.levelCount).map { fmt(model.weight(f, UInt8($0), context: c)) }.joined(separator: " ")
                }
                trainingSummary.append("  weights, \(f): " + per.joined(separator: " | "))
            }
        }
    }

    /// A field is active when some comparable pair could hold it on both sides.
    func activateFields() {
        for f in PersonField.allCases {
            if f == .source {
                // informative only when deduplicating several sources together
                model[f].active = mode == .deduplicate && Set(data.dataset).count >= 2
                continue
            }
            if f == .period {
                var present: [Int32: Int] = [:]
                for i in 0..<data.n where data.perStart[i] != 0 { present[mode == .link ? data.dataset[i] : 0, default: 0] += 1 }
                model[f].active = mode == .link ? present.count >= 2 : (present[0] ?? 0) >= 2
                continue
            }
            if f == .middleName {
                var present: [Int32: Int] = [:]
                for i in 0..<data.n where data.mid1[i] >= 0 { present[mode == .link ? data.dataset[i] : 0, default: 0] += 1 }
                model[f].active = mode == .link ? present.count >= 2 : (present[0] ?? 0) >= 2
                continue
            }
            let nn = data.nonNull[f] ?? 0
            var active: Bool
            if mode == .deduplicate { active = nn >= 2 }
            else {
                var present: [Int32: Int] = [:]
                if nn > 0 {
                    for i in 0..<data.n where hasField(f, i) { present[data.dataset[i], default: 0] += 1 }
                }
                active = present.count >= 2
            }
            model[f].active = active
        }
    }

    func hasField(_ f: PersonField, _ i: Int) -> Bool {
        switch f {
        case .middleName: return data.mid1[i] >= 0
        case .source: return true
        case .period: return data.perStart[i] != 0
        case .household: return data.homeKey[i] >= 0
        case .dateOfBirth: return data.dobY[i] != 0
        case .sex: return data.sex[i] != 0
        case .title: return data.marital[i] != 0
        case .owner: return data.property[i] >= 0
        case .address: return data.addrCount[i] > 0 || data.numCount[i] > 0 || data.uprn[i] != 0
        default: return data.agreedValue(f, i) >= 0
        }
    }

    /// u-probabilities from random pairs (nearly all non-matches), with the exact-agreement
    /// level of value fields computed exactly from value frequencies.
    func estimateU() {
        let n = data.n
        guard n >= 2 else { return }
        let want = options.uSamplePairs ?? min(1_000_000, max(100_000, 10 * n))
        let samples = Int(min(Double(want), totalPairs * 2))
        let tasks = 8
        let perTask = (samples + tasks - 1) / tasks
        // link mode: positions of each data set
        var groups: [[Int32]] = []
        if mode == .link {
            var byDs: [Int32: [Int32]] = [:]
            for i in 0..<n { byDs[data.dataset[i], default: []].append(Int32(i)) }
            groups = byDs.keys.sorted().map { byDs[$0]! }
        }
        let seed = options.seed
        let mode = self.mode
        let groupsFixed = groups
        let hists: [[Int]] = Parallel.map(tasks: tasks) { t in
            var rng = SeededRandom(seed: seed, stream: "u-sample-\(t)")
            var h = [Int](repeating: 0, count: PersonField.allCases.count * 16)
            for _ in 0..<perTask {
                var i: Int, j: Int
                if mode == .deduplicate {
                    i = rng.draw(n); j = rng.draw(n - 1); if j >= i { j += 1 }
                } else {
                    guard groupsFixed.count >= 2 else { break }
                    let ga = rng.draw(groupsFixed.count); var gb = rng.draw(groupsFixed.count - 1); if gb >= ga { gb += 1 }
                    i = Int(groupsFixed[ga][rng.draw(groupsFixed[ga].count)]); j = Int(groupsFixed[gb][rng.draw(groupsFixed[gb].count)])
                }
                let v = self.data.compare(min(i, j), max(i, j))
                for f in PersonField.allCases { h[f.rawValue * 16 + Int(v[f])] += 1 }
            }
            return h
        }
        var hist = [Int](repeating: 0, count: PersonField.allCases.count * 16)
        for h in hists { for k in 0..<hist.count { hist[k] += h[k] } }
        for f in PersonField.allCases where model[f].active {
            let L = f.levelCount
            var total = 0
            for l in 1..<L { total += hist[f.rawValue * 16 + l] }
            var u = [Double](repeating: 0, count: L)
            if f == .reference {
                // Two random records almost never share an account reference: with few pairs
                // holding one on both sides (a small file), the uniform smoothing below would
                // make "same" look as common as "different"; one pseudo-pair that differs instead.
                let prior: [Double] = [0, 0.0005, 0.999, 0.0005]
                for l in 1..<L { u[l] = (Double(hist[f.rawValue * 16 + l]) + prior[l]) / (Double(total) + 1) }
                model[f].u = u
                continue
            }
            for l in 1..<L { u[l] = (Double(hist[f.rawValue * 16 + l]) + 1) / (Double(total) + Double(L - 1)) }
            if let t = f.tfLevel, let exact = exactAgreementRate(f) {
                let ti = Int(t)
                let rest = u.enumerated().filter { $0.offset >= 1 && $0.offset != ti }.reduce(0) { $0 + $1.element }
                let exactU = max(exact, 1 / (Double(total) + 1) * 0.1, 1e-9)
                for l in 1..<L where l != ti { u[l] = u[l] / max(rest, 1e-12) * (1 - exactU) }
                u[ti] = exactU
            }
            model[f].u = u
        }
    }

    /// Pairs that agree exactly on the field, and pairs where both hold it.
    var exactAgreementCounts: [PersonField: (agree: Double, pairs: Double)] = [:]

    /// Removes the expected true matches from the exact-agreement u's. Counting agreeing pairs
    /// from value frequencies treats a person's own duplicate records as chance agreement, so
    /// in a file where everyone appears twice u(exact) is several times too large and an exact
    /// date of birth is under-weighted by about two bits. With the expected number of matches
    /// from the first scoring pass, u(exact) = (agreeing pairs − matches agreeing) / non-matches.
    func correctExactU(expectedMatches: Double) {
        let total = totalPairs
        for f in PersonField.allCases where model[f].active {
            guard let t = f.tfLevel, let c = exactAgreementCounts[f], c.pairs > 0 else { continue }
            let matchesHere = expectedMatches * (c.pairs / total)
            let ti = Int(t)
            let agreeingMatches = matchesHere * model[f].m[ti]
            let corrected = max(c.agree - agreeingMatches, c.agree * 0.02) / max(c.pairs - matchesHere, 1)
            var u = model[f].u
            let old = u[ti]
            guard corrected < old else { continue }
            let restOld = 1 - old
            for l in 1..<u.count where l != ti { u[l] = restOld > 0 ? u[l] / restOld * (1 - corrected) : u[l] }
            u[ti] = max(corrected, 1e-9)
            model[f].u = u
        }
    }

    /// P(two records agree exactly on this field | both hold it) for random comparable pairs.
    func exactAgreementRate(_ f: PersonField) -> Double? {
        guard let counts = data.tf[f] else { return nil }
        let n = data.n
        let single = f == .givenName || f == .surname
        if mode == .deduplicate {
            let nn = Double(data.nonNull[f] ?? 0)
            guard nn >= 2 else { return nil }
            var s = 0.0
            for (id, c) in counts.enumerated() where c > 1 {
                if single && data.nameLength(Int32(id)) < 2 { continue }
                s += Double(c) * Double(c - 1)
            }
            exactAgreementCounts[f] = (s / 2, nn * (nn - 1) / 2)
            return s / (nn * (nn - 1))
        }
        // link: sum over data-set pairs of matching value counts
        var perDs: [Int32: [Int32: Int]] = [:]
        var nnDs: [Int32: Int] = [:]
        for i in 0..<n {
            let present = f == .dateOfBirth ? data.dobY[i] != 0 : data.agreedValue(f, i) >= 0
            guard present else { continue }
            nnDs[data.dataset[i], default: 0] += 1
            let v = data.agreedValue(f, i)
            if v >= 0 { perDs[data.dataset[i], default: [:]][v, default: 0] += 1 }
        }
        let dss = nnDs.keys.sorted()
        var agree = 0.0, pairs = 0.0
        for a in 0..<dss.count { for b in (a + 1)..<max(a + 1, dss.count) {
            let da = dss[a], db = dss[b]
            pairs += Double(nnDs[da]!) * Double(nnDs[db]!)
            guard let ca = perDs[da], let cb = perDs[db] else { continue }
            for (v, x) in ca {
                if single && data.nameLength(v) < 2 { continue }
                if let y = cb[v] { agree += Double(x) * Double(y) }
            }
        } }
        exactAgreementCounts[f] = (agree, pairs)
        return pairs > 0 ? agree / pairs : nil
    }

    /// The most pairs one block of `s` records contributes to training.
    @inline(__always)
    static func trainingBlockCap(_ s: Int) -> Double { Double(max(45, 3 * s)) }

    /// Comparison vectors of pairs in the blocks of a rule (capped, deterministically sampled),
    /// with the rule's own fields masked out, counted by pattern.
    func trainingPatterns(_ rule: PersonBlockingRule, maxBlock: Int, maxPairs: Int, keepPlaceFields: Bool = false,
                          capEachBlock: Bool = true) -> [(LevelVector, Double)] {
        let b = data.blocks(rule.kind, maxBlock: maxBlock)
        // A block contributes at most a number of pairs linear in its size, so one odd block
        // (200 records of one name at one address) cannot outweigh thousands of households.
        var totalPairs = 0.0
        for r in b.runs {
            let all = Double(r.count * (r.count - 1) / 2)
            totalPairs += capEachBlock ? min(all, PersonEngine.trainingBlockCap(r.count)) : all
        }
        if totalPairs == 0 { return [] }
        let rate = min(1.0, Double(maxPairs) / totalPairs)
        let threshold = rate >= 1 ? UInt64.max : UInt64(rate * Double(UInt64.max))
        var mask: UInt64 = ~0
        if !keepPlaceFields { for f in rule.fixedFields { mask &= ~f.packedMask } }
        for f in PersonField.allCases where !model[f].active { mask &= ~f.packedMask }
        let tasks = min(16, max(1, b.runs.count / 64 + 1))
        let runs = b.runs, order = b.order, fixedMask = mask
        let parts: [[UInt64: Int]] = Parallel.map(tasks: tasks) { t in
            var h: [UInt64: Int] = [:]
            var k = t
            while k < runs.count {
                let r = runs[k]
                let all = Double(r.count * (r.count - 1) / 2)
                let blockRate = capEachBlock ? min(1, PersonEngine.trainingBlockCap(r.count) / all) : 1
                let blockThreshold = blockRate >= 1 ? UInt64.max : UInt64(blockRate * Double(UInt64.max))
                for x in r.lowerBound..<r.upperBound {
                    for y in (x + 1)..<r.upperBound {
                        let i = Int(min(order[x], order[y])), j = Int(max(order[x], order[y]))
                        guard self.comparable(i, j) else { continue }
                        if threshold != .max && pairHash(i, j) > threshold { continue }
                        if blockThreshold != .max && pairHash(j, i) > blockThreshold { continue }
                        let v = self.data.compare(i, j)
                        h[v.packed & fixedMask, default: 0] += 1
                    }
                }
                k += tasks
            }
            return h
        }
        var all: [UInt64: Int] = [:]
        for p in parts { for (k, c) in p { all[k, default: 0] += c } }
        return all.keys.sorted().map { (LevelVector(packed: $0), Double(all[$0]!)) }
    }

    /// m-probabilities by EM, one session per training rule; each field's m is the mean over
    /// the sessions that did not block on it, weighted by the matches each session found.
    func estimateM() {
        var sums = [[Double]](repeating: [], count: PersonField.allCases.count)
        var weights = [Double](repeating: 0, count: PersonField.allCases.count)
        // [context][field]: m of the place fields within a context, summed over sessions
        var placeSums = PairContext.allCases.map { _ in [[Double]](repeating: [], count: PersonField.allCases.count) }
        var placeWeights = PairContext.allCases.map { _ in [Double](repeating: 0, count: PersonField.allCases.count) }
        let maxPairs = 400_000
        // The name block comes last and only teaches fields no other block could. Records
        // with one name are often a father and son or a mother and daughter at one address;
        // with only names fixed, how often a person's dates of birth differ and how many of
        // the pairs are one person cannot be told apart (on the sample it gave m(date
        // different) 0.20 where the truth is under 0.01, against 0.00004–0.008 from the NI and
        // NHS blocks). Date-of-birth and identifier blocks have no such confusion.
        var learnedElsewhere = Set<PersonField>()
        for rule in PersonBlockingRule.training {
            if rule.fixedFields.contains(where: { !model[$0].active }) { continue }
            // small blocks only: a name shared by dozens of records at one address is not
            // where a name's m-probability should be learned
            let patterns = trainingPatterns(rule, maxBlock: 50, maxPairs: maxPairs)
            let pairs = patterns.reduce(0) { $0 + $1.1 }
            if pairs < 30 { continue }
            let free = PersonField.allCases.filter { model[$0].active && !rule.fixedFields.contains($0) }
            let r = emForM(patterns, free: free)
            let expected = r.lambda * pairs
            trainingSummary.append("EM on \(rule.name): \(Int(pairs)) pairs, \(r.iterations) iterations, λ=\(fmt(r.lambda)), ≈\(Int(expected)) matches")
            if options.detailedDiagnostics {
                for f in free { trainingSummary.append("    \(f): " + r.m[f.rawValue].dropFirst().map { fmt($0) }.joined(separator: " ")) }
            }
            if expected < 20 { continue }
            let taught = rule.kind == .givenSurname ? free.filter { !learnedElsewhere.contains($0) } : free
            if rule.kind != .givenSurname { learnedElsewhere.formUnion(free) }
            // sessions are weighted by the matches they saw: 57 pairs sharing an NHS number
            // should not count as much as 4,000 sharing a date of birth
            for f in taught {
                if sums[f.rawValue].isEmpty { sums[f.rawValue] = [Double](repeating: 0, count: f.levelCount) }
                for l in 0..<f.levelCount { sums[f.rawValue][l] += expected * r.m[f.rawValue][l] }
                weights[f.rawValue] += expected
            }
            for ctx in 0..<2 where r.placeMatches[ctx] >= 10 {
                for f in PersonEngine.placeFieldsByContext[ctx] where taught.contains(f) {
                    if placeSums[ctx][f.rawValue].isEmpty { placeSums[ctx][f.rawValue] = [Double](repeating: 0, count: f.levelCount) }
                    for l in 0..<f.levelCount { placeSums[ctx][f.rawValue][l] += r.placeMatches[ctx] * r.mPlace[ctx][f.rawValue][l] }
                    placeWeights[ctx][f.rawValue] += r.placeMatches[ctx]
                }
            }
        }
        for f in PersonField.allCases where weights[f.rawValue] > 0 {
            model[f].m = sums[f.rawValue].map { $0 / weights[f.rawValue] }
            model[f].trained = true
        }
        for f in PersonField.allCases {
            if placeWeights[0][f.rawValue] > 0 { model[f].mGeneral = placeSums[0][f.rawValue].map { $0 / placeWeights[0][f.rawValue] } }
            if placeWeights[1][f.rawValue] > 0 { model[f].mNeighbourhood = placeSums[1][f.rawValue].map { $0 / placeWeights[1][f.rawValue] } }
        }
    }

    struct EMResult {
        var m: [[Double]]; var lambda: Double; var iterations: Int
        /// m of the place fields among the matches a context sees: [context][field][level]
        /// (general: address, postcode, locality, town; same postcode: address), and the
        /// expected matches each context saw.
        var mPlace: [[[Double]]] = []
        var placeMatches: [Double] = []
    }

    /// The place fields whose m is learned per context: which levels a match can show depends
    /// on the context (a pair scored in the general context does not share a postcode, so a
    /// person who moved is almost always "address different" there — against 0.3 over all
    /// matches, which made a move look like evidence of two people).
    static let placeFieldsByContext: [[PersonField]] = [[.address, .postcode, .locality], [.address], []]

    /// EM for m and the block's match rate with u fixed (u from random pairs is reliable;
    /// letting EM move it is how models drift to "same household").
    func emForM(_ patterns: [(LevelVector, Double)], free: [PersonField]) -> EMResult {
        var m = PersonField.allCases.map { model[$0].m }
        let u = PersonField.allCases.map { model[$0].u }
        var lambda = 0.3
        let total = patterns.reduce(0) { $0 + $1.1 }
        var it = 0
        for iter in 1...60 {
            it = iter
            let ratio = PersonField.allCases.map { f in f.logRatios(m: m[f.rawValue], u: u[f.rawValue]) }
            var acc = PersonField.allCases.map { [Double](repeating: 0, count: $0.levelCount) }
            var matches = 0.0
            for (v, c) in patterns {
                var lr = log(lambda) - log(1 - lambda)
                for f in free { lr += ratio[f.rawValue][Int(v[f])] }
                let p = 1 / (1 + exp(-lr))
                let w = p * c
                matches += w
                for f in free { acc[f.rawValue][Int(v[f])] += w }
            }
            var delta = 0.0
            for f in free {
                let L = f.levelCount
                var s = 0.0
                for l in 1..<L where f.neutralLevel != UInt8(l) { s += acc[f.rawValue][l] }
                // one pseudo-match spread as the default shape keeps unseen levels possible
                let d = f.defaultM
                var ds = 0.0
                for l in 1..<L where f.neutralLevel != UInt8(l) { ds += d[l] }
                for l in 1..<L {
                    let nv: Double
                    if f.neutralLevel == UInt8(l) { nv = m[f.rawValue][l] }
                    else { nv = (acc[f.rawValue][l] + d[l] / ds) / (s + 1) }
                    delta = max(delta, abs(nv - m[f.rawValue][l]))
                    m[f.rawValue][l] = nv
                }
            }
            let newLambda = min(0.999, max(1e-6, matches / total))
            delta = max(delta, abs(newLambda - lambda))
            lambda = newLambda
            if delta < 1e-5 { break }
        }
        // the place fields' m within each context, from the final posteriors
        let ratio = PersonField.allCases.map { f in f.logRatios(m: m[f.rawValue], u: u[f.rawValue]) }
        var accC = PairContext.allCases.map { _ in PersonField.allCases.map { [Double](repeating: 0, count: $0.levelCount) } }
        var matchesC = [Double](repeating: 0, count: PairContext.allCases.count)
        for (v, c) in patterns {
            var lr = log(lambda) - log(1 - lambda)
            for f in free { lr += ratio[f.rawValue][Int(v[f])] }
            let w = c / (1 + exp(-lr))
            // place fields' m per context: pairs both holding a postcode, not the same one
            // (general and same-name contexts), and pairs sharing it
            let pl = v[.postcode]
            if pl == 0 { continue }
            let ctx = pl == Level.pExact ? 1 : 0
            matchesC[ctx] += w
            for f in PersonEngine.placeFieldsByContext[ctx] where free.contains(f) { accC[ctx][f.rawValue][Int(v[f])] += w }
        }
        var mPlace = accC
        for ctx in 0..<2 {
            for f in PersonEngine.placeFieldsByContext[ctx] where free.contains(f) {
                let L = f.levelCount
                var s = 0.0
                for l in 1..<L { s += accC[ctx][f.rawValue][l] }
                // one pseudo-match spread as the unconditional m
                for l in 1..<L { mPlace[ctx][f.rawValue][l] = (accC[ctx][f.rawValue][l] + m[f.rawValue][l]) / (s + 1) }
            }
        }
        return EMResult(m: m, lambda: lambda, iterations: it, mPlace: mPlace, placeMatches: matchesC)
    }

    /// The household contexts. Pairs with the same postcode are mostly neighbours and members
    /// of one household in council data, and nearly all the same person in a list of one
    /// record per household; pairs that also share address and surname are mostly one family.
    /// EM on exactly those pairs (m fixed, u and prior free) learns which holds here, and how
    /// such pairs differ: by given name, date of birth and sex, while the shared surname and
    /// address say little.
    func estimateContexts() {
        guard model[.postcode].active else { return }
        func subset(_ all: [(LevelVector, Double)], _ keep: (LevelVector) -> Bool, _ ctx: PairContext) -> [(LevelVector, Double)] {
            var mask: UInt64 = ~0
            for f in ctx.excludedFields { mask &= ~f.packedMask }
            var merged: [UInt64: Double] = [:]
            for (v, c) in all where keep(v) { merged[v.packed & mask, default: 0] += c }
            return merged.keys.sorted().map { (LevelVector(packed: $0), merged[$0]!) }
        }
        // Families come from their own small blocks (a tower block's postcode holds hundreds of
        // people, but a family is a few); a "family" of 50 records at one address is not one,
        // and each block counts linearly so no single address dominates.
        let familyPairs = trainingPatterns(PersonBlockingRule.family, maxBlock: 50, maxPairs: 400_000, keepPlaceFields: true, capEachBlock: false)
        let family = subset(familyPairs, { PairContext.of($0) == .family }, .family)
        var familyTrained = false
        if family.reduce(0, { $0 + $1.1 }) >= 50 {
            if let (u, lambda, it, n) = emForContext(family, .family) {
                for f in PersonField.allCases where u[f.rawValue] != nil { model[f].uFamily = u[f.rawValue] }
                model.familyLambda = lambda
                familyTrained = true
                trainingSummary.append("family-context EM (same postcode, address, surname): \(Int(n)) pairs, \(it) iterations, P(same person)=\(fmt(lambda))")
                estimateFamilyInitialPrior(family)
            }
        }
        // Neighbours: every same-postcode pair equally likely to be drawn (a uniform sample, so
        // the prior is not biased toward small postcodes), postcodes of up to 1,000 records.
        let postcodePairs = trainingPatterns(PersonBlockingRule.household, maxBlock: 1000, maxPairs: 400_000, keepPlaceFields: true,
                                             capEachBlock: false)
        let neighbours = subset(postcodePairs, { PairContext.of($0) != .general && !(familyTrained && PairContext.of($0) == .family) }, .neighbourhood)
        if neighbours.reduce(0, { $0 + $1.1 }) >= 50, let (u, lambda, it, n) = emForContext(neighbours, .neighbourhood) {
            for f in PersonField.allCases where u[f.rawValue] != nil { model[f].uNeighbourhood = u[f.rawValue] }
            model.neighbourhoodLambda = lambda
            trainingSummary.append("same-postcode EM: \(Int(n)) pairs, \(it) iterations, P(same person)=\(fmt(lambda))")
        }
        estimateSameNameContext()
        estimateReferenceContext()
    }

    /// The shared-reference context: records of two sources that hold the same account or
    /// claim reference and do not share a postcode (a summons and the account it is about,
    /// where the account holds the liable person's correspondence address). Weighed with the
    /// general prior, the reference's weight and a surname and initial left such a pair at
    /// 0.5–0.9 on the sample though every one of them was one person: the general prior is the
    /// chance that two records anywhere are one person, not two records under one account.
    /// Such a record names one of the k people the account lists, so the pair's prior is 1/k
    /// (`PreparedPersons.referencePriorLog2Odds`), counted per account rather than learned (a
    /// borough has too few such pairs for EM: 26 on the sample); the context's own logit is 0
    /// and the other fields weigh as in the general context, so joint parties of an account
    /// stay apart by their names.
    func estimateReferenceContext() {
        guard model[.reference].active else { return }
        model.referenceLambda = 0.5
        trainingSummary.append("shared-reference context (no shared postcode): prior 1/k for an account listing k people")
    }

    /// The prior of family-context pairs where one given name is only an initial. Such records
    /// come from the systems that bill or summon a household's adults (council tax, summonses,
    /// business rates), so a pair holding one is more often one person than a pair of the family
    /// in general (on the sample 0.58 against 0.37), and EM's single family prior left these pairs
    /// under-confident (predicted 0.84, true 0.93). The given name alone identifies it, by
    /// moments: an initial agrees with a relative's name at rate uA (how often two relatives'
    /// full names start with one letter, learned by the family EM) and with the person's own
    /// at rate mA, so the share p of such pairs that agree gives the prior (p − uA) / (mA − uA).
    func estimateFamilyInitialPrior(_ family: [(LevelVector, Double)]) {
        guard let family0 = model.familyLambda, let uF = model[.givenName].uFamily,
              let (mA, uA) = PersonField.initialAgreement(m: model[.givenName].m, u: uF), mA - uA > 0.3 else { return }
        var pairs = 0.0, agree = 0.0
        for (v, c) in family {
            let g = v[.givenName]
            if g == Level.gInitial { agree += c; pairs += c } else if g == Level.gInitialDifferent { pairs += c }
        }
        guard pairs >= 50 else { return }
        let lambda = min(0.99, max(0.01, (agree / pairs - uA) / (mA - uA)))
        model.familyInitialLambda = lambda
        trainingSummary.append("family-context prior where one given name is an initial: \(Int(pairs)) pairs, \(fmt(agree / pairs)) agree (mA \(fmt(mA)), uA \(fmt(uA))): P(same person)=\(fmt(lambda)) (family \(fmt(family0)))")
    }

    /// The same-name context: pairs with the same given name and surname that do not share a
    /// postcode. They are one person who moved (or whose records hold different addresses),
    /// or namesakes, and the pair's own fields say little more; adding the two names' weights
    /// to a prior estimated over all pairs misjudged them badly in council data (predicted
    /// 0.51, truth 0.19 on the sample). EM on every such pair (a uniform sample of the name
    /// blocks, which hold all of them) learns their own prior and how namesakes differ, with
    /// the full name's rarity as a fixed offset.
    func estimateSameNameContext() {
        guard model[.givenName].active, model[.surname].active, !fullNameWeight.isEmpty else { return }
        let b = data.blocks(.givenSurname, maxBlock: 1000)
        var totalPairs = 0.0
        for r in b.runs { totalPairs += Double(r.count * (r.count - 1) / 2) }
        guard totalPairs >= 50 else { return }
        let rate = min(1.0, 400_000 / totalPairs)
        let threshold = rate >= 1 ? UInt64.max : UInt64(rate * Double(UInt64.max))
        var mask: UInt64 = ~0
        for f in PairContext.sameName.excludedFields { mask &= ~f.packedMask }
        for f in PersonField.allCases where !model[f].active { mask &= ~f.packedMask }
        struct Key: Hashable { var packed: UInt64; var bin: Int32 }
        var counts: [Key: Double] = [:]
        var weightSum = 0.0, n = 0.0
        for r in b.runs {
            for x in r.lowerBound..<r.upperBound {
                for y in (x + 1)..<r.upperBound {
                    let i = Int(min(b.order[x], b.order[y])), j = Int(max(b.order[x], b.order[y]))
                    guard comparable(i, j), data.fullName[i] >= 0 else { continue }
                    if threshold != .max && pairHash(i, j) > threshold { continue }
                    let v = data.compare(i, j)
                    guard PairContext.of(v) == .sameName else { continue }
                    let w = Double(fullNameWeight[Int(data.fullName[i])])
                    weightSum += w; n += 1
                    counts[Key(packed: v.packed & mask, bin: Int32((w * 4).rounded())), default: 0] += 1
                }
            }
        }
        guard n >= 50 else { return }
        let mean = weightSum / n
        let patterns = counts.keys.sorted { $0.packed != $1.packed ? $0.packed < $1.packed : $0.bin < $1.bin }
            .map { (LevelVector(packed: $0.packed), counts[$0]!, Double($0.bin) / 4 - mean) }
        // Namesakes living apart are two random people but for what goes with a name: sex,
        // middle names. Only those u's are free; the rest stay the general ones, so EM cannot
        // explain a pattern with one informative field (the same written address) either way.
        guard let (u, emLambda, it, total) = emForContext(patterns, .sameName, freeU: [.sex, .middleName, .household]) else { return }
        for f in PersonField.allCases where u[f.rawValue] != nil { model[f].uSameName = u[f.rawValue] }
        // Relatives share co-residents (two brothers both lived with their mother) far more
        // often than two random people, and the general context's candidates share a surname:
        // its u for the household is the namesakes' one, not the random pairs' near zero.
        if let anchored = householdUFromDates(patterns) {
            // neighbours too: two homes in one postcode that hold one name are as often two
            // families as one that moved (EM, free there, put the u near zero)
            model[.household].uSameName = anchored
            if model[.household].uNeighbourhood != nil { model[.household].uNeighbourhood = anchored }
        }
        if let uh = model[.household].uSameName { model[.household].u = uh }
        var lambda = emLambda
        var how = "EM"
        let anchored = sameNamePriorFromDates(patterns)
        if let anchored {
            lambda = anchored.lambda
            how = "dates of birth (\(Int(anchored.pairs)) pairs with both; EM said \(fmt(emLambda)))"
        }
        model.sameNameLambda = lambda
        model.sameNameMeanWeight = mean
        // m can be learned again only with a prior EM did not choose
        if anchored != nil {
            for (f, m) in sameNameM(patterns, lambda: lambda, fields: PersonEngine.sameNameMFields) { model[f].mSameName = m }
        }
        trainingSummary.append("same-full-name context (no shared postcode): \(Int(total)) pairs, \(it) EM iterations, P(same person)=\(fmt(lambda)) for a full name of weight \(fmt(mean)), from \(how)")
    }

    /// The fields whose m is learned again among namesakes living apart: a person who moved
    /// shows periods one after the other, members who moved with them, and one system holding
    /// both addresses far more often than one person's records in general do (learned there
    /// mostly from records at one address), so the general m under-weighed a move.
    static let sameNameMFields: [PersonField] = [.period, .household, .source]

    /// m of `fields` among same-name pairs living apart, by EM with the prior fixed (read off
    /// dates of birth), the context's u fixed and every other m fixed: with the prior known,
    /// how often each level comes with a match is identifiable. Five pseudo-matches spread as
    /// the general m keep a level the sample never shows possible.
    func sameNameM(_ patterns: [(LevelVector, Double, Double)], lambda: Double, fields: [PersonField]) -> [(PersonField, [Double])] {
        let free = PersonField.allCases.filter { model[$0].active && !PairContext.sameName.excludedFields.contains($0) }
        let learn = fields.filter { free.contains($0) }
        guard !learn.isEmpty else { return [] }
        var m = PersonField.allCases.map { f in model[f].mGeneral ?? model[f].m }
        let prior = m
        let u = PersonField.allCases.map { f in model[f].uSameName ?? model[f].u }
        let logit = log(lambda) - log(1 - lambda)
        let kappa = 5.0
        for _ in 0..<50 {
            let ratio = PersonField.allCases.map { f in f.logRatios(m: m[f.rawValue], u: u[f.rawValue]) }
            var acc = PersonField.allCases.map { [Double](repeating: 0, count: $0.levelCount) }
            for (v, c, offset) in patterns {
                var lr = logit + offset * log(2)
                for f in free { lr += ratio[f.rawValue][Int(v[f])] }
                let w = c / (1 + exp(-lr))
                for f in learn { acc[f.rawValue][Int(v[f])] += w }
            }
            var delta = 0.0
            for f in learn {
                let L = f.levelCount
                var s = 0.0
                for l in 1..<L { s += acc[f.rawValue][l] }
                var ps = 0.0
                for l in 1..<L { ps += prior[f.rawValue][l] }
                for l in 1..<L {
                    let nv = (acc[f.rawValue][l] + kappa * prior[f.rawValue][l] / max(ps, 1e-12)) / (s + kappa)
                    delta = max(delta, abs(nv - m[f.rawValue][l]))
                    m[f.rawValue][l] = nv
                }
            }
            if delta < 1e-6 { break }
        }
        if options.detailedDiagnostics {
            for f in learn { trainingSummary.append("    same-name m, \(f): " + m[f.rawValue].dropFirst().map { fmt($0) }.joined(separator: " ")) }
        }
        return learn.map { ($0, m[$0.rawValue]) }
    }

    /// u of the household comparison read off namesakes known to be two people: pairs living
    /// apart whose dates of birth clearly differ. EM alone drove it toward zero at 100,000
    /// residents (a shared member then weighed 11.5 bits), because namesakes sharing one are
    /// few and EM explains them as matches; but a father and son of one name who moved
    /// together, or two families with the same given names, do share members. Nil with fewer
    /// than 100 such pairs holding the comparison.
    func householdUFromDates(_ patterns: [(LevelVector, Double, Double)]) -> [Double]? {
        guard model[.dateOfBirth].active, model[.household].active else { return nil }
        var counts = [Double](repeating: 0, count: PersonField.household.levelCount)
        for (v, c, _) in patterns where v[.dateOfBirth] == Level.dDifferent && v[.household] != 0 {
            counts[Int(v[.household])] += c
        }
        let total = counts.reduce(0, +)
        guard total >= 100 else { return nil }
        let L = counts.count
        // one pseudo-pair spread as the random pairs' u keeps an unseen level possible
        return (0..<L).map { l in l == 0 ? 0 : (counts[l] + model[.household].u[l]) / (total + 1) }
    }

    /// The same-name prior read off the pairs whose records both hold a date of birth. Among
    /// namesakes living apart, one person's two records almost always agree on the date and two
    /// people almost never do, so the share that agree says how many pairs are one person:
    /// λ = (agree − u) / (m − u). EM could not see this when most records hold no date: at
    /// 100,000 residents it put the prior at 0.117 where the truth was 0.03 (the dates said
    /// 0.027), and namesakes at 0.98 were one person only 83% of the time. The prior at the mean
    /// full-name weight is then chosen so the average prior over all sampled pairs (rarer names
    /// above it, commoner below) equals that share. Nil with fewer than 200 dated pairs.
    func sameNamePriorFromDates(_ patterns: [(LevelVector, Double, Double)]) -> (lambda: Double, pairs: Double)? {
        guard model[.dateOfBirth].active else { return nil }
        let agreeLevels = [Level.dExact, Level.dSwapped, Level.dOnePart].map(Int.init)
        var agree = 0.0, dated = 0.0
        for (v, c, _) in patterns where v[.dateOfBirth] != 0 && v[.dateOfBirth] != Level.dYearOnly {
            dated += c
            if agreeLevels.contains(Int(v[.dateOfBirth])) { agree += c }
        }
        guard dated >= 200 else { return nil }
        let m = agreeLevels.reduce(0.0) { $0 + model[.dateOfBirth].m[$1] }
        let u = agreeLevels.reduce(0.0) { $0 + model[.dateOfBirth].u[$1] }
        guard m > u + 0.1 else { return nil }
        let share = min(0.999, max(1e-6, (agree / dated - u) / (m - u)))
        // the logit at the mean weight whose average prior over the sample is `share`
        let total = patterns.reduce(0.0) { $0 + $1.1 }
        func meanPrior(_ logit: Double) -> Double {
            patterns.reduce(0.0) { $0 + $1.1 / (1 + exp(-(logit + $1.2 * log(2)))) } / total
        }
        var lo = -30.0, hi = 30.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if meanPrior(mid) < share { lo = mid } else { hi = mid }
        }
        let logit = (lo + hi) / 2
        return (min(0.999, max(1e-6, 1 / (1 + exp(-logit)))), dated)
    }

    /// EM with m fixed (from the general sessions) and the context's u and prior free; u is
    /// pulled toward the general u by 20 pseudo-pairs so a context with few non-matches (a
    /// list of one record per household) keeps sensible values.
    func emForContext(_ patterns: [(LevelVector, Double)], _ ctx: PairContext) -> ([[Double]?], Double, Int, Double)? {
        emForContext(patterns.map { ($0.0, $0.1, 0.0) }, ctx)
    }

    /// `emForContext` with a fixed log2 offset per pattern (the same-name context: how rare the
    /// full name is, relative to the average).
    func emForContext(_ patterns: [(LevelVector, Double, Double)], _ ctx: PairContext, freeU: Set<PersonField>? = nil,
                      initialU: [[Double]?]? = nil) -> ([[Double]?], Double, Int, Double)? {
        let total = patterns.reduce(0) { $0 + $1.1 }
        guard total >= 50 else { return nil }
        let free = PersonField.allCases.filter { model[$0].active && !ctx.excludedFields.contains($0) }
        var uC = PersonField.allCases.map { initialU?[$0.rawValue] ?? model[$0].u }
        let kappa = 20.0
        var lambda = 0.5
        var it = 0
        for iter in 1...100 {
            it = iter
            let ratio = PersonField.allCases.map { f in
                f.logRatios(m: ctx == .neighbourhood ? (model[f].mNeighbourhood ?? model[f].m) : ctx == .sameName ? (model[f].mGeneral ?? model[f].m) : model[f].m,
                            u: uC[f.rawValue])
            }
            var acc = PersonField.allCases.map { [Double](repeating: 0, count: $0.levelCount) }
            var matches = 0.0
            for (v, c, offset) in patterns {
                var lr = log(lambda) - log(1 - lambda) + offset * log(2)
                for f in free { lr += ratio[f.rawValue][Int(v[f])] }
                let p = 1 / (1 + exp(-lr))
                matches += p * c
                for f in free { acc[f.rawValue][Int(v[f])] += (1 - p) * c }
            }
            var delta = 0.0
            for f in free where freeU?.contains(f) ?? true {
                let L = f.levelCount
                var s = 0.0
                for l in 1..<L { s += acc[f.rawValue][l] }
                for l in 1..<L {
                    let nv = (acc[f.rawValue][l] + kappa * model[f].u[l]) / (s + kappa)
                    delta = max(delta, abs(nv - uC[f.rawValue][l]))
                    uC[f.rawValue][l] = nv
                }
            }
            let nl = min(0.999, max(1e-6, matches / total))
            delta = max(delta, abs(nl - lambda))
            lambda = nl
            if delta < 1e-6 { break }
        }
        var out = [[Double]?](repeating: nil, count: PersonField.allCases.count)
        for f in free { out[f.rawValue] = uC[f.rawValue] }
        return (out, lambda, it, total)
    }

    /// Term-frequency adjustments: agreeing on a value held by a fraction p of records is worth
    /// log2(u_exact / p) more (or less) than an average exact agreement.
    func buildTF() {
        tfAdjust = PersonField.allCases.map { f in
            guard tables.tfActive[f.rawValue], let counts = data.tf[f] else { return [] }
            let nn = Double(max(data.nonNull[f] ?? 1, 1))
            let base = max(tables.tfBaseU[f.rawValue], 1e-12)
            return counts.map { c in
                c <= 0 ? 0 : Float(log2(base / (Double(c) / nn)))
            }
        }
        buildFullNameWeights()
    }

    /// The weight of agreeing on both given name and surname. Adding the two names' weights
    /// assumes they are independent among different people; they are not (a given name common
    /// in one community goes with that community's surnames: on the sample, two people shared
    /// a full name 9 times more often than the product of the names' rates predicts). The
    /// chance that someone else holds full name v is taken as the larger of that product and
    /// (other places v is held at + 1) / (all name-place combinations). A place is a postcode
    /// (one person's records at one address count once; the pair compared holds two), and one
    /// other holder is always assumed: families reuse names, so a rare surname's holders are
    /// often related. (Shrinking p(given | surname) toward p(given) instead rewarded rare
    /// names more and cost 1.3 points of precision on a held-out borough.)
    func buildFullNameWeights() {
        guard tables.tfActive[PersonField.givenName.rawValue], tables.tfActive[PersonField.surname.rawValue],
              let gc = data.tf[.givenName], let sc = data.tf[.surname], data.fullNamePlacesTotal >= 2 else { fullNameWeight = []; return }
        let nnG = Double(max(data.nonNull[.givenName] ?? 1, 1)), nnS = Double(max(data.nonNull[.surname] ?? 1, 1))
        let places = Double(data.fullNamePlacesTotal)
        let mBoth = log2(max(model[.givenName].m[Int(Level.gExact)], 1e-6)) + log2(max(model[.surname].m[Int(Level.sExact)], 1e-6))
        fullNameWeight = (0..<data.fullNamePlaces.count).map { id in
            let pg = Double(max(gc[Int(data.fullNameGiven[id])], 1)) / nnG, ps = Double(max(sc[Int(data.fullNameSurname[id])], 1)) / nnS
            let others = (Double(max(Int(data.fullNamePlaces[id]) - 2, 0)) + 1) / places
            return Float(mBoth - log2(max(pg * ps, others, 1e-15)))
        }
    }

    /// True when a general-context pair's names are weighed as one full name.
    @inline(__always)
    func usesFullNameWeight(_ v: LevelVector, _ i: Int) -> Bool {
        v[.givenName] == Level.gExact && v[.surname] == Level.sExact && !fullNameWeight.isEmpty && data.fullName[i] >= 0
    }

    /// How much rarer (positive) or commoner the full name of record `i` is than the average
    /// full name of the same-name context, in bits.
    @inline(__always)
    func sameNameOffset(_ i: Int) -> Float {
        let id = data.fullName[i]
        return id >= 0 && !fullNameWeight.isEmpty ? fullNameWeight[Int(id)] - tables.sameNameMeanWeight : 0
    }

    // MARK: scoring

    /// Comparison vector, context and evidence (log2 Bayes factor, without the prior).
    @inline(__always)
    func evidence(_ i: Int, _ j: Int) -> (LevelVector, PairContext, Float) {
        let v = data.compare(i, j)
        return (v, tables.context(v), bayesFactor(v, i, j))
    }

    @inline(__always)
    func bayesFactor(_ v: LevelVector, _ i: Int, _ j: Int) -> Float {
        var w: Float = 0
        // a shared identifier on clearly different people is a data error, not evidence
        let skipIds = identifierConflict(v)
        let ctx = tables.context(v)
        let table = tables.weights[tables.row(v, ctx)]
        // a child and an adult's record: never one person, whatever else agrees
        if ageConflict(i, j) { w -= 30 }
        if !ctx.weighsValues {
            for f in PersonField.allCases {
                if skipIds && (f == .nino || f == .nhsNumber) { continue }
                w += table[f.rawValue * 16 + Int(v[f])]   // excluded fields weigh 0 in the table
            }
            if ctx == .sameName { w += sameNameOffset(i) }
            return w
        }
        let joint = usesFullNameWeight(v, i)
        if joint { w += fullNameWeight[Int(data.fullName[i])] }
        for f in PersonField.allCases {
            if skipIds && (f == .nino || f == .nhsNumber) { continue }
            if joint && (f == .givenName || f == .surname) { continue }
            let l = v[f]
            w += table[f.rawValue * 16 + Int(l)]
            if l == 1 && tables.tfActive[f.rawValue] {
                let id = data.agreedValue(f, i)
                if id >= 0 { w += tfAdjust[f.rawValue][Int(id)] }
            }
        }
        if ctx == .sharedReference { w += data.referencePriorLog2Odds(i, j) }
        return w
    }

    @inline(__always)
    func log2Odds(_ v: LevelVector, _ bf: Float) -> Float {
        bf + tables.logits[tables.context(v).rawValue]!
    }

    /// Score of any pair (canonical positions) as log2 odds.
    func pairLog2Odds(_ i: Int, _ j: Int) -> Float {
        let (v, _, bf) = evidence(min(i, j), max(i, j))
        return log2Odds(v, bf)
    }

    func fmt(_ x: Double) -> String {
        if x == 0 { return "0" }
        if abs(x) < 0.001 {
            let e = Int(floor(log10(abs(x))))
            let mant = x / pow(10, Double(e))
            return "\(Double(Int(mant * 100)) / 100)e\(e)"
        }
        return "\(Double(Int(x * 10000)) / 10000)"
    }
}

/// A well-mixed hash of a pair, for deterministic sampling.
@inline(__always)
func pairHash(_ i: Int, _ j: Int) -> UInt64 {
    var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(j) &* 0xC2B2_AE3D_27D4_EB4F
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
