"""A Kurdish and a Vietnamese child registered in one spelling and typed at intake in
another (issue 17, fourteenth round): the duplicate dialog finds the first record.
Kurmanji Silêman Ehmed against Sulaiman Ahmed, and the Cyrillic of a Russian visa (Нгуен
Тхань) against Nguyen Thanh. Synthetic names only; driven by the keyboard."""

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
    shots = os.environ.get("HARBOUR_SHOTS")  # a folder to look at the dialog by eye
    if shots:
        dialog.grab().save(str(Path(shots) / f"dup_{given}_{language}.png"))
