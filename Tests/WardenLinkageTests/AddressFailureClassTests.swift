import Testing
@testable import WardenLinkage

/// One test per class of failure found on the synthetic boroughs: each builds the smallest
/// gazetteer that shows the shape and asserts the UPRN an officer would see (or that none was
/// forced). The streets are invented; nothing here is a generator string.
private let gazetteer: [GazetteerEntry] = {
    var g: [GazetteerEntry] = []
    func add(_ uprn: Int64, sub: String? = nil, name: String? = nil, number: String? = nil, street: String,
             pc: String, parent: Int64? = nil, usrn: Int64) {
        g.append(GazetteerEntry(uprn: uprn, parentUPRN: parent, usrn: usrn, subBuilding: sub, buildingName: name,
                                buildingNumber: number, street: street, locality: "MARSH END", town: "LONDON", postcode: pc))
    }
    // A parade: each shell holds a ground floor shop and one or two flats above.
    add(100, number: "25", street: "QUINCE PARADE", pc: "N9 1AA", usrn: 1)
    add(101, sub: "GROUND FLOOR SHOP", number: "25", street: "QUINCE PARADE", pc: "N9 1AA", parent: 100, usrn: 1)
    add(102, sub: "FIRST FLOOR FLAT", number: "25", street: "QUINCE PARADE", pc: "N9 1AA", parent: 100, usrn: 1)
    add(110, number: "27", street: "QUINCE PARADE", pc: "N9 1AA", usrn: 1)
    add(111, sub: "GROUND FLOOR SHOP", number: "27", street: "QUINCE PARADE", pc: "N9 1AA", parent: 110, usrn: 1)
    add(112, sub: "FIRST FLOOR FLAT", number: "27", street: "QUINCE PARADE", pc: "N9 1AA", parent: 110, usrn: 1)
    add(113, sub: "SECOND FLOOR FLAT", number: "27", street: "QUINCE PARADE", pc: "N9 1AA", parent: 110, usrn: 1)
    // Converted houses whose flats the gazetteer names by floor.
    add(200, number: "5", street: "TANSY ROAD", pc: "N9 2BB", usrn: 2)
    add(201, sub: "BASEMENT FLAT", number: "5", street: "TANSY ROAD", pc: "N9 2BB", parent: 200, usrn: 2)
    add(202, sub: "GROUND FLOOR FLAT", number: "5", street: "TANSY ROAD", pc: "N9 2BB", parent: 200, usrn: 2)
    add(203, sub: "TOP FLOOR FLAT", number: "5", street: "TANSY ROAD", pc: "N9 2BB", parent: 200, usrn: 2)
    add(210, number: "7", street: "TANSY ROAD", pc: "N9 2BB", usrn: 2)
    add(211, sub: "GROUND FLOOR FLAT", number: "7", street: "TANSY ROAD", pc: "N9 2BB", parent: 210, usrn: 2)
    add(212, sub: "FIRST FLOOR FLAT", number: "7", street: "TANSY ROAD", pc: "N9 2BB", parent: 210, usrn: 2)
    add(213, sub: "TOP FLOOR FLAT", number: "7", street: "TANSY ROAD", pc: "N9 2BB", parent: 210, usrn: 2)
    add(220, number: "9", street: "TANSY ROAD", pc: "N9 2BB", usrn: 2)
    add(221, sub: "BASEMENT FLAT", number: "9", street: "TANSY ROAD", pc: "N9 2BB", parent: 220, usrn: 2)
    add(222, sub: "FIRST FLOOR FLAT", number: "9", street: "TANSY ROAD", pc: "N9 2BB", parent: 220, usrn: 2)
    for n in 1...4 { add(230 + Int64(n), number: "\(10 + n)", street: "TANSY ROAD", pc: "N9 2BB", usrn: 2) }
    // A block of flats with a name, and a park, on one street; a namesake block elsewhere.
    add(300, name: "KESTREL COURT", street: "WOAD LANE", pc: "N9 3CC", usrn: 3)
    for f in 1...12 { add(300 + Int64(f), sub: "FLAT \(f)", name: "KESTREL COURT", street: "WOAD LANE", pc: "N9 3CC", parent: 300, usrn: 3) }
    add(320, name: "WOAD RECREATION GROUND", street: "WOAD LANE", pc: "N9 3CD", usrn: 3)
    for n in 1...6 { add(330 + Int64(n), number: "\(n)", street: "WOAD LANE", pc: "N9 3CD", usrn: 3) }
    add(340, name: "KESTREL COURT", street: "SORREL AVENUE", pc: "N9 4DD", usrn: 4)
    for n in 1...6 { add(350 + Int64(n), number: "\(n)", street: "SORREL AVENUE", pc: "N9 4DD", usrn: 4) }
    add(360, number: "25A", street: "SORREL AVENUE", pc: "N9 4DD", usrn: 4)
    // Streets named only with common words, in two places.
    for n in 1...3 { add(400 + Int64(n), number: "\(n)", street: "VALE WALK", pc: "N9 5EE", usrn: 5) }
    for n in 1...3 { add(410 + Int64(n), number: "\(n)", street: "VALE ROAD", pc: "N9 5EF", usrn: 6) }
    for n in 1...3 { add(420 + Int64(n), number: "\(n)", street: "HILL WALK", pc: "N9 5EG", usrn: 7) }
    // A park with its street's name.
    add(500, name: "LAUREL GARDENS", street: "LAUREL GARDENS", pc: "N9 6FF", usrn: 8)
    for n in 1...4 { add(500 + Int64(n), number: "\(n)", street: "LAUREL GARDENS", pc: "N9 6FF", usrn: 8) }
    return g
}()

