"""Languages CLDR does not name in an interface language (issue 12, item 11): named from
``app/i18n/language_names.json`` or by their own name in the reader's script, not in
English ("Levantine Arabic (مفضّلة)" was seen in the Arabic case view)."""

from __future__ import annotations

import json

import pytest

from app.i18n import names

UI_LANGUAGES = ("fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur")


def test_levantine_arabic_is_named_in_arabic_not_english() -> None:
    assert names.display(names.LANGUAGE, "apc", "ar") == "العربية الشامية"
    assert names.display(names.LANGUAGE, "apc", "en") == "Levantine Arabic"


@pytest.mark.parametrize("ui", ["ar", "prs", "ps", "ckb", "ur"])
def test_no_arabic_script_reader_sees_levantine_arabic_in_latin_letters(ui: str) -> None:
    name = names.display(names.LANGUAGE, "apc", ui)
    assert not any("a" <= ch.casefold() <= "z" for ch in name), name


def test_without_a_name_the_autonym_is_shown_when_the_reader_can_read_its_script() -> None:
    # Sorani (ckb) CLDR has no name for Hazaragi; its autonym is in Arabic script.
    assert names.display(names.LANGUAGE, "haz", "ckb") == "هزارگی"
    # A Ukrainian reader gets the English name, not an Arabic-script word.
    assert names.display(names.LANGUAGE, "haz", "uk") == "Hazaragi"


def test_the_data_file_names_its_sources_and_only_shipped_languages() -> None:
    data = json.loads(names.NAMES_FILE.read_text("utf-8"))
    assert data["sources"]
    for code, by_ui in data["names"].items():
        assert names.find(names.LANGUAGE, code, "en") is not None, code
        assert set(by_ui) <= set(UI_LANGUAGES), code
        assert all(text.strip() for text in by_ui.values()), code


def test_a_name_from_the_file_is_found_by_search() -> None:
    found = names.search(names.LANGUAGE, "العربية الشامية", "ar")
    assert found and found[0].code == "apc"
