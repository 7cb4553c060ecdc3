import Dispatch
import Foundation
import GRDB
import WardenLinkage

/// Runs the rules over the linked warehouse and stores what they find as cases.
///
/// A case is found again by its key (rule + the claim's own reference: account, claim, tenancy,
/// pass number), so a re-scan updates an open case (new evidence appended, risk and value
/// refreshed) and never duplicates it. A closed case is re-raised only when the scan finds
/// evidence it did not have when it was closed.
public enum FraudScan {
    /// What one scan did, per rule and in all.
    public struct Summary: Sendable, Codable {
        public struct RuleFigures: Sendable, Codable {
            public var rule: String
            public var caseType: String
            public var version: String
            public var found = 0
            public var queued = 0
            public var belowThreshold = 0
            public var raised = 0
            public var updated = 0
            public var reraised = 0
            public var closedUnchanged = 0
            public var noLongerFound = 0
            public var seconds = 0.0
        }
        public var scanID: Int64
        public var rulesOrigin: String
        public var rulesSHA256: String
        public var asOf: String
        public var rules: [RuleFigures]
        public var readSeconds: Double
        public var detectSeconds: Double
        public var writeSeconds: Double
        public var seconds: Double
        public var found: Int { rules.reduce(0) { $0 + $1.found } }
        public var queued: Int { rules.reduce(0) { $0 + $1.queued } }
        public var raised: Int { rules.reduce(0) { $0 + $1.raised } }
    }

    /// Scans the warehouse with `rules`. `now` stamps the cases (tests pass a fixed date).
    @discardableResult
    public static func run(_ warehouse: Warehouse, rules: FraudRuleSet, actor: AuditLog.Actor, now: Date = Date(),
                           progress: ProgressHandler? = nil) throws -> Summary {
        let started = Date()
        let asOfText = try warehouse.meta("as_of")
        guard let asOfText, let asOf = CivilDate(iso: asOfText) else {
            throw UserFacingError(file: warehouse.path, problem: "the warehouse has no extract date (as_of)", remedy: "build it with `warden build --from DIR`")
        }
        let linked = try warehouse.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record_link WHERE person_id IS NOT NULL") ?? 0 }
        guard linked > 0 else {
            throw UserFacingError(file: warehouse.path, problem: "the warehouse is not linked yet: cases are found from linked records",
                                  remedy: "run `warden link` (or build without --no-link)")
        }
        let adultFrom = rules.evidence.compactMapValues(\.adultFromColumn)
        let world = try warehouse.pool.read { db in try FraudWorld.load(db, systems: rules.systems, asOf: asOf, adultFromColumns: adultFrom, progress: progress) }
        let readSeconds = Date().timeIntervalSince(started)
        progress?("applying the rules", 0.6)
        let detector = FraudDetector(world: world, rules: rules)
        let enabled = rules.enabledRules
        let detectStarted = Date()
        let results = UnsafeSendableBox([(candidates: [FraudCandidate], seconds: Double)](repeating: ([], 0), count: enabled.count))
        DispatchQueue.concurrentPerform(iterations: enabled.count) { i in
            let t = Date()
            let c = detector.candidates(for: enabled[i])
            results.set(i, (c, Date().timeIntervalSince(t)))
        }
        let detectSeconds = Date().timeIntervalSince(detectStarted)
        progress?("storing cases", 0.8)
        let writeStarted = Date()
        var summary = try warehouse.pool.write { db in
            try store(db, world: world, rules: rules, found: results.values.map(\.candidates), actor: actor, now: now, asOf: asOf)
        }
        for i in summary.rules.indices { summary.rules[i].seconds = results.values[i].seconds }
        summary.readSeconds = readSeconds
        summary.detectSeconds = detectSeconds
        summary.writeSeconds = Date().timeIntervalSince(writeStarted)
        summary.seconds = Date().timeIntervalSince(started)
        try warehouse.pool.write { db in
            try db.execute(sql: "UPDATE fraud_scan SET figures = ?, finished_at = ? WHERE id = ?",
                           arguments: [String(decoding: try JSONEncoder().encode(summary), as: UTF8.self), timestamp(Date()), summary.scanID])
        }
        progress?("done", 1)
        return summary
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    static func isoDay(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: d)
    }

