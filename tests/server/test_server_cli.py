"""`harbour server …` and `harbour serve`: each prints one line, or one line of reason on
stderr and exits 1 (issue 16, item 8), over both stores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from server.store import CROCKFORD, Store, normalise_enrol_code
from tests.server.harness import harbour, new_database

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
    else:
        yield new_database(request.getfixturevalue("pg"), f"cli_{uuid.uuid4().hex[:12]}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_admin_commands_each_print_one_line(url: str, capsys: Any) -> None:
    assert run(capsys, "server", "init", "--store", url) == (
        0,
        ["store ready at schema 3 (migrations 1, 2, 3 applied)"],
        [],
    )
    assert run(capsys, "server", "init", "--store", url)[1] == [
        "store ready at schema 3 (already current)"
    ]
    code, out, _ = run(
        capsys, "server", "centre", "add", "--store", url, "--code", "nrc", "--name", "North"
    )
    assert code == 0 and len(out) == 1 and out[0].startswith("centre NRC added: ")
    code, out, err = run(capsys, "server", "enrol", "--store", url, "--centre", "NRC")
    assert code == 0 and len(out) == 1 and len(err) == 1
    symbols = normalise_enrol_code(out[-1])
    assert len(symbols) * 5 >= 128 and set(symbols) <= set(CROCKFORD)
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT code_hash FROM enrol_codes").all()
    finally:
        store.close()
    assert len(rows) == 1 and symbols not in rows[0][0] and out[-1] not in rows[0][0]


def test_admin_commands_fail_in_one_line_with_a_reason(url: str, capsys: Any) -> None:
    code, out, err = run(
        capsys, "server", "centre", "add", "--store", url, "--code", "A", "--name", "B"
    )
    assert (code, out, len(err)) == (1, [], 1) and "harbour server init" in err[0]
    if url.startswith("sqlite"):
        assert not Path(url.removeprefix("sqlite:///")).exists()  # no empty store left behind
    run(capsys, "server", "init", "--store", url)
    run(capsys, "server", "centre", "add", "--store", url, "--code", "A", "--name", "B")
    failures = [
        ("server", "centre", "add", "--store", url, "--code", "a", "--name", "Again"),
        ("server", "enrol", "--store", url, "--centre", "ZZ"),
        ("server", "revoke", "--store", url, "--device", "nope"),
        ("server", "revoke", "--store", url, "--device", str(uuid.uuid4())),
        ("server", "init", "--store", "mysql://somewhere/db"),
        ("serve", "--store", "sqlite:////nonexistent/folder/s.db", "--port", "8999"),
    ]
    for argv in failures:
        code, out, err = run(capsys, *argv)
        assert (code, out, len(err)) == (1, [], 1), (argv, err)
        assert err[0].startswith("harbour: ")


def test_a_postgres_password_never_reaches_the_output(capsys: Any) -> None:
    url = "postgresql://harbour:S3cretPw@127.0.0.1:1/none?connect_timeout=2"
    code, out, err = run(capsys, "server", "init", "--store", url)
    assert code == 1 and out == [] and len(err) == 1 and "S3cretPw" not in err[0], err


def test_serve_refuses_a_bad_port_as_a_usage_error(tmp_path: Path) -> None:
    done = harbour(
        "serve",
        "--store",
        f"sqlite:///{tmp_path}/s.db",
        "--port",
        "99999",
        env={"HARBOUR_HOME": str(tmp_path / "home")},
    )
    assert done.returncode == 2 and "port" in done.stderr and "Traceback" not in done.stderr
