"""The sync server under test: a real `harbour serve` process per store (SQLite file and a
throwaway PostgreSQL: the session's ``pg`` in tests/conftest.py), shared by a module's
tests; each test works in a centre of its own, so that the server's centre scoping keeps
tests apart."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from server.store import Store
from tests.server.harness import (
    ServerProcess,
    Wire,
    harbour,
    new_database,
    start_server,
)
from tests.tmpfs import scratch, tmp_path_on_tmpfs

STORES = ["sqlite", "postgresql"]


@pytest.fixture
def tmp_path(tmp_path: Path) -> Iterator[Path]:
    """pytest's folder, on tmpfs where there is one (tests/tmpfs.py)."""
    yield from tmp_path_on_tmpfs(tmp_path)


@pytest.fixture(scope="module", params=STORES)
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        folder = scratch(tmp_path_factory.mktemp("sqlite"))  # on tmpfs: SQLite fsyncs
        yield f"sqlite:///{folder / 'server.db'}"
        shutil.rmtree(folder, ignore_errors=True)
        return
    pg = request.getfixturevalue("pg")
    yield new_database(pg, f"harbour_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="module")
def server(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    done = harbour("server", "init", "--store", store_url, env={"HARBOUR_HOME": str(folder)})
    assert done.returncode == 0, done.stderr
    process = start_server(store_url, folder / "server.log")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def admin(server: ServerProcess) -> Iterator[Store]:
    """The store as the admin commands see it (same database as the running server)."""
    store = Store(server.store)
    yield store
    store.close()


@dataclass
class Centre:
    code: str
    id: str
    admin: Store
    wire: Wire

    def code_for(self, *, manager: bool = False, now: datetime | None = None) -> str:
        return self.admin.issue_enrol_code(self.code, manager=manager, now=now)

    def enrol(self, name: str = "Laptop", *, manager: bool = False) -> dict[str, Any]:
        response = self.wire.enrol(self.code_for(manager=manager), name)
        assert response.status_code == 201, response.text
        return dict(response.json())


def from_address(client: Wire) -> Wire:
    """Requests as if from an address of their own (forwarded by a proxy on 127.0.0.1,
    which the server trusts): the server counts failed codes and tokens per address, and
    a module's tests share one server process."""
    address = ".".join(str(b) for b in (10, *uuid.uuid4().bytes[:3]))
    client.http.headers["X-Forwarded-For"] = address
    return client


@pytest.fixture
def centre(server: ServerProcess, admin: Store) -> Iterator[Centre]:
    code = "C" + uuid.uuid4().hex[:8].upper()
    centre_id = admin.add_centre(code, f"Centre {code}", "Synthetic Aid Org")
    client = from_address(Wire(server.url))
    yield Centre(code, centre_id, admin, client)
    client.close()


@pytest.fixture
def other_centre(server: ServerProcess, admin: Store) -> Iterator[Centre]:
    code = "D" + uuid.uuid4().hex[:8].upper()
    centre_id = admin.add_centre(code, f"Centre {code}")
    client = from_address(Wire(server.url))
    yield Centre(code, centre_id, admin, client)
    client.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
