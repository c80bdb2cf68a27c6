"""The About box says which Harbour this is: the version from pyproject.toml (issue 18)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import MANAGER_PASS
from tests.ui.test_shell import sign_in

ROOT = Path(__file__).resolve().parents[2]


def test_the_about_box_shows_the_projects_version(qtbot, make_window, vault_dir: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    window = make_window(vault_dir)
    sign_in(qtbot, window, MANAGER_PASS)
    main = window.main_page
    main.about_action.trigger()
    qtbot.waitUntil(lambda: getattr(main, "about_box", None) is not None)
    assert version in main.about_box.text()
    assert main.about_action.text().replace("&", "").startswith("About Harbour")
