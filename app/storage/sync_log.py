"""Changes between laptops: what leaves, what a replica holds, and the merge of what
arrives (issue 16, item 1; the contract is docs/sync.md; the rules [S1]-[S4] are in
app/domain/sync.py).

- ``outgoing``: the changes of shared kinds the other side lacks, given its version vector.
- ``version_vector``: per device, the highest device sequence below which every shared
  change of that device is held here (local kinds take negative sequence numbers, so the
  shared ones of a device are 1, 2, 3 … without holes; a batch lost on the way leaves a
  hole, and the vector stops before it so the lost changes are sent again).
- ``apply_remote``: one transaction; stores remote changes verbatim (through records.py,
  the one write path), re-materialises every touched record as the fold of all its
  changes, rewrites its indexes, finds conflicts, re-checks rules across records, and
  writes one audit entry for the batch.

Conflicts live in ``sync_conflicts`` (migration 10), one row per unordered pair.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3

from app.domain import hlc as hlc_rules
from app.domain import paths
from app.domain.audit import AuditAction
from app.domain.sync import DELETED_PATH, SyncChange, conflicting, fold, merge_key, winner
from app.errors import HarbourError
from app.i18n import N_
from app.storage import audit, change_log, kinds, records
from app.storage.vault import CLOCK_KEY, Vault

MERGED_META = "sync_merged"  # set once a remote change was applied: local writes check too

CASE_KIND = "case"
ASSESSMENT_KIND = "age_assessment"
LINK_KIND = "case_link"
REFERRAL_KIND = "referral"

# Rule conflicts (kind "rule"): rules across records re-checked after a merge.
RULE_TWO_ASSESSMENTS = "two_assessments_in_progress"
RULE_OPPOSITE_DECISIONS = "opposite_duplicate_decisions"
RULE_TWO_GUARDIAN_REFERRALS = "two_guardian_referrals"
RULE_TWO_CREATIONS = "two_creations"


class ChangeRefused(HarbourError):
    message = N_(
        "Changes from another laptop were refused: one reuses a device's sequence number"
        " under another change (a copied or restored vault). Nothing was applied."
    )


class LocalKindRefused(HarbourError):
    message = N_(
        "Changes from another laptop were refused: one is of a kind that never leaves a"
        " laptop. Nothing was applied."
    )


@dataclass(frozen=True)
class ApplyReport:
    received: int
    applied: int
    already_held: int
    records: int  # records re-materialised
    waiting: int  # records whose creation has not arrived yet (changes kept)
    conflicts: int  # new conflict rows of every kind
    skewed: int  # changes whose clock ran further ahead than the cap (kept, flagged)
    new_cases: list[str] = field(default_factory=list)  # cases that arrived in this batch


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str  # path, rule, collision, duplicate
    rule: str
    a: str
    b: str
    record_id: str | None
    path: str
    winner: str | None
    found_at: str
    resolved_at: str | None
    resolved_by: str | None
    resolution: str | None


_CHANGE_SQL = (
    "SELECT c.seq, c.change_id, c.record, c.kind, c.path, c.value,"
    " coalesce(c.base_id, b.change_id), c.hlc, d.uuid, c.device_seq, u.uuid, s.uuid, c.model"
    " FROM change_log AS c"
    " JOIN interned_ids AS d ON d.n = c.device"
    " LEFT JOIN interned_ids AS u ON u.n = c.user"
    " LEFT JOIN interned_ids AS s ON s.n = c.scope"
    " LEFT JOIN change_log AS b ON b.seq = c.base"
)


def _change_of(row: tuple[Any, ...], default_scope: str | None) -> SyncChange:
    return SyncChange(
        change_id=change_log.id_text(row[1]),
        record_id=change_log.id_text(row[2]),
        kind=row[3],
        path=row[4],
        value=change_log.load(row[5]),
        base_id=change_log.id_text(row[6]) if row[6] is not None else None,
        hlc=row[7],
        device_id=change_log.id_text(row[8]),
        device_seq=row[9],
        user_id=change_log.id_text(row[10]) if row[10] is not None else None,
        scope=change_log.id_text(row[11]) if row[11] is not None else (default_scope or ""),
        model=row[12],
    )


def _shared_kinds_sql() -> str:
    return ",".join(f"'{k}'" for k in sorted(kinds.shared()))


# -- what leaves --------------------------------------------------------------------------
def outgoing(vault: Vault, vector: dict[str, int] | None, limit: int | None) -> list[SyncChange]:
    """The changes of shared kinds the other side lacks, given its version vector
    ``{device_id: highest device_seq held}`` (None: everything), per device in sequence
    order, at most ``limit`` (a cut keeps a prefix of every device's changes)."""
    vector = vector or {}
    scope = vault.centre_scope(vault.conn)
    devices = vault.query(
        "SELECT d.n, d.uuid FROM interned_ids AS d"
        " WHERE d.n IN (SELECT DISTINCT device FROM change_log) ORDER BY d.uuid"
    )
    found: list[SyncChange] = []
    for n, raw in devices:
        room = None if limit is None else limit - len(found)
        if room is not None and room <= 0:
            break
        held = vector.get(change_log.id_text(raw), 0)
        rows = vault.query(
            _CHANGE_SQL + " WHERE c.device = ? AND c.device_seq > ?"
            f" AND c.kind IN ({_shared_kinds_sql()}) ORDER BY c.device_seq"
            + ("" if room is None else f" LIMIT {int(room)}"),
            (n, held),
        )
        found.extend(_change_of(r, scope) for r in rows)
    return found


def version_vector(vault: Vault) -> dict[str, int]:
    """Per device, the highest sequence n such that its shared changes 1..n are all held."""
    rows = vault.query(
        "SELECT d.uuid, (SELECT min(c.device_seq) FROM change_log AS c"
        "   WHERE c.device = d.n AND c.device_seq > 0 AND NOT EXISTS ("
        "     SELECT 1 FROM change_log AS n WHERE n.device = c.device"
        "     AND n.device_seq = c.device_seq + 1)),"
        "  EXISTS (SELECT 1 FROM change_log AS c WHERE c.device = d.n AND c.device_seq = 1)"
        " FROM interned_ids AS d WHERE d.n IN (SELECT DISTINCT device FROM change_log)"
    )
    return {change_log.id_text(raw): int(top) if first else 0 for raw, top, first in rows if top}


# -- what arrives -------------------------------------------------------------------------
def _check(conn: sqlcipher3.Connection, changes: list[SyncChange]) -> list[SyncChange]:
    """The changes not held yet; refuses the whole batch for a reused device sequence or a
    local kind (raised before anything is written)."""
    fresh: dict[str, SyncChange] = {}
    by_slot: dict[tuple[str, int], str] = {}
    for change in changes:
        try:
            shared = kinds.is_shared(change.kind)
        except KeyError:
            shared = False
        if not shared:
            raise LocalKindRefused()
        slot = (change.device_id, change.device_seq)
        if by_slot.setdefault(slot, change.change_id) != change.change_id:
            raise ChangeRefused()
        if change.change_id in fresh:
            continue
        held = conn.execute(
            "SELECT c.change_id FROM change_log AS c JOIN interned_ids AS d ON d.n = c.device"
            " WHERE d.uuid = ? AND c.device_seq = ?",
            (change_log.id_bytes(change.device_id), change.device_seq),
        ).fetchone()
        if held is not None:
            if change_log.id_text(held[0]) != change.change_id:
                raise ChangeRefused()
            continue
        same_id = conn.execute(
            "SELECT 1 FROM change_log WHERE change_id = ?", (change_log.id_bytes(change.change_id),)
        ).fetchone()
        if same_id is not None:  # one change id under two device sequences: refused too
            raise ChangeRefused()
        fresh[change.change_id] = change
    return list(fresh.values())


def _record_changes(
    conn: sqlcipher3.Connection, record_id: str, scope: str | None
) -> tuple[list[SyncChange], dict[str, int]]:
    rows = conn.execute(
        _CHANGE_SQL + " WHERE c.record = ? ORDER BY c.seq", (change_log.id_bytes(record_id),)
    ).fetchall()
    return [_change_of(r, scope) for r in rows], {change_log.id_text(r[1]): int(r[0]) for r in rows}


def apply_remote(
    vault: Vault,
    changes: list[SyncChange],
    *,
    user_id: str | None = None,
    after: Callable[[sqlcipher3.Connection], None] | None = None,
) -> ApplyReport:
    """Merge changes from other laptops, all in one transaction (see the module doc).

    ``after`` writes in that same transaction once the batch is applied: the pull cursor,
    a bundle marked as imported (app/storage/sync_state.py), so neither is ever ahead of
    the data it covers."""
    at = audit.now_iso()
    now_ms = int(time.time() * 1000)
    with vault.transaction() as conn:
        scope = vault.centre_scope(conn)
        fresh = _check(conn, changes)
        skewed = 0
        clock = vault.clock
        for change in fresh:
            received = hlc_rules.receive(clock, change.hlc, now_ms)
            clock = received.clock
            skewed += received.skewed
        touched: dict[str, str] = {}
        for change in sorted(fresh, key=merge_key):
            base = None
            if change.base_id is not None:
                row = conn.execute(
                    "SELECT seq FROM change_log WHERE change_id = ?",
                    (change_log.id_bytes(change.base_id),),
                ).fetchone()
                base = int(row[0]) if row else None
            records.store_remote(conn, change, base)
            touched.setdefault(change.record_id, change.kind)
        fresh_ids = {c.change_id for c in fresh}
        conflicts = 0
        waiting = 0
        new_cases: list[str] = []
        materialised = 0
        for record_id in sorted(touched):
            held, seqs = _record_changes(conn, record_id, scope)
            creations = [c for c in held if c.path == paths.ROOT]
            conflicts += _find_path_conflicts(
                conn, held, [c for c in held if c.change_id in fresh_ids], at
            )
            if len(creations) > 1:
                conflicts += _rule_conflict(
                    conn,
                    RULE_TWO_CREATIONS,
                    creations[0].change_id,
                    creations[1].change_id,
                    record_id,
                    at,
                )
            if not creations:
                waiting += 1
                continue
            kind = creations[0].kind
            fields, deleted = fold(kind, held)
            existed = conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
            if kind == CASE_KIND and not existed and not deleted:
                new_cases.append(record_id)
            records.write_merged(
                conn,
                record_id,
                kind,
                fields,
                deleted=deleted,
                last_change=max(seqs.values()),
                at=at,
            )
            materialised += 1
        if fresh:
            conflicts += _check_rules(conn, at)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
                (MERGED_META,),
            )
        for change in fresh:
            vault.saw_clock(change.hlc)
        if fresh and vault.clock is not None:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (CLOCK_KEY, str(vault.clock)),
            )
        report = ApplyReport(
            received=len(changes),
            applied=len(fresh),
            already_held=len(changes) - len(fresh),
            records=materialised,
            waiting=waiting,
            conflicts=conflicts,
            skewed=skewed,
            new_cases=new_cases,
        )
        if after is not None:
            after(conn)
        audit.append(
            conn,
            user_id=user_id,
            action=AuditAction.SYNC,
            detail=(
                f"received={report.received};applied={report.applied};"
                f"already_held={report.already_held};records={report.records};"
                f"waiting={report.waiting};conflicts={report.conflicts};skewed={report.skewed}"
            ),
        )
        return report


