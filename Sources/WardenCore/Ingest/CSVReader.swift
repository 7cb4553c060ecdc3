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
    @exclusivity(unchecked) private var buffer: [UInt8]
    @exclusivity(unchecked) private var start = 0          // first unconsumed byte in buffer
    @exclusivity(unchecked) private var end = 0            // one past last valid byte in buffer
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private var line = 1           // physical line of buffer[start]
    @exclusivity(unchecked) private var atFileStart = true
    /// Whether the file began with a UTF-16 byte-order mark (its first invalid byte says so).
    private var utf16 = false
    private static let blockSize = 1 << 20

    // Reused per record.
    @exclusivity(unchecked) private var fieldBytes: [UInt8] = []
    @exclusivity(unchecked) private var fieldEnds: [Int] = []
    @exclusivity(unchecked) private var fieldQuoted: [Bool] = []

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
        self.buffer = [UInt8](repeating: 0, count: CSVReader.blockSize * 2)
        fieldBytes.reserveCapacity(4096)
    }

    deinit { close(fd) }

    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int = 0

    /// Reads more bytes, keeping the unconsumed tail. Returns false at end of file.
    private func fill() -> Bool {
        if eof { return false }
        if start > 0 {
            let tail = end - start
            if tail > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, tail)
                }
            }
            end = tail
            start = 0
        }
        if buffer.count - end < CSVReader.blockSize {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: max(CSVReader.blockSize, buffer.count)))
        }
        let n = buffer.withUnsafeMutableBytes { raw in
            read(fd, raw.baseAddress! + end, raw.count - end)
        }
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
            let keepGoing = try fieldBytes.withUnsafeBufferPointer { b in
                try fieldEnds.withUnsafeBufferPointer { e in
                    try fieldQuoted.withUnsafeBufferPointer { q in
                        try body(Record(line: startLine, bytes: b, ends: e, quoted: q))
                    }
                }
            }
            if !keepGoing { return }
        }
    }

    /// Reads all remaining records as string arrays (for small files and tests).
    public func readAll() throws -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        try forEachRecord { out.append(($0.line, $0.strings)); return true }
        return out
    }

    /// Parses one record into fieldBytes/fieldEnds. Returns its starting line, or nil at EOF.
    private func parseRecord() throws -> Int? {
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldQuoted.removeAll(keepingCapacity: true)
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
            fieldEnds.append(fieldBytes.count)
            fieldQuoted.append(wasQuoted)
            fieldStart = fieldBytes.count
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
            // Fast path: scan a run of ordinary bytes without per-byte appends.
            var i = start
            let stop = end
            let appendedStatus: Int = buffer.withUnsafeBufferPointer { buf -> Int in
                if inQuotes {
                    while i < stop {
                        let c = buf[i]
                        if c == quote || c == 10 || c == 13 { break }
                        if c >= 0x80 { needsUTF8Check = true }
                        i += 1
                    }
                } else {
                    while i < stop {
                        let c = buf[i]
                        if c == delim || c == quote || c == 10 || c == 13 { break }
                        if c >= 0x80 { needsUTF8Check = true }
                        i += 1
                    }
                }
                return i
            }
            _ = appendedStatus
            if i > start {
                if transcode {
                    appendTranscoded(start, i)
                } else {
                    fieldBytes.append(contentsOf: buffer[start..<i])
                }
                if fieldBytes.count - fieldStart > limit {
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
                        fieldBytes.append(quote)
                        start += 2
                    } else {
                        inQuotes = false
                        start += 1
                    }
                } else if c == 13 {
                    // CRLF or lone CR inside quotes: keep as \n, count one line.
                    if start + 1 >= end { _ = fill() }
                    if start + 1 < end && buffer[start + 1] == 10 { start += 2 } else { start += 1 }
                    fieldBytes.append(10)
                    line += 1
                } else { // LF
                    fieldBytes.append(10)
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
                if fieldBytes.count == fieldStart && !wasQuoted {
                    inQuotes = true
                    wasQuoted = true
                    quoteOpenLine = line
                } else {
                    // A stray quote inside an unquoted field, or after a closing quote: keep it.
                    fieldBytes.append(quote)
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

    private func validateUTF8(from fieldStart: Int) throws {
        var i = fieldStart
        let n = fieldBytes.count
        while i < n {
            let b = fieldBytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 }
            else if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 }
            else { throw CSVError(file: path, line: line, kind: utf16 ? .utf16 : .invalidUTF8(byte: b)) }
            if i + len > n { throw CSVError(file: path, line: line, kind: .invalidUTF8(byte: b)) }
            for k in 1..<len where fieldBytes[i + k] & 0xC0 != 0x80 {
                throw CSVError(file: path, line: line, kind: .invalidUTF8(byte: b))
            }
            i += len
        }
    }

    private func appendTranscoded(_ from: Int, _ to: Int) {
        for k in from..<to {
            let b = buffer[k]
            if b < 0x80 { fieldBytes.append(b); continue }
            let scalar: UInt32
            if dialect.encoding == .windows1252, b >= 0x80, b <= 0x9F {
                scalar = CSVReader.cp1252High[Int(b - 0x80)]
            } else {
                scalar = UInt32(b)
            }
            appendUTF8(scalar)
        }
    }

    private func appendUTF8(_ s: UInt32) {
        if s < 0x80 { fieldBytes.append(UInt8(s)) }
        else if s < 0x800 {
            fieldBytes.append(UInt8(0xC0 | (s >> 6)))
            fieldBytes.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            fieldBytes.append(UInt8(0xE0 | (s >> 12)))
            fieldBytes.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            fieldBytes.append(UInt8(0x80 | (s & 0x3F)))
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
