"""The Arabic diphthong ay written ei or ey between consonants, as Egyptian, Levantine and
French spellings write it (issue 17): Seif = Saif (سيف), Zein = Zain (زين), Zeid = Zaid,
Sheikh = Shaikh. Each scored 0.00 before: a one-syllable Latin name whose vowels differ in
every reading is another name (names._short_vowels_differ), and ei was read only as the
long i of English spellings (Moein, Naeem). Synthetic names only."""

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
