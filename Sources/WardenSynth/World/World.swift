import WardenLinkage

/// Tenure of a dwelling.
enum Tenure: UInt8 {
    case none = 0, owner, privateRented, social

    var truthName: String {
        switch self {
        case .none: return ""
        case .owner: return "owner_occupied"
        case .privateRented: return "private_rented"
        case .social: return "social_rented"
        }
    }
}

/// What a gazetteer entry is.
enum PropKind: UInt8 {
    /// A house (RD02/RD03/RD04).
    case house
    /// The shell of a building split into units (converted house, shop with flat over): PP.
    case shell
    /// A flat in a converted house (RD06).
    case convertedFlat
    /// A purpose-built block's shell (PP).
    case block
    /// A flat in a purpose-built block (RD06).
    case blockFlat
    /// Shop, cafe, pub or office.
    case shop
    /// A flat above a shop (RD06).
    case shopFlat
    /// Park or open space (LP02).
    case park

    var isDwelling: Bool { self == .house || self == .convertedFlat || self == .blockFlat || self == .shopFlat }
}

/// How the secondary addressable object (the flat or unit) is written in the gazetteer.
enum SAOStyle: UInt8 {
    case none = 0
    case flatLetter      // Flat A
    case flatNumber      // Flat 1
    case floor           // Ground Floor Flat / First Floor Flat / Top Floor Flat
    case groundShop      // Ground Floor Shop
    case basement        // Basement Flat
}

struct Ward {
    var code: String
    var name: String
    var x0: Int, y0: Int, x1: Int, y1: Int   // decimetres
    var deprivation: Double
    var outer: Double
    var selective: Bool
}

struct Street {
    var usrn: Int32
    var name: String
    var abbreviated: String
    var ward: UInt8
    var locality: String
    var x0: Int32, y0: Int32, x1: Int32, y1: Int32
    var kind: UInt8          // 0 residential, 1 high street, 2 estate
    var firstProperty: Int32
    var propertyCount: Int32
}

struct Property {
    var uprn: Int64
    var parent: Int32 = -1
    var street: Int32
    var kind: PropKind
    var cls: UInt8 = 0
    var number: Int16 = 0
    var suffix: UInt8 = 0
    var saoStyle: SAOStyle = .none
    var saoValue: UInt8 = 0
    var building: Int32 = -1
    var postcode: Int32 = 0
    var e: Int32 = 0, n: Int32 = 0
    var ward: UInt8
    var tenure: Tenure = .none
    var bedrooms: UInt8 = 0
    var band: UInt8 = 0
    var isHMO = false
    var hmoLicensed = false
    var selectiveLicensed = false
    var quietHMO = false
    var councilBlock = false
    var hmoFrom: Int32 = 0
    var landlord: Int32 = -1
    /// Businesses: index into World.businesses.
    var business: Int32 = -1
    var rateableValue: Int32 = 0
}

/// Classification codes (AddressBase style).
enum ClassCode {
    static let codes = ["RD04", "RD03", "RD02", "RD06", "PP", "CR08", "CR07", "CR06", "CO01", "LP02", "RH03", "CS02"]
    static let terraced: UInt8 = 0, semi: UInt8 = 1, detached: UInt8 = 2, flat: UInt8 = 3, shell: UInt8 = 4
    static let shop: UInt8 = 5, cafe: UInt8 = 6, pub: UInt8 = 7, office: UInt8 = 8, park: UInt8 = 9, hmo: UInt8 = 10
    static let store: UInt8 = 11
}

/// Person tags recorded in truth.
struct PersonTags: OptionSet {
    let rawValue: UInt32
    static let twin = PersonTags(rawValue: 1 << 0)
    static let fatherSon = PersonTags(rawValue: 1 << 1)
    static let marriedNameChange = PersonTags(rawValue: 1 << 2)
    static let doubleBarrelled = PersonTags(rawValue: 1 << 3)
    static let landlord = PersonTags(rawValue: 1 << 4)
    static let external = PersonTags(rawValue: 1 << 5)
    static let movedWithinBorough = PersonTags(rawValue: 1 << 6)
    static let commonName = PersonTags(rawValue: 1 << 7)
    static let nativeScript = PersonTags(rawValue: 1 << 8)
    static let hmoTenant = PersonTags(rawValue: 1 << 9)
    static let ratepayer = PersonTags(rawValue: 1 << 10)

    static let names: [(PersonTags, String)] = [
        (.twin, "twin"), (.fatherSon, "father_son"), (.marriedNameChange, "married_name_change"),
        (.doubleBarrelled, "double_barrelled"), (.landlord, "landlord"), (.external, "outside_borough"),
        (.movedWithinBorough, "moved_within_borough"), (.commonName, "common_name"), (.nativeScript, "native_script_name"),
        (.hmoTenant, "hmo_tenant"), (.ratepayer, "ratepayer"),
    ]
}

