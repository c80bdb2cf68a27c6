"""Dates as written on a child's papers: conversions against each calendar's own reference
dates, both directions, and dates that do not exist in their calendar refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.domain import calendars as C
from app.domain.calendars import Calendar, DateRefused, WrittenDate

# (calendar, year, month, day as written, Gregorian date): each calendar's own reference.
REFERENCES = [
    # Nowruz 1390: the Iranian and Afghan new year fell on 21 March 2011.
    (Calendar.SOLAR_HIJRI, 1390, 1, 1, dt.date(2011, 3, 21)),
    # Nowruz 1403 (after the leap year 1402/1403 boundary): 20 March 2024.
    (Calendar.SOLAR_HIJRI, 1403, 1, 1, dt.date(2024, 3, 20)),
    # 30 Esfand exists in the leap year 1399: 20 March 2021, the day before Nowruz 1400.
    (Calendar.SOLAR_HIJRI, 1399, 12, 30, dt.date(2021, 3, 20)),
    # Enkutatash (Ethiopian new year) 2008: 12 September 2015 (after the leap year 2007).
    (Calendar.ETHIOPIAN, 2008, 1, 1, dt.date(2015, 9, 12)),
    # Enkutatash 2016 after the leap year 2015: 12 September 2023; 2017: 11 September 2024.
    (Calendar.ETHIOPIAN, 2016, 1, 1, dt.date(2023, 9, 12)),
    (Calendar.ETHIOPIAN, 2017, 1, 1, dt.date(2024, 9, 11)),
    # 6 Pagumen 2011 (leap year): 11 September 2019.
    (Calendar.ETHIOPIAN, 2011, 13, 6, dt.date(2019, 9, 11)),
    # Tabular Islamic calendar (civil epoch): 1 Muharram 1 AH = Friday 16 July 622 Julian,
    # which is 19 July 622 in the proleptic Gregorian calendar.
    (Calendar.ISLAMIC, 1, 1, 1, dt.date(622, 7, 19)),
    # 1 Muharram 1445 = 19 July 2023 (tabular; Umm al-Qura gives the same day).
    (Calendar.ISLAMIC, 1445, 1, 1, dt.date(2023, 7, 19)),
    # 1 Ramadan 1444 = 23 March 2023 (tabular; Umm al-Qura gives the same day).
    (Calendar.ISLAMIC, 1444, 9, 1, dt.date(2023, 3, 23)),
]


@pytest.mark.parametrize(("calendar", "year", "month", "day", "gregorian"), REFERENCES)
def test_reference_dates_convert_to_gregorian(
    calendar: Calendar, year: int, month: int, day: int, gregorian: dt.date
) -> None:
    if gregorian.year < C.FIRST_YEAR:  # the epoch itself, outside the years the form takes
        from convertdate import islamic

        assert islamic.to_gregorian(year, month, day) == (622, 7, 19)
        return
    assert C.to_gregorian(calendar, year, month, day) == gregorian


@pytest.mark.parametrize(("calendar", "year", "month", "day", "gregorian"), REFERENCES)
def test_reference_dates_convert_from_gregorian(
    calendar: Calendar, year: int, month: int, day: int, gregorian: dt.date
) -> None:
    written = C.from_gregorian(calendar, gregorian)
    assert (written.calendar, written.year, written.month, written.day) == (
        calendar,
        year,
        month,
        day,
    )


def test_the_issue_reference_dates_read_from_what_an_officer_types() -> None:
    farvardin = C.parse_written(Calendar.SOLAR_HIJRI, "1390-01-01")
    assert farvardin is not None and farvardin.to_gregorian() == dt.date(2011, 3, 21)
    meskerem = C.parse_written(Calendar.ETHIOPIAN, "1/1/2008")  # day first, as on papers
    assert meskerem is not None and meskerem.to_gregorian() == dt.date(2015, 9, 12)
    persian_digits = C.parse_written(Calendar.SOLAR_HIJRI, "۱۳۹۰/۰۱/۰۱")
    assert persian_digits == farvardin
    assert farvardin.typed() == "1390-01-01"
    assert farvardin.text() == "1 Farvardin (فروردین / حمل) 1390"


@pytest.mark.parametrize(
    ("calendar", "text", "message"),
    [
        (Calendar.SOLAR_HIJRI, "1390-12-31", C.NO_SUCH_DAY),  # Esfand has 29 or 30 days
        (Calendar.SOLAR_HIJRI, "1390-12-30", C.NO_SUCH_DAY),  # 1390 is not a leap year
        (Calendar.SOLAR_HIJRI, "1390-07-31", C.NO_SUCH_DAY),  # Mehr has 30 days
        (Calendar.SOLAR_HIJRI, "1390-13-01", C.NO_SUCH_MONTH),
        (Calendar.ETHIOPIAN, "2008-13-06", C.NO_SUCH_DAY),  # Pagumen: 5 days in 2008
        (Calendar.ETHIOPIAN, "2008-01-31", C.NO_SUCH_DAY),  # every month has 30 days
        (Calendar.ETHIOPIAN, "2008-14-01", C.NO_SUCH_MONTH),
        (Calendar.ISLAMIC, "1445-13-01", C.NO_SUCH_MONTH),  # twelve months, not thirteen
        (Calendar.ISLAMIC, "1445-02-30", C.NO_SUCH_DAY),  # Safar: 29 days (tabular)
        (Calendar.SOLAR_HIJRI, "0390-01-01", C.YEAR_OUT_OF_RANGE),
        (Calendar.SOLAR_HIJRI, "1390-1-x", C.BAD_WRITTEN_DATE),
        (Calendar.SOLAR_HIJRI, "90-1-1", C.BAD_WRITTEN_DATE),
    ],
)
def test_a_date_that_does_not_exist_in_its_calendar_is_refused_with_the_rule_that_refused(
    calendar: Calendar, text: str, message: str
) -> None:
    with pytest.raises(DateRefused) as refused:
        C.parse_written(calendar, text)
    assert refused.value.message == message


def test_the_refusal_names_the_month_and_its_length() -> None:
    with pytest.raises(DateRefused) as refused:
        C.parse_written(Calendar.SOLAR_HIJRI, "1390-12-31")
    text = refused.value.message.format(**refused.value.params)
    assert text == "Esfand (اسفند / حوت) 1390 has 29 days: there is no day 31."


def test_a_written_date_that_does_not_exist_is_refused_by_the_model_too() -> None:
    with pytest.raises(ValidationError):
        WrittenDate(calendar=Calendar.SOLAR_HIJRI, year=1390, month=12, day=31)
    with pytest.raises(ValidationError):
        WrittenDate(calendar=Calendar.GREGORIAN, year=2011, month=3, day=21)
    with pytest.raises(ValidationError):
        WrittenDate(calendar=Calendar.ETHIOPIAN, year=2008, day=1)  # a day without a month


def test_a_year_or_a_month_alone_converts_to_its_first_day() -> None:
    year = C.parse_written(Calendar.SOLAR_HIJRI, "1390")
    assert year is not None and (year.month, year.day) == (None, None)
    assert year.to_gregorian() == dt.date(2011, 3, 21)
    assert year.text() == "1390"
    month = C.parse_written(Calendar.ETHIOPIAN, "2008-13")
    assert month is not None and month.to_gregorian() == dt.date(2016, 9, 6)
    assert month.typed() == "2008-13"


@given(
    st.sampled_from([Calendar.SOLAR_HIJRI, Calendar.ETHIOPIAN, Calendar.ISLAMIC]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_every_day_goes_there_and_back(calendar: Calendar, date: dt.date) -> None:
    written = C.from_gregorian(calendar, date)
    assert WrittenDate.model_validate(written.model_dump()) == written  # a date that exists
    assert written.to_gregorian() == date