    // MARK: - Storing

    /// A source record's details, snapshotted into the case.
    struct RecordDetail {
        var id: Int64
        var source: String
        var system: String
        var sourceTitle: String
        var line: Int
        var recordKey: String?
        var groupKey: String?
        var role: String?
        var name: String?
        var dob: String?
        var dod: String?
        var start: String?
        var end: String?
        var facts: [String]
        var uprn: Int64?
        var address: String?
        var personID: Int64?
        var personConfidence: Double?
        var uprnConfidence: Double?

        /// The claim's own reference: its account, claim or tenancy, else its record key.
        var claimReference: String { groupKey ?? recordKey ?? "line \(line)" }

        /// A stable identity for this record's evidence: survives reloads, not content edits of its dates.
        func fingerprint(role: String) -> String {
            let parts = [role, source, recordKey ?? "", groupKey ?? "", (self.role ?? ""), TextFolding.folded(name ?? ""), dob ?? "", uprn.map(String.init) ?? ""]
            return String(SHA256Hasher.hex(of: parts.joined(separator: "\u{1F}")).prefix(16))
        }
    }

    static func details(_ db: Database, ids: [Int64]) throws -> [Int64: RecordDetail] {
        guard !ids.isEmpty else { return [:] }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS fraud_ids(id INTEGER PRIMARY KEY); DELETE FROM temp.fraud_ids")
        let ins = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.fraud_ids(id) VALUES (?)")
        for id in ids { try ins.execute(arguments: [id]) }
        var out: [Int64: RecordDetail] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.id, s.name, s.system, s.title AS source_title, r.line, r.record_key, r.group_key, r.role, r.title, r.given_name,
                   r.surname, r.full_name, r.business_name, r.dob, r.date_of_death, r.start_date, r.end_date, r.status, r.discount,
                   r.exemption, r.relief, r.band, r.amount, r.rateable_value, r.category, rl.uprn, rl.person_id, rl.person_confidence,
                   rl.uprn_confidence, coalesce(p.address, r.address, r.location) AS address
            FROM temp.fraud_ids f JOIN source_record r ON r.id = f.id JOIN source s ON s.id = r.source_id
            LEFT JOIN record_link rl ON rl.record_id = r.id LEFT JOIN property p ON p.uprn = rl.uprn
            """)
        while let r = try rows.next() {
            var name = [r["title"] as String?, r["given_name"] as String?, r["surname"] as String?].compactMap { $0 }.joined(separator: " ")
            if name.isEmpty { name = (r["full_name"] as String?) ?? (r["business_name"] as String?) ?? "" }
            var facts: [String] = []
            if let v: String = r["role"] { facts.append("role \(v)") }
            if let v: String = r["category"] { facts.append(v) }
            if let v: String = r["status"] { facts.append("status \(v)") }
            if let v: String = r["discount"] { facts.append("discount \(v.replacingOccurrences(of: "_", with: " "))") }
            if let v: String = r["exemption"] { facts.append("exemption class \(v)") }
            if let v: String = r["relief"] { facts.append("relief \(v.replacingOccurrences(of: "_", with: " "))") }
            if let v: String = r["band"] { facts.append("band \(v)") }
            if let v: Double = r["rateable_value"] { facts.append(String(format: "rateable value £%.0f", v)) }
            if let v: Double = r["amount"] { facts.append(String(format: "amount £%.2f", v)) }
            if let b: String = r["business_name"], !name.contains(b) { facts.append(b) }
            out[r["id"]] = RecordDetail(
                id: r["id"], source: r["name"], system: r["system"], sourceTitle: r["source_title"], line: r["line"], recordKey: r["record_key"],
                groupKey: r["group_key"], role: r["role"], name: name.isEmpty ? nil : name, dob: r["dob"], dod: r["date_of_death"],
                start: r["start_date"], end: r["end_date"], facts: facts, uprn: r["uprn"], address: r["address"], personID: r["person_id"],
                personConfidence: r["person_confidence"], uprnConfidence: r["uprn_confidence"])
        }
        return out
    }

    /// A candidate made ready to store: its keys, details and fingerprints.
    struct Prepared {
        var candidate: FraudCandidate
        var keys: [String]
        var items: [(detail: RecordDetail, evidence: FraudCandidate.Evidence, fingerprint: String)]
        var subjectPerson: Int64?
        var subjectName: String?
        var address: String?
        var fingerprint: String
        var supportFingerprints: Set<String>
    }

    static let supportingRoles: Set<String> = ["other_adult", "death", "elsewhere", "occupant", "omitted_adult", "resident", "other_property"]

    static func store(_ db: Database, world: FraudWorld, rules: FraudRuleSet, found: [[FraudCandidate]], actor: AuditLog.Actor,
                      now: Date, asOf: CivilDate) throws -> Summary {
        let nowText = timestamp(now)
        let today = isoDay(now)
        let due = isoDay(now.addingTimeInterval(Double(rules.dueDays) * 86_400))
        try db.execute(sql: """
            INSERT INTO fraud_scan(started_at, finished_at, user, rules_origin, rules_sha256, as_of, figures) VALUES (?, ?, ?, ?, ?, ?, '{}')
            """, arguments: [nowText, nowText, actor.user, rules.origin, rules.sha256, asOf.iso])
        let scanID = db.lastInsertedRowID
        let enabled = rules.enabledRules
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        for r in enabled {
            try db.execute(sql: "INSERT OR IGNORE INTO fraud_rule_version(rule_id, version, definition, first_scan_id) VALUES (?, ?, ?, ?)",
                           arguments: [r.id, r.version, String(decoding: try enc.encode(r), as: UTF8.self), scanID])
        }
        var ids: Set<Int64> = []
        for list in found { for c in list { for e in c.evidence { ids.insert(world.records[Int(e.record)].id) } } }
        let detail = try details(db, ids: Array(ids))
        let personNames = try personNamesFor(db, ids: Set(found.flatMap { $0.map { world.records[Int($0.subjectRecord)].person } }).filter { $0 != 0 })

        var figures: [Summary.RuleFigures] = []
        for (ri, rule) in enabled.enumerated() {
            var f = Summary.RuleFigures(rule: rule.id, caseType: rule.caseType, version: rule.version)
            let threshold = rules.threshold(of: rule)
            // Prepare, and merge candidates that are one case (a duplicate account of one holder).
            var prepared: [Prepared] = []
            var byIdentity: [String: Int] = [:]
            for c in found[ri] {
                var items: [(RecordDetail, FraudCandidate.Evidence, String)] = []
                var seen: Set<String> = []
                for e in c.evidence {
                    guard let d = detail[world.records[Int(e.record)].id] else { continue }
                    let fp = d.fingerprint(role: e.role)
                    guard seen.insert(fp).inserted else { continue }
                    items.append((d, e, fp))
                }
                let keys = Array(Set(c.claimRecords.compactMap { detail[world.records[Int($0)].id] }.map { "\(rule.id)|\($0.source)|\($0.claimReference)" })).sorted()
                guard !keys.isEmpty else { continue }
                let subject = world.records[Int(c.subjectRecord)]
                let subjectDetail = detail[subject.id]
                let support = Set(items.filter { supportingRoles.contains($0.1.role) }.map(\.2))
                var p = Prepared(candidate: c, keys: keys, items: items, subjectPerson: subject.person == 0 ? nil : subject.person,
                                 subjectName: personNames[subject.person] ?? subjectDetail?.name,
                                 address: c.uprn.flatMap { u in items.first { $0.0.uprn == u }?.0.address } ?? subjectDetail?.address,
                                 fingerprint: "", supportFingerprints: support)
                let identity = "\(c.uprn ?? 0)|\(subject.person == 0 ? -subject.id : subject.person)"
                if rule.pattern != .reliefOnSeveralProperties, let at = byIdentity[identity] {
                    var q = prepared[at]
                    q.keys = Array(Set(q.keys + p.keys)).sorted()
                    let have = Set(q.items.map(\.2))
                    q.items += p.items.filter { !have.contains($0.2) }
                    q.supportFingerprints.formUnion(p.supportFingerprints)
                    if p.candidate.riskExact > q.candidate.riskExact { q.candidate = p.candidate }
                    prepared[at] = q
                } else {
                    byIdentity[identity] = prepared.count
                    p.fingerprint = ""
                    prepared.append(p)
                }
            }
            for i in prepared.indices {
                prepared[i].fingerprint = String(SHA256Hasher.hex(of: prepared[i].supportFingerprints.sorted().joined(separator: ",")).prefix(16))
            }
            var touched: Set<Int64> = []
            for p in prepared {
                let c = p.candidate
                let risk = c.risk
                let above = risk >= threshold
                f.found += 1
                if above { f.queued += 1 } else { f.belowThreshold += 1 }
                let scoreDetail = ScoreDetail(rule: rule.id, version: rule.version, strength: c.strength, confidence: (c.confidence * 1000).rounded() / 1000,
                                              corroboration: (c.corroboration * 1000).rounded() / 1000, sources: c.sources, risk: risk,
                                              threshold: threshold, valueFormula: rule.value, quantities: c.quantities, notes: unique(c.notes))
                let scoreJSON = String(decoding: try enc.encode(scoreDetail), as: UTF8.self)
                // Find the case by any of its keys.
                let placeholders = p.keys.map { _ in "?" }.joined(separator: ",")
                let existingID = try Int64.fetchOne(db, sql: "SELECT min(case_id) FROM fraud_case_key WHERE key IN (\(placeholders))", arguments: StatementArguments(p.keys))
                if let id = existingID, let row = try Row.fetchOne(db, sql: "SELECT * FROM fraud_case WHERE id = ?", arguments: [id]) {
                    touched.insert(id)
                    let status: String = row["status"]
                    let outcome: String? = row["outcome"]
                    let oldRisk: Int = row["risk"]
                    let oldValue: Double = row["value"]
                    let oldVersion: String = row["rule_version"]
                    let wasDetected: Bool = row["detected"]
                    let known = Set(try String.fetchAll(db, sql: "SELECT fingerprint FROM fraud_evidence WHERE case_id = ?", arguments: [id]))
                    let newItems = p.items.filter { !known.contains($0.2) }
                    try writeEvidence(db, caseID: id, prepared: p, scanID: scanID)
                    for k in p.keys { try db.execute(sql: "INSERT OR IGNORE INTO fraud_case_key(key, case_id) VALUES (?, ?)", arguments: [k, id]) }
                    func history(_ field: String, _ before: String?, _ after: String?) throws {
                        try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after, scan_id) VALUES (?,?,?,?,?,?,?)",
                                       arguments: [id, nowText, "scan:" + actor.user, field, before, after, scanID])
                    }
                    if status == "closed" {
                        // Re-raised only when evidence supporting fraud appears that the case did not have when closed.
                        let closedSupport = Set((row["closed_fingerprint"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
                        let fresh = p.supportFingerprints.subtracting(closedSupport)
                        if fresh.isEmpty {
                            f.closedUnchanged += 1
                            try db.execute(sql: "UPDATE fraud_case SET detected = 1, last_scan_id = ?, rule_version = ?, risk = ?, value = ?, above_threshold = ?, score_detail = ?, evidence_fingerprint = ? WHERE id = ?",
                                           arguments: [scanID, rule.version, risk, c.value, above, scoreJSON, p.fingerprint, id])
                            continue
                        }
                        f.reraised += 1
                        try db.execute(sql: """
                            UPDATE fraud_case SET status = 'new', status_rank = 0, outcome = NULL, closed_at = NULL, assignee = NULL, detected = 1,
                                above_threshold = ?, queue = ?, risk = ?, value = ?, rule_version = ?, score_detail = ?, evidence_fingerprint = ?,
                                summary = ?, due_date = ?, last_scan_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?
                            """, arguments: [above, above ? 1 : 0, risk, c.value, rule.version, scoreJSON, p.fingerprint, c.summary, due, scanID,
                                             nowText, "scan:" + actor.user, id])
                        try history("status", "closed (\(outcome ?? "?"))", "new: re-raised, \(fresh.count) new piece\(fresh.count == 1 ? "" : "s") of evidence")
                        continue
                    }
                    f.updated += 1
                    try db.execute(sql: """
                        UPDATE fraud_case SET risk = ?, value = ?, above_threshold = ?, detected = 1,
                            queue = CASE WHEN status <> 'new' OR assignee IS NOT NULL OR ? THEN 1 ELSE 0 END, rule_version = ?, score_detail = ?,
                            evidence_fingerprint = ?, summary = ?, subject_name = coalesce(?, subject_name), last_scan_id = ? WHERE id = ?
                        """, arguments: [risk, c.value, above, above, rule.version, scoreJSON, p.fingerprint, c.summary, p.subjectName, scanID, id])
                    if oldRisk != risk { try history("risk", String(oldRisk), String(risk)) }
                    if abs(oldValue - c.value) >= 0.01 { try history("value", String(format: "%.2f", oldValue), String(format: "%.2f", c.value)) }
                    if oldVersion != rule.version { try history("rule_version", oldVersion, rule.version) }
                    if !wasDetected { try history("detected", "no longer found", "found again") }
                    let supportNew = newItems.filter { supportingRoles.contains($0.1.role) }
                    if !supportNew.isEmpty { try history("evidence", nil, "\(supportNew.count) new piece\(supportNew.count == 1 ? "" : "s") of evidence") }
                } else {
                    f.raised += 1
                    try db.execute(sql: """
                        INSERT INTO fraud_case(rule_id, raised_version, rule_version, case_type, summary, subject_person_id, subject_name, uprn, address,
                            risk, value, above_threshold, detected, queue, status, status_rank, assignee, due_date, raised_at, updated_at, updated_by,
                            evidence_fingerprint, score_detail, first_scan_id, last_scan_id)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,'new',0,NULL,?,?,?,?,?,?,?,?)
                        """, arguments: [rule.id, rule.version, rule.version, rule.caseType, c.summary, p.subjectPerson, p.subjectName, c.uprn, p.address,
                                         risk, c.value, above, above ? 1 : 0, due, nowText, nowText, "scan:" + actor.user, p.fingerprint, scoreJSON, scanID, scanID])
                    let id = db.lastInsertedRowID
                    touched.insert(id)
                    for k in p.keys { try db.execute(sql: "INSERT OR IGNORE INTO fraud_case_key(key, case_id) VALUES (?, ?)", arguments: [k, id]) }
                    try writeEvidence(db, caseID: id, prepared: p, scanID: scanID)
                    try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after, scan_id) VALUES (?,?,?,?,?,?,?)",
                                   arguments: [id, nowText, "scan:" + actor.user, "raised", nil, "risk \(risk), rule \(rule.id) version \(rule.version)" + (above ? "" : " (below the threshold \(threshold): not queued)"), scanID])
                }
            }
            // Cases of this rule the scan no longer finds: kept, marked, and dropped from the queue if nobody works them.
            let gone = try Int64.fetchAll(db, sql: "SELECT id FROM fraud_case WHERE rule_id = ? AND detected = 1 AND last_scan_id <> ?", arguments: [rule.id, scanID])
            for id in gone where !touched.contains(id) {
                f.noLongerFound += 1
                try db.execute(sql: "UPDATE fraud_case SET detected = 0, queue = CASE WHEN status = 'new' AND assignee IS NULL THEN 0 ELSE queue END WHERE id = ?", arguments: [id])
                try db.execute(sql: "UPDATE fraud_evidence SET current = 0 WHERE case_id = ?", arguments: [id])
                try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after, scan_id) VALUES (?,?,?,?,?,?,?)",
                               arguments: [id, nowText, "scan:" + actor.user, "detected", "found", "no longer found: the claim ended or the evidence changed", scanID])
            }
            figures.append(f)
        }
        _ = today
        let summary = Summary(scanID: scanID, rulesOrigin: rules.origin, rulesSHA256: rules.sha256, asOf: asOf.iso, rules: figures,
                              readSeconds: 0, detectSeconds: 0, writeSeconds: 0, seconds: 0)
        try AuditLog.append(db, actor: actor, action: .change, subjectType: "fraud_scan", subjectID: String(scanID),
                            detail: "{\"rules\":\(jsonString(rules.origin)),\"sha256\":\"\(rules.sha256)\",\"found\":\(summary.found),\"raised\":\(summary.raised),\"queued\":\(summary.queued)}")
        return summary
    }

    static func unique(_ a: [String]) -> [String] {
        var seen: Set<String> = []
        return a.filter { seen.insert($0).inserted }
    }

    static func jsonString(_ s: String) -> String { String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self) }

    static func personNamesFor(_ db: Database, ids: Set<Int64>) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: String] = [:]
        let all = Array(ids)
        for chunkStart in stride(from: 0, to: all.count, by: 500) {
            let chunk = Array(all[chunkStart..<min(all.count, chunkStart + 500)])
            let rows = try Row.fetchAll(db, sql: "SELECT id, given_name, surname FROM person WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                                        arguments: StatementArguments(chunk))
            for r in rows {
                let n = [r["given_name"] as String?, r["surname"] as String?].compactMap { $0 }.joined(separator: " ")
                if !n.isEmpty { out[r["id"]] = n }
            }
        }
        return out
    }

    static func writeEvidence(_ db: Database, caseID: Int64, prepared p: Prepared, scanID: Int64) throws {
        try db.execute(sql: "UPDATE fraud_evidence SET current = 0 WHERE case_id = ?", arguments: [caseID])
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO fraud_evidence(case_id, fingerprint, role, person_id, person_name, source, system, source_title, line, record_key, record_id,
                uprn, address, from_date, to_date, detail, link_confidence, uprn_confidence, weight, current, first_scan_id, last_scan_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)
            ON CONFLICT(case_id, fingerprint) DO UPDATE SET current = 1, last_scan_id = excluded.last_scan_id, weight = excluded.weight,
                link_confidence = excluded.link_confidence, uprn_confidence = excluded.uprn_confidence, detail = excluded.detail,
                from_date = excluded.from_date, to_date = excluded.to_date, line = excluded.line, record_id = excluded.record_id,
                person_id = excluded.person_id, address = excluded.address
            """)
        for (d, e, fp) in p.items {
            var facts = d.facts
            if let dod = d.dod { facts.append("died \(dod)") }
            if let dob = d.dob { facts.append("born \(dob)") }
            if let x = e.detail { facts.insert(x, at: 0) }
            if let id = e.identity { facts.append(String(format: "same person: %.2f", id)) }
            try upsert.execute(arguments: [caseID, fp, e.role, d.personID, d.name, d.source, d.system, d.sourceTitle, d.line, d.recordKey ?? d.groupKey, d.id,
                                           d.uprn, d.address, d.start, d.end, facts.joined(separator: "; "), d.personConfidence, d.uprnConfidence, e.weight,
                                           scanID, scanID])
        }
    }
}

/// How a case's risk was made, stored with the case (shown in the case view).
public struct ScoreDetail: Sendable, Codable, Equatable {
    public var rule: String
    public var version: String
    /// The rule's strength (0–1).
    public var strength: Double
    /// Confidence that the records are the people and places the case says (linkage, names, dates of birth).
    public var confidence: Double
    /// How strongly independent sources corroborate the finding (0–1).
    public var corroboration: Double
    /// Independent systems behind the finding.
    public var sources: Int
    public var risk: Int
    public var threshold: Int
    public var valueFormula: String
    public var quantities: [String: Double]
    public var notes: [String]
}

/// A fixed-size array filled from several threads, each writing its own slot.
final class UnsafeSendableBox<T>: @unchecked Sendable {
    private(set) var values: [T]
    private let lock = NSLock()
    init(_ values: [T]) { self.values = values }
    func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
}
