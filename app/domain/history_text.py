"""A case's change history, its information sessions and its age assessment in words (pure).

The change log (``app.domain.history.HistoryEntry``) stores paths and JSON values; staff
read "Family member added: sister Selam", "Date of birth: 3 May 2010", "Stateless: The
child did not want to say", by "Amina Haddad". This module turns entries into such rows.
Nothing here prints a path, an internal id or JSON: a field it does not know is named in
words from its key, a value it does not know is written as "key: value" pairs, and ids
are left out.

The value tables carry the same msgids as ``ui/cases/labels.py`` (one translation each):
the domain may not import the UI, and the UI's tables are the screens' business.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain import hlc, paths
from app.domain.calendars import CALENDAR_NAMES, WrittenDate
from app.domain.history import HistoryEntry
from app.domain.information import ChildAnswer, InformationSession
from app.i18n import N_, _, active_language, babel_locale, format_date, is_rtl
from app.i18n.names import COUNTRY, LANGUAGE, display

FSI, PDI = "\u2068", "\u2069"

# ---- what a path is called -------------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "names.given": N_("Given name(s)"),
    "names.family": N_("Family name(s)"),
    "names.given_latin": N_("Given name(s) in Latin letters"),
    "names.family_latin": N_("Family name(s) in Latin letters"),
    "names.nickname": N_("Nickname"),
    "names.aliases": N_("Other names and spellings"),
    "names": N_("Names"),
    "sex": N_("Sex"),
    "gender_identity": N_("Gender identity"),
    "birth.date": N_("Date of birth"),
    "birth.date_written": N_("Date of birth as written on the papers"),
    "birth.precision": N_("How exact the date of birth is"),
    "birth.declared_age": N_("Declared age"),
    "birth.source": N_("Where the date of birth comes from"),
    "birth.place": N_("Place of birth"),
    "birth": N_("Date of birth or age"),
    "nationalities": N_("Nationalities"),
    "stateless": N_("Stateless"),
    "place_of_origin": N_("Place of origin"),
    "languages": N_("Languages"),
    "interpreter_needed": N_("Interpreter needed"),
    "separation.status": N_("Accompaniment"),
    "separation.adult": N_("Accompanying adult"),
    "separation.date": N_("Date of separation"),
    "separation.place": N_("Place of separation"),
    "separation.cause": N_("Cause and circumstances"),
    "separation": N_("Accompaniment"),
    "arrival.date": N_("Arrival date"),
    "arrival.place": N_("Arrival place"),
    "arrival.route_notes": N_("Route"),
    "arrival": N_("Arrival and documents"),
    "documents": N_("Documents seen"),
    "family": N_("Family members"),
    "vulnerabilities": N_("Needs and vulnerabilities"),
    "consents": N_("Consent"),
    "presence.officer": N_("Officer"),
    "presence.interpreter": N_("Interpreter"),
    "presence.interpreter_language": N_("Interpreter's language"),
    "presence.guardian": N_("Guardian"),
    "presence": N_("Who was present"),
    "case_number": N_("Case number"),
    "status": N_("Status"),
    "age_status": N_("Age"),
    "registered_at": N_("Registered on"),
    "registered_by": N_("Registered by"),
    "centre_id": N_("Centre"),
}

# An item of a list: what its row says when it came, changed or went.
ITEM_LABELS: dict[str, tuple[str, str, str]] = {
    "family": (
        N_("Family member added"),
        N_("Family member changed"),
        N_("Family member removed"),
    ),
    "languages": (N_("Language added"), N_("Language changed"), N_("Language removed")),
    "documents": (N_("Document added"), N_("Document changed"), N_("Document removed")),
    "vulnerabilities": (
        N_("Concern added"),
        N_("Concern changed"),
        N_("Concern removed"),
    ),
    "consents": (N_("Consent added"), N_("Consent changed"), N_("Consent removed")),
}

# Fields whose value is an answer (tri-state: given, not asked, unknown, declined [R1]).
ANSWER_FIELDS = frozenset(
    {
        "sex",
        "gender_identity",
        "stateless",
        "place_of_origin",
        "interpreter_needed",
        "names.nickname",
        "birth.place",
        "separation.date",
        "separation.place",
        "separation.cause",
        "arrival.route_notes",
    }
)
DATE_FIELDS = frozenset({"birth.date", "arrival.date", "separation.date", "registered_at"})

# ---- what a code is called (same msgids as ui/cases/labels.py) ------------------------------

ANSWER_STATUS = {
    "answered": N_("Answer given"),
    "not_asked": N_("Not asked yet"),
    "unknown": N_("Unknown"),
    "declined": N_("The child did not want to say"),
}
YES_NO = {"yes": N_("Yes"), "no": N_("No")}
SEX = {"female": N_("Female"), "male": N_("Male"), "intersex": N_("Intersex")}
PRECISION = {
    "declared_age": N_("Declared age only"),
    "year": N_("Year known"),
    "month": N_("Month and year known"),
    "exact": N_("Exact date"),
}
BIRTH_SOURCE = {
    "declared": N_("Declared by the child"),
    "document": N_("From a document"),
    "assessed": N_("Assessed"),
}
AGE_STATUS = {
    "declared": N_("Declared"),
    "documented": N_("Documented"),
    "assessment_in_progress": N_("Assessment in progress"),
    "assessed": N_("Assessed"),
    "benefit_of_doubt": N_("Benefit of the doubt applied"),
}
ACCOMPANIMENT = {
    "unaccompanied": N_("Unaccompanied"),
    "separated": N_("Separated (with an adult who is not the caregiver)"),
    "accompanied": N_("Accompanied"),
}
CASE_STATUS = {
    "open": N_("Open"),
    "missing": N_("Missing"),
    "transferred": N_("Transferred"),
    "closed": N_("Closed"),
}
URGENCY = {
    "": N_("Not raised"),
    "routine": N_("Routine"),
    "soon": N_("Soon"),
    "urgent": N_("Urgent"),
}
CONCERN = {
    "health": N_("Health"),
    "disability": N_("Disability"),
    "pregnancy": N_("Pregnancy"),
    "trauma": N_("Trauma and distress"),
    "gender_based_violence": N_("Gender-based violence"),
    "trafficking": N_("Trafficking indicators"),
    "exploitation_labour": N_("Labour exploitation"),
    "exploitation_sexual": N_("Sexual exploitation"),
    "exploitation_criminal": N_("Exploitation for criminal activity"),
    "child_marriage": N_("Child marriage"),
    "substance_use": N_("Substance use"),
    "statelessness": N_("Statelessness"),
    "child_headed_household": N_("Child-headed household"),
}
CONSENT_PURPOSE = {
    "registration": N_("Registration"),
    "sharing": N_("Sharing with services"),
    "photo": N_("Photo"),
    "family_tracing": N_("Family tracing"),
}
GIVEN_BY = {
    "": N_("Not recorded"),
    "child": N_("The child"),
    "guardian": N_("Guardian"),
    "representative": N_("Legal representative"),
}
PROFESSION = {
    "social_worker": N_("Social worker"),
    "psychologist": N_("Psychologist"),
    "paediatrician": N_("Paediatrician"),
    "other": N_("Other profession"),
}
GRANTED = {"yes": N_("Granted"), "no": N_("Refused")}
ORIGINAL = {"yes": N_("Original"), "no": N_("Copy")}

CODE_TABLES: dict[str, dict[str, str]] = {
    "sex": SEX,
    "birth.precision": PRECISION,
    "birth.source": BIRTH_SOURCE,
    "age_status": AGE_STATUS,
    "separation.status": ACCOMPANIMENT,
    "status": CASE_STATUS,
}

_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_HEX_ID = re.compile(r"^[0-9a-f]{16,32}$", re.I)


def looks_like_id(value: object) -> bool:
    """An internal id (a UUID or a 16–32 digit hex item id): never shown to people."""
    return isinstance(value, str) and bool(_UUID.match(value) or _HEX_ID.match(value))


def isolate(value: object) -> str:
    """A value inside a sentence, isolated from the sentence's direction (FSI … PDI), so
    that a date or a Latin name reads in its own order in a right-to-left sentence and an
    Arabic name in a left-to-right one. Left as it is when there is nothing to isolate."""
    text = str(value)
    if not text or text.startswith(FSI):
        return text
    rtl_text = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
    if not rtl_text and not is_rtl(active_language()):
        return text
    return FSI + text + PDI


def language_text(code: str) -> str:
    """A language code in either ISO 639 style ("ara", "ar", "prs") named in the reader's
    language ("Arabic", "الدارية"); an unknown code as it was written."""
    return display(LANGUAGE, code, active_language()) if code else ""


def code_label(table: Mapping[str, str], code: object) -> str:
    text = table.get(str(code) if code is not None else "")
    return _(text) if text is not None else str(code)


def date_text(value: object) -> str:
    """An ISO date (or date-time) as the reader's language writes it; anything else as is."""
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


