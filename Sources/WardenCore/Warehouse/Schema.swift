import GRDB

/// The warehouse schema, as named migrations. A shipped migration is never edited: later
/// capabilities (risk, fraud, pilots, audit) add their own.
enum Schema {
    /// Warehouse columns of `source_record` that hold canonical fields, in insert order.
    static let recordFieldColumns: [String] = [
        "record_key", "group_key", "role",
        "title", "given_name", "middle_names", "surname", "full_name",
        "dob", "date_of_death", "gender", "nino", "nhs_number", "marital_status",
        "phone", "mobile", "email",
        "uprn", "parent_uprn", "usrn",
        "sub_building", "building_name", "building_number", "street", "locality", "town",
        "address", "postcode", "postcode_raw", "location",
        "correspondence_address", "correspondence_postcode",
        "ward", "easting", "northing", "property_class",
        "start_date", "end_date", "event_date",
        "category", "outcome", "status", "flag_code", "flag_description",
        "band", "discount", "exemption", "relief", "amount", "rateable_value",
        "bedrooms", "tenure", "property_type", "licence_number", "max_occupants", "business_name",
    ]

    /// Full-text search over people and properties. Diacritics fold ("agaoglu" finds
    /// "Ağaoğlu"); prefix indexes keep two- and three-letter prefixes fast. Rebuilt, not
    /// migrated, so the definition lives here once.
    static let searchTables = """
        CREATE VIRTUAL TABLE search_person USING fts5(
            names, born, ids, address,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE VIRTUAL TABLE search_property USING fts5(
            address, ids,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        """

    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()

