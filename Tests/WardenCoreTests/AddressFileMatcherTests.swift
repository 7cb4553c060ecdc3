import Foundation
import Testing
@testable import WardenCore
import WardenLinkage

/// The file-level glue of `warden match-addresses`: reading both files whatever their dialect,
/// recognising their columns, and writing output a spreadsheet reads back unchanged.
@Suite("Address file matcher")
struct AddressFileMatcherTests {

    private func table(_ text: String, name: String = "in.csv") throws -> AddressFileMatcher.Table {
        try AddressFileMatcher.open(.init(path: temporaryFile(text, name: name)))
    }

    // MARK: Columns

    @Test func inputColumnsAreRecognisedFromCommonHeaders() throws {
        let t = try table("Ref,Full Address,Post_Code,Notes\n1,\"1 Elm Rd\",E17 4AB,x\n")
        let c = try AddressFileMatcher.inputColumns(t, .init(file: .init(path: t.path)))
        #expect(c == .init(id: 0, address: [1], postcode: 2))
    }

    @Test func addressLinesAreJoinedInNumberOrder() throws {
        let t = try table("case_id,address_line_2,address_line_1,postcode\nA1,London,1 Elm Rd,E17 4AB\n")
        let c = try AddressFileMatcher.inputColumns(t, .init(file: .init(path: t.path)))
        #expect(c.address == [2, 1])
        #expect(c.id == 0)
        #expect(c.postcode == 3)
    }

    @Test func addressPartsAreUsedWhenThereIsNoAddressColumn() throws {
        let t = try table("house_number,street,town,pcode\n12,Elm Road,London,E17 4AB\n")
        let c = try AddressFileMatcher.inputColumns(t, .init(file: .init(path: t.path)))
        #expect(c.address == [0, 1, 2])
        #expect(c.postcode == 3)
        #expect(c.id == nil)
    }

    @Test func columnsGivenByNameOrNumberWin() throws {
        let t = try table("a,b,c\n1,2,3\n")
        let c = try AddressFileMatcher.inputColumns(t, .init(file: .init(path: t.path), idColumn: "3", addressColumns: ["B", "a"], postcodeColumn: nil))
        #expect(c == .init(id: 2, address: [1, 0], postcode: nil))
    }

