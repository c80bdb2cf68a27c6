"""The dashboard draws its charts with QtCharts (ui/dashboard/charts.py): the installer
must carry the binding and the Qt libraries it links to. build_installer.spec is not
importable (PyInstaller runs it), so its string literals are read: no module it leaves out
and no file pattern it drops may name them (the installer test, which runs the bundle's
self-test with the signed-in window, proves it on a real build)."""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

SPEC = Path(__file__).resolve().parents[2] / "build_installer.spec"
# What `import PySide6.QtCharts` loads (ldd of QtCharts.abi3.so, PySide6 6.x on Linux).
CHART_FILES = [
    "PySide6/QtCharts.abi3.so",
    "PySide6/Qt/lib/libQt6Charts.so.6",
    "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "libQt6Charts.so.6",
]
# The QtOpenGL/QtOpenGLWidgets *Python bindings* are left out (8.5 MiB nobody imports:
# build_installer.spec step 13); their Qt libraries above stay, and the bundle's self-test
# draws a chart from the build (ui/selftest.py, tests/integration/test_installer.py).
CHART_MODULES = {"PySide6.QtCharts"}


def spec_strings() -> list[str]:
    tree = ast.parse(SPEC.read_text("utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_installer_leaves_out_no_qtcharts_module() -> None:
    assert not CHART_MODULES & set(spec_strings())


def test_no_dropped_file_pattern_matches_qtcharts_or_its_libraries() -> None:
    patterns = [s for s in spec_strings() if any(c in s for c in "*?[")]
    assert patterns  # the spec's drop lists were read
    hits = [(p, f) for p in patterns for f in CHART_FILES if fnmatch(f, p)]
    assert hits == []
