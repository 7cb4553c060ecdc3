import Foundation
import Testing
import WardenLinkage
@testable import WardenSynth

/// The committed sample borough: what someone loading `sample-data/` would notice.
@Suite("Sample borough")
struct SampleBoroughTests {
    let dir = Paths.sample

    @Test("regenerating the sample from its seed reproduces every file byte for byte")
    func sampleIsReproducible() throws {
        let out = Paths.temporary("sample")
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try BoroughGenerator.generate(.sample, to: out, progress: nil)
        let fm = FileManager.default
        // pilots.toml is written by hand (the sample data-sharing programme), not generated.
        let handWritten: Set<String> = ["pilots.toml"]
        let committed = try fm.subpathsOfDirectory(atPath: dir).filter { !$0.hasSuffix("/") && !isDirectory(dir + "/" + $0) && !handWritten.contains($0) }.sorted()
        let regenerated = try fm.subpathsOfDirectory(atPath: out).filter { !isDirectory(out + "/" + $0) }.sorted()
        #expect(committed == regenerated, "the sample folder lists different files from a fresh generation")
        for f in committed {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
            let b = try Data(contentsOf: URL(fileURLWithPath: out + "/" + f))
            #expect(a == b, "sample-data/\(f) differs from a fresh generation with the sample seed")
        }
    }

    private func isDirectory(_ p: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
    }

