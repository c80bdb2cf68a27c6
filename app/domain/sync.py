"""A change as it travels between laptops, and the pure rules of merging ([DESIGN: Records
and sync]; the contract is docs/sync.md).

- [S1] Merge order: a record's fields are the fold of all its changes in the order
  ``(hlc, device id bytes, device_seq)``; the same set of changes gives the same fields in
  any arrival order.
- [S2] Concurrency: a change links to its base and to every other change of its record it
  ``supersedes``: the heads on overlapping paths the laptop held when it made it (an edit
  made after seeing two concurrent edits links to both; a delete to the last change of
  every path). Two changes are concurrent when neither is reachable from the other
  through these links; a pair is decided only once every link on the way is held, so
  every laptop holding the same changes decides the same. A device's own changes are
  never concurrent with each other (it made the later one holding the earlier).
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
    # [S2] The other changes of the record this one was made knowing and replaces (the
    # heads on its path besides its base), sorted; travels inside the sealed value.
    supersedes: tuple[str, ...] = ()

    @property
    def links(self) -> tuple[str, ...]:
        """[S2] The changes this one was made knowing directly: its base and the heads it
        supersedes."""
        return self.supersedes if self.base_id is None else (self.base_id, *self.supersedes)


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


@dataclass(frozen=True)
class Knowledge:
    """[S2] What one change was made knowing: every change reachable through its links,
    and whether every link on the way is held here (``complete``: nothing that arrives
    later can add to ``known``)."""

    known: frozenset[str]
    complete: bool


def knowledge(changes: list[SyncChange]) -> dict[str, Knowledge]:
    """[S2] For each change of one record, the changes reachable from it through links
    (base and supersedes). Iterative, each change visited once."""
    by_id = {c.change_id: c for c in changes}
    done: dict[str, Knowledge] = {}
    for start in changes:
        if start.change_id in done:
            continue
        stack: list[tuple[SyncChange, bool]] = [(start, False)]
        while stack:
            node, expanded = stack.pop()
            if node.change_id in done:
                continue
            if not expanded:
                stack.append((node, True))
                for link in node.links:
                    target = by_id.get(link)
                    if target is not None and target.change_id not in done:
                        stack.append((target, False))
                continue
            known: set[str] = set()
            complete = True
            for link in node.links:
                target = by_id.get(link)
                if target is None:
                    complete = False
                    continue
                known.add(link)
                below = done.get(link)
                if below is None:  # a cycle: cannot happen with real changes
                    complete = False
                    continue
                known |= below.known
                complete = complete and below.complete
            done[node.change_id] = Knowledge(frozenset(known), complete)
    return done


def apart(a: SyncChange, b: SyncChange, known: Mapping[str, Knowledge]) -> bool | None:
    """[S2] True when ``a`` and ``b`` were made without knowing of each other, False when
    one knew the other, None while a link on the way has not arrived (undecided)."""
    if a.change_id == b.change_id or a.device_id == b.device_id:
        return False
    ka, kb = known.get(a.change_id), known.get(b.change_id)
    if ka is None or kb is None:
        return None
    if b.change_id in ka.known or a.change_id in kb.known:
        return False
    return True if ka.complete and kb.complete else None


def conflicting_pairs(changes: list[SyncChange]) -> list[tuple[SyncChange, SyncChange]]:
    """[S4] Every decided conflict among the changes of one record: concurrent changes
    on overlapping paths (never a creation)."""
    edits = [c for c in changes if c.path != paths.ROOT]
    if len({c.device_id for c in edits}) < 2:
        return []
    known = knowledge(changes)
    found = []
    for i, a in enumerate(edits):
        for b in edits[i + 1 :]:
            if a.device_id == b.device_id or not overlapping(a.path, b.path):
                continue
            if apart(a, b, known):
                found.append((a, b))
    return found


def heads(path: str, held: list[SyncChange]) -> list[str]:
    """[S2] The changes of a record on paths overlapping ``path`` that no other such
    change held here was made knowing: what a new change to ``path`` replaces. Sorted;
    the creation is left out (it is never in conflict)."""
    near = [c for c in held if c.path != paths.ROOT and overlapping(path, c.path)]
    if len(near) < 2:
        return sorted(c.change_id for c in near)
    known = knowledge(held)
    reached: set[str] = set()
    for c in near:
        reached |= known[c.change_id].known
    return sorted(c.change_id for c in near if c.change_id not in reached)


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
