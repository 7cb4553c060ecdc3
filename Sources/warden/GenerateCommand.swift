import ArgumentParser
import Foundation
import WardenCore
import WardenLinkage
import WardenSynth

/// `warden generate`: writes a synthetic borough.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic borough: gazetteer, ~20 council extracts in their own dialects, sources.toml and truth/.",
        discussion: """
        Deterministic for a seed: the same residents and seed give the same bytes. All people are \
        synthetic. The truth/ folder is for evaluation only; the pipeline never reads it. \
        The committed sample-data/ is `--residents 5000 --seed 20261031`.
        """
    )

    @Option(help: "Residents at the extract date.") var residents = 5_000
    @Option(help: "Random seed.") var seed: UInt64 = 20_261_031
    @Option(help: ArgumentHelp("Output folder (created if needed).", valueName: "dir")) var out: String
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Extract date, yyyy-MM-dd.", valueName: "date")) var asOf = "2026-10-31"
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        guard let date = CivilDate(iso: asOf) else { throw ValidationError("--as-of must be a date as yyyy-MM-dd, e.g. 2026-10-31") }
        let bar = Terminal.progressBar()
        let started = Date()
        let summary: GenerationSummary
        do {
            summary = try BoroughGenerator.generate(BoroughSpec(residents: residents, seed: seed, asOf: date), to: out,
                                                    progress: bar.map { b in { @Sendable f, stage in b(stage, f) } })
        } catch { Terminal.endProgress(); throw error }
        Terminal.endProgress()
        if json {
            struct Out: Encodable { var residents, people, households, properties, hmos, licensedHMOs, rows: Int; var extracts: [String: Int]; var plantedCases: [String: Int] }
            try Terminal.printJSON(Out(residents: summary.residentsAtAsOf, people: summary.personsInTruth, households: summary.households,
                                       properties: summary.properties, hmos: summary.hmos, licensedHMOs: summary.licensedHMOs, rows: summary.totalRows,
                                       extracts: Dictionary(uniqueKeysWithValues: summary.extracts.map { ($0.source, $0.rows) }),
                                       plantedCases: Dictionary(uniqueKeysWithValues: summary.fraudCases.map { ($0.caseType, $0.count) })))
            return
        }
        Terminal.out("Wrote a borough of \(summary.residentsAtAsOf) residents to \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        Terminal.out("  \(summary.properties) properties, \(summary.households) households, \(summary.hmos) HMOs (\(summary.licensedHMOs) licensed)")
        Terminal.out("  \(summary.totalRows) rows across \(summary.extracts.count) extracts; truth in \(out)/truth/")
    }
}
