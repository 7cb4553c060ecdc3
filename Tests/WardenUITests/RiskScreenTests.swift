import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// The enforcement officer the risk tests act as.
let enforcementUser = "enforce.officer"

/// The fixture with HMO risk scores, used by an officer of `role`.
func makeRiskTester(role: String = "enforcement_officer", size: Size = standard, mode: ColorMode = .colors256, symbols: Symbols = .unicode,
                    first: (any DashboardScreen)? = nil, scored: Bool = true) async throws -> ScreenTester<DashboardApp> {
    let w = try makeWarehouse()
    if scored { try DashboardFixture.addRisk(to: w) }
    try await w.pool.write { db in
        try db.execute(sql: "INSERT INTO warden_user(account, role, team, added_at, added_by) VALUES (?, ?, 'Private sector housing', ?, 'test')",
                       arguments: [enforcementUser, role, AuditLog.timestamp()])
    }
    let data = try DashboardData(warehouse: w, user: enforcementUser)
    try data.access.setPurpose("HMO and property licensing enforcement")
    let app = DashboardApp(data: data, today: fixtureToday, first: first)
    return await ScreenTester(app, size: size, mode: mode, symbols: symbols, catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
}

extension ScreenTester where M == DashboardApp {
    var wardScreen: WardScreen? { model.top as? WardScreen }
    /// Runs a palette command.
    func palette(_ text: String) async {
        await press(.char(":"))
        await type(text)
        await press(.enter)
    }
}

@Suite("HMO risk panels")
struct RiskScreenTests {
    static let wards = ["Elm Park", "Northgate", "Riverside", "St Mary's"]

    /// Screen rows holding each ward's name, in screen order.
    func wardOrder(_ t: ScreenTester<DashboardApp>) -> [String] {
        t.lines.compactMap { line in Self.wards.first { line.dropFirst(2).hasPrefix($0) } }
    }

    @Test("The overview lists every ward, a borough total and the model's accuracy, and sorts on any column")
    func overview() async throws {
        let t = try await makeRiskTester(size: wide)
        await t.palette("wards")
        #expect(t.breadcrumb == "Home › Wards")
        #expect(t.shows("Risk & Accuracy") && t.shows("AUC") && t.shows("× random"))
        #expect(Set(wardOrder(t)) == Set(Self.wards))
        let total = try #require(t.row(containing: "Borough total"))
        #expect(total > (t.row(containing: "Riverside") ?? Int.max))
        // The total adds up the wards (from the same core query the CLI prints).
        let o = try await t.warehouse.pool.read { try RiskQueries.wards($0) }
        #expect(t.lines[total].contains(" \(o.total.properties) "))
        #expect(o.wards.reduce(0) { $0 + $1.high } == o.total.high)
        // Default order: most unlicensed High-risk dwellings first, as `warden wards` sorts.
        #expect(wardOrder(t) == o.wards.map(\.name))
        #expect(t.shows("High ▼"))
        // `<` steps the sort column back to the ward's name (A–Z); `S` reverses it (as in the case queues).
        await t.press(.char("<"), .char("<"), .char("<"), .char("<"))
        #expect(t.shows("Ward ▲"))
        #expect(wardOrder(t) == Self.wards)
        await t.press(.char("S"))
        #expect(wardOrder(t) == Self.wards.reversed())
        // `s` moves on to the next column: properties, largest first.
        await t.press(.char("s"))
        #expect(t.shows("Props ▼"))
        let byProperties = try await t.warehouse.pool.read { try RiskQueries.wards($0, sort: .properties, descending: true) }
        #expect(wardOrder(t) == byProperties.wards.map(\.name))
        #expect(wardOrder(t).last == DashboardFixture.emptyWard)
    }

    @Test("The stacked bar draws each band with its own fill, readable without colour")
    func stackedBar() async throws {
        let t = try await makeRiskTester(mode: .monochrome, first: WardsScreen())
        let elm = try #require(t.lines.first { $0.contains("Elm Park") })
        #expect(elm.contains("█") && elm.contains("░"))
        #expect(t.shows("█ High") && t.shows("▓ Moderate") && t.shows("▒ Some") && t.shows("░ Low"))
        // The empty ward has no bar, not a crash.
        let empty = try #require(t.lines.first { $0.contains(DashboardFixture.emptyWard) })
        #expect(!empty.contains("█") && !empty.contains("░"))
        #expect(RiskLook.barText([1, 0, 0, 999], width: 10, ascii: false) == "█░░░░░░░░░")
        #expect(RiskLook.barText([3, 3, 3, 3], width: 8, ascii: true) == "##==++..")
    }

    @Test("Enter on a ward shows its properties ranked by risk, and is recorded in the access log")
    func drillDown() async throws {
        let t = try await makeRiskTester(first: WardsScreen())
        let order = wardOrder(t)
        for _ in 0..<(order.firstIndex(of: "Elm Park") ?? 0) { await t.press(.down) }
        await t.press(.enter)
        let s = try #require(t.wardScreen)
        #expect(t.breadcrumb == "Wards › Elm Park")
        #expect(t.shows("Elm Park — 51 dwellings"))
        #expect(s.matching == 51)
        // Ranked: rank 1 first, scores never rise down the list.
        #expect(s.rows.first?.wardRank == 1)
        #expect(s.rows.map(\.score) == s.rows.map(\.score).sorted(by: >))
        let first = try #require(t.lines.firstIndex { $0.hasPrefix("▶") })
        #expect(t.lines[first].contains(Format.shortAddress(s.rows[0].address)))
        #expect(t.lines[first].contains(String(s.rows[0].score)))
        // The selected property's reasons are spelt out under the list.
        #expect(t.shows("Why \(s.rows[0].score): " + (s.rows[0].topFactors.first?.text ?? "")))
        let views = try auditRows(t.warehouse).filter { $0.action == "view" && $0.subjectType == "ward" }
        #expect(views.count == 1)
        #expect(views.first?.subjectID == "Elm Park" && views.first?.screen == "dashboard:ward" && views.first?.user == enforcementUser)
        #expect(views.first?.purpose == "HMO and property licensing enforcement")
    }

    @Test("Filters change the rows: band, licence, inspection and tenure")
    func filters() async throws {
        let t = try await makeRiskTester(first: WardScreen(name: "Elm Park"))
        let all = try #require(t.wardScreen).matching
        await t.press(.char("b"))                               // High only
        var s = try #require(t.wardScreen)
        #expect(t.shows("band High*"))
        #expect(s.matching < all && s.matching > 0)
        #expect(s.rows.allSatisfy { $0.band == .high })
        #expect(!t.shows("◆ Moderate") && !t.shows("· Low"))
        await t.press(.char("b"))                               // Moderate only
        s = try #require(t.wardScreen)
        #expect(s.rows.allSatisfy { $0.band == .moderate })
        await t.press(.char("c"), .char("l"))                   // cleared, then unlicensed only
        s = try #require(t.wardScreen)
        #expect(t.shows("licence unlicensed*"))
        #expect(s.matching == all - 2)                          // 3 and 10 Harrow Street hold HMO licences
        #expect(s.rows.allSatisfy { !$0.hmoLicensed })
        await t.press(.char("l"))                               // HMO-licensed only
        s = try #require(t.wardScreen)
        #expect(s.rows.allSatisfy(\.hmoLicensed) && s.matching == 2)
        #expect(t.shows("3 Harrow Street") && t.shows("10 Harrow Street"))
        await t.press(.char("c"), .char("i"))                   // never inspected
        s = try #require(t.wardScreen)
        #expect(s.rows.allSatisfy { $0.lastInspected == nil })
        #expect(!s.rows.isEmpty)
        await t.press(.char("i"))                               // inspected
        s = try #require(t.wardScreen)
        #expect(s.rows.allSatisfy { $0.lastInspected != nil } && !s.rows.isEmpty)
        await t.press(.char("c"), .char("T"))                   // private rented
        s = try #require(t.wardScreen)
        #expect(t.shows("tenure private rented*"))
        #expect(s.rows.allSatisfy { $0.tenure == "private_rented" } && s.matching < all)
        await t.press(.char("c"))
        #expect(try #require(t.wardScreen).matching == all)
    }

    @Test("Rows are fetched a page at a time, only as far as the officer scrolls")
    func virtualScrolling() async throws {
        let t = try await makeRiskTester(first: WardScreen(name: "Elm Park"))
        var s = try #require(t.wardScreen)
        #expect(s.matching == 51)
        #expect(s.rows.count < 51)                              // the first pages only
        #expect(!t.lines.contains { $0.hasPrefix("     51 ") })    // rank 51 is not on screen
        await t.press(.end)
        s = try #require(t.wardScreen)
        #expect(s.rows.count == 51)
        #expect(s.rows.map(\.wardRank) == Array(1...51))        // keyset pages joined without gaps or repeats
        #expect(t.lines.contains { $0.hasPrefix("▶    51 ") })
        #expect(t.wardScreen?.statusMessage == "51 of 51")
    }

    @Test("The map draws every dwelling, High and Moderate by symbol, and marks the selected one")
    func map() async throws {
        let t = try await makeRiskTester(mode: .monochrome, first: WardScreen(name: "Elm Park"))
        await t.press(.char("m"))
        #expect(t.shows("Map of Elm Park: 51 dwellings"))
        let s = try #require(t.wardScreen)
        let bands = Set(try #require(s.map).points.map(\.band))
        for b in bands where b != .low { #expect(t.shows(b.symbol), "no \(b.rawValue) symbol on the map") }
        #expect(t.lines.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })   // braille for Low
        #expect(t.shows("◎"))                                   // the selected property
        #expect(t.shows("● High") && t.shows("◆ Moderate") && t.shows("▲ Some") && t.shows("◎ selected"))
        await t.press(.char("m"))
        #expect(!t.shows("Map of Elm Park"))
        // In ASCII the bands are letters.
        let a = try await makeRiskTester(symbols: .ascii, first: WardScreen(name: "Elm Park"))
        await a.press(.char("m"))
        #expect(a.shows("H High") && a.shows("@ selected"))
    }

    @Test("The map shows what the filters choose, each dwelling where it was; clearing them brings the rest back")
    func mapFollowsFilters() async throws {
        let t = try await makeRiskTester(mode: .monochrome, first: WardScreen(name: "Elm Park"))
        await t.press(.char("m"))
        let all = try #require(t.wardScreen?.map)
        #expect(t.shows("Map of Elm Park: 51 dwellings"))
        await t.press(.char("b"))                                  // High only
        let high = try #require(t.wardScreen?.map)
        let highCount = all.points.filter { $0.band == .high }.count
        #expect(highCount > 0 && highCount < 51)
        #expect(t.shows("Map of Elm Park: \(highCount) of 51 dwellings"))
        #expect(high.points.allSatisfy { $0.band == .high })
        #expect(high.minEasting == all.minEasting && high.maxNorthing == all.maxNorthing)   // the same extent: nothing moves
        #expect(t.wardScreen?.statusMessage.hasSuffix(" of \(highCount)") == true)           // list and map agree
        await t.press(.char("c"))
        #expect(t.shows("Map of Elm Park: 51 dwellings"))
    }

    @Test("The map puts dwellings where they are, north up")
    func mapGeometry() throws {
        // A dwelling at the north-west corner and one at the south-east corner of a 100 m square.
        let json = #"""
            {"ward": "Test", "minEasting": 0, "maxEasting": 100, "minNorthing": 0, "maxNorthing": 100, "points": [
              {"uprn": 1, "easting": 0, "northing": 100, "band": "High", "score": 90, "hmoLicensed": false},
              {"uprn": 2, "easting": 100, "northing": 0, "band": "Low", "score": 5, "hmoLicensed": false}]}
            """#
        let m = try JSONDecoder().decode(WardMap.self, from: Data(json.utf8))
        let cells = WardMapView.cells(m, width: 10, height: 5, selected: 2)
        // Square: 100 m each way, drawn in a 10×5-cell box (20×20 dots) centred.
        let marked = cells.enumerated().flatMap { y, row in row.enumerated().compactMap { x, c in c.band.map { (x, y, $0, c.selected) } } }
        #expect(marked.count == 2)
        let high = try? #require(marked.first { $0.2 == .high })
        let low = try? #require(marked.first { $0.2 == .low })
        #expect(high?.1 == 0 && low?.1 == 4)                    // north at the top
        #expect((high?.0 ?? 99) < (low?.0 ?? -1))               // west on the left
        #expect(low?.3 == true && high?.3 == false)
    }

    @Test("Enter on a property opens the property view on its risk: score, band, why, model, inspections")
    func propertyRisk() async throws {
        let t = try await makeRiskTester(size: wide, first: WardScreen(name: "Elm Park"))
        let top = try #require(t.wardScreen?.rows.first)
        await t.press(.enter)
        let p = try #require(t.model.top as? PropertyScreen)
        #expect(p.uprn == top.uprn)
        #expect(t.shows("HMO risk (\(top.score) \(top.band.rawValue))"))
        #expect(t.shows("\(top.score)/100, \(top.band.rawValue) — rank 1 of 51 in Elm Park"))
        #expect(t.shows("Raised by") && t.shows("Lowered by"))
        if let f = top.topFactors.first { #expect(t.shows(f.text)) }
        #expect(t.shows("Model") && t.shows("AUC"))
        #expect(t.shows("Inspections"))
        let risk = try auditRows(t.warehouse).filter { $0.subjectType == "property" && $0.subjectID == String(top.uprn) }
        #expect(risk.map(\.detail).contains(#"{"view":"risk"}"#))
    }

    @Test("A role without risk scores sees no risk section in the property view")
    func propertyWithoutRisk() async throws {
        let t = try await makeTester(first: PropertyScreen(uprn: DashboardFixture.UPRN.elmRoad14))
        #expect(!t.shows("HMO risk"))
        await t.press(.char("6"))
        #expect(t.shows("Occupants"))
        #expect(try auditRows(t.warehouse).allSatisfy { $0.detail != #"{"view":"risk"}"# })
    }

    @Test("e exports the visit list as CSV through a dialog, and the export is in the access log")
    func export() async throws {
        let t = try await makeRiskTester()
        await t.palette("ward st m")
        #expect(t.stackTitles == ["Home", "St Mary's"])
        await t.press(.char("e"))
        await t.press(.escape)                                   // Esc closes the dialog, not the screen
        #expect(t.stackTitles == ["Home", "St Mary's"] && !t.shows("Export the visit list"))
        await t.press(.char("e"))
        #expect(t.shows("Export the visit list"))
        #expect(t.shows("visits-st-mary-s.csv"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-visits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("stmarys.csv").path
        await t.press(.ctrl("u"))
        await t.type(path)
        await t.press(.enter)
        #expect(!t.shows("Export the visit list"))
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.first == "priority,uprn,address,postcode,score,band,why,tenure,licence_status,last_inspected,last_outcome,model_version")
        let unlicensed = try await t.warehouse.pool.read { try RiskQueries.ward($0, name: "St Mary's", filter: .unlicensed, limit: 1000) }
        // a dwelling inspected in the six months before today has just been seen: it is left off
        let recent = unlicensed.rows.filter { ($0.lastInspected ?? "") > "2026-05-06" }.count
        #expect(recent > 0)
        #expect(lines.count == unlicensed.matching - recent + 1)
        #expect(!lines.contains { line in unlicensed.rows.filter { ($0.lastInspected ?? "") > "2026-05-06" }.contains { line.contains(String(format: "%012lld", $0.uprn)) } })
        #expect(lines.dropFirst().first?.hasPrefix("1,") == true)
        #expect(t.lines.last?.contains("Wrote \(unlicensed.matching - recent) properties (\(recent) inspected in the last 6 months left out) to /") == true, "\(t.lines.last ?? "")")
        let exports = try auditRows(t.warehouse).filter { $0.action == "export" }
        #expect(exports.count == 1)
        #expect(exports.first?.subjectType == "ward" && exports.first?.subjectID == "St Mary's" && exports.first?.user == enforcementUser)
        #expect(exports.first?.detail?.contains(path) == true)
        // Exporting again to the same file asks before replacing it; Esc leaves it alone.
        await t.press(.char("e"), .ctrl("u"))
        await t.type(path)
        await t.press(.enter)
        #expect(t.shows("A file is already there"))
        await t.press(.escape)
        #expect(try auditRows(t.warehouse).filter { $0.action == "export" }.count == 1)
        #expect(t.stackTitles == ["Home", "St Mary's"] && !t.shows("A file is already there"))
    }

    @Test("o records an inspection outcome for the selected property; the list shows it at once")
    func recordInspection() async throws {
        let t = try await makeRiskTester()
        await t.palette("ward riverside")
        await t.press(.char("i"))                                // never inspected
        let target = try #require(t.wardScreen?.rows.first)
        await t.press(.char("o"))
        #expect(t.shows("Record an inspection") && t.shows("1  HMO found") && t.shows("4  No access"))
        await t.press(.escape)                                   // cancelled: nothing recorded, still on the ward
        #expect(t.stackTitles == ["Home", "Riverside"] && !t.shows("Record an inspection"))
        await t.press(.char("o"), .down, .down, .down, .up)       // HMO found → No HMO → Hazards → No access → Hazards
        #expect(t.lines.contains { $0.contains("▶ 3  Hazards found (not an HMO)") })
        await t.press(.char("1"), .enter)
        #expect(t.lines.last?.contains("HMO found recorded at \(Format.shortAddress(target.address)): off the visit list for 6 months") == true)
        #expect(t.lines.last?.contains("warden score") == false)   // an enforcement officer cannot run it
        let stored = try await t.warehouse.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT outcome, recorded_by FROM inspection_outcome WHERE uprn = ? ORDER BY id DESC", arguments: [target.uprn])
        }
        #expect(stored?["outcome"] == "hmo_found")
        #expect(stored?["recorded_by"] == enforcementUser)
        // It is no longer "never inspected": the filtered list no longer holds it.
        #expect(t.wardScreen?.rows.contains { $0.uprn == target.uprn } == false)
        let changes = try auditRows(t.warehouse).filter { $0.action == "change" }
        #expect(changes.first?.subjectID == String(target.uprn) && changes.first?.screen == "dashboard:ward")
    }

    @Test("An inspection can be recorded for an earlier visit: Tab to the date; a future or impossible date is refused in words")
    func recordInspectionOnAnotherDay() async throws {
        let t = try await makeRiskTester()
        await t.palette("ward riverside")
        await t.press(.char("i"))                                // never inspected
        let target = try #require(t.wardScreen?.rows.first)
        await t.press(.char("o"))
        #expect(t.shows("Visit date") && t.shows("Tab: visit date"))
        await t.press(.tab)
        await t.type("31/02/2026")
        await t.press(.enter)
        #expect(t.shows("is not a date: type dd/mm/yyyy") && t.shows("Record an inspection"))
        await t.press(.ctrl("u"))
        await t.type("03/11/2026")                               // the day after the fixture's today
        await t.press(.enter)
        #expect(t.shows("A visit cannot be after today (02/11/2026)") && t.shows("Record an inspection"))
        await t.press(.ctrl("u"))
        await t.type("28/10/2026")
        await t.press(.tab, .down)                               // back to the outcomes: No HMO
        await t.press(.enter)
        #expect(t.lines.last?.contains("recorded at \(Format.shortAddress(target.address))") == true)
        let stored = try await t.warehouse.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT outcome, visited_on FROM inspection_outcome WHERE uprn = ? ORDER BY id DESC", arguments: [target.uprn])
        }
        #expect(stored?["visited_on"] == "2026-10-28")
        #expect(stored?["outcome"] == "no_hmo")
    }

    @Test("The palette opens a ward by a unique start of its name, and says when a name is ambiguous or unknown")
    func paletteWard() async throws {
        let t = try await makeRiskTester()
        await t.palette("ward river")
        #expect(t.breadcrumb == "Home › Riverside")
        await t.press(.escape)
        await t.palette("ward st m")
        #expect(t.model.top.title == "St Mary's")
        await t.press(.escape)
        await t.palette("ward nowhere")
        #expect(t.shows("No ward is called “nowhere”. Wards: Elm Park, Northgate, Riverside, St Mary's"))
        await t.press(.escape)
        await t.palette("ward north")
        #expect(t.shows("Northgate has no properties in the gazetteer."))
    }

    @Test("Home has an HMO risk tile for enforcement officers that leads to the wards")
    func homeTile() async throws {
        let t = try await makeRiskTester(size: wide)
        #expect(t.shows("HMO risk"))
        #expect(t.shows("unlicensed") && t.shows("AUC"))
        let housing = try await makeTester(size: wide)
        #expect(!housing.shows("HMO risk"))
    }

    @Test("Before any scoring the panels say how to score, and show no NaN or empty bars")
    func unscored() async throws {
        let t = try await makeRiskTester(size: wide, scored: false)
        #expect(t.shows("HMO risk") && t.shows("warden score"))          // the home tile says what to do
        await t.palette("wards")
        #expect(t.shows("No risk scores yet") && t.shows("Borough total"))
        #expect(!t.lines.joined().contains("nan"))
        await t.press(.enter)
        #expect(t.shows("No risk scores yet"))
        await t.press(.char("m"))
        #expect(t.shows("has coordinates to draw"))
    }

    @Test("Every risk screen survives a tiny window and comes back whole")
    func tinyWindows() async throws {
        let t = try await makeRiskTester(first: WardsScreen())
        await t.press(.enter, .char("e"))
        for size in [Size(width: 30, height: 8), Size(width: 12, height: 4), Size(width: 1, height: 1)] {
            await t.resize(to: size)
            #expect(t.lines.count == size.height)
        }
        await t.resize(to: standard)
        #expect(t.shows("Export the visit list"))
        await t.press(.escape, .char("m"))
        await t.resize(to: Size(width: 9, height: 5))
        await t.resize(to: standard)
        #expect(t.shows("Map of Elm Park"))
        await t.press(.enter)
        await t.resize(to: Size(width: 14, height: 6))
        await t.resize(to: standard)
        #expect(t.shows("HMO risk ("))
    }

    @Test("Golden screens: the overview, a ward's list and map, a property's risk")
    func goldens() async throws {
        let t = try await makeRiskTester(first: WardsScreen())
        expectGolden("wards-80x24", t.screen)
        await t.press(.enter)
        expectGolden("ward-80x24", t.screen)
        await t.press(.char("m"))
        expectGolden("ward-map-80x24", t.screen)
        let w = try await makeRiskTester(size: wide, first: WardsScreen())
        expectGolden("wards-160x48", w.screen)
        await w.press(.enter)
        expectGolden("ward-160x48", w.screen)
        await w.press(.enter)
        expectGolden("property-risk-160x48", w.screen)
    }

    @Test("A role without the wards screens is told so and sees no figures")
    func refused() async throws {
        let t = try await makeTester()                           // a housing officer
        await t.palette("wards")
        #expect(t.shows("Your role (Housing officer) may not open the wards overview"))
        #expect(!t.shows("Borough total") && !t.shows("Elm Park"))
        await t.press(.escape)
        await t.palette("ward elm")
        #expect(t.shows("Your role (Housing officer) may not open a ward's properties"))
        #expect(try auditRows(t.warehouse).allSatisfy { $0.subjectType != "ward" })
        // A programme lead may see the overview, but not a ward's properties.
        let lead = try await makeRiskTester(role: "programme_lead", first: WardsScreen())
        #expect(lead.shows("Borough total"))
        await lead.press(.enter)
        #expect(lead.shows("may not open a ward's properties"))
        #expect(try auditRows(lead.warehouse).allSatisfy { $0.subjectType != "ward" })
    }
}
