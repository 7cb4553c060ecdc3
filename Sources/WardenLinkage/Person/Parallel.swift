import Dispatch

/// Deterministic data parallelism: work is split into fixed chunks whose results are combined
/// in chunk order, so the output never depends on thread scheduling.
enum Parallel {
    /// Number of workers: the machine's active processors, at most 8.
    static let workers: Int = {
        #if canImport(Glibc)
        return max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        #else
        return 2
        #endif
    }()

    /// Runs `body` over contiguous ranges covering 0..<count, in parallel.
    static func forChunks(count: Int, minChunk: Int = 1024, _ body: @Sendable (Range<Int>) -> Void) {
        if count == 0 { return }
        let chunks = max(1, min(workers * 4, (count + minChunk - 1) / minChunk))
        if chunks == 1 { body(0..<count); return }
        let size = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Maps each of `chunks` tasks to a result, in parallel; results come back in task order.
    static func map<T>(tasks: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if tasks == 0 { return [] }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: tasks)
        results.initialize(repeating: nil, count: tasks)
        defer { results.deinitialize(count: tasks); results.deallocate() }
        let box = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: tasks) { t in box.value[t] = body(t) }
        return (0..<tasks).map { results[$0]! }
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension SeededRandom {
    /// A uniform integer in `0..<n` (n > 0) by multiply-high.
    /// (`SeededRandom.below` in Support/ returns 0 for every n < 2^32: in
    /// `(next() >> 32) &* UInt64(n) >> 32` the shift binds tighter than `&*`. Reported; not
    /// used here until it is fixed.)
    @inline(__always)
    mutating func draw(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}
