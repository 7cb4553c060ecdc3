import Foundation
import GRDB
import Testing
@testable import WardenCore

/// The queue query the panels scroll: keyset pages in every sort, with filters.
@Suite("Fraud queues")
struct FraudQueueTests {
    /// 240 cases with varied risk, value, dates, statuses and assignees.
    func queueFixture() throws -> FraudFixture {
        let f = try FraudFixture()
        try f.warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO fraud_scan(id, started_at, finished_at, user, rules_origin, rules_sha256, as_of, figures) VALUES (1, 'x', 'x', 't', 'x', 'x', '2026-10-31', '{}')")
            let types = FraudCaseType.known
            let statuses = ["new", "triage", "investigation", "closed"]
            for i in 0..<240 {
                let status = statuses[i % 7 == 0 ? 3 : (i % 3)]
                let queue = status == "closed" ? 2 : (i % 11 == 0 ? 0 : 1)
                try db.execute(sql: """
                    INSERT INTO fraud_case(rule_id, raised_version, rule_version, case_type, summary, subject_name, uprn, address, risk, value,
                        above_threshold, detected, queue, status, status_rank, outcome, assignee, due_date, raised_at, updated_at, updated_by,
                        evidence_fingerprint, score_detail, first_scan_id, last_scan_id)
                    VALUES ('r', 'v', 'v', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'x', 'scan', 'f', '{}', 1, 1)
                    """, arguments: [types[i % types.count], "case \(i)", i % 5 == 0 ? "Anna Nowak \(i)" : "Person \(i)", 1000 + i, "\(i) Elm Road",
                                     (i * 37) % 101, Double((i * 53) % 997) + 0.5, queue == 0 ? 0 : 1, queue, status, statuses.firstIndex(of: status)!,
                                     status == "closed" ? "no_fraud" : nil, i % 4 == 0 ? nil : ["alice", "bob", "carol"][i % 3],
                                     String(format: "2026-%02d-%02d", 1 + i % 12, 1 + i % 28), String(format: "2026-%02d-%02dT10:00:00.000Z", 1 + (i * 7) % 12, 1 + i % 27)])
            }
        }
        return f
    }

    /// Every row of a query, page by page.
    func all(_ f: FraudFixture, _ q: FraudQueueQuery) throws -> [FraudCaseRow] {
        var q = q
        q.limit = 17
        var rows: [FraudCaseRow] = []
        var pages = 0
        while true {
            let page = try f.warehouse.pool.read { db in try FraudQueries.queue(db, q) }
            rows += page.rows
            pages += 1
            guard let next = page.next, pages < 100 else { break }
            q.after = next
        }
        return rows
    }

    @Test func pagesInEverySortCoverTheQueueOnceInOrder() throws {
        let f = try queueFixture()
        for sort in FraudQueueQuery.Sort.allCases {
            for descending in [true, false] {
                var q = FraudQueueQuery()
                q.sort = sort
                q.descending = descending
                let paged = try all(f, q)
                q.limit = 1000
                q.after = nil
                let whole = try f.warehouse.pool.read { db in try FraudQueries.queue(db, q) }
                #expect(paged.map(\.id) == whole.rows.map(\.id), "sort \(sort) descending \(descending)")
                #expect(Set(paged.map(\.id)).count == paged.count)
                #expect(whole.total == paged.count)
                // The order really is the sort.
                func key(_ r: FraudCaseRow) -> String {
                    switch sort {
                    case .risk: return String(format: "%03d", r.risk)
                    case .value: return String(format: "%010.2f", r.value)
                    case .age: return r.raisedAt
                    case .due: return r.dueDate
                    case .status: return String(r.status.rank)
                    case .assignee: return r.assignee ?? ""
                    case .id: return String(format: "%06d", r.id)
                    case .subject: return r.subjectName ?? ""
                    case .address: return r.address ?? ""
                    }
                }
                let keys = paged.map(key)
                #expect(keys == (descending ? keys.sorted(by: >) : keys.sorted()), "sort \(sort)")
            }
        }
    }

    @Test func filtersNarrowTheQueue() throws {
        let f = try queueFixture()
        var q = FraudQueueQuery()
        q.caseType = "subletting"
        #expect(try all(f, q).allSatisfy { $0.caseType == "subletting" && $0.status != .closed })
        q = FraudQueueQuery()
        q.assignee = "bob"
        let bobs = try all(f, q)
        #expect(!bobs.isEmpty && bobs.allSatisfy { $0.assignee == "bob" })
        q = FraudQueueQuery()
        q.unassigned = true
        #expect(try all(f, q).allSatisfy { $0.assignee == nil })
        q = FraudQueueQuery()
        q.scope = .closed
        #expect(try all(f, q).allSatisfy { $0.status == .closed && $0.outcome == .noFraud })
        q = FraudQueueQuery()
        q.search = "anna nowak"
        let found = try all(f, q)
        #expect(!found.isEmpty && found.allSatisfy { $0.subjectName?.hasPrefix("Anna Nowak") == true })
        q.search = "100%"
        #expect(try all(f, q).isEmpty)   // a % is a character, not a wildcard
        q.search = "1005"
        #expect(try all(f, q).map(\.uprn) == [1005])
    }

    /// The search follows a case's changes (a new assignee, a re-scored summary), and an update
    /// that leaves the text as it was (a scan re-scoring every case) keeps it findable.
    @Test func searchFollowsWhatAQueueShows() throws {
        let f = try queueFixture()
        var q = FraudQueueQuery()
        func found(_ text: String) throws -> [String] { q.search = text; return try all(f, q).compactMap(\.subjectName) }
        try f.warehouse.pool.write { db in
            try db.execute(sql: "UPDATE fraud_case SET assignee = 'zebedee' WHERE subject_name = 'Person 1'")
            try db.execute(sql: "UPDATE fraud_case SET summary = 'relief on three shops' WHERE subject_name = 'Person 2'")
            try db.execute(sql: "UPDATE fraud_case SET risk = risk + 1, summary = summary WHERE subject_name = 'Person 3'")
        }
        #expect(try found("zebedee") == ["Person 1"])
        #expect(try found("three shops") == ["Person 2"])
        #expect(try found("case 2").contains("Person 2") == false)
        #expect(try found("Person 3").contains("Person 3"))
    }
}
