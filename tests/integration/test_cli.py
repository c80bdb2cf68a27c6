"""The ``harbour`` admin CLI run as a real process against real vault folders."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlcipher3

from app.cli import build_parser
from app.errors import UnknownUser, WrongPassphrase
from app.services import auth
from app.storage import keyslots
from app.storage import vault as vault_store
from app.storage.filelock import ProcessLock
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import (
    RECOVERY_CODE_PATTERN,
    assert_ok,
    assert_one_line_error,
    harbour,
    snapshot,
)

pytestmark = pytest.mark.slow

OFFICER = "Officer Bea"
OFFICER_PASS = "yellow kite across 31 dunes"
OFFICER_NEW = "silent orchard under 58 stars"
SECOND_MANAGER = "Manager Two"
SECOND_PASS = "granite bridge over 64 rivers"
TEMP_PASS = "copper lantern beside 19 wells"


def _codes(text: str) -> list[str]:
    return re.findall(rf"^\s*({RECOVERY_CODE_PATTERN})\s*$", text, flags=re.MULTILINE)


def _add(vault: Path, name: str, role: str, passphrase: str, *extra: str) -> None:
    assert_ok(
        harbour(
            "user",
            "add",
            "--vault",
            str(vault),
            "--as",
            MANAGER,
            "--user",
            name,
            "--role",
            role,
            *extra,
            passphrase=MANAGER_PASS,
            new_passphrase=passphrase,
        )
    )


def _raw_key(vault: Path) -> tuple[bytes, Path]:
    """The database's raw key and path, read by signing in as the manager in-process."""
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        return bytes(session.vault._key), session.vault.database_path
    finally:
        session.close()


def _raw_connect(db: Path, key: bytes) -> sqlcipher3.Connection:
    assert db.is_file(), db
    conn = sqlcipher3.connect(f"file:{db}?mode=rw", uri=True, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


# -- init ---------------------------------------------------------------------------------
def test_init_with_default_cost_prints_grouped_recovery_code(tmp_path: Path) -> None:
    folder = tmp_path / "centre-vault"
    result = harbour(
        "init",
        "--vault",
        str(folder),
        "--organisation",
        "Synthetic Aid Org",
        "--centre",
        "South Reception Centre",
        "--user",
        MANAGER,
        passphrase=MANAGER_PASS,
    )
    assert_ok(result)
    codes = _codes(result.stdout)
    assert len(codes) == 1, result.stdout
    assert [len(g) for g in codes[0].split("-")] == [5] * 6
    sidecar = vault_store.read_sidecar(folder)
    assert {s.kdf for s in sidecar.slots} == {keyslots.DEFAULT_KDF}
    assert [s.user_name for s in sidecar.slots if s.kind == "user"] == [MANAGER]

    assert_ok(harbour("doctor", "--vault", str(folder), "--as", MANAGER, passphrase=MANAGER_PASS))
    before = snapshot(folder)
    again = harbour(
        "init",
        "--vault",
        str(folder),
        "--organisation",
        "X Org",
        "--centre",
        "Y Centre",
        "--user",
        "Other Person",
        passphrase=TEMP_PASS,
    )
    assert "already exists" in assert_one_line_error(again)
    assert snapshot(folder) == before


# -- users --------------------------------------------------------------------------------
def test_user_add_each_role_and_list(vault_dir: Path) -> None:
    added = {
        SECOND_MANAGER: ("manager", SECOND_PASS, ()),
        OFFICER: ("intake_officer", OFFICER_PASS, ()),
        "Assessor Cal": (
            "assessor",
            "violet meadow near 27 hills",
            ("--profession", "psychologist"),
        ),
        "Interpreter Dee": ("interpreter", "amber harbour past 83 gulls", ()),
    }
    for name, (role, secret, extra) in added.items():
        _add(vault_dir, name, role, secret, *extra)

    missing_profession = harbour(
        "user",
        "add",
        "--vault",
        str(vault_dir),
        "--as",
        MANAGER,
        "--user",
        "Assessor Eve",
        "--role",
        "assessor",
        passphrase=MANAGER_PASS,
        new_passphrase=TEMP_PASS,
    )
    assert "profession" in assert_one_line_error(missing_profession)
    duplicate = harbour(
        "user",
        "add",
        "--vault",
        str(vault_dir),
        "--as",
        MANAGER,
        "--user",
        OFFICER,
        "--role",
        "interpreter",
        passphrase=MANAGER_PASS,
        new_passphrase=TEMP_PASS,
    )
    assert "already exists" in assert_one_line_error(duplicate)

    listing = harbour(
        "user", "list", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS
    )
    assert_ok(listing)
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in listing.stdout.splitlines()}
    assert rows == {
        MANAGER: ["manager", "-", "active"],
        SECOND_MANAGER: ["manager", "-", "active"],
        OFFICER: ["intake_officer", "-", "active"],
        "Assessor Cal": ["assessor", "psychologist", "active"],
        "Interpreter Dee": ["interpreter", "-", "active"],
    }
    for name, (role, secret, _extra) in added.items():
        session = auth.sign_in(vault_dir, name, secret)
        assert session.user.role.value == role
        session.close()

    # Only managers manage users or check the vault: refused in one line.
    refused = harbour(
        "user",
        "list",
        "--vault",
        str(vault_dir),
        "--as",
        "Interpreter Dee",
        passphrase="amber harbour past 83 gulls",
    )
    assert "interpreter" in assert_one_line_error(refused)
    refused = harbour("doctor", "--vault", str(vault_dir), "--as", OFFICER, passphrase=OFFICER_PASS)
    assert_one_line_error(refused)
    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", SECOND_MANAGER, passphrase=SECOND_PASS)
    )


