import Testing
@testable import WardenLinkage

@Suite("Text: string metrics, folding, nicknames, phonetic keys")
struct TextMetricsTests {
    @Test func jaroWinklerMatchesPublishedValues() {
        // Winkler's classic examples
        #expect(abs(StringMetrics.jaroWinkler("MARTHA", "MARHTA") - 0.9611) < 0.001)
        #expect(abs(StringMetrics.jaroWinkler("DWAYNE", "DUANE") - 0.84) < 0.001)
        #expect(abs(StringMetrics.jaroWinkler("DIXON", "DICKSONX") - 0.8133) < 0.001)
        #expect(StringMetrics.jaroWinkler("smith", "smith") == 1)
        #expect(StringMetrics.jaroWinkler("abc", "xyz") == 0)
        #expect(StringMetrics.jaroWinkler("", "") == 1)
    }

    @Test func jaroWinklerWorksOnLettersNotBytes() {
        // "ğ" is one letter: one substitution in seven letters, not a two-byte difference
        #expect(StringMetrics.jaroWinkler("ağaoglu", "agaoglu") > 0.9)
        #expect(StringMetrics.levenshtein("ağaoğlu", "agaoglu") == 2)
        #expect(StringMetrics.damerauLevenshtein("李小龍", "李小龙") == 1)
    }

    @Test func editDistancesCountTranspositionsOnlyInDamerau() {
        #expect(StringMetrics.levenshtein("kitten", "sitting") == 3)
        #expect(StringMetrics.levenshtein("jonh", "john") == 2)
        #expect(StringMetrics.damerauLevenshtein("jonh", "john") == 1)
        #expect(StringMetrics.damerauLevenshtein("", "abc") == 3)
    }

    @Test func boundedEditDistanceStopsEarly() {
        let a: [UInt32] = Array("christopher".unicodeScalars.map(\.value))
        let b: [UInt32] = Array("kristoffer".unicodeScalars.map(\.value))
        let d = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
            StringMetrics.editDistance(x, y, transpositions: true, bound: 1) } }
        #expect(d == 2)  // "more than one"
    }

    @Test func foldingRemovesCaseAccentsAndApostrophes() {
        #expect(TextFolding.folded("  Zoë  AĞAOĞLU ") == "zoe agaoglu")
        #expect(TextFolding.tokens("O'Brien-Smith") == ["obrien", "smith"])
        #expect(TextFolding.folded("Groß Straße") == "gross strasse")
        #expect(TextFolding.folded("李小龍") == "李小龍")
        #expect(TextFolding.tokens("") == [])
    }

    @Test func nicknamesAreEquivalentButUnrelatedNamesAreNot() {
        #expect(Nicknames.areEquivalent("Bill", "William"))
        #expect(Nicknames.areEquivalent("Peggy", "Margaret"))
        #expect(Nicknames.areEquivalent("alex", "Alexandra"))
        #expect(Nicknames.areEquivalent("Mohammed", "Muhammad"))
        #expect(!Nicknames.areEquivalent("Bill", "Robert"))
        #expect(!Nicknames.areEquivalent("Peggy", "Elizabeth"))
        // the English names people of other languages go by
        #expect(Nicknames.areEquivalent("Giuseppe", "Joe"))
        #expect(Nicknames.areEquivalent("Łukasz", "Luke"))
        #expect(Nicknames.areEquivalent("Małgorzata", "Gosia"))
        #expect(!Nicknames.areEquivalent("Yusuf", "Joe"))
        #expect(!Nicknames.areEquivalent("Łukasz", "Lucy"))
    }

    @Test func soundexGroupsNamesThatSoundAlike() {
        #expect(Phonetic.soundex("robert") == "R163")
        #expect(Phonetic.soundex("rupert") == "R163")
        #expect(Phonetic.soundex("ashcraft") == "A261")
        #expect(Phonetic.soundex("tymczak") == "T522")
        #expect(Phonetic.soundex("smith") == Phonetic.soundex("smyth"))
        #expect(Phonetic.soundex("smith") != Phonetic.soundex("jones"))
        #expect(Phonetic.soundex("李小龍") == "李小龍")
    }
}
