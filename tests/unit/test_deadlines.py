"""[G2] Deadlines in working days from the country profile (the issue's fixed examples)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.domain.deadlines import (
    Deadline,
    add_working_days,
    guardian_deadline,
    working_days_between,
)
from app.domain.profiles import CountryProfile, profile_from_data

ROOT = Path(__file__).resolve().parents[2]


def eu() -> CountryProfile:
    return profile_from_data(json.loads((ROOT / "resources/profiles/eu.json").read_text()))


def test_the_default_profile_lists_christmas_and_new_year_with_sources() -> None:
    profile = eu()
    assert {dt.date(2026, 12, 25), dt.date(2026, 12, 26)} <= profile.holidays[2026]
    assert dt.date(2027, 1, 1) in profile.holidays[2027]
    assert profile.deadlines["guardian"].ordinary == 15
    assert profile.deadlines["guardian"].exceptional == 25
    assert (profile.caseload.ordinary, profile.caseload.exceptional) == (30, 50)  # [G4]
    assert profile.small_cells.shown_as == "<5"  # [G15]
    assert any("2024/1346" in s for s in profile.sources)


@pytest.mark.parametrize(
    ("lodged", "days", "due"),
    [
        (dt.date(2026, 12, 18), 15, dt.date(2027, 1, 12)),  # Friday
        (dt.date(2026, 12, 18), 25, dt.date(2027, 1, 26)),  # exceptional
        (dt.date(2026, 12, 24), 15, dt.date(2027, 1, 18)),  # Thursday
    ],
)
def test_G2_deadlines_of_the_issue(lodged: dt.date, days: int, due: dt.date) -> None:
    found = add_working_days(lodged, days, eu())
    assert found == Deadline(due=due, start=lodged, working_days=days)
    assert not found.flagged and found.sort_date == due


def test_G2_guardian_deadline_from_lodging_ordinary_and_exceptional() -> None:
    registered = dt.date(2026, 12, 1)
    lodged = dt.date(2026, 12, 18)
    ordinary = guardian_deadline(eu(), registered=registered, made=None, lodged=lodged)
    exceptional = guardian_deadline(
        eu(), registered=registered, made=None, lodged=lodged, exceptional=True
    )
    assert (ordinary.due, ordinary.provisional) == (dt.date(2027, 1, 12), False)
    assert exceptional.due == dt.date(2027, 1, 26)


def test_G2_until_lodging_is_known_the_deadline_is_provisional_from_registration() -> None:
    found = guardian_deadline(eu(), registered=dt.date(2026, 12, 18), made=None, lodged=None)
    assert found == Deadline(
        due=dt.date(2027, 1, 12), start=dt.date(2026, 12, 18), working_days=15, provisional=True
    )
    earlier = guardian_deadline(
        eu(), registered=dt.date(2026, 12, 24), made=dt.date(2026, 12, 18), lodged=None
    )
    assert earlier.provisional and earlier.due == dt.date(2027, 1, 12)  # from making


def test_G2_a_profile_without_2027_holidays_flags_the_deadline_never_computes_it() -> None:
    data = json.loads((ROOT / "resources/profiles/eu.json").read_text())
    del data["holidays"]["2027"]
    found = add_working_days(dt.date(2026, 12, 18), 15, profile_from_data(data))
    assert found.flagged and found.due is None and found.uncovered == (2027,)
    assert found.earliest == dt.date(2027, 1, 11) == found.sort_date  # weekends only: sorting
    assert (found.start, found.working_days, found.provisional) == (
        dt.date(2026, 12, 18),
        15,
        False,
    )


def test_G2_weekends_are_skipped_and_zero_days_is_the_same_day() -> None:
    assert add_working_days(dt.date(2026, 11, 27), 1, eu()).due == dt.date(2026, 11, 30)
    assert add_working_days(dt.date(2026, 11, 27), 0, eu()).due == dt.date(2026, 11, 27)


def test_working_days_between_counts_both_ways_and_skips_holidays() -> None:
    assert working_days_between(dt.date(2026, 12, 18), dt.date(2027, 1, 12), eu()) == 15
    assert working_days_between(dt.date(2027, 1, 12), dt.date(2026, 12, 18), eu()) == -15
    assert working_days_between(dt.date(2029, 1, 1), dt.date(2029, 1, 5), eu()) is None


def test_a_profile_that_contradicts_itself_is_refused() -> None:
    data = json.loads((ROOT / "resources/profiles/eu.json").read_text())
    data["deadlines"]["guardian"] = {"ordinary": 25, "exceptional": 15}
    with pytest.raises(ValueError):
        profile_from_data(data)
    data = json.loads((ROOT / "resources/profiles/eu.json").read_text())
    data["holidays"]["2026"].append("2027-05-01")
    with pytest.raises(ValueError):
        profile_from_data(data)
