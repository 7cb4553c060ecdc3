import WardenLinkage

/// Decides what each council system knows: accounts, claims, tenancies, licences, events, passes,
/// ratepayers and electors, and plants the fraud cases (with their legitimate look-alikes).
struct ServicesBuilder {
    let world: World
    let residents: Int
    var s = Services()
    let Y: Int32 = 365

    init(world: World, residents: Int) {
        self.world = world
        self.residents = residents
    }

    mutating func build() {
        assignLandlords()
        tenancies()
        councilTax()
        housingBenefit()
        licences()
        events()
        inspections()
        passes()
        businesses()
        electoralRegister()
        summonses()
        tagCommonNames()
        world.services = s
    }

    /// Tags people whose given name and surname together are shared by at least two others.
    mutating func tagCommonNames() {
        var counts: [Int64: Int] = [:]
        for q in world.persons { counts[Int64(q.given) << 32 | Int64(q.surname), default: 0] += 1 }
        for i in world.persons.indices where counts[Int64(world.persons[i].given) << 32 | Int64(world.persons[i].surname)]! >= 3 {
            world.persons[i].tags.insert(.commonName)
        }
    }

    var H: Int32 { world.H }
    var W0: Int32 { world.W0 }

    // MARK: helpers

    func adults(_ o: Int32, at t: Int32) -> [Int32] {
        world.members(of: o, at: t).filter { world.age($0, at: t) >= 18 }
    }

    func head(_ o: Int32) -> Int32? {
        var best: Int32? = nil
        for si in world.stays(ofOccupancy: o) {
            let st = world.stays[Int(si)]
            if st.role == Role.head { return st.person }
            if best == nil && world.age(st.person, at: max(st.from, world.occupancies[Int(o)].from)) >= 18 { best = st.person }
        }
        return best
    }

    func partner(_ o: Int32, at t: Int32) -> Int32? {
        for si in world.stays(ofOccupancy: o) {
            let st = world.stays[Int(si)]
            if st.role == Role.partner && st.from <= t && t < st.to { return st.person }
        }
        return nil
    }

    /// Adult count over the life of an occupancy: (from, count) segments up to the as-of date.
    func adultSegments(_ o: Int32, from: Int32, to: Int32) -> [(Int32, Int)] {
        let oc = world.occupancies[Int(o)]
        let end = min(oc.to, H + 1, to)
        var times: [Int32] = [from]
        for si in world.stays(ofOccupancy: o) {
            let st = world.stays[Int(si)]
            times.append(st.from)
            if st.to < end { times.append(st.to) }
            let p = world.persons[Int(st.person)]
            let d = CivilDate(dayNumber: p.dob).components
            if let b18 = CivilDate(year: d.year + 18, month: d.month, day: min(d.day, 28)) { times.append(b18.dayNumber) }
        }
        times = times.filter { $0 >= from && $0 < end }.sorted()
        var out: [(Int32, Int)] = []
        var last: Int32 = .min
        for t in times where t != last {
            last = t
            let c = adults(o, at: t).count
            if let prev = out.last, prev.1 == c { continue }
            out.append((t, c))
        }
        return out
    }

    mutating func externalPerson(_ r: inout SeededRandom, culture c: Int? = nil, minAge: Int = 25, maxAge: Int = 75) -> Int32 {
        let cultures = NameData.cultures
        let ci = c ?? r.weighted(cultures.map { $0.weight })
        let spec = cultures[ci]
        let male = r.chance(0.6)
        let age = r.int(minAge, maxAge)
        let dob = H - Int32(age) * 365 - Int32(r.under(365))
        let givenList = Culture.entries(male ? spec.male : spec.female)
        let oldList = Culture.entries(male ? spec.maleOld : spec.femaleOld)
        let useOld = age > 55 && !oldList.isEmpty
        let ge = (useOld ? oldList : givenList)[r.weighted((useOld ? oldList : givenList).map { $0.weight })]
        let sEntries = Culture.entries(spec.surnames)
        let se = sEntries[r.weighted(sEntries.map { $0.weight })]
        let surname = male || se.feminine.isEmpty ? se.name : se.feminine
        var p = Person(culture: UInt8(ci), sex: male ? 1 : 2, given: world.names.intern(ge.name, native: ge.native),
                       surname: world.names.intern(surname, native: se.native), dob: dob)
        p.tags.insert(.external)
        p.flags.insert(.hasNINO)
        if r.chance(0.9) { p.flags.insert(.hasMobile) }
        if r.chance(0.8) { p.flags.insert(.hasEmail) }
        p.externalAddress = Int32(world.externalAddresses.count)
        world.externalAddresses.append(externalAddress(&r))
        world.persons.append(p)
        return Int32(world.persons.count - 1)
    }

    func externalAddress(_ r: inout SeededRandom) -> ExternalAddress {
        if r.chance(0.04) {
            return ExternalAddress(lines: [r.pick(PlaceData.overseas)], postcode: "")
        }
        let t = r.pick(PlaceData.externalTowns)
        let ty = PlaceData.streetTypes[r.weighted(PlaceData.streetTypes.map { $0.weight })]
        let street = String(r.int(1, 240)) + " " + r.pick(PlaceData.streetWords) + " " + ty.name
        let letters = PlaceData.inwardLetters
        let pc = t.outward + " " + String(r.int(1, 9)) + String(letters[r.under(20)]) + String(letters[r.under(20)])
        var lines = [street]
        if r.chance(0.2) { lines.insert("Flat " + String(r.int(1, 12)), at: 0) }
        lines.append(t.town)
        return ExternalAddress(lines: lines, postcode: pc)
    }

    // MARK: landlords

