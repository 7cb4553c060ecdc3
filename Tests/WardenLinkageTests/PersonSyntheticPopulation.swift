import WardenLinkage

/// A synthetic borough population for linkage tests and benchmarks: households at addresses,
/// people with names, dates of birth and identifiers, and the records that several council
/// sources hold about them, with the errors such sources really have (typos, nicknames,
/// initials, swapped day/month, missing fields, old addresses, married names).
/// The truth (which person each record describes) comes with it.
struct SyntheticPopulation {
    struct Person {
        var id: Int
        var given: String
        var middle: String?
        var surname: String
        var birthSurname: String?
        var sex: PersonSex
        var dob: CivilDate
        var nino: String?
        var nhs: String?
        var phone: String?
        var email: String?
        var address: Int
        var previousAddress: Int?
    }
    struct Address { var uprn: Int64; var number: String; var street: String; var town: String; var postcode: String }

    var people: [Person] = []
    var addresses: [Address] = []
    var records: [PersonRecord] = []
    /// Person id of each record, aligned with `records`.
    var truth: [Int] = []

    static let maleNames = ["james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
        "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua", "kenneth",
        "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas",
        "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "alexander",
        "frank", "patrick", "raymond", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan", "henry",
        "peter", "zachary", "kyle", "oliver", "harry", "charlie", "alfie", "leo", "noah", "oscar", "archie", "muhammad",
        "mohammed", "ahmed", "ali", "omar", "yusuf", "ibrahim", "hassan", "adebayo", "chinedu", "kwame", "tomasz", "piotr",
        "krzysztof", "mehmet", "mustafa", "emre", "arjun", "rohan", "vikram", "sanjay", "wei", "jun", "minh", "duc",
        "luca", "marco", "giovanni", "carlos", "diego", "mateo", "theo", "freddie", "arthur", "reggie", "stanley"]
    static let femaleNames = ["mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
        "karen", "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly", "emily", "donna",
        "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "laura", "sharon", "cynthia",
        "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "samantha", "katherine",
        "emma", "ruth", "christine", "catherine", "debra", "rachel", "carolyn", "janet", "virginia", "maria", "heather",
        "diane", "julie", "joyce", "victoria", "olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "grace", "freya",
        "florence", "poppy", "aisha", "fatima", "maryam", "zainab", "khadija", "amina", "nusrat", "chiamaka", "ngozi",
        "abena", "agnieszka", "katarzyna", "magdalena", "zeynep", "elif", "ayse", "priya", "ananya", "deepa", "mei",
        "xiu", "linh", "thi", "giulia", "francesca", "sofia", "lucia", "valentina", "zoe", "chloe", "sophie", "hannah"]
    static let surnames = ["smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson",
        "roberts", "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall", "lewis",
        "harris", "clarke", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore",
        "clark", "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis",
        "parker", "price", "bennett", "young", "griffiths", "mitchell", "kelly", "cook", "carter", "richardson", "bailey",
        "collins", "bell", "shaw", "murphy", "miller", "cox", "richards", "khan", "marshall", "anderson", "simpson", "ellis",
        "adams", "singh", "begum", "wilkinson", "foster", "chapman", "powell", "webb", "rogers", "gray", "mason", "ali",
        "hunt", "hussain", "campbell", "matthews", "owen", "palmer", "holmes", "mills", "barnes", "knight", "lloyd",
        "butler", "russell", "barker", "fisher", "stevens", "jenkins", "murray", "dixon", "harvey", "ahmed", "rahman",
        "islam", "uddin", "miah", "chowdhury", "akhtar", "shah", "nowak", "kowalski", "wisniewski", "wojcik", "yilmaz",
        "kaya", "demir", "sahin", "okafor", "adeyemi", "okonkwo", "mensah", "owusu", "nguyen", "tran", "chen", "wang",
        "li", "zhang", "rossi", "russo", "ferrari", "garcia", "rodriguez", "fernandes", "silva", "santos", "costa",
        "oliveira", "agaoglu", "obrien", "oconnor", "mcdonald", "macleod", "fitzgerald", "doyle", "byrne", "ryan"]
    static let syllables = ["ka", "lo", "mir", "dan", "tesh", "vor", "an", "bel", "cor", "dru", "ess", "fen", "gal", "hart",
        "ing", "jas", "kel", "lund", "mox", "nor", "ost", "pell", "quin", "ras", "sten", "tor", "ul", "vane", "wick", "yar", "zel"]
    static let streets = ["high street", "church road", "station road", "victoria road", "green lane", "manor road",
        "park road", "queens road", "kings road", "grove road", "the avenue", "mill lane", "hoe street", "forest road",
        "chingford road", "markhouse road", "lea bridge road", "blackhorse lane", "wood street", "orford road",
        "shernhall street", "palmerston road", "winns avenue", "fulbourne road", "beulah road", "pretoria avenue",
        "cleveland park avenue", "st marys road", "selborne road", "carr road", "higham hill road", "billet road"]
    static let streetTypes: [(String, String)] = [("road", "rd"), ("street", "st"), ("avenue", "ave"), ("lane", "ln")]

