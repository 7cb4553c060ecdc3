import Foundation
import GRDB
import WardenLinkage

/// A programme with every status derived: who is on time, who is behind and why, what data is
/// missing, where the programme stands against its milestones. The local borough's row comes
/// live from the warehouse's own loads.
public struct PilotReport: Sendable, Codable, Equatable {
    /// RAG status, readable without colour: a symbol and a word as well as a colour role.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case onTime = "on time"
        case behind = "behind"
        case blocked = "blocked"
        public var symbol: String {
            switch self { case .onTime: return "●"; case .behind: return "▲"; case .blocked: return "■" }
        }
        public var rag: String {
            switch self { case .onTime: return "green"; case .behind: return "amber"; case .blocked: return "red" }
        }
        /// The pilot's own wording.
        public var meaning: String {
            switch self {
            case .onTime: return "On time, sufficient data quality"
            case .behind: return "Behind schedule or data quality below threshold"
            case .blocked: return "Outstanding issues or blockers"
            }
        }
    }

    public struct DatasetStatus: Sendable, Codable, Equatable {
        public enum State: String, Sendable, Codable { case notYetDue = "not yet due", onTime = "supplied on time", late = "supplied late", overdue, lowQuality = "quality below threshold" }
        public var id: Int64?
        public var name: String
        public var system: String?
        public var due: String?
        public var supplied: String?
        public var quality: Double?
        public var state: State
        /// True when the figures come from this warehouse's loads, not from the file.
        public var live: Bool
        public var detail: String?
    }

    public struct ParticipantStatus: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        public var contact: String?
        public var isLocal: Bool
        public var status: Status
        public var reasons: [String]
        public var asked: Int
        public var supplied: Int
        /// The lowest quality among supplied datasets.
        public var quality: Double?
        public var openBlockers: [String]
        public var datasets: [DatasetStatus]
    }

    public struct MilestoneStatus: Sendable, Codable, Equatable {
        public enum State: String, Sendable, Codable { case done, inProgress = "in progress", late, notStarted = "not started" }
        public var id: Int64?
        public var name: String
        public var plannedStart: String?
        public var plannedEnd: String?
        public var actualStart: String?
        public var actualEnd: String?
        public var state: State
        /// Days behind plan (positive late), at the end if done, else against today.
        public var slipDays: Int?
    }

    public var programme: String
    public var aim: String
    public var lead: String
    public var today: String
    public var thresholds: Programme.Thresholds
    public var participants: [ParticipantStatus]
    public var counts: [String: Int]
    public var milestones: [MilestoneStatus]
    public var blockers: [Programme.Blocker]
    public var lessons: [String]
    /// What the programme file got wrong when it was loaded.
    public var problems: [String]

    /// Every programme in the warehouse, with statuses as of `today`.
    public static func all(_ warehouse: Warehouse, today: CivilDate = .today) throws -> [PilotReport] {
        try warehouse.pool.read { db in
            let live = try LiveSupply.read(db)
            return try PilotStore.programmes(db).map { derive($0.programme, problems: $0.problems, live: live, today: today) }
        }
    }

    /// The programme called `name` (case-insensitive), or nil.
    public static func named(_ name: String, warehouse: Warehouse, today: CivilDate = .today) throws -> PilotReport? {
        try all(warehouse, today: today).first { $0.programme.lowercased() == name.lowercased() }
    }

    static func derive(_ p: Programme, problems: [String], live: [String: LiveSupply], today: CivilDate) -> PilotReport {
        let t = p.thresholds
        var participants: [ParticipantStatus] = []
        for part in p.participants {
            let isLocal = part.name == p.localParticipant
            var datasets: [DatasetStatus] = []
            var reasons: [String] = []
            for d in p.datasets where d.participant == part.name {
                var supplied = d.supplied, quality = d.quality, detail: String?, isLive = false
                if isLocal, let system = d.system {
                    isLive = true
                    if let l = live[system] {
                        supplied = l.firstLoaded
                        quality = l.quality
                        detail = l.detail(t)
                    } else {
                        supplied = nil; quality = nil
                        detail = "no \(system) extract loaded"
                    }
                }
                let state: DatasetStatus.State
                if let s = supplied {
                    if let due = d.due, s > due.adding(days: t.graceDays) { state = .late }
                    else if let q = quality, q < qualityFloor(system: d.system, t) { state = .lowQuality }
                    else if isLive, let l = live[d.system!], !l.meets(t) { state = .lowQuality }
                    else { state = .onTime }
                } else if let due = d.due, due < today {
                    state = .overdue
                } else {
                    state = .notYetDue
                }
                switch state {
                case .late: reasons.append("\(d.name) supplied \(supplied!.days(to: d.due!) * -1) days late")
                case .overdue: reasons.append("\(d.name) overdue since \(d.due!.iso)")
                case .lowQuality: reasons.append("\(d.name): quality below threshold" + (detail.map { " (\($0))" } ?? ""))
                default: break
                }
                datasets.append(DatasetStatus(id: d.id, name: d.name, system: d.system, due: d.due?.iso, supplied: supplied?.iso, quality: quality,
                                              state: state, live: isLive, detail: detail))
            }
            let open = p.blockers.filter { $0.participant == part.name && $0.isOpen }
            let status: Status = !open.isEmpty ? .blocked : (reasons.isEmpty ? .onTime : .behind)
            if !open.isEmpty { reasons.insert(contentsOf: open.map { "blocker: \($0.description)" }, at: 0) }
            let suppliedCount = datasets.filter { $0.supplied != nil }.count
            participants.append(ParticipantStatus(name: part.name, kind: part.kind, contact: part.contact, isLocal: isLocal, status: status,
                                                  reasons: reasons, asked: datasets.count, supplied: suppliedCount,
                                                  quality: datasets.compactMap(\.quality).min(), openBlockers: open.map(\.description), datasets: datasets))
        }
        var counts: [String: Int] = [:]
        for s in Status.allCases { counts[s.rawValue] = participants.filter { $0.status == s }.count }
        let milestones = p.milestones.map { m -> MilestoneStatus in
            let state: MilestoneStatus.State
            var slip: Int?
            if let end = m.actualEnd {
                state = .done
                slip = m.plannedEnd.map { $0.days(to: end) }
            } else if m.actualStart != nil {
                if let pe = m.plannedEnd, pe < today { state = .late; slip = pe.days(to: today) } else { state = .inProgress }
            } else if let ps = m.plannedStart, ps < today {
                state = .late; slip = ps.days(to: today)
            } else {
                state = .notStarted
            }
            return MilestoneStatus(id: m.id, name: m.name, plannedStart: m.plannedStart?.iso, plannedEnd: m.plannedEnd?.iso,
                                   actualStart: m.actualStart?.iso, actualEnd: m.actualEnd?.iso, state: state, slipDays: slip)
        }
        return PilotReport(programme: p.name, aim: p.aim, lead: p.lead, today: today.iso, thresholds: t, participants: participants, counts: counts,
                           milestones: milestones, blockers: p.blockers, lessons: p.lessons, problems: problems)
    }

    /// A participant's self-reported quality is the share of its records matched to the UPRN
    /// spine, so it is held to the UPRN threshold.
    static func qualityFloor(system: String?, _ t: Programme.Thresholds) -> Double { t.uprnMatchRate }
}

