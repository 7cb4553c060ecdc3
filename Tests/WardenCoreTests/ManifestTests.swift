import Testing
import WardenLinkage
@testable import WardenCore

@Suite("Manifest")
struct ManifestTests {
    @Test func theFixtureManifestReadsWithEveryDialectSetting() throws {
        let m = try Manifest.parse(text: Fixture.manifest, path: "/x/sources.toml")
        #expect(m.borough.name == "Test Borough")
        #expect(m.sources.map(\.name) == ["gazetteer", "council_tax", "benefits"])
        let ct = try #require(m.source(named: "council_tax"))
        #expect(ct.dialect.delimiter == UInt8(ascii: "|"))
        #expect(ct.columns.first { $0.column == "Start Date" }?.required == true)
        #expect(ct.columns.first { $0.column == "SPD" }?.values["y"] == "single_person")
        #expect(m.source(named: "benefits")?.encoding == .windows1252)
    }

    @Test func aTypoInAFieldNameIsReportedWithItsLineAndASuggestion() {
        let text = Fixture.manifest.replacingOccurrences(of: "POSTCODE = \"postcode\"\nDOB", with: "POSTCODE = \"postcdoe\"\nDOB")
        #expect {
            _ = try Manifest.parse(text: text, path: "sources.toml")
        } throws: { error in
            let e = error as! UserFacingError
            let expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("postcdoe") }! + 1
            return e.line == expectedLine && e.description.contains("did you mean \"postcode\"")
        }
    }

    @Test func severalProblemsAreAllReported() {
        let text = Fixture.manifest
            .replacingOccurrences(of: "kind = \"person\"\ntitle", with: "kind = \"persn\"\ntitle")
            .replacingOccurrences(of: "encoding = \"windows-1252\"", with: "encodng = \"windows-1252\"")
        #expect {
            _ = try Manifest.parse(text: text, path: "sources.toml")
        } throws: { error in
            let d = String(describing: error)
            return d.contains("unknown kind \"persn\"") && d.contains("did you mean \"person\"")
                && d.contains("encodng") && d.contains("did you mean \"encoding\"")
        }
    }

    @Test func brokenTOMLSyntaxNamesTheLine() {
        #expect {
            _ = try Manifest.parse(text: "[borough]\nname = \"x\nas_of = 1\n", path: "sources.toml")
        } throws: { error in
            (error as? UserFacingError)?.line == 2
        }
    }

    @Test func anEventSourceWithoutAnEventTypeIsRefused() {
        let text = """
        [borough]
        name = "B"
        [[source]]
        name = "asb"
        kind = "event"
        file = "asb.csv"
        [source.columns]
        REF = "record_key"
        """
        #expect(throws: UserFacingError.self) { _ = try Manifest.parse(text: text, path: "m.toml") }
    }
}

@Suite("Field validation")
struct FieldParserTests {
    let parser = FieldParser(asOf: CivilDate(iso: "2026-10-31")!, dateFormats: ["dd/MM/yyyy", "yyyy-MM-dd", "dd-MMM-yy", "yyyyMMdd"])

    @Test func datesInEveryDeclaredFormatBecomeISO() {
        #expect(parser.parse("28/10/1955", as: .dob) == .value("1955-10-28"))
        #expect(parser.parse("1955-10-28", as: .dob) == .value("1955-10-28"))
        #expect(parser.parse("28-Oct-55", as: .dob) == .value("1955-10-28"))
        #expect(parser.parse("19551028", as: .dob) == .value("1955-10-28"))
        #expect(parser.parse("3/4/2020", as: .startDate) == .value("2020-04-03"))
        #expect(parser.parse("12/03/2024 14:05", as: .eventDate) == .value("2024-03-12"))
        #expect(parser.parse("01-Jan-30", as: .endDate) == .value("2030-01-01"))
    }

    @Test func impossibleFutureAndSwappedDatesAreCaught() {
        #expect(parser.parse("31/02/1980", as: .dob) == .invalid("not a real date"))
        #expect(parser.parse("01/01/2030", as: .dob) == .invalid("in the future (after the extract date 2026-10-31)"))
        #expect(parser.parse("12/25/1980", as: .dob) == .repaired("1980-12-25", note: "day and month the other way round (read the other way)"))
        if case .invalid(let why) = parser.parse("tomorrow", as: .startDate) { #expect(why.contains("dd/MM/yyyy")) } else { Issue.record("accepted") }
    }

    @Test func identifiersAreNormalisedOrRefused() {
        #expect(parser.parse(" ab 12 34 56 c ", as: .nino) == .value("AB123456C"))
        #expect(parser.parse("943 476 5919", as: .nhsNumber) == .value("9434765919"))
        #expect(parser.parse("9434765918", as: .nhsNumber) == .invalid("the NHS number's check digit is wrong (modulus 11)"))
        #expect(parser.parse("e174ab", as: .postcode) == .value("E17 4AB"))
        #expect(parser.parse("+44 7700 900123", as: .phone) == .value("07700900123"))
        #expect(parser.parse("Female", as: .gender) == .value("F"))
        #expect(parser.parse("£1,234.50", as: .amount) == .value("1234.50"))
        #expect(parser.parse("Bob@Example.COM", as: .email) == .value("bob@example.com"))
        #expect(parser.parse("bob at example", as: .email) == .invalid("not an email address"))
    }

    @Test func fullNamesSplitByFormat() {
        #expect(NameParts.split("Mr John Paul SMITH", format: .titleForenamesSurname) == NameParts(title: "Mr", given: "John", middle: "Paul", surname: "SMITH"))
        #expect(NameParts.split("Maria DE LA CRUZ", format: .titleForenamesSurname) == NameParts(title: nil, given: "Maria", middle: nil, surname: "DE LA CRUZ"))
        #expect(NameParts.split("Ludwig van Beethoven", format: .titleForenamesSurname).surname == "van Beethoven")
        #expect(NameParts.split("SMITH, John Paul (Mr)", format: .surnameCommaForenames).surname == "SMITH")
        #expect(NameParts.split("AĞAOĞLU, Zoë", format: .surnameCommaForenames) == NameParts(title: nil, given: "Zoë", middle: nil, surname: "AĞAOĞLU"))
        #expect(NameParts.split("李 小龍", format: .surnameForenames) == NameParts(title: nil, given: "小龍", middle: nil, surname: "李"))
    }
}
