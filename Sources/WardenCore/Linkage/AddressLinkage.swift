import Dispatch
import Foundation
import GRDB
import WardenLinkage

/// Links every source record's address (and every event's location) to the gazetteer.
///
/// Addresses repeat across and within extracts, so each distinct (address, postcode) is matched
/// once, on both cores, and the answer shared by every record that wrote it that way.
enum AddressLinkage {
    /// Figures for one run.
    struct Summary: Sendable, Codable {
        var records = 0
        var distinctAddresses = 0
        var given = 0
        var matched = 0
        var buildingOnly = 0
        var ambiguous = 0
        var unmatched = 0
        var locations = 0
        var locationsToProperty = 0
        var locationsToStreet = 0
        var seconds = 0.0
    }

    /// The gazetteer as the matcher wants it, from the warehouse's properties.
    static func loadIndex(_ db: Database) throws -> AddressIndex {
        var entries: [GazetteerEntry] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT uprn, parent_uprn, usrn, sub_building, building_name, building_number, street, locality, town, postcode, easting, northing
            FROM property ORDER BY uprn
            """)
        while let r = try rows.next() {
            entries.append(GazetteerEntry(uprn: r["uprn"], parentUPRN: r["parent_uprn"], usrn: r["usrn"], subBuilding: r["sub_building"],
                                          buildingName: r["building_name"], buildingNumber: r["building_number"], street: r["street"],
                                          locality: r["locality"], town: r["town"], postcode: r["postcode"],
                                          easting: r["easting"], northing: r["northing"]))
        }
        return AddressIndex(entries)
    }

    /// Distinct (address, postcode) pairs, compared without case, so each is matched once
    /// however many records hold it.
    struct DistinctAddresses {
        private var ids: [String: Int32] = [:]
        private(set) var list: [(String, String?)] = []

        /// The pair's index in `list`, adding it when new.
        mutating func id(_ address: String, _ postcode: String?) -> Int32 {
            let key = address.uppercased() + "|" + (postcode ?? "").uppercased()
            if let k = ids[key] { return k }
            let k = Int32(list.count)
            ids[key] = k
            list.append((address, postcode))
            return k
        }
    }

    /// What the matcher decided for one distinct address, ready to store.
    struct Outcome: Sendable {
        var uprn: Int64?
        var usrn: Int64?
        var confidence: Double
        var method: String
        var candidates: String?
    }

    /// Matches every record and writes `record_link` rows (address and event-location columns).
    static func run(_ db: Database, index: AddressIndex, progress: ProgressHandler?) throws -> Summary {
        let started = Date()
        var summary = Summary()
        let known = Set(index.entries.map(\.uprn))
        struct Work { var id: Int64; var given: Int64?; var addressKey: Int32; var locationKey: Int32; var isEvent: Bool }
        var work: [Work] = []
        var addresses = DistinctAddresses()
        var locationKeys: [String: Int32] = [:]
        var locations: [String] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.id, s.kind, r.uprn, r.address, coalesce(r.postcode, r.postcode_raw) AS postcode, r.location
            FROM source_record r JOIN source s ON s.id = r.source_id
            WHERE s.kind <> 'gazetteer'
            ORDER BY r.id
            """)
        while let r = try rows.next() {
            let address: String? = r["address"], postcode: String? = r["postcode"], location: String? = r["location"]
            var aKey: Int32 = -1, lKey: Int32 = -1
            if address != nil || postcode != nil { aKey = addresses.id(address ?? "", postcode) }
            if let location {
                let key = location.uppercased()
                if let k = locationKeys[key] { lKey = k } else {
                    lKey = Int32(locations.count); locationKeys[key] = lKey; locations.append(location)
                }
            }
            let given: Int64? = r["uprn"]
            work.append(Work(id: r["id"], given: given.flatMap { known.contains($0) ? $0 : nil }, addressKey: aKey, locationKey: lKey, isEvent: (r["kind"] as String) == "event"))
        }
        summary.records = work.count
        summary.distinctAddresses = addresses.list.count
        locationKeys = [:]