struct PersonFlags: OptionSet {
    let rawValue: UInt32
    static let hasNINO = PersonFlags(rawValue: 1 << 0)
    static let hasMobile = PersonFlags(rawValue: 1 << 1)
    static let hasEmail = PersonFlags(rawValue: 1 << 2)
    static let doctor = PersonFlags(rawValue: 1 << 3)
    static let married = PersonFlags(rawValue: 1 << 4)
    static let registered = PersonFlags(rawValue: 1 << 5)
    static let mustRegister = PersonFlags(rawValue: 1 << 6)
    static let lowIncome = PersonFlags(rawValue: 1 << 7)
    static let disabled = PersonFlags(rawValue: 1 << 8)
    static let born = PersonFlags(rawValue: 1 << 9)
}

struct Person {
    var culture: UInt8
    var sex: UInt8            // 1 male, 2 female
    var given: Int32
    var middle: Int32 = -1
    var surname: Int32
    var birthSurname: Int32 = -1
    var dob: Int32
    var dod: Int32 = .max
    var tags: PersonTags = []
    var flags: PersonFlags = []
    var household: Int32 = -1
    /// Outside-borough address (index into World.externalAddresses) for landlords and visitors.
    var externalAddress: Int32 = -1
    var related: Int32 = -1

    var isMale: Bool { sex == 1 }
}

struct Household {
    var kind: UInt8
    var culture: UInt8
    var landline: Int32 = -1
    var lowIncome = false
}

/// A household's time at one dwelling (or one room of an HMO).
struct Occupancy {
    var property: Int32
    var household: Int32
    var from: Int32
    var to: Int32            // exclusive; .max while still living there at the as-of date
    var room: Int8 = -1
    var movedFrom: Int32 = -1  // previous occupancy of the same household in the borough
    var movedTo: Int32 = -1
}

/// One person's membership of one occupancy.
struct Stay {
    var person: Int32
    var occupancy: Int32
    var from: Int32
    var to: Int32            // exclusive; .max when still there
    var role: UInt8
}

enum Role {
    static let head: UInt8 = 0, partner: UInt8 = 1, child: UInt8 = 2, relative: UInt8 = 3, sharer: UInt8 = 4
}

struct ExternalAddress {
    var lines: [String]
    var postcode: String
}

struct Business {
    var name: String
    var ratepayer: Int32      // person index, or -1 for a company
    var company: String
    var property: Int32
    var from: Int32
    var relief: Bool
    var reliefFrom: Int32
    var fraud: Bool
}

/// The whole synthetic borough: places, people, their histories and what the council's systems
/// know about them. Built once, single-threaded, then only read (so shared across writer threads).
final class World: @unchecked Sendable {
    let seed: UInt64
    let asOf: CivilDate
    let windowStart: CivilDate
    let names = NameBook()

    var wards: [Ward] = []
    var streets: [Street] = []
    var properties: [Property] = []
    var postcodes: [String] = []
    var buildingNames: [String] = []
    var persons: [Person] = []
    var households: [Household] = []
    var occupancies: [Occupancy] = []
    var stays: [Stay] = []
    var externalAddresses: [ExternalAddress] = []
    var businesses: [Business] = []

    // Indexes (built after simulation).
    var staysByPerson: [Int32] = []        // stay indices ordered by person, then from
    var personStayStart: [Int32] = []      // persons.count + 1 offsets
    var occByProperty: [Int32] = []
    var propertyOccStart: [Int32] = []
    var staysByOcc: [Int32] = []
    var occStayStart: [Int32] = []

    var services = Services()

    init(seed: UInt64, asOf: CivilDate) {
        self.seed = seed
        self.asOf = asOf
        self.windowStart = CivilDate(year: 2019, month: 1, day: 1)!
    }

    var H: Int32 { asOf.dayNumber }
    var W0: Int32 { windowStart.dayNumber }

    func rng(_ stream: String) -> SeededRandom { SeededRandom(seed: seed, stream: stream) }

    // MARK: queries

    func stays(ofPerson p: Int32) -> ArraySlice<Int32> {
        staysByPerson[Int(personStayStart[Int(p)])..<Int(personStayStart[Int(p) + 1])]
    }

    func occupancies(ofProperty p: Int32) -> ArraySlice<Int32> {
        occByProperty[Int(propertyOccStart[Int(p)])..<Int(propertyOccStart[Int(p) + 1])]
    }

    func stays(ofOccupancy o: Int32) -> ArraySlice<Int32> {
        staysByOcc[Int(occStayStart[Int(o)])..<Int(occStayStart[Int(o) + 1])]
    }

    /// The stay covering day `t` for a person, if any.
    func stay(of p: Int32, at t: Int32) -> Int32? {
        for s in stays(ofPerson: p) {
            let st = stays[Int(s)]
            if st.from <= t && t < st.to { return s }
        }
        return nil
    }

