"""Bad input through the command line, in process (issue 11, finding 7).

Every input is taken whole or refused with one line: the refusal is one ``harbour: ``
line on stderr, the exit status is 1, and the vault holds exactly as many cases as
before. Nothing typed or imported is dropped or changed silently, and nothing a file
brings in reaches the terminal raw. ``app.cli.main`` runs in this process (fast);
tests/integration/test_cli_bad_input.py runs the real program for what needs it (a
read-only disk, a full disk).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app import cli
from app.errors import DiskFull
from app.services import auth, cases
from tests.conftest import MANAGER, MANAGER_PASS

GOOD_CASE = {"names": {"given": "Yonas", "family": "Kidane"}, "birth": {"declared_age": 15}}
ESCAPES = ("\x1b", "\u202e", "\x00", "\x07", "\r")


@pytest.fixture
def run(vault_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``harbour`` in process as the manager: (exit status, stdout, stderr)."""
    monkeypatch.setenv("HARBOUR_PASSPHRASE", MANAGER_PASS)

    def harbour(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        words = [a for a in args if not a.startswith("--")][: 2 if args[0] == "case" else 1]
        options = args[len(words) :]
        code = cli.main([*words, "--vault", str(vault_dir), "--as", MANAGER, *options])
        out, err = capsys.readouterr()
        return code, out, err

    return harbour


def count(vault: Path) -> int:
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        return cases.count_cases(session)
    finally:
        session.close()


def names(vault: Path) -> list[tuple[str, str]]:
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        found = []
        for row in cases.query_cases(
            session, cases.CaseQuery(sort="case_number", descending=False), limit=1000
        ):
            draft = cases.open_case(session, row.id).draft
            found.append((draft.names.given, draft.names.family))
        return found
    finally:
        session.close()


def one_line(code: int, err: str) -> str:
    """A refusal: exit 1, one ``harbour:`` line on stderr, nothing raw on the terminal."""
    assert code == 1, err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("harbour: "), err
    assert not any(ch in err for ch in ESCAPES), repr(err)
    return lines[0]


def import_csv(run, tmp_path: Path, data: bytes, name: str = "sheet.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return run("case", "import", "--csv", str(path))


def add_json(run, tmp_path: Path, data: bytes | dict, name: str = "case.json"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return run("case", "add", "--json", str(path))


# -- encodings: UTF-8 with or without BOM, anything else refused naming the encoding ------
@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("latin-1", "Windows-1252"),
        ("cp1252", "Windows-1252"),
        ("utf-16", "UTF-16"),  # with its byte order mark, as Excel's "Unicode text" writes
        ("utf-16-le", "UTF-16"),  # without one
        ("utf-32", "UTF-32"),
    ],
)
def test_a_csv_not_in_utf8_is_refused_naming_its_encoding(
    run, vault_dir: Path, tmp_path: Path, encoding: str, named: str
) -> None:
    data = "given,family,declared_age\nJosé,Müller,15\n".encode(encoding)
    line = one_line(*import_csv(run, tmp_path, data)[::2])
    assert named in line and "UTF-8" in line
    assert count(vault_dir) == 0


def test_a_json_not_in_utf8_is_refused_naming_its_encoding(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    data = json.dumps({**GOOD_CASE, "names": {"given": "José"}}, ensure_ascii=False)
    line = one_line(*add_json(run, tmp_path, data.encode("utf-16"))[::2])
    assert "UTF-16" in line
    line = one_line(*add_json(run, tmp_path, data.encode("latin-1"))[::2])
    assert "Windows-1252" in line
    assert count(vault_dir) == 0


def test_a_utf8_byte_order_mark_is_accepted_by_add_and_by_import(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    """Finding: ``case add`` refused the BOM that ``case import`` accepted."""
    code, _out, err = add_json(run, tmp_path, b"\xef\xbb\xbf" + json.dumps(GOOD_CASE).encode())
    assert code == 0, err
    code, _out, err = import_csv(run, tmp_path, b"\xef\xbb\xbfgiven,declared_age\nSaba,14\n")
    assert code == 0, err
    assert names(vault_dir) == [("Yonas", "Kidane"), ("Saba", "")]


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_binary_data_is_refused_in_one_line(run, vault_dir: Path, tmp_path: Path, kind) -> None:
    data = random.Random(7).randbytes(600)
    result = import_csv(run, tmp_path, data) if kind == "csv" else add_json(run, tmp_path, data)
    assert "not a text file" in one_line(*result[::2])
    assert count(vault_dir) == 0


# -- files that are not files, and sizes --------------------------------------------------
@pytest.mark.parametrize("command", ["import", "add"])
def test_a_folder_or_a_missing_file_is_refused_in_one_line(
    run, vault_dir: Path, tmp_path: Path, command: str
) -> None:
    option = "--csv" if command == "import" else "--json"
    (tmp_path / "folder").mkdir()
    line = one_line(*run("case", command, option, str(tmp_path / "folder"))[::2])
    assert "folder" in line
    line = one_line(*run("case", command, option, str(tmp_path / "nothing"))[::2])
    assert "does not exist" in line


def test_a_cell_over_the_limit_is_refused_by_line(run, vault_dir: Path, tmp_path: Path) -> None:
    """Finding: a cell over 128 KiB gave a traceback from the csv module."""
    for size in (5_000, 140_000):
        data = f"given,family,declared_age\nSaba,Tesfay,14\nAmal,{'x' * size},15\n".encode()
        code, out, err = import_csv(run, tmp_path, data)
        line = one_line(code, err)
        assert "nothing was imported" in line
        assert out.splitlines() == [
            f"line 3: family: the cell holds {size} characters; one cell holds at most 2000."
        ]
    assert count(vault_dir) == 0


def test_a_file_over_the_size_limit_is_refused_unread(run, vault_dir: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b'{"names": {"given": "Saba"}, "birth": {"declared_age": 15}}')
        handle.write(b" " * (1 << 20))
    line = one_line(*run("case", "add", "--json", str(big))[::2])
    assert "1 MiB" in line
    assert count(vault_dir) == 0


# -- CSV shape -----------------------------------------------------------------------------
def test_a_duplicated_header_is_refused_not_read_as_its_last_column(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    """Finding: DictReader kept the last of two ``given`` columns and dropped the first."""
    line = one_line(
        *import_csv(run, tmp_path, b"given,family,given,declared_age\nAli,Rahimi,Omar,15\n")[::2]
    )
    assert "given" in line and "twice" in line
    assert count(vault_dir) == 0


def test_header_names_are_trimmed(run, vault_dir: Path, tmp_path: Path) -> None:
    """Finding: ``given, family`` (a space after the comma) dropped every family name."""
    code, _out, err = import_csv(
        run, tmp_path, b"given, family , declared_age\nAli, Rahimi,15\nSaba,Tesfay ,14\n"
    )
    assert code == 0, err
    assert names(vault_dir) == [("Ali", "Rahimi"), ("Saba", "Tesfay")]


def test_a_row_with_more_cells_than_the_header_is_refused(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    """Finding: a ragged row gave a traceback. A cell beyond the header has no column to
    go to, so the file is refused; a short row's missing cells are empty cells."""
    data = b"given,family,birth_date\nAli,Rahimi,2010,Kabul\nSaba,,2011\n"
    code, out, err = import_csv(run, tmp_path, data)
    one_line(code, err)
    assert out.splitlines() == ["line 2: row: the row has 4 cells; the header names 3 columns."]
    assert count(vault_dir) == 0

    # Missing cells at the end of a row are empty cells; empty cells beyond the header
    # (a spreadsheet's trailing commas) and rows of nothing but empty cells hold no data.
    data = b"given,declared_age,family\nAli,15\nSaba,14,,\n,,\n"
    code, out, err = import_csv(run, tmp_path, data)
    assert code == 0, out + err
    assert names(vault_dir) == [("Ali", ""), ("Saba", "")]


def test_a_file_with_one_bad_row_imports_nothing(run, vault_dir: Path, tmp_path: Path) -> None:
    """Taken whole or refused: good rows are not imported beside a bad one (importing the
    corrected file again would register those children twice)."""
    data = b"given,birth_date\nAli,2010\nSaba,2090\nAmal,2011\nHodan,2011-13\n"
    code, out, err = import_csv(run, tmp_path, data)
    line = one_line(code, err)
    assert line == (
        "harbour: 2 of 4 rows have problems (listed above); nothing was imported. "
        "Correct them and import the file again."
    )
    assert out.splitlines()[0] == "line 3: birth.date: The date of birth cannot be in the future."
    assert out.splitlines()[1].startswith("line 5: ")
    assert count(vault_dir) == 0


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("maybe", "interpreter_needed"),  # was read as "no"
        ("1_5", "declared_age"),  # was read as 15
        ("+2010", "birth_date"),  # was read as 2010
    ],
)
def test_a_cell_outside_its_format_is_refused_not_guessed(
    run, vault_dir: Path, tmp_path: Path, cell: str, column: str
) -> None:
    base = {"given": "Ali", "declared_age": "15"}
    base[column] = cell
    data = ",".join(base) + "\n" + ",".join(base.values()) + "\n"
    code, out, err = import_csv(run, tmp_path, data.encode())
    one_line(code, err)
    assert out.startswith("line 2: ")
    assert count(vault_dir) == 0


def test_unknown_columns_are_named_in_a_short_line(run, vault_dir: Path, tmp_path: Path) -> None:
    header = ",".join(["given", "x" * 140_000, *(f"col{i}" for i in range(30))])
    line = one_line(*import_csv(run, tmp_path, f"{header}\nAli\n".encode())[::2])
    assert line.startswith("harbour: Unknown columns: xxx")
    assert "col3, …." in line and len(line) < 200


def test_an_empty_file_or_a_header_alone_is_refused(run, vault_dir: Path, tmp_path: Path) -> None:
    assert "empty" in one_line(*import_csv(run, tmp_path, b"")[::2])
    assert "no rows" in one_line(*import_csv(run, tmp_path, b"given,family\n")[::2])
    assert "given" in one_line(*import_csv(run, tmp_path, b"family\nRahimi\n")[::2])


# -- strict JSON -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({**GOOD_CASE, "notes": "arrived with a cousin"}, "notes"),
        ({**GOOD_CASE, "names": {"given": "Yonas", "nickname_text": "Yoni"}}, "nickname_text"),
        ({**GOOD_CASE, "birth": {"declared_age": True}}, "birth.declared_age"),
        ({**GOOD_CASE, "birth": {"declared_age": "15"}}, "birth.declared_age"),
        ({**GOOD_CASE, "birth": {"declared_age": 15.0}}, "birth.declared_age"),
        ({**GOOD_CASE, "interpreter_needed": {"status": "answered", "value": 1}}, "value"),
        ({**GOOD_CASE, "names": {"given": 7}}, "names.given"),
    ],
)
def test_json_is_read_strictly(run, vault_dir: Path, tmp_path: Path, data, where: str) -> None:
    """Finding: unknown fields were dropped and ``true`` was stored as the age 1."""
    line = one_line(*add_json(run, tmp_path, data)[::2])
    assert where in line
    assert count(vault_dir) == 0


@pytest.mark.parametrize(
    "text",
    [
        '{"names": {"given": "Saba"}, "birth": {"declared_age": ' + "9" * 5000 + "}}",
        "[" * 100_000 + "]" * 100_000,
        '{"names": {"given": "Saba"}, "birth": {"declared_age": 15}',
        "",
        '{"names": {"given": "\\ud800"}, "birth": {"declared_age": 15}}',
    ],
    ids=["5000 digits", "deep nesting", "cut short", "empty", "lone surrogate"],
)
def test_json_that_cannot_be_read_is_one_line(
    run, vault_dir: Path, tmp_path: Path, text: str
) -> None:
    line = one_line(*add_json(run, tmp_path, text.encode())[::2])
    assert "case.json" in line
    assert len(line) < 300
    assert count(vault_dir) == 0


# -- names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("\u200b\u200b", "has no visible letter"),
        ("\u3164", "has no visible letter"),  # Hangul filler: a letter nobody sees
        ("\x1b[31mAli", "control character (U+001B)"),
        ("Ali\u202eilA", "changes the writing direction (U+202E)"),
        ("Ali\u200bRahimi", "invisible character (U+200B)"),
        ("Jo\u200chn", "invisible character (U+200C)"),  # ZWNJ where Latin has no use for it
    ],
)
def test_a_name_breaking_the_text_rules_is_refused_by_add_and_by_import(
    run, vault_dir: Path, tmp_path: Path, given: str, message: str
) -> None:
    line = one_line(*add_json(run, tmp_path, {**GOOD_CASE, "names": {"given": given}})[::2])
    assert line.startswith("harbour: names.given: ") and message in line
    data = f"given,declared_age\n{given},15\n".encode()
    code, out, err = import_csv(run, tmp_path, data)
    one_line(code, err)
    assert out.startswith("line 2: names.given: ") and message in out
    assert not any(ch in out for ch in ESCAPES)
    assert count(vault_dir) == 0


