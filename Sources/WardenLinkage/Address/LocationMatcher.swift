/// A street of the gazetteer, as a location can resolve to it.
public struct StreetReference: Sendable, Hashable {
    /// The street's USRN when the gazetteer gives one.
    public let usrn: Int64?
    /// Its name ("ELM ROAD").
    public let name: String
    /// Its locality and town as the gazetteer writes them ("WALTHAMSTOW LONDON").
    public let place: String
    /// A stable key: "USRN:…" when known, else "NAME|PLACE".
    public var key: String { usrn.map { "USRN:\($0)" } ?? "\(name)|\(place)" }
}

/// Where a free-text event location ("outside 23 Elm Rd", "junction of Elm Rd and Park Lane")
/// resolves to.
public struct LocationMatch: Sendable {
    /// What the location resolved to.
    public enum Kind: String, Sendable, Codable {
        /// A property (a number was given and matched).
        case property
        /// A street (no number, a number that is not a property, or a junction).
        case street
        /// Nothing could be resolved.
        case none
    }

    /// What the location resolved to.
    public let kind: Kind
    /// The property's UPRN when `kind == .property`.
    public let uprn: Int64?
    /// The street (for a property: its street; for a junction: the first street named).
    public let street: StreetReference?
    /// The other street of a junction, or other streets of the same name that could be meant.
    public let otherStreets: [StreetReference]
    /// The relation words stripped from the front ("OUTSIDE", "REAR OF", "JUNCTION OF").
    public let relation: String?
    /// How sure (0...1).
    public let confidence: Double
    /// The property match, when a number was present.
    public let addressMatch: AddressMatch?
}

extension AddressIndex {

