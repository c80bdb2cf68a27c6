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