/// What the warehouse itself has for one system: when it first arrived and how good it is.
struct LiveSupply {
    var firstLoaded: CivilDate
    var uprnRate: Double?
    var personRate: Double?
    var rejectRate: Double
    var quality: Double? { [uprnRate, personRate].compactMap { $0 }.min() }

    func meets(_ t: Programme.Thresholds) -> Bool {
        (uprnRate ?? 1) >= t.uprnMatchRate && (personRate ?? 1) >= t.personMatchRate && rejectRate <= t.maxRejectRate
    }

    func detail(_ t: Programme.Thresholds) -> String {
        var parts: [String] = []
        if let u = uprnRate { parts.append(String(format: "UPRN %.1f%%%@", u * 100, u < t.uprnMatchRate ? " < \(Int(t.uprnMatchRate * 100))%" : "")) }
        if let p = personRate { parts.append(String(format: "persons %.1f%%%@", p * 100, p < t.personMatchRate ? " < \(Int(t.personMatchRate * 100))%" : "")) }
        parts.append(String(format: "rejects %.2f%%%@", rejectRate * 100, rejectRate > t.maxRejectRate ? " > \(t.maxRejectRate * 100)%" : ""))
        return parts.joined(separator: ", ")
    }

    /// By system: several sources of one system combine (earliest load, weakest rates).
    static func read(_ db: Database) throws -> [String: LiveSupply] {
        var out: [String: LiveSupply] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT s.system, min(first.finished_at) AS first_loaded, min(h.uprn_rate) AS uprn,
                   min(CASE WHEN s.kind = 'person' THEN h.person_rate END) AS person,
                   sum(l.rows_rejected) AS rejected, sum(l.rows_read) AS read
            FROM source s JOIN load l ON l.source_id = s.id AND l.is_current = 1
            JOIN load first ON first.source_id = s.id
            LEFT JOIN source_quality_history h ON h.load_id = l.id
            GROUP BY s.system
            """) {
            let read: Int = r["read"] ?? 0
            guard let first = (r["first_loaded"] as String?).flatMap({ CivilDate(iso: String($0.prefix(10))) }) else { continue }
            out[r["system"]] = LiveSupply(firstLoaded: first, uprnRate: r["uprn"], personRate: r["person"],
                                          rejectRate: read == 0 ? 0 : Double(r["rejected"] as Int? ?? 0) / Double(read))
        }
        return out
    }
}

extension CivilDate {
    /// Today's date (UTC).
    public static var today: CivilDate {
        CivilDate(dayNumber: Int32(floor(Date().timeIntervalSince1970 / 86_400)))
    }
}
