import Foundation
import GRDB

/// Measures the warehouse's linkage against a ground truth (the generator's `truth/` folder):
/// pairwise precision and recall for persons, and the share of address-bearing records given
/// the right UPRN. Evaluation only: nothing in the pipeline ever reads a truth file.
public struct LinkageEvaluation: Sendable, Codable {
    public struct Pairwise: Sendable, Codable {
        public var records: Int
        public var truePairs: Double
        public var predictedPairs: Double
        public var correctPairs: Double
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }
    public struct Addresses: Sendable, Codable {
        /// Records whose truth names a property in the borough.
        public var addressBearing: Int
        public var correct: Int
        /// Given the building of the right flat (not forced, but not the flat either).
        public var buildingOfCorrect: Int
        public var wrong: Int
        public var unmatched: Int
        /// Records whose truth says "not in the borough" but were given a UPRN.
        public var falseMatches: Int
        public var correctShare: Double
        public var wrongShare: Double
        /// Street-level event locations resolved to the right street.
        public var streetLocations: Int
        public var streetCorrect: Int
    }
    public struct SourceFigures: Sendable, Codable {
        public var source: String
        public var addressBearing: Int
        public var correct: Int
        public var wrong: Int
        public var unmatched: Int
    }
    public var persons: Pairwise?
    public var addresses: Addresses
    public var bySource: [SourceFigures]
    /// Truth rows that name a record the warehouse does not hold (rejected rows, mostly).
    public var truthRowsNotInWarehouse: Int

    /// Evaluates against `truthDir/records.csv`.
    public static func run(_ warehouse: Warehouse, truthDir: String) throws -> LinkageEvaluation {
        let path = (truthDir as NSString).appendingPathComponent("records.csv")
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no truth file here", remedy: "give the truth/ folder written by `warden generate`")
        }
        struct Ours { var person: Int64?; var uprn: Int64?; var eventUPRN: Int64?; var eventUSRN: Int64?; var hasAddress: Bool; var parentOfUPRN: Int64? }
        // (source name, line) → our links.
        let ours: [String: Ours] = try warehouse.pool.read { db in
            var m: [String: Ours] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.name, r.line, rl.person_id, rl.uprn, rl.event_uprn, rl.event_usrn, (r.address IS NOT NULL OR r.postcode IS NOT NULL) AS has_address,
                       p.parent_uprn
                FROM source_record r JOIN source s ON s.id = r.source_id LEFT JOIN record_link rl ON rl.record_id = r.id
                LEFT JOIN property p ON p.uprn = rl.uprn
                WHERE s.kind <> 'gazetteer'
                """)
            while let r = try rows.next() {
                m["\(r["name"] as String)#\(r["line"] as Int)"] = Ours(person: r["person_id"], uprn: r["uprn"], eventUPRN: r["event_uprn"], eventUSRN: r["event_usrn"],
                                                                       hasAddress: r["has_address"], parentOfUPRN: r["parent_uprn"])
            }
            return m
        }
        let parents: [Int64: Int64] = try warehouse.pool.read { db in
            var m: [Int64: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT uprn, parent_uprn FROM property WHERE parent_uprn IS NOT NULL") { m[r["uprn"]] = r["parent_uprn"] }
            return m
        }
        var a = Addresses(addressBearing: 0, correct: 0, buildingOfCorrect: 0, wrong: 0, unmatched: 0, falseMatches: 0, correctShare: 0, wrongShare: 0,
                          streetLocations: 0, streetCorrect: 0)
        var bySource: [String: SourceFigures] = [:]
        var missing = 0
        // Person contingency counts.
        var cell: [String: Int] = [:], truthSize: [String: Int] = [:], ourSize: [Int64: Int] = [:]
        var personRecords = 0
        var anyPerson = false
        let reader = try CSVReader(path: path, dialect: CSVDialect())
        var header: [String: Int] = [:]
        try reader.forEachRecord { rec in
            if header.isEmpty { for (i, h) in rec.strings.enumerated() { header[h] = i }; return true }
            func field(_ n: String) -> String { header[n].map { rec.string($0) } ?? "" }
            let key = field("source") + "#" + field("line")
            guard let o = ours[key] else { missing += 1; return true }
            let truthUPRN = Int64(field("uprn")), truthUSRN = Int64(field("usrn"))
            var s = bySource[field("source")] ?? SourceFigures(source: field("source"), addressBearing: 0, correct: 0, wrong: 0, unmatched: 0)
            let got = o.hasAddress ? o.uprn : (o.eventUPRN ?? o.uprn)
            if let t = truthUPRN {
                a.addressBearing += 1; s.addressBearing += 1
                if got == t { a.correct += 1; s.correct += 1 }
                else if let g = got, parents[t] == g { a.buildingOfCorrect += 1; s.unmatched += 1 }
                else if got == nil { a.unmatched += 1; s.unmatched += 1 }
                else { a.wrong += 1; s.wrong += 1 }
            } else if let tu = truthUSRN {
                a.streetLocations += 1
                if o.eventUSRN == tu { a.streetCorrect += 1 }
            } else if got != nil && o.hasAddress {
                a.falseMatches += 1
            }
            bySource[s.source] = s
            let tp = field("person_id")
            if !tp.isEmpty {
                personRecords += 1
                truthSize[tp, default: 0] += 1
                if let p = o.person {
                    anyPerson = true
                    ourSize[p, default: 0] += 1
                    cell["\(p)|\(tp)", default: 0] += 1
                }
            }
            return true
        }
        a.correctShare = a.addressBearing == 0 ? 0 : Double(a.correct) / Double(a.addressBearing)
        a.wrongShare = a.addressBearing == 0 ? 0 : Double(a.wrong) / Double(a.addressBearing)
        func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
        var persons: Pairwise?
        if anyPerson {
            let truePairs = truthSize.values.reduce(0) { $0 + pairs($1) }
            let predicted = ourSize.values.reduce(0) { $0 + pairs($1) }
            let correct = cell.values.reduce(0) { $0 + pairs($1) }
            let p = predicted == 0 ? 1 : correct / predicted, r = truePairs == 0 ? 1 : correct / truePairs
            persons = Pairwise(records: personRecords, truePairs: truePairs, predictedPairs: predicted, correctPairs: correct,
                               precision: p, recall: r, f1: p + r == 0 ? 0 : 2 * p * r / (p + r))
        }
        return LinkageEvaluation(persons: persons, addresses: a, bySource: bySource.values.sorted { $0.source < $1.source }, truthRowsNotInWarehouse: missing)
    }
}
