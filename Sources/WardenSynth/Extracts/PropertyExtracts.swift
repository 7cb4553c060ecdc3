import WardenLinkage

/// The gazetteer (LLPG), EPC-style attributes, and business rates.
enum PropertyExtracts {
    static let gazetteer = ExtractSpec(
        name: "gazetteer", system: "gazetteer", kind: "gazetteer", title: "Local Land and Property Gazetteer",
        file: "llpg_gazetteer.csv", dialect: Dialect(), key: ["UPRN"],
        columns: [
            ("UPRN", .required("uprn")), ("PARENT_UPRN", .field("parent_uprn")), ("USRN", .field("usrn")),
            ("CLASSIFICATION_CODE", .field("property_class")), ("SAO_TEXT", .field("sub_building")),
            ("PAO_TEXT", .field("building_name")), ("PAO_NUMBER", .field("building_number")),
            ("STREET_DESCRIPTOR", .field("street")), ("LOCALITY", .field("locality")), ("TOWN_NAME", .field("town")),
            ("POSTCODE_LOCATOR", .field("postcode")), ("WARD_CODE", .ignore), ("WARD_NAME", .field("ward")),
            ("X_COORDINATE", .field("easting")), ("Y_COORDINATE", .field("northing")), ("LOGICAL_STATUS", .ignore),
        ])

    static func writeGazetteer(_ c: ExtractContext) {
        let w = c.world
        for (i, p) in w.properties.enumerated() {
            let r = c.render
            c.add(w.uprnString(Int32(i)))
            c.add(p.parent >= 0 ? w.uprnString(p.parent) : "")
            c.add(String(w.streets[Int(p.street)].usrn))
            c.add(p.isHMO && p.hmoLicensed ? ClassCode.codes[Int(ClassCode.hmo)] : ClassCode.codes[Int(p.cls)])
            c.add(r.canonicalSAO(p))
            c.add(p.building >= 0 ? w.buildingNames[Int(p.building)] : "")
            c.add(r.paoNumber(p))
            c.add(w.streets[Int(p.street)].name)
            c.add(w.streets[Int(p.street)].locality)
            c.add(PlaceData.town)
            c.add(w.postcodes[Int(p.postcode)])
            c.add(w.wards[Int(p.ward)].code)
            c.add(w.wards[Int(p.ward)].name)
            c.add(Text.metres(decimetres: Int(p.e)))
            c.add(Text.metres(decimetres: Int(p.n)))
            c.add("1")
            c.writer.endRecord()   // the gazetteer defines UPRNs; it has no truth rows
        }
    }

    // MARK: EPC

    static let epc = ExtractSpec(
        name: "epc", system: "epc", kind: "property", title: "Energy Performance Certificates",
        file: "epc_certificates.csv", dialect: Dialect(), dateFormats: ["yyyy-MM-dd"], key: ["lmk_key"],
        columns: [
            ("lmk_key", .field("record_key")), ("address1", .field("address_line")), ("address2", .field("address_line")),
            ("address3", .field("address_line")), ("postcode", .field("postcode")), ("uprn", .field("uprn")),
            ("property_type", .field("property_type")), ("built_form", .ignore),
            ("tenure", .values("tenure", [("owner-occupied", "owner_occupied"), ("rental (private)", "private_rented"),
                                          ("rental (social)", "social_rented"), ("Owner-occupied", "owner_occupied"),
                                          ("Rented (private)", "private_rented"), ("Rented (social)", "social_rented"),
                                          ("NO DATA!", "")])),
            ("number_habitable_rooms", .ignore), ("number_bedrooms", .field("bedrooms")),
            ("lodgement_date", .field("start_date")), ("current_energy_rating", .ignore),
        ])

