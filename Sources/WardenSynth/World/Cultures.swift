import WardenLinkage

/// Runtime name tables of one cultural background: interned ids and samplers.
struct NameList {
    var ids: [Int32] = []
    var table = WeightedTable([Int]())
    var isEmpty: Bool { ids.isEmpty }
    func pick(_ r: inout SeededRandom) -> Int32 { ids[table.pick(&r)] }
}

final class Culture {
    let spec: NameData.CultureSpec
    var male = NameList(), female = NameList(), maleOld = NameList(), femaleOld = NameList()
    var middleMale = NameList(), middleFemale = NameList(), femaleSurnames = NameList()
    /// Surnames: masculine and feminine forms (equal unless the language inflects them).
    var surnameMale: [Int32] = [], surnameFemale: [Int32] = []
    var surnameTable = WeightedTable([Int]())

    init(spec: NameData.CultureSpec, book: NameBook) {
        self.spec = spec
        func list(_ s: String) -> NameList {
            var l = NameList()
            var weights: [Int] = []
            for entry in Culture.entries(s) {
                l.ids.append(book.intern(entry.name, native: entry.native))
                weights.append(entry.weight)
            }
            l.table = WeightedTable(weights)
            return l
        }
        male = list(spec.male); female = list(spec.female)
        maleOld = list(spec.maleOld); femaleOld = list(spec.femaleOld)
        middleMale = list(spec.middleMale); middleFemale = list(spec.middleFemale)
        femaleSurnames = list(spec.femaleSurnames)
        var weights: [Int] = []
        for entry in Culture.entries(spec.surnames) {
            let m = book.intern(entry.name, native: entry.native)
            let f = entry.feminine.isEmpty ? m : book.intern(entry.feminine, native: entry.native)
            surnameMale.append(m); surnameFemale.append(f)
            weights.append(entry.weight)
        }
        if let tail = NameData.tails[spec.key] {
            // Each tail name weighs the same; together they weigh `share` of the listed names.
            let headTotal = weights.reduce(0, +)
            let n = tail.prefixes.count * tail.suffixes.count
            let each = max(1, Int(Double(headTotal) * tail.share * 100 / Double(n)))
            weights = weights.map { $0 * 100 }
            for p in tail.prefixes {
                for sfx in tail.suffixes {
                    let parts = sfx.split(separator: "/")
                    let m = book.intern(p + parts[0].lowercased())
                    let f = parts.count > 1 ? book.intern(p + parts[1].lowercased()) : m
                    surnameMale.append(m); surnameFemale.append(f)
                    weights.append(each)
                }
            }
        }
        surnameTable = WeightedTable(weights)
        for (i, f) in surnameFemale.enumerated() where indexBySurname[f] == nil { indexBySurname[f] = i }
        for (i, m) in surnameMale.enumerated() { indexBySurname[m] = i }
    }

    /// Surname id → index in the surname tables (either form); looked up, never iterated.
    private var indexBySurname: [Int32: Int] = [:]

    func surnameIndex(of id: Int32) -> Int? { indexBySurname[id] }

    struct Entry { var name: String; var feminine: String; var native: String; var weight: Int }

    /// Parsed name lists, cached (the specs are constants).
    private static let cache: [String: [Entry]] = {
        var out: [String: [Entry]] = [:]
        for c in NameData.cultures {
            for s in [c.surnames, c.male, c.female, c.maleOld, c.femaleOld, c.middleMale, c.middleFemale, c.femaleSurnames] {
                out[s] = parse(s)
            }
        }
        return out
    }()

    static func entries(_ s: String) -> [Entry] { cache[s] ?? parse(s) }

    private static func parse(_ s: String) -> [Entry] {
        guard !s.isEmpty else { return [] }
        return s.split(separator: ",").map { raw in
            let parts = raw.split(separator: ":", maxSplits: 1)
            var namePart = String(parts[0])
            let weight = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
            var native = ""
            if let eq = namePart.firstIndex(of: "=") {
                native = String(namePart[namePart.index(after: eq)...])
                namePart = String(namePart[..<eq])
            }
            var fem = ""
            if let sl = namePart.firstIndex(of: "/") {
                fem = String(namePart[namePart.index(after: sl)...])
                namePart = String(namePart[..<sl])
            }
            return Entry(name: namePart, feminine: fem, native: native, weight: weight)
        }
    }

    /// A given name for someone of this background born in `birthYear`.
    func given(male isMale: Bool, birthYear: Int, _ r: inout SeededRandom) -> Int32 {
        let old = birthYear < 1968 && r.chance(0.75)
        if isMale { return (old && !maleOld.isEmpty ? maleOld : male).pick(&r) }
        return (old && !femaleOld.isEmpty ? femaleOld : female).pick(&r)
    }

    /// A surname index into the surname tables.
    func surnameIndex(_ r: inout SeededRandom) -> Int { surnameTable.pick(&r) }
}
