"""Referral forms as PDFs (guardianship.md [G7]-[G11], issue 15 item 9).

Pure layout over ``ReferralFormData``: the referral service gathers the data, checks the
permission and the recorded basis, and audits the print ([G10]); this module only draws,
on the case-file layout of ``app/reports/layout.py``, in the **recipient's** language
(``ReferralFormData.language``), which need not be the UI's: every word goes through the
document's own translator (``Document.tr``), never the global ``_``.

Data minimisation ([G8]): each referral type draws only its own field list (``FIELDS``),
plus the fields the officer marked necessary for this one referral among those the type
allows on necessity (``ON_NECESSITY``). Whatever else the data carries is never drawn, so
a service that fills every field still prints only what the recipient needs.

Every word the form draws is a msgid (``BuiltReferral.msgids``); names and free text are
drawn as entered, in their own script. The case number is also printed as a QR code
(reportlab's own ``QrCodeWidget``) in the first page's top corner on the side away from
where a reader starts.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.age import AGE_STATUS_TEXT, AgeStatus
from app.domain.calendars import WrittenDate
from app.domain.roles import PROFESSION_NAMES, Profession
from app.i18n import N_, available_languages, babel_locale, format_number
from app.reports.dates import day_text, with_written
from app.reports.layout import MARGIN, Document, isolate, plain
from app.reports.text import missing_characters

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# ---- referral types ---------------------------------------------------------------------
# The ids are the referral model's (``app.domain.referral.ReferralType`` values, and
# SUGGESTED_REFERRAL's); a type a centre added is "custom:<code>" with a display name.
GUARDIAN = "guardian"
CHILD_PROTECTION = "child_protection"
HEALTH = "health"
MENTAL_HEALTH = "mental_health"
GBV = "gbv_services"
LEGAL_AID = "legal_aid"
ANTI_TRAFFICKING = "anti_trafficking"
EDUCATION = "education"
FAMILY_TRACING = "family_tracing"
BEST_INTERESTS = "best_interests"
POLICE_MISSING = "police_missing"
TYPES = (
    GUARDIAN,
    CHILD_PROTECTION,
    HEALTH,
    MENTAL_HEALTH,
    GBV,
    LEGAL_AID,
    ANTI_TRAFFICKING,
    EDUCATION,
    FAMILY_TRACING,
    BEST_INTERESTS,
    POLICE_MISSING,
)

TITLES = {
    GUARDIAN: N_("Referral for a guardian or representative"),
    CHILD_PROTECTION: N_("Referral to child protection services"),
    HEALTH: N_("Health referral"),
    MENTAL_HEALTH: N_("Mental health referral"),
    GBV: N_("Referral to gender-based violence services"),
    LEGAL_AID: N_("Referral for legal aid"),
    ANTI_TRAFFICKING: N_("Referral to the anti-trafficking contact point"),
    EDUCATION: N_("Referral for education"),
    FAMILY_TRACING: N_("Family tracing request"),
    BEST_INTERESTS: N_("Referral for a best-interests assessment"),
    POLICE_MISSING: N_("Missing child: report to the police"),
}
# Longer spellings of the same types, accepted too.
ALIASES = {
    "guardian_or_representative": GUARDIAN,
    "best_interests_assessment": BEST_INTERESTS,
    "police_missing_child": POLICE_MISSING,
}
CUSTOM_TITLE = N_("Referral: {service}")  # a type a centre added, by its display name

# What the centre asks of the recipient, one sentence per type.
REQUESTS = {
    GUARDIAN: N_(
        "Please appoint a guardian or representative for this child without delay, and"
        " tell us who was appointed and by which authority."
    ),
    CHILD_PROTECTION: N_(
        "Please assess this child's protection needs and tell us what support you can give."
    ),
    HEALTH: N_("Please see this child for the health needs described below."),
    MENTAL_HEALTH: N_("Please see this child for the mental health needs described below."),
    GBV: N_("Please offer this child support from your gender-based violence services."),
    LEGAL_AID: N_(
        "Please give this child legal advice and representation for their application"
        " for international protection."
    ),
    ANTI_TRAFFICKING: N_(
        "Please assess the indicators of trafficking described below and tell us how you"
        " will protect this child."
    ),
    EDUCATION: N_("Please enrol this child in school or a suitable course."),
    FAMILY_TRACING: N_(
        "Please trace the family members named below. Share nothing about the child with"
        " anyone the child or the guardian has not agreed to."
    ),
    BEST_INTERESTS: N_(
        "Please carry out a best-interests assessment for this child and send us its conclusions."
    ),
    POLICE_MISSING: N_(
        "This child is missing. Please open a search at once and tell us and the guardian"
        " of any sighting."
    ),
}
CUSTOM_REQUEST = N_("Please provide your service to this child as described below.")

# ---- fields ---------------------------------------------------------------------------
# Every form carries the heading, the request (reason, urgency), the child's names, age and
# age status, languages and interpreter need, the consent or legal basis, the referring
# officer and the recipient's acknowledgement. Beyond those, a type draws only:
SEX = "sex"
BIRTH_DATE = "birth_date"
NATIONALITY = "nationality"
ACCOMPANIMENT = "accompaniment"
GUARDIAN_NAME = "guardian"
APPLICATION = "protection_application"  # when the application was made and lodged
HEALTH_NEEDS = "health_needs"  # a special category (GDPR Art. 9): [G8]
PROTECTION_CONCERNS = "protection_concerns"
TRAFFICKING = "trafficking_indicators"
LAST_SIGHTING = "last_sighting"
FAMILY_SOUGHT = "family_sought"
SCHOOLING = "schooling"
PHOTO = "photo"  # [G12] the child's photo, taken with consent: only to the police
OPTIONAL_FIELDS = (
    SEX,
    BIRTH_DATE,
    NATIONALITY,
    ACCOMPANIMENT,
    GUARDIAN_NAME,
    APPLICATION,
    HEALTH_NEEDS,
    PROTECTION_CONCERNS,
    TRAFFICKING,
    LAST_SIGHTING,
    FAMILY_SOUGHT,
    SCHOOLING,
    PHOTO,
)

# [G8] data minimisation (GDPR Art. 5(1)(c)), and [G9] consent per recipient: each
# recipient gets only the fields its service needs. Special categories (health) go only to
# the recipients that treat them; trafficking details only to the anti-trafficking contact
# point unless the officer marks them necessary for this referral (``ON_NECESSITY``); the
# last sighting only to the police ([G11]). Nothing here goes to immigration enforcement:
# no type is one ([R3]).
FIELDS: dict[str, tuple[str, ...]] = {
    GUARDIAN: (SEX, BIRTH_DATE, NATIONALITY, ACCOMPANIMENT, APPLICATION),
    CHILD_PROTECTION: (SEX, ACCOMPANIMENT, GUARDIAN_NAME, PROTECTION_CONCERNS),
    HEALTH: (SEX, BIRTH_DATE, GUARDIAN_NAME, HEALTH_NEEDS),
    MENTAL_HEALTH: (SEX, GUARDIAN_NAME, HEALTH_NEEDS),
    GBV: (SEX, GUARDIAN_NAME, PROTECTION_CONCERNS),
    LEGAL_AID: (NATIONALITY, ACCOMPANIMENT, GUARDIAN_NAME, APPLICATION),
    ANTI_TRAFFICKING: (SEX, NATIONALITY, ACCOMPANIMENT, GUARDIAN_NAME, TRAFFICKING),
    EDUCATION: (GUARDIAN_NAME, SCHOOLING),
    FAMILY_TRACING: (NATIONALITY, ACCOMPANIMENT, GUARDIAN_NAME, FAMILY_SOUGHT),
    BEST_INTERESTS: (SEX, NATIONALITY, ACCOMPANIMENT, GUARDIAN_NAME, PROTECTION_CONCERNS),
    POLICE_MISSING: (SEX, BIRTH_DATE, NATIONALITY, GUARDIAN_NAME, LAST_SIGHTING, PHOTO),
}
CUSTOM_FIELDS: tuple[str, ...] = (GUARDIAN_NAME,)
# Fields a type carries only when the officer marks them necessary for this referral [G8].
ON_NECESSITY: dict[str, tuple[str, ...]] = {
    GUARDIAN: (TRAFFICKING, HEALTH_NEEDS),
    CHILD_PROTECTION: (TRAFFICKING, HEALTH_NEEDS),
    HEALTH: (PROTECTION_CONCERNS,),
    MENTAL_HEALTH: (PROTECTION_CONCERNS, TRAFFICKING),
    GBV: (HEALTH_NEEDS,),
    LEGAL_AID: (TRAFFICKING,),
    ANTI_TRAFFICKING: (HEALTH_NEEDS,),
    EDUCATION: (),
    FAMILY_TRACING: (),
    BEST_INTERESTS: (TRAFFICKING, HEALTH_NEEDS),
    POLICE_MISSING: (TRAFFICKING, HEALTH_NEEDS),
}
CUSTOM_ON_NECESSITY: tuple[str, ...] = (HEALTH_NEEDS, PROTECTION_CONCERNS)


def fields_for(referral_type: str, marked_necessary: frozenset[str] = frozenset()) -> list[str]:
    """The optional fields a referral of this type draws, in the form's order."""
    referral_type = ALIASES.get(referral_type, referral_type)
    own = FIELDS.get(referral_type, CUSTOM_FIELDS)
    extra = ON_NECESSITY.get(referral_type, CUSTOM_ON_NECESSITY)
    chosen = set(own) | (set(marked_necessary) & set(extra))
    return [f for f in OPTIONAL_FIELDS if f in chosen]


