import Foundation
import GRDB
import WardenLinkage

/// Individuals' rights under UK GDPR: restriction, rectification and erasure. Admins only; every
/// use is itself audited; rectification and erasure list the recipients of exports that carried
/// the person, who must be told.
public enum Rights {
    /// An export that carried a person, and so a recipient to notify.
    public struct Recipient: Sendable, Codable, Equatable {
        public var exportID: Int64
        public var at: String
        public var by: String
        public var kind: String
        public var file: String
        public var recipient: String?
        public var fields: String?
    }

    /// The fields a rectification may correct (the person's own record).
    public static let rectifiable: [String: String] = [
        "title": "title", "given_name": "given_name", "middle_names": "middle_names", "surname": "surname", "dob": "dob",
        "gender": "gender", "nino": "nino", "nhs_number": "nhs_number", "marital_status": "marital_status", "date_of_death": "date_of_death",
    ]

    static func requireAdmin(_ access: Access, _ what: String) throws {
        guard access.isAdmin else {
            throw UserFacingError(field: "warden rights \(what)", problem: "only a data protection officer (admin) may act on individuals' rights",
                                  remedy: access.isUser ? "ask one" : access.notAUser.remedy)
        }
    }

    static func resolve(_ db: Database, _ id: Int64) throws -> Int64 {
        if try Int.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ?", arguments: [id]) != nil { return id }
        if let to = try Int64.fetchOne(db, sql: "SELECT new_id FROM person_redirect WHERE old_id = ?", arguments: [id]) { return to }
        throw UserFacingError(field: "person \(id)", problem: "no such virtual person", remedy: "find their id with `warden search NAME`")
    }

    /// Exports that carried this person.
    public static func recipients(_ db: Database, person: Int64) throws -> [Recipient] {
        try Row.fetchAll(db, sql: """
            SELECT e.id, e.at, e.user, e.kind, e.file, e.recipient, s.fields FROM export_subject s JOIN export_log e ON e.id = s.export_id
            WHERE s.subject_type = 'person' AND s.subject_id = ? ORDER BY e.id
            """, arguments: [String(person)]).map {
            Recipient(exportID: $0["id"], at: $0["at"], by: $0["user"], kind: $0["kind"], file: $0["file"], recipient: $0["recipient"], fields: $0["fields"])
        }
    }

    // MARK: Restriction

    /// Hides the record from everyone but admins until lifted (`lift: true`).
    public static func restrict(_ id: Int64, lift: Bool = false, reason: String?, access: Access, warehouse: Warehouse) throws {
        try requireAdmin(access, "restrict")
        try warehouse.pool.write { db in
            let pid = try resolve(db, id)
            if lift {
                try db.execute(sql: "DELETE FROM person_restriction WHERE person_id = ?", arguments: [pid])
            } else {
                try db.execute(sql: """
                    INSERT INTO person_restriction(person_id, restricted_at, restricted_by, reason) VALUES (?,?,?,?)
                    ON CONFLICT(person_id) DO UPDATE SET reason = excluded.reason
                    """, arguments: [pid, AuditLog.timestamp(), access.account, reason])
            }
            try AuditLog.append(db, actor: access.actor(screen: "cli:rights"), action: .rights, subjectType: "person", subjectID: String(pid),
                                detail: "{\"right\":\"\(lift ? "restriction lifted" : "restriction")\",\"reason\":\(RowBuffer.jsonString(reason ?? ""))}")
        }
    }

    // MARK: Rectification

