/// A source record prepared for matching: parsed, with its words looked up in the gazetteer.
struct AddressQuery {
    struct Word {
        var text: String
        var zone: AddressZone
        /// Gazetteer words it may be (exact first, else misspellings), with similarities.
        var resolved: [(Int32, Double)]
        /// Its weight when it goes unmatched.
        var weight: Double
        /// True when some candidate holds it (set per candidate group).
        var inGroup = false
    }

    var parsed: ParsedAddress
    var words: [Word] = []
    var building: BuildingNumber?
    var extra: [BuildingNumber] = []
    var flatID: String?
    var floors = FloorSet()
    var hasSub = false
    var mayBeFlat = false
    var postcodes: [String] = []
    var outward: String?

    /// Every number in the record (building, flat, extra), for candidate generation.
    var numberValues: [Int] {
        var v: [Int] = []
        if let b = building { v.append(b.low); if let h = b.high { v.append(h) } }
        for x in extra { v.append(x.low) }
        if let f = flatID, let n = Int(f) { v.append(n) }
        return v
    }
}

/// What scoring found out about one candidate, for choosing a method and explaining.
struct CandidateEvidence {
    var score = 0.0
    var numberMatched = false
    var flatMatched = false
    var postcodeExact = false
    var fuzzyWord = false
    var allWordsExact = true
    var nameMatched = false
    /// Same building number exactly, and the same flat and floors (or none on both sides).
    var unitExact = false
    /// The record's house or flat number contradicts this entry's: it may be listed as a
    /// candidate but is never chosen.
    var conflict = false
}

extension AddressIndex {

    /// Matches one free-text address (with its postcode column, if the source has one).
    ///
    /// Never forces: when the best two properties cannot be told apart the result is ambiguous
    /// with no UPRN; when nothing fits it is unmatched; either way the candidates are listed.
    public func match(_ text: String, postcode: String? = nil) -> AddressMatch {
        let parsed = AddressParser.parse(text, postcode: postcode)
        var query = prepare(parsed)
        let candidates = generateCandidates(&query)
        return decide(query, candidates)
    }

    /// Matches an address that has already been parsed.
    public func match(parsed: ParsedAddress) -> AddressMatch {
        var query = prepare(parsed)
        let candidates = generateCandidates(&query)
        return decide(query, candidates)
    }

    // MARK: Query

    func prepare(_ parsed: ParsedAddress) -> AddressQuery {
        var q = AddressQuery(parsed: parsed)
        q.building = parsed.buildingNumber
        q.extra = parsed.extraNumbers.compactMap { BuildingNumber($0) }
        if let s = parsed.subBuilding {
            q.hasSub = !s.isEmpty
            q.flatID = s.identifier.map(AddressText.normaliseFlatID)
            q.floors = s.floors
        }
        q.mayBeFlat = parsed.numberMayBeFlat
        if let p = parsed.postcode { q.postcodes.append(p) }
        if let p = parsed.otherPostcode { q.postcodes.append(p) }
        q.outward = parsed.outwardCode ?? parsed.postcode.map { String(AddressPostcode.outward($0)) }
        var seen = Set<String>()
        for (k, w) in parsed.tokens.enumerated() {
            let zone = parsed.zones[k]
            guard zone != .number, zone != .subBuilding || (parsed.subBuilding?.descriptors.contains(w) ?? false),
                  !AddressText.stopWords.contains(w), !(AddressLexer.isPlainNumber(w)) else { continue }
            guard seen.insert(w).inserted else { continue }
            let resolved = resolve(w)
            let wordWeight = resolved.map { self.weight($0.0) * $0.1 }.max()
                ?? AddressIndex.idf(documentFrequency: 0, entries: records.count, word: w)
            q.words.append(.init(text: w, zone: zone, resolved: resolved, weight: wordWeight))
        }
        // Two words that the gazetteer writes as one ("BROAD STONE" / "BROADSTONE").
        if q.words.count >= 2 {
            for k in 0..<(q.words.count - 1) {
                let joined = q.words[k].text + q.words[k + 1].text
                if let id = vocabulary[joined] {
                    q.words[k].resolved.append((id, 0.9))
                    q.words[k + 1].resolved.append((id, 0.9))
                }
            }
        }
        return q
    }

    // MARK: Candidates

