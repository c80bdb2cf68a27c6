"""Guardians as people, not a text field ([G4]-[G6]), and the directory of recipients.

The directory (kind ``directory_entry``) lists guardians and organisations: who they are,
the appointing authority [G5] (a guardian is independent of the centre's management, so
the app records who appointed them, not only a name), languages (the referral form's
language), contact. [R3] An entry that is immigration enforcement is refused.

An appointment (kind ``guardian_appointment``) ties a guardian to a child from a date;
a change of guardian ends the previous appointment with its reason, and both stay as the
child's history [G6]. Appointing accepts the child's guardian referral. The caseload of
each guardian is checked against the profile's maximum [G4].

Permissions: the directory is the centre's list of where data may go: adding to it is a
manager's (CHANGE_SETTINGS); reading it READ_CASE; appointing WRITE_CASE, and beyond the
ordinary caseload only a manager with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain import referral as rules
from app.domain.referral import RecipientKind, ReferralState
from app.domain.roles import Permission, Role
from app.errors import InvalidInput
from app.i18n import N_, _
from app.services import referrals
from app.services.session import Session
from app.storage.case_index import CASE_KIND
from app.storage.records import Records

DIRECTORY_KIND = referrals.DIRECTORY_KIND
APPOINTMENT_KIND = "guardian_appointment"
CHANGE_REASON = N_("Say why the guardian changes.")


def add_entry(
    session: Session,
    *,
    name: str,
    kind: str,
    appointing_authority: str = "",
    languages: list[str] | None = None,
    contact: str = "",
    organisation: str = "",
) -> str:
    """A guardian or organisation in the directory. [R3] Immigration enforcement is
    refused, by kind and by name; [G5] a guardian needs the appointing authority."""
    session.require(Permission.CHANGE_SETTINGS)
    problems = rules.firewall_problems(kind=kind, name=f"{name} {organisation}".strip())
    if problems:
        raise referrals.ReferralRefused(problems)
    if kind not in set(RecipientKind):
        raise InvalidInput(reason=_("Choose what kind of recipient this is."))
    if not name.strip():
        raise InvalidInput(reason=_("Enter a name."))
    if kind == RecipientKind.GUARDIAN and not appointing_authority.strip():
        raise InvalidInput(reason=_("Enter the authority that appoints this guardian."))
    return Records(session.require_vault()).insert(
        DIRECTORY_KIND,
        {
            "name": name.strip(),
            "kind": kind,
            "organisation": organisation.strip(),
            "appointing_authority": appointing_authority.strip(),
            "languages": list(languages or []),
            "contact": contact.strip(),
        },
        user_id=session.user.id,
    )


def directory(session: Session) -> list[dict[str, Any]]:
    session.require(Permission.READ_CASE)
    return [
        {"id": r.id, **r.fields}
        for r in Records(session.require_vault()).of_kind(DIRECTORY_KIND, limit=100_000)
    ]


def _active(records: Records, guardian_id: str) -> list[Any]:
    return [
        r
        for r in records.find_by_field(APPOINTMENT_KIND, "guardian_id", guardian_id)
        if not r.fields.get("ended_on")
    ]


@dataclass(frozen=True)
class Caseload:
    guardian_id: str
    name: str
    children: int
    limit: int  # the profile's ordinary maximum [G4]
    exceptional_limit: int

    @property
    def over(self) -> bool:
        return self.children > self.limit


def caseloads(session: Session) -> list[Caseload]:
    """[G4] Children per guardian against the profile's maximum."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    profile = referrals.centre_profile(records)
    found = []
    for entry in records.of_kind(DIRECTORY_KIND, limit=100_000):
        if entry.fields.get("kind") != RecipientKind.GUARDIAN:
            continue
        found.append(
            Caseload(
                guardian_id=entry.id,
                name=str(entry.fields.get("name", "")),
                children=len(_active(records, entry.id)),
                limit=profile.caseload.ordinary,
                exceptional_limit=profile.caseload.exceptional,
            )
        )
    return found


