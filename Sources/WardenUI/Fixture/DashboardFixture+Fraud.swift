import Foundation
import GRDB
import WardenCore

/// Counter-fraud cases for the fixture borough, as the scan would have left them: open cases of
/// every type (one overdue, one being investigated with notes), and closed ones with outcomes and
/// money recovered, each with its evidence side by side and its history. All of it is invented.
extension DashboardFixture {
    /// Case numbers of the fixture's cases.
    public enum FraudCase {
        public static let edithPass: Int64 = 101          // deceased holder, risk 96
        public static let elmRoadDiscount: Int64 = 102    // single person discount, risk 91, overdue
        public static let millLaneExemption: Int64 = 103  // occupied exemption, risk 84
        public static let roseCourtSublet: Int64 = 104    // subletting, risk 78, triage
        public static let okaforClaim: Int64 = 105        // undeclared member, risk 72, investigation, overdue
        public static let patelRelief: Int64 = 106        // business rates relief, risk 66
        public static let zoeDiscount: Int64 = 107        // single person discount, risk 58
        public static let edithBadge: Int64 = 108         // closed: fraud proven
        public static let churchStreetDiscount: Int64 = 109  // closed: error corrected, money recovered
        public static let okaforDiscount: Int64 = 110     // closed: no fraud
    }

    /// The investigator the fixture's worked cases are assigned to (not a Warden user of the fixture).
    public static let fixtureInvestigator = "j.okafor"

    struct FixtureEvidence {
        var role: String
        var person: Int64?
        var name: String?
        var source: String
        var title: String
        var key: String
        var uprn: Int64?
        var address: String?
        var from: String?
        var to: String?
        var detail: String
        var link: Double?
        var weight: Double?
    }

    /// How a case's risk was made, written as the core's `ScoreDetail` reads it.
    struct FixtureScore: Encodable {
        var rule: String
        var version: String
        var strength: Double
        var confidence: Double
        var corroboration: Double
        var sources: Int
        var risk: Int
        var threshold: Int
        var valueFormula: String
        var quantities: [String: Double]
        var notes: [String]
    }

    struct FixtureCase {
        var id: Int64
        var rule: String
        var summary: String
        var person: Int64?
        var name: String?
        var uprn: Int64?
        var address: String?
        var risk: Int
        var value: Double
        var raised: String
        var due: String
        var status: String = "new"
        var assignee: String?
        var outcome: String?
        var recovered: Double = 0
        var closed: String?
        var strength: Double
        var confidence: Double
        var corroboration: Double
        var quantities: [String: Double]
        var evidence: [FixtureEvidence]
        /// Changes after it was raised: at, user, field, before, after.
        var history: [(String, String, String, String?, String?)] = []
        var notes: [(String, String, String)] = []
    }

