/// String similarity measures used by linkage: Jaro, Jaro–Winkler, Levenshtein and
/// Damerau–Levenshtein (optimal string alignment). They work on Unicode scalars, so
/// "Ağaoğlu" and "李小龍" compare by letter, not by byte.
///
/// The buffer-based forms are allocation-free for strings up to 64 letters (names are short);
/// linkage calls them millions of times.
public enum StringMetrics {

    // MARK: Jaro and Jaro–Winkler

    /// Jaro similarity in [0, 1]: 1 for equal strings, 0 when nothing matches.
    public static func jaro(_ a: String, _ b: String) -> Double {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        return x.withUnsafeBufferPointer { xa in y.withUnsafeBufferPointer { ya in jaro(xa, ya) } }
    }

    /// Jaro–Winkler similarity in [0, 1]: Jaro boosted by a common prefix of up to 4 letters
    /// (scale 0.1), because typing errors are rarer at the start of a name.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        return x.withUnsafeBufferPointer { xa in y.withUnsafeBufferPointer { ya in jaroWinkler(xa, ya) } }
    }

    /// Jaro–Winkler on scalar buffers.
    @inlinable
    public static func jaroWinkler(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Double {
        let j = jaro(a, b)
        if j <= 0 { return 0 }
        var prefix = 0
        let limit = min(4, min(a.count, b.count))
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        return j + Double(prefix) * 0.1 * (1 - j)
    }

    /// Jaro on scalar buffers.
    @inlinable
    public static func jaro(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Double {
        let la = a.count, lb = b.count
        if la == 0 && lb == 0 { return 1 }
        if la == 0 || lb == 0 { return 0 }
        if la == lb {
            var same = true
            for i in 0..<la where a[i] != b[i] { same = false; break }
            if same { return 1 }
        }
        if la > 64 || lb > 64 { return jaroLong(a, b) }
        let window = max(0, max(la, lb) / 2 - 1)
        var aFlags: UInt64 = 0, bFlags: UInt64 = 0
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            let c = a[i]
            var j = lo
            while j <= hi {
                if bFlags & (1 << UInt64(j)) == 0 && b[j] == c {
                    aFlags |= 1 << UInt64(i); bFlags |= 1 << UInt64(j); matches += 1
                    break
                }
                j += 1
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var k = 0
        for i in 0..<la where aFlags & (1 << UInt64(i)) != 0 {
            while bFlags & (1 << UInt64(k)) == 0 { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        return (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
    }

    @usableFromInline
    static func jaroLong(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Double {
        let la = a.count, lb = b.count
        let window = max(0, max(la, lb) / 2 - 1)
        var aF = [Bool](repeating: false, count: la), bF = [Bool](repeating: false, count: lb)
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !bF[j] && b[j] == a[i] {
                aF[i] = true; bF[j] = true; matches += 1; break
            }
        }
        if matches == 0 { return 0 }
        var t = 0, k = 0
        for i in 0..<la where aF[i] {
            while !bF[k] { k += 1 }
            if a[i] != b[k] { t += 1 }
            k += 1
        }
        let m = Double(matches)
        return (m / Double(la) + m / Double(lb) + (m - Double(t / 2)) / m) / 3
    }

    // MARK: Edit distances

    /// Levenshtein distance (insertions, deletions, substitutions).
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        return x.withUnsafeBufferPointer { xa in
            y.withUnsafeBufferPointer { ya in editDistance(xa, ya, transpositions: false, bound: Int.max) }
        }
    }

    /// Damerau–Levenshtein distance in its optimal-string-alignment form: Levenshtein plus
    /// transposition of two adjacent letters ("Jonh" → "John" is 1).
    public static func damerauLevenshtein(_ a: String, _ b: String) -> Int {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        return x.withUnsafeBufferPointer { xa in
            y.withUnsafeBufferPointer { ya in editDistance(xa, ya, transpositions: true, bound: Int.max) }
        }
    }

    /// Edit distance on scalar buffers; when the distance exceeds `bound` the result is
    /// `bound + 1` (the computation stops early, which is what linkage needs: "within 1?").
    public static func editDistance(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
                                    transpositions: Bool, bound: Int) -> Int {
        let la = a.count, lb = b.count
        if abs(la - lb) > bound { return bound == Int.max ? max(la, lb) : bound + 1 }
        if la == 0 { return lb }
        if lb == 0 { return la }
        let width = lb + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width * 3) { buf -> Int in
            var prev2 = 0, prev = width, cur = 2 * width
            for j in 0...lb { buf[prev + j] = j; buf[prev2 + j] = j }
            for i in 1...la {
                buf[cur] = i
                var rowMin = i
                let ca = a[i - 1]
                for j in 1...lb {
                    let cost = ca == b[j - 1] ? 0 : 1
                    var v = min(buf[prev + j] + 1, buf[cur + j - 1] + 1, buf[prev + j - 1] + cost)
                    if transpositions && i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == b[j - 1] {
                        v = min(v, buf[prev2 + j - 2] + 1)
                    }
                    buf[cur + j] = v
                    if v < rowMin { rowMin = v }
                }
                if rowMin > bound { return bound + 1 }
                let t = prev2; prev2 = prev; prev = cur; cur = t
            }
            let d = buf[prev + lb]
            return d > bound ? bound + 1 : d
        }
    }
}
