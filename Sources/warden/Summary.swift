import Foundation
import GRDB
import WardenCore

/// What the warehouse holds, in a few lines (shown by `warden` until the dashboard opens).
enum Summary {
    static func print(_ w: Warehouse) throws {
        let q = try QualityReport.compute(w)
        let counts = try w.pool.read { db -> [String: Int] in
            var c: [String: Int] = [:]
            for t in ["ward", "property", "person", "source_record", "rejected_row", "field_issue"] {
                c[t] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(t)") ?? 0
            }
            return c
        }
        Terminal.out("\(q.borough) — warehouse as of \(q.asOf)")
        Terminal.out("  \(counts["ward"]!) wards, \(counts["property"]!) properties, \(counts["person"]!) people")
        Terminal.out("  \(q.sources.count) sources, \(counts["source_record"]!) records, \(counts["rejected_row"]!) rejected rows, \(counts["field_issue"]!) field issues")
        for s in q.sources {
            Terminal.out("    \(s.title.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(s.rowsLoaded).leftPad(8)) rows  \(String(s.rowsRejected).leftPad(5)) rejected")
        }
        Terminal.out("Run `warden quality` for rejects by reason and field completeness.")
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
