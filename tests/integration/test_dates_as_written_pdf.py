"""Dates as written on the child's papers, on the documents (issue 12, item 14).

A child whose date of birth was copied from an Afghan tazkira in the Solar Hijri calendar
(21/12/1389 = 12 March 2011) and whose Eritrean paper expires on 1 Meskerem 2018 in the
Ethiopian calendar (11 September 2025). The real PDFs are read back with pdftotext
(poppler: what a person copying from the PDF gets) and pdfminer.six (the content stream,
logical order): each shows the Gregorian date and, beside it, the date as written with its
calendar's name, in English and in Arabic. The age record is printed by the real service
from a real vault; the referral forms (every type, the missing-child notice included) by
the form builder from the data the referral service gives it, the birth date only on the
types whose recipients need it ([G8]).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from babel.dates import format_date

from app.domain.calendars import AS_WRITTEN, CALENDAR_SHORT_NAMES, Calendar, WrittenDate
from app.domain.case import Birth, BirthSource, DatePrecision, DocumentSeen
from app.i18n import babel_locale, set_language, translations_for
from app.reports import referral_form as rf
from bench.referral_pdf import sample
from tests.integration.test_age_pdf import NAMES, PASS, concluded_case, run_assessment
from tests.integration.test_referral_pdf import normalise, pdfminer_text

BORN = WrittenDate(calendar=Calendar.SOLAR_HIJRI, year=1389, month=12, day=21)
EXPIRES = WrittenDate(calendar=Calendar.ETHIOPIAN, year=2018, month=1, day=1)
LANGUAGES = ("en", "ar")

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler not installed")


def test_the_papers_dates_convert_to_the_days_printed() -> None:
    # checked against the calendars' own reference dates in tests/unit/test_calendars.py
    assert BORN.to_gregorian() == dt.date(2011, 3, 12)
    assert EXPIRES.to_gregorian() == dt.date(2025, 9, 11)
    assert (BORN.numeric(), EXPIRES.numeric()) == ("21/12/1389", "01/01/2018")


def gregorian(day: dt.date, language: str) -> str:
    return normalise(format_date(day, format="long", locale=babel_locale(language)))


def as_written(day: dt.date, written: WrittenDate, language: str) -> str:
    """The sentence the document must carry, in logical order."""
    tr = translations_for(language).gettext
    return normalise(
        tr(AS_WRITTEN).format(
            date=gregorian(day, language),
            written=written.numeric(),
            calendar=tr(CALENDAR_SHORT_NAMES[written.calendar]),
        )
    )


def first_page_text(pdf: bytes) -> str:
    """pdfminer.six's text of the first page (logical order), as the other PDF tests
    normalise it."""
    import io

    from pdfminer.high_level import extract_text

    return normalise(extract_text(io.BytesIO(pdf), maxpages=1))


def poppler_lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [normalise(line) for line in out.stdout.splitlines()]


def assert_both_dates(
    lines: list[str], label: str, day: dt.date, written: WrittenDate, language: str
):
    """pdftotext gives a right-to-left line in poppler's visual reordering (a colon or a
    comma may move beside the number it follows): every piece of both dates must be on
    the label's line, words whole, and in English the sentence exactly."""
    tr = translations_for(language).gettext
    # the label's line ("Assigned date of birth" starts with the same words in Arabic)
    [line] = [line for line in lines if line.startswith(tr(label)) and written.numeric() in line]
    if language == "en":
        assert as_written(day, written, language) in line, line
        return
    calendar = tr(CALENDAR_SHORT_NAMES[written.calendar])
    for piece in [*gregorian(day, language).split(), written.numeric(), calendar]:
        assert piece in line, (piece, line)
    assert normalise(tr(AS_WRITTEN)).split("{written}")[0].split("(")[1].strip(" :") in line


# ---- the age-assessment record, printed by the service from a real vault -----------------


