"""Dates as written on a child's papers, in the calendar they were written in.

An Afghan tazkira is dated in the Solar Hijri calendar, Eritrean and Ethiopian papers in
the Ethiopian calendar (7-8 years behind the Gregorian), some papers in the Islamic one.
A date copied as if it were Gregorian makes a child years older or younger, so the intake
takes the date as written, converts it here, and keeps both: the Gregorian date stays the
field's value (rules, age and search use it) and ``WrittenDate`` is kept beside it.

Conversion is done by ``convertdate`` (MIT, pure Python):

- Solar Hijri: ``convertdate.persian``, the astronomical calendar (the year starts on the
  day of the March equinox at Tehran's meridian), which is the official rule in Iran and
  Afghanistan; its leap years agree with the official ones (1395, 1399, 1403, 1408 ...).
- Ethiopian: ``convertdate.coptic`` with the year moved by 276. Both calendars have twelve
  months of 30 days and a thirteenth of 5 (6 in a leap year), the same leap rule (year
  mod 4 = 3) and new year on the same day (1 Meskerem = 1 Thout); only the era differs
  (Ethiopian Amete Mihret year = Coptic year + 276).
- Islamic: ``convertdate.islamic``, the tabular (arithmetic, civil epoch) Hijri calendar.
  Saudi papers use Umm al-Qura, which is computed from the moon and may differ from the
  tabular date by a day or two: the officer is told to check the Gregorian date shown.

Month names come from CLDR (Unicode Common Locale Data Repository, version 44): the English
names (``en``: persian, ethiopic and islamic calendars) and each calendar's own-language
names (``fa`` and ``fa_AF`` for the Solar Hijri, ``am`` for the Ethiopian, ``ar`` for the
Islamic). Babel ships only CLDR's Gregorian month names, so they are tabled here.

No I/O, no Qt: refusals carry a msgid and parameters; the UI translates them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum

from convertdate import coptic, islamic, persian  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.i18n import N_


class Calendar(StrEnum):
    GREGORIAN = "gregorian"
    SOLAR_HIJRI = "solar_hijri"
    ETHIOPIAN = "ethiopian"
    ISLAMIC = "islamic"


CALENDAR_NAMES: dict[Calendar, str] = {
    Calendar.GREGORIAN: N_("Gregorian calendar"),
    Calendar.SOLAR_HIJRI: N_("Solar Hijri calendar (Afghanistan, Iran)"),
    Calendar.ETHIOPIAN: N_("Ethiopian calendar (Ethiopia, Eritrea)"),
    Calendar.ISLAMIC: N_("Islamic calendar (Hijri, tabular)"),
}

# The calendar's short name beside a date on a document or in a history line (the
# choosers above carry where each is used; "12 March 2011 (as written: 21/12/1389, Solar
# Hijri calendar)").
CALENDAR_SHORT_NAMES: dict[Calendar, str] = {
    Calendar.GREGORIAN: N_("Gregorian calendar"),
    Calendar.SOLAR_HIJRI: N_("Solar Hijri calendar"),
    Calendar.ETHIOPIAN: N_("Ethiopian calendar"),
    Calendar.ISLAMIC: N_("Islamic calendar"),
}
# A Gregorian date with the date as written on the papers; {date} and {written} are
# isolated by the caller (a right-to-left page keeps each in its own order).
AS_WRITTEN = N_("{date} (as written: {written}, {calendar})")

# convertdate.persian finds each year's start from the March equinox, computed with pymeeus
# for every call (0.1-0.3 s a conversion, several per date checked). The equinox of a
# Gregorian year never changes, so it is computed once per year: the library's own module
# function is replaced by a memoised copy of itself (same results, from the second call on
# in microseconds).
if not hasattr(persian.equinox_jd, "cache_info"):
    persian.equinox_jd = functools.cache(persian.equinox_jd)

ETHIOPIAN_OFFSET = 276  # Ethiopian (Amete Mihret) year = Coptic year + 276

# (CLDR English name, CLDR own-language name) per month, 1-based.
MONTHS: dict[Calendar, tuple[tuple[str, str], ...]] = {
    # fa: فروردین ...; Afghanistan (fa_AF) names the same months after the zodiac: حمل ...
    Calendar.SOLAR_HIJRI: (
        ("Farvardin", "فروردین / حمل"),
        ("Ordibehesht", "اردیبهشت / ثور"),
        ("Khordad", "خرداد / جوزا"),
        ("Tir", "تیر / سرطان"),
        ("Mordad", "مرداد / اسد"),
        ("Shahrivar", "شهریور / سنبله"),
        ("Mehr", "مهر / میزان"),
        ("Aban", "آبان / عقرب"),
        ("Azar", "آذر / قوس"),
        ("Dey", "دی / جدی"),
        ("Bahman", "بهمن / دلو"),
        ("Esfand", "اسفند / حوت"),
    ),
    Calendar.ETHIOPIAN: (
        ("Meskerem", "መስከረም"),
        ("Tekemt", "ጥቅምት"),
        ("Hedar", "ኅዳር"),
        ("Tahsas", "ታኅሣሥ"),
        ("Ter", "ጥር"),
        ("Yekatit", "የካቲት"),
        ("Megabit", "መጋቢት"),
        ("Miazia", "ሚያዝያ"),
        ("Genbot", "ግንቦት"),
        ("Sene", "ሰኔ"),
        ("Hamle", "ሐምሌ"),
        ("Nehasse", "ነሐሴ"),
        ("Pagumen", "ጳጉሜን"),
    ),
    Calendar.ISLAMIC: (
        ("Muharram", "محرم"),
        ("Safar", "صفر"),
        ("Rabiʻ I", "ربيع الأول"),
        ("Rabiʻ II", "ربيع الآخر"),
        ("Jumada I", "جمادى الأولى"),
        ("Jumada II", "جمادى الآخرة"),
        ("Rajab", "رجب"),
        ("Shaʻban", "شعبان"),
        ("Ramadan", "رمضان"),
        ("Shawwal", "شوال"),
        ("Dhuʻl-Qiʻdah", "ذو القعدة"),
        ("Dhuʻl-Hijjah", "ذو الحجة"),
    ),
}

# The Gregorian years Harbour converts into: wide enough for any child's birth and any
# paper's expiry, narrow enough that a mistyped year (13900) is refused, not converted.
FIRST_YEAR = 1850
LAST_YEAR = 2150

NO_SUCH_MONTH = N_("There is no month {month} in this calendar: its months go from 1 to {last}.")
NO_SUCH_DAY = N_("{month} {year} has {days} days: there is no day {day}.")
YEAR_OUT_OF_RANGE = N_(
    "The year {year} is outside the years Harbour converts in this calendar ({first}–{last})."
)
BAD_WRITTEN_DATE = N_(
    "Write the date as year-month-day in the chosen calendar, for example 1390-01-01. "
    "Only the year: 1390."
)


class DateRefused(ValueError):
    """A date that does not exist in its calendar: ``message`` is a msgid."""

    def __init__(self, message: str, **params: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.params: dict[str, str | int] = params


def _to_jd_tuple(calendar: Calendar, year: int, month: int, day: int) -> tuple[int, int, int]:
    if calendar == Calendar.SOLAR_HIJRI:
        result = persian.to_gregorian(year, month, day)
    elif calendar == Calendar.ETHIOPIAN:
        result = coptic.to_gregorian(year - ETHIOPIAN_OFFSET, month, day)
    elif calendar == Calendar.ISLAMIC:
        result = islamic.to_gregorian(year, month, day)
    else:
        result = (year, month, day)
    return int(result[0]), int(result[1]), int(result[2])


def month_count(calendar: Calendar) -> int:
    return 13 if calendar == Calendar.ETHIOPIAN else 12


def month_days(calendar: Calendar, year: int, month: int) -> int:
    """How many days a month has in a year of its calendar."""
    length: Callable[[int, int], int]
    if calendar == Calendar.SOLAR_HIJRI:
        length = persian.month_length
    elif calendar == Calendar.ETHIOPIAN:
        return int(coptic.month_length(year - ETHIOPIAN_OFFSET, month))
    elif calendar == Calendar.ISLAMIC:
        length = islamic.month_length
    else:
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return (next_month - dt.timedelta(days=1)).day
    return int(length(year, month))


def month_name(calendar: Calendar, month: int) -> str:
    """The month's name in Latin letters with its own-language name: 'Esfand (اسفند / حوت)'."""
    if calendar == Calendar.GREGORIAN:
        return f"{month:02d}"
    latin, own = MONTHS[calendar][month - 1]
    return f"{latin} ({own})"


