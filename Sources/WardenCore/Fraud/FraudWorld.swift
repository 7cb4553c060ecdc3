import Foundation
import GRDB
import GRDBSQLite
import WardenLinkage

/// What the scan reads from the linked warehouse, held compactly in memory: the records of the
/// systems the rules name, with their links, and indexes by property, person and claim.
///
/// Strings that repeat (roles, statuses, names) are interned; dates are day numbers.
struct FraudWorld {
    static let noDay = Int32.min

    struct Source {
        var id: Int64
        var name: String
        var system: String
        var title: String
        var kind: String
    }

    struct Record {
        var id: Int64
        var person: Int64 = 0          // 0: no person
        var uprn: Int64 = 0            // 0: no property
        var group: Int64 = 0           // hash of (source, group_key); 0: none
        var personConfidence: Float = -1   // -1: a record linked to nobody else
        var uprnConfidence: Float = 0
        var line: Int32 = 0
        var start: Int32 = noDay
        var end: Int32 = noDay
        var dob: Int32 = noDay
        var dod: Int32 = noDay
        var source: Int16 = 0
        var role: Int32 = 0            // interned, 0 = none
        var status: Int32 = 0
        var discount: Int32 = 0
        var exemption: Int32 = 0
        var relief: Int32 = 0
        var band: Int32 = 0
        var given: Int32 = 0           // folded first given name
        var surname: Int32 = 0         // folded surname
        var sex: Int8 = 0              // 1 male, 2 female, 0 unknown (from gender or title)
        var amount: Float = 0
        var rateableValue: Float = 0
        var business: Int32 = 0        // folded business name
        var correspondencePostcode: Int32 = 0
        /// The date the person comes of age, from an attainment column.
        var adultFrom: Int32 = noDay
        /// The date the record's discount began, from a discount start column.
        var discountFrom: Int32 = noDay
        /// Hash of (source, record_key): with `group`, a stable identity of the record across reloads.
        var keyHash: Int64 = 0
    }

    struct Person {
        var dob: Int32 = noDay
        var dod: Int32 = noDay
        var sex: Int8 = 0
        var currentUPRN: Int64 = 0
    }

    struct Property {
        var parent: Int64
        var band: Int32
        /// Bedrooms, from the property's latest energy certificate (0: not known).
        var bedrooms: Int16 = 0
    }

    var asOf: CivilDate
    var asOfDay: Int32 { asOf.dayNumber }
    var sources: [Source] = []
    var records: [Record] = []
    var byUPRN = RecordIndex()
    var byPerson = RecordIndex()
    var byGroup = RecordIndex()
    var persons: [Int64: Person] = [:]
    var properties: [Int64: Property] = [:]
    var strings: [String] = [""]
    private var stringIndex: [String: Int32] = ["": 0]
    /// Name comparisons on codes, built when loading ends.
    var names = NameTable(strings: [""])

    init(asOf: CivilDate) { self.asOf = asOf }

    mutating func intern(_ s: String?) -> Int32 {
        guard let s, !s.isEmpty else { return 0 }
        if let i = stringIndex[s] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        stringIndex[s] = i
        return i
    }

    /// The interned id of a string, if any record uses it.
    func code(_ s: String) -> Int32? { stringIndex[s] }

    func string(_ i: Int32) -> String { strings[Int(i)] }

    func system(of r: Record) -> String { sources[Int(r.source)].system }

    /// The source indexes of a system.
    func sourceIndexes(system: String) -> Set<Int16> {
        Set(sources.indices.filter { sources[$0].system == system }.map { Int16($0) })
    }

    // MARK: - Loading

