import Foundation
import GRDB
import Testing
import WardenLinkage
@testable import WardenCore

/// A register big enough to span many batches, in the shapes real extracts have: quoted notes
/// running over several lines, blank lines, rows rejected and fields repaired or refused at
/// known lines, and values that take each of ingest's paths (already clean, needing cleaning,
/// non-ASCII, mapped through `values`).
struct BigRegister {
    let rows: Int
    /// Physical lines of the rows that must be rejected (an impossible required date).
    private(set) var rejectLines: [Int] = []
    /// Physical line of the row whose start date is the only one in the file.
    private(set) var startDateLine = 0
    /// Physical line each record starts on, by its ID.
    private(set) var lineOfID: [String: Int] = [:]
    private(set) var text = "ID,NAME,DOB,POSTCODE,ROLE,PHONE,NOTE,START,SPD\n"

    static let manifestEntry = """
    [[source]]
    name = "register"
    system = "electoral_register"
    kind = "person"
    file = "register.csv"
    date_formats = ["dd/MM/yyyy"]
    name_format = "title forenames surname"
    [source.columns]
    ID = "record_key"
    NAME = "full_name"
    DOB = { field = "dob", required = true }
    POSTCODE = "postcode"
    ROLE = "role"
    PHONE = "phone"
    START = "start_date"
    SPD = { field = "discount", values = { "Y" = "single_person", "N" = "" } }
    """

    init(rows: Int, raggedAt: Int? = nil) {
        self.rows = rows
        let names = ["Mr John SMITH", "Zoë Ağaoğlu", "Dr. Anna  de la Cruz", "  Bill   Jones ", "MARIA DE LA CRUZ", "Sean O\u{2019}NEILL", "李小龍"]
        let postcodes = ["E17 4AB", "e174ab", "E17\u{00A0}4AB", "XX", "", "N1 9GU"]
        let roles = ["Claimant", "PARTNER", "Élu", "", "  non_dependant "]
        let phones = ["07700 900123", "020 8123 4567", "", "12"]
        var line = 2
        for i in 0..<rows {
            if i > 0 && i % 1000 == 0 { text += "\n"; line += 1 }
            let id = "P\(i)"
            lineOfID[id] = line
            var dob = String(format: "%02d/%02d/19%02d", i % 28 + 1, i % 12 + 1, i % 90 + 10)
            if i % 997 == 5 {
                dob = "31/02/1980"                              // not a real date: rejected
                rejectLines.append(line)
            } else if i % 501 == 7 {
                dob = "12/25/1980"                              // month and day swapped: repaired
            } else if i % 333 == 9 {
                dob = " 1/2/1981 "                              // needs cleaning; single digits
            }
            var note = i % 3 == 0 ? "n" : ""
            var extraLines = 0
            if i % 7 == 0 { note = "\"line one\nline two, with a comma\""; extraLines = 1 }
            let start = i == rows / 2 ? "01/04/2019" : ""
            if i == rows / 2 { startDateLine = line }
            let spd = ["Y", "N", "", "y"][i % 4]
            var fields = [id, "\"\(names[i % names.count])\"", dob, postcodes[i % postcodes.count], roles[i % roles.count],
                          phones[i % phones.count], note, start, spd]
            if i == raggedAt { fields.removeLast() }
            text += fields.joined(separator: ",") + "\n"
            line += 1 + extraLines
        }
    }

    /// A borough of the fixture's gazetteer and this register; returns the manifest path.
    func write(manifestAppendix: String = "") -> String {
        let manifest = """
        [borough]
        name = "Test Borough"
        as_of = "2026-10-31"

        [[source]]
        name = "gazetteer"
        system = "gazetteer"
        kind = "gazetteer"
        file = "llpg.csv"
        [source.columns]
        UPRN = { field = "uprn", required = true }
        SAO = "sub_building"
        PAO = "building_number"
        STREET = "street"
        TOWN = "town"
        POSTCODE = "postcode"
        WARD = "ward"
        EASTING = "easting"
        NORTHING = "northing"
        CLASS = "property_class"

        \(BigRegister.manifestEntry)
        \(manifestAppendix)
        """
        return Fixture.write(manifest: manifest, files: ["register.csv": Array(text.utf8)])
    }
}

