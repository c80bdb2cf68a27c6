"""The installed app can check itself: ``python -m ui --self-test``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_self_test_passes_and_leaves_nothing(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HARBOUR_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok    encrypted vault",
        "ok    translations",
        "ok    Qt and bundled fonts",
        "ok    voice",
    ]
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith("harbour-selftest-")]
    assert leftovers == []
