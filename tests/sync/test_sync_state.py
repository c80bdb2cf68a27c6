"""app/storage/sync_state.py on a real vault (migration 11): enrolment, keys, progress."""

from __future__ import annotations

import uuid

from app.services import auth
from app.storage import sync_state
from app.sync import seal
from tests.conftest import MANAGER, MANAGER_PASS


def _enrolment(vault) -> sync_state.Enrolment:  # type: ignore[no-untyped-def]
    return sync_state.Enrolment(
        server_url="http://127.0.0.1:1",
        cert_fingerprint=None,
        device_id=str(uuid.uuid4()),
        device_code="B",
        token="t" * 40,
        centre_id=str(uuid.uuid4()),
        centre_code="NRC",
        centre_name="North",
        status="active",
        local_device_id=vault.device_id,
        installation=vault.installation,
        enrolled_at="2026-11-27T10:00:00+00:00",
    )


def test_enrolment_keys_and_progress_survive_a_new_sign_in(manager, vault_dir) -> None:  # type: ignore[no-untyped-def]
    vault = manager.vault
    assert sync_state.enrolment(vault) is None
    before = vault.device_id
    enrolment = _enrolment(vault)
    keys = {
        sync_state.EXCHANGE: seal.new_exchange_key(),
        sync_state.SIGNING: seal.new_signing_key(),
    }
    sync_state.enrol(vault, enrolment, keys)
    first, second = seal.new_content_key(), seal.new_content_key()
    sync_state.store_content_key(vault, seal.key_id(first), first, current=True, at="t1")
    sync_state.store_content_key(vault, seal.key_id(second), second, current=True, at="t2")
    sync_state.store_content_key(vault, seal.key_id(first), first, current=False, at="t3")
    sync_state.update_progress(vault, {sync_state.PULL_CURSOR: 42})
    sync_state.record_result(vault, {"state": "synced", "at": "2026-11-27T10:01:00+00:00"})
    manager.close()

    again = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        vault = again.vault
        assert sync_state.enrolment(vault) == enrolment
        assert vault.device_id == enrolment.device_id != before  # the server's device id
        assert sync_state.device_key(vault, sync_state.SIGNING) == keys[sync_state.SIGNING]
        assert sync_state.content_keys(vault) == {
            seal.key_id(first): first,
            seal.key_id(second): second,
        }
        assert sync_state.current_content_key(vault) == (seal.key_id(second), second)
        assert sync_state.progress_int(vault, sync_state.PULL_CURSOR) == 42
        assert sync_state.progress(vault, sync_state.LAST_SUCCESS) == "2026-11-27T10:01:00+00:00"
        assert sync_state.last_result(vault) == {
            "state": "synced",
            "at": "2026-11-27T10:01:00+00:00",
        }
    finally:
        again.close()


def test_a_cursor_written_in_a_rolled_back_transaction_is_not_kept(manager) -> None:  # type: ignore[no-untyped-def]
    vault = manager.vault
    try:
        with vault.transaction() as conn:
            sync_state.set_progress(conn, sync_state.PULL_CURSOR, 7)
            raise RuntimeError("cut")
    except RuntimeError:
        pass
    assert sync_state.progress_int(vault, sync_state.PULL_CURSOR) == 0
