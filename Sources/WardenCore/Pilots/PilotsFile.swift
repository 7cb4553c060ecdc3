import Foundation
@preconcurrency import TOMLKit
import WardenLinkage

/// A data-sharing programme as its file describes it: who takes part, what data each was asked
/// for and has supplied, milestones, blockers and lessons.
public struct Programme: Sendable, Codable, Equatable {
    public struct Thresholds: Sendable, Codable, Equatable {
        public var uprnMatchRate = 0.95
        public var personMatchRate = 0.90
        public var maxRejectRate = 0.02
        public var graceDays = 0
    }
    public struct Participant: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        public var contact: String?
    }
    public struct Dataset: Sendable, Codable, Equatable {
        public var id: Int64?
        public var participant: String
        public var name: String
        /// For the local borough: the system whose loaded sources supply it.
        public var system: String?
        public var due: CivilDate?
        public var supplied: CivilDate?
        /// Share of the data usable after matching (0–1), as the participant reported it.
        public var quality: Double?
    }
    public struct Milestone: Sendable, Codable, Equatable {
        public var id: Int64?
        public var name: String
        public var plannedStart: CivilDate?
        public var plannedEnd: CivilDate?
        public var actualStart: CivilDate?
        public var actualEnd: CivilDate?
    }
    public struct Blocker: Sendable, Codable, Equatable {
        public var id: Int64?
        public var participant: String
        public var raised: CivilDate?
        public var description: String
        public var resolved: CivilDate?
        public var isOpen: Bool { resolved == nil }
    }

    public var name: String
    public var aim: String
    public var lead: String
    /// The participant whose figures come live from this warehouse.
    public var localParticipant: String?
    public var thresholds: Thresholds
    public var participants: [Participant]
    public var datasets: [Dataset]
    public var milestones: [Milestone]
    public var blockers: [Blocker]
    public var lessons: [String]
}

/// Reads a programme file. Problems are collected, not thrown: the panel opens with what is
/// valid and lists what was not (file, line, field, what is wrong).
public enum ProgrammeFile {
    public struct Loaded: Sendable {
        public var programme: Programme?
        public var problems: [UserFacingError]
    }

