import ArgumentParser
import Foundation
import WardenCore

/// `warden sources ...`: working with source definitions.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Work with source definitions (the manifest).",
        subcommands: [Suggest.self]
    )

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
