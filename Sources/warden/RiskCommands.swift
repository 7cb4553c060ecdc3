import ArgumentParser
import Foundation
import WardenCore
import WardenUI
import WardenLinkage

/// `warden score`: retrain the HMO risk model and rescore every dwelling.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Retrain the HMO risk model on the council's labels and rescore every dwelling.",
        discussion: """
        Labels are what the council knows: HMO licences (current or lapsed) and inspection \
        outcomes, including those recorded with `warden inspect`. The model is a regularised \
        logistic regression, cross-validated; each run stores a new model version with its \
        coefficients, training size, date and held-out metrics, and every score says which \
        version made it. When nothing has changed since the current version, its scores stand.
        """
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print the outcome as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("score")
        let outcome = try RiskScoring.run(w, trigger: "score", actor: access.actor(screen: "cli:score"))
        if json { try Terminal.printJSON(outcome); return }
        Terminal.out(outcome.message)
        Terminal.out("Without a current HMO licence: \(outcome.unlicensedHigh) High, \(outcome.unlicensedModerate) Moderate.")
        if let m = try w.pool.read({ try RiskQueries.model($0) }) { Terminal.out(RiskText.accuracy(m)) }
        let stages = ["features", "labels", "training", "writing"].compactMap { s in outcome.seconds[s].map { "\(s) \(String(format: "%.2f", $0)) s" } }
        Terminal.note("(" + stages.joined(separator: ", ") + ")")
    }
}

/// `warden model`: the current model, its weights and how good it is.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Show the current HMO risk model: features and weights, bands, and held-out accuracy.",
        discussion: """
        Accuracy is measured on held-out cross-validation folds of the council's own labels. With \
        --truth DIR (a synthetic borough's truth folder) it is also measured against the true HMOs, \
        using each property's held-out score.
        """
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Option(help: ArgumentHelp("Also evaluate against a synthetic borough's ground truth (the folder holding properties.csv).", valueName: "dir"))
    var truth: String?
    @Option(name: .customLong("apply-from"), help: ArgumentHelp("With --truth: evaluate the current model of another warehouse (another borough) on this one, unchanged.", valueName: "path"))
    var applyFrom: String?
    @Option(help: "Show this model version instead of the current one.") var version: Int?
    @Flag(help: "List every model version.") var history = false
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, _) = try warehouse.session("model")
        try w.pool.read { db in
            if history {
                let list = try RiskQueries.models(db)
                if json { try Terminal.printJSON(list); return }
                if list.isEmpty { Terminal.out("No model versions yet — run `warden score`."); return }
                for v in list {
                    Terminal.out("v\(v.version)\(v.current ? " (current)" : "")  \(v.createdAt)  by \(v.createdBy) [\(v.trigger)]  \(v.trainingRows) dwellings, \(v.knownHMOs) known HMOs, AUC \(v.auc.map { String(format: "%.3f", $0) } ?? "—")")
                }
                return
            }
            if let applyFrom {
                guard let truth else { throw UserFacingError(field: "--apply-from", problem: "needs --truth DIR", remedy: "give this borough's truth folder") }
                guard FileManager.default.fileExists(atPath: applyFrom) else { throw UserFacingError(file: applyFrom, problem: "no warehouse here", remedy: nil) }
                guard let frozen = try Warehouse(path: applyFrom).pool.read({ try RiskQueries.model($0) }) else {
                    throw UserFacingError(file: applyFrom, problem: "has no risk model", remedy: "run `warden score --db \(applyFrom)`")
                }
                let report = try TruthEvaluation.evaluate(db, frozen: frozen, truth: truth)
                if json { try Terminal.printJSON(report); return }
                Terminal.out("Model v\(frozen.version) of \(applyFrom), applied unchanged to this borough:")
                Terminal.out(RiskText.truth(report))
                return
            }
            let model = try version.map { try RiskQueries.model(db, version: $0) } ?? RiskQueries.model(db)
            guard let model else {
                if let v = version { throw UserFacingError(field: "model version \(v)", problem: "no such version", remedy: "list them with `warden model --history`") }
                throw UserFacingError(field: "risk model", problem: try RiskQueries.status(db) ?? "no model yet", remedy: nil)
            }
            let report = try truth.map { try TruthEvaluation.evaluate(db, truth: $0) }
            if json {
                struct Out: Encodable { var model: RiskModel; var summary: RiskModelSummary; var truth: TruthEvaluation.Report? }
                try Terminal.printJSON(Out(model: model, summary: RiskQueries.summary(model), truth: report))
                return
            }
            Terminal.out(RiskText.model(model))
            if let report { Terminal.out("\n" + RiskText.truth(report)) }
        }
    }
}

