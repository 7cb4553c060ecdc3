import Testing
import TerminalKit
@testable import WardenUI

@Suite("Themes")
struct DashboardThemeTests {
    static let modes: [ColorMode] = [.colors256, .colors8, .monochrome]

    /// The selected row carries the ▶ marker and looks different from its neighbour without relying
    /// on colour: in monochrome the attributes differ; in colour, colours or attributes differ.
    func expectSelectionVisible(_ screen: Screen, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = screen.rows(withRole: .selection)
        guard let y = rows.first else {
            Issue.record("\(what): no selected row", sourceLocation: sourceLocation)
            return
        }
        // The marker is the first cell of the selection (a home tile's rows sit inside its box).
        let x0 = (0..<screen.canvas.width).first { screen.role(at: Point(x: $0, y: y)) == .selection } ?? 0
        #expect(screen.canvas[x0, y].text == screen.canvas.symbols.selectionMarker, "\(what): no marker", sourceLocation: sourceLocation)
        let selected = screen.style(at: Point(x: x0 + 4, y: y))
        let other = screen.style(at: Point(x: x0 + 4, y: y + 1))
        if screen.mode == .monochrome {
            #expect(selected.attributes != other.attributes, "\(what): selection looks like text", sourceLocation: sourceLocation)
        } else {
            #expect(selected != other, "\(what): selection looks like text", sourceLocation: sourceLocation)
            #expect(!selected.attributes.isEmpty, "\(what): selection relies on colour alone", sourceLocation: sourceLocation)
        }
    }

    @Test("The selected row is visible in every built-in theme and colour mode, on every list",
          arguments: Theme.builtInNames)
    func selectionEverywhere(name: String) async throws {
        let theme = try #require(Theme.builtIn(name))
        for mode in Self.modes {
            let t = try await makeTester(theme: theme, mode: mode)
            await t.press(.char("/"))
            await t.type("okafor")
            await t.press(.down)
            expectSelectionVisible(t.screen, "\(name)/\(mode) search results")
            await t.press(.enter)
            expectSelectionVisible(t.screen, "\(name)/\(mode) person details")
            await t.press(.char("4"))
            expectSelectionVisible(t.screen, "\(name)/\(mode) linked records")
            await t.press(.escape, .escape)
            expectSelectionVisible(t.screen, "\(name)/\(mode) home tile")
        }
    }

    @Test("t and F9 cycle the theme and say which; in a search field t types")
    func cycling() async throws {
        let t = try await makeTester()
        #expect(t.theme.name == "default")
        await t.press(.char("t"))
        #expect(t.theme.name == "light")
        #expect(t.lines.last?.contains("Theme: light") == true)
        await t.press(.char("/"))
        await t.type("t")
        #expect(t.theme.name == "light")
        #expect(t.lines[2].contains("Find t"))
        await t.press(.function(9))
        #expect(t.theme.name == "high-contrast")
        await t.press(.ctrl("p"))
        await t.type("theme monochrome")
        await t.press(.enter)
        #expect(t.theme.name == "monochrome")
        await t.press(.ctrl("p"))
        await t.type("theme nosuch")
        await t.press(.enter)
        #expect(t.lines.last?.contains("no theme named") == true)
    }

    @Test("Wide names are drawn correctly in every theme: the same text whatever the colours",
          arguments: Theme.builtInNames)
    func wideNamesInEveryTheme(name: String) async throws {
        let theme = try #require(Theme.builtIn(name))
        let t = try await makeTester(theme: theme, mode: .colors256, first: PropertyScreen(uprn: U.elmRoad14))
        let reference = try await makeTester(first: PropertyScreen(uprn: U.elmRoad14))
        #expect(t.lines == reference.lines)
        let li = try #require(t.row(containing: "李小龍"))
        let john = try #require(t.row(containing: "John Smith"))
        #expect(column(of: "1390002", in: t.lines[li]) == column(of: "1381424", in: t.lines[john]))
    }
}