    /// Reads the records of `systems` (and the persons and properties) from the warehouse.
    static func load(_ db: Database, systems: Set<String>, asOf: CivilDate, adultFromColumns: [String: String] = [:],
                     discountFromColumns: [String: String] = [:], progress: ProgressHandler? = nil) throws -> FraudWorld {
        var w = FraudWorld(asOf: asOf)
        let sourceRows = try Row.fetchAll(db, sql: "SELECT id, name, system, title, kind FROM source ORDER BY id")
        var sourceIndex: [Int64: Int16] = [:]
        for r in sourceRows where systems.contains(r["system"] as String) {
            sourceIndex[r["id"]] = Int16(w.sources.count)
            w.sources.append(Source(id: r["id"], name: r["name"], system: r["system"], title: r["title"], kind: r["kind"]))
        }
        progress?("reading properties", 0.02)
        try Raw.each(db, "SELECT uprn, parent_uprn, council_tax_band, bedrooms FROM property") { s in
            w.properties[Raw.int(s, 0)] = Property(parent: Raw.int(s, 1), band: w.intern(Raw.text(s, 2)), bedrooms: Int16(clamping: Raw.int(s, 3)))
        }
        var sexCache: [String: Int8] = [:]
        func sexOf(_ gender: String?, _ title: String?) -> Int8 {
            if gender == nil && title == nil { return 0 }
            let key = (gender ?? "") + "|" + (title ?? "")
            if let v = sexCache[key] { return v }
            let v = sex(gender: gender, title: title)
            sexCache[key] = v
            return v
        }
        progress?("reading people", 0.05)
        try Raw.each(db, "SELECT id, dob, date_of_death, gender, title, current_uprn FROM person") { s in
            w.persons[Raw.int(s, 0)] = Person(dob: Raw.day(s, 1), dod: Raw.day(s, 2), sex: sexOf(Raw.text(s, 3), Raw.text(s, 4)),
                                              currentUPRN: Raw.int(s, 5))
        }
        guard !sourceIndex.isEmpty else { return w }
        // Date columns kept as extra attributes (attainment, discount start): which sources have
        // one, their date formats, and each load's layout.
        var adultColumn: [Int64: (column: String, parser: FieldParser)] = [:]
        var discountColumn: [Int64: (column: String, parser: FieldParser)] = [:]
        for r in sourceRows where sourceIndex[r["id"]] != nil {
            let system = r["system"] as String
            guard adultFromColumns[system] != nil || discountFromColumns[system] != nil else { continue }
            struct Formats: Decodable { var dateFormats: [String]? }
            let json = try String.fetchOne(db, sql: "SELECT definition FROM source WHERE id = ?", arguments: [r["id"] as Int64]) ?? "{}"
            let formats = (try? JSONDecoder().decode(Formats.self, from: Data(json.utf8)))?.dateFormats ?? ["yyyy-MM-dd"]
            let parser = FieldParser(asOf: asOf, dateFormats: formats)
            if let column = adultFromColumns[system] { adultColumn[r["id"]] = (column, parser) }
            if let column = discountFromColumns[system] { discountColumn[r["id"]] = (column, parser) }
        }
        let layouts = Dictionary(try Row.fetchAll(db, sql: "SELECT id, extra_layout FROM load WHERE extra_layout IS NOT NULL").map { ($0["id"] as Int64, $0["extra_layout"] as String) },
                                 uniquingKeysWith: { a, _ in a })
        let ids = sourceIndex.keys.sorted().map(String.init).joined(separator: ",")
        let total = max(1, try Int.fetchOne(db, sql: "SELECT count(*) FROM source_record WHERE source_id IN (\(ids))") ?? 1)
        progress?("reading records", 0.08)
        var firstTokenCache: [String: Int32] = [:], wholeCache: [String: Int32] = [:]
        func folded(_ raw: String?, firstToken: Bool) -> Int32 {
            guard let raw, !raw.isEmpty else { return 0 }
            if let c = firstToken ? firstTokenCache[raw] : wholeCache[raw] { return c }
            // A character the code page could not hold arrives as "?": keep it as a letter that
            // matches any other (names compare with it as a wildcard), not as a word break.
            let tokens = TextFolding.tokens(raw.contains("?") ? raw.replacingOccurrences(of: "?", with: "ʔ") : raw)
            let f = firstToken ? (tokens.first ?? "") : tokens.joined(separator: " ")
            let c = w.intern(f)
            if firstToken { firstTokenCache[raw] = c } else { wholeCache[raw] = c }
            return c
        }
        // Codes of values normalised once per distinct raw text (lower- or upper-cased).
        var lowerCache: [String: Int32] = [:], upperCache: [String: Int32] = [:]
        func lower(_ raw: String?) -> Int32 {
            guard let raw, !raw.isEmpty else { return 0 }
            if let c = lowerCache[raw] { return c }
            let c = w.intern(raw.lowercased()); lowerCache[raw] = c; return c
        }
        func upper(_ raw: String?) -> Int32 {
            guard let raw, !raw.isEmpty else { return 0 }
            if let c = upperCache[raw] { return c }
            let c = w.intern(raw.uppercased().replacingOccurrences(of: " ", with: "")); upperCache[raw] = c; return c
        }
        // A date column kept as an extra attribute: its place in each load's layout found once,
        // only that field cut out of a record's extras, and each distinct text parsed once.
        var fieldIndex: [String: [Int64: Int]] = [:]   // column -> load -> index (-1: not in the layout)
        var parsed: [Int64: [Substring: Int32]] = [:]
        func date(_ extra: String, load: Int64, column: String, parser: FieldParser, source: Int64) -> Int32 {
            let index: Int
            if let i = fieldIndex[column]?[load] { index = i } else {
                index = layouts[load].flatMap { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).firstIndex(of: Substring(column)) } ?? -1
                fieldIndex[column, default: [:]][load] = index
            }
            guard index >= 0, let raw = Self.field(extra, at: index), !raw.isEmpty else { return noDay }
            if let d = parsed[source]?[raw] { return d }
            var d = noDay
            if case .value(let iso?) = parser.parse(String(raw), as: .startDate), let c = CivilDate(iso: iso) { d = c.dayNumber }
            parsed[source, default: [:]][raw] = d
            return d
        }
        var n = 0
        try Raw.each(db, """
            SELECT r.id, r.source_id, r.line, r.role, r.group_key, r.title, r.given_name, r.surname, r.dob, r.date_of_death, r.gender,
                   r.start_date, r.end_date, r.status, r.discount, r.exemption, r.relief, r.band, r.amount, r.rateable_value,
                   rl.person_id, rl.person_confidence, rl.uprn, rl.uprn_confidence, r.business_name, r.correspondence_postcode,
                   r.load_id, r.extra, r.record_key
            FROM source_record r LEFT JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (\(ids))
            ORDER BY r.id
            """) { s in
            let src = sourceIndex[Raw.int(s, 1)]!
            var rec = Record(id: Raw.int(s, 0))
            rec.source = src
            rec.line = Int32(truncatingIfNeeded: Raw.int(s, 2))
            rec.role = lower(Raw.text(s, 3))
            rec.group = Raw.hash(s, 4, source: src)
            let title = Raw.text(s, 5)
            rec.given = folded(Raw.text(s, 6), firstToken: true)
            rec.surname = folded(Raw.text(s, 7), firstToken: false)
            rec.dob = Raw.day(s, 8)
            rec.dod = Raw.day(s, 9)
            rec.sex = sexOf(Raw.text(s, 10), title)
            rec.start = Raw.day(s, 11)
            rec.end = Raw.day(s, 12)
            rec.status = lower(Raw.text(s, 13))
            rec.discount = lower(Raw.text(s, 14))
            rec.exemption = upper(Raw.text(s, 15))
            rec.relief = lower(Raw.text(s, 16))
            rec.band = upper(Raw.text(s, 17))
            rec.amount = Float(Raw.double(s, 18))
            rec.rateableValue = Float(Raw.double(s, 19))
            rec.person = Raw.int(s, 20)
            rec.personConfidence = Raw.isNull(s, 21) ? -1 : Float(Raw.double(s, 21))
            rec.uprn = Raw.int(s, 22)
            rec.uprnConfidence = Float(Raw.double(s, 23))
            rec.business = folded(Raw.text(s, 24), firstToken: false)
            rec.correspondencePostcode = upper(Raw.text(s, 25))
            rec.keyHash = Raw.hash(s, 28, source: src)
            let sourceID = Raw.int(s, 1)
            if let ac = adultColumn[sourceID], let extra = Raw.text(s, 27) {
                rec.adultFrom = date(extra, load: Raw.int(s, 26), column: ac.column, parser: ac.parser, source: sourceID)
            }
            if rec.discount != 0, let dc = discountColumn[sourceID], let extra = Raw.text(s, 27) {
                rec.discountFrom = date(extra, load: Raw.int(s, 26), column: dc.column, parser: dc.parser, source: sourceID)
            }
            w.records.append(rec)
            n += 1
            if n % 100_000 == 0 { progress?("reading records", 0.08 + 0.5 * Double(n) / Double(total)) }
        }
        progress?("indexing records", 0.55)
        w.byUPRN = RecordIndex(keys: w.records.map(\.uprn))
        w.byPerson = RecordIndex(keys: w.records.map(\.person))
        w.byGroup = RecordIndex(keys: w.records.map(\.group))
        w.names = NameTable(strings: w.strings)
        return w
    }

    /// The `index`-th of a record's extra attributes (separated by U+001F, as the ingest stores
    /// them), or nil when it has fewer.
    static func field(_ extra: String, at index: Int) -> Substring? {
        let bytes = extra.utf8
        var k = 0
        var start = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x1F {
                if k == index { return extra[start..<i] }
                k += 1
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        return k == index ? extra[start...] : nil
    }

    static func groupHash(source: Int16, key: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(UInt16(bitPattern: source))) &* 0x0000_0100_0000_01B3
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let v = Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
        return v == 0 ? 1 : v
    }

    /// Sex from a gender code or, failing that, a title.
    static func sex(gender: String?, title: String?) -> Int8 {
        if let g = gender?.uppercased() {
            if g.hasPrefix("M") { return 1 }
            if g.hasPrefix("F") { return 2 }
        }
        switch title?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". ")) {
        case "mr", "sir", "lord": return 1
        case "mrs", "ms", "miss", "dame", "lady": return 2
        default: return 0
        }
    }
}

