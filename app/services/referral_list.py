"""Referral lists as the dashboard and ``harbour referral list`` read them, their JSON
lines, and the centre's country profile (issue 15, items 8 and 10; [G2], [G6]).

Kept apart from ``referrals`` so that the command line's ``referral list`` imports only
what a list needs: the referral index, the profile and the working-day count, not the
case and referral models, the age rules and everything a referral's workflow uses (about
150 ms of CPU at each command's start, measured). ``referrals`` names everything here too.

Permissions: reading lists READ_CASE.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from json.encoder import encode_basestring as _js
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.domain import deadlines
from app.domain.roles import Permission
from app.domain.working_days import Calendar, WorkingCalendar, calendar_from_data
from app.errors import InvalidInput
from app.i18n import _
from app.services.session import Session
from app.storage.centre import centre_of_vault
from app.storage.records import Record, Records
from app.storage.referral_index import ReferralRepository, ReferralRow

if TYPE_CHECKING:
    from app.domain.profiles import CountryProfile

PROFILES = Path(__file__).resolve().parents[2] / "resources" / "profiles"
DEFAULT_PROFILE = "eu"  # app.domain.profiles.DEFAULT_PROFILE (a test holds them equal)


# -- the country profile ----------------------------------------------------------------
def _profile_data(code: str) -> dict[str, Any]:
    if not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(reason=f"not a profile code: {code!r}")
    data: dict[str, Any] = json.loads((PROFILES / f"{code}.json").read_text("utf-8"))
    return data


@functools.lru_cache(maxsize=8)
def load_profile(code: str = DEFAULT_PROFILE) -> CountryProfile:
    """The profile ``resources/profiles/<code>.json`` (the default EU profile when a
    centre names none)."""
    from app.domain.profiles import profile_from_data  # pydantic: only where needed

    return profile_from_data(_profile_data(code))


@functools.lru_cache(maxsize=8)
def load_calendar(code: str = DEFAULT_PROFILE) -> WorkingCalendar:
    """The working-day calendar of the same profile file, without the profile's
    pydantic model (app/domain/working_days.py): what lists need to count working days
    late [G6], about 110 ms of CPU less at the start of ``referral list``."""
    return calendar_from_data(_profile_data(code))


def _code_of_centre(centre: Record | None) -> str:
    return str((centre.fields.get("profile") if centre else None) or DEFAULT_PROFILE)


def _profile_of_centre(centre: Record | None) -> CountryProfile:
    return load_profile(_code_of_centre(centre))


def _own_profile_code(records: Records) -> str:
    # The vault's own centre record, never another laptop's pulled by sync (docs/sync.md).
    centre = centre_of_vault(records.vault)
    return str((centre.fields.get("profile") if centre else None) or DEFAULT_PROFILE)


def centre_profile(records: Records) -> CountryProfile:
    return load_profile(_own_profile_code(records))


def centre_calendar(records: Records) -> WorkingCalendar:
    return load_calendar(_own_profile_code(records))


# -- reading ------------------------------------------------------------------------------
class ReferralItem(NamedTuple):
    """One referral as lists show it (a named tuple: a list of 100,000 is built fast)."""

    id: str
    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    type: str
    state: str
    provisional: bool
    flagged: bool
    due: dt.date | None
    days_late: int | None  # calendar days past the deadline (negative: days left)
    working_days_late: int | None  # the same in working days [G6]; None when flagged

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "case_id": self.case_id,
            "case_number": self.case_number,
            "type": self.type,
            "state": self.state,
            "due": self.due.isoformat() if self.due else None,
            "provisional": self.provisional,
            "flagged": self.flagged,
            "days_late": self.days_late,
            "working_days_late": self.working_days_late,
        }


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


_BOOL = {False: "false", True: "true"}


def json_line(item: ReferralItem) -> str:
    """``item.as_json()`` as ``json.dumps(..., ensure_ascii=False)`` writes it, built
    directly: 100,000 lines in a fraction of the time (the command prints one per referral)."""
    due = item.due
    return (
        f'{{"id": {_js(item.id)}, "case_id": {_js(item.case_id)},'
        f' "case_number": {_js(item.case_number)}, "type": {_js(item.type)},'
        f' "state": {_js(item.state)}, "due": {_js(due.isoformat()) if due else "null"},'
        f' "provisional": {_BOOL[item.provisional]}, "flagged": {_BOOL[item.flagged]},'
        f' "days_late": {_number(item.days_late)},'
        f' "working_days_late": {_number(item.working_days_late)}}}'
    )


def json_text(items: list[ReferralItem]) -> str:
    """``json_line`` of every item, one per line, in one string: what ``referral list
    --json`` prints. Everything after the case number depends only on the type, state,
    deadline and flags, which a few hundred groups share among 100,000 referrals: each
    group's tail is written once."""
    tails: dict[tuple[Any, ...], str] = {}
    lines = []
    for item in items:
        key = item[5:10]  # type, state, provisional, flagged, due (days follow from due)
        tail = tails.get(key)
        if tail is None:
            line = json_line(item)
            tail = tails[key] = line[line.index(', "type": ') :]
        lines.append(
            f'{{"id": {_js(item[0])}, "case_id": {_js(item[1])},'
            f' "case_number": {_js(item[2])}{tail}\n'
        )
    return "".join(lines)


