import ArgumentParser
import Foundation
import WardenCore

/// `warden link`: relinks the whole warehouse.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link every record to a UPRN and to a virtual person, then rebuild what depends on the links.",
        discussion: "`warden build` and `warden import` link automatically; run this after changing linkage settings. Virtual ids stay stable."
    )
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        let (w, _) = try warehouse.session("link")
        let s: Linkage.Summary
        do { s = try Linkage.run(w, progress: Terminal.progressBar()) } catch { Terminal.endProgress(); throw error }
        Terminal.endProgress()
        if json { try Terminal.printJSON(s); return }
        let a = s.addresses
        Terminal.out("Addresses: \(a.records) records (\(a.distinctAddresses) distinct addresses) in \(String(format: "%.1f", a.seconds)) s")
        Terminal.out("  \(a.given) carried a known UPRN, \(a.matched) matched, \(a.buildingOnly) to the building only, \(a.ambiguous) ambiguous, \(a.unmatched) unmatched")
        Terminal.out("  event locations: \(a.locations): \(a.locationsToProperty) to a property, \(a.locationsToStreet) to a street")
        if let p = s.persons {
            Terminal.out("Persons: \(p.records) records → \(p.persons) virtual persons (\(p.keptIDs) ids kept, \(p.newPersons) new, \(p.retiredIDs) retired) in \(String(format: "%.1f", p.seconds)) s")
            if p.conflicts > 0 { Terminal.out("  \(p.conflicts) conflicting identifiers reported (see `warden quality`)") }
        }
        Terminal.out("Stages: " + s.stages.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
    }
}

/// `warden eval --truth DIR`: linkage quality against a ground truth.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure linkage against a ground truth: person pairwise precision/recall/F1 and UPRN accuracy.",
        discussion: "For evaluation only (the synthetic borough's truth/ folder). The pipeline itself never reads truth files."
    )
    @Option(help: ArgumentHelp("The truth folder (holds records.csv).", valueName: "dir")) var truth: String
    @OptionGroup var warehouse: WarehouseOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let e = try LinkageEvaluation.run(try warehouse.session("eval").0, truthDir: truth)
        if json { try Terminal.printJSON(e); return }
        if let p = e.persons {
            Terminal.out(String(format: "Persons: %d records; pairwise precision %.4f, recall %.4f, F1 %.4f", p.records, p.precision, p.recall, p.f1))
            Terminal.out(String(format: "  (%.0f true pairs, %.0f predicted, %.0f correct)", p.truePairs, p.predictedPairs, p.correctPairs))
        } else {
            Terminal.out("Persons: not linked yet")
        }
        let a = e.addresses
        func pct(_ n: Int) -> String { String(format: "%.2f%%", a.addressBearing == 0 ? 0 : Double(n) * 100 / Double(a.addressBearing)) }
        Terminal.out("Addresses: \(a.addressBearing) address-bearing records: \(pct(a.correct)) correct UPRN, \(pct(a.wrong)) wrong, \(pct(a.unmatched)) unmatched, \(pct(a.buildingOfCorrect)) building of the right flat")
        Terminal.out("  \(a.falseMatches) records outside the borough given a UPRN; street locations \(a.streetCorrect)/\(a.streetLocations) to the right street")
        for s in e.bySource where s.addressBearing > 0 {
            Terminal.out("  \(s.source.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(s.addressBearing).leftPad(6))  correct \(String(format: "%6.2f%%", Double(s.correct) * 100 / Double(s.addressBearing)))  wrong \(String(s.wrong).leftPad(4))  unmatched \(String(s.unmatched).leftPad(4))")
        }
        if e.truthRowsNotInWarehouse > 0 { Terminal.out("  (\(e.truthRowsNotInWarehouse) truth rows name records the warehouse rejected)") }
    }
}
