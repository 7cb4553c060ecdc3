@testable import WardenLinkage

/// A small synthetic borough with adversarial people added: twins, a father and son of the
/// same name with an elector record, spouses, 200 "Mohammed Khan" at one address, one NI
/// number on two different people, a mover, a married name change, nicknames and typos,
/// degenerate names and a future date. Linked once, shared by the tests.
final class AdversarialBorough: Sendable {
    static let shared = AdversarialBorough()

    let records: [PersonRecord]
    let result: PersonLinkageResult
    let positionOf: [Int: Int]

    // twins
    static let amelia1 = 100_001, amelia2 = 100_002, olivia1 = 100_003, olivia2 = 100_004
    // father and son of one name, and an electoral record
    static let father1 = 100_011, father2 = 100_012, son1 = 100_013, son2 = 100_014, elector = 100_015
    // spouses
    static let john1 = 100_021, john2 = 100_022, mary1 = 100_023, mary2 = 100_024
    // shared NI number on two clearly different people
    static let alice = 100_031, boris = 100_032
    // mover, married name, nickname/typo/swap
    static let movedA = 100_041, movedB = 100_042, maidenA = 100_051, marriedB = 100_052
    static let william = 100_061, bill = 100_062, swappedTypo = 100_063
    // degenerate input
    static let emptyName = 100_071, singleLetters = 100_072, futureDate = 100_073, onlyPostcode = 100_074
    // cannot-link: two members of one claim
    static let claimA = 100_081, claimB = 100_082
    // one person by every other field, two different NI numbers
    static let twoNinoA = 100_101, twoNinoB = 100_102
    // term frequency: a rare and a common surname
    static let rareA = 100_091, rareB = 100_092, commonA = 100_093, commonB = 100_094
    // a landlord: a record with only the let property, another with the same property and a home
    static let landlordLet = 100_111, landlordHome = 100_112
    // a death, and a namesake who takes up a tenancy two years later
    static let deceased = 100_121, tenantAfterDeath = 100_122
    // 200 × Mohammed Khan
    static let khans = Array(101_000..<101_200)
    /// A joint council tax account (two people, one reference) and a summons naming one of them
    /// by initial at the property it is about; a sole account and its summons likewise.
    /// One woman under her former surname (a claim, a pass) and her married one (a tenancy, with
    /// the same date of birth and NI number; an elector record with neither).
    static let renamedClaim = 100_141, renamedTenancy = 100_142, renamedElector = 100_143, renamedPass = 100_144
    static let jointJohn = 100_131, jointMary = 100_132, summonsMary = 100_133, soleHolder = 100_134, soleSummons = 100_135
    /// A mother and daughter of one name on one claim, Mrs and Miss; their elector records
    /// (no date of birth) say only which title each holds.
    static let claimMother = 100_151, claimDaughter = 100_152, electorMrs = 100_153, electorMiss = 100_154
    /// A young man still listed on his parents' claim after moving into a flat of his own,
    /// where his tenancy, his new claim and his council tax account (no date of birth) are.
    /// A sole account holder and his wife at one address, both "D Mistry" by initial; the
    /// summons carries the account's reference and the initial only.
    static let mistryHolder = 100_171, mistryWife = 100_172, mistrySummons = 100_173
    /// A landlord named only as the owner of two empty flats he lets (council tax during the
    /// void spells), with no address of his own on either record; his name is common: six
    /// other men of that name live in the borough, each with his own account.
    static let ownerFlatA = 100_181, ownerFlatB = 100_182
    static let namesakeResidents = Array(100_190..<100_196)
    /// Couples who moved (six, of six surnames): his and her council tax at the old home (one
    /// joint account), his claim there; their joint account, his claim and his register entry
    /// at the new one; and a summons on the new account to "E <SURNAME>", which could be
    /// either Emre or Esra. Index `couple(k, n)`: n 0 his old tax, 1 her old tax, 2 his old claim,
    /// 3 his new tax, 4 her new tax, 5 his register entry, 6 the summons, 7 his new claim.
    static func couple(_ k: Int, _ n: Int) -> Int { 103_300 + 10 * k + n }
    static let coupleSurnames = ["Çelik", "Demir", "Yıldız", "Aydın", "Arslan", "Doğan"]
    /// Noise complainants, each named on the complaint (at the site complained about) and at
    /// their own home in the site's postcode sector; a namesake of each lives across the borough.
    static let complainants = Array(103_000..<103_016), complainantHomes = Array(103_100..<103_116),
               complainantNamesakes = Array(103_200..<103_216)
    /// Movers whose old council tax account gives only an initial ("J Ferncastle"), closed the
    /// day before their new account in their full name opens at a home across the borough.
    static let initialMoversOld = Array(103_400..<103_408), initialMoversNew = Array(103_500..<103_508)
    static let initialMoverSurnames = ["Ferncastle", "Oyinlola", "Brackenbury", "Szczepanik", "Thorncliffe", "Adebayo-Cole", "Marchbanks", "Kilbride"]
    static let staleNonDependant = 100_161, ownTenancy = 100_162, ownClaim = 100_163, ownCouncilTax = 100_164, ownElector = 100_165