    public static func load(path: String) -> Loaded {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return Loaded(programme: nil, problems: [UserFacingError(file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot read the pilots file as UTF-8 text" : "no pilots file here",
                                                                     remedy: "give the path of a pilots.toml (see sample-data/pilots.toml)")])
        }
        return parse(text: text, path: path)
    }

    static let tables = ["programme", "thresholds", "participant", "dataset", "milestone", "blocker", "lesson"]

    public static func parse(text: String, path: String) -> Loaded {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            return Loaded(programme: nil, problems: [UserFacingError(file: path, line: e.source.begin.line, problem: "not valid TOML: \(e.description) (column \(e.source.begin.column))", remedy: "fix the syntax at that line")])
        } catch {
            return Loaded(programme: nil, problems: [UserFacingError(file: path, problem: "not valid TOML: \(error)")])
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var problems: [UserFacingError] = []
        // Line of the n-th "[[name]]" header, and of a key inside it.
        func headerLine(_ name: String, _ n: Int) -> Int? {
            var count = -1
            for (i, l) in lines.enumerated() where l.trimmingCharacters(in: .whitespaces) == "[[\(name)]]" || l.trimmingCharacters(in: .whitespaces) == "[\(name)]" {
                count += 1
                if count == n { return i + 1 }
            }
            return nil
        }
        func keyLine(_ name: String, _ n: Int, _ key: String) -> Int? {
            guard let start = headerLine(name, n) else { return nil }
            var i = start
            while i < lines.count {
                let t = lines[i].trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("[") { break }
                if t.hasPrefix(key), t.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return i + 1 }
                i += 1
            }
            return start
        }
        func problem(_ line: Int?, _ field: String, _ what: String, _ remedy: String? = nil) {
            problems.append(UserFacingError(file: path, line: line, field: field, problem: what, remedy: remedy))
        }
        for key in table.keys.sorted() where !tables.contains(key) {
            problem(nil, key, "unknown table", Suggest.hint(key, in: tables))
        }
        func items(_ name: String) -> [TOMLTable] { table[name]?.array.map { $0.compactMap(\.table) } ?? [] }
        func date(_ t: TOMLTable, _ key: String, _ section: String, _ n: Int) -> CivilDate? {
            guard let v = t[key] else { return nil }
            if let d = v.date { return CivilDate(year: d.year, month: d.month, day: d.day) }
            guard let s = v.string, !s.isEmpty else { return nil }
            if let d = CivilDate(iso: s) { return d }
            problem(keyLine(section, n, key), "\(section).\(key)", "\"\(s)\" is not a date in the form yyyy-MM-dd", "write e.g. 2026-09-30")
            return nil
        }

        let p = table["programme"]?.table
        if p == nil { problem(1, "programme", "the file has no [programme] table", "add [programme] with name, aim and lead") }
        var thresholds = Programme.Thresholds()
        if let t = table["thresholds"]?.table {
            func rate(_ k: String, _ set: (Double) -> Void) {
                guard let v = t[k] else { return }
                if let d = v.double ?? v.int.map(Double.init), d >= 0, d <= 1 || k == "grace_days" { set(d) }
                else { problem(keyLine("thresholds", 0, k), "thresholds.\(k)", "must be a number between 0 and 1") }
            }
            rate("uprn_match_rate") { thresholds.uprnMatchRate = $0 }
            rate("person_match_rate") { thresholds.personMatchRate = $0 }
            rate("max_reject_rate") { thresholds.maxRejectRate = $0 }
            if let g = t["grace_days"] { if let n = g.int, n >= 0 { thresholds.graceDays = n } else { problem(keyLine("thresholds", 0, "grace_days"), "thresholds.grace_days", "must be a whole number of days") } }
        }
        var participants: [Programme.Participant] = []
        for (n, t) in items("participant").enumerated() {
            guard let name = t["name"]?.string, !name.isEmpty else { problem(headerLine("participant", n), "participant.name", "a participant needs a name"); continue }
            if participants.contains(where: { $0.name == name }) { problem(keyLine("participant", n, "name"), "participant.name", "\"\(name)\" is listed twice"); continue }
            participants.append(.init(name: name, kind: t["kind"]?.string ?? "borough", contact: t["contact"]?.string))
        }
        let known = Set(participants.map(\.name))
        func checkParticipant(_ t: TOMLTable, _ section: String, _ n: Int) -> String? {
            guard let who = t["participant"]?.string else { problem(headerLine(section, n), "\(section).participant", "names no participant"); return nil }
            guard known.contains(who) else {
                problem(keyLine(section, n, "participant"), "\(section).participant", "unknown participant \"\(who)\"",
                        Suggest.hint(who, in: known) ?? "add it as a [[participant]] first")
                return nil
            }
            return who
        }
        var datasets: [Programme.Dataset] = []
        for (n, t) in items("dataset").enumerated() {
            guard let who = checkParticipant(t, "dataset", n) else { continue }
            guard let name = t["name"]?.string else { problem(headerLine("dataset", n), "dataset.name", "a dataset needs a name"); continue }
            var quality: Double?
            if let q = t["quality"] {
                if let d = q.double ?? q.int.map(Double.init), d >= 0, d <= 1 { quality = d } else { problem(keyLine("dataset", n, "quality"), "dataset.quality", "must be a share between 0 and 1") }
            }
            datasets.append(.init(participant: who, name: name, system: t["system"]?.string, due: date(t, "due", "dataset", n),
                                  supplied: date(t, "supplied", "dataset", n), quality: quality))
        }
        var milestones: [Programme.Milestone] = []
        for (n, t) in items("milestone").enumerated() {
            guard let name = t["name"]?.string else { problem(headerLine("milestone", n), "milestone.name", "a milestone needs a name"); continue }
            let m = Programme.Milestone(name: name, plannedStart: date(t, "planned_start", "milestone", n), plannedEnd: date(t, "planned_end", "milestone", n),
                                        actualStart: date(t, "actual_start", "milestone", n), actualEnd: date(t, "actual_end", "milestone", n))
            if let s = m.plannedStart, let e = m.plannedEnd, e < s {
                problem(keyLine("milestone", n, "planned_end"), "milestone.planned_end", "\"\(name)\" ends (\(e.iso)) before it starts (\(s.iso))", "correct one of the dates"); continue
            }
            if let s = m.actualStart, let e = m.actualEnd, e < s {
                problem(keyLine("milestone", n, "actual_end"), "milestone.actual_end", "\"\(name)\" ends (\(e.iso)) before it starts (\(s.iso))", "correct one of the dates"); continue
            }
            milestones.append(m)
        }
        var blockers: [Programme.Blocker] = []
        for (n, t) in items("blocker").enumerated() {
            guard let who = checkParticipant(t, "blocker", n) else { continue }
            blockers.append(.init(participant: who, raised: date(t, "raised", "blocker", n), description: t["description"]?.string ?? "(no description)",
                                  resolved: date(t, "resolved", "blocker", n)))
        }
        let lessons = items("lesson").compactMap { $0["text"]?.string }
        guard let p else { return Loaded(programme: nil, problems: problems) }
        let local = p["local_participant"]?.string
        if let local, !known.contains(local) {
            problem(keyLine("programme", 0, "local_participant"), "programme.local_participant", "unknown participant \"\(local)\"", Suggest.hint(local, in: known))
        }
        let programme = Programme(name: p["name"]?.string ?? "Unnamed programme", aim: p["aim"]?.string ?? "", lead: p["lead"]?.string ?? "",
                                  localParticipant: local.flatMap { known.contains($0) ? $0 : nil }, thresholds: thresholds,
                                  participants: participants, datasets: datasets, milestones: milestones, blockers: blockers, lessons: lessons)
        return Loaded(programme: programme, problems: problems)
    }
}
