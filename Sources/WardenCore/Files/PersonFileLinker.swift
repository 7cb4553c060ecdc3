import Foundation
import WardenLinkage

/// Links two files of people (or deduplicates one) with the person-linkage engine, without a
/// warehouse: what `warden link-files` runs. Officers match an external list against their own
/// with it, and it lets the engine be evaluated on any benchmark with a ground truth.
///
/// Files are read with the project's CSV reader; the delimiter and encoding are sniffed (or
/// given), and columns are recognised from the header unless a `--columns` mapping is given.
public enum PersonFileLinker {

    /// What to link and how.
    public struct Options: Sendable {
        /// "given=…,surname=…": the columns of the first file (and of the second, unless
        /// `columnsB` is given). Nil: recognised from the header.
        public var columns: String?
        /// A separate mapping for the second file, when its header differs.
        public var columnsB: String?
        /// The column that holds each row's id, carried into the output. Nil: a column named
        /// like id / rec_id / unique_id, else the row number (1 = first data row).
        public var idColumn: String?
        /// The second file's id column, when its header differs (nil: `idColumn`).
        public var idColumnB: String?
        /// Link when the calibrated match probability is at least this.
        public var threshold: Double = PersonLinkageOptions.defaultThreshold
        /// Also write candidate pairs the engine did not link, down to this probability.
        public var candidatesAbove: Double?
        /// Override the sniffed encoding or delimiter.
        public var encoding: TextEncoding?
        public var delimiter: UInt8?
        /// Treat dates of birth after this day as missing (default: today).
        public var today: CivilDate?
        /// Ids of rows whose clustering decisions to report (`Outcome.result.diagnostics.trace`).
        public var trace: [String] = []
        /// Record each EM session's m-probabilities in the diagnostics.
        public var detailedDiagnostics = false
        /// Clustering settings (nil: the engine's defaults).
        public var clusterSupport: Double?
        public var ambiguityMargin: Double?

        public init() {}
    }

    /// One input file, read.
    public struct LoadedFile: Sendable {
        public var path: String
        public var header: [String]
        public var dialect: CSVDialect
        /// The column mapping used, written as a `--columns` value.
        public var columnsSpec: String
        /// Columns recognised as a row id, or nil (row numbers).
        public var idColumnName: String?
        /// Each data row's id, in file order.
        public var ids: [String]
        public var records: [PersonRecord]
        /// Rows whose date of birth could not be read (treated as missing).
        public var unreadableDates: Int
        /// Things the person running the command should know (columns left out, encoding).
        public var notes: [String]
    }

    /// The outcome of a run.
    public struct Outcome: @unchecked Sendable {
        public var files: [LoadedFile]
        public var result: PersonLinkageResult
        /// Caller index → the row's id.
        public var ids: [String]
        /// Caller index → which file (0 or 1).
        public var fileOf: [Int]
        public var options: Options
        public var seconds: Double
    }

    // MARK: reading

