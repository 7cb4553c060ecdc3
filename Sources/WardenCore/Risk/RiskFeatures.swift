import Foundation
import GRDB
import WardenLinkage

/// One thing the HMO risk model knows about a property, named the way an enforcement officer
/// would say it. Every feature is computed from the linked warehouse as of the extract date
/// (`meta.as_of`); "recent" means the two years before it.
public enum RiskFeature: String, CaseIterable, Sendable, Codable {
    case adultsRecent = "adults_2y"
    case adultsNow = "adults_now"
    case surnamesRecent = "surnames_2y"
    case movesRecent = "moves_2y"
    case councilTaxAccountsRecent = "council_tax_new_accounts_2y"
    case billedToOwner = "council_tax_billed_to_owner"
    case singlePersonDiscount = "single_person_discount"
    case emptyExemption = "empty_home_exemption"
    case benefitClaims = "housing_benefit_claims_2y"
    case electoralShare = "electoral_register_share"
    case asb = "asb_2y"
    case fixedPenalties = "fixed_penalty_notices_2y"
    case pestControl = "pest_control_jobs_2y"
    case summonses = "council_tax_summonses_2y"
    case noise = "noise_complaints_2y"
    case privateRented = "tenure_private_rented"
    case socialRented = "tenure_social_rented"
    case ownerOccupied = "tenure_owner_occupied"
    case house = "is_house"
    case bedrooms = "bedrooms"
    case councilTaxBand = "council_tax_band"
    case streetHMOLicences = "street_hmo_licences"
    case selectiveLicence = "selective_licence"
    case youngestAge = "youngest_occupant_age"
    case oldestAge = "oldest_occupant_age"

    /// How a feature's value is read.
    public enum Kind: String, Sendable, Codable {
        /// A count of people, records or events; the model sees log(1 + count), so the tenth
        /// complaint adds less than the first.
        case count
        /// Yes (1) or no (0).
        case flag
        /// A number on its own scale (an age, a share, a band).
        case number
    }

    public var kind: Kind {
        switch self {
        case .adultsRecent, .adultsNow, .surnamesRecent, .movesRecent, .councilTaxAccountsRecent, .benefitClaims,
             .asb, .fixedPenalties, .pestControl, .summonses, .noise, .streetHMOLicences:
            return .count
        case .billedToOwner, .singlePersonDiscount, .emptyExemption, .privateRented, .socialRented, .ownerOccupied,
             .house, .selectiveLicence:
            return .flag
        case .electoralShare, .bedrooms, .councilTaxBand, .youngestAge, .oldestAge:
            return .number
        }
    }

    /// The column heading an officer reads.
    public var name: String {
        switch self {
        case .adultsRecent: return "Adults registered here (2 years)"
        case .adultsNow: return "Adults living here now"
        case .surnamesRecent: return "Different surnames (2 years)"
        case .movesRecent: return "Moves in and out (2 years)"
        case .councilTaxAccountsRecent: return "New council tax accounts (2 years)"
        case .billedToOwner: return "Council tax billed to the owner"
        case .singlePersonDiscount: return "Single person discount"
        case .emptyExemption: return "Empty-home exemption"
        case .benefitClaims: return "Housing benefit claims (2 years)"
        case .electoralShare: return "Share of adults on the electoral register"
        case .asb: return "ASB incidents (2 years)"
        case .fixedPenalties: return "Fixed penalty notices (2 years)"
        case .pestControl: return "Pest control jobs (2 years)"
        case .summonses: return "Council tax summonses (2 years)"
        case .noise: return "Noise complaints (2 years)"
        case .privateRented: return "Privately rented"
        case .socialRented: return "Social housing"
        case .ownerOccupied: return "Owner-occupied"
        case .house: return "A house (not a flat)"
        case .bedrooms: return "Bedrooms"
        case .councilTaxBand: return "Council tax band (A = 1 … H = 8)"
        case .streetHMOLicences: return "Other licensed HMOs on the street"
        case .selectiveLicence: return "Holds a selective licence"
        case .youngestAge: return "Age of the youngest occupant"
        case .oldestAge: return "Age of the oldest occupant"
        }
    }

