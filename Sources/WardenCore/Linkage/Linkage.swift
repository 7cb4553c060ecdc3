import Foundation
import GRDB
import WardenLinkage

/// Runs linkage over the warehouse: addresses to UPRNs, records to virtual persons, and then
/// everything derived from the links (residencies, contacts, flags, events, property facts,
/// the search index). One transaction: a failed run leaves the previous links in place.
public enum Linkage {
    /// What a run did.
    public struct Summary: Sendable, Codable {
        public var addresses: AddressLinkageFigures
        public var persons: PersonLinkageFigures?
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
        try Derivation.clearDerived(db)
        progress?("indexing the gazetteer", 0)
        let index = try AddressLinkage.loadIndex(db)
        let a = try AddressLinkage.run(db, index: index, progress: progress)
        let persons = try PersonLinkage.run(db, progress: progress)
        progress?("deriving residencies, contacts and events", 0.95)
        try Derivation.deriveFromLinks(db)
        progress?("indexing for search", 0.98)
        try SearchIndex.rebuild(db)
        try RiskScoring.refreshAfterLinkage(db, progress: progress)
        try db.setMeta("linked_at", ISO8601DateFormatter().string(from: Date()))
        return Summary(addresses: AddressLinkageFigures(
            records: a.records, distinctAddresses: a.distinctAddresses, given: a.given, matched: a.matched, buildingOnly: a.buildingOnly,
            ambiguous: a.ambiguous, unmatched: a.unmatched, locations: a.locations, locationsToProperty: a.locationsToProperty,
            locationsToStreet: a.locationsToStreet, seconds: a.seconds), persons: persons, seconds: Date().timeIntervalSince(started))
    }
}