private let index = AddressIndex(gazetteer)

@Suite("Address matcher: failure classes")
struct AddressFailureClassTests {

    @Test func aShopIsNotTheFlatAboveIt() {
        // "SHOP, 25 ..." once went to the first floor flat: the kind of unit was ignored.
        #expect(index.match("SHOP, 25 QUINCE PDE", postcode: "N9 1AA").uprn == 101)
        #expect(index.match("Flat, 25 Quince Parade", postcode: "N9 1AA").uprn == 102)
    }

    @Test func lowerGroundIsTheBasementNotTheTopFloor() {
        // "LOWER GROUND FLOOR FLAT" once went to the top floor flat: TOP was never compared
        // with a level, and lower ground and basement were a mismatch.
        let m = index.match("LOWER GROUND FLOOR FLAT, 5 TANSY RD, LONDON", postcode: "N9 2BB")
        #expect(m.uprn == 201)
    }

    @Test func aLevelAboveEveryOtherUnitIsTheTopFloorFlat() {
        // Ground, first and "top": the second floor is the top floor.
        #expect(index.match("Second Floor Flat, 7 Tansy Road", postcode: "N9 2BB").uprn == 213)
        // ...and TOP is not the first floor when a top floor flat exists.
        #expect(index.match("Top Floor Flat, 7 Tansy Road", postcode: "N9 2BB").uprn == 213)
        // A ground floor is never the top floor.
        #expect(index.match("Ground Floor Flat, 7 Tansy Road", postcode: "N9 2BB").uprn == 211)
    }

    @Test func aLetteredOrNumberedFlatAgainstFlatsNamedByFloor() {
        // Flats are lettered or numbered from the lowest floor up.
        #expect(index.match("FLAT B, 7 TANSY ROAD", postcode: "N9 2BB").uprn == 212)
        #expect(index.match("Flat 1, 7 Tansy Road", postcode: "N9 2BB").uprn == 211)
        #expect(index.match("FLAT 2, 9 TANSY RD", postcode: "N9 2BB").uprn == 222)   // basement, first: second unit
        // Above a shop, counting the shop's floor.
        #expect(index.match("FLAT 3, 27 QUINCE PARADE", postcode: "N9 1AA").uprn == 113)
    }

    @Test func whenTheOrderDisagreesTheFlatIsNotGuessed() {
        // Basement, ground, top: flat 2 is the ground floor counting units, the first floor
        // counting storeys. Either could be meant: only the building is given.
        let m = index.match("Flat 2, 5 Tansy Road", postcode: "N9 2BB")
        #expect(m.uprn == nil || m.uprn == 200)
        if m.uprn == 200 { #expect(m.level == .building) }
    }

    @Test func aLetterAfterTheNumberWithNoSuchPropertyIsAUnitOfTheBuilding() {
        // "27A" where the gazetteer has no 27A: a flat of 27, but which of two is unknown.
        let m = index.match("27A QUINCE PARADE", postcode: "N9 1AA")
        #expect(m.uprn == 110)
        #expect(m.level == .building)
        #expect(m.method == .parentOnly)
        // With one flat above the shop, that flat.
        #expect(index.match("25A Quince Parade", postcode: "N9 1AA").uprn == 102)
        // A real 25A on another street does not stop 25A on this one being a unit of 25
        // (it once won, number for number, against the right street and postcode)...
        #expect(index.match("25A THE QUINCE PDE", postcode: "N9 1AA").uprn == 102)
        // ...and is found itself when named.
        #expect(index.match("25A Sorrel Ave").uprn == 360)
    }

    @Test func theFlatAboveIsAnUpperFloor() {
        #expect(index.match("Flat Above, 25 Quince Parade", postcode: "N9 1AA").uprn == 102)
        let m = index.match("FLAT ABOVE, 27 QUINCE PARADE", postcode: "N9 1AA")
        #expect(m.uprn == 110)
        #expect(m.level == .building)
    }

    @Test func aBusinessSourceMeansTheShopOfABuilding() {
        #expect(index.match("25 Quince Parade", postcode: "N9 1AA").uprn == 100)
        #expect(index.match("25 Quince Parade", postcode: "N9 1AA", use: .business).uprn == 101)
        #expect(index.match("25 Quince Parade", postcode: "N9 1AA", use: .residential).uprn == 100)
    }

    @Test func aStreetOfCommonWordsIsFoundWithoutAPostcode() {
        // "VALE", "WALK": both common; the entry holding both with the number is found.
        let m = index.match("2 Vale Walk, London")
        #expect(m.uprn == 402)
        #expect(index.match("3 Hill Walk").uprn == 423)
    }

    @Test func aNamedBlockWithAFlatNumberAndNoStreetNumber() {
        #expect(index.match("Flat 7, Kestrel Court, Woad Lane", postcode: "N9 3CC").uprn == 307)
        // Two Kestrel Courts: the street tells them apart, and the flat is not in the other.
        #expect(index.match("Flat 7 Kestrel Court Woad Ln").uprn == 307)
    }

    @Test func theBlocksUPRNGivenForAFlatIsRefinedToTheFlat() {
        #expect(index.refineGivenUPRN(300, address: "Flat 9, Kestrel Court, Woad Lane", postcode: "N9 3CC") == 309)
        // Not one of its flats, or not a building: the UPRN given stands.
        #expect(index.refineGivenUPRN(300, address: "Flat 99, Kestrel Court, Woad Lane", postcode: "N9 3CC") == 300)
        #expect(index.refineGivenUPRN(331, address: "Flat 9, Kestrel Court, Woad Lane", postcode: "N9 3CC") == 331)
    }
}

@Suite("Event locations: failure classes")
struct AddressLocationFailureClassTests {

