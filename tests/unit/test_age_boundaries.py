"""Fixed examples at the edges of the age rules, beside the property tests of
test_age_rules.py: 29 February, birthdays, 17 and 18, a doubt recorded by nobody.

Each was found by mutation testing (tools/mutation.py): the mutant survived every
existing test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import age
from app.domain.age import (
    AgeRange,
    AgeStatus,
    Assessor,
    Doubt,
    DoubtGround,
    MethodResult,
    Preconditions,
    Profession,
)

SOCIAL = Assessor(user_id="u1", name="S", profession=Profession.SOCIAL_WORKER)
READY = Preconditions(
    informed_on=dt.date(2026, 11, 2),
    informed_language="ti",
    child_consents=True,
    guardian_consents=True,
    representative="Guardian G.",
    interpreter="Interpreter I.",
)


def result(min_age: int, max_age: int, on: dt.date) -> MethodResult:
    return MethodResult(
        id="r1",
        method_id="psychosocial_interview",
        performed_on=on,
        assessor=SOCIAL,
        range=AgeRange(min_age=min_age, max_age=max_age),
    )


@pytest.mark.parametrize(
    ("on", "youngest", "born"),
    [
        # [A13] the latest birth date at which the person is `youngest` on the day
        (dt.date(2026, 11, 23), 16, dt.date(2010, 11, 23)),
        (dt.date(2026, 11, 23), 17, dt.date(2009, 11, 23)),
        # concluded on 29 February: the birthday falls on 28 February of a common year
        (dt.date(2028, 2, 29), 17, dt.date(2011, 2, 28)),
        (dt.date(2028, 2, 29), 16, dt.date(2012, 2, 29)),  # a leap year again
    ],
)
def test_assigned_birth_date_is_the_latest_consistent_one(on, youngest, born) -> None:
    conclusion = age.conclude([result(youngest, youngest + 2, on)], on)
    assert conclusion.assigned_birth_date == born
    assert age.age_on(born, on) == youngest
    assert age.age_on(born + dt.timedelta(days=1), on) == youngest - 1


@pytest.mark.parametrize(
    ("born", "day", "years"),
    [
        (dt.date(2009, 11, 23), dt.date(2026, 11, 22), 16),  # the day before the birthday
        (dt.date(2009, 11, 23), dt.date(2026, 11, 23), 17),  # on it
        (dt.date(2009, 12, 1), dt.date(2026, 11, 30), 16),  # month decides before day
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_on_counts_whole_years(born, day, years) -> None:
    """[A2] A document's date of birth becomes the age the rules see."""
    assert age.age_on(born, day) == years


@pytest.mark.parametrize(
    ("reason", "raised_by"),
    [("", "Officer O."), ("Two different years given", " "), (" ", "")],
)
def test_a_doubt_needs_both_its_reason_and_who_raised_it(reason, raised_by) -> None:
    """[A1] The reason, who raised it and when: either missing stops the start."""
    doubt = Doubt(
        grounds=[DoubtGround.STATEMENTS],
        reason=reason,
        raised_by=raised_by,
        raised_on=dt.date(2026, 11, 1),
    )
    assert [(p.rule, p.field) for p in age.start_blockers(doubt, READY)] == [("A1", "doubt")]


@pytest.mark.parametrize(
    ("youngest", "upper", "status"),
    [
        (17, 17, AgeStatus.ASSESSED),  # a minor on every credible view
        (17, 18, AgeStatus.BENEFIT_OF_DOUBT),  # [A12] the range reaches 18: a minor
        (18, 20, AgeStatus.ASSESSED),
    ],
)
def test_status_at_the_edge_of_18(youngest, upper, status) -> None:
    on = dt.date(2026, 11, 23)
    conclusion = age.conclude([result(youngest, upper, on)], on)
    assert conclusion.minor is (youngest < 18)
    assert age.status_after(conclusion) is status
