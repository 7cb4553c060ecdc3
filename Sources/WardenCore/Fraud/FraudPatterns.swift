import Foundation
import WardenLinkage

/// A case the scan found, before it is stored: the rule, the records that claim the benefit, the
/// evidence with the weight each carried, and how the risk and value were made.
struct FraudCandidate {
    struct Evidence {
        var record: Int32
        var role: String
        var weight: Double?
        var detail: String?
        /// Confidence that this record is the person the case says (linkage or name and date of birth).
        var identity: Double?
    }

    var rule: FraudRule
    var claimRecords: [Int32]
    var subjectRecord: Int32
    var uprn: Int64?
    /// 0–1 parts of the risk.
    var strength: Double
    var confidence: Double
    var corroboration: Double
    var sources: Int
    var summary: String
    var evidence: [Evidence]
    var notes: [String]
    var quantities: [String: Double]
    /// The share of a year the loss ran for, where it has stopped (a badge that expired some
    /// months after its holder died): the value is that share of the formula's yearly figure.
    var valueShare: Double = 1

    var riskExact: Double { 100 * strength * confidence * corroboration }
    var risk: Int { Int(max(0, min(100, riskExact.rounded()))) }
    var value: Double { (rule.formula.evaluate(quantities) * valueShare * 100).rounded() / 100 }
}

/// Runs the patterns over the in-memory warehouse.
struct FraudDetector {
    let world: FraudWorld
    let rules: FraudRuleSet
    let reader: HouseholdReader

    init(world: FraudWorld, rules: FraudRuleSet) {
        self.world = world
        self.rules = rules
        self.reader = HouseholdReader(world: world, rules: rules)
    }

    static let primaryRoles: Set<String> = ["claimant", "holder", "liable", "joint_liable", "tenant", "joint_tenant", "ratepayer", "applicant"]
    static let liabilityRoles: Set<String> = ["liable", "joint_liable"]
    /// A discount awarded within this many days of its account opening was claimed on moving in,
    /// not on a change of household.
    static let discountAtOpeningDays: Int32 = 90
    /// Below this, a same-name record elsewhere (one of dozens of namesakes, no date of birth or
    /// move to tie them) cannot change a finding: it is not weighed.
    static let negligibleIdentity = 0.02

    func candidates(for rule: FraudRule) -> [FraudCandidate] {
        switch rule.pattern {
        case .discountWithOtherAdults: return discountWithOtherAdults(rule)
        case .holderActiveAfterDeath: return holderActiveAfterDeath(rule)
        case .tenantLivingElsewhere: return tenantLivingElsewhere(rule)
        case .householdOmitsAdult: return householdOmitsAdult(rule)
        case .exemptionWithResidents: return exemptionWithResidents(rule)
        case .reliefOnSeveralProperties: return reliefOnSeveralProperties(rule)
        }
    }

    // MARK: - Shared helpers

    /// Evaluates every claim, on every core.
    private func each(_ groups: [[Int32]], _ body: @Sendable ([Int32]) -> FraudCandidate?) -> [FraudCandidate] {
        parallelMap(groups, chunk: 32, body).compactMap { $0 }
    }

    private func rec(_ i: Int32) -> FraudWorld.Record { world.records[Int(i)] }

    /// Current records of the claim system, one group (account, claim, tenancy) at a time.
    private func claims(_ rule: FraudRule, _ keep: (FraudWorld.Record) -> Bool) -> [[Int32]] {
        let sources = world.sourceIndexes(system: rule.claimSystem)
        var seen: Set<Int64> = []
        var out: [[Int32]] = []
        for (i, r) in world.records.enumerated() where sources.contains(r.source) && r.uprn != 0 && reader.isCurrent(r) && keep(r) {
            if r.group != 0 {
                guard seen.insert(r.group).inserted else { continue }
                let rows = (world.byGroup[r.group] ?? [Int32(i)]).filter { j in
                    let x = rec(j)
                    return x.uprn == r.uprn && reader.isCurrent(x) && keep(x) && reader.isResidentRole(x)
                }
                if !rows.isEmpty { out.append(rows) }
            } else {
                out.append([Int32(i)])
            }
        }
        return out
    }

    private func bandCharge(_ r: FraudWorld.Record) -> Double {
        var band = r.band
        if band == 0 { band = world.properties[r.uprn]?.band ?? 0 }
        guard band != 0 else { return 0 }
        return rules.bandCharges[world.string(band)] ?? 0
    }

    private func quantities(_ r: FraudWorld.Record, adults: Int = 0, properties: Int = 0) -> [String: Double] {
        ["band_charge": bandCharge(r), "weekly_amount": Double(r.amount), "rateable_value": Double(r.rateableValue),
         "adults": Double(adults), "properties": Double(properties)]
    }

    private func systemsLabel(_ systems: some Sequence<String>) -> String {
        let names = Set(systems).sorted().map { $0.replacingOccurrences(of: "_", with: " ") }
        return names.joined(separator: ", ")
    }

    /// 1 - Π(1 - p): the chance that at least one of independent findings is true.
    private func anyOf(_ ps: [Double]) -> Double { 1 - ps.reduce(1) { $0 * (1 - max(0, min(1, $1))) } }

    private func day(_ d: Int32) -> String { d == FraudWorld.noDay ? "?" : CivilDate(dayNumber: d).iso }

    private func evidenceOf(_ p: Presence, role: String, identity: Double? = nil) -> [FraudCandidate.Evidence] {
        var out = p.current.map { FraudCandidate.Evidence(record: $0.record, role: role, weight: ($0.weight * 1000).rounded() / 1000, detail: nil, identity: identity) }
        out += p.ended.map { FraudCandidate.Evidence(record: $0, role: "context", weight: 0, detail: "ended: speaks against living there now", identity: identity) }
        return out
    }

    // MARK: - Single person discount

