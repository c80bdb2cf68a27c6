"""Derived index rows for case records, written inside the record's own transaction.

``Records`` calls ``CaseIndexer.write`` whenever a case record is inserted or updated,
so the index can never disagree with the records it was derived from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import unicodedata
from collections.abc import Callable
from typing import Any

import sqlcipher3
from pydantic import BaseModel

from app.domain.audit import AuditAction
from app.domain.case import CaseDraft, urgent_flags
from app.domain.case_list import number_terms
from app.domain.duplicates import Profile, blocking_keys
from app.domain.names import joined_token, matching_form, tokens
from app.storage import audit

CASE_KIND = "case"


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: 'Sékou' -> 'sekou', Arabic unchanged
    (presentation forms and invisible characters as names.matching_form reads them)."""
    decomposed = unicodedata.normalize("NFKD", matching_form(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def profile_of(draft: CaseDraft, today: dt.date) -> Profile:
    birth = draft.birth
    exact = birth.date if birth.precision == "exact" else None
    sex = draft.sex.value.value if draft.sex.answered and draft.sex.value else None
    return Profile(
        names=draft.names.all_forms(),
        birth_year=birth.year(today),
        birth_date=exact,
        sex=sex,
        nationalities=frozenset(draft.nationalities),
    )


def profile_to_json(profile: Profile) -> str:
    return json.dumps(
        {
            "names": list(profile.names),
            "birth_year": profile.birth_year,
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "sex": profile.sex,
            "nationalities": sorted(profile.nationalities),
        },
        ensure_ascii=False,
    )


def profile_from_json(text: str) -> Profile:
    raw = json.loads(text)
    return Profile(
        names=tuple(raw["names"]),
        birth_year=raw["birth_year"],
        birth_date=dt.date.fromisoformat(raw["birth_date"]) if raw["birth_date"] else None,
        sex=raw["sex"],
        nationalities=frozenset(raw["nationalities"]),
    )


def search_terms(profile: Profile) -> set[str]:
    terms: set[str] = set()
    for name in profile.names:
        words = tokens(name)
        for token in words:
            for part in token.original.split():
                terms.add(fold(part))
            terms.add(token.latin)
            terms.update("~" + s for s in token.all_skeletons)
        # Two neighbouring words read as one (names.joined_token), so that a name searched
        # as one word finds it registered in two or three: Noorulhaq finds Noor ul Haq,
        # Gebremedhin finds Gebre Medhin (as the duplicate check's joined variants do).
        for first, second in itertools.pairwise(words):
            joined = joined_token(first, second)
            if joined is not None:
                terms.update("~" + s for s in joined.all_skeletons)
    return {t for t in terms if t}


def age_status(draft: CaseDraft) -> str:
    return "documented" if draft.birth.source == "document" else draft.birth.source.value


# Upsert by record id, never REPLACE: with REPLACE, a second case carrying a number
# already taken deleted the first child's row from the list, search and duplicate
# detection (the unique index it tripped over is gone since schema 6).
_UPSERT = (
    "INSERT INTO case_index (record_id, case_number, centre_id, status,"
    " accompaniment, age_status, urgent, sort_name, display_name, display_latin,"
    " birth_year, sex, nationalities, registered_at, profile)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (record_id) DO UPDATE SET case_number = excluded.case_number,"
    " centre_id = excluded.centre_id, status = excluded.status,"
    " accompaniment = excluded.accompaniment, age_status = excluded.age_status,"
    " urgent = excluded.urgent, sort_name = excluded.sort_name,"
    " display_name = excluded.display_name, display_latin = excluded.display_latin,"
    " birth_year = excluded.birth_year, sex = excluded.sex,"
    " nationalities = excluded.nationalities, registered_at = excluded.registered_at,"
    " profile = excluded.profile"
)


_DEFAULTS: dict[str, Any] = {}


def _draft_defaults() -> dict[str, Any]:
    """The defaults of a draft's sections, given as they are: pydantic takes a model
    instance without copying it, where it deep-copies a default (halves validation; the
    index only reads the draft)."""
    if not _DEFAULTS:
        _DEFAULTS.update(
            (name, info.default)
            for name, info in CaseDraft.model_fields.items()
            if isinstance(info.default, BaseModel)
        )
    return _DEFAULTS


CENTRE_META = "sync_centre"  # app/storage/sync_state.CENTRE_META (imports this module)


def filed_centre(conn: sqlcipher3.Connection, fields: dict[str, Any]) -> str:
    """The centre a case is filed under: the server's centre id once the vault is
    enrolled (meta ``sync_centre``, docs/sync.md "Centre identity"), else the centre id
    its fields carry. Read here for every row and collision look-up, so a number
    collision among cases that arrive by sync is found under the centre they are filed
    under."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (CENTRE_META,)).fetchone()
    return str(row[0]) if row and row[0] else str(fields["centre_id"])


class CaseIndexer:
    kind = CASE_KIND

    def write(self, conn: sqlcipher3.Connection, record_id: str, fields: dict[str, Any]) -> None:
        centre = filed_centre(conn, fields)
        row, keys, terms = self._rows(record_id, fields, centre)
        number = fields["case_number"]
        previous = conn.execute(
            "SELECT case_number FROM case_index WHERE record_id = ?", (record_id,)
        ).fetchone()
        conn.execute("DELETE FROM name_keys WHERE record_id = ?", (record_id,))
        conn.execute("DELETE FROM name_terms WHERE record_id = ?", (record_id,))
        conn.execute(_UPSERT, row)
        conn.executemany("INSERT OR IGNORE INTO name_keys (key, record_id) VALUES (?, ?)", keys)
        conn.executemany("INSERT OR IGNORE INTO name_terms (term, record_id) VALUES (?, ?)", terms)
        if previous is None or previous[0] != number:
            self._report_collision(conn, record_id, number, centre)

    def write_many(
        self, conn: sqlcipher3.Connection, items: list[tuple[str, dict[str, Any], bool]]
    ) -> None:
        """``write`` for many cases at once (sync): ``items`` are (record id, fields,
        whether index rows may exist already); rows go in with executemany, and the
        collisions of the numbers written are looked up in one query per chunk."""
        if not items:
            return
        meta = conn.execute("SELECT value FROM meta WHERE key = ?", (CENTRE_META,)).fetchone()
        enrolled = str(meta[0]) if meta and meta[0] else None
        rows, keys, terms = [], [], []
        for record_id, fields, _exists in items:
            row, k, t = self._rows(record_id, fields, enrolled or fields["centre_id"])
            rows.append(row)
            keys.extend(k)
            terms.extend(t)
        old = [record_id for record_id, _f, exists in items if exists]
        previous: dict[str, str] = {}
        for start in range(0, len(old), 500):
            part = old[start : start + 500]
            marks = ",".join("?" * len(part))
            previous.update(
                conn.execute(
                    f"SELECT record_id, case_number FROM case_index WHERE record_id IN ({marks})",
                    part,
                ).fetchall()
            )
            for table in ("name_keys", "name_terms"):
                conn.execute(f"DELETE FROM {table} WHERE record_id IN ({marks})", part)
        conn.executemany(_UPSERT, rows)
        conn.executemany("INSERT OR IGNORE INTO name_keys (key, record_id) VALUES (?, ?)", keys)
        conn.executemany("INSERT OR IGNORE INTO name_terms (term, record_id) VALUES (?, ?)", terms)
        renumbered = [
            (record_id, fields["case_number"], enrolled or fields["centre_id"])
            for record_id, fields, _exists in items
            if previous.get(record_id) != fields["case_number"]
        ]
        holders: dict[tuple[str, str], list[str]] = {}
        numbers = sorted({number for _r, number, _c in renumbered})
        for start in range(0, len(numbers), 500):
            part = numbers[start : start + 500]
            for record_id, number, centre in conn.execute(
                "SELECT record_id, case_number, centre_id FROM case_index"
                f" WHERE case_number IN ({','.join('?' * len(part))}) ORDER BY record_id",
                part,
            ):
                holders.setdefault((number, centre), []).append(record_id)
        for record_id, number, centre in renumbered:
            others = [r for r in holders.get((number, centre), []) if r != record_id]
            if others:
                audit.append(
                    conn,
                    user_id=None,
                    action=AuditAction.NUMBER_COLLISION,
                    record_id=record_id,
                    detail=f"{number} also on {','.join(others)}",
                )

    @staticmethod
    def _rows(
        record_id: str, fields: dict[str, Any], centre: str
    ) -> tuple[tuple[Any, ...], list[tuple[str, str]], list[tuple[str, str]]]:
        """The case list row, name keys and search terms of one case."""
        draft = CaseDraft.model_validate(
            {
                **_draft_defaults(),
                **{k: v for k, v in fields.items() if k in CaseDraft.model_fields},
            }
        )
        registered = fields["registered_at"]
        profile = profile_of(draft, dt.date.fromisoformat(registered[:10]))
        names = draft.names
        original = f"{names.given} {names.family}".strip()
        latin = f"{names.given_latin} {names.family_latin}".strip()
        sort_name = fold(f"{names.family_latin or names.family} {names.given_latin or names.given}")
        number = fields["case_number"]
        row = (
            record_id,
            number,
            centre,
            fields.get("status", "open"),
            draft.separation.status.value,
            fields.get("age_status") or age_status(draft),
            1 if urgent_flags(draft) else 0,
            sort_name.strip(),
            original,
            latin,
            profile.birth_year,
            profile.sex,
            ",".join(draft.nationalities),
            registered,
            profile_to_json(profile),
        )
        keys = [(key, record_id) for key in blocking_keys(profile)]
        terms = [(term, record_id) for term in search_terms(profile) | number_terms(number)]
        return row, keys, terms

    @staticmethod
    def _report_collision(
        conn: sqlcipher3.Connection, record_id: str, number: str, centre_id: str
    ) -> None:
        """[issue 14: 6] Another case of the centre has this number: audited, both kept,
        and listed as a conflict of kind ``collision`` as a merge lists it
        (sync_log._check_rules). A local write makes one where the laptop already holds
        the number: a vault restored from a backup numbers again from its older sequence
        and pulls back the cases it numbered after it. Without the row, that laptop never
        listed the collision its own registration made, while every other laptop did."""
        others = [
            r[0]
            for r in conn.execute(
                "SELECT record_id FROM case_index WHERE case_number = ? AND centre_id = ?"
                " AND record_id != ? ORDER BY record_id",
                (number, centre_id, record_id),
            )
        ]
        if others:
            audit.append(
                conn,
                user_id=None,
                action=AuditAction.NUMBER_COLLISION,
                record_id=record_id,
                detail=f"{number} also on {','.join(others)}",
            )
            # Imported here: sync_log imports the records layer, which imports this module.
            from app.storage import sync_log

            at = audit.now_iso()
            for other in others:
                sync_log.list_number_collision(conn, record_id, other, number, at)

    def remove(self, conn: sqlcipher3.Connection, record_id: str) -> None:
        for table in ("name_keys", "name_terms", "case_index"):
            conn.execute(f"DELETE FROM {table} WHERE record_id = ?", (record_id,))


NAME_KEY_VERSION_META = "name_key_version"


def rebuild_all(
    conn: sqlcipher3.Connection, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild every case's index rows (keys, terms, list row) from its record, inside
    the caller's transaction; returns how many cases. Run at unlock when the name keys
    changed (``app/domain/name_key_version.py``). ``progress(done, total)`` is called
    before the first case and after every chunk: at 100,000 cases this takes 15-20 s,
    which the sign-in screen says rather than standing still."""
    from app.domain.name_key_version import KEY_VERSION

    # Only the rows the name rules make: from each case's stored profile, without
    # validating its record again (measured at 100,000 cases: the whole indexer took
    # 119 s at sign-in).
    rows = conn.execute("SELECT record_id, case_number, profile FROM case_index").fetchall()
    conn.execute("DELETE FROM name_keys")
    conn.execute("DELETE FROM name_terms")
    count = 0
    if progress is not None:
        progress(0, len(rows))
    for start in range(0, len(rows), 2000):
        keys: list[tuple[str, str]] = []
        terms: list[tuple[str, str]] = []
        for record_id, number, raw in rows[start : start + 2000]:
            profile = profile_from_json(raw)
            keys.extend((key, record_id) for key in blocking_keys(profile))
            terms.extend((term, record_id) for term in search_terms(profile) | number_terms(number))
            count += 1
        conn.executemany("INSERT OR IGNORE INTO name_keys (key, record_id) VALUES (?, ?)", keys)
        conn.executemany("INSERT OR IGNORE INTO name_terms (term, record_id) VALUES (?, ?)", terms)
        if progress is not None:
            progress(count, len(rows))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (NAME_KEY_VERSION_META, str(KEY_VERSION)),
    )
    return count
