"""The desktop shell driven like a person would: keyboard first, real vault, offscreen Qt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.roles import Role
from app.errors import VaultBusy, WrongPassphrase
from app.services import auth, setup
from app.services import users as user_service
from tests.conftest import CENTRE, MANAGER, MANAGER_PASS

pytestmark = pytest.mark.gui

ARABIC = re.compile(r"[\u0600-\u06FF]")


def sign_in(qtbot, window, passphrase: str = MANAGER_PASS) -> None:
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=10_000)


def test_wizard_creates_a_vault(qtbot, make_window, tmp_path: Path) -> None:
    folder = tmp_path / "new-vault"
    window = make_window(folder)
    wizard = window.wizard
    assert window.current_page() is wizard

    qtbot.keyClicks(wizard.organisation, "Synthetic Aid Org")
    qtbot.keyClick(wizard.organisation, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.centre, "North Reception Centre")
    qtbot.keyClick(wizard.centre, Qt.Key.Key_Return)
    assert wizard.current_page() == wizard.PAGE_MANAGER

    qtbot.keyClicks(wizard.user_name, "Manager One")
    qtbot.keyClick(wizard.user_name, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.passphrase, "short")
    qtbot.keyClick(wizard.passphrase, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.repeat, "short")
    qtbot.keyClick(wizard.repeat, Qt.Key.Key_Return)
    # The rule is shown beside the field; what was typed is kept.
    assert "12" in wizard._passphrase_msg.text()
    assert wizard.user_name.text() == "Manager One"
    assert wizard.current_page() == wizard.PAGE_MANAGER

    wizard.passphrase.clear()
    wizard.repeat.clear()
    qtbot.keyClicks(wizard.passphrase, MANAGER_PASS)
    qtbot.keyClicks(wizard.repeat, MANAGER_PASS)
    qtbot.keyClick(wizard.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.current_page() == wizard.PAGE_RECOVERY, timeout=10_000)

    code = wizard.recovery_code.text()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5}){5}", code)
    assert not wizard._next.isEnabled()  # cannot finish before writing the code down
    qtbot.keyClick(wizard.written_down, Qt.Key.Key_Space)
    assert wizard.written_down.isChecked()
    assert wizard._next.isEnabled()
    qtbot.keyClick(wizard._next, Qt.Key.Key_Space)

    assert window.current_page() is window.main_page
    assert wizard.recovery_code.text() == ""
    assert window.session is not None and window.session.user.name == "Manager One"
    assert window.main_page.centre_label.text() == "North Reception Centre"
    assert setup.vault_exists(folder)
    assert user_service.sign_in_names(folder) == [("Manager One", Role.MANAGER.value)]


def test_sign_in_opens_the_main_window(qtbot, make_window, vault_dir: Path) -> None:
    window = make_window(vault_dir)
    page = window.sign_in_page
    assert window.current_page() is page
    assert page.selected_user() == MANAGER
    with qtbot.waitSignal(window.signed_in, timeout=10_000):
        qtbot.keyClicks(page.passphrase, MANAGER_PASS)
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert window.current_page() is window.main_page
    assert window.main_page.centre_label.text() == CENTRE
    assert MANAGER in window.main_page.user_label.text()
    assert page.passphrase.text() == ""
    # Manager sees every section, including Users in Settings.
    keys = [
        window.main_page.nav.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(window.main_page.nav.count())
    ]
    assert keys == ["cases", "dashboard", "information", "settings"]
    window.main_page.show_section("cases")
    assert window.main_page.pages.currentWidget() is window.main_page.cases_page
    window.main_page.show_section("settings")
    assert window.settings_page.users_section.isVisibleTo(window)
    assert MANAGER in window.settings_page.users_section.user_names()


def test_the_app_holds_the_vault_while_it_runs(make_window, vault_dir: Path) -> None:
    window = make_window(vault_dir)
    with pytest.raises(VaultBusy):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    window.close()
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()


def test_wrong_passphrase_says_so_and_keeps_the_user(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, "not the right passphrase")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=10_000)
    assert page.message.text() == str(WrongPassphrase())
    assert page.passphrase.text() == ""
    assert page.selected_user() == MANAGER
    assert QApplication.focusWidget() is page.passphrase
    assert window.current_page() is page
    assert window.session is None


def test_repeated_wrong_passphrases_slow_down(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    page = window.sign_in_page
    for _attempt in range(3):
        qtbot.waitUntil(page.submit.isEnabled, timeout=10_000)
        qtbot.keyClicks(page.passphrase, "wrong wrong wrong")
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.passphrase.isEnabled(), timeout=10_000)
    # The third failure costs a wait: the button is off and a countdown is shown.
    assert page.blocked()
    assert not page.submit.isEnabled()
    assert re.search(r"\d", page.message.text())
    qtbot.waitUntil(page.submit.isEnabled, timeout=5_000)
    assert not page.blocked()
    sign_in(qtbot, window)


def test_idle_lock_fires_and_the_lock_screen_unlocks(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir, idle_ms=300)
    sign_in(qtbot, window)
    session = window.session
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass
    assert window.current_page() is window.lock_page
    assert window.session is None
    assert not session.is_open  # the database is closed and the key dropped
    assert MANAGER in window.lock_page._explain.text()

    qtbot.keyClicks(window.lock_page.passphrase, "wrong wrong wrong")
    qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock_page.message.text() != "", timeout=10_000)
    assert window.current_page() is window.lock_page

    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClicks(window.lock_page.passphrase, MANAGER_PASS)
        qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    assert window.current_page() is window.main_page
    assert window.session is not None and window.session.is_open


def test_lock_screen_can_switch_user(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.lock_action.trigger()
    assert window.current_page() is window.lock_page
    qtbot.keyClick(window.lock_page.switch_user, Qt.Key.Key_Space)
    assert window.current_page() is window.sign_in_page


def test_switching_to_arabic_mirrors_the_layout(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    main = window.main_page
    main.show_section("settings")
    combo = window.settings_page.language
    with qtbot.waitSignal(window.language_changed, timeout=5_000):
        combo.setCurrentIndex(combo.findData("ar"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert main.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert ARABIC.search(main.nav.item(0).text())
    assert ARABIC.search(main.user_label.text())
    assert ARABIC.search(window.settings_page._title.text())
    main.show_section("cases")
    assert ARABIC.search(main.cases_page.list_page.title.text())
    assert window.settings.language == "ar"

    with qtbot.waitSignal(window.language_changed, timeout=5_000):
        combo.setCurrentIndex(combo.findData("en"))
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert main.nav.item(0).text() == "Cases"


def test_interpreter_does_not_see_users_or_cases(qtbot, make_window, vault_dir) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    user_service.add_user(
        session, name="Amira Test", role=Role.INTERPRETER, passphrase="harbour lantern 77 sea"
    )
    session.close()
    window = make_window(vault_dir)
    page = window.sign_in_page
    page.users.setFocus()
    page.select_user("Amira Test")
    assert page.selected_user() == "Amira Test"
    sign_in(qtbot, window, "harbour lantern 77 sea")
    keys = [
        window.main_page.nav.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(window.main_page.nav.count())
    ]
    assert keys == ["information", "settings"]
    window.main_page.show_section("settings")
    assert not window.settings_page.users_section.isVisibleTo(window)


def test_manager_adds_a_user_from_settings(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.show_section("settings")
    section = window.settings_page.users_section
    qtbot.keyClicks(section.new_name, "Sami Test")
    section.new_role.setCurrentIndex(section.new_role.findData(Role.ASSESSOR.value))
    assert section.new_profession.isEnabled()
    qtbot.keyClicks(section.new_passphrase, "quiet river 19 stone")
    with qtbot.waitSignal(section.users_changed, timeout=10_000):
        qtbot.keyClick(section.new_passphrase, Qt.Key.Key_Return)
    assert "Sami Test" in section.user_names()
    assert ("Sami Test", Role.ASSESSOR.value) in user_service.sign_in_names(vault_dir)
    section.remove("Sami Test")
    assert "Sami Test" not in section.user_names()


def test_change_passphrase_dialog(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.change_passphrase_action.trigger()
    dialog = window._dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.old, MANAGER_PASS)
    qtbot.keyClicks(dialog.new, "brand new tide 2026 x")
    qtbot.keyClicks(dialog.repeat, "brand new tide 2026 x")
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=10_000):
        dialog._on_buttons_accepted()
    window.sign_out()
    assert window.current_page() is window.sign_in_page
    sign_in(qtbot, window, "brand new tide 2026 x")


def test_a_second_window_is_told_the_vault_is_busy(make_window, vault_dir) -> None:
    first = make_window(vault_dir)
    second = make_window(vault_dir)
    assert first.current_page() is first.sign_in_page
    assert second.current_page() is second.notice_page
    assert second.notice_page.message.text() == str(VaultBusy())


def test_python_m_app_starts_and_shows_a_window(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "HARBOUR_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--quit-when-shown"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "first window shown" in (tmp_path / "home" / "logs" / "harbour.log").read_text()
