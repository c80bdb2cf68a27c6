"""Vault, key slots and write path against real SQLCipher files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession, Role
from app.errors import (
    ForeignFile,
    PermissionDenied,
    UnknownUser,
    VaultBusy,
    VaultNotFound,
    WrongPassphrase,
)
from app.services import auth, cases, maintenance, users
from app.storage import vault as vault_store
from app.storage.migrations import LATEST
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS

CANARY_GIVEN = "Zerabruk-Canary"
CANARY_ARABIC = "كناري-زهرة"
OFFICER_PASS = "blue harbour morning 7"
INTERP_PASS = "green river evening 9"


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {
        p.name: (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
    }


def add_case(session, given: str = CANARY_GIVEN, arabic: str = CANARY_ARABIC) -> str:
    draft = CaseDraft(
        names=Names(given=arabic, given_latin=given, aliases=[f"{given} Alias"]),
        birth=Birth(declared_age=15),
    )
    return cases.register_case(session, draft).id


def test_no_personal_string_in_any_file(vault_dir: Path, manager) -> None:
    for i in range(30):
        add_case(manager, f"{CANARY_GIVEN}{i}")
    needles = [
        s.encode(enc)
        for s in (CANARY_GIVEN, CANARY_ARABIC)
        for enc in ("utf-8", "utf-16-le", "utf-16-be")
    ]

    def scan() -> list[str]:
        files = [p for p in vault_dir.iterdir() if p.is_file()]
        for path in files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"plaintext found in {path.name}"
        return [p.name for p in files]

    scan()  # while open
    # Inside a write: the rollback journal holds the pages as they were (names included).
    conn = manager.vault.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE case_index SET display_name = display_name || '.'")
        assert any(name.endswith("-journal") for name in scan())
    finally:
        conn.execute("ROLLBACK")
    manager.close()
    scan()


def test_plain_sqlite_cannot_read(vault_dir: Path, manager) -> None:
    db_path = manager.vault.database_path
    manager.close()
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_passphrase_changes_nothing(vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    with pytest.raises(WrongPassphrase) as info:
        auth.sign_in(vault_dir, MANAGER, "not the passphrase at all")
    assert str(info.value) == "The passphrase is not correct."
    assert snapshot(vault_dir) == before


def test_missing_or_foreign_vault(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(VaultNotFound):
        auth.sign_in(missing, MANAGER, MANAGER_PASS)
    assert not missing.exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "harbour.keys").write_bytes(b"\x00\xffnot json at all")
    before = snapshot(foreign)
    with pytest.raises(ForeignFile):
        auth.sign_in(foreign, MANAGER, MANAGER_PASS)
    assert snapshot(foreign) == before


def test_second_process_lock_is_refused(vault_dir: Path, manager) -> None:
    # flock conflicts between two open file descriptions even inside one process.
    with pytest.raises(VaultBusy):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    manager.close()
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()


def test_users_slots_lifecycle(vault_dir: Path, manager, recovery_code: str) -> None:
    users.add_user(manager, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    users.add_user(
        manager,
        name="Assessor Three",
        role=Role.ASSESSOR,
        profession=Profession.PAEDIATRICIAN,
        passphrase="quiet forest 12 stones",
    )
    manager.close()

    # Two users each unlock with their own passphrase (names are case-insensitive).
    auth.sign_in(vault_dir, "officer two", OFFICER_PASS).close()
    with pytest.raises(WrongPassphrase):
        auth.sign_in(vault_dir, "Officer Two", MANAGER_PASS)

    # A changed passphrase works and the old one fails.
    officer = auth.sign_in(vault_dir, "Officer Two", OFFICER_PASS)
    users.change_own_passphrase(
        officer, old_passphrase=OFFICER_PASS, new_passphrase="new tide 2026 rising"
    )
    officer.close()
    with pytest.raises(WrongPassphrase):
        auth.sign_in(vault_dir, "Officer Two", OFFICER_PASS)
    auth.sign_in(vault_dir, "Officer Two", "new tide 2026 rising").close()

    # A removed user fails; the others still open.
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    users.remove_user(session, user_name="Officer Two")
    session.close()
    with pytest.raises(UnknownUser):
        auth.sign_in(vault_dir, "Officer Two", "new tide 2026 rising")
    auth.sign_in(vault_dir, "Assessor Three", "quiet forest 12 stones").close()
    assert [n for n, _ in users.sign_in_names(vault_dir)] == ["Assessor Three", MANAGER]

    # The recovery code unlocks (in any case, with spaces instead of dashes).
    messy = recovery_code.lower().replace("-", " ")
    session, new_code = auth.recover(
        vault_dir, messy, manager_name=MANAGER, new_passphrase="recovered harbour 77 lights"
    )
    session.close()
    assert new_code != recovery_code
    with pytest.raises(WrongPassphrase):
        vault_store.unlock_with_recovery(vault_dir, recovery_code)
    auth.sign_in(vault_dir, MANAGER, "recovered harbour 77 lights").close()


def test_rekey_retires_old_key(vault_dir: Path, manager) -> None:
    case_id = add_case(manager)
    users.add_user(manager, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    old_key = bytes(manager.vault._key)
    old_db = manager.vault.database_path
    maintenance.rekey(manager, passphrase=MANAGER_PASS)
    new_db = manager.vault.database_path
    assert new_db != old_db and not old_db.exists()
    assert maintenance.users_without_slot(manager) == ["Officer Two"]
    manager.close()

    conn = sqlcipher3.connect(str(new_db))
    conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert cases.read_case(session, case_id).fields["names"]["given"] == CANARY_ARABIC
    assert maintenance.doctor(session).healthy
    with pytest.raises(UnknownUser):
        auth.sign_in(vault_dir, "Officer Two", OFFICER_PASS)
    users.reset_passphrase(session, user_name="Officer Two", new_passphrase="temp passphrase 123")
    session.close()
    officer = auth.sign_in(vault_dir, "Officer Two", "temp passphrase 123")
    assert officer.user.must_change_passphrase
    officer.close()


def test_rekey_failing_while_wrapping_leaves_the_vault_as_it_was(
    vault_dir: Path, manager, monkeypatch
) -> None:
    """Argon2id can fail (256 MiB not available, an interrupt). The vault must carry on
    with the old key and sidecar: a half-switched one made the next slot change write a
    sidecar with a single slot, pointing at the stale copy (the manager locked out, and
    the database with every later write deleted at the next opening)."""
    from app.storage import keyslots

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    files = sorted(p.name for p in vault_dir.iterdir())
    with monkeypatch.context() as patch:
        patch.setattr(keyslots, "wrap", out_of_memory)
        with pytest.raises(MemoryError):
            maintenance.rekey(manager, passphrase=MANAGER_PASS)
    assert sorted(p.name for p in vault_dir.iterdir()) == files
    case_id = add_case(manager)
    users.add_user(manager, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    manager.close()

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert cases.read_case(session, case_id) is not None
    assert maintenance.doctor(session).healthy
    session.close()


def test_interpreter_cannot_read_a_case(vault_dir: Path, manager) -> None:
    case_id = add_case(manager)
    users.add_user(manager, name="Interpreter Four", role=Role.INTERPRETER, passphrase=INTERP_PASS)
    manager.close()
    interpreter = auth.sign_in(vault_dir, "Interpreter Four", INTERP_PASS)
    with pytest.raises(PermissionDenied) as info:
        cases.read_case(interpreter, case_id)
    assert "interpreter" in str(info.value)
    with pytest.raises(PermissionDenied):
        users.list_users(interpreter)
    with pytest.raises(PermissionDenied):
        maintenance.doctor(interpreter)
    interpreter.close()


def test_write_path_logs_every_field(manager) -> None:
    records = Records(manager.vault)
    case_id = add_case(manager)
    before = records.get(case_id).fields
    changed = records.update(
        case_id, {"status": "missing", "birth": before["birth"]}, user_id=manager.user.id
    )
    assert changed == {"status": "missing"}  # an unchanged field is not a change
    records.delete(case_id, user_id=manager.user.id)
    history = records.history(case_id)
    # The creation is one change of the whole record (path ""), then one per path.
    assert [c.path for c in history] == ["", "status", "_deleted"]
    assert history[0].value == before and history[0].base is None
    assert history[1].value == "missing"
    assert history[1].base == history[0].seq  # the status it replaced came with the record
    assert all(
        c.user_id == manager.user.id and c.device_id == manager.vault.device_id for c in history
    )
    hlcs = [c.hlc for c in history]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    device_seqs = [c.device_seq for c in history]
    assert device_seqs == sorted(device_seqs) and len(set(device_seqs)) == 3
    assert records.get(case_id).deleted
    actions = [
        r[0]
        for r in manager.vault.query(
            "SELECT action FROM audit WHERE record_id = ? ORDER BY seq", (case_id,)
        )
    ]
    assert actions == ["create", "change", "delete"]
    assert (
        manager.vault.query("SELECT count(*) FROM case_index WHERE record_id = ?", (case_id,))[0][0]
        == 0
    )


def test_failed_write_leaves_nothing(manager) -> None:
    records = Records(manager.vault)
    before = manager.vault.query("SELECT count(*) FROM change_log")[0][0]
    with pytest.raises(TypeError):  # not JSON-serialisable: fails inside the transaction
        records.insert(cases.CASE_KIND, {"bad": object()}, user_id=manager.user.id)
    assert manager.vault.query("SELECT count(*) FROM change_log")[0][0] == before
    assert records.count(cases.CASE_KIND) == 0


def test_audit_log_is_append_only_and_chained(manager) -> None:
    add_case(manager)
    with pytest.raises(sqlcipher3.DatabaseError), manager.vault.transaction() as conn:
        conn.execute("UPDATE audit SET detail = 'x' WHERE seq = 2")
    assert maintenance.doctor(manager).healthy
    with manager.vault.transaction() as conn:
        conn.execute("DROP TRIGGER audit_append_only_update")
        conn.execute("UPDATE audit SET detail = 'edited' WHERE seq = 3")
    report = maintenance.doctor(manager)
    assert not report.healthy
    assert report.problems == [report.problems[0]]
    assert report.problems[0].startswith("audit entry #3 ")


def test_migrations_ran(manager) -> None:
    assert manager.vault.query("PRAGMA user_version")[0][0] == LATEST
    # A rollback journal (issue 11, finding 5): a commit is in the database file itself.
    assert manager.vault.query("PRAGMA journal_mode")[0][0] == "delete"
    assert manager.vault.query("PRAGMA synchronous")[0][0] == 3  # EXTRA
    assert manager.vault.query("PRAGMA temp_store")[0][0] == 2  # MEMORY


def test_sign_in_throttle_slows_guessing(vault_dir: Path) -> None:
    now = [1000.0]
    throttle = auth.SignInThrottle(clock=lambda: now[0])
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            auth.sign_in(vault_dir, MANAGER, "wrong wrong wrong", throttle=throttle)
    from app.errors import TooManyAttempts

    with pytest.raises(TooManyAttempts):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS, throttle=throttle)
    now[0] += 1.5
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS, throttle=throttle)
    failed = session.vault.query("SELECT detail FROM audit WHERE action = 'failed_sign_in'")
    assert failed == [("3 wrong passphrase(s) on this computer",)]
    assert throttle.remaining_seconds(MANAGER) == 0
    session.close()
