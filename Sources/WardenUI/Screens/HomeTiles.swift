import Foundation
import TerminalKit

/// The home tiles the dashboard has today; every one is backed by the warehouse.
public enum StandardTiles {
    public static let all: [any HomeTile] = [BoroughTile(), CounterFraudTile(), WarehouseTile(), SourcesTile(), FreshnessTile(), RecentTile(), HMORiskTile(), PilotsTile()]
}

/// The borough, the extract date and who is looking.
struct BoroughTile: HomeTile {
    var id: String { "borough" }
    var title: String { "Borough" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        let o = try data.overview()
        guard !o.sources.isEmpty else { return nil }
        return TileContent(rows: [
            .init("Borough", o.borough ?? "—"),
            .init("Extracts as of", Format.date(o.asOf)),
            .init("Officer", data.user),
            .init("Warehouse", (data.warehouse.path as NSString).lastPathComponent),
        ])
    }
}

/// How much the warehouse holds, and how much of it is linked.
struct WarehouseTile: HomeTile {
    var id: String { "warehouse" }
    var title: String { "Warehouse" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        let o = try data.overview()
        guard o.sourceRecords > 0 || o.properties > 0 else { return nil }
        // the shares the data-sources screen gives, borough-wide: of the records that name a
        // person, and of those that give an address (the gazetteer itself is neither)
        func share(_ n: Int, of total: Int) -> String {
            guard total > 0 else { return Format.count(n) }
            let pct = Double(n) / Double(total) * 100
            return "\(Format.count(n)) of \(Format.count(total)) (" + (pct >= 99.95 || pct < 99 ? "\(Int(pct.rounded()))" : String(format: "%.1f", pct)) + "%)"
        }
        var rows: [TileContent.Row] = [
            .init("People", Format.count(o.people) + (o.deceased > 0 ? ", \(Format.count(o.deceased)) deceased" : "")),
            .init("Properties", Format.count(o.properties)),
            .init("Wards", Format.count(o.wards)),
            .init("Source records", Format.count(o.sourceRecords)),
        ]
        if o.linkageCounts == nil && o.linkedToPerson + o.linkedToProperty == 0 {
            rows.append(.init("Linked", "not yet: linkage has not run", role: .statusWarn))
        } else {
            if let c = o.linkageCounts {
                rows.append(.init("UPRN match", share(c.addressedPlaced, of: c.addressedRecords)))
                rows.append(.init("Person match", share(c.foundElsewhere, of: c.namedRecords)))
            } else {
                rows.append(.init("Linked to a person", Format.count(o.linkedToPerson)))
                rows.append(.init("Linked to a UPRN", Format.count(o.linkedToProperty)))
            }
        }
        return TileContent(rows: rows)
    }
}

/// How old the data is: the newest and the stalest extract.
struct FreshnessTile: HomeTile {
    var id: String { "freshness" }
    var title: String { "Freshness" }

    static func age(_ iso: String, today: CalendarDay) -> Int? {
        Format.day(iso).map { today.ordinal - $0.ordinal }
    }

    /// Ok within a week, a warning within a month, an error after.
    static func role(days: Int) -> Role {
        days <= 7 ? .statusOK : days <= 31 ? .statusWarn : .statusError
    }

    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        let o = try data.overview()
        guard let last = o.lastLoad, let oldest = o.oldestLoad,
              let lastDays = Self.age(last, today: today), let oldDays = Self.age(oldest, today: today) else { return nil }
        let stalest = o.sources.min { $0.finishedAt < $1.finishedAt }
        var rows: [TileContent.Row] = [
            .init("Last load", "\(Format.date(last)), \(Format.daysAgo(lastDays))", role: Self.role(days: lastDays)),
            .init("Stalest source", stalest.map(\.title) ?? "—"),
            .init("  loaded", "\(Format.date(oldest)), \(Format.daysAgo(oldDays))", role: Self.role(days: oldDays)),
        ]
        let old = o.sources.filter { (Self.age($0.finishedAt, today: today) ?? 0) > 31 }.count
        rows.append(.init("Older than a month", old == 0 ? "none" : "\(old) of \(o.sources.count) sources",
                          role: old == 0 ? .statusOK : .statusWarn))
        return TileContent(rows: rows)
    }
}

/// Every loaded source with its rows and rejects.
struct SourcesTile: HomeTile {
    var id: String { "sources" }
    var title: String { "Sources loaded" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        let o = try data.overview()
        guard !o.sources.isEmpty else { return nil }
        let rows = o.sources.map { s in
            TileContent.Row(s.title, Format.count(s.rowsLoaded) + (s.rowsLoaded == 1 ? " row" : " rows") + (s.rowsRejected > 0 ? ", \(Format.count(s.rowsRejected)) rejected" : ""),
                            role: s.rowsRejected > 0 ? .statusWarn : nil)
        }
        let rejected = o.sources.reduce(0) { $0 + $1.rowsRejected }
        let with = o.sources.filter { $0.rowsRejected > 0 }.count
        return TileContent(rows: rows, note: rejected == 0 ? "No rows rejected"
                           : "\(Format.count(rejected)) rows rejected in \(with) of \(o.sources.count) sources")
    }
}

/// What this officer opened lately, to go straight back to it.
struct RecentTile: HomeTile {
    var id: String { "recent" }
    var title: String { "Recently opened by you" }
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent? {
        let recent = try data.recentViews(limit: 8)
        guard !recent.isEmpty else {
            guard data.access.canUse(screen: "search") else { return nil }   // a role that opens no records
            return TileContent(rows: [], note: "Nothing yet: press / to find a resident or a property")
        }
        return TileContent(rows: recent.map { r in
            let day = Format.day(r.at)
            let when = day.map { today.ordinal - $0.ordinal }.map(Format.daysAgo) ?? ""
            switch r.kind {
            case .person: return .init(r.label, "person, \(when)", target: .person(r.id))
            case .property: return .init(Format.shortAddress(r.label), "property, \(when)", target: .property(r.id))
            }
        })
    }
}