def written_text(value: object, gregorian: str = "") -> str:
    """A date as written on the papers (a stored ``WrittenDate``) beside its Gregorian
    date, as the case view's summary writes it: "12 Mar 2011; on the papers: 21 Esfand
    (اسفند / حوت) 1389, Solar Hijri calendar (Afghanistan, Iran)". ``gregorian`` is the
    Gregorian date already written out; without it, the written date's own conversion (a
    year or a month alone: only the year or month). Unreadable: the Gregorian text or "—"."""
    try:
        written = WrittenDate.model_validate(value)
    except ValueError:
        return gregorian or "—"
    if not gregorian:
        day = written.to_gregorian()
        if written.day is not None:
            gregorian = format_date(day)
        elif written.month is not None:
            from babel.dates import format_skeleton

            gregorian = format_skeleton("yMMM", day, locale=babel_locale(active_language()))
        else:
            gregorian = str(day.year)
    return _("{date}; on the papers: {written}, {calendar}").format(
        date=isolate(gregorian),
        written=isolate(written.text()),
        calendar=_(CALENDAR_NAMES[written.calendar]),
    )


def when_text(at: str) -> str:
    """A change's moment (ISO, UTC) in local time, as the reader's language writes a
    date with its year in full and the time to the minute ("27 Nov 2026, 14:52")."""
    from babel.dates import format_date as babel_date
    from babel.dates import format_time

    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    locale = babel_locale(active_language())
    day = babel_date(moment.date(), format="medium", locale=locale)
    time = format_time(moment.time(), format="short", locale=locale)
    pattern = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    return pattern.replace("{1}", day).replace("{0}", time)


