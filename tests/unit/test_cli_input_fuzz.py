"""A fast run of tools/fuzz_inputs.py in process (issue 11, "Must show").

The script's default is 1,000 mutated CSV and 1,000 mutated JSON inputs; this runs 100 of
each through ``app.cli.main`` on a real vault: no traceback, no half-written import (the
case count after is the count before plus what the command said it saved), every refusal
one line on stderr, nothing raw on the terminal, every accepted input stored whole.
tests/integration/test_cli_bad_input.py runs a handful through the real program.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mutated_csv_and_json_inputs_are_taken_whole_or_refused_in_one_line(
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import fuzz_inputs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    figures = fuzz_inputs.run(csv_cases=100, json_cases=100, seed=2026, workdir=tmp_path)
    assert figures.failures == [], figures.failures[:5]
    assert (figures.csv_runs, figures.json_runs) == (100, 100)
    assert figures.tracebacks == figures.half_written == figures.not_one_line == 0
    assert figures.raw_terminal == figures.lost == 0
    # The mutations reach both ends: some inputs are taken (and checked whole), most not.
    assert figures.accepted >= 10 and figures.refused >= 100
    assert figures.cases_saved >= figures.accepted
