"""The sync status and the background runner without a server: offline with a retry time
that backs off, paused while locked, never "synced" while changes wait."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import uuid

import pytest

from app.domain.case import Birth, CaseDraft, Names
from app.services import cases, sync
from app.storage import sync_state
from app.sync import seal


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def enrolled(manager):  # type: ignore[no-untyped-def]
    vault = manager.vault
    sync_state.enrol(
        vault,
        sync_state.Enrolment(
            server_url=f"http://127.0.0.1:{_closed_port()}",
            cert_fingerprint=None,
            device_id=str(uuid.uuid4()),
            device_code="C",
            token="t" * 40,
            centre_id=str(uuid.uuid4()),
            centre_code="NRC",
            centre_name="North",
            status="active",
            local_device_id=vault.device_id,
            installation=vault.installation,
            enrolled_at="2026-11-27T10:00:00+00:00",
        ),
        {sync_state.EXCHANGE: seal.new_exchange_key(), sync_state.SIGNING: seal.new_signing_key()},
    )
    key = seal.new_content_key()
    sync_state.store_content_key(vault, seal.key_id(key), key, current=True, at="t")
    return manager


def test_offline_then_backoff_and_pending_never_synced(enrolled) -> None:  # type: ignore[no-untyped-def]
    session = enrolled
    row = cases.register_case(
        session, CaseDraft(names=Names(given="Rahel"), birth=Birth(declared_age=16))
    )
    assert row.case_number.startswith("NRC-") and "-C-0001" in row.case_number
    current = sync.status(session.vault)
    assert current.state == "pending" and current.pending > 0
    with pytest.raises(sync.SyncError, match="could not be reached"):
        sync.sync_now(session)
    first = sync.status(session.vault)
    assert first.state == "offline" and first.reason and first.next_retry
    with pytest.raises(sync.SyncError):
        sync.sync_now(session)
    second = sync.status(session.vault)
    wait_1 = dt.datetime.fromisoformat(first.next_retry) - dt.datetime.now(dt.UTC)
    wait_2 = dt.datetime.fromisoformat(second.next_retry) - dt.datetime.now(dt.UTC)
    assert wait_2 > wait_1  # 30 s, then 60 s
    assert second.state != "synced" and second.pending == current.pending


def test_the_runner_works_off_the_gui_thread_and_pauses_while_locked(enrolled) -> None:  # type: ignore[no-untyped-def]
    session = enrolled
    seen: list[tuple[str, str]] = []
    done = threading.Event()
    locked = {"now": False}

    def on_status(status: sync.SyncStatus) -> None:
        seen.append((status.state, threading.current_thread().name))
        done.set()

    runner = sync.SyncRunner(
        lambda: None if locked["now"] else session, on_status=on_status, interval=0.05
    )
    runner.start()
    try:
        assert done.wait(10)
        assert seen[0][0] == "offline"  # then waits 30 s before the next attempt
        locked["now"] = True
        seen.clear()
        done.clear()
        runner.sync_soon()
        assert done.wait(10)
    finally:
        runner.stop()
    assert all(name == "harbour-sync" for _, name in seen)
    assert seen[-1][0] == "paused"
