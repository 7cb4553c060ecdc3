import Testing
@testable import WardenLinkage

@Suite("Person clustering: the people an officer would see")
struct PersonClusteringTests {
    let b = AdversarialBorough.shared
    typealias A = AdversarialBorough

    @Test func twinsStayTwoPeople() {
        #expect(b.together(A.amelia1, A.amelia2))
        #expect(b.together(A.olivia1, A.olivia2))
        #expect(!b.together(A.amelia1, A.olivia1))
        #expect(!b.together(A.amelia2, A.olivia2))
    }

    @Test func fatherAndSonOfOneNameStayApartEvenThroughAnElectorRecord() {
        #expect(b.together(A.father1, A.father2))
        #expect(b.together(A.son1, A.son2))
        #expect(!b.together(A.father1, A.son1))
        // the elector record (no date of birth) matches both equally: it joins neither
        #expect(!(b.together(A.elector, A.father1) && b.together(A.elector, A.son1)))
        #expect(b.result.ambiguous.contains { $0.record == A.elector } || b.size(A.elector) == 1)
    }

    /// A summons carries the account's reference but the property's address, the account the
    /// liable person's own: one of the people the account lists, told apart by name.
    @Test func aSummonsJoinsTheAccountPartyItNames() throws {
        #expect(b.together(A.soleSummons, A.soleHolder))
        #expect(b.together(A.summonsMary, A.jointMary))
        #expect(!b.together(A.summonsMary, A.jointJohn))
        #expect(!b.together(A.jointJohn, A.jointMary))
        let e = try #require(b.result.explain(A.soleSummons, A.soleHolder))
        #expect(e.context.contains("account reference"))
        #expect(e.probability > 0.99)
    }

    /// At the holder's own address the summons "D Mistry" could be Dev or his wife Divya by
    /// its name, but it carries the reference of an account that lists Dev alone: it is his.
    @Test func aSummonsOnAOnePartyAccountJoinsThatPartyNotARelativeWithHisInitial() throws {
        #expect(b.together(A.mistrySummons, A.mistryHolder))
        #expect(!b.together(A.mistrySummons, A.mistryWife))
        let e = try #require(b.result.explain(A.mistrySummons, A.mistryHolder))
        #expect(e.contributions.contains { $0.field == .reference && $0.level == 3 && $0.weight > 5 })
    }

    /// A person known under two surnames: a record under the married one joins her, though it
    /// disagrees with her records under the former one. (Here the group's support is high enough
    /// without discounting the surname; on the sample it was not: see `mergeRefusal`.)
    @Test func aRecordUnderAMarriedNameJoinsThePersonKnownUnderBoth() {
        #expect(b.together(A.renamedClaim, A.renamedTenancy) && b.together(A.renamedPass, A.renamedTenancy))
        #expect(b.together(A.renamedElector, A.renamedTenancy))
    }

    /// Mrs and Miss Faith Oyelaran live together; each elector record joins the one whose
    /// title it gives, not the other (without titles they are the same name at one address).
    @Test func aMotherAndDaughterOfOneNameAreToldApartByMrsAndMiss() throws {
        #expect(!b.together(A.claimMother, A.claimDaughter))
        #expect(b.together(A.electorMrs, A.claimMother))
        #expect(b.together(A.electorMiss, A.claimDaughter))
        #expect(!b.together(A.electorMiss, A.claimMother))
        let e = try #require(b.result.explain(A.electorMiss, A.claimMother))
        let title = try #require(e.contributions.first { $0.field == .title })
        #expect(title.weight < 0)
    }

    /// A claim that still lists him at his parents' home says he lived there while his own flat's
    /// records say he lived at the flat. His records at the flat with no date of birth are still
    /// his: the person they would join is already known to live at that flat.
    @Test func aRecordAtAHomeThePersonIsKnownAtJoinsThemDespiteAStaleClaim() {
        #expect(b.together(A.staleNonDependant, A.ownTenancy) && b.together(A.ownClaim, A.ownTenancy))
        #expect(b.together(A.ownCouncilTax, A.ownTenancy))
        #expect(b.together(A.ownElector, A.ownTenancy))
    }

