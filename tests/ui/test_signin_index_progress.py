"""The one-off rebuild of the duplicate search's name index after an upgrade says so on
the sign-in screen (issue 17: 17.7 s at 100,000 cases, which showed a bare busy bar).

Real vault copies, real sign-ins; the rebuild is made due the way an upgrade makes it
(the vault's ``name_key_version`` is older than the code's ``KEY_VERSION``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.case import Birth, CaseDraft, Names
from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS

pytestmark = pytest.mark.gui

GIVEN = ("Amanuel", "Selam", "Dawit")  # synthetic


def _vault_due_for_rebuild(folder: Path) -> None:
    """Three cases, then the index marked as built by an older matcher."""
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        for given in GIVEN:
            draft = CaseDraft(names=Names(given=given), birth=Birth(declared_age=15))
            cases.register_case(session, draft)
        with session.vault.transaction() as conn:
            conn.execute("UPDATE meta SET value = '1' WHERE key = 'name_key_version'")
    finally:
        session.close()


def test_sign_in_reports_the_rebuild_once_from_start_to_end(vault_dir: Path) -> None:
    _vault_due_for_rebuild(vault_dir)
    heard: list[tuple[int, int]] = []
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS, progress=lambda *p: heard.append(p))
    session.close()
    cases_in_vault = heard[-1][1]
    assert cases_in_vault >= len(GIVEN)
    assert heard[0] == (0, cases_in_vault)
    assert heard[-1] == (cases_in_vault, cases_in_vault)

    again: list[tuple[int, int]] = []
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS, progress=lambda *p: again.append(p))
    session.close()
    assert again == []  # rebuilt once: the next sign-in has nothing to report


def test_the_sign_in_screen_hears_the_rebuild_and_ends_in_the_main_window(
    qtbot, make_window, vault_dir: Path
) -> None:
    _vault_due_for_rebuild(vault_dir)
    window = make_window(vault_dir)
    page = window.sign_in_page
    heard: list[tuple[int, int]] = []
    page.index_progress.connect(lambda done, total: heard.append((done, total)))
    with qtbot.waitSignal(window.signed_in, timeout=20_000):
        qtbot.keyClicks(page.passphrase, MANAGER_PASS)
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(heard) and heard[-1][0] == heard[-1][1], timeout=5_000)
    assert heard[0][0] == 0
    # Signed in: the page is back to its resting state for the next sign-in (isHidden:
    # the note's own flag; the page itself is hidden now, so isVisible would say nothing).
    assert page.progress_note.isHidden() and page.progress_note.text() == ""
    assert page.busy.maximum() == 0  # "working", not a stale percentage


@pytest.mark.parametrize(("language", "percent"), [("en", "40%"), ("fr", "40\xa0%")])
def test_the_note_says_why_and_how_far_in_the_users_language(
    qtbot, make_window, vault_dir: Path, tmp_path: Path, language: str, percent: str
) -> None:
    window = make_window(vault_dir, language=language)
    page = window.sign_in_page
    page.set_busy(True)
    page.show_index_progress(40, 100)
    assert page.progress_note.isVisible()
    assert percent in page.progress_note.text()
    assert page.busy.maximum() == 100 and page.busy.value() == 40
    assert page.busy.accessibleDescription() == page.progress_note.text()
    if language == "en":
        assert "updated" in page.progress_note.text()
    window.grab().save(str(tmp_path / f"signin-index-progress-{language}.png"))
    page.show_index_progress(999, 1000)  # rounded down: not "100 %" before the end
    assert percent.replace("40", "99") in page.progress_note.text()
    page.set_busy(False)
    assert not page.progress_note.isVisible()


def test_a_note_is_not_shown_when_nothing_is_being_signed_in(qtbot, make_window, vault_dir):
    """A late report from a worker whose sign-in already ended changes nothing."""
    window = make_window(vault_dir)
    page = window.sign_in_page
    page.show_index_progress(10, 100)
    assert not page.progress_note.isVisible()
    assert page.busy.maximum() == 0


@pytest.mark.slow
def test_the_command_line_shows_the_rebuild_on_a_terminal_only(vault_dir: Path, tmp_path) -> None:
    """``harbour`` signs in like the desktop: after an upgrade its first command says why
    it is slow on stderr (a terminal only), wipes that line, then prints its result."""
    import shutil

    from tests.integration.test_cli_scripts import run, run_on_terminal

    _vault_due_for_rebuild(vault_dir)
    piped_vault = tmp_path / "piped"
    shutil.copytree(vault_dir, piped_vault)

    code, out, err = run_on_terminal("case", "list", "--vault", str(vault_dir), "--as", MANAGER)
    assert code == 0, err
    assert "Harbour was updated: preparing the duplicate search for this version" in err
    assert any(f"{n} of {n}" in err for n in range(len(GIVEN), len(GIVEN) + 50))
    assert err.endswith("\r")  # wiped before the list is printed
    assert "Amanuel" in out

    piped = run("case", "list", "--vault", str(piped_vault), "--as", MANAGER)
    assert piped.returncode == 0, piped.stderr
    assert "duplicate search" not in piped.stderr


def test_the_recovery_code_path_shows_the_rebuild_too(
    qtbot, make_window, vault_dir: Path, recovery_code: str
) -> None:
    """A manager who forgot their passphrase right after an upgrade unlocks with the
    recovery code: the dialog hears the rebuild as the sign-in screen does, and ends clean."""
    from tests.ui.test_recovery import WAIT, fill, open_recovery
    from ui.recovery import RecoveryDialog

    _vault_due_for_rebuild(vault_dir)
    window = make_window(vault_dir)
    dialog = open_recovery(qtbot, window)
    heard: list[tuple[int, int]] = []
    dialog.index_progress.connect(lambda done, total: heard.append((done, total)))
    fill(qtbot, dialog, recovery_code)
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.current_page() == RecoveryDialog.PAGE_CODE, timeout=WAIT)
    qtbot.waitUntil(lambda: bool(heard) and heard[-1][0] == heard[-1][1], timeout=5_000)
    assert heard[0][0] == 0
    assert dialog.progress_note.isHidden() and dialog.busy.maximum() == 0
