"""Issue 11, item 4: an interpreter holds no key to the children's records.

Before, every slot wrapped the database key, so an interpreter's passphrase, the folder
and a few lines of Python (``keyslots.unwrap`` then plain sqlcipher3) read and wrote every
child's record. Now an interpreter's slot wraps only their own drop key; what they record
is sealed into the vault's ``drop/`` and taken in at the next sign-in of someone who holds
the key. These tests use the raw key material, below the service layer.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import secrets
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.domain.case import Birth, CaseDraft, Names
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.domain.passphrase import normalise_passphrase
from app.domain.roles import Role
from app.errors import InvalidInput, PassphraseChangeRequired, VaultDamaged, WrongPassphrase
from app.services import auth, cases, information, maintenance, users
from app.storage import drop, keyslots
from app.storage import vault as vault_store
from tests.conftest import FAST_KDF, MANAGER, MANAGER_PASS

INTERPRETER = "Interpreter Nine"
INTERP_PASS = "violet tide crossing 23"
CANARY_GIVEN = "Zerubabelcanary"
CANARY_FAMILY = "Qoxtanarimcanary"


def _session_record() -> InformationSession:
    now = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
    return InformationSession(
        language="prs",
        screens=[
            ScreenShown(
                topic_id="welcome",
                screen_id="welcome.1",
                seconds=12.0,
                answer=ChildAnswer.UNDERSTOOD,
            )
        ],
        interpreter_name=INTERPRETER,
        interpreter_language="prs",
        notes="Asked about school.",
        started_at=now,
        ended_at=now + dt.timedelta(minutes=5),
    )


@pytest.fixture
def setting(vault_dir: Path, manager):
    row = cases.register_case(
        manager,
        CaseDraft(
            names=Names(given=CANARY_GIVEN, family=CANARY_FAMILY),
            birth=Birth(declared_age=15),
            nationalities=["AF"],
        ),
    )
    interpreter = users.add_user(
        manager, name=INTERPRETER, role=Role.INTERPRETER, passphrase=INTERP_PASS
    )
    auth.sign_out(manager)
    return vault_dir, row, interpreter.id


def _sidecar(folder: Path) -> keyslots.Sidecar:
    return keyslots.read_sidecar(folder / vault_store.SIDECAR_NAME)


def _everything_an_interpreter_can_unwrap(folder: Path) -> list[bytes]:
    """Every secret the interpreter's passphrase opens in any slot of the folder."""
    sidecar = _sidecar(folder)
    opened = []
    for slot in sidecar.slots:
        with contextlib.suppress(WrongPassphrase, VaultDamaged):
            opened.append(sidecar.unwrap(slot, normalise_passphrase(INTERP_PASS)))
    return opened


def _opens_database(db: Path, key: bytes) -> bool:
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def test_an_interpreters_passphrase_and_the_whole_folder_open_no_childs_record(
    setting,
) -> None:
    folder, row, _ = setting
    session = auth.sign_in(folder, INTERPRETER, INTERP_PASS)
    assert session.vault is None  # the database stays closed
    information.record_session(session, _session_record(), case_number=row.case_number)
    auth.sign_out(session)

    secrets_opened = _everything_an_interpreter_can_unwrap(folder)
    assert len(secrets_opened) == 1  # their own slot, and only theirs
    databases = [p for p in folder.iterdir() if vault_store.DATABASE_PATTERN.match(p.name)]
    assert databases
    for db in databases:
        for secret in secrets_opened:
            assert not _opens_database(db, secret)
    # Nor is anything readable in the clear, anywhere in the folder.
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CANARY_GIVEN.encode() not in data and CANARY_FAMILY.encode() not in data
    # What the key does open: their own drop items, nothing else.
    items = drop.pending_items(folder)
    assert len(items) == 3  # sign-in and sign-out (for the audit), and the session
    vault_id = _sidecar(folder).vault_id
    for path in items:
        payload = drop.open_item(
            drop.read_raw(path), path, vault_id=vault_id, drop_key=secrets_opened[0]
        )
        assert CANARY_GIVEN not in json.dumps(payload)


def test_what_an_interpreter_records_joins_the_case_once_at_the_next_sign_in(setting) -> None:
    folder, row, interpreter_id = setting
    session = auth.sign_in(folder, INTERPRETER, INTERP_PASS)
    item_id = information.record_session(
        session, _session_record(), case_number=row.case_number.lower()
    )
    auth.sign_out(session)
    kept = folder.parent / "kept-item"
    shutil.copy(drop.drop_folder(folder) / f"{item_id}.sealed", kept)

    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)  # imports the drop
    try:
        assert drop.pending_items(folder) == []
        [saved] = information.sessions_for_case(manager, row.id)
        assert saved.notes == "Asked about school."
        assert maintenance.doctor(manager).healthy
        entries = manager.vault.query(
            "SELECT action, user_id FROM audit WHERE detail = ?",
            ("recorded by an interpreter's session",),
        )
        assert ("sign_in", interpreter_id) in entries and ("sign_out", interpreter_id) in entries
    finally:
        auth.sign_out(manager)
    # A crash between commit and deleting the file: the same item again is not stored twice.
    shutil.copy(kept, drop.drop_folder(folder) / f"{item_id}.sealed")
    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        assert len(information.sessions_for_case(manager, row.id)) == 1
        assert drop.pending_items(folder) == []
    finally:
        manager.close()


