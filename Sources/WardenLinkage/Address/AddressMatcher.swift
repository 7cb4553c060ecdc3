/// What kind of property a source's records are about, when the source says (business rates
/// are about shops and offices; council tax about dwellings). It only matters when a record does
/// not say which unit of a building it means.
public enum PropertyUse: String, Sendable, Codable, CaseIterable {
    /// Anything (the default).
    case any
    /// Homes: flats and houses.
    case residential
    /// Non-domestic property: shops, offices, workshops.
    case business
}

/// A source record prepared for matching: parsed, with its words looked up in the gazetteer and
/// its numbers, flat and postcode turned into the index's integer codes.
struct AddressQuery {
    struct Word {
        var text: String
        var zone: AddressZone
        /// Gazetteer words it may be (exact first, else misspellings), with similarities.
        var resolved: [(Int32, Double)]
        /// Its weight when it goes unmatched.
        var weight: Double
    }

    struct Postcode {
        var id: Int32
        var sector: Int32
        var outward: Int32
        var unit: UInt16
        var inward: UInt32
        var text: String
    }

    var parsed: ParsedAddress
    var words: [Word] = []
    var building = PackedNumber.none
    /// The building number's text as a flat code ("8" read as a number may be flat 8).
    var buildingFlatCode: Int32 = -2
    var extra: [PackedNumber] = []
    var extraFlatCode: [Int32] = []
    /// The flat: -1 none, -2 named but unknown to the gazetteer, else its code.
    var flatCode: Int32 = -1
    var hasFlat = false
    var flatOrdinal: Int32 = -1
    var flatIsNumber = false
    var flatSuffix: UInt16 = 0
    var flatAsNumber = PackedNumber.none
    var floors = FloorSet()
    var hasSub = false
    var kind = UnitKind.unknown
    var mayBeFlat = false
    /// "24A" where the gazetteer has no 24A: the letter names an unspecified unit of 24 (on
    /// any street except those listed, which do have a 24A or a flat A of 24).
    var suffixUnit = false
    var suffixBlocked: [Int32] = []
    var postcodes: [Postcode] = []
    var outward: Int32 = -1
    var hasOutward = false
    var recordHasName = false
    var use = PropertyUse.any

    // The words flattened for the scoring loops (no strings, no nested arrays): per word its
    // zone, weight and range of resolutions; per resolution the gazetteer word and similarity.
    var wordZone: [AddressZone] = []
    var wordWeight: [Double] = []
    var wordStart: [Int32] = [0]
    var resolvedID: [Int32] = []
    var resolvedSim: [Double] = []
    /// Bit per word: some candidate holds it.
    var inGroup: UInt64 = 0

    /// Fills the flat arrays from `words`.
    mutating func flatten() {
        for w in words {
            wordZone.append(w.zone)
            wordWeight.append(w.weight)
            for (id, sim) in w.resolved { resolvedID.append(id); resolvedSim.append(sim) }
            wordStart.append(Int32(resolvedID.count))
        }
    }

    /// Every number in the record (building, extra, flat) as inclusive ranges, for candidates.
    var numberRanges: [(Int32, Int32)] {
        var v: [(Int32, Int32)] = []
        if building.exists { v.append((building.low, building.isRange ? min(building.high, building.low + 20) : building.low)) }
        for x in extra { v.append((x.low, x.isRange ? min(x.high, x.low + 20) : x.low)) }
        if flatIsNumber, flatOrdinal >= 0 { v.append((flatOrdinal, flatOrdinal)) }
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
    /// The number agreed only by reading "24A" as a unit of 24: the record names a unit.
    var viaSuffix = false
}

/// The words of one candidate, matched once before the group context is known.
struct WordMatch {
    /// Sum of the matched words' evidence.
    var sum = 0.0
    /// Which record words it holds (bit per word).
    var words: UInt64 = 0
    /// Which of its own tokens were matched (bit per token).
    var tokens: UInt64 = 0
    var fuzzy = false
    var name = false
}

extension AddressIndex {

    /// Matches one free-text address (with its postcode column, if the source has one).
    ///
    /// Never forces: when the best two properties cannot be told apart the result is ambiguous
    /// with no UPRN; when nothing fits it is unmatched; either way the candidates are listed.
    /// `use` says what kind of property the source is about, when it knows.
    public func match(_ text: String, postcode: String? = nil, use: PropertyUse = .any) -> AddressMatch {
        match(parsed: AddressParser.parse(text, postcode: postcode), use: use)
    }

    /// Matches an address that has already been parsed.
    public func match(parsed: ParsedAddress, use: PropertyUse = .any) -> AddressMatch {
        var query = prepare(parsed)
        query.use = use
        if let m = exactInPostcode(query) { return m }
        let candidates = generateCandidates(&query)
        return decide(&query, candidates)
    }

