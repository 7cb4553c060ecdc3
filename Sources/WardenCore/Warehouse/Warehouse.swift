import Foundation
import GRDB

/// The local warehouse: one SQLite file in WAL mode, many readers (officers' dashboards), one
/// writer (a load) at a time.
public final class Warehouse: Sendable {
    /// The database file.
    public let path: String
    /// The connection pool. Reads run concurrently; writes are serialised by SQLite.
    public let pool: DatabasePool

    /// What the connections are for, which sets their page cache.
    public enum Use: Sendable {
        /// Loads, linkage and scans: 64 MiB of page cache per connection.
        case bulk
        /// A dashboard: 8 MiB per connection keeps an officer's session small (each reader
        /// connection may fill its own cache) while searches stay in the hot pages.
        case interactive

        var cacheKiB: Int { self == .bulk ? 65_536 : 8_192 }
    }

    /// Opens (creating if needed) the warehouse at `path` and brings its schema up to date.
    public init(path: String, use: Use = .bulk) throws {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        // GRDB 7 opens write transactions IMMEDIATE, so a read-then-write in one dashboard cannot
        // fail because another dashboard committed in between (claiming a case, an audit entry).
        config.label = "warden"
        config.prepareDatabase { db in
            // Bulk loads write hundreds of MB; a larger page cache and in-memory temp tables help.
            try db.execute(sql: "PRAGMA cache_size = -\(use.cacheKiB); PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw UserFacingError(file: path, problem: "cannot open the warehouse (\(error))",
                                  remedy: "check the path and permissions, or set WARDEN_DB to another file")
        }
        try Schema.migrator().migrate(pool)
    }

    /// Where the warehouse lives when no `--db` is given: `$WARDEN_DB`, else the per-user data
    /// directory (`$XDG_DATA_HOME/warden/warehouse.sqlite`, `~/.local/share/warden/...`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["WARDEN_DB"], !p.isEmpty { return p }
        let base: String
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { base = x }
        else { base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        return base + "/warden/warehouse.sqlite"
    }

    /// Whether a warehouse file exists at `path` and has been built (holds at least one load).
    public static func isBuilt(at path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path),
              let q = try? DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }()) else { return false }
        return (try? q.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM load") ?? 0 }) ?? 0 > 0
    }

    /// A value stored in the `meta` table.
    public func meta(_ key: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }
}

extension Database {
    /// Sets a `meta` value.
    func setMeta(_ key: String, _ value: String) throws {
        try execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
    }
}
