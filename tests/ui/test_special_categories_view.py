"""Issue 12, item 13, the gap left: ethnicity and religion recorded at intake (with the
reason, GDPR Art. 9) are shown in the case view to the roles that need them (managers and
assessors, READ_SPECIAL_CATEGORIES) and never read for any other role."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.case import Answer, AnswerStatus, Birth, CaseDraft, Names, SpecialCategories
from app.domain.roles import Profession, Role
from app.services import auth
from app.services import cases as case_service
from app.services import special_categories as special_service
from app.services import users as user_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_shell import sign_in

pytestmark = pytest.mark.gui

WAIT = 10_000
PEOPLE = {
    Role.MANAGER: (MANAGER, MANAGER_PASS),
    Role.ASSESSOR: ("Sami Assessor", "quiet river 19 stone"),
    Role.INTAKE_OFFICER: ("Lina Officer", "harbour window 58 gull"),
}
ETHNICITY, REASON = "Hazara", "Risk of persecution the guardian must know"


@pytest.fixture
def case_id(vault_dir: Path) -> str:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        for role in (Role.ASSESSOR, Role.INTAKE_OFFICER):
            name, passphrase = PEOPLE[role]
            user_service.add_user(
                manager,
                name=name,
                role=role,
                passphrase=passphrase,
                profession=Profession.SOCIAL_WORKER if role == Role.ASSESSOR else None,
            )
        row = case_service.register_case(
            manager,
            CaseDraft(names=Names(given="Ali", family="Rezai"), birth=Birth(declared_age=15)),
        )
        special_service.record_special_categories(
            manager,
            row.id,
            SpecialCategories(
                ethnicity=Answer.of(ETHNICITY),
                religion=Answer(status=AnswerStatus.DECLINED),
                reason=REASON,
            ),
        )
    finally:
        manager.close()
    return row.id


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every read of a child's special categories (the case ids), through the service."""
    seen: list[str] = []
    real = special_service.read_special_categories

    def counted(session, case_id: str) -> SpecialCategories:
        seen.append(case_id)
        return real(session, case_id)

    monkeypatch.setattr(special_service, "read_special_categories", counted)
    return seen


def open_as(qtbot, make_window, vault_dir: Path, role: Role, case_id: str):
    window = make_window(vault_dir)
    name, passphrase = PEOPLE[role]
    window.sign_in_page.select_user(name)
    sign_in(qtbot, window, passphrase)
    assert window.session.user.role == role
    window.main_page.show_section("cases")
    cases = window.main_page.cases_page
    with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
        cases.open_case(case_id)
    return window, cases.case_view


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR])
def test_managers_and_assessors_see_ethnicity_religion_and_the_reason(
    qtbot, make_window, vault_dir: Path, case_id: str, reads: list[str], role: Role
) -> None:
    window, view = open_as(qtbot, make_window, vault_dir, role, case_id)
    assert reads == [case_id]  # one read, audited by the service
    text = view.summary.text()
    assert "Ethnicity or clan" in text and ETHNICITY in text
    assert "Religion" in text and "The child did not want to say" in text
    assert REASON in text
    # the next case opened shows none of this child's
    other = case_service.register_case(
        window.session, CaseDraft(names=Names(given="Yonas"), birth=Birth(declared_age=16))
    )
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.load(other.id)
    assert ETHNICITY not in view.summary.text() and "Ethnicity or clan" not in view.summary.text()


def test_an_intake_officer_never_reads_them(
    qtbot, make_window, vault_dir: Path, case_id: str, reads: list[str]
) -> None:
    _window, view = open_as(qtbot, make_window, vault_dir, Role.INTAKE_OFFICER, case_id)
    assert reads == []  # not read and then hidden: never read at all
    text = view.summary.text()
    assert "Rezai" in text  # the case itself is there
    assert ETHNICITY not in text and "Ethnicity or clan" not in text and REASON not in text
