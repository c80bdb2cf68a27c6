"""The referral index: rows derived from referral and missing-episode records, written
inside each record's own transaction (``Records`` calls ``write``), and the queries the
dashboard, ``harbour referral list`` and the statistics export run on them.

Like ``case_index``, the index can never disagree with the records it was derived from.
Lists are served by indexes (``referral_waiting_by_due``: waiting referrals in deadline
order; ``missing_open``), never by decoding referral records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.storage.vault import Vault

REFERRAL_KIND = "referral"
MISSING_KIND = "missing_episode"
WAITING = ("draft", "sent")
# A guardian referral in these states leaves the child "without a guardian" [G6].
GUARDIAN_PENDING = ("draft", "sent", "declined")


# Set by migration 7 in a vault that already held children: their referrals are opened
# at the first sign-in after it (``referrals.open_after_migration``), then it is removed.
BACKFILL_KEY = "referrals_backfill"


def backfill_due(vault: Vault) -> bool:
    """Whether children registered before referrals existed still wait for theirs."""
    return vault.meta(BACKFILL_KEY) == "due"


def backfill_done(conn: sqlcipher3.Connection) -> None:
    """Inside the transaction that opened the last of them (``Unit.connection``)."""
    conn.execute("DELETE FROM meta WHERE key = ?", (BACKFILL_KEY,))


def _bool(value: Any) -> int:
    return 1 if value else 0


_REFERRAL_UPSERT = (
    "INSERT INTO referral_index (record_id, case_id, type, state, waiting, proposed,"
    " due, due_sort, provisional, flagged, sent_on, answered_on, case_number)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (record_id) DO UPDATE SET case_id = excluded.case_id,"
    " case_number = excluded.case_number,"
    " type = excluded.type, state = excluded.state, waiting = excluded.waiting,"
    " proposed = excluded.proposed, due = excluded.due, due_sort = excluded.due_sort,"
    " provisional = excluded.provisional, flagged = excluded.flagged,"
    " sent_on = excluded.sent_on, answered_on = excluded.answered_on"
)


class ReferralIndexer:
    kind = REFERRAL_KIND

    def write(self, conn: sqlcipher3.Connection, record_id: str, fields: dict[str, Any]) -> None:
        number = conn.execute(
            "SELECT case_number FROM case_index WHERE record_id = ?", (fields["case_id"],)
        ).fetchone()
        conn.execute(_REFERRAL_UPSERT, self._row(record_id, fields, number[0] if number else ""))

    def write_many(
        self, conn: sqlcipher3.Connection, items: list[tuple[str, dict[str, Any], bool]]
    ) -> None:
        """``write`` for many referrals at once (sync): their children's numbers in one
        query per 500, the rows with executemany. ``items``: (record id, fields, whether
        a row may exist already)."""
        case_ids = sorted({str(fields["case_id"]) for _r, fields, _e in items})
        numbers: dict[str, str] = {}
        for start in range(0, len(case_ids), 500):
            part = case_ids[start : start + 500]
            numbers.update(
                conn.execute(
                    "SELECT record_id, case_number FROM case_index"
                    f" WHERE record_id IN ({','.join('?' * len(part))})",
                    part,
                ).fetchall()
            )
        conn.executemany(
            _REFERRAL_UPSERT,
            [
                self._row(record_id, fields, numbers.get(str(fields["case_id"]), ""))
                for record_id, fields, _exists in items
            ],
        )

    @staticmethod
    def _row(record_id: str, fields: dict[str, Any], number: str) -> tuple[Any, ...]:
        state = str(fields.get("state", "draft"))
        due = fields.get("due")
        return (
            record_id,
            fields["case_id"],
            fields["type"],
            state,
            _bool(state in WAITING),
            _bool(state == "draft" and fields.get("concern")),
            due,
            due or fields.get("due_earliest"),
            _bool(fields.get("due_provisional")),
            _bool(fields.get("due_uncovered")),
            fields.get("sent_on"),
            fields.get("answered_on"),
            number,
        )

    def remove(self, conn: sqlcipher3.Connection, record_id: str) -> None:
        conn.execute("DELETE FROM referral_index WHERE record_id = ?", (record_id,))


class MissingIndexer:
    kind = MISSING_KIND

    def write(self, conn: sqlcipher3.Connection, record_id: str, fields: dict[str, Any]) -> None:
        conn.execute(
            "INSERT INTO missing_index (record_id, case_id, open, since) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (record_id) DO UPDATE SET open = excluded.open,"
            " since = excluded.since, case_id = excluded.case_id",
            (
                record_id,
                fields["case_id"],
                _bool(fields.get("found") is None),
                fields.get("last_seen_at") or "",
            ),
        )

    def remove(self, conn: sqlcipher3.Connection, record_id: str) -> None:
        conn.execute("DELETE FROM missing_index WHERE record_id = ?", (record_id,))


def indexer_for(kind: str) -> ReferralIndexer | MissingIndexer:
    return ReferralIndexer() if kind == REFERRAL_KIND else MissingIndexer()


@dataclass(frozen=True)
class ReferralRow:
    id: str
    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    type: str
    state: str
    due: dt.date | None
    due_sort: dt.date | None
    provisional: bool
    flagged: bool
    sent_on: dt.date | None
    answered_on: dt.date | None


_ROW = (
    "r.record_id, r.case_id, coalesce(c.case_number, ''), coalesce(c.display_name, ''),"
    " coalesce(c.display_latin, ''), r.type, r.state, r.due, r.due_sort, r.provisional,"
    " r.flagged, r.sent_on, r.answered_on"
)
_FROM = " FROM referral_index r LEFT JOIN case_index c ON c.record_id = r.case_id"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _row(raw: tuple[Any, ...]) -> ReferralRow:
    return ReferralRow(
        id=raw[0],
        case_id=raw[1],
        case_number=raw[2],
        display_name=raw[3],
        display_latin=raw[4],
        type=raw[5],
        state=raw[6],
        due=_date(raw[7]),
        due_sort=_date(raw[8]),
        provisional=bool(raw[9]),
        flagged=bool(raw[10]),
        sent_on=_date(raw[11]),
        answered_on=_date(raw[12]),
    )


def _ending_by_due(dues: list[str], endings: dict[str, str], params: list[Any], no_due: str) -> str:
    """A SQL expression of ``due`` giving ``endings[due]``: a balanced tree of CASEs
    over the sorted deadlines (about log2(n) comparisons a row; a join or a lookup per row
    cost more, measured), every value a bound parameter appended to ``params``."""

    def tree(low: int, high: int) -> str:
        if high - low <= 8:
            whens = []
            for due in dues[low:high]:
                params.extend((due, endings[due]))
                whens.append("WHEN ? THEN ?")
            return f"CASE due {' '.join(whens)} END"
        middle = (low + high) // 2
        params.append(dues[middle])
        left = tree(low, middle)
        right = tree(middle, high)
        return f"CASE WHEN due < ? THEN {left} ELSE {right} END"

    params.append(no_due)
    if not dues:
        return "coalesce(CASE WHEN due IS NULL THEN ? END, char(0))"
    # A deadline missing from ``endings`` (written since they were read) ends its line
    # with NUL, which the caller's check refuses: never a line silently left out.
    return f"CASE WHEN due IS NULL THEN ? ELSE coalesce({tree(0, len(dues))}, char(0)) END"


@dataclass(frozen=True)
class MissingRow:
    episode_id: str
    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    since: str


class ReferralRepository:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def rows(
        self,
        *,
        waiting_only: bool = False,
        due_before: dt.date | None = None,
        types: tuple[str, ...] = (),
        states: tuple[str, ...] = (),
        case_id: str | None = None,
        limit: int = 1_000_000,
    ) -> list[ReferralRow]:
        """Referrals, earliest deadline first (no deadline last). ``due_before``: only
        waiting referrals whose deadline (or a flagged deadline's earliest date) is
        before that day — the overdue ones."""
        where, params = [], []
        if waiting_only or due_before is not None:
            where.append("r.waiting = 1")
        if due_before is not None:
            where.append("r.due_sort < ?")
            params.append(due_before.isoformat())
        if types:
            where.append(f"r.type IN ({','.join('?' * len(types))})")
            params.extend(types)
        if states:
            where.append(f"r.state IN ({','.join('?' * len(states))})")
            params.extend(states)
        if case_id is not None:
            where.append("r.case_id = ?")
            params.append(case_id)
        sql = (
            f"SELECT {_ROW}{_FROM}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.due_sort IS NULL, r.due_sort, r.record_id LIMIT ?"
        )
        return [_row(r) for r in self.vault.query(sql, (*params, limit))]

    def listing(self, *, due_before: dt.date | None = None) -> list[tuple[Any, ...]]:
        """Every referral (or, with ``due_before``, the waiting ones due before that day),
        earliest deadline first, as plain rows for long lists: (id, case id, case number,
        type, state, due, provisional, flagged). No join: the case number is kept in the
        index (schema 8)."""
        columns = (
            "SELECT record_id, case_id, case_number, type, state, due, provisional, flagged"
            " FROM referral_index"
        )
        if due_before is None:
            rows = self.vault.query(columns + " ORDER BY due_sort IS NULL, due_sort, record_id")
        else:  # due_sort < ? is never NULL: the covering index's own order (schema 9)
            rows = self.vault.query(
                columns + " WHERE waiting = 1 AND due_sort < ? ORDER BY due_sort, record_id",
                (due_before.isoformat(),),
            )
        return rows

    def listed_dues(self, *, due_before: dt.date | None = None) -> list[str]:
        """The distinct deadlines (ISO dates) of what ``listing`` returns, without NULL: a
        list of 100,000 referrals has a few hundred."""
        params: tuple[str, ...] = ()
        where = "WHERE due IS NOT NULL"
        if due_before is not None:
            where, params = "WHERE waiting = 1 AND due_sort < ?", (due_before.isoformat(),)
        rows = self.vault.query(f"SELECT DISTINCT due FROM referral_index {where}", params)
        return sorted(str(r[0]) for r in rows if r[0] is not None)

    def listing_text(
        self,
        *,
        json: bool,
        due_before: dt.date | None = None,
        endings: dict[str, str],
        no_due: str,
    ) -> str:
        """What ``listing`` returns, written by SQLite as one string, one line per
        referral: with ``json``, ``{"id": …, "case_id": …, "case_number": …, "type": …,
        "state": …, "due": …, "provisional": …, "flagged": …`` (strings through
        ``json_quote``); else case number, type and state, tab-separated, and a tab.
        Each line ends with ``endings[due]`` (``no_due`` when the deadline is NULL), the
        caller's text for that deadline (its lateness; NUL for a deadline not in
        ``endings``). Built without a Python object per referral: 60,000 lines in a
        fraction of the time. Raw text: the caller checks
        what it holds before printing it."""
        # concat(), not ||: one string a line instead of one a piece (half the time,
        # measured). concat() reads NULL as '': a NULL case number is written as NUL
        # instead, which the caller's check refuses (case_number is NOT NULL in fact).
        number = "coalesce(case_number, char(0))"
        if json:
            head = (
                "'{\"id\": ', json_quote(record_id), ', \"case_id\": ', json_quote(case_id),"
                f" ', \"case_number\": ', json_quote({number}),"
                " ', \"type\": ', json_quote(type), ', \"state\": ', json_quote(state),"
                " ', \"due\": ', json_quote(due),"
                " ', \"provisional\": ', iif(provisional, 'true', 'false'),"
                " ', \"flagged\": ', iif(flagged, 'true', 'false')"
            )
        else:
            head = f"{number}, char(9), type, char(9), state, char(9)"
        dues = sorted(endings)
        params: list[Any] = []
        ending = _ending_by_due(dues, endings, params, no_due)
        if due_before is None:
            where, order = "", "due_sort IS NULL, due_sort, record_id"
        else:
            where, order = "WHERE waiting = 1 AND due_sort < ?", "due_sort, record_id"
            params.append(due_before.isoformat())
        # The order comes from the subquery (SQLite never flattens an ordered subquery
        # into an aggregate), read from the covering index referral_listing without a
        # sort; an ORDER BY inside group_concat sorted again (measured 60 ms more).
        rows = self.vault.query(
            f"SELECT group_concat(line, '') FROM (SELECT concat({head}, {ending}) AS line"
            f" FROM referral_index {where} ORDER BY {order})",
            tuple(params),
        )
        return str(rows[0][0] or "")

    def without_guardian(self, *, limit: int = 1_000_000) -> list[ReferralRow]:
        """[G6] Guardian referrals of children still without a guardian, latest first
        (the earliest deadline is the most overdue). Read in the order of the partial
        index ``referral_guardian_pending`` (app/storage/dashboard.py), so that a short
        list stops early: the planner preferred ``referral_by_type_state`` and sorted
        every guardian referral (85 ms at 100,000 cases). The WHERE repeats the index's
        own, literally, as SQLite requires."""
        pending = ", ".join(f"'{state}'" for state in GUARDIAN_PENDING)
        rows = self.vault.query(
            f"SELECT {_ROW} FROM referral_index r INDEXED BY referral_guardian_pending"
            " LEFT JOIN case_index c ON c.record_id = r.case_id"
            f" WHERE r.type = 'guardian' AND r.state IN ({pending})"
            " ORDER BY r.due_sort IS NULL, r.due_sort, r.record_id LIMIT ?",
            (limit,),
        )
        return [_row(r) for r in rows]

    def proposed(self, *, limit: int = 1_000_000) -> list[ReferralRow]:
        """[G7] Referrals an urgent concern proposed that nobody acted on yet."""
        rows = self.vault.query(
            f"SELECT {_ROW}{_FROM} WHERE r.proposed = 1"
            " ORDER BY r.due_sort IS NULL, r.due_sort, r.record_id LIMIT ?",
            (limit,),
        )
        return [_row(r) for r in rows]

    def missing(self) -> list[MissingRow]:
        """[G11] Children missing now, the longest missing first."""
        rows = self.vault.query(
            "SELECT m.record_id, m.case_id, coalesce(c.case_number, ''),"
            " coalesce(c.display_name, ''), coalesce(c.display_latin, ''), m.since"
            " FROM missing_index m LEFT JOIN case_index c ON c.record_id = m.case_id"
            " WHERE m.open = 1 ORDER BY m.since, m.record_id"
        )
        return [MissingRow(*r) for r in rows]

    def open_episode(self, case_id: str) -> str | None:
        rows = self.vault.query(
            "SELECT record_id FROM missing_index WHERE case_id = ? AND open = 1"
            " ORDER BY since DESC LIMIT 1",
            (case_id,),
        )
        return str(rows[0][0]) if rows else None

    # -- statistics [G14] ---------------------------------------------------------------
    def case_facts(self) -> list[tuple[int | None, str | None, str, str, str, str]]:
        """(birth year, sex, nationalities, accompaniment, status, registered_at) of
        every case: the statistics export aggregates them (no names)."""
        rows = self.vault.query(
            "SELECT birth_year, sex, nationalities, accompaniment, status, registered_at"
            " FROM case_index"
        )
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def referral_facts(self) -> list[tuple[str, str, str | None, str | None, str | None]]:
        """(type, state, due, answered_on, case registered_at) of every referral."""
        rows = self.vault.query(
            "SELECT r.type, r.state, r.due, r.answered_on, c.registered_at" + _FROM
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def missing_facts(self) -> list[tuple[int, str]]:
        """(open, since) of every missing episode."""
        return [
            (int(r[0]), str(r[1]))
            for r in self.vault.query("SELECT open, since FROM missing_index")
        ]
