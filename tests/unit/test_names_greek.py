"""Names written in Greek letters (issue 17). Greece registers most children who reach
Europe through the Aegean, and its police and asylum papers write their names in Greek by
ear: Μοχάμεντ Mohamed, Γιουσέφ Yusef, Αμπντουλάχ Abdullah. Greek has no letters for b, d,
g, j, sh or h and writes them μπ, ντ, γκ, τζ, σ, χ (ELOT 743 / ISO 843's phonetic table).
Before, Greek was read letter by letter (ντ as nt), and each such pair scored 0.00, while
Αχμέντ Ahmed met Χαμίντ Hamid at 1.00. Synthetic names only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import orthography as ortho
from app.domain.duplicates import NAME_THRESHOLD, Profile, blocking_keys
from tests.unit.name_pair_checks import both_ways, registered_then_found


@pytest.mark.parametrize(
    ("greek", "other"),
    [
        ("ΜΟΧΑΜΑΝΤ", "Mohammad"),
        ("Μοχάμεντ", "Mohamed"),
        ("Μοχάμεντ", "محمد"),
        ("ΜΑΧΜΟΥΝΤ", "Mahmood"),
        ("Γιουσέφ", "Youssef"),
        ("Αμπντουλάχ", "Abdullah"),
        ("Ιμπραήμ", "Ibrahim"),  # no h inside a Greek word: the hiatus
        ("Ιμπραήμ", "إبراهيم"),
        ("Χισάμ", "Hisham"),  # σ for sh
        ("Μπασίρ", "Bashir"),
        ("Τζαμάλ", "Jamal"),
        ("Αϊσέ", "Ayşe"),  # the dialytika parts αι
        ("Μουσταφά", "Mustafa"),
        ("Γεώργιος", "Georgios"),  # a Greek name as Greek passports write it
        ("Αντώνης", "Antonis"),
        ("Λάμπρος", "Lambros"),
        ("Ευάγγελος", "Evangelos"),
    ],
)
def test_greek_spelling_meets_the_others(greek: str, other: str) -> None:
    assert both_ways(greek, other) >= NAME_THRESHOLD
    assert blocking_keys(Profile((greek,))) & blocking_keys(Profile((other,)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Αχμέντ", "Χαμίντ"),  # Ahmed / Hamid
        ("ΜΑΧΜΟΥΝΤ", "ΜΟΧΑΜΑΝΤ"),  # Mahmud / Mohammad
        ("Αχμέντ", "Hamid"),
        ("Μαχμούντ", "Mohamed"),
        ("Ελένη", "Helen"),  # cognates of two traditions
    ],
)
def test_different_names_in_greek_stay_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("Αμπντουλάχ", ("abdulakh", "ambndulakh")),
        ("Γιουσέφ", ("yusef",)),
        ("Λάμπρος", ("labros", "lambros")),
        ("Κουσάι", ("kusai",)),  # the accent parts αι
        ("Αϊσέ", ("aise",)),
        ("Ιμπραήμ", ("ibraim", "imbraim", "ibrahim", "ibraem")),  # η also e
    ],
)
def test_greek_readings(word: str, readings: tuple[str, ...]) -> None:
    assert ortho.greek_readings(word) == readings


def test_registered_from_greek_papers_found_in_latin(vault_dir: Path) -> None:
    """Through the vault's own index: a child registered from Greek police papers as
    Μοχάμεντ is found when a German clerk types Mohamed, and Γιουσέφ when typed يوسف."""
    registered_then_found(vault_dir, (("Μοχάμεντ", "Mohamed"), ("Γιουσέφ", "يوسف")), age=16)


@pytest.mark.parametrize(
    ("greek", "other"),
    [
        ("Ευστάθιος", "Efstathios"),  # ευ before a voiceless consonant is ef
        ("Ευφροσύνη", "Effrosyni"),
        ("Ζωή", "Zoe"),
        ("Ουαλίντ", "Walid"),  # ου before a vowel is w
        ("Ουασίμ", "Wasim"),
        ("Αχμέτ", "Ahmed"),  # a final τ, the Turkish spelling's devoiced d
        ("Μουράτ", "Murad"),
        ("Μοχάμεντ", "Μοχάμετ"),
        ("Ζωή", "Zoé"),  # η read e as well, as the Western forms write it
        ("Ναντζίμπ", "Najib"),  # ντζ is j
    ],
)
def test_greek_after_a_second_reader(greek: str, other: str) -> None:
    assert both_ways(greek, other) >= NAME_THRESHOLD


def test_elot_743() -> None:
    assert ortho.elot_743("Γεώργιος") == "georgios"
    assert ortho.elot_743("Ευστάθιος") == "efstathios"
    assert ortho.elot_743("Ευάγγελος") == "evaggelos"  # passports: Evaggelos
    assert ortho.elot_743("Μπάμπης") == "bampis"
