"""The case summary's other names and spellings in Arabic (issue 17): joined with the Arabic
semicolon, each spelling isolated and the line started right to left, so that a Latin
spelling first does not turn the list around. Synthetic names only."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLabel

from app.domain.case import CaseDraft

FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"


def test_other_spellings_read_right_to_left_in_arabic(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.cases.summary import SummaryView
    from ui.language import apply_language

    apply_language("ar")
    try:
        draft = CaseDraft.model_validate(
            {
                "names": {
                    "given": "يعقوب",
                    "given_latin": "Yaqub",
                    "aliases": ["Yagoub", "Yacoub Abakar", "يعقوب أبو بكر"],
                }
            }
        )
        view = SummaryView()
        qtbot.addWidget(view)
        view.show_case(draft)
        texts = [label.text() for label in view.findChildren(QLabel)]
        line = next(t for t in texts if "Yagoub" in t)
        assert line == (
            f"{RLM}{FSI}Yagoub{PDI}\u061b {FSI}Yacoub Abakar{PDI}\u061b {FSI}يعقوب أبو بكر{PDI}"
        )
        if shots := os.environ.get("HARBOUR_SHOTS"):
            view.resize(700, 600)
            view.grab().save(str(Path(shots) / "summary-other-spellings-ar.png"))
    finally:
        apply_language("en")
