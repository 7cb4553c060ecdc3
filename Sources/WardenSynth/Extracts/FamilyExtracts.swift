import WardenLinkage

/// School roll (pupils and their contacts) and troubled families flags.
enum FamilyExtracts {
    static let schoolRoll = ExtractSpec(
        name: "school_roll", system: "school_roll", kind: "person", title: "School Census (Pupils and Contacts)",
        file: "school_census.csv", dialect: Dialect(), dateFormats: ["dd/MM/yyyy"], key: ["UPN"],
        columns: [
            ("UPN", .field("record_key")), ("Family Ref", .field("group_key")),
            ("Role", .values("role", [("Pupil", "pupil"), ("Contact", "parent")])),
            ("Legal Surname", .field("surname")), ("Legal Forename", .field("given_name")), ("Preferred Forename", .ignore),
            ("DOB", .field("dob")), ("Gender", .field("gender")), ("Address", .field("address")), ("Postcode", .field("postcode")),
            ("School", .ignore), ("NC Year", .ignore), ("Relationship", .ignore), ("Contact Phone", .field("phone")),
            ("Contact Email", .field("email")),
        ])

    static func writeSchoolRoll(_ c: ExtractContext) {
        let w = c.world
        let H = w.H
        let asOf = w.asOf.components
        let sept1 = CivilDate(year: asOf.month >= 9 ? asOf.year : asOf.year - 1, month: 8, day: 31)!.dayNumber
        let pupilStyle = NameStyle(nickname: 0, typo: 0.004, variant: 0.01, keepMiddle: 0, decomposed: 0.08, title: 0)
        let parentStyle = NameStyle(nickname: 0.06, typo: 0.01, variant: 0.05, keepMiddle: 0, maiden: 0.02, shortenDouble: 0.5,
                                    native: 0.3, decomposed: 0.08, title: 0, caseNoise: 0.02)
        let addr = AddressStyle(abbreviate: 0.2, flatVariants: 0.35, includeLocality: 0.2, includeTown: 0.6, postcodeNoSpace: 0.02,
                                postcodeLower: 0.02, postcodeWrongChar: 0.004)
        var family = 0
        var contactSeq = 0
        for pi in 0..<Int32(w.properties.count) where w.properties[Int(pi)].kind.isDwelling {
            for o in w.occupancies(of: pi, at: H) {
                let members = w.members(of: o, at: H)
                var pupils: [Int32] = []
                for m in members {
                    let age = w.age(m, at: sept1)
                    if age >= 4 && age <= 17 && w.isAlive(m, at: H) { pupils.append(m) }
                }
                pupils = pupils.filter { _ in c.rng.chance(0.94) }
                guard !pupils.isEmpty else { continue }
                family += 1
                let fam = "F" + Text.pad(family * 7 + 1000, 6)
                let a = c.render.address(pi, addr, &c.rng)
                let address = a.lines.joined(separator: ", ")
                let school = PlaceData.schools[(Int(w.properties[Int(pi)].ward) + family % 3) % PlaceData.schools.count]
                for k in pupils {
                    let q = w.persons[Int(k)]
                    var upn = "ABCDEFGHJKLMNPQRTUVWXYZ".map { String($0) }[Int(k) % 23]
                    upn += Text.pad(Int((UInt64(k) &* 48271 &+ 12345) % 1_000_000_000_000), 12)
                    c.add(upn); c.add(fam); c.add("Pupil")
                    let n = c.render.name(k, pupilStyle, at: H, &c.rng)
                    c.add(n.surname); c.add(n.given)
                    let pref = NameData.nicknames[w.names[q.given]]
                    c.add(pref != nil && c.rng.chance(0.3) ? pref![0] : "")
                    c.add(Renderer.messyDate(q.dob, "dd/MM/yyyy", swap: 0.004, typo: 0.002, &c.rng))
                    c.add(q.isMale ? "M" : "F")
                    c.add(address); c.add(a.postcode)
                    c.add(school)
                    let year = w.age(k, at: sept1) - 4
                    c.add(year == 0 ? "R" : String(year))
                    c.add(""); c.add(""); c.add("")
                    c.end(person: k, property: pi)
                }
                // Contacts: the adults of the household who look after the children.
                var contacts: [Int32] = []
                for m in members where w.age(m, at: H) >= 18 {
                    guard let st = w.stay(of: m, at: H) else { continue }
                    let role = w.stays[Int(st)].role
                    if role == Role.head || role == Role.partner || (role == Role.relative && contacts.isEmpty) { contacts.append(m) }
                }
                for (i, m) in contacts.prefix(2).enumerated() {
                    let q = w.persons[Int(m)]
                    contactSeq += 1
                    c.add("C" + Text.pad(contactSeq * 13 + 500_000, 7)); c.add(fam); c.add("Contact")
                    let n = c.render.name(m, parentStyle, at: H, &c.rng)
                    c.add(n.surname); c.add(n.given); c.add("")
                    c.add("")
                    c.add(q.isMale ? "M" : "F")
                    c.add(address); c.add(a.postcode)
                    c.add(school); c.add("")
                    let rel = w.stays[Int(w.stay(of: m, at: H)!)].role == Role.relative ? "Grandparent" : (q.isMale ? "Father" : "Mother")
                    c.add(rel)
                    c.add(q.flags.contains(.hasMobile) ? c.render.mobile(m) : c.render.landline(q.household))
                    c.add(q.flags.contains(.hasEmail) && (i == 0 || c.rng.chance(0.5)) ? c.render.email(m) : "")
                    c.end(person: m, property: pi)
                }
            }
        }
    }

