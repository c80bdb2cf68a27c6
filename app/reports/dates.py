"""Dates on documents, with the date as written on the child's papers (issue 12, item 14).

An Afghan tazkira is dated in the Solar Hijri calendar, Eritrean and Ethiopian papers in
the Ethiopian one: the case keeps the Gregorian date (every rule uses it) and, beside it,
the date as written (``app.domain.calendars.WrittenDate``). A document shows both, in its
own language: "12 March 2011 (as written: 21/12/1389, Solar Hijri calendar)". The two
dates are isolates (FSI … PDI), so that on a right-to-left page each keeps its own order
and the sentence around them takes the page's direction.
"""

from __future__ import annotations

import datetime as dt

from app.domain.calendars import AS_WRITTEN, CALENDAR_SHORT_NAMES, WrittenDate
from app.i18n import babel_locale
from app.reports.layout import Document, isolate, plain


def day_text(value: dt.date, language: str, precision: str = "exact") -> str:
    """A date in the language's long form, only as precise as it is known: "12 March
    2011", "March 2011" (a month) or "2011" (a year), without bidi controls."""
    from babel.dates import format_date, format_skeleton

    locale = babel_locale(language)
    if precision in ("year", "declared_age"):  # "declared age only": no known day or month
        return str(value.year)
    if precision == "month":
        return plain(format_skeleton("yMMMM", value, locale=locale))
    return plain(format_date(value, format="long", locale=locale))


def with_written(doc: Document, gregorian: str, written: WrittenDate | None) -> tuple[str, bool]:
    """``gregorian`` (already written out) with the date as written on the papers and its
    calendar's name, in the document's language. Returns the text and whether it is a
    composed pattern (its data parts isolated) rather than one value to isolate."""
    if written is None:
        return gregorian, False
    calendar = doc.label(CALENDAR_SHORT_NAMES[written.calendar])
    text = doc.tr(AS_WRITTEN).format(
        date=isolate(gregorian), written=isolate(written.numeric()), calendar=calendar
    )
    doc.drawn_msgids.append(AS_WRITTEN)
    return text, True
