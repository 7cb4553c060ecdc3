import WardenLinkage

/// Extracts whose rows describe a person known to a service at an address.
enum PersonExtracts {
    /// Packs address lines into exactly `n` columns (the last absorbing any overflow).
    static func pack(_ lines: [String], _ n: Int) -> [String] {
        var l = lines
        while l.count > n { l[n - 1] += ", " + l[n]; l.remove(at: n) }
        while l.count < n { l.append("") }
        return l
    }

    // MARK: council tax

    static let councilTax = ExtractSpec(
        name: "council_tax", system: "council_tax", kind: "person", title: "Council Tax (Revenues)",
        file: "ctax_liable_parties.txt", dialect: Dialect(delimiter: UInt8(ascii: "|"), crlf: true, encoding: .windows1252),
        dateFormats: ["dd/MM/yyyy"], nameFormat: "title forenames surname", key: ["ACCOUNT_REF", "LIABILITY"],
        columns: [
            ("ACCOUNT_REF", .field("group_key")), ("PROPERTY_REF", .ignore), ("LIABLE_NAME", .field("full_name")),
            ("LIABILITY", .values("role", [("LIABLE", "liable"), ("JOINT", "joint_liable"), ("OWNER", "landlord"),
                                           ("EXECUTOR", "deceased"), ("COUNCIL", "council")])),
            ("ADDR1", .field("address_line")), ("ADDR2", .field("address_line")), ("ADDR3", .field("address_line")),
            ("ADDR4", .field("address_line")), ("POSTCODE", .field("postcode")), ("BAND", .field("band")),
            ("ACC_START", .required("start_date")), ("ACC_END", .field("end_date")),
            ("SPD", .values("discount", [("Y", "single_person"), ("N", "")])), ("SPD_START", .ignore),
            ("EXEMPT_CLASS", .field("exemption")), ("EXEMPT_START", .ignore),
            ("BILL_ADDR1", .field("correspondence_address")), ("BILL_ADDR2", .field("correspondence_address")),
            ("BILL_ADDR3", .field("correspondence_address")), ("BILL_POSTCODE", .field("correspondence_postcode")),
        ])

    static func writeCouncilTax(_ c: ExtractContext) {
        let w = c.world
        let addr = AddressStyle(upper: true, abbreviate: 0.45, flatVariants: 0.25, includeLocality: 0.2, includeTown: 0.8,
                                postcodeNoSpace: 0.02, postcodeWrongChar: 0.004, postcodeMissing: 0.003)
        var ns = NameStyle(upper: true, nickname: 0.04, typo: 0.012, variant: 0.05, initialOnly: 0.08, keepMiddle: 0.3,
                           swap: 0.004, maiden: 0, shortenDouble: 0.4, title: 0.9)
        for a in w.services.ctAccounts {
            let p = w.properties[Int(a.property)]
            let a1 = c.render.address(a.property, addr, &c.rng)
            let lines = pack(a1.lines, 4)
            let liable = [a.liable1, a.liable2].filter { $0 >= 0 }
            var rows: [(Int32, String, String)] = []   // person, name, liability
            switch a.kind {
            case 2:
                rows.append((-1, "LB EASTBRIDGE - HOUSING VOIDS", "COUNCIL"))
            case 3:
                ns.maiden = 0
                let n = c.render.name(a.liable1, ns, at: a.start, &c.rng)
                rows.append((a.liable1, "EXECUTORS OF THE LATE " + n.full("title forenames surname"), "EXECUTOR"))
            default:
                for (k, person) in liable.enumerated() {
                    // Accounts opened long ago may still hold a maiden name.
                    ns.maiden = a.start < w.W0 - 3 * 365 ? 0.25 : 0.03
                    let n = c.render.name(person, ns, at: a.start, &c.rng)
                    let role = a.kind == 1 || a.kind == 4 ? "OWNER" : (k == 0 ? "LIABLE" : "JOINT")
                    rows.append((person, n.full("title forenames surname"), role))
                }
            }
            // Landlords are billed at their own address.
            var bill: [String] = ["", "", ""], billPC = ""
            if (a.kind == 1 || a.kind == 4), a.liable1 >= 0 {
                if w.persons[Int(a.liable1)].externalAddress >= 0 {
                    let e = c.render.external(a.liable1)
                    bill = pack(e.lines.map(Text.upper), 3); billPC = e.postcode
                } else if let home = w.home(of: a.liable1, at: min(w.H, a.start == .max ? w.H : max(a.start, w.W0))) {
                    let e = c.render.address(home, addr, &c.rng)
                    bill = pack(e.lines, 3); billPC = e.postcode
                }
            }
            for (k, row) in rows.enumerated() {
                c.add(String(a.ref))
                c.add("P" + Text.pad(Int(p.uprn % 10_000_000), 7))
                c.add(row.1)
                c.add(row.2)
                for l in lines { c.add(l) }
                c.add(a1.postcode)
                c.add(String(Character(Unicode.Scalar(UInt8(65) + p.band))))
                // A few start dates are unusable: the row is rejected whole.
                if c.rng.chance(0.0015) {
                    c.add(c.rng.chance(0.5) ? "" : Renderer.format(CivilDate(dayNumber: a.start).year, 2, 31, "dd/MM/yyyy"))
                } else {
                    c.add(c.date(a.start, "dd/MM/yyyy"))
                }
                c.add(a.end == .max || a.end > w.H ? "" : c.date(a.end, "dd/MM/yyyy"))
                let spd = a.spdFrom != .max
                c.add(spd ? "Y" : "N")
                c.add(spd ? c.date(a.spdFrom, "dd/MM/yyyy") : "")
                c.add(a.exemptClass > 0 ? String(Character(Unicode.Scalar(a.exemptClass))) : "")
                c.add(a.exemptClass > 0 ? c.date(a.exemptFrom, "dd/MM/yyyy") : "")
                for b in bill { c.add(b) }
                c.add(billPC)
                let line = c.end(person: row.0, property: a.property)
                if k == 0 && a.fraud == 1 {
                    c.plant("single_person_discount", person: row.0, property: a.property, line: line, detail: a.fraudDetail)
                } else if k == 0 && a.fraud == 2 {
                    c.plant("occupied_exemption", person: row.0, property: a.property, line: line, detail: a.fraudDetail)
                }
            }
        }
    }

