import Foundation
@preconcurrency import TOMLKit

/// A problem in a rule file, with where it is: `rules/fraud.toml:42:3: strenght: unknown setting — did you mean "strength"?`
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var key: String?
    public var problem: String
    public var remedy: String?

    public var description: String {
        var s = file
        if let line { s += ":\(line)"; if let column { s += ":\(column)" } }
        s += ": "
        if let key { s += "\(key): " }
        s += problem
        if let remedy { s += " — " + remedy }
        return s
    }
}

/// Every problem found in one rule file (all are reported at once; no scan runs until all are fixed).
public struct RuleFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RuleFileError]
    public var description: String {
        errors.map(\.description).joined(separator: "\n") + "\n(no scan runs with a broken rule file: fix the lines above, then `warden fraud rules --check`)"
    }
}

/// Reads, checks and finds the counter-fraud rule file (see docs/counter-fraud.md).
public enum FraudRuleFile {
    /// Where the rule file comes from when no `--rules` is given, first match wins:
    /// `$WARDEN_FRAUD_RULES`; `$XDG_CONFIG_HOME/warden/fraud-rules.toml` (or `~/.config/...`), a
    /// council's own edited copy; `rules/fraud.toml` in the working folder or beside the
    /// executable's package; else the built-in copy of `rules/fraud.toml`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "",
                              currentDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        if let p = environment["WARDEN_FRAUD_RULES"], !p.isEmpty { return p }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        var candidates = [config + "/warden/fraud-rules.toml", currentDirectory + "/rules/fraud.toml"]
        if !executable.isEmpty {
            var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("rules/fraud.toml").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The text of the built-in rules (identical to `rules/fraud.toml`).
    public static var builtInText: String { DefaultFraudRules.text }

    /// The rule set to use: `path` if given, else the located file, else the built-in rules.
    public static func resolve(path: String?) throws -> FraudRuleSet {
        if let p = path ?? locate() { return try load(path: p) }
        return try parse(text: DefaultFraudRules.text, origin: "built-in")
    }

    /// Reads and checks a rule file.
    public static func load(path: String) throws -> FraudRuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw RuleFileError(file: path, problem: exists ? "cannot read the rule file" : "no rule file here",
                                remedy: exists ? "check its permissions" : "give the path of a rule file, or write one with `warden fraud rules --write PATH`")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, problem: "the rule file is not UTF-8 text", remedy: "save it as UTF-8")
        }
        return try parse(text: text, origin: path)
    }

    // MARK: - Settings each table accepts

    enum ValueKind { case string, number, integer, bool, strings }

    struct Spec { let key: String; let kind: ValueKind; let required: Bool }

    static let settingsKeys: [Spec] = [Spec(key: "threshold", kind: .integer, required: false), Spec(key: "due_days", kind: .integer, required: false),
                                       Spec(key: "keep_from", kind: .integer, required: false)]
    static let presenceKeys: [Spec] = [Spec(key: "stale_factor", kind: .number, required: false), Spec(key: "moved_factor", kind: .number, required: false),
                                       Spec(key: "same_name_is_same_person", kind: .bool, required: false)]
    static let evidenceKeys: [Spec] = [Spec(key: "weight", kind: .number, required: true), Spec(key: "half_life_days", kind: .integer, required: false),
                                       Spec(key: "adult_from_column", kind: .string, required: false), Spec(key: "refresh_days", kind: .integer, required: false),
                                       Spec(key: "current_roles", kind: .strings, required: false)]
    static let topKeys: Set<String> = ["settings", "band_charges", "presence", "evidence", "rule"]

    static let commonRuleKeys: [Spec] = [
        Spec(key: "id", kind: .string, required: true), Spec(key: "case_type", kind: .string, required: true),
        Spec(key: "title", kind: .string, required: false), Spec(key: "pattern", kind: .string, required: true),
        Spec(key: "enabled", kind: .bool, required: false), Spec(key: "description", kind: .string, required: false),
        Spec(key: "strength", kind: .number, required: true), Spec(key: "value", kind: .string, required: true),
        Spec(key: "threshold", kind: .integer, required: false), Spec(key: "claim_system", kind: .string, required: true),
    ]

    static func patternKeys(_ p: FraudPattern) -> [Spec] {
        func s(_ k: String, _ kind: ValueKind, _ required: Bool = false) -> Spec { Spec(key: k, kind: kind, required: required) }
        switch p {
        case .discountWithOtherAdults:
            return [s("discount", .string, true), s("evidence", .strings, true), s("min_sources", .integer), s("adult_age", .integer),
                    s("disregard_pupils_up_to_age", .integer), s("discount_from_column", .string), s("grown_child_factor", .number)]
        case .holderActiveAfterDeath:
            return [s("active_statuses", .strings), s("death_system", .string, true), s("grace_days", .integer), s("discount", .string)]
        case .tenantLivingElsewhere:
            return [s("evidence", .strings, true), s("elsewhere_evidence", .strings, true), s("min_sources", .integer), s("adult_age", .integer),
                    s("void_roles", .strings), s("void_weight", .number)]
        case .householdOmitsAdult:
            return [s("evidence", .strings, true), s("min_sources", .integer), s("adult_age", .integer), s("disregard_pupils_up_to_age", .integer),
                    s("alone_discount", .string), s("couple_bedrooms", .integer)]
        case .exemptionWithResidents:
            return [s("exemptions", .strings, true), s("evidence", .strings, true), s("min_sources", .integer)]
        case .reliefOnSeveralProperties:
            return [s("relief", .string, true), s("small_property_below", .number), s("count_unrelieved_properties", .bool)]
        }
    }

    static var allRuleKeys: Set<String> {
        var s = Set(commonRuleKeys.map(\.key))
        for p in FraudPattern.allCases { s.formUnion(patternKeys(p).map(\.key)) }
        return s
    }

    // MARK: - Parsing

    /// Parses rule-file text; `origin` names it in messages. Every problem is reported at once.
    public static func parse(text: String, origin: String) throws -> FraudRuleSet {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw RuleFileError(file: origin, line: e.source.begin.line, column: e.source.begin.column,
                                problem: "not valid TOML: \(e.description)", remedy: "fix the syntax at that line and column")
        }
        let at = RuleFileLocator(text: text)
        var errors: [RuleFileError] = []
        func fail(_ pos: (line: Int, column: Int)?, _ key: String?, _ problem: String, _ remedy: String? = nil) {
            errors.append(RuleFileError(file: origin, line: pos?.line, column: pos?.column, key: key, problem: problem, remedy: remedy))
        }

        for key in table.keys.sorted() where !topKeys.contains(key) {
            fail(at.key(key, in: ""), key, "unknown table or setting",
                 Suggest.hint(key, in: topKeys) ?? "a rule file has [settings], [band_charges], [presence], [evidence.SYSTEM] and [[rule]]")
        }

        /// Reads typed values of a table, reporting unknown keys and wrong types.
        struct Reader {
            let table: TOMLTable
            let section: String
            let specs: [Spec]
            let at: RuleFileLocator
            var fail: (_ pos: (line: Int, column: Int)?, _ key: String?, _ problem: String, _ remedy: String?) -> Void
            var fallback: (line: Int, column: Int)? = nil

            func pos(_ key: String) -> (line: Int, column: Int)? { at.key(key, in: section) ?? at.section(section) ?? fallback }

            func checkKeys(otherValid: Set<String> = [], otherMessage: String? = nil) {
                let known = Set(specs.map(\.key))
                for key in table.keys.sorted() where !known.contains(key) {
                    if otherValid.contains(key), let otherMessage {
                        fail(pos(key), key, otherMessage, "remove it, or use a pattern it applies to")
                    } else {
                        fail(pos(key), key, "unknown setting", Suggest.hint(key, in: known) ?? "known settings here: " + specs.map(\.key).joined(separator: ", "))
                    }
                }
                for s in specs where s.required && table[s.key] == nil {
                    fail(at.section(section) ?? fallback, s.key, "missing setting", "add \(s.key) = ...")
                }
            }

            func string(_ k: String) -> String? {
                guard let v = table[k] else { return nil }
                if let s = v.string { return s }
                fail(pos(k), k, "must be text in quotes", nil); return nil
            }
            func number(_ k: String) -> Double? {
                guard let v = table[k] else { return nil }
                if v.type == .int, let i = v.int { return Double(i) }
                if let d = v.double { return d }
                fail(pos(k), k, "must be a number", nil); return nil
            }
            func integer(_ k: String) -> Int? {
                guard let v = table[k] else { return nil }
                if v.type == .int, let i = v.int { return i }
                fail(pos(k), k, "must be a whole number", nil); return nil
            }
            func bool(_ k: String) -> Bool? {
                guard let v = table[k] else { return nil }
                if let b = v.bool { return b }
                fail(pos(k), k, "must be true or false", nil); return nil
            }
            func strings(_ k: String) -> [String]? {
                guard let v = table[k] else { return nil }
                if let one = v.string { return [one] }
                guard let arr = v.array else { fail(pos(k), k, "must be a list of text, e.g. [\"a\", \"b\"]", nil); return nil }
                var out: [String] = []
                for e in arr {
                    guard let s = e.string else { fail(pos(k), k, "must be a list of text, e.g. [\"a\", \"b\"]", nil); return nil }
                    out.append(s)
                }
                return out
            }
        }
        let failer: (_ pos: (line: Int, column: Int)?, _ key: String?, _ problem: String, _ remedy: String?) -> Void = { p, k, pr, r in fail(p, k, pr, r) }

        // [settings]
        var threshold = 50, dueDays = 28, keepFrom = 15
        if let t = table["settings"] {
            if let s = t.table {
                let r = Reader(table: s, section: "settings", specs: settingsKeys, at: at, fail: failer)
                r.checkKeys()
                if let v = r.integer("threshold") {
                    if (0...100).contains(v) { threshold = v } else { fail(r.pos("threshold"), "threshold", "must be between 0 and 100") }
                }
                if let v = r.integer("keep_from") {
                    if (0...100).contains(v) { keepFrom = v } else { fail(r.pos("keep_from"), "keep_from", "must be between 0 and 100") }
                }
                if let v = r.integer("due_days") {
                    if (1...3650).contains(v) { dueDays = v } else { fail(r.pos("due_days"), "due_days", "must be between 1 and 3650 days") }
                }
            } else { fail(at.key("settings", in: ""), "settings", "must be a table: [settings]") }
        }

        // [presence]
        var presence = PresenceSettings()
        if let t = table["presence"] {
            if let s = t.table {
                let r = Reader(table: s, section: "presence", specs: presenceKeys, at: at, fail: failer)
                r.checkKeys()
                for (k, path) in [("stale_factor", \PresenceSettings.staleFactor), ("moved_factor", \PresenceSettings.movedFactor)] {
                    if let v = r.number(k) {
                        if (0...1).contains(v) { presence[keyPath: path] = v } else { fail(r.pos(k), k, "must be between 0 and 1") }
                    }
                }
                if let b = r.bool("same_name_is_same_person") { presence.sameNameIsSamePerson = b }
            } else { fail(at.key("presence", in: ""), "presence", "must be a table: [presence]") }
        }

        // [band_charges]
        var bands: [String: Double] = [:]
        if let t = table["band_charges"] {
            if let s = t.table {
                for key in s.keys.sorted() {
                    let p = at.key(key, in: "band_charges")
                    guard key.count == 1, let c = key.first, c.isLetter, c.isUppercase else {
                        fail(p, key, "a band is one capital letter (A to H, or I in Wales)"); continue
                    }
                    let v = s[key]!
                    if v.type == .int, let i = v.int { bands[key] = Double(i) }
                    else if let d = v.double { bands[key] = d }
                    else { fail(p, key, "must be a number of pounds"); continue }
                    if bands[key]! < 0 { fail(p, key, "must not be negative") }
                }
            } else { fail(at.key("band_charges", in: ""), "band_charges", "must be a table: [band_charges]") }
        }

        // [evidence.SYSTEM]
        var evidence: [String: EvidenceWeight] = [:]
        if let t = table["evidence"] {
            if let s = t.table {
                for system in s.keys.sorted() {
                    let section = "evidence." + system
                    guard let e = s[system]!.table else {
                        fail(at.key(system, in: "evidence") ?? at.section(section), system, "must be a table: [evidence.\(system)] with weight = ...")
                        continue
                    }
                    let r = Reader(table: e, section: section, specs: evidenceKeys, at: at, fail: failer, fallback: at.key(system, in: "evidence"))
                    r.checkKeys()
                    var w = EvidenceWeight(weight: 0.5, halfLifeDays: 0)
                    if let v = r.number("weight") {
                        if (0...1).contains(v) { w.weight = v } else { fail(r.pos("weight"), "evidence.\(system).weight", "must be between 0 and 1") }
                    }
                    if let v = r.integer("half_life_days") {
                        if v >= 0 { w.halfLifeDays = v } else { fail(r.pos("half_life_days"), "evidence.\(system).half_life_days", "must not be negative") }
                    }
                    w.adultFromColumn = r.string("adult_from_column")
                    if let v = r.integer("refresh_days") {
                        if (1...3650).contains(v) { w.refreshDays = v } else { fail(r.pos("refresh_days"), "evidence.\(system).refresh_days", "must be between 1 and 3650 days") }
                    }
                    if let roles = r.strings("current_roles") { w.currentRoles = roles.map { $0.lowercased() } }
                    evidence[system] = w
                }
            } else { fail(at.key("evidence", in: ""), "evidence", "must be tables: [evidence.SYSTEM]") }
        }

        // [[rule]]
        var rules: [FraudRule] = []
        var seen: [String: Int] = [:]
        let items: [any TOMLValueConvertible] = table["rule"]?.array.map { Array($0) } ?? []
        if table["rule"] != nil && table["rule"]?.array == nil { fail(at.key("rule", in: ""), "rule", "rules are written as [[rule]] tables") }
        for (index, item) in items.enumerated() {
            let section = "rule#\(index)"
            let line = at.section(section)?.line ?? 1
            guard let t = item.table else { fail(at.section(section), "rule", "each [[rule]] must be a table"); continue }
            var r = Reader(table: t, section: section, specs: commonRuleKeys, at: at, fail: failer)
            let patternText = r.string("pattern")
            let pattern = patternText.flatMap(FraudPattern.init(rawValue:))
            if let patternText, pattern == nil {
                fail(r.pos("pattern"), "pattern", "unknown pattern \"\(patternText)\"",
                     Suggest.hint(patternText, in: FraudPattern.allCases.map(\.rawValue)) ?? "one of: " + FraudPattern.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let pattern {
                r = Reader(table: t, section: section, specs: commonRuleKeys + patternKeys(pattern), at: at, fail: failer)
                r.checkKeys(otherValid: allRuleKeys, otherMessage: "does not apply to pattern \(pattern.rawValue)")
            } else {
                // Without a pattern only settings no pattern knows are reported.
                let known = allRuleKeys
                for key in t.keys.sorted() where !known.contains(key) {
                    fail(r.pos(key), key, "unknown setting", Suggest.hint(key, in: known))
                }
            }
            let id = r.string("id") ?? ""
            if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) {
                if t["id"] != nil { fail(r.pos("id"), "id", "\"\(id)\" is not a valid rule id", "use lower-case letters, digits, - and _") }
            }
            if let prev = seen[id], !id.isEmpty { fail(r.pos("id"), "id", "rule \"\(id)\" is defined twice (first at line \(prev))") }
            seen[id] = line
            let caseType = r.string("case_type") ?? ""
            if t["case_type"] != nil && (caseType.isEmpty || !caseType.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })) {
                fail(r.pos("case_type"), "case_type", "\"\(caseType)\" is not a valid case type", "use lower-case letters, digits and _, e.g. single_person_discount")
            }
            let strength = r.number("strength") ?? 0.5
            if !(0...1).contains(strength) { fail(r.pos("strength"), "strength", "must be between 0 and 1") }
            let valueText = r.string("value") ?? "0"
            var formula: ValueFormula = .constant(0)
            do { formula = try ValueFormula.parse(valueText) } catch {
                var p = at.valueStart("value", in: section)
                if let v = p { p = (v.line, v.column + 1 + error.offset) }   // after the opening quote
                fail(p, "value", "cannot read the formula: \(error.problem)",
                     "write e.g. \"0.25 * band_charge\"; quantities: " + ValueFormula.variables.map(\.name).joined(separator: ", "))
            }
            let ruleThreshold = r.integer("threshold")
            if let v = ruleThreshold, !(0...100).contains(v) { fail(r.pos("threshold"), "threshold", "must be between 0 and 100") }
            func systems(_ k: String) -> [String] {
                let list = r.strings(k) ?? []
                for s in list where evidence[s] == nil {
                    fail(r.pos(k), k, "no evidence weight for system \"\(s)\"",
                         Suggest.hint(s, in: evidence.keys) ?? "add [evidence.\(s)] with its weight")
                }
                return list
            }
            let minSources = r.integer("min_sources") ?? 1
            if minSources < 1 || minSources > 10 { fail(r.pos("min_sources"), "min_sources", "must be between 1 and 10") }
            let adultAge = r.integer("adult_age") ?? 18
            if !(14...25).contains(adultAge) { fail(r.pos("adult_age"), "adult_age", "must be between 14 and 25") }
            let graceDays = r.integer("grace_days") ?? 30
            if graceDays < 0 { fail(r.pos("grace_days"), "grace_days", "must not be negative") }
            let small = r.number("small_property_below") ?? 2900
            if small < 0 { fail(r.pos("small_property_below"), "small_property_below", "must not be negative") }
            let exemptions = (r.strings("exemptions") ?? []).map { $0.uppercased() }
            if pattern == .exemptionWithResidents && t["exemptions"] != nil && exemptions.isEmpty {
                fail(r.pos("exemptions"), "exemptions", "list at least one exemption class, e.g. [\"C\"]")
            }
            let grownChildFactor = r.number("grown_child_factor")
            if let v = grownChildFactor, !(0...1).contains(v) { fail(r.pos("grown_child_factor"), "grown_child_factor", "must be between 0 and 1") }
            let voidWeight = r.number("void_weight")
            if let v = voidWeight, !(0...1).contains(v) { fail(r.pos("void_weight"), "void_weight", "must be between 0 and 1") }
            if t["void_weight"] != nil && t["void_roles"] == nil {
                fail(r.pos("void_weight"), "void_weight", "has no effect without void_roles", "add void_roles = [\"council\"] (the roles of a void account)")
            }
            var rule = FraudRule(
                id: id, caseType: caseType, title: r.string("title") ?? FraudCaseType.label(caseType), pattern: pattern ?? .discountWithOtherAdults,
                enabled: r.bool("enabled") ?? true, description: r.string("description"), strength: strength, value: valueText,
                threshold: ruleThreshold, claimSystem: r.string("claim_system") ?? "", evidence: systems("evidence"), minSources: minSources,
                adultAge: adultAge, disregardPupilsUpToAge: r.integer("disregard_pupils_up_to_age"), discount: r.string("discount"),
                exemptions: exemptions, relief: r.string("relief"), activeStatuses: (r.strings("active_statuses") ?? []).map { $0.lowercased() },
                deathSystem: r.string("death_system"), graceDays: graceDays, elsewhereEvidence: systems("elsewhere_evidence"),
                smallPropertyBelow: small, countUnreliefProperties: r.bool("count_unrelieved_properties") ?? false,
                aloneDiscount: r.string("alone_discount"), discountFromColumn: r.string("discount_from_column"), grownChildFactor: grownChildFactor,
                voidRoles: r.strings("void_roles").map { $0.map { $0.lowercased() } }, voidWeight: voidWeight,
                version: "", line: line)
            if formula.variablesUsed.contains("band_charge") && bands.isEmpty {
                fail(r.pos("value"), "value", "the formula uses band_charge but the file has no [band_charges]", "add [band_charges] with A = ..., B = ...")
            }
            rule.coupleBedrooms = r.integer("couple_bedrooms")
            if let b = rule.coupleBedrooms, b < 1 { fail(r.pos("couple_bedrooms"), "couple_bedrooms", "must be 1 or more", "couple_bedrooms = 1 (a one-bedroom home)") }
            rule.version = version(of: rule, evidence: evidence, bands: formula.variablesUsed.contains("band_charge") ? bands : [:], presence: presence)
            if pattern != nil { rules.append(rule) }
        }
        if items.isEmpty && table["rule"] == nil {
            fail(nil, "rule", "the rule file has no rules", "add one [[rule]] table per rule (see docs/counter-fraud.md)")
        }
        if !errors.isEmpty {
            errors.sort { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
            if errors.count == 1 { throw errors[0] }
            throw RuleFileErrors(errors: errors)
        }
        return FraudRuleSet(threshold: threshold, keepFrom: keepFrom, dueDays: dueDays, bandCharges: bands, evidence: evidence, presence: presence,
                            rules: rules, origin: origin, sha256: SHA256Hasher.hex(of: text))
    }

    /// A short content hash of everything a rule's findings depend on.
    static func version(of rule: FraudRule, evidence: [String: EvidenceWeight], bands: [String: Double], presence: PresenceSettings) -> String {
        var r = rule
        r.line = 0
        r.version = ""
        r.title = ""            // wording changes do not change what a rule finds
        r.description = nil
        struct Basis: Encodable {
            var rule: FraudRule
            var weights: [String: EvidenceWeight]
            var bands: [String: Double]
            var presence: PresenceSettings
            /// The pattern's code revision, from 2 on (rules of unchanged patterns keep their versions).
            var patternRevision: Int?
        }
        var used: [String: EvidenceWeight] = [:]
        for s in rule.evidence + rule.elsewhereEvidence { used[s] = evidence[s] }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let data = (try? enc.encode(Basis(rule: r, weights: used, bands: bands, presence: presence,
                                                  patternRevision: rule.pattern.revision > 1 ? rule.pattern.revision : nil))) ?? Data()
        return String(SHA256Hasher.hex(of: String(decoding: data, as: UTF8.self)).prefix(8))
    }
}

