"""The PDF text engine: a paragraph in any mix of scripts and directions, laid out as a
reader of its language expects and stored so that extraction gives the text back.

reportlab neither orders bidirectional text nor shapes it by itself (DESIGN.md, "Text in
every script"). Here, for one paragraph:

1. The base direction comes from the document language (an Arabic page is right to left
   even where a line starts with a Latin name); the levels come from the Unicode bidi
   algorithm (``app/reports/bidi.py``), isolates included, ZWNJ and ZWJ kept in their
   word.
2. Each character gets a font: its script's (``app/reports/fonts.py``: Latin, Cyrillic and
   Greek in Noto Sans, Arabic, Urdu Nastaliq on Urdu pages, Ethiopic, Bengali, Devanagari,
   Gurmukhi, Tamil, Georgian, Armenian, Hebrew, Adlam, N'Ko, Tifinagh, Thai, Myanmar,
   Hanifi Rohingya, Khmer); spaces, punctuation, digits and marks take their neighbour's
   when it has them. A character no bundled font draws is printed as a visible mark (U+FFFD)
   that still extracts as the character, and is reported (``missing_characters``) so that
   the caller prints a Latin spelling and the command says so.
3. Lines break at spaces; a word longer than the line breaks between grapheme clusters,
   never inside one and never beside a ZWNJ or ZWJ. Widths are the shaped advances.
4. Every run of one level and one font is shaped by HarfBuzz in its direction: letters
   join, marks sit on their letters, and a right-to-left run gets the mirrored glyphs of
   brackets (HarfBuzz applies Bidi_Mirroring_Glyph). Runs are placed by rule L2.
5. Each glyph is written at its place with its own code, whose ToUnicode is the text of
   its HarfBuzz cluster (the other glyphs of a cluster carry nothing); glyphs are written in
   logical order, so a reader that follows the content stream (pdfminer.six) gets the
   logical string, and one that sorts by position (pdftotext) reorders as it does for
   any right-to-left PDF. Right-to-left marks added to the text (never drawn) help
   poppler's simple reordering where it would get a name wrong: ``_anchors`` and
   ``_carrier_text``. On a left-to-right page, a right-to-left piece with digits or a
   Latin word inside is also given its text as /ActualText (``_actual_spans``), which
   poppler reads instead of the carriers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import uharfbuzz as hb

from app.reports import bidi
from app.reports.fonts import FAMILIES, EngineFont, engine_font, has_glyph, script_family

REPLACEMENT = "\ufffd"
ZWNJ, ZWJ = "\u200c", "\u200d"
ANCHOR_UNITS = 10  # width of a right-to-left mark's carrier, font units
_FEATURES = {"kern": True, "liga": True, "dlig": False}
# Families tried, in order, for a character of no script block that Noto Sans lacks.
_SEARCH = ["latin", "arabic", "ethiopic", *[f for f in FAMILIES if f not in ("latin", "arabic")]]


@dataclass(frozen=True)
class Style:
    """How a paragraph is set: size in points, weight, the document's language and
    direction (``rtl``), and whether Arabic script is set in Nastaliq (Urdu pages)."""

    size: float = 10
    bold: bool = False
    rtl: bool = False
    language: str = "en"
    nastaliq: bool = False


@dataclass(frozen=True)
class Glyph:
    font: EngineFont
    gid: int
    text: str  # what this glyph stands for in ToUnicode ("" for the rest of a cluster)
    x: float  # from the line's left edge, points
    y: float  # from the baseline (mark and Nastaliq offsets), points
    advance: int  # font units
    rtl: bool
    carrier: bool = False  # written invisibly (render mode 3), standing for text


@dataclass(frozen=True)
class Run:
    """A piece of one level and one font, in logical order within its line."""

    text: str
    start: int
    level: int
    family: str

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


@dataclass
class Line:
    text: str
    glyphs: list[Glyph]  # text carriers in logical order, then the ink
    width: float
    height: float
    ascent: float
    runs: list[Run] = field(default_factory=list)  # left to right
    missing: list[str] = field(default_factory=list)
    size: float = 10
    # /ActualText spans: glyphs[start:end] stand for the text (``_actual_spans``)
    spans: list[tuple[int, int, str]] = field(default_factory=list)


# --- fonts per character ---------------------------------------------------------------


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in (ZWNJ, ZWJ, "\u034f")


def _needs_own_font(ch: str) -> bool:
    """A letter, number or symbol of its own (not a space, punctuation or mark)."""
    return unicodedata.category(ch)[0] in ("L", "N", "S") and not ch.isdigit()


def assign_families(text: str, nastaliq: bool = False) -> list[str | None]:
    """The family of each character; None where no bundled font draws it."""
    n = len(text)
    out: list[str | None] = [None] * n
    pending: list[int] = []
    for i, ch in enumerate(text):
        own = script_family(ch)
        if own == "arabic" and nastaliq:
            own = "nastaliq"
        if own is not None:
            out[i] = own if has_glyph(own, ch) else _any_family(ch)
        elif _needs_own_font(ch) and not ch.isspace():
            out[i] = "latin" if has_glyph("latin", ch) else _any_family(ch)
        else:
            pending.append(i)
    # Neutrals, digits and marks: the previous character's font when it has them (a mark
    # always stays with its letter), else the next one's, else any that has them.
    for i in pending:
        ch = text[i]
        previous = out[i - 1] if i > 0 else None
        if previous is not None and (_is_mark(ch) or has_glyph(previous, ch)):
            out[i] = previous
            continue
        following = next((out[j] for j in range(i + 1, n) if out[j] is not None), None)
        if following is not None and has_glyph(following, ch):
            out[i] = following
        elif bidi.bidi_class(ch) == "BN" or ch in bidi.BIDI_CONTROLS:
            out[i] = previous or following or "latin"
        else:
            out[i] = _any_family(ch)
    if nastaliq:
        _nastaliq_words(text, out)
    return out


def _nastaliq_words(text: str, out: list[str | None]) -> None:
    """A word with a letter Noto Nastaliq Urdu lacks (Sorani ێ ڵ ڕ) is set whole in Noto
    Sans Arabic, so that its letters still join; then any character left in a font that
    lacks it (a dash beside Nastaliq) takes one that has it."""
    start = 0
    for end in range(len(text) + 1):
        if end == len(text) or text[end].isspace():
            letters = [i for i in range(start, end) if script_family(text[i]) == "arabic"]
            if any(not has_glyph("nastaliq", text[i]) for i in letters):
                for i in range(start, end):
                    if out[i] == "nastaliq" and (
                        i in letters or has_glyph("arabic", text[i]) or _is_mark(text[i])
                    ):
                        out[i] = "arabic"
            start = end + 1
    for i, ch in enumerate(text):
        family = out[i]
        if (
            family is not None
            and not has_glyph(family, ch)
            and not _is_mark(ch)
            and unicodedata.category(ch) != "Cf"
        ):
            out[i] = _any_family(ch)


@lru_cache(maxsize=4096)
def _any_family(ch: str) -> str | None:
    for family in _SEARCH:
        if has_glyph(family, ch):
            return family
    return None


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` that no bundled font draws (drawn as a visible mark)."""
    seen: list[str] = []
    for ch, family in zip(text, assign_families(text), strict=True):
        if family is None and ch not in seen and not ch.isspace():
            seen.append(ch)
    return seen


