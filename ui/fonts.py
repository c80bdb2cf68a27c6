"""Register the bundled Noto fonts so every laptop draws Latin, Arabic and Ethiopic alike."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONTS_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
# Latin first; Qt falls back along this list for characters the first family lacks.
# The Arabic-script and Ethiopic families are Harbour's UI copies of Noto Sans Arabic and
# Noto Sans Ethiopic (tools/ui_fonts.py): letters scaled to look as large as Latin ones
# at the same point size (x1.2, x1.1), and Noto Sans's ascender and descender, so that a
# row holding an Arabic or Tigrinya name is as tall as a Latin one and has the same
# baseline (tests/ui/test_script_legibility.py). PDFs keep the originals. Qt caches a
# font's fallbacks by its first family and size: a widget font that starts with "Noto Sans"
# must carry this whole list (take QFont(app.font()) and change its size or weight).
LATIN_FAMILY = "Noto Sans"
ARABIC_UI_FAMILY = "Harbour Sans Arabic"
ETHIOPIC_UI_FAMILY = "Harbour Sans Ethiopic"
UI_FAMILIES = [LATIN_FAMILY, ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY]

log = logging.getLogger("harbour.ui.fonts")


def register_fonts() -> list[str]:
    """Add every bundled .ttf to Qt's font database; returns the families registered."""
    families: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("a bundled font could not be loaded")
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def apply_ui_font(app: QApplication) -> None:
    """Use the bundled families at the system's own size, so text scales with it."""
    font = QFont(app.font())
    font.setFamilies(UI_FAMILIES)
    app.setFont(font)


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    base = QApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * scale)
    return font
