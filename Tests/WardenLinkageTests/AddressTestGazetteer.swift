import WardenLinkage

/// A synthetic borough gazetteer for address-matching tests, and corrupted copies of its
/// addresses as source systems would write them. Deterministic from a seed.
///
/// It deliberately holds the hard shapes: streets with near-identical names (ELM ROAD, ELM GROVE,
/// ELMS AVENUE), the same street name in two localities, postcodes shared by the ends of
/// neighbouring streets, converted houses with lettered or floor-described flats and a parent
/// record, purpose-built blocks with names and numbers, shops with flats above, number suffixes
/// and ranges, and named houses without numbers.
struct AddressTestGazetteer {
    var entries: [GazetteerEntry] = []
    /// Streets: name, locality, postcodes used.
    var streets: [(name: String, locality: String, postcodes: [String], usrn: Int64)] = []

    static let firstWords = [
        "ELM", "ELMS", "OAK", "OAKLANDS", "ASH", "ASHBY", "BEECH", "BIRCH", "CEDAR", "CHURCH", "MILL",
        "STATION", "PARK", "QUEENS", "KINGS", "VICTORIA", "ALBERT", "HIGH", "GROVE", "MARKET", "FOREST",
        "HOE", "CHINGFORD", "HALE", "LEA", "BRIDGE", "ORFORD", "PRETORIA", "BLACKHORSE", "BEULAH",
        "HARROW", "WINDSOR", "BERKELEY", "GROSVENOR", "MAYNARD", "WHIPPS", "CROSS", "WOOD", "SHERNHALL",
        "PROSPECT", "HAMILTON", "FULBOURNE", "BARCLAY", "ERSKINE", "GROVEHILL", "HAZELWOOD", "LINCOLN",
        "SAINT JOHNS", "SAINT MARYS", "NORTH", "SOUTH", "CHESTNUT", "WILLOW", "LIME", "HOLLY", "POPLAR",
        "ROWAN", "MAPLE", "HAWTHORN", "LARKSHALL", "MERSEY", "TEMPLE", "COPPERMILL", "FARNAN", "GAMUEL",
    ]
    static let types = ["ROAD", "STREET", "AVENUE", "GARDENS", "CLOSE", "GROVE", "LANE", "CRESCENT",
                        "TERRACE", "PLACE", "WAY", "DRIVE", "PARK ROAD", "HILL", "COURT", "SQUARE"]
    static let localities = ["WALTHAMSTOW", "LEYTON", "LEYTONSTONE", "CHINGFORD", "HIGHAMS PARK", "UPPER WALTHAMSTOW"]
    static let outwards = ["E17", "E10", "E11", "E4", "E17", "E4"]
    static let blockNames = ["ASHDOWN", "BIRCHWOOD", "CEDAR", "DOVER", "EVERGREEN", "FAIRFIELD", "GLADSTONE",
                             "HARMONY", "IVY", "JUBILEE", "KESTREL", "LAUREL", "MONARCH", "NELSON", "ORCHID",
                             "PARKVIEW", "QUEENSBURY", "RIVERSIDE", "SOVEREIGN", "TRINITY", "UNITY", "VANGUARD"]
    static let blockKinds = ["HOUSE", "COURT", "LODGE", "MANSIONS", "POINT", "TOWER"]
    static let shopNames = ["SUES NAILS", "GOLDEN DRAGON", "PIZZA PALACE", "KWIK FIX", "BEST KEBAB",
                            "MAYFAIR DRY CLEANERS", "COSTCUTTER", "LADBROKES", "TOP CUTS", "FRESH FRUIT",
                            "ANGEL PHARMACY", "EUROPA FOODS", "STAR OFF LICENCE", "BLUE SKY CAFE"]
    static let houseNames = ["ROSE COTTAGE", "THE OLD RECTORY", "THE COACH HOUSE", "IVY HOUSE", "THE LODGE",
                             "MEADOW VIEW", "THE OLD FORGE", "WILLOW COTTAGE", "THE GRANARY", "BRAMBLES"]