/// Records by a key (property, person, claim), as one array of record indexes and a range per
/// key: a few million records index without a small array per key.
struct RecordIndex: Sendable {
    private var ranges: [Int64: Range<Int32>] = [:]
    private var items: [Int32] = []

    init() {}

    /// `keys[i]` is record i's key; 0 means none. Records keep their order within a key.
    init(keys: [Int64]) {
        var counts: [Int64: Int32] = [:]
        counts.reserveCapacity(keys.count / 2)
        for k in keys where k != 0 { counts[k, default: 0] += 1 }
        var next: [Int64: Int32] = [:]
        next.reserveCapacity(counts.count)
        ranges.reserveCapacity(counts.count)
        var offset: Int32 = 0
        for (k, c) in counts {
            ranges[k] = offset..<(offset + c)
            next[k] = offset
            offset += c
        }
        items = [Int32](repeating: 0, count: Int(offset))
        for (i, k) in keys.enumerated() where k != 0 {
            let pos = next[k]!
            items[Int(pos)] = Int32(i)
            next[k] = pos + 1
        }
    }

    subscript(_ key: Int64) -> ArraySlice<Int32>? {
        guard let r = ranges[key] else { return nil }
        return items[Int(r.lowerBound)..<Int(r.upperBound)]
    }
}

