"""Issue 12, item 15: the command line for scripts and for people at a terminal.

Latin spellings proposed as the form proposes them (and marked so), a case named by its
number, ``case list --json``, and progress on stderr only when stderr is a terminal.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
from pathlib import Path

import pytest

from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import (
    SECRET_ENV,
    assert_ok,
    assert_one_line_error,
    harbour,
    harbour_command,
)

pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return harbour(*args, passphrase=MANAGER_PASS)


def run_on_terminal(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    """``harbour ARGS`` with stderr on a pseudo-terminal (stdout piped): exit, out, err."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env["HARBOUR_PASSPHRASE"] = MANAGER_PASS
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*harbour_command(), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    err = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                pytest.fail(f"no output for {timeout} s: {bytes(err)!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            err += chunk
        out = proc.stdout.read() if proc.stdout else b""
        code = proc.wait(timeout=timeout)
    finally:
        os.close(master)
        if proc.stdout:
            proc.stdout.close()
    return code, out.decode(), err.decode()


def names_of(vault_dir: Path, case_id: str):
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        return cases.open_case(session, case_id).draft.names
    finally:
        session.close()


def add_case(vault_dir: Path, tmp_path: Path, names: dict[str, str]) -> str:
    file = tmp_path / "case.json"
    file.write_text(
        json.dumps({"names": names, "birth": {"declared_age": 15}}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = run("case", "add", "--vault", str(vault_dir), "--as", MANAGER, "--json", str(file))
    assert_ok(result)
    return result.stdout.strip()


def test_case_add_proposes_the_latin_spelling_the_form_would(vault_dir, tmp_path) -> None:
    case_id = add_case(vault_dir, tmp_path, {"given": "محمد", "family": "عبد الرحمن"})
    names = names_of(vault_dir, case_id)
    assert names.given_latin == cases.propose_latin("محمد") == "Mohammed"
    assert names.family_latin == cases.propose_latin("عبد الرحمن") != ""
    assert names.latin_proposed is True

    typed = add_case(vault_dir, tmp_path, {"given": "ዮናስ", "given_latin": "Yonas"})
    names = names_of(vault_dir, typed)
    assert (names.given_latin, names.latin_proposed) == ("Yonas", False)

    latin = add_case(vault_dir, tmp_path, {"given": "Amina", "family": "Hassan"})
    names = names_of(vault_dir, latin)  # nothing to propose for Latin letters
    assert (names.given_latin, names.family_latin, names.latin_proposed) == ("", "", False)


def test_case_import_proposes_latin_spellings_too(vault_dir, tmp_path) -> None:
    sheet = tmp_path / "intake.csv"
    sheet.write_text(
        "given,family,given_latin,family_latin,sex,birth_date,nationalities,languages\n"
        "يوسف,حداد,,,male,2010-05-02,SY,apc\n"
        "ተስፋይ,ሃይለ,Tesfay,Haile,male,2011-01-01,ER,tir\n",
        encoding="utf-8",
    )
    result = run("case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(sheet))
    assert_ok(result)
    assert result.stderr == ""  # piped: no progress
    listed = run("case", "list", "--vault", str(vault_dir), "--as", MANAGER, "--json")
    assert_ok(listed)
    rows = {
        json.loads(line)["names"]["original"]: json.loads(line)
        for line in listed.stdout.splitlines()
    }
    proposed = names_of(vault_dir, rows["يوسف حداد"]["id"])
    assert (proposed.given_latin, proposed.latin_proposed) == (cases.propose_latin("يوسف"), True)
    assert proposed.family_latin == cases.propose_latin("حداد") != ""
    typed = names_of(vault_dir, rows["ተስፋይ ሃይለ"]["id"])
    assert (typed.given_latin, typed.family_latin, typed.latin_proposed) == (
        "Tesfay",
        "Haile",
        False,
    )


def test_case_list_json_prints_one_object_per_case(vault_dir, tmp_path) -> None:
    first = add_case(vault_dir, tmp_path, {"given": "محمد", "family": "علي"})
    second = add_case(vault_dir, tmp_path, {"given": "Amina", "family": "Hassan"})
    result = run("case", "list", "--vault", str(vault_dir), "--as", MANAGER, "--json")
    assert_ok(result)
    assert result.stderr == ""
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [second, first]  # newest first
    assert all(set(line) == {"id", "number", "names", "status"} for line in lines)
    assert lines[1]["names"] == {"original": "محمد علي", "latin": "Mohammed Ali"}
    assert lines[0]["number"].endswith("-0002") and lines[0]["status"] == "open"

    plain = run("case", "list", "--vault", str(vault_dir), "--as", MANAGER)
    assert_ok(plain)
    assert plain.stdout.splitlines()[1].split("\t") == [
        lines[1]["number"],
        "محمد علي",
        "Mohammed Ali",
        "open",
    ]


def test_record_pdf_takes_the_case_number(vault_dir: Path, manager, tmp_path) -> None:
    """``--case NRC-2026-0001`` used to say "This child has no age assessment"."""
    from tests.integration.test_age_pdf import NAMES, PASS, concluded_case, run_assessment

    case_id = concluded_case(vault_dir, manager, NAMES[0])
    number = cases.get_row(manager, case_id).case_number
    manager.close()
    run_assessment(vault_dir, case_id)
    for given in (number, number.lower(), case_id):
        out = tmp_path / f"{given}.pdf"
        result = harbour(
            "age",
            "record-pdf",
            "--vault",
            str(vault_dir),
            "--as",
            "Social Sam",
            "--case",
            given,
            "--out",
            str(out),
            passphrase=PASS["Social Sam"],
        )
        assert_ok(result)
        assert out.stat().st_size > 1000
    result = harbour(
        "age",
        "record-pdf",
        "--vault",
        str(vault_dir),
        "--as",
        "Social Sam",
        "--case",
        "NRC-2026-0999",
        "--out",
        str(tmp_path / "none.pdf"),
        passphrase=PASS["Social Sam"],
    )
    assert assert_one_line_error(result) == (
        "harbour: There is no case NRC-2026-0999 (give a case number or a case id)."
    )


def test_long_work_shows_progress_on_a_terminal_only(vault_dir, tmp_path) -> None:
    demo = ("demo", "--vault", str(vault_dir), "--as", MANAGER, "--cases", "300", "--seed", "3")
    code, out, err = run_on_terminal(*demo)
    assert code == 0, err
    assert "Adding synthetic cases: 300 of 300" in err
    assert out.strip() == "300 synthetic cases added."
    piped = run(*demo)
    assert_ok(piped)
    assert piped.stderr == ""

    sheet = tmp_path / "intake.csv"
    rows = ["given,family,given_latin,family_latin,sex,birth_date,nationalities,languages"]
    rows += [f"يوسف,حداد,,,male,2010-05-{day:02d},SY,apc" for day in range(1, 29)]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = ("case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(sheet))
    code, out, err = run_on_terminal(*imported)
    assert code == 0, err
    assert "Proposing Latin spellings: 28 of 28" in err
    assert "Importing 28 cases…" in err
    assert out.strip() == "28 cases imported."
