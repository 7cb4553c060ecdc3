import Foundation
import GRDB

/// Measures the cases against a ground truth (the generator's `truth/fraud.csv`): per case type
/// and per rule, precision and recall among the cases at or above the threshold that the latest
/// scan found. Evaluation only: nothing in the scan reads a truth file.
///
/// A case matches a planted case of its type when one of its claim records is the truth row's
/// record (same source and line), or, failing that, when both name the same UPRN.
public struct FraudEvaluation: Sendable, Codable {
    public struct Figures: Sendable, Codable {
        public var key: String
        public var planted: Int
        public var queued: Int
        public var correct: Int
        public var found: Int
        public var precision: Double
        public var recall: Double
    }
    public struct Miss: Sendable, Codable {
        public var caseType: String
        public var source: String
        public var line: Int
        public var uprn: Int64?
        public var detail: String
        /// The best case below the threshold for the same record or property, if any.
        public var belowThresholdCase: Int64?
        public var belowThresholdRisk: Int?
    }
    public struct FalsePositive: Sendable, Codable {
        public var caseID: Int64
        public var rule: String
        public var risk: Int
        public var uprn: Int64?
        public var summary: String
    }
    public var byCaseType: [Figures]
    public var byRule: [Figures]
    public var misses: [Miss]
    public var falsePositives: [FalsePositive]

    public static func run(_ warehouse: Warehouse, truthDir: String) throws -> FraudEvaluation {
        let path = (truthDir as NSString).appendingPathComponent("fraud.csv")
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserFacingError(file: path, problem: "no fraud truth file here", remedy: "give the truth/ folder written by `warden generate`")
        }
        struct Truth { var type: String; var source: String; var line: Int; var uprn: Int64?; var detail: String }
        var truth: [Truth] = []
        let reader = try CSVReader(path: path, dialect: CSVDialect())
        var header: [String: Int] = [:]
        try reader.forEachRecord { rec in
            if header.isEmpty { for (i, h) in rec.strings.enumerated() { header[h] = i }; return true }
            func f(_ n: String) -> String { header[n].map { rec.string($0) } ?? "" }
            truth.append(Truth(type: f("case_type"), source: f("source"), line: Int(f("line")) ?? 0, uprn: Int64(f("uprn")), detail: f("detail")))
            return true
        }
        return try warehouse.pool.read { db in
            let systemOf = Dictionary(try Row.fetchAll(db, sql: "SELECT name, system FROM source").map { ($0["name"] as String, $0["system"] as String) },
                                      uniquingKeysWith: { a, _ in a })
            struct Case { var id: Int64; var rule: String; var type: String; var risk: Int; var queued: Bool; var uprn: Int64?; var summary: String; var claims: Set<String> }
            var cases: [Int64: Case] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, rule_id, case_type, risk, above_threshold, detected, uprn, summary FROM fraud_case") {
                cases[r["id"]] = Case(id: r["id"], rule: r["rule_id"], type: r["case_type"], risk: r["risk"],
                                      queued: (r["above_threshold"] as Bool) && (r["detected"] as Bool), uprn: r["uprn"], summary: r["summary"], claims: [])
            }
            for r in try Row.fetchAll(db, sql: "SELECT case_id, source, line FROM fraud_evidence WHERE role = 'claim' AND line IS NOT NULL") {
                cases[r["case_id"]]?.claims.insert("\(r["source"] as String)#\(r["line"] as Int)")
            }
            let rules = try Row.fetchAll(db, sql: """
                SELECT v.rule_id, json_extract(v.definition, '$.claimSystem') AS claim_system, json_extract(v.definition, '$.caseType') AS case_type
                FROM fraud_rule_version v GROUP BY v.rule_id
                """)
            func matches(_ c: Case, _ t: Truth) -> Bool {
                guard c.type == t.type else { return false }
                if c.claims.contains("\(t.source)#\(t.line)") { return true }
                return t.uprn != nil && c.uprn == t.uprn
            }
            let all = cases.values.sorted { $0.id < $1.id }
            var matchedTruth = [Bool](repeating: false, count: truth.count)
            var correctCase: Set<Int64> = []
            for c in all where c.queued {
                for (i, t) in truth.enumerated() where matches(c, t) { matchedTruth[i] = true; correctCase.insert(c.id) }
            }
            func figures(_ key: String, cases cs: [Case], truthIdx: [Int]) -> Figures {
                let queued = cs.filter(\.queued)
                let correct = queued.filter { correctCase.contains($0.id) }.count
                // Recall counts the planted cases these cases found.
                let found = truthIdx.filter { i in queued.contains { matches($0, truth[i]) } }.count
                return Figures(key: key, planted: truthIdx.count, queued: queued.count, correct: correct, found: found,
                               precision: queued.isEmpty ? (truthIdx.isEmpty ? 1 : 0) : Double(correct) / Double(queued.count),
                               recall: truthIdx.isEmpty ? 1 : Double(found) / Double(truthIdx.count))
            }
            var types = Array(Set(truth.map(\.type)).union(all.map(\.type)))
            types.sort { (FraudCaseType.known.firstIndex(of: $0) ?? 99, $0) < (FraudCaseType.known.firstIndex(of: $1) ?? 99, $1) }
            let byType = types.map { t in figures(t, cases: all.filter { $0.type == t }, truthIdx: truth.indices.filter { truth[$0].type == t }) }
            var byRule: [Figures] = []
            for r in rules {
                let id: String = r["rule_id"], type: String? = r["case_type"], system: String? = r["claim_system"]
                let idx = truth.indices.filter { truth[$0].type == type && systemOf[truth[$0].source] == system }
                byRule.append(figures(id, cases: all.filter { $0.rule == id }, truthIdx: idx))
            }
            var misses: [Miss] = []
            for (i, t) in truth.enumerated() where !matchedTruth[i] {
                let below = all.filter { !$0.queued && matches($0, t) }.max { $0.risk < $1.risk }
                misses.append(Miss(caseType: t.type, source: t.source, line: t.line, uprn: t.uprn, detail: t.detail,
                                   belowThresholdCase: below?.id, belowThresholdRisk: below?.risk))
            }
            let fps = all.filter { $0.queued && !correctCase.contains($0.id) }.map {
                FalsePositive(caseID: $0.id, rule: $0.rule, risk: $0.risk, uprn: $0.uprn, summary: $0.summary)
            }
            return FraudEvaluation(byCaseType: byType, byRule: byRule, misses: misses, falsePositives: fps)
        }
    }
}
