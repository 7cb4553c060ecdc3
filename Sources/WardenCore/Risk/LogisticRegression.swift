import Foundation

/// A design matrix for a linear model: `rows` observations of `columns` features, stored
/// column by column so that the solver's sums run over contiguous memory.
public struct DesignMatrix: Sendable, Equatable {
    /// Number of observations.
    public let rows: Int
    /// Number of features (the intercept is not a column: the solver adds it).
    public let columns: Int
    /// `values[j * rows + i]` is feature `j` of observation `i`.
    public var values: [Double]

    /// A matrix from its column-major values.
    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from rows of features (convenient for small, fixed data sets).
    public init(rowMajor data: [[Double]]) {
        let n = data.count, p = data.first?.count ?? 0
        var v = [Double](repeating: 0, count: n * p)
        for (i, row) in data.enumerated() {
            precondition(row.count == p, "every row needs \(p) features")
            for j in 0..<p { v[j * n + i] = row[j] }
        }
        self.init(rows: n, columns: p, values: v)
    }

    /// Feature `j` of observation `i`.
    public subscript(i: Int, j: Int) -> Double { values[j * rows + i] }
}

/// L2-regularised (ridge) logistic regression, fitted by Newton's method.
///
/// Minimises `Σ wᵢ·[log(1 + e^ηᵢ) − yᵢ·ηᵢ] + λ/2·‖β‖²` with `ηᵢ = β₀ + xᵢ·β`; the intercept `β₀`
/// is not penalised. That is scikit-learn's `LogisticRegression(C = 1/λ)` objective, so its fits
/// are a reference to check this one against. The problem is strictly convex for `λ > 0`, so
/// Newton's method (with step halving as a safeguard) converges to the unique optimum in a
/// handful of iterations, and the same data always give the same coefficients.
public enum LogisticRegression {
    /// A fitted model.
    public struct Fit: Sendable, Codable, Equatable {
        /// β₀.
        public var intercept: Double
        /// β, one per column of the design matrix.
        public var coefficients: [Double]
        /// The penalty the fit used.
        public var lambda: Double
        /// Newton iterations taken.
        public var iterations: Int
        /// Whether the change in the coefficients fell below the tolerance.
        public var converged: Bool
        /// The value of the penalised objective at the solution.
        public var objective: Double

        public init(intercept: Double, coefficients: [Double], lambda: Double, iterations: Int = 0, converged: Bool = true, objective: Double = .nan) {
            self.intercept = intercept
            self.coefficients = coefficients
            self.lambda = lambda
            self.iterations = iterations
            self.converged = converged
            self.objective = objective
        }

        /// The linear predictor (log-odds) for one observation's features.
        public func logOdds(_ x: [Double]) -> Double {
            var eta = intercept
            for j in 0..<coefficients.count { eta += coefficients[j] * x[j] }
            return eta
        }
    }

