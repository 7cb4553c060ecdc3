import Foundation
import GRDB
import Testing
@testable import WardenCore

/// Search stays a keystroke's work however many people a short prefix matches.
@Suite("Search at scale")
struct SearchScaleTests {
    /// A warehouse whose name index holds `n` people called Kaur, Kapoor, ... and one Zelenko.
    func indexed(_ n: Int) throws -> Warehouse {
        let w = try Fixture.freshWarehouse()
        try w.pool.write { db in
            for i in 0..<n {
                try db.execute(sql: "INSERT INTO search_person(rowid, names, born, ids, address) VALUES (?, ?, '', '', '')",
                               arguments: [i + 1, (i % 2 == 0 ? "Amrit Kaur" : "Ravi Kapoor") + " \(i)"])
            }
            try db.execute(sql: "INSERT INTO search_person(rowid, names, born, ids, address) VALUES (?, 'Olena Zelenko', '', '', '')", arguments: [n + 1])
        }
        return w
    }

    @Test func aPrefixMatchingThousandsIsBroadAndARareNameIsNot() throws {
        let w = try indexed(SearchService.broadQueryCap + 100)
        let broad = try w.pool.read { db in
            try [[["ka"]], [["zel"]], [["ka"], ["1234"]]].map { try SearchService.isBroad(db, table: "search_person", SearchService.matchExpression($0)) }
        }
        #expect(broad == [true, false, false])
    }

    @Test func aSmallIndexIsAlwaysRanked() throws {
        let w = try indexed(200)
        let broad = try w.pool.read { db in try SearchService.isBroad(db, table: "search_person", SearchService.matchExpression([["ka"]])) }
        #expect(!broad)
    }
}
