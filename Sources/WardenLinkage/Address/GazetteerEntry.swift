/// One property of a gazetteer (the borough's LLPG, or any list of addresses with ids).
///
/// Build it from structured LLPG parts when the gazetteer has them, or from one full-address
/// string and a postcode when it does not (`warden match-addresses` on an arbitrary CSV); the
/// index parses the string with the same parser it uses for the records it matches.
public struct GazetteerEntry: Sendable, Hashable {
    /// The property's UPRN (or the row's id in a non-LLPG gazetteer).
    public var uprn: Int64
    /// The UPRN of the building this property is part of (a flat's block), if known.
    public var parentUPRN: Int64?
    /// The street's USRN, if known.
    public var usrn: Int64?
    /// Flat, unit or floor ("FLAT 3", "FIRST FLOOR FLAT", "UNIT 4").
    public var subBuilding: String?
    /// Building or business name ("ASHDOWN HOUSE").
    public var buildingName: String?
    /// Building number ("14", "14B", "12-14").
    public var buildingNumber: String?
    /// Street ("ELM ROAD").
    public var street: String?
    /// Locality ("WALTHAMSTOW").
    public var locality: String?
    /// Post town ("LONDON").
    public var town: String?
    /// Postcode in any spacing or case.
    public var postcode: String?
    /// British National Grid easting in metres, if known.
    public var easting: Double?
    /// British National Grid northing in metres, if known.
    public var northing: Double?
    /// The whole address on one line, when the entry was built from one.
    public var fullAddress: String?

    /// An entry from structured LLPG parts.
    public init(uprn: Int64, parentUPRN: Int64? = nil, usrn: Int64? = nil, subBuilding: String? = nil,
                buildingName: String? = nil, buildingNumber: String? = nil, street: String? = nil,
                locality: String? = nil, town: String? = nil, postcode: String? = nil,
                easting: Double? = nil, northing: Double? = nil) {
        self.uprn = uprn
        self.parentUPRN = parentUPRN
        self.usrn = usrn
        self.subBuilding = subBuilding.flatMap(GazetteerEntry.nonEmpty)
        self.buildingName = buildingName.flatMap(GazetteerEntry.nonEmpty)
        self.buildingNumber = buildingNumber.flatMap(GazetteerEntry.nonEmpty)
        self.street = street.flatMap(GazetteerEntry.nonEmpty)
        self.locality = locality.flatMap(GazetteerEntry.nonEmpty)
        self.town = town.flatMap(GazetteerEntry.nonEmpty)
        self.postcode = postcode.flatMap(GazetteerEntry.nonEmpty)
        self.easting = easting
        self.northing = northing
    }

    /// An entry from a whole address on one line and (optionally) a separate postcode.
    public init(uprn: Int64, fullAddress: String, postcode: String? = nil, parentUPRN: Int64? = nil) {
        self.uprn = uprn
        self.parentUPRN = parentUPRN
        self.fullAddress = fullAddress
        self.postcode = postcode.flatMap(GazetteerEntry.nonEmpty)
    }

    /// True when the entry holds structured parts rather than one line.
    public var isStructured: Bool { fullAddress == nil }

    /// The address as one line, the way an officer would read it.
    public var singleLine: String {
        var parts: [String] = []
        if let fullAddress {
            parts.append(fullAddress.addressTrimmed)
        } else {
            if let subBuilding { parts.append(subBuilding) }
            if let buildingName { parts.append(buildingName) }
            let numberStreet = [buildingNumber, street].compactMap { $0 }.joined(separator: " ")
            if !numberStreet.isEmpty { parts.append(numberStreet) }
            if let locality { parts.append(locality) }
            if let town { parts.append(town) }
        }
        if let postcode, !(fullAddress?.uppercased().contains(postcode.uppercased()) ?? false) {
            parts.append(AddressPostcode.normalise(postcode) ?? postcode)
        }
        return parts.joined(separator: ", ")
    }

    /// Appends `singleLine` as UTF-8, given the entry's postcode already normalised (the
    /// index builds every entry's line, so this avoids the intermediate strings).
    func appendSingleLine(to out: inout [UInt8], normalisedPostcode: String?) {
        if fullAddress != nil {
            out.append(contentsOf: singleLine.utf8)
            return
        }
        var first = true
        func part(_ s: String?) {
            guard let s else { return }
            if !first { out.append(44); out.append(32) }
            out.append(contentsOf: s.utf8)
            first = false
        }
        part(subBuilding)
        part(buildingName)
        if buildingNumber != nil || street != nil {
            if !first { out.append(44); out.append(32) }
            first = false
            if let n = buildingNumber { out.append(contentsOf: n.utf8); if street != nil { out.append(32) } }
            if let st = street { out.append(contentsOf: st.utf8) }
        }
        part(locality)
        part(town)
        if let p = postcode { part(normalisedPostcode ?? p) }
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.addressTrimmed
        return t.isEmpty ? nil : t
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var addressTrimmed: String {
        // Fast path: nothing to trim when the ends are not spaces (ASCII or otherwise).
        if let f = utf8.first, let l = utf8.last, f > 32, f < 128, l > 32, l < 128 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
