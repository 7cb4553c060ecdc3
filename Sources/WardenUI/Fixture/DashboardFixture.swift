import Foundation
import GRDB
import WardenCore

/// A tiny linked warehouse of a synthetic borough, written with SQL, for the dashboard's tests and
/// for trying the dashboard before linkage has run (`warden dashboard-fixture --db PATH`).
///
/// It holds what the screens must get right: wide-character and accented names ("Zoë Ağaoğlu",
/// "李小龍", "José Núñez", "Grzegorz Brzęczyszczykiewicz"), twins, two John Smiths of different ages,
/// a deceased resident, a merged (redirected) virtual id, a name carrying a terminal escape
/// sequence, contacts with dates, ranked address histories, Troubled Families flags, events,
/// an HMO with its landlord, flats in a building, and linked records with explanations.
/// All of it is invented.
public enum DashboardFixture {
    public static let borough = "London Borough of Eastbridge"
    /// The extract date the fixture describes.
    public static let asOf = "2026-10-31"

    /// Virtual ids of the fixture's people.
    public enum Person {
        public static let johnSmith: Int64 = 1_381_424        // 71, 14 Elm Road, flags, five linked records
        public static let marySmith: Int64 = 1_381_425
        public static let youngJohnSmith: Int64 = 1_402_211   // 38, Flat 1 Rose Court
        public static let zoe: Int64 = 1_390_001              // Zoë Ağaoğlu
        public static let li: Int64 = 1_390_002               // 李小龍, lodger at 14 Elm Road
        public static let jose: Int64 = 1_390_003             // José Núñez, in the HMO
        public static let piotr: Int64 = 1_390_004
        public static let grzegorz: Int64 = 1_390_005
        public static let oluwaseun: Int64 = 1_390_006
        public static let aisha: Int64 = 1_390_010            // twins
        public static let amara: Int64 = 1_390_011
        public static let chioma: Int64 = 1_390_012
        public static let edith: Int64 = 1_390_020            // deceased
        public static let rajesh: Int64 = 1_390_030           // landlord
        public static let ann: Int64 = 1_390_040              // name holds an escape sequence
        /// A retired id, merged into ``johnSmith``.
        public static let mergedJohnSmith: Int64 = 1_300_001
    }

    /// UPRNs of the fixture's properties.
    public enum UPRN {
        public static let elmRoad14: Int64 = 100_000_000_001
        public static let elmRoad16: Int64 = 100_000_000_002
        public static let roseCourt: Int64 = 100_000_000_010
        public static let roseCourtFlat1: Int64 = 100_000_000_011
        public static let roseCourtFlat2: Int64 = 100_000_000_012
        public static let roseCourtFlat3: Int64 = 100_000_000_013
        public static let millLane33: Int64 = 100_000_000_020  // licensed HMO
        public static let millLane35: Int64 = 100_000_000_021
        public static let churchStreet7: Int64 = 100_000_000_030
        public static let oakAvenue9: Int64 = 100_000_000_040
    }

