import Foundation
import WardenLinkage

/// The people evidenced at one property, read as a whole: who is there, how strongly each system
/// says so, and what says they have left, moved or died.
///
/// Linkage may split one resident into several virtual persons (its recall is not perfect), so
/// at one address records whose names agree — and whose dates of birth and sex do not disagree —
/// are read as one person. Without this the holder's own register entry would look like "another
/// adult" whenever linkage missed it.
struct Household {
    struct Member {
        var records: [Int32] = []
        var personIDs: [Int64] = []
        var givens: Set<Int32> = []
        var surnames: Set<Int32> = []
        var dobs: Set<Int32> = []
        var sexes: Set<Int8> = []
        var groups: Set<Int64> = []
        var dead = false
        var dob: Int32 = FraudWorld.noDay
    }

    let uprn: Int64
    var members: [Member]
    private var memberOfRecord: [Int32: Int]

    init(uprn: Int64, members: [Member]) {
        self.uprn = uprn
        self.members = members
        var m: [Int32: Int] = [:]
        for (i, mem) in members.enumerated() { for r in mem.records { m[r] = i } }
        memberOfRecord = m
    }

    func member(of record: Int32) -> Int? { memberOfRecord[record] }
}

/// How one member's presence at the address was weighed.
struct Presence {
    /// 0–1: the chance the member lives there now.
    var value: Double
    /// System → the weight of its best current record.
    var bySystem: [String: Double]
    /// Records that count (current) and those that speak against (ended here).
    var current: [(record: Int32, weight: Double)]
    var ended: [Int32]
    /// Why the value was reduced, in words.
    var notes: [String]
    var sources: Int { bySystem.count }
}

/// Builds households and weighs presence for the patterns.
struct HouseholdReader {
    let world: FraudWorld
    let rules: FraudRuleSet

    static let nonResidentRoles: Set<String> = PersonLinkage.nonResidentRoles.union(["deceased", "executor", "customer", "offender"])
    static let childRoles: Set<String> = ["pupil", "dependant", "child"]
    static let endedStatusWords = ["cancel", "expired", "withdrawn", "revoked", "closed", "ended", "inactive", "lost", "surrendered",
                                   "suspended", "deceased", "void", "refused"]

    private let nonResidentCodes: Set<Int32>
    private let childCodes: Set<Int32>
    private let endedStatusCodes: Set<Int32>
    private let pupilCode: Int32
    private let schoolSources: Set<Int16>
    private let deathSources: Set<Int16>

    init(world: FraudWorld, rules: FraudRuleSet) {
        self.world = world
        self.rules = rules
        nonResidentCodes = Set(Self.nonResidentRoles.compactMap { world.code($0) })
        childCodes = Set(Self.childRoles.compactMap { world.code($0) })
        var ended: Set<Int32> = []
        for (i, s) in world.strings.enumerated() where Self.endedStatusWords.contains(where: { s.hasPrefix($0) }) { ended.insert(Int32(i)) }
        endedStatusCodes = ended
        pupilCode = world.code("pupil") ?? -1
        schoolSources = world.sourceIndexes(system: "school_roll")
        var deaths: Set<Int16> = []
        for r in rules.enabledRules { if let d = r.deathSystem { deaths.formUnion(world.sourceIndexes(system: d)) } }
        if deaths.isEmpty { deaths = world.sourceIndexes(system: "deaths") }
        deathSources = deaths
    }

    // MARK: - Record facts

    func isResidentRole(_ r: FraudWorld.Record) -> Bool { !nonResidentCodes.contains(r.role) }

    /// Open at the as-of date: started, not ended, and not in an ended status.
    func isCurrent(_ r: FraudWorld.Record) -> Bool {
        let asOf = world.asOfDay
        if r.end != FraudWorld.noDay && r.end < asOf { return false }
        if r.start != FraudWorld.noDay && r.start > asOf { return false }
        return !endedStatusCodes.contains(r.status)
    }

