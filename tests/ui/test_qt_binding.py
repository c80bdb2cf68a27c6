"""Guard against the Qt binding bug that aborts CPython 3.11 (PySide6 6.12.0).

Each void Qt call in that release dropped a reference to ``None``; after a few
thousand calls the interpreter died with "none_dealloc". pyproject excludes it; this
test fails if a future release brings the bug back.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(30000):
    label.setText("x")
    app.processEvents()
print(sys.getrefcount(None) - before)
"""


@pytest.mark.gui
def test_void_qt_calls_keep_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 1000
