"""Registering, reading, listing and searching children's cases; duplicates; drafts.

Every function checks the caller's permission first: an interpreter is refused here,
in the service, whatever the UI shows. Every view and change is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from app.domain import case as case_rules
from app.domain import intake_merge
from app.domain.audit import AuditAction
from app.domain.case import CaseDraft, Problem, SpecialCategories, special_category_problems
from app.domain.case_list import CaseQuery, CaseRow, DuplicateCandidate, NumberCollision
from app.domain.duplicates import Profile, Reason, blocking_keys, is_candidate, score
from app.domain.history import HistoryEntry
from app.domain.intake_merge import Proposal
from app.domain.paths import REMOVED
from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, _
from app.services import referrals
from app.services.session import Session
from app.storage import audit
from app.storage import drafts as drafts_store
from app.storage.case_index import CASE_KIND, profile_of
from app.storage.cases import CaseRepository
from app.storage.centre import centre_of_vault
from app.storage.records import Record, Records

# Re-exported: screens and scripts import these from the service.
__all__ = ["CaseQuery", "CaseRow", "DuplicateCandidate", "NumberCollision", "Proposal"]

DRAFT_KIND = "intake_draft"
LINK_KIND = "case_link"
# Ethnicity and religion, in a record of their own (app/services/special_categories.py).
SPECIAL_KIND = "special_categories"


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
class CaseDetail:
    row: CaseRow
    draft: CaseDraft
    urgent: list[tuple[str, str]]  # (concern, suggested referral)
    links: list[dict[str, Any]]


def _today() -> dt.date:
    return dt.date.today()


def _centre(session: Session) -> tuple[str, str]:
    # The vault's own centre record, never another laptop's pulled by sync (docs/sync.md).
    centre = centre_of_vault(session.require_vault())
    if centre is None:
        raise InvalidInput(reason=_("This vault has no centre."))
    return centre.id, centre.code or "HC"


def _next_case_number(session: Session, centre_id: str, code: str, year: int) -> str:
    """[R4] centre code, year, sequence — allocated inside a transaction, never reused;
    after enrolment with the device code (``NRC-2026-B-0042``, app/services/sync.py)."""
    key, code, device = _numbering(session, centre_id, code)
    last = CaseRepository(session.require_vault()).allocate_numbers(key, year)
    return case_rules.case_number(code, year, last, device)


def _numbering(session: Session, centre_id: str, code: str) -> tuple[str, str, str | None]:
    from app.services import sync  # numbering after enrolment (issue 16, item 4)

    return sync.numbering(session.require_vault(), centre_id, code)


def propose_latin(name: str) -> str:
    """[R2] A Latin spelling to propose beside a name typed in its own script."""
    from app.domain.names import propose_latin as propose

    return propose(name)


def check_case(draft: CaseDraft, *, today: dt.date | None = None) -> list[Problem]:
    """Validation without saving, for forms that check as the user types."""
    return case_rules.validate_case(draft, today=today or _today())


@dataclass(frozen=True)
class DuplicateDecision:
    """The officer's answer at intake about one possible duplicate [R5]."""

    other_case_id: str
    same_child: bool
    reason: str


def register_case(
    session: Session,
    draft: CaseDraft,
    *,
    today: dt.date | None = None,
    draft_id: str | None = None,
    special: SpecialCategories | None = None,
    decision: DuplicateDecision | None = None,
) -> CaseRow:
    """Validate and save a new case, in one transaction with everything the intake
    decided: its guardian referral, the special categories typed at intake, the duplicate
    decision, and the end of its intake draft (issue 14, item 1: one use case, one call,
    one transaction; a failure leaves none of them)."""
    session.require(Permission.WRITE_CASE)
    today = today or _today()
    problems = case_rules.validate_case(draft, today=today)
    if special is not None:
        problems = [*problems, *special_category_problems(special)]
    if problems:
        raise CaseInvalid(problems)
    if decision is not None:
        if not decision.reason.strip():
            raise InvalidInput(reason=_("Say why you decided this."))
        _require_case(session, decision.other_case_id)
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
    # The case and the end of its intake draft in one transaction (issue 14, item 1).
    with Records(session.require_vault()).unit(user_id=session.user.id) as unit:
        case_id = unit.insert(CASE_KIND, fields)
        referrals.open_automatic(unit, case_id, fields, today=today)  # [G1][G7] same transaction
        if special is not None and not special.is_empty():
            unit.insert(
                SPECIAL_KIND,
                {"case_id": case_id, **special.model_dump(mode="json", exclude_defaults=True)},
            )
        if decision is not None:
            unit.insert(
                LINK_KIND,
                _decision_fields(session, case_id, decision),
                audit_detail="same_child" if decision.same_child else "different_child",
            )
        if draft_id:
            drafts_store.remove_in(unit.connection, draft_id)
    return get_row(session, case_id)


