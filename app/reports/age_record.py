"""The age-assessment record as a PDF (age-assessment.md, "What the record carries").

Pure layout over ``AgeRecordData``: the service gathers the data (and audits the print),
this module only draws, in the active UI language, on the case-file layout of
``app/reports/layout.py`` with the text engine of ``app/reports/text.py``. Every word it
draws is a msgid; names and free text are drawn as entered, in their own script. Nothing
about sexual maturity or genitalia exists to be drawn ([A8]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.age import (
    METHODS,
    Assessor,
    Conclusion,
    Doubt,
    DoubtGround,
    MethodResult,
    Preconditions,
    Profession,
)
from app.domain.calendars import WrittenDate
from app.i18n import N_, _, active_language, babel_locale, format_date, format_number
from app.reports.dates import day_text, with_written
from app.reports.layout import Document, isolate, plain
from app.reports.text import missing_characters

GROUNDS = {
    DoubtGround.STATEMENTS: N_("The child's statements about their age do not agree"),
    DoubtGround.DOCUMENTS: N_("Documents or records contradict the stated age"),
    DoubtGround.OTHER: N_("Another reason (say which in the reason)"),
    DoubtGround.APPEARANCE: N_("Physical appearance"),
}
PROFESSIONS = {
    Profession.SOCIAL_WORKER: N_("social worker"),
    Profession.PSYCHOLOGIST: N_("psychologist"),
    Profession.PAEDIATRICIAN: N_("paediatrician"),
    Profession.OTHER: N_("other profession"),
}
# On its own in the signature block, written as the window writes it (walkthrough A10:
# the record said "Profession: psychologist" where the window says "Psychologist")
PROFESSION_TITLES = {
    Profession.SOCIAL_WORKER: N_("Social worker"),
    Profession.PSYCHOLOGIST: N_("Psychologist"),
    Profession.PAEDIATRICIAN: N_("Paediatrician"),
    Profession.OTHER: N_("Other profession"),
}


@dataclass(frozen=True)
class DocumentConsidered:
    """A document seen ([A2]): its type, number and issuing state in words, and its expiry
    (Gregorian) with the expiry as written on it in its own calendar."""

    text: str
    expiry: dt.date | None = None
    expiry_written: WrittenDate | None = None


@dataclass(frozen=True)
class AgeRecordData:
    centre: str
    case_number: str
    name_original: str
    name_latin: str
    declared_age: str
    doubt: Doubt
    documents: Sequence[str | DocumentConsidered]
    preconditions: Preconditions
    results: list[MethodResult]
    corrections: list[dict] = field(default_factory=list)
    conclusion: Conclusion | None = None
    signatures: list[Assessor] = field(default_factory=list)
    child_view: str = ""
    challenge: dict[str, str] = field(default_factory=dict)
    printed_on: dt.date = field(default_factory=dt.date.today)
    organisation: str = ""
    signed_on: dict[str, dt.date] = field(default_factory=dict)  # user id -> date
    # The date of birth the case holds before the conclusion (Gregorian, with its precision:
    # "exact", "month", "year"), and as written on the child's papers in their calendar.
    birth_date: dt.date | None = None
    birth_precision: str = "exact"
    birth_written: WrittenDate | None = None


@dataclass(frozen=True)
class BuiltRecord:
    pdf: bytes
    # Characters no bundled font draws (printed as a visible mark; the name is also
    # printed in Latin letters): the command says so.
    missing: list[str]
    msgids: list[str]


def document_date(value: dt.date | str | None) -> str:
    """A date for a document: the language's long form, without bidi controls."""
    if not value:
        return "—"
    if isinstance(value, str):
        written = value
        try:
            value = dt.date.fromisoformat(written)
        except ValueError:
            return written
    return plain(format_date(value, fmt="long"))