    func discountWithOtherAdults(_ rule: FraudRule) -> [FraudCandidate] {
        guard let discount = rule.discount.flatMap({ world.code($0.lowercased()) }) else { return [] }
        let evidence = Set(rule.evidence)
        let systems = evidence.union([rule.claimSystem])
        return each(claims(rule, { $0.discount == discount })) { rows in
            let claim = rec(rows[0])
            let h = reader.household(at: claim.uprn, systems: systems)
            let holders = Set(rows.compactMap { h.member(of: $0) })
            var ps: [Double] = []
            var ev = rows.map { FraudCandidate.Evidence(record: $0, role: "claim", weight: nil, detail: "discount for one adult", identity: nil) }
            var notes: [String] = []
            var systemsSeen: Set<String> = []
            var adults = 0
            let claimSet = Set(rows)
            let claimSources = world.sourceIndexes(system: rule.claimSystem)
            let claimStart = rows.map { rec($0).start }.filter { $0 != FraudWorld.noDay }.max() ?? FraudWorld.noDay
            // The discount awarded to a holder already living here (on this account before the award,
            // or on earlier records here — a joint account the other party has left): not a move-in
            // claim but a change of household — an adult left then, by the holder's account.
            let awarded = rows.map { rec($0).discountFrom }.filter { $0 != FraudWorld.noDay }.max() ?? claimStart
            var livedHereFrom = claimStart
            for mi in holders {
                for i in h.members[mi].records where !claimSet.contains(i) {
                    let r = rec(i)
                    if r.start != FraudWorld.noDay && reader.isResidentRole(r) && (livedHereFrom == FraudWorld.noDay || r.start < livedHereFrom) { livedHereFrom = r.start }
                }
            }
            let changedOn = awarded != FraudWorld.noDay && livedHereFrom != FraudWorld.noDay && awarded - livedHereFrom > Self.discountAtOpeningDays
                ? awarded : FraudWorld.noDay
            // Pupils' surnames: an adult who shares one but is not their parent contact is probably an older brother or sister.
            let pupilSurnames = h.members.filter { reader.isPupil($0) }.flatMap { $0.surnames.items }
            let kin = Set(holders.flatMap { h.members[$0].surnames })
            for (mi, m) in h.members.enumerated() where !holders.contains(mi) {
                guard reader.isAdult(m, adultAge: rule.adultAge) else { continue }
                if reader.isDisregardedPupil(m, upTo: rule.disregardPupilsUpToAge) { continue }
                var p = reader.presence(m, in: h, systems: evidence, since: claimStart, kin: kin, changedOn: changedOn, excluding: { claimSet.contains($0) })
                guard p.value > 0 else { continue }
                if let factor = rule.grownChildFactor, reader.isGrownChildOfUnknownAge(m, pupilSurnames: pupilSurnames, upTo: rule.disregardPupilsUpToAge ?? 19) {
                    p.value *= factor
                    p.notes.append("shares the surname of the children at school here but is not their parent contact: probably an older son or daughter, whom no record gives an age — at 18 or 19 most are disregarded (in education or training, or school leavers)")
                }
                if reader.hasOwn(m, sources: claimSources, besides: claim.group) {
                    // Billed on an account of their own here: another dwelling at this address, or an
                    // address matched to the wrong flat, more than a hidden member of this household.
                    p.value *= 0.2
                    p.notes.append("holds a separate current account at this address")
                }
                adults += 1
                ps.append(p.value)
                systemsSeen.formUnion(p.bySystem.keys)
                ev += evidenceOf(p, role: "other_adult")
                notes += p.notes
            }
            guard !ps.isEmpty, systemsSeen.count >= rule.minSources else { return nil }
            let c = anyOf(ps)
            return FraudCandidate(
                rule: rule, claimRecords: rows, subjectRecord: rows[0], uprn: claim.uprn, strength: rule.strength, confidence: 1,
                corroboration: c, sources: systemsSeen.count,
                summary: "\(rule.discount!.replacingOccurrences(of: "_", with: " ")) discount with \(adults) other adult\(adults == 1 ? "" : "s") evidenced (\(systemsLabel(systemsSeen)))",
                evidence: ev, notes: notes, quantities: quantities(claim, adults: adults))
        }
    }

    // MARK: - Deceased holder