    mutating func assignLandlords() {
        var r = world.rng("landlords")
        var prs: [Int32] = []
        for (i, p) in world.properties.enumerated() where p.kind.isDwelling && p.tenure == .privateRented { prs.append(Int32(i)) }
        for i in stride(from: prs.count - 1, to: 0, by: -1) { prs.swapAt(i, r.under(i + 1)) }
        // Owner-occupiers living in the borough today, who may also let property.
        var locals: [Int32] = []
        for (i, p) in world.properties.enumerated() where p.kind.isDwelling && p.tenure == .owner {
            for o in world.occupancies(of: Int32(i), at: H) {
                if let h = head(o), world.isAlive(h, at: H), world.age(h, at: H) >= 30 { locals.append(h) }
            }
        }
        var k = 0
        while k < prs.count {
            let size = [1, 2, 3, 5, 8, 14][r.weighted([62, 18, 9, 6, 3, 2])]
            let landlord: Int32
            if !locals.isEmpty && r.chance(0.35) {
                landlord = locals[r.under(locals.count)]
            } else {
                landlord = externalPerson(&r, minAge: 30, maxAge: 80)
            }
            world.persons[Int(landlord)].tags.insert(.landlord)
            for _ in 0..<size where k < prs.count {
                world.properties[Int(prs[k])].landlord = landlord
                k += 1
            }
        }
    }

    // MARK: tenancies (social housing)

    mutating func tenancies() {
        var r = world.rng("tenancies")
        var ref: Int32 = 100_000
        for pi in world.properties.indices where world.properties[pi].kind.isDwelling && world.properties[pi].tenure == .social {
            let occs = Array(world.occupancies(ofProperty: Int32(pi)))
            for (k, o) in occs.enumerated() {
                let oc = world.occupancies[Int(o)]
                if oc.to != .max && oc.to < W0 { continue }
                if sublets[o] != nil { continue }    // subtenants hold no tenancy of their own
                guard let h = head(o) else { continue }
                ref += Int32(r.int(1, 9))
                var t = Tenancy(ref: ref, property: Int32(pi), tenant1: h, start: oc.from, end: oc.to)
                if let p2 = partner(o, at: oc.from), r.chance(0.45) { t.tenant2 = p2 }
                t.type = oc.from < W0 - 2 * Y ? 0 : UInt8(r.weighted([60, 25, 15]))
                // Sublet: the tenant moved to a home elsewhere in the borough and let this one on.
                if oc.movedTo >= 0, k + 1 < occs.count {
                    let next = world.occupancies[Int(occs[k + 1])]
                    let newHome = world.occupancies[Int(oc.movedTo)]
                    if next.to == .max && next.movedFrom < 0 && world.properties[Int(newHome.property)].tenure != .social
                        && world.isAlive(h, at: H) && world.home(of: h, at: H) != nil && r.chance(0.5) {
                        t.end = .max
                        t.sublet = true
                        t.subletDetail = "tenant \(world.personID(h)) living at UPRN \(world.uprnString(newHome.property)) since \(CivilDate(dayNumber: newHome.from).iso); occupied by household \(world.householdID(next.household)) since \(CivilDate(dayNumber: next.from).iso)"
                        s.hiddenOccupancies.insert(occs[k + 1])
                        sublets[occs[k + 1]] = h
                        for m in world.members(of: occs[k + 1], at: H) where world.age(m, at: H) >= 18 && r.chance(0.6) {
                            world.persons[Int(m)].flags.insert(.mustRegister)
                        }
                    }
                }
                s.tenancies.append(t)
            }
        }
    }

    /// Sublet occupancies and the tenancy holder whose name stays on the council tax.
    var sublets: [Int32: Int32] = [:]

    // MARK: council tax

