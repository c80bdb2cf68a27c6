"""``harbour demo`` and ``harbour case add / find / import`` run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, harbour

pytestmark = pytest.mark.slow


def run(*args: str):
    return harbour(*args, passphrase=MANAGER_PASS)


def test_case_add_prints_id_and_validates(vault_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "case.json"
    good.write_text(
        json.dumps(
            {
                "names": {
                    "given": "ዮናስ",
                    "family": "ኪዳነ",
                    "given_latin": "Yonas",
                    "family_latin": "Kidane",
                },
                "birth": {"declared_age": 15},
                "nationalities": ["ER"],
                "languages": [{"code": "tir", "preferred": True}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = run("case", "add", "--vault", str(vault_dir), "--as", MANAGER, "--json", str(good))
    assert_ok(result)
    case_id = result.stdout.strip()
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        assert cases.get_row(session, case_id).display_name == "ዮናስ ኪዳነ"
    finally:
        session.close()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"names": {"given": "Saba"}, "birth": {"declared_age": 40}}))
    result = run("case", "add", "--vault", str(vault_dir), "--as", MANAGER, "--json", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "harbour: birth.declared_age: A declared age must be between 0 and 25."
    ]


def test_demo_then_find_json_ranked(vault_dir: Path) -> None:
    assert_ok(
        run("demo", "--vault", str(vault_dir), "--as", MANAGER, "--cases", "300", "--seed", "5")
    )
    result = run(
        "case",
        "find",
        "--vault",
        str(vault_dir),
        "--as",
        MANAGER,
        "--name",
        "Mohamed Ali",
        "--json",
    )
    assert_ok(result)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines, "300 synthetic cases hold some Mohammed or Ali"
    scores = [line["score"] for line in lines]
    assert scores == sorted(scores, reverse=True)
    assert all(line["reasons"] and line["case_number"].startswith("NRC-") for line in lines)


def test_import_with_bad_rows_imports_nothing_and_lists_each_by_line(
    vault_dir: Path, tmp_path: Path
) -> None:
    """A sheet is taken whole or refused (issue 11, finding 7): with two bad rows, none of
    the four is imported (importing the corrected sheet again would otherwise register
    the two good rows twice). Each bad row is listed on stdout by line, every problem of
    the row on its line; the refusal is one line on stderr. (Before, the good rows were
    imported and the bad ones reported.)"""
    sheet = tmp_path / "intake.csv"
    rows = [
        "given,family,given_latin,family_latin,sex,birth_date,nationalities,languages,"
        "accompaniment,adult_relation",
        "يوسف,حداد,Yusuf,Haddad,male,2010-05-02,SY,apc,unaccompanied,",
        "Hodan,Nuur,,,female,2030-01-01,SO,som,,",
        "Robel,,,,male,2011,ER,tir;xyz,accompanied,",
        "Dawit,Kidane,,,declined,2011-07,ER,tir,,",
    ]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(sheet))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "harbour: 2 of 4 rows have problems (listed above); nothing was imported. "
        "Correct them and import the file again."
    ]
    listed = result.stdout.splitlines()
    assert listed[0] == "line 3: birth.date: The date of birth cannot be in the future."
    assert listed[1].startswith("line 4: languages.1.code: “xyz” is not an ISO 639")
    assert "separation.adult.relation" in listed[1]
    assert len(listed) == 2
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        assert cases.count_cases(session) == 0
    finally:
        session.close()

    rows[2] = "Hodan,Nuur,,,female,2011-01-01,SO,som,,"
    rows[3] = "Robel,,,,male,2011,ER,tir,accompanied,uncle"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(sheet))
    assert_ok(result)
    assert result.stdout == "4 cases imported.\n"
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        shown = sorted(r.display_name for r in cases.query_cases(session))
        assert shown == ["Dawit Kidane", "Hodan Nuur", "Robel", "يوسف حداد"]
    finally:
        session.close()

    unknown = tmp_path / "typo.csv"
    unknown.write_text("given,famliy\nSaba,Tesfay\n", encoding="utf-8")
    result = run(
        "case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(unknown)
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("harbour: Unknown columns: famliy.")
