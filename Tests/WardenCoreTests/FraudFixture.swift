import Foundation
import GRDB
@testable import WardenCore

/// A small warehouse built by hand for the counter-fraud tests: sources, properties, virtual
/// persons, records and their links, written straight into the tables a linked warehouse has.
/// Tests control exactly what linkage "found", so each pattern's positive and its legitimate
/// look-alike differ only in the fact under test.
final class FraudFixture {
    let warehouse: Warehouse
    let path: String
    private var sourceIDs: [String: Int64] = [:]
    private var loadIDs: [String: Int64] = [:]
    private var line: Int64 = 1

    static let systems: [(String, String)] = [
        ("council_tax", "person"), ("electoral_register", "person"), ("housing_benefit", "person"), ("tenancy", "person"),
        ("freedom_pass", "person"), ("blue_badge", "person"), ("deaths", "person"), ("school_roll", "person"),
        ("troubled_families", "person"), ("business_rates", "business"),
    ]

    init(asOf: String = "2026-10-31") throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-fraud-\(UUID().uuidString)")
        path = dir.appendingPathComponent("w.sqlite").path
        warehouse = try Warehouse(path: path)
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('as_of', ?)", arguments: [asOf])
            for (system, kind) in Self.systems {
                let def = "{\"dateFormats\":[\"dd/MM/yyyy\"],\"name\":\"\(system)\"}"
                try db.execute(sql: "INSERT INTO source(name, system, kind, title, definition) VALUES (?, ?, ?, ?, ?)",
                               arguments: [system, system, kind, system.replacingOccurrences(of: "_", with: " ").capitalized, def])
                let sid = db.lastInsertedRowID
                sourceIDs[system] = sid
                let layout: String? = system == "electoral_register" ? "Date of Attainment" : system == "council_tax" ? "SPD_START" : nil
                try db.execute(sql: """
                    INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by, rows_read, rows_loaded,
                                     rows_rejected, field_issues, blank_lines, is_current, extra_layout)
                    VALUES (?, 'x', 'x', 0, 'now', 'now', 'test', 0, 0, 0, 0, 0, 1, ?)
                    """, arguments: [sid, layout])
                loadIDs[system] = db.lastInsertedRowID
            }
        }
    }

    /// A gazetteer property.
    func property(_ uprn: Int64, _ address: String, band: String = "D", parent: Int64? = nil, bedrooms: Int? = nil) throws {
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO property(uprn, parent_uprn, street, address, council_tax_band, bedrooms) VALUES (?, ?, 'Street', ?, ?, ?)",
                           arguments: [uprn, parent, address, band, bedrooms])
        }
    }

    /// A virtual person.
    func person(_ id: Int64, _ given: String, _ surname: String, dob: String? = nil, dod: String? = nil, gender: String? = nil) throws {
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO person(id, given_name, surname, dob, date_of_death, gender, record_count) VALUES (?, ?, ?, ?, ?, ?, 1)",
                           arguments: [id, given, surname, dob, dod, gender])
        }
    }

    /// A source record with its link (person and UPRN). Returns the record id.
    @discardableResult
    func record(_ system: String, person: Int64?, uprn: Int64?, given: String?, surname: String?, title: String? = nil, role: String? = nil,
                group: String? = nil, key: String? = nil, dob: String? = nil, dod: String? = nil, gender: String? = nil,
                start: String? = nil, end: String? = nil, status: String? = nil, discount: String? = nil, exemption: String? = nil,
                relief: String? = nil, rateableValue: Double? = nil, amount: Double? = nil, business: String? = nil,
                correspondencePostcode: String? = nil, confidence: Double? = 0.99, extra: String? = nil) throws -> Int64 {
        let sid = sourceIDs[system]!, lid = loadIDs[system]!
        line += 1
        let l = line
        return try warehouse.pool.write { db in
            try db.execute(sql: """
                INSERT INTO source_record(source_id, load_id, line, record_key, group_key, role, title, given_name, surname, dob, date_of_death, gender,
                    start_date, end_date, status, discount, exemption, relief, rateable_value, amount, business_name, correspondence_postcode, extra)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [sid, lid, l, key, group, role, title, given, surname, dob, dod, gender, start, end, status, discount, exemption,
                                 relief, rateableValue, amount, business, correspondencePostcode, extra])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO record_link(record_id, uprn, uprn_confidence, person_id, person_confidence) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, uprn, uprn == nil ? nil : 1.0, person, person == nil ? nil : confidence])
            return id
        }
    }

    /// Ends a record (the claim stopped, the person left).
    func end(_ recordID: Int64, on date: String) throws {
        try warehouse.pool.write { db in try db.execute(sql: "UPDATE source_record SET end_date = ? WHERE id = ?", arguments: [date, recordID]) }
    }

    /// The built-in rules.
    static func rules() throws -> FraudRuleSet { try FraudRuleFile.parse(text: FraudRuleFile.builtInText, origin: "built-in") }

    /// Runs a scan with the built-in rules at a fixed time.
    @discardableResult
    func scan(_ rules: FraudRuleSet? = nil, user: String = "tester") throws -> FraudScan.Summary {
        try FraudScan.run(warehouse, rules: rules ?? Self.rules(), actor: AuditLog.Actor(user: user, screen: "test"),
                          now: Date(timeIntervalSince1970: 1_793_000_000))
    }

    /// Cases of a rule found by the latest scan, as rows.
    func cases(rule: String? = nil) throws -> [Row] {
        try warehouse.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fraud_case WHERE detected = 1 AND (? IS NULL OR rule_id = ?) ORDER BY id", arguments: [rule, rule])
        }
    }

    /// The evidence roles and person names of a case.
    func evidence(_ caseID: Int64) throws -> [(role: String, name: String?, source: String, current: Bool)] {
        try warehouse.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT role, person_name, source, current FROM fraud_evidence WHERE case_id = ? ORDER BY id", arguments: [caseID])
                .map { ($0["role"], $0["person_name"], $0["source"], $0["current"]) }
        }
    }
}