# -- conflicts ----------------------------------------------------------------------------
def _insert_conflict(
    conn: sqlcipher3.Connection,
    *,
    kind: str,
    rule: str,
    a: str,
    b: str,
    record_id: str | None,
    path: str,
    winner_id: str | None,
    at: str,
) -> int:
    first, second = sorted((a, b))
    cursor = conn.execute(
        "INSERT INTO sync_conflicts (kind, rule, a, b, record_id, path, winner, found_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, rule, a, b) DO NOTHING",
        (kind, rule, first, second, record_id, path, winner_id, at),
    )
    return int(cursor.rowcount > 0)


def _find_path_conflicts(
    conn: sqlcipher3.Connection, held: list[SyncChange], new: list[SyncChange], at: str
) -> int:
    """[S4] One row per concurrent pair on overlapping paths involving a new change."""
    ancestry = {c.change_id: c.base_id for c in held}
    found = 0
    for change in new:
        for other in held:
            if other.change_id == change.change_id or not conflicting(change, other, ancestry):
                continue
            first = winner(change, other)
            # A delete concurrent with an edit applies whatever the clocks say (the edit
            # does not bring the record back): it is the value that applies.
            deletes = [c for c in (change, other) if c.path == DELETED_PATH and c.value is True]
            if len(deletes) == 1:
                first = deletes[0]
            path = min((change.path, other.path), key=lambda p: (p != DELETED_PATH, len(p), p))
            found += _insert_conflict(
                conn,
                kind="path",
                rule="",
                a=change.change_id,
                b=other.change_id,
                record_id=change.record_id,
                path=path,
                winner_id=first.change_id,
                at=at,
            )
    return found


