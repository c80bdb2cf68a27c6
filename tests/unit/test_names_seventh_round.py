"""Name rules added for issue 17 after the sixth labelled name set was reported.

Tuned on every set but the seventh's held-out half (tests/data/README-name-pairs.md has the
labelling policy). Each family both ways, the pairs it must keep apart beside the ones it
must join. The pairs to join are taken from the standards' own tables where they have one
(ISO 3602's Kunrei-shiki and Hepburn columns, Polivanov's table, Gilyarevsky's English
table, the Latvian endings of Cabinet Regulation No. 114).
"""

from __future__ import annotations

import pytest

from app.domain import orthography as ortho
from app.domain.duplicates import NAME_THRESHOLD
from tests.unit.test_names_families import both_ways


# Kunrei-shiki (ISO 3602) against Hepburn, and the long vowels written ō, ou, oo, uu or,
# in Japanese passports, oh.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chiyoko", "Tiyoko"),  # chi = ti
        ("Tsutomu", "Tutomu"),  # tsu = tu
        ("Fumiko", "Humiko"),  # fu = hu
        ("Shuichi", "Syuiti"),  # shu = syu
        ("Shinji", "Sinzi"),  # ji = zi
        ("Kōji", "Kohji"),  # the passport's oh for ō
        ("Kouji", "Kohji"),
        ("Shōta", "Shouta"),
        ("Yūko", "Yuuko"),
        ("Ichirō", "Itiroo"),
    ],
)
def test_japanese_romanizations_of_one_name(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Known gap, not tested: Yūko / Yōko still meet, by the o written for u in the
        # Latin spellings of Arabic names (Mohamed / Muhammad), which the Latin letters
        # alone cannot tell from a Japanese name's.
        ("Kenji", "Kenta"),
        ("Juma", "Zuma"),  # ji and zi are one mora in Kunrei, j and z are not one letter
        ("Shota", "Shohei"),
    ],
)
def test_japanese_names_kept_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_japanese_reading_only_for_words_of_japanese_morae() -> None:
    assert ortho.japanese_reading("kohji") == "koji"
    assert ortho.japanese_reading("ichiro") == ortho.japanese_reading("itiro") == "itiro"
    assert ortho.japanese_reading("hattori") == "hattori"  # the sokuon
    assert ortho.japanese_reading("walter") == ""  # l is no Japanese consonant
    assert ortho.japanese_reading("hu") == ""  # one mora: Chinese Hu is not Fu


