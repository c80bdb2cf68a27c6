"""What a crash can leave in the database, and how the vault notices (issue 11, finding 5).

The vault uses a rollback journal (see ``vault.py``): a committed transaction is in the
database file itself, so no damaged or missing side file can take it away. What a crash
*can* leave is the transaction it interrupted. While COMMIT writes the database file,
SQLite's ``-journal`` holds the pages as they were, and the next open puts them back. If
that journal is then deleted or damaged (SQLite plays a damaged journal back up to the
damage and stops), the database keeps some pages of the interrupted transaction and not
others. Every page is still authentic (SQLCipher checks pages one by one); only their
disagreement can show it. Three things make it show:

``session`` (meta)      ``open`` from unlock until ``Vault.close``. Found ``open`` at the
                        next unlock, the last session stopped without closing: that unlock
                        checks the structure and every index (``integrity_check``, which
                        reads every page in use) and that every record was last written
                        when its last change row says (``history_problems``), before
                        anything is written. On a vault of 20,000 synthetic cases (309 MB)
                        that is 3.4 s (integrity_check 2.8 s, history 0.6 s); otherwise
                        an unlock only reads the last transaction's rows.
transaction number      ``PRAGMA application_id`` in the database header (page 1), counted up
                        as the first write of every ``Vault.transaction`` (``begin``), so
                        the header page is the first the journal saves.
``last_commit`` (meta)  written as the last write of every transaction (``stamp``): its
                        number, and what the database holds after it and held before it:
                        the last audit entry (number and hash), the last change row, the
                        change log's counter, and a digest of every row the transaction
                        wrote for the records it changed (the record, its case index row,
                        its name keys and search terms). Its page is saved by the journal
                        after the transaction's other pages.

The check (every unlock, and ``doctor``) compares the number in the header with the
stamp's. The same: the database must be as the stamp says after the transaction. The
header one behind (the journal put it back, not the stamp): as after the transaction (the
journal stopped right after the header) or as before it (it put back every other page).
The header one ahead (the stamp not yet written): as before it. A page of the transaction
on the wrong side of that line contradicts it; a journal played back to its end, or not
at all, leaves a database that passes.

Measured in ``tools/wal_damage.py``; the reasoning and the figures are in ``vault.py``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

import sqlcipher3

from app.i18n import N_, _, ngettext

SESSION_KEY = "session"
STAMP_KEY = "last_commit"
SESSION_OPEN = "open"
SESSION_CLOSED = "closed"
_NUMBERS = 1 << 31  # application_id is a signed 32-bit integer

# The rows a record write derives from each record, read back by record id.
_DERIVED = (
    ("records", "id", "id, kind, fields, created_at, updated_at, deleted", "id"),
    (
        "case_index",
        "record_id",
        "record_id, case_number, centre_id, status, accompaniment, age_status, urgent,"
        " sort_name, display_name, display_latin, birth_year, sex, nationalities,"
        " registered_at, profile",
        "record_id",
    ),
    ("name_keys", "record_id", "record_id, key", "record_id, key"),
    ("name_terms", "record_id", "record_id, term", "record_id, term"),
)
_CHUNK = 400  # record ids per IN (...) query
# ``json.dumps(row, ensure_ascii=False)`` without building an encoder per row (the same
# text: a digest reads every row a transaction wrote, ~200,000 of them for a first pull).
_ROW = json.JSONEncoder(ensure_ascii=False).encode

PARTLY_WRITTEN = N_("the last change saved before Harbour stopped was only partly written")
STAMP_UNREADABLE = N_("the record of the last saved change does not match the database")
AFTER_CRASH = N_("Harbour stopped without closing the vault; checking it found: {problems}")


def _setting(conn: sqlcipher3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _put(conn: sqlcipher3.Connection, key: str, value: str) -> None:
    # An update in place when the key exists: one page changes, not the index's too.
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value != excluded.value",
        (key, value),
    )


# -- the session marker -------------------------------------------------------------------
def opened(conn: sqlcipher3.Connection) -> None:
    """A ``Vault`` holds the database now: mark the session open, and stamp what the open
    itself wrote (migrations, a finished rekey) when the stamp no longer says it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _read_stamp(conn) is None or stamp_problems(conn):
            _write_stamp(conn, _number(conn), _last_change(conn), None)
        if _setting(conn, SESSION_KEY) != SESSION_OPEN:
            _put(conn, SESSION_KEY, SESSION_OPEN)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def mark_closed(conn: sqlcipher3.Connection) -> None:
    _put(conn, SESSION_KEY, SESSION_CLOSED)


