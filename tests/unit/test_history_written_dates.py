"""The case history names a date of birth as written on the child's papers (issue 12,
item 14): its Gregorian date beside it, never the stored JSON, in English and Arabic."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from app.domain.history_text import history_rows, written_text
from app.domain.paths import REMOVED
from app.i18n import set_language
from tests.unit.test_history_text import PEOPLE, RAW, _pairs, _registered

TAZKIRA = {"calendar": "solar_hijri", "year": 1389, "month": 12, "day": 21}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def plain(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def test_a_date_of_birth_as_written_reads_with_its_gregorian_date() -> None:
    log = _registered()
    log.add("birth.date", "2011-03-12", after_s=60)
    log.add("birth.date_written", TAZKIRA, after_s=60)
    log.add("birth.date_written", REMOVED, after_s=120)  # an assessment assigned the date
    rows = _pairs(history_rows(log.entries, PEOPLE, newest_first=False))
    assert [(what, plain(value)) for what, value in rows[1:]] == [
        ("Date of birth", "Mar 12, 2011"),
        (
            "Date of birth as written on the papers",
            "Mar 12, 2011; on the papers: 21 Esfand (اسفند / حوت) 1389,"
            " Solar Hijri calendar (Afghanistan, Iran)",
        ),
        ("Date of birth as written on the papers", "—"),
    ]
    assert not any(RAW.search(value) for _what, value in rows)  # no JSON, no id


def test_in_arabic_each_date_is_isolated_and_the_calendar_named_in_arabic() -> None:
    set_language("ar")
    text = written_text(TAZKIRA)
    assert text.startswith("\u2068")  # the Gregorian date: an isolate, read in its order
    assert "\u206821 Esfand (اسفند / حوت) 1389\u2069" in text
    assert "التقويم الهجري الشمسي" in text and "on the papers" not in text


def test_a_month_or_a_year_alone_is_not_made_a_day() -> None:
    month = written_text({"calendar": "ethiopian", "year": 2008, "month": 1})
    assert plain(month).startswith("Sep 2015; on the papers: Meskerem (መስከረም) 2008")
    year = written_text({"calendar": "islamic", "year": 1432})
    assert plain(year).startswith("2010; on the papers: 1432, Islamic calendar")
    assert written_text({"calendar": "mayan", "year": 1}) == "—"  # unreadable: no JSON