def test_a_forged_or_moved_drop_item_is_never_imported_and_doctor_names_it(setting) -> None:
    folder, row, interpreter_id = setting
    payload = {
        "kind": "information_session",
        "case_number": row.case_number,
        "session": json.loads(_session_record().model_dump_json()),
    }
    # Anyone who can write the folder, without the interpreter's key, in their name:
    drop.write_item(
        folder,
        vault_id=_sidecar(folder).vault_id,
        author_id=interpreter_id,
        drop_key=secrets.token_bytes(32),
        payload=payload,
    )
    # A genuine item renamed (replayed under another id):
    session = auth.sign_in(folder, INTERPRETER, INTERP_PASS)
    real = information.record_session(session, _session_record(), case_number=row.case_number)
    session.close()
    moved = drop.drop_folder(folder) / f"{real}.sealed"
    moved.rename(moved.with_name(f"{'0' * 8}-0000-4000-8000-{'0' * 12}.sealed"))

    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        assert information.sessions_for_case(manager, row.id) == []
        problems = maintenance.doctor(manager).problems
    finally:
        manager.close()
    assert any("2 file(s) in the interpreters' drop do not open" in p for p in problems)


def test_a_mistyped_case_number_is_refused_while_the_child_is_there(setting) -> None:
    folder, row, _ = setting
    session = auth.sign_in(folder, INTERPRETER, INTERP_PASS)
    try:
        before = len(drop.pending_items(folder))
        with pytest.raises(InvalidInput) as refused:
            information.record_session(session, _session_record(), case_number="NRC-2026-9999")
        assert str(refused.value) == "There is no case with this number."
        assert len(drop.pending_items(folder)) == before  # nothing sealed for a wrong number
        before = len(drop.pending_items(folder))
        information.record_session(session, _session_record(), case_number=row.case_number)
        assert len(drop.pending_items(folder)) == before + 1
    finally:
        session.close()


def test_a_temporary_passphrase_is_bound_into_the_interpreters_slot(setting) -> None:
    folder, _, interpreter_id = setting
    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    users.reset_passphrase(manager, user_name=INTERPRETER, new_passphrase="temporary 2026 words")
    manager.close()
    # Editing the flag away (and fixing the digest, which is no secret) opens nothing.
    raw = json.loads((folder / vault_store.SIDECAR_NAME).read_text())
    slot = next(s for s in raw["slots"] if s.get("user_id") == interpreter_id)
    assert slot["temporary"] is True and slot["kind"] == "interpreter"
    original = json.dumps(raw)
    slot["temporary"] = False
    parsed = keyslots.parse_sidecar(json.dumps(raw).encode(), path="x")
    assert parsed.user_slot(INTERPRETER) is None  # the digest no longer matches: damaged
    (folder / vault_store.SIDECAR_NAME).write_text(original)

    session = auth.sign_in(folder, INTERPRETER, "temporary 2026 words")
    try:
        assert session.user.must_change_passphrase
        with pytest.raises(PassphraseChangeRequired):
            information.record_session(session, _session_record(), case_number="X")
        users.change_own_passphrase(
            session, old_passphrase="temporary 2026 words", new_passphrase="my own 2026 words"
        )
        assert not session.user.must_change_passphrase
    finally:
        auth.sign_out(session)
    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)  # the change reaches the account
    try:
        [account] = [u for u in users.list_users(manager) if u.id == interpreter_id]
        assert not account.must_change_passphrase
    finally:
        manager.close()
    auth.sign_in(folder, INTERPRETER, "my own 2026 words").close()


def test_an_interpreter_slot_from_before_stops_holding_the_database_key(setting) -> None:
    """Vaults made before this change: the interpreter's format-1 slot wraps the
    database key. Their next sign-in replaces it and goes on without the database."""
    folder, _, interpreter_id = setting
    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    db_key = bytes(manager.vault._key)
    manager.close()
    raw = json.loads((folder / vault_store.SIDECAR_NAME).read_text())
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = FAST_KDF.derive(normalise_passphrase(INTERP_PASS), salt)
    aad = f"{keyslots.FORMAT}/{raw['vault_id']}/{interpreter_id}/user".encode()
    legacy = {
        "slot_id": interpreter_id,
        "kind": "user",
        "user_id": interpreter_id,
        "user_name": INTERPRETER,
        "role": "interpreter",
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "wrapped": base64.b64encode(AESGCM(kek).encrypt(nonce, db_key, aad)).decode(),
        "kdf": {"memory_kib": 1024, "iterations": 1, "lanes": 1},
        "v": 1,
    }
    raw["slots"] = [s for s in raw["slots"] if s.get("user_id") != interpreter_id] + [legacy]
    (folder / vault_store.SIDECAR_NAME).write_text(json.dumps(raw))
    assert db_key in _everything_an_interpreter_can_unwrap(folder)  # the old hole

    session = auth.sign_in(folder, INTERPRETER, INTERP_PASS)
    assert session.vault is None
    session.close()
    assert db_key not in _everything_an_interpreter_can_unwrap(folder)
    assert _sidecar(folder).user_slot(INTERPRETER).kind == "interpreter"
