import Foundation
import Testing
import WardenLinkage
@testable import WardenSynth

/// What the borough holds: the people and cases that make linkage, risk and fraud work hard.
@Suite("Borough content")
struct BoroughContentTests {
    let dir = Paths.sample

    func manifest() throws -> [ManifestSource] { try ManifestReader.read(dir + "/sources.toml").sources }
    func source(_ name: String) throws -> (ManifestSource, [Record]) {
        let s = try manifest().first { $0.name == name }!
        return (s, try DialectReader.read(dir, s).rows)
    }

    @Test("twins and fathers and sons with the same name live together")
    func lookAlikes() throws {
        let persons = try DialectReader.table(dir + "/truth/persons.csv")
        let twins = persons.filter { $0["tags"]!.contains("twin") }
        var twinPairs = 0
        for (i, a) in twins.enumerated() {
            for b in twins[(i + 1)...] where a["dob"] == b["dob"] && a["surname"] == b["surname"] && a["household_id"] == b["household_id"] {
                twinPairs += 1
            }
        }
        #expect(twinPairs >= 10, "twins: same surname, date of birth and household")
        let fs = persons.filter { $0["tags"]!.contains("father_son") }
        var pairs = 0
        for (i, a) in fs.enumerated() {
            for b in fs[(i + 1)...] where a["given_name"] == b["given_name"] && a["surname"] == b["surname"] {
                let ya = Int(a["dob"]!.prefix(4))!, yb = Int(b["dob"]!.prefix(4))!
                if abs(ya - yb) >= 16 { pairs += 1 }
            }
        }
        #expect(pairs >= 10, "fathers and sons sharing a full name")
        #expect(persons.filter { !$0["birth_surname"]!.isEmpty }.count > 100, "surnames changed at marriage")
        #expect(persons.contains { $0["tags"]!.contains("double_barrelled") })
    }

