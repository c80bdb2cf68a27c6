"""A child registered in one spelling and typed at intake in another (issue 17): the
duplicate dialog finds the first record. Fourteenth round: Kurmanji Silêman Ehmed against
Sulaiman Ahmed, and the Cyrillic of a Russian visa (Нгуен Тхань) against Nguyen Thanh.
Sixteenth round: Greek police papers' Μοχάμεντ Αχμάντι against Mohamed Ahmadi (0.00 before:
Greek ντ was read nt), and Md. Rakib against Mohammad Rakib. Seventeenth: a Sudanese Yagoub
Abakar typed as Yaqub Abubakar in Arabic (orthography.NAME_FORMS), its reasons joined with
the Arabic semicolon and its quoted names isolated. Each failed before its round.
Synthetic names only; driven by the keyboard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.test_cases import intake_to_duplicates, open_cases, register_first


@pytest.mark.parametrize(
    ("registered", "typed", "language", "reason"),
    [
        (
            ("Sulaiman", "Ahmed", "SY"),
            ("Silêman", "Ehmed"),
            "en",
            "“\u2068Silêman\u2069” and “\u2068Sulaiman\u2069” are spellings of one name",
        ),
        (
            ("Thanh", "Nguyen", "VN"),
            ("Тхань", "Нгуен"),
            "ar",
            "بالخط السيريلي والخط اللاتيني",
        ),
        (
            ("Μοχάμεντ", "Αχμάντι", "AF"),
            ("Mohamed", "Ahmadi"),
            "ar",
            "بالخط اللاتيني والخط اليوناني",
        ),
        (
            ("Yagoub", "Abakar", "SD"),
            ("Yaqub", "Abubakar"),
            "ar",
            "«\u2068Yaqub\u2069» و«\u2068Yagoub\u2069» تهجئتان لاسم واحد",
        ),
        (
            ("Md. Rakib", "Hasan", "BD"),
            ("Mohammad Rakib", "Hasan"),
            "en",
            "Rakib",
        ),
    ],
)
def test_intake_finds_the_child_registered_in_another_spelling(
    qtbot, make_window, vault_dir: Path, registered, typed, language: str, reason: str
) -> None:  # type: ignore[no-untyped-def]
    given, family, nationality = registered
    first = register_first(vault_dir, given, family, nationality)
    window = make_window(vault_dir, language=language)
    dialog = intake_to_duplicates(qtbot, open_cases(qtbot, window), *typed)
    assert dialog.candidate_list[0].row.id == first.id
    text = dialog.candidates.item(0).text()
    assert reason in text, text
    if language == "ar":
        # The reasons are joined with the Arabic semicolon, not a Latin one.
        assert "; " not in text and "\u061b " in text, text
    shots = os.environ.get("HARBOUR_SHOTS")  # a folder to look at the dialog by eye
    if shots:
        dialog.grab().save(str(Path(shots) / f"dup_{given}_{language}.png"))
