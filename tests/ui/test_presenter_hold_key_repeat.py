"""Walkthrough N7 (issue 12): the staff hold done by keyboard (Space held 3 s) moves the
focus to the passphrase while Space is still down; its auto-repeat typed spaces there
under Xvfb. The lock now drops Space while it repeats (marked as auto-repeat, or, as Xvfb
sends it, plain presses close together) until another key or a pause."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import MANAGER_PASS
from tests.ui.test_presenter_lock import (  # noqa: F401 - the fixture is used by name
    WAIT,
    hold,
    registered,
    start_presenter,
)
from tests.ui.test_shell import sign_in
from ui.presenter.lock import HOLD_KEY_QUIET

pytestmark = pytest.mark.gui


def _space(kind: QEvent.Type, *, repeat: bool) -> QKeyEvent:
    text = " " if kind == QEvent.Type.KeyPress else ""
    return QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, text, repeat)


def test_the_held_spaces_auto_repeat_types_nothing_into_the_passphrase(
    qtbot,
    make_window,
    registered,  # noqa: F811
) -> None:
    folder, row = registered
    window = make_window(folder)
    sign_in(qtbot, window)
    _page, presenter = start_presenter(qtbot, window, row.case_number)
    lock = window.presenter_lock_page
    hold(qtbot, lock.hold_button)
    assert lock.passphrase.hasFocus()
    # what X sends while the key stays down: release/press pairs marked auto-repeat
    for _ in range(13):
        QApplication.sendEvent(lock.passphrase, _space(QEvent.Type.KeyRelease, repeat=True))
        QApplication.sendEvent(lock.passphrase, _space(QEvent.Type.KeyPress, repeat=True))
    assert lock.passphrase.text() == ""
    # Xvfb's auto-repeat: plain presses and releases a few dozen milliseconds apart
    for _ in range(13):
        QApplication.sendEvent(lock.passphrase, _space(QEvent.Type.KeyPress, repeat=False))
        QApplication.sendEvent(lock.passphrase, _space(QEvent.Type.KeyRelease, repeat=False))
        qtbot.wait(30)
    assert lock.passphrase.text() == ""
    # the key let go and a pause: typing works, a space included
    qtbot.wait(int(HOLD_KEY_QUIET * 1000) + 100)
    qtbot.keyClick(lock.passphrase, Qt.Key.Key_Space)
    assert lock.passphrase.text() == " "
    lock.passphrase.clear()
    with qtbot.waitSignal(window.uncovered, timeout=WAIT):
        qtbot.keyClicks(lock.passphrase, MANAGER_PASS)
        qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    assert not presenter.isVisible()
