"""How a possible duplicate is scored and explained ([R5]), one fact per test.

The scorer's formula (app/domain/duplicates.py): 0.68 x name + 0.22 x birth + 0.10 x
nationality; birth is 1.0 for the same exact date, 0.9 / 0.7 / 0.4 / 0 for birth years
0 / 1 / 2 / more apart and 0.5 when unknown; nationality 1.0 shared, 0.2 not, 0.5 unknown;
a different sex halves the total, birth years more than 4 apart take 30 % off. A pair
is a candidate from 0.62 with a name score from 0.55. The tests below state that
formula at its edges; mutation testing (tools/mutation.py) changed each of these numbers
with every other test green.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.duplicates import (
    NAME_THRESHOLD,
    Candidate,
    Profile,
    blocking_keys,
    effective_birth,
    is_candidate,
    score,
)

NAME = ("Dawit Kidane",)


def expected(birth: float, nationality: float = 0.5, factor: float = 1.0) -> float:
    return round(min(1.0, (0.68 * 1.0 + 0.22 * birth + 0.10 * nationality) * factor), 4)


@pytest.mark.parametrize(
    ("a", "b", "birth", "factor"),
    [
        (dict(birth_date=dt.date(2010, 3, 4)), dict(birth_date=dt.date(2010, 3, 4)), 1.0, 1),
        (dict(birth_date=dt.date(2010, 3, 4)), dict(birth_date=dt.date(2010, 3, 5)), 0.9, 1),
        (dict(birth_year=2010), dict(birth_year=2010), 0.9, 1),
        (dict(birth_year=2010), dict(birth_year=2011), 0.7, 1),
        (dict(birth_year=2012), dict(birth_year=2010), 0.4, 1),
        (dict(birth_year=2010), dict(birth_year=2013), 0.0, 1),
        (dict(birth_year=2010), dict(birth_year=2014), 0.0, 1),  # 4 apart: no penalty yet
        (dict(birth_year=2010), dict(birth_year=2015), 0.0, 0.7),  # 5 apart
        (dict(birth_year=2010), {}, 0.5, 1),  # unknown on one side
        ({}, {}, 0.5, 1),
        # 1 January stands for "only the year is known": same year, not same date
        (dict(birth_date=dt.date(2010, 1, 1)), dict(birth_date=dt.date(2010, 1, 1)), 0.9, 1),
    ],
)
def test_birth_part_of_the_score(a: dict, b: dict, birth: float, factor: float) -> None:
    assert score(Profile(NAME, **a), Profile(NAME, **b)).score == expected(birth, factor=factor)


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [({"SY"}, {"SY", "TR"}, 1.0), ({"SY"}, {"AF"}, 0.2), ({"SY"}, set(), 0.5)],
)
def test_nationality_part_of_the_score(a: set, b: set, nationality: float) -> None:
    got = score(
        Profile(NAME, nationalities=frozenset(a)), Profile(NAME, nationalities=frozenset(b))
    )
    assert got.score == expected(0.5, nationality)


def test_a_different_sex_halves_the_score() -> None:
    got = score(Profile(NAME, sex="female"), Profile(NAME, sex="male"))
    assert got.score == expected(0.5, factor=0.5)
    assert score(Profile(NAME, sex="female"), Profile(NAME)).score == expected(0.5)


def test_scores_are_rounded_to_four_places() -> None:
    """What the officer sees and the threshold compares: 4 decimal places. Mohamed and
    Mohammed are 0.847875 alike by name, which gives a total of 0.736555 unrounded."""
    got = score(Profile(("Mohamed",)), Profile(("Mohammed",)))
    assert (got.score, got.name_score) == (0.7366, 0.8479)


@pytest.mark.parametrize(
    ("born", "effective"),
    [
        (dt.date(2010, 1, 1), (2010, None)),
        (dt.date(2010, 1, 2), (2010, dt.date(2010, 1, 2))),
        (dt.date(2010, 2, 1), (2010, dt.date(2010, 2, 1))),
    ],
)
def test_first_of_january_is_a_year(born: dt.date, effective: tuple) -> None:
    """registration.md: treat 1 January as year precision for matching."""
    assert effective_birth(Profile(NAME, birth_date=born)) == effective


def test_candidate_thresholds_are_inclusive() -> None:
    assert is_candidate(Candidate(0.62, (), NAME_THRESHOLD))
    assert not is_candidate(Candidate(0.6199, (), 0.9))
    assert not is_candidate(Candidate(0.9, (), NAME_THRESHOLD - 0.0001))


def test_blocking_keys_hold_the_skeleton_and_its_first_three_letters() -> None:
    assert blocking_keys(Profile(("Mohammed",))) == {"s:mhmd", "p:mhm"}  # 4 letters
    assert blocking_keys(Profile(("Hassan",))) == {"s:hsn"}  # short: kept whole
    assert blocking_keys(Profile(("Abdulkarim Ali", " "))) == {"s:bdkrm", "p:bdk", "s:l"}


def templates(a: Profile, b: Profile) -> list[str]:
    return [r.template for r in score(a, b).reasons]


def test_the_reasons_name_each_matching_part() -> None:
    """[R5] The officer sees why: every matching name part, whatever its place."""
    got = score(Profile(("Dawit Kidane",)), Profile(("Yonas KIDANE",))).reasons
    assert [(r.template, r.params) for r in got] == [("same name “{a}”", {"a": "Kidane"})]


def test_spellings_and_scripts_are_told_apart_in_the_reasons() -> None:
    spelled = score(Profile(("Mohamed",)), Profile(("Mohammed",))).reasons
    assert [(r.template, r.params) for r in spelled] == [
        ("“{a}” and “{b}” are spellings of one name", {"a": "Mohamed", "b": "Mohammed"})
    ]
    scripts = score(Profile(("محمد",)), Profile(("Mohammed",))).reasons
    assert [(r.template, r.params) for r in scripts] == [
        (
            "“{a}” and “{b}” are the same name in {script_a} and {script_b} script",
            {"a": "محمد", "b": "Mohammed", "script_a": "Arabic", "script_b": "Latin"},
        )
    ]


def test_missing_parts_and_order_are_reasons() -> None:
    got = score(Profile(("Kidane Dawit",)), Profile(("Dawit Kidane Tesfay",))).reasons
    assert [(r.template, r.params) for r in got][-2:] == [
        ("names in a different order", {}),
        ("{n} name part(s) present in only one record", {"n": 1}),
    ]


def test_birth_and_sex_reasons() -> None:
    same_day = dict(birth_date=dt.date(2010, 3, 4))
    assert "same date of birth" in templates(Profile(NAME, **same_day), Profile(NAME, **same_day))
    assert "same birth year" in templates(
        Profile(NAME, birth_year=2010), Profile(NAME, birth_year=2010)
    )
    for gap in (1, 2, 3):
        [reason] = [
            r
            for r in score(
                Profile(NAME, birth_year=2010), Profile(NAME, birth_year=2010 + gap)
            ).reasons
            if "birth" in r.template
        ]
        assert (reason.template, reason.params) == ("birth years {n} apart", {"n": gap})
    assert "different sex recorded" in templates(
        Profile(NAME, sex="male"), Profile(NAME, sex="female")
    )


def test_the_original_script_outweighs_any_transliteration() -> None:
    """محمد is not محمود, though both become "Mahmud" in someone's Latin: when both
    records hold the name in one non-Latin script, those forms are compared."""
    a = Profile(("محمد حسن", "Mahmud Hasan"))
    b = Profile(("محمود حسن", "Mahmud Hasan"))
    assert score(a, b).name_score < 0.9
    latin_only = score(Profile(("Mahmud Hasan",)), Profile(("Mahmud Hasan",)))
    assert latin_only.name_score == 1.0


def test_a_name_form_without_a_key_is_passed_over() -> None:
    """A form that yields no name key (here "Aya", see docs/mutation.md) does not stop
    the comparison of the other forms."""
    got = score(Profile(("Aya", "Aya Hassan")), Profile(("Hassan",)))
    assert got.name_score > 0


@pytest.mark.parametrize("names", [(), ("",), (" ",)])
def test_a_record_without_a_name_scores_on_birth_and_nationality_alone(names: tuple) -> None:
    got = score(Profile(names, birth_year=2010), Profile(("Hassan",), birth_year=2010))
    assert (got.name_score, got.score) == (0.0, round(0.22 * 0.9 + 0.10 * 0.5, 4))
    assert [r.template for r in got.reasons] == ["same birth year"]
