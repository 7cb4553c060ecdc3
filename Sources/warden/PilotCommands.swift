import ArgumentParser
import Foundation
import WardenCore
import WardenLinkage

/// `warden pilots`: every programme at a glance.
struct PilotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilots",
        abstract: "Data-sharing programmes: who is on time, behind or blocked, and where each stands against its milestones.",
        discussion: "Statuses are derived from the programme's dates, thresholds and blockers; the local borough's row comes from this warehouse's own loads.",
        subcommands: [List.self, Load.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every programme with each participant's status.")
        @OptionGroup var warehouse: WarehouseOptions
        @Option(help: ArgumentHelp("Judge statuses as of this date (yyyy-MM-dd) instead of today.", valueName: "date")) var today: String?
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let reports = try PilotReport.all(try warehouse.session("pilots").0, today: try parseToday(today))
            if json { try Terminal.printJSON(reports); return }
            if reports.isEmpty { Terminal.out("No programmes loaded. Load one with `warden pilots load FILE` (e.g. sample-data/pilots.toml)."); return }
            for r in reports { Terminal.out(PilotText.summary(r)) }
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "load", abstract: "Load (or reload) a programme file such as sample-data/pilots.toml.")
        @Argument(help: "The programme file.") var file: String
        @OptionGroup var warehouse: WarehouseOptions

        func run() throws {
            let problems = try PilotStore.load(file: file, into: try warehouse.session("pilots").0)
            Terminal.out("Loaded \(file)" + (problems.isEmpty ? "." : " with \(problems.count) problem\(problems.count == 1 ? "" : "s") (the valid part loaded):"))
            for p in problems { Terminal.out("  \(p)") }
        }
    }
}

/// `warden pilot NAME`: one programme in full, and edits to it.
struct PilotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot",
        abstract: "One programme: participants with their data asks, milestones, blockers, lessons and history; or change it.",
        discussion: "Every change is kept with who and when, and audited."
    )
    @Argument(help: "The programme's name (case-insensitive).") var name: String
    @OptionGroup var warehouse: WarehouseOptions
    @Option(help: ArgumentHelp("Judge statuses as of this date (yyyy-MM-dd).", valueName: "date")) var today: String?
    @Flag(help: "Print as JSON.") var json = false
    @Option(help: ArgumentHelp("Record that dataset ID was supplied (with --date, optionally --quality).", valueName: "id")) var supplied: Int64?
    @Option(help: ArgumentHelp("A date for --supplied or --resolve-blocker (yyyy-MM-dd; default today).", valueName: "date")) var date: String?
    @Option(help: ArgumentHelp("Quality share 0–1 for --supplied.", valueName: "share")) var quality: Double?
    @Option(help: ArgumentHelp("Mark blocker ID resolved.", valueName: "id")) var resolveBlocker: Int64?
    @Option(help: ArgumentHelp("Raise a blocker for this participant (with --description).", valueName: "participant")) var addBlocker: String?
    @Option(help: "The blocker's description.") var description: String?
    @Option(help: ArgumentHelp("Set milestone ID's actual dates (with --actual-start / --actual-end).", valueName: "id")) var milestone: Int64?
    @Option(help: ArgumentHelp("Actual start (yyyy-MM-dd).", valueName: "date")) var actualStart: String?
    @Option(help: ArgumentHelp("Actual end (yyyy-MM-dd).", valueName: "date")) var actualEnd: String?

    func run() throws {
        let (w, access) = try warehouse.session("pilot")
        guard let report = try PilotReport.named(name, warehouse: w, today: try parseToday(today)) else {
            let names = try PilotReport.all(w).map(\.programme)
            throw UserFacingError(field: name, problem: "no such programme", remedy: names.isEmpty ? "load one with `warden pilots load FILE`" : "programmes: " + names.joined(separator: ", "))
        }
        let actor = access.actor(screen: "cli:pilot")
        func day(_ s: String?, _ what: String) throws -> CivilDate? {
            guard let s else { return nil }
            guard let d = CivilDate(iso: s) else { throw ValidationError("\(what) must be a date as yyyy-MM-dd") }
            return d
        }
        var edited = false
        if let id = supplied {
            try PilotStore.apply(.datasetSupplied(datasetID: id, date: try day(date, "--date") ?? .today, quality: quality), programme: report.programme, warehouse: w, actor: actor)
            edited = true
        }
        if let id = resolveBlocker {
            try PilotStore.apply(.resolveBlocker(blockerID: id, on: try day(date, "--date") ?? .today), programme: report.programme, warehouse: w, actor: actor)
            edited = true
        }
        if let who = addBlocker {
            guard let text = description, !text.isEmpty else { throw ValidationError("--add-blocker needs --description") }
            try PilotStore.apply(.addBlocker(participant: who, description: text, raised: try day(date, "--date") ?? .today), programme: report.programme, warehouse: w, actor: actor)
            edited = true
        }
        if let id = milestone {
            try PilotStore.apply(.milestoneActual(milestoneID: id, start: try day(actualStart, "--actual-start"), end: try day(actualEnd, "--actual-end")),
                                 programme: report.programme, warehouse: w, actor: actor)
            edited = true
        }
        let current = edited ? try PilotReport.named(name, warehouse: w, today: try parseToday(today))! : report
        if json { try Terminal.printJSON(current); return }
        Terminal.out(PilotText.full(current, history: try w.pool.read { db in try PilotStore.history(db, programme: current.programme, limit: 15) }))
    }
}

