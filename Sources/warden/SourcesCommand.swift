import ArgumentParser
import Foundation
import WardenCore

/// `warden sources ...`: working with source definitions.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "The loaded sources (rows, rejects, freshness, match rates, records lost at the merge, trend), and drafting new ones.",
        subcommands: [List.self, Suggest.self],
        defaultSubcommand: List.self
    )

    /// `warden sources [--json]`: the data-sources panel's figures.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every loaded source with rows, rejects, last load, freshness, match rates and records lost at the merge.")
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let r = try SourcesReport.compute(try warehouse.session("sources").0)
            if json { try Terminal.printJSON(r); return }
            Terminal.out("\(r.borough) — \(r.sources.count) sources (extracts as of \(r.asOf))")
            Terminal.out("source".padding(toLength: 24, withPad: " ", startingAt: 0) + "    rows  rejected  loaded       UPRN   persons  lost at merge")
            for s in r.sources {
                func pct(_ v: Double?) -> String { v.map { String(format: "%5.1f%%", $0 * 100) } ?? "     —" }
                Terminal.out(s.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(s.rows).leftPad(8) + String(s.rejected).leftPad(10)
                             + "  \(s.lastLoad.prefix(10)) " + pct(s.uprnRate) + "  " + pct(s.personRate)
                             + (s.lostAtMerge.map { "  \(String($0).leftPad(6)) (\(pct(s.lostShare)))" } ?? ""))
            }
        }
    }

    /// `warden sources suggest FILE`: drafts a manifest entry for an unknown extract.
    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect an unknown extract and draft its [[source]] entry for sources.toml.",
            discussion: "Columns are recognised from their headers and from the shape of their values (postcodes, NINOs, NHS numbers, dates, UPRNs, names). Review the draft before using it."
        )

        @Argument(help: "The extract to inspect.")
        var file: String

        @Flag(name: .long, help: "Print the findings as JSON instead of TOML.")
        var json = false

        func run() throws {
            let s = try SourceSuggestion.inspect(path: file)
            if json { try Terminal.printJSON(s) } else { Terminal.out(s.toml) }
        }
    }
}
