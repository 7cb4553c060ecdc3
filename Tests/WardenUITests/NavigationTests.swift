import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

typealias P = DashboardFixture.Person
typealias U = DashboardFixture.UPRN

@Suite("Navigation")
struct NavigationTests {
    @Test("Enter drills in, Esc goes back, and the breadcrumb shows the stack")
    func drillAndBack() async throws {
        let t = try await makeTester()
        #expect(t.breadcrumb == "Home")
        await t.press(.char("/"))
        await t.type("smiht")
        #expect(t.breadcrumb == "Home › Search ‘smiht’")
        await t.press(KeyEvent.enter)
        #expect(t.breadcrumb == "Home › Search ‘smiht’ › John Arthur Smith (1381424)")
        await t.press(.char("4"))                           // linked records tab
        await t.press(.down)
        await t.press(.char("p"))                           // their home
        #expect(t.breadcrumb == "Home › Search ‘smiht’ › John Arthur Smith (1381… › 14 Elm Road")
        #expect(t.shows("14 Elm Road, London, E17 4AB"))
        await t.press(.escape)
        #expect(t.stackTitles == ["Home", "Search ‘smiht’", "John Arthur Smith (1381424)"])
        // The person screen is as it was left: same tab, same row.
        #expect(t.shows("Linked records (5)"))
        #expect(t.lines.first { $0.hasPrefix("▶") }?.contains("ER-88231") == true)
        await t.press(.escape)
        #expect(t.breadcrumb == "Home › Search ‘smiht’")
        #expect(t.lines[2].contains("Find smiht"))          // the query and results are kept
        #expect(t.shows("John Arthur Smith"))
        await t.press(.escape)
        #expect(t.breadcrumb == "Home")
        await t.press(.escape)
        #expect(t.stackTitles == ["Home"])
        #expect(t.lines.last?.contains("This is the home screen") == true)
        #expect(!t.didQuit)
    }

    @Test("Enter on an address-history row opens that property; on a household member, that person")
    func personRowsOpen() async throws {
        let t = try await makeTester(first: PersonScreen(id: P.johnSmith))
        await t.press(.char("2"), .down, .enter)             // second address: Flat 2, Rose Court
        #expect(t.model.top.title == "Flat 2, Rose Court, 2 High Street")
        #expect(t.shows("Zoë Ağaoğlu"))                      // who lives there now
        await t.press(.char("5"))                            // former occupants
        #expect(t.shows("John Smith"))
        await t.press(.escape, .char("5"), .down, .enter)     // household: 李小龍
        #expect(t.model.top.title == "李小龍 (1390002)")
        #expect((t.model.top as? PersonScreen)?.id == P.li)
    }

