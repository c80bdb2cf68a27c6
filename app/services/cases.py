"""Registering, reading, listing and searching children's cases; duplicates; drafts.

Every function checks the caller's permission first: an interpreter is refused here,
in the service, whatever the UI shows. Every view and change is audited.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from app.domain import case as case_rules
from app.domain.audit import AuditAction
from app.domain.case import CaseDraft, Problem
from app.domain.duplicates import Profile, blocking_keys, is_candidate, score
from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, _
from app.services.session import Session
from app.storage import audit
from app.storage.case_index import (
    CASE_KIND,
    fold,
    profile_from_json,
    profile_of,
)
from app.storage.records import Change, Record, Records

DRAFT_KIND = "intake_draft"
CASE_NUMBER_LIKE = re.compile(r"^[A-Za-z]{1,6}-\d{2,4}(-\d*)?$")
LINK_KIND = "case_link"


class CaseInvalid(HarbourError):
    """The case breaks rules; ``problems`` say which field and why."""

    message = N_("Some fields need attention before the case can be saved.")

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def messages(self) -> dict[str, str]:
        """Field path -> translated message, for showing beside each field."""
        return {p.field: _(p.message).format(**p.params) for p in self.problems}


@dataclass(frozen=True)
class CaseRow:
    id: str
    case_number: str
    display_name: str
    display_latin: str
    birth_year: int | None
    sex: str | None
    nationalities: tuple[str, ...]
    accompaniment: str
    status: str
    age_status: str
    urgent: bool
    registered_at: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    draft: CaseDraft
    urgent: list[tuple[str, str]]  # (concern, suggested referral)
    links: list[dict[str, Any]]


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: str | None = None
    accompaniment: str | None = None
    age_status: str | None = None
    urgent_only: bool = False
    centre_id: str | None = None
    sort: str = "registered"  # "registered", "name", "case_number"
    descending: bool = True


@dataclass(frozen=True)
class DuplicateCandidate:
    row: CaseRow
    score: float
    reasons: list[str]  # translated


_ROW_COLUMNS = (
    "record_id, case_number, display_name, display_latin, birth_year, sex, nationalities,"
    " accompaniment, status, age_status, urgent, registered_at"
)


def _row(values: tuple[Any, ...]) -> CaseRow:
    return CaseRow(
        id=values[0],
        case_number=values[1],
        display_name=values[2],
        display_latin=values[3],
        birth_year=values[4],
        sex=values[5],
        nationalities=tuple(n for n in values[6].split(",") if n),
        accompaniment=values[7],
        status=values[8],
        age_status=values[9],
        urgent=bool(values[10]),
        registered_at=values[11],
    )


def _today() -> dt.date:
    return dt.date.today()


def _centre(session: Session) -> tuple[str, str]:
    centres = Records(session.vault).list("centre", limit=1)
    if not centres:
        raise InvalidInput(reason=_("This vault has no centre."))
    return centres[0].id, centres[0].fields.get("code", "HC")


def _next_case_number(session: Session, centre_id: str, code: str, year: int) -> str:
    """[R4] centre code, year, sequence — allocated inside a transaction, never reused."""
    with session.vault.transaction() as conn:
        row = conn.execute(
            "SELECT last FROM case_sequences WHERE centre_id = ? AND year = ?", (centre_id, year)
        ).fetchone()
        last = (row[0] if row else 0) + 1
        conn.execute(
            "INSERT OR REPLACE INTO case_sequences (centre_id, year, last) VALUES (?, ?, ?)",
            (centre_id, year, last),
        )
    return case_rules.case_number(code, year, last)


def propose_latin(name: str) -> str:
    """[R2] A Latin spelling to propose beside a name typed in its own script."""
    from app.domain.names import propose_latin as propose

    return propose(name)


def check_case(draft: CaseDraft, *, today: dt.date | None = None) -> list[Problem]:
    """Validation without saving, for forms that check as the user types."""
    return case_rules.validate_case(draft, today=today or _today())


def register_case(
    session: Session,
    draft: CaseDraft,
    *,
    today: dt.date | None = None,
    draft_id: str | None = None,
) -> CaseRow:
    """Validate and save a new case; the intake draft it came from is discarded."""
    session.require(Permission.WRITE_CASE)
    today = today or _today()
    problems = case_rules.validate_case(draft, today=today)
    if problems:
        raise CaseInvalid(problems)
    centre_id, code = _centre(session)
    fields = case_fields(draft)
    fields.update(
        {
            "case_number": _next_case_number(session, centre_id, code, today.year),
            "centre_id": centre_id,
            "status": "open",
            "registered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "registered_by": session.user.id,
        }
    )
    case_id = Records(session.vault).insert(CASE_KIND, fields, user_id=session.user.id)
    if draft_id:
        discard_draft(session, draft_id)
    return get_row(session, case_id)


def import_cases(
    session: Session, drafts: list[CaseDraft], *, today: dt.date | None = None
) -> list[str]:
    """Register many cases in one transaction: all of them, or none if any is invalid.

    Returns the new case ids. Raises ``CaseInvalid`` for the first bad draft, with its
    index in ``problems`` field paths prefixed ``"<index>."``.
    """
    session.require(Permission.WRITE_CASE)
    today = today or _today()
    for index, draft in enumerate(drafts):
        problems = case_rules.validate_case(draft, today=today)
        if problems:
            raise CaseInvalid(
                [p.model_copy(update={"field": f"{index}.{p.field}"}) for p in problems]
            )
    centre_id, code = _centre(session)
    with session.vault.transaction() as conn:
        row = conn.execute(
            "SELECT last FROM case_sequences WHERE centre_id = ? AND year = ?",
            (centre_id, today.year),
        ).fetchone()
        first = (row[0] if row else 0) + 1
        conn.execute(
            "INSERT OR REPLACE INTO case_sequences (centre_id, year, last) VALUES (?, ?, ?)",
            (centre_id, today.year, first + len(drafts) - 1),
        )
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    many = []
    for offset, draft in enumerate(drafts):
        fields = case_fields(draft)
        fields.update(
            {
                "case_number": case_rules.case_number(code, today.year, first + offset),
                "centre_id": centre_id,
                "status": "open",
                "registered_at": now,
                "registered_by": session.user.id,
            }
        )
        many.append(fields)
    return Records(session.vault).insert_many(CASE_KIND, many, user_id=session.user.id)


def case_fields(draft: CaseDraft) -> dict[str, Any]:
    """Top-level sections become fields: the unit of change history and of sync merge."""
    return json.loads(draft.model_dump_json())


def update_case(
    session: Session, case_id: str, draft: CaseDraft, *, today: dt.date | None = None
) -> dict[str, Any]:
    session.require(Permission.WRITE_CASE)
    problems = case_rules.validate_case(draft, today=today or _today())
    if problems:
        raise CaseInvalid(problems)
    _require_case(session, case_id)
    return Records(session.vault).update(case_id, case_fields(draft), user_id=session.user.id)


def _require_case(session: Session, case_id: str) -> Record:
    record = Records(session.vault).get(case_id)
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    return record


def get_row(session: Session, case_id: str) -> CaseRow:
    session.require(Permission.READ_CASE)
    rows = session.vault.query(
        f"SELECT {_ROW_COLUMNS} FROM case_index WHERE record_id = ?", (case_id,)
    )
    if not rows:
        raise InvalidInput(reason=_("There is no such case."))
    return _row(rows[0])


def open_case(session: Session, case_id: str) -> CaseDetail:
    """Read a whole case; the view is audited."""
    session.require(Permission.READ_CASE)
    record = _require_case(session, case_id)
    draft = CaseDraft.model_validate(
        {k: v for k, v in record.fields.items() if k in CaseDraft.model_fields}
    )
    audit.record(session.vault, user_id=session.user.id, action=AuditAction.VIEW, record_id=case_id)
    # Only this case's links, however many decisions the vault holds (listing the first
    # 10,000 links and filtering them here lost every link after those).
    records = Records(session.vault)
    found = {
        r.id: r
        for side in ("case_a", "case_b")
        for r in records.find_by_field(LINK_KIND, side, case_id)
    }
    links = [
        {"id": r.id, **r.fields} for r in sorted(found.values(), key=lambda r: (r.created_at, r.id))
    ]
    urgent = [(c.value, ref) for c, ref in case_rules.urgent_flags(draft)]
    return CaseDetail(row=get_row(session, case_id), draft=draft, urgent=urgent, links=links)


def read_case(session: Session, case_id: str) -> Record | None:
    """The raw record of a case (audited), or None."""
    session.require(Permission.READ_CASE)
    record = Records(session.vault).get(case_id)
    if record is None or record.kind != CASE_KIND:
        return None
    audit.record(session.vault, user_id=session.user.id, action=AuditAction.VIEW, record_id=case_id)
    return record


def case_history(session: Session, case_id: str) -> list[Change]:
    """Every change to a case, oldest first (reading it is audited like a view)."""
    session.require(Permission.READ_CASE)
    audit.record(
        session.vault,
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail="history",
    )
    return Records(session.vault).history(case_id)


def count_cases(session: Session, query: CaseQuery | None = None) -> int:
    session.require(Permission.READ_CASE)
    where, params = _where(session, query or CaseQuery())
    return session.vault.query(f"SELECT count(*) FROM case_index {where}", params)[0][0]


def query_cases(
    session: Session, query: CaseQuery | None = None, *, offset: int = 0, limit: int = 100
) -> list[CaseRow]:
    """One page of the case list. The list view fetches pages as it scrolls."""
    session.require(Permission.READ_CASE)
    query = query or CaseQuery()
    where, params = _where(session, query)
    column = {"name": "sort_name", "case_number": "case_number"}.get(query.sort, "registered_at")
    direction = "DESC" if query.descending else "ASC"
    rows = session.vault.query(
        f"SELECT {_ROW_COLUMNS} FROM case_index {where}"
        f" ORDER BY {column} {direction}, record_id {direction} LIMIT ? OFFSET ?",
        (*params, int(limit), int(offset)),
    )
    return [_row(r) for r in rows]


def _where(session: Session, query: CaseQuery) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("status", query.status),
        ("accompaniment", query.accompaniment),
        ("age_status", query.age_status),
        ("centre_id", query.centre_id),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.urgent_only:
        clauses.append("urgent = 1")
    text = query.text.strip()
    if text and CASE_NUMBER_LIKE.match(text):
        # Looks like a case number ("NRC-2026-0043", "NRC-2026"): search numbers only, so
        # the centre code is not also read as a name ("NRC" ~ Nur).
        escaped = text.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("case_number LIKE ? ESCAPE '\\'")
        params.append(f"{escaped}%")
    elif text:
        search_sql, search_params = _search_sql(text)
        clauses.append(f"(record_id IN ({search_sql}) OR case_number LIKE ? ESCAPE '\\')")
        escaped = text.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([*search_params, f"%{escaped}%"])
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(params)


def _search_sql(text: str) -> tuple[str, list[Any]]:
    """Cases whose every query word starts a name token or shares its skeleton.

    One subquery per word, intersected inside SQLite. Capping each word's matches
    before intersecting (as this once did) lost children: with more than the cap of
    cases named Mohammed, "Mohammed Rahimi" found nobody registered after them.
    """
    from app.domain.names import tokens

    selects: list[str] = []
    params: list[Any] = []
    for word in text.split():
        folded = fold(word)
        conditions = ["(term >= ? AND term < ?)"]
        word_params: list[Any] = [folded, folded + "\U0010ffff"]
        marks = [
            "~" + s for token in tokens(word) if len(token.latin) >= 3 for s in token.all_skeletons
        ]
        if marks:
            conditions.append(f"term IN ({','.join('?' * len(marks))})")
            word_params.extend(marks)
        selects.append(f"SELECT record_id FROM name_terms WHERE {' OR '.join(conditions)}")
        params.extend(word_params)
    if not selects:
        return "SELECT NULL WHERE 0", []
    return " INTERSECT ".join(selects), params


def find_duplicates(
    session: Session,
    candidate: CaseDraft | Profile,
    *,
    exclude_id: str | None = None,
    limit: int = 10,
    today: dt.date | None = None,
) -> list[DuplicateCandidate]:
    """[R5] Children already registered who may be this one, best first, with reasons."""
    session.require(Permission.READ_CASE)
    profile = (
        candidate if isinstance(candidate, Profile) else profile_of(candidate, today or _today())
    )
    keys = sorted(blocking_keys(profile))
    if not keys:
        return []
    placeholders = ",".join("?" * len(keys))
    rows = session.vault.query(
        f"SELECT c.{_ROW_COLUMNS.replace(', ', ', c.')}, c.profile FROM case_index c JOIN ("
        # Whole-skeleton keys weigh double the three-letter prefix keys; only the best
        # 250 go on to full scoring, which is what keeps this fast on 100k cases.
        f"  SELECT record_id, sum(CASE WHEN key LIKE 's:%' THEN 2 ELSE 1 END) AS hits"
        f"  FROM name_keys WHERE key IN ({placeholders})"
        "   GROUP BY record_id ORDER BY hits DESC LIMIT 250"
        ") k ON k.record_id = c.record_id",
        tuple(keys),
    )
    found: list[DuplicateCandidate] = []
    for values in rows:
        if values[0] == exclude_id:
            continue
        result = score(profile, profile_from_json(values[-1]))
        if is_candidate(result):
            reasons = [_(r.template).format(**r.params) for r in result.reasons]
            found.append(DuplicateCandidate(_row(values[:-1]), result.score, reasons))
    found.sort(key=lambda d: d.score, reverse=True)
    return found[:limit]


def decide_duplicate(
    session: Session, case_a: str, case_b: str, *, same_child: bool, reason: str
) -> str:
    """[R5][R6] Record the officer's decision. 'Same child' links; nothing is deleted."""
    session.require(Permission.WRITE_CASE)
    if not reason.strip():
        raise InvalidInput(reason=_("Say why you decided this."))
    _require_case(session, case_a)
    _require_case(session, case_b)
    return Records(session.vault).insert(
        LINK_KIND,
        {
            "case_a": case_a,
            "case_b": case_b,
            "decision": "same_child" if same_child else "different_child",
            "reason": reason.strip(),
            "active": True,
            "decided_by": session.user.id,
        },
        user_id=session.user.id,
        audit_detail="same_child" if same_child else "different_child",
    )


