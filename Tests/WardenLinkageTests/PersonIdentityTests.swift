import Testing
@testable import WardenLinkage

@Suite("Person ids across runs")
struct PersonIdentityTests {
    @Test func unchangedPeopleKeepTheirIdsAndNewcomersGetNone() {
        let prev = [1: 500, 2: 500, 3: 501]
        let clusters = [PersonCluster(id: 1, members: [1, 2]), PersonCluster(id: 3, members: [3, 9]), PersonCluster(id: 7, members: [7])]
        let a = PersonIdentity.carryForward(previous: prev, clusters: clusters)
        #expect(a.kept == [1: 500, 3: 501])
        #expect(a.retired.isEmpty)
    }

    @Test func aSplitKeepsTheIdOnTheLargerPartAndAMergeRetiresOne() {
        // person 500 had records 1, 2, 3; now 3 is found to be someone else
        let split = PersonIdentity.carryForward(previous: [1: 500, 2: 500, 3: 500],
                                                clusters: [PersonCluster(id: 1, members: [1, 2]), PersonCluster(id: 3, members: [3])])
        #expect(split.kept == [1: 500])
        // persons 600 (two records) and 601 (one) are one person after all
        let merge = PersonIdentity.carryForward(previous: [4: 600, 5: 600, 6: 601],
                                                clusters: [PersonCluster(id: 4, members: [4, 5, 6])])
        #expect(merge.kept == [4: 600])
        #expect(merge.retired == [601])
    }

    @Test func relinkingTheSameRecordsKeepsEveryId() {
        let recs = SyntheticPopulation(households: 40, seed: 8).records
        var o = PersonLinkageOptions()
        o.today = CivilDate(year: 2024, month: 6, day: 1)
        o.uSamplePairs = 10_000
        let first = PersonLinker.deduplicate(recs, options: o)
        var prev: [Int: Int] = [:]
        for c in first.clusters { for m in c.members { prev[m] = 10_000 + c.id } }
        let again = PersonLinker.deduplicate(recs.reversed(), options: o)
        let a = PersonIdentity.carryForward(previous: prev, clusters: again.clusters)
        #expect(a.retired.isEmpty)
        for c in again.clusters { #expect(a.kept[c.id] == 10_000 + c.id) }
    }
}