    /// The fast path: when the record's postcode is known and one of its entries with the
    /// record's number agrees exactly (every word, the number, the flat, the postcode), nothing
    /// elsewhere in the gazetteer could beat it, so the rest of the search is skipped.
    func exactInPostcode(_ q: AddressQuery) -> AddressMatch? {
        let ranges = q.numberRanges
        guard !ranges.isEmpty, !q.wordZone.isEmpty else { return nil }
        var cands: [Int32] = []
        for pc in q.postcodes where pc.id >= 0 {
            for e in postcodeMembers(pc.id) where numberFits(e, ranges) { cands.append(e) }
        }
        guard !cands.isEmpty, cands.count <= 400 else { return nil }
        if q.postcodes.count > 1 { cands = AddressIndex.sortedUnique(cands) }
        var local = q
        let m = decide(&local, cands)
        return m.method == .exact ? m : nil
    }

    /// A UPRN a source gave, refined: when it is a building's and the address names one of
    /// the building's flats unambiguously, that flat's UPRN; otherwise the UPRN given.
    ///
    /// Systems that hold a UPRN sometimes hold the block's for every flat in it.
    public func refineGivenUPRN(_ uprn: Int64, address: String, postcode: String? = nil) -> Int64 {
        guard let b = byUPRN[uprn], childCount[Int(b)] > 0 else { return uprn }
        let m = match(address, postcode: postcode)
        guard let u = m.uprn, m.level == .property, let e = byUPRN[u], parent[Int(e)] == b else { return uprn }
        return u
    }

    // MARK: Query

