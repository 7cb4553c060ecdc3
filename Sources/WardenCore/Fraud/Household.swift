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
        var givens = SmallSet<Int32>()
        var surnames = SmallSet<Int32>()
        var dobs = SmallSet<Int32>()
        var sexes = SmallSet<Int8>()
        var groups = SmallSet<Int64>()
        var dead = false
        var dob: Int32 = FraudWorld.noDay
        /// No current record here, and records that ended (or a death): they have left.
        var departed = false
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
    static let adultRoles: Set<String> = ["parent", "liable", "joint_liable", "claimant", "partner", "tenant", "joint_tenant", "non_dependant"]
    static let endedStatusWords = ["cancel", "expired", "withdrawn", "revoked", "closed", "ended", "inactive", "lost", "surrendered",
                                   "suspended", "deceased", "void", "refused"]

    private let nonResidentCodes: Set<Int32>
    private let childCodes: Set<Int32>
    private let adultRoleCodes: Set<Int32>
    private let electorCode: Int32
    private let endedStatusCodes: Set<Int32>
    private let pupilCode: Int32
    private let parentCode: Int32
    private let schoolSources: Set<Int16>
    private let deathSources: Set<Int16>
    /// System → roles whose records the service keeps current (no half-life).
    private let currentRoleCodes: [String: Set<Int32>]
    /// By source index (records carry it): the evidence weight, the roles kept current, the
    /// refresh window and the system in words — looked up per record without hashing a string.
    private let evidenceBySource: [EvidenceWeight?]
    private let currentRolesBySource: [Set<Int32>]
    private let refreshBySource: [Int32]
    private let labelBySource: [String]

    init(world: FraudWorld, rules: FraudRuleSet) {
        self.world = world
        self.rules = rules
        nonResidentCodes = Set(Self.nonResidentRoles.compactMap { world.code($0) })
        childCodes = Set(Self.childRoles.compactMap { world.code($0) })
        adultRoleCodes = Set(Self.adultRoles.compactMap { world.code($0) })
        electorCode = world.code("elector") ?? -1
        var ended: Set<Int32> = []
        for (i, s) in world.strings.enumerated() where Self.endedStatusWords.contains(where: { s.hasPrefix($0) }) { ended.insert(Int32(i)) }
        endedStatusCodes = ended
        pupilCode = world.code("pupil") ?? -1
        parentCode = world.code("parent") ?? -1
        schoolSources = world.sourceIndexes(system: "school_roll")
        var deaths: Set<Int16> = []
        for r in rules.enabledRules { if let d = r.deathSystem { deaths.formUnion(world.sourceIndexes(system: d)) } }
        if deaths.isEmpty { deaths = world.sourceIndexes(system: "deaths") }
        deathSources = deaths
        let currentRoleCodes = rules.evidence.compactMapValues { e in e.currentRoles.map { Set($0.compactMap { world.code($0) }) } }
        self.currentRoleCodes = currentRoleCodes
        evidenceBySource = world.sources.map { rules.evidence[$0.system] }
        currentRolesBySource = world.sources.map { currentRoleCodes[$0.system] ?? [] }
        refreshBySource = world.sources.map { Int32(rules.evidence[$0.system]?.refreshDays ?? 365) }
        labelBySource = world.sources.map { $0.system.replacingOccurrences(of: "_", with: " ") }
    }

    /// The sources of a set of systems, for checking records against without hashing strings.
    func sources(of systems: Set<String>) -> Set<Int16> {
        Set(world.sources.indices.filter { systems.contains(world.sources[$0].system) }.map { Int16($0) })
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
        guard let e = evidenceBySource[Int(r.source)] else { return 0 }
        var w = e.weight
        if e.halfLifeDays > 0 && r.start != FraudWorld.noDay && !currentRolesBySource[Int(r.source)].contains(r.role) {
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
                    if info.sex != 0 { groups[i].sexes.insert(info.sex) }
                    if info.dod != FraudWorld.noDay && info.dod <= world.asOfDay { groups[i].dead = true }
                }
            }
        }
        // Very large groups of records (a block's own UPRN) are left as linkage grouped them.
        // Namesakes who still live here are read together first: a current record goes with the
        // current resident, not with a namesake whose records here have ended (a grown child of
        // the same name who left, a previous occupier).
        if rules.presence.sameNameIsSamePerson && groups.count > 1 && groups.count <= 80 {
            var current = groups.map(hasCurrentRecord)
            for (loose, sameStatus) in [(false, true), (true, true), (false, false), (true, false)] {
                // Everyone current (or no one): the first two passes already compared every pair.
                if !sameStatus && (!current.contains(false) || !current.contains(true)) { continue }
                var merged = true
                while merged {
                    merged = false
                    var a = 0
                    while a < groups.count {
                        var b = a + 1
                        while b < groups.count {
                            if (!sameStatus || current[a] == current[b]) && compatible(groups[a], groups[b], loose: loose) {
                                groups[a] = union(groups[a], groups[b])
                                current[a] = current[a] || current[b]
                                groups.remove(at: b)
                                current.remove(at: b)
                                merged = true
                            } else {
                                b += 1
                            }
                        }
                        a += 1
                    }
                }
            }
        }
        if rules.presence.sameNameIsSamePerson && groups.count > 1 { mergeScriptNames(&groups) }
        for i in groups.indices {
            // The date of birth most records agree on.
            var counts: [Int32: Int] = [:]
            for r in groups[i].records where world.records[Int(r)].dob != FraudWorld.noDay { counts[world.records[Int(r)].dob, default: 0] += 1 }
            // A person's date of birth from records elsewhere counts only when nothing here gives
            // one, and not against roles only an adult has here (linkage can join namesakes).
            if counts.isEmpty {
                let adultHere = groups[i].records.contains { adultRoleCodes.contains(world.records[Int($0)].role) }
                for p in groups[i].personIDs {
                    guard let d = world.persons[p]?.dob, d != FraudWorld.noDay else { continue }
                    if adultHere && CivilDate(dayNumber: d).years(to: world.asOf) < 18 { continue }
                    counts[d, default: 0] += 1
                }
            }
            groups[i].dob = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? FraudWorld.noDay
            // Attainers: the date they come of age gives their age.
            if groups[i].dob == FraudWorld.noDay, let adult = groups[i].records.map({ world.records[Int($0)].adultFrom }).filter({ $0 != FraudWorld.noDay }).max(),
               let c = Optional(CivilDate(dayNumber: adult).components), let d = CivilDate(year: c.year - 18, month: c.month, day: min(c.day, 28)) {
                groups[i].dob = d.dayNumber
            }
            // Left: dead, or nothing current here but records that ended; or only undated entries
            // left that may be older than the departure.
            var datedCurrent = false, undatedCurrent = false, endedHere = FraudWorld.noDay, oldestWindow = world.asOfDay
            for r in groups[i].records {
                let x = world.records[Int(r)]
                if isDeathRecord(x) || !isResidentRole(x) { continue }
                if isCurrent(x) {
                    if x.start != FraudWorld.noDay { datedCurrent = true } else {
                        undatedCurrent = true
                        oldestWindow = min(oldestWindow, world.asOfDay - refreshDays(of: x))
                    }
                } else if x.end != FraudWorld.noDay && x.end < world.asOfDay { endedHere = max(endedHere, x.end) }
            }
            groups[i].departed = groups[i].dead
                || (!datedCurrent && endedHere != FraudWorld.noDay && (!undatedCurrent || endedHere > oldestWindow))
        }
        return Household(uprn: uprn, members: groups)
    }

    /// Whether a name is written in a script other than Latin (Chinese, Arabic, ...).
    func isOtherScript(_ m: Household.Member) -> Bool {
        let codes = m.givens.union(m.surnames)
        return !codes.isEmpty && codes.allSatisfy { world.names.isOtherScript($0) }
    }

    /// A name in another script cannot be compared with its Latin spelling: it is read as the one
    /// person at the address it could be — on no system they are on, nothing disagreeing — if
    /// there is exactly one such person. A current entry (a school's parent contact) is compared
    /// only with people who still live here: someone whose records here have all ended cannot be
    /// it, so previous occupiers do not make the match ambiguous.
    private func mergeScriptNames(_ groups: inout [Household.Member]) {
        var i = 0
        while i < groups.count {
            guard isOtherScript(groups[i]) else { i += 1; continue }
            let a = groups[i]
            let sa = Set(a.records.map { world.records[Int($0)].source })
            let current = hasCurrentRecord(a)
            let fits = groups.indices.filter { j in
                guard j != i, !isOtherScript(groups[j]) else { return false }
                if current && !hasCurrentRecord(groups[j]) { return false }
                let b = groups[j]
                let sb = Set(b.records.map { world.records[Int($0)].source })
                guard sa.isDisjoint(with: sb) else { return false }
                if !a.dobs.isEmpty && !b.dobs.isEmpty && a.dobs.isDisjoint(with: b.dobs) { return false }
                if a.sexes.count == 1 && b.sexes.count == 1 && a.sexes != b.sexes { return false }
                if (youngestAge(b).map { $0 < 16 } ?? false) && holdsAdultRole(a) { return false }
                if (youngestAge(a).map { $0 < 16 } ?? false) && holdsAdultRole(b) { return false }
                if (holdsChildRole(a) && holdsParentRole(b)) || (holdsChildRole(b) && holdsParentRole(a)) { return false }
                return true
            }
            if fits.count == 1 {
                let j = fits[0]
                groups[j] = union(groups[j], a)
                groups.remove(at: i)
            } else {
                i += 1
            }
        }
    }

    /// Whether any of the member's records here is open (a resident role, not a death).
    private func hasCurrentRecord(_ m: Household.Member) -> Bool {
        m.records.contains { i in
            let r = world.records[Int(i)]
            return isResidentRole(r) && !isDeathRecord(r) && isCurrent(r)
        }
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
        // A child's date of birth against roles only an adult holds (a parent and the child named after them).
        if (youngestAge(a).map { $0 < 16 } ?? false) && holdsAdultRole(b) { return false }
        if (youngestAge(b).map { $0 < 16 } ?? false) && holdsAdultRole(a) { return false }
        // A child of the household (a pupil, a claim's dependant) and a parent contact are a child
        // and a parent, however alike their names (a mother and daughter of one given name).
        if (holdsChildRole(a) && holdsParentRole(b)) || (holdsChildRole(b) && holdsParentRole(a)) { return false }
        if !a.groups.isDisjoint(with: b.groups) {
            // Rows of one group are different people unless they spell the same name in the same
            // role (a flag written per row), or the same given name and date of birth (one person
            // written twice, once under a former surname). A mother and daughter of one name are two.
            let shared = a.groups.intersection(b.groups)
            func roles(_ m: Household.Member) -> Set<Int32> { Set(m.records.filter { shared.contains(world.records[Int($0)].group) }.map { world.records[Int($0)].role }) }
            let sameName = a.givens == b.givens && a.surnames == b.surnames && roles(a) == roles(b)
            let sameBirth = !a.dobs.isEmpty && a.dobs == b.dobs && !a.givens.isDisjoint(with: b.givens)
            guard sameName || sameBirth else { return false }
            if sameBirth { return true }
        }
        let names = world.names
        var surnameAgrees = false
        for sa in a.surnames where !surnameAgrees { for sb in b.surnames where names.surnamesAgree(sa, sb) { surnameAgrees = true; break } }
        for ga in a.givens {
            for gb in b.givens {
                if surnameAgrees && names.givensAgree(ga, gb, allowInitial: loose) { return true }
                // A changed surname (marriage): the same full given name, a woman, nothing disagreeing.
                if loose && ga == gb && names.length(ga) >= 3 && a.sexes.union(b.sexes) == [2] { return true }
            }
        }
        // A bill and a tenancy (or claim) that begin on the same day here in the same full given
        // name are one person's, whatever the surname reads ("TH?O VAN" and "Thảo Nguyễn").
        if loose && a.givens.contains(where: { ga in names.length(ga) >= 3 && b.givens.contains { gb in names.givensAgree(ga, gb, allowInitial: false) } }) {
            let startsA = Set(a.records.compactMap { i -> Int64? in
                let r = world.records[Int(i)]
                return r.start == FraudWorld.noDay ? nil : Int64(r.start) << 16 | Int64(r.source)
            })
            for i in b.records {
                let r = world.records[Int(i)]
                guard r.start != FraudWorld.noDay else { continue }
                // The same day on another system (a second record of one system is another account).
                if startsA.contains(where: { $0 >> 16 == Int64(r.start) && Int16(truncatingIfNeeded: $0 & 0xFFFF) != r.source }) { return true }
            }
        }
        // One person on each system once: same surname and first letter, neither group on a system
        // the other is on, nothing disagreeing — a nickname linkage does not know ("Iffy", "Ifeanyi").
        if loose && surnameAgrees && a.sexes == b.sexes && !a.sexes.isEmpty {
            let sa = Set(a.records.map { world.records[Int($0)].source }), sb = Set(b.records.map { world.records[Int($0)].source })
            if sa.isDisjoint(with: sb) && a.givens.contains(where: { ga in b.givens.contains { names.first($0) == names.first(ga) } }) { return true }
        }
        // Forename and surname swapped ("QURESHI M" for "Mohammad Qureshi", "Parmar Singh, Meera").
        for ga in a.givens {
            for sb in b.surnames where names.surnamesAgree(ga, sb) || names.givensAgree(ga, sb, allowInitial: false) {
                for gb in b.givens {
                    for sa in a.surnames where names.givensAgree(gb, sa, allowInitial: loose) || names.surnamesAgree(gb, sa) { return true }
                }
            }
        }
        return false
    }

    private func youngestAge(_ m: Household.Member) -> Int? {
        guard let d = m.dobs.max() else { return nil }
        return CivilDate(dayNumber: d).years(to: world.asOf)
    }

    private func holdsChildRole(_ m: Household.Member) -> Bool {
        m.records.contains { childCodes.contains(world.records[Int($0)].role) }
    }

    private func holdsParentRole(_ m: Household.Member) -> Bool {
        m.records.contains { world.records[Int($0)].role == parentCode }
    }

    private func holdsAdultRole(_ m: Household.Member) -> Bool {
        m.records.contains { adultRoleCodes.contains(world.records[Int($0)].role) || electorCode == world.records[Int($0)].role }
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

    /// When the member shares a surname only with people who have left or died here: when, and in words.
    func departedRelative(_ m: Household.Member, in h: Household) -> (end: Int32, text: String)? {
        func agrees(_ other: Household.Member) -> Bool {
            m.surnames.contains { s in other.surnames.contains { world.names.surnamesAgree(s, $0) } }
        }
        var departed: Household.Member?
        for other in h.members where other.records != m.records && agrees(other) {
            if !other.departed { return nil }
            departed = other
        }
        guard let d = departed else { return nil }
        var last = d.records.map { world.records[Int($0)].end }.filter { $0 != FraudWorld.noDay }.max() ?? FraudWorld.noDay
        for p in d.personIDs { if let dod = world.persons[p]?.dod, dod != FraudWorld.noDay { last = max(last, dod) } }
        for r in d.records where isDeathRecord(world.records[Int(r)]) { last = max(last, world.records[Int(r)].dod) }
        guard last != FraudWorld.noDay else { return nil }
        return (last, "shares a surname only with people who have left\(d.dead ? " or died" : "") (last here \(CivilDate(dayNumber: last).iso))")
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

    /// Disregarded by the rule: an adult up to `upTo` years old still in education — on a school
    /// roll, or a current dependant on a claim (an adult dependant is one in full-time education).
    func isDisregardedPupil(_ m: Household.Member, upTo: Int?) -> Bool {
        guard let upTo, let a = age(m), a <= upTo else { return false }
        if isPupil(m) { return true }
        let dependant = world.code("dependant") ?? -1
        return m.records.contains { i in let r = world.records[Int(i)]; return r.role == dependant && isCurrent(r) }
    }

    /// Whether the member looks like a grown son or daughter of the household whose age is not
    /// known to be over `upTo`: no date of birth past it, sharing a surname with pupils here, not
    /// their parent contact, and holding no role only an independent adult has (liable, claimant,
    /// tenant, partner).
    func isGrownChildOfUnknownAge(_ m: Household.Member, pupilSurnames: [Int32], upTo: Int) -> Bool {
        guard !pupilSurnames.isEmpty, !isPupil(m) else { return false }
        if let a = age(m), a > upTo { return false }
        guard m.surnames.contains(where: { s in pupilSurnames.contains { world.names.surnamesAgree(s, $0) } }) else { return false }
        return !m.records.contains { adultRoleCodes.contains(world.records[Int($0)].role) }
    }

    /// Whether the member holds a current record of `sources` in a group other than `group`
    /// (their own council tax account, their own claim): billed or claiming as a separate household.
    func hasOwn(_ m: Household.Member, sources: Set<Int16>, besides group: Int64) -> Bool {
        m.records.contains { i in
            let r = world.records[Int(i)]
            return sources.contains(r.source) && r.group != group && isCurrent(r) && isResidentRole(r)
        }
    }

    /// How strongly the member is evidenced as living at the household's address now, from the
    /// records of `systems`; `excluding` drops records that must not count (the claim itself).
    ///
    /// Each current record is weighed on its own, for when it was made: a dated record from its
    /// start, an undated entry (the register, a school census) within its source's refresh window
    /// before the extract. A record that may predate the member's departure from here (a later end
    /// of one of their records), their move elsewhere (a later start at another address) or, with
    /// `since`, the claim it is set against (a register entry of the previous occupier) counts less.
    /// `kin` are surnames of the claim's own people: a relative of theirs is not a previous occupier.
    /// With `previousKnown`, the people whose records here ended in the entry's window are taken to
    /// be everyone who lived here then (a home said to be empty since they left): an entry in a
    /// surname none of them has is a new resident's and counts in full. With `changedOn` (the day
    /// a discount for one adult was awarded on an account already open: the household changed),
    /// an entry that may predate it may be of an adult who left then — kin included.
    func presence(_ m: Household.Member, in household: Household, systems: Set<String>, since: Int32 = FraudWorld.noDay,
                  kin: Set<Int32> = [], previousKnown: Bool = false, changedOn: Int32 = FraudWorld.noDay,
                  excluding: (Int32) -> Bool = { _ in false }) -> Presence {
        let uprn = household.uprn
        let asOf = world.asOfDay
        var current: [(Int32, Double)] = []
        var ended: [Int32] = []
        var endedHere = FraudWorld.noDay
        var notes: [String] = []
        if m.dead {
            return Presence(value: 0, bySystem: [:], current: [], ended: [], notes: ["registered as dead"])
        }
        var candidates: [Int32] = []
        let allowed = sources(of: systems)
        for i in m.records where !excluding(i) {
            let r = world.records[Int(i)]
            guard allowed.contains(r.source), isResidentRole(r), !isDeathRecord(r) else { continue }
            if isCurrent(r) { candidates.append(i) }
            else if r.end != FraudWorld.noDay && r.end < asOf { ended.append(i); endedHere = max(endedHere, r.end) }
        }
        guard !candidates.isEmpty else { return Presence(value: 0, bySystem: [:], current: [], ended: ended, notes: notes) }
        // Newer dated records at another address.
        var elsewhereStart = FraudWorld.noDay
        var elsewhereUPRN: Int64 = 0
        var elsewhereConfidence = 0.0
        for p in m.personIDs {
            for i in world.byPerson[p] ?? [] {
                let r = world.records[Int(i)]
                guard r.uprn != 0, evidenceBySource[Int(r.source)] != nil, !related(r.uprn, uprn), isResidentRole(r), !isDeathRecord(r),
                      isCurrent(r) else { continue }
                // An undated entry elsewhere was made within its refresh window: at the earliest, its start.
                let start = r.start != FraudWorld.noDay ? r.start : asOf - refreshDays(of: r)
                if start > elsewhereStart {
                    elsewhereStart = start; elsewhereUPRN = r.uprn
                    // How sure linkage is that the record elsewhere is this person.
                    elsewhereConfidence = r.personConfidence >= 0 ? Double(r.personConfidence) : 0.9
                }
            }
        }
        let hasDatedCurrent = candidates.contains { world.records[Int($0)].start != FraudWorld.noDay }
        let departedKin = hasDatedCurrent ? nil : departedRelative(m, in: household)
        let isKin = !kin.isEmpty && m.surnames.contains { s in kin.contains { world.names.surnamesAgree(s, $0) } }
        var best: [String: Double] = [:]
        func note(_ n: String) { if !notes.contains(n) { notes.append(n) } }
        for i in candidates {
            let r = world.records[Int(i)]
            let system = world.system(of: r)
            let label = labelBySource[Int(r.source)]
            var w = weight(r)
            guard w > 0 else { continue }
            // The earliest day the record can speak for.
            let madeFrom: Int32
            let dated = r.start != FraudWorld.noDay
            if dated { madeFrom = r.start } else { madeFrom = asOf - refreshDays(of: r) }
            if endedHere != FraudWorld.noDay && endedHere > madeFrom {
                w *= rules.presence.staleFactor
                note("their records here ended on \(CivilDate(dayNumber: endedHere).iso), after \(dated ? "what is still open here began" : "the \(label) entry may have been made")")
            } else if elsewhereStart != FraudWorld.noDay && elsewhereStart > madeFrom {
                // Weighed by how sure linkage is that the newer record elsewhere is theirs.
                let factor = dated ? 0.5 : rules.presence.movedFactor
                w *= 1 - elsewhereConfidence * (1 - factor)
                note("newer records place them at UPRN \(elsewhereUPRN) since \(CivilDate(dayNumber: elsewhereStart).iso)")
            } else if !dated, let left = departedKin.flatMap({ $0.end > madeFrom ? $0.text : nil }) {
                w *= rules.presence.staleFactor
                note(left)
            } else if !dated && changedOn != FraudWorld.noDay && changedOn > madeFrom {
                // The household changed when the discount was awarded: the entry may be of the adult who left then.
                let share = Double(asOf - changedOn) / Double(max(1, asOf - madeFrom))
                w *= max(0, min(1, share))
                note("the discount was awarded on \(CivilDate(dayNumber: changedOn).iso), after the account opened and within the \(label) refresh window: the entry may be of an adult who left when it was claimed")
            } else if !dated && since != FraudWorld.noDay && since > madeFrom && !isKin {
                if previousKnown, let left = previousOccupiers(of: household, besides: m, from: madeFrom, until: since),
                   !m.surnames.contains(where: { s in left.surnames.contains { world.names.surnamesAgree(s, $0) } }) {
                    // Who lived here before is known, and this is not one of them nor of their family.
                    note("not one of the previous occupiers (\(left.names)), who left by \(CivilDate(dayNumber: left.last).iso): the entry is a new resident's")
                } else {
                    // The entry may be the previous occupier's: only the part of its window after the claim began counts.
                    let share = Double(asOf - since) / Double(max(1, asOf - madeFrom))
                    w *= max(0, min(1, share))
                    note("the claim began on \(CivilDate(dayNumber: since).iso), within the \(label) refresh window: the entry may be a previous occupier's")
                }
            }
            current.append((i, w))
            best[system] = max(best[system] ?? 0, w)
        }
        let value = 1 - best.values.reduce(1) { $0 * (1 - $1) }
        return Presence(value: value, bySystem: best.filter { $0.value > 0 }, current: current, ended: ended, notes: notes)
    }

    /// The people whose records here ended between `from` and a month after `until` (the claim's
    /// start): who lived here when an undated entry of that window was made. Nil when nobody is
    /// known to have left then (the entry's owner is unknown).
    func previousOccupiers(of h: Household, besides m: Household.Member, from: Int32, until: Int32) -> (surnames: [Int32], names: String, last: Int32)? {
        var surnames: [Int32] = [], names: [String] = [], last = FraudWorld.noDay
        for other in h.members where other.departed && other.records != m.records {
            var end = FraudWorld.noDay
            for r in other.records {
                let x = world.records[Int(r)]
                if isDeathRecord(x) { end = max(end, x.dod) } else if x.end != FraudWorld.noDay { end = max(end, x.end) }
            }
            guard end != FraudWorld.noDay, end >= from, end <= until + 31 else { continue }
            surnames += other.surnames.items
            if let g = other.givens.first, let sn = other.surnames.first { names.append("\(world.string(g)) \(world.string(sn))".uppercased()) }
            last = max(last, end)
        }
        guard !surnames.isEmpty else { return nil }
        return (surnames, names.prefix(3).joined(separator: ", "), last)
    }

    /// Days within which an undated entry of a system was made (the register's canvass, the school census).
    func refreshDays(_ system: String) -> Int { rules.evidence[system]?.refreshDays ?? 365 }

    /// The refresh window of a record's system, in days.
    func refreshDays(of r: FraudWorld.Record) -> Int32 { refreshBySource[Int(r.source)] }
}

/// A set of a handful of values, kept in an array: households hold a few names, dates and
/// groups per person, and hashing sets of them cost more than scanning.
struct SmallSet<T: Hashable & Sendable>: Sequence, Equatable, Sendable, ExpressibleByArrayLiteral {
    private(set) var items: [T] = []

    init() {}
    init(arrayLiteral elements: T...) { for e in elements { insert(e) } }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var first: T? { items.first }
    func makeIterator() -> IndexingIterator<[T]> { items.makeIterator() }
    func contains(_ x: T) -> Bool { items.contains(x) }

    mutating func insert(_ x: T) { if !items.contains(x) { items.append(x) } }
    mutating func formUnion(_ other: SmallSet<T>) { for x in other.items { insert(x) } }
    func union(_ other: SmallSet<T>) -> SmallSet<T> { var s = self; s.formUnion(other); return s }
    func isDisjoint(with other: SmallSet<T>) -> Bool { !items.contains { other.items.contains($0) } }
    func intersection(_ other: SmallSet<T>) -> SmallSet<T> { var s = SmallSet<T>(); for x in items where other.items.contains(x) { s.insert(x) }; return s }

    static func == (a: SmallSet<T>, b: SmallSet<T>) -> Bool { a.items.count == b.items.count && a.items.allSatisfy { b.items.contains($0) } }
}

extension SmallSet where T: Comparable {
    func max() -> T? { items.max() }
}