    /// Corrects a field: the corrected value wins everywhere the person is shown (and survives
    /// relinking), the old one is kept in history. Returns the recipients of exports that carried it.
    public static func rectify(_ id: Int64, field: String, value: String, reason: String, access: Access, warehouse: Warehouse) throws -> [Recipient] {
        try requireAdmin(access, "rectify")
        guard let column = rectifiable[field] else {
            throw UserFacingError(field: "--field \(field)", problem: "cannot be corrected here", remedy: Suggest.hint(field, in: rectifiable.keys) ?? "fields: " + rectifiable.keys.sorted().joined(separator: ", "))
        }
        var normalised = value
        if column == "dob" || column == "date_of_death" {
            guard let d = CivilDate(iso: value) else { throw UserFacingError(field: "--value", problem: "\"\(value)\" is not a date", remedy: "write it as yyyy-MM-dd") }
            normalised = d.iso
        } else if column == "nino" {
            guard let n = UKIdentifiers.normaliseNINO(value) else { throw UserFacingError(field: "--value", problem: "\"\(value)\" is not a National Insurance number") }
            normalised = n
        } else if column == "nhs_number" {
            normalised = try UKIdentifiers.normaliseNHS(value).get()
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw UserFacingError(field: "--reason", problem: "a rectification needs a reason") }
        return try warehouse.pool.write { db in
            let pid = try resolve(db, id)
            let old = try String.fetchOne(db, sql: "SELECT \(column) FROM person WHERE id = ?", arguments: [pid])
            try db.execute(sql: "INSERT INTO person_rectification(person_id, field, old_value, new_value, reason, at, by) VALUES (?,?,?,?,?,?,?)",
                           arguments: [pid, column, old, normalised, reason, AuditLog.timestamp(), access.account])
            try applyRectifications(db, person: pid)
            try SearchIndex.refresh(db, person: pid)
            try AuditLog.append(db, actor: access.actor(screen: "cli:rights"), action: .rights, subjectType: "person", subjectID: String(pid),
                                detail: "{\"right\":\"rectification\",\"field\":\"\(column)\",\"before\":\(RowBuffer.jsonString(old ?? "")),\"after\":\(RowBuffer.jsonString(normalised)),\"reason\":\(RowBuffer.jsonString(reason))}")
            return try recipients(db, person: pid).filter { r in r.fields == nil || r.fields!.split(separator: ",").contains { $0 == Substring(column) || $0 == "*" } }
        }
    }

    /// Moves rights that name a retired virtual id to its successor (after relinking merged it).
    static func followRedirects(_ db: Database) throws {
        for table in ["person_rectification", "person_restriction", "person_erasure"] {
            try db.execute(sql: """
                UPDATE OR REPLACE \(table) SET person_id = (SELECT new_id FROM person_redirect WHERE old_id = \(table).person_id)
                WHERE person_id IN (SELECT old_id FROM person_redirect)
                """)
        }
    }

