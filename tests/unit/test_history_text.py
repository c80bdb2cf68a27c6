"""A case's history, information sessions and age assessment in words (issue 12, item 7):
field names in words, values formatted, people by name, never JSON or an internal id."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from app.domain import hlc
from app.domain.history import HistoryEntry
from app.domain.history_text import (
    People,
    assessment_summary,
    history_rows,
    session_rows,
)
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.domain.paths import REMOVED
from app.i18n import set_language

ME, COLLEAGUE, STRANGER = (
    "0190a1b2-0000-7000-8000-000000000001",
    "0190a1b2-0000-7000-8000-000000000002",
    "0190a1b2-0000-7000-8000-00000000dead",
)
HERE, THERE = "11111111-2222-4333-8444-555555555555", "99999999-2222-4333-8444-555555555555"
SISTER, BROTHER, DARI = "857c2921c54d89b4", "b90f73012bc521c7", "9cb7544bd6acce14"
PEOPLE = People(names={ME: "Amina Haddad", COLLEAGUE: "Jonas Berg"}, me=ME, this_device=HERE)
RAW = re.compile(r"[{}\[\]]|[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16}")
START_MS = int(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC).timestamp() * 1000)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


class Log:
    """Change-log entries as storage gives them, oldest first."""

    def __init__(self) -> None:
        self.entries: list[HistoryEntry] = []

    def add(
        self,
        path: str,
        value: object,
        *,
        user: str | None = ME,
        device: str = HERE,
        after_s: float = 0,
    ) -> None:
        seq = len(self.entries) + 1
        self.entries.append(
            HistoryEntry(
                seq=seq,
                change_id=f"0190a1b2-0000-7000-8000-{seq:012d}",
                record_id="0190a1b2-0000-7000-8000-0000000000ca",
                kind="case",
                path=path,
                value=value,
                hlc=hlc.pack(START_MS + int(after_s * 1000), seq),
                user_id=user,
                device_id=device,
                device_seq=seq,
                base=None,
                model=2,
            )
        )


def _registered() -> Log:
    log = Log()
    log.add(
        "",
        {
            "case_number": "NRC-2026-0001",
            "centre_id": "01a21d7a-dc40-7bd1-aaec-c0858206c6a3",
            "names": {"given": "أمينة", "given_latin": "Amina"},
            "birth": {"declared_age": 15},
            "family": [{"id": SISTER, "relation": "sister", "name": "Selam"}],
            "languages": [{"id": DARI, "code": "prs", "preferred": True}],
            "registered_by": ME,
            "status": "open",
        },
    )
    return log


def _pairs(rows) -> list[tuple[str, str]]:
    return [(r.what, r.value) for r in rows]


def test_registration_is_one_row_naming_the_case_number() -> None:
    rows = history_rows(_registered().entries, PEOPLE)
    assert _pairs(rows) == [("Case registered", "NRC-2026-0001")]
    assert rows[0].who == "Amina Haddad (you)"
    assert "2026" in rows[0].when


def test_fields_in_words_and_values_formatted() -> None:
    log = _registered()
    log.add("names.given_latin", "Aminah", after_s=60)
    log.add("birth.date", "2010-05-03", after_s=60)
    log.add("birth.precision", "exact", after_s=60)
    log.add("nationalities", ["AF", "IR"], after_s=60)
    log.add("separation.status", "separated", after_s=60)
    log.add("status", "missing", after_s=60)
    log.add("presence.interpreter_language", "prs", after_s=60)
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    assert _pairs(rows)[1:] == [
        ("Given name(s) in Latin letters", "Aminah"),
        ("Date of birth", "May 3, 2010"),
        ("How exact the date of birth is", "Exact date"),
        ("Nationalities", "Afghanistan and Iran"),
        ("Accompaniment", "Separated (with an adult who is not the caregiver)"),
        ("Status", "Missing"),
        ("Interpreter's language", "Dari"),
    ]


def test_the_two_halves_of_an_answer_make_one_row() -> None:
    """An answer is stored as two paths (status and value); people read one answer."""
    log = _registered()
    log.add("stateless.status", "declined", after_s=10)
    log.add("interpreter_needed.status", "answered", after_s=20)
    log.add("interpreter_needed.value", True, after_s=20)
    log.add("sex.status", "answered", after_s=30)
    log.add("sex.value", "female", after_s=30)
    log.add("names.nickname", {"status": "answered", "value": "Mimi"}, after_s=40)
    log.add("stateless.status", REMOVED, after_s=50)  # back to the default: not asked
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    assert _pairs(rows)[1:] == [
        ("Stateless", "The child did not want to say"),
        ("Interpreter needed", "Yes"),
        ("Sex", "Female"),
        ("Nickname", "Mimi"),
        ("Stateless", "Not asked yet"),
    ]


def test_list_items_read_as_added_changed_removed() -> None:
    log = _registered()
    # The sister was in the registration: an edit of her is a change, not an addition.
    log.add(
        f"family.{SISTER}",
        {"id": SISTER, "relation": "sister", "name": "Selam", "whereabouts": {"status": "unknown"}},
        after_s=10,
    )
    log.add(
        f"family.{BROTHER}", {"id": BROTHER, "relation": "brother", "name": "Yonas"}, after_s=20
    )
    log.add(
        f"family.{BROTHER}",
        {"id": BROTHER, "relation": "brother", "name": "Yonas T."},
        after_s=30,
    )
    log.add(f"family.{BROTHER}", REMOVED, after_s=40)
    log.add(f"languages.{DARI}", REMOVED, after_s=50)
    log.add(
        "consents.c0c0c0c0c0c0c0c0",
        {"id": "c0c0c0c0c0c0c0c0", "purpose": "photo", "given_by": "child", "granted": False},
        after_s=60,
    )
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    assert _pairs(rows)[1:] == [
        ("Family member changed", "sister Selam; whereabouts: Unknown"),
        ("Family member added", "brother Yonas"),
        ("Family member changed", "brother Yonas T."),
        ("Family member removed", "brother Yonas T."),
        ("Language removed", "Dari (preferred)"),
        ("Consent added", "Photo: Refused by The child"),
    ]


def test_people_by_name_and_never_by_id() -> None:
    log = _registered()
    log.add("names.given_latin", "Aminah", user=COLLEAGUE, after_s=10)
    log.add("names.family_latin", "Yusuf", user=STRANGER, after_s=20)  # removed account
    log.add("names.family", "يوسف", user=STRANGER, device=THERE, after_s=30)  # other laptop
    log.add("names.aliases", ["Amena"], user=None, after_s=40)
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    assert [r.who for r in rows] == [
        "Amina Haddad (you)",
        "Jonas Berg",
        "another user",
        "someone on another laptop",
        "another user",
    ]
    registered_by = history_rows(
        [*log.entries[:1], *_with("registered_by", COLLEAGUE)], PEOPLE, newest_first=False
    )
    assert _pairs(registered_by)[1] == ("Registered by", "Jonas Berg")


def _with(path: str, value: object) -> list[HistoryEntry]:
    log = _registered()
    log.add(path, value, after_s=5)
    return log.entries[1:]


def test_nothing_raw_ever_reaches_a_row() -> None:
    """Fields nobody wrote a label for, whole sections from schema 4, ids: all in words."""
    log = _registered()
    log.add("names", {"given": "أمينة", "given_latin": "Amina", "aliases": ["Amena"]}, after_s=1)
    log.add("centre_id", "01a21d7a-dc40-7bd1-aaec-c0858206c6a3", after_s=2)
    log.add("some_new_field", {"nested": {"id": SISTER, "flag": True}}, after_s=3)
    log.add("family", [{"id": SISTER, "relation": "sister", "name": "Selam"}], after_s=4)
    log.add("arrival.date", "2026-02-28", after_s=5)
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    for row in rows:
        for text in (row.what, row.value, row.who):
            assert not RAW.search(text), text
    assert _pairs(rows)[1] == (
        "Names",
        "Given name(s): أمينة; Given name(s) in Latin letters: Amina; "
        "Other names and spellings: Amena",
    )
    assert _pairs(rows)[2] == ("Centre", "—")
    assert rows[3].what == "Some new field"
    assert _pairs(rows)[4] == ("Family members", "sister Selam")
    assert _pairs(rows)[5] == ("Arrival date", "Feb 28, 2026")


def test_newest_first_by_default() -> None:
    log = _registered()
    log.add("names.given_latin", "Aminah", after_s=10)
    rows = history_rows(log.entries, PEOPLE)
    assert [r.what for r in rows] == ["Given name(s) in Latin letters", "Case registered"]
    assert history_rows([], PEOPLE) == []


def test_in_arabic_words_and_language_names_are_arabic() -> None:
    set_language("ar")
    log = _registered()
    log.add("stateless.status", "declined", after_s=10)
    log.add(f"languages.{DARI}", REMOVED, after_s=20)
    rows = history_rows(log.entries, PEOPLE, newest_first=False)
    assert rows[1].what == "عديم الجنسية"
    assert "الدارية" in rows[2].value
    assert "Dari" not in rows[2].value


def test_in_dari_nothing_raises() -> None:
    set_language("prs")
    log = _registered()
    log.add("birth.date", "2010-05-03", after_s=10)
    rows = history_rows(log.entries, PEOPLE)
    assert "2010" in rows[0].value


def _information(**extra) -> InformationSession:
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    fields = {
        "language": "ar",
        "started_at": start,
        "ended_at": start + dt.timedelta(minutes=20),
        "screens": [
            ScreenShown(screen_id="rights.1", topic_id="rights", seconds=20),
            ScreenShown(
                screen_id="rights.2",
                topic_id="rights",
                seconds=20,
                answer=ChildAnswer.UNDERSTOOD,
            ),
            ScreenShown(
                screen_id="guardian.1",
                topic_id="guardian",
                seconds=30,
                answer=ChildAnswer.QUESTION,
            ),
        ],
    }
    fields.update(extra)
    return InformationSession(**fields)


def test_information_sessions_in_words() -> None:
    titles = {"rights": "Your rights", "guardian": "Your guardian"}
    with_interpreter = _information(interpreter_name="Khalid", interpreter_language="ara")
    alone = _information(language="prs", simple_version=True, screens=[])
    rows = session_rows([with_interpreter, alone], titles)
    assert rows[0].language == "Arabic"
    assert rows[0].interpreter == "Khalid (Arabic)"
    assert rows[0].topics == "Your rights and Your guardian"
    assert rows[0].answers == "Understood: 1; questions: 1; no answer: 1"
    assert "2026" in rows[0].when
    assert rows[1].language == "Dari, simple version"
    assert rows[1].interpreter == "No interpreter"
    assert rows[1].topics == "—"
    # A topic without a title (an older content set) is still words, not an id.
    assert session_rows([_information()], {})[0].topics == "Rights and Guardian"


def test_assessment_summary_in_words() -> None:
    summary = assessment_summary(
        dt.date(2026, 3, 1), 2, [("Sara Lind", "Social worker"), ("Omar Ali", "")], False
    )
    assert summary.started == "Mar 1, 2026"
    assert summary.results == "2"
    assert summary.signed_by == "Sara Lind (Social worker) and Omar Ali"
    assert summary.state == "In progress"
    nobody = assessment_summary(dt.date(2026, 3, 1), 0, [], True)
    assert (nobody.signed_by, nobody.state) == ("Not signed yet", "Concluded")
