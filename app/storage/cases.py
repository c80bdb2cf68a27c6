"""The case repository: every query about cases (list, search, count, duplicates,
numbers). Takes and returns domain values (``app/domain/case_list.py``); services add
permissions, rules and audit around it.

The tables it reads are derived from case records by ``case_index.py`` inside each
record's own write transaction, so they never disagree with the records.

Search (issue 14, item 5) never reads the whole index: names through ``name_terms``
prefix ranges and consonant skeletons, a case number through an index range on
``case_number``, the digits of a number ("43", "0043") through its tail terms
(``#0043``, ``#43``) in the same ``name_terms`` table. Which plan serves a page depends
on how many cases match: few, fetch them by id and sort; many, walk the sort order's
index and keep the ones that match (the first page is found after a few hundred rows).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import replace
from typing import Any

from app.domain.case_list import CaseQuery, CaseRow, NumberCollision
from app.domain.duplicates import Profile
from app.storage.case_index import fold, profile_from_json
from app.storage.vault import Vault

ROW_COLUMNS = (
    "record_id, case_number, display_name, display_latin, birth_year, sex, nationalities,"
    " accompaniment, status, age_status, urgent, registered_at"
)
# Above this many matches a page walks the sort order's index instead of sorting them.
FEW_MATCHES = 400
# Duplicate candidates: whole groups of equally keyed cases are scored until at least
# this many are taken; a single group larger than MAX_CANDIDATES is cut, by a hash of the
# record id (never by age), so that no part of the vault is favoured.
CANDIDATES = 100
MAX_CANDIDATES = 1500
SORT_COLUMNS = {"name": "sort_name", "case_number": "case_number"}
SORT_INDEXES = {
    "registered_at": "case_by_registration",
    "sort_name": "case_by_name",
    "case_number": "case_by_number",
}
TOP = "\U0010ffff"


def row_of(values: tuple[Any, ...] | list[Any]) -> CaseRow:
    return CaseRow(
        id=values[0],
        case_number=values[1],
        display_name=values[2],
        display_latin=values[3],
        birth_year=values[4],
        sex=values[5],
        nationalities=tuple(n for n in values[6].split(",") if n),
        accompaniment=values[7],
        status=values[8],
        age_status=values[9],
        urgent=bool(values[10]),
        registered_at=values[11],
    )


CASE_NUMBER_SHAPE = re.compile(r"^[A-Za-z]{1,6}-[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*$")
NUMBER_TAIL_SHAPE = re.compile(r"^[0-9-]*[0-9]$")


def looks_like_case_number(text: str) -> bool:
    """'NRC-2026-0043', 'nrc-2026', 'NRC-A7-2026-00' (a device code): letters, a dash,
    then letters, digits and dashes with at least one digit ('Al-Ahmad' is a name)."""
    return CASE_NUMBER_SHAPE.match(text) is not None


# How well a case matches a search, best first ([issue 12: 8]): every word is a whole
# name token (or the case number, or the digits it ends with); every word starts one;
# some word matches another spelling only (a shared consonant skeleton).
EXACT, PREFIX, ANY = 0, 1, 2


def match_sql(text: str, tier: int = ANY) -> tuple[str, list[Any]] | None:
    """SQL for the record ids matching every word of ``text`` (None: no text) at
    ``tier`` or better: ``EXACT`` (each word a whole token), ``PREFIX`` (each word starts
    a token), ``ANY`` (or shares a token's skeleton). The tiers nest: EXACT within PREFIX
    within ANY.

    Each word matches a name token it starts (folded: case and accents ignored), a
    name with its consonant skeleton (another spelling), or, for digits, the tail of a
    case number. Words are intersected inside SQLite; nothing is capped before that
    (capping each word's matches once lost children: see tests/unit/test_cases.py).
    """
    from app.domain.names import tokens

    text = text.strip()
    if not text:
        return None
    if looks_like_case_number(text):
        number = text.upper()
        if tier == EXACT:
            return "SELECT record_id FROM case_index WHERE case_number = ?", [number]
        return (
            "SELECT record_id FROM case_index WHERE case_number >= ? AND case_number < ?",
            [number, number + TOP],
        )
    selects: list[str] = []
    params: list[Any] = []
    for word in text.split():
        folded = fold(word)
        digits = word.rsplit("-", 1)[-1] if NUMBER_TAIL_SHAPE.match(word) else None
        if tier == EXACT:
            exact = [folded] if digits is None else [folded, "#" + digits]
            selects.append(
                f"SELECT record_id FROM name_terms WHERE term IN ({','.join('?' * len(exact))})"
            )
            params.extend(exact)
            continue
        parts = ["SELECT record_id FROM name_terms WHERE term >= ? AND term < ?"]
        params.extend([folded, folded + TOP])
        marks = sorted(
            {
                "~" + s
                for token in tokens(word)
                if len(token.latin) >= 3
                for s in token.all_skeletons
            }
        )
        if marks and tier == ANY:
            parts.append(
                f"SELECT record_id FROM name_terms WHERE term IN ({','.join('?' * len(marks))})"
            )
            params.extend(marks)
        if digits is not None:  # "43", "0043", "2026-0043": the last digits
            parts.append("SELECT record_id FROM name_terms WHERE term >= ? AND term < ?")
            params.extend(["#" + digits, "#" + digits + TOP])
        selects.append(" UNION ".join(parts))
    if not selects:
        return None
    if len(selects) == 1:
        return selects[0], params
    return " INTERSECT ".join(f"SELECT record_id FROM ({s})" for s in selects), params


def _filters(query: CaseQuery) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("status", query.status),
        ("accompaniment", query.accompaniment),
        ("age_status", query.age_status),
        ("centre_id", query.centre_id),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.urgent_only:
        clauses.append("urgent = 1")
    return clauses, params


class CaseRepository:
    """Queries about cases on one vault. Read-only but for number allocation."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- one case -----------------------------------------------------------------------
    def row(self, case_id: str) -> CaseRow | None:
        rows = self.vault.query(
            f"SELECT {ROW_COLUMNS} FROM case_index WHERE record_id = ?", (case_id,)
        )
        return row_of(rows[0]) if rows else None

    def ids_by_number(self, case_number: str) -> list[str]:
        """Every case carrying this number, oldest registration first (usually one)."""
        rows = self.vault.query(
            "SELECT record_id FROM case_index WHERE case_number = ?"
            " ORDER BY registered_at, record_id",
            (case_number.strip().upper(),),
        )
        return [r[0] for r in rows]

    def numbers(self) -> list[str]:
        return [n for (n,) in self.vault.query("SELECT DISTINCT case_number FROM case_index")]

    def open_cases_without(self, kind: str) -> list[str]:
        """Ids of open cases that no live record of ``kind`` names in its ``case_id``."""
        # NOT IN over an uncorrelated list: SQLite builds it once (O(cases + sessions)). A
        # correlated NOT EXISTS re-read every session for every case: 13 s at 8,000 cases,
        # hours at 100k. NULLs are left out, since one NULL in a NOT IN list matches nothing.
        rows = self.vault.query(
            "SELECT c.record_id FROM case_index c WHERE c.status = 'open' AND c.record_id"
            " NOT IN (SELECT json_extract(r.fields, '$.case_id') FROM records r"
            " WHERE r.kind = ? AND r.deleted = 0"
            " AND json_extract(r.fields, '$.case_id') IS NOT NULL)",
            (kind,),
        )
        return [r[0] for r in rows]

    # -- the list -----------------------------------------------------------------------
    def count(self, query: CaseQuery) -> int:
        clauses, params = _filters(query)
        matched = match_sql(query.text)
        if matched is not None and not clauses:
            sql, match_params = matched
            return int(self.vault.query(f"SELECT count(*) FROM ({sql})", match_params)[0][0])
        if matched is not None:
            clauses.append(f"record_id IN ({matched[0]})")
            params.extend(matched[1])
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return int(self.vault.query(f"SELECT count(*) FROM case_index {where}", params)[0][0])

    def page(self, query: CaseQuery, *, offset: int = 0, limit: int = 100) -> list[CaseRow]:
        """One page of the list, in the query's order (ties by record id). A search
        sorted by ``match`` comes best match first (``EXACT``, ``PREFIX``, ``ANY``), the
        newest registration first within a tier."""
        if query.sort == "match" and query.text.strip():
            return self._ranked_page(query, offset=offset, limit=limit)
        column = SORT_COLUMNS.get(query.sort, "registered_at")
        direction = "DESC" if query.descending else "ASC"
        order = f"ORDER BY {column} {direction}, record_id {direction} LIMIT ? OFFSET ?"
        clauses, params = _filters(query)
        matched = match_sql(query.text)
        if matched is None:
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            rows = self.vault.query(
                f"SELECT {ROW_COLUMNS} FROM case_index {where} {order}",
                (*params, int(limit), int(offset)),
            )
            return [row_of(r) for r in rows]
        sql, match_params = matched
        ids = [
            r[0]
            for r in self.vault.query(
                f"SELECT record_id FROM ({sql}) LIMIT ?", (*match_params, FEW_MATCHES + 1)
            )
        ]
        if len(ids) <= FEW_MATCHES:
            # Few matches: fetch them by id and sort them ("+column": not by the index).
            clauses.append("record_id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(ids))
            rows = self.vault.query(
                f"SELECT {ROW_COLUMNS} FROM case_index WHERE {' AND '.join(clauses)}"
                f" ORDER BY +{column} {direction}, record_id {direction} LIMIT ? OFFSET ?",
                (*params, int(limit), int(offset)),
            )
            return [row_of(r) for r in rows]
        # Many matches: walk the order's index; the set of matches is built once.
        clauses.append(f"record_id IN ({sql})")
        params.extend(match_params)
        rows = self.vault.query(
            f"SELECT {ROW_COLUMNS} FROM case_index INDEXED BY {SORT_INDEXES[column]}"
            f" WHERE {' AND '.join(clauses)} {order}",
            (*params, int(limit), int(offset)),
        )
        return [row_of(r) for r in rows]

    def _ranked_page(self, query: CaseQuery, *, offset: int, limit: int) -> list[CaseRow]:
        tiers = [match_sql(query.text, tier) for tier in (EXACT, PREFIX, ANY)]
        sets = [t for t in tiers if t is not None]
        if not sets:
            return []
        everything = sets[-1]
        ids = [
            r[0]
            for r in self.vault.query(
                f"SELECT record_id FROM ({everything[0]}) LIMIT ?",
                (*everything[1], FEW_MATCHES + 1),
            )
        ]
        if len(ids) <= FEW_MATCHES:
            # Few matches: rank them all (two small look-ups), then sort.
            rows = self._rows_of(ids, query)
            rank = {row.id: ANY for row in rows}
            found = json.dumps(list(rank))
            for tier_sql, tier in ((sets[1], PREFIX), (sets[0], EXACT)):
                for (record_id,) in self.vault.query(
                    f"SELECT record_id FROM ({tier_sql[0]})"
                    " WHERE record_id IN (SELECT value FROM json_each(?))",
                    (*tier_sql[1], found),
                ):
                    rank[record_id] = tier
            rows.sort(key=lambda row: rank[row.id])  # stable: newest first within a tier
            return rows[offset : offset + limit]
        # Many matches: tier by tier, each walked (or fetched) on its own.
        found_rows: list[CaseRow] = []
        skip, need = offset, limit
        previous: tuple[str, list[Any]] | None = None
        for tier_sql in sets:
            if previous is not None and tier_sql == previous:
                continue
            tier_rows = self._tier_rows(query, tier_sql, previous, skip=skip, need=need)
            if isinstance(tier_rows, int):  # the whole tier was skipped: its size
                skip -= tier_rows
            else:
                found_rows.extend(tier_rows)
                skip, need = 0, need - len(tier_rows)
            previous = tier_sql
            if need <= 0:
                break
        return found_rows

    def _tier_rows(
        self,
        query: CaseQuery,
        tier: tuple[str, list[Any]],
        better: tuple[str, list[Any]] | None,
        *,
        skip: int,
        need: int,
    ) -> list[CaseRow] | int:
        """Rows of a tier (``tier`` minus the ``better`` tiers before it), newest first,
        from ``skip``; or, when ``skip`` passes the whole tier, the tier's size."""
        sql, params = tier
        if better is not None:
            sql = f"SELECT record_id FROM ({sql}) EXCEPT SELECT record_id FROM ({better[0]})"
            params = [*params, *better[1]]
        clauses, filter_params = _filters(query)
        order = "ORDER BY registered_at DESC, record_id DESC"
        ids = [
            r[0]
            for r in self.vault.query(
                f"SELECT record_id FROM ({sql}) LIMIT ?", (*params, FEW_MATCHES + 1)
            )
        ]
        if len(ids) <= FEW_MATCHES:
            rows = self._rows_of(ids, query)
            return rows[skip : skip + need] if skip < len(rows) else len(rows)
        where = " AND ".join([*clauses, f"record_id IN ({sql})"])
        if skip:
            size = int(
                self.vault.query(
                    f"SELECT count(*) FROM case_index WHERE {where}", (*filter_params, *params)
                )[0][0]
            )
            if skip >= size:
                return size
        page = self.vault.query(
            f"SELECT {ROW_COLUMNS} FROM case_index INDEXED BY case_by_registration"
            f" WHERE {where} {order} LIMIT ? OFFSET ?",
            (*filter_params, *params, int(need), int(skip)),
        )
        return [row_of(r) for r in page]

    def _rows_of(self, ids: list[str], query: CaseQuery) -> list[CaseRow]:
        """The rows of ``ids`` that pass the query's filters, newest registration first."""
        clauses, params = _filters(query)
        clauses.append("record_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
        rows = self.vault.query(
            f"SELECT {ROW_COLUMNS} FROM case_index WHERE {' AND '.join(clauses)}"
            " ORDER BY +registered_at DESC, record_id DESC",
            params,
        )
        return [row_of(r) for r in rows]

    # -- links between cases --------------------------------------------------------------
    def linked_ids(self, case_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """For each of ``case_ids``, the cases an officer linked to it as the same child
        (decisions in force only). One query over the link records, however many cases."""
        if not case_ids:
            return {}
        wanted = json.dumps(case_ids)
        rows = self.vault.query(
            "SELECT json_extract(fields, '$.case_a'), json_extract(fields, '$.case_b')"
            " FROM records WHERE kind = 'case_link' AND deleted = 0"
            " AND json_extract(fields, '$.decision') = 'same_child'"
            " AND json_extract(fields, '$.active')"
            " AND (json_extract(fields, '$.case_a') IN (SELECT value FROM json_each(?))"
            " OR json_extract(fields, '$.case_b') IN (SELECT value FROM json_each(?)))"
            " ORDER BY created_at, id",
            (wanted, wanted),
        )
        found: dict[str, list[str]] = {}
        for a, b in rows:
            found.setdefault(a, []).append(b)
            found.setdefault(b, []).append(a)
        return {k: tuple(dict.fromkeys(v)) for k, v in found.items() if k in set(case_ids)}

    def with_links(self, rows: list[CaseRow]) -> list[CaseRow]:
        """``rows`` with the case numbers of the cases each is linked to (same child)."""
        linked = self.linked_ids([row.id for row in rows])
        if not linked:
            return rows
        numbers: dict[str, str] = {}
        others = sorted({o for ids in linked.values() for o in ids})
        for record_id, number in self.vault.query(
            "SELECT record_id, case_number FROM case_index"
            " WHERE record_id IN (SELECT value FROM json_each(?))",
            (json.dumps(others),),
        ):
            numbers[record_id] = number
        return [
            replace(row, linked=tuple(numbers.get(o, "?") for o in linked[row.id]))
            if row.id in linked
            else row
            for row in rows
        ]

    # -- duplicates ---------------------------------------------------------------------
    def key_frequencies(self, keys: set[str]) -> dict[str, int]:
        """How many cases hold each blocking key (one index range count per key)."""
        return {
            key: int(self.vault.query("SELECT count(*) FROM name_keys WHERE key = ?", (key,))[0][0])
            for key in keys
        }

    def duplicate_candidates(
        self,
        keys: set[str],
        *,
        like: Profile | None = None,
        want: int = CANDIDATES,
        most: int = MAX_CANDIDATES,
    ) -> list[tuple[CaseRow, Profile]]:
        """Cases sharing blocking keys with a child, the rarest shared keys first.

        Each key weighs by its rarity (inverse document frequency; a whole skeleton twice
        a three-letter prefix), and a case by the sum of the keys it shares; among equal
        weights, cases whose sex, birth year (within a year) and nationality do not
        contradict ``like`` come first. Cases are taken by whole groups of equal rank,
        best first, until at least ``want`` are taken: a group is never cut by age
        (taking the newest of a tie once hid every child registered before the last few
        thousand). Only a group that does not fit in ``most`` is cut, by a hash of the
        record id, which favours no part of the vault.
        """
        frequencies = {k: n for k, n in self.key_frequencies(keys).items() if n}
        if not frequencies:
            return []
        total = max(max(frequencies.values()), self._case_count_estimate())
        weights = {
            key: (2 if key.startswith("s:") else 1)
            * max(1, round(1000 * math.log((total + 1) / n)))
            for key, n in frequencies.items()
        }
        ordered = sorted(weights)
        cases = ",".join("?" * len(ordered))
        rows = self.vault.query(
            f"SELECT record_id, sum(CASE key {' '.join('WHEN ? THEN ?' for _ in ordered)}"
            f" END) AS weight FROM name_keys WHERE key IN ({cases}) GROUP BY record_id",
            (*[v for key in ordered for v in (key, weights[key])], *ordered),
        )
        by_weight: dict[int, list[str]] = {}
        for record_id, weight in rows:
            by_weight.setdefault(int(weight), []).append(record_id)
        # Whole weights, best first, until ``want``; a weight that does not fit in
        # ``most`` is the only one cut (by hash). Then ranked within a weight.
        pool: list[tuple[int, str]] = []
        for weight in sorted(by_weight, reverse=True):
            group = by_weight[weight]
            room = most - len(pool)
            if len(group) > room:
                group = sorted(group, key=_shuffle)[:room]
            pool.extend((weight, record_id) for record_id in group)
            if len(pool) >= want or len(pool) >= most:
                break
        ranks = self._agreement(pool, like)
        groups: dict[tuple[int, int], list[str]] = {}
        for weight, record_id in pool:
            groups.setdefault((weight, ranks.get(record_id, 0)), []).append(record_id)
        chosen: list[str] = []
        for rank in sorted(groups, reverse=True):
            chosen.extend(groups[rank])
            if len(chosen) >= want:
                break
        return self.rows_with_profiles(chosen)

    def _agreement(self, pool: list[tuple[int, str]], like: Profile | None) -> dict[str, int]:
        """0-3 per case: its sex, birth year (within one) and nationality do not
        contradict ``like`` (unknown contradicts nothing). Read from the index columns
        only when ``like`` says anything, and only for ``pool``."""
        if like is None or not (like.sex or like.birth_year or like.nationalities):
            return {}
        rows = self.vault.query(
            "SELECT record_id, sex, birth_year, nationalities FROM case_index"
            " WHERE record_id IN (SELECT value FROM json_each(?))",
            (json.dumps([record_id for _, record_id in pool]),),
        )
        ranks: dict[str, int] = {}
        for record_id, sex, birth_year, nationalities in rows:
            codes = {n for n in nationalities.split(",") if n}
            ranks[record_id] = (
                int(not (like.sex and sex and like.sex != sex))
                + int(
                    not (like.birth_year and birth_year and abs(like.birth_year - birth_year) > 1)
                )
                + int(not (like.nationalities and codes and not (like.nationalities & codes)))
            )
        return ranks

    def rows_with_profiles(self, ids: list[str]) -> list[tuple[CaseRow, Profile]]:
        if not ids:
            return []
        rows = self.vault.query(
            f"SELECT {ROW_COLUMNS}, profile FROM case_index"
            " WHERE record_id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return [(row_of(r[:-1]), profile_from_json(r[-1])) for r in rows]

    def _case_count_estimate(self) -> int:
        # The largest rowid: one lookup, and never below the number of cases.
        return int(self.vault.query("SELECT coalesce(max(rowid), 0) FROM case_index")[0][0])

    # -- numbers ------------------------------------------------------------------------
    def allocate_numbers(self, centre_id: str, year: int, count: int = 1) -> int:
        """Reserve ``count`` sequence numbers of a centre's year; returns the first.

        In a transaction of its own: a number once handed out is never handed out again,
        even when the registration that took it fails."""
        self.vault.require_known_installation()  # a copied vault folder (issue 14, item 7)
        with self.vault.transaction() as conn:
            row = conn.execute(
                "SELECT last FROM case_sequences WHERE centre_id = ? AND year = ?",
                (centre_id, year),
            ).fetchone()
            first = (row[0] if row else 0) + 1
            conn.execute(
                "INSERT INTO case_sequences (centre_id, year, last) VALUES (?, ?, ?)"
                " ON CONFLICT (centre_id, year) DO UPDATE SET last = excluded.last",
                (centre_id, year, first + count - 1),
            )
        return first

    def collisions(self) -> list[NumberCollision]:
        """Numbers that more than one case of a centre carries, with every such case."""
        rows = self.vault.query(
            "SELECT c.centre_id, c.case_number, c.record_id FROM case_index c JOIN ("
            "  SELECT case_number, centre_id FROM case_index"
            "  GROUP BY case_number, centre_id HAVING count(*) > 1"
            ") d ON d.case_number = c.case_number AND d.centre_id = c.centre_id"
            " ORDER BY c.case_number, c.centre_id, c.registered_at, c.record_id"
        )
        found: dict[tuple[str, str], list[str]] = {}
        for centre_id, number, record_id in rows:
            found.setdefault((centre_id, number), []).append(record_id)
        return [
            NumberCollision(centre_id=centre, case_number=number, case_ids=tuple(ids))
            for (centre, number), ids in found.items()
        ]


def _shuffle(record_id: str) -> bytes:
    return hashlib.blake2b(record_id.encode(), digest_size=8).digest()