    static func writeEPC(_ c: ExtractContext) {
        let w = c.world
        var key: UInt64 = 0x5f3a_91c2
        for (i, p) in w.properties.enumerated() where p.kind.isDwelling {
            guard c.rng.chance(0.45) else { continue }
            let pi = Int32(i)
            let lodged = w.H - Int32(c.rng.int(30, 5000))
            // Tenure at lodgement: may be stale by now.
            var tenure = p.tenure
            if c.rng.chance(0.08) { tenure = [Tenure.owner, .privateRented, .social][c.rng.under(3)] }
            key = key &* 6364136223846793005 &+ 1442695040888963407
            c.add(String(key >> 12, radix: 16))
            let a = c.render.address(pi, AddressStyle(upper: false, abbreviate: 0.1, flatVariants: 0.2, includeLocality: 0, includeTown: 1,
                                                      postcodeNoSpace: 0, postcodeLower: 0, postcodeWrongChar: 0.003), &c.rng)
            var lines = a.lines
            while lines.count > 3 { lines[lines.count - 2] += ", " + lines[lines.count - 1]; lines.removeLast() }
            for k in 0..<3 { c.add(k < lines.count ? lines[k] : "") }
            c.add(a.postcode)
            c.add(c.rng.chance(0.6) ? String(p.uprn) : "")
            let type: String
            switch p.kind {
            case .house: type = "House"
            case .convertedFlat: type = c.rng.chance(0.2) ? "Maisonette" : "Flat"
            default: type = "Flat"
            }
            c.add(type)
            let form: String
            switch p.cls {
            case ClassCode.detached: form = "Detached"
            case ClassCode.semi: form = "Semi-Detached"
            case ClassCode.terraced: form = c.rng.chance(0.8) ? "Mid-Terrace" : "End-Terrace"
            default: form = c.rng.chance(0.5) ? "Mid-Terrace" : "NO DATA!"
            }
            c.add(form)
            let tenureText: String
            switch tenure {
            case .owner: tenureText = c.rng.chance(0.5) ? "owner-occupied" : "Owner-occupied"
            case .privateRented: tenureText = c.rng.chance(0.5) ? "rental (private)" : "Rented (private)"
            case .social: tenureText = c.rng.chance(0.5) ? "rental (social)" : "Rented (social)"
            default: tenureText = "NO DATA!"
            }
            c.add(c.rng.chance(0.04) ? "NO DATA!" : tenureText)
            // HMOs: every bedroom let, so habitable rooms barely exceed bedrooms.
            let habitable = Int(p.bedrooms) + (p.isHMO ? c.rng.int(0, 1) : c.rng.int(1, 2))
            c.add(String(habitable))
            c.add(c.rng.chance(0.1) ? "" : String(p.bedrooms))
            c.add(c.date(lodged, "yyyy-MM-dd"))
            c.add(String(["A", "B", "C", "D", "D", "E", "E", "F", "G"][c.rng.under(9)]))
            c.end(property: pi)
        }
    }

    // MARK: business rates

    static let businessRates = ExtractSpec(
        name: "business_rates", system: "business_rates", kind: "business", title: "Business Rates (NNDR) Ratepayers",
        file: "nndr_ratepayers.csv", dialect: Dialect(), dateFormats: ["dd/MM/yyyy"],
        nameFormat: "title forenames surname", key: ["Property Ref"],
        columns: [
            ("Property Ref", .field("record_key")), ("Ratepayer", .field("full_name")), ("Company", .field("business_name")),
            ("Trading As", .ignore), ("Property Address", .field("address")), ("Postcode", .field("postcode")),
            ("Description", .field("property_type")), ("Rateable Value", .field("rateable_value")),
            ("Liability Start", .field("start_date")),
            ("Relief Type", .values("relief", [("SBRR", "small_business"), ("Small Business Rate Relief", "small_business"),
                                               ("Charity", "charity"), ("None", "")])),
            ("Relief Start", .ignore), ("Correspondence Address", .field("correspondence_address")),
            ("Correspondence Postcode", .field("correspondence_postcode")), ("Role", .field("role")),
        ])