    mutating func councilTax() {
        var r = world.rng("council_tax")
        var ref: Int32 = 40_000_000
        func nextRef(_ r: inout SeededRandom) -> Int32 { ref += Int32(r.int(1, 17)); return ref }
        for pi32 in 0..<Int32(world.properties.count) {
            let p = world.properties[Int(pi32)]
            guard p.kind.isDwelling else { continue }
            let occs = Array(world.occupancies(ofProperty: pi32))
            var hmoAccountOpened = false
            var prevEnd: Int32 = .min
            var prevOcc: Int32 = -1
            var skipUntil: Int32 = .min   // an open exemption hides occupancies until then
            for o in occs {
                let oc = world.occupancies[Int(o)]
                if oc.room >= 0 {
                    // Houses in multiple occupation: one account, the landlord's.
                    if !hmoAccountOpened {
                        hmoAccountOpened = true
                        var a = CTAccount(ref: nextRef(&r), property: pi32, liable1: p.landlord, kind: 1,
                                          start: max(p.hmoFrom, oc.from), occupancy: -1)
                        if p.landlord < 0 { a.kind = 2 }
                        s.ctAccounts.append(a)
                    }
                    continue
                }
                let effectiveEnd = oc.to
                // Voids between occupancies.
                if prevEnd != .min && oc.from - prevEnd >= 28 && oc.from > W0 {
                    addVoidAccount(pi32, p, from: prevEnd, to: oc.from, prevOcc: prevOcc, nextOcc: o, &r, nextRef: &ref)
                    if let last = s.ctAccounts.last, last.property == pi32, last.end == .max { skipUntil = .max }
                }
                prevEnd = effectiveEnd
                prevOcc = o
                if effectiveEnd != .max && effectiveEnd < W0 { continue }
                if skipUntil == .max { s.hiddenOccupancies.insert(o); continue }
                if let tenant = sublets[o] {
                    s.ctAccounts.append(CTAccount(ref: nextRef(&r), property: pi32, liable1: tenant, kind: 5,
                                                  start: oc.from, end: oc.to, occupancy: o))
                    continue
                }
                guard let h = head(o) else { continue }
                if p.tenure == .privateRented && p.landlord >= 0 && r.chance(0.05) {
                    // Bills-inclusive let: the landlord pays (a non-HMO with a landlord-paid account).
                    s.ctAccounts.append(CTAccount(ref: nextRef(&r), property: pi32, liable1: p.landlord, kind: 1,
                                                  start: oc.from, end: oc.to, occupancy: o))
                    continue
                }
                // One account per liable person in turn: when the account holder leaves or dies and
                // others stay, the next adult takes the account over.
                var liable: Int32? = h
                var start = oc.from
                while let holder = liable {
                    var end = oc.to
                    for si in world.stays(ofOccupancy: o) where world.stays[Int(si)].person == holder && world.stays[Int(si)].to > start {
                        end = min(end, world.stays[Int(si)].to)
                    }
                    var a = CTAccount(ref: nextRef(&r), property: pi32, liable1: holder, start: start, end: end, occupancy: o)
                    if let p2 = partner(o, at: start), p2 != holder, world.age(p2, at: start) >= 18, r.chance(0.55) { a.liable2 = p2 }
                    singlePersonDiscount(&a, o, &r)
                    s.ctAccounts.append(a)
                    if r.chance(0.004) {
                        var d = a
                        d.ref = 90_000_000 + a.ref % 10_000_000
                        d.duplicate = true
                        d.fraud = 0
                        s.ctAccounts.append(d)
                    }
                    guard end < oc.to && end <= H else { break }
                    let remaining = adults(o, at: end).filter { $0 != holder }
                    liable = remaining.first { p in world.stay(of: p, at: end).map { world.stays[Int($0)].role == Role.partner } ?? false } ?? remaining.first
                    start = end
                    if liable == nil { break }
                }
            }
            // Empty at the as-of date after the last occupancy.
            if prevEnd != .min && prevEnd != .max && prevEnd <= H && H - prevEnd >= 28 {
                addVoidAccount(pi32, p, from: prevEnd, to: .max, prevOcc: prevOcc, nextOcc: -1, &r, nextRef: &ref)
            }
        }
    }

    mutating func addVoidAccount(_ pi: Int32, _ p: Property, from: Int32, to: Int32, prevOcc: Int32, nextOcc: Int32,
                                 _ r: inout SeededRandom, nextRef ref: inout Int32) {
        ref += Int32(r.int(1, 17))
        var a = CTAccount(ref: ref, property: pi, start: from, end: to)
        // Did the last occupier die here?
        var deceased: Int32 = -1
        if prevOcc >= 0 {
            for si in world.stays(ofOccupancy: prevOcc) {
                let st = world.stays[Int(si)]
                if world.persons[Int(st.person)].dod == st.to && st.to == from && world.age(st.person, at: from) >= 18 { deceased = st.person }
            }
        }
        switch p.tenure {
        case .social:
            a.kind = 2
        case .owner where deceased >= 0:
            a.kind = 3; a.liable1 = deceased; a.exemptClass = UInt8(ascii: "F"); a.exemptFrom = from
        case .owner:
            return   // between owners the seller pays until completion: no separate account
        default:
            a.kind = 4; a.liable1 = p.landlord; a.exemptClass = UInt8(ascii: "C"); a.exemptFrom = from
            if p.landlord < 0 { a.kind = 2 }
        }
        if to != .max && to < W0 { return }
        // Plant: the exemption carries on after new occupiers move in, and they never open an account.
        if nextOcc >= 0 && (a.kind == 4 || a.kind == 3) && world.occupancies[Int(nextOcc)].to == .max
            && world.occupancies[Int(nextOcc)].movedFrom < 0 && r.chance(0.12) {
            a.end = .max
            a.fraud = 2
            let next = world.occupancies[Int(nextOcc)]
            a.fraudDetail = "class \(Character(Unicode.Scalar(a.exemptClass))) exemption from \(CivilDate(dayNumber: from).iso) still open; household \(world.householdID(next.household)) living there since \(CivilDate(dayNumber: next.from).iso)"
            for m in world.members(of: nextOcc, at: H) where world.age(m, at: H) >= 18 && r.chance(0.7) {
                world.persons[Int(m)].flags.insert(.mustRegister)
            }
        }
        s.ctAccounts.append(a)
    }

    /// Single person discount: granted while one adult lives there; planted cases keep it after
    /// another adult arrives. Lone parents, and homes where the other adult left, are genuine.
    mutating func singlePersonDiscount(_ a: inout CTAccount, _ o: Int32, _ r: inout SeededRandom) {
        let segs = adultSegments(o, from: a.start, to: a.end)
        guard let last = segs.last else { return }
        if last.1 == 1 {
            // The trailing run of one-adult time.
            var from = last.0
            for sg in segs.reversed() { if sg.1 == 1 { from = sg.0 } else { break } }
            if r.chance(0.9) { a.spdFrom = min(max(from + Int32(r.int(0, 60)), a.start), min(a.end, H)) }
            return
        }
        // More than one adult now. Disregarded: a son or daughter of 18 or 19 still at school.
        let present = adults(o, at: min(a.end, H + 1) - 1)
        let others = present.filter { $0 != a.liable1 }
        if others.count == 1, let st = world.stay(of: others[0], at: min(a.end, H + 1) - 1),
           world.stays[Int(st)].role == Role.child, world.age(others[0], at: min(a.end, H)) <= 19 {
            if segs.contains(where: { $0.1 == 1 }) && r.chance(0.7) {
                a.spdFrom = max(segs.first { $0.1 == 1 }!.0, a.start)
            }
            return
        }
        let hadSingle = segs.firstIndex { $0.1 == 1 }
        var fraud = false
        var since: Int32 = a.start
        if let i = hadSingle, i < segs.count - 1, r.chance(0.45) {
            fraud = true
            since = max(segs[i].0, a.start)
        } else if a.liable2 < 0 && r.chance(0.025) {
            fraud = true
            since = a.start + Int32(r.int(0, 400))
            if since >= min(a.end, H) { fraud = false }
        }
        guard fraud, a.end == .max else { return }
        a.spdFrom = since
        a.fraud = 1
        a.liable2 = -1
        let ids = others.map { world.personID($0) }.joined(separator: " ")
        a.fraudDetail = "SPD since \(CivilDate(dayNumber: since).iso); other adults present: \(ids)"
        for m in others where r.chance(0.8) { world.persons[Int(m)].flags.insert(.mustRegister) }
    }

