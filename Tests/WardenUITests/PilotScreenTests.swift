import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
import WardenLinkage
@testable import WardenUI

private let programme = DashboardFixture.pilotProgramme

/// The test officer (a housing officer) is allowed the pilot and sources panels by the default policy.
@Suite("Pilot and data-sources panels")
struct PilotScreenTests {
    @Test("The pilot panel shows every participant's status as a symbol and a word, and the Gantt chart marks today")
    func statusesAndToday() async throws {
        let t = try await makeTester(first: PilotScreen(programme: programme))
        for (name, status) in [("Eastbridge (live)", "◷ behind"), ("Waltham Forest", "✔ on time"), ("Newham", "◷ behind"),
                               ("Hackney", "✖ blocked"), ("Redbridge", "◷ behind"), ("Tower Hamlets", "◷ behind"), ("Camden", "✔ on time")] {
            let row = try #require(t.row(containing: name), "no row for \(name)")
            #expect(t.lines[row].contains(status), "\(name): \(t.lines[row])")
        }
        #expect(t.shows("✔ 3 on time  ◷ 4 behind  ✖ 1 blocked"))
        // Today (2 November 2026) is marked on the chart's axis row and named in its legend.
        let axis = try #require(t.lines.firstIndex { $0.contains("▼") })
        #expect(t.lines[axis].contains("Nov") || t.lines[axis].contains("Dec"))
        #expect(t.shows("│ today"))
        #expect(t.lines[(axis + 1)...].contains { $0.contains("Data collection") })
        // The file's two bad lines are reported; the valid part still opened.
        #expect(t.shows("⚠ 2 bad lines in the programme file"))
        await t.press(.char("5"))
        #expect(t.shows("unknown participant \"Hackny\""))
        #expect(t.shows("\"31/03/2027\" is not a date"))
    }

    @Test("The pilot panel reads without colour or Unicode: ASCII symbols with the same words")
    func asciiStatuses() async throws {
        let t = try await makeTester(theme: .monochrome, mode: .monochrome, symbols: .ascii, first: PilotScreen(programme: programme))
        let hackney = try #require(t.row(containing: "Hackney"))
        #expect(t.lines[hackney].contains("x blocked"))
        let waltham = try #require(t.row(containing: "Waltham Forest"))
        #expect(t.lines[waltham].contains("+ on time"))
        // The today marker sits between September and December on the axis row.
        let axis = try #require(t.lines.firstIndex { $0.contains("Sep") && $0.contains("Dec") })
        let v = try #require(column(of: "v", in: t.lines[axis]))
        #expect(v > column(of: "Sep", in: t.lines[axis])! && v < column(of: "Dec", in: t.lines[axis])!)
        #expect(!t.lines.contains { $0.contains("—") || $0.contains("✔") })
        #expect(t.shows("| today"))
    }

