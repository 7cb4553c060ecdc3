import ArgumentParser
import Foundation
import GRDB
import TerminalKit
import WardenCore
import WardenUI

/// `warden bench-ui`: the dashboard's own figures on a real warehouse — first frame, search per
/// keystroke, a person view assembled — measured in-process, with the process's memory.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ui",
        abstract: "Measure first frame, search-as-you-type and person-view latency, and resident memory, on a warehouse.",
        discussion: "Types real surnames from the warehouse one letter at a time and opens random people (each view is audited, as in use). Build in release first."
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Option(help: "How many surnames to type.") var names = 60
    @Option(help: "How many people to open.") var people = 200
    @Flag(help: "Print as JSON.") var json = false
    @Option(help: ArgumentHelp("List each keystroke slower than this many ms (diagnosis).", valueName: "ms")) var slow: Double?

    struct Figures: Codable {
        var persons: Int
        var firstFrameMs: Double
        var keystrokes: Int
        var searchP50Ms: Double, searchP95Ms: Double, searchMaxMs: Double
        var personViews: Int
        var personP50Ms: Double, personP95Ms: Double, personMaxMs: Double
        var residentMB: Double, peakResidentMB: Double
    }

    func run() throws {
        let started = ContinuousClock.now
        let w = try warehouse.open(use: .interactive)
        let data = try DashboardData(warehouse: w)
        try data.access.setPurpose("Data quality and linkage checks")
        // First frame: the shell and the home screen drawn at 120×40, before the tiles' queries return.
        var app = DashboardApp(data: data, today: Dashboard.today())
        _ = app.update(.resize(Size(width: 120, height: 40)))
        var canvas = Canvas(size: Size(width: 120, height: 40))
        app.render(into: &canvas)
        let firstFrame = ms(ContinuousClock.now - started)

        let (count, surnames, ids) = try w.pool.read { db -> (Int, [String], [Int64]) in
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0
            let s = try String.fetchAll(db, sql: "SELECT surname FROM person WHERE surname IS NOT NULL AND length(surname) >= 4 ORDER BY (id * 2654435761) % 1000003 LIMIT ?", arguments: [names])
            let i = try Int64.fetchAll(db, sql: "SELECT id FROM person ORDER BY (id * 40503) % 1000033 LIMIT ?", arguments: [people])
            return (n, s, i)
        }
        var searchTimes: [Double] = []
        for name in surnames {
            var typed = ""
            for ch in name.lowercased() {
                typed.append(ch)
                let t0 = ContinuousClock.now
                _ = try data.search(typed, limit: 50)
                searchTimes.append(ms(ContinuousClock.now - t0))
                if let slow, searchTimes.last! >= slow { Terminal.note(String(format: "  slow: %@ %.1f ms", typed, searchTimes.last!)) }
            }
        }
        var personTimes: [Double] = []
        for id in ids {
            let t0 = ContinuousClock.now
            _ = try data.person(id)
            personTimes.append(ms(ContinuousClock.now - t0))
        }
        let f = Figures(persons: count, firstFrameMs: firstFrame, keystrokes: searchTimes.count,
                        searchP50Ms: pct(searchTimes, 0.5), searchP95Ms: pct(searchTimes, 0.95), searchMaxMs: searchTimes.max() ?? 0,
                        personViews: personTimes.count, personP50Ms: pct(personTimes, 0.5), personP95Ms: pct(personTimes, 0.95), personMaxMs: personTimes.max() ?? 0,
                        residentMB: memory("VmRSS"), peakResidentMB: memory("VmHWM"))
        if json { try Terminal.printJSON(f); return }
        Terminal.out("Warehouse of \(f.persons) people")
        Terminal.out(String(format: "  first frame           %7.1f ms (open the warehouse, draw the home screen)", f.firstFrameMs))
        Terminal.out(String(format: "  search per keystroke  p50 %5.1f ms  p95 %5.1f ms  max %6.1f ms  (%d keystrokes)", f.searchP50Ms, f.searchP95Ms, f.searchMaxMs, f.keystrokes))
        Terminal.out(String(format: "  person view           p50 %5.1f ms  p95 %5.1f ms  max %6.1f ms  (%d people, audited)", f.personP50Ms, f.personP95Ms, f.personMaxMs, f.personViews))
        Terminal.out(String(format: "  resident memory       %.0f MB now, %.0f MB peak", f.residentMB, f.peakResidentMB))
    }

    func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    func pct(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * p))]
    }
    func memory(_ key: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
