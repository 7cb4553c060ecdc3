import Foundation
import GRDB
import Testing
@testable import WardenCore

@Suite("Access log")
struct AuditTests {
    /// A warehouse with a chain of `n` entries.
    func logged(_ n: Int) throws -> Warehouse {
        let w = try Fixture.freshWarehouse()
        for i in 1...n {
            try AuditLog.record(w, actor: AuditLog.Actor(user: i % 2 == 0 ? "alice" : "bob", role: "housing_officer", purpose: "Tenancy management", screen: "test"),
                                action: i % 3 == 0 ? .search : .view, subjectType: "person", subjectID: String(1_000_000 + i % 5),
                                detail: "{\"n\":\(i)}")
        }
        return w
    }

    /// Runs SQL with the append-only triggers out of the way: what someone with the file could do.
    func tamper(_ w: Warehouse, _ sql: String) throws {
        try w.pool.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_detail_only_by_erasure;")
            try db.execute(sql: sql)
        }
    }

    @Test func entriesAreStampedInISO8601UTCWithMilliseconds() throws {
        let t = AuditLog.timestamp()
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(f.date(from: t), "\(t)")
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
        #expect(t.count == 24 && t.hasSuffix("Z"))
    }

    @Test func anUntouchedLogVerifies() throws {
        let r = try AuditVerify.run(try logged(25))
        #expect(r.intact)
        #expect(r.entries == 25)
    }

    @Test func theLogRefusesEditsAndDeletesThroughSQLite() throws {
        let w = try logged(3)
        #expect(throws: DatabaseError.self) { try w.pool.write { db in try db.execute(sql: "UPDATE audit_log SET user = 'mallory' WHERE id = 2") } }
        #expect(throws: DatabaseError.self) { try w.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 2") } }
        #expect(throws: DatabaseError.self) { try w.pool.write { db in try db.execute(sql: "UPDATE audit_log SET detail = '{}' WHERE id = 2") } }
    }

    @Test func anEditedEntryIsNamed() throws {
        let w = try logged(10)
        try tamper(w, "UPDATE audit_log SET user = 'mallory' WHERE id = 4")
        let r = try AuditVerify.run(w)
        #expect(r.problems.map(\.id) == [4])
        #expect(r.problems.first?.kind == .edited)
    }

    @Test func aChangedDetailIsNamed() throws {
        let w = try logged(10)
        try tamper(w, "UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = 7")
        let r = try AuditVerify.run(w)
        #expect(r.problems.map(\.kind) == [.detailChanged])
        #expect(r.problems.first?.id == 7)
    }

    @Test func aDeletedEntryIsNamedByTheGapItLeaves() throws {
        let w = try logged(10)
        try tamper(w, "DELETE FROM audit_log WHERE id = 5")
        let r = try AuditVerify.run(w)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.kind == .deleted)
        #expect(r.problems.first?.description.contains("entries 5…5 are missing") == true)
        // Deleting the first entries is caught too.
        let w2 = try logged(4)
        try tamper(w2, "DELETE FROM audit_log WHERE id IN (1, 2)")
        #expect(try AuditVerify.run(w2).problems.first?.kind == .deleted)
    }

    @Test func anInsertedEntryIsNamed() throws {
        let w = try logged(6)
        // A forged entry squeezed between 3 and 4, with a plausible hash of its own.
        try tamper(w, "UPDATE audit_log SET id = -id WHERE id >= 4; UPDATE audit_log SET id = -id + 1 WHERE id < 0;")
        let prev = try w.pool.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE id = 3")! }
        let h = AuditLog.hash(prev: prev, id: 4, at: "2026-01-01T00:00:00Z", user: "mallory", role: nil, purpose: nil, action: "view",
                              screen: "sql", subjectType: "person", subjectID: "1", detailDigest: SHA256Hasher.hex(of: ""))
        try tamper(w, "INSERT INTO audit_log VALUES (4, '2026-01-01T00:00:00Z', 'mallory', NULL, NULL, 'view', 'sql', 'person', '1', NULL, '\(SHA256Hasher.hex(of: ""))', '\(prev)', '\(h)')")
        let r = try AuditVerify.run(w)
        #expect(r.problems.contains { $0.id == 5 && $0.kind == .inserted }, "\(r.problems)")
    }

    @Test func slicesVerifiedSideBySideFindEveryBreakAtTheirSeams() throws {
        // 40 entries in 4 slices of 10: 1–10, 11–20, 21–30, 31–40.
        let w = try logged(40)
        #expect(try AuditVerify.run(w, maxProblems: 50, slices: 4).intact)
        #expect(try AuditVerify.run(w, maxProblems: 50, slices: 4).entries == 40)
        try tamper(w, "UPDATE audit_log SET user = 'mallory' WHERE id = 21")   // first of a slice
        try tamper(w, "DELETE FROM audit_log WHERE id = 11")                    // the seam itself
        try tamper(w, "UPDATE audit_log SET detail = '{}' WHERE id = 30")       // last of a slice
        let sliced = try AuditVerify.run(w, maxProblems: 50, slices: 4)
        let whole = try AuditVerify.run(w, maxProblems: 50, slices: 1)
        #expect(sliced.problems == whole.problems)
        #expect(sliced.problems.map(\.id) == [12, 21, 30])
        #expect(sliced.problems.map(\.kind) == [.deleted, .edited, .detailChanged])
        #expect(sliced.entries == 39)
    }

    @Test func aPersonsAccessesAndAnOfficersActionsCanBeListed() throws {
        let w = try logged(20)
        let about = try AuditQueries.person(w, id: 1_000_002)
        #expect(about.count == 4)
        #expect(about.allSatisfy { $0.subjectID == "1000002" && $0.purpose == "Tenancy management" })
        let alice = try AuditQueries.user(w, name: "alice")
        #expect(alice.count == 10)
        #expect(alice.first!.id > alice.last!.id)   // newest first
    }
}