def _decision_fields(session: Session, case_id: str, decision: DuplicateDecision) -> dict[str, Any]:
    return {
        "case_a": case_id,
        "case_b": decision.other_case_id,
        "decision": "same_child" if decision.same_child else "different_child",
        "reason": decision.reason.strip(),
        "active": True,
        "decided_by": session.user.id,
    }


def import_cases(
    session: Session,
    drafts: list[CaseDraft],
    *,
    today: dt.date | None = None,
    registered: list[dt.datetime] | None = None,
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
    key, code, device = _numbering(session, centre_id, code)
    first = CaseRepository(session.require_vault()).allocate_numbers(key, today.year, len(drafts))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    many = []
    for offset, draft in enumerate(drafts):
        fields = case_fields(draft)
        fields.update(
            {
                "case_number": case_rules.case_number(code, today.year, first + offset, device),
                "centre_id": centre_id,
                "status": "open",
                # ``registered``: when each child was registered (demo data spread over weeks)
                "registered_at": registered[offset].isoformat(timespec="seconds")
                if registered
                else now,
                "registered_by": session.user.id,
            }
        )
        many.append(fields)
    # Each case and the referrals it opens [G1][G7], all in one transaction.
    with Records(session.require_vault()).unit(user_id=session.user.id) as unit:
        made = []
        for fields in many:
            made.append(unit.insert(CASE_KIND, fields))
            referrals.open_automatic(unit, made[-1], fields, today=today)
        return made


def case_fields(draft: CaseDraft) -> dict[str, Any]:
    """Top-level sections become fields; each of their paths is a unit of change history
    and of sync merge (app/domain/paths.py). Values left at their default are not stored
    (a missing path reads as its default): a whole dump of every unanswered question made
    a case 2.1 KB, twice over with its creation in the change log."""
    return json.loads(draft.model_dump_json(exclude_defaults=True))


def update_case(
    session: Session, case_id: str, draft: CaseDraft, *, today: dt.date | None = None
) -> dict[str, Any]:
    session.require(Permission.WRITE_CASE)
    problems = case_rules.validate_case(draft, today=today or _today())
    if problems:
        raise CaseInvalid(problems)
    _require_case(session, case_id)
    # Every field of the draft is written: one now back at its default is removed.
    fields: dict[str, Any] = dict.fromkeys(CaseDraft.model_fields, REMOVED)
    fields.update(case_fields(draft))
    with Records(session.require_vault()).unit(user_id=session.user.id) as unit:
        changed = unit.update(case_id, fields)
        stored = unit.get(case_id)
        if changed and stored is not None:  # [G1][G2] in the same transaction
            referrals.open_automatic(unit, case_id, stored.fields, today=today)
        return changed


def _draft_of(record: Record) -> CaseDraft:
    return CaseDraft.model_validate(
        {k: v for k, v in record.fields.items() if k in CaseDraft.model_fields}
    )


def _special_record(session: Session, case_id: str) -> Record | None:
    found = [
        r
        for r in Records(session.require_vault()).find_by_field(SPECIAL_KIND, "case_id", case_id)
        if not r.deleted
    ]
    return min(found, key=lambda r: (r.created_at, r.id)) if found else None


def _special_of(record: Record | None) -> SpecialCategories | None:
    if record is None:
        return None
    return SpecialCategories.model_validate(
        {k: v for k, v in record.fields.items() if k in SpecialCategories.model_fields}
    )


def _special_changes(
    session: Session, case_id: str, special: SpecialCategories | None
) -> list[Proposal]:
    """The intake's ethnicity and religion as proposals: the case's values shown only to
    the roles that may read them (``READ_SPECIAL_CATEGORIES``; the read is audited)."""
    if special is None or special.is_empty():
        return []
    readable = session.may(Permission.READ_SPECIAL_CATEGORIES)
    current = _special_of(_special_record(session, case_id))
    if readable and current is not None:
        audit.record(
            session.require_vault(),
            user_id=session.user.id,
            action=AuditAction.VIEW,
            record_id=case_id,
            detail="special categories",
        )
    return intake_merge.special_proposals(current, special, readable=readable)


def intake_changes(
    session: Session,
    case_id: str,
    draft: CaseDraft,
    special: SpecialCategories | None = None,
) -> list[Proposal]:
    """[R5] "Same child" at intake: what the intake holds that registered case
    ``case_id`` does not, field by field (app/domain/intake_merge.py), the intake's
    ethnicity and religion included. Nothing is written; reading the case is audited like
    a view."""
    session.require(Permission.READ_CASE)
    record = _require_case(session, case_id)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail="same_child_at_intake",
    )
    return [
        *intake_merge.proposals(_draft_of(record), draft),
        *_special_changes(session, case_id, special),
    ]


