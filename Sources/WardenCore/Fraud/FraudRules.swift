import Foundation

/// The evidence patterns the scan implements. A rule in the rule file picks one and sets its
/// sources, windows, weights, thresholds and value; the pattern is the only part written in Swift.
public enum FraudPattern: String, Sendable, Codable, CaseIterable {
    /// A discount for one adult (single person discount) while other adults are evidenced at the address.
    case discountWithOtherAdults = "discount_with_other_adults"
    /// A pass, badge, discount or claim still active after its holder's registered death.
    case holderActiveAfterDeath = "holder_active_after_death"
    /// A social tenant evidenced at another home while other people live at the tenancy.
    case tenantLivingElsewhere = "tenant_living_elsewhere"
    /// A benefit or reduction claim whose household leaves out an adult evidenced at the address.
    case householdOmitsAdult = "household_omits_adult"
    /// An empty-property exemption on a property with current residents.
    case exemptionWithResidents = "exemption_with_residents"
    /// Small business rate relief on more than one property of one ratepayer.
    case reliefOnSeveralProperties = "relief_on_several_properties"

    /// Bumped when the Swift code of a pattern changes what it finds or how it scores, so the
    /// version of every rule using it changes too (1: as first shipped).
    public var revision: Int {
        switch self {
        case .discountWithOtherAdults: return 3      // 2: a name in another script is read against current residents only; 3: the date the discount began
        case .householdOmitsAdult: return 2          // alone_discount; a parent contact who is not the claim's named parent
        case .exemptionWithResidents: return 2       // previous occupiers known by name
        case .tenantLivingElsewhere: return 3         // 2: a name in another script is read against current residents only; 3: voids
        case .holderActiveAfterDeath: return 2        // a record opened after the death is a namesake's
        case .reliefOnSeveralProperties: return 1
        }
    }

    /// One line for help and the rule listing.
    public var summary: String {
        switch self {
        case .discountWithOtherAdults: return "a discount for one adult while other adults are evidenced at the address"
        case .holderActiveAfterDeath: return "a pass, badge, discount or claim still active after the holder's registered death"
        case .tenantLivingElsewhere: return "a social tenant evidenced at another home while others live at the tenancy"
        case .householdOmitsAdult: return "a claim whose household leaves out an adult evidenced at the address"
        case .exemptionWithResidents: return "an empty-property exemption on a property with current residents"
        case .reliefOnSeveralProperties: return "small business rate relief on more than one property of one ratepayer"
        }
    }
}

/// How strongly one current record of a system says that a person lives at its address.
public struct EvidenceWeight: Sendable, Codable, Equatable {
    /// 0–1: the chance that a current record of this system means the person lives there now.
    public var weight: Double
    /// An open record's weight halves every so many days after it started (0: it stays current,
    /// because the service keeps it up to date, like an open claim).
    public var halfLifeDays: Int
    /// A column of the extract (kept as an extra attribute) giving the date a person comes of
    /// age, as the register's attainers have: before it they are not an adult.
    public var adultFromColumn: String?
    /// An undated entry (the register, a school census) was made within this many days before
    /// the extract: it cannot prove presence after a departure or a claim inside that window.
    public var refreshDays: Int?
    /// Roles whose records the service keeps current (a claimant's own address, where the award is
    /// paid): the half-life does not apply to them.
    public var currentRoles: [String]?
}

/// How the scan reads the household at an address (shared by every rule).
public struct PresenceSettings: Sendable, Codable, Equatable {
    /// Weight kept by an undated entry (the register) of someone whose dated records at the
    /// address have ended: they have probably left and the entry lingers.
    public var staleFactor: Double = 0.25
    /// Weight kept by an undated entry of someone with newer dated records at another address.
    public var movedFactor: Double = 0.2
    /// Records at one address whose names agree (and whose dates of birth and sex do not
    /// disagree) are read as one person even when linkage kept them apart.
    public var sameNameIsSamePerson: Bool = true
}

