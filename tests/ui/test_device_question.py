"""A copied vault folder opened on another laptop: the desktop asks a manager which laptop
this is, and numbering works again once answered (issue 14, item 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from app.services import auth, device
from tests.conftest import MANAGER, MANAGER_PASS


def test_a_manager_is_asked_and_a_new_laptop_gets_its_own_device_id(
    qtbot, make_window, vault_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    original = session.vault.device_id
    session.close()
    copy = tmp_path / "imaged"
    shutil.copytree(vault_dir, copy)
    monkeypatch.setenv("HARBOUR_HOME", str(tmp_path / "other-laptop"))

    window = make_window(copy)
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, MANAGER_PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.device_question is not None, timeout=10_000)
    box = window.device_question
    assert box.isVisible()
    new = next(b for b in box.buttons() if "New laptop" in b.text().replace("&", ""))
    window.device_question.grab().save(str(tmp_path / "device-question.png"))
    new.click()
    qtbot.waitUntil(lambda: not device.needs_confirmation(window.session), timeout=5_000)
    assert window.session.vault.device_id != original
