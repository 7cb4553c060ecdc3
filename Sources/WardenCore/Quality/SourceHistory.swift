import Foundation
import GRDB

/// Each source's linkage figures, snapshotted at every linkage so the data-sources panel can show
/// a trend across loads: the share of records matched to a UPRN, the share of person records
/// found in at least one other system, and how many address-bearing records were lost at the
/// merge (no UPRN) — the figure that sank data-sharing pilots.
public enum SourceHistory {
    /// Records every current load's figures (run after each linkage; replaces a snapshot of the same load).
    public static func snapshot(_ db: Database) throws {
        let at = AuditLog.timestamp()
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS multi_source_person(person_id INTEGER PRIMARY KEY);
            DELETE FROM multi_source_person;
            INSERT INTO multi_source_person
            SELECT rl.person_id FROM record_link rl JOIN source_record r ON r.id = rl.record_id
            WHERE rl.person_id IS NOT NULL GROUP BY rl.person_id HAVING count(DISTINCT r.source_id) > 1;
            """)
        try db.execute(sql: """
            INSERT INTO source_quality_history(load_id, source_id, at, rows_loaded, rows_rejected, uprn_rate, person_rate, unmatched,
                                               with_address, with_uprn, with_name, found_elsewhere)
            SELECT l.id, s.id, ?, l.rows_loaded, l.rows_rejected,
                   CASE WHEN f.with_address = 0 THEN NULL ELSE 1.0 * f.with_uprn / f.with_address END,
                   CASE WHEN f.with_name = 0 THEN NULL ELSE 1.0 * f.found_elsewhere / f.with_name END,
                   CASE WHEN f.with_address = 0 THEN NULL ELSE f.with_address - f.with_uprn END,
                   f.with_address, f.with_uprn, f.with_name, f.found_elsewhere
            FROM source s JOIN load l ON l.source_id = s.id AND l.is_current = 1
            JOIN (
                SELECT r.source_id,
                       sum(CASE WHEN r.address IS NOT NULL OR r.location IS NOT NULL OR r.postcode IS NOT NULL OR r.uprn IS NOT NULL THEN 1 ELSE 0 END) AS with_address,
                       sum(CASE WHEN (r.address IS NOT NULL OR r.location IS NOT NULL OR r.postcode IS NOT NULL OR r.uprn IS NOT NULL)
                                 AND (rl.uprn IS NOT NULL OR rl.event_uprn IS NOT NULL OR rl.event_usrn IS NOT NULL) THEN 1 ELSE 0 END) AS with_uprn,
                       -- person records: those linkage gave a virtual person (a named record that names no
                       -- one, "Anonymous", is not one), and of them, those whose person another system knows
                       sum(CASE WHEN rl.person_id IS NOT NULL THEN 1 ELSE 0 END) AS with_name,
                       sum(CASE WHEN m.person_id IS NOT NULL THEN 1 ELSE 0 END) AS found_elsewhere
                FROM source_record r LEFT JOIN record_link rl ON rl.record_id = r.id LEFT JOIN multi_source_person m ON m.person_id = rl.person_id
                GROUP BY r.source_id
            ) f ON f.source_id = s.id
            WHERE s.kind <> 'gazetteer'
            ON CONFLICT(load_id) DO UPDATE SET at = excluded.at, uprn_rate = excluded.uprn_rate, person_rate = excluded.person_rate,
                unmatched = excluded.unmatched, rows_loaded = excluded.rows_loaded, rows_rejected = excluded.rows_rejected,
                with_address = excluded.with_address, with_uprn = excluded.with_uprn, with_name = excluded.with_name,
                found_elsewhere = excluded.found_elsewhere
            """, arguments: [at])
        try db.execute(sql: "DROP TABLE temp.multi_source_person")
    }
}