    /// Writes the fixture's cases (with a scan, the rule versions that scored them, keys, evidence, history, notes).
    static func fillFraud(_ db: Database) throws {
        let rules = try FraudRuleFile.parse(text: FraudRuleFile.builtInText, origin: "built-in")
        let byID = Dictionary(rules.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        try db.execute(sql: """
            INSERT INTO fraud_scan(id, started_at, finished_at, user, rules_origin, rules_sha256, as_of, figures)
            VALUES (1, '2026-07-03T06:00:00Z', '2026-07-03T06:00:41Z', 'fraud.scan', 'built-in', ?, '2026-06-30', '{}'),
                   (2, '2026-10-31T06:00:00Z', '2026-10-31T06:00:44Z', 'fraud.scan', 'built-in', ?, ?, '{}')
            """, arguments: [rules.sha256, rules.sha256, asOf])
        var written: Set<String> = []
        for c in fraudCases {
            guard let rule = byID[c.rule] else { continue }
            if written.insert(rule.id).inserted {
                let definition = String(decoding: try JSONEncoder().encode(rule), as: UTF8.self)
                try db.execute(sql: "INSERT INTO fraud_rule_version(rule_id, version, definition, first_scan_id) VALUES (?, ?, ?, 1)",
                               arguments: [rule.id, rule.version, definition])
            }
            let threshold = rule.threshold ?? rules.threshold
            let sources = Set(c.evidence.filter { $0.role != "claim" }.map(\.source)).count
            let score = FixtureScore(rule: rule.id, version: rule.version, strength: c.strength, confidence: c.confidence,
                                    corroboration: c.corroboration, sources: sources, risk: c.risk, threshold: threshold,
                                    valueFormula: rule.value, quantities: c.quantities,
                                    notes: [sources == 1 ? "one independent source corroborates the finding" : "\(sources) independent sources corroborate the finding"])
            let closed = c.status == "closed"
            let updatedAt = c.history.last?.0 ?? c.raised
            let updatedBy = c.history.last?.1 ?? "fraud.scan"
            let rank = ["new": 0, "triage": 1, "investigation": 2, "closed": 3][c.status] ?? 0
            try db.execute(sql: """
                INSERT INTO fraud_case(id, rule_id, raised_version, rule_version, case_type, summary, subject_person_id, subject_name, uprn, address,
                    risk, value, above_threshold, detected, queue, status, status_rank, outcome, amount_recovered, assignee, due_date, raised_at,
                    closed_at, updated_at, updated_by, version, evidence_fingerprint, closed_fingerprint, score_detail, first_scan_id, last_scan_id)
                VALUES (?,?,?,?,?,?,?,?,?,?, ?,?,?,1,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,1,2)
                """, arguments: [c.id, rule.id, rule.version, rule.version, rule.caseType, c.summary, c.person, c.name, c.uprn, c.address,
                                 c.risk, c.value, c.risk >= threshold, closed ? 2 : 1, c.status, rank, c.outcome, c.recovered, c.assignee, c.due,
                                 c.raised, c.closed, updatedAt, updatedBy, 1 + c.history.count, "fixture-\(c.id)",
                                 closed ? "[]" : nil, String(decoding: try JSONEncoder().encode(score), as: UTF8.self)])
            try db.execute(sql: "INSERT INTO fraud_case_key(key, case_id) VALUES (?, ?)", arguments: ["\(rule.id):fixture-\(c.id)", c.id])
            for (n, e) in c.evidence.enumerated() {
                try db.execute(sql: """
                    INSERT INTO fraud_evidence(case_id, fingerprint, role, person_id, person_name, source, system, source_title, line, record_key,
                        uprn, address, from_date, to_date, detail, link_confidence, uprn_confidence, weight, current, first_scan_id, last_scan_id)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,1,2)
                    """, arguments: [c.id, "\(c.id)-\(n)", e.role, e.person, e.name, e.source, e.source, e.title, n + 2, e.key,
                                     e.uprn, e.address, e.from, e.to, e.detail, e.link, e.uprn.map { _ in 1.0 }, e.weight])
            }
            try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after, scan_id) VALUES (?, ?, 'fraud.scan', 'raised', NULL, ?, 1)",
                           arguments: [c.id, c.raised, "risk \(c.risk), rule \(rule.id) version \(rule.version)"])
            for h in c.history {
                try db.execute(sql: "INSERT INTO fraud_case_history(case_id, at, user, field, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [c.id, h.0, h.1, h.2, h.3, h.4])
            }
            for n in c.notes {
                try db.execute(sql: "INSERT INTO fraud_case_note(case_id, at, user, text) VALUES (?, ?, ?, ?)", arguments: [c.id, n.0, n.1, n.2])
            }
        }
    }

