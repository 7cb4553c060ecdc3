import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// Figures and words as an officer reads them: rounded the same way everywhere, thousands
/// separated, singular where there is one.
@Suite("What officers read")
struct WordingTests {
    @Test("An address score of 121.6 reads 122 on the Addresses tab (rounded to nearest, as the command line does)")
    func addressScoreRoundsToNearest() async throws {
        let t = try await makeTester(first: PersonScreen(id: P.johnSmith))
        await t.press(.char("2"))
        let row = try #require(t.lines.first { $0.contains("Flat 2, Rose Court") })
        #expect(row.contains(" 122 "), "\(row)")
        #expect(!row.contains(" 121 "))
        #expect(Format.score(121.6) == "122" && Format.score(121.4) == "121" && Format.score(1330) == "1330")
    }

    @Test("Counts of thousands are separated on the ward screens: the borough total, and a property's rank in the borough")
    func thousandsOnTheWardScreens() async throws {
        let w = try makeWarehouse()
        try DashboardFixture.addRisk(to: w)
        let (overview, property) = try await w.pool.read { db in
            (try RiskQueries.wards(db), try RiskQueries.propertyRisk(db, uprn: DashboardFixture.UPRN.millLane33))
        }
        // The borough total row of a borough the size of the sample's.
        var total = overview.total
        total.properties = 2893
        total.low = 1781
        let widths = [13, 5, 4, 3, 6, 4, 4, 4, 5, 4, 4, 4, 4]   // the columns at 80×24
        let cells = WardsScreen().cells(total, widths: widths, ascii: false)
        #expect(cells[1] == "2,893" && cells[8] == "1,781", "\(cells)")
        // Too wide for its column with the separator: plain, then in thousands.
        #expect(WardsScreen.fit(12_345, 5) == "12345" && WardsScreen.fit(425_774, 5) == "425k")
        // A property's rank in its ward and in the borough.
        var risk = try #require(property)
        risk.boroughRank = 1015
        risk.dwellingsInBorough = 1889
        risk.dwellingsInWard = 1200
        var section = PropertyRiskSection()
        section.handle(.loaded("risk", PropertyRiskSection.Loaded(risk: risk)))
        let score = try #require(section.panel.copies.first { $0.hasPrefix("Score:") })
        #expect(score.contains("of 1,200 in") && score.contains(", 1,015 of 1,889 in the borough"), "\(score)")
    }

    @Test("One of a thing is singular in the status bar: '1 linked record', '1 event'")
    func singularCounts() async throws {
        let w = try makeWarehouse()
        let (person, uprn) = try await w.pool.read { db in
            (try #require(try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE record_count = 1 ORDER BY id")),
             try #require(try Int64.fetchOne(db, sql: "SELECT uprn FROM property_event GROUP BY uprn HAVING count(*) = 1 ORDER BY uprn")))
        }
        let p = try await makeTester(first: PersonScreen(id: person), warehouse: w)
        #expect(trimTrailing(p.lines.last ?? "").hasSuffix(" 1 linked record"), "\(p.lines.last ?? "")")
        await p.press(.char("2"))
        #expect(trimTrailing(p.lines.last ?? "").hasSuffix(" 1 address"), "\(p.lines.last ?? "")")
        let q = try await makeTester(first: PropertyScreen(uprn: uprn), warehouse: w)
        #expect(trimTrailing(q.lines.last ?? "").hasSuffix("living here, 1 event"), "\(q.lines.last ?? "")")
        #expect(Format.plural(2, "event") == "2 events" && Format.plural(1_200, "entry", "entries") == "1,200 entries")
    }

    @Test("A case's history says a note was added and how long it is in characters, not bytes")
    func noteInTheCaseHistory() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CaseScreen(id: DashboardFixture.FraudCase.okaforClaim), size: wide)
        await t.press(.char("3"))
        #expect(t.shows("History ("))
        let row = try #require(t.row(containing: "note 1 added"))
        #expect(t.lines[row].contains("note 1 added (96 characters)"), "\(t.lines[row])")
        #expect(!t.shows("bytes"))
    }
}
