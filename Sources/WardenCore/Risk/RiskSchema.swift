import GRDB

/// The HMO risk model's tables, as named migrations (never edited once shipped).
public enum RiskSchema {
    /// The secondary indexes of `risk_score`, as "risk-v1" creates them; scoring drops them for
    /// its bulk write and builds them again with this.
    static let scoreIndexes = """
        CREATE INDEX IF NOT EXISTS risk_score_by_ward ON risk_score(ward_id, ward_rank);
        CREATE INDEX IF NOT EXISTS risk_score_by_rank ON risk_score(rank);
        """

    /// Registers the risk migrations; `Schema.migrator()` calls this.
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("risk-v1") { db in
            try db.execute(sql: """
            -- Inspection outcomes recorded by officers (`warden inspect`, the dashboard). Kept apart
            -- from source records so rebuilds and relinks never touch them; every entry is also in
            -- the audit log.
            CREATE TABLE inspection_outcome (
                id           INTEGER PRIMARY KEY,
                uprn         INTEGER NOT NULL REFERENCES property(uprn),
                outcome      TEXT NOT NULL CHECK (outcome IN ('hmo_found','no_hmo','hazards_found','no_access')),
                visited_on   TEXT NOT NULL,
                officer      TEXT NOT NULL,
                note         TEXT,
                recorded_at  TEXT NOT NULL,
                recorded_by  TEXT NOT NULL
            ) STRICT;
            CREATE INDEX inspection_outcome_by_uprn ON inspection_outcome(uprn, visited_on);

            -- Every model version: what it learnt from, its weights, bands and measured accuracy.
            CREATE TABLE risk_model (
                version        INTEGER PRIMARY KEY,
                created_at     TEXT NOT NULL,
                created_by     TEXT NOT NULL,
                trigger        TEXT NOT NULL,
                as_of          TEXT NOT NULL,
                fingerprint    TEXT NOT NULL,
                training_rows  INTEGER NOT NULL,
                known_hmos     INTEGER NOT NULL,
                auc            REAL,
                definition     TEXT NOT NULL       -- JSON RiskModel
            ) STRICT;

            -- The current score of every dwelling, with what the panels show beside it.
            CREATE TABLE risk_score (
                uprn              INTEGER PRIMARY KEY REFERENCES property(uprn),
                ward_id           INTEGER,
                model_version     INTEGER NOT NULL REFERENCES risk_model(version),
                score             INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
                probability       REAL NOT NULL CHECK (probability BETWEEN 0 AND 1),
                held_out          REAL,            -- probability from the fold model that did not see this property's label
                held_out_log_odds REAL,            -- its log-odds (ranks without the cap at 1)
                log_odds          REAL NOT NULL,
                band              TEXT NOT NULL CHECK (band IN ('High','Moderate','Some','Low')),
                rank              INTEGER NOT NULL, -- 1 = highest in the borough
                ward_rank         INTEGER NOT NULL, -- 1 = highest in its ward
                hmo_licensed      INTEGER NOT NULL CHECK (hmo_licensed IN (0,1)),
                known             TEXT NOT NULL,   -- hmo / not_hmo / unknown: the training label
                tenure            TEXT,
                licence_status    TEXT NOT NULL,
                last_inspected    TEXT,
                last_outcome      TEXT,
                features          BLOB NOT NULL    -- raw feature values, Float32 little-endian, model order; NaN = missing
            ) STRICT;
            CREATE INDEX risk_score_by_ward ON risk_score(ward_id, ward_rank);
            CREATE INDEX risk_score_by_rank ON risk_score(rank);

            -- Per-ward figures for the wards overview, made when scores are made.
            CREATE TABLE risk_ward (
                ward_id            INTEGER PRIMARY KEY,
                name               TEXT NOT NULL,
                properties         INTEGER NOT NULL,
                dwellings          INTEGER NOT NULL,
                private_rented     INTEGER NOT NULL,
                hmo_licensed       INTEGER NOT NULL,
                selective_licensed INTEGER NOT NULL,
                high               INTEGER NOT NULL,   -- band counts: dwellings without a current HMO licence
                moderate           INTEGER NOT NULL,
                some               INTEGER NOT NULL,
                low                INTEGER NOT NULL,
                expected_hmos      REAL NOT NULL,      -- sum of probabilities of those dwellings
                inspected          INTEGER NOT NULL,
                asb                INTEGER NOT NULL,   -- events in the two years to the as-of date
                fixed_penalties    INTEGER NOT NULL,
                pest_control       INTEGER NOT NULL,
                summonses          INTEGER NOT NULL,
                noise              INTEGER NOT NULL
            ) STRICT;
            """)
        }
    }
}
