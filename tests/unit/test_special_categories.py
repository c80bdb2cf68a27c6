"""Ethnicity and religion (GDPR Art. 9): recorded only with a reason, kept beside the case,
read only by managers and assessors, enforced in the service."""

from __future__ import annotations

import pytest

from app.domain.case import (
    SPECIAL_NEEDS_REASON,
    Answer,
    AnswerStatus,
    CaseDraft,
    SpecialCategories,
    special_category_problems,
)
from app.domain.roles import Permission, Profession, Role, may
from app.errors import PermissionDenied
from app.services import auth, cases, special_categories, users
from app.services.cases import CaseInvalid

ASSESSOR = ("Sara Assessor", "assessor 2026 harbour lamp")
OFFICER = ("Omar Officer", "intake officer 2026 harbour lamp")
PASHTUN = SpecialCategories(
    ethnicity=Answer.of("Hazara"),
    religion=Answer(status=AnswerStatus.DECLINED),
    reason="Persecution of Hazara is the reason for flight; the lawyer needs it.",
)


def test_only_managers_and_assessors_may_read_them() -> None:
    readers = {r for r in Role if may(r, Permission.READ_SPECIAL_CATEGORIES)}
    assert readers == {Role.MANAGER, Role.ASSESSOR}


def test_an_answered_ethnicity_or_religion_needs_its_reason() -> None:
    no_reason = PASHTUN.model_copy(update={"reason": "  "})
    assert [(p.field, p.message) for p in special_category_problems(no_reason)] == [
        ("special_categories.reason", SPECIAL_NEEDS_REASON)
    ]
    declined_only = SpecialCategories(religion=Answer(status=AnswerStatus.DECLINED))
    assert special_category_problems(declined_only) == []
    assert special_category_problems(PASHTUN) == []


def test_they_are_not_a_field_of_the_case() -> None:
    assert "special_categories" not in CaseDraft.model_fields
    assert "ethnicity" not in CaseDraft.model_fields


@pytest.fixture
def folder(vault_dir, manager):
    users.add_user(
        manager,
        name=ASSESSOR[0],
        role=Role.ASSESSOR,
        profession=Profession.SOCIAL_WORKER,
        passphrase=ASSESSOR[1],
    )
    users.add_user(manager, name=OFFICER[0], role=Role.INTAKE_OFFICER, passphrase=OFFICER[1])
    manager.close()
    return vault_dir


def test_an_officer_records_them_at_intake_but_neither_reads_nor_overwrites_them(folder):
    officer = auth.sign_in(folder, *OFFICER)
    try:
        row = cases.register_case(
            officer, CaseDraft(names={"given": "Ali"}, birth={"declared_age": 15})
        )
        with pytest.raises(CaseInvalid) as refused:
            special_categories.record_special_categories(
                officer, row.id, PASHTUN.model_copy(update={"reason": ""})
            )
        assert [p.field for p in refused.value.problems] == ["special_categories.reason"]
        special_categories.record_special_categories(officer, row.id, PASHTUN)
        with pytest.raises(PermissionDenied):
            special_categories.read_special_categories(officer, row.id)
        with pytest.raises(PermissionDenied):  # recorded once: changing needs reading
            special_categories.record_special_categories(officer, row.id, SpecialCategories())
        # Opening the case, its raw record and its history carry none of it.
        detail = cases.open_case(officer, row.id)
        assert "Hazara" not in detail.draft.model_dump_json()
        assert "Hazara" not in str(cases.read_case(officer, row.id).fields)
        assert "Hazara" not in str([e for e in cases.case_history(officer, row.id)])
    finally:
        officer.close()
    assessor = auth.sign_in(folder, *ASSESSOR)
    try:
        assert special_categories.read_special_categories(assessor, row.id) == PASHTUN
        cleared = SpecialCategories()
        special_categories.record_special_categories(assessor, row.id, cleared)
        assert special_categories.read_special_categories(assessor, row.id) == cleared
    finally:
        assessor.close()


def test_same_child_at_intake_offers_them_and_keeps_the_permission_rule(folder):
    """Issue 12: the duplicate merge page offers the intake's ethnicity and religion (they
    were dropped); an officer adds them to a case with none, but never replaces recorded
    ones they may not read (offered as hidden and refused); a reader sees and merges."""
    child = CaseDraft(names={"given": "Ali"}, birth={"declared_age": 15})
    officer = auth.sign_in(folder, *OFFICER)
    try:
        first = cases.register_case(officer, child)
        found = cases.intake_changes(officer, first.id, child, PASHTUN)
        assert {p.id: p.current for p in found} == {
            "special_categories.ethnicity": None,
            "special_categories.religion": None,  # declined: the child's answer, offered
        }
        cases.merge_intake(
            officer,
            first.id,
            child,
            ["special_categories.ethnicity"],
            reason="same papers",
            special=PASHTUN,
        )
        second = cases.register_case(officer, child, special=PASHTUN)
        other = SpecialCategories(religion=Answer.of("Christian"), reason="Church contact")
        [hidden] = cases.intake_changes(officer, second.id, child, other)
        assert hidden.current == "hidden" and "Hazara" not in str(hidden)
        with pytest.raises(PermissionDenied):
            cases.merge_intake(
                officer, second.id, child, [hidden.id], reason="same papers", special=other
            )
    finally:
        officer.close()
    assessor = auth.sign_in(folder, *ASSESSOR)
    try:
        merged = special_categories.read_special_categories(assessor, first.id)
        assert merged.ethnicity == PASHTUN.ethnicity and merged.reason == PASHTUN.reason
        assert merged.religion == Answer()  # not ticked: not recorded
        [shown] = cases.intake_changes(assessor, second.id, child, other)
        assert shown.current == PASHTUN.religion.model_dump(mode="json")
        cases.merge_intake(
            assessor, second.id, child, [shown.id], reason="same papers", special=other
        )
        both = special_categories.read_special_categories(assessor, second.id)
        assert both.ethnicity == PASHTUN.ethnicity and both.religion == other.religion
        assert both.reason == f"{PASHTUN.reason}\nChurch contact"
    finally:
        assessor.close()
