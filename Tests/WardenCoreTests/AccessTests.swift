import Foundation
import GRDB
import Testing
import WardenLinkage
@testable import WardenCore

/// The fixture borough, built and linked, with its builder as admin, a troubled-families
/// social care flag and a health flag on John Smith, and one officer per role.
func accessWarehouse() throws -> (Warehouse, john: Int64, zoe: Int64) {
    let w = try Fixture.freshWarehouse()
    try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write()))
    try Users.bootstrap(w, account: "dpo.anne")
    let admin = try Access.resolve(w, account: "dpo.anne")
    for role in ["housing_officer", "enforcement_officer", "fraud_investigator", "programme_lead", "analyst"] {
        try Users.add(role.replacingOccurrences(of: "_", with: "."), role: role, team: nil, name: nil, by: admin, warehouse: w)
    }
    let (john, zoe) = try w.pool.write { db -> (Int64, Int64) in
        let john = try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE surname = 'Smith' OR surname = 'SMITH'")!
        // Zoë as the benefit claimant (her council tax record may or may not link: that is linkage's business).
        let zoe = try Int64.fetchOne(db, sql: "SELECT rl.person_id FROM record_link rl JOIN source_record r ON r.id = rl.record_id WHERE r.role = 'claimant'")!
        let src = try Int64.fetchOne(db, sql: "SELECT id FROM source LIMIT 1")!
        let rec = try Int64.fetchOne(db, sql: "SELECT min(id) FROM source_record")!
        try db.execute(sql: "INSERT INTO service_flag(person_id, code, description, flag_date, source_id, record_id) VALUES (?, '3G', 'Social Care Section47', '2025-01-01', ?, ?)", arguments: [john, src, rec])
        try db.execute(sql: "INSERT INTO service_flag(person_id, code, description, flag_date, source_id, record_id) VALUES (?, '6A', 'Health Adult Mental Health', '2025-01-01', ?, ?)", arguments: [john, src, rec])
        return (john, zoe)
    }
    return (w, john, zoe)
}

func officer(_ w: Warehouse, _ role: String, purpose: String? = "Tenancy management") throws -> Access {
    let a = try Access.resolve(w, account: role.replacingOccurrences(of: "_", with: "."))
    if let purpose { try a.setPurpose(purpose) }
    return a
}

@Suite("Access: who may see what", .serialized)
struct AccessTests {
    /// What the issue and the default policy promise, written out independently of the policy file.
    static let expectedGroups: [String: Set<Policy.FieldGroup>] = [
        "housing_officer": [.identity, .identifiers, .contact, .address, .household, .records, .socialCare, .health, .benefits],
        "enforcement_officer": [.identity, .address, .household, .records, .risk],
        "fraud_investigator": [.identity, .identifiers, .contact, .address, .household, .records, .benefits, .fraud],
        "programme_lead": [],
        "analyst": [.risk],
        "dpo": Set(Policy.FieldGroup.allCases),
    ]

    @Test("Every role sees exactly its groups of fields", arguments: expectedGroups.keys.sorted())
    func fieldGroupMatrix(role: String) throws {
        let (w, _, _) = try accessWarehouse()
        let a = role == "dpo" ? try Access.resolve(w, account: "dpo.anne") : try officer(w, role)
        for g in Policy.FieldGroup.allCases {
            #expect(a.canSee(g) == Self.expectedGroups[role]!.contains(g), "\(role) / \(g)")
        }
    }