    @Test("names come from many backgrounds, in the scripts and spellings sources hold them")
    func diverseNames() throws {
        let persons = try DialectReader.table(dir + "/truth/persons.csv")
        var surnames: [String: Int] = [:]
        for p in persons { surnames[p["surname"]!, default: 0] += 1 }
        let top = surnames.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map { $0.key }
        for common in ["Smith", "Khan", "Patel"] { #expect(top.contains(common), "\(common) among the commonest surnames: \(top)") }
        let all = persons.map { $0["given_name"]! + " " + $0["surname"]! }.joined(separator: "\n")
        for s in ["ł", "ğ", "ễ", "é", "ë"] { #expect(all.contains(s), "a name with \(s)") }
        let given = Set(persons.map { $0["given_name"]! })
        #expect(given.contains("Muhammad") && given.contains("Mohammed"))
        // Some sources hold Chinese or Arabic script; the Windows-1252 file turns what it cannot hold into "?".
        let (s, rows) = try source("school_roll")
        let sn = s.column(forField: "surname")!
        #expect(rows.contains { r in r.fields[sn].unicodeScalars.contains { $0.value >= 0x0600 && $0.value <= 0x06FF || $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
        let (ct, ctRows) = try source("council_tax")
        let name = ct.column(forField: "full_name")!
        #expect(ctRows.contains { $0.fields[name].contains("?") })
        // Nicknames: a Bill, Bob, Peggy or Liz somewhere in the extracts.
        let (_, er) = try source("electoral_register")
        let blob = er.map { $0.fields.joined(separator: " ") }.joined(separator: "\n") + ctRows.map { $0.fields[name] }.joined(separator: "\n")
        #expect(["Bill ", "Bob ", "Peggy ", "Liz ", "BILL ", "BOB ", "PEGGY ", "LIZ ", "Mo ", "MO "].contains { blob.contains($0) })
    }

    @Test("planted fraud cases exist at the documented rates, beside legitimate look-alikes")
    func plantedCases() throws {
        let fraud = try DialectReader.table(dir + "/truth/fraud.csv")
        var counts: [String: Int] = [:]
        for f in fraud { counts[f["case_type"]!, default: 0] += 1 }
        for t in ["single_person_discount", "deceased_holder", "subletting", "undeclared_member", "occupied_exemption"] {
            #expect((counts[t] ?? 0) >= 5, "\(t): \(counts[t] ?? 0) planted cases")
        }
        #expect((counts["business_rates_relief"] ?? 0) >= 2)
        // Every case points at a real record line of its source.
        let truth = try DialectReader.table(dir + "/truth/records.csv")
        var lines: Set<String> = []
        for t in truth { lines.insert(t["source"]! + ":" + t["line"]! + ":" + t["person_id"]!) }
        for f in fraud { #expect(lines.contains(f["source"]! + ":" + f["line"]! + ":" + f["person_id"]!), "fraud row \(f) names no record") }

        // Single person discount: a minority of current discounts, and lone parents keep theirs legitimately.
        let (ct, rows) = try source("council_tax")
        let spd = ct.columns.firstIndex { $0.name == "SPD" }!, end = ct.column(forField: "end_date")!
        let current = rows.filter { $0.fields[spd] == "Y" && $0.fields[end].isEmpty }.count
        let rate = Double(counts["single_person_discount"] ?? 0) / Double(current)
        #expect(rate > 0.03 && rate < 0.25, "SPD fraud is \(rate) of current discounts")

        // Deceased holders: most passes are cancelled after death; a minority stay active.
        let persons = try DialectReader.table(dir + "/truth/persons.csv")
        var dead: Set<String> = []
        for p in persons where !p["date_of_death"]!.isEmpty { dead.insert(p["person_id"]!) }
        let byLine = Dictionary(truth.filter { $0["source"] == "freedom_pass" }.map { (Int($0["line"]!)!, $0["person_id"]!) }, uniquingKeysWith: { a, _ in a })
        let (fp, passes) = try source("freedom_pass")
        let status = fp.column(forField: "status")!
        var deadActive = 0, deadCancelled = 0
        for r in passes where dead.contains(byLine[r.line] ?? "") {
            if r.fields[status] == "Active" { deadActive += 1 }
            if r.fields[status] == "Cancelled - Deceased" { deadCancelled += 1 }
        }
        #expect(deadActive > 0 && deadCancelled > deadActive * 2, "active \(deadActive) vs cancelled \(deadCancelled) passes of the dead")
    }

    @Test("HMOs: a minority licensed; tenure for every home; a landlord for every private let")
    func hmos() throws {
        let props = try DialectReader.table(dir + "/truth/properties.csv")
        let homes = props.filter { $0["property_class"] == "RD02" || $0["property_class"] == "RD03" || $0["property_class"] == "RD04" || $0["property_class"] == "RD06" }
        #expect(homes.allSatisfy { !$0["tenure"]!.isEmpty })
        let hmos = props.filter { $0["is_hmo"] == "true" }
        let licensed = hmos.filter { $0["hmo_licensed"] == "true" }.count
        #expect(hmos.count >= 30)
        let share = Double(licensed) / Double(hmos.count)
        #expect(share >= 0.08 && share <= 0.32, "licensed share \(share)")
        #expect(props.filter { $0["tenure"] == "private_rented" }.allSatisfy { !$0["landlord_person_id"]!.isEmpty })
        // HMOs draw more complaints than other homes, but not all of them do.
        let truth = try DialectReader.table(dir + "/truth/records.csv")
        var complaints: [String: Int] = [:]
        for t in truth where ["asb", "noise", "pest_control"].contains(t["source"]!) { complaints[t["uprn"]!, default: 0] += 1 }
        let hmoRate = Double(hmos.map { complaints[$0["uprn"]!] ?? 0 }.reduce(0, +)) / Double(hmos.count)
        let others = homes.filter { $0["is_hmo"] == "false" }
        let otherRate = Double(others.map { complaints[$0["uprn"]!] ?? 0 }.reduce(0, +)) / Double(others.count)
        #expect(hmoRate > otherRate * 3)
        #expect(hmos.contains { (complaints[$0["uprn"]!] ?? 0) == 0 }, "some HMOs draw no complaints")
        #expect(others.filter { (complaints[$0["uprn"]!] ?? 0) >= 2 }.count > hmos.count / 4, "plenty of ordinary homes draw complaints too")
    }
}

/// The generator itself: determinism, seeds, progress, bad specs.
@Suite("Generator")
struct GeneratorTests {
    @Test("the same seed gives the same bytes; another seed gives another borough")
    func seeds() throws {
        let a = Paths.temporary("a"), b = Paths.temporary("b"), c = Paths.temporary("c")
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(atPath: d) } }
        _ = try BoroughGenerator.generate(BoroughSpec(residents: 400, seed: 1), to: a, progress: nil)
        _ = try BoroughGenerator.generate(BoroughSpec(residents: 400, seed: 1), to: b, progress: nil)
        _ = try BoroughGenerator.generate(BoroughSpec(residents: 400, seed: 2), to: c, progress: nil)
        for f in ["sources.toml", "llpg_gazetteer.csv", "ctax_liable_parties.txt", "truth/persons.csv", "truth/records.csv"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            let z = try Data(contentsOf: URL(fileURLWithPath: c + "/" + f))
            #expect(x == y, "\(f) differs between two runs with one seed")
            if f != "sources.toml" { #expect(x != z, "\(f) is the same for two seeds") }
        }
    }

    @Test("progress rises to 1 through named stages")
    func progress() throws {
        let d = Paths.temporary("progress")
        defer { try? FileManager.default.removeItem(atPath: d) }
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var items: [(Double, String)] = []
            func add(_ f: Double, _ s: String) { lock.lock(); items.append((f, s)); lock.unlock() }
        }
        let log = Log()
        let summary = try BoroughGenerator.generate(BoroughSpec(residents: 300, seed: 9), to: d) { log.add($0, $1) }
        #expect(log.items.first?.0 == 0 && log.items.last?.0 == 1)
        #expect(zip(log.items, log.items.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(summary.extracts.count == 20 && summary.totalRows > 0)
        #expect(summary.residentsAtAsOf > 200 && summary.residentsAtAsOf < 450)
    }

    @Test("a spec that cannot make a borough is refused with a reason")
    func badSpec() throws {
        #expect(throws: SynthError.self) { try BoroughGenerator.generate(BoroughSpec(residents: 5, seed: 1), to: Paths.temporary("bad"), progress: nil) }
    }
}
