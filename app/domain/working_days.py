"""A country profile's working-day calendar on its own ([G2], [G6]). Pure.

``deadlines.working_days_between`` needs only which weekdays are working days and the
public holidays of the years the profile covers. ``CountryProfile`` (app/domain/profiles.py)
answers that, but it is a pydantic model: importing pydantic and building the profile's
models cost about 110 ms of CPU, more than a third of what ``harbour referral list``
takes in all (issue 15 bench line). The list reads the same profile file through
``calendar_from_data`` instead, which checks the parts it reads as the profile does;
tests/unit/test_working_days.py holds that both agree on every day of every shipped
profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class Calendar(Protocol):
    """What counting working days reads of a profile (``CountryProfile`` is one)."""

    @property
    def covered_years(self) -> frozenset[int]: ...

    def is_working_day(self, day: dt.date) -> bool: ...


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekdays that are working days (Monday 0 ... Sunday 6) and, per covered year, the
    public holidays (a year listed without holidays is covered; one not listed is not)."""

    working_days: frozenset[int]
    holidays: Mapping[int, frozenset[dt.date]]

    @property
    def covered_years(self) -> frozenset[int]:
        return frozenset(self.holidays)

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.holidays.get(day.year, frozenset())

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.working_days and not self.is_holiday(day)


def calendar_from_data(data: Mapping[str, Any]) -> WorkingCalendar:
    """The calendar of a profile's parsed JSON (years as strings, dates as ISO strings),
    refused (``ValueError``) where ``profiles.profile_from_data`` refuses these parts."""
    days = data["working_days"]
    if not isinstance(days, list) or not days:
        raise ValueError("working days are weekday numbers 0 (Monday) to 6 (Sunday)")
    if any(type(d) is not int or not 0 <= d <= 6 for d in days):
        raise ValueError("working days are weekday numbers 0 (Monday) to 6 (Sunday)")
    holidays: dict[int, frozenset[dt.date]] = {}
    listed = data["holidays"]
    if not isinstance(listed, dict):
        raise ValueError("holidays are listed per year")
    for year, dates in listed.items():
        number = int(year)
        found = frozenset(dt.date.fromisoformat(d) for d in dates)
        if any(d.year != number for d in found):
            raise ValueError(f"a holiday listed under {number} falls in another year")
        holidays[number] = found
    return WorkingCalendar(working_days=frozenset(days), holidays=holidays)
