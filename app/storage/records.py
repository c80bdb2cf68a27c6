"""Repositories: the one write path for every record.

Every insert, update and delete runs in one transaction that also appends one change
row per changed *path* (``app/domain/paths.py``; format in ``change_log.py``), keeps
the clock's last value in meta, updates derived tables and appends an audit entry.
Nothing else writes to ``records`` or ``change_log`` (migrations aside, once, at
unlock); a test walks the source to keep it so.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.domain import paths
from app.domain.audit import AuditAction
from app.domain.history import HistoryEntry
from app.domain.sync import SyncChange
from app.domain.sync import heads as sync_heads
from app.storage import audit, change_log
from app.storage.centre import remember as remember_own_centre
from app.storage.ids import new_id
from app.storage.vault import CLOCK_KEY, Vault

# Derived tables kept in step with their records, inside the same transaction. Built on
# first use: the case indexer imports the registration models, which signing in (the
# path that must be fast) does not need.
INDEXED_KINDS = frozenset({"case", "referral", "missing_episode"})
_indexers: dict[str, Any] = {}


def _indexer(kind: str) -> Any:
    if kind not in INDEXED_KINDS:
        return None
    if kind not in _indexers:
        if kind == "case":
            from app.storage.case_index import CaseIndexer

            _indexers[kind] = CaseIndexer()
        else:  # referrals and missing episodes (issue 15)
            from app.storage.referral_index import indexer_for

            _indexers[kind] = indexer_for(kind)
    return _indexers[kind]


DELETED_FIELD = "_deleted"
FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_RECORD_COLUMNS = "id, kind, fields, created_at, updated_at, deleted"


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    fields: dict[str, Any]
    created_at: str
    updated_at: str
    deleted: bool


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)  # json.dumps with these arguments, without a new encoder


def _row_to_record(row: tuple[Any, ...]) -> Record:
    return Record(row[0], row[1], json.loads(row[2]), row[3], row[4], bool(row[5]))


def _item_id() -> str:
    return new_id().replace("-", "")[-16:]


class _LogWriter:
    """Appends change rows within one transaction: the device's next sequence numbers,
    interned ids, each path's base, and the clock's last value in meta at the end."""

    def __init__(self, vault: Vault, conn: sqlcipher3.Connection, user_id: str | None) -> None:
        self.vault = vault
        self.conn = conn
        self.device = change_log.intern(conn, vault.device_id)
        self.user = change_log.intern(conn, user_id)
        self.next_seq = (
            conn.execute(
                "SELECT max(device_seq) FROM change_log WHERE device = ?", (self.device,)
            ).fetchone()[0]
            or 0
        ) + 1
        # [S2] Local-only kinds take negative device sequence numbers, so that the shared
        # changes of a device are numbered 1, 2, 3 … without holes and a replica can say
        # how far it holds them all (sync_log.version_vector).
        self.next_local_seq = (
            min(
                conn.execute(
                    "SELECT min(device_seq) FROM change_log WHERE device = ?", (self.device,)
                ).fetchone()[0]
                or 0,
                0,
            )
            - 1
        )
        self._scopes: dict[str | None, int | None] = {}
        self.clock: int | None = None

    def scope(self, kind: str, record_id: str, fields: dict[str, Any]) -> int | None:
        if kind in change_log.LOCAL_KINDS:
            return None
        centre = fields.get("centre_id") if kind == "case" else None
        if kind == "centre":
            centre = record_id
        if centre is None:
            centre = self.vault.centre_scope(self.conn)
        if centre not in self._scopes:
            self._scopes[centre] = change_log.intern(self.conn, centre)
        return self._scopes[centre]

    def append(
        self,
        *,
        record_id: str,
        kind: str,
        changed: dict[str, Any],
        scope: int | None,
        new_record: bool,
    ) -> int:
        """One row per path; returns the last row's seq."""
        record = change_log.id_bytes(record_id)
        local = kind in change_log.LOCAL_KINDS
        last = 0
        held: list[SyncChange] | None = None
        ids_by_seq: dict[int, str] = {}
        if not new_record and not local:
            from app.storage import sync_log  # imports this module

            held, seqs = sync_log.record_changes(self.conn, record_id)
            ids_by_seq = {seq: change_id for change_id, seq in seqs.items()}
        for path, value in sorted(changed.items()):
            base = None if new_record else self._base(record, path)
            self.clock = self.vault.next_clock()
            stamp = self.clock
            supersedes: list[str] = []
            if held is not None:
                # [S2] Every head on this path besides the base: an edit made after seeing
                # two concurrent edits replaces both, on every laptop.
                base_id = ids_by_seq.get(base) if base is not None else None
                supersedes = [h for h in sync_heads(path, held) if h != base_id]
                # [S1] A change made after others comes after them in merge order, even
                # when one came from a laptop whose clock ran ahead (the vault's clock
                # moved only to the cap): only this path's stamp follows them.
                linked = {base_id, *supersedes}
                stamps = [c.hlc for c in held if c.change_id in linked]
                if stamps:
                    stamp = max(stamp, max(stamps) + 1)
            if local:
                device_seq, self.next_local_seq = self.next_local_seq, self.next_local_seq - 1
            else:
                device_seq, self.next_seq = self.next_seq, self.next_seq + 1
            change_id = change_log.id_bytes(new_id())
            cursor = self.conn.execute(
                "INSERT INTO change_log (change_id, record, kind, path, value, base, hlc,"
                " device, device_seq, user, scope, model, supersedes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change_id,
                    record,
                    kind,
                    path,
                    change_log.dump(value),
                    base,
                    stamp,
                    self.device,
                    device_seq,
                    self.user,
                    scope,
                    paths.MODEL_VERSION,
                    change_log.ids_blob(supersedes),
                ),
            )
            last = int(cursor.lastrowid)
            if held is not None:
                held.append(
                    SyncChange(
                        change_id=change_log.id_text(change_id),
                        record_id=record_id,
                        kind=kind,
                        path=path,
                        value=value,
                        base_id=ids_by_seq.get(base) if base is not None else None,
                        hlc=stamp,
                        device_id=self.vault.device_id or "",
                        device_seq=device_seq,
                        user_id=None,
                        scope="",
                        model=paths.MODEL_VERSION,
                        supersedes=tuple(supersedes),
                    )
                )
                ids_by_seq[last] = held[-1].change_id
        return last

    def _base(self, record: bytes, path: str) -> int | None:
        """The change a new change to ``path`` replaces: the last change to it or to a path
        above it; a delete (``_deleted``) counts as above every path, and a delete replaces
        the record's last change of any path ([S3])."""
        if path == DELETED_FIELD:
            row = self.conn.execute(
                "SELECT max(seq) FROM change_log WHERE record = ?", (record,)
            ).fetchone()
            return int(row[0]) if row[0] is not None else None
        found = [
            change_log.last_change_to(self.conn, record, path),
            change_log.last_change_to(self.conn, record, DELETED_FIELD),
        ]
        known = [f for f in found if f is not None]
        return max(known) if known else None

    def finish(self) -> None:
        if self.clock is not None:
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (CLOCK_KEY, str(self.clock)),
            )


