import Testing
import TerminalKit
@testable import WardenUI

/// Every screen at 80×24 and 160×48, compared with the golden text a person would see.
@Suite("Golden screens")
struct GoldenScreenTests {
    /// Home → `/` → type `query` → Enter on the first person.
    static func openFirstPerson(_ query: String, size: Size) async throws -> ScreenTester<DashboardApp> {
        let t = try await makeTester(size: size)
        await t.press(.char("/"))
        await t.type(query)
        await t.press(.enter)
        return t
    }

    @Test("Home at 80×24 and 160×48", arguments: [standard, wide])
    func home(size: Size) async throws {
        let t = try await makeTester(size: size)
        expectGolden("home-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Search results for a misspelt surname at 80×24 and 160×48", arguments: [standard, wide])
    func searchMisspelt(size: Size) async throws {
        let t = try await makeTester(size: size)
        await t.press(.char("/"))
        await t.type("smiht")
        expectGolden("search-smiht-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Search results with wide and accented names, people and properties together", arguments: [standard, wide])
    func searchWide(size: Size) async throws {
        let t = try await makeTester(size: size)
        await t.press(.char("/"))
        await t.type("elm road")
        expectGolden("search-elm-road-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Person overview at 80×24 and 160×48", arguments: [standard, wide])
    func person(size: Size) async throws {
        let t = try await Self.openFirstPerson("smiht", size: size)
        expectGolden("person-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Person: linked records with why they matched", arguments: [standard, wide])
    func personRecords(size: Size) async throws {
        let t = try await Self.openFirstPerson("smiht", size: size)
        await t.press(.char("4"))
        expectGolden("person-records-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Person: household with a wide-character name", arguments: [standard, wide])
    func personHousehold(size: Size) async throws {
        let t = try await Self.openFirstPerson("smiht", size: size)
        await t.press(.char("5"))
        expectGolden("person-household-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Property: occupants of the HMO", arguments: [standard, wide])
    func property(size: Size) async throws {
        let t = try await makeTester(size: size)
        await t.press(.char("/"))
        await t.type("33 mill")
        await t.press(.tab, .tab)   // to the properties list
        await t.press(.enter)
        expectGolden("property-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Property: timeline of events", arguments: [standard, wide])
    func propertyTimeline(size: Size) async throws {
        let t = try await makeTester(size: size, first: PropertyScreen(uprn: DashboardFixture.UPRN.millLane33))
        await t.press(.char("2"))
        expectGolden("property-timeline-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Help overlay over the person screen", arguments: [standard, wide])
    func help(size: Size) async throws {
        let t = try await Self.openFirstPerson("smiht", size: size)
        await t.press(.char("?"))
        expectGolden("help-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Command palette filtering as you type", arguments: [standard, wide])
    func palette(size: Size) async throws {
        let t = try await makeTester(size: size)
        await t.press(.char(":"))
        await t.type("pr")
        expectGolden("palette-\(size.width)x\(size.height)", t.screen)
    }

    @Test("Plain mode: ASCII only, for screen readers")
    func plain() async throws {
        let t = try await makeTester(size: standard, mode: .monochrome, symbols: .ascii)
        await t.press(.char("/"))
        await t.type("agaolgu")
        await t.press(.enter)
        expectGolden("plain-person-80x24", t.screen)
        #expect(t.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } || $0.contains("Zoë") || $0.contains("Ağaoğlu") })
    }
}
