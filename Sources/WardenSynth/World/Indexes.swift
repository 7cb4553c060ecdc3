import WardenLinkage

extension World {
    /// Builds the lookup indexes once the simulation is complete (counting sorts: stable, O(n)).
    func buildIndexes() {
        // Stays by person, ordered by start.
        personStayStart = Self.offsets(count: persons.count, keys: stays.lazy.map { Int($0.person) })
        staysByPerson = Self.bucket(count: persons.count, offsets: personStayStart, keys: stays.lazy.map { Int($0.person) })
        for p in 0..<persons.count {
            let lo = Int(personStayStart[p]), hi = Int(personStayStart[p + 1])
            if hi - lo > 1 { staysByPerson[lo..<hi].sort { stays[Int($0)].from != stays[Int($1)].from ? stays[Int($0)].from < stays[Int($1)].from : $0 < $1 } }
        }
        propertyOccStart = Self.offsets(count: properties.count, keys: occupancies.lazy.map { Int($0.property) })
        occByProperty = Self.bucket(count: properties.count, offsets: propertyOccStart, keys: occupancies.lazy.map { Int($0.property) })
        for p in 0..<properties.count {
            let lo = Int(propertyOccStart[p]), hi = Int(propertyOccStart[p + 1])
            if hi - lo > 1 { occByProperty[lo..<hi].sort { occupancies[Int($0)].from != occupancies[Int($1)].from ? occupancies[Int($0)].from < occupancies[Int($1)].from : $0 < $1 } }
        }
        occStayStart = Self.offsets(count: occupancies.count, keys: stays.lazy.map { Int($0.occupancy) })
        staysByOcc = Self.bucket(count: occupancies.count, offsets: occStayStart, keys: stays.lazy.map { Int($0.occupancy) })
    }

    private static func offsets<S: Sequence>(count: Int, keys: S) -> [Int32] where S.Element == Int {
        var counts = [Int32](repeating: 0, count: count + 1)
        for k in keys { counts[k + 1] += 1 }
        for i in 0..<count { counts[i + 1] += counts[i] }
        return counts
    }

    private static func bucket<S: Sequence>(count: Int, offsets: [Int32], keys: S) -> [Int32] where S.Element == Int {
        var next = offsets
        var out = [Int32](repeating: 0, count: Int(offsets[count]))
        for (i, k) in keys.enumerated() {
            out[Int(next[k])] = Int32(i)
            next[k] += 1
        }
        return out
    }
}