    /// Gathers the entries worth scoring: the postcode's, the entries sharing a rare word and a
    /// number with the record, entries named by a rare building word, and (when the postcode is
    /// wrong or missing and nothing else turned up) neighbouring postcodes' entries.
    func generateCandidates(_ q: inout AddressQuery) -> [Int32] {
        var set = CandidateSet()
        let numbers = q.numberValues.map { Int32(truncatingIfNeeded: $0) }
        func numberFits(_ e: Int32) -> Bool {
            if numbers.isEmpty { return true }
            let p = records[Int(e)].paon
            for n in numbers {
                if let p, Int(n) >= p.low, Int(n) <= (p.high ?? p.low) { return true }
            }
            if let f = records[Int(e)].flatID, let v = Int32(f) { return numbers.contains(v) }
            return false
        }
        // 1. the postcode
        var postcodeFound = false
        for pc in q.postcodes {
            guard let list = postcodeEntries[pc] else { continue }
            postcodeFound = true
            if list.count <= 400 { for e in list { set.insert(e) } } else { for e in list where numberFits(e) { set.insert(e) } }
        }
        // 2. words, rarest first: a rare word brings all its entries; a common one only the
        //    entries that share one of the record's numbers.
        var byRarity: [Int32] = []
        for w in q.words { for (id, _) in w.resolved where !byRarity.contains(id) { byRarity.append(id) } }
        byRarity.sort { documentFrequency[Int($0)] < documentFrequency[Int($1)] }
        var used = 0
        // A word on more than 2% of entries ("ROAD", "LONDON") only helps when nothing rarer did.
        let commonLimit = max(records.count / 50, 200)
        for (k, id) in byRarity.enumerated() {
            let list = postings[Int(id)]
            let df = Int(documentFrequency[Int(id)])
            if df <= 60 {
                for p in list { set.insert(p.entry) }
            } else if !numbers.isEmpty, used < 3, df <= commonLimit || (used == 0 && k == byRarity.count - 1) {
                for n in numbers { for p in list.run(for: n) { set.insert(p.entry) } }
                used += 1
            } else if numbers.isEmpty, used < 2, list.count <= 3_000 {
                for p in list { set.insert(p.entry) }
                used += 1
            }
            if set.count > 4_000 { break }
        }
        // 3. neighbouring postcodes when the postcode found nothing
        if !postcodeFound, set.count < 5, let pc = q.postcodes.first {
            for other in sectorPostcodes[AddressPostcode.sector(pc)] ?? [] {
                for e in postcodeEntries[other] ?? [] where numberFits(e) { set.insert(e) }
            }
        }
        var result = set.sortedUnique()
        if result.count > 600 {
            // Too many: keep those sharing most word weight.
            let scored = result.map { e -> (Int32, Double) in
                let r = records[Int(e)]
                var s = 0.0
                for w in q.words { for (id, sim) in w.resolved where r.tokens.contains(id) { s += weight(id) * sim; break } }
                if let pc = r.postcode, q.postcodes.contains(pc) { s += 5 }
                return (e, s)
            }
            result = scored.sorted { $0.1 > $1.1 }.prefix(600).map(\.0)
        }
        // Which record words any candidate holds (group context for scoring).
        for k in q.words.indices {
            let ids = q.words[k].resolved.map(\.0)
            var found = false
            for id in ids where !found {
                // the word's postings are sorted by number, not entry: check from the candidates' side
                for e in result where records[Int(e)].tokens.contains(id) { found = true; break }
            }
            q.words[k].inGroup = found
        }
        return result
    }

    // MARK: Scoring

