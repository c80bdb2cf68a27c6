"""The change log's table, its compact row format, and the move to it (schema 5).

One row per changed *path* of a record (``app/domain/paths.py``), written by
``records.py`` in the transaction that changes the record, never updated or deleted:

``seq``         local order of arrival (AUTOINCREMENT: its counter page is part of what
                ``commits.py`` checks after a crash)
``change_id``   16 bytes (a UUIDv7), the change's identity everywhere
``record``      16 bytes, the record's id
``kind``        the record kind, so a change can be routed before its record exists
``path``        ``""`` (the whole record: its creation), ``names.given_latin``,
                ``family.<item id>``, ``status`` …
``value``       JSON text; SQL NULL when the path was removed (JSON ``null`` is a value)
``base``        ``seq`` of the change this one replaced (the last change to the path or
                to a path above it), NULL for the first; what sync compares to tell a
                concurrent edit from a later one
``hlc``         the hybrid-logical-clock value (``app/domain/hlc.py``), one integer
``device``,     small integers naming UUIDs through ``interned_ids`` (a 16-byte id
``user``,       written once, not in every row)
``scope``
``device_seq``  the writing device's own sequence number (1, 2, 3 …)
``model``       the path model's version (``paths.MODEL_VERSION``; 1 = schema 4's
                whole-section rows)

Measured against schema 4 (21 rows of text metadata per registration, ~246 bytes of
UUID strings, clock string and ISO time around ~76 bytes of value): a registration is
now one row (path ``""``) and an edit one row per path; figures in ``bench/size.py``.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.domain import paths

TABLES = """
CREATE TABLE interned_ids (
    n    INTEGER PRIMARY KEY,
    uuid BLOB NOT NULL UNIQUE
);

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  BLOB NOT NULL UNIQUE,
    record     BLOB NOT NULL,
    kind       TEXT NOT NULL,
    path       TEXT NOT NULL,
    value      TEXT,
    base       INTEGER,
    hlc        INTEGER NOT NULL,
    device     INTEGER NOT NULL REFERENCES interned_ids (n),
    device_seq INTEGER NOT NULL,
    user       INTEGER REFERENCES interned_ids (n),
    scope      INTEGER REFERENCES interned_ids (n),
    model      INTEGER NOT NULL
);
-- A record's history, and the last change to a path (the next change's base).
CREATE INDEX change_log_by_record ON change_log (record, path, seq);
-- Sync: a device's sequence numbers are never reused; its last one is one lookup.
CREATE UNIQUE INDEX change_log_by_device ON change_log (device, device_seq);
CREATE TRIGGER change_log_append_only_update BEFORE UPDATE ON change_log
    BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_log_append_only_delete BEFORE DELETE ON change_log
    BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

