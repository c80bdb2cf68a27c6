"""Name rules added for issue 17 after the third labelled name set was reported.

Tuned on every set but the held-out half about to be reported (the fourth's, then the
fifth's); tests/data/README-name-pairs.md has the labelling policy. Each family both ways,
the pairs it must keep apart beside the ones it must join.
"""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD, Profile, blocking_keys
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


def test_sorani_writes_a_doubled_consonant_twice() -> None:
    # Sorani Kurdish has no shadda: عەممار is Ammar, one m doubled.
    assert both_ways("عەممار", "Ammar") >= NAME_THRESHOLD
    assert both_ways("عەممار", "Amar") >= NAME_THRESHOLD


def test_the_article_lam_before_a_lam_stays_one_consonant() -> None:
    assert skeleton("mmdUh", mode="arabic") == "mmdh"  # other letters written twice: two
    assert skeleton("?Allh", mode="arabic") == "lh"  # الله: the two lāms are one
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


# A Cyrillic final й that every transliteration writes: a Latin that ends in e instead is
# another language's form of the name.
@pytest.mark.parametrize(
    ("latin", "cyrillic"), [("Serge", "Сергей"), ("Vasile", "Василий"), ("Andre", "Андрей")]
)
def test_a_latin_final_e_for_a_cyrillic_final_y_is_another_form(latin: str, cyrillic: str) -> None:
    assert both_ways(latin, cyrillic) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Sergey", "Сергей"),
        ("Sergei", "Сергей"),
        ("David", "Давид"),
        ("Rene", "Рене"),
        # Russian writes a Western name without its silent e.
        ("Philippe", "Филип"),
        ("Florence", "Флоранс"),
        ("Steve", "Стів"),
    ],
)
def test_transliterations_of_cyrillic_still_join(latin: str, cyrillic: str) -> None:
    assert both_ways(latin, cyrillic) >= NAME_THRESHOLD


# Arabic script writes a foreign name's p as ب, its v as ف and its e as ي.
@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Peter", "بيتر"),
        ("Pavel", "بافل"),
        ("Vera", "فيرا"),
        ("Vera", "ڤيرا"),  # ڤ: Maghrebi and Gulf spellings
        ("Victor", "فيكتور"),
        ("Stefan", "ستيفان"),
        ("Kristina", "كريستينا"),
    ],
)
def test_a_foreign_name_as_arabic_script_writes_it(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


def test_arabic_letters_for_p_and_v_only_against_arabic_script() -> None:
    assert both_ways("Pavel", "Bafel") < NAME_THRESHOLD
    assert both_ways("Salem", "سليم") < NAME_THRESHOLD  # an Arabic name's e is not ي


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Djamel", "جميل"),  # French dj: Djamel is جمال, not Jamil
        ("Vahed", "وحيد"),  # Persian v is و: Vahed is واحد, not Vahid
    ],
)
def test_arabic_names_are_not_foreign(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) < NAME_THRESHOLD


# ذ written dh, said and written z in Persian, Turkish, Urdu and Bosnian (before a
# consonant only).
@pytest.mark.parametrize(("a", "b"), [("Adhra", "Azra"), ("Adhra", "Азра")])
def test_dh_is_z(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Adham", "Azam"), ("Dhara", "Zara"), ("Gandhi", "Ganzi")])
def test_dh_before_a_vowel_is_not_z(a: str, b: str) -> None:
    # Between vowels dh is as often د + ه; at the start or after a consonant it is the
    # aspirated d of South Asian names.
    assert both_ways(a, b) < NAME_THRESHOLD


# س followed by ح written sh: two letters.
@pytest.mark.parametrize(
    ("a", "b"), [("Ishaq", "إسحاق"), ("Ishak", "إسحاق"), ("Eshagh", "اسحاق"), ("Ishaq", "Исхак")]
)
def test_sh_as_two_letters(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# The Qur'anic spelling without the alef of the long ā: a list, not a rule.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إسحق", "إسحاق"),
        ("إسمعيل", "إسماعيل"),
        ("سليمن", "سليمان"),
        ("هرون", "هارون"),
        ("Ishaq", "إسحق"),
        ("طه", "طاها"),
        ("Taha", "طه"),
    ],
)
def test_quranic_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_alefs_are_not_dropped_in_general() -> None:
    assert both_ways("إيمان", "أيمن") < NAME_THRESHOLD  # Iman, Ayman
    assert both_ways("حسان", "حسن") < NAME_THRESHOLD  # Hassan, Hasan


# In a Latin name of one consonant or none the vowels are most of the name.
@pytest.mark.parametrize(("a", "b"), [("Hui", "Hi"), ("Dau", "Dou"), ("Hae", "He"), ("Ola", "Ula")])
def test_short_latin_names_with_other_vowels_are_other_names(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ali", "Aly"),
        ("Cali", "Ali"),
        ("Isa", "Issa"),
        ("Eva", "Yeva"),
        ("Ayoub", "Ayub"),
        ("So", "Sou"),  # Hepburn's long o
        ("Hao", "Hau"),
        ("Obai", "Obay"),
        ("Xaawo", "Hawa"),  # Somali
    ],
)
def test_short_latin_names_still_join_their_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ishaq", "إسحاق"),
        ("Peter", "بيتر"),
        ("Zeynep", "زينب"),
        ("Mamdouh", "ممدوح"),
        ("إسحق", "إسحاق"),
        ("Midhat", "مدحت"),
        ("Adhra", "Azra"),
    ],
)
def test_the_case_index_finds_them(a: str, b: str) -> None:
    # The search goes through blocking keys: a pair the score joins must share one.
    assert blocking_keys(Profile((a,))) & blocking_keys(Profile((b,)))


# Two Latin spellings whose consonants differ in every reading are another form of the name.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Hubert", "Hubertus"), ("Martin", "Martinian"), ("Konstanty", "Konstantina")],
)
def test_latin_forms_with_other_consonants_are_other_names(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rahmatulla", "Rahmatullah"),  # a final h only
        ("Aleksandr", "Alexander"),
        ("Cabdiraxiin", "Abdirahim"),  # the Somali final n read by the Somali orthography
        ("Khalil", "Khaiil"),  # the l/i slip of a handwritten form
    ],
)
def test_latin_spellings_whose_readings_agree_still_join(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# German writes the j of Arabic, Persian and Turkic names dsch.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Dschamal", "Jamal"), ("Dschamila", "جميلة"), ("Abdulmadschid", "Абдулмаҷид")],
)
def test_german_dsch_is_j(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
    assert blocking_keys(Profile((a,))) & blocking_keys(Profile((b,)))


def test_german_dsch_keeps_other_names_apart() -> None:
    assert both_ways("Dschamal", "Kamal") < NAME_THRESHOLD


# A Latin e for the ي after the first consonant; not for the ي of faʿīl.
@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Betty", "بيتي"), ("Denis", "دينيس"), ("Bergen", "بيرغن"), ("Kenan", "كينان")],
)
def test_a_latin_e_for_the_first_ya(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Salem", "سليم"), ("Hamed", "حميد"), ("Majed", "مجيد"), ("Rashed", "رشيد")],
)
def test_fail_and_fail_patterns_stay_apart(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) < NAME_THRESHOLD
