import Testing
@testable import TerminalKit

/// Draws into a fresh canvas of the given size and returns it.
func canvas(_ width: Int, _ height: Int, symbols: Symbols = .unicode, _ body: (inout Canvas) -> Void) -> Canvas {
    var c = Canvas(size: Size(width: width, height: height), symbols: symbols)
    body(&c)
    return c
}

/// Compares what a person would see with `expected`, in the style of ratatui's `Buffer::with_lines`.
///
/// Expected lines may leave out trailing blanks (they are padded to the canvas width); anything
/// else must match exactly, including every wide character's position.
func expectScreen(_ canvas: Canvas, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = canvas.lines
    let padded = expected.map { line -> String in
        let w = DisplayWidth.of(line)
        return w < canvas.width ? line + String(repeating: " ", count: canvas.width - w) : line
    }
    if actual != padded {
        let shown = actual.map { "|" + $0 + "|" }.joined(separator: "\n")
        let wanted = padded.map { "|" + $0 + "|" }.joined(separator: "\n")
        Issue.record("screen differs\n--- actual\n\(shown)\n--- expected\n\(wanted)", sourceLocation: sourceLocation)
    }
}

/// The display column at which `needle` starts in `line`, or nil.
func column(of needle: String, in line: String) -> Int? {
    guard let r = line.range(of: needle) else { return nil }
    return DisplayWidth.of(String(line[..<r.lowerBound]))
}

extension String {
    func range(of needle: String) -> Range<String.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
