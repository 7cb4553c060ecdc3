import WardenLinkage

/// Events (ASB, noise, pest control, fixed penalties, summonses, inspections) and licences.
enum EventExtracts {
    // MARK: locations

    /// The building a location names: a flat's parent shell or block, else the property itself.
    static func building(_ w: World, _ pi: Int32) -> Int32 {
        let p = w.properties[Int(pi)]
        return p.parent >= 0 ? p.parent : pi
    }

    static func streetName(_ w: World, _ s: Int32, _ r: inout SeededRandom) -> String {
        let st = w.streets[Int(s)]
        return r.chance(0.55) ? st.abbreviated : st.name
    }

    /// Free-text location of an ASB incident and what it truly refers to.
    static func asbLocation(_ c: ExtractContext, _ e: Event) -> (String, Int32, Int32) {
        let w = c.world
        switch e.style {
        case 0:
            let b = building(w, e.property)
            let p = w.properties[Int(b)]
            let street = streetName(w, p.street, &c.rng)
            var place = p.number > 0 ? c.render.paoNumber(p) + " " + street : street
            if p.building >= 0 { place = w.buildingNames[Int(p.building)] + ", " + street }
            if p.kind == .shop, let bi = Optional(p.business), bi >= 0, c.rng.chance(0.5) {
                place = w.businesses[Int(bi)].name + ", " + place
            }
            let prefix = ["outside ", "o/s ", "front of ", "", "at ", "near "][c.rng.under(6)]
            return (prefix + place, b, -1)
        case 1:
            let p = w.properties[Int(building(w, e.property))]
            let n = max(1, Int(p.number))
            let lo = n % 2 == 0 ? n : n, hi = n + 2
            return ((c.rng.chance(0.5) ? "rear of " : "alley behind ") + String(lo) + "-" + String(hi) + " " + streetName(w, p.street, &c.rng), -1, p.street)
        case 2:
            let a = streetName(w, e.street, &c.rng), b = streetName(w, e.street2, &c.rng)
            let forms = ["junction of \(a) and \(b)", "\(a) / \(b) junction", "corner of \(a) & \(b)", "jct \(a) with \(b)"]
            return (forms[c.rng.under(forms.count)], -1, e.street)
        case 3:
            let p = w.properties[Int(e.property)]
            let word = w.streets[Int(p.street)].name
            let forms = [w.buildingNames[Int(p.building)], word + " park", "in the park on " + streetName(w, p.street, &c.rng),
                         Text.lower(w.buildingNames[Int(p.building)])]
            return (forms[c.rng.under(forms.count)], e.property, -1)
        default:
            let s = streetName(w, e.street, &c.rng)
            let forms = [s, "near bus stop, " + s, "alleyway off " + s, s + " (outside the shops)", "top end of " + s]
            return (forms[c.rng.under(forms.count)], -1, e.street)
        }
    }

    static let asbSnippets = [
        "Caller reports group of 5-6 youths, shouting and kicking a ball against cars",
        "Neighbour says \"it happens every night\", can't sleep",
        "Loud music, people coming and going at all hours",
        "Suspected drug dealing from parked car, smell of cannabis",
        "Mattresses, sofa and black bags dumped on pavement",
        "Drinking on the wall outside, abusive when asked to move",
        "Graffiti tag on side wall, approx 2m wide",
        "Dispute over bins, verbal abuse, no injuries",
        "Motorbikes racing up and down, no plates",
        "Man asleep in doorway, advised of services",
        "Rubbish overflowing from front garden, rats seen",
        "Several men seen leaving property early morning, \"looks like a lot of people living there\"",
    ]
    static let asbActions = ["Advised to call 101 if it recurs.", "Referred to ASB team.", "Letter sent to occupier.",
                             "Patrol requested, no further action.", "Passed to landlord, awaiting response.",
                             "Case closed, no contact from caller."]

