"""Referral forms read back (issue 15, build item 9 and "Must show").

Every referral type's PDF, built from data in which every optional field is filled with a
token of its own (bench/referral_pdf.py), read back with pdfminer.six (content-stream,
logical order) and pdftotext (poppler, when installed): the child's names in logical order
(Arabic, Dari with ZWNJ, Tigrinya), the recipient's language with no English word on a
translated page while the UI stays English, and 0 of the fields that type must not carry
([G8]): the forbidden lists below are the policy written out again, apart from the form's
own table, so that a change to the table that leaks a field fails here. The QR code's
squares are read back from a rendered page and compared with the case number's code.

``python -m tests.integration.test_referral_pdf`` writes the first page of each type in
English and Arabic to docs/referral-forms/.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import available_languages, babel_locale, set_language, translations_for
from app.reports import referral_form as rf
from app.reports.bidi import BIDI_CONTROLS
from bench.referral_pdf import TOKENS, sample

ROOT = Path(__file__).resolve().parents[2]
NAMES = {
    "ar": ("محمد علي", "Mohammed Ali"),
    "prs": ("گل\u200cاحمد نجیب\u200cالله", "Gul Ahmad Najibullah"),
    "ti": ("ተስፋይ ሃይለ", "Tesfay Haile"),
}
# What each type must never carry ([G8]); written apart from rf.FIELDS on purpose.
ALWAYS_FORBIDDEN = {
    rf.GUARDIAN: {"photo", "health_needs", "protection_concerns", "trafficking_indicators",
                  "last_sighting", "family_sought", "schooling"},
    rf.CHILD_PROTECTION: {"photo", "health_needs", "trafficking_indicators", "last_sighting",
                          "family_sought", "schooling", "protection_application"},
    rf.HEALTH: {"photo", "trafficking_indicators", "last_sighting", "family_sought", "schooling",
                "protection_application", "nationality", "protection_concerns"},
    rf.MENTAL_HEALTH: {"photo", "trafficking_indicators", "last_sighting", "family_sought",
                       "schooling", "protection_application", "nationality"},
    rf.GBV: {"photo", "health_needs", "trafficking_indicators", "last_sighting", "family_sought",
             "schooling", "protection_application", "nationality"},
    rf.LEGAL_AID: {"photo", "health_needs", "protection_concerns", "trafficking_indicators",
                   "last_sighting", "family_sought", "schooling", "sex", "birth_date"},
    rf.ANTI_TRAFFICKING: {"photo", "health_needs", "last_sighting", "family_sought", "schooling",
                          "protection_application"},
    rf.EDUCATION: {"photo", "health_needs", "protection_concerns", "trafficking_indicators",
                   "last_sighting", "family_sought", "protection_application", "sex",
                   "nationality", "birth_date", "accompaniment"},
    rf.FAMILY_TRACING: {"photo", "health_needs", "protection_concerns", "trafficking_indicators",
                        "last_sighting", "schooling", "protection_application", "sex",
                        "birth_date"},
    rf.BEST_INTERESTS: {"photo", "health_needs", "trafficking_indicators", "last_sighting",
                        "family_sought", "schooling"},
    rf.POLICE_MISSING: {"health_needs", "protection_concerns", "trafficking_indicators",
                        "family_sought", "schooling", "protection_application",
                        "accompaniment"},
}  # fmt: skip
# What each type must carry (so that "0 found" is not found by looking badly).
MUST_CARRY = {
    rf.GUARDIAN: {"accompaniment", "protection_application"},
    rf.CHILD_PROTECTION: {"protection_concerns", "guardian"},
    rf.HEALTH: {"health_needs", "guardian"},
    rf.MENTAL_HEALTH: {"health_needs"},
    rf.GBV: {"protection_concerns"},
    rf.LEGAL_AID: {"protection_application", "guardian"},
    rf.ANTI_TRAFFICKING: {"trafficking_indicators"},
    rf.EDUCATION: {"schooling"},
    rf.FAMILY_TRACING: {"family_sought"},
    rf.BEST_INTERESTS: {"protection_concerns"},
    rf.POLICE_MISSING: {"last_sighting", "sex", "birth_date", "nationality", "photo"},
}
# How a field shows on the page: its token (free text) or its label (coded values).
LABELS = {
    "sex": "Sex",
    "birth_date": "Date of birth",
    "nationality": "Nationality",
    "accompaniment": "Accompaniment",
    "protection_application": "Lodged on",
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def pdfminer_text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return normalise(extract_text(io.BytesIO(pdf)))


def poppler_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return normalise(out.stdout)


@pytest.fixture(autouse=True)
def _english_ui():
    set_language("en")  # the UI stays English: the form takes its language from the data
    yield
    set_language("en")


@cache
def built(referral_type: str, language: str, name: str = "ar") -> rf.BuiltReferral:
    return rf.build_referral_pdf_checked(sample(referral_type, language, *NAMES[name]))


# [G12] The photo section shows the photo with the day it was taken, or says there is none.
PHOTO_MARKS = ("Photo taken on", "No photo: none was taken with consent.")


def found_fields(text: str, language: str) -> set[str]:
    tr = translations_for(language).gettext
    found = set()
    if any(normalise(tr(mark)).split(":")[0] in text for mark in PHOTO_MARKS):
        found.add("photo")
    for field in rf.OPTIONAL_FIELDS:
        if field in TOKENS:
            token = TOKENS[field].split()[0]
            if token in text:
                found.add(field)
        if field in LABELS:
            label = normalise(tr("{label}: {value}").format(label=tr(LABELS[field]), value=""))
            if label.strip() in text:
                found.add(field)
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("referral_type", rf.TYPES)
def test_each_type_carries_only_its_fields(referral_type: str, language: str, tmp_path) -> None:
    """[G8]: every optional field is filled in the data; 0 forbidden ones on the page."""
    form = built(referral_type, language)
    assert form.language == language
    text = pdfminer_text(form.pdf)
    found = found_fields(text, language)
    assert not found & ALWAYS_FORBIDDEN[referral_type], sorted(found)
    assert found >= MUST_CARRY[referral_type], sorted(MUST_CARRY[referral_type] - found)
    assert set(form.fields) == found
    if shutil.which("pdftotext"):
        popped = poppler_text(form.pdf, tmp_path)
        leaked = [
            f
            for f in ALWAYS_FORBIDDEN[referral_type]
            if f in TOKENS and TOKENS[f].split()[0] in popped
        ]
        assert leaked == []


def test_trafficking_details_only_where_marked_necessary_and_allowed() -> None:
    """A guardian referral carries trafficking indicators only when the officer marks
    them necessary for it; an education referral never, marked or not."""
    marked = frozenset({rf.TRAFFICKING})
    token = TOKENS["trafficking_indicators"].split()[0]
    for referral_type, shown in ((rf.GUARDIAN, True), (rf.EDUCATION, False)):
        data = dataclasses.replace(sample(referral_type, "en"), marked_necessary=marked)
        assert (token in pdfminer_text(rf.build_referral_pdf(data))) is shown, referral_type
    assert token not in pdfminer_text(built(rf.GUARDIAN, "en").pdf)


@pytest.mark.parametrize("name", sorted(NAMES))
@pytest.mark.parametrize("referral_type", rf.TYPES)
def test_names_read_back_in_logical_order(referral_type: str, name: str, tmp_path) -> None:
    """The child's name in its own script, on a page in its language and on an English
    one: pdfminer.six gives it back as stored (ZWNJ kept); pdftotext too."""
    original, latin = NAMES[name]
    for language in (name, "en"):
        form = built(referral_type, language, name)
        assert form.missing == []
        text = pdfminer_text(form.pdf)
        assert normalise(original) in text, (language, text[:300])
        assert latin in text
        if shutil.which("pdftotext"):
            assert normalise(original) in poppler_text(form.pdf, tmp_path), language


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text))


def _data_words() -> set[str]:
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            words.update(_words(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, (tuple, list, frozenset)):
            for item in value:
                walk(item)

    walk(sample(rf.HEALTH, "en"))
    return words


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "en"])
@pytest.mark.parametrize("referral_type", [rf.GUARDIAN, rf.HEALTH, rf.POLICE_MISSING])
def test_the_recipients_language_and_no_english_word(referral_type: str, language: str) -> None:
    """Built while the UI is English: every word of the form is the recipient's."""
    po = ROOT / "translations" / language / "LC_MESSAGES" / "harbour.po"
    with po.open("rb") as handle:
        allowed = _data_words() | {
            w for m in read_po(handle) if m.id and m.string for w in _words(str(m.string))
        }
    locale = babel_locale(language)  # CLDR's words: months, languages, countries
    allowed |= {
        w for names in (locale.months["format"]["wide"].values(),) for n in names for w in _words(n)
    }
    allowed |= {
        w
        for n in list(locale.languages.values()) + list(locale.territories.values())
        for w in _words(n)
    }
    allowed |= {w for n in locale.days["format"]["wide"].values() for w in _words(n)}
    form = built(referral_type, language)
    text = pdfminer_text(form.pdf)
    folded = {w.casefold() for w in allowed}  # a language name starts a list capitalised
    english = {w for w in _words(text) if w.casefold() not in folded}
    assert not english, f"{language}: English on the page: {sorted(english)}"
    tr = translations_for(language).gettext
    assert normalise(tr(rf.TITLES[referral_type])) in text


