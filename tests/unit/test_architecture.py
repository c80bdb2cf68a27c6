"""Keep the layers of DESIGN.md and the single write path true by reading the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports_of(folder: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[path] = names
    return found


def test_domain_is_pure() -> None:
    for path, names in imports_of("app/domain").items():
        bad = {
            n
            for n in names
            if n.split(".")[0] in {"PySide6", "sqlcipher3", "sqlite3", "httpx", "socket"}
            or n.startswith(("app.storage", "app.services", "ui"))
        }
        assert not bad, f"{path.name} imports {bad}"


def test_domain_never_imports_demo_data() -> None:
    for path, names in imports_of("app/domain").items():
        assert not {n for n in names if n.startswith("app.synthetic")}, path.name


def test_app_never_imports_ui() -> None:
    """Arrows point down only: the desktop entry point and its self-test live in ui/
    (ui/__main__.py, ui/selftest.py); app/ is importable without Qt."""
    for path, names in imports_of("app").items():
        bad = {n for n in names if n == "ui" or n.startswith(("ui.", "PySide6"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_services_hold_no_sql() -> None:
    """Storage is the one owner of tables and queries (issue 14, item 1): services call
    repositories, never the database."""
    sql = re.compile(r"\.query\(|\.execute\(|\.executemany\(|\.transaction\(\)")
    offenders = [
        path.relative_to(ROOT)
        for path in (ROOT / "app" / "services").rglob("*.py")
        if sql.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_ui_uses_services_not_storage() -> None:
    for path, names in imports_of("ui").items():
        bad = {n for n in names if n.startswith(("app.storage", "sqlcipher3", "sqlite3"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_one_write_path_for_records() -> None:
    writes = re.compile(
        r"(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(records|changes|change_log)\b", re.I
    )
    offenders = [
        path.relative_to(ROOT)
        for folder in ("app", "ui", "server")
        for path in (ROOT / folder).rglob("*.py")
        # change_log.py: migration 5 (schema 4 -> 5), run once inside unlock before any
        # other write can happen.
        if path.name not in {"records.py", "change_log.py"}
        and writes.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_sign_in_window_does_not_import_the_case_screens() -> None:
    """Start-up stays fast: the sign-in path loads neither the registration models nor
    the case, age and information screens (they load at first sign-in)."""
    import subprocess
    import sys

    code = (
        "import sys; import ui.shell, app.services.auth; "
        "print(sorted(m for m in sys.modules if m in ("
        "'app.domain.case', 'ui.main_page', 'ui.cases.page', 'ui.age.page', "
        "'ui.presenter.launcher', 'reportlab')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        cwd=ROOT,
    )
    assert result.stdout.strip() == "[]"
