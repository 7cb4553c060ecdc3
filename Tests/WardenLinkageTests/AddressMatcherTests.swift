import Testing
@testable import WardenLinkage

/// A small hand-built gazetteer with the shapes that trip matchers up.
private let gazetteer: [GazetteerEntry] = {
    var g: [GazetteerEntry] = []
    func add(_ uprn: Int64, sub: String? = nil, name: String? = nil, number: String? = nil, street: String,
             locality: String = "WALTHAMSTOW", pc: String, parent: Int64? = nil, usrn: Int64? = nil) {
        g.append(GazetteerEntry(uprn: uprn, parentUPRN: parent, usrn: usrn, subBuilding: sub, buildingName: name,
                                buildingNumber: number, street: street, locality: locality, town: "LONDON", postcode: pc))
    }
    // Elm Road (E17 4AB) and its near-namesakes; Oak Road shares the sector.
    for n in 1...30 { add(1000 + Int64(n), number: "\(n)", street: "ELM ROAD", pc: n <= 15 ? "E17 4AB" : "E17 4AD", usrn: 501) }
    for n in 1...10 { add(1100 + Int64(n), number: "\(n)", street: "ELM GROVE", pc: "E17 4AE", usrn: 502) }
    for n in 1...10 { add(1200 + Int64(n), number: "\(n)", street: "OAK ROAD", pc: "E17 4AF", usrn: 503) }
    // A converted house with floor-described flats and a parent record.
    add(1300, number: "21", street: "PEPPERPOT ROAD", pc: "E17 5AA", usrn: 504)
    add(1301, sub: "GROUND FLOOR FLAT", number: "21", street: "PEPPERPOT ROAD", pc: "E17 5AA", parent: 1300, usrn: 504)
    add(1302, sub: "FIRST FLOOR FLAT", number: "21", street: "PEPPERPOT ROAD", pc: "E17 5AA", parent: 1300, usrn: 504)
    add(1303, number: "23", street: "PEPPERPOT ROAD", pc: "E17 5AA", usrn: 504)
    // A block with a name and a number, flats 1-8.
    add(1400, name: "ASHDOWN HOUSE", number: "12", street: "BIRCH AVENUE", pc: "E17 6AA", usrn: 505)
    for f in 1...8 { add(1400 + Int64(f), sub: "FLAT \(f)", name: "ASHDOWN HOUSE", number: "12", street: "BIRCH AVENUE", pc: "E17 6AA", parent: 1400, usrn: 505) }
    // A shop with a flat above, and the house next door.
    add(1500, name: "SUES NAILS", number: "6", street: "RAINBOW ROAD", locality: "LEYTON", pc: "E10 7AA", usrn: 506)
    add(1501, sub: "FLAT 6A", number: "6", street: "RAINBOW ROAD", locality: "LEYTON", pc: "E10 7AA", parent: 1500, usrn: 506)
    add(1502, number: "8", street: "RAINBOW ROAD", locality: "LEYTON", pc: "E10 7AA", usrn: 506)
    // Lettered flats in another converted house.
    add(1600, number: "14", street: "CEDAR CLOSE", pc: "E17 8AA", usrn: 507)
    add(1601, sub: "FLAT A", number: "14", street: "CEDAR CLOSE", pc: "E17 8AA", parent: 1600, usrn: 507)
    add(1602, sub: "FLAT B", number: "14", street: "CEDAR CLOSE", pc: "E17 8AA", parent: 1600, usrn: 507)
    // Two HIGH STREETs, in two localities, and a named house.
    add(1700, number: "5", street: "HIGH STREET", locality: "WALTHAMSTOW", pc: "E17 9AA", usrn: 508)
    add(1701, number: "5", street: "HIGH STREET", locality: "CHINGFORD", pc: "E4 9AA", usrn: 509)
    add(1800, name: "THE OLD RECTORY", street: "CHURCH LANE", locality: "LEYTON", pc: "E10 8AA", usrn: 510)
    // Two entries that nothing written can tell apart.
    add(1900, name: "THE STABLES", street: "MILL LANE", pc: "E4 7AA", usrn: 511)
    add(1901, name: "THE STABLES", street: "MILL LANE", pc: "E4 7AB", usrn: 511)
    return g
}()

private let index = AddressIndex(gazetteer)

@Suite("Address matcher")
struct AddressMatcherTests {

    @Test func exactAddressMatchesWithHighConfidence() {
        let m = index.match("7 Elm Road, Walthamstow, London", postcode: "E17 4AB")
        #expect(m.uprn == 1007)
        #expect(m.method == .exact)
        #expect(m.confidence >= 0.9)
    }

