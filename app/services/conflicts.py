"""Sync conflicts for a manager (issue 16, item 1): what two laptops changed apart, who and
when, which value applies; confirm it or reverse it. Also the possible duplicates found
among cases that arrived by sync.

Reversing writes a new local change with the other value, through ``Records.unit`` (the
one write path): it travels to every laptop like any edit and is a later edit there, not a
new conflict. Every resolution is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain import hlc, paths
from app.domain.audit import AuditAction
from app.domain.history_text import field_label, plain_value
from app.domain.roles import Permission
from app.domain.sync import DELETED_PATH, SyncChange
from app.errors import HarbourError
from app.i18n import N_
from app.services import cases
from app.services.session import Session
from app.storage import audit, sync_log
from app.storage.records import Records

KEEP = ("winner", "other")


class ConflictNotFound(HarbourError):
    message = N_("There is no open sync conflict with this number.")


@dataclass(frozen=True)
class Side:
    change_id: str
    value: str  # as people read it
    who: str  # the person's name on this laptop, or "" when not known here
    when: str  # ISO time (UTC) by the clock of the laptop that made it
    device_id: str


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str  # path, rule, collision, duplicate
    rule: str
    record_id: str | None
    field: str  # the path in words ("" for rules, collisions, duplicates)
    winner: Side | None  # path conflicts: the value that applies
    other: Side | None  # path conflicts: the value that does not
    subjects: tuple[str, str]  # the pair: change ids (path) or record ids (others)
    resolved: str | None  # winner, other, or None while open


def _names(session: Session) -> dict[str, str]:
    """Who made each value: this laptop's accounts, then the synced staff directory."""
    from app.services.users import people_names

    return people_names(session.require_vault())


def _when(stamp: int) -> str:
    moment = dt.datetime.fromtimestamp(hlc.wall_ms(stamp) / 1000, dt.UTC)
    return moment.isoformat(timespec="seconds")


def _side(change: SyncChange, names: dict[str, str]) -> Side:
    shown: Any = change.value
    if change.path == DELETED_PATH:
        shown = bool(change.value) if change.value is not paths.REMOVED else False
    return Side(
        change_id=change.change_id,
        value=plain_value(change.path, shown),
        who=names.get(change.user_id or "", ""),
        when=_when(change.hlc),
        device_id=change.device_id,
    )


def list_conflicts(session: Session, *, open_only: bool = True) -> list[ConflictView]:
    """Every sync conflict (open ones by default), oldest first. Managers only."""
    session.require(Permission.RESOLVE_CONFLICTS)
    vault = session.require_vault()
    names = _names(session)
    views = []
    for found in sync_log.conflicts(vault, open_only=open_only):
        winner = other = None
        if found.kind == "path":
            a = sync_log.change(vault.conn, found.a)
            b = sync_log.change(vault.conn, found.b)
            if a is not None and b is not None:
                won, lost = (a, b) if a.change_id == found.winner else (b, a)
                winner, other = _side(won, names), _side(lost, names)
        views.append(
            ConflictView(
                id=found.id,
                kind=found.kind,
                rule=found.rule,
                record_id=found.record_id,
                field=field_label(found.path) if found.kind == "path" else "",
                winner=winner,
                other=other,
                subjects=(found.a, found.b),
                resolved=found.resolution,
            )
        )
    return views


def resolve(session: Session, conflict_id: int, keep: str = "winner") -> None:
    """Confirm the value that applies (``keep="winner"``) or reverse it (``"other"``: the
    other value is written as a new local change). Recorded and audited."""
    session.require(Permission.RESOLVE_CONFLICTS)
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {KEEP}")
    vault = session.require_vault()
    with Records(vault).unit(user_id=session.user.id) as unit:
        conn = unit.connection
        found = sync_log.conflict(conn, conflict_id)
        if found is None or found.resolved_at is not None:
            raise ConflictNotFound()
        if keep == "other" and found.kind == "path":
            losing = found.b if found.winner == found.a else found.a
            change = sync_log.change(conn, losing)
            if change is not None:
                _write_value(unit, change)
        sync_log.mark_resolved(conn, conflict_id, resolution=keep, user_id=session.user.id)
        audit.append(
            conn,
            user_id=session.user.id,
            action=AuditAction.SYNC,
            record_id=found.record_id,
            detail=f"conflict {conflict_id} {found.kind}: kept {keep}",
        )


def _write_value(unit: Any, change: SyncChange) -> None:
    """Write ``change``'s value again as a new local change."""
    current = unit.get(change.record_id)
    if current is None:
        return
    if change.path == DELETED_PATH:
        if change.value is not paths.REMOVED and bool(change.value):
            if not current.deleted:
                unit.delete(change.record_id)
        else:
            unit.restore(change.record_id)
        return
    if current.deleted:  # the edit that lost to a delete: the record comes back with it
        unit.restore(change.record_id)
    after = paths.apply(current.kind, current.fields, change.path, change.value)
    field = change.path.split(".", 1)[0]
    unit.update(change.record_id, {field: after.get(field, paths.REMOVED)})


def possible_duplicates_after_arrival(session: Session, arrived: list[str]) -> int:
    """Duplicate detection for cases that arrived by sync or bundle, from the cheaper side:
    few arrivals (an everyday sync) are each looked up against every case held; many
    (a laptop that registered a few children before its first pull of the centre's
    thousands) are found from the cases held before, each looked up once, keeping the
    arrivals among its candidates. The pairs are the same ones an arrival-by-arrival
    pass finds between an arrival and a case held before; pairs of two arrivals are left
    to the laptops where one of them was held when the other came (every laptop runs
    this). Returns how many pairs are new."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    store = Records(vault)
    came = set(arrived)
    total = store.count("case")
    if len(came) <= total - len(came):
        return possible_duplicates_from_sync(session, arrived)
    pairs: list[tuple[str, str]] = []
    for record in store.of_kind("case", limit=total + 1):
        if record.id in came:
            continue
        draft = cases._draft_of(record)
        for candidate in cases.find_duplicates(session, draft, exclude_id=record.id):
            if candidate.row.id in came:
                pairs.append((candidate.row.id, record.id))
    return sync_log.record_candidates(vault, pairs, user_id=session.user.id)


def possible_duplicates_from_sync(session: Session, case_ids: list[str]) -> int:
    """Run duplicate detection for cases that arrived by sync (``ApplyReport.new_cases``)
    and record the candidates as conflicts of kind ``duplicate`` for a manager. Returns
    how many pairs are new."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    pairs: list[tuple[str, str]] = []
    for case_id in case_ids:
        record = Records(vault).get(case_id)
        if record is None or record.deleted:
            continue
        draft = cases._draft_of(record)
        for candidate in cases.find_duplicates(session, draft, exclude_id=case_id):
            pairs.append((case_id, candidate.row.id))
    return sync_log.record_candidates(vault, pairs, user_id=session.user.id)
