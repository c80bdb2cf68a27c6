"""Referrals on a real vault: automatic openings in the change's own transaction [G1][G3]
[G7], deadlines from the application dates [G2], the workflow, sharing [G9] and the
firewall [R3], lists from the index."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import referral as rules
from app.domain.age import Conclusion
from app.domain.case import (
    Accompaniment,
    Adult,
    Answer,
    Application,
    Birth,
    CaseDraft,
    Concern,
    Names,
    Separation,
    Urgency,
    Vulnerability,
)
from app.domain.referral import ReferralState
from app.errors import InvalidInput, PermissionDenied
from app.services import cases, referrals
from app.storage.records import Records
from app.storage.referral_index import ReferralRepository

TODAY = dt.date(2026, 12, 18)


def child(
    status: Accompaniment = Accompaniment.UNACCOMPANIED,
    *,
    lodged: dt.date | None = None,
    urgent: Concern | None = None,
) -> CaseDraft:
    separation = Separation(status=status)
    if status != Accompaniment.UNACCOMPANIED:
        separation = Separation(status=status, adult=Adult(name="Adult", relation="uncle"))
    return CaseDraft(
        names=Names(given="Amina", family="Yusuf"),
        birth=Birth(declared_age=15),
        separation=separation,
        application=Application(lodged=Answer.of(lodged)) if lodged else Application(),
        vulnerabilities=[Vulnerability(concern=urgent, urgency=Urgency.URGENT)] if urgent else [],
    )


def referrals_of(session, case_id: str) -> list[rules.Referral]:
    return referrals.referrals_for_case(session, case_id)


def test_G1_registering_an_unaccompanied_child_opens_one_guardian_referral(manager) -> None:
    row = cases.register_case(manager, child(), today=TODAY)
    found = referrals_of(manager, row.id)
    assert [(r.type, r.state, r.automatic) for r in found] == [
        ("guardian", ReferralState.DRAFT, True)
    ]
    record = Records(manager.vault).get(rules.guardian_referral_id(row.id))
    assert record is not None and record.fields["case_id"] == row.id  # the derived id


def test_G1_a_separated_child_too_and_an_accompanied_child_not(manager) -> None:
    separated = cases.register_case(manager, child(Accompaniment.SEPARATED), today=TODAY)
    accompanied = cases.register_case(manager, child(Accompaniment.ACCOMPANIED), today=TODAY)
    assert [r.type for r in referrals_of(manager, separated.id)] == ["guardian"]
    assert referrals_of(manager, accompanied.id) == []


def test_G1_editing_a_child_to_unaccompanied_opens_it_and_back_cancels_it(manager) -> None:
    row = cases.register_case(manager, child(Accompaniment.ACCOMPANIED), today=TODAY)
    cases.update_case(manager, row.id, child(), today=TODAY)
    assert [r.state for r in referrals_of(manager, row.id)] == [ReferralState.DRAFT]
    cases.update_case(manager, row.id, child(Accompaniment.ACCOMPANIED), today=TODAY)
    (kept,) = referrals_of(manager, row.id)
    assert kept.state == ReferralState.CANCELLED and kept.history[-1].reason


def test_G1_import_opens_a_guardian_referral_per_child(manager) -> None:
    ids = cases.import_cases(manager, [child(), child(), child(Accompaniment.ACCOMPANIED)])
    assert [len(referrals_of(manager, i)) for i in ids] == [1, 1, 0]


def test_G2_deadline_provisional_from_registration_then_from_lodging(manager) -> None:
    row = cases.register_case(manager, child(), today=dt.date.today())
    (first,) = referrals_of(manager, row.id)
    assert first.due_provisional and first.due is not None
    cases.update_case(manager, row.id, child(lodged=dt.date(2026, 11, 20)), today=TODAY)
    (second,) = referrals_of(manager, row.id)
    assert not second.due_provisional
    assert second.due == dt.date(2026, 12, 11)  # 15 working days after Friday 20 November


def test_G7_an_urgent_concern_proposes_its_referral_once(manager) -> None:
    row = cases.register_case(manager, child(urgent=Concern.TRAFFICKING), today=TODAY)
    types = sorted(r.type for r in referrals_of(manager, row.id))
    assert types == ["anti_trafficking", "guardian"]
    cases.update_case(manager, row.id, child(urgent=Concern.TRAFFICKING), today=TODAY)
    assert len(referrals_of(manager, row.id)) == 2
    proposed = ReferralRepository(manager.vault).proposed()
    assert [(p.case_id, p.type) for p in proposed] == [(row.id, "anti_trafficking")]


def test_G3_an_adult_conclusion_cancels_the_guardian_referral_never_deletes(manager) -> None:
    from app.services import age

    row = cases.register_case(manager, child(), today=TODAY)
    adult = Conclusion(
        minor=False,
        concluded_min_age=19,
        concluded_max_age=22,
        assigned_birth_date=dt.date(2007, 1, 1),
        inconclusive=False,
        basis=[],
    )
    age._apply_conclusion(manager, row.id, adult)
    (kept,) = referrals_of(manager, row.id)
    assert kept.state == ReferralState.CANCELLED
    assert kept.history[-1].reason == rules.ADULT_REASON
    # An edit afterwards does not reopen it: the person is an adult [G3].
    cases.update_case(manager, row.id, child(lodged=dt.date(2026, 11, 2)), today=TODAY)
    (still,) = referrals_of(manager, row.id)
    assert still.state == ReferralState.CANCELLED


def test_G3_benefit_of_the_doubt_keeps_the_guardian_referral(manager) -> None:
    from app.services import age

    row = cases.register_case(manager, child(), today=TODAY)
    doubt = Conclusion(
        minor=True,
        concluded_min_age=17,
        concluded_max_age=19,
        assigned_birth_date=dt.date(2009, 1, 1),
        inconclusive=False,
        basis=[],
    )
    age._apply_conclusion(manager, row.id, doubt)
    (kept,) = referrals_of(manager, row.id)
    assert kept.state == ReferralState.DRAFT


def _directory(manager, kind: str = "guardianship_authority", name: str = "Guardian Office"):
    from app.services import guardians

    return guardians.add_entry(
        manager,
        name=name,
        kind=kind,
        appointing_authority="District court",
        languages=["fr"],
        contact="+33 1 00 00 00 00",
    )


def test_G9_printing_is_refused_naming_what_is_missing(manager) -> None:
    row = cases.register_case(manager, child(), today=TODAY)
    with pytest.raises(referrals.ReferralRefused) as refused:
        referrals.form_data(manager, row.id, "guardian")
    assert set(refused.value.rules) == {"G9"}
    assert "No recipient" in str(refused.value)
    referral_id = rules.guardian_referral_id(row.id)
    office = _directory(manager)
    referrals.set_recipient(manager, referral_id, office)
    with pytest.raises(referrals.ReferralRefused, match="Record the consent"):
        referrals.form_data(manager, row.id, "guardian")
    referrals.record_basis(
        manager, referral_id, consent_given_by="child", language="fra", granted=True
    )
    data = referrals.form_data(manager, row.id, "guardian")
    assert data.recipient_name == "Guardian Office" and data.language == "fr"
    assert data.basis.recorded and data.basis.consent_by == "child"


def test_G8_the_form_data_holds_only_the_fields_of_its_type(manager) -> None:
    from app.reports.referral_form import build_referral_pdf

    row = cases.register_case(manager, child(urgent=Concern.TRAFFICKING), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    referrals.set_recipient(manager, referral_id, _directory(manager))
    referrals.record_basis(manager, referral_id, legal_basis="RCD Art. 27(1)")
    data = referrals.form_data(manager, row.id, "guardian")
    assert data.trafficking_indicators == () and data.health_needs == ""
    assert data.accompaniment == "unaccompanied"
    assert build_referral_pdf(data).startswith(b"%PDF")
    trafficking = rules.proposed_referral_id(row.id, "anti_trafficking")
    point = _directory(manager, kind="anti_trafficking", name="Contact point")
    referrals.set_recipient(manager, trafficking, point)
    referrals.record_basis(manager, trafficking, legal_basis="national referral mechanism")
    data = referrals.form_data(manager, row.id, "anti_trafficking")
    assert data.trafficking_indicators == ("trafficking",)


def test_G10_reading_a_form_is_audited_as_a_print(manager) -> None:
    from app.storage import audit

    row = cases.register_case(manager, child(), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    referrals.set_recipient(manager, referral_id, _directory(manager))
    referrals.record_basis(manager, referral_id, legal_basis="RCD Art. 27(1)")
    referrals.form_data(manager, row.id, "guardian")
    prints = [e for e in audit.entries(manager.vault) if e.action == "print"]
    assert [e.record_id for e in prints] == [row.id]
    assert prints[0].detail.startswith("referral guardian")


def test_G9_consent_recorded_for_one_recipient_does_not_cover_another(manager) -> None:
    row = cases.register_case(manager, child(), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    referrals.set_recipient(manager, referral_id, _directory(manager))
    referrals.record_basis(
        manager, referral_id, consent_given_by="child", language="fra", granted=True
    )
    referrals.set_recipient(manager, referral_id, _directory(manager, name="Second Office"))
    assert referrals.sharing_problems(manager, referral_id) == [_(rules.BASIS_OTHER)]


def _(text: str) -> str:
    return text


def test_G9_a_legal_basis_allows_sharing_without_consent(manager) -> None:
    row = cases.register_case(manager, child(), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    referrals.set_recipient(manager, referral_id, _directory(manager))
    referrals.record_basis(manager, referral_id, legal_basis="RCD Art. 27(1)")
    assert referrals.sharing_problems(manager, referral_id) == []


def test_R3_no_directory_entry_or_type_reaches_immigration_enforcement(manager) -> None:
    with pytest.raises(referrals.ReferralRefused) as refused:
        _directory(manager, kind="immigration_enforcement", name="Office")
    assert refused.value.rules == ["R3"]
    with pytest.raises(referrals.ReferralRefused) as refused:
        _directory(manager, kind="ngo", name="Border Police liaison")
    assert refused.value.rules == ["R3"]
    with pytest.raises(referrals.ReferralRefused) as refused:
        referrals.add_referral_type(
            manager, code="removal_desk", label="Return desk", ordinary=5, exceptional=5
        )
    assert "R3" in refused.value.rules


def test_printing_needs_a_manager(manager) -> None:
    from dataclasses import replace

    from app.domain.roles import Role
    from app.services.session import Session

    row = cases.register_case(manager, child(), today=TODAY)
    officer = Session(manager.vault, replace(manager.user, role=Role.INTAKE_OFFICER))
    with pytest.raises(PermissionDenied):
        referrals.form_data(officer, row.id, "guardian")
    with pytest.raises(PermissionDenied):
        referrals.stats_table(officer)


def test_workflow_is_dated_attributed_and_needs_reasons(manager) -> None:
    row = cases.register_case(manager, child(), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    referrals.change_state(manager, referral_id, ReferralState.SENT)
    with pytest.raises(referrals.ReferralRefused):
        referrals.change_state(manager, referral_id, ReferralState.DECLINED)
    moved = referrals.change_state(
        manager, referral_id, ReferralState.DECLINED, reason="no guardian free"
    )
    assert [c.state for c in moved.history] == ["draft", "sent", "declined"]
    assert moved.history[-1].by == manager.user.id and moved.answered_on is not None
    with pytest.raises(InvalidInput):
        referrals.change_state(manager, "no-such-id", ReferralState.SENT)


def test_overdue_list_from_the_index_with_days_late(manager) -> None:
    long_ago = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    cases.import_cases(manager, [child(), child()], registered=[long_ago, long_ago])
    cases.register_case(manager, child())  # registered today: not overdue
    today = dt.date(2026, 11, 27)
    overdue = referrals.list_referrals(manager, overdue=True, today=today)
    assert len(overdue) == 2
    assert all(r.type == "guardian" and r.days_late and r.days_late > 0 for r in overdue)
    assert overdue[0].due == dt.date(2026, 10, 22)  # 15 working days after 1 October
    assert overdue[0].days_late == (today - dt.date(2026, 10, 22)).days
    assert overdue[0].working_days_late == 26
    import json

    for item in referrals.list_referrals(manager, today=today):
        assert referrals.json_line(item) == json.dumps(item.as_json(), ensure_ascii=False)
    numbers = {cases.get_row(manager, r.case_id).case_number for r in overdue}
    assert {r.case_number for r in overdue} == numbers  # kept in the index (schema 8)


def test_G1_cases_from_before_referrals_get_theirs_once(manager) -> None:
    (model,) = cases.import_cases(manager, [child(Accompaniment.ACCOMPANIED)])
    base = Records(manager.vault).get(model)
    assert base is not None
    old = []
    for status in (Accompaniment.UNACCOMPANIED, Accompaniment.ACCOMPANIED):
        kept = {k: v for k, v in base.fields.items() if k not in CaseDraft.model_fields}
        fields = {**kept, **cases.case_fields(child(status)), "case_number": status}
        # Written as a vault before schema 7 wrote its cases: no referral opened.
        old.append(Records(manager.vault).insert("case", fields, user_id=None))
    assert ReferralRepository(manager.vault).without_guardian() == []
    assert referrals.open_for_existing_cases(manager) == 1
    assert referrals.open_for_existing_cases(manager) == 0
    assert [r.case_id for r in ReferralRepository(manager.vault).without_guardian()] == old[:1]


def test_G2_a_managers_exceptional_deadline_is_25_working_days(manager) -> None:
    row = cases.register_case(manager, child(lodged=dt.date(2026, 11, 20)), today=TODAY)
    referral_id = rules.guardian_referral_id(row.id)
    assert referrals.get_referral(manager, referral_id).due == dt.date(2026, 12, 11)
    with pytest.raises(InvalidInput):
        referrals.use_exceptional_deadline(manager, referral_id, reason=" ")
    moved = referrals.use_exceptional_deadline(
        manager, referral_id, reason="no guardian speaks Tigrinya this month"
    )
    assert moved.exceptional and moved.due == dt.date(2026, 12, 28)  # 25 December skipped
