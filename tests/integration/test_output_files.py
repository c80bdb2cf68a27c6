"""Files written where a user asks (`--out`, save dialogs) never touch a vault (issue 11, 1).

Every refusal is one translated line and a non-zero exit; nothing is written, nothing is
followed through a link, nothing existing is replaced without ``--force``; a document
that is written is the child's record, so it is 0600 and appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from app.domain.age import Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession, Role
from app.services import age, auth, cases, maintenance, users
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, assert_one_line_error, harbour, snapshot

pytestmark = pytest.mark.slow
ASSESSOR, ASSESSOR_PASS = "Social Sam", "harbour lamp 2026 one"
DAY = dt.date.today()


@pytest.fixture
def case_id(vault_dir: Path, manager) -> str:
    return case_in_assessment(vault_dir, manager)


def case_in_assessment(vault_dir: Path, manager) -> str:
    """A case with an age assessment in progress (enough for its record PDF); closes
    ``manager``."""
    case = cases.register_case(
        manager,
        CaseDraft(
            names=Names(given="Amal", family="Haddad", given_latin="Amal", family_latin="Haddad"),
            birth=Birth(declared_age=15),
        ),
    )
    users.add_user(
        manager,
        name=ASSESSOR,
        role=Role.ASSESSOR,
        profession=Profession.SOCIAL_WORKER,
        passphrase=ASSESSOR_PASS,
    )
    manager.close()
    social = auth.sign_in(vault_dir, ASSESSOR, ASSESSOR_PASS)
    age.start(
        social,
        case.id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="two different ages given",
            raised_by="Officer O.",
            raised_on=DAY,
        ),
        Preconditions(
            informed_on=DAY,
            informed_language="ara",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            interpreter="Int. I.",
        ),
    )
    social.close()
    return case.id


def record_pdf(vault_dir: Path, case_id: str, out: str, *extra: str):
    return harbour(
        "age",
        "record-pdf",
        "--vault",
        str(vault_dir),
        "--as",
        ASSESSOR,
        "--case",
        case_id,
        "--out",
        out,
        *extra,
        passphrase=ASSESSOR_PASS,
    )


def assert_vault_whole(vault_dir: Path, before: dict[str, tuple[int, str]]) -> None:
    """The sidecar is byte-identical, the vault opens and is healthy."""
    after = snapshot(vault_dir)
    assert after["harbour.keys"] == before["harbour.keys"]
    assert sorted(n for n in after if not n.endswith(("-wal", "-shm"))) == sorted(
        n for n in before if not n.endswith(("-wal", "-shm"))
    )
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        assert maintenance.doctor(session).healthy
    finally:
        session.close()


def printed_count(vault_dir: Path) -> int:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        return session.vault.query("SELECT count(*) FROM audit WHERE action = 'print'")[0][0]
    finally:
        session.close()


# ---- finding 1: the vault's own files ---------------------------------------------------


def test_record_pdf_over_the_key_slot_file_is_refused_and_the_vault_survives(
    vault_dir: Path, case_id: str
) -> None:
    before = snapshot(vault_dir)
    result = record_pdf(vault_dir, case_id, str(vault_dir / "harbour.keys"))
    line = assert_one_line_error(result)
    assert "vault" in line
    assert_vault_whole(vault_dir, before)
    # --force changes nothing for a vault folder.
    result = record_pdf(vault_dir, case_id, str(vault_dir / "harbour.keys"), "--force")
    assert_one_line_error(result)
    assert_vault_whole(vault_dir, before)
    assert printed_count(vault_dir) == 0


def test_record_pdf_over_the_database_or_anywhere_in_a_vault_folder_is_refused(
    vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    before = snapshot(vault_dir)
    [database] = [n for n in before if n.endswith(".db")]
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "to-vault").symlink_to(vault_dir, target_is_directory=True)
    for out in (
        vault_dir / database,
        vault_dir / f"{database}-wal",
        vault_dir / "record.pdf",  # a new name, but in the vault folder
        vault_dir / "harbour.lock",
        tmp_path / "elsewhere" / ".." / "vault" / "harbour.keys",  # `..` resolved first
        tmp_path / "to-vault" / "record.pdf",  # a linked folder resolved first
    ):
        for extra in ((), ("--force",)):
            line = assert_one_line_error(record_pdf(vault_dir, case_id, str(out), *extra))
            assert "inside a Harbour vault folder" in line, (out, line)
    assert_vault_whole(vault_dir, before)
    assert printed_count(vault_dir) == 0


def test_a_copy_of_the_key_slot_file_elsewhere_is_not_replaced(
    vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    backup = tmp_path / "keys-backup.json"
    backup.write_bytes((vault_dir / "harbour.keys").read_bytes())
    line = assert_one_line_error(record_pdf(vault_dir, case_id, str(backup), "--force"))
    assert "inside a Harbour vault folder" in line
    assert backup.read_bytes() == (vault_dir / "harbour.keys").read_bytes()


# ---- links, existing files, folders, names ----------------------------------------------


def test_a_symbolic_link_is_never_followed(vault_dir: Path, case_id: str, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "record.pdf"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "would-be-created.pdf")
    for out in (link, dangling):
        for extra in ((), ("--force",)):
            line = assert_one_line_error(record_pdf(vault_dir, case_id, str(out), *extra))
            assert "symbolic link" in line
    assert victim.read_text() == "keep me"
    assert link.is_symlink() and dangling.is_symlink()
    assert not (tmp_path / "would-be-created.pdf").exists()
    assert printed_count(vault_dir) == 0


def test_an_existing_file_is_kept_unless_force(
    vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "record.pdf"
    out.write_text("an older record")
    out.chmod(0o644)
    line = assert_one_line_error(record_pdf(vault_dir, case_id, str(out)))
    assert "already exists" in line and "--force" in line
    assert out.read_text() == "an older record"
    assert printed_count(vault_dir) == 0

    assert_ok(record_pdf(vault_dir, case_id, str(out), "--force"))
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert printed_count(vault_dir) == 1


def test_a_new_record_is_private_and_audited_once(
    vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "docs" / "record.pdf"
    out.parent.mkdir(mode=0o755)
    os.umask(old := os.umask(0o022))  # the child inherits a usual 022
    try:
        result = record_pdf(vault_dir, case_id, str(out))
    finally:
        os.umask(old)
    assert_ok(result)
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["record.pdf"]
    assert printed_count(vault_dir) == 1


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/", "is a folder"),
        ("{tmp}/.", "is a folder"),
        ("", "Give the name of the file"),
        ("   ", "Give the name of the file"),
        ("{tmp}/no-such-folder/record.pdf", "does not exist"),
        ("/dev/full", "not an ordinary file"),
        ("{tmp}/" + "n" * 300 + ".pdf", "could not be written"),
    ],
)
def test_a_path_that_cannot_be_a_new_file_is_one_line(
    vault_dir: Path, case_id: str, tmp_path: Path, out: str, expected: str
) -> None:
    target = out.format(tmp=tmp_path)
    before = snapshot(tmp_path)
    for extra in ((), ("--force",)):
        line = assert_one_line_error(record_pdf(vault_dir, case_id, target, *extra))
        assert expected in line, line
    assert printed_count(vault_dir) == 0
    after = snapshot(tmp_path)
    assert {k for k in after if not k.startswith("vault")} == {
        k for k in before if not k.startswith("vault")
    }


# ---- full and read-only disks, folders we may not write ---------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 64 KiB tmpfs (root only, where mounting is allowed); unmounted afterwards."""
    import subprocess

    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_one_line_and_leaves_nothing(
    vault_dir: Path, case_id: str, small_disk: Path
) -> None:
    (small_disk / "filler").write_bytes(b"\0" * 56 * 1024)
    line = assert_one_line_error(record_pdf(vault_dir, case_id, str(small_disk / "record.pdf")))
    assert "The disk is full" in line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    assert printed_count(vault_dir) == 0


