import Foundation
import GRDB
import GRDBSQLite
import WardenLinkage

/// A count of one reason (a reject reason or a field issue), for summaries.
public struct ReasonCount: Sendable, Codable, Equatable {
    public var field: String?
    public var reason: String
    public var count: Int
}

/// What one load did.
public struct LoadSummary: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable { case loaded, unchanged }
    public var source: String
    public var file: String
    public var outcome: Outcome
    public var rowsRead = 0
    public var rowsLoaded = 0
    public var rowsRejected = 0
    public var fieldIssues = 0
    public var blankLines = 0
    public var rejectReasons: [ReasonCount] = []
    public var issueReasons: [ReasonCount] = []
    /// Header columns the manifest does not name (kept as extra attributes).
    public var extraColumns: [String] = []
    public var seconds = 0.0
}

/// Reports progress of long work (a build, a load, linkage). Called from the working thread.
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void

/// Loads extracts into the warehouse, one atomic transaction per call.
public struct Ingestor {
    public let warehouse: Warehouse
    /// The account doing the load (recorded on each load).
    public var user: String
    /// How files are read while rows are written (two threads unless a test asks for one).
    var pipeline = IngestPipeline.defaultMode

    public init(warehouse: Warehouse, user: String = CurrentUser.name) {
        self.warehouse = warehouse
        self.user = user
    }

    /// Checks a whole manifest's files before anything is written: each exists and its header
    /// names every mapped column. All problems are reported together.
    public func preflight(_ manifest: Manifest) throws {
        var errors: [UserFacingError] = []
        for s in manifest.sources {
            let path = Ingestor.resolve(s.file, relativeTo: manifest.directory)
            if !FileManager.default.fileExists(atPath: path) {
                errors.append(UserFacingError(file: manifest.path, line: s.manifestLine, field: s.name,
                                              problem: "file \(path) does not exist", remedy: "check the file name in the manifest, or add the extract"))
                continue
            }
            do { _ = try HeaderPlan(source: s, path: path) } catch let e as UserFacingError { errors.append(e) }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw UserFacingErrors(errors) }
    }

    /// Loads every source of a manifest in one transaction: all of it lands, or none.
    /// Files identical to the current load of their source are skipped (a no-op).
    /// `link: false` loads without linking (for measuring ingest on its own).
    @discardableResult
    public func build(_ manifest: Manifest, link: Bool = true, progress: ProgressHandler? = nil) throws -> [LoadSummary] {
        try preflight(manifest)
        let files = manifest.sources.map { s in (source: s, path: Ingestor.resolve(s.file, relativeTo: manifest.directory)) }
        let sizes = files.map { Ingestor.fileSize($0.path) }
        let totalBytes = sizes.reduce(0, +)
        let before = sizes.reduce(into: [0]) { $0.append($0.last! + $1) }
        return try warehouse.pool.write { db in
            try db.setMeta("borough_name", manifest.borough.name)
            try db.setMeta("as_of", manifest.borough.asOf.iso)
            try db.setMeta("manifest_path", manifest.path)
            let summaries = try load(db: db, files: files, asOf: manifest.borough.asOf) { k, fraction in
                progress?("loading \(files[k].source.name)", totalBytes == 0 ? 1 : (Double(before[k]) + fraction * Double(sizes[k])) / Double(totalBytes))
            }
            try Derivation.rebuildProperties(db)
            // Relink when anything changed, when the warehouse has never been linked, or when an
            // older engine linked it (an upgraded Warden brings its better links to old data).
            let engine = try Linkage.linkedEngine(db)
            if link && (summaries.contains(where: { $0.outcome == .loaded }) || engine.map { $0 < Linkage.engineVersion } ?? true) {
                _ = try Linkage.run(db, progress: progress)
            }
            return summaries
        }
    }

