import Foundation
import GRDB

/// A model version as the panels show it beside the scores ("Risk & Accuracy %").
public struct RiskModelSummary: Sendable, Codable, Equatable {
    public var version: Int
    public var createdAt: String
    public var createdBy: String
    public var trigger: String
    public var asOf: String
    public var windowStart: String
    public var trainingRows: Int
    public var knownHMOs: Int
    public var inspectedNotHMO: Int
    public var folds: Int
    public var lambda: Double
    /// Cross-validated on the council's labels (see `ModelMetrics`).
    public var auc: Double?
    public var aucInspected: Double?
    public var inspected: Int
    public var precisionTop100: Double?
    public var precisionTop500: Double?
    public var liftTop100: Double?
    public var liftTop500: Double?
    public var baseRate: Double
    public var thresholds: BandThresholds
    /// One line for the panel header: "Model v3 · AUC 0.99 · top 100: 30% known HMOs, 16× random (held-out)".
    public var accuracy: String

    init(_ m: RiskModel) {
        version = m.version; createdAt = m.createdAt; createdBy = m.createdBy; trigger = m.trigger; asOf = m.asOf
        windowStart = m.windowStart; trainingRows = m.training.rows; knownHMOs = m.training.knownHMOs
        inspectedNotHMO = m.training.inspectedNotHMO; folds = m.training.folds; lambda = m.lambda
        auc = m.metrics.auc; aucInspected = m.metrics.aucInspected; inspected = m.metrics.inspected
        precisionTop100 = m.metrics.precisionTop100; precisionTop500 = m.metrics.precisionTop500
        liftTop100 = m.metrics.liftTop100; liftTop500 = m.metrics.liftTop500; baseRate = m.metrics.baseRate
        thresholds = m.thresholds
        var parts = ["Model v\(m.version)"]
        if let a = m.metrics.auc { parts.append("AUC \(RiskFormat.fixed(a, 2))") }
        if let p = m.metrics.precisionTop100, let l = m.metrics.liftTop100 {
            parts.append("top 100: \(RiskFormat.percent(p)) known HMOs, \(RiskFormat.fixed(l, 1))× random")
        }
        accuracy = parts.joined(separator: " · ") + " (held-out, \(m.training.knownHMOs) known HMOs)"
    }
}

/// Columns of the wards overview, each sortable.
public enum WardColumn: String, CaseIterable, Sendable, Codable {
    case name, properties, dwellings
    case privateRented = "private_rented"
    case licensed
    case high, moderate, some, low
    case expected, inspected, asb
    case fixedPenalties = "fpn"
    case pestControl = "pest_control"
    case summonses, noise
}

/// One row of the wards overview (also the borough total).
public struct WardRiskRow: Sendable, Codable, Equatable {
    /// Nil for the borough total.
    public var wardID: Int64?
    public var name: String
    public var properties: Int
    public var dwellings: Int
    public var privateRented: Int
    /// Dwellings with a current HMO licence.
    public var hmoLicensed: Int
    public var selectiveLicensed: Int
    /// Dwellings without a current HMO licence in each band (what enforcement can act on).
    public var high: Int
    public var moderate: Int
    public var some: Int
    public var low: Int
    /// Sum of their probabilities: how many unlicensed HMOs the model expects in the ward.
    public var expectedHMOs: Double
    public var inspected: Int
    /// Events in the two years to the as-of date.
    public var asb: Int
    public var fixedPenalties: Int
    public var pestControl: Int
    public var summonses: Int
    public var noise: Int

    /// The band counts in band order, for a stacked bar.
    public var bandCounts: [RiskBand: Int] { [.high: high, .moderate: moderate, .some: some, .low: low] }

    static func + (a: WardRiskRow, b: WardRiskRow) -> WardRiskRow {
        WardRiskRow(wardID: nil, name: a.name, properties: a.properties + b.properties, dwellings: a.dwellings + b.dwellings,
                    privateRented: a.privateRented + b.privateRented, hmoLicensed: a.hmoLicensed + b.hmoLicensed,
                    selectiveLicensed: a.selectiveLicensed + b.selectiveLicensed, high: a.high + b.high, moderate: a.moderate + b.moderate,
                    some: a.some + b.some, low: a.low + b.low, expectedHMOs: ((a.expectedHMOs + b.expectedHMOs) * 10).rounded() / 10,
                    inspected: a.inspected + b.inspected, asb: a.asb + b.asb, fixedPenalties: a.fixedPenalties + b.fixedPenalties,
                    pestControl: a.pestControl + b.pestControl, summonses: a.summonses + b.summonses, noise: a.noise + b.noise)
    }