    @Test("Occupants open the person; the landlord and their other property open too")
    func propertyRowsOpen() async throws {
        let t = try await makeTester(first: PropertyScreen(uprn: U.millLane33))
        await t.press(.end, .enter)
        #expect(t.model.top.title == "José Núñez (1390003)")
        await t.press(.escape, .char("3"))
        #expect(t.shows("Rajesh Patel"))
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == "Rajesh Patel (1390030)")
        await t.press(.escape, .down, .enter)
        #expect(t.model.top.title == "35 Mill Lane")
        // Edith Baker died: she is a former occupant there, not a current one.
        #expect(t.shows("No one is known to live here now"))
        await t.press(.char("5"))
        #expect(t.shows("Edith Baker"))
    }

    @Test("A click on the breadcrumb goes back to that step; a click on a row selects, a second opens")
    func mouse() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("okafor")
        let amara = try #require(t.row(containing: "Amara Okafor"))
        await t.click(at: Point(x: 5, y: amara))
        #expect(t.model.screens.count == 2)
        #expect(t.lines[amara].hasPrefix("▶"))
        await t.click(at: Point(x: 5, y: amara))
        #expect(t.model.top.title == "Amara Okafor (1390011)")
        let home = try #require(column(of: "Home", in: t.lines[1]))
        await t.click(at: Point(x: home + 1, y: 1))
        #expect(t.stackTitles == ["Home"])
    }

    @Test("The palette runs commands by name with an argument, filtering as you type")
    func palette() async throws {
        let t = try await makeTester()
        await t.press(.char(":"))
        await t.type("prop \(U.roseCourtFlat3)")
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == "Flat 3, Rose Court, 2 High Street")
        #expect(t.shows("Aisha Okafor") && t.shows("Amara Okafor") && t.shows("Chioma Okafor"))
        // A bare number offers person and property.
        await t.press(.char(":"))
        await t.type(String(P.mergedJohnSmith))
        #expect(t.shows("person ID") && t.shows("property UPRN") && !t.shows("theme [NAME]"))
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == "John Arthur Smith (1381424)")
        #expect(t.shows("Merged Id             1300001 now leads here"))
        await t.press(.ctrl("p"))
        await t.type("hme")                                  // letters in order: fuzzy fallback
        await t.press(KeyEvent.enter)
        #expect(t.stackTitles == ["Home"])
        await t.press(.char(":"))
        await t.type("person x")
        await t.press(KeyEvent.enter)
        #expect(t.lines.last?.contains("person needs a virtual id") == true)
        await t.press(.char(":"))
        await t.type("zzzz")
        #expect(t.shows("No command matches"))
        await t.press(.escape)
        await t.press(.char(":"))
        await t.type("quit")
        await t.press(KeyEvent.enter)
        #expect(t.didQuit)
    }

    @Test("In the search field every letter types, global keys step aside; in the results they work")
    func typingAndGlobalKeys() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("q?t:/")
        #expect(t.lines[2].contains("Find q?t:/"))
        #expect(!t.didQuit)
        await t.press(.ctrl("u"))
        await t.type("smith")
        await t.press(.down)                                 // into the results
        await t.press(.down)
        #expect(t.lines.first { $0.hasPrefix("▶") }?.contains("Mary Smith") == true)
        await t.press(.char("/"))                            // back to the field, not a new search
        #expect(t.model.screens.count == 2)
        await t.press(.down, .tab)                           // people, then properties (none): wraps to the field
        #expect(t.model.top.capturesText)
        await t.press(.down)
        #expect(!t.model.top.capturesText)
        await t.type(" j")                                   // typing from the results goes to the field
        #expect(t.lines[2].contains("Find smith j"))
        await t.press(.function(1))
        #expect(t.shows("Help: Search ‘smith j’"))
        await t.press(.escape, .escape)
        #expect(t.stackTitles == ["Home"])
        await t.press(.char("q"))
        #expect(t.didQuit)
    }

    @Test("Two John Smiths are told apart by age, address and record count")
    func johnSmiths() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("john smith")
        let older = try #require(t.lines.first { $0.contains("John Arthur Smith") })
        let younger = try #require(t.lines.first { $0.contains("John Smith ") && $0.contains("1402211") })
        #expect(older.contains(" 71 ") && older.contains("14 Elm Road"))
        #expect(younger.contains(" 38 ") && younger.contains("Flat 1, Rose Court"))
    }

    @Test("A deceased resident is marked in words, not colour alone")
    func deceased() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("edith")
        #expect(t.lines.first { $0.contains("Edith Baker") }?.contains("deceased 03/12/2025") == true)
        await t.press(KeyEvent.enter)
        #expect(t.shows("DECEASED 03/12/2025"))
        #expect(t.shows("Date of Death"))
    }

    @Test("Linked record: Enter explains the match field by field")
    func recordExplanation() async throws {
        let t = try await makeTester(first: PersonScreen(id: P.johnSmith))
        await t.press(.char("4"), .down, .down, .enter)      // the housing benefit record
        #expect(t.shows("NI number: exact +9.6"))
        #expect(t.shows("Match confidence: 0.999"))
        await t.press(.escape)                               // closes the explanation, not the screen
        #expect(t.model.screens.count == 1)
        #expect(!t.shows("NI number: exact +9.6"))
    }
}

/// The shell's effects, driven by calling `update` directly so that loads stay in flight.
@Suite("Queries off the terminal thread")
struct EffectTests {
    func app() throws -> DashboardApp {
        let data = try DashboardData(warehouse: try makeWarehouse(), user: fixtureUser)
        try data.access.setPurpose("Tenancy management")
        var a = DashboardApp(data: data, today: fixtureToday)
        _ = a.update(.resize(standard))
        return a
    }