    func prepare(_ parsed: ParsedAddress) -> AddressQuery {
        var q = AddressQuery(parsed: parsed)
        if let b = parsed.buildingNumber {
            q.building = PackedNumber(b)
            q.buildingFlatCode = flatTable[b.description] ?? -2
        }
        for x in parsed.extraNumbers {
            guard let b = BuildingNumber(x) else { continue }
            q.extra.append(PackedNumber(b))
            q.extraFlatCode.append(flatTable[b.description] ?? -2)
        }
        if let s = parsed.subBuilding {
            q.hasSub = !s.isEmpty
            q.floors = s.floors
            if let id = s.identifier {
                let f = AddressText.normaliseFlatID(id)
                q.hasFlat = true
                q.flatCode = flatTable[f] ?? -2
                q.flatOrdinal = AddressIndex.ordinal(of: f)
                q.flatIsNumber = AddressLexer.isPlainNumber(f)
                q.flatSuffix = AddressIndex.suffixCode(of: f)
                if let n = BuildingNumber(f) { q.flatAsNumber = PackedNumber(n) }
            }
            if let k = s.kind { q.kind = UnitKind.of(k) }
        }
        q.mayBeFlat = parsed.numberMayBeFlat
        for p in [parsed.postcode, parsed.otherPostcode].compactMap({ $0 }) {
            let id = postcodeTable[p] ?? -1
            q.postcodes.append(.init(id: id,
                                     sector: id >= 0 ? postcodeSector[Int(id)] : (sectorTable[String(AddressPostcode.sector(p))] ?? -1),
                                     outward: id >= 0 ? postcodeOutward[Int(id)] : (outwardTable[String(AddressPostcode.outward(p))] ?? -1),
                                     unit: AddressIndex.unitCode(of: p), inward: AddressIndex.inwardCode(of: p), text: p))
        }
        if let o = parsed.outwardCode ?? parsed.postcode.map({ String(AddressPostcode.outward($0)) }) {
            q.hasOutward = true
            q.outward = outwardTable[o] ?? -1
        }
        var seen: [String] = []
        let descriptors = parsed.subBuilding?.descriptors ?? []
        for (k, w) in parsed.tokens.enumerated() {
            let zone = parsed.zones[k]
            guard zone != .number, zone != .subBuilding || descriptors.contains(w),
                  !AddressText.stopWords.contains(w), !AddressLexer.isPlainNumber(w) else { continue }
            guard !seen.contains(w) else { continue }
            seen.append(w)
            let resolved = resolve(w)
            var wordWeight = -1.0
            for (id, sim) in resolved { wordWeight = max(wordWeight, weight(id) * sim) }
            if wordWeight < 0 { wordWeight = AddressIndex.idf(documentFrequency: 0, entries: count, word: w) }
            q.words.append(.init(text: w, zone: zone, resolved: resolved, weight: wordWeight))
            if zone == .name { q.recordHasName = true }
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
        if q.words.count > 64 { q.words.removeLast(q.words.count - 64) }
        q.flatten()
        return q
    }

    // MARK: Candidates

    /// Gathers the entries worth scoring: the postcode's entries with one of the record's
    /// numbers; entries sharing a rarer word and a number with the record (so a wrong postcode
    /// does not hide the right street); all entries of a rare word when the record has no
    /// number, or when the number is found nowhere under that word; and, when the postcode is
    /// unknown and little turned up, the entries of its sector's postcodes.
    func generateCandidates(_ q: inout AddressQuery) -> [Int32] {
        // Entries are gathered as (entry << 8 | source): the record word (by index) that
        // brought them, or 255 for the postcode and its neighbours.
        var found: [UInt64] = []
        found.reserveCapacity(128)
        @inline(__always) func add(_ e: Int32, _ source: Int) { found.append(UInt64(UInt32(bitPattern: e)) << 8 | UInt64(source)) }
        let ranges = q.numberRanges
        // 1. the postcode
        var postcodeFound = false
        for pc in q.postcodes where pc.id >= 0 {
            postcodeFound = true
            let members = postcodeMembers(pc.id)
            if ranges.isEmpty {
                for e in members.prefix(400) { add(e, 255) }
            } else {
                for e in members where numberFits(e, ranges) { add(e, 255) }
            }
        }
        // 2. words, rarest first.
        var byRarity: [(id: Int32, word: Int, df: Int32)] = []
        for wi in q.wordZone.indices {
            for r in Int(q.wordStart[wi])..<Int(q.wordStart[wi + 1]) {
                let id = q.resolvedID[r]
                if !byRarity.contains(where: { $0.id == id }) { byRarity.append((id, wi, documentFrequency[Int(id)])) }
            }
        }
        byRarity.sort { $0.df != $1.df ? $0.df < $1.df : $0.id < $1.id }
        var used = 0
        // A word on more than 2% of entries ("ROAD", "LONDON") only helps when nothing rarer did.
        let commonLimit = max(count / 50, 200)
        var commonWords: [Int32] = []
        for (id, wi, dfv) in byRarity {
            let df = Int(dfv)
            if !ranges.isEmpty {
                if df > commonLimit { commonWords.append(id); continue }
                guard used < 3 else { continue }
                var got = 0
                for (lo, hi) in ranges {
                    for n in lo...hi {
                        for j in postingRun(id, key: n) { add(postingEntry[j], wi); got += 1 }
                    }
                }
                // Named buildings without a number ("ROSE COTTAGE, ELM ROAD").
                for j in postingRun(id, key: -1).prefix(50) { add(postingEntry[j], wi) }
                // Words that bring nothing with the record's number (a trading name the
                // gazetteer shares by chance) do not use up a turn.
                if got > 0 { used += 1 }
                if got == 0 && df <= 60 {
                    for j in postingRange(id) { add(postingEntry[j], wi) }
                }
            } else if df <= 60 {
                for j in postingRange(id) { add(postingEntry[j], wi) }
            } else if used < 2, df <= 3_000 {
                for j in postingRange(id) { add(postingEntry[j], wi) }
                used += 1
            }
            if found.count > 4_000 { break }
        }
        // Only common words ("1 VALE WALK", "3 GROVE GROVE"): the entries that hold the two
        // rarest of them together with the number.
        if used == 0, !ranges.isEmpty, let first = commonWords.first {
            let before = found.count
            if commonWords.count > 1 {
                let second = commonWords[1]
                for (lo, hi) in ranges {
                    for n in lo...hi {
                        let a = postingRun(first, key: n), b = postingRun(second, key: n)
                        // both runs are sorted by entry: merge
                        var i = a.lowerBound, j = b.lowerBound
                        while i < a.upperBound && j < b.upperBound {
                            let x = postingEntry[i], y = postingEntry[j]
                            if x == y { add(x, 254); i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
                        }
                    }
                }
            }
            // None holds two of them ("KEBAB HOUSE, 43 THE PARADE"): each word's entries with
            // the number, when there are few.
            if found.count == before {
                for id in commonWords.prefix(3) {
                    var run: [Int32] = []
                    for (lo, hi) in ranges { for n in lo...hi { for j in postingRun(id, key: n) { run.append(postingEntry[j]) } } }
                    if run.count <= 500 { for e in run { add(e, 254) } }
                }
            }
        }
        // 3. neighbouring postcodes when the postcode is unknown and little was found
        if !postcodeFound, found.count < 5, let pc = q.postcodes.first, pc.sector >= 0 {
            for other in sectorPostcodes[Int(pc.sector)] {
                for e in postcodeMembers(other) where numberFits(e, ranges) { add(e, 255) }
            }
        }
        // One row per entry: which record words brought it, and whether the postcode did.
        found.sort()
        var result: [Int32] = []
        var masks: [UInt64] = []
        var byPostcode: [Bool] = []
        result.reserveCapacity(found.count)
        for v in found {
            let e = Int32(truncatingIfNeeded: v >> 8), src = Int(v & 0xFF)
            if result.last != e { result.append(e); masks.append(0); byPostcode.append(false) }
            if src < 64 { masks[masks.count - 1] |= 1 << UInt64(src) } else { byPostcode[byPostcode.count - 1] = true }
        }
        // Among the entries found by words, those sharing two street or name words with the
        // record ("3 HERMON PLACE": HERMON and PLACE) are enough when there are any; the
        // postcode's own entries are always kept.
        if result.count > 8 {
            var streetNameWords: UInt64 = 0
            for wi in q.wordZone.indices where q.wordZone[wi] == .street || q.wordZone[wi] == .name { streetNameWords |= 1 << UInt64(wi) }
            // Street and name words that brought no entries (common ones) are looked for on the entries.
            var lookFor: [(Int32, Int)] = []
            for wi in q.wordZone.indices where streetNameWords & (1 << UInt64(wi)) != 0 {
                for r in Int(q.wordStart[wi])..<Int(q.wordStart[wi + 1]) where commonWords.contains(q.resolvedID[r]) {
                    lookFor.append((q.resolvedID[r], wi))
                }
            }
            // Marked from the common words' postings under the record's numbers (sorted by entry,
            // so a forward search per entry), not by reading each entry: far fewer cache misses.
            if !lookFor.isEmpty {
                var keys: [Int32] = [-1]
                for (lo, hi) in ranges { for n in lo...hi where !keys.contains(n) { keys.append(n) } }
                for (id, wi) in lookFor {
                    let bit: UInt64 = 1 << UInt64(wi)
                    for key in keys {
                        let run = postingRun(id, key: key)
                        var pos = run.lowerBound
                        for k in result.indices where masks[k] & bit == 0 && !byPostcode[k] {
                            let e = result[k]
                            // gallop forward to the first posting >= e
                            var step = 1
                            var hi = pos
                            while hi < run.upperBound && postingEntry[hi] < e { pos = hi + 1; hi = pos + step; step <<= 1 }
                            var lo = pos
                            var top = min(hi + 1, run.upperBound)
                            while lo < top { let mid = (lo + top) / 2; if postingEntry[mid] < e { lo = mid + 1 } else { top = mid } }
                            pos = lo
                            if pos >= run.upperBound { break }
                            if postingEntry[pos] == e { masks[k] |= bit }
                        }
                    }
                }
            }
            var strong: [Int32] = []
            var weak = 0, postcodeCount = 0
            for (k, e) in result.enumerated() {
                if byPostcode[k] { strong.append(e); postcodeCount += 1; continue }
                if (masks[k] & streetNameWords).nonzeroBitCount >= 2 { strong.append(e) } else { weak += 1 }
            }
            if weak > 0 && strong.count > postcodeCount { result = strong }
        }
        // Nothing shares the record's number: list its postcode's entries, so the candidates
        // show what is there.
        if result.isEmpty {
            for pc in q.postcodes where pc.id >= 0 { for e in postcodeMembers(pc.id).prefix(400) { result.append(e) } }
            result = AddressIndex.sortedUnique(result)
        }
        // Entries whose house or flat number contradicts the record's can never be chosen:
        // only a few are kept, to show what is there.
        if result.count > 12, q.hasFlat || q.building.exists {
            var kept = 0
            var w = 0
            for k in result.indices {
                let e = result[k]
                if contradicts(q, Int(e)) { kept += 1; if kept > 5 { continue } }
                result[w] = e; w += 1
            }
            result.removeLast(result.count - w)
        }
        if result.count > 600 {
            // Too many: keep those sharing most word weight.
            var scored: [(Int32, Double)] = []
            scored.reserveCapacity(result.count)
            for e in result {
                let toks = entryTokens[Int(tokenStart[Int(e)])..<Int(tokenStart[Int(e) + 1])]
                var s = 0.0
                for wi in q.wordZone.indices {
                    for r in Int(q.wordStart[wi])..<Int(q.wordStart[wi + 1]) where toks.contains(q.resolvedID[r]) {
                        s += weight(q.resolvedID[r]) * q.resolvedSim[r]; break
                    }
                }
                let epc = entryPostcode[Int(e)]
                if q.postcodes.contains(where: { $0.id >= 0 && $0.id == epc }) { s += 5 }
                scored.append((e, s))
            }
            scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            result = scored.prefix(600).map(\.0)
        }
        return result
    }

    /// True when one of the entry's numbers (building or flat) lies in one of the ranges.
    func numberFits(_ e: Int32, _ ranges: [(Int32, Int32)]) -> Bool {
        if ranges.isEmpty { return true }
        let p = paon[Int(e)]
        if p.exists {
            let hi = p.isRange ? p.high : p.low
            for (lo, rhi) in ranges where p.low <= rhi && lo <= hi { return true }
        }
        let c = flatCode[Int(e)]
        if c >= 0 {
            let v = flatValue[Int(c)]
            if v >= 0 { for (lo, hi) in ranges where v >= lo && v <= hi { return true } }
        }
        return false
    }

    /// True when scoring would find the entry's house or flat number at odds with the record's
    /// (a different flat; a different house number that no other number of the record explains).
    func contradicts(_ q: AddressQuery, _ i: Int) -> Bool {
        let c = flatCode[i]
        let p = paon[i]
        if q.hasFlat, c >= 0, c != q.flatCode, !(q.flatOrdinal >= 0 && q.flatOrdinal == flatOrdinal[Int(c)]),
           !(q.flatSuffix != 0 && p.lowSuffix == q.flatSuffix) {
            return true
        }
        let b = q.building
        guard b.exists, p.exists, b.low != p.low, !buildingIsFlat(q, i), numberAgreement(b, p) == 0 else { return false }
        for x in q.extra where numberAgreement(x, p) > 0 { return false }
        if !q.hasFlat, c >= 0, q.buildingFlatCode == c { return false }
        return true
    }

    static func sortedContains(_ a: [Int32], _ x: Int32) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi { let mid = (lo + hi) / 2; if a[mid] < x { lo = mid + 1 } else { hi = mid } }
        return lo < a.count && a[lo] == x
    }

    static func sortedUnique(_ ids: [Int32]) -> [Int32] {
        var s = ids.sorted()
        var w = 0
        for i in s.indices where i == 0 || s[i] != s[i - 1] { s[w] = s[i]; w += 1 }
        s.removeLast(s.count - w)
        return s
    }

    // MARK: Scoring

    /// Whether a name agreeing on this entry should count less: its house number disagrees.
    @inline(__always)
    func numberConflicts(_ q: AddressQuery, _ i: Int) -> Bool {
        let p = paon[i]
        guard q.building.exists, p.exists else { return false }
        if buildingIsFlat(q, i) { return false }
        return numberAgreement(q.building, p) == 0 && q.building.low != p.low
    }

    /// "FLAT 8 HARMONY COURT" for "FLAT 8, HARMONY COURT, 12 FOREST CRESCENT": the record's
    /// number is this entry's flat, not its building number.
    @inline(__always)
    func buildingIsFlat(_ q: AddressQuery, _ i: Int) -> Bool {
        let cf = flatCode[i]
        return !q.hasFlat && q.building.exists && cf >= 0 && q.buildingFlatCode == cf && paon[i] != q.building
    }

    /// Matches the record's words against one entry's.
    func matchWords(_ q: AddressQuery, _ e: Int32) -> WordMatch {
        let i = Int(e)
        let lo = Int(tokenStart[i]), hi = Int(tokenStart[i + 1])
        let conflict = numberConflicts(q, i)
        var m = WordMatch()
        for wi in 0..<q.wordZone.count {
            var best = 0.0, bestK = -1, bestSim = 0.0
            for r in Int(q.wordStart[wi])..<Int(q.wordStart[wi + 1]) {
                let id = q.resolvedID[r]
                var k = lo
                while k < hi && entryTokens[k] != id { k += 1 }
                guard k < hi else { continue }
                let sim = q.resolvedSim[r]
                let role = entryRoles[k]
                var roleFactor = role == .locality ? AddressScoring.placeFactor : 1
                if conflict && role == .name { roleFactor *= 0.5 }
                let v = sim * weight(id) * roleFactor
                if v > best { best = v; bestK = k - lo; bestSim = sim }
            }
            if bestK >= 0 {
                m.sum += best
                m.words |= 1 << UInt64(wi)
                if bestK < 64 { m.tokens |= 1 << UInt64(bestK) }
                if bestSim < 1 { m.fuzzy = true }
                if entryRoles[lo + bestK] == .name { m.name = true }
            }
        }
        return m
    }

    /// Scores one candidate: the sum of the evidence for and against it.
    func score(_ q: AddressQuery, _ e: Int32, _ wm: WordMatch) -> CandidateEvidence {
        let i = Int(e)
        var ev = CandidateEvidence()
        var s = wm.sum
        let p = paon[i]
        let cf = flatCode[i]
        let entryHasSub = hasSub[i]
        let entryFloors = floors[i]
        let isFlatNumber = buildingIsFlat(q, i)

        // Words
        ev.fuzzyWord = wm.fuzzy
        ev.allWordsExact = !wm.fuzzy
        ev.nameMatched = wm.name
        for wi in 0..<q.wordZone.count where wm.words & (1 << UInt64(wi)) == 0 {
            let zone = q.wordZone[wi], weight = q.wordWeight[wi]
            let inGroup = q.inGroup & (1 << UInt64(wi)) != 0
            if zone != .locality { ev.allWordsExact = false }
            if !inGroup && zone == .street {
                // a street word the gazetteer does not know: the street is not fully found
                s -= AddressScoring.unknownStreetWord * weight
            }
            if inGroup {
                let zoneFactor = zone == .locality ? AddressScoring.placeFactor : (zone == .name ? AddressScoring.nameMissFactor : 1)
                s -= AddressScoring.inputMiss * weight * zoneFactor
            }
        }
        // The record names a business or building: a different name on the entry is one
        // disagreement (trading names change), and a plain flat is an unlikely reading.
        let lo = Int(tokenStart[i]), hi = Int(tokenStart[i + 1])
        for k in lo..<hi where (k - lo >= 64 || wm.tokens & (1 << UInt64(k - lo)) == 0) {
            let role = entryRoles[k]
            var f = AddressScoring.candidateExtra(role)
            if role == .name && q.recordHasName { f = AddressScoring.nameDisagreement }
            s -= f * weight(entryTokens[k])
            if role != .locality { ev.allWordsExact = false }
        }
        if q.recordHasName && !q.hasSub && entryHasSub && !hasName[i] { s += AddressScoring.nameForFlat }

        // Building number
        var usedBuilding = false, usedFlat = false, paonMatched = false, candFlatExplained = false
        var usedExtra: UInt32 = 0
        let b = q.building
        if isFlatNumber {
            s += AddressScoring.flatMatch * 0.8
            usedBuilding = true
            candFlatExplained = true
            ev.flatMatched = true
            // and the building's own number, if the record gave it elsewhere
            if p.exists {
                var agreeing: Int?
                for k in q.extra.indices where numberAgreement(q.extra[k], p) > 0 { agreeing = k; break }
                if let k = agreeing {
                    usedExtra |= 1 << UInt32(k)
                    s += AddressScoring.numberMatch * 0.9
                    ev.numberMatched = true
                } else {
                    s += AddressScoring.numberMissing * 0.5
                }
            }
        } else if p.exists {
            var level = 0.0
            if b.exists { level = numberAgreement(b, p) }
            if level > 0 { usedBuilding = true } else {
                for (k, x) in q.extra.enumerated() {
                    let l = numberAgreement(x, p) * 0.95
                    if l > level { level = l; usedExtra = 1 << UInt32(k) }
                }
                if level == 0, !b.exists, cf < 0, q.flatAsNumber.exists, numberAgreement(q.flatAsNumber, p) > 0 {
                    level = 0.8; usedFlat = true
                }
            }
            if level == 0, b.exists, b.low == p.low, !b.isRange, !p.isRange, b.half == p.half {
                // "FLAT B 14" against "14B", and "14B" against "FLAT B, 14".
                if p.lowSuffix != 0, b.lowSuffix == 0, q.hasFlat, q.flatSuffix == p.lowSuffix {
                    level = 0.9; usedBuilding = true; usedFlat = true
                } else if b.lowSuffix != 0, p.lowSuffix == 0, cf >= 0, flatSuffix[Int(cf)] == b.lowSuffix {
                    level = 0.9; usedBuilding = true; candFlatExplained = true
                } else if q.suffixUnit, p.lowSuffix == 0, !q.suffixBlocked.contains(street[i]) {
                    // "24A" where the gazetteer has no 24A: a unit of 24.
                    level = 1; usedBuilding = true; ev.viaSuffix = true
                }
            }
            if level > 0 {
                s += level >= 1 ? AddressScoring.numberMatch : AddressScoring.numberRangeMatch * min(level / 0.8, 1.1)
                paonMatched = true
                ev.numberMatched = true
            } else if b.exists, b.low == p.low {
                s += AddressScoring.numberNearMiss
                usedBuilding = true
                ev.conflict = true
            } else if b.exists || !q.extra.isEmpty {
                s += AddressScoring.numberMismatch
                usedBuilding = true
                ev.conflict = b.exists
            } else if !q.mayBeFlat {
                s += AddressScoring.numberMissing
            }
        }

        // Flat
        if cf >= 0 {
            if candFlatExplained {
                ev.flatMatched = true
            } else if q.hasFlat, !usedFlat {
                usedFlat = true
                if q.flatCode == cf { s += AddressScoring.flatMatch; ev.flatMatched = true }
                else if q.flatOrdinal >= 0, q.flatOrdinal == flatOrdinal[Int(cf)], q.flatIsNumber != (flatValue[Int(cf)] >= 0) {
                    s += AddressScoring.flatOrdinal
                } else { s += AddressScoring.flatMismatch; ev.conflict = true }
            } else if !usedBuilding, b.exists, q.buildingFlatCode == cf {
                // "FLAT 3" read as a building number, or "3 ASHDOWN HOUSE"
                s += AddressScoring.flatMatch * 0.8; usedBuilding = true; ev.flatMatched = true
            } else if let k = q.extraFlatCode.indices.first(where: { usedExtra & (1 << UInt32($0)) == 0 && q.extraFlatCode[$0] == cf }) {
                s += AddressScoring.flatMatch * 0.8; usedExtra |= 1 << UInt32(k); ev.flatMatched = true
            } else {
                s += AddressScoring.flatUnstated
            }
        } else if q.hasFlat, !usedFlat, q.floors.isEmpty, entryHasSub, !entryFloors.isEmpty, q.flatOrdinal >= 1, q.flatOrdinal <= 30 {
            // "FLAT B" against units the gazetteer describes by floor: flats are usually
            // lettered or numbered from the lowest floor up.
            let rank = Int32(floorRank[i])
            var level: Int32? = entryFloors.lowest.map { Int32($0) }
            if level == nil, entryFloors.top, entryFloors.levels == 0, buildingTopLevel[i] != -128 { level = Int32(buildingTopLevel[i]) + 1 }
            if rank == q.flatOrdinal || level == q.flatOrdinal - 1 { s += AddressScoring.flatFloorOrder }
        }

        // Floors
        let qf = q.floors
        if !qf.isEmpty && !entryFloors.isEmpty {
            if let ok = qf.compatible(with: entryFloors) {
                if ok { s += AddressScoring.floorMatch }
                else if (qf.contains(level: -1) && entryFloors.contains(level: -2)) || (qf.contains(level: -2) && entryFloors.contains(level: -1)) {
                    s += AddressScoring.floorMatch * 0.5   // lower ground and basement: one storey, two names
                } else { s += AddressScoring.floorMismatch }
            } else if qf.top && qf.levels == 0, let h = entryFloors.highest {
                // TOP against a unit named by its level: the top when no unit of its building is higher.
                let top = Int(buildingTopLevel[i])
                s += (h >= top && !buildingHasTop[i]) ? AddressScoring.floorMatch * 0.5 : AddressScoring.floorMismatch * 0.5
            } else if entryFloors.top && entryFloors.levels == 0, let ql = qf.lowest {
                // a level against the unit the gazetteer calls the top floor: above every other unit
                if buildingTopLevel[i] != -128 {
                    s += qf.contains(level: Int(buildingTopLevel[i]) + 1) ? AddressScoring.floorMatch * 0.5 : AddressScoring.floorMismatch * 0.5
                } else if ql <= 0 {
                    s += AddressScoring.floorMismatch * 0.5
                }
            }
        } else if !qf.isEmpty, entryHasSub, !ev.flatMatched {
            s += AddressScoring.floorUnknown
        }

        // The kind of unit: a shop is not a flat.
        let ek = subKind[i]
        if q.kind != .unknown && ek != .unknown {
            s += q.kind == ek ? AddressScoring.kindMatch : AddressScoring.kindMismatch
        } else if q.kind == .unknown && ek != .unknown {
            switch q.use {
            case .business: s += ek == .commercial ? AddressScoring.useMatch : AddressScoring.useMismatch
            case .residential: if ek == .commercial { s += AddressScoring.useMismatch }
            case .any: if ev.viaSuffix && ek == .commercial { s += AddressScoring.useMismatch }
            }
        }

        // Sub-building present on one side only
        let recordHasSub = q.hasSub || ev.viaSuffix
        if recordHasSub && !entryHasSub { s += AddressScoring.subMissing }
        if !recordHasSub && entryHasSub && cf < 0 { s += AddressScoring.subUnstated }

        // Numbers nobody explained
        if b.exists, !usedBuilding, !paonMatched {
            s += AddressScoring.unexplainedNumber
            if !p.exists { ev.conflict = true }  // "597 ORFORD WAY" is not "QUEENSBURY MANSIONS, ORFORD WAY"
        }
        for k in q.extra.indices where usedExtra & (1 << UInt32(k)) == 0 { s += AddressScoring.unexplainedNumber * 0.5 }

        ev.unitExact = b == p && !ev.viaSuffix && (q.flatCode == cf || (!q.hasFlat && cf < 0)) && qf == entryFloors && q.hasSub == entryHasSub

        // Postcode
        let epc = entryPostcode[i]
        if !q.postcodes.isEmpty, epc >= 0 {
            var best = AddressScoring.postcodeWrong
            for qp in q.postcodes {
                let v = postcodeAgreement(qp, epc)
                if v > best { best = v }
            }
            s += best
            ev.postcodeExact = best == AddressScoring.postcodeExact
        } else if q.postcodes.isEmpty, q.hasOutward, epc >= 0 {
            s += q.outward >= 0 && postcodeOutward[Int(epc)] == q.outward ? AddressScoring.postcodeSector : AddressScoring.postcodeWrong * 0.5
        }
        ev.score = s
        return ev
    }

    /// How well a record's number agrees with an entry's: 1 same, 0.8 within a range, 0 not.
    @inline(__always)
    func numberAgreement(_ a: PackedNumber, _ b: PackedNumber) -> Double {
        if a == b { return 1 }
        if a.half != b.half { return 0 }
        if !a.isRange && !b.isRange { return 0 }
        if b.isRange && !a.isRange { return b.contains(a.low, suffix: a.lowSuffix) ? 0.8 : 0 }
        if a.isRange && !b.isRange { return a.contains(b.low, suffix: b.lowSuffix) ? 0.7 : 0 }
        // two ranges that overlap
        return a.low <= b.high && b.low <= a.high ? 0.6 : 0
    }

    /// The postcode evidence: exact, one character off in the same sector, same sector, same
    /// outward code, a typo in the outward code, or wrong.
    func postcodeAgreement(_ q: AddressQuery.Postcode, _ c: Int32) -> Double {
        if q.id == c { return AddressScoring.postcodeExact }
        let ci = Int(c)
        if q.sector >= 0 && q.sector == postcodeSector[ci] {
            // same sector: one letter of the unit off is a typo or the next-door postcode
            let a = q.unit, b = postcodeUnit[ci]
            let diff = (a >> 8 != b >> 8 ? 1 : 0) + (a & 0xFF != b & 0xFF ? 1 : 0)
            return diff == 1 && q.text.utf8.count == postcodeText[ci].utf8.count ? AddressScoring.postcodeNear : AddressScoring.postcodeSector
        }
        if q.outward >= 0 && q.outward == postcodeOutward[ci] { return AddressScoring.postcodeOutward }
        if q.inward == postcodeInward[ci], AddressText.osaDistance(Array(q.text.utf8), Array(postcodeText[ci].utf8), limit: 1) == 1 {
            return AddressScoring.postcodeNear * 0.5  // a typo in the outward code
        }
        return AddressScoring.postcodeWrong
    }

    // MARK: Decision

    func decide(_ q: inout AddressQuery, _ cands: [Int32]) -> AddressMatch {
        guard !cands.isEmpty else {
            return AddressMatch(uprn: nil, confidence: 0, method: .unmatched, isAmbiguous: false, level: .none,
                                candidates: [], parsed: q.parsed, address: nil,
                                explanation: q.parsed.isEmpty ? "no address to match" : "no gazetteer entry shares a street, name or postcode with this address")
        }
        // "24A" with no 24A (and no flat A of 24) among the candidates: a unit of 24.
        if q.building.exists, q.building.lowSuffix != 0, !q.building.isRange, !q.hasFlat {
            let b = q.building
            var unitStreets: [Int32] = []
            for e in cands {
                let p = paon[Int(e)]
                let st = street[Int(e)]
                if p == b { if !q.suffixBlocked.contains(st) { q.suffixBlocked.append(st) }; continue }
                if p.low == b.low, p.lowSuffix == 0 {
                    let c = flatCode[Int(e)]
                    if c >= 0 && flatSuffix[Int(c)] == b.lowSuffix, !q.suffixBlocked.contains(st) { q.suffixBlocked.append(st) }
                    if hasSub[Int(e)], !unitStreets.contains(st) { unitStreets.append(st) }
                }
            }
            q.suffixUnit = unitStreets.contains { !q.suffixBlocked.contains($0) }
        }
        // Words: matched once per candidate, then which of them any candidate holds.
        var matches: [WordMatch] = []
        matches.reserveCapacity(cands.count)
        var any: UInt64 = 0
        for e in cands { let m = matchWords(q, e); any |= m.words; matches.append(m) }
        q.inGroup = any

        var scored: [(Int32, CandidateEvidence)] = []
        scored.reserveCapacity(cands.count)
        for (k, e) in cands.enumerated() { scored.append((e, score(q, e, matches[k]))) }
        scored.sort { $0.1.score > $1.1.score || ($0.1.score == $1.1.score && $0.0 < $1.0) }

        // Probabilities: a softmax over the candidates and "none of these".
        let t = AddressScoring.temperature
        let top = max(scored[0].1.score, AddressScoring.nullScore)
        var z = AddressText.expo((AddressScoring.nullScore - top) / t)
        var probs = [Double](repeating: 0, count: scored.count)
        for (k, c) in scored.enumerated() {
            let d = (c.1.score - top) / t
            let v = d < -40 ? 0 : AddressText.expo(d)
            probs[k] = v
            z += v
        }
        for k in probs.indices { probs[k] /= z }

        var list: [AddressCandidate] = []
        for k in 0..<min(scored.count, 6) {
            let e = scored[k].0
            list.append(AddressCandidate(uprn: entries[Int(e)].uprn, address: line(e), probability: probs[k], score: scored[k].1.score))
        }

        let best = scored[0]
        let bi = Int(best.0)
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
        let namesUnit = q.hasSub || best.1.viaSuffix
        if !namesUnit && !hasSub[bi] {
            for (k, c) in scored.enumerated() where k > 0 && parent[Int(c.0)] == best.0 { pBest += probs[k] }
        }
        // ...and it must stand clear of the best other property (not one of its own flats).
        var rival = 0.0
        for k in scored.indices.dropFirst() where parent[Int(scored[k].0)] != best.0 { rival = probs[k]; break }
        if pBest >= AddressScoring.accept, pBest >= AddressScoring.clearMargin * rival {
            if namesUnit && !hasSub[bi] {
                return AddressMatch(uprn: entries[bi].uprn, confidence: pBest, method: .parentOnly, isAmbiguous: false,
                                    level: .building, candidates: list, parsed: q.parsed, address: list[0].address,
                                    explanation: best.1.viaSuffix ? "the number's letter names a unit of this building that cannot be told apart"
                                        : "the flat named is not in the gazetteer; its building is")
            }
            let method = methodFor(q, best.1)
            return AddressMatch(uprn: entries[bi].uprn, confidence: pBest, method: method, isAmbiguous: false,
                                level: .property, candidates: list, parsed: q.parsed, address: list[0].address,
                                explanation: explain(method, q, best.1))
        }

        // No single property: is it one building, of which the flat cannot be told?
        let b0 = buildingOf(best.0)
        var buildingMass = 0.0
        for (k, c) in scored.enumerated() where buildingOf(c.0) == b0 { buildingMass += probs[k] }
        let buildingEvidence = scored.first { $0.0 == b0 }?.1
        if buildingMass >= AddressScoring.accept, parent[Int(b0)] < 0, q.hasSub || (buildingEvidence?.viaSuffix ?? false), !hasSub[Int(b0)],
           let ev = buildingEvidence, !ev.conflict, ev.numberMatched || (!q.building.exists && ev.nameMatched),
           scored.count > 1, buildingOf(scored[1].0) == b0 {
            let e = Int(b0)
            return AddressMatch(uprn: entries[e].uprn, confidence: buildingMass, method: .parentOnly, isAmbiguous: false,
                                level: .building, candidates: list, parsed: q.parsed, address: line(b0),
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

    /// The building an entry belongs to (itself when it has no parent).
    @inline(__always)
    func buildingOf(_ e: Int32) -> Int32 { parent[Int(e)] >= 0 ? parent[Int(e)] : e }

    func methodFor(_ q: AddressQuery, _ ev: CandidateEvidence) -> AddressMatchMethod {
        if ev.postcodeExact && ev.allWordsExact && ev.unitExact {
            return .exact
        }
        if ev.fuzzyWord { return .fuzzyStreet }
        if q.postcodes.isEmpty { return ev.numberMatched || q.building.exists ? .noPostcode : .buildingName }
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

