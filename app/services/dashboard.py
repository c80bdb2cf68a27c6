"""The managers' dashboard (issue 15, item 8; guardianship.md [G6], [G7], [G11], [G14]).

One call, ``overview``, gathers what the dashboard page shows: children without a
guardian by days to or past the deadline [G6], missing children [G11], urgent needs
without a referral [G7], children not yet informed, age assessments in progress,
referrals awaiting an answer (each list cut at ``limit`` lines, with its full count), and
the caseload by age group, sex, nationality and accompaniment [G14] for the charts. All
of it is read from the indexes the write path keeps (app/storage/dashboard.py,
app/storage/referral_index.py): cheap enough to run every time the page is shown.

Permission: READ_CASE (whoever reads the cases reads the dashboard). The numbers on
screen are exact, for the people who work the cases; what leaves the laptop (the
statistics CSV, ``referrals.save_stats_csv``) is suppressed [G15] and needs
PRINT_REFERRAL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain.age import AgeStatus
from app.domain.roles import Permission
from app.services import referrals
from app.services.referrals import ReferralItem
from app.services.session import Session
from app.storage.dashboard import CaseLines, CaseloadCell, DashboardQueries
from app.storage.referral_index import GUARDIAN_PENDING

AGE_GROUP_ORDER = ("0-5", "6-11", "12-14", "15-17", "18+", "unknown")
SEX_ORDER = ("female", "male", "intersex", "unknown", "declined", "not_asked")
ACCOMPANIMENT_ORDER = ("unaccompanied", "separated", "accompanied")
TOP_NATIONALITIES = 6
OTHER = "other"
CHARTS = ("age_group", "sex", "nationality", "accompaniment")


@dataclass(frozen=True)
class Chart:
    """One chart's categories in the order drawn: (code, count); codes are translated
    by the page (an age group, a sex, an ISO country code or ``other``, an
    accompaniment)."""

    key: str
    categories: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _code, n in self.categories)


@dataclass(frozen=True)
class Overview:
    today: dt.date
    caseload: int  # children in care now (open or missing cases)
    missing: list[Any]  # [G11] referral_index.MissingRow: open alerts, longest missing first
    without_guardian: list[ReferralItem]  # [G6] most overdue first
    without_guardian_count: int
    urgent_without_referral: list[ReferralItem]  # [G7]
    urgent_without_referral_count: int
    not_informed: CaseLines
    age_in_progress: CaseLines
    awaiting_answer: list[ReferralItem]
    awaiting_answer_count: int
    charts: dict[str, Chart]


def overview(session: Session, *, today: dt.date | None = None, limit: int = 200) -> Overview:
    """Everything the dashboard shows, from the indexes."""
    session.require(Permission.READ_CASE)
    today = today or dt.date.today()
    queries = DashboardQueries(session.require_vault())
    lists = referrals.dashboard(session, today=today, limit=limit)
    charts = caseload_charts(queries.caseload(), today=today)
    return Overview(
        today=today,
        caseload=charts["sex"].total,
        missing=lists.missing,
        without_guardian=lists.without_guardian,
        without_guardian_count=queries.referral_count(types=("guardian",), states=GUARDIAN_PENDING),
        urgent_without_referral=lists.urgent_without_referral,
        urgent_without_referral_count=queries.proposed_count(),
        not_informed=queries.not_informed(limit=limit),
        age_in_progress=queries.with_age_status(AgeStatus.IN_PROGRESS.value, limit=limit),
        awaiting_answer=lists.awaiting_answer,
        awaiting_answer_count=queries.referral_count(states=("sent",)),
        charts=charts,
    )


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> list[tuple[str, int]]:
    known = [(code, counts[code]) for code in order if counts.get(code)]
    rest = sorted((c, n) for c, n in counts.items() if c not in order and n)
    return known + rest


def caseload_charts(cells: list[CaseloadCell], *, today: dt.date) -> dict[str, Chart]:
    """[G14] The caseload by age group (age this year), sex, first nationality (the
    ``TOP_NATIONALITIES`` largest, the rest as ``other``) and accompaniment. Every chart
    counts each child once, so each sums to the caseload."""
    ages: dict[str, int] = {}
    sexes: dict[str, int] = {}
    nations: dict[str, int] = {}
    accompaniment: dict[str, int] = {}
    for cell in cells:
        group = referrals.age_group(cell.birth_year, today.year)
        ages[group] = ages.get(group, 0) + cell.count
        sex = cell.sex or "not_asked"
        sexes[sex] = sexes.get(sex, 0) + cell.count
        first = cell.nationality or "unknown"
        nations[first] = nations.get(first, 0) + cell.count
        accompaniment[cell.accompaniment] = accompaniment.get(cell.accompaniment, 0) + cell.count
    ranked = sorted(nations.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[:TOP_NATIONALITIES]
    if len(ranked) > TOP_NATIONALITIES:
        top.append((OTHER, sum(n for _c, n in ranked[TOP_NATIONALITIES:])))
    return {
        "age_group": Chart("age_group", _ordered(ages, AGE_GROUP_ORDER)),
        "sex": Chart("sex", _ordered(sexes, SEX_ORDER)),
        "nationality": Chart("nationality", top),
        "accompaniment": Chart("accompaniment", _ordered(accompaniment, ACCOMPANIMENT_ORDER)),
    }