    // MARK: electoral register

    static let electoral = ExtractSpec(
        name: "electoral_register", system: "electoral_register", kind: "person", title: "Electoral Register",
        file: "electoral_register.csv", dialect: Dialect(crlf: true, encoding: .utf8BOM, policy: .nonEmpty),
        dateFormats: ["dd/MM/yyyy"], key: ["Elector Number"],
        columns: [
            ("Elector Number", .field("record_key")), ("Title", .field("title")), ("Forename", .field("given_name")),
            ("Middle Names", .field("middle_names")), ("Surname", .field("surname")),
            ("Address 1", .field("address_line")), ("Address 2", .field("address_line")), ("Address 3", .field("address_line")),
            ("Address 4", .field("address_line")), ("Address 5", .field("address_line")), ("Postcode", .field("postcode")),
            ("Franchise", .ignore), ("Date of Attainment", .ignore), ("Opt Out", .ignore), ("Role", .field("role")),
        ])

    static func writeElectoral(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.03, typo: 0.008, variant: 0.03, keepMiddle: 0.75, swap: 0.002, maiden: 0.02,
                           shortenDouble: 0.2, title: 0.85, caseNoise: 0.01)
        let addr = AddressStyle(abbreviate: 0.05, flatVariants: 0.15, includeLocality: 0.6, includeTown: 1,
                                postcodeNoSpace: 0.003, postcodeWrongChar: 0.002)
        var seq: [Int] = Array(repeating: 0, count: w.wards.count)
        for e in w.services.electors {
            let p = w.properties[Int(e.property)]
            let ward = Int(p.ward)
            seq[ward] += 1
            let district = "E" + String(Character(Unicode.Scalar(UInt8(65 + ward % 26)))) + String(1 + ward / 26)
            let times = e.duplicate ? 2 : 1
            for k in 0..<times {
                c.add(district + "-" + Text.pad(seq[ward], 4) + (k == 1 ? "/1" : ""))
                let n = c.render.name(e.person, ns, at: w.H, &c.rng)
                c.add(n.title); c.add(n.given); c.add(n.middle); c.add(n.surname)
                let a = c.render.address(e.property, addr, &c.rng)
                for l in pack(a.lines, 5) { c.add(l) }
                c.add(a.postcode)
                let q = w.persons[Int(e.person)]
                let key = NameData.cultures[Int(q.culture)].key
                c.add((key == "easteuro" || key == "southeuro") && c.rng.chance(0.6) ? "G" : "")
                let age = w.age(e.person, at: w.H)
                if age < 18 {
                    let d = CivilDate(dayNumber: q.dob).components
                    c.add(Renderer.format(d.year + 18, d.month, d.day, "dd/MM/yyyy"))
                } else { c.add("") }
                c.add(c.rng.chance(0.4) ? "Y" : "")
                c.add("elector")
                c.end(person: e.person, property: e.property)
            }
        }
    }

    // MARK: housing benefit / council tax reduction

    static let housingBenefit = ExtractSpec(
        name: "housing_benefit", system: "housing_benefit", kind: "person", title: "Housing Benefit and Council Tax Reduction",
        file: "hb_ctr_claims.tsv", dialect: Dialect(delimiter: 9), dateFormats: ["yyyy-MM-dd", "dd/MM/yyyy"],
        key: ["claimRef", "memberNo"],
        columns: [
            ("claimRef", .field("group_key")), ("memberNo", .ignore), ("role", .field("role")), ("title", .field("title")),
            ("forename", .field("given_name")), ("surname", .field("surname")), ("dob", .field("dob")), ("nino", .field("nino")),
            ("gender", .field("gender")), ("addressLine1", .field("address_line")), ("addressLine2", .field("address_line")),
            ("addressLine3", .field("address_line")), ("postcode", .field("postcode")), ("claimStart", .required("start_date")),
            ("claimEnd", .field("end_date")), ("weeklyRent", .field("amount")),
            ("tenureType", .values("tenure", [("Council", "social_rented"), ("HA", "social_rented"), ("Private", "private_rented"),
                                              ("Owner", "owner_occupied"), ("Lodger", "private_rented")])),
        ])

    static func writeHousingBenefit(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.02, typo: 0.01, variant: 0.08, keepMiddle: 0.0, swap: 0.01, maiden: 0.02, title: 1, spaceNoise: 0.01)
        let addr = AddressStyle(abbreviate: 0.3, flatVariants: 0.3, includeLocality: 0.1, includeTown: 0.5,
                                postcodeNoSpace: 0.05, postcodeLower: 0.01, postcodeWrongChar: 0.004)
        for claim in w.services.hbClaims {
            let p = w.properties[Int(claim.property)]
            let a = c.render.address(claim.property, addr, &c.rng)
            let lines = pack(a.lines, 3)
            let rent: Int
            switch p.tenure {
            case .social: rent = c.rng.int(11_000, 19_000)
            case .owner: rent = 0
            default: rent = c.rng.int(18_000, 42_000) / (w.occupancies[Int(claim.occupancy)].room >= 0 ? 2 : 1)
            }
            let tenureText: String
            switch p.tenure {
            case .social: tenureText = c.rng.chance(0.8) ? "Council" : "HA"
            case .owner: tenureText = "Owner"
            default: tenureText = w.occupancies[Int(claim.occupancy)].room >= 0 && c.rng.chance(0.3) ? "Lodger" : "Private"
            }
            for (k, m) in claim.members.enumerated() {
                c.add(String(claim.ref)); c.add(String(k + 1)); c.add(m.role)
                let n = c.render.name(m.person, ns, at: claim.start, &c.rng)
                c.add(n.title); c.add(n.given); c.add(n.surname)
                let q = w.persons[Int(m.person)]
                let pattern = c.rng.chance(0.03) ? "dd/MM/yyyy" : "yyyy-MM-dd"
                if c.rng.chance(0.001) {
                    // A date of birth in the future: a keying slip the ingest must catch.
                    c.add(Renderer.format(w.asOf.year + c.rng.int(1, 20), c.rng.int(1, 12), c.rng.int(1, 28), pattern))
                } else {
                    c.add(Renderer.messyDate(q.dob, pattern, swap: 0.01, typo: 0.005, impossible: 0.001, missing: 0.01, &c.rng))
                }
                let adult = w.age(m.person, at: w.H) >= 16
                if adult && q.flags.contains(.hasNINO) && !c.rng.chance(0.05) {
                    var nino = c.render.nino(m.person)
                    if c.rng.chance(0.004) { nino = "QQ" + nino.dropFirst(2) }      // a malformed prefix
                    else if c.rng.chance(0.5) {
                        let ch = Array(nino)
                        nino = String(ch[0..<2]) + " " + String(ch[2..<4]) + " " + String(ch[4..<6]) + " " + String(ch[6..<8]) + " " + String(ch[8])
                    }
                    c.add(nino)
                } else { c.add("") }
                c.add(q.isMale ? "M" : "F")
                for l in lines { c.add(l) }
                c.add(a.postcode)
                c.add(c.date(claim.start, "yyyy-MM-dd"))
                c.add(claim.end == .max || claim.end > w.H ? "" : c.date(claim.end, "yyyy-MM-dd"))
                c.add(Text.money(pence: rent))
                c.add(tenureText)
                let line = c.end(person: m.person, property: claim.property)
                if k == 0 && claim.undeclared >= 0 {
                    c.plant("undeclared_member", person: m.person, property: claim.property, line: line, detail: claim.fraudDetail)
                }
            }
        }
    }

    // MARK: tenancies

    static let tenancy = ExtractSpec(
        name: "tenancy", system: "tenancy", kind: "person", title: "Housing Tenancies (Council Landlord)",
        file: "housing_tenancies.csv", dialect: Dialect(), dateFormats: ["dd-MMM-yyyy"], nameFormat: "surname, forenames",
        key: ["Tenancy Ref", "Tenant Type"],
        columns: [
            ("Tenancy Ref", .field("group_key")), ("Tenant", .field("full_name")),
            ("Tenant Type", .values("role", [("Tenant", "tenant"), ("Joint Tenant", "joint_tenant")])),
            ("Date of Birth", .field("dob")), ("NI Number", .field("nino")), ("Property UPRN", .field("uprn")),
            ("Property Address", .field("address")), ("Postcode", .field("postcode")),
            ("Tenancy Start", .required("start_date")), ("Tenancy End", .field("end_date")),
            ("Tenure Type", .field("category")), ("Contact Phone", .field("phone")),
        ])

    static func writeTenancies(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(upper: false, nickname: 0.03, typo: 0.01, variant: 0.05, keepMiddle: 0.4, swap: 0.003, maiden: 0.05, title: 0)
        let addr = AddressStyle(abbreviate: 0.2, flatVariants: 0.25, includeLocality: 0, includeTown: 0.3,
                                postcodeNoSpace: 0.01, postcodeWrongChar: 0.003)
        for t in w.services.tenancies {
            let p = w.properties[Int(t.property)]
            let a = c.render.address(t.property, addr, &c.rng)
            // Often a UPRN; sometimes the block's instead of the flat's; sometimes without leading zeros.
            var uprn = ""
            if c.rng.chance(0.85) {
                var target = t.property
                if p.parent >= 0 && c.rng.chance(0.04) { target = p.parent }
                uprn = c.rng.chance(0.5) ? w.uprnString(target) : String(w.properties[Int(target)].uprn)
            }
            let tenants = [t.tenant1, t.tenant2].filter { $0 >= 0 }
            for (k, person) in tenants.enumerated() {
                c.add("T" + String(t.ref))
                var n = c.render.name(person, ns, at: t.start, &c.rng)
                n.surname = Text.upper(n.surname)
                c.add(n.full("surname, forenames"))
                c.add(k == 0 ? "Tenant" : "Joint Tenant")
                let q = w.persons[Int(person)]
                c.add(Renderer.messyDate(q.dob, "dd-MMM-yyyy", swap: 0.005, typo: 0.005, missing: 0.02, &c.rng))
                c.add(q.flags.contains(.hasNINO) && c.rng.chance(0.8) ? c.render.nino(person) : "")
                c.add(uprn)
                c.add(a.lines.joined(separator: ", "))
                c.add(a.postcode)
                if c.rng.chance(0.001) { c.add("") } else { c.add(c.date(t.start, "dd-MMM-yyyy")) }
                c.add(t.end == .max || t.end > w.H ? "" : c.date(t.end, "dd-MMM-yyyy"))
                c.add(["Secure", "Introductory", "Flexible (Fixed Term)"][Int(t.type)])
                c.add(q.flags.contains(.hasMobile) && c.rng.chance(0.7) ? c.render.mobile(person) : c.render.landline(w.persons[Int(person)].household))
                let line = c.end(person: person, property: t.property)
                if k == 0 && t.sublet { c.plant("subletting", person: person, property: t.property, line: line, detail: t.subletDetail) }
            }
        }
    }

    // MARK: freedom passes and blue badges

    static let freedomPass = ExtractSpec(
        name: "freedom_pass", system: "freedom_pass", kind: "person", title: "Freedom Pass Holders",
        file: "freedom_passes.csv", dialect: Dialect(), dateFormats: ["dd/MM/yyyy"], key: ["Pass Number"],
        columns: [
            ("Pass Number", .required("record_key")), ("Pass Type", .field("category")), ("Title", .field("title")),
            ("First Name", .field("given_name")), ("Last Name", .field("surname")), ("DOB", .field("dob")),
            ("Address Line 1", .field("address_line")), ("Address Line 2", .field("address_line")),
            ("Address Line 3", .field("address_line")), ("Postcode", .field("postcode")),
            ("Issue Date", .field("start_date")), ("Expiry Date", .field("end_date")), ("Status", .field("status")),
            ("Status Date", .ignore), ("Role", .field("role")),
        ])

    static func writeFreedomPasses(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(fold: true, nickname: 0.05, typo: 0.01, variant: 0.03, keepMiddle: 0.1, maiden: 0.03, title: 0.95)
        let addr = AddressStyle(abbreviate: 0.3, flatVariants: 0.3, includeLocality: 0.2, includeTown: 0.7, postcodeNoSpace: 0.02,
                                postcodeWrongChar: 0.003)
        for pass in w.services.freedomPasses {
            c.add(pass.number)
            c.add(pass.disabled ? "Disabled Persons" : "Older Persons")
            let n = c.render.name(pass.person, ns, at: pass.issued, &c.rng)
            c.add(n.title); c.add(n.given); c.add(n.surname)
            c.add(Renderer.messyDate(w.persons[Int(pass.person)].dob, "dd/MM/yyyy", swap: 0.008, typo: 0.004, missing: 0.005, &c.rng))
            let a = c.render.address(pass.property, addr, &c.rng)
            for l in pack(a.lines, 3) { c.add(l) }
            c.add(a.postcode)
            c.add(c.date(pass.issued, "dd/MM/yyyy")); c.add(c.date(pass.expires, "dd/MM/yyyy"))
            c.add(pass.status); c.add(c.date(pass.statusDate, "dd/MM/yyyy"))
            c.add("holder")
            let line = c.end(person: pass.person, property: pass.property)
            if pass.fraud {
                c.plant("deceased_holder", person: pass.person, property: pass.property, line: line,
                        detail: "freedom pass \(pass.number) active; holder died \(CivilDate(dayNumber: w.persons[Int(pass.person)].dod).iso)")
            }
        }
    }

    static let blueBadge = ExtractSpec(
        name: "blue_badge", system: "blue_badge", kind: "person", title: "Blue Badge Holders",
        file: "blue_badges.csv", dialect: Dialect(), dateFormats: ["yyyy-MM-dd"], nameFormat: "surname, forenames",
        key: ["badge_number"],
        columns: [
            ("badge_number", .field("record_key")), ("holder_name", .field("full_name")), ("date_of_birth", .required("dob")),
            ("gender", .field("gender")), ("nino", .field("nino")), ("address", .field("address")), ("postcode", .field("postcode")),
            ("issued", .field("start_date")), ("expires", .field("end_date")), ("status", .field("status")), ("role", .field("role")),
        ])

    static func writeBlueBadges(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.03, typo: 0.01, variant: 0.05, keepMiddle: 0.5, maiden: 0.03, title: 0)
        let addr = AddressStyle(abbreviate: 0.25, flatVariants: 0.3, includeLocality: 0.1, includeTown: 0.5, postcodeNoSpace: 0.03,
                                postcodeWrongChar: 0.003)
        for b in w.services.blueBadges {
            c.add(b.number)
            c.add(c.render.name(b.person, ns, at: b.issued, &c.rng).full("surname, forenames"))
            let q = w.persons[Int(b.person)]
            // A few unusable dates of birth: required here, so the row is rejected.
            if c.rng.chance(0.004) {
                c.add(c.rng.chance(0.5) ? "" : Renderer.format(CivilDate(dayNumber: q.dob).year, 2, 30, "yyyy-MM-dd"))
            } else {
                c.add(Renderer.messyDate(q.dob, "yyyy-MM-dd", swap: 0.005, typo: 0.003, &c.rng))
            }
            c.add(q.isMale ? (c.rng.chance(0.5) ? "Male" : "M") : (c.rng.chance(0.5) ? "Female" : "F"))
            c.add(q.flags.contains(.hasNINO) && w.age(b.person, at: w.H) >= 16 && c.rng.chance(0.7) ? c.render.nino(b.person) : "")
            let a = c.render.address(b.property, addr, &c.rng)
            c.add(a.lines.joined(separator: ", "))
            c.add(a.postcode)
            c.add(c.date(b.issued, "yyyy-MM-dd")); c.add(c.date(b.expires, "yyyy-MM-dd"))
            c.add(b.status)
            c.add("holder")
            let line = c.end(person: b.person, property: b.property)
            if b.fraud {
                c.plant("deceased_holder", person: b.person, property: b.property, line: line,
                        detail: "blue badge \(b.number) active; holder died \(CivilDate(dayNumber: q.dod).iso)")
            }
        }
    }

    // MARK: deaths

    static let deaths = ExtractSpec(
        name: "deaths", system: "deaths", kind: "person", title: "Register of Deaths",
        file: "deaths_register.csv", dialect: Dialect(), dateFormats: ["dd MMM yyyy"], key: ["Entry No"],
        columns: [
            ("Entry No", .field("record_key")), ("Date of Death", .required("date_of_death")),
            ("Deceased Surname", .field("surname")), ("Deceased Forenames", .field("given_name")), ("Maiden Surname", .ignore),
            ("Date of Birth", .field("dob")), ("Sex", .field("gender")), ("Usual Address", .field("address")),
            ("Postcode", .field("postcode")), ("NHS Number", .field("nhs_number")), ("Place of Death", .ignore),
            ("Date Registered", .ignore), ("Role", .field("role")),
        ])

    static func writeDeaths(_ c: ExtractContext) {
        let w = c.world
        var deaths: [(Int32, Int32)] = []   // person, property
        for (i, q) in w.persons.enumerated() where q.dod >= w.W0 && q.dod <= w.H {
            if let s = w.stays(ofPerson: Int32(i)).last, w.stays[Int(s)].to == q.dod {
                deaths.append((Int32(i), w.occupancies[Int(w.stays[Int(s)].occupancy)].property))
            }
        }
        deaths.sort { w.persons[Int($0.0)].dod != w.persons[Int($1.0)].dod ? w.persons[Int($0.0)].dod < w.persons[Int($1.0)].dod : $0.0 < $1.0 }
        let ns = NameStyle(nickname: 0, typo: 0.004, variant: 0, keepMiddle: 1, title: 0)
        let addr = AddressStyle(abbreviate: 0.05, flatVariants: 0.1, includeLocality: 0.3, includeTown: 1, postcodeNoSpace: 0.01)
        var seq = 0
        for (person, prop) in deaths {
            let q = w.persons[Int(person)]
            seq += 1
            c.add("D" + String(CivilDate(dayNumber: q.dod).year) + "/" + Text.pad(seq, 5))
            if c.rng.chance(0.003) {
                c.add(Renderer.format(w.asOf.year + 1, c.rng.int(1, 12), c.rng.int(1, 28), "dd MMM yyyy"))   // a future date: rejected
            } else {
                c.add(c.date(q.dod, "dd MMM yyyy"))
            }
            let n = c.render.name(person, ns, at: q.dod, &c.rng)
            c.add(Text.upper(n.surname)); c.add(n.forenames)
            c.add(q.birthSurname >= 0 ? Text.upper(w.names[q.birthSurname]) : "")
            c.add(c.rng.chance(0.01) ? "" : c.date(q.dob, "dd MMM yyyy"))
            c.add(q.isMale ? "M" : "F")
            let a = c.render.address(prop, addr, &c.rng)
            c.add(a.lines.joined(separator: ", "))
            c.add(a.postcode)
            let roll = c.rng.unit()
            c.add(roll < 0.015 ? c.render.badNHS(person) : roll < 0.03 ? "" : c.render.nhs(person))
            c.add(["Home address", "Eastbridge General Hospital", "St Anne's Hospice", "Home address", "Forest Lodge Care Home"][c.rng.under(5)])
            c.add(c.date(min(w.H, q.dod + Int32(c.rng.int(1, 14))), "dd MMM yyyy"))
            c.add("deceased")
            c.end(person: person, property: prop)
        }
    }
}