def list_text(items: Iterable[str]) -> str:
    """Items joined as the reader's language joins a list ("A, B and C", "A وB وC")."""
    from babel.lists import format_list

    shown = [i for i in items if i]
    if not shown:
        return ""
    return format_list(shown, locale=babel_locale(active_language()))


def _humanise(key: str) -> str:
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def field_label(path: str) -> str:
    """A path named in words ("names.given_latin" -> "Given name(s) in Latin letters")."""
    if path in FIELD_LABELS:
        return _(FIELD_LABELS[path])
    top = path.split(".", 1)[0]
    if top in FIELD_LABELS and "." in path:
        key = path.split(".", 1)[1]
        sub = _humanise(key) if not looks_like_id(key) else ""
        return f"{_(FIELD_LABELS[top])}: {sub}" if sub else _(FIELD_LABELS[top])
    return _humanise(path.replace(".", " "))


def answer_value(value: object, path: str = "") -> str:
    """A tri-state answer ({"status": ..., "value": ...}) as people read it. An answer
    without a status is one not asked yet (defaults are not stored)."""
    if not isinstance(value, Mapping):
        return plain_value(path, value)
    status = value.get("status") or "not_asked"
    if status != "answered":
        return code_label(ANSWER_STATUS, status)
    return plain_value(path, value.get("value"))


def plain_value(path: str, value: object) -> str:
    """One value, formatted for the field it belongs to."""
    if value is None or value is paths.REMOVED or value == "" or value == []:
        return "—"
    if path in ANSWER_FIELDS and isinstance(value, Mapping):
        return answer_value(value, path)
    if isinstance(value, bool):
        return code_label(YES_NO, "yes" if value else "no")
    if path in CODE_TABLES:
        return code_label(CODE_TABLES[path], value)
    if path in DATE_FIELDS:
        return date_text(value)
    if path == "birth.date_written":  # as on the papers, with its Gregorian date
        return written_text(value)
    if path == "nationalities" and isinstance(value, list):
        return list_text(display(COUNTRY, str(c), active_language()) for c in value)
    if path == "presence.interpreter_language" and isinstance(value, str):
        return language_text(value)
    if path.split(".", 1)[0] in ITEM_LABELS and isinstance(value, Mapping):
        return item_text(path.split(".", 1)[0], value)
    if isinstance(value, list):
        return "; ".join(plain_value(path, v) for v in value)
    if isinstance(value, Mapping):
        return mapping_text(path, value)
    if looks_like_id(value):
        return "—"
    return str(value)


def mapping_text(path: str, value: Mapping[str, Any]) -> str:
    """A section written as "Label: value; Label: value" (ids left out)."""
    parts = []
    for key, sub in value.items():
        if key == "id" or key.endswith("_id") or looks_like_id(sub):
            continue
        sub_path = f"{path}.{key}" if path else key
        parts.append(f"{field_label(sub_path)}: {plain_value(sub_path, sub)}")
    return "; ".join(parts) or "—"


