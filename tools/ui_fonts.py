"""Build the UI copies of the Arabic-script and Ethiopic fonts (issue 12, item 12).

    .venv/bin/python tools/ui_fonts.py          # (re)write resources/fonts/HarbourSans*.ttf
    .venv/bin/python tools/ui_fonts.py --check  # exit 1 if the committed files are stale

Why: at the same point size, Noto Sans Arabic's letters are smaller than Noto Sans's (the
main body of Arabic letters, the teeth of س and the bowls of ه and ص, is about 0.40 em
against a Latin x-height of 0.536 em; rendered at the app's 9 pt, 5.5 px against 7 px),
and its line is 2.11 em tall (ascender 1374, descender -738) against 1.36 em (1069, -293).
Qt lays a line out with the tallest font used in it and centres that line in a row, so an
Arabic name was drawn small and sat higher than a Latin name in the next row. Ethiopic
syllables are as tall as Latin capitals (0.714 em), and their detail makes them look
smaller than mixed-case Latin text.

What this writes, for each source below: the same glyphs, every outline, advance, kerning
and mark position scaled by ``scale`` (fontTools' ``scale_upem`` to ``1000 * scale`` units,
then the em set back to 1000); the vertical metrics (hhea ascender, descender and line gap;
OS/2 typo and win metrics; underline and strike-out) copied from Noto Sans, so a line of
Arabic or Ethiopic has the height and baseline of a line of Latin; the TrueType hinting
dropped (its instructions and control values are in the old units; Qt renders unhinted
outlines smoothly); and new names ("Harbour Sans Arabic", "Harbour Sans Ethiopic"), so
that Qt never confuses them with a system's Noto Sans Arabic, and so that the copies do not
carry the name of the Noto trademark.

Licence: the sources are under the SIL Open Font License 1.1 (resources/fonts/OFL.txt) and
so are these modified versions. The Noto fonts declare no Reserved Font Name (their OFL
copyright lines reserve none), so the OFL would allow keeping the name; the new name is
for the reasons above. PDFs keep the original fonts (app/reports/fonts.py).

The scales were measured by rendering with Qt (tests/ui/test_script_legibility.py keeps
the result). Arabic 1.2: the body of the letters (isolated dal and heh, 0.47 em) goes from
0.83 of the Latin x-height to about 1.0, and the tall letters (alef, lam: 0.714 em) reach
0.86 em, under Noto Sans's ascender (1.069 em); 1.25 looked no better and sent the tails
further down. Ethiopic 1.1: its syllables (0.714 em, like Latin capitals) become as tall as
Latin ascenders (0.79 em against 0.76 em). Letters with deep tails (ي, ع, م: down to
-0.42 em, -0.51 em scaled) reach below the Latin line's descender (-0.293 em), as Arabic
does in every UI font with Latin metrics: a list row leaves room for it, and a line edit
lifts such a name by half of what its ink adds to the line (1 px at 9 pt; it lifted every Arabic
name by 4 px with Noto Sans Arabic's own line).
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "resources" / "fonts"
REFERENCE = "NotoSans-Regular.ttf"  # Latin: whose line height and baseline the copies take
EM = 1000
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "DSIG")


@dataclass(frozen=True)
class UiFont:
    source: str
    target: str
    family: str
    style: str  # "Regular" or "Bold"
    scale: float


ARABIC_SCALE = 1.2
ETHIOPIC_SCALE = 1.10
UI_FONTS = (
    UiFont(
        "NotoSansArabic-Regular.ttf",
        "HarbourSansArabic-Regular.ttf",
        "Harbour Sans Arabic",
        "Regular",
        ARABIC_SCALE,
    ),
    UiFont(
        "NotoSansArabic-Bold.ttf",
        "HarbourSansArabic-Bold.ttf",
        "Harbour Sans Arabic",
        "Bold",
        ARABIC_SCALE,
    ),
    UiFont(
        "NotoSansEthiopic-Regular.ttf",
        "HarbourSansEthiopic-Regular.ttf",
        "Harbour Sans Ethiopic",
        "Regular",
        ETHIOPIC_SCALE,
    ),
    UiFont(
        "NotoSansEthiopic-Bold.ttf",
        "HarbourSansEthiopic-Bold.ttf",
        "Harbour Sans Ethiopic",
        "Bold",
        ETHIOPIC_SCALE,
    ),
)


def _drop_hinting(font: TTFont) -> None:
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    if "glyf" in font:
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            glyph = glyf[name]
            if hasattr(glyph, "program"):
                glyph.program.fromBytecode(b"")
    if "gasp" in font:  # unhinted: smooth at every size
        font["gasp"].gaspRange = {0xFFFF: 0x000A}
    maxp = font["maxp"]
    if maxp.tableVersion >= 0x00010000:
        for field in (
            "maxZones",
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
        ):
            setattr(maxp, field, 1 if field == "maxZones" else 0)


def _copy_vertical_metrics(font: TTFont, reference: TTFont) -> None:
    ref_hhea, ref_os2, ref_post = reference["hhea"], reference["OS/2"], reference["post"]
    hhea, os2, post = font["hhea"], font["OS/2"], font["post"]
    hhea.ascent, hhea.descent, hhea.lineGap = ref_hhea.ascent, ref_hhea.descent, ref_hhea.lineGap
    os2.sTypoAscender = ref_os2.sTypoAscender
    os2.sTypoDescender = ref_os2.sTypoDescender
    os2.sTypoLineGap = ref_os2.sTypoLineGap
    os2.usWinAscent, os2.usWinDescent = ref_os2.usWinAscent, ref_os2.usWinDescent
    os2.yStrikeoutSize, os2.yStrikeoutPosition = ref_os2.yStrikeoutSize, ref_os2.yStrikeoutPosition
    post.underlinePosition = ref_post.underlinePosition
    post.underlineThickness = ref_post.underlineThickness
    # Same choice of metrics as the reference (Noto Sans leaves USE_TYPO_METRICS off; the
    # values are equal anyway).
    use_typo = 1 << 7
    os2.fsSelection = (os2.fsSelection & ~use_typo) | (ref_os2.fsSelection & use_typo)


def _rename(font: TTFont, spec: UiFont, source_name: str) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    postscript = f"{spec.family.replace(' ', '')}-{spec.style}"
    names = {
        1: spec.family,
        2: spec.style,
        3: f"{postscript};{version.split(';')[0]}",
        4: spec.family if spec.style == "Regular" else f"{spec.family} {spec.style}",
        5: f"{version}; Harbour UI copy, scaled {spec.scale:g}",
        6: postscript,
        10: (
            f"Modified from {source_name} by Harbour's tools/ui_fonts.py: glyphs scaled "
            f"{spec.scale:g}, vertical metrics of Noto Sans, hinting removed. "
            "Licensed under the SIL Open Font License 1.1."
        ),
    }
    # Typographic family/subfamily and the trademark of a name this copy no longer uses.
    for record_id in (7, 16, 17, 21, 22):
        name.removeNames(nameID=record_id)
    for record_id, text in names.items():
        name.removeNames(nameID=record_id)
        name.setName(text, record_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        name.setName(text, record_id, 1, 0, 0)  # Macintosh, Roman, English


def build(spec: UiFont, reference: TTFont) -> bytes:
    """The bytes of one UI copy (the same bytes for the same sources and fontTools)."""
    with TTFont(FONTS / spec.source, recalcTimestamp=False) as font:
        source_name = font["name"].getDebugName(4) or spec.source
        scale_upem(font, round(EM * spec.scale))
        font["head"].unitsPerEm = EM
        _drop_hinting(font)
        _copy_vertical_metrics(font, reference)
        _rename(font, spec, source_name)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only compare with the committed files"
    )
    args = parser.parse_args(argv)
    with TTFont(FONTS / REFERENCE) as reference:
        built = [(spec, build(spec, reference)) for spec in UI_FONTS]
    stale = []
    for spec, data in built:
        path = FONTS / spec.target
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(spec.target)
            continue
        path.write_bytes(data)
        print(f"{spec.target}: {spec.family} {spec.style}, x{spec.scale:g}, {len(data)} bytes")
    if stale:
        print("stale (run tools/ui_fonts.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
