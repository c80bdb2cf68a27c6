"""Numbered schema migrations, run in order inside one transaction at unlock.

``PRAGMA user_version`` holds the number of the last migration applied. Never edit a
migration that has shipped; add the next number instead. A migration is SQL, or a
function of the connection when rows must be rewritten (``change_log_migration``).

Migrations and ``records.py`` are the only code that writes ``records``: a migration
runs once, inside the unlock, before anything else can write.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3

from app.storage import change_log, dashboard, sync_sealed, sync_state

Migration = str | Callable[[sqlcipher3.Connection], None]

MIGRATIONS: list[tuple[int, Migration]] = [
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
    # Per-path changes with item ids, compact clock and ids, intake drafts out of the
    # permanent log (issue 14; app/storage/change_log.py says how old rows convert).
    (5, change_log.migrate_from_schema_4),
    (
        6,
        """
        -- Case numbers never hide a child (issue 14, item 6): a second case with a number
        -- already taken (a restored backup, another laptop's record) is kept and listed;
        -- the indexer upserts by record id and reports the collision. Independent of 5.
        DROP INDEX IF EXISTS case_number_per_centre;
        -- Case-number search by index range, collisions by one pass over this index.
        CREATE INDEX IF NOT EXISTS case_by_number ON case_index (case_number, record_id);
        -- The digits a number ends with, with and without leading zeros ("#0043", "#43"),
        -- as search terms: typing "43" no longer reads every case number (LIKE '%43%').
        INSERT OR IGNORE INTO name_terms (term, record_id)
            SELECT '#' || substr(case_number, length(rtrim(case_number, '0123456789')) + 1),
                   record_id
            FROM case_index WHERE case_number GLOB '*[0-9]';
        INSERT OR IGNORE INTO name_terms (term, record_id)
            SELECT '#' || coalesce(nullif(ltrim(substr(case_number,
                       length(rtrim(case_number, '0123456789')) + 1), '0'), ''), '0'),
                   record_id
            FROM case_index WHERE case_number GLOB '*[0-9]';
        """,
    ),
    (
        7,
        """
        -- Referrals and missing children (issue 15), derived by app/storage/referral_index.py
        -- inside the write path's transaction: what the dashboard and `referral list`
        -- read without decoding every referral. Empty until referrals are written.
        CREATE TABLE referral_index (
            record_id   TEXT PRIMARY KEY REFERENCES records (id),
            case_id     TEXT NOT NULL,
            type        TEXT NOT NULL,
            state       TEXT NOT NULL,
            waiting     INTEGER NOT NULL,  -- draft or sent: the deadline runs
            proposed    INTEGER NOT NULL,  -- [G7] proposed by Harbour, not acted on yet
            due         TEXT,              -- NULL when flagged (holidays not covered)
            due_sort    TEXT,              -- due, or a flagged deadline's earliest date
            provisional INTEGER NOT NULL,
            flagged     INTEGER NOT NULL,
            sent_on     TEXT,
            answered_on TEXT
        );
        CREATE INDEX referral_waiting_by_due ON referral_index (waiting, due_sort, record_id);
        CREATE INDEX referral_by_case ON referral_index (case_id, type);
        CREATE INDEX referral_by_type_state ON referral_index (type, state);

        CREATE TABLE missing_index (
            record_id TEXT PRIMARY KEY REFERENCES records (id),
            case_id   TEXT NOT NULL,
            open      INTEGER NOT NULL,
            since     TEXT NOT NULL
        );
        CREATE INDEX missing_open ON missing_index (open, since);
        -- Children registered before referrals existed get theirs at the first sign-in
        -- after this migration, once (referrals.open_after_migration removes the flag).
        -- A new vault has no child here, so it never carries the flag.
        INSERT OR REPLACE INTO meta (key, value)
            SELECT 'referrals_backfill', 'due'
            WHERE EXISTS (SELECT 1 FROM records WHERE kind = 'case' AND deleted = 0);
        """,
    ),
    (
        8,
        """
        -- `referral list` over 100,000 cases (issue 15): the case number beside each
        -- referral, so that a list of tens of thousands of referrals needs no lookup in
        -- case_index per row (measured: the join took two thirds of the query). Kept in
        -- step by triggers whenever a case's index row is written, in the same transaction.
        ALTER TABLE referral_index ADD COLUMN case_number TEXT NOT NULL DEFAULT '';
        UPDATE referral_index SET case_number = coalesce(
            (SELECT c.case_number FROM case_index c WHERE c.record_id = referral_index.case_id),
            '');
        CREATE TRIGGER referral_case_number_on_insert AFTER INSERT ON case_index
            BEGIN UPDATE referral_index SET case_number = NEW.case_number
                  WHERE case_id = NEW.record_id; END;
        CREATE TRIGGER referral_case_number_on_update AFTER UPDATE OF case_number ON case_index
            BEGIN UPDATE referral_index SET case_number = NEW.case_number
                  WHERE case_id = NEW.record_id AND case_number != NEW.case_number; END;
        """,
    ),
    (
        9,
        """
        -- `referral list --overdue` reads its rows from this index alone, in deadline
        -- order (measured at 100,000 cases: 0.6 s through the table, 0.35 s from here).
        CREATE INDEX IF NOT EXISTS referral_listing ON referral_index (waiting, due_sort,
            record_id, case_id, case_number, type, state, due, provisional, flagged);
        """,
    ),
    (
        10,
        """
        -- Sync merge (issue 16, app/storage/sync_log.py). A remote change keeps the id of
        -- the change it replaced (its base) as it came: ``base`` (a local seq) is set when
        -- that change is held here, ``base_id`` always for a remote change, so a base that
        -- arrives later still links (the change log is append-only).
        ALTER TABLE change_log ADD COLUMN base_id BLOB;
        CREATE INDEX change_log_by_base_id ON change_log (base_id) WHERE base_id IS NOT NULL;
        -- Conflicts a manager confirms or reverses: ``a`` < ``b`` name the pair (two change
        -- ids for kind 'path'; two record ids for 'rule', 'collision' and 'duplicate'), so
        -- every laptop derives the same rows from the same changes.
        CREATE TABLE sync_conflicts (
            id          INTEGER PRIMARY KEY,
            kind        TEXT NOT NULL,   -- path, rule, collision, duplicate
            rule        TEXT NOT NULL DEFAULT '',
            a           TEXT NOT NULL,
            b           TEXT NOT NULL,
            record_id   TEXT,
            path        TEXT NOT NULL DEFAULT '',
            winner      TEXT,            -- the change id (or record id) that applies
            found_at    TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by TEXT,
            resolution  TEXT,            -- winner, other
            UNIQUE (kind, rule, a, b)
        );
        CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, id);
        """,
    ),
    # The laptop's own sync state (issue 16): enrolment, device keys, content keys, pull
    # cursor and progress; local-only tables, never synced (app/storage/sync_state.py).
    # Migration 10 (the merge's sync_log) belongs before this one.
    (11, sync_state.TABLES),
    (
        12,
        """
        -- Sync merge, exact concurrency (issue 16): besides its base, a change names every
        -- other change of its record it was made knowing and replaces (the concurrent
        -- heads on its path this laptop held), 16-byte change ids one after another; NULL
        -- when none. An edit made after seeing two concurrent edits is then in conflict
        -- with neither, on every laptop (app/domain/sync.py [S2]).
        ALTER TABLE change_log ADD COLUMN supersedes BLOB;
        """,
    ),
    # The managers' dashboard over 100,000 cases (issue 15, item 8): the caseload's counts,
    # "informed" on case_index and the referral lists' indexes, kept by triggers.
    (13, dashboard.AGGREGATES),
    # Signed sync changes (issue 16): the wire form of changes from other devices (relayed
    # with their signatures) and the quarantine of pulled changes that do not open;
    # local-only (app/storage/sync_sealed.py).
    (14, sync_sealed.TABLES),
]

LATEST = MIGRATIONS[-1][0]
