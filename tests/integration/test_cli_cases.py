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


def test_import_reports_bad_rows_and_imports_good_ones(vault_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "intake.csv"
    sheet.write_text(
        "given,family,given_latin,family_latin,sex,birth_date,nationalities,languages,"
        "accompaniment,adult_relation\n"
        "يوسف,حداد,Yusuf,Haddad,male,2010-05-02,SY,apc,unaccompanied,\n"
        "Hodan,Nuur,,,female,2030-01-01,SO,som,,\n"
        "Robel,,,,male,2011,ER,tir;xyz,accompanied,\n"
        "Dawit,Kidane,,,declined,2011-07,ER,tir,,\n",
        encoding="utf-8",
    )
    result = run("case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(sheet))
    assert result.returncode == 1
    assert "2 cases imported, 2 rows rejected." in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0] == "line 3: birth.date: The date of birth cannot be in the future."
    assert errors[1].startswith("line 4: languages.1.code: “xyz” is not an ISO 639")
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        rows = cases.query_cases(session)
        assert sorted(r.display_name for r in rows) == ["Dawit Kidane", "يوسف حداد"]
    finally:
        session.close()

    unknown = tmp_path / "typo.csv"
    unknown.write_text("given,famliy\nSaba,Tesfay\n", encoding="utf-8")
    result = run(
        "case", "import", "--vault", str(vault_dir), "--as", MANAGER, "--csv", str(unknown)
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("harbour: Unknown columns: famliy.")
