"""The age-assessment screen driven by two assessors on a real vault ([A1]-[A17]).

Rule ids are those of shared/domain/age-assessment.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from app.domain.age import AgeRange, Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession, Role
from app.reports.age_record import document_date
from app.services import age as age_service
from app.services import auth, cases, users
from tests.conftest import MANAGER, MANAGER_PASS
from ui.age.page import STEP_CHILD, STEP_DOUBT, STEP_METHODS, STEP_SAFEGUARDS, STEP_SIGN

pytestmark = pytest.mark.gui

WAIT = 10_000
SOCIAL, SOCIAL_PASS = "Social One", "harbour social 2026 lamp"
DOCTOR, DOCTOR_PASS = "Doctor Two", "harbour doctor 2026 lamp"
DAY = dt.date.today()


@pytest.fixture
def case_id(vault_dir: Path) -> str:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    row = cases.register_case(
        manager,
        CaseDraft(
            names=Names(given="جاوید", family="رحیمی", given_latin="Javed", family_latin="Rahimi"),
            birth=Birth(declared_age=16),
            nationalities=["AF"],
        ),
    )
    users.add_user(
        manager,
        name=SOCIAL,
        role=Role.ASSESSOR,
        profession=Profession.SOCIAL_WORKER,
        passphrase=SOCIAL_PASS,
    )
    users.add_user(
        manager,
        name=DOCTOR,
        role=Role.ASSESSOR,
        profession=Profession.PAEDIATRICIAN,
        passphrase=DOCTOR_PASS,
    )
    manager.close()
    return row.id


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader gets it: the text engine writes every line's text in
    reading (logical) order (app/reports/text.py, issue 13), which pdfminer follows."""
    from pdfminer.high_level import extract_text

    text = unicodedata.normalize("NFKC", extract_text(str(path)))
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def start_through_service(vault_dir: Path, case_id: str) -> str:
    session = auth.sign_in(vault_dir, DOCTOR, DOCTOR_PASS)
    started = age_service.start(
        session,
        case_id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="Said 15, later 17",
            raised_by="Officer O.",
            raised_on=DAY,
        ),
        Preconditions(
            informed_on=DAY,
            informed_language="prs",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            representative_present=True,
            interpreter="Interpreter I.",
        ),
    )
    session.close()
    return started.id


def sign_in_as(qtbot, window, name: str, passphrase: str) -> None:
    page = window.sign_in_page
    page.select_user(name)
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=WAIT)


def open_case(qtbot, window, case_id: str):
    window.main_page.show_section("cases")
    cases_page = window.main_page.cases_page
    with qtbot.waitSignal(cases_page.case_view.loaded, timeout=WAIT):
        cases_page.open_case(case_id)
    return cases_page


def open_assessment(qtbot, cases_page):
    view = cases_page.case_view
    assert view.age_button.isVisible()
    with qtbot.waitSignal(cases_page.age_page.loaded, timeout=WAIT):
        qtbot.keyClick(view.age_button, Qt.Key.Key_Space)
    assert cases_page.stack.currentWidget() is cases_page.age_page
    return cases_page.age_page


def click(qtbot, page, button) -> None:
    """Press a button with the keyboard and wait for the screen to reload."""
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(button, Qt.Key.Key_Space)


def refused(qtbot, page, button, message) -> None:
    """Press a button whose operation the service refuses; wait for the message."""
    message.clear()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: message.isVisibleTo(page) and not page._busy, timeout=WAIT)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def choose_method(page, method_id: str) -> None:
    page.method.setFocus()
    page.method.setCurrentIndex(page.method.findData(method_id))


