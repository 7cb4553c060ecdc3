import Testing
@testable import WardenLinkage

@Suite("UK identifiers")
struct IdentifierTests {
    @Test func nhsNumbersWithValidCheckDigitsAreAccepted() throws {
        #expect(try UKIdentifiers.normaliseNHS("943 476 5919").get() == "9434765919")
        #expect(try UKIdentifiers.normaliseNHS("401-023-2137").get() == "4010232137")
    }

    @Test func nhsNumbersWithWrongCheckDigitOrShapeAreRejected() {
        #expect(throws: UKIdentifiers.NHSProblemError.self) { try UKIdentifiers.normaliseNHS("9434765918").get() }
        #expect(throws: UKIdentifiers.NHSProblemError.self) { try UKIdentifiers.normaliseNHS("94347659").get() }
        #expect(throws: UKIdentifiers.NHSProblemError.self) { try UKIdentifiers.normaliseNHS("94347A5919").get() }
    }

    @Test func ninoIsNormalisedAndHMRCPrefixRulesApply() {
        #expect(UKIdentifiers.normaliseNINO("ab 12 34 56 c") == "AB123456C")
        #expect(UKIdentifiers.normaliseNINO("AB123456") == "AB123456")
        #expect(UKIdentifiers.normaliseNINO("GB123456A") == nil)   // unallocated prefix
        #expect(UKIdentifiers.normaliseNINO("DA123456A") == nil)   // D never first
        #expect(UKIdentifiers.normaliseNINO("AB123456E") == nil)   // suffix A-D only
        #expect(UKIdentifiers.normaliseNINO("AB12345") == nil)
    }

    @Test func postcodesAreNormalisedWhateverTheSpacing() {
        #expect(UKIdentifiers.normalisePostcode("e174ab") == "E17 4AB")
        #expect(UKIdentifiers.normalisePostcode("SW1A  2AA") == "SW1A 2AA")
        #expect(UKIdentifiers.normalisePostcode("W1 1AA") == "W1 1AA")
        #expect(UKIdentifiers.normalisePostcode("EC1A 1BB") == "EC1A 1BB")
        #expect(UKIdentifiers.normalisePostcode("E17 4A8") == nil)
        #expect(UKIdentifiers.normalisePostcode("1E7 4AB") == nil)
        #expect(UKIdentifiers.normalisePostcode("") == nil)
    }

    @Test func uprnsKeepTheirValueAndPrintWithTwelveDigits() {
        #expect(UKIdentifiers.parseUPRN("000046067795") == 46067795)
        #expect(UKIdentifiers.formatUPRN(46067795) == "000046067795")
        #expect(UKIdentifiers.parseUPRN("1234567890123") == nil)
        #expect(UKIdentifiers.parseUPRN("12a") == nil)
    }

    @Test func civilDatesRoundTripAndComputeAges() throws {
        let d = try #require(CivilDate(year: 1955, month: 10, day: 28))
        #expect(d.iso == "1955-10-28")
        #expect(CivilDate(iso: "1955-10-28") == d)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        let today = try #require(CivilDate(iso: "2016-05-01"))
        #expect(d.years(to: today) == 60)
        #expect(d.ukFormat == "28/10/1955")
        #expect(CivilDate(dayNumber: 0).iso == "1970-01-01")
    }

    @Test func seededRandomIsReproducibleAndStreamsAreIndependent() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42)
        let xs = (0..<5).map { _ in a.next() }, ys = (0..<5).map { _ in b.next() }
        #expect(xs == ys)
        var c = SeededRandom(seed: 42, stream: "names")
        #expect(c.next() != xs[0])
        // Every value of 0..<10 comes up, each about a tenth of the time.
        var r = SeededRandom(seed: 7)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { counts[r.below(10)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 }, "\(counts)")
        var u = SeededRandom(seed: 8)
        let mean = (0..<10_000).reduce(0.0) { acc, _ in acc + u.unit() } / 10_000
        #expect(abs(mean - 0.5) < 0.02)
    }
}
