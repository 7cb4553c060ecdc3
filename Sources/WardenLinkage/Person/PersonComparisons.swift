/// The fields a person comparison looks at, one Fellegi–Sunter comparison each.
public enum PersonField: Int, CaseIterable, Sendable, Codable, Hashable, CustomStringConvertible {
    case givenName, surname, dateOfBirth, sex, nino, nhsNumber, idNumber, phone, email, address, postcode, locality
    /// A reference a record shares with a record of another source: the account a summons is
    /// about, a case or claim number two systems both hold.
    case reference
    /// Middle names, when both records hold one.
    case middleName
    /// Whether the two records come from the same source system (dedupe of several sources):
    /// a system seldom holds one person twice, so EM usually learns that "same source" is
    /// evidence of two people.
    case source
    /// When the records say the person lived at their (different) addresses: at the same time
    /// (one person lives in one place), one after the other within a month or within three
    /// months (a move), or further apart.
    /// Compared only when the addresses differ.
    case period
    /// A property the person is responsible for but does not live at (a landlord's let
    /// property, a ratepayer's premises): two records naming one owner of one property.
    case property
    /// Whether the other people known at one record's home are also known at the other's:
    /// a person who moved usually moved with their household, and a partner or child recorded
    /// at both addresses is evidence that the two records are one person, not namesakes.
    /// Compared only when the addresses differ and both homes hold someone else.
    case household
    /// A woman's title where it states whether she is married, Miss or Mrs (Ms and the rest
    /// say nothing): a mother and daughter of one name at one address are Mrs and Miss, and
    /// their records are otherwise alike.
    case title
    /// Whether the records name the person for a property they do not live at (`property`:
    /// a landlord's let, a ratepayer's premises, a licence, the site of a complaint): both, or
    /// one. Owners are few and each is named on several records (one per flat let, per empty
    /// spell, per licence), so two such records in one name are far more often one person than
    /// two residents' records in one name are. Neither is no evidence ("missing").
    /// A complainant is named for the site of their complaint, and lives near it: on one record,
    /// the site's postcode against the other record's home (the same sector, or not) says
    /// whether the two could be one neighbour.
    case owner

    public var description: String {
        switch self {
        case .givenName: return "given name"
        case .surname: return "surname"
        case .dateOfBirth: return "date of birth"
        case .sex: return "sex"
        case .nino: return "NI number"
        case .nhsNumber: return "NHS number"
        case .idNumber: return "id number"
        case .phone: return "phone"
        case .email: return "email"
        case .address: return "address"
        case .postcode: return "postcode"
        case .locality: return "locality"
        case .reference: return "reference"
        case .middleName: return "middle name"
        case .source: return "source"
        case .period: return "time at address"
        case .property: return "property owned or let"
        case .household: return "household"
        case .title: return "title"
        case .owner: return "named for a property, not a home"
        }
    }

    /// Labels of the comparison levels, index 1 upwards (level 0 is "missing on one side":
    /// no evidence either way). Levels are ordered from strongest agreement to disagreement.
    public var levelLabels: [String] {
        switch self {
        case .givenName: return ["missing", "exact", "nickname", "close", "similar", "initial", "middle name", "swapped with surname", "different", "initial different", "different, same initial"]
        case .surname: return ["missing", "exact", "close", "similar", "shares a part", "swapped (counted in given name)", "different"]
        case .dateOfBirth: return ["missing", "exact", "day/month swapped", "one part different", "year only", "within a month", "within a year", "different"]
        case .sex: return ["missing", "same", "different"]
        case .nino, .idNumber: return ["missing", "exact", "one character different", "different"]
        case .nhsNumber, .phone: return ["missing", "exact", "different"]
        case .email: return ["missing", "exact", "close", "different"]
        case .address: return ["missing", "same UPRN", "same address", "same number, similar street", "same street", "similar", "different"]
        case .postcode: return ["missing", "exact", "same sector / one character different", "same district", "different"]
        case .locality: return ["missing", "exact", "close", "different"]
        case .reference: return ["missing", "same", "different", "same, the account's one party"]
        case .middleName: return ["missing", "same or initial", "different"]
        case .source: return ["missing", "same system", "different systems"]
        case .period: return ["missing", "at the same time", "moved within a month", "one after the other", "under a year apart", "a year or more apart"]
        case .property: return ["missing", "same", "different"]
        case .household: return ["missing", "two or more members at both homes", "one member at both homes", "no one at both homes"]
        case .title: return ["missing", "same (Miss or Mrs)", "Miss and Mrs"]
        case .owner: return ["missing", "on both records", "on one record", "on one record, a complaint near the other's home",
                             "on one record, a complaint away from the other's home", "on one record, a complaint, the other's home unknown"]
        }
    }

    /// Number of levels including "missing".
    var levelCount: Int { levelLabels.count }

    /// The level whose agreement is adjusted by how common the agreed value is.
    var tfLevel: UInt8? {
        switch self {
        case .givenName, .surname, .dateOfBirth, .nino, .nhsNumber, .idNumber, .phone, .email, .postcode, .locality, .property: return 1
        default: return nil
        }
    }

    /// The fields that define the household context (same postcode); in that context they
    /// carry no further weight: their agreement is already the context's prior.
    static let householdContextFields: [PersonField] = [.postcode, .locality]

    /// A level whose weight is fixed at zero (its evidence is counted elsewhere).
    var neutralLevel: UInt8? { self == .surname ? Level.surSwapped : nil }

