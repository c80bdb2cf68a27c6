"""The managers' dashboard queries (issue 15, item 8): counts, short lists and the
caseload's counts, served from what the write path keeps (``case_index``,
``referral_index``, ``missing_index`` and, since the dashboard migration,
``caseload_counts`` and ``case_index.informed``), never by decoding records.

Every list here is cut at ``limit`` lines, read in an index's own order, and comes with
its full count, so a vault of 100,000 cases answers in a few milliseconds per query
(``python -m bench dashboard``).

``AGGREGATES`` is the migration that made them (app/storage/migrations.py runs it under
its number; never edit it once shipped, add a migration instead). Everything it keeps
is kept by triggers, in the transaction of the write that changes it, whoever writes:
the case indexer, a deletion, a restore, a merge from sync (``records.write_merged``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the vault imports the migrations, which import this module
    from app.storage.vault import Vault

# The caseload: children in the centre's care now (a transferred or closed case is not).
CASELOAD_STATUSES = ("open", "missing")
# The record kind of an information session (app/services/information.SESSION_KIND): a
# child with a live one is informed. Written as a literal in the triggers below.
INFO_SESSION_KIND = "info_session"


def _first_nationality(row: str) -> str:
    """SQL: the first of a case_index row's comma-separated nationalities ('' if none)."""
    n = f"{row}.nationalities"
    return (
        f"CASE WHEN instr({n}, ',') > 0 THEN substr({n}, 1, instr({n}, ',') - 1)"
        f" ELSE coalesce({n}, '') END"
    )


def _key(row: str) -> str:
    """SQL: a case_index row's caseload_counts key, in the table's column order."""
    return (
        f"{row}.status, coalesce({row}.birth_year, -1), coalesce({row}.sex, ''),"
        f" {_first_nationality(row)}, {row}.accompaniment"
    )


def _match(row: str) -> str:
    return (
        f"status = {row}.status AND birth_year = coalesce({row}.birth_year, -1)"
        f" AND sex = coalesce({row}.sex, '') AND nationality = {_first_nationality(row)}"
        f" AND accompaniment = {row}.accompaniment"
    )


def _informed(case_id: str) -> str:
    """SQL: whether a live information session names ``case_id``. The unary ``+`` keep
    the planner on ``records_by_case_id`` (kind, case id): without them it chose
    ``records_by_kind`` and walked every session of the vault for each case."""
    return (
        "EXISTS (SELECT 1 FROM records s WHERE s.kind = 'info_session' AND +s.deleted = 0"
        f" AND json_extract(s.fields, '$.case_id') = +{case_id})"
    )


_SET_INFORMED = "UPDATE case_index SET informed = " + _informed("case_index.record_id")

AGGREGATES = f"""
    -- [G14] The caseload's counts for the dashboard's charts: how many case_index rows
    -- share a status, birth year (-1: unknown), sex ('': not asked), first nationality
    -- ('': none) and accompaniment. A few hundred rows at 100,000 cases (the GROUP BY
    -- over case_index it replaces took 0.3-0.5 s). Rows reaching 0 stay, and are skipped.
    CREATE TABLE caseload_counts (
        status        TEXT NOT NULL,
        birth_year    INTEGER NOT NULL,
        sex           TEXT NOT NULL,
        nationality   TEXT NOT NULL,
        accompaniment TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (status, birth_year, sex, nationality, accompaniment)
    ) WITHOUT ROWID;
    INSERT INTO caseload_counts
        SELECT {_key("c")}, count(*) FROM case_index c GROUP BY 1, 2, 3, 4, 5;
    CREATE TRIGGER caseload_on_insert AFTER INSERT ON case_index BEGIN
        INSERT INTO caseload_counts VALUES ({_key("NEW")}, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER caseload_on_delete AFTER DELETE ON case_index BEGIN
        UPDATE caseload_counts SET n = n - 1 WHERE {_match("OLD")};
    END;
    CREATE TRIGGER caseload_on_update
        AFTER UPDATE OF status, birth_year, sex, nationalities, accompaniment ON case_index
        WHEN OLD.status IS NOT NEW.status OR OLD.birth_year IS NOT NEW.birth_year
            OR OLD.sex IS NOT NEW.sex OR OLD.nationalities IS NOT NEW.nationalities
            OR OLD.accompaniment IS NOT NEW.accompaniment
    BEGIN
        UPDATE caseload_counts SET n = n - 1 WHERE {_match("OLD")};
        INSERT INTO caseload_counts VALUES ({_key("NEW")}, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END;

    -- Children not yet informed: a case is informed while a live information session
    -- names it. Kept from both sides, whichever is written first (a merge from sync may
    -- bring the session before its case).
    ALTER TABLE case_index ADD COLUMN informed INTEGER NOT NULL DEFAULT 0;
    {_SET_INFORMED};
    CREATE INDEX case_not_informed ON case_index (status, informed, registered_at, record_id);
    CREATE TRIGGER informed_on_case AFTER INSERT ON case_index
        WHEN {_informed("NEW.record_id")}
    BEGIN
        UPDATE case_index SET informed = 1 WHERE record_id = NEW.record_id;
    END;
    CREATE TRIGGER informed_on_session_insert AFTER INSERT ON records
        WHEN NEW.kind = 'info_session'
    BEGIN
        {_SET_INFORMED} WHERE record_id = json_extract(NEW.fields, '$.case_id');
    END;
    CREATE TRIGGER informed_on_session_update AFTER UPDATE OF kind, fields, deleted ON records
        WHEN NEW.kind = 'info_session' OR OLD.kind = 'info_session'
    BEGIN
        {_SET_INFORMED} WHERE record_id IN (json_extract(OLD.fields, '$.case_id'),
            json_extract(NEW.fields, '$.case_id'));
    END;
    CREATE TRIGGER informed_on_session_delete AFTER DELETE ON records
        WHEN OLD.kind = 'info_session'
    BEGIN
        {_SET_INFORMED} WHERE record_id = json_extract(OLD.fields, '$.case_id');
    END;

    -- The dashboard's referral lists in their own order, so that LIMIT stops early
    -- (without them: every guardian referral sorted, 85 ms at 100,000 cases).
    CREATE INDEX referral_guardian_pending ON referral_index (due_sort IS NULL, due_sort,
        record_id) WHERE type = 'guardian' AND state IN ('draft', 'sent', 'declined');
    CREATE INDEX referral_proposed ON referral_index (due_sort IS NULL, due_sort, record_id)
        WHERE proposed = 1;
    CREATE INDEX referral_by_state_due ON referral_index (state, due_sort IS NULL, due_sort,
        record_id);
"""


