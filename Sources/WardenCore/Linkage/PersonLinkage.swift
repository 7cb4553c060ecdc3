import Foundation
import GRDB
import WardenLinkage

/// Groups every record that names a person into virtual persons, keeping their ids stable
/// across relinks and new loads, and writes each record's link with its confidence and why.
enum PersonLinkage {
    /// Roles whose person does not live at the record's address: their own address, when the
    /// record has one, is the correspondence address.
    static let nonResidentRoles: Set<String> = ["landlord", "owner", "agent", "council", "complainant", "ratepayer", "company"]
    /// Roles that name an organisation, not a person.
    static let organisationRoles: Set<String> = ["council", "company"]
    /// Roles only an adult holds (16 or over on the record's start date, or the extract's
    /// date): liable parties, claimants and partners, tenants, electors, parents, landlords.
    static let adultRoles: Set<String> = ["liable", "joint_liable", "claimant", "partner", "tenant", "joint_tenant", "elector",
                                          "parent", "landlord", "ratepayer", "owner"]
    /// Systems whose start and end dates are when the person lived at the record's address
    /// (liability, a claim, a tenancy); a pass's or licence's dates are not.
    static let residencePeriodSystems: Set<String> = ["council_tax", "housing_benefit", "tenancy"]
    /// Virtual ids start here, so they read like the seven-digit ids officers know.
    static let firstVirtualID: Int64 = 1_000_001

    /// One record as linkage sees it, with what the warehouse needs to write back.
    struct Input {
        var recordID: Int64
        var stableKey: Int64
        var residentAddress: Bool
        /// Source name and physical line, for diagnostics ("council_tax:268").
        var label: String
    }

    /// The person records of a warehouse, ready for the engine.
    struct Collected {
        var records: [PersonRecord]
        var inputs: [Input]
        var asOf: CivilDate?
    }