    @Test func typoInStreetStillFindsTheStreet() {
        let m = index.match("7 Elm Raod", postcode: "E17 4AB")
        #expect(m.uprn == 1007)
        let n = index.match("3 Pepperpott Road London", postcode: nil)
        #expect(n.uprn == nil || n.uprn == 1300)  // 3 does not exist on Pepperpot Road: never forced
        let o = index.match("21 Peperpot Rd", postcode: nil)
        #expect(o.uprn == 1300)
        #expect(o.method == .fuzzyStreet)
    }

    @Test func postcodeOfANeighbouringStreetDoesNotPullTheMatchThere() {
        // Oak Road's postcode on an Elm Road address.
        let m = index.match("4 Elm Road", postcode: "E17 4AF")
        #expect(m.uprn == 1004)
        #expect(m.method == .streetAndNumber)
    }

    @Test func missingPostcodeSearchesTheWholeGazetteer() {
        let m = index.match("22 ELM RD LONDON")
        #expect(m.uprn == 1022)
        #expect(m.method == .noPostcode)
    }

    @Test func mistypedPostcodeIsToleratedWhenTheRestAgrees() {
        let m = index.match("9 Elm Road", postcode: "E17 4AX")
        #expect(m.uprn == 1009)
    }

    @Test func flatDescribedByFloorFindsTheFloorFlat() {
        #expect(index.match("Flat 1st Floor, 21 Pepperpot Rd", postcode: "E17 5AA").uprn == 1302)
        #expect(index.match("GROUND FLOOR FLAT 21 PEPPERPOT ROAD").uprn == 1301)
        // A floor the house does not have: the building, not a forced flat.
        let m = index.match("Second Floor Flat, 21 Pepperpot Road", postcode: "E17 5AA")
        #expect(m.uprn == nil || m.uprn == 1300)
        if m.uprn == 1300 { #expect(m.level == .building) }
    }

    @Test func flatInABlockWithOrWithoutTheBlockName() {
        #expect(index.match("Flat 3, Ashdown House, 12 Birch Ave", postcode: "E17 6AA").uprn == 1403)
        #expect(index.match("flat 5 12 birch avenue").uprn == 1405)
        #expect(index.match("7 Ashdown House, Birch Avenue, London").uprn == 1407)
        // The block itself when no flat is named.
        let m = index.match("Ashdown House, 12 Birch Avenue", postcode: "E17 6AA")
        #expect(m.uprn == 1400)
        #expect(m.level == .property)
    }

    @Test func aFlatTheGazetteerDoesNotHaveFallsBackToItsBuilding() {
        let m = index.match("Flat 12, Ashdown House, 12 Birch Avenue", postcode: "E17 6AA")
        #expect(m.uprn != 1401 && m.uprn != 1402)   // never another flat
        if let u = m.uprn {
            #expect(u == 1400)
            #expect(m.method == .parentOnly)
            #expect(m.level == .building)
        }
    }

    @Test func letteredFlatWrittenAsSuffixOrLetterFirst() {
        #expect(index.match("14A Cedar Close", postcode: "E17 8AA").uprn == 1601)
        #expect(index.match("Flat B, 14 Cedar Close").uprn == 1602)
        #expect(index.match("b 14 cedar cl").uprn == 1602)
    }

    @Test func businessNameBeforeTheNumberIsHarmless() {
        let m = index.match("Best Kebab, 8 Rainbow Road, London", postcode: "E10 7AA")
        #expect(m.uprn == 1502)
        let n = index.match("SUES NAILS RAINBOW LANE LONDON", postcode: "E10 7AA")
        #expect(n.uprn == 1500)
    }

    @Test func misspeltTownAndExtraLocalityWordsDoNotMatter() {
        #expect(index.match("23 Pepperpot Road, Walthamstwo, Lodnon").uprn == 1303)
        #expect(index.match("23 Pepperpot Road, Upper Walthamstow, London, England", postcode: "E17 5AA").uprn == 1303)
    }

    @Test func sameStreetNameInTwoPlacesIsAmbiguousWithoutALocality() {
        let m = index.match("5 High Street, London")
        #expect(m.uprn == nil)
        #expect(m.isAmbiguous)
        #expect(m.method == .ambiguous)
        #expect(Set(m.candidates.prefix(2).map(\.uprn)) == [1700, 1701])
        // ...and resolved by the locality or the postcode.
        #expect(index.match("5 High Street, Chingford").uprn == 1701)
        #expect(index.match("5 High St", postcode: "E17 9AA").uprn == 1700)
    }

    @Test func twoIndistinguishableEntriesAreNeverGuessed() {
        let m = index.match("The Stables, Mill Lane")
        #expect(m.uprn == nil)
        #expect(m.isAmbiguous)
        #expect(m.candidates.count >= 2)
    }

    @Test func anAddressNotInTheGazetteerIsLeftUnmatchedWithCandidates() {
        let m = index.match("97 Elm Road", postcode: "E17 4AB")
        #expect(m.uprn == nil)
        #expect(m.method == .unmatched)
        #expect(!m.candidates.isEmpty)
    }

    @Test func namedHouseWithoutNumber() {
        #expect(index.match("The Old Rectory, Church Lane, Leyton").uprn == 1800)
    }

    @Test func badInputIsUnmatchedNotACrash() {
        for s in ["", "   ", "E17 4AB", String(repeating: "lorem ipsum 12 ", count: 700), "李小龍 12 大道", "\u{1B}[2J"] {
            let m = index.match(s, postcode: nil)
            #expect(m.uprn == nil, "\(s.prefix(20))")
        }
        #expect(index.match("", postcode: "E17 4AB").uprn == nil)
    }

    @Test func confidenceIsAProbabilityAndRunnersUpAreListed() {
        let m = index.match("Flat 2, Ashdown House, 12 Birch Avenue", postcode: "E17 6AA")
        #expect(m.uprn == 1402)
        #expect((0...1).contains(m.confidence))
        #expect(m.runnersUp.count <= 5)
        #expect(!m.runnersUp.contains { $0.uprn == 1402 })
        #expect(m.candidates.first?.uprn == 1402)
    }

    @Test func gazetteerFromFullAddressStringsMatchesTheSame() {
        let g = gazetteer.map { e in
            GazetteerEntry(uprn: e.uprn, fullAddress: [e.subBuilding, e.buildingName, [e.buildingNumber, e.street].compactMap { $0 }.joined(separator: " "), e.locality, e.town]
                .compactMap { $0 }.joined(separator: ", "), postcode: e.postcode)
        }
        let full = AddressIndex(g)
        #expect(full.match("Flat 3, Ashdown House, 12 Birch Ave", postcode: "E17 6AA").uprn == 1403)
        #expect(full.match("Flat 1st Floor, 21 Pepperpot Rd", postcode: "E17 5AA").uprn == 1302)
        #expect(full.match("4 Elm Road", postcode: "E17 4AF").uprn == 1004)
        #expect(full.match("97 Elm Road", postcode: "E17 4AB").uprn == nil)
    }

    @Test func concurrentMatchingGivesTheSameAnswers() async {
        let inputs = (1...30).map { "\($0) Elm Rd" }
        let serial = inputs.map { index.match($0).uprn }
        let parallel = await withTaskGroup(of: (Int, Int64?).self) { group in
            for (k, s) in inputs.enumerated() { group.addTask { (k, index.match(s).uprn) } }
            var out = [Int64?](repeating: nil, count: inputs.count)
            for await (k, u) in group { out[k] = u }
            return out
        }
        #expect(serial == parallel)
        #expect(serial.allSatisfy { $0 != nil })
    }
}

@Suite("Event locations")
struct AddressLocationTests {
    @Test func outsideANumberedPropertyResolvesToTheProperty() {
        let l = index.matchLocation("outside 23 Elm Rd")
        #expect(l.kind == .property)
        #expect(l.uprn == 1023)
        #expect(l.relation == "OUTSIDE")
        #expect(index.matchLocation("o/s no 5 Elm Road").uprn == 1005)
    }

    @Test func rearOfARangeThatIsNotAPropertyResolvesToTheStreet() {
        let l = index.matchLocation("rear of 14-16 Elm Grove")
        #expect(l.kind == .street)
        #expect(l.street?.usrn == 502)
        #expect(l.uprn == nil)
    }

    @Test func aStreetWithAnExtraWordResolvesToTheStreet() {
        let l = index.matchLocation("Elm Road park")
        #expect(l.kind == .street)
        #expect(l.street?.usrn == 501)
        #expect(l.street?.name == "ELM ROAD")
    }

    @Test func junctionNamesBothStreets() {
        let l = index.matchLocation("junction of Elm Rd and Oak Road")
        #expect(l.kind == .street)
        #expect(l.street?.usrn == 501)
        #expect(l.otherStreets.first?.usrn == 503)
    }

    @Test func nothingRecognisableResolvesToNothing() {
        #expect(index.matchLocation("somewhere near the shops").kind == .none)
        #expect(index.matchLocation("").kind == .none)
    }
}
