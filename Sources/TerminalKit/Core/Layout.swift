/// How much of a rect one part of a layout takes, along the axis being split.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (fewer only if the space runs out).
    case fixed(Int)
    /// This percentage (0–100) of the space left after spacing.
    case percent(Int)
    /// At least this many cells, growing like `.fill(1)` when space is left over.
    case min(Int)
    /// A share of the space left over, in proportion to the weight (1 when unsure).
    case fill(Int)

    /// A share of the leftover space with weight 1.
    public static var fill: Constraint { .fill(1) }
}

/// The direction in which a rect is cut.
public enum Axis: Hashable, Sendable {
    /// Parts stacked top to bottom (rows).
    case vertical
    /// Parts side by side left to right (columns).
    case horizontal
}

extension Rect {
    /// Splits the rect along `axis` into one rect per constraint, in order.
    ///
    /// Fixed and percentage parts are placed first; `min` parts get their minimum; whatever is
    /// left is shared by `fill` and `min` parts by weight. When the rect is too small, the last
    /// parts shrink first, so a header at the top survives a window that is shrinking.
    public func split(_ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let length = axis == .vertical ? height : width
        let count = constraints.count
        guard count > 0 else { return [] }
        let gap = max(0, spacing)
        let available = max(0, length - gap * (count - 1))

        var sizes = [Int](repeating: 0, count: count)
        var weights = [Int](repeating: 0, count: count)
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fixed(let n): sizes[i] = max(0, n)
            case .percent(let p): sizes[i] = available * Swift.min(100, Swift.max(0, p)) / 100
            case .min(let n): sizes[i] = max(0, n); weights[i] = 1
            case .fill(let w): weights[i] = max(0, w)
            }
        }
        // Too little room: take cells back from the last parts first.
        var excess = sizes.reduce(0, +) - available
        var i = count - 1
        while excess > 0 && i >= 0 {
            let take = Swift.min(excess, sizes[i])
            sizes[i] -= take
            excess -= take
            i -= 1
        }
        // Room to spare: share it by weight, handing out remainders from the first part on.
        let leftover = available - sizes.reduce(0, +)
        let totalWeight = weights.reduce(0, +)
        if leftover > 0 && totalWeight > 0 {
            var given = 0
            for j in 0..<count where weights[j] > 0 {
                let share = leftover * weights[j] / totalWeight
                sizes[j] += share
                given += share
            }
            var rest = leftover - given
            var j = 0
            while rest > 0 {
                if weights[j] > 0 {
                    sizes[j] += 1
                    rest -= 1
                }
                j = (j + 1) % count
            }
        }

        var result: [Rect] = []
        result.reserveCapacity(count)
        var offset = axis == .vertical ? y : x
        for (k, s) in sizes.enumerated() {
            if axis == .vertical {
                result.append(Rect(x: x, y: offset, width: width, height: s))
            } else {
                result.append(Rect(x: offset, y: y, width: s, height: height))
            }
            offset += s + (k < count - 1 ? gap : 0)
        }
        return result
    }

    /// Splits into rows top to bottom; see ``split(_:_:spacing:)``.
    public func splitVertically(_ constraints: Constraint..., spacing: Int = 0) -> [Rect] {
        split(.vertical, constraints, spacing: spacing)
    }

    /// Splits into columns left to right; see ``split(_:_:spacing:)``.
    public func splitHorizontally(_ constraints: Constraint..., spacing: Int = 0) -> [Rect] {
        split(.horizontal, constraints, spacing: spacing)
    }
}
