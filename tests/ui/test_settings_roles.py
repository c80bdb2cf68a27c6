"""Settings by role (issue 12, item 10): only managers change the vault folder and the
idle policy; a temporary passphrase set from Settings must be changed at the next sign-in;
minutes counted with the language's plural forms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.roles import Profession, Role
from app.errors import PassphraseChangeRequired
from app.i18n import translations_for
from app.services import auth
from app.services import cases as case_service
from app.services import users as user_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_shell import sign_in

pytestmark = pytest.mark.gui

WAIT = 10_000
ASSESSOR, ASSESSOR_PASS = "Sami Assessor", "quiet river 19 stone"
NEW, NEW_TEMPORARY, NEW_OWN = "Lina Officer", "harbour window 58 gull", "my own dune 2027 reed"


def test_an_assessor_sees_the_idle_time_and_folder_but_cannot_change_them(
    qtbot, make_window, vault_dir
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
    window.sign_in_page.select_user(ASSESSOR)
    sign_in(qtbot, window, ASSESSOR_PASS)
    window.main_page.show_section("settings")
    page = window.settings_page
    before = window.settings.idle_minutes, window.settings.vault_folder
    assert page.idle_minutes.isReadOnly() and not page.choose_folder.isEnabled()
    assert page._policy_note.isVisibleTo(page)
    assert page._policy_note.text() == (
        "Only a manager can change the idle time and the vault folder."
    )
    # arrows, typing and the signals themselves change nothing
    page.idle_minutes.setFocus()
    qtbot.keyClick(page.idle_minutes, Qt.Key.Key_Up)
    page.idle_minutes_changed.emit(1)
    page.vault_folder_chosen.emit("/tmp/elsewhere")
    assert (window.settings.idle_minutes, window.settings.vault_folder) == before
    assert page.idle_minutes.value() == before[0]
    # the language stays everyone's choice
    assert page.language.isEnabled()


def test_a_manager_changes_the_idle_time_in_minutes_said_properly(
    qtbot, make_window, vault_dir
) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.show_section("settings")
    page = window.settings_page
    assert not page.idle_minutes.isReadOnly() and page.choose_folder.isEnabled()
    assert not page._policy_note.isVisibleTo(page)
    page.idle_minutes.setValue(1)
    assert window.settings.idle_minutes == 1
    assert page.idle_minutes.text() == "1 minute"
    page.idle_minutes.setValue(5)
    assert page.idle_minutes.text() == "5 minutes"
    assert window.settings.idle_minutes == 5
    with qtbot.waitSignal(window.language_changed, timeout=WAIT):
        page.language.setCurrentIndex(page.language.findData("uk"))
    uk = translations_for("uk")
    for n in (1, 3, 5, 21):
        page.idle_minutes.setValue(n)
        expected = uk.ngettext("{n} minute", "{n} minutes", n).format(n=n)
        assert page.idle_minutes.text() == expected
    assert page.idle_minutes.text() != "21 minutes"


def test_a_temporary_passphrase_set_in_settings_must_be_changed_at_first_sign_in(
    qtbot, make_window, vault_dir
) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    qtbot.keyClicks(section.new_name, NEW)
    qtbot.keyClicks(section.new_passphrase, NEW_TEMPORARY)
    with qtbot.waitSignal(section.users_changed, timeout=WAIT):
        qtbot.keyClick(section.new_passphrase, Qt.Key.Key_Return)
    window.sign_out()

    # the temporary passphrase opens only the change dialog; leaving it signs out
    window.sign_in_page.select_user(NEW)
    sign_in(qtbot, window, NEW_TEMPORARY)
    dialog = window._dialog
    assert dialog is not None and dialog.isVisible()
    with pytest.raises(PassphraseChangeRequired):
        case_service.query_cases(window.session)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.accessibleName() == "Sign out"
    with qtbot.waitSignal(window.signed_out, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.current_page() is window.sign_in_page and window.session is None

    # signed in again, they choose their own; then the pages work
    window.sign_in_page.select_user(NEW)
    sign_in(qtbot, window, NEW_TEMPORARY)
    dialog = window._dialog
    assert dialog.old.text() == NEW_TEMPORARY  # U2: not typed a third time
    qtbot.keyClicks(dialog.new, NEW_OWN)
    qtbot.keyClicks(dialog.repeat, NEW_OWN)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=WAIT):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert not window.session.user.must_change_passphrase
    case_service.query_cases(window.session)  # allowed now
    window.sign_out()
    window.sign_in_page.select_user(NEW)
    sign_in(qtbot, window, NEW_OWN)
    assert window._dialog is None


def test_an_interpreter_added_in_settings_must_change_the_passphrase_too(
    qtbot, make_window, vault_dir
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    user_service.add_user(
        manager,
        name="Amira Interpreter",
        role=Role.INTERPRETER,
        passphrase=NEW_TEMPORARY,
        temporary=True,
    )
    manager.close()
    session = auth.sign_in(vault_dir, "Amira Interpreter", NEW_TEMPORARY)
    try:
        assert session.user.must_change_passphrase
    finally:
        session.close()
