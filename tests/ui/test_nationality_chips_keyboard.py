"""Walkthrough I7: a chosen country's remove button is in the Tab order, between the field
before it and the line to type in, so a wrong nationality can be removed by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_cases import focused, open_cases, press, start_intake

pytestmark = pytest.mark.gui


def test_a_chosen_country_is_reached_by_tab_and_removed_with_space(
    qtbot, make_window, vault_dir: Path
) -> None:
    window = make_window(vault_dir)
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    field = wizard.bounds["nationalities"].widget
    field.add("SY")
    field.add("AF")
    qtbot.waitUntil(lambda: all(b.isVisible() for b in field._buttons))
    chips = list(field._buttons)
    assert [c.accessibleName() for c in chips] == ["Remove Syria", "Remove Afghanistan"]
    # Shift+Tab from the line to type in goes back through the chips, in reading order
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is chips[1]
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is chips[0]
    before = focused().previousInFocusChain()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is not None and not field.isAncestorOf(focused())
    # forward: the field before, then the chips, then the line
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is chips[0], (before, focused())
    press(qtbot, Qt.Key.Key_Space)  # removes Syria; the focus goes to the next chip
    qtbot.waitUntil(lambda: field._buttons[0].isVisible())
    assert field.codes() == ["AF"]
    assert focused() is field._buttons[0]
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is field.edit
    # after a rebuild the chain still runs from the field before, through the chip, to the line
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is field._buttons[0]