def undo_decision(session: Session, link_id: str, *, reason: str) -> None:
    """[R6] A manager can undo a link or a 'different child' decision; history stays."""
    session.require(Permission.RESOLVE_CONFLICTS)
    if not reason.strip():
        raise InvalidInput(reason=_("Say why you undo this decision."))
    link = Records(session.vault).get(link_id)
    # Only a duplicate decision, and only once: any other record id (a case) would be
    # marked inactive, and a second undo would overwrite the first one's reason. No screen
    # offers either, so a call that tries is a bug, not something a person can act on.
    if link is None or link.kind != LINK_KIND or link.deleted or not link.fields.get("active"):
        raise ValueError(f"{link_id!r} is not a duplicate decision in force")
    Records(session.vault).update(
        link_id, {"active": False, "undo_reason": reason.strip()}, user_id=session.user.id
    )


# -- drafts: the intake wizard saves here every few seconds and at lock ---------------------
@dataclass(frozen=True)
class DraftInfo:
    id: str
    label: str
    step: int
    updated_at: str


def save_draft(
    session: Session, data: dict[str, Any], *, step: int, draft_id: str | None = None
) -> str:
    """Save what has been typed so far (encrypted in the vault, never on disk in clear)."""
    session.require(Permission.WRITE_CASE)
    fields = {"data": data, "step": step, "owner": session.user.id}
    records = Records(session.vault)
    if draft_id and records.get(draft_id) is not None:
        records.update(draft_id, fields, user_id=session.user.id)
        return draft_id
    return records.insert(DRAFT_KIND, fields, user_id=session.user.id, record_id=draft_id)


def list_drafts(session: Session) -> list[DraftInfo]:
    session.require(Permission.WRITE_CASE)
    drafts = []
    for record in Records(session.vault).list(DRAFT_KIND, limit=1000):
        data = record.fields.get("data", {})
        names = data.get("names", {}) if isinstance(data, dict) else {}
        label = " ".join(str(names.get(k, "")) for k in ("given", "family")).strip()
        drafts.append(
            DraftInfo(record.id, label, int(record.fields.get("step", 0)), record.updated_at)
        )
    return sorted(drafts, key=lambda d: d.updated_at, reverse=True)


def load_draft(session: Session, draft_id: str) -> tuple[dict[str, Any], int]:
    session.require(Permission.WRITE_CASE)
    record = Records(session.vault).get(draft_id)
    if record is None or record.kind != DRAFT_KIND or record.deleted:
        raise InvalidInput(reason=_("This draft no longer exists."))
    return record.fields.get("data", {}), int(record.fields.get("step", 0))


def discard_draft(session: Session, draft_id: str) -> None:
    session.require(Permission.WRITE_CASE)
    record = Records(session.vault).get(draft_id)
    if record is not None and not record.deleted:
        Records(session.vault).delete(draft_id, user_id=session.user.id)
