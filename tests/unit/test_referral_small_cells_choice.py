"""[G15] Which cells the complementary suppression hides, table by table (pure: also run
by the mutation command). The safety of the export (no count 1-4 shown, no hidden cell
solvable) is tested in test_referral_small_cells.py; this file pins the choice that
app/domain/stats.py documents, so that the export never hides more than it needs to:
in a line with one hidden cell, the largest shown count is hidden too, an inner cell
before a total, never a zero; a table with no small count hides nothing."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import stats


def grid(text: str) -> dict[tuple[str, str], str]:
    """A table written as rows of cells, the first line the column names."""
    lines = [line.split() for line in text.strip().splitlines()]
    cols = lines[0]
    return {
        (row[0], col): cell for row in lines[1:] for col, cell in zip(cols, row[1:], strict=True)
    }


def counts(text: str) -> dict[tuple[str, str], int]:
    return {key: int(v) for key, v in grid(text).items() if "total" not in key and v.isdigit()}


def test_G15_a_table_without_small_counts_hides_nothing() -> None:
    table = """
        x y total
        a 6 7 13
        b 8 9 17
        total 14 16 30
    """
    assert stats.suppress(counts(table)) == grid(table)


def test_G15_the_largest_inner_count_of_the_line_is_hidden_beside_a_small_one() -> None:
    # Row a: 2 is small; of 5 and 9, 9 is hidden. Column x: of 7 and 12, 12. Column z:
    # of 8 and 11 (row c), 11, which row c already needs. The totals stay shown.
    given = """
        x y z total
        a 2 5 9 16
        b 7 6 8 21
        c 12 10 11 33
        total 21 21 28 70
    """
    shown = """
        x y z total
        a <5 5 x 16
        b 7 6 8 21
        c x 10 x 33
        total 21 21 28 70
    """
    assert stats.suppress(counts(given)) == grid(shown)


def test_G15_small_counts_that_cover_each_other_need_one_more_cell_each_way() -> None:
    # Rows a and b hold three small counts: row a hides both of its own; row b's 4 needs
    # one more, its largest (8); column y then holds 3 and 8 hidden, column x 2 and 4.
    given = """
        x y total
        a 2 3 5
        b 4 8 12
        c 9 7 16
        total 15 18 33
    """
    shown = """
        x y total
        a <5 <5 5
        b <5 x 12
        c 9 7 16
        total 15 18 33
    """
    assert stats.suppress(counts(given)) == grid(shown)


def test_G15_a_zero_is_never_hidden_to_cover_a_small_count() -> None:
    # Row a: 3 beside a zero and 6: the 6 is hidden, never the zero (a shown zero says
    # nothing of the cells beside it). Column x: of 5 and 6, 6 (row c); column z: of 10
    # and 12, 12 (row c again). Three cells hidden beside the small one, no total.
    given = """
        x y z total
        a 3 0 6 9
        b 5 9 10 24
        c 6 8 12 26
        total 14 17 28 59
    """
    shown = stats.suppress(counts(given))
    hidden = {key: v for key, v in shown.items() if not v.isdigit()}
    assert hidden == {("a", "x"): "<5", ("a", "z"): "x", ("c", "x"): "x", ("c", "z"): "x"}
    assert {k: v for k, v in shown.items() if k not in hidden} == {
        k: v for k, v in grid(given).items() if k not in hidden
    }


def test_G15_the_shown_as_text_and_the_small_range_come_from_the_profile() -> None:
    shown = stats.suppress({("a", "x"): 5, ("a", "y"): 6, ("b", "x"): 9, ("b", "y"): 7}, 1, 5, "≤5")
    assert shown[("a", "x")] == "≤5"
    assert shown[("a", "y")] == "x" and shown[("b", "x")] == "x" and shown[("b", "y")] == "x"
    assert shown[("total", "total")] == "27"


# -- the two checks on their own -------------------------------------------------------------
def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by elimination over exact fractions (this test's own, not stats.py's)."""
    rows = [list(r) for r in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                f = rows[i][col] / rows[rank][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _solvable(cells: dict, hidden: set) -> set:
    """A hidden cell is fixed by the shown values exactly when its unit vector lies in
    the span of the stated sums' coefficients over the hidden cells (row sums, column
    sums, and the totals' own sums, each total with -1)."""
    order = sorted(hidden)
    matrix = []
    for members, total in stats.lines(cells):
        matrix.append([Fraction(1 if c in members else -1 if c == total else 0) for c in order])
    base = _rank(matrix)
    return {
        cell
        for i, cell in enumerate(order)
        if _rank([*matrix, [Fraction(int(j == i)) for j in range(len(order))]]) == base
    }


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ab"), st.sampled_from("xyz")),
        st.integers(0, 9),
        min_size=6,
        max_size=6,
    ),
    st.data(),
)
def test_G15_determined_is_exactly_what_the_sums_fix(table, data) -> None:
    cells = stats.with_margins(table)
    hidden = set(data.draw(st.lists(st.sampled_from(sorted(cells)), unique=True, max_size=8)))
    assert stats.determined(cells, hidden) == _solvable(cells, hidden)


