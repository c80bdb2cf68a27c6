"""Missing children ([G11]-[G13]).

"Mark missing" records the last sighting (when, where, with whom, clothing, what they
had, known contacts and risks, who was told) as a missing episode, sets the case's status
to missing, opens the police referral and raises the alert — all in one transaction. The
alert is the open episode: ``open_alerts`` lists them for the banner and the top of the
dashboard. "Mark found" closes the episode with where, when and in what condition, sets
the case open again, closes the police referral and prompts the return interview (a flag
on the episode, listed by ``return_interviews_due`` until recorded).

Permissions: marking missing or found and recording the return interview WRITE_CASE (any
officer who works the case, at once, day or night); reading alerts READ_CASE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain import referral as rules
from app.domain.case import Urgency
from app.domain.referral import (
    BasisKind,
    RecipientKind,
    Referral,
    ReferralState,
    ReferralType,
    SharingBasis,
)
from app.domain.roles import Permission
from app.errors import InvalidInput
from app.i18n import N_, _
from app.services import referrals
from app.services.session import Session
from app.storage.case_index import CASE_KIND
from app.storage.cases import CaseRepository
from app.storage.records import Records
from app.storage.referral_index import MISSING_KIND, REFERRAL_KIND, ReferralRepository

ALREADY_MISSING = N_("This child is already marked missing.")
NOT_MISSING = N_("This child is not marked missing.")
FOUND_REASON = N_("The child was found.")
# [G11] Telling the police a child is missing protects the child's life and safety: the
# legal basis recorded with the police referral (no consent can be asked of a missing child).
POLICE_BASIS = "GDPR Art. 6(1)(d) and 9(2)(c): vital interests of the child (missing child)"


@dataclass(frozen=True)
class Sighting:
    """[G11] The last sighting, as the officer knows it."""

    seen_at: dt.datetime
    where: str
    with_whom: str = ""
    clothing: str = ""
    belongings: str = ""  # what they had with them
    contacts: str = ""  # known contacts
    risks: str = ""  # risk factors (trafficking indicators, health, age ...)
    told: tuple[str, ...] = ()  # who was told: "police", "guardian", "child_protection" ...


def _case(records: Records, case_id: str) -> Any:
    record = records.get(case_id)
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    return record


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def mark_missing(session: Session, case_id: str, sighting: Sighting) -> str:
    """[G11] Record the sighting, set the case missing, open the police referral (sent
    when the police were told) and raise the alert, in one transaction. Returns the
    episode id."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    case = _case(records, case_id)
    if ReferralRepository(session.require_vault()).open_episode(case_id):
        raise InvalidInput(ALREADY_MISSING)
    if not sighting.where.strip():
        raise InvalidInput(reason=_("Say where the child was last seen."))
    now = _now()
    profile = referrals.centre_profile(records)
    # [G12] The missing-child notice can be printed at once: the centre's police contact
    # (its first police entry in the directory) is the recipient, and the legal basis is
    # recorded with it, so nothing stands between marking and printing.
    police_entries = [
        r
        for r in records.of_kind(referrals.DIRECTORY_KIND, limit=100_000)
        if r.fields.get("kind") == RecipientKind.POLICE
    ]
    recipient = police_entries[0].id if police_entries else ""
    with records.unit(user_id=session.user.id) as unit:
        episode_id = unit.insert(
            MISSING_KIND,
            {
                "case_id": case_id,
                "last_seen_at": sighting.seen_at.isoformat(timespec="minutes"),
                "where": sighting.where.strip(),
                "with_whom": sighting.with_whom.strip(),
                "clothing": sighting.clothing.strip(),
                "belongings": sighting.belongings.strip(),
                "contacts": sighting.contacts.strip(),
                "risks": sighting.risks.strip(),
                "told": list(sighting.told),
                "reported_by": session.user.id,
                "found": None,
            },
            audit_detail="G11",
        )
        unit.update(case_id, {"status": "missing"})
        police = Referral(
            case_id=case_id,
            type=ReferralType.POLICE_MISSING,
            automatic=True,
            urgency=Urgency.URGENT,
            reason="missing child",
            recipient_id=recipient,
            history=[
                rules.StateChange(
                    state=ReferralState.DRAFT,
                    at=now.isoformat(timespec="seconds"),
                    by=session.user.id,
                )
            ],
            basis=SharingBasis(
                kind=BasisKind.LEGAL_BASIS,
                referral_type=ReferralType.POLICE_MISSING,
                recipient_id=recipient,
                legal_basis=POLICE_BASIS,
                recorded_at=now.isoformat(timespec="seconds"),
                recorded_by=session.user.id,
            ),
        )
        if "police" in sighting.told:
            police = rules.transition(police, ReferralState.SENT, at=now, by=session.user.id)
        police = referrals._with_deadline(
            police, profile, registered=dt.date.fromisoformat(case.fields["registered_at"][:10])
        )
        unit.insert(
            REFERRAL_KIND,
            referrals._store(police),
            record_id=rules.police_referral_id(case_id, episode_id),
            audit_detail="G11",
        )
    return episode_id