# --- shaping ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _shape(family: str, bold: bool, text: str, rtl: bool, language: str):
    """HarfBuzz over one run: (gid, cluster, x_advance, x_offset, y_offset) in font units,
    left to right as drawn."""
    font = engine_font(family, bold)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES | hb.BufferFlags.BOT | hb.BufferFlags.EOT
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if family in ("arabic", "nastaliq") and language in ("ur", "fa", "prs", "ps", "ckb", "ar"):
        buf.language = {"prs": "fa"}.get(language, language)
    hb.shape(font.hb_font, buf, _FEATURES)
    return tuple(
        (info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    )


def _cluster_texts(text: str, clusters: Iterable[int]) -> dict[int, str]:
    starts = sorted(set(clusters))
    out = {}
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        out[start] = "".join(ch for ch in text[start:end] if ch not in bidi.BIDI_CONTROLS)
    return out


# --- one line --------------------------------------------------------------------------


def _runs(text: str, style: Style) -> tuple[list[Run], list[str]]:
    """The runs of a line in visual order (left to right), and the characters drawn as a
    mark for want of a font."""
    base = 1 if style.rtl else 0
    paragraph = bidi.levels(text, base)
    level_list = bidi.line_levels(text, paragraph, base)
    missing = []
    chars = list(text)
    families: list[str] = []
    for i, family in enumerate(assign_families(text, style.nastaliq)):
        if family is None:
            if not chars[i].isspace():
                missing.append(chars[i])
            chars[i] = REPLACEMENT
            family = "latin"
        families.append(family)
    runs: list[Run] = []
    start = 0
    n = len(text)
    for i in range(1, n + 1):
        if (
            i == n
            or level_list[i] != level_list[start]
            or families[i] != families[start]
            or (families[i] is None) != (families[start] is None)
        ):
            runs.append(Run("".join(chars[start:i]), start, level_list[start], families[start]))
            start = i
    # L2 over runs: reverse every sequence of runs at or above each level, highest first.
    order = bidi.visual_order([r.level for r in runs])
    return [runs[k] for k in order], missing


def layout_line(text: str, style: Style) -> Line:
    """One line, laid out once per text and style (labels repeat on every record)."""
    return _layout_line(text, style)


@lru_cache(maxsize=8192)
def _layout_line(text: str, style: Style) -> Line:
    """One line: visible glyphs placed from its left edge, and the text they stand for.

    The visible glyphs carry no text. The text is written apart, one zero-width-ink code
    (in render mode 3, drawing nothing) per character, on the baseline across the box of the
    HarfBuzz cluster the character belongs to, in logical order: a reader that follows
    the content stream gets the logical string, one that sorts by position sees each
    character where it is drawn, marks and Nastaliq's raised letters included.
    """
    text = unicodedata.normalize("NFC", text)
    runs, missing = _runs(text, style) if text else ([], [])
    size = style.size
    glyphs: list[Glyph] = []
    carriers: list[tuple[float, Glyph]] = []
    x = 0.0
    height = size * 1.45
    ascent = size * 1.07
    for run in runs:
        font = engine_font(run.family, style.bold)
        scale = size / font.upem
        shaped = _shape(run.family, style.bold, run.text, run.rtl, style.language)
        # Characters drawn as a mark for want of a font still extract as themselves.
        source = text[run.start : run.start + len(run.text)]
        texts = _cluster_texts(source, (c for _, c, _, _, _ in shaped))
        boxes: dict[int, list[float]] = {}
        for gid, cluster, advance, x_offset, y_offset in shaped:
            # Zero width in the PDF: the ink carries no text, so no reader's box for it.
            glyphs.append(Glyph(font, gid, "", x + x_offset * scale, y_offset * scale, 0, run.rtl))
            box = boxes.setdefault(cluster, [x, x])
            box[0] = min(box[0], x)
            x += advance * scale
            box[1] = max(box[1], x)
        for cluster, (left, right) in boxes.items():
            chars = texts[cluster]
            if not chars:
                continue
            share = (right - left) / len(chars)
            units = round(share / scale)
            for j, ch in enumerate(chars):
                at = right - (j + 1) * share if run.rtl else left + j * share
                carriers.append(
                    (
                        run.start + cluster + j,
                        Glyph(
                            font,
                            font.carrier_gid,
                            _carrier_text(ch, run.rtl),
                            at,
                            0.0,
                            units,
                            run.rtl,
                            True,
                        ),
                    )
                )
        spec = FAMILIES[run.family]
        height = max(height, size * spec.line_height)
        ascent = max(ascent, size * font.ascent)
    carriers.extend(_anchors(text, runs, carriers, style.rtl, size))
    marked = _actual_spans(text, runs, carriers, style.rtl, size)
    for opening, closing, _actual in marked:
        carriers.extend([opening, closing])
    carriers.sort(key=lambda item: item[0])
    chain = _bridge([g for _, g in carriers], size)
    spans = []
    for (_, first), (_, last), actual in marked:
        start = next(k for k, g in enumerate(chain) if g is first)
        end = next(k for k, g in enumerate(chain) if g is last) + 1
        spans.append((start, end, actual))
    return Line(
        text=text,
        glyphs=chain + glyphs,
        width=x,
        height=height,
        ascent=ascent,
        runs=runs,
        missing=missing,
        size=size,
        spans=spans,
    )


# The right-to-left letters poppler's character table (UnicodeTypeTable.cc, typeTable:
# the Basic Multilingual Plane only; RLM, RLE and RLO are R there too) types as R:
# Hebrew, Arabic, Syriac, Arabic Supplement, Thaana and the presentation forms. N'Ko
# (U+07C0), Samaritan, Mandaic, Arabic Extended-A and every letter above U+FFFF (Adlam,
# Hanifi Rohingya) are neither L nor R there.
_POPPLER_RTL = ((0x0590, 0x07BF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
RLM = "\u200f"


def _carrier_text(ch: str, rtl: bool) -> str:
    """The text a character's carrier stands for: the character itself, between two
    right-to-left marks when it is a right-to-left letter (or its mark) that poppler
    does not know as one.

    pdftotext (poppler's TextOutputDev, reorderText) takes a line in visual order and
    cuts it into sections by its own table: on a left-to-right page it reverses each run
    of characters that are neither L nor a number, once a right-to-left character has
    started it; on a right-to-left page it keeps, left to right, each run that a letter
    typed L or a number (":" counts as one) starts, up to the next character typed R.
    Letters typed neither (N'Ko, Adlam) are thus left in visual order on a left-to-right
    page, and taken into the run of the ":" beside them on a right-to-left one: the name
    comes out backwards. The marks make every such letter a piece of right-to-left text
    to poppler on both sides, so the name comes out in logical order on either page.
    The drawn page is the same (a carrier draws no ink); readers drop the marks with the
    other bidi controls, and pdfminer.six, which follows the content stream, gives the
    letters in order as before."""
    if not rtl or ch < "\u07c0":  # left to right, or a letter poppler knows (Arabic ...)
        return ch
    code = ord(ch)
    if bidi.bidi_class(ch) in ("R", "AL", "NSM") and not any(
        low <= code <= high for low, high in _POPPLER_RTL
    ):
        return RLM + ch + RLM
    return ch


def _anchors(
    text: str, runs: list[Run], carriers: list[tuple[float, Glyph]], rtl: bool, size: float
) -> list[tuple[float, Glyph]]:
    """Right-to-left marks that close each left-to-right piece of a right-to-left line,
    for pdftotext.

    poppler's pdftotext sorts characters by position and reorders a line with its own
    simple rule (TextOutputDev's reorderText): on a right-to-left page a piece of
    left-to-right text (digits, a Latin word) takes with it every space on its left up
    to the next right-to-left letter, so that "يوسف 2 الخطيب" reads "يوسف  2الخطيب";
    so does a sign it counts with numbers (", . : - /") inside right-to-left text:
    "محمد, علي" reads "محمد ,علي", and "label: name" "label :name". An
    RLM written as one more carrier (logically right after the piece, drawn as nothing,
    just left of it and touching it) is a right-to-left character there, so the space
    stays where the text has it. Readers drop it with the other bidi controls. (On a
    left-to-right page pdftotext emits the pieces of a right-to-left name left to right,
    which no mark can mend: see tests/unit/test_pdf_text_engine.py.)"""
    if not rtl or not runs:
        return []
    level = [1] * len(text)
    for run in runs:
        level[run.start : run.start + len(run.text)] = [run.level] * len(run.text)
    by_index: dict[int, list[Glyph]] = {}
    for index, glyph in carriers:
        by_index.setdefault(int(index), []).append(glyph)
    piece = [not level[k] % 2 or _rtl_number_sign(text, level, k) for k in range(len(text))]
    out: list[tuple[float, Glyph]] = []
    i = 0
    while i < len(text):
        if not piece[i]:
            i += 1
            continue
        start = i
        while i < len(text) and piece[i]:
            i += 1
        inside = [g for k in range(start, i) for g in by_index.get(k, [])]
        if i == len(text) or not inside:
            continue  # nothing follows the piece on this line
        edge = min(inside, key=lambda g: g.x)
        x = edge.x - ANCHOR_UNITS * size / edge.font.upem
        out.append((i - 0.5, replace(edge, text="\u200f", x=x, advance=ANCHOR_UNITS)))
    return out


# Bidi classes of the characters poppler counts with numbers (unicodeTypeNum: measured,
# digits and "# $ % + , - . / :" and the Arabic comma and separators end its sections).
_POPPLER_NUMBER = ("EN", "AN", "ES", "ET", "CS")


def _rtl_number_sign(text: str, level: list[int], k: int) -> bool:
    """Whether text[k] is a sign poppler counts with numbers, inside right-to-left text
    (odd level) and followed by more of it (the next strong character is right to left:
    "محمد, علي", "م. علي", the colon of "label: name"). Before a left-to-right piece it is
    left as it was: poppler keeps a letter its table does not type (Tifinagh) in the
    left-to-right section that such a sign starts."""
    if not level[k] % 2 or bidi.bidi_class(text[k]) not in _POPPLER_NUMBER:
        return False
    for j in range(k + 1, len(text)):
        kind = bidi.bidi_class(text[j])
        if kind in ("L", "EN", "AN"):
            return False
        if kind in ("R", "AL"):
            return bool(level[j] % 2)
    return False


# An empty left-to-right embedding. poppler's table types LRE (U+202A) as a
# left-to-right character; the Unicode bidi algorithm removes both controls (rule X9), so
# the text with them displays exactly as without.
EMPTY_EMBEDDING = "\u202a\u202c"


def _actual_spans(
    text: str, runs: list[Run], carriers: list[tuple[float, Glyph]], rtl: bool, size: float
) -> list[tuple[tuple[float, Glyph], tuple[float, Glyph], str]]:
    """On a left-to-right page, each right-to-left piece with digits or a Latin word
    inside ("يوسف 2 الخطيب" in an English record: an even level above an odd one), or
    with punctuation poppler counts with numbers ("عبد-الله", "م. علي"), as an /ActualText
    span: its first and last carrier (no text, no width, at the piece's
    left and right edge, so that a reader gets the span's box left to right) and its
    text.

    pdftotext (poppler's TextOutputDev) cannot be given such a piece through carriers on
    their glyphs: it sorts the characters of a line by position and cuts the line, in
    that visual order, into sections by its own table (reorderText): left-to-right
    sections as they are, each right-to-left one (from a right-to-left letter to the
    next letter typed L or digit) reversed. The sections come out in visual order, so
    الخطيب, drawn left of the 2, comes out before it: "الخطيب2 يوسف". For a marked-content
    span with /ActualText, poppler drops the span's characters and adds the ActualText
    instead, as one piece of text across the span's box, in the string's order; its
    reorderText still reverses each right-to-left section of that string. So the text is
    the piece in logical order with an empty embedding (LRE PDF, which poppler types L
    and the Unicode bidi algorithm removes) after every character that could belong to
    a right-to-left section (all but digits and left-to-right letters): every section is
    one character, reversing it changes nothing, and pdftotext gives the piece in
    logical order. pdfminer.six ignores /ActualText and reads the carriers, which stay
    as they are; nothing drawn changes. (On a right-to-left page, ``_anchors`` suffices.)
    """
    if rtl or not runs:
        return []
    level = [0] * len(text)
    for run in runs:
        level[run.start : run.start + len(run.text)] = [run.level] * len(run.text)
    out: list[tuple[tuple[float, Glyph], tuple[float, Glyph], str]] = []
    i = 0
    while i < len(text):
        if not level[i]:
            i += 1
            continue
        start = i
        while i < len(text) and level[i]:
            i += 1
        odd = [k for k in range(start, i) if level[k] % 2]
        if not odd:
            continue
        lowest = min(level[k] for k in odd)
        ltr_inside = any(level[k] > lowest and not level[k] % 2 for k in range(start, i))
        if not ltr_inside and all(_stays_in_rtl_section(text[k]) for k in odd):
            continue  # letters, marks and spaces only: poppler gets it right
        inside = [g for index, g in carriers if start <= index < i]
        if not inside:
            continue
        left = min(g.x for g in inside)
        right = max(g.x + g.advance * size / g.font.upem for g in inside)
        actual = "".join(
            ch if _poppler_keeps(ch) else ch + EMPTY_EMBEDDING
            for ch in text[start:i]
            if ch not in bidi.BIDI_CONTROLS
        )
        first = (start - 0.25, replace(inside[0], text="", x=left, advance=0))
        last = (i - 0.75, replace(inside[-1], text="", x=right, advance=0))
        out.append((first, last, actual))
    return out


def _stays_in_rtl_section(ch: str) -> bool:
    """Whether a character of a right-to-left piece always lands inside one of poppler's
    right-to-left sections: a right-to-left letter, a mark, a space, ZWNJ or ZWJ. A sign
    it counts with numbers ends one ("م. علي", "عبد-الله"), and a neutral at the piece's
    end, drawn at its left edge, falls outside it ("محمد 'علي'"); any other character is
    taken as one that may do either."""
    return bidi.bidi_class(ch) in ("R", "AL", "NSM", "BN", "WS") or ch in bidi.BIDI_CONTROLS


def _poppler_keeps(ch: str) -> bool:
    """Whether poppler's reorderText always ends a right-to-left section before this
    character (an ASCII digit, or a left-to-right letter of the Basic Multilingual Plane,
    the only plane its table covers)."""
    return ch in "0123456789" or (bidi.bidi_class(ch) == "L" and ord(ch) <= 0xFFFF)


def _bridge(chain: list[Glyph], size: float) -> list[Glyph]:
    """Where the direction changes inside a line, the next character in logical order is
    drawn apart from the previous one. A carrier with no text spans the gap, so that a
    reader grouping characters into lines by their boxes in stream order (pdfminer.six)
    keeps a Latin word inside an Arabic name on the name's line; a reader that sorts by
    position (pdftotext) skips a character without text."""
    out: list[Glyph] = []
    for i, current in enumerate(chain):
        if i:
            previous = chain[i - 1]
            p0 = previous.x
            p1 = p0 + previous.advance * size / previous.font.upem
            c0 = current.x
            c1 = c0 + current.advance * size / current.font.upem
            start, end = (p1, c0) if c0 > p1 + 0.01 else (c1, p0) if c1 < p0 - 0.01 else (0, 0)
            if end > start:
                units = round((end - start) * current.font.upem / size)
                out.append(replace(current, text="", x=start, advance=units))
        out.append(current)
    return out


def visual_runs(text: str, base_rtl: bool | None = None) -> list[Run]:
    """The runs of a line, left to right as drawn (base direction from the text's first
    strong character when not given)."""
    text = unicodedata.normalize("NFC", text)
    rtl = bidi.is_rtl_text(text) if base_rtl is None else base_rtl
    return _runs(text, Style(rtl=rtl))[0] if text else []


# --- breaking --------------------------------------------------------------------------


def grapheme_breaks(text: str) -> list[int]:
    """Offsets where a long word may be cut: between grapheme clusters (a mark, ZWJ or
    ZWNJ stays with what precedes it, a virama joins the next consonant), never beside a
    ZWNJ or ZWJ."""
    out = []
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if _is_mark(after) or before in (ZWJ, ZWNJ) or after in (ZWJ, ZWNJ):
            continue
        if unicodedata.combining(before) == 9 and unicodedata.category(after) == "Lo":
            continue  # virama + consonant: one conjunct (Bengali, Devanagari ...)
        if unicodedata.category(after) == "Cf" or "\ud800" <= after <= "\udfff":
            continue
        out.append(i)
    return out


def width_of(text: str, style: Style) -> float:
    return layout_line(text, style).width


def break_lines(text: str, style: Style, max_width: float) -> list[str]:
    """A paragraph cut into lines (logical strings) that fit ``max_width``: greedy over
    the shaped widths of its words, each line then checked whole (kerning or a joining
    across a space cannot push it past the margin)."""
    lines: list[str] = []
    space = width_of(" ", style)
    for paragraph in text.split("\n"):
        words: list[str] = []
        for word in paragraph.split(" "):
            if word and width_of(word, style) > max_width:
                words.extend(_cut_word(word, style, max_width))
            else:
                words.append(word)
        current: list[str] = []
        used = 0.0
        for word in words:
            width = width_of(word, style) if word else 0.0
            if current and used + space + width > max_width:
                lines.extend(_fit(current, style, max_width))
                current, used = [word], width
            else:
                used += (space if current else 0.0) + width
                current.append(word)
        lines.extend(_fit(current, style, max_width))
    return lines


def _fit(words: list[str], style: Style, max_width: float) -> list[str]:
    out: list[str] = []
    while len(words) > 1 and width_of(" ".join(words), style) > max_width:
        cut = len(words) - 1
        while cut > 1 and width_of(" ".join(words[:cut]), style) > max_width:
            cut -= 1
        out.append(" ".join(words[:cut]))
        words = words[cut:]
    out.append(" ".join(words))
    return out


def _cut_word(word: str, style: Style, max_width: float) -> list[str]:
    pieces = []
    start = 0
    cuts = grapheme_breaks(word)
    last_fit = None
    for cut in [*cuts, len(word)]:
        if width_of(word[start:cut], style) <= max_width:
            last_fit = cut
            continue
        if last_fit is None or last_fit == start:
            last_fit = cut  # one cluster wider than the line: it stands alone
        pieces.append(word[start:last_fit])
        start = last_fit
        last_fit = cut if width_of(word[start:cut], style) <= max_width else None
        if last_fit is None and cut != len(word):
            pieces.append(word[start:cut])
            start = cut
    if start < len(word):
        pieces.append(word[start:])
    return pieces or [word]


# --- drawing ---------------------------------------------------------------------------


def draw(canvas, line: Line, x: float, y: float, size: float) -> None:
    """Write a laid-out line with its left edge at ``x`` and baseline at ``y``."""
    if not line.glyphs:
        return
    doc = canvas._doc
    # Codes per font, then reportlab's subsets for them in one call per font.
    by_font: dict[EngineFont, list[int]] = {}
    codes = []
    for glyph in line.glyphs:
        gid = glyph.gid
        if glyph.carrier and not glyph.text:
            # No text, so no outline either: PDFium then drops it (no raw code to read).
            gid = glyph.font.face.charToGlyph.get(32, 0)
        code = glyph.font.code_for(gid, glyph.text, glyph.advance)
        by_font.setdefault(glyph.font, []).append(code)
        codes.append(code)
    placed: dict[EngineFont, list[tuple[str, int]]] = {}
    for font, font_codes in by_font.items():
        items = placed[font] = []
        for subset, data in font.splitString("".join(map(chr, font_codes)), doc):
            name = font.getSubsetInternalName(subset, doc)
            items.extend((name, byte) for byte in data)
    cursor = {font: 0 for font in placed}
    ops = ["BT"]
    current = None
    starts = {start: actual for start, _end, actual in line.spans}
    ends = {end for _start, end, _actual in line.spans}
    mode = 0  # text render mode: 3 (invisible) for the carriers, 0 for the ink
    ink = False  # the ink's span is open
    for k, glyph in enumerate(line.glyphs):
        if k in ends:
            ops.append("EMC")
        if k in starts:
            ops.append(f"/Span <</ActualText <{_text_string(starts[k])}>>> BDC")
        name, byte = placed[glyph.font][cursor[glyph.font]]
        cursor[glyph.font] += 1
        if glyph.carrier != (mode == 3):
            mode = 3 if glyph.carrier else 0
            ops.append(f"{mode} Tr")
        if not glyph.carrier and not ink:
            ops.append(INK_SPAN)
            ink = True
        if name != current:
            ops.append(f"{name} {_num(size)} Tf")
            current = name
        ops.append(f"1 0 0 1 {_num(x + glyph.x)} {_num(y + glyph.y)} Tm <{byte:02x}> Tj")
    if len(line.glyphs) in ends:
        ops.append("EMC")
    if ink:
        ops.append("EMC")
    if mode == 3:
        ops.append("0 Tr")
    ops.append("ET")
    canvas._code.append("\n".join(ops))


# The ink (every visible glyph, which stands for no text: its ToUnicode is empty) is
# written inside one marked-content span per line whose /ActualText is U+0000. PDFium reads
# a glyph with an empty ToUnicode as its raw code; for a span whose text has no printable
# character it drops the glyphs instead. poppler writes nothing for it (measured);
# pdfminer.six ignores /ActualText and reads the empty ToUnicode. docs/pdf-text.md.
INK_SPAN = "/Span <</ActualText <FEFF0000>>> BDC"


def _text_string(text: str) -> str:
    """A PDF text string in hex: UTF-16BE with its byte order mark."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def line_width(
    text: str, size: float, *, bold: bool = False, base_rtl: bool | None = None
) -> float:
    rtl = bidi.is_rtl_text(text) if base_rtl is None else base_rtl
    return width_of(text, Style(size=size, bold=bold, rtl=rtl))


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
    rtl = bidi.is_rtl_text(text) if base_rtl is None else base_rtl
    line = layout_line(text, Style(size=size, bold=bold, rtl=rtl))
    draw(canvas, line, x - line.width if align == "right" else x, y, size)
    return line.width


def wrap(text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    return break_lines(text, Style(size=size, bold=bold, rtl=bidi.is_rtl_text(text)), max_width)
