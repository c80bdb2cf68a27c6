"""Information screens for children, and the record that a child was informed.

An interpreter may load and present every screen (SHOW_INFORMATION) and record a
session against a case number without ever reading the case; reading the sessions of a
case needs READ_CASE like the rest of the case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.domain.audit import AuditAction
from app.domain.information import InformationSession, Review, Screen, Topic
from app.domain.roles import Permission
from app.errors import InvalidInput
from app.i18n import (
    INFORMATION_DOMAIN,
    TRANSLATIONS_DIR,
    _,
    content_languages,
    is_rtl,
    native_name,
    translations_for,
)
from app.services.session import Session
from app.storage import audit
from app.storage.case_index import CASE_KIND
from app.storage.records import Records

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TOPICS_FILE = RESOURCES / "information" / "topics.json"
PICTOGRAMS = RESOURCES / "pictograms"
AUDIO = RESOURCES / "audio"
SESSION_KIND = "info_session"


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    native_name: str
    rtl: bool


@lru_cache(maxsize=1)
def _source() -> dict:
    return json.loads(TOPICS_FILE.read_text("utf-8"))


def languages() -> list[ContentLanguage]:
    """Every language the information is shipped in, each named in its own script."""
    return [ContentLanguage(c, native_name(c), is_rtl(c)) for c in content_languages()]


def review_status(language: str) -> dict[str, Review]:
    """Per topic: source, draft (not checked by a qualified translator) or reviewed."""
    path = TRANSLATIONS_DIR / language / "information-review.json"
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raw = {}
    return {
        topic["id"]: Review.model_validate(raw.get(topic["id"], {"status": "draft"}))
        for topic in _source()["topics"]
    }


@lru_cache(maxsize=32)
def topics(language: str) -> tuple[Topic, ...]:
    """All topics in a language. A screen without a translation is an error, never English
    shown silently to a child: the catalog tests keep every language complete."""
    if language not in content_languages():
        raise InvalidInput(reason=_("Information is not available in this language."))
    catalog = translations_for(language, INFORMATION_DOMAIN)
    reviews = review_status(language)

    def text(screen_id: str, english: str) -> str:
        translated = catalog.pgettext(screen_id, english)
        if language != "en" and translated == english:
            raise InvalidInput(reason=_("A screen is missing in this language's catalog."))
        return translated

    result = []
    for raw in _source()["topics"]:
        result.append(
            Topic(
                id=raw["id"],
                title=text(f"{raw['id']}.title", raw["title"]),
                pictogram=raw["pictogram"],
                screens=[Screen(id=s["id"], text=text(s["id"], s["text"])) for s in raw["screens"]],
                simple=[
                    Screen(id=s["id"], text=text(s["id"], s["text"])) for s in raw.get("simple", [])
                ],
                review=reviews[raw["id"]],
            )
        )
    return tuple(result)


def pictogram_path(topic: Topic) -> Path:
    return PICTOGRAMS / topic.pictogram


AUDIO_SUFFIXES = frozenset({".ogg", ".opus", ".mp3", ".m4a", ".wav", ".flac"})


def audio_folders() -> list[Path]:
    """Where recorded readings are looked for: the centre's own folder first (a centre can
    add readings by its interpreters without a new installer), then those shipped."""
    from app.config import data_dir

    return [data_dir() / "audio", AUDIO]


def recorded_audio(language: str, topic_id: str) -> Path | None:
    """A recorded reading of a topic: <folder>/LANG/TOPIC.ogg (or .opus, .mp3, .m4a, .wav,
    .flac) in the centre's audio folder, else in resources/audio."""
    for root in audio_folders():
        folder = root / language
        if not folder.is_dir():
            continue
        found = sorted(
            p for p in folder.glob(f"{topic_id}.*") if p.suffix.lower() in AUDIO_SUFFIXES
        )
        if found:
            return found[0]
    return None


def _case_id_for_number(session: Session, case_number: str) -> str:
    rows = session.vault.query(
        "SELECT record_id FROM case_index WHERE case_number = ?", (case_number.strip().upper(),)
    )
    if not rows:
        raise InvalidInput(reason=_("There is no case with this number."))
    return rows[0][0]


def record_session(
    session: Session,
    record: InformationSession,
    *,
    case_id: str | None = None,
    case_number: str | None = None,
) -> str:
    """Save an information session in a case; returns its id, never any case data.

    An interpreter (who may not read cases) gives the case number the officer told them.
    """
    session.require(Permission.SHOW_INFORMATION)
    if case_id is None:
        if not case_number:
            raise InvalidInput(reason=_("Say which child's case this session belongs to."))
        case_id = _case_id_for_number(session, case_number)
    target = Records(session.vault).get(case_id)
    if target is None or target.kind != CASE_KIND:
        raise InvalidInput(reason=_("There is no such case."))
    fields = json.loads(record.model_dump_json())
    fields.update({"case_id": case_id, "staff_user_id": session.user.id})
    return Records(session.vault).insert(
        SESSION_KIND, fields, user_id=session.user.id, audit_detail="information session"
    )


def sessions_for_case(session: Session, case_id: str) -> list[InformationSession]:
    session.require(Permission.READ_CASE)
    found = [
        InformationSession.model_validate(
            {k: v for k, v in r.fields.items() if k in InformationSession.model_fields}
        )
        for r in Records(session.vault).find_by_field(SESSION_KIND, "case_id", case_id)
    ]
    audit.record(
        session.vault,
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail="information sessions",
    )
    return sorted(found, key=lambda s: s.started_at)


def children_not_informed(session: Session) -> list[str]:
    """Ids of open cases with no information session yet (for the dashboard)."""
    session.require(Permission.READ_CASE)
    # NOT IN over an uncorrelated list: SQLite builds it once (O(cases + sessions)). A
    # correlated NOT EXISTS re-read every session for every case: 13 s at 8,000 cases,
    # hours at 100k. NULLs are left out, since one NULL in a NOT IN list matches nothing.
    rows = session.vault.query(
        "SELECT c.record_id FROM case_index c WHERE c.status = 'open' AND c.record_id NOT IN ("
        " SELECT json_extract(r.fields, '$.case_id') FROM records r WHERE r.kind = ?"
        " AND r.deleted = 0 AND json_extract(r.fields, '$.case_id') IS NOT NULL)",
        (SESSION_KIND,),
    )
    return [r[0] for r in rows]
