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
from typing import TYPE_CHECKING

from app.domain.audit import AuditAction
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
from app.storage import audit, drop
from app.storage.records import Records
from app.storage.vault import Vault

if TYPE_CHECKING:
    from app.domain.information import InformationSession, Review, Topic

# The information models, the case index and the case repository are imported where
# they are used: every sign-in imports this module (``import_drop``), and those three
# cost about 60 ms of CPU at the start of every command (issue 15 bench line).

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
    from app.domain.information import Review

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
    from app.domain.information import Screen, Topic

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


def _case_id_by_number(vault: Vault, case_number: str) -> str | None:
    """The case with this number. When two cases carry it (a restored backup, another
    laptop's record: cases.number_collisions), the oldest registration; the officer who
    knows the case picks it from the list instead (``case_id``)."""
    from app.storage.cases import CaseRepository

    found = CaseRepository(vault).ids_by_number(case_number)
    return found[0] if found else None


def _case_id_for_number(session: Session, case_number: str) -> str:
    found = _case_id_by_number(session.require_vault(), case_number)
    if found is None:
        raise InvalidInput(reason=_("There is no case with this number."))
    return found


def record_session(
    session: Session,
    record: InformationSession,
    *,
    case_id: str | None = None,
    case_number: str | None = None,
) -> str:
    """Save an information session in a case; returns its id, never any case data.

    An interpreter (who may not read cases) gives the case number the officer told them.
    An interpreter's session holds no key to the cases: the session is sealed into the
    vault's drop under their own key, and joins the case at the next sign-in of someone
    who holds the key (``import_drop``); the returned id is the record's id then.
    """
    from app.storage.case_index import CASE_KIND

    session.require(Permission.SHOW_INFORMATION)
    if session.interpreter is not None:
        number = (case_number or "").strip().upper()
        if not number:
            raise InvalidInput(reason=_("Say which child's case this session belongs to."))
        known = session.interpreter.case_numbers()
        if known is not None and number not in known:
            raise InvalidInput(reason=_("There is no case with this number."))
        return session.interpreter.write_item(
            {
                "kind": "information_session",
                "case_number": number,
                "session": json.loads(record.model_dump_json()),
            }
        )
    if case_id is None:
        if not case_number:
            raise InvalidInput(reason=_("Say which child's case this session belongs to."))
        case_id = _case_id_for_number(session, case_number)
    records = Records(session.require_vault())
    target = records.get(case_id)
    if target is None or target.kind != CASE_KIND:
        raise InvalidInput(reason=_("There is no such case."))
    fields = json.loads(record.model_dump_json())
    fields.update({"case_id": case_id, "staff_user_id": session.user.id})
    return records.insert(
        SESSION_KIND, fields, user_id=session.user.id, audit_detail="information session"
    )


def sessions_for_case(session: Session, case_id: str) -> list[InformationSession]:
    from app.domain.information import InformationSession

    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    found = [
        InformationSession.model_validate(
            {k: v for k, v in r.fields.items() if k in InformationSession.model_fields}
        )
        for r in Records(vault).find_by_field(SESSION_KIND, "case_id", case_id)
    ]
    audit.record(
        vault,
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail="information sessions",
    )
    return sorted(found, key=lambda s: s.started_at)


def children_not_informed(session: Session) -> list[str]:
    """Ids of open cases with no information session yet (for the dashboard)."""
    from app.storage.cases import CaseRepository

    session.require(Permission.READ_CASE)
    return CaseRepository(session.require_vault()).open_cases_without(SESSION_KIND)


@dataclass(frozen=True)
class DropImport:
    """What one import of the interpreters' drop did (counts only, nothing personal)."""

    imported: int = 0
    waiting: int = 0  # sessions naming a case number this vault does not have (yet)
    damaged: int = 0  # files that do not open with any interpreter's key: left for doctor


