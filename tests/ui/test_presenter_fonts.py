"""The child's screen draws Arabic-script and Ethiopic text in the interface's own families
(ui/fonts.py: Harbour Sans Arabic and Harbour Sans Ethiopic, scaled by tools/ui_fonts.py
to look as large as Latin letters), not in the original Noto Sans Arabic / Ethiopic that
the rest of the interface no longer uses (issue 12, item 12, on the presenter).

Checked on the glyphs Qt really draws: every run of Arabic or Ethiopic letters on every
screen comes out of the UI family. HARBOUR_SHOTS=DIR keeps a PNG per language to look at.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont, QTextLayout

from ui.fonts import ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY
from ui.presenter.window import PresenterWindow, families_for

pytestmark = pytest.mark.gui

SHOTS = Path(os.environ["HARBOUR_SHOTS"]) if os.environ.get("HARBOUR_SHOTS") else None
FAMILY = {
    "ar": ARABIC_UI_FAMILY,
    "prs": ARABIC_UI_FAMILY,
    "ps": ARABIC_UI_FAMILY,
    "ckb": ARABIC_UI_FAMILY,
    "ur": ARABIC_UI_FAMILY,
    "ti": ETHIOPIC_UI_FAMILY,
}
SCRIPT = {ARABIC_UI_FAMILY: "ARABIC", ETHIOPIC_UI_FAMILY: "ETHIOPIC"}
ORIGINALS = {"Noto Sans Arabic", "Noto Sans Ethiopic"}


def drawn_families(text: str, font: QFont) -> set[str]:
    """The families of the fonts Qt really draws ``text`` in (its glyph runs)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def first_with_glyph(ch: str, families: list[str]) -> str:
    """The family Qt takes a letter from: the first listed one that has it."""
    for family in families:
        if QRawFont.fromFont(QFont(family)).supportsCharacter(ord(ch)):
            return family
    return ""


def test_the_presenter_names_the_ui_families_never_the_original_noto() -> None:
    for language, family in FAMILY.items():
        families = families_for(language, rtl=language != "ti")
        assert families[0] == family, language
        assert not ORIGINALS & set(families), language
    assert families_for("en", rtl=False)[0] == "Noto Sans"


@pytest.mark.parametrize("language", sorted(FAMILY))
def test_every_screen_draws_its_script_in_the_ui_family(qtbot, language: str) -> None:
    family = FAMILY[language]
    script = SCRIPT[family]
    window = PresenterWindow(language)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.font().families()[0] == family
    problems: dict[str, set[str]] = {}
    for index in range(window.page_count()):
        window.go_to(index)
        for name, widget, font in (
            ("title", window.title, window.title.font()),
            ("text", window.text, window.text.fitted_font()),
            ("understood", window.understood_button, window.understood_button.font()),
        ):
            assert font.families()[0] == family, (name, font.families())
            text = widget.text()
            drawn = drawn_families(text, font)
            letters = {ch for ch in text if unicodedata.name(ch, "").startswith(script)}
            wrong = {ch for ch in letters if first_with_glyph(ch, font.families()) != family}
            if family not in drawn or drawn & ORIGINALS or wrong:
                problems[f"{window.current_screen_id()} {name}"] = (drawn, wrong)
    assert not problems, problems
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.go_to(1)
        window.grab().save(str(SHOTS / f"presenter_{language}.png"))
    window.finish()
