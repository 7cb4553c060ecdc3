import Foundation
import GRDB
import WardenLinkage

/// Everything the warehouse knows about one virtual person: the housing officer's single view.
public struct PersonView: Sendable, Codable, Equatable {
    public struct Contact: Sendable, Codable, Equatable {
        public var kind: String
        public var value: String
        public var lastSeen: String?
        public var sources: Int
    }
    public struct Residence: Sendable, Codable, Equatable {
        public var uprn: Int64
        public var address: String
        public var from: String?
        public var to: String?
        public var sources: [String]
        public var evidence: Int
        /// The most-likely-property ranking value, and its rank (1 = most likely current home).
        public var score: Double
        public var rank: Int
    }
    public struct Flag: Sendable, Codable, Equatable {
        public var code: String
        public var description: String?
        public var date: String?
        public var source: String
    }
    public struct LinkedRecord: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var source: String
        public var system: String
        public var key: String?
        public var line: Int
        public var name: String
        public var dob: String?
        public var address: String?
        public var start: String?
        public var end: String?
        public var confidence: Double?
        /// Why it matched: field, level and the weight it added.
        public var explanation: [LinkContribution]
    }
    public struct Relation: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var age: Int?
    }
    public struct RelatedProperty: Sendable, Codable, Equatable {
        public var uprn: Int64
        public var address: String
        public var relation: String
    }

    public var id: Int64
    public var title: String?
    public var name: String
    public var givenName: String?
    public var middleNames: String?
    public var surname: String?
    public var dob: String?
    public var age: Int?
    public var gender: String?
    public var nino: String?
    public var nhsNumber: String?
    public var maritalStatus: String?
    public var dateOfDeath: String?
    public var currentUPRN: Int64?
    public var currentAddress: String?
    public var currentPostcode: String?
    public var firstKnown: String?
    public var lastKnown: String?
    /// The current property's ranking value, and the same on a 0–10 scale.
    public var mostLikelyPropertyScore: Double?
    public var mostLikelyPropertyScore10: Int?
    public var mobiles: [Contact]
    public var telephones: [Contact]
    public var emails: [Contact]
    public var addressHistory: [Residence]
    public var flags: [Flag]
    public var records: [LinkedRecord]
    public var household: [Relation]
    public var relatedProperties: [RelatedProperty]
    /// Set when the id asked for was retired by a merge and redirected here.
    public var redirectedFrom: Int64?
    /// True when the record is restricted (individuals' rights) and this officer is not an admin:
    /// nothing but the id is shown.
    public var restricted = false
    /// The groups of fields the officer's role may not see (shown as withheld, never silently missing).
    public var withheld: [String] = []
    /// Corrected fields (rectification): the value shown is the corrected one.
    public var rectified: [String] = []
    /// Who has looked at this record (admins only), newest first.
    public var accessLog: [AuditLog.Entry]?
}

/// One field's part in a link decision.
public struct LinkContribution: Sendable, Codable, Equatable {
    public var field: String
    public var level: String
    public var weight: Double

    public init(field: String, level: String, weight: Double) {
        self.field = field
        self.level = level
        self.weight = weight
    }
}

/// Everything the warehouse knows about one property.
public struct PropertyView: Sendable, Codable, Equatable {
    public struct Occupant: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var age: Int?
        public var from: String?
        public var sources: [String]
    }
    public struct Event: Sendable, Codable, Equatable {
        public var date: String?
        public var type: String
        public var label: String
        public var category: String?
        public var outcome: String?
        public var source: String
    }
    public struct Landlord: Sendable, Codable, Equatable {
        public var id: Int64?
        public var name: String
        public var otherProperties: [PersonView.RelatedProperty]
    }

    public var uprn: Int64
    public var address: String
    public var postcode: String?
    public var ward: String?
    public var tenure: String?
    public var propertyType: String?
    public var bedrooms: Int?
    public var councilTaxBand: String?
    public var licenceStatus: String
    public var parentUPRN: Int64?
    public var easting: Double?
    public var northing: Double?
    public var occupants: [Occupant]
    public var formerOccupants: [Occupant]
    public var events: [Event]
    public var landlords: [Landlord]
    public var flats: [PersonView.RelatedProperty]
    /// Groups withheld from this officer (occupants' and landlords' names without `identity`).
    public var withheld: [String] = []
}