def test_user_passwd_own_change_and_manager_reset(vault_dir: Path) -> None:
    _add(vault_dir, OFFICER, "intake_officer", OFFICER_PASS)

    assert_ok(
        harbour(
            "user",
            "passwd",
            "--vault",
            str(vault_dir),
            "--user",
            OFFICER,
            passphrase=OFFICER_PASS,
            new_passphrase=OFFICER_NEW,
        )
    )
    with pytest.raises(WrongPassphrase):
        auth.sign_in(vault_dir, OFFICER, OFFICER_PASS)
    auth.sign_in(vault_dir, OFFICER, OFFICER_NEW).close()
    old = harbour(
        "user",
        "passwd",
        "--vault",
        str(vault_dir),
        "--user",
        OFFICER,
        passphrase=OFFICER_PASS,
        new_passphrase=TEMP_PASS,
    )
    assert "not correct" in assert_one_line_error(old)

    assert_ok(
        harbour(
            "user",
            "passwd",
            "--vault",
            str(vault_dir),
            "--user",
            OFFICER,
            "--as",
            MANAGER,
            passphrase=MANAGER_PASS,
            new_passphrase=TEMP_PASS,
        )
    )
    with pytest.raises(WrongPassphrase):
        auth.sign_in(vault_dir, OFFICER, OFFICER_NEW)
    session = auth.sign_in(vault_dir, OFFICER, TEMP_PASS)
    assert session.user.must_change_passphrase
    session.close()
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()  # the manager's own slot untouched

    # A non-manager cannot reset someone else's passphrase.
    refused = harbour(
        "user",
        "passwd",
        "--vault",
        str(vault_dir),
        "--user",
        MANAGER,
        "--as",
        OFFICER,
        passphrase=TEMP_PASS,
        new_passphrase=OFFICER_NEW,
    )
    assert_one_line_error(refused)
    auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()


