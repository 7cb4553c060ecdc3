#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered, append-only file: extracts are streamed through one of these so a million-resident
/// borough never sits in memory as text.
final class OutputFile {
    private var handle: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    let path: String
    private(set) var bytesWritten: Int = 0

    init(path: String) throws {
        self.path = path
        guard let h = fopen(path, "wb") else { throw SynthError.cannotWrite(path) }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    @inline(__always) func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    @inline(__always) func write<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard let h = handle, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in _ = fwrite(raw.baseAddress, 1, raw.count, h) }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
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
