import Dispatch
import Foundation
import WardenLinkage

/// Matches a delimited file of free-text addresses against a gazetteer held in another
/// delimited file, with no warehouse: the engine behind `warden match-addresses`.
///
/// Both files are sniffed (encoding, delimiter) unless told, their columns are recognised from
/// the headers unless named, and every input row gets one output row, in input order.
public enum AddressFileMatcher {

    // MARK: Options

    /// How to read one delimited file: columns may be header names (case, spaces and
    /// underscores ignored) or 1-based column numbers.
    public struct FileOptions: Sendable {
        public var path: String
        /// Forced encoding; nil sniffs (UTF-8 when valid, else Windows-1252).
        public var encoding: TextEncoding?
        /// Forced delimiter; nil sniffs among comma, tab, pipe and semicolon.
        public var delimiter: UInt8?
        /// False when the first row is data (columns must then be given by number).
        public var hasHeader: Bool = true

        public init(path: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil, hasHeader: Bool = true) {
            self.path = path
            self.encoding = encoding
            self.delimiter = delimiter
            self.hasHeader = hasHeader
        }
    }

    /// The gazetteer file and which of its columns hold what.
    public struct GazetteerOptions: Sendable {
        public var file: FileOptions
        public var idColumn: String?
        /// Columns joined (with ", ") into one address line; empty → recognised.
        public var addressColumns: [String] = []
        public var postcodeColumn: String?

        public init(file: FileOptions, idColumn: String? = nil, addressColumns: [String] = [], postcodeColumn: String? = nil) {
            self.file = file
            self.idColumn = idColumn
            self.addressColumns = addressColumns
            self.postcodeColumn = postcodeColumn
        }
    }

    /// The input file and which of its columns hold what.
    public struct InputOptions: Sendable {
        public var file: FileOptions
        public var idColumn: String?
        public var addressColumns: [String] = []
        public var postcodeColumn: String?

        public init(file: FileOptions, idColumn: String? = nil, addressColumns: [String] = [], postcodeColumn: String? = nil) {
            self.file = file
            self.idColumn = idColumn
            self.addressColumns = addressColumns
            self.postcodeColumn = postcodeColumn
        }
    }

    // MARK: Reading files

    /// A delimited file opened for reading, with its dialect and header.
    public struct Table {
        public let path: String
        public let dialect: CSVDialect
        /// The header row (or "1", "2", ... when the file has none).
        public let headers: [String]
        public let hasHeader: Bool
    }

