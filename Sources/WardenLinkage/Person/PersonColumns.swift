/// What a column of an arbitrary file holds, for `warden link-files --columns`.
public enum PersonColumnRole: String, CaseIterable, Sendable {
    case givenName = "given"
    case middleNames = "middle"
    case surname = "surname"
    case fullName = "name"
    case dateOfBirth = "dob"
    case sex = "sex"
    /// A title (Mr, Mrs, Miss, Dr): the sex where no sex column says, and Miss or Mrs compared.
    case title = "title"
    case nino = "nino"
    case nhsNumber = "nhs"
    case phone = "phone"
    case email = "email"
    case uprn = "uprn"
    case address = "address"
    case streetNumber = "number"
    case locality = "locality"
    case town = "town"
    case postcode = "postcode"
    case idNumber = "id"
    /// Which source system or list a row comes from, when one file holds several (records of
    /// one source are compared too, but the engine learns how often a source repeats a person).
    case source = "source"
    /// Rows sharing a value are known to be different people (the members of one claim or
    /// household): never linked to each other.
    case group = "group"

    /// Other names accepted for a role in `--columns` (compared without case, spaces, `_` or `-`).
    static let aliases: [String: PersonColumnRole] = [
        "first": .givenName, "forename": .givenName, "forenames": .givenName, "firstname": .givenName, "givenname": .givenName,
        "middlename": .middleNames, "middlenames": .middleNames,
        "last": .surname, "lastname": .surname, "family": .surname, "familyname": .surname,
        "full": .fullName, "fullname": .fullName,
        "birth": .dateOfBirth, "dateofbirth": .dateOfBirth, "birthdate": .dateOfBirth,
        "gender": .sex, "salutation": .title, "honorific": .title, "ni": .nino, "nationalinsurance": .nino, "nhsnumber": .nhsNumber,
        "telephone": .phone, "tel": .phone, "mobile": .phone,
        "street": .address, "addressline": .address, "lines": .address, "address1": .address, "address2": .address,
        "streetnumber": .streetNumber, "housenumber": .streetNumber, "house": .streetNumber,
        "suburb": .locality, "district": .locality, "city": .town, "posttown": .town, "state": .town,
        "zip": .postcode, "zipcode": .postcode, "postalcode": .postcode,
        "idnumber": .idNumber, "identifier": .idNumber, "ssn": .idNumber, "socsec": .idNumber, "socsecid": .idNumber,
        "system": .source, "dataset": .source, "household": .group, "claim": .group,
    ]