def test_a_read_only_disk_is_one_line(vault_dir: Path, case_id: str, small_disk: Path) -> None:
    import subprocess

    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    line = assert_one_line_error(record_pdf(vault_dir, case_id, str(small_disk / "record.pdf")))
    assert "read-only disk" in line
    assert list(small_disk.iterdir()) == []


def test_a_folder_we_may_not_write_is_one_line(
    vault_dir: Path, case_id: str, tmp_path: Path
) -> None:
    """As root, the command runs without the capability to override file modes."""
    import shutil
    import subprocess

    from tests.integration.helpers import harbour_command

    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root writes any folder, and setpriv is not here to stop it")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o500)
    env = {**os.environ, "HARBOUR_PASSPHRASE": ASSESSOR_PASS}
    command = [*harbour_command(), "age", "record-pdf", "--vault", str(vault_dir)]
    command += ["--as", ASSESSOR, "--case", case_id, "--out", str(closed / "record.pdf")]
    try:
        result = subprocess.run(
            [*prefix, *command],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        closed.chmod(0o700)
    line = assert_one_line_error(result)
    assert "not allowed to write" in line
    assert list(closed.iterdir()) == []
    assert printed_count(vault_dir) == 0


# ---- item 8: HARBOUR_HOME and everything under it is private ----------------------------


def modes(root: Path) -> dict[str, str]:
    """Every folder and file under ``root`` (itself included): relative name -> octal mode."""
    found = {".": oct(stat.S_IMODE(root.lstat().st_mode))}
    for path in sorted(root.rglob("*")):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def not_private(root: Path) -> dict[str, str]:
    wrong = {}
    for name, mode in modes(root).items():
        path = root / name
        if path.is_symlink():
            wrong[name] = "link"
        elif mode != ("0o700" if path.is_dir() else "0o600"):
            wrong[name] = mode
    return wrong


def test_harbour_home_is_private_after_init_sign_in_and_a_record(tmp_path: Path) -> None:
    """A real install: init, sign-ins, a PDF, the desktop started; then every mode."""
    import subprocess
    import sys

    from app.config import AppSettings, save_settings
    from tests.conftest import CENTRE, ORGANISATION

    home = Path(os.environ["HARBOUR_HOME"])
    vault = home / "data" / "vault"
    old = os.umask(0o022)  # what a desktop session usually has
    try:
        assert_ok(
            harbour(
                "init",
                "--vault",
                str(vault),
                "--organisation",
                ORGANISATION,
                "--centre",
                CENTRE,
                "--user",
                MANAGER,
                passphrase=MANAGER_PASS,
            )
        )
        case = case_in_assessment(vault, auth.sign_in(vault, MANAGER, MANAGER_PASS))
        assert_ok(record_pdf(vault, case, str(home / "record.pdf")))
        assert_ok(
            harbour("user", "list", "--vault", str(vault), "--as", MANAGER, passphrase=MANAGER_PASS)
        )
        save_settings(AppSettings(vault_folder=str(vault), language="fr"))  # as the desktop
        desktop = subprocess.run(
            [sys.executable, "-m", "ui", "--quit-when-shown"],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert desktop.returncode == 0, desktop.stderr
    finally:
        os.umask(old)
    found = modes(home)
    for expected in ("config/settings.json", "logs/harbour.log", "data/vault/harbour.keys"):
        assert expected in found
    assert any(n.startswith("data/vault/harbour-") and n.endswith(".db") for n in found)
    assert not_private(home) == {}, found


def loosen(root: Path) -> None:
    """What an install made before item 8 looked like: folders 0755, files 0644."""
    root.chmod(0o755)
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("start", ["cli", "desktop"])
def test_an_older_install_is_tightened_at_start(
    vault_dir: Path, tmp_path: Path, start: str
) -> None:
    import shutil
    import subprocess
    import sys

    from app.config import AppSettings, save_settings

    home = Path(os.environ["HARBOUR_HOME"])
    inner = home / "data" / "vault"  # the default place, inside HARBOUR_HOME
    shutil.copytree(vault_dir, inner)
    (vault_dir / "drop").mkdir()
    (vault_dir / "drop" / "item.sealed").write_bytes(b"x")
    save_settings(AppSettings(vault_folder=str(vault_dir)))
    (home / "logs").mkdir()
    for name in ("harbour.log", "harbour.log.1"):
        (home / "logs" / name).write_text("2026 INFO harbour.ui started\n")
    outside = tmp_path / "someone-elses.txt"
    outside.write_text("not Harbour's")
    outside.chmod(0o644)
    (home / "logs" / "link").symlink_to(outside)
    loosen(home)
    loosen(vault_dir)
    if start == "cli":
        result = harbour(
            "user", "list", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS
        )
        assert_ok(result)
    else:
        result = subprocess.run(
            [sys.executable, "-m", "ui", "--quit-when-shown"],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert not_private(home) == {"logs/link": "link"}, modes(home)
    assert not_private(vault_dir) == {}, modes(vault_dir)
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # a link is never followed


def test_a_rekey_from_the_command_line_leaves_a_private_database(vault_dir: Path) -> None:
    """SQLite creates the rekeyed copy (ATTACH) with 0644 less the umask: the command
    line's umask 077 is what keeps it 0600."""
    old = os.umask(0o022)
    try:
        result = harbour(
            "rekey", "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS
        )
    finally:
        os.umask(old)
    assert_ok(result)
    assert not_private(vault_dir) == {}, modes(vault_dir)
