"""Walkthrough W3 and A1: where the keyboard focus is, a frame shows it: on the set-up
wizard's "I have written down the recovery code" reached by Return alone, and on the age
assessment's check boxes, whose text is a label beside the box."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame

from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_age import (
    DOCTOR,
    DOCTOR_PASS,
    WAIT,
    case_id,  # noqa: F401  (the fixture)
    open_assessment,
    open_case,
    sign_in_as,
)

pytestmark = pytest.mark.gui


def test_w3_the_recovery_page_shows_where_the_focus_is(qtbot, make_window, tmp_path: Path):
    window = make_window(tmp_path / "vault")
    wizard = window.wizard
    # Return alone from field to field: no Tab, so nothing else has asked for focus frames
    qtbot.keyClicks(wizard.organisation, "Synthetic Aid Org")
    qtbot.keyClick(wizard.organisation, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.centre, "North Reception Centre")
    qtbot.keyClick(wizard.centre, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.user_name, MANAGER)
    qtbot.keyClick(wizard.user_name, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.passphrase, MANAGER_PASS)
    qtbot.keyClick(wizard.passphrase, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.repeat, MANAGER_PASS)
    qtbot.keyClick(wizard.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.current_page() == wizard.PAGE_RECOVERY, timeout=WAIT)
    assert QApplication.focusWidget() is wizard.written_down
    # the style draws a focus frame only after a keyboard focus change in the window
    assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)


def test_a1_an_age_check_box_with_its_text_beside_it_shows_a_frame_while_focused(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    qtbot.keyClick(page.next_button, Qt.Key.Key_Space)
    box = page.informed
    assert QApplication.focusWidget() is box
    assert box.text() == "" and box.wrapped_text.frameShape() == QFrame.Shape.Box
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.wrapped_text.frameShape() == QFrame.Shape.NoFrame
    page.representative_present.setFocus(Qt.FocusReason.TabFocusReason)
    assert page.representative_present.wrapped_text.frameShape() == QFrame.Shape.Box


def test_i5_an_intake_step_reached_by_alt_n_shows_its_focus_frame(
    qtbot, make_window, vault_dir: Path
) -> None:
    from tests.ui.test_cases import open_cases, start_intake

    window = make_window(vault_dir)
    cases_page = open_cases(qtbot, window)
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as after a click
    wizard = start_intake(qtbot, cases_page)
    wizard.show_step(2)
    assert QApplication.focusWidget() is not None and wizard.isAncestorOf(
        QApplication.focusWidget()
    )
    assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
