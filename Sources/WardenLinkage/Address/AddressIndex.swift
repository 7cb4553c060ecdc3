/// An immutable, thread-safe index over a gazetteer, built once and shared by every matcher.
///
/// What it learns from the gazetteer it is given (nothing is tuned to one borough):
/// - how rare each word is (a word on few entries, like "PEPPERPOT", is strong evidence; one on
///   most, like "ROAD" or "LONDON", is weak), as an inverse document frequency;
/// - the vocabulary, with a one-deletion neighbourhood so misspelt words find their gazetteer
///   spelling ("HERTFORSHIRE" → "HERTFORDSHIRE", "PEPERPOT" → "PEPPERPOT");
/// - postcodes, their sectors and outward codes, for records whose postcode is wrong;
/// - each flat's building (from the parent UPRN, or inferred from shared number and street) so a
///   flat that cannot be told apart can fall back to its building, and each building's floors
///   (which unit is lowest, which is the top floor) so "FLAT B" or "TOP FLOOR FLAT" can be read
///   against units the gazetteer describes by floor;
/// - the streets, for free-text locations that name only a street.
///
/// Entries are stored column by column (struct of arrays) with words, postcodes and flat
/// identifiers as integer ids, so matching does no string work per candidate.
public struct AddressIndex: Sendable {
    /// The gazetteer, in the order given.
    public let entries: [GazetteerEntry]

    // MARK: Vocabulary
    let vocabulary: [String: Int32]
    let tokenText: [String]
    let documentFrequency: [Int32]
    /// Each token's weight (see `idf`).
    let tokenWeights: [Double]
    let deletions: [String: [Int32]]
    /// Per word: (number key, entry) postings sorted by key, flattened. An entry appears once per
    /// number it answers to (each number of its range, its flat number), or once with key -1.
    let postingStart: [Int32]
    let postingKey: [Int32]
    let postingEntry: [Int32]

    // MARK: Entries, column by column
    let tokenStart: [Int32]
    let entryTokens: [Int32]
    let entryRoles: [TokenRole]
    let paon: [PackedNumber]
    let paonMayBeFlat: [Bool]
    let flatCode: [Int32]
    let floors: [FloorSet]
    let hasSub: [Bool]
    let subKind: [UnitKind]
    let hasName: [Bool]
    /// The last word of each entry's name (-1: no name): "GROUND" for "ALBERT RECREATION GROUND".
    let nameLastWord: [Int32]
    let entryPostcode: [Int32]
    let parent: [Int32]
    let street: [Int32]
    /// 1-based position of a floor-described unit among its building's units, lowest first (0: none).
    let floorRank: [Int8]
    /// The highest explicit floor among the units of this entry's building (-128: none known).
    let buildingTopLevel: [Int8]
    /// True when a unit of this entry's building is described only as the top floor.
    let buildingHasTop: [Bool]
    /// Number of sub-units of each entry (its flats when it is a building).
    let childCount: [Int32]
    /// Each entry's address on one line, as UTF-8, for candidate lists.
    let lineBytes: [UInt8]
    let lineStart: [Int32]

    // MARK: Flat identifiers
    let flatTable: [String: Int32]
    let flatText: [String]
    /// The identifier as a number ("12" → 12), -1 when it is not one.
    let flatValue: [Int32]
    /// Its ordinal (numbers: the number; one letter: A=1, B=2...), -1 otherwise.
    let flatOrdinal: [Int32]
    /// The identifier packed as a number suffix ("B" in "FLAT B" as the B of "14B"), 0 when not letters.
    let flatSuffix: [UInt16]

    // MARK: Postcodes
    let postcodeTable: [String: Int32]
    let postcodeText: [String]
    let postcodeSector: [Int32]
    let postcodeOutward: [Int32]
    /// The last two letters and the inward code of each postcode, packed, for quick comparison.
    let postcodeUnit: [UInt16]
    let postcodeInward: [UInt32]
    let postcodeEntryStart: [Int32]
    let postcodeEntryList: [Int32]
    let sectorTable: [String: Int32]
    let sectorPostcodes: [[Int32]]
    let outwardTable: [String: Int32]

    // MARK: Lookups
    let byUPRN: [Int64: Int32]
    let streets: [StreetInfo]
    let streetPostings: [Int32: [Int32]]

