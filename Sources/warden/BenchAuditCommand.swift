import ArgumentParser
import Foundation
import WardenCore

/// `warden bench-audit`: what the access log costs. Fills a scratch warehouse's log with N
/// chained entries, then times `audit verify` over all of them and the write one record view
/// adds (an entry appended in its own transaction, as every view does) at that size.
struct BenchAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-audit",
        abstract: "Measure audit verify over N entries and the time one audited view adds.",
        discussion: "Works on a scratch warehouse in a temporary folder (removed afterwards). Build in release first."
    )

    @Option(help: "Entries to write before measuring.") var entries = 10_000_000
    @Option(help: "Audited views to time after filling the log.") var views = 2_000
    @Option(help: ArgumentHelp("Work folder (default: a new temporary folder, removed afterwards).", valueName: "dir")) var work: String?
    @Flag(help: "Print as JSON.") var json = false

    struct Figures: Encodable {
        var entries: Int
        var fillSeconds: Double
        var fillPerSecond: Double
        var verifySeconds: Double
        var verifyIntact: Bool
        var viewAuditP50Ms: Double
        var viewAuditP95Ms: Double
        var viewAuditMaxMs: Double
        var databaseMB: Double
    }

    func run() throws {
        let dir = work ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("warden-bench-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let path = (dir as NSString).appendingPathComponent("audit.sqlite")
        try? FileManager.default.removeItem(atPath: path)
        let w = try Warehouse(path: path)

        // Fill: realistic entries (a view with its field groups, a search with its text), in
        // transactions of 100,000 so the WAL stays bounded.
        let officers = (0..<40).map { AuditLog.Actor(user: "officer.\($0)", role: ["housing_officer", "enforcement_officer", "fraud_investigator"][$0 % 3],
                                                      purpose: "Tenancy management", screen: "dashboard:person") }
        let progress = json ? nil : Terminal.progressBar()
        let started = Date()
        var written = 0
        while written < entries {
            let n = min(100_000, entries - written)
            let base = written
            let batch: [AuditLog.NewEntry] = (0..<n).map { i in
                let k = base + i
                return k % 5 == 0
                    ? AuditLog.NewEntry(actor: officers[k % officers.count], action: .search, detail: "{\"query\":\"smith \(k % 977)\",\"people\":\(k % 50)}")
                    : AuditLog.NewEntry(actor: officers[k % officers.count], action: .view, subjectType: "person", subjectID: String(1_000_000 + k % 900_000),
                                        detail: "{\"groups\":[\"identity\",\"address\",\"household\",\"records\"]}")
            }
            _ = try w.pool.write { db in try AuditLog.appendMany(db, batch) }
            written += n
            progress?("writing the access log", Double(written) / Double(entries))
        }
        Terminal.endProgress()
        let fill = Date().timeIntervalSince(started)
        _ = try w.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }

        let report = try AuditVerify.run(w)

        // One audited view's write, at this size: its own transaction, as SingleView does it.
        var ms: [Double] = []
        ms.reserveCapacity(views)
        for i in 0..<views {
            let t = DispatchTime.now().uptimeNanoseconds
            try AuditLog.record(w, actor: officers[i % officers.count], action: .view, subjectType: "person", subjectID: String(2_000_000 + i),
                                detail: "{\"groups\":[\"identity\",\"address\"]}")
            ms.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        ms.sort()
        func pct(_ p: Double) -> Double { ms.isEmpty ? 0 : ms[min(ms.count - 1, Int(Double(ms.count) * p))] }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.doubleValue ?? 0) / 1_048_576
        let f = Figures(entries: entries, fillSeconds: fill, fillPerSecond: Double(entries) / max(fill, 1e-9), verifySeconds: report.seconds,
                        verifyIntact: report.intact, viewAuditP50Ms: pct(0.5), viewAuditP95Ms: pct(0.95), viewAuditMaxMs: ms.last ?? 0, databaseMB: size)
        if json { try Terminal.printJSON(f); return }
        Terminal.out(String(format: "audit log: %d entries written in %.1f s (%.0f/s), %.0f MB", f.entries, f.fillSeconds, f.fillPerSecond, f.databaseMB))
        Terminal.out(String(format: "  audit verify          %.1f s  (%@)", f.verifySeconds, f.verifyIntact ? "intact" : "BROKEN"))
        Terminal.out(String(format: "  one audited view adds p50 %.2f ms  p95 %.2f ms  max %.2f ms  (%d views)", f.viewAuditP50Ms, f.viewAuditP95Ms, f.viewAuditMaxMs, views))
    }
}
