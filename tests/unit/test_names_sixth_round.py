"""Name rules added for issue 17 after the fifth labelled name set was reported.

Tuned on every set but the sixth's held-out half (tests/data/README-name-pairs.md has the
labelling policy). Each family both ways, the pairs it must keep apart beside the ones it
must join.
"""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD
from app.domain.names import propose_latin, skeleton
from tests.unit.test_names_families import both_ways


# A final -o against -a between spellings that write vowels is the masculine and the
# feminine name of the Romance and Slavic languages, not a spelling. Each scored >= 0.99.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Paolo", "Paola"),
        ("Redento", "Redenta"),
        ("Cândido", "Candida"),
        ("Nazzareno", "Nazzarena"),
        ("Бойко", "Bojka"),  # Latin against Cyrillic too
        ("Павло", "Pavla"),
    ],
)
def test_a_final_o_against_a_is_the_other_gender(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Данила", "Данило"),  # Russian masculine -a, Ukrainian -o: one name
        ("Гаврила", "Гаврило"),
        ("Faadumo", "Fatuma"),  # Somali writes the Arabic feminine ending -o
        ("Xaliimo", "Halima"),
        ("Xaawo", "Hawa"),
        ("Paolo", "Paulo"),  # the final vowel agrees: still one name
    ],
)
def test_a_final_o_against_a_is_kept_where_it_is_one_name(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A final -lah after a consonant is the feminine ending, not Allah: Ablah scored 0
# against عبلة because its h was kept as a consonant.
def test_a_final_lah_after_a_consonant_is_the_feminine_ending() -> None:
    assert skeleton("ablah") == skeleton("abla")
    assert both_ways("Ablah", "عبلة") >= NAME_THRESHOLD
    assert both_ways("Ablah", "Abla") >= NAME_THRESHOLD


@pytest.mark.parametrize("latin", ["Abdullah", "Abdulah", "Abdallah", "Fadlallah", "Nasrallah"])
def test_allah_keeps_its_h(latin: str) -> None:
    assert skeleton(latin.lower()).endswith("h")  # the h of Allah, not a vowel


@pytest.mark.parametrize(
    ("a", "b"),
    [("Abdullah", "عبد الله"), ("Abdulah", "عبدالله"), ("Nasrallah", "نصر الله")],
)
def test_allah_compounds_still_match(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# The name after ʿAbd is one of God's names, spelled as the Qur'an spells it: al-Malik is
# الملك with no long vowel, so the Latin i before its last consonant is no sign of
# another name (it scored 0.70).
def test_abd_al_malik_written_apart_matches_its_latin_compound() -> None:
    assert both_ways("Abdulmalik", "عبد الملك") >= NAME_THRESHOLD
    assert both_ways("Abdelmalek", "عبد الملك") >= NAME_THRESHOLD


def test_the_name_patterns_still_hold_outside_abd() -> None:
    # Karim is كريم (faʿīl writes its ī), not كرم Karam.
    assert both_ways("Karim", "كرم") < NAME_THRESHOLD
    assert both_ways("Hamid", "حمد") < NAME_THRESHOLD


# Three consonants in a row make a foreign name (no Arabic syllable has them), which the
# Arabic name patterns say nothing of: كرستن Kerstin scored 0.70.
def test_a_foreign_name_with_three_consonants_in_a_row_is_not_patterned() -> None:
    assert both_ways("Kerstin", "كرستن") >= NAME_THRESHOLD
    assert both_ways("Karim", "كرم") < NAME_THRESHOLD  # two consonants: patterned still


# Polish spellings of East Slavic names: ż is ж (it read as z: Żaneta scored 0 against
# Жанета), and a final -ja after a consonant is -ия / -ія / -ыя, its c the ts.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Żaneta", "Жанета"),
        ("Bożena", "Божена"),
        ("Róża", "Ружа"),
        ("Patrycja", "Патрыцыя"),
        ("Patrycja", "Патриція"),
        ("Felicja", "Фелиция"),
        ("Łucja", "Луция"),
    ],
)
def test_polish_spellings_of_east_slavic_names(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_polish_spellings_keep_other_names_apart() -> None:
    assert both_ways("Żaneta", "Зинаида") < NAME_THRESHOLD
    assert both_ways("Patrycja", "Петро") < NAME_THRESHOLD
    assert both_ways("Felicja", "Фелікс") < NAME_THRESHOLD  # Felix, another name
    # After a vowel the j is the glide: Maja is Майя, read as before.
    assert both_ways("Maja", "Майя") >= NAME_THRESHOLD


# Ethiopic writes every vowel by the order of its letter (ä u i a e ə o): its vowels are
# compared with a Latin spelling's, as two vowel-writing scripts'. Before, any Latin
# vowels matched (ሰሚር Semir scored 1.0 against Samira, ሩታ Ruta against Rita).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ሰላም", "Selim"),  # ላ is la: Selam, not Selim
        ("ሳባ", "Sabi"),  # a final ባ is ba
        ("ሩታ", "Rita"),  # ሩ is ru
        ("ሰሚር", "Samira"),  # the Latin feminine -a: another name
        ("ሄለን", "Helena"),
    ],
)
def test_ethiopic_vowels_keep_other_names_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ሰላም", "Selam"),
        ("ሰላም", "Salam"),  # the first order ä is written e or a
        ("ብርሃነ", "Berhane"),
        ("ብርሃነ", "Birhane"),  # the sixth order ə is written e, i or nothing
        ("ብርሃነ", "Brhane"),
        ("መስፍን", "Mesfin"),
        ("ወልደ", "Wolde"),  # ä after w written o
        ("ተስፋይ", "Tesfay"),
        ("ተስፋይ", "Tesfaye"),
        ("ዮሃንስ", "Yohannes"),
        ("ሙሴ", "Mussie"),  # the fifth order e written ie
        ("ኣብርሃም", "Abraham"),  # an a for the sixth order costs a little
    ],
)
def test_ethiopic_spellings_still_match(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# The Ethiopic word's last letter says its final vowel; the Latin must end in it (a Latin
# reading with a silent final e hid it: ዘውዱ Zewdu met Zewde, ብርሃን Berhan met Berhanu).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ዘውዱ", "Zewde"),
        ("ብርሃን", "Berhanu"),
        ("ብርሃነ", "Birhanu"),
        ("ውበት", "Webete"),  # a sixth-order ት ends in t
        ("ወሰን", "Wessene"),
    ],
)
def test_ethiopic_final_vowels_keep_other_names_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ተገኘ", "Tegegne"),  # ñ written gn
        ("ዳኘው", "Dagnew"),
        ("ስመኝ", "Semegn"),
        ("ጉበኛ", "Gubegna"),
        ("መኮንን", "Mekonnen"),  # two letters of one consonant: two syllables
        ("መክብብ", "Mekbib"),
        ("አንተነህ", "Anteneh"),  # a final ህ is written h
        ("መኩሪያ", "Mekuria"),  # ሪያ written ria
        ("ኪዳነ", "Kidan"),  # a final ä may go unwritten
        ("ሙሴ", "Mussie"),
    ],
)
def test_ethiopic_spellings_of_endings_and_letters(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_harbours_own_reading_of_an_ethiopic_name_is_not_compared_as_latin() -> None:
    # A case registered as ዘውዱ with no Latin typed gets the proposal "Zewdu"; compared as
    # Latin it let Zewde through (0.84 end to end). The original alone decides.
    from app.domain.duplicates import Profile, score

    registered = Profile(names=("ዘውዱ ሃይለ", propose_latin("ዘውዱ ሃይለ")))
    assert registered.names[1] == "Zewdu Haile"
    assert score(registered, Profile(names=("Zewde Haile",))).name_score < NAME_THRESHOLD
    assert score(registered, Profile(names=("Zewdu Haile",))).name_score >= NAME_THRESHOLD
    # A Latin spelling somebody typed is compared as it is.
    typed = Profile(names=("ዘውዱ ሃይለ", "Zewde Haile"))
    assert score(typed, Profile(names=("Zewde Haile",))).name_score >= NAME_THRESHOLD
