import Testing
import TerminalKit
@testable import WardenUI

@Suite("Resizing")
struct ResizeTests {
    @Test("At 20×8 the dashboard says the terminal is too small; back at 80×24 nothing was lost")
    func tinyAndBack() async throws {
        let t = try await makeTester()
        await t.press(.char("/"))
        await t.type("okafor")
        await t.press(.down, .down)
        let before = t.lines
        await t.resize(to: Size(width: 20, height: 8))
        #expect(t.lines.joined(separator: "\n").contains("Terminal too small"))
        #expect(t.lines.joined(separator: " ").contains("need 40×10"))
        await t.press(.down)                                 // keys still work while it is small
        await t.resize(to: Size(width: 30, height: 5))
        await t.resize(to: standard)
        #expect(t.lines != before)                           // the selection moved down one
        await t.press(.up)
        #expect(t.lines == before)
    }

    @Test("At the minimum size, 40×10, the screens still draw, not the warning")
    func minimum() async throws {
        let t = try await makeTester(size: Size(width: 40, height: 10), first: PersonScreen(id: P.zoe))
        #expect(!t.lines.joined().contains("Terminal too small"))
        #expect(t.lines[2].contains("Zoë Ağaoğlu"))
        #expect(t.lines[4].hasPrefix("▶ Virtual Id"))
    }

    @Test("At 40×10 a search with people and no properties shows the person, not only headers")
    func minimumSearchShowsAResult() async throws {
        let t = try await makeTester(size: Size(width: 40, height: 10))
        await t.press(.char("/"))
        await t.type("okafor")
        let screen = t.lines.joined(separator: "\n")
        #expect(screen.contains("Properties (0)"))
        #expect(t.lines.contains { $0.hasPrefix("▶ ") && $0.contains("Okafor") }, "\(screen)")
    }

    /// Every screen and overlay, in the states that matter.
    static let scenarios: [(String, [KeyEvent], String?)] = [
        ("home", [], nil),
        ("search", [.char("/")], "elm road"),
        ("person-overview", [.char(":")], "person 1381424\n"),
        ("person-records", [.char(":")], "person 1381424\n4"),
        ("property-timeline", [.char(":")], "property 100000000020\n2"),
        ("help", [.char(":")], "person 1390002\n?"),
        ("palette", [.char(":")], "pe"),
    ]

    @Test("Every screen survives every size from 0×0 up and draws rows exactly as wide as the screen",
          arguments: 0..<scenarios.count)
    func everySize(scenario: Int) async throws {
        let (name, keys, typed) = Self.scenarios[scenario]
        let t = try await makeTester(size: wide)
        for k in keys { await t.press(k) }
        if let typed { await t.type(typed) }
        let sizes = [(0, 0), (1, 1), (2, 1), (5, 2), (12, 4), (20, 8), (39, 9), (39, 24), (80, 9), (40, 10), (41, 11),
                     (52, 13), (60, 15), (79, 23), (80, 24), (100, 30), (119, 40), (120, 40), (149, 30), (150, 30), (220, 70)]
        for (w, h) in sizes {
            await t.resize(to: Size(width: w, height: h))
            #expect(t.lines.count == h, "\(name) at \(w)×\(h)")
            for (i, line) in t.lines.enumerated() {
                #expect(DisplayWidth.of(line) == w, "\(name) at \(w)×\(h), row \(i)")
            }
            if w >= 40 && h >= 10 {
                #expect(t.lines[0].contains("Warden"), "\(name) at \(w)×\(h)")
            }
        }
        #expect(!t.didQuit)
    }
}