    /// The level at which the two records disagree outright, which can never count for a
    /// match. Among namesakes living apart EM learned that a different sex is rarer for two
    /// people of one name than a typo is for one person, and weighed it +1.5 bits in favour.
    var disagreementLevel: UInt8? {
        switch self {
        case .sex, .nhsNumber, .phone, .middleName, .title: return 2
        case .nino, .idNumber, .email: return 3
        case .dateOfBirth: return Level.dDifferent
        case .givenName: return 8
        case .surname: return 6
        default: return nil
        }
    }

    /// The natural-log likelihood ratio log(m/u) of every level (0 for "missing" and the
    /// neutral level).
    ///
    /// A given name held only as an initial is weighed by how often first letters agree among
    /// full names — P(agree | same person) and P(agree | different people), both read off the
    /// full-name levels — not by the initial levels' own m and u: how often a source
    /// abbreviates says nothing about whether two records are one person, and m learned where
    /// initials are rare made "J" vs "John" strong evidence of two people. It also keeps EM from
    /// explaining initial agreements inside a household as different people.
    func logRatios(m: [Double], u: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: levelCount)
        for l in 1..<levelCount where neutralLevel != UInt8(l) {
            r[l] = log(max(m[l], 1e-12)) - log(max(u[l], 1e-12))
        }
        if let d = disagreementLevel { r[Int(d)] = min(r[Int(d)], 0) }
        if self == .address {
            // "same UPRN" can only happen when both records carry one (a correspondence address
            // never does): the two levels are one agreement, pooled, so that UPRNs on most
            // residents' records do not make the same address written out look rare in a match
            let a = Int(Level.aUPRN), b = Int(Level.aExact)
            let pooled = log(max(m[a] + m[b], 1e-12)) - log(max(u[a] + u[b], 1e-12))
            r[a] = pooled; r[b] = pooled
        }
        if self == .givenName, let (mA, uA) = PersonField.initialAgreement(m: m, u: u) {
            r[Int(Level.gInitial)] = log(mA) - log(uA)
            r[Int(Level.gInitialDifferent)] = log(1 - mA) - log(1 - uA)
        }
        return r
    }

    /// How often an initial agrees with a given name, among matches (mA) and non-matches (uA):
    /// the share of pairs with both names written in full whose first letters agree.
    static func initialAgreement(m: [Double], u: [Double]) -> (mA: Double, uA: Double)? {
        let agree = [Level.gExact, Level.gClose, Level.gSimilar, Level.gDifferentSameInitial].map(Int.init)
        let full = agree + [Level.gNick, Level.gMiddle, Level.gSwapped, Level.gDifferent].map(Int.init)
        func share(_ p: [Double]) -> Double? {
            let t = full.reduce(0.0) { $0 + p[$1] }
            return t > 0 ? agree.reduce(0.0) { $0 + p[$1] } / t : nil
        }
        guard let ma = share(m), let ua = share(u) else { return nil }
        return (min(max(ma, 1e-6), 1 - 1e-6), min(max(ua, 1e-6), 1 - 1e-6))
    }

    /// Default m-probabilities (used to start EM, and kept when a field cannot be trained).
    var defaultM: [Double] {
        switch self {
        case .givenName: return [0, 0.82, 0.03, 0.06, 0.02, 0.02, 0.01, 0.01, 0.02, 0.001, 0.01]
        case .surname: return [0, 0.85, 0.06, 0.02, 0.02, 0.01, 0.04]
        case .dateOfBirth: return [0, 0.88, 0.02, 0.05, 0.01, 0.01, 0.01, 0.02]
        case .sex: return [0, 0.97, 0.03]
        case .nino, .idNumber: return [0, 0.9, 0.05, 0.05]
        case .nhsNumber, .phone: return [0, 0.9, 0.1]
        case .email: return [0, 0.85, 0.1, 0.05]
        case .address: return [0, 0.3, 0.35, 0.1, 0.05, 0.05, 0.15]
        case .postcode: return [0, 0.8, 0.05, 0.05, 0.1]
        case .locality: return [0, 0.85, 0.05, 0.1]
        case .reference: return [0, 0.25, 0.7, 0.05]
        case .middleName: return [0, 0.9, 0.1]
        case .source: return [0, 0.2, 0.8]
        case .period: return [0, 0.1, 0.3, 0.2, 0.25, 0.15]
        case .property: return [0, 0.3, 0.7]
        case .household: return [0, 0.2, 0.2, 0.6]
        case .title: return [0, 0.9, 0.1]
        case .owner: return [0, 0.4, 0.4, 0.1, 0.05, 0.05]
        }
    }
}

extension PersonField {
    /// Where the field's level sits in a packed `LevelVector`, and its width: as many bits
    /// as its levels need (a test checks the fields fit in 64 bits without overlapping).
    @inline(__always)
    var bitShift: UInt64 {
        switch self {
        case .givenName: return 0       // 4 bits
        case .surname: return 4         // 3
        case .dateOfBirth: return 7     // 3
        case .sex: return 10            // 2
        case .nino: return 12           // 2
        case .nhsNumber: return 14      // 2
        case .idNumber: return 16       // 2
        case .phone: return 18          // 2
        case .email: return 20          // 2
        case .address: return 22        // 3
        case .postcode: return 25       // 3
        case .locality: return 28       // 2
        case .reference: return 30      // 2
        case .middleName: return 32     // 2
        case .source: return 34         // 2
        case .period: return 36         // 3
        case .property: return 39       // 2
        case .household: return 41      // 2
        case .title: return 43          // 2
        case .owner: return 45          // 3
        }
    }