    func holderActiveAfterDeath(_ rule: FraudRule) -> [FraudCandidate] {
        let deathSources = world.sourceIndexes(system: rule.deathSystem ?? "deaths")
        let claimSources = world.sourceIndexes(system: rule.claimSystem)
        guard !deathSources.isEmpty, !claimSources.isEmpty else { return [] }
        let activeCodes = Set(rule.activeStatuses.compactMap { world.code($0.lowercased()) })
        if !rule.activeStatuses.isEmpty && activeCodes.isEmpty { return [] }
        let discount = rule.discount.map { world.code($0.lowercased()) ?? -1 }
        let primary = Set(Self.primaryRoles.compactMap { world.code($0) })
        // Deaths by date of birth and by address, for the matches linkage missed.
        var deathsByDOB: [Int32: [Int32]] = [:]
        var deaths: [Int32] = []
        for (i, r) in world.records.enumerated() where deathSources.contains(r.source) && r.dod != FraudWorld.noDay {
            deaths.append(Int32(i))
            if r.dob != FraudWorld.noDay { deathsByDOB[r.dob, default: []].append(Int32(i)) }
        }
        guard !deaths.isEmpty else { return [] }
        let asOf = world.asOfDay
        var out: [FraudCandidate] = []
        for (ci, c) in world.records.enumerated() where claimSources.contains(c.source) {
            guard c.role == 0 || primary.contains(c.role) else { continue }
            if let discount, c.discount != discount { continue }
            if activeCodes.isEmpty {
                guard c.end == FraudWorld.noDay || c.end >= asOf else { continue }
            } else {
                // The system still says active (even past an expiry date it never acted on).
                guard activeCodes.contains(c.status) else { continue }
            }
            var found: Set<Int32> = []
            if c.person != 0 { for d in world.byPerson[c.person] ?? [] where deathSources.contains(rec(d).source) { found.insert(d) } }
            if c.dob != FraudWorld.noDay { for d in deathsByDOB[c.dob] ?? [] { found.insert(d) } }
            if c.uprn != 0 { for d in world.byUPRN[c.uprn] ?? [] where deathSources.contains(rec(d).source) { found.insert(d) } }
            var best: (death: Int32, p: Double, why: [String])?
            for d in found.sorted() {
                let r = rec(d)
                guard r.dod + Int32(rule.graceDays) < asOf else { continue }          // still within normal processing
                guard c.end == FraudWorld.noDay || c.end > r.dod else { continue }    // ended before the death
                // Opened after the death: not the deceased's pass or account carried on, but a
                // namesake's (a link between two people of one name).
                guard c.start == FraudWorld.noDay || c.start <= r.dod else { continue }
                let (p, why) = sameness(c, r)
                if p > (best?.p ?? 0) { best = (d, p, why) }
            }
            guard let best, best.p > 0.05 else { continue }
            let death = rec(best.death)
            // Another holder of the same account or claim who is alive carries it on legitimately
            // (a joint payer's death leaves the survivor's discount in place).
            if c.group != 0, (world.byGroup[c.group] ?? []).contains(where: { j in
                let o = rec(j)
                guard Int(j) != ci, primary.contains(o.role), o.person != c.person, reader.isCurrent(o) || !activeCodes.isEmpty else { return false }
                let dead = (o.person != 0 && (world.persons[o.person]?.dod ?? FraudWorld.noDay) != FraudWorld.noDay)
                return !dead
            }) { continue }
            // A pass or badge that has since expired was usable only until its expiry, however
            // long the system went on calling it active: the loss ran from the death to then.
            let expired = c.end != FraudWorld.noDay && c.end < asOf
            let days = (expired ? c.end : asOf) - death.dod
            let state = c.status != 0 ? world.string(c.status) : "open"
            let summary = expired
                ? "\(world.sources[Int(c.source)].title) valid \(days) days after the holder's registered death on \(day(death.dod)), to its expiry on \(day(c.end)) (the system still says \(state))"
                : "\(world.sources[Int(c.source)].title) still \(state) \(days) days after the holder's registered death on \(day(death.dod))"
            var notes = best.why
            if expired && days < 365 { notes.append("the value is \(days) days' worth of the yearly figure: the holding expired on \(day(c.end))") }
            out.append(FraudCandidate(
                rule: rule, claimRecords: [Int32(ci)], subjectRecord: Int32(ci), uprn: c.uprn == 0 ? nil : c.uprn,
                strength: rule.strength, confidence: best.p, corroboration: 1, sources: 2,
                summary: summary,
                evidence: [FraudCandidate.Evidence(record: Int32(ci), role: "claim", weight: nil, detail: expired ? "valid after the death, to its expiry" : "active after the death", identity: nil),
                           FraudCandidate.Evidence(record: best.death, role: "death", weight: nil, detail: best.why.joined(separator: "; "),
                                                   identity: (best.p * 1000).rounded() / 1000)],
                notes: notes, quantities: quantities(c), valueShare: expired ? min(1, Double(days) / 365) : 1))
        }
        return out
    }

    /// How likely two records are one person: linkage, name, date of birth and address together.
    func sameness(_ a: FraudWorld.Record, _ b: FraudWorld.Record) -> (Double, [String]) {
        var why: [String] = []
        var signals: [Double] = []
        if a.person != 0 && a.person == b.person {
            let confs = [a.personConfidence, b.personConfidence].filter { $0 >= 0 }
            let link = Double(confs.min() ?? 0.9)
            signals.append(link)
            why.append(String(format: "linked to one person (confidence %.3f)", link))
        }
        let names = world.names
        let surnames = a.surname != 0 && b.surname != 0 && names.surnamesAgree(a.surname, b.surname)
        let fullGivens = a.given != 0 && b.given != 0 && names.givensAgree(a.given, b.given, allowInitial: false)
        let initials = a.given != 0 && b.given != 0 && names.givensAgree(a.given, b.given, allowInitial: true)
        let namesAgree = surnames && (fullGivens || initials)
        if surnames && fullGivens { signals.append(0.5); why.append("names agree") }
        else if surnames && initials { signals.append(0.3); why.append("surname and initial agree") }
        var dobConflict = false
        if a.dob != FraudWorld.noDay && b.dob != FraudWorld.noDay {
            if a.dob == b.dob {
                if namesAgree { signals.append(0.9) }
                why.append("same date of birth")
            } else if reader.closeDates(a.dob, b.dob) {
                if namesAgree { signals.append(0.5) }
                why.append("dates of birth one keying slip apart")
            } else {
                dobConflict = true
                why.append("dates of birth differ (\(day(a.dob)) and \(day(b.dob)))")
            }
        }
        if a.uprn != 0 && b.uprn != 0 && reader.related(a.uprn, b.uprn) {
            if namesAgree { signals.append(0.6) }
            why.append("same address")
        }
        if a.sex != 0 && b.sex != 0 && a.sex != b.sex { dobConflict = true; why.append("sex differs") }
        var p = anyOf(signals)
        if dobConflict { p *= 0.1 }
        if !namesAgree && !(a.person != 0 && a.person == b.person) { p = 0 }
        return (p, why)
    }

    // MARK: - Subletting

