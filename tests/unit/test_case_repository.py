"""The case repository (app/storage/cases.py): search plans that agree with each other
and read no whole table, duplicate candidates taken by whole ties, never by age."""

from __future__ import annotations

import datetime as dt
import random

from app.domain.case import Answer, Birth, CaseDraft, DatePrecision, Names, Sex
from app.domain.case_list import CaseQuery, CaseRow
from app.domain.duplicates import blocking_keys
from app.services import cases
from app.storage import cases as repository
from app.storage.case_index import profile_of
from app.storage.cases import CaseRepository

TODAY = dt.date(2026, 11, 23)
GIVEN = ["Amina", "Hodan", "Tesfay", "Olena", "Yonas", "Saba", "Dawit", "Fatima"]
FAMILY = ["Yusuf", "Nuur", "Haile", "Kovalenko", "Kidane", "Rahimi"]


def child(given: str, family: str, birth: dt.date | None = None) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, family=family),
        birth=Birth(date=birth, precision=DatePrecision.EXACT) if birth else Birth(declared_age=15),
        sex=Answer.of(Sex.MALE),
        nationalities=["SY"],
    )


def everything(session) -> list[CaseRow]:
    return CaseRepository(session.vault).page(CaseQuery(), offset=0, limit=100_000)


def test_both_page_plans_give_the_pages_a_sort_would(manager, monkeypatch) -> None:
    """Few matches are fetched by id and sorted; many walk the sort order's index. Both
    must give exactly the rows and order of sorting every match."""
    rng = random.Random(5)
    drafts = [child(rng.choice(GIVEN), rng.choice(FAMILY)) for _ in range(300)]
    cases.import_cases(manager, drafts, today=TODAY)
    rows = everything(manager)
    repo = CaseRepository(manager.vault)
    keys = {
        "registered": lambda r: (r.registered_at, r.id),
        "case_number": lambda r: (r.case_number, r.id),
    }
    for few in (0, 10_000):  # every search through one plan, then through the other
        monkeypatch.setattr(repository, "FEW_MATCHES", few)
        for text in ("amina", "yusuf amina", "1", "0012"):
            matched = {r.id for r in rows if _matches(r, text)}
            assert repo.count(CaseQuery(text=text)) == len(matched), text
            for sort, key in keys.items():
                for descending in (False, True):
                    query = CaseQuery(text=text, sort=sort, descending=descending)
                    wanted = sorted(
                        (r for r in rows if r.id in matched), key=key, reverse=descending
                    )
                    got = repo.page(query, offset=0, limit=7) + repo.page(
                        query, offset=7, limit=1000
                    )
                    assert [r.id for r in got] == [r.id for r in wanted], (few, text, sort)


def _matches(row: CaseRow, text: str) -> bool:
    words = row.display_name.casefold().split()
    tail = row.case_number.rsplit("-", 1)[1]
    return all(
        any(w.startswith(t) for w in words) or tail.startswith(t) or tail.lstrip("0").startswith(t)
        for t in text.split()
    )


def test_search_reads_no_whole_table(manager) -> None:
    """The screen's search (rows and count) goes through indexes: no LIKE '%…%' over
    every case number, no scan of the case index or the search terms."""
    cases.import_cases(manager, [child(g, f) for g in GIVEN for f in FAMILY] * 3, today=TODAY)
    statements: list[str] = []
    manager.vault.conn.set_trace_callback(statements.append)
    try:
        for text in ("43", "0043", "moh", "amina yusuf", "NRC-2026-0043", "nrc-2026"):
            cases.query_cases(manager, CaseQuery(text=text), limit=100)
            cases.count_cases(manager, CaseQuery(text=text))
    finally:
        manager.vault.conn.set_trace_callback(None)
    searches = [s for s in statements if "case_index" in s or "name_terms" in s]
    assert searches
    for sql in searches:
        assert "LIKE" not in sql.upper()
        plan = [r[3] for r in manager.vault.query(f"EXPLAIN QUERY PLAN {sql}")]
        for step in plan:
            assert not step.startswith(("SCAN case_index", "SCAN name_terms")) or (
                "USING" in step and "INDEX" in step and "case_index" in step
            ), (sql, plan)


def test_a_tie_of_600_equally_scored_namesakes_keeps_the_oldest(manager) -> None:
    """[issue 14: 5] The oldest of 600 children with the same names, birth date, sex and
    nationality (and older than 400 others sharing a name with them) is still found:
    candidates are taken by whole ties, and equal scores keep the older case first.
    Taking the newest 250 of a tie, as before, never scored it."""
    born = dt.date(2010, 3, 14)
    oldest = cases.register_case(manager, child("Mohammed", "Al-Ahmad", born), today=TODAY)
    cases.import_cases(
        manager,
        [child("Mohammed", f) for f in FAMILY] * 40
        + [child("Ahmad", "Rahimi")] * 160
        + [child("Mohammed", "Al-Ahmad", born)] * 599,
        today=TODAY,
    )
    probe = child("Mohamed", "Al Ahmad", born)
    found = cases.find_duplicates(manager, probe, today=TODAY)
    assert found[0].row.id == oldest.id
    tie = {d.score for d in found}
    assert len(tie) == 1  # all ten equally scored: the order is age, oldest first
    taken = CaseRepository(manager.vault).duplicate_candidates(
        blocking_keys(profile_of(probe, TODAY))
    )
    assert len(taken) >= 600  # the whole tie, not the newest CANDIDATES of it


def test_a_tie_too_big_for_the_budget_is_cut_without_regard_to_age(manager) -> None:
    cases.import_cases(manager, [child("Hodan", "Nuur")] * 60, today=TODAY)
    rows = everything(manager)
    newest = {r.id for r in sorted(rows, key=lambda r: r.id)[-20:]}
    oldest = {r.id for r in sorted(rows, key=lambda r: r.id)[:20]}
    keys = blocking_keys(profile_of(child("Hodan", "Nuur"), TODAY))
    taken = {
        row.id
        for row, _ in CaseRepository(manager.vault).duplicate_candidates(keys, want=5, most=20)
    }
    assert len(taken) == 20
    assert taken != newest and taken != oldest


def test_every_record_kind_the_app_writes_is_registered_shared_or_local() -> None:
    """app/storage/kinds.py decides for each kind whether it may leave the laptop."""
    import re
    from pathlib import Path

    from app.storage import kinds

    root = Path(__file__).resolve().parents[2] / "app"
    written = {
        m.group(1)
        for path in root.rglob("*.py")
        for m in re.finditer(r'^[A-Z_]*KIND = "([a-z_]+)"', path.read_text("utf-8"), re.M)
    } | {"organisation", "centre"}
    assert written - set(kinds.KINDS) == set()
    assert {"intake_draft", "user", "centre_settings", "key_slot"} <= kinds.local_only()
    assert {"case", "case_link", "age_assessment", "info_session"} <= kinds.shared()
    assert not kinds.is_shared("intake_draft") and kinds.is_shared("case")