    // MARK: housing benefit / council tax reduction

    mutating func housingBenefit() {
        var r = world.rng("housing_benefit")
        var ref: Int32 = 7_000_000
        for o in 0..<Int32(world.occupancies.count) {
            let oc = world.occupancies[Int(o)]
            let hh = world.households[Int(oc.household)]
            guard hh.lowIncome else { continue }
            if oc.to != .max && oc.to < W0 { continue }
            let start = max(oc.from, W0 - Int32(r.int(0, 6 * 365))) + Int32(r.int(0, 180))
            guard let h = head(o) else { continue }
            // A claim ends when the claimant leaves or dies, even if the household stays.
            var end = oc.to
            for si in world.stays(ofOccupancy: o) where world.stays[Int(si)].person == h {
                end = min(end, world.stays[Int(si)].to)
            }
            if start >= min(end, H) { continue }
            ref += Int32(r.int(1, 13))
            var claim = HBClaim(ref: ref, occupancy: o, property: oc.property, start: start, end: end, members: [])
            claim.members.append((h, "claimant"))
            let atStart = world.members(of: o, at: start)
            var omittedPartner: Int32 = -1
            for m in atStart where m != h {
                guard let st = world.stay(of: m, at: start) else { continue }
                let role = world.stays[Int(st)].role
                let age = world.age(m, at: start)
                if role == Role.sharer { continue }
                if role == Role.partner {
                    if end == .max && r.chance(0.04) { omittedPartner = m; continue }
                    claim.members.append((m, "partner"))
                } else if age < 18 || (age < 20 && role == Role.child && r.chance(0.5)) {
                    claim.members.append((m, "dependant"))
                } else {
                    claim.members.append((m, "non_dependant"))
                }
            }
            // Children born, and partners who joined, since the claim started.
            for si in world.stays(ofOccupancy: o) {
                let st = world.stays[Int(si)]
                guard st.from > start, st.from < min(end, H), st.to > H || st.to == .max else { continue }
                if st.role == Role.child { claim.members.append((st.person, "dependant")); continue }
                if st.role == Role.partner {
                    if end == .max && r.chance(0.55) && claim.undeclared < 0 {
                        claim.undeclared = st.person
                        claim.fraudDetail = "partner \(world.personID(st.person)) living there since \(CivilDate(dayNumber: st.from).iso), not declared"
                    } else {
                        claim.members.append((st.person, "partner"))
                    }
                }
            }
            if omittedPartner >= 0 && claim.undeclared < 0 && world.isAlive(omittedPartner, at: H) && world.home(of: omittedPartner, at: H) == oc.property {
                claim.undeclared = omittedPartner
                claim.fraudDetail = "partner \(world.personID(omittedPartner)) living there since the claim began, not declared"
            } else if omittedPartner >= 0 {
                claim.members.append((omittedPartner, "partner"))
            }
            if claim.undeclared >= 0 && !(world.isAlive(claim.undeclared, at: H) && world.home(of: claim.undeclared, at: H) == oc.property) {
                claim.members.append((claim.undeclared, "partner"))
                claim.undeclared = -1
                claim.fraudDetail = ""
            }
            if claim.undeclared >= 0 && r.chance(0.75) { world.persons[Int(claim.undeclared)].flags.insert(.mustRegister) }
            s.hbClaims.append(claim)
        }
    }

    // MARK: licences

    mutating func licences() {
        var r = world.rng("licences")
        var hmoNo = 1000, selNo = 5000
        let schemeStart = CivilDate(year: 2020, month: 4, day: 1)!.dayNumber
        let renewal = CivilDate(year: 2025, month: 4, day: 1)!.dayNumber
        for pi in world.properties.indices {
            var p = world.properties[pi]
            guard p.kind.isDwelling, p.tenure == .privateRented, p.landlord >= 0 else { continue }
            if p.isHMO {
                let licensed = r.chance(0.2)
                let lapsed = !licensed && r.chance(0.1)
                if licensed || lapsed {
                    var start = max(p.hmoFrom + Int32(r.int(30, 500)), W0 - 4 * Y)
                    if start > H - 30 { start = H - Int32(r.int(30, 200)) }
                    if lapsed { start = min(start, H - 5 * Y - Int32(r.int(10, 400))) }
                    var end = start + 5 * Y
                    while licensed && end <= H { start = end; end = start + 5 * Y }
                    hmoNo += r.int(1, 7)
                    s.licences.append(Licence(number: "HMO/" + Text.pad(hmoNo, 5), property: Int32(pi), holder: p.landlord,
                                              start: start, end: end, status: licensed ? "Granted" : "Expired",
                                              maxOccupants: Int(p.bedrooms) + r.int(0, 2), households: Int(p.bedrooms), selective: false))
                    p.hmoLicensed = licensed
                }
            } else if world.wards[Int(p.ward)].selective && H > schemeStart && r.chance(0.55) {
                let start = schemeStart + Int32(r.int(0, 700))
                if start < H {
                    var st = start, end = start + 5 * Y
                    if end <= H { st = max(end, renewal); end = st + 5 * Y }
                    selNo += r.int(1, 5)
                    s.licences.append(Licence(number: "SL" + Text.pad(selNo, 6), property: Int32(pi), holder: p.landlord,
                                              start: st, end: end, status: r.chance(0.93) ? "Licensed" : "Draft",
                                              maxOccupants: Int(p.bedrooms) * 2, households: 1, selective: true))
                    p.selectiveLicensed = true
                }
            }
            world.properties[pi] = p
        }
    }

