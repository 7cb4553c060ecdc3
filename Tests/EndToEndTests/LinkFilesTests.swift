import Foundation
import Testing

/// `warden link-files` run as an officer runs it: the real binary matching an external list
/// against the council's own, and deduplicating one file.
@Suite("link-files (real process)")
struct LinkFilesTests {
    static let given = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
                        "Amara", "Tomasz", "Aisha", "Kwame", "Zofia", "Priya", "Mehmet", "Chloe", "Oluwaseun", "Ioana"]
    static let surnames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan",
                           "Okafor", "Nowak", "Begum", "Ahmed", "Murphy", "Kowalski", "Mensah", "Yilmaz", "Popescu", "Hughes",
                           "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Osei", "Ali", "Shah", "Evans"]
    static let streets = ["Elm Road", "Birch Avenue", "Mill Lane", "High Street", "Church Road", "Park Avenue", "Station Road", "Grove Road"]

    /// Person k of a deterministic population of 240.
    static func person(_ k: Int) -> (given: String, surname: String, dob: String, address: String, postcode: String, title: String) {
        let g = given[(k * 7) % given.count], s = surnames[(k * 11 + k / 30) % surnames.count]
        let dob = String(format: "%04d-%02d-%02d", 1940 + (k * 13) % 60, 1 + (k * 5) % 12, 1 + (k * 3) % 28)
        let address = "\(1 + (k * 17) % 90) \(streets[k % streets.count])"
        let postcode = "E17 \(1 + k % 9)\(["AB", "CD", "EF"][k % 3])"
        let female = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
                      "Amara", "Aisha", "Zofia", "Priya", "Chloe", "Ioana"].contains(g)
        return (g, s, dob, address, postcode, female ? (k % 2 == 0 ? "Mrs" : "Miss") : "Mr")
    }

    /// The council's list (240 people) and an external list of 120 of them, written the way
    /// another system writes them (upper case, nicknames, a typo, day/month swapped, a dropped
    /// postcode), plus 40 people the council does not know.
    func writeFiles(_ dir: URL) throws -> (ours: String, theirs: String, planted: Set<String>) {
        var ours = "ref,title,first_name,last_name,dob,address,postcode\n"
        for k in 0..<240 {
            let p = Self.person(k)
            ours += "C\(k),\(p.title),\(p.given),\(p.surname),\(p.dob),\(p.address),\(p.postcode)\n"
        }
        var theirs = "Client No,Forename,Surname,Date of Birth,Address Line 1,Post Code\n"
        var planted = Set<String>()
        for k in stride(from: 0, to: 240, by: 2) {
            let p = Self.person(k)
            var g = p.given.uppercased(), s = p.surname.uppercased(), pc = p.postcode
            let parts = p.dob.split(separator: "-").map(String.init)
            var dob = "\(parts[2])/\(parts[1])/\(parts[0])"
            switch k % 10 {
            case 2: g = ["JAMES": "JIM", "ROBERT": "BOB", "WILLIAM": "BILL", "ELIZABETH": "LIZ", "RICHARD": "DICK"][g] ?? g
            case 4: s = String(s.dropLast()) + (s.hasSuffix("S") ? "Z" : "S")
            case 6: if Int(parts[2])! <= 12 { dob = "\(parts[1])/\(parts[2])/\(parts[0])" }
            case 8: pc = ""
            default: break
            }
            theirs += "X\(k),\(g),\(s),\(dob),\(p.address.uppercased()),\(pc)\n"
            planted.insert("C\(k)|X\(k)")
        }
        for k in 240..<280 {
            let p = Self.person(k)
            theirs += "X\(k),\(p.given),\(p.surname),\(p.dob),\(p.address),\(p.postcode)\n"
        }
        let a = dir.appendingPathComponent("ours.csv"), b = dir.appendingPathComponent("theirs.csv")
        try ours.write(to: a, atomically: true, encoding: .utf8)
        try theirs.write(to: b, atomically: true, encoding: .utf8)
        return (a.path, b.path, planted)
    }

    /// RFC 4180 fields of one CSV line.
    func fields(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = line.makeIterator()
        while let c = it.next() {
            if quoted {
                if c == "\"" { quoted = false } else { cur.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { out.append(cur); cur = ""
            } else { cur.append(c) }
        }
        out.append(cur)
        return out
    }

    @Test func anExternalListIsMatchedAgainstOursWithProbabilitiesAndReasons() throws {
        let dir = WardenBinary.tempDir("link-files")
        let (ours, theirs, planted) = try writeFiles(dir)
        let out = dir.appendingPathComponent("pairs.csv").path, clusters = dir.appendingPathComponent("clusters.csv").path
        let r = try WardenBinary.run(["link-files", ours, theirs, "--id-column", "ref", "--id-column-b", "Client No",
                                      "-o", out, "--clusters", clusters])
        #expect(r.status == 0, "\(r.stderr)")
        // the mapping it recognised is said, so an officer can check it
        #expect(r.stderr.contains("given=first_name") && r.stderr.contains("title=title"))
        #expect(!r.stderr.contains("left out: Client No"))
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "id_a,id_b,match_probability,match_weight,linked,explanation")
        let rows = lines.dropFirst().map(fields)
        let linked = rows.filter { $0[4] == "1" }
        let found = Set(linked.map { "\($0[0])|\($0[1])" })
        // the first file's id comes first; every linked pair at or above the threshold
        #expect(linked.allSatisfy { $0[0].hasPrefix("C") && $0[1].hasPrefix("X") && Double($0[2])! >= 0.9 })
        let correct = found.intersection(planted).count
        #expect(Double(correct) / Double(planted.count) >= 0.95, "recall \(correct)/\(planted.count)")
        #expect(Double(correct) / Double(max(1, found.count)) >= 0.98, "precision \(correct)/\(found.count)")
        // the nickname and the swapped date are linked, and the reason says so
        let bob = try #require(linked.first { $0[0] == "C2" || $0[0] == "C12" })
        #expect(bob[5].contains("given name") && bob[5].contains("→"))
        // no one the council does not know is linked
        #expect(!linked.contains { Int($0[1].dropFirst())! >= 240 })
        // every row of both files has a person
        let cl = try String(contentsOfFile: clusters, encoding: .utf8).split(separator: "\n")
        #expect(cl.first == "file,id,cluster_id,cluster_size")
        #expect(cl.count == 1 + 240 + 160)
    }

    @Test func oneFileIsDeduplicatedAndAWrongColumnNameIsExplained() throws {
        let dir = WardenBinary.tempDir("link-files-dedupe")
        let (ours, _, _) = try writeFiles(dir)
        // the council's list with every tenth person entered twice, surname in capitals
        var text = try String(contentsOfFile: ours, encoding: .utf8)
        for k in stride(from: 0, to: 240, by: 10) {
            let p = Self.person(k)
            // one of them with a terminal escape sequence typed into the given name
            let given = k == 20 ? String(p.given.prefix(2)) + "\u{1B}]0;PWNED\u{07}" + String(p.given.dropFirst(2)) : p.given
            text += "D\(k),\(p.title),\(given),\(p.surname.uppercased()),\(p.dob),\(p.address),\(p.postcode)\n"
        }
        let file = dir.appendingPathComponent("dupes.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try WardenBinary.run(["link-files", file.path, "--id-column", "ref", "--quiet",
                                      "--columns", "title=title,given=first_name,surname=last_name,dob=dob,address=address,postcode=postcode"])
        #expect(r.status == 0, "\(r.stderr)")
        let linked = r.stdout.split(separator: "\n").dropFirst().map(fields).filter { $0[4] == "1" }
        let pairs = Set(linked.map { [$0[0], $0[1]].sorted().joined(separator: "|") })
        let planted = Set(stride(from: 0, to: 240, by: 10).map { "C\($0)|D\($0)" })
        #expect(pairs == planted)
        // the escape sequence was taken out before matching, and the row is named
        let noisy = try WardenBinary.run(["link-files", file.path, "--id-column", "ref", "-o", dir.appendingPathComponent("out.csv").path,
                                          "--columns", "title=title,given=first_name,surname=last_name,dob=dob,address=address,postcode=postcode"])
        #expect(noisy.stderr.contains("1 row(s) held control characters") && noisy.stderr.contains("line 244"), "\(noisy.stderr)")
        #expect(!noisy.stderr.contains("\u{1B}"))

        let bad = try WardenBinary.run(["link-files", file.path, "--columns", "given=first_name,surnmae=last_name"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("surnmae") && bad.stderr.contains("surname"))
    }
}
