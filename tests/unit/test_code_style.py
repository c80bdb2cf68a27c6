"""The code is clean by the project's own ruff settings (pyproject.toml [tool.ruff]).

Run inside the suite so that `.ci/run`, which is only the README's test command, fails on
unclean code. The ruff version comes from the lock file, so every machine judges alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ruff_check_finds_nothing() -> None:
    result = ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