# ---- words for coded values -------------------------------------------------------------
URGENCY = {"routine": N_("Routine"), "soon": N_("Soon"), "urgent": N_("Urgent")}
SEXES = {"female": N_("Female"), "male": N_("Male"), "intersex": N_("Intersex")}
ACCOMPANIMENTS = {
    "unaccompanied": N_("Unaccompanied"),
    "separated": N_("Separated (with an adult who is not the usual caregiver)"),
    "accompanied": N_("Accompanied"),
}
CONSENT_GIVERS = {
    "child": N_("the child"),
    "guardian": N_("the guardian"),
    "representative": N_("the representative"),
    "parent": N_("a parent"),
}


# ---- the data ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SharingBasis:
    """What was recorded to allow sharing with this recipient ([G9]): a consent (of whom,
    when, in which language) or a legal basis, and the child's own view (assent)."""

    consent_by: str = ""  # "child", "guardian", "representative", "parent", or as entered
    consent_granted: bool = True  # a refused consent is not a basis: a legal basis is
    consent_on: dt.date | None = None
    consent_language: str = ""  # ISO 639 code
    legal_basis: str = ""
    child_assent: bool | None = None
    child_view: str = ""

    @property
    def recorded(self) -> bool:
        return bool(self.consent_by and self.consent_granted) or bool(self.legal_basis.strip())


