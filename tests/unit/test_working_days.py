"""[G2][G6] The working-day calendar that lists read without the profile's pydantic model
(app/domain/working_days.py) agrees with the country profile on every day of every
shipped profile, and refuses what the profile refuses in the parts it reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.domain import deadlines, profiles
from app.domain.working_days import calendar_from_data

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "resources" / "profiles").glob("*.json"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_G2_the_calendar_counts_every_day_as_the_profile_does(path) -> None:
    data = json.loads(path.read_text("utf-8"))
    profile = profiles.profile_from_data(data)
    calendar = calendar_from_data(data)
    assert calendar.covered_years == profile.covered_years
    first = dt.date(min(profile.covered_years) - 1, 12, 1)
    days = [first + dt.timedelta(days=n) for n in range(366 * (len(profile.covered_years) + 1))]
    assert [calendar.is_working_day(d) for d in days] == [profile.is_working_day(d) for d in days]
    assert [calendar.is_holiday(d) for d in days] == [profile.is_holiday(d) for d in days]
    # [G6] days late in working days, from a few deadlines to a few todays
    for due in days[::37]:
        for today in days[::53]:
            assert deadlines.working_days_between(due, today, calendar) == (
                deadlines.working_days_between(due, today, profile)
            )


def _eu() -> dict:
    return json.loads(next(p for p in SHIPPED if p.stem == "eu").read_text("utf-8"))


@pytest.mark.parametrize(
    "change",
    [
        {"working_days": []},
        {"working_days": [0, 1, 7]},
        {"working_days": [-1, 2]},
        {"holidays": {"2026": ["2027-01-01"]}},
    ],
)
def test_G2_what_the_profile_refuses_the_calendar_refuses(change) -> None:
    data = {**_eu(), **change}
    with pytest.raises(ValueError):
        profiles.profile_from_data(data)
    with pytest.raises(ValueError):
        calendar_from_data(data)


def test_the_list_reads_the_same_default_profile() -> None:
    from app.services import referral_list

    assert referral_list.DEFAULT_PROFILE == profiles.DEFAULT_PROFILE
