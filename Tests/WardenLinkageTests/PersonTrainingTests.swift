import Testing
@testable import WardenLinkage
#if canImport(Glibc)
import Glibc
#endif

/// A level drawn from its probabilities (index 0, "missing", never drawn).
private func drawLevel(_ p: [Double], _ rng: inout SeededRandom) -> UInt8 {
    var x = rng.unit(), l = 1
    while l < p.count - 1 && x >= p[l] { x -= p[l]; l += 1 }
    return UInt8(l)
}

@Suite("Person model training")
struct PersonTrainingTests {
    /// Patterns drawn from a known model: EM must recover m and the match rate.
    @Test func emRecoversKnownMProbabilitiesWithUFixed() {
        let fields: [PersonField] = [.sex, .nhsNumber, .nino, .address, .dateOfBirth]
        let trueM: [PersonField: [Double]] = [
            .sex: [0, 0.95, 0.05], .nhsNumber: [0, 0.9, 0.1], .nino: [0, 0.85, 0.05, 0.10],
            .address: [0, 0.2, 0.4, 0.2, 0.1, 0.05, 0.05], .dateOfBirth: [0, 0.8, 0.05, 0.08, 0.03, 0.01, 0.01, 0.02],
        ]
        let trueU: [PersonField: [Double]] = [
            .sex: [0, 0.5, 0.5], .nhsNumber: [0, 0.01, 0.99], .nino: [0, 0.01, 0.02, 0.97],
            .address: [0, 0.01, 0.02, 0.03, 0.1, 0.2, 0.64], .dateOfBirth: [0, 0.01, 0.01, 0.04, 0.03, 0.005, 0.015, 0.89],
        ]
        let lambda = 0.25
        var rng = SeededRandom(seed: 99, stream: "em-test")
        var counts: [UInt64: Double] = [:]
        for _ in 0..<40_000 {
            let match = rng.unit() < lambda
            var v = LevelVector()
            for f in fields { v[f] = drawLevel(match ? trueM[f]! : trueU[f]!, &rng) }
            counts[v.packed, default: 0] += 1
        }
        let patterns = counts.keys.sorted().map { (LevelVector(packed: $0), counts[$0]!) }
        let engine = PersonEngine(data: PreparedPersons([], today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        for f in fields { engine.model[f].u = trueU[f]! }
        let r = engine.emForM(patterns, free: fields)
        #expect(abs(r.lambda - lambda) < 0.02)
        for f in fields {
            for l in 1..<trueM[f]!.count {
                #expect(abs(r.m[f.rawValue][l] - trueM[f]![l]) < 0.03, "m(\(f), level \(l))")
            }
        }
    }

    /// Namesakes living apart, 30% of them one person: the prior read off the dated pairs
    /// must say so, whatever EM would make of the undated ones.
    @Test func sameNamePriorIsReadOffDatesOfBirth() throws {
        var rng = SeededRandom(seed: 7, stream: "same-name")
        let engine = PersonEngine(data: PreparedPersons([], today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        engine.model[.dateOfBirth].m = [0, 0.9, 0.02, 0.05, 0.01, 0.02]
        engine.model[.dateOfBirth].u = [0, 0.0002, 0.0001, 0.002, 0.01, 0.9877]
        var patterns: [(LevelVector, Double, Double)] = []
        for _ in 0..<5_000 {
            var v = LevelVector()
            let one = rng.unit() < 0.3
            if rng.unit() < 0.25 {     // a quarter of the pairs are dated on both sides
                let x = rng.unit()
                v[.dateOfBirth] = one ? (x < 0.9 ? Level.dExact : x < 0.95 ? Level.dOnePart : Level.dDifferent)
                                      : (x < 0.002 ? Level.dOnePart : Level.dDifferent)
            }
            patterns.append((v, 1, 0))
        }
        let prior = try #require(engine.sameNamePriorFromDates(patterns))
        #expect(abs(prior.lambda - 0.3) < 0.05, "prior \(prior.lambda)")
        // too few dated pairs: no estimate (EM's prior stands)
        #expect(engine.sameNamePriorFromDates(Array(patterns.prefix(400))) == nil)
    }

    /// Namesakes living apart, 30% of them one person who moved: with the prior known, the
    /// m of when they lived at each address is recovered, though the general m (learned
    /// mostly on records at one address) said a move was rare.
    @Test func aMoveIsLearnedAmongNamesakesLivingApart() {
        var rng = SeededRandom(seed: 11, stream: "same-name-m")
        let engine = PersonEngine(data: PreparedPersons([], today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        let trueM = [0, 0.03, 0.4, 0.2, 0.25, 0.12], u = [0, 0.45, 0.03, 0.07, 0.2, 0.25]
        engine.model[.period].m = [0, 0.7, 0.05, 0.05, 0.1, 0.1]
        engine.model[.period].u = u
        engine.model[.sex].m = [0, 0.97, 0.03]
        engine.model[.sex].u = [0, 0.5, 0.5]
        var counts: [UInt64: Double] = [:]
        for _ in 0..<20_000 {
            let one = rng.unit() < 0.3
            var v = LevelVector()
            v[.period] = drawLevel(one ? trueM : u, &rng)
            v[.sex] = drawLevel(one ? [0, 0.97, 0.03] : [0, 0.5, 0.5], &rng)
            counts[v.packed, default: 0] += 1
        }
        let patterns = counts.keys.sorted().map { (LevelVector(packed: $0), counts[$0]!, 0.0) }
        let learned = engine.sameNameM(patterns, lambda: 0.3, fields: [.period])
        #expect(learned.count == 1)
        let m = learned.first?.1 ?? []
        for l in 1..<trueM.count { #expect(abs(m[l] - trueM[l]) < 0.05, "m(period, level \(l)) = \(m[l])") }
    }

    /// Namesakes whose dates of birth differ are two people: how often they share a member of
    /// the household is the household comparison's u, however EM would explain them.
    @Test func householdUIsReadOffNamesakesWithDifferentDates() throws {
        let engine = PersonEngine(data: PreparedPersons([], today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        var patterns: [(LevelVector, Double, Double)] = []
        func add(_ dob: UInt8, _ household: UInt8, _ n: Double) {
            var v = LevelVector(); v[.dateOfBirth] = dob; v[.household] = household
            patterns.append((v, n, 0))
        }
        add(Level.dDifferent, 1, 10); add(Level.dDifferent, 2, 40); add(Level.dDifferent, 3, 950)
        add(Level.dExact, 1, 300); add(Level.dExact, 3, 100)          // one person: not counted
        let u = try #require(engine.householdUFromDates(patterns))
        #expect(abs(u[1] - 0.01) < 0.002 && abs(u[2] - 0.04) < 0.002 && abs(u[3] - 0.95) < 0.002, "\(u)")
        // too few such pairs: no estimate
        #expect(engine.householdUFromDates(Array(patterns.prefix(2))) == nil)
    }

    /// Family pairs where one given name is only an initial are 65% one person, the rest of the
    /// family 40%: the initials' own prior is read off how often the initial agrees, and a pair
    /// where it agrees scores higher than the family prior alone would let it.
    @Test func familyPairsHoldingAnInitialGetTheirOwnPrior() throws {
        var rng = SeededRandom(seed: 5, stream: "family-initial")
        let engine = PersonEngine(data: PreparedPersons([], today: CivilDate(year: 2024, month: 1, day: 1)!),
                                  mode: .deduplicate, options: PersonLinkageOptions())
        // among full names: one person agrees on the first letter 98% of the time, relatives 10%
        engine.model[.givenName].m = [0, 0.9, 0.03, 0.03, 0.01, 0.01, 0.005, 0.005, 0.01, 0.001, 0.009]
        engine.model[.givenName].uFamily = [0, 0.01, 0.005, 0.005, 0.01, 0.01, 0.005, 0.005, 0.85, 0.02, 0.08]
        engine.model.familyLambda = 0.4
        var patterns: [(LevelVector, Double)] = []
        for _ in 0..<4_000 {
            let one = rng.unit() < 0.65
            let (mA, uA) = try #require(PersonField.initialAgreement(m: engine.model[.givenName].m, u: engine.model[.givenName].uFamily!))
            var v = LevelVector()
            v[.givenName] = rng.unit() < (one ? mA : uA) ? Level.gInitial : Level.gInitialDifferent
            patterns.append((v, 1))
        }
        engine.estimateFamilyInitialPrior(patterns)
        let prior = try #require(engine.model.familyInitialLambda)
        #expect(abs(prior - 0.65) < 0.04, "prior \(prior)")
        let lifted = engine.model.weight(.givenName, Level.gInitial, context: .family)
        engine.model.familyInitialLambda = nil
        let plain = engine.model.weight(.givenName, Level.gInitial, context: .family)
        #expect(abs((lifted - plain) - (log2(prior / (1 - prior)) - log2(0.4 / 0.6))) < 1e-9)
        // pairs without an initial keep the family prior
        #expect(engine.model.weight(.givenName, Level.gExact, context: .family) > 0)
    }

    @Test func rareSurnameAgreementIsStrongerEvidenceThanCommon() throws {
        let r = AdversarialBorough.shared.result
        let rare = try #require(r.explain(AdversarialBorough.rareA, AdversarialBorough.rareB))
        let common = try #require(r.explain(AdversarialBorough.commonA, AdversarialBorough.commonB))
        let rs = try #require(rare.contributions.first { $0.field == .surname })
        let cs = try #require(common.contributions.first { $0.field == .surname })
        #expect(rs.level == 1 && cs.level == 1)
        let rtf = try #require(rs.termFrequencyAdjustment), ctf = try #require(cs.termFrequencyAdjustment)
        #expect(rtf > 0)          // rarer than an average surname
        #expect(rtf > ctf + 2)    // far rarer than Smith
        #expect(rs.total > cs.total + 2)
    }

    @Test func trainingLearnsThatDisagreeingGivenNamesAndDatesAreStrongEvidenceAgainst() {
        let model = AdversarialBorough.shared.result.model
        #expect(model.weight(.givenName, Level.gDifferent) < -4)
        #expect(model.weight(.dateOfBirth, Level.dDifferent) < -3)
        #expect(model.weight(.dateOfBirth, Level.dExact) > 8)
        // in the family context a shared date of birth says less than in general (twins)
        #expect(model.weight(.dateOfBirth, Level.dExact, context: .family) < model.weight(.dateOfBirth, Level.dExact))
        // and a probability prior that is tiny for random pairs, larger for one family
        #expect(model.lambda < 0.01)
        #expect((model.familyLambda ?? 0) > model.lambda)
    }
}