    @Test("Enter on a participant lists its data asks with due dates, what was supplied and why")
    func participantDrillDown() async throws {
        let t = try await makeTester(size: wide, first: PilotScreen(programme: programme))
        await t.press(.down, .down)                              // Newham
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == "Newham")
        #expect(t.shows("◷ behind"))
        #expect(t.shows("Licensing register supplied 13 days late"))
        let late = try #require(t.lines.lastIndex { $0.contains("Licensing register") })
        #expect(t.lines[late].contains("15/10/2026") && t.lines[late].contains("28/10/2026") && t.lines[late].contains("late"))
        #expect(t.lines[late].contains("13 days after the due date"))
        let ontime = try #require(t.row(containing: "Council tax liable parties"))
        #expect(t.lines[ontime].contains("on time") && t.lines[ontime].contains("98%"))
        await t.press(.char("3"))
        #expect(t.shows("History (0)"))
        await t.press(.escape, .home, .enter)                    // the local borough: asks tied to its loaded systems
        #expect(t.model.top.title == "Eastbridge")
        #expect(t.shows("live from this warehouse's loads"))
        let inspections = try #require(t.lines.lastIndex { $0.contains("Property inspections") })
        #expect(t.lines[inspections].contains("overdue") && t.lines[inspections].contains("not yet"))
        #expect(t.lines[inspections].contains("nothing supplied by the due date"))
        #expect(t.lines[inspections].contains("no inspection extract loaded"))
    }

    @Test("Loading a new extract changes the local borough's row: it is derived from the loads, not typed")
    func localRowFollowsLoads() async throws {
        let w = try makeWarehouse()
        let before = try await makeTester(first: PilotScreen(programme: programme), warehouse: w)
        let row = try #require(before.row(containing: "Eastbridge (live)"))
        #expect(before.lines[row].contains("◷ behind") && before.lines[row].contains("3 of 4"))
        #expect(before.lines[row].contains("Property inspections"))
        // A property inspections extract lands (the same rows `warden import` writes for a load).
        try await w.pool.write { db in
            try db.execute(sql: "INSERT INTO source(name, system, kind, title, definition) VALUES ('property_inspections', 'inspection', 'event', 'Property Inspections', '{}')")
            try db.execute(sql: """
                INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                                 rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current)
                VALUES (?, 'fixture/property_inspections.csv', ?, 0, '2026-11-02T08:00:00Z', '2026-11-02T08:01:00Z', 'loader', 40, 40, 0, 0, 0, 1)
                """, arguments: [db.lastInsertedRowID, String(repeating: "a", count: 64)] as StatementArguments)
        }
        await before.press(.char("r"))
        let after = try #require(before.row(containing: "Eastbridge (live)"))
        #expect(before.lines[after].contains("✔ on time"), "\(before.lines[after])")
        #expect(before.lines[after].contains("4 of 4"))
        #expect(before.shows("✔ 4 on time  ◷ 3 behind  ✖ 1 blocked"))
        // The other participants' rows come from the file and did not move.
        let redbridge = try #require(before.row(containing: "Redbridge"))
        #expect(before.lines[redbridge].contains("◷ behind"))
    }

    @Test("The programmes list opens a programme; the home tile counts statuses and leads to the panel")
    func listAndTile() async throws {
        let t = try await makeTester(size: wide)
        let tile = try #require(t.row(containing: "Pilots"))
        #expect(t.lines[tile...].contains { $0.contains("On time/behind/blocked") && $0.contains("3 / 4 / 1") })
        #expect(t.lines[tile...].contains { $0.contains("Milestones") && $0.contains("3 of 7 done") })
        #expect(t.lines[tile...].contains { $0.contains("Programme file") && $0.contains("2 bad lines") })
        #expect(t.lines[tile...].contains { $0.contains("Eastbridge (this warehouse)") && $0.contains("behind") })
        await t.press(.char(":"))
        await t.type("pilots")
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == "Pilots")
        let r = try #require(t.row(containing: programme))
        #expect(t.lines[r].contains("3 of 7 done"))
        await t.press(KeyEvent.enter)
        #expect(t.model.top.title == programme)
        #expect(t.shows("Participants (8)"))
    }

    @Test("The pilot panel at 80×24", arguments: [standard])
    func golden(size: Size) async throws {
        let t = try await makeTester(size: size, first: PilotScreen(programme: programme))
        expectGolden("pilot-\(size.width)x\(size.height)", t.screen)
    }

    @Test("The sources panel lists every source with its rows, rejects, freshness, match rates, records lost at the merge and a trend")
    func sourcesPanel() async throws {
        let t = try await makeTester(first: SourcesScreen())
        #expect(t.shows("11 sources, extracts as of 31/10/2026"))
        for (_, _, kind, title, _, _) in DashboardFixture.sources {
            let row = try #require(t.row(containing: String(title.prefix(14))), "no row for \(title)")
            let line = t.lines[row]
            if kind == "gazetteer" { continue }
            // Lost at the merge now (0 of its address-bearing records) and a trend over four loads, falling.
            #expect(line.contains("0 (0.0%)"), "\(line)")
            #expect(line.contains("█▅▃"), "\(line)")
        }
        let tf = try #require(t.row(containing: "Troubled Families"))
        #expect(t.lines[tf].contains("48 d"))                  // loaded 15 September: the stalest
        let hb = try #require(t.row(containing: "Housing Benefit"))
        #expect(t.lines[hb].contains("2"))                       // rows rejected
        expectGolden("sources-80x24", t.screen)
    }

    @Test("A source that lost nothing at any merge shows a flat baseline, not a blank; a load without the figure is a gap")
    func flatTrendIsVisible() async throws {
        let w = try makeWarehouse()
        try await w.pool.write { db in
            let loads = "SELECT l.id FROM load l JOIN source s ON s.id = l.source_id WHERE s.name = ?"
            try db.execute(sql: "UPDATE source_quality_history SET unmatched = 0 WHERE load_id IN (\(loads))", arguments: ["housing_benefit"])
            try db.execute(sql: "UPDATE source_quality_history SET unmatched = NULL WHERE load_id = (\(loads) ORDER BY l.finished_at LIMIT 1)",
                           arguments: ["council_tax"])
        }
        for (symbols, flat, gapped) in [(Symbols.unicode, "▁▁▁▁", " █▄ "), (.ascii, "____", " #~ ")] {
            let t = try await makeTester(mode: symbols.isASCII ? .monochrome : .colors256, symbols: symbols, first: SourcesScreen(), warehouse: w)
            let hb = try #require(t.row(containing: "Housing Benefit"))
            #expect(t.lines[hb].contains(flat), "\(t.lines[hb])")
            let ct = try #require(t.row(containing: "Council Tax"))
            #expect(t.lines[ct].contains(gapped), "\(t.lines[ct])")
        }
        let t = try await makeTester(size: wide, first: SourceScreen(source: "housing_benefit"), warehouse: w)
        let row = try #require(t.row(containing: "Lost at merge by load"))
        #expect(t.lines[row].contains("▁▁▁▁  now 0"), "\(t.lines[row])")
    }

    @Test("Enter on a source shows its rejects by reason with example lines, and its load history; the lines are audited")
    func sourceDetail() async throws {
        let t = try await makeTester(first: SourcesScreen())
        let w = t.warehouse
        await t.press(.down, .down, .down, .enter)               // Housing Benefit and CTR
        #expect(t.model.top.title == "Housing Benefit and CTR")
        #expect(t.shows("not a date: 31/02/1970"))
        #expect(t.shows("line 9"))
        #expect(t.shows("HB-7777 | Mark | Jones | 31/02/1970"))   // tabs shown as separators
        #expect(t.shows("row has 4 fields, the header 9"))
        // the rejected lines (and the field issues' values, below them) are each audited
        let logs = try auditRows(w).suffix(2)
        #expect(logs.contains { $0.subjectType == "rejected_rows" && $0.subjectID == "housing_benefit" && $0.user == fixtureUser })
        await t.press(.char("2"))
        #expect(t.shows("Load history (4)"))
        #expect(t.lines.filter { $0.contains("/2026") }.count >= 4)
    }

    @Test("A field issue's value is shown only to a role that may see its field's group: an NI number not to an enforcement officer")
    func fieldIssueValuesFollowTheirFieldGroup() async throws {
        let t = try await makeTester(as: "zed", role: "enforcement_officer", size: wide, first: SourceScreen(source: "housing_benefit"))
        let definition = #"{"name":"housing_benefit","system":"housing_benefit","kind":"person","title":"Housing Benefit","file":"hb.csv","encoding":"utf-8","delimiter":",","quote":"\"","header":true,"dateFormats":[],"nameFormat":"title forenames surname","key":[],"ragged":"fail","columns":[{"column":"NINO","field":"nino","required":false,"values":{}},{"column":"DOB","field":"dob","required":false,"values":{}}],"manifestLine":1}"#
        try await t.warehouse.pool.write { db in
            try db.execute(sql: "UPDATE source SET definition = ? WHERE name = 'housing_benefit'", arguments: [definition])
            try db.execute(sql: """
                INSERT INTO field_issue(load_id, source_id, line, field, value, reason, repaired)
                SELECT l.id, l.source_id, 9, 'NINO', 'QQ682965D', 'not a valid NI number', 0 FROM load l JOIN source s ON s.id = l.source_id
                WHERE s.name = 'housing_benefit' AND l.is_current = 1
                """)
        }
        let examples = try #require(try t.model.context.data.fieldIssueExamples(source: "housing_benefit"))
        #expect(examples.first { $0.field == "NINO" }?.value == "(withheld: identifiers)")
        #expect(!examples.contains { $0.value.contains("QQ682965D") })
    }

    @Test("A source's field issues are listed by reason, with each line, the value as read and whether it was repaired; the values are sanitised and audited")
    func sourceFieldIssues() async throws {
        let t = try await makeTester(first: SourceScreen(source: "council_tax"))
        #expect(t.shows("Field issues 2"))
        #expect(t.shows("field issues (1)"))
        let reason = try #require(t.row(containing: "not a UK postcode"))
        #expect(t.lines[reason].contains("2 POSTCODE"), "\(t.lines[reason])")
        let seven = try #require(t.row(containing: "line 7"))
        #expect(t.lines[seven].contains("\"E17 XYZ\" left out"), "\(t.lines[seven])")
        // A value holding an escape sequence is drawn, not obeyed.
        let eleven = try #require(t.row(containing: "line 11"))
        #expect(t.lines[eleven].contains("E17") && t.lines[eleven].contains("4AB"), "\(t.lines[eleven])")
        #expect(!t.lines.contains { $0.unicodeScalars.contains { $0.value == 0x1B } })
        let log = try auditRows(t.warehouse).last
        #expect(log?.subjectType == "field_issues" && log?.subjectID == "council_tax" && log?.user == fixtureUser)
        // Rejects and issues together each have a heading; a repaired value says so.
        let hb = try await makeTester(first: SourceScreen(source: "housing_benefit"))
        #expect(hb.shows("Rejected rows (not loaded)"))
        #expect(hb.shows("Field issues (the row loaded)"))
        let five = try #require(hb.row(containing: "line 5 "))
        #expect(hb.lines[five].contains("\"13/05/1980\" repaired"), "\(hb.lines[five])")
        // A role that may not see identities sees the reasons but not the values.
        let lead = try await makeTester(as: "p.lead", role: "programme_lead", size: standard, first: SourceScreen(source: "council_tax"))
        #expect(lead.shows("not a UK postcode") && lead.shows("values withheld"))
        #expect(!lead.shows("E17 XYZ"))
    }

    @Test("A programme lead sees the figures but not the rejected lines, which hold personal data")
    func rejectLinesWithheld() async throws {
        let t = try await makeTester(as: "p.lead", role: "programme_lead", size: standard, first: SourceScreen(source: "housing_benefit"))
        #expect(t.shows("not a date: 31/02/1970"))
        #expect(t.shows("example lines withheld"))
        #expect(!t.shows("Mark"))
    }

    @Test("A role the policy does not give the pilot panels is told so, and the home screen has no Pilots tile")
    func refusedWithoutPolicy() async throws {
        let t = try await makeTester(as: "e.officer", role: "enforcement_officer")
        #expect(t.shows("Sources loaded"))
        #expect(!t.shows("┌ Pilots"))
        await t.press(.char(":"))
        await t.type("pilots")
        await t.press(KeyEvent.enter)
        #expect(t.shows("Your role (Enforcement officer) may not open the pilot panels"))
        #expect(!t.shows("Waltham Forest"))
    }

    @Test("A programme lead records a dataset supplied and resolves a blocker from the participant's panel; both land in the history")
    func editsFromTheDashboard() async throws {
        let w = try makeWarehouse()
        let t = try await makeTester(size: wide, first: ParticipantScreen(programme: programme, participant: "Hackney"), warehouse: w)
        #expect(t.shows("✖ blocked"))
        let asked = try #require(t.lines.lastIndex { $0.contains("Licensing register") })
        #expect(t.lines[asked].contains("not yet") && t.lines[asked].contains("overdue"), "\(t.lines[asked])")
        // s: supplied today (the prompt's empty date), 91% usable
        await t.press(.char("s"))
        #expect(t.shows("Supplied on (dd/mm/yyyy; empty: today)"))
        await t.press(KeyEvent.enter)
        #expect(t.shows("Quality, % of records usable"))
        await t.type("91")
        await t.press(KeyEvent.enter)
        #expect(t.shows("Licensing register recorded as supplied on 02/11/2026, quality 91%"))
        let supplied = asked
        #expect(t.lines[supplied].contains("02/11/2026") && t.lines[supplied].contains("91%") && t.lines[supplied].contains("late"), "\(t.lines[supplied])")
        // b: raise a blocker; x: resolve the one that blocked Hackney
        await t.press(.char("2"))
        let open = try #require(t.lines.lastIndex { $0.contains("Licensing system migration froze exports") })
        #expect(t.lines[open].contains("open"))
        await t.press(.char("x"))
        #expect(t.shows("Resolve a blocker"))
        await t.type("31/10/2026")
        await t.press(KeyEvent.enter)
        #expect(t.shows("Blocker resolved on 31/10/2026"))
        let resolved = try #require(t.lines.lastIndex { $0.contains("Licensing system migration froze exports") })
        #expect(t.lines[resolved].contains("resolved") && t.lines[resolved].contains("31/10/2026"), "\(t.lines[resolved])")
        #expect(!t.shows("✖ blocked"))
        await t.press(.char("b"))
        await t.type("Sharing agreement with the new supplier not signed")
        await t.press(KeyEvent.enter)
        #expect(t.shows("Blocker raised: Sharing agreement with the new supplier not signed"))
        #expect(t.shows("✖ blocked"))
        // Esc leaves a prompt without a change; a bad date is refused in words
        await t.press(.char("x"))
        await t.press(.escape)
        #expect(!t.shows("Resolve a blocker"))
        await t.press(.char("3"))
        #expect(t.shows("History (4)"), "\(t.lines.joined(separator: "\n"))")
        #expect(t.shows(fixtureUser))
        // the same changes through the core, as `warden pilot Hackney --json` would show them
        let history = try await w.pool.read { db in try PilotStore.history(db, programme: programme) }
        #expect(history.contains { $0.entity == "dataset" && $0.field == "quality" && $0.after == "0.91" && $0.user == fixtureUser })
        let audited = try await w.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE subject_type LIKE 'pilot_%'") ?? 0 }
        #expect(audited == 4)
    }

    @Test("A date that is not a date is refused in words; the local borough's supplied dates come from its loads")
    func editsRefused() async throws {
        let t = try await makeTester(size: wide, first: ParticipantScreen(programme: programme, participant: "Hackney"))
        await t.press(.char("s"))
        await t.type("31/02/2026")
        await t.press(KeyEvent.enter)
        #expect(t.shows("is not a date: type dd/mm/yyyy"))
        #expect(t.shows("Supplied on"))
        await t.press(.escape)
        let local = try await makeTester(size: wide, first: ParticipantScreen(programme: programme, participant: "Eastbridge"))
        await local.press(.char("s"))
        #expect(local.shows("supplied by this warehouse's own loads"))
        #expect(!local.shows("Supplied on"))
    }

    @Test("A role that may read the pilot panels but not change programmes is not offered the changes")
    func analystCannotEdit() async throws {
        let t = try await makeTester(as: "an.alyst", role: "analyst", first: ParticipantScreen(programme: programme, participant: "Hackney"))
        let data = t.model.context.data
        #expect(t.shows("Licensing register"))
        await t.press(.char("s"))
        #expect(!t.shows("Supplied on"))
        #expect(!t.shows("Record the dataset as supplied"))
        #expect(throws: (any Error).self) { try data.changePilot(programme, .resolveBlocker(blockerID: 1, on: CivilDate(year: 2026, month: 11, day: 1)!)) }
    }

    @Test("Every panel survives tiny windows: nothing drawn past the edge, no crash")
    func tinySizes() async throws {
        let screens: [any DashboardScreen] = [PilotsScreen(), PilotScreen(programme: programme), ParticipantScreen(programme: programme, participant: "Newham"),
                                              SourcesScreen(), SourceScreen(source: "housing_benefit"), AuditScreen(mode: .verify, run: true)]
        for screen in screens {
            let t = try await makeTester(size: standard, first: screen)
            for size in [Size(width: 40, height: 12), Size(width: 20, height: 6), Size(width: 8, height: 4), Size(width: 80, height: 24)] {
                await t.resize(to: size)
                #expect(t.lines.count == size.height)
                for line in t.lines { #expect(DisplayWidth.of(line) == size.width, "\(screen.title) at \(size): |\(line)|") }
            }
            #expect(!t.didQuit)
        }
    }
}
