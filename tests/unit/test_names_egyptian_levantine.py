"""Egyptian and Levantine spellings (issue 17). The Arabic diphthong ay written ei or ey
between consonants, as Egyptian, Levantine and French spellings write it: Seif = Saif
(سيف), Zein = Zain (زين), Zeid = Zaid, Sheikh = Shaikh. Each scored 0.00 before: a
one-syllable Latin name whose vowels differ in every reading is another name
(names._short_vowels_differ), and ei was read only as the long i of English spellings
(Moein, Naeem). And the Egyptian g for ج in a compound with ad-Dīn (Gamal Eldin = جمال
الدين, 0.75 before, as جمال alone met Gamal). Synthetic names only."""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD, Profile, score


def both_ways(a: str, b: str) -> float:
    return min(
        score(Profile((a,)), Profile((b,))).name_score,
        score(Profile((b,)), Profile((a,))).name_score,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Seif", "Saif"),
        ("Seif", "Sayf"),
        ("Zein", "Zain"),
        ("Zeid", "Zayd"),
        ("Zeyd", "Zaid"),
        ("Sheikh", "Shaikh"),
        ("Leith", "Laith"),  # ليث
    ],
)
def test_ei_between_consonants_is_the_diphthong_ay(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mei", "Mai"),  # Chinese syllables: not at the end of a word
        ("Lei", "Lai"),
        ("Kei", "Kai"),
        ("Keith", "Qais"),  # English names that say ei as ee
        ("Neil", "Nail"),
        ("Reid", "Raid"),
        ("Seif", "Sef"),
        ("Zein", "Zane"),
    ],
)
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Gamal Eldin", "جمال الدين"),
        ("Gamaleldin", "جمال الدين"),
        ("Ragab Eldin", "رجب الدين"),
        ("Emad Eldin", "عماد الدين"),  # the first half ends in the d of ad-Dīn
        ("Emadeddine", "عماد الدين"),
        ("Saad Eldin", "سعد الدين"),
    ],
)
def test_compounds_with_ad_din_in_egyptian_spelling(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Gamal Eldin", "كمال الدين"),
        ("Kamal Eldin", "جمال الدين"),
        ("Emad Eldin", "عز الدين"),
        ("Saad Eldin", "سعيد الدين"),
        ("Emad", "عماد الدين"),  # a compound's first half alone is another name
    ],
)
def test_kamal_and_jamal_compounds_stay_apart(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) < NAME_THRESHOLD