def test_full_assessment_with_two_assessors_and_the_header_status(
    qtbot, make_window, vault_dir: Path, case_id: str, tmp_path: Path, monkeypatch
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, SOCIAL, SOCIAL_PASS)
    cases_page = open_case(qtbot, window, case_id)
    assert cases_page.case_view.age_status.text() == "Age: Age as declared by the child"
    page = open_assessment(qtbot, cases_page)
    assert page.current_step() == STEP_DOUBT
    assert page.status_line.text() == "Age: Age as declared by the child"
    # Steps after the start are closed until the assessment starts.
    assert not page.steps.item(STEP_METHODS).flags() & Qt.ItemFlag.ItemIsEnabled

    # (a) [A1] the documented doubt
    page.grounds[DoubtGround.APPEARANCE].setFocus()
    qtbot.keyClick(page.grounds[DoubtGround.APPEARANCE], Qt.Key.Key_Space)
    assert page.grounds_message.isVisibleTo(page)
    assert "appearance alone" in page.grounds_message.text()
    qtbot.keyClick(page.grounds[DoubtGround.STATEMENTS], Qt.Key.Key_Space)
    assert not page.grounds_message.isVisibleTo(page)
    type_into(qtbot, page.reason, "Said 15 at arrival, 17 to the police")
    type_into(qtbot, page.raised_by, "Officer O.")
    qtbot.keyClick(page.next_button, Qt.Key.Key_Space)
    assert page.current_step() == STEP_SAFEGUARDS

    # (b) [A3]-[A6] the safeguards; the start is refused until the interpreter is named
    qtbot.keyClick(page.informed, Qt.Key.Key_Space)
    type_into(qtbot, page.informed_language.edit, "prs")
    page.child_consent.setFocus()
    qtbot.keyClick(page.child_consent, Qt.Key.Key_Down)
    page.guardian_consent.setFocus()
    qtbot.keyClick(page.guardian_consent, Qt.Key.Key_Down)
    assert page.child_consent.currentData() is True
    assert page.guardian_consent.currentData() is True
    type_into(qtbot, page.representative, "Guardian G.")
    qtbot.keyClick(page.representative_present, Qt.Key.Key_Space)
    refused(qtbot, page, page.start_button, page.interpreter_message)
    assert "interpreter" in page.interpreter_message.text()
    assert page.focusWidget() is page.interpreter
    qtbot.keyClicks(page.interpreter, "Interpreter I.")
    with qtbot.waitSignal(page.status_changed, timeout=WAIT):
        click(qtbot, page, page.start_button)
    assert page.current_step() == STEP_METHODS
    assert page.status_line.text() == "Age: Treated as a child — assessment in progress"
    # [A7] the case header says so too
    with qtbot.waitSignal(cases_page.case_view.loaded, timeout=WAIT):
        qtbot.keyClick(page.back_button, Qt.Key.Key_Space)
    assert cases_page.case_view.age_status.text() == (
        "Age: Treated as a child — assessment in progress"
    )
    page = open_assessment(qtbot, cases_page)
    page.show_step(STEP_METHODS)

    # (c) [A9][A10] methods least intrusive first
    choose_method(page, "documents")
    qtbot.keyClick(page.inconclusive, Qt.Key.Key_Space)
    type_into(qtbot, page.notes, "no papers")
    click(qtbot, page, page.save_result_button)
    assert page.method.currentData() == "psychosocial_interview"  # the next one offered
    assert not page.method_warning.isVisibleTo(page)
    page.min_age.setValue(16)
    page.max_age.setValue(19)
    click(qtbot, page, page.save_result_button)
    assert page.results.rowCount() == 2
    assert "16 to 19 years" in page.results.item(1, 1).text()
    # (d) [A11]-[A13] the conclusion, live: the youngest credible age, a child
    assert "Youngest credible age: 16 years" in page.conclusion_lines.text()
    assert "treated as a child" in page.conclusion_lines.text()
    # The app dates the assignment today: the day the module was loaded, or the next one
    # if the run crossed midnight (a fresh-clone run failed so at 00:02).
    assert any(
        day.replace(year=day.year - 16).isoformat() in page.conclusion_lines.text()
        for day in (DAY, dt.date.today())
    )

    # (e) [A15][A16]
    page.show_step(STEP_CHILD)
    type_into(qtbot, page.child_view, "I am 16. I was scared of the questions.")
    click(qtbot, page, page.save_view_button)
    type_into(qtbot, page.challenge_how, "Appeal to the court")
    type_into(qtbot, page.challenge_deadline, (DAY + dt.timedelta(days=14)).isoformat())
    type_into(qtbot, page.challenge_helper, "the guardian")
    type_into(qtbot, page.challenge_language.edit, "Dari")
    click(qtbot, page, page.save_challenge_button)

    # (f) [A14] the first signature does not conclude; "adult" is not offered [A12]
    page.show_step(STEP_SIGN)
    assert not page.conclude_adult.isVisibleTo(page)
    assert "second assessor of another profession" in page.second_assessor_note.text()
    click(qtbot, page, page.sign_button)
    assert not page.assessment.concluded
    assert "Social One" in page.signatures.text()
    assert not page.sign_button.isEnabled()  # signed: nothing more to sign for this user
    assert page.status_line.text() == "Age: Treated as a child — assessment in progress"
    window.sign_out()

    # The paediatrician signs second: concluded, the benefit of the doubt applied.
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    cases_page = open_case(qtbot, window, case_id)
    assert "assessment in progress" in cases_page.case_view.age_status.text()
    page = open_assessment(qtbot, cases_page)
    page.show_step(STEP_SIGN)
    with qtbot.waitSignal(page.status_changed, timeout=WAIT):
        click(qtbot, page, page.sign_button)
    assert page.assessment.concluded
    assert page.status_line.text() == "Age: Treated as a child — benefit of the doubt applied"
    assert not page.sign_button.isEnabled()

    # Print record (PDF): the file dialog only on the user's action.
    out = tmp_path / "record.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    click(qtbot, page, page.print_button)
    assert "record.pdf" in page.print_message.text()
    text = pdf_text(out)
    for needle in (
        "Age assessment record",
        page.row.case_number,
        "جاوید رحیمی",  # [R2] the name as the child says it, letters in reading order
        "Javed Rahimi",
        "Reason: Said 15 at arrival, 17 to the police",  # [A1]
        "16 to 19 years",  # [A10]
        "Youngest credible age: 16",  # [A11]
        "A credible range reaches below 18: the person is treated as a child.",  # [A12]
        "Social One",  # [A14]
        "Doctor Two",
        "I am 16. I was scared of the questions.",  # [A15]
        "How: Appeal to the court",  # [A16]
        "By when: " + document_date(DAY + dt.timedelta(days=14)),
        "With whose help: the guardian",
    ):
        assert needle in text, f"{needle!r} is not in the printed record:\n{text}"
    assigned = "Assigned date of birth (the latest consistent with the youngest age): "
    assert any(  # [A13] dates in a document's long form; today, or after midnight the next day
        assigned + document_date(years_before(day, 16)) in text for day in (DAY, dt.date.today())
    ), text
    assert "genital" not in text.lower()  # [A8]

    with qtbot.waitSignal(cases_page.case_view.loaded, timeout=WAIT):
        qtbot.keyClick(page.back_button, Qt.Key.Key_Space)
    assert cases_page.case_view.age_status.text() == (
        "Age: Treated as a child — benefit of the doubt applied"
    )


