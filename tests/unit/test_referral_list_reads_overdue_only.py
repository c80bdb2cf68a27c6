"""Issue 15 bench line (``referral list --overdue`` over 100,000 cases under 500 ms): the
overdue list reads only the waiting referrals due before today, from the covering index
in deadline order, nothing of the cases, and of the records only the centre's. Every
query it runs is checked with SQLite's own query plan, so a change that makes it read
every referral, sort them, or decode records fails here at any size."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import referral_list as rl
from app.storage.centre import OWN_CENTRE_META, centre_of_vault


@pytest.mark.parametrize("as_json", [True, False])
def test_G6_the_overdue_list_searches_the_index_and_reads_no_case(manager, as_json) -> None:
    vault = manager.require_vault()
    seen: list[tuple[str, tuple]] = []
    query = vault.query

    def recording(sql, params=()):
        seen.append((sql, tuple(params)))
        return query(sql, params)

    vault.query = recording  # type: ignore[method-assign]
    try:
        rl.listing_output(manager, overdue=True, json=as_json, today=dt.date(2026, 12, 1))
    finally:
        del vault.query
    listing = [(sql, params) for sql, params in seen if "referral_index" in sql]
    assert len(listing) == 2  # the distinct deadlines, then the lines
    for sql, params in listing:
        plan = [row[-1] for row in query(f"EXPLAIN QUERY PLAN {sql}", params)]
        steps = [step for step in plan if "referral_index" in step]
        assert steps, plan
        for step in steps:
            # a range of the index (waiting = 1 AND due_sort < today), never the whole table
            assert step.startswith("SEARCH referral_index USING COVERING INDEX"), plan
            assert "due_sort<?" in step, plan
        assert not [s for s in plan if "TEMP B-TREE FOR ORDER BY" in s], plan
    own = centre_of_vault(vault)  # the vault's own centre (app/storage/centre.py)
    assert own is not None
    for sql, params in seen:
        assert "case_index" not in sql, sql
        if "JOIN records" in sql:  # the centre record the meta names
            assert params == (OWN_CENTRE_META,), (sql, params)
        elif "FROM records" in sql:  # the centre's record alone, for its country profile,
            # and the organisation it names
            assert params == (own.id,) or params == (own.fields["organisation_id"],), (sql, params)