    /// Re-applies every correction (after linkage rebuilds the people).
    static func applyRectifications(_ db: Database, person: Int64? = nil) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.person_id, r.field, r.new_value FROM person_rectification r
            JOIN (SELECT person_id, field, max(id) AS id FROM person_rectification GROUP BY person_id, field) latest ON latest.id = r.id
            \(person == nil ? "" : "WHERE r.person_id = \(person!)")
            """)
        for r in rows {
            let field: String = r["field"]
            guard let column = rectifiable[field] else { continue }
            try db.execute(sql: "UPDATE person SET \(column) = ? WHERE id = ?", arguments: [r["new_value"] as String, r["person_id"] as Int64])
        }
    }

    // MARK: Erasure

    /// What an erasure did.
    public struct ErasureReport: Sendable, Codable {
        public var person: Int64
        public var pseudonym: String
        public var records: Int
        public var auditEntriesPseudonymised: Int
        public var recipients: [Recipient]
    }

    /// Removes or pseudonymises the person's personal data across every table and the search
    /// index, rewrites the database file so nothing remains in its free pages or its
    /// write-ahead log, keeps a pseudonym in the audit trail, and lists the recipients to tell.
    public static func erase(_ id: Int64, reason: String, access: Access, warehouse: Warehouse) throws -> ErasureReport {
        try requireAdmin(access, "erase")
        let report = try warehouse.pool.write { db -> ErasureReport in
            let pid = try resolve(db, id)
            let pseudonym = "ERASED-" + String(SHA256Hasher.hex(of: "\(pid)|\(AuditLog.timestamp())").prefix(10)).uppercased()
            // Every spelling of them the warehouse holds, to find them in free text (search queries, raw rejected rows).
            var needles = Set<String>()
            let recordRows = try Row.fetchAll(db, sql: """
                SELECT r.id, r.source_id, r.line, s.name AS source, r.record_key, r.given_name, r.middle_names, r.surname, r.full_name, r.dob, r.nino, r.nhs_number,
                       r.phone, r.mobile, r.email, r.address, r.postcode
                FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id WHERE rl.person_id = ?
                """, arguments: [pid])
            let person = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [pid])
            for r in recordRows {
                for k in ["given_name", "surname", "full_name", "nino", "nhs_number", "phone", "mobile", "email"] {
                    if let v: String = r[k], v.count >= 3 { needles.insert(v) }
                }
                if let g: String = r["given_name"], let s: String = r["surname"] { needles.insert("\(g) \(s)") }
            }
            for k in ["given_name", "surname", "nino", "nhs_number"] { if let v: String = person?[k], v.count >= 3 { needles.insert(v) } }
            let needleList = needles.sorted { $0.count > $1.count }
            func scrub(_ text: String) -> String {
                var t = text
                for n in needleList { t = t.replacingOccurrences(of: n, with: pseudonym, options: [.caseInsensitive, .diacriticInsensitive]) }
                return t
            }
            // Remember the records, so a later load of the same extract is pseudonymised again.
            for r in recordRows {
                let key = PersonLinkage.stableKey(source: r["source"], recordKey: r["record_key"],
                                                  parts: [r["given_name"], r["middle_names"], r["surname"], r["dob"], r["address"], r["postcode"], r["nino"]])
                try db.execute(sql: "INSERT OR REPLACE INTO erased_record(record_key, pseudonym) VALUES (?, ?)", arguments: [key, pseudonym])
            }
            // The source records: personal fields removed, the surname replaced by the pseudonym.
            let ids = recordRows.map { $0["id"] as Int64 }
            try pseudonymiseRecords(db, ids: ids, pseudonym: pseudonym)
            // Rejected rows and field issues at those records' lines keep raw text: scrub it.
            for r in recordRows {
                for row in try Row.fetchAll(db, sql: "SELECT id, raw FROM rejected_row WHERE source_id = ? AND line = ?", arguments: [r["source_id"] as Int64, r["line"] as Int]) {
                    try db.execute(sql: "UPDATE rejected_row SET raw = ? WHERE id = ?", arguments: [scrub(row["raw"]), row["id"] as Int64])
                }
                try db.execute(sql: "UPDATE field_issue SET value = ? WHERE source_id = ? AND line = ?", arguments: [pseudonym, r["source_id"] as Int64, r["line"] as Int])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, raw FROM rejected_row") {
                let raw: String = row["raw"]
                let s = scrub(raw)
                if s != raw { try db.execute(sql: "UPDATE rejected_row SET raw = ? WHERE id = ?", arguments: [s, row["id"] as Int64]) }
            }
            // The person: a pseudonym and nothing else personal.
            try db.execute(sql: """
                UPDATE person SET title = NULL, given_name = NULL, middle_names = NULL, surname = ?, dob = NULL, gender = NULL, nino = NULL,
                       nhs_number = NULL, marital_status = NULL, date_of_death = NULL WHERE id = ?
                """, arguments: [pseudonym, pid])
            try db.execute(sql: "DELETE FROM contact WHERE person_id = ?", arguments: [pid])
            try db.execute(sql: "DELETE FROM service_flag WHERE person_id = ?", arguments: [pid])
            try db.execute(sql: "DELETE FROM person_rectification WHERE person_id = ?", arguments: [pid])
            try db.execute(sql: "UPDATE record_link SET person_explanation = NULL WHERE person_id = ?", arguments: [pid])
            try db.execute(sql: "DELETE FROM person_record_memory WHERE person_id = ?", arguments: [pid])
            try db.execute(sql: "INSERT OR REPLACE INTO person_erasure(person_id, pseudonym, at, by) VALUES (?,?,?,?)",
                           arguments: [pid, pseudonym, AuditLog.timestamp(), access.account])
            for hook in ErasureHooks.all { try hook(db, pid, pseudonym, scrub) }
            // The erasure is audited first, so the redactions below can name it.
            let recipients = try recipients(db, person: pid)
            let erasureEntry = try AuditLog.append(db, actor: access.actor(screen: "cli:rights"), action: .rights, subjectType: "person", subjectID: String(pid),
                                                   detail: "{\"right\":\"erasure\",\"pseudonym\":\"\(pseudonym)\",\"records\":\(ids.count),\"recipients\":\(recipients.count),\"reason\":\(RowBuffer.jsonString(scrub(reason)))}")
            // The audit trail keeps the pseudonym: details that spelled the person are rewritten;
            // the chain still verifies because it covers the original detail's digest.
            var pseudonymised = 0
            for row in try Row.fetchAll(db, sql: "SELECT id, detail FROM audit_log WHERE detail IS NOT NULL AND id <> ?", arguments: [erasureEntry]) {
                let detail: String = row["detail"]
                let s = scrub(detail)
                guard s != detail else { continue }
                let entry: Int64 = row["id"]
                try db.execute(sql: "INSERT OR IGNORE INTO audit_redaction(entry_id, erasure_id, at) VALUES (?,?,?)", arguments: [entry, erasureEntry, AuditLog.timestamp()])
                try db.execute(sql: "UPDATE audit_log SET detail = ? WHERE id = ?", arguments: [s, entry])
                pseudonymised += 1
            }
            try SearchIndex.refresh(db, person: pid)
            return ErasureReport(person: pid, pseudonym: pseudonym, records: ids.count, auditEntriesPseudonymised: pseudonymised, recipients: recipients)
        }
        try compact(warehouse)
        return report
    }

    /// Clears personal fields of source records, leaving the pseudonym as surname.
    static func pseudonymiseRecords(_ db: Database, ids: [Int64], pseudonym: String) throws {
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            try db.execute(sql: """
                UPDATE source_record SET title = NULL, given_name = NULL, middle_names = NULL, surname = ?, full_name = NULL, dob = NULL,
                       date_of_death = NULL, gender = NULL, nino = NULL, nhs_number = NULL, marital_status = NULL, phone = NULL, mobile = NULL,
                       email = NULL, correspondence_address = NULL, correspondence_postcode = NULL, extra = NULL
                WHERE id IN (\(chunk.map(String.init).joined(separator: ",")))
                """, arguments: [pseudonym])
        }
    }

    /// After a load: records of erased people that an extract brought back are pseudonymised again.
    static func reapplyErasures(_ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM erased_record") ?? 0 > 0 else { return }
        let erased = Dictionary(try Row.fetchAll(db, sql: "SELECT record_key, pseudonym FROM erased_record").map { ($0["record_key"] as Int64, $0["pseudonym"] as String) },
                                uniquingKeysWith: { a, _ in a })
        var hits: [String: [Int64]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT r.id, s.name AS source, r.record_key, r.given_name, r.middle_names, r.surname, r.dob, r.address, coalesce(r.postcode, r.postcode_raw) AS postcode, r.nino
            FROM source_record r JOIN source s ON s.id = r.source_id WHERE s.kind <> 'gazetteer' AND r.surname NOT LIKE 'ERASED-%'
            """) {
            for address in [r["address"] as String?] {
                let key = PersonLinkage.stableKey(source: r["source"], recordKey: r["record_key"],
                                                  parts: [r["given_name"], r["middle_names"], r["surname"], r["dob"], address, r["postcode"], r["nino"]])
                if let p = erased[key] { hits[p, default: []].append(r["id"]) }
            }
        }
        for (p, ids) in hits { try pseudonymiseRecords(db, ids: ids, pseudonym: p) }
    }

    /// Rewrites the file: zeroes freed pages (secure_delete), empties the WAL, and VACUUMs so no
    /// erased text survives anywhere in the database file.
    static func compact(_ warehouse: Warehouse) throws {
        try warehouse.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "INSERT INTO search_person(search_person) VALUES('optimize')")
            try db.execute(sql: "VACUUM")
            try db.checkpoint(.truncate)
        }
    }
}

/// Other modules (counter-fraud cases, risk notes) register here what erasure must scrub in
/// their own tables: (database, person id, pseudonym, scrub-text function).
public enum ErasureHooks {
    public typealias Hook = @Sendable (Database, Int64, String, (String) -> String) throws -> Void
    nonisolated(unsafe) public static var all: [Hook] = [FraudSchema.erase]
}
