import Foundation

/// A block of parsed, validated rows on its way from the parsing thread to the database thread.
///
/// Field values live in one byte arena and each row is a run of (offset, length) slots, so the
/// database thread binds them without building a Swift string per field.
final class RowBatch: @unchecked Sendable {
    struct Reject { var line: Int; var field: String?; var reason: String; var countedReason: String; var raw: String }
    struct Issue { var line: Int; var field: String; var value: String; var reason: String; var repaired: Bool }

    /// Columns per row: the canonical field columns, then `extra`.
    static let width = RowBuffer.columns.count + 1
    static let capacity = 2048

    // One thread owns a batch at a time (handed over through the channel), so the runtime's
    // per-access exclusivity checks on these hot properties are pure cost.
    @exclusivity(unchecked) var arena: [UInt8] = []
    /// `width` pairs per row; a length of -1 is NULL.
    @exclusivity(unchecked) var slots: [Int32] = []
    @exclusivity(unchecked) var lines: [Int] = []
    @exclusivity(unchecked) var rejects: [Reject] = []
    @exclusivity(unchecked) var issues: [Issue] = []
    /// Bit `c` is set when some row of the batch has a value in column `c`: the writer binds
    /// only those columns (the others are NULL in every row).
    @exclusivity(unchecked) private(set) var columnMask: UInt64 = 0
    @exclusivity(unchecked) var rowsRead = 0
    @exclusivity(unchecked) var blankLines = 0
    var progress: Double?
    @exclusivity(unchecked) private var rowArenaStart = 0
    @exclusivity(unchecked) private var rowSlotStart = 0
    private static let emptyRow: [Int32] = Array((0..<width).flatMap { _ in [Int32(0), Int32(-1)] })

    init() {
        precondition(RowBatch.width <= 64, "a column mask holds 64 columns")
        arena.reserveCapacity(1 << 18)
        slots.reserveCapacity(RowBatch.capacity * RowBatch.width * 2)
    }

    var rowCount: Int { lines.count }
    /// Full when it holds `capacity` rows and rejects, or 4 MiB of values.
    var isFull: Bool { lines.count + rejects.count >= RowBatch.capacity || arena.count > (1 << 22) }

    func reset() {
        arena.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        rejects.removeAll(keepingCapacity: true)
        issues.removeAll(keepingCapacity: true)
        rowsRead = 0; blankLines = 0; progress = nil; columnMask = 0
    }

    func beginRow() {
        rowArenaStart = arena.count
        rowSlotStart = slots.count
        slots.append(contentsOf: RowBatch.emptyRow)
    }

    func abandonRow() {
        arena.removeSubrange(rowArenaStart...)
        slots.removeSubrange(rowSlotStart...)
    }

    func commitRow(line: Int) { lines.append(line) }

    func isSet(_ column: Int) -> Bool { slots[rowSlotStart + column * 2 + 1] >= 0 }

    func set(_ column: Int, bytes: UnsafeBufferPointer<UInt8>) {
        columnMask |= 1 << UInt64(column)
        slots[rowSlotStart + column * 2] = Int32(arena.count)
        slots[rowSlotStart + column * 2 + 1] = Int32(bytes.count)
        arena.append(contentsOf: bytes)
    }

    /// Several byte runs joined by a separator byte (which is replaced by a space inside a run).
    func setJoined(_ column: Int, _ parts: [UnsafeBufferPointer<UInt8>], separator: UInt8) {
        let start = arena.count
        for (k, p) in parts.enumerated() {
            if k > 0 { arena.append(separator) }
            for b in p { arena.append(b == separator ? 32 : b) }
        }
        columnMask |= 1 << UInt64(column)
        slots[rowSlotStart + column * 2] = Int32(start)
        slots[rowSlotStart + column * 2 + 1] = Int32(arena.count - start)
    }

    func set(_ column: Int, _ value: String) {
        var v = value
        v.withUTF8 { set(column, bytes: $0) }
    }

