"""'Forgot passphrase' on the sign-in window: a manager with the recovery code sets a new
passphrase, writes down the new code and is signed in; a wrong code is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import auth
from tests.conftest import MANAGER, MANAGER_PASS
from ui.recovery import RecoveryDialog

pytestmark = pytest.mark.gui

WAIT = 10_000
NEW = "a new harbour passphrase 2026"


def open_recovery(qtbot, window) -> RecoveryDialog:
    page = window.sign_in_page
    assert page.forgot.isVisible()
    qtbot.keyClick(page.forgot, Qt.Key.Key_Space)
    dialog = window.recovery_dialog
    assert isinstance(dialog, RecoveryDialog)
    qtbot.waitExposed(dialog)
    assert dialog.manager.currentData() == MANAGER  # the only manager, already chosen
    return dialog


def fill(qtbot, dialog: RecoveryDialog, code: str) -> None:
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)


def test_a_manager_sets_a_new_passphrase_with_the_recovery_code(
    qtbot, make_window, vault_dir: Path, recovery_code: str
) -> None:
    window = make_window(vault_dir)
    dialog = open_recovery(qtbot, window)
    fill(qtbot, dialog, recovery_code.lower())  # typed in small letters: still the code
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.current_page() == RecoveryDialog.PAGE_CODE, timeout=WAIT)
    new_code = dialog.new_code.text()
    assert new_code and new_code != recovery_code
    assert not dialog.ok.isEnabled()  # not before the new code is written down
    dialog.reject()  # Escape does not lose the new code
    assert dialog.isVisible()
    qtbot.keyClick(dialog.written_down, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.signed_in, timeout=WAIT):
        qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    assert window.session is not None and window.session.user.name == MANAGER
    window.sign_out()
    # The new passphrase opens the vault, the old one and the old code no longer do.
    auth.sign_in(vault_dir, MANAGER, NEW, lock=window._app_lock).close()
    with pytest.raises(Exception):  # noqa: B017 - WrongPassphrase
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS, lock=window._app_lock)
    with pytest.raises(Exception):  # noqa: B017 - WrongRecoveryCode
        auth.recover(
            vault_dir,
            recovery_code,
            manager_name=MANAGER,
            new_passphrase=NEW + " again",
            lock=window._app_lock,
        )


def test_a_wrong_or_malformed_code_is_refused_beside_the_field(
    qtbot, make_window, vault_dir: Path, recovery_code: str
) -> None:
    window = make_window(vault_dir)
    dialog = open_recovery(qtbot, window)
    fill(qtbot, dialog, "12345")
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    assert dialog.code_message.text() == (
        "A recovery code has 30 letters and digits in six groups of five."
    )
    dialog.code.clear()
    wrong = ("0" if recovery_code[0] != "0" else "1") + recovery_code[1:]
    qtbot.keyClicks(dialog.code, wrong)
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.code_message.text() != "", timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=WAIT)
    assert dialog.code_message.text() == "The recovery code is not correct."
    assert dialog.current_page() == RecoveryDialog.PAGE_FORM
    assert window.session is None
    dialog.reject()
    assert not dialog.isVisible()
    assert window.current_page() is window.sign_in_page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_passphrase_rules_are_not_clipped(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    """The rules wrap to several lines; the dialog grows to show all of them, also once
    the index progress is shown below (it was clipped to about two lines)."""
    from ui.common import show_index_progress
    from ui.language import apply_language
    from ui.operations import OperationRunner

    apply_language(language)
    try:
        dialog = RecoveryDialog(
            ["Manager One", "Manager Two"], lambda *a: None, OperationRunner(), min_length=12
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)

        def rules_fit() -> bool:
            rules = dialog._rules
            return (
                rules.height()
                >= rules.heightForWidth(rules.width())
                > 2 * rules.fontMetrics().height()
            )

        qtbot.waitUntil(rules_fit, timeout=WAIT)
        dialog.busy.show()
        show_index_progress(dialog.busy, dialog.progress_note, 45, 100)
        qtbot.waitUntil(lambda: dialog.progress_note.isVisible() and rules_fit(), timeout=WAIT)
        note = dialog.progress_note
        assert note.geometry().bottom() < dialog.buttons.geometry().top()
    finally:
        apply_language("en")