/// Every table a load writes, as text, in id order (load times left out): two warehouses with
/// equal dumps hold the same data under the same ids.
func dumpOfLoad(_ w: Warehouse) throws -> [String: [String]] {
    let tables = [
        "source": "SELECT * FROM source ORDER BY id",
        "load": "SELECT id, source_id, file_path, file_sha256, file_bytes, loaded_by, rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current, extra_columns, extra_layout FROM load ORDER BY id",
        "source_record": "SELECT * FROM source_record ORDER BY id",
        "rejected_row": "SELECT * FROM rejected_row ORDER BY id",
        "field_issue": "SELECT * FROM field_issue ORDER BY id",
        "property": "SELECT * FROM property ORDER BY uprn",
        "ward": "SELECT * FROM ward ORDER BY id",
    ]
    return try w.pool.read { db in
        try tables.mapValues { sql in try Row.fetchAll(db, sql: sql).map { $0.description } }
    }
}

@Suite("Ingest pipeline")
struct IngestPipelineTests {
    func ingestor(_ w: Warehouse, _ mode: IngestPipeline.Mode) -> Ingestor {
        var i = Ingestor(warehouse: w, user: "tester")
        i.pipeline = mode
        return i
    }

    @Test func readingOnASecondThreadBuildsTheSameWarehouseAsReadingInline() throws {
        let path = BigRegister(rows: 9_000).write()
        var dumps: [[String: [String]]] = []
        for mode in [IngestPipeline.Mode.serial, .parallel(depth: 1), .parallel(depth: 16)] {
            let w = try Fixture.freshWarehouse()
            let summaries = try ingestor(w, mode).build(try Manifest.load(path: path), link: false)
            #expect(summaries.map(\.rowsRead) == [3, 9_000])
            dumps.append(try dumpOfLoad(w))
        }
        #expect(dumps[0]["source_record"]?.count == 3 + 9_000 - BigRegister(rows: 9_000).rejectLines.count)
        for table in dumps[0].keys.sorted() {
            #expect(dumps[1][table] == dumps[0][table], "\(table): two threads, one batch ahead")
            #expect(dumps[2][table] == dumps[0][table], "\(table): two threads, sixteen batches ahead")
        }
    }

