import ArgumentParser
import Foundation
import WardenCore
import WardenLinkage

/// `warden link-files A.csv [B.csv]`: person linkage between two files, or within one, without
/// a warehouse.
struct LinkFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link-files",
        abstract: "Link two files of people (or deduplicate one) and write the matched pairs with their probability as CSV.",
        discussion: """
        Uses the same engine as the warehouse: parameters are learned from the files themselves \
        (no labels), every pair gets a calibrated match probability and an explanation, and \
        records are clustered into persons so that a chain of weak links cannot join two people.

        With two files only pairs across them are compared; with one, its duplicates are found. \
        The output (stdout, or --output) has one row per pair of records the engine linked: \
        id_a,id_b,match_probability,match_weight,linked,explanation. In link mode id_a is from the \
        first file. --candidates-above P adds the pairs it did not link down to probability P \
        (linked = 0). --clusters FILE writes every row's person: file,id,cluster_id,cluster_size.

        Column roles for --columns (role=column, several columns joined with +): given, middle, \
        surname, name (a whole name), dob, sex, title, nino, nhs, phone, email, uprn, address (lines), \
        number (street number), locality (suburb), town (city), postcode, id (an identifying \
        number), source (the system a row comes from), group (rows of one household or claim: \
        never one person). Without --columns the header is recognised (FEBRL, Splink-style and \
        common council names); the mapping used is printed on stderr.

        Example: warden link-files ours.csv theirs.csv --columns 'given=first_name,surname=last_name,dob=dob,address=addr1+addr2,postcode=postcode' --id-column ref
        """
    )

    @Argument(help: ArgumentHelp("One file to deduplicate, or two to link.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Which columns hold what: 'given=…,surname=…,dob=…,address=…,postcode=…,id=…'. Default: recognised from the header.", valueName: "roles"))
    var columns: String?

    @Option(name: .customLong("columns-b"), help: ArgumentHelp("A separate --columns for the second file, when its header differs.", valueName: "roles"))
    var columnsB: String?

    @Option(name: .customLong("id-column"), help: ArgumentHelp("The column whose value identifies each row in the output. Default: a column named like id, rec_id or unique_id, else the row number.", valueName: "column"))
    var idColumn: String?

    @Option(name: .customLong("id-column-b"), help: ArgumentHelp("A separate --id-column for the second file, when its header differs.", valueName: "column"))
    var idColumnB: String?

    @Option(help: ArgumentHelp("Link when the match probability is at least this (default 0.9, calibrated to hold across data sets).", valueName: "p"))
    var threshold: Double = PersonLinkageOptions.defaultThreshold

    @Option(name: .customLong("candidates-above"), help: ArgumentHelp("Also write the candidate pairs not linked, down to this probability (linked = 0).", valueName: "p"))
    var candidatesAbove: Double?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the pairs here instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write every row's person (cluster) here.", valueName: "file"))
    var clusters: String?

    @Option(help: ArgumentHelp("The files' encoding: utf-8, windows-1252 or latin-1. Default: sniffed.", valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp("The files' delimiter (one character; \\t for tab). Default: sniffed.", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("Dates of birth after this day (yyyy-MM-dd) are treated as missing. Default: today.", valueName: "date"))
    var today: String?

    @Option(help: ArgumentHelp("Diagnose a warehouse instead: score its person records as `warden link` does, without writing to it (ids are source:line).", valueName: "db"))
    var warehouse: String?

    @Option(help: ArgumentHelp("Report on stderr every clustering decision about this row id (repeatable; for diagnosis).", valueName: "id"))
    var trace: [String] = []

    @Option(name: .customLong("cluster-support"), help: ArgumentHelp("Clustering: the mean match probability two groups of records need across all their pairs to be joined (default 0.5).", valueName: "p"))
    var clusterSupport: Double?

    @Option(name: .customLong("ambiguity-margin"), help: ArgumentHelp("Clustering: a record whose links to two people are within this many bits is left unlinked (default 1).", valueName: "bits"))
    var ambiguityMargin: Double?

    @Flag(help: "Print no summary on stderr.") var quiet = false
    @Flag(help: "Print how the model was trained (EM sessions, priors, m-probabilities) on stderr.") var verbose = false

    func validate() throws {
        if warehouse == nil && (files.isEmpty || files.count > 2) {
            throw ValidationError("give one file to deduplicate or two to link (got \(files.count))")
        }
        if !(0.0...1.0).contains(threshold) { throw ValidationError("--threshold must be a probability between 0 and 1") }
        if let c = candidatesAbove, !(0.0...1.0).contains(c) { throw ValidationError("--candidates-above must be a probability between 0 and 1") }
        if let e = encoding, TextEncoding(rawValue: e.lowercased()) == nil {
            throw ValidationError("--encoding must be one of " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let d = delimiter, d != "\\t", d.utf8.count != 1 { throw ValidationError("--delimiter must be one character (\\t for tab)") }
        if let t = today, CivilDate(iso: t) == nil { throw ValidationError("--today must be a date as yyyy-MM-dd") }
    }

    func run() throws {
        var o = PersonFileLinker.Options()
        o.columns = columns
        o.columnsB = columnsB
        o.idColumn = idColumn
        o.idColumnB = idColumnB
        o.threshold = threshold
        o.candidatesAbove = candidatesAbove
        o.encoding = encoding.flatMap { TextEncoding(rawValue: $0.lowercased()) }
        o.delimiter = delimiter.map { $0 == "\\t" ? 9 : $0.utf8.first! }
        o.today = today.flatMap { CivilDate(iso: $0) }
        o.trace = trace
        o.detailedDiagnostics = verbose
        o.clusterSupport = clusterSupport
        o.ambiguityMargin = ambiguityMargin
        let outcome: PersonFileLinker.Outcome
        if let warehouse {
            guard FileManager.default.fileExists(atPath: warehouse) else {
                throw UserFacingError(file: warehouse, problem: "no warehouse here", remedy: "build one with `warden build --from DIR`")
            }
            outcome = try PersonFileLinker.run(warehouse: try Warehouse(path: warehouse), options: o)
        } else {
            outcome = try PersonFileLinker.run(paths: files, options: o)
        }
        if !quiet { for f in outcome.files { for n in f.notes { Terminal.note(n) } } }
        if verbose {
            for line in outcome.result.diagnostics.training { Terminal.note(line) }
            for line in outcome.result.diagnostics.notes { Terminal.note(line) }
            Terminal.note("timings: " + outcome.result.diagnostics.timings.map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", "))
        }
        let csv = outcome.pairsCSV()
        if let output {
            try write(csv, to: output)
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
        if let clusters { try write(outcome.clustersCSV(), to: clusters) }
        if !quiet { Terminal.note(outcome.summary) }
        for line in outcome.result.diagnostics.trace {
            // the engine writes records as #index: show the rows' ids
            var out = "", digits = "", inRef = false
            func flush() {
                if inRef { out += Int(digits).flatMap { $0 < outcome.ids.count ? outcome.ids[$0] : nil } ?? "#" + digits }
                digits = ""; inRef = false
            }
            for ch in line {
                if inRef && ch.isNumber { digits.append(ch); continue }
                flush()
                if ch == "#" { inRef = true } else { out.append(ch) }
            }
            flush()
            Terminal.note("trace: " + out)
        }
    }

    private func write(_ text: String, to path: String) throws {
        try OutputFile.write(text, to: path)
    }
}
