import Foundation
@preconcurrency import TOMLKit
import WardenLinkage

/// What a council says about its extracts: the contents of `sources.toml` (see docs/manifest.md).
public struct Manifest: Sendable, Codable, Equatable {
    /// The borough the extracts belong to.
    public struct Borough: Sendable, Codable, Equatable {
        public var name: String
        /// The date the extracts were taken; "today" for ages and freshness.
        public var asOf: CivilDate
    }

    public var borough: Borough
    public var sources: [SourceDefinition]
    /// The manifest file, for messages and for resolving relative file paths.
    public var path: String

    /// The folder that relative `file` paths are resolved against.
    public var directory: String { (path as NSString).deletingLastPathComponent }

    /// The source called `name`.
    public func source(named name: String) -> SourceDefinition? { sources.first { $0.name == name } }
}

/// One extract: where it is, how it is written, and what its columns mean.
public struct SourceDefinition: Sendable, Codable, Equatable {
    public var name: String
    public var system: String
    public var kind: SourceKind
    public var title: String
    public var file: String
    public var encoding: TextEncoding
    public var delimiter: String
    public var quote: String
    public var header: Bool
    public var dateFormats: [String]
    public var nameFormat: NameFormat
    public var key: [String]
    public var eventType: EventType?
    /// What to do with a row whose field count differs from the header's.
    public var ragged: RaggedPolicy
    public var columns: [ColumnMapping]
    /// The date this source's extract describes, when it differs from the borough's `as_of`
    /// (one system exported a week later than the others).
    public var asOf: CivilDate? = nil
    /// Line of `[[source]]` in the manifest, for messages.
    public var manifestLine: Int

    /// Whether a ragged row fails the whole load (the default) or is rejected on its own.
    public enum RaggedPolicy: String, Sendable, Codable { case fail, reject }

    /// The CSV dialect this source is written in.
    public var dialect: CSVDialect {
        CSVDialect(delimiter: delimiter == "\\t" ? 9 : delimiter.utf8.first ?? UInt8(ascii: ","),
                   quote: quote.utf8.first ?? UInt8(ascii: "\""), encoding: encoding)
    }

    /// The mapping for a header column (header names compare case-insensitively, trimmed).
    public func mapping(forColumn column: String) -> ColumnMapping? {
        let c = column.trimmingCharacters(in: .whitespaces).lowercased()
        return columns.first { $0.column.trimmingCharacters(in: .whitespaces).lowercased() == c }
    }
}

/// How one column of an extract maps to a canonical field.
public struct ColumnMapping: Sendable, Codable, Equatable {
    public var column: String
    public var field: CanonicalField
    /// A failure on a required field rejects the whole row.
    public var required: Bool
    /// Raw value → canonical value (compared trimmed, case-insensitively).
    public var values: [String: String]
    /// Date formats for this column only (else the source's).
    public var dateFormats: [String]?
}

// MARK: - Loading

extension Manifest {
    static let topKeys: Set<String> = ["borough", "source"]
    static let boroughKeys: Set<String> = ["name", "as_of"]
    static let sourceKeys: Set<String> = ["name", "system", "kind", "title", "file", "encoding", "delimiter", "quote",
                                          "header", "date_formats", "name_format", "key", "event_type", "columns", "ragged", "as_of"]
    static let columnKeys: Set<String> = ["field", "required", "values", "date_formats"]

    /// Reads and checks a manifest. Every problem found is reported at once, each with its line.
    public static func load(path: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw UserFacingError(file: path, problem: exists ? "cannot read the manifest" : "no manifest here",
                                  remedy: exists ? "check its permissions" : "give the folder that holds sources.toml, or write one (see docs/manifest.md)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserFacingError(file: path, problem: "the manifest is not UTF-8 text", remedy: "save it as UTF-8")
        }
        return try parse(text: text, path: path)
    }