    static func empty(_ name: String, id: Int64? = nil) -> WardRiskRow {
        WardRiskRow(wardID: id, name: name, properties: 0, dwellings: 0, privateRented: 0, hmoLicensed: 0, selectiveLicensed: 0, high: 0,
                    moderate: 0, some: 0, low: 0, expectedHMOs: 0, inspected: 0, asb: 0, fixedPenalties: 0, pestControl: 0, summonses: 0, noise: 0)
    }

    func sortKey(_ c: WardColumn) -> Double {
        switch c {
        case .name: return 0
        case .properties: return Double(properties)
        case .dwellings: return Double(dwellings)
        case .privateRented: return Double(privateRented)
        case .licensed: return Double(hmoLicensed)
        case .high: return Double(high)
        case .moderate: return Double(moderate)
        case .some: return Double(some)
        case .low: return Double(low)
        case .expected: return expectedHMOs
        case .inspected: return Double(inspected)
        case .asb: return Double(asb)
        case .fixedPenalties: return Double(fixedPenalties)
        case .pestControl: return Double(pestControl)
        case .summonses: return Double(summonses)
        case .noise: return Double(noise)
        }
    }
}

/// The wards overview: one row per ward and a borough total.
public struct WardsOverview: Sendable, Codable, Equatable {
    public var asOf: String?
    /// Event counts cover `windowStart` … `asOf`.
    public var windowStart: String?
    /// The model the band counts come from (nil when nothing is scored).
    public var model: RiskModelSummary?
    /// Why there are no scores, when there are none.
    public var status: String?
    public var sort: WardColumn
    public var descending: Bool
    public var wards: [WardRiskRow]
    public var total: WardRiskRow
}

/// Filters of the ward drill-down; nil/empty means "any".
public struct WardFilter: Sendable, Codable, Equatable {
    public var bands: [RiskBand]
    /// `private_rented`, `social_rented`, `owner_occupied` or `unknown`.
    public var tenure: String?
    /// true: only dwellings with a current HMO licence; false: only those without.
    public var licensed: Bool?
    /// true: only inspected; false: only never inspected.
    public var inspected: Bool?

    public init(bands: [RiskBand] = [], tenure: String? = nil, licensed: Bool? = nil, inspected: Bool? = nil) {
        self.bands = bands
        self.tenure = tenure
        self.licensed = licensed
        self.inspected = inspected
    }

    /// The visit list's filter: properties enforcement can act on.
    public static let unlicensed = WardFilter(licensed: false)

    public static let tenures = ["private_rented", "social_rented", "owner_occupied", "unknown"]
}

/// One property in a ward's ranked list.
public struct PropertyRiskRow: Sendable, Codable, Equatable {
    public var uprn: Int64
    public var address: String
    public var postcode: String?
    public var score: Int
    public var band: RiskBand
    public var probability: Double
    /// 1 = highest risk in the ward (among all its dwellings, before filters).
    public var wardRank: Int
    public var boroughRank: Int
    public var tenure: String?
    public var licenceStatus: String
    public var hmoLicensed: Bool
    public var lastInspected: String?
    public var lastOutcome: String?
    /// The factors that raised the score most (up to three), in words.
    public var topFactors: [RiskFactor]
    public var modelVersion: Int
}

/// A page of a ward's properties ranked by risk.
public struct WardDrillDown: Sendable, Codable, Equatable {
    public var ward: WardRiskRow
    public var filter: WardFilter
    /// Dwellings in the ward matching the filter.
    public var matching: Int
    public var rows: [PropertyRiskRow]
    /// Pass as `after` for the next page; nil on the last page.
    public var nextCursor: Int?
    public var model: RiskModelSummary?
    /// Why the list is empty, when it is.
    public var message: String?
}

/// A dwelling on the ward map.
public struct MapPoint: Sendable, Codable, Equatable {
    public var uprn: Int64
    public var easting: Double
    public var northing: Double
    public var band: RiskBand
    public var score: Int
    public var hmoLicensed: Bool
}