@dataclass(frozen=True)
class Alert:
    episode_id: str
    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    last_seen_at: str


def open_alerts(session: Session) -> list[Alert]:
    """[G11] Every child missing now, the longest missing first: the banner on every page
    and the top of the dashboard."""
    session.require(Permission.READ_CASE)
    return [
        Alert(r.episode_id, r.case_id, r.case_number, r.display_name, r.display_latin, r.since)
        for r in ReferralRepository(session.require_vault()).missing()
    ]


def mark_found(
    session: Session, case_id: str, *, found_at: dt.datetime, where: str, condition: str
) -> str:
    """[G13] The child is back: the episode closes with where, when and in what condition,
    the case is open again, the police referral is completed (or cancelled when it was
    never sent), and the return interview is prompted. Returns the episode id."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    _case(records, case_id)
    episode_id = ReferralRepository(session.require_vault()).open_episode(case_id)
    if episode_id is None:
        raise InvalidInput(NOT_MISSING)
    now = _now()
    reason = FOUND_REASON  # stored as its msgid, shown in the reader's language
    with records.unit(user_id=session.user.id) as unit:
        unit.update(
            episode_id,
            {
                "found": {
                    "at": found_at.isoformat(timespec="minutes"),
                    "where": where.strip(),
                    "condition": condition.strip(),
                    "by": session.user.id,
                },
                "return_interview": "due",  # [G13] prompted until recorded
            },
        )
        unit.update(case_id, {"status": "open"})
        police_id = rules.police_referral_id(case_id, episode_id)
        record = unit.get(police_id)
        if record is not None:
            police = Referral.model_validate(record.fields)
            steps = {
                ReferralState.DRAFT: [ReferralState.CANCELLED],
                ReferralState.SENT: [ReferralState.ACCEPTED, ReferralState.COMPLETED],
                ReferralState.ACCEPTED: [ReferralState.COMPLETED],
            }.get(police.state, [])
            for step in steps:
                police = rules.transition(police, step, at=now, by=session.user.id, reason=reason)
            if steps:
                unit.update(police_id, referrals._store(police))
    return episode_id


def return_interviews_due(session: Session) -> list[str]:
    """[G13] Episodes whose return interview is still to be held (episode ids)."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    return [r.id for r in records.find_by_field(MISSING_KIND, "return_interview", "due")]


@dataclass(frozen=True)
class InterviewDue:
    """[G13] A child back from missing whose return interview is still to be held."""

    episode_id: str
    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    found_at: str  # as recorded: ISO date-time, UTC, to the minute
    found_where: str


def interviews_due(session: Session, *, case_id: str | None = None) -> list[InterviewDue]:
    """[G13] Every return interview still due (one child's with ``case_id``), the
    longest waiting first: the case view shows its own, the dashboard all of them."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    records = Records(vault)
    cases = CaseRepository(vault)
    found = []
    for record in records.find_by_field(MISSING_KIND, "return_interview", "due"):
        fields = record.fields
        if record.deleted or (case_id is not None and fields.get("case_id") != case_id):
            continue
        row = cases.row(str(fields.get("case_id", "")))
        if row is None:
            continue
        back = fields.get("found") or {}
        found.append(
            InterviewDue(
                episode_id=record.id,
                case_id=row.id,
                case_number=row.case_number,
                display_name=row.display_name,
                display_latin=row.display_latin,
                found_at=str(back.get("at", "")),
                found_where=str(back.get("where", "")),
            )
        )
    return sorted(found, key=lambda d: d.found_at)


def notice_referral(session: Session, case_id: str) -> str | None:
    """[G12] The police referral of the child's open missing episode (its form is the
    missing-child notice), or None when the child is not missing."""
    session.require(Permission.READ_CASE)
    episode_id = ReferralRepository(session.require_vault()).open_episode(case_id)
    return rules.police_referral_id(case_id, episode_id) if episode_id else None


def record_return_interview(
    session: Session, episode_id: str, *, held_on: dt.date, why_left: str, exploited: str
) -> None:
    """[G13] The return interview: why the child left, whether they were exploited."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    record = records.get(episode_id)
    if record is None or record.kind != MISSING_KIND or not record.fields.get("found"):
        raise InvalidInput(NOT_MISSING)
    records.update(
        episode_id,
        {
            "return_interview": "held",
            "interview": {
                "held_on": held_on.isoformat(),
                "why_left": why_left.strip(),
                "exploited": exploited.strip(),
                "by": session.user.id,
            },
        },
        user_id=session.user.id,
    )
