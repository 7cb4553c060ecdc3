import WardenLinkage

/// A council tax account: who is liable for which property over which period, with its
/// discount and exemption state as the extract shows it.
struct CTAccount {
    var ref: Int32
    var property: Int32
    var liable1: Int32 = -1
    var liable2: Int32 = -1
    /// 0 occupiers, 1 landlord (HMO or bills-inclusive let), 2 council voids, 3 executors of a deceased
    /// occupier, 4 landlord of an empty home, 5 tenancy holder for a sublet home.
    var kind: UInt8 = 0
    var start: Int32
    var end: Int32 = .max
    var spdFrom: Int32 = .max
    var exemptClass: UInt8 = 0
    var exemptFrom: Int32 = .max
    var occupancy: Int32 = -1
    var fraud: UInt8 = 0        // 1 single person discount, 2 occupied exemption
    var fraudDetail = ""
    var duplicate = false
}

struct HBClaim {
    var ref: Int32
    var occupancy: Int32
    var property: Int32
    var start: Int32
    var end: Int32
    var members: [(person: Int32, role: String)]
    var undeclared: Int32 = -1
    var fraudDetail = ""
}

struct Tenancy {
    var ref: Int32
    var property: Int32
    var tenant1: Int32
    var tenant2: Int32 = -1
    var start: Int32
    var end: Int32
    var sublet = false
    var subletDetail = ""
    var type: UInt8 = 0
}

struct Licence {
    var number: String
    var property: Int32
    var holder: Int32
    var start: Int32
    var end: Int32
    var status: String
    var maxOccupants: Int
    var households: Int
    var selective: Bool
}

enum EventKind: UInt8 { case asb, noise, pest, fpn, inspection }

struct Event {
    var kind: EventKind
    var date: Int32
    var property: Int32 = -1
    var street: Int32 = -1
    var street2: Int32 = -1
    /// ASB: 0 at a property ("outside 23 Elm Rd"), 1 range "rear of 14-16", 2 junction, 3 park, 4 street only.
    var style: UInt8 = 0
    var person: Int32 = -1
    var aux: Int32 = 0
}

struct Pass {
    var number: String
    var person: Int32
    var property: Int32        // address on the pass
    var issued: Int32
    var expires: Int32
    var status: String
    var statusDate: Int32
    var disabled: Bool
    var fraud = false
}

/// Everything the council's systems record, decided once so every extract tells the same story.
struct Services {
    var ctAccounts: [CTAccount] = []
    var hbClaims: [HBClaim] = []
    var tenancies: [Tenancy] = []
    var licences: [Licence] = []
    var events: [Event] = []
    var inspections: [Event] = []
    var freedomPasses: [Pass] = []
    var blueBadges: [Pass] = []
    /// Electoral register entries: person, property (stale ones point at a former home), duplicate.
    var electors: [(person: Int32, property: Int32, stale: Bool, duplicate: Bool)] = []
    var summonses: [(account: Int32, person: Int32, date: Int32, pence: Int)] = []
    /// Occupancies with no council tax account of their own (sublets, hidden under an exemption).
    var hiddenOccupancies: Set<Int32> = []
}
