import Testing
@testable import WardenLinkage

/// The comparison level of each field for two records.
func personLevels(_ a: PersonRecord, _ b: PersonRecord) -> LevelVector {
    var b = b
    b.index = a.index + 1
    let data = PreparedPersons([a, b], today: CivilDate(year: 2024, month: 6, day: 1)!)
    return data.compare(0, 1)
}

func person(_ given: String? = nil, _ surname: String? = nil, dob: String? = nil, _ fill: (inout PersonRecord) -> Void = { _ in }) -> PersonRecord {
    var r = PersonRecord(index: 0, givenName: given, surname: surname, dateOfBirth: dob.flatMap { PartialDate(parsing: $0) })
    fill(&r)
    return r
}

@Suite("Person comparisons: graded levels")
struct PersonComparisonTests {
    @Test func givenNameLevels() {
        func g(_ a: String, _ b: String) -> UInt8 { personLevels(person(a, "Smith"), person(b, "Smith"))[.givenName] }
        #expect(g("John", "JOHN") == Level.gExact)
        #expect(g("Bill", "William") == Level.gNick)
        #expect(g("Peggy", "Margaret") == Level.gNick)
        #expect(g("Chris", "Christopher") == Level.gNick)     // short form
        #expect(g("Jonh", "John") == Level.gClose)            // transposition
        #expect(g("Michelle", "Michell") == Level.gClose)
        #expect(g("J", "John") == Level.gInitial)
        #expect(g("Anna", "Zoe") == Level.gDifferent)
        #expect(personLevels(person("Paul", "Smith"), person("John", "Smith") { $0.middleNames = "Paul" })[.givenName] == Level.gMiddle)
        #expect(personLevels(person("Lee", "Bowden"), person("Wang", "Bowden"))[.givenName] == Level.gDifferent)
        #expect(personLevels(person("", "Smith"), person("John", "Smith"))[.givenName] == Level.missing)
    }

    @Test func swappedForenameAndSurnameIsItsOwnLevel() {
        let v = personLevels(person("Jassim", "Rybak"), person("Rybak", "Jassim"))
        #expect(v[.givenName] == Level.gSwapped)
        #expect(v[.surname] == Level.surSwapped)   // counted once, in the given name
        let typo = personLevels(person("Hannah", "Mihal"), person("Mihal", "Hannsh"))
        #expect(typo[.givenName] == Level.gSwapped)
        // swapped on one side, an initial on the other: "JAVED NASREEN" and "N JAVED"
        #expect(personLevels(person("Javed", "Nasreen"), person("N", "Javed"))[.givenName] == Level.gSwapped)
        #expect(personLevels(person("Javed", "Nasreen"), person("K", "Javed"))[.givenName] == Level.gInitialDifferent)
    }

    @Test func propertyOwnedOrLetLevels() {
        func owner(_ p: String?) -> PersonRecord { person("Ngozi", "Farah") { $0.property = p } }
        #expect(personLevels(owner("100023336956"), owner("100023336956"))[.property] == 1)
        #expect(personLevels(owner("100023336956"), owner("100023336957"))[.property] == 2)
        #expect(personLevels(owner("100023336956"), owner(nil))[.property] == Level.missing)
    }

