"""Issue 11, findings 2 and 3: an edited sidecar or a doubtful database file.

Finding 2: a slot's fields were not all authenticated, so pointing the interpreter's slot
at the manager's id let the interpreter's passphrase sign in as the manager, and Argon2
parameters were used as found. Finding 3: an empty or foreign database file was migrated
into and then used to delete every user's slot as "stale"; a stray ``harbour-*.db`` was
deleted at the next open.

Every test here uses the suite's cheap Argon2id cost (tests/conftest.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import shutil
import uuid
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.domain.roles import Role
from app.errors import HarbourError, UnknownUser, VaultDamaged, WrongPassphrase
from app.services import auth, maintenance, users
from app.storage import keyslots
from app.storage import vault as vault_store
from tests.conftest import FAST_KDF, MANAGER, MANAGER_PASS

INTERPRETER = "Interpreter Four"
INTERP_PASS = "green river evening 9"
OFFICER = "Officer Two"
OFFICER_PASS = "blue harbour morning 7"


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(("-wal", "-shm", ".lock"))
    }


def _sidecar_json(folder: Path) -> dict:
    return json.loads((folder / vault_store.SIDECAR_NAME).read_text())


def _write_sidecar_json(folder: Path, data: dict) -> None:
    (folder / vault_store.SIDECAR_NAME).write_text(json.dumps(data))


def _slot_ids(folder: Path) -> list[str]:
    return sorted(str(s.get("slot_id")) for s in _sidecar_json(folder)["slots"])


@pytest.fixture
def staffed(vault_dir: Path, manager) -> dict[str, str]:
    """The template vault with an interpreter and an officer; returns name -> user id."""
    interpreter = users.add_user(
        manager, name=INTERPRETER, role=Role.INTERPRETER, passphrase=INTERP_PASS
    )
    officer = users.add_user(
        manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS
    )
    ids = {MANAGER: manager.user.id, INTERPRETER: interpreter.id, OFFICER: officer.id}
    manager.close()
    return ids


# -- finding 2: impersonation and unbounded Argon2id --------------------------------------
def test_slot_pointed_at_the_manager_does_not_sign_in_as_the_manager(
    vault_dir: Path, staffed: dict[str, str]
) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        if slot.get("user_name") == INTERPRETER:
            slot["user_id"] = staffed[MANAGER]
    _write_sidecar_json(vault_dir, data)
    before = _files(vault_dir)

    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, INTERPRETER, INTERP_PASS).close()
    assert "damaged" in str(info.value) and "not correct" not in str(info.value)
    assert _files(vault_dir) == before
    # The manager's own slot still works, and the altered slot is not "cleaned up".
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    session.close()
    assert _slot_ids(vault_dir) == sorted(str(s["slot_id"]) for s in data["slots"])


@pytest.mark.parametrize(
    "edit",
    [
        {"slot_id": "manager", "user_id": "manager"},  # the whole identity, both fields
        {"role": "manager"},
        {"user_name": MANAGER},  # listed as the manager, to be used with the manager's name
    ],
)
def test_no_edit_of_a_slot_turns_the_interpreter_into_someone_else(
    vault_dir: Path, staffed: dict[str, str], edit: dict[str, str]
) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        if slot.get("user_name") == INTERPRETER:
            slot.update({k: staffed[MANAGER] if v == "manager" else v for k, v in edit.items()})
    _write_sidecar_json(vault_dir, data)
    for name in (INTERPRETER, MANAGER):
        try:
            session = auth.sign_in(vault_dir, name, INTERP_PASS)
        except HarbourError:
            continue
        session.close()
        assert session.user.id == staffed[INTERPRETER], "signed in as another user"
        pytest.fail("an altered slot opened (as its own user, but its fields were changed)")
    # The manager with the manager's passphrase is not locked out by the edit.
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()


@pytest.mark.parametrize(
    "kdf",
    [
        {"memory_kib": 64 * 1024 * 1024, "iterations": 1, "lanes": 1},  # 64 GiB
        {"memory_kib": 1024, "iterations": 10_000, "lanes": 1},
        {"memory_kib": 1024, "iterations": 1, "lanes": 255},
        {"memory_kib": 8, "iterations": 1, "lanes": 1},
        {"memory_kib": 1024, "iterations": 0, "lanes": 1},
        {"memory_kib": 1024, "iterations": True, "lanes": 1},
        {"memory_kib": "1024", "iterations": 1, "lanes": 1},
    ],
)
def test_argon2_parameters_out_of_bounds_are_refused_before_any_derivation(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch, kdf: dict
) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        slot["kdf"] = kdf
    _write_sidecar_json(vault_dir, data)
    derived: list[object] = []
    monkeypatch.setattr(
        keyslots.Argon2id, "derive", lambda self, secret: derived.append(self) or b"\0" * 32
    )
    with pytest.raises(VaultDamaged):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert derived == []


@pytest.mark.parametrize("field", ["salt", "nonce", "wrapped"])
def test_a_damaged_slot_is_reported_as_damaged_not_as_a_wrong_passphrase(
    vault_dir: Path, field: str
) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        raw = bytearray(base64.b64decode(slot[field]))
        raw[0] ^= 0x01  # one flipped bit, still valid base64 of the right length
        slot[field] = base64.b64encode(bytes(raw)).decode()
    _write_sidecar_json(vault_dir, data)
    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert "damaged" in str(info.value)


def test_the_slots_of_another_database_do_not_open_this_one(vault_dir: Path) -> None:
    """The database file name is bound into every slot: pointing the sidecar at another
    file (a copy, a stray one) is refused as damage before anything is opened."""
    data = _sidecar_json(vault_dir)
    copy = "harbour-0123456789abcdef.db"
    shutil.copy(vault_dir / data["database"], vault_dir / copy)
    data["database"] = copy
    _write_sidecar_json(vault_dir, data)
    before = _files(vault_dir)
    with pytest.raises(VaultDamaged):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert _files(vault_dir) == before


# -- finding 3: nothing destructive follows a doubtful open -------------------------------
def _assert_everyone_signs_in(folder: Path) -> None:
    for name, secret in (
        (MANAGER, MANAGER_PASS),
        (INTERPRETER, INTERP_PASS),
        (OFFICER, OFFICER_PASS),
    ):
        auth.sign_in(folder, name, secret).close()


def test_an_empty_database_file_is_never_migrated_into_nor_used_to_drop_slots(
    vault_dir: Path, staffed: dict[str, str], tmp_path: Path
) -> None:
    db = vault_dir / _sidecar_json(vault_dir)["database"]
    good = tmp_path / "good.db"
    shutil.copy(db, good)
    db.write_bytes(b"")
    slots_before = (vault_dir / vault_store.SIDECAR_NAME).read_bytes()

    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert "empty" in str(info.value)
    # An interpreter's sign-in never opens the database (they hold no key to it).
    interpreter = auth.sign_in(vault_dir, INTERPRETER, INTERP_PASS)
    assert interpreter.vault is None
    interpreter.close()
    assert db.stat().st_size == 0, "a schema was written into the empty file"
    assert (vault_dir / vault_store.SIDECAR_NAME).read_bytes() == slots_before

    shutil.copy(good, db)  # putting the good file back is all it takes
    _assert_everyone_signs_in(vault_dir)


def test_a_database_that_opens_with_the_key_but_is_not_this_vaults_is_refused(
    vault_dir: Path, staffed: dict[str, str]
) -> None:
    """Same raw key, valid schema, but no accounts and another vault id: a foreign (or
    freshly recreated) store. It must not be used to decide which slots are stale."""
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    key = bytes(session.vault._key)
    db = session.vault.database_path
    session.close()
    db.rename(db.with_suffix(".kept"))
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    vault_store._migrate(conn)
    conn.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (str(uuid.uuid4()),))
    conn.close()
    slots_before = (vault_dir / vault_store.SIDECAR_NAME).read_bytes()
    db_before = db.read_bytes()

    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, OFFICER, OFFICER_PASS)
    assert "another vault" in str(info.value)
    assert (vault_dir / vault_store.SIDECAR_NAME).read_bytes() == slots_before
    assert db.read_bytes() == db_before

    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.with_suffix(".kept").replace(db)
    _assert_everyone_signs_in(vault_dir)


def test_a_database_without_harbour_schema_is_refused(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    key = bytes(session.vault._key)
    db = session.vault.database_path
    session.close()
    db.unlink()
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("CREATE TABLE unrelated (x)")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(VaultDamaged):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert db.read_bytes() == before


def test_a_stray_database_file_in_the_folder_is_left_alone(vault_dir: Path) -> None:
    stray = vault_dir / "harbour-0123456789abcdef.db"
    stray.write_bytes(b"somebody's copy, or a file put back by hand")
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()
    assert stray.read_bytes() == b"somebody's copy, or a file put back by hand"


def test_a_slot_whose_account_the_database_does_not_know_is_kept(
    vault_dir: Path, staffed: dict[str, str]
) -> None:
    """Only accounts the database marks removed lose their slot at sign-in."""
    data = _sidecar_json(vault_dir)
    ghost = dict(next(s for s in data["slots"] if s.get("user_name") == OFFICER))
    ghost_id = str(uuid.uuid4())
    ghost.update(slot_id=ghost_id, user_id=ghost_id, user_name="Nobody Known")
    data["slots"].append(ghost)
    _write_sidecar_json(vault_dir, data)
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()
    assert ghost_id in _slot_ids(vault_dir)


def test_a_removed_accounts_slot_is_still_dropped(vault_dir: Path, staffed: dict[str, str]) -> None:
    """The cleanup the stale-slot rule exists for: a crash between marking the account
    removed and deleting its slot."""
    kept = _sidecar_json(vault_dir)
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    users.remove_user(session, user_name=OFFICER)
    session.close()
    _write_sidecar_json(vault_dir, kept)  # the slot deletion "never happened"
    assert staffed[OFFICER] in _slot_ids(vault_dir)
    with pytest.raises(UnknownUser):
        auth.sign_in(vault_dir, OFFICER, OFFICER_PASS)
    assert staffed[OFFICER] not in _slot_ids(vault_dir)


def _crash(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt  # stands in for a kill: nothing after this point runs


def test_interrupted_rekey_leftovers_are_removed_and_nothing_else(
    vault_dir: Path, staffed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stray = vault_dir / "harbour-fedcba9876543210.db"
    stray.write_bytes(b"not ours to delete")

    # 1. Killed before the commit point: the new database exists, the sidecar is old.
    # (Both patches raise, so no clean-up code after the "kill" gets to run.)
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    old_db = session.vault.database_path.name
    with monkeypatch.context() as patch:
        patch.setattr(keyslots, "write_sidecar", _crash)
        patch.setattr(vault_store, "_remove_database_files", _crash)
        with pytest.raises(KeyboardInterrupt):
            maintenance.rekey(session, passphrase=MANAGER_PASS)
    session.vault._conn.close()  # the process died: no orderly close, no checkpoint
    session.vault._conn = None
    session.vault._process_lock.release()
    leftovers = {p.name for p in vault_dir.glob("harbour-*.db")} - {old_db, stray.name}
    assert len(leftovers) == 1

    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()
    assert {p.name for p in vault_dir.glob("harbour-*.db")} == {old_db, stray.name}
    _assert_everyone_signs_in(vault_dir)

    # 2. Killed after the commit point, before the old database was deleted.
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    with monkeypatch.context() as patch:
        patch.setattr(vault_store, "_remove_database_files", _crash)
        with pytest.raises(KeyboardInterrupt):
            maintenance.rekey(session, passphrase=MANAGER_PASS)
    new_db = session.vault.database_path.name
    session.close()
    assert (vault_dir / old_db).exists()
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()
    assert {p.name for p in vault_dir.glob("harbour-*.db")} == {new_db, stray.name}
    assert stray.read_bytes() == b"not ours to delete"


# -- the format-1 sidecar keeps opening and is upgraded slot by slot ----------------------
def _v1_slot(db_key: bytes, secret: bytes, vault_id: str, kind: str, **who: str | None) -> dict:
    """A slot exactly as format 1 wrote it (associated data: vault id, slot id, kind)."""
    slot_id = who["user_id"] if kind == "user" else str(uuid.uuid4())
    salt, nonce = random.randbytes(16), random.randbytes(12)
    kek = FAST_KDF.derive(secret, salt)
    aad = f"harbour-keyslots/{vault_id}/{slot_id}/{kind}".encode()
    wrapped = AESGCM(kek).encrypt(nonce, db_key, aad)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return {
        "slot_id": slot_id,
        "kind": kind,
        "user_id": who.get("user_id"),
        "user_name": who.get("user_name"),
        "role": who.get("role"),
        "salt": b64(salt),
        "nonce": b64(nonce),
        "wrapped": b64(wrapped),
        "kdf": {"memory_kib": FAST_KDF.memory_kib, "iterations": 1, "lanes": 1},
    }


@pytest.fixture
def format_1_vault(vault_dir: Path, staffed: dict[str, str]) -> tuple[Path, str]:
    """The staffed vault with its sidecar rewritten as Harbour's format 1 wrote it."""
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    key, vault_id = bytes(session.vault._key), session.vault.sidecar.vault_id
    database = session.vault.sidecar.database
    session.close()
    code = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567"
    slots = [
        _v1_slot(
            key, secret.encode(), vault_id, "user", user_id=staffed[name], user_name=name, role=role
        )
        for name, secret, role in (
            (MANAGER, MANAGER_PASS, "manager"),
            (INTERPRETER, INTERP_PASS, "interpreter"),
            (OFFICER, OFFICER_PASS, "intake_officer"),
        )
    ]
    slots.append(_v1_slot(key, code.replace("-", "").encode(), vault_id, "recovery"))
    _write_sidecar_json(
        vault_dir,
        {
            "format": "harbour-keyslots",
            "version": 1,
            "vault_id": vault_id,
            "database": database,
            "slots": slots,
        },
    )
    return vault_dir, code


