"""The laptop's sync commands against the real server process: `harbour enrol`,
`devices list|approve|revoke`, `sync --json`, `bundle export|import` (one line each,
non-zero with a reason on failure)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.domain.case import Birth, CaseDraft, Names
from app.services import auth, cases
from server.store import Store
from tests.conftest import MANAGER, MANAGER_PASS
from tests.server.harness import ServerProcess, start_server

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Store]]:
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    admin = Store(f"sqlite:///{db}")
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", "Synthetic Aid Org")
    process = start_server(f"sqlite:///{db}", tmp_path / "server" / "log.txt")
    try:
        yield process, admin
    finally:
        process.stop()
        admin.close()


def _run(capsys, *argv: str) -> tuple[int, list[str], str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line], err


def _register(folder: Path, given: str) -> None:
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        cases.register_case(
            session, CaseDraft(names=Names(given=given), birth=Birth(declared_age=14))
        )
    finally:
        session.close()


def _names(capsys, folder: Path) -> set[str]:  # type: ignore[no-untyped-def]
    code, lines, _ = _run(capsys, "case", "list", "--vault", str(folder), "--as", MANAGER, "--json")
    assert code == 0
    return {json.loads(line)["names"]["original"] for line in lines}


def test_enrol_devices_sync_and_bundles_from_the_command_line(  # type: ignore[no-untyped-def]
    server, vault_dir, tmp_path, template_vault, capsys, monkeypatch
) -> None:
    process, admin = server
    monkeypatch.setenv("HARBOUR_PASSPHRASE", MANAGER_PASS)
    monkeypatch.setenv("HARBOUR_LANGUAGE", "en")
    b_dir = tmp_path / "vault_b"
    shutil.copytree(template_vault[0], b_dir)
    a, b = str(vault_dir), str(b_dir)

    code, lines, _ = _run(
        capsys,
        "enrol",
        "--vault",
        a,
        "--as",
        MANAGER,
        "--server",
        process.url,
        "--code",
        admin.issue_enrol_code("NRC", manager=True),
    )
    assert code == 0 and len(lines) == 1 and "status: active" in lines[0]
    code, lines, _ = _run(
        capsys,
        "enrol",
        "--vault",
        b,
        "--as",
        MANAGER,
        "--server",
        process.url,
        "--code",
        admin.issue_enrol_code("NRC"),
    )
    assert code == 0 and "status: pending" in lines[0]
    code, _, err = _run(
        capsys,
        "enrol",
        "--vault",
        b,
        "--as",
        MANAGER,
        "--server",
        process.url,
        "--code",
        "0000000000000000000000000A",
    )
    assert code == 1 and err.count("\n") == 1 and "not known" in err

    code, lines, _ = _run(capsys, "devices", "list", "--vault", a, "--as", MANAGER, "--json")
    devices = [json.loads(line) for line in lines]
    assert code == 0 and sorted(d["status"] for d in devices) == ["active", "pending"]
    pending = next(d["id"] for d in devices if d["status"] == "pending")
    assert {"id", "name", "status"} <= set(devices[0])
    code, _, err = _run(capsys, "sync", "--vault", b, "--as", MANAGER)
    assert code == 1 and "approval" in err and err.count("\n") == 1
    code, lines, _ = _run(
        capsys, "devices", "approve", "--vault", a, "--as", MANAGER, "--device", pending
    )
    assert code == 0 and len(lines) == 1

    _register(vault_dir, "Nasrin")
    code, lines, _ = _run(capsys, "sync", "--vault", a, "--as", MANAGER, "--json")
    result = json.loads(lines[0])
    assert code == 0 and result["state"] == "synced" and result["pushed"] > 0
    code, lines, _ = _run(capsys, "sync", "--vault", b, "--as", MANAGER, "--json")
    assert code == 0 and json.loads(lines[0])["pulled"] > 0
    assert "Nasrin" in _names(capsys, b_dir)

    # Offline: a bundle from B to A under a passphrase, then to A's device key.
    _register(b_dir, "Tesfay")
    monkeypatch.setenv("HARBOUR_BUNDLE_PASSPHRASE", "river stone 12 harbour")
    file = tmp_path / "out" / "b.bundle"
    file.parent.mkdir()
    code, lines, _ = _run(
        capsys, "bundle", "export", "--vault", b, "--as", MANAGER, "--file", str(file)
    )
    assert code == 0 and len(lines) == 1
    data = file.read_bytes()
    assert b"Tesfay" not in data
    mutated = tmp_path / "out" / "mutated.bundle"
    mutated.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    truncated = tmp_path / "out" / "truncated.bundle"
    truncated.write_bytes(data[: len(data) // 2])
    for bad in (mutated, truncated):
        code, _, err = _run(
            capsys, "bundle", "import", "--vault", a, "--as", MANAGER, "--file", str(bad)
        )
        assert code == 1 and err.count("\n") == 1 and "nothing was imported" in err
    assert "Tesfay" not in _names(capsys, vault_dir)
    code, lines, _ = _run(
        capsys, "bundle", "import", "--vault", a, "--as", MANAGER, "--file", str(file)
    )
    assert code == 0 and len(lines) == 1
    assert "Tesfay" in _names(capsys, vault_dir)
    code, _, err = _run(
        capsys, "bundle", "import", "--vault", a, "--as", MANAGER, "--file", str(file)
    )
    assert code == 1 and "imported already" in err
    assert len(_names(capsys, vault_dir)) == len(_names(capsys, b_dir))

    # Both laptops correct the same Latin spelling apart: one conflict for a manager.
    for folder, latin in ((vault_dir, "Nasreen"), (b_dir, "Nasrine")):
        session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
        try:
            row = next(r for r in cases.query_cases(session) if r.display_name == "Nasrin")
            draft = cases.open_case(session, row.id).draft
            names = draft.names.model_copy(update={"given_latin": latin})
            cases.update_case(session, row.id, draft.model_copy(update={"names": names}))
        finally:
            session.close()
    for folder in (a, b, a):
        assert _run(capsys, "sync", "--vault", folder, "--as", MANAGER)[0] == 0
    code, lines, _ = _run(capsys, "conflicts", "--vault", a, "--as", MANAGER, "--json")
    found = [json.loads(line) for line in lines]
    assert code == 0 and [c["kind"] for c in found] == ["path"]
    assert "Nasreen" in lines[0] and "Nasrine" in lines[0]  # both values, for a manager
    code, lines, _ = _run(
        capsys, "devices", "revoke", "--vault", a, "--as", MANAGER, "--device", pending
    )
    assert code == 0
    code, _, err = _run(capsys, "sync", "--vault", b, "--as", MANAGER)
    assert code == 1 and "revoked" in err