    func tenantLivingElsewhere(_ rule: FraudRule) -> [FraudCandidate] {
        let evidence = Set(rule.evidence)
        let elsewhere = Set(rule.elsewhereEvidence)
        let systems = evidence.union(elsewhere).union([rule.claimSystem])
        let liability = Set(Self.liabilityRoles.compactMap { world.code($0) })
        let primary = Set(Self.primaryRoles.compactMap { world.code($0) })
        // Current records of the "elsewhere" systems by surname, for tenants linkage kept apart
        // from their new home; and how many distinct people carry each full name.
        let elsewhereSources = Set(elsewhere.flatMap { world.sourceIndexes(system: $0) })
        // (surname, initial) and (given name, surname length): small buckets to compare within.
        let names = world.names
        // Within each bucket the records are grouped by the name part the bucket leaves open (the
        // given name; the surname), so a tenant's name is compared once per distinct spelling, not
        // once per record: a common surname and initial hold thousands of records at a million residents.
        var bySurnameInitialBuild: [Int64: [Int32: [Int32]]] = [:]
        var byGivenLengthBuild: [Int64: [Int32: [Int32]]] = [:]
        var nameCountBuild: [Int64: Set<Int64>] = [:]
        @Sendable func surnameInitialKey(_ s: Int32, _ g: Int32) -> Int64 { Int64(s) << 24 | Int64(names.first(g) ?? 0) }
        @Sendable func givenLengthKey(_ g: Int32, _ s: Int32) -> Int64 { Int64(g) << 8 | Int64(min(255, names.length(s))) }
        for (i, r) in world.records.enumerated() where elsewhereSources.contains(r.source) && r.surname != 0 && r.given != 0 && r.uprn != 0 {
            guard reader.isCurrent(r), reader.isResidentRole(r) else { continue }
            bySurnameInitialBuild[surnameInitialKey(r.surname, r.given), default: [:]][r.given, default: []].append(Int32(i))
            if names.length(r.given) > 1 {
                byGivenLengthBuild[givenLengthKey(r.given, r.surname), default: [:]][r.surname, default: []].append(Int32(i))
                nameCountBuild[Int64(r.given) << 32 | Int64(r.surname), default: []].insert(r.person != 0 ? r.person : -Int64(i))
            }
        }
        let bySurnameInitial = bySurnameInitialBuild.mapValues { Array($0) }, byGivenLength = byGivenLengthBuild.mapValues { Array($0) }
        let nameCount = nameCountBuild.mapValues(\.count)
        // Voids: the council's own record of the home empty (a housing-voids council tax account).
        let voidCodes = Set((rule.voidRoles ?? []).compactMap { world.code($0) })
        let voidSources = Set(evidence.flatMap { world.sourceIndexes(system: $0) })
        let voidWeight = rule.voidWeight ?? 0.8
        return each(claims(rule, { $0.role == 0 || primary.contains($0.role) })) { rows in
            let t = rec(rows[0])
            let u = t.uprn
            let h = reader.household(at: u, systems: systems)
            let tenants = Set(rows.compactMap { h.member(of: $0) })
            // A tenant registered dead is not living elsewhere (a namesake is); who lives on at the
            // tenancy is a succession matter, not this rule's.
            if !tenants.isEmpty && tenants.allSatisfy({ h.members[$0].dead }) { return nil }
            let claimSet = Set(rows)
            // Is the tenant still evidenced here (not counting the tenancy, nor who pays the bill)?
            var tenantHere = 0.0
            var tenantHereFrom = FraudWorld.noDay   // the latest day the evidence here can speak for
            var ev = rows.map { FraudCandidate.Evidence(record: $0, role: "claim", weight: nil, detail: "open tenancy", identity: nil) }
            var notes: [String] = []
            for mi in tenants {
                let p = reader.presence(h.members[mi], in: h, systems: evidence.subtracting([rule.claimSystem]),
                                        excluding: { claimSet.contains($0) || liability.contains(world.records[Int($0)].role) })
                tenantHere = max(tenantHere, p.value)
                for (i, _) in p.current {
                    let r = rec(i)
                    let from = r.start != FraudWorld.noDay ? r.start : world.asOfDay - reader.refreshDays(of: r)
                    tenantHereFrom = max(tenantHereFrom, from)
                }
                ev += p.current.map { FraudCandidate.Evidence(record: $0.record, role: "tenant_here", weight: ($0.weight * 1000).rounded() / 1000, detail: "the tenant still evidenced at the tenancy", identity: nil) }
            }
            // Others living at the tenancy.
            let tenantSurnames = Set(tenants.flatMap { h.members[$0].surnames })
            let tenantGroups = Set(tenants.flatMap { h.members[$0].groups }).subtracting(rows.map { rec($0).group })
            var ps: [Double] = []
            var othersSystems: Set<String> = []
            var adults = 0
            for (mi, m) in h.members.enumerated() where !tenants.contains(mi) {
                guard reader.isAdult(m, adultAge: rule.adultAge) else { continue }
                let p = reader.presence(m, in: h, systems: evidence, excluding: { claimSet.contains($0) })
                guard p.value > 0 else { continue }
                let sameSurname = m.surnames.contains { s in tenantSurnames.contains { world.names.surnamesAgree(s, $0) } }
                // On an account or claim here with the tenant: their household, left behind.
                let household = m.groups.contains { tenantGroups.contains($0) }
                let family = sameSurname || household
                adults += 1
                ps.append(p.value * (family ? 0.5 : 1))
                othersSystems.formUnion(p.bySystem.keys)
                ev += evidenceOf(p, role: "occupant")
                if sameSurname { notes.append("an occupant shares the tenant's surname (family, not a subtenant?)") }
                else if household { notes.append("an occupant was on an account or claim here with the tenant (their household, left behind, not a subtenant?)") }
            }
            guard !ps.isEmpty, othersSystems.count >= rule.minSources else { return nil }
            // A void recorded after the tenancy began, though the tenancy never ended: the tenant left then.
            var voids: [Int32] = []
            if !voidCodes.isEmpty && t.start != FraudWorld.noDay {
                for i in world.byUPRN[u] ?? [] {
                    let r = rec(i)
                    guard voidCodes.contains(r.role), voidSources.contains(r.source), r.start != FraudWorld.noDay,
                          r.start > t.start, r.start <= world.asOfDay else { continue }
                    voids.append(i)
                }
            }
            let voidFrom = voids.map { rec($0).start }.max() ?? FraudWorld.noDay
            // Where else the tenant is evidenced.
            var bestElsewhere: (uprn: Int64, p: Double, records: [(Int32, Double, Double)], systems: [String], identity: Double)?
            for mi in tenants {
                let m = h.members[mi]
                var places: [Int64: [(Int32, Double, Double)]] = [:]   // uprn -> (record, weight, identity)
                var personIDs = Set(m.personIDs)
                for r in rows where rec(r).person != 0 { personIDs.insert(rec(r).person) }
                for p in personIDs {
                    for i in world.byPerson[p] ?? [] {
                        let r = rec(i)
                        guard elsewhereSources.contains(r.source), r.uprn != 0, !reader.related(r.uprn, u), reader.isCurrent(r), reader.isResidentRole(r) else { continue }
                        if r.start != FraudWorld.noDay && r.start < t.start { continue }
                        let conf = Double(r.personConfidence >= 0 ? r.personConfidence : 0.9)
                        places[r.uprn, default: []].append((i, reader.weight(r), conf))
                    }
                }
                // Same name elsewhere, for links linkage missed: weighed by date of birth, how common the
                // name is, and whether a record here ended as one there began (a move).
                var sameName: Set<Int32> = []
                for s in m.surnames {
                    for g in m.givens {
                        // The same surname and initial, under a given name that agrees with one of theirs.
                        for (given, recs) in bySurnameInitial[surnameInitialKey(s, g)] ?? []
                        where m.givens.contains(where: { names.givensAgree($0, given, allowInitial: true) }) {
                            sameName.formUnion(recs)
                        }
                        // The same given name, under a surname that agrees.
                        if names.length(g) > 1 {
                            for (surname, recs) in byGivenLength[givenLengthKey(g, s)] ?? [] where names.surnamesAgree(s, surname) { sameName.formUnion(recs) }
                        }
                    }
                }
                let endedHere = m.records.map { rec($0).end }.filter { $0 != FraudWorld.noDay && $0 < world.asOfDay }
                var faint: [(Int32, Double)] = []
                for i in sameName.sorted() {
                        let r = rec(i)
                        if r.start != FraudWorld.noDay && r.start < t.start { continue }
                        guard !personIDs.contains(r.person) else { continue }
                        guard m.givens.contains(where: { names.givensAgree($0, r.given, allowInitial: true) }) else { continue }
                        var identity = 0.5
                        if r.dob != FraudWorld.noDay && !m.dobs.isEmpty {
                            if m.dobs.contains(r.dob) { identity = 0.95 } else if m.dobs.contains(where: { reader.closeDates($0, r.dob) }) { identity = 0.7 } else { continue }
                        } else if names.length(r.given) <= 1 {
                            identity = 0.35
                        }
                        if r.sex != 0 && !m.sexes.isEmpty && !m.sexes.contains(r.sex) { continue }
                        let namesakes = nameCount[Int64(r.given) << 32 | Int64(r.surname)] ?? 1
                        if identity < 0.9 { identity /= Double(max(1, namesakes)) }
                        if r.start != FraudWorld.noDay, endedHere.contains(where: { abs(Int($0) - Int(r.start)) <= 90 }) {
                            identity = max(identity, 0.85)   // a record here ended as this one there began
                        }
                        // One namesake among dozens with nothing else tying them counts only where other
                        // records of the tenant's name already are: alone it is too weak to weigh or show.
                        if identity < Self.negligibleIdentity { faint.append((i, identity)); continue }
                        guard !reader.related(r.uprn, u) else { continue }
                        places[r.uprn, default: []].append((i, reader.weight(r), identity))
                }
                for (i, identity) in faint where places[rec(i).uprn] != nil {
                    let r = rec(i)
                    places[r.uprn]!.append((i, reader.weight(r), identity))
                }
                for (v, recs) in places {
                    var bySystem: [String: Double] = [:]
                    var identity = 0.0
                    for (i, w, conf) in recs {
                        let s = world.system(of: rec(i))
                        bySystem[s] = max(bySystem[s] ?? 0, w)
                        identity = max(identity, conf)
                    }
                    let p = anyOf(Array(bySystem.values)) * identity
                    if p > (bestElsewhere?.p ?? 0) { bestElsewhere = (v, p, recs, Array(bySystem.keys), identity) }
                }
            }
            guard bestElsewhere != nil || !voids.isEmpty else { return nil }
            var left: [Double] = []
            if let away = bestElsewhere {
                ev += away.records.map { FraudCandidate.Evidence(record: $0.0, role: "elsewhere", weight: ($0.1 * 1000).rounded() / 1000, detail: "the tenant at another address", identity: ($0.2 * 1000).rounded() / 1000) }
                notes.append("tenant evidenced at UPRN \(away.uprn) by \(systemsLabel(away.systems)) (identity \(String(format: "%.2f", away.identity)))")
                left.append(away.p)
                // Evidence at the tenancy that may predate the tenant's start elsewhere speaks less for them being here.
                let awayFrom = away.records.map { rec($0.0).start }.filter { $0 != FraudWorld.noDay }.max() ?? FraudWorld.noDay
                if tenantHere > 0 && awayFrom != FraudWorld.noDay && awayFrom > tenantHereFrom {
                    let identity = away.records.map(\.2).max() ?? 0
                    tenantHere *= 1 - identity * (1 - rules.presence.movedFactor)
                    notes.append("what still places the tenant at the tenancy may predate their records elsewhere (from \(day(awayFrom)))")
                }
            }
            if !voids.isEmpty {
                for i in voids {
                    let r = rec(i)
                    ev.append(FraudCandidate.Evidence(record: i, role: "void", weight: voidWeight,
                                                      detail: "the council's own account for the home empty, begun after the tenancy (\(day(t.start))), which never ended",
                                                      identity: nil))
                    notes.append("the home was recorded void from \(day(r.start))\(r.end != FraudWorld.noDay ? " to \(day(r.end))" : "") while the tenancy (from \(day(t.start))) stayed open: the tenant left")
                }
                left.append(voidWeight)
                // What places the tenant here that may predate the void cannot show them here after it.
                if tenantHere > 0 && voidFrom > tenantHereFrom {
                    tenantHere *= 1 - voidWeight * (1 - rules.presence.movedFactor)
                    notes.append("what still places the tenant at the tenancy may predate the void (from \(day(voidFrom)))")
                }
            }
            if tenantHere > 0 { notes.append(String(format: "the tenant is still evidenced at the tenancy (%.2f)", tenantHere)) }
            let others = anyOf(ps)
            let whereabouts = bestElsewhere == nil ? "the home was recorded void after the tenancy began"
                : voids.isEmpty ? "the tenant is evidenced at another address" : "the tenant is evidenced at another address and the home was recorded void"
            return FraudCandidate(
                rule: rule, claimRecords: rows, subjectRecord: rows[0], uprn: u, strength: rule.strength, confidence: anyOf(left),
                corroboration: others * (1 - tenantHere), sources: othersSystems.count,
                summary: "open tenancy; \(whereabouts) while \(adults) other adult\(adults == 1 ? "" : "s") live at the tenancy (\(systemsLabel(othersSystems)))",
                evidence: ev, notes: notes, quantities: quantities(t, adults: adults))
        }
    }

