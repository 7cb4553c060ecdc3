import Foundation

/// Locates and runs the real `warden` binary built alongside the tests.
enum WardenBinary {
    /// The package root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debug binary that `swift build` / `swift test` produce.
    static var path: String {
        for config in ["debug", "release"] {
            let p = packageRoot.appendingPathComponent(".build/\(config)/warden").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot.appendingPathComponent(".build/debug/warden").path
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs warden with arguments and waits for it.
    @discardableResult
    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func tempDir(_ label: String) -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("warden-e2e-\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}
