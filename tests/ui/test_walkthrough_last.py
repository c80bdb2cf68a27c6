"""The last open walkthrough problems of issue 12 (docs/walkthrough.md): a date field's
order in Arabic, reached both ways, and the others named in each test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QScrollArea

from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_age import (
    case_id,  # noqa: F401  (the fixture)
    open_assessment,
    open_case,
    sign_in_as,
)

pytestmark = pytest.mark.gui

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import screenshots  # noqa: E402


def date_fields(page) -> list[QDateEdit]:  # type: ignore[no-untyped-def]
    return [w for w in page.findChildren(QDateEdit) if w.displayFormat()]


@pytest.mark.parametrize("way", ["opened in Arabic", "switched to Arabic"])
def test_an_age_date_field_reads_year_first_however_arabic_was_reached(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    way: str,
) -> None:
    window = make_window(vault_dir, language="ar" if way == "opened in Arabic" else "en")
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    if way == "switched to Arabic":
        window.set_language("ar")
    fields = date_fields(page)
    assert len(fields) >= 4  # raised, informed, carried out, explained to the child
    for field in fields:
        field.setDate(QDate(2026, 11, 27))
        # before the fix: "27-11-2026" when the page was built in Arabic
        assert field.text() == "2026-11-27", field.text()
        assert field.lineEdit().text() == "2026-11-27"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a4_saving_results_never_scrolls_step_3_sideways(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    language: str,
) -> None:
    """Walkthrough A4: in a 1366×747 window (1366×768 less the title bar) step 3 scrolled
    sideways after a result was saved: a long note, its column sized to its content, pushed
    "By" and "Notes" off the side of the results (cut letters in Arabic)."""
    from tests.ui.test_age import DOCTOR, DOCTOR_PASS, click, start_through_service, type_into
    from ui.age.page import STEP_METHODS

    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir, language=language)
    window.resize(1366, 747)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_METHODS)
    for method in ("documents", "psychosocial_interview"):
        page.method.setCurrentIndex(page.method.findData(method))
        page.min_age.setValue(15)
        page.max_age.setValue(17)
        type_into(qtbot, page.notes, "a long note about the school records " * 6)
        click(qtbot, page, page.save_result_button)
    assert page.results.rowCount() == 2
    problems = screenshots.fit_problems(window, 1366, 747)
    assert problems == []
    for area in window.findChildren(QScrollArea):
        if area.isVisibleTo(window):
            assert area.horizontalScrollBar().value() == 0
    # the table of results: every column inside the pane, none pushed off the side
    screenshots.settle()
    assert page.results.horizontalScrollBar().maximum() == 0
    header = page.results.horizontalHeader()
    assert header.length() <= page.results.viewport().width()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a6_by_when_is_a_date_and_the_long_label_squeezes_nothing(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    language: str,
) -> None:
    """Walkthrough A6: "By when" took any text ("within 2 weeks"), and the label "The
    child's own account of their age and of the process:" in the label column squeezed
    every field of step 5 into what was left of the width."""
    import datetime as dt

    from app.services import age as age_service
    from tests.ui.test_age import DOCTOR, DOCTOR_PASS, click, start_through_service, type_into
    from ui.age.page import STEP_CHILD

    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir, language=language)
    window.resize(1280, 720)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    page.show_step(STEP_CHILD)
    screenshots.settle()
    step = page.challenge_how.parentWidget()
    label = page._labels[page.child_view][0]
    assert (
        label.geometry().bottom()
        < page.child_view.mapTo(step, page.child_view.rect().topLeft()).y()
    )
    assert page.child_view.width() > 0.9 * (step.width() - 40)
    for field in (page.challenge_how, page.challenge_deadline, page.challenge_helper):
        assert field.width() > 0.6 * step.width(), (field.width(), step.width())

    type_into(qtbot, page.challenge_how, "Appeal to the court")
    type_into(qtbot, page.challenge_helper, "the guardian")
    type_into(qtbot, page.challenge_deadline, "within 2 weeks")
    page.challenge_deadline_message.clear()
    qtbot.keyClick(page.save_challenge_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(page.challenge_deadline_message.text()), timeout=5_000)
    if language == "en":
        assert "year-month-day" in page.challenge_deadline_message.text()
    assert page.challenge_deadline.text() == "within 2 weeks"  # what was typed stays
    assert page.challenge_how.text() == "Appeal to the court"
    assert page.focusWidget() is page.challenge_deadline
    assert age_service.current(page._session, case_id).challenge == {}

    # [A16] a deadline before the day it was explained: refused beside the field
    page.challenge_deadline.clear()
    type_into(qtbot, page.challenge_deadline, (dt.date.today() - dt.timedelta(days=1)).isoformat())
    qtbot.keyClick(page.save_challenge_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: bool(page.challenge_deadline_message.text()) and not page._busy, timeout=5_000
    )
    assert age_service.current(page._session, case_id).challenge == {}

    deadline = dt.date.today() + dt.timedelta(days=14)
    page.challenge_deadline.clear()
    type_into(qtbot, page.challenge_deadline, deadline.isoformat())
    click(qtbot, page, page.save_challenge_button)
    saved = age_service.current(page._session, case_id).challenge
    assert saved["deadline"] == deadline.isoformat()
    assert not page.challenge_deadline_message.text()


def test_r4_typing_an_items_first_arabic_letters_chooses_it(
    qtbot, make_window, vault_dir: Path
) -> None:
    """Walkthrough R4: in the Arabic intake, typing أ on "Sex", ا on the birth date's
    precision or ص on its source chose nothing (each item begins with a right-to-left mark);
    only the arrows worked. The choice is recorded as if made with the arrows."""
    from tests.ui.test_cases import focused, open_cases, start_intake, type_text
    from ui.cases import form as F

    window = make_window(vault_dir, language="ar")
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    wizard.show_step(F.step_of_key("sex"))
    sex = wizard.bounds["sex"]
    sex.focus_widget().setFocus()
    type_text(qtbot, "أ")
    assert sex.value() == {"status": "answered", "value": "female"}
    assert focused() is sex.focus_widget()  # the list stays closed, the focus where it was

    precision = wizard.bounds["birth.precision"].widget
    precision.setFocus()
    type_text(qtbot, "السنة")
    assert precision.currentData() == "year"
    source = wizard.bounds["birth.source"].widget
    source.setFocus()
    type_text(qtbot, "ص")
    assert source.currentData() == "declared"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    type_text(qtbot, "ص")  # the same letter again: the next item that begins with it, if any
    assert source.currentText().lstrip("\u200f").startswith("ص")


@pytest.mark.parametrize(
    ("language", "one"),
    [("ar", "\u0661"), ("ckb", "\u0661"), ("prs", "\u06f1"), ("ps", "\u06f1"), ("ur", "\u06f1")],
)
def test_n5_the_childs_screen_counts_in_the_digits_of_its_language(
    qtbot, language: str, one: str
) -> None:
    """Walkthrough N5: the screen counter read "1 / 61" in Latin digits on an Arabic screen.
    Now in the digits the child learnt (CLDR's native system), drawn by the screen's font."""
    from tests.ui.test_presenter import missing_glyphs
    from ui.presenter.window import PresenterWindow

    window = PresenterWindow(language, ["welcome", "rights"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    counter = window.progress.text()
    assert counter.startswith(one + " / "), counter
    assert not any(ch.isascii() and ch.isdigit() for ch in counter)
    assert not missing_glyphs(counter, window.progress)
    window.go_to(1)
    assert window.progress.text().startswith(counter.replace(one, chr(ord(one) + 1), 1)[:1])
    window.finish()


def test_n5_latin_script_screens_keep_latin_digits(qtbot) -> None:
    from ui.presenter.window import PresenterWindow

    window = PresenterWindow("en", ["welcome", "rights"])
    qtbot.addWidget(window)
    window.show()
    assert window.progress.text().startswith("1 / ")
    window.finish()


def _xs(line: str, font, rtl: bool) -> list[float]:  # type: ignore[no-untyped-def]
    """Where Qt draws each character of ``line`` (the cursor's x before it)."""
    from PySide6.QtGui import QTextDocument, QTextOption

    document = QTextDocument()
    document.setDefaultFont(font)
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    document.setDefaultTextOption(option)
    document.setPlainText(line)
    document.setTextWidth(4000)
    document.size()
    layout = document.firstBlock().layout().lineAt(0)
    return [layout.cursorToX(i)[0] for i in range(len(line))]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_n6_the_session_notes_name_the_language_in_reading_order(qtbot, language: str) -> None:
    """Walkthrough N6: the notes after a session read "Language: (Arabic) العربية": the
    name in the staff language jumped before the Arabic one. Now "العربية (Arabic)",
    the bracket to the right of the Arabic word in a left-to-right line."""
    import datetime as dt

    from ui.language import apply_language
    from ui.operations import OperationRunner
    from ui.presenter.launcher import InformationPage
    from ui.presenter.window import Presentation

    apply_language(language)
    try:
        page = InformationPage(OperationRunner())
        qtbot.addWidget(page)
        started = dt.datetime.now(dt.UTC)
        page._on_presenter_ended(Presentation("ar", False, [], ["ar"], started_at=started))
        line = page.notes.summary.text().split("\n")[0]
        arabic, bracket = line.index("العربية"), line.index("(")
        xs = _xs(line, page.notes.summary.font(), rtl=False)
        assert xs[bracket] > max(xs[arabic : arabic + len("العربية")]), line
    finally:
        apply_language("en")


def _ink_columns(widget) -> list[int]:  # type: ignore[no-untyped-def]
    """The x of every column of ``widget`` that has a dark pixel (its text's ink)."""
    image = widget.grab().toImage()
    return [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y).lightness() < 110 for y in range(image.height()))
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_r5_a_latin_value_sits_beside_its_label_in_the_arabic_case_view(
    qtbot, make_window, vault_dir: Path, language: str
) -> None:
    """Walkthrough R5: in the Arabic case view a Latin value ("Idlib", the place of birth)
    was drawn at the far left of its row, away from its label, while Arabic values sat
    next to theirs."""
    from app.domain.case import Answer, Birth, CaseDraft, Names, Sex
    from app.services import auth
    from app.services import cases as case_service
    from ui.cases.summary import ValueLabel

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    case = case_service.register_case(
        session,
        CaseDraft(
            names=Names(given="يوسف", family="الحسن"),
            sex=Answer.of(Sex.MALE),
            birth=Birth(declared_age=15, place=Answer.of("Idlib")),
            nationalities=["SY"],
        ),
    )
    session.close()
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, case.id).case_view
    place = next(w for w in view.findChildren(ValueLabel) if w.text() == "Idlib")
    screenshots.settle()
    ink = _ink_columns(place)
    assert ink and place.width() > 300
    if language == "ar":  # on the right, by its label; before the fix at the far left
        assert min(ink) > place.width() - 150, (min(ink), place.width())
    else:
        assert max(ink) < 150


