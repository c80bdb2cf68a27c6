"""A child registered from Greek police papers, and a Bangladeshi child whose papers
abbreviate Muhammad (issue 17, sixteenth round): typed at intake in another spelling, the
duplicate dialog finds the first record. Μοχάμεντ Αχμάντι against Mohamed Ahmadi (both
0.00 before: Greek ντ was read nt), and Md. Rakib against Mohammad Rakib. Synthetic names
only; driven by the keyboard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.case import Answer, Birth, CaseDraft, Names, Sex
from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_cases import WAIT, open_cases, press, start_intake, type_text
from ui.cases import form as F


@pytest.mark.parametrize(
    ("registered", "typed", "language", "reason"),
    [
        (
            ("Μοχάμεντ", "Αχμάντι", "AF"),
            ("Mohamed", "Ahmadi"),
            "ar",
            "بالخط اللاتيني والخط اليوناني",
        ),
        (
            ("Md. Rakib", "Hasan", "BD"),
            ("Mohammad Rakib", "Hasan"),
            "en",
            "Rakib",
        ),
    ],
)
def test_intake_finds_the_child_registered_from_other_papers(
    qtbot, make_window, vault_dir: Path, registered, typed, language: str, reason: str
) -> None:  # type: ignore[no-untyped-def]
    given, family, nationality = registered
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    first = case_service.register_case(
        session,
        CaseDraft(
            names=Names(given=given, family=family),
            sex=Answer.of(Sex.MALE),
            birth=Birth(declared_age=15),
            nationalities=[nationality],
        ),
    )
    session.close()

    window = make_window(vault_dir, language=language)
    cases = open_cases(qtbot, window)
    wizard = start_intake(qtbot, cases)
    type_text(qtbot, typed[0])
    wizard.bounds["names.family"].widget.setFocus()
    type_text(qtbot, typed[1])
    wizard.bounds["birth.declared_age"].widget.setFocus()
    type_text(qtbot, "15")
    wizard.bounds["sex"].focus_widget().setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    wizard.bounds["birth.source"].widget.setCurrentIndex(1)
    wizard.bounds["separation.status"].widget.setCurrentIndex(1)
    while wizard.current_step() < len(F.STEPS) - 1:
        press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.duplicate_dialog is not None, timeout=WAIT)
    dialog = wizard.duplicate_dialog
    assert dialog.candidate_list[0].row.id == first.id
    text = dialog.candidates.item(0).text()
    assert reason in text, text
    shots = os.environ.get("HARBOUR_SHOTS")  # a folder to look at the dialog by eye
    if shots:
        dialog.grab().save(str(Path(shots) / f"dup_{nationality}_{language}.png"))