    /// How the value is worked out, for the model document and `warden model`.
    public var definition: String {
        switch self {
        case .adultsRecent: return "Distinct virtual persons aged 18+ (or of unknown age) whose residence at the UPRN overlaps the last two years."
        case .adultsNow: return "Distinct adults whose most likely current address is the UPRN and who are alive."
        case .surnamesRecent: return "Distinct surnames among the adults registered here in the last two years."
        case .movesRecent: return "Residences at the UPRN that began or ended in the last two years (each arrival and each departure counts one)."
        case .councilTaxAccountsRecent: return "Council tax accounts for the UPRN opened in the last two years."
        case .billedToOwner: return "A current council tax account names the owner/landlord as liable and no empty-home exemption applies."
        case .singlePersonDiscount: return "A current council tax account at the UPRN has a single person discount."
        case .emptyExemption: return "A current council tax account at the UPRN has an empty-home exemption (class C)."
        case .benefitClaims: return "Housing benefit / council tax reduction claims at the UPRN open at any time in the last two years."
        case .electoralShare: return "Of the adults living here now, the share that is on the electoral register (missing when nobody is known)."
        case .asb: return "ASB incidents located at the UPRN in the last two years."
        case .fixedPenalties: return "Fixed penalty notices in the last two years located at the UPRN or issued to someone giving it as their address."
        case .pestControl: return "Pest control jobs at the UPRN in the last two years."
        case .summonses: return "Council tax summonses for the UPRN in the last two years."
        case .noise: return "Noise complaints about the UPRN in the last two years."
        case .privateRented: return "The warehouse's tenure for the property is private rented (from EPCs and benefit claims)."
        case .socialRented: return "The tenure is social rented (a current council tenancy, or an EPC)."
        case .ownerOccupied: return "The tenure is owner-occupied."
        case .house: return "The gazetteer class is a detached, semi-detached or terraced house (or an HMO), not a flat."
        case .bedrooms: return "Bedrooms from the latest record that gives them (mostly EPCs); missing for many properties."
        case .councilTaxBand: return "The council tax band, A = 1 to H = 8 (a proxy for size and value)."
        case .streetHMOLicences: return "Other properties on the same street (USRN) that hold or held an HMO licence."
        case .selectiveLicence: return "The property holds a current selective licence (a private let licensed for one household)."
        case .youngestAge: return "Age at the as-of date of the youngest current occupant with a known date of birth."
        case .oldestAge: return "Age at the as-of date of the oldest current occupant with a known date of birth."
        }
    }

    /// The value as the model sees it: counts on a log scale; NaN stays NaN (missing).
    public func transformed(_ raw: Double) -> Double {
        kind == .count && raw.isFinite ? log1p(max(0, raw)) : raw
    }

