"""Repositories: the one write path for every record.

Every insert, update and delete runs in one transaction that also appends one
change row per changed field (record, field, new value, HLC time, user, device) and
an audit entry. Nothing else in the code base writes to ``records``; a test walks the
source to keep it so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.domain.audit import AuditAction
from app.storage import audit
from app.storage.ids import new_id
from app.storage.vault import Vault

# Derived tables kept in step with their records, inside the same transaction. Built on
# first use: the case indexer imports the registration models, which signing in (the
# path that must be fast) does not need.
INDEXED_KINDS = frozenset({"case"})
_indexers: dict[str, Any] = {}


def _indexer(kind: str) -> Any:
    if kind not in INDEXED_KINDS:
        return None
    if kind not in _indexers:
        from app.storage.case_index import CaseIndexer

        _indexers[kind] = CaseIndexer()
    return _indexers[kind]


DELETED_FIELD = "_deleted"
FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    fields: dict[str, Any]
    created_at: str
    updated_at: str
    deleted: bool


@dataclass(frozen=True)
class Change:
    seq: int
    change_id: str
    record_id: str
    kind: str
    field: str
    value: Any
    hlc: str
    at: str
    user_id: str | None
    device_id: str


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row_to_record(row: tuple[Any, ...]) -> Record:
    return Record(row[0], row[1], json.loads(row[2]), row[3], row[4], bool(row[5]))


class Records:
    """Generic repository; kind-specific repositories build on it."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- writes -------------------------------------------------------------------------
    def _log_changes(
        self,
        conn: sqlcipher3.Connection,
        *,
        record_id: str,
        kind: str,
        changed: dict[str, Any],
        user_id: str | None,
        at: str,
    ) -> None:
        conn.executemany(
            "INSERT INTO changes (change_id, record_id, kind, field, value, hlc, at, user_id,"
            " device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    new_id(),
                    record_id,
                    kind,
                    field,
                    _dump(value),
                    self.vault.next_hlc(),
                    at,
                    user_id,
                    self.vault.device_id,
                )
                for field, value in sorted(changed.items())
            ],
        )

    def _insert_in(
        self,
        conn: sqlcipher3.Connection,
        kind: str,
        fields: dict[str, Any],
        *,
        user_id: str | None,
        record_id: str | None,
        audit_detail: str,
        at: str,
    ) -> str:
        record_id = record_id or new_id()
        conn.execute(
            "INSERT INTO records (id, kind, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (record_id, kind, _dump(fields), at, at),
        )
        self._log_changes(
            conn, record_id=record_id, kind=kind, changed=fields, user_id=user_id, at=at
        )
        if (indexer := _indexer(kind)) is not None:
            indexer.write(conn, record_id, fields)
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
            return self._insert_in(
                conn,
                kind,
                fields,
                user_id=user_id,
                record_id=record_id,
                audit_detail=audit_detail,
                at=audit.now_iso(),
            )

    def insert_many(
        self, kind: str, many: list[dict[str, Any]], *, user_id: str | None
    ) -> list[str]:
        """Insert several records in one transaction: all of them or none (imports)."""
        at = audit.now_iso()
        with self.vault.transaction() as conn:
            return [
                self._insert_in(
                    conn, kind, fields, user_id=user_id, record_id=None, audit_detail="", at=at
                )
                for fields in many
            ]

    def update(
        self,
        record_id: str,
        changes: dict[str, Any],
        *,
        user_id: str | None,
        audit_action: AuditAction = AuditAction.CHANGE,
    ) -> dict[str, Any]:
        """Apply changed fields; returns only the fields whose value really changed."""
        at = audit.now_iso()
        with self.vault.transaction() as conn:
            row = conn.execute(
                "SELECT id, kind, fields, created_at, updated_at, deleted FROM records"
                " WHERE id = ?",
                (record_id,),
            ).fetchone()
            if row is None:
                raise KeyError(record_id)
            current = _row_to_record(row)
            changed = {k: v for k, v in changes.items() if current.fields.get(k) != v}
            if not changed:
                return {}
            merged = {**current.fields, **changed}
            conn.execute(
                "UPDATE records SET fields = ?, updated_at = ? WHERE id = ?",
                (_dump(merged), at, record_id),
            )
            self._log_changes(
                conn,
                record_id=record_id,
                kind=current.kind,
                changed=changed,
                user_id=user_id,
                at=at,
            )
            if (indexer := _indexer(current.kind)) is not None:
                indexer.write(conn, record_id, merged)
            audit.append(
                conn,
                user_id=user_id,
                action=audit_action,
                record_id=record_id,
                detail=",".join(sorted(changed)),
            )
        return changed

    def delete(self, record_id: str, *, user_id: str | None) -> None:
        """Mark a record deleted. Its history stays; nothing is erased."""
        at = audit.now_iso()
        with self.vault.transaction() as conn:
            row = conn.execute("SELECT kind FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                raise KeyError(record_id)
            conn.execute(
                "UPDATE records SET deleted = 1, updated_at = ? WHERE id = ?", (at, record_id)
            )
            self._log_changes(
                conn,
                record_id=record_id,
                kind=row[0],
                changed={DELETED_FIELD: True},
                user_id=user_id,
                at=at,
            )
            if (indexer := _indexer(row[0])) is not None:
                indexer.remove(conn, record_id)
            audit.append(conn, user_id=user_id, action=AuditAction.DELETE, record_id=record_id)

    # -- reads --------------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        rows = self.vault.query(
            "SELECT id, kind, fields, created_at, updated_at, deleted FROM records WHERE id = ?",
            (record_id,),
        )
        return _row_to_record(rows[0]) if rows else None

    def list(
        self, kind: str, *, include_deleted: bool = False, limit: int = 1000, offset: int = 0
    ) -> list[Record]:
        sql = (
            "SELECT id, kind, fields, created_at, updated_at, deleted FROM records"
            " WHERE kind = ?"
            + ("" if include_deleted else " AND deleted = 0")
            + " ORDER BY created_at, id LIMIT ? OFFSET ?"
        )
        return [_row_to_record(r) for r in self.vault.query(sql, (kind, limit, offset))]

    def count(self, kind: str) -> int:
        return self.vault.query(
            "SELECT count(*) FROM records WHERE kind = ? AND deleted = 0", (kind,)
        )[0][0]

    def find_by_field(self, kind: str, field: str, value: Any) -> list[Record]:
        if not FIELD_NAME.match(field):
            raise ValueError(f"not a field name: {field!r}")
        # The path is written into the SQL (a checked identifier) so that an expression
        # index on it, like records_by_case_id, can serve the query.
        rows = self.vault.query(
            "SELECT id, kind, fields, created_at, updated_at, deleted FROM records"
            f" WHERE kind = ? AND deleted = 0 AND json_extract(fields, '$.{field}') = ?"
            " ORDER BY created_at, id",
            (kind, value),
        )
        return [_row_to_record(r) for r in rows]

    def history(self, record_id: str) -> list[Change]:
        rows = self.vault.query(
            "SELECT seq, change_id, record_id, kind, field, value, hlc, at, user_id, device_id"
            " FROM changes WHERE record_id = ? ORDER BY seq",
            (record_id,),
        )
        return [Change(*r[:5], json.loads(r[5]), *r[6:]) for r in rows]
