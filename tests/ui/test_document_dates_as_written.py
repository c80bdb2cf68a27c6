"""Issue 12, item 14, for the papers' own dates: a document's expiry is typed as written
on it, in its calendar (an Afghan tazkira in the Solar Hijri calendar, Ethiopian papers in
the Ethiopian one), refused when it does not exist there (what was typed stays), stored
beside the Gregorian date and shown with it in the summary, the case and its history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.calendars import Calendar, WrittenDate
from app.domain.case import Birth, CaseDraft, DocumentSeen
from app.domain.history_text import item_text
from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_cases import focused, open_cases, press, start_intake, type_text
from tests.ui.test_registration_fields import choose_calendar, plain
from ui.cases import form as F
from ui.cases.summary import sections

pytestmark = pytest.mark.gui

TAZKIRA_EXPIRY = WrittenDate(calendar=Calendar.SOLAR_HIJRI, year=1405, month=1, day=1)


def test_a_document_expiry_is_typed_in_the_papers_calendar_and_kept_beside_the_gregorian(
    qtbot, make_window, vault_dir: Path
) -> None:
    window = make_window(vault_dir)
    wizard = start_intake(qtbot, open_cases(qtbot, window))
    type_text(qtbot, "Ahmad")
    wizard.show_step(F.STEPS.index(F.ARRIVAL))
    row = wizard.groups["documents"].rows[0][1]
    row["type"].widget.setFocus()
    type_text(qtbot, "Tazkira")
    expiry = row["expiry"]
    assert expiry.focus_chain() == [expiry.widget, expiry.calendar]
    choose_calendar(qtbot, expiry, Calendar.SOLAR_HIJRI)
    expiry.widget.setFocus()
    type_text(qtbot, "1405-12-31")  # Esfand 1405 has 29 days
    draft = wizard.convert()
    assert "documents.0.expiry" in draft.problems
    assert plain(draft.problems["documents.0.expiry"]) == (
        "Esfand (اسفند / حوت) 1405 has 29 days: there is no day 31."
    )
    assert expiry.widget.text() == "1405-12-31"  # nothing typed is lost

    expiry.widget.selectAll()
    type_text(qtbot, "1405-01-01")
    assert plain(expiry.converted.text()) == (
        "1 Farvardin (فروردین / حمل) 1405 = March 21, 2026 in the Gregorian calendar"
    )
    document = wizard.convert().draft.documents[0]
    assert document.expiry == dt.date(2026, 3, 21)  # every rule reads the Gregorian date
    assert document.expiry_written == TAZKIRA_EXPIRY
    state = wizard.state()
    assert state["documents"][0]["expiry"] == {"calendar": "solar_hijri", "text": "1405-01-01"}
    wizard.set_state(state)  # a saved draft opened again shows the paper's date again
    row = wizard.groups["documents"].rows[0][1]
    assert row["expiry"].calendar.currentData() == "solar_hijri"
    assert row["expiry"].widget.text() == "1405-01-01"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is not None


def test_a_registered_case_keeps_the_papers_expiry_and_shows_both_dates(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = cases.register_case(
            session,
            CaseDraft(
                names={"given": "Dawit"},
                birth=Birth(declared_age=15),
                documents=[
                    DocumentSeen(
                        type="Kebele ID",
                        issuing_state="ET",
                        expiry=dt.date(2015, 9, 12),
                        expiry_written=WrittenDate(
                            calendar=Calendar.ETHIOPIAN, year=2008, month=1, day=1
                        ),
                        original=True,
                    )
                ],
            ),
        )
        draft = cases.open_case(session, row.id).draft
    finally:
        session.close()
    document = draft.documents[0]
    assert document.expiry_written == WrittenDate(
        calendar=Calendar.ETHIOPIAN, year=2008, month=1, day=1
    )
    both = "2015-09-12; on the papers: 1 Meskerem (መስከረም) 2008, Ethiopian calendar"
    # the summary and the case view (the same sections)
    shown = dict((label, value) for _title, rows in sections(draft) for label, value in rows)
    assert plain(shown["Kebele ID"]).startswith(f"Ethiopia, {both}")  # a country, not "ET"
    # editing the case shows the date as written, in its calendar
    state = F.draft_to_form(draft)
    assert state["documents"][0]["expiry"] == {"calendar": "ethiopian", "text": "2008-01-01"}
    assert F.form_to_draft(state, today=dt.date(2026, 1, 1)).draft.documents[0] == document
    # the case history names both
    text = plain(item_text("documents", document.model_dump(mode="json")))
    assert "on the papers: 1 Meskerem (መስከረም) 2008, Ethiopian calendar" in text
