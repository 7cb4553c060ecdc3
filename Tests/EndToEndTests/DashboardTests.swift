import Foundation
import Testing

/// The real dashboard in a real terminal (tmux): search, open, step to the home and back,
/// resize, quit — and the terminal is restored.
@Suite("Dashboard in tmux (real binary)", .serialized)
struct DashboardTests {
    /// A fresh copy of the dashboard's fixture warehouse.
    func fixture() throws -> String {
        let db = WardenBinary.tempDir("dash").appendingPathComponent("warehouse.sqlite").path
        let r = try WardenBinary.run(["dashboard-fixture", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        // The fixture's admin (whoever runs the tests) makes the tmux session's officer a housing officer.
        let add = try WardenBinary.run(["users", "add", "e2e.officer", "--role", "housing_officer", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        return db
    }

    func sql(_ db: String, _ query: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, query]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Find a resident by a misspelt surname, open them, go to their home and back, resize to 20×8 and back, quit")
    func residentJourney() throws {
        let db = try fixture()
        let t = try DashboardTmux(["--db", db], width: 100, height: 30)
        let startup = try t.waitFor("Sources loaded")
        try t.waitFor("home screen") { $0.contains { $0.contains("Find a resident or a property") } }

        try t.press("/")
        try t.waitFor("Search")
        try t.type("agaolgu")                             // "Ağaoğlu" misspelt: the fuzzy fallback finds her
        let search = try t.waitFor("the resident") { s in s.contains { $0.contains("Zoë Ağaoğlu") } && s.contains { $0.contains("near spellings") } }

        try t.press("Enter")
        try t.waitFor("the purpose question") { s in s.contains { $0.contains("Why are you opening this record?") } }
        try t.press("Down")                               // "Tenancy management"
        try t.press("Enter")
        let open = try t.waitFor("the person screen") { s in
            s.contains { $0.contains("Home › Search ‘agaolgu’ › Zoë Ağaoğlu (1390001)") } && s.contains { $0.contains("Mobile Number(s)") }
        }
        let person = try t.screen()
        #expect(person.contains { $0.contains("07700900123  last seen 30/09/2026") })

        try t.press("p")                                  // to their home
        try t.waitFor("the property screen") { s in
            s.contains { $0.contains("› Flat 2, Rose Court, 2 High Street") } && s.contains { $0.contains("Occupants (1)") }
        }
        #expect(try t.screen().contains { $0.contains("Zoë Ağaoğlu") && $0.contains("1390001") })

        try t.press("Escape")                             // back to the person, as it was
        // as it was, but for the bottom line: the purpose just chosen was said there, and that
        // message stayed behind when the officer went to the property
        try t.waitFor("the person again") { $0.dropLast() == person.dropLast() }

        try t.resize(width: 20, height: 8)
        try t.waitFor("the too-small message") { s in s.count == 8 && s.joined(separator: " ").contains("Terminal too small") }
        try t.resize(width: 100, height: 30)
        try t.waitFor("the person after the resize") { $0.dropLast() == person.dropLast() }

        try t.press("q")
        try t.waitFor("EXIT=0")
        let after = try t.screen()
        // The alternate screen is gone: the shell's own lines are back, the dashboard's are not.
        #expect(after.contains { $0.contains("BEFORE-WARDEN") })
        #expect(!after.contains { $0.contains("Virtual Id") || $0.contains("Warden ·") })

        // The access log holds the settled search and both views, by this officer, from the dashboard.
        let log = try sql(db, "SELECT action || ' ' || coalesce(subject_type, '') || ' ' || coalesce(subject_id, '') || ' ' || screen || ' ' || user || ' ' || coalesce(role, '-') || ' ' || coalesce(purpose, '-') FROM audit_log WHERE user = 'e2e.officer' ORDER BY id")
        #expect(log.components(separatedBy: "\n") == [
            "search   dashboard:search e2e.officer housing_officer -",
            "view person 1390001 dashboard:person e2e.officer housing_officer Tenancy management",
            "view property 100000000012 dashboard:property e2e.officer housing_officer Tenancy management",
        ])
        print(String(format: "tmux latency: start to home %.0f ms; last search key to results %.0f ms; Enter to person %.0f ms",
                     ms(startup), ms(search), ms(open)))
    }

    @Test("Wide names line up in the real terminal, and every key reaches the screen in time")
    func wideNamesAndKeyLatency() throws {
        let db = try fixture()
        let t = try DashboardTmux(["dashboard", "--db", db], width: 120, height: 32)
        try t.waitFor("Sources loaded")
        try t.press("/")
        try t.waitFor("Find ")
        var samples: [Duration] = []
        var typed = ""
        for c in "elm road" {
            typed.append(c)
            try t.type(String(c))
            if c == " " { continue }                      // capture-pane trims trailing blanks: nothing to see
            samples.append(try t.waitFor("Find \(typed)") { s in s.contains { $0.contains("Find \(typed)") } })
        }
        try t.waitFor("the results") { s in s.contains { $0.contains("李小龍") } && s.contains { $0.contains("Mary Smith") } }
        let s = try t.screen()
        let li = try #require(s.first { $0.contains("李小龍") })
        let mary = try #require(s.first { $0.contains("Mary Smith") })
        #expect(displayColumn(of: "27/11/1978", in: li) == displayColumn(of: "02/03/1957", in: mary))
        #expect(displayColumn(of: "1390002", in: li) == displayColumn(of: "1381425", in: mary))
        try t.press("Down")                               // into the people list
        try t.waitFor("the list to take the focus") { s in s.contains { $0.contains("? Help") } }
        for key in ["Down", "Up", "Down", "Up", "Down", "Up"] {
            let before = try t.screen()
            try t.press(key)
            samples.append(try t.waitFor("the selection to move") { $0 != before })
        }
        try t.press("C-c")                                // Ctrl-C: 128 + SIGINT, terminal restored
        try t.waitFor("EXIT=130")
        #expect(try t.screen().contains { $0.contains("BEFORE-WARDEN") })
        let sorted = samples.map(ms).sorted()
        print(String(format: "tmux latency: key to screen, median %.0f ms, worst %.0f ms over %d keys", sorted[sorted.count / 2], sorted.last!, sorted.count))
        #expect(sorted[sorted.count / 2] < 500)
    }

    @Test("Plain mode and monochrome: ASCII and no colour; --no-mouse; NO_COLOR honoured")
    func plainAndMonochrome() throws {
        let db = try fixture()
        let plain = try DashboardTmux(["--db", db, "--plain"], width: 90, height: 26)
        try plain.waitFor("Sources loaded")
        let screen = try plain.screen()
        #expect(screen.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(screen.contains { $0.hasPrefix("+ Borough ") })
        #expect(colourParameters(try plain.screen(escapes: true).joined()).isEmpty)
        try plain.press("q")
        try plain.waitFor("EXIT=0")

        let mono = try DashboardTmux(["--db", db, "--theme", "high-contrast", "--no-mouse"], width: 90, height: 26, environment: ["NO_COLOR": "1"])
        try mono.waitFor("Sources loaded")
        let escapes = try mono.screen(escapes: true).joined()
        #expect(colourParameters(escapes).isEmpty)
        #expect(sgr(escapes).contains { $0.contains(7) })  // the selection is reverse video
        try mono.press("q")
        try mono.waitFor("EXIT=0")

        let bad = try DashboardTmux(["--db", db, "--theme", "no-such-theme"], width: 90, height: 26)
        try bad.waitFor("Sources loaded")
        try bad.press("q")
        try bad.waitFor("EXIT=0")
        #expect(try bad.screen().contains { $0.contains("no theme named \"no-such-theme\"") })
    }
}

/// The parameter lists of every SGR sequence (`ESC [ ... m`) in `text`.
func sgr(_ text: String) -> [[Int]] {
    var out: [[Int]] = []
    var rest = Substring(text)
    while let start = rest.range(of: "\u{1B}[") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
        if rest[end] == "m" { out.append(rest[..<end].split(separator: ";").compactMap { Int($0) }) }
        rest = rest[end...]
    }
    return out
}

/// SGR parameters that set a colour (foreground or background, basic, bright or indexed).
func colourParameters(_ text: String) -> [Int] {
    sgr(text).flatMap { $0 }.filter { (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0) }
}