def language_name(code: str, language: str | None = None) -> str:
    """A language (ISO 639-3 or 639-1 code) named in the document's language (CLDR)."""
    import pycountry

    if not code:
        return "—"
    key = code
    if len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
        key = getattr(found, "alpha_2", None) or code
    if key == "prs":
        key = "fa_AF"  # CLDR names Dari as the Persian of Afghanistan
    names = babel_locale(language or active_language()).languages
    return names.get(key) or names.get(code) or code


def _document_line(doc: Document, document: DocumentConsidered) -> str:
    """'Tazkira 123 (Afghanistan), valid until 21 March 2026 (as written: 01/01/1405,
    Solar Hijri calendar)'; the document's words as typed, isolated."""
    if document.expiry is None:
        return document.text
    expiry, composed = with_written(
        doc, day_text(document.expiry, doc.language), document.expiry_written
    )
    return doc.label(N_("{document}, valid until {date}")).format(
        document=isolate(document.text), date=expiry if composed else isolate(expiry)
    )


def _number(value: int | None) -> str:
    return "—" if value is None else format_number(value)


def build_age_record(data: AgeRecordData) -> bytes:
    return build_age_record_checked(data).pdf


def build_age_record_checked(data: AgeRecordData) -> BuiltRecord:
    doc = Document(title=_("Age assessment record"), case_number=data.case_number)
    label = doc.label
    yes, no = label(N_("yes")), label(N_("no"))
    answer = {True: yes, False: no, None: "—"}

    doc.heading_block(
        [
            (N_("Organisation"), data.organisation or "—"),
            (N_("Centre"), data.centre),
            (N_("Case number"), data.case_number),
            (N_("Printed on"), document_date(data.printed_on)),
        ]
    )

    doc.section(N_("The child"))
    name = data.name_original
    if missing_characters(name):
        # Never a silent gap: a mark shows where the name is, and its Latin spelling.
        name = _("{name} (no font for this script; in Latin letters: {latin})").format(
            name=name, latin=data.name_latin or "—"
        )
    doc.pair(N_("Name as the child says it"), name)
    doc.pair(N_("Name in Latin letters"), data.name_latin)
    doc.pair(N_("Age the child gives"), data.declared_age)
    if data.birth_date is not None:
        born, composed = with_written(
            doc, day_text(data.birth_date, doc.language, data.birth_precision), data.birth_written
        )
        doc.pair(N_("Date of birth"), born, composed=composed)

    doc.section(N_("Why there is a serious doubt"), "A1")
    grounds = [label(GROUNDS[g]) for g in data.doubt.grounds]
    doc.pair(N_("Grounds"), _("; ").join(grounds), composed=True)
    doc.pair(N_("Reason"), data.doubt.reason)
    doc.pair(
        N_("Raised by"),
        _("{name}, {date}").format(
            name=isolate(data.doubt.raised_by), date=isolate(document_date(data.doubt.raised_on))
        ),
        composed=True,
    )

    doc.section(N_("Documents considered"), "A2")
    for document in data.documents or [label(N_("none"))]:
        if isinstance(document, DocumentConsidered):
            document = _document_line(doc, document)
        doc.line(f"• {document}")

    pre = data.preconditions
    doc.section(N_("Safeguards"), "A3–A6")
    informed = document_date(pre.informed_on)
    if pre.informed_language:
        informed = _("{date}, in {language}").format(
            date=isolate(informed), language=language_name(pre.informed_language)
        )
    doc.pair(N_("Child informed"), informed, composed=True)
    if pre.information_session_id:
        doc.line(label(N_("The information session on age assessment is recorded in the case.")))
    doc.pair(N_("Consent of the child"), answer[pre.child_consents])
    doc.pair(N_("Consent of the guardian"), answer[pre.guardian_consents])
    if pre.legal_basis:
        doc.pair(N_("Legal basis"), pre.legal_basis)
    if pre.refusal_recorded:
        doc.pair(N_("Refusal recorded (never decides on its own)"), pre.refusal_recorded)
    presence = (
        label(N_("present")) if pre.representative_present else label(N_("informed, not present"))
    )
    doc.pair(
        N_("Guardian or representative"),
        _("{name} ({presence})").format(name=isolate(pre.representative or "—"), presence=presence),
        composed=True,
    )
    doc.pair(
        N_("Interpreter"), pre.interpreter if pre.interpreter_needed else label(N_("not needed"))
    )

    doc.section(N_("Methods, least intrusive first"), "A9, A10")
    for result in sorted(data.results, key=lambda r: (METHODS[r.method_id].order, r.performed_on)):
        method = METHODS[result.method_id]
        doc.line(
            _("{number}. {method}").format(
                number=format_number(method.order), method=label(method.name)
            ),
            bold=True,
        )
        if result.range:
            found = _("{low} to {high} years").format(
                low=_number(result.range.min_age), high=_number(result.range.max_age)
            )
        else:
            found = label(N_("inconclusive"))
        if not result.credible:
            found = _("{result} (not credible)").format(result=found)
        doc.pair(N_("Result"), found, indent=18, composed=True)
        doc.pair(N_("Margin of error"), label(method.margin), indent=18)
        doc.pair(
            N_("By"),
            _("{name} ({profession}), {date}").format(
                name=isolate(result.assessor.name),
                profession=label(PROFESSIONS[result.assessor.profession]),
                date=isolate(document_date(result.performed_on)),
            ),
            indent=18,
            composed=True,
        )
        if result.skip_reason:
            doc.pair(
                N_("Why a less intrusive method was not tried first"), result.skip_reason, indent=18
            )
        if result.notes:
            doc.pair(N_("Notes"), result.notes, indent=18)
    for correction in data.corrections:
        removed = METHODS[correction["removed"]["method_id"]]
        doc.pair(
            N_("Result removed"),
            _("{method}: {reason}").format(
                method=label(removed.name), reason=isolate(correction["reason"])
            ),
            composed=True,
        )

    doc.section(N_("Conclusion and the benefit of the doubt"), "A11–A13")
    c = data.conclusion
    if c is None or c.inconclusive:
        doc.line(label(N_("Inconclusive: the person is presumed to be a child.")))
    else:
        doc.pair(N_("Youngest credible age"), _number(c.concluded_min_age))
        doc.pair(
            N_("Range used"),
            _("{low} to {high} years").format(
                low=_number(c.concluded_min_age), high=_number(c.concluded_max_age)
            ),
            composed=True,
        )
        doc.line(
            label(N_("A credible range reaches below 18: the person is treated as a child."))
            if c.minor
            else label(N_("Every credible range is 18 or above."))
        )
        doc.pair(
            N_("Assigned date of birth (the latest consistent with the youngest age)"),
            document_date(c.assigned_birth_date),
        )

    doc.section(N_("The child's view"), "A15")
    doc.line(data.child_view or "—")

    doc.section(
        N_("How to challenge the result, as explained to the child"), "A16", keep_together=True
    )
    ch = data.challenge
    doc.pair(N_("How"), ch.get("how", ""))
    doc.pair(N_("By when"), document_date(ch.get("deadline")))  # an older free text as written
    doc.pair(N_("With whose help"), ch.get("helper", ""))
    explained = document_date(ch.get("explained_on"))
    if ch.get("language"):
        explained = _("{date}, in {language}").format(
            date=isolate(explained), language=language_name(ch["language"])
        )
    doc.pair(N_("Explained on"), explained, composed=True)

    doc.section(N_("Assessors' signatures"), "A14", keep_together=True)
    for assessor in data.signatures:
        doc.signature(
            assessor.name,
            label(PROFESSION_TITLES[assessor.profession]),
            document_date(data.signed_on.get(assessor.user_id)),
        )
    if len(data.signatures) < 2:
        doc.line(label(N_("Not yet signed by two assessors of different professions.")))

    doc.annex(
        N_("Rules this record follows"),
        N_("Section {number}: rules {rules} of the age-assessment guide"),
    )
    pdf = doc.build()
    return BuiltRecord(pdf=pdf, missing=doc.missing, msgids=doc.drawn_msgids)
