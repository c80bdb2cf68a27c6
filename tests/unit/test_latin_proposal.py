"""R3: the Latin spelling proposed for an Arabic-script name is readable ([R2]: only a
proposal, the officer edits it). Known names take their common spelling; others are
spelled out letter by letter (names._spell_out: ال is "Al-", ى ا ة are "a", و ي between
consonants are the long vowels u i; short vowels are not guessed)."""

from __future__ import annotations

import pytest

from app.domain.names import propose_latin
from app.services import cases


def test_salma_al_nour_from_the_walkthrough() -> None:
    assert cases.propose_latin("سلمى النور") == "Salma Al-Nour"


def test_known_spelling_is_kept() -> None:
    assert cases.propose_latin("محمد") == "Mohammed"


@pytest.mark.parametrize(
    ("name", "proposal"),
    [
        ("النور", "Al-Nur"),  # the article, then the word spelled out
        ("سلمى", "Slma"),  # ى is a; the short vowel after s is not guessed
        ("عائشة", "Aisha"),  # ع not written, ئ i, ش sh, ة a
        ("منصور", "Mnsur"),  # و between consonants is a long u
        ("جميلة", "Jmila"),  # ي between consonants is a long i
        ("زياد", "Zyad"),  # ي before ا is a consonant
        ("وائل", "Wail"),  # و at the start is a consonant
        ("مُحَمَّد", "Muhammad"),  # typed harakat and shadda are used
        ("البغدادي", "Al-Bghdadi"),
        ("الله", "Allah"),
    ],
)
def test_letter_by_letter_fallback(name: str, proposal: str) -> None:
    assert propose_latin(name, {}) == proposal


def test_article_before_a_known_name() -> None:
    assert propose_latin("النور", {"نور": "Nour"}) == "Al-Nour"


@pytest.mark.parametrize(
    ("name", "proposal"),
    [
        # ʿAbd + the article + a name of God, in two words or one: one Latin word, as the
        # table writes its compounds (it was "Bd Al-Karim": the ʿayn unwritten).
        ("عبد الكريم", "Abdulkarim"),
        ("عبدالكريم", "Abdulkarim"),
        ("عبدالله", "Abdullah"),
        ("عبد", "Abd"),
    ],
)
def test_abd_compounds(name: str, proposal: str) -> None:
    assert propose_latin(name, {"كريم": "Karim"}) == proposal
