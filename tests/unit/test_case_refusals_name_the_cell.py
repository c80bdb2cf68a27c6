"""A refused spreadsheet cell or case string says where and what: the column (or the
field path the form shows it beside) and the text as written.

For the CSV cell checks and the case text rules added with commit 4f97430; mutation testing
(tools/mutation.py) showed that naming the wrong column, dropping the value or the
accepted forms from the message, or reporting an answer's value as "<field>.value" went
unnoticed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import case as c
from app.domain import case_csv
from app.domain.case_csv import RowError, draft_from_row

TODAY = dt.date(2026, 11, 23)
ANY_DATE = "YYYY-MM-DD, YYYY-MM or YYYY"


@pytest.mark.parametrize(
    ("cells", "column", "message", "params"),
    [
        (
            {"birth_date": "2011-13-40"},
            "birth_date",
            case_csv.NOT_A_DATE,
            {"value": "2011-13-40", "forms": ANY_DATE},
        ),
        (
            {"birth_date": "0000"},  # there is no year 0
            "birth_date",
            case_csv.NOT_A_DATE,
            {"value": "0000", "forms": ANY_DATE},
        ),
        (
            {"birth_date": "May 2011"},
            "birth_date",
            case_csv.NOT_A_DATE,
            {"value": "May 2011", "forms": ANY_DATE},
        ),
        # an arrival is a day: neither a month nor a year
        (
            {"arrival_date": "2026-10"},
            "arrival_date",
            case_csv.NOT_A_DATE,
            {"value": "2026-10", "forms": "YYYY-MM-DD"},
        ),
        (
            {"declared_age": "fifteen"},
            "declared_age",
            case_csv.NOT_A_NUMBER,
            {"value": "fifteen"},
        ),
        (
            {"birth_source": "guess"},
            "birth_source",
            case_csv.NOT_IN_LIST,
            {"value": "guess", "choices": "declared, document, assessed"},
        ),
        (
            {"accompaniment": "alone"},
            "accompaniment",
            case_csv.NOT_IN_LIST,
            {"value": "alone", "choices": "unaccompanied, separated, accompanied"},
        ),
    ],
)
def test_a_refused_cell_names_its_column_and_what_was_written(
    cells: dict, column: str, message: str, params: dict
) -> None:
    with pytest.raises(RowError) as refused:
        draft_from_row({"given": "Amina", "declared_age": "14", **cells}, today=TODAY)
    assert [(p.field, p.message, p.params) for p in refused.value.problems] == [
        (column, message, params)
    ]


def test_an_interpreter_cell_outside_the_list_names_its_column() -> None:
    with pytest.raises(RowError) as refused:
        draft_from_row(
            {"given": "Amina", "declared_age": "14", "interpreter_needed": "maybe"}, today=TODAY
        )
    [problem] = refused.value.problems
    assert (problem.field, problem.message, problem.params["value"]) == (
        "interpreter_needed",
        case_csv.NOT_IN_LIST,
        "maybe",
    )


def test_accompaniment_is_read_in_any_case_and_defaults_to_unaccompanied() -> None:
    row = {"given": "Amina", "declared_age": "14"}
    assert draft_from_row(row, today=TODAY).separation.status is c.Accompaniment.UNACCOMPANIED
    row = {**row, "accompaniment": "Unaccompanied"}
    assert draft_from_row(row, today=TODAY).separation.status is c.Accompaniment.UNACCOMPANIED


@pytest.mark.parametrize(
    ("cells", "birth"),
    [
        ({"declared_age": "١٥"}, c.Birth(declared_age=15)),  # Arabic-Indic digits
        ({"declared_age": "۱۵"}, c.Birth(declared_age=15)),  # Persian digits
        (
            {"birth_date": "٢٠١١-٠٥"},
            c.Birth(date=dt.date(2011, 5, 1), precision=c.DatePrecision.MONTH),
        ),
    ],
)
def test_digits_typed_on_another_keyboard_are_digits(cells: dict, birth: c.Birth) -> None:
    assert draft_from_row({"given": "Amina", **cells}, today=TODAY).birth == birth


def test_an_answers_text_is_checked_at_its_field() -> None:
    """[R2] The nickname is a name (name rules); the place of origin is text. A problem in
    an answer is shown at the answer's field, not at "<field>.value"."""
    draft = c.CaseDraft(
        names=c.Names(given="Amina", nickname=c.Answer.of("Du\u200bdu")),
        birth=c.Birth(declared_age=14),
        place_of_origin=c.Answer.of("Kab\u202eul"),
        gender_identity=c.Answer.of("girl\u200b"),  # invisible, but not in a name: allowed
    )
    found = [(p.field, p.params) for p in c.validate_case(draft, today=TODAY)]
    assert found == [
        ("names.nickname", {"code": "U+200B"}),
        ("place_of_origin", {"code": "U+202E"}),
    ]
