"""Mapping a spreadsheet to cases (pure). The header names are the contract.

| column | meaning |
| --- | --- |
| given, family | names as the child says them, original script ([R2]); `given` required |
| given_latin, family_latin | Latin transliteration |
| aliases | other names and spellings, separated by `;` |
| sex | `female`, `male`, `intersex`; or `unknown`, `declined`; empty = not asked ([R1]) |
| birth_date | `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (precision follows the form) |
| declared_age | the age the child gives, when no date is known (a whole number) |
| birth_source | `declared` (default), `document`, `assessed` |
| nationalities | ISO 3166 alpha-2 codes separated by `;` (`SY;TR`); `stateless` |
| languages | ISO 639 codes separated by `;`, the preferred one first |
| interpreter_needed | `yes` / `no` (also `y`/`n`, `true`/`false`, `1`/`0`); `unknown`, `declined` |
| accompaniment | `unaccompanied` (default), `separated`, `accompanied` |
| adult_name, adult_relation | the accompanying adult, for separated or accompanied children |
| arrival_date, arrival_place | `YYYY-MM-DD`, free text |

A file is taken whole or refused (issue 11, finding 7): ``read_sheet`` refuses a header
with an unknown, a duplicated or no ``given`` column (header names are trimmed, so
``given, family`` is two known columns), and marks each row whose shape is wrong: a cell
beyond the header or under a column without a name that holds data, a cell longer than
``CELL_LIMIT``. Missing cells at the end of a row are empty cells; rows of empty cells are
skipped. A cell is never guessed: a word outside a column's list, a number with a sign or
an underscore, a date in another form are refused by line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import ValidationError

from app.domain import case as c
from app.domain.text import InputRefused, shorten
from app.i18n import N_

COLUMNS = (
    "given",
    "family",
    "given_latin",
    "family_latin",
    "aliases",
    "sex",
    "birth_date",
    "declared_age",
    "birth_source",
    "nationalities",
    "languages",
    "interpreter_needed",
    "accompaniment",
    "adult_name",
    "adult_relation",
    "arrival_date",
    "arrival_place",
)
CELL_LIMIT = 2000  # characters in one cell (a name holds at most 200)

EMPTY = N_("{path} is empty.")
NO_ROWS = N_("{path} has a header but no rows.")
UNKNOWN = N_("Unknown columns: {names}. See the README for the column list.")
DUPLICATE = N_("The column {name} appears twice in the header (columns {first} and {second}).")
NO_GIVEN = N_("The header has no “given” column; every child needs a given name.")
UNREADABLE = N_("{path} is not readable CSV at line {line} ({detail}).")
ROW_TOO_LONG = N_("the row has {cells} cells; the header names {columns} columns.")
NAMELESS_COLUMN = N_("column {number} has no name in the header but holds a value in this row.")
CELL_TOO_LONG = N_("the cell holds {length} characters; one cell holds at most {limit}.")
INVALID = N_("invalid value: {detail}")
NOT_IN_LIST = N_("“{value}” is not one of: {choices}.")
NOT_A_NUMBER = N_("“{value}” is not a whole number.")
NOT_A_DATE = N_("“{value}” is not a date written {forms}.")

_YES = ("yes", "y", "true", "1")
_NO = ("no", "n", "false", "0")
_NOT_ANSWERED = ("unknown", "declined")

T = TypeVar("T")


class RowError(Exception):
    def __init__(self, problems: list[c.Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class SheetRow:
    line: int  # where the row starts in the file (a quoted cell may span lines)
    cells: dict[str, str]
    problems: list[c.Problem] = field(default_factory=list)  # shape: cells out of place


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[SheetRow]


def unknown_columns(header: list[str]) -> list[str]:
    return [h for h in header if h.strip() and h.strip() not in COLUMNS]


def _records(text: str, path: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every record, blank lines left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    old_limit = csv.field_size_limit()
    # Cells are measured against CELL_LIMIT below; the csv module's own limit (128 KiB)
    # would stop the read with an error instead of a line and a column.
    csv.field_size_limit(max(old_limit, min(sys.maxsize, len(text) + 1)))
    line = 1
    try:
        for cells in reader:
            if cells:
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputRefused(UNREADABLE, path=path, line=reader.line_num, detail=str(exc)) from None
    finally:
        csv.field_size_limit(old_limit)
    return records


def read_sheet(text: str, *, path: str) -> Sheet:
    """The header and rows of a CSV file's text; refuses (``InputRefused``) a file that
    cannot be taken whole. Rows whose shape is wrong carry their problems."""
    records = _records(text, path)
    if not records:
        raise InputRefused(EMPTY, path=path)
    (_, raw_header), body = records[0], records[1:]
    header = [unicodedata.normalize("NFC", h).strip() for h in raw_header]
    extra = unknown_columns(header)
    if extra:  # the names a file brings are shortened: the refusal stays one short line
        names = [shorten(name, 40) for name in extra[:5]] + (["…"] if len(extra) > 5 else [])
        raise InputRefused(UNKNOWN, names=", ".join(names))
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and name in seen:
            raise InputRefused(DUPLICATE, name=name, first=seen[name], second=number)
        seen.setdefault(name, number)
    if "given" not in seen:
        raise InputRefused(NO_GIVEN)
    rows: list[SheetRow] = []
    for line, raw in body:
        if not any(cell.strip() for cell in raw):
            continue  # a row of empty cells (a spreadsheet's formatted, unused rows)
        problems: list[c.Problem] = []
        last = max((i for i, cell in enumerate(raw) if cell.strip()), default=-1)
        if last >= len(header):
            problems.append(
                c.Problem(
                    field="row",
                    message=ROW_TOO_LONG,
                    params={"cells": last + 1, "columns": len(header)},
                )
            )
        cells: dict[str, str] = {}
        for index, name in enumerate(header):
            value = raw[index] if index < len(raw) else ""
            if not name:
                if value.strip():
                    problems.append(
                        c.Problem(
                            field="row", message=NAMELESS_COLUMN, params={"number": index + 1}
                        )
                    )
                continue
            if len(value) > CELL_LIMIT:
                problems.append(
                    c.Problem(
                        field=name,
                        message=CELL_TOO_LONG,
                        params={"length": len(value), "limit": CELL_LIMIT},
                    )
                )
            cells[name] = value
        rows.append(SheetRow(line=line, cells=cells, problems=problems))
    if not rows:
        raise InputRefused(NO_ROWS, path=path)
    return Sheet(header=[h for h in header if h], rows=rows)


# -- one row to one case ------------------------------------------------------------------
class _CellError(ValueError):
    def __init__(self, column: str, message: str, **params: str | int) -> None:
        super().__init__(message)
        self.problem = c.Problem(field=column, message=message, params=params)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def _digits(value: str) -> str:
    """Any script's decimal digits as 0-9 (an Arabic keyboard types ١٥)."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def _choice(column: str, value: str, choices: tuple[str, ...]) -> str:
    word = value.lower()
    if word not in choices:
        raise _CellError(column, NOT_IN_LIST, value=value, choices=", ".join(choices))
    return word


