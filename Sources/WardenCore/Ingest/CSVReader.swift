import Foundation

/// The text encodings council extracts arrive in.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8; a leading byte-order mark is skipped.
    case utf8 = "utf-8"
    /// Windows code page 1252 (what most UK back-office systems export).
    case windows1252 = "windows-1252"
    /// ISO 8859-1.
    case latin1 = "latin-1"
}

/// How a delimited text file is written.
public struct CSVDialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var quote: UInt8
    public var encoding: TextEncoding
    /// Fields longer than this are treated as a broken file (a missing closing quote, usually).
    public var maxFieldBytes: Int

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""),
                encoding: TextEncoding = .utf8, maxFieldBytes: Int = 1 << 20) {
        self.delimiter = delimiter
        self.quote = quote
        self.encoding = encoding
        self.maxFieldBytes = maxFieldBytes
    }
}

/// A structural problem that makes a file unreadable as declared. Always names the line.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unterminatedQuote(startLine: Int)
        case fieldTooLong(limit: Int)
        case invalidUTF8(byte: UInt8)
        /// The file opens with a UTF-16 byte-order mark.
        case utf16
        case cannotOpen(String)
    }
    public let file: String
    public let line: Int
    public let kind: Kind

    public var description: String {
        switch kind {
        case .unterminatedQuote(let start):
            return "\(file):\(line): the file ends inside a quoted field that opens on line \(start) — the file looks truncated, or a quote is unbalanced. Check that the whole extract was copied."
        case .fieldTooLong(let limit):
            return "\(file):\(line): a field is longer than \(limit / 1024) KiB — usually a missing closing quote swallowing the rest of the file. Fix the quoting at or before this line."
        case .invalidUTF8(let byte):
            return "\(file):\(line): byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8 — the file is probably Windows-1252. Set encoding = \"windows-1252\" for this source in the manifest."
        case .utf16:
            return "\(file):\(line): the file is UTF-16 (it starts with a UTF-16 byte-order mark), which Warden does not read. Export it again as UTF-8 (or Windows-1252 and set encoding = \"windows-1252\" for this source)."
        case .cannotOpen(let reason):
            return "\(file): cannot open (\(reason)). Check the path in the manifest and that the file is readable."
        }
    }
}

/// A streaming RFC 4180 reader over bytes: quoted fields with delimiters, doubled quotes and
/// newlines; CR, LF or CRLF line ends; a UTF-8 byte-order mark; Windows-1252 and Latin-1.
///
/// Hand-written rather than taken from a library because ingest needs three things together that
/// no Swift CSV package offers: the physical line each record starts on (for error messages and
/// provenance), a bounded field size, and throughput close to SQLite's own C importer. It reads the
/// file in fixed-size blocks, so memory stays flat whatever the file size.
public final class CSVReader {
    public let path: String
    public let dialect: CSVDialect
    private let fd: Int32
    // The reader owns its buffers and runs on one thread, so it works on raw pointers: this is
    // the innermost loop of every load, where array bounds and exclusivity checks, slices and
    // their reference counting cost more than the parsing itself.
    /// Bytes read from the file and not yet consumed: `buffer[start..<end]`.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var bufferCapacity: Int
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private var line = 1           // physical line of buffer[start]
    @exclusivity(unchecked) private var atFileStart = true
    /// Whether the file began with a UTF-16 byte-order mark (its first invalid byte says so).
    private var utf16 = false
    private static let blockSize = 1 << 20

    // The current record, reused: its fields' bytes end to end, where each field ends, and
    // whether it was quoted.
    @exclusivity(unchecked) private var fieldBytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var fieldBytesCapacity: Int
    @exclusivity(unchecked) private var fieldBytesCount = 0
    @exclusivity(unchecked) private var fieldEnds: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var fieldQuoted: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var fieldCapacity: Int
    @exclusivity(unchecked) private var fieldCount = 0