    func string(_ column: Int) -> String? {
        let off = Int(slots[rowSlotStart + column * 2]), len = Int(slots[rowSlotStart + column * 2 + 1])
        guard len >= 0 else { return nil }
        return String(decoding: arena[off..<(off + len)], as: UTF8.self)
    }
}

/// Reads a source file and turns its rows into validated batches (on the reading thread).
struct RowProducer: @unchecked Sendable {
    let source: SourceDefinition
    let path: String
    let plan: HeaderPlan
    let parser: FieldParser
    let fileBytes: Int

    func run(into sink: IngestSink) throws {
        let s = source
        let reader = try CSVReader(path: path, dialect: s.dialect)
        var isHeader = s.header
        var batch = sink.emptyBatch()
        var lastProgressBytes = 0
        let extraColumn = RowBuffer.columns.count
        let (titleI, givenI, middleI, surnameI) = RowBuffer.nameIndexes
        // Per-column facts as small values, so the hot loop copies no strings or dictionaries.
        struct Fast { var mapped: Bool; var kept: Bool; var plain: Bool; var required: Bool; var hasValues: Bool; var field: CanonicalField; var target: RowBuffer.Target }
        let fast: [Fast] = plan.columns.map { c in
            guard let c else { return Fast(mapped: false, kept: true, plain: false, required: false, hasValues: false, field: .ignore, target: .none) }
            return Fast(mapped: c.mapping.field != .ignore, kept: c.mapping.field == .ignore, plain: c.isPlainText, required: c.mapping.required,
                        hasValues: !c.mapping.values.isEmpty, field: c.mapping.field, target: c.target)
        }
        let keptIndexes = fast.indices.filter { fast[$0].kept }
        var address: String?, correspondence: String?, phones: String?, mobiles: String?
        var pendingIssues: [RowBatch.Issue] = []
        var pendingNames: NameParts?   // a full name's parts wait until the row's other columns are known
        do {
            try reader.forEachRecord { rec in
                if isHeader { isHeader = false; return true }
                if batch.isFull {
                    if reader.bytesRead - lastProgressBytes > 1 << 22 {
                        lastProgressBytes = reader.bytesRead
                        batch.progress = fileBytes == 0 ? 1 : Double(reader.bytesRead) / Double(fileBytes)
                    }
                    try sink.send(.batch(batch))
                    batch = sink.emptyBatch()
                }
                if rec.count == 1 && rec.bytes(0).isEmpty && !rec.wasQuoted(0) { batch.blankLines += 1; return true }
                batch.rowsRead += 1
                if rec.count != plan.columnCount {
                    let reason = "row has \(rec.count) fields but the header has \(plan.columnCount)"
                    if s.ragged == .fail {
                        throw UserFacingError(file: path, line: rec.line, problem: reason,
                                              remedy: "a delimiter inside an unquoted field, or a truncated line? Fix the file, or set ragged = \"reject\" for source \"\(s.name)\" to load it with such rows rejected")
                    }
                    batch.rejects.append(.init(line: rec.line, field: nil, reason: "ragged row: " + reason,
                                               countedReason: "ragged row (field count differs from header)", raw: RowBuffer.rawText(rec, dialect: s.dialect)))
                    return true
                }
                batch.beginRow()
                pendingIssues.removeAll(keepingCapacity: true)
                address = nil; correspondence = nil; phones = nil; mobiles = nil
                var rejection: (field: String, reason: String)?
                for i in 0..<fast.count {
                    let f = fast[i]
                    guard f.mapped else { continue }
                    let bytes = rec.bytes(i)
                    if bytes.isEmpty && !f.hasValues {
                        if f.required { let m = plan.columns[i]!.mapping; rejection = rejection ?? (m.column, "required \(m.field.rawValue) is empty") }
                        continue
                    }
                    // Plain text straight from the file into the batch, when it needs no cleaning.
                    if f.plain, case .column(let target) = f.target, FieldParser.isAlreadyClean(bytes) {
                        batch.set(target, bytes: bytes)
                        continue
                    }
                    let col = plan.columns[i]!
                    let m = col.mapping
                    var cleaned = FieldParser.clean(bytes: bytes)
                    if !m.values.isEmpty, let mapped = m.values[(cleaned ?? "").lowercased()] { cleaned = FieldParser.clean(mapped) }
                    guard let raw = cleaned else {
                        if m.required { rejection = rejection ?? (m.column, "required \(m.field.rawValue) is empty") }
                        continue
                    }
                    let value: String?
                    switch parser.parseClean(raw, as: m.field, patterns: col.datePatterns) {
                    case .value(let v):
                        value = v
                        if v == nil && m.required { rejection = rejection ?? (m.column, "required \(m.field.rawValue) is empty") }
                    case .repaired(let v, let note):
                        value = v
                        pendingIssues.append(.init(line: rec.line, field: m.column, value: raw, reason: note, repaired: true))
                    case .invalid(let reason):
                        value = nil
                        if m.required {
                            rejection = rejection ?? (m.column, "required \(m.field.rawValue) \(reason)")
                        } else {
                            pendingIssues.append(.init(line: rec.line, field: m.column, value: raw, reason: reason, repaired: false))
                            if m.field == .postcode { batch.set(RowBuffer.postcodeRawIndex, raw.uppercased()) }
                        }
                    }
                    guard let value else { continue }
                    switch col.target {
                    case .column(let target): batch.set(target, value)
                    case .addressLine: address = address.map { $0 + ", " + value } ?? value
                    case .address: address = address.map { value + ", " + $0 } ?? value
                    case .correspondence: correspondence = correspondence.map { $0 + ", " + value } ?? value
                    case .phone:
                        if FieldParser.isMobile(value) { mobiles = mobiles.map { $0 + ";" + value } ?? value }
                        else { phones = phones.map { $0 + ";" + value } ?? value }
                    case .fullName(let fi):
                        batch.set(fi, value)
                        pendingNames = NameParts.split(value, format: s.nameFormat)
                    case .none: break
                    }
                }
                if let rejection {
                    batch.abandonRow()
                    batch.rejects.append(.init(line: rec.line, field: rejection.field, reason: rejection.reason,
                                               countedReason: rejection.reason, raw: RowBuffer.rawText(rec, dialect: s.dialect)))
                    pendingNames = nil
                    return true
                }
                // Separate name columns, when a source has them too, win over a split full name.
                if let p = pendingNames {
                    if !batch.isSet(titleI), let v = p.title { batch.set(titleI, v) }
                    if !batch.isSet(givenI), let v = p.given { batch.set(givenI, v) }
                    if !batch.isSet(middleI), let v = p.middle { batch.set(middleI, v) }
                    if !batch.isSet(surnameI), let v = p.surname { batch.set(surnameI, v) }
                    pendingNames = nil
                }
                if let address { batch.set(RowBuffer.addressIndex, address) }
                if let correspondence { batch.set(RowBuffer.corrIndex, correspondence) }
                if let phones { batch.set(RowBuffer.phoneIndex, phones) }
                if let mobiles { batch.set(RowBuffer.mobileIndex, mobiles) }
                if !batch.isSet(RowBuffer.recordKeyIndex) {
                    batch.set(RowBuffer.recordKeyIndex, plan.keyIndexes.isEmpty
                        ? String(rec.line)
                        : plan.keyIndexes.map { FieldParser.clean(bytes: rec.bytes($0)) ?? "" }.joined(separator: "/"))
                }
                // Unmapped and ignored columns: kept, in header order, separated by U+001F; the load
                // row names them (`load.extra_layout`).
                if !keptIndexes.isEmpty, keptIndexes.contains(where: { !rec.bytes($0).isEmpty }) {
                    batch.setJoined(extraColumn, keptIndexes.map { rec.bytes($0) }, separator: 0x1F)
                }
                batch.commitRow(line: rec.line)
                batch.issues.append(contentsOf: pendingIssues)
                return true
            }
        } catch let e as CSVError {
            throw UserFacingError(file: e.file, line: e.line, problem: e.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
        }
        batch.progress = 1
        try sink.send(.batch(batch))
    }

}