# Polivanov's Cyrillic for Japanese names (си, ти, цу, дзи; оу for a long o).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Кэндзи", "Kenji"),
        ("Дзюнко", "Junko"),
        ("Тиёко", "Chiyoko"),
        ("Цутому", "Tsutomu"),
        ("Коудзи", "Kōji"),
        ("Фудзиоу", "Fujio"),
    ],
)
def test_polivanov_cyrillic_against_hepburn(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Russian writes the English w before a vowel у (Gilyarevsky and Starostin 1985).
@pytest.mark.parametrize(
    ("a", "b"),
    [("Уильям", "William"), ("Уолтер", "Walter"), ("Уэсли", "Wesley"), ("Уинстон", "Winston")],
)
def test_english_w_in_russian(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Уинстон", "Vinston"), ("Уолтер", "Valter")])
def test_russian_u_for_w_is_not_a_v(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Latvian endings on foreign names, read off where the spelling is plainly Latvian.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aleksejs", "Алексей"),
        ("Andrejs", "Andrey"),
        ("Leonīds", "Леонид"),
        ("Stīvs", "Steve"),
        ("Vasilijs", "Vasiliy"),
    ],
)
def test_latvian_endings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Hans", "Han"), ("Anders", "Ander"), ("Lars", "Lar")])
def test_a_final_s_without_latvian_letters_is_kept(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# A glide and its vowel (ya, yu, ye, yo) keep their vowel: before, the run counted as any
# vowel.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nastya", "Nastia"),
        ("Lyuba", "Luba"),
        ("Аляксей", "Алексей"),  # Belarusian я for the unstressed e
        ("Mariya", "Maria"),
        ("Maryam", "Mariam"),
    ],
)
def test_a_glide_and_its_vowel_join_its_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Han", "Hanjo"), ("Jyun", "Jyàn"), ("Alesya", "Aliès"), ("Дионисий", "Дэніс")],
)
def test_a_glide_keeps_its_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Arabic script's ي or و written before a long vowel letter is a glide every Latin spelling
# writes (داريا Dariya); before, the run counted as any vowel.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dariya", "داريا"),
        ("Daria", "داريا"),
        ("Katya", "كاتيا"),
        ("Daniel", "دانيال"),  # a Latin ie is two vowels too
        ("Fabien", "فابيان"),
        ("Marwan", "مروان"),
    ],
)
def test_an_arabic_glide_joins_latin_glides(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Darcy", "داريا"), ("Ketty", "كاتيا"), ("Layne", "ليان"), ("Byron", "بيارن")]
)
def test_an_arabic_glide_is_not_one_latin_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Sorani Kurdish writes the short vowels (ە) and a doubled consonant twice; Arabic neither.
@pytest.mark.parametrize(
    ("a", "b"), [("رفعت", "رەفعەت"), ("حمد", "حەمەد"), ("عمار", "عەممار"), ("محمود", "مەحموود")]
)
def test_sorani_against_arabic_script(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("حامد", "حەمەد"), ("رفعت", "رەفیعەت")])
def test_sorani_vowels_are_not_arabic_long_vowels(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Hungarian letters against the Russian transcription of Hungarian names.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gyula", "Дьюла"),
        ("Sándor", "Шандор"),
        ("Csilla", "Чилла"),
        ("Zsuzsanna", "Жужанна"),
        ("Erzsébet", "Эржебет"),
        ("Frigyes", "Фридьеш"),
    ],
)
def test_hungarian_orthography(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_hungarian_reading_needs_a_hungarian_letter() -> None:
    assert ortho.hungarian_reading("Zsuzsanna") == "zhuzhanna"
    assert ortho.hungarian_reading("Szilárd") == "silard"  # sz is s, s alone sh
    assert ortho.hungarian_reading("Sandra") == ""  # no Hungarian digraph: English s
    assert ortho.hungarian_reading("Kelly") == ""


# Two Latin names of one syllable each: the vowels are most of the name.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Tian", "Tuan"), ("Dang", "Dong"), ("Bess", "Boß"), ("Geng", "Gōng"), ("Saad", "Said")],
)
def test_one_syllable_names_with_other_vowels_are_other_names(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Naeem", "Naim"),  # ee, ei: the long i of English spellings
        ("Saeed", "Said"),
        ("Moeen", "Moein"),
        ("Roey", "Roy"),
        ("Geun", "Gŭn"),  # Korean eu (Revised Romanization) and ŭ (McCune-Reischauer)
        # Known gap: Seong / Song (eo and ŏ) do not meet: eo reads as two vowels in hiatus.
    ],
)
def test_one_syllable_names_with_one_vowel_spelt_two_ways(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def _as_registered(name: str):
    """The duplicate profile of a case registered with this given name, with the Latin
    Harbour proposes for another script (the path harbour case add takes)."""
    import datetime as dt

    from app.domain.case import CaseDraft
    from app.services.lookup import propose_missing_latin
    from app.storage.case_index import profile_of

    draft = propose_missing_latin(CaseDraft.model_validate({"names": {"given": name}}))
    return profile_of(draft, dt.date(2026, 11, 28))


# Harbour's proposed Latin of a Cyrillic name keeps the Cyrillic's ending rules: compared
# as two Latin spellings, Иоланда's proposal met the French and German Jolande.
@pytest.mark.parametrize(
    ("typed", "cyrillic"), [("Jolande", "Иоланда"), ("Serge", "Сергей"), ("Pauline", "Паулина")]
)
def test_a_proposal_keeps_the_cyrillic_ending(typed: str, cyrillic: str) -> None:
    from app.domain.duplicates import score

    assert score(_as_registered(typed), _as_registered(cyrillic)).name_score < NAME_THRESHOLD
    assert score(_as_registered(cyrillic), _as_registered(typed)).name_score < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("typed", "cyrillic"), [("Yolanda", "Иоланда"), ("Sergey", "Сергей"), ("Paulina", "Паулина")]
)
def test_a_proposal_still_meets_a_transliteration(typed: str, cyrillic: str) -> None:
    from app.domain.duplicates import score

    assert score(_as_registered(typed), _as_registered(cyrillic)).name_score >= NAME_THRESHOLD


# Belarusian цеканне before a soft consonant cluster too: Мацвей = Матвей.
@pytest.mark.parametrize(("a", "b"), [("Matsvey", "Matvey"), ("Matsvey", "Матвей")])
def test_belarusian_ts_before_a_soft_v(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
