import Foundation
import GRDB
import WardenLinkage

/// Programmes kept in the warehouse: loaded from their file, edited from the dashboard or the
/// command line, every change kept with who and when.
public enum PilotStore {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("v6-pilots") { db in
            try db.execute(sql: """
            CREATE TABLE pilot_programme (
                id                 INTEGER PRIMARY KEY,
                name               TEXT NOT NULL UNIQUE,
                aim                TEXT NOT NULL,
                lead               TEXT NOT NULL,
                local_participant  TEXT,
                thresholds         TEXT NOT NULL,
                file_path          TEXT,
                file_sha256        TEXT,
                loaded_at          TEXT NOT NULL,
                loaded_by          TEXT NOT NULL
            ) STRICT;
            CREATE TABLE pilot_participant (
                id            INTEGER PRIMARY KEY,
                programme_id  INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,
                contact       TEXT,
                UNIQUE (programme_id, name)
            ) STRICT;
            CREATE TABLE pilot_dataset (
                id            INTEGER PRIMARY KEY,
                programme_id  INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                participant   TEXT NOT NULL,
                name          TEXT NOT NULL,
                system        TEXT,
                due           TEXT,
                supplied      TEXT,
                quality       REAL CHECK (quality IS NULL OR (quality >= 0 AND quality <= 1))
            ) STRICT;
            CREATE TABLE pilot_milestone (
                id             INTEGER PRIMARY KEY,
                programme_id   INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                position       INTEGER NOT NULL,
                name           TEXT NOT NULL,
                planned_start  TEXT, planned_end TEXT, actual_start TEXT, actual_end TEXT
            ) STRICT;
            CREATE TABLE pilot_blocker (
                id            INTEGER PRIMARY KEY,
                programme_id  INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                participant   TEXT NOT NULL,
                raised        TEXT,
                description   TEXT NOT NULL,
                resolved      TEXT
            ) STRICT;
            CREATE TABLE pilot_lesson (
                id            INTEGER PRIMARY KEY,
                programme_id  INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                text          TEXT NOT NULL
            ) STRICT;
            -- What the file got wrong when it was loaded (shown on the panel).
            CREATE TABLE pilot_problem (
                id            INTEGER PRIMARY KEY,
                programme_id  INTEGER NOT NULL REFERENCES pilot_programme(id) ON DELETE CASCADE,
                message       TEXT NOT NULL
            ) STRICT;
            -- Every change, with who and when (kept even when the programme is reloaded).
            CREATE TABLE pilot_change (
                id          INTEGER PRIMARY KEY,
                programme   TEXT NOT NULL,
                at          TEXT NOT NULL,
                user        TEXT NOT NULL,
                entity      TEXT NOT NULL,
                entity_id   INTEGER,
                field       TEXT,
                before      TEXT,
                after       TEXT
            ) STRICT;
            CREATE INDEX pilot_change_by_programme ON pilot_change(programme, at);

            -- Each source's figures at each linkage, for trends across loads.
            CREATE TABLE source_quality_history (
                load_id        INTEGER PRIMARY KEY REFERENCES load(id),
                source_id      INTEGER NOT NULL REFERENCES source(id),
                at             TEXT NOT NULL,
                rows_loaded    INTEGER NOT NULL,
                rows_rejected  INTEGER NOT NULL,
                uprn_rate      REAL,
                person_rate    REAL,
                unmatched      INTEGER
            ) STRICT;
            """)
        }
    }

    /// Loads a programme file into the warehouse, replacing the programme of the same name when
    /// the file has changed. Returns the problems the file had (the valid part still loads).
    @discardableResult
    public static func load(file path: String, into warehouse: Warehouse, user: String = CurrentUser.name) throws -> [UserFacingError] {
        let loaded = ProgrammeFile.load(path: path)
        guard let p = loaded.programme else {
            throw loaded.problems.count == 1 ? loaded.problems[0] as Error : UserFacingErrors(loaded.problems)
        }
        let sha = try SHA256Hasher.file(path).hex
        try warehouse.pool.write { db in try store(p, problems: loaded.problems, file: path, sha: sha, db: db, user: user) }
        return loaded.problems
    }

    static func store(_ p: Programme, problems: [UserFacingError], file: String?, sha: String?, db: Database, user: String) throws {
        if let sha, try String.fetchOne(db, sql: "SELECT file_sha256 FROM pilot_programme WHERE name = ?", arguments: [p.name]) == sha { return }
        try db.execute(sql: "DELETE FROM pilot_programme WHERE name = ?", arguments: [p.name])
        let thresholds = String(decoding: try JSONEncoder().encode(p.thresholds), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO pilot_programme(name, aim, lead, local_participant, thresholds, file_path, file_sha256, loaded_at, loaded_by)
            VALUES (?,?,?,?,?,?,?,?,?)
            """, arguments: [p.name, p.aim, p.lead, p.localParticipant, thresholds, file, sha, AuditLog.timestamp(), user])
        let pid = db.lastInsertedRowID
        for x in p.participants {
            try db.execute(sql: "INSERT INTO pilot_participant(programme_id, name, kind, contact) VALUES (?,?,?,?)", arguments: [pid, x.name, x.kind, x.contact])
        }
        for d in p.datasets {
            try db.execute(sql: "INSERT INTO pilot_dataset(programme_id, participant, name, system, due, supplied, quality) VALUES (?,?,?,?,?,?,?)",
                           arguments: [pid, d.participant, d.name, d.system, d.due?.iso, d.supplied?.iso, d.quality])
        }
        for (i, m) in p.milestones.enumerated() {
            try db.execute(sql: "INSERT INTO pilot_milestone(programme_id, position, name, planned_start, planned_end, actual_start, actual_end) VALUES (?,?,?,?,?,?,?)",
                           arguments: [pid, i, m.name, m.plannedStart?.iso, m.plannedEnd?.iso, m.actualStart?.iso, m.actualEnd?.iso])
        }
        for b in p.blockers {
            try db.execute(sql: "INSERT INTO pilot_blocker(programme_id, participant, raised, description, resolved) VALUES (?,?,?,?,?)",
                           arguments: [pid, b.participant, b.raised?.iso, b.description, b.resolved?.iso])
        }
        for l in p.lessons { try db.execute(sql: "INSERT INTO pilot_lesson(programme_id, text) VALUES (?,?)", arguments: [pid, l]) }
        for e in problems { try db.execute(sql: "INSERT INTO pilot_problem(programme_id, message) VALUES (?,?)", arguments: [pid, e.description]) }
        try db.execute(sql: "INSERT INTO pilot_change(programme, at, user, entity, after) VALUES (?,?,?,?,?)",
                       arguments: [p.name, AuditLog.timestamp(), user, "programme", file.map { "loaded from \($0)" } ?? "loaded"])
    }

    /// Every programme in the warehouse, as stored (with ids for editing).
    public static func programmes(_ db: Database) throws -> [(programme: Programme, problems: [String], id: Int64)] {
        try Row.fetchAll(db, sql: "SELECT * FROM pilot_programme ORDER BY name").map { r in
            let id: Int64 = r["id"]
            let thresholds = (try? JSONDecoder().decode(Programme.Thresholds.self, from: Data((r["thresholds"] as String).utf8))) ?? Programme.Thresholds()
            let participants = try Row.fetchAll(db, sql: "SELECT name, kind, contact FROM pilot_participant WHERE programme_id = ? ORDER BY id", arguments: [id])
                .map { Programme.Participant(name: $0["name"], kind: $0["kind"], contact: $0["contact"]) }
            let datasets = try Row.fetchAll(db, sql: "SELECT * FROM pilot_dataset WHERE programme_id = ? ORDER BY id", arguments: [id]).map {
                Programme.Dataset(id: $0["id"], participant: $0["participant"], name: $0["name"], system: $0["system"],
                                  due: ($0["due"] as String?).flatMap(CivilDate.init(iso:)), supplied: ($0["supplied"] as String?).flatMap(CivilDate.init(iso:)),
                                  quality: $0["quality"])
            }
            let milestones = try Row.fetchAll(db, sql: "SELECT * FROM pilot_milestone WHERE programme_id = ? ORDER BY position", arguments: [id]).map {
                Programme.Milestone(id: $0["id"], name: $0["name"], plannedStart: ($0["planned_start"] as String?).flatMap(CivilDate.init(iso:)),
                                    plannedEnd: ($0["planned_end"] as String?).flatMap(CivilDate.init(iso:)),
                                    actualStart: ($0["actual_start"] as String?).flatMap(CivilDate.init(iso:)),
                                    actualEnd: ($0["actual_end"] as String?).flatMap(CivilDate.init(iso:)))
            }
            let blockers = try Row.fetchAll(db, sql: "SELECT * FROM pilot_blocker WHERE programme_id = ? ORDER BY id", arguments: [id]).map {
                Programme.Blocker(id: $0["id"], participant: $0["participant"], raised: ($0["raised"] as String?).flatMap(CivilDate.init(iso:)),
                                  description: $0["description"], resolved: ($0["resolved"] as String?).flatMap(CivilDate.init(iso:)))
            }
            let lessons = try String.fetchAll(db, sql: "SELECT text FROM pilot_lesson WHERE programme_id = ? ORDER BY id", arguments: [id])
            let problems = try String.fetchAll(db, sql: "SELECT message FROM pilot_problem WHERE programme_id = ? ORDER BY id", arguments: [id])
            return (Programme(name: r["name"], aim: r["aim"], lead: r["lead"], localParticipant: r["local_participant"], thresholds: thresholds,
                              participants: participants, datasets: datasets, milestones: milestones, blockers: blockers, lessons: lessons), problems, id)
        }
    }

    /// A change an officer makes from the dashboard or command line.
    public enum Edit: Sendable {
        case datasetSupplied(datasetID: Int64, date: CivilDate?, quality: Double?)
        case milestoneActual(milestoneID: Int64, start: CivilDate?, end: CivilDate?)
        case addBlocker(participant: String, description: String, raised: CivilDate)
        case resolveBlocker(blockerID: Int64, on: CivilDate)
    }

    /// Applies an edit, keeping the before and after in the programme's history and the audit log.
    public static func apply(_ edit: Edit, programme: String, warehouse: Warehouse, actor: AuditLog.Actor) throws {
        try warehouse.pool.write { db in
            guard let pid = try Int64.fetchOne(db, sql: "SELECT id FROM pilot_programme WHERE name = ?", arguments: [programme]) else {
                throw UserFacingError(field: programme, problem: "no such programme", remedy: "list them with `warden pilots`")
            }
            func change(_ entity: String, _ id: Int64?, _ field: String, _ before: String?, _ after: String?) throws {
                try db.execute(sql: "INSERT INTO pilot_change(programme, at, user, entity, entity_id, field, before, after) VALUES (?,?,?,?,?,?,?,?)",
                               arguments: [programme, AuditLog.timestamp(), actor.user, entity, id, field, before, after])
                try AuditLog.append(db, actor: actor, action: .change, subjectType: "pilot_\(entity)", subjectID: id.map(String.init),
                                    detail: "{\"field\":\(RowBuffer.jsonString(field)),\"before\":\(RowBuffer.jsonString(before ?? "")),\"after\":\(RowBuffer.jsonString(after ?? ""))}")
            }
            switch edit {
            case .datasetSupplied(let id, let date, let quality):
                guard let row = try Row.fetchOne(db, sql: "SELECT supplied, quality FROM pilot_dataset WHERE id = ? AND programme_id = ?", arguments: [id, pid]) else {
                    throw UserFacingError(field: "dataset \(id)", problem: "no such dataset in \(programme)")
                }
                if let q = quality, !(0...1).contains(q) { throw UserFacingError(field: "quality", problem: "must be a share between 0 and 1") }
                try db.execute(sql: "UPDATE pilot_dataset SET supplied = ?, quality = ? WHERE id = ?", arguments: [date?.iso, quality, id])
                try change("dataset", id, "supplied", row["supplied"], date?.iso)
                if (row["quality"] as Double?) != quality { try change("dataset", id, "quality", (row["quality"] as Double?).map { String($0) }, quality.map { String($0) }) }
            case .milestoneActual(let id, let start, let end):
                guard let row = try Row.fetchOne(db, sql: "SELECT actual_start, actual_end FROM pilot_milestone WHERE id = ? AND programme_id = ?", arguments: [id, pid]) else {
                    throw UserFacingError(field: "milestone \(id)", problem: "no such milestone in \(programme)")
                }
                if let s = start, let e = end, e < s { throw UserFacingError(field: "milestone", problem: "ends (\(e.iso)) before it starts (\(s.iso))") }
                try db.execute(sql: "UPDATE pilot_milestone SET actual_start = ?, actual_end = ? WHERE id = ?", arguments: [start?.iso, end?.iso, id])
                try change("milestone", id, "actual", "\(row["actual_start"] as String? ?? "")–\(row["actual_end"] as String? ?? "")", "\(start?.iso ?? "")–\(end?.iso ?? "")")
            case .addBlocker(let participant, let description, let raised):
                guard try Int.fetchOne(db, sql: "SELECT 1 FROM pilot_participant WHERE programme_id = ? AND name = ?", arguments: [pid, participant]) != nil else {
                    let known = try String.fetchAll(db, sql: "SELECT name FROM pilot_participant WHERE programme_id = ?", arguments: [pid])
                    throw UserFacingError(field: participant, problem: "unknown participant", remedy: Suggest.hint(participant, in: known))
                }
                try db.execute(sql: "INSERT INTO pilot_blocker(programme_id, participant, raised, description) VALUES (?,?,?,?)",
                               arguments: [pid, participant, raised.iso, description])
                try change("blocker", db.lastInsertedRowID, "raised", nil, "\(participant): \(description)")
            case .resolveBlocker(let id, let on):
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM pilot_blocker WHERE id = ? AND programme_id = ?", arguments: [id, pid]) != nil else {
                    throw UserFacingError(field: "blocker \(id)", problem: "no such blocker in \(programme)")
                }
                try db.execute(sql: "UPDATE pilot_blocker SET resolved = ? WHERE id = ?", arguments: [on.iso, id])
                try change("blocker", id, "resolved", nil, on.iso)
            }
        }
    }

    /// The programme's change history, newest first.
    public static func history(_ db: Database, programme: String, limit: Int = 200) throws -> [PilotChange] {
        try Row.fetchAll(db, sql: "SELECT * FROM pilot_change WHERE programme = ? ORDER BY id DESC LIMIT ?", arguments: [programme, limit]).map {
            PilotChange(at: $0["at"], user: $0["user"], entity: $0["entity"], entityID: $0["entity_id"], field: $0["field"], before: $0["before"], after: $0["after"])
        }
    }
}

/// One change to a programme.
public struct PilotChange: Sendable, Codable, Equatable {
    public var at: String
    public var user: String
    public var entity: String
    public var entityID: Int64?
    public var field: String?
    public var before: String?
    public var after: String?
}
