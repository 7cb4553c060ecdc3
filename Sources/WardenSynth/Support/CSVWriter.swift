/// How an extract's bytes are encoded on disk.
enum TextEncoding: Sendable {
    case utf8
    /// UTF-8 preceded by the byte-order mark EF BB BF, as Excel and some .NET exports write it.
    case utf8BOM
    /// Windows-1252; a character it cannot hold is written as "?", as legacy systems do.
    case windows1252

    var manifestName: String {
        switch self {
        case .utf8, .utf8BOM: return "utf-8"
        case .windows1252: return "windows-1252"
        }
    }
}

/// When a field is wrapped in quotes.
enum QuotePolicy: Sendable {
    /// Only when it holds the delimiter, a quote or a line break (RFC 4180).
    case minimal
    /// Every field, empty ones included.
    case always
    /// Every non-empty field.
    case nonEmpty
}

/// The dialect of one CSV-like extract.
struct Dialect: Sendable {
    var delimiter: UInt8 = UInt8(ascii: ",")
    var quote: UInt8 = UInt8(ascii: "\"")
    var crlf = false
    var encoding: TextEncoding = .utf8
    var policy: QuotePolicy = .minimal
}

/// A growable byte buffer on raw memory: appends without copy-on-write or exclusivity checks.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }
    deinit { base.deallocate() }

    @inline(__always) private func reserve(_ extra: Int) {
        if count + extra <= capacity { return }
        var c = capacity * 2
        while c < count + extra { c *= 2 }
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        nb.update(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = c
    }

    @inline(__always) func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) func append(_ s: String) {
        var s = s
        s.withUTF8 { u in
            reserve(u.count)
            (base + count).update(from: u.baseAddress!, count: u.count)
            count += u.count
        }
    }

    @inline(__always) func append(contentsOf u: UnsafeBufferPointer<UInt8>) {
        guard u.count > 0 else { return }
        reserve(u.count)
        (base + count).update(from: u.baseAddress!, count: u.count)
        count += u.count
    }

    /// A non-negative integer in decimal, zero-padded to `width`.
    @inline(__always) func appendPadded(_ v: Int, _ width: Int) {
        reserve(24)
        var x = v < 0 ? -v : v
        var digits = 0
        var t = x
        repeat { digits += 1; t /= 10 } while t > 0
        if v < 0 { base[count] = 45; count += 1 }
        let n = max(digits, width)
        var i = count + n - 1
        for _ in 0..<n { base[i] = UInt8(48 + x % 10); x /= 10; i -= 1 }
        count += n
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    func removeAll() { count = 0 }
}

/// Streams records in one dialect and keeps count of physical lines, so ground truth can name the
/// line on which every record starts (newlines inside quoted fields included).
final class CSVWriter {
    let file: OutputFile
    let dialect: Dialect
    /// The physical line (1-based) on which the next record will start.
    private(set) var nextLine = 1
    private(set) var records = 0
    private let row = ByteBuffer()
    private var fieldCount = 0
    private let encoded = ByteBuffer()
    private let delimiter: UInt8
    private let quote: UInt8

    init(path: String, dialect: Dialect, header: [String]?) throws {
        self.file = try OutputFile(path: path)
        self.dialect = dialect
        self.delimiter = dialect.delimiter
        self.quote = dialect.quote
        if dialect.encoding == .utf8BOM { file.write([0xEF, 0xBB, 0xBF]) }
        if let header {
            for h in header { add(h) }
            _ = endRecord()
            records = 0
        }
    }

    /// Appends one field.
    func add(_ value: String) {
        if fieldCount > 0 { row.append(delimiter) }
        fieldCount += 1
        var value = value
        value.withUTF8 { u in
            var needs: Bool
            switch dialect.policy {
            case .always: needs = true
            case .nonEmpty: needs = !u.isEmpty
            case .minimal:
                needs = false
                for b in u where b == delimiter || b == quote || b == 10 || b == 13 { needs = true; break }
            }
            if !needs {
                for b in u { row.append(b) }
                return
            }
            row.append(quote)
            for b in u {
                if b == quote { row.append(b) }
                row.append(b)
            }
            row.append(quote)
        }
    }

    /// Appends an empty field.
    @inline(__always) func addEmpty() { add("") }

    /// Ends the record; returns the physical line on which it started.
    @discardableResult
    func endRecord() -> Int {
        let start = nextLine
        if dialect.crlf { row.append(13) }
        row.append(10)
        var lf = 0
        for b in row.bytes where b == 10 { lf += 1 }
        nextLine += lf
        switch dialect.encoding {
        case .utf8, .utf8BOM: file.write(contentsOf: row.bytes)
        case .windows1252:
            Windows1252.encode(row.bytes, into: encoded)
            file.write(contentsOf: encoded.bytes)
        }
        row.removeAll()
        fieldCount = 0
        records += 1
        return start
    }

    func close() throws { try file.close() }
}

/// Windows-1252 encoding of UTF-8 text.
enum Windows1252 {
    /// Code points 0x80...0x9F of Windows-1252 (0 where the code is unassigned).
    static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    static func byte(for scalar: UInt32) -> UInt8 {
        if scalar < 0x80 || (scalar >= 0xA0 && scalar <= 0xFF) { return UInt8(scalar) }
        for (i, cp) in high.enumerated() where cp == scalar && cp != 0 { return UInt8(0x80 + i) }
        return UInt8(ascii: "?")
    }

    /// Transcodes UTF-8 bytes; each unencodable character (a whole scalar) becomes one "?".
    static func encode(_ utf8: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) {
        out.removeAll()
        var i = 0
        let n = utf8.count
        while i < n {
            let b0 = utf8[i]
            if b0 < 0x80 { out.append(b0); i += 1; continue }
            var scalar: UInt32
            var len: Int
            if b0 & 0xE0 == 0xC0 { scalar = UInt32(b0 & 0x1F); len = 2 }
            else if b0 & 0xF0 == 0xE0 { scalar = UInt32(b0 & 0x0F); len = 3 }
            else { scalar = UInt32(b0 & 0x07); len = 4 }
            for k in 1..<len where i + k < n { scalar = (scalar << 6) | UInt32(utf8[i + k] & 0x3F) }
            // A combining mark (decomposed text) has no Windows-1252 code either.
            out.append(byte(for: scalar))
            i += len
        }
    }
}