    static let fraudCases: [FixtureCase] = {
        let elm = "14 Elm Road, London, E17 4AB"
        let mill35 = "35 Mill Lane, London, E10 5QT"
        let flat1 = "Flat 1, Rose Court, 2 High Street, London, E17 7LD"
        let flat2 = "Flat 2, Rose Court, 2 High Street, London, E17 7LD"
        let flat3 = "Flat 3, Rose Court, 2 High Street, London, E17 7LD"
        let church = "7 Church Street, London, E17 9RS"
        let oak = "9 Oak Avenue, London, E4 8PL"
        let inv = fixtureInvestigator
        return [
            FixtureCase(id: FraudCase.edithPass, rule: "deceased-freedom-pass", summary: "Freedom pass still active 11 months after the holder's death",
                        person: Person.edith, name: "Edith Baker", uprn: UPRN.millLane35, address: mill35, risk: 96, value: 250,
                        raised: "2026-10-31T06:00:31Z", due: "2026-11-28", strength: 0.97, confidence: 0.99, corroboration: 1.0,
                        quantities: [:],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.edith, name: "Edith Baker", source: "freedom_passes", title: "Freedom passes",
                                            key: "FP-118822", uprn: UPRN.millLane35, address: mill35, from: "2016-04-01", to: nil,
                                            detail: "pass active; last journey 12/10/2026", link: 0.981, weight: nil),
                            FixtureEvidence(role: "death", person: Person.edith, name: "Edith Baker", source: "council_tax", title: "Council tax",
                                            key: "CT-20001/LIABLE", uprn: UPRN.millLane35, address: mill35, from: "1988-04-01", to: "2025-12-03",
                                            detail: "date of death 03/12/2025", link: 0.990, weight: 1.0),
                        ]),
            FixtureCase(id: FraudCase.elmRoadDiscount, rule: "spd-other-adults", summary: "Single person discount with 2 other adults evidenced at the address",
                        person: Person.johnSmith, name: "John Arthur Smith", uprn: UPRN.elmRoad14, address: elm, risk: 91, value: 487.30,
                        raised: "2026-07-03T06:00:12Z", due: "2026-10-26", strength: 0.95, confidence: 0.98, corroboration: 0.98,
                        quantities: ["band_charge": 1949.20],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.johnSmith, name: "John Arthur Smith", source: "council_tax", title: "Council tax",
                                            key: "CT-40012/LIABLE", uprn: UPRN.elmRoad14, address: elm, from: "2019-04-01", to: nil,
                                            detail: "single person discount 25%", link: 0.998, weight: nil),
                            FixtureEvidence(role: "other_adult", person: Person.marySmith, name: "Mary Smith", source: "electoral_register", title: "Electoral register",
                                            key: "ER-88232", uprn: UPRN.elmRoad14, address: elm, from: nil, to: nil,
                                            detail: "elector, aged 69", link: 0.988, weight: 0.8),
                            FixtureEvidence(role: "other_adult", person: Person.li, name: "李小龍", source: "electoral_register", title: "Electoral register",
                                            key: "ER-88233", uprn: UPRN.elmRoad14, address: elm, from: "2023-01-15", to: nil,
                                            detail: "elector, aged 47", link: 0.990, weight: 0.8),
                            FixtureEvidence(role: "other_adult", person: Person.li, name: "Siu Lung Lee", source: "housing_benefit", title: "Housing benefit",
                                            key: "HB-6610", uprn: UPRN.elmRoad14, address: elm, from: nil, to: nil,
                                            detail: "claimant at this address", link: 0.934, weight: 0.9),
                        ]),
            FixtureCase(id: FraudCase.millLaneExemption, rule: "exemption-occupied", summary: "Empty-home exemption while 2 adults are registered there",
                        person: Person.rajesh, name: "Rajesh Patel", uprn: UPRN.millLane35, address: mill35, risk: 84, value: 1949.20,
                        raised: "2026-10-31T06:00:35Z", due: "2026-11-28", strength: 0.9, confidence: 0.95, corroboration: 0.98,
                        quantities: ["band_charge": 1949.20],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.rajesh, name: "Rajesh Patel", source: "council_tax", title: "Council tax",
                                            key: "CT-20001/EXEMPT", uprn: UPRN.millLane35, address: mill35, from: "2025-12-04", to: nil,
                                            detail: "exemption class F (deceased's estate)", link: 0.902, weight: nil),
                            FixtureEvidence(role: "resident", person: nil, name: "Daniel Baker", source: "electoral_register", title: "Electoral register",
                                            key: "ER-60044", uprn: UPRN.millLane35, address: mill35, from: "2026-02-01", to: nil,
                                            detail: "elector, not linked to a person", link: nil, weight: 0.8),
                            FixtureEvidence(role: "resident", person: nil, name: "Sara Baker", source: "school_roll", title: "School roll",
                                            key: "SR-30917", uprn: UPRN.millLane35, address: mill35, from: "2026-09-03", to: nil,
                                            detail: "parent of a pupil", link: nil, weight: 0.7),
                        ]),
            FixtureCase(id: FraudCase.roseCourtSublet, rule: "tenant-living-elsewhere", summary: "Council tenant liable for council tax at another address; 1 other adult at the tenancy",
                        person: Person.youngJohnSmith, name: "John Smith", uprn: UPRN.roseCourtFlat1, address: flat1, risk: 78, value: 12000,
                        raised: "2026-07-03T06:00:20Z", due: "2026-11-20", status: "triage", assignee: inv,
                        strength: 0.85, confidence: 0.94, corroboration: 0.976, quantities: [:],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.youngJohnSmith, name: "John Smith", source: "housing_tenancies", title: "Housing tenancies",
                                            key: "HT-2021-0412", uprn: UPRN.roseCourtFlat1, address: flat1, from: "2021-09-01", to: nil,
                                            detail: "secure tenancy", link: 0.983, weight: nil),
                            FixtureEvidence(role: "elsewhere", person: Person.youngJohnSmith, name: "John Smith", source: "council_tax", title: "Council tax",
                                            key: "CT-40990/LIABLE", uprn: UPRN.elmRoad16, address: "16 Elm Road, London, E17 4AB", from: "2025-06-01", to: nil,
                                            detail: "liable at another address", link: 0.941, weight: 0.9),
                            FixtureEvidence(role: "resident", person: nil, name: "Tomasz Wiśniewski", source: "electoral_register", title: "Electoral register",
                                            key: "ER-90140", uprn: UPRN.roseCourtFlat1, address: flat1, from: "2025-07-01", to: nil,
                                            detail: "elector, not on the tenancy", link: nil, weight: 0.8),
                        ],
                        history: [("2026-09-01T09:12:00Z", inv, "assignee", nil, inv), ("2026-09-01T09:13:10Z", inv, "status", "new", "triage")]),
            FixtureCase(id: FraudCase.okaforClaim, rule: "claim-omits-adult", summary: "Housing benefit household leaves out an adult registered at the address",
                        person: Person.chioma, name: "Chioma Okafor", uprn: UPRN.roseCourtFlat3, address: flat3, risk: 72, value: 3120,
                        raised: "2026-07-03T06:00:25Z", due: "2026-10-20", status: "investigation", assignee: inv,
                        strength: 0.8, confidence: 0.96, corroboration: 0.94, quantities: ["weekly_amount": 120],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.chioma, name: "Chioma Okafor", source: "housing_benefit", title: "Housing benefit",
                                            key: "HB-7001", uprn: UPRN.roseCourtFlat3, address: flat3, from: "2018-02-01", to: nil,
                                            detail: "household: 1 adult, 2 children", link: 0.999, weight: nil),
                            FixtureEvidence(role: "omitted_adult", person: nil, name: "Samuel Okafor", source: "electoral_register", title: "Electoral register",
                                            key: "ER-90120", uprn: UPRN.roseCourtFlat3, address: flat3, from: "2024-03-01", to: nil,
                                            detail: "elector, aged 41", link: nil, weight: 0.8),
                        ],
                        history: [("2026-07-10T10:02:00Z", inv, "assignee", nil, inv), ("2026-07-10T10:05:00Z", inv, "status", "new", "triage"),
                                  ("2026-08-04T14:40:00Z", inv, "status", "triage", "investigation"), ("2026-08-04T14:41:00Z", inv, "note", nil, "note 1 (96 bytes)")],
                        notes: [("2026-08-04T14:41:00Z", inv, "Landlord confirms two adults on the tenancy agreement.\nRequested the claimant's bank statements.")]),
            FixtureCase(id: FraudCase.patelRelief, rule: "sbrr-several-properties", summary: "Small business rate relief on 2 properties of one ratepayer",
                        person: Person.rajesh, name: "Rajesh Patel", uprn: nil, address: nil, risk: 66, value: 5799.88,
                        raised: "2026-10-31T06:00:38Z", due: "2026-11-28", strength: 0.7, confidence: 0.943, corroboration: 1.0,
                        quantities: ["rateable_value": 11623.00],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.rajesh, name: "Patel Lettings Ltd", source: "business_rates", title: "Business rates",
                                            key: "BR-1102", uprn: nil, address: "Unit 4, 12 Hoe Street, London, E17 4QR", from: "2021-04-01", to: nil,
                                            detail: "small business rate relief 100%", link: 0.930, weight: nil),
                            FixtureEvidence(role: "claim", person: Person.rajesh, name: "Patel Lettings Ltd", source: "business_rates", title: "Business rates",
                                            key: "BR-1187", uprn: nil, address: "2 Market Parade, London, E10 5QT", from: "2023-10-01", to: nil,
                                            detail: "small business rate relief 100%", link: 0.930, weight: 1.0),
                        ]),
            FixtureCase(id: FraudCase.zoeDiscount, rule: "spd-other-adults", summary: "Single person discount with 1 other adult evidenced at the address",
                        person: Person.zoe, name: "Zoë Ağaoğlu", uprn: UPRN.roseCourtFlat2, address: flat2, risk: 58, value: 426.27,
                        raised: "2026-10-31T06:00:14Z", due: "2026-11-28", strength: 0.95, confidence: 0.9, corroboration: 0.68,
                        quantities: ["band_charge": 1705.08],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.zoe, name: "Zoë Ağaoğlu", source: "council_tax", title: "Council tax",
                                            key: "CT-51878/LIABLE", uprn: UPRN.roseCourtFlat2, address: flat2, from: "2019-05-01", to: nil,
                                            detail: "single person discount 25%", link: 0.994, weight: nil),
                            FixtureEvidence(role: "other_adult", person: nil, name: "Kerem Yılmaz", source: "electoral_register", title: "Electoral register",
                                            key: "ER-90131", uprn: UPRN.roseCourtFlat2, address: flat2, from: "2026-04-01", to: nil,
                                            detail: "elector", link: nil, weight: 0.8),
                        ]),
            FixtureCase(id: FraudCase.edithBadge, rule: "deceased-blue-badge", summary: "Blue badge in use after the holder's death",
                        person: Person.edith, name: "Edith Baker", uprn: UPRN.millLane35, address: mill35, risk: 94, value: 657,
                        raised: "2026-07-03T06:00:30Z", due: "2026-08-14", status: "closed", assignee: inv, outcome: "fraud_proven", recovered: 0,
                        closed: "2026-09-22T11:30:00Z", strength: 0.95, confidence: 0.99, corroboration: 1.0, quantities: [:],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.edith, name: "Edith Baker", source: "blue_badges", title: "Blue badges",
                                            key: "BB-5531", uprn: UPRN.millLane35, address: mill35, from: "2023-02-01", to: "2026-02-01",
                                            detail: "badge seen in use 14/06/2026", link: 0.975, weight: nil),
                            FixtureEvidence(role: "death", person: Person.edith, name: "Edith Baker", source: "council_tax", title: "Council tax",
                                            key: "CT-20001/LIABLE", uprn: UPRN.millLane35, address: mill35, from: "1988-04-01", to: "2025-12-03",
                                            detail: "date of death 03/12/2025", link: 0.990, weight: 1.0),
                        ],
                        history: [("2026-07-04T09:00:00Z", inv, "assignee", nil, inv), ("2026-07-04T09:01:00Z", inv, "status", "new", "triage"),
                                  ("2026-09-22T11:30:00Z", inv, "status", "triage", "closed"), ("2026-09-22T11:30:00Z", inv, "outcome", nil, "fraud_proven")]),
            FixtureCase(id: FraudCase.churchStreetDiscount, rule: "spd-other-adults", summary: "Single person discount with 1 other adult evidenced at the address",
                        person: Person.jose, name: "José Núñez", uprn: UPRN.churchStreet7, address: church, risk: 74, value: 412.50,
                        raised: "2026-07-03T06:00:16Z", due: "2026-08-14", status: "closed", assignee: inv, outcome: "error_corrected", recovered: 1312.50,
                        closed: "2026-10-08T15:20:00Z", strength: 0.95, confidence: 0.94, corroboration: 0.83, quantities: ["band_charge": 1650],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.jose, name: "José Núñez", source: "council_tax", title: "Council tax",
                                            key: "CT-33321/LIABLE", uprn: UPRN.churchStreet7, address: church, from: "2015-01-01", to: "2021-12-31",
                                            detail: "single person discount 25%", link: 0.944, weight: nil),
                            FixtureEvidence(role: "other_adult", person: Person.ann, name: "Ann Lee", source: "council_tax", title: "Council tax",
                                            key: "CT-33400/LIABLE", uprn: UPRN.churchStreet7, address: church, from: "2022-03-01", to: nil,
                                            detail: "liable", link: 0.961, weight: 0.9),
                        ],
                        history: [("2026-07-06T10:00:00Z", inv, "assignee", nil, inv), ("2026-10-08T15:20:00Z", inv, "status", "new", "closed"),
                                  ("2026-10-08T15:20:00Z", inv, "outcome", nil, "error_corrected"), ("2026-10-08T15:20:00Z", inv, "amount_recovered", "0.00", "1312.50")]),
            FixtureCase(id: FraudCase.okaforDiscount, rule: "spd-other-adults", summary: "Single person discount with 1 other adult evidenced at the address",
                        person: Person.chioma, name: "Chioma Okafor", uprn: UPRN.roseCourtFlat3, address: flat3, risk: 61, value: 426.27,
                        raised: "2026-07-03T06:00:18Z", due: "2026-08-14", status: "closed", assignee: inv, outcome: "no_fraud",
                        closed: "2026-08-01T12:00:00Z", strength: 0.95, confidence: 0.9, corroboration: 0.715, quantities: ["band_charge": 1705.08],
                        evidence: [
                            FixtureEvidence(role: "claim", person: Person.chioma, name: "Chioma Okafor", source: "council_tax", title: "Council tax",
                                            key: "CT-51880/LIABLE", uprn: UPRN.roseCourtFlat3, address: flat3, from: "2018-02-01", to: nil,
                                            detail: "single person discount 25%", link: 0.990, weight: nil),
                            FixtureEvidence(role: "other_adult", person: nil, name: "Samuel Okafor", source: "electoral_register", title: "Electoral register",
                                            key: "ER-90120", uprn: UPRN.roseCourtFlat3, address: flat3, from: "2024-03-01", to: nil,
                                            detail: "elector", link: nil, weight: 0.8),
                        ],
                        history: [("2026-07-05T09:00:00Z", inv, "assignee", nil, inv), ("2026-08-01T12:00:00Z", inv, "status", "new", "closed"),
                                  ("2026-08-01T12:00:00Z", inv, "outcome", nil, "no_fraud")]),
        ]
    }()
}
