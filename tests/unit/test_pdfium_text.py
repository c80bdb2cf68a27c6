"""PDFium (Chrome's and Edge's built-in viewer: find and copy) reads the text of Harbour's
PDFs (issue 13; docs/pdf-text.md, "PDFium").

The corpus names (tests/data/script_corpus.json) on an English and an Arabic page, read
back with pypdfium2 after NFKC and removing bidi controls and default-ignorable
characters. Before the carriers were written with an inked glyph in render mode 3 and the
ink inside an /ActualText span of U+0000, PDFium gave 0 of 46 names on either page (raw
glyph codes). What it still gets wrong is its own bidi: it cuts a line into segments at
every neutral character (a space, ZWNJ, an apostrophe) and puts them in the line's
direction, so a name of the other direction than its page comes out with its words
swapped; those names are counted, not required.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from app.reports import bidi
from tests.unit.test_pdf_text_engine import corpus_pdf

pdfium = pytest.importorskip("pypdfium2")

# Names PDFium gives back exactly on each page (measured; a floor, not a target).
FLOOR = {"en": 27, "ar": 25}
OTHER_SCRIPT = re.compile(r"[\u07c0-\u07ff\U0001e900-\U0001e95f]")  # N'Ko, Adlam


def _ignorable(ch: str) -> bool:
    code = ord(ch)
    return (
        ch in bidi.BIDI_CONTROLS
        or ch in "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u3164\ufeff\uffa0"
        or 0x180B <= code <= 0x180F
        or 0x200B <= code <= 0x200F
        or 0x2060 <= code <= 0x206F
        or 0xFE00 <= code <= 0xFE0F
        or 0xFFF0 <= code <= 0xFFF8
        or 0xE0000 <= code <= 0xE0FFF
    )


def normalise(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not _ignorable(ch))


def pdfium_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _same_direction(name: str, rtl: bool) -> bool:
    kinds = {bidi.bidi_class(ch) for ch in name}
    other = {"L"} if rtl else {"R", "AL"}
    return not kinds & other and not OTHER_SCRIPT.search(name)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pdfium_reads_the_names(language: str) -> None:
    pdf, single = corpus_pdf(language)
    raw = pdfium_text(pdf)
    # No glyph read as its raw code: the ink (ToUnicode empty) is dropped, not guessed.
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw), raw[:200]
    text = normalise(raw)
    found = [name for name in single if normalise(name) in text]
    required = [name for name in single if _same_direction(name, language == "ar")]
    missing = [name for name in required if name not in found]
    assert not missing, f"{language}: PDFium does not give back {missing}"
    assert len(found) >= FLOOR[language], f"{language}: {len(found)}/{len(single)}"
    assert "Name as the child says it" in text or "الاسم" in text