/// `warden wards`: the wards overview.
struct WardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wards",
        abstract: "One row per ward: properties, private rented, licensed, risk bands, ASB, fixed penalties, pest control, summonses.",
        discussion: "Band counts are of dwellings without a current HMO licence (what enforcement can act on). Events cover the two years to the extract date."
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Option(help: ArgumentHelp("Sort on a column: \(WardColumn.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "column"))
    var sort: String = "high"
    @Option(help: ArgumentHelp("asc or desc (default: names A–Z, numbers largest first).", valueName: "order")) var order: String?
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        guard let column = WardColumn(rawValue: sort.lowercased()) else {
            throw UserFacingError(field: "--sort \(sort)", problem: "no such column", remedy: "use one of " + WardColumn.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let (w, _) = try warehouse.session("wards")
        var descending = column != .name
        if let order {
            switch order.lowercased() {
            case "asc", "ascending": descending = false
            case "desc", "descending": descending = true
            default: throw UserFacingError(field: "--order \(order)", problem: "not an order", remedy: "use asc or desc")
            }
        }
        let overview = try w.pool.read { try RiskQueries.wards($0, sort: column, descending: descending) }
        if json { try Terminal.printJSON(overview); return }
        Terminal.out(RiskText.wards(overview))
    }
}

/// Filters shared by `warden ward` and `warden export visits`.
struct WardFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only these bands, comma-separated (High,Moderate,Some,Low).", valueName: "bands"))
    var band: String?
    @Option(help: ArgumentHelp("Only this tenure: private_rented, social_rented, owner_occupied or unknown.", valueName: "tenure"))
    var tenure: String?
    @Flag(help: "Only dwellings with a current HMO licence.") var licensed = false
    @Flag(help: "Only dwellings without a current HMO licence.") var unlicensed = false
    @Flag(help: "Only dwellings that have been inspected.") var inspected = false
    @Flag(name: .customLong("not-inspected"), help: "Only dwellings never inspected.") var notInspected = false

    func filter(defaultLicensed: Bool? = nil) throws -> WardFilter {
        var f = WardFilter()
        if let band {
            for part in band.split(separator: ",") {
                guard let b = RiskBand(parsing: String(part)) else {
                    throw UserFacingError(field: "--band \(part)", problem: "not a band", remedy: "use High, Moderate, Some or Low")
                }
                if !f.bands.contains(b) { f.bands.append(b) }
            }
        }
        if let tenure {
            let t = tenure.lowercased().replacingOccurrences(of: "-", with: "_")
            guard WardFilter.tenures.contains(t) else {
                throw UserFacingError(field: "--tenure \(tenure)", problem: "not a tenure", remedy: "use " + WardFilter.tenures.joined(separator: ", "))
            }
            f.tenure = t
        }
        if licensed && unlicensed { throw UserFacingError(problem: "--licensed and --unlicensed exclude each other", remedy: "give one") }
        if inspected && notInspected { throw UserFacingError(problem: "--inspected and --not-inspected exclude each other", remedy: "give one") }
        f.licensed = licensed ? true : unlicensed ? false : defaultLicensed
        f.inspected = inspected ? true : notInspected ? false : nil
        return f
    }
}

/// `warden ward NAME`: a ward's properties ranked by risk.
struct WardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ward",
        abstract: "A ward's dwellings ranked by HMO risk, with band, score, top factors, tenure, licence status and last inspection.",
        discussion: "Pages with --after (the cursor the previous page printed). The view is recorded in the access log."
    )
    @Argument(help: "The ward's name (any case).") var name: String
    @OptionGroup var filters: WardFilterOptions
    @Option(help: "Rows per page.") var limit = 50
    @Option(help: "Continue after this ward rank (the previous page's cursor).") var after: Int?
    @Flag(help: "Print the ward's map points instead (coordinates, band, score), chosen by the same filters.") var map = false
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("ward")
        let filter = try filters.filter()
        if map {
            let m = try w.pool.read { try RiskQueries.mapPoints($0, ward: name, filter: filter) }
            if json { try Terminal.printJSON(m); return }
            Terminal.out(RiskText.map(m))
            return
        }
        let page = try w.pool.read { try RiskQueries.ward($0, name: name, filter: filter, after: after, limit: limit) }
        try AuditLog.record(w, actor: access.actor(screen: "cli:ward"), action: .view, subjectType: "ward", subjectID: page.ward.name,
                            detail: "{\"rows\":\(page.rows.count),\"after\":\(after.map(String.init) ?? "null")}")
        if json { try Terminal.printJSON(page); return }
        Terminal.out(RiskText.ward(page))
    }
}

