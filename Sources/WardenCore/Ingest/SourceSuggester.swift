import Foundation
import WardenLinkage

/// Inspects an unknown extract and drafts a manifest entry: the dialect (encoding, delimiter,
/// header, date formats) and, for each column, the canonical field it most likely holds —
/// recognised from its header and from the shape of its values.
public struct SourceSuggestion: Sendable, Codable {
    /// One column's verdict.
    public struct Column: Sendable, Codable {
        public var header: String
        public var field: String?
        /// Why: "header", "values", or both, with the share of values that fit.
        public var evidence: String
        public var samples: [String]
    }
    public var file: String
    public var encoding: String
    public var delimiter: String
    public var header: Bool
    public var dateFormats: [String]
    public var rowsSampled: Int
    public var kind: String
    public var columns: [Column]

    /// The draft as TOML for `sources.toml`, with the evidence as comments.
    public var toml: String {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            .lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        var s = "# Drafted by `warden sources suggest` from \(rowsSampled) rows of \((file as NSString).lastPathComponent). Check every line.\n"
        s += "[[source]]\nname = \"\(String(name))\"\nsystem = \"\(String(name))\"\nkind = \"\(kind)\"\n"
        s += "file = \"\((file as NSString).lastPathComponent)\"\nencoding = \"\(encoding)\"\n"
        s += "delimiter = \"\(delimiter == "\t" ? "\\t" : delimiter)\"\nheader = \(header)\n"
        s += "date_formats = [" + (dateFormats.isEmpty ? "\"dd/MM/yyyy\"" : dateFormats.map { "\"\($0)\"" }.joined(separator: ", ")) + "]\n"
        if kind == "event" { s += "event_type = \"asb\"   # one of: asb, fpn, pest_control, ct_summons, noise, inspection\n" }
        s += "[source.columns]\n"
        for c in columns {
            let key = c.header.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) && !c.header.isEmpty ? c.header : "\"\(c.header.replacingOccurrences(of: "\"", with: "\\\""))\""
            let value = c.field ?? "ignore"
            let samples = c.samples.prefix(3).map { TextSafety.sanitise($0) }.joined(separator: " | ")
            s += "\(key) = \"\(value)\"".padding(toLength: 40, withPad: " ", startingAt: 0) + "  # \(c.evidence); e.g. \(samples)\n"
        }
        return s
    }

    static let headerSynonyms: [(field: CanonicalField, words: [String])] = [
        (.uprn, ["uprn", "uprn_no", "property_uprn"]),
        (.parentUPRN, ["parent_uprn", "parent uprn"]),
        (.usrn, ["usrn"]),
        (.nino, ["nino", "ni_number", "ni number", "national insurance", "nat ins", "ni_no", "nino_number"]),
        (.nhsNumber, ["nhs", "nhs_number", "nhs number", "nhs_no", "nhsnumber"]),
        (.dob, ["dob", "date_of_birth", "date of birth", "birth_date", "birthdate", "d.o.b"]),
        (.dateOfDeath, ["date_of_death", "date of death", "dod", "death_date"]),
        (.title, ["title", "salutation"]),
        (.givenName, ["forename", "forenames", "first_name", "first name", "firstname", "given_name", "given name", "givenname", "christian name"]),
        (.middleNames, ["middle", "middle_name", "middle names", "middle_names", "other names"]),
        (.surname, ["surname", "last_name", "last name", "lastname", "family name", "family_name"]),
        (.fullName, ["name", "full_name", "full name", "fullname", "liable party", "liable_name", "customer name", "holder name", "claimant name"]),
        (.gender, ["gender", "sex"]),
        (.postcode, ["postcode", "post_code", "post code", "pcode", "pc", "zip"]),
        (.email, ["email", "e-mail", "email_address", "email address"]),
        (.mobile, ["mobile", "mobile_no", "mobile number", "mob"]),
        (.phone, ["phone", "telephone", "tel", "tel_no", "phone_number", "contact number"]),
        (.addressLine, ["address1", "address2", "address3", "address4", "address_1", "address_2", "address_3", "addr1", "addr2", "addr3", "address line 1", "address line 2", "address line 3", "line1", "line2", "line3"]),
        (.address, ["address", "full_address", "property address", "property_address", "addr"]),
        (.street, ["street", "street_name", "road"]),
        (.town, ["town", "city", "post town"]),
        (.locality, ["locality", "district", "suburb", "area"]),
        (.ward, ["ward", "ward_name", "ward name"]),
        (.location, ["location", "incident location", "loc"]),
        (.startDate, ["start", "start_date", "start date", "from", "from_date", "issue_date", "issue date", "liability start", "claim start"]),
        (.endDate, ["end", "end_date", "end date", "to", "to_date", "expiry", "expiry_date", "expiry date", "valid to"]),
        (.eventDate, ["date", "event_date", "incident date", "incident_date", "job date", "visit date", "date reported", "offence date"]),
        (.band, ["band", "ctax band", "council tax band"]),
        (.bedrooms, ["bedrooms", "beds", "no_of_bedrooms", "number of bedrooms", "habitable rooms"]),
        (.tenure, ["tenure"]),
        (.amount, ["amount", "value", "balance", "amount_due"]),
        (.rateableValue, ["rateable value", "rateable_value", "rv"]),
        (.easting, ["easting", "x", "x_coordinate"]),
        (.northing, ["northing", "y", "y_coordinate"]),
        (.role, ["role", "relationship", "relation"]),
        (.status, ["status"]),
        (.category, ["category", "type", "incident type", "offence", "pest"]),
        (.outcome, ["outcome", "result"]),
        (.licenceNumber, ["licence", "licence_no", "licence number", "license"]),
        (.businessName, ["business", "business name", "trading name", "ratepayer"]),
    ]

    static let candidateDateFormats = ["dd/MM/yyyy", "yyyy-MM-dd", "MM/dd/yyyy", "dd-MM-yyyy", "dd.MM.yyyy", "dd-MMM-yy", "dd-MMM-yyyy", "d MMM yyyy", "yyyyMMdd", "dd/MM/yy"]

    /// Inspects up to `sampleRows` rows of `path`.
    public static func inspect(path: String, sampleRows: Int = 2000, asOf: CivilDate = CivilDate(year: 2026, month: 10, day: 31)!) throws -> SourceSuggestion {
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file", remedy: "check the path")
        }
        let head = fh.readData(ofLength: 1 << 20)
        try? fh.close()
        guard !head.isEmpty else { throw UserFacingError(file: path, problem: "the file is empty") }
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let encoding: TextEncoding = String(validating: bytes.prefix { $0 != 0 }, as: UTF8.self) != nil || isMostlyValidUTF8(bytes) ? .utf8 : .windows1252
        // Delimiter: the candidate with the most consistent non-zero count across the first lines.
        let lines = bytes.split(separator: 10, maxSplits: 50).prefix(50)
        var best: (UInt8, Double) = (UInt8(ascii: ","), -1)
        for d in [UInt8(ascii: ","), UInt8(ascii: "|"), 9, UInt8(ascii: ";")] {
            let counts = lines.map { l -> Int in
                var n = 0, inQ = false
                for b in l { if b == 34 { inQ.toggle() } else if b == d && !inQ { n += 1 } }
                return n
            }.filter { $0 > 0 }
            guard let mode = Dictionary(grouping: counts, by: { $0 }).max(by: { $0.value.count < $1.value.count }) else { continue }
            let score = Double(mode.value.count) * Double(min(mode.key, 40))
            if score > best.1 { best = (d, score) }
        }
        let dialect = CSVDialect(delimiter: best.0, encoding: encoding)
        let reader = try CSVReader(path: path, dialect: dialect)
        var rows: [[String]] = []
        do {
            try reader.forEachRecord { rec in
                if !(rec.count == 1 && rec.bytes(0).isEmpty) { rows.append(rec.strings) }
                return rows.count <= sampleRows
            }
        } catch let e as CSVError where rows.count > 1 { _ = e }   // a bad row deep in: we have enough to draft
        guard let first = rows.first else { throw UserFacingError(file: path, problem: "no rows") }
        let width = first.count
        // A header is text that does not look like the values under it.
        let looksLikeHeader = first.allSatisfy { !$0.isEmpty && Double($0) == nil } && rows.count > 1
        let headers = looksLikeHeader ? first.map { $0.trimmingCharacters(in: .whitespaces) } : (1...width).map(String.init)
        let body = looksLikeHeader ? Array(rows.dropFirst()) : rows
        let parser = FieldParser(asOf: asOf, dateFormats: [])
        var columns: [Column] = []
        var dateFormatsUsed: [String] = []
        var takenSingle = Set<CanonicalField>()
        for (i, h) in headers.enumerated() {
            let values = body.compactMap { i < $0.count ? FieldParser.clean($0[i]) : nil }
            let samples = Array(values.prefix(3))
            let norm = h.lowercased().replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
            var byHeader: CanonicalField?
            for (f, words) in headerSynonyms where words.contains(where: { $0.replacingOccurrences(of: "_", with: " ") == norm }) { byHeader = f; break }
            if byHeader == nil {
                for (f, words) in headerSynonyms where words.contains(where: { norm.contains($0.replacingOccurrences(of: "_", with: " ")) && $0.count >= 4 }) { byHeader = f; break }
            }
            // Value patterns.
            func share(_ ok: (String) -> Bool) -> Double { values.isEmpty ? 0 : Double(values.filter(ok).count) / Double(values.count) }
            var byValues: (CanonicalField, Double)?
            let checks: [(CanonicalField, (String) -> Bool)] = [
                (.postcode, { UKIdentifiers.normalisePostcode($0) != nil }),
                (.nino, { UKIdentifiers.normaliseNINO($0) != nil }),
                (.nhsNumber, { (try? UKIdentifiers.normaliseNHS($0).get()) != nil }),
                (.email, { if case .value = parser.parse($0, as: .email) { return true }; return false }),
                (.mobile, { FieldParser.normalisePhone($0).map(FieldParser.isMobile) ?? false }),
                (.phone, { FieldParser.normalisePhone($0) != nil }),
                (.uprn, { $0.count >= 8 && $0.count <= 12 && $0.allSatisfy(\.isNumber) }),
                (.gender, { ["m", "f", "male", "female", "u", "x"].contains($0.lowercased()) }),
            ]
            for (f, ok) in checks {
                let s = share(ok)
                if s >= 0.8 { byValues = (f, s); break }
            }
            var dateFormat: String?
            if byValues == nil, !values.isEmpty {
                var bestFormat: (String, Double)?
                for f in candidateDateFormats {
                    let p = FieldParser(asOf: asOf, dateFormats: [f])
                    let s = share { if case .value = p.parse($0, as: .startDate) { return true }; return false }
                    if s >= 0.8, bestFormat == nil || s > bestFormat!.1 { bestFormat = (f, s) }
                }
                if let bf = bestFormat { dateFormat = bf.0; byValues = (.startDate, bf.1) }
            }
            var field = byHeader
            var evidence = byHeader != nil ? "header" : "unrecognised"
            if let (vf, s) = byValues {
                let pct = Int((s * 100).rounded())
                if let bh = byHeader, bh.valueType == vf.valueType || (bh.valueType == .date && vf.valueType == .date) {
                    evidence = "header and \(pct)% of values"
                } else if byHeader == nil || byHeader!.valueType == .text || byHeader!.valueType == .name {
                    // Values are more telling than a vague header ("REF" holding NINOs).
                    if byHeader == nil || vf != .startDate { field = vf; evidence = "\(pct)% of values look like \(vf.rawValue)" }
                } else if let bh = byHeader {
                    evidence = "header says \(bh.rawValue); \(pct)% of values look like \(vf.rawValue)"
                }
            }
            if let df = dateFormat, field?.valueType == .date, !dateFormatsUsed.contains(df) { dateFormatsUsed.append(df) }
            if let f = field, !f.isRepeatable, takenSingle.contains(f) {
                evidence += "; \(f.rawValue) already taken by an earlier column"
                field = nil
            }
            if let f = field { takenSingle.insert(f) }
            columns.append(Column(header: h, field: field?.rawValue, evidence: evidence, samples: samples))
        }
        let fields = Set(columns.compactMap(\.field))
        let kind: SourceKind
        if fields.contains("uprn") && fields.contains("easting") { kind = .gazetteer }
        else if fields.contains("location") || fields.contains("event_date") { kind = .event }
        else if fields.contains("licence_number") { kind = .licence }
        else if fields.contains("rateable_value") || fields.contains("business_name") { kind = .business }
        else { kind = .person }
        return SourceSuggestion(file: path, encoding: encoding.rawValue, delimiter: best.0 == 9 ? "\t" : String(UnicodeScalar(best.0)),
                                header: looksLikeHeader, dateFormats: dateFormatsUsed, rowsSampled: body.count, kind: kind.rawValue, columns: columns)
    }

    /// Whether bytes are UTF-8 apart from a sequence cut at the end of the sample.
    static func isMostlyValidUTF8(_ bytes: [UInt8]) -> Bool {
        for cut in 0..<4 where bytes.count > cut {
            if String(validating: bytes.dropLast(cut), as: UTF8.self) != nil { return true }
        }
        return false
    }
}
