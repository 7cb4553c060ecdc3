import Foundation
import GRDB

/// Answers to "who looked at my record, when and why?" and "what did this officer do?".
public enum AuditQueries {
    /// Entries about one person (their current id and any id merged into it), newest first:
    /// views of their record, and everything done on a fraud case about them (views, notes,
    /// changes). A subject-access request that left out the investigator who opened their case
    /// would be incomplete. Both parts are index lookups: the log holds millions of entries.
    public static func person(_ warehouse: Warehouse, id: Int64, limit: Int = 500) throws -> [AuditLog.Entry] {
        try warehouse.pool.read { db in
            let ids = [id] + (try Int64.fetchAll(db, sql: "SELECT old_id FROM person_redirect WHERE new_id = ?", arguments: [id]))
            let texts = ids.map { "'\($0)'" }.joined(separator: ","), numbers = ids.map(String.init).joined(separator: ",")
            return try AuditLog.Entry.fetchAll(db, sql: """
                SELECT * FROM audit_log
                WHERE (subject_type = 'person' AND subject_id IN (\(texts)))
                   OR (subject_type = 'fraud_case' AND subject_id IN
                         (SELECT CAST(id AS TEXT) FROM fraud_case WHERE subject_person_id IN (\(numbers))))
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit])
        }
    }

    /// What one officer did, newest first.
    public static func user(_ warehouse: Warehouse, name: String, limit: Int = 500) throws -> [AuditLog.Entry] {
        try warehouse.pool.read { db in
            try AuditLog.Entry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE user = ? ORDER BY id DESC LIMIT ?", arguments: [name, limit])
        }
    }
}
