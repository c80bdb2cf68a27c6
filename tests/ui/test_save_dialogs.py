"""Save dialogs write through the files service: never into a vault, never through a link,
an existing file only when the person said yes to the dialog's question (issue 11, item 1)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.services import auth
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import snapshot
from tests.ui import test_age as age_screen
from tests.ui.test_age import (
    DOCTOR,
    DOCTOR_PASS,
    STEP_SIGN,
    click,
    open_assessment,
    open_case,
    refused,
    sign_in_as,
    start_through_service,
)

pytestmark = pytest.mark.gui
case_id = age_screen.case_id  # the fixture: a case and two assessors


def printed(vault_dir: Path) -> int:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        return session.vault.query("SELECT count(*) FROM audit WHERE action = 'print'")[0][0]
    finally:
        session.close()


def test_the_age_record_dialog_refuses_the_vault_and_links(
    qtbot, make_window, monkeypatch, vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_SIGN)
    before = snapshot(vault_dir)["harbour.keys"]
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "link.pdf").symlink_to(victim)
    chosen: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (chosen[-1], ""))
    )
    for path, words in (
        (vault_dir / "harbour.keys", "inside a Harbour vault folder"),
        (vault_dir / "record.pdf", "inside a Harbour vault folder"),
        (tmp_path / "link.pdf", "symbolic link"),
    ):
        chosen.append(str(path))
        refused(qtbot, page, page.print_button, page.print_message)
        assert words in page.print_message.text()
    assert snapshot(vault_dir)["harbour.keys"] == before
    assert not (vault_dir / "record.pdf").exists()
    assert victim.read_text() == "keep"

    # An existing file: the dialog asked, the person said yes; it is replaced, 0600.
    out = tmp_path / "record.pdf"
    out.write_text("an older record")
    chosen.append(str(out))
    click(qtbot, page, page.print_button)
    qtbot.waitUntil(lambda: "record.pdf" in page.print_message.text(), timeout=10_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    window.close()  # the window holds the vault
    assert printed(vault_dir) == 1  # the refusals printed nothing