    static func writeBusinessRates(_ c: ExtractContext) {
        let w = c.world
        let nameStyle = NameStyle(upper: true, fold: true, nickname: 0, typo: 0.01, variant: 0.05, initialOnly: 0.5, keepMiddle: 0.1)
        let addrStyle = AddressStyle(upper: true, abbreviate: 0.5, flatVariants: 0.3, includeLocality: 0, includeTown: 0.5,
                                     postcodeNoSpace: 0.05, postcodeWrongChar: 0.005)
        var fraudLines: [(Int, Business)] = []
        for b in w.businesses {
            let p = w.properties[Int(b.property)]
            c.add("NNDR" + Text.pad(Int(p.uprn % 1_000_000), 6))
            if b.ratepayer >= 0 {
                c.add(c.render.name(b.ratepayer, nameStyle, at: b.from, &c.rng).full("title forenames surname"))
                c.add("")
                c.add(Text.upper(b.name))
            } else {
                c.add("")
                c.add(Text.upper(b.company))
                c.add(c.rng.chance(0.4) ? Text.upper(b.name) : "")
            }
            let a = c.render.address(b.property, addrStyle, &c.rng)
            c.add(a.lines.joined(separator: ", "))
            c.add(a.postcode)
            let desc: String
            switch p.cls {
            case ClassCode.cafe: desc = "CAFE AND PREMISES"
            case ClassCode.pub: desc = "PUBLIC HOUSE AND PREMISES"
            case ClassCode.office: desc = "OFFICES AND PREMISES"
            case ClassCode.store: desc = "STORE"
            default: desc = "SHOP AND PREMISES"
            }
            c.add(desc)
            c.add(Text.money(pence: Int(p.rateableValue) * 100, pound: true, grouped: true).replacingSuffix(".00"))
            c.add(c.date(b.from, "dd/MM/yyyy"))
            c.add(b.relief ? (c.rng.chance(0.7) ? "SBRR" : "Small Business Rate Relief") : "None")
            c.add(b.relief ? c.date(min(b.reliefFrom, w.H), "dd/MM/yyyy") : "")
            // Correspondence: the ratepayer's home (in or outside the borough), or the shop.
            var corr = "", corrPC = ""
            if b.ratepayer >= 0 {
                if w.persons[Int(b.ratepayer)].externalAddress >= 0 {
                    let e = c.render.external(b.ratepayer)
                    corr = Text.upper(e.lines.joined(separator: ", ")); corrPC = e.postcode
                } else if let home = w.home(of: b.ratepayer, at: w.H) ?? w.lastStay(of: b.ratepayer).map({ w.occupancies[Int(w.stays[Int($0)].occupancy)].property }) {
                    let e = c.render.address(home, addrStyle, &c.rng)
                    corr = e.lines.joined(separator: ", "); corrPC = e.postcode
                }
            }
            c.add(corr); c.add(corrPC)
            c.add(b.ratepayer >= 0 ? "ratepayer" : "")
            let line = c.end(person: b.ratepayer, property: b.property)
            if b.fraud && b.relief { fraudLines.append((line, b)) }
        }
        for (line, b) in fraudLines {
            let mine = w.businesses.filter { $0.ratepayer == b.ratepayer }
            let relieved = mine.filter(\.relief).map { w.uprnString($0.property) }
            let larger = mine.filter { !$0.relief && w.properties[Int($0.property)].rateableValue >= 2_900 }.map { w.uprnString($0.property) }
            c.plant("business_rates_relief", person: b.ratepayer, property: b.property, line: line,
                    detail: "small business rate relief on \(relieved.count) properties of one ratepayer: \(relieved.joined(separator: " "))"
                        + (larger.isEmpty ? "" : "; \(larger.count) more of £2,900 or more without it: \(larger.joined(separator: " "))"))
        }
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