    /// A gazetteer of about `target` entries.
    init(seed: UInt64, target: Int) {
        var rng = SeededRandom(seed: seed, stream: "gazetteer")
        var uprn: Int64 = 100_000_000
        var usrn: Int64 = 20_000_000
        var usedNames = Set<String>()
        var postcodeCounter = 0
        var lastPostcode: [Int: String] = [:]   // locality -> last postcode (shared between streets)
        func newPostcode(_ loc: Int) -> String {
            postcodeCounter += 1
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
            // distinct for each counter value up to 4,000 per outward code
            let c = postcodeCounter / AddressTestGazetteer.outwards.count
            let sector = (c / 400) % 10
            let a = letters[c % letters.count], b = letters[(c / letters.count) % letters.count]
            return "\(AddressTestGazetteer.outwards[loc]) \(sector)\(a)\(b)"
        }
        while entries.count < target {
            // A street name, often sharing a first word with another street.
            var name = ""
            for _ in 0..<50 {
                let first = AddressTestGazetteer.firstWords[rng.addrBelow(AddressTestGazetteer.firstWords.count)]
                let type = AddressTestGazetteer.types[rng.addrBelow(AddressTestGazetteer.types.count)]
                name = "\(first) \(type)"
                if !usedNames.contains(name) || rng.chance(0.15) { break }  // some names repeat in another locality
            }
            let loc = rng.addrBelow(AddressTestGazetteer.localities.count)
            let locality = AddressTestGazetteer.localities[loc]
            if usedNames.contains(name) && streets.contains(where: { $0.name == name && $0.locality == locality }) { continue }
            usedNames.insert(name)
            usrn += 1
            let length = 4 + rng.addrBelow(45)
            var postcodes: [String] = []
            var pc = (rng.chance(0.3) ? lastPostcode[loc] : nil) ?? newPostcode(loc)
            postcodes.append(pc)
            var sinceChange = 0
            var number = 1
            while number <= length {
                sinceChange += 1
                if sinceChange > 12 + rng.addrBelow(14) { pc = newPostcode(loc); postcodes.append(pc); sinceChange = 0 }
                uprn += 1
                let roll = rng.unit()
                func add(_ sub: String?, _ bname: String?, _ num: String?, parent: Int64? = nil) {
                    uprn += 1
                    entries.append(GazetteerEntry(uprn: uprn, parentUPRN: parent, usrn: usrn, subBuilding: sub, buildingName: bname,
                                                  buildingNumber: num, street: name, locality: locality, town: "LONDON", postcode: pc))
                }
                if roll < 0.55 {
                    add(nil, nil, "\(number)")
                    if rng.chance(0.04) { add(nil, nil, "\(number)A") }
                } else if roll < 0.72 {
                    // converted house: parent + flats by letter, number or floor
                    add(nil, nil, "\(number)")
                    let parent = uprn
                    let style = rng.addrBelow(3)
                    let count = 2 + rng.addrBelow(3)
                    let floorNames = ["GROUND FLOOR FLAT", "FIRST FLOOR FLAT", "SECOND FLOOR FLAT", "THIRD FLOOR FLAT", "FOURTH FLOOR FLAT"]
                    for f in 0..<count {
                        let sub: String
                        switch style {
                        case 0: sub = "FLAT \(Character(Unicode.Scalar(65 + f)!))"
                        case 1: sub = "FLAT \(f + 1)"
                        default: sub = floorNames[f]
                        }
                        add(sub, nil, "\(number)", parent: parent)
                    }
                } else if roll < 0.80 {
                    // purpose-built block with a name (and usually a number)
                    let bname = AddressTestGazetteer.blockNames[rng.addrBelow(AddressTestGazetteer.blockNames.count)] + " "
                        + AddressTestGazetteer.blockKinds[rng.addrBelow(AddressTestGazetteer.blockKinds.count)]
                    let withNumber = rng.chance(0.7)
                    let span = rng.chance(0.3) ? 2 : 0
                    let num = withNumber ? (span > 0 ? "\(number)-\(number + span)" : "\(number)") : nil
                    add(nil, bname, num)
                    let parent = uprn
                    for f in 1...(4 + rng.addrBelow(20)) { add("FLAT \(f)", bname, num, parent: parent) }
                    number += span
                } else if roll < 0.90 {
                    // shop with flats above
                    let shop = AddressTestGazetteer.shopNames[rng.addrBelow(AddressTestGazetteer.shopNames.count)]
                    add(nil, shop, "\(number)")
                    let parent = uprn
                    if rng.chance(0.5) { add("FIRST FLOOR FLAT", nil, "\(number)", parent: parent) }
                    else { add("FLAT \(number)A", nil, "\(number)", parent: parent) }
                } else if roll < 0.93 {
                    add(nil, AddressTestGazetteer.houseNames[rng.addrBelow(AddressTestGazetteer.houseNames.count)], nil)
                    number -= 1
                } else {
                    add(nil, nil, "\(number)")
                }
                number += 1
            }
            lastPostcode[loc] = pc
            streets.append((name, locality, postcodes, usrn))
        }
    }