    /// Creates the warehouse file at `path` (which must not exist yet) and fills it.
    @discardableResult
    public static func build(at path: String) throws -> Warehouse {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "a file is already there", remedy: "give a new path; the fixture never overwrites a warehouse")
        }
        let w = try Warehouse(path: path)
        try w.pool.write { db in
            try fill(db)
            try fillFraud(db)
            // The tests' officer is a housing officer; whoever runs the fixture is its admin.
            try db.execute(sql: "INSERT INTO warden_user(account, role, team, added_at, added_by) VALUES ('test.officer', 'housing_officer', 'Housing options', ?, 'fixture')",
                           arguments: [AuditLog.timestamp()])
            try db.execute(sql: "INSERT OR IGNORE INTO warden_user(account, role, added_at, added_by) VALUES (?, 'dpo', ?, 'fixture')",
                           arguments: [CurrentUser.name, AuditLog.timestamp()])
        }
        try addPilotsAndTrends(to: w)
        return w
    }

    // MARK: Contents

    struct Place {
        var uprn: Int64
        var parent: Int64?
        var sub: String?
        var building: String?
        var number: String?
        var street: String
        var postcode: String
        var ward: Int64
        var cls: String
        var type: String
        var bedrooms: Int?
        var tenure: String?
        var band: String?
        var licence: String

        var address: String {
            [sub, building, [number, street].compactMap { $0 }.joined(separator: " "), "London", postcode].compactMap { $0 }.joined(separator: ", ")
        }
    }

    static let places: [Place] = [
        Place(uprn: UPRN.elmRoad14, number: "14", street: "Elm Road", postcode: "E17 4AB", ward: 1, cls: "RD04", type: "Terraced house",
              bedrooms: 3, tenure: "Owner occupied", band: "C", licence: "none"),
        Place(uprn: UPRN.elmRoad16, number: "16", street: "Elm Road", postcode: "E17 4AB", ward: 1, cls: "RD04", type: "Terraced house",
              bedrooms: 3, tenure: "Private rented", band: "C", licence: "none"),
        Place(uprn: UPRN.roseCourt, building: "Rose Court", number: "2", street: "High Street", postcode: "E17 7LD", ward: 2, cls: "PP",
              type: "Parent shell", tenure: nil, band: nil, licence: "none"),
        Place(uprn: UPRN.roseCourtFlat1, parent: UPRN.roseCourt, sub: "Flat 1", building: "Rose Court", number: "2", street: "High Street",
              postcode: "E17 7LD", ward: 2, cls: "RD06", type: "Flat", bedrooms: 1, tenure: "Council tenancy", band: "A", licence: "none"),
        Place(uprn: UPRN.roseCourtFlat2, parent: UPRN.roseCourt, sub: "Flat 2", building: "Rose Court", number: "2", street: "High Street",
              postcode: "E17 7LD", ward: 2, cls: "RD06", type: "Flat", bedrooms: 2, tenure: "Private rented", band: "B", licence: "none"),
        Place(uprn: UPRN.roseCourtFlat3, parent: UPRN.roseCourt, sub: "Flat 3", building: "Rose Court", number: "2", street: "High Street",
              postcode: "E17 7LD", ward: 2, cls: "RD06", type: "Flat", bedrooms: 2, tenure: "Housing association", band: "B", licence: "none"),
        Place(uprn: UPRN.millLane33, number: "33", street: "Mill Lane", postcode: "E10 5QT", ward: 3, cls: "RH01", type: "House in multiple occupation",
              bedrooms: 5, tenure: "Private rented", band: "D", licence: "HMO licensed"),
        Place(uprn: UPRN.millLane35, number: "35", street: "Mill Lane", postcode: "E10 5QT", ward: 3, cls: "RD04", type: "Terraced house",
              bedrooms: 3, tenure: "Private rented", band: "C", licence: "selective licence"),
        Place(uprn: UPRN.churchStreet7, number: "7", street: "Church Street", postcode: "E17 9RS", ward: 1, cls: "RD03", type: "Semi-detached house",
              bedrooms: 3, tenure: "Council tenancy", band: "C", licence: "none"),
        Place(uprn: UPRN.oakAvenue9, number: "9", street: "Oak Avenue", postcode: "E4 8PL", ward: 2, cls: "RD02", type: "Detached house",
              bedrooms: 4, tenure: "Owner occupied", band: "F", licence: "none"),
    ]

    /// Sources: name, system, kind, title, when the current extract finished loading, rows rejected.
    static let sources: [(String, String, String, String, String, Int)] = [
        ("gazetteer", "gazetteer", "gazetteer", "Local Land and Property Gazetteer", "2026-10-30T21:04:11Z", 0),
        ("council_tax", "council_tax", "person", "Council Tax (Revenues)", "2026-10-30T21:05:02Z", 1),
        ("electoral_register", "electoral_register", "person", "Electoral Register", "2026-10-30T21:05:40Z", 0),
        ("housing_benefit", "hb_ctr", "person", "Housing Benefit and CTR", "2026-10-29T18:12:09Z", 2),
        ("troubled_families", "troubled_families", "person", "Troubled Families", "2026-09-15T09:30:00Z", 0),
        ("housing_tenancies", "housing", "person", "Housing Tenancies", "2026-10-30T21:06:15Z", 0),
        ("asb_incidents", "asb", "event", "ASB Incidents", "2026-10-30T21:06:31Z", 0),
        ("env_health", "environmental_health", "event", "Environmental Health", "2026-10-30T21:06:48Z", 0),
        ("ctax_summonses", "council_tax", "event", "Council Tax Summonses", "2026-10-30T21:07:02Z", 0),
        ("pest_control", "pest_control", "event", "Pest Control Jobs", "2026-10-30T21:07:20Z", 0),
        ("property_licences", "licensing", "licence", "Property Licence Register", "2026-10-30T21:07:41Z", 0),
    ]

    static func fill(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('borough_name', ?), ('as_of', ?)", arguments: [borough, asOf])
        try db.execute(sql: "INSERT INTO ward(id, code, name) VALUES (1, 'E05099001', 'Elm Park'), (2, 'E05099002', 'Riverside'), (3, 'E05099003', 'St Mary''s')")

        var sourceID: [String: Int64] = [:]
        var loadID: [String: Int64] = [:]
        for (i, s) in sources.enumerated() {
            let sid = Int64(i + 1)
            try db.execute(sql: "INSERT INTO source(id, name, system, kind, title, definition) VALUES (?,?,?,?,?, '{}')",
                           arguments: [sid, s.0, s.1, s.2, s.3])
            try db.execute(sql: """
                INSERT INTO load(id, source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                                 rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current)
                VALUES (?,?,?,?,?,?,?, 'loader', 0, 0, ?, 0, 0, 1)
                """, arguments: [sid, sid, "fixture/\(s.0).csv", String(repeating: "0", count: 64), 0, s.4, s.4, s.5])
            sourceID[s.0] = sid
            loadID[s.0] = sid
        }
        var lines: [String: Int] = [:]
        /// Inserts a source record; returns its id.
        func record(_ source: String, _ fields: [String: (any DatabaseValueConvertible)?]) throws -> Int64 {
            lines[source, default: 1] += 1
            let names = fields.keys.sorted()
            let values: [(any DatabaseValueConvertible)?] = [sourceID[source]!, loadID[source]!, lines[source]!] + names.map { fields[$0]! }
            try db.execute(sql: "INSERT INTO source_record(source_id, load_id, line\(names.map { ", " + $0 }.joined())) VALUES (?, ?, ?\(String(repeating: ", ?", count: names.count)))",
                           arguments: StatementArguments(values))
            return db.lastInsertedRowID
        }
        func link(_ record: Int64, uprn: Int64?, person: Int64? = nil, confidence: Double? = nil, why: [(String, String, Double)] = []) throws {
            let explanation = why.isEmpty ? nil : LinkExplanation.encode(why.map { LinkContribution(field: $0.0, level: $0.1, weight: $0.2) })
            try db.execute(sql: """
                INSERT INTO record_link(record_id, uprn, uprn_confidence, uprn_method, person_id, person_confidence, person_explanation)
                VALUES (?,?,?,?,?,?,?)
                """, arguments: [record, uprn, uprn.map { _ in 1.0 }, uprn.map { _ in "address" }, person, confidence, explanation])
        }

        // The gazetteer and the properties it defines.
        for p in places {
            let r = try record("gazetteer", ["uprn": p.uprn, "parent_uprn": p.parent, "sub_building": p.sub, "building_name": p.building,
                                             "building_number": p.number, "street": p.street, "town": "London", "postcode": p.postcode,
                                             "property_class": p.cls])
            try db.execute(sql: """
                INSERT INTO property(uprn, parent_uprn, sub_building, building_name, building_number, street, town, postcode, address,
                                     ward_id, property_class, property_type, bedrooms, tenure, council_tax_band, licence_status)
                VALUES (?,?,?,?,?,?, 'London', ?,?,?,?,?,?,?,?,?)
                """, arguments: [p.uprn, p.parent, p.sub, p.building, p.number, p.street, p.postcode, p.address, p.ward, p.cls, p.type,
                                 p.bedrooms, p.tenure, p.band, p.licence])
            try link(r, uprn: p.uprn)
        }

        // People (virtual persons), as linkage would leave them.
        let people: [(Int64, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, Int64?)] = [
            // id, title, given, middle, surname, dob, gender, nino, nhs, marital, died, first known, last known, current home
            (Person.johnSmith, "Mr", "John", "Arthur", "Smith", "1955-10-28", "Male", "WE542542D", "4424534441", "Married", nil, "1996-10-07", "2026-10-22", UPRN.elmRoad14),
            (Person.marySmith, "Mrs", "Mary", nil, "Smith", "1957-03-02", "Female", nil, nil, "Married", nil, "2001-05-14", "2026-10-22", UPRN.elmRoad14),
            (Person.youngJohnSmith, "Mr", "John", nil, "Smith", "1988-03-14", "Male", "JS881403B", nil, "Single", nil, "2021-09-01", "2026-10-20", UPRN.roseCourtFlat1),
            (Person.zoe, "Ms", "Zoë", nil, "Ağaoğlu", "1990-07-02", "Female", nil, "9434765919", "Single", nil, "2019-05-01", "2026-09-30", UPRN.roseCourtFlat2),
            (Person.li, nil, nil, nil, "李小龍", "1978-11-27", "Male", nil, nil, nil, nil, "2023-01-15", "2026-10-01", UPRN.elmRoad14),
            (Person.jose, "Mr", "José", nil, "Núñez", "1979-12-01", "Male", "PN791201C", nil, "Divorced", nil, "2015-01-01", "2026-10-15", UPRN.millLane33),
            (Person.piotr, "Mr", "Piotr", nil, "Nowak", "1992-02-11", "Male", nil, nil, nil, nil, "2022-05-01", "2026-10-15", UPRN.millLane33),
            (Person.grzegorz, "Mr", "Grzegorz", nil, "Brzęczyszczykiewicz", "1985-06-30", "Male", nil, nil, nil, nil, "2023-03-01", "2026-10-15", UPRN.millLane33),
            (Person.oluwaseun, "Mr", "Oluwaseun", nil, "Adeyemi", "1995-09-09", "Male", nil, nil, nil, nil, "2024-08-01", "2026-10-15", UPRN.millLane33),
            (Person.aisha, nil, "Aisha", nil, "Okafor", "2015-04-21", "Female", nil, "4857773456", nil, nil, "2018-02-01", "2026-10-10", UPRN.roseCourtFlat3),
            (Person.amara, nil, "Amara", nil, "Okafor", "2015-04-21", "Female", nil, "4857773464", nil, nil, "2018-02-01", "2026-10-10", UPRN.roseCourtFlat3),
            (Person.chioma, "Ms", "Chioma", nil, "Okafor", "1986-01-15", "Female", "JK123456C", nil, "Single", nil, "2018-02-01", "2026-10-10", UPRN.roseCourtFlat3),
            (Person.edith, "Mrs", "Edith", nil, "Baker", "1931-02-17", "Female", nil, nil, "Widowed", "2025-12-03", "1988-04-01", "2025-12-03", UPRN.millLane35),
            (Person.rajesh, "Mr", "Rajesh", nil, "Patel", "1970-08-08", "Male", "RP700808A", nil, "Married", nil, "2005-07-01", "2026-10-30", UPRN.oakAvenue9),
            (Person.ann, "Ms", "Ann\u{1B}]52;c;aGk=\u{07}", nil, "Lee", "1969-05-05", "Female", nil, nil, nil, nil, "2022-03-01", "2026-10-01", UPRN.churchStreet7),
        ]
        for p in people {
            try db.execute(sql: """
                INSERT INTO person(id, title, given_name, middle_names, surname, dob, gender, nino, nhs_number, marital_status, date_of_death,
                                   first_known, last_known, current_uprn)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, p.9, p.10, p.11, p.12, p.13])
        }
        try db.execute(sql: "INSERT INTO person_redirect(old_id, new_id) VALUES (?, ?)", arguments: [Person.mergedJohnSmith, Person.johnSmith])

        // Linked source records, with why they matched.
        let exactName: [(String, String, Double)] = [("surname", "exact", 3.1), ("given name", "exact", 2.4)]
        var r = try record("council_tax", ["record_key": "CT-40012/LIABLE", "full_name": "Mr John A Smith", "address": "14 Elm Road", "postcode": "E17 4AB", "start_date": "2019-04-01"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.johnSmith, confidence: 0.998, why: exactName + [("address", "same UPRN", 5.2), ("postcode", "exact", 1.9)])
        r = try record("electoral_register", ["record_key": "ER-88231", "given_name": "John", "surname": "Smith", "address": "14 Elm Rd", "postcode": "E17 4AB", "start_date": "2019-06-01"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.johnSmith, confidence: 0.995, why: exactName + [("address", "same address", 4.8), ("postcode", "exact", 1.9)])
        r = try record("housing_benefit", ["record_key": "HB-5521", "given_name": "John", "middle_names": "Arthur", "surname": "Smith", "dob": "1955-10-28",
                                           "nino": "WE542542D", "address": "14 Elm Road", "postcode": "E17 4AB", "start_date": "2020-01-06"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.johnSmith, confidence: 0.999,
                 why: [("NI number", "exact", 9.6), ("date of birth", "exact", 6.3)] + exactName)
        let tfJohn = try record("troubled_families", ["record_key": "TFP000311", "given_name": "Jon", "surname": "Smith", "dob": "1955-10-28",
                                                       "nhs_number": "4424534441", "address": "14 Elm Road", "postcode": "E17 4AB",
                                                       "flag_code": "3G", "flag_description": "Social Care Section47"])
        try link(tfJohn, uprn: UPRN.elmRoad14, person: Person.johnSmith, confidence: 0.972,
                 why: [("NHS number", "exact", 7.9), ("date of birth", "exact", 6.3), ("surname", "exact", 3.1), ("given name", "nickname", 1.2)])
        r = try record("housing_tenancies", ["record_key": "HT-2012-0087", "given_name": "John", "surname": "Smith", "dob": "1955-10-28",
                                             "address": "Flat 2, Rose Court, 2 High Street", "postcode": "E17 7LD", "start_date": "2012-06-01", "end_date": "2019-03-15"])
        try link(r, uprn: UPRN.roseCourtFlat2, person: Person.johnSmith, confidence: 0.912,
                 why: [("date of birth", "exact", 6.3)] + exactName + [("address", "different", -2.7)])

        r = try record("council_tax", ["record_key": "CT-40012/JOINT", "full_name": "Mrs Mary Smith", "address": "14 Elm Road", "postcode": "E17 4AB", "start_date": "2019-04-01"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.marySmith, confidence: 0.991, why: [("surname", "exact", 3.1), ("given name", "exact", 2.9), ("address", "same UPRN", 5.2)])
        r = try record("electoral_register", ["record_key": "ER-88232", "given_name": "Mary", "surname": "Smith", "address": "14 Elm Rd", "postcode": "E17 4AB"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.marySmith, confidence: 0.988, why: [("surname", "exact", 3.1), ("given name", "exact", 2.9), ("address", "same address", 4.8)])

        r = try record("council_tax", ["record_key": "CT-51877/LIABLE", "full_name": "Mr John Smith", "address": "Flat 1, Rose Court, 2 High Street", "postcode": "E17 7LD", "start_date": "2021-09-01"])
        try link(r, uprn: UPRN.roseCourtFlat1, person: Person.youngJohnSmith, confidence: 0.983, why: exactName + [("address", "same UPRN", 5.2)])
        r = try record("electoral_register", ["record_key": "ER-90114", "given_name": "John", "surname": "Smith", "address": "Flat 1 Rose Court High St", "postcode": "E177LD"])
        try link(r, uprn: UPRN.roseCourtFlat1, person: Person.youngJohnSmith, confidence: 0.979, why: exactName + [("address", "same address", 4.8)])

        r = try record("council_tax", ["record_key": "CT-51878/LIABLE", "full_name": "Ms Zoë Ağaoğlu", "address": "Flat 2, Rose Court, 2 High Street", "postcode": "E17 7LD", "start_date": "2019-05-01"])
        try link(r, uprn: UPRN.roseCourtFlat2, person: Person.zoe, confidence: 0.994, why: [("surname", "exact", 4.6), ("given name", "exact", 2.8), ("address", "same UPRN", 5.2)])
        r = try record("electoral_register", ["record_key": "ER-90115", "given_name": "Zoe", "surname": "Agaoglu", "address": "Flat 2 Rose Ct", "postcode": "E17 7LD", "mobile": "07700900123"])
        try link(r, uprn: UPRN.roseCourtFlat2, person: Person.zoe, confidence: 0.981, why: [("surname", "exact", 4.6), ("given name", "exact", 2.8), ("address", "similar", 1.1), ("phone", "exact", 6.0)])

        r = try record("electoral_register", ["record_key": "ER-88233", "surname": "李小龍", "address": "14 Elm Road", "postcode": "E17 4AB", "start_date": "2023-01-15"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.li, confidence: 0.990, why: [("surname", "exact", 5.8), ("address", "same UPRN", 5.2)])
        r = try record("housing_benefit", ["record_key": "HB-6610", "given_name": "Siu Lung", "surname": "Lee", "dob": "1978-11-27", "address": "14 Elm Road", "postcode": "E17 4AB"])
        try link(r, uprn: UPRN.elmRoad14, person: Person.li, confidence: 0.934, why: [("date of birth", "exact", 6.3), ("address", "same UPRN", 5.2), ("surname", "different", -1.8)])

        r = try record("electoral_register", ["record_key": "ER-77001", "given_name": "José", "surname": "Núñez", "address": "33 Mill Lane", "postcode": "E10 5QT", "start_date": "2022-02-01"])
        try link(r, uprn: UPRN.millLane33, person: Person.jose, confidence: 0.989, why: [("surname", "exact", 5.1), ("given name", "exact", 3.0), ("address", "same UPRN", 5.2)])
        r = try record("council_tax", ["record_key": "CT-33321/LIABLE", "full_name": "Mr Jose Nunez", "address": "7 Church St", "postcode": "E17 9RS", "start_date": "2015-01-01", "end_date": "2021-12-31"])
        try link(r, uprn: UPRN.churchStreet7, person: Person.jose, confidence: 0.944, why: [("surname", "exact", 5.1), ("given name", "exact", 3.0), ("address", "different", -2.7)])
        for (id, given, surname) in [(Person.piotr, "Piotr", "Nowak"), (Person.grzegorz, "Grzegorz", "Brzęczyszczykiewicz"), (Person.oluwaseun, "Oluwaseun", "Adeyemi")] {
            r = try record("electoral_register", ["record_key": "ER-770\(id % 100)", "given_name": given, "surname": surname, "address": "33 Mill Lane", "postcode": "E10 5QT"])
            try link(r, uprn: UPRN.millLane33, person: id, confidence: 0.986, why: [("surname", "exact", 5.0), ("given name", "exact", 3.0), ("address", "same UPRN", 5.2)])
        }

        r = try record("housing_benefit", ["record_key": "HB-7001", "given_name": "Chioma", "surname": "Okafor", "dob": "1986-01-15", "nino": "JK123456C",
                                           "address": "Flat 3, Rose Court, 2 High Street", "postcode": "E17 7LD", "start_date": "2018-02-01"])
        try link(r, uprn: UPRN.roseCourtFlat3, person: Person.chioma, confidence: 0.999, why: [("NI number", "exact", 9.6), ("date of birth", "exact", 6.3), ("surname", "exact", 4.2)])
        let tfChioma = try record("troubled_families", ["record_key": "TFP000400", "given_name": "Chioma", "surname": "Okafor", "dob": "1986-01-15",
                                                         "address": "Flat 3 Rose Court", "postcode": "E17 7LD", "flag_code": "2", "flag_description": "Education Overall Flag"])
        try link(tfChioma, uprn: UPRN.roseCourtFlat3, person: Person.chioma, confidence: 0.978, why: [("date of birth", "exact", 6.3), ("surname", "exact", 4.2), ("given name", "exact", 3.3)])
        var tfTwins: [Int64: Int64] = [:]
        for (id, given, nhs) in [(Person.aisha, "Aisha", "4857773456"), (Person.amara, "Amara", "4857773464")] {
            let t = try record("troubled_families", ["record_key": "TFP00040\(id % 10 + 1)", "given_name": given, "surname": "Okafor", "dob": "2015-04-21",
                                                     "nhs_number": nhs, "address": "Flat 3 Rose Court", "postcode": "E17 7LD",
                                                     "flag_code": "2A", "flag_description": "Education Persistent Absence"])
            // Twins share a surname, a birth date and a home: the given name and NHS number tell them apart.
            try link(t, uprn: UPRN.roseCourtFlat3, person: id, confidence: 0.963,
                     why: [("NHS number", "exact", 7.9), ("date of birth", "exact", 6.3), ("given name", "exact", 3.3), ("surname", "exact", 4.2)])
            tfTwins[id] = t
        }

        r = try record("council_tax", ["record_key": "CT-20001/LIABLE", "full_name": "Mrs Edith Baker", "address": "35 Mill Lane", "postcode": "E10 5QT",
                                       "start_date": "1988-04-01", "end_date": "2025-12-03", "date_of_death": "2025-12-03"])
        try link(r, uprn: UPRN.millLane35, person: Person.edith, confidence: 0.990, why: [("surname", "exact", 3.9), ("given name", "exact", 3.4), ("address", "same UPRN", 5.2)])
        r = try record("electoral_register", ["record_key": "ER-60010", "given_name": "Edith", "surname": "Baker", "address": "35 Mill Lane", "postcode": "E10 5QT"])
        try link(r, uprn: UPRN.millLane35, person: Person.edith, confidence: 0.987, why: [("surname", "exact", 3.9), ("given name", "exact", 3.4), ("address", "same UPRN", 5.2)])

        r = try record("council_tax", ["record_key": "CT-70001/LIABLE", "full_name": "Mr Rajesh Patel", "address": "9 Oak Avenue", "postcode": "E4 8PL", "start_date": "2005-07-01"])
        try link(r, uprn: UPRN.oakAvenue9, person: Person.rajesh, confidence: 0.996, why: [("surname", "exact", 3.0), ("given name", "exact", 4.4), ("address", "same UPRN", 5.2)])
        let hmoLicence = try record("property_licences", ["record_key": "HMO/2024/0012", "licence_number": "HMO/2024/0012", "full_name": "Rajesh Patel",
                                                          "address": "33 Mill Lane", "postcode": "E10 5QT", "uprn": UPRN.millLane33, "start_date": "2024-02-01",
                                                          "end_date": "2029-01-31", "status": "Granted", "max_occupants": 6])
        try link(hmoLicence, uprn: UPRN.millLane33, person: Person.rajesh, confidence: 0.970,
                 why: [("surname", "exact", 3.0), ("given name", "exact", 4.4), ("address", "different", -2.7), ("phone", "exact", 6.0)])
        let selective = try record("property_licences", ["record_key": "SL/2023/0450", "licence_number": "SL/2023/0450", "full_name": "R Patel",
                                                         "address": "35 Mill Lane", "postcode": "E10 5QT", "uprn": UPRN.millLane35, "start_date": "2023-07-01",
                                                         "end_date": "2028-06-30", "status": "Granted"])
        try link(selective, uprn: UPRN.millLane35, person: Person.rajesh, confidence: 0.902,
                 why: [("surname", "exact", 3.0), ("given name", "initial", 0.6), ("phone", "exact", 6.0), ("address", "different", -2.7)])

        r = try record("council_tax", ["record_key": "CT-33400/LIABLE", "full_name": "Ms Ann\u{1B}]52;c;aGk=\u{07} Lee\u{1B}[2J", "address": "7 Church Street", "postcode": "E17 9RS", "start_date": "2022-03-01"])
        try link(r, uprn: UPRN.churchStreet7, person: Person.ann, confidence: 0.961, why: [("surname", "exact", 2.2), ("given name", "close", 1.4), ("address", "same UPRN", 5.2)])

        // Contacts, each with when a source last saw it.
        for c: (Int64, String, String, String?, String?, Int) in [
            (Person.johnSmith, "mobile", "07803777777", "2015-05-01", "2026-05-01", 2),
            (Person.johnSmith, "telephone", "02085556666", "2010-02-01", "2024-11-14", 1),
            (Person.johnSmith, "telephone", "02082223333", "2004-09-12", "2022-06-08", 1),
            (Person.johnSmith, "email", "john.smith@example.org", "2019-04-01", "2026-03-22", 1),
            (Person.zoe, "mobile", "07700900123", "2019-05-01", "2026-09-30", 2),
            (Person.zoe, "email", "zoe.agaoglu@example.org", "2021-01-10", "2026-08-11", 1),
            (Person.rajesh, "mobile", "07700900456", "2012-03-01", "2026-10-30", 3),
            (Person.rajesh, "email", "r.patel@example.com", "2018-06-01", "2026-10-30", 2),
            (Person.chioma, "mobile", "07700900789", "2018-02-01", "2026-10-10", 2),
        ] {
            try db.execute(sql: "INSERT INTO contact(person_id, kind, value, first_seen, last_seen, sources) VALUES (?,?,?,?,?,?)",
                           arguments: [c.0, c.1, c.2, c.3, c.4, c.5])
        }

        // Where each person has lived, ranked: 1 is the most likely current home.
        for h: (Int64, Int64, String?, String?, String, Int, Double, Int) in [
            (Person.johnSmith, UPRN.elmRoad14, "2019-04-01", nil, "council_tax,electoral_register,housing_benefit,troubled_families", 4, 1330, 1),
            (Person.johnSmith, UPRN.roseCourtFlat2, "2012-06-01", "2019-03-15", "housing_tenancies", 1, 121.6, 2),
            (Person.marySmith, UPRN.elmRoad14, "2019-04-01", nil, "council_tax,electoral_register", 2, 880, 1),
            (Person.youngJohnSmith, UPRN.roseCourtFlat1, "2021-09-01", nil, "council_tax,electoral_register", 2, 760, 1),
            (Person.zoe, UPRN.roseCourtFlat2, "2019-05-01", nil, "council_tax,electoral_register", 2, 800, 1),
            (Person.li, UPRN.elmRoad14, "2023-01-15", nil, "electoral_register,housing_benefit", 2, 640, 1),
            (Person.jose, UPRN.millLane33, "2022-02-01", nil, "electoral_register", 1, 400, 1),
            (Person.jose, UPRN.churchStreet7, "2015-01-01", "2021-12-31", "council_tax", 1, 150, 2),
            (Person.piotr, UPRN.millLane33, "2022-05-01", nil, "electoral_register", 1, 400, 1),
            (Person.grzegorz, UPRN.millLane33, "2023-03-01", nil, "electoral_register", 1, 400, 1),
            (Person.oluwaseun, UPRN.millLane33, "2024-08-01", nil, "electoral_register", 1, 400, 1),
            (Person.aisha, UPRN.roseCourtFlat3, "2018-02-01", nil, "troubled_families", 1, 420, 1),
            (Person.amara, UPRN.roseCourtFlat3, "2018-02-01", nil, "troubled_families", 1, 420, 1),
            (Person.chioma, UPRN.roseCourtFlat3, "2018-02-01", nil, "housing_benefit,troubled_families", 2, 900, 1),
            (Person.edith, UPRN.millLane35, "1988-04-01", "2025-12-03", "council_tax,electoral_register", 2, 610, 1),
            (Person.rajesh, UPRN.oakAvenue9, "2005-07-01", nil, "council_tax", 1, 500, 1),
            (Person.ann, UPRN.churchStreet7, "2022-03-01", nil, "council_tax", 1, 300, 1),
        ] {
            try db.execute(sql: "INSERT INTO residency(person_id, uprn, from_date, to_date, sources, evidence, score, rank) VALUES (?,?,?,?,?,?,?,?)",
                           arguments: [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7])
        }

        // Troubled Families flags.
        let tf = sourceID["troubled_families"]!
        for f: (Int64, String, String, String, Int64) in [
            (Person.johnSmith, "3G", "Social Care Section47", "2025-02-11", tfJohn),
            (Person.johnSmith, "4A", "Employment Out Of Work Benefits", "2024-07-30", tfJohn),
            (Person.chioma, "2", "Education Overall Flag", "2026-01-10", tfChioma),
            (Person.aisha, "2A", "Education Persistent Absence", "2026-01-10", tfTwins[Person.aisha]!),
            (Person.amara, "2A", "Education Persistent Absence", "2026-01-10", tfTwins[Person.amara]!),
        ] {
            try db.execute(sql: "INSERT INTO service_flag(person_id, code, description, flag_date, source_id, record_id) VALUES (?,?,?,?,?,?)",
                           arguments: [f.0, f.1, f.2, f.3, tf, f.4])
        }

        // Events at properties, each from a source record.
        for e: (String, Int64, String, String, String, String) in [
            ("property_licences", UPRN.millLane33, "licence", "2024-02-01", "HMO licence granted", "Up to 6 occupants"),
            ("asb_incidents", UPRN.millLane33, "asb", "2025-11-02", "Noise / party", "Warning letter"),
            ("env_health", UPRN.millLane33, "fpn", "2026-01-15", "Fly-tipping", "Paid"),
            ("pest_control", UPRN.millLane33, "pest_control", "2026-03-09", "Rats", "Treated, 3 visits"),
            ("ctax_summonses", UPRN.millLane33, "ct_summons", "2026-05-20", "Arrears", "Liability order"),
            ("env_health", UPRN.millLane33, "inspection", "2026-06-11", "HHSRS inspection", "Category 1 hazard: damp"),
            ("env_health", UPRN.millLane33, "noise", "2026-08-30", "Amplified music", "Abatement notice"),
            ("pest_control", UPRN.elmRoad14, "pest_control", "2025-09-14", "Mice", "Treated"),
            ("asb_incidents", UPRN.elmRoad14, "asb", "2026-02-10", "Neighbour dispute", "No further action"),
            ("property_licences", UPRN.millLane35, "licence", "2023-07-01", "Selective licence granted", "Granted"),
        ] {
            // A licence event comes from the licence record itself (which also names the landlord).
            let rec: Int64
            if e.2 == "licence" {
                rec = e.1 == UPRN.millLane33 ? hmoLicence : selective
            } else {
                let address = places.first { $0.uprn == e.1 }!
                rec = try record(e.0, ["event_date": e.3, "category": e.4, "outcome": e.5, "address": address.address, "uprn": e.1])
                try link(rec, uprn: e.1)
            }
            try db.execute(sql: "INSERT INTO property_event(uprn, event_type, event_date, category, outcome, source_id, record_id) VALUES (?,?,?,?,?,?,?)",
                           arguments: [e.1, e.2, e.3, e.4, e.5, sourceID[e.0]!, rec])
        }

        // Rows the loads rejected, kept whole with their reason.
        for (source, line, field, reason, raw) in [
            ("council_tax", 14, "full_name", "required field is empty", "CT-40999|||LIABLE|3 Elm Road"),
            ("housing_benefit", 9, "dob", "not a date: 31/02/1970", "HB-7777\tMark\tJones\t31/02/1970"),
            ("housing_benefit", 12, nil, "row has 4 fields, the header 9", "HB-7778\tAnne\tJones\t1971-03-03"),
        ] as [(String, Int, String?, String, String)] {
            try db.execute(sql: "INSERT INTO rejected_row(load_id, source_id, line, field, reason, raw) VALUES (?,?,?,?,?,?)",
                           arguments: [loadID[source]!, sourceID[source]!, line, field, reason, raw])
        }

        // Fields the loads flagged: the row loaded without the field, or with it repaired. One
        // value carries an escape sequence, as a hostile extract might.
        for (source, line, field, value, reason, repaired) in [
            ("council_tax", 7, "POSTCODE", "E17 XYZ", "not a UK postcode", false),
            ("council_tax", 11, "POSTCODE", "E17\u{1B}[2J4AB", "not a UK postcode", false),
            ("housing_benefit", 5, "dob", "13/05/1980", "day and month the other way round (read the other way)", true),
        ] as [(String, Int, String, String, String, Bool)] {
            try db.execute(sql: "INSERT INTO field_issue(load_id, source_id, line, field, value, reason, repaired) VALUES (?,?,?,?,?,?,?)",
                           arguments: [loadID[source]!, sourceID[source]!, line, field, value, reason, repaired])
        }

        try db.execute(sql: """
            UPDATE load SET field_issues = (SELECT count(*) FROM field_issue i WHERE i.load_id = load.id);
            UPDATE load SET rows_loaded = (SELECT count(*) FROM source_record r WHERE r.load_id = load.id),
                            rows_read = (SELECT count(*) FROM source_record r WHERE r.load_id = load.id) + rows_rejected;
            UPDATE person SET record_count = (SELECT count(*) FROM record_link rl WHERE rl.person_id = person.id);
            """)
        try SearchIndex.rebuild(db)
    }
}
