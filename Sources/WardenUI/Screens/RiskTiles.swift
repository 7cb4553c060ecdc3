import Foundation
import TerminalKit
import WardenCore

extension PaletteCommand {
    /// The HMO risk panels' commands. `ward` comes before `wards` so that "ward elm" picks it.
    public static let risk: [PaletteCommand] = [
        PaletteCommand("ward", argument: "NAME", summary: "One ward's properties ranked by HMO risk (a unique start of the name will do)") { arg, _ in
            let name = arg.trimmingCharacters(in: .whitespaces)
            return .push(name.isEmpty ? WardsScreen() : WardScreen(name: name))
        },
        PaletteCommand("wards", summary: "HMO risk by ward: bands, complaints and the model's accuracy", aliases: ["risk", "hmo"]) { _, _ in
            .push(WardsScreen())
        },
    ]
}

/// Where the HMO risk is: unlicensed dwellings in each band across the borough, the ward with the
/// most High-risk homes, and how good the model is. Only for roles that may open the wards panel.
struct HMORiskTile: HomeTile {
    var id: String { "hmo-risk" }
    var title: String { "HMO risk" }

    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        guard data.riskRefusal(screen: "wards", what: "the wards overview") == nil else { return nil }
        let o = try data.wardsOverview(sort: .high, descending: true)
        guard let m = o.model else {
            guard !o.wards.isEmpty else { return nil }
            return TileContent(rows: [.init("Risk scores", "none yet", role: .statusWarn, target: .wards(nil))],
                               note: "Run `warden score` to train the model and score every home")
        }
        let t = o.total
        var rows: [TileContent.Row] = zip(RiskBand.allCases, [t.high, t.moderate, t.some, t.low]).map { b, n in
            TileContent.Row(b.rawValue, "\(Format.count(n)) unlicensed", role: RiskLook.role(b), target: .wards(nil))
        }
        if let top = o.wards.first, top.high > 0 {
            rows.append(.init("Most High-risk", "\(top.name) (\(top.high))", target: .wards(top.name)))
        }
        let auc = m.auc.map { String(format: "%.2f", $0) } ?? "—"
        let lift = m.liftTop100.map { String(format: "%.1f× random", $0) } ?? "lift —"
        rows.append(.init("Model v\(m.version)", "AUC \(auc), top 100 \(lift)", target: .wards(nil)))
        return TileContent(rows: rows, note: "Accuracy measured on held-out labels")
    }
}