    /// Opens a file for reading. Throws `CSVError.cannotOpen` with the reason.
    public init(path: String, dialect: CSVDialect) throws {
        self.path = path
        self.dialect = dialect
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVError(file: path, line: 0, kind: .cannotOpen(String(cString: strerror(errno))))
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError(file: path, line: 0, kind: .cannotOpen("it is a directory"))
        }
        self.fd = fd
        bufferCapacity = CSVReader.blockSize * 2
        buffer = .allocate(capacity: bufferCapacity)
        fieldBytesCapacity = 4096
        fieldBytes = .allocate(capacity: fieldBytesCapacity)
        fieldCapacity = 64
        fieldEnds = .allocate(capacity: fieldCapacity)
        fieldQuoted = .allocate(capacity: fieldCapacity)
    }

    deinit {
        close(fd)
        buffer.deallocate()
        fieldBytes.deallocate()
        fieldEnds.deallocate()
        fieldQuoted.deallocate()
    }

    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int = 0

    /// Reads more bytes, keeping the unconsumed tail. Returns false at end of file.
    private func fill() -> Bool {
        if eof { return false }
        if start > 0 {
            let tail = end - start
            if tail > 0 { memmove(buffer, buffer + start, tail) }
            end = tail
            start = 0
        }
        if bufferCapacity - end < CSVReader.blockSize {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferCapacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            bufferCapacity *= 2
        }
        let n = read(fd, buffer + end, bufferCapacity - end)
        if n <= 0 { eof = true; return false }
        end += n
        bytesRead += n
        if atFileStart {
            atFileStart = false
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            if end >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)) { utf16 = true }
        }
        return true
    }

    /// A record: its starting line and its fields as raw (unescaped, encoding-converted) UTF-8.
    public struct Record {
        public let line: Int
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let ends: UnsafeBufferPointer<Int>
        fileprivate let quoted: UnsafeBufferPointer<Bool>

        /// Number of fields.
        public var count: Int { ends.count }

        /// The bytes of field `i`.
        public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let s = i == 0 ? 0 : ends[i - 1]
            return UnsafeBufferPointer(rebasing: bytes[s..<ends[i]])
        }

        /// Field `i` as a string.
        public func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }

        /// Whether field `i` was written in quotes.
        public func wasQuoted(_ i: Int) -> Bool { quoted[i] }

        /// All fields as strings.
        public var strings: [String] { (0..<count).map(string) }
    }

    /// Calls `body` with each record in turn; stops early if `body` returns false.
    /// The record's storage is valid only during the call.
    public func forEachRecord(_ body: (Record) throws -> Bool) throws {
        while let startLine = try parseRecord() {
            let record = Record(line: startLine,
                                bytes: UnsafeBufferPointer(start: fieldBytes, count: fieldBytesCount),
                                ends: UnsafeBufferPointer(start: fieldEnds, count: fieldCount),
                                quoted: UnsafeBufferPointer(start: fieldQuoted, count: fieldCount))
            if try !body(record) { return }
        }
    }

    /// Reads all remaining records as string arrays (for small files and tests).
    public func readAll() throws -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        try forEachRecord { out.append(($0.line, $0.strings)); return true }
        return out
    }

    // MARK: - Building the current record

    private func reserveFieldBytes(_ extra: Int) {
        guard fieldBytesCount + extra > fieldBytesCapacity else { return }
        let capacity = max(fieldBytesCount + extra, fieldBytesCapacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: fieldBytes, count: fieldBytesCount)
        fieldBytes.deallocate()
        fieldBytes = bigger
        fieldBytesCapacity = capacity
    }

    @inline(__always) private func appendByte(_ b: UInt8) {
        reserveFieldBytes(1)
        fieldBytes[fieldBytesCount] = b
        fieldBytesCount += 1
    }

    private func appendField(quoted: Bool) {
        if fieldCount == fieldCapacity {
            let capacity = fieldCapacity * 2
            let ends = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            let flags = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
            ends.update(from: fieldEnds, count: fieldCount)
            flags.update(from: fieldQuoted, count: fieldCount)
            fieldEnds.deallocate(); fieldQuoted.deallocate()
            fieldEnds = ends; fieldQuoted = flags
            fieldCapacity = capacity
        }
        fieldEnds[fieldCount] = fieldBytesCount
        fieldQuoted[fieldCount] = quoted
        fieldCount += 1
    }

    /// Parses one record into the field storage. Returns its starting line, or nil at EOF.
    private func parseRecord() throws -> Int? {
        fieldBytesCount = 0
        fieldCount = 0
        if start >= end && !fill() { return nil }
        let recordLine = line
        let delim = dialect.delimiter, quote = dialect.quote
        let limit = dialect.maxFieldBytes
        let transcode = dialect.encoding != .utf8
        var fieldStart = 0
        var inQuotes = false
        var wasQuoted = false
        var quoteOpenLine = line
        var needsUTF8Check = false

        func finishField() throws {
            if needsUTF8Check && !transcode {
                try validateUTF8(from: fieldStart)
            }
            needsUTF8Check = false
            appendField(quoted: wasQuoted)
            fieldStart = fieldBytesCount
            wasQuoted = false
        }

        while true {
            if start >= end {
                if !fill() {
                    if inQuotes {
                        throw CSVError(file: path, line: line, kind: .unterminatedQuote(startLine: quoteOpenLine))
                    }
                    try finishField()
                    return recordLine
                }
            }
            // Fast path: scan a run of ordinary bytes and copy it in one go.
            var i = start
            var high: UInt8 = 0
            let buf = buffer, stop = end
            if inQuotes {
                while i < stop {
                    let c = buf[i]
                    if c == quote || c == 10 || c == 13 { break }
                    high |= c
                    i += 1
                }
            } else {
                while i < stop {
                    let c = buf[i]
                    if c == delim || c == quote || c == 10 || c == 13 { break }
                    high |= c
                    i += 1
                }
            }
            if high >= 0x80 { needsUTF8Check = true }
            if i > start {
                if transcode {
                    appendTranscoded(start, i)
                } else {
                    reserveFieldBytes(i - start)
                    (fieldBytes + fieldBytesCount).update(from: buffer + start, count: i - start)
                    fieldBytesCount += i - start
                }
                if fieldBytesCount - fieldStart > limit {
                    throw CSVError(file: path, line: line, kind: .fieldTooLong(limit: limit))
                }
                start = i
                if start >= end { continue }
            }
            let c = buffer[start]
            if inQuotes {
                if c == quote {
                    // Need one byte of lookahead.
                    if start + 1 >= end && !fill() {
                        start += 1
                        inQuotes = false
                        continue
                    }
                    if buffer[start + 1] == quote {
                        appendByte(quote)
                        start += 2
                    } else {
                        inQuotes = false
                        start += 1
                    }
                } else if c == 13 {
                    // CRLF or lone CR inside quotes: keep as \n, count one line.
                    if start + 1 >= end { _ = fill() }
                    if start + 1 < end && buffer[start + 1] == 10 { start += 2 } else { start += 1 }
                    appendByte(10)
                    line += 1
                } else { // LF
                    appendByte(10)
                    start += 1
                    line += 1
                }
                continue
            }
            switch c {
            case delim:
                start += 1
                try finishField()
            case quote:
                start += 1
                if fieldBytesCount == fieldStart && !wasQuoted {
                    inQuotes = true
                    wasQuoted = true
                    quoteOpenLine = line
                } else {
                    // A stray quote inside an unquoted field, or after a closing quote: keep it.
                    appendByte(quote)
                }
            case 13:
                if start + 1 >= end { _ = fill() }
                if start + 1 < end && buffer[start + 1] == 10 { start += 2 } else { start += 1 }
                try finishField()
                line += 1
                return recordLine
            default: // 10
                start += 1
                try finishField()
                line += 1
                return recordLine
            }
        }
    }

    /// Checks a field is well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
    /// surrogates, nothing past U+10FFFF), so every later step may treat its bytes as text
    /// exactly as a Swift string would, without repairing them.
    private func validateUTF8(from fieldStart: Int) throws {
        var i = fieldStart
        let n = fieldBytesCount
        while i < n {
            let b = fieldBytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch b {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; second = 0xA0...0xBF
            case 0xED: len = 3; second = 0x80...0x9F
            case 0xE1...0xEF: len = 3
            case 0xF0: len = 4; second = 0x90...0xBF
            case 0xF4: len = 4; second = 0x80...0x8F
            case 0xF1...0xF3: len = 4
            default: throw CSVError(file: path, line: line, kind: utf16 ? .utf16 : .invalidUTF8(byte: b))
            }
            if i + len > n || !second.contains(fieldBytes[i + 1]) { throw CSVError(file: path, line: line, kind: .invalidUTF8(byte: b)) }
            for k in 2..<len where fieldBytes[i + k] & 0xC0 != 0x80 {
                throw CSVError(file: path, line: line, kind: .invalidUTF8(byte: b))
            }
            i += len
        }
    }

    private func appendTranscoded(_ from: Int, _ to: Int) {
        reserveFieldBytes((to - from) * 3)
        var k = from
        while k < to {
            // A run of ASCII is the same in every encoding here: copy it whole.
            var ascii = k
            while ascii < to && buffer[ascii] < 0x80 { ascii += 1 }
            if ascii > k {
                (fieldBytes + fieldBytesCount).update(from: buffer + k, count: ascii - k)
                fieldBytesCount += ascii - k
                k = ascii
                if k == to { break }
            }
            let b = buffer[k]
            k += 1
            let scalar: UInt32
            if dialect.encoding == .windows1252, b >= 0x80, b <= 0x9F {
                scalar = CSVReader.cp1252High[Int(b - 0x80)]
            } else {
                scalar = UInt32(b)
            }
            appendUTF8(scalar)
        }
    }

    /// One scalar below U+10000 as UTF-8 (room already reserved).
    private func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            fieldBytes[fieldBytesCount] = UInt8(s); fieldBytesCount += 1
        } else if s < 0x800 {
            fieldBytes[fieldBytesCount] = UInt8(0xC0 | (s >> 6))
            fieldBytes[fieldBytesCount + 1] = UInt8(0x80 | (s & 0x3F))
            fieldBytesCount += 2
        } else {
            fieldBytes[fieldBytesCount] = UInt8(0xE0 | (s >> 12))
            fieldBytes[fieldBytesCount + 1] = UInt8(0x80 | ((s >> 6) & 0x3F))
            fieldBytes[fieldBytesCount + 2] = UInt8(0x80 | (s & 0x3F))
            fieldBytesCount += 3
        }
    }

    /// Windows-1252 0x80–0x9F. Undefined positions map to U+FFFD.
    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