def test_every_drawn_word_is_a_msgid() -> None:
    with (ROOT / "translations" / "harbour.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for referral_type in rf.TYPES:
        for language in ("en", "ar"):
            unknown = sorted(set(built(referral_type, language).msgids) - template)
            assert not unknown, f"{referral_type}: drawn without a msgid: {unknown}"
    custom = rf.build_referral_pdf_checked(sample("custom:sports", "fr"))
    assert not set(custom.msgids) - template
    assert "Orientation : Sports club" in pdfminer_text(custom.pdf)


def test_a_form_without_consent_or_legal_basis_is_refused() -> None:
    """[G9], [R3]: nothing leaves the laptop without a recorded basis."""
    data = dataclasses.replace(sample(rf.HEALTH, "en"), basis=rf.SharingBasis())
    with pytest.raises(rf.NoSharingBasis):
        rf.build_referral_pdf(data)
    refused = rf.SharingBasis(consent_by="child", consent_granted=False)
    with pytest.raises(rf.NoSharingBasis):
        rf.build_referral_pdf(dataclasses.replace(data, basis=refused))
    legal = rf.SharingBasis(consent_by="child", consent_granted=False, legal_basis="Art. 9(2)(c)")
    text = pdfminer_text(rf.build_referral_pdf(dataclasses.replace(data, basis=legal)))
    assert "Legal basis: Art. 9(2)(c)" in text and "Consent given by" not in text


def test_a_language_without_a_catalog_falls_back_to_english() -> None:
    form = rf.build_referral_pdf_checked(sample(rf.HEALTH, "de"))
    assert form.language == "en" and "Health referral" in pdfminer_text(form.pdf)


def _qr_matrix_on_page(pdf: bytes, rtl: bool) -> list[list[bool]]:
    """The QR code's modules as rendered: the centre of each square, dark or light."""
    import pypdfium2
    from reportlab.graphics.barcode.qr import QrCodeWidget

    scale = 4.0
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=scale).to_pil().convert("L")
    widget = QrCodeWidget("NRC-2026-0042", barLevel="M", barWidth=rf.QR_SIZE, barHeight=rf.QR_SIZE)
    widget.draw()
    count = widget.qr.getModuleCount()
    box = rf.QR_SIZE / (count + 2 * widget.barBorder)
    left = rf.MARGIN if rtl else 595.2756 - rf.MARGIN - rf.QR_SIZE
    top = rf.MARGIN - 8  # from the page's top edge
    rows = []
    for r in range(count):
        row = []
        for c in range(count):
            x = (left + (c + widget.barBorder + 0.5) * box) * scale
            y = (top + (r + widget.barBorder + 0.5) * box) * scale
            row.append(image.getpixel((round(x), round(y))) < 128)
        rows.append(row)
    return rows


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_qr_code_is_the_case_numbers(language: str) -> None:
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget("NRC-2026-0042", barLevel="M")
    widget.draw()
    expected = [[bool(m) for m in row] for row in widget.qr.modules]
    drawn = _qr_matrix_on_page(built(rf.HEALTH, language).pdf, rtl=language == "ar")
    assert drawn == expected


def test_first_pages_render(tmp_path) -> None:
    import pypdfium2

    for referral_type in (rf.GUARDIAN, rf.HEALTH, rf.POLICE_MISSING):
        image = pypdfium2.PdfDocument(built(referral_type, "ar").pdf)[0].render(scale=1.0)
        low, high = image.to_pil().convert("L").getextrema()
        assert high - low > 200


def write_docs_pngs(folder: Path = ROOT / "docs" / "referral-forms") -> list[Path]:
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for referral_type in rf.TYPES:
        for language in ("en", "ar"):
            page = pypdfium2.PdfDocument(built(referral_type, language).pdf)[0]
            path = folder / f"{referral_type}-{language}.png"
            page.render(scale=1.25).to_pil().convert("L").save(path, optimize=True)
            written.append(path)
    return written


if __name__ == "__main__":
    for written in write_docs_pngs():
        print(written.relative_to(ROOT))
