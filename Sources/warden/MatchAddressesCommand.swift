import ArgumentParser
import Foundation
import WardenCore
import WardenLinkage

/// `warden match-addresses`: links a file of free-text addresses to a gazetteer file, no
/// warehouse needed.
struct MatchAddressesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match-addresses",
        abstract: "Match a file of free-text addresses to a gazetteer's UPRNs.",
        usage: "warden match-addresses --gazetteer <file> [<options>] <input>",
        discussion: """
        Reads INPUT, a delimited file of addresses (one per row, with or without a separate \
        postcode column), and writes one row per input row, in the same order: the UPRN chosen \
        (or none), the confidence that it is right, how it was found, and the runners-up.

        The gazetteer is any delimited file with an id column (UPRN or any key), the address and \
        a postcode: one full-address column, several columns joined (--gazetteer-address-column \
        repeated), or the structured columns of an LLPG or AddressBase extract (SAO_TEXT, \
        PAO_TEXT, PAO_NUMBER, STREET_DESCRIPTOR, TOWN_NAME, POSTCODE_LOCATOR, PARENT_UPRN...), \
        which are recognised from the headers.

        COLUMNS
          Columns are recognised from the headers unless named. A column is named by its header \
        (case, spaces and underscores ignored) or by its number counted from 1. Recognised input \
        headers: address, full_address, property_address...; address1..addressN, address_line_1, \
        line1...; or parts such as flat, building_name, house_number, street, locality, town; \
        postcode, post_code, postcode_locator, pcode; id, ref, reference or any *_id / *_ref. \
        Several address columns are joined with ", ".

        OUTPUT
          CSV (RFC 4180 quoting) with the columns row, input_id, input_address, input_postcode, \
        uprn, confidence, method, level, matched_address, explanation, then candidate_N_uprn, \
        candidate_N_probability and candidate_N_address for each runner-up (N = 2, 3, ...). \
        With --json, one JSON object per line instead, with every candidate.

          uprn is empty when no property can be chosen. method is one of exact, postcode+number, \
        street+number, fuzzy-street, no-postcode, building-name, parent-only (the flat named \
        cannot be told apart, or is not in the gazetteer, but its building can: level is \
        "building"), ambiguous (two or more properties fit equally well: none is guessed) and \
        unmatched. confidence is the probability that the UPRN is right; for ambiguous and \
        unmatched rows it is the best candidate's.

        ENCODINGS
          Each file's encoding (UTF-8, with or without a byte-order mark, else Windows-1252) and \
        delimiter (comma, tab, pipe or semicolon) are sniffed from its first megabyte unless \
        given. UTF-16 files are refused with a message: save them as UTF-8.

        EXIT STATUS
          0 when every row was read and written, whether or not it matched; 1 when a file \
        cannot be read (the file, line and what to do are on standard error); 64 on a usage \
        error.

        EXAMPLES
          warden match-addresses --gazetteer llpg.csv extract.csv -o matched.csv
          warden match-addresses --gazetteer llpg.csv --address-column "Addr 1" \\
            --address-column "Addr 2" --postcode-column PC extract.csv
          warden match-addresses --gazetteer list.csv --gazetteer-id-column id \\
            --gazetteer-address-column full_address --json extract.csv
          warden match-addresses --gazetteer llpg.csv --use business nndr.csv
        """
    )

    @Argument(help: ArgumentHelp("The delimited file of addresses to match.", valueName: "input"))
    var input: String

    @Option(help: ArgumentHelp("The gazetteer: a delimited file with an id, an address and a postcode.", valueName: "file"))
    var gazetteer: String

    @Option(name: .customLong("gazetteer-id-column"), help: ArgumentHelp("The gazetteer's UPRN or id column (default: recognised: uprn, id, ...).", valueName: "column"))
    var gazetteerIDColumn: String?

    @Option(name: .customLong("gazetteer-address-column"), help: ArgumentHelp("A gazetteer address column; repeat to join several in order (default: recognised).", valueName: "column"))
    var gazetteerAddressColumns: [String] = []

    @Option(name: .customLong("gazetteer-postcode-column"), help: ArgumentHelp("The gazetteer's postcode column (default: recognised).", valueName: "column"))
    var gazetteerPostcodeColumn: String?

    @Option(name: .customLong("gazetteer-encoding"), help: ArgumentHelp("The gazetteer's encoding: utf-8, windows-1252 or latin-1 (default: sniffed).", valueName: "name"))
    var gazetteerEncoding: String?

    @Option(name: .customLong("gazetteer-delimiter"), help: ArgumentHelp("The gazetteer's delimiter: a character, or tab (default: sniffed).", valueName: "char"))
    var gazetteerDelimiter: String?

    @Option(name: .customLong("address-column"), help: ArgumentHelp("An input address column; repeat to join several in order (default: recognised).", valueName: "column"))
    var addressColumns: [String] = []

    @Option(name: .customLong("postcode-column"), help: ArgumentHelp("The input's postcode column, if it has one (default: recognised).", valueName: "column"))
    var postcodeColumn: String?

    @Option(name: .customLong("id-column"), help: ArgumentHelp("An input column to carry through as input_id (default: recognised: id, ref, ...).", valueName: "column"))
    var idColumn: String?

    @Option(help: ArgumentHelp("The input's encoding: utf-8, windows-1252 or latin-1 (default: sniffed).", valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp("The input's delimiter: a character, or tab (default: sniffed).", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("What the input's records are about, when they do not say which unit of a building: any, residential or business (business rates: shops and offices).", valueName: "kind"))
    var use: PropertyUse = .any

    @Flag(name: .customLong("no-header"), help: "The input's first row is data, not a header (name columns by number).")
    var noHeader = false

    @Option(name: [.short, .long], help: ArgumentHelp("Write the results here instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Write one JSON object per input row (JSON Lines) instead of CSV.")
    var json = false

    @Option(help: ArgumentHelp("How many runners-up to list per row in CSV output.", valueName: "n"))
    var candidates = 3

    @Option(help: ArgumentHelp("Threads to match on (default: one per core).", valueName: "n"))
    var threads: Int?

    @Flag(help: "Print timings on standard error: reading, index build, matching rate.")
    var timing = false

    @Flag(name: [.short, .long], help: "Print nothing on standard error but errors.")
    var quiet = false

    func validate() throws {
        if candidates < 0 || candidates > 20 { throw ValidationError("--candidates must be between 0 and 20") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
        for e in [encoding, gazetteerEncoding].compactMap({ $0 }) where Self.parseEncoding(e) == nil {
            throw ValidationError("unknown encoding \"\(e)\": use utf-8, windows-1252 or latin-1")
        }
        for d in [delimiter, gazetteerDelimiter].compactMap({ $0 }) where Self.parseDelimiter(d) == nil {
            throw ValidationError("unknown delimiter \"\(d)\": give one ASCII character such as , ; | or the word tab")
        }
    }

    static func parseEncoding(_ s: String) -> TextEncoding? {
        switch s.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "windows-1252", "cp1252", "win1252", "windows1252": return .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return .latin1
        default: return nil
        }
    }

    static func parseDelimiter(_ s: String) -> UInt8? {
        switch s.lowercased() {
        case "tab", "\\t", "\t": return 9
        case "comma": return UInt8(ascii: ",")
        case "pipe": return UInt8(ascii: "|")
        case "semicolon": return UInt8(ascii: ";")
        default:
            let u = Array(s.utf8)
            return u.count == 1 && u[0] >= 32 && u[0] < 127 && u[0] != 34 ? u[0] : nil
        }
    }

    func run() throws {
        let gOptions = AddressFileMatcher.GazetteerOptions(
            file: .init(path: gazetteer, encoding: gazetteerEncoding.flatMap(Self.parseEncoding), delimiter: gazetteerDelimiter.flatMap(Self.parseDelimiter)),
            idColumn: gazetteerIDColumn, addressColumns: gazetteerAddressColumns, postcodeColumn: gazetteerPostcodeColumn)
        let iOptions = AddressFileMatcher.InputOptions(
            file: .init(path: input, encoding: encoding.flatMap(Self.parseEncoding), delimiter: delimiter.flatMap(Self.parseDelimiter), hasHeader: !noHeader),
            idColumn: idColumn, addressColumns: addressColumns, postcodeColumn: postcodeColumn)
        // Check the input's columns before the (slower) gazetteer is read.
        let inputTable = try AddressFileMatcher.open(iOptions.file)
        let inputColumns = try AddressFileMatcher.inputColumns(inputTable, iOptions)

        let loaded = try AddressFileMatcher.loadGazetteer(gOptions)
        if timing {
            Terminal.note(String(format: "gazetteer: %d entries read in %.2f s, index built in %.2f s (%.2f s CPU)", loaded.index.count, loaded.readSeconds, loaded.indexSeconds, loaded.indexCPUSeconds))
        }

        let sink = try OutputSink(path: output)
        let columnsCount = candidates
        if !json { try sink.write(AddressFileMatcher.csvLine(AddressFileMatcher.outputHeader(candidates: columnsCount))) }
        let ids = loaded.ids
        let started = Date()
        let summary = try AddressFileMatcher.run(iOptions, gazetteer: loaded, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, use: use) { results in
            try sink.write(AddressFileMatcher.render(results, ids: ids, json: json, candidates: columnsCount))
        }
        try sink.close()
        let elapsed = Date().timeIntervalSince(started)
        if !quiet {
            let given = summary.rows - summary.empty
            func pct(_ n: Int) -> String { given == 0 ? "0.0%" : String(format: "%.1f%%", Double(n) * 100 / Double(given)) }
            let columnNames = inputColumns.address.map { inputTable.headers[$0] }.joined(separator: " + ")
            var line = "\(summary.rows) rows (address from \(columnNames)"
            if let p = inputColumns.postcode { line += ", postcode from \(inputTable.headers[p])" }
            line += "): \(summary.matched) matched (\(pct(summary.matched))), \(summary.buildingOnly) to the building only, "
            line += "\(summary.ambiguous) ambiguous, \(summary.unmatched) unmatched"
            if summary.empty > 0 { line += ", \(summary.empty) empty" }
            if loaded.rowsSkipped > 0 { line += "; \(loaded.rowsSkipped) gazetteer rows without id or address skipped" }
            Terminal.note(line)
        }
        if timing {
            let rate = summary.matchSeconds > 0 ? Double(summary.distinctAddresses) / summary.matchSeconds : 0
            let cpuRate = summary.matchCPUSeconds > 0 ? Double(summary.distinctAddresses) / summary.matchCPUSeconds : 0
            Terminal.note(String(format: "matching: %d distinct addresses in %.2f s wall (%.0f/s on %d thread%@), %.2f s CPU (%.0f per CPU-second); %.2f s in all",
                                 summary.distinctAddresses, summary.matchSeconds, rate, threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                 (threads ?? 2) == 1 ? "" : "s", summary.matchCPUSeconds, cpuRate, elapsed))
        }
    }
}

/// Standard output or a file, written in large pieces.
final class OutputSink {
    private let handle: FileHandle
    private let path: String?
    private var buffer = Data()

    init(path: String?) throws {
        guard let path, path != "-" else { handle = FileHandle.standardOutput; self.path = nil; return }
        // open(2) rather than FileManager.createFile, which writes a new file and renames it over
        // the path: over /dev/null that replaces the device.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw UserFacingError(file: path, problem: "cannot write the output file", remedy: "check the folder exists and is writable")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.path = path
    }

    func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 20 { try flush() }
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw UserFacingError(file: path ?? "standard output", problem: "cannot write (\(error.localizedDescription))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if path != nil { try handle.close() }
    }
}

extension PropertyUse: ExpressibleByArgument {}
