"""Referral rules without a vault: workflow, ids, [G1] [G3] [G4] [G7] [G9] [R3]."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import referral as rules
from app.domain.case import (
    Accompaniment,
    Adult,
    CaseDraft,
    Concern,
    Names,
    Separation,
    Urgency,
    Vulnerability,
)
from app.domain.referral import BasisKind, Referral, ReferralState, SharingBasis

AT = dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC)


def case(status: Accompaniment, *concerns: tuple[Concern, Urgency]) -> CaseDraft:
    adult = Adult(name="A", relation="uncle") if status != Accompaniment.UNACCOMPANIED else None
    return CaseDraft(
        names=Names(given="Amina"),
        separation=Separation(status=status, adult=adult),
        vulnerabilities=[Vulnerability(concern=c, urgency=u) for c, u in concerns],
    )


def test_G1_unaccompanied_and_separated_need_a_guardian_accompanied_not() -> None:
    assert rules.needs_guardian(case(Accompaniment.UNACCOMPANIED), adult=False)
    assert rules.needs_guardian(case(Accompaniment.SEPARATED), adult=False)
    assert not rules.needs_guardian(case(Accompaniment.ACCOMPANIED), adult=False)


def test_G3_only_a_concluded_adult_is_the_exception() -> None:
    assert not rules.needs_guardian(case(Accompaniment.UNACCOMPANIED), adult=True)


def test_G1_the_guardian_referral_id_is_the_same_on_every_laptop() -> None:
    assert rules.guardian_referral_id("case-1") == rules.guardian_referral_id("case-1")
    assert rules.guardian_referral_id("case-1") != rules.guardian_referral_id("case-2")
    assert rules.proposed_referral_id("case-1", "health") != rules.guardian_referral_id("case-1")


def test_G7_urgent_concerns_propose_one_referral_per_type_routine_ones_none() -> None:
    found = rules.proposals(
        case(
            Accompaniment.UNACCOMPANIED,
            (Concern.TRAFFICKING, Urgency.URGENT),
            (Concern.EXPLOITATION_SEXUAL, Urgency.URGENT),
            (Concern.HEALTH, Urgency.ROUTINE),
            (Concern.TRAUMA, Urgency.URGENT),
        )
    )
    assert found == [(Concern.TRAFFICKING, "anti_trafficking"), (Concern.TRAUMA, "mental_health")]


def test_every_suggested_referral_is_a_referral_type() -> None:
    from app.domain.case import SUGGESTED_REFERRAL

    assert set(SUGGESTED_REFERRAL.values()) <= set(rules.ReferralType)


def referral(state: ReferralState = ReferralState.DRAFT) -> Referral:
    return Referral(case_id="c", type="guardian", state=state)


@pytest.mark.parametrize(
    ("start", "path"),
    [
        (
            ReferralState.DRAFT,
            [ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.COMPLETED],
        ),
        (ReferralState.DRAFT, [ReferralState.SENT, ReferralState.DECLINED, ReferralState.DRAFT]),
        (ReferralState.DRAFT, [ReferralState.CANCELLED, ReferralState.DRAFT]),
    ],
)
def test_the_workflow_allows_its_paths(start, path) -> None:
    current = referral(start)
    for state in path:
        current = rules.transition(current, state, at=AT, by="u", reason="why")
    assert [c.state for c in current.history] == path


@pytest.mark.parametrize(
    ("start", "wanted"),
    [
        (ReferralState.DRAFT, ReferralState.ACCEPTED),
        (ReferralState.DRAFT, ReferralState.COMPLETED),
        (ReferralState.SENT, ReferralState.COMPLETED),
        (ReferralState.COMPLETED, ReferralState.CANCELLED),
        (ReferralState.DECLINED, ReferralState.ACCEPTED),
    ],
)
def test_the_workflow_refuses_other_steps(start, wanted) -> None:
    with pytest.raises(rules.Refused) as refused:
        rules.transition(referral(start), wanted, at=AT, by="u", reason="why")
    assert refused.value.message == rules.NOT_ALLOWED
    assert refused.value.params == {"current": start.value, "wanted": wanted.value}


def test_declining_and_cancelling_need_a_reason_and_are_dated_and_attributed() -> None:
    with pytest.raises(rules.Refused):
        rules.transition(referral(ReferralState.SENT), ReferralState.DECLINED, at=AT, by="u")
    with pytest.raises(rules.Refused):
        rules.transition(referral(), ReferralState.CANCELLED, at=AT, by="u", reason="  ")
    with pytest.raises(rules.Refused) as refused:
        rules.transition(referral(ReferralState.SENT), ReferralState.DECLINED, at=AT, by="u")
    assert refused.value.message == rules.REASON_NEEDED
    done = rules.transition(referral(), ReferralState.SENT, at=AT, by="u1", reason=" note ")
    assert done.sent_on == AT.date() and done.answered_on is None
    assert done.history == [
        rules.StateChange(state="sent", at="2026-11-27T10:00:00+00:00", by="u1", reason="note")
    ]
    later = AT + dt.timedelta(days=3)
    answered = rules.transition(done, ReferralState.DECLINED, at=later, by="u2", reason="full")
    assert answered.answered_on == later.date() and answered.sent_on == AT.date()
    reopened = rules.transition(answered, ReferralState.DRAFT, at=later, by="u2")
    assert (reopened.sent_on, reopened.answered_on) == (None, None)
    assert [c.state for c in reopened.history] == ["sent", "declined", "draft"]


def test_G4_caseload_30_freely_50_with_a_managers_reason_never_more() -> None:
    def check(count: int, *, reason: str = "", manager: bool = True):
        return rules.caseload_problem(
            name="G", count=count, ordinary=30, exceptional=50, reason=reason, manager=manager
        )

    assert check(29) is None
    refused = check(30)
    assert (refused.rule, refused.message) == ("G4", rules.CASELOAD_REASON)
    assert refused.params == {"name": "G", "count": 30, "limit": 30}
    assert check(30, reason="no other guardian speaks Tigrinya") is None
    assert check(30, reason="x", manager=False).rule == "G4"
    assert check(49, reason="x") is None
    full = check(50, reason="x")
    assert (full.rule, full.message) == ("G4", rules.CASELOAD_FULL)
    assert full.params == {"name": "G", "count": 50, "limit": 50}


def basis(**change) -> SharingBasis:
    values = dict(
        kind=BasisKind.CONSENT,
        referral_type="guardian",
        recipient_id="r1",
        given_by="child",
        language="fra",
        granted=True,
    )
    values.update(change)
    return SharingBasis(**values)


def shared(basis_: SharingBasis | None, kind: str | None = "guardianship_authority"):
    ref = Referral(case_id="c", type="guardian", recipient_id="r1" if kind else "", basis=basis_)
    return [(p.rule, p.message) for p in rules.sharing_problems(ref, kind)]


def test_G9_consent_for_this_service_and_recipient_or_a_legal_basis() -> None:
    assert shared(basis()) == []
    assert shared(basis(kind=BasisKind.LEGAL_BASIS, given_by="", legal_basis="RCD 27")) == []
    assert shared(None) == [("G9", rules.NO_BASIS)]
    assert shared(basis(recipient_id="r2")) == [("G9", rules.BASIS_OTHER)]
    assert shared(basis(referral_type="health")) == [("G9", rules.BASIS_OTHER)]
    assert shared(basis(granted=False)) == [("G9", rules.CONSENT_REFUSED)]
    assert shared(basis(given_by="")) == [("G9", rules.CONSENT_WHO)]
    assert shared(basis(kind=BasisKind.LEGAL_BASIS, legal_basis=" ")) == [("G9", rules.NO_BASIS)]
    assert shared(basis(), kind=None)[0] == ("G9", rules.NO_RECIPIENT)


def test_G8_a_recipient_of_another_kind_is_refused() -> None:
    assert shared(basis(), kind="health") == [("G8", rules.WRONG_RECIPIENT)]


def test_R3_immigration_enforcement_is_never_a_recipient() -> None:
    assert shared(basis(), kind="immigration_enforcement")[0] == ("R3", rules.FIREWALL)
    for name in (
        "Immigration Office",
        "Service de l'éloignement",
        "Ausländerbehörde Köln",
        "Frontex liaison",
        "Deportation unit",
        "Border Police",
    ):
        assert rules.firewall_problems(kind="ngo", name=name), name
    for name in ("Legal Aid Clinic", "Red Cross RFL", "Children's Hospital"):
        assert rules.firewall_problems(kind="ngo", name=name) == [], name


def test_R3_no_referral_type_goes_to_immigration_enforcement() -> None:
    for referral_type in rules.ReferralType:
        assert rules.RecipientKind.IMMIGRATION_ENFORCEMENT not in rules.allowed_recipients(
            referral_type
        )
    assert rules.RecipientKind.IMMIGRATION_ENFORCEMENT not in rules.allowed_recipients(
        "custom:anything"
    )


@pytest.mark.parametrize("word", rules.ENFORCEMENT_WORDS)
def test_R3_every_enforcement_word_refuses_a_name_that_holds_it(word: str) -> None:
    name = f"Office {word.title()} North"
    (problem,) = rules.firewall_problems(kind="ngo", name=name)
    assert (problem.rule, problem.message) == ("R3", rules.FIREWALL)
    assert rules.enforcement_word(name) == rules._fold(word)
    assert rules.firewall_problems(kind="ngo", name=f"Office {word[:-1]}q North") == []
