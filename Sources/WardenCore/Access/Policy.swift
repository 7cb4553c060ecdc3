import Foundation
@preconcurrency import TOMLKit

/// Who may use which screens and commands and see which groups of fields, for what purposes:
/// a file a data protection officer reads and edits, not Swift. The warehouse keeps the active
/// policy; `warden policy show` prints it, `warden policy load FILE` replaces it.
public struct Policy: Sendable, Codable, Equatable {
    /// The groups personal data is divided into. A screen shows a group only to roles allowed it;
    /// elsewhere the group is shown as withheld.
    public enum FieldGroup: String, Sendable, Codable, CaseIterable {
        case identity, identifiers, contact, address, household, records
        case socialCare = "social_care", health, benefits, fraud, risk, audit

        /// How a data protection officer would describe it.
        public var meaning: String {
            switch self {
            case .identity: return "name, date of birth and age, sex, date of death"
            case .identifiers: return "National Insurance and NHS numbers"
            case .contact: return "phone numbers and email addresses"
            case .address: return "current address and address history"
            case .household: return "others in the household"
            case .records: return "the source records linked to a person, and why they matched"
            case .socialCare: return "social care flags (Troubled Families code 3)"
            case .health: return "health flags (Troubled Families code 6)"
            case .benefits: return "benefit claims and benefit flags (housing benefit, council tax reduction, code 4)"
            case .fraud: return "counter-fraud cases"
            case .risk: return "HMO risk scores and their factors"
            case .audit: return "who looked at a record"
            }
        }
    }

    public struct Role: Sendable, Codable, Equatable {
        public var name: String
        public var label: String
        public var screens: Set<String>
        public var commands: Set<String>
        public var fieldGroups: Set<FieldGroup>
        /// Manages users, rights and the policy; sees restricted records.
        public var admin: Bool
    }

    public var purposes: [String]
    public var roles: [String: Role]

    /// Every screen and command name the policy may mention (so a typo is caught).
    public static let knownScreens: Set<String> = ["home", "search", "person", "property", "wards", "ward", "cases", "case", "savings", "pilots", "sources", "audit", "users"]
    public static let knownCommands: Set<String> = [
        "search", "person", "property", "quality", "sources", "link", "eval", "pilots", "pilot", "wards", "ward", "model", "score", "inspect", "risk",
        "export", "fraud", "cases", "case", "audit", "users", "rights", "policy", "build", "import", "dashboard",
    ]

    /// Parses a policy; every problem is reported with its line.
    public static func parse(text: String, path: String) throws -> Policy {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw UserFacingError(file: path, line: e.source.begin.line, problem: "not valid TOML: \(e.description)", remedy: "fix the syntax at that line")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(containing needle: String, after header: String? = nil) -> Int? {
            var inside = header == nil
            for (i, l) in lines.enumerated() {
                let t = l.trimmingCharacters(in: .whitespaces)
                if let header, t.hasPrefix("[") { inside = t == "[\(header)]" }
                if inside && t.contains(needle) { return i + 1 }
            }
            return nil
        }
        var errors: [UserFacingError] = []
        for key in table.keys.sorted() where !["purposes", "roles"].contains(key) {
            errors.append(UserFacingError(file: path, line: line(containing: key), field: key, problem: "unknown table", remedy: Suggest.hint(key, in: ["purposes", "roles"])))
        }
        let purposes = table["purposes"]?.table?["options"]?.array?.compactMap(\.string) ?? []
        if purposes.isEmpty {
            errors.append(UserFacingError(file: path, field: "purposes.options", problem: "the policy lists no purposes", remedy: "list the purposes officers may choose from"))
        }
        var roles: [String: Role] = [:]
        guard let rolesTable = table["roles"]?.table else {
            throw UserFacingError(file: path, field: "roles", problem: "the policy defines no roles", remedy: "add [roles.housing_officer] and the others")
        }
        for name in rolesTable.keys.sorted() {
            guard let r = rolesTable[name]?.table else { continue }
            let header = "roles.\(name)"
            for key in r.keys.sorted() where !["label", "screens", "commands", "field_groups", "admin"].contains(key) {
                errors.append(UserFacingError(file: path, line: line(containing: key, after: header), field: "\(header).\(key)", problem: "unknown setting",
                                              remedy: Suggest.hint(key, in: ["label", "screens", "commands", "field_groups", "admin"])))
            }
            func list(_ key: String, known: Set<String>) -> Set<String> {
                let values = r[key]?.array?.compactMap(\.string) ?? []
                for v in values where !known.contains(v) && v != "*" {
                    errors.append(UserFacingError(file: path, line: line(containing: "\"\(v)\"", after: header), field: "\(header).\(key)",
                                                  problem: "unknown \(key.dropLast()) \"\(v)\"", remedy: Suggest.hint(v, in: known) ?? "one of: " + known.sorted().joined(separator: ", ")))
                }
                return values.contains("*") ? known : Set(values.filter { known.contains($0) })
            }
            let groups = list("field_groups", known: Set(FieldGroup.allCases.map(\.rawValue)))
            roles[name] = Role(name: name, label: r["label"]?.string ?? name, screens: list("screens", known: knownScreens),
                               commands: list("commands", known: knownCommands), fieldGroups: Set(groups.compactMap(FieldGroup.init(rawValue:))),
                               admin: r["admin"]?.bool ?? false)
        }
        if !roles.values.contains(where: \.admin) {
            errors.append(UserFacingError(file: path, field: "roles", problem: "no role is an admin", remedy: "give the data protection officer's role admin = true"))
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw UserFacingErrors(errors) }
        return Policy(purposes: purposes, roles: roles)
    }