@dataclass(frozen=True)
class MergeResult:
    case_id: str
    applied: int  # proposals accepted and written
    kept: int  # proposals not accepted, left in the intake's draft (0 when it was discarded)


def merge_intake(
    session: Session,
    case_id: str,
    draft: CaseDraft,
    accepted: list[str],
    *,
    reason: str,
    draft_id: str | None = None,
    keep_rest: bool = True,
    today: dt.date | None = None,
    special: SpecialCategories | None = None,
) -> MergeResult:
    """[R5] The intake is a child already registered as ``case_id``: write the accepted
    proposals (ids from ``intake_changes``) into that case through ``update_case`` (one
    change per path in the case's history), and register nothing.

    The intake's draft: discarded when everything was accepted or ``keep_rest`` is False
    (the officer discarded the rest explicitly); otherwise kept, marked with the case it
    was partly added to, so that nothing typed is lost. Refused (nothing written) when an
    accepted id is no longer proposed: the case changed since the proposals were shown.
    ``special``: the intake's ethnicity and religion; accepted ones go to the case's
    special categories (never over recorded ones the user may not read).
    """
    session.require(Permission.WRITE_CASE)
    if not reason.strip():
        raise InvalidInput(reason=_("Say why you decided this."))
    record = _require_case(session, case_id)
    current = _draft_of(record)
    special_record = _special_record(session, case_id)
    special_now = _special_of(special_record)
    found = [
        *intake_merge.proposals(current, draft),
        *_special_changes(session, case_id, special),
    ]
    if any(p.current == intake_merge.HIDDEN and p.id in accepted for p in found):
        session.require(Permission.READ_SPECIAL_CATEGORIES)  # nobody overwrites what is unseen
    try:
        merged = intake_merge.apply(current, found, set(accepted))
        special_merged = intake_merge.apply_special(special_now, found, set(accepted))
    except intake_merge.UnknownProposal:
        raise InvalidInput(
            reason=_("The case was changed meanwhile. Look at the proposed changes again.")
        ) from None
    if merged != current:
        update_case(session, case_id, merged, today=today)
    if special_merged != (special_now or SpecialCategories()):
        problems = special_category_problems(special_merged)
        if problems:
            raise CaseInvalid(problems)
        fields = special_merged.model_dump(mode="json", exclude_defaults=True)
        with Records(session.require_vault()).unit(user_id=session.user.id) as unit:
            if special_record is None:
                unit.insert(SPECIAL_KIND, {"case_id": case_id, **fields})
            else:
                unit.update(special_record.id, fields)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.CHANGE,
        record_id=case_id,
        detail=f"same_child_at_intake: {reason.strip()}"[:500],
    )
    rest = intake_merge.remaining(found, set(accepted))
    kept = 0
    if draft_id:
        stored = drafts_store.get(session.require_vault(), draft_id)
        if stored is not None and rest and keep_rest:
            data = dict(stored.data)
            data["merged_into"] = {
                "case_id": case_id,
                "case_number": get_row(session, case_id).case_number,
                "accepted": sorted(set(accepted)),
            }
            drafts_store.save(
                session.require_vault(),
                owner=session.user.id,
                step=stored.step,
                data=data,
                draft_id=draft_id,
            )
            kept = len(rest)
        elif stored is not None:
            drafts_store.remove(session.require_vault(), draft_id)
    return MergeResult(case_id=case_id, applied=len(set(accepted)), kept=kept)


def linked_cases(session: Session, case_id: str) -> list[CaseRow]:
    """Cases an officer decided are the same child as ``case_id`` (links in force)."""
    session.require(Permission.READ_CASE)
    repository = CaseRepository(session.require_vault())
    ids = repository.linked_ids([case_id]).get(case_id, ())
    return [row for row in (repository.row(i) for i in ids) if row is not None]


def _require_case(session: Session, case_id: str) -> Record:
    record = Records(session.require_vault()).get(case_id)
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    return record


def get_row(session: Session, case_id: str) -> CaseRow:
    session.require(Permission.READ_CASE)
    repository = CaseRepository(session.require_vault())
    row = repository.row(case_id)
    if row is None:
        raise InvalidInput(reason=_("There is no such case."))
    return repository.with_links([row])[0]


def open_case(session: Session, case_id: str) -> CaseDetail:
    """Read a whole case; the view is audited."""
    session.require(Permission.READ_CASE)
    record = _require_case(session, case_id)
    draft = CaseDraft.model_validate(
        {k: v for k, v in record.fields.items() if k in CaseDraft.model_fields}
    )
    audit.record(
        session.require_vault(), user_id=session.user.id, action=AuditAction.VIEW, record_id=case_id
    )
    # Only this case's links, however many decisions the vault holds (listing the first
    # 10,000 links and filtering them here lost every link after those).
    records = Records(session.require_vault())
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
    record = Records(session.require_vault()).get(case_id)
    if record is None or record.kind != CASE_KIND:
        return None
    audit.record(
        session.require_vault(), user_id=session.user.id, action=AuditAction.VIEW, record_id=case_id
    )
    return record


def case_history(session: Session, case_id: str) -> list[HistoryEntry]:
    """Every change to a case, oldest first (reading it is audited like a view)."""
    session.require(Permission.READ_CASE)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail="history",
    )
    return Records(session.require_vault()).history(case_id)


def count_cases(session: Session, query: CaseQuery | None = None) -> int:
    """How many cases the list shows for a query (search and filters)."""
    session.require(Permission.READ_CASE)
    return CaseRepository(session.require_vault()).count(query or CaseQuery())


def query_cases(
    session: Session, query: CaseQuery | None = None, *, offset: int = 0, limit: int = 100
) -> list[CaseRow]:
    """One page of the case list. The list view fetches pages as it scrolls.

    Search: every word starts a name token or shares its skeleton (another spelling, any
    script), or is the digits a case number ends with; text shaped like a case number
    ("NRC-2026-0043", "nrc-2026") searches numbers only, so the centre code is not also
    read as a name ("NRC" ~ Nur). Served by indexes, never a scan of every case.
    """
    session.require(Permission.READ_CASE)
    repository = CaseRepository(session.require_vault())
    return repository.with_links(repository.page(query or CaseQuery(), offset=offset, limit=limit))


def find_duplicates(
    session: Session,
    candidate: CaseDraft | Profile,
    *,
    exclude_id: str | None = None,
    limit: int = 10,
    today: dt.date | None = None,
) -> list[DuplicateCandidate]:
    """[R5] Children already registered who may be this one, best first, with reasons.

    The repository hands over the cases sharing the rarest name keys, whole groups of
    equally keyed cases at a time (never the newest of a tie only); each is scored here.
    Equal scores keep the older registration first.
    """
    session.require(Permission.READ_CASE)
    profile = (
        candidate if isinstance(candidate, Profile) else profile_of(candidate, today or _today())
    )
    keys = blocking_keys(profile)
    if not keys:
        return []
    scored = []
    for row, other in CaseRepository(session.require_vault()).duplicate_candidates(
        keys, like=profile
    ):
        if row.id == exclude_id:
            continue
        result = score(profile, other)
        if is_candidate(result):
            scored.append((row, result))
    scored.sort(key=lambda found: (-found[1].score, found[0].registered_at, found[0].id))
    # Reasons are put into words for the candidates shown only.
    return [
        DuplicateCandidate(row, result.score, [_reason_text(r) for r in result.reasons])
        for row, result in scored[:limit]
    ]


