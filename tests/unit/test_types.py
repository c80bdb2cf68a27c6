"""app/ type-checks clean by the project's own mypy settings (pyproject.toml [tool.mypy]:
strict on app/domain and app/storage, the rest as annotated).

Run inside the suite, as ruff is (test_code_style.py), so that unclean types fail the
README's test command. The mypy version comes from the lock file. The cache is mypy's
own .mypy_cache (git ignores it): about 10 s from cold on this machine, 2 s when warm;
mypy checks each cached module against its source, so a stale entry cannot hide an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_nothing_in_app() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", ".mypy_cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