    func isDeathRecord(_ r: FraudWorld.Record) -> Bool { deathSources.contains(r.source) }

    /// A record's weight as evidence that its person lives at its address now.
    func weight(_ r: FraudWorld.Record) -> Double {
        guard let e = rules.evidence[world.system(of: r)] else { return 0 }
        var w = e.weight
        if e.halfLifeDays > 0 && r.start != FraudWorld.noDay {
            w *= pow(0.5, Double(max(0, world.asOfDay - r.start)) / Double(e.halfLifeDays))
        }
        if r.uprnConfidence > 0 { w *= Double(max(0.5, min(1, r.uprnConfidence))) }
        return w
    }

    /// Whether two properties are the same or one contains the other (a flat and its building).
    func related(_ a: Int64, _ b: Int64) -> Bool {
        if a == b { return true }
        let pa = world.properties[a]?.parent ?? 0, pb = world.properties[b]?.parent ?? 0
        return pa == b || pb == a
    }

    // MARK: - Households

    /// The members at `uprn`, from the records of `systems` (resident roles only) and deaths.
    func household(at uprn: Int64, systems: Set<String>) -> Household {
        guard let recs = world.byUPRN[uprn] else { return Household(uprn: uprn, members: []) }
        var groups: [Household.Member] = []
        var byPerson: [Int64: Int] = [:]
        for i in recs {
            let r = world.records[Int(i)]
            let system = world.system(of: r)
            guard systems.contains(system) || isDeathRecord(r), isResidentRole(r) else { continue }
            guard r.given != 0 || r.surname != 0 else { continue }
            var g: Int
            if r.person != 0, let existing = byPerson[r.person] { g = existing } else {
                g = groups.count
                groups.append(Household.Member())
                if r.person != 0 { byPerson[r.person] = g; groups[g].personIDs.append(r.person) }
            }
            groups[g].records.append(i)
            if r.given != 0 { groups[g].givens.insert(r.given) }
            if r.surname != 0 { groups[g].surnames.insert(r.surname) }
            if r.dob != FraudWorld.noDay { groups[g].dobs.insert(r.dob) }
            if r.sex != 0 { groups[g].sexes.insert(r.sex) }
            if r.group != 0 { groups[g].groups.insert(r.group) }
            if isDeathRecord(r) { groups[g].dead = true }
        }
        for i in groups.indices {
            for p in groups[i].personIDs {
                if let info = world.persons[p] {
                    if info.dob != FraudWorld.noDay { groups[i].dobs.insert(info.dob) }
                    if info.sex != 0 { groups[i].sexes.insert(info.sex) }
                    if info.dod != FraudWorld.noDay && info.dod <= world.asOfDay { groups[i].dead = true }
                }
            }
        }
        if rules.presence.sameNameIsSamePerson && groups.count > 1 {
            for loose in [false, true] {
                var merged = true
                while merged {
                    merged = false
                    outer: for a in groups.indices {
                        for b in (a + 1)..<groups.count where compatible(groups[a], groups[b], loose: loose) {
                            groups[a] = union(groups[a], groups[b])
                            groups.remove(at: b)
                            merged = true
                            break outer
                        }
                    }
                }
            }
        }
        for i in groups.indices {
            // The date of birth most records agree on.
            var counts: [Int32: Int] = [:]
            for r in groups[i].records where world.records[Int(r)].dob != FraudWorld.noDay { counts[world.records[Int(r)].dob, default: 0] += 1 }
            for p in groups[i].personIDs { if let d = world.persons[p]?.dob, d != FraudWorld.noDay { counts[d, default: 0] += 2 } }
            groups[i].dob = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? FraudWorld.noDay
        }
        return Household(uprn: uprn, members: groups)
    }