    /// Scores one candidate: the sum of the evidence for and against it.
    func score(_ q: AddressQuery, _ e: Int32, topFloor: [String: Int]) -> CandidateEvidence {
        let r = records[Int(e)]
        var ev = CandidateEvidence()
        var s = 0.0

        // A record number that is this entry's flat number, not its building number ("FLAT 8
        // HARMONY COURT" for "FLAT 8, HARMONY COURT, 12 FOREST CRESCENT").
        var buildingIsFlat = false
        if q.flatID == nil, let b = q.building, let cf = r.flatID, b.description == cf, r.paon != b {
            buildingIsFlat = true
        }
        // A name that agrees on an entry whose number disagrees is weak evidence: trading names
        // change and repeat; house numbers rarely do.
        let numberConflict: Bool = {
            guard let b = q.building, let p = r.paon, !buildingIsFlat else { return false }
            return numberAgreement(b, p) == 0 && !(b.low == p.low)
        }()

        // Words
        var matched = [Bool](repeating: false, count: r.tokens.count)
        for w in q.words {
            var best = 0.0, bestK = -1, bestSim = 0.0
            for (id, sim) in w.resolved {
                guard let k = r.tokens.firstIndex(of: id) else { continue }
                var roleFactor = r.roles[k] == .locality ? AddressScoring.placeFactor : 1
                if numberConflict && r.roles[k] == .name { roleFactor *= 0.5 }
                let v = sim * weight(id) * roleFactor
                if v > best { best = v; bestK = k; bestSim = sim }
            }
            if bestK >= 0 {
                s += best
                matched[bestK] = true
                if bestSim < 1 { ev.fuzzyWord = true; ev.allWordsExact = false }
                if r.roles[bestK] == .name { ev.nameMatched = true }
            } else {
                if w.zone != .locality { ev.allWordsExact = false }
                if !w.inGroup && w.zone == .street {
                    // a street word the gazetteer does not know: the street is not fully found
                    s -= AddressScoring.unknownStreetWord * w.weight
                }
                if w.inGroup {
                    let zoneFactor = w.zone == .locality ? AddressScoring.placeFactor : (w.zone == .name ? AddressScoring.nameMissFactor : 1)
                    s -= AddressScoring.inputMiss * w.weight * zoneFactor
                }
            }
        }
        // The record names a business or building: a different name on the entry is one
        // disagreement (trading names change), and a plain flat is an unlikely reading.
        let recordHasName = q.words.contains { $0.zone == .name }
        var entryHasName = false
        for (k, id) in r.tokens.enumerated() where !matched[k] {
            var f = AddressScoring.candidateExtra(r.roles[k])
            if r.roles[k] == .name { entryHasName = true; if recordHasName { f = AddressScoring.nameDisagreement } }
            s -= f * weight(id)
            if r.roles[k] != .locality { ev.allWordsExact = false }
        }
        if !entryHasName { entryHasName = r.roles.contains(.name) }
        if recordHasName && !q.hasSub && r.hasSub && !entryHasName { s += AddressScoring.nameForFlat }

        // Building number
        var usedBuilding = false, usedFlat = false, paonMatched = false, candFlatExplained = false
        var usedExtra = [Bool](repeating: false, count: q.extra.count)
        if buildingIsFlat {
            s += AddressScoring.flatMatch * 0.8
            usedBuilding = true
            candFlatExplained = true
            ev.flatMatched = true
            // and the building's own number, if the record gave it elsewhere
            if let p = r.paon {
                if let k = q.extra.indices.first(where: { numberAgreement(q.extra[$0], p) > 0 }) {
                    usedExtra[k] = true
                    s += AddressScoring.numberMatch * 0.9
                    ev.numberMatched = true
                } else {
                    s += AddressScoring.numberMissing * 0.5
                }
            }
        } else if let p = r.paon {
            var level = 0.0
            if let b = q.building { level = numberAgreement(b, p) }
            if level > 0 { usedBuilding = true } else {
                for (k, x) in q.extra.enumerated() {
                    let l = numberAgreement(x, p) * 0.95
                    if l > level { level = l; usedExtra = usedExtra.indices.map { $0 == k } }
                }
                if level == 0, q.building == nil, r.flatID == nil, let f = q.flatID, let fb = BuildingNumber(f), numberAgreement(fb, p) > 0 {
                    level = 0.8; usedFlat = true
                }
            }
            if level == 0, let b = q.building, b.low == p.low, !b.isRange, !p.isRange, b.half == p.half {
                // "FLAT B 14" against "14B", and "14B" against "FLAT B, 14".
                if !p.lowSuffix.isEmpty, b.lowSuffix.isEmpty, q.flatID == p.lowSuffix {
                    level = 0.9; usedBuilding = true; usedFlat = true
                } else if !b.lowSuffix.isEmpty, p.lowSuffix.isEmpty, r.flatID == b.lowSuffix {
                    level = 0.9; usedBuilding = true; candFlatExplained = true
                }
            }
            if level > 0 {
                s += level >= 1 ? AddressScoring.numberMatch : AddressScoring.numberRangeMatch * min(level / 0.8, 1.1)
                paonMatched = true
                ev.numberMatched = true
            } else if let b = q.building, b.low == p.low {
                s += AddressScoring.numberNearMiss
                usedBuilding = true
                ev.conflict = true
            } else if q.building != nil || !q.extra.isEmpty {
                s += AddressScoring.numberMismatch
                usedBuilding = true
                ev.conflict = q.building != nil
            } else if !(q.mayBeFlat) {
                s += AddressScoring.numberMissing
            }
        }

        // Flat
        if let cf = r.flatID {
            if candFlatExplained {
                ev.flatMatched = true
            } else if let f = q.flatID, !usedFlat {
                usedFlat = true
                if f == cf { s += AddressScoring.flatMatch; ev.flatMatched = true }
                else if AddressText.ordinalEquivalent(f, cf) { s += AddressScoring.flatOrdinal }
                else { s += AddressScoring.flatMismatch; ev.conflict = true }
            } else if !usedBuilding, let b = q.building, b.description == cf {
                // "FLAT 3" read as a building number, or "3 ASHDOWN HOUSE"
                s += AddressScoring.flatMatch * 0.8; usedBuilding = true; ev.flatMatched = true
            } else if let k = q.extra.indices.first(where: { !usedExtra[$0] && q.extra[$0].description == cf }) {
                s += AddressScoring.flatMatch * 0.8; usedExtra[k] = true; ev.flatMatched = true
            } else {
                s += AddressScoring.flatUnstated
            }
        }

        // Floors
        if !q.floors.isEmpty && !r.floors.isEmpty {
            if let ok = q.floors.compatible(with: r.floors) {
                s += ok ? AddressScoring.floorMatch : AddressScoring.floorMismatch
            } else if let h = r.floors.highest {
                // TOP against levels: the highest floor of this building among the candidates
                let top = topFloor[buildingGroupKey(r)] ?? h
                s += h == top ? AddressScoring.floorMatch * 0.5 : AddressScoring.floorMismatch * 0.5
            }
        } else if !q.floors.isEmpty, r.hasSub, !ev.flatMatched {
            s += AddressScoring.floorUnknown
        }

        // Sub-building present on one side only
        if q.hasSub && !r.hasSub { s += AddressScoring.subMissing }
        if !q.hasSub && r.hasSub && r.flatID == nil { s += AddressScoring.subUnstated }

        // Numbers nobody explained
        if q.building != nil, !usedBuilding, !paonMatched {
            s += AddressScoring.unexplainedNumber
            if r.paon == nil { ev.conflict = true }  // "597 ORFORD WAY" is not "QUEENSBURY MANSIONS, ORFORD WAY"
        }
        for k in usedExtra.indices where !usedExtra[k] { s += AddressScoring.unexplainedNumber * 0.5 }

        ev.unitExact = (q.building == r.paon || (q.building == nil && r.paon == nil)) && q.flatID == r.flatID
            && q.floors == r.floors && q.hasSub == r.hasSub

        // Postcode
        if !q.postcodes.isEmpty, let pc = r.postcode {
            var best = AddressScoring.postcodeWrong
            for qp in q.postcodes {
                let v = postcodeAgreement(qp, pc)
                if v > best { best = v }
            }
            s += best
            ev.postcodeExact = best == AddressScoring.postcodeExact
        } else if q.postcodes.isEmpty, let out = q.outward, let pc = r.postcode {
            s += AddressPostcode.outward(pc) == out ? AddressScoring.postcodeSector : AddressScoring.postcodeWrong * 0.5
        }
        ev.score = s
        return ev
    }

