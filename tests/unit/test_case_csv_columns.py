"""Every column of the spreadsheet contract (app/domain/case_csv.py's table) lands in its
field: a row with every column filled becomes exactly the case the table describes.

test_case_csv.py covers [R1]'s three answers; mutation testing (tools/mutation.py)
showed that reading any other column from the wrong name, dropping the comma separator
or the preferred language went unnoticed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import case as c
from app.domain.case_csv import RowError, draft_from_row, unknown_columns

TODAY = dt.date(2026, 11, 23)

FULL_ROW = {
    "given": "داوود",
    "family": "حسن",
    "given_latin": "Dawood",
    "family_latin": "Hassan",
    "aliases": "Dawud Hasan; Daud, Dawood H.",
    "sex": "male",
    "birth_date": "2011-05-03",
    "declared_age": "15",
    "birth_source": "document",
    "nationalities": "sy, tr",
    "languages": "AR;prs",
    "interpreter_needed": "Yes",
    "accompaniment": "Separated",
    "adult_name": "Ali Hassan",
    "adult_relation": "uncle",
    "arrival_date": "2026-10-30",
    "arrival_place": "Lampedusa",
}


def test_every_column_lands_in_its_field() -> None:
    assert unknown_columns(list(FULL_ROW)) == []
    assert draft_from_row(FULL_ROW, today=TODAY) == c.CaseDraft(
        names=c.Names(
            given="داوود",
            family="حسن",
            given_latin="Dawood",
            family_latin="Hassan",
            aliases=["Dawud Hasan", "Daud", "Dawood H."],
        ),
        sex=c.Answer.of(c.Sex.MALE),
        birth=c.Birth(
            date=dt.date(2011, 5, 3),
            precision=c.DatePrecision.EXACT,
            declared_age=15,
            source=c.BirthSource.DOCUMENT,
        ),
        nationalities=["SY", "TR"],
        languages=[c.Language(code="ar", preferred=True), c.Language(code="prs")],
        interpreter_needed=c.Answer.of(True),
        separation=c.Separation(
            status=c.Accompaniment.SEPARATED, adult=c.Adult(name="Ali Hassan", relation="uncle")
        ),
        arrival=c.Arrival(date=dt.date(2026, 10, 30), place="Lampedusa"),
    )


def test_a_row_with_only_a_given_name() -> None:
    assert draft_from_row({"given": "Amina", "declared_age": "14"}, today=TODAY) == c.CaseDraft(
        names=c.Names(given="Amina"), birth=c.Birth(declared_age=14)
    )


@pytest.mark.parametrize(
    ("cell", "birth"),
    [
        ("2011", c.Birth(date=dt.date(2011, 1, 1), precision=c.DatePrecision.YEAR)),
        ("2011-05", c.Birth(date=dt.date(2011, 5, 1), precision=c.DatePrecision.MONTH)),
        ("2011-05-03", c.Birth(date=dt.date(2011, 5, 3), precision=c.DatePrecision.EXACT)),
    ],
)
def test_the_birth_date_precision_follows_its_form(cell: str, birth: c.Birth) -> None:
    assert draft_from_row({"given": "Amina", "birth_date": cell}, today=TODAY).birth == birth


def test_declared_age_and_source_with_a_year_or_a_month() -> None:
    for cell in ("2011", "2011-05"):
        row = {
            "given": "Amina",
            "birth_date": cell,
            "declared_age": "15",
            "birth_source": "assessed",
        }
        birth = draft_from_row(row, today=TODAY).birth
        assert (birth.declared_age, birth.source) == (15, c.BirthSource.ASSESSED)


@pytest.mark.parametrize("cell", ["stateless", "Stateless", "STATELESS"])
def test_stateless_is_an_answer_not_a_country(cell: str) -> None:
    draft = draft_from_row(
        {"given": "Amina", "declared_age": "14", "nationalities": cell}, today=TODAY
    )
    assert (draft.stateless, draft.nationalities) == (c.Answer.of(True), [])


@pytest.mark.parametrize(
    ("cell", "needed"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("no", False), ("0", False)],
)
def test_interpreter_needed_words(cell: str, needed: bool) -> None:
    row = {"given": "Amina", "declared_age": "14", "interpreter_needed": cell}
    assert draft_from_row(row, today=TODAY).interpreter_needed == c.Answer.of(needed)


@pytest.mark.parametrize(
    ("cells", "separation"),
    [
        ({}, c.Separation(status=c.Accompaniment.UNACCOMPANIED)),
        (
            {"accompaniment": "ACCOMPANIED", "adult_relation": "aunt"},
            c.Separation(status=c.Accompaniment.ACCOMPANIED, adult=c.Adult(relation="aunt")),
        ),
    ],
)
def test_accompaniment(cells: dict, separation: c.Separation) -> None:
    row = {"given": "Amina", "declared_age": "14", **cells}
    assert draft_from_row(row, today=TODAY).separation == separation


def test_an_adult_named_without_a_relation_is_refused() -> None:
    row = {"given": "Amina", "declared_age": "14", "accompaniment": "separated"}
    with pytest.raises(RowError) as refused:
        draft_from_row({**row, "adult_name": "Ali"}, today=TODAY)
    assert [p.field for p in refused.value.problems] == ["separation.adult.relation"]


def test_a_refused_row_names_the_column_and_the_reason() -> None:
    with pytest.raises(RowError) as refused:
        draft_from_row({"given": "", "declared_age": "14"}, today=TODAY)
    [problem] = refused.value.problems
    assert problem.field == "given"
    assert "at least 1 character" in str(problem.params["detail"])

    with pytest.raises(RowError) as refused:
        draft_from_row({"given": "Amina", "birth_date": "2027-01-02"}, today=TODAY)
    assert [p.field for p in refused.value.problems] == ["birth.date"]


def test_birth_source_without_a_date() -> None:
    row = {"given": "Amina", "declared_age": "15", "birth_source": "assessed"}
    assert draft_from_row(row, today=TODAY).birth == c.Birth(
        declared_age=15, source=c.BirthSource.ASSESSED
    )


def test_an_adult_name_alone_is_kept() -> None:
    """Data in a known column is never dropped: the adult's name without a relation is
    kept for an unaccompanied child (the relation is required only when accompanied)."""
    row = {"given": "Amina", "declared_age": "14", "adult_name": "Ali Hassan"}
    assert draft_from_row(row, today=TODAY).separation.adult == c.Adult(name="Ali Hassan")
