"""The intake form as data: which fields each step holds, and how typed values become a case.

Pure functions, no widgets, so they are easy to test and the wizard, the case view's
edit mode and the saved drafts all share one shape: a *form state*, a dict from field
key to what the officer typed (text as typed, so a half-finished date survives a draft
save and an app restart), and list of row dicts for repeated groups (languages, family,
documents).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app import i18n
from app.domain import calendars
from app.domain.calendars import Calendar, DateRefused, WrittenDate
from app.domain.case import (
    Accompaniment,
    AnswerStatus,
    BirthSource,
    CaseDraft,
    Concern,
    ConsentPurpose,
    DatePrecision,
    SpecialCategories,
    Urgency,
    special_category_problems,
)
from app.i18n import N_, names
from app.services import cases as case_service
from ui.cases import labels
from ui.common import _, isolate

TEXT = "text"
CHOICE = "choice"
CHECK = "check"
ANSWER_TEXT = "answer_text"
ANSWER_CHOICE = "answer_choice"
ANSWER_YESNO = "answer_yesno"
ANSWER_DATE = "answer_date"
# A date as written on the child's papers, in the calendar chosen beside it; the form state
# holds the text (Gregorian) or {"calendar": ..., "text": ...} (app/domain/calendars.py).
CALENDAR_DATE = "calendar_date"
ANSWER_KINDS = (ANSWER_TEXT, ANSWER_CHOICE, ANSWER_YESNO, ANSWER_DATE)
LANGUAGE = "language"  # one language, picked by name (app/i18n/names.py), stored as ISO 639-3
COUNTRY = "country"  # one country, stored as ISO 3166-1 alpha-2
COUNTRIES = "countries"  # several countries (nationalities)
PICKER_KINDS = (LANGUAGE, COUNTRY, COUNTRIES)
# A value the form keeps for the record without showing it: a list item's stable id
# (``family.<id>`` is one path of change and merge, [DESIGN: Records and sync]) and the
# Latin spelling Harbour proposed. Loaded with the case, handed back unchanged on save.
CARRIED = "carried"
NOT_CHOSEN = N_("Not chosen yet")


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # msgid
    kind: str = TEXT
    options: dict[str, str] | None = None  # code -> msgid, for choices
    hint: str = ""  # msgid, a short line under the field
    latin_of: str = ""  # this field holds the proposed Latin spelling of another
    direction_neutral: bool = False  # codes and dates: always left to right
    blank: str = ""  # msgid of the first, unanswered choice: nothing is chosen for the officer


@dataclass(frozen=True)
class Rows:
    """A repeated group (languages, family members, documents)."""

    key: str
    title: str  # msgid with {number}
    add_label: str  # msgid
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Pair:
    """Several fields on one line under one label (a concern: urgency and notes)."""

    label: str  # msgid (or a label table entry)
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Heading:
    text: str  # msgid


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str
    items: tuple[Any, ...] = field(default_factory=tuple)


DATE_HINT = N_("Year-month-day, for example 2011-04-23. Only the year: 2011.")
CALENDAR_HINT = N_(
    "Copy the date as written on the papers and choose their calendar: an Afghan tazkira "
    "uses the Solar Hijri calendar (1390-01-01), Ethiopian and Eritrean papers the Ethiopian "
    "one. Harbour shows the Gregorian date."
)
INTERPRETER_SEX = {
    "female": N_("A woman"),
    "male": N_("A man"),
    "either": N_("Either; it does not matter"),
}
SPECIAL_KEYS = (
    "special_categories.ethnicity",
    "special_categories.religion",
    "special_categories.reason",
)

IDENTITY = Step(
    "identity",
    N_("Identity"),
    N_(
        "Write the child's names as the child says them, in the child's own script. "
        "Harbour proposes a Latin spelling; change it if it is wrong."
    ),
    (
        Field("names.given", N_("Given name(s)")),
        Field("names.given_latin", N_("Given name(s) in Latin letters"), latin_of="names.given"),
        Field("names.family", N_("Family name(s)"), hint=N_("Leave empty if the child has none.")),
        Field("names.family_latin", N_("Family name(s) in Latin letters"), latin_of="names.family"),
        Field("names.nickname", N_("Nickname"), ANSWER_TEXT),
        Field("names.latin_proposed", "", CARRIED),  # {"given_latin", "family_latin"} or None
        Field(
            "names.aliases",
            N_("Other names and spellings"),
            hint=N_("Names used on the journey or in papers; separate them with a semicolon."),
        ),
        Field("sex", N_("Sex"), ANSWER_CHOICE, labels.SEX),
        Field("gender_identity", N_("Gender identity"), ANSWER_TEXT),
        Field(
            "distinguishing_marks",
            N_("Distinguishing marks"),
            ANSWER_TEXT,
            hint=N_("Scars, birthmarks or other marks that help to recognise the child."),
        ),
        Heading(N_("Birth")),
        Field(
            "birth.date",
            N_("Date of birth"),
            CALENDAR_DATE,
            hint=CALENDAR_HINT,
            direction_neutral=True,
        ),
        Field(
            "birth.precision",
            N_("How precise is the date?"),
            CHOICE,
            labels.PRECISION,
            hint=N_("Only when a date is written above."),
            blank=NOT_CHOSEN,
        ),
        Field("birth.declared_age", N_("Age the child gives"), direction_neutral=True),
        Field(
            "birth.source",
            N_("Source of the date or age"),
            CHOICE,
            labels.BIRTH_SOURCE,
            blank=NOT_CHOSEN,
        ),
        Field("birth.place", N_("Place of birth"), ANSWER_TEXT),
        Heading(N_("Nationality and origin")),
        Field(
            "nationalities",
            N_("Nationalities"),
            COUNTRIES,
            hint=N_("Type a country's name in any language, or its code; add as many as apply."),
        ),
        Field("stateless", N_("Stateless"), ANSWER_YESNO),
        Field("place_of_origin", N_("Place of origin"), ANSWER_TEXT),
        Heading(N_("Ethnicity and religion")),
        Field(
            "special_categories.ethnicity",
            N_("Ethnicity or clan"),
            ANSWER_TEXT,
            hint=N_(
                "Only when needed for the child's protection, with the reason below. "
                "Only managers and assessors can read these later."
            ),
        ),
        Field("special_categories.religion", N_("Religion"), ANSWER_TEXT),
        Field(
            "special_categories.reason",
            N_("Why they are needed"),
            hint=N_("For example: a risk of persecution that the guardian or lawyer must know."),
        ),
    ),
)

LANGUAGES = Step(
    "languages",
    N_("Languages"),
    N_("Which languages does the child speak? Mark the one the child prefers."),
    (
        Rows(
            "languages",
            N_("Language {number}"),
            N_("Add a language"),
            (
                Field(
                    "code",
                    N_("Language"),
                    LANGUAGE,
                    hint=N_("Type the language's name in any language, or its code."),
                ),
                Field("dialect", N_("Dialect")),
                Field("preferred", N_("Preferred language"), CHECK),
                Field("reads", N_("Reads this language"), ANSWER_YESNO),
            ),
        ),
        Field("interpreter_needed", N_("Interpreter needed"), ANSWER_YESNO),
        Field(
            "interpreter_sex",
            N_("Interpreter the child prefers"),
            ANSWER_CHOICE,
            INTERPRETER_SEX,
        ),
    ),
)

FAMILY = Step(
    "family",
    N_("Family and separation"),
    N_("Is the child with an adult? Who is the family, and where are they?"),
    (
        Field(
            "separation.status",
            N_("Accompaniment"),
            CHOICE,
            labels.ACCOMPANIMENT,
            blank=NOT_CHOSEN,
        ),
        Field("separation.adult.name", N_("Accompanying adult's name")),
        Field("separation.adult.relation", N_("Adult's relation to the child")),
        Field("separation.date", N_("Date of separation"), ANSWER_DATE),
        Field("separation.place", N_("Place of separation"), ANSWER_TEXT),
        Field("separation.cause", N_("Cause and circumstances"), ANSWER_TEXT),
        Heading(N_("Family members")),
        Rows(
            "family",
            N_("Family member {number}"),
            N_("Add a family member"),
            (
                Field("relation", N_("Relation")),
                Field("name", N_("Name")),
                Field("alive", N_("Alive"), ANSWER_YESNO),
                Field("whereabouts", N_("Whereabouts"), ANSWER_TEXT),
                Field("contact", N_("Contact"), ANSWER_TEXT),
                Field("lived_with", N_("The child lived with them"), ANSWER_YESNO),
                Field("wants_tracing", N_("The child wants them traced"), ANSWER_YESNO),
            ),
        ),
    ),
)

ARRIVAL = Step(
    "arrival",
    N_("Arrival and documents"),
    N_("When and where did the child arrive? Which papers did you see?"),
    (
        Field("arrival.date", N_("Arrival date"), hint=DATE_HINT, direction_neutral=True),
        Field("arrival.place", N_("Arrival place")),
        Field("arrival.route_notes", N_("Route"), ANSWER_TEXT),
        Heading(N_("Documents seen")),
        Rows(
            "documents",
            N_("Document {number}"),
            N_("Add a document"),
            (
                Field("type", N_("Type of document")),
                Field("number", N_("Number"), direction_neutral=True),
                Field("issuing_state", N_("Issuing state"), COUNTRY),
                Field(
                    "expiry",
                    N_("Expiry date"),
                    CALENDAR_DATE,
                    hint=CALENDAR_HINT,
                    direction_neutral=True,
                ),
                Field(
                    "original", N_("Original or copy"), CHOICE, labels.ORIGINAL, blank=NOT_CHOSEN
                ),
                Field("notes", N_("Notes")),
            ),
        ),
    ),
)

NEEDS = Step(
    "needs",
    N_("Needs and vulnerabilities"),
    N_(
        "Record only what the child shares or what you see. An urgent concern raises a flag "
        "on the case and suggests a referral."
    ),
    (
        *(
            Pair(
                labels.CONCERN[concern],
                (
                    Field(f"needs.{concern.value}.urgency", N_("Urgency"), CHOICE, labels.URGENCY),
                    Field(f"needs.{concern.value}.notes", N_("Notes")),
                ),
            )
            for concern in Concern
        ),
        *(Field(f"needs.{concern.value}.id", "", CARRIED) for concern in Concern),
    ),
)

CONSENT = Step(
    "consent",
    N_("Consent"),
    N_(
        "Who agreed to what, and in which language. Where consent is not the basis, "
        "record the legal basis. Note the child's own view."
    ),
    (
        *(
            item
            for purpose in ConsentPurpose
            for item in (
                Heading(labels.CONSENT_PURPOSE[purpose]),
                Field(f"consent.{purpose.value}.given_by", N_("Given by"), CHOICE, labels.GIVEN_BY),
                Field(
                    f"consent.{purpose.value}.granted",
                    N_("Decision"),
                    CHOICE,
                    labels.GRANTED,
                    blank=NOT_CHOSEN,
                ),
                Field(f"consent.{purpose.value}.language", N_("In which language"), LANGUAGE),
                Field(f"consent.{purpose.value}.legal_basis", N_("Legal basis")),
                Field(
                    f"consent.{purpose.value}.child_assent", N_("The child agrees"), ANSWER_YESNO
                ),
                Field(f"consent.{purpose.value}.id", "", CARRIED),
            )
        ),
        Heading(N_("Who was present")),
        Field("presence.officer", N_("Officer")),
        Field("presence.interpreter", N_("Interpreter")),
        Field("presence.interpreter_language", N_("Interpreter's language"), LANGUAGE),
        Field("presence.guardian", N_("Guardian")),
    ),
)

SUMMARY = Step(
    "summary",
    N_("Summary"),
    N_("Check what you recorded. Go back to change anything, then register the child."),
)

STEPS: tuple[Step, ...] = (IDENTITY, LANGUAGES, FAMILY, ARRIVAL, NEEDS, CONSENT, SUMMARY)


def step_fields(step: Step) -> list[Field]:
    found: list[Field] = []
    for item in step.items:
        if isinstance(item, Field):
            found.append(item)
        elif isinstance(item, Pair):
            found.extend(item.fields)
    return found


def all_rows() -> list[Rows]:
    return [item for step in STEPS for item in step.items if isinstance(item, Rows)]


def step_of_key(key: str) -> int:
    """The step index that holds a form key ('languages.1.code' -> the languages step)."""
    for index, step in enumerate(STEPS):
        for item in step.items:
            if isinstance(item, Rows) and (key == item.key or key.startswith(item.key + ".")):
                return index
            if isinstance(item, Field) and item.key == key:
                return index
            if isinstance(item, Pair) and any(f.key == key for f in item.fields):
                return index
    return 0


# -- parsing what was typed -----------------------------------------------------------------
_SEPARATORS = re.compile(r"[-/.\s]+")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and other digits become 0-9 (an Arabic keyboard types ٢٠١١)."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def parse_date(text: str) -> dt.date | None:
    """'2011-04-23', '2011-04', '2011', '23/04/2011' or '23.04.2011'; None when empty.

    Raises ValueError for anything else (the form shows a message and keeps the text).
    """
    text = _ascii_digits(text.strip())
    if not text:
        return None
    parts = [p for p in _SEPARATORS.split(text) if p]
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        raise ValueError(text)
    if len(parts) == 3 and len(parts[2]) == 4 and len(parts[0]) <= 2:
        parts = [parts[2], parts[1], parts[0]]
    if len(parts[0]) != 4:
        raise ValueError(text)
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    return dt.date(numbers[0], numbers[1], numbers[2])


def format_date(value: dt.date | str | None, precision: str = DatePrecision.EXACT) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_int(text: str) -> int | None:
    text = _ascii_digits(text.strip())
    if not text:
        return None
    return int(text)


def _listed(value: Any) -> list[str]:
    """The picker's list of codes, or the text of a draft saved before it ("SY, AF")."""
    if isinstance(value, str):
        return [c for c in re.split(r"[,;\s]+", value) if c.strip()]
    return [str(v).strip() for v in value or [] if str(v).strip()]


