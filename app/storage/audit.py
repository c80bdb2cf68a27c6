"""Append-only audit log inside the vault, chained by hashes."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlcipher3

from app.domain.audit import GENESIS_HASH, AuditAction, AuditEntry, entry_hash, first_broken
from app.storage.vault import Vault


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def append(
    conn: sqlcipher3.Connection,
    *,
    user_id: str | None,
    action: AuditAction,
    record_id: str | None = None,
    detail: str = "",
) -> None:
    """Append one entry. Call inside the transaction of the change it describes."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
    at = now_iso()
    digest = entry_hash(
        prev_hash=prev_hash,
        seq=seq,
        at=at,
        user_id=user_id,
        action=str(action),
        record_id=record_id,
        detail=detail,
    )
    conn.execute(
        "INSERT INTO audit (seq, at, user_id, action, record_id, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, user_id, str(action), record_id, detail, prev_hash, digest),
    )


def record(
    vault: Vault,
    *,
    user_id: str | None,
    action: AuditAction,
    record_id: str | None = None,
    detail: str = "",
) -> None:
    """Append one entry in a transaction of its own (views, sign-ins, prints)."""
    with vault.transaction() as conn:
        append(conn, user_id=user_id, action=action, record_id=record_id, detail=detail)


def entries(vault: Vault, *, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, user_id, action, record_id, detail, prev_hash, hash FROM audit"
    sql += " ORDER BY seq" + (f" DESC LIMIT {int(limit)}" if limit else "")
    return [AuditEntry(*row) for row in vault.query(sql)]


def entries_after(vault: Vault, seq: int, *, limit: int) -> list[AuditEntry]:
    """The first ``limit`` entries after ``seq``, in order (one indexed range, not the
    whole chain: sync sends those past the server's anchor)."""
    rows = vault.query(
        "SELECT seq, at, user_id, action, record_id, detail, prev_hash, hash FROM audit"
        " WHERE seq > ? ORDER BY seq LIMIT ?",
        (seq, int(limit)),
    )
    return [AuditEntry(*row) for row in rows]


def verify(vault: Vault) -> str | None:
    """None when the chain is whole; otherwise a one-line description of the first break."""
    broken = first_broken(entries(vault))
    if broken is None:
        return None
    where, reason = broken
    if isinstance(where, int):
        return f"audit entry #{where} {reason}"
    return f"audit entry #{where.seq} ({where.action} at {where.at}) {reason}"


def count(vault: Vault) -> int:
    return int(vault.query("SELECT count(*) FROM audit")[0][0])
