/// Keeping virtual-person ids stable across linkage runs.
///
/// Each run re-links all records; a person's id must survive it. A new cluster takes the
/// previous id that most of its records carried. When a person splits, the part holding most
/// of the old records keeps the id; when two people merge, the id with more records wins (the
/// other is retired). Ties go to the smaller id, so the result is deterministic.
public enum PersonIdentity {

    /// The outcome of carrying ids forward.
    public struct Assignment: Sendable, Equatable {
        /// New cluster id (`PersonCluster.id`) → the person id it keeps, or nil for a new person.
        public var kept: [Int: Int]
        /// Previous person ids no cluster kept (merged into another, or all records gone).
        public var retired: [Int]
    }

    /// Matches this run's clusters to previous person ids. `previous` maps a record's caller
    /// index to the person id it had (records new to this run are simply absent).
    public static func carryForward(previous: [Int: Int], clusters: [PersonCluster]) -> Assignment {
        // candidate (cluster, old id, overlap) triples
        var candidates: [(cluster: Int, old: Int, overlap: Int)] = []
        for c in clusters {
            var counts: [Int: Int] = [:]
            for r in c.members { if let old = previous[r] { counts[old, default: 0] += 1 } }
            for old in counts.keys.sorted() { candidates.append((c.id, old, counts[old]!)) }
        }
        // largest overlaps claim first; ties by smaller old id, then smaller cluster id
        candidates.sort { a, b in
            if a.overlap != b.overlap { return a.overlap > b.overlap }
            if a.old != b.old { return a.old < b.old }
            return a.cluster < b.cluster
        }
        var kept: [Int: Int] = [:]
        var used = Set<Int>()
        for c in candidates where kept[c.cluster] == nil && !used.contains(c.old) {
            kept[c.cluster] = c.old
            used.insert(c.old)
        }
        let allOld = Set(previous.values)
        return Assignment(kept: kept, retired: allOld.subtracting(used).sorted())
    }
}