def test_user_remove(vault_dir: Path) -> None:
    _add(vault_dir, SECOND_MANAGER, "manager", SECOND_PASS)
    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", SECOND_MANAGER, passphrase=SECOND_PASS)
    )

    assert_ok(
        harbour(
            "user",
            "remove",
            "--vault",
            str(vault_dir),
            "--as",
            MANAGER,
            "--user",
            SECOND_MANAGER,
            passphrase=MANAGER_PASS,
        )
    )
    gone = harbour(
        "doctor", "--vault", str(vault_dir), "--as", SECOND_MANAGER, passphrase=SECOND_PASS
    )
    assert SECOND_MANAGER in assert_one_line_error(gone)
    assert vault_store.read_sidecar(vault_dir).user_slot(SECOND_MANAGER) is None
    with pytest.raises(UnknownUser):
        auth.sign_in(vault_dir, SECOND_MANAGER, SECOND_PASS)

    listing = harbour(
        "user", "list", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS
    )
    assert_ok(listing)
    assert f"{SECOND_MANAGER}\tmanager\t-\tremoved" in listing.stdout.splitlines()

    self_removal = harbour(
        "user",
        "remove",
        "--vault",
        str(vault_dir),
        "--as",
        MANAGER,
        "--user",
        MANAGER,
        passphrase=MANAGER_PASS,
    )
    assert_one_line_error(self_removal)
    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    )


# -- doctor -------------------------------------------------------------------------------
def test_doctor_names_the_first_edited_audit_entry(vault_dir: Path) -> None:
    healthy = harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    assert_ok(healthy)
    assert "healthy" in healthy.stdout

    key, db = _raw_key(vault_dir)
    conn = _raw_connect(db, key)
    try:
        assert conn.execute("SELECT detail FROM audit WHERE seq = 3").fetchone()[0] != "x"
        conn.execute("DROP TRIGGER audit_append_only_update")
        conn.execute("UPDATE audit SET detail = 'x' WHERE seq = 3")
        assert conn.total_changes == 1
    finally:
        conn.close()

    broken = harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    line = assert_one_line_error(broken)
    assert "audit entry #3" in line
    assert "#4" not in line and "#5" not in line


# -- rekey and recovery -------------------------------------------------------------------
def test_rekey_retires_the_old_key_slots_and_recovery_code(
    vault_dir: Path, recovery_code: str
) -> None:
    _add(vault_dir, OFFICER, "intake_officer", OFFICER_PASS)
    old_key, old_db = _raw_key(vault_dir)

    result = harbour("rekey", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    assert_ok(result)
    codes = _codes(result.stdout)
    assert len(codes) == 1 and codes[0] != recovery_code, result.stdout
    new_code = codes[0]
    waiting = [line for line in result.stdout.splitlines() if "new temporary passphrase" in line]
    assert len(waiting) == 1 and OFFICER in waiting[0] and MANAGER not in waiting[0]

    # The old database file is gone; the new one does not open with the old raw key.
    for suffix in ("", "-wal", "-shm"):
        assert not Path(f"{old_db}{suffix}").exists()
    new_db = vault_dir / vault_store.read_sidecar(vault_dir).database
    assert new_db != old_db
    conn = _raw_connect(new_db, old_key)
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    with pytest.raises(sqlite3.DatabaseError):  # nor with plain sqlite3
        plain = sqlite3.connect(f"file:{new_db}?mode=ro", uri=True)
        try:
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            plain.close()

    new_key, same_db = _raw_key(vault_dir)  # the manager still signs in
    assert same_db == new_db and new_key != old_key
    conn = _raw_connect(new_db, new_key)
    try:
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] > 5
    finally:
        conn.close()
    with pytest.raises(UnknownUser):  # the officer's slot wrapped the old key: gone
        auth.sign_in(vault_dir, OFFICER, OFFICER_PASS)
    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    )

    listing = harbour(
        "user", "list", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS
    )
    assert_ok(listing)
    assert f"{OFFICER}\tintake_officer\t-\tactive" in listing.stdout.splitlines()

    before = snapshot(vault_dir)
    stale = harbour(
        "recover",
        "--vault",
        str(vault_dir),
        "--user",
        MANAGER,
        recovery_code=recovery_code,
        new_passphrase=TEMP_PASS,
    )
    assert_one_line_error(stale)
    assert snapshot(vault_dir) == before

    recovered = harbour(
        "recover",
        "--vault",
        str(vault_dir),
        "--user",
        MANAGER,
        recovery_code=new_code.lower(),
        new_passphrase=TEMP_PASS,
    )
    assert_ok(recovered)
    newest = _codes(recovered.stdout)
    assert len(newest) == 1 and newest[0] != new_code
    with pytest.raises(WrongPassphrase):
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    auth.sign_in(vault_dir, MANAGER, TEMP_PASS).close()
    used = harbour(
        "recover",
        "--vault",
        str(vault_dir),
        "--user",
        MANAGER,
        recovery_code=new_code,
        new_passphrase=SECOND_PASS,
    )
    assert_one_line_error(used)

    # The manager gives the officer a temporary passphrase; the officer is back.
    assert_ok(
        harbour(
            "user",
            "passwd",
            "--vault",
            str(vault_dir),
            "--user",
            OFFICER,
            "--as",
            MANAGER,
            passphrase=TEMP_PASS,
            new_passphrase=OFFICER_NEW,
        )
    )
    auth.sign_in(vault_dir, OFFICER, OFFICER_NEW).close()