    @Test("Commands and screens follow the policy: fraud cases for investigators and admins, risk not for housing")
    func commandMatrix() throws {
        let (w, _, _) = try accessWarehouse()
        func allowed(_ role: String, _ command: String) throws -> Bool {
            let a = role == "dpo" ? try Access.resolve(w, account: "dpo.anne") : try officer(w, role)
            do { try a.require(command: command); return true } catch { return false }
        }
        for role in ["housing_officer", "enforcement_officer", "programme_lead", "analyst"] {
            #expect(try !allowed(role, "cases"), "\(role) must not see fraud cases")
            #expect(try !allowed(role, "case"))
            #expect(try !allowed(role, "users"))
            #expect(try !allowed(role, "rights"))
            #expect(try !allowed(role, "audit"))
        }
        #expect(try allowed("fraud_investigator", "cases") && allowed("dpo", "cases"))
        #expect(try allowed("enforcement_officer", "wards") && allowed("enforcement_officer", "export"))
        #expect(try !allowed("housing_officer", "wards"))
        #expect(try !allowed("programme_lead", "person") && allowed("programme_lead", "pilots"))
        #expect(try allowed("dpo", "audit") && allowed("dpo", "rights") && allowed("dpo", "users"))
        let lead = try officer(w, "programme_lead")
        #expect(lead.canUse(screen: "pilots") && !lead.canUse(screen: "person"))
    }

    @Test("A person's record shows each role what it may see, and names what is withheld")
    func personViewsPerRole() throws {
        let (w, john, zoe) = try accessWarehouse()
        let view = SingleView(warehouse: w)
        let housing = try #require(try view.person(john, access: try officer(w, "housing_officer"), screen: "test"))
        #expect(housing.withheld.isEmpty)
        #expect(housing.flags.map(\.code).sorted() == ["3G", "6A"])
        #expect(housing.nino == "AB123456C")

        let enforcement = try #require(try view.person(john, access: try officer(w, "enforcement_officer"), screen: "test"))
        #expect(enforcement.nino == nil && enforcement.flags.isEmpty)
        #expect(Set(enforcement.withheld) == ["identifiers", "contact", "social_care", "health"])
        #expect(enforcement.currentAddress != nil)

        // Benefit records: the fraud investigator sees Zoë's claim; the enforcement officer does not.
        let fraud = try #require(try view.person(zoe, access: try officer(w, "fraud_investigator"), screen: "test"))
        #expect(fraud.records.contains { $0.system == "housing_benefit" })
        #expect(fraud.mobiles.map(\.value) == ["07700900123"])
        let enfZoe = try #require(try view.person(zoe, access: try officer(w, "enforcement_officer"), screen: "test"))
        #expect(!enfZoe.records.contains { $0.system == "housing_benefit" })
        #expect(enfZoe.withheld.contains("benefits"))

        // Roles without identity cannot open a person at all, on any surface.
        #expect(throws: UserFacingError.self) { try view.person(john, access: try officer(w, "programme_lead"), screen: "test") }
        #expect(throws: UserFacingError.self) { try view.person(john, access: try officer(w, "analyst"), screen: "test") }
        // And the admin sees who has looked.
        let admin = try Access.resolve(w, account: "dpo.anne")
        try admin.setPurpose("Responding to a data protection request")
        let dpoView = try #require(try view.person(john, access: admin, screen: "test"))
        #expect((dpoView.accessLog ?? []).contains { $0.user == "enforcement.officer" })
    }