def stopped_without_closing(conn: sqlcipher3.Connection) -> bool:
    return _setting(conn, SESSION_KEY) == SESSION_OPEN


# -- the stamp ----------------------------------------------------------------------------
def _number(conn: sqlcipher3.Connection) -> int:
    return int(conn.execute("PRAGMA application_id").fetchone()[0]) % _NUMBERS


def _new_log(conn: sqlcipher3.Connection) -> bool:
    """Schema 5 and later keep the change log in ``change_log`` (``change_log.py``); the
    check also runs on an older vault, before its migration."""
    return bool(conn.execute("PRAGMA user_version").fetchone()[0] >= 5)


def _last_change(conn: sqlcipher3.Connection) -> int:
    table = "change_log" if _new_log(conn) else "changes"
    return conn.execute(f"SELECT max(seq) FROM {table}").fetchone()[0] or 0


def _last_audit(conn: sqlcipher3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, "")


def _counter(conn: sqlcipher3.Connection) -> int:
    """The change log's AUTOINCREMENT counter (a page of its own, written with the rows)."""
    table = "change_log" if _new_log(conn) else "changes"
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return row[0] if row else 0


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _digest(conn: sqlcipher3.Connection, after: int, upto: int, *, aggregates: bool = True) -> str:
    """Hash of every row derived from the records changed by change rows (after, upto];
    with ``aggregates``, the dashboard's counts too (stamps written since they were added
    say so: a stamp written before is checked as it was written)."""
    if _new_log(conn):
        ids = sorted(
            str(uuid.UUID(bytes=bytes(r[0])))
            for r in conn.execute(
                "SELECT DISTINCT record FROM change_log WHERE seq > ? AND seq <= ?",
                (after, upto),
            )
        )
    else:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT record_id FROM changes WHERE seq > ? AND seq <= ? ORDER BY 1",
                (after, upto),
            )
        ]
    digest = hashlib.sha256()
    for table, key, columns, order in _DERIVED:
        digest.update(table.encode())
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT {columns} FROM {table} WHERE {key} IN ({marks}) ORDER BY {order}",
                chunk,
            )
            for row in rows:
                digest.update(_ROW(row).encode())
                digest.update(b"\n")
    if aggregates:
        _digest_aggregates(conn, ids, digest)
    return digest.hexdigest()


def _has_table(conn: sqlcipher3.Connection, name: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        is not None
    )


def _digest_aggregates(conn: sqlcipher3.Connection, ids: list[str], digest: Any) -> None:
    """Rows triggers derive from many records at once (schema 13, the dashboard's counts):
    a transaction's page of ``caseload_counts`` put back without the case_index rows that
    moved it was a half-written state no other check saw. The whole table is a few hundred
    rows at 100,000 cases; ``case_index.informed`` is read with the changed records' rows.
    Absent before schema 13, so older stamps keep their digest."""
    if not _has_table(conn, "caseload_counts"):
        return
    digest.update(b"caseload_counts")
    for row in conn.execute("SELECT * FROM caseload_counts ORDER BY 1, 2, 3, 4, 5"):
        digest.update(_ROW(row).encode())
        digest.update(b"\n")
    digest.update(b"informed")
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT record_id, informed FROM case_index WHERE record_id IN ({marks})"
            " ORDER BY record_id",
            chunk,
        ):
            digest.update(json.dumps(row).encode())
            digest.update(b"\n")


def _state(conn: sqlcipher3.Connection, after: int) -> dict[str, Any]:
    """What the database holds now; ``after``: the last change row before the transaction."""
    audit_seq, audit_hash = _last_audit(conn)
    last_change = _last_change(conn)
    return {
        "audit": audit_seq,
        "hash": audit_hash,
        "after": after,
        "changes": last_change,
        "counter": _counter(conn),
        "digest": _digest(conn, after, last_change),
        "aggregates": True,
    }


def begin(conn: sqlcipher3.Connection) -> int:
    """Call right after BEGIN: count the transaction in the header (the first page the
    journal saves); returns the last change row before the transaction."""
    conn.execute(f"PRAGMA application_id = {(_number(conn) + 1) % _NUMBERS}")
    return _last_change(conn)


def stamp(conn: sqlcipher3.Connection, before: int) -> None:
    """Call right before COMMIT: what the database holds after the transaction, and before."""
    recorded = _read_stamp(conn)
    previous = recorded.get("current") if recorded else None
    _write_stamp(conn, _number(conn), before, previous)


