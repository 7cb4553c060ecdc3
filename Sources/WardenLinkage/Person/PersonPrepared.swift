#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interned strings of one kind, with their letters kept in one pool so string metrics run on
/// buffers without allocating.
struct ValueTable {
    private(set) var ids: [String: Int32] = [:]
    private(set) var scalars: [UInt32] = []
    private(set) var start: [Int32] = []
    private(set) var length: [Int32] = []
    private(set) var strings: [String] = []
    /// Per value: a bitmask of the letters it contains (a–z on bits 0–25, others hashed to 26–63),
    /// for a cheap upper bound on Jaro–Winkler.
    private(set) var masks: [UInt64] = []

    var count: Int { strings.count }

    /// False when two values cannot be within one edit: lengths two apart, or one side holding
    /// two letters the other lacks. (A necessary condition, so it never rejects a real pair.)
    @inline(__always)
    func mayBeWithinOneEdit(_ a: Int32, _ b: Int32) -> Bool {
        let la = Int(length[Int(a)]), lb = Int(length[Int(b)])
        if abs(la - lb) > 1 { return false }
        let ma = masks[Int(a)], mb = masks[Int(b)]
        return (ma & ~mb).nonzeroBitCount <= 1 && (mb & ~ma).nonzeroBitCount <= 1
    }

    /// An upper bound on the Jaro–Winkler similarity of two values: a letter of one that the
    /// other lacks can never be matched, so at most `len - missing` letters match.
    @inline(__always)
    func jaroWinklerBound(_ a: Int32, _ b: Int32) -> Double {
        let ma = masks[Int(a)], mb = masks[Int(b)]
        let la = Int(length[Int(a)]), lb = Int(length[Int(b)])
        let m = min(la - (ma & ~mb).nonzeroBitCount, lb - (mb & ~ma).nonzeroBitCount)
        if m <= 0 { return 0 }
        let j = (Double(m) / Double(la) + Double(m) / Double(lb) + 1) / 3
        return j + 0.4 * (1 - j)
    }

    mutating func intern(_ s: String) -> Int32 {
        if let id = ids[s] { return id }
        let id = Int32(strings.count)
        ids[s] = id
        strings.append(s)
        start.append(Int32(scalars.count))
        var n: Int32 = 0
        var mask: UInt64 = 0
        for u in s.unicodeScalars {
            scalars.append(u.value); n += 1
            let v = u.value
            mask |= (v >= 97 && v <= 122) ? (1 << UInt64(v - 97)) : (1 << UInt64(26 + (v &* 2_654_435_761) % 38))
        }
        length.append(n)
        masks.append(mask)
        return id
    }

    func lookup(_ s: String) -> Int32? { ids[s] }
}

/// A normalised view of one record, computed in parallel before interning.
struct NormalisedPerson: Sendable {
    var given: String? = nil
    var middle: [String] = []
    var surname: String? = nil          // tokens joined without spaces
    var surnameTokens: [String] = []
    var dobY: Int16 = 0, dobM: UInt8 = 0, dobD: UInt8 = 0
    var sex: UInt8 = 0
    var marital: UInt8 = 0
    var transliterated = false
    var nino: String? = nil, nhs: String? = nil, idNumber: String? = nil, phone: String? = nil, email: String? = nil
    var uprn: Int64 = 0
    var addressTokens: [String] = []
    var addressNumbers: [String] = []
    var postcode: String? = nil, sector: String? = nil, district: String? = nil
    var locality: String? = nil, reference: String? = nil, property: String? = nil, site = false
    var distinctGroup: String? = nil
    var futureDate = false
    var perStart: Int32 = 0, perEnd: Int32 = 0
    var bornBy: Int32 = 0
    var diedOn: Int32 = 0
}

/// The records after normalisation and integer encoding, in a struct-of-arrays layout so the
/// comparison loop touches only flat arrays of integers. Records are held in a canonical order
/// (by a content hash, then the caller's index) so that results never depend on input order.
final class PreparedPersons: @unchecked Sendable {
    let n: Int
    let callerIndex: [Int]
    let dataset: [Int32]
    /// Position of each canonical record in the caller's array.
    let inputPosition: [Int]
    let contentKey: [UInt64]

    var names = ValueTable()
    var nameSoundex: [Int32] = []      // per name id: id of its Soundex key in `soundexTable`
    var soundexTable = ValueTable()
    var nickStart: [Int32] = [], nickCount: [UInt8] = [], nickGroups: [Int32] = []

