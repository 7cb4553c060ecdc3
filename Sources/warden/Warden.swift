import ArgumentParser
import Foundation
import WardenCore
#if canImport(Glibc)
/// glibc's `mallopt` (malloc.h, which the Glibc module does not export).
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// `M_ARENA_MAX` from malloc.h.
private let glibcArenaMax: Int32 = -8
#endif

/// `warden`: the command line. With no subcommand it opens the dashboard, building the warehouse
/// from the sample borough on first run.
@main
struct Warden: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "A terminal dashboard over a borough's local data warehouse.",
        discussion: """
        With no subcommand, opens the dashboard on the default warehouse, building it from \
        sample-data/ on first run. Every read command takes --db PATH (default: $WARDEN_DB, else \
        ~/.local/share/warden/warehouse.sqlite) and --json.
        """,
        subcommands: [
            BuildCommand.self, ImportCommand.self, QualityCommand.self, SourcesCommand.self,
            SearchCommand.self, PersonCommand.self, PropertyCommand.self, LinkCommand.self, EvalCommand.self,
            PilotsCommand.self, PilotCommand.self, AuditCommand.self, UsersCommand.self, PolicyCommand.self, RightsCommand.self,
            GenerateCommand.self, MatchAddressesCommand.self, BenchCommand.self, BenchUICommand.self,
            DashboardCommand.self, DashboardFixtureCommand.self, BenchAuditCommand.self,
            FraudCommand.self, CasesCommand.self, CaseCommand.self,
            ScoreCommand.self, ModelCommand.self, WardsCommand.self, WardCommand.self, RiskCommand.self, InspectCommand.self, ExportCommand.self, RiskBenchCommand.self,
            LinkFilesCommand.self,
        ]
    )

    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var dashboard: DashboardOptions

    /// Limits glibc to one malloc arena per core before anything runs: linkage fans work out to
    /// 8–16 tasks, and an arena per thread held about 95 MB more at a million records
    /// (3.15 GB against 3.06 GB peak for the same dedupe) for no gain in speed.
    static func main() {
        #if canImport(Glibc)
        _ = glibcMallopt(glibcArenaMax, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
        main(nil)
    }

    mutating func run() throws {
        let path = warehouse.path
        if !Warehouse.isBuilt(at: path) {
            guard let sample = SampleData.locate() else {
                throw ValidationError("No warehouse at \(path), and no sample-data/ folder found. Run `warden build --from DIR`.")
            }
            Terminal.note("First run: building the warehouse at \(path) from \(sample)")
            try BuildCommand.runBuild(from: sample, db: path, json: false)
        }
        let w = try Warehouse(path: path, use: .interactive)
        try DashboardCommand.open(w, options: dashboard.options)
    }
}

/// The `--db` option every warehouse command shares.
struct WarehouseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The warehouse file.", valueName: "path"))
    var db: String?

    var path: String { db ?? Warehouse.defaultPath() }

    func open(use: Warehouse.Use = .bulk) throws -> Warehouse {
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no warehouse here", remedy: "build one with `warden build --from DIR`, or pass --db")
        }
        return try Warehouse(path: path, use: use)
    }

    /// Opens the warehouse for `command` as the account running Warden, refusing what the
    /// access policy does not allow this officer.
    func session(_ command: String, purpose: PurposeOptions? = nil) throws -> (Warehouse, Access) {
        let w = try open()
        let access = try Access.resolve(w)
        try access.require(command: command)
        try purpose?.apply(to: access)
        return (w, access)
    }
}

/// The purpose of a piece of work, recorded with every access to personal data.
struct PurposeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Why you are opening the record: one of the policy's purposes (a unique start is enough). Default: $WARDEN_PURPOSE.", valueName: "purpose"))
    var purpose: String?

    @Option(name: .customLong("case"), help: ArgumentHelp("A case reference to record with the purpose.", valueName: "ref"))
    var caseReference: String?

    func apply(to access: Access) throws {
        // An empty $WARDEN_PURPOSE is none: the command then asks for --purpose if it needs one.
        let fromEnvironment = ProcessInfo.processInfo.environment["WARDEN_PURPOSE"].flatMap { $0.isEmpty ? nil : $0 }
        if let p = purpose ?? fromEnvironment {
            try access.setPurpose(p, caseReference: caseReference ?? ProcessInfo.processInfo.environment["WARDEN_CASE"])
        }
    }
}

/// Finds the sample borough shipped with the source tree.
enum SampleData {
    static func locate() -> String? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["WARDEN_SAMPLE_DATA"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/sample-data")
        // .build/<config>/warden → the package root is three levels up.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("sample-data").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/sources.toml") }
    }
}