def _write_stamp(
    conn: sqlcipher3.Connection, number: int, before: int, previous: dict[str, Any] | None
) -> None:
    value = {"number": number, "current": _state(conn, before), "previous": previous}
    _put(conn, STAMP_KEY, json.dumps(value, sort_keys=True))


def _read_stamp(conn: sqlcipher3.Connection) -> dict[str, Any] | None:
    raw = _setting(conn, STAMP_KEY)
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _differences(conn: sqlcipher3.Connection, expected: dict[str, Any]) -> list[str]:
    audit_seq, audit_hash = int(expected["audit"]), str(expected["hash"])
    after, last_change = int(expected["after"]), int(expected["changes"])
    counter, digest = int(expected["counter"]), str(expected["digest"])
    found_seq, found_hash = _last_audit(conn)
    found_change = _last_change(conn)
    problems = []
    if found_change < last_change:
        n = last_change - found_change
        problems.append(
            ngettext(
                "{count} recorded change is missing", "{count} recorded changes are missing", n
            ).format(count=n)
        )
    if found_seq < audit_seq:
        n = audit_seq - found_seq
        problems.append(
            ngettext(
                "{count} audit entry is missing", "{count} audit entries are missing", n
            ).format(count=n)
        )
    if not problems and (
        found_change != last_change
        or found_seq != audit_seq
        or found_hash != audit_hash
        or _counter(conn) != counter
        or _digest(conn, after, last_change, aggregates=bool(expected.get("aggregates"))) != digest
    ):
        problems.append(_(PARTLY_WRITTEN))
    return problems


def stamp_problems(conn: sqlcipher3.Connection) -> list[str]:
    """Whether the database holds the last transaction whole, or not at all (cheap: reads
    the rows of the last transaction only). No stamp (a vault never opened since this
    check exists) is no problem."""
    recorded = _read_stamp(conn)
    if recorded is None:
        return []
    try:
        number = int(recorded["number"])
        header = _number(conn)
        if number == header or (number + 1) % _NUMBERS == header:
            # The stamp of the last transaction in the header, or the header of a
            # transaction that never reached its stamp: the state the stamp records.
            return _differences(conn, recorded["current"])
        if (header + 1) % _NUMBERS == number and recorded.get("previous") is not None:
            # The header put back by the journal, the stamp not: the journal stopped
            # after the header (the transaction whole) or put back every other page of
            # it too (the state before it). Anything between is a mix.
            whole = _differences(conn, recorded["current"])
            return [] if not whole else _differences(conn, recorded["previous"]) and whole
        return [_(STAMP_UNREADABLE)]
    except (KeyError, TypeError, ValueError):
        return [_(STAMP_UNREADABLE)]


def history_problems(conn: sqlcipher3.Connection) -> list[str]:
    """Every record was last written at the time of its last change row (reads them all).

    A record row and its change rows are written in one transaction with the same time;
    this sees a record row of the interrupted transaction kept beside a header, stamp,
    change rows and audit entries from before it.
    """
    if _new_log(conn):
        # Each record names the change row it was last written with (``last_change``).
        count = conn.execute(
            "SELECT count(*) FROM records AS r WHERE r.last_change IS NOT"
            " (SELECT max(c.seq) FROM change_log AS c"
            "  WHERE c.record = unhex(replace(r.id, '-', '')))"
        ).fetchone()[0]
    else:
        count = conn.execute(
            "SELECT count(*) FROM records AS r WHERE r.updated_at IS NOT"
            " (SELECT c.at FROM changes AS c WHERE c.record_id = r.id"
            "  ORDER BY c.seq DESC LIMIT 1)"
        ).fetchone()[0]
    if not count:
        return []
    return [
        ngettext(
            "{count} record does not match its change history",
            "{count} records do not match their change history",
            count,
        ).format(count=count)
    ]


def structure_problems(conn: sqlcipher3.Connection) -> list[str]:
    """The structure and every index whole (reads every page in use, so each of them is
    authenticated too; ``doctor`` adds ``cipher_integrity_check`` for the free ones)."""
    structure = conn.execute("PRAGMA integrity_check").fetchall()
    if structure and structure[0][0] != "ok":
        return [f"database structure: {structure[0][0]}"]
    return []


def problems_at_open(conn: sqlcipher3.Connection) -> str | None:
    """Run at every unlock before anything is written: a reason for ``VaultDamaged``."""
    if stopped_without_closing(conn):
        problems = structure_problems(conn) + stamp_problems(conn) + history_problems(conn)
        if problems:
            return _(AFTER_CRASH).format(problems="; ".join(problems))
        return None
    problems = stamp_problems(conn)
    return "; ".join(problems) if problems else None
