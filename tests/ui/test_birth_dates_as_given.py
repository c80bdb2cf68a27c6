"""Walkthrough A9, I6, R6: a date of birth is shown as precisely as it is known, with the
age the child gives beside it, and a date assigned by the age assessment says so."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.case import Birth, BirthSource, CaseDraft, DatePrecision, Names
from ui.cases import form as F
from ui.cases.summary import birth_text

pytestmark = pytest.mark.gui


def state(date: str, precision: str) -> dict[str, object]:
    return {
        "names.given": "سلمى",
        "birth.date": date,
        "birth.precision": precision,
        "birth.source": "declared",
        "birth.declared_age": "14",
        "separation.status": "unaccompanied",
    }


@pytest.mark.parametrize(
    ("typed", "precision", "refused"),
    [
        ("2011", "exact", True),  # R6: became 2011-01-01, exact
        ("2011-04", "exact", True),
        ("2011", "month", True),
        ("2011", "year", False),
        ("2011-04", "month", False),
        ("23.04.2011", "exact", False),
    ],
)
def test_a_date_is_never_more_precise_than_what_was_typed(
    qapp, typed: str, precision: str, refused: bool
) -> None:
    problems = F.form_to_draft(state(typed, precision)).problems
    assert ("birth.date" in problems) is refused, problems
    if refused:
        assert problems["birth.date"] == F._(F.MORE_PRECISE_THAN_TYPED)


def test_the_summary_shows_the_year_and_the_age_the_child_gives(qapp) -> None:
    draft = F.form_to_draft(state("2011", "year")).draft
    text = birth_text(draft)
    assert "2011" in text and "2011-01-01" not in text
    assert "14" in text  # I6: "Age the child gives: 15" was not shown


def test_a_date_assigned_by_the_assessment_is_not_called_exact(qapp) -> None:
    draft = CaseDraft(
        names=Names(given="Yousef"),
        birth=Birth(
            date=dt.date(2011, 11, 27), precision=DatePrecision.EXACT, source=BirthSource.ASSESSED
        ),
    )
    text = birth_text(draft)
    assert "assigned by the age assessment" in text  # A9: read "exact date; assessed"
    assert "Exact date" not in text


def test_a_year_kept_with_declared_age_only_is_not_shown_as_1_january(qapp) -> None:
    """Seen in the Arabic keyboard walk: a year typed with "Declared age only" showed as
    "2011-01-01" in the intake's summary (and as "1 January 2011" on the documents)."""
    from app.reports.dates import day_text

    draft = F.form_to_draft(state("2011", "declared_age")).draft
    assert draft.birth.precision == DatePrecision.DECLARED_AGE
    text = birth_text(draft)
    assert "2011" in text and "2011-01-01" not in text and "14" in text
    assert day_text(dt.date(2011, 1, 1), "en", "declared_age") == "2011"
    assert day_text(dt.date(2011, 1, 1), "en", "exact") == "January 1, 2011"
