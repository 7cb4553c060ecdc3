import WardenLinkage

/// Fills the dwellings with households over 2019…as-of: moves in and out (some within the
/// borough), births, deaths, partners joining and leaving, adult children leaving home, and the
/// rooms of houses in multiple occupation let one by one.
struct PopulationBuilder {
    let world: World
    var rng: SeededRandom
    var cultures: [Culture] = []
    var cultureTable: WeightedTable
    /// Current members of each household (emptied once the household has left the borough).
    var members: [[Int32]] = []
    /// Open stay of each person in the current occupancy (-1 when none).
    var openStay: [Int32] = []

    struct Slot {
        var property: Int32
        var room: Int8
        var start: Int32
        var end: Int32   // exclusive; .max when still running at the as-of date
    }

    struct PoolEntry {
        var household: Int32
        var available: Int32
        var taken: Bool
    }
    /// Households that left a dwelling and look for another in the borough, bucketed by month
    /// and size class (0: one adult, 1: two people, 2: three or four, 3: five or more).
    var pool: [[[PoolEntry]]] = []
    var poolCursor: [[Int]] = []

    static let year: Int32 = 365

    init(world: World) {
        self.world = world
        self.rng = world.rng("population")
        var weights: [Int] = []
        for spec in NameData.cultures {
            cultures.append(Culture(spec: spec, book: world.names))
            weights.append(spec.weight)
        }
        cultureTable = WeightedTable(weights)
    }

    // MARK: driver