    /// Resolves a free-text event location: to a property when it holds a number that matches
    /// one, otherwise to a street (USRN or street key), otherwise to nothing.
    public func matchLocation(_ text: String) -> LocationMatch {
        var toks = AddressLexer.tokens(text).map(\.text)
        // "O/S", "R/O", "J/O" arrive as two letters.
        var relation: [String] = []
        func stripRelation() -> Bool {
            guard let first = toks.first else { return false }
            let pairs: [([String], String)] = [(["O", "S"], "OUTSIDE"), (["R", "O"], "REAR OF"), (["J", "O"], "JUNCTION OF"),
                                               (["J", "W"], "JUNCTION WITH"), (["OS"], "OUTSIDE")]
            for (p, name) in pairs where toks.count > p.count && Array(toks.prefix(p.count)) == p {
                if p == ["OS"], !(toks.count > 1 && (toks[1] == "NO" || toks[1].first?.isNumber == true)) { continue }
                toks.removeFirst(p.count); relation.append(name); return true
            }
            let words: Set<String> = ["OUTSIDE", "OPPOSITE", "NEAR", "NR", "REAR", "FRONT", "BEHIND", "ADJACENT",
                                      "NEXT", "BESIDE", "BY", "AT", "IN", "ON", "OF", "TO", "WITH", "CORNER", "JUNCTION",
                                      "OUTSIDE", "THE", "NO", "BACK", "SIDE", "ALONG", "ACROSS", "FROM", "BETWEEN", "EITHER"]
            if words.contains(first) { toks.removeFirst(); relation.append(first); return true }
            return false
        }
        while toks.count > 1, stripRelation() {}
        let relationText = relation.filter { !["OF", "TO", "WITH", "THE", "NO", "AT", "IN", "ON"].contains($0) }.joined(separator: " ")
        let rel = relationText.isEmpty ? nil : relationText
        guard !toks.isEmpty else {
            return LocationMatch(kind: .none, uprn: nil, street: nil, otherStreets: [], relation: rel, confidence: 0, addressMatch: nil)
        }

        // A junction: two streets joined by AND, WITH or "/".
        let isJunction = relation.contains("JUNCTION") || relation.contains("CORNER") || relation.contains("JUNCTION OF")
            || relation.contains("JUNCTION WITH") || relation.contains("BETWEEN")
        if let split = toks.firstIndex(where: { $0 == "AND" || $0 == "WITH" }), split > 0, split < toks.count - 1,
           isJunction || !toks.contains(where: { $0.first?.isNumber == true }) {
            let a = bestStreets(Array(toks[..<split])), b = bestStreets(Array(toks[(split + 1)...]))
            if let sa = a.first, let sb = b.first {
                return LocationMatch(kind: .street, uprn: nil, street: sa.0, otherStreets: [sb.0], relation: rel ?? "JUNCTION",
                                     confidence: min(sa.1, sb.1), addressMatch: nil)
            }
        }

        // A number: try the property.
        let rest = toks.joined(separator: " ")
        if toks.contains(where: { $0.first?.isNumber == true }) {
            let m = match(rest, postcode: nil)
            if let u = m.uprn, let e = byUPRN[u] {
                let st = street[Int(e)]
                let street = st >= 0 ? reference(Int(st)) : nil
                return LocationMatch(kind: .property, uprn: u, street: street, otherStreets: [], relation: rel,
                                     confidence: m.confidence, addressMatch: m)
            }
            let streets = bestStreets(toks.filter { $0.first?.isNumber != true })
            if let s = streets.first {
                return LocationMatch(kind: .street, uprn: nil, street: s.0, otherStreets: streets.dropFirst().map(\.0),
                                     relation: rel, confidence: s.1 * 0.9, addressMatch: m)
            }
            return LocationMatch(kind: .none, uprn: nil, street: nil, otherStreets: [], relation: rel, confidence: 0, addressMatch: m)
        }
        // Words only. A park ("ELM ROAD PARK", "THE PARK ON ELM ROAD"): the open space on the
        // street named, when the gazetteer lists exactly one.
        let connectors: Set<String> = ["ON", "IN", "AT", "THE", "OF", "BY", "OFF", "NEAR"]
        if toks.contains(where: { $0 == "PARK" || $0 == "PLAYGROUND" }) {
            let streetWords = toks.filter { $0 != "PARK" && $0 != "PLAYGROUND" && !connectors.contains($0) }
            let found = bestStreetIDs(streetWords)
            if found.count == 1, let (sid, conf) = found.first {
                let spaces = openSpaces(onStreet: sid)
                if spaces.count == 1 {
                    let u = entries[Int(spaces[0])].uprn
                    return LocationMatch(kind: .property, uprn: u, street: reference(Int(sid)), otherStreets: [], relation: rel,
                                         confidence: conf * 0.9, addressMatch: nil)
                }
            }
        }
        // A place named outright ("MEADOW PARK", "OSPREY MANSIONS, WINCHESTER STREET"): the one
        // entry whose whole name the words hold, on the street they name if they name one.
        let streetIDs = bestStreetIDs(toks)
        let streets = streetIDs.map { (reference(Int($0.0)), $0.1) }
        let named = namedEntries(toks.filter { !connectors.contains($0) }, street: streetIDs.count == 1 ? streetIDs[0].0 : nil)
        if named.count == 1 {
            let e = Int(named[0])
            let st = street[e]
            return LocationMatch(kind: .property, uprn: entries[e].uprn, street: st >= 0 ? reference(Int(st)) : nil, otherStreets: [],
                                 relation: rel, confidence: (streets.first?.1 ?? 0.9) * 0.95, addressMatch: nil)
        }
        // Else a street ("ELM ROAD PARK" is ELM ROAD), else perhaps a property the matcher finds.
        if let s = streets.first {
            return LocationMatch(kind: .street, uprn: nil, street: s.0, otherStreets: streets.dropFirst().map(\.0),
                                 relation: rel, confidence: s.1, addressMatch: nil)
        }
        let m = match(rest, postcode: nil)
        if let u = m.uprn {
            return LocationMatch(kind: .property, uprn: u, street: nil, otherStreets: [], relation: rel, confidence: m.confidence, addressMatch: m)
        }
        return LocationMatch(kind: .none, uprn: nil, street: nil, otherStreets: [], relation: rel, confidence: 0, addressMatch: m)
    }

    /// Entries on a street that are open spaces: no number, not a unit, a name ending in a
    /// park word ("RAMSAY GARDENS", "LAUREL PLAYING FIELDS", "ALBERT RECREATION GROUND").
    func openSpaces(onStreet sid: Int32) -> [Int32] {
        var out: [Int32] = []
        for t in streets[Int(sid)].tokens.prefix(1) {
            for j in postingRun(t, key: -1) {
                let e = postingEntry[j]
                guard street[Int(e)] == sid, !hasSub[Int(e)], !paon[Int(e)].exists, hasName[Int(e)] else { continue }
                let last = nameLastWord[Int(e)]
                if last >= 0, AddressIndex.parkWords.contains(tokenText[Int(last)]), !out.contains(e) { out.append(e) }
            }
        }
        return out
    }