def test_format_1_vault_opens_and_each_slot_is_upgraded_at_its_users_sign_in(
    format_1_vault: tuple[Path, str],
) -> None:
    folder, _code = format_1_vault

    def versions() -> dict[str | None, int]:
        data = _sidecar_json(folder)
        assert data["version"] == keyslots.FORMAT_VERSION
        return {s["user_name"]: s.get("v", 1) for s in data["slots"]}

    auth.sign_in(folder, MANAGER, MANAGER_PASS).close()
    assert versions() == {MANAGER: 2, INTERPRETER: 1, OFFICER: 1, None: 1}
    auth.sign_in(folder, INTERPRETER, INTERP_PASS).close()
    assert versions() == {MANAGER: 2, INTERPRETER: 2, OFFICER: 1, None: 1}
    _assert_everyone_signs_in(folder)
    assert set(versions().values()) == {2, 1}  # only the recovery slot is left
    with pytest.raises(WrongPassphrase):
        auth.sign_in(folder, OFFICER, INTERP_PASS)


def test_format_1_recovery_slot_still_recovers(format_1_vault: tuple[Path, str]) -> None:
    folder, code = format_1_vault
    session, new_code = auth.recover(
        folder, code, manager_name=MANAGER, new_passphrase="recovered harbour 77 lights"
    )
    session.close()
    data = _sidecar_json(folder)
    assert {s["kind"]: s.get("v", 1) for s in data["slots"] if s["kind"] == "recovery"} == {
        "recovery": 2
    }
    vault_store.unlock_with_recovery(folder, new_code).close()