    @Test("An account that is not a user sees no personal data and is told how to be added")
    func strangers() throws {
        let (w, john, _) = try accessWarehouse()
        let stranger = try Access.resolve(w, account: "mallory")
        #expect(!stranger.isUser)
        #expect {
            try SearchService(warehouse: w).search("smith", access: stranger)
        } throws: { ($0 as? UserFacingError)?.remedy?.contains("warden users add mallory") == true }
        #expect(throws: UserFacingError.self) { try SingleView(warehouse: w).person(john, access: stranger, screen: "test") }
        #expect(throws: UserFacingError.self) { try SingleView(warehouse: w).property(100000000001, access: stranger, screen: "test") }
    }

    @Test("Opening a record needs one of the policy's purposes, recorded with the role in the access log")
    func purposes() throws {
        let (w, john, _) = try accessWarehouse()
        let a = try officer(w, "housing_officer", purpose: nil)
        #expect(throws: UserFacingError.self) { try SingleView(warehouse: w).person(john, access: a, screen: "test") }
        #expect { try a.setPurpose("curiosity") } throws: { String(describing: $0).contains("Tenancy management") }
        try a.setPurpose("safeg", caseReference: "SG-1042")
        _ = try SingleView(warehouse: w).person(john, access: a, screen: "test")
        let last = try #require(try w.pool.read { db in try AuditLog.Entry.fetchOne(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1") })
        #expect(last.purpose == "Safeguarding (case SG-1042)")
        #expect(last.role == "housing_officer")
        #expect(last.subjectID == String(john))
    }

    @Test("Full-text syntax and SQL in a search are just text")
    func hostileSearch() throws {
        let (w, _, _) = try accessWarehouse()
        let a = try officer(w, "housing_officer")
        for q in ["smith\" OR \"*", "NEAR(smith john)", "'; DROP TABLE person; --", "sm*th", "^smith", "smith AND NOT zoë", "\"", "(((", "a:b", "col:names smith"] {
            _ = try SearchService(warehouse: w).search(q, access: a)
        }
        #expect(try w.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0 } > 0)
        #expect(try SearchService(warehouse: w).search("smith\" OR \"*", access: a).people.allSatisfy { $0.name.lowercased().contains("smith") })
    }

    @Test("A policy with an unknown role setting, screen or field group is refused with its line")
    func badPolicies() {
        let bad = Policy.defaultText.replacingOccurrences(of: "field_groups = [\"identity\", \"address\", \"household\", \"records\", \"risk\"]",
                                                          with: "field_groups = [\"identity\", \"adress\", \"household\", \"records\", \"risk\"]")
        #expect {
            _ = try Policy.parse(text: bad, path: "policy.toml")
        } throws: { e in
            let s = String(describing: e)
            let line = bad.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"adress\"") }! + 1
            return s.contains("policy.toml:\(line)") && s.contains("did you mean \"address\"")
        }
        #expect(throws: (any Error).self) { _ = try Policy.parse(text: Policy.defaultText.replacingOccurrences(of: "admin = true", with: ""), path: "p") }
        #expect(throws: (any Error).self) { _ = try Policy.parse(text: Policy.defaultText.replacingOccurrences(of: "screens = [\"home\", \"pilots\"", with: "screens = [\"home\", \"pilot-panel\""), path: "p") }
    }
}

@Suite("Individuals' rights", .serialized)
struct RightsTests {
    @Test("A restricted record is hidden from everyone but admins, and shown as restricted")
    func restriction() throws {
        let (w, john, _) = try accessWarehouse()
        let admin = try Access.resolve(w, account: "dpo.anne")
        try admin.setPurpose("Responding to a data protection request")
        try Rights.restrict(john, reason: "Objection under Art. 18", access: admin, warehouse: w)
        let housing = try officer(w, "housing_officer")
        let seen = try #require(try SingleView(warehouse: w).person(john, access: housing, screen: "test"))
        #expect(seen.restricted && seen.name == "Restricted record" && seen.records.isEmpty && seen.dob == nil)
        #expect(try SearchService(warehouse: w).search("john smith", access: housing).people.first { $0.id == john }?.name == "Restricted record")
        let full = try #require(try SingleView(warehouse: w).person(john, access: admin, screen: "test"))
        #expect(full.restricted && full.name.contains("John"))
        #expect(throws: UserFacingError.self) { try Rights.restrict(john, lift: true, reason: nil, access: housing, warehouse: w) }
        try Rights.restrict(john, lift: true, reason: nil, access: admin, warehouse: w)
        #expect(try SingleView(warehouse: w).person(john, access: housing, screen: "test")?.restricted == false)
    }

