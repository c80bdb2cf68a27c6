"""Numbered schema migrations, run in order inside one transaction at unlock.

``PRAGMA user_version`` holds the number of the last migration applied. Never edit a
migration that has shipped; add the next number instead.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- Every record (user, organisation, centre, case ...) is a document of fields.
        -- Field-level storage is what lets sync merge per field later.
        CREATE TABLE records (
            id         TEXT PRIMARY KEY,
            kind       TEXT NOT NULL,
            fields     TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX records_by_kind ON records (kind, deleted);

        -- One row per changed field: the history a case view shows and what sync ships.
        CREATE TABLE changes (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL UNIQUE,
            record_id TEXT NOT NULL,
            kind      TEXT NOT NULL,
            field     TEXT NOT NULL,
            value     TEXT,
            hlc       TEXT NOT NULL,
            at        TEXT NOT NULL,
            user_id   TEXT,
            device_id TEXT NOT NULL
        );
        CREATE INDEX changes_by_record ON changes (record_id, seq);
        CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
            BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
        CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
            BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

        -- Who did what to which record; each entry carries the hash of the previous one.
        CREATE TABLE audit (
            seq       INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,
            user_id   TEXT,
            action    TEXT NOT NULL,
            record_id TEXT,
            detail    TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash      TEXT NOT NULL
        );
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
    ),
    (
        2,
        """
        -- Derived from case records by app/storage/case_index.py inside the write path's
        -- transaction: what the case list sorts, filters and searches without decoding
        -- every record.
        CREATE TABLE case_index (
            record_id     TEXT PRIMARY KEY REFERENCES records (id),
            case_number   TEXT NOT NULL,
            centre_id     TEXT NOT NULL,
            status        TEXT NOT NULL,
            accompaniment TEXT NOT NULL,
            age_status    TEXT NOT NULL,
            urgent        INTEGER NOT NULL DEFAULT 0,
            sort_name     TEXT NOT NULL,
            display_name  TEXT NOT NULL,
            display_latin TEXT NOT NULL,
            birth_year    INTEGER,
            sex           TEXT,
            nationalities TEXT NOT NULL DEFAULT '',
            registered_at TEXT NOT NULL,
            profile       TEXT NOT NULL
        );
        CREATE UNIQUE INDEX case_number_per_centre ON case_index (centre_id, case_number);
        CREATE INDEX case_by_name ON case_index (sort_name, record_id);
        CREATE INDEX case_by_registration ON case_index (registered_at, record_id);
        CREATE INDEX case_by_status ON case_index (status, accompaniment, age_status);

        -- Duplicate detection: blocking keys (consonant skeletons) per case.
        CREATE TABLE name_keys (
            key       TEXT NOT NULL,
            record_id TEXT NOT NULL,
            PRIMARY KEY (key, record_id)
        ) WITHOUT ROWID;
        -- Re-indexing a case deletes its rows by record: without this, a full scan.
        CREATE INDEX name_keys_by_record ON name_keys (record_id);

        -- Name search in any script: every name token, case-folded, and its skeleton.
        CREATE TABLE name_terms (
            term      TEXT NOT NULL,
            record_id TEXT NOT NULL,
            PRIMARY KEY (term, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX name_terms_by_record ON name_terms (record_id);

        CREATE TABLE case_sequences (
            centre_id TEXT NOT NULL,
            year      INTEGER NOT NULL,
            last      INTEGER NOT NULL,
            PRIMARY KEY (centre_id, year)
        );
        """,
    ),
    (
        3,
        """
        -- Assessments, information sessions and duplicate links are found by their case.
        CREATE INDEX records_by_case_id ON records (kind, json_extract(fields, '$.case_id'))
            WHERE json_extract(fields, '$.case_id') IS NOT NULL;
        """,
    ),
    (
        4,
        """
        -- No schema change. From here every transaction counts itself in the header and
        -- stamps the meta table (app/storage/commits.py), and the vault keeps a rollback
        -- journal instead of WAL. A Harbour from before would write without stamping and
        -- make the next unlock refuse the vault as half-written; at this version it
        -- refuses to open it instead ("written by a newer Harbour; update Harbour").
        -- Interpreter drop keys (meta 'drop_key:<user id>') also start here.
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]
