"""Plural rules: every shipped language counts the way its grammar does, whatever Babel is.

The rules are the project's (``app/i18n/plurals.py``); nothing here asks Babel what a
language's rule is. Two tables per language, written from the language's grammar and not
from running the code:

- ``CATEGORY``: the CLDR plural category every count of ``COUNTS`` belongs to (for Dari,
  which has no CLDR rule, the one form);
- ``CASE_WORDS``: the words of ``"{count} case"`` in each category, as the catalog writes
  them (same words in two categories where the language uses the same noun form).

The case count is then rendered for every count through the app's real loader
(``app.i18n.translations_for``) and compared with the word of the count's category. No Qt.
"""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import DOMAIN, TRANSLATIONS_DIR, compile_catalog, plurals, translations_for

COUNTS = (0, 1, 2, 3, 10, 11, 13, 99, 100, 101, 102, 1_000_000)

#: The plural category of each count, from each language's grammar (CLDR's names).
CATEGORY: dict[str, dict[int, str]] = {
    # French: 0 and 1 take the singular ("0 dossier"); a whole number of millions is said
    # with the noun "million(s)" and keeps "de" even in digits ("1 000 000 de dossiers");
    # every other count takes the plural.
    "fr": {
        **dict.fromkeys(COUNTS, "other"),
        0: "one",
        1: "one",
        1_000_000: "many",
    },
    # Arabic: 0 its own form; 1 singular with واحد; 2 the dual; 3-10 (by the last two
    # digits) a genitive plural; 11-99 an accusative singular; otherwise (100-102, a
    # million: last two digits 00-02) a genitive singular.
    "ar": {
        0: "zero",
        1: "one",
        2: "two",
        3: "few",
        10: "few",
        11: "many",
        13: "many",
        99: "many",
        100: "other",
        101: "other",
        102: "other",
        1_000_000: "other",
    },
    # Dari: the noun stays singular after every numeral; one form.
    "prs": dict.fromkeys(COUNTS, "other"),
    # Pashto: singular for 1 only, plural for 0 and for 2 and more.
    "ps": {**dict.fromkeys(COUNTS, "other"), 1: "one"},
    # Tigrinya: 0 and 1 with the singular (CLDR), the plural from 2 on.
    "ti": {**dict.fromkeys(COUNTS, "other"), 0: "one", 1: "one"},
    # Somali: category one for 1 only (the noun after a numeral is singular anyway).
    "so": {**dict.fromkeys(COUNTS, "other"), 1: "one"},
    # Ukrainian: last digit 1 but not 11 -> nominative singular; last digit 2-4 but not
    # 12-14 -> nominative plural; everything else (0, 5-20, 25-30 ... by the last two
    # digits) -> genitive plural.
    "uk": {
        0: "many",
        1: "one",
        2: "few",
        3: "few",
        10: "many",
        11: "many",
        13: "many",
        99: "many",
        100: "many",
        101: "one",
        102: "few",
        1_000_000: "many",
    },
    # Central Kurdish (Sorani): category one for 1 only; the noun stays singular after a
    # numeral.
    "ckb": {**dict.fromkeys(COUNTS, "other"), 1: "one"},
    # Urdu: category one for 1 only; کیس (a masculine noun not in -ā) has the same direct
    # plural.
    "ur": {**dict.fromkeys(COUNTS, "other"), 1: "one"},
}

#: ngettext("{count} case", "{count} cases", n) per category, as each catalog writes it.
CASE_WORDS: dict[str, dict[str, str]] = {
    "fr": {"one": "{count} dossier", "many": "{count} de dossiers", "other": "{count} dossiers"},
    "ar": {
        "zero": "{count} ملف",
        "one": "ملف واحد",
        "two": "ملفان",
        "few": "{count} ملفات",
        "many": "{count} ملفًا",
        "other": "{count} ملف",
    },
    "prs": {"other": "{count} پرونده"},
    "ps": {"one": "{count} دوسیه", "other": "{count} دوسیې"},
    "ti": {"one": "{count} ጉዳይ", "other": "{count} ጉዳያት"},
    "so": {"one": "{count} kiis", "other": "{count} kiis"},
    "uk": {"one": "{count} справа", "few": "{count} справи", "many": "{count} справ"},
    "ckb": {"one": "{count} دۆسیە", "other": "{count} دۆسیە"},
    "ur": {"one": "{count} کیس", "other": "{count} کیس"},
}

LANGUAGES = sorted(CATEGORY)


def expected_case_count(language: str, n: int) -> str:
    return CASE_WORDS[language][CATEGORY[language][n]].format(count=n)