    /// Number of gazetteer entries.
    public var count: Int { entries.count }

    /// Builds the index. Cost is linear in the gazetteer: a few seconds for 400,000 entries in
    /// a release build.
    public init(_ entries: [GazetteerEntry]) {
        self.entries = entries
        let n = entries.count
        var vocab: [String: Int32] = [:]
        var texts: [String] = []
        var df: [Int32] = []
        var tokenStart: [Int32] = [0]
        tokenStart.reserveCapacity(n + 1)
        var entryTokens: [Int32] = []
        entryTokens.reserveCapacity(n * 8)
        var entryRoles: [TokenRole] = []
        entryRoles.reserveCapacity(n * 8)
        var paon = [PackedNumber](repeating: .none, count: n)
        var paonMayBeFlat = [Bool](repeating: false, count: n)
        var flatCode = [Int32](repeating: -1, count: n)
        var floors = [FloorSet](repeating: FloorSet(), count: n)
        var hasSub = [Bool](repeating: false, count: n)
        var subKind = [UnitKind](repeating: .unknown, count: n)
        var hasName = [Bool](repeating: false, count: n)
        var nameLastWord = [Int32](repeating: -1, count: n)
        var entryPostcode = [Int32](repeating: -1, count: n)
        var parent = [Int32](repeating: -1, count: n)
        var streetOf = [Int32](repeating: -1, count: n)
        var buildingKeys = [String](repeating: "", count: n)
        var lineBytes: [UInt8] = []
        lineBytes.reserveCapacity(n * 48)
        var lineStart: [Int32] = [0]
        lineStart.reserveCapacity(n + 1)

        var flatTable: [String: Int32] = [:]
        var flatText: [String] = []
        var postcodeTable: [String: Int32] = [:]
        var postcodeText: [String] = []
        var pcMembers: [[Int32]] = []
        var byUPRN: [Int64: Int32] = [:]
        byUPRN.reserveCapacity(n)
        var streetKeys: [String: Int32] = [:]
        var streets: [StreetInfo] = []
        var streetPostings: [Int32: [Int32]] = [:]
        // Postings collected as (token, key, entry) triples, then grouped by token.
        var postTokens: [Int32] = [], postKeys: [Int32] = [], postEntries: [Int32] = []
        postTokens.reserveCapacity(n * 10); postKeys.reserveCapacity(n * 10); postEntries.reserveCapacity(n * 10)

        func intern(_ w: String) -> Int32 {
            if let id = vocab[w] { return id }
            let id = Int32(texts.count)
            vocab[w] = id
            texts.append(w)
            df.append(0)
            return id
        }

        var ids: [Int32] = []
        var roles: [TokenRole] = []
        var cache = FieldCache()
        for (i, entry) in entries.enumerated() {
            let idx = Int32(i)
            let rec = EntryParts.make(from: entry, cache: &cache)
            ids.removeAll(keepingCapacity: true)
            roles.removeAll(keepingCapacity: true)
            for (w, role) in rec.words {
                let id = intern(w)
                if let k = ids.firstIndex(of: id) {
                    if role.rawValue > roles[k].rawValue { roles[k] = role }  // street beats locality
                    continue
                }
                ids.append(id)
                roles.append(role)
            }
            entryTokens.append(contentsOf: ids)
            entryRoles.append(contentsOf: roles)
            tokenStart.append(Int32(entryTokens.count))
            // Named even when every name word is also a street word ("LAUREL GARDENS, LAUREL GARDENS").
            hasName[i] = rec.words.contains { $0.1 == .name }
            if let last = rec.words.last(where: { $0.1 == .name }) { nameLastWord[i] = vocab[last.0] ?? -1 }
            if let p = rec.paon { paon[i] = PackedNumber(p) }
            paonMayBeFlat[i] = rec.paonMayBeFlat
            if let f = rec.flatID {
                if let c = flatTable[f] { flatCode[i] = c } else {
                    let c = Int32(flatText.count); flatTable[f] = c; flatText.append(f); flatCode[i] = c
                }
            }
            floors[i] = rec.floors
            hasSub[i] = rec.hasSub
            subKind[i] = rec.kind
            if let pc = rec.postcode {
                if let c = postcodeTable[pc] { entryPostcode[i] = c; pcMembers[Int(c)].append(idx) } else {
                    let c = Int32(postcodeText.count)
                    postcodeTable[pc] = c; postcodeText.append(pc); pcMembers.append([idx]); entryPostcode[i] = c
                }
            }
            if byUPRN[entry.uprn] == nil { byUPRN[entry.uprn] = idx }
            buildingKeys[i] = rec.buildingKey
            // number keys and postings
            var keys: [Int32] = []
            if let p = rec.paon {
                let high = min(p.high ?? p.low, p.low + 20)
                for v in p.low...max(p.low, high) { keys.append(Int32(truncatingIfNeeded: v)) }
            }
            if let f = rec.flatID, let v = Int(f), !keys.contains(Int32(truncatingIfNeeded: v)) { keys.append(Int32(truncatingIfNeeded: v)) }
            for id in ids {
                df[Int(id)] += 1
                if keys.isEmpty {
                    postTokens.append(id); postKeys.append(-1); postEntries.append(idx)
                } else {
                    for k in keys { postTokens.append(id); postKeys.append(k); postEntries.append(idx) }
                }
            }
            // street table
            if !rec.streetText.isEmpty {
                let key = entry.usrn.map { "#\($0)" } ?? (rec.streetText + "|" + rec.placeText)
                if let s = streetKeys[key] {
                    streetOf[i] = s
                    streets[Int(s)].entryCount += 1
                } else {
                    let s = Int32(streets.count)
                    streetKeys[key] = s
                    let tokenIDs = zip(ids, roles).filter { $0.1 == .street }.map(\.0)
                    streets.append(StreetInfo(name: rec.streetText, place: rec.placeText, usrn: entry.usrn,
                                              tokens: tokenIDs, entryCount: 1, firstEntry: idx))
                    for t in tokenIDs { streetPostings[t, default: []].append(s) }
                    streetOf[i] = s
                }
            }
            entry.appendSingleLine(to: &lineBytes, normalisedPostcode: rec.postcode)
            lineStart.append(Int32(lineBytes.count))
        }

        // Postings grouped by token (counting sort), each token's run sorted by key then entry.
        let vocabSize = texts.count
        var postingStart = [Int32](repeating: 0, count: vocabSize + 1)
        for t in postTokens { postingStart[Int(t) + 1] += 1 }
        for k in 0..<vocabSize { postingStart[k + 1] += postingStart[k] }
        var fill = postingStart
        var postingKey = [Int32](repeating: 0, count: postTokens.count)
        var postingEntry = [Int32](repeating: 0, count: postTokens.count)
        for j in postTokens.indices {
            let t = Int(postTokens[j])
            let at = Int(fill[t]); fill[t] += 1
            postingKey[at] = postKeys[j]; postingEntry[at] = postEntries[j]
        }
        postTokens = []; postKeys = []; postEntries = []
        for t in 0..<vocabSize {
            let lo = Int(postingStart[t]), hi = Int(postingStart[t + 1])
            guard hi - lo > 1 else { continue }
            // Entries were appended in order, so within one key they are sorted already; sort
            // by key only when keys are out of order.
            var sorted = true
            for j in (lo + 1)..<hi where postingKey[j] < postingKey[j - 1] { sorted = false; break }
            if sorted { continue }
            var pairs = (lo..<hi).map { (postingKey[$0], postingEntry[$0]) }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (k, p) in pairs.enumerated() { postingKey[lo + k] = p.0; postingEntry[lo + k] = p.1 }
        }

        // Parents: the given parent UPRN, else the entry on the same street with the same
        // building number and name and no sub-building.
        var buildingKeyEntries: [String: Int32] = [:]
        for i in 0..<n where !hasSub[i] {
            let key = buildingKeys[i]
            if !key.isEmpty, buildingKeyEntries[key] == nil { buildingKeyEntries[key] = Int32(i) }
        }
        for i in 0..<n where hasSub[i] {
            if let p = entries[i].parentUPRN, let pi = byUPRN[p], pi != Int32(i) {
                parent[i] = pi
            } else if let pi = buildingKeyEntries[buildingKeys[i]], pi != Int32(i) {
                parent[i] = pi
            }
        }
        buildingKeyEntries = [:]

        // Buildings' units: how many, their floors (lowest first) and the top floor.
        var childCount = [Int32](repeating: 0, count: n)
        var groupOf = [Int32](repeating: -1, count: n)
        var groupKeys: [String: Int32] = [:]
        var groups: [[Int32]] = []
        for i in 0..<n where hasSub[i] {
            let g: Int32
            if parent[i] >= 0 {
                childCount[Int(parent[i])] += 1
                let key = "#\(parent[i])"
                if let x = groupKeys[key] { g = x } else { g = Int32(groups.count); groupKeys[key] = g; groups.append([]) }
            } else if !buildingKeys[i].isEmpty {
                if let x = groupKeys[buildingKeys[i]] { g = x } else { g = Int32(groups.count); groupKeys[buildingKeys[i]] = g; groups.append([]) }
            } else { continue }
            groupOf[i] = g
            groups[Int(g)].append(Int32(i))
        }
        groupKeys = [:]
        buildingKeys = []
        var floorRank = [Int8](repeating: 0, count: n)
        var buildingTopLevel = [Int8](repeating: -128, count: n)
        var buildingHasTop = [Bool](repeating: false, count: n)
        for members in groups {
            var top = Int.min
            var anyTop = false
            var described: [(Int32, Int)] = []   // (entry, sort level)
            for e in members {
                let f = floors[Int(e)]
                if let h = f.highest { top = max(top, h) }
                if f.top && f.levels == 0 { anyTop = true }
                if !f.isEmpty && flatCode[Int(e)] < 0 {
                    let level = f.lowest ?? (f.top ? 100 : (f.upper ? 50 : (f.lower ? -1 : 0)))
                    described.append((e, level))
                }
            }
            if described.count >= 2 && described.count == members.count {
                described.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
                var rank = 0, lastLevel = Int.min
                var tied = false
                for (k, d) in described.enumerated() {
                    if d.1 == lastLevel { tied = true }
                    lastLevel = d.1
                    rank = k + 1
                    floorRank[Int(d.0)] = Int8(min(rank, 100))
                }
                if tied { for d in described { floorRank[Int(d.0)] = 0 } }   // two units on one floor: no order
            }
            for e in members {
                if top != Int.min { buildingTopLevel[Int(e)] = Int8(max(-2, min(top, 100))) }
                buildingHasTop[Int(e)] = anyTop
            }
        }
        _ = groupOf

        // Typo neighbourhood: every one-character deletion of every word of four letters or more.
        var deletions: [String: [Int32]] = [:]
        var buf: [UInt8] = []
        for (id, w) in texts.enumerated() {
            let u = Array(w.utf8)
            guard u.count >= 4, u.count <= 30, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { continue }
            for k in 0..<u.count {
                if k > 0 && u[k] == u[k - 1] { continue }   // "PEPPER" minus either P is one deletion
                buf.removeAll(keepingCapacity: true)
                buf.append(contentsOf: u[0..<k]); buf.append(contentsOf: u[(k + 1)...])
                deletions[String(decoding: buf, as: UTF8.self), default: []].append(Int32(id))
            }
        }

        // Postcodes: members (flattened), sectors and outward codes.
        var postcodeEntryStart: [Int32] = [0]
        var postcodeEntryList: [Int32] = []
        postcodeEntryList.reserveCapacity(n)
        for m in pcMembers { postcodeEntryList.append(contentsOf: m); postcodeEntryStart.append(Int32(postcodeEntryList.count)) }
        pcMembers = []
        var sectorTable: [String: Int32] = [:]
        var sectorPostcodes: [[Int32]] = []
        var outwardTable: [String: Int32] = [:]
        var postcodeSector = [Int32](repeating: -1, count: postcodeText.count)
        var postcodeOutward = [Int32](repeating: -1, count: postcodeText.count)
        for (c, pc) in postcodeText.enumerated() {
            let sector = String(AddressPostcode.sector(pc))
            let s: Int32
            if let x = sectorTable[sector] { s = x } else { s = Int32(sectorPostcodes.count); sectorTable[sector] = s; sectorPostcodes.append([]) }
            sectorPostcodes[Int(s)].append(Int32(c))
            postcodeSector[c] = s
            let outward = String(AddressPostcode.outward(pc))
            let o: Int32
            if let x = outwardTable[outward] { o = x } else { o = Int32(outwardTable.count); outwardTable[outward] = o }
            postcodeOutward[c] = o
        }

        self.vocabulary = vocab
        self.tokenText = texts
        self.documentFrequency = df
        self.tokenWeights = texts.indices.map {
            AddressIndex.idf(documentFrequency: Int(df[$0]), entries: n, word: texts[$0])
        }
        self.deletions = deletions
        self.postingStart = postingStart
        self.postingKey = postingKey
        self.postingEntry = postingEntry
        self.tokenStart = tokenStart
        self.entryTokens = entryTokens
        self.entryRoles = entryRoles
        self.paon = paon
        self.paonMayBeFlat = paonMayBeFlat
        self.flatCode = flatCode
        self.floors = floors
        self.hasSub = hasSub
        self.subKind = subKind
        self.hasName = hasName
        self.nameLastWord = nameLastWord
        self.entryPostcode = entryPostcode
        self.parent = parent
        self.street = streetOf
        self.floorRank = floorRank
        self.buildingTopLevel = buildingTopLevel
        self.buildingHasTop = buildingHasTop
        self.childCount = childCount
        self.lineBytes = lineBytes
        self.lineStart = lineStart
        self.flatTable = flatTable
        self.flatText = flatText
        self.flatValue = flatText.map { AddressLexer.isPlainNumber($0) ? Int32(truncatingIfNeeded: Int($0.prefix(9)) ?? -1) : -1 }
        self.flatOrdinal = flatText.map { AddressIndex.ordinal(of: $0) }
        self.flatSuffix = flatText.map { AddressIndex.suffixCode(of: $0) }
        self.postcodeUnit = postcodeText.map { AddressIndex.unitCode(of: $0) }
        self.postcodeInward = postcodeText.map { AddressIndex.inwardCode(of: $0) }
        self.postcodeTable = postcodeTable
        self.postcodeText = postcodeText
        self.postcodeSector = postcodeSector
        self.postcodeOutward = postcodeOutward
        self.postcodeEntryStart = postcodeEntryStart
        self.postcodeEntryList = postcodeEntryList
        self.sectorTable = sectorTable
        self.sectorPostcodes = sectorPostcodes
        self.outwardTable = outwardTable
        self.byUPRN = byUPRN
        self.streets = streets
        self.streetPostings = streetPostings
    }

