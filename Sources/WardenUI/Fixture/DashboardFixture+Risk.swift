import Foundation
import GRDB
import WardenCore

/// HMO risk data for the fixture: three streets of invented dwellings (enough for a ward's list
/// to need more than one page), coordinates for the map, licences, inspection outcomes and
/// complaints, then a real training and scoring run of the core's model.
///
/// It is kept apart from ``DashboardFixture/build(at:)`` (tests call ``addRisk(to:)`` after it)
/// so the other screens' golden files do not change with the risk panels.
extension DashboardFixture {
    /// The streets ``addRisk(to:)`` adds, and the wards they are in.
    public enum RiskStreet {
        /// Elm Park: numbers 1…48 (with Elm Road and Church Street, 51 dwellings).
        public static let harrowStreet = (name: "Harrow Street", ward: Int64(1), count: 48, first: Int64(100_000_100_001))
        /// Riverside: numbers 1…20.
        public static let canalWalk = (name: "Canal Walk", ward: Int64(2), count: 20, first: Int64(100_000_200_001))
        /// St Mary's: numbers 1…16.
        public static let abbeyRoad = (name: "Abbey Road", ward: Int64(3), count: 16, first: Int64(100_000_300_001))
    }

    /// A ward with no properties at all (the panels must say so, not fail).
    public static let emptyWard = "Northgate"

    /// Adds the risk data to a fixture warehouse made by ``build(at:)`` and trains and scores the
    /// model on it.
    @discardableResult
    public static func addRisk(to warehouse: Warehouse) throws -> RiskScoring.Outcome {
        try warehouse.pool.write { db in try fillRisk(db) }
        var settings = RiskTraining.Settings()
        settings.folds = 3
        let outcome = try RiskScoring.run(warehouse, trigger: "fixture", settings: settings, actor: .current(screen: "fixture"))
        // Who trained it and when are the fixture's, not the machine's, so screens are the same every day.
        try warehouse.pool.write { db in
            try db.execute(sql: """
                UPDATE risk_model SET created_at = ?, created_by = 'fixture',
                       definition = json_set(definition, '$.createdAt', ?, '$.createdBy', 'fixture')
                """, arguments: [trainedAt, trainedAt])
        }
        return outcome
    }

    /// When the fixture's model says it was trained.
    public static let trainedAt = "2026-11-01T08:30:00Z"