    // MARK: events

    private func propertyWeights(_ f: (Property, Int) -> Int) -> WeightedTable {
        var w: [Int] = []
        w.reserveCapacity(world.properties.count)
        for (i, p) in world.properties.enumerated() { w.append(f(p, i)) }
        return WeightedTable(w)
    }

    /// A stable per-property "problem household" multiplier: some ordinary homes generate complaints too.
    private func trouble(_ i: Int) -> Int {
        var r = SeededRandom.item(world.seed, "trouble", i)
        return r.chance(0.07) ? 5 : 1
    }

    mutating func events() {
        var r = world.rng("events")
        let years = Double(H - W0) / 365.0
        let dwellingWeight: (Property, Int, Int, Int, Int, Int, Int) -> Int = { p, i, owner, social, prs, hmo, quiet in
            switch p.tenure {
            case .owner: return owner
            case .social: return social
            case .privateRented: return p.isHMO ? (p.quietHMO ? quiet : hmo) : prs
            default: return 0
            }
        }
        let asbW = propertyWeights { p, i in
            if p.kind == .shop { return 40 }
            guard p.kind.isDwelling else { return 0 }
            return dwellingWeight(p, i, 10, 30, 20, 120, 15) * self.trouble(i)
        }
        let noiseW = propertyWeights { p, i in
            if p.kind == .shop { return p.cls == ClassCode.pub ? 80 : (p.cls == ClassCode.cafe ? 20 : 5) }
            guard p.kind.isDwelling else { return 0 }
            return dwellingWeight(p, i, 10, 30, 25, 130, 20) * self.trouble(i)
        }
        let pestW = propertyWeights { p, i in
            if p.kind == .shop { return p.cls == ClassCode.cafe ? 60 : 25 }
            guard p.kind.isDwelling else { return 0 }
            return dwellingWeight(p, i, 12, 30, 20, 60, 25) * (self.trouble(i) > 1 ? 2 : 1)
        }
        func date(_ r: inout SeededRandom) -> Int32 { W0 + Int32(r.under(Int(H - W0))) }
        func resident(_ pi: Int32, _ t: Int32, _ r: inout SeededRandom) -> Int32 {
            let rs = world.residents(of: pi, at: t).filter { world.age($0, at: t) >= 18 }
            return rs.isEmpty ? -1 : rs[r.under(rs.count)]
        }
        var parks: [Int32] = []
        for (i, p) in world.properties.enumerated() where p.kind == .park { parks.append(Int32(i)) }

        // Anti-social behaviour.
        let nASB = Int(0.011 * Double(residents) * years)
        for _ in 0..<nASB {
            let t = date(&r)
            var e = Event(kind: .asb, date: t)
            let style = r.weighted([55, 12, 10, 13, 10])
            e.style = UInt8(style)
            switch style {
            case 0, 1:
                let pi = Int32(asbW.pick(&r))
                e.property = pi
                e.street = world.properties[Int(pi)].street
                if style == 0 && world.properties[Int(pi)].kind.isDwelling && r.chance(0.35) { e.person = resident(pi, t, &r) }
            case 2:
                let st = Int32(r.under(world.streets.count))
                e.street = st
                let ward = world.streets[Int(st)].ward
                var other = st
                for _ in 0..<20 {
                    let c = Int32(r.under(world.streets.count))
                    if c != st && world.streets[Int(c)].ward == ward { other = c; break }
                }
                e.street2 = other == st ? -1 : other
                if e.street2 < 0 { e.style = 4 }
            case 3:
                if parks.isEmpty { e.style = 4; e.street = Int32(r.under(world.streets.count)) }
                else { e.property = parks[r.under(parks.count)]; e.street = world.properties[Int(e.property)].street }
            default:
                e.street = Int32(r.under(world.streets.count))
            }
            e.aux = Int32(r.under(PlaceData.asbCategories.count))
            s.events.append(e)
        }
        // Noise: the complainant usually lives nearby.
        let nNoise = Int(0.008 * Double(residents) * years)
        for _ in 0..<nNoise {
            let t = date(&r)
            let pi = Int32(noiseW.pick(&r))
            var e = Event(kind: .noise, date: t, property: pi, street: world.properties[Int(pi)].street)
            if r.chance(0.8) {
                let st = world.streets[Int(e.street)]
                for _ in 0..<6 {
                    let q = st.firstProperty + Int32(r.under(Int(max(1, st.propertyCount))))
                    if q != pi && world.properties[Int(q)].kind.isDwelling {
                        let c = resident(q, t, &r)
                        if c >= 0 { e.person = c; break }
                    }
                }
            }
            e.aux = Int32(r.under(PlaceData.noiseTypes.count))
            s.events.append(e)
        }
        // Pest control: the customer is an occupier, or the landlord of a shared house.
        let nPest = Int(0.009 * Double(residents) * years)
        for _ in 0..<nPest {
            let t = date(&r)
            let pi = Int32(pestW.pick(&r))
            let p = world.properties[Int(pi)]
            var e = Event(kind: .pest, date: t, property: pi, street: p.street)
            if p.kind.isDwelling {
                if p.isHMO && p.landlord >= 0 && r.chance(0.5) { e.person = p.landlord } else { e.person = resident(pi, t, &r) }
            }
            e.aux = Int32(r.weighted([30, 25, 10, 12, 10, 5, 5, 2, 1]))
            s.events.append(e)
        }
        // Fixed penalty notices: offenders are mostly residents (younger, more often in shared houses).
        let nFPN = Int(0.004 * Double(residents) * years)
        var candidates: [Int32] = []
        var cw: [Int] = []
        for (i, q) in world.persons.enumerated() where q.externalAddress < 0 {
            guard q.dob < H - 16 * Y else { continue }
            let a = world.age(Int32(i), at: H)
            guard a < 80 else { continue }
            candidates.append(Int32(i))
            cw.append((a < 35 ? 3 : 1) * (q.tags.contains(.hmoTenant) ? 3 : 1))
        }
        let ct = WeightedTable(cw)
        for _ in 0..<nFPN {
            var t = date(&r)
            var e = Event(kind: .fpn, date: t)
            if r.chance(0.15) || candidates.isEmpty {
                e.person = externalPerson(&r, minAge: 17, maxAge: 60)
                e.street = Int32(r.under(world.streets.count))
            } else {
                let p = candidates[ct.pick(&r)]
                // Offences happen while the offender lives here (or just after a move).
                let sts = Array(world.stays(ofPerson: p))
                if !sts.isEmpty {
                    let st = world.stays[Int(sts[r.under(sts.count)])]
                    let lo = max(st.from, W0, world.persons[Int(p)].dob + 16 * Y)
                    let hi = min(st.to == .max ? H : st.to, H, world.persons[Int(p)].dod)
                    if hi > lo { t = lo + Int32(r.under(Int(hi - lo))) }
                    e.date = t
                }
                e.person = p
                if let home = world.home(of: p, at: t), r.chance(0.7) {
                    let ward = world.properties[Int(home)].ward
                    var st = world.properties[Int(home)].street
                    for _ in 0..<10 {
                        let c = Int32(r.under(world.streets.count))
                        if world.streets[Int(c)].ward == ward { st = c; break }
                    }
                    e.street = st
                } else {
                    e.street = Int32(r.under(world.streets.count))
                }
            }
            e.aux = Int32(r.weighted([45, 12, 8, 5, 12, 8, 8, 2]))
            s.events.append(e)
        }
        // A total order (ties broken by creation order), so the result never depends on the sort algorithm.
        let order = s.events.indices.sorted { i, j in
            let a = s.events[i], b = s.events[j]
            if a.date != b.date { return a.date < b.date }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            return i < j
        }
        s.events = order.map { s.events[$0] }
    }

