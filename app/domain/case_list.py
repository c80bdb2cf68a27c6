"""What the case list, search and duplicate check work with: rows, queries, candidates.

Plain values (no I/O): the case repository in ``app/storage/cases.py`` returns them and
the services and screens pass them on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: what the index holds about a case, nothing more."""

    id: str
    case_number: str
    display_name: str
    display_latin: str
    birth_year: int | None
    sex: str | None
    nationalities: tuple[str, ...]
    accompaniment: str
    status: str
    age_status: str
    urgent: bool
    registered_at: str
    # Case numbers of the cases an officer linked to this one as the same child [R5].
    linked: tuple[str, ...] = ()


SORTS = ("registered", "name", "case_number", "match")  # match: best match first


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: str | None = None
    accompaniment: str | None = None
    age_status: str | None = None
    urgent_only: bool = False
    centre_id: str | None = None
    sort: str = "registered"  # one of SORTS ("match" orders a search by how well it matches)
    descending: bool = True


@dataclass(frozen=True)
class DuplicateCandidate:
    row: CaseRow
    score: float
    reasons: list[str]  # translated


@dataclass(frozen=True)
class NumberCollision:
    """Two or more cases of one centre that carry the same case number (a restored
    backup, another laptop's record). All of them stay listed; a manager sorts it out."""

    centre_id: str
    case_number: str
    case_ids: tuple[str, ...]  # oldest registration first


def number_terms(case_number: str) -> set[str]:
    """Search terms for a case number's numeric tail: 'NRC-2026-0043' -> {'#0043', '#43'}.

    Typing "43" or "0043" finds the case through an index range instead of reading every
    case number with ``LIKE '%43%'``.
    """
    digits = ""
    for ch in reversed(case_number.strip()):
        if ch not in "0123456789":
            break
        digits = ch + digits
    if not digits:
        return set()
    return {"#" + digits, "#" + (digits.lstrip("0") or "0")}