func parseToday(_ s: String?) throws -> CivilDate {
    guard let s else { return .today }
    guard let d = CivilDate(iso: s) else { throw ValidationError("--today must be a date as yyyy-MM-dd") }
    return d
}

/// Plain-text renderings of programme reports.
enum PilotText {
    static func summary(_ r: PilotReport) -> String {
        var out = ["\(r.programme) — \(r.counts["on time"] ?? 0) on time, \(r.counts["behind"] ?? 0) behind, \(r.counts["blocked"] ?? 0) blocked (as of \(r.today))"]
        for p in r.participants {
            out.append("  \(p.status.symbol) \(p.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(p.name.padding(toLength: 22, withPad: " ", startingAt: 0))"
                       + " \(p.supplied)/\(p.asked) supplied" + (p.quality.map { String(format: ", quality %.0f%%", $0 * 100) } ?? "")
                       + (p.isLocal ? "  [live]" : "") + (p.reasons.first.map { "  — \($0)" } ?? ""))
        }
        return out.joined(separator: "\n")
    }

    static func full(_ r: PilotReport, history: [PilotChange]) -> String {
        var out = [summary(r), "", "Aim: \(r.aim)", "Lead: \(r.lead)", ""]
        out.append("Data asked of each participant")
        for p in r.participants where !p.datasets.isEmpty {
            out.append("  \(p.name)")
            for d in p.datasets {
                out.append("    [\(d.id.map(String.init) ?? "-")] \(d.name): due \(d.due ?? "—"), \(d.state.rawValue)" + (d.supplied.map { " (\($0))" } ?? "")
                           + (d.detail.map { " — \($0)" } ?? d.quality.map { String(format: " — quality %.0f%%", $0 * 100) } ?? ""))
            }
        }
        out.append("\nMilestones")
        for m in r.milestones {
            out.append("  [\(m.id.map(String.init) ?? "-")] \(m.name.padding(toLength: 32, withPad: " ", startingAt: 0)) planned \(m.plannedStart ?? "?")–\(m.plannedEnd ?? "?")  actual \(m.actualStart ?? "—")–\(m.actualEnd ?? "—")  \(m.state.rawValue)"
                       + (m.slipDays.map { $0 > 0 ? " (\($0) days late)" : "" } ?? ""))
        }
        out.append("\nBlockers")
        for b in r.blockers { out.append("  [\(b.id.map(String.init) ?? "-")] \(b.participant): \(b.description)  raised \(b.raised?.iso ?? "?")" + (b.resolved.map { ", resolved \($0.iso)" } ?? ", OPEN")) }
        if !r.lessons.isEmpty { out.append("\nLessons"); for l in r.lessons { out.append("  • \(l)") } }
        if !r.problems.isEmpty { out.append("\nProblems in the programme file"); for p in r.problems { out.append("  ! \(p)") } }
        if !history.isEmpty {
            out.append("\nRecent changes")
            for h in history { out.append("  \(h.at.prefix(16)) \(h.user): \(h.entity)\(h.entityID.map { " \($0)" } ?? "") \(h.field ?? "") \(h.before.map { "\($0) → " } ?? "")\(h.after ?? "")") }
        }
        return out.joined(separator: "\n")
    }
}
