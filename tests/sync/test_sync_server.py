"""Two laptops and the real sync server (`harbour serve`, SQLite and PostgreSQL stores) on
127.0.0.1: enrolment, approval, convergence, the server never holding a name, revocation,
resume."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.case import Birth, CaseDraft, Names
from app.services import auth, cases, sync
from app.storage import sync_state
from server.store import Store
from tests.conftest import MANAGER, MANAGER_PASS
from tests.server.harness import ServerProcess, new_database, start_server

pytestmark = pytest.mark.slow

CANARY = "Qwertzcanary"


@pytest.fixture(params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[ServerProcess, Store, Path]]:
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    if request.param == "postgresql":
        url = new_database(request.getfixturevalue("pg"), f"harbour_{uuid.uuid4().hex[:12]}")
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", "Synthetic Aid Org")
    process = start_server(url, tmp_path / "server" / "log.txt")
    try:
        yield process, admin, db
    finally:
        process.stop()
        admin.close()


@pytest.fixture
def laptop_b(tmp_path: Path, template_vault: tuple[Path, str]) -> Iterator:  # type: ignore[type-arg]
    folder = tmp_path / "vault_b"
    shutil.copytree(template_vault[0], folder)
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    yield session
    session.close()


def _draft(given: str, family: str = "Haddad") -> CaseDraft:
    return CaseDraft(names=Names(given=given, family=family), birth=Birth(declared_age=15))


def _names(session) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.display_name.split()[0] for row in cases.query_cases(session)}


def test_two_laptops_converge_and_the_server_never_sees_a_name(server, manager, laptop_b) -> None:  # type: ignore[no-untyped-def]
    process, admin, db = server
    a, b = manager, laptop_b
    enrolled = sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    assert enrolled.status == "active" and enrolled.centre_code == "NRC"
    pending = sync.enrol(b, process.url, admin.issue_enrol_code("NRC"))
    assert pending.status == "pending"
    assert sync.status(b.vault).state == "waiting_approval"
    with pytest.raises(sync.SyncError, match="approval"):
        sync.sync_now(b)

    # [R4] numbers allocated after enrolment carry the device code
    first = cases.register_case(a, _draft(CANARY))
    assert first.case_number.endswith(f"-{enrolled.device_code}-0001")
    assert sync.status(a.vault).state == "pending"

    rows = {d.id: d for d in sync.list_devices(a)}
    assert rows[pending.device_id].status == "pending"
    sync.approve_device(a, pending.device_id)
    assert {d.id: d.status for d in sync.list_devices(a)}[pending.device_id] == "active"

    report = sync.sync_now(a)
    assert report.pushed > 0
    assert sync.status(a.vault).state == "synced"
    sync.sync_now(b)
    assert CANARY in _names(b)
    second = cases.register_case(b, _draft("Layla", "Nasser"))
    assert second.case_number.endswith(f"-{pending.device_code}-0001")
    sync.sync_now(b)
    sync.sync_now(a)
    assert _names(a) == _names(b)
    assert {CANARY, "Layla"} <= _names(a)

    # The server's store holds sealed values only: the canary is in 0 bytes of it
    # (SQLite: the files; PostgreSQL: every column of every table, read as text).
    process.stop()
    if admin.postgres:
        with admin.engine.connect() as conn:
            tables = conn.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            dump = "".join(
                str(row)
                for table in list(tables)
                for row in conn.execute(sa.text(f'SELECT t::text FROM "{table}" AS t'))
            )
        assert dump and CANARY not in dump and "Haddad" not in dump
        return
    stored = b"".join(p.read_bytes() for p in db.parent.glob("store.db*"))
    assert CANARY.encode() not in stored and CANARY.encode("utf-16-le") not in stored
    assert b"Haddad" not in stored


def test_a_revoked_laptop_is_refused_and_the_key_rotates(server, manager, laptop_b) -> None:  # type: ignore[no-untyped-def]
    process, admin, _ = server
    a, b = manager, laptop_b
    sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    b_id = sync.enrol(b, process.url, admin.issue_enrol_code("NRC")).device_id
    sync.approve_device(a, b_id)
    before = sync_state.current_content_key(a.vault)
    sync.revoke_device(a, b_id)
    after = sync_state.current_content_key(a.vault)
    assert before is not None and after is not None and after[0] != before[0]
    with pytest.raises(sync.SyncError, match="revoked"):
        sync.sync_now(b)
    assert sync.status(b.vault).state == "revoked"
    cases.register_case(a, _draft("Amani"))
    sync.sync_now(a)  # sealed under the new key, which B never got


def test_a_cut_mid_pull_resumes_from_the_cursor_without_duplicates(
    server, manager, laptop_b, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    process, admin, _ = server
    a, b = manager, laptop_b
    sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    b_id = sync.enrol(b, process.url, admin.issue_enrol_code("NRC")).device_id
    sync.approve_device(a, b_id)
    cases.import_cases(a, [_draft(f"Child{i}") for i in range(30)])
    sync.sync_now(a)
    monkeypatch.setattr(sync, "BATCH", 10)
    from app.sync.client import Client

    real_pull = Client.pull
    calls = {"n": 0}

    def cut_after_two(self, cursor, limit=10):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            process.stop()  # the server goes away mid-pull
        return real_pull(self, cursor, limit)

    monkeypatch.setattr(Client, "pull", cut_after_two)
    with pytest.raises(sync.SyncError):
        sync.sync_now(b)
    assert sync.status(b.vault).state == "offline"
    cursor = sync_state.progress_int(b.vault, sync_state.PULL_CURSOR)
    assert cursor > 0
    got_before = len(_names(b))
    assert 0 < got_before < 30
    restarted = start_server(process.store, process.log.parent / "log2.txt")
    try:
        enrolment = sync_state.enrolment(b.vault)
        assert enrolment is not None
        sync_state.enrol(
            b.vault,
            sync_state.Enrolment(**{**enrolment.__dict__, "server_url": restarted.url}),
            {
                k: v
                for k in (sync_state.EXCHANGE, sync_state.SIGNING)
                if (v := sync_state.device_key(b.vault, k)) is not None
            },
        )
        sync_state.update_progress(b.vault, {sync_state.PULL_CURSOR: cursor})
        monkeypatch.setattr(Client, "pull", real_pull)
        sync.sync_now(b)
        assert len(_names(b)) == 30
        rows = cases.query_cases(b)
        assert len(rows) == len({r.id for r in rows}) == 30
    finally:
        restarted.stop()