def _answer(
    column: str, value: str, choices: tuple[str, ...], convert: Callable[[str], T]
) -> c.Answer[T]:
    if not value:
        return c.Answer()
    word = _choice(column, value, (*choices, *_NOT_ANSWERED))
    if word in _NOT_ANSWERED:
        return c.Answer(status=c.AnswerStatus(word))
    return c.Answer.of(convert(word))


def _whole_number(column: str, value: str) -> int | None:
    if not value:
        return None
    digits = _digits(value)
    if not re.fullmatch(r"[0-9]{1,3}", digits):
        raise _CellError(column, NOT_A_NUMBER, value=value)
    return int(digits)


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


def _date(column: str, value: str, *, exact_only: bool) -> tuple[dt.date, c.DatePrecision] | None:
    if not value:
        return None
    forms = "YYYY-MM-DD" if exact_only else "YYYY-MM-DD, YYYY-MM or YYYY"
    match = _DATE.fullmatch(_digits(value))
    if match is None or (exact_only and match.group(3) is None):
        raise _CellError(column, NOT_A_DATE, value=value, forms=forms)
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date = dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        raise _CellError(column, NOT_A_DATE, value=value, forms=forms) from None
    if day is not None:
        return date, c.DatePrecision.EXACT
    if month is not None:
        return date, c.DatePrecision.MONTH
    return date, c.DatePrecision.YEAR


