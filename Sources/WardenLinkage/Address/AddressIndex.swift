/// An immutable, thread-safe index over a gazetteer, built once and shared by every matcher.
///
/// What it learns from the gazetteer it is given (nothing is tuned to one borough):
/// - how rare each word is (a word on few entries, like "PEPPERPOT", is strong evidence; one on
///   most, like "ROAD" or "LONDON", is weak), as an inverse document frequency;
/// - the vocabulary, with a one-deletion neighbourhood so misspelt words find their gazetteer
///   spelling ("HERTFORSHIRE" → "HERTFORDSHIRE", "PEPERPOT" → "PEPPERPOT");
/// - postcodes, their sectors and outward codes, for records whose postcode is wrong;
/// - each flat's building (from the parent UPRN, or inferred from shared number and street) so a
///   flat that cannot be told apart can fall back to its building;
/// - the streets, for free-text locations that name only a street.
public struct AddressIndex: Sendable {
    /// The gazetteer, in the order given.
    public let entries: [GazetteerEntry]

    let records: [EntryRecord]
    let vocabulary: [String: Int32]
    let tokenText: [String]
    let documentFrequency: [Int32]
    /// Per word: (number key, entry) pairs sorted by key. An entry appears once per number it
    /// answers to (each number of its range, its flat number), or once with key -1 if none, so a
    /// record's number selects a contiguous run by binary search.
    let postings: [[NumberKeyed]]
    let deletions: [String: [Int32]]
    let postcodeEntries: [String: [Int32]]
    let sectorPostcodes: [Substring: [String]]
    let byUPRN: [Int64: Int32]
    let streets: [StreetInfo]
    let streetPostings: [Int32: [Int32]]
    /// Each token's weight (see `idf`).
    let tokenWeights: [Double]

    /// Number of gazetteer entries.
    public var count: Int { entries.count }