class Records:
    """Generic repository; kind-specific repositories build on it."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- writes -------------------------------------------------------------------------
    def _insert_in(
        self,
        conn: sqlcipher3.Connection,
        log: _LogWriter,
        kind: str,
        fields: dict[str, Any],
        *,
        user_id: str | None,
        record_id: str | None,
        audit_detail: str,
        at: str,
    ) -> str:
        record_id = record_id or new_id()
        # A field given as paths.REMOVED is not stored (it reads as its default).
        fields = {k: v for k, v in fields.items() if v is not paths.REMOVED}
        fields = paths.align_items(kind, None, fields, _item_id)
        # The creation is one change of the whole record (path ""): it sets every path
        # it holds. One row, not one per field: 21 rows per registration made the log
        # 65 % of the vault.
        last = log.append(
            record_id=record_id,
            kind=kind,
            changed={paths.ROOT: fields},
            scope=log.scope(kind, record_id, fields),
            new_record=True,
        )
        conn.execute(
            "INSERT INTO records (id, kind, fields, created_at, updated_at, last_change)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (record_id, kind, _dump(fields), at, at, last),
        )
        if (indexer := _indexer(kind)) is not None:
            indexer.write(conn, record_id, fields)
        if kind == "centre":  # the one set-up writes: this vault's own (storage/centre.py)
            remember_own_centre(conn, record_id)
        audit.append(
            conn,
            user_id=user_id,
            action=AuditAction.CREATE,
            record_id=record_id,
            detail=audit_detail or kind,
        )
        return record_id

    def insert(
        self,
        kind: str,
        fields: dict[str, Any],
        *,
        user_id: str | None,
        record_id: str | None = None,
        audit_detail: str = "",
    ) -> str:
        with self.vault.transaction() as conn:
            log = _LogWriter(self.vault, conn, user_id)
            made = self._insert_in(
                conn,
                log,
                kind,
                fields,
                user_id=user_id,
                record_id=record_id,
                audit_detail=audit_detail,
                at=audit.now_iso(),
            )
            log.finish()
            return made

    def insert_many(
        self, kind: str, many: builtins.list[dict[str, Any]], *, user_id: str | None
    ) -> builtins.list[str]:
        """Insert several records in one transaction: all of them or none (imports)."""
        at = audit.now_iso()
        with self.vault.transaction() as conn:
            log = _LogWriter(self.vault, conn, user_id)
            made = [
                self._insert_in(
                    conn,
                    log,
                    kind,
                    fields,
                    user_id=user_id,
                    record_id=None,
                    audit_detail="",
                    at=at,
                )
                for fields in many
            ]
            log.finish()
            return made

    def update(
        self,
        record_id: str,
        changes: dict[str, Any],
        *,
        user_id: str | None,
        audit_action: AuditAction = AuditAction.CHANGE,
    ) -> dict[str, Any]:
        """Apply changed top-level fields; one change row per path that really changed.
        Returns the top-level fields whose value changed (with their new value)."""
        with self.unit(user_id=user_id) as unit:
            return unit.update(record_id, changes, audit_action=audit_action)

    def delete(self, record_id: str, *, user_id: str | None) -> None:
        """Mark a record deleted. Its history stays; nothing is erased."""
        with self.unit(user_id=user_id) as unit:
            unit.delete(record_id)

    @contextlib.contextmanager
    def unit(self, *, user_id: str | None) -> Iterator[Unit]:
        """One transaction for a whole use case: every insert, update and delete made
        through the unit commits together or not at all (registering a child and opening
        their guardian referral; a duplicate decision and the case it changes)."""
        with self.vault.transaction() as conn:
            log = _LogWriter(self.vault, conn, user_id)
            yield Unit(self, conn, log, user_id)
            log.finish()

    # -- reads --------------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        rows = self.vault.query(f"SELECT {_RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,))
        return _row_to_record(rows[0]) if rows else None

    def of_kind(
        self, kind: str, *, include_deleted: bool = False, limit: int = 1000, offset: int = 0
    ) -> builtins.list[Record]:
        sql = (
            f"SELECT {_RECORD_COLUMNS} FROM records WHERE kind = ?"
            + ("" if include_deleted else " AND deleted = 0")
            + " ORDER BY created_at, id LIMIT ? OFFSET ?"
        )
        return [_row_to_record(r) for r in self.vault.query(sql, (kind, limit, offset))]

    def count(self, kind: str) -> int:
        return int(
            self.vault.query(
                "SELECT count(*) FROM records WHERE kind = ? AND deleted = 0", (kind,)
            )[0][0]
        )

    def find_by_field(self, kind: str, field: str, value: Any) -> builtins.list[Record]:
        if not FIELD_NAME.match(field):
            raise ValueError(f"not a field name: {field!r}")
        # The path is written into the SQL (a checked identifier) so that an expression
        # index on it, like records_by_case_id, can serve the query.
        rows = self.vault.query(
            f"SELECT {_RECORD_COLUMNS} FROM records"
            f" WHERE kind = ? AND deleted = 0 AND json_extract(fields, '$.{field}') = ?"
            " ORDER BY created_at, id",
            (kind, value),
        )
        return [_row_to_record(r) for r in rows]

    def history(self, record_id: str) -> builtins.list[HistoryEntry]:
        rows = self.vault.query(
            change_log.ROW_SQL + " WHERE c.record = ? ORDER BY c.seq",
            (change_log.id_bytes(record_id),),
        )
        return [_entry(change_log.row_from(r)) for r in rows]


class Unit:
    """The writes of one use case inside one transaction (``Records.unit``). Reads through
    the unit see its own writes."""

    def __init__(
        self, records: Records, conn: sqlcipher3.Connection, log: _LogWriter, user_id: str | None
    ) -> None:
        self._records = records
        self._conn = conn
        self._log = log
        self._user_id = user_id
        self._at = audit.now_iso()

    @property
    def connection(self) -> sqlcipher3.Connection:
        """For other repositories of app/storage writing in the same transaction."""
        return self._conn

    def get(self, record_id: str) -> Record | None:
        row = self._conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return _row_to_record(row) if row else None

    def find_by_field(self, kind: str, field: str, value: Any) -> builtins.list[Record]:
        if not FIELD_NAME.match(field):
            raise ValueError(f"not a field name: {field!r}")
        rows = self._conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records"
            f" WHERE kind = ? AND deleted = 0 AND json_extract(fields, '$.{field}') = ?"
            " ORDER BY created_at, id",
            (kind, value),
        ).fetchall()
        return [_row_to_record(r) for r in rows]

    def insert(
        self,
        kind: str,
        fields: dict[str, Any],
        *,
        record_id: str | None = None,
        audit_detail: str = "",
    ) -> str:
        return self._records._insert_in(
            self._conn,
            self._log,
            kind,
            fields,
            user_id=self._user_id,
            record_id=record_id,
            audit_detail=audit_detail,
            at=self._at,
        )

    def update(
        self,
        record_id: str,
        changes: dict[str, Any],
        *,
        audit_action: AuditAction = AuditAction.CHANGE,
    ) -> dict[str, Any]:
        conn, log = self._conn, self._log
        current = self.get(record_id)
        if current is None:
            raise KeyError(record_id)
        # A field given as paths.REMOVED is taken away (it reads as its default).
        wanted = {k: v for k, v in {**current.fields, **changes}.items() if v is not paths.REMOVED}
        merged = paths.align_items(current.kind, current.fields, wanted, _item_id)
        changed_paths = paths.diff(current.kind, current.fields, merged)
        if not changed_paths:
            return {}
        last = log.append(
            record_id=record_id,
            kind=current.kind,
            changed=changed_paths,
            scope=log.scope(current.kind, record_id, merged),
            new_record=False,
        )
        conn.execute(
            "UPDATE records SET fields = ?, updated_at = ?, last_change = ? WHERE id = ?",
            (_dump(merged), self._at, last, record_id),
        )
        if (indexer := _indexer(current.kind)) is not None:
            indexer.write(conn, record_id, merged)
        changed = {
            field: merged.get(field, paths.REMOVED)
            for field in sorted({p.split(".", 1)[0] for p in changed_paths})
        }
        audit.append(
            conn,
            user_id=self._user_id,
            action=audit_action,
            record_id=record_id,
            detail=",".join(changed),
        )
        return changed

    def restore(self, record_id: str) -> None:
        """Take back a delete (a manager reversing a sync conflict): a change of
        ``_deleted`` to false, history kept."""
        conn, log = self._conn, self._log
        current = self.get(record_id)
        if current is None:
            raise KeyError(record_id)
        if not current.deleted:
            return
        last = log.append(
            record_id=record_id,
            kind=current.kind,
            changed={DELETED_FIELD: False},
            scope=log.scope(current.kind, record_id, current.fields),
            new_record=False,
        )
        conn.execute(
            "UPDATE records SET deleted = 0, updated_at = ?, last_change = ? WHERE id = ?",
            (self._at, last, record_id),
        )
        if (indexer := _indexer(current.kind)) is not None:
            indexer.write(conn, record_id, current.fields)
        audit.append(
            conn,
            user_id=self._user_id,
            action=AuditAction.CHANGE,
            record_id=record_id,
            detail=DELETED_FIELD,
        )

    def delete(self, record_id: str) -> None:
        conn, log = self._conn, self._log
        current = self.get(record_id)
        if current is None:
            raise KeyError(record_id)
        last = log.append(
            record_id=record_id,
            kind=current.kind,
            changed={DELETED_FIELD: True},
            scope=log.scope(current.kind, record_id, current.fields),
            new_record=False,
        )
        conn.execute(
            "UPDATE records SET deleted = 1, updated_at = ?, last_change = ? WHERE id = ?",
            (self._at, last, record_id),
        )
        if (indexer := _indexer(current.kind)) is not None:
            indexer.remove(conn, record_id)
        audit.append(conn, user_id=self._user_id, action=AuditAction.DELETE, record_id=record_id)


# -- changes from other laptops (app/storage/sync_log.py) -----------------------------------
def store_remote(
    conn: sqlcipher3.Connection,
    change: SyncChange,
    base: int | None,
    interned: Callable[[str | None], int | None] | None = None,
) -> int:
    """Append a change made on another laptop verbatim: its own id, clock, device, device
    sequence, user, scope, model and the changes it supersedes; its base as a local seq
    when held (``base``) and as it came (``base_id``). Returns its local seq.
    ``interned``: a cache of ``change_log.intern`` for a batch."""
    if interned is None:
        interned = functools.partial(change_log.intern, conn)
    cursor = conn.execute(_REMOTE_INSERT, _remote_row(change, base, interned))
    return int(cursor.lastrowid)


def _remote_row(
    change: SyncChange, base: int | None, interned: Callable[[str | None], int | None]
) -> tuple[Any, ...]:
    """A remote change as a change-log row, in ``_REMOTE_INSERT``'s column order."""
    return (
        change_log.id_bytes(change.change_id),
        change_log.id_bytes(change.record_id),
        change.kind,
        change.path,
        change_log.dump(change.value),
        base,
        change_log.id_bytes(change.base_id) if change.base_id else None,
        change.hlc,
        interned(change.device_id),
        change.device_seq,
        interned(change.user_id),
        interned(change.scope),
        change.model,
        change_log.ids_blob(change.supersedes),
    )