-- Intake drafts are local and short-lived: overwritten in place at each autosave and
-- removed at registration, never in the permanent change log.
CREATE TABLE intake_drafts (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    step       INTEGER NOT NULL,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The change row a record's stored fields were last written with: after a crash, every
-- record must agree with its history (commits.history_problems).
ALTER TABLE records ADD COLUMN last_change INTEGER;
"""

# Kinds that never leave this laptop (see app/storage/kinds.py for the full registry):
# their changes carry no scope.
LOCAL_KINDS = frozenset({"intake_draft", "user", "centre_settings"})


def id_bytes(text: str) -> bytes:
    """The 16 bytes of a UUID's text. The canonical form (hyphens at 8, 13, 18, 23) is
    read as hex directly, the very bytes ``uuid.UUID`` gives at half its cost (a pull
    converts every id of every change); anything else goes through ``uuid.UUID``,
    which refuses what is not a UUID."""
    if len(text) == 36 and text[8] == text[13] == text[18] == text[23] == "-":
        with contextlib.suppress(ValueError):
            raw = bytes.fromhex(text[:8] + text[9:13] + text[14:18] + text[19:23] + text[24:])
            if len(raw) == 16:
                return raw
    return uuid.UUID(text).bytes


def id_text(raw: bytes) -> str:
    """The canonical text of 16 bytes (``str(uuid.UUID(bytes=raw))``, without building
    the object)."""
    data = bytes(raw)
    if len(data) != 16:
        raise ValueError("bytes is not a 16-char string")
    h = data.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def intern(conn: sqlcipher3.Connection, text: str | None) -> int | None:
    """The small integer standing for a UUID in change rows (added on first use)."""
    if not text:
        return None
    raw = id_bytes(text)
    row = conn.execute("SELECT n FROM interned_ids WHERE uuid = ?", (raw,)).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute("INSERT INTO interned_ids (uuid) VALUES (?)", (raw,))
    return int(cursor.lastrowid)


def ids_blob(ids: Iterable[str]) -> bytes | None:
    """Change ids one after another as 16-byte values (``supersedes``); None when none."""
    raw = b"".join(id_bytes(i) for i in ids)
    return raw or None


def blob_ids(raw: bytes | None) -> tuple[str, ...]:
    if not raw:
        return ()
    data = bytes(raw)
    return tuple(id_text(data[i : i + 16]) for i in range(0, len(data), 16))


# One encoder (``json.dumps`` with arguments builds one per call): the same text.
_DUMP = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def dump(value: Any) -> str | None:
    if value is paths.REMOVED:
        return None
    return _DUMP(value)


def load(text: str | None) -> Any:
    return paths.REMOVED if text is None else json.loads(text)


@dataclass(frozen=True)
class Row:
    """One change row as stored, ids as text."""

    seq: int
    change_id: str
    record_id: str
    kind: str
    path: str
    value: Any  # paths.REMOVED when the path was removed
    base: int | None
    hlc: int
    device_id: str
    device_seq: int
    user_id: str | None
    scope: str | None
    model: int


ROW_SQL = (
    "SELECT c.seq, c.change_id, c.record, c.kind, c.path, c.value, c.base, c.hlc,"
    " d.uuid, c.device_seq, u.uuid, s.uuid, c.model FROM change_log AS c"
    " JOIN interned_ids AS d ON d.n = c.device"
    " LEFT JOIN interned_ids AS u ON u.n = c.user"
    " LEFT JOIN interned_ids AS s ON s.n = c.scope"
)


def row_from(values: tuple[Any, ...]) -> Row:
    return Row(
        seq=values[0],
        change_id=id_text(values[1]),
        record_id=id_text(values[2]),
        kind=values[3],
        path=values[4],
        value=load(values[5]),
        base=values[6],
        hlc=values[7],
        device_id=id_text(values[8]),
        device_seq=values[9],
        user_id=id_text(values[10]) if values[10] is not None else None,
        scope=id_text(values[11]) if values[11] is not None else None,
        model=values[12],
    )


def last_change_to(conn: sqlcipher3.Connection, record: bytes, path: str) -> int | None:
    """``seq`` of the last change that set ``path`` of a record (itself or a path above)."""
    found = [
        conn.execute(
            "SELECT max(seq) FROM change_log WHERE record = ? AND path = ?", (record, p)
        ).fetchone()[0]
        for p in paths.ancestors(path)
    ]
    known = [f for f in found if f is not None]
    return max(known) if known else None


# -- schema 4 -> 5 -------------------------------------------------------------------------
def _split(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s]


_UNHEX = "unhex(replace({0}, '-', ''))"


def migrate_from_schema_4(conn: sqlcipher3.Connection) -> None:
    """Move schema 4's change log (one text row per top-level field) to ``change_log``.

    - every row keeps its ``seq``, clock order and attribution; its path is the field it
      wrote (a section-level path, which counts as setting each path under it) and its
      model version 1;
    - the clock string ``<ms>-<counter>-<device>`` becomes ``ms << 16 | counter``;
    - ``base`` is the row's predecessor on the same field of the same record;
    - device sequence numbers count each device's rows in order;
    - list items of cases and age assessments get ids derived from record, list and
      position (``paths.backfill_id``), the same on every laptop;
    - intake drafts move to ``intake_drafts`` and their rows leave the log (a draft is
      not a child's history; every autosave added 2.1 KB to the log for good).
    """
    for statement in _split(TABLES):
        conn.execute(statement)
    centre = conn.execute(
        "SELECT id FROM records WHERE kind = 'centre' ORDER BY created_at LIMIT 1"
    ).fetchone()
    device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    for text in [centre[0] if centre else None, device[0] if device else None]:
        intern(conn, text)
    conn.execute(
        "INSERT OR IGNORE INTO interned_ids (uuid) SELECT DISTINCT "
        + _UNHEX.format("device_id")
        + " FROM changes UNION SELECT DISTINCT "
        + _UNHEX.format("user_id")
        + " FROM changes WHERE user_id IS NOT NULL"
        " UNION SELECT DISTINCT " + _UNHEX.format("json_extract(fields, '$.centre_id')") + ""
        " FROM records WHERE kind = 'case'"
    )
    local = ",".join(f"'{k}'" for k in sorted(LOCAL_KINDS))
    centre_n = intern(conn, centre[0]) if centre else None
    conn.execute(
        "INSERT INTO change_log (seq, change_id, record, kind, path, value, base, hlc, device,"
        " device_seq, user, scope, model)"
        " SELECT c.seq, "
        + _UNHEX.format("c.change_id")
        + ", "
        + _UNHEX.format("c.record_id")
        + ", c.kind, c.field, c.value,"
        "  lag(c.seq) OVER (PARTITION BY c.record_id, c.field ORDER BY c.seq),"
        "  (CAST(substr(c.hlc, 1, 15) AS INTEGER) << 16)"
        "   + min(CAST(substr(c.hlc, 17, 6) AS INTEGER), 65535),"
        "  (SELECT n FROM interned_ids WHERE uuid = " + _UNHEX.format("c.device_id") + "),"
        "  row_number() OVER (PARTITION BY c.device_id ORDER BY c.seq),"
        "  (SELECT n FROM interned_ids WHERE uuid = " + _UNHEX.format("c.user_id") + "),"
        f"  CASE WHEN c.kind IN ({local}) THEN NULL"
        "   WHEN c.kind = 'case' THEN (SELECT i.n FROM records AS r JOIN interned_ids AS i"
        "     ON i.uuid = " + _UNHEX.format("json_extract(r.fields, '$.centre_id')") + ""
        "     WHERE r.id = c.record_id)"
        "   ELSE ? END,"
        "  1"
        " FROM changes AS c WHERE c.kind != 'intake_draft' ORDER BY c.seq",
        (centre_n,),
    )
    conn.execute(
        "INSERT INTO intake_drafts (id, owner, step, data, updated_at)"
        " SELECT id, coalesce(json_extract(fields, '$.owner'), ''),"
        "  coalesce(json_extract(fields, '$.step'), 0),"
        "  coalesce(json_extract(fields, '$.data'), '{}'), updated_at"
        " FROM records WHERE kind = 'intake_draft' AND deleted = 0"
    )
    conn.execute("DELETE FROM records WHERE kind = 'intake_draft'")
    for record_id, kind, raw in conn.execute(
        "SELECT id, kind, fields FROM records WHERE kind IN ('case', 'age_assessment')"
    ).fetchall():
        fields = json.loads(raw)
        filled = _with_backfilled_ids(record_id, kind, fields)
        if filled != fields:
            conn.execute(
                "UPDATE records SET fields = ? WHERE id = ?",
                (json.dumps(filled, ensure_ascii=False, sort_keys=True), record_id),
            )
    conn.execute(
        "UPDATE records SET last_change = (SELECT max(c.seq) FROM change_log AS c"
        " WHERE c.record = " + _UNHEX.format("records.id") + ")"
    )
    # Where the counter stood, so that no seq is ever handed out twice.
    conn.execute(
        "INSERT OR REPLACE INTO sqlite_sequence (name, seq)"
        " SELECT 'change_log', seq FROM sqlite_sequence WHERE name = 'changes'"
    )
    clock = conn.execute("SELECT max(hlc) FROM change_log").fetchone()[0]
    if clock is not None:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)", (str(clock),))
    conn.execute("DROP TABLE changes")


def _with_backfilled_ids(record_id: str, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    result = dict(fields)
    for field, id_key in paths.item_lists(kind).items():
        items = fields.get(field)
        if not isinstance(items, list):
            continue
        result[field] = [
            {**item, id_key: paths.backfill_id(record_id, field, position)}
            if isinstance(item, dict) and not item.get(id_key)
            else item
            for position, item in enumerate(items)
        ]
    return result