    /// How well a record's number agrees with an entry's: 1 same, 0.8 within a range, 0 not.
    func numberAgreement(_ a: BuildingNumber, _ b: BuildingNumber) -> Double {
        if a == b { return 1 }
        if a.half != b.half { return 0 }
        if !a.isRange && !b.isRange { return 0 }
        if b.isRange && !a.isRange { return b.contains(a.low, suffix: a.lowSuffix) ? 0.8 : 0 }
        if a.isRange && !b.isRange { return a.contains(b.low, suffix: b.lowSuffix) ? 0.7 : 0 }
        // two ranges that overlap
        let aHigh = a.high ?? a.low, bHigh = b.high ?? b.low
        return a.low <= bHigh && b.low <= aHigh ? 0.6 : 0
    }

    /// The postcode evidence: exact, one character off in the same sector, same sector, same
    /// outward code, or wrong.
    func postcodeAgreement(_ a: String, _ b: String) -> Double {
        if a == b { return AddressScoring.postcodeExact }
        let ua = Array(a.utf8), ub = Array(b.utf8)
        if AddressPostcode.sector(a) == AddressPostcode.sector(b) {
            // same sector: one letter of the unit off is a typo or the next-door postcode
            let diff = (ua.count == ub.count) ? zip(ua, ub).filter { $0 != $1 }.count : 2
            return diff == 1 ? AddressScoring.postcodeNear : AddressScoring.postcodeSector
        }
        let sameOutward = AddressPostcode.outward(a) == AddressPostcode.outward(b)
        if sameOutward { return AddressScoring.postcodeOutward }
        if a.hasSuffix(String(b.suffix(3))), AddressText.osaDistance(ua, ub, limit: 1) == 1 {
            return AddressScoring.postcodeNear * 0.5  // a typo in the outward code
        }
        return AddressScoring.postcodeWrong
    }