def picked(kind: str, value: Any) -> str | None:
    """The code a picker's value names (a code of either style, or a name in any
    language: app/i18n/names.py), or None when it names no entry."""
    raw = str(value or "").strip()
    if not raw:
        return None
    language = i18n.active_language()
    entry = names.find(kind, raw, language) or names.resolve(kind, raw, language)
    return entry.code if entry is not None else None


BAD_DATE = N_("Write the date as year-month-day, for example 2011-04-23.")
BAD_NUMBER = N_("Write the age as a number, for example 15.")
NEED_GIVEN = N_("Write the child's given name as the child says it.")
NEED_DOCUMENT_TYPE = N_("Say which kind of document this is.")
NEED_RELATION = N_("Say how this person is related to the child.")
NEED_LANGUAGE = N_("Choose the language from the list.")
UNKNOWN_LANGUAGE = N_(
    "Harbour knows no language called “{text}”: type another name or the code, and choose "
    "from the list."
)
UNKNOWN_COUNTRY = N_(
    "Harbour knows no country called “{text}”: type another name or the code, and choose "
    "from the list."
)
NEED_ACCOMPANIMENT = N_("Choose whether the child is unaccompanied, separated or accompanied.")
NEED_PRECISION = N_("Choose how precise the date of birth is.")
# Walkthrough R6: "2011" with "Exact date" was stored as 2011-01-01, exact: a day and a
# month the child never gave.
MORE_PRECISE_THAN_TYPED = N_(
    "Only part of the date is typed: type the whole date, or choose how precise it is "
    "(year known, month and year known)."
)
NEED_SOURCE = N_("Choose where the date or age comes from.")
NEED_ORIGINAL = N_("Choose whether you saw the original or a copy.")
NEED_DECISION = N_("Choose whether consent was granted or refused.")
NEED_GIVEN_BY = N_("Choose who gave or refused consent.")