@functools.cache
def year_range(calendar: Calendar) -> tuple[int, int]:
    """The years of a calendar whose dates fall within FIRST_YEAR..LAST_YEAR."""
    first = from_gregorian(calendar, dt.date(FIRST_YEAR, 12, 31)).year
    last = from_gregorian(calendar, dt.date(LAST_YEAR, 1, 1)).year
    return first, last


def check(calendar: Calendar, year: int, month: int | None, day: int | None) -> None:
    """Raise DateRefused if the date does not exist in the calendar (31 Esfand, month 13
    of the Islamic calendar, 6 Pagumen outside a leap year) or is out of range."""
    first, last = year_range(calendar)
    if not first <= year <= last:
        raise DateRefused(YEAR_OUT_OF_RANGE, year=year, first=first, last=last)
    if month is None:
        return
    if not 1 <= month <= month_count(calendar):
        raise DateRefused(NO_SUCH_MONTH, month=month, last=month_count(calendar))
    if day is None:
        return
    days = month_days(calendar, year, month)
    if not 1 <= day <= days:
        raise DateRefused(
            NO_SUCH_DAY, month=month_name(calendar, month), year=year, days=days, day=day
        )


class WrittenDate(BaseModel):
    """A date as written on a paper: its calendar and the year, month and day written
    there (month and day left out when the paper gives only a year or a month)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    calendar: Calendar
    year: int = Field(ge=1, le=9999)
    month: int | None = Field(default=None, ge=1, le=13)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _exists(self) -> WrittenDate:
        if self.calendar == Calendar.GREGORIAN:
            raise ValueError("a Gregorian date is stored as the date itself")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        try:
            check(self.calendar, self.year, self.month, self.day)
        except DateRefused as exc:
            raise ValueError(exc.message.format(**exc.params)) from None
        return self

    def to_gregorian(self) -> dt.date:
        """The Gregorian date; a year or a month alone gives its first day."""
        return to_gregorian(self.calendar, self.year, self.month or 1, self.day or 1)

    def text(self) -> str:
        """'1 Farvardin (فروردین / حمل) 1390', 'Esfand (…) 1390' or '1390'."""
        if self.month is None:
            return str(self.year)
        named = month_name(self.calendar, self.month)
        if self.day is None:
            return f"{named} {self.year}"
        return f"{self.day} {named} {self.year}"

    def numeric(self) -> str:
        """As papers write it, day first, in digits: '21/12/1389', '03/1389' or '1389'."""
        parts = [f"{p:02d}" for p in (self.day, self.month) if p is not None]
        return "/".join([*parts, str(self.year)])

    def typed(self) -> str:
        """As the officer types it: '1390-01-01', '1390-12' or '1390'."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