    /// Loads one file for a source the warehouse already knows (from an earlier build).
    /// `asOf` is the date the new extract describes (default: the borough's `as_of`).
    public func importFile(source name: String, path: String, asOf extractDate: CivilDate? = nil, progress: ProgressHandler? = nil) throws -> LoadSummary {
        let (definition, boroughAsOf) = try warehouse.pool.read { db -> (SourceDefinition?, CivilDate) in
            let json = try String.fetchOne(db, sql: "SELECT definition FROM source WHERE name = ?", arguments: [name])
            let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'").flatMap(CivilDate.init(iso:))
            return (try json.map { try JSONDecoder().decode(SourceDefinition.self, from: Data($0.utf8)) }, asOf ?? CivilDate(year: 2026, month: 10, day: 31)!)
        }
        guard let definition else {
            let known = try warehouse.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM source ORDER BY name") }
            throw UserFacingError(field: name, problem: "unknown source",
                                  remedy: Suggest.hint(name, in: known) ?? (known.isEmpty ? "build the warehouse first (warden build --from DIR)" : "known sources: " + known.joined(separator: ", ")))
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no such file", remedy: "check the path")
        }
        _ = try HeaderPlan(source: definition, path: path)
        return try warehouse.pool.write { db in
            let s = try load(db: db, files: [(definition, path)], asOf: boroughAsOf, extractDate: extractDate) { _, fraction in progress?("loading \(name)", fraction) }[0]
            if s.outcome == .loaded {
                if definition.kind == .gazetteer { try Derivation.rebuildProperties(db) }
                _ = try Linkage.run(db, progress: progress)
            }
            return s
        }
    }

