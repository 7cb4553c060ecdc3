import Testing
import TerminalKit
@testable import WardenUI

@Suite("Wide characters and hostile data")
struct SafetyTests {
    @Test("Columns after a wide-character name line up with the rest")
    func wideColumns() async throws {
        let t = try await makeTester(size: wide)
        await t.press(.char("/"))
        await t.type("elm road")
        let li = try #require(t.lines.first { $0.contains("李小龍") })
        let mary = try #require(t.lines.first { $0.contains("Mary Smith") })
        #expect(column(of: "27/11/1978", in: li) == column(of: "02/03/1957", in: mary))
        #expect(column(of: "1390002", in: li) == column(of: "1381425", in: mary))
        let g = try await makeTester(first: PropertyScreen(uprn: U.millLane33))
        let long = try #require(g.lines.first { $0.contains("Brzęczyszczykiewicz") })
        let jose = try #require(g.lines.first { $0.contains("José Núñez") })
        #expect(column(of: "1390005", in: long) == column(of: "1390003", in: jose))
    }

    @Test("Searching is tolerant of case, accents and a missing postcode space; CJK prefixes match")
    func tolerantSearch() async throws {
        for (query, expected) in [("ZOE", "Zoë Ağaoğlu"), ("núñez", "José Núñez"), ("nunez", "José Núñez"), ("李小", "李小龍"),
                                  ("e174ab", "14 Elm Road, London, E17 4AB"), ("E17 4AB", "16 Elm Road"), ("07803777777", "John Arthur Smith"),
                                  ("WE542542D", "John Arthur Smith"), ("28/10/1955", "John Arthur Smith"), ("100000000020", "33 Mill Lane"),
                                  ("brzeczyszczykiewic", "Grzegorz"), ("brzęczyszczykiewcz", "Grzegorz")] {
            let t = try await makeTester()
            await t.press(.char("/"))
            await t.type(query)
            #expect(t.shows(expected), "\(query) should find \(expected)")
        }
    }

    @Test("A name holding escape sequences is drawn harmlessly and copied clean")
    func hostileName() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("ann lee")
        #expect(t.shows("Ann Lee"))
        await t.press(.enter)
        await t.press(.down)
        await t.press(.char("y"))                            // copy the Customer Name
        await t.press(.char("4"))                            // the linked record carries the sequences too
        let all = t.frames.flatMap(\.lines).joined()
        #expect(!all.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(!all.contains("52;c"))
        #expect(t.shows("Ms Ann Lee"))
        #expect(t.clipboard == ["Ms Ann Lee"])
    }

    @Test("Copy puts the selected value on the clipboard and says so")
    func copy() async throws {
        let t = try await makeTester(first: PersonScreen(id: P.johnSmith))
        for _ in 0..<10 { await t.press(.down) }              // Mobile Number(s)
        await t.press(.char("y"))
        #expect(t.clipboard == ["07803777777"])
        #expect(t.lines.last?.contains("Copied Mobile Number(s)") == true)
        await t.press(.down, .down, .char("y"))               // the second telephone line has no label of its own
        #expect(t.clipboard.last == "02082223333")
        #expect(t.lines.last?.contains("Copied Telephone Number(s)") == true)
        await t.advance(by: .seconds(6))
        #expect(t.lines.last?.contains("Copied") == false)   // the message fades
    }
}

@Suite("Big result lists")
struct BigListTests {
    @Test("A full page of results says there may be more, and the list scrolls to its end")
    func fullPage() async throws {
        let w = try LatencyTests.biggerWarehouse(extra: 3000)
        let t = try await makeTester(warehouse: w)
        await t.press(.char("/"))
        await t.type("smith")
        #expect(t.lines.last?.contains("50+ people") == true)
        await t.press(.down, .end)
        #expect(t.lines.first { $0.hasPrefix("▶") } != nil)
        #expect(t.shows("People (50+)"))
    }
}