def _join(*parts: object) -> str:
    """Typed words side by side ("sister Selam"), isolated as one phrase, so that a
    right-to-left page keeps them in the order they were written."""
    return isolate(" ".join(str(p) for p in parts if p not in (None, "")))


def item_text(list_name: str, item: Mapping[str, Any]) -> str:
    """One list item in a few words: "sister Selam", "Dari (preferred)", "Passport 123"."""
    if list_name == "family":
        text = _join(item.get("relation", ""), item.get("name", ""))
        whereabouts = item.get("whereabouts")
        if isinstance(whereabouts, Mapping) and whereabouts:
            text = _("{member}; whereabouts: {whereabouts}").format(
                member=text, whereabouts=isolate(answer_value(whereabouts))
            )
        return text or "—"
    if list_name == "languages":
        text = language_text(str(item.get("code", "")))
        if item.get("dialect"):
            text = _("{language}, dialect: {dialect}").format(
                language=text, dialect=isolate(item["dialect"])
            )
        if item.get("preferred"):
            text = _("{language} (preferred)").format(language=text)
        return text
    if list_name == "documents":
        state = item.get("issuing_state")
        country = display(COUNTRY, str(state), active_language()) if state else ""
        text = _join(item.get("type", ""), item.get("number", ""))
        expiry = date_text(item["expiry"]) if item.get("expiry") else ""
        written = item.get("expiry_written")
        if expiry and isinstance(written, Mapping):  # as on the paper, in its calendar
            expiry = written_text(written, expiry)
        details = [d for d in (country, expiry) if d]
        original = code_label(ORIGINAL, "no" if item.get("original") is False else "yes")
        return "; ".join([text, *details, original])
    if list_name == "vulnerabilities":
        concern = code_label(CONCERN, item.get("concern", ""))
        urgency = code_label(URGENCY, item.get("urgency", "routine"))
        return f"{concern}: {urgency}"
    if list_name == "consents":
        return _("{purpose}: {decision} by {who}").format(
            purpose=code_label(CONSENT_PURPOSE, item.get("purpose", "")),
            decision=code_label(GRANTED, "yes" if item.get("granted") else "no"),
            who=code_label(GIVEN_BY, item.get("given_by", "")),
        )
    return mapping_text(list_name, item)


