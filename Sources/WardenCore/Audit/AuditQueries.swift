import Foundation
import GRDB

/// Answers to "who looked at my record, when and why?" and "what did this officer do?".
public enum AuditQueries {
    /// Entries about one person (their current id and any id merged into it), newest first.
    public static func person(_ warehouse: Warehouse, id: Int64, limit: Int = 500) throws -> [AuditLog.Entry] {
        try warehouse.pool.read { db in
            let ids = [id] + (try Int64.fetchAll(db, sql: "SELECT old_id FROM person_redirect WHERE new_id = ?", arguments: [id]))
            return try AuditLog.Entry.fetchAll(db, sql: """
                SELECT * FROM audit_log WHERE subject_type = 'person' AND subject_id IN (\(ids.map { "'\($0)'" }.joined(separator: ",")))
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
