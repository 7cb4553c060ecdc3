/// Parses UK free-text addresses into their parts.
///
/// The parser is a set of rules over normalised tokens, written for the shapes council extracts
/// and gazetteers actually hold: sub-buildings before or after building names ("FLAT 3,
/// ASHDOWN HOUSE, 12 ELM RD", "ZEBRA HOUSE 25 FLAT 45 ..."), floors described in several ways
/// ("FIRST FLOOR FLAT", "FLAT 1ST FLR", "FLAT A FIRST AND SECOND FLOORS"), number suffixes and
/// ranges ("14B", "12-14", "92-92A", "144 AND A HALF"), business names before the number, a
/// postcode glued to the end or given in its own column. It never fails; what it cannot place
/// it leaves in `tokens` for the matcher, which compares tokens as well as parts.
public enum AddressParser {

    /// Parses `text`; `postcode`, when given (a separate column), wins over one found in the text.
    public static func parse(_ text: String, postcode: String? = nil) -> ParsedAddress {
        var toks = AddressLexer.tokens(text)
        var result = ParsedAddress()

        // Postcode: the column first, then the end of the text.
        let columnPostcode = postcode.flatMap(AddressPostcode.normalise)
        let (textPostcode, outward) = extractPostcode(&toks)
        result.postcode = columnPostcode ?? textPostcode
        if let c = columnPostcode, let t = textPostcode, c != t { result.otherPostcode = t }
        if result.postcode == nil { result.outwardCode = outward }
        // A trailing country says nothing.
        while let last = toks.last, ["UK", "GB", "ENGLAND", "GREAT BRITAIN"].contains(last.text) || (last.text == "KINGDOM" && toks.count >= 2 && toks[toks.count - 2].text == "UNITED") {
            if last.text == "KINGDOM" { toks.removeLast() }
            toks.removeLast()
        }
        guard !toks.isEmpty else { return result }

        let n = toks.count
        let t = toks.map(\.text)
        var zone = [AddressZone?](repeating: nil, count: n)

        // 1. Sub-building: flat/unit words with their identifiers, and floor phrases.
        var (sub, flatIdIndex) = scanSubBuilding(toks, &zone)

        // 2. Numbers: "NO 5", "144 AND A HALF", then the building number.
        var numbers: [Int] = []
        var i = 0
        var halfAt: Int?
        while i < n {
            if zone[i] == nil, toks[i].isNumeric {
                if i > 0, t[i - 1] == "NO", zone[i - 1] == nil { zone[i - 1] = .number }
                numbers.append(i)
                if i + 3 < n, t[i + 1] == "AND", t[i + 2] == "A", t[i + 3] == "HALF" {
                    halfAt = i
                    for k in (i + 1)...(i + 3) { zone[k] = .number }
                    i += 4
                    continue
                }
            }
            i += 1
        }
        // The building number is the last number followed by a word (UK order: flat, building,
        // street); a number before it is the flat's ("6, JUBILEE COURT, 4 FULBOURNE GROVE",
        // "3 12 ELM ROAD"), any other is kept aside.
        var buildingIndex: Int?
        var extra: [Int] = []
        func followedByWord(_ idx: Int) -> Bool {
            halfAt == idx || (idx + 1 < n && zone[idx + 1] != .number && !toks[idx + 1].isNumeric)
        }
        buildingIndex = numbers.last(where: followedByWord) ?? numbers.last
        for idx in numbers where idx != buildingIndex {
            if sub.identifier == nil, let b = buildingIndex, idx < b, isIdentifier(t[idx]) {
                sub.identifier = t[idx]
                flatIdIndex = idx
                zone[idx] = .subBuilding
            } else {
                extra.append(idx)
            }
        }
        if let b = buildingIndex {
            zone[b] = .number
            for e in extra { zone[e] = .number }
        }

        // 3. Words: building name, street, locality, town.
        var streetRange: Range<Int>?
        var nameIdx: [Int] = []
        func isFree(_ k: Int) -> Bool { zone[k] == nil && !toks[k].isNumeric }

        if let b = buildingIndex {
            nameIdx = (0..<b).filter(isFree)
            streetRange = streetAfter(t, toks, b + 1, isFree)
        } else {
            if let r = streetWithoutNumber(t, toks, isFree) {
                streetRange = r
                nameIdx = (0..<r.lowerBound).filter(isFree)
            } else {
                // no number, no street word: a name, then (after a comma) a street and places.
                let free = (0..<n).filter(isFree)
                if let firstBoundary = free.dropFirst().first(where: { toks[$0].boundaryBefore }) {
                    nameIdx = free.filter { $0 < firstBoundary }
                    let rest = free.filter { $0 >= firstBoundary }
                    let end = rest.dropFirst().first(where: { toks[$0].boundaryBefore }) ?? (rest.last.map { $0 + 1 } ?? firstBoundary)
                    streetRange = firstBoundary..<end
                } else if free.count == 1 {
                    streetRange = free[0]..<(free[0] + 1)
                } else {
                    nameIdx = free
                }
            }
        }

        // "FLAT 74 HIGH STREET": with no other number and no building name, the number after
        // the flat word is the building's.
        if buildingIndex == nil, let f = flatIdIndex, nameIdx.isEmpty, toks[f].isNumeric,
           [nil, "FLAT", "MAISONETTE", "STUDIO"].contains(sub.kind),
           BuildingNumber(t[f]) != nil, streetRange != nil || f + 1 < n {
            buildingIndex = f
            zone[f] = .number
            sub.identifier = nil
            result.numberMayBeFlat = sub.floors.isEmpty && sub.descriptors.isEmpty
            if streetRange == nil { streetRange = streetAfter(t, toks, f + 1, isFree) }
        }

        for k in nameIdx { zone[k] = .name }
        if let r = streetRange { for k in r where isFree(k) { zone[k] = .street } }
        let tailStart = streetRange?.upperBound ?? (nameIdx.last.map { $0 + 1 } ?? n)
        var placeIdx: [Int] = []
        if tailStart < n { placeIdx = (tailStart..<n).filter(isFree) }
        for k in placeIdx { zone[k] = .locality }
        // Anything still unplaced (a word between the number and the street...) is a name.
        for k in 0..<n where zone[k] == nil { zone[k] = toks[k].isNumeric ? .number : .name }

        // Assemble the parts.
        if !sub.isEmpty { result.subBuilding = sub }
        if !nameIdx.isEmpty { result.buildingName = nameIdx.map { t[$0] }.joined(separator: " ") }
        if let b = buildingIndex, var number = BuildingNumber(t[b]) {
            if halfAt == b { number.half = true }
            result.buildingNumber = number
        } else if let b = buildingIndex {
            result.extraNumbers.append(t[b])
        }
        result.extraNumbers += extra.map { t[$0] }
        if let r = streetRange {
            let words = r.filter { zone[$0] == .street }.map { t[$0] }
            if !words.isEmpty { result.street = words.joined(separator: " ") }
        }
        let (locality, town) = splitPlaces(placeIdx, t, toks)
        result.locality = locality
        result.town = town
        result.tokens = t
        result.zones = zone.map { $0 ?? .name }
        return result
    }