# ---- who -------------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    """Who made changes, as the reader knows them: by their display name when this
    laptop's accounts or the synced staff directory know the id (``users.people_names``,
    removed accounts too); otherwise "someone on another laptop" or "another user"."""

    names: Mapping[str, str] = field(default_factory=dict)  # user id -> display name
    me: str | None = None  # the signed-in user
    this_device: str = ""  # this laptop's device id

    def who(self, user_id: str | None, device_id: str = "") -> str:
        if user_id and user_id in self.names:
            name = isolate(self.names[user_id])
            return _("{name} (you)").format(name=name) if user_id == self.me else name
        if self.this_device and device_id and device_id != self.this_device:
            return _("someone on another laptop")
        return _("another user")


# ---- history rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    at: str  # ISO 8601, UTC (for ordering and tests)
    when: str  # local time, as the reader's language writes it
    what: str  # "Family member added", "Date of birth"
    value: str  # "sister Selam", "3 May 2010"
    who: str


def _answer_key(path: str) -> str | None:
    """The answer field a path sets: "stateless.status" -> "stateless"; "names.nickname"
    -> "names.nickname"; None for a path that is not part of an answer."""
    if path in ANSWER_FIELDS:
        return path
    head, _dot, leaf = path.rpartition(".")
    if leaf in ("status", "value") and head in ANSWER_FIELDS:
        return head
    return None


def _get(fields: Mapping[str, Any], path: str) -> Any:
    top, _dot, key = path.partition(".")
    value = fields.get(top)
    if not key:
        return value
    return value.get(key) if isinstance(value, Mapping) else None


def history_rows(
    entries: Sequence[HistoryEntry],
    people: People,
    *,
    newest_first: bool = True,
) -> list[HistoryRow]:
    """Readable rows for a record's change history (entries oldest first, as storage
    gives them). The record is replayed so that each row shows the field after the
    change; the two halves of one answer (its status and its value) make one row; a list
    item reads as added, changed or removed."""
    kind = entries[0].kind if entries else "case"
    fields: dict[str, Any] = {}
    seen_items: set[str] = set()
    rows: list[HistoryRow] = []
    last_key: tuple[str, str | None, str] | None = None
    last_ms = 0
    for entry in entries:
        before = fields
        fields = paths.apply(kind, fields, entry.path, entry.value)
        who = people.who(entry.user_id, entry.device_id)
        when = when_text(entry.at)
        if entry.creates_record:
            value = entry.value if isinstance(entry.value, Mapping) else {}
            seen_items |= set(paths.flatten(kind, value))
            number = value.get("case_number", "")
            rows.append(HistoryRow(entry.at, when, _("Case registered"), str(number or "—"), who))
            last_key = None
            continue
        top, _dot, key = entry.path.partition(".")
        answer = _answer_key(entry.path)
        ms = hlc.wall_ms(entry.hlc)
        if answer is not None:
            shown = answer_value(_get(fields, answer), answer)
            group = (answer, entry.user_id, entry.device_id)
            if group == last_key and abs(ms - last_ms) < 2000 and rows:
                previous = rows[-1]
                rows[-1] = HistoryRow(previous.at, previous.when, previous.what, shown, who)
                continue
            rows.append(HistoryRow(entry.at, when, field_label(answer), shown, who))
            last_key, last_ms = group, ms
            continue
        last_key = None
        if top in paths.item_lists(kind) and key:
            # A list without its own words (none in a case today) is named by its field.
            added, changed, removed = ITEM_LABELS.get(top, (FIELD_LABELS.get(top, top),) * 3)
            if entry.removed:
                gone = next(
                    (
                        it
                        for it in before.get(top, []) or []
                        if isinstance(it, Mapping) and str(it.get("id")) == key
                    ),
                    None,
                )
                shown = item_text(top, gone) if gone else "—"
                rows.append(HistoryRow(entry.at, when, _(removed), shown, who))
            else:
                what = changed if entry.path in seen_items else added
                shown = item_text(top, entry.value) if isinstance(entry.value, Mapping) else "—"
                rows.append(HistoryRow(entry.at, when, _(what), shown, who))
            seen_items.add(entry.path)
            continue
        if top in ("registered_by",):
            shown = people.who(entry.value if isinstance(entry.value, str) else None)
        elif entry.removed:
            shown = "—"
        else:
            shown = plain_value(entry.path, entry.value)
        rows.append(HistoryRow(entry.at, when, field_label(entry.path), shown, who))
    return list(reversed(rows)) if newest_first else rows


# ---- information sessions and age assessments ------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    when: str
    language: str
    interpreter: str
    topics: str
    answers: str


def session_rows(
    sessions: Iterable[InformationSession], topic_titles: Mapping[str, str]
) -> list[SessionRow]:
    """Each information session in words: when, in which language (named in the reader's
    language), with which interpreter, which topics, and how the child answered."""
    rows = []
    for s in sessions:
        language = language_text(s.language)
        if s.simple_version:
            language = _("{language}, simple version").format(language=language)
        if s.interpreter_name:
            interpreter = s.interpreter_name
            if s.interpreter_language:
                interpreter = _("{name} ({language})").format(
                    name=isolate(s.interpreter_name),
                    language=language_text(s.interpreter_language),
                )
        else:
            interpreter = _("No interpreter")
        titles = [topic_titles.get(t) or _humanise(t) for t in s.topics_covered()]
        topics = list_text(titles) or "—"
        counts = {a: 0 for a in ChildAnswer}
        for shown in s.screens:
            counts[shown.answer] += 1
        answers = _("Understood: {understood}; questions: {questions}; no answer: {none}").format(
            understood=counts[ChildAnswer.UNDERSTOOD],
            questions=counts[ChildAnswer.QUESTION],
            none=counts[ChildAnswer.NO_ANSWER],
        )
        rows.append(
            SessionRow(when_text(s.started_at.isoformat()), language, interpreter, topics, answers)
        )
    return rows


@dataclass(frozen=True)
class AssessmentSummary:
    started: str  # date
    results: str  # how many method results
    signed_by: str  # names and professions, or "Not signed yet"
    state: str  # "In progress" / "Concluded"


def assessment_summary(
    started_on: dt.date,
    result_count: int,
    signers: Iterable[tuple[str, str]],  # (name, profession in words)
    concluded: bool,
) -> AssessmentSummary:
    names = [
        _("{name} ({profession})").format(name=isolate(n), profession=p) if p else isolate(n)
        for n, p in signers
    ]
    return AssessmentSummary(
        started=date_text(started_on),
        results=str(result_count),
        signed_by=list_text(names) or _("Not signed yet"),
        state=_("Concluded") if concluded else _("In progress"),
    )


__all__ = [
    "AssessmentSummary",
    "HistoryRow",
    "People",
    "SessionRow",
    "assessment_summary",
    "field_label",
    "history_rows",
    "item_text",
    "plain_value",
    "session_rows",
]
