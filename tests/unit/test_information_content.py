"""Child-friendly information content: structure, catalogs, review status, pictograms.

No Qt needed. The catalogs are the shipped ones in translations/; compiling goes to tmp_path.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TOPICS_JSON = ROOT / "resources" / "information" / "topics.json"
PICTOGRAMS = ROOT / "resources" / "pictograms"
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "information.pot"

TOPIC_IDS = [
    "welcome",
    "rights",
    "guardian",
    "protection",
    "age",
    "family",
    "health",
    "school",
    "safety",
    "complaints",
    "your_information",
    "next_steps",
]
NEEDS_SIMPLE = {"welcome", "guardian", "health", "safety"}
LANGUAGES = ["fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur"]
ARABIC_SCRIPT = {"ar", "prs", "ps", "ckb", "ur"}
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
ETHIOPIC_LETTER = re.compile(r"[\u1200-\u137F]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Letters a language needs and a copy of another language's text would lack.
OWN_LETTERS = {
    "ps": "ټډړږښګېۍ",
    "ckb": "ەۆێڵڕ",
    "ur": "ےںٹڈڑ",
    "prs": "پچگکی",
}
# Arabic letters that a Persian, Pashto, Sorani or Urdu text should not contain (their
# own letters are keheh ک and Farsi yeh ی; Pashto keeps ي for its own sound).
FOREIGN_LETTERS = {"prs": "كي", "ps": "ك", "ckb": "كية", "ur": "كي"}


def topics() -> list[dict]:
    return json.loads(TOPICS_JSON.read_text(encoding="utf-8"))["topics"]


def pot_contexts() -> list[str]:
    with POT.open("rb") as fh:
        return [m.context for m in read_po(fh) if m.id]


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "information.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_topics_in_order_with_screens_and_simple_versions():
    data = json.loads(TOPICS_JSON.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [t["id"] for t in data["topics"]] == TOPIC_IDS
    seen: set[str] = set()
    for topic in data["topics"]:
        tid = topic["id"]
        assert topic["title"].strip()
        assert topic["pictogram"] == f"{tid}.svg"
        assert 3 <= len(topic["screens"]) <= 6, tid
        for n, screen in enumerate(topic["screens"], 1):
            assert screen["id"] == f"{tid}.{n}"
            assert screen["text"].strip()
        if tid in NEEDS_SIMPLE:
            assert 2 <= len(topic["simple"]) <= 4, tid
        for n, screen in enumerate(topic["simple"], 1):
            assert screen["id"] == f"{tid}.simple.{n}"
            assert len(screen["text"].split()) <= 10, screen["id"]
        for item in topic["screens"] + topic["simple"]:
            assert item["id"] not in seen
            seen.add(item["id"])


def test_english_screens_are_short():
    for topic in topics():
        for screen in topic["screens"]:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", screen["text"]) if s]
            assert 1 <= len(sentences) <= 3, screen["id"]
            assert all(len(s.split()) <= 20 for s in sentences), screen["id"]


def test_template_matches_topics():
    expected = []
    for topic in topics():
        expected.append(f"{topic['id']}.title")
        expected += [s["id"] for s in topic["screens"] + topic["simple"]]
    assert pot_contexts() == expected
    # The shipped template is what the tool would build now (extract was run).
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import information_catalog
    finally:
        sys.path.pop(0)
    assert information_catalog.problems() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_translated_none_fuzzy(lang):
    cat = catalog(lang)
    assert not cat.fuzzy
    assert cat.locale_identifier == lang
    assert "not yet reviewed" in cat.header_comment
    for context in pot_contexts():
        messages = [m for m in cat if m.id and m.context == context]
        assert len(messages) == 1, f"{lang}: {context} missing"
        message = messages[0]
        assert not message.fuzzy, f"{lang}: {context} fuzzy"
        assert isinstance(message.string, str) and message.string.strip(), f"{lang}: {context}"
        # An untranslated copy of the English text is not a translation.
        assert message.string.strip() != message.id.strip() or len(message.id) < 12


@pytest.mark.parametrize("lang", LANGUAGES)
def test_babel_checkers_pass(lang):
    assert [(m.context, errors) for m, errors in catalog(lang).check()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header(lang):
    """The header states the project's plural rule (app/i18n/plurals.py), whatever Babel
    is installed, and the header comment names the CLDR version it follows. Only the header:
    the information catalogs have no plural entries (see the next test), so there is no
    count to render; tests/unit/test_plurals.py renders the UI catalogs' counts."""
    from app.i18n import plurals

    text = (TRANSLATIONS / lang / "LC_MESSAGES" / "information.po").read_text(encoding="utf-8")
    assert f'"Language: {lang}\\n"' in text
    assert plurals.declared_plural_forms(text) == plurals.plural_forms(lang)
    comment = text[: text.index('msgid ""')].splitlines()
    for line in plurals.rule(lang).header_comment_lines(lang):
        assert line in comment


def test_information_has_no_plural_entries():
    """translations/information.pot has no msgid_plural. If one is ever added, it needs a
    table of expected words per count and language like tests/unit/test_plurals.py's."""
    with POT.open("rb") as fh:
        assert not [m.id for m in read_po(fh) if m.id and m.pluralizable]
    for lang in LANGUAGES:
        assert not [m.id for m in catalog(lang) if m.id and m.pluralizable], lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pybabel_compile(lang, tmp_path):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "information.po"
    mo = tmp_path / f"{lang}.mo"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "compile",
            "--statistics",
            "-l",
            lang,
            "-i",
            str(po),
            "-o",
            str(mo),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower()
    assert mo.stat().st_size > 0

    import gettext

    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    first = topics()[0]["screens"][0]
    assert translations.pgettext(first["id"], first["text"]) != first["text"]


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_review_status_per_topic(lang):
    review = json.loads(
        (TRANSLATIONS / lang / "information-review.json").read_text(encoding="utf-8")
    )
    assert set(review) == set(TOPIC_IDS)
    for tid, entry in review.items():
        assert entry["status"] in {"draft", "reviewed", "source"}, (lang, tid)
        assert (entry["status"] == "source") == (lang == "en"), (lang, tid)
        if entry["status"] == "reviewed":
            assert entry.get("by", "").strip(), (lang, tid)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.get("date", "")), (lang, tid)


@pytest.mark.parametrize("lang", sorted(ARABIC_SCRIPT | {"ti"}))
def test_script_guard_against_untranslated_copies(lang):
    letter = ETHIOPIC_LETTER if lang == "ti" else ARABIC_LETTER
    own_text = ""
    for message in catalog(lang):
        if not message.id:
            continue
        assert letter.search(message.string), f"{lang}: {message.context} not in its script"
        assert not LATIN_LETTER.search(message.string), f"{lang}: {message.context} Latin"
        own_text += message.string
    for ch in OWN_LETTERS.get(lang, ""):
        assert ch in own_text, f"{lang}: never uses {ch}"
    for ch in FOREIGN_LETTERS.get(lang, ""):
        assert ch not in own_text, f"{lang}: uses the Arabic letter {ch}"


def test_pictograms_exist_and_parse():
    for tid in TOPIC_IDS:
        path = PICTOGRAMS / f"{tid}.svg"
        assert path.exists(), tid
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", tid
        assert len(root.get("viewBox", "").split()) == 4, tid
        # No text in a pictogram: it must work in every language.
        assert not list(root.iter("{http://www.w3.org/2000/svg}text")), tid
    readme = (PICTOGRAMS / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme
    for tid in TOPIC_IDS:
        assert f"{tid}.svg" in readme
