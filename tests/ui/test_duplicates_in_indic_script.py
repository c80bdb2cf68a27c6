"""A child registered in Latin letters, then typed in Bengali script at intake (issue 17):
the duplicate dialog finds the first record, names both scripts in the user's language
(it said "Other" for Bengali, and the English word inside an Arabic sentence), and the
intake proposes the Latin spelling with the inherent vowels said (Rahim, not Rhim).
Synthetic names only; driven by the keyboard in Arabic, as an interpreter would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.case import Answer, Birth, CaseDraft, Names, Sex
from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_cases import WAIT, intake_to_duplicates, open_cases


def test_a_bengali_name_finds_its_latin_registration_in_arabic(
    qtbot, make_window, vault_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    first = case_service.register_case(
        session,
        CaseDraft(
            names=Names(given="Rahim", family="Islam"),
            sex=Answer.of(Sex.MALE),
            birth=Birth(declared_age=15),
            nationalities=["BD"],
        ),
    )
    session.close()

    window = make_window(vault_dir, language="ar")
    cases = open_cases(qtbot, window)
    dialog = intake_to_duplicates(qtbot, cases, "রহিম", "ইসলাম")
    assert dialog.candidate_list[0].row.id == first.id
    text = dialog.candidates.item(0).text()
    assert "بالخط البنغالي والخط اللاتيني" in text
    assert "Other" not in text and "Bengali" not in text
    qtbot.keyClick(dialog.candidates, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.loaded, timeout=WAIT)
    assert dialog.pages.currentIndex() == dialog.PAGE_COMPARE
    table = dialog.table
    cells = [
        table.item(r, c).text()
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.item(r, c) is not None
    ]
    assert "Rahim" in cells[3:]  # this registration's proposed Latin, not anyascii's Rhim
    assert "Rhim" not in cells
