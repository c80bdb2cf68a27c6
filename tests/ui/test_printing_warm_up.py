"""After sign-in the desktop loads what a first print needs (fonts, catalog, QR encoder)
in a background thread, so a manager's first referral form takes as long as the next
(issue 15, item 4); a role that prints nothing loads nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.roles import Role
from app.services import auth, files, users
from tests.conftest import MANAGER, MANAGER_PASS

pytestmark = pytest.mark.gui


def test_signing_in_as_a_manager_warms_printing_up_off_the_gui_thread(
    qtbot, make_window, vault_dir, monkeypatch
) -> None:
    import ui.shell

    monkeypatch.setattr(ui.shell, "WARM_UP_DELAY_MS", 0)
    files.printing_warmed.clear()
    window = make_window(vault_dir)
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, MANAGER_PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=10_000)
    qtbot.waitUntil(files.printing_warmed.is_set, timeout=15_000)


def test_a_role_that_prints_nothing_loads_nothing(vault_dir) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    users.add_user(
        manager, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase="officer pass 2026 lamp"
    )
    manager.close()
    officer = auth.sign_in(vault_dir, "Officer Two", "officer pass 2026 lamp")
    try:
        assert files.warm_up_printing(officer) is False
    finally:
        officer.close()