    @Test func aMissingColumnNamesTheFileAndTheColumnsItHas() throws {
        let t = try table("id,addr_text,pc\n1,x,y\n", name: "extract.csv")
        #expect {
            try AddressFileMatcher.inputColumns(t, .init(file: .init(path: t.path), addressColumns: ["adress_text"]))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("extract.csv") && text.contains("\"addr_text\"") && text.contains("\"pc\"") && text.contains("--address-column")
        }
        // Nothing recognisable as an address at all.
        let u = try table("id,value\n1,2\n", name: "other.csv")
        #expect {
            try AddressFileMatcher.inputColumns(u, .init(file: .init(path: u.path)))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("other.csv") && text.contains("no address column") && text.contains("\"value\"")
        }
    }

    @Test func llpgHeadersAreReadAsStructuredParts() throws {
        let t = try table("UPRN,PARENT_UPRN,USRN,SAO_TEXT,PAO_TEXT,PAO_NUMBER,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR\n")
        let c = try AddressFileMatcher.gazetteerColumns(t, .init(file: .init(path: t.path)))
        #expect(c.id == 0)
        guard case .structured(let s) = c.layout else { Issue.record("expected structured columns"); return }
        #expect(s.subBuilding == [3])
        #expect(s.buildingName == [4])
        #expect(s.buildingNumber == [5])
        #expect(s.street == 6)
        #expect(s.town == 8)
        #expect(s.postcode == 9)
        #expect(s.parent == 1)
    }

    @Test func aSingleLineGazetteerNeedsAnIdColumn() throws {
        let t = try table("property_no,address,postcode\n7,1 Elm Rd,E17 4AB\n", name: "g.csv")
        #expect { try AddressFileMatcher.gazetteerColumns(t, .init(file: .init(path: t.path))) } throws: { error in
            String(describing: error).contains("--gazetteer-id-column") && String(describing: error).contains("\"property_no\"")
        }
        let c = try AddressFileMatcher.gazetteerColumns(t, .init(file: .init(path: t.path), idColumn: "Property No"))
        #expect(c == .init(id: 0, layout: .singleLine(address: [1], postcode: 2)))
    }

    @Test func partsJoinWithCommasAndNumbersStayWithTheirStreet() {
        #expect(AddressFileMatcher.joinParts(["Flat A", "", "14", "Elm Road", " London "]) == "Flat A, 14 Elm Road, London")
        #expect(AddressFileMatcher.joinParts(["12-14", "High St"]) == "12-14 High St")
        #expect(AddressFileMatcher.joinParts(["", " "]) == "")
    }

    // MARK: Dialects and bad files

    @Test func delimitersAndEncodingsAreSniffed() throws {
        let t = try table("id;address;postcode\n1;\"1 Elm Rd; rear\";E17 4AB\n")
        #expect(t.dialect.delimiter == UInt8(ascii: ";"))
        let tab = try table("id\taddress\n1\t1 Elm Rd\n")
        #expect(tab.dialect.delimiter == 9)
        // "Zoë" in Windows-1252.
        let bytes = Array("id,address\n1,Zo".utf8) + [0xEB] + Array(" House, 1 Elm Rd\n".utf8)
        let w = try AddressFileMatcher.open(.init(path: temporaryFile(bytes)))
        #expect(w.dialect.encoding == .windows1252)
    }

    @Test func anEmptyFileAndAUTF16FileAreRefusedWithAReason() throws {
        #expect { try AddressFileMatcher.open(.init(path: temporaryFile(""))) } throws: { error in
            String(describing: error).contains("empty")
        }
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("a,b\n".utf8).flatMap { [$0, 0] }
        #expect { try AddressFileMatcher.open(.init(path: temporaryFile(utf16))) } throws: { error in
            String(describing: error).contains("UTF-16") && String(describing: error).contains("UTF-8")
        }
        #expect { try AddressFileMatcher.open(.init(path: "/no/such/file.csv")) } throws: { error in
            String(describing: error).contains("/no/such/file.csv")
        }
    }

    @Test func invalidUTF8WhenUTF8IsForcedNamesTheLineAndTheOption() throws {
        let bytes = Array("id,address\n1,1 Elm Rd\n2,Caf".utf8) + [0xE9] + Array(", 2 Elm Rd\n".utf8)
        let path = temporaryFile(bytes)
        let g = temporaryFile("uprn,address,postcode\n10,1 Elm Road,E17 4AB\n")
        let loaded = try AddressFileMatcher.loadGazetteer(.init(file: .init(path: g)))
        #expect {
            _ = try AddressFileMatcher.run(.init(file: .init(path: path, encoding: .utf8)), gazetteer: loaded, threads: 1) { _ in }
        } throws: { error in
            let text = String(describing: error)
            return text.contains(":3:") && text.contains("--encoding windows-1252")
        }
    }

    // MARK: Output

    @Test func csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(AddressFileMatcher.csvField("1 Elm Road") == "1 Elm Road")
        #expect(AddressFileMatcher.csvField("Flat 1, 2 Elm Road") == "\"Flat 1, 2 Elm Road\"")
        #expect(AddressFileMatcher.csvField("the \"Old\" Rectory") == "\"the \"\"Old\"\" Rectory\"")
        #expect(AddressFileMatcher.csvField("two\nlines") == "\"two\nlines\"")
        #expect(AddressFileMatcher.csvField(" padded") == "\" padded\"")
        #expect(AddressFileMatcher.csvField("a;b", delimiter: ";") == "\"a;b\"")
        #expect(AddressFileMatcher.csvLine(["1", "", "x,y"]) == "1,,\"x,y\"\n")
    }

    @Test func outputRowsReadBackAsWrittenAndKeepTheGazetteersIds() throws {
        let g = temporaryFile("""
            uprn,address,postcode
            000010000001,"1 Elm Road, London",E17 4AB
            000010000002,"2 Elm Road, London",E17 4AB
            000010000003,"Flat A, 3 Elm Road",E17 4AB
            000010000004,"Flat B, 3 Elm Road",E17 4AB

            """, name: "gaz.csv")
        let input = temporaryFile("""
            ref,address,postcode
            r1,"2 Elm Rd",e174ab
            r2,"The ""Old"" Rectory, Nowhere Lane",
            r3,"3 Elm Road",E17 4AB

            """, name: "in.csv")
        let loaded = try AddressFileMatcher.loadGazetteer(.init(file: .init(path: g)))
        var rows: [AddressFileMatcher.Result] = []
        let summary = try AddressFileMatcher.run(.init(file: .init(path: input)), gazetteer: loaded, threads: 1) { rows += $0 }
        #expect(summary.rows == 3)
        #expect(rows.map(\.inputID) == ["r1", "r2", "r3"])
        let bytes = AddressFileMatcher.render(rows, ids: loaded.ids, json: false, candidates: 2)
        let out = temporaryFile(Array(AddressFileMatcher.csvLine(AddressFileMatcher.outputHeader(candidates: 2)).utf8) + bytes, name: "out.csv")
        let back = try CSVReader(path: out, dialect: CSVDialect()).readAll().map(\.fields)
        let header = back[0]
        func col(_ row: [String], _ name: String) -> String { row[header.firstIndex(of: name)!] }
        #expect(back.count == 4)
        #expect(col(back[1], "uprn") == "000010000002")          // the id as the gazetteer wrote it
        #expect(col(back[1], "input_postcode") == "e174ab")
        #expect(col(back[2], "input_address") == "The \"Old\" Rectory, Nowhere Lane")
        #expect(col(back[2], "uprn") == "")                      // nothing forced
        #expect(col(back[2], "method") == "unmatched")
        // "3 Elm Road" names a building the gazetteer only lists as two flats: neither is guessed.
        #expect(col(back[3], "uprn") == "")
        #expect(Set([col(back[3], "candidate_2_uprn"), col(back[3], "candidate_3_uprn")]).isSubset(of: ["000010000003", "000010000004", ""]))
        let json = String(decoding: AddressFileMatcher.render([rows[0]], ids: loaded.ids, json: true, candidates: 0), as: UTF8.self)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["uprn"] as? String == "000010000002")
        #expect(object?["input_id"] as? String == "r1")
    }
}
