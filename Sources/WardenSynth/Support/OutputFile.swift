import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered, append-only file: extracts are streamed through one of these so a million-resident
/// borough never sits in memory as text.
final class OutputFile {
    private var handle: UnsafeMutablePointer<FILE>?
    private let buffer = ByteBuffer(capacity: 1 << 21)
    let path: String
    private(set) var bytesWritten: Int = 0

    init(path: String) throws {
        self.path = path
        guard let h = fopen(path, "wb") else { throw SynthError.cannotWrite(path) }
        handle = h
    }

    @inline(__always) private func maybeFlush() { if buffer.count >= 1 << 20 { flush() } }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
        maybeFlush()
    }

    func write(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        maybeFlush()
    }

    func write(contentsOf data: Data) {
        data.withUnsafeBytes { raw in
            buffer.append(contentsOf: UnsafeBufferPointer(start: raw.bindMemory(to: UInt8.self).baseAddress, count: raw.count))
        }
        maybeFlush()
    }

    func write(_ s: String) {
        buffer.append(s)
        maybeFlush()
    }

    // Pieces for building rows without intermediate strings.
    @inline(__always) func byte(_ b: UInt8) { buffer.append(b) }
    @inline(__always) func text(_ s: String) { buffer.append(s) }
    @inline(__always) func int(_ v: Int, width: Int = 1) { buffer.appendPadded(v, width) }
    @inline(__always) func endLine() { buffer.append(10); maybeFlush() }

    func flush() {
        guard let h = handle, buffer.count > 0 else { return }
        _ = fwrite(buffer.base, 1, buffer.count, h)
        bytesWritten += buffer.count
        buffer.removeAll()
    }

    func close() throws {
        flush()
        if let h = handle {
            let failed = ferror(h) != 0
            fclose(h)
            handle = nil
            if failed { throw SynthError.cannotWrite(path) }
        }
    }

    deinit { if let h = handle { fclose(h) } }
}

/// Errors the generator reports to its caller.
public enum SynthError: Error, CustomStringConvertible, Sendable {
    case cannotWrite(String)
    case cannotCreateDirectory(String)
    case invalidSpec(String)

    public var description: String {
        switch self {
        case .cannotWrite(let p): return "cannot write \(p): check the folder exists and is writable"
        case .cannotCreateDirectory(let p): return "cannot create folder \(p): check its parent exists and is writable"
        case .invalidSpec(let s): return "invalid borough spec: \(s)"
        }
    }
}