/// The raw SQLite cursor for the few million rows a scan reads (GRDB rows cost too much here).
enum Raw {
    static func each(_ db: Database, _ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        defer { sqlite3_finalize(stmt) }
        while true {
            let step = sqlite3_step(stmt)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(stmt)
        }
    }

    @inline(__always) static func isNull(_ s: OpaquePointer, _ i: Int32) -> Bool { sqlite3_column_type(s, i) == SQLITE_NULL }
    @inline(__always) static func int(_ s: OpaquePointer, _ i: Int32) -> Int64 { sqlite3_column_int64(s, i) }
    @inline(__always) static func double(_ s: OpaquePointer, _ i: Int32) -> Double { sqlite3_column_double(s, i) }

    static func text(_ s: OpaquePointer, _ i: Int32) -> String? {
        guard let p = sqlite3_column_text(s, i) else { return nil }
        let n = Int(sqlite3_column_bytes(s, i))
        if n == 0 { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// FNV-1a of a text column's bytes with the source, without making a string (0 when null).
    static func hash(_ s: OpaquePointer, _ i: Int32, source: Int16) -> Int64 {
        guard let p = sqlite3_column_text(s, i) else { return 0 }
        let n = Int(sqlite3_column_bytes(s, i))
        if n == 0 { return 0 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(UInt16(bitPattern: source))) &* 0x0000_0100_0000_01B3
        for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3 }
        let v = Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
        return v == 0 ? 1 : v
    }

    /// An ISO date column as a day number (FraudWorld.noDay when null or unreadable).
    static func day(_ s: OpaquePointer, _ i: Int32) -> Int32 {
        guard let p = sqlite3_column_text(s, i), sqlite3_column_bytes(s, i) >= 10 else { return FraudWorld.noDay }
        func d(_ k: Int) -> Int { Int(p[k]) - 48 }
        let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), m = d(5) * 10 + d(6), dd = d(8) * 10 + d(9)
        return CivilDate(year: y, month: m, day: dd)?.dayNumber ?? FraudWorld.noDay
    }
}
