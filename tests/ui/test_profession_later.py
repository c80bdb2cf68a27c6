"""Issue 12, item 4, the gaps left: a manager who skipped the profession in the set-up
wizard adds it later in Settings (the users screen) and can then assess age; an assessor
always keeps one; the wizard saves the profession with the account, in one step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.age import Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession, Role
from app.errors import InvalidInput, PermissionDenied
from app.services import age as age_service
from app.services import auth
from app.services import cases as case_service
from app.services import users as user_service
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_shell import sign_in
from tests.ui.test_wizard_profession import create_through_the_wizard
from ui.age.page import person_text

pytestmark = pytest.mark.gui

WAIT = 10_000
ASSESSOR, ASSESSOR_PASS = "Sami Assessor", "quiet river 19 stone"


def started_assessment(session) -> str:
    """An age assessment of a new child, started; its id."""
    row = case_service.register_case(
        session, CaseDraft(names=Names(given="Amina"), birth=Birth(declared_age=16))
    )
    return age_service.start(
        session,
        row.id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="Said 15, then 17",
            raised_by="O.",
            raised_on=dt.date.today(),
        ),
        Preconditions(
            informed_on=dt.date.today(),
            informed_language="ara",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            representative_present=True,
            interpreter_needed=False,
        ),
    ).id


def record_a_result(session, assessment_id: str) -> None:
    age_service.add_result(
        session,
        assessment_id,
        method_id="documents",
        age_range=None,
        performed_on=dt.date.today(),
        notes="no papers",
    )


def select_user(qtbot, section, name: str) -> None:
    """The user's row, chosen with the keyboard (Down from the top of the list)."""
    table = section.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    for _ in range(table.topLevelItemCount()):
        item = table.currentItem()
        if item is not None and item.text(0) == name:
            return
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentItem() is not None and table.currentItem().text(0) == name


def choose(qtbot, combo, value: str) -> None:
    """Pick an entry of a closed combo box with the arrow keys, as a person would."""
    combo.setFocus()
    target = combo.findData(value)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_a_manager_who_skipped_the_profession_adds_it_in_settings_and_can_assess(
    qtbot, make_window, vault_dir: Path
) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    session = window.session
    assert session.user.profession is None  # the template skipped it, as a manager may
    assessment = started_assessment(session)
    with pytest.raises(InvalidInput, match="no profession recorded; ask a manager"):
        record_a_result(session, assessment)

    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    assert not section.profession_button.isEnabled()  # nobody selected yet
    select_user(qtbot, section, MANAGER)
    assert section.profession_of.currentData() == ""  # shows what is recorded: nothing
    assert section.profession_of.currentText() == "None given"
    assert section.profession_of.accessibleName() == "Profession of the selected user"
    # Tab order: list, then the selected user's profession and its button, then Remove
    qtbot.keyClick(section.table, Qt.Key.Key_Tab)
    assert section.focusWidget() is section.profession_of, section.focusWidget().accessibleName()
    choose(qtbot, section.profession_of, Profession.SOCIAL_WORKER.value)
    qtbot.keyClick(section.profession_of, Qt.Key.Key_Tab)
    assert section.focusWidget() is section.profession_button
    with qtbot.waitSignal(section.users_changed, timeout=WAIT):
        qtbot.keyClick(section.profession_button, Qt.Key.Key_Space)

    # the open session assesses at once; the list and the sign-off name show it
    assert session.user.profession == Profession.SOCIAL_WORKER.value
    assert section.done_message.text() == "Profession of Manager One: Social worker."
    row = next(
        section.table.topLevelItem(i)
        for i in range(section.table.topLevelItemCount())
        if section.table.topLevelItem(i).text(0) == MANAGER
    )
    assert row.text(2) == "Social worker"
    assert section.profession_of.currentData() == Profession.SOCIAL_WORKER.value
    record_a_result(session, assessment)  # refused before
    assert person_text(session.user.name, session.user.profession) == (
        "Manager One (Social worker)"
    )
    window.sign_out()
    window.sign_in_page.select_user(MANAGER)
    sign_in(qtbot, window)  # recorded in the vault, not only in the open session
    assert window.session.user.profession == Profession.SOCIAL_WORKER.value


def test_an_assessor_keeps_a_profession_and_can_change_it(
    qtbot, make_window, vault_dir: Path
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    user_service.add_user(
        manager,
        name=ASSESSOR,
        role=Role.ASSESSOR,
        passphrase=ASSESSOR_PASS,
        profession=Profession.SOCIAL_WORKER,
    )
    manager.close()
    window = make_window(vault_dir)
    window.sign_in_page.select_user(MANAGER)
    sign_in(qtbot, window)
    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    select_user(qtbot, section, ASSESSOR)
    assert section.profession_of.currentData() == Profession.SOCIAL_WORKER.value
    # reading order on: the profession, Remove, then the add form from its first field
    order = [section.profession_of, section.profession_button, section.remove_button]
    order += [section.new_name, section.new_role]
    order = [w for w in order if w.isEnabled()]  # Remove waits while work runs elsewhere
    qtbot.keyClick(section.table, Qt.Key.Key_Tab)
    for widget in order:
        assert section.focusWidget() is widget, section.focusWidget().accessibleName()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)

    # none: refused beside the list, and the box shows what is still recorded
    choose(qtbot, section.profession_of, "")
    qtbot.keyClick(section.profession_button, Qt.Key.Key_Space)
    assert section.list_message.text() == "An assessor needs a profession."
    assert section.profession_of.currentData() == Profession.SOCIAL_WORKER.value

    choose(qtbot, section.profession_of, Profession.PSYCHOLOGIST.value)
    with qtbot.waitSignal(section.users_changed, timeout=WAIT):
        qtbot.keyClick(section.profession_button, Qt.Key.Key_Space)
    users = {u.name: u for u in user_service.list_users(window.session)}
    assert users[ASSESSOR].profession == Profession.PSYCHOLOGIST.value
    assert users[MANAGER].profession is None  # nobody else changed


def test_the_service_refuses_anyone_but_a_manager(vault_dir: Path) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    user_service.add_user(
        manager,
        name=ASSESSOR,
        role=Role.ASSESSOR,
        passphrase=ASSESSOR_PASS,
        profession=Profession.SOCIAL_WORKER,
    )
    manager.close()
    assessor = auth.sign_in(vault_dir, ASSESSOR, ASSESSOR_PASS)
    try:
        with pytest.raises(PermissionDenied):
            user_service.set_profession(
                assessor, user_name=MANAGER, profession=Profession.PSYCHOLOGIST
            )
    finally:
        assessor.close()


def test_the_wizard_saves_the_profession_with_the_account_in_one_step(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "vault")
    session = create_through_the_wizard(qtbot, window, Profession.PAEDIATRICIAN)
    assert session.user.profession == Profession.PAEDIATRICIAN.value
    history = Records(session.require_vault()).history(session.user.id)
    # the account's creation holds the profession; no second change sets it afterwards
    assert [entry.path for entry in history] == [""]
    assert history[0].value["profession"] == Profession.PAEDIATRICIAN.value
