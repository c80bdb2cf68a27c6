"""Intake drafts: what an officer typed before registering, kept encrypted in the vault.

Local to this laptop and short-lived: each autosave overwrites the draft in place (the
permanent change log never sees it, issue 14) and registering the child removes it in
the same transaction as the new case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.storage import audit
from app.storage.ids import new_id
from app.storage.vault import Vault


@dataclass(frozen=True)
class StoredDraft:
    id: str
    owner: str
    step: int
    data: dict[str, Any]
    updated_at: str


def save(
    vault: Vault, *, owner: str, step: int, data: dict[str, Any], draft_id: str | None = None
) -> str:
    draft_id = draft_id or new_id()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO intake_drafts (id, owner, step, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner,"
            " step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
            (draft_id, owner, int(step), json.dumps(data, ensure_ascii=False), audit.now_iso()),
        )
    return draft_id


def _stored(row: tuple[Any, ...]) -> StoredDraft:
    data = json.loads(row[3])
    return StoredDraft(row[0], row[1], int(row[2]), data if isinstance(data, dict) else {}, row[4])


def get(vault: Vault, draft_id: str) -> StoredDraft | None:
    rows = vault.query(
        "SELECT id, owner, step, data, updated_at FROM intake_drafts WHERE id = ?", (draft_id,)
    )
    return _stored(rows[0]) if rows else None


def all_drafts(vault: Vault, *, limit: int = 1000) -> list[StoredDraft]:
    rows = vault.query(
        "SELECT id, owner, step, data, updated_at FROM intake_drafts"
        " ORDER BY updated_at DESC, id LIMIT ?",
        (limit,),
    )
    return [_stored(r) for r in rows]


def remove_in(conn: sqlcipher3.Connection, draft_id: str) -> None:
    conn.execute("DELETE FROM intake_drafts WHERE id = ?", (draft_id,))


def remove(vault: Vault, draft_id: str) -> None:
    with vault.transaction() as conn:
        remove_in(conn, draft_id)