def test_format_1_slot_pointed_at_the_manager_is_refused(
    format_1_vault: tuple[Path, str], staffed: dict[str, str]
) -> None:
    """Format 1 bound the slot id (equal to the user id) but not the user id itself."""
    folder, _code = format_1_vault
    data = _sidecar_json(folder)
    for slot in data["slots"]:
        if slot["user_name"] == INTERPRETER:
            slot["user_id"] = staffed[MANAGER]
    _write_sidecar_json(folder, data)
    with pytest.raises(VaultDamaged):
        auth.sign_in(folder, INTERPRETER, INTERP_PASS).close()


def test_doctor_reports_an_altered_slot(vault_dir: Path, staffed: dict[str, str]) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        if slot.get("user_name") == OFFICER:
            slot["role"] = "manager"
    _write_sidecar_json(vault_dir, data)
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        report = maintenance.doctor(session)
    finally:
        session.close()
    assert not report.healthy
    assert any("key slot" in p for p in report.problems), report.problems


def _redigest(data: dict) -> None:
    """Recompute every format-2 slot's digest, as someone who read keyslots.py would."""
    for raw in data["slots"]:
        fields = {k: v for k, v in raw.items() if k not in ("v", "digest")}
        slot = keyslots.Slot(**{**fields, "kdf": keyslots.KdfParams(**fields["kdf"])})
        raw["digest"] = keyslots._digest(slot, data["vault_id"], data["database"])


