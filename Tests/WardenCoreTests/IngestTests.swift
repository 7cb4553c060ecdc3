import Foundation
import GRDB
import Testing
@testable import WardenCore
import WardenLinkage

@Suite("Ingest")
struct IngestTests {
    func count(_ w: Warehouse, _ sql: String) throws -> Int {
        try w.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func aBuildLoadsEverySourceAndKeepsEveryRejectWithItsReason() throws {
        let w = try Fixture.freshWarehouse()
        let summaries = try Ingestor(warehouse: w, user: "tester").build(try Manifest.load(path: Fixture.write()))
        let byName = Dictionary(uniqueKeysWithValues: summaries.map { ($0.source, $0) })
        #expect(byName["gazetteer"]?.rowsLoaded == 3)
        #expect(byName["gazetteer"]?.blankLines == 1)
        let ct = try #require(byName["council_tax"])
        #expect(ct.rowsRead == 4)
        #expect(ct.rowsLoaded == 3)
        #expect(ct.rowsRejected == 1)
        #expect(ct.rejectReasons.first?.field == "Start Date")
        // The rejected row is stored whole, with its line.
        let reject = try #require(try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT line, field, reason, raw FROM rejected_row") })
        #expect(reject["line"] as Int == 5)
        #expect((reject["raw"] as String).hasPrefix("A4|Mr Late Start|"))
        #expect((reject["reason"] as String).contains("dd/MM/yyyy"))
        // Field issues: a bad NINO, an impossible date (row kept), a swapped date (repaired).
        let issues = try w.pool.read { db in try Row.fetchAll(db, sql: "SELECT line, field, value, reason, repaired FROM field_issue ORDER BY line, field") }
        #expect(issues.contains { $0["field"] == "NINO" && $0["line"] == 3 })
        #expect(issues.contains { $0["field"] == "DOB" && $0["line"] == 4 && ($0["reason"] as String) == "not a real date" })
        #expect(issues.contains { $0["field"] == "DOB" && $0["line"] == 3 && ($0["repaired"] as Int) == 1 })
    }

    @Test func canonicalFieldsAreNormalisedAndNamesSplit() throws {
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write()))
        let smith = try #require(try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM source_record WHERE record_key = 'A1'") })
        #expect(smith["title"] == "Mr")
        #expect(smith["given_name"] == "John")
        #expect(smith["middle_names"] == "Paul")
        #expect(smith["surname"] == "SMITH")
        #expect(smith["postcode"] == "E17 4AB")
        #expect(smith["address"] == "14 Elm Rd, London")
        #expect(smith["dob"] == "1955-10-28")
        #expect(smith["discount"] == "single_person")
        let zoe = try #require(try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM source_record WHERE role = 'claimant'") })
        #expect(zoe["given_name"] == "Zoë")        // decoded from Windows-1252
        #expect(zoe["mobile"] == "07700900123")
        #expect(zoe["nhs_number"] == "9434765919")
        let partner = try #require(try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM source_record WHERE role = 'partner'") })
        #expect(partner["surname"] == "O\u{2019}NEILL")
        #expect(partner["phone"] == "02081234567")
        #expect(partner["nhs_number"] as String? == nil)   // bad check digit: nulled, issue kept
        #expect(partner["postcode"] == "E17 4AB")
    }

    @Test func propertiesAndWardsComeFromTheGazetteer() throws {
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write()))
        #expect(try count(w, "SELECT count(*) FROM property") == 3)
        #expect(try count(w, "SELECT count(*) FROM ward") == 2)
        let flat = try #require(try w.pool.read { db in try Row.fetchOne(db, sql: "SELECT address, property_type FROM property WHERE uprn = 100000000002") })
        #expect(flat["address"] == "Flat A, 16 Elm Road, London, E17 4AB")
        #expect(flat["property_type"] == "Flat")
    }

    @Test func reloadingIdenticalFilesIsANoOp() throws {
        let w = try Fixture.freshWarehouse()
        let m = try Manifest.load(path: Fixture.write())
        try Ingestor(warehouse: w).build(m)
        let before = try count(w, "SELECT count(*) FROM source_record")
        let maxID = try count(w, "SELECT max(id) FROM source_record")
        let again = try Ingestor(warehouse: w).build(m)
        #expect(again.allSatisfy { $0.outcome == .unchanged })
        #expect(try count(w, "SELECT count(*) FROM source_record") == before)
        #expect(try count(w, "SELECT max(id) FROM source_record") == maxID)
        #expect(try count(w, "SELECT count(*) FROM load") == 3)
    }

    /// After an upgrade, the same extracts built again are relinked by the new engine, and until
    /// then the quality report says the links are out of date.
    @Test func aWarehouseLinkedByAnOlderEngineIsRelinkedByTheNextBuild() throws {
        let w = try Fixture.freshWarehouse()
        let m = try Manifest.load(path: Fixture.write())
        try Ingestor(warehouse: w).build(m)
        #expect(try QualityReport.compute(w).linksOutOfDate == false)
        // as an older Warden would have left it (before engine versions were recorded)
        try w.pool.write { db in
            try db.execute(sql: "DELETE FROM meta WHERE key = 'linked_engine'")
            try db.execute(sql: "UPDATE meta SET value = '2026-01-01T00:00:00Z' WHERE key = 'linked_at'")
        }
        let stale = try QualityReport.compute(w)
        #expect(stale.linksOutOfDate)
        #expect(stale.linkedEngine == 0 && stale.currentEngine == Linkage.engineVersion)
        #expect(try SourcesReport.compute(w).linksOutOfDate)
        let again = try Ingestor(warehouse: w).build(m)
        #expect(again.allSatisfy { $0.outcome == .unchanged })
        let linkedAt = try w.pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_at'") }
        #expect(linkedAt != "2026-01-01T00:00:00Z")
        #expect(try QualityReport.compute(w).linksOutOfDate == false)
        // nothing new and nothing stale: no relink
        try w.pool.write { db in try db.execute(sql: "UPDATE meta SET value = 'current' WHERE key = 'linked_at'") }
        try Ingestor(warehouse: w).build(m)
        #expect(try w.pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_at'") } == "current")
    }

    /// A complaint from "Anonymous" (or a bill to "The Occupier") names no one: it makes no
    /// virtual person, so no one called Anonymous lives anywhere.
    @Test func aPlaceholderNameMakesNoPerson() throws {
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write()))
        try w.pool.write { db in
            for (line, name) in [(90, "Anonymous"), (91, "Anonymous"), (92, "The Occupier")] {
                try db.execute(sql: """
                    INSERT INTO source_record (source_id, load_id, line, record_key, role, surname, full_name, address, postcode)
                    SELECT source_id, load_id, ?, 'X\(line)', role, ?, ?, address, postcode FROM source_record WHERE record_key = 'A1'
                    """, arguments: [line, name, name])
            }
        }
        _ = try Linkage.run(w)
        let linked = try count(w, "SELECT count(*) FROM record_link l JOIN source_record r ON r.id = l.record_id WHERE r.record_key LIKE 'X%' AND l.person_id IS NOT NULL")
        #expect(linked == 0)
        #expect(try count(w, "SELECT count(*) FROM source_record WHERE record_key = 'A1'") == 1)
        let smith = try count(w, "SELECT count(*) FROM record_link l JOIN source_record r ON r.id = l.record_id WHERE r.record_key = 'A1' AND l.person_id IS NOT NULL")
        #expect(smith == 1)   // the real person at that address is still linked
    }

    @Test func aChangedExtractReplacesItsSourcesRowsAndKeepsLoadHistory() throws {
        let w = try Fixture.freshWarehouse()
        let path = Fixture.write()
        let m = try Manifest.load(path: path)
        try Ingestor(warehouse: w).build(m)
        let dir = (path as NSString).deletingLastPathComponent
        try (Fixture.ctax + "A5|Mr New Person|9 High St||E17 7JY|||01/01/2026|N\n").write(toFile: dir + "/ctax.psv", atomically: true, encoding: .utf8)
        let s = try Ingestor(warehouse: w).build(m)
        #expect(s.first { $0.source == "council_tax" }?.outcome == .loaded)
        #expect(try count(w, "SELECT count(*) FROM source_record r JOIN source s ON s.id = r.source_id WHERE s.name = 'council_tax'") == 4)
        #expect(try count(w, "SELECT count(*) FROM load l JOIN source s ON s.id = l.source_id WHERE s.name = 'council_tax'") == 2)
        #expect(try count(w, "SELECT count(*) FROM rejected_row") == 1)
    }

    @Test func aFailingSourceLeavesTheWarehouseExactlyAsItWas() throws {
        let w = try Fixture.freshWarehouse()
        let good = try Manifest.load(path: Fixture.write())
        try Ingestor(warehouse: w).build(good)
        let recordsBefore = try count(w, "SELECT count(*) FROM source_record")
        // The last source is ragged: the earlier sources of this build changed too, and must roll back.
        let badHB = Array("CLAIM,NAME,ROLE,NHS,PHONE,ADDRESS,PC\n".utf8) + Array("C1,\"X, Y\",Claimant,,,Somewhere\n".utf8)
        let changedCT = Array((Fixture.ctax + "A6|Ms Extra Row|1 Elm Rd||E17 4AB|||01/01/2026|N\n").utf8)
        let bad = try Manifest.load(path: Fixture.write(files: ["hb.csv": badHB, "ctax.psv": changedCT]))
        #expect {
            try Ingestor(warehouse: w).build(bad)
        } throws: { error in
            let e = error as! UserFacingError
            return e.line == 2 && e.problem.contains("6 fields but the header has 7") && e.remedy!.contains("ragged = \"reject\"")
        }
        #expect(try count(w, "SELECT count(*) FROM source_record") == recordsBefore)
        #expect(try count(w, "SELECT count(*) FROM load") == 3)
    }

    @Test func raggedRowsCanBeRejectedInsteadWhenTheManifestSaysSo() throws {
        let w = try Fixture.freshWarehouse()
        let badHB = Array("CLAIM,NAME,ROLE,NHS,PHONE,ADDRESS,PC\n".utf8) + Array("C1,\"X, Y\",Claimant,,,Somewhere\nC2,\"A, B\",Claimant,,,Flat 1,E17 4AB\n".utf8)
        let text = Fixture.manifest.replacingOccurrences(of: "encoding = \"windows-1252\"", with: "encoding = \"windows-1252\"\nragged = \"reject\"")
        let s = try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(manifest: text, files: ["hb.csv": badHB])))
        let hb = try #require(s.first { $0.source == "benefits" })
        #expect(hb.rowsRejected == 1 && hb.rowsLoaded == 1)
    }

    @Test func aHeaderThatDoesNotMatchTheManifestIsRefusedBeforeAnythingIsWritten() throws {
        let w = try Fixture.freshWarehouse()
        let renamed = Array(Fixture.ctax.replacingOccurrences(of: "Start Date", with: "Start_Dt").utf8)
        #expect {
            try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(files: ["ctax.psv": renamed])))
        } throws: { error in
            let d = String(describing: error)
            return d.contains("ctax.psv:1") && d.contains("\"Start Date\"") && d.contains("Start_Dt")
        }
        #expect(try count(w, "SELECT count(*) FROM load") == 0)
    }

    @Test func aMissingFileAndAWrongEncodingAreNamed() throws {
        let w = try Fixture.freshWarehouse()
        let text = Fixture.manifest.replacingOccurrences(of: "file = \"hb.csv\"", with: "file = \"benefits.csv\"")
        #expect {
            try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(manifest: text)))
        } throws: { error in String(describing: error).contains("benefits.csv does not exist") }
        let utf8Declared = Fixture.manifest.replacingOccurrences(of: "encoding = \"windows-1252\"\n", with: "")
        #expect {
            try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(manifest: utf8Declared)))
        } throws: { error in
            let d = String(describing: error)
            return d.contains("hb.csv:2") && d.contains("windows-1252")
        }
        #expect(try count(w, "SELECT count(*) FROM load") == 0)
    }

    /// Each load records the date its extract describes: the borough's as_of, a source's own
    /// (one system exported later), or an import's --as-of; a source's age counts from it, not
    /// from the day it was loaded.
    @Test func eachLoadRecordsTheDateItsExtractDescribes() throws {
        let w = try Fixture.freshWarehouse()
        let text = Fixture.manifest.replacingOccurrences(of: "name = \"council_tax\"\n", with: "name = \"council_tax\"\nas_of = \"2026-11-07\"\n")
        #expect(text != Fixture.manifest)
        let path = Fixture.write(manifest: text)
        try Ingestor(warehouse: w).build(try Manifest.load(path: path))
        func date(_ source: String) throws -> String? {
            try w.pool.read { db in
                try String.fetchOne(db, sql: "SELECT l.extract_date FROM load l JOIN source s ON s.id = l.source_id WHERE s.name = ? AND l.is_current = 1", arguments: [source])
            }
        }
        #expect(try date("gazetteer") == "2026-10-31")
        #expect(try date("council_tax") == "2026-11-07")
        let report = try SourcesReport.compute(w, today: CivilDate(iso: "2026-11-20")!)
        let ct = try #require(report.sources.first { $0.name == "council_tax" })
        #expect(ct.extractDate == "2026-11-07" && ct.extractAge == 13 && ct.age == 13)
        #expect(report.sources.first { $0.name == "gazetteer" }?.age == 20)
        // an import says what day its extract describes
        let newFile = (path as NSString).deletingLastPathComponent + "/ctax-nov.psv"
        try (Fixture.ctax + "A7|Dr Who Ever|1 Elm Rd||E17 4AB|||01/01/2026|N\n").write(toFile: newFile, atomically: true, encoding: .utf8)
        _ = try Ingestor(warehouse: w).importFile(source: "council_tax", path: newFile, asOf: CivilDate(iso: "2026-11-18")!)
        #expect(try date("council_tax") == "2026-11-18")
        // a date that is not one is refused with its line
        let bad = Fixture.manifest.replacingOccurrences(of: "name = \"council_tax\"\n", with: "name = \"council_tax\"\nas_of = \"last week\"\n")
        #expect { _ = try Manifest.load(path: Fixture.write(manifest: bad)) } throws: { String(describing: $0).contains("as_of") && String(describing: $0).contains("not a date") }
    }

    @Test func importLoadsOneFileForAKnownSourceAndRefusesUnknownOnes() throws {
        let w = try Fixture.freshWarehouse()
        let path = Fixture.write()
        try Ingestor(warehouse: w).build(try Manifest.load(path: path))
        let newFile = (path as NSString).deletingLastPathComponent + "/ctax-nov.psv"
        try (Fixture.ctax + "A7|Dr Who Ever|1 Elm Rd||E17 4AB|||01/01/2026|N\n").write(toFile: newFile, atomically: true, encoding: .utf8)
        let s = try Ingestor(warehouse: w).importFile(source: "council_tax", path: newFile)
        #expect(s.rowsLoaded == 4)
        #expect {
            _ = try Ingestor(warehouse: w).importFile(source: "council_tx", path: newFile)
        } throws: { error in String(describing: error).contains("did you mean \"council_tax\"") }
    }
}

