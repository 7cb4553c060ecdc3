import Foundation
import GRDB
import GRDBSQLite
import WardenLinkage

/// Trains the HMO risk model on the warehouse and stores the scores and per-ward figures the
/// panels read. `warden score` runs it; a build runs it after linkage.
public enum RiskScoring {
    /// What a run did.
    public struct Outcome: Sendable, Codable {
        /// The model version the scores now come from.
        public var modelVersion: Int
        /// False when the data and labels were the same as the current model's: nothing changed.
        public var newModel: Bool
        public var dwellingsScored: Int
        public var knownHMOs: Int
        /// Unlicensed dwellings in each band.
        public var unlicensedHigh: Int
        public var unlicensedModerate: Int
        /// Wall-clock seconds per stage: features, labels, training, scores, wards.
        public var seconds: [String: Double]
        /// CPU seconds per stage (steadier than wall time on a shared machine).
        public var cpuSeconds: [String: Double]
        public var message: String
    }

    /// Retrains and rescores in one write transaction.
    @discardableResult
    public static func run(_ warehouse: Warehouse, trigger: String = "score", settings: RiskTraining.Settings = .init(),
                           actor: AuditLog.Actor = .current(screen: "cli:score")) throws -> Outcome {
        // Features are read on two connections at once, outside the write; if a load or a
        // relink lands meanwhile, they are read again inside it.
        var clock = StageClock()
        let before = try warehouse.pool.read(dataStamp)
        let table = try RiskFeatureExtractor.extract(warehouse.pool)
        clock.lap("features")
        return try warehouse.pool.write { db in
            let unchanged = try dataStamp(db) == before
            var outcome = try run(db, trigger: trigger, settings: settings, actor: actor, features: unchanged ? table : nil)
            if unchanged {
                outcome.seconds["features"] = clock.wall["features"]
                outcome.cpuSeconds["features"] = clock.cpu["features"]
            }
            return outcome
        }
    }

    /// What the features depend on: the last linkage and the last load.
    static func dataStamp(_ db: Database) throws -> String {
        let linked = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_at'") ?? ""
        let load = try Int64.fetchOne(db, sql: "SELECT max(id) FROM load") ?? 0
        return "\(linked)|\(load)"
    }

    /// Retrains and rescores inside the caller's transaction. Throws a `UserFacingError` (and
    /// changes nothing) when there is nothing to learn from.
    public static func run(_ db: Database, trigger: String, settings: RiskTraining.Settings = .init(),
                           actor: AuditLog.Actor = .current(screen: "cli:score"), features: RiskFeatureTable? = nil) throws -> Outcome {
        var clock = StageClock()

        let table = try features ?? RiskFeatureExtractor.extract(db)
        if features == nil { clock.lap("features") }
        let (labels, lastInspection) = try loadLabels(db, table)
        let fingerprint = self.fingerprint(table, labels, settings)
        clock.lap("labels")

        if let current = try currentModel(db),
           try String.fetchOne(db, sql: "SELECT fingerprint FROM risk_model WHERE version = ?", arguments: [current.version]) == fingerprint,
           try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score WHERE model_version = ?", arguments: [current.version]) == table.rows {
            try db.setMeta("risk_status", "")
            return Outcome(modelVersion: current.version, newModel: false, dwellingsScored: table.rows, knownHMOs: current.training.knownHMOs,
                           unlicensedHigh: try bandCount(db, .high), unlicensedModerate: try bandCount(db, .moderate), seconds: clock.wall, cpuSeconds: clock.cpu,
                           message: "Nothing has changed since model version \(current.version) was trained: its scores stand.")
        }
        let result = try RiskTraining.train(table, labels: labels, settings: settings, fingerprint: fingerprint, createdBy: actor.user, trigger: trigger)
        clock.lap("training")