/// `warden risk UPRN`: one property's risk and why.
struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "One property's HMO risk: score, band, the factors that raised and lowered it, inspections, and the model version.",
        discussion: "The view is recorded in the access log."
    )
    @Argument(help: "The UPRN (leading zeros optional).") var uprn: String
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("risk")
        guard let u = Int64(uprn.trimmingCharacters(in: .whitespaces)) else {
            throw UserFacingError(field: "UPRN \(uprn)", problem: "not a number", remedy: "give the 12-digit UPRN (leading zeros optional)")
        }
        guard let r = try w.pool.read({ try RiskQueries.propertyRisk($0, uprn: u) }) else {
            throw UserFacingError(field: "UPRN \(uprn)", problem: "no such property in the gazetteer", remedy: "find it with `warden search ADDRESS`")
        }
        try AuditLog.record(w, actor: access.actor(screen: "cli:risk"), action: .view, subjectType: "property", subjectID: String(u), detail: "{\"view\":\"risk\"}")
        if json { try Terminal.printJSON(r); return }
        Terminal.out(RiskText.property(r))
    }
}

/// `warden inspect UPRN --outcome ...`: record what an inspection found.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Record an inspection outcome for a property; it feeds the next `warden score`.",
        discussion: """
        Outcomes: hmo-found, no-hmo, hazards-found (not an HMO), no-access (says nothing about \
        the property). Recorded outcomes are kept apart from the loaded extracts, so rebuilds and \
        relinks keep them, and each one is written to the access log.
        """
    )
    @Argument(help: "The UPRN (leading zeros optional).") var uprn: String
    @Option(help: ArgumentHelp("What the visit found: \(InspectionOutcome.commandLineValues.joined(separator: ", ")).", valueName: "outcome"))
    var outcome: String
    @Option(help: ArgumentHelp("The visit date, YYYY-MM-DD or dd/mm/yyyy (default: today).", valueName: "date")) var date: String?
    @Option(help: "The inspecting officer (default: you).") var officer: String?
    @Option(help: "A note to keep with the outcome.") var note: String?
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        guard let o = InspectionOutcome(text: outcome) else {
            throw UserFacingError(field: "--outcome \(outcome)", problem: "not an inspection outcome",
                                  remedy: "use one of " + InspectionOutcome.commandLineValues.joined(separator: ", "))
        }
        guard let u = Int64(uprn.trimmingCharacters(in: .whitespaces)) else {
            throw UserFacingError(field: "UPRN \(uprn)", problem: "not a number", remedy: "give the 12-digit UPRN (leading zeros optional)")
        }
        var visited: CivilDate? = nil
        if let date {
            guard let d = Inspections.parseDate(date) else {
                throw UserFacingError(field: "--date \(date)", problem: "not a date", remedy: "write it YYYY-MM-DD or dd/mm/yyyy")
            }
            visited = d
        }
        let (w, access) = try warehouse.session("inspect")
        let r = try Inspections.record(w, uprn: u, outcome: o, visitedOn: visited, officer: officer, note: note, actor: access.actor(screen: "cli:inspect"))
        if json { try Terminal.printJSON(r); return }
        Terminal.out("\(r.outcome.label) at \(r.address) (UPRN \(String(format: "%012lld", r.uprn))), visited \(ISODate.uk(r.visitedOn)) by \(r.officer).")
        Terminal.out(r.message)
    }
}

/// `warden export visits --ward NAME`: the prioritised visit list as CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export lists for officers (recorded in the access log).",
        subcommands: [VisitsExportCommand.self]
    )
}