    /// The value in words, for the factors that raised or lowered a score.
    public func phrase(_ v: Double) -> String {
        guard v.isFinite else {
            switch self {
            case .electoralShare: return "nobody known to live here"
            case .bedrooms: return "number of bedrooms not known"
            case .councilTaxBand: return "council tax band not known"
            case .youngestAge, .oldestAge: return "occupants' ages not known"
            default: return "\(name.lowercased()) not known"
            }
        }
        let n = Int(v.rounded())
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let yes = v >= 0.5
        switch self {
        case .adultsRecent: return plural(n, "adult", "adults") + " registered here in the last 2 years"
        case .adultsNow: return n == 0 ? "no adult known to be living here now" : plural(n, "adult", "adults") + " living here now"
        case .surnamesRecent: return plural(n, "surname", "different surnames") + " among adults here in 2 years"
        case .movesRecent: return plural(n, "move", "moves") + " in or out in 2 years"
        case .councilTaxAccountsRecent: return plural(n, "new council tax account", "new council tax accounts") + " in 2 years"
        case .billedToOwner: return yes ? "council tax billed to the owner, not the occupiers" : "council tax billed to the occupiers"
        case .singlePersonDiscount: return yes ? "single person discount on the council tax" : "no single person discount"
        case .emptyExemption: return yes ? "council tax exempt as an empty home" : "not exempt as empty"
        case .benefitClaims: return plural(n, "housing benefit claim", "housing benefit claims") + " in 2 years"
        case .electoralShare: return "\(Int((v * 100).rounded()))% of adults here on the electoral register"
        case .asb: return plural(n, "ASB incident", "ASB incidents") + " in 2 years"
        case .fixedPenalties: return plural(n, "fixed penalty notice", "fixed penalty notices") + " in 2 years"
        case .pestControl: return plural(n, "pest control job", "pest control jobs") + " in 2 years"
        case .summonses: return plural(n, "council tax summons", "council tax summonses") + " in 2 years"
        case .noise: return plural(n, "noise complaint", "noise complaints") + " in 2 years"
        case .privateRented: return yes ? "privately rented" : "not known to be privately rented"
        case .socialRented: return yes ? "social housing" : "not social housing"
        case .ownerOccupied: return yes ? "owner-occupied" : "not known to be owner-occupied"
        case .house: return yes ? "a house" : "a flat, not a house"
        case .bedrooms: return plural(n, "bedroom", "bedrooms")
        case .councilTaxBand: return "council tax band " + (1...8 ~= n ? String(Array("ABCDEFGH")[n - 1]) : "?")
        case .streetHMOLicences: return plural(n, "other licensed HMO", "other licensed HMOs") + " on the street"
        case .selectiveLicence: return yes ? "holds a selective licence (one household)" : "no selective licence"
        case .youngestAge: return "youngest occupant aged \(n)"
        case .oldestAge: return "oldest occupant aged \(n)"
        }
    }
}

/// The features of every dwelling, raw (before the log scale and standardisation), read from
/// the linked warehouse in a handful of sequential passes.
public struct RiskFeatureTable: Sendable {
    /// The features, in column order.
    public var features: [RiskFeature]
    /// One row per dwelling, in UPRN order.
    public var uprns: [Int64]
    /// `raw[j * rows + i]`: feature `j` of dwelling `i`; NaN when missing.
    public var raw: [Double]
    /// Per-dwelling facts the scores table and panels carry alongside the score.
    public var wardIDs: [Int64?]
    public var tenures: [String?]
    public var licenceStatuses: [String]
    /// The as-of date and the start of the two-year window.
    public var asOf: String
    public var windowStart: String

    public var rows: Int { uprns.count }

    /// Feature `f` of row `i`.
    public func value(_ i: Int, _ f: RiskFeature) -> Double {
        raw[features.firstIndex(of: f)! * rows + i]
    }

    /// The raw values of one row, in feature order.
    public func row(_ i: Int) -> [Double] {
        (0..<features.count).map { raw[$0 * rows + i] }
    }
}

/// Reads the features of every dwelling from the warehouse.
public enum RiskFeatureExtractor {
    /// Whether a gazetteer class is somewhere people live (LLPG RD dwellings, RH HMOs); a
    /// property without a class counts, so a council with a sparse gazetteer loses nothing.
    public static func isDwelling(_ propertyClass: String?) -> Bool {
        guard let c = propertyClass?.uppercased(), !c.isEmpty else { return true }
        return c.hasPrefix("RD") || c.hasPrefix("RH")
    }

    static func isHouse(_ propertyClass: String?) -> Bool {
        guard let c = propertyClass?.uppercased() else { return false }
        return c.hasPrefix("RD02") || c.hasPrefix("RD03") || c.hasPrefix("RD04") || c.hasPrefix("RH")
    }

