"""Issue 12, point 15: the README's command-line table is one table. A blank line inside a
Markdown table ends it, and the rows after it are printed as plain text (three rows of the
CLI table were once pushed out that way)."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def tables(lines: list[str]) -> list[list[str]]:
    """Each run of consecutive lines starting with "|"."""
    found: list[list[str]] = []
    previous = False
    for line in lines:
        row = line.startswith("|")
        if row and not previous:
            found.append([])
        if row:
            found[-1].append(line)
        previous = row
    return found


def test_every_harbour_command_row_is_in_the_one_command_table() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    commands = [t for t in tables(lines) if any(r.startswith("| `harbour ") for r in t)]
    assert len(commands) == 1, [t[0] for t in commands]
    table = commands[0]
    assert table[0] == "| command | what it does |"
    assert table[1] == "| --- | --- |"
    assert all(row.startswith("| `harbour ") for row in table[2:])
    assert len(table) > 20


def test_the_developer_commands_are_one_table() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Developer commands")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    assert len(tables(lines[start:end])) == 1
