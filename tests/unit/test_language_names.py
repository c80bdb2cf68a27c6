"""Issue 12, item 3: languages and countries found by any name, stored by one code style.

ISO 639-3 for languages (registration.md), ISO 3166-1 alpha-2 for countries; a two-letter
language code from an older record is read as its ISO 639-3 equal, an unknown one kept.
"""

from __future__ import annotations

import json

import pytest

from app.domain.codes import normalise_language
from app.i18n import names


@pytest.mark.parametrize(
    ("ui", "typed", "code"),
    [
        ("en", "Arabic", "ara"),
        ("en", "العربية", "ara"),  # the autonym
        ("fr", "arabe", "ara"),  # the UI language's name
        ("en", "ar", "ara"),  # a two-letter code
        ("en", "ara", "ara"),
        ("en", "Dari", "prs"),  # a CLDR gap
        ("en", "دری", "prs"),
        ("ar", "الدارية", "prs"),
        ("en", "Sorani", "ckb"),  # a name staff use
        ("en", "Tigrinya", "tir"),
        ("en", "ትግርኛ", "tir"),
        ("uk", "українська", "ukr"),
        ("en", "Pashto", "pus"),
        ("en", "Farsi", "fas"),
    ],
)
def test_a_language_is_found_by_any_of_its_names(ui: str, typed: str, code: str) -> None:
    assert names.search(names.LANGUAGE, typed, ui)[0].code == code
    assert names.resolve(names.LANGUAGE, typed, ui).code == code


@pytest.mark.parametrize(
    ("ui", "typed", "code"),
    [
        ("en", "Sudan", "SD"),
        ("fr", "Soudan", "SD"),
        ("en", "السودان", "SD"),
        ("en", "sd", "SD"),
        ("en", "SDN", "SD"),
        ("en", "Eritrea", "ER"),
        ("en", "ኤርትራ", "ER"),
        ("ar", "أفغانستان", "AF"),
        ("en", "Syria", "SY"),
    ],
)
def test_a_country_is_found_by_any_of_its_names(ui: str, typed: str, code: str) -> None:
    assert names.search(names.COUNTRY, typed, ui)[0].code == code
    assert names.resolve(names.COUNTRY, typed, ui).code == code


def test_exact_matches_come_first_and_rare_languages_after_common_ones() -> None:
    found = [e.code for e in names.search(names.LANGUAGE, "arab", "en", limit=10)]
    assert found[0] == "ara"
    assert "arz" in found  # Egyptian Arabic: a dialect staff may want
    assert names.search(names.LANGUAGE, "", "en")  # the list opens on common languages


def test_a_prefix_naming_several_entries_is_not_taken_on_its_own() -> None:
    assert names.resolve(names.COUNTRY, "Sud", "en") is None
    assert names.resolve(names.LANGUAGE, "Sudn", "en") is None


def test_names_are_shown_in_the_interface_language() -> None:
    assert names.display(names.LANGUAGE, "prs", "en") == "Dari"
    assert names.display(names.LANGUAGE, "ara", "fr") == "Arabe"
    assert names.display(names.COUNTRY, "SD", "ar") == "السودان"
    assert names.find(names.LANGUAGE, "ar", "en").label() == "Arabic — العربية (ara)"


def test_one_code_style_for_languages_and_nothing_lost() -> None:
    assert normalise_language("ar") == "ara"
    assert normalise_language("ARA") == "ara"
    assert normalise_language(" prs ") == "prs"
    assert normalise_language("ckb") == "ckb"
    assert normalise_language("xx-dialect") == "xx-dialect"  # kept as written
    assert names.display(names.LANGUAGE, "xx-dialect", "en") == "xx-dialect"


def test_the_shipped_autonyms_are_babels() -> None:
    """autonyms.json is Babel's CLDR data, written by ``python -m app.i18n.names``."""
    shipped = json.loads(names.AUTONYMS_FILE.read_text("utf-8"))
    assert shipped == names.cldr_autonyms()