    // MARK: - Undeclared household member

    func householdOmitsAdult(_ rule: FraudRule) -> [FraudCandidate] {
        let evidence = Set(rule.evidence)
        let systems = evidence.union([rule.claimSystem])
        let claimSources = world.sourceIndexes(system: rule.claimSystem)
        let schoolSources = world.sourceIndexes(system: "school_roll")
        let liabilityCodes = Set(Self.liabilityRoles.compactMap { world.code($0) })
        let landlordRoles = Set(["landlord", "owner"].compactMap { world.code($0) })
        return each(claims(rule, { _ in true })) { rows in
            let claim = rec(rows[0])
            let u = claim.uprn
            let h = reader.household(at: u, systems: systems)
            let members = Set(rows.compactMap { h.member(of: $0) })
            let claimSet = Set(rows)
            // Groups (accounts, school families, tenancies) the claim's members belong to here.
            var memberGroups: Set<Int64> = []
            for mi in members { for r in h.members[mi].records where !claimSet.contains(r) && rec(r).group != 0 { memberGroups.insert(rec(r).group) } }
            let memberSurnames = Set(members.flatMap { h.members[$0].surnames })
            // A shared house: the landlord pays the council tax, or many adults are evidenced.
            var shared = (world.byUPRN[u] ?? []).contains { i in
                let r = rec(i)
                return landlordRoles.contains(r.role) && reader.isCurrent(r) && world.system(of: r) == "council_tax"
            }
            var ev = rows.map { FraudCandidate.Evidence(record: $0, role: "claim", weight: nil, detail: "a member of the claim", identity: nil) }
            var notes: [String] = []
            var contributions: [Double] = []
            let partnerCode = world.code("partner") ?? -1, claimantCode = world.code("claimant") ?? -1
            let hasPartner = rows.contains { rec($0).role == partnerCode }
            let claimantSex: Int8 = rows.first { rec($0).role == claimantCode }.map { i in
                h.member(of: i).flatMap { h.members[$0].sexes.count == 1 ? h.members[$0].sexes.first : nil } ?? rec(i).sex
            } ?? 0
            // The claim's household has also told the council it has one adult: a member holds the
            // discount for one adult (a single person discount) on an account here.
            // The accounts carrying it say one adult lives here, and the claimant is that adult: another
            // party liable on such an account (an owner, a former partner) is not evidenced here by it.
            let aloneCode = rule.aloneDiscount.flatMap { world.code($0.lowercased()) }
            var aloneGroups: Set<Int64> = []
            if let code = aloneCode {
                for mi in members {
                    for i in h.members[mi].records { let r = rec(i); if r.discount == code && r.group != 0 && reader.isCurrent(r) { aloneGroups.insert(r.group) } }
                }
            }
            let alone = !aloneGroups.isEmpty
            let aloneWords = (rule.aloneDiscount ?? "").replacingOccurrences(of: "_", with: " ")
            // The given names of the claim's adults, to tell a parent contact spelt otherwise from another parent.
            let claimAdultGivens = members.filter { reader.isAdult(h.members[$0], adultAge: rule.adultAge) }.flatMap { h.members[$0].givens.items }
            var systemsSeen: Set<String> = []
            var adultsHere = 0
            var omitted: [(Int, Presence, Double, String)] = []
            for (mi, m) in h.members.enumerated() where !members.contains(mi) {
                guard reader.isAdult(m, adultAge: rule.adultAge) else { continue }
                if reader.isDisregardedPupil(m, upTo: rule.disregardPupilsUpToAge) { continue }
                let p = reader.presence(m, in: h, systems: evidence, excluding: { i in
                    let r = rec(i)
                    return aloneGroups.contains(r.group) && liabilityCodes.contains(r.role)
                })
                guard p.value > 0 else { continue }
                adultsHere += 1
                // On a claim of their own here: a separate household.
                let ownClaim = m.records.contains { i in
                    let r = rec(i)
                    return claimSources.contains(r.source) && r.group != claim.group && reader.isCurrent(r)
                }
                if ownClaim { continue }
                let linked = m.records.contains { i in let g = rec(i).group; return g != 0 && memberGroups.contains(g) && reader.isCurrent(rec(i)) }
                let sameSurname = m.surnames.contains { s in memberSurnames.contains { world.names.surnamesAgree(s, $0) } }
                // How likely this adult is one of the claim's household rather than a separate one (a sharer).
                var (tie, why): (Double, String)
                let liability = Set(Self.liabilityRoles.compactMap { world.code($0) })
                let ownBill = m.records.contains { i in
                    let r = rec(i)
                    return liability.contains(r.role) && r.group != 0 && !memberGroups.contains(r.group) && reader.isCurrent(r)
                }
                if ownBill {
                    (tie, why) = (0.3, "liable for council tax on an account of their own here: a separate household")
                } else if linked && onlyViaParentContact(m, memberGroups: memberGroups) && hasPartner
                            && couldBeNamedParent(m, givens: claimAdultGivens, schoolSources: schoolSources) {
                    (tie, why) = (0.3, "a parent contact of the claim's children, but the claim already names two parents: probably one of them, spelt otherwise")
                } else if linked, let named = namedAdultOnAccount(m, in: h, claimMembers: members, memberGroups: memberGroups, liability: liabilityCodes) {
                    (tie, why) = (0.3, "liable on the claim's account under another surname, with the given name or initial of \(named), who is on the claim but not on the account: probably the same person under a former surname")
                } else if linked {
                    (tie, why) = (1.0, "shares an account, school family or tenancy with the claim's household")
                } else if sameSurname {
                    (tie, why) = (0.95, "shares the claimant's surname")
                } else if !hasPartner && claimantSex != 0 && m.sexes.count == 1 && !m.sexes.contains(claimantSex) {
                    if alone {
                        (tie, why) = (0.95, "an adult of the other sex where the claim names no partner, while the claimant also has a \(aloneWords) discount here: said to live alone twice")
                    } else if let most = rule.coupleBedrooms, let beds = world.properties[u]?.bedrooms, beds > 0, Int(beds) <= most {
                        (tie, why) = (0.95, "an adult of the other sex where the claim names no partner, in a home with \(beds) bedroom\(beds == 1 ? "" : "s") (energy certificate): a couple more likely than sharers")
                    } else {
                        (tie, why) = (0.6, "an adult of the other sex where the claim names no partner")
                    }
                } else {
                    (tie, why) = (0.4, "no tie to the claim's household beyond the address")
                }
                omitted.append((mi, p, tie, why))
            }
            if adultsHere >= 5 { shared = true }
            for (_, p, tie, why) in omitted {
                let c = p.value * tie * (shared ? 0.3 : 1)
                contributions.append(c)
                systemsSeen.formUnion(p.bySystem.keys)
                ev += evidenceOf(p, role: "omitted_adult")
                notes.append(why)
                notes += p.notes
            }
            if shared && !omitted.isEmpty { notes.append("a shared house (landlord-paid council tax or five or more adults): separate households are likely") }
            guard !contributions.isEmpty, systemsSeen.count >= rule.minSources else { return nil }
            return FraudCandidate(
                rule: rule, claimRecords: rows, subjectRecord: rows.first { rec($0).role == world.code("claimant") } ?? rows[0], uprn: u,
                strength: rule.strength, confidence: 1, corroboration: anyOf(contributions), sources: systemsSeen.count,
                summary: "claim omits \(omitted.count) adult\(omitted.count == 1 ? "" : "s") evidenced at the address (\(systemsLabel(systemsSeen)))",
                evidence: ev, notes: notes, quantities: quantities(claim, adults: omitted.count))
        }
    }

