import Foundation
import TerminalKit
import WardenCore

/// The property view's HMO risk section: score and band, rank, the factors that raised and
/// lowered the score in words, the model version and its accuracy, and the inspections. Shown
/// only to roles that may see the `risk` field group; each load is an audited view.
struct PropertyRiskSection: Sendable {
    struct Loaded: Sendable { var risk: PropertyRisk? }

    /// Whether this officer's role may see risk scores (decided when the screen starts).
    var allowed = false
    var risk: PropertyRisk?
    var loaded = false
    var panel = TablePanel(columns: [
        TableColumn("HMO risk", width: .flexible(min: 10, weight: 1)),
        TableColumn("", width: .flexible(min: 20, weight: 5)),
    ], emptyMessage: "Reading the risk score…")

    var tabTitle: String {
        guard let r = risk else { return "HMO risk" }
        guard r.scored, let score = r.score, let band = r.band else { return "HMO risk (not scored)" }
        return "HMO risk (\(score) \(band.rawValue))"
    }

    /// Decides whether the section shows and, if so, loads it.
    mutating func start(uprn: Int64, _ context: ScreenContext) -> ScreenEffect {
        allowed = context.data.access.canSee(.risk)
        guard allowed else { return .none }
        return .load(id: "risk", label: nil) { data in Loaded(risk: try data.propertyRisk(uprn)) }
    }

    mutating func handle(_ event: ScreenEvent) {
        switch event {
        case .loaded("risk", let payload):
            guard let l = payload as? Loaded else { return }
            loaded = true
            risk = l.risk
            show()
        case .failed("risk", let message):
            loaded = true
            panel.emptyMessage = message
            panel.setRows([], targets: [], copies: [])
        default:
            break
        }
    }

    mutating func show() {
        guard let r = risk else {
            panel.emptyMessage = "Not in the gazetteer, so not scored"
            panel.setRows([], targets: [], copies: [])
            return
        }
        var rows: [(String, String, Style?)] = []
        if r.scored, let score = r.score, let band = r.band {
            var rank = ""
            if let w = r.wardRank, let n = r.dwellingsInWard { rank += " — rank \(Format.count(w)) of \(Format.count(n)) in \(r.ward ?? "the ward")" }
            if let b = r.boroughRank, let n = r.dwellingsInBorough { rank += ", \(Format.count(b)) of \(Format.count(n)) in the borough" }
            rows.append(("Score", "\(score)/100, \(band.rawValue)\(rank)", RiskLook.style(band)))
            if let h = r.heldOutProbability {
                rows.append(("Held-out", "\(Int((h * 100).rounded()))% from a model that did not see this property's label", nil))
            }
            let known: String
            switch r.known {
            case .hmo?: known = "a known HMO (licence or inspection)"
            case .notHMO?: known = "inspected: not an HMO"
            default: known = "not known either way"
            }
            rows.append(("Council knows", known, nil))
            for (i, f) in r.raising.enumerated() {
                rows.append((i == 0 ? "Raised by" : "", "\(f.text) (\(Format.weight(f.effect)))", Style(.statusWarn)))
            }
            if r.raising.isEmpty { rows.append(("Raised by", "nothing above the borough's typical home", Style(.dim))) }
            // A push that rounds to nothing says nothing.
            for (i, f) in r.lowering.filter({ $0.effect <= -0.05 }).enumerated() {
                rows.append((i == 0 ? "Lowered by" : "", "\(f.text) (\(Format.weight(f.effect)))", nil))
            }
            if !r.lowering.contains(where: { $0.effect <= -0.05 }) { rows.append(("Lowered by", "nothing", Style(.dim))) }
        } else {
            rows.append(("Not scored", r.reason ?? "unknown reason", Style(.dim)))
        }
        rows.append(("Tenure", RiskLook.tenure(r.tenure), nil))
        rows.append(("Licence", r.hmoLicensed == true ? "HMO licence" : r.licenceStatus ?? "none", nil))
        if let m = r.model {
            rows.append(("Model", "v\(m.version), trained \(Format.date(m.createdAt)) by \(m.createdBy)", nil))
            rows.append(("Accuracy", RiskLook.accuracy(m).components(separatedBy: " · model v").first ?? "", nil))
        }
        if r.inspections.isEmpty {
            rows.append(("Inspections", "none recorded", Style(.dim)))
        }
        for (i, x) in r.inspections.enumerated() {
            rows.append((i == 0 ? "Inspections" : "", "\(Format.date(x.date))  \(x.outcomeText)  [\(x.source)]" + (x.note.map { "  \($0)" } ?? ""), nil))
        }
        panel.setRows(rows.map { TableRow([TableCell($0.0, style: Style(.label)), TableCell($0.1, style: $0.2)]) },
                      targets: rows.map { _ in nil }, copies: rows.map { $0.0.isEmpty ? $0.1 : "\($0.0): \($0.1)" })
    }
}