    /// Words that end the name of a park or open space.
    static let parkWords: Set<String> = [
        "PARK", "GARDENS", "GARDEN", "FIELDS", "FIELD", "GROUND", "GROUNDS", "SPACE", "COMMON", "GREEN", "PLAYGROUND",
        "RECREATION", "HEATH", "WOOD", "WOODS", "MEADOW", "MEADOWS", "RESERVE", "MARSHES", "PLEASANCE",
    ]

    /// A flat identifier's ordinal: a number is itself; one letter is its place in the alphabet.
    static func ordinal(of s: String) -> Int32 {
        if AddressLexer.isPlainNumber(s) { return Int32(truncatingIfNeeded: Int(s.prefix(9)) ?? -1) }
        let u = Array(s.utf8)
        if u.count == 1, u[0] >= 65, u[0] <= 90 { return Int32(u[0]) - 64 }
        return -1
    }

    /// One or two letters packed as a number suffix; 0 for anything else.
    static func suffixCode(of s: String) -> UInt16 {
        let u = Array(s.utf8)
        guard (1...2).contains(u.count), u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return 0 }
        return PackedNumber.pack(s)
    }

    /// The last two characters of a postcode, packed.
    static func unitCode(of pc: String) -> UInt16 {
        let u = Array(pc.utf8.suffix(2))
        return u.count == 2 ? UInt16(u[0]) << 8 | UInt16(u[1]) : 0
    }

    /// The last three characters of a postcode (its inward code), packed.
    static func inwardCode(of pc: String) -> UInt32 {
        var v: UInt32 = 0
        for b in pc.utf8.suffix(3) { v = v << 8 | UInt32(b) }
        return v
    }

    /// The weight of a token: how much seeing it narrows the gazetteer down.
    @inline(__always)
    func weight(_ id: Int32) -> Double { tokenWeights[Int(id)] }

    /// Inverse document frequency in nats, blended with a weak prior (so that in a gazetteer
    /// of ten addresses "ROAD" is still common) and capped so no single word outweighs the rest.
    static func idf(documentFrequency d: Int, entries n: Int, word: String) -> Double {
        let m = AddressScoring.priorEntries
        let prior = AddressScoring.genericWords.contains(word) ? AddressScoring.genericPrior : AddressScoring.otherPrior
        let v = AddressText.ln((Double(n) + m) / (Double(d) + 0.5 + m * prior))
        return min(max(v, 0.05), AddressScoring.maxTokenWeight)
    }

    /// The gazetteer entry with this UPRN, if any.
    public func entry(uprn: Int64) -> GazetteerEntry? { byUPRN[uprn].map { entries[Int($0)] } }

    /// An entry's address on one line, as the gazetteer writes it.
    func line(_ e: Int32) -> String {
        let lo = Int(lineStart[Int(e)]), hi = Int(lineStart[Int(e) + 1])
        return lineBytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[lo..<hi]), as: UTF8.self) }
    }

    /// The entries of one postcode.
    @inline(__always)
    func postcodeMembers(_ c: Int32) -> ArraySlice<Int32> {
        postcodeEntryList[Int(postcodeEntryStart[Int(c)])..<Int(postcodeEntryStart[Int(c) + 1])]
    }

    /// The postings of one token: positions into `postingKey` / `postingEntry`.
    @inline(__always)
    func postingRange(_ t: Int32) -> Range<Int> { Int(postingStart[Int(t)])..<Int(postingStart[Int(t) + 1]) }

    /// The postings of one token whose key is `key` (binary search).
    func postingRun(_ t: Int32, key: Int32) -> Range<Int> {
        let r = postingRange(t)
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi { let mid = (lo + hi) / 2; if postingKey[mid] < key { lo = mid + 1 } else { hi = mid } }
        var end = lo
        while end < r.upperBound && postingKey[end] == key { end += 1 }
        return lo..<end
    }

    /// Gazetteer words within one edit (two for long words) of `word`, with a similarity in 0...1.
    func resolve(_ word: String) -> [(Int32, Double)] {
        if let id = vocabulary[word] { return [(id, 1)] }
        let u = Array(word.utf8)
        guard u.count >= 3, u.count <= 30, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return [] }
        var found: [Int32] = []
        if let ids = deletions[word] { found += ids }                   // a letter missing
        if u.count >= 4 {
            var v: [UInt8] = []
            v.reserveCapacity(u.count)
            for k in 0..<u.count {
                if k > 0 && u[k] == u[k - 1] { continue }
                v.removeAll(keepingCapacity: true)
                v.append(contentsOf: u[0..<k]); v.append(contentsOf: u[(k + 1)...])
                let d = String(decoding: v, as: UTF8.self)
                if let id = vocabulary[d] { found.append(id) }             // a letter extra
                if let ids = deletions[d] { found += ids }                  // a letter wrong or swapped
            }
        }
        guard !found.isEmpty else { return [] }
        var out: [(Int32, Double)] = []
        var seen: [Int32] = []
        let maxDistance = u.count >= 8 ? 2 : 1
        for id in found where !seen.contains(id) {
            seen.append(id)
            let cand = Array(tokenText[Int(id)].utf8)
            let d = AddressText.osaDistance(u, cand, limit: maxDistance)
            guard d <= maxDistance else { continue }
            // A first letter is rarely mistyped: a change there costs more.
            var sim = d == 1 ? 0.85 : 0.7
            if u[0] != cand[0] { sim -= 0.1 }
            out.append((id, sim))
        }
        out.sort { $0.1 > $1.1 || ($0.1 == $1.1 && documentFrequency[Int($0.0)] > documentFrequency[Int($1.0)]) }
        if out.count > 4 { out.removeLast(out.count - 4) }
        return out
    }
}

