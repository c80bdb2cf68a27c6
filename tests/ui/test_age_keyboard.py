"""Keyboard walkthrough problems on the age-assessment screen (docs/walkthrough.md A1, A2,
A4, A5), driven by keys on a real vault."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.age import DoubtGround
from app.services import age as age_service
from tests.ui.test_age import (
    DOCTOR,
    DOCTOR_PASS,
    WAIT,
    case_id,  # noqa: F401  (the fixture)
    open_assessment,
    open_case,
    sign_in_as,
    start_through_service,
)
from ui.age.page import STEP_CHILD, STEP_DOUBT, STEP_SAFEGUARDS

pytestmark = pytest.mark.gui


def held(monkeypatch, name: str) -> threading.Event:
    """Hold the service call ``name`` off the GUI thread until the event is set."""
    release = threading.Event()
    real = getattr(age_service, name)

    def slow(*args, **kwargs):
        release.wait(WAIT / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(age_service, name, slow)
    return release


@pytest.fixture
def page(qtbot, make_window, vault_dir: Path, case_id: str):  # noqa: F811
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    return open_assessment(qtbot, open_case(qtbot, window, case_id))


def test_a5_text_typed_while_the_childs_view_is_saved_is_kept(qtbot, page, monkeypatch) -> None:
    page.show_step(STEP_CHILD)
    page.child_view.setFocus()
    qtbot.keyClicks(page.child_view, "I am 16.")
    release = held(monkeypatch, "record_child_view")
    # Alt+V saves; the save runs off the GUI thread while the next field is typed into.
    qtbot.keyClick(page.child_view, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page._busy, timeout=WAIT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.challenge_how
    qtbot.keyClicks(page.challenge_how, "Appeal to")
    QApplication.processEvents()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        release.set()
        qtbot.keyClicks(QApplication.focusWidget(), " the guardianship court")
    qtbot.keyClicks(QApplication.focusWidget(), ".")
    assert page.challenge_how.text() == "Appeal to the guardianship court."
    assert page.child_view.toPlainText() == "I am 16."
    assert page.assessment.child_view == "I am 16."

    # After the save, one Tab from the saved view reaches the next field (the walkthrough:
    # Alt+V, Tab, type); the saved view's button no longer swallows the first word.
    page.challenge_how.clear()
    page.child_view.setFocus()
    qtbot.keyClick(page.child_view, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Appeal to the guardianship court")
    assert page.challenge_how.text() == "Appeal to the guardianship court"
    # A changed view can be saved again.
    qtbot.keyClicks(page.child_view, " Scared.")
    assert page.save_view_button.isEnabled()


def test_a5_a_save_never_refills_a_field_typed_into_while_it_ran(qtbot, page, monkeypatch) -> None:
    age_service.record_challenge_information(
        page._session,
        page.assessment.id,
        how="Old way",
        deadline=None,
        helper="the guardian",
        explained_on=dt.date.today(),
        language="",
    )
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load(page.case_id)
    page.show_step(STEP_CHILD)
    assert page.challenge_how.text() == "Old way"
    page.child_view.setFocus()
    qtbot.keyClicks(page.child_view, "I am 16.")
    release = held(monkeypatch, "record_child_view")
    qtbot.keyClick(page.child_view, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page._busy, timeout=WAIT)
    # While the save runs: the old "how" is cleared, the deadline typed.
    page.challenge_how.setFocus()
    qtbot.keyClick(page.challenge_how, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.challenge_how, Qt.Key.Key_Delete)
    qtbot.keyClick(page.challenge_how, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.challenge_deadline
    qtbot.keyClicks(page.challenge_deadline, "2026-12")
    QApplication.processEvents()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        release.set()
    qtbot.keyClicks(QApplication.focusWidget(), "-11")
    assert page.challenge_how.text() == ""
    assert page.challenge_deadline.text() == "2026-12-11"
    assert QApplication.focusWidget() is page.challenge_deadline


def test_a1_opening_the_assessment_focuses_the_first_field_visibly(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    assert page.current_step() == STEP_DOUBT
    assert QApplication.focusWidget() is page.grounds[DoubtGround.STATEMENTS]
    # the focus frame is drawn (Fusion draws it only after a keyboard focus change)
    assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert page.grounds[DoubtGround.STATEMENTS].isChecked()


def test_a1_a_started_assessment_opens_with_the_focus_on_a_button(qtbot, page) -> None:
    # step 1 is recorded (read-only): the focus goes to "Next step", never to nothing
    assert page.current_step() == STEP_DOUBT
    assert QApplication.focusWidget() is page.next_button


def test_a2_one_tab_leaves_a_date_field_and_arrows_still_move_between_sections(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    qtbot.keyClick(page.next_button, Qt.Key.Key_Space)
    qtbot.keyClick(page.informed, Qt.Key.Key_Space)
    page.informed_on.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Tab)
    left_to = QApplication.focusWidget()  # the next field (the chain itself is A3)
    assert left_to is not page.informed_on and not page.informed_on.isAncestorOf(left_to)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.informed_on
    # the first date field of step 1 is left by one Tab too
    page.show_step(STEP_DOUBT)
    page.raised_on.setFocus()
    qtbot.keyClick(page.raised_on, Qt.Key.Key_Tab)
    assert not page.raised_on.hasFocus()
    # arrows still move between the year, month and day
    page.informed.setFocus()
    page.show_step(STEP_SAFEGUARDS)
    page.informed_on.setFocus()
    page.informed_on.setCurrentSectionIndex(0)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Right)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Right)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Right)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Right)
    qtbot.keyClick(page.informed_on, Qt.Key.Key_Right)
    assert page.informed_on.currentSection() != page.informed_on.sectionAt(0)