    /// The name of the claim's adult (claimant or partner) that an adult liable on the claim's
    /// account may be under another surname: the same given name or initial, the sexes not
    /// disagreeing, and that claim member not on the account themselves (a wife billed under her
    /// former surname). Nil when there is none.
    private func namedAdultOnAccount(_ m: Household.Member, in h: Household, claimMembers: Set<Int>, memberGroups: Set<Int64>,
                                     liability: Set<Int32>) -> String? {
        let accounts = Set(m.records.compactMap { i -> Int64? in
            let r = rec(i)
            return liability.contains(r.role) && memberGroups.contains(r.group) && reader.isCurrent(r) ? r.group : nil
        })
        guard !accounts.isEmpty else { return nil }
        let claimRoles = Set(["claimant", "partner"].compactMap { world.code($0) })
        for mi in claimMembers {
            let c = h.members[mi]
            guard c.records.contains(where: { claimRoles.contains(rec($0).role) }) else { continue }
            guard !c.records.contains(where: { accounts.contains(rec($0).group) }) else { continue }
            if c.sexes.count == 1 && m.sexes.count == 1 && c.sexes != m.sexes { continue }
            if c.surnames.contains(where: { s in m.surnames.contains { world.names.surnamesAgree(s, $0) } }) { continue }
            if c.givens.contains(where: { g in m.givens.contains { world.names.givensAgree(g, $0, allowInitial: true) } }),
               let g = c.givens.first, let sn = c.surnames.first {
                return "\(world.string(g)) \(world.string(sn))".capitalized
            }
        }
        return nil
    }