    var given: [Int32], mid1: [Int32], mid2: [Int32]
    var surname: [Int32], sur1: [Int32], sur2: [Int32]
    var dobY: [Int16], dobM: [UInt8], dobD: [UInt8], dobId: [Int32]
    var sex: [UInt8]
    /// Per record: 1 for a title Miss, 2 for Mrs, 0 for any other or none.
    var marital: [UInt8]
    /// Per record: its name was written in another script and is compared in Latin letters.
    var transliterated: [Bool]
    var nino: [Int32], nhs: [Int32], idNumber: [Int32], phone: [Int32], email: [Int32]
    var ninoTable = ValueTable(), nhsTable = ValueTable(), idTable = ValueTable(), phoneTable = ValueTable(), emailTable = ValueTable()
    var dobTable: [Int32: Int32] = [:]
    var dobCountArr: [Int32] = []
    var uprn: [Int64]
    var addrStart: [Int32], addrCount: [UInt8], addrToks: [Int32] = []
    var numStart: [Int32], numCount: [UInt8], addrNums: [Int32] = []
    var addrTable = ValueTable(), numTable = ValueTable()
    var addrWeight: [Float] = []            // per address token id: IDF weight
    var addrTotal: [Float]                  // per record: sum of its token weights
    var postcode: [Int32], sector: [Int32], district: [Int32]
    var pcTable = ValueTable()
    var locality: [Int32]
    /// A reference shared across sources (an account number), interned.
    var reference: [Int32]
    var refTable = ValueTable()
    /// Per record with a reference: how many different people its own source lists under that
    /// reference (the parties of one account: records of a source whose rows are different
    /// people), or 1 for a source whose rows may repeat one person (summonses, events).
    var referencePeople: [UInt8] = []
    /// A property the person owns or lets but does not live at, interned.
    var property: [Int32]
    /// Per record: its property is the site of a complaint, near the complainant's home.
    var site: [Bool]
    var propertyTable = ValueTable()
    var placeTable = ValueTable()
    var distinctGroup: [Int32]
    /// Today as a day number: a residence period ending today is still open.
    let todayDay: Int32
    /// Residence period per record as day numbers (0: none); an open end is today.
    var perStart: [Int32], perEnd: [Int32]
    /// Latest possible date of birth (day number, 0: none) and earliest possible one of the
    /// record's own date of birth (0: none), for the child/adult check.
    var bornBy: [Int32], dobEarliest: [Int32]
    /// Day of death (day number, 0: none).
    var diedOn: [Int32]
    var futureDates: [Int] = []             // caller indices of records whose date of birth was in the future
    var repairedWildcards = 0               // names with '?' resolved to a name other records spell in full

    /// Per record: the id of its full name (given name and surname, the given name more than
    /// an initial), or -1. Per full-name id: its names, and at how many distinct postcodes it is
    /// held (a record without a postcode counts as a place of its own).
    var fullName: [Int32] = []
    var fullNameGiven: [Int32] = [], fullNameSurname: [Int32] = []
    var fullNamePlaces: [Int32] = []
    var fullNamePlacesTotal = 0

    /// Per record: its home (a UPRN, else its written address and postcode) as an index into
    /// the home tables, or -1. Per home: the full-name ids of the records there, sorted and
    /// each once (`homeStart`, `homeCount`; a count of 0 when more than `maxHomeNames`), with
    /// each name's first letter, for the household comparison.
    var homeKey: [Int32] = []
    var homeStart: [Int32] = [], homeCount: [UInt8] = []
    var homeNames: [Int32] = [], homeInitial: [UInt32] = [], homeGiven: [Int32] = []
    /// Per home name: the date of birth its records there agree on (-1: none held, -2: they
    /// disagree), so a Tomasz born in 2012 and one born in 2022 are not one shared member.
    var homeDob: [Int32] = []
    /// A name held at more places than this is common enough for two families to share it
    /// by chance (Rahima Begum, Mohammed Ali): it corroborates nothing.
    static let maxSharedNamePlaces: Int32 = 3
    /// More names than this at one home say nothing about who lives with whom.
    static let maxHomeNames = 40

    /// Per field, how many non-missing records hold each value id (term frequencies).
    var tf: [PersonField: [Int32]] = [:]
    var nonNull: [PersonField: Int] = [:]
    /// Per dataset: non-missing counts, for link-mode u-probabilities.
    var nonNullByDataset: [PersonField: [Int]] = [:]

