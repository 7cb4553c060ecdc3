import Foundation
import Testing
@testable import WardenCore

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "f.csv") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
}

func temporaryFile(_ text: String, name: String = "f.csv") -> String { temporaryFile(Array(text.utf8), name: name) }

@Suite("CSV reader")
struct CSVReaderTests {
    func read(_ text: String, _ dialect: CSVDialect = CSVDialect()) throws -> [(line: Int, fields: [String])] {
        try CSVReader(path: temporaryFile(text), dialect: dialect).readAll()
    }

    @Test func quotedFieldsKeepCommasQuotesAndNewlinesAndLinesAreCountedPhysically() throws {
        let rows = try read("id,desc\n1,\"noise, shouting\"\n2,\"said \"\"stop\"\"\nthen left\"\n3,plain\n")
        #expect(rows.map(\.fields) == [["id", "desc"], ["1", "noise, shouting"], ["2", "said \"stop\"\nthen left"], ["3", "plain"]])
        #expect(rows.map(\.line) == [1, 2, 3, 5])
    }

    @Test func crlfAndLoneCRLineEndingsAndNoFinalNewline() throws {
        #expect(try read("a,b\r\n1,2\r\n3,4").map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(try read("a\r1\r2\r").map(\.line) == [1, 2, 3])
        #expect(try read("a,\"x\r\ny\"\r\n5,6\r\n").map(\.fields) == [["a", "x\ny"], ["5", "6"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let rows = try CSVReader(path: temporaryFile([0xEF, 0xBB, 0xBF] + Array("Surname,Forename\nÇelik,Zoë\n".utf8)), dialect: CSVDialect()).readAll()
        #expect(rows[0].fields == ["Surname", "Forename"])
        #expect(rows[1].fields == ["Çelik", "Zoë"])
    }

    @Test func windows1252IsTranscoded() throws {
        // "Zoë" and "€5" and a curly apostrophe in CP1252.
        let bytes: [UInt8] = Array("name;amount\n".utf8) + [0x5A, 0x6F, 0xEB, 0x20, 0x4F, 0x92, 0x4E, 0x65, 0x69, 0x6C, 0x6C, 0x3B, 0x80, 0x35, 0x0A]
        let rows = try CSVReader(path: temporaryFile(bytes), dialect: CSVDialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252)).readAll()
        #expect(rows[1].fields == ["Zoë O\u{2019}Neill", "€5"])
    }

    @Test func invalidUTF8NamesTheLineAndSuggestsTheEncoding() {
        let bytes: [UInt8] = Array("a\nok\nbad ".utf8) + [0xE9] + Array("\n".utf8)
        #expect {
            _ = try CSVReader(path: temporaryFile(bytes), dialect: CSVDialect()).readAll()
        } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e.line == 3 && e.description.contains("windows-1252")
        }
    }

    @Test func aUTF16FileIsNamedAsSuchRatherThanAsWindows1252() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("a,b\n1,2\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect {
            _ = try CSVReader(path: temporaryFile(bytes), dialect: CSVDialect()).readAll()
        } throws: { error in
            guard let e = error as? CSVError, case .utf16 = e.kind else { return false }
            return e.line == 1 && e.description.contains("UTF-16") && e.description.contains("UTF-8")
        }
    }

    @Test func truncatedQuotedFieldIsAnErrorNamingWhereTheQuoteOpened() {
        #expect {
            _ = try read("a,b\n1,\"open\nstill open\n")
        } throws: { error in
            guard let e = error as? CSVError, case .unterminatedQuote(let start) = e.kind else { return false }
            return start == 2 && e.description.contains("truncated")
        }
    }

    @Test func aHugeFieldIsRefusedWithTheLine() {
        let big = "a\n\"" + String(repeating: "x", count: 3_000_000) + "\"\n"
        #expect {
            _ = try read(big)
        } throws: { error in
            guard let e = error as? CSVError, case .fieldTooLong = e.kind else { return false }
            return e.line == 2
        }
    }

    @Test func tabAndPipeDelimitersAndEmptyFields() throws {
        #expect(try read("a\tb\tc\n1\t\t3\n", CSVDialect(delimiter: 9)).map(\.fields) == [["a", "b", "c"], ["1", "", "3"]])
        #expect(try read("a|b\n|\n", CSVDialect(delimiter: UInt8(ascii: "|"))).map(\.fields) == [["a", "b"], ["", ""]])
    }

    @Test func recordsSpanningReadBlocksAreIntact() throws {
        // Lines long enough that records straddle the 1 MiB read blocks.
        var text = "id,payload\n"
        for i in 0..<3000 { text += "\(i),\"\(String(repeating: "é", count: 300)),\(i)\"\n" }
        let rows = try read(text)
        #expect(rows.count == 3001)
        #expect(rows.last!.fields == ["2999", String(repeating: "é", count: 300) + ",2999"])
        #expect(rows.last!.line == 3001)
    }

    @Test func missingFileSaysWhy() {
        #expect {
            _ = try CSVReader(path: "/nonexistent/extract.csv", dialect: CSVDialect())
        } throws: { error in
            (error as? CSVError)?.description.contains("No such file") == true
        }
    }
}
