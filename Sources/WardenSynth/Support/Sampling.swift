import WardenLinkage

/// A discrete distribution over 0..<count built from integer weights; sampling is a binary search.
struct WeightedTable: Sendable {
    private(set) var cumulative: [UInt64] = []
    var total: UInt64 { cumulative.last ?? 0 }
    var count: Int { cumulative.count }

    init<S: Sequence>(_ weights: S) where S.Element == Int {
        var t: UInt64 = 0
        for w in weights { t += UInt64(max(0, w)); cumulative.append(t) }
    }

    init(doubles weights: [Double], scale: Double = 1_000_000) {
        self.init(weights.map { Int(($0 * scale).rounded()) })
    }

    func pick(_ r: inout SeededRandom) -> Int {
        let t = total
        precondition(t > 0, "empty weighted table")
        let x = (r.next() % t)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

extension SeededRandom {
    /// A uniform integer in `0..<n` (n > 0).
    ///
    /// Used instead of `SeededRandom.below`, whose shift binds tighter than its multiplication
    /// (`x >> 32 &* n >> 32` is `x * (n >> 32)`), so it returns 0 for every n < 2^32.
    @inline(__always) mutating func under(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }

    /// Uniform integer in `lo...hi`.
    @inline(__always) mutating func int(_ lo: Int, _ hi: Int) -> Int { hi <= lo ? lo : lo + under(hi - lo + 1) }

    /// One element, uniformly.
    @inline(__always) mutating func pick<T>(_ items: [T]) -> T { items[under(items.count)] }

    /// Index from weights written inline (small tables).
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var x = under(total)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// Poisson-distributed count with mean `lambda` (Knuth's method with a deterministic exp).
    mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 30 {
            // Normal approximation from twelve uniforms (no libm).
            var s = 0.0
            for _ in 0..<12 { s += unit() }
            let v = lambda + (s - 6) * DetMath.sqrt(lambda)
            return max(0, Int(v + 0.5))
        }
        let l = DetMath.exp(-lambda)
        var k = 0
        var p = 1.0
        repeat { k += 1; p *= unit() } while p > l
        return k - 1
    }

    /// Stable per-item stream: the same (seed, label, index) always gives the same draws, so a
    /// decision about item i does not depend on how many draws were made before it.
    static func item(_ seed: UInt64, _ label: String, _ index: Int) -> SeededRandom {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return SeededRandom(seed: seed ^ h ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
    }
}

/// Arithmetic that gives the same bits on every machine: only IEEE basic operations (which are
/// correctly rounded everywhere), never the platform's libm.
enum DetMath {
    static func sqrt(_ x: Double) -> Double { x.squareRoot() }

    /// e^x by range reduction and a Taylor series.
    static func exp(_ x: Double) -> Double {
        if x == 0 { return 1 }
        var n = 0
        var y = x
        while y > 0.5 { y /= 2; n += 1 }
        while y < -0.5 { y /= 2; n += 1 }
        var term = 1.0, sum = 1.0
        for k in 1...20 { term *= y / Double(k); sum += term }
        for _ in 0..<n { sum *= sum }
        return sum
    }
}
