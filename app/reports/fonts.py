"""The bundled fonts of the PDF text engine, which script each draws, and how a shaped
glyph is written so that a PDF reader gives back the text it stands for.

A shaped glyph is not a character: HarfBuzz turns ښ into a base glyph and a dot, an
Arabic letter with a vowel mark into two glyphs, لا into one. reportlab names each glyph
by the first character that maps to it (or a private-use one), so ToUnicode tells a
reader that the dot is nothing, or that the ligature is one letter. Here every glyph is
written under its own code for each text it stands for: the first glyph of a HarfBuzz
cluster carries the cluster's characters, the other glyphs of the cluster carry nothing,
so a reader (pdftotext, pdfminer.six, a screen reader, an archive's search) gets back the
stored string, vowel marks and Pashto letters included.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@dataclass(frozen=True)
class Family:
    """One bundled font family: the files of its two weights (bold may be the regular)."""

    key: str
    regular: str
    bold: str
    line_height: float = 1.45  # times the size; Nastaliq needs more room


FAMILIES: dict[str, Family] = {
    f.key: f
    for f in (
        Family("latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        Family("arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
        Family(
            "nastaliq",
            "NotoNastaliqUrdu-Regular.ttf",
            "NotoNastaliqUrdu-Bold.ttf",
            line_height=2.2,
        ),
        Family("ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
        Family("bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Regular.ttf", 1.6),
        Family(
            "devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Regular.ttf", 1.6
        ),
        Family("gurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Regular.ttf", 1.6),
        Family("tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Regular.ttf", 1.6),
        Family("georgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Regular.ttf"),
        Family("armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Regular.ttf"),
        Family("hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Regular.ttf"),
        Family("adlam", "NotoSansAdlam-Regular.ttf", "NotoSansAdlam-Regular.ttf"),
        Family("nko", "NotoSansNKo-Regular.ttf", "NotoSansNKo-Regular.ttf"),
        Family("tifinagh", "NotoSansTifinagh-Regular.ttf", "NotoSansTifinagh-Regular.ttf"),
        Family("thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Regular.ttf", 1.6),
        Family("myanmar", "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Regular.ttf", 1.9),
        Family(
            "rohingya",
            "NotoSansHanifiRohingya-Regular.ttf",
            "NotoSansHanifiRohingya-Regular.ttf",
        ),
        Family("khmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Regular.ttf", 1.7),
    )
}

# Script blocks, first match wins; characters of no block here take their neighbours'
# font (spaces, punctuation, digits, marks) or, when nothing draws them, no font at all.
_BLOCKS: list[tuple[int, int, str]] = [
    (0x0590, 0x05FF, "hebrew"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0870, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x07C0, 0x07FF, "nko"),
    (0x0900, 0x097F, "devanagari"),
    (0xA8E0, 0xA8FF, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1000, 0x109F, "myanmar"),
    (0xA9E0, 0xA9FF, "myanmar"),
    (0xAA60, 0xAA7F, "myanmar"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1C90, 0x1CBF, "georgian"),
    (0x2D00, 0x2D2F, "georgian"),
    (0x0530, 0x058F, "armenian"),
    (0x1200, 0x139F, "ethiopic"),
    (0x2D80, 0x2DDF, "ethiopic"),
    (0xAB00, 0xAB2F, "ethiopic"),
    (0x1E7E0, 0x1E7FF, "ethiopic"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x2D30, 0x2D7F, "tifinagh"),
    (0x10D00, 0x10D3F, "rohingya"),
    (0x1E900, 0x1E95F, "adlam"),
]


def script_family(ch: str) -> str | None:
    """The family of a character's own script; None for a character of no listed block
    (Latin, Cyrillic and Greek letters are Noto Sans's; neutrals have no own family)."""
    code = ord(ch)
    for low, high, family in _BLOCKS:
        if low <= code <= high:
            return family
    return None


class EngineFont(TTFont):
    """A reportlab TrueType font whose codes are glyphs with the text they stand for.

    ``code_for(gid, text, advance)`` gives a private code point (plane 15/16, never a
    character of the font) mapped to the glyph; reportlab's subsetting then puts it in a
    subset like any character, and ``addObjects`` writes that text in ToUnicode.
    """

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path), shapable=False)
        self._texts: dict[int, str] = {}
        self._codes: dict[tuple[int, str, int], int] = {}
        self._next = 0xF0000
        self._lock = threading.Lock()
        self.hb_face = hb.Face(hb.Blob(self.face._ttf_data))
        self.hb_font = hb.Font(self.hb_face)
        self.upem = self.hb_face.upem
        self.unicodes = frozenset(self.hb_face.unicodes)
        self.ascent = self.face.ascent / 1000
        self.descent = self.face.descent / 1000

    @cached_property
    def carrier_gid(self) -> int:
        """The glyph a text carrier is written with (in text render mode 3, so it draws
        nothing): the glyph of the smallest outline in the font. PDFium (Chrome's and
        Edge's viewer) drops a text object whose glyph has no outline, such as the space,
        and with it the text it carries (docs/pdf-text.md, "PDFium")."""
        best: tuple[int, int] | None = None
        for gid in range(1, self.hb_face.glyph_count):
            extents = self.hb_font.get_glyph_extents(gid)
            if extents is None or not extents.width or not extents.height:
                continue
            area = abs(extents.width * extents.height)
            if best is None or area < best[0]:
                best = (area, gid)
        return best[1] if best else self.face.charToGlyph.get(32, 0)

    def code_for(self, gid: int, text: str, advance: int) -> int:
        key = (gid, text, advance)
        code = self._codes.get(key)
        if code is None:
            with self._lock:
                code = self._codes.get(key)
                if code is None:
                    code = self._next
                    self._next += 1
                    if self._next == 0xFFFFE:
                        self._next = 0x100000
                    face = self.face
                    face.charToGlyph[code] = gid
                    face.charWidths[code] = round(advance * 1000 / self.upem)
                    self._texts[code] = text
                    self._codes[key] = code
        return code

    def addObjects(self, doc) -> None:
        """reportlab's, with each code's own text in ToUnicode (UTF-16BE, any length)."""
        state = self._assignState(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode(
                "pdfdoc"
            )
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray(
                [self.face.charWidths.get(c, self.face.defaultWidth) for c in subset]
            )
            stream = pdfdoc.PDFStream()
            stream.content = _to_unicode(base, [self._texts.get(c, chr(c)) for c in subset])
            if doc.compression:
                stream.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = font
        del self.state[doc]


def _to_unicode(name: str, texts: list[str]) -> str:
    entries = [
        f"<{i:02X}> <{t.encode('utf-16-be').hex().upper()}>" for i, t in enumerate(texts) if i
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def font_name(family: str, bold: bool) -> str:
    return f"HE-{family}{'-Bold' if bold else ''}"


_register_lock = threading.Lock()


@cache
def engine_font(family: str, bold: bool = False) -> EngineFont:
    """The registered font of a family and weight (loaded once per process)."""
    spec = FAMILIES[family]
    name = font_name(family, bold)
    with _register_lock:
        # Not getFont: for a name not registered yet it searches the disk for AFM files
        # (130 ms at the first print).
        found = pdfmetrics._fonts.get(name)
        if isinstance(found, EngineFont):
            return found
        font = EngineFont(name, FONTS / (spec.bold if bold else spec.regular))
        pdfmetrics.registerFont(font)
        return font


def has_glyph(family: str, ch: str) -> bool:
    return ord(ch) in engine_font(family).unicodes