    static let troubledFamilies = ExtractSpec(
        name: "troubled_families", system: "troubled_families", kind: "person", title: "Troubled Families Programme Flags",
        file: "troubled_families.csv", dialect: Dialect(), dateFormats: ["yyyy-MM-dd"], key: ["PersonID", "FlagCode"],
        columns: [
            ("FamilyID", .field("group_key")), ("PersonID", .ignore),
            ("FamilyRole", .values("role", [("Parent", "parent"), ("Child", "child"), ("Adult", "occupant")])),
            ("Forename", .field("given_name")), ("Surname", .field("surname")), ("DOB", .field("dob")),
            ("NHSNumber", .field("nhs_number")), ("FlagCode", .field("flag_code")), ("FlagDescription", .field("flag_description")),
            ("FlagDate", .field("start_date")), ("Address", .field("address")), ("Postcode", .field("postcode")),
        ])

    static func writeTroubledFamilies(_ c: ExtractContext) {
        let w = c.world
        let H = w.H
        let ns = NameStyle(fold: false, nickname: 0.03, typo: 0.01, variant: 0.05, keepMiddle: 0, title: 0)
        let addr = AddressStyle(abbreviate: 0.4, flatVariants: 0.3, includeLocality: 0, includeTown: 0, postcodeNoSpace: 0.1,
                                postcodeWrongChar: 0.005)
        var fam = 0
        var personSeq = 0
        for pi in 0..<Int32(w.properties.count) where w.properties[Int(pi)].kind.isDwelling {
            for o in w.occupancies(of: pi, at: H) {
                let hh = w.occupancies[Int(o)].household
                guard w.households[Int(hh)].lowIncome else { continue }
                let members = w.members(of: o, at: H)
                let kids = members.filter { w.age($0, at: H) < 18 }
                guard !kids.isEmpty, c.rng.chance(0.18) else { continue }
                fam += 1
                let famID = "TF" + Text.pad(fam * 3 + 100, 5)
                let a = c.render.address(pi, addr, &c.rng)
                let flagged = members.filter { _ in c.rng.chance(0.7) }
                for m in flagged {
                    personSeq += 1
                    let q = w.persons[Int(m)]
                    let child = w.age(m, at: H) < 18
                    let nFlags = c.rng.int(1, 3)
                    let pool = PlaceData.troubledFlags.filter { f in
                        child ? ["1A", "2A", "2B", "3G", "3H", "3J"].contains(f.code) : !["1A", "2A", "2B", "4B"].contains(f.code)
                    }
                    var used: [Int] = []
                    for _ in 0..<nFlags {
                        let fi = c.rng.under(pool.count)
                        if used.contains(fi) { continue }
                        used.append(fi)
                    }
                    used.sort()
                    // Each specific flag comes with its group's overall flag ("3G" with "3 Social Care Overall Flag").
                    var flags: [(String, String)] = []
                    var groups: [String] = []
                    for fi in used {
                        let f = pool[fi]
                        let g = String(f.code.prefix(1))
                        if !groups.contains(g) { groups.append(g); flags.append((g, PlaceData.troubledGroups[g] ?? "")) }
                        flags.append((f.code, f.text))
                    }
                    let nhsRoll = c.rng.unit()
                    let nhs = nhsRoll < 0.01 ? c.render.badNHS(m) : nhsRoll < 0.08 ? "" : c.render.nhs(m)
                    let n = c.render.name(m, ns, at: H, &c.rng)
                    for f in flags {
                        c.add(famID); c.add("TFP" + Text.pad(personSeq, 6))
                        c.add(child ? "Child" : (w.stays[Int(w.stay(of: m, at: H)!)].role == Role.relative ? "Adult" : "Parent"))
                        c.add(n.given); c.add(n.surname)
                        c.add(Renderer.messyDate(q.dob, "yyyy-MM-dd", swap: 0.005, typo: 0.003, &c.rng))
                        c.add(nhs)
                        c.add(f.0); c.add(f.1)
                        c.add(c.date(max(w.W0, q.dob + 30, H - Int32(c.rng.int(10, 1500))), "yyyy-MM-dd"))
                        c.add(a.lines.joined(separator: ", ")); c.add(a.postcode)
                        c.end(person: m, property: pi)
                    }
                }
            }
        }
    }
}
