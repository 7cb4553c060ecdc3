import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// The day the tests pretend it is: two days after the fixture's newest load.
let fixtureToday = CalendarDay(year: 2026, month: 11, day: 2)!
/// The officer the tests act as.
let fixtureUser = "test.officer"

let standard = Size(width: 80, height: 24)
let wide = Size(width: 160, height: 48)

/// A fresh fixture warehouse in its own temporary directory (each test gets its own access log).
func makeWarehouse() throws -> Warehouse {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-ui-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try DashboardFixture.build(at: dir.appendingPathComponent("warehouse.sqlite").path)
}

/// The dashboard over a fresh fixture, driven headlessly.
func makeTester(size: Size = standard, theme: Theme = .default, mode: ColorMode = .colors256, symbols: Symbols = .unicode,
                first: (any DashboardScreen)? = nil, warehouse: Warehouse? = nil) async throws -> ScreenTester<DashboardApp> {
    let w = try warehouse ?? makeWarehouse()
    let data = try DashboardData(warehouse: w, user: fixtureUser)
    try data.access.setPurpose("Tenancy management")
    let app = DashboardApp(data: data, today: fixtureToday, first: first)
    return await ScreenTester(app, size: size, theme: theme, mode: mode, symbols: symbols,
                              catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
}

/// The dashboard over a fresh fixture for an officer of another role than the test officer's
/// (no purpose given).
func makeTester(as account: String, role: String, size: Size = wide, first: (any DashboardScreen)? = nil) async throws -> ScreenTester<DashboardApp> {
    let w = try makeWarehouse()
    try await w.pool.write { db in
        try db.execute(sql: "INSERT INTO warden_user(account, role, added_at, added_by) VALUES (?, ?, '2026-11-01T00:00:00Z', 'test')", arguments: [account, role])
    }
    let data = try DashboardData(warehouse: w, user: account)
    return await ScreenTester(DashboardApp(data: data, today: fixtureToday, first: first), size: size,
                              catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
}

/// Access-log rows, oldest first.
func auditRows(_ w: Warehouse) throws -> [AuditLog.Entry] {
    try w.pool.read { db in try AuditLog.Entry.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id") }
}

extension ScreenTester where M == DashboardApp {
    /// The warehouse the dashboard reads.
    var warehouse: Warehouse { model.context.data.warehouse }
    /// The breadcrumb row's text, trimmed.
    var breadcrumb: String { lines[1].trimmingCharacters(in: .whitespaces) }
    /// Titles of the screens on the stack, bottom first.
    var stackTitles: [String] { model.screens.map(\.title) }
    /// Whether any row shows `text`.
    func shows(_ text: String) -> Bool { lines.contains { $0.contains(text) } }
    /// The row showing `text`, if any.
    func row(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }
}

/// The display column at which `needle` starts in `line` (wide characters count two), or nil.
func column(of needle: String, in line: String) -> Int? {
    guard let r = line.range(of: needle) else { return nil }
    return DisplayWidth.of(String(line[..<r.lowerBound]))
}

// MARK: Golden screens

/// Where golden screens live: `Tests/WardenUITests/Goldens/NAME.txt`.
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

/// Compares the screen with its golden file, line by line (trailing blanks ignored, everything
/// else exact, including where each wide character sits). With `WARDEN_RECORD_GOLDENS=1` the
/// golden is (re)written instead; a missing golden is a failure either way, so no test passes
/// without one having been looked at.
func expectGolden(_ name: String, _ screen: Screen, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = goldenDirectory.appendingPathComponent(name + ".txt")
    let actual = screen.lines.map { trimTrailing($0) }
    // Every line must be exactly as wide as the screen: a misplaced wide character shows up here.
    for (i, line) in screen.lines.enumerated() where DisplayWidth.of(line) != screen.canvas.width {
        Issue.record("\(name): row \(i) is \(DisplayWidth.of(line)) columns wide, not \(screen.canvas.width)", sourceLocation: sourceLocation)
    }
    let text = "size \(screen.canvas.width)x\(screen.canvas.height)\n" + actual.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["WARDEN_RECORD_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("\(name): golden recorded; check it and run again without WARDEN_RECORD_GOLDENS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("\(name): no golden at \(url.path); record it with WARDEN_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let e = expected.components(separatedBy: "\n"), a = text.components(separatedBy: "\n")
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<none>", y = i < a.count ? a[i] : "<none>"
            if x != y { diff.append("line \(i): expected |\(x)|\n         actual   |\(y)|") }
        }
        let message = diff.prefix(12).joined(separator: "\n")
        Issue.record("\(name): screen differs from its golden\n\(message)", sourceLocation: sourceLocation)
    }
}

func trimTrailing(_ s: String) -> String {
    var t = Substring(s)
    while t.last == " " { t = t.dropLast() }
    return String(t)
}