    /// The same rule where it decides: with "lived elsewhere at the same time" strong enough to
    /// say two people, the council tax record without a date of birth is refused by the stale
    /// claim alone, but joins the group that already places him at the flat.
    @Test func livingElsewhereAtTheSameTimeDoesNotCountWhereTheGroupIsKnownToLive() {
        func rec(_ i: Int, _ dob: String?, _ address: String, _ uprn: Int64, _ start: CivilDate, ds: Int) -> PersonRecord {
            var r = PersonRecord(index: i, dataset: ds, givenName: "Mihai", surname: "Szymanski",
                                 dateOfBirth: dob.flatMap { PartialDate(parsing: $0) }, address: address, postcode: "E10 9WR")
            r.uprn = uprn; r.periodStart = start
            return r
        }
        let day = { (m: Int, d: Int) in CivilDate(year: 2023, month: m, day: d)! }
        let records = [rec(0, "2004-05-21", "10 Parsonage Road", 1001, day(3, 16), ds: 1),
                       rec(1, "2004-05-21", "Flat 30, 1 Winchester Street", 2002, day(9, 6), ds: 2),
                       rec(2, nil, "Flat 30, 1 Winchester Street", 2002, day(9, 6), ds: 3)]
        let engine = PersonEngine(data: PreparedPersons(records, today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        engine.activateFields()
        engine.model[.period].m = [0, 0.001, 0.4, 0.2, 0.25, 0.149]
        engine.model[.period].u = [0, 0.5, 0.05, 0.1, 0.15, 0.2]
        engine.tables = WeightTables(engine.model)
        engine.buildTF()
        let pos = { (i: Int) in Int32(engine.data.callerIndex.firstIndex(of: i)!) }
        let stale = pos(0), tenancy = pos(1), councilTax = pos(2)
        #expect(engine.mergeRefusal([councilTax], [stale]) != nil)
        #expect(engine.mergeRefusal([councilTax], [stale, tenancy]) == nil)
    }

    @Test func spousesSharingSurnameAndAddressStayApart() {
        #expect(b.together(A.john1, A.john2))
        #expect(b.together(A.mary1, A.mary2))
        #expect(!b.together(A.john1, A.mary1))
    }

    @Test func twoHundredMohammedKhansAtOneAddressMakeNoGiantCluster() {
        let sizes = A.khans.map { b.size($0) }
        #expect(sizes.max()! <= 3)
        // no two Khans with clearly different dates of birth are one person (a few whose dates
        // differ by one typed digit may pair up: the birthday paradox makes ~13 such pairs)
        let withDob = Array(A.khans.prefix(180))
        var joined = 0
        for x in withDob.indices {
            for y in (x + 1)..<withDob.count where b.together(withDob[x], withDob[y]) {
                joined += 1
                let e = b.result.explain(withDob[x], withDob[y])!
                let dob = e.contributions.first { $0.field == .dateOfBirth }!
                #expect(dob.level != Int(Level.dDifferent), "\(e)")
            }
        }
        #expect(joined < 40)
    }

    @Test func oneNINumberOnTwoDifferentPeopleIsReportedNotMerged() throws {
        #expect(!b.together(A.alice, A.boris))
        let c = try #require(b.result.conflicts.first { $0.value.hasPrefix("JK123456") })
        #expect(c.field == .nino)
        #expect(c.records.contains(A.alice) && c.records.contains(A.boris))
        let e = try #require(b.result.explain(A.alice, A.boris))
        #expect(e.probability < 0.01)
        #expect(e.notes.contains { $0.contains("identifier") })
    }

    @Test func differentNINumbersOnOtherwiseOnePersonAreReportedNotMerged() throws {
        #expect(!b.together(A.twoNinoA, A.twoNinoB))
        let c = try #require(b.result.conflicts.first { $0.records == [A.twoNinoA, A.twoNinoB] })
        #expect(c.field == .nino)
        #expect(c.value.contains("JM445566") && c.value.contains("JP778899"))
    }

    @Test func aPersonWhoMovedIsStillFound() {
        #expect(b.together(A.movedA, A.movedB))
    }

    @Test func aMarriedNameChangeIsStillOnePerson() {
        #expect(b.together(A.maidenA, A.marriedB))
    }

    @Test func nicknameTypoAndSwappedNamesAreOnePerson() {
        #expect(b.together(A.william, A.bill))
        #expect(b.together(A.william, A.swappedTypo))
    }

    @Test func degenerateRecordsDoNotCrashOrAttractLinks() {
        #expect(b.result.futureDatesOfBirth.contains(A.futureDate))
        #expect(b.size(A.emptyName) == 1)
        #expect(b.size(A.singleLetters) == 1)
        #expect(b.cluster(A.onlyPostcode) != b.cluster(A.futureDate))
    }

    @Test func aLandlordIsFoundThroughTheirLetProperty() {
        #expect(b.together(A.landlordLet, A.landlordHome))
        let why = try? #require(b.result.explain(A.landlordLet, A.landlordHome))
        #expect(why?.description.contains("property owned or let same") == true)
    }

    /// Owners are few and each is named on a record per property: two owner records in one
    /// name are one landlord far more often than two residents' records in one name are one
    /// resident, even with no home address on either.
    @Test func aLandlordNamedOnlyAsOwnerOfTwoFlatsIsOnePerson() throws {
        #expect(b.together(A.ownerFlatA, A.ownerFlatB))
        let why = try #require(b.result.explain(A.ownerFlatA, A.ownerFlatB))
        #expect(why.description.contains("named for a property, not a home on both records"))
        // a link in its own right, not only through one of the namesakes
        #expect(why.probability >= 0.9)
    }

    /// A complainant lives near what they complain about: of two residents of their name, the
    /// one whose home is in the site's postcode sector is them, the one across the borough is not.
    @Test func aComplainantIsTheNamesakeWhoLivesNearTheSite() throws {
        let (site, near, far) = (A.complainants[0], A.complainantHomes[0], A.complainantNamesakes[0])
        #expect(b.together(site, near))
        #expect(!b.together(site, far))
        let why = try #require(b.result.explain(site, near))
        #expect(why.description.contains("a complaint near the other's home"))
        #expect(why.probability >= 0.9)
        let whyNot = try #require(b.result.explain(site, far))
        // the site weighs for the neighbour and against the namesake across the borough
        #expect(why.contributions.first { $0.field == .owner }!.weight > 2)
        #expect(whyNot.contributions.first { $0.field == .owner }!.weight < 0)
        #expect(whyNot.probability < why.probability)
    }

    /// A summons to "E CELIK" on a couple's joint account is hers or his: it may be left
    /// unlinked, but it must not strand the husband's own records at the new home (his
    /// council tax, his register entry) — they are his, found through his move.
    @Test func anAmbiguousSummonsDoesNotStrandTheRecordsItResembles() {
        for k in A.coupleSurnames.indices {
            let (oldTax, newTax, elector, herTax, summons) = (A.couple(k, 0), A.couple(k, 3), A.couple(k, 5), A.couple(k, 4), A.couple(k, 6))
            #expect(b.together(newTax, oldTax), "\(A.coupleSurnames[k])")
            #expect(b.together(elector, newTax), "\(A.coupleSurnames[k])")
            #expect(!b.together(newTax, herTax))
            #expect(!b.together(summons, newTax) || !b.together(summons, herTax))
        }
    }

    /// "J Ferncastle" on an account closed the day before "Jerome Ferncastle" opens one across
    /// the borough: more likely one man who moved than two. Neither the full name nor the
    /// postcode is shared, so the pair is scored in the general context, whose prior is learned
    /// among such pairs; without the names' share of that context in the weights (most matches
    /// agree on both names, and none of this context's do) it scored 0.47 here, and on the
    /// synthetic boroughs such pairs were one person 93% of the time but scored 19%.
    @Test func aMoverKnownByAnInitialAtTheOldHomeIsMoreLikelyOneManThanTwo() throws {
        for k in A.initialMoversOld.indices {
            let why = try #require(b.result.explain(A.initialMoversOld[k], A.initialMoversNew[k]))
            #expect(why.context == "general")
            #expect(why.contributions.contains { $0.field == .period && $0.weight > 0 })
            #expect(why.probability > 0.6, "\(A.initialMoverSurnames[k]): \(why.description)")
        }
    }

    @Test func noOneTakesUpATenancyLongAfterTheirDeath() throws {
        #expect(!b.together(A.deceased, A.tenantAfterDeath))
        let why = try #require(b.result.explain(A.deceased, A.tenantAfterDeath))
        #expect(why.notes.contains { $0.contains("after the other's death") })
    }

    /// A file whose records of one person give dates of birth weeks or months apart and emails
    /// with slips of the keyboard (as Splink's test data do): EM learns those levels as one
    /// person's, so the records join, and no two people are joined by it.
    @Test func datesWeeksApartJoinWhereTheFileSaysTheyAreOnePersons() {
        var rng = SeededRandom(seed: 7, stream: "dates-apart")
        let given = ["Noah", "Julia", "Amelia", "Oliver", "Harry", "Isla", "Leo", "Freya", "Arlo", "Maya", "Ethan", "Grace"]
        let surnames = ["Watson", "Taylor", "Alexander", "Connolly", "Thomas", "Hughes", "Morgan", "Bell", "Cooper", "Evans",
                        "Jones", "Ellis", "Carr", "Brown", "Lewis", "Harris", "Walker", "King", "Hill", "Patel"]
        var records: [PersonRecord] = [], truth: [Int] = []
        func day(_ n: Int) -> String {   // a date n days after 1 January 1960
            var y = 1960, d = n
            while d >= 365 { d -= 365; y += 1 }
            let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            var m = 0
            while d >= lengths[m] { d -= lengths[m]; m += 1 }
            return String(format: "%04d-%02d-%02d", y, m + 1, d + 1)
        }
        for p in 0..<240 {
            let g = given[p % given.count], sn = surnames[(p / given.count) % surnames.count]
            let born = Int(rng.next() % 20_000), mail = "\(g.lowercased())\(p)@\(sn.lowercased()).example.com"
            for k in 0..<4 {
                var dob = born
                if k >= 2 { dob += Int(rng.next() % 120) - 60 }          // weeks or months out
                var email: String? = mail
                if k == 3 { email = String(mail.dropFirst(1)) }          // a letter lost
                if k == 1 && p % 3 == 0 { email = nil }
                records.append(PersonRecord(index: records.count, givenName: g, surname: sn, dateOfBirth: PartialDate(parsing: day(dob)),
                                            email: email, town: ["Leeds", "Bolton", "London"][p % 3]))
                truth.append(p)
            }
        }
        let r = PersonLinker.deduplicate(records)
        var together = 0, wrong = 0, total = 0
        for i in records.indices {
            for j in (i + 1)..<records.count {
                let same = r.clusterIdByPosition[i] == r.clusterIdByPosition[j]
                if truth[i] == truth[j] { total += 1; if same { together += 1 } } else if same { wrong += 1 }
            }
        }
        #expect(wrong == 0)
        #expect(Double(together) / Double(total) > 0.95, "\(together) of \(total) pairs of one person's records together")
    }

    @Test func membersOfOneClaimAreNeverLinked() {
        #expect(!b.together(A.claimA, A.claimB))
    }

    @Test func noClusterIsImplausiblyLarge() {
        // the busiest person in the synthetic borough has a handful of records
        #expect(b.result.clusters.map(\.members.count).max()! <= 12)
    }

    @Test func syntheticBoroughIsLinkedWithHighPrecision() {
        let pop = SyntheticPopulation(households: 260, seed: 5)
        let n = pop.records.count
        var predicted = Set<SyntheticPopulation.PairKey>()
        for c in b.result.clusters where c.members.count > 1 {
            let inPop = c.members.filter { $0 < n }
            for x in 0..<inPop.count { for y in (x + 1)..<inPop.count { predicted.insert(.init(inPop[x], inPop[y])) } }
        }
        let score = SyntheticPopulation.pairwise(predicted: predicted, truth: pop.truth)
        #expect(score.precision >= 0.97)
        #expect(score.recall >= 0.80)
    }
}

@Suite("Person linkage: explanations and determinism")
struct PersonExplanationTests {
    typealias A = AdversarialBorough

    @Test func explanationListsEveryLevelAndAddsUpToTheScore() throws {
        let e = try #require(AdversarialBorough.shared.result.explain(A.william, A.bill))
        let given = try #require(e.contributions.first { $0.field == .givenName })
        #expect(given.levelLabel == "nickname")
        #expect(given.total > 0)
        #expect(given.valueA == "william" || given.valueB == "william")
        let sum = e.contributions.reduce(e.priorWeight) { $0 + $1.total }
        #expect(abs(sum - e.totalWeight) < 0.01)
        #expect(e.probability > 0.9)
        #expect(e.description.contains("given name nickname"))
        #expect(e.description.contains("→"))
    }

    @Test func linkedPairsCarryProbabilitiesAboveTheThreshold() {
        let r = AdversarialBorough.shared.result
        #expect(!r.linkedPairs.isEmpty)
        for p in r.linkedPairs where p.probability < 0.05 {
            Issue.record("\(p.a)–\(p.b) linked at \(p.probability): \(r.explain(p.a, p.b)!)")
        }
        let rows = r.pairRows { "r\($0)" }
        #expect(rows.first == ["id_a", "id_b", "probability", "match_weight", "linked", "context", "explanation"])
        #expect(rows.count > 1)
    }

    static func smallBorough() -> [PersonRecord] { SyntheticPopulation(households: 70, seed: 21).records }

    static func options() -> PersonLinkageOptions {
        var o = PersonLinkageOptions()
        o.today = CivilDate(year: 2024, month: 6, day: 1)
        o.uSamplePairs = 20_000
        return o
    }

    @Test func sameInputTwiceGivesIdenticalClustersAndIds() {
        let recs = Self.smallBorough()
        let a = PersonLinker.deduplicate(recs, options: Self.options())
        let b = PersonLinker.deduplicate(recs, options: Self.options())
        #expect(a.clusters == b.clusters)
        #expect(a.clusterIdByPosition == b.clusterIdByPosition)
        #expect(a.pairs == b.pairs)
    }

    @Test func shuffledInputGivesTheSameClusters() {
        let recs = Self.smallBorough()
        var shuffled = recs
        var rng = SeededRandom(seed: 4, stream: "shuffle")
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.roll(i + 1)) }
        let a = PersonLinker.deduplicate(recs, options: Self.options())
        let b = PersonLinker.deduplicate(shuffled, options: Self.options())
        #expect(a.clusters == b.clusters)
        #expect(a.pairs == b.pairs)
        #expect(a.clusters.contains { $0.members.count > 1 })
    }

    @Test func linkModeComparesOnlyAcrossTheTwoFiles() {
        let recs = Self.smallBorough()
        let left = recs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let right = recs.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let r = PersonLinker.link(left, right, options: Self.options())
        let leftIds = Set(left.map(\.index))
        #expect(!r.pairs.isEmpty)
        for p in r.pairs { #expect(leftIds.contains(p.a) != leftIds.contains(p.b)) }
    }

    @Test func aStoredModelReproducesTheRun() {
        let recs = Self.smallBorough()
        let first = PersonLinker.deduplicate(recs, options: Self.options())
        var o = Self.options()
        o.model = first.model
        let again = PersonLinker.deduplicate(recs, options: o)
        #expect(again.clusters == first.clusters)
    }

    @Test func emptyAndTinyInputsAreFine() {
        #expect(PersonLinker.deduplicate([], options: Self.options()).clusters.isEmpty)
        let one = PersonLinker.deduplicate([PersonRecord(index: 1, givenName: "A")], options: Self.options())
        #expect(one.clusters == [PersonCluster(id: 1, members: [1])])
    }
}