    /// Sniffs a file's encoding and delimiter and reads its header row.
    public static func open(_ options: FileOptions) throws -> Table {
        let path = options.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw UserFacingError(file: path, problem: "no such file", remedy: "check the path")
        }
        guard !isDir.boolValue else { throw UserFacingError(file: path, problem: "is a directory, not a file", remedy: "give a CSV file") }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(file: path, problem: "cannot read the file", remedy: "check its permissions")
        }
        let head = [UInt8](fh.readData(ofLength: 1 << 20))
        try? fh.close()
        let dialect = try sniff(head, path: path, encoding: options.encoding, delimiter: options.delimiter)
        var first: [String]?
        try readRecords(path: path, dialect: dialect) { _, fields in
            if fields.count == 1 && fields[0].isEmpty { return true }  // blank lines before the header
            first = fields
            return false
        }
        guard let first else { throw UserFacingError(file: path, problem: "has no rows", remedy: "give a file with a header row and at least one address") }
        let headers = options.hasHeader ? first.map { $0.trimmingCharacters(in: .whitespaces) } : (1...max(first.count, 1)).map(String.init)
        return Table(path: path, dialect: dialect, headers: headers, hasHeader: options.hasHeader)
    }

    /// Works out the dialect from the first bytes of a file: a clear error for the encodings
    /// and shapes it cannot read rather than rows of mojibake.
    static func sniff(_ head: [UInt8], path: String, encoding: TextEncoding?, delimiter: UInt8?) throws -> CSVDialect {
        guard !head.isEmpty else { throw UserFacingError(file: path, problem: "the file is empty", remedy: "give a file with a header row and at least one address") }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw UserFacingError(file: path, problem: "the file is UTF-16, which is not read here",
                                  remedy: "save it as UTF-8 (in Excel: Save As → CSV UTF-8) and try again")
        }
        let sample = head.prefix(65_536)
        let nul = sample.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nul > 0 {
            throw UserFacingError(file: path, problem: "the file holds NUL bytes: it is not a text file (or it is UTF-16 without a byte-order mark)",
                                  remedy: "export the data as CSV in UTF-8 or Windows-1252")
        }
        var bytes = head
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let enc: TextEncoding = encoding ?? (SourceSuggestion.isMostlyValidUTF8(bytes) ? .utf8 : .windows1252)
        let delim = delimiter ?? sniffDelimiter(bytes)
        return CSVDialect(delimiter: delim, encoding: enc)
    }

    /// The candidate delimiter whose count per line is most consistent over the first lines
    /// (quotes respected); a comma when nothing stands out.
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        let lines = bytes.split(separator: 10, maxSplits: 60, omittingEmptySubsequences: true).prefix(60)
        var best: (UInt8, Double) = (UInt8(ascii: ","), 0)
        for d in [UInt8(ascii: ","), 9, UInt8(ascii: "|"), UInt8(ascii: ";")] {
            let counts = lines.map { l -> Int in
                var n = 0, inQuotes = false
                for b in l { if b == 34 { inQuotes.toggle() } else if b == d && !inQuotes { n += 1 } }
                return n
            }
            let nonZero = counts.filter { $0 > 0 }
            guard let mode = Dictionary(grouping: nonZero, by: { $0 }).max(by: { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }) else { continue }
            let score = Double(mode.value.count) / Double(max(counts.count, 1)) * Double(min(mode.key, 40) + 1)
            if score > best.1 { best = (d, score) }
        }
        return best.0
    }

    /// Reads every record of a file as strings, rephrasing the reader's errors for this command.
    static func readRecords(path: String, dialect: CSVDialect, _ body: (Int, [String]) throws -> Bool) throws {
        try readRawRecords(path: path, dialect: dialect) { rec in try body(rec.line, rec.strings) }
    }

    /// Like `readRecords`, handing over the reader's record so only the fields needed are
    /// turned into strings.
    static func readRawRecords(path: String, dialect: CSVDialect, _ body: (CSVReader.Record) throws -> Bool) throws {
        do {
            let reader = try CSVReader(path: path, dialect: dialect)
            try reader.forEachRecord { rec in try body(rec) }
        } catch let e as CSVError {
            switch e.kind {
            case .invalidUTF8(let byte):
                throw UserFacingError(file: path, line: e.line,
                                      problem: "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8",
                                      remedy: "the file is probably Windows-1252 (or Latin-1): pass --encoding windows-1252 (or --gazetteer-encoding for the gazetteer)")
            case .utf16:
                throw UserFacingError(file: path, line: e.line, problem: "the file is UTF-16",
                                      remedy: "export it again as UTF-8 (or Windows-1252 and pass --encoding windows-1252)")
            case .cannotOpen(let why):
                throw UserFacingError(file: path, problem: "cannot open (\(why))", remedy: "check the path and permissions")
            case .unterminatedQuote(let start):
                throw UserFacingError(file: path, line: e.line, problem: "the file ends inside a quoted field that opens on line \(start)",
                                      remedy: "the file looks truncated, or a quote is unbalanced")
            case .fieldTooLong(let limit):
                throw UserFacingError(file: path, line: e.line, problem: "a field is longer than \(limit / 1024) KiB",
                                      remedy: "usually a missing closing quote; fix the quoting at or before this line, or check --delimiter")
            }
        }
    }

    // MARK: Columns

    /// A header reduced to letters and digits, lower case ("Post_Code " → "postcode").
    public static func normaliseHeader(_ h: String) -> String {
        String(String.UnicodeScalarView(h.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }

    /// Resolves a column given by name (normalised) or 1-based number; the error names the
    /// file and lists the columns it has.
    public static func column(_ spec: String, in table: Table, option: String) throws -> Int {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        if let n = Int(trimmed), n >= 1, n <= table.headers.count, !table.hasHeader || !table.headers.contains(trimmed) { return n - 1 }
        let want = normaliseHeader(trimmed)
        if let i = table.headers.firstIndex(where: { normaliseHeader($0) == want }) { return i }
        throw missingColumn(trimmed, in: table, option: option)
    }

    static func missingColumn(_ name: String, in table: Table, option: String) -> UserFacingError {
        let have = table.headers.map { "\"\($0)\"" }.joined(separator: ", ")
        let hint = Suggest.hint(name, in: table.headers).map { " (\($0))" } ?? ""
        return UserFacingError(file: table.path, problem: "no column \"\(name)\" for \(option)\(hint); the file has \(table.headers.count) columns: \(have)",
                               remedy: "name one of them with \(option), by header or by number")
    }

    /// Which columns of an input file hold the id, the address and the postcode.
    public struct InputColumns: Sendable, Equatable {
        public var id: Int?
        public var address: [Int]
        public var postcode: Int?
    }

    /// Header names that hold a whole address on one line.
    static let fullAddressHeaders: [String] = [
        "address", "fulladdress", "singlelineaddress", "propertyaddress", "addresstext", "addressfull", "addr",
        "formattedaddress", "postaladdress", "supplyaddress", "premisesaddress", "siteaddress", "location",
    ]
    /// Header names that hold one part of an address, in the order they are usually written.
    static let addressPartHeaders: [String] = [
        "flat", "flatno", "flatnumber", "subbuilding", "subbuildingname", "saotext", "sao",
        "buildingname", "housename", "paotext", "pao",
        "buildingnumber", "housenumber", "houseno", "number", "paonumber", "streetnumber",
        "street", "streetname", "road", "thoroughfare", "streetdescriptor", "streetdescription",
        "dependentlocality", "locality", "district", "area", "village",
        "town", "city", "posttown", "townname", "county",
    ]
    static let postcodeHeaders: [String] = ["postcode", "postcodelocator", "pcode", "postalcode", "zip", "zipcode", "pc", "postcodes"]
    static let inputIDHeaders: [String] = ["id", "ref", "reference", "recordid", "recordref", "rowid", "key", "identifier", "caseref", "accountref", "accountnumber", "propertyref"]

    /// Address line columns: "address1", "address_line_2", "addr3", "line1", "add1"...
    static func addressLineNumber(_ normalised: String) -> Int? {
        for prefix in ["addressline", "address", "addrline", "addr", "add", "line"] where normalised.hasPrefix(prefix) {
            let rest = normalised.dropFirst(prefix.count)
            if !rest.isEmpty, rest.allSatisfy(\.isNumber), let n = Int(rest), n < 20 { return n }
        }
        return nil
    }

    /// Recognises (or resolves, when given) an input file's columns.
    public static func inputColumns(_ table: Table, _ o: InputOptions) throws -> InputColumns {
        let norm = table.headers.map(normaliseHeader)
        var cols = InputColumns(id: nil, address: [], postcode: nil)
        if let p = o.postcodeColumn { cols.postcode = try column(p, in: table, option: "--postcode-column") }
        else if table.hasHeader { cols.postcode = postcodeHeaders.lazy.compactMap { h in norm.firstIndex(of: h) }.first }
        if let i = o.idColumn { cols.id = try column(i, in: table, option: "--id-column") }
        else if table.hasHeader {
            cols.id = inputIDHeaders.lazy.compactMap { h in norm.firstIndex(of: h) }.first
                ?? norm.firstIndex(where: { ($0.hasSuffix("id") || $0.hasSuffix("ref")) && $0.count <= 16 && !$0.contains("uprn") && !$0.contains("postcode") })
        }
        if !o.addressColumns.isEmpty {
            cols.address = try o.addressColumns.map { try column($0, in: table, option: "--address-column") }
        } else if table.hasHeader {
            cols.address = recogniseAddress(norm, excluding: [cols.id, cols.postcode].compactMap { $0 })
        }
        guard !cols.address.isEmpty else {
            let have = table.headers.map { "\"\($0)\"" }.joined(separator: ", ")
            throw UserFacingError(file: table.path, problem: "no address column recognised among \(table.headers.count) columns: \(have)",
                                  remedy: "name it with --address-column (repeat it for address lines, which are joined)")
        }
        if cols.address.contains(where: { $0 == cols.postcode }) { cols.postcode = nil }
        return cols
    }

    /// A whole-address column if there is one, else address lines, else address parts.
    static func recogniseAddress(_ norm: [String], excluding: [Int]) -> [Int] {
        let free = { (i: Int) in !excluding.contains(i) }
        for h in fullAddressHeaders { if let i = norm.firstIndex(of: h), free(i) { return [i] } }
        let lines = norm.indices.compactMap { i in addressLineNumber(norm[i]).map { (i, $0) } }.filter { free($0.0) }
        if !lines.isEmpty { return lines.sorted { $0.1 < $1.1 }.map(\.0) }
        let parts = norm.indices.filter { free($0) && addressPartHeaders.contains(norm[$0]) }
        if !parts.isEmpty { return parts }
        // A header that merely contains "address" ("Property Address (full)").
        if let i = norm.indices.first(where: { free($0) && norm[$0].contains("address") && !norm[$0].contains("email") }) { return [i] }
        return []
    }

    /// How a gazetteer's rows become entries: one address line, or structured LLPG parts.
    public enum GazetteerLayout: Sendable, Equatable {
        case singleLine(address: [Int], postcode: Int?)
        case structured(Structured)
    }

    /// Columns of a structured gazetteer (LLPG / AddressBase / PAF-like headers).
    public struct Structured: Sendable, Equatable {
        public var subBuilding: [Int] = []
        public var buildingName: [Int] = []
        public var buildingNumber: [Int] = []
        public var street: Int?
        public var locality: [Int] = []
        public var town: Int?
        public var postcode: Int?
        public var parent: Int?
        public var usrn: Int?
    }

    /// The gazetteer's id column and layout.
    public struct GazetteerColumns: Sendable, Equatable {
        public var id: Int
        public var layout: GazetteerLayout
    }

    /// Recognises (or resolves, when given) a gazetteer's columns.
    public static func gazetteerColumns(_ table: Table, _ o: GazetteerOptions) throws -> GazetteerColumns {
        let norm = table.headers.map(normaliseHeader)
        func first(_ names: [String]) -> Int? { names.lazy.compactMap { norm.firstIndex(of: $0) }.first }
        let id: Int
        if let c = o.idColumn { id = try column(c, in: table, option: "--gazetteer-id-column") }
        else if let c = first(["uprn", "id", "propertyid", "udprn", "lpikey", "key", "ref", "reference", "propertyref"]) { id = c }
        else {
            let have = table.headers.map { "\"\($0)\"" }.joined(separator: ", ")
            throw UserFacingError(file: table.path, problem: "no UPRN or id column recognised among \(table.headers.count) columns: \(have)",
                                  remedy: "name it with --gazetteer-id-column")
        }
        let postcode: Int? = try o.postcodeColumn.map { try column($0, in: table, option: "--gazetteer-postcode-column") }
            ?? first(["postcodelocator", "postcode", "postalcode", "pcode", "postcodes"])
        if !o.addressColumns.isEmpty {
            return GazetteerColumns(id: id, layout: .singleLine(address: try o.addressColumns.map { try column($0, in: table, option: "--gazetteer-address-column") }, postcode: postcode))
        }
        // Structured parts when a street column sits beside a number or name column.
        var s = Structured()
        s.street = first(["streetdescriptor", "streetdescription", "thoroughfare", "street", "streetname"])
        s.subBuilding = ["saotext", "subbuildingname", "subbuilding", "sao", "flat"].compactMap { norm.firstIndex(of: $0) }
        if s.subBuilding.isEmpty, let n = first(["saostartnumber"]) {
            s.subBuilding = [n] + ["saostartsuffix", "saoendnumber", "saoendsuffix"].compactMap { norm.firstIndex(of: $0) }
        }
        s.buildingName = ["paotext", "buildingname", "housename"].compactMap { norm.firstIndex(of: $0) }
        if let n = first(["paonumber", "buildingnumber", "housenumber", "paostartnumber"]) {
            s.buildingNumber = [n] + ["paostartsuffix", "paoendnumber", "paoendsuffix"].compactMap { norm.firstIndex(of: $0) }
        }
        s.locality = ["doubledependentlocality", "dependentlocality", "locality"].compactMap { norm.firstIndex(of: $0) }
        s.town = first(["townname", "posttown", "town", "city"])
        s.postcode = postcode
        s.parent = first(["parentuprn"])
        s.usrn = first(["usrn"])
        if s.street != nil, !(s.buildingNumber.isEmpty && s.buildingName.isEmpty) {
            return GazetteerColumns(id: id, layout: .structured(s))
        }
        let address = recogniseAddress(norm, excluding: [id] + [postcode].compactMap { $0 })
        guard !address.isEmpty else {
            let have = table.headers.map { "\"\($0)\"" }.joined(separator: ", ")
            throw UserFacingError(file: table.path, problem: "no address column recognised among \(table.headers.count) columns: \(have)",
                                  remedy: "name it with --gazetteer-address-column (repeat it to join several)")
        }
        return GazetteerColumns(id: id, layout: .singleLine(address: address, postcode: postcode))
    }

    /// Joins address parts with ", ", skipping empty ones; a part that is only a number (or a
    /// number range) joins the next part with a space ("14" + "Elm Road" → "14 Elm Road").
    public static func joinParts(_ parts: [String]) -> String {
        var out = ""
        var lastWasNumber = false
        for raw in parts {
            let p = trim(raw)
            if p.isEmpty { continue }
            if !out.isEmpty { out += lastWasNumber ? " " : ", " }
            out += p
            lastWasNumber = p.first?.isNumber == true && p.count <= 9 && !p.contains(" ")
        }
        return out
    }

    // MARK: The gazetteer

    /// A gazetteer read from a file: the index plus each entry's id exactly as the file wrote it
    /// (leading zeros kept).
    public struct LoadedGazetteer: Sendable {
        public let index: AddressIndex
        /// The id as written, by internal entry number (`GazetteerEntry.uprn`).
        public let ids: [String]
        public let columns: GazetteerColumns
        public let rowsSkipped: Int
        public let readSeconds: Double
        public let indexSeconds: Double
        /// CPU time of the index build.
        public let indexCPUSeconds: Double
    }

    /// Reads a gazetteer file and builds its index.
    public static func loadGazetteer(_ o: GazetteerOptions) throws -> LoadedGazetteer {
        let started = Date()
        let table = try open(o.file)
        let cols = try gazetteerColumns(table, o)
        var ids: [String] = []
        var entries: [GazetteerEntry] = []
        var parents: [(Int, String)] = []
        var skipped = 0
        var header = table.hasHeader
        try readRawRecords(path: table.path, dialect: table.dialect) { f in
            if header { header = false; return true }
            if f.count == 1 && f.bytes(0).isEmpty { return true }
            func v(_ i: Int?) -> String? {
                guard let i, i < f.count else { return nil }
                let s = trim(f.string(i))
                return s.isEmpty ? nil : s
            }
            func joined(_ idx: [Int], _ sep: String) -> String? {
                let parts = idx.compactMap { v($0) }
                return parts.isEmpty ? nil : parts.joined(separator: sep)
            }
            guard let id = v(cols.id) else { skipped += 1; return true }
            let n = Int64(entries.count)
            switch cols.layout {
            case .singleLine(let address, let postcode):
                let text = joinParts(address.map { v($0) ?? "" })
                guard !text.isEmpty else { skipped += 1; return true }
                entries.append(GazetteerEntry(uprn: n, fullAddress: text, postcode: v(postcode)))
            case .structured(let s):
                let number = s.buildingNumber.count > 1 ? numberRange(s.buildingNumber.map { v($0) ?? "" }) : joined(s.buildingNumber, "")
                let sub = s.subBuilding.count > 1 && v(s.subBuilding.first) != nil && Int(v(s.subBuilding.first)!) != nil
                    ? numberRange(s.subBuilding.map { v($0) ?? "" }) : joined(s.subBuilding, " ")
                var e = GazetteerEntry(uprn: n, usrn: v(s.usrn).flatMap { Int64($0) }, subBuilding: sub,
                                       buildingName: joined(s.buildingName, " "), buildingNumber: number, street: v(s.street),
                                       locality: joined(s.locality, " "), town: v(s.town), postcode: v(s.postcode))
                if e.street == nil && e.buildingName == nil && e.buildingNumber == nil { skipped += 1; return true }
                if let p = v(s.parent) { parents.append((entries.count, p)) }
                e.parentUPRN = nil
                entries.append(e)
            }
            ids.append(id)
            return true
        }
        guard !entries.isEmpty else {
            throw UserFacingError(file: table.path, problem: "the gazetteer has no usable rows (each needs an id and an address)",
                                  remedy: "check the columns with --gazetteer-id-column and --gazetteer-address-column")
        }
        if !parents.isEmpty {
            var byID: [String: Int] = [:]
            byID.reserveCapacity(ids.count)
            for (k, id) in ids.enumerated() { let c = canonicalID(id); if byID[c] == nil { byID[c] = k } }
            for (k, p) in parents { if let pk = byID[canonicalID(p)] { entries[k].parentUPRN = Int64(pk) } }
        }
        let read = Date().timeIntervalSince(started)
        let t1 = Date(), c1 = processCPUSeconds()
        let index = AddressIndex(entries)
        return LoadedGazetteer(index: index, ids: ids, columns: cols, rowsSkipped: skipped, readSeconds: read, indexSeconds: Date().timeIntervalSince(t1),
                               indexCPUSeconds: processCPUSeconds() - c1)
    }

    /// "000046100017" and "46100017" are one UPRN.
    static func canonicalID(_ s: String) -> String {
        let u = s.utf8
        guard u.first == 48, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return s }
        let t = u.drop { $0 == 48 }
        return t.isEmpty ? "0" : String(decoding: t, as: UTF8.self)
    }

    /// "12" "A" "14" "" → "12A-14".
    static func numberRange(_ parts: [String]) -> String? {
        let p = parts + Array(repeating: "", count: max(0, 4 - parts.count))
        guard !p[0].isEmpty else { return nil }
        var s = p[0] + p[1]
        if !p[2].isEmpty { s += "-" + p[2] + p[3] }
        return s
    }

    // MARK: Matching

    /// One output row.
    public struct Result: Sendable {
        public var row: Int
        public var line: Int
        public var inputID: String?
        public var address: String
        public var postcode: String?
        public var match: AddressMatch
    }

    /// Figures for a run.
    public struct Summary: Sendable, Codable {
        public var rows = 0
        public var distinctAddresses = 0
        public var matched = 0
        public var buildingOnly = 0
        public var ambiguous = 0
        public var unmatched = 0
        public var empty = 0
        public var matchSeconds = 0.0
        /// CPU time spent matching, over all threads.
        public var matchCPUSeconds = 0.0
    }

    /// Matches every row of the input, in batches, calling `emit` with each batch's results in
    /// input order. Identical (address, postcode) pairs are matched once.
    public static func run(_ o: InputOptions, gazetteer: LoadedGazetteer, threads: Int, use: PropertyUse = .any,
                           batchSize: Int = 20_000, emit: ([Result]) throws -> Void) throws -> Summary {
        let table = try open(o.file)
        let cols = try inputColumns(table, o)
        var summary = Summary()
        var cache: [String: AddressMatch] = [:]
        var batch: [(row: Int, line: Int, id: String?, address: String, postcode: String?)] = []
        var header = table.hasHeader
        var row = 0

        func flush() throws {
            guard !batch.isEmpty else { return }
            var keys: [String] = []
            var todo: [(String, String?)] = []
            var seen = Set<String>()
            for b in batch {
                let k = b.address + "\u{1F}" + (b.postcode ?? "")
                keys.append(k)
                if cache[k] == nil, seen.insert(k).inserted { todo.append((b.address, b.postcode)) }
            }
            let t0 = Date(), c0 = processCPUSeconds()
            let index = gazetteer.index
            let matches = parallelMap(todo, threads: threads) { index.match($0.0, postcode: $0.1, use: use) }
            summary.matchSeconds += Date().timeIntervalSince(t0)
            summary.matchCPUSeconds += processCPUSeconds() - c0
            summary.distinctAddresses += todo.count
            for (t, m) in zip(todo, matches) { cache[t.0 + "\u{1F}" + (t.1 ?? "")] = m }
            var out: [Result] = []
            out.reserveCapacity(batch.count)
            for (b, k) in zip(batch, keys) {
                let m = cache[k]!
                summary.rows += 1
                if b.address.isEmpty && b.postcode == nil { summary.empty += 1 }
                else if m.uprn != nil { if m.level == .building { summary.buildingOnly += 1 } else { summary.matched += 1 } }
                else if m.isAmbiguous { summary.ambiguous += 1 } else { summary.unmatched += 1 }
                out.append(Result(row: b.row, line: b.line, inputID: b.id, address: b.address, postcode: b.postcode, match: m))
            }
            batch.removeAll(keepingCapacity: true)
            if cache.count > 200_000 { cache.removeAll(keepingCapacity: true) }
            try emit(out)
        }

        try readRawRecords(path: table.path, dialect: table.dialect) { f in
            let line = f.line
            if header { header = false; return true }
            if f.count == 1 && f.bytes(0).isEmpty { return true }
            row += 1
            func v(_ i: Int?) -> String? {
                guard let i, i < f.count else { return nil }
                let s = trim(f.string(i))
                return s.isEmpty ? nil : s
            }
            let address = joinParts(cols.address.map { v($0) ?? "" })
            batch.append((row, line, v(cols.id), address, v(cols.postcode)))
            if batch.count >= batchSize { try flush() }
            return true
        }
        try flush()
        return summary
    }

    /// Maps on `threads` threads (1: on this thread), keeping order.
    static func parallelMap<T: Sendable, U: Sendable>(_ input: [T], threads: Int, _ f: @escaping @Sendable (T) -> U) -> [U] {
        if threads <= 1 || input.count < 64 { return input.map(f) }
        let out = UnsafeMutableBufferPointer<U?>.allocate(capacity: input.count)
        out.initialize(repeating: nil)
        defer { out.deallocate() }
        nonisolated(unsafe) let target = out
        let chunk = max(16, input.count / (threads * 8))
        let chunks = (input.count + chunk - 1) / chunk
        let workers = min(threads, chunks)
        let next = AtomicCounter()
        input.withUnsafeBufferPointer { inp in
            nonisolated(unsafe) let source = inp
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let c = next.next()
                    if c >= chunks { break }
                    let lo = c * chunk, hi = min(input.count, lo + chunk)
                    for i in lo..<hi { target[i] = f(source[i]) }
                }
            }
        }
        return out.map { $0! }
    }

    // MARK: Output

    /// The output columns for `candidates` runners-up.
    public static func outputHeader(candidates: Int) -> [String] {
        var h = ["row", "input_id", "input_address", "input_postcode", "uprn", "confidence", "method", "level", "matched_address", "explanation"]
        for k in 0..<candidates {
            let n = k + 2
            h += ["candidate_\(n)_uprn", "candidate_\(n)_probability", "candidate_\(n)_address"]
        }
        return h
    }

    /// One output row's fields (see `outputHeader`).
    public static func outputFields(_ r: Result, ids: [String], candidates: Int) -> [String] {
        let m = r.match
        func id(_ u: Int64) -> String { u >= 0 && Int(u) < ids.count ? ids[Int(u)] : String(u) }
        var f = [String(r.row), r.inputID ?? "", r.address, r.postcode ?? "",
                 m.uprn.map(id) ?? "", decimal3(m.confidence), m.method.rawValue, m.level.rawValue,
                 m.address ?? "", m.explanation]
        // When a property is chosen, runners-up with no real chance are noise: left out.
        let others = m.uprn == nil ? m.runnersUp : m.runnersUp.filter { $0.probability >= 0.001 }
        for k in 0..<candidates {
            if k < others.count {
                f += [id(others[k].uprn), decimal3(others[k].probability), others[k].address]
            } else {
                f += ["", "", ""]
            }
        }
        return f
    }

    /// A batch of results as output bytes: CSV lines, or JSON Lines.
    public static func render(_ results: [Result], ids: [String], json: Bool, candidates: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(results.count * 240)
        for r in results {
            if json { out.append(contentsOf: outputJSON(r, ids: ids).utf8); out.append(10) }
            else { appendCSVLine(outputFields(r, ids: ids, candidates: candidates), to: &out) }
        }
        return out
    }

    /// One output row as a JSON object (all candidates, best first).
    public static func outputJSON(_ r: Result, ids: [String]) -> String {
        let m = r.match
        func id(_ u: Int64) -> String { u >= 0 && Int(u) < ids.count ? ids[Int(u)] : String(u) }
        func s(_ v: String?) -> String { v.map(jsonString) ?? "null" }
        let cands = m.candidates.map { "{\"uprn\":\(jsonString(id($0.uprn))),\"probability\":\(String(format: "%.4f", $0.probability)),\"address\":\(jsonString($0.address))}" }
        return "{\"row\":\(r.row),\"input_id\":\(s(r.inputID)),\"input_address\":\(jsonString(r.address)),\"input_postcode\":\(s(r.postcode)),"
            + "\"uprn\":\(s(m.uprn.map(id))),\"confidence\":\(String(format: "%.4f", m.confidence)),\"method\":\(jsonString(m.method.rawValue)),"
            + "\"level\":\(jsonString(m.level.rawValue)),\"ambiguous\":\(m.isAmbiguous),\"matched_address\":\(s(m.address)),"
            + "\"explanation\":\(jsonString(m.explanation)),\"candidates\":[\(cands.joined(separator: ","))]}"
    }

    /// A JSON string literal.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// One CSV field, quoted when it must be (RFC 4180): when it holds the delimiter, a quote, a
    /// line break, or leading or trailing spaces. Quotes inside are doubled.
    public static func csvField(_ s: String, delimiter: Character = ",") -> String {
        var out: [UInt8] = []
        appendCSVField(s, delimiter: delimiter.asciiValue ?? 44, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one CSV field's bytes (see `csvField`).
    static func appendCSVField(_ s: String, delimiter: UInt8, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            var needs = false
            for b in u where b == delimiter || b == 34 || b == 10 || b == 13 { needs = true; break }
            if !needs, let f = u.first, let l = u.last, f == 32 || l == 32 || f == 9 || l == 9 { needs = true }
            guard needs else { out.append(contentsOf: u); return }
            out.append(34)
            for b in u { out.append(b); if b == 34 { out.append(34) } }
            out.append(34)
        }
    }

    /// One CSV line, ending in a line feed.
    public static func csvLine(_ fields: [String], delimiter: Character = ",") -> String {
        var out: [UInt8] = []
        appendCSVLine(fields, delimiter: delimiter.asciiValue ?? 44, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one CSV line's bytes.
    static func appendCSVLine(_ fields: [String], delimiter: UInt8 = 44, to out: inout [UInt8]) {
        for (k, f) in fields.enumerated() {
            if k > 0 { out.append(delimiter) }
            appendCSVField(f, delimiter: delimiter, to: &out)
        }
        out.append(10)
    }

    /// A probability with three decimals ("0.987"), without a locale.
    static func decimal3(_ p: Double) -> String {
        guard p.isFinite else { return "0.000" }
        let v = Int((min(max(p, 0), 1) * 1000).rounded())
        let frac = v % 1000
        return "\(v / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
    }

    /// The string without leading and trailing spaces, tabs and line breaks.
    static func trim(_ s: String) -> String {
        let u = s.utf8
        guard let f = u.first, let l = u.last, f == 32 || l == 32 || f == 9 || l == 9 || f == 10 || l == 10 || f == 13 || l == 13 else { return s }
        let a = Array(u)
        var i = 0, j = a.count
        while i < j, a[i] == 32 || a[i] == 9 || a[i] == 10 || a[i] == 13 { i += 1 }
        while j > i, a[j - 1] == 32 || a[j - 1] == 9 || a[j - 1] == 10 || a[j - 1] == 13 { j -= 1 }
        return String(decoding: a[i..<j], as: UTF8.self)
    }
}

/// CPU time used by this process so far, in seconds (user and system, all threads).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A lock-protected counter handing out work items to threads.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; let v = value; value += 1; return v }
}