        var model = result.model
        model.version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM risk_model") ?? 0) + 1
        let json = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO risk_model(version, created_at, created_by, trigger, as_of, fingerprint, training_rows, known_hmos, auc, definition)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, arguments: [model.version, model.createdAt, model.createdBy, trigger, model.asOf, fingerprint, table.rows,
                             model.training.knownHMOs, model.metrics.auc, json])
        try writeScores(db, table: table, labels: labels, lastInspection: lastInspection, result: result, model: model)
        clock.lap("scores")
        try writeWards(db, table: table, result: result, labels: labels, lastInspection: lastInspection, model: model)
        try db.setMeta("risk_model_version", String(model.version))
        try db.setMeta("risk_status", "")
        clock.lap("wards")
        for (k, v) in result.timings.wall { clock.wall["training: " + k] = v }
        for (k, v) in result.timings.cpu { clock.cpu["training: " + k] = v }
        let high = try bandCount(db, .high), moderate = try bandCount(db, .moderate)
        return Outcome(modelVersion: model.version, newModel: true, dwellingsScored: table.rows, knownHMOs: model.training.knownHMOs,
                       unlicensedHigh: high, unlicensedModerate: moderate, seconds: clock.wall, cpuSeconds: clock.cpu,
                       message: "Model version \(model.version) trained on \(table.rows) dwellings (\(model.training.knownHMOs) known HMOs); every dwelling rescored.")
    }

    /// After linkage: the links the scores were made from have changed, so retrain and rescore.
    /// When there is nothing to learn from, the old scores are removed (they describe links that
    /// no longer exist) and the reason is kept for the panels; the build itself goes on.
    static func refreshAfterLinkage(_ db: Database, progress: ProgressHandler? = nil) throws {
        progress?("scoring HMO risk", 0.99)
        do {
            _ = try run(db, trigger: "build", actor: .current(screen: "build"))
        } catch let e as UserFacingError {
            try db.execute(sql: "DELETE FROM risk_score; DELETE FROM risk_ward;")
            try db.setMeta("risk_status", e.description)
        }
    }

    /// The current model version, if any.
    public static func currentModel(_ db: Database) throws -> RiskModel? {
        guard let v = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'risk_model_version'").flatMap(Int.init),
              let json = try String.fetchOne(db, sql: "SELECT definition FROM risk_model WHERE version = ?", arguments: [v]) else { return nil }
        return try JSONDecoder().decode(RiskModel.self, from: Data(json.utf8))
    }

    static func bandCount(_ db: Database, _ band: RiskBand) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score WHERE band = ? AND hmo_licensed = 0", arguments: [band.rawValue]) ?? 0
    }

    // MARK: - Labels

    /// The council's labels for each dwelling, and its latest inspection (any outcome).
    static func loadLabels(_ db: Database, _ table: RiskFeatureTable) throws -> (RiskLabels, [(date: String, outcome: String)?]) {
        let n = table.rows
        var index: [Int64: Int] = [:]
        index.reserveCapacity(n)
        for (i, u) in table.uprns.enumerated() { index[u] = i }
        let asOf = table.asOf
        // The latest word on each row: (date, is an HMO, precedence on the same day — an
        // officer's record over the extract over a licence). Inspections are also kept apart.
        typealias Word = (date: String, hmo: Bool, rank: Int)
        var latest = [Word?](repeating: nil, count: n)
        var latestInspection = [Word?](repeating: nil, count: n)
        func newer(_ a: Word?, _ b: Word) -> Bool { a.map { ($0.date, $0.rank) <= (b.date, b.rank) } ?? true }
        func consider(_ i: Int, _ w: Word) {
            if newer(latest[i], w) { latest[i] = w }
            if w.rank > 0, newer(latestInspection[i], w) { latestInspection[i] = w }
        }
        var licensedNow = [Bool](repeating: false, count: n)
        var fromLicences = Set<Int>()
        for r in try Row.fetchAll(db, sql: """
            SELECT rl.uprn, r.start_date, r.end_date FROM source_record r JOIN record_link rl ON rl.record_id = r.id
            WHERE r.source_id IN (SELECT id FROM source WHERE system = 'hmo_licence') AND rl.uprn IS NOT NULL
            """) {
            guard let i = index[r[0] as Int64] else { continue }
            let start: String? = r[1], end: String? = r[2]
            if (end == nil || end! > asOf) && (start == nil || start! <= asOf) { licensedNow[i] = true }
            consider(i, (start ?? "0000-00-00", true, 0))
            fromLicences.insert(i)
        }
        var last = [(date: String, outcome: String)?](repeating: nil, count: n)
        func seen(_ i: Int, _ date: String, _ text: String) {
            if let l = last[i], l.date > date { return }
            last[i] = (date, text)
        }
        var fromExtract = 0, recorded = 0
        for r in try Row.fetchAll(db, sql: "SELECT uprn, event_date, outcome FROM property_event WHERE event_type = 'inspection' AND uprn IS NOT NULL ORDER BY id") {
            guard let i = index[r[0] as Int64] else { continue }
            let date: String = r[1] ?? "0000-00-00", text: String = r[2] ?? "—"
            seen(i, date, text)
            guard let found = InspectionOutcome(text: text)?.foundHMO else { continue }
            consider(i, (date, found, 1))
            fromExtract += 1
        }
        for r in try Row.fetchAll(db, sql: "SELECT uprn, visited_on, outcome FROM inspection_outcome ORDER BY id") {
            guard let i = index[r[0] as Int64], let o = InspectionOutcome(rawValue: r[2]) else { continue }
            let date: String = r[1]
            seen(i, date, o.label)
            guard let found = o.foundHMO else { continue }
            consider(i, (date, found, 2))
            recorded += 1
        }
        // A current licence settles it; otherwise the latest word does.
        let status: [KnownStatus] = (0..<n).map { i in
            licensedNow[i] ? .hmo : latest[i].map { $0.hmo ? .hmo : .notHMO } ?? .unknown
        }
        let inspected = latestInspection.map { $0?.hmo }
        let labels = RiskLabels(status: status, inspectedFound: inspected, currentlyLicensed: licensedNow,
                                fromLicences: fromLicences.filter { status[$0] == .hmo }.count,
                                inspectionsFromExtract: fromExtract, inspectionsRecorded: recorded)
        return (labels, last)
    }

    /// SHA-256 of everything training depends on.
    static func fingerprint(_ table: RiskFeatureTable, _ labels: RiskLabels, _ settings: RiskTraining.Settings) -> String {
        var h = SHA256Hasher()
        h.update("risk-model-1|\(table.asOf)|\(table.features.map(\.rawValue).joined(separator: ","))|")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]   // key order is otherwise not stable on Linux
        h.update(String(decoding: (try? encoder.encode(settings)) ?? Data(), as: UTF8.self))
        table.uprns.withUnsafeBytes { h.update($0) }
        table.raw.withUnsafeBytes { h.update($0) }
        let s = labels.status.map { $0 == .hmo ? UInt8(1) : $0 == .notHMO ? 2 : 0 }
        s.withUnsafeBytes { h.update($0) }
        let ins = labels.inspectedFound.map { $0 == nil ? UInt8(0) : $0! ? 1 : 2 }
        ins.withUnsafeBytes { h.update($0) }
        return h.hexDigest()
    }

    // MARK: - Writing

    /// Raw features stored as Float32 (little-endian, as every platform Swift runs on).
    static func decode(_ data: Data) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(data.count / 4)
        data.withUnsafeBytes { raw in
            for k in 0..<(raw.count / 4) {
                out.append(Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self)))))
            }
        }
        return out
    }

    /// Row order by risk: highest log-odds first, UPRN breaking ties.
    static func rankOrder(_ result: RiskTraining.Result, _ table: RiskFeatureTable) -> [Int] {
        table.uprns.indices.sorted {
            let a = result.logOdds[$0], b = result.logOdds[$1]
            return a != b ? a > b : table.uprns[$0] < table.uprns[$1]
        }
    }

    static func writeScores(_ db: Database, table: RiskFeatureTable, labels: RiskLabels, lastInspection: [(date: String, outcome: String)?],
                            result: RiskTraining.Result, model: RiskModel) throws {
        // The two secondary indexes are dropped for the bulk write and built again after it
        // (a sorted build is cheaper than 400,000 scattered inserts); same definitions as "risk-v1".
        try db.execute(sql: "DROP INDEX IF EXISTS risk_score_by_ward; DROP INDEX IF EXISTS risk_score_by_rank; DELETE FROM risk_score")
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "the database connection is closed") }
        let sql = """
            INSERT INTO risk_score(uprn, ward_id, model_version, score, probability, held_out, held_out_log_odds, log_odds, band, rank, ward_rank,
                                   hmo_licensed, known, tenure, licence_status, last_inspected, last_outcome, features)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """
        // Written through SQLite directly: 400,000 rows through `Statement.execute` cost seconds.
        var stmt: OpaquePointer?
        let prepared = sqlite3_prepare_v2(connection, sql, -1, &stmt, nil)
        guard prepared == SQLITE_OK, let stmt else {
            throw DatabaseError(resultCode: ResultCode(rawValue: prepared), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        defer { sqlite3_finalize(stmt) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        // Bands, labels, tenures and licence statuses take a handful of values: each is turned
        // into a C string once and bound without a copy.
        var interned: [String: UnsafeMutablePointer<CChar>] = [:]
        defer { for p in interned.values { free(p) } }
        func text(_ i: Int32, _ v: String?) {
            guard let v else { sqlite3_bind_null(stmt, i); return }
            let p: UnsafeMutablePointer<CChar>
            if let known = interned[v] { p = known } else { p = strdup(v); interned[v] = p }
            _ = sqlite3_bind_text(stmt, i, p, -1, nil)
        }
        func real(_ i: Int32, _ v: Double) {
            if v.isFinite { sqlite3_bind_double(stmt, i, v) } else { sqlite3_bind_null(stmt, i) }
        }
        // Ranks first; then rows go in in UPRN order (the table's key), so the table grows at
        // its end instead of splitting pages all over.
        let n = table.rows, p = table.features.count
        var rank = [Int](repeating: 0, count: n), wardRank = [Int](repeating: 0, count: n)
        var wardCounter: [Int64: Int] = [:]
        for (r, i) in rankOrder(result, table).enumerated() {
            let wardKey = table.wardIDs[i] ?? -1
            let wr = (wardCounter[wardKey] ?? 0) + 1
            wardCounter[wardKey] = wr
            rank[i] = r + 1
            wardRank[i] = wr
        }
        var blob = [Float](repeating: 0, count: p)
        for i in 0..<n {
            let prob = result.probability[i].isFinite ? result.probability[i] : 0
            sqlite3_bind_int64(stmt, 1, table.uprns[i])
            if let w = table.wardIDs[i] { sqlite3_bind_int64(stmt, 2, w) } else { sqlite3_bind_null(stmt, 2) }
            sqlite3_bind_int64(stmt, 3, Int64(model.version))
            sqlite3_bind_int64(stmt, 4, Int64(RiskModel.score(prob)))
            sqlite3_bind_double(stmt, 5, prob)
            real(6, result.heldOutProbability[i])
            real(7, result.heldOutLogOdds[i])
            sqlite3_bind_double(stmt, 8, result.logOdds[i].isFinite ? result.logOdds[i] : model.intercept)
            text(9, model.thresholds.band(prob).rawValue)
            sqlite3_bind_int64(stmt, 10, Int64(rank[i]))
            sqlite3_bind_int64(stmt, 11, Int64(wardRank[i]))
            sqlite3_bind_int64(stmt, 12, labels.currentlyLicensed[i] ? 1 : 0)
            text(13, labels.status[i].rawValue)
            text(14, table.tenures[i])
            text(15, table.licenceStatuses[i])
            if let last = lastInspection[i] {
                _ = sqlite3_bind_text(stmt, 16, last.date, -1, transient)
                _ = sqlite3_bind_text(stmt, 17, last.outcome, -1, transient)
            } else {
                sqlite3_bind_null(stmt, 16); sqlite3_bind_null(stmt, 17)
            }
            for j in 0..<p { blob[j] = Float(table.raw[j * n + i]) }
            blob.withUnsafeBytes { b in _ = sqlite3_bind_blob(stmt, 18, b.baseAddress, Int32(b.count), transient) }
            let rc = sqlite3_step(stmt)
            sqlite3_reset(stmt)
            guard rc == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
        }
        try db.execute(sql: RiskSchema.scoreIndexes)
    }

    static func writeWards(_ db: Database, table: RiskFeatureTable, result: RiskTraining.Result, labels: RiskLabels,
                           lastInspection: [(date: String, outcome: String)?], model: RiskModel) throws {
        try db.execute(sql: "DELETE FROM risk_ward")
        struct Acc { var dwellings = 0, hmoLicensed = 0, high = 0, moderate = 0, some = 0, low = 0, inspected = 0; var expected = 0.0 }
        var acc: [Int64: Acc] = [:]
        for i in 0..<table.rows {
            guard let w = table.wardIDs[i] else { continue }
            var a = acc[w] ?? Acc()
            a.dwellings += 1
            if lastInspection[i] != nil { a.inspected += 1 }
            if labels.currentlyLicensed[i] {
                a.hmoLicensed += 1
            } else {
                let p = result.probability[i].isFinite ? result.probability[i] : 0
                a.expected += p
                switch model.thresholds.band(p) {
                case .high: a.high += 1
                case .moderate: a.moderate += 1
                case .some: a.some += 1
                case .low: a.low += 1
                }
            }
            acc[w] = a
        }
        // Property counts and tenure from the property table (every class, not only dwellings).
        var facts: [Int64: (name: String, properties: Int, privateRented: Int, selective: Int)] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT w.id, w.name, count(p.uprn), coalesce(sum(p.tenure = 'private_rented'), 0), coalesce(sum(p.licence_status = 'selective licence'), 0)
            FROM ward w LEFT JOIN property p ON p.ward_id = w.id GROUP BY w.id
            """) {
            facts[r[0]] = (r[1], r[2], r[3], r[4])
        }
        let events = try wardEvents(db, from: table.windowStart, to: table.asOf)
        let insert = try db.makeStatement(sql: """
            INSERT INTO risk_ward(ward_id, name, properties, dwellings, private_rented, hmo_licensed, selective_licensed, high, moderate, some, low,
                                  expected_hmos, inspected, asb, fixed_penalties, pest_control, summonses, noise)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for (w, f) in facts.sorted(by: { $0.key < $1.key }) {
            let a = acc[w] ?? Acc()
            let e = events[w] ?? [:]
            try insert.execute(arguments: [w, f.name, f.properties, a.dwellings, f.privateRented, a.hmoLicensed, f.selective,
                                           a.high, a.moderate, a.some, a.low, (a.expected * 10).rounded() / 10, a.inspected,
                                           e["asb"] ?? 0, e["fpn"] ?? 0, e["pest_control"] ?? 0, e["ct_summons"] ?? 0, e["noise"] ?? 0])
        }
    }

    /// Events of the window in each ward: at a property (its ward), on a street (the ward most
    /// of the street's properties are in), or else the ward the source itself gives.
    static func wardEvents(_ db: Database, from: String, to: String) throws -> [Int64: [String: Int]] {
        // The ward of each street.
        var streetWard: [Int64: (ward: Int64, count: Int)] = [:]
        try RawRows.each(db, "SELECT usrn, ward_id, count(*) FROM property WHERE usrn IS NOT NULL AND ward_id IS NOT NULL GROUP BY usrn, ward_id") { r in
            let usrn = r.int64(0)!, ward = r.int64(1)!, c = r.int(2)
            if let best = streetWard[usrn], best.count > c || (best.count == c && best.ward < ward) { return }
            streetWard[usrn] = (ward, c)
        }
        let wardIDs = Dictionary(try Row.fetchAll(db, sql: "SELECT name, id FROM ward").map { ($0[0] as String, $0[1] as Int64) }, uniquingKeysWith: { a, _ in a })
        let sources = try Row.fetchAll(db, sql: "SELECT id, json_extract(definition, '$.eventType') FROM source WHERE kind = 'event'").compactMap { r -> (Int64, String)? in
            guard let t: String = r[1], ["asb", "fpn", "pest_control", "ct_summons", "noise"].contains(t) else { return nil }
            return (r[0], t)
        }
        var out: [Int64: [String: Int]] = [:]
        for (sourceID, type) in sources {
            // One indexed pass over the source's records (source_record_by_source).
            try RawRows.each(db, """
                SELECT p.ward_id, rl.event_usrn, r.ward FROM source_record r
                LEFT JOIN record_link rl ON rl.record_id = r.id
                LEFT JOIN property p ON p.uprn = rl.event_uprn
                WHERE r.source_id = ? AND r.event_date >= ? AND r.event_date <= ?
                """, [sourceID], texts: [from, to + "T99"]) { r in
                let ward = r.int64(0) ?? r.int64(1).flatMap { streetWard[$0]?.ward } ?? r.string(2).flatMap { wardIDs[$0] }
                guard let ward else { return }
                out[ward, default: [:]][type, default: 0] += 1
            }
        }
        return out
    }
}

/// Wall and CPU time per named stage.
struct StageClock {
    var wall: [String: Double] = [:]
    var cpu: [String: Double] = [:]
    private var lastWall = Date()
    private var lastCPU = StageClock.cpuNow()

    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    mutating func lap(_ stage: String) {
        let w = Date(), c = StageClock.cpuNow()
        wall[stage, default: 0] += w.timeIntervalSince(lastWall)
        cpu[stage, default: 0] += c - lastCPU
        lastWall = w
        lastCPU = c
    }
}
