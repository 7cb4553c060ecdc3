import Foundation
import GRDB
import WardenLinkage

/// What the warehouse says about each virtual person, derived from their linked records: the
/// best name and identifiers, first and last known dates, contacts with the date each was last
/// seen, service flags, and address history ranked by how likely each is their current home.
enum PersonDerivation {
    /// How much an officer trusts a system to say where someone lives.
    static func residenceWeight(_ system: String) -> Double {
        switch system {
        case "council_tax", "electoral_register", "housing_benefit", "tenancy": return 3
        case "school_roll", "freedom_pass", "blue_badge", "ct_summons": return 2
        default: return 1
        }
    }

    /// How much a system's spelling of a name is worth (identity-checked systems spell best).
    static func nameWeight(_ system: String) -> Double {
        switch system {
        case "housing_benefit", "tenancy", "deaths", "school_roll", "freedom_pass", "blue_badge": return 3
        case "council_tax", "electoral_register", "troubled_families": return 2
        default: return 1
        }
    }

    struct Rec {
        var id: Int64
        var system: String
        var source: String
        var sourceID: Int64
        var kind: String
        var role: String?
        var title: String?, given: String?, middle: String?, surname: String?
        var dob: String?, gender: String?, nino: String?, nhs: String?, marital: String?, death: String?
        var mobile: String?, phone: String?, email: String?
        var uprn: Int64?
        var start: String?, end: String?, event: String?
        var flagCode: String?, flagDescription: String?
    }