def store_remote_many(
    conn: sqlcipher3.Connection,
    changes: builtins.list[SyncChange],
    held: dict[str, int],
    interned: Callable[[str | None], int | None],
) -> dict[str, int]:
    """``store_remote`` for a batch, in its order, with one executemany; returns the
    local seq of each change by id. A change's base is its local seq when held before
    (``held``: change id -> seq) or stored earlier in this batch. The change log numbers
    its rows one after another (AUTOINCREMENT, inside the caller's write transaction),
    so the seqs are known before the insert and checked after it."""
    if not changes:
        return {}
    counted = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()
    next_seq = max(int(counted[0]) if counted else 0, int(top[0] or 0)) + 1
    stored: dict[str, int] = {}
    rows = []
    for change in changes:
        base = None
        if change.base_id is not None:
            base = held.get(change.base_id, stored.get(change.base_id))
        rows.append(_remote_row(change, base, interned))
        stored[change.change_id] = next_seq
        next_seq += 1
    conn.executemany(_REMOTE_INSERT, rows)
    last = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    if int(last) != next_seq - 1:  # never: a numbering other than one after another
        raise RuntimeError("the change log did not number a batch one row after another")
    return stored


_REMOTE_INSERT = (
    "INSERT INTO change_log (change_id, record, kind, path, value, base, base_id, hlc,"
    " device, device_seq, user, scope, model, supersedes)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def write_merged(
    conn: sqlcipher3.Connection,
    record_id: str,
    kind: str,
    fields: dict[str, Any],
    *,
    deleted: bool,
    last_change: int,
    at: str,
) -> None:
    """Write a record as the fold of all its changes (sync), and its index rows."""
    exists = conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
    if exists:
        conn.execute(
            "UPDATE records SET kind = ?, fields = ?, updated_at = ?, deleted = ?,"
            " last_change = ? WHERE id = ?",
            (kind, _dump(fields), at, int(deleted), last_change, record_id),
        )
    else:
        conn.execute(
            "INSERT INTO records (id, kind, fields, created_at, updated_at, deleted,"
            " last_change) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record_id, kind, _dump(fields), at, at, int(deleted), last_change),
        )
    if (indexer := _indexer(kind)) is not None:
        if deleted:
            indexer.remove(conn, record_id)
        else:
            indexer.write(conn, record_id, fields)


