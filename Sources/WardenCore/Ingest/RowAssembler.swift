import WardenLinkage

/// Turns one record of a file into a row of a batch: each mapped field validated and normalised,
/// or the whole row rejected with the reason of the first required field that failed.
///
/// The common cases work on the record's bytes and write into the batch's arena without making
/// a Swift string: text that needs only trimming, dates (written straight out as ISO text) and
/// ASCII lower-casing. Everything else goes through `FieldParser.parseClean`, the one definition
/// of each check, so the fast paths only skip work and never decide anything differently.
struct RowAssembler {
    /// What to do with one column of the file, decided once per file. It holds no references,
    /// so reading it in the per-field loop costs no reference counting.
    struct Rule {
        /// The column maps to a field (not unmapped, not `ignore`).
        var mapped: Bool
        /// Text kept as written once trimmed: the record's bytes may go straight into this batch
        /// column when they need no cleaning (-1: not such a column).
        var plainColumn: Int
        var field: CanonicalField
        var valueType: CanonicalField.ValueType
        var target: RowBuffer.Target
        var required: Bool
        var hasValues: Bool
    }

    let source: SourceDefinition
    let path: String
    let plan: HeaderPlan
    let parser: FieldParser
    let rules: [Rule]
    /// Per column: its own date formats, else the source's.
    let datePatterns: [[DatePattern]]
    /// Unmapped and `ignore`d columns, in header order: kept as extra attributes.
    let keptIndexes: [Int]
    private let scratch = ScratchBytes()

    // The row being assembled.
    private var rejection: (field: String, reason: String)?
    private var issues: [RowBatch.Issue] = []
    private var address: [UInt8] = []
    private var correspondence: [UInt8] = []
    private var phones: [UInt8] = []
    private var mobiles: [UInt8] = []
    private var recordKey: [UInt8] = []
    /// A full name's parts wait until the row's other columns are known.
    private var names: NameParts?
    private var postcodes: [String: FieldOutcome] = [:]
    private var mappedMemo: [[String: Checked]]

    init(source: SourceDefinition, path: String, plan: HeaderPlan, parser: FieldParser) {
        self.source = source
        self.path = path
        self.plan = plan
        self.parser = parser
        rules = plan.columns.map { c in
            guard let c, c.mapping.field != .ignore else {
                return Rule(mapped: false, plainColumn: -1, field: .ignore, valueType: .ignored, target: .none, required: false, hasValues: false)
            }
            var plainColumn = -1
            if c.isPlainText, case .column(let t) = c.target { plainColumn = t }
            return Rule(mapped: true, plainColumn: plainColumn, field: c.mapping.field, valueType: c.mapping.field.valueType,
                        target: c.target, required: c.mapping.required, hasValues: !c.mapping.values.isEmpty)
        }
        datePatterns = plan.columns.map { $0?.datePatterns ?? parser.datePatterns }
        keptIndexes = plan.columns.indices.filter { plan.columns[$0] == nil || plan.columns[$0]!.mapping.field == .ignore }
        mappedMemo = Array(repeating: [:], count: plan.columns.count)
    }