@dataclass
class Conversion:
    """A form state turned into case data, with the problems found on the way."""

    draft: CaseDraft
    problems: dict[str, str]  # form key -> translated message (first one per field)
    consent_keys: list[str]  # index in draft.consents -> purpose
    # Ethnicity and religion: recorded apart from the case (app/services/special_categories.py)
    special: SpecialCategories = field(default_factory=SpecialCategories)


def refusal_text(exc: DateRefused) -> str:
    """A calendar's refusal, translated, its values isolated in the sentence."""
    return _(exc.message).format(**{k: isolate(v) for k, v in exc.params.items()})


def calendar_value(value: Any) -> tuple[Calendar, str]:
    """A calendar date field's state: (calendar, text as typed)."""
    if isinstance(value, dict):
        try:
            calendar = Calendar(value.get("calendar") or Calendar.GREGORIAN.value)
        except ValueError:
            calendar = Calendar.GREGORIAN
        return calendar, str(value.get("text") or "")
    return Calendar.GREGORIAN, str(value or "")


def read_calendar_date(value: Any) -> tuple[dt.date | None, WrittenDate | None]:
    """The Gregorian date and the date as written; raises DateRefused (non-Gregorian) or
    ValueError (Gregorian) when the text does not give a date."""
    calendar, typed = calendar_value(value)
    if calendar == Calendar.GREGORIAN:
        return parse_date(typed), None
    written = calendars.parse_written(calendar, typed)
    if written is None:
        return None, None
    return written.to_gregorian(), written


