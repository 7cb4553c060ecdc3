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
        var discountFrom: [String: String] = [:]
        for r in rules.enabledRules { if let c = r.discountFromColumn { discountFrom[r.claimSystem] = c } }
        let world = try warehouse.pool.read { db in
            try FraudWorld.load(db, systems: rules.systems, asOf: asOf, adultFromColumns: adultFrom, discountFromColumns: discountFrom, progress: progress)
        }
        let readSeconds = Date().timeIntervalSince(started)
        progress?("applying the rules", 0.6)
        let detector = FraudDetector(world: world, rules: rules)
        let enabled = rules.enabledRules
        let detectStarted = Date()
        let results = UnsafeSendableBox([(candidates: [FraudCandidate], seconds: Double)](repeating: ([], 0), count: enabled.count))
        for i in enabled.indices {
            let t = Date()
            let c = detector.candidates(for: enabled[i]).filter { $0.risk >= rules.keepFrom }
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

    /// A candidate made ready to store: its keys and the fingerprints of its evidence.
    struct Prepared {
        var candidate: FraudCandidate
        var keys: [String]
        /// Evidence with each item's fingerprint (a stable identity of the record in its role).
        var items: [(evidence: FraudCandidate.Evidence, fingerprint: String)]
        var subjectPerson: Int64?
        var fingerprint: String
        var supportFingerprints: Set<String>
    }

    static let supportingRoles: Set<String> = ["other_adult", "death", "elsewhere", "occupant", "omitted_adult", "resident", "other_property", "void"]

    /// A record's identity in a role, stable across reloads of its extract: its source, own key
    /// and group, name, date of birth and property — not its dates, which a reload may correct.
    static func fingerprint(_ world: FraudWorld, _ index: Int32, role: String) -> String {
        let r = world.records[Int(index)]
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }; h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3 }
        func mix(_ v: Int64) { mix(String(v)) }
        mix(role); mix(world.sources[Int(r.source)].name); mix(r.keyHash); mix(r.group)
        mix(world.string(r.given)); mix(world.string(r.surname)); mix(Int64(r.dob)); mix(r.uprn)
        return String(h, radix: 16)
    }

    /// What the storing already knows of a case.
    struct Existing {
        var id: Int64
        var status: String
        var outcome: String?
        var risk: Int
        var value: Double
        var version: String
        var detected: Bool
        var above: Bool
        var summary: String
        var closedSupport: Set<String>
        /// Fingerprint → whether the latest scan saw it.
        var evidence: [String: Bool] = [:]
        /// Fingerprint → its weight as stored (absent: none).
        var weights: [String: Double] = [:]
    }

    static func store(_ db: Database, world: FraudWorld, rules: FraudRuleSet, found: [[FraudCandidate]], actor: AuditLog.Actor,
                      now: Date, asOf: CivilDate) throws -> Summary {
        let nowText = timestamp(now)
        let due = isoDay(now.addingTimeInterval(Double(rules.dueDays) * 86_400))
        let scanUser = "scan:" + actor.user
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
        let ruleList = enabled.map { "'\($0.id.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ",")

        // What the warehouse already holds, read once.
        var caseOfKey: [String: Int64] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT key, case_id FROM fraud_case_key") { caseOfKey[r["key"]] = r["case_id"] }
        var existing: [Int64: Existing] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT id, status, outcome, risk, value, rule_version, detected, above_threshold, summary, closed_fingerprint FROM fraud_case
            """) {
            let closed = (r["closed_fingerprint"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
            existing[r["id"]] = Existing(id: r["id"], status: r["status"], outcome: r["outcome"], risk: r["risk"], value: r["value"],
                                         version: r["rule_version"], detected: r["detected"], above: r["above_threshold"], summary: r["summary"],
                                         closedSupport: Set(closed))
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT case_id, fingerprint, current, weight FROM fraud_evidence")
        while let r = try cursor.next() {
            let id: Int64 = r["case_id"], fp: String = r["fingerprint"]
            guard existing[id] != nil else { continue }
            existing[id]!.evidence[fp] = r["current"]
            if let w: Double = r["weight"] { existing[id]!.weights[fp] = w }
        }

        // The claims' own references, for the keys.
        var claimIDs: Set<Int64> = []
        for list in found { for c in list { for i in c.claimRecords { claimIDs.insert(world.records[Int(i)].id) } } }
        let claimDetail = try details(db, ids: Array(claimIDs))

        // Prepare every candidate; merge those that are one case (a duplicate account of one holder).
        var preparedByRule: [[Prepared]] = []
        for (ri, rule) in enabled.enumerated() {
            var prepared: [Prepared] = []
            var byIdentity: [String: Int] = [:]
            for c in found[ri] {
                var items: [(FraudCandidate.Evidence, String)] = []
                var seen: Set<String> = []
                for e in c.evidence {
                    let fp = fingerprint(world, e.record, role: e.role)
                    if seen.insert(fp).inserted { items.append((e, fp)) }
                }
                let keys = Array(Set(c.claimRecords.compactMap { claimDetail[world.records[Int($0)].id] }.map { "\(rule.id)|\($0.source)|\($0.claimReference)" })).sorted()
                guard !keys.isEmpty else { continue }
                let subject = world.records[Int(c.subjectRecord)]
                let support = Set(items.filter { supportingRoles.contains($0.0.role) }.map(\.1))
                let p = Prepared(candidate: c, keys: keys, items: items, subjectPerson: subject.person == 0 ? nil : subject.person,
                                 fingerprint: "", supportFingerprints: support)
                let identity = "\(c.uprn ?? 0)|\(subject.person == 0 ? -subject.id : subject.person)"
                if rule.pattern != .reliefOnSeveralProperties, let at = byIdentity[identity] {
                    var q = prepared[at]
                    q.keys = Array(Set(q.keys + p.keys)).sorted()
                    let have = Set(q.items.map(\.1))
                    q.items += p.items.filter { !have.contains($0.1) }
                    q.supportFingerprints.formUnion(p.supportFingerprints)
                    if p.candidate.riskExact > q.candidate.riskExact { q.candidate = p.candidate }
                    prepared[at] = q
                } else {
                    byIdentity[identity] = prepared.count
                    prepared.append(p)
                }
            }
            for i in prepared.indices {
                prepared[i].fingerprint = String(SHA256Hasher.hex(of: prepared[i].supportFingerprints.sorted().joined(separator: ",")).prefix(16))
            }
            preparedByRule.append(prepared)
        }

        // Decide what each candidate does, and which records' details the writes need.
        enum Action { case raise, update(Int64), unchanged(Int64), closedUnchanged(Int64), reraise(Int64, Int) }
        var actions: [[Action]] = []
        var need: Set<Int64> = []
        for (ri, rule) in enabled.enumerated() {
            var list: [Action] = []
            for p in preparedByRule[ri] {
                let c = p.candidate
                let threshold = rules.threshold(of: rule)
                let ids = p.keys.compactMap { caseOfKey[$0] }
                guard let id = ids.min(), let e = existing[id] else {
                    list.append(.raise)
                    for (ev, _) in p.items { need.insert(world.records[Int(ev.record)].id) }
                    continue
                }
                let newItems = p.items.filter { e.evidence[$0.1] == nil }
                for (ev, _) in newItems { need.insert(world.records[Int(ev.record)].id) }
                if e.status == "closed" {
                    let fresh = p.supportFingerprints.subtracting(e.closedSupport)
                    list.append(fresh.isEmpty ? .closedUnchanged(id) : .reraise(id, fresh.count))
                    continue
                }
                let sameEvidence = newItems.isEmpty && e.evidence.filter(\.value).count == p.items.count
                let same = sameEvidence && e.risk == c.risk && abs(e.value - c.value) < 0.005 && e.version == rule.version && e.detected
                    && e.above == (c.risk >= threshold) && e.summary == c.summary
                list.append(same ? .unchanged(id) : .update(id))
            }
            actions.append(list)
        }
        let detail = try details(db, ids: Array(need))
        let personNames = try personNamesFor(db, ids: Set(preparedByRule.flatMap { $0.compactMap(\.subjectPerson) }))

        let insertCase = try db.makeStatement(sql: """
            INSERT INTO fraud_case(rule_id, raised_version, rule_version, case_type, summary, subject_person_id, subject_name, uprn, address,
                risk, value, above_threshold, detected, queue, status, status_rank, assignee, due_date, raised_at, updated_at, updated_by,
                evidence_fingerprint, score_detail, first_scan_id, last_scan_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,'new',0,NULL,?,?,?,?,?,?,?,?)
            """)
        let insertKey = try db.makeStatement(sql: "INSERT OR IGNORE INTO fraud_case_key(key, case_id) VALUES (?, ?)")
        let insertHistory = try db.makeStatement(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after, scan_id) VALUES (?,?,?,?,?,?,?)")
        let insertEvidence = try db.makeStatement(sql: """
            INSERT INTO fraud_evidence(case_id, fingerprint, role, person_id, person_name, source, system, source_title, line, record_key, record_id,
                uprn, address, from_date, to_date, detail, link_confidence, uprn_confidence, weight, current, first_scan_id, last_scan_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)
            ON CONFLICT(case_id, fingerprint) DO UPDATE SET current = 1, last_scan_id = excluded.last_scan_id
            """)
        let touchEvidence = try db.makeStatement(sql: "UPDATE fraud_evidence SET current = ?, weight = coalesce(?, weight), last_scan_id = ? WHERE case_id = ? AND fingerprint = ?")
        func history(_ id: Int64, _ field: String, _ before: String?, _ after: String?) throws {
            try insertHistory.execute(arguments: [id, nowText, scanUser, field, before, after, scanID])
        }
        func writeEvidence(_ id: Int64, _ p: Prepared, known: [String: Bool], weights: [String: Double] = [:]) throws {
            let present = Set(p.items.map(\.1))
            for (fp, current) in known where current && !present.contains(fp) {
                try touchEvidence.execute(arguments: [false, nil as Double?, scanID, id, fp])
            }
            for (ev, fp) in p.items {
                if let current = known[fp] {
                    // evidence still current at the same weight is stamped in bulk after the loop
                    let sameWeight = ev.weight.map { w in weights[fp].map { abs($0 - w) < 1e-9 } ?? false } ?? true
                    if !current || !sameWeight { try touchEvidence.execute(arguments: [true, ev.weight, scanID, id, fp]) }
                    continue
                }
                guard let d = detail[world.records[Int(ev.record)].id] else { continue }
                var facts = d.facts
                if let dod = d.dod { facts.append("died \(dod)") }
                if let dob = d.dob { facts.append("born \(dob)") }
                if let x = ev.detail { facts.insert(x, at: 0) }
                if let idn = ev.identity { facts.append(String(format: "same person: %.2f", idn)) }
                try insertEvidence.execute(arguments: [id, fp, ev.role, d.personID, d.name, d.source, d.system, d.sourceTitle, d.line, d.recordKey ?? d.groupKey,
                                                       d.id, d.uprn, d.address, d.start, d.end, facts.joined(separator: "; "), d.personConfidence,
                                                       d.uprnConfidence, ev.weight, scanID, scanID])
            }
        }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS fraud_seen(id INTEGER PRIMARY KEY); DELETE FROM temp.fraud_seen")
        let seenCase = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.fraud_seen(id) VALUES (?)")

        var figures: [Summary.RuleFigures] = []
        var stampEvidence: [Int64] = []
        for (ri, rule) in enabled.enumerated() {
            var f = Summary.RuleFigures(rule: rule.id, caseType: rule.caseType, version: rule.version)
            let threshold = rules.threshold(of: rule)
            for (pi, p) in preparedByRule[ri].enumerated() {
                let c = p.candidate
                let risk = c.risk
                let above = risk >= threshold
                f.found += 1
                if above { f.queued += 1 } else { f.belowThreshold += 1 }
                func scoreJSON() throws -> String {
                    let sd = ScoreDetail(rule: rule.id, version: rule.version, strength: c.strength, confidence: (c.confidence * 1000).rounded() / 1000,
                                         corroboration: (c.corroboration * 1000).rounded() / 1000, sources: c.sources, risk: risk, threshold: threshold,
                                         valueFormula: rule.value, quantities: c.quantities, notes: unique(c.notes))
                    return String(decoding: try enc.encode(sd), as: UTF8.self)
                }
                switch actions[ri][pi] {
                case .unchanged(let id):
                    try seenCase.execute(arguments: [id])
                    f.updated += 1
                case .closedUnchanged(let id):
                    try seenCase.execute(arguments: [id])
                    f.closedUnchanged += 1
                case .raise:
                    f.raised += 1
                    let subjectDetail = detail[world.records[Int(c.subjectRecord)].id]
                    let address = c.uprn.flatMap { u in p.items.lazy.compactMap { detail[world.records[Int($0.0.record)].id] }.first { $0.uprn == u }?.address }
                        ?? subjectDetail?.address
                    try insertCase.execute(arguments: [rule.id, rule.version, rule.version, rule.caseType, c.summary, p.subjectPerson,
                                                       p.subjectPerson.flatMap { personNames[$0] } ?? subjectDetail?.name, c.uprn, address,
                                                       risk, c.value, above, above ? 1 : 0, due, nowText, nowText, scanUser, p.fingerprint,
                                                       try scoreJSON(), scanID, scanID])
                    let id = db.lastInsertedRowID
                    try seenCase.execute(arguments: [id])
                    for k in p.keys { try insertKey.execute(arguments: [k, id]) }
                    try writeEvidence(id, p, known: [:])
                    try history(id, "raised", nil, "risk \(risk), rule \(rule.id) version \(rule.version)" + (above ? "" : " (below the threshold \(threshold): not queued)"))
                case .reraise(let id, let fresh):
                    f.reraised += 1
                    try seenCase.execute(arguments: [id])
                    stampEvidence.append(id)
                    for k in p.keys { try insertKey.execute(arguments: [k, id]) }
                    try writeEvidence(id, p, known: existing[id]?.evidence ?? [:], weights: existing[id]?.weights ?? [:])
                    try db.cachedStatement(sql: """
                        UPDATE fraud_case SET status = 'new', status_rank = 0, outcome = NULL, closed_at = NULL, closed_fingerprint = NULL,
                            assignee = NULL, amount_recovered = 0, detected = 1, above_threshold = ?, queue = ?, risk = ?, value = ?, rule_version = ?,
                            score_detail = ?, evidence_fingerprint = ?, summary = ?, due_date = ?, last_scan_id = ?, updated_at = ?, updated_by = ?,
                            version = version + 1
                        WHERE id = ?
                        """).execute(arguments: [above, above ? 1 : 0, risk, c.value, rule.version, try scoreJSON(), p.fingerprint, c.summary, due, scanID,
                                         nowText, scanUser, id])
                    let e = existing[id]!
                    try history(id, "status", "closed (\(e.outcome ?? "?"))", "new: re-raised, \(fresh) new piece\(fresh == 1 ? "" : "s") of evidence")
                case .update(let id):
                    f.updated += 1
                    try seenCase.execute(arguments: [id])
                    stampEvidence.append(id)
                    let e = existing[id]!
                    for k in p.keys { try insertKey.execute(arguments: [k, id]) }
                    let newSupport = p.items.filter { e.evidence[$0.1] == nil && supportingRoles.contains($0.0.role) }.count
                    try writeEvidence(id, p, known: e.evidence, weights: e.weights)
                    try db.cachedStatement(sql: """
                        UPDATE fraud_case SET risk = ?, value = ?, above_threshold = ?, detected = 1,
                            queue = CASE WHEN status <> 'new' OR assignee IS NOT NULL OR ? THEN 1 ELSE 0 END, rule_version = ?, score_detail = ?,
                            evidence_fingerprint = ?, summary = ?, last_scan_id = ? WHERE id = ?
                        """).execute(arguments: [risk, c.value, above, above, rule.version, try scoreJSON(), p.fingerprint, c.summary, scanID, id])
                    if e.risk != risk { try history(id, "risk", String(e.risk), String(risk)) }
                    if abs(e.value - c.value) >= 0.01 { try history(id, "value", String(format: "%.2f", e.value), String(format: "%.2f", c.value)) }
                    if e.version != rule.version { try history(id, "rule_version", e.version, rule.version) }
                    if !e.detected { try history(id, "detected", "no longer found", "found again") }
                    if newSupport > 0 { try history(id, "evidence", nil, "\(newSupport) new piece\(newSupport == 1 ? "" : "s") of evidence") }
                }
            }
            figures.append(f)
        }
        // Seen this scan: stamped in one statement, with the evidence the updated and re-raised
        // cases still hold (evidence of unchanged cases keeps the stamp it had, as before).
        try db.execute(sql: "UPDATE fraud_case SET last_scan_id = ?, detected = 1 WHERE id IN (SELECT id FROM temp.fraud_seen)", arguments: [scanID])
        if !stampEvidence.isEmpty {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS fraud_stamp(id INTEGER PRIMARY KEY); DELETE FROM temp.fraud_stamp")
            let stamp = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.fraud_stamp(id) VALUES (?)")
            for id in stampEvidence { try stamp.execute(arguments: [id]) }
            try db.execute(sql: "UPDATE fraud_evidence SET last_scan_id = ? WHERE current = 1 AND last_scan_id <> ? AND case_id IN (SELECT id FROM temp.fraud_stamp)",
                           arguments: [scanID, scanID])
        }
        // Cases of the rules that ran that the scan no longer finds: kept, marked, and out of the
        // queue if nobody works them.
        let gone = try Row.fetchAll(db, sql: """
            SELECT id, rule_id FROM fraud_case WHERE rule_id IN (\(ruleList)) AND detected = 1 AND last_scan_id <> ?
            """, arguments: [scanID])
        for r in gone {
            let id: Int64 = r["id"], rule: String = r["rule_id"]
            if let i = figures.firstIndex(where: { $0.rule == rule }) { figures[i].noLongerFound += 1 }
            try db.execute(sql: "UPDATE fraud_case SET detected = 0, queue = CASE WHEN status = 'new' AND assignee IS NULL THEN 0 ELSE queue END WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE fraud_evidence SET current = 0 WHERE case_id = ?", arguments: [id])
            try history(id, "detected", "found", "no longer found: the claim ended or the evidence changed")
        }
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