def test_a_persian_name_keeps_its_zero_width_non_joiner(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    """گل‌احمد carries U+200C between two Arabic-script letters: it is part of the name."""
    code, _out, err = import_csv(run, tmp_path, "given,declared_age\nگل\u200cاحمد,15\n".encode())
    assert code == 0, err
    assert names(vault_dir) == [("گل\u200cاحمد", "")]


def test_names_are_stored_in_nfc(run, vault_dir: Path, tmp_path: Path) -> None:
    """The same name typed with a combining accent and precomposed is one name."""
    code, _out, err = add_json(run, tmp_path, {**GOOD_CASE, "names": {"given": "Jose\u0301"}})
    assert code == 0, err
    assert names(vault_dir) == [("José", "")]


def test_what_reaches_the_terminal_has_control_characters_escaped(
    run, vault_dir: Path, tmp_path: Path
) -> None:
    """A name stored before these rules (or any text) is printed escaped, never raw."""
    from app.storage.case_index import CASE_KIND
    from app.storage.records import Records

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = cases.register_case(session, cases.CaseDraft.model_validate(GOOD_CASE))
        fields = cases.read_case(session, row.id).fields
        fields["names"]["given"] = "Yonas \x1b]0;owned\x07\u202e"
        Records(session.vault).update(row.id, {"names": fields["names"]}, user_id=session.user.id)
        assert Records(session.vault).get(row.id).kind == CASE_KIND
    finally:
        session.close()
    code, out, err = run("case", "find", "--name", "Yonas Kidane")
    assert code == 0, err
    assert "Yonas \\u001b]0;owned\\u0007\\u202e Kidane" in out
    assert not any(ch in out for ch in ESCAPES)
    code, out, err = run("case", "find", "--name", "Yonas Kidane", "--json")
    assert json.loads(out.splitlines()[0])["name"] == "Yonas \x1b]0;owned\x07\u202e Kidane"
    assert not any(ch in out for ch in ESCAPES)

    missing = tmp_path / "\x1b[2Jgone\u202e.csv"
    line = one_line(*run("case", "import", "--csv", str(missing))[::2])
    assert "\\u001b[2Jgone\\u202e.csv" in line


def test_a_usage_error_echoes_the_argument_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["doctor", "--vault", "v", "--as", "M", "\x1b[2J\u202e"])
    err = capsys.readouterr().err
    assert "unrecognized arguments: \\u001b[2J\\u202e" in err
    assert not any(ch in err for ch in ESCAPES)


# -- disk full during demo ----------------------------------------------------------------
def test_a_full_disk_during_demo_says_how_many_cases_were_saved(
    run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding: "nothing was saved" after 500 cases were saved. Each batch of 500 is one
    transaction; the batch that meets the full disk is rolled back whole."""
    real = cases.import_cases
    calls = []

    def filling(session, drafts, **kw):
        calls.append(len(drafts))
        if len(calls) == 2:
            raise DiskFull()
        return real(session, drafts, **kw)

    monkeypatch.setattr(cases, "import_cases", filling)
    code, _out, err = run("demo", "--cases", "1200", "--seed", "3")
    line = one_line(code, err)
    assert line == (
        "harbour: The disk is full: 500 of 1200 cases were saved before it filled, the "
        "others were not. Free some space."
    )
    assert count(vault_dir) == 500
