"""[G15] Small-cell suppression solved for by an attacker's brute force, independent of
app/domain/stats.py: every count 1-4 shows as "<5", and no hidden cell can be worked out
from the totals (pure: also run by the mutation command)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import stats

Cell = tuple[str, str]


def feasible_values(shown: dict[Cell, str]) -> dict[Cell, set[int]]:
    """An attacker's solver, independent of app/domain/stats.py: try every value of every
    hidden interior cell ("<5": 1..4; "x": 5 and up, to a bound no larger than needed) and
    keep the assignments that reproduce every shown total; return what each hidden cell
    (interior or total) can be."""
    rows = sorted({r for r, _ in shown if r != "total"})
    cols = sorted({c for _, c in shown if c != "total"})
    known = {k: int(v) for k, v in shown.items() if v not in ("<5", "x")}
    top = max([int(v) for v in known.values()] + [8]) + 5
    hidden = [(r, c) for r in rows for c in cols if shown[(r, c)] in ("<5", "x")]
    domains = [range(1, 5) if shown[h] == "<5" else range(5, top + 1) for h in hidden]
    options: dict[Cell, set[int]] = {k: set() for k, v in shown.items() if v in ("<5", "x")}
    for values in itertools.product(*domains):
        cells = {(r, c): known.get((r, c), 0) for r in rows for c in cols}
        cells.update(zip(hidden, values, strict=True))
        full = stats.with_margins(cells)
        if any(full[k] != v for k, v in known.items()):
            continue
        if any(shown[k] == "<5" and not 1 <= full[k] <= 4 for k in options):
            continue
        if any(shown[k] == "x" and full[k] <= 4 for k in options):
            continue
        for k in options:
            options[k].add(full[k])
    return options


tables = st.dictionaries(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["m", "f"])),
    st.sampled_from([0, 1, 2, 3, 4, 6, 9]),
    min_size=2,
)


@settings(max_examples=40, deadline=None)
@given(tables)
def test_G15_no_small_cell_is_shown_and_none_can_be_solved_for(counts) -> None:
    shown = stats.suppress(counts)
    full = stats.with_margins(counts)
    assert all(shown[k] == "<5" for k, v in full.items() if 1 <= v <= 4)
    hidden = [k for k, v in shown.items() if v in ("<5", "x")]
    if len(hidden) > 6:  # keep the brute force small
        return
    options = feasible_values(shown)
    for cell, values in options.items():
        if shown[cell] == "<5":
            assert full[cell] in values
            assert len(values) > 1, (counts, cell, values)


def test_G15_a_total_that_would_give_a_cell_away_is_hidden() -> None:
    shown = stats.suppress({("a", "m"): 3, ("a", "f"): 7, ("b", "m"): 9, ("b", "f"): 12})
    assert shown[("a", "m")] == "<5"
    options = feasible_values(shown)
    assert len(options[("a", "m")]) > 1
    assert sum(1 for v in shown.values() if v == "x") >= 2