/// Every scored dwelling of a ward with coordinates, and their extent.
public struct WardMap: Sendable, Codable, Equatable {
    public var ward: String
    public var minEasting: Double?
    public var maxEasting: Double?
    public var minNorthing: Double?
    public var maxNorthing: Double?
    public var points: [MapPoint]
    /// Dwellings of the ward with coordinates, before any filter (the extent above is theirs,
    /// so a filtered map keeps every dwelling where it was).
    public var dwellingsDrawable: Int = 0
    /// The filter the points were chosen by.
    public var filter: WardFilter = WardFilter()
}

extension WardMap {
    private enum CodingKeys: String, CodingKey { case ward, minEasting, maxEasting, minNorthing, maxNorthing, points, dwellingsDrawable, filter }

    /// Reads a map written before the filter and the unfiltered count were recorded, too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ward = try c.decode(String.self, forKey: .ward)
        minEasting = try c.decodeIfPresent(Double.self, forKey: .minEasting)
        maxEasting = try c.decodeIfPresent(Double.self, forKey: .maxEasting)
        minNorthing = try c.decodeIfPresent(Double.self, forKey: .minNorthing)
        maxNorthing = try c.decodeIfPresent(Double.self, forKey: .maxNorthing)
        points = try c.decode([MapPoint].self, forKey: .points)
        dwellingsDrawable = try c.decodeIfPresent(Int.self, forKey: .dwellingsDrawable) ?? points.count
        filter = try c.decodeIfPresent(WardFilter.self, forKey: .filter) ?? WardFilter()
    }
}

/// One feature's value for a property, and its push on the score.
public struct FeatureValue: Sendable, Codable, Equatable {
    public var feature: RiskFeature
    public var name: String
    public var value: Double?
    public var text: String
    public var typical: Double?
    /// Weight × standardised value (log-odds); 0 when missing or unused.
    public var effect: Double
}

/// A property's risk, for the property view.
public struct PropertyRisk: Sendable, Codable, Equatable {
    public var uprn: Int64
    public var address: String
    public var ward: String?
    /// False for shops, parks and shells, or before any scoring; `reason` says why.
    public var scored: Bool
    public var reason: String?
    public var score: Int?
    public var band: RiskBand?
    public var probability: Double?
    /// The probability from the fold model that did not see this property's label.
    public var heldOutProbability: Double?
    public var boroughRank: Int?
    public var wardRank: Int?
    public var dwellingsInBorough: Int?
    public var dwellingsInWard: Int?
    public var raising: [RiskFactor]
    public var lowering: [RiskFactor]
    public var features: [FeatureValue]
    public var known: KnownStatus?
    public var hmoLicensed: Bool?
    public var licenceStatus: String?
    public var tenure: String?
    public var inspections: [InspectionRecord]
    public var model: RiskModelSummary?
}

/// A model version in the history list.
public struct RiskModelVersion: Sendable, Codable, Equatable {
    public var version: Int
    public var createdAt: String
    public var createdBy: String
    public var trigger: String
    public var trainingRows: Int
    public var knownHMOs: Int
    public var auc: Double?
    public var current: Bool
}

/// The read side of the risk model: what the CLI's `--json` and the dashboard panels show.
/// Every function is one or two indexed queries over tables made at scoring time.
public enum RiskQueries {
    // MARK: model

    /// The current model version (nil before any scoring).
    public static func model(_ db: Database) throws -> RiskModel? { try RiskScoring.currentModel(db) }

    /// A model version by number.
    public static func model(_ db: Database, version: Int) throws -> RiskModel? {
        guard let json = try String.fetchOne(db, sql: "SELECT definition FROM risk_model WHERE version = ?", arguments: [version]) else { return nil }
        return try JSONDecoder().decode(RiskModel.self, from: Data(json.utf8))
    }

    /// The panel header's summary of a model version.
    public static func summary(_ m: RiskModel) -> RiskModelSummary { RiskModelSummary(m) }

    /// Every model version, newest first.
    public static func models(_ db: Database) throws -> [RiskModelVersion] {
        let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'risk_model_version'").flatMap(Int.init)
        return try Row.fetchAll(db, sql: "SELECT version, created_at, created_by, trigger, training_rows, known_hmos, auc FROM risk_model ORDER BY version DESC").map {
            RiskModelVersion(version: $0[0], createdAt: $0[1], createdBy: $0[2], trigger: $0[3], trainingRows: $0[4], knownHMOs: $0[5], auc: $0[6],
                             current: ($0[0] as Int) == current)
        }
    }

