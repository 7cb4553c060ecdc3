import Testing
@testable import WardenLinkage

@Suite("Address parser")
struct AddressParserTests {
    private func parse(_ s: String, _ pc: String? = nil) -> ParsedAddress { AddressParser.parse(s, postcode: pc) }

    @Test func flatInNamedBuildingWithNumberAndAbbreviatedStreet() {
        let p = parse("Flat 3, Ashdown House, 12 Elm Rd")
        #expect(p.subBuilding?.kind == "FLAT")
        #expect(p.subBuilding?.identifier == "3")
        #expect(p.buildingName == "ASHDOWN HOUSE")
        #expect(p.buildingNumber == BuildingNumber(low: 12))
        #expect(p.street == "ELM ROAD")
    }

    @Test func lowerCaseSuffixedNumberAndStreetAbbreviation() {
        let p = parse("14b high st")
        #expect(p.buildingNumber == BuildingNumber(low: 14, lowSuffix: "B"))
        #expect(p.street == "HIGH STREET")
        #expect(p.subBuilding == nil)
    }

    @Test func floorDescribedThreeWaysParsesToTheSameFloor() {
        let a = parse("FIRST FLOOR FLAT 21 PEPPERPOT ROAD LONDON")
        let b = parse("FLAT FIRST FLOOR 21 PEPPERPOT ROAD LONDON")
        let c = parse("flat 1st flr, 21 pepperpot rd, london")
        for p in [a, b, c] {
            #expect(p.subBuilding?.floors.contains(level: 1) == true)
            #expect(p.subBuilding?.identifier == nil)
            #expect(p.buildingNumber?.low == 21)
            #expect(p.street == "PEPPERPOT ROAD")
            #expect(p.town == "LONDON")
        }
    }

    @Test func multiFloorFlatWithLetterKeepsBothFloorsAndTheLetter() {
        let p = parse("FLAT A FIRST AND SECOND FLOORS 21 PEPPERPOT ROAD LONDON")
        #expect(p.subBuilding?.identifier == "A")
        #expect(p.subBuilding?.floors.contains(level: 1) == true)
        #expect(p.subBuilding?.floors.contains(level: 2) == true)
        #expect(p.subBuilding?.floors.contains(level: 0) == false)
        #expect(p.buildingNumber?.low == 21)
    }

    @Test func basementLowerGroundAndTopFloors() {
        #expect(parse("BASEMENT FLAT 45 BAKER STREET").subBuilding?.floors.contains(level: -2) == true)
        #expect(parse("Lower Ground Floor Flat, 9 Elm Rd").subBuilding?.floors.contains(level: -1) == true)
        #expect(parse("TOP FLOOR FLAT 30 SOUTH EDGE CRESCENT").subBuilding?.floors.top == true)
        #expect(parse("GFF 12 ELM ROAD").subBuilding?.floors.contains(level: 0) == true)
    }

    @Test func rangesAndSuffixedRanges() {
        #expect(parse("12-14 High St").buildingNumber == BuildingNumber(low: 12, high: 14))
        #expect(parse("12 - 14 High St").buildingNumber == BuildingNumber(low: 12, high: 14))
        let p = parse("FLAT 2 92-92A KINGSWAY BIRMINGHAM")
        #expect(p.subBuilding?.identifier == "2")
        #expect(p.buildingNumber == BuildingNumber(low: 92, high: 92, highSuffix: "A"))
        #expect(p.buildingNumber?.contains(92) == true)
        #expect(p.street == "KINGSWAY")
    }

    @Test func halfNumbersWrittenWithAmpersandOrSymbol() {
        let a = parse("144 & A HALF PIPER ROAD LONDON")
        #expect(a.buildingNumber == BuildingNumber(low: 144, half: true))
        #expect(a.subBuilding == nil)
        #expect(a.street == "PIPER ROAD")
        #expect(parse("144½ Piper Road").buildingNumber?.half == true)
    }

    @Test func letteredFlatBeforeNumberAndSuffixedNumberAreDistinguished() {
        let a = parse("FLAT A 14 ELM ROAD")
        #expect(a.subBuilding?.identifier == "A")
        #expect(a.buildingNumber == BuildingNumber(low: 14))
        let b = parse("14A ELM ROAD")
        #expect(b.subBuilding == nil)
        #expect(b.buildingNumber == BuildingNumber(low: 14, lowSuffix: "A"))
        let c = parse("b 51 mill terrace")
        #expect(c.subBuilding?.identifier == "B")
        #expect(c.buildingNumber?.low == 51)
    }