def to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> dt.date:
    """A date of the calendar as a Gregorian date; DateRefused if it does not exist."""
    check(calendar, year, month, day)
    y, m, d = _to_jd_tuple(calendar, year, month, day)
    return dt.date(y, m, d)


def from_gregorian(calendar: Calendar, date: dt.date) -> WrittenDate:
    """A Gregorian date in another calendar (exact to the day)."""
    if calendar == Calendar.SOLAR_HIJRI:
        year, month, day = persian.from_gregorian(date.year, date.month, date.day)
    elif calendar == Calendar.ETHIOPIAN:
        year, month, day = coptic.from_gregorian(date.year, date.month, date.day)
        year += ETHIOPIAN_OFFSET
    elif calendar == Calendar.ISLAMIC:
        year, month, day = islamic.from_gregorian(date.year, date.month, date.day)
    else:
        raise ValueError("a Gregorian date needs no conversion")
    return WrittenDate.model_construct(
        calendar=calendar, year=int(year), month=int(month), day=int(day)
    )


_SEPARATORS = re.compile(r"[-/.\s]+")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits become 0-9 (a tazkira copied as ۱۳۹۰)."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def parse_written(calendar: Calendar, text: str) -> WrittenDate | None:
    """'1390-01-01', '1390/1/1', '1/1/1390' (day first), '1390-12' or '1390' in the given
    calendar; None when empty. Raises DateRefused (with a msgid) when it cannot be read or
    the date does not exist in that calendar."""
    text = _ascii_digits(text.strip())
    if not text:
        return None
    parts = [p for p in _SEPARATORS.split(text) if p]
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        raise DateRefused(BAD_WRITTEN_DATE)
    if len(parts) == 3 and len(parts[2]) == 4 and len(parts[0]) <= 2:
        parts = [parts[2], parts[1], parts[0]]
    if len(parts[0]) != 4:
        raise DateRefused(BAD_WRITTEN_DATE)
    numbers = [int(p) for p in parts]
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    check(calendar, year, month, day)
    return WrittenDate(calendar=calendar, year=year, month=month, day=day)