@pytest.mark.parametrize("field", ["user_id+slot_id", "user_name", "role"])
def test_a_deliberate_edit_with_a_recomputed_digest_still_opens_nothing(
    vault_dir: Path, staffed: dict[str, str], field: str
) -> None:
    """The digest is not a secret; the associated data and the seal are what hold."""
    data = _sidecar_json(vault_dir)
    interpreter = next(s for s in data["slots"] if s.get("user_name") == INTERPRETER)
    if field == "user_id+slot_id":
        interpreter["user_id"] = interpreter["slot_id"] = staffed[MANAGER]
    elif field == "user_name":
        interpreter["user_name"] = "Interpreter Renamed"
    else:  # an interpreter's slot made to look like a manager's ordinary one
        interpreter["role"] = "manager"
        interpreter["kind"] = "user"
        interpreter.pop("temporary", None)
    _redigest(data)
    _write_sidecar_json(vault_dir, data)
    name = "Interpreter Renamed" if field == "user_name" else INTERPRETER
    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, name, INTERP_PASS)
    assert "changed after it was made" in str(info.value)

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        problems = maintenance.doctor(session).problems
    finally:
        session.close()
    assert any("changed outside Harbour" in p for p in problems), problems
    assert len(_sidecar_json(vault_dir)["slots"]) == len(data["slots"])