    @Test func theParkOnAStreetIsTheStreetsOpenSpace() {
        for text in ["in the park on Woad Ln", "Woad Lane park", "near the park, Woad Lane"] {
            let l = index.matchLocation(text)
            #expect(l.kind == .property, "\(text)")
            #expect(l.uprn == 320, "\(text)")
        }
        // A street with no open space: the street.
        let s = index.matchLocation("Tansy Road park")
        #expect(s.kind == .street)
        #expect(s.street?.usrn == 2)
    }

    @Test func aBuildingNamedWithItsStreetIsThatBuilding() {
        let l = index.matchLocation("outside Kestrel Court, Woad Lane")
        #expect(l.kind == .property)
        #expect(l.uprn == 300)
        #expect(l.relation == "OUTSIDE")
        #expect(index.matchLocation("o/s Kestrel Court, Sorrel Ave").uprn == 340)
        // Two Kestrel Courts and no street: not guessed.
        #expect(index.matchLocation("near Kestrel Court").uprn == nil)
    }

    @Test func aParkNamedLikeItsStreetIsStillThePark() {
        // Every word of the park's name is also a street word: it once looked nameless.
        for text in ["Laurel Gardens park", "in the park on Laurel Gdns"] {
            #expect(index.matchLocation(text).uprn == 500, "\(text)")
        }
        #expect(index.matchLocation("outside 3 Laurel Gardens").uprn == 503)
    }

    @Test func aPlaceNamedOutrightIsFound() {
        let l = index.matchLocation("woad recreation ground")
        #expect(l.kind == .property)
        #expect(l.uprn == 320)
    }
}

@Suite("Address matcher: a large gazetteer's common words")
struct AddressCommonWordTests {
    /// Over 12,000 entries, so ROAD, PARADE and HOUSE are each on more than 2% of them.
    static let index: AddressIndex = {
        var g: [GazetteerEntry] = []
        var uprn: Int64 = 1
        func add(_ number: String?, _ name: String?, _ street: String, _ pc: String) {
            g.append(GazetteerEntry(uprn: uprn, buildingName: name, buildingNumber: number, street: street, town: "LONDON", postcode: pc))
            uprn += 1
        }
        let stems = ["ALDER", "BIRCH", "CEDAR", "DAMSON", "ELDER", "FIR", "GORSE", "HAZEL", "IVY", "JUNIPER", "LARCH", "MAPLE"]
        for (k, a) in stems.enumerated() {
            for (m, b) in stems.enumerated() {
                for n in 1...80 { add("\(n)", nil, "\(a)\(b) ROAD", "N\(k) \(m)AA") }
                for n in 1...3 { add("\(n)", nil, "\(a)\(b) PARADE", "N\(k) \(m)AB") }
                add(nil, "\(a)\(b) HOUSE", "\(a)\(b) ROAD", "N\(k) \(m)AA")
                add(nil, "\(a)\(b) NORTH HOUSE", "\(a)\(b) ROAD", "N\(k) \(m)AA")
            }
        }
        for n in 1...50 { add("\(n)", nil, "THE PARADE", "E1 1AA") }
        return AddressIndex(g)
    }()

    @Test func aTradingNameAndAStreetOfCommonWordsWithNoPostcode() {
        // KEBAB is unknown, HOUSE and PARADE are common, and no entry holds both with the
        // number: each common word's few entries with the number are still looked at.
        #expect(Self.index.documentFrequency[Int(Self.index.vocabulary["HOUSE"]!)] > Int32(Self.index.count / 50))
        #expect(Self.index.documentFrequency[Int(Self.index.vocabulary["PARADE"]!)] > Int32(Self.index.count / 50))
        let m = Self.index.match("KEBAB HOUSE, 43 THE PARADE")
        #expect(m.uprn.map { Self.index.entry(uprn: $0)?.street } == "THE PARADE")
        #expect(Self.index.matchLocation("Corner Kebab House, 43 The Parade").kind == .property)
    }
}