# -- every error case: one line, non-zero, nothing changed on disk ----------------------
COMMANDS: dict[str, list[str]] = {
    "doctor": ["doctor", "--as", MANAGER],
    "rekey": ["rekey", "--as", MANAGER],
    "user add": ["user", "add", "--as", MANAGER, "--user", "New Person", "--role", "interpreter"],
    "user passwd": ["user", "passwd", "--user", MANAGER],
    "user reset": ["user", "passwd", "--user", "Someone", "--as", MANAGER],
    "user remove": ["user", "remove", "--as", MANAGER, "--user", "Someone"],
    "user list": ["user", "list", "--as", MANAGER],
    "recover": ["recover", "--user", MANAGER],
}
WRONG = "wrong passphrase entirely 0"
WRONG_CODE = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567"


def _run(command: str, vault: Path, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    """Run one of COMMANDS on ``vault``; ``passphrase`` None means no secret at all."""
    argv = COMMANDS[command]
    head = 2 if argv[0] == "user" else 1
    given = passphrase is not None
    return harbour(
        *argv[:head],
        "--vault",
        str(vault),
        *argv[head:],
        passphrase=passphrase,
        new_passphrase=TEMP_PASS if given else None,
        recovery_code=WRONG_CODE if given else None,
    )


@pytest.fixture(params=sorted(COMMANDS))
def command(request: pytest.FixtureRequest) -> str:
    return request.param


def test_wrong_passphrase_is_one_line_and_changes_nothing(
    vault_dir: Path, command: str, recovery_code: str
) -> None:
    del recovery_code
    before = snapshot(vault_dir)
    line = assert_one_line_error(_run(command, vault_dir, WRONG))
    assert "not correct" in line
    assert snapshot(vault_dir) == before  # same names, sizes and bytes; nothing created


def test_missing_vault_folder(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "no-such-vault"
    line = assert_one_line_error(_run(command, missing, MANAGER_PASS))
    assert "No Harbour vault" in line
    assert not missing.exists()


def test_foreign_key_file(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "harbour.keys").write_bytes(bytes(range(256)) * 8)
    before = snapshot(folder)
    line = assert_one_line_error(_run(command, folder, MANAGER_PASS))
    assert "not a Harbour vault file" in line
    assert snapshot(folder) == before


def test_foreign_json_key_file(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "foreign-json"
    folder.mkdir()
    (folder / "harbour.keys").write_text('{"format": "something-else", "slots": []}')
    before = snapshot(folder)
    assert "not a Harbour vault file" in assert_one_line_error(_run(command, folder, MANAGER_PASS))
    assert snapshot(folder) == before


def test_vault_option_pointing_to_a_regular_file(tmp_path: Path, command: str) -> None:
    regular = tmp_path / "notes.txt"
    regular.write_text("not a vault\n")
    before = snapshot(regular)
    assert_one_line_error(_run(command, regular, MANAGER_PASS))
    assert snapshot(regular) == before


def test_vault_locked_by_another_running_app(vault_dir: Path, command: str) -> None:
    lock = ProcessLock(vault_dir / vault_store.LOCK_NAME)
    lock.acquire()
    try:
        before = snapshot(vault_dir)
        line = assert_one_line_error(_run(command, vault_dir, MANAGER_PASS))
        assert snapshot(vault_dir) == before
    finally:
        lock.release()
    assert "open in another" in line


def test_init_errors_are_one_line(tmp_path: Path, vault_dir: Path) -> None:
    regular = tmp_path / "notes.txt"
    regular.write_text("not a vault\n")
    args = ["--organisation", "X Org", "--centre", "Y Centre", "--user", "New Manager"]
    line = assert_one_line_error(
        harbour("init", "--vault", str(regular), *args, passphrase=TEMP_PASS)
    )
    assert "not a Harbour vault file" in line
    before = snapshot(vault_dir)
    line = assert_one_line_error(
        harbour("init", "--vault", str(vault_dir), *args, passphrase=TEMP_PASS)
    )
    assert "already exists" in line
    assert snapshot(vault_dir) == before
    weak = tmp_path / "weak"
    assert_one_line_error(harbour("init", "--vault", str(weak), *args, passphrase="short"))
    assert not weak.exists()


# -- passphrases never as arguments -------------------------------------------------------
def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_all_parsers(sub))
    return found


def test_no_option_takes_a_passphrase_or_code() -> None:
    parsers = _all_parsers(build_parser())
    assert len(parsers) >= 10
    options = {opt for p in parsers for a in p._actions for opt in a.option_strings}
    assert "--vault" in options
    secretish = re.compile(r"pass|secret|code|key|pin|pw", re.IGNORECASE)
    # Issue 16 fixes `--code` in two forms: a centre's code (public: it is in every case
    # number) and the single-use, 15-minute enrolment code (`harbour enrol --code`).
    allowed = {"--code"}
    assert not [opt for opt in options - allowed if secretish.search(opt)], options
    for p in parsers:  # and no positional arguments that could carry one
        positional = [
            a
            for a in p._actions
            if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
        ]
        assert positional == [], (p.prog, positional)


@pytest.mark.parametrize("option", ["--passphrase", "--password", "--pass", "-p"])
def test_passphrase_argument_is_refused(vault_dir: Path, option: str) -> None:
    before = snapshot(vault_dir)
    result = harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, option, MANAGER_PASS)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert "unrecognized arguments" in result.stderr or "ambiguous" in result.stderr
    assert snapshot(vault_dir) == before


def test_no_passphrase_and_no_terminal_fails_in_one_line(
    vault_dir: Path, tmp_path: Path, command: str
) -> None:
    before = snapshot(vault_dir)
    result = _run(command, vault_dir, passphrase=None)
    line = assert_one_line_error(result)
    assert "HARBOUR_PASSPHRASE" in line or "HARBOUR_RECOVERY_CODE" in line
    assert snapshot(vault_dir) == before
    fresh = tmp_path / "fresh"
    line = assert_one_line_error(
        harbour(
            "init",
            "--vault",
            str(fresh),
            "--organisation",
            "X Org",
            "--centre",
            "Y",
            "--user",
            "New Manager",
        )
    )
    assert "HARBOUR_PASSPHRASE" in line
    assert not fresh.exists()


def test_new_passphrase_missing_without_terminal(vault_dir: Path) -> None:
    result = harbour(
        "user",
        "add",
        "--vault",
        str(vault_dir),
        "--as",
        MANAGER,
        "--user",
        "New Person",
        "--role",
        "interpreter",
        passphrase=MANAGER_PASS,
    )
    assert "HARBOUR_NEW_PASSPHRASE" in assert_one_line_error(result)
    assert vault_store.read_sidecar(vault_dir).user_slot("New Person") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("salt", "!!! not base64"),
        ("nonce", "AAAA"),
        ("wrapped", 42),
        ("kdf", {"memory_kib": 0, "iterations": 1, "lanes": 1}),
    ],
)
@pytest.mark.parametrize("command", ["doctor", "recover"])
def test_damaged_key_slot_is_one_line(
    vault_dir: Path, command: str, field: str, value: object
) -> None:
    path = vault_dir / vault_store.SIDECAR_NAME
    data = json.loads(path.read_text())
    for slot in data["slots"]:
        slot[field] = value
    path.write_text(json.dumps(data))
    before = snapshot(vault_dir)
    line = assert_one_line_error(_run(command, vault_dir, MANAGER_PASS))
    assert "damaged" in line
    assert snapshot(vault_dir) == before
