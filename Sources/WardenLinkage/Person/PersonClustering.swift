#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PersonEngine {

    /// Clearly different people: at least two of given name, surname, date of birth and sex
    /// disagree outright.
    @inline(__always)
    func clearlyDifferent(_ v: LevelVector) -> Bool {
        var n = 0
        if v[.givenName] == Level.gDifferent || v[.givenName] == Level.gDifferentSameInitial { n += 1 }
        if v[.surname] == Level.sDifferent { n += 1 }
        if v[.dateOfBirth] == Level.dDifferent { n += 1 }
        if v[.sex] == 2 { n += 1 }
        return n >= 2
    }

    /// The same NI or NHS number on two clearly different people: a data error to report,
    /// and no evidence that they are one person.
    @inline(__always)
    func identifierConflict(_ v: LevelVector) -> Bool {
        (v[.nino] == 1 || v[.nhsNumber] == 1) && clearlyDifferent(v)
    }

    /// A child's date of birth on one record, and a record on the other that only an adult
    /// holds (a year's slack for a mistyped date).
    @inline(__always)
    func ageConflict(_ i: Int, _ j: Int) -> Bool {
        let bi = data.bornBy[i], bj = data.bornBy[j]
        if bi != 0, data.dobEarliest[j] != 0, data.dobEarliest[j] > bi &+ 365 { return true }
        if bj != 0, data.dobEarliest[i] != 0, data.dobEarliest[i] > bj &+ 365 { return true }
        return false
    }

    /// One record says the person died; the other has them take up an address more than six
    /// months later (a new liability, claim or tenancy: a namesake, not the deceased; the
    /// estate's own account starts on the day of death).
    @inline(__always)
    func livingAfterDeath(_ i: Int, _ j: Int) -> Bool {
        let di = data.diedOn[i], dj = data.diedOn[j]
        if di != 0, data.perStart[j] > di &+ 183 { return true }
        if dj != 0, data.perStart[i] > dj &+ 183 { return true }
        return false
    }

    /// Why two records can never be one person, or nil.
    func hardConflict(_ i: Int, _ j: Int, _ v: LevelVector) -> String? {
        let g = data.distinctGroup[i]
        if g >= 0 && g == data.distinctGroup[j] { return "known to be different people in one source (same claim or household)" }
        if ageConflict(i, j) { return "one was a child when the other record says an adult" }
        if livingAfterDeath(i, j) { return "one record places the person at an address long after the other's death" }
        if v[.nino] == 3 { return "different NI numbers" }
        if v[.nhsNumber] == 2 { return "different NHS numbers" }
        if identifierConflict(v) { return "shared identifier on clearly different people" }
        return nil
    }

    /// Clearly different dates of birth veto a link unless the pair is a link on its own
    /// evidence (everything else agreeing strongly enough to outweigh the date): a data entry
    /// error in a date should not split a person, but a date is what tells a father from his
    /// son of the same name, so it must stop a chain through a third record.
    /// Dates weeks or months apart veto too where the data say they are two people's (EM gave
    /// the level a negative weight: council records, where dates are typed, not perturbed),
    /// and not where they are one person's (benchmark files that shift dates by weeks).
    @inline(__always)
    func dateVeto(_ v: LevelVector, log2Odds lo: Float) -> Bool {
        let d = v[.dateOfBirth]
        guard d == Level.dDifferent || d == Level.dWithinMonth || d == Level.dWithinYear else { return false }
        if d != Level.dDifferent && tables.weights[PairContext.general.rawValue][PersonField.dateOfBirth.rawValue * 16 + Int(d)] >= 0 { return false }
        return Double(lo) < log2(options.threshold / (1 - options.threshold))
    }

    struct ClusterOutcome {
        var clusterOf: [Int32]          // canonical position → root (canonical position)
        var ambiguous: [Int32: [Int32]] // record → roots of the clusters it matched
    }

    /// Links records into people: edges above the threshold are taken strongest first; two
    /// clusters merge only if no pair across them has a hard conflict or is clearly not a
    /// match, and the mean support across them is at least `clusterSupport` (a pair's support
    /// is its probability, or at least 0.5 when it holds no evidence against: see
    /// `mergeRefusal`), so a chain of links cannot join people who disagree with each other. A record that matches
    /// two people who cannot be merged about equally well is left unlinked and reported.
    func cluster(_ pairs: CandidatePairs) -> ClusterOutcome {
        let t = options.threshold
        let minOdds = Float(log2(t / (1 - t)))
        var edges: [(Float, Int32, Int32)] = []
        for k in 0..<pairs.count {
            let lo = log2Odds(LevelVector(packed: pairs.levels[k]), pairs.bayes[k])
            if lo >= minOdds { edges.append((lo, pairs.i[k], pairs.j[k])) }
        }
        edges.sort { a, b in
            if a.0 != b.0 { return a.0 > b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            return a.2 < b.2
        }
        var first = greedy(edges, excluded: [])
        if options.linkSoleCandidates { linkSoleCandidates(pairs, &first) }
        // ambiguity: a record whose best link outside its cluster is nearly as strong as inside
        let margin = Float(options.ambiguityMargin)
        var bestIn = [Float](repeating: -.infinity, count: data.n)
        var bestOut = [Float](repeating: -.infinity, count: data.n)
        var outRoots: [Int32: [Int32]] = [:]
        for (w, i, j) in edges {
            let ri = first.find(Int(i)), rj = first.find(Int(j))
            if ri == rj {
                bestIn[Int(i)] = max(bestIn[Int(i)], w); bestIn[Int(j)] = max(bestIn[Int(j)], w)
            } else {
                bestOut[Int(i)] = max(bestOut[Int(i)], w); bestOut[Int(j)] = max(bestOut[Int(j)], w)
                outRoots[i, default: []].append(Int32(rj)); outRoots[j, default: []].append(Int32(ri))
            }
        }
        var ambiguous: [Int32: [Int32]] = [:]
        for r in 0..<data.n where bestIn[r] > -.infinity && bestOut[r] > -.infinity && bestOut[r] >= bestIn[r] - margin {
            let own = Int32(first.find(r))
            ambiguous[Int32(r)] = Array(Set([own] + (outRoots[Int32(r)] ?? []))).sorted()
            if tracedPositions.contains(Int32(r)) {
                traceLog.append("#\(data.callerIndex[r]) ambiguous: best link inside \(bestIn[r]) bits, outside \(bestOut[r]) bits; clusters " +
                                ambiguous[Int32(r)]!.map { describe(first.members[Int($0)]) }.joined(separator: " "))
            }
        }
        if !ambiguous.isEmpty {
            first = greedy(edges, excluded: Set(ambiguous.keys))
            if options.linkSoleCandidates { linkSoleCandidates(pairs, &first, excluded: Set(ambiguous.keys)) }
            for r in reconsiderAmbiguous(edges, &first, pending: Set(ambiguous.keys)) {
                if tracedPositions.contains(r) { traceLog.append("#\(data.callerIndex[Int(r)]) no longer ambiguous once the others were set aside: joins \(describe(first.members[first.find(Int(r))]))") }
                ambiguous[r] = nil
            }
        }
        var clusterOf = [Int32](repeating: 0, count: data.n)
        for r in 0..<data.n { clusterOf[r] = Int32(first.find(r)) }
        return ClusterOutcome(clusterOf: clusterOf, ambiguous: ambiguous)
    }

    /// Records set aside as ambiguous, looked at again once every ambiguous record is out: a
    /// record often looked ambiguous only because another one had been put in the wrong person
    /// (a summons to "E Celik" on a couple's joint account, placed with the wife, made the
    /// husband's own council tax and register entries look as close to her as to him). A record
    /// whose best link to a person is now clearly stronger (by the margin) than its best to any
    /// other joins that person, strongest first, until no more can; the rest stay unlinked.
    /// (Links to records still set aside do not count as rivals: counted, they kept every
    /// record out, the husband's included, and changed nothing on the sample.)
    /// Returns the records that joined.
    func reconsiderAmbiguous(_ edges: [(Float, Int32, Int32)], _ uf: inout UnionFind, pending start: Set<Int32>) -> [Int32] {
        let margin = Float(options.ambiguityMargin)
        var pending = start
        var links: [Int32: [(Float, Int32)]] = [:]
        for (w, i, j) in edges {
            if pending.contains(i) { links[i, default: []].append((w, j)) }
            if pending.contains(j) { links[j, default: []].append((w, i)) }
        }
        // strongest best link first (edges are sorted, so each list's first is its best); the
        // order does not change between passes, only who is still pending
        let order = pending.sorted { a, b in
            let wa = links[a]?.first?.0 ?? -.infinity, wb = links[b]?.first?.0 ?? -.infinity
            return wa != wb ? wa > wb : a < b
        }
        var joined: [Int32] = []
        var changed = true
        while changed {
            changed = false
            for r in order where pending.contains(r) {
                var best: [Int: Float] = [:]
                for (w, o) in links[r] ?? [] where !pending.contains(o) {
                    let root = uf.find(Int(o))
                    if w > best[root] ?? -.infinity { best[root] = w }
                }
                // the people r could be: a person it cannot be (a conflict) is no rival; the merge
                // checks run strongest first, and only while a rival could still be within the margin
                let root = uf.find(Int(r))
                let ranked = best.filter { $0.key != root }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                var top: (key: Int, value: Float)? = nil
                var rivalled = false
                for c in ranked {
                    if let t = top, c.value < t.value - margin { break }
                    guard canMerge(uf.members[root], uf.members[c.key]) else { continue }
                    if top == nil { top = c } else { rivalled = true; break }
                }
                guard let top, !rivalled else { continue }
                uf.join(top.key, root)
                pending.remove(r); joined.append(r); changed = true
            }
        }
        return joined
    }

    /// A record still on its own whose every plausible partner (probability ≥ 0.05) is in one
    /// person, and whose best pair is more likely than not (≥ 0.5), joins that person if the
    /// usual merge checks pass. Pairwise scores judge "is r this record?" one pair at a time;
    /// an elector "J Smith" at an address where the only J is John has no competitor, which
    /// the pair score cannot see.
    func linkSoleCandidates(_ pairs: CandidatePairs, _ uf: inout UnionFind, excluded: Set<Int32> = []) {
        let plausible = Float(log2(0.05 / 0.95))
        var partners: [Int32: [(Float, Int32, UInt8)]] = [:]
        for k in 0..<pairs.count {
            let lo = log2Odds(LevelVector(packed: pairs.levels[k]), pairs.bayes[k])
            guard lo >= plausible else { continue }
            partners[pairs.i[k], default: []].append((lo, pairs.j[k], pairs.context[k]))
            partners[pairs.j[k], default: []].append((lo, pairs.i[k], pairs.context[k]))
        }
        for r in partners.keys.sorted() where !excluded.contains(r) {
            let root = uf.find(Int(r))
            guard uf.members[root].count == 1 else { continue }
            let cands = partners[r]!.filter { !excluded.contains($0.1) }
            // only within a postcode, where the candidates are everyone who could be meant: a
            // namesake across the borough having no rival says nothing
            guard let best = cands.max(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }), best.0 >= 0,
                  best.2 == UInt8(PairContext.neighbourhood.rawValue) || best.2 == UInt8(PairContext.family.rawValue) else { continue }
            let target = uf.find(Int(best.1))
            guard target != root, cands.allSatisfy({ uf.find(Int($0.1)) == target }) else { continue }
            if canMerge(uf.members[root], uf.members[target]) { uf.join(target, root) }
        }
    }

    struct UnionFind {
        var parent: [Int32]
        var members: [[Int32]]
        init(_ n: Int) { parent = (0..<n).map { Int32($0) }; members = (0..<n).map { [Int32($0)] } }
        /// Joins the clusters of roots `a` and `b`: the smaller joins the larger, `a` on a tie.
        mutating func join(_ a: Int, _ b: Int) {
            let (keep, other) = members[a].count >= members[b].count ? (a, b) : (b, a)
            parent[other] = Int32(keep)
            members[keep].append(contentsOf: members[other])
            members[other] = []
        }
        mutating func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != Int32(r) { r = Int(parent[r]) }
            var y = x
            while parent[y] != Int32(r) { let nx = Int(parent[y]); parent[y] = Int32(r); y = nx }
            return r
        }
    }

    func greedy(_ edges: [(Float, Int32, Int32)], excluded: Set<Int32>) -> UnionFind {
        var uf = UnionFind(data.n)
        for (_, i, j) in edges {
            if !excluded.isEmpty && (excluded.contains(i) || excluded.contains(j)) { continue }
            let ra = uf.find(Int(i)), rb = uf.find(Int(j))
            if ra == rb { continue }
            if canMerge(uf.members[ra], uf.members[rb]) {
                // on a tie the lower position is the root
                if uf.members[ra].count == uf.members[rb].count && rb < ra { uf.join(rb, ra) } else { uf.join(ra, rb) }
            }
        }
        // (cluster ids are made canonical later: the smallest caller index of the members)
        return uf
    }

    /// log2 odds below which a pair may be clearly two people (probability under 0.05).
    static let clearlyDifferentOdds = Float(log2(0.05 / 0.95))
    /// Evidence against (bits) at which an improbable pair is clearly two people.
    static let clearlyDifferentBits: Float = -6
    /// Evidence against (bits) above which a pair is silent: it neither supports nor opposes
    /// a merge (on the sample, −2 bits gave recall +3.9 points for precision −0.08; −1 and −4
    /// were within 0.01 of it).
    static let silentBits: Float = -2

    /// The evidence against a pair being one person: the sum of the negative level weights
    /// (disagreements), in bits. A low probability alone is not evidence against — two records
    /// of one person who moved may share only a name, and the prior then keeps the probability
    /// low — but disagreeing dates of birth, middle names or residence at the same time are.
    func evidenceAgainst(_ v: LevelVector, _ i: Int, _ j: Int) -> Float {
        let ctx = tables.context(v)
        let table = tables.weights[tables.row(v, ctx)]
        var against: Float = ageConflict(i, j) ? -30 : 0
        let skipIds = identifierConflict(v)
        for f in PersonField.allCases {
            if skipIds && (f == .nino || f == .nhsNumber) { continue }
            // no one else known at both homes is a missing corroboration, not a disagreement
            if f == .household { continue }
            let w = table[f.rawValue * 16 + Int(v[f])]
            if w < 0 { against += w }
        }
        return against
    }

    func canMerge(_ a: [Int32], _ b: [Int32]) -> Bool {
        let why = mergeRefusal(a, b)
        if let why, !tracedPositions.isEmpty, a.contains(where: tracedPositions.contains) || b.contains(where: tracedPositions.contains) {
            traceLog.append("merge refused: \(describe(a)) + \(describe(b)): \(why)")
        }
        return why == nil
    }

    /// Records of a cluster in the caller's terms, for traces.
    func describe(_ members: [Int32]) -> String {
        "{" + members.prefix(8).map { "#\(data.callerIndex[Int($0)])" }.joined(separator: ",") + (members.count > 8 ? ",…" : "") + "}"
    }

    /// Why two clusters cannot be one person, or nil when they can.
    func mergeRefusal(_ a: [Int32], _ b: [Int32]) -> String? {
        let xa = a.count > 48 ? Array(a.sorted().prefix(48)) : a
        let xb = b.count > 48 ? Array(b.sorted().prefix(48)) : b
        var sum = 0.0
        // A person known under two surnames (a marriage): a record under one of them is not
        // set against the other group's record under the other when that group already holds
        // the first surname too.
        // Likewise a record's time at its home is not set against the other group's record at
        // another address when the other group already places the person at that same home
        // (a claim that still lists a non-dependant who has moved into a flat of their own).
        // (built on the first disagreement: most merges never need them)
        var surnamesA: Set<Int32>? = nil, surnamesB: Set<Int32>? = nil
        var homesA: Set<Int64>? = nil, homesB: Set<Int64>? = nil
        for x in xa {
            for y in xb {
                let i = Int(min(x, y)), j = Int(max(x, y))
                var (v, _, bf) = evidence(i, j)
                var changed = false
                if v[.surname] == Level.sDifferent {
                    if surnamesA == nil { surnamesA = Set(a.map { data.surname[Int($0)] }); surnamesB = Set(b.map { data.surname[Int($0)] }) }
                    if surnamesB!.contains(data.surname[Int(x)]) || surnamesA!.contains(data.surname[Int(y)]) {
                        v[.surname] = 0; changed = true
                    }
                }
                if v[.period] == Level.tSameTime {
                    if homesA == nil { homesA = Set(a.map { data.uprn[Int($0)] }); homesB = Set(b.map { data.uprn[Int($0)] }) }
                    let ux = data.uprn[Int(x)], uy = data.uprn[Int(y)]
                    if (ux != 0 && homesB!.contains(ux)) || (uy != 0 && homesA!.contains(uy)) {
                        v[.period] = 0; changed = true
                    }
                }
                if changed { bf = bayesFactor(v, i, j) }
                if let c = hardConflict(i, j, v) { return "#\(data.callerIndex[i])–#\(data.callerIndex[j]): \(c)" }
                let lo = log2Odds(v, bf)
                // Evidence against matters only for a pair below even odds: a pair the model is
                // 95% sure are two people, and for a reason (disagreements), not only for lack
                // of evidence, is never joined through others; and a pair with no evidence either
                // way (the records share a name and little else: a landlord's let property and
                // their home, a summons written "D Conteh") does not count against the merge:
                // what keeps a chain from joining two people is their disagreements, not their
                // silence. (This needs calibrated probabilities: while the same-name prior was
                // EM's, namesakes living apart at 0.98 were one person 83% of the time at
                // 100,000 residents, and silent namesakes joined.)
                var support = probability(fromLog2Odds: Double(lo))
                if lo < 0 {
                    let against = evidenceAgainst(v, i, j)
                    if lo < PersonEngine.clearlyDifferentOdds && against < PersonEngine.clearlyDifferentBits { return "#\(data.callerIndex[i])–#\(data.callerIndex[j]) clearly different (\(against) bits against)" }
                    if against > PersonEngine.silentBits { support = 0.5 }
                }
                if dateVeto(v, log2Odds: lo) { return "#\(data.callerIndex[i])–#\(data.callerIndex[j]): dates of birth differ" }
                sum += support
            }
        }
        let mean = sum / Double(xa.count * xb.count)
        return mean >= options.clusterSupport ? nil : "mean support \(mean) below \(options.clusterSupport)"
    }

    /// Identifier conflicts, both ways round: one NI or NHS number held by clearly different
    /// people, and records that are one person by every other field but carry different
    /// numbers (kept apart, and listed so an officer can decide).
    func identifierConflicts(_ pairs: CandidatePairs) -> [IdentifierConflict] {
        var out = sharedIdentifierConflicts()
        let t = options.threshold
        let minOdds = Float(log2(t / (1 - t)))
        var found: [(Int, Int, PersonField)] = []
        for k in 0..<pairs.count {
            let v = LevelVector(packed: pairs.levels[k])
            guard v[.nino] == 3 || v[.nhsNumber] == 2 else { continue }
            // the evidence without the identifiers that disagree
            var w = v
            w[.nino] = v[.nino] == 3 ? 0 : v[.nino]
            w[.nhsNumber] = v[.nhsNumber] == 2 ? 0 : v[.nhsNumber]
            let i = Int(pairs.i[k]), j = Int(pairs.j[k])
            if log2Odds(w, bayesFactor(w, i, j)) >= minOdds {
                found.append((i, j, v[.nino] == 3 ? .nino : .nhsNumber))
            }
        }
        for (i, j, f) in found {
            let a = data.callerIndex[i], b = data.callerIndex[j]
            out.append(IdentifierConflict(field: f, value: "\(data.display(f, i)) / \(data.display(f, j))",
                                          records: [min(a, b), max(a, b)],
                                          reason: "one person by every other field, but different \(f)s: not linked"))
        }
        return out
    }

    /// Identifiers (NI and NHS numbers) held by records that are clearly different people.
    func sharedIdentifierConflicts() -> [IdentifierConflict] {
        var out: [IdentifierConflict] = []
        for (field, col, table) in [(PersonField.nino, data.nino, data.ninoTable), (.nhsNumber, data.nhs, data.nhsTable)] {
            guard model[field].active || (data.nonNull[field] ?? 0) >= 2 else { continue }
            var entries: [(Int32, Int32)] = []
            for i in 0..<data.n where col[i] >= 0 { entries.append((col[i], Int32(i))) }
            entries.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var s = 0
            while s < entries.count {
                var e = s + 1
                while e < entries.count && entries[e].0 == entries[s].0 { e += 1 }
                let size = e - s
                let value = table.strings[Int(entries[s].0)]
                if size > 50 {
                    out.append(IdentifierConflict(field: field, value: value,
                                                  records: entries[s..<e].map { data.callerIndex[Int($0.1)] }.sorted(),
                                                  reason: "held by \(size) records: a placeholder or shared value, not used as evidence"))
                } else if size >= 2 {
                    var involved = Set<Int32>()
                    var reasons: [String] = []
                    for x in s..<e { for y in (x + 1)..<e {
                        let i = Int(entries[x].1), j = Int(entries[y].1)
                        let v = data.compare(i, j)
                        if clearlyDifferent(v) {
                            involved.insert(Int32(i)); involved.insert(Int32(j))
                            if reasons.count < 3 {
                                var what: [String] = []
                                if v[.givenName] == Level.gDifferent || v[.givenName] == Level.gDifferentSameInitial { what.append("given names \(data.display(.givenName, i)) / \(data.display(.givenName, j))") }
                                if v[.surname] == Level.sDifferent { what.append("surnames \(data.display(.surname, i)) / \(data.display(.surname, j))") }
                                if v[.dateOfBirth] == Level.dDifferent { what.append("dates of birth \(data.display(.dateOfBirth, i)) / \(data.display(.dateOfBirth, j))") }
                                if v[.sex] == 2 { what.append("sex \(data.display(.sex, i)) / \(data.display(.sex, j))") }
                                reasons.append(what.joined(separator: ", "))
                            }
                        }
                    } }
                    if !involved.isEmpty {
                        out.append(IdentifierConflict(field: field, value: value,
                                                      records: involved.map { data.callerIndex[Int($0)] }.sorted(),
                                                      reason: "clearly different people: " + reasons.joined(separator: "; ")))
                    }
                }
                s = e
            }
        }
        return out
    }
}
