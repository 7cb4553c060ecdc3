import COpenSSL
import Foundation

/// SHA-256 through the system's OpenSSL (its EVP digest API): file identity for idempotent
/// loads, and the audit chain.
///
/// Small updates (the audit chain hashes a dozen short fields an entry) are gathered in a buffer
/// and handed to OpenSSL together, since each EVP call costs more than hashing a few bytes.
/// ``finish(hex:)`` leaves the hasher ready for the next message, so a loop over millions of
/// entries (``AuditVerify``) keeps one context instead of making one an entry.
public struct SHA256Hasher: ~Copyable {
    /// SHA-256, fetched from the default provider once: `EVP_sha256()` would look it up again
    /// on every initialisation, which doubles the cost of hashing a short message.
    nonisolated(unsafe) private static let algorithm: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL's libcrypto offers no SHA-256 (EVP_MD_fetch failed): check the OpenSSL installation and its configuration (OPENSSL_CONF)")
        }
        return md
    }()
    /// Bytes gathered before one EVP update.
    private static let capacity = 512

    private let ctx: OpaquePointer
    private let pending: UnsafeMutableRawPointer
    private var count = 0

    public init() {
        guard let ctx = EVP_MD_CTX_new() else { fatalError("out of memory: cannot make an OpenSSL digest context") }
        self.ctx = ctx
        pending = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 16)
        start()
    }

    deinit {
        EVP_MD_CTX_free(ctx)
        pending.deallocate()
    }

    private func start() {
        guard EVP_DigestInit_ex(ctx, Self.algorithm, nil) == 1 else { fatalError("OpenSSL could not start a SHA-256 digest") }
    }

    private mutating func flush() {
        if count > 0 { EVP_DigestUpdate(ctx, pending, count); count = 0 }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count <= Self.capacity {
            (pending + count).copyMemory(from: base, byteCount: bytes.count)
            count += bytes.count
        } else {
            flush()
            if bytes.count >= Self.capacity {
                EVP_DigestUpdate(ctx, base, bytes.count)
            } else {
                pending.copyMemory(from: base, byteCount: bytes.count)
                count = bytes.count
            }
        }
    }

    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the message into its 32 bytes and starts the next one.
    private mutating func finish(into digest: UnsafeMutablePointer<UInt8>) {
        flush()
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(ctx, digest, &length) == 1, length == 32 else { fatalError("OpenSSL could not finish a SHA-256 digest") }
        start()
    }

    /// The digest as 64 lower-case hex characters.
    public consuming func hexDigest() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { finish(into: $0.baseAddress!) }
        return SHA256Hasher.hex(out)
    }

    /// Finishes into `hex` (64 bytes of lower-case hex), without making a string, and starts
    /// the next message: the same hasher can hash entry after entry.
    public mutating func finish(hex out: inout [UInt8]) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { d in
            finish(into: d.baseAddress!.assumingMemoryBound(to: UInt8.self))
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { hex in
                for i in 0..<32 { let b = d[i]; out[2 * i] = hex[Int(b >> 4)]; out[2 * i + 1] = hex[Int(b & 15)] }
            }
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