    /// Whether a parent contact may be one of the claim's named parents written otherwise: a name in
    /// another script, someone evidenced here only by the school, or a given name that agrees with
    /// one of the claim's adults. Someone also on another system here (the register) under a given
    /// name none of them has is another person in a parent's role.
    private func couldBeNamedParent(_ m: Household.Member, givens: [Int32], schoolSources: Set<Int16>) -> Bool {
        if reader.isOtherScript(m) { return true }
        let beyondSchool = m.records.contains { i in
            let r = rec(i)
            return !schoolSources.contains(r.source) && reader.isCurrent(r) && reader.isResidentRole(r)
        }
        if !beyondSchool { return true }
        return m.givens.contains { g in givens.contains { world.names.givensAgree(g, $0, allowInitial: true) } }
    }

    /// Whether the member's only tie to the claim's groups is a school family's parent contact.
    private func onlyViaParentContact(_ m: Household.Member, memberGroups: Set<Int64>) -> Bool {
        let parent = world.code("parent") ?? -1
        let ties = m.records.filter { i in let g = rec(i).group; return g != 0 && memberGroups.contains(g) }
        return !ties.isEmpty && ties.allSatisfy { rec($0).role == parent }
    }

    // MARK: - Occupied exemption

    func exemptionWithResidents(_ rule: FraudRule) -> [FraudCandidate] {
        let codes = Set(rule.exemptions.compactMap { world.code($0.uppercased()) })
        guard !codes.isEmpty else { return [] }
        let evidence = Set(rule.evidence)
        let systems = evidence.union([rule.claimSystem])
        let sources = world.sourceIndexes(system: rule.claimSystem)
        var seen: Set<Int64> = []
        // Exempt accounts are usually held by a landlord or executors (not residents): group them here.
        var accounts: [[Int32]] = []
        for (i, r) in world.records.enumerated() where sources.contains(r.source) && r.uprn != 0 && codes.contains(r.exemption) && reader.isCurrent(r) {
            if r.group != 0 { guard seen.insert(r.group).inserted else { continue } }
            accounts.append(r.group != 0 ? (world.byGroup[r.group] ?? []).filter { rec($0).uprn == r.uprn && reader.isCurrent(rec($0)) } : [Int32(i)])
        }
        return each(accounts) { rows in
            let r = rec(rows.first { codes.contains(rec($0).exemption) } ?? rows[0])
            let claimSet = Set(rows)
            let h = reader.household(at: r.uprn, systems: systems)
            let liable = Set(rows.compactMap { h.member(of: $0) })
            var ps: [Double] = []
            var ev = rows.map { FraudCandidate.Evidence(record: $0, role: "claim", weight: nil, detail: "exemption \(world.string(r.exemption)) open", identity: nil) }
            var notes: [String] = []
            var systemsSeen: Set<String> = []
            var residents = 0, adults = 0
            // Who lived here until the exemption began. When they all died, the home emptied with
            // them: nobody else's register entry can be theirs, so entries count in full.
            let before = h.members.filter { m in
                m.records.contains { j in let x = rec(j); return x.end != FraudWorld.noDay && abs(x.end - r.start) <= 31 && !claimSet.contains(j) }
            }
            let since = !before.isEmpty && before.allSatisfy(\.dead) ? FraudWorld.noDay : r.start
            for (mi, m) in h.members.enumerated() where !liable.contains(mi) {
                let p = reader.presence(m, in: h, systems: evidence, since: since, kin: [], previousKnown: true, excluding: { claimSet.contains($0) })
                guard p.value > 0 else { continue }
                residents += 1
                if reader.isAdult(m, adultAge: 18) { adults += 1 }
                ps.append(p.value)
                systemsSeen.formUnion(p.bySystem.keys)
                ev += evidenceOf(p, role: "resident")
                notes += p.notes
            }
            guard !ps.isEmpty, systemsSeen.count >= rule.minSources else { return nil }
            // The property billed on another current account (a landlord paying for a shared house):
            // the exemption is a leftover, not a bill nobody pays.
            let council = world.code("council") ?? -1
            let billed = (world.byUPRN[r.uprn] ?? []).filter { j in
                let x = rec(j)
                return sources.contains(x.source) && x.group != r.group && reader.isCurrent(x) && !codes.contains(x.exemption) && x.role != council
            }
            var corroboration = anyOf(ps)
            if !billed.isEmpty {
                corroboration *= 0.2
                notes.append("the property is billed on another current account")
                ev += billed.prefix(3).map { FraudCandidate.Evidence(record: $0, role: "context", weight: 0, detail: "another current account: the property is billed", identity: nil) }
            }
            return FraudCandidate(
                rule: rule, claimRecords: rows, subjectRecord: rows[0], uprn: r.uprn, strength: rule.strength, confidence: 1,
                corroboration: corroboration, sources: systemsSeen.count,
                summary: "class \(world.string(r.exemption)) exemption (empty) since \(day(r.start)) while \(residents) resident\(residents == 1 ? " is" : "s are") evidenced (\(systemsLabel(systemsSeen)))",
                evidence: ev, notes: notes, quantities: quantities(r, adults: adults))
        }
    }