    /// The property where a person lives on day `t`.
    func home(of p: Int32, at t: Int32) -> Int32? {
        guard let s = stay(of: p, at: t) else { return nil }
        return occupancies[Int(stays[Int(s)].occupancy)].property
    }

    /// The last stay of a person (their latest known address in the borough).
    func lastStay(of p: Int32) -> Int32? { stays(ofPerson: p).last }

    func isAlive(_ p: Int32, at t: Int32) -> Bool {
        let q = persons[Int(p)]
        return q.dob <= t && t < q.dod
    }

    /// Whole years from the person's birth to day `t` (yyyymmdd arithmetic: exact at birthdays).
    @inline(__always) func age(_ p: Int32, at t: Int32) -> Int {
        (DayTable.ymd(t) - DayTable.ymd(persons[Int(p)].dob)) / 10000
    }

    /// People living in an occupancy on day `t`.
    func members(of o: Int32, at t: Int32) -> [Int32] {
        var out: [Int32] = []
        for s in stays(ofOccupancy: o) {
            let st = stays[Int(s)]
            if st.from <= t && t < st.to { out.append(st.person) }
        }
        return out
    }

    /// The occupancy of a property (any room) covering day `t`.
    func occupancies(of prop: Int32, at t: Int32) -> [Int32] {
        var out: [Int32] = []
        for o in occupancies(ofProperty: prop) {
            let oc = occupancies[Int(o)]
            if oc.from <= t && t < oc.to { out.append(o) }
        }
        return out
    }

    func residents(of prop: Int32, at t: Int32) -> [Int32] {
        var out: [Int32] = []
        for o in occupancies(ofProperty: prop) {
            let oc = occupancies[Int(o)]
            if oc.from <= t && t < oc.to { out.append(contentsOf: members(of: o, at: t)) }
        }
        return out
    }

    func personID(_ p: Int32) -> String {
        var b: [UInt8] = [80]
        Text.appendPadded(Int(p) + 1, 7, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
    func householdID(_ h: Int32) -> String {
        var b: [UInt8] = [72]
        Text.appendPadded(Int(h) + 1, 7, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
    /// Writes "P0000123" into a file buffer.
    @inline(__always) func writePersonID(_ p: Int32, _ f: OutputFile) { f.byte(80); f.int(Int(p) + 1, width: 7) }
    @inline(__always) func writeUPRN(_ prop: Int32, _ f: OutputFile) { f.int(Int(properties[Int(prop)].uprn), width: 12) }

    func uprnString(_ prop: Int32) -> String {
        var b: [UInt8] = []
        Text.appendPadded(Int(properties[Int(prop)].uprn), 12, to: &b)
        return String(decoding: b, as: UTF8.self)
    }
}

/// Interned names with the renderings systems need, computed once per name.
final class NameBook {
    private(set) var text: [String] = []
    private(set) var native: [String] = []
    private(set) var upper: [String] = []
    private(set) var folded: [String] = []
    private(set) var foldedUpper: [String] = []
    private var lookup: [String: Int32] = [:]

    func intern(_ s: String, native nat: String = "") -> Int32 {
        if let i = lookup[s] {
            if !nat.isEmpty && native[Int(i)].isEmpty { native[Int(i)] = nat }
            return i
        }
        let i = Int32(text.count)
        text.append(s)
        native.append(nat)
        upper.append(Text.upper(s))
        let f = Text.fold(s)
        folded.append(f)
        foldedUpper.append(Text.upper(f))
        lookup[s] = i
        return i
    }

    func id(_ s: String) -> Int32? { lookup[s] }
    subscript(i: Int32) -> String { text[Int(i)] }
}

/// Day number → yyyymmdd, precomputed for 1850…2150 so ages and dates need no calendar arithmetic.
enum DayTable {
    static let base = Int32(CivilDate(year: 1850, month: 1, day: 1)!.dayNumber)
    static let table: [Int32] = {
        let end = CivilDate(year: 2150, month: 12, day: 31)!.dayNumber
        var out: [Int32] = []
        out.reserveCapacity(Int(end - base) + 1)
        var y = 1850, m = 1, d = 1
        for _ in base...end {
            out.append(Int32(y * 10000 + m * 100 + d))
            d += 1
            if d > CivilDate.daysInMonth(year: y, month: m) { d = 1; m += 1; if m > 12 { m = 1; y += 1 } }
        }
        return out
    }()

    @inline(__always) static func ymd(_ day: Int32) -> Int {
        let i = Int(day) - Int(base)
        if i >= 0 && i < table.count { return Int(table[i]) }
        let c = CivilDate(dayNumber: day).components
        return c.year * 10000 + c.month * 100 + c.day
    }
}
