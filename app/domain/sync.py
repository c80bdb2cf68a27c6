"""A change as it travels between laptops, and the pure rules of merging ([DESIGN: Records
and sync]; the contract is docs/sync.md).

- [S1] Merge order: a record's fields are the fold of all its changes in the order
  ``(hlc, device id bytes, device_seq)``; the same set of changes gives the same fields in
  any arrival order.
- [S2] Concurrency: two changes are concurrent when neither is reachable from the other
  through ``base_id`` links. A device's own changes are never concurrent with each other
  (it made the later one holding the earlier).
- [S3] Overlap: two paths overlap when they are the same path or one is above the other
  (``""``, the creation, is above everything; ``names`` above ``names.given``). A delete
  (``_deleted``) overlaps every path of its record: an edit concurrent with a delete is a
  conflict.
- [S4] A conflict is one unordered pair of concurrent changes on overlapping paths of one
  record, keyed by the two change ids in sorted order, so every laptop derives the same
  conflicts; the winner is the later in merge order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import paths

DELETED_PATH = "_deleted"


@dataclass(frozen=True)
class SyncChange:
    change_id: str  # UUID text
    record_id: str  # UUID text
    kind: str  # a shared kind of app/storage/kinds.py
    path: str  # "" (creation), "names.given_latin", "family.<item id>", "_deleted"
    value: Any  # JSON value, or paths.REMOVED
    base_id: str | None  # change_id of the change this one replaced where it was made
    hlc: int  # app/domain/hlc.py
    device_id: str  # UUID text of the device that made it
    device_seq: int  # that device's own sequence (1, 2, 3 …)
    user_id: str | None
    scope: str  # centre id (UUID text)
    model: int  # paths.MODEL_VERSION when made


def merge_key(change: SyncChange) -> tuple[int, bytes, int]:
    """[S1] The position of a change in the fold: later clock, then device id bytes, then
    the device's own sequence."""
    return (change.hlc, uuid.UUID(change.device_id).bytes, change.device_seq)


def merge_order(changes: list[SyncChange]) -> list[SyncChange]:
    """[S1] Changes sorted for the fold (duplicates by change id collapse to one)."""
    unique = {c.change_id: c for c in changes}
    return sorted(unique.values(), key=merge_key)


def fold(kind: str, changes: list[SyncChange]) -> tuple[dict[str, Any], bool]:
    """[S1] A record's fields and deleted flag from all its changes, in merge order."""
    fields: dict[str, Any] = {}
    deleted = False
    for change in merge_order(changes):
        if change.path == DELETED_PATH:
            deleted = change.value is not paths.REMOVED and bool(change.value)
            continue
        fields = paths.apply(kind, fields, change.path, change.value)
    return fields, deleted


def overlapping(a: str, b: str) -> bool:
    """[S3] Whether writing one path can set, or take away, what the other wrote."""
    if DELETED_PATH in (a, b):
        return True
    return a in paths.ancestors(b) or b in paths.ancestors(a)


def reachable(
    target: str, start: str | None, ancestry: Mapping[str, str | None], limit: int = 1_000_000
) -> bool:
    """[S2] Whether ``target`` is ``start`` or one of its bases, following base links.
    A base that has not arrived ends the walk."""
    seen = 0
    current = start
    while current is not None and seen < limit:
        if current == target:
            return True
        current = ancestry.get(current)
        seen += 1
    return False


def concurrent(a: SyncChange, b: SyncChange, ancestry: Mapping[str, str | None]) -> bool:
    """[S2] Neither change is reachable from the other through base links (``ancestry``
    maps change id to base id). One change is never concurrent with itself, nor with
    another change of its own device."""
    if a.change_id == b.change_id or a.device_id == b.device_id:
        return False
    return not (
        reachable(a.change_id, b.base_id, ancestry) or reachable(b.change_id, a.base_id, ancestry)
    )


def conflicting(a: SyncChange, b: SyncChange, ancestry: Mapping[str, str | None]) -> bool:
    """[S4] Concurrent changes to overlapping paths of one record. A creation is never in
    conflict (one record id, one creation)."""
    if a.record_id != b.record_id or paths.ROOT in (a.path, b.path):
        return False
    return overlapping(a.path, b.path) and concurrent(a, b, ancestry)


def conflict_key(a: SyncChange, b: SyncChange) -> tuple[str, str]:
    """[S4] The pair's key, the same on every laptop: the two change ids in sorted order."""
    first, second = sorted((a.change_id, b.change_id))
    return first, second


def winner(a: SyncChange, b: SyncChange) -> SyncChange:
    """[S4] The change whose value applies: the later in merge order."""
    return a if merge_key(a) > merge_key(b) else b