    /// A role or alias folded for comparison: lower case, letters and digits only.
    static func fold(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    static func named(_ s: String) -> PersonColumnRole? {
        let k = fold(s)
        return PersonColumnRole(rawValue: k) ?? aliases[k]
    }

    /// The closest role name or alias to a mistyped one ("surnmae" → "surname").
    static func suggestion(for s: String) -> String? {
        let k = fold(s)
        guard !k.isEmpty else { return nil }
        var best: (String, Int)?
        for c in allCases.map(\.rawValue) + aliases.keys.sorted() {
            let d = StringMetrics.damerauLevenshtein(k, c)
            if d <= max(1, min(3, k.count / 3)), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Header names recognised for each role when `--columns` is not given (folded as `fold`):
    /// FEBRL (`given_name`, `surname`, `street_number`, `address_1`, `suburb`, `date_of_birth`,
    /// `soc_sec_id`), Splink-style (`first_name`, `dob`, `city`, `email`) and council exports.
    static let headerNames: [(PersonColumnRole, [String])] = [
        (.givenName, ["givenname", "firstname", "forename", "forenames", "first", "fname", "christianname", "given", "legalforename"]),
        (.middleNames, ["middlename", "middlenames", "middle", "othernames", "secondname", "middleinitial"]),
        (.surname, ["surname", "lastname", "familyname", "last", "lname", "sname", "family", "legalsurname"]),
        (.fullName, ["name", "fullname", "personname", "customername", "holdername", "claimantname", "liablename", "liableparty", "clientname"]),
        (.dateOfBirth, ["dob", "dateofbirth", "birthdate", "birthday", "bdate", "born", "dateofbirthddmmyyyy"]),
        (.sex, ["sex", "gender"]),
        (.title, ["title", "salutation", "honorific", "nametitle"]),
        (.nino, ["nino", "ninumber", "nationalinsurance", "nationalinsurancenumber", "nino_number", "nationalinsuranceno", "nino1"]),
        (.nhsNumber, ["nhs", "nhsnumber", "nhsno"]),
        (.phone, ["phone", "telephone", "tel", "phonenumber", "telno", "mobile", "mobilenumber", "contactnumber", "contactphone", "telephonenumber"]),
        (.email, ["email", "emailaddress", "contactemail"]),
        (.uprn, ["uprn", "propertyuprn"]),
        (.address, ["address", "address1", "address2", "address3", "address4", "address5", "addressline1", "addressline2", "addressline3",
                    "addressline4", "addr1", "addr2", "addr3", "line1", "line2", "line3", "street", "streetname", "streetaddress",
                    "fulladdress", "addr", "residentialaddress", "homeaddress"]),
        (.streetNumber, ["streetnumber", "housenumber", "buildingnumber", "houseno", "streetno", "number", "housenum", "streetnum"]),
        (.locality, ["locality", "suburb", "district", "area", "neighbourhood", "neighborhood", "village"]),
        (.town, ["town", "city", "posttown", "towncity", "county", "state"]),
        (.postcode, ["postcode", "postalcode", "zip", "zipcode", "pcode", "postcodelocator", "post"]),
        (.idNumber, ["socsecid", "ssn", "socialsecuritynumber", "nationalid", "idnumber", "passportnumber", "personnumber"]),
        (.source, ["sourcedataset", "sourcesystem", "source", "dataset"]),
    ]

    /// Header names of a row's own id (carried into the output, never compared).
    static let recordIdNames = ["recid", "id", "uniqueid", "recordid", "rowid", "personid", "ref", "reference", "recordkey", "key", "urn"]

    /// Header names of ground truth in benchmark files: never used as evidence.
    static let truthNames: Set<String> = ["cluster", "clusterid", "trueid", "truematchid", "matchid", "entityid", "goldid", "groundtruth", "label"]
}

/// A problem with a column mapping, worded for the person who typed it.
public struct PersonColumnError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Maps the columns of a file to person fields: "given=first_name,surname=last_name,
/// dob=date_of_birth,address=address_1+address_2,postcode=postcode,id=ssn".
/// A role may take several columns joined by "+" (address lines are joined with ", ").
public struct PersonColumnMapping: Sendable {
    /// Role → column positions in the header.
    public let columns: [PersonColumnRole: [Int]]

    /// Parses a mapping against a file's header. Column names match exactly, then ignoring
    /// case and surrounding spaces. `file` names the file in error messages.
    public init(parsing spec: String, header: [String], file: String? = nil) throws {
        let clean = header.map { $0.trimmedSpaces.lowercased() }
        let columnList = header.map { $0.trimmedSpaces }.joined(separator: ", ")
        var cols: [PersonColumnRole: [Int]] = [:]
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmedSpaces }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw PersonColumnError(description: "--columns: '\(item)' is not role=column (for example given=first_name)")
            }
            guard let role = PersonColumnRole.named(parts[0]) else {
                var message = "--columns: unknown role '\(parts[0])'"
                if let s = PersonColumnRole.suggestion(for: parts[0]) { message += " (did you mean '\(s)'?)" }
                message += "; roles are " + PersonColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw PersonColumnError(description: message)
            }
            var idx: [Int] = []
            for name in parts[1].split(separator: "+").map({ String($0).trimmedSpaces }) {
                if let k = header.firstIndex(of: name) ?? clean.firstIndex(of: name.lowercased()) {
                    idx.append(k)
                } else {
                    let inFile = file.map { " \($0)" } ?? ""
                    throw PersonColumnError(description: "--columns: the file\(inFile) has no column '\(name)' (for \(role.rawValue)); its columns are " + columnList)
                }
            }
            cols[role, default: []].append(contentsOf: idx)
        }
        let names: Set<PersonColumnRole> = [.givenName, .surname, .fullName]
        if cols.keys.allSatisfy({ !names.contains($0) }) {
            throw PersonColumnError(description: "--columns: map at least one name column (given, surname or name)")
        }
        columns = cols
    }

    /// A mapping from role to column positions (for callers that build it themselves).
    public init(columns: [PersonColumnRole: [Int]]) { self.columns = columns }

    /// What `recognising(header:)` found.
    public struct Recognised: Sendable {
        public let mapping: PersonColumnMapping
        /// The column that holds each row's own id, if the header names one.
        public let idColumn: Int?
        /// Columns left out, with why ("cluster: ground truth, not used").
        public let ignored: [String]
        /// The mapping written as a `--columns` value, to show and to edit.
        public let spec: String
    }