def test_an_add_cut_short_after_the_slot_leaves_a_slot_that_the_next_sign_in_drops(
    vault_dir: Path, manager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """add_user writes the slot, then the account. The database records the add as
    pending before the slot exists, which is what lets the orphan slot be deleted."""
    from app.storage.records import Unit

    with monkeypatch.context() as patch:
        # The account and its staff-directory entry are written in one unit (issue 16):
        # the kill lands at its first insert, after the slot.
        patch.setattr(Unit, "insert", _crash)
        with pytest.raises(KeyboardInterrupt):
            users.add_user(manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    manager.close()
    assert vault_store.read_sidecar(vault_dir).user_slot(OFFICER) is not None
    with pytest.raises(UnknownUser):
        auth.sign_in(vault_dir, OFFICER, OFFICER_PASS)
    assert vault_store.read_sidecar(vault_dir).user_slot(OFFICER) is None
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        assert maintenance.doctor(session).healthy
        assert session.vault.pending_accounts() == set()
    finally:
        session.close()


def test_a_slot_with_damaged_argon2_settings_says_so(vault_dir: Path) -> None:
    data = _sidecar_json(vault_dir)
    for slot in data["slots"]:
        slot["kdf"]["memory_kib"] = 64 * 1024 * 1024
    _write_sidecar_json(vault_dir, data)
    with pytest.raises(VaultDamaged) as info:
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert "Argon2id" in str(info.value)


def test_fuzzed_sidecars_sign_no_one_in_as_another_and_lose_nothing(tmp_path: Path) -> None:
    """A fast run of tools/fuzz_sidecar.py (the 2,000-case run is the script's default)."""
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tools"))
    try:
        import fuzz_sidecar
    finally:
        sys.path.remove(str(root / "tools"))
    figures = fuzz_sidecar.run(300, seed=2026, workdir=tmp_path)
    assert figures.clean, figures.report()
    assert figures.signed_in > 50 and figures.outcomes["VaultDamaged"] > 50, figures.report()


def test_a_rekey_from_a_library_caller_leaves_the_new_database_private(
    vault_dir: Path, manager
) -> None:
    """ATTACH made the rekeyed copy 0644 less the umask; only the CLI's umask hid it."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        maintenance.rekey(manager, passphrase=MANAGER_PASS)
    finally:
        os.umask(old)
    path = manager.vault.database_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
