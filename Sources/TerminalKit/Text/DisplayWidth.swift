/// How many terminal columns text takes, computed from compiled-in Unicode tables.
///
/// Why not libc `wcwidth`: its answer depends on the process locale, so the same test would pass
/// under `LANG=C.UTF-8` and fail under `LANG=C`. These tables are deterministic everywhere.
public enum DisplayWidth {
    /// Columns taken by one Unicode scalar on its own: 0 (combining marks, format characters),
    /// 1, or 2 (East Asian Wide/Fullwidth and emoji). Control characters count as 0.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        if contains(WidthTables.zeroWidth, v) { return 0 }
        if contains(WidthTables.wide, v) { return 2 }
        return 1
    }

    /// Columns taken by one grapheme cluster (what a person sees as one character).
    ///
    /// The cluster takes the width of its first spacing scalar, so "e\u{301}" is 1 and
    /// "👩‍👩‍👧" (a ZWJ sequence) is 2. A regional-indicator pair (a flag) and an emoji with
    /// variation selector 16 take 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return of(first) }
        if isRegionalIndicator(first) && isRegionalIndicator(second) { return 2 }
        var sawEmojiSelector = second.value == 0xFE0F
        var width = of(first)
        if width == 0 {
            // A cluster that starts with a zero-width scalar takes the width of its first spacing one.
            for s in scalars.dropFirst() where of(s) > 0 {
                width = of(s)
                break
            }
        }
        if !sawEmojiSelector {
            sawEmojiSelector = scalars.contains { $0.value == 0xFE0F }
        }
        if sawEmojiSelector && width == 1 && first.properties.isEmoji { return 2 }
        return width
    }

    /// Columns taken by a whole string, grapheme by grapheme (controls count as 0).
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for c in text { total += of(c) }
        return total
    }

    static func isRegionalIndicator(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x1F1E6 && s.value <= 0x1F1FF
    }

    private static func contains(_ table: [(UInt32, UInt32)], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = table.count - 1
        if v < table[0].0 || v > table[hi].1 { return false }
        while lo <= hi {
            let mid = (lo + hi) / 2
            let (a, b) = table[mid]
            if v < a { hi = mid - 1 } else if v > b { lo = mid + 1 } else { return true }
        }
        return false
    }
}