/// Finds where tables and keys are written in a rule file (TOMLKit does not keep positions).
struct RuleFileLocator {
    /// Section name of each line: "" (top), "settings", "evidence.council_tax", "rule#0", ...
    private var keys: [String: (line: Int, column: Int, valueColumn: Int)] = [:]
    private var sections: [String: (line: Int, column: Int)] = [:]

    init(text: String) {
        var section = ""
        var ruleIndex = -1
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Array(raw)
            var j = 0
            while j < line.count && (line[j] == " " || line[j] == "\t") { j += 1 }
            guard j < line.count, line[j] != "#" else { continue }
            if line[j] == "[" {
                let rest = String(line[j...])
                if rest.hasPrefix("[[") {
                    let name = rest.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                    if name == "rule" { ruleIndex += 1; section = "rule#\(ruleIndex)" } else { section = name }
                } else {
                    section = rest.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                }
                if sections[section] == nil { sections[section] = (i + 1, j + 1) }
                continue
            }
            // key = value (the key bare or quoted)
            var key = ""
            var k = j
            if line[k] == "\"" || line[k] == "'" {
                let q = line[k]; k += 1
                while k < line.count && line[k] != q { key.append(line[k]); k += 1 }
                k += 1
            } else {
                while k < line.count && line[k] != "=" && line[k] != " " && line[k] != "\t" { key.append(line[k]); k += 1 }
            }
            while k < line.count && (line[k] == " " || line[k] == "\t") { k += 1 }
            guard k < line.count, line[k] == "=", !key.isEmpty else { continue }
            var v = k + 1
            while v < line.count && (line[v] == " " || line[v] == "\t") { v += 1 }
            let name = section.isEmpty ? key : section + "." + key
            if keys[name] == nil { keys[name] = (i + 1, j + 1, v + 1) }
            // Keys of an inline table on the same line ({ weight = 0.9, ... }).
            if v < line.count && line[v] == "{" {
                var m = v + 1
                while m < line.count {
                    while m < line.count && (line[m] == " " || line[m] == "," || line[m] == "\t") { m += 1 }
                    let start = m
                    var inner = ""
                    while m < line.count && line[m] != "=" && line[m] != " " && line[m] != "}" { inner.append(line[m]); m += 1 }
                    while m < line.count && line[m] == " " { m += 1 }
                    guard m < line.count, line[m] == "=", !inner.isEmpty else { break }
                    var vs = m + 1
                    while vs < line.count && line[vs] == " " { vs += 1 }
                    let innerName = name + "." + inner
                    if keys[innerName] == nil { keys[innerName] = (i + 1, start + 1, vs + 1) }
                    // skip the value
                    var depth = 0, inString = false
                    m = vs
                    while m < line.count {
                        let c = line[m]
                        if c == "\"" { inString.toggle() }
                        if !inString {
                            if c == "[" || c == "{" { depth += 1 }
                            if c == "]" || c == "}" { if depth == 0 { break }; depth -= 1 }
                            if c == "," && depth == 0 { break }
                        }
                        m += 1
                    }
                    if m < line.count && line[m] == "}" { break }
                }
            }
        }
    }

    /// Line and column of `key =` in a section ("" for the top level).
    func key(_ key: String, in section: String) -> (line: Int, column: Int)? {
        let name = section.isEmpty ? key : section + "." + key
        return keys[name].map { ($0.line, $0.column) }
    }

    /// Line and column where the value of `key` starts.
    func valueStart(_ key: String, in section: String) -> (line: Int, column: Int)? {
        let name = section.isEmpty ? key : section + "." + key
        return keys[name].map { ($0.line, $0.valueColumn) }
    }

    /// Line and column of a table header.
    func section(_ name: String) -> (line: Int, column: Int)? { sections[name] }

    func hasSection(_ name: String) -> Bool { sections[name] != nil }
}