def check_local(conn: sqlcipher3.Connection, written: Iterable[tuple[str, bytes]]) -> int:
    """Conflicts between changes just written here and changes from other laptops (a change
    based on one of two concurrent changes is still concurrent with the other): the same
    pairs every other laptop finds when this change reaches it. Nothing to do until the
    vault has merged remote changes."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (MERGED_META,)).fetchone() is None:
        return 0
    by_record: dict[str, set[str]] = {}
    for record_id, raw in written:
        by_record.setdefault(record_id, set()).add(change_log.id_text(raw))
    at = audit.now_iso()
    found = 0
    for record_id, ids in by_record.items():
        held, _ = _record_changes(conn, record_id, None)
        found += _find_path_conflicts(conn, held, [c for c in held if c.change_id in ids], at)
    return found


def _rule_conflict(
    conn: sqlcipher3.Connection, rule: str, a: str, b: str, record_id: str | None, at: str
) -> int:
    return _insert_conflict(
        conn,
        kind="collision" if rule == "case_number" else "rule",
        rule=rule,
        a=a,
        b=b,
        record_id=record_id,
        path="",
        winner_id=None,
        at=at,
    )


def _pairs(ids: list[str]) -> list[tuple[str, str]]:
    ordered = sorted(ids)
    return [(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 :]]


def _check_rules(conn: sqlcipher3.Connection, at: str) -> int:
    """Rules across records, re-checked after a merge: each broken one is a conflict for a
    manager instead of an error."""
    found = 0
    groups: dict[tuple[str, str], list[str]] = {}
    # Two age assessments in progress for one child.
    for record_id, case_id in conn.execute(
        "SELECT id, json_extract(fields, '$.case_id') FROM records WHERE kind = ?"
        " AND deleted = 0 AND NOT coalesce(json_extract(fields, '$.concluded'), 0)",
        (ASSESSMENT_KIND,),
    ):
        groups.setdefault((RULE_TWO_ASSESSMENTS, str(case_id)), []).append(record_id)
    # Two guardian referrals for one child (a guardian referral's id is derived from the
    # child's, so two made apart are usually one record with two creations, see above).
    for record_id, case_id in conn.execute(
        "SELECT record_id, case_id FROM referral_index WHERE type = 'guardian'"
    ):
        groups.setdefault((RULE_TWO_GUARDIAN_REFERRALS, str(case_id)), []).append(record_id)
    # Opposite duplicate decisions for one pair of cases.
    for record_id, case_a, case_b, decision in conn.execute(
        "SELECT id, json_extract(fields, '$.case_a'), json_extract(fields, '$.case_b'),"
        " json_extract(fields, '$.decision') FROM records WHERE kind = ? AND deleted = 0"
        " AND coalesce(json_extract(fields, '$.active'), 1)",
        (LINK_KIND,),
    ):
        pair = "|".join(sorted((str(case_a), str(case_b))))
        groups.setdefault((RULE_OPPOSITE_DECISIONS + ":" + str(decision), pair), []).append(
            record_id
        )
    for (rule, subject), ids in groups.items():
        if rule.startswith(RULE_OPPOSITE_DECISIONS):
            continue
        for a, b in _pairs(ids):
            found += _rule_conflict(conn, rule, a, b, subject, at)
    decisions: dict[str, dict[str, list[str]]] = {}
    for (rule, pair), ids in groups.items():
        if rule.startswith(RULE_OPPOSITE_DECISIONS + ":"):
            decisions.setdefault(pair, {})[rule.split(":", 1)[1]] = ids
    for pair, by_decision in decisions.items():
        if len(by_decision) > 1:
            same = sorted(by_decision.get("same_child", []))
            different = sorted(by_decision.get("different_child", []))
            for a in same:
                for b in different:
                    found += _rule_conflict(conn, RULE_OPPOSITE_DECISIONS, a, b, pair, at)
    # Two cases of a centre with one case number: both stay listed; a collision.
    numbers: dict[tuple[str, str], list[str]] = {}
    for record_id, number, centre in conn.execute(
        "SELECT c.record_id, c.case_number, c.centre_id FROM case_index c JOIN ("
        "  SELECT case_number, centre_id FROM case_index"
        "  GROUP BY case_number, centre_id HAVING count(*) > 1"
        ") d ON d.case_number = c.case_number AND d.centre_id = c.centre_id"
    ):
        numbers.setdefault((number, centre), []).append(record_id)
    for (number, _centre), ids in numbers.items():
        for a, b in _pairs(ids):
            found += _rule_conflict(conn, "case_number", a, b, number, at)
    return found


def record_candidates(
    vault: Vault, pairs: list[tuple[str, str]], *, user_id: str | None = None
) -> int:
    """Record possible duplicates found among cases that arrived by sync (kind
    ``duplicate``, one row per pair of cases); the services find them."""
    at = audit.now_iso()
    with vault.transaction() as conn:
        found = sum(
            _insert_conflict(
                conn,
                kind="duplicate",
                rule="",
                a=a,
                b=b,
                record_id=a,
                path="",
                winner_id=None,
                at=at,
            )
            for a, b in pairs
            if a != b
        )
        if found:
            audit.append(
                conn,
                user_id=user_id,
                action=AuditAction.SYNC,
                detail=f"possible_duplicates={found}",
            )
        return found


_CONFLICT_COLUMNS = (
    "id, kind, rule, a, b, record_id, path, winner, found_at, resolved_at, resolved_by, resolution"
)


def conflicts(vault: Vault, *, open_only: bool = False) -> list[Conflict]:
    rows = vault.query(
        f"SELECT {_CONFLICT_COLUMNS} FROM sync_conflicts"
        + (" WHERE resolved_at IS NULL" if open_only else "")
        + " ORDER BY id"
    )
    return [Conflict(*row) for row in rows]


def conflict(conn: sqlcipher3.Connection, conflict_id: int) -> Conflict | None:
    row = conn.execute(
        f"SELECT {_CONFLICT_COLUMNS} FROM sync_conflicts WHERE id = ?", (conflict_id,)
    ).fetchone()
    return Conflict(*row) if row else None


def change(conn: sqlcipher3.Connection, change_id: str) -> SyncChange | None:
    row = conn.execute(
        _CHANGE_SQL + " WHERE c.change_id = ?", (change_log.id_bytes(change_id),)
    ).fetchone()
    return _change_of(row, None) if row else None


def mark_resolved(
    conn: sqlcipher3.Connection, conflict_id: int, *, resolution: str, user_id: str | None
) -> None:
    conn.execute(
        "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
        (audit.now_iso(), user_id, resolution, conflict_id),
    )


def dumps(value: Any) -> str:
    """A change's value as JSON text (``REMOVED`` as null), for display."""
    return json.dumps(None if value is paths.REMOVED else value, ensure_ascii=False)
