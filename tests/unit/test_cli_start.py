"""What every ``harbour`` command pays before it starts (issue 15 bench line: the whole
``referral list --overdue`` under 500 ms): the parser is built without reading the
package metadata; ``--version`` still reads it, on stdout as argparse printed it."""

from __future__ import annotations

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
    (30 ms; an English command translates nothing)."""
    import os

    from tests.conftest import MANAGER, MANAGER_PASS

    code = (
        "import sys\nfrom app import cli\n"
        f"code = cli.main(['referral', 'list', '--vault', {str(vault_dir)!r}, '--as',"
        f" {MANAGER!r}, '--overdue', '--json'])\n"
        "heavy = ('app.storage.case_index', 'app.domain.case', 'app.domain.information',"
        " 'babel')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = dict(os.environ, HARBOUR_PASSPHRASE=MANAGER_PASS)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stderr.strip().splitlines()[-1] == "0 []", result.stderr
