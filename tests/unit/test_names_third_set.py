"""Name rules added for issue 17 after the third labelled name set was reported.

Tuned on every set but the fourth's held-out half (tests/data/README-name-pairs.md has the
labelling policy). Each family both ways, the pairs it must keep apart beside the ones it
must join.
"""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD
from app.domain.names import skeleton
from tests.unit.test_names_families import both_ways


# Arabic script writes a doubled consonant once (with a shadda): one letter written twice
# is two consonants with a vowel between. Both of these scored 0 before.
@pytest.mark.parametrize(
    ("a", "b"),
    [("ممدوح", "Mamdouh"), ("ممدوح", "Memduh"), ("ممتاز", "Mumtaz"), ("ممتاز", "Momtaz")],
)
def test_one_arabic_letter_written_twice_is_two_consonants(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_the_article_lam_before_a_lam_stays_one_consonant() -> None:
    assert skeleton("mmdUh", mode="arabic") == "mmdh"
    assert both_ways("عبدالله", "Abdullah") >= NAME_THRESHOLD
    assert both_ways("عبد اللطيف", "Abdullatif") >= NAME_THRESHOLD
    assert both_ways("ممدوح", "Mahmoud") < NAME_THRESHOLD


# Turkish writes the final b of an Arabic loanword devoiced, as p (Lewis, Turkish Grammar).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zeynep", "زينب"),
        ("Zeynep", "Zaynab"),
        ("Recep", "رجب"),
        ("Recep", "Rajab"),
        ("Habip", "Habib"),
        ("Necip", "نجيب"),
    ],
)
def test_turkish_final_p_is_b(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_turkish_final_p_keeps_other_names_apart() -> None:
    assert both_ways("Zeynep", "زينة") < NAME_THRESHOLD  # Zina
    assert both_ways("Recep", "رجاء") < NAME_THRESHOLD  # Raja


# د followed by ه or ح written dh: two letters, not the digraph of ذ.
@pytest.mark.parametrize(
    ("a", "b"), [("Adham", "أدهم"), ("Midhat", "مدحت"), ("Medhat", "مدحت"), ("Fethi", "فتحي")]
)
def test_dh_and_th_as_two_letters(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_dh_as_two_letters_keeps_other_names_apart() -> None:
    assert both_ways("Medhat", "محمد") < NAME_THRESHOLD


# Cyrillic writes every vowel: a Latin final e it lacks is another language's form.
@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Serge", "Сергей"), ("Cyrille", "Кирилл"), ("Davide", "Давид"), ("Vasile", "Василий")],
)
def test_a_latin_final_e_the_cyrillic_lacks_is_another_form(latin: str, cyrillic: str) -> None:
    assert both_ways(latin, cyrillic) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Sergey", "Сергей"), ("David", "Давид"), ("Rene", "Рене"), ("Kirill", "Кирилл")],
)
def test_transliterations_of_cyrillic_still_join(latin: str, cyrillic: str) -> None:
    assert both_ways(latin, cyrillic) >= NAME_THRESHOLD


# In a Latin name of one consonant or none the vowels are most of the name.
@pytest.mark.parametrize(("a", "b"), [("Hui", "Hi"), ("Dau", "Dou"), ("Hae", "He"), ("Ola", "Ula")])
def test_short_latin_names_with_other_vowels_are_other_names(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ali", "Aly"), ("Cali", "Ali"), ("Isa", "Issa"), ("Eva", "Yeva"), ("Ayoub", "Ayub")],
)
def test_short_latin_names_still_join_their_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