    /// Adds one record to `batch`: as a row, a reject, or a blank line.
    mutating func add(_ rec: CSVReader.Record, to batch: RowBatch) throws {
        if rec.count == 1 && rec.bytes(0).isEmpty && !rec.wasQuoted(0) { batch.blankLines += 1; return }
        batch.rowsRead += 1
        if rec.count != plan.columnCount {
            let reason = "row has \(rec.count) fields but the header has \(plan.columnCount)"
            if source.ragged == .fail {
                throw UserFacingError(file: path, line: rec.line, problem: reason,
                                      remedy: "a delimiter inside an unquoted field, or a truncated line? Fix the file, or set ragged = \"reject\" for source \"\(source.name)\" to load it with such rows rejected")
            }
            batch.rejects.append(.init(line: rec.line, field: nil, reason: "ragged row: " + reason,
                                       countedReason: "ragged row (field count differs from header)", raw: RowBuffer.rawText(rec, dialect: source.dialect)))
            return
        }
        batch.beginRow()
        rejection = nil
        issues.removeAll(keepingCapacity: true)
        address.removeAll(keepingCapacity: true)
        correspondence.removeAll(keepingCapacity: true)
        phones.removeAll(keepingCapacity: true)
        mobiles.removeAll(keepingCapacity: true)
        names = nil

        for i in 0..<rules.count {
            let rule = rules[i]
            guard rule.mapped else { continue }
            let bytes = rec.bytes(i)
            if bytes.isEmpty && !rule.hasValues {
                if rule.required { reject(column: i, "is empty") }
                continue
            }
            if rule.plainColumn >= 0 && FieldParser.isAlreadyClean(bytes) {
                batch.set(rule.plainColumn, bytes: bytes)
                continue
            }
            // A control character (an escape, a bell, a NUL; not a tab or line break, which are
            // white space) is taken out of the value, whatever the field, and the repair is
            // recorded with the original made visible, so an officer can see what the extract held.
            if let shown = FieldParser.controlCharactersShown(bytes) {
                issues.append(.init(line: rec.line, field: columnName(i), value: shown, reason: FieldParser.controlCharacterNote,
                                    repaired: bytes.contains { $0 > 32 && $0 != 0x7F }))
            }
            if rule.hasValues {
                switch checkMapped(column: i, bytes) {
                case .empty:
                    if rule.required { reject(column: i, "is empty") }
                case .checked(let outcome, let raw):
                    apply(outcome, raw: raw, column: i, line: rec.line, batch: batch)
                }
                continue
            }
            scratch.reserve(bytes.count)
            let n = FieldParser.clean(bytes: bytes, into: scratch.base)
            guard n > 0 else {
                if rule.required { reject(column: i, "is empty") }
                continue
            }
            let cleaned = UnsafeBufferPointer(start: scratch.base, count: n)
            switch (rule.valueType, rule.target) {
            case (.text, .column(let t)), (.name, .column(let t)):
                batch.set(t, bytes: cleaned)
            case (.text, .addressLine), (.text, .address), (.text, .correspondence):
                join(cleaned, into: rule.target)
            case (.lowerText, .column(let t)) where !cleaned.contains(where: { $0 >= 0x80 }):
                batch.setLowercasedASCII(t, bytes: cleaned)
            case (.date, .column(let t)):
                switch parser.checkDate(cleaned, field: rule.field, patterns: datePatterns[i]) {
                case .date(let d):
                    batch.set(t, date: d)
                case .repaired(let d):
                    batch.set(t, date: d)
                    issues.append(.init(line: rec.line, field: columnName(i), value: String(decoding: cleaned, as: UTF8.self),
                                        reason: FieldParser.swappedDateNote, repaired: true))
                case .invalid(let reason):
                    apply(.invalid(reason), raw: String(decoding: cleaned, as: UTF8.self), column: i, line: rec.line, batch: batch)
                }
            case (.postcode, _):
                let raw = String(decoding: cleaned, as: UTF8.self)
                apply(checkPostcode(raw), raw: raw, column: i, line: rec.line, batch: batch)
            default:
                let raw = String(decoding: cleaned, as: UTF8.self)
                apply(parser.parseClean(raw, as: rule.field, patterns: datePatterns[i]), raw: raw, column: i, line: rec.line, batch: batch)
            }
        }
        if let rejection {
            batch.abandonRow()
            batch.rejects.append(.init(line: rec.line, field: rejection.field, reason: rejection.reason,
                                       countedReason: rejection.reason, raw: RowBuffer.rawText(rec, dialect: source.dialect)))
            return
        }
        // Separate name columns, when a source has them too, win over a split full name.
        if let p = names {
            let (titleI, givenI, middleI, surnameI) = RowBuffer.nameIndexes
            if !batch.isSet(titleI), let v = p.title { batch.set(titleI, v) }
            if !batch.isSet(givenI), let v = p.given { batch.set(givenI, v) }
            if !batch.isSet(middleI), let v = p.middle { batch.set(middleI, v) }
            if !batch.isSet(surnameI), let v = p.surname { batch.set(surnameI, v) }
        }
        if !address.isEmpty { address.withUnsafeBufferPointer { batch.set(RowBuffer.addressIndex, bytes: $0) } }
        if !correspondence.isEmpty { correspondence.withUnsafeBufferPointer { batch.set(RowBuffer.corrIndex, bytes: $0) } }
        if !phones.isEmpty { phones.withUnsafeBufferPointer { batch.set(RowBuffer.phoneIndex, bytes: $0) } }
        if !mobiles.isEmpty { mobiles.withUnsafeBufferPointer { batch.set(RowBuffer.mobileIndex, bytes: $0) } }
        if !batch.isSet(RowBuffer.recordKeyIndex) {
            if plan.keyIndexes.isEmpty {
                batch.set(RowBuffer.recordKeyIndex, String(rec.line))
            } else {
                // The key columns, cleaned, joined by "/".
                recordKey.removeAll(keepingCapacity: true)
                for (k, i) in plan.keyIndexes.enumerated() {
                    if k > 0 { recordKey.append(UInt8(ascii: "/")) }
                    let bytes = rec.bytes(i)
                    scratch.reserve(bytes.count)
                    recordKey.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: FieldParser.clean(bytes: bytes, into: scratch.base)))
                }
                recordKey.withUnsafeBufferPointer { batch.set(RowBuffer.recordKeyIndex, bytes: $0) }
            }
        }
        // Unmapped and ignored columns: kept, in header order, separated by U+001F; the load
        // row names them (`load.extra_layout`).
        if !keptIndexes.isEmpty, keptIndexes.contains(where: { !rec.bytes($0).isEmpty }) {
            batch.setJoined(RowBuffer.columns.count, count: keptIndexes.count, separator: 0x1F) { rec.bytes(keptIndexes[$0]) }
        }
        batch.commitRow(line: rec.line)
        batch.issues.append(contentsOf: issues)
    }

    /// What checking the text of a field gave.
    enum Checked {
        /// Nothing left once cleaned.
        case empty
        /// The outcome, and the text it was checked as (kept with an issue).
        case checked(FieldOutcome, raw: String)
    }

    /// A field the manifest maps through `values` (raw values compared cleaned and
    /// case-insensitively; an unmapped value is kept as written), checked by `FieldParser`.
    /// Remembered per distinct text: such columns hold a handful of codes.
    private mutating func checkMapped(column i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Checked {
        let text = String(decoding: bytes, as: UTF8.self)
        if let known = mappedMemo[i][text] { return known }
        let result: Checked
        var cleaned = FieldParser.clean(text)
        if let mapped = plan.columns[i]!.mapping.values[(cleaned ?? "").lowercased()] { cleaned = FieldParser.clean(mapped) }
        if let raw = cleaned {
            result = .checked(parser.parseClean(raw, as: rules[i].field, patterns: datePatterns[i]), raw: raw)
        } else {
            result = .empty
        }
        if mappedMemo[i].count >= 10_000 { mappedMemo[i].removeAll(keepingCapacity: true) }
        mappedMemo[i][text] = result
        return result
    }

    /// A postcode checked by `FieldParser`, remembered: the same few thousand postcodes recur
    /// on every row of a borough, and checking one makes several strings.
    private mutating func checkPostcode(_ raw: String) -> FieldOutcome {
        if let known = postcodes[raw] { return known }
        let outcome = parser.parseClean(raw, as: .postcode)
        if postcodes.count >= 100_000 { postcodes.removeAll(keepingCapacity: true) }
        postcodes[raw] = outcome
        return outcome
    }

    /// The column's name as the manifest writes it (for rejects and issues).
    private func columnName(_ i: Int) -> String { plan.columns[i]!.mapping.column }

    /// Rejects the row for a required field, unless an earlier field already did.
    private mutating func reject(column i: Int, _ problem: String) {
        guard rejection == nil else { return }
        rejection = (columnName(i), "required \(rules[i].field.rawValue) \(problem)")
    }

    /// Records what checking a field found, and places its value.
    private mutating func apply(_ outcome: FieldOutcome, raw: String, column i: Int, line: Int, batch: RowBatch) {
        let rule = rules[i]
        switch outcome {
        case .value(let v):
            guard let v else {
                if rule.required { reject(column: i, "is empty") }
                return
            }
            place(v, rule: rule, batch: batch)
        case .repaired(let v, let note):
            issues.append(.init(line: line, field: columnName(i), value: raw, reason: note, repaired: true))
            place(v, rule: rule, batch: batch)
        case .invalid(let reason):
            if rule.required {
                reject(column: i, reason)
            } else {
                issues.append(.init(line: line, field: columnName(i), value: raw, reason: reason, repaired: false))
                if rule.field == .postcode { batch.set(RowBuffer.postcodeRawIndex, raw.uppercased()) }
            }
        }
    }

    /// Adds a part to a joined value: address lines follow each other, an `address` column
    /// comes before them, all separated by ", ".
    private mutating func join(_ part: UnsafeBufferPointer<UInt8>, into target: RowBuffer.Target) {
        switch target {
        case .addressLine:
            if !address.isEmpty { address.append(contentsOf: ", ".utf8) }
            address.append(contentsOf: part)
        case .address:
            address.insert(contentsOf: address.isEmpty ? Array(part) : Array(part) + Array(", ".utf8), at: 0)
        case .correspondence:
            if !correspondence.isEmpty { correspondence.append(contentsOf: ", ".utf8) }
            correspondence.append(contentsOf: part)
        default:
            preconditionFailure("not a joined field")
        }
    }

    /// Puts a checked value where its field goes: a column, or a part of a joined value.
    private mutating func place(_ value: String, rule: Rule, batch: RowBatch) {
        switch rule.target {
        case .column(let t): batch.set(t, value)
        case .addressLine, .address, .correspondence:
            var value = value
            value.withUTF8 { join($0, into: rule.target) }
        case .phone:
            if FieldParser.isMobile(value) {
                if !mobiles.isEmpty { mobiles.append(UInt8(ascii: ";")) }
                mobiles.append(contentsOf: value.utf8)
            } else {
                if !phones.isEmpty { phones.append(UInt8(ascii: ";")) }
                phones.append(contentsOf: value.utf8)
            }
        case .fullName(let fi):
            batch.set(fi, value)
            names = NameParts.split(clean: value, format: source.nameFormat)
        case .none: break
        }
    }
}

/// A reusable byte buffer for cleaned values, grown as needed and never shrunk.
final class ScratchBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `count` bytes (the contents are not kept).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, capacity * 2)
        base = .allocate(capacity: capacity)
    }
}
