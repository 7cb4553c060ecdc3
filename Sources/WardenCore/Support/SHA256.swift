import COpenSSL
import Foundation

/// SHA-256 through the system's OpenSSL: file identity for idempotent loads, and the audit chain.
public struct SHA256Hasher: ~Copyable {
    private var ctx = SHA256_CTX()

    public init() { SHA256_Init(&ctx) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress, bytes.count > 0 { SHA256_Update(&ctx, base, bytes.count) }
    }

    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest as 64 lower-case hex characters.
    public consuming func hexDigest() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        SHA256_Final(&out, &ctx)
        return SHA256Hasher.hex(out)
    }

    /// Finishes into `hex` (64 bytes of lower-case hex), without making a string; the hasher is
    /// spent afterwards.
    public mutating func finish(hex out: inout [UInt8]) {
        var digest = [UInt8](repeating: 0, count: 32)
        SHA256_Final(&digest, &ctx)
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { d in
            for (i, b) in digest.enumerated() { out[2 * i] = d[Int(b >> 4)]; out[2 * i + 1] = d[Int(b & 15)] }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s = [UInt8](); s.reserveCapacity(bytes.count * 2)
        for b in bytes { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }

    /// The SHA-256 of a string's UTF-8.
    public static func hex(of string: String) -> String {
        var h = SHA256Hasher(); h.update(string); return h.hexDigest()
    }

    /// The SHA-256 and size of a file, read in blocks.
    public static func file(_ path: String) throws -> (hex: String, bytes: Int) {
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(file: path, problem: "cannot open the file", remedy: "check the path and that it is readable")
        }
        defer { try? fh.close() }
        var h = SHA256Hasher()
        var total = 0
        while true {
            let chunk = fh.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            total += chunk.count
            chunk.withUnsafeBytes { h.update($0) }
        }
        return (h.hexDigest(), total)
    }
}
