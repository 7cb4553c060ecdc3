import Foundation
import Testing

/// The enforcement officer's path through the real binary: build a generated borough, see the
/// wards, drill into one, see why the top property scores high, record an inspection, rescore,
/// export a visit list — and check the accuracy against the generator's truth.
@Suite("HMO risk (real process)")
struct RiskEndToEndTests {
    func json(_ r: WardenBinary.Result) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func anOfficerSeesTheRiskDrillsInRecordsAnInspectionAndExportsAVisitList() throws {
        let dir = WardenBinary.tempDir("risk")
        let borough = dir.appendingPathComponent("borough").path
        let db = dir.appendingPathComponent("w.sqlite").path
        #expect(try WardenBinary.run(["generate", "--residents", "4000", "--seed", "11", "--out", borough]).status == 0)
        let build = try WardenBinary.run(["build", "--from", borough, "--db", db])
        #expect(build.status == 0, "\(build.stderr)")

        // The build scored every dwelling after linkage; scoring again changes nothing.
        let score = try json(try WardenBinary.run(["score", "--db", db, "--json"]))
        #expect(score["newModel"] as? Bool == false)
        #expect(score["modelVersion"] as? Int == 1)

        // Accuracy against the generator's truth, on held-out scores: the targets.
        let model = try json(try WardenBinary.run(["model", "--db", db, "--truth", borough + "/truth", "--json"]))
        let groups = ((model["truth"] as? [String: Any])?["groups"] as? [[String: Any]]) ?? []
        let unlicensed = groups.first { $0["name"] as? String == "unlicensed" }
        #expect((unlicensed?["auc"] as? Double ?? 0) >= 0.9)
        #expect((unlicensed?["liftTop100"] as? Double ?? 0) >= 5)
        let summary = model["summary"] as? [String: Any]
        #expect((summary?["accuracy"] as? String)?.contains("AUC") == true)

        // Wards overview, then the ward with the most High properties.
        let wards = try json(try WardenBinary.run(["wards", "--db", db, "--json", "--sort", "high"]))
        let rows = wards["wards"] as? [[String: Any]] ?? []
        #expect(rows.count == 20)
        #expect((wards["total"] as? [String: Any])?["name"] as? String == "Borough total")
        let top = rows[0]["name"] as! String
        let ward = try json(try WardenBinary.run(["ward", top, "--db", db, "--json", "--limit", "5", "--unlicensed"]))
        let list = ward["rows"] as? [[String: Any]] ?? []
        #expect(list.count == 5)
        let first = list[0]
        #expect(first["band"] as? String == "High")
        #expect(!((first["topFactors"] as? [[String: Any]]) ?? []).isEmpty)
        let uprn = first["uprn"] as! Int64

        // Why it scores high, in words, with the model version.
        let risk = try WardenBinary.run(["risk", String(uprn), "--db", db])
        #expect(risk.status == 0 && risk.stdout.contains("Raised by:") && risk.stdout.contains("Model v1"))

        // Bad input: an unknown UPRN, an unknown outcome.
        let unknown = try WardenBinary.run(["inspect", "999999999999", "--outcome", "hmo-found", "--db", db])
        #expect(unknown.status != 0 && unknown.stderr.contains("no property with this UPRN"))
        let badOutcome = try WardenBinary.run(["inspect", String(uprn), "--outcome", "maybe", "--db", db])
        #expect(badOutcome.status != 0 && badOutcome.stderr.contains("hmo-found"))

        // Record what the visit found; it survives a relink and feeds the next training.
        let inspect = try WardenBinary.run(["inspect", String(uprn), "--outcome", "no-hmo", "--date", "2026-11-01", "--officer", "EHO2", "--db", db])
        #expect(inspect.status == 0 && inspect.stdout.contains("No HMO"))
        #expect(try WardenBinary.run(["link", "--db", db]).status == 0)
        let rescored = try json(try WardenBinary.run(["score", "--db", db, "--json"]))
        let after = try json(try WardenBinary.run(["risk", String(uprn), "--db", db, "--json"]))
        #expect((after["inspections"] as? [[String: Any]])?.first?["source"] as? String == "recorded by EHO2")
        #expect(after["known"] as? String == "not_hmo")
        #expect((after["model"] as? [String: Any])?["version"] as? Int == rescored["modelVersion"] as? Int)
        #expect((rescored["modelVersion"] as? Int ?? 0) >= 2)

        // The visit list, and its entry in the access log.
        let csv = dir.appendingPathComponent("visits.csv").path
        let export = try WardenBinary.run(["export", "visits", "--ward", top, "--out", csv, "--recipient", "North team", "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("priority,uprn,address,postcode,score,band,why,"))
        let audit = Process()
        audit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        audit.arguments = [db, "SELECT action || '|' || detail FROM audit_log WHERE action IN ('export','change') ORDER BY id"]
        let out = Pipe()
        audit.standardOutput = out
        try audit.run()
        audit.waitUntilExit()
        let log = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("change|{\"outcome\":\"no_hmo\""))
        #expect(log.contains("export|") && log.contains("\"recipient\":\"North team\"") && log.contains(csv))
        try? FileManager.default.removeItem(at: dir)
    }
}
