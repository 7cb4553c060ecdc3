import ArgumentParser
import Foundation
import WardenCore
import WardenUI

/// `warden search QUERY`: people and properties matching a query.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search people (name, date of birth, NINO, NHS number, phone, email) and properties (UPRN, postcode, address).",
        discussion: "Prefix matching across every word; a misspelt name falls back to near spellings. Every search is recorded in the access log."
    )

    @Argument(help: "What to look for, e.g. \"smith e17\" or \"AB123456C\".")
    var query: [String]

    @Option(help: "Results per group; a group cut at the limit says so.") var limit = 20
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var purpose: PurposeOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("search", purpose: purpose)
        let text = query.joined(separator: " ")
        let limit = max(1, min(self.limit, 10_000))
        // One more than the limit is asked for, so a list cut at the limit is told from one that
        // happens to have exactly that many (the dashboard shows such a list as "50+").
        var results = try SearchService(warehouse: w).search(text, access: access, limit: limit + 1)
        let morePeople = results.people.count > limit, moreProperties = results.properties.count > limit
        results.people = Array(results.people.prefix(limit))
        results.properties = Array(results.properties.prefix(limit))
        try AuditLog.record(w, actor: access.actor(screen: "cli:search"), action: .search,
                            detail: "{\"query\":\(jsonQuoted(text)),\"people\":\(results.people.count),\"properties\":\(results.properties.count)}")
        if json { try Terminal.printJSON(results); return }
        if !results.corrections.isEmpty {
            Terminal.out("(no exact match for " + results.corrections.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "; showing near spellings)")
        }
        func heading(_ name: String, _ count: Int, more: Bool) -> String {
            more ? "\(name) (\(count) shown; more match — use --limit)" : "\(name) (\(count))"
        }
        Terminal.out(heading("People", results.people.count, more: morePeople))
        for p in results.people {
            let born = p.dob.map { " b. \($0)" + (p.age.map { " (\($0))" } ?? "") } ?? ""
            Terminal.out("  \(String(p.id).leftPad(8))  \(p.name)\(born)  \(p.address ?? "address unknown")\(p.dateOfDeath != nil ? "  [deceased \(p.dateOfDeath!)]" : "")")
        }
        Terminal.out(heading("Properties", results.properties.count, more: moreProperties))
        for p in results.properties {
            Terminal.out("  \(String(p.uprn).leftPad(12))  \(p.address)  (\(p.occupants) living there)")
        }
    }
}

/// `warden person ID`: a person's single view.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Everything known about one virtual person: identity, contacts, addresses, flags, linked records.",
        discussion: "The view is recorded in the access log."
    )
    @Argument(help: "The virtual person id.") var id: Int64
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var purpose: PurposeOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("person", purpose: purpose)
        guard let p = try SingleView(warehouse: w).person(id, access: access, screen: "cli:person") else {
            throw UserFacingError(field: "person \(id)", problem: "no such virtual person", remedy: "find their id with `warden search NAME`")
        }
        if json { try Terminal.printJSON(p); return }
        Terminal.out(PersonText.render(p))
    }
}

/// `warden property UPRN`: a property's single view.
struct PropertyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "property",
        abstract: "Everything known about one property: attributes, occupants, events, landlord.",
        discussion: "The view is recorded in the access log."
    )
    @Argument(help: "The UPRN (leading zeros optional).") var uprn: String
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var purpose: PurposeOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (w, access) = try warehouse.session("property", purpose: purpose)
        guard let u = Int64(uprn.trimmingCharacters(in: .whitespaces)), let p = try SingleView(warehouse: w).property(u, access: access, screen: "cli:property") else {
            throw UserFacingError(field: "UPRN \(uprn)", problem: "no such property in the gazetteer", remedy: "find it with `warden search ADDRESS`")
        }
        if json { try Terminal.printJSON(p); return }
        Terminal.out(PropertyText.render(p))
    }
}

func jsonQuoted(_ s: String) -> String {
    String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
}

