"""Walkthrough problems U1-U3 (docs/walkthrough.md): adding a user in Settings, and
signing in as that user afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.domain.roles import Role
from app.services import auth
from app.services import users as user_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_shell import sign_in
from ui.main_page import NAV_CASES, NAV_SETTINGS

pytestmark = pytest.mark.gui

WAIT = 10_000
NEW, NEW_TEMPORARY = "Lina Officer", "harbour window 58 gull"


def _add_user(qtbot, window) -> None:
    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    qtbot.keyClicks(section.new_name, NEW)
    qtbot.keyClicks(section.new_passphrase, NEW_TEMPORARY)
    with qtbot.waitSignal(section.users_changed, timeout=WAIT):
        qtbot.keyClick(section.new_passphrase, Qt.Key.Key_Return)


def test_u1_the_added_message_does_not_move_the_fields(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    section.new_name.setFocus()
    QApplication.processEvents()
    before = section.new_name.mapTo(window, QPoint(0, 0))
    _add_user(qtbot, window)
    QApplication.processEvents()
    assert section.done_message.isVisible()
    assert "can now sign in" in section.done_message.text()
    assert section.new_name.mapTo(window, QPoint(0, 0)) == before


def test_u3_another_user_starts_on_cases_the_same_user_keeps_the_page(
    qtbot, make_window, vault_dir
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    user_service.add_user(manager, name=NEW, role=Role.MANAGER, passphrase=NEW_TEMPORARY)
    manager.close()
    window = make_window(vault_dir)
    window.sign_in_page.select_user(MANAGER)
    sign_in(qtbot, window)
    window.main_page.show_section(NAV_SETTINGS)

    # the same user after a lock: their page
    window.main_page.lock_action.trigger()
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.keyClicks(window.lock_page.passphrase, MANAGER_PASS)
        qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    assert window.main_page.current_key() == NAV_SETTINGS

    # another user: Cases
    window.sign_out()
    window.sign_in_page.select_user(NEW)
    sign_in(qtbot, window, NEW_TEMPORARY)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=WAIT)
    assert window.session.user.name == NEW
    assert window.main_page.current_key() == NAV_CASES


def test_u2_the_temporary_passphrase_is_filled_in_the_change_dialog(
    qtbot, make_window, vault_dir
) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    _add_user(qtbot, window)  # with a temporary passphrase
    window.sign_out()
    window.sign_in_page.select_user(NEW)
    sign_in(qtbot, window, NEW_TEMPORARY)
    qtbot.waitUntil(lambda: window._dialog is not None, timeout=WAIT)
    dialog = window._dialog
    assert dialog.old.text() == NEW_TEMPORARY
    qtbot.waitUntil(dialog.new.hasFocus, timeout=WAIT)
    own = "my own dune 2027 reed"
    qtbot.keyClicks(dialog.new, own)
    qtbot.keyClicks(dialog.repeat, own)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=WAIT):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert not window.session.user.must_change_passphrase
    assert window.sign_in_page.passphrase.text() == ""