    /// A skewed choice among n names: the first is the most common (about 4–5% for n = 100,
    /// like the commonest UK given names), the tail long.
    static func zipf(_ n: Int, _ rng: inout SeededRandom) -> Int {
        min(n - 1, Int(Double(n) * pow(rng.unit(), 1.5)))
    }

    static func rareSurname(_ rng: inout SeededRandom) -> String {
        var s = ""
        for _ in 0..<(2 + rng.roll(2)) { s += syllables[rng.roll(syllables.count)] }
        return s
    }

    static func ninoFor(_ id: Int) -> String {
        let letters = Array("ABCEGHJKLMNPRSTWXYZ")
        let a = letters[(id / 1_000_000) % letters.count], b = letters[(id / 7 + 3) % letters.count]
        let digits = String(100000 + (id * 7919) % 900000)
        return "\(a)\(b)\(digits)\(["A", "B", "C", "D"][id % 4])"
    }

    static func nhsFor(_ id: Int) -> String? {
        var base = 400_000_000 + (id &* 104729) % 500_000_000
        for _ in 0..<12 {
            let digits = String(base).compactMap { Int(String($0)) }
            if let c = UKIdentifiers.nhsCheckDigit(digits) { return String(base) + String(c) }
            base += 1
        }
        return nil
    }

    /// Typing error: substitute, delete, insert or transpose one letter.
    static func typo(_ s: String, _ rng: inout SeededRandom) -> String {
        var c = Array(s)
        if c.count < 3 { return s }
        let k = 1 + rng.roll(c.count - 1)
        switch rng.roll(4) {
        case 0: c[k] = Array("abcdefghijklmnopqrstuvwxyz")[rng.roll(26)]
        case 1: c.remove(at: k)
        case 2: c.insert(Array("aeiournst")[rng.roll(9)], at: k)
        default: if k + 1 < c.count { c.swapAt(k, k + 1) } else { c.swapAt(k, k - 1) }
        }
        return String(c)
    }

    static let nicknameOf: [String: String] = ["william": "bill", "robert": "bob", "margaret": "peggy", "elizabeth": "liz",
        "james": "jim", "thomas": "tom", "michael": "mike", "richard": "dick", "katherine": "kate", "catherine": "cathy",
        "jennifer": "jenny", "rebecca": "becky", "samantha": "sam", "christopher": "chris", "anthony": "tony",
        "andrew": "andy", "daniel": "dan", "david": "dave", "joseph": "joe", "patricia": "pat", "stephen": "steve",
        "benjamin": "ben", "nicholas": "nick", "matthew": "matt", "timothy": "tim", "susan": "sue", "deborah": "debbie",
        "victoria": "vicky", "edward": "ted", "alexander": "alex", "kenneth": "ken", "ronald": "ron", "peter": "pete"]