    /// The extract date the warehouse describes (`meta.as_of`), else today.
    static func asOf(_ db: Database) throws -> CivilDate {
        if let s = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'"), let d = CivilDate(iso: s) { return d }
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Two years before `date` (29 February falls back to the 28th).
    static func twoYearsBefore(_ date: CivilDate) -> CivilDate {
        let (y, m, d) = date.components
        return CivilDate(year: y - 2, month: m, day: d) ?? CivilDate(year: y - 2, month: m, day: d - 1)!
    }

    /// What the passes over people and services need to know.
    struct Context: Sendable {
        var n: Int
        var index: [Int64: Int32]
        var col: [RiskFeature: Int]
        var asOfDate: CivilDate
        var asOf: String
        var w0: String
    }

    /// Features that come from residents, and from council services.
    static let peopleFeatures: [RiskFeature] = [.movesRecent, .adultsRecent, .adultsNow, .surnamesRecent, .electoralShare, .youngestAge, .oldestAge]
    static let serviceFeatures: [RiskFeature] = [.councilTaxAccountsRecent, .billedToOwner, .singlePersonDiscount, .emptyExemption,
                                                 .benefitClaims, .asb, .pestControl, .summonses, .noise, .fixedPenalties]

    /// Extracts every feature for every dwelling, inside the caller's transaction.
    public static func extract(_ db: Database) throws -> RiskFeatureTable {
        let (first, context) = try dwellings(db)
        var table = first
        try people(db, context, into: &table.raw)
        try services(db, context, into: &table.raw)
        return table
    }

    /// Extracts every feature, reading residents and services on two connections at once.
    /// The caller checks that nothing was written in between if it needs one snapshot.
    public static func extract(_ pool: DatabasePool) throws -> RiskFeatureTable {
        let (first, context) = try pool.read { try dwellings($0) }
        var table = first
        let base = table.raw
        let parts = PassResults()
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            do {
                var raw = base
                try pool.read { db in
                    if k == 0 { try people(db, context, into: &raw) } else { try services(db, context, into: &raw) }
                }
                parts.set(k, .success(raw))
            } catch {
                parts.set(k, .failure(error))
            }
        }
        let n = context.n
        for (k, features) in [peopleFeatures, serviceFeatures].enumerated() {
            let raw = try parts.get(k)
            for f in features {
                let c = context.col[f]! * n
                table.raw.replaceSubrange(c..<(c + n), with: raw[c..<(c + n)])
            }
        }
        return table
    }