    // MARK: - Business rates relief

    func reliefOnSeveralProperties(_ rule: FraudRule) -> [FraudCandidate] {
        guard let relief = rule.relief.flatMap({ world.code($0.lowercased()) }) else { return [] }
        let sources = world.sourceIndexes(system: rule.claimSystem)
        var current: [Int32] = []
        for (i, r) in world.records.enumerated() where sources.contains(r.source) && reader.isCurrent(r) { current.append(Int32(i)) }
        // One ratepayer: linked to one person, or the same surname, initial and correspondence
        // postcode, or the same company name.
        var parent = Array(0..<current.count)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        func join(_ a: Int, _ b: Int) { let ra = find(a), rb = find(b); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        var byKey: [String: Int] = [:]
        var how: [Int: String] = [:]
        for (k, i) in current.enumerated() {
            let r = rec(i)
            var keys: [(String, String)] = []
            if r.person != 0 { keys.append(("p\(r.person)", "linked to one person")) }
            if r.surname != 0 && r.correspondencePostcode != 0, let initial = world.string(r.given).first {
                keys.append(("n\(r.surname)|\(initial)|\(r.correspondencePostcode)", "same surname, initial and correspondence postcode"))
            }
            if r.business != 0 && r.surname == 0 {
                // A company name alone can be a coincidence of trading names; with the same
                // correspondence postcode it is one company.
                if r.correspondencePostcode != 0 { keys.append(("c\(r.business)|\(r.correspondencePostcode)", "same company name and correspondence postcode")) }
                else { keys.append(("c\(r.business)", "same company name only")) }
            }
            for (key, why) in keys {
                if let other = byKey[key] { join(k, other); how[k] = how[k] ?? why } else { byKey[key] = k }
            }
        }
        var groups: [Int: [Int]] = [:]
        for k in current.indices { groups[find(k), default: []].append(k) }
        var out: [FraudCandidate] = []
        for root in groups.keys.sorted() {
            let ks = groups[root]!
            guard ks.count > 1 else { continue }
            let recs = ks.map { current[$0] }
            let relieved = recs.filter { rec($0).relief == relief }
            guard !relieved.isEmpty else { continue }
            let larger = recs.filter { rec($0).relief != relief && Double(rec($0).rateableValue) >= rule.smallPropertyBelow }
            let several = relieved.count >= 2
            guard several || (rule.countUnreliefProperties && !larger.isEmpty) else { continue }
            // Confidence that the records are one ratepayer.
            let persons = Set(recs.map { rec($0).person })
            var confidence: Double
            if persons.count == 1 && !persons.contains(0) {
                confidence = Double(recs.map { rec($0).personConfidence }.filter { $0 >= 0 }.min() ?? 0.95)
            } else if ks.contains(where: { how[$0] == "same company name only" }) {
                confidence = 0.5
            } else {
                confidence = 0.9
            }
            let others = several ? relieved : relieved + larger
            for x in relieved {
                let r = rec(x)
                var ev = [FraudCandidate.Evidence(record: x, role: "claim", weight: nil, detail: "small business rate relief", identity: nil)]
                for o in others where o != x {
                    let ro = rec(o)
                    ev.append(FraudCandidate.Evidence(record: o, role: "other_property", weight: nil,
                                                      detail: ro.relief == relief ? "also has the relief" : "no relief",   // the record's facts give its rateable value
                                                      identity: (confidence * 1000).rounded() / 1000))
                }
                let props = others.count
                out.append(FraudCandidate(
                    rule: rule, claimRecords: [x], subjectRecord: x, uprn: r.uprn == 0 ? nil : r.uprn, strength: rule.strength,
                    confidence: confidence, corroboration: several ? 1 : 0.8, sources: 1,
                    summary: several ? "small business rate relief on \(relieved.count) properties of one ratepayer"
                        : "small business rate relief while the ratepayer holds \(larger.count) other propert\(larger.count == 1 ? "y" : "ies") of rateable value £\(Int(rule.smallPropertyBelow)) or more",
                    evidence: ev, notes: Array(Set(ks.compactMap { how[$0] })).sorted(), quantities: quantities(r, properties: props)))
            }
        }
        return out
    }
}