    /// Reads a file of people: sniffs the dialect, maps the columns, builds the records.
    /// `indexBase` numbers the records (the second file continues after the first).
    public static func load(path: String, columns: String?, options: Options, indexBase: Int = 0, dataset: Int = 0) throws -> LoadedFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no such file", remedy: "check the path")
        }
        var notes: [String] = []
        let sniffed = try sniff(path: path)
        var dialect = CSVDialect(delimiter: options.delimiter ?? sniffed.delimiter, encoding: options.encoding ?? sniffed.encoding)
        if options.encoding == nil && sniffed.encoding != .utf8 { notes.append("\(path): not UTF-8; read as \(sniffed.encoding.rawValue)") }
        var rows: [(line: Int, fields: [String])]
        do {
            rows = try CSVReader(path: path, dialect: dialect).readAll()
        } catch let e as CSVError {
            if case .invalidUTF8 = e.kind, options.encoding == nil {
                // the sniffed block was clean but a later byte is not UTF-8: read as Windows-1252
                dialect.encoding = .windows1252
                notes.append("\(path):\(e.line): not UTF-8; read the whole file as windows-1252 (say --encoding to choose)")
                rows = try CSVReader(path: path, dialect: dialect).readAll()
            } else if case .invalidUTF8(let byte) = e.kind {
                throw UserFacingError(file: path, line: e.line, problem: "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8",
                                      remedy: "pass --encoding windows-1252 (or latin-1)")
            } else {
                throw UserFacingError(file: path, line: e.line, problem: e.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
            }
        }
        rows.removeAll { $0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty }
        guard let headerRow = rows.first else {
            throw UserFacingError(file: path, problem: "the file is empty", remedy: "give a file with a header row and at least one record")
        }
        let header = headerRow.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let body = rows.dropFirst()
        if body.isEmpty { notes.append("\(path): a header and no records") }

        let mapping: PersonColumnMapping
        var spec: String
        var idColumn: Int?
        do {
            if let columns {
                mapping = try PersonColumnMapping(parsing: columns, header: header, file: path)
                spec = columns
            } else {
                let r = try PersonColumnMapping.recognising(header: header, file: path)
                mapping = r.mapping; spec = r.spec; idColumn = r.idColumn
                // (the id column named by --id-column is not "left out")
                let idName = options.idColumn?.lowercased()
                let ignored = r.ignored.filter { idName == nil || !$0.lowercased().hasPrefix(idName! + ":") }
                notes.append("\(path): columns recognised from the header: \(r.spec)" + (ignored.isEmpty ? "" : "; left out: " + ignored.joined(separator: "; ")))
            }
        } catch let e as PersonColumnError {
            throw UserFacingError(file: path, problem: e.description)
        }
        if let name = options.idColumn {
            guard let k = header.firstIndex(of: name) ?? header.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                throw UserFacingError(file: path, problem: "--id-column: the file has no column '\(name)'; its columns are " + header.joined(separator: ", "))
            }
            idColumn = k
        } else if columns != nil {
            idColumn = (try? PersonColumnMapping.recognising(header: header))?.idColumn
        }
        // A column used as evidence is not also the id (it would be fine, but say so).
        var ids: [String] = []
        var records: [PersonRecord] = []
        ids.reserveCapacity(body.count); records.reserveCapacity(body.count)
        var unreadable = 0
        var sources: [String: Int] = [:]
        var seenIds = Set<String>()
        var duplicateIds = 0
        var controlRows: [Int] = []
        for (k, raw) in body.enumerated() {
            // control characters (an escape sequence, a bell) are not data: taken out of the
            // values compared, as ingest does, and the rows reported (the id is kept as written)
            var row = raw
            if raw.fields.contains(where: { $0.utf8.contains { $0 < 32 && $0 != 9 && $0 != 10 && $0 != 13 || $0 == 0x7F } }) {
                row.fields = raw.fields.map { FieldParser.clean($0) ?? "" }
                controlRows.append(raw.line)
            }
            var id = idColumn.map { $0 < raw.fields.count ? raw.fields[$0].trimmingCharacters(in: .whitespaces) : "" } ?? String(k + 1)
            if id.isEmpty { id = "row\(k + 1)" }
            if !seenIds.insert(id).inserted { duplicateIds += 1 }
            ids.append(id)
            var ds = dataset
            if let s = mapping.value(.source, row: row.fields) {
                // several sources in one file: numbered in order of first appearance
                let n = sources.count
                ds = dataset * 1_000 + (sources[s] ?? { sources[s] = n; return n }())
            }
            var rec = mapping.record(index: indexBase + k, dataset: ds, row: row.fields)
            if let g = rec.distinctGroup { rec.distinctGroup = "\(dataset):" + g }
            records.append(rec)
            if mapping.unreadableDate(row: row.fields) { unreadable += 1 }
        }
        if !controlRows.isEmpty {
            notes.append("\(path): \(controlRows.count) row(s) held control characters (escape sequences, bells), taken out before matching: line\(controlRows.count == 1 ? "" : "s") " +
                         controlRows.prefix(10).map(String.init).joined(separator: ", ") + (controlRows.count > 10 ? ", …" : ""))
        }
        if duplicateIds > 0 { notes.append("\(path): \(duplicateIds) row(s) repeat an id already used in the file") }
        if unreadable > 0 { notes.append("\(path): \(unreadable) date(s) of birth could not be read (treated as missing)") }
        return LoadedFile(path: path, header: header, dialect: dialect, columnsSpec: spec,
                          idColumnName: idColumn.map { header[$0] }, ids: ids, records: records, unreadableDates: unreadable, notes: notes)
    }

    /// The encoding and delimiter of a file, from its first megabyte.
    static func sniff(path: String) throws -> (encoding: TextEncoding, delimiter: UInt8) {
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(file: path, problem: "cannot read the file", remedy: "check its permissions")
        }
        let head = fh.readData(ofLength: 1 << 20)
        try? fh.close()
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw UserFacingError(file: path, problem: "the file is UTF-16", remedy: "save it as UTF-8 (or Windows-1252) CSV")
        }
        let encoding: TextEncoding = SourceSuggestion.isMostlyValidUTF8(bytes) ? .utf8 : .windows1252
        // the candidate whose count is the same on most of the first lines
        let lines = bytes.split(separator: 10, maxSplits: 50).prefix(50)
        var best: (UInt8, Double) = (UInt8(ascii: ","), -1)
        for d in [UInt8(ascii: ","), 9, UInt8(ascii: "|"), UInt8(ascii: ";")] {
            let counts = lines.map { l -> Int in
                var n = 0, inQ = false
                for b in l { if b == 34 { inQ.toggle() } else if b == d && !inQ { n += 1 } }
                return n
            }.filter { $0 > 0 }
            guard let mode = Dictionary(grouping: counts, by: { $0 }).max(by: { $0.value.count != $1.value.count ? $0.value.count < $1.value.count : $0.key < $1.key }) else { continue }
            let score = Double(mode.value.count) * Double(min(mode.key, 40))
            if score > best.1 { best = (d, score) }
        }
        return (encoding, best.0)
    }

    // MARK: linking

    /// Deduplicates one file or links two.
    public static func run(paths: [String], options: Options) throws -> Outcome {
        precondition(paths.count == 1 || paths.count == 2)
        let started = Date()
        var files: [LoadedFile] = []
        let a = try load(path: paths[0], columns: options.columns, options: options, indexBase: 0, dataset: 0)
        files.append(a)
        if paths.count == 2 {
            var second = options
            second.idColumn = options.idColumnB ?? options.idColumn
            let b = try load(path: paths[1], columns: options.columnsB ?? options.columns, options: second, indexBase: a.records.count, dataset: 1)
            files.append(b)
        }
        var engineOptions = PersonLinkageOptions()
        engineOptions.threshold = options.threshold
        engineOptions.reportPairsAbove = min(options.candidatesAbove ?? options.threshold, options.threshold)
        engineOptions.today = options.today
        engineOptions.detailedDiagnostics = options.detailedDiagnostics
        if let c = options.clusterSupport { engineOptions.clusterSupport = c }
        if let a = options.ambiguityMargin { engineOptions.ambiguityMargin = a }
        if !options.trace.isEmpty {
            var k = 0
            for f in files { for id in f.ids { if options.trace.contains(id) { engineOptions.trace.insert(k) }; k += 1 } }
        }
        let result: PersonLinkageResult
        if files.count == 1 {
            result = PersonLinker.deduplicate(files[0].records, options: engineOptions)
        } else {
            // several sources inside one file are one data set each side in link mode
            let left = files[0].records.map { r -> PersonRecord in var r = r; r.dataset = 0; return r }
            let right = files[1].records.map { r -> PersonRecord in var r = r; r.dataset = 1; return r }
            result = PersonLinker.link(left, right, options: engineOptions)
        }
        var ids: [String] = []
        var fileOf: [Int] = []
        for (f, file) in files.enumerated() { ids += file.ids; fileOf += [Int](repeating: f, count: file.ids.count) }
        return Outcome(files: files, result: result, ids: ids, fileOf: fileOf, options: options, seconds: Date().timeIntervalSince(started))
    }

    /// Links the person records of a warehouse as `warden link` does, without writing to it:
    /// ids are "source:line". For diagnosing linkage against a ground truth.
    public static func run(warehouse: Warehouse, options: Options) throws -> Outcome {
        let started = Date()
        let (result, labels) = try PersonLinkage.score(warehouse, threshold: options.threshold,
                                                       reportPairsAbove: min(options.candidatesAbove ?? options.threshold, options.threshold),
                                                       trace: options.trace, detailed: options.detailedDiagnostics,
                                                       clusterSupport: options.clusterSupport, ambiguityMargin: options.ambiguityMargin)
        let file = LoadedFile(path: warehouse.path, header: [], dialect: CSVDialect(), columnsSpec: "", idColumnName: nil, ids: labels,
                              records: [], unreadableDates: 0, notes: [])
        return Outcome(files: [file], result: result, ids: labels, fileOf: [Int](repeating: 0, count: labels.count), options: options,
                       seconds: Date().timeIntervalSince(started))
    }
}