@dataclass(frozen=True)
class LastSighting:
    """[G11]: when and where the child was last seen, and what the police need to search."""

    when: dt.datetime | dt.date | None = None
    where: str = ""
    with_whom: str = ""
    clothing: str = ""
    description: str = ""
    belongings: str = ""
    contacts: str = ""
    risks: str = ""
    told: str = ""  # who was told, and when


@dataclass(frozen=True)
class FormPhoto:
    """[G12] A photo for the missing-child notice: a JPEG without metadata
    (app/services/photos.py), its size in pixels and the day it was taken."""

    jpeg: bytes
    width: int
    height: int
    taken_on: dt.date | None = None


@dataclass(frozen=True)
class FamilyMember:
    name: str
    relationship: str = ""
    last_known_place: str = ""


@dataclass(frozen=True)
class ReferralFormData:
    """Everything a referral form may draw. The service fills it; the form draws only the
    fields of its type (``fields_for``)."""

    referral_type: str  # one of TYPES (or ALIASES), or "custom:<code>" a centre added
    language: str  # the recipient's language (a UI language code): the form's language
    recipient_name: str
    recipient_organisation: str
    organisation: str  # the organisation running the centre
    centre: str
    case_number: str
    reference: str  # the referral's reference number [G10]
    name_original: str
    name_latin: str
    made_on: dt.date
    reason: str
    urgency: str = "routine"  # "routine", "soon", "urgent"
    type_name: str = ""  # display name of a centre-added type
    recipient_contact: str = ""
    form_version: str = "1"
    age: int | None = None  # in years, as the case has it now
    age_status: str = AgeStatus.DECLARED.value
    age_range: tuple[int, int] | None = None  # an assessed range
    languages: tuple[str, ...] = ()  # ISO 639 codes the child speaks
    interpreter_needed: bool | None = None
    interpreter_language: str = ""
    basis: SharingBasis = field(default_factory=SharingBasis)
    officer_name: str = ""
    officer_profession: str = ""  # a Profession value or as entered
    due_on: dt.date | None = None
    due_provisional: bool = False  # counted from registration until lodging is known [G2]
    # Optional, drawn only when the type carries them:
    sex: str = ""
    birth_date: dt.date | str | None = None
    # The date of birth as written on the child's papers, in their calendar (a tazkira's
    # Solar Hijri date): printed beside the Gregorian one wherever the birth date is.
    birth_date_written: WrittenDate | None = None
    # How exact the birth date is ("exact", "month", "year"): a date known only by its
    # year is printed as the year, not as 1 January of it (registration.md).
    birth_precision: str = "exact"
    nationalities: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    accompaniment: str = ""
    guardian_name: str = ""
    guardian_authority: str = ""  # the appointing authority [G5]
    application_made_on: dt.date | None = None
    application_lodged_on: dt.date | None = None
    health_needs: str = ""
    protection_concerns: str = ""
    trafficking_indicators: tuple[str, ...] = ()
    last_sighting: LastSighting | None = None
    family_sought: tuple[FamilyMember, ...] = ()
    schooling: str = ""
    photo: FormPhoto | None = None  # [G12] drawn only on the missing-child notice
    marked_necessary: frozenset[str] = frozenset()  # fields beyond the type's, see [G8]


