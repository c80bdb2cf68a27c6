"""Deadlines in working days, the way the law counts them ([G2]).

Pure functions over a country profile (app/domain/profiles.py). Counting starts the day
after the event (the lodging of the application): "15 working days after" the Friday
2026-12-18 is Tuesday 2027-01-12 when 25, 26 December and 1 January are holidays.
Weekends and the profile's public holidays are skipped. A count that reaches a year the
profile lists no holidays for is *flagged*: no date is given, because a date computed
without that year's holidays could be too early or too late.

The guardian deadline [G2] runs from the day the application for protection was lodged.
Until that is known, a *provisional* deadline runs from the earlier of registration and
the day the application was made, and says it is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.working_days import Calendar

if TYPE_CHECKING:  # a pydantic model: not imported by what only counts days
    from app.domain.profiles import CountryProfile

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """``due`` is None exactly when ``flagged``: the profile does not cover the years
    the count runs through (``uncovered`` says which). ``earliest`` is the date counted
    with weekends only, for sorting a flagged deadline among others, never shown as due.
    ``provisional``: counted from registration while the lodging date is unknown."""

    due: dt.date | None
    start: dt.date
    working_days: int
    provisional: bool = False
    uncovered: tuple[int, ...] = ()
    earliest: dt.date | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.uncovered)

    @property
    def sort_date(self) -> dt.date:
        value = self.due or self.earliest
        assert value is not None
        return value


def add_working_days(
    start: dt.date, count: int, profile: CountryProfile, *, provisional: bool = False
) -> Deadline:
    """The day ``count`` working days after ``start`` (``start`` itself when 0)."""
    day = start
    left = count
    uncovered: set[int] = set()
    covered = profile.covered_years
    while left > 0:
        day += ONE_DAY
        if day.year not in covered:
            uncovered.add(day.year)
        if day.weekday() in profile.working_days and not profile.is_holiday(day):
            left -= 1
    if uncovered:
        return Deadline(
            due=None,
            start=start,
            working_days=count,
            provisional=provisional,
            uncovered=tuple(sorted(uncovered)),
            earliest=day,
        )
    return Deadline(due=day, start=start, working_days=count, provisional=provisional)


def guardian_deadline(
    profile: CountryProfile,
    *,
    registered: dt.date,
    made: dt.date | None,
    lodged: dt.date | None,
    exceptional: bool = False,
) -> Deadline:
    """[G2] The representative's deadline: from lodging, else provisional from the
    earlier of registration and the making of the application."""
    rule = profile.deadlines["guardian"]
    days = rule.exceptional if exceptional else rule.ordinary
    if lodged is not None:
        return add_working_days(lodged, days, profile)
    start = min(registered, made) if made is not None else registered
    return add_working_days(start, days, profile, provisional=True)


def working_days_between(start: dt.date, end: dt.date, profile: Calendar) -> int | None:
    """Working days from ``start`` to ``end`` (positive when ``end`` is later; 0 on the
    same day), counting ``end`` and not ``start``; None when a year between them is not
    covered by the profile's holidays."""
    if start == end:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    covered = profile.covered_years
    # Only the days after ``low`` count: a range from 31 December of an uncovered year
    # into a covered one is still countable.
    if any(y not in covered for y in range((low + ONE_DAY).year, high.year + 1)):
        return None
    count = 0
    day = low
    while day < high:
        day += ONE_DAY
        if profile.is_working_day(day):
            count += 1
    return sign * count
