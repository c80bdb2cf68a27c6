"""[G14][G15] The statistics export of a demo vault: disaggregated counts, every count 1-4
shown as "<5", no hidden cell solvable from the totals (the brute-force attacker is in
test_referral_small_cells.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from app.domain import stats
from app.services import demo, referrals


def read(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


def test_G14_G15_the_export_of_a_demo_vault(manager, tmp_path) -> None:
    demo.fill(manager, count=150, seed=5, today=dt.date(2026, 11, 20))
    out = tmp_path / "stats.csv"
    referrals.save_stats_csv(manager, out)
    rows = read(out)
    assert rows[0] == ["table", "row", "column", "count"]
    tables_ = {r[0] for r in rows[1:]}
    assert {
        "cases_by_age_group_and_sex",
        "cases_by_nationality_and_accompaniment",
        "referrals_by_type_and_state",
        "missing_children",
    } <= tables_
    counts = [r[3] for r in rows[1:]]
    assert not [c for c in counts if c.isdigit() and 1 <= int(c) <= 4]  # 0 cells of 1-4
    assert "<5" in counts
    for table in tables_:
        shown = {(r[1], r[2]): r[3] for r in rows[1:] if r[0] == table}
        numbers = {k: int(v) for k, v in shown.items() if v.isdigit()}
        primary = {k for k, v in shown.items() if v == "<5"}
        hidden = {k for k, v in shown.items() if v in ("<5", "x")}
        # Solve for each hidden cell from what is shown (the real values are not needed
        # for the linear algebra: it only says which are fixed by the shown ones).
        solvable = stats.determined({**numbers, **dict.fromkeys(hidden, 0)}, hidden)
        assert solvable == set(), (table, solvable)
        assert primary <= hidden