struct VisitsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits",
        abstract: "Export a ward's prioritised HMO visit list as CSV.",
        discussion: """
        By default the list holds the ward's dwellings without a current HMO licence, highest risk \
        first, with score, band, the reasons in words, tenure, licence status and last inspection. \
        The export (file, rows, recipient) is recorded in the access log.
        """
    )
    @Option(help: "The ward's name.") var ward: String
    @Option(help: ArgumentHelp("Where to write the CSV (default: visits-WARD.csv).", valueName: "file")) var out: String?
    @Option(help: "At most this many properties.") var limit: Int?
    @Option(help: "Who the list is for (recorded in the access log; default: you).") var recipient: String?
    @OptionGroup var filters: WardFilterOptions
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print the export summary as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("export")
        let filter = try filters.filter(defaultLicensed: false)
        let resolved = try w.pool.read { try RiskQueries.resolveWard($0, name: ward) }
        let slug = resolved.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let path = out ?? "visits-\(slug).csv"
        let s = try VisitExport.write(w, ward: resolved.name, filter: filter, limit: limit, to: path,
                                      recipient: recipient ?? CurrentUser.name, actor: access.actor(screen: "cli:export"))
        if json { try Terminal.printJSON(s); return }
        Terminal.out("Wrote \(s.rows) propert\(s.rows == 1 ? "y" : "ies") in \(s.ward) to \(OutputFile.shown(s.file)) (model version \(s.modelVersion.map(String.init) ?? "—"); recorded in the access log for \(s.recipient)).")
        if s.leftOutInspected > 0 {
            Terminal.out("\(s.leftOutInspected) inspected in the last \(VisitExport.revisitDays / 30) months left out.")
        }
    }
}

/// `warden bench-risk`: how long scoring and the panel queries take on this warehouse.
struct RiskBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-risk",
        abstract: "Time training and scoring, the wards overview and ward drill-downs on this warehouse.",
        discussion: "Build with -c release for meaningful figures. Scoring writes a model version only if the data changed."
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Skip retraining; time the queries only.") var queriesOnly = false
    @Option(help: "Times to repeat each query.") var repeats = 20
    @Flag(help: "Print as JSON.") var json = false

    struct Figures: Encodable {
        var dwellings: Int
        var scoring: [String: Double]?
        var scoringCPU: [String: Double]?
        var wardsOverviewMs: [Double]
        var wardDrillDownMs: [Double]
        var wardDrillDownFilteredMs: [Double]
        var mapPointsMs: [Double]
        var propertyRiskMs: [Double]
    }

    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    func run() throws {
        let w = try warehouse.open()
        var scoring: [String: Double]? = nil
        var scoringCPU: [String: Double]? = nil
        if !queriesOnly {
            // Force a full retrain so the timing is of real work.
            try w.pool.write { db in try db.execute(sql: "UPDATE risk_model SET fingerprint = 'bench'") }
            let start = Date(), cpuStart = cpuNow()
            let o = try RiskScoring.run(w, trigger: "bench", actor: .current(screen: "cli:bench-risk"))
            scoring = o.seconds
            scoring?["total"] = Date().timeIntervalSince(start)
            scoringCPU = o.cpuSeconds
            scoringCPU?["total"] = cpuNow() - cpuStart
        }
        func time(_ body: () throws -> Void) rethrows -> Double {
            let t = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
        }
        let wards = try w.pool.read { try RiskQueries.wards($0).wards.map(\.name) }
        let top = try w.pool.read { try Int64.fetchOne($0, sql: "SELECT uprn FROM risk_score ORDER BY rank LIMIT 1") }
        var overview: [Double] = [], drill: [Double] = [], filtered: [Double] = [], maps: [Double] = [], property: [Double] = []
        for k in 0..<repeats {
            let ward = wards.isEmpty ? "" : wards[k % wards.count]
            try w.pool.read { db in
                overview.append(try time { _ = try RiskQueries.wards(db, sort: .high) })
                guard !ward.isEmpty else { return }
                drill.append(try time { _ = try RiskQueries.ward(db, name: ward, limit: 50) })
                filtered.append(try time { _ = try RiskQueries.ward(db, name: ward, filter: WardFilter(bands: [.high, .moderate], tenure: "private_rented", licensed: false, inspected: false), limit: 50) })
                maps.append(try time { _ = try RiskQueries.mapPoints(db, ward: ward) })
                if let top { property.append(try time { _ = try RiskQueries.propertyRisk(db, uprn: top) }) }
            }
        }
        let dwellings = try w.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM risk_score") ?? 0 }
        let f = Figures(dwellings: dwellings, scoring: scoring, scoringCPU: scoringCPU, wardsOverviewMs: overview, wardDrillDownMs: drill, wardDrillDownFilteredMs: filtered,
                        mapPointsMs: maps, propertyRiskMs: property)
        if json { try Terminal.printJSON(f); return }
        func stats(_ v: [Double]) -> String {
            guard !v.isEmpty else { return "—" }
            let s = v.sorted()
            return String(format: "median %.1f ms, max %.1f ms", s[s.count / 2], s.last!)
        }
        Terminal.out("\(dwellings) dwellings scored")
        let stages = ["features", "labels", "training", "scores", "wards", "total"]
        if let scoring {
            Terminal.out("train + score, wall: " + stages.compactMap { k in scoring[k].map { "\(k) \(String(format: "%.2f", $0)) s" } }.joined(separator: ", "))
        }
        if let scoringCPU {
            Terminal.out("train + score, CPU:  " + stages.compactMap { k in scoringCPU[k].map { "\(k) \(String(format: "%.2f", $0)) s" } }.joined(separator: ", "))
        }
        Terminal.out("wards overview:          \(stats(overview))")
        Terminal.out("ward drill-down (50):    \(stats(drill))")
        Terminal.out("  with four filters:     \(stats(filtered))")
        Terminal.out("ward map points:         \(stats(maps))")
        Terminal.out("property risk view:      \(stats(property))")
    }
}