        m.registerMigration("v1-warehouse") { db in
            try db.execute(sql: """
            CREATE TABLE meta (
                key   TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) STRICT;

            -- A source system as the manifest describes it. The definition is kept so that
            -- `warden import SOURCE FILE` needs no manifest.
            CREATE TABLE source (
                id          INTEGER PRIMARY KEY,
                name        TEXT NOT NULL UNIQUE,
                system      TEXT NOT NULL,
                kind        TEXT NOT NULL CHECK (kind IN ('gazetteer','person','event','licence','property','business')),
                title       TEXT NOT NULL,
                definition  TEXT NOT NULL           -- JSON of the manifest entry
            ) STRICT;

            -- One attempt to load one file. Only 'complete' loads ever reach the database:
            -- a load runs inside one transaction, so a failed or killed load leaves no row.
            CREATE TABLE load (
                id             INTEGER PRIMARY KEY,
                source_id      INTEGER NOT NULL REFERENCES source(id),
                file_path      TEXT NOT NULL,
                file_sha256    TEXT NOT NULL,
                file_bytes     INTEGER NOT NULL,
                started_at     TEXT NOT NULL,
                finished_at    TEXT NOT NULL,
                loaded_by      TEXT NOT NULL,
                rows_read      INTEGER NOT NULL,
                rows_loaded    INTEGER NOT NULL,
                rows_rejected  INTEGER NOT NULL,
                field_issues   INTEGER NOT NULL,
                blank_lines    INTEGER NOT NULL,
                is_current     INTEGER NOT NULL CHECK (is_current IN (0,1)),
                extra_columns  TEXT                   -- header columns the manifest does not name
            ) STRICT;
            CREATE INDEX load_by_source ON load(source_id, is_current);

            -- Every row of every current extract, with provenance and its canonical fields.
            CREATE TABLE source_record (
                id               INTEGER PRIMARY KEY,
                source_id        INTEGER NOT NULL REFERENCES source(id),
                load_id          INTEGER NOT NULL REFERENCES load(id),
                line             INTEGER NOT NULL,
                record_key       TEXT, group_key TEXT, role TEXT,
                title TEXT, given_name TEXT, middle_names TEXT, surname TEXT, full_name TEXT,
                dob TEXT, date_of_death TEXT, gender TEXT, nino TEXT, nhs_number TEXT, marital_status TEXT,
                phone TEXT, mobile TEXT, email TEXT,
                uprn INTEGER, parent_uprn INTEGER, usrn INTEGER,
                sub_building TEXT, building_name TEXT, building_number TEXT, street TEXT, locality TEXT, town TEXT,
                address TEXT, postcode TEXT, postcode_raw TEXT, location TEXT,
                correspondence_address TEXT, correspondence_postcode TEXT,
                ward TEXT, easting REAL, northing REAL, property_class TEXT,
                start_date TEXT, end_date TEXT, event_date TEXT,
                category TEXT, outcome TEXT, status TEXT, flag_code TEXT, flag_description TEXT,
                band TEXT, discount TEXT, exemption TEXT, relief TEXT, amount REAL, rateable_value REAL,
                bedrooms INTEGER, tenure TEXT, property_type TEXT, licence_number TEXT, max_occupants INTEGER,
                business_name TEXT,
                extra TEXT                              -- unmapped/ignored columns' values, U+001F-separated (see load.extra_layout)
            ) STRICT;
            CREATE INDEX source_record_by_source ON source_record(source_id);

            -- A row that failed validation of a required field, or the file's structure: kept whole.
            CREATE TABLE rejected_row (
                id         INTEGER PRIMARY KEY,
                load_id    INTEGER NOT NULL REFERENCES load(id),
                source_id  INTEGER NOT NULL REFERENCES source(id),
                line       INTEGER NOT NULL,
                field      TEXT,
                reason     TEXT NOT NULL,
                raw        TEXT NOT NULL
            ) STRICT;
            CREATE INDEX rejected_row_by_load ON rejected_row(load_id);

            -- A field that failed validation (the row loaded without it) or was repaired.
            CREATE TABLE field_issue (
                id         INTEGER PRIMARY KEY,
                load_id    INTEGER NOT NULL REFERENCES load(id),
                source_id  INTEGER NOT NULL REFERENCES source(id),
                line       INTEGER NOT NULL,
                field      TEXT NOT NULL,
                value      TEXT NOT NULL,
                reason     TEXT NOT NULL,
                repaired   INTEGER NOT NULL CHECK (repaired IN (0,1))
            ) STRICT;
            CREATE INDEX field_issue_by_load ON field_issue(load_id);

            CREATE TABLE ward (
                id    INTEGER PRIMARY KEY,
                code  TEXT,
                name  TEXT NOT NULL UNIQUE
            ) STRICT;

            -- A property of the gazetteer, with what the warehouse has learnt about it.
            CREATE TABLE property (
                uprn              INTEGER PRIMARY KEY,
                parent_uprn       INTEGER,
                usrn              INTEGER,
                sub_building      TEXT,
                building_name     TEXT,
                building_number   TEXT,
                street            TEXT NOT NULL,
                locality          TEXT,
                town              TEXT,
                postcode          TEXT,
                address           TEXT NOT NULL,      -- one line, as officers read it
                ward_id           INTEGER REFERENCES ward(id),
                easting           REAL,
                northing          REAL,
                property_class    TEXT,
                property_type     TEXT,
                bedrooms          INTEGER,
                tenure            TEXT,
                council_tax_band  TEXT,
                licence_status    TEXT NOT NULL DEFAULT 'none'
            ) STRICT;
            CREATE INDEX property_by_ward ON property(ward_id);
            CREATE INDEX property_by_postcode ON property(postcode);
            CREATE INDEX property_by_parent ON property(parent_uprn);

            -- A virtual person: the stable identity that linkage gives the records of one resident.
            -- `id` is the virtual id officers quote; it survives relinking and new loads.
            CREATE TABLE person (
                id              INTEGER PRIMARY KEY,
                title           TEXT,
                given_name      TEXT,
                middle_names    TEXT,
                surname         TEXT,
                dob             TEXT,
                gender          TEXT,
                nino            TEXT,
                nhs_number      TEXT,
                marital_status  TEXT,
                date_of_death   TEXT,
                first_known     TEXT,
                last_known      TEXT,
                current_uprn    INTEGER REFERENCES property(uprn),
                record_count    INTEGER NOT NULL DEFAULT 0
            ) STRICT;
            CREATE INDEX person_by_uprn ON person(current_uprn);

            -- When relinking merges two virtual persons, the retired id points at the survivor,
            -- so anything that quoted the old id still finds the person.
            CREATE TABLE person_redirect (
                old_id  INTEGER PRIMARY KEY,
                new_id  INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE contact (
                id          INTEGER PRIMARY KEY,
                person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                kind        TEXT NOT NULL CHECK (kind IN ('mobile','telephone','email')),
                value       TEXT NOT NULL,
                first_seen  TEXT,
                last_seen   TEXT,
                sources     INTEGER NOT NULL DEFAULT 1,
                UNIQUE (person_id, kind, value)
            ) STRICT;

            -- A person placed at a property by a source, with the most-likely-property ranking.
            CREATE TABLE residency (
                id          INTEGER PRIMARY KEY,
                person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                uprn        INTEGER NOT NULL REFERENCES property(uprn),
                from_date   TEXT,
                to_date     TEXT,
                sources     TEXT NOT NULL,           -- comma-separated source names
                evidence    INTEGER NOT NULL,        -- number of records
                score       REAL NOT NULL,           -- ranking value (recency × sources)
                rank        INTEGER NOT NULL         -- 1 = most likely current property
            ) STRICT;
            CREATE INDEX residency_by_person ON residency(person_id, rank);
            CREATE INDEX residency_by_uprn ON residency(uprn);

            CREATE TABLE service_flag (
                id           INTEGER PRIMARY KEY,
                person_id    INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                code         TEXT NOT NULL,
                description  TEXT,
                flag_date    TEXT,
                source_id    INTEGER NOT NULL REFERENCES source(id),
                record_id    INTEGER NOT NULL REFERENCES source_record(id)
            ) STRICT;
            CREATE INDEX service_flag_by_person ON service_flag(person_id);

            CREATE TABLE property_event (
                id          INTEGER PRIMARY KEY,
                uprn        INTEGER REFERENCES property(uprn),
                usrn        INTEGER,
                event_type  TEXT NOT NULL CHECK (event_type IN ('asb','fpn','pest_control','ct_summons','noise','inspection','licence')),
                event_date  TEXT,
                category    TEXT,
                outcome     TEXT,
                detail      TEXT,
                source_id   INTEGER NOT NULL REFERENCES source(id),
                record_id   INTEGER NOT NULL REFERENCES source_record(id)
            ) STRICT;
            CREATE INDEX property_event_by_uprn ON property_event(uprn, event_date);
            CREATE INDEX property_event_by_type ON property_event(event_type);

            -- How each source record was linked: to a property (UPRN) and to a person.
            CREATE TABLE record_link (
                record_id          INTEGER PRIMARY KEY REFERENCES source_record(id) ON DELETE CASCADE,
                uprn               INTEGER REFERENCES property(uprn),
                usrn               INTEGER,
                uprn_confidence    REAL,
                uprn_method        TEXT,
                uprn_candidates    TEXT,            -- JSON, when unmatched or ambiguous
                person_id          INTEGER REFERENCES person(id),
                person_confidence  REAL,
                person_explanation TEXT             -- JSON: field, level, weight
            ) STRICT;
            CREATE INDEX record_link_by_person ON record_link(person_id);
            CREATE INDEX record_link_by_uprn ON record_link(uprn);
            """)
        }
        m.registerMigration("v2-search-and-audit") { db in
            try db.execute(sql: """
            \(Schema.searchTables)
            -- Every distinct word of the name index, for the fuzzy fallback (misspelt surnames).
            CREATE TABLE search_vocab (
                word  TEXT PRIMARY KEY NOT NULL,
                n     INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            -- Who looked at what, when, from where and why. Append-only (triggers refuse changes)
            -- and hash-chained: each entry's hash covers the previous entry's hash, so an edited,
            -- inserted or deleted entry breaks the chain. The chain covers a digest of `detail`,
            -- so an erasure can pseudonymise the detail without breaking it.
            CREATE TABLE audit_log (
                id             INTEGER PRIMARY KEY,
                at             TEXT NOT NULL,
                user           TEXT NOT NULL,
                role           TEXT,
                purpose        TEXT,
                action         TEXT NOT NULL,
                screen         TEXT NOT NULL,
                subject_type   TEXT,
                subject_id     TEXT,
                detail         TEXT,
                detail_sha256  TEXT NOT NULL,
                prev_hash      TEXT NOT NULL,
                hash           TEXT NOT NULL
            ) STRICT;
            CREATE INDEX audit_by_subject ON audit_log(subject_type, subject_id);
            CREATE INDEX audit_by_user ON audit_log(user, at);
            -- Only `detail` may change, and only by an erasure (recorded in audit_redaction).
            CREATE TRIGGER audit_log_no_update
                BEFORE UPDATE OF id, at, user, role, purpose, action, screen, subject_type, subject_id, detail_sha256, prev_hash, hash ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_detail_only_by_erasure BEFORE UPDATE OF detail ON audit_log
                WHEN NOT EXISTS (SELECT 1 FROM audit_redaction WHERE entry_id = OLD.id)
                BEGIN SELECT RAISE(ABORT, 'audit detail changes only by a recorded erasure'); END;
            -- An erasure pseudonymised this entry's detail; the digest the chain covers is kept.
            CREATE TABLE audit_redaction (
                entry_id     INTEGER PRIMARY KEY REFERENCES audit_log(id),
                erasure_id   INTEGER NOT NULL REFERENCES audit_log(id),
                at           TEXT NOT NULL
            ) STRICT;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
        }
        m.registerMigration("v3-event-locations") { db in
            try db.execute(sql: """
            -- An event's own location ("outside 23 Elm Rd") is linked apart from the address of the
            -- person it names (an offender's home): both matter, to different screens.
            ALTER TABLE record_link ADD COLUMN event_uprn INTEGER REFERENCES property(uprn);
            ALTER TABLE record_link ADD COLUMN event_usrn INTEGER;
            ALTER TABLE record_link ADD COLUMN event_method TEXT;
            """)
        }
        m.registerMigration("v4-extra-layout") { db in
            // Extra attributes are stored as values separated by U+001F, named once per load:
            // building a JSON object per row cost 5% of ingest.
            try db.execute(sql: "ALTER TABLE load ADD COLUMN extra_layout TEXT")
        }
        m.registerMigration("v5-person-identity") { db in
            try db.execute(sql: """
            -- Which virtual person each record belonged to at the last linkage, keyed by a hash of
            -- the record's identifying content: the next linkage keeps ids stable by overlap.
            CREATE TABLE person_record_memory (
                record_key  INTEGER PRIMARY KEY,
                person_id   INTEGER NOT NULL
            ) STRICT;

            -- Identifiers that disagree with the people they are on: reported, never merged.
            CREATE TABLE linkage_conflict (
                id          INTEGER PRIMARY KEY,
                field       TEXT NOT NULL,
                value       TEXT NOT NULL,
                reason      TEXT NOT NULL,
                record_ids  TEXT NOT NULL
            ) STRICT;
            """)
        }
        m.registerMigration("v7-load-extract-date") { db in
            // The date the extract describes (the manifest's as_of, a source's own, or
            // `warden import --as-of`): a source's age is counted from it, not from the load.
            try db.execute(sql: "ALTER TABLE load ADD COLUMN extract_date TEXT")
        }
        PilotStore.register(&m)
        Users.register(&m)
        RiskSchema.register(&m)
        FraudSchema.register(&m)
        m.registerMigration("v8-source-quality-counts") { db in
            // The counts behind each source's rates, so the home screen sums them across sources
            // instead of scanning every record (seconds on a 1M-resident warehouse).
            try db.execute(sql: """
            ALTER TABLE source_quality_history ADD COLUMN with_address INTEGER;
            ALTER TABLE source_quality_history ADD COLUMN with_uprn INTEGER;
            ALTER TABLE source_quality_history ADD COLUMN with_name INTEGER;
            ALTER TABLE source_quality_history ADD COLUMN found_elsewhere INTEGER;
            """)
        }
        return m
    }
}