    @Test func rowsDeepInAFileReadAheadKeepTheirPhysicalLines() throws {
        let register = BigRegister(rows: 9_000)
        let w = try Fixture.freshWarehouse()
        let s = try ingestor(w, .parallel(depth: 2)).build(try Manifest.load(path: register.write()), link: false)
        let summary = try #require(s.first { $0.source == "register" })
        #expect(summary.rowsRejected == register.rejectLines.count)
        #expect(summary.blankLines == 8)
        let rejects = try w.pool.read { db in try Row.fetchAll(db, sql: "SELECT line, field, reason, raw FROM rejected_row ORDER BY id") }
        #expect(rejects.map { $0["line"] as Int } == register.rejectLines)
        #expect(rejects.allSatisfy { $0["field"] == "DOB" && $0["reason"] == "required dob not a real date" })
        #expect(rejects.allSatisfy { ($0["raw"] as String).contains(",31/02/1980,") })
        // Every loaded record carries the line it starts on, past notes that span two lines.
        let records = try w.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT record_key, line FROM source_record r JOIN source s ON s.id = r.source_id WHERE s.name = 'register'")
        }
        #expect(records.count == 9_000 - register.rejectLines.count)
        #expect(records.allSatisfy { register.lineOfID[$0["record_key"] as String] == ($0["line"] as Int) })
        // Issues name their lines too: the swapped dates were repaired, on the rows that had them.
        let swapped = try w.pool.read { db in try Int.fetchAll(db, sql: "SELECT line FROM field_issue WHERE field = 'DOB' AND repaired = 1 ORDER BY line") }
        #expect(swapped == (0..<9_000).filter { $0 % 501 == 7 && $0 % 997 != 5 }.map { register.lineOfID["P\($0)"]! })
    }

    @Test func aColumnOnlyOneRowFillsIsStoredForThatRowAlone() throws {
        let register = BigRegister(rows: 5_000)
        let w = try Fixture.freshWarehouse()
        try ingestor(w, .parallel(depth: 4)).build(try Manifest.load(path: register.write()), link: false)
        let starts = try w.pool.read { db in try Row.fetchAll(db, sql: "SELECT line, start_date FROM source_record WHERE start_date IS NOT NULL") }
        #expect(starts.count == 1)
        #expect(starts.first.map { $0["line"] as Int } == register.startDateLine)
        #expect(starts.first.map { $0["start_date"] as String } == "2019-04-01")
    }

    @Test func aFileThatFailsWhileReadAheadRollsTheWholeBuildBack() throws {
        let w = try Fixture.freshWarehouse()
        let good = BigRegister(rows: 6_000)
        try ingestor(w, .parallel(depth: 16)).build(try Manifest.load(path: good.write()), link: false)
        let before = try dumpOfLoad(w)
        // The new extract is ragged near its end, many batches after the reader began.
        let bad = BigRegister(rows: 7_000, raggedAt: 6_990)
        for mode in [IngestPipeline.Mode.serial, .parallel(depth: 16)] {
            #expect {
                try ingestor(w, mode).build(try Manifest.load(path: bad.write()), link: false)
            } throws: { error in
                let e = error as! UserFacingError
                return e.line == bad.lineOfID["P6990"] && e.problem.contains("8 fields but the header has 9")
            }
            #expect(try dumpOfLoad(w) == before)
        }
    }

    /// A warehouse built (unlinked) from one person source "values.csv" with an ID column as the
    /// record key and `columns` mapped to their fields.
    func buildValues(_ text: String, columns: [String: CanonicalField], dateFormats: [String] = [], extraColumns: String = "") throws -> Warehouse {
        let manifest = """
        [borough]
        name = "Test Borough"
        as_of = "2026-10-31"

        [[source]]
        name = "values"
        kind = "person"
        file = "values.csv"
        \(dateFormats.isEmpty ? "" : "date_formats = [" + dateFormats.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        [source.columns]
        ID = "record_key"
        \(columns.keys.sorted().map { "\($0) = \"\(columns[$0]!.rawValue)\"" }.joined(separator: "\n"))
        \(extraColumns)
        """
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(manifest: manifest, files: ["values.csv": Array(text.utf8)])), link: false)
        return w
    }

    /// An escape sequence or a bell in an extract's field never reaches the value, and the
    /// repair is recorded with the original made visible, on the field's line.
    @Test func controlCharactersAreTakenOutAndTheRepairIsRecorded() throws {
        let text = "ID,FAMILY,ADDR\nR0,\"\u{1B}[31mSMITH\u{07}\",\"14 Elm\u{0}Road\"\nR1,JONES,\"2 High\tStreet\"\n"
        let w = try buildValues(text, columns: ["FAMILY": .surname, "ADDR": .address])
        let stored = try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT surname, address FROM source_record WHERE record_key = 'R0'") }
        let surname: String? = stored?["surname"], address: String? = stored?["address"]
        // the escape sequence goes whole: SMITH, not "[31mSMITH"
        #expect(surname == "SMITH" && address == "14 Elm Road")
        let issues = try w.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT line, field, value, reason, repaired FROM field_issue ORDER BY field")
        }
        #expect(issues.count == 2)
        #expect(issues.map { $0["field"] as String } == ["ADDR", "FAMILY"])
        #expect(issues.map { $0["value"] as String } == ["14 Elm<NUL>Road", "<ESC>[31mSMITH<0x07>"])
        #expect(issues.allSatisfy { ($0["line"] as Int) == 2 && ($0["repaired"] as Int) == 1 && ($0["reason"] as String) == FieldParser.controlCharacterNote })
        // a tab is white space, not a control character to report
        let tabbed = try w.pool.read { db in try String.fetchOne(db, sql: "SELECT address FROM source_record WHERE record_key = 'R1'") }
        #expect(tabbed == "2 High Street")
    }

    /// A name with a terminal title sequence in the middle is the name without it.
    @Test func anEscapeSequenceGoesWholeAndTheNameIsWhole() {
        #expect(FieldParser.clean("Jo\u{1B}]0;PWNED\u{07}hn") == "John")
        #expect(FieldParser.clean("\u{1B}[1;31mSmith\u{1B}[0m") == "Smith")
        #expect(FieldParser.clean("Ann\u{1B}]52;c;ZXZpbA==\u{1B}\\ Lee") == "Ann Lee")
        #expect(FieldParser.clean("Ann\u{07}Lee") == "Ann Lee")          // a lone bell is a gap
        #expect(FieldParser.clean("\u{1B}]0;only a title") == nil)
    }

    /// A column read through a values mapping reports the control character too.
    @Test func aControlCharacterInAMappedColumnIsRecordedToo() throws {
        let w = try buildValues("ID,FAMILY,ROLE\nR0,SMITH,\"T\u{07}\"\n", columns: ["FAMILY": .surname],
                                extraColumns: #"ROLE = { field = "role", values = { "T" = "tenant" } }"#)
        let role = try w.pool.read { db in try String.fetchOne(db, sql: "SELECT role FROM source_record WHERE record_key = 'R0'") }
        #expect(role == "tenant")
        let issue = try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT field, value, repaired FROM field_issue") }
        #expect(issue?["field"] as String? == "ROLE" && issue?["value"] as String? == "T<0x07>" && issue?["repaired"] as Int? == 1)
    }

    @Test func fieldsTakingTheFastPathsGetWhatFieldParserGives() throws {
        // One column per kind of field, each value as ingest's String path would see it.
        let values: [(column: String, field: CanonicalField, raws: [String])] = [
            ("WHEN", .startDate, ["01/02/2020", " 1/2/2020 ", "31/02/2020", "13/25/2020", "2020-01-02", "01/02/2020 10:15",
                                  "\u{00A0}05/06/2021\u{2003}", "1/13/2020", "00/01/2020", "01/02/20201"]),
            ("BORN", .dob, ["01/02/2030", "01/02/1899", "29/02/2000", "29/02/1900"]),
            ("ROLE", .role, ["Claimant", "  JOINT   Tenant ", "Élu", "NON_DEPENDANT", "x\ty"]),
            ("FAMILY", .surname, ["SMITH", " smith ", "de  la Cruz", "Ağaoğlu", "O\u{2019}Neill\u{200B}", "a\u{3000}b"]),
            ("PC", .postcode, ["E17 4AB", "e174ab", "E17  4AB", "XX", "N1 9GU", "e17 4ab"]),
        ]
        let rows = values.map(\.raws.count).max()!
        var text = "ID," + values.map(\.column).joined(separator: ",") + "\n"
        for r in 0..<rows {
            text += "R\(r)," + values.map { v in r < v.raws.count ? "\"\(v.raws[r])\"" : "" }.joined(separator: ",") + "\n"
        }
        let w = try buildValues(text, columns: Dictionary(uniqueKeysWithValues: values.map { ($0.column, $0.field) }),
                                dateFormats: ["dd/MM/yyyy", "yyyy-MM-dd"])
        let parser = FieldParser(asOf: CivilDate(year: 2026, month: 10, day: 31)!, dateFormats: ["dd/MM/yyyy", "yyyy-MM-dd"])
        for v in values {
            for (r, raw) in v.raws.enumerated() {
                let stored = try w.pool.read { db in
                    try String.fetchOne(db, sql: "SELECT \(v.field.rawValue) FROM source_record WHERE record_key = ?", arguments: ["R\(r)"])
                }
                let issue = try w.pool.read { db in
                    try Row.fetchOne(db, sql: "SELECT i.value, i.reason, i.repaired FROM field_issue i JOIN source_record r ON r.line = i.line WHERE r.record_key = ? AND i.field = ?",
                                     arguments: ["R\(r)", v.column])
                }.map { (value: $0["value"] as String, reason: $0["reason"] as String, repaired: $0["repaired"] as Int) }
                switch parser.parse(raw, as: v.field) {
                case .value(let expected):
                    #expect(stored == expected, "\(v.column) \(raw.debugDescription)")
                    #expect(issue == nil, "\(v.column) \(raw.debugDescription)")
                case .repaired(let expected, let note):
                    #expect(stored == expected, "\(v.column) \(raw.debugDescription)")
                    #expect(issue?.reason == note && issue?.repaired == 1 && issue?.value == FieldParser.clean(raw), "\(v.column) \(raw.debugDescription)")
                case .invalid(let reason):
                    #expect(stored == nil, "\(v.column) \(raw.debugDescription)")
                    #expect(issue?.reason == reason && issue?.repaired == 0 && issue?.value == FieldParser.clean(raw),
                            "\(v.column) \(raw.debugDescription)")
                }
            }
        }
    }
}

