import Foundation
import GRDB
import WardenCore

extension DashboardFixture {
    /// The fixture's data-sharing programme.
    public static let pilotProgramme = "Eastbridge HMO Data Pilot"

    /// Adds what the pilot and data-sources panels need: each source's linkage figures for its
    /// current load and three earlier monthly loads (so trends have a shape), and a programme
    /// whose file has two bad lines (the valid part still loads).
    static func addPilotsAndTrends(to w: Warehouse) throws {
        try w.pool.write { db in
            try SourceHistory.snapshot(db)
            // Earlier loads, four weeks apart, each a little worse than the one after it.
            let current = try Row.fetchAll(db, sql: """
                SELECT l.id, l.source_id, l.finished_at, l.rows_loaded, l.rows_rejected, h.uprn_rate, h.person_rate, h.unmatched
                FROM load l JOIN source_quality_history h ON h.load_id = l.id WHERE l.is_current = 1 ORDER BY l.id
                """)
            for c in current {
                let finished: String = c["finished_at"]
                let rows: Int = c["rows_loaded"], rejected: Int = c["rows_rejected"]
                for k in (1...3).reversed() {
                    let at = try String.fetchOne(db, sql: "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', ?, ?)", arguments: [finished, "-\(28 * k) days"])!
                    let loaded = max(0, rows - k), rejects = rejected + k
                    try db.execute(sql: """
                        INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                                         rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current)
                        VALUES (?, ?, ?, 0, ?, ?, 'loader', ?, ?, ?, 0, 0, 0)
                        """, arguments: [c["source_id"], "fixture/earlier-\(k).csv", String(repeating: String(k), count: 64), at, at,
                                         loaded + rejects, loaded, rejects])
                    let worse = { (rate: Double?, by: Double) in rate.map { max(0, $0 - by * Double(k)) } }
                    try db.execute(sql: """
                        INSERT INTO source_quality_history(load_id, source_id, at, rows_loaded, rows_rejected, uprn_rate, person_rate, unmatched)
                        VALUES (?,?,?,?,?,?,?,?)
                        """, arguments: [db.lastInsertedRowID, c["source_id"], at, loaded, rejects, worse(c["uprn_rate"], 0.04),
                                         worse(c["person_rate"], 0.05), (c["unmatched"] as Int?).map { $0 + 2 * k }])
                }
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pilots.toml")
        try pilotsFile.write(to: file, atomically: true, encoding: .utf8)
        try PilotStore.load(file: file.path, into: w, user: "fixture")
    }

    /// The programme file: eight participants, the local borough's asks tied to its systems, an
    /// unknown participant and a date in the wrong format (both reported, with their lines).
    static let pilotsFile = """
    [programme]
    name = "\(pilotProgramme)"
    aim = "Find unlicensed HMOs by linking council data across boroughs."
    lead = "London Office of Data Analytics (R. Adeyemi)"
    local_participant = "Eastbridge"

    [thresholds]
    uprn_match_rate = 0.60
    person_match_rate = 0.30
    max_reject_rate = 0.25
    grace_days = 7

    [[participant]]
    name = "Eastbridge"
    kind = "borough"
    contact = "Data Warehouse team"

    [[participant]]
    name = "Waltham Forest"
    kind = "borough"
    contact = "Insight & Intelligence"

    [[participant]]
    name = "Newham"
    kind = "borough"
    contact = "Data Warehouse & BI"

    [[participant]]
    name = "Hackney"
    kind = "borough"
    contact = "Private Sector Housing"

    [[participant]]
    name = "Redbridge"
    kind = "borough"
    contact = "Business Intelligence"

    [[participant]]
    name = "Tower Hamlets"
    kind = "borough"
    contact = "Corporate Research Unit"

    [[participant]]
    name = "Camden"
    kind = "borough"
    contact = "Data Science Team"

    [[participant]]
    name = "ASI Data Science"
    kind = "team"
    contact = "Modelling partner"

    [[dataset]]
    participant = "Eastbridge"
    name = "Council tax liable parties"
    system = "council_tax"
    due = "2026-09-30"

    [[dataset]]
    participant = "Eastbridge"
    name = "Electoral register"
    system = "electoral_register"
    due = "2026-09-30"

    [[dataset]]
    participant = "Eastbridge"
    name = "ASB incidents"
    system = "asb"
    due = "2026-11-30"

    [[dataset]]
    participant = "Eastbridge"
    name = "Property inspections"
    system = "inspection"
    due = "2026-10-31"

    [[dataset]]
    participant = "Waltham Forest"
    name = "Council tax liable parties"
    due = "2026-09-30"
    supplied = "2026-09-24"
    quality = 0.97

    [[dataset]]
    participant = "Waltham Forest"
    name = "HMO licence register"
    due = "2026-10-15"
    supplied = "2026-10-09"
    quality = 0.99

    [[dataset]]
    participant = "Newham"
    name = "Council tax liable parties"
    due = "2026-09-30"
    supplied = "2026-09-29"
    quality = 0.98

    [[dataset]]
    participant = "Newham"
    name = "Licensing register"
    due = "2026-10-15"
    supplied = "2026-10-28"
    quality = 0.99

    [[dataset]]
    participant = "Hackney"
    name = "Licensing register"
    due = "2026-10-15"

    [[dataset]]
    participant = "Hackny"
    name = "Council tax liable parties"
    due = "2026-09-30"

    [[dataset]]
    participant = "Redbridge"
    name = "Council tax liable parties"
    due = "2026-09-30"
    supplied = "2026-09-30"
    quality = 0.55

    [[dataset]]
    participant = "Tower Hamlets"
    name = "Council tax liable parties"
    due = "2026-09-30"

    [[dataset]]
    participant = "Camden"
    name = "Council tax liable parties"
    due = "2026-12-15"

    [[dataset]]
    participant = "ASI Data Science"
    name = "Model outputs for testing"
    due = "2027-01-31"

    [[milestone]]
    name = "Consultation"
    planned_start = "2026-03-02"
    planned_end = "2026-04-17"
    actual_start = "2026-03-02"
    actual_end = "2026-04-24"

    [[milestone]]
    name = "Workshop"
    planned_start = "2026-05-12"
    planned_end = "2026-05-12"
    actual_start = "2026-05-19"
    actual_end = "2026-05-19"

    [[milestone]]
    name = "Data sharing protocol"
    planned_start = "2026-06-01"
    planned_end = "2026-08-28"
    actual_start = "2026-06-08"
    actual_end = "2026-09-11"

    [[milestone]]
    name = "Data collection"
    planned_start = "2026-09-01"
    planned_end = "2026-11-30"
    actual_start = "2026-09-01"

    [[milestone]]
    name = "Proof of concept"
    planned_start = "2026-10-01"
    planned_end = "2026-12-18"
    actual_start = "2026-10-12"

    [[milestone]]
    name = "Testing"
    planned_start = "2027-01-11"
    planned_end = "31/03/2027"

    [[milestone]]
    name = "Evaluation"
    planned_start = "2027-04-05"
    planned_end = "2027-05-28"

    [[blocker]]
    participant = "Hackney"
    raised = "2026-09-05"
    description = "Licensing system migration froze exports."

    [[blocker]]
    participant = "Tower Hamlets"
    raised = "2026-08-20"
    description = "Supplier change request needed for the council tax extract."
    resolved = "2026-10-01"

    [[lesson]]
    text = "Matching records to the UPRN was the hardest part: each merge lost properties."

    [[lesson]]
    text = "Precise data requirements helped boroughs prioritise."
    """
}
