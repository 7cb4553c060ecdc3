import ArgumentParser
import Foundation
import WardenCore
import WardenLinkage

/// `warden build --from DIR`: loads every source of a manifest in one transaction.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Load every extract listed in DIR/sources.toml into the warehouse.",
        discussion: """
        The whole build is one transaction: if any file is missing, malformed or does not match \
        the manifest, nothing changes. Files identical to the ones already loaded are skipped.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Folder holding sources.toml and the extracts.", valueName: "dir"))
    var from: String

    @OptionGroup var warehouse: WarehouseOptions

    @Flag(name: .long, help: "Print the load summary as JSON.")
    var json = false

    @Flag(name: .customLong("no-link"), help: "Load without linking (to measure ingest alone; run `warden link` later).")
    var noLink = false

    func run() throws {
        try BuildCommand.runBuild(from: from, db: warehouse.path, json: json, link: !noLink)
    }

    static func runBuild(from dir: String, db: String, json: Bool, link: Bool = true) throws {
        var isDir: ObjCBool = false
        let manifestPath = FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue
            ? (dir as NSString).appendingPathComponent("sources.toml") : dir
        let manifest = try Manifest.load(path: manifestPath)
        let w = try Warehouse(path: db)
        // Once a warehouse has users, only a role the policy allows may load data into it.
        if try !Users.list(w).isEmpty { try Access.resolve(w).require(command: "build") }
        let started = Date()
        let summaries: [LoadSummary]
        do {
            summaries = try Ingestor(warehouse: w).build(manifest, link: link, progress: Terminal.progressBar())
        } catch {
            Terminal.endProgress()
            throw error
        }
        Terminal.endProgress()
        if try Users.bootstrap(w) {
            Terminal.note("You (\(CurrentUser.name)) built this warehouse, so you are its data protection officer (admin). Add officers with `warden users add ACCOUNT --role ROLE`.")
        }
        // A linked build raises its counter-fraud cases too, so the queues are ready when the
        // dashboard opens (with the rule file a fraud manager keeps, else the built-in rules).
        if link, summaries.contains(where: { $0.outcome == .loaded }) {
            do {
                let rules = try FraudRuleFile.resolve(path: nil)
                try FraudScan.run(w, rules: rules, actor: try Access.resolve(w).actor(screen: "cli:build"), progress: Terminal.progressBar())
                Terminal.endProgress()
            } catch {
                Terminal.endProgress()
                Terminal.note("warning: the counter-fraud scan did not run (\(error)); run `warden fraud scan` to raise cases")
            }
        }
        // A programme file beside the manifest is loaded too (its problems are warnings).
        let pilots = (manifestPath as NSString).deletingLastPathComponent + "/pilots.toml"
        if FileManager.default.fileExists(atPath: pilots) {
            let problems = try PilotStore.load(file: pilots, into: w)
            for p in problems { Terminal.note("warning: \(p)") }
        }
        if json { try Terminal.printJSON(summaries); return }
        let loaded = summaries.filter { $0.outcome == .loaded }
        Terminal.note("Built \(db) from \(manifest.sources.count) sources in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
                      + (loaded.count < summaries.count ? " (\(summaries.count - loaded.count) unchanged, skipped)" : ""))
        for s in summaries {
            let status = s.outcome == .unchanged ? "unchanged" :
                "\(s.rowsLoaded) loaded, \(s.rowsRejected) rejected, \(s.fieldIssues) field issues"
            Terminal.note("  \(s.source.padding(toLength: 22, withPad: " ", startingAt: 0)) \(status)")
        }
    }
}

/// `warden import SOURCE FILE`: loads one file for a known source.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load one extract for a source the warehouse already knows.",
        discussion: "The load is atomic; importing a file identical to the current one changes nothing."
    )

    @Argument(help: "The source name, as in the manifest (e.g. council_tax).")
    var source: String

    @Argument(help: "The extract file.")
    var file: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the extract describes (yyyy-MM-dd or dd/mm/yyyy); default: the borough's as_of. The source's age is counted from it.", valueName: "date"))
    var asOf: String?

    @OptionGroup var warehouse: WarehouseOptions

    @Flag(name: .long, help: "Print the load summary as JSON.")
    var json = false

    func run() throws {
        var extractDate: CivilDate?
        if let text = asOf {
            guard let d = Inspections.parseDate(text) else {
                throw ValidationError("--as-of \"\(text)\" is not a date: write it as yyyy-MM-dd or dd/mm/yyyy")
            }
            guard d <= CivilDate.today else { throw ValidationError("--as-of \(d.iso) is in the future: give the day the extract was taken") }
            extractDate = d
        }
        let (w, _) = try warehouse.session("import")
        let s: LoadSummary
        do { s = try Ingestor(warehouse: w).importFile(source: source, path: file, asOf: extractDate, progress: Terminal.progressBar()) }
        catch { Terminal.endProgress(); throw error }
        Terminal.endProgress()
        if json { try Terminal.printJSON(s); return }
        if s.outcome == .unchanged {
            Terminal.out("\(file): identical to the current \(source) extract; nothing changed.")
        } else {
            Terminal.out("\(source): \(s.rowsRead) rows read, \(s.rowsLoaded) loaded, \(s.rowsRejected) rejected, \(s.fieldIssues) field issues (\(String(format: "%.2f", s.seconds)) s)")
            for r in s.rejectReasons { Terminal.out("  rejected \(r.count): \(r.field.map { $0 + ": " } ?? "")\(r.reason)") }
        }
    }
}