@Suite("Name splitting")
struct NameSplittingTests {
    @Test func anASCIINameSplitByItsBytesSplitsAsByItsCharacters() {
        // Names of titles, particles, capitals, lower case, dots and commas, in every order up
        // to three words, then longer ones drawn at random (a fixed seed).
        let words = ["Mr", "MR", "dr.", "Mrs.", "John", "JOHN", "jo", "de", "DE", "La", "van", "O'NEILL", "Smith",
                     "SMITH,", "A", ".", ",", "Ann,Lee", "st"]
        var names: [String] = []
        for a in words {
            names.append(a)
            for b in words {
                names.append(a + " " + b)
                for c in words { names.append(a + " " + b + " " + c) }
            }
        }
        var seed: UInt64 = 20261122
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<3_000 { names.append((0..<(4 + next(3))).map { _ in words[next(words.count)] }.joined(separator: next(4) == 0 ? "" : " ")) }
        var checked = 0
        for raw in names {
            guard let name = FieldParser.clean(raw) else { continue }
            for format in NameFormat.allCases {
                #expect(NameParts.split(clean: name, format: format) == NameParts.split(byCharacters: name, format: format), "\(name.debugDescription) as \(format)")
                checked += 1
            }
        }
        #expect(checked > 20_000)
    }

