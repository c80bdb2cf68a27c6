"""Translated names for the codes a case holds (enums, referrals, answer states)."""

from __future__ import annotations

from app.domain.case import (
    Accompaniment,
    AnswerStatus,
    BirthSource,
    CaseStatus,
    Concern,
    ConsentPurpose,
    DatePrecision,
    Sex,
    Urgency,
)
from app.i18n import N_
from ui.common import _

ANSWER_STATUS: dict[str, str] = {
    AnswerStatus.ANSWERED: N_("Answer given"),
    AnswerStatus.NOT_ASKED: N_("Not asked yet"),
    AnswerStatus.UNKNOWN: N_("Unknown"),
    AnswerStatus.DECLINED: N_("The child did not want to say"),
}

SEX: dict[str, str] = {
    Sex.FEMALE: N_("Female"),
    Sex.MALE: N_("Male"),
    Sex.INTERSEX: N_("Intersex"),
}

YES_NO: dict[str, str] = {"yes": N_("Yes"), "no": N_("No")}

PRECISION: dict[str, str] = {
    DatePrecision.DECLARED_AGE: N_("Declared age only"),
    DatePrecision.YEAR: N_("Year known"),
    DatePrecision.MONTH: N_("Month and year known"),
    DatePrecision.EXACT: N_("Exact date"),
}

BIRTH_SOURCE: dict[str, str] = {
    BirthSource.DECLARED: N_("Declared by the child"),
    BirthSource.DOCUMENT: N_("From a document"),
    BirthSource.ASSESSED: N_("Assessed"),
}

AGE_STATUS: dict[str, str] = {
    "declared": N_("Declared"),
    "documented": N_("Documented"),
    "assessment_in_progress": N_("Assessment in progress"),
    "assessed": N_("Assessed"),
    "benefit_of_doubt": N_("Benefit of the doubt applied"),
}

ACCOMPANIMENT: dict[str, str] = {
    Accompaniment.UNACCOMPANIED: N_("Unaccompanied"),
    Accompaniment.SEPARATED: N_("Separated (with an adult who is not the caregiver)"),
    Accompaniment.ACCOMPANIED: N_("Accompanied"),
}

CASE_STATUS: dict[str, str] = {
    CaseStatus.OPEN: N_("Open"),
    CaseStatus.MISSING: N_("Missing"),
    CaseStatus.TRANSFERRED: N_("Transferred"),
    CaseStatus.CLOSED: N_("Closed"),
}

URGENCY: dict[str, str] = {
    "": N_("Not raised"),
    Urgency.ROUTINE: N_("Routine"),
    Urgency.SOON: N_("Soon"),
    Urgency.URGENT: N_("Urgent"),
}

CONCERN: dict[str, str] = {
    Concern.HEALTH: N_("Health"),
    Concern.DISABILITY: N_("Disability"),
    Concern.PREGNANCY: N_("Pregnancy"),
    Concern.TRAUMA: N_("Trauma and distress"),
    Concern.GENDER_BASED_VIOLENCE: N_("Gender-based violence"),
    Concern.TRAFFICKING: N_("Trafficking indicators"),
    Concern.EXPLOITATION_LABOUR: N_("Labour exploitation"),
    Concern.EXPLOITATION_SEXUAL: N_("Sexual exploitation"),
    Concern.EXPLOITATION_CRIMINAL: N_("Exploitation for criminal activity"),
    Concern.CHILD_MARRIAGE: N_("Child marriage"),
    Concern.SUBSTANCE_USE: N_("Substance use"),
    Concern.STATELESSNESS: N_("Statelessness"),
    Concern.CHILD_HEADED_HOUSEHOLD: N_("Child-headed household"),
}

REFERRAL: dict[str, str] = {
    "health": N_("health services"),
    "mental_health": N_("mental health services"),
    "gbv_services": N_("gender-based violence services"),
    "anti_trafficking": N_("the anti-trafficking team"),
    "child_protection": N_("child protection services"),
    "legal_aid": N_("legal aid"),
}

CONSENT_PURPOSE: dict[str, str] = {
    ConsentPurpose.REGISTRATION: N_("Registration"),
    ConsentPurpose.SHARING: N_("Sharing with services"),
    ConsentPurpose.PHOTO: N_("Photo"),
    ConsentPurpose.FAMILY_TRACING: N_("Family tracing"),
}

GIVEN_BY: dict[str, str] = {
    "": N_("Not recorded"),
    "child": N_("The child"),
    "guardian": N_("Guardian"),
    "representative": N_("Legal representative"),
}

GRANTED: dict[str, str] = {"yes": N_("Granted"), "no": N_("Refused")}

ORIGINAL: dict[str, str] = {"yes": N_("Original"), "no": N_("Copy")}

LINK_DECISION: dict[str, str] = {
    "same_child": N_("Same child"),
    "different_child": N_("Different child"),
}


def label(table: dict[str, str], code: object) -> str:
    """The translated name of ``code`` in ``table`` (the code itself when unknown)."""
    key = str(code.value if hasattr(code, "value") else code) if code is not None else ""
    text = table.get(key)
    return _(text) if text is not None else key


def urgent_text(concern: str, referral: str) -> str:
    return _("Urgent: {concern}. Suggested referral: {referral}.").format(
        concern=label(CONCERN, concern), referral=label(REFERRAL, referral)
    )
