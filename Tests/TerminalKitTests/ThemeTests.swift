import Foundation
import Testing
@testable import TerminalKit

@Suite("Themes")
struct ThemeTests {
    /// The repository's themes/ directory, found from this file's location.
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    @Test("The compiled-in themes are byte for byte the files in themes/ (rerun themes/embed.sh if not)")
    func noDrift() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == Theme.builtInNames.sorted())
        for name in Theme.builtInNames {
            let onDisk = try String(contentsOf: Self.themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(Theme.builtInSource(name) == onDisk, "themes/\(name).toml differs from the compiled-in copy; run themes/embed.sh")
        }
    }

    @Test("Every built-in theme parses cleanly against the default theme's roles")
    func builtInsParse() throws {
        let known = Theme.default.roleNames
        for name in Theme.builtInNames {
            let theme = try ThemeParser.parse(Theme.builtInSource(name)!, file: "\(name).toml", knownRoles: known)
            #expect(theme.name == name)
            #expect(!theme.summary.isEmpty)
        }
        // The vocabulary covers the toolkit's own roles.
        for role: Role in [.selection, .header, .statusBarKey, .inputCursor, .buttonFocus, .timelineLate, .statusWarn, .ragAmber] {
            #expect(known.contains(role.name), "\(role) missing from the default theme")
        }
    }

    @Test("The selected row differs from ordinary text by an attribute, not only colour, in every theme and mode")
    func selectionVisibleWithoutColour() {
        for name in Theme.builtInNames {
            let theme = Theme.builtIn(name)!
            for mode: ColorMode in [.colors256, .colors8, .monochrome] {
                let sel = theme.resolve(Style(.selection), mode: mode)
                let text = theme.resolve(.text, mode: mode)
                #expect(sel.attributes != text.attributes, "\(name) in \(mode): selection needs bold/reverse/underline")
                if mode == .monochrome {
                    #expect(sel.attributes.contains(.reverse), "\(name): monochrome selection should be reverse video")
                    #expect(sel.foreground.isDefault && sel.background.isDefault)
                }
            }
        }
    }

    @Test("In the monochrome theme a selected table row is reverse video and carries the ▶ marker")
    func monochromeTableSelection() {
        let rows = [TableRow(["Ann"]), TableRow(["Bob"]), TableRow(["Cy"])]
        let c = canvas(12, 4) { Table(columns: [TableColumn("Name")], source: rows).render(into: &$0, area: $0.bounds, state: TableState(selected: 1)) }
        let screen = Screen(canvas: c, theme: .monochrome, mode: .monochrome)
        #expect(screen.lines[2].hasPrefix("▶ Bob"))
        #expect(screen.style(at: Point(x: 4, y: 2)).attributes.contains(.reverse))
        #expect(!screen.style(at: Point(x: 4, y: 1)).attributes.contains(.reverse))
        #expect(screen.rows(withRole: .selection) == [2])
        #expect(screen.annotatedLines[2] == "▶ Bob        │ selection 0-11")
    }

    @Test("Roles fall back to their parent, then to text; 8-colour values come from the nearest basic colour")
    func inheritance() throws {
        let theme = try ThemeParser.parse("""
            [text]
            fg = 252
            bg = 234
            [dialog]
            bg = 19
            attrs = ["bold"]
            [dialog.title]
            fg = 214
            """, file: "t.toml", knownRoles: nil)
        let title = theme.resolve(Style(.dialogTitle), mode: .colors256)
        #expect(title.foreground == Color(214) && title.background == Color(19) && title.attributes == [.bold])
        let eight = theme.resolve(Style(.dialogTitle), mode: .colors8)
        #expect(eight.foreground == .yellow && eight.background == .blue)
        let unknown = theme.resolve(Style("something.else"), mode: .colors256)
        #expect(unknown.foreground == Color(252) && unknown.background == Color(234))
        let mono = theme.resolve(Style(.dialogTitle), mode: .monochrome)
        #expect(mono.attributes == [.bold] && mono.foreground.isDefault)
        let override = theme.resolve(Style(.text, foreground: .red, attributes: .underline), mode: .colors256)
        #expect(override.foreground == .red && override.attributes == [.underline])
    }

    @Test("Colours may be numbers, names or #rrggbb")
    func colourForms() {
        #expect(Color(parsing: "bright-red") == Color(9))
        #expect(Color(parsing: "#D55E00") == Color(166))
        #expect(Color(parsing: "#ffffff") == Color(231))
        #expect(Color(parsing: "default") == .terminalDefault)
        #expect(Color(parsing: "teal") == nil)
        #expect(Color(166).basic == .red)
        #expect(Color(231).basic == .white)
        #expect(Color(25).basic == .blue)      // #005faf
        #expect(Color(78).basic == .green)     // #5fd787
        #expect(Color(214).basic == .yellow)   // #ffaf00
        #expect(Color(245).basic == .white)
    }

    @Test("A syntax error is reported with the file, line and column")
    func syntaxError() {
        let source = "name = \"broken\"\n\n[selection]\nfg = 231\nbg = = 25\n"
        #expect {
            _ = try ThemeParser.parse(source, file: "broken.toml", knownRoles: nil)
        } throws: { error in
            guard let e = error as? ThemeError, let d = e.diagnostics.first else { return false }
            return d.file == "broken.toml" && d.line == 5 && d.column != nil && d.description.hasPrefix("broken.toml:5:")
        }
    }

    @Test("Problems of meaning name the line, and a misspelt role gets a suggestion")
    func meaningErrors() {
        let source = """
            name = "mine"
            [selection]
            fg = 231
            attrs = ["bold", "blinking"]

            [risk.hihg]
            fg = 196

            [header]
            bg = "teal"
            colour = 3
            """
        do {
            _ = try ThemeParser.parse(source, file: "mine.toml", knownRoles: Theme.default.roleNames)
            Issue.record("expected the theme to be rejected")
        } catch {
            let lines = error.diagnostics.map { "\($0.line ?? 0): \($0.message)" }
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("4: unknown attribute \"blinking\""))
            #expect(lines[1].hasPrefix("6: unknown role \"risk.hihg\" (did you mean \"risk.high\"?)"))
            #expect(lines[2].hasPrefix("10: unknown colour \"teal\""))
            #expect(lines[3].hasPrefix("11: unknown property \"colour\""))
        }
    }

    @Test("An inline-table role is located on its own line")
    func inlineLocation() {
        let source = "[risk]\nhigh = { fg = 196 }\nmoderate = { fg = 999 }\n"
        do {
            _ = try ThemeParser.parse(source, file: "x.toml", knownRoles: nil)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.line == 3)
            #expect(error.diagnostics.first?.message.contains("out of range") == true)
        }
    }
}

