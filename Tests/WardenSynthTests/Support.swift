import Foundation
import WardenLinkage
@testable import WardenSynth

/// Where the committed sample borough lives.
enum Paths {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var sample: String { repoRoot.appendingPathComponent("sample-data").path }

    static func temporary(_ label: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wardensynth-\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// One `[[source]]` of a manifest, as far as these tests need it.
struct ManifestSource {
    var values: [String: String] = [:]
    var dateFormats: [String] = []
    var columns: [(name: String, field: String, required: Bool)] = []
    var name: String { values["name"] ?? "" }
    var file: String { values["file"] ?? "" }
    var kind: String { values["kind"] ?? "" }
    var encoding: String { values["encoding"] ?? "utf-8" }
    var delimiter: UInt8 {
        let d = values["delimiter"] ?? ","
        return d == "\\t" ? 9 : d.utf8.first!
    }
    func column(forField f: String) -> Int? { columns.firstIndex { $0.field == f } }
}

/// A tiny reader for the manifest this generator writes (not a general TOML parser).
enum ManifestReader {
    static func unquote(_ s: Substring) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("\"") && t.hasSuffix("\"") && t.count >= 2 {
            t = String(t.dropFirst().dropLast())
            t = t.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return t
    }

    /// Splits `key = value` where the key may be quoted.
    static func keyValue(_ line: String) -> (String, String)? {
        var inQuote = false
        var prev: Character = " "
        for (i, ch) in line.enumerated() {
            if ch == "\"" && prev != "\\" { inQuote.toggle() }
            if ch == "=" && !inQuote {
                let k = line.prefix(i), v = line.dropFirst(i + 1)
                return (unquote(k), v.trimmingCharacters(in: .whitespaces))
            }
            prev = ch
        }
        return nil
    }

    static func read(_ path: String) throws -> (borough: [String: String], sources: [ManifestSource]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var borough: [String: String] = [:]
        var sources: [ManifestSource] = []
        var section = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == "[borough]" { section = "borough"; continue }
            if line == "[[source]]" { section = "source"; sources.append(ManifestSource()); continue }
            if line == "[source.columns]" { section = "columns"; continue }
            guard let (k, v) = keyValue(line) else { continue }
            switch section {
            case "borough": borough[k] = unquote(Substring(v))
            case "source":
                if v.hasPrefix("[") {
                    let items = v.dropFirst().dropLast().split(separator: ",").map { unquote($0) }
                    if k == "date_formats" { sources[sources.count - 1].dateFormats = items }
                } else {
                    sources[sources.count - 1].values[k] = unquote(Substring(v))
                }
            case "columns":
                var field = "", required = false
                if v.hasPrefix("{") {
                    if let r = v.range(of: "field = \"") {
                        field = String(v[r.upperBound...].prefix { $0 != "\"" })
                    }
                    required = v.contains("required = true")
                } else {
                    field = unquote(Substring(v))
                }
                sources[sources.count - 1].columns.append((k, field, required))
            default: break
            }
        }
        return (borough, sources)
    }
}

/// One parsed record: its fields and the physical line it starts on.
struct Record {
    var line: Int
    var fields: [String]
}

/// A test-only CSV reader honouring a manifest's dialect.
enum DialectReader {
    static let cp1252High: [UInt32] = Windows1252.high

    /// Bytes of the file as UTF-8 (a BOM dropped, Windows-1252 transcoded).
    static func utf8(_ data: [UInt8], encoding: String) -> [UInt8] {
        var bytes = data
        if encoding == "utf-8" && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard encoding == "windows-1252" else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            var scalar = UInt32(b)
            if b >= 0x80 && b <= 0x9F { scalar = cp1252High[Int(b - 0x80)] }
            out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        }
        return out
    }

    static func records(_ bytes: [UInt8], delimiter: UInt8, quote: UInt8 = 34) -> [Record] {
        var out: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordStart = 1
        var i = 0
        var atRecordStart = true
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll() }
        while i < bytes.count {
            let b = bytes[i]
            if atRecordStart { recordStart = line; atRecordStart = false }
            if inQuotes {
                if b == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case quote where field.isEmpty: inQuotes = true
            case delimiter: endField()
            case 13 where i + 1 < bytes.count && bytes[i + 1] == 10: break
            case 10:
                endField()
                out.append(Record(line: recordStart, fields: fields))
                fields.removeAll()
                line += 1
                atRecordStart = true
            default: field.append(b)
            }
            i += 1
        }
        if !fields.isEmpty || !field.isEmpty { endField(); out.append(Record(line: recordStart, fields: fields)) }
        return out
    }

    static func read(_ dir: String, _ s: ManifestSource) throws -> (raw: [UInt8], header: [String], rows: [Record]) {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + s.file)))
        var recs = records(utf8(data, encoding: s.encoding), delimiter: s.delimiter)
        let header = recs.removeFirst().fields
        return (data, header, recs)
    }

    /// A truth or other plain CSV file (comma, UTF-8) with a header: rows as dictionaries.
    static func table(_ path: String) throws -> [[String: String]] {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var recs = records(data, delimiter: 44)
        let header = recs.removeFirst().fields
        return recs.map { r in
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() where i < r.fields.count { d[h] = r.fields[i] }
            return d
        }
    }
}