    /// Parses manifest text (`path` is used for messages and relative files).
    public static func parse(text: String, path: String) throws -> Manifest {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw UserFacingError(file: path, line: e.source.begin.line, problem: "not valid TOML: \(e.description) (column \(e.source.begin.column))",
                                  remedy: "fix the syntax at that line")
        }
        let locator = ManifestLocator(text: text)
        var errors: [UserFacingError] = []
        func fail(_ line: Int?, _ field: String?, _ problem: String, _ remedy: String? = nil) {
            errors.append(UserFacingError(file: path, line: line, field: field, problem: problem, remedy: remedy))
        }

        for key in table.keys.sorted() where !topKeys.contains(key) {
            fail(locator.line(ofKey: key, inSource: nil, inColumns: false), key, "unknown setting",
                 Suggest.hint(key, in: topKeys) ?? "the manifest has [borough] and [[source]] tables")
        }

        // [borough]
        var borough = Borough(name: "Unnamed borough", asOf: CivilDate(year: 2026, month: 10, day: 31)!)
        if let b = table["borough"]?.table {
            for key in b.keys.sorted() where !boroughKeys.contains(key) {
                fail(locator.line(ofKey: key, inSource: nil, inColumns: false), "borough.\(key)", "unknown setting",
                     Suggest.hint(key, in: boroughKeys))
            }
            if let n = b["name"]?.string { borough.name = n }
            if let v = b["as_of"] {
                if let s = v.string, let d = CivilDate(iso: s) { borough.asOf = d }
                else if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { borough.asOf = c }
                else { fail(locator.line(ofKey: "as_of", inSource: nil, inColumns: false), "borough.as_of", "not a date", "write it as \"yyyy-MM-dd\"") }
            }
        } else {
            fail(1, "borough", "the manifest has no [borough] table", "add [borough] with name and as_of")
        }