    @Test func aCombiningMarkAfterASeparatorKeepsItsCharacter() {
        // U+0301 after the space joins it into one character, so that space divides nothing.
        #expect(NameParts.split(clean: "Ana \u{301}Lopez SMITH", format: .titleForenamesSurname)
                == NameParts(title: nil, given: "Ana \u{301}Lopez", middle: nil, surname: "SMITH"))
        #expect(NameParts.split("Mr José Luis GARCÍA LÓPEZ", format: .titleForenamesSurname)
                == NameParts(title: "Mr", given: "José", middle: "Luis", surname: "GARCÍA LÓPEZ"))
    }
}

@Suite("CSV reader: UTF-8")
struct CSVReaderUTF8Tests {
    @Test(arguments: [
        [0xC0, 0xAF],               // overlong "/"
        [0xE0, 0x80, 0xAF],         // overlong
        [0xED, 0xA0, 0x80],         // a UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],   // past U+10FFFF
        [0xE2, 0x82],               // truncated
    ] as [[UInt8]])
    func malformedUTF8IsRefusedWithItsLine(_ bad: [UInt8]) {
        let bytes: [UInt8] = Array("a,b\n1,ok\n2,x".utf8) + bad + Array("y\n".utf8)
        #expect {
            _ = try CSVReader(path: temporaryFile(bytes), dialect: CSVDialect()).readAll()
        } throws: { error in
            guard let e = error as? CSVError, case .invalidUTF8 = e.kind else { return false }
            return e.line == 3
        }
    }

    @Test func wellFormedUTF8OfEveryLengthReadsBack() throws {
        let text = "a,b\n1,Zoë 李 😀 \u{10FFFF}\n"
        #expect(try CSVReader(path: temporaryFile(text), dialect: CSVDialect()).readAll().last?.fields == ["1", "Zoë 李 😀 \u{10FFFF}"])
    }
}

@Suite("Property display address")
struct DisplayAddressTests {
    /// The address as officers read it: present parts joined by ", ", number and street as one.
    func reference(_ sub: String?, _ name: String?, _ number: String?, _ street: String, _ locality: String?, _ town: String?, _ postcode: String?) -> String {
        var parts: [String] = []
        if let sub, !sub.isEmpty { parts.append(sub) }
        if let name, !name.isEmpty { parts.append(name) }
        let line = [number, street].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !line.isEmpty { parts.append(line) }
        if let locality, !locality.isEmpty { parts.append(locality) }
        if let town, !town.isEmpty, town != locality { parts.append(town) }
        if let postcode, !postcode.isEmpty { parts.append(postcode) }
        return parts.joined(separator: ", ")
    }

    @Test func everyCombinationOfPresentEmptyAndMissingPartsReadsAsBefore() {
        let optional: [String?] = [nil, "", "X"]
        for sub in optional { for name in optional { for number in [nil, "", "14"] as [String?] {
            for street in ["", "Elm Road"] { for locality in [nil, "", "Leyton", "London"] as [String?] {
                for town in [nil, "", "London"] as [String?] { for postcode in [nil, "", "E10 5AA"] as [String?] {
                    #expect(Derivation.displayAddress(sub: sub, name: name, number: number, street: street, locality: locality, town: town, postcode: postcode)
                            == reference(sub, name, number, street, locality, town, postcode))
                } }
            } }
        } } }
    }
}
