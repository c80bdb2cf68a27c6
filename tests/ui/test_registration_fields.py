"""The intake's date in the papers' calendar, distinguishing marks, interpreter sex
preference, and ethnicity/religion only with a reason (registration.md; issue 12, items
13 and 14)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.calendars import Calendar, WrittenDate
from app.domain.case import Answer, Birth, CaseDraft, DatePrecision, InterpreterSex
from tests.ui.test_cases import focused, open_cases, press, start_intake, type_text
from ui.cases import form as F

pytestmark = pytest.mark.gui

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))


def plain(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def choose_calendar(qtbot, bound, calendar: Calendar) -> None:
    bound.calendar.setFocus()
    while bound.calendar.currentData() != calendar.value:
        press(qtbot, Qt.Key.Key_Down)


def test_a_tazkira_date_is_taken_as_written_refused_when_it_does_not_exist_and_kept(
    qtbot, make_window, vault_dir: Path
) -> None:
    window = make_window(vault_dir)
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    type_text(qtbot, "Ahmad")
    date = wizard.bounds["birth.date"]
    assert date.focus_chain() == [date.widget, date.calendar]  # the calendar after the date
    choose_calendar(qtbot, date, Calendar.SOLAR_HIJRI)
    date.widget.setFocus()
    type_text(qtbot, "1390-12-31")  # Esfand 1390 has 29 days
    assert not date.converted.isVisibleTo(wizard)
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.current_step() == 0
    esfand = "Esfand (اسفند / حوت) 1390 has 29 days: there is no day 31."
    assert plain(date.message.text()) == esfand
    assert date.widget.text() == "1390-12-31"  # nothing typed is lost
    assert date.calendar.currentData() == Calendar.SOLAR_HIJRI.value
    assert focused() is date.widget

    date.widget.selectAll()
    type_text(qtbot, "1/1/1390")  # day first, as on the paper
    assert date.converted.isVisibleTo(wizard)
    assert plain(date.converted.text()) == (
        "1 Farvardin (فروردین / حمل) 1390 = March 21, 2011 in the Gregorian calendar"
    )
    birth = wizard.convert().draft.birth
    assert birth.date == dt.date(2011, 3, 21)  # the field's value stays Gregorian
    assert birth.date_written == WrittenDate(
        calendar=Calendar.SOLAR_HIJRI, year=1390, month=1, day=1
    )
    # The draft keeps the calendar and the text; reading it back shows them again.
    state = wizard.state()
    assert state["birth.date"] == {"calendar": "solar_hijri", "text": "1/1/1390"}
    wizard.set_state(state)
    assert date.calendar.currentData() == "solar_hijri" and date.widget.text() == "1/1/1390"


def test_an_ethiopian_date_of_a_registered_case_shows_in_edit_mode_and_the_summary() -> None:
    written = WrittenDate(calendar=Calendar.ETHIOPIAN, year=2008, month=1, day=1)
    draft = CaseDraft(
        names={"given": "Dawit"},
        birth=Birth(
            date=written.to_gregorian(),
            precision=DatePrecision.EXACT,
            date_written=written,
        ),
        interpreter_sex=Answer.of(InterpreterSex.FEMALE),
        distinguishing_marks=Answer.of("Scar above the left eye"),
    )
    state = F.draft_to_form(draft)
    assert state["birth.date"] == {"calendar": "ethiopian", "text": "2008-01-01"}
    again = F.form_to_draft(state, today=dt.date(2026, 1, 1)).draft
    assert again.birth.date == dt.date(2015, 9, 12)
    assert again.birth.date_written == written
    assert again.interpreter_sex == draft.interpreter_sex
    assert again.distinguishing_marks == draft.distinguishing_marks
    from ui.cases.summary import birth_text, sections

    assert plain(birth_text(draft)).startswith(
        "2015-09-12; on the papers: 1 Meskerem (መስከረም) 2008, Ethiopian calendar (Ethiopia, Eritrea)"
    )
    rows = dict((label, value) for _title, rows in sections(draft) for label, value in rows)
    assert rows["Distinguishing marks"] == "Scar above the left eye"
    assert rows["Interpreter the child prefers"] == "A woman"


def test_ethnicity_or_religion_needs_its_reason_and_nothing_is_chosen_for_the_officer(
    qtbot, make_window, vault_dir: Path
) -> None:
    window = make_window(vault_dir)
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    type_text(qtbot, "Ahmad")
    assert wizard.bounds["interpreter_sex"].value() == {"status": "not_asked", "value": ""}
    assert wizard.bounds["distinguishing_marks"].value()["status"] == "not_asked"
    ethnicity = wizard.bounds["special_categories.ethnicity"]
    ethnicity.focus_widget().setFocus()
    type_text(qtbot, "Hazara")
    press(qtbot, Qt.Key.Key_Return)
    reason = wizard.bounds["special_categories.reason"]
    assert wizard.current_step() == 0
    assert reason.message.text().startswith("Say why ethnicity or religion is needed")
    assert focused() is not None
    reason.widget.setFocus()
    type_text(qtbot, "Risk of persecution as Hazara")
    conversion = wizard.convert()
    assert "special_categories.reason" not in conversion.problems
    assert conversion.special.ethnicity == Answer.of("Hazara")
    # Never a field of the case itself: registering writes them apart, for readers only.
    assert "Hazara" not in conversion.draft.model_dump_json()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_identity_step_with_a_papers_date_renders(
    qtbot, make_window, vault_dir: Path, tmp_path: Path, language: str
) -> None:
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    type_text(qtbot, "احمد")
    date = wizard.bounds["birth.date"]
    choose_calendar(qtbot, date, Calendar.SOLAR_HIJRI)
    date.widget.setFocus()
    type_text(qtbot, "1390-01-01")
    assert date.converted.isVisibleTo(wizard)
    scroll = wizard.pages.currentWidget()
    scroll.ensureWidgetVisible(date.converted, 50, 200)
    # The form makes room for the Gregorian line under the date (a posted layout request).
    box = date.hint.parentWidget()
    qtbot.waitUntil(
        lambda: (
            date.hint.geometry().top() >= date.converted.geometry().bottom()
            and box.height() >= box.heightForWidth(box.width())
        ),
        timeout=5000,
    )
    out = Path(os.environ.get("HARBOUR_SHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / f"intake_calendar_{language}.png"))
    # Nothing cut on the right: the date line and its calendar fit in the form.
    assert date.calendar.geometry().right() <= date.calendar.parentWidget().width()