        // [[source]]
        var sources: [SourceDefinition] = []
        let sourceArray = table["source"]?.array
        if sourceArray == nil || sourceArray!.count == 0 {
            fail(nil, "source", "the manifest lists no sources", "add one [[source]] table per extract")
        }
        var seenNames: [String: Int] = [:]
        let sourceItems: [any TOMLValueConvertible] = sourceArray.map { Array($0) } ?? []
        for (index, item) in sourceItems.enumerated() {
            let line = locator.sourceLine(index)
            guard let s = item.table else { fail(line, "source", "each [[source]] must be a table"); continue }
            func keyLine(_ key: String) -> Int { locator.line(ofKey: key, inSource: index, inColumns: false) ?? line }
            for key in s.keys.sorted() where !sourceKeys.contains(key) {
                fail(keyLine(key), key, "unknown setting in [[source]]", Suggest.hint(key, in: sourceKeys))
            }
            func string(_ key: String, default def: String? = nil) -> String? {
                guard let v = s[key] else { return def }
                guard let str = v.string else { fail(keyLine(key), key, "must be a string in quotes"); return def }
                return str
            }
            guard let name = string("name") else { fail(line, "name", "a source needs a name"); continue }
            if !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) || name.isEmpty {
                fail(keyLine("name"), "name", "\"\(name)\" is not a valid source name", "use lower-case letters, digits and _")
            }
            if let prev = seenNames[name] { fail(keyLine("name"), "name", "source \"\(name)\" is defined twice (first at line \(prev))") }
            seenNames[name] = line
            let kindText = string("kind") ?? ""
            let kind = SourceKind(rawValue: kindText)
            if kind == nil {
                fail(keyLine("kind"), "kind", kindText.isEmpty ? "source \"\(name)\" has no kind" : "unknown kind \"\(kindText)\"",
                     Suggest.hint(kindText, in: SourceKind.allCases.map(\.rawValue)) ?? "one of: " + SourceKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let file = string("file") else { fail(line, "file", "source \"\(name)\" has no file"); continue }
            let encText = string("encoding", default: "utf-8")!
            let encoding = TextEncoding(rawValue: encText.lowercased()) ?? (["utf8", "utf-8-bom", "utf-8-sig"].contains(encText.lowercased()) ? .utf8 : (["cp1252", "windows1252"].contains(encText.lowercased()) ? .windows1252 : nil))
            if encoding == nil {
                fail(keyLine("encoding"), "encoding", "unknown encoding \"\(encText)\"", "one of: utf-8, windows-1252, latin-1")
            }
            let delimiter = string("delimiter", default: ",")!
            if !(delimiter == "\\t" || delimiter == "\t" || delimiter.utf8.count == 1) {
                fail(keyLine("delimiter"), "delimiter", "the delimiter must be one character", "e.g. \",\", \"|\", \"\\t\"")
            }
            let quote = string("quote", default: "\"")!
            if quote.utf8.count != 1 { fail(keyLine("quote"), "quote", "the quote must be one character") }
            var header = true
            if let h = s["header"] { if let b = h.bool { header = b } else { fail(keyLine("header"), "header", "must be true or false") } }
            func stringArray(_ key: String) -> [String]? {
                guard let v = s[key] else { return nil }
                if let one = v.string { return [one] }
                guard let arr = v.array else { fail(keyLine(key), key, "must be a list of strings"); return nil }
                var out: [String] = []
                for e in arr { if let str = e.string { out.append(str) } else { fail(keyLine(key), key, "must be a list of strings") } }
                return out
            }
            let dateFormats = stringArray("date_formats") ?? ["yyyy-MM-dd"]
            for f in dateFormats where DatePattern(f) == nil {
                fail(keyLine("date_formats"), "date_formats", "\"\(f)\" is not a date pattern", "use dd, d, MM, M, MMM, yyyy, yy and separators, e.g. dd/MM/yyyy")
            }
            let nfText = string("name_format", default: NameFormat.titleForenamesSurname.rawValue)!
            let nameFormat = NameFormat(rawValue: nfText.lowercased())
            if nameFormat == nil {
                fail(keyLine("name_format"), "name_format", "unknown name format \"\(nfText)\"",
                     "one of: " + NameFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            var eventType: EventType?
            if let et = string("event_type") {
                eventType = EventType(rawValue: et)
                if eventType == nil {
                    fail(keyLine("event_type"), "event_type", "unknown event type \"\(et)\"",
                         Suggest.hint(et, in: EventType.allCases.map(\.rawValue)) ?? "one of: " + EventType.allCases.map(\.rawValue).joined(separator: ", "))
                }
            } else if kind == .event {
                fail(line, "event_type", "an event source needs event_type", "one of: " + EventType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var sourceAsOf: CivilDate?
            if let v = s["as_of"] {
                if let t = v.string, let d = CivilDate(iso: t) { sourceAsOf = d }
                else if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { sourceAsOf = c }
                else { fail(keyLine("as_of"), "as_of", "not a date", "write it as \"yyyy-MM-dd\"") }
            }
            let raggedText = string("ragged", default: "fail")!
            let ragged = SourceDefinition.RaggedPolicy(rawValue: raggedText)
            if ragged == nil { fail(keyLine("ragged"), "ragged", "must be \"fail\" or \"reject\"") }

            // columns
            var columns: [ColumnMapping] = []
            if let cols = s["columns"]?.table {
                for column in cols.keys.sorted() {
                    let cline = locator.line(ofKey: column, inSource: index, inColumns: true) ?? line
                    let value = cols[column]!
                    var fieldName: String?
                    var required = false
                    var values: [String: String] = [:]
                    var colFormats: [String]?
                    if let str = value.string {
                        fieldName = str
                    } else if let t = value.table {
                        for k in t.keys.sorted() where !columnKeys.contains(k) {
                            fail(cline, column, "unknown setting \"\(k)\" for a column", Suggest.hint(k, in: columnKeys) ?? "use field, required, values, date_formats")
                        }
                        fieldName = t["field"]?.string
                        if fieldName == nil { fail(cline, column, "the column's mapping has no field") }
                        if let r = t["required"] { if let b = r.bool { required = b } else { fail(cline, column, "required must be true or false") } }
                        if let vt = t["values"]?.table {
                            for k: String in vt.keys { if let v = vt[k]?.string { values[k.trimmingCharacters(in: CharacterSet.whitespaces).lowercased()] = v } else { fail(cline, column, "values must map text to text") } }
                        }
                        if let df = t["date_formats"] {
                            colFormats = df.array.map { arr in arr.compactMap { $0.string } } ?? df.string.map { [$0] }
                            for f in colFormats ?? [] where DatePattern(f) == nil {
                                fail(cline, column, "\"\(f)\" is not a date pattern")
                            }
                        }
                    } else {
                        fail(cline, column, "a column maps to a field name in quotes, or to { field = ..., ... }")
                    }
                    guard let fn = fieldName else { continue }
                    guard let field = CanonicalField(rawValue: fn) else {
                        fail(cline, column, "unknown field \"\(fn)\"",
                             Suggest.hint(fn, in: CanonicalField.allCases.map(\.rawValue)) ?? "see the field list in docs/manifest.md")
                        continue
                    }
                    columns.append(ColumnMapping(column: column, field: field, required: required, values: values, dateFormats: colFormats))
                }
                // A non-repeatable field mapped twice is a mistake.
                var byField: [CanonicalField: [String]] = [:]
                for c in columns { byField[c.field, default: []].append(c.column) }
                for (field, cols) in byField.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where cols.count > 1 && !field.isRepeatable {
                    fail(locator.line(ofKey: cols[1], inSource: index, inColumns: true) ?? line, cols[1],
                         "field \"\(field.rawValue)\" is already mapped from column \"\(cols[0])\"", "map each field once (only address_line may repeat)")
                }
            } else {
                fail(line, "columns", "source \"\(name)\" has no [source.columns] table", "map its columns to fields (see docs/manifest.md)")
            }
            let key = stringArray("key") ?? []
            for k in key where !columns.contains(where: { $0.column.lowercased() == k.lowercased() }) {
                fail(keyLine("key"), "key", "key column \"\(k)\" is not among the mapped columns", "map it (e.g. to record_key or ignore)")
            }
            if let kind, let encoding, let nameFormat, let ragged {
                sources.append(SourceDefinition(
                    name: name, system: string("system", default: name)!, kind: kind, title: string("title", default: name)!,
                    file: file, encoding: encoding, delimiter: delimiter == "\t" ? "\\t" : delimiter, quote: quote, header: header,
                    dateFormats: dateFormats, nameFormat: nameFormat, key: key, eventType: eventType, ragged: ragged,
                    columns: columns, asOf: sourceAsOf, manifestLine: line))
            }
        }
        if !errors.isEmpty {
            errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
            if errors.count == 1 { throw errors[0] }
            throw UserFacingErrors(errors)
        }
        return Manifest(borough: borough, sources: sources, path: path)
    }
}

/// Finds the line of a key in manifest text, because TOMLKit does not expose node positions.
struct ManifestLocator {
    let lines: [Substring]
    /// Line numbers (1-based) of each `[[source]]` header.
    let sourceStarts: [Int]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var starts: [Int] = []
        for (i, l) in lines.enumerated() where l.trimmingCharacters(in: .whitespaces).hasPrefix("[[source]]") { starts.append(i + 1) }
        sourceStarts = starts
    }

    func sourceLine(_ index: Int) -> Int { index < sourceStarts.count ? sourceStarts[index] : 1 }

    /// The line where `key = ...` is written, within a source's block (and its columns table).
    func line(ofKey key: String, inSource index: Int?, inColumns: Bool) -> Int? {
        var from = 0, to = lines.count
        if let index {
            guard index < sourceStarts.count else { return nil }
            from = sourceStarts[index] - 1
            to = index + 1 < sourceStarts.count ? sourceStarts[index + 1] - 1 : lines.count
        }
        var inColumnsTable = false
        for i in from..<to {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") {
                inColumnsTable = t.hasPrefix("[source.columns]")
                continue
            }
            if inColumns != inColumnsTable && index != nil { continue }
            let candidates = [key, "\"\(key)\"", "'\(key)'"]
            for c in candidates where t.hasPrefix(c) {
                let rest = t.dropFirst(c.count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return nil
    }
}