    private func union(_ a: Household.Member, _ b: Household.Member) -> Household.Member {
        var m = a
        m.records += b.records
        m.personIDs += b.personIDs
        m.givens.formUnion(b.givens)
        m.surnames.formUnion(b.surnames)
        m.dobs.formUnion(b.dobs)
        m.sexes.formUnion(b.sexes)
        m.groups.formUnion(b.groups)
        m.dead = a.dead || b.dead
        return m
    }

    /// Whether two groups of records at one address are one person.
    func compatible(_ a: Household.Member, _ b: Household.Member, loose: Bool) -> Bool {
        // Hard disagreements: dates of birth, sex, rows of one claim or account (different people).
        if !a.dobs.isEmpty && !b.dobs.isEmpty && !a.dobs.contains(where: { da in b.dobs.contains { closeDates(da, $0) } }) { return false }
        if a.sexes.count == 1 && b.sexes.count == 1 && a.sexes != b.sexes { return false }
        if !a.groups.isDisjoint(with: b.groups) {
            // Rows of one group are different people unless they spell the same name.
            guard a.givens == b.givens, a.surnames == b.surnames else { return false }
        }
        var surnameAgrees = false
        for sa in a.surnames { for sb in b.surnames where Self.surnamesAgree(world.string(sa), world.string(sb)) { surnameAgrees = true } }
        for ga in a.givens {
            for gb in b.givens {
                let x = world.string(ga), y = world.string(gb)
                if surnameAgrees && Self.givensAgree(x, y, allowInitial: loose) { return true }
                // A changed surname (marriage): the same full given name, nothing disagreeing.
                if loose && x == y && x.count >= 3 && !a.sexes.isEmpty && a.sexes == b.sexes && a.sexes != [1] { return true }
            }
        }
        // Forename and surname swapped.
        for ga in a.givens {
            for sb in b.surnames where world.string(ga) == world.string(sb) {
                for gb in b.givens { for sa in a.surnames where world.string(gb) == world.string(sa) { return true } }
            }
        }
        return false
    }

    /// Equal, or one keying slip apart (day and month swapped, or one part mistyped).
    func closeDates(_ a: Int32, _ b: Int32) -> Bool {
        if a == b { return true }
        let x = CivilDate(dayNumber: a).components, y = CivilDate(dayNumber: b).components
        if x.year == y.year && x.month == y.day && x.day == y.month { return true }
        var differing = 0
        if x.year != y.year { differing += 1 }
        if x.month != y.month { differing += 1 }
        if x.day != y.day { differing += 1 }
        return differing == 1
    }

    static func surnamesAgree(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let ta = a.split(separator: " "), tb = b.split(separator: " ")
        if ta.contains(where: { t in t.count >= 3 && tb.contains(t) }) { return true }
        let ca = a.replacingOccurrences(of: " ", with: ""), cb = b.replacingOccurrences(of: " ", with: "")
        if ca == cb { return true }
        if ca.count >= 4 && cb.count >= 4 && StringMetrics.damerauLevenshtein(ca, cb) <= 1 { return true }
        // A character lost to the code page ("?AHIN" for "ŞAHIN" folds to "ahin").
        if abs(ca.count - cb.count) == 1 && ca.count >= 3 && cb.count >= 3 && (ca.hasSuffix(cb) || cb.hasSuffix(ca)) { return true }
        return false
    }

    static func givensAgree(_ a: String, _ b: String, allowInitial: Bool) -> Bool {
        if a == b { return true }
        if allowInitial && (a.count == 1 || b.count == 1) { return a.first == b.first }
        if a.count == 1 || b.count == 1 { return false }
        if Nicknames.areEquivalent(a, b) { return true }
        if a.count >= 4 && b.count >= 4 && StringMetrics.damerauLevenshtein(a, b) <= 1 { return true }
        return false
    }

    // MARK: - Member facts

    /// Age in whole years at the as-of date, when the date of birth is known.
    func age(_ m: Household.Member) -> Int? {
        guard m.dob != FraudWorld.noDay else { return nil }
        return CivilDate(dayNumber: m.dob).years(to: world.asOf)
    }

