import ArgumentParser
import Foundation
import WardenCore

/// `warden bench`: performance figures, stage by stage, each stage in its own process so its
/// peak memory is its own.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure generate, ingest and link at a given size (each stage a child process), and sqlite3's own .import for comparison.",
        discussion: "Prints wall seconds, CPU seconds, rows/s and peak resident memory per stage. Build in release first: swift build -c release."
    )

    @Option(help: "Residents of the generated borough.") var residents = 100_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Work folder (default: a new temporary folder, removed afterwards).", valueName: "dir")) var work: String?
    @Flag(help: "Skip the linkage stage.") var noLink = false
    @Flag(help: "Skip the sqlite3 .import comparison.") var noSqlite = false
    @Flag(help: "Print as JSON.") var json = false

    struct Stage: Codable { var name: String; var wall: Double; var cpu: Double; var peakMB: Double; var rows: Int?; var rowsPerSecond: Double?; var note: String? }

    func run() throws {
        let dir = work ?? NSTemporaryDirectory() + "warden-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let data = dir + "/borough", db = dir + "/warehouse.sqlite"
        try? FileManager.default.removeItem(atPath: db)
        var stages: [Stage] = []
        Terminal.note("bench: \(residents) residents, seed \(seed), in \(dir)")

        var g = try ChildProcess.run(exe, ["generate", "--residents", String(residents), "--seed", String(seed), "--out", data, "--json"])
        let genInfo = try JSONDecoder().decode(GenInfo.self, from: Data(g.stdout.utf8))
        g.stage.name = "generate"; g.stage.rows = genInfo.rows; g.stage.rowsPerSecond = Double(genInfo.rows) / g.stage.wall
        stages.append(g.stage); report(g.stage)

        var i = try ChildProcess.run(exe, ["build", "--from", data, "--db", db, "--no-link", "--json"])
        let loads = try JSONDecoder().decode([LoadInfo].self, from: Data(i.stdout.utf8))
        let rows = loads.reduce(0) { $0 + $1.rowsRead }
        i.stage.name = "ingest"; i.stage.rows = rows; i.stage.rowsPerSecond = Double(rows) / i.stage.wall
        i.stage.note = "\(loads.reduce(0) { $0 + $1.rowsRejected }) rejected, \(loads.reduce(0) { $0 + $1.fieldIssues }) field issues; warehouse \(Self.mb(db)) MB"
        stages.append(i.stage); report(i.stage)

        if !noLink {
            var l = try ChildProcess.run(exe, ["link", "--db", db, "--json"])
            l.stage.name = "link"; l.stage.rows = rows
            l.stage.note = "warehouse \(Self.mb(db)) MB"
            stages.append(l.stage); report(l.stage)
        }

        if !noSqlite, FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            // sqlite3's own CSV importer on the same files: no validation, every column TEXT.
            let manifest = try Manifest.load(path: data + "/sources.toml")
            var script = ""
            for (n, s) in manifest.sources.enumerated() {
                let sep = s.delimiter == "\\t" ? "\\t" : s.delimiter
                script += ".mode csv\n.separator \"\(sep)\"\n.import '\(data)/\(s.file)' t\(n)\n"
            }
            let sdb = dir + "/sqlite3-import.sqlite"
            try? FileManager.default.removeItem(atPath: sdb)
            try script.write(toFile: dir + "/import.sql", atomically: true, encoding: .utf8)
            var s = try ChildProcess.run("/bin/sh", ["-c", "/usr/bin/sqlite3 '\(sdb)' < '\(dir)/import.sql'"])
            s.stage.name = "sqlite3 .import"; s.stage.rows = rows; s.stage.rowsPerSecond = Double(rows) / s.stage.wall
            s.stage.note = String(format: "Warden ingest is %.2f× its time", i.stage.wall / s.stage.wall)
            stages.append(s.stage); report(s.stage)
        }
        if json { try Terminal.printJSON(stages) }
    }

    struct GenInfo: Decodable { var rows: Int }
    struct LoadInfo: Decodable { var rowsRead: Int; var rowsRejected: Int; var fieldIssues: Int }

    func report(_ s: Stage) {
        guard !json else { return }
        var line = "\(s.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", s.wall)) s wall \(String(format: "%7.1f", s.cpu)) s cpu \(String(format: "%7.0f", s.peakMB)) MB peak"
        if let r = s.rowsPerSecond { line += String(format: "  %9.0f rows/s", r) }
        if let rows = s.rows { line += "  (\(rows) rows)" }
        if let n = s.note { line += "  \(n)" }
        Terminal.out(line)
    }

    static func mb(_ path: String) -> Int {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        let wal = ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.intValue ?? 0
        return (size + wal) / 1_000_000
    }
}

/// Runs a child process and measures it with wait4: wall and CPU time, and its own peak RSS.
enum ChildProcess {
    struct Result { var stage: BenchCommand.Stage; var stdout: String }

    static func run(_ exe: String, _ args: [String]) throws -> Result {
        var pipe: [Int32] = [0, 0]
        guard pipe.withUnsafeMutableBufferPointer({ Glibc.pipe($0.baseAddress!) }) == 0 else { throw UserFacingError(problem: "cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        let argv = ([exe] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let started = Date()
        let rc = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        posix_spawn_file_actions_destroy(&actions)
        close(pipe[1])
        guard rc == 0 else { close(pipe[0]); throw UserFacingError(problem: "cannot start \(exe): \(String(cString: strerror(rc)))") }
        var out = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(pipe[0], &buf, buf.count)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        close(pipe[0])
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = Date().timeIntervalSince(started)
        guard (status & 0x7f) == 0, ((status >> 8) & 0xff) == 0 else {
            throw UserFacingError(problem: "\((exe as NSString).lastPathComponent) \(args.first ?? "") failed (status \(status))")
        }
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Result(stage: BenchCommand.Stage(name: "", wall: wall, cpu: cpu, peakMB: Double(usage.ru_maxrss) / 1024), stdout: String(decoding: out, as: UTF8.self))
    }
}