/// Reads single views. Each read is audited by the caller-supplied actor.
public struct SingleView {
    public let warehouse: Warehouse
    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    var asOf: CivilDate {
        ((try? warehouse.meta("as_of")) ?? nil).flatMap(CivilDate.init(iso:)) ?? CivilDate(year: 2026, month: 10, day: 31)!
    }

    /// The person with virtual id `id` (following merge redirects) as `access` may see them, or
    /// nil. Needs a stated purpose; writes an access-log entry naming the groups shown.
    public func person(_ id: Int64, access: Access, screen: String) throws -> PersonView? {
        try access.require(.identity, for: "person \(id)")
        try access.requirePurpose()
        guard var view = try readPerson(id) else { return nil }
        var shown = Policy.FieldGroup.allCases.filter { access.canSee($0) }
        let restricted = try warehouse.pool.read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM person_restriction WHERE person_id = ?", arguments: [view.id]) != nil }
        if restricted && !access.isAdmin {
            view = PersonView.restricted(id: view.id, redirectedFrom: view.redirectedFrom)
            shown = []
        } else {
            view.restricted = restricted
            view.withhold(from: access)
            if access.isAdmin { view.accessLog = try AuditQueries.person(warehouse, id: view.id, limit: 20) }
        }
        view.rectified = try warehouse.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT field FROM person_rectification WHERE person_id = ? ORDER BY field", arguments: [view.id]) }
        var detail = "{\"groups\":[" + shown.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
        if !view.withheld.isEmpty { detail += ",\"withheld\":[" + view.withheld.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        if view.restricted { detail += ",\"restricted\":true" }
        if let r = view.redirectedFrom { detail += ",\"asked_for\":\(r)" }
        try AuditLog.record(warehouse, actor: access.actor(screen: screen), action: .view, subjectType: "person", subjectID: String(view.id), detail: detail + "}")
        return view
    }

    /// Everything stored about a person, before access rules.
    func readPerson(_ id: Int64) throws -> PersonView? {
        let asOf = self.asOf
        let view = try warehouse.pool.read { db -> PersonView? in
            var target = id
            var redirected: Int64?
            if try Int.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ?", arguments: [id]) == nil,
               let to = try Int64.fetchOne(db, sql: "SELECT new_id FROM person_redirect WHERE old_id = ?", arguments: [id]) {
                target = to; redirected = id
            }
            guard let p = try Row.fetchOne(db, sql: """
                SELECT p.*, pr.address, pr.postcode FROM person p LEFT JOIN property pr ON pr.uprn = p.current_uprn WHERE p.id = ?
                """, arguments: [target]) else { return nil }
            let dob: String? = p["dob"]
            let contacts = try Row.fetchAll(db, sql: "SELECT kind, value, last_seen, sources FROM contact WHERE person_id = ? ORDER BY last_seen DESC, value", arguments: [target])
                .map { PersonView.Contact(kind: $0["kind"], value: $0["value"], lastSeen: $0["last_seen"], sources: $0["sources"]) }
            let residences = try Row.fetchAll(db, sql: """
                SELECT r.uprn, pr.address, r.from_date, r.to_date, r.sources, r.evidence, r.score, r.rank
                FROM residency r JOIN property pr ON pr.uprn = r.uprn WHERE r.person_id = ? ORDER BY r.rank
                """, arguments: [target]).map {
                PersonView.Residence(uprn: $0["uprn"], address: $0["address"], from: $0["from_date"], to: $0["to_date"],
                                     sources: ($0["sources"] as String).components(separatedBy: ","), evidence: $0["evidence"], score: $0["score"], rank: $0["rank"])
            }
            let flags = try Row.fetchAll(db, sql: """
                SELECT f.code, f.description, f.flag_date, s.title FROM service_flag f JOIN source s ON s.id = f.source_id
                WHERE f.person_id = ? ORDER BY f.code
                """, arguments: [target]).map { PersonView.Flag(code: $0["code"], description: $0["description"], date: $0["flag_date"], source: $0["title"]) }
            let records = try Row.fetchAll(db, sql: """
                SELECT r.id, s.title, s.system, r.record_key, r.line, r.title AS t, r.given_name, r.middle_names, r.surname, r.full_name, r.dob,
                       coalesce(r.address, r.location) AS address, r.postcode, r.start_date, r.end_date, rl.person_confidence, rl.person_explanation
                FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id
                WHERE rl.person_id = ? ORDER BY s.id, r.line
                """, arguments: [target]).map { r -> PersonView.LinkedRecord in
                let name = (r["full_name"] as String?) ?? [r["t"] as String?, r["given_name"] as String?, r["middle_names"] as String?, r["surname"] as String?].compactMap { $0 }.joined(separator: " ")
                let explanation = LinkExplanation.decode(r["person_explanation"])
                let address = [r["address"] as String?, r["postcode"] as String?].compactMap { $0 }.joined(separator: ", ")
                return PersonView.LinkedRecord(recordID: r["id"], source: r["title"], system: r["system"], key: r["record_key"], line: r["line"],
                                               name: name, dob: r["dob"], address: address.isEmpty ? nil : address, start: r["start_date"], end: r["end_date"],
                                               confidence: r["person_confidence"], explanation: explanation)
            }
            var household: [PersonView.Relation] = []
            if let uprn: Int64 = p["current_uprn"] {
                household = try Row.fetchAll(db, sql: """
                    SELECT id, given_name, surname, dob FROM person WHERE current_uprn = ? AND id <> ? AND date_of_death IS NULL ORDER BY dob
                    """, arguments: [uprn, target]).map {
                    PersonView.Relation(id: $0["id"], name: [$0["given_name"] as String?, $0["surname"] as String?].compactMap { $0 }.joined(separator: " "),
                                        age: ($0["dob"] as String?).flatMap(CivilDate.init(iso:)).map { $0.years(to: asOf) })
                }
            }
            // Properties they are linked to other than as a resident (licence holder, ratepayer).
            let related = try Row.fetchAll(db, sql: """
                SELECT DISTINCT rl.uprn, pr.address, s.title FROM record_link rl JOIN source_record r ON r.id = rl.record_id
                JOIN source s ON s.id = r.source_id JOIN property pr ON pr.uprn = rl.uprn
                WHERE rl.person_id = ? AND s.kind IN ('licence', 'business') ORDER BY pr.address
                """, arguments: [target]).map { PersonView.RelatedProperty(uprn: $0["uprn"], address: $0["address"], relation: $0["title"]) }
            let name = [p["given_name"] as String?, p["middle_names"] as String?, p["surname"] as String?].compactMap { $0 }.joined(separator: " ")
            let currentScore = residences.first?.score
            let maxScore = residences.map(\.score).max() ?? 0
            return PersonView(
                id: target, title: p["title"], name: name, givenName: p["given_name"], middleNames: p["middle_names"], surname: p["surname"],
                dob: dob, age: dob.flatMap(CivilDate.init(iso:)).map { $0.years(to: (p["date_of_death"] as String?).flatMap(CivilDate.init(iso:)) ?? asOf) },
                gender: p["gender"], nino: p["nino"], nhsNumber: p["nhs_number"], maritalStatus: p["marital_status"], dateOfDeath: p["date_of_death"],
                currentUPRN: p["current_uprn"], currentAddress: p["address"], currentPostcode: p["postcode"],
                firstKnown: p["first_known"], lastKnown: p["last_known"],
                mostLikelyPropertyScore: currentScore,
                mostLikelyPropertyScore10: currentScore.map { maxScore > 0 ? Int(($0 / maxScore * 10).rounded()) : 0 },
                mobiles: contacts.filter { $0.kind == "mobile" }, telephones: contacts.filter { $0.kind == "telephone" },
                emails: contacts.filter { $0.kind == "email" }, addressHistory: residences, flags: flags, records: records,
                household: household, relatedProperties: related, redirectedFrom: redirected)
        }
        return view
    }

    /// The property with this UPRN as `access` may see it, or nil. Writes an access-log entry.
    public func property(_ uprn: Int64, access: Access, screen: String) throws -> PropertyView? {
        guard access.isUser else { throw access.notAUser }
        guard var view = try readProperty(uprn) else { return nil }
        if !access.canSee(.identity) {
            view.occupants = view.occupants.map { var o = $0; o.name = "withheld"; o.age = nil; return o }
            view.formerOccupants = []
            view.landlords = view.landlords.map { var l = $0; l.name = "withheld"; l.id = nil; return l }
            view.withheld.append(Policy.FieldGroup.identity.rawValue)
        }
        if !access.isAdmin {
            let restricted = try warehouse.pool.read { db in Set(try Int64.fetchAll(db, sql: "SELECT person_id FROM person_restriction")) }
            view.occupants = view.occupants.map { o in restricted.contains(o.id) ? PropertyView.Occupant(id: o.id, name: "Restricted record", age: nil, from: nil, sources: []) : o }
            view.formerOccupants = view.formerOccupants.filter { !restricted.contains($0.id) }
        }
        try AuditLog.record(warehouse, actor: access.actor(screen: screen), action: .view, subjectType: "property", subjectID: String(uprn),
                            detail: view.withheld.isEmpty ? nil : "{\"withheld\":[\"identity\"]}")
        return view
    }

    /// Everything stored about a property, before access rules.
    func readProperty(_ uprn: Int64) throws -> PropertyView? {
        let asOf = self.asOf
        let view = try warehouse.pool.read { db -> PropertyView? in
            guard let p = try Row.fetchOne(db, sql: "SELECT pr.*, w.name AS ward FROM property pr LEFT JOIN ward w ON w.id = pr.ward_id WHERE pr.uprn = ?", arguments: [uprn]) else { return nil }
            func occupants(current: Bool) throws -> [PropertyView.Occupant] {
                try Row.fetchAll(db, sql: """
                    SELECT p.id, p.given_name, p.surname, p.dob, r.from_date, r.sources
                    FROM residency r JOIN person p ON p.id = r.person_id
                    WHERE r.uprn = ? AND \(current ? "r.rank = 1 AND p.date_of_death IS NULL" : "(r.rank > 1 OR p.date_of_death IS NOT NULL)")
                    ORDER BY r.from_date DESC, p.dob
                    """, arguments: [uprn]).map {
                    PropertyView.Occupant(id: $0["id"], name: [$0["given_name"] as String?, $0["surname"] as String?].compactMap { $0 }.joined(separator: " "),
                                          age: ($0["dob"] as String?).flatMap(CivilDate.init(iso:)).map { $0.years(to: asOf) },
                                          from: $0["from_date"], sources: ($0["sources"] as String).components(separatedBy: ","))
                }
            }
            let events = try Row.fetchAll(db, sql: """
                SELECT e.event_date, e.event_type, e.category, e.outcome, s.title FROM property_event e JOIN source s ON s.id = e.source_id
                WHERE e.uprn = ? ORDER BY e.event_date DESC
                """, arguments: [uprn]).map {
                PropertyView.Event(date: $0["event_date"], type: $0["event_type"], label: EventType(rawValue: $0["event_type"])?.label ?? $0["event_type"],
                                   category: $0["category"], outcome: $0["outcome"], source: $0["title"])
            }
            // Landlords: licence holders of this property, and what else they hold.
            let holders = try Row.fetchAll(db, sql: """
                SELECT DISTINCT rl.person_id, coalesce(r.full_name, (coalesce(r.given_name, '') || ' ' || coalesce(r.surname, ''))) AS name
                FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id
                WHERE rl.uprn = ? AND s.kind = 'licence'
                """, arguments: [uprn])
            var landlords: [PropertyView.Landlord] = []
            for h in holders {
                let pid: Int64? = h["person_id"]
                var others: [PersonView.RelatedProperty] = []
                if let pid {
                    others = try Row.fetchAll(db, sql: """
                        SELECT DISTINCT rl.uprn, pr.address, s.title FROM record_link rl JOIN source_record r ON r.id = rl.record_id
                        JOIN source s ON s.id = r.source_id JOIN property pr ON pr.uprn = rl.uprn
                        WHERE rl.person_id = ? AND s.kind IN ('licence', 'business') AND rl.uprn <> ? ORDER BY pr.address
                        """, arguments: [pid, uprn]).map { PersonView.RelatedProperty(uprn: $0["uprn"], address: $0["address"], relation: $0["title"]) }
                }
                landlords.append(PropertyView.Landlord(id: pid, name: (h["name"] as String).trimmingCharacters(in: .whitespaces), otherProperties: others))
            }
            let flats = try Row.fetchAll(db, sql: "SELECT uprn, address FROM property WHERE parent_uprn = ? ORDER BY address", arguments: [uprn])
                .map { PersonView.RelatedProperty(uprn: $0["uprn"], address: $0["address"], relation: "within this building") }
            return PropertyView(uprn: uprn, address: p["address"], postcode: p["postcode"], ward: p["ward"], tenure: p["tenure"],
                                propertyType: p["property_type"], bedrooms: p["bedrooms"], councilTaxBand: p["council_tax_band"],
                                licenceStatus: p["licence_status"], parentUPRN: p["parent_uprn"], easting: p["easting"], northing: p["northing"],
                                occupants: try occupants(current: true), formerOccupants: try occupants(current: false),
                                events: events, landlords: landlords, flats: flats)
        }
        return view
    }
}

extension PersonView {
    /// What a non-admin sees of a restricted record: that it exists, and nothing else.
    static func restricted(id: Int64, redirectedFrom: Int64?) -> PersonView {
        PersonView(id: id, title: nil, name: "Restricted record", givenName: nil, middleNames: nil, surname: nil, dob: nil, age: nil, gender: nil,
                   nino: nil, nhsNumber: nil, maritalStatus: nil, dateOfDeath: nil, currentUPRN: nil, currentAddress: nil, currentPostcode: nil,
                   firstKnown: nil, lastKnown: nil, mostLikelyPropertyScore: nil, mostLikelyPropertyScore10: nil, mobiles: [], telephones: [], emails: [],
                   addressHistory: [], flags: [], records: [], household: [], relatedProperties: [], redirectedFrom: redirectedFrom, restricted: true)
    }