    /// Generates about `households` households and the source records about their members.
    init(households: Int, seed: UInt64 = 7, today: CivilDate = CivilDate(year: 2024, month: 6, day: 1)!) {
        var rng = SeededRandom(seed: seed, stream: "population")
        let S = SyntheticPopulation.self
        // addresses: streets × numbers, postcodes shared by ~12 neighbouring houses
        let addressCount = Int(Double(households) * 1.3) + 10
        for a in 0..<addressCount {
            let street = S.streets[(a / 40) % S.streets.count]
            let number = (a % 40) * 2 + 1 + (a / (40 * S.streets.count)) * 100
            let block = a / 12
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
            let pc = "E\(10 + (block / 400) % 9) \(1 + block % 9)\(letters[(block / 9) % 20])\(letters[(block / 180 + block) % 20])"
            addresses.append(Address(uprn: Int64(100_000_000 + a * 37), number: String(number), street: street,
                                     town: "london", postcode: pc))
        }
        // London: the 150 commonest surnames cover well under half the people
        func surname() -> String { rng.chance(0.55) ? S.rareSurname(&rng) : S.surnames[S.zipf(S.surnames.count, &rng)] }
        func given(_ sex: PersonSex) -> String {
            sex == .male ? S.maleNames[S.zipf(S.maleNames.count, &rng)] : S.femaleNames[S.zipf(S.femaleNames.count, &rng)]
        }
        func date(_ year: Int) -> CivilDate {
            CivilDate(year: year, month: 1 + rng.roll(12), day: 1 + rng.roll(28))!
        }
        var nextId = 0
        func add(_ given: String, _ surname: String, _ sex: PersonSex, _ dob: CivilDate, _ address: Int) -> Int {
            let age = dob.years(to: today)
            var p = Person(id: nextId, given: given, middle: rng.chance(0.4) ? self.randomGiven(sex, &rng) : nil,
                           surname: surname, birthSurname: nil, sex: sex, dob: dob,
                           nino: age >= 16 && rng.chance(0.92) ? S.ninoFor(nextId) : nil,
                           nhs: rng.chance(0.7) ? S.nhsFor(nextId) : nil,
                           phone: age >= 16 && rng.chance(0.5) ? "07\(700_000_000 + (nextId * 7717) % 299_999_999)" : nil,
                           email: age >= 16 && rng.chance(0.3) ? "\(given).\(surname)\(nextId % 97)@example.org" : nil,
                           address: address, previousAddress: rng.chance(0.12) ? rng.roll(addressCount) : nil)
            if p.middle == p.given { p.middle = nil }
            people.append(p)
            nextId += 1
            return p.id
        }
        for h in 0..<households {
            let addr = (h * 7919) % addressCount
            let fam = surname()
            let kind = rng.unit()
            let y = today.year
            if kind < 0.3 {
                // single adult
                let sex: PersonSex = rng.chance(0.5) ? .male : .female
                _ = add(given(sex), rng.chance(0.7) ? fam : surname(), sex, date(y - 20 - rng.roll(70)), addr)
            } else if kind < 0.85 {
                // couple, perhaps with children
                let py = y - 25 - rng.roll(50)
                let husband = add(given(.male), fam, .male, date(py), addr)
                let wifeMaiden = surname()
                let wife = add(given(.female), rng.chance(0.8) ? fam : wifeMaiden, .female, date(py + rng.roll(7) - 3), addr)
                if people[wife].surname == fam { people[wife].birthSurname = wifeMaiden }
                let kids = py > y - 60 ? rng.roll(4) : 0
                var k = 0
                while k < kids {
                    let ky = min(y - 1, py + 22 + rng.roll(18))
                    let sex: PersonSex = rng.chance(0.5) ? .male : .female
                    var name = given(sex)
                    // a son named after his father
                    if sex == .male && rng.chance(0.08) { name = people[husband].given }
                    let dob = date(ky)
                    _ = add(name, fam, sex, dob, addr)
                    // twins
                    if rng.chance(0.03) && k + 1 < 5 {
                        let tsex: PersonSex = rng.chance(0.5) ? .male : .female
                        var tname = given(tsex)
                        while tname == name { tname = given(tsex) }
                        _ = add(tname, fam, tsex, dob, addr)
                        k += 1
                    }
                    k += 1
                }
            } else {
                // shared house of unrelated adults, sometimes with a common surname
                let n = 2 + rng.roll(4)
                for _ in 0..<n {
                    let sex: PersonSex = rng.chance(0.5) ? .male : .female
                    _ = add(given(sex), rng.chance(0.15) ? fam : surname(), sex, date(y - 19 - rng.roll(40)), addr)
                }
            }
        }
        // sources
        var claim = 0
        for p in people {
            let age = p.dob.years(to: today)
            var recs: [(src: Int, fullAddress: Bool)] = []
            if age >= 18 {
                if rng.chance(0.55) { recs.append((1, true)) }          // council tax
                if rng.chance(0.85) { recs.append((2, true)) }          // electoral register (no dob)
                if rng.chance(0.25) { recs.append((3, true)) }          // benefits
                if rng.chance(0.2) { recs.append((4, true)) }           // tenancy
                if age >= 66 && rng.chance(0.7) { recs.append((5, true)) } // freedom pass
                if rng.chance(0.15) { recs.append((7, true)) }          // parking permit
            } else {
                if age >= 4 && rng.chance(0.9) { recs.append((6, true)) } // schools
                if rng.chance(0.3) { recs.append((3, true)) }            // benefits (household member)
            }
            if recs.isEmpty { recs.append((8, true)) }                   // social care / other
            if rng.chance(0.15) { recs.append((recs[0].src, true)) }     // a duplicate in one system
            for (src, _) in recs {
                var r = PersonRecord(index: records.count, dataset: src)
                var g = p.given, s = p.surname
                // married name: some systems still hold the birth surname
                if let b = p.birthSurname, rng.chance(0.15) { s = b }
                let e = rng.unit()
                if e < 0.04 { g = S.typo(g, &rng) }
                else if e < 0.08, let nick = S.nicknameOf[g] { g = nick }
                else if e < 0.10 { g = String(g.prefix(1)) }
                if rng.chance(0.04) { s = S.typo(s, &rng) }
                if rng.chance(0.008) { swap(&g, &s) }
                if src == 2 && rng.chance(0.3) {
                    r.fullName = rng.chance(0.5) ? "\(s.uppercased()), \(g.capitalizedFirst)" : "\(g.capitalizedFirst) \(s.capitalizedFirst)"
                } else {
                    r.givenName = rng.chance(0.5) ? g.uppercased() : g.capitalizedFirst
                    r.surname = rng.chance(0.5) ? s.uppercased() : s.capitalizedFirst
                    if src != 2 && rng.chance(0.5) { r.middleNames = p.middle }
                }
                if src != 2 {
                    var d = p.dob
                    let de = rng.unit()
                    var partial: PartialDate? = nil
                    if de < 0.02, d.day <= 12 { partial = PartialDate(year: d.year, month: d.day, day: d.month) }
                    else if de < 0.04 { d = d.adding(days: rng.chance(0.5) ? 1 : -1); partial = PartialDate(d) }
                    else if de < 0.05 { partial = PartialDate(year: d.year) }
                    else if de < 0.08 { partial = nil }
                    else { partial = PartialDate(d) }
                    r.dateOfBirth = partial
                }
                if src == 1 || src == 3 || src == 4 { if rng.chance(0.7) { r.nino = p.nino } }
                if src == 6 || src == 8 { if rng.chance(0.6) { r.nhsNumber = p.nhs } }
                if src == 3 || src == 6 { r.sex = rng.chance(0.98) ? p.sex : (p.sex == .male ? .female : .male) }
                if rng.chance(0.3) { r.phone = p.phone }
                if rng.chance(0.2) { r.email = p.email }
                // address: the current one, or (in some systems) the previous one
                let useOld = p.previousAddress != nil && rng.chance(0.35)
                let a = addresses[useOld ? p.previousAddress! : p.address]
                var street = a.street
                if rng.chance(0.3) {
                    for (full, short) in S.streetTypes where street.hasSuffix(full) {
                        street = String(street.dropLast(full.count)) + short
                    }
                }
                if rng.chance(0.03) { street = S.typo(street, &rng) }
                let flat = rng.chance(0.05) ? "Flat \(1 + rng.roll(3)), " : ""
                r.address = rng.chance(0.5) ? "\(flat)\(a.number) \(street), London".uppercased() : "\(flat)\(a.number) \(street.capitalizedFirst)"
                if rng.chance(0.9) { r.postcode = rng.chance(0.03) ? S.typo(a.postcode, &rng) : a.postcode }
                if src == 1 || src == 4 { r.uprn = a.uprn }
                if src == 3 { r.distinctGroup = "claim-\(claim)" }
                records.append(r)
                truth.append(p.id)
            }
            claim += rng.chance(0.4) ? 1 : 0
        }
    }