    // MARK: inspections (a biased sample: complaints trigger them)

    mutating func inspections() {
        var r = world.rng("inspections")
        var complaints: [Int32: [Int32]] = [:]     // property -> complaint dates (looked up in property order)
        for e in s.events where e.property >= 0 && (e.kind == .asb || e.kind == .noise || e.kind == .pest) {
            complaints[e.property, default: []].append(e.date)
        }
        var licensed: Set<Int32> = []
        for l in s.licences where !l.selective { licensed.insert(l.property) }
        for pi in 0..<Int32(world.properties.count) {
            let p = world.properties[Int(pi)]
            guard p.kind.isDwelling else { continue }
            let dates = complaints[pi] ?? []
            var pInspect = 0.0
            if p.tenure == .privateRented { pInspect = min(0.8, 1 - pow08(dates.count)) }
            else { pInspect = min(0.2, 0.02 * Double(dates.count)) }
            var when: Int32 = -1
            if !dates.isEmpty && r.chance(pInspect) {
                when = dates[r.under(dates.count)] + Int32(r.int(7, 90))
            } else if p.tenure == .privateRented && r.chance(licensed.contains(pi) ? 0.6 : 0.015) {
                when = W0 + Int32(r.under(Int(H - W0)))
            }
            guard when >= 0 && when < H else { continue }
            let hmoThen = p.isHMO && when >= p.hmoFrom
            var outcome: Int
            if hmoThen { outcome = r.weighted([78, 8, 14, 0]) } else { outcome = r.weighted([0, 65, 13, 22]) }
            // 0 HMO found, 1 No HMO, 2 No access, 3 Hazards found
            s.inspections.append(Event(kind: .inspection, date: when, property: pi, street: p.street, style: dates.isEmpty ? 1 : 0,
                                       aux: Int32(outcome)))
        }
        s.inspections.sort { $0.date != $1.date ? $0.date < $1.date : $0.property < $1.property }
    }

    private func pow08(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<min(n, 40) { v *= 0.8 }
        return v
    }

    // MARK: freedom passes and blue badges

