/// A blocking rule: records that share its key are compared. Several rules are OR-ed, so a pair
/// missed by one (a typo in the surname) is found by another (same date of birth and postcode).
public struct PersonBlockingRule: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// The comparisons this rule forces to agree; EM sessions trained on this rule do not
    /// estimate these (their agreement is an artefact of the block).
    let fixedFields: [PersonField]
    let kind: Kind

    enum Kind: Int, Sendable, Hashable {
        case nino, nhs, idNumber, phone, email
        case namePair, dobSurnameSound, dobGivenSound, dobPostcode, postcodeSurnameSound, postcodeGivenSound,
             uprnInitial, soundsYear, surnameInitialDistrict, dob, givenSurname, postcodeGiven, householdKey, dobStreetNumber,
             familyKey, dobInitials, reference, surnameAddress, property, uprnInitials
    }

    public var description: String { name }

    /// The rules used to find candidate pairs for scoring.
    public static let prediction: [PersonBlockingRule] = [
        .init(name: "NI number", fixedFields: [.nino], kind: .nino),
        .init(name: "NHS number", fixedFields: [.nhsNumber], kind: .nhs),
        .init(name: "id number", fixedFields: [.idNumber], kind: .idNumber),
        .init(name: "phone", fixedFields: [.phone], kind: .phone),
        .init(name: "email", fixedFields: [.email], kind: .email),
        .init(name: "given name and surname (either order)", fixedFields: [], kind: .namePair),
        .init(name: "date of birth + surname sound", fixedFields: [.dateOfBirth], kind: .dobSurnameSound),
        .init(name: "date of birth + given name sound", fixedFields: [.dateOfBirth], kind: .dobGivenSound),
        .init(name: "date of birth + postcode", fixedFields: [.dateOfBirth, .postcode], kind: .dobPostcode),
        .init(name: "date of birth + house number", fixedFields: [.dateOfBirth], kind: .dobStreetNumber),
        .init(name: "date of birth + initials", fixedFields: [.dateOfBirth], kind: .dobInitials),
        .init(name: "postcode + surname sound", fixedFields: [.postcode], kind: .postcodeSurnameSound),
        .init(name: "postcode + given name sound", fixedFields: [.postcode], kind: .postcodeGivenSound),
        .init(name: "UPRN + initial", fixedFields: [], kind: .uprnInitial),
        .init(name: "UPRN + initials (either order)", fixedFields: [], kind: .uprnInitials),
        .init(name: "name sounds + year of birth", fixedFields: [], kind: .soundsYear),
        .init(name: "surname + initial + locality", fixedFields: [], kind: .surnameInitialDistrict),
        .init(name: "shared reference", fixedFields: [.reference], kind: .reference),
        .init(name: "property owned or let", fixedFields: [.property], kind: .property),
        .init(name: "surname + address (no postcode)", fixedFields: [], kind: .surnameAddress),
    ]

    /// The rules whose blocks train the m-probabilities (each leaves its own fields out).
    /// None of them is an address or postcode rule: such blocks are mostly households or
    /// neighbours, and EM trained on them learns "same household" instead of "same person"
    /// (postcode + given name was tried: EM decided that neighbours named John are one man).
    /// The name block comes last: it leaves out the fields a household shares when an earlier
    /// block has learned them (see `PersonEngine.estimateM`).
    static let training: [PersonBlockingRule] = [
        .init(name: "date of birth", fixedFields: [.dateOfBirth], kind: .dob),
        .init(name: "NI number", fixedFields: [.nino], kind: .nino),
        .init(name: "NHS number", fixedFields: [.nhsNumber], kind: .nhs),
        .init(name: "id number", fixedFields: [.idNumber], kind: .idNumber),
        .init(name: "given name + surname", fixedFields: [.givenName, .surname], kind: .givenSurname),
    ]

    /// Postcode + surname + house number: the pairs of the family context.
    static let family = PersonBlockingRule(name: "postcode + surname + house number", fixedFields: PairContext.family.excludedFields, kind: .familyKey)

    /// Postcode: the pairs of the household context.
    static let household = PersonBlockingRule(name: "postcode", fixedFields: [.postcode, .locality], kind: .householdKey)
}

@inline(__always)
private func mix(_ h: inout UInt64, _ v: UInt64) {
    h ^= v &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)
    h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
}