    private func randomGiven(_ sex: PersonSex, _ rng: inout SeededRandom) -> String {
        let S = SyntheticPopulation.self
        return sex == .male ? S.maleNames[rng.roll(S.maleNames.count)] : S.femaleNames[rng.roll(S.femaleNames.count)]
    }

    /// Pairwise precision, recall and F1 of predicted pairs (by record index) against the truth.
    static func pairwise(predicted: Set<PairKey>, truth: [Int]) -> (precision: Double, recall: Double, f1: Double, truePairs: Int) {
        var byPerson: [Int: [Int]] = [:]
        for (i, p) in truth.enumerated() { byPerson[p, default: []].append(i) }
        var trueCount = 0
        for (_, members) in byPerson { trueCount += members.count * (members.count - 1) / 2 }
        var tp = 0
        for k in predicted where truth[k.a] == truth[k.b] { tp += 1 }
        let p = predicted.isEmpty ? 1 : Double(tp) / Double(predicted.count)
        let r = trueCount == 0 ? 1 : Double(tp) / Double(trueCount)
        return (p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, trueCount)
    }

    struct PairKey: Hashable { let a: Int; let b: Int; init(_ x: Int, _ y: Int) { a = min(x, y); b = max(x, y) } }

    /// All pairs within each cluster.
    static func clusterPairs(_ result: PersonLinkageResult) -> Set<PairKey> {
        var out = Set<PairKey>()
        for c in result.clusters where c.members.count > 1 {
            for x in 0..<c.members.count { for y in (x + 1)..<c.members.count { out.insert(PairKey(c.members[x], c.members[y])) } }
        }
        return out
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SeededRandom {
    /// Uniform in 0..<n (the shared `below` has an operator-precedence bug and returns 0).
    mutating func roll(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}
