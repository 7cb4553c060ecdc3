import Foundation
import GRDB
import Testing
@testable import WardenCore

/// Re-scans, the case workflow, and two investigators on one warehouse.
@Suite("Fraud cases")
struct FraudCaseTests {
    let alice = AuditLog.Actor(user: "alice", screen: "test")
    let bob = AuditLog.Actor(user: "bob", screen: "test")

    /// A warehouse with one single-person-discount case (and its evidence).
    func withCase() throws -> (FraudFixture, Int64) {
        let f = try FraudFixture()
        try f.property(1001, "1 Elm Road, E17 4AB")
        try f.person(1, "Anna", "Nowak", gender: "F")
        try f.record("council_tax", person: 1, uprn: 1001, given: "ANNA", surname: "NOWAK", title: "MRS", role: "liable", group: "A100",
                     start: "2019-04-01", discount: "single_person")
        try f.person(2, "Piotr", "Kowal", gender: "M")
        try f.record("electoral_register", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", title: "Mr", role: "elector")
        try f.record("school_roll", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", role: "parent", group: "F1")
        try f.scan()
        let id: Int64 = try #require(try f.cases(rule: "spd-other-adults").first)["id"]
        return (f, id)
    }

    func count(_ f: FraudFixture, _ sql: String) throws -> Int { try f.warehouse.pool.read { db in try Int.fetchOne(db, sql: sql)! } }

    // MARK: Re-scans

    @Test func aRescanUpdatesTheOpenCaseAndNeverDuplicatesIt() throws {
        let (f, id) = try withCase()
        let before = try count(f, "SELECT count(*) FROM fraud_case")
        let s = try f.scan()
        #expect(try count(f, "SELECT count(*) FROM fraud_case") == before)
        #expect(s.rules.first { $0.rule == "spd-other-adults" }?.updated == 1)
        #expect(s.rules.first { $0.rule == "spd-other-adults" }?.raised == 0)
        #expect(try count(f, "SELECT count(*) FROM fraud_case_history WHERE case_id = \(id) AND field = 'raised'") == 1)
    }

    @Test func newEvidenceIsAppendedToAnOpenCase() throws {
        let (f, id) = try withCase()
        let before = try f.evidence(id).count
        try f.record("housing_benefit", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", role: "claimant", group: "C2", dob: "1980-01-01", start: "2026-01-01")
        try f.scan()
        #expect(try f.evidence(id).count == before + 1)
        #expect(try count(f, "SELECT count(*) FROM fraud_case_history WHERE case_id = \(id) AND field = 'evidence'") == 1)
    }

    @Test func aCaseClosedAsNoFraudComesBackOnlyWithNewEvidence() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        try cases.setStatus(id, to: .triage, actor: alice)
        try cases.setStatus(id, to: .closed, outcome: .noFraud, actor: alice)
        // The same evidence again: stays closed.
        let again = try f.scan()
        #expect(again.rules.first { $0.rule == "spd-other-adults" }?.closedUnchanged == 1)
        var row = try f.warehouse.pool.read { db in try Row.fetchOne(db, sql: "SELECT status, outcome, queue FROM fraud_case WHERE id = ?", arguments: [id])! }
        #expect((row["status"] as String) == "closed")
        #expect((row["outcome"] as String?) == "no_fraud")
        #expect((row["queue"] as Int) == 2)
        // New evidence of the other adult: re-raised, and the history says why.
        try f.record("housing_benefit", person: 2, uprn: 1001, given: "Piotr", surname: "Kowal", role: "claimant", group: "C2", dob: "1980-01-01", start: "2026-01-01")
        let third = try f.scan()
        #expect(third.rules.first { $0.rule == "spd-other-adults" }?.reraised == 1)
        row = try f.warehouse.pool.read { db in try Row.fetchOne(db, sql: "SELECT status, outcome, queue FROM fraud_case WHERE id = ?", arguments: [id])! }
        #expect((row["status"] as String) == "new")
        #expect((row["outcome"] as String?) == nil)
        #expect((row["queue"] as Int) == 1)
        let history = try f.warehouse.pool.read { db in try String.fetchAll(db, sql: "SELECT after FROM fraud_case_history WHERE case_id = ? AND field = 'status'", arguments: [id]) }
        #expect(history.last?.contains("re-raised") == true)
    }

    @Test func aCaseNoLongerFoundIsKeptAndMarked() throws {
        let (f, id) = try withCase()
        let claim = try f.warehouse.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM source_record WHERE discount = 'single_person'")! }
        try f.end(claim, on: "2026-09-01")
        let s = try f.scan()
        #expect(s.rules.first { $0.rule == "spd-other-adults" }?.noLongerFound == 1)
        let row = try f.warehouse.pool.read { db in try Row.fetchOne(db, sql: "SELECT detected, queue FROM fraud_case WHERE id = ?", arguments: [id])! }
        #expect((row["detected"] as Bool) == false)
        #expect((row["queue"] as Int) == 0)
    }

    @Test func theCaseRecordsTheRuleVersionThatScoredIt() throws {
        let (f, id) = try withCase()
        let v1 = try FraudFixture.rules().rule("spd-other-adults")!.version
        let changed = try FraudRuleFile.parse(text: FraudRuleFile.builtInText.replacingOccurrences(of: "strength = 0.9\nvalue = \"0.25 * band_charge\"",
                                                                                                with: "strength = 0.8\nvalue = \"0.25 * band_charge\""), origin: "edited")
        try f.scan(changed)
        let view = try FraudCases(warehouse: f.warehouse).view(id, actor: alice)
        #expect(view.raisedVersion == v1)
        #expect(view.ruleVersion == changed.rule("spd-other-adults")!.version)
        #expect(view.ruleVersion != v1)
        #expect(view.history.contains { $0.field == "rule_version" })
    }

    // MARK: Workflow

    @Test func aViewIsAuditedAndShowsWhyTheCaseWasRaised() throws {
        let (f, id) = try withCase()
        let v = try FraudCases(warehouse: f.warehouse).view(id, actor: alice)
        #expect(v.row.caseType == "single_person_discount")
        #expect(v.score?.sources == 2)
        #expect(v.evidence.contains { $0.role == "claim" && $0.source == "council_tax" && $0.linkConfidence != nil })
        #expect(try count(f, "SELECT count(*) FROM audit_log WHERE action = 'view' AND subject_type = 'fraud_case' AND subject_id = '\(id)' AND user = 'alice'") == 1)
    }

    /// "Who has looked at my record?" includes the investigator who opened a case about them
    /// and every change to it, not only views of the person screen.
    @Test func aCaseViewIsInThePersonsAccessHistory() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        let subject = try #require(try cases.view(id, actor: alice).row.subjectPersonID)
        _ = try cases.addNote(id, text: "Called at the door", actor: alice)
        let trail = try AuditQueries.person(f.warehouse, id: subject)
        #expect(trail.contains { $0.subjectType == "fraud_case" && $0.subjectID == String(id) && $0.action == "view" && $0.user == "alice" })
        #expect(trail.contains { $0.subjectType == "fraud_case" && $0.action == "change" })
        // another person's trail does not list this case
        let other = try f.warehouse.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE id <> ? ORDER BY id LIMIT 1", arguments: [subject])!
        }
        #expect(!(try AuditQueries.person(f.warehouse, id: other)).contains { $0.subjectType == "fraud_case" && $0.subjectID == String(id) })
    }

