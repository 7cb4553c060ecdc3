import ArgumentParser
import Foundation
import WardenCore

/// `warden quality`: per-source data quality.
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Report each source's rows read, loaded and rejected (by reason), field completeness and last load."
    )

    @OptionGroup var warehouse: WarehouseOptions

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    func run() throws {
        let report = try QualityReport.compute(try warehouse.session("quality").0)
        if json { try Terminal.printJSON(report); return }
        Terminal.out("\(report.borough) — data quality (extracts as of \(report.asOf))\n")
        if report.linksOutOfDate {
            let by = report.linkedEngine.map { $0 == 0 ? "an engine from before versions were recorded" : "engine \($0)" } ?? ""
            Terminal.out("Links are out of date: linked by \(by); this Warden's engine is \(report.currentEngine).")
            Terminal.out("Run `warden link` (or `warden build`) to relink with it.\n")
        }
        for s in report.sources {
            Terminal.out("\(s.title) [\(s.name)]  last load \(s.lastLoad) by \(s.loadedBy)")
            Terminal.out("  rows: \(s.rowsRead) read, \(s.rowsLoaded) loaded, \(s.rowsRejected) rejected, \(s.fieldIssues) field issues")
            for r in s.rejectReasons { Terminal.out("    rejected \(r.count): \(r.field.map { $0 + ": " } ?? "")\(r.reason)") }
            for r in s.issueReasons.prefix(6) { Terminal.out("    issue \(r.count): \(r.field.map { $0 + ": " } ?? "")\(r.reason)") }
            if s.issueReasons.count > 6 { Terminal.out("    … \(s.issueReasons.count - 6) more kinds of field issue (see --json)") }
            if !s.completeness.isEmpty {
                Terminal.out("  complete: " + s.completeness.map { "\($0.field) \(Int(($0.share * 100).rounded()))%" }.joined(separator: ", "))
            }
            if let u = s.uprnMatchRate {
                Terminal.out(String(format: "  linked: %.1f%% to a UPRN", u * 100) + (s.personMatchRate.map { String(format: ", %.1f%% to a person", $0 * 100) } ?? "")
                             + (s.unmatchedAddresses.map { ", \($0) addresses unmatched" } ?? ""))
                for r in s.unmatchedReasons ?? [] { Terminal.out("    unmatched \(r.count): \(r.reason)") }
            }
            if !s.extraColumns.isEmpty { Terminal.out("  columns not in the manifest (kept as extra attributes): " + s.extraColumns.joined(separator: ", ")) }
            Terminal.out("")
        }
    }
}
