import WardenLinkage

/// Name comparisons on interned codes, precomputed once per scan: a household of a million
/// residents' borough compares names tens of millions of times.
///
/// Names are already folded (lower case, accents removed). The letter `ʔ` stands for a
/// character a code page lost ("?" in a Windows-1252 extract) and matches any letter.
struct NameTable: Sendable {
    static let unknown: UInt32 = 0x294   // ʔ

    private let scalars: [[UInt32]]       // by string code
    private let compact: [[UInt32]]       // without spaces
    private let tokens: [[Int32]]         // token codes (for double-barrelled names)
    private let tokenLengths: [[Int]]
    private let nicknames: [[Int32]]      // nickname / variant groups
    private let otherScript: [Bool]

    init(strings: [String]) {
        var tokenIndex: [Substring: Int32] = [:]
        var scalars: [[UInt32]] = [], compact: [[UInt32]] = [], tokens: [[Int32]] = [], tokenLengths: [[Int]] = []
        var nicknames: [[Int32]] = [], otherScript: [Bool] = []
        scalars.reserveCapacity(strings.count)
        for s in strings {
            let u = s.unicodeScalars.map(\.value)
            scalars.append(u)
            compact.append(u.filter { $0 != 32 })
            var t: [Int32] = [], l: [Int] = []
            for part in s.split(separator: " ") {
                let code: Int32
                if let c = tokenIndex[part] { code = c } else { code = Int32(tokenIndex.count); tokenIndex[part] = code }
                t.append(code); l.append(part.unicodeScalars.count)
            }
            tokens.append(t); tokenLengths.append(l)
            nicknames.append(s.isEmpty || s.contains(" ") ? [] : Nicknames.groups(of: s))
            otherScript.append(!u.isEmpty && u.contains { $0 > 0x24F && $0 != Self.unknown })
        }
        self.scalars = scalars; self.compact = compact; self.tokens = tokens; self.tokenLengths = tokenLengths
        self.nicknames = nicknames; self.otherScript = otherScript
    }

    func length(_ c: Int32) -> Int { scalars[Int(c)].count }
    func first(_ c: Int32) -> UInt32? { scalars[Int(c)].first }
    func isOtherScript(_ c: Int32) -> Bool { otherScript[Int(c)] }

    /// Equal, counting the unknown letter as any letter.
    static func equalWithUnknown(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] && a[i] != unknown && b[i] != unknown { return false }
        return true
    }

    /// At most one insertion, deletion, substitution or transposition apart.
    static func withinOneEdit(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        let n = a.count, m = b.count
        if abs(n - m) > 1 { return false }
        var i = 0
        while i < n && i < m && a[i] == b[i] { i += 1 }
        if i == n && i == m { return true }
        if n == m {
            // substitution, or transposition of i and i+1
            if a[(i + 1)...] == b[(i + 1)...] { return true }
            if i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...] { return true }
            return false
        }
        return n > m ? a[(i + 1)...] == b[i...] : a[i...] == b[(i + 1)...]
    }

    /// Surnames that are one: equal, a shared part of a double-barrelled name, one slip apart,
    /// or a character lost at the front.
    func surnamesAgree(_ a: Int32, _ b: Int32) -> Bool {
        if a == b { return true }
        if a == 0 || b == 0 { return false }
        let ta = tokens[Int(a)], tb = tokens[Int(b)], la = tokenLengths[Int(a)]
        for (k, t) in ta.enumerated() where la[k] >= 3 && tb.contains(t) { return true }
        let ca = compact[Int(a)], cb = compact[Int(b)]
        if Self.equalWithUnknown(ca, cb) { return true }
        if ca.count >= 4 && cb.count >= 4 && Self.withinOneEdit(ca, cb) { return true }
        if abs(ca.count - cb.count) == 1 && ca.count >= 3 && cb.count >= 3 {
            let (long, short) = ca.count > cb.count ? (ca, cb) : (cb, ca)
            if Array(long.dropFirst()) == short { return true }
        }
        return false
    }

    /// Given names that are one: equal, an initial (when allowed), a two-consonant abbreviation,
    /// a nickname or variant, or one slip apart.
    func givensAgree(_ a: Int32, _ b: Int32, allowInitial: Bool) -> Bool {
        if a == b { return true }
        if a == 0 || b == 0 { return false }
        let x = scalars[Int(a)], y = scalars[Int(b)]
        if Self.equalWithUnknown(x, y) { return true }
        if x.count == 1 || y.count == 1 {
            guard allowInitial else { return false }
            return x[0] == y[0] || x == [Self.unknown] || y == [Self.unknown]
        }
        if allowInitial && (x.count == 2 || y.count == 2) {
            let (short, long) = x.count == 2 ? (x, y) : (y, x)
            let vowels: Set<UInt32> = [97, 101, 105, 111, 117]
            if long.count > 2 && !short.contains(where: vowels.contains) && long.first == short.first && long.last == short.last { return true }
        }
        let na = nicknames[Int(a)]
        if !na.isEmpty && nicknames[Int(b)].contains(where: na.contains) { return true }
        if x.count >= 4 && y.count >= 4 && Self.withinOneEdit(x, y) { return true }
        return false
    }
}