    static func refreshPersons(_ db: Database, asOf: CivilDate?) throws {
        let asOfISO = asOf?.iso ?? "9999-12-31"
        try db.execute(sql: "DELETE FROM residency; DELETE FROM contact; DELETE FROM service_flag;")
        let updatePerson = try db.makeStatement(sql: """
            UPDATE person SET title = ?, given_name = ?, middle_names = ?, surname = ?, dob = ?, gender = ?, nino = ?, nhs_number = ?,
                marital_status = ?, date_of_death = ?, first_known = ?, last_known = ?, current_uprn = ?, record_count = ?
            WHERE id = ?
            """)
        let insertResidency = try db.makeStatement(sql: """
            INSERT INTO residency(person_id, uprn, from_date, to_date, sources, evidence, score, rank) VALUES (?,?,?,?,?,?,?,?)
            """)
        let insertContact = try db.makeStatement(sql: """
            INSERT INTO contact(person_id, kind, value, first_seen, last_seen, sources) VALUES (?,?,?,?,?,?)
            """)
        let insertFlag = try db.makeStatement(sql: """
            INSERT INTO service_flag(person_id, code, description, flag_date, source_id, record_id) VALUES (?,?,?,?,?,?)
            """)
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT rl.person_id, r.id, s.system, s.name AS source, s.id AS source_id, s.kind, r.role, r.title, r.given_name, r.middle_names, r.surname,
                   r.dob, r.gender, r.nino, r.nhs_number, r.marital_status, r.date_of_death, r.mobile, r.phone, r.email, rl.uprn,
                   r.start_date, r.end_date, r.event_date, r.flag_code, r.flag_description
            FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id
            WHERE rl.person_id IS NOT NULL
            ORDER BY rl.person_id, r.id
            """)
        var current: Int64?
        var group: [Rec] = []
        func flush() throws {
            guard let pid = current, !group.isEmpty else { return }
            try describe(pid, group, asOf: asOfISO, updatePerson: updatePerson, insertResidency: insertResidency, insertContact: insertContact, insertFlag: insertFlag)
        }
        while let r = try cursor.next() {
            let pid: Int64 = r["person_id"]
            if pid != current { try flush(); group.removeAll(keepingCapacity: true); current = pid }
            group.append(Rec(id: r["id"], system: r["system"], source: r["source"], sourceID: r["source_id"], kind: r["kind"], role: r["role"],
                             title: r["title"], given: r["given_name"], middle: r["middle_names"], surname: r["surname"], dob: r["dob"],
                             gender: r["gender"], nino: r["nino"], nhs: r["nhs_number"], marital: r["marital_status"], death: r["date_of_death"],
                             mobile: r["mobile"], phone: r["phone"], email: r["email"], uprn: r["uprn"], start: r["start_date"], end: r["end_date"],
                             event: r["event_date"], flagCode: r["flag_code"], flagDescription: r["flag_description"]))
        }
        try flush()
    }

    /// The value most records agree on, ties broken by the weight of their systems.
    static func consensus<T: Hashable & Comparable>(_ values: [(T, Double)]) -> T? {
        var score: [T: Double] = [:]
        for (v, w) in values { score[v, default: 0] += w }
        return score.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// A display form for a name written all in capitals or all in small letters ("AĞAOĞLU" →
    /// "Ağaoğlu", "O'NEILL" → "O'Neill", "aarav parmar" → "Aarav Parmar"); a name a system
    /// wrote in mixed case ("McDonald", "van der Berg") is kept as written.
    static func displayCase(_ s: String) -> String {
        guard s == s.uppercased() || s == s.lowercased(), s.uppercased() != s.lowercased() else { return s }
        var out = ""
        var startOfWord = true
        for ch in s {
            out += startOfWord ? String(ch).uppercased() : String(ch).lowercased()
            // A new word starts after a space, hyphen or apostrophe ("O'Neill", "Smith-Jones");
            // not after a "?" that stands for a letter a system could not store.
            startOfWord = ch == " " || ch == "-" || ch == "'" || ch == "\u{2019}"
        }
        return out
    }

    static func describe(_ pid: Int64, _ recs: [Rec], asOf: String, updatePerson: Statement, insertResidency: Statement,
                         insertContact: Statement, insertFlag: Statement) throws {
        // Name: the fullest spelling from the most trusted systems; mixed case preferred.
        let named = recs.filter { $0.surname != nil || $0.given != nil }
        let bestName = named.max { a, b in nameScore(a) < nameScore(b) }
        let surname = bestName?.surname.map(displayCase)
        let given = bestName?.given.map(displayCase)
        let middle = bestName?.middle.map(displayCase)
        let title = consensus(recs.compactMap { r in r.title.map { (displayCase($0), 1.0) } })
        let dob = consensus(recs.compactMap { r in r.dob.map { ($0, nameWeight(r.system)) } })
        let gender = consensus(recs.compactMap { r in r.gender.map { ($0, 1.0) } })
        let nino = consensus(recs.compactMap { r in r.nino.map { ($0, nameWeight(r.system)) } })
        let nhs = consensus(recs.compactMap { r in r.nhs.map { ($0, 1.0) } })
        let marital = consensus(recs.compactMap { r in r.marital.map { ($0, 1.0) } })
        let death = recs.compactMap(\.death).max()
        // First and last known: the span of the records' own dates; a record still current is
        // known as of the extract date.
        var dates: [String] = []
        var last: String?
        for r in recs {
            dates.append(contentsOf: [r.start, r.event].compactMap { $0 })
            let seen = r.end.map { min($0, asOf) } ?? (r.kind == "event" ? r.event : asOf)
            if let seen { last = max(last ?? seen, seen) }
        }
        let first = dates.min()

        // Residences: resident records at a UPRN, scored by trust and recency.
        struct Place { var from: String?; var to: String?; var current = false; var sources: Set<String> = []; var evidence = 0; var score = 0.0; var perSource: [String: Double] = [:] }
        var places: [Int64: Place] = [:]
        for r in recs {
            guard let u = r.uprn, r.kind == "person" || r.kind == "event",
                  !(r.role.map { PersonLinkage.nonResidentRoles.contains($0) } ?? false) else { continue }
            var p = places[u] ?? Place()
            let from = r.start ?? r.event
            if let from { p.from = min(p.from ?? from, from) }
            let isCurrent = r.kind == "person" && (r.end == nil || r.end! >= asOf) && r.system != "deaths"
            let to = r.end ?? r.event
            if isCurrent { p.current = true } else if let to { p.to = max(p.to ?? to, to) }
            p.sources.insert(r.source)
            p.evidence += 1
            // Recency: a current record counts in full; an ended one halves every two years.
            let endDate = isCurrent ? asOf : (to ?? from ?? "1900-01-01")
            let years = max(0, Double(CivilDate(iso: endDate).map { $0.days(to: CivilDate(iso: asOf) ?? $0) } ?? 3650) / 365.25)
            let value = residenceWeight(r.system) * pow(0.5, years / 2)
            p.perSource[r.source] = max(p.perSource[r.source] ?? 0, value)
            places[u] = p
        }
        var ranked = places.map { (uprn: $0.key, place: $0.value, score: 100 * $0.value.perSource.values.reduce(0, +) + ($0.value.current ? 10 : 0)) }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.uprn < $1.uprn }
        for (i, r) in ranked.enumerated() {
            try insertResidency.execute(arguments: [pid, r.uprn, r.place.from, r.place.current ? nil : r.place.to,
                                                    r.place.sources.sorted().joined(separator: ","), r.place.evidence, (r.score * 10).rounded() / 10, i + 1])
        }

        // Contacts, with the date each was last seen.
        struct Seen { var first: String?; var last: String?; var sources: Set<Int64> = [] }
        var contacts: [String: Seen] = [:]
        for r in recs {
            let seenLast = r.end.map { min($0, asOf) } ?? (r.kind == "event" ? r.event : asOf)
            let seenFirst = r.start ?? r.event
            func add(_ kind: String, _ value: String?) {
                guard let value else { return }
                for v in value.split(separator: ";") {
                    let key = kind + "\u{1F}" + v
                    var s = contacts[key] ?? Seen()
                    if let l = seenLast { s.last = max(s.last ?? l, l) }
                    if let f = seenFirst { s.first = min(s.first ?? f, f) }
                    s.sources.insert(r.sourceID)
                    contacts[key] = s
                }
            }
            add("mobile", r.mobile); add("telephone", r.phone); add("email", r.email)
        }
        for key in contacts.keys.sorted() {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1)
            let s = contacts[key]!
            try insertContact.execute(arguments: [pid, String(parts[0]), String(parts[1]), s.first, s.last, s.sources.count])
        }

        for r in recs where r.flagCode != nil {
            try insertFlag.execute(arguments: [pid, r.flagCode, r.flagDescription, r.start ?? r.event, r.sourceID, r.id])
        }

        try updatePerson.execute(arguments: [title, given, middle, surname, dob, gender, nino, nhs, marital, death, first, last,
                                             ranked.first?.uprn, recs.count, pid])
    }

    /// How good a record's spelling of a name is: trusted systems, full forenames, mixed case.
    static func nameScore(_ r: Rec) -> Double {
        var s = nameWeight(r.system)
        if let g = r.given { s += g.count > 1 ? 2 : 0 } else { s -= 2 }
        if r.middle != nil { s += 0.5 }
        if let sn = r.surname, sn != sn.uppercased(), sn != sn.lowercased() { s += 0.5 }
        if r.surname == nil { s -= 3 }
        return s + Double(r.id % 997) / 1e6   // a stable tie-break
    }
}