def test_every_shipped_language_has_a_rule_and_tables() -> None:
    shipped = {p.parent.parent.name for p in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/*.po")}
    assert shipped == set(plurals.PLURAL_RULES) == set(CATEGORY) == set(CASE_WORDS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_has_a_form_per_category(language: str) -> None:
    rule = plurals.rule(language)
    assert rule.nplurals == len(rule.categories)
    assert set(CATEGORY[language].values()) <= set(rule.categories)
    assert set(CASE_WORDS[language]) == set(rule.categories)
    assert rule.cldr == (language != "prs")
    assert plurals.CLDR_VERSION == "49"
    for line in rule.header_comment_lines(language):
        assert line.startswith(plurals.COMMENT_PREFIX) and len(line) <= 76


def _probe(tmp_path: Path, language: str, header: str | None) -> gettext.GNUTranslations:
    """A catalog whose forms are named after their index, compiled by the app's compiler."""
    nplurals = plurals.rule(language).nplurals
    lines = [
        'msgid ""',
        'msgstr ""',
        f'"Language: {language}\\n"',
        '"Content-Type: text/plain; charset=utf-8\\n"',
    ]
    if header is not None:
        lines.append(f'"Plural-Forms: {header}\\n"')
    lines += ["", 'msgid "form"', 'msgid_plural "forms"']
    lines += [f'msgstr[{i}] "{i}"' for i in range(nplurals)]
    po = tmp_path / f"{language}.po"
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(po, language)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("header", ["table", "missing"])
def test_rule_puts_each_count_in_its_grammatical_category(
    language: str, header: str, tmp_path: Path
) -> None:
    """The table's expression sends every count to the index of its category; a catalog
    without a Plural-Forms header (``pybabel update`` drops Dari's) gets the same rule,
    not one Babel derives."""
    rule = plurals.rule(language)
    compiled = _probe(tmp_path, language, rule.plural_forms if header == "table" else None)
    assert compiled.info()["plural-forms"] == rule.plural_forms
    got = {n: rule.categories[int(compiled.ngettext("form", "forms", n))] for n in COUNTS}
    assert got == CATEGORY[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_count_in_every_category(language: str) -> None:
    """ngettext("{count} case", "{count} cases", n) through the real loader, for every n
    in COUNTS, against the word of n's grammatical category."""
    catalog = translations_for(language)
    wrong = {}
    for n in COUNTS:
        said = catalog.ngettext("{count} case", "{count} cases", n).format(count=n)
        if said != expected_case_count(language, n):
            wrong[n] = (
                f"said {said!r}, {CATEGORY[language][n]} is {expected_case_count(language, n)!r}"
            )
    assert not wrong, f"{language}: " + "; ".join(f"{n}: {why}" for n, why in wrong.items())


def test_compiler_refuses_another_rule_when_strict(tmp_path: Path) -> None:
    """The build tool must not ship a catalog whose forms follow another rule (Babel 2.18's
    Arabic numbered 100-102 as 4 and 11-99 as 5); the app warns and keeps the catalog's."""
    babel_218 = (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=0 && n%100<=2 ? 4 : 5);"
    )
    _probe(tmp_path, "ar", babel_218)  # not strict: compiles, in the order it states
    with pytest.raises(ValueError, match="not the project's rule"):
        compile_catalog(tmp_path / "ar.po", "ar", strict=True)


def test_declared_plural_forms_reads_the_header_as_written() -> None:
    po = (
        '# comment\nmsgid ""\nmsgstr ""\n"Language: uk\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "\n'
        '"n%10>=2 ? 1 : 2);\\n"\n"MIME-Version: 1.0\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    assert plurals.declared_plural_forms(po) == (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 ? 1 : 2);"
    )
    assert plurals.declared_plural_forms('msgid ""\nmsgstr ""\n"Language: prs\\n"\n') is None
    assert plurals.same_rule("nplurals=2; plural=(n != 1);", "nplurals=2;plural=(n!=1)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_ui_catalog_header_comment_names_the_rule(language: str) -> None:
    text = (TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_text("utf-8")
    comment = text[: text.index('msgid ""')]
    for line in plurals.rule(language).header_comment_lines(language):
        assert line in comment.splitlines()


def test_a_dropped_header_gets_the_rule_back_where_babel_writes_it() -> None:
    """Babel 2.18's ``pybabel update`` drops Dari's Plural-Forms; the tools put it back."""
    po = (
        b'# Dari\nmsgid ""\nmsgstr ""\n"Language: prs\\n"\n"Language-Team: Dari "\n'
        b'"team\\n"\n"MIME-Version: 1.0\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    fixed = plurals.with_plural_forms(po, "nplurals=1; plural=0;")
    assert b'"team\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n"MIME-Version' in fixed
    assert plurals.declared_plural_forms(fixed) == "nplurals=1; plural=0;"


def test_catalog_tool_marks_forms_of_another_rule_fuzzy() -> None:
    """``update`` gives a catalog the project's rule; entries filled for another rule are
    fuzzy (not shown, reported) until a translator reorders them; missing forms stay empty."""
    tools = str(TRANSLATIONS_DIR.parent / "tools")
    sys.path.insert(0, tools)
    try:
        import information_catalog
    finally:
        sys.path.remove(tools)
    old = "nplurals=2; plural=(n > 1);"
    po = (
        f'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: {old}\\n"\n\n'
        'msgid "{count} case"\nmsgid_plural "{count} cases"\n'
        'msgstr[0] "{count} dossier"\nmsgstr[1] "{count} dossiers"\n'
    )
    for declared, fuzzy in ((old, True), (plurals.plural_forms("fr"), False)):
        catalog = read_po(io.StringIO(po))
        notes = information_catalog.set_plural_rule(catalog, "fr", declared)
        message = catalog.get("{count} case")
        assert message.fuzzy == fuzzy and len(notes) == int(fuzzy)
        assert message.string == ("{count} dossier", "{count} dossiers", "")
        assert catalog.plural_forms == plurals.plural_forms("fr")


def test_a_mo_with_another_rule_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .mo beside the catalog made by another tool (``pybabel compile`` with a Babel
    that numbers Arabic's forms differently) is compiled again from the .po."""
    import shutil

    from babel.messages.mofile import write_mo

    import app.i18n

    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = shutil.copy(TRANSLATIONS_DIR / "ar" / "LC_MESSAGES" / f"{DOMAIN}.po", folder)
    with Path(po).open("rb") as handle:
        catalog = read_po(handle)
    catalog.mime_headers = [("Plural-Forms", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : 5);")]
    with (folder / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(app.i18n, "TRANSLATIONS_DIR", tmp_path)
    loaded = app.i18n._load("ar")
    assert loaded.info()["plural-forms"] == plurals.plural_forms("ar")
    assert loaded.ngettext("{count} case", "{count} cases", 13) == "{count} ملفًا"