def appoint(
    session: Session,
    case_id: str,
    guardian_id: str,
    *,
    appointed_on: dt.date,
    reason: str = "",
    over_limit_reason: str = "",
) -> str:
    """[G4]-[G6] Appoint ``guardian_id`` as the child's guardian from ``appointed_on``.
    A child who has a guardian gets a change of guardian: the previous appointment ends,
    with ``reason`` (required), and stays in the history. The guardian referral is
    accepted (sent first if it was a draft), in the same transaction. Beyond the
    profile's ordinary caseload only a manager with ``over_limit_reason``; never beyond
    the exceptional one."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    case = records.get(case_id)
    if case is None or case.kind != CASE_KIND or case.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    entry = records.get(guardian_id)
    if entry is None or entry.kind != DIRECTORY_KIND or entry.fields.get("kind") != "guardian":
        raise InvalidInput(reason=_("Choose a guardian from the directory."))
    profile = referrals.centre_profile(records)
    count = len(_active(records, guardian_id))
    refused = rules.caseload_problem(
        name=str(entry.fields.get("name", "")),
        count=count,
        ordinary=profile.caseload.ordinary,
        exceptional=profile.caseload.exceptional,
        reason=over_limit_reason,
        manager=session.user.role == Role.MANAGER,
    )
    if refused is not None:
        raise referrals.ReferralRefused([refused])
    current = [
        r
        for r in records.find_by_field(APPOINTMENT_KIND, "case_id", case_id)
        if not r.fields.get("ended_on")
    ]
    if current and not reason.strip():
        raise InvalidInput(CHANGE_REASON)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with records.unit(user_id=session.user.id) as unit:
        for previous in current:
            unit.update(
                previous.id,
                {"ended_on": appointed_on.isoformat(), "end_reason": reason.strip()},
            )
        made = unit.insert(
            APPOINTMENT_KIND,
            {
                "case_id": case_id,
                "guardian_id": guardian_id,
                "appointing_authority": entry.fields.get("appointing_authority", ""),
                "appointed_on": appointed_on.isoformat(),
                "over_limit_reason": over_limit_reason.strip(),
                "appointed_by": session.user.id,
            },
        )
        referral_record = unit.get(rules.guardian_referral_id(case_id))
        if referral_record is not None:
            referral = rules.Referral.model_validate(referral_record.fields)
            steps = {
                ReferralState.DRAFT: [ReferralState.SENT, ReferralState.ACCEPTED],
                ReferralState.SENT: [ReferralState.ACCEPTED],
                ReferralState.DECLINED: [
                    ReferralState.DRAFT,
                    ReferralState.SENT,
                    ReferralState.ACCEPTED,
                ],
            }.get(referral.state, [])
            for step in steps:
                referral = rules.transition(referral, step, at=now, by=session.user.id)
            if steps:
                referral = referral.model_copy(update={"recipient_id": guardian_id})
                unit.update(referral_record.id, referrals._store(referral))
    return made


@dataclass(frozen=True)
class Appointment:
    id: str
    guardian_id: str
    guardian_name: str
    appointing_authority: str
    appointed_on: dt.date
    ended_on: dt.date | None
    end_reason: str


def guardian_history(session: Session, case_id: str) -> list[Appointment]:
    """[G6] Every guardian the child had, oldest first."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    found = []
    for r in records.find_by_field(APPOINTMENT_KIND, "case_id", case_id):
        entry = records.get(str(r.fields["guardian_id"]))
        ended = r.fields.get("ended_on")
        found.append(
            Appointment(
                id=r.id,
                guardian_id=str(r.fields["guardian_id"]),
                guardian_name=str(entry.fields.get("name", "")) if entry else "",
                appointing_authority=str(r.fields.get("appointing_authority", "")),
                appointed_on=dt.date.fromisoformat(r.fields["appointed_on"]),
                ended_on=dt.date.fromisoformat(ended) if ended else None,
                end_reason=str(r.fields.get("end_reason", "")),
            )
        )
    return sorted(found, key=lambda a: (a.appointed_on, a.id))


def changed_guardian_cases(session: Session) -> list[str]:
    """[G6] Children whose guardian changed (continuity matters): case ids."""
    session.require(Permission.READ_CASE)
    records = Records(session.require_vault())
    seen: dict[str, int] = {}
    for r in records.of_kind(APPOINTMENT_KIND, limit=1_000_000):
        seen[str(r.fields["case_id"])] = seen.get(str(r.fields["case_id"]), 0) + 1
    return sorted(case for case, n in seen.items() if n > 1)


def demo_answers(session: Session, *, seed: int, today: dt.date) -> int:
    """``harbour demo`` (synthetic data only): a few guardians appointed, referrals sent
    and declined, children missing and found, deterministic by seed, so that the demo
    vault holds answered referrals beside the due and overdue ones. Returns how many
    referrals were answered or sent."""
    from app.services import missing
    from app.storage.referral_index import ReferralRepository

    session.require(Permission.CHANGE_SETTINGS)
    import random

    rng = random.Random(f"answers {seed}")
    rows = ReferralRepository(session.require_vault()).rows(types=("guardian",), states=("draft",))
    rows = sorted(rows, key=lambda r: r.id)
    rng.shuffle(rows)
    appoint_n = min(200, len(rows) * 3 // 10)
    send_n = min(150, len(rows) // 5)
    decline_n = min(20, len(rows) // 30)
    people = [
        add_entry(
            session,
            name=f"Synthetic guardian {i + 1}",
            kind=RecipientKind.GUARDIAN,
            appointing_authority="District court (synthetic)",
            languages=[rng.choice(["fr", "ar", "en", "prs"])],
            contact=f"+00 000 {i:04d}",
        )
        for i in range(max(1, -(-appoint_n // 20)))
    ]
    for i, row in enumerate(rows[:appoint_n]):
        appoint(session, row.case_id, people[i % len(people)], appointed_on=today)
    for row in rows[appoint_n : appoint_n + send_n + decline_n]:
        referrals.change_state(session, row.id, ReferralState.SENT)
    for row in rows[appoint_n + send_n : appoint_n + send_n + decline_n]:
        referrals.change_state(
            session, row.id, ReferralState.DECLINED, reason="no guardian free (synthetic)"
        )
    # A demo run again on the same vault finds the first run's missing children among the
    # draft referrals: marking one twice is refused (and the run failed now and then, as
    # the rows' order follows their random ids).
    open_episode = ReferralRepository(session.require_vault()).open_episode
    lost = [r for r in rows[appoint_n + send_n + decline_n :] if not open_episode(r.case_id)][:3]
    for i, row in enumerate(lost):
        seen = dt.datetime.combine(today, dt.time(7 + i), tzinfo=dt.UTC)
        missing.mark_missing(
            session,
            row.case_id,
            missing.Sighting(
                seen_at=seen,
                where="near the centre (synthetic)",
                clothing="blue jacket",
                told=("police", "guardian"),
            ),
        )
    if lost:
        missing.mark_found(
            session,
            lost[0].case_id,
            found_at=dt.datetime.combine(today, dt.time(18), tzinfo=dt.UTC),
            where="railway station (synthetic)",
            condition="tired, unharmed",
        )
    return appoint_n + send_n + decline_n
