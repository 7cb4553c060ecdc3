import Foundation
import GRDB
@testable import WardenCore

/// A linked warehouse written straight into the derived tables, so risk tests do not depend on
/// how ingest and linkage happen to behave today: a small borough of families, ordinary lets and
/// HMOs, some licensed, some inspected.
final class RiskFixture {
    let warehouse: Warehouse
    private var sources: [String: (id: Int64, load: Int64)] = [:]
    private var nextPerson: Int64 = 1_000_000
    private var nextAccount = 1
    private var rng: UInt64

    init(seed: UInt64 = 7) throws {
        warehouse = try Fixture.freshWarehouse()
        rng = seed
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('as_of', '2026-10-31')")
            for (name, system, kind, eventType) in [
                ("gazetteer", "gazetteer", "gazetteer", nil), ("council_tax", "council_tax", "person", nil),
                ("housing_benefit", "housing_benefit", "person", nil), ("hmo_licence", "hmo_licence", "licence", nil),
                ("asb", "asb", "event", "asb"), ("noise", "noise", "event", "noise"), ("pest_control", "pest_control", "event", "pest_control"),
                ("fpn", "fpn", "event", "fpn"), ("ct_summons", "ct_summons", "event", "ct_summons"), ("inspection", "inspection", "event", "inspection"),
            ] as [(String, String, String, String?)] {
                let def = eventType.map { "{\"eventType\":\"\($0)\"}" } ?? "{}"
                try db.execute(sql: "INSERT INTO source(name, system, kind, title, definition) VALUES (?,?,?,?,?)", arguments: [name, system, kind, name, def])
                let sid = db.lastInsertedRowID
                try db.execute(sql: """
                    INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by, rows_read, rows_loaded,
                                     rows_rejected, field_issues, blank_lines, is_current) VALUES (?, 'f', 'x', 0, 't', 't', 'test', 0, 0, 0, 0, 0, 1)
                    """, arguments: [sid])
                sources[name] = (sid, db.lastInsertedRowID)
            }
        }
    }

    /// A deterministic number in 0..<n.
    func draw(_ n: Int) -> Int {
        rng = rng &* 6364136223846793005 &+ 1442695040888963407
        return Int((rng >> 33) % UInt64(n))
    }

    @discardableResult
    func ward(_ name: String) throws -> Int64 {
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO ward(name) VALUES (?) ON CONFLICT(name) DO NOTHING", arguments: [name])
            return try Int64.fetchOne(db, sql: "SELECT id FROM ward WHERE name = ?", arguments: [name])!
        }
    }

    func property(_ uprn: Int64, ward: String, street: String = "Elm Road", usrn: Int64 = 1, propertyClass: String = "RD04",
                  tenure: String? = nil, band: String? = "C", licence: String = "none", bedrooms: Int? = nil) throws {
        let w = try self.ward(ward)
        try warehouse.pool.write { db in
            try db.execute(sql: """
                INSERT INTO property(uprn, usrn, building_number, street, address, ward_id, easting, northing, property_class, property_type,
                                     tenure, council_tax_band, licence_status, bedrooms)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [uprn, usrn, String(uprn % 1000), street, "\(uprn % 1000) \(street), \(ward)", w,
                                 530000 + Double(uprn % 97) * 10, 180000 + Double(uprn % 89) * 10, propertyClass,
                                 Derivation.propertyType(propertyClass), tenure, band, licence, bedrooms])
        }
    }

    private func record(_ db: Database, _ source: String, uprn: Int64?, _ fields: [String: (any DatabaseValueConvertible)?], personID: Int64? = nil,
                        eventUPRN: Int64? = nil) throws -> Int64 {
        let s = sources[source]!
        let cols = fields.keys.sorted()
        let sql = "INSERT INTO source_record(source_id, load_id, line" + cols.map { ", \($0)" }.joined() + ") VALUES (?, ?, 0" + cols.map { _ in ", ?" }.joined() + ")"
        try db.execute(sql: sql, arguments: StatementArguments([s.id, s.load] + cols.map { fields[$0]! }))
        let rid = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO record_link(record_id, uprn, person_id, event_uprn) VALUES (?,?,?,?)", arguments: [rid, uprn, personID, eventUPRN])
        return rid
    }

    /// A resident; `to == nil` means still living there.
    @discardableResult
    func person(at uprn: Int64, surname: String, dob: String?, from: String? = "2018-01-01", to: String? = nil, rank: Int = 1,
                sources: String = "council_tax,electoral_register") throws -> Int64 {
        nextPerson += 1
        let id = nextPerson
        try warehouse.pool.write { db in
            try db.execute(sql: "INSERT INTO person(id, given_name, surname, dob, current_uprn, record_count) VALUES (?,?,?,?,?,1)",
                           arguments: [id, "Pat", surname, dob, uprn])
            try db.execute(sql: "INSERT INTO residency(person_id, uprn, from_date, to_date, sources, evidence, score, rank) VALUES (?,?,?,?,?,1,100,?)",
                           arguments: [id, uprn, from, to, sources, rank])
        }
        return id
    }

    func councilTax(at uprn: Int64, role: String = "liable", start: String = "2018-01-01", end: String? = nil,
                    discount: String? = nil, exemption: String? = nil) throws {
        nextAccount += 1
        let account = String(nextAccount)
        try warehouse.pool.write { db in
            _ = try record(db, "council_tax", uprn: uprn, ["group_key": account, "role": role, "start_date": start, "end_date": end,
                                                           "discount": discount, "exemption": exemption, "band": "C"])
        }
    }

    func benefitClaim(at uprn: Int64, start: String = "2024-06-01") throws {
        nextAccount += 1
        let claim = "C\(nextAccount)"
        try warehouse.pool.write { db in
            _ = try record(db, "housing_benefit", uprn: uprn, ["group_key": claim, "role": "claimant", "start_date": start])
        }
    }

    func hmoLicence(at uprn: Int64, start: String = "2022-01-01", end: String? = "2027-01-01") throws {
        try warehouse.pool.write { db in
            _ = try record(db, "hmo_licence", uprn: uprn, ["start_date": start, "end_date": end, "licence_number": "L\(uprn)"])
            let current = end == nil || end! > "2026-10-31"
            try db.execute(sql: "UPDATE property SET licence_status = ? WHERE uprn = ?", arguments: [current ? "HMO licence" : "licence expired", uprn])
        }
    }

    /// An event at a property (ASB, noise, pest control, summons, fpn) or an inspection.
    func event(at uprn: Int64, _ type: String, date: String = "2025-06-01", outcome: String? = nil) throws {
        try warehouse.pool.write { db in
            let rid = try record(db, type, uprn: uprn, ["event_date": date, "outcome": outcome], eventUPRN: uprn)
            try db.execute(sql: """
                INSERT INTO property_event(uprn, event_type, event_date, outcome, source_id, record_id) VALUES (?,?,?,?,?,?)
                """, arguments: [uprn, type, date, outcome, sources[type]!.id, rid])
        }
    }

    // MARK: - Households

    static let surnames = ["Smith", "Khan", "Patel", "Jones", "Nowak", "Ahmed", "Brown", "Okafor", "Silva", "Chen", "Murphy", "Kaur",
                           "Popescu", "Ali", "Taylor", "Wilson", "Begum", "Rossi", "Ivanova", "Hughes"]

    /// Two adults of one surname and two children, owner-occupied; one council tax account; quiet.
    func family(_ uprn: Int64, ward: String, street: String = "Oak Avenue", usrn: Int64 = 2) throws {
        try property(uprn, ward: ward, street: street, usrn: usrn, propertyClass: "RD03", tenure: "owner_occupied", band: ["C", "D", "E"][draw(3)])
        let s = RiskFixture.surnames[draw(RiskFixture.surnames.count)]
        try person(at: uprn, surname: s, dob: "1980-03-0\(1 + draw(9))", from: "2012-05-01")
        try person(at: uprn, surname: s, dob: "1982-07-1\(draw(9))", from: "2012-05-01")
        try person(at: uprn, surname: s, dob: "2014-02-02", from: "2014-02-02", sources: "school_roll")
        try person(at: uprn, surname: s, dob: "2017-09-09", from: "2017-09-09", sources: "school_roll")
        try councilTax(at: uprn, start: "2012-05-01")
        if draw(8) == 0 { try event(at: uprn, "pest_control") }
    }

    /// A flat let to one or two people, with a change of tenant now and then.
    func ordinaryLet(_ uprn: Int64, ward: String) throws {
        try property(uprn, ward: ward, street: "Station Road", usrn: 3, propertyClass: "RD06", tenure: "private_rented", band: ["A", "B"][draw(2)])
        let s = RiskFixture.surnames[draw(RiskFixture.surnames.count)]
        try person(at: uprn, surname: s, dob: "199\(draw(10))-01-15", from: "2023-0\(1 + draw(9))-01")
        if draw(2) == 0 { try person(at: uprn, surname: s, dob: "199\(draw(10))-05-20", from: "2023-04-01") }
        if draw(3) == 0 { try person(at: uprn, surname: RiskFixture.surnames[draw(20)], dob: "1988-08-08", from: "2021-01-01", to: "2023-02-01") }
        try councilTax(at: uprn, start: "2023-04-01", discount: draw(3) == 0 ? "single_person" : nil)
        if draw(6) == 0 { try event(at: uprn, "noise") }
    }

    /// A house let room by room: many unrelated adults coming and going, council tax billed to the
    /// landlord, benefit claims, complaints.
    func hmo(_ uprn: Int64, ward: String, adults: Int = 5, complaints: Int = 2) throws {
        try property(uprn, ward: ward, street: "Victoria Street", usrn: 4, propertyClass: "RD04", tenure: "private_rented", band: ["D", "E"][draw(2)])
        for k in 0..<adults {
            try person(at: uprn, surname: RiskFixture.surnames[(draw(20) + k) % 20], dob: "199\(draw(10))-0\(1 + draw(9))-1\(draw(9))",
                       from: "2025-0\(1 + draw(9))-01", sources: draw(3) == 0 ? "council_tax,electoral_register" : "housing_benefit")
        }
        for _ in 0..<(adults / 2) {
            try person(at: uprn, surname: RiskFixture.surnames[draw(20)], dob: "1995-02-02", from: "2024-11-01", to: "2025-0\(1 + draw(9))-01")
        }
        try councilTax(at: uprn, role: "landlord", start: "2020-01-01")
        for _ in 0..<(1 + draw(3)) { try benefitClaim(at: uprn) }
        for k in 0..<complaints { try event(at: uprn, ["asb", "noise", "pest_control"][k % 3], date: "2025-0\(1 + draw(9))-15") }
    }

    /// A borough of two wards: 60 families, 50 ordinary lets and 24 HMOs, of which 8 are licensed,
    /// 4 were found by inspection and 12 are unknown; 10 lets were inspected and were not HMOs.
    static func borough(seed: UInt64 = 7) throws -> RiskFixture {
        let f = try RiskFixture(seed: seed)
        var uprn: Int64 = 100_000
        for k in 0..<60 { uprn += 1; try f.family(uprn, ward: k % 2 == 0 ? "Northfield" : "Southgate") }
        for k in 0..<50 {
            uprn += 1
            try f.ordinaryLet(uprn, ward: k % 2 == 0 ? "Northfield" : "Southgate")
            if k < 10 { try f.event(at: uprn, "inspection", date: "2024-03-0\(1 + k % 9)", outcome: k % 3 == 0 ? "Hazards found" : "No HMO") }
        }
        for k in 0..<24 {
            uprn += 1
            try f.hmo(uprn, ward: k % 2 == 0 ? "Northfield" : "Southgate", adults: 4 + k % 3, complaints: k % 4)
            if k < 8 { try f.hmoLicence(at: uprn) }
            else if k < 12 { try f.event(at: uprn, "inspection", date: "2025-09-1\(k % 9)", outcome: "HMO found") }
        }
        // A shop: not a dwelling, never scored.
        uprn += 1
        try f.property(uprn, ward: "Northfield", street: "High Street", usrn: 5, propertyClass: "CR08", band: nil)
        return f
    }

    /// UPRNs of the borough's groups.
    static let families: ClosedRange<Int64> = 100_001...100_060
    static let lets: ClosedRange<Int64> = 100_061...100_110
    static let licensedHMOs: ClosedRange<Int64> = 100_111...100_118
    static let inspectedHMOs: ClosedRange<Int64> = 100_119...100_122
    static let unknownHMOs: ClosedRange<Int64> = 100_123...100_134
    static let shop: Int64 = 100_135
}