def json_output(items: list[ReferralItem]) -> str:
    """What ``referral list --json`` prints: ``json_text`` with whatever could act on a
    terminal escaped the JSON way (``terminal_safe``). Checked whole, in one pass; line by
    line only when something needs escaping."""
    from app.domain.text import terminal_safe

    text = json_text(items)
    if _plain_ascii(text):
        return text
    lines = text.split("\n")[:-1]  # not splitlines(): U+2028 is escaped, never split on
    return "".join(terminal_safe(line, json=True) + "\n" for line in lines)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _plain_ascii(text: str, allowed: bytes = b"\n") -> bool:
    """Whether ``text`` holds only printable ASCII and ``allowed``: one pass in C
    (``str.isprintable`` over 15 MB took 100 ms)."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII + allowed)


# SQLite takes at most 32,766 bound values; each deadline takes two or three.
_MOST_DEADLINES = 10_000


def listing_output(
    session: Session, *, overdue: bool = False, json: bool = False, today: dt.date | None = None
) -> str:
    """Exactly what ``harbour referral list`` prints (``--json``: ``json_output`` of
    ``list_referrals``; else the tab-separated lines of app/cli.py), built by SQLite in one
    string (``ReferralRepository.listing_text``): no Python object per referral. The
    lateness is computed here once per distinct deadline ([G6]: working days by the
    centre's profile) and handed to the query. When anything listed holds a character
    that JSON or ``terminal_safe`` would escape (never in Harbour's own ids, types and
    case numbers), the text is built item by item instead, so the output is the same
    byte for byte either way."""
    session.require(Permission.READ_CASE)
    today = today or dt.date.today()
    vault = session.require_vault()
    repository = ReferralRepository(vault)
    due_before = today if overdue else None
    dues = repository.listed_dues(due_before=due_before)
    if len(dues) <= _MOST_DEADLINES:
        late = _Lateness(centre_calendar(Records(vault)), today)
        flagged = _("flagged")
        endings, no_due = {}, ""
        for due in dues:
            _day, days, working = late(due)
            if json:
                endings[due] = (
                    f', "days_late": {_number(days)}, "working_days_late": {_number(working)}}}\n'
                )
            else:
                endings[due] = f"{due}\t{'' if days is None else days}\n"
        no_due = ', "days_late": null, "working_days_late": null}\n' if json else f"{flagged}\t\n"
        text = repository.listing_text(
            json=json, due_before=due_before, endings=endings, no_due=no_due
        )
        if json and "\\" not in text and _plain_ascii(text):
            return text
        if not json and _plain_text(text, flagged):
            return text
    found = list_referrals(session, overdue=overdue, today=today)
    return json_output(found) if json else text_output(found)


def _plain_text(text: str, flagged: str) -> bool:
    """Whether every cell of ``text`` (tab-separated lines) is what ``terminal_safe``
    leaves as it is: no tab or newline inside a cell, and printable ASCII apart from
    the word for a flagged deadline (checked on its own)."""
    from app.domain.text import terminal_safe

    if terminal_safe(flagged) != flagged or "\t" in flagged or "\n" in flagged:
        return False
    if text.count("\t") != 4 * text.count("\n"):
        return False
    return _plain_ascii(text.replace(flagged, "") if flagged else text, b"\t\n")


def text_output(items: list[ReferralItem]) -> str:
    """What ``referral list`` without ``--json`` prints: case number, type, state,
    deadline (or the word for a flagged one) and days late, tab-separated, every cell
    escaped by ``terminal_safe``."""
    from app.domain.text import terminal_safe

    flagged = _("flagged")
    lines = []
    for item in items:
        due = item.due.isoformat() if item.due else flagged
        late = "" if item.days_late is None else str(item.days_late)
        cells = (item.case_number, item.type, item.state, due, late)
        lines.append("\t".join(terminal_safe(cell) for cell in cells))
    return "".join(line + "\n" for line in lines)


class _Lateness:
    """Deadline date, days late and working days late per distinct deadline (a list of
    100,000 referrals has a few hundred distinct deadlines)."""

    def __init__(self, profile: Calendar, today: dt.date) -> None:
        self.profile, self.today = profile, today
        self.seen: dict[str | None, tuple[dt.date | None, int | None, int | None]] = {
            None: (None, None, None)
        }

    def __call__(self, due: str | None) -> tuple[dt.date | None, int | None, int | None]:
        found = self.seen.get(due)
        if found is None:
            assert due is not None
            day = dt.date.fromisoformat(due)
            found = (
                day,
                (self.today - day).days,
                deadlines.working_days_between(day, self.today, self.profile),
            )
            self.seen[due] = found
        return found


def _items(rows: list[ReferralRow], profile: Calendar, today: dt.date) -> list[ReferralItem]:
    late = _Lateness(profile, today)
    found = []
    for r in rows:
        due = r.due.isoformat() if r.due else None
        day, days, working = late(due)
        found.append(
            ReferralItem(
                r.id,
                r.case_id,
                r.case_number,
                r.display_name,
                r.display_latin,
                r.type,
                r.state,
                r.provisional,
                r.flagged,
                day,
                days,
                working,
            )
        )
    return found


def list_referrals(
    session: Session,
    *,
    overdue: bool = False,
    waiting: bool = False,
    today: dt.date | None = None,
) -> list[ReferralItem]:
    """Every referral, earliest deadline first; ``overdue``: only those waiting (draft
    or sent) past their deadline (a flagged deadline counts from its earliest date)."""
    session.require(Permission.READ_CASE)
    today = today or dt.date.today()
    vault = session.require_vault()
    repository = ReferralRepository(vault)
    profile = centre_calendar(Records(vault))
    if waiting:
        return _items(repository.rows(waiting_only=True), profile, today)
    late = _Lateness(profile, today)
    seen = late.seen
    flag = (False, True)
    new = tuple.__new__  # a named tuple without its keyword-parsing constructor
    return [
        new(
            ReferralItem,
            (
                r[0],
                r[1],
                r[2],
                "",
                "",
                r[3],
                r[4],
                flag[r[6]],
                flag[r[7]],
                *(seen.get(r[5]) or late(r[5])),
            ),
        )
        for r in repository.listing(due_before=today if overdue else None)
    ]
