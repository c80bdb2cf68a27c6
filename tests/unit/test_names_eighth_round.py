"""Name rules added for issue 17 after the seventh labelled name set was reported.

Tuned on every set but the eighth's held-out half (tests/data/README-name-pairs.md has the
labelling policy). Each family both ways, the pairs it must keep apart beside the ones it
must join; the letters come from the Belarusian national transliteration (2007) and the
Russian practice of writing Latin qu as кв.
"""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD
from tests.unit.test_names_families import both_ways


# Belarusian ў is the non-syllabic u: Belarusian writes it for the v or w of a foreign
# name, and a Latin spelling of that name keeps its v or w.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Паўле", "Pavle"), ("Конўэй", "Konvejs"), ("Паўлюк", "Pavliuk"), ("Даўід", "David")],
)
def test_belarusian_short_u_for_v_or_w(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Russian and Ukrainian write the qu of Latin and Italian names кв.
@pytest.mark.parametrize(("a", "b"), [("Квинто", "Quinto"), ("Квинтилиан", "Quintilian")])
def test_latin_qu_is_cyrillic_kv(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A v still needs a v, w, ў or qu on the other side (Silvia is not Сила).
@pytest.mark.parametrize(("a", "b"), [("Silvia", "Сила"), ("Quinto", "Кинта"), ("Pavle", "Пале")])
def test_a_v_nothing_answers_keeps_names_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Belarusian writes an unstressed o as a (akanne), so a Belarusian final а may be a
# foreign final o; Russian and Ukrainian keep the o, so their final а is another name.
def test_belarusian_final_a_for_o() -> None:
    assert both_ways("Аўрэліа", "Aurelio") >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Аурелиа", "Aurelio"), ("Паола", "Paolo"), ("Павла", "Pavlo")]
)
def test_a_russian_final_a_is_not_an_o(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# The Arabic article written joined on one side only, both in Arabic script, as the Latin
# readings already drop it (Al-Rashid = Rashid).
@pytest.mark.parametrize(
    ("a", "b"), [("الخلوصي", "خلوصي"), ("الهاشمي", "هاشمي"), ("الرشيد", "رشيد")]
)
def test_arabic_article_on_one_side_in_arabic_script(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not when the alif-lām is the name's own (الياس Ilyas), nor with the letters otherwise
# apart (راشد / الرشيد: Rashid and Rashid with another vowel letter).
@pytest.mark.parametrize(("a", "b"), [("الياس", "ياس"), ("راشد", "الرشيد")])
def test_alif_lam_of_the_name_itself_is_kept(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Latvian adds the nominative -s to a foreign masculine name ending in a consonant
# (Cabinet Regulation No. 114, 2004); Russian, Ukrainian and Belarusian do not.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Mikaels", "Микаэль"), ("Leitons", "Лейтон"), ("Eduards", "Едуард"), ("Alberts", "Алберт")],
)
def test_latvian_nominative_s_against_cyrillic(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not between two Latin spellings, and not where the Cyrillic ends in a vowel (the stem
# ends in a consonant).
@pytest.mark.parametrize(("a", "b"), [("Hans", "Han"), ("Alberts", "Albert"), ("Charls", "Чарли")])
def test_latvian_nominative_only_where_it_can_be(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_an_s_the_cyrillic_writes_still_meets_it() -> None:
    assert both_ways("Marks", "Маркс") >= NAME_THRESHOLD


# German writes ц z, before w too at the start of a word (Duden's transcription of
# Russian and Bulgarian: Zwetan, Zwetajewa); a Latin z elsewhere at the start is з.
def test_german_zw_is_tsv() -> None:
    assert both_ways("Zwetan", "Цветан") >= NAME_THRESHOLD
    assert both_ways("Zoran", "Цоран") < NAME_THRESHOLD


# Jana and Hana are two Czech names: no reading may make a j an h between Latin spellings
# (a Spanish reading of j as х would, so Harbour does not read one).
def test_jana_is_not_hana() -> None:
    assert both_ways("Jana", "Hana") < NAME_THRESHOLD


# Three vowel letters in a row are two syllables at least, not one vowel: a syllable more
# than a single vowel in another spelling that writes its vowels.
@pytest.mark.parametrize(
    ("a", "b"), [("Naiara", "Нара"), ("Marin", "Маріянне"), ("Romana", "Романія")]
)
def test_three_vowel_letters_are_not_one_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# A run of vowels that stands for any vowel is still a vowel: between two spellings that
# write vowels, not nothing (the -ique, -oy, -yja, -oj endings of another form).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Frédéric", "Frédérique"),
        ("Saroj", "Сар"),
        ("Gulshan", "Gulshanoy"),
        ("Wiktor", "Wiktoryja"),
    ],
)
def test_a_vowel_run_is_not_no_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# What the two rules leave alone: vowel runs against vowels, and Arabic script, which
# does not write short vowels.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Louis", "Луис"), ("Mikhail", "Михаил"), ("Naiara", "Nayara"), ("Saeed", "سعيد")],
)
def test_vowel_runs_still_meet_their_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A dotted final ی may be the alif maqṣūra in the Persian reading of ض as z too.
@pytest.mark.parametrize(("a", "b"), [("Morteza", "مرتضی"), ("Murtaza", "مرتضی")])
def test_persian_maqsura_with_z_for_dad(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Romanian closes a masculine name ending in a stop and r with -u; a Moldovan child's
# Russian papers do not write it.
@pytest.mark.parametrize(("a", "b"), [("Alexandru", "Александр"), ("Petru", "Петр")])
def test_romanian_final_u_after_a_stop_and_r(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not after a vowel before the r (Ender is not Эндру, Andrew), nor a vowel elsewhere.
@pytest.mark.parametrize(("a", "b"), [("Ender", "Эндру"), ("Demeter", "Demetru")])
def test_no_romanian_u_after_a_vowel_and_r(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD
