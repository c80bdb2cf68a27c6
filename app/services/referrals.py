"""Referrals: automatic openings, the workflow, deadlines, sharing checks, lists and
statistics (issue 15; guardianship.md [G1]-[G15], registration.md [R3]).

Permissions (checked first in every function taking a session; the table is in
tests/unit/test_service_permissions.py):
- reading referrals, lists and the dashboard: READ_CASE (whoever reads the case);
- opening a referral, moving it through its states, choosing its recipient and recording
  consent or a legal basis: WRITE_CASE (the officers who work the case);
- the exceptional deadline and a centre's own referral types: CHANGE_SETTINGS
  (a manager's decision, recorded with its reason);
- what leaves the laptop — a referral form's data and the statistics export:
  PRINT_REFERRAL (managers only), each audited [G10].

Automatic openings run inside the transaction of the change that causes them:
``open_automatic(unit, case_id, fields)`` is called by app/services/cases.py for every
registration, edit and import, and ``cancel_guardian_for_adult`` by the age service's
conclusion [G3].
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import dataclass
from typing import Any

from app.domain import deadlines
from app.domain import referral as rules
from app.domain.age import age_on
from app.domain.audit import AuditAction
from app.domain.case import CaseDraft, Urgency
from app.domain.paths import REMOVED
from app.domain.profiles import CountryProfile
from app.domain.referral import (
    BasisKind,
    Referral,
    ReferralState,
    ReferralType,
    Refused,
    SharingBasis,
)
from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, _

# Lists, JSON lines and the country profile live in referral_list (the command line's
# `referral list` imports only that module); named here too for every other caller.
from app.services.referral_list import (  # noqa: F401 - named here for callers
    PROFILES,
    ReferralItem,
    _items,
    _Lateness,
    _profile_of_centre,
    centre_profile,
    json_line,
    json_output,
    json_text,
    list_referrals,
    load_profile,
)
from app.services.session import Session
from app.storage import audit, outputs
from app.storage.case_index import CASE_KIND
from app.storage.centre import centre_of_vault
from app.storage.records import Record, Records, Unit
from app.storage.referral_index import (
    REFERRAL_KIND,
    ReferralRepository,
    backfill_done,
    backfill_due,
)

DIRECTORY_KIND = "directory_entry"
TYPE_KIND = "referral_type"

NOT_ACCOMPANIED_REASON = N_("The child is no longer registered as unaccompanied or separated.")
NO_SUCH_REFERRAL = N_("There is no such referral.")
UNKNOWN_TYPE = N_("“{type}” is not a referral type of this centre.")
NO_EXCEPTIONAL = N_(
    "This referral cannot take a longer deadline: it is closed, urgent, already on the"
    " exceptional deadline, or the country profile has none longer for its type."
)


class ReferralRefused(HarbourError):
    """A rule refuses this step; ``problems`` name each rule and what is missing."""

    message = N_("This referral cannot go ahead: {missing}")

    def __init__(self, problems: list[Refused]) -> None:
        super().__init__(missing="; ".join(_(p.message).format(**p.params) for p in problems))
        self.problems = problems

    @property
    def rules(self) -> list[str]:
        return [p.rule for p in self.problems]


# -- automatic openings, inside the caller's transaction ----------------------------------
def _draft(fields: dict[str, Any]) -> CaseDraft:
    return CaseDraft.model_validate(
        {k: v for k, v in fields.items() if k in CaseDraft.model_fields}
    )


def _registered(fields: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(fields["registered_at"])[:10])


def is_adult(fields: dict[str, Any], today: dt.date) -> bool:
    """[G3] Without doubt over 18: an assessment concluded it (not the benefit of the
    doubt, not in progress) and the birth date it assigned makes 18 today. A declared
    or documented age never makes an adult here: a person whose age is questioned is a
    child for this rule until an assessment concludes."""
    if fields.get("age_status") != "assessed":
        return False
    birth = fields.get("birth", {})
    born = birth.get("date") if birth.get("source") == "assessed" else None
    return born is not None and age_on(dt.date.fromisoformat(born), today) >= 18


def _store(referral: Referral) -> dict[str, Any]:
    """Every field of the referral; one at its default is not stored (``REMOVED``): a
    guardian referral per child stored every empty answer, 580 bytes twice over (record
    and change log), which took the vault past 7 MB per 1,000 cases (issue 14)."""
    data: dict[str, Any] = json.loads(referral.model_dump_json(exclude_defaults=True))
    return {name: data.get(name, REMOVED) for name in Referral.model_fields}


def _load(record: Record) -> Referral:
    return Referral.model_validate(record.fields)


def _with_deadline(
    referral: Referral,
    profile: CountryProfile,
    *,
    registered: dt.date,
    case: CaseDraft | None = None,
) -> Referral:
    """The referral with its deadline from the profile: [G2] the guardian's from
    lodging (provisional from registration until lodging is known); an urgent proposal's
    from registration by the profile's urgent deadline; others' expected answer from the
    day sent (from registration while a draft)."""
    if referral.type == ReferralType.GUARDIAN:
        application = case.application if case is not None else None
        found = deadlines.guardian_deadline(
            profile,
            registered=registered,
            made=application.made.value if application else None,
            lodged=application.lodged.value if application else None,
            exceptional=referral.exceptional,
        )
    else:
        rule = profile.deadline_for(referral.type)
        days = profile.urgent_deadline if referral.urgency == Urgency.URGENT else 0
        if rule is not None and referral.urgency != Urgency.URGENT:
            days = rule.exceptional if referral.exceptional else rule.ordinary
        start = referral.sent_on or registered
        found = deadlines.add_working_days(start, days, profile)
    return referral.model_copy(
        update={
            "due": found.due,
            "due_provisional": found.provisional,
            "due_uncovered": list(found.uncovered),
            "due_earliest": found.earliest,
        }
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def open_automatic(
    unit: Unit, case_id: str, fields: dict[str, Any], *, today: dt.date | None = None
) -> list[str]:
    """[G1][G7] In the caller's transaction, after a case was written with ``fields``:
    open the guardian referral of an unaccompanied or separated child (once: its id is
    derived from the case), bring its deadline up to date with the application dates
    [G2], and propose the referral each urgent concern suggests (a draft, once per type).
    A child no longer unaccompanied or separated has a waiting guardian referral
    cancelled with the reason, never deleted. Returns the ids written."""
    today = today or dt.date.today()
    case = _draft(fields)
    registered = _registered(fields)
    profile = _profile_of_centre(unit.get(str(fields.get("centre_id", ""))))
    written: list[str] = []
    guardian_id = rules.guardian_referral_id(case_id)
    existing = unit.get(guardian_id)
    if rules.needs_guardian(case, adult=is_adult(fields, today)):
        if existing is None:
            fresh = Referral(
                case_id=case_id,
                type=ReferralType.GUARDIAN,
                automatic=True,
                urgency=Urgency.URGENT,
                history=[rules.StateChange(state=ReferralState.DRAFT, at=_iso(), by="")],
            )
            fresh = _with_deadline(fresh, profile, registered=registered, case=case)
            unit.insert(REFERRAL_KIND, _store(fresh), record_id=guardian_id, audit_detail="G1")
            written.append(guardian_id)
        else:
            current = _load(existing)
            updated = _with_deadline(current, profile, registered=registered, case=case)
            if updated != current:
                unit.update(guardian_id, _store(updated))
                written.append(guardian_id)
    elif existing is not None and _load(existing).state in rules.OPEN_STATES:
        cancelled = rules.transition(
            _load(existing),
            ReferralState.CANCELLED,
            at=_now(),
            by=unit_user(unit),
            reason=NOT_ACCOMPANIED_REASON,
        )
        unit.update(guardian_id, _store(cancelled))
        written.append(guardian_id)
    for concern, referral_type in rules.proposals(case):
        proposed_id = rules.proposed_referral_id(case_id, referral_type)
        if unit.get(proposed_id) is not None:
            continue
        proposal = Referral(
            case_id=case_id,
            type=referral_type,
            automatic=True,
            urgency=Urgency.URGENT,
            concern=concern.value,
            history=[rules.StateChange(state=ReferralState.DRAFT, at=_iso(), by="")],
        )
        proposal = _with_deadline(proposal, profile, registered=registered)
        unit.insert(REFERRAL_KIND, _store(proposal), record_id=proposed_id, audit_detail="G7")
        written.append(proposed_id)
    return written


def _iso() -> str:
    return _now().isoformat(timespec="seconds")


def unit_user(unit: Unit) -> str:
    return str(getattr(unit, "_user_id", "") or "")


def open_for_existing_cases(session: Session, *, batch: int = 500) -> int:
    """Cases registered before referrals existed (a vault from before schema 7): open what
    ``open_automatic`` would have opened at their registration, a batch of cases per
    transaction. Idempotent (the ids are derived): a second run opens nothing. Returns how
    many referrals were opened or brought up to date. The last transaction also removes
    migration 7's flag (``open_after_migration``)."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    done = offset = 0
    while True:
        page = records.of_kind(CASE_KIND, limit=batch, offset=offset)
        with records.unit(user_id=session.user.id) as unit:
            for case in page:
                done += len(open_automatic(unit, case.id, case.fields))
            if len(page) < batch:
                backfill_done(unit.connection)
                return done
        offset += len(page)


def open_after_migration(session: Session) -> int:
    """[G1] At sign-in: the first time after migration 7 a user who works cases signs in
    to a vault that already held children, open their referrals (once; one meta lookup
    on every other sign-in). A role that may not write cases leaves it to the next."""
    vault = session.vault
    if (
        vault is None
        or session.user.must_change_passphrase
        or not session.may(Permission.WRITE_CASE)
        or not backfill_due(vault)
    ):
        return 0
    return open_for_existing_cases(session)


def cancel_guardian_for_adult(unit: Unit, case_id: str) -> bool:
    """[G3] An age conclusion of adult cancels the child's guardian referral with the
    reason, in the conclusion's transaction; the referral and its history stay."""
    record = unit.get(rules.guardian_referral_id(case_id))
    if record is None:
        return False
    current = _load(record)
    if ReferralState.CANCELLED not in rules.TRANSITIONS[current.state]:
        return False
    cancelled = rules.transition(
        current, ReferralState.CANCELLED, at=_now(), by=unit_user(unit), reason=rules.ADULT_REASON
    )
    unit.update(record.id, _store(cancelled))
    return True


# -- reading ------------------------------------------------------------------------------
def referrals_for_case(session: Session, case_id: str) -> list[Referral]:
    """A child's referrals with their whole history."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    return [_load(r) for r in records.find_by_field(REFERRAL_KIND, "case_id", case_id)]


@dataclass(frozen=True)
class ReferralStep:
    """One line of a referral's history as people read it: when, what, who, why."""

    at: str  # ISO date-time, UTC (ordering, tests)
    when: str  # local time, as the reader's language writes it
    state: str  # the state it moved to, or EXCEPTIONAL_STEP
    who: str  # the user's name; "" when Harbour made the change by itself
    reason: str


EXCEPTIONAL_STEP = "exceptional_deadline"


@dataclass(frozen=True)
class CaseReferral:
    """One of a child's referrals as the case view shows it."""

    id: str
    referral: Referral
    type_name: str  # a built-in type's msgid (translate it), or a centre type's own label
    recipient_name: str
    days_late: int | None  # calendar days past the deadline (negative: days left)
    next_states: tuple[ReferralState, ...]  # where the workflow allows it to go now
    steps: tuple[ReferralStep, ...] = ()  # its history, oldest first, dated and attributed
    # The profile's longer deadline a manager may still decide for it (working days), or
    # None (closed, urgent, already exceptional, or the profile has none longer).
    exceptional_days: int | None = None


def _steps(referral: Referral, people: Any) -> tuple[ReferralStep, ...]:
    from app.domain.history_text import when_text

    def who(user_id: str) -> str:
        return people.who(user_id) if user_id else ""

    found = [
        ReferralStep(c.at, when_text(c.at), c.state.value, who(c.by), c.reason)
        for c in referral.history
    ]
    if referral.exceptional and referral.exceptional_at:
        at = referral.exceptional_at
        found.append(
            ReferralStep(
                at,
                when_text(at),
                EXCEPTIONAL_STEP,
                who(referral.exceptional_by),
                referral.exceptional_reason,
            )
        )
    return tuple(sorted(found, key=lambda s: s.at))  # ISO, UTC: sorts as text


def exceptional_days(profile: CountryProfile, referral: Referral) -> int | None:
    """[G2] The exceptional deadline still open to a manager for this referral: an open
    one, not already exceptional, whose type has a longer deadline in the profile (an
    urgent service referral keeps the profile's urgent deadline)."""
    if referral.exceptional or referral.state not in rules.OPEN_STATES:
        return None
    if referral.type == ReferralType.GUARDIAN:
        rule = profile.deadlines.get("guardian")
    elif referral.urgency == Urgency.URGENT:
        return None
    else:
        rule = profile.deadline_for(referral.type)
    if rule is None or rule.exceptional <= rule.ordinary:
        return None
    return rule.exceptional


def _type_name(records: Records, referral_type: str) -> str:
    """A type's name: the msgid of a built-in type, the label a centre gave its own."""
    if rules.is_builtin(referral_type):
        return rules.TYPE_NAMES[ReferralType(referral_type)]
    code = referral_type.removeprefix(rules.CUSTOM_PREFIX)
    labels = records.find_by_field(TYPE_KIND, "code", code)
    return str(labels[0].fields.get("label", code)) if labels else code


def case_referrals(
    session: Session, case_id: str, *, today: dt.date | None = None
) -> list[CaseReferral]:
    """A child's referrals with their ids, type names, recipients and lateness (the case
    view's Referrals section)."""
    session.require(Permission.READ_CASE)
    from app.domain.history_text import People
    from app.services.users import people_names

    today = today or dt.date.today()
    records = Records(session.require_vault())
    # this laptop's accounts and the staff directory synced from the centre's other laptops
    people = People(names=people_names(session.require_vault()), me=session.user.id)
    found = []
    for record in records.find_by_field(REFERRAL_KIND, "case_id", case_id):
        if record.deleted:
            continue
        referral = _load(record)
        profile = _custom_deadline(records, referral.type) or centre_profile(records)
        entry = records.get(referral.recipient_id) if referral.recipient_id else None
        found.append(
            CaseReferral(
                id=record.id,
                referral=referral,
                type_name=_type_name(records, referral.type),
                recipient_name=str(entry.fields.get("name", "")) if entry is not None else "",
                days_late=rules.days_late(referral.due, today)
                if referral.state in rules.OPEN_STATES
                else None,
                next_states=tuple(
                    s for s in ReferralState if s in rules.TRANSITIONS[referral.state]
                ),
                steps=_steps(referral, people),
                exceptional_days=exceptional_days(profile, referral),
            )
        )
    return found


def type_choices(session: Session) -> list[tuple[str, str]]:
    """(type, name) of every type a referral can be opened with by hand; the police
    referral opens by marking the child missing [G11]."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    return [
        (t, _type_name(records, t))
        for t in referral_types(session)
        if t != ReferralType.POLICE_MISSING
    ]


def recipients_for(session: Session, referral_type: str) -> list[tuple[str, str]]:
    """(directory id, name) of the entries that may receive this type [G8]; never
    immigration enforcement [R3]."""
    session.require(Permission.READ_CASE)
    allowed = rules.allowed_recipients(referral_type)
    found = []
    for record in Records(session.require_vault()).of_kind(DIRECTORY_KIND, limit=100_000):
        kind, name = str(record.fields.get("kind", "")), str(record.fields.get("name", ""))
        if record.deleted or kind not in allowed or rules.firewall_problems(kind=kind, name=name):
            continue
        organisation = str(record.fields.get("organisation", ""))
        found.append((record.id, f"{name} ({organisation})" if organisation else name))
    return found


def get_referral(session: Session, referral_id: str) -> Referral:
    session.require(Permission.READ_CASE)
    return _load(_require(session, referral_id))


def _require(session: Session, referral_id: str) -> Record:
    record = Records(session.require_vault()).get(referral_id)
    if record is None or record.kind != REFERRAL_KIND or record.deleted:
        raise InvalidInput(NO_SUCH_REFERRAL)
    return record


@dataclass(frozen=True)
class Dashboard:
    """What a manager sees first (issue 15, item 8): served by the referral index."""

    without_guardian: list[ReferralItem]  # [G6] by days to or past the deadline
    missing: list[Any]  # [G11] MissingRow: open alerts, longest missing first
    urgent_without_referral: list[ReferralItem]  # [G7] proposals nobody acted on
    awaiting_answer: list[ReferralItem]  # sent, no answer yet
    guardian_changed: list[str]  # [G6] case ids whose guardian changed


def dashboard(session: Session, *, today: dt.date | None = None, limit: int = 500) -> Dashboard:
    session.require(Permission.READ_CASE)
    from app.services import guardians

    today = today or dt.date.today()
    vault = session.require_vault()
    repository = ReferralRepository(vault)
    profile = centre_profile(Records(vault))
    return Dashboard(
        without_guardian=_items(repository.without_guardian(limit=limit), profile, today),
        missing=repository.missing(),
        urgent_without_referral=_items(repository.proposed(limit=limit), profile, today),
        awaiting_answer=_items(repository.rows(states=("sent",), limit=limit), profile, today),
        guardian_changed=guardians.changed_guardian_cases(session),
    )


# -- the workflow -------------------------------------------------------------------------
def referral_types(session: Session) -> list[str]:
    """The built-in types and the centre's own (``custom:<code>``)."""
    session.require(Permission.READ_CASE)
    custom = Records(session.require_vault()).of_kind(TYPE_KIND)
    return [t.value for t in ReferralType] + [f"custom:{r.fields['code']}" for r in custom]


def add_referral_type(
    session: Session, *, code: str, label: str, ordinary: int, exceptional: int
) -> str:
    """A centre's own referral type, with its deadline in working days. [R3] A type that
    names immigration enforcement is refused."""
    session.require(Permission.CHANGE_SETTINGS)
    from app.domain.profiles import CustomType, TypeDeadline

    try:
        made = CustomType(
            code=code,
            label=label,
            deadline=TypeDeadline(ordinary=ordinary, exceptional=exceptional),
        )
    except ValueError as exc:
        raise InvalidInput(reason=str(exc).splitlines()[0]) from None
    problems = rules.firewall_problems(kind=made.code.replace("_", " "), name=made.label)
    if problems:
        raise ReferralRefused(problems)
    if f"custom:{made.code}" in referral_types(session):
        raise InvalidInput(reason=_("This referral type exists already."))
    return Records(session.require_vault()).insert(
        TYPE_KIND, json.loads(made.model_dump_json()), user_id=session.user.id
    )


def _custom_deadline(records: Records, referral_type: str) -> CountryProfile | None:
    """The centre profile extended with the centre's own type, when it is one."""
    profile = centre_profile(records)
    if not referral_type.startswith(rules.CUSTOM_PREFIX):
        return profile
    from app.domain.profiles import CustomType

    code = referral_type.removeprefix(rules.CUSTOM_PREFIX)
    for record in records.find_by_field(TYPE_KIND, "code", code):
        extra = CustomType.model_validate(record.fields)
        return profile.model_copy(update={"custom_types": (*profile.custom_types, extra)})
    return None


def open_referral(
    session: Session,
    case_id: str,
    referral_type: str,
    *,
    reason: str,
    urgency: Urgency = Urgency.ROUTINE,
    recipient_id: str = "",
) -> str:
    """Open a referral by hand (a draft). The guardian referral is the one per child
    [G1]: asking for it again returns it."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    case = records.get(case_id)
    if case is None or case.kind != CASE_KIND or case.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    profile = _custom_deadline(records, referral_type)
    if profile is None or not (
        rules.is_builtin(referral_type) or referral_type.startswith(rules.CUSTOM_PREFIX)
    ):
        raise InvalidInput(UNKNOWN_TYPE, type=referral_type)
    if recipient_id:
        _check_recipient(records, referral_type, recipient_id)
    record_id = (
        rules.guardian_referral_id(case_id) if referral_type == ReferralType.GUARDIAN else None
    )
    if record_id and records.get(record_id) is not None:
        return record_id
    made = Referral(
        case_id=case_id,
        type=referral_type,
        reason=reason.strip(),
        urgency=urgency,
        recipient_id=recipient_id,
        history=[rules.StateChange(state=ReferralState.DRAFT, at=_iso(), by=session.user.id)],
    )
    made = _with_deadline(
        made, profile, registered=_registered(case.fields), case=_draft(case.fields)
    )
    with records.unit(user_id=session.user.id) as unit:
        return unit.insert(REFERRAL_KIND, _store(made), record_id=record_id)


def _check_recipient(records: Records, referral_type: str, recipient_id: str) -> Record:
    entry = records.get(recipient_id)
    if entry is None or entry.kind != DIRECTORY_KIND or entry.deleted:
        raise ReferralRefused([Refused("G9", rules.NO_RECIPIENT)])
    kind = str(entry.fields.get("kind", ""))
    problems = rules.firewall_problems(kind=kind, name=str(entry.fields.get("name", "")))
    if not problems and kind not in rules.allowed_recipients(referral_type):
        problems.append(Refused("G8", rules.WRONG_RECIPIENT, kind=kind, type=referral_type))
    if problems:
        raise ReferralRefused(problems)
    return entry


def change_state(
    session: Session, referral_id: str, state: ReferralState, *, reason: str = ""
) -> Referral:
    """Move a referral on (sent, accepted, declined with reason, completed, cancelled
    with reason, reopened): dated, attributed and audited. Nothing is ever deleted."""
    session.require(Permission.WRITE_CASE)
    record = _require(session, referral_id)
    current = _load(record)
    try:
        moved = rules.transition(current, state, at=_now(), by=session.user.id, reason=reason)
    except Refused as exc:
        raise ReferralRefused([exc]) from None
    records = Records(session.require_vault())
    if state == ReferralState.SENT and moved.type != ReferralType.GUARDIAN:
        case = records.get(moved.case_id)
        profile = _custom_deadline(records, moved.type) or centre_profile(records)
        if case is not None:
            moved = _with_deadline(moved, profile, registered=_registered(case.fields))
    records.update(referral_id, _store(moved), user_id=session.user.id)
    return moved


def set_recipient(session: Session, referral_id: str, recipient_id: str) -> Referral:
    """Choose who receives the referral; [R3] never immigration enforcement, and only a
    recipient of the kind this type goes to [G8]."""
    session.require(Permission.WRITE_CASE)
    record = _require(session, referral_id)
    records = Records(session.require_vault())
    current = _load(record)
    _check_recipient(records, current.type, recipient_id)
    changed = current.model_copy(update={"recipient_id": recipient_id})
    records.update(referral_id, _store(changed), user_id=session.user.id)
    return changed


def record_basis(
    session: Session,
    referral_id: str,
    *,
    consent_given_by: str = "",
    language: str = "",
    granted: bool = False,
    child_assent: bool | None = None,
    legal_basis: str = "",
) -> Referral:
    """[G9] Record what allows sharing this referral with its current recipient: consent
    for this service and recipient (of whom, in which language, the child's own view), or
    a legal basis. Recorded for the recipient chosen now: another recipient needs its own."""
    session.require(Permission.WRITE_CASE)
    record = _require(session, referral_id)
    current = _load(record)
    if not current.recipient_id:
        raise ReferralRefused([Refused("G9", rules.NO_RECIPIENT)])
    basis = SharingBasis(
        kind=BasisKind.LEGAL_BASIS if legal_basis.strip() else BasisKind.CONSENT,
        referral_type=current.type,
        recipient_id=current.recipient_id,
        given_by=consent_given_by.strip(),
        language=language.strip(),
        granted=granted,
        child_assent=child_assent,
        legal_basis=legal_basis.strip(),
        recorded_at=_iso(),
        recorded_by=session.user.id,
    )
    changed = current.model_copy(update={"basis": basis})
    Records(session.require_vault()).update(referral_id, _store(changed), user_id=session.user.id)
    return changed


def use_exceptional_deadline(session: Session, referral_id: str, *, reason: str) -> Referral:
    """The profile's exceptional deadline (25 working days for a guardian in the default
    profile) for this referral: a manager's decision with its reason."""
    session.require(Permission.CHANGE_SETTINGS)
    if not reason.strip():
        raise InvalidInput(reason=_("Say why you decided this."))
    record = _require(session, referral_id)
    records = Records(session.require_vault())
    profile = _custom_deadline(records, _load(record).type) or centre_profile(records)
    if exceptional_days(profile, _load(record)) is None:
        raise InvalidInput(NO_EXCEPTIONAL)
    current = _load(record).model_copy(
        update={
            "exceptional": True,
            "exceptional_reason": reason.strip(),
            "exceptional_by": session.user.id,
            "exceptional_at": _iso(),
        }
    )
    case = records.get(current.case_id)
    if case is not None:
        current = _with_deadline(
            current, profile, registered=_registered(case.fields), case=_draft(case.fields)
        )
    records.update(referral_id, _store(current), user_id=session.user.id)
    return current


def sharing_problems(session: Session, referral_id: str) -> list[str]:
    """[G9][R3] What is missing before this referral may be printed or sent, each in
    words (empty when nothing is)."""
    session.require(Permission.READ_CASE)
    found = _sharing_refusals(session, _load(_require(session, referral_id)))
    return [_(p.message).format(**p.params) for p in found]


def _sharing_refusals(session: Session, referral: Referral) -> list[Refused]:
    kind = None
    if referral.recipient_id:
        entry = Records(session.require_vault()).get(referral.recipient_id)
        if entry is not None and entry.kind == DIRECTORY_KIND and not entry.deleted:
            kind = str(entry.fields.get("kind", ""))
            name_problems = rules.firewall_problems(kind="ngo", name=entry.fields.get("name", ""))
            if name_problems:
                return name_problems
    return rules.sharing_problems(referral, kind)


# -- what a referral form carries ---------------------------------------------------------
HEALTH_CONCERNS = frozenset({"health", "disability", "pregnancy", "substance_use", "trauma"})
TRAFFICKING_CONCERNS = frozenset(
    {"trafficking", "exploitation_labour", "exploitation_sexual", "exploitation_criminal"}
)


def form_data(session: Session, case_id: str, referral_type: str) -> Any:
    """Everything the referral form of this type carries for this child
    (app/reports/referral_form.py ``ReferralFormData``), and only that: the optional
    fields outside the type's list (``fields_for``) stay empty [G8]. Refused, naming
    what is missing, without a recipient or a basis to share with it [G9][R3]. Reading it
    for a form is audited as a print [G10]."""
    from app.reports import referral_form as form

    session.require(Permission.PRINT_REFERRAL)
    records = Records(session.require_vault())
    found = [
        r
        for r in records.find_by_field(REFERRAL_KIND, "case_id", case_id)
        if r.fields.get("type") == referral_type
    ]
    if not found:
        raise InvalidInput(NO_SUCH_REFERRAL)
    record = found[-1]
    referral = _load(record)
    problems = _sharing_refusals(session, referral)
    if problems:
        raise ReferralRefused(problems)
    basis = referral.basis
    case = records.get(case_id)
    entry = records.get(referral.recipient_id)
    assert basis is not None and case is not None and entry is not None
    draft = _draft(case.fields)
    wanted = set(form.fields_for(referral_type, frozenset(referral.marked_necessary)))
    today = dt.date.today()
    birth = draft.birth
    age = age_on(birth.date, today) if birth.date else birth.declared_age
    preferred = next((lang.code for lang in draft.languages if lang.preferred), "")
    languages = entry.fields.get("languages") or ["en"]
    custom = referral_type.removeprefix(rules.CUSTOM_PREFIX)
    type_name = ""
    if referral_type.startswith(rules.CUSTOM_PREFIX):
        labels = records.find_by_field(TYPE_KIND, "code", custom)
        type_name = str(labels[0].fields.get("label", custom)) if labels else custom
    values: dict[str, Any] = {}
    if "sex" in wanted and draft.sex.answered and draft.sex.value:
        values["sex"] = draft.sex.value.value
    if "birth_date" in wanted:
        values["birth_date"] = birth.date
        # [issue 12: 14] the date as written on the child's papers, beside the Gregorian one
        values["birth_date_written"] = birth.date_written
        values["birth_precision"] = birth.precision.value
    if "nationality" in wanted:
        values["nationalities"] = tuple(draft.nationalities)
    if "accompaniment" in wanted:
        values["accompaniment"] = draft.separation.status.value
    if "guardian_name" in wanted:
        from app.services import guardians

        current = [a for a in guardians.guardian_history(session, case_id) if not a.ended_on]
        if current:
            values["guardian_name"] = current[-1].guardian_name
            values["guardian_authority"] = current[-1].appointing_authority
    if "application" in wanted:
        values["application_made_on"] = draft.application.made.value
        values["application_lodged_on"] = draft.application.lodged.value
    concerns = draft.vulnerabilities
    if "health_needs" in wanted:
        values["health_needs"] = "; ".join(
            v.notes or v.concern.value for v in concerns if v.concern.value in HEALTH_CONCERNS
        )
    if "protection_concerns" in wanted:
        values["protection_concerns"] = "; ".join(
            v.notes or v.concern.value
            for v in concerns
            if v.concern.value not in HEALTH_CONCERNS | TRAFFICKING_CONCERNS
        )
    if "trafficking_indicators" in wanted:
        values["trafficking_indicators"] = tuple(
            v.notes or v.concern.value for v in concerns if v.concern.value in TRAFFICKING_CONCERNS
        )
    if "last_sighting" in wanted:
        values["last_sighting"] = _last_sighting(records, case_id, form)
    if "photo" in wanted:  # [G12] only while the consent for photos stands
        from app.services.photos import notice_photo

        photo = notice_photo(records, case_id)
        if photo is not None:
            values["photo"] = form.FormPhoto(
                jpeg=photo.jpeg, width=photo.width, height=photo.height, taken_on=photo.taken_on
            )
    if "family_sought" in wanted:
        values["family_sought"] = tuple(
            form.FamilyMember(
                name=m.name,
                relationship=m.relation,
                last_known_place=m.whereabouts.value or "",
            )
            for m in draft.family
            if m.wants_tracing.value
        )
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.PRINT,
        record_id=case_id,
        detail=f"referral {referral_type} {record.id}",
    )
    centre = _centre_names(records)
    return form.ReferralFormData(
        referral_type=referral_type,
        language=str(languages[0]),
        recipient_name=str(entry.fields.get("name", "")),
        recipient_organisation=str(entry.fields.get("organisation", "")),
        recipient_contact=str(entry.fields.get("contact", "")),
        organisation=centre[0],
        centre=centre[1],
        case_number=str(case.fields.get("case_number", "")),
        reference=f"{case.fields.get('case_number', '')}/{referral_type}/{record.id[:8]}",
        name_original=f"{draft.names.given} {draft.names.family}".strip(),
        name_latin=f"{draft.names.given_latin} {draft.names.family_latin}".strip(),
        made_on=today,
        reason=referral.reason,
        urgency=referral.urgency.value,
        type_name=type_name,
        age=age,
        age_status=str(case.fields.get("age_status") or _initial_age_status(draft)),
        languages=tuple(lang.code for lang in draft.languages),
        interpreter_needed=draft.interpreter_needed.value,
        interpreter_language=preferred,
        basis=form.SharingBasis(
            consent_by=basis.given_by if basis.kind == BasisKind.CONSENT else "",
            consent_granted=basis.granted if basis.kind == BasisKind.CONSENT else False,
            consent_on=dt.date.fromisoformat(basis.recorded_at[:10]) if basis.recorded_at else None,
            consent_language=basis.language,
            legal_basis=basis.legal_basis,
            child_assent=basis.child_assent,
        ),
        officer_name=session.user.name,
        officer_profession=session.user.profession or "",
        due_on=referral.due,
        due_provisional=referral.due_provisional,
        marked_necessary=frozenset(referral.marked_necessary),
        **values,
    )


