import Foundation
import Testing

/// A load killed with SIGKILL halfway leaves the warehouse exactly as it was.
@Suite("Load atomicity (real process)")
struct LoadAtomicityTests {
    /// A borough with one big extract, so a build takes long enough to be killed mid-way.
    func writeBorough(rows: Int, dir: URL, marker: String) throws {
        let manifest = """
        [borough]
        name = "Kill Test"
        as_of = "2026-10-31"
        [[source]]
        name = "gazetteer"
        kind = "gazetteer"
        file = "llpg.csv"
        [source.columns]
        UPRN = "uprn"
        STREET = "street"
        POSTCODE = "postcode"
        [[source]]
        name = "register"
        kind = "person"
        file = "register.csv"
        date_formats = ["dd/MM/yyyy"]
        [source.columns]
        ID = "record_key"
        FORENAME = "given_name"
        SURNAME = "surname"
        DOB = "dob"
        ADDRESS = "address"
        POSTCODE = "postcode"
        """
        try manifest.write(to: dir.appendingPathComponent("sources.toml"), atomically: true, encoding: .utf8)
        try "UPRN,STREET,POSTCODE\n100000000001,Elm Road,E17 4AB\n".write(to: dir.appendingPathComponent("llpg.csv"), atomically: true, encoding: .utf8)
        var text = "ID,FORENAME,SURNAME,DOB,ADDRESS,POSTCODE\n"
        text.reserveCapacity(rows * 60)
        // Long rows, so the load outgrows SQLite's page cache and spills to the WAL mid-way.
        let filler = String(repeating: "x", count: 120)
        for i in 0..<rows { text += "\(marker)\(i),Anna\(i % 97),Nowak\(filler),01/02/1980,\(i % 300) Elm Road,E17 4AB\n" }
        try text.write(to: dir.appendingPathComponent("register.csv"), atomically: true, encoding: .utf8)
    }

    func count(_ db: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func killingABuildHalfwayLeavesThePreviousWarehouseIntact() throws {
        let dir = WardenBinary.tempDir("kill")
        let db = dir.appendingPathComponent("w.sqlite").path
        // First, a small build that succeeds.
        let first = dir.appendingPathComponent("first")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try writeBorough(rows: 100, dir: first, marker: "A")
        let ok = try WardenBinary.run(["build", "--from", first.path, "--db", db])
        #expect(ok.status == 0, "first build failed: \(ok.stderr)")
        #expect(try count(db, "SELECT count(*) FROM source_record") == "101")

        // Then a big build, killed once it is writing.
        let second = dir.appendingPathComponent("second")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try writeBorough(rows: 400_000, dir: second, marker: "B")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: WardenBinary.path)
        p.arguments = ["build", "--from", second.path, "--db", db, "--no-link"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the write-ahead log grows: the load is under way.
        let wal = db + "-wal"
        let deadline = Date().addingTimeInterval(60)
        var walSize = 0
        while Date() < deadline {
            walSize = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber)?.intValue ?? 0
            if walSize > 8_000_000 || !p.isRunning { break }
            usleep(20_000)
        }
        #expect(p.isRunning, "the build finished before it could be killed; make it bigger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(walSize > 8_000_000)

        // The warehouse holds exactly the first build.
        #expect(try count(db, "SELECT count(*) FROM source_record") == "101")
        #expect(try count(db, "SELECT count(*) FROM source_record WHERE record_key LIKE 'B%'") == "0")
        #expect(try count(db, "SELECT count(*) FROM load") == "2")
        #expect(try count(db, "PRAGMA integrity_check") == "ok")
        // And it still works: the next command opens it and reads the first build's figures.
        let quality = try WardenBinary.run(["quality", "--json", "--db", db])
        #expect(quality.status == 0)
        #expect(quality.stdout.contains("\"rowsLoaded\" : 100"))
    }

    @Test func badInputExitsNonZeroWithFileLineAndProblem() throws {
        let dir = WardenBinary.tempDir("bad")
        try writeBorough(rows: 3, dir: dir, marker: "C")
        // A manifest typo.
        let m = dir.appendingPathComponent("sources.toml")
        try (try String(contentsOf: m, encoding: .utf8)).replacingOccurrences(of: "SURNAME = \"surname\"", with: "SURNAME = \"surnme\"")
            .write(to: m, atomically: true, encoding: .utf8)
        let r = try WardenBinary.run(["build", "--from", dir.path, "--db", dir.appendingPathComponent("w.sqlite").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("sources.toml:") && r.stderr.contains("did you mean \"surname\""))
        // An unknown source for import.
        let r2 = try WardenBinary.run(["import", "registr", "/nonexistent.csv", "--db", dir.appendingPathComponent("none.sqlite").path])
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("no warehouse here"))
    }
}
