"""Audit actions and the hash chain rule (pure)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

GENESIS_HASH = "0" * 64


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    FAILED_SIGN_IN = "failed_sign_in"
    SIGN_OUT = "sign_out"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"
    SYNC = "sync"
    USER_CHANGE = "user_change"
    REKEY = "rekey"
    RECOVERY = "recovery"
    CHECK = "check"
    # A case was indexed with a number another case of its centre already carries; both
    # stay listed (app/storage/case_index.py), a manager sees it in cases.number_collisions.
    NUMBER_COLLISION = "number_collision"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    user_id: str | None
    action: str
    record_id: str | None
    detail: str
    prev_hash: str
    hash: str


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    at: str,
    user_id: str | None,
    action: str,
    record_id: str | None,
    detail: str,
) -> str:
    canonical = json.dumps(
        [prev_hash, seq, at, user_id, action, record_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_broken(entries: list[AuditEntry]) -> tuple[AuditEntry | int, str] | None:
    """Walk the chain; return (entry or missing seq, reason) for the first break, or None."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return expected_seq, "missing"
        if entry.prev_hash != expected_prev:
            return entry, "does not link to the entry before it"
        recomputed = entry_hash(
            prev_hash=entry.prev_hash,
            seq=entry.seq,
            at=entry.at,
            user_id=entry.user_id,
            action=entry.action,
            record_id=entry.record_id,
            detail=entry.detail,
        )
        if recomputed != entry.hash:
            return entry, "was altered"
        expected_prev = entry.hash
        expected_seq += 1
    return None