@dataclass(frozen=True)
class CaseLine:
    """One child on a dashboard list (no record decoded: the index row)."""

    case_id: str
    case_number: str
    display_name: str
    display_latin: str
    registered_at: str


@dataclass(frozen=True)
class CaseLines:
    count: int  # every child the list holds
    lines: list[CaseLine]  # the first ``limit`` of them


@dataclass(frozen=True)
class CaseloadCell:
    """How many children in the caseload share these four values."""

    birth_year: int | None
    sex: str | None
    nationality: str  # the first ISO code of the case's nationalities ('' if none)
    accompaniment: str
    count: int


_LINE = "c.record_id, c.case_number, c.display_name, c.display_latin, c.registered_at"
_IN_CARE = f"c.status IN ({','.join(repr(s) for s in CASELOAD_STATUSES)})"


def _lines(rows: list[tuple[Any, ...]]) -> list[CaseLine]:
    return [CaseLine(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in rows]


class DashboardQueries:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def caseload(self) -> list[CaseloadCell]:
        """The caseload by birth year, sex, first nationality and accompaniment, from
        ``caseload_counts`` (a few hundred rows at 100,000 cases); the service folds them
        into each chart's categories."""
        in_care = ",".join(repr(s) for s in CASELOAD_STATUSES)
        rows = self.vault.query(
            "SELECT birth_year, sex, nationality, accompaniment, sum(n) FROM caseload_counts"
            f" WHERE status IN ({in_care}) AND n > 0 GROUP BY 1, 2, 3, 4"
        )
        return [
            CaseloadCell(None if r[0] == -1 else r[0], r[1] or None, r[2], r[3], int(r[4]))
            for r in rows
        ]

    def not_informed(self, *, limit: int) -> CaseLines:
        """Open cases that no live information session names, oldest registration first
        (``case_not_informed``: the count and the lines from the index alone)."""
        where = " FROM case_index c WHERE c.status = 'open' AND c.informed = 0"
        count = int(self.vault.query("SELECT count(*)" + where)[0][0])
        rows = self.vault.query(
            f"SELECT {_LINE}{where} ORDER BY c.registered_at, c.record_id LIMIT ?", (limit,)
        )
        return CaseLines(count, _lines(rows))

    def with_age_status(self, status: str, *, limit: int) -> CaseLines:
        """Children in care whose age status is ``status`` (an assessment in progress),
        oldest registration first."""
        where = f" FROM case_index c WHERE c.age_status = ? AND {_IN_CARE}"
        count = int(self.vault.query("SELECT count(*)" + where, (status,))[0][0])
        rows = self.vault.query(
            f"SELECT {_LINE}{where} ORDER BY c.registered_at, c.record_id LIMIT ?",
            (status, limit),
        )
        return CaseLines(count, _lines(rows))

    def referral_count(self, *, types: tuple[str, ...] = (), states: tuple[str, ...] = ()) -> int:
        """How many referrals of these types in these states (any, when empty)."""
        where: list[str] = []
        params: list[str] = []
        if types:
            where.append(f"type IN ({','.join('?' * len(types))})")
            params.extend(types)
        if states:
            where.append(f"state IN ({','.join('?' * len(states))})")
            params.extend(states)
        sql = "SELECT count(*) FROM referral_index" + (
            " WHERE " + " AND ".join(where) if where else ""
        )
        return int(self.vault.query(sql, params)[0][0])

    def proposed_count(self) -> int:
        """[G7] Referrals an urgent concern proposed that nobody acted on yet."""
        return int(self.vault.query("SELECT count(*) FROM referral_index WHERE proposed = 1")[0][0])
