"""What every ``harbour`` command pays before it starts (issue 15 bench line: the whole
``referral list --overdue`` under 500 ms): the parser is built without reading the
package metadata; ``--version`` still reads it, on stdout as argparse printed it."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from app import cli


def test_version_is_read_when_asked_for(capsys) -> None:
    from app import __version__

    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"harbour {__version__}\n"


def test_building_the_parser_reads_no_package_metadata() -> None:
    code = (
        "import sys, app.cli; app.cli.build_parser();"
        " print(sorted(m for m in ('importlib.metadata', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_referral_list_imports_no_case_model(vault_dir) -> None:
    """The whole command in a fresh process signs in (which imports the interpreters'
    drop, ``information``) and lists without importing the case models, the case index
    or the information models (about 60 ms of CPU they took at every sign-in), nor Babel
    (30 ms; an English command translates nothing), nor pydantic (the country profile's
    model: about 110 ms; the list reads the profile's working-day calendar alone)."""
    import os

    from tests.conftest import MANAGER, MANAGER_PASS

    code = (
        "import sys\nfrom app import cli\n"
        f"code = cli.main(['referral', 'list', '--vault', {str(vault_dir)!r}, '--as',"
        f" {MANAGER!r}, '--overdue', '--json'])\n"
        "heavy = ('app.storage.case_index', 'app.domain.case', 'app.domain.information',"
        " 'babel', 'pydantic')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = dict(os.environ, HARBOUR_PASSPHRASE=MANAGER_PASS)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stderr.strip().splitlines()[-1] == "0 []", result.stderr


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_all_parsers(sub))
    return found


def _top_level(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no commands")


def _name(handler) -> str | None:
    return None if handler is None else f"{handler.__module__}.{handler.__qualname__}"


def test_the_named_command_alone_is_built_exactly_as_in_the_whole_parser() -> None:
    whole = _top_level(cli.build_parser())
    assert len(whole) >= 15
    for name, full in whole.items():
        alone = _top_level(cli.build_parser(only=name))
        assert list(alone) == [name]
        expected = [(p.prog, p.format_help()) for p in _all_parsers(full)]
        assert [(p.prog, p.format_help()) for p in _all_parsers(alone[name])] == expected
        handlers = [_name(p.get_default("handler")) for p in _all_parsers(full)]
        assert [_name(p.get_default("handler")) for p in _all_parsers(alone[name])] == handlers
    # an unknown name, an option first: the whole parser (its usage lists every command)
    assert list(_top_level(cli.build_parser(only="nosuch"))) == list(whole)


def test_an_unknown_command_is_refused_with_every_command_named(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["nosuch"])
    assert stopped.value.code == 2
    assert "'referral'" in capsys.readouterr().err