def _reason_text(reason: Reason) -> str:
    """A duplicate reason in the user's language, the scripts it names too (duplicates.
    SCRIPT_NAMES: "بالخط العربي", not "بالخط Arabic")."""
    params = {
        key: _(value) if key.startswith("script_") and isinstance(value, str) else value
        for key, value in reason.params.items()
    }
    return _(reason.template).format(**params)


def number_collisions(session: Session) -> list[NumberCollision]:
    """[issue 14: 6] Case numbers that more than one case of a centre carries (a restored
    backup, another laptop's record). Every such case stays listed and findable; this is
    the manager's list of them (each was also audited when it was indexed)."""
    session.require(Permission.RESOLVE_CONFLICTS)
    return CaseRepository(session.require_vault()).collisions()


def decide_duplicate(
    session: Session, case_a: str, case_b: str, *, same_child: bool, reason: str
) -> str:
    """[R5][R6] Record the officer's decision. 'Same child' links; nothing is deleted."""
    session.require(Permission.WRITE_CASE)
    if not reason.strip():
        raise InvalidInput(reason=_("Say why you decided this."))
    _require_case(session, case_a)
    _require_case(session, case_b)
    return Records(session.require_vault()).insert(
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
    link = Records(session.require_vault()).get(link_id)
    # Only a duplicate decision, and only once: any other record id (a case) would be
    # marked inactive, and a second undo would overwrite the first one's reason. No screen
    # offers either, so a call that tries is a bug, not something a person can act on.
    if link is None or link.kind != LINK_KIND or link.deleted or not link.fields.get("active"):
        raise ValueError(f"{link_id!r} is not a duplicate decision in force")
    Records(session.require_vault()).update(
        link_id, {"active": False, "undo_reason": reason.strip()}, user_id=session.user.id
    )


# -- drafts: the intake wizard saves here every few seconds and at lock ---------------------
@dataclass(frozen=True)
class DraftInfo:
    id: str
    label: str
    step: int
    updated_at: str
    merged_into: str = ""  # the case number part of it was added to ("same child")


def save_draft(
    session: Session, data: dict[str, Any], *, step: int, draft_id: str | None = None
) -> str:
    """Save what has been typed so far (encrypted in the vault, never on disk in clear).
    Overwritten in place: an autosave adds nothing to the permanent change log."""
    session.require(Permission.WRITE_CASE)
    return drafts_store.save(
        session.require_vault(), owner=session.user.id, step=step, data=data, draft_id=draft_id
    )


def list_drafts(session: Session) -> list[DraftInfo]:
    session.require(Permission.WRITE_CASE)
    found = []
    for draft in drafts_store.all_drafts(session.require_vault()):
        names = draft.data.get("names", {})
        names = names if isinstance(names, dict) else {}
        label = " ".join(str(names.get(k, "")) for k in ("given", "family")).strip()
        merged = draft.data.get("merged_into")
        number = str(merged.get("case_number", "")) if isinstance(merged, dict) else ""
        found.append(DraftInfo(draft.id, label, draft.step, draft.updated_at, number))
    return found


def load_draft(session: Session, draft_id: str) -> tuple[dict[str, Any], int]:
    session.require(Permission.WRITE_CASE)
    draft = drafts_store.get(session.require_vault(), draft_id)
    if draft is None:
        raise InvalidInput(reason=_("This draft no longer exists."))
    return draft.data, draft.step


def discard_draft(session: Session, draft_id: str) -> None:
    session.require(Permission.WRITE_CASE)
    drafts_store.remove(session.require_vault(), draft_id)