    // MARK: Postcodes

    /// Removes a postcode (or a lone outward code) from the end of the tokens.
    static func extractPostcode(_ toks: inout [AddressLexer.Token]) -> (String?, String?) {
        let n = toks.count
        guard n > 0 else { return (nil, nil) }
        // outward + inward, as the last two tokens or followed by one place word.
        for end in stride(from: n, to: max(n - 2, 1), by: -1) where end >= 2 {
            let outward = toks[end - 2].text, inward = toks[end - 1].text
            if AddressPostcode.looksLikeInward(inward), AddressPostcode.looksLikeOutward(outward),
               let pc = AddressPostcode.normalise(outward + " " + inward) {
                toks.removeSubrange((end - 2)..<end)
                return (pc, nil)
            }
        }
        // glued ("W111AA") at the end.
        if let last = toks.last, last.text.utf8.count >= 5, last.text.utf8.count <= 7,
           let pc = UKIdentifiers.normalisePostcode(last.text), n >= 2 {
            toks.removeLast()
            return (pc, nil)
        }
        // a lone outward code after the town ("LONDON E17").
        if n >= 3, let last = toks.last, AddressPostcode.looksLikeOutward(last.text), !last.boundaryBefore || n >= 3,
           last.text.utf8.count >= 2, last.text.utf8.first.map({ $0 >= 65 && $0 <= 90 }) == true,
           last.text.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), !toks[n - 2].isNumeric,
           !AddressLexer.isFlatWord(toks[n - 2].text) {
            toks.removeLast()
            return (nil, last.text)
        }
        return (nil, nil)
    }

    // MARK: Sub-buildings

    /// Finds flat/unit words with their identifiers and floor phrases anywhere in the tokens,
    /// marking them in `zone`. Returns the sub-building and where its identifier was.
    static func scanSubBuilding(_ toks: [AddressLexer.Token], _ zone: inout [AddressZone?]) -> (SubBuilding, Int?) {
        let t = toks.map(\.text)
        let n = t.count
        var sub = SubBuilding()
        var flatIdIndex: Int?
        var i = 0
        while i < n {
            if let (floors, len, descriptor) = floorPhrase(t, i) {
                mergeFloors(&sub.floors, floors)
                if let descriptor { sub.descriptors.append(descriptor) }
                for k in i..<(i + len) { zone[k] = .subBuilding }
                i += len
                continue
            }
            let w = t[i]
            let isCore = coreFlatWords.contains(w)
            let isConditional = !isCore && AddressLexer.flatWords.contains(w) && i + 1 < n && isIdentifier(t[i + 1])
            if isCore || isConditional {
                if sub.kind == nil { sub.kind = canonicalKind(w) }
                zone[i] = .subBuilding
                i += 1
                while i < n, ["NO", "AT", "OF", "TO", "IN"].contains(t[i]) { zone[i] = .subBuilding; i += 1 }
                if i < n, !toks[i].boundaryBefore || zone[i - 1] == .subBuilding && t[i - 1] == coreKindWord(t, i), isIdentifier(t[i]), floorPhrase(t, i) == nil, !(t[i] == "A" && i + 1 < n && t[i + 1] == "HALF") {
                    if sub.identifier == nil {
                        sub.identifier = t[i]
                        flatIdIndex = i
                        zone[i] = .subBuilding
                    }
                    i += 1
                }
                continue
            }
            // "B 51 MILL TERRACE", "C, 52 TEMPLE HILL": a lone letter before the number is a flat.
            if sub.identifier == nil, w.utf8.count == 1, w.utf8.first! >= 65, w.utf8.first! <= 90,
               i == 0 || toks[i].boundaryBefore, i + 1 < n, toks[i + 1].isNumeric, BuildingNumber(t[i + 1]) != nil {
                sub.identifier = w
                flatIdIndex = i
                zone[i] = .subBuilding
                i += 1
                continue
            }
            if ["REAR", "FRONT", "MIDDLE", "SIDE"].contains(w), i + 1 < n, coreFlatWords.contains(t[i + 1]) {
                sub.descriptors.append(w)
                zone[i] = .subBuilding
            }
            i += 1
        }

        return (sub, flatIdIndex)
    }

    /// The flat word just before `i`, if `t[i - 1]` is one ("FLAT, 3" is still flat 3).
    private static func coreKindWord(_ t: [String], _ i: Int) -> String? {
        i > 0 && coreFlatWords.contains(t[i - 1]) ? t[i - 1] : nil
    }

    /// Reads a gazetteer's sub-building field ("FLAT 3", "FIRST FLOOR FLAT", "FLAT A FIRST AND
    /// SECOND FLOORS", "UNIT 4", "2", "A"): whatever is not a flat word or floor is the identifier
    /// (a number or short code) or a descriptor word.
    public static func parseSubBuilding(_ text: String) -> SubBuilding {
        let toks = AddressLexer.tokens(text)
        var zone = [AddressZone?](repeating: nil, count: toks.count)
        var (sub, _) = scanSubBuilding(toks, &zone)
        for (k, tok) in toks.enumerated() where zone[k] == nil {
            if sub.identifier == nil, isIdentifier(tok.text) || tok.isNumeric {
                sub.identifier = tok.text
            } else if !["AND", "OF", "AT", "THE", "NO"].contains(tok.text) {
                sub.descriptors.append(tok.text)
            }
        }
        return sub
    }

    /// Words that always introduce a sub-building.
    static let coreFlatWords: Set<String> = [
        "FLAT", "APARTMENT", "UNIT", "ROOM", "SUITE", "MAISONETTE", "BEDSIT", "STUDIO", "ANNEXE",
        "ANNEX", "PENTHOUSE",
    ]

    /// APARTMENT and FLAT are the same thing to a council; MAISONETTE and STUDIO are kinds of flat.
    static func canonicalKind(_ w: String) -> String {
        switch w {
        case "APARTMENT", "APARTMENTS", "FLATS": return "FLAT"
        case "ANNEX": return "ANNEXE"
        case "UNITS": return "UNIT"
        case "OFFICES": return "OFFICE"
        default: return w
        }
    }

    /// A flat identifier: "2", "14A", "A", "G01", "B12".
    static func isIdentifier(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 5 else { return false }
        if u[0] >= 48 && u[0] <= 57 { return true }
        if u.count == 1 { return u[0] >= 65 && u[0] <= 90 }
        // letters then digits, short: "G01", "B12", "A1"
        var j = 0
        while j < u.count && u[j] >= 65 && u[j] <= 90 { j += 1 }
        return j >= 1 && j <= 2 && j < u.count && u[j...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// A floor phrase starting at `i`: the floors, its length, and a descriptor word to keep.
    static func floorPhrase(_ t: [String], _ i: Int) -> (FloorSet, Int, String?)? {
        let n = t.count
        var f = FloorSet()
        let w = t[i]
        func next(_ k: Int) -> String? { i + k < n ? t[i + k] : nil }
        func isFloorWord(_ s: String?) -> Bool { s == "FLOOR" || s == "FLOORS" }
        func isFlat(_ s: String?) -> Bool { s.map { coreFlatWords.contains($0) } ?? false }
        switch w {
        case "LOWER", "UPPER":
            if next(1) == "GROUND" {
                f.insert(level: w == "LOWER" ? -1 : 0)
                return (f, isFloorWord(next(2)) ? 3 : 2, nil)
            }
            if isFloorWord(next(1)) || isFlat(next(1)) || next(1) == "PART" {
                if w == "LOWER" { f.lower = true } else { f.upper = true }
                return (f, isFlat(next(1)) ? 1 : 2, nil)
            }
            return nil
        case "ABOVE", "OVER":
            // "FLAT ABOVE", "FLAT OVER SHOP": a floor above the ground
            guard i > 0, coreFlatWords.contains(t[i - 1]) else { return nil }
            f.upper = true
            return (f, next(1) == "SHOP" || next(1) == "SHOPS" ? 2 : 1, nil)
        case "TOP":
            if isFloorWord(next(1)) { f.top = true; return (f, 2, nil) }
            if isFlat(next(1)) { f.top = true; return (f, 1, nil) }
            return nil
        case "GARDEN":
            if isFlat(next(1)) || isFloorWord(next(1)) {
                f.insert(level: -1); f.insert(level: 0)
                return (f, isFloorWord(next(1)) ? 2 : 1, nil)
            }
            return nil
        case "BASEMENT", "CELLAR":
            f.insert(level: -2)
            return (f, isFloorWord(next(1)) ? 2 : 1, nil)
        case "FLOOR", "LEVEL":
            // "FLOOR 2", "LEVEL 3"
            if let s = next(1), AddressLexer.isPlainNumber(s), let v = Int(s), v < 30, w == "LEVEL" || i == 0 || !AddressLexer.floorWords.keys.contains(t[i - 1]) {
                f.insert(level: v)
                return (f, 2, nil)
            }
            return nil
        default:
            guard let level = AddressLexer.floorWords[w] else { return nil }
            // A chain: FIRST [AND SECOND]* FLOOR(S), or FIRST FLAT, or FLAT FIRST (end).
            var levels = [level]
            var k = 1
            while let a = next(k), a == "AND" || a == "TO", let b = next(k + 1), let l2 = AddressLexer.floorWords[b] {
                if a == "TO", let l1 = levels.last, l2 > l1 { levels.append(contentsOf: (l1 + 1)...l2) } else { levels.append(l2) }
                k += 2
            }
            let preceded = i > 0 && (coreFlatWords.contains(t[i - 1]) || AddressLexer.isPlainNumber(t[i - 1]) == false && isIdentifierAfterFlat(t, i - 1))
            if isFloorWord(next(k)) {
                k += 1
            } else if isFlat(next(k)) || next(k) == "MAISONETTE" {
                // "FIRST FLAT": the flat word stays for the flat scan.
            } else if !(preceded && (next(k) == nil || AddressLexer.isPlainNumber(next(k)!) || BuildingNumber(next(k)!) != nil)) {
                return nil  // "FIRST AVENUE", "SECOND CROSS ROAD": not floors
            }
            for l in levels { f.insert(level: l) }
            return (f, k, nil)
        }
    }

    /// True when `t[k]` is a flat identifier right after a flat word ("FLAT A [FIRST FLOOR]").
    private static func isIdentifierAfterFlat(_ t: [String], _ k: Int) -> Bool {
        k > 0 && coreFlatWords.contains(t[k - 1]) && isIdentifier(t[k])
    }

    private static func mergeFloors(_ a: inout FloorSet, _ b: FloorSet) {
        for l in -2...29 where b.contains(level: l) { a.insert(level: l) }
        a.top = a.top || b.top
        a.upper = a.upper || b.upper
        a.lower = a.lower || b.lower
    }

    // MARK: Streets and places

    /// Words that often begin a two-word street or place name ("SOUTH EDGE CRESCENT").
    static let namePrefixes: Set<String> = [
        "NORTH", "SOUTH", "EAST", "WEST", "UPPER", "LOWER", "OLD", "NEW", "GREAT", "LITTLE",
        "SAINT", "THE", "HIGH", "LONG", "BROAD", "KINGS", "QUEENS", "MILTON", "CHIPPING", "MARKET",
        "BISHOPS", "HEMEL", "WELWYN", "STOKE", "SUTTON", "ROYAL", "FORT", "CASTLE", "CHURCH",
    ]

    /// Street-type words that as often name a building ("HARMONY COURT").
    static let buildingishTypes: Set<String> = ["COURT", "MANSIONS", "BUILDINGS", "COTTAGES", "VILLAS", "HEIGHTS", "POINT", "TOWER", "HOUSE", "LODGE"]

    /// Words between a name and ESTATE/PARK that belong to the name ("RIVERSIDE INDUSTRIAL ESTATE").
    static let estateQualifiers: Set<String> = ["INDUSTRIAL", "TRADING", "BUSINESS", "RETAIL", "SHOPPING", "HOUSING", "SCIENCE", "TECHNOLOGY"]

    /// The street after a building number at `start`: up to and including the first street-type
    /// word (and any type words right after it: "ELM PARK ROAD"), else one or two words.
    static func streetAfter(_ t: [String], _ toks: [AddressLexer.Token], _ start: Int, _ isFree: (Int) -> Bool) -> Range<Int>? {
        let n = t.count
        var s = start
        while s < n && !isFree(s) { s += 1 }
        guard s < n else { return nil }
        var k = s + 1
        while k < n && k - s < 6 {
            if toks[k].boundaryBefore { break }
            if isFree(k), AddressLexer.streetTypes.contains(t[k]) {
                // "ELM PARK ROAD": type words right after the first belong to the street too.
                var end = k + 1
                while end < n, !toks[end].boundaryBefore, isFree(end), AddressLexer.streetTypes.contains(t[end]) { end += 1 }
                return s..<end
            }
            k += 1
        }
        // No street-type word: the comma-delimited part, else one word (two after a prefix).
        var end = s + 1
        if namePrefixes.contains(t[s]), end < n, !toks[end].boundaryBefore, isFree(end) { end += 1 }
        if k < n, toks[k].boundaryBefore, k - s <= 3 { end = max(end, k) }
        return s..<end
    }

    /// The street of an address without a building number: the first street-type word that
    /// follows another word, with one word before it (two after a prefix, or its comma part).
    static func streetWithoutNumber(_ t: [String], _ toks: [AddressLexer.Token], _ isFree: (Int) -> Bool) -> Range<Int>? {
        let n = t.count
        // Every street-type word that follows a free word; "THE GROVE" only when nothing better.
        var candidates: [Int] = []
        for p in 1..<max(n, 1) where isFree(p) && isFree(p - 1) && !toks[p].boundaryBefore && AddressLexer.streetTypes.contains(t[p]) {
            candidates.append(p)
        }
        // "HARMONY COURT, FOREST CRESCENT": a COURT (or MANSIONS...) followed by another street
        // word is a building's name.
        let chosen = candidates.first(where: { p in
            !(t[p - 1] == "THE" && (p - 1 == 0 || toks[p - 1].boundaryBefore))
                && !(buildingishTypes.contains(t[p]) && candidates.contains(where: { $0 > p + 1 }))
        }) ?? candidates.first
        if let p = chosen {
            do {
                var start = p - 1
                // the comma part it sits in, when short
                var segStart = p
                while segStart > 0 && !toks[segStart].boundaryBefore { segStart -= 1 }
                if segStart > 0 && p - segStart <= 3 && (segStart..<p).allSatisfy(isFree) {
                    start = segStart
                } else if start >= 1, !toks[start].boundaryBefore, isFree(start - 1),
                          namePrefixes.contains(t[start - 1]) || estateQualifiers.contains(t[start]) {
                    start -= 1  // "SOUTH EDGE CRESCENT", "RIVERSIDE INDUSTRIAL ESTATE"
                }
                var end = p + 1
                while end < n, !toks[end].boundaryBefore, isFree(end), AddressLexer.streetTypes.contains(t[end]) { end += 1 }
                return start..<end
            }
        }
        return nil
    }

    /// Town-name connectors ("WAVHAM BY SEA", "STRATFORD UPON AVON").
    static let placeConnectors: Set<String> = ["BY", "ON", "UPON", "LE", "IN", "UNDER", "CUM", "SUR", "EN", "THE", "NEXT", "DE"]

    /// Splits the words after the street into a locality and a town.
    static func splitPlaces(_ idx: [Int], _ t: [String], _ toks: [AddressLexer.Token]) -> (String?, String?) {
        guard !idx.isEmpty else { return (nil, nil) }
        // By commas when there are any.
        var groups: [[Int]] = []
        for k in idx {
            if groups.isEmpty || toks[k].boundaryBefore || (groups.last!.last.map { $0 + 1 != k } ?? false) {
                groups.append([k])
            } else {
                groups[groups.count - 1].append(k)
            }
        }
        var townIdx: [Int]
        var localityIdx: [Int]
        if groups.count >= 2 {
            townIdx = groups.last!
            localityIdx = groups.dropLast().flatMap { $0 }
        } else {
            let words = groups[0]
            var start = words.count - 1
            // extend the town left over connectors and known first words
            while start >= 1 {
                if start >= 2, placeConnectors.contains(t[words[start - 1]]) { start -= 2; continue }
                if namePrefixes.contains(t[words[start - 1]]), !["THE", "HIGH", "CHURCH"].contains(t[words[start - 1]]) { start -= 1; continue }
                break
            }
            townIdx = Array(words[start...])
            localityIdx = Array(words[..<start])
        }
        // A repeated town ("ST ALBANS ST ALBANS") is one town.
        let town = townIdx.map { t[$0] }.joined(separator: " ")
        var locality = localityIdx.map { t[$0] }.joined(separator: " ")
        if locality == town { locality = "" }
        if locality.hasSuffix(" " + town) { locality = String(locality.dropLast(town.count + 1)) }
        return (locality.isEmpty ? nil : locality, town.isEmpty ? nil : town)
    }
}

/// Postcode helpers that accept what gazetteers and test data really hold, including shapes the
/// strict validator rejects (benchmark data uses "MKA 7NP"): the matcher only needs a stable key.
public enum AddressPostcode {
    /// The strict form when valid ("E17 4AB"); otherwise upper case, outward + space + inward when
    /// it at least ends in digit-letter-letter and starts with a letter; nil otherwise.
    public static func normalise(_ raw: String) -> String? {
        if let strict = UKIdentifiers.normalisePostcode(raw) { return strict }
        var chars: [UInt8] = []
        for u in raw.utf8 {
            if u == 32 || u == 9 { continue }
            var c = u
            if c >= 97 && c <= 122 { c -= 32 }
            guard (c >= 65 && c <= 90) || (c >= 48 && c <= 57) else { return nil }
            chars.append(c)
            if chars.count > 8 { return nil }
        }
        guard chars.count >= 5, chars[0] >= 65, chars[0] <= 90 else { return nil }
        let n = chars.count
        guard chars[n - 3] >= 48, chars[n - 3] <= 57, chars[n - 2] >= 65, chars[n - 1] >= 65 else { return nil }
        return String(decoding: chars[0..<(n - 3)], as: UTF8.self) + " " + String(decoding: chars[(n - 3)...], as: UTF8.self)
    }

    /// "4AB": a digit and two letters.
    static func looksLikeInward(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 3 && u[0] >= 48 && u[0] <= 57 && u[1] >= 65 && u[1] <= 90 && u[2] >= 65 && u[2] <= 90
    }

    /// "E17", "SW1A", "W11", "MKA": one to four letters and digits starting with a letter.
    static func looksLikeOutward(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 2, u.count <= 4, u[0] >= 65, u[0] <= 90 else { return false }
        return u.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }
    }

    /// The sector ("E17 4") of a normalised postcode.
    static func sector(_ pc: String) -> Substring { pc.dropLast(2) }

    /// The outward code ("E17") of a normalised postcode.
    static func outward(_ pc: String) -> Substring { pc.split(separator: " ").first ?? Substring(pc) }
}