def test_a_skipped_less_intrusive_method_warns_beside_the_choice(
    qtbot, make_window, vault_dir: Path, case_id: str
) -> None:
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_METHODS)
    assert not page.method_warning.isVisibleTo(page)  # documents first: nothing skipped
    choose_method(page, "hand_wrist_xray")
    # [A9] beside the method combo, naming what was skipped, in words
    assert page.method_warning.isVisibleTo(page)
    warning = page.method_warning.text()
    assert "Less intrusive methods have not been tried" in warning
    assert "Documents and records" in warning and "documents," not in warning
    assert page.skip_reason.isVisibleTo(page)
    # [A4][A9] a medical method: the consent to this method, beside its box
    assert page.method_consent_message.isVisibleTo(page)
    assert "At least two years either way" in page.method_details.text()
    qtbot.keyClick(page.method_consent, Qt.Key.Key_Space)
    assert not page.method_consent_message.isVisibleTo(page)
    page.min_age.setValue(17)
    page.max_age.setValue(21)

    refused(qtbot, page, page.save_result_button, page.skip_message)
    assert "write why this one is needed now" in page.skip_message.text()
    assert page.focusWidget() is page.skip_reason
    assert page.results.rowCount() == 0
    qtbot.keyClicks(page.skip_reason, "The child asked for it; no records exist")
    click(qtbot, page, page.save_result_button)
    assert page.results.rowCount() == 1
    assert "17 to 21 years" in page.results.item(0, 1).text()

    # [A17] removing a result asks for the reason, and keeps it
    page.results.selectRow(0)
    qtbot.keyClick(page.remove_button, Qt.Key.Key_Space)
    assert "Say why" in page.remove_message.text()
    assert page.results.rowCount() == 1
    type_into(qtbot, page.remove_reason, "Entered on the wrong case")
    click(qtbot, page, page.remove_button)
    assert page.results.rowCount() == 0
    assert page.assessment.corrections[0]["reason"] == "Entered on the wrong case"