    func render(_ a: DashboardApp) -> [String] {
        var c = Canvas(size: standard)
        a.render(into: &c)
        return c.lines
    }

    @Test("Typing goes on while a search runs; the spinner shows until the newest result lands")
    func inputNeverWaits() throws {
        var a = try app()
        _ = a.update(.key(.char("/")))
        for c in "smi" { _ = a.update(.key(.char(c))) }
        #expect(a.isBusy)
        #expect(!render(a)[1].contains("Searching…"))       // not for the first 100 ms: quick queries do not flicker
        _ = a.update(.message(.spin))
        #expect(render(a)[1].contains("Searching…"))
        for c in "th" { _ = a.update(.key(.char(c))) }      // keys are handled at once, results or not
        #expect(render(a)[2].contains("Find smith"))
        let uid = try #require(a.stack.last?.uid)
        let newest = try #require(a.inFlight["\(uid)/search"]?.generation)
        let results = try a.context.data.search("smith")
        let stale = try a.context.data.search("smi")
        // An older query's result arrives late: dropped.
        _ = a.update(.message(.loaded(screen: uid, id: "search", generation: newest - 1,
                                      outcome: .success(SearchScreen.Found(results: stale)))))
        #expect(a.isBusy)
        #expect(!render(a).contains { $0.contains("John Arthur Smith") })
        _ = a.update(.message(.loaded(screen: uid, id: "search", generation: newest, outcome: .success(SearchScreen.Found(results: results)))))
        #expect(!a.isBusy)
        #expect(!render(a)[1].contains("Searching"))
        #expect(render(a).contains { $0.contains("John Arthur Smith") })
    }

    @Test("The spinner turns while busy and stops when idle")
    func spinner() throws {
        var a = try app()
        _ = a.update(.key(.char(":")))
        for c in "person 1381424" { _ = a.update(.key(.char(c))) }
        let effect = a.update(.key(.enter))
        #expect(!effect.isNone)
        #expect(a.isBusy)
        _ = a.update(.message(.spin))
        let first = render(a)[1]
        #expect(first.contains("Opening person 1381424…"))
        _ = a.update(.message(.spin))
        #expect(render(a)[1] != first)                       // the glyph moved on
        let uid = try #require(a.stack.last?.uid)
        let gen = try #require(a.inFlight["\(uid)/person"]?.generation)
        _ = a.update(.message(.loaded(screen: uid, id: "person", generation: gen, outcome: .failure("disk I/O error"))))
        #expect(!a.isBusy)
        #expect(render(a).last?.contains("disk I/O error") == true)
        #expect(render(a)[2].contains("disk I/O error"))
        #expect(a.update(.message(.spin)).isNone)             // idle: the spinner stops asking for ticks
    }

    @Test("A result for a screen that was closed is dropped")
    func closedScreen() throws {
        var a = try app()
        _ = a.update(.key(.char(":")))
        for c in "property \(U.millLane33)" { _ = a.update(.key(.char(c))) }
        _ = a.update(.key(.enter))
        let uid = try #require(a.stack.last?.uid)
        let gen = try #require(a.inFlight["\(uid)/property"]?.generation)
        _ = a.update(.key(.escape))
        #expect(a.stack.count == 1)
        #expect(!a.inFlight.keys.contains { $0.hasPrefix("\(uid)/") })   // its load was cancelled
        let view = try a.context.data.property(U.millLane33)
        _ = a.update(.message(.loaded(screen: uid, id: "property", generation: gen, outcome: .success(PropertyScreen.Loaded(view: view)))))
        #expect(a.stack.count == 1)
        #expect(render(a)[1].hasPrefix(" Home "))
        #expect(!render(a).contains { $0.contains("33 Mill Lane") })
    }
}

@Suite("Purpose and access")
struct PurposeAndAccessTests {
    @Test("Opening a person without a purpose asks for one, and the access log records it")
    func purposeIsAskedOnceAndRecorded() async throws {
        let w = try makeWarehouse()
        let data = try DashboardData(warehouse: w, user: fixtureUser)
        let app = DashboardApp(data: data, today: fixtureToday, first: PersonScreen(id: DashboardFixture.Person.johnSmith))
        let t = await ScreenTester(app, size: standard, catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))