/// A building number packed into plain integers (no strings), for the scoring loop.
struct PackedNumber: Equatable, Sendable {
    /// The first number, -1 when there is none.
    var low: Int32
    /// The last number of a range, -1 when not a range.
    var high: Int32
    /// Up to two suffix letters, ordered as text ("A" < "AB" < "B"); 0 when none.
    var lowSuffix: UInt16
    var highSuffix: UInt16
    var half: Bool

    static let none = PackedNumber(low: -1, high: -1, lowSuffix: 0, highSuffix: 0, half: false)

    init(low: Int32, high: Int32, lowSuffix: UInt16, highSuffix: UInt16, half: Bool) {
        self.low = low; self.high = high; self.lowSuffix = lowSuffix; self.highSuffix = highSuffix; self.half = half
    }

    init(_ b: BuildingNumber) {
        low = Int32(truncatingIfNeeded: b.low)
        high = b.high.map { Int32(truncatingIfNeeded: $0) } ?? -1
        lowSuffix = PackedNumber.pack(b.lowSuffix)
        highSuffix = PackedNumber.pack(b.highSuffix)
        half = b.half
    }

    static func pack(_ s: String) -> UInt16 {
        var v: UInt16 = 0, n = 0
        for u in s.utf8.prefix(2) { v = v * 32 + UInt16(u &- 64 & 31); n += 1 }
        return n == 1 ? v * 32 : v
    }