def _birth(get: Callable[[str], str]) -> c.Birth:
    source = c.BirthSource(
        _choice("birth_source", get("birth_source"), tuple(s.value for s in c.BirthSource))
        if get("birth_source")
        else "declared"
    )
    declared = _whole_number("declared_age", get("declared_age"))
    found = _date("birth_date", get("birth_date"), exact_only=False)
    if found is None:
        return c.Birth(declared_age=declared, source=source)
    date, precision = found
    return c.Birth(date=date, precision=precision, declared_age=declared, source=source)


def draft_from_row(row: Mapping[str, str | None], *, today: dt.date) -> c.CaseDraft:
    """Build and validate one case; raises RowError with every problem of the row."""

    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    try:
        nationalities = [n.upper() for n in _split(get("nationalities"))]
        stateless = "STATELESS" in nationalities
        nationalities = [n for n in nationalities if n != "STATELESS"]
        codes = _split(get("languages"))
        adult = None
        if get("adult_name") or get("adult_relation"):
            adult = c.Adult(name=get("adult_name"), relation=get("adult_relation"))
        arrival = _date("arrival_date", get("arrival_date"), exact_only=True)
        draft = c.CaseDraft(
            names=c.Names(
                given=get("given"),
                family=get("family"),
                given_latin=get("given_latin"),
                family_latin=get("family_latin"),
                aliases=_split(get("aliases")),
            ),
            sex=_answer("sex", get("sex"), tuple(s.value for s in c.Sex), c.Sex),
            birth=_birth(get),
            nationalities=nationalities,
            stateless=c.Answer.of(True) if stateless else c.Answer(),
            languages=[
                c.Language(code=code.lower(), preferred=i == 0) for i, code in enumerate(codes)
            ],
            interpreter_needed=_answer(
                "interpreter_needed", get("interpreter_needed"), (*_YES, *_NO), _YES.__contains__
            ),
            separation=c.Separation(
                status=c.Accompaniment(
                    _choice(
                        "accompaniment",
                        get("accompaniment") or "unaccompanied",
                        tuple(a.value for a in c.Accompaniment),
                    )
                ),
                adult=adult,
            ),
            arrival=c.Arrival(date=arrival[0] if arrival else None, place=get("arrival_place")),
        )
    except _CellError as exc:
        raise RowError([exc.problem]) from None
    except ValidationError as exc:
        raise RowError(
            [
                c.Problem(
                    field=".".join(str(p) for p in err["loc"]) or "row",
                    message=INVALID,
                    params={"detail": err["msg"]},
                )
                for err in exc.errors()
            ]
        ) from None
    problems = c.validate_case(draft, today=today)
    if problems:
        raise RowError(problems)
    return draft


@dataclass(frozen=True)
class Reading:
    """What a sheet holds: a case per row, or the rows that are refused and why."""

    drafts: list[c.CaseDraft]
    refused: list[tuple[int, list[c.Problem]]]  # (line, problems)
    rows: int


def read_cases(sheet: Sheet, *, today: dt.date) -> Reading:
    drafts: list[c.CaseDraft] = []
    refused: list[tuple[int, list[c.Problem]]] = []
    for row in sheet.rows:
        if row.problems:  # cells out of place: the row is not read further
            refused.append((row.line, row.problems))
            continue
        try:
            drafts.append(draft_from_row(row.cells, today=today))
        except RowError as exc:
            refused.append((row.line, exc.problems))
    return Reading(drafts=drafts, refused=refused, rows=len(sheet.rows))