    @Test("the sample stays small enough to commit")
    func sampleIsSmall() throws {
        var total = 0
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            total += (try? FileManager.default.attributesOfItem(atPath: dir + "/" + f)[.size] as? Int) ?? 0
        }
        #expect(total < 10_000_000)
        let props = try DialectReader.table(dir + "/truth/properties.csv")
        #expect(props.count > 2_000 && props.count < 6_000, "a few thousand properties")
    }

    @Test("every extract parses with the dialect its manifest entry declares")
    func extractsParse() throws {
        let (borough, sources) = try ManifestReader.read(dir + "/sources.toml")
        #expect(borough["as_of"] == "2026-10-31")
        #expect(sources.count == 20)
        var encodings: Set<String> = []
        var sawBOM = false, sawCRLF = 0
        for s in sources {
            let (raw, header, rows) = try DialectReader.read(dir, s)
            encodings.insert(s.encoding)
            if raw.starts(with: [0xEF, 0xBB, 0xBF]) { sawBOM = true }
            if raw.firstIndex(of: 13) != nil { sawCRLF += 1 }
            #expect(header == s.columns.map { $0.name }, "\(s.file): header differs from the manifest's columns")
            #expect(!rows.isEmpty, "\(s.file) has no rows")
            for r in rows {
                #expect(r.fields.count == header.count, "\(s.file) line \(r.line): \(r.fields.count) fields, header has \(header.count)")
                if r.fields.count != header.count { break }
            }
            if s.encoding == "utf-8" {
                #expect(String(validating: raw, as: UTF8.self) != nil, "\(s.file) is not valid UTF-8")
            }
        }
        #expect(encodings.contains("windows-1252"))
        #expect(sawBOM, "one file carries a UTF-8 byte-order mark")
        #expect(sawCRLF >= 2, "some files use CRLF line endings")
    }

    @Test("ground truth names a record for every data line of every extract, and nothing else")
    func truthCoversEveryRecord() throws {
        let (_, sources) = try ManifestReader.read(dir + "/sources.toml")
        let truth = try DialectReader.table(dir + "/truth/records.csv")
        var bySource: [String: Set<Int>] = [:]
        for t in truth { bySource[t["source"]!, default: []].insert(Int(t["line"]!)!) }
        let persons = Set(try DialectReader.table(dir + "/truth/persons.csv").map { $0["person_id"]! })
        let uprns = Set(try DialectReader.table(dir + "/truth/properties.csv").map { $0["uprn"]! })
        var multiLine = 0
        for s in sources where s.kind != "gazetteer" {
            let (_, _, rows) = try DialectReader.read(dir, s)
            let lines = Set(rows.map { $0.line })
            #expect(lines == bySource[s.name] ?? [], "\(s.name): truth lines differ from record start lines")
            for (a, b) in zip(rows, rows.dropFirst()) where b.line - a.line > 1 { multiLine += 1 }
        }
        #expect(multiLine > 0, "some records span lines (quoted newlines) and truth still counts them")
        #expect(bySource["gazetteer"] == nil)
        for t in truth {
            if let p = t["person_id"], !p.isEmpty { #expect(persons.contains(p), "unknown person \(p)") }
            if let u = t["uprn"], !u.isEmpty { #expect(uprns.contains(u), "unknown UPRN \(u)") }
        }
    }

    @Test("identifiers are well formed where they are clean, and a few are not")
    func identifiers() throws {
        let persons = try DialectReader.table(dir + "/truth/persons.csv")
        for p in persons {
            let nhs = p["nhs_number"]!
            #expect(UKIdentifiers.normaliseNHS(nhs).isSuccess, "truth NHS number \(nhs) fails its check digit")
            if let n = p["nino"], !n.isEmpty { #expect(UKIdentifiers.normaliseNINO(n) != nil, "truth NINO \(n) is malformed") }
        }
        #expect(Set(persons.map { $0["nhs_number"]! }).count == persons.count, "NHS numbers are unique")
        // Extracts: mostly valid NHS numbers, a few keying slips.
        let (_, sources) = try ManifestReader.read(dir + "/sources.toml")
        var valid = 0, invalid = 0
        for s in sources {
            guard let c = s.column(forField: "nhs_number") else { continue }
            for r in try DialectReader.read(dir, s).rows where !r.fields[c].isEmpty {
                if UKIdentifiers.normaliseNHS(r.fields[c]).isSuccess { valid += 1 } else { invalid += 1 }
            }
        }
        #expect(invalid > 0 && Double(invalid) / Double(valid + invalid) < 0.05)
        // Gazetteer postcodes are clean; UPRNs are 12 digits; parents point at shells.
        let gaz = sources.first { $0.kind == "gazetteer" }!
        let g = try DialectReader.read(dir, gaz)
        let pc = gaz.column(forField: "postcode")!, u = gaz.column(forField: "uprn")!, parent = gaz.column(forField: "parent_uprn")!
        let all = Set(g.rows.map { $0.fields[u] })
        for r in g.rows {
            #expect(UKIdentifiers.normalisePostcode(r.fields[pc]) == r.fields[pc])
            #expect(r.fields[u].count == 12 && UKIdentifiers.parseUPRN(r.fields[u]) != nil)
            if !r.fields[parent].isEmpty { #expect(all.contains(r.fields[parent])) }
        }
    }

    @Test("extracts carry the slips real systems have: bad postcodes, wrong dates, rejectable rows")
    func messiness() throws {
        let (_, sources) = try ManifestReader.read(dir + "/sources.toml")
        var badPostcodes = 0, unspaced = 0, rejects = 0, futureDOB = 0, impossible = 0
        for s in sources where s.kind != "gazetteer" {
            let (_, _, rows) = try DialectReader.read(dir, s)
            if let c = s.column(forField: "postcode") {
                for r in rows where !r.fields[c].isEmpty {
                    if UKIdentifiers.normalisePostcode(r.fields[c]) == nil { badPostcodes += 1 }
                    else if !r.fields[c].contains(" ") { unspaced += 1 }
                }
            }
            for (i, col) in s.columns.enumerated() where col.required && (col.field.hasSuffix("date") || col.field == "dob" || col.field == "date_of_death") {
                for r in rows where r.fields[i].isEmpty || parse(r.fields[i], s.dateFormats) == nil || parse(r.fields[i], s.dateFormats)! > CivilDate(year: 2026, month: 10, day: 31)! && col.field != "end_date" {
                    rejects += 1
                }
            }
            if let c = s.column(forField: "dob") {
                for r in rows where !r.fields[c].isEmpty {
                    if let d = parse(r.fields[c], s.dateFormats) { if d > CivilDate(year: 2026, month: 10, day: 31)! { futureDOB += 1 } }
                    else { impossible += 1 }
                }
            }
        }
        #expect(badPostcodes > 0, "some postcodes have a wrong character")
        #expect(unspaced > 0, "some postcodes are written without the space")
        #expect(rejects > 0, "a few rows fail a required field")
        #expect(futureDOB > 0, "a date of birth in the future")
        #expect(impossible > 0, "impossible or swapped dates")
    }

    /// Parses with the manifest's patterns (enough of them for these tests).
    func parse(_ raw: String, _ formats: [String]) -> CivilDate? {
        let s = raw.split(separator: " ").first.map(String.init) ?? raw
        for f in formats {
            let text = f.contains(" ") ? raw : s
            if let d = parseOne(text, f) { return d }
        }
        return nil
    }

    func parseOne(_ s: String, _ f: String) -> CivilDate? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var y = 0, m = 0, d = 0
        var si = s.startIndex
        var fi = f.startIndex
        while fi < f.endIndex {
            let ch = f[fi]
            var run = 0
            var fj = fi
            while fj < f.endIndex && f[fj] == ch { run += 1; fj = f.index(after: fj) }
            func digits(_ n: Int?) -> Int? {
                var v = 0, k = 0
                while si < s.endIndex, let dg = s[si].wholeNumberValue, n == nil || k < n! { v = v * 10 + dg; k += 1; si = s.index(after: si); if n == nil && k == 2 { break } }
                return k == 0 ? nil : v
            }
            switch ch {
            case "d": guard let v = digits(run == 2 ? 2 : nil) else { return nil }; d = v
            case "M":
                if run >= 3 {
                    guard s.distance(from: si, to: s.endIndex) >= 3 else { return nil }
                    let t = s[si..<s.index(si, offsetBy: 3)].lowercased()
                    guard let i = months.firstIndex(of: t) else { return nil }
                    m = i + 1; si = s.index(si, offsetBy: 3)
                } else { guard let v = digits(run == 2 ? 2 : nil) else { return nil }; m = v }
            case "y":
                guard let v = digits(run) else { return nil }
                if run == 2 { y = 2000 + v; if y > 2026 { y -= 100 } } else { y = v }
            default:
                guard si < s.endIndex, s[si] == ch else { return nil }
                si = s.index(after: si)
                for _ in 1..<run { si = s.index(after: si) }
            }
            fi = fj
        }
        guard si == s.endIndex else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
}