def test_G15_bounds_of_a_small_count_and_its_complements() -> None:
    # Row a: 2 (small) + 6 + 5 = 13, so the two hidden cells of row a sum to 8, the small
    # one 1..4 and the other at least 5: 1..3 and 5..7. Column x: a_x + b_x = 9, so b_x
    # is 6..8; column y: a_y + b_y = 15, so b_y is 8..10 (and row b agrees: 16).
    cells = stats.with_margins(
        {("a", "x"): 2, ("a", "y"): 6, ("a", "z"): 5, ("b", "x"): 7, ("b", "y"): 9, ("b", "z"): 8}
    )
    hidden = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert stats.bounds(cells, {("a", "x")}, hidden, 4) == {
        ("a", "x"): (1, 3),
        ("a", "y"): (5, 7),
        ("b", "x"): (6, 8),
        ("b", "y"): (8, 10),
    }


def test_G15_bounds_narrow_over_several_rounds_and_hidden_totals() -> None:
    # Hidden: row a's 3 (small), its 6 and its total; row b's 8 and 9 (its total 17
    # shown). The row totals' line gives row a's total last (38 - 17 - 12 = 9), and only
    # in the next round does row a give a_y = 9 - a_x: 5..8; columns x and y then give
    # b_x = 11 - a_x: 7..10 and b_y = 15 - a_y: 7..10.
    cells = stats.with_margins(
        {("a", "x"): 3, ("a", "y"): 6, ("b", "x"): 8, ("b", "y"): 9, ("c", "x"): 7, ("c", "y"): 5}
    )
    hidden = {("a", "x"), ("a", "y"), ("a", "total"), ("b", "x"), ("b", "y")}
    box = stats.bounds(cells, {("a", "x")}, hidden, 4)
    assert box == {
        ("a", "x"): (1, 4),
        ("a", "y"): (5, 8),
        ("a", "total"): (9, 9),
        ("b", "x"): (7, 10),
        ("b", "y"): (7, 10),
    }


def test_G15_an_x_has_no_ceiling_below_the_table_s_own_counts() -> None:
    # Counts in the thousands: a hidden "x" is bounded by the sums, not by a small cap.
    cells = stats.with_margins(
        {("a", "x"): 2, ("a", "y"): 4000, ("b", "x"): 3000, ("b", "y"): 5000}
    )
    hidden = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    box = stats.bounds(cells, {("a", "x")}, hidden, 4)
    assert box[("a", "y")] == (3998, 4001) and box[("b", "y")] == (4999, 5002)
    shown = stats.suppress({("a", "x"): 2, ("a", "y"): 4000, ("b", "x"): 3000, ("b", "y"): 5000})
    assert shown[("a", "total")] == "4002" and shown[("total", "total")] == "12002"