    init() {
        var recs = SyntheticPopulation(households: 260, seed: 5).records
        func add(_ i: Int, _ g: String?, _ s: String?, dob: String? = nil, address: String? = nil, postcode: String? = nil,
                 _ fill: (inout PersonRecord) -> Void = { _ in }) {
            var r = PersonRecord(index: i, givenName: g, surname: s, dateOfBirth: dob.flatMap { PartialDate(parsing: $0) })
            r.address = address; r.postcode = postcode
            fill(&r)
            recs.append(r)
        }
        let A = AdversarialBorough.self
        // twins: same surname, date of birth and address; different given names
        add(A.amelia1, "Amelia", "Okonjo", dob: "2010-03-04", address: "14 Tennyson Road", postcode: "N1 1AA") { $0.sex = .female; $0.nhsNumber = "9434765919" }
        add(A.amelia2, "AMELIA", "OKONJO", dob: "04/03/2010", address: "14 TENNYSON RD", postcode: "N1 1AA")
        add(A.olivia1, "Olivia", "Okonjo", dob: "2010-03-04", address: "14 Tennyson Road", postcode: "N1 1AA") { $0.sex = .female }
        add(A.olivia2, "OLIVIA", "OKONJO", dob: "04/03/2010", address: "14 Tennyson Rd", postcode: "N1 1AA")
        // father and son, same full name and address, different dates of birth; an elector without one
        add(A.father1, "Peter", "Bramhall", dob: "1960-01-01", address: "3 Abbey Lane", postcode: "N1 2AB") { $0.nino = "JT 12 34 56 A" }
        add(A.father2, "PETER", "BRAMHALL", dob: "01/01/1960", address: "3 ABBEY LANE", postcode: "N1 2AB")
        add(A.son1, "Peter", "Bramhall", dob: "1990-05-05", address: "3 Abbey Lane", postcode: "N1 2AB")
        add(A.son2, "Peter", "Bramhall", dob: "1990-05-05", address: "3 Abbey Ln", postcode: "N1 2AB") { $0.sex = .male }
        add(A.elector, nil, nil, address: "3 Abbey Lane", postcode: "N1 2AB") { $0.fullName = "BRAMHALL, Peter" }
        // spouses sharing surname and address
        add(A.john1, "John", "Harbottle", dob: "1970-02-02", address: "5 Abbey Lane", postcode: "N1 2AB") { $0.sex = .male }
        add(A.john2, "John", "Harbottle", dob: "1970-02-02", address: "5 ABBEY LANE", postcode: "N1 2AB")
        add(A.mary1, "Mary", "Harbottle", dob: "1972-03-03", address: "5 Abbey Lane", postcode: "N1 2AB") { $0.sex = .female }
        add(A.mary2, "Mary", "Harbottle", dob: "1972-03-03", address: "5 Abbey Lane", postcode: "N1 2AB")
        // one NI number on two clearly different people
        add(A.alice, "Alice", "Wroxley", dob: "1980-04-04", address: "8 Mill Road", postcode: "SE5 8QQ") { $0.sex = .female; $0.nino = "JK123456A" }
        add(A.boris, "Boris", "Pemberton", dob: "1955-09-09", address: "77 Canal Way", postcode: "N8 9AA") { $0.sex = .male; $0.nino = "JK123456A" }
        // a person who moved: same name, date of birth and NI number, another address
        add(A.movedA, "Hermione", "Castleford", dob: "1985-02-03", address: "21 Quarry Street", postcode: "SE1 7PB") { $0.nino = "JH654321B" }
        add(A.movedB, "Hermione", "Castleford", dob: "1985-02-03", address: "Flat 4, 60 Orchard Grove", postcode: "N8 7RT") { $0.nino = "JH654321B" }
        // a married name change: same given name, date of birth and NI number; new surname
        add(A.maidenA, "Sarah", "Blenkinsop", dob: "1988-07-09", address: "2 Kiln Close", postcode: "E9 6DD") { $0.nino = "JL112233C" }
        add(A.marriedB, "Sarah", "Featherstone", dob: "1988-07-09", address: "2 Kiln Close", postcode: "E9 6DD") { $0.nino = "JL112233C" }
        // nickname, typo and swapped names
        add(A.william, "William", "Ashdown", dob: "1975-04-04", address: "12 Oak Road", postcode: "SE5 8PP")
        add(A.bill, "Bill", "Ashdown", dob: "1975-04-04", address: "12 Oak Rd", postcode: "SE5 8PP")
        add(A.swappedTypo, "Ashdwon", "William", dob: "1975-04-04", address: "12 OAK ROAD", postcode: "SE5 8PP")
        // degenerate input
        add(A.emptyName, "", "", dob: "1999-01-01")
        add(A.singleLetters, "A", "B", address: "1 High Street", postcode: "E10 1AA")
        add(A.futureDate, "Zed", "Quill", dob: "2090-01-01", address: "4 Rope Walk", postcode: "E1 8AA")
        add(A.onlyPostcode, "Ivo", "Quill", address: "E1 8AA")
        // two members of one benefit claim: never one person
        add(A.claimA, "Tom", "Ridley", address: "9 Mews Row", postcode: "E2 7QQ") { $0.dataset = 3; $0.distinctGroup = "claim-42" }
        add(A.claimB, "Tom", "Ridley", address: "9 Mews Row", postcode: "E2 7QQ") { $0.dataset = 3; $0.distinctGroup = "claim-42" }
        add(A.twoNinoA, "Gideon", "Fairweather", dob: "1966-12-01", address: "40 Lark Rise", postcode: "E5 0LL") { $0.nino = "JM445566A"; $0.sex = .male }
        add(A.twoNinoB, "Gideon", "Fairweather", dob: "1966-12-01", address: "40 Lark Rise", postcode: "E5 0LL") { $0.nino = "JP778899B" }
        // term frequency: a rare surname and a common one, in the general context (no shared
        // postcode; a typo in the given name, so the surname is weighed on its own)
        add(A.rareA, "Zeynep", "Ağaoğlu", dob: "1991-06-06", address: "3 Bell Yard", postcode: "N16 5AA")
        add(A.rareB, "Zeynap", "AGAOGLU", dob: "1991-06-06")
        add(A.commonA, "Mary", "Smith", dob: "1991-06-06", address: "3 Bell Yard", postcode: "N16 5AB")
        add(A.commonB, "Marry", "Smith", dob: "1991-06-06")
        // landlords: each lets a property or two; one record knows only the let property, another
        // also the landlord's home (a council tax account, a licence)
        let givenNames = ["Ngozi", "Tariq", "Ewa", "Declan", "Priya", "Kwame", "Ines", "Bogdan"]
        let surnames = ["Adeyemi", "Qureshi", "Kowalczyk", "Brannigan", "Raghunathan", "Mensah", "Figueira", "Horvath", "Lindqvist", "Okonkwo"]
        for k in 0..<40 {
            let g = givenNames[k % givenNames.count], s = surnames[k / 4]
            let home = "\(10 + k) Lessing Street", homePostcode = "SE\(k % 9 + 1) \(k % 7 + 1)LL"
            add(102_000 + 3 * k, g, s, postcode: "E4 \(k % 9 + 1)TU") { $0.dataset = 7; $0.property = "\(300_000 + k)" }
            add(102_001 + 3 * k, g, s, address: home, postcode: homePostcode) { $0.dataset = 8; $0.property = "\(300_000 + k)" }
            if k % 2 == 0 {
                add(102_002 + 3 * k, g, s, address: home, postcode: homePostcode) { $0.dataset = 7; $0.property = "\(310_000 + k)" }
            }
        }
        // and one more, the one the test looks at
        add(A.landlordLet, "Ngozi", "Farahani", postcode: "E4 9TU") { $0.dataset = 7; $0.property = "200000777" }
        add(A.landlordHome, "Ngozi", "Farahani", address: "165 Chester Avenue, Chigwell", postcode: "IG7 5DZ") { $0.dataset = 8; $0.property = "200000777" }
        // a death, and a tenancy in the same name from two years after it
        add(A.deceased, "Walter", "Pykeman", dob: "1940-01-01", address: "4 Elm Row", postcode: "N4 1AA") {
            $0.dataset = 9; $0.diedOn = CivilDate(year: 2020, month: 1, day: 1)
        }
        add(A.tenantAfterDeath, "Walter", "Pykeman", address: "9 Fen Lane", postcode: "N5 2BB") {
            $0.dataset = 10; $0.periodStart = CivilDate(year: 2022, month: 3, day: 1)
        }
        // an account's parties at their correspondence address; the summonses at the property
        add(A.jointJohn, "John", "Trevelyan", address: "Flat 2, 30 Harbour Road", postcode: "E14 3QQ") {
            $0.dataset = 11; $0.distinctGroup = "ct-9001"; $0.reference = "9001"
        }
        add(A.jointMary, "Mary", "Trevelyan", address: "Flat 2, 30 Harbour Road", postcode: "E14 3QQ") {
            $0.dataset = 11; $0.distinctGroup = "ct-9001"; $0.reference = "9001"
        }
        add(A.summonsMary, "M", "Trevelyan", address: "12 Dock Street", postcode: "E1 8NN") { $0.dataset = 12; $0.reference = "9001" }
        add(A.soleHolder, "Aisha", "Bellwood", address: "7 Fir Close", postcode: "N4 4FF") {
            $0.dataset = 11; $0.distinctGroup = "ct-9002"; $0.reference = "9002"
        }
        add(A.soleSummons, "A", "Bellwood", address: "55 Granary Wharf", postcode: "E1 9WW") { $0.dataset = 12; $0.reference = "9002" }
        add(A.renamedClaim, "Anika", "Kumar", dob: "1986-12-15", address: "Flat 34, 1 Winchester Street", postcode: "E10 9WR") {
            $0.nino = "JR998877D"; $0.dataset = 13
        }
        add(A.renamedTenancy, "Anika", "Parmar", dob: "1986-12-15", address: "Flat 34, 1 Winchester Street", postcode: "E10 9WR") {
            $0.nino = "JR998877D"; $0.dataset = 14
        }
        add(A.renamedPass, "Anika", "Kumar", dob: "1986-12-15", address: "Flat 34, 1 Winchester Street", postcode: "E10 9WR") {
            $0.nino = "JR998877D"; $0.dataset = 16
        }
        add(A.renamedElector, "Anika", "Parmar", address: "Apartment 34, 1 Winchester Street", postcode: "E10 9WR") { $0.dataset = 15 }
        add(A.claimMother, "Faith", "Oyelaran", dob: "1984-08-20", address: "23 Clifton Street", postcode: "E10 2NR") {
            $0.title = "Mrs"; $0.dataset = 13; $0.distinctGroup = "hb-7009328"
        }
        add(A.claimDaughter, "Faith", "Oyelaran", dob: "2004-01-12", address: "23 Clifton Street", postcode: "E10 2NR") {
            $0.title = "Miss"; $0.dataset = 13; $0.distinctGroup = "hb-7009328"
        }
        add(A.electorMrs, "Faith", "Oyelaran", address: "23 Clifton St", postcode: "E10 2NR") { $0.title = "MRS"; $0.dataset = 15 }
        add(A.electorMiss, "Faith", "Oyelaran", address: "23 Clifton St", postcode: "E10 2NR") { $0.title = "MISS"; $0.dataset = 15 }
        add(A.staleNonDependant, "Mihai", "Szymański", dob: "2004-05-21", address: "10 Parsonage Road", postcode: "E4 8FF") {
            $0.dataset = 13; $0.distinctGroup = "hb-7008647"; $0.uprn = 46107983; $0.sex = .male
            $0.periodStart = CivilDate(year: 2023, month: 3, day: 16)
        }
        add(A.ownTenancy, "Mihai", "SZYMAŃSKI", dob: "2004-05-21", address: "Flat 30, Osprey Mansions, 1 Winchester Street", postcode: "E10 9WR") {
            $0.dataset = 14; $0.uprn = 46118258; $0.periodStart = CivilDate(year: 2023, month: 9, day: 6)
        }
        add(A.ownClaim, "Mihai", "Szymański", dob: "2004-05-21", address: "Flat 30 Osprey Mansions, 1 Winchester Street", postcode: "E10 9WR") {
            $0.dataset = 13; $0.distinctGroup = "hb-7009206"; $0.uprn = 46118258; $0.sex = .male
            $0.periodStart = CivilDate(year: 2023, month: 9, day: 12)
        }
        add(A.ownCouncilTax, "MIHAI", "SZYMA?SKI", address: "FLAT 30, OSPREY MANSIONS, 1 WINCHESTER ST", postcode: "E10 9WR") {
            $0.dataset = 11; $0.distinctGroup = "ct-40057154"; $0.uprn = 46118258; $0.title = "MR"
            $0.periodStart = CivilDate(year: 2023, month: 9, day: 6)
        }
        add(A.ownElector, "Mihai", "Szymański", address: "Flat 30, Osprey Mansions, 1 Winchester Street", postcode: "E10 9WR") {
            $0.dataset = 15; $0.uprn = 46118258; $0.title = "Mr"
        }
        add(A.mistryHolder, "Dev", "Mistry", address: "12 Canal Mews", postcode: "E10 5SS") {
            $0.dataset = 11; $0.distinctGroup = "ct-9003"; $0.reference = "9003"
        }
        add(A.mistryWife, "Divya", "Mistry", address: "12 Canal Mews", postcode: "E10 5SS") { $0.dataset = 15; $0.sex = .female }
        add(A.mistrySummons, "D", "Mistry", address: "12 Canal Mews", postcode: "E10 5SS") { $0.dataset = 12; $0.reference = "9003" }
        add(A.ownerFlatA, "Jack", "Johnson", postcode: "E10 4NX") { $0.dataset = 11; $0.property = "46113907"; $0.title = "Mr" }
        add(A.ownerFlatB, "Jack", "Johnson", postcode: "E4 5NE") { $0.dataset = 11; $0.property = "46104852"; $0.title = "Mr" }
        for (k, i) in A.namesakeResidents.enumerated() {
            add(i, "Jack", "Johnson", address: "\(k + 2) Tudor Road", postcode: "E\(k + 1) 4NX") { $0.dataset = 11; $0.title = "Mr" }
        }
        for (k, surname) in A.coupleSurnames.enumerated() {
            let upper = surname.uppercased(), oldHome = "\(k + 2)A Farnborough Road", newHome = "\(k + 14) Primrose Gardens"
            let before = CivilDate(year: 2018, month: 6, day: 30), moved = CivilDate(year: 2021, month: 4, day: 19)
            let movedIn = CivilDate(year: 2021, month: 4, day: 27)
            add(A.couple(k, 0), "EMRE", upper, address: oldHome, postcode: "E4 2DT") {
                $0.dataset = 11; $0.distinctGroup = "ct-5343\(k)"; $0.reference = "5343\(k)"; $0.title = "MR"; $0.periodStart = before; $0.periodEnd = moved
            }
            add(A.couple(k, 1), "ESRA", upper, address: oldHome, postcode: "E4 2DT") {
                $0.dataset = 11; $0.distinctGroup = "ct-5343\(k)"; $0.reference = "5343\(k)"; $0.title = "MRS"; $0.periodStart = before; $0.periodEnd = moved
            }
            add(A.couple(k, 2), "Emre", surname, dob: "1979-02-1\(k)", address: oldHome, postcode: "E4 2DT") {
                $0.dataset = 13; $0.distinctGroup = "hb-2201\(k)"; $0.sex = .male; $0.periodStart = before; $0.periodEnd = moved
            }
            add(A.couple(k, 3), "EMRE", upper, address: newHome, postcode: "E4 5YF") {
                $0.dataset = 11; $0.distinctGroup = "ct-15203\(k)"; $0.reference = "15203\(k)"; $0.title = "MR"; $0.periodStart = movedIn
            }
            add(A.couple(k, 4), "ESRA", upper, address: newHome, postcode: "E4 5YF") {
                $0.dataset = 11; $0.distinctGroup = "ct-15203\(k)"; $0.reference = "15203\(k)"; $0.periodStart = movedIn
            }
            add(A.couple(k, 5), "Emre", surname, address: newHome, postcode: "E4 5YF") { $0.dataset = 15; $0.title = "Mr" }
            add(A.couple(k, 6), "E", upper, address: newHome, postcode: "E4 5YF") { $0.dataset = 12; $0.reference = "15203\(k)" }
            add(A.couple(k, 7), "Emre", surname, dob: "1979-02-1\(k)", address: newHome, postcode: "E4 5YF") {
                $0.dataset = 13; $0.distinctGroup = "hb-2202\(k)"; $0.sex = .male; $0.periodStart = movedIn
            }
        }
        let complainantGiven = ["Kwabena", "Lowri", "Teodora", "Fintan", "Amara", "Radek", "Saoirse", "Yusuf"]
        let complainantSurnames = ["Ofori-Atta", "Pryce-Jones"]
        for k in 0..<A.complainants.count {
            let g = complainantGiven[k % 8], s = complainantSurnames[k / 8]
            add(A.complainants[k], g, s, postcode: "E17 \(k % 8 + 1)SS") {
                $0.dataset = 16; $0.property = "\(400_000 + k)"; $0.propertyIsSite = true
            }
            add(A.complainantHomes[k], g, s, dob: "1971-03-\(k + 10)", address: "\(k + 1) Forest Road", postcode: "E17 \(k % 8 + 1)HH") { $0.dataset = 11 }
            add(A.complainantNamesakes[k], g, s, dob: "1994-08-\(k + 2)", address: "\(k + 3) Hill Road", postcode: "N\(k % 9 + 2) 6RR") { $0.dataset = 15 }
        }
        let moverGiven = ["Jerome", "Folake", "Harriet", "Wojciech", "Ambrose", "Titilayo", "Gregor", "Niamh"]
        for k in 0..<A.initialMoversOld.count {
            let s = A.initialMoverSurnames[k], g = moverGiven[k]
            let moved = CivilDate(year: 2019 + k % 4, month: 1 + k, day: 10 + k)!
            add(A.initialMoversOld[k], String(g.prefix(1)), s.uppercased(), address: "\(k + 21) Tanner Street", postcode: "E9 \(k + 1)TT") {
                $0.dataset = 11; $0.sex = .male; $0.periodStart = CivilDate(year: 2010, month: 4, day: 1); $0.periodEnd = moved
            }
            add(A.initialMoversNew[k], g, s, address: "Flat \(k + 1), 8 Weaver Court", postcode: "N\(k + 10) 3WC") {
                $0.dataset = 11; $0.sex = .male; $0.periodStart = CivilDate(dayNumber: moved.dayNumber + 1)
            }
        }
        // 200 records "Mohammed Khan" at one address, most with their own date of birth
        var rng = SeededRandom(seed: 77, stream: "khans")
        for (k, i) in A.khans.enumerated() {
            let date = CivilDate(year: 1935 + rng.roll(70), month: 1 + rng.roll(12), day: 1 + rng.roll(28))!
            add(i, "Mohammed", "Khan", dob: k < 180 ? date.iso : nil, address: "Flat 1, 99 Green Street", postcode: "E7 8LJ")
        }
        records = recs
        var opts = PersonLinkageOptions()
        opts.today = CivilDate(year: 2024, month: 6, day: 1)
        opts.uSamplePairs = 60_000
        result = PersonLinker.deduplicate(recs, options: opts)
        var pos: [Int: Int] = [:]
        for (p, r) in recs.enumerated() { pos[r.index] = p }
        positionOf = pos
    }

    func cluster(_ index: Int) -> Int { result.clusterIdByPosition[positionOf[index]!] }
    func together(_ a: Int, _ b: Int) -> Bool { cluster(a) == cluster(b) }
    func size(_ index: Int) -> Int { result.clusters.first { $0.id == cluster(index) }!.members.count }
}
