import Foundation
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

@Suite("Access log")
struct AuditTests {
    func searches(_ w: Warehouse) throws -> [AuditLog.Entry] { try auditRows(w).filter { $0.action == "search" } }
    func views(_ w: Warehouse) throws -> [AuditLog.Entry] { try auditRows(w).filter { $0.action == "view" } }

    @Test("One row per settled search, not one per keystroke")
    func debounced() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("smith")                                // five keystrokes, five queries
        #expect(try searches(t.warehouse).isEmpty)           // not settled yet
        await t.advance(by: .milliseconds(400))
        #expect(try searches(t.warehouse).isEmpty)
        await t.advance(by: .milliseconds(400))
        var rows = try searches(t.warehouse)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.user == fixtureUser && row.screen == "dashboard:search")
        #expect(row.detail == #"{"people":3,"properties":0,"query":"smith"}"#)
        // Typing on and coming back to the same words does not log it twice.
        await t.type("x")
        await t.press(.backspace)
        await t.advance(by: .seconds(1))
        #expect(try searches(t.warehouse).count == 1)
        // A pause on new words logs them.
        await t.press(.ctrl("u"))
        await t.type("zo")
        await t.advance(by: .milliseconds(300))
        await t.type("e")
        await t.advance(by: .seconds(1))
        rows = try searches(t.warehouse)
        #expect(rows.map(\.detail) == [#"{"people":3,"properties":0,"query":"smith"}"#, #"{"people":1,"properties":0,"query":"zoe"}"#])
    }

    @Test("Opening a result logs the search at once, then the view")
    func openLogsSearch() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("agaolgu")
        await t.press(.enter)
        let rows = try auditRows(t.warehouse)
        #expect(rows.map(\.action) == ["search", "view"])
        #expect(rows[0].detail?.contains(#""query":"agaolgu""#) == true)
        #expect(rows[1].subjectType == "person" && rows[1].subjectID == String(P.zoe))
        // The settle timer that fires later does not log the same search again.
        await t.advance(by: .seconds(2))
        #expect(try searches(t.warehouse).count == 1)
    }

    @Test("Opening a person or a property writes who, when, which record and from which screen")
    func viewRows() async throws {
        let t = try await makeTester()
        let before = Date()
        await t.press(.char(":"))
        await t.type("person \(P.johnSmith)")
        await t.press(.enter)
        await t.press(.char("p"))
        let rows = try views(t.warehouse)
        #expect(rows.count == 2)
        #expect(rows.map(\.subjectType) == ["person", "property"])
        #expect(rows.map(\.subjectID) == [String(P.johnSmith), String(U.elmRoad14)])
        #expect(rows.map(\.screen) == ["dashboard:person", "dashboard:property"])
        #expect(rows.allSatisfy { $0.user == fixtureUser })
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = try #require(f.date(from: rows[0].at))
        #expect(at.timeIntervalSince(before) > -1 && at.timeIntervalSinceNow < 1)
        // Going back and forth does not re-read (and so does not re-log) the person.
        await t.press(.escape)
        #expect(try views(t.warehouse).count == 2)
    }

    @Test("A merged id is logged against the person it now means, saying what was asked for")
    func mergedID() async throws {
        let t = try await makeTester()
        await t.press(.char(":"))
        await t.type("person \(P.mergedJohnSmith)")
        await t.press(.enter)
        let row = try #require(try views(t.warehouse).first)
        #expect(row.subjectID == String(P.johnSmith))
        #expect(row.detail?.contains("\"asked_for\":\(P.mergedJohnSmith)") == true)
    }

    @Test("Home shows what this officer opened, newest first, and opens it again")
    func recentlyOpened() async throws {
        let t = try await makeTester()
        await t.press(.char(":"))
        await t.type("person \(P.li)")
        await t.press(.enter)
        await t.press(.char("p"))
        await t.press(.escape, .escape)
        #expect(t.stackTitles == ["Home"])
        let li = try #require(t.row(containing: "李小龍"))
        let elm = try #require(t.row(containing: "14 Elm Road "))
        #expect(elm < li)                                   // the property was opened last
        await t.press(.tab, .tab, .tab, .tab)                // to the recent tile
        await t.press(.down, .enter)
        #expect(t.model.top.title == "李小龍 (1390002)")
    }
}