@Suite("Finding themes")
struct ThemeCatalogTests {
    func scratchConfig() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("app/themes"), withIntermediateDirectories: true)
        return dir.path
    }

    @Test("Built-in themes load by name from anywhere, with no files on disk")
    func builtIn() {
        let catalog = ThemeCatalog(appName: "app", environment: [:])
        let load = catalog.load("high-contrast")
        #expect(load.theme.name == "high-contrast")
        #expect(load.diagnostics.isEmpty && load.origin == "built-in")
        #expect(catalog.name(after: "default") == "light")
        #expect(catalog.name(after: "monochrome") == "default")
    }

    @Test("A user's theme in $XDG_CONFIG_HOME/<app>/themes is found and listed")
    func userTheme() throws {
        let config = try scratchConfig()
        defer { try? FileManager.default.removeItem(atPath: config) }
        try "name = \"night\"\n[selection]\nbg = 53\nattrs = [\"bold\"]\n"
            .write(toFile: config + "/app/themes/night.toml", atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(appName: "app", environment: ["XDG_CONFIG_HOME": config, "HOME": "/nonexistent"])
        #expect(catalog.userDirectory == config + "/app/themes")
        #expect(catalog.availableNames().last == "night")
        let load = catalog.load("night")
        #expect(load.theme.name == "night" && load.diagnostics.isEmpty)
        #expect(load.theme.resolve(Style(.selection), mode: .colors256).background == Color(53))
    }

    @Test("Without XDG_CONFIG_HOME, themes are looked for in ~/.config/<app>/themes")
    func homeFallback() {
        let catalog = ThemeCatalog(appName: "warden", environment: ["HOME": "/home/officer"])
        #expect(catalog.userDirectory == "/home/officer/.config/warden/themes")
    }

    @Test("A bad user theme falls back to the default theme with a message naming file and line")
    func badUserTheme() throws {
        let config = try scratchConfig()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let path = config + "/app/themes/oops.toml"
        try "[selection]\nfg = 300\n".write(toFile: path, atomically: true, encoding: .utf8)
        let load = ThemeCatalog(appName: "app", environment: ["XDG_CONFIG_HOME": config]).load("oops")
        #expect(load.theme == .default)
        #expect(load.fellBack)
        #expect(load.diagnostics.first?.description == "\(path):2:1: fg = 300 in [selection] is out of range: use 0-255")
        #expect(load.diagnostics.last?.message.contains("using the default theme") == true)
    }

    @Test("An unknown theme name says what exists and falls back")
    func unknownName() {
        let load = ThemeCatalog(appName: "app", environment: ["HOME": "/h"]).load("solarised")
        #expect(load.theme == .default)
        #expect(load.diagnostics.first?.message.contains("built-in themes are default, light, high-contrast, colour-blind, monochrome") == true)
        #expect(load.diagnostics.first?.message.contains("/h/.config/app/themes/NAME.toml") == true)
    }
}

@Suite("Colour mode")
struct ColorModeTests {
    @Test("NO_COLOR (when not empty) means monochrome; otherwise the terminal's colour count decides")
    func detection() {
        #expect(ColorMode.detect(terminalColors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorMode.detect(terminalColors: 256, environment: ["NO_COLOR": ""]) == .colors256)
        #expect(ColorMode.detect(terminalColors: 256, environment: [:]) == .colors256)
        #expect(ColorMode.detect(terminalColors: 8, environment: [:]) == .colors8)
        #expect(ColorMode.detect(terminalColors: 0, environment: [:]) == .monochrome)
    }

    @Test("Under monochrome every theme draws without colours, only attributes")
    func monochromePath() {
        for name in Theme.builtInNames {
            let theme = Theme.builtIn(name)!
            for role: Role in [.selection, .header, .statusWarn, .ragRed, "risk.high", .dialog] {
                let r = theme.resolve(Style(role), mode: .monochrome)
                #expect(r.foreground.isDefault && r.background.isDefault, "\(name) \(role)")
            }
            #expect(theme.resolve(Style(.statusError), mode: .monochrome).attributes.contains(.bold), "\(name): errors must stand out")
        }
    }
}