    final class PassResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Int: Result<[Double], Error>] = [:]
        func set(_ k: Int, _ r: Result<[Double], Error>) { lock.lock(); results[k] = r; lock.unlock() }
        func get(_ k: Int) throws -> [Double] { lock.lock(); defer { lock.unlock() }; return try results[k]!.get() }
    }

    /// The dwellings and their property facts; the other columns start at 0 (or NaN).
    static func dwellings(_ db: Database) throws -> (RiskFeatureTable, Context) {
        let asOfDate = try asOf(db)
        let asOf = asOfDate.iso
        let w0 = twoYearsBefore(asOfDate).iso
        let features = RiskFeature.allCases
        let col = Dictionary(uniqueKeysWithValues: features.enumerated().map { ($1, $0) })

        // Dwellings, in UPRN order.
        var uprns: [Int64] = [], wards: [Int64?] = [], tenures: [String?] = [], licences: [String] = []
        var classes: [String?] = [], bedrooms: [Int?] = [], bands: [String?] = [], usrns: [Int64?] = []
        let props = try Row.fetchCursor(db, sql: """
            SELECT uprn, ward_id, property_class, tenure, bedrooms, council_tax_band, licence_status, usrn
            FROM property ORDER BY uprn
            """)
        while let r = try props.next() {
            let cls: String? = r[2]
            guard isDwelling(cls) else { continue }
            uprns.append(r[0]); wards.append(r[1]); classes.append(cls); tenures.append(r[3])
            bedrooms.append(r[4]); bands.append(r[5]); licences.append(r[6]); usrns.append(r[7])
        }
        let n = uprns.count
        var index: [Int64: Int32] = [:]
        index.reserveCapacity(n)
        for (i, u) in uprns.enumerated() { index[u] = Int32(i) }
        var raw = [Double](repeating: 0, count: n * features.count)
        for f in [RiskFeature.electoralShare, .youngestAge, .oldestAge] {
            for i in 0..<n { raw[col[f]! * n + i] = .nan }
        }

        // Property facts (classes and bands are few: each is read once).
        var streetLicensed: [Int64: Int] = [:]
        let hmoLicensed = try hmoLicencedUPRNs(db)
        var houseOf: [String: Double] = [:], bandOf: [String: Double] = [:]
        let cPrivate = col[.privateRented]! * n, cSocial = col[.socialRented]! * n, cOwner = col[.ownerOccupied]! * n
        let cHouse = col[.house]! * n, cBedrooms = col[.bedrooms]! * n, cBand = col[.councilTaxBand]! * n
        let cSelective = col[.selectiveLicence]! * n, cStreet = col[.streetHMOLicences]! * n
        for i in 0..<n {
            switch tenures[i] {
            case "private_rented": raw[cPrivate + i] = 1
            case "social_rented": raw[cSocial + i] = 1
            case "owner_occupied": raw[cOwner + i] = 1
            default: break
            }
            let cls = classes[i] ?? ""
            if houseOf[cls] == nil { houseOf[cls] = isHouse(cls) ? 1 : 0 }
            raw[cHouse + i] = houseOf[cls]!
            raw[cBedrooms + i] = bedrooms[i].map(Double.init) ?? .nan
            if let b = bands[i] {
                if bandOf[b] == nil { bandOf[b] = bandNumber(b) ?? .nan }
                raw[cBand + i] = bandOf[b]!
            } else {
                raw[cBand + i] = .nan
            }
            raw[cSelective + i] = licences[i] == "selective licence" ? 1 : 0
            if let s = usrns[i], hmoLicensed.contains(uprns[i]) { streetLicensed[s, default: 0] += 1 }
        }
        if !streetLicensed.isEmpty {
            for i in 0..<n {
                guard let s = usrns[i], let onStreet = streetLicensed[s] else { continue }
                raw[cStreet + i] = Double(onStreet - (hmoLicensed.contains(uprns[i]) ? 1 : 0))
            }
        }

        let context = Context(n: n, index: index, col: col, asOfDate: asOfDate, asOf: asOf, w0: w0)
        let table = RiskFeatureTable(features: features, uprns: uprns, raw: raw, wardIDs: wards, tenures: tenures,
                                     licenceStatuses: licences, asOf: asOf, windowStart: w0)
        return (table, context)
    }

    /// Residents: adults, surnames, moves, registration, ages.
    static func people(_ db: Database, _ context: Context, into raw: inout [Double]) throws {
        let n = context.n, index = context.index, col = context.col, asOfDate = context.asOfDate
        func set(_ f: RiskFeature, _ i: Int, _ v: Double) { raw[col[f]! * n + i] = v }
        // Dates are compared as yyyymmdd integers, read straight from SQLite's bytes.
        let (ay, am, ad) = asOfDate.components
        let asOfYMD = Int32.ymd(ay, am, ad)
        let w0Date = twoYearsBefore(asOfDate).components
        let w0YMD = Int32.ymd(w0Date.year, w0Date.month, w0Date.day)
        let asOfMonthDay = am * 100 + ad
        let colMoves = col[.movesRecent]! * n, colAdults = col[.adultsRecent]! * n, colNow = col[.adultsNow]! * n

        // People: one pass over residencies with the person's age, surname and death.
        var surnamePairs: [RowKey] = []
        var youngest = [Int32](repeating: .max, count: n), oldest = [Int32](repeating: .min, count: n)
        var onRegister = [Int32](repeating: 0, count: n)
        try RawRows.each(db, """
            SELECT r.uprn, r.from_date, r.to_date, r.rank, r.sources, p.dob, p.surname, p.date_of_death
            FROM residency r JOIN person p ON p.id = r.person_id
            """) { r in
            guard let u = r.int64(0), let i32 = index[u] else { return }
            let i = Int(i32)
            let from = r.date(1), to = r.date(2), rank = r.int(3)
            let dead = !r.isNull(7)
            if dead, let d = r.date(7), d < w0YMD { return }
            var age: Int? = nil
            if let dob = r.date(5) {
                let y = Int(dob / 10000), md = Int(dob % 10000)
                age = ay - y - (asOfMonthDay < md ? 1 : 0)
            }
            let hasTo = !r.isNull(2), hasFrom = !r.isNull(1)
            let overlaps = (!hasTo || (to ?? 0) >= w0YMD) && (!hasFrom || (from ?? 0) <= asOfYMD)
            if let from, from >= w0YMD, from <= asOfYMD { raw[colMoves + i] += 1 }
            if let to, to >= w0YMD, to <= asOfYMD { raw[colMoves + i] += 1 }
            let current = !hasTo && rank == 1 && !dead
            if current, let a = age, a >= 0 {
                youngest[i] = min(youngest[i], Int32(a)); oldest[i] = max(oldest[i], Int32(a))
            }
            if let a = age, a < 18 { return }
            if overlaps {
                raw[colAdults + i] += 1
                if let h = r.foldedHash(6) { surnamePairs.append(RowKey(row: i32, key: h)) }
            }
            if current {
                raw[colNow + i] += 1
                if r.contains(4, "electoral_register") { onRegister[i] += 1 }
            }
        }
        countDistinct(surnamePairs) { raw[col[.surnamesRecent]! * n + $0] += 1 }
        for i in 0..<n {
            let adults = raw[colNow + i]
            if adults > 0 { set(.electoralShare, i, Double(onRegister[i]) / adults) }
            if youngest[i] != .max { set(.youngestAge, i, Double(youngest[i])); set(.oldestAge, i, Double(oldest[i])) }
        }

    }

    /// Council services: council tax, benefit claims, events at the property.
    static func services(_ db: Database, _ context: Context, into raw: inout [Double]) throws {
        let n = context.n, index = context.index, col = context.col, asOfDate = context.asOfDate
        let asOf = context.asOf, w0 = context.w0
        func set(_ f: RiskFeature, _ i: Int, _ v: Double) { raw[col[f]! * n + i] = v }
        let (ay, am, ad) = asOfDate.components
        let asOfYMD = Int32.ymd(ay, am, ad)
        let w0Date = twoYearsBefore(asOfDate).components
        let w0YMD = Int32.ymd(w0Date.year, w0Date.month, w0Date.day)

        // Council tax: accounts opened, who is billed, discounts and exemptions now.
        var accounts: [RowKey] = []
        var ownerBilled = [Bool](repeating: false, count: n), spd = [Bool](repeating: false, count: n), empty = [Bool](repeating: false, count: n)
        try RawRows.each(db, """
            SELECT rl.uprn, r.group_key, r.role, r.discount, r.exemption, r.start_date, r.end_date, r.id
            FROM source_record r JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (SELECT id FROM source WHERE system = 'council_tax') AND rl.uprn IS NOT NULL
            """) { r in
            guard let u = r.int64(0), let i32 = index[u] else { return }
            let i = Int(i32)
            let start = r.date(5), end = r.date(6)
            let current = (r.isNull(6) || (end ?? 0) > asOfYMD) && (r.isNull(5) || (start ?? 0) <= asOfYMD)
            let noExemption = r.isNull(4) || r.bytes(4).isEmpty
            if current {
                if !r.isNull(3), r.contains(3, "single") { spd[i] = true }
                if r.equals(4, "C") || r.equals(4, "c") { empty[i] = true }
                if (r.equals(2, "landlord") || r.equals(2, "owner")) && noExemption { ownerBilled[i] = true }
            }
            if let start, start >= w0YMD, start <= asOfYMD {
                accounts.append(RowKey(row: i32, key: r.foldedHash(1) ?? UInt64(bitPattern: r.int64(7) ?? 0)))
            }
        }
        countDistinct(accounts) { raw[col[.councilTaxAccountsRecent]! * n + $0] += 1 }
        for i in 0..<n {
            if ownerBilled[i] { set(.billedToOwner, i, 1) }
            if spd[i] { set(.singlePersonDiscount, i, 1) }
            if empty[i] { set(.emptyExemption, i, 1) }
        }

        // Benefit claims open in the window (one per claim, through its claimant).
        var claims: [RowKey] = []
        try RawRows.each(db, """
            SELECT rl.uprn, r.group_key, r.id FROM source_record r JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (SELECT id FROM source WHERE system = 'housing_benefit') AND rl.uprn IS NOT NULL
              AND coalesce(r.role, 'claimant') = 'claimant' AND (r.end_date IS NULL OR r.end_date >= ?) AND (r.start_date IS NULL OR r.start_date <= ?)
            """, texts: [w0, asOf]) { r in
            guard let u = r.int64(0), let i32 = index[u] else { return }
            claims.append(RowKey(row: i32, key: r.foldedHash(1) ?? UInt64(bitPattern: r.int64(2) ?? 0)))
        }
        countDistinct(claims) { raw[col[.benefitClaims]! * n + $0] += 1 }

        // Events located at the property.
        let colASB = col[.asb]! * n, colPest = col[.pestControl]! * n, colSummons = col[.summonses]! * n, colNoise = col[.noise]! * n
        try RawRows.each(db, """
            SELECT uprn, event_type FROM property_event
            WHERE uprn IS NOT NULL AND event_type IN ('asb','pest_control','ct_summons','noise') AND event_date >= ? AND event_date <= ?
            """, texts: [w0, asOf + "T99"]) { r in
            guard let u = r.int64(0), let i32 = index[u] else { return }
            let i = Int(i32)
            if r.equals(1, "asb") { raw[colASB + i] += 1 }
            else if r.equals(1, "pest_control") { raw[colPest + i] += 1 }
            else if r.equals(1, "ct_summons") { raw[colSummons + i] += 1 }
            else if r.equals(1, "noise") { raw[colNoise + i] += 1 }
        }
        // Fixed penalty notices: at the property, or to someone living there.
        let colFPN = col[.fixedPenalties]! * n
        try RawRows.each(db, """
            SELECT rl.event_uprn, rl.uprn FROM source_record r JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (SELECT id FROM source WHERE system = 'fpn') AND r.event_date >= ? AND r.event_date <= ?
            """, texts: [w0, asOf + "T99"]) { r in
            let at = r.int64(0).flatMap { index[$0] }, home = r.int64(1).flatMap { index[$0] }
            if let at { raw[colFPN + Int(at)] += 1 }
            if let home, home != at { raw[colFPN + Int(home)] += 1 }
        }

    }

    /// Counts, per row, the distinct keys among (row, key) pairs.
    static func countDistinct(_ pairs: [RowKey], _ add: (Int) -> Void) {
        var sorted = pairs
        sorted.sort()
        var previous: RowKey? = nil
        for p in sorted where p != previous { add(Int(p.row)); previous = p }
    }

    /// Properties that hold or held an HMO licence (from the licence register's links).
    static func hmoLicencedUPRNs(_ db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: """
            SELECT DISTINCT rl.uprn FROM source_record r JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (SELECT id FROM source WHERE system = 'hmo_licence') AND rl.uprn IS NOT NULL
            """))
    }

    static func bandNumber(_ band: String) -> Double? {
        guard let c = band.trimmingCharacters(in: .whitespaces).uppercased().first,
              let i = "ABCDEFGH".firstIndex(of: c) else { return nil }
        return Double("ABCDEFGH".distance(from: "ABCDEFGH".startIndex, to: i) + 1)
    }
}

/// A (row, key) pair for counting distinct keys per row.
struct RowKey: Comparable, Hashable {
    var row: Int32
    var key: UInt64
    static func < (a: RowKey, b: RowKey) -> Bool { a.row != b.row ? a.row < b.row : a.key < b.key }
}
