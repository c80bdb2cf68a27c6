"""The case view shows exactly one child, at the top, with a history people can read, the
information the child was given and the age assessment (issue 12, item 7)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.domain.case import (
    Accompaniment,
    Answer,
    AnswerStatus,
    Birth,
    CaseDraft,
    FamilyMember,
    Language,
    Names,
    Separation,
)
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.services import auth, information
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_cases import open_cases

pytestmark = pytest.mark.gui

WAIT = 10_000
SHOTS = (
    Path(os.environ.get("HARBOUR_TEST_SHOTS", "")) if os.environ.get("HARBOUR_TEST_SHOTS") else None
)
RAW = re.compile(r"[{}\[\]]|[0-9a-f]{8}-[0-9a-f]{4}-|\b[0-9a-f]{16}\b")


def _two_children(vault_dir: Path) -> tuple[str, str]:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        first = case_service.register_case(
            session,
            CaseDraft(
                names=Names(
                    given="أمينة", family="يوسف", given_latin="Amina", family_latin="Yusuf"
                ),
                birth=Birth(declared_age=15),
                separation=Separation(status=Accompaniment.UNACCOMPANIED),
            ),
        )
        second = case_service.register_case(
            session,
            CaseDraft(
                names=Names(given="Selam", family="Tesfaye"),
                birth=Birth(declared_age=14),
                separation=Separation(status=Accompaniment.UNACCOMPANIED),
            ),
        )
    finally:
        session.close()
    return first.id, second.id


def _shot(qtbot, view, name: str, *, bottom: bool = False) -> None:
    """With HARBOUR_TEST_SHOTS=DIR, the case view as a PNG, to look at."""
    if SHOTS is None:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    bar = view.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
    bar.setValue(bar.maximum() if bottom else 0)
    view.grab().save(str(SHOTS / f"{name}.png"))


def _header_texts(view) -> list[str]:
    """Every text a person sees in the case header (title and name line)."""
    found = [view.title.text()]
    for label in view.name_line.findChildren(QLabel):
        if label.isVisibleTo(view) and label.text():
            found.append(label.text())
    return found


def _open(qtbot, cases, case_id: str) -> str:
    """Open a case; returns the header's name as it stood when the case was shown, before
    the event loop ran again (the first frame drawn: a widget only scheduled for deletion
    is still there and drawn)."""
    view = cases.case_view
    first_frame: list[str] = []

    def _on_loaded(_case_id: str) -> None:
        first_frame.append(view.name_text())
        view.name_line.grab()  # paints now, as the screen would

    view.loaded.connect(_on_loaded)
    try:
        with qtbot.waitSignal(view.loaded, timeout=WAIT):
            cases.open_case(case_id)
    finally:
        view.loaded.disconnect(_on_loaded)
    qtbot.wait(50)  # let deferred deletions and repaints run, as the event loop would
    return first_frame[0]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_opening_a_second_case_shows_only_the_second_childs_name(
    qtbot, make_window, vault_dir: Path, language: str
) -> None:
    first, second = _two_children(vault_dir)
    window = make_window(vault_dir, language=language)
    window.resize(1280, 720)
    cases = open_cases(qtbot, window)
    view = cases.case_view
    bar = view.scroll.verticalScrollBar()
    for _round in range(2):  # "every second case opened"
        assert _open(qtbot, cases, first) == "أمينة يوسف (Amina Yusuf)"
        assert view.name_text() == "أمينة يوسف (Amina Yusuf)"
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)  # laid out
        bar.setValue(bar.maximum())
        assert bar.value() > 0

        assert _open(qtbot, cases, second) == "Selam Tesfaye"  # the first frame too
        header = " ".join(_header_texts(view))
        assert "Selam Tesfaye" in header
        assert "أمينة" not in header and "Amina" not in header
        assert "أمينة" not in view.summary.text()
        assert view.name_text() == "Selam Tesfaye"
        # Exactly one label holds a name: nothing left over under the new one.
        named = [t for t in _header_texts(view)[1:] if t]
        assert named == ["Selam Tesfaye"]
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
        assert bar.value() == 0  # opens at the top
    _shot(qtbot, view, f"case_view_second_{language}")


def test_the_previous_child_is_gone_while_the_next_one_loads(
    qtbot, make_window, vault_dir: Path
) -> None:
    first, second = _two_children(vault_dir)
    window = make_window(vault_dir)
    cases = open_cases(qtbot, window)
    view = cases.case_view
    _open(qtbot, cases, first)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        cases.open_case(second)
        # Before the second case is read, nothing of the first is on the page.
        assert view.name_text() == ""
        assert view.title.text() == ""
        assert view.history.rowCount() == 0
        assert "Amina" not in view.summary.text()
    assert view.name_text() == "Selam Tesfaye"


def _case_with_a_story(vault_dir: Path) -> str:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = case_service.register_case(
            session,
            CaseDraft(
                names=Names(given="أمينة", given_latin="Amina"),
                birth=Birth(declared_age=15),
                languages=[Language(code="prs", preferred=True)],
                separation=Separation(status=Accompaniment.UNACCOMPANIED),
            ),
        )
        draft = case_service.open_case(session, row.id).draft.model_copy(deep=True)
        draft.family.append(FamilyMember(relation="sister", name="Selam"))
        draft.stateless = Answer(status=AnswerStatus.DECLINED)
        draft.names.given_latin = "Aminah"
        case_service.update_case(session, row.id, draft)
        now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
        information.record_session(
            session,
            InformationSession(
                language="ar",
                interpreter_name="Khalid",
                interpreter_language="ara",
                started_at=now,
                ended_at=now + dt.timedelta(minutes=20),
                screens=[
                    ScreenShown(
                        screen_id="rights.1",
                        topic_id="rights",
                        seconds=20,
                        answer=ChildAnswer.UNDERSTOOD,
                    ),
                    ScreenShown(
                        screen_id="guardian.1",
                        topic_id="guardian",
                        seconds=30,
                        answer=ChildAnswer.QUESTION,
                    ),
                ],
            ),
            case_id=row.id,
        )
    finally:
        session.close()
    return row.id


def test_history_sessions_and_assessment_read_in_words(qtbot, make_window, vault_dir: Path) -> None:
    case_id = _case_with_a_story(vault_dir)
    window = make_window(vault_dir)
    window.resize(1366, 768)
    cases = open_cases(qtbot, window)
    view = cases.case_view
    _open(qtbot, cases, case_id)
    rows = view.history_rows()
    whats = [r[1] for r in rows]
    assert "Case registered" in whats
    assert ("Family member added", "sister Selam") in [(r[1], r[2]) for r in rows]
    assert ("Stateless", "The child did not want to say") in [(r[1], r[2]) for r in rows]
    assert ("Given name(s) in Latin letters", "Aminah") in [(r[1], r[2]) for r in rows]
    assert {r[3] for r in rows} == {"Manager One (you)"}
    for row in rows:
        for text in row:
            assert not RAW.search(text), text  # no JSON, no internal ids
    sessions = view.sessions_rows()
    assert len(sessions) == 1
    _when, language, interpreter, topics, answers = sessions[0]
    assert language == "Arabic"
    assert interpreter == "Khalid (Arabic)"
    assert "Your rights" in topics or "rights" in topics.casefold()
    assert answers == "Understood: 1; questions: 1; no answer: 0"
    assert view.no_assessment.isVisibleTo(view)
    assert "Dari (preferred)" in view.summary.text()
    assert "(prs)" not in view.summary.text()
    _shot(qtbot, view, "case_view_history_en", bottom=True)


@pytest.mark.parametrize("language", ["ar", "prs"])
def test_language_names_in_the_interface_language(
    qtbot, make_window, vault_dir: Path, language: str
) -> None:
    """Dari used to raise UnknownLocaleError in the summary; Arabic showed "Dari (prs)"."""
    case_id = _case_with_a_story(vault_dir)
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    cases = open_cases(qtbot, window)
    view = cases.case_view
    _open(qtbot, cases, case_id)
    text = view.summary.text()
    assert "Dari" not in text and "(prs)" not in text
    assert "Arabic" not in " ".join(view.sessions_rows()[0])
    if language == "ar":
        assert "الدارية" in text
    for row in view.history_rows():
        for cell in row:
            assert not RAW.search(cell), cell
    _shot(qtbot, view, f"case_view_top_{language}")
    _shot(qtbot, view, f"case_view_history_{language}", bottom=True)