    /// Reads every record that names a person and turns it into a `PersonRecord`: which
    /// address is the person's own (a landlord's or ratepayer's correspondence address, not the
    /// property's), which rows are known to be different people (one claim or household).
    static func collect(_ db: Database, index given: AddressIndex? = nil) throws -> Collected {
        let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'").flatMap(CivilDate.init(iso:))
        var records: [PersonRecord] = []
        var inputs: [Input] = []
        // correspondence addresses to match to the gazetteer: distinct (address, postcode), and
        // the records that hold each
        var corrAddresses = AddressLinkage.DistinctAddresses()
        var corrOf: [(record: Int, key: Int32)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.source_id, r.line, s.name AS source, s.kind, s.system, r.start_date, r.end_date, r.event_date, r.record_key, r.group_key, r.role, r.title, r.given_name, r.middle_names, r.surname,
                   r.dob, r.date_of_death, r.gender, r.nino, r.nhs_number, r.mobile, r.phone, r.email, r.address, coalesce(r.postcode, r.postcode_raw) AS postcode,
                   r.correspondence_address, r.correspondence_postcode, rl.uprn
            FROM source_record r JOIN source s ON s.id = r.source_id LEFT JOIN record_link rl ON rl.record_id = r.id
            WHERE s.kind <> 'gazetteer' AND s.kind <> 'property' AND (r.surname IS NOT NULL OR r.given_name IS NOT NULL)
            ORDER BY r.id
            """)
        while let r = try rows.next() {
            let role: String? = r["role"]
            if let role, organisationRoles.contains(role) { continue }
            let kind: String = r["kind"]
            let elsewhere = (role.map { nonResidentRoles.contains($0) } ?? false) || kind == "licence" || kind == "business"
            // A landlord's or ratepayer's own address is the correspondence address. Without one,
            // the record's address (the property let, the site a complaint is about) is not where
            // the person lives: comparing it as their home made "6 Wood Ave" count against the
            // complainant who lives at 17. Only its postcode is kept, as a hint of the
            // neighbourhood (a complainant lives near the noise; two records about one property
            // in one name still meet in its postcode and are most likely one owner).
            let corrAddress: String? = r["correspondence_address"], corrPostcode: String? = r["correspondence_postcode"]
            let ownAddressMissing = elsewhere && corrAddress == nil && corrPostcode == nil
            let address: String? = elsewhere ? corrAddress : r["address"]
            // the record's identifying content, as it was keyed before (ids stay stable)
            let keyAddress: String? = ownAddressMissing ? r["address"] : address
            let postcode: String? = elsewhere && !ownAddressMissing ? corrPostcode : r["postcode"]
            let given: String? = r["given_name"], surname: String? = r["surname"], dob: String? = r["dob"]
            let phone: String? = (r["mobile"] as String?) ?? (r["phone"] as String?)
            let groupKey: String? = r["group_key"]
            let sourceID: Int64 = r["source_id"]
            var rec = PersonRecord(
                index: records.count, dataset: Int(sourceID), givenName: given, middleNames: r["middle_names"], surname: surname,
                dateOfBirth: dob.flatMap(CivilDate.init(iso:)).map(PartialDate.init), sex: (r["gender"] as String?).flatMap(PersonSex.init(parsing:)),
                nino: r["nino"], nhsNumber: r["nhs_number"], phone: phone?.split(separator: ";").first.map(String.init), email: r["email"],
                uprn: elsewhere ? nil : r["uprn"], address: address, postcode: postcode,
                // A group of a person source lists different people (the members of a claim, the
                // joint parties of an account); an event's group key is only the account it is
                // about, and two summonses on one account name the same debtor.
                distinctGroup: kind == "person" ? groupKey.map { "\(sourceID):\($0)" } : nil)
            if rec.givenName == nil && rec.surname == nil { continue }
            // "Anonymous" or "The Occupier" names no one: such a record is not a person's
            if NameParsing.isPlaceholder([rec.givenName, rec.middleNames, rec.surname].compactMap { $0 }.joined(separator: " ")) { continue }
            // the account, claim or case reference, for other sources holding the same one
            rec.reference = groupKey
            rec.title = r["title"]
            rec.diedOn = (r["date_of_death"] as String?).flatMap(CivilDate.init(iso:))
            // the property a landlord lets or a ratepayer occupies: two records about one
            // property in one name are most likely its one owner
            if elsewhere, let uprn: Int64 = r["uprn"] { rec.property = String(uprn); rec.propertyIsSite = role == "complainant" }
            if let role, adultRoles.contains(role),
               let on = (r["start_date"] as String?).flatMap(CivilDate.init(iso:)) ?? (r["event_date"] as String?).flatMap(CivilDate.init(iso:)) ?? asOf,
               let bornBy = CivilDate(year: on.components.year - 16, month: on.components.month, day: min(on.components.day, 28)) {
                // a claimant, a liable party, an elector is not a child
                rec.bornBy = bornBy
            }
            if !elsewhere {
                // When the record says the person lived at the address: the liability, claim or
                // tenancy period of a residence system; the day of an event naming them there.
                let system: String = r["system"]
                if residencePeriodSystems.contains(system), let start = (r["start_date"] as String?).flatMap(CivilDate.init(iso:)) {
                    rec.periodStart = start
                    rec.periodEnd = (r["end_date"] as String?).flatMap(CivilDate.init(iso:))
                } else if kind == "event", let day = (r["event_date"] as String?).flatMap(CivilDate.init(iso:)) {
                    rec.periodStart = day; rec.periodEnd = day
                }
            }
            rec.index = records.count
            if elsewhere, let corrAddress { corrOf.append((records.count, corrAddresses.id(corrAddress, corrPostcode))) }
            records.append(rec)
            let source: String = r["source"]
            let line: Int = r["line"]
            let key = stableKey(source: source, recordKey: r["record_key"], parts: [given, r["middle_names"], surname, dob, keyAddress, postcode, r["nino"]])
            inputs.append(Input(recordID: r["id"], stableKey: key, residentAddress: !elsewhere, label: "\(source):\(line)"))
        }
        // A landlord's or ratepayer's correspondence address in the borough is a property of the
        // gazetteer like any other: matched to its UPRN, "76D WOOD AVENUE" on the rates bill and
        // "Flat D, 76 Wood Ave" on the person's own council tax are one home, not two similar
        // addresses. Only a confident match to the property itself is taken (not a building,
        // not an ambiguous pair); an address outside the borough stays text.
        if !corrAddresses.list.isEmpty {
            let index = try given ?? AddressLinkage.loadIndex(db)
            let uprns = parallelMap(corrAddresses.list) { a -> Int64? in
                let m = index.match(a.0, postcode: a.1, use: .residential)
                return m.level == .property && !m.isAmbiguous && m.confidence >= 0.9 ? m.uprn : nil
            }
            for (k, id) in corrOf { if let u = uprns[Int(id)] { records[k].uprn = u } }
        }
        // Rows of one claim or household are different people (claimant, partner, children)
        // unless a system writes one person on several rows (a troubled-families flag per row):
        // rows that spell the same name and birth date within a group are not kept apart.
        var identities: [String: Int] = [:]
        func identity(_ r: PersonRecord) -> String {
            "\(r.distinctGroup ?? "")|\(TextFolding.folded(r.givenName ?? ""))|\(TextFolding.folded(r.surname ?? ""))|\(r.dateOfBirth?.description ?? "")"
        }
        for r in records where r.distinctGroup != nil { identities[identity(r), default: 0] += 1 }
        for i in records.indices where records[i].distinctGroup != nil && identities[identity(records[i])]! > 1 {
            records[i].distinctGroup = nil
        }
        return Collected(records: records, inputs: inputs, asOf: asOf)
    }

    /// The engine options the warehouse links with.
    static func options(asOf: CivilDate?) -> PersonLinkageOptions {
        var options = PersonLinkageOptions()
        options.today = asOf
        return options
    }

    /// Links a warehouse's person records exactly as `run` does, without writing anything:
    /// for `warden link-files --warehouse` (diagnosing linkage). Labels are "source:line".
    public static func score(_ warehouse: Warehouse, threshold: Double? = nil, reportPairsAbove: Double = 0.01,
                             trace: [String] = [], detailed: Bool = false, clusterSupport: Double? = nil,
                             ambiguityMargin: Double? = nil) throws -> (result: PersonLinkageResult, labels: [String]) {
        var c = try warehouse.pool.read { db in try collect(db) }
        var o = options(asOf: c.asOf)
        o.detailedDiagnostics = detailed
        if let clusterSupport { o.clusterSupport = clusterSupport }
        if let ambiguityMargin { o.ambiguityMargin = ambiguityMargin }
        for (k, input) in c.inputs.enumerated() where trace.contains(input.label) { o.trace.insert(k) }
        if let threshold { o.threshold = threshold }
        o.reportPairsAbove = reportPairsAbove
        let labels = c.inputs.map(\.label)
        // hand over the only copy of the records, so the engine frees them once prepared
        let records = c.records
        c.records = []
        return (PersonLinker.deduplicate(consume records, options: o), labels)
    }

    static func run(_ db: Database, index: AddressIndex? = nil, progress: ProgressHandler?) throws -> Linkage.PersonLinkageFigures? {
        let started = Date()
        progress?("linking people", 0.6)
        var collected = try collect(db, index: index)
        let inputs = collected.inputs, asOf = collected.asOf, recordCount = collected.records.count
        guard recordCount > 0 else { return nil }
        // hand over the only copy of the records, so the engine frees them once prepared
        let records = collected.records
        collected.records = []
        let result = PersonLinker.deduplicate(consume records, options: options(asOf: asOf))
        progress?("assigning virtual ids", 0.85)

        // Stable ids: each cluster takes the id most of its records had last time.
        let memory = try Dictionary(Row.fetchAll(db, sql: "SELECT record_key, person_id FROM person_record_memory").map { ($0["record_key"] as Int64, $0["person_id"] as Int64) },
                                    uniquingKeysWith: { a, _ in a })
        var previous: [Int: Int] = [:]
        for (i, input) in inputs.enumerated() { if let p = memory[input.stableKey] { previous[i] = Int(p) } }
        let assignment = PersonIdentity.carryForward(previous: previous, clusters: result.clusters)
        var nextID = max(try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_person_id'") ?? firstVirtualID,
                         (try Int64.fetchOne(db, sql: "SELECT max(id) FROM person") ?? firstVirtualID - 1) + 1)
        var idOfCluster: [Int: Int64] = [:]
        var newPersons = 0
        for c in result.clusters {
            if let kept = assignment.kept[c.id] { idOfCluster[c.id] = Int64(kept) } else {
                idOfCluster[c.id] = nextID; nextID += 1; newPersons += 1
            }
        }
        try db.setMeta("next_person_id", String(nextID))

        // Retired ids point to the person that took most of their records.
        var redirects: [(Int64, Int64)] = []
        if !assignment.retired.isEmpty {
            var votes: [Int: [Int64: Int]] = [:]
            for (i, old) in previous { votes[old, default: [:]][idOfCluster[result.clusterIdByPosition[i]]!, default: 0] += 1 }
            for old in assignment.retired {
                if let target = votes[old]?.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key { redirects.append((Int64(old), target)) }
            }
        }

        // Each record's best link inside its person, and why.
        var best = [(partner: Int, p: Double)?](repeating: nil, count: recordCount)
        for pair in result.pairs where pair.linked {
            if best[pair.a] == nil || best[pair.a]!.p < pair.probability { best[pair.a] = (pair.b, pair.probability) }
            if best[pair.b] == nil || best[pair.b]!.p < pair.probability { best[pair.b] = (pair.a, pair.probability) }
        }

        // Write persons, links and memory.
        let keptIDs = Set(idOfCluster.values)
        let existing = Set(try Int64.fetchAll(db, sql: "SELECT id FROM person"))
        for id in existing.subtracting(keptIDs) {
            try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [id])
        }
        for (old, new) in redirects {
            try db.execute(sql: "INSERT INTO person_redirect(old_id, new_id) VALUES (?, ?) ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id", arguments: [old, new])
            // Anything already redirected to the retired id follows it.
            try db.execute(sql: "UPDATE person_redirect SET new_id = ? WHERE new_id = ?", arguments: [new, old])
        }
        try db.execute(sql: "DELETE FROM person_redirect WHERE old_id IN (SELECT id FROM person)")
        for id in keptIDs.subtracting(existing).sorted() {
            try db.execute(sql: "INSERT INTO person(id) VALUES (?)", arguments: [id])
        }
        try db.execute(sql: "DELETE FROM person_redirect WHERE old_id IN (SELECT id FROM person)")
        try db.execute(sql: "DELETE FROM person_record_memory")
        let memo = try db.makeStatement(sql: "INSERT OR REPLACE INTO person_record_memory(record_key, person_id) VALUES (?, ?)")
        let link = try db.makeStatement(sql: """
            INSERT INTO record_link(record_id, person_id, person_confidence, person_explanation) VALUES (?, ?, ?, ?)
            ON CONFLICT(record_id) DO UPDATE SET person_id = excluded.person_id, person_confidence = excluded.person_confidence,
                person_explanation = excluded.person_explanation
            """)
        for (i, input) in inputs.enumerated() {
            let pid = idOfCluster[result.clusterIdByPosition[i]]!
            var confidence: Double?
            var explanation: String?
            if let b = best[i] {
                confidence = b.p
                if let e = result.explain(i, b.partner) { explanation = LinkExplanation.encode(e) }
            }
            try link.execute(arguments: [input.recordID, pid, confidence, explanation])
            try memo.execute(arguments: [input.stableKey, pid])
        }
        progress?("describing people", 0.9)
        try PersonDerivation.refreshPersons(db, asOf: asOf)
        try db.execute(sql: "DELETE FROM linkage_conflict")
        let conflictInsert = try db.makeStatement(sql: "INSERT INTO linkage_conflict(field, value, reason, record_ids) VALUES (?, ?, ?, ?)")
        for c in result.conflicts {
            try conflictInsert.execute(arguments: [c.field.description, c.value, c.reason, c.records.map { String(inputs[$0].recordID) }.joined(separator: ",")])
        }
        try db.setMeta("person_model", String(decoding: try JSONEncoder().encode(result.model), as: UTF8.self))
        return Linkage.PersonLinkageFigures(records: recordCount, persons: result.clusters.count, newPersons: newPersons,
                                            keptIDs: assignment.kept.count, retiredIDs: assignment.retired.count,
                                            conflicts: result.conflicts.count, ambiguous: result.ambiguous.count,
                                            seconds: Date().timeIntervalSince(started))
    }

    /// A key that stays the same while a record's identifying content does (FNV-1a, 63 bits).
    static func stableKey(source: String, recordKey: String?, parts: [String?]) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String?) {
            for b in (s ?? "").utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        mix(source); mix(recordKey)
        for p in parts { mix(p) }
        return Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
    }
}

/// A link's explanation stored compactly ("field|level|weight;…", strongest first) and read
/// back as `LinkContribution`s.
public enum LinkExplanation {
    static func encode(_ e: PairExplanation) -> String {
        encode(e.contributions.filter { $0.level != 0 && abs($0.total) >= 0.05 }
            .map { LinkContribution(field: $0.field.description, level: $0.levelLabel, weight: $0.total) })
    }

    /// The stored form of contributions: the eight strongest, one decimal each.
    public static func encode(_ contributions: [LinkContribution]) -> String {
        contributions.sorted { abs($0.weight) > abs($1.weight) }
            .prefix(8)
            .map { "\($0.field)|\($0.level)|\(String(format: "%.1f", $0.weight))" }
            .joined(separator: ";")
    }

    /// Contributions read back from their stored form.
    public static func decode(_ text: String?) -> [LinkContribution] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ";").compactMap { part in
            let f = part.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 3, let w = Double(f[2]) else { return nil }
            return LinkContribution(field: String(f[0]), level: String(f[1]), weight: w)
        }
    }
}