    mutating func passes() {
        var r = world.rng("passes")
        var fpNo = 2_000_000, bbNo = 300_000
        for pi in 0..<Int32(world.persons.count) {
            let q = world.persons[Int(pi)]
            guard q.externalAddress < 0, let firstStay = world.stays(ofPerson: pi).first else { continue }
            let lastSi = world.stays(ofPerson: pi).last!
            let last = world.stays[Int(lastSi)]
            let first = world.stays[Int(firstStay)]
            let leftBorough = last.to != .max && q.dod != last.to
            let endInBorough = min(last.to, q.dod)
            // Older person's pass from 66 (state pension age); disabled passes for some younger adults.
            let d66 = q.dob + 66 * Y + 16
            let disabled = !(d66 < endInBorough) && world.age(pi, at: min(H, endInBorough - 1)) >= 18 && r.chance(0.018)
            let older = d66 < endInBorough && d66 < H && r.chance(0.82)
            if older || disabled {
                var issued = max(older ? d66 : W0 - Int32(r.int(0, 1500)), first.from) + Int32(r.int(0, 120))
                if issued >= min(H, endInBorough) { issued = min(H, endInBorough) - 1 }
                while issued + 5 * Y < min(H, endInBorough) && issued + 5 * Y < H { issued += 5 * Y }  // renewals
                let expires = issued + 5 * Y
                fpNo += r.int(1, 40)
                var pass = Pass(number: Text.pad(fpNo, 8), person: pi, property: world.occupancies[Int(world.stays[Int(
                    world.stay(of: pi, at: issued) ?? lastSi)].occupancy)].property,
                                issued: issued, expires: expires, status: "Active", statusDate: issued, disabled: disabled)
                decideStatus(&pass, q: q, leftBorough: leftBorough, leftAt: last.to, &r)
                s.freedomPasses.append(pass)
                if r.chance(0.02) && pass.status == "Active" {
                    // Lost and replaced: the old card cancelled.
                    var old = pass
                    fpNo += r.int(1, 40)
                    old.status = "Cancelled - Lost"; old.statusDate = pass.issued
                    old.issued = pass.issued - Int32(r.int(200, 1500))
                    pass.number = Text.pad(fpNo, 8)
                    s.freedomPasses[s.freedomPasses.count - 1] = old
                    s.freedomPasses.append(pass)
                }
            }
            // Blue badges: three-year badges for people with mobility needs.
            let ageNow = world.age(pi, at: min(H, endInBorough - 1))
            let pBadge = ageNow >= 75 ? 0.09 : ageNow >= 60 ? 0.03 : ageNow >= 5 ? 0.006 : 0
            if r.chance(pBadge) {
                world.persons[Int(pi)].flags.insert(.disabled)
                var issued = max(first.from, W0 - Int32(r.int(0, 1000)), q.dob + Int32(ageNow >= 75 ? 70 : 5) * Y)
                if issued >= min(H, endInBorough) { continue }
                while issued + 3 * Y < min(H, endInBorough) { issued += 3 * Y }
                bbNo += r.int(1, 30)
                var badge = Pass(number: "EB" + Text.pad(bbNo, 7), person: pi,
                                 property: world.occupancies[Int(world.stays[Int(world.stay(of: pi, at: issued) ?? lastSi)].occupancy)].property,
                                 issued: issued, expires: issued + 3 * Y, status: "Active", statusDate: issued, disabled: true)
                decideStatus(&badge, q: q, leftBorough: leftBorough, leftAt: last.to, &r)
                s.blueBadges.append(badge)
            }
        }
    }

    /// Deceased holders: most passes are cancelled after the death is registered (the near-miss);
    /// a planted share stays active.
    private func decideStatus(_ pass: inout Pass, q: Person, leftBorough: Bool, leftAt: Int32, _ r: inout SeededRandom) {
        if q.dod <= H {
            if pass.expires <= q.dod {
                pass.status = "Expired"; pass.statusDate = pass.expires
            } else if r.chance(0.15) {
                pass.status = "Active"; pass.fraud = true
            } else {
                pass.status = "Cancelled - Deceased"; pass.statusDate = min(H, q.dod + Int32(r.int(3, 90)))
            }
        } else if leftBorough {
            pass.status = "Cancelled - Moved"; pass.statusDate = min(H, leftAt + Int32(r.int(10, 200)))
        } else if pass.expires <= H {
            pass.status = "Expired"; pass.statusDate = pass.expires
        }
    }

    // MARK: business rates

