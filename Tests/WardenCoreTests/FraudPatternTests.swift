import Foundation
import GRDB
import Testing
@testable import WardenCore

/// Each rule on a planted-style case and on its legitimate look-alike, in a hand-built warehouse.
@Suite("Fraud patterns")
struct FraudPatternTests {
    // MARK: Single person discount

    /// A holder with the discount and an account of their own at 1 Elm Road.
    func spdHome(_ f: FraudFixture) throws {
        try f.property(1001, "1 Elm Road, E17 4AB")
        try f.person(1, "Anna", "Nowak", gender: "F")
        try f.record("council_tax", person: 1, uprn: 1001, given: "ANNA", surname: "NOWAK", title: "MRS", role: "liable", group: "A100",
                     start: "2019-04-01", discount: "single_person")
        try f.record("electoral_register", person: 1, uprn: 1001, given: "Anna", surname: "Nowak", title: "Mrs", role: "elector")
    }

    @Test func aDiscountWithAnotherAdultOnTheRegisterAndSchoolRollIsRaised() throws {
        let f = try FraudFixture()
        try spdHome(f)
        try f.person(2, "Piotr", "Kowal", gender: "M")
        try f.record("electoral_register", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", title: "Mr", role: "elector")
        try f.record("school_roll", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", role: "parent", group: "F1")
        try f.scan()
        let c = try #require(try f.cases(rule: "spd-other-adults").first)
        #expect((c["risk"] as Int) >= 50)
        #expect((c["above_threshold"] as Bool) == true)
        #expect((c["value"] as Double) == 475)      // 25% of band D's 1,900
        let ev = try f.evidence(c["id"])
        #expect(ev.contains { $0.role == "claim" && $0.source == "council_tax" })
        #expect(ev.filter { $0.role == "other_adult" }.map(\.source).sorted() == ["electoral_register", "school_roll"])
    }

    @Test func theHoldersOwnRegisterEntryUnlinkedIsNotAnotherAdult() throws {
        let f = try FraudFixture()
        try spdHome(f)
        // Linkage kept the holder's second register entry apart (another virtual person, her initial only).
        try f.person(3, "A", "Nowak")
        try f.record("electoral_register", person: 3, uprn: 1001, given: "A", surname: "NOWAK", title: "Mrs", role: "elector", confidence: nil)
        try f.scan()
        #expect(try f.cases(rule: "spd-other-adults").isEmpty)
    }

    @Test func anAdultWhoLeftBeforeTheCanvassButLingersOnTheRegisterIsWeak() throws {
        let f = try FraudFixture()
        try spdHome(f)
        try f.person(2, "Piotr", "Kowal", gender: "M")
        try f.record("electoral_register", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", title: "Mr", role: "elector")
        // His council tax account here ended three months ago: the entry may predate his leaving.
        try f.record("council_tax", person: 2, uprn: 1001, given: "PIOTR", surname: "KOWAL", title: "MR", role: "liable", group: "A099",
                     start: "2015-01-01", end: "2026-08-01")
        // Kept for analysis (with nothing discarded as noise), but not queued.
        let keepAll = try FraudRuleFile.parse(text: FraudRuleFile.builtInText.replacingOccurrences(of: "keep_from = 15", with: "keep_from = 0"), origin: "t")
        try f.scan(keepAll)
        let c = try #require(try f.cases(rule: "spd-other-adults").first)
        #expect((c["risk"] as Int) < 50)
        #expect((c["above_threshold"] as Bool) == false)
        #expect((c["queue"] as Int) == 0)
    }

    @Test func aNineteenYearOldStillAtSchoolIsDisregarded() throws {
        let f = try FraudFixture()
        try spdHome(f)
        try f.person(4, "Maja", "Nowak", dob: "2007-09-01", gender: "F")
        try f.record("electoral_register", person: 4, uprn: 1001, given: "Maja", surname: "Nowak", role: "elector")
        try f.record("school_roll", person: 4, uprn: 1001, given: "Maja", surname: "Nowak", role: "pupil", group: "F9", dob: "2007-09-01")
        try f.scan()
        #expect(try f.cases(rule: "spd-other-adults").isEmpty)
    }

    @Test func anAttainerOnTheRegisterIsNotYetAnAdult() throws {
        let f = try FraudFixture()
        try spdHome(f)
        try f.person(5, "Ola", "Nowak")
        try f.record("electoral_register", person: 5, uprn: 1001, given: "Ola", surname: "Nowak", role: "elector", extra: "03/02/2028")
        try f.scan()
        #expect(try f.cases(rule: "spd-other-adults").isEmpty)
    }

    // MARK: Deceased holder

    func pass(_ f: FraudFixture, status: String, died: String, expires: String = "2028-01-01") throws {
        try f.property(2001, "2 Oak Road, E17 5AA")
        try f.person(10, "Edith", "Grey", dob: "1940-03-02", dod: died, gender: "F")
        try f.record("freedom_pass", person: 10, uprn: 2001, given: "Edith", surname: "Grey", role: "holder", key: "02000072", dob: "1940-03-02",
                     start: "2023-01-01", end: expires, status: status)
        try f.record("deaths", person: 10, uprn: 2001, given: "Edith", surname: "GREY", role: "deceased", dob: "1940-03-02", dod: died)
    }

    @Test func aPassStillActiveAfterTheHoldersDeathIsRaised() throws {
        let f = try FraudFixture()
        try pass(f, status: "Active", died: "2025-06-01")
        try f.scan()
        let c = try #require(try f.cases(rule: "deceased-freedom-pass").first)
        #expect((c["risk"] as Int) >= 90)
        #expect((c["value"] as Double) == 250)
        let ev = try f.evidence(c["id"])
        #expect(ev.map(\.role).sorted() == ["claim", "death"])
    }

    /// A pass the system still calls active but which expired some months after its holder
    /// died was usable only until then: the case says so, and is worth that share of a year.
    @Test func aPassThatExpiredAfterTheDeathIsWorthTheMonthsItRan() throws {
        let f = try FraudFixture()
        try pass(f, status: "Active", died: "2025-06-01", expires: "2025-09-01")
        try f.scan()
        let c = try #require(try f.cases(rule: "deceased-freedom-pass").first)
        let summary: String = c["summary"]
        #expect(summary.contains("valid 92 days after the holder's registered death on 2025-06-01, to its expiry on 2025-09-01"), "\(summary)")
        #expect(abs((c["value"] as Double) - 250 * 92 / 365) < 0.01)
    }

    @Test func aPassCancelledAfterTheDeathIsNotRaised() throws {
        let f = try FraudFixture()
        try pass(f, status: "Cancelled - Deceased", died: "2025-06-01")
        try f.scan()
        #expect(try f.cases(rule: "deceased-freedom-pass").isEmpty)
    }

    @Test func aDeathWithinTheGracePeriodIsNormalProcessing() throws {
        let f = try FraudFixture()
        try pass(f, status: "Active", died: "2026-10-20")
        try f.scan()
        #expect(try f.cases(rule: "deceased-freedom-pass").isEmpty)
    }

    @Test func aNamesakesDeathWithAnotherDateOfBirthIsNotTheHolder() throws {
        let f = try FraudFixture()
        try f.property(2001, "2 Oak Road, E17 5AA")
        try f.person(10, "Edith", "Grey", dob: "1940-03-02", gender: "F")
        try f.record("freedom_pass", person: 10, uprn: 2001, given: "Edith", surname: "Grey", role: "holder", key: "02000072", dob: "1940-03-02",
                     start: "2023-01-01", end: "2028-01-01", status: "Active")
        try f.person(11, "Edith", "Grey", dob: "1931-07-07", dod: "2024-02-02", gender: "F")
        try f.record("deaths", person: 11, uprn: nil, given: "Edith", surname: "GREY", role: "deceased", dob: "1931-07-07", dod: "2024-02-02")
        try f.scan()
        #expect(try f.cases(rule: "deceased-freedom-pass").isEmpty)
    }

    @Test func aDeathLinkageMissedIsFoundByNameAndDateOfBirth() throws {
        let f = try FraudFixture()
        try f.property(2001, "2 Oak Road, E17 5AA")
        try f.person(10, "Edith", "Grey", dob: "1940-03-02", gender: "F")
        try f.record("blue_badge", person: 10, uprn: 2001, given: "Edith", surname: "Grey", role: "holder", key: "EB1", dob: "1940-03-02",
                     start: "2024-01-01", end: "2027-01-01", status: "Active")
        try f.person(12, "Edith", "Grey", dob: "1940-03-02", dod: "2025-01-09", gender: "F")
        try f.record("deaths", person: 12, uprn: 2001, given: "Edith May", surname: "GREY", role: "deceased", dob: "1940-03-02", dod: "2025-01-09")
        try f.scan()
        let c = try #require(try f.cases(rule: "deceased-blue-badge").first)
        #expect((c["above_threshold"] as Bool) == true)
    }

    // MARK: Subletting

    func tenancy(_ f: FraudFixture, tenantOnRegisterHere: Bool, tenantElsewhere: Bool) throws {
        try f.property(3001, "Flat 4, Siskin Court, E10 3XX")
        try f.property(3002, "8 Birch Road, E10 1AA")
        try f.person(20, "Fatma", "Sahin", dob: "1990-01-06", gender: "F")
        try f.record("tenancy", person: 20, uprn: 3001, given: "Fatma", surname: "SAHIN", role: "tenant", group: "T1", dob: "1990-01-06", start: "2016-05-30")
        try f.record("council_tax", person: 20, uprn: 3001, given: "FATMA", surname: "SAHIN", role: "liable", group: "A300", start: "2016-05-30")
        if tenantOnRegisterHere {
            try f.record("electoral_register", person: 20, uprn: 3001, given: "Fatma", surname: "Sahin", role: "elector")
        }
        if tenantElsewhere {
            try f.record("council_tax", person: 20, uprn: 3002, given: "FATMA", surname: "SAHIN", role: "liable", group: "A301", start: "2024-05-10")
            try f.record("electoral_register", person: 20, uprn: 3002, given: "Fatma", surname: "Sahin", role: "elector")
        }
        // Another household at the tenancy.
        try f.person(21, "Mohammed", "Rahman", dob: "1988-06-13", gender: "M")
        try f.record("housing_benefit", person: 21, uprn: 3001, given: "Mohammed", surname: "Rahman", role: "claimant", group: "C7",
                     dob: "1988-06-13", start: "2024-05-12")
        try f.record("electoral_register", person: 21, uprn: 3001, given: "Mohammed", surname: "Rahman", role: "elector")
    }

    @Test func aTenantLivingElsewhereWhileOthersLiveAtTheTenancyIsRaised() throws {
        let f = try FraudFixture()
        try tenancy(f, tenantOnRegisterHere: false, tenantElsewhere: true)
        try f.scan()
        let c = try #require(try f.cases(rule: "tenant-living-elsewhere").first)
        #expect((c["above_threshold"] as Bool) == true)
        let ev = try f.evidence(c["id"])
        #expect(ev.contains { $0.role == "elsewhere" && $0.source == "council_tax" })
        #expect(ev.contains { $0.role == "occupant" && $0.name == "Mohammed Rahman" })
    }

    @Test func aTenantStillOnTheRegisterAtTheTenancyWithANamesakeElsewhereIsNotQueued() throws {
        let f = try FraudFixture()
        try tenancy(f, tenantOnRegisterHere: true, tenantElsewhere: false)
        // A namesake elsewhere, another person to linkage, no date of birth.
        try f.person(22, "Fatma", "Sahin")
        try f.record("council_tax", person: 22, uprn: 3002, given: "FATMA", surname: "SAHIN", role: "liable", group: "A302", start: "2020-01-01", confidence: nil)
        try f.scan()
        #expect(try f.cases(rule: "tenant-living-elsewhere").allSatisfy { ($0["above_threshold"] as Bool) == false })
    }

    @Test func anEndedTenancyIsNotATenancyFraud() throws {
        let f = try FraudFixture()
        try tenancy(f, tenantOnRegisterHere: false, tenantElsewhere: true)
        let tenancyRecord = try f.warehouse.pool.read { db in try Int64.fetchOne(db, sql: "SELECT r.id FROM source_record r JOIN source s ON s.id = r.source_id WHERE s.system = 'tenancy'")! }
        try f.end(tenancyRecord, on: "2024-05-01")
        try f.scan()
        #expect(try f.cases(rule: "tenant-living-elsewhere").isEmpty)
    }

    // MARK: Undeclared household member

    func claim(_ f: FraudFixture) throws {
        try f.property(4001, "3 Ash Road, E4 1AA")
        try f.person(30, "Ali", "Hassan", dob: "1994-06-26", gender: "M")
        try f.record("housing_benefit", person: 30, uprn: 4001, given: "Ali", surname: "Hassan", role: "claimant", group: "7005364",
                     dob: "1994-06-26", start: "2021-07-27", amount: 150)
        try f.person(31, "Mohammed", "Hassan", dob: "2015-03-17", gender: "M")
        try f.record("housing_benefit", person: 31, uprn: 4001, given: "Mohammed", surname: "Hassan", role: "dependant", group: "7005364",
                     dob: "2015-03-17", start: "2021-07-27")
        try f.record("school_roll", person: 31, uprn: 4001, given: "Mohammed", surname: "Hassan", role: "pupil", group: "F2078", dob: "2015-03-17")
    }

    @Test func aParentOfTheClaimantsChildLeftOffTheClaimIsRaised() throws {
        let f = try FraudFixture()
        try claim(f)
        try f.person(32, "Sara", "Ahmed", gender: "F")
        try f.record("school_roll", person: 32, uprn: 4001, given: "Sara", surname: "Ahmed", role: "parent", group: "F2078")
        try f.record("electoral_register", person: 32, uprn: 4001, given: "Sara", surname: "Ahmed", title: "Mrs", role: "elector")
        try f.scan()
        let c = try #require(try f.cases(rule: "claim-omits-adult").first)
        #expect((c["above_threshold"] as Bool) == true)
        #expect((c["value"] as Double) == 3900)    // 52 × £150 × 0.5
        #expect(try f.evidence(c["id"]).contains { $0.role == "omitted_adult" && $0.name == "Sara Ahmed" })
    }

    @Test func aDeclaredPartnerIsNotOmitted() throws {
        let f = try FraudFixture()
        try claim(f)
        try f.person(32, "Sara", "Ahmed", dob: "1994-03-09", gender: "F")
        try f.record("housing_benefit", person: 32, uprn: 4001, given: "Sara", surname: "Ahmed", role: "partner", group: "7005364",
                     dob: "1994-03-09", start: "2021-07-27")
        try f.record("school_roll", person: 32, uprn: 4001, given: "Sara", surname: "Ahmed", role: "parent", group: "F2078")
        try f.scan()
        #expect(try f.cases(rule: "claim-omits-adult").isEmpty)
    }

    @Test func aSharerWithAClaimOfTheirOwnIsASeparateHousehold() throws {
        let f = try FraudFixture()
        try claim(f)
        try f.person(33, "Tom", "Green", dob: "1990-01-01", gender: "M")
        try f.record("housing_benefit", person: 33, uprn: 4001, given: "Tom", surname: "Green", role: "claimant", group: "7009999",
                     dob: "1990-01-01", start: "2022-01-01")
        try f.record("electoral_register", person: 33, uprn: 4001, given: "Tom", surname: "Green", role: "elector")
        try f.scan()
        #expect(try f.cases(rule: "claim-omits-adult").isEmpty)
    }

    /// A man claiming alone, and a woman on the register at his flat and nowhere else: in a
    /// one-bedroom flat most likely his partner; in a three-bedroom house as likely a sharer.
    func claimWithAWomanOnTheRegister(_ f: FraudFixture, bedrooms: Int) throws {
        try f.property(4101, "Flat 2, 9 Ash Road, E4 1AB", bedrooms: bedrooms)
        try f.person(60, "Imran", "Akhtar", dob: "1990-02-02", gender: "M")
        try f.record("housing_benefit", person: 60, uprn: 4101, given: "Imran", surname: "Akhtar", title: "Mr", role: "claimant", group: "7006001",
                     dob: "1990-02-02", start: "2022-05-01", amount: 120)
        try f.person(61, "Rabia", "Begum", gender: "F")
        try f.record("electoral_register", person: 61, uprn: 4101, given: "Rabia", surname: "Begum", title: "Ms", role: "elector")
        try f.scan()
    }

    @Test func aWomanLeftOffAMansClaimInAOneBedroomFlatIsRaised() throws {
        let f = try FraudFixture()
        try claimWithAWomanOnTheRegister(f, bedrooms: 1)
        let c = try #require(try f.cases(rule: "claim-omits-adult").first)
        #expect((c["above_threshold"] as Bool) == true)
        let detail: String = c["score_detail"]
        #expect(detail.contains("in a home with 1 bedroom"))
    }

    @Test func theSameWomanInAThreeBedroomHouseIsNotQueued() throws {
        let f = try FraudFixture()
        try claimWithAWomanOnTheRegister(f, bedrooms: 3)
        #expect(try f.cases(rule: "claim-omits-adult").allSatisfy { ($0["above_threshold"] as Bool) == false })
    }

    // MARK: Occupied exemption

    func emptyHome(_ f: FraudFixture) throws {
        try f.property(5001, "14A Central Parade, E4 1TQ", band: "C")
        try f.person(40, "R", "Jenkins")
        try f.record("council_tax", person: 40, uprn: 5001, given: "R", surname: "JENKINS", role: "landlord", group: "A500",
                     start: "2024-03-15", exemption: "C")
    }

    @Test func anEmptyHomeExemptionWithANewHouseholdLivingThereIsRaised() throws {
        let f = try FraudFixture()
        try emptyHome(f)
        try f.person(41, "Jennifer", "Roberts", dob: "1985-01-01", gender: "F")
        try f.record("housing_benefit", person: 41, uprn: 5001, given: "Jennifer", surname: "Roberts", role: "claimant", group: "C41",
                     dob: "1985-01-01", start: "2024-06-01")
        try f.record("electoral_register", person: 41, uprn: 5001, given: "Jennifer", surname: "Roberts", role: "elector")
        try f.scan()
        let c = try #require(try f.cases(rule: "exemption-occupied").first)
        #expect((c["above_threshold"] as Bool) == true)
        #expect(abs((c["value"] as Double) - 1688.89) < 0.01)    // the whole band C bill
        #expect(try f.evidence(c["id"]).contains { $0.role == "resident" && $0.source == "housing_benefit" })
    }

    @Test func aHomeGenuinelyEmptyIsNotRaised() throws {
        let f = try FraudFixture()
        try emptyHome(f)
        // Only the previous occupier, whose account ended the day the exemption began.
        try f.person(42, "Mia", "Redlock")
        try f.record("council_tax", person: 42, uprn: 5001, given: "MIA", surname: "REDLOCK", role: "liable", group: "A499",
                     start: "2018-12-26", end: "2024-03-15")
        try f.scan()
        #expect(try f.cases(rule: "exemption-occupied").isEmpty)
    }

    @Test func anExemptionThatEndedWhenOccupiersArrivedIsNotRaised() throws {
        let f = try FraudFixture()
        try emptyHome(f)
        let exempt = try f.warehouse.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM source_record WHERE exemption = 'C'")! }
        try f.end(exempt, on: "2024-06-01")
        try f.person(41, "Jennifer", "Roberts", dob: "1985-01-01", gender: "F")
        try f.record("housing_benefit", person: 41, uprn: 5001, given: "Jennifer", surname: "Roberts", role: "claimant", group: "C41",
                     dob: "1985-01-01", start: "2024-06-01")
        try f.scan()
        #expect(try f.cases(rule: "exemption-occupied").isEmpty)
    }

    // MARK: Business rates relief

    func ratepayer(_ f: FraudFixture, secondRelief: Bool, secondValue: Double) throws {
        try f.property(6001, "1 Central Parade, E4 1TQ")
        try f.property(6002, "2 Central Parade, E4 1TQ")
        try f.person(50, "Yusuf", "Miah", gender: "M")
        try f.record("business_rates", person: 50, uprn: 6001, given: "YUSUF", surname: "MIAH", title: "MR", role: "ratepayer", key: "NNDR1",
                     start: "2019-01-01", relief: "small_business", rateableValue: 6100, correspondencePostcode: "E10 7GP")
        try f.record("business_rates", person: 50, uprn: 6002, given: "YUSUF", surname: "MIAH", title: "MR", role: "ratepayer", key: "NNDR2",
                     start: "2020-01-01", relief: secondRelief ? "small_business" : nil, rateableValue: secondValue, correspondencePostcode: "E10 7GP")
    }

    @Test func reliefOnTwoPropertiesOfOneRatepayerRaisesACaseForEach() throws {
        let f = try FraudFixture()
        try ratepayer(f, secondRelief: true, secondValue: 14900)
        try f.scan()
        let cs = try f.cases(rule: "sbrr-several-properties")
        #expect(cs.count == 2)
        #expect(cs.allSatisfy { ($0["above_threshold"] as Bool) })
        #expect(try f.evidence(cs[0]["id"]).contains { $0.role == "other_property" })
    }

    /// The legal test: relief on the main shop is wrong while the ratepayer also occupies a larger
    /// property, even one without the relief.
    @Test func reliefBesideALargerUnrelievedPropertyRaisesACase() throws {
        let f = try FraudFixture()
        try ratepayer(f, secondRelief: false, secondValue: 14900)
        try f.scan()
        let cs = try f.cases(rule: "sbrr-several-properties")
        #expect(cs.count == 1)
        #expect((cs.first?["summary"] as String?)?.contains("other property of rateable value £2900 or more") == true)
        #expect(try f.evidence(cs[0]["id"]).contains { $0.role == "other_property" })
    }

    @Test func reliefOnAShopWithALockUpUnderTheLimitIsAllowed() throws {
        let f = try FraudFixture()
        try ratepayer(f, secondRelief: false, secondValue: 1400)
        try f.scan()
        #expect(try f.cases(rule: "sbrr-several-properties").isEmpty)
    }

    @Test func theSameRatepayerLinkageSplitIsFoundByNameInitialAndPostcode() throws {
        let f = try FraudFixture()
        try f.property(6001, "1 Central Parade, E4 1TQ")
        try f.property(6002, "2 Central Parade, E4 1TQ")
        try f.person(51, "D", "Harris")
        try f.person(52, "D", "Harris")
        try f.record("business_rates", person: 51, uprn: 6001, given: "D", surname: "HARRIS", role: "ratepayer", key: "NNDR8",
                     relief: "small_business", rateableValue: 8000, correspondencePostcode: "E4 4XW", confidence: nil)
        try f.record("business_rates", person: 52, uprn: 6002, given: "D", surname: "HARRIS", role: "ratepayer", key: "NNDR9",
                     relief: "small_business", rateableValue: 7000, correspondencePostcode: "E4 4XW", confidence: nil)
        try f.scan()
        #expect(try f.cases(rule: "sbrr-several-properties").count == 2)
    }
}
