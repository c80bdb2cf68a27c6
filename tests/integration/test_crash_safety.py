"""SIGKILL in the middle of writes, passphrase changes and user removals; damaged pages.

Real child processes write to a real SQLCipher vault (fast Argon2id cost) and are killed
at random moments; the parent then checks that the vault opens, passes ``doctor``,
holds every committed transaction and that every remaining user can unlock.
"""

from __future__ import annotations

import os
import random
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from app.domain.roles import Role
from app.errors import UnknownUser, WrongPassphrase
from app.services import auth, maintenance, users
from app.storage import vault as vault_store
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import Child, assert_ok, assert_one_line_error, harbour

pytestmark = pytest.mark.slow

B_NAME = "Officer Bea"
B_P1 = "yellow kite across 31 dunes"
B_P2 = "silent orchard under 58 stars"
TEMP_PASS = "copper lantern beside 19 wells"
NOTE_KIND = "crash_note"

CHILD = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path

    from app.domain.roles import Role
    from app.services import auth, users
    from app.storage.records import Records

    mode, folder, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    secret = os.environ["CHILD_PASSPHRASE"]
    session = auth.sign_in(folder, name, secret)

    if mode == "records":
        records = Records(session.vault)
        count = records.count("crash_note")
        print(f"ready {count}", flush=True)
        while True:
            records.insert("crash_note", {"n": count, "text": "w" * 300},
                           user_id=session.user.id)
            count += 1
            print(f"committed {count}", flush=True)

    elif mode == "passphrase":
        other = {os.environ["P1"]: os.environ["P2"], os.environ["P2"]: os.environ["P1"]}
        current = secret
        print("ready", flush=True)
        while True:
            new = other[current]
            users.change_own_passphrase(session, old_passphrase=current, new_passphrase=new)
            current = new
            print(f"current {current}", flush=True)

    elif mode == "users":
        run = sys.argv[4]
        print("ready", flush=True)
        i = 0
        while True:
            temp = f"Temp {run}-{i}"
            print(f"adding {temp}", flush=True)
            users.add_user(session, name=temp, role=Role.INTAKE_OFFICER,
                           passphrase=os.environ["TEMP_PASS"])
            print(f"added {temp}", flush=True)
            users.remove_user(session, user_name=temp)
            print(f"removed {temp}", flush=True)
            i += 1
    """
)


@pytest.fixture
def child_script(tmp_path: Path) -> Path:
    path = tmp_path / "crash_child.py"
    path.write_text(CHILD)
    return path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_PASS")}
    env.update(extra)
    return env


def _assert_healthy(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        report = maintenance.doctor(session)
        assert report.healthy, report.problems
    finally:
        session.close()


def _add_b(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        users.add_user(session, name=B_NAME, role=Role.INTAKE_OFFICER, passphrase=B_P1)
    finally:
        session.close()


def test_sigkill_during_writes_keeps_every_committed_transaction(
    vault_dir: Path, child_script: Path, tmp_path: Path
) -> None:
    rng = random.Random(os.urandom(8))
    last_printed = 0
    for commits in (1, 15, 40, 40):
        child = Child(
            child_script,
            ["records", str(vault_dir), MANAGER],
            cwd=tmp_path,
            env=_env(CHILD_PASSPHRASE=MANAGER_PASS),
        )
        ready = child.wait_for(lambda line: line.startswith("ready"))
        start = int(ready.split()[1])
        assert start >= last_printed
        target = start + commits
        child.wait_for(lambda line, t=target: line == f"committed {t}")
        time.sleep(rng.uniform(0, 0.02))  # land inside a later transaction, sometimes
        lines = child.kill()
        counts = [int(line.split()[1]) for line in lines if line.startswith("committed")]
        last_printed = counts[-1]

        session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
        try:
            stored = Records(session.vault).count(NOTE_KIND)
            report = maintenance.doctor(session)
        finally:
            session.close()
        assert report.healthy, report.problems
        # Every transaction reported as committed is there; at most the one whose
        # "committed" line was not yet printed is extra.
        assert last_printed <= stored <= last_printed + 1, (stored, last_printed)
        last_printed = stored

    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    )


def test_sigkill_during_passphrase_change_leaves_every_user_able_to_unlock(
    vault_dir: Path, child_script: Path, tmp_path: Path
) -> None:
    _add_b(vault_dir)
    rng = random.Random(os.urandom(8))
    current = B_P1
    for _run in range(6):
        child = Child(
            child_script,
            ["passphrase", str(vault_dir), B_NAME],
            cwd=tmp_path,
            env=_env(CHILD_PASSPHRASE=current, P1=B_P1, P2=B_P2),
        )
        child.wait_for(lambda line: line == "ready")
        flips = rng.randint(0, 6)
        for _ in range(flips):
            child.wait_for(lambda line: line.startswith("current "))
        time.sleep(rng.uniform(0, 0.03))  # sometimes inside the sidecar replace
        lines = child.kill()
        printed = [line.removeprefix("current ") for line in lines if line.startswith("current ")]
        last = printed[-1] if printed else current
        being_set = B_P2 if last == B_P1 else B_P1

        # B unlocks with the last printed passphrase, or with the one being set when
        # the kill landed after the sidecar was replaced but before the print.
        try:
            session = auth.sign_in(vault_dir, B_NAME, last)
            current = last
        except WrongPassphrase:
            session = auth.sign_in(vault_dir, B_NAME, being_set)
            current = being_set
        session.close()
        other = B_P2 if current == B_P1 else B_P1
        with pytest.raises(WrongPassphrase):
            auth.sign_in(vault_dir, B_NAME, other)
        _assert_healthy(vault_dir)

    # Leftover temporary sidecars (a kill between create and rename) never matter.
    sidecar = vault_store.read_sidecar(vault_dir)
    assert {s.user_name for s in sidecar.slots if s.kind == "user"} == {MANAGER, B_NAME}


def test_sigkill_during_user_removal_leaves_every_remaining_user_able_to_unlock(
    vault_dir: Path, child_script: Path, tmp_path: Path
) -> None:
    _add_b(vault_dir)
    rng = random.Random(os.urandom(8))
    for run in range(6):
        child = Child(
            child_script,
            ["users", str(vault_dir), MANAGER, str(run)],
            cwd=tmp_path,
            env=_env(CHILD_PASSPHRASE=MANAGER_PASS, TEMP_PASS=TEMP_PASS),
        )
        child.wait_for(lambda line: line == "ready")
        steps = rng.randint(1, 8)
        for _ in range(steps):
            child.wait_for(lambda line: line.startswith(("added ", "removed ")))
        time.sleep(rng.uniform(0, 0.03))
        lines = child.kill()
        last = lines[-1]
        # "adding X": X's slot may exist without its account yet (the add was cut short:
        # users.add_user writes the slot first).
        # "added X": X's removal may be cut short (account removed, slot still there).
        adding = last.removeprefix("adding ") if last.startswith("adding ") else None
        removing = last.removeprefix("added ") if last.startswith("added ") else None

        # Before anyone signs in: every slot in the sidecar either unlocks its user or,
        # for an account whose removal was cut short, is refused and cleaned up.
        sidecar = vault_store.read_sidecar(vault_dir)
        secrets = {MANAGER: MANAGER_PASS, B_NAME: B_P1}
        for slot in sidecar.slots:
            if slot.kind != "user":
                continue
            name = slot.user_name or ""
            try:
                auth.sign_in(vault_dir, name, secrets.get(name, TEMP_PASS)).close()
            except UnknownUser:
                assert name in (removing, adding), (name, lines[-3:])

        session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
        try:
            report = maintenance.doctor(session)
            everyone = users.list_users(session)
            without_slot = maintenance.users_without_slot(session)
            slot_names = {s.user_name for s in session.vault.sidecar.slots if s.kind == "user"}
        finally:
            session.close()
        assert report.healthy, report.problems
        active = {u.name for u in everyone if u.active}
        assert {MANAGER, B_NAME} <= active
        # No account ever loses its slot: a cut-short add leaves a slot without an
        # account, which the sign-in above cleaned up.
        assert without_slot == [], (without_slot, lines[-3:])
        assert slot_names == active
        for name in slot_names:
            auth.sign_in(vault_dir, name, secrets.get(name, TEMP_PASS)).close()


def _corrupt(db: Path, page: int, rng: random.Random, page_size: int = 4096) -> None:
    offset = (page - 1) * page_size + rng.randrange(0, page_size - 256)
    with open(db, "r+b") as handle:
        handle.seek(offset)
        original = handle.read(256)
        noise = os.urandom(256)
        while noise == original:
            noise = os.urandom(256)
        handle.seek(offset)
        handle.write(noise)
        handle.flush()
        os.fsync(handle.fileno())


def test_doctor_detects_random_bytes_in_one_page(vault_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(os.urandom(8))
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        records = Records(session.vault)
        for i in range(200):
            records.insert(NOTE_KIND, {"n": i, "text": "p" * 300}, user_id=session.user.id)
        page_size = int(session.vault.query("PRAGMA page_size")[0][0])
        page_count = session.vault.query("PRAGMA page_count")[0][0]
        assert session.vault.query("PRAGMA freelist_count")[0][0] == 0  # every page in use
        db_name = session.vault.database_path.name
    finally:
        session.close()
    assert page_size == 4096
    assert page_count > 50
    db = vault_dir / db_name
    assert db.stat().st_size == page_count * page_size  # checkpointed: all data in the file
    assert_ok(
        harbour("doctor", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)
    )

    pages = sorted({1, 2, page_count, *rng.sample(range(3, page_count), 3)})
    for page in pages:
        copy = tmp_path / f"copy-page-{page}"
        shutil.copytree(vault_dir, copy)
        _corrupt(copy / db_name, page, rng)
        result = harbour("doctor", "--vault", str(copy), "--as", MANAGER, passphrase=MANAGER_PASS)
        line = assert_one_line_error(result)
        assert "damaged" in line, (page, line)
