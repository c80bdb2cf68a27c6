"""Shared fixtures: every test gets its own real SQLCipher vault in tmp_path.

A template vault is built once per session and copied per test (fast). Vaults made for
tests use a cheap Argon2id cost (``FAST_KDF``): the crypto path is the same, only the
work factor is lower. The real default is checked in tests/unit/test_keyslots.py and
measured by ``python -m bench unlock``.
"""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.keyslots import KdfParams

GC_THRESHOLDS = gc.get_threshold()


def pytest_configure(config: pytest.Config) -> None:
    """Python's cycle collector never runs on a worker thread here, as in the app
    (ui/gc_guard.py): a collection on a worker that frees a widget hung a CI run. It is
    switched off for the session and run on the main thread between tests instead, and by
    the GUI-thread timer while a Qt test waits (tests/ui/conftest.py)."""
    gc.disable()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    from ui.gc_guard import collect_by_thresholds

    gc.disable()  # whatever a test or library switched on
    collect_by_thresholds(GC_THRESHOLDS)


FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
MANAGER = "Manager One"
MANAGER_PASS = "anchor lighthouse 42 tide"
ORGANISATION = "Synthetic Aid Org"
CENTRE = "North Reception Centre"


# The test machine is one installation: every test's home holds the same installation
# id (app/storage/installation.py), so a vault copied from the template is "this laptop".
# A test that wants another laptop points HARBOUR_HOME elsewhere.
INSTALLATION_ID = str(uuid.uuid4())


def give_installation_id(home: Path) -> None:
    from app.config import make_private_dir

    make_private_dir(home / "data")
    (home / "data" / "installation-id").write_text(INSTALLATION_ID + "\n", "ascii")


@pytest.fixture(autouse=True)
def _harbour_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings, data and logs of every test inside its tmp_path."""
    monkeypatch.setenv("HARBOUR_HOME", str(tmp_path / "home"))
    give_installation_id(tmp_path / "home")
    for name in ("HARBOUR_PASSPHRASE", "HARBOUR_NEW_PASSPHRASE", "HARBOUR_RECOVERY_CODE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from app.services import setup

    folder = tmp_path_factory.mktemp("template") / "vault"
    home = folder.parent / "home"
    give_installation_id(home)
    before = os.environ.get("HARBOUR_HOME")
    os.environ["HARBOUR_HOME"] = str(home)
    try:
        session, code = _create_template(setup, folder)
    finally:
        if before is None:
            os.environ.pop("HARBOUR_HOME", None)
        else:
            os.environ["HARBOUR_HOME"] = before
    session.close()
    return folder, code


def _create_template(setup, folder: Path):
    return setup.create_vault(
        folder,
        organisation=ORGANISATION,
        centre=CENTRE,
        user_name=MANAGER,
        passphrase=MANAGER_PASS,
        kdf=FAST_KDF,
    )


@pytest.fixture
def vault_dir(tmp_path: Path, template_vault: tuple[Path, str]) -> Path:
    """A fresh copy of the template vault (closed); sign in as MANAGER/MANAGER_PASS."""
    target = tmp_path / "vault"
    shutil.copytree(template_vault[0], target)
    return target


@pytest.fixture
def recovery_code(template_vault: tuple[Path, str]) -> str:
    return template_vault[1]


@pytest.fixture
def manager(vault_dir: Path) -> Iterator:
    from app.services import auth

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    yield session
    session.close()


@pytest.fixture(scope="session")
def pg() -> Iterator:
    """One throwaway PostgreSQL 16 for the whole run (tests/server and tests/sync): each
    test or module makes a database of its own on it (tests/server/harness.py)."""
    import atexit
    import contextlib
    import tempfile

    from tests.server.harness import postgres_server
    from tests.tmpfs import scratch

    # Not under pytest's temporary folder: another pytest run on this machine sets
    # /tmp/pytest-of-<user> back to 0700, which locks out postgres's own system user. On
    # tmpfs where there is one (tests/tmpfs.py): initdb and every commit fsync.
    folder = scratch(Path(tempfile.gettempdir()), prefix="harbour-pg-")
    # pgserver's exit handler (registered later, so run earlier) leaves a lock folder in
    # it (XDG_RUNTIME_DIR, tests/server/harness.py): removed after that at exit.
    atexit.register(shutil.rmtree, folder, True)
    try:
        srv = postgres_server(folder / "data")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    yield srv
    from pgserver._commands import pg_ctl  # imported by postgres_server (its environment)

    # A throwaway cluster: stopped at once, without the shutdown checkpoint of pg_ctl's
    # default (fast) mode, which took 6-18 s at the end of a run.
    with contextlib.suppress(Exception):  # else cleanup() below stops it the slow way
        pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=srv.pgdata, user=srv.system_user)
    srv.cleanup()
    shutil.rmtree(folder, ignore_errors=True)
