"""Age assessment with the benefit of the doubt (age-assessment.md, [A1]-[A17]).

Pure rules over pydantic models. The method catalogue is data with a source per row;
examination of genitalia or of sexual maturity does not exist in it and cannot be
added ([A8]): a method is identified by an id from the catalogue, never by free text.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from app.i18n import N_

ADULT_AGE = 18


class MethodKind(StrEnum):
    NON_MEDICAL = "non_medical"
    MEDICAL = "medical"  # no radiation
    MEDICAL_RADIATION = "medical_radiation"


class Method(BaseModel):
    id: str
    order: int  # 1 = least intrusive
    name: str  # msgid
    kind: MethodKind
    can_tell: str  # msgid
    cannot_tell: str  # msgid
    margin: str  # msgid: the margin of error, shown with every result
    source: str

    @property
    def medical(self) -> bool:
        return self.kind != MethodKind.NON_MEDICAL


# Defaults from age-assessment.md; a manager may edit a row with a recorded reason.
CATALOGUE: tuple[Method, ...] = (
    Method(
        id="documents",
        order=1,
        kind=MethodKind.NON_MEDICAL,
        name=N_("Documents and records (identity papers, school, family, tracing)"),
        can_tell=N_("The age, when a document is genuine; documents are presumed genuine."),
        cannot_tell=N_("Nothing, when no document exists or it cannot be read."),
        margin=N_("None for a genuine document."),
        source="APR Art. 25; EASO 2018",
    ),
    Method(
        id="psychosocial_interview",
        order=2,
        kind=MethodKind.NON_MEDICAL,
        name=N_("Psychosocial interview by a trained social worker or psychologist"),
        can_tell=N_("Development, life story and maturity."),
        cannot_tell=N_("A precise age: it must give a range."),
        margin=N_("No fixed margin; the range must be wide enough to be honest."),
        source="EASO 2018; CM/Rec(2022)22",
    ),
    Method(
        id="physical_appearance",
        order=3,
        kind=MethodKind.NON_MEDICAL,
        name=N_("Observation of physical appearance"),
        can_tell=N_("Very little; never enough on its own."),
        cannot_tell=N_("An age: appearance varies by years between people of one age."),
        margin=N_("Up to five years either way."),
        source="APR Art. 25; RCPCH",
    ),
    Method(
        id="paediatric_examination",
        order=4,
        kind=MethodKind.MEDICAL,
        name=N_("General physical examination by a paediatrician"),
        can_tell=N_("A broad range only."),
        cannot_tell=N_("Whether someone is just under or just over 18."),
        margin=N_("Several years either way."),
        source="EASO 2018",
    ),
    Method(
        id="dental_observation",
        order=5,
        kind=MethodKind.MEDICAL,
        name=N_("Dental observation (no X-ray)"),
        can_tell=N_("A broad range only."),
        cannot_tell=N_("Whether someone is just under or just over 18."),
        margin=N_("Several years either way."),
        source="EASO 2018",
    ),
    Method(
        id="mri_ultrasound",
        order=6,
        kind=MethodKind.MEDICAL,
        name=N_("MRI (knee or clavicle) or ultrasound"),
        can_tell=N_("A range that depends on the study population."),
        cannot_tell=N_("A precise age."),
        margin=N_("Depends on the reference study; at least two years either way."),
        source="EASO 2018",
    ),
    Method(
        id="dental_xray",
        order=7,
        kind=MethodKind.MEDICAL_RADIATION,
        name=N_("Dental panoramic X-ray (third molars)"),
        can_tell=N_("A range; under or over 18 right only about 70 per cent of the time."),
        cannot_tell=N_("Whether someone is under 18 with any certainty."),
        margin=N_(
            "Classifies under/over 18 correctly about 70 per cent of the time "
            "(Sartori et al. 2021)."
        ),
        source="Sartori et al. 2021; Kvaal & Haugen 2017",
    ),
    Method(
        id="hand_wrist_xray",
        order=7,
        kind=MethodKind.MEDICAL_RADIATION,
        name=N_("Hand-wrist X-ray (Greulich-Pyle or Tanner-Whitehouse)"),
        can_tell=N_("Skeletal maturity, not age: the atlas was made for another purpose."),
        cannot_tell=N_("Chronological age; it is least reliable near 18."),
        margin=N_("At least two years either way."),
        source="Alcina et al. 2015; UK case law",
    ),
    Method(
        id="clavicle_imaging",
        order=7,
        kind=MethodKind.MEDICAL_RADIATION,
        name=N_("Clavicle X-ray or CT"),
        can_tell=N_("A range for young adults."),
        cannot_tell=N_("A precise age."),
        margin=N_("At least two years either way."),
        source="EASO 2018",
    ),
)
METHODS: dict[str, Method] = {m.id: m for m in CATALOGUE}


class Profession(StrEnum):
    SOCIAL_WORKER = "social_worker"
    PSYCHOLOGIST = "psychologist"
    PAEDIATRICIAN = "paediatrician"
    OTHER = "other"


MEDICAL_PROFESSIONS = frozenset({Profession.PAEDIATRICIAN})


class DoubtGround(StrEnum):
    APPEARANCE = "appearance"
    STATEMENTS = "inconsistent_statements"
    DOCUMENTS = "documents_contradict"
    OTHER = "other"


class Doubt(BaseModel):
    """[A1] A documented serious doubt: the reason, who raised it and when."""

    grounds: list[DoubtGround]
    reason: str
    raised_by: str
    raised_on: dt.date


class Preconditions(BaseModel):
    """[A3]-[A6], each with its date where it happened."""

    informed_on: dt.date | None = None  # [A3]
    informed_language: str = ""
    information_session_id: str | None = None  # link to topic 5 ("age")
    child_consents: bool | None = None  # [A4] None = not asked yet
    guardian_consents: bool | None = None
    legal_basis: str = ""  # when consent is not the basis
    refusal_recorded: str = ""  # the child's refusal, which never decides on its own
    representative: str = ""  # [A5]
    representative_present: bool = False
    interpreter_needed: bool = True  # [A6]
    interpreter: str = ""


class Problem(BaseModel):
    rule: str  # "A1" ...
    field: str
    message: str  # msgid
    params: dict[str, str | int] = {}


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def start_blockers(
    doubt: Doubt | None, pre: Preconditions, *, genuine_document_age: int | None = None
) -> list[Problem]:
    """Everything that stops an assessment from starting; empty when it may start."""
    problems: list[Problem] = []
    if genuine_document_age is not None:
        problems.append(
            Problem(
                rule="A2",
                field="documents",
                message=N_("A genuine document states the age: there is no doubt to assess."),
            )
        )
    if doubt is None or not doubt.reason.strip() or not doubt.raised_by.strip():
        problems.append(
            Problem(
                rule="A1",
                field="doubt",
                message=N_("Record the serious doubt: the reason, who raised it and when."),
            )
        )
    elif set(doubt.grounds) <= {DoubtGround.APPEARANCE}:
        problems.append(
            Problem(
                rule="A1",
                field="doubt.grounds",
                message=N_("Physical appearance alone is not a serious doubt."),
            )
        )
    if pre.informed_on is None or not pre.informed_language:
        problems.append(
            Problem(
                rule="A3",
                field="informed_on",
                message=N_(
                    "Inform the child first, in a language they "
                    "understand: purpose, methods, consequences, and "
                    "what refusing a medical examination means."
                ),
            )
        )
    consent_given = pre.child_consents and pre.guardian_consents
    if not consent_given and not pre.legal_basis.strip():
        problems.append(
            Problem(
                rule="A4",
                field="consent",
                message=N_(
                    "Record the consent of the child and of the "
                    "guardian, or the legal basis for going ahead."
                ),
            )
        )
    if not pre.representative.strip():
        problems.append(
            Problem(
                rule="A5",
                field="representative",
                message=N_(
                    "A guardian or representative must be appointed and present or informed."
                ),
            )
        )
    if pre.interpreter_needed and not pre.interpreter.strip():
        problems.append(
            Problem(rule="A6", field="interpreter", message=N_("An interpreter must be present."))
        )
    return problems


class AgeRange(BaseModel):
    """[A10] Minimum and maximum age in years on the day of the method."""

    min_age: int = Field(ge=0, le=40)
    max_age: int = Field(ge=0, le=40)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.max_age < self.min_age:
            raise ValueError("the maximum age is below the minimum age")
        return self


def range_problems(age_range: AgeRange | None) -> list[Problem]:
    """[A10] A method's range runs from a minimum up to a maximum age; ``None`` is an
    inconclusive result. Checked by the service on every result, whatever built the range
    (a model copied with an update is not validated again)."""
    if age_range is not None and age_range.max_age < age_range.min_age:
        return [
            Problem(
                rule="A10",
                field="range",
                message=N_("The maximum age is below the minimum age."),
            )
        ]
    return []


class Assessor(BaseModel):
    user_id: str
    name: str
    profession: Profession


class MethodResult(BaseModel):
    id: str
    method_id: str
    performed_on: dt.date
    assessor: Assessor
    range: AgeRange | None = None  # None = inconclusive
    credible: bool = True
    notes: str = ""
    skip_reason: str = ""  # [A9] why a less intrusive method was not tried first
    method_consent: bool = False  # [A4] consent to this medical method

    @field_validator("method_id")
    @classmethod
    def _in_catalogue(cls, value: str) -> str:
        # [A8] Only catalogue methods exist; there is no way to name another.
        if value not in METHODS:
            raise ValueError(f"{value!r} is not a method in the catalogue")
        return value


def method_warnings(
    chosen: str,
    tried: list[str],
    assessor: Profession | None = None,
    *,
    skip_reason: str = "",
    method_consent: bool = False,
) -> list[Problem]:
    """[A9] Warnings beside a method choice; the ones with rule A8/A9/A4 block saving."""
    if chosen not in METHODS:
        return [
            Problem(
                rule="A8",
                field="method",
                message=N_("This method does not exist in the catalogue."),
            )
        ]
    method = METHODS[chosen]
    problems: list[Problem] = []
    untried = [m for m in CATALOGUE if m.order < method.order and m.id not in tried]
    if untried and not skip_reason.strip():
        problems.append(
            Problem(
                rule="A9",
                field="skip_reason",
                message=N_(
                    "Less intrusive methods have not been tried ({methods}): write why "
                    "this one is needed now."
                ),
                params={"methods": ", ".join(m.id for m in untried)},
            )
        )
    if method.medical and assessor is not None and assessor not in MEDICAL_PROFESSIONS:
        problems.append(
            Problem(
                rule="A9",
                field="assessor",
                message=N_("A medical method needs a medical professional."),
            )
        )
    if method.medical and not method_consent:
        problems.append(
            Problem(
                rule="A4",
                field="method_consent",
                message=N_(
                    "A medical method needs the consent of the child "
                    "and the guardian to this method."
                ),
            )
        )
    return problems


class Conclusion(BaseModel):
    minor: bool
    concluded_min_age: int | None  # None = inconclusive
    concluded_max_age: int | None
    assigned_birth_date: dt.date | None
    inconclusive: bool
    basis: list[str]  # ids of the credible results used


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def conclude(results: list[MethodResult], on: dt.date) -> Conclusion:
    """[A11]-[A13] The youngest credible age; any credible range below 18 means a minor."""
    credible = [r for r in results if r.credible and r.range is not None]
    if not credible:
        return Conclusion(
            minor=True,
            concluded_min_age=None,
            concluded_max_age=None,
            assigned_birth_date=None,
            inconclusive=True,
            basis=[],
        )
    lowest = min(credible, key=lambda r: (r.range.min_age, r.range.max_age))  # type: ignore[union-attr]
    assert lowest.range is not None
    youngest, upper = lowest.range.min_age, lowest.range.max_age
    minor = youngest < ADULT_AGE
    # [A13] the latest date of birth consistent with the youngest age: the person is at
    # least `youngest` years old on the day, and not one day more.
    assigned = _years_before(on, youngest)
    return Conclusion(
        minor=minor,
        concluded_min_age=youngest,
        concluded_max_age=upper,
        assigned_birth_date=assigned,
        inconclusive=False,
        basis=[r.id for r in credible],
    )


def may_conclude_adult(results: list[MethodResult], on: dt.date) -> bool:
    """[A12] 'Adult' is impossible while any credible range reaches below 18 or the
    result is inconclusive."""
    conclusion = conclude(results, on)
    return not conclusion.inconclusive and not conclusion.minor


def removal_problems(reason: str) -> list[Problem]:
    """[A17] Removing a result is a recorded correction, never silent: it needs a reason."""
    if not reason.strip():
        return [
            Problem(
                rule="A17",
                field="remove_reason",
                message=N_("Say why this result is removed."),
            )
        ]
    return []


def challenge_deadline_problems(deadline: dt.date | None, explained_on: dt.date) -> list[Problem]:
    """[A16] The child is told by when the result can be challenged: a date (none when no
    deadline applies), never one before the day it was explained to the child."""
    if deadline is not None and deadline < explained_on:
        return [
            Problem(
                rule="A16",
                field="challenge_deadline",
                message=N_(
                    "The deadline to challenge is before the day it was explained to the child."
                ),
            )
        ]
    return []


def signature_problems(assessors: list[Assessor]) -> list[Problem]:
    """[A14] At least two assessors of different professions sign."""
    if len({a.user_id for a in assessors}) < 2 or len({a.profession for a in assessors}) < 2:
        return [
            Problem(
                rule="A14",
                field="signatures",
                message=N_("Two assessors of different professions must sign."),
            )
        ]
    return []


class AgeStatus(StrEnum):
    DECLARED = "declared"
    DOCUMENTED = "documented"
    IN_PROGRESS = "assessment_in_progress"
    ASSESSED = "assessed"
    BENEFIT_OF_DOUBT = "benefit_of_doubt"


AGE_STATUS_TEXT: dict[AgeStatus, str] = {
    AgeStatus.DECLARED: N_("Age as declared by the child"),
    AgeStatus.DOCUMENTED: N_("Age from a document"),
    AgeStatus.IN_PROGRESS: N_("Treated as a child — assessment in progress"),
    AgeStatus.ASSESSED: N_("Assessed: {min}–{max} years"),
    AgeStatus.BENEFIT_OF_DOUBT: N_("Treated as a child — benefit of the doubt applied"),
}


def status_after(conclusion: Conclusion) -> AgeStatus:
    """Inconclusive, or a range that reaches both sides of 18: the benefit of the doubt."""
    if conclusion.inconclusive:
        return AgeStatus.BENEFIT_OF_DOUBT
    if conclusion.minor and (conclusion.concluded_max_age or 0) >= ADULT_AGE:
        return AgeStatus.BENEFIT_OF_DOUBT
    return AgeStatus.ASSESSED
