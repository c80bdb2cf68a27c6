"""Issue 12, item 4: every role usable from day one.

The set-up wizard asks the first manager's profession (optional); a manager who gives one
can record an age assessment at once ([A14]: two professions sign), and a person with no
profession is never written "Manager One ()".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.age import Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession
from app.services import age as age_service
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from ui.age.page import person_text

pytestmark = pytest.mark.gui

WAIT = 10_000


def create_through_the_wizard(qtbot, window, profession: Profession | None):
    wizard = window.wizard
    qtbot.keyClicks(wizard.organisation, "Synthetic Aid Org")
    qtbot.keyClick(wizard.organisation, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.centre, "North Reception Centre")
    qtbot.keyClick(wizard.centre, Qt.Key.Key_Return)
    assert wizard.current_page() == wizard.PAGE_MANAGER
    qtbot.keyClicks(wizard.user_name, MANAGER)
    # Tab order: the optional profession comes right after the name.
    qtbot.keyClick(wizard.user_name, Qt.Key.Key_Tab)
    assert wizard.focusWidget() is wizard.profession
    assert wizard.profession.currentData() == ""  # nothing chosen for the manager
    assert wizard.profession.accessibleName() == "Your profession (optional)"
    if profession is not None:
        index = wizard.profession.findData(profession.value)
        for _ in range(index):
            qtbot.keyClick(wizard.profession, Qt.Key.Key_Down)
        assert wizard.profession.currentData() == profession.value
    # Then the rows as drawn: the minimum length, then the passphrase (walkthrough).
    qtbot.keyClick(wizard.profession, Qt.Key.Key_Tab)
    assert wizard.focusWidget() is wizard.min_length
    qtbot.keyClick(wizard.min_length, Qt.Key.Key_Tab)
    assert wizard.focusWidget() is wizard.passphrase
    qtbot.keyClicks(wizard.passphrase, MANAGER_PASS)
    qtbot.keyClicks(wizard.repeat, MANAGER_PASS)
    qtbot.keyClick(wizard.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.current_page() == wizard.PAGE_RECOVERY, timeout=WAIT)
    qtbot.keyClick(wizard.written_down, Qt.Key.Key_Space)
    qtbot.keyClick(wizard._next, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session is not None, timeout=WAIT)
    return window.session


def start_an_assessment(session) -> None:
    row = case_service.register_case(
        session, CaseDraft(names=Names(given="Amina"), birth=Birth(declared_age=16))
    )
    age_service.start(
        session,
        row.id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="Said 15, then 17",
            raised_by="O.",
            raised_on=dt.date.today(),
        ),
        Preconditions(
            informed_on=dt.date.today(),
            informed_language="ara",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            representative_present=True,
            interpreter_needed=False,
        ),
    )


def test_a_manager_who_gives_a_profession_can_assess_from_day_one(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "vault")
    session = create_through_the_wizard(qtbot, window, Profession.PAEDIATRICIAN)
    assert session.user.profession == Profession.PAEDIATRICIAN.value
    start_an_assessment(session)  # refused "ask a manager" before
    assert person_text(session.user.name, session.user.profession) == (
        "Manager One (Paediatrician)"
    )


def test_a_manager_without_a_profession_is_named_without_empty_brackets(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "vault")
    session = create_through_the_wizard(qtbot, window, None)
    assert session.user.profession is None
    assert person_text(session.user.name, session.user.profession) == "Manager One"
    assert "()" not in person_text("Manager One", "")
