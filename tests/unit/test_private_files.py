"""Everything Harbour keeps is private: folders 0700, files 0600 (issue 11, item 8).

The whole install is walked after a real init, sign-in and PDF in
tests/integration/test_output_files.py; here each piece, under a loose umask.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import config
from app.config import (
    AppSettings,
    make_private_dir,
    owned_folders,
    private_umask,
    save_settings,
    settings_file,
    tighten_home,
)
from app.logs import LOG_NAME, setup_logging


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_settings_file_and_its_folders_are_private() -> None:
    home = Path(os.environ["HARBOUR_HOME"])
    save_settings(AppSettings(language="fr"))
    assert mode(home) == 0o700
    assert mode(settings_file().parent) == 0o700
    assert mode(settings_file()) == 0o600
    settings_file().chmod(0o644)
    save_settings(AppSettings(language="ar"))  # replaced, not rewritten in place
    assert mode(settings_file()) == 0o600
    assert config.load_settings().language == "ar"
    assert sorted(p.name for p in settings_file().parent.iterdir()) == ["settings.json"]


def test_make_private_dir_makes_every_missing_folder_private(tmp_path: Path) -> None:
    target = make_private_dir(tmp_path / "a" / "b" / "c")
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert mode(folder) == 0o700
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    make_private_dir(loose)
    assert mode(loose) == 0o700


def test_log_files_are_private_also_after_rotation() -> None:
    folder = config.log_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    (folder / LOG_NAME).write_text("older line\n")
    (folder / LOG_NAME).chmod(0o644)
    (folder / f"{LOG_NAME}.1").write_text("older still\n")
    (folder / f"{LOG_NAME}.1").chmod(0o644)
    handler = setup_logging()
    try:
        logging.getLogger("harbour.test").info("one line")
        assert mode(folder) == 0o700
        assert mode(folder / LOG_NAME) == 0o600
        assert mode(folder / f"{LOG_NAME}.1") == 0o600
        handler.doRollover()
        logging.getLogger("harbour.test").info("after rotation")
        handler.flush()
    finally:
        logging.getLogger("harbour").removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in folder.iterdir())
    assert names == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2"]
    assert {p.name: mode(p) for p in folder.iterdir()} == dict.fromkeys(names, 0o600)


def test_an_older_home_is_tightened_and_links_are_not_followed(tmp_path: Path) -> None:
    home = Path(os.environ["HARBOUR_HOME"])
    (home / "data" / "vault" / "drop").mkdir(parents=True)
    (home / "config").mkdir()
    (home / "config" / "settings.json").write_text("{}")
    (home / "data" / "vault" / "harbour.keys").write_text("{}")
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's")
    (home / "config" / "link").symlink_to(outside)
    for path in [home, *home.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    outside.chmod(0o644)
    tighten_home()
    for path in [home, *home.rglob("*")]:
        if path.is_symlink():
            continue
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert mode(outside) == 0o644


def test_without_harbour_home_only_harbour_folders_are_owned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HARBOUR_HOME")
    folders = owned_folders()
    assert folders and all(f.name == config.APP_NAME for f in folders), folders


def test_private_umask_returns_the_old_one() -> None:
    assert private_umask() == 0o022
    assert os.umask(0o022) == 0o077


def test_the_command_line_sets_a_private_umask_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app import cli

    seen = []
    original = cli.cmd_user_list

    def spy(args):
        seen.append(os.umask(0o077))
        return original(args)

    # build_parser binds the handler when main() calls it, so the spy is what runs.
    monkeypatch.setattr(cli, "cmd_user_list", spy)
    args = ["user", "list", "--vault", str(tmp_path / "none"), "--as", "Nobody"]
    assert cli.main(args) == cli.EXIT_ERROR  # no vault there: one line, exit 1
    assert seen == [0o077]
    assert os.umask(0o022) == 0o022
