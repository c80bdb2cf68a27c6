"""The server imports nothing of the app but ``app.domain`` and ``app.sync.wire``
(DESIGN.md, docs/sync.md): it cannot reach a vault, a key or the laptop's services."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ours(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "app.sync":
                found.update(f"app.sync.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] in {"app", "ui", "server"}}


def test_the_server_imports_only_the_domain_and_the_wire_protocol() -> None:
    files = sorted((ROOT / "server").rglob("*.py"))
    assert files
    for path in files:
        bad = {
            name
            for name in _ours(path)
            if not (
                name == "app.domain"
                or name.startswith("app.domain.")
                or name == "app.sync.wire"
                or name == "server"
                or name.startswith("server.")
            )
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_wire_protocol_imports_nothing_of_ours() -> None:
    assert _ours(ROOT / "app" / "sync" / "wire.py") == set()
