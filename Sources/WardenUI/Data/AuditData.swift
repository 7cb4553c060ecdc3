import Foundation
import WardenCore

// The admin audit panel's reads: who looked at a person's record, what an officer did, and
// whether the log's hash chain is intact. The same core queries as `warden audit show` and
// `warden audit verify`. Reading the audit log is itself audited.

extension DashboardData {
    /// Throws unless this officer may open the audit panel: the policy's "audit" screen and the
    /// "audit" field group (a data protection officer or admin in the default policy).
    func requireAuditPanel() throws {
        try requireScreen("audit", "the audit panel")
        guard access.canSee(.audit) else {
            throw LoadFailure(message: "Your role (\(access.role?.label ?? "none")) may not see who looked at a record under the access policy.")
        }
    }

    /// Who looked at this person's record (and any id merged into it), newest first; writes an
    /// access-log row saying this officer asked.
    public func auditEntries(person id: Int64, limit: Int = 500) throws -> [AuditLog.Entry] {
        try requireAuditPanel()
        let entries = try AuditQueries.person(warehouse, id: id, limit: limit)
        try AuditLog.record(warehouse, actor: actor(screen: "dashboard:audit"), action: .view, subjectType: "audit_person",
                            subjectID: String(id), detail: "{\"entries\":\(entries.count)}")
        return entries
    }

    /// What this officer (an account name) did, newest first; writes an access-log row.
    public func auditEntries(user name: String, limit: Int = 500) throws -> [AuditLog.Entry] {
        try requireAuditPanel()
        let entries = try AuditQueries.user(warehouse, name: name, limit: limit)
        try AuditLog.record(warehouse, actor: actor(screen: "dashboard:audit"), action: .view, subjectType: "audit_user",
                            subjectID: name, detail: "{\"entries\":\(entries.count)}")
        return entries
    }

    /// Checks the whole hash chain; the check itself is logged (after it ran, so it never
    /// checks its own entry).
    public func verifyAuditLog() throws -> AuditVerify.Report {
        try requireAuditPanel()
        let report = try AuditVerify.run(warehouse)
        try AuditLog.record(warehouse, actor: actor(screen: "dashboard:audit"), action: .view, subjectType: "audit_log",
                            detail: "{\"verified\":\(report.entries),\"problems\":\(report.problems.count)}")
        return report
    }
}
