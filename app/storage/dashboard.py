"""The managers' dashboard queries (issue 15, item 8): counts, short lists and the
caseload's GROUP BY counts, served from the derived indexes (``case_index``,
``referral_index``, ``missing_index``), never by decoding records.

Every list here is cut at ``limit`` lines and comes with the full count, so a vault of
100,000 cases answers in a few queries of a few milliseconds each (the caseload's
grouping, one pass over ``case_index``, is the dearest: ``python -m bench dashboard``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.storage.vault import Vault

# The caseload: children in the centre's care now (a transferred or closed case is not).
CASELOAD_STATUSES = ("open", "missing")


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
    nationalities: str  # comma-separated ISO codes, as case_index keeps them
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
        """The caseload grouped by birth year, sex, nationalities and accompaniment: one
        pass over ``case_index`` (a few hundred groups at 100,000 cases); the service
        folds them into each chart's categories."""
        rows = self.vault.query(
            "SELECT c.birth_year, c.sex, c.nationalities, c.accompaniment, count(*)"
            f" FROM case_index c NOT INDEXED WHERE {_IN_CARE} GROUP BY 1, 2, 3, 4"
        )
        return [CaseloadCell(r[0], r[1], r[2] or "", r[3] or "", int(r[4])) for r in rows]

    def open_cases_without(self, kind: str, *, limit: int) -> CaseLines:
        """Open cases that no live record of ``kind`` names (children not yet informed:
        no information session), oldest registration first."""
        # NOT IN over an uncorrelated list, built once (see CaseRepository.open_cases_without).
        without = (
            " FROM case_index c WHERE c.status = 'open' AND c.record_id"
            " NOT IN (SELECT json_extract(r.fields, '$.case_id') FROM records r"
            " WHERE r.kind = ? AND r.deleted = 0"
            " AND json_extract(r.fields, '$.case_id') IS NOT NULL)"
        )
        count = int(self.vault.query("SELECT count(*)" + without, (kind,))[0][0])
        rows = self.vault.query(
            f"SELECT {_LINE}{without} ORDER BY c.registered_at, c.record_id LIMIT ?",
            (kind, limit),
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