    init(_ records: [PersonRecord], today: CivilDate) {
        todayDay = today.dayNumber
        // 1. Normalise in parallel.
        let count = records.count
        var normalised = [NormalisedPerson](repeating: NormalisedPerson(), count: count)
        var keys = [UInt64](repeating: 0, count: count)
        var places = [UInt64](repeating: 0, count: count)
        normalised.withUnsafeMutableBufferPointer { nb in
            keys.withUnsafeMutableBufferPointer { kb in
                places.withUnsafeMutableBufferPointer { pb in
                    let nbp = UnsafeSendable(nb), kbp = UnsafeSendable(kb), pbp = UnsafeSendable(pb)
                    Parallel.forChunks(count: count, minChunk: 2048) { range in
                        for i in range {
                            let p = PreparedPersons.normalise(records[i], today: today)
                            nbp.value[i] = p
                            kbp.value[i] = PreparedPersons.contentHash(records[i])
                            var h: UInt64 = 0xcbf2_9ce4_8422_2325
                            for b in (p.postcode ?? "").utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                            pbp.value[i] = h
                        }
                    }
                }
            }
        }
        // 2. Canonical order: by postcode (so the records of one household, which are compared
        // most, sit together in memory), then by content, then by the caller's index. It
        // depends only on the records, never on the order they were passed in.
        var order = Array(0..<count)
        order.sort { a, b in
            if places[a] != places[b] { return places[a] < places[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return records[a].index < records[b].index
        }
        n = count
        inputPosition = order
        callerIndex = order.map { records[$0].index }
        dataset = order.map { Int32(truncatingIfNeeded: records[$0].dataset) }
        contentKey = order.map { keys[$0] }

        given = .init(repeating: -1, count: n); mid1 = given; mid2 = given
        surname = given; sur1 = given; sur2 = given
        dobY = .init(repeating: 0, count: n); dobM = .init(repeating: 0, count: n); dobD = dobM; dobId = given
        sex = dobM; marital = dobM; transliterated = .init(repeating: false, count: n); site = transliterated
        nino = given; nhs = given; idNumber = given; phone = given; email = given
        uprn = .init(repeating: 0, count: n)
        addrStart = .init(repeating: 0, count: n); addrCount = dobM; numStart = addrStart; numCount = dobM
        addrTotal = .init(repeating: 0, count: n)
        postcode = given; sector = given; district = given
        locality = given; reference = given; property = given; distinctGroup = given
        perStart = .init(repeating: 0, count: n); perEnd = perStart; bornBy = perStart; dobEarliest = perStart; diedOn = perStart

        // 3. Intern in canonical order (ids are therefore independent of input order).
        var groupTable = ValueTable()
        for c in 0..<n {
            let p = normalised[order[c]]
            if p.futureDate { futureDates.append(callerIndex[c]) }
            if let g = p.given { given[c] = internName(g) }
            if p.middle.count > 0 { mid1[c] = internName(p.middle[0]) }
            if p.middle.count > 1 { mid2[c] = internName(p.middle[1]) }
            if let s = p.surname { surname[c] = internName(s) }
            if p.surnameTokens.count > 1 {
                sur1[c] = internName(p.surnameTokens[0]); sur2[c] = internName(p.surnameTokens[p.surnameTokens.count - 1])
            }
            dobY[c] = p.dobY; dobM[c] = p.dobM; dobD[c] = p.dobD
            if p.dobY != 0 && p.dobM != 0 && p.dobD != 0 {
                let key = Int32(p.dobY) * 10000 + Int32(p.dobM) * 100 + Int32(p.dobD)
                if let id = dobTable[key] { dobId[c] = id } else {
                    let id = Int32(dobTable.count); dobTable[key] = id; dobId[c] = id
                }
            }
            sex[c] = p.sex; marital[c] = p.marital; transliterated[c] = p.transliterated
            if let v = p.nino { nino[c] = ninoTable.intern(v) }
            if let v = p.nhs { nhs[c] = nhsTable.intern(v) }
            if let v = p.idNumber { idNumber[c] = idTable.intern(v) }
            if let v = p.phone { phone[c] = phoneTable.intern(v) }
            if let v = p.email { email[c] = emailTable.intern(v) }
            uprn[c] = p.uprn
            addrStart[c] = Int32(addrToks.count)
            var seen = 0
            for t in p.addressTokens.prefix(24) {
                let id = addrTable.intern(t)
                // keep each token once per record
                var dup = false
                for k in Int(addrStart[c])..<addrToks.count where addrToks[k] == id { dup = true; break }
                if !dup { addrToks.append(id); seen += 1 }
            }
            addrCount[c] = UInt8(seen)
            numStart[c] = Int32(addrNums.count)
            // numbers in text order, each once (the last is the building's number)
            var nums: [String] = []
            for t in p.addressNumbers.prefix(8) where !nums.contains(t) { nums.append(t) }
            for t in nums { addrNums.append(numTable.intern(t)) }
            numCount[c] = UInt8(nums.count)
            if let v = p.postcode { postcode[c] = pcTable.intern(v) }
            if let v = p.sector { sector[c] = pcTable.intern(v) }
            if let v = p.district { district[c] = pcTable.intern(v) }
            if let v = p.locality { locality[c] = placeTable.intern(v) }
            if let v = p.reference { reference[c] = refTable.intern(v) }
            if let v = p.property { property[c] = propertyTable.intern(v); site[c] = p.site }
            if let v = p.distinctGroup { distinctGroup[c] = groupTable.intern(v) }
            perStart[c] = p.perStart; perEnd[c] = p.perEnd; bornBy[c] = p.bornBy; diedOn[c] = p.diedOn
            if p.dobY != 0, let d = CivilDate(year: Int(p.dobY), month: p.dobM == 0 ? 1 : Int(p.dobM), day: p.dobD == 0 ? 1 : Int(p.dobD)) {
                dobEarliest[c] = d.dayNumber == 0 ? 1 : d.dayNumber
            }
        }
        normalised = []

        // 3b. A '?' in a name is a letter a Windows-1252 export could not write ("NGUY?N"):
        // resolve it against the names the other records spell in full.
        repairWildcardNames()

        // 4. Per-name derived keys: Soundex and nickname groups.
        for id in 0..<names.count {
            let s = names.strings[id]
            nameSoundex.append(soundexTable.intern(Phonetic.soundex(s)))
            let g = Nicknames.groups(of: s)
            nickStart.append(Int32(nickGroups.count)); nickCount.append(UInt8(min(g.count, 255)))
            nickGroups.append(contentsOf: g)
        }
        dobCountArr = .init(repeating: 0, count: dobTable.count)

        // 5. Term frequencies and address token weights.
        func counts(_ col: [Int32], _ size: Int, _ f: PersonField) {
            var c = [Int32](repeating: 0, count: max(size, 1))
            var nn = 0
            var byDs = [0, 0]
            for i in 0..<n where col[i] >= 0 {
                c[Int(col[i])] += 1; nn += 1
                byDs[dataset[i] == 0 ? 0 : 1] += 1
            }
            tf[f] = c; nonNull[f] = nn; nonNullByDataset[f] = byDs
        }
        // full names (given name + surname) and the places they are held at
        var pairIds: [UInt64: Int32] = [:]
        var seenPlaces = Set<UInt64>()
        fullName = .init(repeating: -1, count: n)
        for i in 0..<n where given[i] >= 0 && surname[i] >= 0 && nameLength(given[i]) >= 2 {
            let key = UInt64(UInt32(bitPattern: given[i])) << 32 | UInt64(UInt32(bitPattern: surname[i]))
            let id: Int32
            if let x = pairIds[key] { id = x } else {
                id = Int32(pairIds.count); pairIds[key] = id
                fullNameGiven.append(given[i]); fullNameSurname.append(surname[i]); fullNamePlaces.append(0)
            }
            fullName[i] = id
            // a landlord's let property is not a place the name is held at: one owner of ten
            // flats is one holder, not ten
            if property[i] >= 0 && addrCount[i] == 0 && numCount[i] == 0 && uprn[i] == 0 { continue }
            let place = postcode[i] >= 0 ? UInt64(UInt32(postcode[i])) : UInt64(1) << 40 | UInt64(i)
            if seenPlaces.insert(UInt64(UInt32(id)) << 41 | place).inserted {
                fullNamePlaces[Int(id)] += 1
                fullNamePlacesTotal += 1
            }
        }
        buildHomes()
        buildReferencePeople()
        nonNull[.household] = homeKey.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        counts(given, names.count, .givenName)
        counts(surname, names.count, .surname)
        counts(dobId, dobTable.count, .dateOfBirth)
        counts(nino, ninoTable.count, .nino)
        counts(nhs, nhsTable.count, .nhsNumber)
        counts(idNumber, idTable.count, .idNumber)
        counts(phone, phoneTable.count, .phone)
        counts(email, emailTable.count, .email)
        counts(postcode, pcTable.count, .postcode)
        counts(locality, placeTable.count, .locality)
        // without its count the shared reference was never active: a summons never met its account
        counts(reference, refTable.count, .reference)
        counts(property, propertyTable.count, .property)
        nonNull[.owner] = nonNull[.property]; nonNullByDataset[.owner] = nonNullByDataset[.property]
        // year-only dates count as present for the date comparison
        var dobNN = 0, dobDs = [0, 0]
        for i in 0..<n where dobY[i] != 0 { dobNN += 1; dobDs[dataset[i] == 0 ? 0 : 1] += 1 }
        nonNull[.dateOfBirth] = dobNN; nonNullByDataset[.dateOfBirth] = dobDs
        var sexNN = 0, sexDs = [0, 0]
        for i in 0..<n where sex[i] != 0 { sexNN += 1; sexDs[dataset[i] == 0 ? 0 : 1] += 1 }
        nonNull[.sex] = sexNN; nonNullByDataset[.sex] = sexDs
        var titleNN = 0, titleDs = [0, 0]
        for i in 0..<n where marital[i] != 0 { titleNN += 1; titleDs[dataset[i] == 0 ? 0 : 1] += 1 }
        nonNull[.title] = titleNN; nonNullByDataset[.title] = titleDs
        var addrNN = 0, addrDs = [0, 0]
        var df = [Int32](repeating: 0, count: addrTable.count)
        for i in 0..<n where addrCount[i] > 0 || numCount[i] > 0 || uprn[i] != 0 {
            addrNN += 1; addrDs[dataset[i] == 0 ? 0 : 1] += 1
            for k in Int(addrStart[i])..<Int(addrStart[i]) + Int(addrCount[i]) { df[Int(addrToks[k])] += 1 }
        }
        nonNull[.address] = addrNN; nonNullByDataset[.address] = addrDs
        let nAddr = Double(max(addrNN, 1))
        // IDF weights, capped so one misspelt (hence unique) word cannot swamp the rest
        let cap = max(2.0, log2(nAddr) * 0.6)
        addrWeight = df.map { Float(min(cap, max(0.25, log2((nAddr + 1) / (Double($0) + 0.5))))) }
        for i in 0..<n {
            var t: Float = 0
            for k in Int(addrStart[i])..<Int(addrStart[i]) + Int(addrCount[i]) { t += addrWeight[Int(addrToks[k])] }
            addrTotal[i] = t
        }
    }

    private func internName(_ s: String) -> Int32 { names.intern(s) }

    /// The household tables: which full names are known at each home.
    private func buildHomes() {
        homeKey = .init(repeating: -1, count: n)
        // each record's home key, then records grouped by sorting (no per-home arrays: at a
        // million records those cost more than the tables themselves)
        var keyed: [(key: UInt64, record: Int32)] = []
        keyed.reserveCapacity(n)
        var toks: [Int32] = []
        for i in 0..<n {
            var key: UInt64
            if uprn[i] != 0 {
                key = UInt64(bitPattern: uprn[i]) & 0x7FFF_FFFF_FFFF_FFFF
            } else if addrCount[i] > 0 || numCount[i] > 0 {
                // the written address: its words (in any order), numbers and postcode
                toks.removeAll(keepingCapacity: true)
                toks.append(contentsOf: addrToks[Int(addrStart[i])..<Int(addrStart[i]) + Int(addrCount[i])])
                toks.sort()
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                func mix(_ v: Int32) { h = (h ^ UInt64(UInt32(bitPattern: v))) &* 0x0000_0100_0000_01B3 }
                for t in toks { mix(t) }
                mix(-1)
                for k in Int(numStart[i])..<Int(numStart[i]) + Int(numCount[i]) { mix(addrNums[k]) }
                mix(-2); mix(postcode[i])
                key = h | 0x8000_0000_0000_0000
            } else { continue }
            keyed.append((key, Int32(i)))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }
        var members: [(name: Int32, dob: Int32)] = []
        var id: Int32 = 0
        var k = 0
        while k < keyed.count {
            var e = k
            members.removeAll(keepingCapacity: true)
            while e < keyed.count && keyed[e].key == keyed[k].key {
                let i = Int(keyed[e].record)
                homeKey[i] = id
                if fullName[i] >= 0 { members.append((fullName[i], dobId[i])) }
                e += 1
            }
            members.sort { $0.name != $1.name ? $0.name < $1.name : $0.dob < $1.dob }
            // each name once, with the date of birth its records there agree on
            var unique = 0
            for x in 0..<members.count {
                let v = members[x]
                if unique > 0, members[unique - 1].name == v.name {
                    let last = members[unique - 1].dob
                    if v.dob >= 0 && last != v.dob { members[unique - 1].dob = last == -1 ? v.dob : -2 }
                } else { members[unique] = v; unique += 1 }
            }
            homeStart.append(Int32(homeNames.count))
            if unique > PreparedPersons.maxHomeNames {
                homeCount.append(0)
            } else {
                homeCount.append(UInt8(unique))
                for v in members.prefix(unique) {
                    let given = fullNameGiven[Int(v.name)]
                    homeNames.append(v.name)
                    homeDob.append(v.dob)
                    homeInitial.append(names.scalars[Int(names.start[Int(given)])])
                    homeGiven.append(given)
                }
            }
            id += 1
            k = e
        }
    }

    /// Replaces each name holding '?' wildcards (one or two) by the name, of the same length
    /// and equal in every other letter, that the records hold most often — when that name is at
    /// least twice as frequent as the next candidate. Unresolved names stay as they are (a '?'
    /// then counts as one differing letter).
    private func repairWildcardNames() {
        let q = UInt32(0x3F)
        var wild: [Int32] = []
        for id in 0..<names.count where names.strings[id].unicodeScalars.contains("?") { wild.append(Int32(id)) }
        if wild.isEmpty { return }
        var freq = [Int](repeating: 0, count: names.count)
        for col in [given, mid1, mid2, surname, sur1, sur2] { for v in col where v >= 0 { freq[Int(v)] += 1 } }
        var patterns: [String: Int32] = [:]
        var lengths = Set<Int>(), twoWild = Set<Int>()
        for id in wild {
            let s = names.strings[Int(id)]
            let w = s.unicodeScalars.filter { $0 == "?" }.count
            guard w <= 2, s.unicodeScalars.count > w else { continue }
            patterns[s] = id
            lengths.insert(s.unicodeScalars.count)
            if w == 2 { twoWild.insert(s.unicodeScalars.count) }
        }
        var best: [Int32: (id: Int32, freq: Int, second: Int)] = [:]
        func offer(_ key: [UInt32], _ cand: Int) {
            var u = String.UnicodeScalarView()
            for v in key { if let x = Unicode.Scalar(v) { u.append(x) } }
            guard let w = patterns[String(u)] else { return }
            let f = freq[cand]
            if var b = best[w] {
                if b.id == Int32(cand) { return }
                if f > b.freq || (f == b.freq && Int32(cand) < b.id) { b = (Int32(cand), f, b.freq) } else { b.second = max(b.second, f) }
                best[w] = b
            } else { best[w] = (Int32(cand), f, 0) }
        }
        for id in 0..<names.count where freq[id] > 0 {
            let st = Int(names.start[id]), len = Int(names.length[id])
            guard lengths.contains(len) else { continue }
            var key = Array(names.scalars[st..<(st + len)])
            if key.contains(q) { continue }
            for p in 0..<len {
                let keep = key[p]; key[p] = q
                offer(key, id)
                if twoWild.contains(len) {
                    for p2 in (p + 1)..<len { let k2 = key[p2]; key[p2] = q; offer(key, id); key[p2] = k2 }
                }
                key[p] = keep
            }
        }
        var map: [Int32: Int32] = [:]
        for (w, b) in best where b.freq >= 2 * b.second { map[w] = b.id }
        if map.isEmpty { return }
        func remap(_ col: inout [Int32]) { for k in col.indices where col[k] >= 0 { if let r = map[col[k]] { col[k] = r } } }
        remap(&given); remap(&mid1); remap(&mid2); remap(&surname); remap(&sur1); remap(&sur2)
        repairedWildcards = map.count
    }

    // MARK: normalisation of one record

    static let addressAbbreviations: [String: String] = [
        "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "ln": "lane",
        "cres": "crescent", "cresc": "crescent", "cr": "crescent", "ct": "court", "crt": "court",
        "pl": "place", "sq": "square", "dr": "drive", "drv": "drive", "gdns": "gardens", "gdn": "gardens",
        "gr": "grove", "gro": "grove", "cl": "close", "tce": "terrace", "terr": "terrace", "ter": "terrace",
        "hse": "house", "ho": "house", "pde": "parade", "hwy": "highway", "cct": "circuit", "cir": "circuit",
        "blvd": "boulevard", "mt": "mount", "pk": "park", "wlk": "walk", "est": "estate", "flt": "flat",
        "apt": "apartment", "bldg": "building", "bldgs": "buildings", "nth": "north", "sth": "south",
        "rd.": "road", "mews": "mews", "mws": "mews", "ctr": "centre", "cntr": "centre", "center": "centre",
    ]

    static let addressNumberWords: Set<String> = ["flat", "apartment", "unit", "room", "floor", "no", "number", "suite", "maisonette"]

    static func normalise(_ r: PersonRecord, today: CivilDate) -> NormalisedPerson {
        var r = r
        var p = NormalisedPerson()
        // names
        // a name in another script is compared in Latin letters
        func latin(_ s: String?) -> String? {
            guard let s, Transliteration.needsLatin(s) else { return s }
            p.transliterated = true
            return Transliteration.latin(s)
        }
        // "Anonymous", "The Occupier", "Not known": no name at all, never a name to match on
        let written = [r.givenName, r.middleNames, r.surname].compactMap { $0 }.joined(separator: " ")
        if NameParsing.isPlaceholder(written.isEmpty ? (r.fullName ?? "") : written) { r.givenName = nil; r.middleNames = nil; r.surname = nil; r.fullName = nil }
        var givenToks = latin(r.givenName).map(NameParsing.cleanTokens) ?? []
        var middleToks = latin(r.middleNames).map(NameParsing.cleanTokens) ?? []
        var surToks = latin(r.surname).map(NameParsing.cleanTokens) ?? []
        if givenToks.isEmpty && surToks.isEmpty, let full = latin(r.fullName) {
            let s = NameParsing.split(fullName: full)
            givenToks = s.given; middleToks = s.middle; surToks = s.surname
        }
        if let first = givenToks.first, NameParsing.onBehalfOpeners.contains(first) {
            // "EXECUTORS" / "OF THE LATE MR ROBERT" / "NEWSTEAD", split by a source's own name
            // format: the person is the one named after the opening words
            let all = NameParsing.cleanTokens((givenToks + middleToks).joined(separator: " "))
            if !all.isEmpty && !NameParsing.onBehalfOpeners.contains(all[0]) { givenToks = [all[0]]; middleToks = Array(all.dropFirst()) }
        }
        if givenToks.count > 1 {
            middleToks = Array(givenToks.dropFirst()) + middleToks
            givenToks = [givenToks[0]]
        }
        p.given = givenToks.first
        p.middle = middleToks
        if !surToks.isEmpty {
            p.surname = surToks.joined()
            p.surnameTokens = surToks
        }
        // date of birth: a date in the future or before 1880 is not a date of birth
        if let d = r.dateOfBirth, let y = d.year {
            let t = today.components
            var future = y > t.year
            if y == t.year, let m = d.month {
                if m > t.month { future = true }
                else if m == t.month, let dd = d.day, dd > t.day { future = true }
            }
            if future { p.futureDate = true }
            else if y >= 1880 {
                p.dobY = Int16(y); p.dobM = UInt8(d.month ?? 0); p.dobD = UInt8(d.day ?? 0)
            }
        }
        // a title says the sex where no sex is recorded, and Miss or Mrs a woman's marriage
        p.sex = r.sex?.rawValue ?? 0
        if let key = (r.title ?? r.fullName.flatMap { TextFolding.tokens($0).first }).map(NameParsing.titleKey) {
            if p.sex == 0 { p.sex = PersonSex(titleKey: key)?.rawValue ?? 0 }
            p.marital = key == "miss" ? 1 : key == "mrs" ? 2 : 0
        }
        if let v = r.nino { p.nino = UKIdentifiers.normaliseNINO(v).map { String($0.prefix(8)) } }
        if let v = r.nhsNumber, case .success(let s) = UKIdentifiers.normaliseNHS(v) { p.nhs = s }
        if let v = r.idNumber { let t = TextFolding.tokens(v).joined(); if !t.isEmpty { p.idNumber = t } }
        if let v = r.phone {
            var digits: [UInt8] = []
            for u in v.utf8 where u >= 48 && u <= 57 { digits.append(u) }
            if digits.count >= 2 && digits[0] == 52 && digits[1] == 52 { digits.removeFirst(2) }  // +44
            if digits.first == 48 { digits.removeFirst() }
            if digits.count >= 6 { p.phone = String(decoding: digits, as: UTF8.self) }
        }
        if let v = r.email {
            let t = v.lowercased().filter { !$0.isWhitespace }
            if t.contains("@") && t.count >= 5 { p.email = t }
        }
        if let u = r.uprn, u > 0 { p.uprn = u }
        // postcode: UK shapes give sector and district; other postcodes are kept as folded text
        var pcRaw = r.postcode
        var addrTokens: [String] = []
        if let a = r.address { addrTokens = TextFolding.tokens(a) }
        // a postcode inside the address text is taken out (and used if none was given)
        if addrTokens.count >= 1 {
            var i = 0
            var kept: [String] = []
            while i < addrTokens.count {
                if i + 1 < addrTokens.count, addrTokens[i].count <= 4, addrTokens[i + 1].count == 3,
                   let pc = UKIdentifiers.normalisePostcode(addrTokens[i] + addrTokens[i + 1]) {
                    if pcRaw == nil { pcRaw = pc }
                    i += 2; continue
                }
                if addrTokens[i].count >= 5 && addrTokens[i].count <= 7, let pc = UKIdentifiers.normalisePostcode(addrTokens[i]),
                   addrTokens[i].unicodeScalars.contains(where: { $0.value >= 97 }) {
                    if pcRaw == nil { pcRaw = pc }
                    i += 1; continue
                }
                kept.append(addrTokens[i]); i += 1
            }
            addrTokens = kept
        }
        if let raw = pcRaw {
            if let uk = UKIdentifiers.normalisePostcode(raw) {
                p.postcode = uk
                p.sector = "s:" + UKIdentifiers.postcodeSector(uk)
                p.district = "d:" + UKIdentifiers.outwardCode(uk)
            } else {
                let t = TextFolding.tokens(raw).joined()
                if !t.isEmpty {
                    p.postcode = t
                    if t.count >= 3 { p.district = "p:" + String(t.prefix(t.count - 1)) }
                }
            }
        }
        if let sn = r.streetNumber { addrTokens = addrTokens + TextFolding.tokens(sn) }
        for t in addrTokens {
            if t.unicodeScalars.contains(where: { $0.value >= 48 && $0.value <= 57 }) {
                p.addressNumbers.append(t)
            } else {
                let w = addressAbbreviations[t] ?? t
                // words that only introduce a number ("Flat 2") carry no information of their own
                if !addressNumberWords.contains(w) { p.addressTokens.append(w) }
            }
        }
        if let v = r.locality { let t = TextFolding.tokens(v).joined(separator: " "); if !t.isEmpty { p.locality = t } }
        // the town stands in for a locality a record lacks (one place comparison)
        if p.locality == nil, let v = r.town { let t = TextFolding.tokens(v).joined(separator: " "); if !t.isEmpty { p.locality = t } }
        if let v = r.reference { let t = TextFolding.tokens(v).joined(); if !t.isEmpty { p.reference = t } }
        if let v = r.property { let t = TextFolding.tokens(v).joined(); if !t.isEmpty { p.property = t; p.site = r.propertyIsSite } }
        p.distinctGroup = r.distinctGroup.flatMap { $0.isEmpty ? nil : "\(r.dataset):" + $0 }
        if let b = r.bornBy { p.bornBy = b.dayNumber == 0 ? 1 : b.dayNumber }
        if let d = r.diedOn { p.diedOn = d.dayNumber == 0 ? 1 : d.dayNumber }
        if let s = r.periodStart, s <= today {
            // day 0 is 1970-01-01: shift by one so 0 can mean "none"
            let e = min(max(r.periodEnd ?? today, s), today)
            p.perStart = s.dayNumber == 0 ? 1 : s.dayNumber
            p.perEnd = max(p.perStart, e.dayNumber)
        }
        return p
    }

    /// A hash of a record's content, stable across processes (FNV-1a): the canonical order.
    static func contentHash(_ r: PersonRecord) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ s: String?) {
            if let s { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
            h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        mix(r.givenName); mix(r.middleNames); mix(r.surname); mix(r.fullName)
        mix(r.dateOfBirth?.description); mix(r.sex.map { String($0.rawValue) }); mix(r.nino); mix(r.nhsNumber)
        mix(r.phone); mix(r.email); mix(r.uprn.map(String.init)); mix(r.address); mix(r.streetNumber)
        mix(r.locality); mix(r.town); mix(r.postcode); mix(r.idNumber); mix(String(r.dataset)); mix(r.reference); mix(r.property)
        mix(r.periodStart?.description); mix(r.periodEnd?.description); mix(r.bornBy?.description); mix(r.diedOn?.description)
        if let t = r.title { mix(t) }
        return h
    }

    /// Today's date from the system clock.
    static func systemToday() -> CivilDate {
        CivilDate(dayNumber: Int32(time(nil) / 86400))
    }
}

/// A wrapper that lets a buffer pointer cross into `concurrentPerform` closures; each worker
/// writes only its own disjoint range.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}

extension PreparedPersons {
    /// Counts, for every record of a source whose rows are different people, the records of
    /// its source holding its reference.
    func buildReferencePeople() {
        referencePeople = [UInt8](repeating: 1, count: n)
        let listed = (0..<n).filter { reference[$0] >= 0 && distinctGroup[$0] >= 0 }
        func key(_ i: Int) -> UInt64 { UInt64(UInt32(bitPattern: dataset[i])) << 32 | UInt64(UInt32(reference[i])) }
        var count: [UInt64: Int] = [:]
        for i in listed { count[key(i), default: 0] += 1 }
        for i in listed { referencePeople[i] = UInt8(min(count[key(i)]!, 255)) }
    }

    /// The prior log2 odds that two records of different sources under one reference are one
    /// person: one of the k people the account lists, so 1/k (at most 0.95: a summons may name
    /// a former party).
    @inline(__always)
    func referencePriorLog2Odds(_ i: Int, _ j: Int) -> Float {
        let k = Float(max(referencePeople[i], referencePeople[j]))
        let p = min(0.95, 1 / k)
        return log2(p / (1 - p))
    }
}