    @Test func householdCountsMembersKnownAtBothHomes() {
        // Anna Kowalczyk at two homes; who else is known at each decides the level
        typealias Member = (given: String, surname: String, uprn: Int64, dob: String?)
        func level(_ others: [Member], given: String = "Anna") -> UInt8 {
            var records = [
                person(given, "Kowalczyk") { $0.uprn = 100001; $0.address = "1 Elm Road"; $0.postcode = "E4 1AA" },
                person(given, "Kowalczyk") { $0.uprn = 100002; $0.address = "9 Oak Lane"; $0.postcode = "E10 5BB" },
            ]
            for (g, s, uprn, dob) in others {
                records.append(person(g, s, dob: dob) { $0.uprn = uprn; $0.address = uprn == 100001 ? "1 Elm Road" : "9 Oak Lane" })
            }
            for k in records.indices { records[k].index = k }
            let data = PreparedPersons(records, today: CivilDate(year: 2024, month: 6, day: 1)!)
            let i = data.callerIndex.firstIndex(of: 0)!, j = data.callerIndex.firstIndex(of: 1)!
            return data.compare(min(i, j), max(i, j))[.household]
        }
        // her husband and her son at both homes: they moved together
        #expect(level([("Piotr", "Kowalczyk", 100001, nil), ("Piotr", "Kowalczyk", 100002, nil),
                       ("Jan", "Kowalczyk", 100001, nil), ("Jan", "Kowalczyk", 100002, nil)]) == 1)
        #expect(level([("Piotr", "Kowalczyk", 100001, nil), ("Piotr", "Kowalczyk", 100002, nil)]) == 2)
        // others at each home, none at both
        #expect(level([("Piotr", "Kowalczyk", 100001, nil), ("Ewa", "Nowak", 100002, nil)]) == 3)
        // a Tomasz born in 2012 and one born in 2022 are two boys, not one shared member
        #expect(level([("Tomasz", "Kowalczyk", 100001, "2012-01-15"), ("Tomasz", "Kowalczyk", 100002, "2022-08-19"),
                       ("Ewa", "Nowak", 100002, nil)]) == 3)
        // her own other spellings (an initial, a nickname) are not someone else
        #expect(level([("Ania", "Kowalczyk", 100001, nil), ("Ania", "Kowalczyk", 100002, nil)]) == Level.missing)
        #expect(level([("Peggy", "Kowalczyk", 100001, nil), ("Peggy", "Kowalczyk", 100002, nil)], given: "Margaret") == Level.missing)
        // a name held at many places corroborates nothing (two families may both have one)
        var common: [Member] = [("Mohammed", "Ali", 100001, nil), ("Mohammed", "Ali", 100002, nil)]
        for k in 0..<4 { common.append(("Mohammed", "Ali", 200000 + Int64(k), nil)) }
        #expect(level(common) == 3)
        // no one else known at one home: nothing to compare
        let alone: [Member] = [("Piotr", "Kowalczyk", 100001, nil)]
        #expect(level(alone) == Level.missing)
    }

    @Test func levelsPackWithoutOverlapping() {
        var used: UInt64 = 0
        for f in PersonField.allCases {
            #expect(f.levelCount <= Int(f.bitMask) + 1, "\(f) has more levels than its bits hold")
            #expect(used & f.packedMask == 0, "\(f) overlaps another field")
            used |= f.packedMask
            var v = LevelVector()
            v[f] = UInt8(f.levelCount - 1)
            #expect(v[f] == UInt8(f.levelCount - 1))
            #expect(PersonField.allCases.filter { $0 != f }.allSatisfy { v[$0] == 0 })
        }
        #expect(used.leadingZeroBitCount + used.nonzeroBitCount + used.trailingZeroBitCount == 64)   // one contiguous run
    }

    @Test func surnameLevels() {
        func s(_ a: String, _ b: String) -> UInt8 { personLevels(person("Ann", a), person("Ann", b))[.surname] }
        #expect(s("Ağaoğlu", "AGAOGLU") == Level.sExact)
        #expect(s("O'Brien", "OBrien") == Level.sExact)
        #expect(s("Smith", "Smyth") == Level.sClose)
        #expect(s("Smith-Jones", "Jones") == Level.sPart)
        #expect(s("Smith", "Patel") == Level.sDifferent)
    }

    @Test func dateOfBirthLevels() {
        func d(_ a: String?, _ b: String?) -> UInt8 { personLevels(person("Ann", "Lee", dob: a), person("Ann", "Lee", dob: b))[.dateOfBirth] }
        #expect(d("1980-03-07", "07/03/1980") == Level.dExact)
        #expect(d("1980-03-07", "1980-07-03") == Level.dSwapped)
        #expect(d("1980-03-07", "1981-03-07") == Level.dOnePart)
        #expect(d("1980-03-07", "1980-03-17") == Level.dOnePart)
        #expect(d("1980-03-07", "1908-03-07") == Level.dOnePart)     // digits swapped
        #expect(d("1980-03-07", "1980-03-08") == Level.dOnePart)     // a day out
        #expect(d("1980-03-07", "1984-03-07") == Level.dOnePart)     // one digit
        #expect(d("2019-05-08", "2020-05-08") == Level.dOnePart)     // a year out: two digits, one slip
        #expect(d("2018-05-08", "2020-05-08") == Level.dDifferent)   // two years: a brother or sister
        #expect(d("1980-03-07", "1975-03-07") == Level.dDifferent)   // not a slip: another year
        #expect(d("1980-03-07", "1980-03-25") == Level.dWithinMonth)  // 18 days: not a slip of one digit
        #expect(d("1980-12-20", "1981-01-12") == Level.dWithinMonth)  // across a new year
        #expect(d("1980-03-07", "1980-09-30") == Level.dWithinYear)
        #expect(d("1980-03-07", "1981-11-30") == Level.dDifferent)
        #expect(d("1980-03-07", "1980") == Level.dYearOnly)
        #expect(d("1980-03-07", "1964-11-23") == Level.dDifferent)
        #expect(d("1980", "1981") == Level.dDifferent)
        #expect(d("1980-03-07", nil) == Level.missing)
        // a date in the future is not a date of birth
        #expect(d("2090-01-01", "2090-01-01") == Level.missing)
    }

    @Test func identifierLevels() {
        let a = person("Ann", "Lee") { $0.nino = "AB 12 34 56 C"; $0.nhsNumber = "943 476 5919" }
        let same = personLevels(a, person("Ann", "Lee") { $0.nino = "ab123456"; $0.nhsNumber = "9434765919" })
        #expect(same[.nino] == 1)
        #expect(same[.nhsNumber] == 1)
        let typo = personLevels(a, person("Ann", "Lee") { $0.nino = "AB123465C"; $0.nhsNumber = "4010232137" })
        #expect(typo[.nino] == 2)   // two digits transposed
        #expect(typo[.nhsNumber] == 2)
        let other = personLevels(a, person("Ann", "Lee") { $0.nino = "CE998877A" })
        #expect(other[.nino] == 3)
        // an invalid NHS number is missing, not a disagreement
        #expect(personLevels(a, person("Ann", "Lee") { $0.nhsNumber = "9434765918" })[.nhsNumber] == Level.missing)
    }

    /// An email with a slip of the keyboard is close; two people's addresses made from one name
    /// differ in their own characters and stay different, however alike they look.
    @Test func emailLevels() {
        func email(_ a: String, _ b: String) -> UInt8 {
            personLevels(person("Ann", "Lee") { $0.email = a }, person("Ann", "Lee") { $0.email = b })[.email]
        }
        #expect(email("hannah88@powers.com", "HANNAH88@powers.com") == 1)
        #expect(email("hannah88@powers.com", "hannah88@power.com") == 2)          // a letter left out
        #expect(email("hannah88@powers.com", "hannah88opowersc@m") == 2)          // characters moved
        #expect(email("francesca88@example.com", "francesca91@example.com") == 3)  // another Francesca
        #expect(email("francesca88@example.com", "francesca91@example.org") == 3)
        #expect(email("ann.lee@example.com", "jo.bloggs@example.com") == 3)
    }

    @Test func addressAndPostcodeLevels() {
        func at(_ addr: String?, _ pc: String?, uprn: Int64? = nil) -> PersonRecord {
            person("Ann", "Lee") { $0.address = addr; $0.postcode = pc; $0.uprn = uprn }
        }
        #expect(personLevels(at("1 High St", "E17 4AB", uprn: 100), at("Flat 9, 3 Low Rd", "E17 4AB", uprn: 100))[.address] == Level.aUPRN)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("12 HOE ST, E17 4AB", nil))[.address] == Level.aExact)
        #expect(personLevels(at("Flat 2, 12 Hoe Street", "E17 4AB"), at("12 Hoe Street", "E17 4AB"))[.address] == Level.aNumberStreet)
        // a locality left out is the same address, not a neighbour's
        #expect(personLevels(at("19 Canal Mews, London", "E10 5SS"), at("19 Canal Mews, Stonebridge Park, London", "E10 5SS"))[.address] == Level.aExact)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("40 Hoe Street", "E17 4AB"))[.address] == Level.aStreet)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("7 Pinkerton Circuit", "E17 4AB"))[.address] == Level.aDifferent)
        // an address that is only a postcode: the postcode is found, the address is missing
        let onlyPC = personLevels(at("E17 4AB", nil), at("12 Hoe Street", "E17 4AB"))
        #expect(onlyPC[.address] == Level.missing)
        #expect(onlyPC[.postcode] == Level.pExact)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("12 Hoe Street", "E17 4AD"))[.postcode] == Level.pSector)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("12 Hoe Street", "E17 9ZZ"))[.postcode] == Level.pDistrict)
        // postcodes that are not UK-shaped compare as text: one character off
        #expect(personLevels(at("8 Stanley Street", "4223"), at("8 Stanley Street", "4233"))[.postcode] == Level.pSector)
        // after a move both differ; the postcode's weight there is learned on matches that do
        // not share a postcode, so a move is not punished twice (see the training tests)
        #expect(personLevels(at("12 Hoe Street", "E17 4AB"), at("7 Pinkerton Circuit", "N1 1AA"))[.postcode] == Level.pDifferent)
    }

    /// What a source writes where it had no name names no one, and matches no one.
    @Test func aPlaceholderIsNoName() {
        for text in ["Anonymous", "ANON", "Mr Unknown", "The Occupier", "Current occupier", "Not known", "N/A", "Name withheld", "unknown unknown"] {
            #expect(NameParsing.isPlaceholder(text), "\(text)")
        }
        for text in ["Anne Known", "A Smith", "Ann", "Nana Mensah", "Tba Okafor", "Mr N A Patel"] {
            #expect(!NameParsing.isPlaceholder(text), "\(text)")
        }
        let two = personLevels(person(nil, nil) { $0.fullName = "Anonymous" }, person(nil, nil) { $0.fullName = "Anonymous" })
        #expect(two[.surname] == Level.missing && two[.givenName] == Level.missing)
    }

    @Test func fullNamesAreSplitIntoGivenMiddleAndSurname() {
        let a = NameParsing.split(fullName: "SMITH, John Paul")
        #expect(a.given == ["john"] && a.middle == ["paul"] && a.surname == ["smith"])
        let b = NameParsing.split(fullName: "Mr John P Smith")
        #expect(b.given == ["john"] && b.middle == ["p"] && b.surname == ["smith"])
        let c = NameParsing.split(fullName: "Ludwig van Beethoven")
        #expect(c.surname == ["van", "beethoven"])
        // a full name is used when given name and surname are absent
        #expect(personLevels(person(nil, nil) { $0.fullName = "SMITH, John" }, person("John", "Smith"))[.givenName] == Level.gExact)
    }

    @Test func partialDatesParseTheShapesFoundInExtracts() {
        #expect(PartialDate(parsing: "19551028") == PartialDate(year: 1955, month: 10, day: 28))
        #expect(PartialDate(parsing: "28/10/1955") == PartialDate(year: 1955, month: 10, day: 28))
        #expect(PartialDate(parsing: "10/28/1955") == PartialDate(year: 1955, month: 10, day: 28))
        #expect(PartialDate(parsing: "1955-10") == PartialDate(year: 1955, month: 10))
        #expect(PartialDate(parsing: "1955") == PartialDate(year: 1955))
        #expect(PartialDate(parsing: "1955-10-28T00:00:00") == PartialDate(year: 1955, month: 10, day: 28))
        #expect(PartialDate(parsing: "not a date") == nil)
        #expect(PartialDate(parsing: "") == nil)
    }

    @Test func columnMappingReadsRowsAndExplainsMistakes() throws {
        let header = ["rec_id", " given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "date_of_birth", "soc_sec_id"]
        let m = try PersonColumnMapping(parsing: "given=given_name,surname=surname,number=street_number,address=address_1+address_2,suburb=suburb,postcode=postcode,dob=date_of_birth,id=soc_sec_id", header: header)
        let r = m.record(index: 7, row: ["rec-1", "michaela", "neumann", "8", "stanley street", "miami", "winston hills", "4223", "19151111", "5304218"])
        #expect(r.givenName == "michaela" && r.surname == "neumann" && r.streetNumber == "8")
        #expect(r.address == "stanley street, miami" && r.locality == "winston hills")
        #expect(r.dateOfBirth == PartialDate(year: 1915, month: 11, day: 11) && r.idNumber == "5304218")
        #expect(throws: PersonColumnError.self) { try PersonColumnMapping(parsing: "given=first", header: header) }
        #expect(throws: PersonColumnError.self) { try PersonColumnMapping(parsing: "shoe=given_name", header: header) }
        #expect(throws: PersonColumnError.self) { try PersonColumnMapping(parsing: "dob=date_of_birth", header: header) }
    }

    /// Council tax and the register give a title, not a sex: Mr says male; Mrs, Miss and Ms say
    /// female; Dr, Prof, Mx and Rev say nothing.
    @Test func aTitleGivesTheSexWhereItSaysIt() {
        #expect(PersonSex(title: "MR") == .male && PersonSex(title: "Mr.") == .male && PersonSex(title: "Sir") == .male)
        #expect(PersonSex(title: "MRS") == .female && PersonSex(title: "Miss") == .female && PersonSex(title: "ms") == .female)
        #expect(PersonSex(title: "DR") == nil && PersonSex(title: "Prof") == nil && PersonSex(title: "Mx") == nil && PersonSex(title: "Rev") == nil)
        #expect(PersonSex(title: "") == nil && PersonSex(title: "Mister X") == nil)
    }

    /// Two homes' periods: at the same time, a move within a month (one account closed, the next
    /// opened), within three months or a short overlap, under a year apart, further apart; not
    /// compared at one address or without dates.
    @Test func timeAtTwoAddressesIsGradedByTheGapBetweenThem() {
        func at(_ address: String, _ start: (Int, Int, Int), _ end: (Int, Int, Int)?) -> PersonRecord {
            person("Ahmet", "Christodoulou") {
                $0.address = address; $0.postcode = "E10 4FG"
                $0.periodStart = CivilDate(year: start.0, month: start.1, day: start.2)
                $0.periodEnd = end.flatMap { CivilDate(year: $0.0, month: $0.1, day: $0.2) }
            }
        }
        let old = at("15 Mill Street", (2021, 5, 14), (2022, 6, 24))
        #expect(personLevels(old, at("32 Albert Road", (2022, 7, 10), nil))[.period] == Level.tWithinMonth)
        #expect(personLevels(old, at("32 Albert Road", (2022, 6, 1), nil))[.period] == Level.tAfter)
        #expect(personLevels(old, at("32 Albert Road", (2022, 9, 1), nil))[.period] == Level.tAfter)
        #expect(personLevels(old, at("32 Albert Road", (2022, 3, 1), nil))[.period] == Level.tSameTime)
        #expect(personLevels(old, at("32 Albert Road", (2023, 2, 1), nil))[.period] == Level.tUnderYear)
        #expect(personLevels(old, at("32 Albert Road", (2024, 1, 1), nil))[.period] == Level.tYears)
        #expect(personLevels(old, at("15 Mill Street", (2022, 7, 10), nil))[.period] == 0)
        #expect(personLevels(old, person("Ahmet", "Christodoulou") { $0.address = "32 Albert Road" })[.period] == 0)
    }

    /// A day's event (a pest control visit, an incident) at one address while the person's
    /// account runs at another is at the same time, not a move: its zero-day overlap had read
    /// as "moved within a month", the strongest sign of one person. A day is never a move.
    @Test func anEventDayIsNeverAMove() {
        func on(_ address: String, _ day: (Int, Int, Int)) -> PersonRecord {
            person("Ahmet", "Christodoulou") {
                $0.address = address; $0.postcode = "E10 4FG"
                $0.periodStart = CivilDate(year: day.0, month: day.1, day: day.2); $0.periodEnd = $0.periodStart
            }
        }
        let account = person("Ahmet", "Christodoulou") {
            $0.address = "15 Mill Street"; $0.postcode = "E4 9UR"
            $0.periodStart = CivilDate(year: 2021, month: 5, day: 14); $0.periodEnd = CivilDate(year: 2022, month: 6, day: 24)
        }
        #expect(personLevels(account, on("32 Albert Road", (2021, 11, 2)))[.period] == Level.tSameTime)
        #expect(personLevels(account, on("32 Albert Road", (2022, 6, 24)))[.period] == Level.tSameTime)
        #expect(personLevels(account, on("32 Albert Road", (2022, 7, 10)))[.period] == Level.tAfter)
        #expect(personLevels(account, on("32 Albert Road", (2021, 5, 1)))[.period] == Level.tAfter)
        #expect(personLevels(account, on("32 Albert Road", (2023, 2, 1)))[.period] == Level.tUnderYear)
        #expect(personLevels(on("15 Mill Street", (2021, 11, 2)), on("32 Albert Road", (2021, 11, 20)))[.period] == Level.tAfter)
    }

    /// An account closing and another opening within a month in a like name (same initial, same
    /// first three letters of the surname) are compared even when no name block holds them: "HARRY
    /// EVANS" moving out and "H EVANS" moving in elsewhere a week later. Not an account still
    /// open, not one opening six weeks later, not a day's event.
    @Test func aMoveWithinAMonthIsAlwaysCompared() {
        func account(_ g: String, _ s: String, _ from: (Int, Int, Int), _ to: (Int, Int, Int)?, index: Int) -> PersonRecord {
            person(g, s) {
                $0.index = index; $0.address = "\(index) Mill Street"
                $0.periodStart = CivilDate(year: from.0, month: from.1, day: from.2)
                $0.periodEnd = to.flatMap { CivilDate(year: $0.0, month: $0.1, day: $0.2) }
            }
        }
        let records = [
            account("HARRY", "EVANS", (2017, 7, 11), (2022, 6, 24), index: 0),
            account("H", "EVANS", (2022, 7, 1), nil, index: 1),          // a week later: compared
            account("H", "EVAMS", (2022, 6, 30), nil, index: 2),         // a typo after the third letter: compared
            account("H", "EVERETT", (2022, 6, 30), nil, index: 7),       // another surname
            account("HARRY", "EVANS", (2022, 8, 10), nil, index: 3),     // six weeks later: not by this rule
            account("HARRY", "EVANS", (2022, 6, 1), nil, index: 4),      // already there: not a move
            account("MARY", "EVANS", (2022, 7, 2), nil, index: 5),       // another initial
            person("HARRY", "EVANS") { $0.index = 6; $0.periodStart = CivilDate(year: 2022, month: 6, day: 28); $0.periodEnd = $0.periodStart },
        ]
        let data = PreparedPersons(records, today: CivilDate(year: 2024, month: 6, day: 1)!)
        let found = Set(data.movePairs().map { [data.callerIndex[Int($0.0)], data.callerIndex[Int($0.1)]].sorted() })
        #expect(found == [[0, 1], [0, 2]])
    }

    /// At one home, a council tax account that swapped the names and kept an initial ("MR
    /// QURESHI M") shares a block with the register's "Mohammad Qureshi"; another home, or
    /// another initial, does not.
    @Test func swappedNamesWithAnInitialAtOneHomeAreCompared() {
        let records = [
            person("QURESHI", "M") { $0.index = 0; $0.uprn = 46107625 },
            person("mohammad", "qureshi") { $0.index = 1; $0.uprn = 46107625 },
            person("mohammad", "qureshi") { $0.index = 2; $0.uprn = 46107626 },
            person("QURESHI", "A") { $0.index = 3; $0.uprn = 46107625 },
        ]
        let data = PreparedPersons(records, today: CivilDate(year: 2024, month: 6, day: 1)!)
        func key(_ caller: Int) -> UInt64 { data.blockKey(.uprnInitials, data.callerIndex.firstIndex(of: caller)!) }
        #expect(key(0) != 0 && key(0) == key(1))
        #expect(key(0) != key(2))
        #expect(key(0) != key(3))
    }

    /// An outright disagreement never counts for a match, whatever EM learned: among namesakes
    /// a different sex is rarer than among one person's records with a typo.
    @Test func aDisagreementNeverWeighsInFavour() {
        let r = PersonField.sex.logRatios(m: [0, 0.99, 0.01], u: [0, 0.999, 0.001])
        #expect(r[2] == 0)
        #expect(PersonField.dateOfBirth.logRatios(m: [0, 0.9, 0.02, 0.03, 0.01, 0.005, 0.005, 0.03],
                                                  u: [0, 0.001, 0.001, 0.01, 0.01, 0.002, 0.01, 0.966])[Int(Level.dDifferent)] < 0)
    }

    /// A name written in another script is compared in Latin letters: Chinese as pinyin, Arabic
    /// by its consonants (the script writes no short vowels). Latin names, accents and all, are
    /// not transliterated and keep their exact levels.
    @Test func aNameInAnotherScriptIsComparedInLatinLetters() {
        let wei = personLevels(person("伟", "李"), person("Wei", "Lee"))
        #expect(wei[.givenName] == Level.gExact)
        #expect(wei[.surname] == Level.sSimilar)
        let abdullah = personLevels(person("عبدالله", "صالح"), person("Abdullah", "Saleh"))
        #expect([Level.gClose, Level.gSimilar].contains(abdullah[.givenName]) && [Level.sClose, Level.sSimilar].contains(abdullah[.surname]))
        let aisha = personLevels(person("عائشة", "علي"), person("AISHA", "ALI"))
        #expect([Level.gClose, Level.gSimilar].contains(aisha[.givenName]) && [Level.sClose, Level.sSimilar].contains(aisha[.surname]))
        // a different name stays different
        let other = personLevels(person("عبدالله", "صالح"), person("Omar", "Haddad"))
        #expect(other[.givenName] == Level.gDifferent && other[.surname] == Level.sDifferent)
        // Cyrillic transliterates to an ordinary spelling
        #expect(personLevels(person("Дмитрий", "Иванов"), person("Dmitrij", "Ivanov"))[.surname] == Level.sExact)
        // the skeleton is only for a transliterated side: two Latin names are not met halfway
        #expect(personLevels(person("Sol", "Smith"), person("Sela", "Smith"))[.givenName] == Level.gDifferentSameInitial)
        #expect(personLevels(person("Zoë", "Ağaoğlu"), person("Zoe", "Agaoglu"))[.surname] == Level.sExact)
        #expect(Transliteration.skeleton("abdullah") == "bdl" && Transliteration.skeleton("khadija") == "khdj")
        #expect(!Transliteration.needsLatin("Nguyễn Thị Thảo") && Transliteration.needsLatin("伟"))
    }

    /// Miss and Mrs are compared (a mother and daughter of one name); Ms, Dr or no title are
    /// not. A title opening a whole name counts, and gives the sex.
    @Test func missAndMrsAreComparedOtherTitlesAreNot() {
        func titled(_ t: String?, full: String? = nil) -> PersonRecord {
            var r = full == nil ? PersonRecord(index: 0, givenName: "Faith", surname: "Oyelaran") : PersonRecord(index: 0, fullName: full)
            r.title = t
            return r
        }
        #expect(personLevels(titled("Miss"), titled("MRS"))[.title] == 2)
        #expect(personLevels(titled("Mrs."), titled("mrs"))[.title] == 1)
        #expect(personLevels(titled("Ms"), titled("Mrs"))[.title] == 0)
        #expect(personLevels(titled(nil), titled("Miss"))[.title] == 0)
        let v = personLevels(titled(nil, full: "MRS F OYELARAN"), titled("Miss"))
        #expect(v[.title] == 2 && v[.sex] == 1)
        #expect(personLevels(titled("MR"), titled("Mrs"))[.sex] == 2)
    }
}