@dataclass(frozen=True)
class Merged:
    """A record as the fold of its changes, to be written by ``write_merged_many``."""

    record_id: str
    kind: str
    fields: dict[str, Any]
    deleted: bool
    last_change: int
    exists: bool  # a row for it is in ``records`` already


# Indexes written first: a referral's index row reads its child's case number.
_INDEX_ORDER = {"case": 0}


def write_merged_many(
    conn: sqlcipher3.Connection, merged: builtins.list[Merged], *, at: str
) -> None:
    """Write records as the fold of their changes (sync) and their index rows, in bulk:
    one statement per batch for the records, index rows by kind (executemany)."""
    conn.executemany(
        "UPDATE records SET kind = ?, fields = ?, updated_at = ?, deleted = ?,"
        " last_change = ? WHERE id = ?",
        [
            (m.kind, _dump(m.fields), at, int(m.deleted), m.last_change, m.record_id)
            for m in merged
            if m.exists
        ],
    )
    conn.executemany(
        "INSERT INTO records (id, kind, fields, created_at, updated_at, deleted,"
        " last_change) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (m.record_id, m.kind, _dump(m.fields), at, at, int(m.deleted), m.last_change)
            for m in merged
            if not m.exists
        ],
    )
    by_kind: dict[str, builtins.list[Merged]] = {}
    for m in merged:
        by_kind.setdefault(m.kind, []).append(m)
    for kind in sorted(by_kind, key=lambda k: (_INDEX_ORDER.get(k, 1), k)):
        indexer = _indexer(kind)
        if indexer is None:
            continue
        for m in by_kind[kind]:
            if m.deleted:
                indexer.remove(conn, m.record_id)
        alive = [(m.record_id, m.fields, m.exists) for m in by_kind[kind] if not m.deleted]
        if hasattr(indexer, "write_many"):
            indexer.write_many(conn, alive)
        else:
            for record_id, fields, _exists in alive:
                indexer.write(conn, record_id, fields)


def _entry(row: change_log.Row) -> HistoryEntry:
    return HistoryEntry(
        seq=row.seq,
        change_id=row.change_id,
        record_id=row.record_id,
        kind=row.kind,
        path=row.path,
        value=row.value,
        hlc=row.hlc,
        user_id=row.user_id,
        device_id=row.device_id,
        device_seq=row.device_seq,
        base=row.base,
        model=row.model,
    )
