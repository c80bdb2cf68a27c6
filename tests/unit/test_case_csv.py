"""A spreadsheet row becomes a case (app/domain/case_csv.py), keeping [R1]'s answers apart."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.case import Answer, AnswerStatus, Sex
from app.domain.case_csv import NOT_IN_LIST, RowError, draft_from_row

TODAY = dt.date(2026, 11, 23)


def row(**cells: str) -> dict[str, str]:
    return {"given": "Dawit", "family": "Kidane", "birth_date": "2011-07", **cells}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", Answer()),  # not asked yet
        ("unknown", Answer(status=AnswerStatus.UNKNOWN)),
        ("declined", Answer(status=AnswerStatus.DECLINED)),  # the child did not want to say
        (" Declined ", Answer(status=AnswerStatus.DECLINED)),
        ("UNKNOWN", Answer(status=AnswerStatus.UNKNOWN)),
        ("female", Answer.of(Sex.FEMALE)),
        ("Intersex", Answer.of(Sex.INTERSEX)),
    ],
)
def test_a_sex_cell_keeps_not_asked_unknown_and_declined_apart(cell, expected) -> None:
    """[R1] Three different answers, as the README's CSV table says; a refusal is kept
    as a refusal and never blocks the row."""
    assert draft_from_row(row(sex=cell), today=TODAY).sex == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", Answer()),
        ("unknown", Answer(status=AnswerStatus.UNKNOWN)),
        ("declined", Answer(status=AnswerStatus.DECLINED)),
        ("yes", Answer.of(True)),
        ("no", Answer.of(False)),
    ],
)
def test_an_interpreter_cell_keeps_the_same_three_answers_apart(cell, expected) -> None:
    assert draft_from_row(row(interpreter_needed=cell), today=TODAY).interpreter_needed == expected


def test_a_word_outside_the_list_is_refused_not_read_as_unknown() -> None:
    with pytest.raises(RowError) as refused:
        draft_from_row(row(sex="refused"), today=TODAY)
    assert [p.field for p in refused.value.problems] == ["sex"]
    assert refused.value.problems[0].message == NOT_IN_LIST
    assert refused.value.problems[0].params == {
        "value": "refused",
        "choices": "female, male, intersex, unknown, declined",
    }
