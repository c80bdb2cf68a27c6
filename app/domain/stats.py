"""Small-cell suppression for aggregate counts ([G15]). Pure.

A table of counts (rows x columns) is exported with its row totals, column totals and
grand total. Every count from ``low`` to ``high`` (1 to 4) is shown as ``"<5"``
(primary suppression). A total then often gives it away: a row of "<5", 7, 9 with a
total of 19 says the first cell is 3. So further cells are hidden (complementary
suppression, shown as ``"x"``) until no hidden cell can be worked out from what is
shown:

- every line (a row with its total, a column with its total, the totals with the grand
  total) holds no hidden cell or at least two;
- no hidden cell is fixed by the shown values (``determined``: linear algebra over the
  lines' sums, exact fractions), and no hidden cell's possible range shrinks to one
  value when the reader also knows that a "<5" is between 1 and 4 and an "x" is 0 or
  at least 5 (``bounds``: interval reasoning over the lines, as a reader would do).

Complementary cells are taken largest first (they blur a hidden small count most).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

TOTAL = "total"
HIDDEN = "x"
Cell = tuple[str, str]


def with_margins(counts: Mapping[Cell, int]) -> dict[Cell, int]:
    """The table with its row totals, column totals and grand total (``"total"``)."""
    rows = sorted({r for r, _ in counts})
    cols = sorted({c for _, c in counts})
    full: dict[Cell, int] = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        full[(r, TOTAL)] = sum(full[(r, c)] for c in cols)
    for c in cols:
        full[(TOTAL, c)] = sum(full[(r, c)] for r in rows)
    full[(TOTAL, TOTAL)] = sum(counts.values())
    return full


def lines(cells: Mapping[Cell, int]) -> list[tuple[list[Cell], Cell]]:
    """(members, total) of every sum the table states."""
    rows = sorted({r for r, _ in cells if r != TOTAL})
    cols = sorted({c for _, c in cells if c != TOTAL})
    found = [([(r, c) for c in cols], (r, TOTAL)) for r in rows]
    found += [([(r, c) for r in rows], (TOTAL, c)) for c in cols]
    found.append(([(r, TOTAL) for r in rows], (TOTAL, TOTAL)))
    found.append(([(TOTAL, c) for c in cols], (TOTAL, TOTAL)))
    return found


def determined(cells: Mapping[Cell, int], hidden: set[Cell]) -> set[Cell]:
    """Hidden cells whose value follows exactly from the shown values and the sums."""
    order = sorted(hidden)
    index = {cell: i for i, cell in enumerate(order)}
    matrix: list[list[Fraction]] = []
    for members, total in lines(cells):
        row = [Fraction(0)] * len(order)
        for cell in [*members, total]:
            if cell in index:
                row[index[cell]] += 1 if cell != total else -1
        if any(row):
            matrix.append(row)
    # Reduced row echelon form; a variable is determined when a row has it alone.
    pivots: list[int] = []
    rank = 0
    for col in range(len(order)):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][col]
        matrix[rank] = [v / lead for v in matrix[rank]]
        for i in range(len(matrix)):
            if i != rank and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        pivots.append(col)
        rank += 1
    found = set()
    for i, col in enumerate(pivots):
        if all(v == 0 for j, v in enumerate(matrix[i]) if j != col):
            found.add(order[col])
    return found


def bounds(
    cells: Mapping[Cell, int], primary: set[Cell], hidden: set[Cell], high: int
) -> dict[Cell, tuple[int, int]]:
    """What a reader can narrow each hidden cell to: a "<5" lies in 1..high, an "x" above
    ``high`` (complementary cells are never zeros); each
    line's sum then tightens them. An "x" has no upper bound but what the lines give."""
    limit = 10**12
    box: dict[Cell, tuple[int, int]] = {
        cell: (1, high) if cell in primary else (high + 1, limit) for cell in hidden
    }
    stated = lines(cells)
    for _round in range(50):
        changed = False
        for members, total in stated:
            line = [*members, total]
            if not any(c in hidden for c in line):
                continue
            # members - total = 0  ->  each hidden value's range from the others'.
            for cell in line:
                if cell not in hidden:
                    continue
                sign = -1 if cell == total else 1
                lo_rest = hi_rest = 0
                for other in line:
                    if other == cell:
                        continue
                    s = -1 if other == total else 1
                    lo, hi = box[other] if other in hidden else (cells[other], cells[other])
                    lo_rest += s * (lo if s > 0 else hi)
                    hi_rest += s * (hi if s > 0 else lo)
                # sign * value = -(rest)
                lo_v, hi_v = (-hi_rest, -lo_rest) if sign > 0 else (lo_rest, hi_rest)
                old = box[cell]
                new = (max(old[0], lo_v), min(old[1], hi_v))
                if new != old and new[0] <= new[1]:
                    box[cell] = new
                    changed = True
        if not changed:
            break
    return box


def _exposed(
    cells: Mapping[Cell, int], primary: set[Cell], hidden: set[Cell], high: int
) -> set[Cell]:
    found = determined(cells, hidden)
    box = bounds(cells, primary, hidden, high)
    found |= {cell for cell, (lo, hi) in box.items() if lo >= hi}
    return found


def suppress(
    counts: Mapping[Cell, int], low: int = 1, high: int = 4, shown_as: str = "<5"
) -> dict[Cell, str]:
    """The table with margins as text, small cells suppressed [G15]."""
    cells = with_margins(counts)
    primary = {cell for cell, v in cells.items() if low <= v <= high}
    hidden = set(primary)
    stated = lines(cells)

    def candidates(line: list[Cell]) -> list[Cell]:
        # Largest shown count first; never a zero (a shown 0 says nothing about others).
        return sorted(
            (c for c in line if c not in hidden and cells[c] > 0),
            key=lambda c: (c[0] == TOTAL or c[1] == TOTAL, -cells[c], c),
        )

    for _round in range(len(cells) + 1):
        added = False
        for members, total in stated:
            line = [*members, total]
            if sum(1 for c in line if c in hidden) == 1:
                options = candidates(line)
                if options:
                    hidden.add(options[0])
                    added = True
        exposed = _exposed(cells, primary, hidden, high)
        for cell in sorted(exposed):
            touching = [[*m, t] for m, t in stated if cell in (*m, t)]
            # Its own lines first; else any line that holds a hidden cell.
            touching += [[*m, t] for m, t in stated if any(c in hidden for c in (*m, t))]
            options = [o for line in touching for o in candidates(line)[:1]]
            if options:
                hidden.add(options[0])
                added = True
        if not added:
            break
    if _exposed(cells, primary, hidden, high):
        # Nothing left to hide that would help: hide every count.
        hidden |= {cell for cell, v in cells.items() if v > 0}
    return {
        cell: (shown_as if cell in primary else HIDDEN if cell in hidden else str(v))
        for cell, v in cells.items()
    }