        #expect(t.shows("Why are you opening this record?"))
        #expect(try auditRows(w).filter { $0.action == "view" }.isEmpty)   // nothing read before a purpose
        await t.press(KeyEvent.down)            // "Tenancy management"
        await t.press(KeyEvent.enter)

        #expect(t.shows("Customer Name"))
        let view = try #require(try auditRows(w).last { $0.action == "view" })
        #expect(view.purpose == "Tenancy management")
        #expect(view.role == "housing_officer")
    }

    @Test("A role without the search and single-view screens is refused them, as the command line refuses it")
    func aProgrammeLeadCannotSearchOrOpenRecords() async throws {
        let t = try await makeTester(as: "pat", role: "programme_lead")
        await t.press(.char(":"))
        await t.type("property \(U.roseCourtFlat3)")
        await t.press(KeyEvent.enter)
        #expect(t.stackTitles == ["Home"])
        #expect(t.shows("may not open a property's record"))
        await t.press(.char(":"))
        await t.type("person \(DashboardFixture.Person.johnSmith)")
        await t.press(KeyEvent.enter)
        #expect(t.stackTitles == ["Home"])
        #expect(!t.shows("Why are you opening this record?"))
        #expect(t.shows("may not open a person's record"))
        await t.press(.char("/"))
        #expect(t.stackTitles == ["Home"])
        #expect(t.shows("may not search for people and properties"))
        #expect(throws: (any Error).self) { try t.model.context.data.search("smith") }
        #expect(try auditRows(t.warehouse).filter { $0.action == "view" || $0.action == "search" }.isEmpty)
    }

    @Test("Every home tile gets room before any tile gets more; a tile cut short says how many rows it hides")
    func homeTilesShareTheScreen() async throws {
        let t = try await makeTester(as: "pat", role: "programme_lead", size: Size(width: 100, height: 24))
        #expect(t.shows("┌ Pilots"))
        #expect(t.shows("┌ Sources loaded"))
        #expect(t.lines.contains { $0.contains("more ─┘") })
        #expect(!t.shows("Find a resident"))   // a programme lead opens no records
    }

    @Test("Recently opened lists only what the officer may open now: after a change of role, no names")
    func recentViewsFollowTheRoleNow() async throws {
        let w = try makeWarehouse()
        try await w.pool.write { db in
            try db.execute(sql: "INSERT INTO warden_user(account, role, added_at, added_by) VALUES ('hal', 'housing_officer', '2026-11-01T00:00:00Z', 'test')")
        }
        let before = try DashboardData(warehouse: w, user: "hal")
        try before.access.setPurpose("Tenancy management")
        _ = try before.person(DashboardFixture.Person.johnSmith)
        #expect(try before.recentViews().contains { $0.kind == .person && $0.id == DashboardFixture.Person.johnSmith })
        try await w.pool.write { db in try db.execute(sql: "UPDATE warden_user SET role = 'programme_lead' WHERE account = 'hal'") }
        let after = try DashboardData(warehouse: w, user: "hal")
        #expect(try after.recentViews().isEmpty)
    }

    @Test("An id that names no one is said at once, before any purpose is asked")
    func anUnknownIdIsSaidBeforeThePurpose() async throws {
        let t = try await makeTester(as: "hana", role: "housing_officer")
        await t.press(.char(":"))
        await t.type("person 99999999")
        await t.press(KeyEvent.enter)
        #expect(t.stackTitles == ["Home"])
        #expect(t.shows("No virtual person 99999999 in this warehouse"))
        #expect(!t.shows("Why are you opening this record?"))
    }

    @Test("An account that is not a Warden user is told how to be added and sees no one")
    func strangersSeeNoPersonalData() async throws {
        let w = try makeWarehouse()
        let data = try DashboardData(warehouse: w, user: "stranger")
        let t = await ScreenTester(DashboardApp(data: data, today: fixtureToday), size: wide, catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))

        #expect(t.shows("stranger is not a Warden user"))
        #expect(t.shows("warden users add stranger --role ROLE"))
        #expect(throws: UserFacingError.self) { try data.search("smith") }
    }
}
