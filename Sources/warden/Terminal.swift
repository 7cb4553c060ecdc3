import Foundation
import WardenCore

/// Output helpers for the command line: JSON, sanitised text, and a progress bar on stderr.
enum Terminal {
    static let stderrIsTTY = isatty(2) == 1

    /// Prints a value as pretty, key-sorted JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try enc.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Prints text from the warehouse on stdout with control characters made harmless.
    static func out(_ text: String) {
        Swift.print(TextSafety.sanitise(text, keepNewlines: true))
    }

    /// A note on stderr (not part of a command's output).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((TextSafety.sanitise(text, keepNewlines: true) + "\n").utf8))
    }

    /// A progress handler drawing a bar on stderr when it is a terminal (silent otherwise).
    static func progressBar() -> ProgressHandler? {
        guard stderrIsTTY else { return nil }
        let state = ProgressState()
        return { stage, fraction in state.draw(stage: stage, fraction: fraction) }
    }

    /// Ends a progress bar's line.
    static func endProgress() {
        if stderrIsTTY { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}

/// Throttles progress drawing to a few updates a second.
final class ProgressState: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast
    private var lastStage = ""

    func draw(stage: String, fraction: Double) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 || stage != lastStage || fraction >= 1 else { return }
        last = now; lastStage = stage
        let width = 30
        let f = max(0, min(1, fraction))
        let filled = Int(f * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = "\r\u{1B}[2K  \(bar) \(String(format: "%3d", Int(f * 100)))%  \(TextSafety.sanitise(stage))"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
