"""[G4]-[G6] Guardians as people: directory with the appointing authority, appointment and
change as history, caseload against the profile's maximum."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain import referral as rules
from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.domain.referral import ReferralState
from app.domain.roles import Role
from app.errors import InvalidInput
from app.services import cases, guardians, referrals
from app.services.session import Session

DAY = dt.date(2026, 11, 20)


def drafts(n: int) -> list[CaseDraft]:
    return [
        CaseDraft(
            names=Names(given=f"Child {i}"),
            birth=Birth(declared_age=15),
            separation=Separation(status=Accompaniment.UNACCOMPANIED),
        )
        for i in range(n)
    ]


def guardian(manager, name: str = "Nadia Haddad") -> str:
    return guardians.add_entry(
        manager,
        name=name,
        kind="guardian",
        appointing_authority="Tribunal judiciaire de Lyon",
        languages=["fr", "ar"],
        contact="+33 4 00 00 00 00",
    )


def test_G5_a_guardian_is_recorded_with_the_appointing_authority(manager) -> None:
    with pytest.raises(InvalidInput):
        guardians.add_entry(manager, name="No Authority", kind="guardian")
    entry = guardian(manager)
    (found,) = guardians.directory(manager)
    assert found["id"] == entry
    assert found["appointing_authority"] == "Tribunal judiciaire de Lyon"


def test_G4_G6_appointing_accepts_the_referral_and_a_change_keeps_history(manager) -> None:
    (case_id,) = cases.import_cases(manager, drafts(1))
    first, second = guardian(manager), guardian(manager, "Omar Saleh")
    guardians.appoint(manager, case_id, first, appointed_on=DAY)
    referral = referrals.get_referral(manager, rules.guardian_referral_id(case_id))
    assert referral.state == ReferralState.ACCEPTED and referral.recipient_id == first
    assert referrals.dashboard(manager).without_guardian == []
    with pytest.raises(InvalidInput):
        guardians.appoint(manager, case_id, second, appointed_on=DAY + dt.timedelta(days=9))
    guardians.appoint(
        manager,
        case_id,
        second,
        appointed_on=DAY + dt.timedelta(days=9),
        reason="first guardian moved away",
    )
    history = guardians.guardian_history(manager, case_id)
    assert [(a.guardian_name, a.ended_on) for a in history] == [
        ("Nadia Haddad", DAY + dt.timedelta(days=9)),
        ("Omar Saleh", None),
    ]
    assert history[0].end_reason == "first guardian moved away"
    assert guardians.changed_guardian_cases(manager) == [case_id]  # [G6] continuity


def test_G4_beyond_30_children_only_a_manager_with_a_reason(manager) -> None:
    ids = cases.import_cases(manager, drafts(31))
    person = guardian(manager)
    for case_id in ids[:30]:
        guardians.appoint(manager, case_id, person, appointed_on=DAY)
    (load,) = guardians.caseloads(manager)
    assert (load.children, load.limit, load.exceptional_limit) == (30, 30, 50)
    officer = Session(manager.vault, replace(manager.user, role=Role.INTAKE_OFFICER))
    with pytest.raises(referrals.ReferralRefused) as refused:
        guardians.appoint(officer, ids[30], person, appointed_on=DAY, over_limit_reason="x")
    assert refused.value.rules == ["G4"]
    with pytest.raises(referrals.ReferralRefused):
        guardians.appoint(manager, ids[30], person, appointed_on=DAY)
    guardians.appoint(
        manager, ids[30], person, appointed_on=DAY, over_limit_reason="only Arabic speaker"
    )
    assert guardians.caseloads(manager)[0].over


def test_G6_children_without_a_guardian_are_listed_latest_first(manager) -> None:
    early = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    later_id, earlier_id = cases.import_cases(manager, drafts(2), registered=[late, early])
    board = referrals.dashboard(manager, today=dt.date(2026, 11, 27))
    assert [r.case_id for r in board.without_guardian] == [earlier_id, later_id]
    assert board.without_guardian[0].working_days_late > board.without_guardian[1].working_days_late
