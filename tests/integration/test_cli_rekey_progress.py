"""Issue 12, point 15: ``harbour rekey`` shows its progress on stderr when stderr is a
terminal (the seconds the key replacement has taken so far, ``_Progress.ticking``), clears
that line when done, and prints nothing extra when stderr is piped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MANAGER
from tests.integration.helpers import assert_ok
from tests.integration.test_cli_scripts import run, run_on_terminal

pytestmark = pytest.mark.slow


def test_rekey_shows_progress_on_a_terminal_only(vault_dir: Path, tmp_path: Path) -> None:
    piped_vault = tmp_path / "piped"
    shutil.copytree(vault_dir, piped_vault)

    code, out, err = run_on_terminal("rekey", "--vault", str(vault_dir), "--as", MANAGER)
    assert code == 0, err
    assert "The vault key was replaced." in out
    assert "Replacing the vault key… 0 s" in err
    assert err.endswith("\r")  # the progress line is wiped before the result is printed
    assert "The vault key was replaced." not in err

    piped = run("rekey", "--vault", str(piped_vault), "--as", MANAGER)
    assert_ok(piped)
    assert "The vault key was replaced." in piped.stdout
    assert piped.stderr == ""