@dataclass(frozen=True)
class BuiltReferral:
    pdf: bytes
    # Characters no bundled font draws (printed as a mark, the name also in Latin letters).
    missing: list[str]
    msgids: list[str]
    language: str  # the language it was printed in (English when the recipient's has none)
    fields: list[str]  # the optional fields drawn


class NoSharingBasis(ValueError):
    """[G9], [R3]: a referral leaves the laptop only with a recorded consent or basis."""


# ---- helpers ----------------------------------------------------------------------------
def _date(value: dt.date | str | None, language: str) -> str:
    from babel.dates import format_date

    if not value:
        return "—"
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    return plain(format_date(day, format="long", locale=babel_locale(language)))


def _datetime(value: dt.datetime | dt.date | None, language: str) -> str:
    """A day in the long form (month names written out) and the time of day in its
    short form, joined as the language joins them (CLDR)."""
    from babel.dates import format_time

    if not isinstance(value, dt.datetime):
        return _date(value, language)
    locale = babel_locale(language)
    glue = str(locale.datetime_formats.get("medium", "{1} {0}"))
    time = format_time(value, format="short", locale=locale)
    return plain(glue.replace("{1}", _date(value.date(), language)).replace("{0}", time))


def _language_name(code: str, doc: Document) -> str:
    """A language (ISO 639-1 or 639-3 code) named in the document's language. CLDR's
    aliases give the two-letter code ("ara" -> "ar", "prs" -> "fa_AF"), without loading
    pycountry's tables at the first print."""
    from babel.core import get_global

    from app.i18n.names import language_name

    key = str(get_global("language_aliases").get(code, code))
    if key == "fa_AF" and not babel_locale(doc.language).languages.get("fa_AF"):
        return doc.label(N_("Dari"))  # CLDR has no name for it in this language
    return language_name(key, doc.language)


def _country_name(code: str, language: str) -> str:
    return babel_locale(language).territories.get(code.upper(), code)


def _list(items: list[str], doc: Document) -> str:
    return doc.tr(N_(", ")).join(isolate(i) for i in items) if items else "—"


