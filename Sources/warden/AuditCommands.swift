import ArgumentParser
import Foundation
import WardenCore
import WardenUI

/// `warden audit`: the access log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Who looked at a person's record, what an officer did, and whether the log is intact.",
        subcommands: [Show.self, Verify.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Entries about a person (--person) or by an officer (--user).")
        @Option(help: ArgumentHelp("A virtual person id: who looked at their record, when, and why.", valueName: "id")) var person: Int64?
        @Option(help: ArgumentHelp("An officer's account: what they searched, viewed, exported and changed.", valueName: "name")) var user: String?
        @Option(help: "At most this many entries.") var limit = 500
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false

        func validate() throws {
            if (person == nil) == (user == nil) { throw ValidationError("give one of --person ID or --user NAME") }
        }

        func run() throws {
            let (w, access) = try warehouse.session("audit")
            let entries = try person.map { try AuditQueries.person(w, id: $0, limit: limit) } ?? AuditQueries.user(w, name: user!, limit: limit)
            try AuditLog.record(w, actor: access.actor(screen: "cli:audit"), action: .view, subjectType: person == nil ? "audit_user" : "audit_person",
                                subjectID: person.map(String.init) ?? user, detail: nil)
            if json { try Terminal.printJSON(entries); return }
            Terminal.out(person.map { "Who has looked at person \($0)'s record (\(Format.plural(entries.count, "entry", "entries")), newest first)" } ?? "What \(user!) did (\(Format.plural(entries.count, "entry", "entries")), newest first)")
            for e in entries {
                let what = [e.action, e.subjectType.map { "\($0) \(e.subjectID ?? "")" }].compactMap { $0 }.joined(separator: " ")
                Terminal.out("  \(e.at.prefix(19).replacingOccurrences(of: "T", with: " "))  \(e.user.padding(toLength: 12, withPad: " ", startingAt: 0)) \(e.role ?? "—")  \(what)  via \(e.screen)"
                             + (e.purpose.map { "  purpose: \($0)" } ?? "") + (e.detail.map { "  \($0)" } ?? ""))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check the hash chain; report any edited, inserted or deleted entry and where.")
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            let r = try AuditVerify.run(try warehouse.session("audit").0)
            if json { try Terminal.printJSON(r) } else if r.intact {
                Terminal.out("The access log is intact: \(r.entries) entries (\(r.firstID.map(String.init) ?? "–")…\(r.lastID.map(String.init) ?? "–")) checked in \(String(format: "%.2f", r.seconds)) s"
                             + (r.redacted > 0 ? "; \(r.redacted) details pseudonymised by erasures" : "") + ".")
            } else {
                Terminal.out("The access log has been tampered with: \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s") in \(r.entries) entries.")
                for p in r.problems { Terminal.out("  \(p)") }
            }
            if !r.intact { throw ExitCode(2) }
        }
    }
}
