"""Bad input and bad disks through the real ``harbour`` program (issue 11, finding 7).

The inputs of the finding that gave a traceback, each run once through the real entry
point; a read-only file system and a full disk made for real with tmpfs mounts (these
need root, as in CI's container, and are skipped elsewhere); and a seeded handful of the
mutated inputs of tools/fuzz_inputs.py. The in-process tests beside the rules are
tests/unit/test_cli_input.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, assert_one_line_error, harbour

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def count(vault: Path) -> int:
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        return cases.count_cases(session)
    finally:
        session.close()


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


FINDING_INPUTS = {
    "csv latin-1": ("--csv", _csv("given,family\nJosé,Müller\n", "latin-1")),
    "csv utf-16": ("--csv", _csv("given,family\nAli,Rahimi\n", "utf-16")),
    "csv binary": ("--csv", bytes(range(256)) * 4),
    "csv cell over 128 KiB": ("--csv", _csv("given,family\nAli," + "x" * 140_000 + "\n")),
    "csv ragged row": ("--csv", _csv("given,family,birth_date\nAli,Rahimi,2010,extra\nSara\n")),
    "csv folder": ("--csv", None),
    "json 5,000 digits": (
        "--json",
        _csv('{"names": {"given": "A"}, "birth": {"declared_age": ' + "9" * 5000 + "}}"),
    ),
    "json deep nesting": ("--json", _csv("[" * 100_000 + "]" * 100_000)),
    "json folder": ("--json", None),
    "csv duplicated header": ("--csv", _csv("given,family,given\nAli,Rahimi,Omar\n")),
    "json unknown field": (
        "--json",
        _csv('{"names": {"given": "Ali"}, "birth": {"declared_age": 15}, "notes": "x"}'),
    ),
    "json age true": (
        "--json",
        _csv('{"names": {"given": "Ali"}, "birth": {"declared_age": true}}'),
    ),
    "csv invisible name": ("--csv", _csv("given,declared_age\n\u200b\u200b,15\n")),
    "csv control name": ("--csv", _csv("given,declared_age\n\x1b[31mAli,15\n")),
    "json override name": (
        "--json",
        _csv('{"names": {"given": "Ali\\u202e"}, "birth": {"declared_age": 15}}'),
    ),
}


@pytest.mark.parametrize("label", list(FINDING_INPUTS))
def test_each_input_of_the_finding_is_refused_in_one_line(
    vault_dir: Path, tmp_path: Path, label: str
) -> None:
    option, data = FINDING_INPUTS[label]
    path = tmp_path / ("input.csv" if option == "--csv" else "input.json")
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    command = "import" if option == "--csv" else "add"
    result = harbour(
        "case", command, "--vault", str(vault_dir), "--as", MANAGER, option, str(path),
        passphrase=MANAGER_PASS,
    )  # fmt: skip
    line = assert_one_line_error(result)
    assert not any(ch in result.stderr + result.stdout for ch in "\x1b\u202e\x00")
    assert len(line) < 400
    assert count(vault_dir) == 0


def test_a_utf8_bom_and_header_spaces_are_taken_whole(vault_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(b"\xef\xbb\xbfgiven, family, declared_age\nAli, Rahimi, 15\n")
    case = tmp_path / "case.json"
    case.write_bytes(b'\xef\xbb\xbf{"names": {"given": "Saba"}, "birth": {"declared_age": 14}}')
    for option, path in (("--csv", sheet), ("--json", case)):
        command = "import" if option == "--csv" else "add"
        assert_ok(
            harbour(
                "case", command, "--vault", str(vault_dir), "--as", MANAGER, option, str(path),
                passphrase=MANAGER_PASS,
            )
        )  # fmt: skip
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        shown = sorted(r.display_name for r in cases.query_cases(session))
    finally:
        session.close()
    assert shown == ["Ali Rahimi", "Saba"]


# -- real disks: read-only and full (tmpfs mounts, root only) ------------------------------
def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount")


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


needs_mount = pytest.mark.skipif(not _can_mount(), reason="mounting a tmpfs needs root on Linux")


@needs_mount
def test_a_read_only_file_system_is_reported_in_one_line(vault_dir: Path, tmp_path: Path) -> None:
    """Finding: every command on a vault on a read-only disk gave a traceback (the process
    lock is opened for writing). Now one line says so, and nothing changes."""
    case = tmp_path / "case.json"
    case.write_text('{"names": {"given": "Saba"}, "birth": {"declared_age": 14}}')
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("given,declared_age\nAli,15\n")
    with tmpfs(tmp_path / "mnt", "64m") as mnt:
        shutil.copytree(vault_dir, mnt / "vault")
        remount(mnt, "ro")
        vault = str(mnt / "vault")
        for args in (
            ("case", "add", "--json", str(case)),
            ("case", "import", "--csv", str(sheet)),
            ("case", "find", "--name", "Saba"),
            ("demo", "--cases", "10"),
            ("doctor",),
        ):
            words = [a for a in args if not a.startswith("--")][: 2 if args[0] == "case" else 1]
            result = harbour(
                *words, "--vault", vault, "--as", MANAGER, *args[len(words) :],
                passphrase=MANAGER_PASS,
            )  # fmt: skip
            line = assert_one_line_error(result)
            assert "read-only" in line, line
        remount(mnt, "rw")
        assert count(mnt / "vault") == 0


@needs_mount
def test_a_full_disk_during_demo_reports_what_was_saved(vault_dir: Path, tmp_path: Path) -> None:
    """Finding: a disk that filled during ``demo`` was reported as "nothing was saved"
    after 500 cases had been saved. Each batch of 500 is one transaction."""
    # 3,000 synthetic cases take about 15 MB since the compact change log (issue 14).
    with tmpfs(tmp_path / "mnt", "10m") as mnt:
        shutil.copytree(vault_dir, mnt / "vault")
        vault = mnt / "vault"
        result = harbour(
            "demo", "--vault", str(vault), "--as", MANAGER, "--cases", "3000",
            passphrase=MANAGER_PASS,
        )  # fmt: skip
        line = assert_one_line_error(result)
        assert line.startswith("harbour: The disk is full: "), line
        saved = int(line.split(": ")[2].split(" of ")[0])
        assert 0 < saved < 3000 and saved % 500 == 0, line
        assert "of 3000 cases were saved" in line
        remount(mnt, "size=128m")
        assert count(vault) == saved


def test_a_few_mutated_inputs_through_the_real_program(tmp_path: Path) -> None:
    """The fuzz of tools/fuzz_inputs.py, a seeded handful through the real process (the
    in-process run of hundreds is in tests/unit/test_cli_input_fuzz.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import fuzz_inputs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    figures = fuzz_inputs.run(csv_cases=12, json_cases=12, seed=77, workdir=tmp_path, process=True)
    assert figures.failures == [], figures.failures[:3]
    assert figures.runs == 24
    assert figures.tracebacks == 0 and figures.half_written == 0 and figures.not_one_line == 0


def test_fuzz_script_prints_its_figures(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "fuzz_inputs.py"), "--csv", "5", "--json", "5",
         "--seed", "3", "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.splitlines()[-1])
    assert figures["runs"] == 10 and figures["tracebacks"] == 0


@needs_mount
def test_init_of_a_new_folder_on_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    """``vault.create`` made the folder with a bare mkdir: a traceback on a read-only disk."""
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        remount(mnt, "ro")
        result = harbour(
            "init", "--vault", str(mnt / "new" / "vault"), "--organisation", "Org",
            "--centre", "Centre", "--user", MANAGER, passphrase=MANAGER_PASS,
        )  # fmt: skip
        line = assert_one_line_error(result)
        assert "read-only" in line, line
        remount(mnt, "rw")
        assert list(mnt.iterdir()) == []