        // Match the distinct addresses and locations on every core.
        let total = Double(addresses.list.count + locations.count)
        let counter = ProgressCounter()
        let addressOutcomes = parallelMap(addresses.list) { a -> Outcome in
            let m = index.match(a.0, postcode: a.1)
            counter.tick(total: total, progress: progress)
            return outcome(m)
        }
        let locationOutcomes = parallelMap(locations) { l -> Outcome in
            let m = index.matchLocation(l)
            counter.tick(total: total, progress: progress)
            switch m.kind {
            case .property: return Outcome(uprn: m.uprn, usrn: m.street?.usrn, confidence: m.confidence, method: "location:" + (m.addressMatch?.method.rawValue ?? "property"), candidates: nil)
            case .street: return Outcome(uprn: nil, usrn: m.street?.usrn, confidence: m.confidence, method: "location:street", candidates: nil)
            case .none: return Outcome(uprn: nil, usrn: nil, confidence: 0, method: "location:unresolved", candidates: nil)
            }
        }

        let insert = try db.makeStatement(sql: """
            INSERT INTO record_link(record_id, uprn, usrn, uprn_confidence, uprn_method, uprn_candidates, event_uprn, event_usrn, event_method)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        for w in work {
            var a: Outcome?
            if let g = w.given {
                a = Outcome(uprn: g, usrn: nil, confidence: 1, method: "given", candidates: nil)
                summary.given += 1
            } else if w.addressKey >= 0 {
                a = addressOutcomes[Int(w.addressKey)]
                switch a!.method {
                case "parent-only": summary.buildingOnly += 1
                case "ambiguous": summary.ambiguous += 1
                case "unmatched": summary.unmatched += 1
                default: summary.matched += 1
                }
            }
            var e: Outcome?
            if w.locationKey >= 0 {
                e = locationOutcomes[Int(w.locationKey)]
                summary.locations += 1
                if e!.uprn != nil { summary.locationsToProperty += 1 } else if e!.usrn != nil { summary.locationsToStreet += 1 }
            } else if w.isEvent, let a, a.uprn != nil {
                e = Outcome(uprn: a.uprn, usrn: nil, confidence: a.confidence, method: "address", candidates: nil)
            }
            if a == nil && e == nil { continue }
            try insert.execute(arguments: [w.id, a?.uprn, a?.usrn, a?.confidence, a?.method, a?.candidates, e?.uprn, e?.usrn, e?.method])
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    static func outcome(_ m: AddressMatch) -> Outcome {
        var candidates: String?
        if m.uprn == nil || m.level == .building || m.isAmbiguous {
            let c = m.candidates.prefix(5).map { "{\"uprn\":\($0.uprn),\"address\":\(RowBuffer.jsonString($0.address)),\"p\":\(String(format: "%.3f", $0.probability))}" }
            candidates = "[" + c.joined(separator: ",") + "]"
        }
        return Outcome(uprn: m.uprn, usrn: nil, confidence: m.confidence, method: m.method.rawValue, candidates: candidates)
    }
}

/// Maps an array on every core, keeping order. `transform` must be thread-safe.
func parallelMap<T: Sendable, U: Sendable>(_ input: [T], chunk: Int = 256, _ transform: @Sendable (T) -> U) -> [U] {
    if input.isEmpty { return [] }
    let out = UnsafeMutableBufferPointer<U?>.allocate(capacity: input.count)
    out.initialize(repeating: nil)
    defer { out.deallocate() }
    let chunks = (input.count + chunk - 1) / chunk
    nonisolated(unsafe) let target = out
    input.withUnsafeBufferPointer { inp in
        nonisolated(unsafe) let source = inp
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * chunk, hi = min(input.count, lo + chunk)
            for i in lo..<hi { target[i] = transform(source[i]) }
        }
    }
    return out.map { $0! }
}

/// A thread-safe progress tick, reported every 1% or so.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func tick(total: Double, progress: ProgressHandler?) {
        guard let progress else { return }
        lock.lock(); n += 1; let v = n; lock.unlock()
        if v % max(1, Int(total / 100)) == 0 { progress("matching addresses", Double(v) / max(total, 1)) }
    }
}