@pytest.mark.slow
def test_the_age_record_prints_the_birth_and_expiry_dates_as_written(
    vault_dir: Path, manager, tmp_path: Path
) -> None:
    from app.services import auth, cases, files, history

    case_id = concluded_case(vault_dir, manager, NAMES[0])
    draft = cases.open_case(manager, case_id).draft
    cases.update_case(
        manager,
        case_id,
        draft.model_copy(
            update={
                "birth": Birth(
                    date=BORN.to_gregorian(),
                    precision=DatePrecision.EXACT,
                    source=BirthSource.DECLARED,  # a genuine document would end the doubt [A2]
                    declared_age=16,
                    date_written=BORN,
                ),
                "documents": [
                    DocumentSeen(
                        type="Kebele ID",
                        number="ER-0042",
                        issuing_state="ER",
                        expiry=EXPIRES.to_gregorian(),
                        expiry_written=EXPIRES,
                    )
                ],
            }
        ),
    )
    manager.close()
    run_assessment(vault_dir, case_id)
    session = auth.sign_in(vault_dir, "Social Sam", PASS["Social Sam"])
    try:
        for language in LANGUAGES:
            set_language(language)  # the record is printed in the UI's language
            out = tmp_path / f"record-{language}.pdf"
            files.save_age_record_pdf(session, case_id, out)
            tr = translations_for(language).gettext
            logical = pdfminer_text(out.read_bytes())
            born = as_written(BORN.to_gregorian(), BORN, language)
            expires = as_written(EXPIRES.to_gregorian(), EXPIRES, language)
            assert (
                normalise(tr("{label}: {value}").format(label=tr("Date of birth"), value=born))
                in logical
            )
            document = normalise(
                tr("{document}, valid until {date}").format(
                    document=f"Kebele ID ER-0042 ({_country('ER', language)})",
                    date=expires,
                )
            )
            assert document in re.sub(r"\s*\n\s*", " ", logical), logical
            if shutil.which("pdftotext"):
                lines = poppler_lines(out)
                assert_both_dates(lines, "Date of birth", BORN.to_gregorian(), BORN, language)
                # the document's line may wrap: its calendar's name on the next line
                joined = [" ".join(lines)]
                for piece in (*gregorian(EXPIRES.to_gregorian(), language).split(), "01/01/2018"):
                    assert piece in joined[0], piece
                assert tr("Ethiopian calendar") in joined[0]
        # [A13] The conclusion replaced the case's date of birth with the assigned one and
        # took the papers' date away with it (kept, the form would give it back and its
        # next save would undo the assigned date); the history keeps it, in words.
        set_language("en")
        birth = cases.open_case(session, case_id).draft.birth
        assert birth.source == BirthSource.ASSESSED and birth.date != BORN.to_gregorian()
        assert birth.date_written is None
        rows = [
            row.value
            for row in history.case_activity(session, case_id).history
            if row.what == "Date of birth as written on the papers"
        ]
        assert rows[0] == "—"  # newest first: removed by the conclusion
        assert normalise(rows[1]) == (
            "Mar 12, 2011; on the papers: 21 Esfand (اسفند / حوت) 1389,"
            " Solar Hijri calendar (Afghanistan, Iran)"
        )
    finally:
        set_language("en")
        session.close()


def _country(code: str, language: str) -> str:
    from app.i18n.names import COUNTRY, display

    return display(COUNTRY, code, language)


# ---- the referral forms, every type ------------------------------------------------------


@cache
def referral(referral_type: str, language: str) -> bytes:
    data = dataclasses.replace(
        sample(referral_type, language),
        birth_date=BORN.to_gregorian(),
        birth_date_written=BORN,
    )
    return rf.build_referral_pdf_checked(data).pdf


@pytest.mark.parametrize("language", LANGUAGES)
@needs_poppler
def test_every_referral_form_prints_the_birth_date_as_written_where_it_prints_it(
    language: str, tmp_path: Path
) -> None:
    set_language("en")  # the form takes the recipient's language, whatever the UI's
    born = as_written(BORN.to_gregorian(), BORN, language)
    tr = translations_for(language).gettext
    label = normalise(tr("{label}: {value}").format(label=tr("Date of birth"), value=born))
    carries = []
    for referral_type in rf.TYPES:
        pdf = referral(referral_type, language)
        path = tmp_path / f"{referral_type}.pdf"
        path.write_bytes(pdf)
        text = "\n".join(poppler_lines(path))
        if rf.BIRTH_DATE in rf.fields_for(referral_type):
            carries.append(referral_type)
            assert_both_dates(
                text.splitlines(), "Date of birth", BORN.to_gregorian(), BORN, language
            )
            logical = first_page_text(pdf)  # the child's section is on the first page
            assert label in logical, (referral_type, logical[:600])
        else:  # [G8] a recipient that needs no birth date gets neither date
            assert "1389" not in text and "2011" not in text, referral_type
    assert carries == [rf.GUARDIAN, rf.HEALTH, rf.POLICE_MISSING]


def test_a_form_without_a_date_as_written_prints_the_gregorian_date_alone() -> None:
    data = dataclasses.replace(sample(rf.HEALTH, "en"), birth_date=dt.date(2011, 3, 12))
    logical = first_page_text(rf.build_referral_pdf_checked(data).pdf)
    assert "Date of birth: March 12, 2011\n" in logical
    assert "as written" not in logical
    # a date known by its year (or month) is printed so, never as 1 January of it
    for precision, shown in (("year", "2011"), ("month", "March 2011")):
        data = dataclasses.replace(
            sample(rf.POLICE_MISSING, "en"),
            birth_date=dt.date(2011, 1, 1) if precision == "year" else dt.date(2011, 3, 1),
            birth_precision=precision,
        )
        assert f"Date of birth: {shown}\n" in first_page_text(rf.build_referral_pdf(data))


@needs_poppler
def test_the_arabic_birth_date_reads_right_to_left(tmp_path: Path) -> None:
    """On the Arabic page the line starts at the right with the label's first letter; to
    its left the Gregorian date (day, then year further left), then the date as written,
    then its calendar's name, leftmost: read by the x positions of the glyphs
    (pdftotext -bbox, which gives Arabic letter by letter)."""
    path = tmp_path / "health-ar.pdf"
    path.write_bytes(referral(rf.HEALTH, "ar"))
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)
    [y] = [y for _x, y, w in words if w == "21/12/1389"]
    row = [(float(x), normalise(w)) for x, yy, w in words if yy == y and normalise(w).strip()]
    at = {w: x for x, w in row}
    tr = translations_for("ar").gettext
    assert max(row)[1] == tr("Date of birth")[0]  # the label's first letter, rightmost
    assert at["12"] > at["2011"] > at["21/12/1389"]
    calendar = tr("Solar Hijri calendar").replace(" ", "")
    left = "".join(w for x, w in sorted(row, reverse=True) if x < at["21/12/1389"])
    assert calendar in left, left  # its letters right to left, after the date as written