    @Test("A rectified value wins everywhere, survives relinking, keeps the old one, and lists who to tell")
    func rectification() throws {
        let (w, john, _) = try accessWarehouse()
        let admin = try Access.resolve(w, account: "dpo.anne")
        // An export carried John's date of birth to the DWP.
        try w.pool.write { db in
            try db.execute(sql: "INSERT INTO export_log(at, user, kind, file, rows, recipient) VALUES ('2026-11-01T10:00:00Z', 'fraud.investigator', 'cases', '/tmp/x.csv', 3, 'DWP counter-fraud team')")
            try db.execute(sql: "INSERT INTO export_subject(export_id, subject_type, subject_id, fields) VALUES (last_insert_rowid(), 'person', ?, 'given_name,surname,dob')", arguments: [String(john)])
        }
        let recipients = try Rights.rectify(john, field: "dob", value: "1955-10-29", reason: "Birth certificate seen", access: admin, warehouse: w)
        #expect(recipients.map(\.recipient) == ["DWP counter-fraud team"])
        let housing = try officer(w, "housing_officer")
        #expect(try SingleView(warehouse: w).person(john, access: housing, screen: "test")?.dob == "1955-10-29")
        #expect(try SingleView(warehouse: w).person(john, access: housing, screen: "test")?.rectified == ["dob"])
        _ = try Linkage.run(w)
        let relinked = try #require(try SearchService(warehouse: w).search("john smith", access: housing).people.first)
        #expect(relinked.dob == "1955-10-29")
        let old = try w.pool.read { db in try String.fetchOne(db, sql: "SELECT old_value FROM person_rectification WHERE field = 'dob'") }
        #expect(old == "1955-10-28")
        #expect(throws: UserFacingError.self) { _ = try Rights.rectify(john, field: "dob", value: "29/10/1955", reason: "x", access: admin, warehouse: w) }
        #expect(throws: UserFacingError.self) { _ = try Rights.rectify(john, field: "dob", value: "1955-10-29", reason: "x", access: housing, warehouse: w) }
    }

    @Test("An erased person can no longer be found anywhere in the database file, and the log still verifies")
    func erasure() throws {
        let (w, john, _) = try accessWarehouse()
        let housing = try officer(w, "housing_officer")
        _ = try SearchService(warehouse: w).search("john smith", access: housing)
        try AuditLog.record(w, actor: housing.actor(screen: "test"), action: .search, detail: "{\"query\":\"John Paul SMITH\"}")
        _ = try SingleView(warehouse: w).person(john, access: housing, screen: "test")
        let admin = try Access.resolve(w, account: "dpo.anne")
        let report = try Rights.erase(john, reason: "Right to erasure, request DP-7", access: admin, warehouse: w)
        #expect(report.records >= 1)
        #expect(report.auditEntriesPseudonymised >= 1)
        // Nothing left to find with `strings`: not the name, not the NINO.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: w.path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: w.path + "-wal")) { bytes.append(wal) }
        for needle in ["John Paul", "JOHN PAUL", "SMITH", "Smith", "AB123456C"] {
            #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(needle) is still in the file")
        }
        let verify = try AuditVerify.run(w)
        #expect(verify.intact)
        #expect(verify.redacted == report.auditEntriesPseudonymised)
        let trail = try AuditQueries.person(w, id: john)
        #expect(trail.first?.detail?.contains(report.pseudonym) == true)
        #expect(try SearchService(warehouse: w).search("smith", access: housing).people.isEmpty)

        // A reload of the extract does not bring them back.
        let dir = (try w.meta("manifest_path")! as NSString).deletingLastPathComponent
        try (Fixture.ctax + "A9|Ms New Comer|5 Elm Rd||E17 4AB|||01/02/2026|N\n").write(toFile: dir + "/ctax.psv", atomically: true, encoding: .utf8)
        try Ingestor(warehouse: w, user: "dpo.anne").build(try Manifest.load(path: dir + "/sources.toml"))
        #expect(try SearchService(warehouse: w).search("john smith", access: housing).people.isEmpty)
        #expect(try w.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM source_record WHERE nino = 'AB123456C'") } == 0)
    }
}
