import Testing
@testable import WardenCore

@Suite("Single view: a person's name as shown")
struct PersonDerivationTests {
    /// A name a system wrote all in capitals or all in small letters is shown in title case; one
    /// written in mixed case is kept as the system wrote it.
    @Test func namesAreShownInTheirDisplayCase() {
        #expect(PersonDerivation.displayCase("AĞAOĞLU") == "Ağaoğlu")
        #expect(PersonDerivation.displayCase("O'NEILL") == "O'Neill")
        #expect(PersonDerivation.displayCase("aarav parmar") == "Aarav Parmar")
        #expect(PersonDerivation.displayCase("smith-jones") == "Smith-Jones")
        #expect(PersonDerivation.displayCase("McDonald") == "McDonald")
        #expect(PersonDerivation.displayCase("van der Berg") == "van der Berg")
        #expect(PersonDerivation.displayCase("李小龍") == "李小龍")
    }

    /// Of two equally trusted spellings, the one in mixed case is chosen over one typed all in
    /// small letters (which used to count as "mixed" and win).
    @Test func aMixedCaseSpellingIsPreferredToAllSmallLetters() {
        func rec(_ id: Int64, _ given: String, _ surname: String) -> PersonDerivation.Rec {
            PersonDerivation.Rec(id: id, system: "housing_benefit", source: "hb", sourceID: 1, kind: "person", role: nil,
                                 title: nil, given: given, middle: nil, surname: surname, dob: nil, gender: nil, nino: nil, nhs: nil,
                                 marital: nil, death: nil, mobile: nil, phone: nil, email: nil, uprn: nil, start: nil, end: nil, event: nil,
                                 flagCode: nil, flagDescription: nil)
        }
        let mixed = rec(1, "Aarav", "Parmar"), lower = rec(2, "aarav", "parmar")   // the tie-break favours the later id
        #expect(PersonDerivation.nameScore(mixed) > PersonDerivation.nameScore(lower))
    }
}
