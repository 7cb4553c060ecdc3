import Foundation
import GRDB
import WardenLinkage

/// Runs linkage over the warehouse: addresses to UPRNs, records to virtual persons, and then
/// everything derived from the links (residencies, contacts, flags, events, property facts,
/// the search index). One transaction: a failed run leaves the previous links in place.
public enum Linkage {
    /// The version of what linkage produces: raised with every change to matching or clustering
    /// that can change which records are linked or how confidently. A warehouse linked by an
    /// older engine is relinked by the next `warden build` (even with nothing new to load), and
    /// `warden quality` says it is out of date until then.
    public static let engineVersion = 19

    /// The engine version that last linked the warehouse: nil when it was never linked, 0 when
    /// it was linked before versions were recorded.
    public static func linkedEngine(_ db: Database) throws -> Int? {
        guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_at'") != nil else { return nil }
        return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'linked_engine'").flatMap(Int.init) ?? 0
    }

    /// What a run did.
    public struct Summary: Sendable, Codable {
        public var addresses: AddressLinkageFigures
        public var persons: PersonLinkageFigures?
        public var seconds: Double
        /// Seconds per stage, in order.
        public var stages: [Stage]
    }

    /// One stage's duration.
    public struct Stage: Sendable, Codable {
        public var name: String
        public var seconds: Double
    }

    /// Address-matching figures.
    public struct AddressLinkageFigures: Sendable, Codable {
        public var records: Int
        public var distinctAddresses: Int
        public var given: Int
        public var matched: Int
        public var buildingOnly: Int
        public var ambiguous: Int
        public var unmatched: Int
        public var locations: Int
        public var locationsToProperty: Int
        public var locationsToStreet: Int
        public var seconds: Double
    }

    /// Person-linkage figures.
    public struct PersonLinkageFigures: Sendable, Codable {
        public var records: Int
        public var persons: Int
        public var newPersons: Int
        public var keptIDs: Int
        public var retiredIDs: Int
        public var conflicts: Int
        public var ambiguous: Int
        public var seconds: Double
    }

    /// Links the warehouse in its own write transaction.
    @discardableResult
    public static func run(_ warehouse: Warehouse, progress: ProgressHandler? = nil) throws -> Summary {
        try warehouse.pool.write { db in try run(db, progress: progress) }
    }

    /// Links inside the caller's transaction (a build links as part of its one transaction).
    static func run(_ db: Database, progress: ProgressHandler?) throws -> Summary {
        let started = Date()
        var stages: [Stage] = []
        var mark = Date()
        func lap(_ name: String) { let now = Date(); stages.append(Stage(name: name, seconds: now.timeIntervalSince(mark))); mark = now }
        try Derivation.clearDerived(db)
        try Rights.reapplyErasures(db)
        progress?("indexing the gazetteer", 0)
        let index = try AddressLinkage.loadIndex(db)
        lap("gazetteer index")
        let a = try AddressLinkage.run(db, index: index, progress: progress)
        lap("addresses")
        let persons = try PersonLinkage.run(db, index: index, progress: progress)
        try Rights.followRedirects(db)
        try Rights.applyRectifications(db)
        lap("persons")
        progress?("deriving events and property facts", 0.95)
        try Derivation.deriveFromLinks(db)
        lap("events and property facts")
        progress?("indexing for search", 0.98)
        try SearchIndex.rebuild(db)
        lap("search index")
        try RiskScoring.refreshAfterLinkage(db, progress: progress)
        lap("risk scores")
        try SourceHistory.snapshot(db)
        lap("source figures")
        try db.setMeta("linked_at", ISO8601DateFormatter().string(from: Date()))
        try db.setMeta("linked_engine", String(engineVersion))
        return Summary(addresses: AddressLinkageFigures(
            records: a.records, distinctAddresses: a.distinctAddresses, given: a.given, matched: a.matched, buildingOnly: a.buildingOnly,
            ambiguous: a.ambiguous, unmatched: a.unmatched, locations: a.locations, locationsToProperty: a.locationsToProperty,
            locationsToStreet: a.locationsToStreet, seconds: a.seconds), persons: persons, seconds: Date().timeIntervalSince(started), stages: stages)
    }
}