    /// Entries of one building share this key (for "top floor").
    func buildingGroupKey(_ r: EntryRecord) -> String {
        "\(r.street)|\(r.paon?.description ?? "")|\(r.parent)"
    }

    // MARK: Decision

    func decide(_ q: AddressQuery, _ cands: [Int32]) -> AddressMatch {
        guard !cands.isEmpty else {
            return AddressMatch(uprn: nil, confidence: 0, method: .unmatched, isAmbiguous: false, level: .none,
                                candidates: [], parsed: q.parsed, address: nil,
                                explanation: q.parsed.isEmpty ? "no address to match" : "no gazetteer entry shares a street, name or postcode with this address")
        }
        var topFloor: [String: Int] = [:]
        if q.floors.top {
            for e in cands {
                let r = records[Int(e)]
                if let h = r.floors.highest { topFloor[buildingGroupKey(r), default: h] = max(topFloor[buildingGroupKey(r)] ?? h, h) }
            }
        }
        var scored: [(Int32, CandidateEvidence)] = cands.map { ($0, score(q, $0, topFloor: topFloor)) }
        scored.sort { $0.1.score > $1.1.score || ($0.1.score == $1.1.score && $0.0 < $1.0) }

        // Probabilities: a softmax over the candidates and "none of these".
        let t = AddressScoring.temperature
        let top = max(scored[0].1.score, AddressScoring.nullScore)
        var z = AddressText.expo((AddressScoring.nullScore - top) / t)
        var probs = [Double](repeating: 0, count: scored.count)
        for (k, c) in scored.enumerated() {
            let v = AddressText.expo((c.1.score - top) / t)
            probs[k] = v
            z += v
        }
        for k in probs.indices { probs[k] /= z }

        func candidate(_ k: Int) -> AddressCandidate {
            let e = Int(scored[k].0)
            return AddressCandidate(uprn: entries[e].uprn, address: entries[e].singleLine, probability: probs[k], score: scored[k].1.score)
        }
        var list: [AddressCandidate] = []
        for k in 0..<min(scored.count, 6) { list.append(candidate(k)) }

        let best = scored[0]
        let bestRecord = records[Int(best.0)]
        let p1 = probs[0]
        let p2 = probs.count > 1 ? probs[1] : 0

        if best.1.conflict {
            return AddressMatch(uprn: nil, confidence: p1, method: .unmatched, isAmbiguous: false, level: .none,
                                candidates: list, parsed: q.parsed, address: nil,
                                explanation: "the nearest entry has a different house or flat number")
        }
        // The flats of a building are refinements of it: when the record names no flat and the
        // building itself is best, their probability is the building's too.
        var pBest = p1
        if !q.hasSub && !bestRecord.hasSub {
            for (k, c) in scored.enumerated() where k > 0 && records[Int(c.0)].parent == best.0 { pBest += probs[k] }
        }
        // ...and it must stand clear of the best other property (not one of its own flats).
        let rival = scored.indices.dropFirst().first { records[Int(scored[$0].0)].parent != best.0 }.map { probs[$0] } ?? 0
        if pBest >= AddressScoring.accept, pBest >= AddressScoring.clearMargin * rival {
            let p1 = pBest
            if q.hasSub && !bestRecord.hasSub {
                return AddressMatch(uprn: entries[Int(best.0)].uprn, confidence: p1, method: .parentOnly, isAmbiguous: false,
                                    level: .building, candidates: list, parsed: q.parsed, address: entries[Int(best.0)].singleLine,
                                    explanation: "the flat named is not in the gazetteer; its building is")
            }
            let method = methodFor(q, best.1)
            return AddressMatch(uprn: entries[Int(best.0)].uprn, confidence: p1, method: method, isAmbiguous: false,
                                level: .property, candidates: list, parsed: q.parsed, address: entries[Int(best.0)].singleLine,
                                explanation: explain(method, q, best.1))
        }

        // No single property: is it one building, of which the flat cannot be told?
        let buildingOf: (Int32) -> Int32 = { e in self.records[Int(e)].parent >= 0 ? self.records[Int(e)].parent : e }
        let b0 = buildingOf(best.0)
        var buildingMass = 0.0
        for (k, c) in scored.enumerated() where buildingOf(c.0) == b0 { buildingMass += probs[k] }
        let buildingEvidence = scored.first { $0.0 == b0 }?.1
        if buildingMass >= AddressScoring.accept, records[Int(b0)].parent < 0, q.hasSub, !records[Int(b0)].hasSub,
           let ev = buildingEvidence, !ev.conflict, ev.numberMatched || (q.building == nil && ev.nameMatched),
           scored.count > 1, buildingOf(scored[1].0) == b0 {
            let e = Int(b0)
            return AddressMatch(uprn: entries[e].uprn, confidence: buildingMass, method: .parentOnly, isAmbiguous: false,
                                level: .building, candidates: list, parsed: q.parsed, address: entries[e].singleLine,
                                explanation: "the building is certain but not which of its flats")
        }
        if p1 + p2 >= AddressScoring.accept && p2 >= p1 * 0.25 {
            return AddressMatch(uprn: nil, confidence: p1, method: .ambiguous, isAmbiguous: true, level: .none,
                                candidates: list, parsed: q.parsed, address: nil,
                                explanation: "\(list.count > 1 ? "the top candidates" : "candidates") cannot be told apart (\(pct(p1)) vs \(pct(p2)))")
        }
        return AddressMatch(uprn: nil, confidence: p1, method: .unmatched, isAmbiguous: false, level: .none,
                            candidates: list, parsed: q.parsed, address: nil,
                            explanation: "no candidate fits well enough (best \(pct(p1)))")
    }