    /// Entries (not units of a building) whose name words are all among `words` and which hold
    /// every word given (the others may be its street or place), optionally on one street.
    func namedEntries(_ words: [String], street sid: Int32?) -> [Int32] {
        var ids: [Int32] = []
        for w in words where !AddressText.stopWords.contains(w) {
            if let id = vocabulary[w] { if !ids.contains(id) { ids.append(id) } } else { return [] }
        }
        guard let rarest = ids.min(by: { documentFrequency[Int($0)] < documentFrequency[Int($1)] }),
              documentFrequency[Int(rarest)] <= 5_000 else { return [] }
        var out: [Int32] = []
        for j in postingRange(rarest) {
            let e = postingEntry[j]
            let i = Int(e)
            guard hasName[i], !hasSub[i], !out.contains(e) else { continue }
            if let sid, street[i] != sid { continue }
            let lo = Int(tokenStart[i]), hi = Int(tokenStart[i + 1])
            // every name word of the entry is given, and every word given is the entry's
            var ok = true
            for k in lo..<hi where entryRoles[k] == .name && !ids.contains(entryTokens[k]) { ok = false; break }
            if ok { for id in ids where !entryTokens[lo..<hi].contains(id) { ok = false; break } }
            if ok { out.append(e) }
            if out.count > 1 { break }
        }
        return out
    }

    /// Streets whose whole name the words hold (misspellings allowed), best first, with a
    /// confidence; streets of the same name elsewhere follow the best (the caller lists them).
    func bestStreets(_ words: [String]) -> [(StreetReference, Double)] {
        bestStreetIDs(words).map { (reference(Int($0.0)), $0.1) }
    }

    /// `bestStreets` as street table ids.
    func bestStreetIDs(_ words: [String]) -> [(Int32, Double)] {
        var resolved: [(Int32, Double, Int)] = []  // token, similarity, position
        for (pos, w) in words.enumerated() where !AddressText.stopWords.contains(w) {
            for (id, sim) in resolve(w) { resolved.append((id, sim, pos)) }
        }
        // Streets are gathered from the words that name fewest streets first ("ELM" before
        // "ROAD"): a street missing all of them could not cover the words anyway.
        var lists: [[Int32]] = []
        for (id, _, _) in resolved {
            if let l = streetPostings[id], !l.isEmpty, !lists.contains(where: { $0.first == l.first && $0.count == l.count }) { lists.append(l) }
        }
        lists.sort { $0.count < $1.count }
        var candidates: [Int32] = []
        for (k, l) in lists.enumerated() {
            if k >= 3 || (k > 0 && candidates.count + l.count > 2_000) { break }
            candidates.append(contentsOf: l)
        }
        candidates = AddressIndex.sortedUnique(candidates)
        var scored: [(Int32, Double, Double, Int)] = []   // street, coverage, similarity product, token count
        for s in candidates {
            let street = streets[Int(s)]
            var matchedWeight = 0.0, total = 0.0, sims = 1.0
            var positions: [Int] = []
            for t in street.tokens {
                let w = weight(t)
                total += w
                var best: (Double, Int)?
                for r in resolved where r.0 == t && (best == nil || r.1 > best!.0) { best = (r.1, r.2) }
                if let best {
                    matchedWeight += w * best.0
                    sims *= best.0
                    positions.append(best.1)
                }
            }
            let coverage = total > 0 ? matchedWeight / total : 0
            let span = (positions.max() ?? 0) - (positions.min() ?? 0) + 1
            let inOrder = positions == positions.sorted() && span == positions.count
            let c = coverage + (inOrder ? 0.05 : 0)
            if c >= 0.85 { scored.append((s, c, sims, street.tokens.count)) }
        }
        scored.sort { ($0.1, $0.3, -Int($0.0)) > ($1.1, $1.3, -Int($1.0)) }
        guard let top = scored.first else { return [] }
        // the same name in another place cannot be told apart without more words
        let topName = streets[Int(top.0)].name
        let sameName = scored.filter { streets[Int($0.0)].name == topName && abs($0.1 - top.1) < 1e-9 }
        let confidence = min(top.1, 1) * top.2 / Double(sameName.count)
        return sameName.map { ($0.0, confidence) }
    }

    func reference(_ s: Int) -> StreetReference {
        let st = streets[s]
        return StreetReference(usrn: st.usrn, name: st.name, place: st.place)
    }
}