    mutating func build() {
        // Reserve roughly what a borough of this size needs, so arrays do not double (and copy) late.
        let dwellings = world.properties.reduce(0) { $0 + ($1.kind.isDwelling ? 1 : 0) }
        world.persons.reserveCapacity(dwellings * 7)
        world.stays.reserveCapacity(dwellings * 9)
        world.occupancies.reserveCapacity(dwellings * 4)
        world.households.reserveCapacity(dwellings * 3)
        var slots: [Slot] = []
        slots.reserveCapacity(world.properties.count * 2)
        var sr = world.rng("slots")
        for i in world.properties.indices where world.properties[i].kind.isDwelling {
            makeSlots(Int32(i), &sr, into: &slots)
        }
        slots.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.property != b.property { return a.property < b.property }
            return a.room < b.room
        }
        let months = Int((world.H - world.W0) / 30) + 40
        pool = Array(repeating: Array(repeating: [], count: 4), count: months)
        poolCursor = Array(repeating: Array(repeating: 0, count: 4), count: months)
        for slot in slots { fill(slot) }
    }

    // MARK: slots

    private func spellLength(_ t: Tenure, _ r: inout SeededRandom) -> Int32 {
        let y = Self.year
        switch t {
        case .owner: return r.chance(0.55) ? Int32(r.int(Int(8 * y), Int(30 * y))) : Int32(r.int(Int(2 * y), Int(9 * y)))
        case .social: return r.chance(0.6) ? Int32(r.int(Int(8 * y), Int(35 * y))) : Int32(r.int(Int(2 * y), Int(8 * y)))
        default: return r.chance(0.8) ? Int32(r.int(Int(y / 2), Int(4 * y))) : Int32(r.int(Int(4 * y), Int(10 * y)))
        }
    }

    private func voidLength(_ t: Tenure, _ r: inout SeededRandom) -> Int32 {
        switch t {
        case .owner: return Int32(r.int(15, 120))
        case .social: return Int32(r.int(14, 100))
        default: return r.chance(0.85) ? Int32(r.int(3, 45)) : Int32(r.int(60, 420))
        }
    }

    private func makeSlots(_ pi: Int32, _ r: inout SeededRandom, into slots: inout [Slot]) {
        let p = world.properties[Int(pi)]
        let W0 = world.W0, H = world.H
        let familyUntil: Int32 = p.isHMO ? p.hmoFrom : .max
        // Household spells.
        if !(p.isHMO && p.hmoFrom <= W0) {
            let first = spellLength(p.tenure, &r)
            var t: Int32
            var end: Int32
            if r.chance(0.03) {
                t = W0 + Int32(r.int(0, 200))
                end = t + spellLength(p.tenure, &r)
            } else {
                t = W0 - Int32(r.int(0, Int(first) - 1))
                end = t + first
            }
            while t < H && t < familyUntil {
                var e = end
                if e >= familyUntil { e = familyUntil - Int32(r.int(7, 60)) }
                if e <= t { break }
                slots.append(Slot(property: pi, room: -1, start: t, end: e > H ? .max : e))
                if e > H { break }
                t = e + voidLength(p.tenure, &r)
                end = t + spellLength(p.tenure, &r)
            }
        }
        guard p.isHMO else { return }
        // Rooms let one by one.
        for room in 0..<Int(p.bedrooms) {
            var t: Int32 = p.hmoFrom > W0 - 2 * Self.year ? p.hmoFrom + Int32(r.int(0, 60)) : W0 - Int32(r.int(0, 700))
            while t < H {
                // Quiet HMOs are let to settled sharers: longer stays, fewer faces.
                let len: Int32 = p.quietHMO ? Int32(r.int(300, 1800)) : r.chance(0.8) ? Int32(r.int(90, 540)) : Int32(r.int(540, 1500))
                let e = t + len
                slots.append(Slot(property: pi, room: Int8(room), start: t, end: e > H ? .max : e))
                if e > H { break }
                t = e + (r.chance(0.9) ? Int32(r.int(0, 50)) : Int32(r.int(50, 150)))
            }
        }
    }

    // MARK: filling a slot

    private func sizeClass(_ n: Int, adults: Int) -> Int {
        if n == 1 { return 0 }
        if n == 2 { return 1 }
        return n <= 4 ? 2 : 3
    }

    private mutating func takeFromPool(_ slot: Slot, _ p: Property) -> Int32? {
        let classes: [Int]
        if slot.room >= 0 { classes = [0] }
        else if p.bedrooms <= 1 { classes = [0, 1] }
        else if p.bedrooms == 2 { classes = [1, 2, 0] }
        else { classes = [2, 3, 1, 0] }
        let m = Int((slot.start - world.W0) / 30) + 20
        guard m >= 0 && m < pool.count else { return nil }
        for c in classes {
            for mm in stride(from: m, through: max(0, m - 3), by: -1) {
                var i = poolCursor[mm][c]
                let bucket = pool[mm][c]
                var scanned = 0
                while i < bucket.count && scanned < 8 {
                    let e = bucket[i]
                    if !e.taken && e.available <= slot.start && !members[Int(e.household)].isEmpty {
                        pool[mm][c][i].taken = true
                        if i == poolCursor[mm][c] { poolCursor[mm][c] += 1 }
                        return e.household
                    }
                    if e.taken && i == poolCursor[mm][c] { poolCursor[mm][c] += 1 }
                    i += 1; scanned += 1
                }
            }
        }
        return nil
    }

    private mutating func addToPool(_ h: Int32, at t: Int32) {
        let m = Int((t - world.W0) / 30) + 20
        guard m >= 0 && m < pool.count else { members[Int(h)] = []; return }
        let mem = members[Int(h)]
        var adults = 0
        for p in mem where world.age(p, at: t) >= 18 { adults += 1 }
        guard adults > 0 else { members[Int(h)] = []; return }
        pool[m][sizeClass(mem.count, adults: adults)].append(PoolEntry(household: h, available: t, taken: false))
    }

    private mutating func fill(_ slot: Slot) {
        let p = world.properties[Int(slot.property)]
        var hh: Int32
        var reused = false
        let moveIn = slot.start
        if rng.chance(0.7), let h = takeFromPool(slot, p) {
            hh = h
            reused = true
        } else {
            hh = createHousehold(slot, p)
        }
        // Open the occupancy.
        let oi = Int32(world.occupancies.count)
        var occ = Occupancy(property: slot.property, household: hh, from: moveIn, to: slot.end, room: slot.room)
        if reused, let first = members[Int(hh)].first, openStay[Int(first)] >= 0 {
            // Link to the household's previous home in the borough.
            let prevOcc = world.stays[Int(openStay[Int(first)])].occupancy
            occ.movedFrom = prevOcc
            world.occupancies[Int(prevOcc)].movedTo = oi
        }
        world.occupancies.append(occ)
        occStayBegin = world.stays.count
        for m in members[Int(hh)] {
            if reused { world.persons[Int(m)].tags.insert(.movedWithinBorough) }
            // Adults joined as adults; children from birth.
            let dob = world.persons[Int(m)].dob
            let from = pendingRole[Int(m)] == Role.child ? max(moveIn, dob) : max(moveIn, dob + 16 * 365)
            openStay[Int(m)] = Int32(world.stays.count)
            world.stays.append(Stay(person: m, occupancy: oi, from: from, to: .max, role: pendingRole[Int(m)]))
            world.persons[Int(m)].household = hh
            if slot.room >= 0 { world.persons[Int(m)].tags.insert(.hmoTenant) }
        }
        simulate(oi, slot: slot)
    }

    /// Youngest age an adult of a new household may have at the reference date.
    var minAdultAge = 18

    /// First stay index of the occupancy being simulated (its stays are contiguous from here).
    var occStayBegin = 0
    /// Latest departure in the occupancy being simulated.
    var lastDeparture: Int32 = 0

    /// Role recorded for a newly created person before their first stay exists.
    var pendingRole: [UInt8] = []

    private mutating func leave(_ person: Int32, at t: Int32) {
        let s = openStay[Int(person)]
        if s >= 0 {
            let to = max(t, world.stays[Int(s)].from + 1)
            world.stays[Int(s)].to = to
            lastDeparture = max(lastDeparture, to)
        }
    }

    private mutating func simulate(_ oi: Int32, slot: Slot) {
        let hh = world.occupancies[Int(oi)].household
        let H = world.H
        let simEnd = min(slot.end, H + 1)
        var t = max(slot.start, world.W0)
        let isRoom = slot.room >= 0
        let tenure = world.properties[Int(slot.property)].tenure
        lastDeparture = t
        while t < simEnd {
            let stepEnd = min(t + Self.year, simEnd)
            let frac = Double(stepEnd - t) / 365.0
            var current = members[Int(hh)]
            var i = 0
            // Deaths.
            while i < current.count {
                let m = current[i]
                let age = world.age(m, at: t)
                let q: Double = age < 40 ? 0.0006 : age < 60 ? 0.003 : age < 70 ? 0.01 : age < 80 ? 0.03 : age < 90 ? 0.085 : 0.2
                if rng.chance(q * frac) {
                    let d = t + Int32(rng.under(Int(stepEnd - t)))
                    if d > world.persons[Int(m)].dob {
                        world.persons[Int(m)].dod = d
                        leave(m, at: d)
                        openStay[Int(m)] = -1
                        current.remove(at: i)
                        continue
                    }
                }
                i += 1
            }
            var adults: [Int32] = []
            for m in current where world.age(m, at: t) >= 18 { adults.append(m) }
            if !isRoom {
                let headOrPartner = current.filter { r in
                    let s = openStay[Int(r)]
                    return s >= 0 && (world.stays[Int(s)].role == Role.head || world.stays[Int(s)].role == Role.partner)
                }
                // A partner leaves.
                if headOrPartner.count == 2 && world.age(headOrPartner[0], at: t) < 70 && rng.chance(0.02 * frac) {
                    let who = headOrPartner[rng.under(2)]
                    let d = t + Int32(rng.under(Int(stepEnd - t)))
                    let st = openStay[Int(who)]
                    leave(who, at: d)
                    openStay[Int(who)] = -1
                    current.removeAll { $0 == who }
                    if rng.chance(0.35) { departAsNewHousehold(who, stay: st, at: d) }
                }
                // A partner moves in with someone living alone.
                else if headOrPartner.count == 1 && adults.count == 1 {
                    let a = adults[0]
                    let age = world.age(a, at: t)
                    if age >= 20 && age <= 58 && rng.chance(0.035 * frac) {
                        let d = t + Int32(rng.under(Int(stepEnd - t)))
                        let np = newPartner(for: a, at: d)
                        pendingRole[Int(np)] = Role.partner
                        openStay[Int(np)] = Int32(world.stays.count)
                        world.stays.append(Stay(person: np, occupancy: oi, from: d, to: .max, role: Role.partner))
                        world.persons[Int(np)].household = hh
                        current.append(np)
                    }
                }
                // Births.
                for m in current where world.persons[Int(m)].sex == 2 {
                    let age = world.age(m, at: t)
                    guard age >= 20 && age <= 43 else { continue }
                    let partnered = headOrPartner.count == 2
                    if rng.chance((partnered ? 0.08 : 0.02) * frac) {
                        let d = t + Int32(rng.under(Int(stepEnd - t)))
                        let father = headOrPartner.first { world.persons[Int($0)].sex == 1 }
                        let baby = newChild(mother: m, father: father, dob: d)
                        world.persons[Int(baby)].flags.insert(.born)
                        pendingRole[Int(baby)] = Role.child
                        openStay[Int(baby)] = Int32(world.stays.count)
                        world.stays.append(Stay(person: baby, occupancy: oi, from: d, to: .max, role: Role.child))
                        world.persons[Int(baby)].household = hh
                        current.append(baby)
                    }
                    break
                }
                // Grown-up children leave home.
                var j = 0
                while j < current.count {
                    let m = current[j]
                    let s = openStay[Int(m)]
                    if s >= 0 && world.stays[Int(s)].role == Role.child && world.age(m, at: t) >= 18 && rng.chance(0.15 * frac) {
                        let d = t + Int32(rng.under(Int(stepEnd - t)))
                        let st = openStay[Int(m)]
                        leave(m, at: d)
                        openStay[Int(m)] = -1
                        current.remove(at: j)
                        if rng.chance(0.35) { departAsNewHousehold(m, stay: st, at: d) }
                        continue
                    }
                    j += 1
                }
            }
            members[Int(hh)] = current
            // Nobody adult left: the occupancy ends (children go with relatives elsewhere).
            var anyAdult = false
            for m in current where world.age(m, at: stepEnd - 1) >= 16 { anyAdult = true; break }
            if !anyAdult {
                let last = max(lastDeparture, t)
                for m in current { leave(m, at: last); openStay[Int(m)] = -1 }
                members[Int(hh)] = []
                world.occupancies[Int(oi)].to = max(last, world.occupancies[Int(oi)].from + 1)
                return
            }
            t = stepEnd
        }
        // End of the slot.
        if slot.end <= H {
            let current = members[Int(hh)]
            for m in current { leave(m, at: slot.end) }
            let p: Double = isRoom ? 0.3 : (tenure == .social ? 0.35 : tenure == .owner ? 0.2 : 0.3)
            if !current.isEmpty && rng.chance(p) {
                for m in current { pendingRole[Int(m)] = world.stays[Int(openStay[Int(m)])].role }
                addToPool(hh, at: slot.end + Int32(rng.int(0, 20)))
            } else {
                for m in current { openStay[Int(m)] = -1 }
                members[Int(hh)] = []
            }
        }
    }

    /// Someone leaves to set up home elsewhere in the borough: a household of their own, waiting
    /// in the pool for a dwelling. `stay` is the stay they just ended (for linking the move).
    private mutating func departAsNewHousehold(_ person: Int32, stay: Int32, at t: Int32) {
        let c = world.persons[Int(person)].culture
        world.households.append(Household(kind: 0, culture: c, lowIncome: rng.chance(0.3)))
        let h = Int32(world.households.count - 1)
        members.append([person])
        openStay[Int(person)] = stay
        pendingRole[Int(person)] = Role.head
        addToPool(h, at: t + Int32(rng.int(0, 30)))
        if members[Int(h)].isEmpty { openStay[Int(person)] = -1 }
    }

    // MARK: people

    private mutating func dobFor(age: Int, at r: Int32) -> Int32 {
        r - Int32(age) * 365 - Int32(age / 4) - Int32(rng.under(365))
    }

    private mutating func addPerson(_ p: Person, role: UInt8) -> Int32 {
        world.persons.append(p)
        openStay.append(-1)
        pendingRole.append(role)
        return Int32(world.persons.count - 1)
    }

    private mutating func makePerson(culture c: Int, male: Bool, dob: Int32, surnameIndex si: Int?, role: UInt8) -> Int32 {
        let cul = cultures[c]
        let year = CivilDate(dayNumber: dob).year
        let given = cul.given(male: male, birthYear: year, &rng)
        var middle: Int32 = -1
        if rng.chance(cul.spec.middleShare) {
            let l = male ? cul.middleMale : cul.middleFemale
            if !l.isEmpty { middle = l.pick(&rng) }
        }
        var surname: Int32
        if !male && !cul.femaleSurnames.isEmpty && (si == nil || rng.chance(0.5)) {
            surname = cul.femaleSurnames.pick(&rng)
        } else {
            let k = si ?? cul.surnameIndex(&rng)
            surname = male ? cul.surnameMale[k] : cul.surnameFemale[k]
        }
        if middle == given { middle = -1 }
        var person = Person(culture: UInt8(c), sex: male ? 1 : 2, given: given, middle: middle, surname: surname, dob: dob)
        if !world.names.native[Int(given)].isEmpty && !world.names.native[Int(surname)].isEmpty {
            person.tags.insert(.nativeScript)
        }
        return addPerson(person, role: role)
    }

    /// Index of a person's surname in their culture's table (for passing it to children).
    private func surnameIndex(of p: Int32) -> Int? {
        let q = world.persons[Int(p)]
        let cul = cultures[Int(q.culture)]
        return cul.surnameIndex(of: q.surname)
    }

    /// Marries `wife` to `husband`: she may take his name (recording the one she was born with).
    private mutating func marry(wife: Int32, husband: Int32) {
        let h = world.persons[Int(husband)]
        var w = world.persons[Int(wife)]
        w.flags.insert(.married); world.persons[Int(husband)].flags.insert(.married)
        let cul = cultures[Int(w.culture)]
        guard h.surname != w.surname else { world.persons[Int(wife)] = w; return }
        if rng.chance(0.04) {
            // Double-barrelled: "Birth-Husband"; systems often keep only one half.
            let s = world.names[w.surname] + "-" + world.names[h.surname]
            w.birthSurname = w.surname
            w.surname = world.names.intern(s)
            w.tags.insert(.doubleBarrelled)
            w.tags.insert(.marriedNameChange)
        } else if rng.chance(cul.spec.wifeTakesName) {
            var newName = h.surname
            // Inflected languages: the feminine form of his name.
            let hc = cultures[Int(h.culture)]
            if let i = hc.surnameIndex(of: h.surname), hc.surnameMale[i] == h.surname { newName = hc.surnameFemale[i] }
            w.birthSurname = w.surname
            w.surname = newName
            w.tags.insert(.marriedNameChange)
        }
        world.persons[Int(wife)] = w
    }

    private mutating func newPartner(for a: Int32, at t: Int32) -> Int32 {
        let q = world.persons[Int(a)]
        let c = rng.chance(0.85) ? Int(q.culture) : cultureTable.pick(&rng)
        let male = rng.chance(0.03) ? q.isMale : !q.isMale
        let age = max(18, world.age(a, at: t) + rng.int(-4, 6) * (male ? 1 : -1))
        let np = makePerson(culture: c, male: male, dob: dobFor(age: age, at: t), surnameIndex: nil, role: Role.partner)
        if male != q.isMale && rng.chance(0.6) {
            if male { marry(wife: a, husband: np) } else { marry(wife: np, husband: a) }
        }
        finishAdult(np, at: t)
        return np
    }

    private mutating func newChild(mother: Int32?, father: Int32?, dob: Int32) -> Int32 {
        let parent = father ?? mother!
        let c = Int(world.persons[Int(parent)].culture)
        let male = rng.chance(0.51)
        var si = father.flatMap { surnameIndex(of: $0) }
        if si == nil, let m = mother { si = surnameIndex(of: m) }
        let child = makePerson(culture: c, male: male, dob: dob, surnameIndex: si, role: Role.child)
        // Children carry the household's surname as written (double-barrelled included).
        if let f = father ?? mother {
            let fs = world.persons[Int(f)].surname
            let cul = cultures[c]
            if cul.femaleSurnames.isEmpty || male {
                if let i = cul.surnameIndex(of: fs), cul.surnameMale[i] == fs {
                    world.persons[Int(child)].surname = male ? cul.surnameMale[i] : cul.surnameFemale[i]
                } else if cul.surnameIndex(of: fs) == nil {
                    world.persons[Int(child)].surname = fs
                }
            }
        }
        return child
    }

    /// Identity details adults carry: NINO, phone, email, title extras.
    private mutating func finishAdult(_ p: Int32, at t: Int32) {
        var q = world.persons[Int(p)]
        if rng.chance(0.97) { q.flags.insert(.hasNINO) }
        if rng.chance(0.86) { q.flags.insert(.hasMobile) }
        if rng.chance(0.62) { q.flags.insert(.hasEmail) }
        if rng.chance(0.015) { q.flags.insert(.doctor) }
        world.persons[Int(p)] = q
    }

    private mutating func ageFor(_ t: Tenure, kind: Int) -> Int {
        let bands: [(Int, Int)] = [(20, 34), (35, 54), (55, 74), (75, 94)]
        let w: [Int]
        switch t {
        case .owner: w = kind == 0 ? [15, 30, 30, 25] : [20, 35, 30, 15]
        case .social: w = [20, 30, 25, 25]
        default: w = [55, 30, 12, 3]
        }
        let b = bands[rng.weighted(w)]
        return rng.int(b.0, b.1)
    }

    /// A new household arriving from outside the borough for this slot.
    private mutating func createHousehold(_ slot: Slot, _ p: Property) -> Int32 {
        let r = max(slot.start, world.W0)
        var kind: Int
        if slot.room >= 0 {
            kind = rng.chance(0.88) ? 6 : 7
        } else {
            switch p.bedrooms {
            case 0, 1: kind = [0, 1, 3][rng.weighted([60, 32, 8])]
            case 2: kind = [0, 1, 2, 3, 5, 4][rng.weighted([22, 30, 25, 12, 8, 3])]
            case 3: kind = [0, 1, 2, 3, 5, 4][rng.weighted([8, 18, 45, 12, 5, 12])]
            default: kind = [0, 1, 2, 3, 5, 4][rng.weighted([4, 12, 52, 8, 4, 20])]
            }
        }
        let c = cultureTable.pick(&rng)
        // Households that moved in long before the window were adults then: age them accordingly.
        let yearsIn = max(0, Int(r - slot.start) / 365)
        minAdultAge = min(85, 18 + yearsIn)
        world.households.append(Household(kind: UInt8(kind), culture: UInt8(c)))
        let h = Int32(world.households.count - 1)
        var mem: [Int32] = []
        func adult(_ this: inout PopulationBuilder, culture: Int, male: Bool, age: Int, surname: Int?, role: UInt8) -> Int32 {
            let a = role == Role.relative ? age : max(age, this.minAdultAge + this.rng.int(0, 4))
            let q = this.makePerson(culture: culture, male: male, dob: this.dobFor(age: a, at: r), surnameIndex: surname, role: role)
            this.finishAdult(q, at: r)
            return q
        }
        switch kind {
        case 0:
            mem.append(adult(&self, culture: c, male: rng.chance(0.5), age: ageFor(p.tenure, kind: 0), surname: nil, role: Role.head))
        case 1:
            let male = rng.chance(0.5)
            let a = adult(&self, culture: c, male: male, age: ageFor(p.tenure, kind: 1), surname: nil, role: Role.head)
            let c2 = rng.chance(0.88) ? c : cultureTable.pick(&rng)
            let bMale = rng.chance(0.03) ? male : !male
            let b = adult(&self, culture: c2, male: bMale, age: max(19, world.age(a, at: r) + rng.int(-3, 6) * (male ? -1 : 1)),
                          surname: nil, role: Role.partner)
            if male != bMale && rng.chance(0.7) { if male { marry(wife: b, husband: a) } else { marry(wife: a, husband: b) } }
            mem += [a, b]
        case 2, 4:
            var base = r
            if kind == 4 {
                // Grandparents first.
                let gAge = rng.int(62, 90)
                let g1 = adult(&self, culture: c, male: rng.chance(0.4), age: gAge, surname: nil, role: Role.relative)
                mem.append(g1)
                if rng.chance(0.4) {
                    let g2 = adult(&self, culture: c, male: !world.persons[Int(g1)].isMale, age: gAge + rng.int(-4, 4), surname: nil, role: Role.relative)
                    if world.persons[Int(g1)].isMale { marry(wife: g2, husband: g1) } else { marry(wife: g1, husband: g2) }
                    mem.append(g2)
                }
                base = r
            }
            let motherAge = max(kind == 4 ? rng.int(26, 50) : rng.int(22, 48), minAdultAge + rng.int(0, 3))
            let si = cultures[c].surnameIndex(&rng)
            let father = adult(&self, culture: c, male: true, age: max(20, motherAge + rng.int(-2, 7)), surname: si, role: Role.head)
            let c2 = rng.chance(0.9) ? c : cultureTable.pick(&rng)
            let mother = adult(&self, culture: c2, male: false, age: motherAge, surname: nil, role: Role.partner)
            marry(wife: mother, husband: father)
            if kind == 4 && rng.chance(0.5) {
                // The grandparents are the mother's or the father's parents: share the father's surname.
                for g in mem where world.persons[Int(g)].isMale { world.persons[Int(g)].surname = world.persons[Int(father)].surname }
            }
            mem += [father, mother]
            mem += makeChildren(mother: mother, father: father, motherAge: motherAge, at: base, household: kind)
        case 3:
            let male = rng.chance(0.12)
            let parentAge = max(rng.int(19, 50), minAdultAge + rng.int(0, 3))
            let parent = adult(&self, culture: c, male: male, age: parentAge, surname: nil, role: Role.head)
            mem.append(parent)
            mem += makeChildren(mother: male ? nil : parent, father: male ? parent : nil, motherAge: parentAge, at: r, household: kind)
        case 5:
            for i in 0..<2 {
                let ci = i == 0 ? c : cultureTable.pick(&rng)
                mem.append(adult(&self, culture: ci, male: rng.chance(0.5), age: rng.int(20, 42), surname: nil,
                                 role: i == 0 ? Role.head : Role.sharer))
            }
        case 6:
            mem.append(adult(&self, culture: c, male: rng.chance(0.62), age: rng.int(19, 52), surname: nil, role: Role.head))
        default:
            let a = adult(&self, culture: c, male: true, age: rng.int(20, 45), surname: nil, role: Role.head)
            let b = adult(&self, culture: c, male: false, age: rng.int(19, 45), surname: nil, role: Role.partner)
            if rng.chance(0.5) { marry(wife: b, husband: a) }
            mem += [a, b]
        }
        // Low income drives benefit claims and arrears.
        let lowP: Double = p.tenure == .social ? 0.55 : (slot.room >= 0 ? (p.quietHMO ? 0.08 : 0.22) : p.tenure == .privateRented ? 0.22 : 0.04)
        world.households[Int(h)].lowIncome = rng.chance(lowP)
        if rng.chance(0.22) { world.households[Int(h)].landline = Int32(rng.under(9_000_000)) }
        members.append(mem)
        return h
    }

    private mutating func makeChildren(mother: Int32?, father: Int32?, motherAge: Int, at r: Int32, household kind: Int) -> [Int32] {
        var kids: [Int32] = []
        let n = [1, 2, 3, 4][rng.weighted([35, 40, 18, 7])]
        let maxAge = max(0, min(17, motherAge - 19))
        var ages: [Int] = []
        for _ in 0..<n { ages.append(rng.int(0, maxAge)) }
        ages.sort(by: >)
        // An adult son or daughter still at home.
        if motherAge >= 40 && rng.chance(0.35) { ages.insert(rng.int(18, min(32, motherAge - 19)), at: 0) }
        var twinDone = false
        for (i, a) in ages.enumerated() {
            let dob = dobFor(age: a, at: r)
            let k = newChild(mother: mother, father: father, dob: dob)
            if a >= 18 { finishAdult(k, at: r) }
            kids.append(k)
            // Twins: same surname, date of birth and address; different or similar given names.
            if !twinDone && i == ages.count - 1 && rng.chance(0.025) {
                twinDone = true
                let t = newChild(mother: mother, father: father, dob: dob)
                makeTwin(t, of: k)
                if a >= 18 { finishAdult(t, at: r) }
                kids.append(t)
            }
            // Father and son with the same name.
            if a >= 18, let f = father, world.persons[Int(k)].isMale, rng.chance(0.3) {
                world.persons[Int(k)].given = world.persons[Int(f)].given
                world.persons[Int(k)].surname = world.persons[Int(f)].surname
                if rng.chance(0.5) { world.persons[Int(k)].middle = world.persons[Int(f)].middle }
                world.persons[Int(k)].tags.insert(.fatherSon)
                world.persons[Int(f)].tags.insert(.fatherSon)
                world.persons[Int(k)].related = f
                world.persons[Int(f)].related = k
            }
        }
        return kids
    }

    /// Similar given names for twins: (first, second, male, Muslim naming tradition).
    private static let similarPairs: [(String, String, Bool, Bool)] = [
        ("Aidan", "Aiden", true, false), ("Mary", "Marie", false, false), ("Hassan", "Hussain", true, true),
        ("Zain", "Zayn", true, true), ("Anna", "Hannah", false, false), ("Jaden", "Jayden", true, false),
        ("Liam", "Leon", true, false), ("Ella", "Ellie", false, false), ("Ryan", "Rian", true, false),
        ("Sara", "Sarah", false, false), ("Amir", "Amin", true, true), ("Louis", "Lewis", true, false),
        ("Eva", "Ava", false, false), ("Jon", "John", true, false), ("Hasan", "Hassan", true, true),
        ("Aisha", "Ayesha", false, true), ("Fatima", "Fatema", false, true),
    ]

    private mutating func makeTwin(_ t: Int32, of k: Int32) {
        var a = world.persons[Int(k)]
        var b = world.persons[Int(t)]
        b.surname = a.surname
        let key = cultures[Int(a.culture)].spec.key
        let muslim = ["pakistani", "bangladeshi", "arabic", "turkish"].contains(key)
        let eligible = Self.similarPairs.filter { $0.3 == muslim }
        if rng.chance(0.45) && (muslim || key == "british" || key == "african") {
            let pair = eligible[rng.under(eligible.count)]
            a.given = world.names.intern(pair.0)
            b.given = world.names.intern(pair.1)
            a.sex = pair.2 ? 1 : 2; b.sex = a.sex
        } else if rng.chance(0.3) {
            b.sex = a.sex
        }
        if b.given == a.given { b.given = cultures[Int(b.culture)].given(male: b.isMale, birthYear: 2000, &rng) }
        a.tags.insert(.twin); b.tags.insert(.twin)
        a.related = t; b.related = k
        world.persons[Int(k)] = a
        world.persons[Int(t)] = b
    }
}