def _coded(table: dict[str, str], value: str, doc: Document) -> str:
    return doc.label(table[value]) if value in table else (value or "—")


@functools.cache
def _qrencoder() -> Any:
    """reportlab's QR encoder module (pure Python: ``re`` and ``itertools``), loaded by
    itself: importing it the usual way runs ``reportlab.graphics.barcode``'s package
    ``__init__``, which registers every barcode widget and imports platypus, shapes and
    their regular expressions, about 150 ms of a first print for nothing a QR code uses."""
    import importlib.util
    import sys

    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:
        return sys.modules[name]
    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("_harbour_qrencoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def qr_squares(value: str, size: float, border: int = 4) -> tuple[float, list[tuple[float, ...]]]:
    """The dark squares of ``value``'s QR code (level M) in a ``size`` square: the side of
    one module, and (x, y, width) runs from the bottom-left corner, one per run of dark
    modules in a row, placed as reportlab's ``QrCodeWidget`` places them."""
    encoder = _qrencoder()
    qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
    qr.addData(value)
    qr.make()
    box = size / (qr.getModuleCount() + border * 2.0)
    runs: list[tuple[float, ...]] = []
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append(((c + border) * box, size - (r + border + 1) * box, n * box))
            c += n
    return box, runs


def _qr(case_number: str, size: float) -> Callable[[Canvas, Document], None]:
    """The case number as a QR code (reportlab's QR encoder), in the first page's top
    corner away from where a reader starts, drawn straight onto the canvas as one path."""

    def decorate(canvas: Canvas, doc: Document) -> None:
        x = MARGIN if doc.rtl else doc.width - MARGIN - size
        y = doc.height - MARGIN - size + 8
        box, runs = qr_squares(case_number, size)
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        for sx, sy, width in runs:
            path.rect(x + sx, y + sy, width, box)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()

    return decorate


QR_SIZE = 72
PHOTO_BOX = (150.0, 190.0)  # points: the most a notice's photo takes (about 5 x 6.7 cm)


def warm_up(language: str = "en") -> None:
    """Load what a first print needs (the fonts of the scripts a form draws, the
    language's catalog, the QR encoder), for a background thread at sign-in: the first
    form a manager prints then takes as long as the next ones."""
    from app.i18n import translations_for
    from app.reports.fonts import engine_font

    _qrencoder()
    for family in ("latin", "arabic", "ethiopic"):
        engine_font(family, False)
        engine_font(family, True)
    if language in available_languages():
        translations_for(language)


# ---- the form ---------------------------------------------------------------------------
def build_referral_pdf(data: ReferralFormData) -> bytes:
    return build_referral_pdf_checked(data).pdf


def build_referral_pdf_checked(data: ReferralFormData) -> BuiltReferral:
    if not data.basis.recorded:
        raise NoSharingBasis(
            "a referral form is printed only with a recorded consent or legal basis [G9]"
        )
    language = data.language if data.language in available_languages() else "en"
    referral_type = ALIASES.get(data.referral_type, data.referral_type)
    title_msgid = TITLES.get(referral_type)
    probe = Document(title="", case_number=data.case_number, language=language)
    if title_msgid:
        title = probe.tr(title_msgid)
    else:
        title = probe.tr(CUSTOM_TITLE).format(service=isolate(data.type_name or "—"))
    doc = Document(title=title, case_number=data.case_number, language=language)
    doc.drawn_msgids.append(title_msgid or CUSTOM_TITLE)
    label, tr = doc.label, doc.tr
    yes, no = label(N_("yes")), label(N_("no"))
    answer = {True: yes, False: no, None: label(N_("not recorded"))}
    fields = fields_for(referral_type, data.marked_necessary)

    due = _date(data.due_on, language)
    if data.due_on and data.due_provisional:
        due = tr(N_("{date} (provisional)")).format(date=isolate(due))
        doc.drawn_msgids.append(N_("{date} (provisional)"))
    # The heading block keeps clear of the QR code's corner.
    doc.usable -= QR_SIZE + 12
    doc.heading_block(
        [
            (N_("To"), data.recipient_name),
            (N_("Recipient organisation"), data.recipient_organisation),
            *([(N_("Contact"), data.recipient_contact)] if data.recipient_contact else []),
            (N_("From"), data.organisation or "—"),
            (N_("Centre"), data.centre),
            (N_("Case number"), data.case_number),
            (N_("Referral reference"), data.reference),
            (N_("Form version"), data.form_version),
            (N_("Referral made on"), _date(data.made_on, language)),
        ]
    )
    doc.pair(N_("Response expected by"), due, indent=0, composed=True)
    doc.usable += QR_SIZE + 12
    doc.first_page.append(_qr(data.case_number, QR_SIZE))

    doc.section(N_("The request"), "G7")
    doc.line(label(REQUESTS.get(referral_type, CUSTOM_REQUEST)))
    doc.pair(N_("Urgency"), _coded(URGENCY, data.urgency, doc))
    doc.pair(N_("Reason"), data.reason)

    doc.section(N_("The child"))
    name = data.name_original
    if missing_characters(name):
        # Never a silent gap: a mark shows where the name is, and its Latin spelling.
        pattern = N_("{name} (no font for this script; in Latin letters: {latin})")
        name = tr(pattern).format(name=name, latin=data.name_latin or "—")
        doc.drawn_msgids.append(pattern)
    doc.pair(N_("Name as the child says it"), name)
    doc.pair(N_("Name in Latin letters"), data.name_latin)
    if SEX in fields:
        doc.pair(N_("Sex"), _coded(SEXES, data.sex, doc))
    if BIRTH_DATE in fields:
        born_on = data.birth_date
        if isinstance(born_on, dt.date):
            born = day_text(born_on, language, data.birth_precision)
        else:
            born = _date(born_on, language)  # an older free text as written
        born, composed = with_written(doc, born, data.birth_date_written if born_on else None)
        doc.pair(N_("Date of birth"), born, composed=composed)
    age = "—" if data.age is None else format_number(data.age, language)
    doc.pair(N_("Age"), age)
    status = AgeStatus(data.age_status) if data.age_status in set(AgeStatus) else None
    if status is None:
        shown = data.age_status or "—"
    else:
        shown = label(AGE_STATUS_TEXT[status])
        if status is AgeStatus.ASSESSED:
            low, high = data.age_range or (None, None)
            shown = shown.format(
                min="—" if low is None else format_number(low, language),
                max="—" if high is None else format_number(high, language),
            )
    doc.pair(N_("Age status"), shown)
    if NATIONALITY in fields:
        doc.pair(
            N_("Nationality"),
            _list([_country_name(c, language) for c in data.nationalities], doc),
            composed=True,
        )
    if ACCOMPANIMENT in fields:
        doc.pair(N_("Accompaniment"), _coded(ACCOMPANIMENTS, data.accompaniment, doc))
    doc.pair(
        N_("Languages"),
        _list([_language_name(c, doc) for c in data.languages], doc),
        composed=True,
    )
    if data.interpreter_needed and data.interpreter_language:
        interpreter = tr(N_("yes, in {language}")).format(
            language=isolate(_language_name(data.interpreter_language, doc))
        )
        doc.drawn_msgids.append(N_("yes, in {language}"))
        doc.pair(N_("Interpreter needed"), interpreter, composed=True)
    else:
        doc.pair(N_("Interpreter needed"), answer[data.interpreter_needed])
    if GUARDIAN_NAME in fields:
        guardian = data.guardian_name or label(N_("not yet appointed"))
        if data.guardian_name and data.guardian_authority:
            pattern = N_("{name}, appointed by {authority}")
            guardian = tr(pattern).format(
                name=isolate(data.guardian_name), authority=isolate(data.guardian_authority)
            )
            doc.drawn_msgids.append(pattern)
        doc.pair(N_("Guardian or representative"), guardian, composed=bool(data.guardian_name))

    if PHOTO in fields:
        doc.section(N_("Photo"), "G12", keep_together=True)
        photo = data.photo
        if photo is not None and photo.width > 0 and photo.height > 0:
            scale = min(PHOTO_BOX[0] / photo.width, PHOTO_BOX[1] / photo.height)
            doc.picture(photo.jpeg, photo.width * scale, photo.height * scale)
            doc.pair(N_("Photo taken on"), _date(photo.taken_on, language))
        else:
            doc.line(label(N_("No photo: none was taken with consent.")))
    if APPLICATION in fields:
        doc.section(N_("Application for international protection"), "G2")
        not_yet = label(N_("not yet, or not known"))
        made, lodged = data.application_made_on, data.application_lodged_on
        doc.pair(N_("Made on"), _date(made, language) if made else not_yet)
        doc.pair(N_("Lodged on"), _date(lodged, language) if lodged else not_yet)

    if HEALTH_NEEDS in fields:
        doc.section(N_("Health needs"), "G8")
        doc.line(data.health_needs or "—")
    if PROTECTION_CONCERNS in fields:
        doc.section(N_("Protection concerns"), "G7")
        doc.line(data.protection_concerns or "—")
    if TRAFFICKING in fields:
        doc.section(N_("Indicators of trafficking or exploitation"), "G7, G8")
        for indicator in data.trafficking_indicators or ("—",):
            doc.line(f"• {indicator}")
    if LAST_SIGHTING in fields:
        seen = data.last_sighting or LastSighting()
        doc.section(N_("Last seen"), "G11")
        doc.pair(N_("When"), _datetime(seen.when, language))
        doc.pair(N_("Where"), seen.where)
        doc.pair(N_("With whom"), seen.with_whom)
        doc.pair(N_("Clothing"), seen.clothing)
        doc.pair(N_("Description"), seen.description)
        doc.pair(N_("What the child had with them"), seen.belongings)
        doc.pair(N_("Known contacts"), seen.contacts)
        doc.pair(N_("Risks"), seen.risks)
        doc.pair(N_("Who has been told"), seen.told)
    if FAMILY_SOUGHT in fields:
        doc.section(N_("Family members sought"))
        pattern = N_("{name} ({relationship}), last known in {place}")
        for member in data.family_sought or (FamilyMember("—"),):
            doc.line(
                tr(pattern).format(
                    name=isolate(member.name),
                    relationship=isolate(member.relationship or "—"),
                    place=isolate(member.last_known_place or "—"),
                )
            )
            doc.drawn_msgids.append(pattern)
    if SCHOOLING in fields:
        doc.section(N_("Schooling so far"))
        doc.line(data.schooling or "—")

    basis = data.basis
    doc.section(N_("Consent or legal basis for this referral"), "G9, R3", keep_together=True)
    if basis.consent_by and basis.consent_granted:
        doc.pair(N_("Consent given by"), _coded(CONSENT_GIVERS, basis.consent_by, doc))
        doc.pair(N_("Consent recorded on"), _date(basis.consent_on, language))
        doc.pair(
            N_("Language the consent was asked in"),
            _language_name(basis.consent_language, doc) if basis.consent_language else "—",
        )
        doc.pair(N_("Consent given for"), title)
    if basis.legal_basis:
        doc.pair(N_("Legal basis"), basis.legal_basis)
    doc.pair(N_("The child agrees"), answer[basis.child_assent])
    if basis.child_view:
        doc.pair(N_("The child's view"), basis.child_view)
    doc.line(label(N_("Use this information only for the service requested. Do not pass it on.")))

    doc.section(N_("Referring officer"), "G10", keep_together=True)
    profession = data.officer_profession
    if profession in set(Profession):
        profession = label(PROFESSION_NAMES[Profession(profession)])
    doc.signature(data.officer_name or "—", profession or "—", _date(data.made_on, language))

    doc.section(N_("Acknowledgement of receipt (for the recipient)"), keep_together=True)
    doc.signature_rows([(N_("Received by"), ""), (N_("Date received"), "")])

    doc.annex(
        N_("Rules this form follows"),
        N_("Section {number}: rules {rules} of the guardianship and registration guides"),
    )
    pdf = doc.build()
    return BuiltReferral(
        pdf=pdf, missing=doc.missing, msgids=doc.drawn_msgids, language=language, fields=fields
    )
