import Foundation
import TerminalKit
import WardenCore

extension PaletteCommand {
    /// The programme leads', data owners' and admins' panels: pilots, sources and the audit log.
    public static let pilotsSourcesAudit: [PaletteCommand] = [
        // "pilot" before "pilots": typing "pilot" must not pick the longer name it prefixes.
        PaletteCommand("pilot", argument: "NAME", summary: "One programme: participants, milestones, blockers") { arg, _ in
            let name = arg.trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? .push(PilotsScreen()) : .push(PilotScreen(programme: name))
        },
        PaletteCommand("pilots", summary: "Data-sharing programmes: who is on time, behind or blocked", aliases: ["programmes"]) { _, _ in
            .push(PilotsScreen())
        },
        PaletteCommand("sources", summary: "Loaded sources: rejects, freshness, match rates, records lost at the merge",
                       aliases: ["quality", "freshness"]) { _, _ in
            .push(SourcesScreen())
        },
        PaletteCommand("audit", argument: "[person ID|user NAME|verify]", summary: "The access log: who looked, what an officer did, is it intact (admins)",
                       aliases: ["log"]) { arg, _ in
            let words = arg.split(separator: " ", maxSplits: 1).map(String.init)
            switch words.first?.lowercased() {
            case nil: return .push(AuditScreen())
            case "person": return .push(AuditScreen(mode: .person, query: words.count > 1 ? words[1] : ""))
            case "user", "officer": return .push(AuditScreen(mode: .user, query: words.count > 1 ? words[1] : ""))
            case "verify": return .push(AuditScreen(mode: .verify, run: true))
            case let w? where Int64(w) != nil: return .push(AuditScreen(mode: .person, query: w))
            default: return .error("audit takes person ID, user NAME or verify")
            }
        },
    ]
}

/// Every programme's participants by status, each leading to its panel. Left out for a role that
/// may not open the pilot panels, and before any programme is loaded.
struct PilotsTile: HomeTile {
    var id: String { "pilots" }
    var title: String { "Pilots" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        guard data.access.canUse(screen: "pilots") else { return nil }
        let reports = try data.pilotReports(today: today)
        guard !reports.isEmpty else { return nil }
        func n(_ r: PilotReport, _ s: PilotReport.Status) -> Int { r.counts[s.rawValue] ?? 0 }
        if reports.count == 1, let r = reports.first {
            // The counts come first: on a small screen the tile may have room for one row.
            let target = Destination.pilot(r.programme)
            let done = r.milestones.filter { $0.state == .done }.count, late = r.milestones.filter { $0.state == .late }.count
            let worst: Role = n(r, .blocked) > 0 ? .ragRed : n(r, .behind) > 0 ? .ragAmber : .ragGreen
            var rows: [TileContent.Row] = [
                .init("On time/behind/blocked", "\(n(r, .onTime)) / \(n(r, .behind)) / \(n(r, .blocked))", role: worst, target: target),
                .init("Milestones", "\(done) of \(r.milestones.count) done" + (late > 0 ? ", \(late) late" : ""), role: late > 0 ? .ragAmber : nil, target: target),
            ]
            if let local = r.participants.first(where: \.isLocal) {
                rows.append(.init("\(local.name) (this warehouse)", local.status.rawValue, role: PilotGlyph.role(local.status), target: target))
            }
            if !r.problems.isEmpty {
                rows.append(.init("Programme file", "\(r.problems.count) bad line\(r.problems.count == 1 ? "" : "s")", role: .statusWarn, target: target))
            }
            return TileContent(rows: rows)
        }
        return TileContent(rows: reports.map { r in
            .init(r.programme, "\(n(r, .onTime)) on time, \(n(r, .behind)) behind, \(n(r, .blocked)) blocked",
                  role: n(r, .blocked) > 0 ? .ragRed : n(r, .behind) > 0 ? .ragAmber : .ragGreen, target: .pilot(r.programme))
        }, note: "\(reports.count) programmes")
    }
}