    var exists: Bool { low >= 0 }
    var isRange: Bool { high >= 0 }
    /// A single number with no suffix, range or half ("14").
    var isPlain: Bool { low >= 0 && high < 0 && lowSuffix == 0 && !half }

    /// True when `n` (with `suffix`) lies within this number or range.
    func contains(_ n: Int32, suffix: UInt16) -> Bool {
        guard high >= 0 else { return n == low && suffix == lowSuffix }
        if n > low && n < high { return true }
        if n == low { return suffix == 0 || suffix >= lowSuffix }
        if n == high { return suffix == 0 || suffix <= highSuffix || highSuffix == 0 }
        return false
    }

    /// The first suffix letter as text ("B" for 14B), nil when none or two letters.
    var singleSuffixLetter: UInt8? {
        guard lowSuffix != 0, lowSuffix % 32 == 0 else { return nil }
        return UInt8(lowSuffix / 32) + 64
    }
}

/// The kind of unit a sub-building is, as far as telling a shop from a flat goes.
enum UnitKind: UInt8, Sendable {
    case unknown = 0, residential, commercial, other

    /// Flat words and the kind of unit they name ("UNIT" and "SUITE" could be either).
    static func of(_ word: String) -> UnitKind {
        switch word {
        case "FLAT", "FLATS", "APARTMENT", "APARTMENTS", "MAISONETTE", "STUDIO", "BEDSIT", "PENTHOUSE", "ROOM", "ANNEXE", "ANNEX":
            return .residential
        case "SHOP", "OFFICE", "OFFICES", "KIOSK", "STALL", "WORKSHOP", "STORE", "STORES", "SURGERY", "RESTAURANT", "CAFE", "PUB", "WAREHOUSE":
            return .commercial
        case "GARAGE", "BERTH", "PITCH", "PLOT", "CHALET", "CABIN", "PARKING":
            return .other
        default:
            return .unknown
        }
    }
}