    mutating func businesses() {
        var r = world.rng("business_rates")
        var shopsByPerson: [(Int32, Int32)] = []
        for pi in 0..<Int32(world.properties.count) {
            let p = world.properties[Int(pi)]
            guard p.kind == .shop else { continue }
            let store = p.cls == ClassCode.store
            guard r.chance(store ? 0.8 : 0.9) else { continue }
            var rv: Int
            switch p.cls {
            case ClassCode.store: rv = r.int(12, 29) * 100
            case ClassCode.pub: rv = r.int(180, 600) * 100
            case ClassCode.cafe: rv = r.int(60, 300) * 100
            case ClassCode.office: rv = r.int(40, 400) * 100
            default: rv = r.int(50, 260) * 100
            }
            world.properties[Int(pi)].rateableValue = Int32(rv)
            var ratepayer: Int32 = -1
            var company = ""
            // A lock-up store is usually taken by the shop next to it.
            if store, let prev = shopsByPerson.last, prev.1 == pi - 1 || world.properties[Int(prev.1)].number == p.number {
                ratepayer = prev.0
            } else if r.chance(0.55) {
                if !shopsByPerson.isEmpty && r.chance(0.16) {
                    ratepayer = shopsByPerson[r.under(shopsByPerson.count)].0     // a second shop
                } else if r.chance(0.5) {
                    // A local: maybe living over the shop.
                    var found: Int32 = -1
                    for q in (pi + 1)...min(pi + 2, Int32(world.properties.count - 1)) where world.properties[Int(q)].kind == .shopFlat {
                        if let o = world.occupancies(of: q, at: H).first, let h = head(o), r.chance(0.4) { found = h }
                    }
                    if found < 0 {
                        for _ in 0..<10 {
                            let c = Int32(r.under(world.persons.count))
                            if world.persons[Int(c)].externalAddress < 0 && world.isAlive(c, at: H) && world.home(of: c, at: H) != nil
                                && world.age(c, at: H) >= 25 { found = c; break }
                        }
                    }
                    ratepayer = found >= 0 ? found : externalPerson(&r)
                } else {
                    ratepayer = externalPerson(&r)
                }
            } else {
                company = r.pick(PlaceData.businessWords) + " " + r.pick(PlaceData.businessKinds) + " " + r.pick(["Ltd", "Limited", "Ltd", "LLP", "Ltd"])
            }
            if ratepayer >= 0 {
                world.persons[Int(ratepayer)].tags.insert(.ratepayer)
                shopsByPerson.append((ratepayer, pi))
            }
            let name = company.isEmpty ? r.pick(PlaceData.businessWords) + " " + r.pick(PlaceData.businessKinds) : company
            let from = W0 - Int32(r.int(0, 3000)) + Int32(r.int(0, Int(H - W0)) / 2)
            s_businesses.append(Business(name: name, ratepayer: ratepayer, company: company, property: pi, from: from,
                                         relief: false, reliefFrom: .max, fraud: false))
        }
        // Small business rate relief: one property under £15,000; other properties each under £2,900.
        var byRatepayer: [Int32: [Int]] = [:]
        for (i, b) in s_businesses.enumerated() where b.ratepayer >= 0 { byRatepayer[b.ratepayer, default: []].append(i) }
        for i in s_businesses.indices {
            let b = s_businesses[i]
            let rv = Int(world.properties[Int(b.property)].rateableValue)
            guard rv < 15_000 && r.chance(0.85) else { continue }
            if b.ratepayer < 0 { s_businesses[i].relief = true; s_businesses[i].reliefFrom = b.from + Int32(r.int(0, 200)); continue }
            let mine = byRatepayer[b.ratepayer] ?? [i]
            // Relief goes on the ratepayer's main (first) property; others only if planted.
            let mainIdx = mine.first!
            if i == mainIdx {
                s_businesses[i].relief = true
                s_businesses[i].reliefFrom = b.from + Int32(r.int(0, 200))
            } else if rv >= 2_900 && r.chance(0.6) {
                s_businesses[i].relief = true
                s_businesses[i].reliefFrom = b.from + Int32(r.int(0, 200))
            }
        }
        // The truth is the legal test, not how the relief came about: relief is wrong on every
        // property of a ratepayer who also occupies another property of £2,900 or more, whether
        // that one has the relief too or not (relief on the main shop beside a larger unrelieved
        // one is as wrong as relief on both).
        for (_, mine) in byRatepayer where mine.count > 1 {
            for i in mine where s_businesses[i].relief {
                s_businesses[i].fraud = mine.contains { $0 != i && world.properties[Int(s_businesses[$0].property)].rateableValue >= 2_900 }
            }
        }
        world.businesses = s_businesses
        for (i, b) in s_businesses.enumerated() { world.properties[Int(b.property)].business = Int32(i) }
    }

    var s_businesses: [Business] = []

    // MARK: electoral register (at the as-of date)

    mutating func electoralRegister() {
        var r = world.rng("electoral_register")
        for pi in 0..<Int32(world.properties.count) {
            let p = world.properties[Int(pi)]
            guard p.kind.isDwelling else { continue }
            let rate: Double = p.isHMO ? 0.3 : p.tenure == .owner ? 0.9 : p.tenure == .social ? 0.75 : 0.58
            for o in world.occupancies(ofProperty: pi) {
                let oc = world.occupancies[Int(o)]
                for si in world.stays(ofOccupancy: o) {
                    let st = world.stays[Int(si)]
                    let q = world.persons[Int(st.person)]
                    let age = world.age(st.person, at: H)
                    guard age >= 16 else { continue }
                    if st.to == .max && oc.to == .max {
                        // Living here now.
                        if q.flags.contains(.mustRegister) || (age >= 18 && r.chance(rate)) || (age < 18 && r.chance(rate * 0.5)) {
                            world.persons[Int(st.person)].flags.insert(.registered)
                            s.electors.append((st.person, pi, false, r.chance(0.008)))
                        }
                    } else if st.to != .max && st.to > H - 450 && st.to <= H && age >= 18 {
                        // Left (or died) within the last canvass: some entries linger.
                        let died = q.dod == st.to
                        if r.chance(died ? 0.1 : 0.25) && r.chance(rate) {
                            s.electors.append((st.person, pi, true, false))
                        }
                    }
                }
            }
        }
    }

    // MARK: summonses

    mutating func summonses() {
        var r = world.rng("ct_summons")
        for (i, a) in s.ctAccounts.enumerated() where !a.duplicate {
            guard a.kind == 0 || a.kind == 1 || a.kind == 5, a.liable1 >= 0 else { continue }
            let lo = max(a.start, W0), hi = min(a.end == .max ? H : a.end, H)
            guard hi - lo > 60 else { continue }
            var low = false
            if a.occupancy >= 0 { low = world.households[Int(world.occupancies[Int(a.occupancy)].household)].lowIncome }
            let p: Double = a.kind == 1 ? 0.1 : low ? 0.14 : 0.015
            guard r.chance(p) else { continue }
            let n = r.chance(0.3) ? 2 : 1
            for _ in 0..<n {
                let d = lo + Int32(r.under(Int(hi - lo)))
                let bandCharge = [1200, 1400, 1600, 1800, 2200, 2600, 3000, 3600][Int(world.properties[Int(a.property)].band)]
                let pence = (bandCharge * r.int(20, 100) / 100) * 100 + r.int(0, 99)
                s.summonses.append((Int32(i), a.liable1, d, pence))
            }
        }
        let order = s.summonses.indices.sorted { i, j in
            let a = s.summonses[i], b = s.summonses[j]
            return a.date != b.date ? a.date < b.date : (a.account != b.account ? a.account < b.account : i < j)
        }
        s.summonses = order.map { s.summonses[$0] }
    }
}
