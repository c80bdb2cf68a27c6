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
from app.domain.sync import DELETED_PATH, SyncChange, conflicting_pairs, fold, merge_key, winner
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
    " coalesce(c.base_id, b.change_id), c.hlc, d.uuid, c.device_seq, u.uuid, s.uuid, c.model,"
    " c.supersedes"
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
        supersedes=change_log.blob_ids(row[13]),
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


def outgoing_count(vault: Vault, vector: dict[str, int] | None) -> int:
    """``len(outgoing(vault, vector, None))`` counted in SQL, without reading the changes
    (the status's pending count and a push's progress total)."""
    vector = vector or {}
    devices = vault.query(
        "SELECT d.n, d.uuid FROM interned_ids AS d"
        " WHERE d.n IN (SELECT DISTINCT device FROM change_log) ORDER BY d.uuid"
    )
    total = 0
    for n, raw in devices:
        rows = vault.query(
            "SELECT count(*) FROM change_log AS c WHERE c.device = ? AND c.device_seq > ?"
            f" AND c.kind IN ({_shared_kinds_sql()})",
            (n, vector.get(change_log.id_text(raw), 0)),
        )
        total += int(rows[0][0])
    return total


def shared_count(vault: Vault, device_ids: list[str]) -> int:
    """How many changes of shared kinds these devices made that are held here."""
    total = 0
    for device_id in device_ids:
        rows = vault.query(
            "SELECT count(*) FROM change_log AS c JOIN interned_ids AS d ON d.n = c.device"
            f" WHERE d.uuid = ? AND c.kind IN ({_shared_kinds_sql()})",
            (change_log.id_bytes(device_id),),
        )
        total += int(rows[0][0])
    return total


def version_vector(vault: Vault) -> dict[str, int]:
    """Per device, the highest sequence n such that its shared changes 1..n are all held.

    A device whose positive sequences are 1..max without a hole (count = max, min = 1:
    the (device, device_seq) pair is unique) is answered from the index's count and
    ends; only a device with a hole is searched row by row for the first one (every sync
    asks, three times: at 20,000 changes the search took ~18 ms a device)."""
    whole: dict[str, int] = {}
    holed: list[int] = []
    for n, raw, count, low, high in vault.query(
        "SELECT c.device, d.uuid, count(*), min(c.device_seq), max(c.device_seq)"
        " FROM change_log AS c JOIN interned_ids AS d ON d.n = c.device"
        " WHERE c.device_seq > 0 GROUP BY c.device"
    ):
        if low == 1 and count == high:
            whole[change_log.id_text(raw)] = int(high)
        else:
            holed.append(int(n))
    if not holed:
        return whole
    rows = vault.query(
        "SELECT d.uuid, (SELECT min(c.device_seq) FROM change_log AS c"
        "   WHERE c.device = d.n AND c.device_seq > 0 AND NOT EXISTS ("
        "     SELECT 1 FROM change_log AS n WHERE n.device = c.device"
        "     AND n.device_seq = c.device_seq + 1)),"
        "  EXISTS (SELECT 1 FROM change_log AS c WHERE c.device = d.n AND c.device_seq = 1)"
        f" FROM interned_ids AS d WHERE d.n IN ({_marks(len(holed))})",
        holed,
    )
    whole.update(
        {change_log.id_text(raw): int(top) if first else 0 for raw, top, first in rows if top}
    )
    return whole


