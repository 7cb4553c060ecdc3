/// Horizontal placement of text inside a wider space.
public enum Alignment: Hashable, Sendable {
    case left, center, right
}

/// Measuring, truncating, padding and wrapping text by display width (not by characters or bytes).
///
/// Every function sanitises its input first (see ``Sanitizer``), so what it measures is what
/// ``Canvas`` will draw.
public enum TextLayout {
    /// Shortens `text` to at most `width` columns, ending in `ellipsis` when anything was cut.
    ///
    /// A wide character that would straddle the limit is dropped rather than split, so the result
    /// may be one column narrower than `width`; ``fit(_:width:alignment:ellipsis:)`` pads it.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let clean = Sanitizer.sanitize(text)
        guard width > 0 else { return "" }
        if DisplayWidth.of(clean) <= width { return clean }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        let room = ellipsisWidth <= width ? width - ellipsisWidth : width
        var out = ""
        var used = 0
        for c in clean {
            let w = DisplayWidth.of(c)
            if used + w > room { break }
            out.append(c)
            used += w
        }
        return ellipsisWidth <= width ? out + ellipsis : out
    }

    /// Truncates `text` to `width` columns and pads it with spaces to exactly `width` columns.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        let gap = width - DisplayWidth.of(cut)
        switch alignment {
        case .left: return cut + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + cut
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: gap - left)
        }
    }

    /// Breaks `text` into lines of at most `width` columns, at spaces where possible.
    ///
    /// Line breaks in the text are kept; a word longer than a line is split between graphemes.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        let clean = Sanitizer.sanitize(text, keepNewlines: true)
        var lines: [String] = []
        for paragraph in clean.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var piece = String(word)
                var pieceWidth = DisplayWidth.of(piece)
                if lineWidth > 0 && lineWidth + 1 + pieceWidth <= width {
                    line += " " + piece
                    lineWidth += 1 + pieceWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                // Split words wider than a whole line.
                while pieceWidth > width {
                    var head = ""
                    var headWidth = 0
                    var rest = Substring(piece)
                    while let c = rest.first {
                        let w = DisplayWidth.of(c)
                        if headWidth + w > width { break }
                        head.append(c)
                        headWidth += w
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty { // a wide character in a one-column space: it cannot be shown
                        rest = rest.dropFirst()
                    } else {
                        lines.append(head)
                    }
                    piece = String(rest)
                    pieceWidth = DisplayWidth.of(piece)
                }
                line = piece
                lineWidth = pieceWidth
            }
            lines.append(line)
        }
        return lines
    }
}