    // MARK: Corruption

    /// What a source record looked like and which UPRN it truly is (nil: not in the gazetteer).
    struct Record {
        var text: String
        var postcode: String?
        var truth: Int64?
    }

    /// `count` source records drawn from the gazetteer and corrupted the way council extracts are.
    func corruptedRecords(count: Int, seed: UInt64, absentShare: Double = 0.03) -> [Record] {
        var rng = SeededRandom(seed: seed, stream: "corrupt")
        var out: [Record] = []
        let allPostcodes = Array(Set(entries.compactMap(\.postcode))).sorted()
        var numbersOnStreet: [String: Set<String>] = [:]
        for e in entries { if let n = e.buildingNumber, let s = e.street { numbersOnStreet[s + "|" + (e.locality ?? ""), default: []].insert(n) } }
        while out.count < count {
            let e = entries[rng.addrBelow(entries.count)]
            var absent = false
            var number = e.buildingNumber
            if rng.chance(absentShare), e.subBuilding == nil, let n = number, let v = Int(n) {
                // a house number the street does not have
                let missing = v + 500 + rng.addrBelow(100)
                number = "\(missing)"
                absent = true
            }
            var parts: [String] = []
            // sub-building, in one of its spellings
            if var sub = e.subBuilding {
                let r = rng.unit()
                if sub.hasPrefix("FLAT "), let id = sub.split(separator: " ").last {
                    if r < 0.15 { sub = "\(id)" } else if r < 0.25 { sub = "APARTMENT \(id)" } else if r < 0.32 { sub = "FLT \(id)" }
                    else if r < 0.38, id.count == 1, id.first!.isLetter, let n = number, Int(n) != nil,
                            !(numbersOnStreet[(e.street ?? "") + "|" + (e.locality ?? "")]?.contains(n + id) ?? false) {
                        // "FLAT A, 14" written as "14A"
                        number = n + id
                        sub = ""
                    }
                } else if sub.hasSuffix("FLOOR FLAT") {
                    let floor = sub.addrReplacing(" FLOOR FLAT", with: "")
                    let short = ["GROUND": "GRD", "FIRST": "1ST", "SECOND": "2ND", "THIRD": "3RD", "FOURTH": "4TH"][floor] ?? floor
                    if r < 0.3 { sub = "FLAT \(floor) FLOOR" } else if r < 0.5 { sub = "FLAT \(short) FLR" } else if r < 0.6 { sub = "\(short) FLOOR FLAT" }
                }
                if !sub.isEmpty { parts.append(sub) }
            }
            var bname = e.buildingName
            if let b = bname, AddressTestGazetteer.shopNames.contains(b), rng.chance(0.3) {
                bname = AddressTestGazetteer.shopNames[rng.addrBelow(AddressTestGazetteer.shopNames.count)]  // new trading name
            }
            if let b = bname, e.subBuilding != nil, e.buildingNumber != nil, rng.chance(0.25) { _ = b; bname = nil }  // block name dropped
            if let b = bname { parts.append(b) }
            var street = e.street ?? ""
            if rng.chance(0.12) { street = AddressTestGazetteer.typo(street, &rng) }
            if rng.chance(0.35) {
                for (full, abbr) in [("ROAD", "RD"), ("STREET", "ST"), ("AVENUE", "AVE"), ("GARDENS", "GDNS"), ("CRESCENT", "CRES"),
                                     ("TERRACE", "TER"), ("PLACE", "PL"), ("DRIVE", "DR"), ("CLOSE", "CL"), ("SAINT", "ST"), ("COURT", "CT")] {
                    street = street.addrReplacing(full, with: abbr)
                }
            }
            var dropNumber = false
            if e.subBuilding != nil, e.buildingName != nil, bname != nil, rng.chance(0.2) { dropNumber = true }
            let numberStreet = ((dropNumber ? nil : number).map { $0 + " " } ?? "") + street
            parts.append(numberStreet)
            if let l = e.locality, rng.chance(0.5) { parts.append(rng.chance(0.1) ? AddressTestGazetteer.typo(l, &rng) : l) }
            if rng.chance(0.6) { parts.append(rng.chance(0.05) ? "LODNON" : "LONDON") }
            // postcode: right, missing, a neighbour's, mistyped, or in the text
            var pc = e.postcode
            var pcInText = false
            let pr = rng.unit()
            if pr < 0.10 { pc = nil }
            else if pr < 0.18, let p = pc {
                let sameSector = allPostcodes.filter { $0 != p && $0.dropLast(2) == p.dropLast(2) }
                if !sameSector.isEmpty { pc = sameSector[rng.addrBelow(sameSector.count)] }
            } else if pr < 0.23, let p = pc { pc = AddressTestGazetteer.postcodeTypo(p, &rng) }
            else if pr < 0.30 { pcInText = true }
            var text = parts.joined(separator: rng.chance(0.5) ? ", " : " ")
            if pcInText, let p = pc { text += " " + p; pc = nil }
            let style = rng.addrBelow(3)
            if style == 0 { text = text.lowercased() } else if style == 1 { text = AddressTestGazetteer.titleCase(text) }
            if rng.chance(0.1), let p = pc { pc = p.lowercased().addrReplacing(" ", with: "") }
            out.append(Record(text: text, postcode: pc, truth: absent ? nil : e.uprn))
        }
        return out
    }