    @Test func flatNumberBeforeBuildingNameAndNumberAnyOrder() {
        let p = parse("ZEBRA HOUSE 25 FLAT 45 GOVERNMENT ROAD ST ALBANS ST ALBANS")
        #expect(p.subBuilding?.identifier == "45")
        #expect(p.buildingName == "ZEBRA HOUSE")
        #expect(p.buildingNumber?.low == 25)
        #expect(p.street == "GOVERNMENT ROAD")
        #expect(p.town == "SAINT ALBANS")
        let q = parse("6, Jubilee Court, 4 Fulbourne Grove")
        #expect(q.subBuilding?.identifier == "6")
        #expect(q.buildingNumber?.low == 4)
        #expect(q.buildingName == "JUBILEE COURT")
    }

    @Test func unitOnAnIndustrialEstate() {
        let p = parse("Unit 4 Riverside Ind Est")
        #expect(p.subBuilding?.kind == "UNIT")
        #expect(p.subBuilding?.identifier == "4")
        #expect(p.street == "RIVERSIDE INDUSTRIAL ESTATE")
    }

    @Test func namedHouseWithoutNumber() {
        let p = parse("The Old Rectory, Church Lane")
        #expect(p.buildingName == "THE OLD RECTORY")
        #expect(p.street == "CHURCH LANE")
        #expect(p.buildingNumber == nil)
        let q = parse("SUES NAILS RAINBOW LANE LONDON")
        #expect(q.buildingName == "SUES NAILS")
        #expect(q.street == "RAINBOW LANE")
    }

    @Test func buildingNameFollowedByAnotherStreetIsNotTheStreet() {
        let p = parse("flat 20, riverside court, blackhorse dr, leytonstone")
        #expect(p.subBuilding?.identifier == "20")
        #expect(p.buildingName == "RIVERSIDE COURT")
        #expect(p.street == "BLACKHORSE DRIVE")
    }

    @Test func postcodeGluedOnTheEndOrGivenSeparately() {
        let a = parse("12 Elm Rd London E17 4AB")
        #expect(a.postcode == "E17 4AB")
        #expect(a.town == "LONDON")
        #expect(parse("12 Elm Rd, e174ab").postcode == "E17 4AB")
        let b = parse("12 Elm Rd London", "e17  4ab")
        #expect(b.postcode == "E17 4AB")
        let c = parse("12 Elm Rd London E17 4AB", "E17 4AD")
        #expect(c.postcode == "E17 4AD")
        #expect(c.otherPostcode == "E17 4AB")
        #expect(parse("12 Elm Road, London E17").outwardCode == "E17")
    }

    @Test func saintAndStreetAreToldApartByPosition() {
        #expect(parse("12 st johns rd").street == "SAINT JOHNS ROAD")
        #expect(parse("12 High St, London").street == "HIGH STREET")
    }

    @Test func extraCommasAndLocalitiesAndTowns() {
        let p = parse("12-14 High St,, Walthamstow, , London, E17 4AB")
        #expect(p.buildingNumber == BuildingNumber(low: 12, high: 14))
        #expect(p.street == "HIGH STREET")
        #expect(p.locality == "WALTHAMSTOW")
        #expect(p.town == "LONDON")
        #expect(p.postcode == "E17 4AB")
    }

    @Test func accentsAndApostrophesFold() {
        let p = parse("Zoë's Café, 5 Crêpe Lane, King's Langley")
        #expect(p.buildingName == "ZOES CAFE")
        #expect(p.street == "CREPE LANE")
        #expect(p.tokens.contains("KINGS"))
    }

    @Test func badInputNeverCrashesAndYieldsLittle() {
        #expect(parse("").isEmpty)
        #expect(parse("   ,,, ;; ").isEmpty)
        let onlyPostcode = parse("E17 4AB")
        #expect(onlyPostcode.postcode == "E17 4AB")
        #expect(onlyPostcode.isEmpty)
        var junk = ""
        for i in 0..<2_000 { junk += ["x", "7", "-", "/", "&", " ", "FLAT", "ä", ",", "½"][i % 10] }
        let j = parse(String(repeating: junk, count: 5))  // ~10 KB
        #expect(j.tokens.count <= AddressLexer.maxTokens)
        let cjk = parse("李小龍 12 大道")
        #expect(cjk.buildingNumber?.low == 12)
        #expect(parse("\u{0}\u{1B}[31m12 Elm Road").street == "ELM ROAD")
    }

    @Test func gazetteerSubBuildingFieldsParseAlone() {
        #expect(AddressParser.parseSubBuilding("FLAT 3").identifier == "3")
        #expect(AddressParser.parseSubBuilding("A").identifier == "A")
        let f = AddressParser.parseSubBuilding("FIRST FLOOR FLAT")
        #expect(f.identifier == nil)
        #expect(f.floors.contains(level: 1))
        #expect(AddressParser.parseSubBuilding("Unit 4").kind == "UNIT")
    }
}