def test_i8_the_officer_is_proposed_as_the_signed_in_user(
    qtbot, make_window, vault_dir: Path, tmp_path: Path
) -> None:
    """Walkthrough I8: on step 6 "Officer" was empty although the signed-in officer is
    known. Proposed (not a fact about the child; it can be changed) on a new intake, after
    a sign-in and straight after the set-up wizard."""
    from tests.ui.test_cases import open_cases, start_intake
    from tests.ui.test_wizard_profession import create_through_the_wizard
    from ui.cases import form as F

    for way in ("signed in", "just set up"):
        if way == "signed in":
            window = make_window(vault_dir)
            cases = open_cases(qtbot, window)
        else:  # the walk's path: the set-up wizard, then straight to an intake
            window = make_window(tmp_path / "new")
            create_through_the_wizard(qtbot, window, None)
            window.main_page.show_section("cases")
            cases = window.main_page.cases_page
        wizard = start_intake(qtbot, cases)
        wizard.show_step(F.step_of_key("presence.officer"))
        officer = wizard.bounds["presence.officer"]
        assert officer.widget.isVisibleTo(wizard)
        assert officer.widget.text() == MANAGER, way
        window.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_enrol_form_shows_its_labels_and_button_whole(
    qtbot, make_window, vault_dir: Path, language: str
) -> None:
    """The sync part of Settings, not enrolled yet, at 1280×720: each label whole with its
    colon, the Enrol button's text whole (reported cut in Arabic; not reproduced, its Alt
    key moved off the first letter). HARBOUR_TEST_SHOTS=DIR keeps a picture of it."""
    import os

    from tests.ui.test_sync_window import open_sync_section
    from ui.sync.enrol import EnrolPanel

    window = make_window(vault_dir, language=language)
    window.resize(1280, 720)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_sync_section(qtbot, window)
    enrol: EnrolPanel = section.enrol
    assert enrol.isVisible()
    screenshots.settle()
    for label in (enrol._server_label, enrol._code_label):
        assert label.text().rstrip().endswith(":"), label.text()
        assert label.width() >= label.sizeHint().width(), (label.text(), label.width())
    button = enrol.enrol_button
    assert button.width() >= button.sizeHint().width(), (button.text(), button.width())
    if language == "ar":  # the Alt key's underline no longer under the first letter
        assert not button.text().lstrip("\u200f").startswith("&")
    assert screenshots.fit_problems(window, 1280, 720) == []
    if os.environ.get("HARBOUR_TEST_SHOTS"):
        folder = Path(os.environ["HARBOUR_TEST_SHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        section.grab().save(str(folder / f"sync-enrol-{language}.png"))


def test_work_that_ends_after_its_window_is_gone_tells_nobody_and_raises_nothing(
    qtbot,
) -> None:
    """A slow read (the sync status at sign-in) that ended after its window was closed
    emitted from the deleted runner: "Signal source has been deleted", caught by pytest-qt
    in whichever test came next (test_fit failed now and then)."""
    import threading

    import shiboken6
    from PySide6.QtCore import QObject

    from ui.operations import OperationRunner

    owner = QObject()
    runner = OperationRunner(owner)
    release = threading.Event()
    told: list[object] = []
    runner.run(lambda: release.wait(5), on_success=told.append, on_failure=told.append)
    shiboken6.delete(owner)  # the window closed while the work ran
    assert not shiboken6.isValid(runner)
    release.set()
    qtbot.wait(300)  # the result comes back to a runner that is gone
    assert told == []