extension PreparedPersons {
    /// The blocking key of record `i` under a rule, or 0 when the record lacks a component.
    func blockKey(_ kind: PersonBlockingRule.Kind, _ i: Int) -> UInt64 {
        var h: UInt64 = UInt64(kind.rawValue) &* 0x1000_0000_01B3 &+ 17
        @inline(__always) func add(_ v: Int32) -> Bool { if v < 0 { return false }; mix(&h, UInt64(v) &+ 1); return true }
        @inline(__always) func addRaw(_ v: UInt64) { mix(&h, v) }
        let g = given[i], s = surname[i]
        let gOK = g >= 0 && nameLength(g) >= 2
        let sOK = s >= 0
        let fullDob = dobId[i]
        switch kind {
        case .nino: guard add(nino[i]) else { return 0 }
        case .nhs: guard add(nhs[i]) else { return 0 }
        case .idNumber: guard add(idNumber[i]) else { return 0 }
        case .phone: guard add(phone[i]) else { return 0 }
        case .email: guard add(email[i]) else { return 0 }
        case .namePair:
            guard gOK && sOK else { return 0 }
            addRaw(UInt64(min(g, s))); addRaw(UInt64(max(g, s)))
        case .dobSurnameSound:
            guard fullDob >= 0, sOK else { return 0 }
            _ = add(fullDob); _ = add(nameSoundex[Int(s)])
        case .dobGivenSound:
            guard fullDob >= 0, gOK else { return 0 }
            _ = add(fullDob); _ = add(nameSoundex[Int(g)])
        case .dobPostcode:
            guard fullDob >= 0, add(postcode[i]) else { return 0 }
            _ = add(fullDob)
        case .dobStreetNumber:
            guard fullDob >= 0, numCount[i] > 0 else { return 0 }
            _ = add(fullDob); _ = add(addrNums[Int(numStart[i])])
        case .postcodeSurnameSound:
            guard sOK, add(postcode[i]) else { return 0 }
            _ = add(nameSoundex[Int(s)])
        case .postcodeGivenSound:
            guard gOK, add(postcode[i]) else { return 0 }
            _ = add(nameSoundex[Int(g)])
        case .uprnInitial:
            guard uprn[i] != 0, g >= 0 else { return 0 }
            addRaw(UInt64(bitPattern: uprn[i])); addRaw(UInt64(firstScalar(g)))
        case .uprnInitials:
            // one home, the names swapped and one an initial ("MR QURESHI M" on the council tax
            // for Mohammad Qureshi on the register)
            guard uprn[i] != 0, g >= 0, sOK else { return 0 }
            addRaw(UInt64(bitPattern: uprn[i]))
            let a = UInt64(firstScalar(g)), b = UInt64(firstScalar(s))
            addRaw(min(a, b) << 32 | max(a, b))
        case .soundsYear:
            guard gOK, sOK, dobY[i] != 0 else { return 0 }
            _ = add(nameSoundex[Int(g)]); _ = add(nameSoundex[Int(s)]); addRaw(UInt64(dobY[i]))
        case .surnameInitialDistrict:
            guard sOK, g >= 0 else { return 0 }
            // for records without postcode and date of birth (initials, a locality): other rules
            // already cover anything with a postcode
            guard postcode[i] < 0 || dobY[i] == 0, add(locality[i]) else { return 0 }
            _ = add(s); addRaw(UInt64(firstScalar(g)))
        case .dob:
            guard add(fullDob) else { return 0 }
        case .givenSurname:
            guard gOK, sOK else { return 0 }
            _ = add(g); _ = add(s)
        case .postcodeGiven:
            guard gOK, add(postcode[i]) else { return 0 }
            _ = add(g)
        case .dobInitials:
            // both names misspelt (their sounds differ) but their first letters and the date right
            guard fullDob >= 0, g >= 0, sOK else { return 0 }
            _ = add(fullDob)
            let a = UInt64(firstScalar(g)), b = UInt64(firstScalar(s))
            addRaw(min(a, b) << 32 | max(a, b))    // either order: swapped names too
        case .reference: guard add(reference[i]) else { return 0 }
        case .property: guard add(property[i]) else { return 0 }
        case .surnameAddress:
            // an address written out without a postcode (abroad, or left off): the surname and
            // every word and number of the address
            guard sOK, postcode[i] < 0, addrCount[i] + numCount[i] >= 2 else { return 0 }
            _ = add(s)
            var words: UInt64 = 0
            for k in Int(addrStart[i])..<Int(addrStart[i]) + Int(addrCount[i]) { words &+= UInt64(addrToks[k]) &* 0x9E37_79B9_7F4A_7C15 }
            for k in Int(numStart[i])..<Int(numStart[i]) + Int(numCount[i]) { words &+= UInt64(addrNums[k] &+ 1) &* 0xC2B2_AE3D_27D4_EB4F }
            addRaw(words)
        case .householdKey:
            guard add(postcode[i]) else { return 0 }
        case .familyKey:
            // the building's number: the last number in the address (after any flat number)
            guard sOK, numCount[i] > 0, add(postcode[i]) else { return 0 }
            _ = add(s); _ = add(addrNums[Int(numStart[i]) + Int(numCount[i]) - 1])
        }
        return h == 0 ? 1 : h
    }