    /// The bits a level needs: enough for every level, "missing" included.
    var bitWidth: Int { levelCount <= 2 ? 1 : levelCount <= 4 ? 2 : levelCount <= 8 ? 3 : 4 }

    @inline(__always)
    var bitMask: UInt64 {
        switch self {
        case .givenName: return 0xF
        case .surname, .dateOfBirth, .address, .postcode, .period, .owner: return 0x7
        default: return 0x3
        }
    }

    /// The field's bits in a packed vector.
    var packedMask: UInt64 { bitMask << bitShift }
}

/// Level numbers, named for readability in the comparison code.
enum Level {
    static let missing: UInt8 = 0
    // given name
    static let gExact: UInt8 = 1, gNick: UInt8 = 2, gClose: UInt8 = 3, gSimilar: UInt8 = 4, gInitial: UInt8 = 5,
               gMiddle: UInt8 = 6, gSwapped: UInt8 = 7, gDifferent: UInt8 = 8, gInitialDifferent: UInt8 = 9,
               gDifferentSameInitial: UInt8 = 10
    // surname
    static let sExact: UInt8 = 1, sClose: UInt8 = 2, sSimilar: UInt8 = 3, sPart: UInt8 = 4, surSwapped: UInt8 = 5, sDifferent: UInt8 = 6
    // date of birth
    static let dExact: UInt8 = 1, dSwapped: UInt8 = 2, dOnePart: UInt8 = 3, dYearOnly: UInt8 = 4, dWithinMonth: UInt8 = 5,
               dWithinYear: UInt8 = 6, dDifferent: UInt8 = 7
    // address
    static let aUPRN: UInt8 = 1, aExact: UInt8 = 2, aNumberStreet: UInt8 = 3, aStreet: UInt8 = 4, aWeak: UInt8 = 5, aDifferent: UInt8 = 6
    // postcode
    static let pExact: UInt8 = 1, pSector: UInt8 = 2, pDistrict: UInt8 = 3, pDifferent: UInt8 = 4
    // named for a property, not a home
    static let oBoth: UInt8 = 1, oOne: UInt8 = 2, oSiteNear: UInt8 = 3, oSiteAway: UInt8 = 4, oSiteUnknown: UInt8 = 5
    // time at address (addresses different)
    static let tSameTime: UInt8 = 1, tWithinMonth: UInt8 = 2, tAfter: UInt8 = 3, tUnderYear: UInt8 = 4, tYears: UInt8 = 5
}

/// Thresholds of the graded string levels.
enum Similarity {
    static let close = 0.92      // Jaro–Winkler at or above: "close" (or within one edit)
    static let similar = 0.80    // Jaro–Winkler at or above: "similar"
    static let addressToken = 0.85
}

/// The comparison vector of a pair: one level per field, four bits each.
public struct LevelVector: Hashable, Sendable, Comparable {
    public var packed: UInt64
    init(packed: UInt64 = 0) { self.packed = packed }
    public subscript(_ f: PersonField) -> UInt8 {
        get { UInt8((packed >> f.bitShift) & f.bitMask) }
        set {
            let shift = f.bitShift
            packed = (packed & ~(f.bitMask << shift)) | (UInt64(UInt64(newValue) & f.bitMask) << shift)
        }
    }
    public static func < (a: LevelVector, b: LevelVector) -> Bool { a.packed < b.packed }
}

extension PreparedPersons {

