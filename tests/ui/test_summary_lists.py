"""Nationalities and languages on the case summary and the duplicate comparison are joined
as the UI language joins a list (CLDR through Babel), not with a Latin ", ": the Arabic و
in Arabic, "،" in Dari, "and" in English. Synthetic records only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.domain.case import CaseDraft
from app.i18n import format_list


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "A, B, and C"),
        ("ar", "A وB وC"),
        ("prs", "A،\u200f B، و C"),
        ("uk", "A, B і C"),
        ("fr", "A, B et C"),
    ],
)
def test_format_list_follows_the_language(language: str, expected: str) -> None:
    assert format_list(["A", "B", "C"], language) == expected
    assert format_list(["A"], language) == "A"
    assert format_list(["", "A", ""], language) == "A"
    assert format_list([], language) == ""


def _draft() -> CaseDraft:
    return CaseDraft.model_validate(
        {
            "names": {"given": "سلمى", "given_latin": "Salma"},
            "nationalities": ["SY", "IQ"],
        }
    )


def test_summary_nationalities_joined_in_arabic(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.cases.summary import SummaryView, country_text
    from ui.language import apply_language

    apply_language("ar")
    try:
        view = SummaryView()
        qtbot.addWidget(view)
        view.show_case(_draft())
        syria, iraq = country_text("SY"), country_text("IQ")
        assert syria != "SY" and iraq != "IQ"  # shown by name, in Arabic
        texts = [label.text() for label in view.findChildren(QLabel)]
        assert f"{syria} و{iraq}" in texts
        assert not any(f"{syria}, " in t for t in texts)
        if shots := os.environ.get("HARBOUR_SHOTS"):
            view.resize(700, 600)
            view.grab().save(str(Path(shots) / "summary-nationalities-ar.png"))
    finally:
        apply_language("en")


def test_comparison_rows_join_nationalities_in_english() -> None:
    from ui.cases.duplicates import comparison_rows
    from ui.cases.summary import country_text

    rows = dict(comparison_rows(_draft()))
    assert rows["Nationalities"] == f"{country_text('SY')} and {country_text('IQ')}"