    /// Fits the model. `labels` are 0 or 1; `weights` (default 1) scale each observation's loss,
    /// and a weight of 0 leaves an observation out (how cross-validation folds are fitted without
    /// copying the matrix). `start` warm-starts from an earlier fit.
    public static func fit(_ x: DesignMatrix, labels y: [Double], weights: [Double]? = nil, lambda: Double,
                           start: Fit? = nil, maxIterations: Int = 100, tolerance: Double = 1e-10) -> Fit {
        let n = x.rows, p = x.columns, q = p + 1
        precondition(y.count == n, "one label per row")
        precondition(weights == nil || weights!.count == n, "one weight per row")
        let w = weights ?? [Double](repeating: 1, count: n)
        var beta = [Double](repeating: 0, count: q)   // beta[0] = intercept
        if let s = start, s.coefficients.count == p {
            beta[0] = s.intercept
            for j in 0..<p { beta[j + 1] = s.coefficients[j] }
        } else {
            // Start at the weighted base rate: one step closer than zero, and never infinite.
            var sw = 0.0, sy = 0.0
            for i in 0..<n { sw += w[i]; sy += w[i] * y[i] }
            let rate = sw > 0 ? min(max(sy / sw, 1e-6), 1 - 1e-6) : 0.5
            beta[0] = log(rate / (1 - rate))
        }
        var eta = [Double](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: n)       // wᵢ μᵢ(1 − μᵢ)
        var r = [Double](repeating: 0, count: n)       // wᵢ (μᵢ − yᵢ)
        let block = 2048
        var tmp = [Double](repeating: 0, count: block * max(1, p))
        var hessian = [Double](repeating: 0, count: q * q)
        var gradient = [Double](repeating: 0, count: q)

        linearPredictor(x, beta, into: &eta)
        var objective = penalisedLoss(eta: eta, y: y, w: w, beta: beta, lambda: lambda)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            eta.withUnsafeBufferPointer { e in
                w.withUnsafeBufferPointer { wv in
                    y.withUnsafeBufferPointer { yv in
                        s.withUnsafeMutableBufferPointer { sv in
                            r.withUnsafeMutableBufferPointer { rv in
                                for i in 0..<n {
                                    let mu = sigmoid(e[i])
                                    sv[i] = wv[i] * mu * (1 - mu)
                                    rv[i] = wv[i] * (mu - yv[i])
                                }
                            }
                        }
                    }
                }
            }
            // Gradient and Hessian, a block of rows at a time so the block's columns stay in
            // cache while every pair of columns is multiplied (the sums are memory-bound otherwise).
            for d in 0..<q { gradient[d] = 0 }
            for d in 0..<(q * q) { hessian[d] = 0 }
            x.values.withUnsafeBufferPointer { xv in
                s.withUnsafeBufferPointer { sv in
                    r.withUnsafeBufferPointer { rv in
                        tmp.withUnsafeMutableBufferPointer { tv in
                            hessian.withUnsafeMutableBufferPointer { hv in
                                gradient.withUnsafeMutableBufferPointer { gv in
                                    let base = xv.baseAddress!, sp = sv.baseAddress!, rp = rv.baseAddress!, tp = tv.baseAddress!
                                    let h = hv.baseAddress!, g = gv.baseAddress!
                                    var start = 0
                                    while start < n {
                                        let m = min(block, n - start)
                                        g[0] += dot1(rp + start, m)
                                        h[0] += dot1(sp + start, m)
                                        for j in 0..<p {
                                            let col = base + j * n + start
                                            let tj = tp + j * block
                                            g[j + 1] += dot2(rp + start, col, m)
                                            for i in 0..<m { tj[i] = sp[start + i] * col[i] }
                                            h[(j + 1) * q] += dot1(tj, m)
                                            for k in 0...j {
                                                h[(j + 1) * q + (k + 1)] += dot2(tj, base + k * n + start, m)
                                            }
                                        }
                                        start += m
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for j in 0..<p {
                gradient[j + 1] += lambda * beta[j + 1]
                hessian[j + 1] = hessian[(j + 1) * q]
                for k in 0..<j { hessian[(k + 1) * q + (j + 1)] = hessian[(j + 1) * q + (k + 1)] }
                hessian[(j + 1) * q + (j + 1)] += lambda
            }
            // A whisper of extra curvature keeps the factorisation defined when a column is all
            // zeros and λ = 0; it is far below the tolerance of any answer.
            for d in 0..<q { hessian[d * q + d] += 1e-12 }
            guard let step = solveCholesky(hessian, gradient, q) else { break }
            // Newton step with halving: the objective must not rise.
            var t = 1.0
            var candidate = beta
            var newObjective = objective
            var accepted = false
            for _ in 0..<30 {
                for d in 0..<q { candidate[d] = beta[d] - t * step[d] }
                linearPredictor(x, candidate, into: &eta)
                newObjective = penalisedLoss(eta: eta, y: y, w: w, beta: candidate, lambda: lambda)
                if newObjective <= objective + 1e-12 * max(1, abs(objective)) { accepted = true; break }
                t /= 2
            }
            if !accepted { linearPredictor(x, beta, into: &eta); converged = true; break }
            var change = 0.0
            for d in 0..<q { change = max(change, abs(candidate[d] - beta[d])) }
            beta = candidate
            objective = newObjective
            if change < tolerance { converged = true; break }
        }
        return Fit(intercept: beta[0], coefficients: Array(beta[1...]), lambda: lambda, iterations: iterations,
                   converged: converged, objective: objective)
    }

    /// Probabilities for every row of `x`.
    public static func predict(_ fit: Fit, _ x: DesignMatrix) -> [Double] {
        var eta = [Double](repeating: 0, count: x.rows)
        linearPredictor(x, [fit.intercept] + fit.coefficients, into: &eta)
        return eta.map(sigmoid)
    }

    /// The logistic function, without overflow for large |η|.
    @inline(__always)
    public static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : { let e = exp(eta); return e / (1 + e) }()
    }

    // MARK: - Internals

    static func linearPredictor(_ x: DesignMatrix, _ beta: [Double], into eta: inout [Double]) {
        let n = x.rows
        for i in 0..<n { eta[i] = beta[0] }
        x.values.withUnsafeBufferPointer { xv in
            eta.withUnsafeMutableBufferPointer { e in
                for j in 0..<x.columns where beta[j + 1] != 0 {
                    let b = beta[j + 1]
                    let col = xv.baseAddress! + j * n
                    for i in 0..<n { e[i] += b * col[i] }
                }
            }
        }
    }

    static func penalisedLoss(eta: [Double], y: [Double], w: [Double], beta: [Double], lambda: Double) -> Double {
        var loss = 0.0
        for i in 0..<eta.count where w[i] != 0 {
            let e = eta[i]
            // log(1 + e^η) computed stably.
            let softplus = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))
            loss += w[i] * (softplus - y[i] * e)
        }
        var penalty = 0.0
        for d in 1..<beta.count { penalty += beta[d] * beta[d] }
        return loss + lambda / 2 * penalty
    }

    /// Σ a[i], with four partial sums so the loop vectorises.
    static func sum(_ a: [Double], _ n: Int) -> Double {
        a.withUnsafeBufferPointer { dot1($0.baseAddress!, n) }
    }

    static func dot(_ a: [Double], _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        a.withUnsafeBufferPointer { dot2($0.baseAddress!, b, n) }
    }

    @inline(__always)
    static func dot1(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let raw = UnsafeRawPointer(a)
        while i + 8 <= n {
            s0 += raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            s1 += raw.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            i += 8
        }
        var total = (s0 + s1).sum()
        while i < n { total += a[i]; i += 1 }
        return total
    }

    @inline(__always)
    static func dot2(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            i += 8
        }
        var total = (s0 + s1).sum()
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// Solves `A·x = b` for a symmetric positive-definite `A` (q×q, row-major); nil if it is not.
    static func solveCholesky(_ a: [Double], _ b: [Double], _ q: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: q * q)
        for i in 0..<q {
            for j in 0...i {
                var v = a[i * q + j]
                for k in 0..<j { v -= l[i * q + k] * l[j * q + k] }
                if i == j {
                    guard v > 0, v.isFinite else { return nil }
                    l[i * q + i] = v.squareRoot()
                } else {
                    l[i * q + j] = v / l[j * q + j]
                }
            }
        }
        var z = [Double](repeating: 0, count: q)
        for i in 0..<q {
            var v = b[i]
            for k in 0..<i { v -= l[i * q + k] * z[k] }
            z[i] = v / l[i * q + i]
        }
        var x = [Double](repeating: 0, count: q)
        for i in stride(from: q - 1, through: 0, by: -1) {
            var v = z[i]
            for k in (i + 1)..<q { v -= l[k * q + i] * x[k] }
            x[i] = v / l[i * q + i]
        }
        return x
    }
}
