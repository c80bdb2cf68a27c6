"""Vowels a spelling writes that the other contradicts, and feminine endings (issue 17):
false matches found on the population lists' tuning pairs. Synthetic names only."""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD
from tests.unit.name_pair_checks import both_ways, share_a_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إكرام", "Akram"),  # Ikram, not Akram أكرم
        ("إيناس", "Anas"),  # Inas, not Anas أنس
        ("إيمان", "Aman"),
        ("رنا", "Rania"),  # Rana: Rania's i before a vowel is a ي
        ("Azad", "Azadeh"),  # Persian feminine -eh
        ("Farid", "Farideh"),
        ("Mahdi", "Mahdieh"),
        ("Jamil", "Jamileh"),
        ("Cəmil", "Cəmilə"),  # Azerbaijani feminine -ə
        ("Kamil", "Kamilə"),
    ],
)
def test_other_names_are_kept_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إكرام", "Ikram"),
        ("إكرام", "Ekram"),
        ("إيمان", "Iman"),
        ("إيمان", "Eman"),
        ("إبراهيم", "Ibrahim"),
        ("إبراهيم", "Ebrahim"),
        ("رانيا", "Rania"),
        ("رابعة", "Rabia"),  # the i before an ʿayn, not a ي
        ("جمال", "Giamal"),  # Italian gi
        ("سمية", "Sumaia"),
        ("آية", "Aya"),
        ("زياد", "Ziad"),
        ("Jamila", "Jamileh"),
        ("Zahra", "Zahreh"),
        ("Cəmilə", "Jamila"),
    ],
)
def test_spellings_of_one_name_still_meet(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kibrom", "Kbrom"),
        ("Kiflom", "Kflom"),
        ("Tirhas", "Trhas"),
        ("Natsinet", "Natsnet"),
        ("Fitsum", "Ftsum"),
        ("Mihret", "Mhret"),
    ],
)
def test_the_tigrinya_sixth_order_vowel_written_or_left_out(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
    assert share_a_key(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Amina", "Amna"),
        ("Salima", "Salma"),
        ("Rahima", "Rahma"),
        ("Petir", "Petr"),
        # An i left out where no Ethiopic cluster shows (a second reader's findings).
        ("Nasirullah", "Nasrullah"),
        ("Rahimah", "Rahmah"),
        ("Fahimi", "Fahmi"),
        ("Hamidi", "Hamdi"),
    ],
)
def test_an_i_that_makes_another_name_is_not_the_sixth_order_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("sorani", "arabic"),
    [
        ("عومەر", "عمر"),  # the short u Sorani writes with a single و
        ("موحەممەد", "محمد"),
        ("مەحموود", "محمود"),  # its long u, وو
        ("مستەفا", "مصطفى"),  # plain letters for emphatic ones, ا for the final ى
        ("عەبدوڵڵا", "عبدالله"),  # Allah as Sorani spells it
        ("نەسروڵڵا", "نصرالله"),
    ],
)
def test_sorani_spells_the_vowels_arabic_leaves_out(sorani: str, arabic: str) -> None:
    assert both_ways(sorani, arabic) >= NAME_THRESHOLD
    assert share_a_key(sorani, arabic)


@pytest.mark.parametrize(
    ("sorani", "arabic"),
    [("مەحموود", "محمد"), ("عومەر", "عمرو"), ("سەعید", "سعد"), ("حوسێن", "حسن")],
)
def test_sorani_spellings_of_other_names_stay_apart(sorani: str, arabic: str) -> None:
    assert both_ways(sorani, arabic) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("georgian", "latin"),
    [("დავითი", "Davit"), ("თამარი", "Tamar"), ("მარიამი", "Mariam"), ("გიორგი", "Giorgi")],
)
def test_georgian_nominative_i_left_off_on_papers(georgian: str, latin: str) -> None:
    assert both_ways(georgian, latin) >= NAME_THRESHOLD
    assert share_a_key(georgian, latin)


def test_armenian_feminine_uhi() -> None:
    assert both_ways("Tigran", "Tigranuhi") < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Олександр", "Александр"),
        ("Олена", "Елена"),
        ("Іван", "Иван"),
        ("Умар", "Омар"),
        # Arabic and Persian names in Cyrillic write their first vowel either way (a first-
        # vowel check parted these, and was taken out after a second reader's findings).
        ("Исмаил", "Эсмаил"),
        ("Ёсин", "Ясин"),
    ],
)
def test_first_vowels_that_spell_one_name_in_cyrillic(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