extension PersonFileLinker.Outcome {
    /// One output row: a pair of records, their match probability and whether they were linked.
    public struct PairRow: Sendable, Equatable {
        public var idA: String
        public var idB: String
        public var probability: Double
        public var matchWeight: Double
        public var linked: Bool
        public var explanation: String
    }

    /// The pairs to write: every pair of records the engine put in one person (in link mode,
    /// pairs across the two files), with the pair's own probability and explanation — and,
    /// when `candidatesAbove` is set, the candidate pairs it did not link down to that
    /// probability. Linked pairs first, each group by descending probability.
    public var pairRows: [PairRow] {
        let r = result
        var wanted: [(Int, Int)] = []
        var linked: [Bool] = []
        var done = Set<Int64>()
        func key(_ a: Int, _ b: Int) -> Int64 { Int64(min(a, b)) << 32 | Int64(max(a, b)) }
        // in link mode the first id is always the first file's
        func add(_ a: Int, _ b: Int, _ l: Bool) { wanted.append(fileOf[a] <= fileOf[b] ? (a, b) : (b, a)); linked.append(l) }
        for c in r.clusters where c.members.count > 1 {
            for (k, a) in c.members.enumerated() {
                for b in c.members[(k + 1)...] {
                    if r.mode == .link && fileOf[a] == fileOf[b] { continue }
                    add(a, b, true); done.insert(key(a, b))
                }
            }
        }
        if let floor = options.candidatesAbove {
            for p in r.pairs where p.probability >= floor && !done.contains(key(p.a, p.b)) { add(p.a, p.b, false) }
        }
        let ids = self.ids, flags = linked, order = wanted
        var rows = r.mapExplanations(wanted) { k, e -> PairRow? in
            guard let e else { return nil }
            return PairRow(idA: ids[order[k].0], idB: ids[order[k].1], probability: e.probability, matchWeight: e.totalWeight, linked: flags[k],
                           explanation: e.description)
        }.compactMap { $0 }
        rows.sort { a, b in
            if a.linked != b.linked { return a.linked }
            if a.probability != b.probability { return a.probability > b.probability }
            if a.idA != b.idA { return a.idA < b.idA }
            return a.idB < b.idB
        }
        return rows
    }

