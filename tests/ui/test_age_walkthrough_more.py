"""Walkthrough problems found on the age-assessment screen in the third session
(docs/walkthrough.md A3, A12, A14, R1), on a real vault, in English and Arabic."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QFileDialog

from app.domain.age import AgeRange
from app.domain.case import DocumentSeen
from app.services import age as age_service
from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS
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
from ui.age.page import STEP_CONCLUSION, STEP_METHODS, STEP_SAFEGUARDS, STEP_SIGN
from ui.common import LRI, PDI

pytestmark = pytest.mark.gui

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile("[A-Za-z]{3,}")


@pytest.fixture(params=["en", "ar"])
def fresh_page(request, qtbot, make_window, vault_dir: Path, case_id: str):  # noqa: F811
    """The assessment of a case not assessed yet, open on step 1."""
    window = make_window(vault_dir, language=request.param)
    window.resize(1366, 768)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    return open_assessment(qtbot, open_case(qtbot, window, case_id))


def type_text(widget, text: str) -> None:
    """Type any text, one key press and release per character (QTest.keyClicks knows
    only ASCII): what a keyboard in the child's script sends."""
    for ch in text:
        key = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def tab_path(qtbot, start, count: int) -> list:
    widget, path = start, [start]
    for _ in range(count):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        path.append(widget)
    return path


def test_a3_tab_goes_through_step_2_in_reading_order(qtbot, fresh_page) -> None:
    page = fresh_page
    qtbot.keyClick(page.next_button, Qt.Key.Key_Space)
    assert page.current_step() == STEP_SAFEGUARDS
    assert QApplication.focusWidget() is page.informed
    expected = [
        page.informed,
        page.informed_on,
        page.informed_language.edit,  # "In the language", skipped before the fix
        page.child_consent,
        page.guardian_consent,
        page.legal_basis,
        page.refusal,
        page.representative,
        page.representative_present,
        page.interpreter_needed,
        page.interpreter,
        page.start_button,
    ]
    assert tab_path(qtbot, page.informed, len(expected) - 1) == expected
    # and back: Shift+Tab retraces it
    widget = page.start_button
    for previous in reversed(expected[:-1]):
        qtbot.keyClick(widget, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        widget = QApplication.focusWidget()
        assert widget is previous


def test_a12_a_name_typed_into_a_tick_box_leaves_it_as_it_was(qtbot, fresh_page) -> None:
    page = fresh_page
    qtbot.keyClick(page.next_button, Qt.Key.Key_Space)
    box = page.interpreter_needed
    assert box.isChecked()
    box.setFocus(Qt.FocusReason.TabFocusReason)
    type_text(box, "Interpreter Rana")  # one Tab short of the interpreter's name
    assert box.isChecked()
    type_text(box, "رنا المترجمة")
    assert box.isChecked()
    # once the typing stops (the box left and reached again, or another key), a Space
    # ticks and unticks as everywhere
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    type_text(box, "x")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    # the same on a button: the space of a typed word never presses it
    start = page.start_button
    start.setFocus(Qt.FocusReason.TabFocusReason)
    type_text(start, "Rana Said")
    assert page.assessment is None and page.current_step() == STEP_SAFEGUARDS


def test_r1_switching_to_arabic_redraws_the_status_and_the_saved_record_line(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    assert "assessment in progress" in page.status_line.text()
    out = tmp_path / "record.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    page.show_step(STEP_SIGN)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    assert "The record is saved to" in page.print_message.text()

    with qtbot.waitSignal(window.language_changed, timeout=WAIT):
        window.set_language("ar")
    qtbot.waitUntil(lambda: "assessment" not in page.status_line.text(), timeout=WAIT)
    status = page.status_line.text()
    assert ARABIC.search(status) and not LATIN_WORD.search(status), status
    printed = page.print_message.text()
    assert "The record is saved" not in printed and ARABIC.search(printed), printed
    assert str(out) in printed  # the path itself, isolated, as it was


def test_a14_the_assigned_date_reads_left_to_right_in_the_arabic_conclusion(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
) -> None:
    assessment_id = start_through_service(vault_dir, case_id)
    session = auth.sign_in(vault_dir, DOCTOR, DOCTOR_PASS)
    age_service.add_result(
        session,
        assessment_id,
        method_id="documents",
        age_range=AgeRange(min_age=15, max_age=17),
        performed_on=dt.date.today(),
    )
    session.close()
    window = make_window(vault_dir, language="ar")
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_CONCLUSION)
    date = page.assessment.conclusion.assigned_birth_date.isoformat()
    line = next(t for t in page.conclusion_lines.text().split("\n") if date in t)
    assert f"{LRI}{date}{PDI}" in line
    # Where Qt draws each character of the date in the right-to-left line: left to right,
    # first digit leftmost ("2011-11-27", never "27-11-2011").
    document = QTextDocument()
    document.setDefaultFont(page.conclusion_lines.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    document.setDefaultTextOption(option)
    document.setPlainText(line)
    document.setTextWidth(4000)
    document.size()  # lays the text out
    text_line = document.firstBlock().layout().lineAt(0)
    start = line.index(date)
    xs = [text_line.cursorToX(i)[0] for i in range(start + 1, start + len(date))]
    assert xs == sorted(xs), xs


def test_a10_a_saved_message_stays_on_its_step_and_the_record_names_the_country(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        draft = cases.open_case(manager, case_id).draft
        draft = draft.model_copy(
            update={
                "documents": [
                    DocumentSeen(type="Family booklet", number="SYN-0042", issuing_state="SY")
                ]
            }
        )
        cases.update_case(manager, case_id, draft)
    finally:
        manager.close()
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_METHODS)
    page.method.setCurrentIndex(page.method.findData("documents"))
    page.inconclusive.setChecked(True)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(page.save_result_button, Qt.Key.Key_Space)
    assert page.notice.text() == "The result is saved."
    # Alt+N presses the button as a click animated for a tenth of a second
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.current_step() == STEP_CONCLUSION, timeout=WAIT)
    assert page.current_step() == STEP_CONCLUSION
    assert page.notice.text() == ""

    data = age_service.record_data(page._session, case_id)
    assert [d.text for d in data.documents] == ["Family booklet SYN-0042 (Syria)"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a8_alt_and_a_number_goes_straight_to_a_step(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    language: str,
) -> None:
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir, language=language)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    assert page.current_step() == 0 and page.step_keys.isVisible()
    assert "Alt+6" in page.step_keys.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert page.current_step() == STEP_SIGN
    assert QApplication.focusWidget() is page.sign_button  # the second assessor signs here
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.current_step() == STEP_METHODS
    assert QApplication.focusWidget() is page.method


def test_a8_a_step_not_open_yet_stays_closed(qtbot, fresh_page) -> None:
    page = fresh_page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert page.current_step() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert page.current_step() == STEP_SAFEGUARDS