/// Plain-text renderings of the risk views.
enum RiskText {
    static func pct(_ v: Double?) -> String { v.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
    static func num(_ v: Double?, _ d: Int = 2) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "—" }

    static func accuracy(_ m: RiskModel) -> String {
        let x = m.metrics
        return "Risk & Accuracy (held-out, council labels): AUC \(num(x.auc)) · top 100 \(pct(x.precisionTop100)) known HMOs (\(num(x.liftTop100, 1))× random) · top 500 \(pct(x.precisionTop500)) (\(num(x.liftTop500, 1))×)"
    }

    static func model(_ m: RiskModel) -> String {
        var out: [String] = []
        out.append("HMO risk model v\(m.version) — trained \(m.createdAt) by \(m.createdBy) [\(m.trigger)], data as of \(ISODate.uk(m.asOf))")
        let t = m.training
        out.append("Trained on \(t.rows) dwellings: \(t.knownHMOs) known HMOs (\(t.fromLicences) from licences), \(t.inspectedNotHMO) inspected and not HMOs, \(t.unlabelled) not known either way")
        out.append("Inspection outcomes used: \(t.inspectionsFromExtract) from the extract, \(t.inspectionsRecorded) recorded by officers")
        out.append("Ridge logistic regression on standardised features, penalty λ = \(m.lambda) chosen by \(t.folds)-fold cross-validation")
        out.append("Label frequency (share of look-alike HMOs already known): \(num(m.labelFrequency))")
        out.append("Bands (probability of being an HMO): High ≥ \(pct(m.thresholds.high)), Moderate ≥ \(pct(m.thresholds.moderate)), Some ≥ \(pct(m.thresholds.some)), Low below")
        out.append("")
        out.append(accuracy(m))
        let x = m.metrics
        out.append("Inspected dwellings only (\(x.inspected)): AUC \(num(x.aucInspected)); base rate \(pct(x.baseRate)) known HMOs per dwelling")
        out.append("Calibration on inspected dwellings (band: predicted → found HMO, n):")
        for b in x.calibrationInspected { out.append("  \(b.label.padding(toLength: 9, withPad: " ", startingAt: 0)) \(pct(b.meanPredicted)) → \(pct(b.observed))  (\(b.count))") }
        out.append("Penalties tried (held-out log loss per dwelling): " + x.penalties.map { "λ=\($0.lambda): \(num($0.heldOutLogLoss, 4))" }.joined(separator: ", "))
        out.append("")
        out.append("Weights (log-odds per standard deviation; + raises risk):")
        for term in m.terms.sorted(by: { abs($0.coefficient) > abs($1.coefficient) }) {
            let w = term.used ? String(format: "%+.2f", term.coefficient) : "  —  "
            let note = term.note.map { "  (not used: \($0))" } ?? ""
            out.append("  \(w)  \(term.name)\(term.typical.map { "  [typical \(num($0, 2))]" } ?? "")\(note)")
        }
        out.append("")
        for c in x.caveats { out.append("• " + c) }
        return out.joined(separator: "\n")
    }

