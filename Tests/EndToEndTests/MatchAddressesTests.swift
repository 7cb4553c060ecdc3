import Foundation
import Testing

/// `warden match-addresses` run as a user runs it: the real binary on small files.
@Suite("match-addresses (real process)")
struct MatchAddressesTests {
    /// An LLPG-shaped gazetteer (structured columns, ids with leading zeros, a block with a
    /// parent) and a Windows-1252, semicolon-delimited extract with its own headers.
    func writeFiles(_ dir: URL) throws -> (gazetteer: String, input: String) {
        let gazetteer = """
        UPRN,PARENT_UPRN,USRN,SAO_TEXT,PAO_TEXT,PAO_NUMBER,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR
        000010000001,,200001,,,1,Elm Road,Walthamstow,London,E17 4AB
        000010000002,,200001,,,2,Elm Road,Walthamstow,London,E17 4AB
        000010000003,,200001,,,3,Elm Road,Walthamstow,London,E17 4AB
        000010000010,,200002,,Ashdown House,12,Birch Avenue,Walthamstow,London,E17 6AA
        000010000011,000010000010,200002,Flat 1,Ashdown House,12,Birch Avenue,Walthamstow,London,E17 6AA
        000010000012,000010000010,200002,Flat 2,Ashdown House,12,Birch Avenue,Walthamstow,London,E17 6AA
        000010000020,,200003,,The Stables,,Mill Lane,Leyton,London,E10 7AA
        000010000021,,200003,,The Stables,,Mill Lane,Leyton,London,E10 7AB

        """
        let g = dir.appendingPathComponent("llpg.csv")
        try gazetteer.write(to: g, atomically: true, encoding: .utf8)
        // Windows-1252: "Café" is 0xE9.
        var bytes = Array("Account Ref;Addr 1;Addr 2;Post Code\n".utf8)
        bytes += Array("A-1;2 Elm Rd;Walthamstw;e174ab\n".utf8)
        bytes += Array("A-2;Caf".utf8) + [0xE9] + Array(" Rouge, Flat 2;12 Birch Ave;E17 6AA\n".utf8)
        bytes += Array("A-3;The Stables;Mill Lane, Leyton;\n".utf8)
        bytes += Array("A-4;\"97 Elm Road; rear\";;E17 4AB\n".utf8)
        let i = dir.appendingPathComponent("extract.csv")
        try Data(bytes).write(to: i)
        return (g.path, i.path)
    }

    @Test func matchesAFileAndWritesOneQuotedRowPerInputRow() throws {
        let dir = WardenBinary.tempDir("match")
        let (g, i) = try writeFiles(dir)
        let out = dir.appendingPathComponent("out.csv").path
        let r = try WardenBinary.run(["match-addresses", "--gazetteer", g, "--address-column", "Addr 1", "--address-column", "Addr 2", i, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("4 rows"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("row,input_id,input_address,input_postcode,uprn,confidence,method,level,matched_address"))
        // Misspelt locality, postcode without its space: the id exactly as the gazetteer wrote it.
        #expect(lines[1].hasPrefix("1,A-1,\"2 Elm Rd, Walthamstw\",e174ab,000010000002,"))
        // A business name before the flat, decoded from Windows-1252.
        #expect(lines[2].hasPrefix("2,A-2,\"Café Rouge, Flat 2, 12 Birch Ave\",E17 6AA,000010000012,"))
        // Two properties nothing written can tell apart: said so, none chosen, both listed.
        #expect(lines[3].hasPrefix("3,A-3,\"The Stables, Mill Lane, Leyton\",,,"))
        #expect(lines[3].contains(",ambiguous,"))
        #expect(lines[3].contains("000010000020") && lines[3].contains("000010000021"))
        // Not in the gazetteer: unmatched, the delimiter inside quotes kept.
        #expect(lines[4].hasPrefix("4,A-4,97 Elm Road; rear,E17 4AB,,"))
        #expect(lines[4].contains(",unmatched,"))
    }

    @Test func jsonLinesToStandardOutput() throws {
        let dir = WardenBinary.tempDir("match-json")
        let (g, i) = try writeFiles(dir)
        let r = try WardenBinary.run(["match-addresses", "--gazetteer", g, "--address-column", "2", "--address-column", "3", "--json", "--quiet", i])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let rows = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.count == 4)
        #expect(rows.first?["uprn"] as? String == "000010000002")
        #expect(rows.first?["input_id"] as? String == "A-1")
        #expect((rows[2]["candidates"] as? [Any])?.count ?? 0 >= 2)
        #expect(rows[2]["ambiguous"] as? Bool == true)
    }

    @Test func badInputSaysWhatIsWrongAndExitsNonZero() throws {
        let dir = WardenBinary.tempDir("match-bad")
        let (g, i) = try writeFiles(dir)
        // A column that is not there: the file and the columns it has.
        let missing = try WardenBinary.run(["match-addresses", "--gazetteer", g, "--address-column", "Address", i])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("extract.csv"))
        #expect(missing.stderr.contains("\"Addr 1\"") && missing.stderr.contains("\"Post Code\""))
        // An empty input file.
        let empty = dir.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        let e = try WardenBinary.run(["match-addresses", "--gazetteer", g, empty.path])
        #expect(e.status != 0)
        #expect(e.stderr.contains("empty"))
        // A Windows-1252 file read as UTF-8: the line and the option to use.
        let wrong = try WardenBinary.run(["match-addresses", "--gazetteer", g, "--address-column", "Addr 1", "--encoding", "utf-8", i])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains(":3:") && wrong.stderr.contains("windows-1252"))
        // No such gazetteer.
        let nog = try WardenBinary.run(["match-addresses", "--gazetteer", dir.appendingPathComponent("nope.csv").path, i, "--address-column", "Addr 1"])
        #expect(nog.status != 0)
        #expect(nog.stderr.contains("nope.csv"))
    }

    @Test func helpReadsLikeAManualPage() throws {
        let r = try WardenBinary.run(["match-addresses", "--help"])
        #expect(r.status == 0)
        for word in ["--gazetteer-id-column", "--gazetteer-address-column", "--address-column", "--postcode-column", "--id-column",
                     "--output", "--json", "COLUMNS", "OUTPUT", "EXIT STATUS", "EXAMPLES"] {
            #expect(r.stdout.contains(word), "\(word)")
        }
    }
}