    @inline(__always)
    func nameBuffer<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        let s = Int(names.start[Int(id)]), l = Int(names.length[Int(id)])
        return names.scalars.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<(s + l)])) }
    }

    @inline(__always)
    func nameLength(_ id: Int32) -> Int { Int(names.length[Int(id)]) }

    @inline(__always)
    func firstScalar(_ id: Int32) -> UInt32 { names.scalars[Int(names.start[Int(id)])] }

    /// Jaro–Winkler of two interned names.
    @inline(__always)
    func nameJW(_ a: Int32, _ b: Int32) -> Double {
        if a == b { return 1 }
        return nameBuffer(a) { x in nameBuffer(b) { y in StringMetrics.jaroWinkler(x, y) } }
    }

    /// Jaro–Winkler if it can reach `floor`, else 0 (skips the computation for hopeless pairs).
    @inline(__always)
    func nameJW(_ a: Int32, _ b: Int32, atLeast floor: Double) -> Double {
        if a == b { return 1 }
        if names.jaroWinklerBound(a, b) < floor { return 0 }
        return nameJW(a, b)
    }

    @inline(__always)
    func nameWithinOneEdit(_ a: Int32, _ b: Int32) -> Bool {
        if a == b { return true }
        if !names.mayBeWithinOneEdit(a, b) { return false }
        return nameBuffer(a) { x in nameBuffer(b) { y in StringMetrics.editDistance(x, y, transpositions: true, bound: 1) <= 1 } }
    }

    /// Two interned names that are the same name or a typo of it.
    @inline(__always)
    func namesClose(_ a: Int32, _ b: Int32) -> Bool {
        if a == b { return true }
        if nameLength(a) < 3 || nameLength(b) < 3 { return false }
        if nameWithinOneEdit(a, b) { return true }
        return names.jaroWinklerBound(a, b) >= Similarity.close && nameJW(a, b) >= Similarity.close
    }

    func nicknames(_ a: Int32, _ b: Int32) -> Bool {
        let sa = Int(nickStart[Int(a)]), ca = Int(nickCount[Int(a)])
        let sb = Int(nickStart[Int(b)]), cb = Int(nickCount[Int(b)])
        if ca == 0 || cb == 0 { return false }
        for i in sa..<(sa + ca) { for j in sb..<(sb + cb) where nickGroups[i] == nickGroups[j] { return true } }
        return false
    }

    /// True when one name is a short form (a prefix of at least two letters) of the other.
    func isShortForm(_ a: Int32, _ b: Int32) -> Bool {
        let la = nameLength(a), lb = nameLength(b)
        // at least two letters shorter: "Chris"/"Christopher", not "Michell"/"Michelle" (a typo)
        if la < 2 || lb < 2 || abs(la - lb) < 2 { return false }
        let (s, l) = la < lb ? (a, b) : (b, a)
        let ls = min(la, lb)
        let ss = Int(names.start[Int(s)]), sl = Int(names.start[Int(l)])
        for k in 0..<ls where names.scalars[ss + k] != names.scalars[sl + k] { return false }
        return true
    }

    // MARK: per-field levels

    func givenLevel(_ i: Int, _ j: Int) -> UInt8 {
        let a = given[i], b = given[j]
        if a < 0 || b < 0 { return Level.missing }
        let la = nameLength(a), lb = nameLength(b)
        if a == b { return la == 1 ? Level.gInitial : Level.gExact }
        if la == 1 || lb == 1 {
            return firstScalar(a) == firstScalar(b) ? Level.gInitial : (swapped(i, j) ? Level.gSwapped : Level.gInitialDifferent)
        }
        if nicknames(a, b) || isShortForm(a, b) { return Level.gNick }
        if nameWithinOneEdit(a, b) { return Level.gClose }
        let jw = nameJW(a, b, atLeast: Similarity.similar)
        if jw >= Similarity.close { return Level.gClose }
        if swapped(i, j) { return Level.gSwapped }
        if jw >= Similarity.similar { return Level.gSimilar }
        if (mid1[j] >= 0 && (mid1[j] == a || (nameLength(mid1[j]) > 1 && namesClose(mid1[j], a)))) ||
           (mid1[i] >= 0 && (mid1[i] == b || (nameLength(mid1[i]) > 1 && namesClose(mid1[i], b)))) {
            return Level.gMiddle
        }
        if (transliterated[i] || transliterated[j]) && sameSkeleton(a, b) { return Level.gSimilar }
        return firstScalar(a) == firstScalar(b) ? Level.gDifferentSameInitial : Level.gDifferent
    }

    /// Two names, one of them transliterated from another script, with the same consonants
    /// (`Transliteration.skeleton`): "abdallh" from Arabic and "abdullah", "li" from Chinese
    /// and "lee". A one-letter skeleton counts only when the names also begin alike.
    func sameSkeleton(_ a: Int32, _ b: Int32) -> Bool {
        let x = Transliteration.skeleton(names.strings[Int(a)]), y = Transliteration.skeleton(names.strings[Int(b)])
        return !x.isEmpty && x == y && (x.unicodeScalars.count >= 2 || firstScalar(a) == firstScalar(b))
    }

    /// Given name of each record looks like the surname of the other.
    func swapped(_ i: Int, _ j: Int) -> Bool {
        let gi = given[i], gj = given[j], si = surname[i], sj = surname[j]
        if gi < 0 || gj < 0 { return false }
        if sj >= 0 && si >= 0 {
            // an initial matches the first letter ("JAVED NASREEN" and "N JAVED"); one side must
            // match in full
            func crossed(_ x: Int32, _ y: Int32) -> Bool {
                nameLength(x) == 1 || nameLength(y) == 1 ? firstScalar(x) == firstScalar(y) : (namesClose(x, y) || nicknames(x, y))
            }
            let full1 = nameLength(gi) > 1 && nameLength(sj) > 1, full2 = nameLength(si) > 1 && nameLength(gj) > 1
            return (full1 || full2) && crossed(gi, sj) && crossed(si, gj)
        }
        // one surname missing: the given names cross-match the other record's surname
        if sj >= 0 { return namesClose(gi, sj) }
        if si >= 0 { return namesClose(gj, si) }
        return false
    }

    func surnameLevel(_ i: Int, _ j: Int, givenLevel g: UInt8) -> UInt8 {
        let a = surname[i], b = surname[j]
        if g == Level.gSwapped { return Level.surSwapped }
        if a < 0 || b < 0 { return Level.missing }
        if a == b { return Level.sExact }
        if namesClose(a, b) { return Level.sClose }
        let jw = nameJW(a, b, atLeast: Similarity.similar)
        if jw >= Similarity.similar && nameLength(a) >= 3 && nameLength(b) >= 3 { return Level.sSimilar }
        // double-barrelled or changed-and-kept surnames: a shared part
        if sur1[i] >= 0 || sur1[j] >= 0 {
            let a1 = sur1[i] >= 0 ? sur1[i] : a, a2 = sur1[i] >= 0 ? sur2[i] : a
            let b1 = sur1[j] >= 0 ? sur1[j] : b, b2 = sur1[j] >= 0 ? sur2[j] : b
            for x in [a1, a2] where nameLength(x) > 1 && (x == b1 || x == b2) { return Level.sPart }
        }
        if (transliterated[i] || transliterated[j]) && nameLength(a) > 1 && nameLength(b) > 1 && sameSkeleton(a, b) { return Level.sSimilar }
        return Level.sDifferent
    }

    func dobLevel(_ i: Int, _ j: Int) -> UInt8 {
        let ya = dobY[i], yb = dobY[j]
        if ya == 0 || yb == 0 { return Level.missing }
        let ma = dobM[i], mb = dobM[j], da = dobD[i], db = dobD[j]
        let fullA = ma != 0 && da != 0, fullB = mb != 0 && db != 0
        if fullA && fullB {
            let sy = ya == yb, sm = ma == mb, sd = da == db
            if sy && sm && sd { return Level.dExact }
            if sy && ma == db && da == mb { return Level.dSwapped }
            let agree = (sy ? 1 : 0) + (sm ? 1 : 0) + (sd ? 1 : 0)
            // two parts agree and the third looks like a slip of the keyboard: one digit wrong,
            // two adjacent digits swapped, or a day one either side (a date-boundary error)
            if agree == 2 {
                // (a year one either side: a year worked out from an age, or 2019 typed for 2020)
                if !sy && (PreparedPersons.typoLike(Int(ya), Int(yb), digits: 4) || abs(Int(ya) - Int(yb)) == 1) { return Level.dOnePart }
                if !sm && PreparedPersons.typoLike(Int(ma), Int(mb), digits: 2) { return Level.dOnePart }
                if !sd && (PreparedPersons.typoLike(Int(da), Int(db), digits: 2) || abs(Int(da) - Int(db)) == 1) { return Level.dOnePart }
            }
            // dates a few weeks or months apart: a date given from memory or worked out from an
            // age, and one person's records in data sets that perturb dates; EM weighs them
            let apart = abs(CivilDate.daysFromCivil(Int(ya), Int(ma), Int(da)) - CivilDate.daysFromCivil(Int(yb), Int(mb), Int(db)))
            return apart <= 31 ? Level.dWithinMonth : apart <= 366 ? Level.dWithinYear : Level.dDifferent
        }
        // partial dates: compare the parts both hold
        if ya != yb { return Level.dDifferent }
        if ma != 0 && mb != 0 && ma != mb {
            return (da != 0 && db != 0 && ma == db && da == mb) ? Level.dSwapped : Level.dDifferent
        }
        if da != 0 && db != 0 && ma != 0 && mb != 0 && da != db { return Level.dDifferent }
        return Level.dYearOnly
    }

    /// Two numbers written with `digits` digits differ by one digit or by two adjacent digits swapped.
    static func typoLike(_ a: Int, _ b: Int, digits: Int) -> Bool {
        var x = a, y = b
        var da: [Int] = [], db: [Int] = []
        for _ in 0..<digits { da.append(x % 10); db.append(y % 10); x /= 10; y /= 10 }
        var diff: [Int] = []
        for k in 0..<digits where da[k] != db[k] { diff.append(k) }
        if diff.count == 1 { return true }
        if diff.count == 2 && diff[1] == diff[0] + 1 { return da[diff[0]] == db[diff[1]] && da[diff[1]] == db[diff[0]] }
        return false
    }

    func idLevel(_ a: Int32, _ b: Int32, _ table: ValueTable, closeLevel: Bool) -> UInt8 {
        if a < 0 || b < 0 { return Level.missing }
        if a == b { return 1 }
        if closeLevel {
            if !table.mayBeWithinOneEdit(a, b) { return 3 }
            let sa = Int(table.start[Int(a)]), la = Int(table.length[Int(a)])
            let sb = Int(table.start[Int(b)]), lb = Int(table.length[Int(b)])
            let d = table.scalars.withUnsafeBufferPointer { p in
                StringMetrics.editDistance(UnsafeBufferPointer(rebasing: p[sa..<(sa + la)]),
                                           UnsafeBufferPointer(rebasing: p[sb..<(sb + lb)]),
                                           transpositions: true, bound: 1)
            }
            return d <= 1 ? 2 : 3
        }
        return 2
    }

    /// Emails: the same, close, or different. Close is a slip of the keyboard: one edit, or up
    /// to three that only move or swap characters (the same letters and digits but one:
    /// "hannah88@powers.com" and "hannah88opowersc@m"). Two people's addresses built from one
    /// name differ in their own characters ("francesca88@…" and "francesca91@…") and stay
    /// different, however alike they look.
    func emailLevel(_ a: Int32, _ b: Int32) -> UInt8 {
        if a < 0 || b < 0 { return Level.missing }
        if a == b { return 1 }
        let sa = Int(emailTable.start[Int(a)]), la = Int(emailTable.length[Int(a)])
        let sb = Int(emailTable.start[Int(b)]), lb = Int(emailTable.length[Int(b)])
        if abs(la - lb) > 3 { return 3 }
        let close = emailTable.scalars.withUnsafeBufferPointer { p -> Bool in
            let x = UnsafeBufferPointer(rebasing: p[sa..<(sa + la)]), y = UnsafeBufferPointer(rebasing: p[sb..<(sb + lb)])
            let d = StringMetrics.editDistance(x, y, transpositions: true, bound: 3)
            if d <= 1 { return true }
            if d > 3 { return false }
            var count: [UInt32: Int] = [:]
            for c in x { count[c, default: 0] += 1 }
            for c in y { count[c, default: 0] -= 1 }
            return count.values.reduce(0) { $0 + abs($1) } <= 2
        }
        return close ? 2 : 3
    }

    func placeLevel(_ a: Int32, _ b: Int32) -> UInt8 {
        if a < 0 || b < 0 { return Level.missing }
        if a == b { return 1 }
        let sa = Int(placeTable.start[Int(a)]), la = Int(placeTable.length[Int(a)])
        let sb = Int(placeTable.start[Int(b)]), lb = Int(placeTable.length[Int(b)])
        let jwPossible = placeTable.jaroWinklerBound(a, b) >= Similarity.close
        let editPossible = placeTable.mayBeWithinOneEdit(a, b)
        if !jwPossible && !editPossible { return 3 }
        let close = placeTable.scalars.withUnsafeBufferPointer { p -> Bool in
            let x = UnsafeBufferPointer(rebasing: p[sa..<(sa + la)]), y = UnsafeBufferPointer(rebasing: p[sb..<(sb + lb)])
            return (editPossible && StringMetrics.editDistance(x, y, transpositions: true, bound: 1) <= 1) || (jwPossible && StringMetrics.jaroWinkler(x, y) >= Similarity.close)
        }
        return close ? 2 : 3
    }

    func postcodeLevel(_ i: Int, _ j: Int) -> UInt8 {
        let a = postcode[i], b = postcode[j]
        if a < 0 || b < 0 { return Level.missing }
        if a == b { return Level.pExact }
        if sector[i] >= 0 && sector[i] == sector[j] { return Level.pSector }
        if sector[i] < 0 && sector[j] < 0 && pcTable.mayBeWithinOneEdit(a, b) {
            // not UK postcodes: one character wrong
            let sa = Int(pcTable.start[Int(a)]), la = Int(pcTable.length[Int(a)])
            let sb = Int(pcTable.start[Int(b)]), lb = Int(pcTable.length[Int(b)])
            let d = pcTable.scalars.withUnsafeBufferPointer { p in
                StringMetrics.editDistance(UnsafeBufferPointer(rebasing: p[sa..<(sa + la)]),
                                           UnsafeBufferPointer(rebasing: p[sb..<(sb + lb)]), transpositions: true, bound: 1)
            }
            if d <= 1 { return Level.pSector }
        }
        if district[i] >= 0 && district[i] == district[j] { return Level.pDistrict }
        return Level.pDifferent
    }

    /// Similarity of the street-and-building words of two addresses: IDF-weighted Jaccard, where
    /// a word matches exactly or within a typo, so "road" counts little and "Pinkerton" a lot.
    func addressTokenSimilarity(_ i: Int, _ j: Int) -> Float { addressTokenOverlap(i, j).jaccard }

    /// IDF-weighted Jaccard, and the share of the shorter address's words found in the other
    /// ("Flat 7, 6 Sunnyside Mews" inside "Flat 7, Goldcrest House, 6 Sunnyside Mews": a
    /// source that leaves the building name out).
    func addressTokenOverlap(_ i: Int, _ j: Int) -> (jaccard: Float, containment: Float) {
        let ca = Int(addrCount[i]), cb = Int(addrCount[j])
        if ca == 0 || cb == 0 { return (0, 0) }
        let sa = Int(addrStart[i]), sb = Int(addrStart[j])
        var matched: Float = 0
        for x in sa..<(sa + ca) {
            let ta = addrToks[x]
            var best: Float = 0
            for y in sb..<(sb + cb) {
                let tb = addrToks[y]
                if ta == tb { best = addrWeight[Int(ta)]; break }
            }
            if best == 0 {
                let la = Int(addrTable.length[Int(ta)])
                if la >= 4 {
                    for y in sb..<(sb + cb) {
                        let tb = addrToks[y]
                        let lb = Int(addrTable.length[Int(tb)])
                        if lb < 4 || addrTable.jaroWinklerBound(ta, tb) < Similarity.addressToken { continue }
                        let s1 = Int(addrTable.start[Int(ta)]), s2 = Int(addrTable.start[Int(tb)])
                        let jw = addrTable.scalars.withUnsafeBufferPointer { p in
                            StringMetrics.jaroWinkler(UnsafeBufferPointer(rebasing: p[s1..<(s1 + la)]),
                                                      UnsafeBufferPointer(rebasing: p[s2..<(s2 + lb)]))
                        }
                        if jw >= Similarity.addressToken {
                            best = max(best, 0.8 * min(addrWeight[Int(ta)], addrWeight[Int(tb)]))
                        }
                    }
                }
            }
            matched += best
        }
        let union = addrTotal[i] + addrTotal[j] - matched
        // containment only for an address of at least two words (not a lone town name)
        let shorter = min(ca, cb) >= 2 ? min(addrTotal[i], addrTotal[j]) : 0
        return (union > 0 ? min(1, matched / union) : 0, shorter > 0 ? min(1, matched / shorter) : 0)
    }

    /// 1 when the house numbers are the same, 0.75 when one side's numbers are all in the
    /// other's ("Flat 2, 12 High St" and "12 High St": one source left the flat out), 0.5 when
    /// they share one but conflict (flat 1 and flat 2 of number 12), 0 when they differ,
    /// -1 when either is missing.
    func numberAgreement(_ i: Int, _ j: Int) -> Float {
        let ca = Int(numCount[i]), cb = Int(numCount[j])
        if ca == 0 || cb == 0 { return -1 }
        let sa = Int(numStart[i]), sb = Int(numStart[j])
        var common = 0
        for x in sa..<(sa + ca) { for y in sb..<(sb + cb) where addrNums[x] == addrNums[y] { common += 1 } }
        if common == ca && common == cb { return 1 }
        if common > 0 && (common == ca || common == cb) { return 0.75 }
        return common > 0 ? 0.5 : 0
    }

    func addressLevel(_ i: Int, _ j: Int) -> UInt8 {
        let ua = uprn[i], ub = uprn[j]
        if ua != 0 && ub != 0 && ua == ub { return Level.aUPRN }
        let hasA = addrCount[i] > 0 || numCount[i] > 0, hasB = addrCount[j] > 0 || numCount[j] > 0
        if !hasA || !hasB { return (ua != 0 && ub != 0) ? Level.aDifferent : Level.missing }
        let (sim, contained) = addressTokenOverlap(i, j)
        let num = numberAgreement(i, j)
        let differentProperty = ua != 0 && ub != 0
        // the same numbers, and every word of one address in the other: the same address with a
        // locality or building name left out ("19 Canal Mews" and "19 Canal Mews, Stonebridge Park")
        if num == 1 && (sim >= 0.999 || contained >= 0.999) && !differentProperty { return Level.aExact }
        if num >= 0.75 && (sim >= 0.5 || contained >= 0.999) && !differentProperty { return Level.aNumberStreet }
        if addrCount[i] == 0 && addrCount[j] == 0 && num >= 0.75 && !differentProperty { return Level.aWeak }
        if sim >= 0.5 { return Level.aStreet }
        if sim >= 0.25 || num >= 0.75 { return Level.aWeak }
        return Level.aDifferent
    }

    /// The comparison vector of records `i` and `j` (canonical positions).
    func compare(_ i: Int, _ j: Int) -> LevelVector {
        var v = LevelVector()
        let g = givenLevel(i, j)
        v[.givenName] = g
        v[.surname] = surnameLevel(i, j, givenLevel: g)
        v[.dateOfBirth] = dobLevel(i, j)
        if sex[i] != 0 && sex[j] != 0 { v[.sex] = sex[i] == sex[j] ? 1 : 2 }
        v[.nino] = idLevel(nino[i], nino[j], ninoTable, closeLevel: true)
        v[.nhsNumber] = idLevel(nhs[i], nhs[j], nhsTable, closeLevel: false)
        v[.idNumber] = idLevel(idNumber[i], idNumber[j], idTable, closeLevel: true)
        v[.phone] = idLevel(phone[i], phone[j], phoneTable, closeLevel: false)
        v[.email] = emailLevel(email[i], email[j])
        let a = addressLevel(i, j)
        v[.address] = a
        // (A different postcode is not counted twice against a person who moved: in the
        // contexts that do not share a postcode, m is learned on such pairs.)
        v[.postcode] = postcodeLevel(i, j)
        v[.locality] = placeLevel(locality[i], locality[j])
        if reference[i] >= 0 && reference[j] >= 0 && dataset[i] != dataset[j] {
            // a summons about an account that lists one person is about that person: a level of
            // its own, apart from a joint account's reference, which two relatives share
            v[.reference] = reference[i] != reference[j] ? 2 : (referencePeople[i] == 1 && referencePeople[j] == 1 ? 3 : 1)
        }
        if property[i] >= 0 && property[j] >= 0 { v[.property] = property[i] == property[j] ? 1 : 2 }
        if marital[i] != 0 && marital[j] != 0 { v[.title] = marital[i] == marital[j] ? 1 : 2 }
        // middle names: not when the given name already matched the other's middle name
        let ma = mid1[i], mb = mid1[j]
        if ma >= 0 && mb >= 0 && g != Level.gMiddle && g != Level.gSwapped {
            v[.middleName] = ma == mb || (nameLength(ma) == 1 || nameLength(mb) == 1 ? firstScalar(ma) == firstScalar(mb) : namesClose(ma, mb)) ? 1 : 2
        }
        v[.source] = dataset[i] == dataset[j] ? 1 : 2
        if property[i] >= 0 || property[j] >= 0 {
            let one = property[i] >= 0 ? i : j
            if property[i] >= 0 && property[j] >= 0 {
                v[.owner] = Level.oBoth
            } else if !site[one] {
                v[.owner] = Level.oOne
            } else {
                // a complainant lives near what they complain about: the site's postcode against
                // the other record's home says where the complainant probably lives
                let pc = v[.postcode]
                v[.owner] = pc == Level.missing ? Level.oSiteUnknown : pc <= Level.pSector ? Level.oSiteNear : Level.oSiteAway
            }
        }
        if a >= Level.aNumberStreet { v[.household] = householdLevel(i, j) }
        if (a == Level.aDifferent || a == Level.aWeak) && perStart[i] != 0 && perStart[j] != 0 {
            // days the two periods overlap (negative: the gap between them)
            let overlap = Int(min(perEnd[i], perEnd[j])) - Int(max(perStart[i], perStart[j]))
            // (a move: one account closed and the next opened within a month, or within three
            // months or with a short overlap; days rather than weeks apart is what sets one
            // person's move apart from two namesakes' unrelated dates)
            // A day's event on a day inside the other's time at its home is at the same time
            // (its overlap of 0 days had read as a move); a day is no account closing and the
            // next opening, so never a move within a month.
            let day = perStart[i] == perEnd[i] || perStart[j] == perEnd[j]
            v[.period] = (day ? overlap >= 0 : overlap > 60) ? Level.tSameTime
                : (!day && overlap <= 0 && overlap >= -31) ? Level.tWithinMonth
                : overlap >= -90 ? Level.tAfter : overlap > -365 ? Level.tUnderYear : Level.tYears
        }
        return v
    }

    /// How many of the people known at record `i`'s home are also known at record `j`'s (two
    /// different homes): full names, leaving out any whose given name starts like either
    /// record's own or a nickname of it (another spelling of the person themself), names common enough for two
    /// families to share, and a name whose dates of birth at the two homes differ. Missing when either home holds
    /// no one else, or too many people to say anything (a hostel, a block's one address).
    @inline(__always)
    func householdLevel(_ i: Int, _ j: Int) -> UInt8 {
        let ka = homeKey[i], kb = homeKey[j]
        if ka < 0 || kb < 0 || ka == kb { return Level.missing }
        let ca = Int(homeCount[Int(ka)]), cb = Int(homeCount[Int(kb)])
        if ca == 0 || cb == 0 { return Level.missing }
        let own1: UInt32 = given[i] >= 0 ? firstScalar(given[i]) : 0
        let own2: UInt32 = given[j] >= 0 ? firstScalar(given[j]) : 0
        let sa = Int(homeStart[Int(ka)]), sb = Int(homeStart[Int(kb)])
        let gi = given[i], gj = given[j]
        // another spelling of the person themself: the same initial, or a nickname (Gosia for
        // Małgorzata, Chris for Krzysztof)
        @inline(__always) func isSelf(_ k: Int) -> Bool {
            let c = homeInitial[k]
            if c == own1 || c == own2 { return true }
            let g = homeGiven[k]
            return (gi >= 0 && nicknames(gi, g)) || (gj >= 0 && nicknames(gj, g))
        }
        // each home must hold someone else (most do at their first name)
        @inline(__always) func holdsOther(_ s: Int, _ c: Int) -> Bool {
            for k in s..<(s + c) where !isSelf(k) { return true }
            return false
        }
        if !holdsOther(sa, ca) || !holdsOther(sb, cb) { return Level.missing }
        // members at both: a merge of the two sorted name lists
        var x = sa, y = sb, shared = 0
        let xe = sa + ca, ye = sb + cb
        while x < xe && y < ye && shared < 2 {
            let na = homeNames[x], nb = homeNames[y]
            if na < nb { x += 1; continue }
            if nb < na { y += 1; continue }
            // one member only when the name is rare enough and their dates of birth there do
            // not disagree
            let da = homeDob[x], db = homeDob[y]
            if fullNamePlaces[Int(na)] <= PreparedPersons.maxSharedNamePlaces && !(da != -1 && db != -1 && da != db) && !isSelf(x) {
                shared += 1
            }
            x += 1; y += 1
        }
        return shared >= 2 ? 1 : shared == 1 ? 2 : 3
    }

    /// The value id on which two records agree exactly for a term-frequency field, or -1.
    @inline(__always)
    func agreedValue(_ f: PersonField, _ i: Int) -> Int32 {
        switch f {
        case .givenName: return given[i]
        case .surname: return surname[i]
        case .dateOfBirth: return dobId[i]
        case .nino: return nino[i]
        case .nhsNumber: return nhs[i]
        case .idNumber: return idNumber[i]
        case .phone: return phone[i]
        case .email: return email[i]
        case .postcode: return postcode[i]
        case .locality: return locality[i]
        case .reference: return reference[i]
        case .property: return property[i]
        default: return -1
        }
    }

    /// Human-readable value of a field of record `i`, for explanations.
    func display(_ f: PersonField, _ i: Int) -> String {
        switch f {
        case .givenName: return given[i] >= 0 ? names.strings[Int(given[i])] : ""
        case .surname: return surname[i] >= 0 ? names.strings[Int(surname[i])] : ""
        case .dateOfBirth:
            if dobY[i] == 0 { return "" }
            return PartialDate(year: Int(dobY[i]), month: dobM[i] == 0 ? nil : Int(dobM[i]), day: dobD[i] == 0 ? nil : Int(dobD[i])).description
        case .sex: return sex[i] == 1 ? "F" : sex[i] == 2 ? "M" : ""
        case .title: return marital[i] == 1 ? "Miss" : marital[i] == 2 ? "Mrs" : ""
        case .owner: return property[i] >= 0 ? "yes" : ""
        case .nino: return nino[i] >= 0 ? ninoTable.strings[Int(nino[i])] : ""
        case .nhsNumber: return nhs[i] >= 0 ? nhsTable.strings[Int(nhs[i])] : ""
        case .idNumber: return idNumber[i] >= 0 ? idTable.strings[Int(idNumber[i])] : ""
        case .phone: return phone[i] >= 0 ? phoneTable.strings[Int(phone[i])] : ""
        case .email: return email[i] >= 0 ? emailTable.strings[Int(email[i])] : ""
        case .address:
            var parts: [String] = []
            for k in Int(numStart[i])..<Int(numStart[i]) + Int(numCount[i]) { parts.append(numTable.strings[Int(addrNums[k])]) }
            for k in Int(addrStart[i])..<Int(addrStart[i]) + Int(addrCount[i]) { parts.append(addrTable.strings[Int(addrToks[k])]) }
            if uprn[i] != 0 { parts.append("[UPRN \(UKIdentifiers.formatUPRN(uprn[i]))]") }
            return parts.joined(separator: " ")
        case .postcode: return postcode[i] >= 0 ? pcTable.strings[Int(postcode[i])] : ""
        case .locality: return locality[i] >= 0 ? placeTable.strings[Int(locality[i])] : ""
        case .reference: return reference[i] >= 0 ? refTable.strings[Int(reference[i])] : ""
        case .middleName: return mid1[i] >= 0 ? names.strings[Int(mid1[i])] : ""
        case .property: return property[i] >= 0 ? propertyTable.strings[Int(property[i])] : ""
        case .household:
            let k = homeKey[i]
            guard k >= 0 else { return "" }
            let s = Int(homeStart[Int(k)])
            return (s..<(s + Int(homeCount[Int(k)]))).map { id in
                let f = Int(homeNames[id])
                return names.strings[Int(fullNameGiven[f])] + " " + names.strings[Int(fullNameSurname[f])]
            }.joined(separator: ", ")
        case .source: return String(dataset[i])
        case .period:
            if perStart[i] == 0 { return "" }
            let a = CivilDate(dayNumber: perStart[i]), b = CivilDate(dayNumber: perEnd[i])
            return a == b ? a.description : "\(a)…\(b)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
