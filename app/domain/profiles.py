"""Country profiles: the rules that differ by country, as data ([G2], [G4], [G15]).

A profile is a JSON file in ``resources/profiles/<code>.json`` (read by the referral
service; this module only checks and models it): which weekdays are working days, the
public holidays *with the years they cover* (a deadline that runs into a year the profile
does not cover is flagged, never computed without holidays), the deadline of each referral
type in working days (ordinary and exceptional), the caseload limit per guardian [G4] and
the small-cell rule of statistics exports [G15]. Each profile names its sources.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_PROFILE = "eu"


class TypeDeadline(BaseModel):
    """Working days from the event that starts the clock; ``exceptional`` where the law
    allows a longer time in exceptional situations (Ireland 2026: 25 for a guardian)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ordinary: int = Field(ge=0, le=365)
    exceptional: int = Field(ge=0, le=365)

    @model_validator(mode="after")
    def _exceptional_not_shorter(self) -> TypeDeadline:
        if self.exceptional < self.ordinary:
            raise ValueError("an exceptional deadline is never shorter than the ordinary one")
        return self


class Caseload(BaseModel):
    """[G4] Children per guardian: ``ordinary`` at most; up to ``exceptional`` only with a
    manager's recorded reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ordinary: int = Field(ge=1)
    exceptional: int = Field(ge=1)


class SmallCells(BaseModel):
    """[G15] Counts from ``low`` to ``high`` are shown as ``shown_as``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: int = 1
    high: int = 4
    shown_as: str = "<5"


class CustomType(BaseModel):
    """A referral type a centre adds (``custom:<code>``), with its deadline."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    label: str = Field(min_length=1, max_length=200)
    deadline: TypeDeadline


class CountryProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_-]{1,20}$")
    name: str
    version: int = 1
    sources: tuple[str, ...] = Field(min_length=1)
    working_days: frozenset[int]  # Monday 0 ... Sunday 6
    # Year -> the public holidays of that year. A year listed with no holiday is covered
    # (it has none); a year not listed is not covered.
    holidays: dict[int, frozenset[dt.date]]
    deadlines: dict[str, TypeDeadline]
    urgent_deadline: int = Field(default=1, ge=0)
    caseload: Caseload
    small_cells: SmallCells = SmallCells()
    custom_types: tuple[CustomType, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> CountryProfile:
        if not self.working_days or not self.working_days <= set(range(7)):
            raise ValueError("working days are weekday numbers 0 (Monday) to 6 (Sunday)")
        for year, days in self.holidays.items():
            if any(d.year != year for d in days):
                raise ValueError(f"a holiday listed under {year} falls in another year")
        if "guardian" not in self.deadlines:
            raise ValueError("a profile gives the guardian deadline [G2]")
        if self.caseload.exceptional < self.caseload.ordinary:
            raise ValueError("the exceptional caseload is never below the ordinary one")
        return self

    @property
    def covered_years(self) -> frozenset[int]:
        return frozenset(self.holidays)

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.holidays.get(day.year, frozenset())

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.working_days and not self.is_holiday(day)

    def deadline_for(self, referral_type: str) -> TypeDeadline | None:
        if referral_type in self.deadlines:
            return self.deadlines[referral_type]
        for custom in self.custom_types:
            if referral_type == f"custom:{custom.code}":
                return custom.deadline
        return None


def profile_from_data(data: dict[str, Any]) -> CountryProfile:
    """A profile from its parsed JSON (years as strings, dates as ISO strings)."""
    return CountryProfile.model_validate(data)
