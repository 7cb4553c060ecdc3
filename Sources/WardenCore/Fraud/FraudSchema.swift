import GRDB

/// The counter-fraud tables, as named migrations (never edited once shipped).
///
/// Cases refer to virtual persons (stable ids; merged ids redirect) and UPRNs, and keep a
/// snapshot of every evidence record, because source records are replaced when an extract is
/// reloaded: the investigator must still see what raised the case.
enum FraudSchema {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("fraud-v1-cases") { db in
            try db.execute(sql: """
            -- One run of the scan: which rules (file and hash), when, by whom, and what changed.
            CREATE TABLE fraud_scan (
                id              INTEGER PRIMARY KEY,
                started_at      TEXT NOT NULL,
                finished_at     TEXT NOT NULL,
                user            TEXT NOT NULL,
                rules_origin    TEXT NOT NULL,
                rules_sha256    TEXT NOT NULL,
                as_of           TEXT NOT NULL,
                figures         TEXT NOT NULL        -- JSON: per rule candidates, raised, updated, re-raised, ...
            ) STRICT;

            -- Each version of each rule that ever scored a case, as it was written.
            CREATE TABLE fraud_rule_version (
                rule_id        TEXT NOT NULL,
                version        TEXT NOT NULL,
                definition     TEXT NOT NULL,        -- JSON of the rule's settings
                first_scan_id  INTEGER NOT NULL REFERENCES fraud_scan(id),
                PRIMARY KEY (rule_id, version)
            ) STRICT, WITHOUT ROWID;

            -- A case. `queue`: 1 open and queued (above the threshold, or being worked), 2 closed,
            -- 0 not queued (below the threshold, or no longer found, and never worked).
            CREATE TABLE fraud_case (
                id                   INTEGER PRIMARY KEY,
                rule_id              TEXT NOT NULL,
                raised_version       TEXT NOT NULL,
                rule_version         TEXT NOT NULL,  -- the version that last scored it
                case_type            TEXT NOT NULL,
                summary              TEXT NOT NULL,
                subject_person_id    INTEGER,        -- virtual person (see person_redirect)
                subject_name         TEXT,
                uprn                 INTEGER,
                address              TEXT,
                risk                 INTEGER NOT NULL CHECK (risk BETWEEN 0 AND 100),
                value                REAL NOT NULL CHECK (value >= 0),   -- estimated annual value, pounds
                above_threshold      INTEGER NOT NULL CHECK (above_threshold IN (0,1)),
                detected             INTEGER NOT NULL CHECK (detected IN (0,1)),   -- found by the latest scan
                queue                INTEGER NOT NULL CHECK (queue IN (0,1,2)),
                status               TEXT NOT NULL CHECK (status IN ('new','triage','investigation','closed')),
                status_rank          INTEGER NOT NULL,  -- workflow order, for sorting
                outcome              TEXT CHECK (outcome IN ('fraud_proven','error_corrected','no_fraud')),
                amount_recovered     REAL NOT NULL DEFAULT 0 CHECK (amount_recovered >= 0),
                assignee             TEXT,
                due_date             TEXT NOT NULL,
                raised_at            TEXT NOT NULL,
                closed_at            TEXT,
                updated_at           TEXT NOT NULL,
                updated_by           TEXT NOT NULL,
                version              INTEGER NOT NULL DEFAULT 1,   -- bumped by every officer's change
                evidence_fingerprint TEXT NOT NULL,
                closed_fingerprint   TEXT,           -- the evidence when it was closed
                score_detail         TEXT NOT NULL,  -- JSON: how the risk was made
                first_scan_id        INTEGER NOT NULL REFERENCES fraud_scan(id),
                last_scan_id         INTEGER NOT NULL REFERENCES fraud_scan(id),
                CHECK ((status = 'closed') = (outcome IS NOT NULL))
            ) STRICT;
            CREATE INDEX fraud_case_by_risk ON fraud_case(queue, risk DESC, id DESC);
            CREATE INDEX fraud_case_by_type_risk ON fraud_case(queue, case_type, risk DESC, id DESC);
            CREATE INDEX fraud_case_by_value ON fraud_case(queue, value DESC, id DESC);
            CREATE INDEX fraud_case_by_type_value ON fraud_case(queue, case_type, value DESC, id DESC);
            CREATE INDEX fraud_case_by_raised ON fraud_case(queue, raised_at, id);
            CREATE INDEX fraud_case_by_due ON fraud_case(queue, due_date, id);
            CREATE INDEX fraud_case_by_status ON fraud_case(queue, status_rank, id);
            CREATE INDEX fraud_case_by_assignee ON fraud_case(assignee, queue, risk DESC, id DESC);
            CREATE INDEX fraud_case_by_assignee_name ON fraud_case(queue, coalesce(assignee, ''), id);
            CREATE INDEX fraud_case_by_person ON fraud_case(subject_person_id);
            CREATE INDEX fraud_case_by_uprn ON fraud_case(uprn);
            CREATE INDEX fraud_case_by_closed ON fraud_case(closed_at) WHERE closed_at IS NOT NULL;

            -- Every key a case is known by (rule + the claim's own reference): a re-scan finds the
            -- case again by any of them, so it is updated, never duplicated.
            CREATE TABLE fraud_case_key (
                key      TEXT PRIMARY KEY NOT NULL,
                case_id  INTEGER NOT NULL REFERENCES fraud_case(id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX fraud_case_key_by_case ON fraud_case_key(case_id);

            -- What raised a case, snapshotted: the records side by side with source, dates, link
            -- confidence and the weight each carried. `current` = 0 once a scan no longer sees it.
            CREATE TABLE fraud_evidence (
                id               INTEGER PRIMARY KEY,
                case_id          INTEGER NOT NULL REFERENCES fraud_case(id),
                fingerprint      TEXT NOT NULL,
                role             TEXT NOT NULL,     -- claim, other_adult, resident, death, elsewhere, ...
                person_id        INTEGER,
                person_name      TEXT,
                source           TEXT NOT NULL,
                system           TEXT NOT NULL,
                source_title     TEXT,
                line             INTEGER,
                record_key       TEXT,
                record_id        INTEGER,           -- the source record at the time (replaced on reload)
                uprn             INTEGER,
                address          TEXT,
                from_date        TEXT,
                to_date          TEXT,
                detail           TEXT,
                link_confidence  REAL,
                uprn_confidence  REAL,
                weight           REAL,
                current          INTEGER NOT NULL CHECK (current IN (0,1)),
                first_scan_id    INTEGER NOT NULL,
                last_scan_id     INTEGER NOT NULL,
                UNIQUE (case_id, fingerprint)
            ) STRICT;

            -- Every change to a case: who, when, what it was, what it became.
            CREATE TABLE fraud_case_history (
                id        INTEGER PRIMARY KEY,
                case_id   INTEGER NOT NULL REFERENCES fraud_case(id),
                at        TEXT NOT NULL,
                user      TEXT NOT NULL,
                field     TEXT NOT NULL,
                before    TEXT,
                after     TEXT,
                scan_id   INTEGER
            ) STRICT;
            CREATE INDEX fraud_case_history_by_case ON fraud_case_history(case_id, id);

            -- Investigators' notes, stored exactly as typed (shown with control characters made safe).
            CREATE TABLE fraud_case_note (
                id       INTEGER PRIMARY KEY,
                case_id  INTEGER NOT NULL REFERENCES fraud_case(id),
                at       TEXT NOT NULL,
                user     TEXT NOT NULL,
                text     TEXT NOT NULL
            ) STRICT;
            CREATE INDEX fraud_case_note_by_case ON fraud_case_note(case_id, id);
            """)
        }
        m.registerMigration("fraud-v2-queue-search") { db in
            try db.execute(sql: """
            -- Queues sorted by case number, and the savings figures, without a sort or a table scan.
            CREATE INDEX fraud_case_by_id ON fraud_case(queue, id);
            CREATE INDEX fraud_case_savings ON fraud_case(queue, case_type, status, outcome, value, amount_recovered, raised_at, closed_at);

            -- Substring search over what a queue shows (subject, address, summary, assignee), by
            -- trigrams: "owak" finds "Nowak" among 100,000 cases without reading them all.
            CREATE VIRTUAL TABLE fraud_case_search USING fts5(text, tokenize = 'trigram');
            CREATE TRIGGER fraud_case_search_insert AFTER INSERT ON fraud_case BEGIN
                INSERT INTO fraud_case_search(rowid, text)
                VALUES (new.id, coalesce(new.subject_name, '') || ' | ' || coalesce(new.address, '') || ' | ' || new.summary || ' | ' || coalesce(new.assignee, ''));
            END;
            CREATE TRIGGER fraud_case_search_update AFTER UPDATE OF subject_name, address, summary, assignee ON fraud_case BEGIN
                DELETE FROM fraud_case_search WHERE rowid = old.id;
                INSERT INTO fraud_case_search(rowid, text)
                VALUES (new.id, coalesce(new.subject_name, '') || ' | ' || coalesce(new.address, '') || ' | ' || new.summary || ' | ' || coalesce(new.assignee, ''));
            END;
            INSERT INTO fraud_case_search(rowid, text)
            SELECT id, coalesce(subject_name, '') || ' | ' || coalesce(address, '') || ' | ' || summary || ' | ' || coalesce(assignee, '') FROM fraud_case;
            """)
        }
        m.registerMigration("fraud-v3-queue-sort-subject-address") { db in
            try db.execute(sql: """
            -- The dashboard's queue sorts by any column it shows: subject and address too, by keyset.
            CREATE INDEX fraud_case_by_subject ON fraud_case(queue, coalesce(subject_name, ''), id);
            CREATE INDEX fraud_case_by_address ON fraud_case(queue, coalesce(address, ''), id);
            """)
        }
        m.registerMigration("fraud-v4-my-cases-by-due") { db in
            // "My cases" sorted by due date is an investigator's day: walk their cases in due
            // order instead of the whole queue's (35 ms → a few ms at 100,000 cases).
            try db.execute(sql: "CREATE INDEX fraud_case_by_assignee_due ON fraud_case(assignee, queue, due_date, id)")
        }
        m.registerMigration("fraud-v5-search-rewritten-only-on-change") { db in
            // A scan that re-scores every case (a new rule version) rewrote the search entry of
            // each, though its text had not changed: the trigger fired on any UPDATE naming the
            // columns. It now fires only when the text would differ.
            try db.execute(sql: """
            DROP TRIGGER fraud_case_search_update;
            CREATE TRIGGER fraud_case_search_update AFTER UPDATE OF subject_name, address, summary, assignee ON fraud_case
            WHEN old.subject_name IS NOT new.subject_name OR old.address IS NOT new.address OR old.summary IS NOT new.summary
                 OR old.assignee IS NOT new.assignee
            BEGIN
                DELETE FROM fraud_case_search WHERE rowid = old.id;
                INSERT INTO fraud_case_search(rowid, text)
                VALUES (new.id, coalesce(new.subject_name, '') || ' | ' || coalesce(new.address, '') || ' | ' || new.summary || ' | ' || coalesce(new.assignee, ''));
            END;
            """)
        }
    }

    /// Erasure reaches the cases: the person's name becomes the pseudonym wherever a case, its
    /// evidence, history or notes spelled it (a case stays, as the fraud record it is), and the
    /// queue's search index is rewritten so the old name cannot be found through it.
    static let erase: ErasureHooks.Hook = { db, pid, pseudonym, scrub in
        try db.execute(sql: "UPDATE fraud_case SET subject_name = ? WHERE subject_person_id = ?", arguments: [pseudonym, pid])
        try db.execute(sql: "UPDATE fraud_evidence SET person_name = ? WHERE person_id = ?", arguments: [pseudonym, pid])
        func rewrite(_ table: String, _ columns: [String]) throws {
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(columns.joined(separator: ", ")) FROM \(table)")
            for row in rows {
                for c in columns {
                    guard let text: String = row[c] else { continue }
                    let s = scrub(text)
                    if s != text { try db.execute(sql: "UPDATE \(table) SET \(c) = ? WHERE id = ?", arguments: [s, row["id"] as Int64]) }
                }
            }
        }
        try rewrite("fraud_case", ["summary", "subject_name", "score_detail"])
        try rewrite("fraud_evidence", ["person_name", "detail"])
        try rewrite("fraud_case_history", ["before", "after"])
        try rewrite("fraud_case_note", ["text"])
        // Deleted FTS5 entries linger in old segments until merged: merge them now.
        try db.execute(sql: "INSERT INTO fraud_case_search(fraud_case_search) VALUES ('optimize')")
    }
}