    @Test func anUnknownCaseIdIsSaidPlainly() throws {
        let (f, _) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        #expect(throws: FraudCaseError.notFound(999)) { _ = try cases.view(999, actor: alice) }
        #expect(throws: FraudCaseError.notFound(999)) { _ = try cases.assign(999, to: "bob", actor: alice) }
        #expect(throws: FraudCaseError.notFound(999)) { _ = try cases.addNote(999, text: "x", actor: alice) }
        let claims = try cases.claim([999], for: "alice", actor: alice)
        #expect(claims == [FraudCases.ClaimResult(id: 999, claimed: false, heldBy: nil, message: FraudCaseError.notFound(999).description)])
        #expect(FraudCaseError.notFound(999).description.contains("no such case"))
    }

    @Test func closingNeedsAnOutcomeAndTheWorkflowHasAnOrder() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        #expect(throws: FraudCaseError.outcomeRequired(id: id)) { _ = try cases.setStatus(id, to: .closed, actor: alice) }
        #expect(throws: FraudCaseError.invalidTransition(id: id, from: .new, to: .investigation)) { _ = try cases.setStatus(id, to: .investigation, actor: alice) }
        try cases.setStatus(id, to: .triage, actor: alice)
        try cases.setStatus(id, to: .investigation, actor: alice)
        let closed = try cases.setStatus(id, to: .closed, outcome: .fraudProven, recovered: 1425.5, actor: alice)
        #expect(closed.status == .closed && closed.outcome == .fraudProven && closed.amountRecovered == 1425.5)
        let history = try FraudCases(warehouse: f.warehouse).view(id, actor: alice).history.map(\.field)
        #expect(history.filter { $0 == "status" }.count == 3)
        #expect(history.contains("outcome") && history.contains("amount_recovered"))
    }

    @Test func theSavingsMoveWhenACaseIsClosedAsFraud() throws {
        let (f, id) = try withCase()
        let before = try f.warehouse.pool.read { db in try FraudQueries.savings(db) }
        #expect(before.total.identified == 1 && before.total.recovered == 0)
        let cases = FraudCases(warehouse: f.warehouse)
        try cases.setStatus(id, to: .triage, actor: alice)
        var mid = try f.warehouse.pool.read { db in try FraudQueries.savings(db) }
        #expect(mid.total.inProgress == 1)
        try cases.setStatus(id, to: .closed, outcome: .errorCorrected, recovered: 950, actor: alice)
        mid = try f.warehouse.pool.read { db in try FraudQueries.savings(db) }
        #expect(mid.total.inProgress == 0 && mid.total.errorCorrected == 1 && mid.total.recovered == 950 && mid.total.preventedValue == 475)
        #expect(mid.byType.first?.key == "single_person_discount")
        #expect(mid.byMonth.contains { $0.recovered == 950 })
    }

    @Test func notesAreStoredAsTypedAndShownSafely() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        let typed = "Visited 12/03.\nNeighbour says two adults live there.\u{1B}]52;c;ZXZpbA==\u{07}\tend"
        let n = try cases.addNote(id, text: typed, actor: alice)
        #expect(n.text == typed)
        #expect(!n.display.contains("\u{1B}") && !n.display.contains("\u{07}"))
        #expect(n.display.contains("\n"))
        let shown = try cases.view(id, actor: alice).notes
        #expect(shown.first?.text == typed)
    }

    @Test func aNoteReadsInTheHistoryAsAddedWithItsLengthInCharacters() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        // 9 characters, 11 bytes: what the officer typed is counted as they count it.
        let n = try cases.addNote(id, text: "Zoë café.", actor: alice)
        #expect(try cases.view(id, actor: alice).history.last?.after == "note \(n.id) added (9 characters)")
        // A history line written by an older Warden ("note 1 (11 bytes)") reads the same way.
        try f.warehouse.pool.write { db in
            try db.execute(sql: "UPDATE fraud_case_history SET after = ? WHERE case_id = ? AND field = 'note'", arguments: ["note \(n.id) (11 bytes)", id])
        }
        #expect(try cases.view(id, actor: alice).history.last?.after == "note \(n.id) added (9 characters)")
        #expect(FraudNote.added(7, text: String(repeating: "x", count: 1_197)) == "note 7 added (1,197 characters)")
        #expect(FraudNote.added(7, text: "x") == "note 7 added (1 character)")
    }

    @Test func aHugeOrEmptyNoteIsRefusedWithTheReason() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        let huge = String(repeating: "a", count: 1_048_576)
        #expect {
            _ = try cases.addNote(id, text: huge, actor: alice)
        } throws: { e in
            (e as? FraudCaseError)?.description.contains("1048576 bytes; notes are limited to 65536 bytes") == true
        }
        #expect { _ = try cases.addNote(id, text: "  \n ", actor: alice) } throws: { e in (e as? FraudCaseError)?.description.contains("empty") == true }
        #expect(try count(f, "SELECT count(*) FROM fraud_case_note") == 0)
        // Exactly at the limit is fine.
        _ = try cases.addNote(id, text: String(repeating: "b", count: FraudCases.noteLimitBytes), actor: alice)
        #expect(try count(f, "SELECT count(*) FROM fraud_case_note") == 1)
    }

    // MARK: Two investigators

    @Test func twoDashboardsClaimingOneCaseAtOnceNeverGiveItTwoOwners() async throws {
        let (f, id) = try withCase()
        // Two connections to one file, as two dashboards would have.
        let a = FraudCases(warehouse: try Warehouse(path: f.path))
        let b = FraudCases(warehouse: try Warehouse(path: f.path))
        let alice = self.alice, bob = self.bob
        for _ in 0..<20 {
            try await f.warehouse.pool.write { db in try db.execute(sql: "UPDATE fraud_case SET assignee = NULL WHERE id = ?", arguments: [id]) }
            async let ra = Task.detached { try a.claim([id], for: "alice", actor: alice) }.value
            async let rb = Task.detached { try b.claim([id], for: "bob", actor: bob) }.value
            let (x, y) = try await (ra, rb)
            #expect([x[0].claimed, y[0].claimed].filter { $0 }.count == 1)
            let owner = try await f.warehouse.pool.read { db in try String.fetchOne(db, sql: "SELECT assignee FROM fraud_case WHERE id = ?", arguments: [id]) }
            let winner = x[0].claimed ? "alice" : "bob"
            #expect(owner == winner)
            #expect((x[0].claimed ? y[0] : x[0]).message.contains("already claimed by \(winner)"))
        }
    }

    @Test func aChangeMadeOnAStaleVersionIsRefusedWithWhoChangedItAndWhen() throws {
        let (f, id) = try withCase()
        let a = FraudCases(warehouse: try Warehouse(path: f.path))
        let b = FraudCases(warehouse: try Warehouse(path: f.path))
        let seen = try a.view(id, actor: alice).row.version
        let bobs = try b.assign(id, to: "bob", expectedVersion: seen, actor: bob)
        #expect(bobs.version == seen + 1)
        #expect {
            _ = try a.setStatus(id, to: .triage, expectedVersion: seen, actor: alice)
        } throws: { e in
            guard case .conflict(_, let by, let at, let v)? = e as? FraudCaseError else { return false }
            return by == "bob" && at == bobs.updatedAt && v == seen + 1 && (e as! FraudCaseError).description.contains("reload")
        }
        // Nothing of Alice's change was written; Bob's stands.
        let now = try a.view(id, actor: alice).row
        #expect(now.status == .new && now.assignee == "bob")
        // Reloaded, Alice's change is still not hers to make: the case is Bob's now.
        #expect(throws: FraudCaseError.heldBy(id: id, by: "bob")) { _ = try a.setStatus(id, to: .triage, expectedVersion: now.version, actor: alice) }
        #expect(try b.setStatus(id, to: .triage, expectedVersion: now.version, actor: bob).status == .triage)
    }

    @Test func eachScreenSeesTheOthersChangesOnRefresh() throws {
        let (f, id) = try withCase()
        let a = FraudCases(warehouse: try Warehouse(path: f.path))
        let b = FraudCases(warehouse: try Warehouse(path: f.path))
        _ = try a.claim([id], for: "alice", actor: alice)
        try b.addNote(id, text: "seen by bob", actor: bob)
        let fromA = try a.view(id, actor: alice)
        #expect(fromA.notes.map(\.user) == ["bob"])
        let fromB = try b.queue(FraudQueueQuery(), actor: bob)
        #expect(fromB.rows.first?.assignee == "alice")
    }

    // MARK: Access and erasure

    @Test func onlyRolesWithTheFraudGroupGetTheCases() throws {
        let (f, id) = try withCase()
        try Users.bootstrap(f.warehouse, account: "dpo.anne")
        let admin = try Access.resolve(f.warehouse, account: "dpo.anne")
        try Users.add("housing.hal", role: "housing_officer", team: nil, name: nil, by: admin, warehouse: f.warehouse)
        try Users.add("fraud.fay", role: "fraud_investigator", team: nil, name: nil, by: admin, warehouse: f.warehouse)
        #expect(throws: UserFacingError.self) { try FraudCases(warehouse: f.warehouse, access: try Access.resolve(f.warehouse, account: "housing.hal")) }
        #expect(throws: UserFacingError.self) { try FraudCases(warehouse: f.warehouse, access: try Access.resolve(f.warehouse, account: "stranger")) }
        let fay = try Access.resolve(f.warehouse, account: "fraud.fay")
        let v = try FraudCases(warehouse: f.warehouse, access: fay).view(id, actor: fay.actor(screen: "test"))
        #expect(v.row.id == id)
    }

    @Test func anErasedSubjectIsGoneFromCasesEvidenceNotesAndTheQueueSearch() throws {
        let (f, id) = try withCase()
        let cases = FraudCases(warehouse: f.warehouse)
        try cases.addNote(id, text: "Spoke to Anna Nowak at the door;\nshe says Piotr left in May.", actor: alice)
        var byName = FraudQueueQuery()
        byName.scope = .all
        byName.search = "Nowak"
        let q = byName
        #expect(try f.warehouse.pool.read { db in try FraudQueries.queue(db, q) }.rows.map(\.id) == [id])
        try Users.bootstrap(f.warehouse, account: "dpo.anne")
        let admin = try Access.resolve(f.warehouse, account: "dpo.anne")
        let report = try Rights.erase(1, reason: "Right to erasure", access: admin, warehouse: f.warehouse)
        let subject = try f.warehouse.pool.read { db in try String.fetchOne(db, sql: "SELECT subject_name FROM fraud_case WHERE id = ?", arguments: [id]) }
        #expect(subject == report.pseudonym)
        let found = try f.warehouse.pool.read { db in try FraudQueries.queue(db, q) }
        #expect(found.rows.isEmpty)
        let note = try f.warehouse.pool.read { db in try String.fetchOne(db, sql: "SELECT text FROM fraud_case_note WHERE case_id = ?", arguments: [id]) }
        #expect(note?.contains("Nowak") == false)
        #expect(note?.contains("Piotr") == true, "only the erased person's name is removed")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: f.warehouse.path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: f.warehouse.path + "-wal")) { bytes.append(wal) }
        for needle in ["NOWAK", "Nowak", "nowak"] {
            #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(needle) is still in the file")
        }
    }
}