/// The part of an entry's address a word belongs to. Higher wins when a word appears twice.
enum TokenRole: UInt8, Sendable {
    case locality = 0, sub = 1, name = 2, street = 3
}

/// One street of the gazetteer (by USRN when known, else by name and place).
struct StreetInfo: Sendable {
    var name: String
    var place: String
    var usrn: Int64?
    var tokens: [Int32]
    var entryCount: Int
    var firstEntry: Int32
}

/// What the index needs of one gazetteer entry, read once while building.
struct EntryParts {
    var paon: BuildingNumber?
    /// The number followed a flat word with no building name ("FLAT 74 HIGH STREET").
    var paonMayBeFlat = false
    var flatID: String?
    var floors = FloorSet()
    var hasSub = false
    var kind = UnitKind.unknown
    var postcode: String?
    var streetText = ""
    var placeText = ""
    var buildingKey = ""
    var words: [(String, TokenRole)] = []

    static func make(from e: GazetteerEntry) -> EntryParts {
        var cache = FieldCache()
        return make(from: e, cache: &cache)
    }

    static func make(from e: GazetteerEntry, cache: inout FieldCache) -> EntryParts {
        var r = EntryParts()
        r.postcode = e.postcode.flatMap { cache.postcode($0) }
        var nameWords: [String] = []
        if let full = e.fullAddress {
            let p = AddressParser.parse(full, postcode: e.postcode)
            if r.postcode == nil { r.postcode = p.postcode }
            r.paon = p.buildingNumber
            r.paonMayBeFlat = p.numberMayBeFlat
            var kindWord: String?
            if let s = p.subBuilding { kindWord = r.setSub(s) }
            for (k, w) in p.tokens.enumerated() where !AddressText.stopWords.contains(w) {
                switch p.zones[k] {
                case .name: r.words.append((w, .name)); nameWords.append(w)
                case .street: r.words.append((w, .street))
                case .locality: r.words.append((w, .locality))
                case .subBuilding, .number: break
                }
            }
            if let s = p.subBuilding { for d in s.descriptors where d != kindWord { r.words.append((d, .sub)) } }
            r.streetText = p.street ?? ""
            r.placeText = [p.locality, p.town].compactMap { $0 }.joined(separator: " ")
            if p.buildingNumber == nil, let x = p.extraNumbers.first, let b = BuildingNumber(x) { r.paon = b }
        } else {
            if let s = e.subBuilding {
                let sub = cache.subBuilding(s)
                let kindWord = r.setSub(sub)
                for d in sub.descriptors where !AddressText.stopWords.contains(d) && d != kindWord { r.words.append((d, .sub)) }
            }
            if let num = e.buildingNumber {
                let toks = cache.tokens(num)
                if let first = toks.first(where: \.isNumeric), var b = BuildingNumber(first.text) {
                    if toks.contains(where: { $0.text == "HALF" }) { b.half = true }
                    r.paon = b
                } else {
                    for t in toks where !AddressText.stopWords.contains(t.text) { r.words.append((t.text, .name)); nameWords.append(t.text) }
                }
            }
            if let name = e.buildingName {
                let toks = cache.tokens(name)
                for t in toks where !AddressText.stopWords.contains(t.text) {
                    if t.isNumeric, r.paon == nil, let b = BuildingNumber(t.text) { r.paon = b; continue }
                    r.words.append((t.text, .name)); nameWords.append(t.text)
                }
            }
            var streetWords: [String] = []
            if let st = e.street {
                for t in cache.tokens(st) where !AddressText.stopWords.contains(t.text) {
                    r.words.append((t.text, .street)); streetWords.append(t.text)
                }
            }
            var placeWords: [String] = []
            for field in [e.locality, e.town] {
                guard let field else { continue }
                for t in cache.tokens(field) where !AddressText.stopWords.contains(t.text) {
                    r.words.append((t.text, .locality)); placeWords.append(t.text)
                }
            }
            r.streetText = streetWords.joined(separator: " ")
            r.placeText = placeWords.joined(separator: " ")
        }
        let pc = r.postcode ?? ""
        if r.streetText.isEmpty && r.placeText.isEmpty && nameWords.isEmpty && r.paon == nil { return r }
        r.buildingKey = r.paon == nil && nameWords.isEmpty ? "" :
            "\(r.streetText)|\(pc)|\(r.paon?.description ?? "")|\(nameWords.joined(separator: " "))"
        return r
    }

