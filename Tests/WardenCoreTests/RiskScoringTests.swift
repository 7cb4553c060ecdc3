import Foundation
import GRDB
import Testing
@testable import WardenCore
import WardenLinkage

@Suite("Risk model: training and scoring a borough")
struct RiskScoringTests {
    static let officer = AuditLog.Actor(user: "officer1", role: "enforcement", purpose: "HMO licensing", screen: "test")

    func score(_ f: RiskFixture) throws -> RiskScoring.Outcome {
        try RiskScoring.run(f.warehouse, trigger: "score", actor: Self.officer)
    }

    func risk(_ f: RiskFixture, _ uprn: Int64) throws -> PropertyRisk {
        try f.warehouse.pool.read { try RiskQueries.propertyRisk($0, uprn: uprn)! }
    }

    @Test func aHouseOfManyAdultsSurnamesAndComplaintsRanksAboveAQuietFamilyHouse() throws {
        let f = try RiskFixture.borough()
        _ = try score(f)
        // An HMO the council has never heard of, and a family home.
        let hmo = try risk(f, RiskFixture.unknownHMOs.lowerBound + 3)
        let family = try risk(f, RiskFixture.families.lowerBound)
        #expect(hmo.known == .unknown)
        #expect(hmo.score! > family.score!)
        #expect(hmo.boroughRank! < family.boroughRank!)
        #expect(hmo.band == .high || hmo.band == .moderate)
        #expect(family.band == .low)
        // Its reasons are in words, and what raised it is HMO-like.
        #expect(!hmo.raising.isEmpty)
        #expect(hmo.raising.contains { [.billedToOwner, .surnamesRecent, .movesRecent, .benefitClaims, .adultsRecent].contains($0.feature) })
        #expect(hmo.raising.allSatisfy { $0.effect > 0 && !$0.text.isEmpty })
        // Every unknown HMO ranks above every family.
        let ranks = try f.warehouse.pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT uprn, rank FROM risk_score").map { ($0[0] as Int64, $0[1] as Int) })
        }
        let worstHMO = RiskFixture.unknownHMOs.map { ranks[$0]! }.max()!
        let bestFamily = RiskFixture.families.map { ranks[$0]! }.min()!
        #expect(worstHMO < bestFamily)
    }

    @Test func modelStoresItsCoefficientsTrainingSizeDateAndHeldOutMetrics() throws {
        let f = try RiskFixture.borough()
        let o = try score(f)
        let m = try f.warehouse.pool.read { try RiskQueries.model($0)! }
        #expect(m.version == o.modelVersion)
        #expect(m.training.rows == 134)   // the shop is not a dwelling
        #expect(m.training.knownHMOs == 12)
        #expect(m.training.fromLicences == 8)
        #expect(m.training.inspectedNotHMO == 10)
        #expect(m.training.folds == 5)
        #expect(m.createdBy == "officer1")
        #expect(m.terms.count == RiskFeature.allCases.count)
        #expect(m.terms.first { $0.feature == .billedToOwner }!.coefficient > 0)
        #expect(m.metrics.auc != nil && m.metrics.auc! > 0.5)
        #expect(m.metrics.penalties.count == 5)
        #expect(m.metrics.penalties.contains { $0.lambda == m.lambda })
        #expect(m.metrics.liftTop100 != nil)
        #expect(!m.metrics.caveats.isEmpty)
    }

    @Test func aConstantOrMissingFeatureIsSetAsideAndNoScoreIsNaN() throws {
        // Nobody in the fixture has a known number of bedrooms, and nobody has a fixed penalty.
        let f = try RiskFixture.borough()
        _ = try score(f)
        let m = try f.warehouse.pool.read { try RiskQueries.model($0)! }
        let bedrooms = m.terms.first { $0.feature == .bedrooms }!
        let fpn = m.terms.first { $0.feature == .fixedPenalties }!
        #expect(!bedrooms.used && bedrooms.coefficient == 0 && bedrooms.note == "missing for every property")
        #expect(!fpn.used && fpn.coefficient == 0 && fpn.note == "the same for every property")
        let bad = try f.warehouse.pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM risk_score WHERE NOT (probability BETWEEN 0 AND 1) OR score IS NULL OR log_odds IS NULL OR log_odds != log_odds
                """)!
        }
        #expect(bad == 0)
        // The property view says "not known" rather than NaN, and encodes as JSON.
        let r = try risk(f, RiskFixture.families.lowerBound)
        let b = r.features.first { $0.feature == .bedrooms }!
        #expect(b.value == nil && b.effect == 0 && b.text == "number of bedrooms not known")
        #expect(throws: Never.self) { try JSONEncoder().encode(r) }
        #expect(throws: Never.self) { try JSONEncoder().encode(m) }
    }

    @Test func withNoKnownHMOsThereIsAClearMessageAndNoScores() throws {
        let f = try RiskFixture(seed: 3)
        for u: Int64 in 1...30 { try f.family(u, ward: "Northfield") }
        try f.ordinaryLet(31, ward: "Northfield")
        try f.event(at: 31, "inspection", date: "2025-01-01", outcome: "No HMO")
        #expect {
            try RiskScoring.run(f.warehouse, actor: Self.officer)
        } throws: { error in
            "\(error)".contains("no known HMOs to learn from") && "\(error)".contains("warden inspect")
        }
        let (scores, models, status) = try f.warehouse.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_score")!, try Int.fetchOne(db, sql: "SELECT count(*) FROM risk_model")!, try RiskQueries.status(db))
        }
        #expect(scores == 0 && models == 0)
        #expect(status?.contains("warden score") == true)
        let r = try risk(f, 1)
        #expect(!r.scored && r.score == nil && r.reason != nil)
        // After linkage the build goes on, with the reason kept for the panels.
        try f.warehouse.pool.write { try RiskScoring.refreshAfterLinkage($0) }
        let overview = try f.warehouse.pool.read { try RiskQueries.wards($0) }
        #expect(overview.status?.contains("no known HMOs") == true)
        #expect(overview.model == nil)
        #expect(overview.wards.first?.properties == 31)
    }

    @Test func anInspectionForAnUnknownUPRNIsRefusedAndNothingIsWritten() throws {
        let f = try RiskFixture.borough()
        #expect {
            try Inspections.record(f.warehouse, uprn: 999_999_999, outcome: .hmoFound, actor: Self.officer)
        } throws: { error in
            "\(error)".contains("no property with this UPRN") && "\(error)".contains("000999999999")
        }
        let (rows, audits) = try f.warehouse.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM inspection_outcome")!, try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log")!)
        }
        #expect(rows == 0 && audits == 0)
    }

    @Test func aRecordedInspectionIsAuditedFeedsTheNextTrainingAndScoresSayWhichVersionMadeThem() throws {
        let f = try RiskFixture.borough()
        let first = try score(f)
        let target = RiskFixture.unknownHMOs.lowerBound
        let r = try Inspections.record(f.warehouse, uprn: target, outcome: .hmoFound, visitedOn: .init(iso: "2026-11-02"), officer: "EHO4",
                                       note: "6 rooms, shared kitchen", actor: Self.officer)
        #expect(r.scored && r.officer == "EHO4")
        let audit = try f.warehouse.pool.read { try AuditLog.entries($0, subjectType: "property", subjectID: String(target)) }
        #expect(audit.count == 1 && audit[0].action == "change" && audit[0].user == "officer1" && audit[0].detail!.contains("hmo_found"))
        // The panel shows the visit at once; the score waits for the next training.
        let before = try risk(f, target)
        #expect(before.known == .unknown)
        #expect(before.inspections.first?.outcome == .hmoFound && before.inspections.first?.source == "recorded by EHO4")
        let second = try score(f)
        #expect(second.newModel && second.modelVersion == first.modelVersion + 1)
        let m = try f.warehouse.pool.read { try RiskQueries.model($0)! }
        #expect(m.training.knownHMOs == 13 && m.training.inspectionsRecorded == 1)
        let after = try risk(f, target)
        #expect(after.known == .hmo)
        #expect(after.model?.version == second.modelVersion)
        let versions = try f.warehouse.pool.read { try Int.fetchAll($0, sql: "SELECT DISTINCT model_version FROM risk_score") }
        #expect(versions == [second.modelVersion])
        let history = try f.warehouse.pool.read { try RiskQueries.models($0) }
        #expect(history.map(\.version) == [second.modelVersion, first.modelVersion] && history[0].current && !history[1].current)
    }

    @Test func rescoringWithoutNewDataGivesTheSameScoresFromTheSameVersion() throws {
        let f = try RiskFixture.borough()
        let first = try score(f)
        func snapshot() throws -> [String] {
            try f.warehouse.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT uprn, score, probability, band, rank, model_version FROM risk_score ORDER BY uprn").map { "\($0)" }
            }
        }
        let a = try snapshot()
        let second = try score(f)
        #expect(!second.newModel && second.modelVersion == first.modelVersion)
        #expect(try snapshot() == a)
        // A second warehouse built the same way trains the very same model.
        let g = try RiskFixture.borough()
        _ = try score(g)
        let (m1, m2) = (try f.warehouse.pool.read { try RiskQueries.model($0)! }, try g.warehouse.pool.read { try RiskQueries.model($0)! })
        #expect(m1.fingerprint == m2.fingerprint && m1.terms == m2.terms && m1.intercept == m2.intercept)
    }
}

@Suite("Risk queries for the panels")
struct RiskQueryTests {
    static let officer = RiskScoringTests.officer

    func scored() throws -> RiskFixture {
        let f = try RiskFixture.borough()
        _ = try RiskScoring.run(f.warehouse, actor: Self.officer)
        return f
    }

    @Test func wardsOverviewHasOneRowPerWardSortableOnAnyColumnAndABoroughTotal() throws {
        let f = try scored()
        try f.ward("Empty Ward")
        try RiskScoring.run(f.warehouse, actor: Self.officer)   // unchanged data: the empty ward has no dwellings
        let byHigh = try f.warehouse.pool.read { try RiskQueries.wards($0, sort: .high) }
        #expect(byHigh.wards.map(\.name).sorted() == ["Empty Ward", "Northfield", "Southgate"])
        let empty = byHigh.wards.first { $0.name == "Empty Ward" }!
        #expect(empty.properties == 0 && empty.dwellings == 0 && empty.high == 0)
        #expect(byHigh.total.name == "Borough total")
        #expect(byHigh.total.properties == byHigh.wards.map(\.properties).reduce(0, +))
        #expect(byHigh.total.dwellings == 134 && byHigh.total.hmoLicensed == 8)
        #expect(byHigh.total.high + byHigh.total.moderate + byHigh.total.some + byHigh.total.low == 126)   // unlicensed dwellings
        #expect(byHigh.total.asb > 0 && byHigh.total.pestControl > 0)
        #expect(zip(byHigh.wards, byHigh.wards.dropFirst()).allSatisfy { $0.high >= $1.high })
        let byName = try f.warehouse.pool.read { try RiskQueries.wards($0, sort: .name, descending: false) }
        #expect(byName.wards.map(\.name) == byName.wards.map(\.name).sorted { $0.lowercased() < $1.lowercased() })
        #expect(byName.model?.accuracy.contains("AUC") == true)
    }

    @Test func aWardWithNoPropertiesSaysSoInsteadOfFailing() throws {
        let f = try scored()
        try f.ward("Empty Ward")
        let page = try f.warehouse.pool.read { try RiskQueries.ward($0, name: "empty ward") }
        #expect(page.rows.isEmpty && page.matching == 0)
        #expect(page.message == "Empty Ward has no properties in the gazetteer.")
        let map = try f.warehouse.pool.read { try RiskQueries.mapPoints($0, ward: "Empty Ward") }
        #expect(map.points.isEmpty && map.minEasting == nil)
        #expect {
            try f.warehouse.pool.read { try RiskQueries.ward($0, name: "Northfeld") }
        } throws: { "\($0)".contains("did you mean \"Northfield\"") }
    }

    @Test func aDrillDownPagesThroughTheWardInRankOrderAndFiltersHold() throws {
        let f = try scored()
        var all: [PropertyRiskRow] = []
        var after: Int? = nil
        repeat {
            let page = try f.warehouse.pool.read { try RiskQueries.ward($0, name: "Northfield", after: after, limit: 10) }
            all += page.rows
            after = page.nextCursor
        } while after != nil
        #expect(all.count == 67)
        #expect(all.map(\.wardRank) == Array(1...67))
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.probability >= $1.probability })
        #expect(Set(all.map(\.uprn)).count == all.count)
        let filter = WardFilter(bands: [.high, .moderate], tenure: "private_rented", licensed: false, inspected: false)
        let page = try f.warehouse.pool.read { try RiskQueries.ward($0, name: "Northfield", filter: filter, limit: 100) }
        #expect(!page.rows.isEmpty && page.matching == page.rows.count)
        #expect(page.rows.allSatisfy { [.high, .moderate].contains($0.band) && $0.tenure == "private_rented" && !$0.hmoLicensed && $0.lastInspected == nil })
        #expect(page.rows.first!.topFactors.allSatisfy { $0.effect > 0 })
        let licensed = try f.warehouse.pool.read { try RiskQueries.ward($0, name: "Northfield", filter: WardFilter(licensed: true)) }
        #expect(licensed.rows.count == 4 && licensed.rows.allSatisfy(\.hmoLicensed))
    }

    @Test func mapPointsCarryCoordinatesAndBands() throws {
        let f = try scored()
        let m = try f.warehouse.pool.read { try RiskQueries.mapPoints($0, ward: "Southgate") }
        #expect(m.points.count == 67)
        #expect(m.points.allSatisfy { $0.easting >= m.minEasting! && $0.easting <= m.maxEasting! && $0.northing >= m.minNorthing! })
        #expect(m.points.last!.score >= m.points.first!.score)   // drawn last = on top = highest risk
        // The same filter as the list: only licensed HMOs, within the whole ward's extent.
        let licensed = try f.warehouse.pool.read { try RiskQueries.mapPoints($0, ward: "Southgate", filter: WardFilter(licensed: true)) }
        let listed = try f.warehouse.pool.read { try RiskQueries.ward($0, name: "Southgate", filter: WardFilter(licensed: true), limit: 1000) }
        #expect(Set(licensed.points.map(\.uprn)) == Set(listed.rows.map(\.uprn)))
        #expect(licensed.points.allSatisfy(\.hmoLicensed) && licensed.points.count < m.points.count)
        #expect(licensed.dwellingsDrawable == 67 && licensed.minEasting == m.minEasting && licensed.maxNorthing == m.maxNorthing)
    }

    @Test func aShopIsNotScoredAndSaysWhy() throws {
        let f = try scored()
        let r = try f.warehouse.pool.read { try RiskQueries.propertyRisk($0, uprn: RiskFixture.shop)! }
        #expect(!r.scored && r.reason!.contains("not a dwelling"))
        #expect(try f.warehouse.pool.read { try RiskQueries.propertyRisk($0, uprn: 42) } == nil)
    }

    @Test func theVisitListHoldsUnlicensedPropertiesInRiskOrderAndTheExportIsAudited() throws {
        let f = try scored()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("visits-\(UUID().uuidString).csv").path
        let s = try VisitExport.write(f.warehouse, ward: "northfield", to: path, recipient: "Team B", actor: Self.officer)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map(String.init)
        #expect(lines.first == VisitExport.header.joined(separator: ","))
        #expect(s.rows == 63 && lines.count == 64)   // 67 dwellings less 4 licensed
        #expect(lines[1].hasPrefix("1,0000001"))
        let licensedUPRNs = Set(RiskFixture.licensedHMOs.map { String(format: "%012lld", $0) })
        #expect(lines.dropFirst().allSatisfy { line in !licensedUPRNs.contains(String(line.split(separator: ",")[1])) })
        let audit = try f.warehouse.pool.read { try AuditLog.entries($0, subjectType: "ward", subjectID: "Northfield") }
        #expect(audit.count == 1 && audit[0].action == "export")
        #expect(audit[0].detail!.contains("\"rows\":63") && audit[0].detail!.contains("\"recipient\":\"Team B\"") && audit[0].detail!.contains(path))
        let limited = try VisitExport.write(f.warehouse, ward: "Northfield", limit: 5, to: path, recipient: "Team B", actor: Self.officer)
        #expect(limited.rows == 5)
    }

    /// A dwelling inspected in the last six months is off the visit list; a visit that could
    /// not get in leaves it on, and asking for inspected dwellings lists them all.
    @Test func aRecentInspectionTakesADwellingOffTheVisitListButNoAccessDoesNot() throws {
        let f = try scored()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("visits-\(UUID().uuidString).csv").path
        let today = CivilDate(iso: "2026-11-20")!
        func uprns() throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        }
        _ = try VisitExport.write(f.warehouse, ward: "Northfield", to: path, recipient: "Team B", today: today, actor: Self.officer)
        let first = try #require(try uprns().first), second = try uprns()[1]
        try Inspections.record(f.warehouse, uprn: Int64(first)!, outcome: .noHMO, visitedOn: .init(iso: "2026-11-02"), actor: Self.officer)
        try Inspections.record(f.warehouse, uprn: Int64(second)!, outcome: .noAccess, visitedOn: .init(iso: "2026-11-02"), actor: Self.officer)
        let s = try VisitExport.write(f.warehouse, ward: "Northfield", to: path, recipient: "Team B", today: today, actor: Self.officer)
        #expect(s.leftOutInspected == 1 && s.rows == 62)
        let after = try uprns()
        #expect(!after.contains(first) && after.first == second)
        // half a year on, it is due again
        _ = try VisitExport.write(f.warehouse, ward: "Northfield", to: path, recipient: "Team B", today: CivilDate(iso: "2027-06-01")!, actor: Self.officer)
        let later = try uprns()
        #expect(later.first == first)
        // asked for inspected dwellings, the export lists them
        var inspected = WardFilter.unlicensed
        inspected.inspected = true
        let i = try VisitExport.write(f.warehouse, ward: "Northfield", filter: inspected, to: path, recipient: "Team B", today: today, actor: Self.officer)
        let listed = try uprns()
        #expect(i.leftOutInspected == 0 && listed.contains(first))
    }

    @Test func csvFieldsAreQuotedAndFormulaeDefused() {
        #expect(VisitExport.csvField("Flat A, 14 Elm Road") == "\"Flat A, 14 Elm Road\"")
        #expect(VisitExport.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(VisitExport.csvField("plain") == "plain")
    }
}

@Suite("Risk features")
struct RiskFeatureTests {
    @Test func readingOnTwoConnectionsGivesExactlyTheFeaturesOfOneTransaction() throws {
        let f = try RiskFixture.borough()
        let sequential = try f.warehouse.pool.read { try RiskFeatureExtractor.extract($0) }
        let parallel = try RiskFeatureExtractor.extract(f.warehouse.pool)
        #expect(sequential.uprns == parallel.uprns)
        #expect(zip(sequential.raw, parallel.raw).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test func anHMOsFeaturesSayWhatAnOfficerWouldCount() throws {
        let f = try RiskFixture(seed: 1)
        try f.hmo(500, ward: "Northfield", adults: 5, complaints: 3)
        try f.family(501, ward: "Northfield")
        let t = try f.warehouse.pool.read { try RiskFeatureExtractor.extract($0) }
        let h = t.uprns.firstIndex(of: 500)!, fam = t.uprns.firstIndex(of: 501)!
        #expect(t.value(h, .adultsNow) == 5)
        #expect(t.value(h, .adultsRecent) == 7)        // five now and two who left in the window
        #expect(t.value(h, .movesRecent) >= 7)         // five arrivals in 2025, two departures
        #expect(t.value(h, .billedToOwner) == 1)
        #expect(t.value(h, .asb) + t.value(h, .noise) + t.value(h, .pestControl) == 3)
        #expect(t.value(h, .benefitClaims) >= 1)
        #expect(t.value(fam, .adultsNow) == 2 && t.value(fam, .surnamesRecent) == 1)
        #expect(t.value(fam, .youngestAge) == 9 && t.value(fam, .oldestAge) >= 44)
        #expect(t.value(fam, .ownerOccupied) == 1 && t.value(fam, .house) == 1)
        #expect(t.value(fam, .bedrooms).isNaN)
    }
}