    /// The systems whose records are benefit details.
    static let benefitSystems: Set<String> = ["housing_benefit"]

    /// The policy group a service flag belongs to: Troubled Families headline codes 3 (social
    /// care), 4 (out-of-work benefits), 6 (health); other codes are case work (social care).
    static func group(ofFlag code: String) -> Policy.FieldGroup {
        switch code.first {
        case "4": return .benefits
        case "6": return .health
        default: return .socialCare
        }
    }

    /// Removes the groups `access` may not see, naming them in `withheld`.
    mutating func withhold(from access: Access) {
        var withheld: [Policy.FieldGroup] = []
        if !access.canSee(.identifiers) { nino = nil; nhsNumber = nil; withheld.append(.identifiers) }
        if !access.canSee(.contact) { mobiles = []; telephones = []; emails = []; withheld.append(.contact) }
        if !access.canSee(.address) {
            currentUPRN = nil; currentAddress = nil; currentPostcode = nil; addressHistory = []; relatedProperties = []
            mostLikelyPropertyScore = nil; mostLikelyPropertyScore10 = nil
            withheld.append(.address)
        }
        if !access.canSee(.household) { household = []; withheld.append(.household) }
        if !access.canSee(.records) { records = []; withheld.append(.records) }
        else if !access.canSee(.benefits) {
            let before = records.count
            records.removeAll { PersonView.benefitSystems.contains($0.system) }
            if records.count < before { withheld.append(.benefits) }
        }
        let hiddenFlags = Set(flags.map { PersonView.group(ofFlag: $0.code) }.filter { !access.canSee($0) })
        flags.removeAll { hiddenFlags.contains(PersonView.group(ofFlag: $0.code)) }
        for g in hiddenFlags.sorted(by: { $0.rawValue < $1.rawValue }) where !withheld.contains(g) { withheld.append(g) }
        self.withheld = withheld.map(\.rawValue)
    }
}
