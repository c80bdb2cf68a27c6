"""Mapping a spreadsheet row to a case (pure). The header names are the contract.

| column | meaning |
| --- | --- |
| given, family | names as the child says them, original script ([R2]); `given` required |
| given_latin, family_latin | Latin transliteration |
| aliases | other names and spellings, separated by `;` |
| sex | `female`, `male`, `intersex`; or `unknown`, `declined`; empty = not asked ([R1]) |
| birth_date | `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (precision follows the form) |
| declared_age | the age the child gives, when no date is known |
| birth_source | `declared` (default), `document`, `assessed` |
| nationalities | ISO 3166 alpha-2 codes separated by `;` (`SY;TR`); `stateless` |
| languages | ISO 639 codes separated by `;`, the preferred one first |
| interpreter_needed | `yes` / `no` |
| accompaniment | `unaccompanied` (default), `separated`, `accompanied` |
| adult_name, adult_relation | the accompanying adult, for separated or accompanied children |
| arrival_date, arrival_place | `YYYY-MM-DD`, free text |

Unknown columns are refused (a typo must not drop data silently).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import ValidationError

from app.domain import case as c
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


class RowError(Exception):
    def __init__(self, problems: list[c.Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def unknown_columns(header: list[str]) -> list[str]:
    return [h for h in header if h.strip() not in COLUMNS]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def _answer(value: str, convert):
    value = value.strip()
    if not value:
        return c.Answer()
    if value.lower() in ("unknown", "declined"):
        return c.Answer(status=c.AnswerStatus(value.lower()))
    return c.Answer.of(convert(value))


def _birth(row: Mapping[str, str]) -> c.Birth:
    text = row.get("birth_date", "").strip()
    source = c.BirthSource(row.get("birth_source", "").strip() or "declared")
    age = row.get("declared_age", "").strip()
    declared = int(age) if age else None
    if not text:
        return c.Birth(declared_age=declared, source=source)
    parts = text.split("-")
    if len(parts) == 1:
        return c.Birth(
            date=dt.date(int(parts[0]), 1, 1),
            precision=c.DatePrecision.YEAR,
            declared_age=declared,
            source=source,
        )
    if len(parts) == 2:
        return c.Birth(
            date=dt.date(int(parts[0]), int(parts[1]), 1),
            precision=c.DatePrecision.MONTH,
            declared_age=declared,
            source=source,
        )
    return c.Birth(
        date=dt.date.fromisoformat(text),
        precision=c.DatePrecision.EXACT,
        declared_age=declared,
        source=source,
    )


def draft_from_row(row: Mapping[str, str], *, today: dt.date) -> c.CaseDraft:
    """Build and validate one case; raises RowError with every problem of the row."""
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    try:
        nationalities = [n.upper() for n in _split(get("nationalities"))]
        stateless = "STATELESS" in nationalities
        nationalities = [n for n in nationalities if n != "STATELESS"]
        codes = _split(get("languages"))
        adult = None
        if get("adult_name") or get("adult_relation"):
            adult = c.Adult(name=get("adult_name"), relation=get("adult_relation"))
        draft = c.CaseDraft(
            names=c.Names(
                given=get("given"),
                family=get("family"),
                given_latin=get("given_latin"),
                family_latin=get("family_latin"),
                aliases=_split(get("aliases")),
            ),
            sex=_answer(get("sex"), lambda v: c.Sex(v.lower())),
            birth=_birth(row),
            nationalities=nationalities,
            stateless=c.Answer.of(True) if stateless else c.Answer(),
            languages=[
                c.Language(code=code.lower(), preferred=i == 0) for i, code in enumerate(codes)
            ],
            interpreter_needed=_answer(
                get("interpreter_needed"), lambda v: v.lower() in ("yes", "y", "true", "1")
            ),
            separation=c.Separation(
                status=c.Accompaniment(get("accompaniment").lower() or "unaccompanied"), adult=adult
            ),
            arrival=c.Arrival(
                date=dt.date.fromisoformat(get("arrival_date")) if get("arrival_date") else None,
                place=get("arrival_place"),
            ),
        )
    except ValidationError as exc:
        raise RowError(
            [
                c.Problem(
                    field=".".join(str(p) for p in err["loc"]) or "row",
                    message=N_("invalid value: {detail}"),
                    params={"detail": err["msg"]},
                )
                for err in exc.errors()
            ]
        ) from None
    except ValueError as exc:
        raise RowError(
            [
                c.Problem(
                    field="row", message=N_("invalid value: {detail}"), params={"detail": str(exc)}
                )
            ]
        ) from None
    problems = c.validate_case(draft, today=today)
    if problems:
        raise RowError(problems)
    return draft
