import Foundation
import Testing

/// What the command line prints, read as an officer reads it: the same figures as the dashboard,
/// rounded and separated the same way, in plain words.
@Suite("Command-line wording (real binary)", .serialized)
struct CommandLineWordingTests {
    /// The dashboard's fixture warehouse, built once for the suite.
    static let db: String = {
        let db = WardenBinary.tempDir("wording").appendingPathComponent("w.sqlite").path
        _ = try? WardenBinary.run(["dashboard-fixture", "--db", db])
        return db
    }()

    static let purpose = ["WARDEN_PURPOSE": "Tenancy management"]

    @Test func anAddressScoreRoundsToNearestAsOnTheDashboard() throws {
        let r = try WardenBinary.run(["person", "1381424", "--db", Self.db], environment: Self.purpose)
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("Flat 2, Rose Court") && $0.contains("score") })
        #expect(line.contains("score 122 "), "\(line)")
    }

    @Test func aSearchCutAtItsLimitSaysSoAsTheDashboardDoes() throws {
        // The fixture has three Smiths: a limit of 2 cuts the list, a limit of 3 does not.
        let cut = try WardenBinary.run(["search", "smith", "--limit", "2", "--db", Self.db], environment: Self.purpose)
        #expect(cut.status == 0, "\(cut.stderr)")
        #expect(cut.stdout.contains("People (2 shown; more match — use --limit)"), "\(cut.stdout)")
        #expect(cut.stdout.split(separator: "\n").filter { $0.contains("Smith") }.count == 2)
        let whole = try WardenBinary.run(["search", "smith", "--limit", "3", "--db", Self.db], environment: Self.purpose)
        #expect(whole.stdout.contains("People (3)\n"), "\(whole.stdout)")
        #expect(!whole.stdout.contains("more match"))
    }

    @Test func moneyInTheCaseQueueHasThousandsSeparators() throws {
        let r = try WardenBinary.run(["cases", "--scope", "all", "--db", Self.db], environment: ["WARDEN_PURPOSE": "Fraud investigation"])
        #expect(r.status == 0, "\(r.stderr)")
        let subletting = try #require(r.stdout.split(separator: "\n").first { $0.contains("Tenancy fraud") })
        #expect(subletting.contains("£12,000"), "\(subletting)")
        #expect(!r.stdout.contains("£12000"))
        let one = try WardenBinary.run(["case", "104", "--db", Self.db], environment: ["WARDEN_PURPOSE": "Fraud investigation"])
        #expect(one.stdout.contains("£12,000.00 a year"), "\(one.stdout)")
    }

    @Test func aNewUserIsToldTheirRoleByItsLabelWithTheRightArticle() throws {
        let eve = try WardenBinary.run(["users", "add", "eve", "--role", "enforcement_officer", "--db", Self.db])
        #expect(eve.status == 0, "\(eve.stderr)")
        #expect(eve.stdout.contains("eve is now an Enforcement officer."), "\(eve.stdout)")
        let hal = try WardenBinary.run(["users", "add", "hal", "--role", "housing_officer", "--db", Self.db])
        #expect(hal.stdout.contains("hal is now a Housing officer."), "\(hal.stdout)")
    }

    @Test func oneEventIsSingular() throws {
        // 35 Mill Lane's timeline holds one licence.
        let r = try WardenBinary.run(["property", "100000000021", "--db", Self.db], environment: Self.purpose)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Timeline (1 event)\n"), "\(r.stdout)")
    }

    @Test func aCaseHistorySaysANoteWasAddedInPlainWords() throws {
        let env = ["WARDEN_PURPOSE": "Fraud investigation"]
        // Case 105 is being investigated and has a note from the fixture (an older Warden's "note 1 (96 bytes)").
        let before = try WardenBinary.run(["case", "105", "--db", Self.db], environment: env)
        #expect(before.stdout.contains("note 1 added (96 characters)"), "\(before.stdout)")
        #expect(!before.stdout.contains("bytes"))
        let added = try WardenBinary.run(["case", "105", "--note", "Spoke to the landlord — 2 adults.", "--db", Self.db], environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added (33 characters)"), "\(added.stdout)")
        let after = try WardenBinary.run(["case", "105", "--db", Self.db], environment: env)
        let line = try #require(after.stdout.split(separator: "\n").last { $0.contains("added (33 characters)") })
        #expect(line.hasSuffix("note 2 added (33 characters)"), "\(line)")
    }

    @Test func aTenureCodeReadsAsWordsInThePropertyView() throws {
        // The pipeline stores tenure as a code ("private_rented"); the fixture stores words, so
        // one property is given the code here.
        let sql = Process()
        sql.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sql.arguments = [Self.db, "UPDATE property SET tenure = 'private_rented' WHERE uprn = 100000000021"]
        try sql.run()
        sql.waitUntilExit()
        #expect(sql.terminationStatus == 0)
        let r = try WardenBinary.run(["property", "100000000021", "--db", Self.db], environment: Self.purpose)
        #expect(r.status == 0, "\(r.stderr)")
        let tenure = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("Tenure") })
        #expect(tenure.hasSuffix(" private rented"), "\(tenure)")
    }
}