    /// Records the sub-building; returns the descriptor word that named its kind ("SHOP" in
    /// "GROUND FLOOR SHOP"), which is then not also counted as a word.
    mutating func setSub(_ s: SubBuilding) -> String? {
        hasSub = !s.isEmpty
        flatID = s.identifier.map(AddressText.normaliseFlatID)
        floors = s.floors
        if let k = s.kind { kind = UnitKind.of(k); return nil }
        for d in s.descriptors where UnitKind.of(d) != .unknown { kind = UnitKind.of(d); return d }
        return nil
    }
}

/// Fields of a structured gazetteer repeat (a street's name on every house, a town on every
/// entry, "FLAT 1" in every block): each distinct text is read once while building.
struct FieldCache {
    private var tokenCache: [String: [AddressLexer.Token]] = [:]
    private var subCache: [String: SubBuilding] = [:]
    private var postcodeCache: [String: String?] = [:]

    mutating func postcode(_ text: String) -> String? {
        if let p = postcodeCache[text] { return p }
        let p = AddressPostcode.normalise(text)
        if postcodeCache.count < 200_000 { postcodeCache[text] = p }
        return p
    }

    mutating func tokens(_ text: String) -> [AddressLexer.Token] {
        if let t = tokenCache[text] { return t }
        let t = AddressLexer.tokens(text)
        if tokenCache.count < 200_000 { tokenCache[text] = t }
        return t
    }

    mutating func subBuilding(_ text: String) -> SubBuilding {
        if let s = subCache[text] { return s }
        let s = AddressParser.parseSubBuilding(text)
        if subCache.count < 50_000 { subCache[text] = s }
        return s
    }
}