FORBIDDEN = re.compile(r"genital|sexual|pubert|pubic|breast|تناسل|جنسي|البلوغ|العانة|الثدي", re.I)


def widget_texts(root: QWidget) -> list[str]:
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QLineEdit):
            found += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            found += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            for r in range(widget.rowCount()):
                for c in range(widget.columnCount()):
                    item = widget.item(r, c)
                    found.append(item.text() if item else "")
            for c in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(c)
                found.append(header.text() if header else "")
    return [t for t in found if t]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_text_on_the_screen_mentions_genitalia_or_sexual_maturity(
    qtbot, make_window, vault_dir: Path, case_id: str, language: str
) -> None:
    """[A8] Not in the catalogue, not in any text the screen shows, in any language."""
    start_through_service(vault_dir, case_id)
    session = auth.sign_in(vault_dir, DOCTOR, DOCTOR_PASS)
    view = age_service.current(session, case_id)
    age_service.add_result(
        session,
        view.id,
        method_id="documents",
        age_range=AgeRange(min_age=15, max_age=17),
        performed_on=DAY,
    )
    session.close()
    window = make_window(vault_dir, language=language)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    seen: list[str] = []
    for step in range(page.steps.count()):
        page.show_step(step)
        seen += widget_texts(page)
    page.show_step(STEP_METHODS)
    for i in range(page.method.count()):
        page.method.setCurrentIndex(i)
        seen += widget_texts(page)
    assert len(seen) > 200
    if language == "ar":
        assert "تقييم العمر" in page.title.text()
    # Every control a person uses has an accessible name.
    controls = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QListWidget, QTableWidget)
    unnamed = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, controls)
        and w.isVisibleTo(page)
        and not w.accessibleName()
        and not isinstance(w.parent(), QAbstractSpinBox)  # the editor inside a spin box
    ]
    assert unnamed == []
    hits = [t for t in seen if FORBIDDEN.search(t)]
    assert hits == []
    assert QApplication.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )


def test_an_intake_officer_sees_the_status_but_not_the_assessment(
    qtbot, make_window, vault_dir: Path, case_id: str
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    users.add_user(
        manager, name="Intake Three", role=Role.INTAKE_OFFICER, passphrase="harbour intake 26 lamp"
    )
    manager.close()
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, "Intake Three", "harbour intake 26 lamp")
    view = open_case(qtbot, window, case_id).case_view
    assert view.age_status.text() == "Age: Treated as a child — assessment in progress"
    assert not view.age_button.isVisibleTo(view)
