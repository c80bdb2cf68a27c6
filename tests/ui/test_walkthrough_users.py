"""Walkthrough problems U1-U3 (docs/walkthrough.md): adding a user in Settings, and
signing in as that user afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_shell import sign_in

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
