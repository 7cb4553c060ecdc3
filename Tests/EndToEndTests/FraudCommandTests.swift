import Foundation
import Testing

/// The counter-fraud commands, run as an investigator would script them.
@Suite("Fraud commands (real process)", .serialized)
struct FraudCommandTests {
    /// A small generated borough, built and scanned once for the suite.
    static let borough: (dir: URL, db: String) = {
        let dir = WardenBinary.tempDir("fraud")
        let data = dir.appendingPathComponent("borough").path
        let db = dir.appendingPathComponent("w.sqlite").path
        _ = try? WardenBinary.run(["generate", "--residents", "400", "--seed", "11", "--out", data])
        _ = try? WardenBinary.run(["build", "--from", data, "--db", db])
        // The builder is the warehouse's admin; two investigators and a housing officer join.
        for (account, role) in [("alice", "fraud_investigator"), ("bob", "fraud_investigator"), ("harry", "housing_officer")] {
            _ = try? WardenBinary.run(["users", "add", account, "--role", role, "--db", db])
        }
        return (dir, db)
    }()

    func json(_ r: WardenBinary.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    @Test func aScanRaisesCasesAndARescanDuplicatesNone() throws {
        let db = Self.borough.db
        let first = try WardenBinary.run(["fraud", "scan", "--db", db, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try WardenBinary.run(["fraud", "scan", "--db", db, "--json"])
        #expect(second.status == 0)
        let s = try #require(try json(second) as? [String: Any])
        let rules = try #require(s["rules"] as? [[String: Any]])
        #expect(rules.reduce(0) { $0 + ($1["raised"] as! Int) } == 0)
        #expect(rules.reduce(0) { $0 + ($1["reraised"] as! Int) } == 0)
        let listed = try WardenBinary.run(["cases", "--scope", "all", "--limit", "1000", "--db", db, "--json", "--purpose", "Fraud investigation"])
        let page = try #require(try json(listed) as? [String: Any])
        let found = rules.reduce(0) { $0 + ($1["found"] as! Int) }
        #expect(page["total"] as? Int == found)
    }

    @Test func anInvestigatorWorksTheHighestRiskCaseFromTheCommandLine() throws {
        let db = Self.borough.db
        _ = try WardenBinary.run(["fraud", "scan", "--db", db])
        let queue = try #require(try json(try WardenBinary.run(["cases", "--db", db, "--json", "--limit", "5", "--purpose", "Fraud investigation"])) as? [String: Any])
        let rows = try #require(queue["rows"] as? [[String: Any]])
        let top = try #require(rows.first)
        let id = String(top["id"] as! Int)
        #expect(rows.map { $0["risk"] as! Int } == rows.map { $0["risk"] as! Int }.sorted(by: >))

        let view = try #require(try json(try WardenBinary.run(["case", id, "--db", db, "--json", "--purpose", "Fraud investigation"])) as? [String: Any])
        let evidence = try #require(view["evidence"] as? [[String: Any]])
        #expect(evidence.contains { $0["role"] as? String == "claim" })
        #expect(view["score"] != nil)

        let env = ["USER": "alice"]
        #expect(try WardenBinary.run(["case", id, "--claim", "--db", db], environment: env).status == 0)
        let taken = try WardenBinary.run(["case", id, "--claim", "--db", db], environment: ["USER": "bob"])
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("already claimed by alice"))
        let notBobs = try WardenBinary.run(["case", id, "--status", "triage", "--db", db], environment: ["USER": "bob"])
        #expect(notBobs.status == 1)
        #expect(notBobs.stderr.contains("claimed by alice, who moves it on"))
        // a queue is named by its type or a word of its name; a name that fits none is an error
        let deceased = try WardenBinary.run(["cases", "--queue", "deceased", "--scope", "all", "--db", db, "--purpose", "Fraud investigation"])
        #expect(deceased.status == 0 && deceased.stdout.contains("in Deceased holder"))
        let wrong = try WardenBinary.run(["cases", "--queue", "foo", "--db", db, "--purpose", "Fraud investigation"])
        #expect(wrong.status != 0 && wrong.stderr.contains("no queue \"foo\""))
        #expect(try WardenBinary.run(["case", id, "--status", "triage", "--db", db], environment: env).status == 0)
        #expect(try WardenBinary.run(["case", id, "--note", "Line one\nline two", "--db", db], environment: env).status == 0)
        let closed = try WardenBinary.run(["case", id, "--status", "closed", "--outcome", "fraud_proven", "--recovered", "500", "--db", db, "--json"], environment: env)
        #expect(closed.status == 0, "\(closed.stderr)")
        let mine = try #require(try json(try WardenBinary.run(["cases", "--mine", "--scope", "all", "--db", db, "--json"],
                                                              environment: env.merging(["WARDEN_PURPOSE": "Fraud investigation"]) { $1 })) as? [String: Any])
        #expect((mine["rows"] as? [[String: Any]])?.contains { String($0["id"] as! Int) == id && $0["status"] as? String == "closed" } == true)
        let savings = try #require(try json(try WardenBinary.run(["fraud", "savings", "--db", db, "--json"])) as? [String: Any])
        let total = try #require(savings["total"] as? [String: Any])
        #expect((total["recovered"] as? Double ?? 0) >= 500)
        let text = try WardenBinary.run(["case", id, "--db", db, "--purpose", "fraud"])
        #expect(text.stdout.contains("fraud proven") && text.stdout.contains("Line one"))
    }

    @Test func aHousingOfficerIsRefusedTheCasesOnTheCommandLineToo() throws {
        let db = Self.borough.db
        for args in [["cases"], ["case", "1"], ["fraud", "savings"], ["fraud", "scan"]] {
            let r = try WardenBinary.run(args + ["--db", db, "--json"], environment: ["USER": "harry"])
            #expect(r.status != 0, "\(args) was allowed")
            #expect(r.stderr.contains("may not use this command"), "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("subject"))
        }
    }

    @Test func openingACaseOrListingTheQueueTakesAPurposeAndTheAccessLogRecordsIt() throws {
        let db = Self.borough.db
        _ = try WardenBinary.run(["fraud", "scan", "--db", db])
        let noPurpose = ["WARDEN_PURPOSE": ""]
        // Without a purpose nothing personal is printed, and the officer is told how to give one.
        let bare = try WardenBinary.run(["cases", "--db", db], environment: noPurpose)
        #expect(bare.status != 0)
        #expect(bare.stderr.contains("listing counter-fraud cases needs a stated purpose") && bare.stderr.contains("--purpose"), "\(bare.stderr)")
        #expect(bare.stdout.isEmpty)
        let queue = try #require(try json(try WardenBinary.run(["cases", "--db", db, "--json", "--limit", "1", "--purpose", "fraud"])) as? [String: Any])
        let id = String(try #require((queue["rows"] as? [[String: Any]])?.first?["id"] as? Int))
        let refused = try WardenBinary.run(["case", id, "--db", db], environment: noPurpose)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("opening a case needs a stated purpose"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        // With one (a unique start is enough, and a case reference may go with it) the case shows,
        // and the access log says why it was opened.
        let shown = try WardenBinary.run(["case", id, "--db", db, "--purpose", "fraud", "--case", "OPS-7"], environment: noPurpose)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Case ") && shown.stdout.contains("Evidence ("))
        let me = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        let log = try WardenBinary.run(["audit", "show", "--user", me, "--limit", "20", "--db", db, "--json"])
        #expect(log.stdout.contains("Fraud investigation (case OPS-7)"), "\(log.stdout.suffix(600))")
        // A purpose that is not the policy's is refused with the list to choose from.
        let wrong = try WardenBinary.run(["case", id, "--db", db, "--purpose", "curiosity"])
        #expect(wrong.status != 0 && wrong.stderr.contains("not one of the policy's purposes"))
    }

    @Test func aBrokenRuleFileStopsTheScanWithLineAndColumn() throws {
        let db = Self.borough.db
        let rules = Self.borough.dir.appendingPathComponent("broken.toml").path
        _ = try WardenBinary.run(["fraud", "rules", "--write", rules])
        var text = try String(contentsOfFile: rules, encoding: .utf8)
        text = text.replacingOccurrences(of: "due_days = 28", with: "due_dais = 28")
        try text.write(toFile: rules, atomically: true, encoding: .utf8)
        let before = try WardenBinary.run(["cases", "--scope", "all", "--db", db, "--json", "--purpose", "Fraud investigation"]).stdout
        let r = try WardenBinary.run(["fraud", "scan", "--rules", rules, "--db", db])
        #expect(r.status != 0)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("due_dais") }! + 1
        #expect(r.stderr.contains("broken.toml:\(line):1: due_dais: unknown setting"))
        #expect(r.stderr.contains("did you mean \"due_days\""))
        let check = try WardenBinary.run(["fraud", "rules", "--check", "--rules", rules])
        #expect(check.status != 0)
        #expect(try WardenBinary.run(["cases", "--scope", "all", "--db", db, "--json", "--purpose", "Fraud investigation"]).stdout == before)
    }

    @Test func anUnknownCaseAndARefusedNoteAreSaidPlainly() throws {
        let db = Self.borough.db
        _ = try WardenBinary.run(["fraud", "scan", "--db", db])
        let missing = try WardenBinary.run(["case", "987654", "--db", db, "--purpose", "Fraud investigation"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("case 987654: no such case"))
        let queue = try #require(try json(try WardenBinary.run(["cases", "--scope", "all", "--db", db, "--json", "--limit", "1", "--purpose", "Fraud investigation"])) as? [String: Any])
        let id = String(try #require((queue["rows"] as? [[String: Any]])?.first?["id"] as? Int))
        let big = Self.borough.dir.appendingPathComponent("big.txt").path
        try String(repeating: "x", count: 1_048_576).write(toFile: big, atomically: true, encoding: .utf8)
        let refused = try WardenBinary.run(["case", id, "--note-file", big, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("notes are limited to 65536 bytes"))
    }
}