    /// Pairs where one record's time at its home ended and the other's (in a name with the same
    /// given-name initial and the same first three letters of the surname) began 0–31 days
    /// later: a move, found even when a typo in the surname or an initial for the given name
    /// keeps the two out of every name block ("HARRY EVANS" closing an account, "H EVANS"
    /// opening the next a week later). Canonical positions, i < j; each pair once.
    func movePairs() -> [(Int32, Int32)] {
        var enders: [(key: UInt64, day: Int32, record: Int32)] = []
        var starters: [(key: UInt64, day: Int32, record: Int32)] = []
        for i in 0..<n where perStart[i] != 0 && perStart[i] != perEnd[i] {
            let g = given[i], s = surname[i]
            guard g >= 0, s >= 0, nameLength(s) >= 3 else { continue }
            let st = Int(names.start[Int(s)])
            var key = UInt64(firstScalar(g))
            for k in 0..<3 { key = key &* 0x1F_FFFF &+ UInt64(names.scalars[st + k]) }
            if perEnd[i] < todayDay { enders.append((key, perEnd[i], Int32(i))) }
            starters.append((key, perStart[i], Int32(i)))
        }
        enders.sort { ($0.key, $0.day, $0.record) < ($1.key, $1.day, $1.record) }
        starters.sort { ($0.key, $0.day, $0.record) < ($1.key, $1.day, $1.record) }
        var out: [(Int32, Int32)] = []
        for e in enders {
            // the first starter of this key on or after the end day
            var lo = 0, hi = starters.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if (starters[mid].key, starters[mid].day) < (e.key, e.day) { lo = mid + 1 } else { hi = mid }
            }
            var k = lo
            while k < starters.count && starters[k].key == e.key && starters[k].day <= e.day + 31 {
                let y = starters[k].record
                if y != e.record { out.append((min(e.record, y), max(e.record, y))) }
                k += 1
            }
        }
        return out
    }

    /// Groups of records sharing a key under a rule: (sorted record positions, run boundaries).
    /// Runs larger than `maxBlock` are reported in `oversized` and not used.
    func blocks(_ kind: PersonBlockingRule.Kind, maxBlock: Int) -> (keys: [UInt64], order: [Int32], runs: [Range<Int>], oversized: Int) {
        var keys = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { kb in
            let box = UnsafeSendable(kb)
            Parallel.forChunks(count: n, minChunk: 8192) { r in for i in r { box.value[i] = self.blockKey(kind, i) } }
        }
        var entries: [(UInt64, Int32)] = []
        entries.reserveCapacity(n)
        for i in 0..<n where keys[i] != 0 { entries.append((keys[i], Int32(i))) }
        entries.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var runs: [Range<Int>] = []
        var oversized = 0
        var s = 0
        while s < entries.count {
            var e = s + 1
            while e < entries.count && entries[e].0 == entries[s].0 { e += 1 }
            if e - s >= 2 {
                if e - s <= maxBlock { runs.append(s..<e) }
                else {
                    oversized += 1
                    for k in s..<e { keys[Int(entries[k].1)] = 0 }  // the block is not used
                }
            }
            s = e
        }
        return (keys, entries.map { $0.1 }, runs, oversized)
    }
}