/// Plain-text renderings of the single views (also what a screen reader would follow).
enum PersonText {
    static func render(_ p: PersonView) -> String {
        var out: [String] = []
        func row(_ k: String, _ v: String?) { out.append(k.padding(toLength: 22, withPad: " ", startingAt: 0) + (v ?? "—")) }
        if let r = p.redirectedFrom { out.append("(virtual id \(r) was merged into \(p.id))") }
        if p.restricted && p.name == "Restricted record" { return "Virtual id \(p.id): restricted record. Only a data protection officer may see it." }
        if p.restricted { out.append("RESTRICTED: hidden from everyone but admins") }
        if !p.withheld.isEmpty { out.append("Withheld under the access policy: " + p.withheld.joined(separator: ", ")) }
        if !p.rectified.isEmpty { out.append("Corrected at the individual's request: " + p.rectified.joined(separator: ", ")) }
        row("Virtual id", String(p.id))
        row("Name", [p.title, p.name].compactMap { $0 }.joined(separator: " "))
        row("Date of birth", p.dob.map { d in (ISODate.uk(d)) + (p.age.map { " (\($0))" } ?? "") })
        if let d = p.dateOfDeath { row("Date of death", ISODate.uk(d)) }
        row("Gender", p.gender)
        row("UPRN", p.currentUPRN.map { String(format: "%012lld", $0) })
        row("Postcode", p.currentPostcode)
        row("Address", p.currentAddress)
        row("NINO", p.nino)
        row("NHS number", p.nhsNumber)
        row("Marital status", p.maritalStatus)
        row("Mobile number(s)", p.mobiles.isEmpty ? nil : p.mobiles.map { "\($0.value) (\($0.lastSeen.map(ISODate.uk) ?? "?"))" }.joined(separator: "  "))
        row("Telephone number(s)", p.telephones.isEmpty ? nil : p.telephones.map { "\($0.value) (\($0.lastSeen.map(ISODate.uk) ?? "?"))" }.joined(separator: "  "))
        row("Email address(es)", p.emails.isEmpty ? nil : p.emails.map { "\($0.value) (\($0.lastSeen.map(ISODate.uk) ?? "?"))" }.joined(separator: "  "))
        row("First known date", p.firstKnown.map(ISODate.uk))
        row("Last known date", p.lastKnown.map(ISODate.uk))
        row("Most likely property", p.mostLikelyPropertyScore10.map { "\($0)/10 (ranking value \(Format.score(p.mostLikelyPropertyScore ?? 0)))" })
        if !p.flags.isEmpty {
            out.append("\nService flags")
            for f in p.flags { out.append("  \(f.code) \(f.description ?? "")  \(f.date.map(ISODate.uk) ?? "")  [\(f.source)]") }
        }
        if !p.addressHistory.isEmpty {
            out.append("\nAddress history (most likely first)")
            for r in p.addressHistory {
                out.append("  \(r.rank). \(r.address)  \(r.from.map(ISODate.uk) ?? "?") – \(r.to.map(ISODate.uk) ?? "now")  score \(Format.score(r.score))  [\(r.sources.joined(separator: ", "))]")
            }
        }
        if !p.household.isEmpty {
            out.append("\nOthers in the household")
            for h in p.household { out.append("  \(h.id)  \(h.name)\(h.age.map { " (\($0))" } ?? "")") }
        }
        if !p.relatedProperties.isEmpty {
            out.append("\nRelated properties")
            for r in p.relatedProperties { out.append("  \(r.uprn)  \(r.address)  [\(r.relation)]") }
        }
        if let log = p.accessLog, !log.isEmpty {
            out.append("\nWho has looked at this record (latest \(log.count))")
            for e in log { out.append("  \(e.at.prefix(16).replacingOccurrences(of: "T", with: " "))  \(e.user) (\(e.role ?? "—")) \(e.action) via \(e.screen)\(e.purpose.map { " — \($0)" } ?? "")") }
        }
        out.append("\nLinked records (\(p.records.count))")
        for r in p.records {
            let why = r.explanation.map { "\($0.field) \($0.level) \(String(format: "%+.1f", $0.weight))" }.joined(separator: ", ")
            out.append("  \(r.source) #\(r.key ?? String(r.line)) line \(r.line): \(r.name)\(r.dob.map { ", b. \(ISODate.uk($0))" } ?? "")\(r.address.map { ", \($0)" } ?? "")")
            out.append("      match \(r.confidence.map { String(format: "%.3f", $0) } ?? "—")\(why.isEmpty ? "" : ": " + why)")
        }
        return out.joined(separator: "\n")
    }
}

enum PropertyText {
    static func render(_ p: PropertyView) -> String {
        var out: [String] = []
        func row(_ k: String, _ v: String?) { out.append(k.padding(toLength: 22, withPad: " ", startingAt: 0) + (v ?? "—")) }
        row("Address", p.address)
        row("UPRN", String(format: "%012lld", p.uprn))
        row("Ward", p.ward)
        row("Tenure", p.tenure.map(Format.tenure))
        row("Type", p.propertyType)
        row("Bedrooms", p.bedrooms.map(String.init))
        row("Council tax band", p.councilTaxBand)
        row("Licence status", p.licenceStatus)
        out.append("\nCurrent occupants (\(p.occupants.count))")
        for o in p.occupants { out.append("  \(o.id)  \(o.name)\(o.age.map { " (\($0))" } ?? "")  since \(o.from.map(ISODate.uk) ?? "?")  [\(o.sources.joined(separator: ", "))]") }
        if !p.formerOccupants.isEmpty {
            out.append("\nFormer occupants (\(p.formerOccupants.count))")
            for o in p.formerOccupants.prefix(20) { out.append("  \(o.id)  \(o.name)") }
        }
        for l in p.landlords {
            out.append("\nLandlord: \(l.name)\(l.id.map { " (\($0))" } ?? "")")
            for o in l.otherProperties { out.append("  also \(o.address) [\(o.relation)]") }
        }
        if !p.flats.isEmpty {
            out.append("\nWithin this building (\(p.flats.count))")
            for f in p.flats { out.append("  \(f.uprn)  \(f.address)") }
        }
        out.append("\nTimeline (\(Format.plural(p.events.count, "event")))")
        for e in p.events { out.append("  \(e.date.map(ISODate.uk) ?? "undated")  \(e.label)\(e.category.map { ": \($0)" } ?? "")\(e.outcome.map { " → \($0)" } ?? "")  [\(e.source)]") }
        return out.joined(separator: "\n")
    }
}

/// ISO dates shown the UK way.
enum ISODate {
    static func uk(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : iso
    }
}