@Suite("Extra attributes")
struct ExtraAttributeTests {
    @Test func columnsTheManifestDoesNotMapAreKeptWithTheirNames() throws {
        let w = try Fixture.freshWarehouse()
        let withExtra = Array(Fixture.llpg.replacingOccurrences(of: "CLASS\n", with: "CLASS,LEGACY_REF\n")
            .replacingOccurrences(of: "RD04\n", with: "RD04,OLD-77\n").replacingOccurrences(of: "RD06\n", with: "RD06,\n")
            .replacingOccurrences(of: "CR01\n", with: "CR01,X|Y\n").utf8)
        let s = try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(files: ["llpg.csv": withExtra])), link: false)
        #expect(s.first { $0.source == "gazetteer" }?.extraColumns == ["LEGACY_REF"])
        let rows = try w.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT r.uprn, r.extra, l.extra_layout FROM source_record r JOIN load l ON l.id = r.load_id JOIN source s ON s.id = r.source_id WHERE s.name = 'gazetteer' ORDER BY r.uprn")
        }
        #expect(ExtraAttributes.decode(rows[0]["extra"], layout: rows[0]["extra_layout"]).map { "\($0.name)=\($0.value)" } == ["LEGACY_REF=OLD-77"])
        #expect(rows[1]["extra"] as String? == nil)
        #expect(ExtraAttributes.decode(rows[2]["extra"], layout: rows[2]["extra_layout"]).first?.value == "X|Y")
    }
}

@Suite("Output files")
struct OutputFileTests {
    @Test func writingToADeviceLeavesTheDeviceInPlace() throws {
        try OutputFile.write("discarded\n", to: "/dev/null")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func aRegularFileIsReplacedWhole() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString).csv").path
        try OutputFile.write("a,b\n1,2\n", to: path)
        try OutputFile.write("c\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "c\n")
    }
}
