import Foundation
import WardenLinkage

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
    /// `width` (offset, length) pairs per row; a length of -1 is NULL.
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
        slots.append(contentsOf: repeatElement(-1, count: RowBatch.width * 2))
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

    /// `count` byte runs joined by a separator byte (which is replaced by a space inside a run).
    func setJoined(_ column: Int, count: Int, separator: UInt8, part: (Int) -> UnsafeBufferPointer<UInt8>) {
        let start = arena.count
        for k in 0..<count {
            if k > 0 { arena.append(separator) }
            for b in part(k) { arena.append(b == separator ? 32 : b) }
        }
        columnMask |= 1 << UInt64(column)
        slots[rowSlotStart + column * 2] = Int32(start)
        slots[rowSlotStart + column * 2 + 1] = Int32(arena.count - start)
    }

    /// ASCII text in lower case (the caller has checked every byte is below 0x80).
    func setLowercasedASCII(_ column: Int, bytes: UnsafeBufferPointer<UInt8>) {
        columnMask |= 1 << UInt64(column)
        slots[rowSlotStart + column * 2] = Int32(arena.count)
        slots[rowSlotStart + column * 2 + 1] = Int32(bytes.count)
        for b in bytes { arena.append(b >= 65 && b <= 90 ? b + 32 : b) }
    }

    /// A date as ISO text, "yyyy-MM-dd" (what `CivilDate.iso` gives), without making a string.
    func set(_ column: Int, date: CivilDate) {
        let (y, m, d) = date.components
        columnMask |= 1 << UInt64(column)
        slots[rowSlotStart + column * 2] = Int32(arena.count)
        slots[rowSlotStart + column * 2 + 1] = 10
        arena.append(UInt8(48 + y / 1000 % 10)); arena.append(UInt8(48 + y / 100 % 10))
        arena.append(UInt8(48 + y / 10 % 10)); arena.append(UInt8(48 + y % 10))
        arena.append(45); arena.append(UInt8(48 + m / 10)); arena.append(UInt8(48 + m % 10))
        arena.append(45); arena.append(UInt8(48 + d / 10)); arena.append(UInt8(48 + d % 10))
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
struct RowProducer: Sendable {
    let source: SourceDefinition
    let path: String
    let plan: HeaderPlan
    let parser: FieldParser
    let fileBytes: Int

    func run(into sink: IngestSink) throws {
        let reader = try CSVReader(path: path, dialect: source.dialect)
        var rows = RowAssembler(source: source, path: path, plan: plan, parser: parser)
        var isHeader = source.header
        var batch = sink.emptyBatch()
        var lastProgressBytes = 0
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
                try rows.add(rec, to: batch)
                return true
            }
        } catch let e as CSVError {
            throw UserFacingError(file: e.file, line: e.line, problem: e.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
        }
        batch.progress = 1
        try sink.send(.batch(batch))
    }
}