def _initial_age_status(draft: CaseDraft) -> str:
    return "documented" if draft.birth.source.value == "document" else "declared"


def _centre_names(records: Records) -> tuple[str, str]:
    # The vault's own centre, the server centre's name once enrolled (docs/sync.md).
    centre = centre_of_vault(records.vault)
    return (centre.organisation, centre.name) if centre else ("", "")


def _last_sighting(records: Records, case_id: str, form: Any) -> Any:
    from app.storage.referral_index import MISSING_KIND

    episodes = records.find_by_field(MISSING_KIND, "case_id", case_id)
    if not episodes:
        return None
    last = episodes[-1].fields
    return form.LastSighting(
        when=dt.datetime.fromisoformat(last["last_seen_at"]),
        where=last.get("where", ""),
        with_whom=last.get("with_whom", ""),
        clothing=last.get("clothing", ""),
        belongings=last.get("belongings", ""),
        contacts=last.get("contacts", ""),
        risks=last.get("risks", ""),
        told=", ".join(last.get("told", [])),
    )


# -- statistics [G14][G15] ----------------------------------------------------------------
AGE_GROUPS = ((0, 5, "0-5"), (6, 11, "6-11"), (12, 14, "12-14"), (15, 17, "15-17"))


def age_group(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "unknown"
    age = year - birth_year
    for low, high, name in AGE_GROUPS:
        if low <= age <= high:
            return name
    return "18+" if age >= 18 else "unknown"


def stats_table(session: Session, *, today: dt.date | None = None) -> list[list[str]]:
    """[G14] Counts by age group, sex and nationality, referrals by type and state, and
    missing children, each table with its totals; [G15] every count 1-4 shows as "<5" and
    complementary cells as "x", so that no total reveals one (app/domain/stats.py)."""
    from app.domain import stats

    session.require(Permission.PRINT_REFERRAL)
    today = today or dt.date.today()
    vault = session.require_vault()
    repository = ReferralRepository(vault)
    profile = centre_profile(Records(vault))
    cells = profile.small_cells
    rows: list[list[str]] = [["table", "row", "column", "count"]]
    facts = repository.case_facts()

    def add(table: str, counts: dict[tuple[str, str], int]) -> None:
        rows.extend(
            [table, r, c, v]
            for (r, c), v in sorted(
                stats.suppress(counts, cells.low, cells.high, cells.shown_as).items()
            )
        )

    by_age_sex: dict[tuple[str, str], int] = {}
    by_nationality: dict[tuple[str, str], int] = {}
    for birth_year, sex, nationalities, accompaniment, _status, registered in facts:
        group = age_group(birth_year, int(registered[:4]))
        key = (group, sex or "unknown")
        by_age_sex[key] = by_age_sex.get(key, 0) + 1
        first = nationalities.split(",")[0] if nationalities else "unknown"
        nkey = (first, accompaniment)
        by_nationality[nkey] = by_nationality.get(nkey, 0) + 1
    add("cases_by_age_group_and_sex", by_age_sex)
    add("cases_by_nationality_and_accompaniment", by_nationality)
    by_type: dict[tuple[str, str], int] = {}
    for referral_type, state, *_rest in repository.referral_facts():
        by_type[(referral_type, state)] = by_type.get((referral_type, state), 0) + 1
    add("referrals_by_type_and_state", by_type)
    missing = {("missing", "open" if o else "found"): 0 for o in (0, 1)}
    for is_open, _since in repository.missing_facts():
        key = ("missing", "open" if is_open else "found")
        missing[key] += 1
    add("missing_children", missing)
    return rows


def save_stats_csv(session: Session, out: str | os.PathLike[str], *, replace: bool = False) -> int:
    """Write the statistics export (aggregate counts, small cells suppressed) where the
    manager asked, through the one private writer; audited as an export [G10]. Returns the
    bytes written."""
    session.require(Permission.PRINT_REFERRAL)
    outputs.check_output(out, replace=replace)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(stats_table(session))
    data = buffer.getvalue().encode("utf-8")
    outputs.write_private(out, data, replace=replace)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.EXPORT,
        record_id=None,
        detail="statistics csv",
    )
    return len(data)