    /// Why nothing is scored (nil when scores exist).
    public static func status(_ db: Database) throws -> String? {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM risk_score)") == true { return nil }
        if let s = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'risk_status'"), !s.isEmpty { return s }
        return "No risk scores yet — run `warden score` to train the model and score every dwelling."
    }

    // MARK: wards overview

    /// One row per ward (sorted on any column) and the borough total.
    public static func wards(_ db: Database, sort: WardColumn = .high, descending: Bool = true) throws -> WardsOverview {
        var rows = try Row.fetchAll(db, sql: "SELECT * FROM risk_ward").map(wardRow)
        let model = try self.model(db)
        let status = try self.status(db)
        if !rows.isEmpty {
            // A ward added since scoring (no dwellings were scored in it) still gets its row.
            for r in try Row.fetchAll(db, sql: """
                SELECT w.id, w.name, (SELECT count(*) FROM property p WHERE p.ward_id = w.id) FROM ward w
                WHERE w.id NOT IN (SELECT ward_id FROM risk_ward)
                """) {
                var w = WardRiskRow.empty(r[1], id: r[0])
                w.properties = r[2]
                rows.append(w)
            }
        } else {
            // Not scored yet: the wards and their properties, without bands.
            rows = try Row.fetchAll(db, sql: """
                SELECT w.id, w.name, count(p.uprn), coalesce(sum(p.tenure = 'private_rented'), 0), coalesce(sum(p.licence_status = 'HMO licence'), 0),
                       coalesce(sum(p.licence_status = 'selective licence'), 0)
                FROM ward w LEFT JOIN property p ON p.ward_id = w.id GROUP BY w.id
                """).map { r in
                var w = WardRiskRow.empty(r[1], id: r[0])
                w.properties = r[2]; w.privateRented = r[3]; w.hmoLicensed = r[4]; w.selectiveLicensed = r[5]
                return w
            }
        }
        rows.sort { a, b in
            if sort == .name { return descending ? a.name.lowercased() > b.name.lowercased() : a.name.lowercased() < b.name.lowercased() }
            let x = a.sortKey(sort), y = b.sortKey(sort)
            if x != y { return descending ? x > y : x < y }
            return a.name.lowercased() < b.name.lowercased()
        }
        let total = rows.reduce(WardRiskRow.empty("Borough total"), +)
        let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'")
        return WardsOverview(asOf: model?.asOf ?? asOf, windowStart: model?.windowStart, model: model.map(RiskModelSummary.init),
                             status: status, sort: sort, descending: descending, wards: rows, total: total)
    }

    static func wardRow(_ r: Row) -> WardRiskRow {
        WardRiskRow(wardID: r["ward_id"], name: r["name"], properties: r["properties"], dwellings: r["dwellings"], privateRented: r["private_rented"],
                    hmoLicensed: r["hmo_licensed"], selectiveLicensed: r["selective_licensed"], high: r["high"], moderate: r["moderate"],
                    some: r["some"], low: r["low"], expectedHMOs: r["expected_hmos"], inspected: r["inspected"], asb: r["asb"],
                    fixedPenalties: r["fixed_penalties"], pestControl: r["pest_control"], summonses: r["summonses"], noise: r["noise"])
    }

    /// SQL conditions on `risk_score s` for a ward filter, and their arguments (the list, the
    /// map and the visit list choose the same dwellings).
    static func filterConditions(_ filter: WardFilter) -> ([String], [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if !filter.bands.isEmpty {
            conditions.append("s.band IN (" + filter.bands.map { _ in "?" }.joined(separator: ",") + ")")
            args.append(contentsOf: filter.bands.map(\.rawValue))
        }
        if let t = filter.tenure {
            if t == "unknown" { conditions.append("s.tenure IS NULL") } else { conditions.append("s.tenure = ?"); args.append(t) }
        }
        if let l = filter.licensed { conditions.append("s.hmo_licensed = \(l ? 1 : 0)") }
        if let i = filter.inspected { conditions.append(i ? "s.last_inspected IS NOT NULL" : "s.last_inspected IS NULL") }
        return (conditions, args)
    }

    /// The ward with this name (any case), or an error naming the nearest ward.
    public static func resolveWard(_ db: Database, name: String) throws -> (id: Int64, name: String) {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        if let r = try Row.fetchOne(db, sql: "SELECT id, name FROM ward WHERE name = ? COLLATE NOCASE", arguments: [wanted]) {
            return (r[0], r[1])
        }
        let all = try String.fetchAll(db, sql: "SELECT name FROM ward ORDER BY name")
        throw UserFacingError(field: "ward \"\(TextSafety.sanitise(wanted))\"", problem: "no such ward",
                              remedy: Suggest.hint(wanted, in: all) ?? (all.isEmpty ? "build the warehouse first (warden build --from DIR)" : "wards: " + all.joined(separator: ", ")))
    }

    // MARK: ward drill-down

    /// A page of the ward's dwellings ranked by risk, highest first. `after` is the previous
    /// page's `nextCursor`. One indexed range scan over `risk_score(ward_id, ward_rank)`.
    public static func ward(_ db: Database, name: String, filter: WardFilter = WardFilter(), after: Int? = nil, limit: Int = 50) throws -> WardDrillDown {
        let w = try resolveWard(db, name: name)
        let wardRow = try Row.fetchOne(db, sql: "SELECT * FROM risk_ward WHERE ward_id = ?", arguments: [w.id]).map(wardRow) ?? WardRiskRow.empty(w.name, id: w.id)
        let model = try self.model(db)
        var (conditions, args) = filterConditions(filter)
        conditions.insert("s.ward_id = ?", at: 0)
        args.insert(w.id, at: 0)
        let whereFilter = conditions.joined(separator: " AND ")
        let matching = try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score s WHERE \(whereFilter)", arguments: StatementArguments(args)) ?? 0
        let page = max(1, min(limit, 1000))
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.uprn, p.address, p.postcode, s.score, s.band, s.probability, s.ward_rank, s.rank, s.tenure, s.licence_status,
                   s.hmo_licensed, s.last_inspected, s.last_outcome, s.features, s.model_version
            FROM risk_score s JOIN property p ON p.uprn = s.uprn
            WHERE \(whereFilter) AND s.ward_rank > ?
            ORDER BY s.ward_rank LIMIT ?
            """, arguments: StatementArguments(args + [after ?? 0, page + 1]))
        var models: [Int: RiskModel] = [:]
        if let model { models[model.version] = model }
        var out: [PropertyRiskRow] = []
        for r in rows.prefix(page) {
            let version: Int = r["model_version"]
            if models[version] == nil { models[version] = try self.model(db, version: version) }
            let factors = models[version].map { m in m.factors(RiskScoring.decode(r["features"])).filter { $0.effect > 0 }.prefix(3).map { $0 } } ?? []
            out.append(PropertyRiskRow(uprn: r["uprn"], address: r["address"], postcode: r["postcode"], score: r["score"],
                                       band: RiskBand(rawValue: r["band"]) ?? .low, probability: r["probability"], wardRank: r["ward_rank"],
                                       boroughRank: r["rank"], tenure: r["tenure"], licenceStatus: r["licence_status"],
                                       hmoLicensed: (r["hmo_licensed"] as Int) == 1, lastInspected: r["last_inspected"], lastOutcome: r["last_outcome"],
                                       topFactors: factors, modelVersion: version))
        }
        var message: String? = nil
        if out.isEmpty {
            let properties = try Int.fetchOne(db, sql: "SELECT count(*) FROM property WHERE ward_id = ?", arguments: [w.id]) ?? 0
            if properties == 0 {
                message = "\(w.name) has no properties in the gazetteer."
            } else if let s = try status(db) {
                message = s
            } else if after == nil {
                message = matching == 0 && wardRow.dwellings == 0 ? "\(w.name) has no dwellings to score." : "No property in \(w.name) matches these filters."
            }
        }
        return WardDrillDown(ward: wardRow, filter: filter, matching: matching, rows: out,
                             nextCursor: rows.count > page ? out.last?.wardRank : nil, model: model.map(RiskModelSummary.init), message: message)
    }

    /// Every scored dwelling of the ward, with coordinates (for the terminal map).
    public static func mapPoints(_ db: Database, ward name: String, filter: WardFilter = WardFilter()) throws -> WardMap {
        let w = try resolveWard(db, name: name)
        let (conditions, args) = filterConditions(filter)
        let chosen = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        var points: [MapPoint] = []
        var drawable = 0
        var minE = Double.infinity, maxE = -Double.infinity, minN = Double.infinity, maxN = -Double.infinity
        for r in try Row.fetchAll(db, sql: """
            SELECT s.uprn, p.easting, p.northing, s.band, s.score, s.hmo_licensed, (\(chosen)) AS chosen FROM risk_score s JOIN property p ON p.uprn = s.uprn
            WHERE s.ward_id = ? AND p.easting IS NOT NULL AND p.northing IS NOT NULL ORDER BY s.ward_rank DESC
            """, arguments: StatementArguments(args + [w.id])) {
            let e: Double = r[1], n: Double = r[2]
            minE = min(minE, e); maxE = max(maxE, e); minN = min(minN, n); maxN = max(maxN, n)
            drawable += 1
            guard (r[6] as Int) == 1 else { continue }
            points.append(MapPoint(uprn: r[0], easting: e, northing: n, band: RiskBand(rawValue: r[3]) ?? .low, score: r[4], hmoLicensed: (r[5] as Int) == 1))
        }
        return WardMap(ward: w.name, minEasting: drawable == 0 ? nil : minE, maxEasting: drawable == 0 ? nil : maxE,
                       minNorthing: drawable == 0 ? nil : minN, maxNorthing: drawable == 0 ? nil : maxN, points: points,
                       dwellingsDrawable: drawable, filter: filter)
    }

    // MARK: property

    /// A property's score, band, factors, inspections and the model that made them; nil when
    /// the UPRN is not in the gazetteer.
    public static func propertyRisk(_ db: Database, uprn: Int64) throws -> PropertyRisk? {
        guard let p = try Row.fetchOne(db, sql: """
            SELECT p.address, p.property_class, p.property_type, p.tenure, p.licence_status, w.name AS ward FROM property p LEFT JOIN ward w ON w.id = p.ward_id WHERE p.uprn = ?
            """, arguments: [uprn]) else { return nil }
        let inspections = try Inspections.history(db, uprn: uprn)
        var out = PropertyRisk(uprn: uprn, address: p["address"], ward: p["ward"], scored: false, reason: nil, score: nil, band: nil,
                               probability: nil, heldOutProbability: nil, boroughRank: nil, wardRank: nil, dwellingsInBorough: nil,
                               dwellingsInWard: nil, raising: [], lowering: [], features: [], known: nil, hmoLicensed: nil,
                               licenceStatus: p["licence_status"], tenure: p["tenure"], inspections: inspections, model: nil)
        guard let s = try Row.fetchOne(db, sql: "SELECT * FROM risk_score WHERE uprn = ?", arguments: [uprn]) else {
            let cls: String? = p["property_class"]
            if !RiskFeatureExtractor.isDwelling(cls) {
                out.reason = "not a dwelling (\(p["property_type"] as String? ?? cls ?? "unclassified")): the HMO risk model scores homes only"
            } else {
                out.reason = try status(db) ?? "not scored by the current model — run `warden score`"
            }
            return out
        }
        let version: Int = s["model_version"]
        guard let model = try model(db, version: version) else { out.reason = "its model version \(version) is missing"; return out }
        let raw = RiskScoring.decode(s["features"])
        let factors = model.factors(raw)
        out.scored = true
        out.score = s["score"]
        out.band = RiskBand(rawValue: s["band"])
        out.probability = s["probability"]
        out.heldOutProbability = s["held_out"]
        out.boroughRank = s["rank"]
        out.wardRank = s["ward_rank"]
        out.dwellingsInBorough = try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score")
        out.dwellingsInWard = try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score WHERE ward_id IS ?", arguments: [s["ward_id"] as Int64?])
        out.raising = Array(factors.filter { $0.effect > 0 }.prefix(3))
        out.lowering = Array(factors.filter { $0.effect < 0 }.prefix(3))
        out.features = model.terms.enumerated().map { j, t in
            let v = j < raw.count ? raw[j] : .nan
            let e = t.coefficient * t.standardised(v)
            return FeatureValue(feature: t.feature, name: t.name, value: v.isFinite ? v : nil, text: t.feature.phrase(v), typical: t.typical,
                                effect: e.isFinite ? (e * 100).rounded() / 100 : 0)
        }
        out.known = KnownStatus(rawValue: s["known"])
        out.hmoLicensed = (s["hmo_licensed"] as Int) == 1
        out.model = RiskModelSummary(model)
        return out
    }
}

/// Number formatting without locale surprises.
enum RiskFormat {
    static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }
}