    static func typo(_ s: String, _ rng: inout SeededRandom) -> String {
        var c = Array(s)
        // only inside a long word, never the first letter
        let candidates = c.indices.filter { $0 > 0 && c[$0].isLetter && c[$0 - 1].isLetter && $0 + 1 < c.count && c[$0 + 1].isLetter }
        guard !candidates.isEmpty else { return s }
        let i = candidates[rng.addrBelow(candidates.count)]
        switch rng.addrBelow(3) {
        case 0: c.remove(at: i)
        case 1: c.swapAt(i, i + 1)
        default: c[i] = Character(Unicode.Scalar(65 + UInt8(rng.addrBelow(26))))
        }
        return String(c)
    }

    static func postcodeTypo(_ p: String, _ rng: inout SeededRandom) -> String {
        var c = Array(p)
        let i = c.count - 1 - rng.addrBelow(2)   // one of the last two letters
        c[i] = c[i] == "A" ? "B" : "A"
        return String(c)
    }

    static func titleCase(_ s: String) -> String {
        s.split(separator: " ", omittingEmptySubsequences: false).map { w in
            guard let f = w.first else { return "" }
            return String(f).uppercased() + w.dropFirst().lowercased()
        }.joined(separator: " ")
    }
}

fileprivate extension String {
    /// Plain substring replacement (the test target has no Foundation).
    func addrReplacing(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let r = rest.addrRange(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        return result + rest
    }
}

fileprivate extension Substring {
    func addrRange(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}

extension SeededRandom {
    /// A uniform integer in `0..<n`. (The shared `below(_:)` shifts before it multiplies and so
    /// always returns 0; reported to the lead. This one multiplies first.)
    mutating func addrBelow(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}