    static func asbDescription(_ r: inout SeededRandom) -> String {
        var s = asbSnippets[r.under(asbSnippets.count)]
        if r.chance(0.5) { s += ", " + asbSnippets[r.under(asbSnippets.count)].lowercased() }
        if r.chance(0.6) { s += "\n" + asbActions[r.under(asbActions.count)] }
        return s
    }

    static let asb = ExtractSpec(
        name: "asb", system: "asb", kind: "event", title: "Anti-Social Behaviour Log", file: "asb_incidents.csv",
        dialect: Dialect(), dateFormats: ["dd/MM/yyyy"], nameFormat: "title forenames surname", key: ["IncidentID"],
        eventType: "asb",
        columns: [
            ("IncidentID", .field("record_key")), ("DateReported", .required("event_date")), ("Category", .field("category")),
            ("Location", .field("location")), ("Description", .ignore), ("PersonInvolved", .field("full_name")),
            ("PersonRole", .field("role")), ("Ward", .field("ward")),
        ])

    static func writeASB(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.15, typo: 0.02, variant: 0.1, initialOnly: 0.05, keepMiddle: 0, title: 0.3, caseNoise: 0.1)
        var seq = 0
        for e in w.services.events where e.kind == .asb {
            seq += 1
            c.add("ASB-" + String(CivilDate(dayNumber: e.date).year) + "-" + Text.pad(seq, 5))
            c.add(c.date(e.date, "dd/MM/yyyy") + " " + Text.pad(c.rng.int(0, 23), 2) + ":" + Text.pad(c.rng.int(0, 59), 2))
            c.add(PlaceData.asbCategories[Int(e.aux)])
            let (loc, uprn, usrn) = asbLocation(c, e)
            c.add(loc)
            c.add(asbDescription(&c.rng))
            if e.person >= 0 {
                c.add(c.render.name(e.person, ns, at: e.date, &c.rng).full("title forenames surname"))
                c.add(c.rng.chance(0.7) ? "subject" : "perpetrator")
            } else { c.add(""); c.add("") }
            let streetWard = w.streets[Int(usrn >= 0 ? usrn : w.properties[Int(uprn)].street)].ward
            c.add(c.rng.chance(0.8) ? w.wards[Int(streetWard)].name : "")
            c.end(person: e.person, property: uprn, street: usrn)
        }
    }

    // MARK: noise

    static let noise = ExtractSpec(
        name: "noise", system: "noise", kind: "event", title: "Noise Complaints", file: "noise_complaints.csv",
        dialect: Dialect(crlf: true), dateFormats: ["dd/MM/yyyy"], nameFormat: "title forenames surname", key: ["Ref"],
        eventType: "noise",
        columns: [
            ("Ref", .field("record_key")), ("Received", .required("event_date")), ("Complainant", .field("full_name")),
            ("Party", .field("role")), ("Complainant Phone", .field("phone")), ("Complainant Email", .field("email")),
            ("Source Address", .field("address")), ("Source Postcode", .field("postcode")), ("Noise Type", .field("category")),
            ("Time of Day", .ignore), ("Outcome", .field("outcome")),
        ])

    static func writeNoise(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.1, typo: 0.015, variant: 0.05, keepMiddle: 0, native: 0.15, title: 0.6, caseNoise: 0.05)
        let addr = AddressStyle(abbreviate: 0.5, flatVariants: 0.4, includeLocality: 0, includeTown: 0.2, postcodeNoSpace: 0.05,
                                postcodeLower: 0.05, postcodeWrongChar: 0.01, postcodeMissing: 0.2)
        var seq = 0
        for e in w.services.events where e.kind == .noise {
            seq += 1
            c.add("NC/" + Text.pad(seq + 3000, 6))
            c.add(c.date(e.date, "dd/MM/yyyy") + " " + Text.pad(c.rng.int(0, 23), 2) + ":" + Text.pad(c.rng.int(0, 59), 2))
            if e.person >= 0 {
                let q = w.persons[Int(e.person)]
                c.add(c.render.name(e.person, ns, at: e.date, &c.rng).full("title forenames surname"))
                c.add("complainant")
                c.add(q.flags.contains(.hasMobile) && c.rng.chance(0.8) ? c.render.mobile(e.person) : "")
                c.add(q.flags.contains(.hasEmail) && c.rng.chance(0.5) ? c.render.email(e.person) : "")
            } else {
                c.add(c.rng.chance(0.5) ? "Anonymous" : ""); c.add(""); c.add(""); c.add("")
            }
            let a = c.render.address(e.property, addr, &c.rng)
            c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
            c.add(PlaceData.noiseTypes[Int(e.aux)])
            c.add(["Night (23:00-07:00)", "Evening", "Daytime", "Weekend nights"][c.rng.under(4)])
            c.add(["Warning letter", "No further action", "Diary sheets sent", "Abatement notice served", "Noise witnessed"][c.rng.weighted([30, 30, 25, 5, 10])])
            c.end(person: e.person, property: e.property)
        }
    }

    // MARK: pest control

    static let pest = ExtractSpec(
        name: "pest_control", system: "pest_control", kind: "event", title: "Pest Control Jobs", file: "pest_control_jobs.csv",
        dialect: Dialect(policy: .always), dateFormats: ["yyyy-MM-dd"], nameFormat: "title forenames surname",
        key: ["Job Number"], eventType: "pest_control",
        columns: [
            ("Job Number", .field("record_key")), ("Job Date", .required("event_date")), ("Pest", .field("category")),
            ("Customer Name", .field("full_name")),
            ("Customer Type", .values("role", [("Occupier", "customer"), ("Landlord", "landlord"), ("Business", "customer")])),
            ("Address", .field("address")), ("Postcode", .field("postcode")), ("Treatment", .field("outcome")),
            ("Charge", .field("amount")),
        ])

    static func writePest(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.05, typo: 0.015, variant: 0.05, initialOnly: 0.35, keepMiddle: 0, title: 0.9)
        let addr = AddressStyle(abbreviate: 0.5, flatVariants: 0.4, includeLocality: 0.1, includeTown: 0.4, postcodeNoSpace: 0.1,
                                postcodeLower: 0.03, postcodeWrongChar: 0.01)
        var seq = 0
        for e in w.services.events where e.kind == .pest {
            seq += 1
            let p = w.properties[Int(e.property)]
            c.add("PC" + Text.pad(seq * 3 + 10_000, 6))
            c.add(c.date(e.date, "yyyy-MM-dd"))
            c.add(PlaceData.pests[Int(e.aux)])
            var person = e.person
            if p.kind == .shop {
                let b = p.business >= 0 ? w.businesses[Int(p.business)] : nil
                person = b?.ratepayer ?? -1
                if person >= 0 && c.rng.chance(0.5) { c.add(c.render.name(person, ns, at: e.date, &c.rng).full("title forenames surname")) }
                else { c.add(b?.name ?? ""); person = -1 }
                c.add("Business")
            } else if person >= 0 {
                c.add(c.render.name(person, ns, at: e.date, &c.rng).full("title forenames surname"))
                c.add(person == p.landlord ? "Landlord" : "Occupier")
            } else { c.add(""); c.add("Occupier") }
            let a = c.render.address(e.property, addr, &c.rng)
            c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
            c.add(["Treated", "Treated - follow up booked", "No access", "Advice given", "Proofing recommended"][c.rng.weighted([50, 20, 10, 12, 8])])
            c.add(p.tenure == .social || w.households.isEmpty ? "0.00" : Text.money(pence: [0, 6500, 9500, 12000][c.rng.under(4)]))
            c.end(person: person, property: e.property)
        }
    }

    // MARK: fixed penalty notices

    static let fpn = ExtractSpec(
        name: "fpn", system: "fpn", kind: "event", title: "Fixed Penalty Notices", file: "fixed_penalty_notices.csv",
        dialect: Dialect(), dateFormats: ["dd-MMM-yy", "dd/MM/yyyy"], key: ["FPN No"], eventType: "fpn",
        columns: [
            ("FPN No", .field("record_key")), ("Issue Date", .required("event_date")), ("Offence", .field("category")),
            ("Offence Location", .field("location")), ("Offender Surname", .field("surname")),
            ("Offender Forenames", .field("given_name")), ("Offender DOB", .field("dob")), ("Offender Address", .field("address")),
            ("Offender Postcode", .field("postcode")), ("Amount", .field("amount")),
            ("Paid", .values("status", [("Y", "paid"), ("N", "unpaid"), ("Court", "prosecuted")])), ("Role", .field("role")),
        ])

    static func writeFPN(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(nickname: 0.2, typo: 0.03, variant: 0.1, keepMiddle: 0.2, swap: 0.02, title: 0, caseNoise: 0.2, spaceNoise: 0.02)
        let addr = AddressStyle(abbreviate: 0.6, flatVariants: 0.5, includeLocality: 0.1, includeTown: 0.3, postcodeNoSpace: 0.2,
                                postcodeLower: 0.1, postcodeWrongChar: 0.02, postcodeMissing: 0.05, typo: 0.03)
        var seq = 0
        for e in w.services.events where e.kind == .fpn {
            seq += 1
            c.add("EB" + Text.pad(seq * 7 + 40_000, 7))
            c.add(c.date(e.date, "dd-MMM-yy"))
            let off = PlaceData.fpnOffences[Int(e.aux)]
            c.add(off.0)
            let st = streetName(w, e.street, &c.rng)
            c.add(c.rng.chance(0.4) ? "o/s " + String(c.rng.int(1, 120)) + " " + st : st)
            let n = c.render.name(e.person, ns, at: e.date, &c.rng)
            c.add(n.surname); c.add(n.forenames)
            // Two-digit years: someone born a century before the as-of year reads as a recent date.
            let dob = w.persons[Int(e.person)].dob
            c.add(Renderer.messyDate(dob, c.rng.chance(0.9) ? "dd-MMM-yy" : "dd/MM/yyyy", swap: 0.02, typo: 0.02, missing: 0.1, &c.rng))
            var home: Int32 = -1
            if w.persons[Int(e.person)].externalAddress >= 0 {
                let x = c.render.external(e.person)
                c.add(x.lines.joined(separator: ", ")); c.add(x.postcode)
            } else {
                home = w.home(of: e.person, at: e.date) ?? -1
                // Some give an old address (still on their licence).
                if c.rng.chance(0.12) {
                    let sts = Array(w.stays(ofPerson: e.person))
                    if let first = sts.first, home >= 0 { home = w.occupancies[Int(w.stays[Int(first)].occupancy)].property }
                }
                if home < 0, let last = w.lastStay(of: e.person) { home = w.occupancies[Int(w.stays[Int(last)].occupancy)].property }
                if home >= 0 {
                    let a = c.render.address(home, addr, &c.rng)
                    c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
                } else { c.add(""); c.add("") }
            }
            c.add(Text.money(pence: off.1, pound: true))
            c.add(["Y", "N", "Court"][c.rng.weighted([60, 30, 10])])
            c.add("offender")
            c.end(person: e.person, property: home, street: e.street)
        }
    }

    // MARK: council tax summonses

    static let summons = ExtractSpec(
        name: "ct_summons", system: "ct_summons", kind: "event", title: "Council Tax Summonses", file: "ctax_summonses.csv",
        dialect: Dialect(), dateFormats: ["yyyyMMdd"], nameFormat: "surname forenames", key: ["SUMMONS_NO"],
        eventType: "ct_summons",
        columns: [
            ("SUMMONS_NO", .field("record_key")), ("ACCOUNT_REF", .field("group_key")), ("DEBTOR_NAME", .field("full_name")),
            ("PROPERTY_ADDRESS", .field("address")), ("POSTCODE", .field("postcode")), ("HEARING_DATE", .required("event_date")),
            ("AMOUNT_DUE", .field("amount")), ("COSTS", .ignore), ("ROLE", .field("role")),
        ])

    static func writeSummons(_ c: ExtractContext) {
        let w = c.world
        let ns = NameStyle(upper: true, fold: true, nickname: 0, typo: 0.008, variant: 0, initialOnly: 0.7, keepMiddle: 0.3, title: 0)
        let addr = AddressStyle(upper: true, abbreviate: 0.7, flatVariants: 0.3, includeLocality: 0, includeTown: 0, postcodeNoSpace: 0.3)
        var seq = 0
        for s in w.services.summonses {
            seq += 1
            let a = w.services.ctAccounts[Int(s.account)]
            c.add("S" + Text.pad(seq * 11 + 200_000, 7))
            c.add(String(a.ref))
            let n = c.render.name(s.person, ns, at: s.date, &c.rng)
            c.add([n.surname, n.forenames].filter { !$0.isEmpty }.joined(separator: " "))
            let ad = c.render.address(a.property, addr, &c.rng)
            c.add(ad.lines.joined(separator: " ")); c.add(ad.postcode)
            c.add(c.date(s.date, "yyyyMMdd"))
            c.add(Text.money(pence: s.pence))
            c.add("70.00")
            c.add("liable")
            c.end(person: s.person, property: a.property)
        }
    }

    // MARK: inspections

    static let inspection = ExtractSpec(
        name: "inspection", system: "inspection", kind: "event", title: "Private Sector Housing Inspections",
        file: "property_inspections.csv", dialect: Dialect(), dateFormats: ["dd.MM.yyyy"], key: ["Inspection ID"],
        eventType: "inspection",
        columns: [
            ("Inspection ID", .field("record_key")), ("Visit Date", .required("event_date")), ("UPRN", .field("uprn")),
            ("Address", .field("address")), ("Postcode", .field("postcode")), ("Trigger", .field("category")),
            ("Outcome", .field("outcome")), ("Hazards", .ignore), ("Officer", .ignore),
        ])

    static func writeInspections(_ c: ExtractContext) {
        let w = c.world
        let addr = AddressStyle(abbreviate: 0.3, flatVariants: 0.2, includeLocality: 0, includeTown: 0.2, postcodeNoSpace: 0.02)
        var seq = 0
        for e in w.services.inspections {
            seq += 1
            c.add("INS" + Text.pad(seq * 5 + 7000, 6))
            c.add(c.date(e.date, "dd.MM.yyyy"))
            c.add(c.rng.chance(0.6) ? String(w.properties[Int(e.property)].uprn) : "")
            let a = c.render.address(e.property, addr, &c.rng)
            c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
            c.add(e.style == 0 ? ["Complaint - ASB", "Complaint - noise", "Complaint - disrepair", "Referral - pest control"][c.rng.under(4)]
                  : ["Proactive - licensing", "Proactive - street survey", "Licence application"][c.rng.under(3)])
            let outcomes = ["HMO found", "No HMO", "No access", "Hazards found"]
            c.add(outcomes[Int(e.aux)])
            let hazards = ["Damp and mould", "Fire safety", "Excess cold", "Crowding and space", "Electrical hazards", "Falls on stairs"]
            if e.aux == 0 || e.aux == 3 {
                var hs: [String] = []
                for h in hazards where c.rng.chance(0.3) { hs.append(h) }
                c.add(hs.joined(separator: "; "))
            } else { c.add("") }
            c.add(["EHO1", "EHO2", "EHO3", "EHO4"][c.rng.under(4)])
            c.end(property: e.property)
        }
    }

    // MARK: licences

    static let hmoLicence = ExtractSpec(
        name: "hmo_licence", system: "hmo_licence", kind: "licence", title: "HMO Licence Register",
        file: "hmo_licence_register.csv", dialect: Dialect(crlf: true), dateFormats: ["dd/MM/yyyy"],
        nameFormat: "title forenames surname", key: ["Licence No"],
        columns: [
            ("Licence No", .required("licence_number")), ("Licence Type", .field("category")),
            ("Property Address", .field("address")), ("Postcode", .field("postcode")), ("Licence Holder", .field("full_name")),
            ("Holder Type", .values("role", [("Landlord", "landlord"), ("Owner", "landlord")])),
            ("Holder Address", .field("correspondence_address")), ("Holder Postcode", .field("correspondence_postcode")),
            ("Issue Date", .field("start_date")), ("Expiry Date", .field("end_date")), ("Max Occupiers", .field("max_occupants")),
            ("Households", .ignore), ("Status", .field("status")),
        ])

    static let selectiveLicence = ExtractSpec(
        name: "selective_licence", system: "selective_licence", kind: "licence", title: "Selective Licensing Register",
        file: "selective_licences.csv", dialect: Dialect(delimiter: UInt8(ascii: ";"), policy: .always),
        dateFormats: ["d/M/yyyy"], nameFormat: "surname, forenames", key: ["licence_ref"],
        columns: [
            ("licence_ref", .required("licence_number")), ("property_address", .field("address")),
            ("property_postcode", .field("postcode")), ("holder_name", .field("full_name")), ("holder_role", .field("role")),
            ("holder_address", .field("correspondence_address")), ("holder_postcode", .field("correspondence_postcode")),
            ("holder_email", .field("email")), ("holder_phone", .field("phone")), ("start", .field("start_date")),
            ("end", .field("end_date")), ("status", .field("status")),
        ])

    static func holderAddress(_ c: ExtractContext, _ holder: Int32, at t: Int32) -> (String, String) {
        let w = c.world
        if w.persons[Int(holder)].externalAddress >= 0 {
            let e = c.render.external(holder)
            return (e.lines.joined(separator: ", "), e.postcode)
        }
        if let home = w.home(of: holder, at: min(t, w.H)) ?? w.lastStay(of: holder).map({ w.occupancies[Int(w.stays[Int($0)].occupancy)].property }) {
            let a = c.render.address(home, AddressStyle(abbreviate: 0.2, flatVariants: 0.2, includeLocality: 0, includeTown: 1), &c.rng)
            return (a.lines.joined(separator: ", "), a.postcode)
        }
        return ("", "")
    }

    static func writeLicences(_ c: ExtractContext, selective: Bool) {
        let w = c.world
        let ns = NameStyle(nickname: 0.04, typo: 0.01, variant: 0.05, initialOnly: selective ? 0 : 0.15, keepMiddle: 0.5, title: 0.9)
        let addr = AddressStyle(abbreviate: 0.2, flatVariants: 0.3, includeLocality: 0, includeTown: 0.5, postcodeNoSpace: 0.02,
                                postcodeWrongChar: 0.003)
        for l in w.services.licences where l.selective == selective {
            let a = c.render.address(l.property, addr, &c.rng)
            let n = c.render.name(l.holder, ns, at: l.start, &c.rng)
            let (ha, hp) = holderAddress(c, l.holder, at: l.start)
            let q = w.persons[Int(l.holder)]
            if !selective {
                c.add(l.number)
                c.add(l.maxOccupants >= 5 ? "Mandatory HMO" : "Additional HMO")
                c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
                c.add(n.full("title forenames surname"))
                c.add(c.rng.chance(0.8) ? "Landlord" : "Owner")
                c.add(ha); c.add(hp)
                c.add(c.date(l.start, "dd/MM/yyyy")); c.add(c.date(l.end, "dd/MM/yyyy"))
                c.add(String(l.maxOccupants)); c.add(String(l.households)); c.add(l.status)
            } else {
                c.add(l.number)
                c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
                var nn = n; nn.title = ""
                c.add(nn.full("surname, forenames"))
                c.add("landlord")
                c.add(ha); c.add(hp)
                c.add(q.flags.contains(.hasEmail) ? c.render.email(l.holder) : "")
                c.add(q.flags.contains(.hasMobile) ? c.render.mobile(l.holder) : "")
                c.add(c.date(l.start, "d/M/yyyy")); c.add(c.date(l.end, "d/M/yyyy"))
                c.add(l.status)
            }
            c.end(person: l.holder, property: l.property)
        }
    }
}
