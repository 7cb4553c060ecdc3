import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// The account the fixture makes its data protection officer (whoever runs the tests).
private let admin = CurrentUser.name

/// The dashboard as the fixture's data protection officer, over `warehouse`.
private func adminTester(_ w: Warehouse, size: Size = wide, first: (any DashboardScreen)? = nil) async throws -> ScreenTester<DashboardApp> {
    let data = try DashboardData(warehouse: w, user: admin)
    try data.access.setPurpose("Responding to a data protection request")
    return await ScreenTester(DashboardApp(data: data, today: fixtureToday, first: first), size: size,
                              catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
}

@Suite("Admin audit panel")
struct AuditScreenTests {
    @Test("By person: the DPO sees who opened a record, when and why; asking is itself logged")
    func byPerson() async throws {
        let w = try makeWarehouse()
        // A housing officer opens John Smith's record for tenancy management.
        let officer = try await makeTester(first: PersonScreen(id: DashboardFixture.Person.johnSmith), warehouse: w)
        #expect(officer.shows("John Arthur Smith"))

        let t = try await adminTester(w, first: AuditScreen())
        await t.type(String(DashboardFixture.Person.johnSmith))
        await t.press(KeyEvent.enter)
        let row = try #require(t.row(containing: fixtureUser), "\(t.lines.joined(separator: "\n"))")
        #expect(t.lines[row].contains("view"))
        #expect(t.lines[row].contains("Tenancy management"))
        #expect(t.lines[row].contains("housing_offic"))
        #expect(t.lines[row].contains("person 1381424"))
        #expect(t.lines[row].contains("02/11/2026") || t.lines[row].contains("/20"))   // when (the log's own clock)
        let last = try #require(try auditRows(w).last)
        #expect(last.user == admin && last.subjectType == "audit_person" && last.subjectID == "1381424" && last.screen == "dashboard:audit")
        #expect(last.purpose == "Responding to a data protection request")
    }

    @Test("By officer: what an account did, from the palette")
    func byUser() async throws {
        let w = try makeWarehouse()
        let officer = try await makeTester(first: PersonScreen(id: DashboardFixture.Person.zoe), warehouse: w)
        #expect(officer.shows("Zoë Ağaoğlu"))
        let t = try await adminTester(w)
        await t.press(.char(":"))
        await t.type("audit user \(fixtureUser)")
        await t.press(KeyEvent.enter)
        #expect(t.model.top is AuditScreen)
        #expect(t.shows("person 1390001"))
        #expect(try auditRows(w).last?.subjectType == "audit_user")
    }

    @Test("Verify says OK, then finds the entry edited with raw SQL and names it")
    func verifyThenTamper() async throws {
        let w = try makeWarehouse()
        let officer = try await makeTester(first: PersonScreen(id: DashboardFixture.Person.johnSmith), warehouse: w)
        #expect(officer.shows("John Arthur Smith"))
        let t = try await adminTester(w, first: AuditScreen(mode: .verify, run: true))
        #expect(t.shows("✔ OK: the access log is intact"), "\(t.lines.joined(separator: "\n"))")
        let checks = try auditRows(w).filter { $0.subjectType == "audit_log" }
        #expect(checks.count == 1 && checks[0].user == admin)                  // the check is itself logged

        // Someone with the database file rewrites who opened the record.
        let target = try #require(try auditRows(w).first { $0.subjectType == "person" && $0.action == "view" })
        try await w.pool.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_detail_only_by_erasure")
            try db.execute(sql: "UPDATE audit_log SET user = 'someone.else' WHERE id = ?", arguments: [target.id])
        }
        await t.press(KeyEvent.enter)
        #expect(t.shows("✖ TAMPERED: 1 problem"), "\(t.lines.joined(separator: "\n"))")
        #expect(t.shows("first at entry \(target.id) (edited)"))
        let row = try #require(t.row(containing: "no longer match its hash"))
        #expect(t.lines[row].contains(String(target.id)))
    }

    @Test("A housing officer is refused the audit panel, and nothing of the log is shown or read")
    func refusedForNonAdmin() async throws {
        let w = try makeWarehouse()
        let before = try auditRows(w).count
        let t = try await makeTester(warehouse: w)
        await t.press(.char(":"))
        await t.type("audit person 1381424")
        await t.press(KeyEvent.enter)
        #expect(t.model.top is AuditScreen)
        #expect(t.shows("Your role (Housing officer) may not open the audit panel"))
        #expect(!t.shows("Person id:"))
        await t.type("1381424")
        await t.press(KeyEvent.enter)
        #expect(!t.shows("view"))
        #expect(try auditRows(w).count == before)
        // The data layer refuses too, whatever a screen does.
        #expect(throws: (any Error).self) { try t.model.context.data.auditEntries(person: 1_381_424) }
        #expect(throws: (any Error).self) { try t.model.context.data.verifyAuditLog() }
    }
}