def _answer(value: Any, kind: str, key: str, problems: dict[str, str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {"status": AnswerStatus.NOT_ASKED.value, "value": None}
    status = value.get("status") or AnswerStatus.NOT_ASKED.value
    raw = value.get("value")
    if status != AnswerStatus.ANSWERED:
        return {"status": status, "value": None}
    if kind == ANSWER_YESNO:
        if raw not in ("yes", "no"):
            return {"status": AnswerStatus.NOT_ASKED.value, "value": None}
        return {"status": status, "value": raw == "yes"}
    if kind == ANSWER_DATE:
        try:
            date = parse_date(str(raw or ""))
        except ValueError:
            problems.setdefault(key, _(BAD_DATE))
            date = None
        if date is None:
            return {"status": AnswerStatus.NOT_ASKED.value, "value": None}
        return {"status": status, "value": date.isoformat()}
    text = str(raw or "").strip()
    if not text:
        return {"status": AnswerStatus.NOT_ASKED.value, "value": None}
    return {"status": status, "value": text}


def _item_id(row: dict[str, Any]) -> str:
    """A row's stable item id, kept from the case it was loaded from ("" for a new row:
    storage gives it one)."""
    return str(row.get("id") or "").strip()


def _still_proposed(carried: Any, given_latin: str, family_latin: str) -> bool:
    """Whether the Latin spelling is still the one Harbour proposed (names.latin_proposed):
    the case said so when loaded and the officer has not changed either Latin field."""
    if not isinstance(carried, dict) or not (given_latin or family_latin):
        return False
    return (str(carried.get("given_latin") or ""), str(carried.get("family_latin") or "")) == (
        given_latin,
        family_latin,
    )


def form_to_draft(state: dict[str, Any], *, today: dt.date | None = None) -> Conversion:
    """Turn the typed form into a CaseDraft; problems are tied to form keys.

    Never raises: a value that does not parse is left out of the draft and reported,
    so the rest of the case is still checked (and the typed text stays in the form).
    """
    problems: dict[str, str] = {}

    def text(key: str) -> str:
        return str(state.get(key) or "").strip()

    def answer(key: str, kind: str) -> dict[str, Any]:
        return _answer(state.get(key), kind, key, problems)

    def date_of(key: str) -> str | None:
        try:
            value = parse_date(text(key))
        except ValueError:
            problems.setdefault(key, _(BAD_DATE))
            return None
        return value.isoformat() if value else None

    def calendar_date_of(key: str) -> tuple[str | None, dict[str, Any] | None]:
        try:
            value, written = read_calendar_date(state.get(key))
        except DateRefused as exc:
            problems.setdefault(key, refusal_text(exc))
            return None, None
        except ValueError:
            problems.setdefault(key, _(BAD_DATE))
            return None, None
        return (
            value.isoformat() if value else None,
            written.model_dump(mode="json", exclude_none=True) if written else None,
        )

    birth_date, birth_written = calendar_date_of("birth.date")

    given = text("names.given")
    if not given:
        problems["names.given"] = _(NEED_GIVEN)
    try:
        age = parse_int(text("birth.declared_age"))
    except ValueError:
        problems["birth.declared_age"] = _(BAD_NUMBER)
        age = None

    languages = []
    for i, row in enumerate(state.get("languages") or []):
        typed = str(row.get("code") or "").strip()
        if not typed:
            if any(str(row.get(k) or "").strip() for k in ("dialect",)):
                problems[f"languages.{i}.code"] = _(NEED_LANGUAGE)
            continue
        code = picked(names.LANGUAGE, typed)
        if code is None:
            problems[f"languages.{i}.code"] = _(UNKNOWN_LANGUAGE).format(text=typed)
            continue
        languages.append(
            {
                "id": _item_id(row),
                "code": code,
                "dialect": str(row.get("dialect") or "").strip(),
                "preferred": bool(row.get("preferred")),
                "reads": _answer(row.get("reads"), ANSWER_YESNO, f"languages.{i}.reads", problems),
            }
        )

    family = []
    for i, row in enumerate(state.get("family") or []):
        relation = str(row.get("relation") or "").strip()
        name = str(row.get("name") or "").strip()
        if not relation and not name:
            continue
        if not relation:
            problems[f"family.{i}.relation"] = _(NEED_RELATION)
            continue
        member: dict[str, Any] = {"id": _item_id(row), "relation": relation, "name": name}
        for sub, kind in (
            ("alive", ANSWER_YESNO),
            ("whereabouts", ANSWER_TEXT),
            ("contact", ANSWER_TEXT),
            ("lived_with", ANSWER_YESNO),
            ("wants_tracing", ANSWER_YESNO),
        ):
            member[sub] = _answer(row.get(sub), kind, f"family.{i}.{sub}", problems)
        family.append(member)

    documents = []
    for i, row in enumerate(state.get("documents") or []):
        kind_text = str(row.get("type") or "").strip()
        others = [str(row.get(k) or "").strip() for k in ("number", "issuing_state", "notes")]
        if not kind_text:
            if any(others):
                problems[f"documents.{i}.type"] = _(NEED_DOCUMENT_TYPE)
            continue
        expiry_written: WrittenDate | None = None
        try:  # as written on the paper, in its calendar (issue 12, item 14)
            expiry, expiry_written = read_calendar_date(row.get("expiry"))
        except DateRefused as exc:
            problems[f"documents.{i}.expiry"] = refusal_text(exc)
            expiry = None
        except ValueError:
            problems[f"documents.{i}.expiry"] = _(BAD_DATE)
            expiry = None
        state_code = picked(names.COUNTRY, others[1]) if others[1] else ""
        if state_code is None:
            problems[f"documents.{i}.issuing_state"] = _(UNKNOWN_COUNTRY).format(text=others[1])
        if row.get("original") not in ("yes", "no"):
            problems[f"documents.{i}.original"] = _(NEED_ORIGINAL)
        documents.append(
            {
                "id": _item_id(row),
                "type": kind_text,
                "number": others[0],
                "issuing_state": state_code or "",
                "expiry": expiry.isoformat() if expiry else None,
                "expiry_written": (
                    expiry_written.model_dump(mode="json", exclude_none=True)
                    if expiry_written
                    else None
                ),
                "original": row.get("original") != "no",
                "notes": others[2],
            }
        )

    vulnerabilities = []
    for concern in Concern:
        urgency = text(f"needs.{concern.value}.urgency")
        if urgency in {u.value for u in Urgency}:
            vulnerabilities.append(
                {
                    "id": text(f"needs.{concern.value}.id"),
                    "concern": concern.value,
                    "urgency": urgency,
                    "notes": text(f"needs.{concern.value}.notes"),
                }
            )

    consents = []
    consent_keys: list[str] = []
    for purpose in ConsentPurpose:
        prefix = f"consent.{purpose.value}"
        given_by = text(f"{prefix}.given_by")
        decision = text(f"{prefix}.granted")
        if not given_by and not decision:
            continue
        if not given_by:
            problems[f"{prefix}.given_by"] = _(NEED_GIVEN_BY)
            continue
        if decision not in ("yes", "no"):
            problems[f"{prefix}.granted"] = _(NEED_DECISION)
            continue
        language = text(f"{prefix}.language")
        consents.append(
            {
                "id": text(f"{prefix}.id"),
                "purpose": purpose.value,
                "given_by": given_by,
                # a language Harbour knows is stored as its code; older free text is kept
                "language": picked(names.LANGUAGE, language) or language,
                "granted": decision == "yes",
                "legal_basis": text(f"{prefix}.legal_basis"),
                "child_assent": answer(f"{prefix}.child_assent", ANSWER_YESNO),
            }
        )
        consent_keys.append(purpose.value)

    status = text("separation.status")
    if not status:  # nothing is chosen for the officer [R1]; the draft below is only checked
        problems["separation.status"] = _(NEED_ACCOMPANIMENT)
        status = Accompaniment.UNACCOMPANIED.value
    precision = text("birth.precision")
    if not precision:
        if calendar_value(state.get("birth.date"))[1].strip():
            problems["birth.precision"] = _(NEED_PRECISION)
        precision = DatePrecision.DECLARED_AGE.value
    calendar, typed_birth = calendar_value(state.get("birth.date"))
    if calendar == Calendar.GREGORIAN and birth_date is not None:
        parts = len([p for p in _SEPARATORS.split(_ascii_digits(typed_birth.strip())) if p])
        wanted = {DatePrecision.EXACT.value: 3, DatePrecision.MONTH.value: 2}.get(precision, 0)
        if parts < wanted:
            problems.setdefault("birth.date", _(MORE_PRECISE_THAN_TYPED))
    source = text("birth.source")
    if not source:
        problems["birth.source"] = _(NEED_SOURCE)
        source = BirthSource.DECLARED.value
    nationalities: list[str] = []
    for typed in _listed(state.get("nationalities")):
        code = picked(names.COUNTRY, typed)
        if code is None:
            problems.setdefault("nationalities", _(UNKNOWN_COUNTRY).format(text=typed))
        elif code not in nationalities:
            nationalities.append(code)
    interpreter_language = text("presence.interpreter_language")
    adult_name, adult_relation = text("separation.adult.name"), text("separation.adult.relation")
    aliases = [a.strip() for a in str(state.get("names.aliases") or "").split(";") if a.strip()]
    given_latin, family_latin = text("names.given_latin"), text("names.family_latin")
    data: dict[str, Any] = {
        "names": {
            "given": given or "?",
            "family": text("names.family"),
            "given_latin": given_latin,
            "family_latin": family_latin,
            "nickname": answer("names.nickname", ANSWER_TEXT),
            "aliases": aliases,
            "latin_proposed": _still_proposed(
                state.get("names.latin_proposed"), given_latin, family_latin
            ),
        },
        "sex": answer("sex", ANSWER_CHOICE),
        "gender_identity": answer("gender_identity", ANSWER_TEXT),
        "birth": {
            "date": birth_date,
            "precision": precision,
            "declared_age": age,
            "source": source,
            "place": answer("birth.place", ANSWER_TEXT),
            "date_written": birth_written,
        },
        "nationalities": nationalities,
        "stateless": answer("stateless", ANSWER_YESNO),
        "place_of_origin": answer("place_of_origin", ANSWER_TEXT),
        "languages": languages,
        "interpreter_needed": answer("interpreter_needed", ANSWER_YESNO),
        "interpreter_sex": answer("interpreter_sex", ANSWER_CHOICE),
        "distinguishing_marks": answer("distinguishing_marks", ANSWER_TEXT),
        "separation": {
            "status": status,
            "adult": (
                {"name": adult_name, "relation": adult_relation}
                if adult_name or adult_relation
                else None
            ),
            "date": answer("separation.date", ANSWER_DATE),
            "place": answer("separation.place", ANSWER_TEXT),
            "cause": answer("separation.cause", ANSWER_TEXT),
        },
        "arrival": {
            "date": date_of("arrival.date"),
            "place": text("arrival.place"),
            "route_notes": answer("arrival.route_notes", ANSWER_TEXT),
        },
        "documents": documents,
        "family": family,
        "vulnerabilities": vulnerabilities,
        "consents": consents,
        "presence": {
            "officer": text("presence.officer"),
            "interpreter": text("presence.interpreter"),
            "interpreter_language": (
                picked(names.LANGUAGE, interpreter_language) or interpreter_language
            ),
            "guardian": text("presence.guardian"),
        },
    }
    try:
        draft = CaseDraft.model_validate(data)
    except ValidationError as exc:  # a value no rule foresaw: report it, keep going
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"] if not str(p).startswith(("Answer",)))
            problems.setdefault(form_key(key, consent_keys), _("This value is not valid."))
        draft = CaseDraft(names={"given": given or "?"})  # type: ignore[arg-type]
    special = SpecialCategories()
    try:
        special = SpecialCategories.model_validate(
            {
                "ethnicity": answer("special_categories.ethnicity", ANSWER_TEXT),
                "religion": answer("special_categories.religion", ANSWER_TEXT),
                "reason": text("special_categories.reason"),
            }
        )
    except ValidationError:
        problems.setdefault("special_categories.reason", _("This value is not valid."))
    for problem in special_category_problems(special):
        problems.setdefault(problem.field, _(problem.message).format(**problem.params))
    unreadable_date = "birth.date" in problems
    for problem in case_service.check_case(draft, today=today):
        key = form_key(problem.field, consent_keys)
        if key == "birth.declared_age" and unreadable_date and age is None:
            continue  # the date was typed, only not readable: that message says enough
        problems.setdefault(key, _(problem.message).format(**problem.params))
    return Conversion(draft=draft, problems=problems, consent_keys=consent_keys, special=special)


def form_key(path: str, consent_keys: list[str]) -> str:
    """A case field path ('consents.0.legal_basis', 'nationalities.1') as a form key."""
    parts = path.split(".")
    if parts[0] == "consents" and len(parts) >= 3 and parts[1].isdigit():
        index = int(parts[1])
        if index < len(consent_keys):
            return f"consent.{consent_keys[index]}.{'.'.join(parts[2:])}"
    if parts[0] == "nationalities":
        return "nationalities"
    if parts[:2] == ["names", "aliases"]:  # one field holds every alias
        return "names.aliases"
    if parts[0] == "vulnerabilities":
        return "needs"
    return path


def _answer_state(answer: Any, kind: str) -> dict[str, Any]:
    status = answer.status.value
    if not answer.answered:
        return {"status": status, "value": ""}
    value = answer.value
    if kind == ANSWER_YESNO:
        value = "yes" if value else "no"
    elif kind == ANSWER_DATE:
        value = format_date(value)
    elif hasattr(value, "value"):
        value = value.value
    return {"status": status, "value": str(value)}


def draft_to_form(draft: CaseDraft) -> dict[str, Any]:
    """The form state showing a registered case (the case view's edit mode)."""
    names = draft.names
    birth = draft.birth
    separation = draft.separation
    state: dict[str, Any] = {
        "names.given": names.given,
        "names.given_latin": names.given_latin,
        "names.family": names.family,
        "names.family_latin": names.family_latin,
        "names.nickname": _answer_state(names.nickname, ANSWER_TEXT),
        "names.aliases": "; ".join(names.aliases),
        "names.latin_proposed": (
            {"given_latin": names.given_latin, "family_latin": names.family_latin}
            if names.latin_proposed
            else None
        ),
        "sex": _answer_state(draft.sex, ANSWER_CHOICE),
        "gender_identity": _answer_state(draft.gender_identity, ANSWER_TEXT),
        "birth.date": (
            {"calendar": birth.date_written.calendar.value, "text": birth.date_written.typed()}
            if birth.date_written is not None
            else format_date(birth.date, birth.precision)
        ),
        "birth.precision": birth.precision.value,
        "birth.declared_age": "" if birth.declared_age is None else str(birth.declared_age),
        "birth.source": birth.source.value,
        "birth.place": _answer_state(birth.place, ANSWER_TEXT),
        "nationalities": list(draft.nationalities),
        "stateless": _answer_state(draft.stateless, ANSWER_YESNO),
        "place_of_origin": _answer_state(draft.place_of_origin, ANSWER_TEXT),
        "languages": [
            {
                "id": lang.id,
                "code": lang.code,
                "dialect": lang.dialect,
                "preferred": lang.preferred,
                "reads": _answer_state(lang.reads, ANSWER_YESNO),
            }
            for lang in draft.languages
        ],
        "interpreter_needed": _answer_state(draft.interpreter_needed, ANSWER_YESNO),
        "interpreter_sex": _answer_state(draft.interpreter_sex, ANSWER_CHOICE),
        "distinguishing_marks": _answer_state(draft.distinguishing_marks, ANSWER_TEXT),
        "separation.status": separation.status.value,
        "separation.adult.name": separation.adult.name if separation.adult else "",
        "separation.adult.relation": separation.adult.relation if separation.adult else "",
        "separation.date": _answer_state(separation.date, ANSWER_DATE),
        "separation.place": _answer_state(separation.place, ANSWER_TEXT),
        "separation.cause": _answer_state(separation.cause, ANSWER_TEXT),
        "family": [
            {
                "id": m.id,
                "relation": m.relation,
                "name": m.name,
                "alive": _answer_state(m.alive, ANSWER_YESNO),
                "whereabouts": _answer_state(m.whereabouts, ANSWER_TEXT),
                "contact": _answer_state(m.contact, ANSWER_TEXT),
                "lived_with": _answer_state(m.lived_with, ANSWER_YESNO),
                "wants_tracing": _answer_state(m.wants_tracing, ANSWER_YESNO),
            }
            for m in draft.family
        ],
        "arrival.date": format_date(draft.arrival.date),
        "arrival.place": draft.arrival.place,
        "arrival.route_notes": _answer_state(draft.arrival.route_notes, ANSWER_TEXT),
        "documents": [
            {
                "id": d.id,
                "type": d.type,
                "number": d.number,
                "issuing_state": d.issuing_state,
                "expiry": (
                    {"calendar": d.expiry_written.calendar.value, "text": d.expiry_written.typed()}
                    if d.expiry_written is not None
                    else format_date(d.expiry)
                ),
                "original": "yes" if d.original else "no",
                "notes": d.notes,
            }
            for d in draft.documents
        ],
    }
    for v in draft.vulnerabilities:
        state[f"needs.{v.concern.value}.urgency"] = v.urgency.value
        state[f"needs.{v.concern.value}.notes"] = v.notes
        state[f"needs.{v.concern.value}.id"] = v.id
    for c in draft.consents:
        prefix = f"consent.{c.purpose.value}"
        state[f"{prefix}.given_by"] = c.given_by
        state[f"{prefix}.granted"] = "yes" if c.granted else "no"
        state[f"{prefix}.language"] = c.language
        state[f"{prefix}.legal_basis"] = c.legal_basis
        state[f"{prefix}.child_assent"] = _answer_state(c.child_assent, ANSWER_YESNO)
        state[f"{prefix}.id"] = c.id
    for key in ("officer", "interpreter", "interpreter_language", "guardian"):
        state[f"presence.{key}"] = getattr(draft.presence, key)
    return state


def special_to_form(data: SpecialCategories) -> dict[str, Any]:
    """The form state of a child's ethnicity and religion (for those who may read them)."""
    return {
        "special_categories.ethnicity": _answer_state(data.ethnicity, ANSWER_TEXT),
        "special_categories.religion": _answer_state(data.religion, ANSWER_TEXT),
        "special_categories.reason": data.reason,
    }
