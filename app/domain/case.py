"""A child's case as registered at intake (registration.md, [R1]-[R4]).

Pydantic models, no I/O. Types are checked by pydantic; the rules a person breaks
(a birth date in the future, arrival before birth, a name nobody can see ...) are checked
by ``validate_case``, which returns problems with translatable messages tied to the field
they concern, so a form can show each one beside its field without losing input.

Every model refuses fields it does not know (``extra="forbid"``: a ``notes`` key in a
case file is refused, not dropped), and stores every string in NFC; a person's name also
has its spaces made single and trimmed (app/domain/text.py, [R2]). A case read from a
file goes through ``draft_from_json``, which also checks types strictly: ``true`` is not
an age and ``"15"`` is not a number there.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.domain import text as text_rules
from app.domain.calendars import WrittenDate
from app.domain.codes import country_exists, language_exists
from app.i18n import N_

T = TypeVar("T")


def _nfc(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, StrEnum):
        return text_rules.normalise_text(value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


class Model(BaseModel):
    """A part of a case: unknown fields refused, strings in NFC."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _normal_form(cls, value: object) -> object:
        return _nfc(value)


def _name(value: object) -> object:
    if isinstance(value, str):
        return text_rules.normalise_name(value)
    if isinstance(value, list):
        return [_name(v) for v in value]
    return value


class AnswerStatus(StrEnum):
    """[R1]: an optional field is answered, not asked yet, unknown, or declined."""

    ANSWERED = "answered"
    NOT_ASKED = "not_asked"
    UNKNOWN = "unknown"
    DECLINED = "declined"  # the child did not want to say: respected, never blocking


class Answer(Model, Generic[T]):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: AnswerStatus = AnswerStatus.NOT_ASKED
    value: T | None = None

    @model_validator(mode="after")
    def _value_only_when_answered(self) -> Answer[T]:
        if self.status == AnswerStatus.ANSWERED and self.value in (None, "", []):
            raise ValueError("an answered field needs a value")
        if self.status != AnswerStatus.ANSWERED and self.value is not None:
            raise ValueError("only an answered field holds a value")
        return self

    @classmethod
    def of(cls, value: T) -> Answer[T]:
        return cls(status=AnswerStatus.ANSWERED, value=value)

    @property
    def answered(self) -> bool:
        return self.status == AnswerStatus.ANSWERED


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"


class InterpreterSex(StrEnum):
    """The sex of interpreter the child prefers (registration.md, step 2)."""

    FEMALE = "female"
    MALE = "male"
    EITHER = "either"  # the child said it does not matter