    func methodFor(_ q: AddressQuery, _ ev: CandidateEvidence) -> AddressMatchMethod {
        if ev.postcodeExact && ev.allWordsExact && ev.unitExact {
            return .exact
        }
        if ev.fuzzyWord { return .fuzzyStreet }
        if q.postcodes.isEmpty { return ev.numberMatched || q.building != nil ? .noPostcode : .buildingName }
        if !ev.numberMatched && ev.nameMatched { return .buildingName }
        if ev.postcodeExact { return .postcodeAndNumber }
        return .streetAndNumber
    }

    func explain(_ m: AddressMatchMethod, _ q: AddressQuery, _ ev: CandidateEvidence) -> String {
        switch m {
        case .exact: return "every part of the address and the postcode agree"
        case .postcodeAndNumber: return "postcode and building number agree"
        case .streetAndNumber: return "street and number agree; the postcode given differs from the gazetteer's"
        case .fuzzyStreet: return "a word was misspelt; the rest agrees"
        case .noPostcode: return "no postcode given; street and number agree"
        case .buildingName: return "found by building or business name"
        case .parentOnly: return "building only"
        case .ambiguous: return "ambiguous"
        case .unmatched: return "unmatched"
        }
    }

    private func pct(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }
}

/// An append-only bag of entry ids, deduplicated once at the end (cheaper than a Set for the
/// few hundred ids a record gathers).
struct CandidateSet {
    private(set) var ids: [Int32] = []
    var count: Int { ids.count }
    mutating func insert(_ e: Int32) { ids.append(e) }
    func sortedUnique() -> [Int32] {
        var s = ids.sorted()
        var w = 0
        for i in s.indices where i == 0 || s[i] != s[i - 1] { s[w] = s[i]; w += 1 }
        s.removeLast(s.count - w)
        return s
    }
}