    /// Builds the index. Cost is linear in the gazetteer: a few seconds for 400,000 entries in
    /// a release build.
    public init(_ entries: [GazetteerEntry]) {
        self.entries = entries
        var vocab: [String: Int32] = [:]
        var texts: [String] = []
        var df: [Int32] = []
        var postings: [[NumberKeyed]] = []
        var records: [EntryRecord] = []
        records.reserveCapacity(entries.count)
        var postcodeEntries: [String: [Int32]] = [:]
        var byUPRN: [Int64: Int32] = [:]
        byUPRN.reserveCapacity(entries.count)
        var streetKeys: [String: Int32] = [:]
        var streets: [StreetInfo] = []
        var streetPostings: [Int32: [Int32]] = [:]

        func intern(_ w: String) -> Int32 {
            if let id = vocab[w] { return id }
            let id = Int32(texts.count)
            vocab[w] = id
            texts.append(w)
            df.append(0)
            postings.append([])
            return id
        }

        for (i, entry) in entries.enumerated() {
            let idx = Int32(i)
            var rec = EntryRecord.make(from: entry)
            // intern words, distinct per entry
            var ids: [Int32] = []
            var roles: [TokenRole] = []
            for (w, role) in rec.words {
                let id = intern(w)
                if let k = ids.firstIndex(of: id) {
                    if role.rawValue > roles[k].rawValue { roles[k] = role }  // street beats locality
                    continue
                }
                ids.append(id)
                roles.append(role)
            }
            let keys = rec.numberKeys
            for id in ids {
                df[Int(id)] += 1
                if keys.isEmpty {
                    postings[Int(id)].append(NumberKeyed(key: -1, entry: idx))
                } else {
                    for k in keys { postings[Int(id)].append(NumberKeyed(key: k, entry: idx)) }
                }
            }
            rec.tokens = ids
            rec.roles = roles
            rec.words = []
            if let pc = rec.postcode { postcodeEntries[pc, default: []].append(idx) }
            if byUPRN[entry.uprn] == nil { byUPRN[entry.uprn] = idx }
            // street table
            if !rec.streetText.isEmpty {
                let key = entry.usrn.map { "#\($0)" } ?? (rec.streetText + "|" + rec.placeText)
                if let s = streetKeys[key] {
                    rec.street = s
                    streets[Int(s)].entryCount += 1
                } else {
                    let s = Int32(streets.count)
                    streetKeys[key] = s
                    let tokenIDs = zip(ids, roles).filter { $0.1 == .street }.map(\.0)
                    streets.append(StreetInfo(name: rec.streetText, place: rec.placeText, usrn: entry.usrn,
                                              tokens: tokenIDs, entryCount: 1, firstEntry: idx))
                    for t in tokenIDs { streetPostings[t, default: []].append(s) }
                    rec.street = s
                }
            }
            records.append(rec)
        }

        // Parents: the given parent UPRN, else the entry on the same street with the same
        // building number and name and no sub-building.
        var buildingKeyEntries: [String: Int32] = [:]
        for (i, r) in records.enumerated() where !r.hasSub {
            let key = r.buildingKey
            if !key.isEmpty, buildingKeyEntries[key] == nil { buildingKeyEntries[key] = Int32(i) }
        }
        for i in records.indices where records[i].hasSub {
            if let p = entries[i].parentUPRN, let pi = byUPRN[p], pi != Int32(i) {
                records[i].parent = pi
            } else if let pi = buildingKeyEntries[records[i].buildingKey], pi != Int32(i) {
                records[i].parent = pi
            }
        }

        for k in postings.indices where postings[k].count > 1 {
            postings[k].sort { ($0.key, $0.entry) < ($1.key, $1.entry) }
        }

        // Typo neighbourhood: every one-character deletion of every word of four letters or more.
        var deletions: [String: [Int32]] = [:]
        for (id, w) in texts.enumerated() {
            let u = Array(w.utf8)
            guard u.count >= 4, u.count <= 30, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { continue }
            var seen = Set<String>()
            for k in 0..<u.count {
                var v = u
                v.remove(at: k)
                let d = String(decoding: v, as: UTF8.self)
                if seen.insert(d).inserted { deletions[d, default: []].append(Int32(id)) }
            }
        }

        var sectors: [Substring: [String]] = [:]
        for pc in postcodeEntries.keys { sectors[AddressPostcode.sector(pc), default: []].append(pc) }

        self.records = records
        self.vocabulary = vocab
        self.tokenText = texts
        self.documentFrequency = df
        self.postings = postings
        self.deletions = deletions
        self.postcodeEntries = postcodeEntries
        self.sectorPostcodes = sectors
        self.byUPRN = byUPRN
        self.streets = streets
        self.streetPostings = streetPostings
        self.tokenWeights = texts.indices.map {
            AddressIndex.idf(documentFrequency: Int(df[$0]), entries: entries.count, word: texts[$0])
        }
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

    /// Gazetteer words within one edit (two for long words) of `word`, with a similarity in 0...1.
    func resolve(_ word: String) -> [(Int32, Double)] {
        if let id = vocabulary[word] { return [(id, 1)] }
        let u = Array(word.utf8)
        guard u.count >= 3, u.count <= 30, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return [] }
        var found: [Int32] = []
        if let ids = deletions[word] { found += ids }                   // a letter missing
        for k in 0..<u.count where u.count >= 4 {
            var v = u
            v.remove(at: k)
            let d = String(decoding: v, as: UTF8.self)
            if let id = vocabulary[d] { found.append(id) }             // a letter extra
            if let ids = deletions[d] { found += ids }                  // a letter wrong or swapped
        }
        guard !found.isEmpty else { return [] }
        var out: [(Int32, Double)] = []
        var seen = Set<Int32>()
        let maxDistance = u.count >= 8 ? 2 : 1
        for id in found where seen.insert(id).inserted {
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

/// One posting: an entry and one number it answers to (-1: none).
struct NumberKeyed: Sendable {
    var key: Int32
    var entry: Int32
}

extension Array where Element == NumberKeyed {
    /// The postings whose key is `key` (binary search over the sorted list).
    func run(for key: Int32) -> ArraySlice<NumberKeyed> {
        var lo = 0, hi = count
        while lo < hi { let mid = (lo + hi) / 2; if self[mid].key < key { lo = mid + 1 } else { hi = mid } }
        var end = lo
        while end < count && self[end].key == key { end += 1 }
        return self[lo..<end]
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

/// What the matcher needs of one gazetteer entry, precomputed.
struct EntryRecord: Sendable {
    var paon: BuildingNumber?
    /// The number followed a flat word with no building name ("FLAT 74 HIGH STREET").
    var paonMayBeFlat = false
    var flatID: String?
    var floors = FloorSet()
    var hasSub = false
    var tokens: [Int32] = []
    var roles: [TokenRole] = []
    var postcode: String?
    var parent: Int32 = -1
    var street: Int32 = -1
    var streetText = ""
    var placeText = ""
    var buildingKey = ""
    /// Words with roles, before interning (emptied once interned).
    var words: [(String, TokenRole)] = []

    static func make(from e: GazetteerEntry) -> EntryRecord {
        var r = EntryRecord()
        r.postcode = e.postcode.flatMap(AddressPostcode.normalise)
        var nameWords: [String] = []
        if let full = e.fullAddress {
            let p = AddressParser.parse(full, postcode: e.postcode)
            if r.postcode == nil { r.postcode = p.postcode }
            r.paon = p.buildingNumber
            r.paonMayBeFlat = p.numberMayBeFlat
            if let s = p.subBuilding { r.setSub(s) }
            for (k, w) in p.tokens.enumerated() where !AddressText.stopWords.contains(w) {
                switch p.zones[k] {
                case .name: r.words.append((w, .name)); nameWords.append(w)
                case .street: r.words.append((w, .street))
                case .locality: r.words.append((w, .locality))
                case .subBuilding, .number: break
                }
            }
            if let s = p.subBuilding { for d in s.descriptors { r.words.append((d, .sub)) } }
            r.streetText = p.street ?? ""
            r.placeText = [p.locality, p.town].compactMap { $0 }.joined(separator: " ")
            if p.buildingNumber == nil, let x = p.extraNumbers.first, let b = BuildingNumber(x) { r.paon = b }
        } else {
            if let s = e.subBuilding {
                let sub = AddressParser.parseSubBuilding(s)
                r.setSub(sub)
                for d in sub.descriptors where !AddressText.stopWords.contains(d) { r.words.append((d, .sub)) }
            }
            if let num = e.buildingNumber {
                let toks = AddressLexer.tokens(num)
                if let first = toks.first(where: \.isNumeric), var b = BuildingNumber(first.text) {
                    if toks.map(\.text).contains("HALF") { b.half = true }
                    r.paon = b
                } else {
                    for t in toks where !AddressText.stopWords.contains(t.text) { r.words.append((t.text, .name)); nameWords.append(t.text) }
                }
            }
            if let name = e.buildingName {
                let toks = AddressLexer.tokens(name)
                for t in toks where !AddressText.stopWords.contains(t.text) {
                    if t.isNumeric, r.paon == nil, let b = BuildingNumber(t.text) { r.paon = b; continue }
                    r.words.append((t.text, .name)); nameWords.append(t.text)
                }
            }
            var streetWords: [String] = []
            if let st = e.street {
                for t in AddressLexer.tokens(st) where !AddressText.stopWords.contains(t.text) {
                    r.words.append((t.text, .street)); streetWords.append(t.text)
                }
            }
            var placeWords: [String] = []
            for field in [e.locality, e.town] {
                guard let field else { continue }
                for t in AddressLexer.tokens(field) where !AddressText.stopWords.contains(t.text) {
                    r.words.append((t.text, .locality)); placeWords.append(t.text)
                }
            }
            r.streetText = streetWords.joined(separator: " ")
            r.placeText = placeWords.joined(separator: " ")
        }
        let pc = r.postcode ?? ""
        r.buildingKey = r.paon == nil && nameWords.isEmpty ? "" :
            "\(r.streetText)|\(pc)|\(r.paon?.description ?? "")|\(nameWords.joined(separator: " "))"
        return r
    }

    /// The numbers this entry answers to: its building number (each number of a short range)
    /// and its flat number.
    var numberKeys: [Int32] {
        var keys: [Int32] = []
        if let p = paon {
            let high = min(p.high ?? p.low, p.low + 20)
            for n in p.low...max(p.low, high) { keys.append(Int32(truncatingIfNeeded: n)) }
        }
        if let f = flatID, let v = Int(f), !keys.contains(Int32(truncatingIfNeeded: v)) { keys.append(Int32(truncatingIfNeeded: v)) }
        return keys
    }

    mutating func setSub(_ s: SubBuilding) {
        hasSub = !s.isEmpty
        flatID = s.identifier.map(AddressText.normaliseFlatID)
        floors = s.floors
    }
}