class DatePrecision(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    YEAR = "year"
    DECLARED_AGE = "declared_age"  # only an age was given


class BirthSource(StrEnum):
    DECLARED = "declared"
    DOCUMENT = "document"
    ASSESSED = "assessed"


class Accompaniment(StrEnum):
    UNACCOMPANIED = "unaccompanied"
    SEPARATED = "separated"  # with an adult who is not the legal or usual caregiver
    ACCOMPANIED = "accompanied"


class Urgency(StrEnum):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"


class Concern(StrEnum):
    HEALTH = "health"
    DISABILITY = "disability"
    PREGNANCY = "pregnancy"
    TRAUMA = "trauma"
    GENDER_BASED_VIOLENCE = "gender_based_violence"
    TRAFFICKING = "trafficking"
    EXPLOITATION_LABOUR = "exploitation_labour"
    EXPLOITATION_SEXUAL = "exploitation_sexual"
    EXPLOITATION_CRIMINAL = "exploitation_criminal"
    CHILD_MARRIAGE = "child_marriage"
    SUBSTANCE_USE = "substance_use"
    STATELESSNESS = "statelessness"
    CHILD_HEADED_HOUSEHOLD = "child_headed_household"


class ConsentPurpose(StrEnum):
    REGISTRATION = "registration"
    SHARING = "sharing"
    PHOTO = "photo"
    FAMILY_TRACING = "family_tracing"


class CaseStatus(StrEnum):
    OPEN = "open"
    MISSING = "missing"
    TRANSFERRED = "transferred"
    CLOSED = "closed"


class Names(Model):
    """[R2]: the name as the child says it, in its own script, is the primary form."""

    given: str = Field(min_length=1, max_length=200)
    family: str = Field(default="", max_length=200)  # many children have none
    given_latin: str = Field(default="", max_length=200)
    family_latin: str = Field(default="", max_length=200)
    nickname: Answer[str] = Answer()
    aliases: list[str] = []  # other names and spellings used on the journey or in papers
    # True when the Latin spelling is the one Harbour proposed (names.propose_latin) and
    # nobody typed it: the command line and imports fill a missing one, as the form does.
    latin_proposed: bool = False

    @field_validator("given", "family", "given_latin", "family_latin", "aliases", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        return _name(value)

    def all_forms(self) -> tuple[str, ...]:
        forms = [
            f"{self.given} {self.family}".strip(),
            f"{self.given_latin} {self.family_latin}".strip(),
            *self.aliases,
        ]
        if self.nickname.answered and self.nickname.value:
            forms.append(self.nickname.value)
        return tuple(dict.fromkeys(f for f in forms if f))


class Birth(Model):
    date: dt.date | None = None
    precision: DatePrecision = DatePrecision.DECLARED_AGE
    declared_age: int | None = None
    source: BirthSource = BirthSource.DECLARED
    place: Answer[str] = Answer()
    # The date as written on the child's papers in another calendar (app/domain/calendars.py);
    # ``date`` stays the Gregorian value every rule uses.
    date_written: WrittenDate | None = None

    def year(self, today: dt.date) -> int | None:
        if self.date is not None:
            return self.date.year
        if self.declared_age is not None:
            return today.year - self.declared_age
        return None


class Language(Model):
    id: str = ""  # stable item id, given by storage (app/domain/paths.py)
    code: str  # ISO 639-3 (or 639-1), checked by validate_case
    dialect: str = ""
    preferred: bool = False
    reads: Answer[bool] = Answer()


class Adult(Model):
    name: str = ""
    relation: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        return _name(value)


class Separation(Model):
    status: Accompaniment
    adult: Adult | None = None
    date: Answer[dt.date] = Answer()
    place: Answer[str] = Answer()
    cause: Answer[str] = Answer()


class Arrival(Model):
    date: dt.date | None = None
    place: str = ""
    route_notes: Answer[str] = Answer()


class DocumentSeen(Model):
    id: str = ""  # stable item id, given by storage (app/domain/paths.py)
    type: str
    number: str = ""
    issuing_state: str = ""  # ISO 3166 alpha-2
    expiry: dt.date | None = None
    # The expiry as written on the paper in another calendar (an Afghan tazkira, Ethiopian
    # papers); ``expiry`` stays the Gregorian value.
    expiry_written: WrittenDate | None = None
    original: bool = True
    notes: str = ""


class FamilyMember(Model):
    id: str = ""  # stable item id, given by storage (app/domain/paths.py)
    relation: str
    name: str = ""
    alive: Answer[bool] = Answer()
    whereabouts: Answer[str] = Answer()
    contact: Answer[str] = Answer()
    lived_with: Answer[bool] = Answer()
    wants_tracing: Answer[bool] = Answer()

    @field_validator("name", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        return _name(value)


class Vulnerability(Model):
    id: str = ""  # stable item id, given by storage (app/domain/paths.py)
    concern: Concern
    urgency: Urgency = Urgency.ROUTINE
    notes: str = ""


class Consent(Model):
    id: str = ""  # stable item id, given by storage (app/domain/paths.py)
    purpose: ConsentPurpose
    given_by: str  # "child", "guardian", "representative" ...
    language: str = ""
    granted: bool  # no default: consent is recorded only as someone gave or refused it [R1]
    legal_basis: str = ""  # required when consent is not the basis
    child_assent: Answer[bool] = Answer()


class Presence(Model):
    officer: str = ""
    interpreter: str = ""
    interpreter_language: str = ""
    guardian: str = ""

    @field_validator("officer", "interpreter", "guardian", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        return _name(value)


class Application(Model):
    """[G2] The application for international protection: when it was made and when it
    was lodged (the guardian deadline runs from lodging). Both may be unknown."""

    made: Answer[dt.date] = Answer()
    lodged: Answer[dt.date] = Answer()


class CaseDraft(Model):
    """Everything the intake wizard collects. Saved as a draft until registered."""

    names: Names
    sex: Answer[Sex] = Answer()
    gender_identity: Answer[str] = Answer()
    birth: Birth = Birth()
    nationalities: list[str] = []  # ISO 3166 alpha-2
    stateless: Answer[bool] = Answer()
    place_of_origin: Answer[str] = Answer()
    languages: list[Language] = []
    interpreter_needed: Answer[bool] = Answer()
    interpreter_sex: Answer[InterpreterSex] = Answer()
    distinguishing_marks: Answer[str] = Answer()  # scars, birthmarks ... that identify the child
    separation: Separation = Separation(status=Accompaniment.UNACCOMPANIED)
    arrival: Arrival = Arrival()
    documents: list[DocumentSeen] = []
    family: list[FamilyMember] = []
    vulnerabilities: list[Vulnerability] = []
    consents: list[Consent] = []
    presence: Presence = Presence()
    application: Application = Application()  # [G2]


class SpecialCategories(Model):
    """Ethnicity or clan and religion: special categories of personal data (GDPR Art. 9).

    Recorded only when needed for the child's protection, and then with the reason why
    ([R1] statuses as everywhere). Kept apart from the case record (its own record kind,
    app/services/special_categories.py), so that only the roles that need it read it:
    reading a case does not read this.
    """

    ethnicity: Answer[str] = Answer()  # ethnicity or clan
    religion: Answer[str] = Answer()
    reason: str = Field(default="", max_length=1000)

    def is_empty(self) -> bool:
        return self == SpecialCategories()


SPECIAL_NEEDS_REASON = N_(
    "Say why ethnicity or religion is needed for the child's protection; without a reason, "
    "leave them unanswered (GDPR Art. 9)."
)


def special_category_problems(data: SpecialCategories) -> list[Problem]:
    """An answered ethnicity or religion needs its reason; strings follow the text rules."""
    problems: list[Problem] = []
    answered = data.ethnicity.answered or data.religion.answered
    if answered and not data.reason.strip():
        problems.append(Problem(field="special_categories.reason", message=SPECIAL_NEEDS_REASON))
    for path, _pattern, value in _strings(data.model_dump()):
        found = text_rules.text_problem(value)
        if found is not None:
            problems.append(
                Problem(
                    field=f"special_categories.{path.removesuffix('.value')}",
                    message=found[0],
                    params=dict(found[1]),
                )
            )
    return problems


class Problem(BaseModel):
    """A rule a field breaks: ``field`` is a dotted path, ``message`` a msgid."""

    field: str
    message: str
    params: dict[str, str | int] = {}


JSON_INVALID = N_("{path} is not valid JSON ({detail}).")
FIELD_INVALID = N_("{field}: {detail}")


def draft_from_json(text: str, *, path: str) -> CaseDraft:
    """A case from a JSON file's text, strictly: no unknown field, no type guessed (an
    age is a JSON integer, a flag ``true`` or ``false``, a date ``"YYYY-MM-DD"``).

    Raises ``InputRefused`` with one line: the first problem and where it is. The JSON
    parser bounds nesting and reads numbers of any length without converting them to
    Python integers first, so neither a 5,000-digit number nor deep nesting breaks it.
    """
    try:
        return CaseDraft.model_validate_json(text, strict=True)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "json_invalid":
            detail = str(first["msg"]).removeprefix("Invalid JSON: ")
            raise text_rules.InputRefused(JSON_INVALID, path=path, detail=detail) from None
        where = ".".join(str(p) for p in first["loc"]) or "case"
        raise text_rules.InputRefused(
            FIELD_INVALID, field=text_rules.shorten(where), detail=first["msg"]
        ) from None


# A person's name follows the name rules; every other string the text rules (text.py).
NAME_PATHS = frozenset(
    {
        "names.given",
        "names.family",
        "names.given_latin",
        "names.family_latin",
        "names.nickname",
        "names.aliases.*",
        "separation.adult.name",
        "family.*.name",
        "presence.officer",
        "presence.interpreter",
        "presence.guardian",
    }
)


def _strings(dumped: dict[str, object]) -> list[tuple[str, str, str]]:
    """(path, path with list indices as ``*``, text) of every string in a dumped case
    (enum values left out: they are checked by the model)."""
    found: list[tuple[str, str, str]] = []
    stack: list[tuple[object, str, str]] = [(v, k, k) for k, v in reversed(dumped.items())]
    while stack:  # depth first, in the model's order
        value, path, pattern = stack.pop()
        if type(value) is str:
            found.append((path, pattern, value))
        elif type(value) is dict:
            items = reversed(value.items())
            stack.extend((v, f"{path}.{k}", f"{pattern}.{k}") for k, v in items)
        elif type(value) is list:
            items = reversed(list(enumerate(value)))
            stack.extend((v, f"{path}.{i}", f"{pattern}.*") for i, v in items)
    return found


def text_problems(case: CaseDraft) -> list[Problem]:
    """[R2] Every string of a case against the text rules of app/domain/text.py: control
    characters and direction overrides anywhere; in a person's name also invisible
    characters (ZWNJ/ZWJ kept where the script writes them) and no visible letter."""
    problems: list[Problem] = []
    for path, pattern, value in _strings(case.model_dump()):
        field = path.removesuffix(".value")  # an answer's value is its field's
        if pattern.removesuffix(".value") in NAME_PATHS:
            found = text_rules.name_problem(value)
        else:
            found = text_rules.text_problem(value)
        if found is not None:
            problems.append(Problem(field=field, message=found[0], params=dict(found[1])))
    return problems


def validate_case(case: CaseDraft, *, today: dt.date) -> list[Problem]:
    """Rules a person can break, each tied to its field (empty list when fine)."""
    problems: list[Problem] = text_problems(case)
    birth = case.birth
    if birth.date is not None and birth.date > today:
        problems.append(
            Problem(field="birth.date", message=N_("The date of birth cannot be in the future."))
        )
    if birth.declared_age is not None and not 0 <= birth.declared_age <= 25:
        problems.append(
            Problem(
                field="birth.declared_age", message=N_("A declared age must be between 0 and 25.")
            )
        )
    if (
        birth.precision == DatePrecision.DECLARED_AGE
        and birth.declared_age is None
        and birth.date is None
    ):
        problems.append(
            Problem(
                field="birth.declared_age",
                message=N_("Enter the age the child gives, or a date of birth."),
            )
        )
    arrival = case.arrival.date
    if arrival is not None and arrival > today:
        problems.append(
            Problem(field="arrival.date", message=N_("The arrival date cannot be in the future."))
        )
    if arrival is not None and birth.date is not None and arrival < birth.date:
        problems.append(
            Problem(
                field="arrival.date",
                message=N_("The arrival date cannot be before the date of birth."),
            )
        )
    for i, language in enumerate(case.languages):
        if not language_exists(language.code):
            problems.append(
                Problem(
                    field=f"languages.{i}.code",
                    message=N_("“{code}” is not an ISO 639 language code."),
                    params={"code": language.code},
                )
            )
    if sum(1 for lang in case.languages if lang.preferred) > 1:
        problems.append(
            Problem(field="languages", message=N_("Mark only one language as preferred."))
        )
    for i, code in enumerate(case.nationalities):
        if not country_exists(code):
            problems.append(
                Problem(
                    field=f"nationalities.{i}",
                    message=N_("“{code}” is not an ISO 3166 country code."),
                    params={"code": code},
                )
            )
    if case.stateless.answered and case.stateless.value and case.nationalities:
        problems.append(
            Problem(field="stateless", message=N_("A stateless child has no nationality listed."))
        )
    separation = case.separation
    needs_adult = separation.status in (Accompaniment.ACCOMPANIED, Accompaniment.SEPARATED)
    if needs_adult and (separation.adult is None or not separation.adult.relation.strip()):
        problems.append(
            Problem(
                field="separation.adult.relation",
                message=N_("Enter the accompanying adult's relation to the child."),
            )
        )
    for i, consent in enumerate(case.consents):
        # The legal basis is asked where something goes ahead without consent (the child
        # is registered, and the guardian referral shared, whatever the answer). A refused
        # photo is simply not taken (walkthrough I3: "Refused" for the photo asked for the
        # legal basis of a photo nobody will take).
        refused_but_done = consent.purpose != ConsentPurpose.PHOTO
        if not consent.granted and refused_but_done and not consent.legal_basis.strip():
            problems.append(
                Problem(
                    field=f"consents.{i}.legal_basis",
                    message=N_("Without consent, record the legal basis."),
                )
            )
    for i, document in enumerate(case.documents):
        if document.issuing_state and not country_exists(document.issuing_state):
            problems.append(
                Problem(
                    field=f"documents.{i}.issuing_state",
                    message=N_("“{code}” is not an ISO 3166 country code."),
                    params={"code": document.issuing_state},
                )
            )
    problems.extend(_application_problems(case.application, today))
    return problems


def _application_problems(application: Application, today: dt.date) -> list[Problem]:
    """[G2] The dates that start the guardian deadline: not in the future, and not
    lodged before made."""
    found = []
    for name in ("made", "lodged"):
        day = getattr(application, name).value
        if day is not None and day > today:
            found.append(
                Problem(
                    field=f"application.{name}",
                    message=N_("An application date cannot be in the future."),
                )
            )
    made, lodged = application.made.value, application.lodged.value
    if made is not None and lodged is not None and lodged < made:
        found.append(
            Problem(
                field="application.lodged",
                message=N_("The application cannot be lodged before it was made."),
            )
        )
    return found


# Which referral an urgent concern suggests (guardianship.md names the services).
SUGGESTED_REFERRAL: dict[Concern, str] = {
    Concern.HEALTH: "health",
    Concern.PREGNANCY: "health",
    Concern.DISABILITY: "health",
    Concern.TRAUMA: "mental_health",
    Concern.GENDER_BASED_VIOLENCE: "gbv_services",
    Concern.TRAFFICKING: "anti_trafficking",
    Concern.EXPLOITATION_LABOUR: "anti_trafficking",
    Concern.EXPLOITATION_SEXUAL: "anti_trafficking",
    Concern.EXPLOITATION_CRIMINAL: "anti_trafficking",
    Concern.CHILD_MARRIAGE: "child_protection",
    Concern.SUBSTANCE_USE: "health",
    Concern.STATELESSNESS: "legal_aid",
    Concern.CHILD_HEADED_HOUSEHOLD: "child_protection",
}


def urgent_flags(case: CaseDraft) -> list[tuple[Concern, str]]:
    """Urgent concerns and the referral each suggests: shown as a flag on the case."""
    return [
        (v.concern, SUGGESTED_REFERRAL[v.concern])
        for v in case.vulnerabilities
        if v.urgency == Urgency.URGENT
    ]


def case_number(centre_code: str, year: int, sequence: int, device: str | None = None) -> str:
    """[R4] Unique per centre and easy to read aloud: 'NRC-2026-0042'; allocated on an
    enrolled laptop, with the device code the sync server assigned and a sequence of that
    device's own: 'NRC-2026-B-0042' (issue 16, item 4)."""
    if device:
        return f"{centre_code}-{year}-{device}-{sequence:04d}"
    return f"{centre_code}-{year}-{sequence:04d}"