def import_drop(session: Session) -> DropImport:
    """Take what interpreters recorded into the vault, at the sign-in of anyone who holds
    the key. Each item is checked against its author's drop key, committed, and only then
    its file deleted; an item already imported (a crash between the two) is not stored
    twice, since its id is the record id. Never raises for a bad item: it stays, and
    ``doctor`` reports it."""
    if session.vault is None:
        return DropImport()
    vault = session.vault
    imported = waiting = damaged = 0
    records = Records(vault)
    for path in drop.pending_items(vault.folder):
        try:
            data = drop.read_raw(path)
            author = drop.author_of(data)
            key = vault.drop_key(author)
            if key is None:
                raise drop.DropItemDamaged("no interpreter with this id in this vault")
            payload = drop.open_item(data, path, vault_id=vault.sidecar.vault_id, drop_key=key)
            done = _import_item(vault, records, drop.item_id(path), author, payload)
        except (drop.DropItemDamaged, ValueError, KeyError, TypeError):
            damaged += 1
            continue
        if not done:
            waiting += 1
            continue
        drop.remove_item(path)
        imported += 1
    publish_case_numbers(session)
    return DropImport(imported=imported, waiting=waiting, damaged=damaged)


def drop_status(session: Session) -> tuple[int, int]:
    """(waiting, damaged) items in the interpreters' drop, read-only (for doctor)."""
    session.require(Permission.CHECK_VAULT)
    vault = session.require_vault()
    waiting = damaged = 0
    for path in drop.pending_items(vault.folder):
        try:
            data = drop.read_raw(path)
            key = vault.drop_key(drop.author_of(data))
            if key is None:
                raise drop.DropItemDamaged("no interpreter with this id in this vault")
            payload = drop.open_item(data, path, vault_id=vault.sidecar.vault_id, drop_key=key)
        except drop.DropItemDamaged:
            damaged += 1
            continue
        if payload.get("kind") == "information_session":
            number = str(payload.get("case_number", ""))
            if _case_id_by_number(vault, number) is None:
                waiting += 1
                continue
        damaged += 1  # opens, but an import would have taken it: it holds something wrong
    return waiting, damaged


def publish_case_numbers(session: Session) -> None:
    """Give every active interpreter the list of case numbers, sealed under their own
    drop key, so a mistyped number is caught while the child is still there. Runs at
    every sign-in and sign-out of someone who holds the key; never raises."""
    from app.services.users import USER_KIND, user_from_record

    vault = session.vault
    if vault is None or not vault.is_open:
        return
    try:
        interpreters = [
            user
            for user in map(user_from_record, Records(vault).of_kind(USER_KIND, limit=100_000))
            if user.role.value == "interpreter" and user.active
        ]
        if not interpreters:
            return
        from app.storage.cases import CaseRepository  # not at a sign-in without them

        numbers = CaseRepository(vault).numbers()
        for user in interpreters:
            key = vault.drop_key(user.id)
            if key is not None:
                drop.write_numbers(
                    vault.folder,
                    vault_id=vault.sidecar.vault_id,
                    user_id=user.id,
                    drop_key=key,
                    numbers=numbers,
                )
    except (OSError, drop.DropItemDamaged) as exc:  # a full disk must not stop a sign-in
        import logging

        logging.getLogger("harbour.information").info(
            "case numbers not published for interpreters (%s)", type(exc).__name__
        )


def _import_item(vault, records: Records, item_id: str, author: str, payload: dict) -> bool:
    """Store one opened drop item; False when it must wait (its case is unknown)."""
    from app.domain.information import InformationSession
    from app.services.users import USER_KIND

    kind = payload["kind"]
    if kind == "information_session":
        if records.get(item_id) is not None:
            return True  # imported before; only the file's deletion was cut short
        record = InformationSession.model_validate(payload["session"])
        case_id = _case_id_by_number(vault, str(payload["case_number"]))
        if case_id is None:
            return False
        fields = json.loads(record.model_dump_json())
        fields.update({"case_id": case_id, "staff_user_id": author})
        records.insert(
            SESSION_KIND,
            fields,
            user_id=author,
            record_id=item_id,
            audit_detail="information session (recorded by an interpreter)",
        )
        return True
    if kind == "audit":
        audit.record(
            vault,
            user_id=author,
            action=AuditAction(payload["action"]),
            detail="recorded by an interpreter's session",
        )
        return True
    if kind == "passphrase_changed":
        account = records.get(author)
        if account is not None and account.kind == USER_KIND:
            records.update(
                author,
                {"must_change_passphrase": False},
                user_id=author,
                audit_action=AuditAction.USER_CHANGE,
            )
        audit.record(
            vault,
            user_id=author,
            action=AuditAction.USER_CHANGE,
            record_id=author,
            detail="passphrase changed",
        )
        return True
    raise ValueError("unknown drop item kind")
