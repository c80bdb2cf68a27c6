"""Text in every script for reportlab PDFs.

reportlab neither orders bidirectional text nor, by default, joins Arabic letters
(DESIGN.md, "Text in every script"). What works: resolve the Unicode bidi levels of a
line (python-bidi's algorithm), cut the line into runs of one level and one font, order
the runs visually (rule L2), and give each right-to-left or complex run to HarfBuzz
through reportlab's ``shapeFragWord`` (kerning and standard ligatures), which joins the
letters and returns the glyphs of a single-direction run in visual order, as Qt draws them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bidi import algorithm as uba
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FAMILIES = {
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "ethiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Embed the bundled Noto fonts (subset into each PDF by reportlab)."""
    for family, (regular, bold) in FAMILIES.items():
        for suffix, file in (("", regular), ("-Bold", bold)):
            pdfmetrics.registerFont(TTFont(f"H-{family}{suffix}", str(FONTS / file), shapable=True))


def font_family(ch: str) -> str | None:
    """The bundled family that draws a character; None for neutrals (space, punctuation)."""
    code = ord(ch)
    if (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    ):
        return "arabic"
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "ethiopic"
    if ch.isalpha() or ch.isdigit():
        return "latin"
    return None


@lru_cache(maxsize=4096)
def _has_glyph(family: str, ch: str) -> bool:
    face = pdfmetrics.getFont(_font(family, False)).face
    return ord(ch) in face.charToGlyph


@dataclass(frozen=True)
class Run:
    text: str
    level: int  # odd = right to left
    family: str

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def _levels(text: str, base_rtl: bool) -> list[int]:
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if base_rtl else 0
    storage["base_dir"] = "R" if base_rtl else "L"
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    return [c["level"] for c in storage["chars"]]


def is_rtl_text(text: str) -> bool:
    """Direction of a paragraph from its first strong character (rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def visual_runs(text: str, base_rtl: bool | None = None) -> list[Run]:
    """The runs of a line, left to right as they are drawn."""
    text = unicodedata.normalize("NFC", text)
    if not text:
        return []
    base = is_rtl_text(text) if base_rtl is None else base_rtl
    levels = _levels(text, base)
    register_fonts()
    families: list[str] = []
    for ch in text:
        family = font_family(ch)
        if family is None:
            # A neutral (space, bracket, dash) stays in the previous run's font when that
            # font has it, so a run is not cut at every space; otherwise Noto Sans.
            previous = families[-1] if families else "latin"
            family = previous if _has_glyph(previous, ch) else "latin"
        families.append(family)
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or levels[i] != levels[start] or families[i] != families[start]:
            runs.append(Run(text[start:i], levels[start], families[start]))
            start = i
    # L2: from the highest level down to the lowest odd one, reverse every sequence of
    # runs at that level or higher.
    highest = max(r.level for r in runs)
    lowest_odd = min((r.level for r in runs if r.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i].level >= level:
                j = i
                while j < len(runs) and runs[j].level >= level:
                    j += 1
                runs[i:j] = reversed(runs[i:j])
                i = j
            else:
                i += 1
    return runs


# reportlab's shapeStr also turns on discretionary ligatures ("dlig"), which draw a child
# named محمد as the calligraphic ligature U+FDF4 with vowel marks the name was not written
# with. Kerning and the standard ligatures only, as Qt and browsers do.
SHAPING_FEATURES = {"kern": True, "liga": True}


def _font(family: str, bold: bool) -> str:
    return f"H-{family}{'-Bold' if bold else ''}"


def _shaped(run: Run, size: float, bold: bool):
    name = _font(run.family, bold)
    if run.family == "latin" and not run.rtl:
        return run.text, pdfmetrics.stringWidth(run.text, name, size)
    text = run.text
    if run.rtl and run.family == "latin":
        text = text[::-1]  # neutral-only run inside right-to-left text (e.g. " - ")
    shaped = shapeFragWord(
        [pdfmetrics.stringWidth(text, name, size), (ABag(fontName=name, fontSize=size), text)],
        features=SHAPING_FEATURES,
    )[1][1]
    width = getattr(shaped, "width", None)
    if width is None:
        width = pdfmetrics.stringWidth(text, name, size)
    return shaped, width


def line_width(
    text: str, size: float, *, bold: bool = False, base_rtl: bool | None = None
) -> float:
    register_fonts()
    return sum(_shaped(r, size, bold)[1] for r in visual_runs(text, base_rtl))


def draw_line(
    canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
    base_rtl: bool | None = None,
) -> float:
    """Draw one line; ``align`` "right" puts its right edge at x. Returns the width."""
    register_fonts()
    pieces = [(r, *_shaped(r, size, bold)) for r in visual_runs(text, base_rtl)]
    total = sum(width for _, _, width in pieces)
    cursor = x - total if align == "right" else x
    for run, shaped, width in pieces:
        canvas.setFont(_font(run.family, bold), size)
        canvas.drawString(cursor, y, shaped)
        cursor += width
    return total


def wrap(text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap in logical order (each line is then laid out on its own)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}".strip() if current else word
            if current and line_width(candidate, size, bold=bold) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines
