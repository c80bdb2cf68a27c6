"""[G15] Which cells the complementary suppression hides, table by table (pure: also run
by the mutation command). The safety of the export (no count 1-4 shown, no hidden cell
solvable) is tested in test_referral_small_cells.py; this file pins the choice that
app/domain/stats.py documents, so that the export never hides more than it needs to:
in a line with one hidden cell, the largest shown count is hidden too, an inner cell
before a total, never a zero; a table with no small count hides nothing."""

from __future__ import annotations

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