/// One rule of the rule file: what it looks for, in which systems, and what a case is worth.
public struct FraudRule: Sendable, Codable, Equatable {
    public var id: String
    public var caseType: String
    public var title: String
    public var pattern: FraudPattern
    public var enabled: Bool
    public var description: String?
    /// 0–1: how sure the rule is of fraud when its evidence is certain.
    public var strength: Double
    /// The formula of the estimated annual value, as written.
    public var value: String
    /// The queue threshold for this rule (else the file's).
    public var threshold: Int?
    /// The system whose record claims the benefit (council_tax, freedom_pass, ...).
    public var claimSystem: String
    /// Systems whose current records evidence who lives at the claim's address.
    public var evidence: [String]
    /// Fewest independent systems that must evidence the finding for a case to be raised.
    public var minSources: Int
    /// Age from which a person counts as an adult.
    public var adultAge: Int
    /// An adult up to this age still on a school roll is disregarded (SPD law); nil: none is.
    public var disregardPupilsUpToAge: Int?
    /// The claim record's `discount` value the rule checks (single_person).
    public var discount: String?
    /// Exemption classes that say "empty" (C, F).
    public var exemptions: [String]
    /// The claim record's `relief` value the rule checks (small_business).
    public var relief: String?
    /// Record statuses that mean "still in use" (active). Empty: an open record is active.
    public var activeStatuses: [String]
    /// The system of registered deaths.
    public var deathSystem: String?
    /// Days after a death within which cancelling is normal processing, not fraud.
    public var graceDays: Int
    /// Systems whose current records place a tenant at another home.
    public var elsewhereEvidence: [String]
    /// Other properties of a ratepayer below this rateable value are allowed alongside relief.
    public var smallPropertyBelow: Double
    /// Whether a ratepayer's other properties without relief count (the law: relief is for
    /// one property) or only properties that also get relief.
    public var countUnreliefProperties: Bool
    /// Undeclared member: a discount for one adult (single_person) that, held by a member of the
    /// claim at the address, says the claim's household has also told the council it has one
    /// adult — so an adult evidenced there is hidden twice, not a sharer the claim need not name.
    public var aloneDiscount: String?
    /// Single person discount: a column of the claim's extract (kept as an extra attribute) giving
    /// the date the discount began. Awarded later than the account opened, it marks a change of
    /// household: an undated entry that may predate it may be of an adult who left then.
    public var discountFromColumn: String?
    /// Single person discount: the share of its weight kept by an adult whose age no record gives
    /// (or who is 18 or 19) sharing the surname of pupils here but not their parent contact —
    /// probably an older son or daughter, whom the law disregards at 18 or 19 in education or
    /// training. Nil: such adults count in full.
    public var grownChildFactor: Double?
    /// Subletting: roles of an evidence system's record that mark the home empty — the council's
    /// own council tax account for a void council home. One begun after the tenancy, which never
    /// ended, says the tenant left. Nil: voids are not read.
    public var voidRoles: [String]?
    /// Subletting: how sure such a void record makes the rule that the tenant left (0–1).
    public var voidWeight: Double?
    /// Undeclared member: in a home with at most this many bedrooms (from its energy
    /// certificate), an adult of the other sex where the claim names no partner is a partner
    /// far more often than a sharer — sharers seldom share one bedroom. Nil: not used.
    public var coupleBedrooms: Int? = nil
    /// A content hash of everything the rule depends on (its settings, the evidence weights and
    /// band charges it reads): stored on every case it raises or scores.
    public var version: String
    /// Line of `[[rule]]` in the file.
    public var line: Int

    /// The compiled value formula.
    public var formula: ValueFormula { (try? ValueFormula.parse(value)) ?? ValueFormula.constant(0) }
}

/// A checked rule file: settings, evidence weights, band charges and rules.
public struct FraudRuleSet: Sendable, Codable, Equatable {
    /// Risk (0–100) from which a case is queued for investigators.
    public var threshold: Int
    /// Risk from which a finding is kept at all: below the threshold and at or above this, it is
    /// kept as "not queued" for analysis; below this it is noise and not stored.
    public var keepFrom: Int
    /// Days from raising a case to its triage due date.
    public var dueDays: Int
    /// Annual council tax charge per band letter.
    public var bandCharges: [String: Double]
    public var evidence: [String: EvidenceWeight]
    public var presence: PresenceSettings
    public var rules: [FraudRule]
    /// Where the rules came from (a path, or "built-in").
    public var origin: String
    /// SHA-256 of the file's text.
    public var sha256: String

    /// The rules that run.
    public var enabledRules: [FraudRule] { rules.filter(\.enabled) }

    /// The queue threshold of a rule.
    public func threshold(of rule: FraudRule) -> Int { rule.threshold ?? threshold }

    /// The rule with an id.
    public func rule(_ id: String) -> FraudRule? { rules.first { $0.id == id } }

    /// Every system any rule reads.
    public var systems: Set<String> {
        var s: Set<String> = []
        for r in enabledRules {
            s.insert(r.claimSystem)
            s.formUnion(r.evidence)
            s.formUnion(r.elsewhereEvidence)
            if let d = r.deathSystem { s.insert(d) }
        }
        return s
    }
}

/// Case types, in the order the queues list them.
public enum FraudCaseType {
    public static let known: [String] = ["single_person_discount", "deceased_holder", "subletting", "undeclared_member",
                                         "occupied_exemption", "business_rates_relief"]

    /// Plain words for a case type.
    public static func label(_ t: String) -> String {
        switch t {
        case "single_person_discount": return "Single person discount"
        case "deceased_holder": return "Deceased holder"
        case "subletting": return "Tenancy fraud / subletting"
        case "undeclared_member": return "Undeclared household member"
        case "occupied_exemption": return "Occupied exemption"
        case "business_rates_relief": return "Business rates relief"
        default: return t.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// The case type an officer means: its id ("deceased_holder"), the words of its label in any
    /// case ("Deceased", "tenancy fraud"), or a prefix of either that names one type only.
    /// `extra` adds the types a borough's own rule file raises. Nil when nothing, or more than
    /// one type, fits.
    public static func resolve(_ text: String, extra: [String] = []) -> String? {
        let a = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !a.isEmpty else { return nil }
        let types = known + extra.filter { !known.contains($0) }
        let key = a.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if types.contains(key) { return key }
        let found = Set(types.filter { $0.hasPrefix(key) || label($0).lowercased().hasPrefix(a) })
        return found.count == 1 ? found.first : nil
    }
}
