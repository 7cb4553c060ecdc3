#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small text helpers private to address matching (kept here, not shared, so that the address
/// folder has no dependency on other linkage code).
enum AddressText {
    /// Words that carry no information about which property is meant.
    static let stopWords: Set<String> = ["THE", "OF", "AND", "AT", "NO", "IN", "ON", "TO"]

    /// Optimal-string-alignment distance (Levenshtein plus adjacent swaps) between two byte
    /// strings, giving up early (returning `limit + 1`) once it must exceed `limit`.
    static func osaDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 { return m }
        if m == 0 { return n }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = [Int](0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }

    /// A flat identifier in one form: leading zeros dropped ("02" → "2", "G01" → "G1").
    static func normaliseFlatID(_ s: String) -> String {
        var out: [UInt8] = []
        var inDigits = false
        var leading = true
        for u in s.utf8 {
            let isDigit = u >= 48 && u <= 57
            if isDigit {
                if !inDigits { leading = true; inDigits = true }
                if leading && u == 48 { continue }
                leading = false
                out.append(u)
            } else {
                if inDigits && leading { out.append(48) }  // the number was all zeros
                inDigits = false
                out.append(u)
            }
        }
        if inDigits && leading { out.append(48) }
        return String(decoding: out, as: UTF8.self)
    }

    /// "B" ↔ "2": lettered and numbered flats are sometimes the same flats counted two ways.
    static func ordinalEquivalent(_ a: String, _ b: String) -> Bool {
        func ordinal(_ s: String) -> Int? {
            if let v = Int(s) { return v }
            let u = Array(s.utf8)
            if u.count == 1, u[0] >= 65, u[0] <= 90 { return Int(u[0]) - 64 }
            return nil
        }
        guard let x = ordinal(a), let y = ordinal(b) else { return false }
        return x == y && (Int(a) == nil) != (Int(b) == nil)
    }

    /// Natural log (kept here so callers need not import the C library).
    @inline(__always) static func ln(_ x: Double) -> Double { log(x) }
    /// e to the power x.
    @inline(__always) static func expo(_ x: Double) -> Double { exp(x) }
}