    /// Recognises the columns of a file from its header alone: FEBRL, Splink-style and common
    /// council exports. Throws when no name column is recognised (then `--columns` is needed).
    public static func recognising(header: [String], file: String? = nil) throws -> Recognised {
        var cols: [PersonColumnRole: [Int]] = [:]
        var idColumn: Int?
        var ignored: [String] = []
        let folded = header.map { PersonColumnRole.fold($0) }
        // Pass 1: exact header names (with trailing digits for repeated address lines).
        for (k, f) in folded.enumerated() {
            if f.isEmpty { ignored.append("column \(k + 1): no name"); continue }
            if PersonColumnRole.truthNames.contains(f) { ignored.append("\(header[k].trimmedSpaces): looks like ground truth, not used"); continue }
            if idColumn == nil && PersonColumnRole.recordIdNames.contains(f) { idColumn = k; continue }
            var role: PersonColumnRole?
            for (r, names) in PersonColumnRole.headerNames where names.contains(f) { role = r; break }
            if role == nil {
                // "address_line_1", "Address 2", "forename1": strip trailing digits and retry
                let stem = String(f.reversed().drop(while: { $0.isNumber }).reversed())
                if stem != f { for (r, names) in PersonColumnRole.headerNames where names.contains(stem) { role = r; break } }
            }
            guard let r = role else { ignored.append("\(header[k].trimmedSpaces): not recognised"); continue }
            // one column per single-valued role; a second "town" (state after city) is left out
            if r != .address, let existing = cols[r], !existing.isEmpty {
                ignored.append("\(header[k].trimmedSpaces): \(r.rawValue) already taken by \(header[existing[0]].trimmedSpaces)")
                continue
            }
            cols[r, default: []].append(k)
        }
        if idColumn == nil {
            // "rec_id", "person_ref", "customer_id": a column ending in id/ref that is not a known role
            for (k, f) in folded.enumerated() where (f.hasSuffix("id") || f.hasSuffix("ref")) && f.count <= 12 {
                if cols.values.contains(where: { $0.contains(k) }) || PersonColumnRole.truthNames.contains(f) { continue }
                idColumn = k
                ignored.removeAll { $0.hasPrefix(header[k].trimmedSpaces + ":") }
                break
            }
        }
        let names: Set<PersonColumnRole> = [.givenName, .surname, .fullName]
        guard cols.keys.contains(where: { names.contains($0) }) else {
            let inFile = file.map { " of \($0)" } ?? ""
            throw PersonColumnError(description: "no name column recognised in the header\(inFile) (" + header.map { $0.trimmedSpaces }.joined(separator: ", ") +
                                    "); say which columns hold what with --columns 'given=…,surname=…,dob=…'")
        }
        let spec = PersonColumnRole.allCases.compactMap { r -> String? in
            guard let idx = cols[r] else { return nil }
            return r.rawValue + "=" + idx.map { header[$0].trimmedSpaces }.joined(separator: "+")
        }.joined(separator: ",")
        return Recognised(mapping: PersonColumnMapping(columns: cols), idColumn: idColumn, ignored: ignored, spec: spec)
    }

    /// The raw value of a role's columns in a row (several columns joined), or nil when empty.
    public func value(_ r: PersonColumnRole, row: [String], separator: String = " ") -> String? {
        guard let idx = columns[r] else { return nil }
        let parts = idx.compactMap { $0 < row.count ? row[$0].trimmedSpaces : nil }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: separator)
    }

    /// The person record of one row. Empty cells are missing; a date that cannot be read is
    /// missing (count them with `unreadableDate`). The `source` and `group` roles are the
    /// caller's to turn into `dataset` and `distinctGroup` (they need numbering across rows);
    /// `group` is used as given.
    public func record(index: Int, dataset: Int = 0, row: [String]) -> PersonRecord {
        func value(_ r: PersonColumnRole, separator: String = " ") -> String? { self.value(r, row: row, separator: separator) }
        var p = PersonRecord(index: index, dataset: dataset)
        p.givenName = value(.givenName)
        p.middleNames = value(.middleNames)
        p.surname = value(.surname)
        p.fullName = value(.fullName)
        p.dateOfBirth = value(.dateOfBirth).flatMap { PartialDate(parsing: $0) }
        p.sex = value(.sex).flatMap { PersonSex(parsing: $0) }
        p.title = value(.title)
        p.nino = value(.nino)
        p.nhsNumber = value(.nhsNumber)
        p.phone = value(.phone)
        p.email = value(.email)
        p.uprn = value(.uprn).flatMap { UKIdentifiers.parseUPRN($0) }
        p.address = value(.address, separator: ", ")
        p.streetNumber = value(.streetNumber)
        p.locality = value(.locality)
        p.town = value(.town)
        p.postcode = value(.postcode)
        p.idNumber = value(.idNumber)
        p.distinctGroup = value(.group)
        return p
    }

    /// True when the row has a date-of-birth cell that is not empty but cannot be read.
    public func unreadableDate(row: [String]) -> Bool {
        guard let raw = value(.dateOfBirth, row: row) else { return false }
        return PartialDate(parsing: raw) == nil
    }
}

extension PersonLinkageResult {
    /// Rows for a candidate-pairs CSV: a header, then one row per pair at or above
    /// `threshold` (default: the model's), ordered by probability then keys. `key` turns a
    /// caller index into the file's own record id.
    public func pairRows(threshold: Double? = nil, key: (Int) -> String) -> [[String]] {
        let t = threshold ?? model.threshold
        var rows: [[String]] = [["id_a", "id_b", "probability", "match_weight", "linked", "context", "explanation"]]
        let chosen = pairs.filter { $0.probability >= t }.sorted {
            $0.probability != $1.probability ? $0.probability > $1.probability : ($0.a != $1.a ? $0.a < $1.a : $0.b < $1.b)
        }
        for p in chosen {
            let why = explain(p.a, p.b)?.description ?? ""
            rows.append([key(p.a), key(p.b), String(format6(p.probability)), String(format6(p.matchWeight)),
                         p.linked ? "1" : "0", p.context.label, why])
        }
        return rows
    }
}

private func format6(_ x: Double) -> String {
    let r = (x * 1_000_000).rounded() / 1_000_000
    return String(r)
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