    /// Whether the member is an adult: by date of birth, else by the roles their records give them.
    func isAdult(_ m: Household.Member, adultAge: Int) -> Bool {
        if let a = age(m) { return a >= adultAge }
        return !m.records.contains { childCodes.contains(world.records[Int($0)].role) }
    }

    /// A current school pupil record at this address.
    func isPupil(_ m: Household.Member) -> Bool {
        m.records.contains { i in
            let r = world.records[Int(i)]
            return schoolSources.contains(r.source) && r.role == pupilCode && isCurrent(r)
        }
    }

    /// Disregarded by the rule: an adult up to `upTo` years old still on a school roll.
    func isDisregardedPupil(_ m: Household.Member, upTo: Int?) -> Bool {
        guard let upTo, let a = age(m), a <= upTo else { return false }
        return isPupil(m)
    }

    /// How strongly the member is evidenced as living at the household's address now, from the
    /// records of `systems`; `excluding` drops records that must not count (the claim itself).
    func presence(_ m: Household.Member, at uprn: Int64, systems: Set<String>, excluding: (Int32) -> Bool = { _ in false }) -> Presence {
        var best: [String: Double] = [:]
        var current: [(Int32, Double)] = []
        var ended: [Int32] = []
        var endedHere = FraudWorld.noDay
        var latestDatedStart = FraudWorld.noDay
        var anyDated = false
        var notes: [String] = []
        if m.dead {
            return Presence(value: 0, bySystem: [:], current: [], ended: [], notes: ["registered as dead"])
        }
        for i in m.records where !excluding(i) {
            let r = world.records[Int(i)]
            let system = world.system(of: r)
            guard systems.contains(system), isResidentRole(r), !isDeathRecord(r) else { continue }
            if isCurrent(r) {
                let w = weight(r)
                guard w > 0 else { continue }
                best[system] = max(best[system] ?? 0, w)
                current.append((i, w))
                if r.start != FraudWorld.noDay { anyDated = true; latestDatedStart = max(latestDatedStart, r.start) }
            } else if r.end != FraudWorld.noDay && r.end < world.asOfDay {
                ended.append(i)
                endedHere = max(endedHere, r.end)
            }
        }
        var value = 1 - best.values.reduce(1) { $0 * (1 - $1) }
        guard value > 0 else { return Presence(value: 0, bySystem: best, current: current, ended: ended, notes: notes) }
        // Newer dated records at another address: the member has moved on.
        var elsewhereStart = FraudWorld.noDay
        var elsewhereUPRN: Int64 = 0
        for p in m.personIDs {
            for i in world.byPerson[p] ?? [] {
                let r = world.records[Int(i)]
                guard r.uprn != 0, !related(r.uprn, uprn), r.start != FraudWorld.noDay, isResidentRole(r), !isDeathRecord(r),
                      rules.evidence[world.system(of: r)] != nil, isCurrent(r) else { continue }
                if r.start > elsewhereStart { elsewhereStart = r.start; elsewhereUPRN = r.uprn }
            }
        }
        if !anyDated {
            if endedHere != FraudWorld.noDay {
                value *= rules.presence.staleFactor
                notes.append("their dated records here ended on \(CivilDate(dayNumber: endedHere).iso); only undated entries remain")
            } else if elsewhereStart != FraudWorld.noDay {
                value *= rules.presence.movedFactor
                notes.append("newer records place them at UPRN \(elsewhereUPRN) since \(CivilDate(dayNumber: elsewhereStart).iso)")
            }
        } else if elsewhereStart != FraudWorld.noDay && elsewhereStart > latestDatedStart {
            value *= 0.5
            notes.append("newer records also place them at UPRN \(elsewhereUPRN) since \(CivilDate(dayNumber: elsewhereStart).iso)")
        }
        return Presence(value: value, bySystem: best, current: current, ended: ended, notes: notes)
    }
}