    /// The policy the sample borough ships with.
    public static let defaultText = """
    # Warden access policy: which role may use which screens and commands, and see which groups
    # of personal data, and the purposes an officer may give for opening a record.
    # A data protection officer edits this file and loads it with `warden policy load FILE`.
    #
    # Field groups: identity, identifiers, contact, address, household, records, social_care,
    # health, benefits, fraud, risk, audit. A group a role may not see is shown as "withheld".

    [purposes]
    options = [
        "Housing need or homelessness assessment",
        "Tenancy management",
        "HMO and property licensing enforcement",
        "Fraud investigation",
        "Safeguarding",
        "Responding to a data protection request",
        "Data quality and linkage checks",
    ]

    [roles.housing_officer]
    label = "Housing officer"
    screens = ["home", "search", "person", "property", "sources", "pilots"]
    commands = ["search", "person", "property", "quality", "sources", "pilots", "pilot", "dashboard"]
    field_groups = ["identity", "identifiers", "contact", "address", "household", "records", "social_care", "health", "benefits"]

    [roles.enforcement_officer]
    label = "Enforcement officer"
    screens = ["home", "search", "person", "property", "wards", "ward", "sources"]
    commands = ["search", "person", "property", "wards", "ward", "model", "risk", "inspect", "export", "sources", "quality", "dashboard"]
    field_groups = ["identity", "address", "household", "records", "risk"]

    [roles.fraud_investigator]
    label = "Fraud investigator"
    screens = ["home", "search", "person", "property", "cases", "case", "savings", "sources"]
    commands = ["search", "person", "property", "fraud", "cases", "case", "sources", "quality", "dashboard"]
    field_groups = ["identity", "identifiers", "contact", "address", "household", "records", "benefits", "fraud"]

    [roles.programme_lead]
    label = "Programme lead"
    screens = ["home", "pilots", "sources", "wards"]
    commands = ["pilots", "pilot", "sources", "quality", "wards", "model", "dashboard"]
    field_groups = []

    [roles.analyst]
    label = "Analyst"
    screens = ["home", "search", "property", "wards", "ward", "sources", "pilots"]
    commands = ["search", "property", "wards", "ward", "model", "score", "risk", "quality", "sources", "link", "eval", "pilots", "dashboard"]
    field_groups = ["risk"]

    [roles.dpo]
    label = "Data protection officer (admin)"
    screens = ["*"]
    commands = ["*"]
    field_groups = ["*"]
    admin = true
    """

    /// The parsed default policy.
    public static let `default`: Policy = try! parse(text: defaultText, path: "default policy")
}