    /// How many pairs of records the engine put in one person (in link mode, across the two
    /// files): the linked rows of `pairRows`, counted without explaining them.
    public var linkedPairCount: Int {
        var n = 0
        for c in result.clusters where c.members.count > 1 {
            if result.mode == .link {
                let first = c.members.filter { fileOf[$0] == 0 }.count
                n += first * (c.members.count - first)
            } else {
                n += c.members.count * (c.members.count - 1) / 2
            }
        }
        return n
    }

    /// The pairs as CSV text (RFC 4180 quoting), with a header.
    public func pairsCSV() -> String {
        var out = "id_a,id_b,match_probability,match_weight,linked,explanation\n"
        for p in pairRows {
            out += [p.idA, p.idB, Self.number(p.probability), Self.number(p.matchWeight), p.linked ? "1" : "0", p.explanation]
                .map(Self.quote).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Each row's cluster: `file,id,cluster_id,cluster_size`. The cluster id is the id of the
    /// cluster's first row (first file first, then file order).
    public func clustersCSV() -> String {
        var out = "file,id,cluster_id,cluster_size\n"
        var firstOf: [Int: Int] = [:]
        var size: [Int: Int] = [:]
        for c in result.clusters { firstOf[c.id] = c.members.min()!; size[c.id] = c.members.count }
        var k = 0
        for (f, file) in files.enumerated() {
            for _ in file.ids.indices {
                let cid = result.clusterIdByPosition[k]
                out += [String(f + 1), ids[k], ids[firstOf[cid]!], String(size[cid]!)].map(Self.quote).joined(separator: ",") + "\n"
                k += 1
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break.
    static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A short summary for the terminal (stderr).
    public var summary: String {
        let linkedPairs = linkedPairCount
        let persons = result.clusters.count
        let multi = result.clusters.filter { $0.members.count > 1 }.count
        var s = files.map { "\($0.path): \($0.ids.count) records" }.joined(separator: "; ")
        s += "\n\(result.mode == .link ? "linked" : "deduplicated"): \(linkedPairs) linked pair(s), \(persons) person(s) (\(multi) with several records), threshold \(options.threshold), \(String(format: "%.2f", seconds)) s"
        let d = result.diagnostics
        s += String(format: "\nestimated from the probabilities (no labels): precision %.3f, recall %.3f", d.estimatedPrecision, d.estimatedRecall)
        if !result.conflicts.isEmpty { s += "\n\(result.conflicts.count) conflicting identifier(s) reported" }
        if !result.ambiguous.isEmpty { s += "\n\(result.ambiguous.count) record(s) matched two people equally well and were left unlinked" }
        return s
    }
}
