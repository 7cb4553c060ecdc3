import Foundation
import GRDB

/// Measures the queue queries a dashboard runs on every key, on a warehouse filled with
/// synthetic cases: the first page of every sort both ways, scrolling by keyset, filters and
/// search. Figures only (milliseconds); the target is 30 ms a key on 100,000 cases.
public enum FraudBenchmark {
    public struct Timing: Sendable, Codable {
        public var operation: String
        public var runs: Int
        public var medianMs: Double
        public var maxMs: Double
    }

    public struct Report: Sendable, Codable {
        public var cases: Int
        public var fillSeconds: Double
        public var timings: [Timing]
        public var worstMs: Double { timings.map(\.maxMs).max() ?? 0 }
    }

    /// Fills `warehouse` (which should be empty of cases) with `count` synthetic cases.
    public static func fill(_ warehouse: Warehouse, count: Int, seed: UInt64 = 1) throws {
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO fraud_scan(started_at, finished_at, user, rules_origin, rules_sha256, as_of, figures) VALUES ('b', 'b', 'bench', 'bench', 'bench', '2026-10-31', '{}')")
            let scan = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO fraud_case(rule_id, raised_version, rule_version, case_type, summary, subject_person_id, subject_name, uprn, address,
                    risk, value, above_threshold, detected, queue, status, status_rank, outcome, assignee, due_date, raised_at, updated_at,
                    updated_by, evidence_fingerprint, score_detail, first_scan_id, last_scan_id)
                VALUES (?, 'v', 'v', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', 'f', '{}', ?, ?)
                """)
            var x = seed | 1
            func next() -> UInt64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
            let types = FraudCaseType.known
            let statuses = ["new", "new", "new", "triage", "investigation", "closed"]
            let surnames = ["Smith", "Khan", "Patel", "Ahmed", "Begum", "Jones", "Ali", "Hussain", "Nowak", "Okafor", "Chen", "Silva"]
            let givens = ["Anna", "Mohammed", "Fatima", "John", "Grace", "Wei", "Olivia", "Piotr", "Amina", "David"]
            let users = ["alice", "bob", "carol", "dev", "erin"]
            for i in 0..<count {
                let type = types[Int(next() % UInt64(types.count))]
                let status = statuses[Int(next() % UInt64(statuses.count))]
                let risk = Int(next() % 101)
                let above = risk >= 50
                let assignee: String? = status == "new" && next() % 3 != 0 ? nil : users[Int(next() % UInt64(users.count))]
                let queue = status == "closed" ? 2 : (status != "new" || above || assignee != nil ? 1 : 0)
                let month = 1 + Int(next() % 12), day = 1 + Int(next() % 28)
                let name = givens[Int(next() % UInt64(givens.count))] + " " + surnames[Int(next() % UInt64(surnames.count))]
                try insert.execute(arguments: [
                    "rule-\(type)", type, "synthetic case \(i)", Int64(1_000_000 + i), name, Int64(46_100_000 + i),
                    "\(1 + i % 200) \(surnames[i % surnames.count]) Road, London", risk, Double(next() % 500_000) / 100, above, queue, status,
                    statuses.firstIndex(of: status)! == 5 ? 3 : ["new": 0, "triage": 1, "investigation": 2][status]!,
                    status == "closed" ? "no_fraud" : nil, assignee, String(format: "2026-%02d-%02d", month, day),
                    String(format: "2026-%02d-%02dT09:%02d:00.000Z", month, day, i % 60), "2026-10-31T00:00:00.000Z", scan, scan])
            }
        }
    }

    /// Times the queue queries (each `runs` times) on `warehouse`.
    public static func measure(_ warehouse: Warehouse, runs: Int = 5) throws -> [Timing] {
        var timings: [Timing] = []
        func time(_ name: String, _ body: (Database) throws -> Void) throws {
            var samples: [Double] = []
            for _ in 0..<runs {
                let t = DispatchTime.now().uptimeNanoseconds
                try warehouse.pool.read { db in try body(db) }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            samples.sort()
            timings.append(Timing(operation: name, runs: runs, medianMs: (samples[samples.count / 2] * 100).rounded() / 100,
                                  maxMs: (samples.last! * 100).rounded() / 100))
        }
        for sort in FraudQueueQuery.Sort.allCases {
            for desc in [true, false] {
                var q = FraudQueueQuery()
                q.sort = sort
                q.descending = desc
                try time("open queue, sort \(sort.rawValue) \(desc ? "desc" : "asc"), first page") { db in _ = try FraudQueries.queue(db, q) }
            }
        }
        // Scrolling: twenty pages down, one key (one page) at a time.
        for sort in [FraudQueueQuery.Sort.risk, .value, .age, .due] {
            var q = FraudQueueQuery()
            q.sort = sort
            var cursors: [FraudQueueCursor?] = [nil]
            try warehouse.pool.read { db in
                for _ in 0..<20 { q.after = cursors.last!; cursors.append(try FraudQueries.queue(db, q).next) }
            }
            q.after = cursors.last!
            try time("open queue, sort \(sort.rawValue), page 21 by keyset") { db in _ = try FraudQueries.queue(db, q) }
        }
        var q = FraudQueueQuery()
        q.caseType = "single_person_discount"
        try time("one case type, by risk") { db in _ = try FraudQueries.queue(db, q) }
        q.sort = .value
        try time("one case type, by value") { db in _ = try FraudQueries.queue(db, q) }
        q = FraudQueueQuery()
        q.assignee = "alice"
        try time("my cases, by risk") { db in _ = try FraudQueries.queue(db, q) }
        q.sort = .due
        try time("my cases, by due date") { db in _ = try FraudQueries.queue(db, q) }
        q = FraudQueueQuery()
        q.status = .triage
        try time("status triage, by risk") { db in _ = try FraudQueries.queue(db, q) }
        q = FraudQueueQuery()
        q.search = "nowak"
        try time("search \"nowak\"") { db in _ = try FraudQueries.queue(db, q) }
        q.search = "zzzz no such"
        try time("search with no match") { db in _ = try FraudQueries.queue(db, q) }
        q = FraudQueueQuery()
        q.scope = .closed
        try time("closed cases, by risk") { db in _ = try FraudQueries.queue(db, q) }
        try time("one case view") { db in _ = try FraudQueries.case(db, id: 4242) }
        try time("savings") { db in _ = try FraudQueries.savings(db) }
        return timings
    }

    /// Fills a fresh warehouse at `path` with `count` cases and measures.
    public static func run(path: String, count: Int) throws -> Report {
        let w = try Warehouse(path: path)
        let started = Date()
        try fill(w, count: count)
        let fill = Date().timeIntervalSince(started)
        return Report(cases: count, fillSeconds: fill, timings: try measure(w))
    }
}