    static func resolve(_ file: String, relativeTo dir: String) -> String {
        file.hasPrefix("/") ? file : (dir as NSString).appendingPathComponent(file)
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    // MARK: - Loading files

    /// Loads files, in order, inside the caller's transaction; one summary per file.
    ///
    /// The files are read, parsed and validated by an `IngestReader` (on a second thread, in the
    /// default pipeline) while this thread writes what it sends: rows, rejects and issues in
    /// file order, so the warehouse is the same whichever way the pipeline runs.
    /// Each extract is dated `extractDate` (an import's `--as-of`), else its source's own
    /// `as_of`, else `asOf` (the borough's); validation reads its dates against that day.
    func load(db: Database, files: [(source: SourceDefinition, path: String)], asOf: CivilDate, extractDate: CivilDate? = nil,
              progress: (_ file: Int, _ fraction: Double) -> Void) throws -> [LoadSummary] {
        var jobs: [IngestJob] = []
        var sourceIDs: [Int64] = []
        // Sorted keys: the same manifest entry is stored as the same text by every run.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (s, path) in files {
            let definitionJSON = String(decoding: try encoder.encode(s), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO source(name, system, kind, title, definition) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET system = excluded.system, kind = excluded.kind, title = excluded.title, definition = excluded.definition
                """, arguments: [s.name, s.system, s.kind.rawValue, s.title, definitionJSON])
            let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [s.name])!
            let currentSHA = try String.fetchOne(db, sql: "SELECT file_sha256 FROM load WHERE source_id = ? AND is_current = 1", arguments: [sourceID])
            sourceIDs.append(sourceID)
            jobs.append(IngestJob(source: s, path: path, asOf: extractDate ?? s.asOf ?? asOf, currentSHA: currentSHA))
        }
        let writer = try RecordWriter(db: db)
        defer { writer.finish() }
        var summaries = files.map { LoadSummary(source: $0.source.name, file: $0.path, outcome: .loaded) }
        var current: (job: Int, loadID: Int64, plan: HeaderPlan, started: Date)?
        var rejectCounts: [String: ReasonCount] = [:]
        var issueCounts: [String: ReasonCount] = [:]

        try IngestPipeline.run(IngestReader(jobs: jobs), mode: pipeline) { message in
            switch message {
            case .unchanged(let k):
                summaries[k].outcome = .unchanged
                progress(k, 1)
            case .begin(let k, let sha, let bytes, let plan):
                let started = Date()
                let sourceID = sourceIDs[k]
                // Supersede the current load: its rows give way to the new extract's.
                try Derivation.clearDerived(db)
                if let old = try Int64.fetchOne(db, sql: "SELECT id FROM load WHERE source_id = ? AND is_current = 1", arguments: [sourceID]) {
                    try db.execute(sql: "DELETE FROM source_record WHERE source_id = ?", arguments: [sourceID])
                    try db.execute(sql: "DELETE FROM rejected_row WHERE load_id = ?", arguments: [old])
                    try db.execute(sql: "DELETE FROM field_issue WHERE load_id = ?", arguments: [old])
                    try db.execute(sql: "UPDATE load SET is_current = 0 WHERE id = ?", arguments: [old])
                }
                let now = ISO8601DateFormatter().string(from: started)
                try db.execute(sql: """
                    INSERT INTO load(source_id, file_path, file_sha256, file_bytes, started_at, finished_at, loaded_by,
                                     rows_read, rows_loaded, rows_rejected, field_issues, blank_lines, is_current, extract_date)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 1, ?)
                    """, arguments: [sourceID, jobs[k].path, sha, bytes, now, now, user, jobs[k].asOf.iso])
                let loadID = db.lastInsertedRowID
                writer.start(sourceID: sourceID, loadID: loadID)
                summaries[k].extraColumns = plan.extraColumns
                current = (k, loadID, plan, started)
                rejectCounts = [:]
                issueCounts = [:]
            case .batch(let batch):
                guard let k = current?.job else { preconditionFailure("the reader sent rows before their file began") }
                try writer.insert(batch)
                summaries[k].rowsRead += batch.rowsRead
                summaries[k].rowsLoaded += batch.rowCount
                summaries[k].blankLines += batch.blankLines
                for r in batch.rejects {
                    try writer.reject(line: r.line, field: r.field, reason: r.reason, raw: r.raw)
                    rejectCounts[(r.field ?? "") + "|" + r.countedReason, default: ReasonCount(field: r.field, reason: r.countedReason, count: 0)].count += 1
                    summaries[k].rowsRejected += 1
                }
                for i in batch.issues {
                    try writer.issue(line: i.line, field: i.field, value: i.value, reason: i.reason, repaired: i.repaired)
                    issueCounts[i.field + "|" + i.reason, default: ReasonCount(field: i.field, reason: i.reason, count: 0)].count += 1
                    summaries[k].fieldIssues += 1
                }
                if let f = batch.progress { progress(k, f) }
            case .end(let k):
                guard let c = current, c.job == k else { preconditionFailure("the reader ended a file it had not begun") }
                progress(k, 1)
                var summary = summaries[k]
                summary.rejectReasons = rejectCounts.values.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
                summary.issueReasons = issueCounts.values.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
                summary.seconds = Date().timeIntervalSince(c.started)
                summaries[k] = summary
                try db.execute(sql: """
                    UPDATE load SET finished_at = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, field_issues = ?, blank_lines = ?, extra_columns = ?,
                                    extra_layout = ?
                    WHERE id = ?
                    """, arguments: [ISO8601DateFormatter().string(from: Date()), summary.rowsRead, summary.rowsLoaded, summary.rowsRejected,
                                     summary.fieldIssues, summary.blankLines, c.plan.extraColumns.isEmpty ? nil : c.plan.extraColumns.joined(separator: ", "),
                                     c.plan.keptColumns.isEmpty ? nil : c.plan.keptColumns.joined(separator: "\u{1F}"), c.loadID])
                current = nil
            }
        }
        return summaries
    }
}

/// How the columns of a file's header map to fields.
struct HeaderPlan: Sendable {
    struct Column: Sendable {
        let mapping: ColumnMapping
        let datePatterns: [DatePattern]?
        let target: RowBuffer.Target
        /// Text kept as written (after trimming): may go straight from the file into the batch.
        var isPlainText: Bool { (mapping.field.valueType == .text || mapping.field.valueType == .name) && mapping.values.isEmpty }
    }
    let header: [String]
    let columns: [Column?]
    let extraColumns: [String]
    /// Every column kept as an extra attribute (unmapped, then `ignore`d), in header order.
    var keptColumns: [String] { zip(header, columns).compactMap { h, c in (c == nil || c!.mapping.field == .ignore) ? h : nil } }
    let keyIndexes: [Int]
    var columnCount: Int { header.count }

    init(source s: SourceDefinition, path: String) throws {
        let reader = try CSVReader(path: path, dialect: s.dialect)
        var first: [String]?
        var firstLine = 1
        do {
            try reader.forEachRecord { rec in first = rec.strings; firstLine = rec.line; return false }
        } catch let e as CSVError {
            throw UserFacingError(file: e.file, line: e.line, problem: e.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
        }
        guard let first else {
            throw UserFacingError(file: path, line: 1, problem: "the file is empty", remedy: "check the extract was written completely")
        }
        if s.header {
            header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            // Without a header, columns are named by position: "1", "2", ...
            header = (1...first.count).map(String.init)
        }
        var cols: [Column?] = []
        var used = Set<String>()
        var extra: [String] = []
        for name in header {
            if let m = s.mapping(forColumn: name) {
                var pats: [DatePattern]?
                if let f = m.dateFormats { pats = f.compactMap(DatePattern.init) }
                cols.append(Column(mapping: m, datePatterns: pats, target: RowBuffer.target(for: m.field)))
                used.insert(m.column.lowercased().trimmingCharacters(in: .whitespaces))
            } else {
                cols.append(nil)
                extra.append(name)
            }
        }
        let missing = s.columns.filter { !used.contains($0.column.lowercased().trimmingCharacters(in: .whitespaces)) }
        if !missing.isEmpty {
            let names = missing.map { "\"\($0.column)\"" }.joined(separator: ", ")
            let hints = missing.compactMap { m in Suggest.closest(m.column, in: extra).map { "\"\(m.column)\" looks like the file's \"\($0)\"" } }
            throw UserFacingError(file: path, line: firstLine, field: s.name,
                                  problem: "the header lacks column\(missing.count > 1 ? "s" : "") \(names) named in the manifest",
                                  remedy: hints.isEmpty ? "the file's columns are: " + header.joined(separator: ", ") + ". Correct the manifest or the extract." : hints.joined(separator: "; ") + ". Correct the manifest or the extract.")
        }
        self.columns = cols
        self.extraColumns = extra
        let names = header
        self.keyIndexes = s.key.compactMap { k in names.firstIndex { $0.lowercased() == k.lowercased() } }
    }
}

/// The extra attributes of a record (columns the manifest does not map, or maps to `ignore`),
/// paired with their names from the load's layout.
public enum ExtraAttributes {
    public static func decode(_ extra: String?, layout: String?) -> [(name: String, value: String)] {
        guard let extra, let layout else { return [] }
        let names = layout.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        let values = extra.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        return zip(names, values).compactMap { $1.isEmpty ? nil : (String($0), String($1)) }
    }
}

/// Where canonical fields sit in a warehouse row, and helpers for assembling one.
enum RowBuffer {
    static let columns = Schema.recordFieldColumns
    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    static let recordKeyIndex = index["record_key"]!
    static let postcodeRawIndex = index["postcode_raw"]!
    static let addressIndex = index["address"]!
    static let corrIndex = index["correspondence_address"]!
    static let phoneIndex = index["phone"]!
    static let mobileIndex = index["mobile"]!
    static let nameIndexes = (index["title"]!, index["given_name"]!, index["middle_names"]!, index["surname"]!)
    static let fieldIndex: [CanonicalField: Int] = {
        var m: [CanonicalField: Int] = [:]
        for f in CanonicalField.allCases { if let i = index[f.rawValue] { m[f] = i } }
        return m
    }()

    /// Where a field's value goes in the row, decided once per column.
    enum Target: Sendable { case column(Int), address, addressLine, correspondence, fullName(Int), phone, none }

    static func target(for field: CanonicalField) -> Target {
        switch field {
        case .addressLine: return .addressLine
        case .correspondenceAddress: return .correspondence
        case .address: return .address
        case .fullName: return .fullName(fieldIndex[.fullName]!)
        case .phone, .mobile: return .phone
        default: return fieldIndex[field].map(Target.column) ?? .none
        }
    }

    /// A JSON string literal, escaping by bytes (this runs for every extra column of every row).
    static func jsonString(_ s: String) -> String {
        var s = s
        return s.withUTF8 { u -> String in
            var out = [UInt8]()
            out.reserveCapacity(u.count + 2)
            out.append(34)
            for b in u {
                switch b {
                case 34: out.append(92); out.append(34)
                case 92: out.append(92); out.append(92)
                case 10: out.append(92); out.append(110)
                case 13: out.append(92); out.append(114)
                case 9: out.append(92); out.append(116)
                case 0..<32:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: out.append(b)
                }
            }
            out.append(34)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A record written back as one line of its own dialect (for the rejected-row store).
    static func rawText(_ rec: CSVReader.Record, dialect: CSVDialect) -> String {
        let d = Character(UnicodeScalar(dialect.delimiter)), q = Character(UnicodeScalar(dialect.quote))
        return (0..<rec.count).map { i -> String in
            let f = rec.string(i)
            if f.contains(d) || f.contains(q) || f.contains("\n") || f.contains("\r") {
                return String(q) + f.replacingOccurrences(of: String(q), with: String(q) + String(q)) + String(q)
            }
            return f
        }.joined(separator: String(d))
    }
}