    static func truth(_ r: TruthEvaluation.Report) -> String {
        var out = ["Against the ground truth (\(r.truthFile)), held-out scores:"]
        for g in r.groups {
            out.append("  \(g.name) — \(g.description): \(g.dwellings) dwellings, \(g.hmos) HMOs")
            out.append("    AUC \(num(g.auc, 3)) · top 100 \(pct(g.precisionTop100)) HMOs, lift \(num(g.liftTop100, 1))× · top 500 \(pct(g.precisionTop500)), lift \(num(g.liftTop500, 1))×   (scores shown to officers: AUC \(num(g.aucShown, 3)), lift@100 \(num(g.liftTop100Shown, 1))×)")
        }
        out.append("  Calibration (band: held-out probability → true share of HMOs, n):")
        for b in r.calibration { out.append("    \(b.label.padding(toLength: 9, withPad: " ", startingAt: 0)) \(pct(b.meanPredicted)) → \(pct(b.observed))  (\(b.count))") }
        if r.missingFromTruth > 0 { out.append("  (\(r.missingFromTruth) scored dwellings not in the truth file)") }
        return out.joined(separator: "\n")
    }

    static func bar(_ w: WardRiskRow, width: Int = 20) -> String {
        let total = w.high + w.moderate + w.some + w.low
        guard total > 0 else { return String(repeating: " ", count: width) }
        // Every non-empty band gets at least one cell, so a handful of High properties shows.
        var cells: [(RiskBand, Int)] = [(.high, w.high), (.moderate, w.moderate), (.some, w.some), (.low, w.low)].map { b, c in
            (b, c == 0 ? 0 : max(1, Int((Double(c) / Double(total) * Double(width)).rounded())))
        }
        while cells.map(\.1).reduce(0, +) > width, let i = cells.indices.filter({ cells[$0].1 > 1 }).max(by: { cells[$0].1 < cells[$1].1 }) { cells[i].1 -= 1 }
        let glyph: [RiskBand: Character] = [.high: "█", .moderate: "▓", .some: "▒", .low: "░"]
        var s = cells.map { String(repeating: glyph[$0.0]!, count: $0.1) }.joined()
        if s.count < width { s += String(repeating: " ", count: width - s.count) }
        return s
    }

    static func wards(_ o: WardsOverview) -> String {
        var out: [String] = []
        if let m = o.model { out.append(m.accuracy) }
        if let s = o.status { out.append(s) }
        if let from = o.windowStart, let to = o.asOf { out.append("Events from \(ISODate.uk(from)) to \(ISODate.uk(to)); bands count dwellings without a current HMO licence.") }
        let head = ["Ward".padding(toLength: 20, withPad: " ", startingAt: 0), "Props".leftPad(8), "PRS".leftPad(7), "Lic".leftPad(4),
                    "High".leftPad(5), "Mod".leftPad(5), "Some".leftPad(5), "Low".leftPad(6), "Exp".leftPad(5), "ASB".leftPad(5), "FPN".leftPad(5),
                    "Pest".leftPad(5), "Summ".leftPad(5), "  █High ▓Mod ▒Some ░Low"]
        out.append(head.joined(separator: " "))
        for w in o.wards + [o.total] {
            let name = TextSafety.sanitise(w.name)
            var cells: [String] = [String(name.prefix(20)).padding(toLength: 20, withPad: " ", startingAt: 0)]
            let counts: [(Int, Int)] = [(w.properties, 8), (w.privateRented, 7), (w.hmoLicensed, 4), (w.high, 5), (w.moderate, 5), (w.some, 5), (w.low, 6)]
            for (v, width) in counts { cells.append(Format.count(v).leftPad(width)) }
            cells.append(String(format: "%.1f", w.expectedHMOs).leftPad(5))
            let events: [Int] = [w.asb, w.fixedPenalties, w.pestControl, w.summonses]
            for v in events { cells.append(Format.count(v).leftPad(5)) }
            cells.append("  " + bar(w))
            out.append(cells.joined(separator: " "))
        }
        return out.joined(separator: "\n")
    }

