import ArgumentParser
import Foundation
import WardenCore
import WardenUI

/// `warden users`: who may use Warden, with which role.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list and remove Warden users (operating-system accounts mapped to a role and team).",
        discussion: "Only a data protection officer (admin) may add or remove users. The account that first builds a warehouse becomes its admin.",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every user with their role and team.")
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false
        func run() throws {
            let (w, _) = try warehouse.session("users")
            let users = try Users.list(w)
            if json { try Terminal.printJSON(users); return }
            for u in users {
                Terminal.out("\(u.account.padding(toLength: 20, withPad: " ", startingAt: 0)) \(u.role.padding(toLength: 20, withPad: " ", startingAt: 0)) \(u.team ?? "")  added \(u.addedAt.prefix(10)) by \(u.addedBy)")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user, or change their role.")
        @Argument(help: "The operating-system account.") var account: String
        @Option(help: "The role: housing_officer, enforcement_officer, fraud_investigator, programme_lead, analyst, dpo (as the policy defines).") var role: String
        @Option(help: "The team.") var team: String?
        @Option(help: "The officer's name.") var name: String?
        @OptionGroup var warehouse: WarehouseOptions
        func run() throws {
            let w = try warehouse.open()
            let by = try Access.resolve(w)
            try Users.add(account, role: role, team: team, name: name, by: by, warehouse: w)
            Terminal.out("\(account) is now \(Format.withArticle(by.policy.roles[role]?.label ?? role)).")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user.")
        @Argument(help: "The operating-system account.") var account: String
        @OptionGroup var warehouse: WarehouseOptions
        func run() throws {
            let w = try warehouse.open()
            try Users.remove(account, by: try Access.resolve(w), warehouse: w)
            Terminal.out("\(account) is no longer a Warden user.")
        }
    }
}

/// `warden policy`: the access policy.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the access policy, or load a new one (admins).",
        subcommands: [Show.self, Load.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the warehouse's policy (copy it to edit).")
        @OptionGroup var warehouse: WarehouseOptions
        func run() throws {
            let w = try warehouse.open()
            Terminal.out(try w.meta("policy") ?? Policy.defaultText)
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "load", abstract: "Replace the policy with a file; every problem is reported by line.")
        @Argument(help: "The policy file.") var file: String
        @OptionGroup var warehouse: WarehouseOptions
        func run() throws {
            let w = try warehouse.open()
            try Users.loadPolicy(file: file, by: try Access.resolve(w), warehouse: w)
            Terminal.out("Loaded the access policy from \(file).")
        }
    }
}

/// `warden rights`: individuals' rights (admins).
struct RightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rights",
        abstract: "Act on an individual's rights: restrict, rectify or erase their record (data protection officers).",
        discussion: "Every use is audited. Rectification and erasure list the recipients of exports that carried the person, who must be told.",
        subcommands: [Restrict.self, Rectify.self, Erase.self]
    )

    static func printRecipients(_ r: [Rights.Recipient]) {
        if r.isEmpty { Terminal.out("No export carried this person: nobody else to notify."); return }
        Terminal.out("Recipients to notify (\(r.count) export\(r.count == 1 ? "" : "s") carried this person):")
        for e in r { Terminal.out("  export \(e.exportID) \(e.at.prefix(10)) by \(e.by): \(e.kind) → \(e.recipient ?? "no recipient recorded") (\(e.file))") }
    }

    struct Restrict: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hide the record from everyone but admins (shown as restricted), or lift the restriction.")
        @Argument(help: "The virtual person id.") var person: Int64
        @Flag(help: "Lift the restriction.") var lift = false
        @Option(help: "Why (recorded).") var reason: String?
        @OptionGroup var warehouse: WarehouseOptions
        func run() throws {
            let w = try warehouse.open()
            try Rights.restrict(person, lift: lift, reason: reason, access: try Access.resolve(w), warehouse: w)
            Terminal.out(lift ? "Person \(person)'s record is no longer restricted." : "Person \(person)'s record is restricted: only admins can see it.")
        }
    }

    struct Rectify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a field: the new value wins everywhere, the old one is kept in history.")
        @Argument(help: "The virtual person id.") var person: Int64
        @Option(help: "The field: given_name, middle_names, surname, title, dob, gender, nino, nhs_number, marital_status, date_of_death.") var field: String
        @Option(help: "The corrected value (dates as yyyy-MM-dd).") var value: String
        @Option(help: "Why (recorded).") var reason: String
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false
        func run() throws {
            let w = try warehouse.open()
            let recipients = try Rights.rectify(person, field: field, value: value, reason: reason, access: try Access.resolve(w), warehouse: w)
            if json { try Terminal.printJSON(recipients); return }
            Terminal.out("Corrected \(field) of person \(person).")
            RightsCommand.printRecipients(recipients)
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove or pseudonymise the person's data everywhere in the warehouse, including free pages; the audit trail keeps a pseudonym.")
        @Argument(help: "The virtual person id.") var person: Int64
        @Option(help: "Why (recorded).") var reason: String
        @OptionGroup var warehouse: WarehouseOptions
        @Flag(help: "Print as JSON.") var json = false
        func run() throws {
            let w = try warehouse.open()
            let r = try Rights.erase(person, reason: reason, access: try Access.resolve(w), warehouse: w)
            if json { try Terminal.printJSON(r); return }
            Terminal.out("Erased person \(r.person): \(r.records) records pseudonymised as \(r.pseudonym); \(r.auditEntriesPseudonymised) audit details rewritten; the database file was rewritten.")
            RightsCommand.printRecipients(r.recipients)
        }
    }
}