# -- what arrives -------------------------------------------------------------------------
_CHUNK = 500  # ids per IN (...) list


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _check(conn: sqlcipher3.Connection, changes: list[SyncChange]) -> list[SyncChange]:
    """The changes not held yet; refuses the whole batch for a reused device sequence or a
    local kind (raised before anything is written). One query per device and per chunk
    of change ids, not per change."""
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
        fresh.setdefault(change.change_id, change)
    if len(set(by_slot.values())) != len(by_slot):  # one change id under two sequences
        raise ChangeRefused()
    # The (device, sequence) slots of the batch already held here.
    held_slots: dict[tuple[str, int], str] = {}
    by_device: dict[str, list[int]] = {}
    for device_id, seq in by_slot:
        by_device.setdefault(device_id, []).append(seq)
    for device_id, seqs in by_device.items():
        row = conn.execute(
            "SELECT n FROM interned_ids WHERE uuid = ?", (change_log.id_bytes(device_id),)
        ).fetchone()
        if row is None:
            continue
        for part in _chunks(sorted(seqs)):
            for seq, raw in conn.execute(
                "SELECT device_seq, change_id FROM change_log WHERE device = ?"
                f" AND device_seq IN ({_marks(len(part))})",
                (row[0], *part),
            ):
                held_slots[(device_id, int(seq))] = change_log.id_text(raw)
    for slot, change_id in by_slot.items():
        if held_slots.get(slot, change_id) != change_id:
            raise ChangeRefused()
    held_ids: set[str] = set()
    for part in _chunks(list(fresh)):
        held_ids.update(
            change_log.id_text(r[0])
            for r in conn.execute(
                f"SELECT change_id FROM change_log WHERE change_id IN ({_marks(len(part))})",
                [change_log.id_bytes(i) for i in part],
            )
        )
    held_in_slot = set(held_slots.values())
    for change_id in held_ids - held_in_slot:  # held under another device sequence
        if change_id in fresh:
            raise ChangeRefused()
    return [c for i, c in fresh.items() if i not in held_ids]


def held_as(vault: Vault, slots: list[tuple[str, str, int]]) -> set[str]:
    """Of ``(change_id, device_id, device_seq)``, the change ids held here under that very
    device and sequence (a laptop pulling back its own pushed changes skips checking and
    opening them again: applying them would change nothing). One query per chunk."""
    wanted = {change_id: (device_id, seq) for change_id, device_id, seq in slots}
    found: set[str] = set()
    for part in _chunks(list(wanted)):
        for raw, device, seq in vault.query(
            "SELECT c.change_id, d.uuid, c.device_seq FROM change_log AS c"
            " JOIN interned_ids AS d ON d.n = c.device"
            f" WHERE c.change_id IN ({_marks(len(part))})",
            [change_log.id_bytes(i) for i in part],
        ):
            change_id = change_log.id_text(raw)
            if wanted[change_id] == (change_log.id_text(device), int(seq)):
                found.add(change_id)
    return found


def record_changes(
    conn: sqlcipher3.Connection, record_id: str, scope: str | None = None
) -> tuple[list[SyncChange], dict[str, int]]:
    """Every change held of one record, and each one's local seq by change id."""
    rows = conn.execute(
        _CHANGE_SQL + " WHERE c.record = ? ORDER BY c.seq", (change_log.id_bytes(record_id),)
    ).fetchall()
    return [_change_of(r, scope) for r in rows], {change_log.id_text(r[1]): int(r[0]) for r in rows}


def _many_record_changes(
    conn: sqlcipher3.Connection, record_ids: list[str], scope: str | None
) -> dict[str, list[tuple[int, SyncChange]]]:
    found: dict[str, list[tuple[int, SyncChange]]] = {r: [] for r in record_ids}
    for part in _chunks(record_ids):
        for row in conn.execute(
            _CHANGE_SQL + f" WHERE c.record IN ({_marks(len(part))}) ORDER BY c.seq",
            [change_log.id_bytes(r) for r in part],
        ):
            change = _change_of(row, scope)
            found[change.record_id].append((int(row[0]), change))
    return found