    static func ward(_ p: WardDrillDown) -> String {
        var out: [String] = []
        let w = p.ward
        out.append("\(w.name): \(Format.count(w.dwellings)) dwellings, \(Format.count(w.hmoLicensed)) HMO-licensed; without a licence \(Format.count(w.high)) High, \(Format.count(w.moderate)) Moderate, \(Format.count(w.some)) Some, \(Format.count(w.low)) Low")
        if let m = p.model { out.append(m.accuracy) }
        out.append("\(Format.count(p.matching)) matching")
        if let m = p.message { out.append(m) }
        for r in p.rows {
            let lic = r.hmoLicensed ? "HMO licence" : r.licenceStatus
            let insp = r.lastInspected.map { "last inspected \(ISODate.uk($0)): \(r.lastOutcome ?? "?")" } ?? "never inspected"
            out.append("\(String(r.wardRank).leftPad(5)). \(String(r.score).leftPad(3)) \(r.band.symbol) \(r.band.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%012lld", r.uprn))  \(r.address)")
            out.append("         \(r.tenure.map(Format.tenure) ?? "tenure unknown") · \(lic) · \(insp)")
            if !r.topFactors.isEmpty { out.append("         why: " + r.topFactors.map(\.text).joined(separator: "; ")) }
        }
        if let c = p.nextCursor { out.append("… more: --after \(c)") }
        return out.joined(separator: "\n")
    }

    static func map(_ m: WardMap) -> String {
        var out = ["\(m.ward): \(m.points.count) dwellings with coordinates"]
        for p in m.points.reversed().prefix(20) {
            out.append("  \(p.band.symbol) \(String(p.score).leftPad(3))  \(String(format: "%012lld", p.uprn))  E \(Int(p.easting)) N \(Int(p.northing))\(p.hmoLicensed ? "  (licensed)" : "")")
        }
        if m.points.count > 20 { out.append("  … (all points with --json)") }
        return out.joined(separator: "\n")
    }

    static func property(_ r: PropertyRisk) -> String {
        var out = ["\(r.address)  (UPRN \(String(format: "%012lld", r.uprn)))\(r.ward.map { ", \($0)" } ?? "")"]
        guard r.scored, let score = r.score, let band = r.band else {
            out.append("Not scored: \(r.reason ?? "unknown reason")")
            return out.joined(separator: "\n")
        }
        out.append("HMO risk \(score)/100 — \(band.symbol) \(band.rawValue)   rank \(Format.count(r.wardRank ?? 0)) of \(Format.count(r.dwellingsInWard ?? 0)) in the ward, \(Format.count(r.boroughRank ?? 0)) of \(Format.count(r.dwellingsInBorough ?? 0)) in the borough")
        if let h = r.heldOutProbability { out.append("Held-out estimate (a model that did not see this property's label): \(pct(h))") }
        let known: String
        switch r.known {
        case .hmo?: known = "a known HMO (licence or inspection)"
        case .notHMO?: known = "inspected: not an HMO"
        default: known = "not known either way"
        }
        out.append("Council knows: \(known); licence: \(r.licenceStatus ?? "none"); tenure: \(r.tenure.map(Format.tenure) ?? "unknown")")
        if !r.raising.isEmpty { out.append("Raised by:  " + r.raising.map { "\($0.text) (\(String(format: "%+.2f", $0.effect)))" }.joined(separator: "; ")) }
        if !r.lowering.isEmpty { out.append("Lowered by: " + r.lowering.map { "\($0.text) (\(String(format: "%+.2f", $0.effect)))" }.joined(separator: "; ")) }
        if let m = r.model { out.append(m.accuracy) }
        if !r.inspections.isEmpty {
            out.append("Inspections:")
            for i in r.inspections { out.append("  \(ISODate.uk(i.date))  \(i.outcomeText)  [\(i.source)]\(i.note.map { "  \($0)" } ?? "")") }
        }
        return out.joined(separator: "\n")
    }
}