    static func fillRisk(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO ward(id, code, name) VALUES (4, 'E05099004', ?)", arguments: [emptyWard])
        func source(_ name: String) throws -> (id: Int64, load: Int64) {
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [name])!
            let load = try Int64.fetchOne(db, sql: "SELECT id FROM load WHERE source_id = ? AND is_current = 1", arguments: [id])!
            return (id, load)
        }
        // Sources of their own (the base fixture's are left as they are): the HMO licence register,
        // which the model reads for its labels, and complaints that say which event they are.
        var nextSource = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM source") ?? 0) + 1
        func addSource(_ name: String, system: String, kind: String, title: String, eventType: String? = nil) throws -> (id: Int64, load: Int64) {
            let id = nextSource
            nextSource += 1
            try db.execute(sql: "INSERT INTO source(id, name, system, kind, title, definition) VALUES (?,?,?,?,?,?)",
                           arguments: [id, name, system, kind, title, eventType.map { "{\"eventType\":\"\($0)\"}" } ?? "{}"])
            try db.execute(sql: """
                INSERT INTO load(id, source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                                 rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current)
                VALUES (?, ?, ?, ?, 0, '2026-10-30T21:08:00Z', '2026-10-30T21:08:00Z', 'loader', 0, 0, 0, 0, 0, 1)
                """, arguments: [nil as Int64?, id, "fixture/\(name).csv", String(repeating: "0", count: 64)])
            return (id, db.lastInsertedRowID)
        }
        let licences = try addSource("hmo_licences", system: "hmo_licence", kind: "licence", title: "HMO Licence Register")
        let sources: [String: (id: Int64, load: Int64)] = [
            "asb": try addSource("asb_cases", system: "asb", kind: "event", title: "ASB Case Management", eventType: "asb"),
            "pest_control": try addSource("pest_jobs", system: "pest_control", kind: "event", title: "Pest Control Jobs (new system)", eventType: "pest_control"),
            "noise": try addSource("noise_complaints", system: "noise", kind: "event", title: "Noise Complaints", eventType: "noise"),
            "ct_summons": try addSource("ct_summonses", system: "council_tax", kind: "event", title: "Council Tax Summonses (new system)", eventType: "ct_summons"),
            "fpn": try addSource("fixed_penalties", system: "fpn", kind: "event", title: "Fixed Penalty Notices", eventType: "fpn"),
        ]
        var line = 0
        func record(_ s: (id: Int64, load: Int64), uprn: Int64, event: Bool = false, _ fields: [String: String]) throws -> Int64 {
            line += 1
            let names = fields.keys.sorted()
            let values: [(any DatabaseValueConvertible)?] = [s.id, s.load, line, uprn] + names.map { fields[$0]! }
            try db.execute(sql: "INSERT INTO source_record(source_id, load_id, line, uprn\(names.map { ", " + $0 }.joined())) VALUES (?, ?, ?, ?\(String(repeating: ", ?", count: names.count)))",
                           arguments: StatementArguments(values))
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO record_link(record_id, uprn, uprn_confidence, uprn_method, event_uprn) VALUES (?, ?, 1.0, 'uprn', ?)",
                           arguments: [id, uprn, event ? uprn : nil])
            return id
        }
        func licence(_ uprn: Int64, _ number: String) throws {
            _ = try record(licences, uprn: uprn, ["licence_number": number, "start_date": "2024-01-15", "end_date": "2029-01-14", "status": "Granted"])
            try db.execute(sql: "UPDATE property SET licence_status = 'HMO licence' WHERE uprn = ?", arguments: [uprn])
        }
        func event(_ type: String, _ uprn: Int64, _ date: String, _ category: String) throws {
            let s = sources[type]!
            let r = try record(s, uprn: uprn, event: true, ["event_date": date, "category": category])
            try db.execute(sql: "INSERT INTO property_event(uprn, event_type, event_date, category, source_id, record_id) VALUES (?,?,?,?,?,?)",
                           arguments: [uprn, type, date, category, s.id, r])
        }
        func inspection(_ uprn: Int64, _ outcome: InspectionOutcome, _ date: String) throws {
            try db.execute(sql: """
                INSERT INTO inspection_outcome(uprn, outcome, visited_on, officer, note, recorded_at, recorded_by)
                VALUES (?, ?, ?, 'A. Inspector', NULL, '2026-10-30T12:00:00Z', 'fixture')
                """, arguments: [uprn, outcome.rawValue, date])
        }

        // Where the wards are on the map (British National Grid metres), and the fixture's own homes in them.
        let origin: [Int64: (e: Double, n: Double)] = [1: (537_000, 189_000), 2: (538_200, 188_400), 3: (536_100, 187_900)]
        for (k, p) in places.enumerated() {
            let o = origin[p.ward]!
            try db.execute(sql: "UPDATE property SET easting = ?, northing = ? WHERE uprn = ?",
                           arguments: [o.e - 60 - Double(k % 3) * 20, o.n + 420 + Double(k % 2) * 30, p.uprn])
        }
        try licence(UPRN.millLane33, "HMO/2024/0012")

        let postcodes: [Int64: String] = [1: "E17 5HS", 2: "E17 7QW", 3: "E10 6AB"]
        let tenures = ["private_rented", "private_rented", "owner_occupied", "private_rented", "social_rented", "private_rented"]
        for street in [RiskStreet.harrowStreet, RiskStreet.canalWalk, RiskStreet.abbeyRoad] {
            for k in 1...street.count {
                let uprn = street.first + Int64(k - 1)
                let o = origin[street.ward]!
                let flat = k % 4 == 0
                // About a third of the homes draw complaints; most of those are unlicensed HMOs, privately let.
                let troubled = (k * 7) % 10 < 3
                let address = "\(k) \(street.name), London, \(postcodes[street.ward]!)"
                try db.execute(sql: """
                    INSERT INTO property(uprn, building_number, street, town, postcode, address, ward_id, easting, northing,
                                         property_class, property_type, bedrooms, tenure, council_tax_band, licence_status)
                    VALUES (?, ?, ?, 'London', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none')
                    """, arguments: [uprn, String(k), street.name, postcodes[street.ward]!, address, street.ward,
                                     o.e + Double((k - 1) % 12) * 30, o.n + Double((k - 1) / 12) * 90 + Double(k % 2) * 12,
                                     flat ? "RD06" : "RD04", flat ? "Flat" : "Terraced house", 2 + k % 5,
                                     troubled ? "private_rented" : tenures[k % tenures.count],
                                     ["B", "C", "D", "E"][k % 4]])
                if troubled {
                    for j in 0...(k % 3) { try event("asb", uprn, "2026-0\(1 + j)-1\(k % 9)", "Noise / party") }
                    try event("noise", uprn, "2025-11-2\(k % 9)", "Amplified music")
                    if k % 2 == 0 { try event("pest_control", uprn, "2026-05-0\(1 + k % 9)", "Rats") }
                    if k % 3 != 1 { try event("ct_summons", uprn, "2026-06-1\(k % 9)", "Arrears") }
                    if k % 4 == 2 { try event("fpn", uprn, "2026-07-0\(1 + k % 9)", "Fly-tipping") }
                    if k % 2 == 0 { try inspection(uprn, .hmoFound, "2026-0\(1 + k % 9)-20") }
                } else if k % 11 == 0 {
                    try event("asb", uprn, "2026-03-03", "Neighbour dispute")
                    try event("fpn", uprn, "2026-03-04", "Littering")
                } else if k % 6 == 1 {
                    try inspection(uprn, k % 12 == 1 ? .noHMO : .noAccess, "2026-04-1\(k % 9)")
                }
            }
        }
        try licence(RiskStreet.harrowStreet.first + 2, "HMO/2024/0101")    // 3 Harrow Street
        try licence(RiskStreet.harrowStreet.first + 9, "HMO/2025/0140")    // 10 Harrow Street
        try licence(RiskStreet.canalWalk.first + 3, "HMO/2025/0207")       // 4 Canal Walk
        try db.execute(sql: """
            UPDATE load SET rows_loaded = (SELECT count(*) FROM source_record r WHERE r.load_id = load.id),
                            rows_read = (SELECT count(*) FROM source_record r WHERE r.load_id = load.id) + rows_rejected
            """)
    }
}