def _seqs_of(conn: sqlcipher3.Connection, change_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in _chunks(change_ids):
        for raw, seq in conn.execute(
            f"SELECT change_id, seq FROM change_log WHERE change_id IN ({_marks(len(part))})",
            [change_log.id_bytes(i) for i in part],
        ):
            found[change_log.id_text(raw)] = int(seq)
    return found


def _with_changes(conn: sqlcipher3.Connection, record_ids: list[str]) -> set[str]:
    """The records of which some change is held (before this batch is stored)."""
    found: set[str] = set()
    for part in _chunks(record_ids):
        found.update(
            change_log.id_text(r[0])
            for r in conn.execute(
                f"SELECT DISTINCT record FROM change_log WHERE record IN ({_marks(len(part))})",
                [change_log.id_bytes(r) for r in part],
            )
        )
    return found


def _existing(conn: sqlcipher3.Connection, record_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(record_ids):
        found.update(
            r[0]
            for r in conn.execute(f"SELECT id FROM records WHERE id IN ({_marks(len(part))})", part)
        )
    return found


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
    the data it covers.

    The common case is cheap: a record whose only change held is the creation that just
    arrived is written as that creation (no fold, no conflict search); the lookups of a
    batch (held ids, device slots, bases, records) are one query per chunk; index rows
    are written in bulk; rules across records are re-checked for the records touched."""
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
        by_record: dict[str, list[SyncChange]] = {}
        for change in fresh:
            by_record.setdefault(change.record_id, []).append(change)
        record_ids = sorted(by_record)
        had_changes = _with_changes(conn, record_ids)
        existing = _existing(conn, record_ids)
        seqs = _seqs_of(conn, sorted({c.base_id for c in fresh if c.base_id is not None}))
        interned: dict[str | None, int | None] = {}

        def intern(text: str | None) -> int | None:
            if text not in interned:
                interned[text] = change_log.intern(conn, text)
            return interned[text]

        stored = records.store_remote_many(conn, sorted(fresh, key=merge_key), seqs, intern)
        conflicts = 0
        waiting = 0
        new_cases: list[str] = []
        merged: list[records.Merged] = []
        # Records whose only change is the creation that just arrived: the creation is
        # the record (no fold, nothing to be in conflict with).
        slow: list[str] = []
        for record_id in record_ids:
            arrived = by_record[record_id]
            if record_id in had_changes or len(arrived) != 1 or arrived[0].path != paths.ROOT:
                slow.append(record_id)
                continue
            creation = arrived[0]
            fields = paths.apply(creation.kind, {}, paths.ROOT, creation.value)
            merged.append(
                records.Merged(
                    record_id,
                    creation.kind,
                    fields,
                    False,
                    stored[creation.change_id],
                    record_id in existing,
                )
            )
            if creation.kind == CASE_KIND and record_id not in existing:
                new_cases.append(record_id)
        held_by_record = _many_record_changes(conn, slow, scope)
        found: list[tuple[str, str, str, str, str]] = []
        for record_id in slow:
            held_rows = held_by_record[record_id]
            held = [c for _, c in held_rows]
            found.extend(_path_conflicts(held))
            creations = [c for c in held if c.path == paths.ROOT]
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
            if kind == CASE_KIND and record_id not in existing and not deleted:
                new_cases.append(record_id)
            merged.append(
                records.Merged(
                    record_id,
                    kind,
                    fields,
                    deleted,
                    max(seq for seq, _ in held_rows),
                    record_id in existing,
                )
            )
        conflicts += _insert_path_conflicts(conn, found, at)
        records.write_merged_many(conn, merged, at=at)
        if fresh:
            first_merge = (
                conn.execute("SELECT 1 FROM meta WHERE key = ?", (MERGED_META,)).fetchone() is None
            )
            conflicts += _check_rules(
                conn, at, None if first_merge else {m.record_id: m.kind for m in merged}
            )
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
            records=len(merged),
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


def _path_conflicts(held: list[SyncChange]) -> list[tuple[str, str, str, str, str]]:
    """[S4] Every decided conflict among a record's changes, as (a, b, record, path,
    winner): a function of the changes held, the same on every laptop."""
    found = []
    for change, other in conflicting_pairs(held):
        first = winner(change, other)
        # A delete concurrent with an edit applies whatever the clocks say (the edit
        # does not bring the record back): it is the value that applies.
        deletes = [c for c in (change, other) if c.path == DELETED_PATH and c.value is True]
        if len(deletes) == 1:
            first = deletes[0]
        path = min((change.path, other.path), key=lambda p: (p != DELETED_PATH, len(p), p))
        a, b = sorted((change.change_id, other.change_id))
        found.append((a, b, change.record_id, path, first.change_id))
    return found


def _insert_path_conflicts(
    conn: sqlcipher3.Connection, found: list[tuple[str, str, str, str, str]], at: str
) -> int:
    if not found:
        return 0
    before = conn.total_changes
    conn.executemany(
        "INSERT INTO sync_conflicts (kind, rule, a, b, record_id, path, winner, found_at)"
        " VALUES ('path', '', ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, rule, a, b) DO NOTHING",
        [(*row, at) for row in found],
    )
    return int(conn.total_changes - before)


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


def list_number_collision(conn: sqlcipher3.Connection, a: str, b: str, number: str, at: str) -> int:
    """A case-number collision that a local write made (case_index), listed as a merge
    lists one (_check_rules): once per pair."""
    return _rule_conflict(conn, "case_number", a, b, number, at)


def _pairs(ids: list[str]) -> list[tuple[str, str]]:
    ordered = sorted(ids)
    return [(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 :]]


def _ids_in(conn: sqlcipher3.Connection, sql: str, ids: list[str]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (holding one ``{}`` for the marks) for ids in chunks."""
    rows: list[tuple[Any, ...]] = []
    for part in _chunks(ids):
        rows.extend(conn.execute(sql.format(_marks(len(part))), part).fetchall())
    return rows


def _check_rules(conn: sqlcipher3.Connection, at: str, touched: dict[str, str] | None) -> int:
    """Rules across records, re-checked after a merge: each broken one is a conflict for a
    manager instead of an error. ``touched`` (record id -> kind): only the groups of the
    records a batch wrote are looked at (None: all of them, at a vault's first merge)."""

    def of_kind(kind: str) -> list[str] | None:
        if touched is None:
            return None
        return sorted(r for r, k in touched.items() if k == kind)

    found = 0
    # Two age assessments in progress for one child.
    assessments = of_kind(ASSESSMENT_KIND)
    in_progress = (
        "SELECT id, json_extract(fields, '$.case_id') FROM records WHERE kind = ?"
        " AND deleted = 0 AND NOT coalesce(json_extract(fields, '$.concluded'), 0)"
    )
    if assessments is None:
        rows = conn.execute(in_progress, (ASSESSMENT_KIND,)).fetchall()
    else:
        children = sorted(
            {
                str(r[0])
                for r in _ids_in(
                    conn,
                    "SELECT json_extract(fields, '$.case_id') FROM records WHERE id IN ({})",
                    assessments,
                )
            }
        )
        rows = []
        for part in _chunks(children):
            rows.extend(
                conn.execute(
                    in_progress
                    + f" AND json_extract(fields, '$.case_id') IN ({_marks(len(part))})",
                    (ASSESSMENT_KIND, *part),
                ).fetchall()
            )
    groups: dict[tuple[str, str], list[str]] = {}
    for record_id, case_id in rows:
        groups.setdefault((RULE_TWO_ASSESSMENTS, str(case_id)), []).append(record_id)
    # Two guardian referrals for one child (a guardian referral's id is derived from the
    # child's, so two made apart are usually one record with two creations, see above).
    referrals = of_kind(REFERRAL_KIND)
    guardian = "SELECT record_id, case_id FROM referral_index WHERE type = 'guardian'"
    if referrals is None:
        rows = conn.execute(guardian).fetchall()
    else:
        children = sorted(
            {
                str(r[0])
                for r in _ids_in(
                    conn,
                    "SELECT json_extract(fields, '$.case_id') FROM records WHERE id IN ({})",
                    referrals,
                )
            }
        )
        rows = _ids_in(conn, guardian + " AND case_id IN ({})", children)
    for record_id, case_id in rows:
        groups.setdefault((RULE_TWO_GUARDIAN_REFERRALS, str(case_id)), []).append(record_id)
    for (rule, subject), ids in groups.items():
        for a, b in _pairs(ids):
            found += _rule_conflict(conn, rule, a, b, subject, at)
    # Opposite duplicate decisions for one pair of cases.
    links = of_kind(LINK_KIND)
    if links is None or links:
        found += _opposite_decisions(conn, at, links)
    # Two cases of a centre with one case number: both stay listed; a collision.
    cases_touched = of_kind(CASE_KIND)
    numbers_sql = "SELECT c.record_id, c.case_number, c.centre_id FROM case_index c"
    if cases_touched is None:
        rows = conn.execute(
            numbers_sql + " JOIN (SELECT case_number, centre_id FROM case_index"
            "  GROUP BY case_number, centre_id HAVING count(*) > 1"
            ") d ON d.case_number = c.case_number AND d.centre_id = c.centre_id"
        ).fetchall()
    else:
        wanted = sorted(
            {
                r[0]
                for r in _ids_in(
                    conn,
                    "SELECT case_number FROM case_index WHERE record_id IN ({})",
                    cases_touched,
                )
            }
        )
        rows = _ids_in(conn, numbers_sql + " WHERE c.case_number IN ({})", wanted)
    numbers: dict[tuple[str, str], list[str]] = {}
    for record_id, number, centre in rows:
        numbers.setdefault((number, centre), []).append(record_id)
    for (number, _centre), ids in numbers.items():
        for a, b in _pairs(ids):
            found += _rule_conflict(conn, "case_number", a, b, number, at)
    return found


def _opposite_decisions(conn: sqlcipher3.Connection, at: str, links: list[str] | None) -> int:
    """Opposite duplicate decisions for one pair of cases (only the pairs of ``links``
    when given)."""
    rows = conn.execute(
        "SELECT id, json_extract(fields, '$.case_a'), json_extract(fields, '$.case_b'),"
        " json_extract(fields, '$.decision') FROM records WHERE kind = ? AND deleted = 0"
        " AND coalesce(json_extract(fields, '$.active'), 1)",
        (LINK_KIND,),
    ).fetchall()
    wanted = None if links is None else set(links)
    decisions: dict[str, dict[str, list[str]]] = {}
    pair_of: dict[str, str] = {}
    for record_id, case_a, case_b, decision in rows:
        pair = "|".join(sorted((str(case_a), str(case_b))))
        pair_of[record_id] = pair
        decisions.setdefault(pair, {}).setdefault(str(decision), []).append(record_id)
    pairs = None if wanted is None else {pair_of[r] for r in wanted if r in pair_of}
    found = 0
    for pair, by_decision in decisions.items():
        if pairs is not None and pair not in pairs:
            continue
        for a in sorted(by_decision.get("same_child", [])):
            for b in sorted(by_decision.get("different_child", [])):
                found += _rule_conflict(conn, RULE_OPPOSITE_DECISIONS, a, b, pair, at)
    return found


def _standing(conn: sqlcipher3.Connection, found: Conflict) -> bool:
    """Whether a rule or collision conflict still stands: every laptop lists the same
    ones (a collision that a delete or a new number removed is no longer listed)."""
    if found.kind == "collision":
        rows = conn.execute(
            "SELECT case_number, centre_id FROM case_index WHERE record_id IN (?, ?)",
            (found.a, found.b),
        ).fetchall()
        return len(rows) == 2 and rows[0] == rows[1]
    if found.kind != "rule" or found.rule == RULE_TWO_CREATIONS:
        return True
    if found.rule == RULE_TWO_GUARDIAN_REFERRALS:
        rows = conn.execute(
            "SELECT case_id FROM referral_index WHERE type = 'guardian' AND record_id IN (?, ?)",
            (found.a, found.b),
        ).fetchall()
        return len(rows) == 2 and rows[0] == rows[1]
    if found.rule == RULE_TWO_ASSESSMENTS:
        rows = conn.execute(
            "SELECT json_extract(fields, '$.case_id') FROM records WHERE id IN (?, ?)"
            " AND deleted = 0 AND NOT coalesce(json_extract(fields, '$.concluded'), 0)",
            (found.a, found.b),
        ).fetchall()
        return len(rows) == 2 and rows[0] == rows[1]
    if found.rule == RULE_OPPOSITE_DECISIONS:
        rows = conn.execute(
            "SELECT json_extract(fields, '$.case_a'), json_extract(fields, '$.case_b'),"
            " json_extract(fields, '$.decision') FROM records WHERE id IN (?, ?)"
            " AND deleted = 0 AND coalesce(json_extract(fields, '$.active'), 1)",
            (found.a, found.b),
        ).fetchall()
        return (
            len(rows) == 2
            and sorted(map(str, rows[0][:2])) == sorted(map(str, rows[1][:2]))
            and rows[0][2] != rows[1][2]
        )
    return True


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
    """The conflicts for a manager, oldest first: path conflicts (a function of the
    changes held), possible duplicates, and the rule and collision conflicts that still
    stand (``_standing``), so every laptop holding the same changes lists the same."""
    rows = vault.query(
        f"SELECT {_CONFLICT_COLUMNS} FROM sync_conflicts"
        + (" WHERE resolved_at IS NULL" if open_only else "")
        + " ORDER BY id"
    )
    found = [Conflict(*row) for row in rows]
    return [c for c in found if c.kind in ("path", "duplicate") or _standing(vault.conn, c)]


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
