/// What a column of an arbitrary file holds, for `warden link-files --columns`.
public enum PersonColumnRole: String, CaseIterable, Sendable {
    case givenName = "given"
    case middleNames = "middle"
    case surname = "surname"
    case fullName = "name"
    case dateOfBirth = "dob"
    case sex = "sex"
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

    /// Other names accepted for a role.
    static let aliases: [String: PersonColumnRole] = [
        "first": .givenName, "forename": .givenName, "firstname": .givenName, "given_name": .givenName,
        "middlename": .middleNames, "middlenames": .middleNames,
        "last": .surname, "lastname": .surname, "family": .surname, "familyname": .surname,
        "full": .fullName, "fullname": .fullName,
        "birth": .dateOfBirth, "dateofbirth": .dateOfBirth, "birthdate": .dateOfBirth,
        "gender": .sex, "ni": .nino, "nationalinsurance": .nino, "nhsnumber": .nhsNumber,
        "telephone": .phone, "tel": .phone, "mobile": .phone,
        "street": .address, "addressline": .address, "lines": .address,
        "streetnumber": .streetNumber, "housenumber": .streetNumber, "house": .streetNumber,
        "suburb": .locality, "district": .locality, "city": .town, "posttown": .town, "state": .town,
        "zip": .postcode, "postalcode": .postcode, "idnumber": .idNumber, "identifier": .idNumber,
        "ssn": .idNumber, "socsec": .idNumber,
    ]

    static func named(_ s: String) -> PersonColumnRole? {
        let k = s.lowercased().filter { $0.isLetter || $0 == "_" }
        return PersonColumnRole(rawValue: k) ?? aliases[k] ?? aliases[k.filter { $0 != "_" }]
    }
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
    /// case and surrounding spaces.
    public init(parsing spec: String, header: [String]) throws {
        let clean = header.map { $0.trimmedSpaces.lowercased() }
        var cols: [PersonColumnRole: [Int]] = [:]
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmedSpaces }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw PersonColumnError(description: "--columns: '\(item)' is not role=column (for example given=first_name)")
            }
            guard let role = PersonColumnRole.named(parts[0]) else {
                throw PersonColumnError(description: "--columns: unknown role '\(parts[0])'; roles are " +
                                        PersonColumnRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var idx: [Int] = []
            for name in parts[1].split(separator: "+").map({ String($0).trimmedSpaces }) {
                if let k = header.firstIndex(of: name) ?? clean.firstIndex(of: name.lowercased()) {
                    idx.append(k)
                } else {
                    throw PersonColumnError(description: "--columns: the file has no column '\(name)' (for \(role.rawValue)); its columns are " +
                                            header.map { $0.trimmedSpaces }.joined(separator: ", "))
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

    /// The person record of one row. Empty cells are missing; a date that cannot be read is
    /// missing (count them with `unreadableDates`).
    public func record(index: Int, dataset: Int = 0, row: [String]) -> PersonRecord {
        func value(_ r: PersonColumnRole, separator: String = " ") -> String? {
            guard let idx = columns[r] else { return nil }
            let parts = idx.compactMap { $0 < row.count ? row[$0].trimmedSpaces : nil }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: separator)
        }
        var p = PersonRecord(index: index, dataset: dataset)
        p.givenName = value(.givenName)
        p.middleNames = value(.middleNames)
        p.surname = value(.surname)
        p.fullName = value(.fullName)
        p.dateOfBirth = value(.dateOfBirth).flatMap { PartialDate(parsing: $0) }
        p.sex = value(.sex).flatMap { PersonSex(parsing: $0) }
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
        return p
    }

    /// True when the row has a date-of-birth cell that is not empty but cannot be read.
    public func unreadableDate(row: [String]) -> Bool {
        guard let idx = columns[.dateOfBirth] else { return false }
        let raw = idx.compactMap { $0 < row.count ? row[$0].trimmedSpaces : nil }.filter { !$0.isEmpty }.joined(separator: " ")
        return !raw.isEmpty && PartialDate(parsing: raw) == nil
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
