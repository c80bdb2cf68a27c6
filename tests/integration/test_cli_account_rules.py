"""The command line obeys the desktop's account rules (issue 11, item 6), run for real."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from app.domain.audit import AuditAction
from app.services import attempts, auth
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, assert_one_line_error, harbour

pytestmark = pytest.mark.slow

OFFICER = "Officer Bea"
TEMP_PASS = "copper lantern beside 19 wells"
OWN_PASS = "silent orchard under 58 stars"
NEW_OWN_PASS = "quiet harbour after 77 storms"


def _add_officer(vault: Path) -> None:
    """An officer whose passphrase a manager has just reset: it is temporary."""
    assert_ok(
        harbour(
            "user", "add", "--vault", str(vault), "--as", MANAGER, "--user", OFFICER,
            "--role", "intake_officer", passphrase=MANAGER_PASS, new_passphrase=OWN_PASS,
        )
    )  # fmt: skip
    assert_ok(
        harbour(
            "user", "passwd", "--vault", str(vault), "--as", MANAGER, "--user", OFFICER,
            passphrase=MANAGER_PASS, new_passphrase=TEMP_PASS,
        )
    )  # fmt: skip


def _find(vault: Path, passphrase: str, who: str = OFFICER):
    return harbour(
        "case", "find", "--vault", str(vault), "--as", who, "--name", "Amina", "--json",
        passphrase=passphrase,
    )  # fmt: skip


def _add_case(vault: Path, tmp_path: Path, passphrase: str):
    draft = tmp_path / "case.json"
    draft.write_text(
        json.dumps({"names": {"given": "Amina", "family": "Test"}, "birth": {"declared_age": 15}}),
        "utf-8",
    )
    return harbour(
        "case", "add", "--vault", str(vault), "--as", OFFICER, "--json", str(draft),
        passphrase=passphrase,
    )  # fmt: skip


def test_a_temporary_passphrase_must_be_changed_before_any_case_command(
    vault_dir: Path, tmp_path: Path
) -> None:
    _add_officer(vault_dir)
    for result in (_find(vault_dir, TEMP_PASS), _add_case(vault_dir, tmp_path, TEMP_PASS)):
        line = assert_one_line_error(result)
        assert "temporary passphrase" in line and "harbour user passwd" in line
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        from app.services import cases

        assert cases.count_cases(session) == 0  # the refused add saved nothing
    finally:
        session.close()
    assert_ok(
        harbour(
            "user", "passwd", "--vault", str(vault_dir), "--user", OFFICER,
            passphrase=TEMP_PASS, new_passphrase=NEW_OWN_PASS,
        )
    )  # fmt: skip
    assert_ok(_add_case(vault_dir, tmp_path, NEW_OWN_PASS))
    assert_ok(_find(vault_dir, NEW_OWN_PASS))


def test_wrong_passphrases_slow_the_next_command_and_reach_the_audit(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import cli

    for _ in range(3):
        line = assert_one_line_error(_find(vault_dir, "not the passphrase at all", MANAGER))
        assert "passphrase is not correct" in line
    # The third slip starts a delay (1 s): the next command is refused without a try, even
    # with the right passphrase, and says how long to wait. Run in this process, so that
    # starting a new one on a loaded machine cannot outlast the delay.
    monkeypatch.setenv("HARBOUR_PASSPHRASE", MANAGER_PASS)
    args = ["case", "find", "--vault", str(vault_dir), "--as", MANAGER, "--name", "Amina"]
    assert cli.main(args) == 1
    line = capsys.readouterr().err.strip()
    assert re.fullmatch(r"harbour: Too many wrong passphrases\. Try again in \d+ seconds\.", line)
    file = attempts.attempts_file()
    assert file.stat().st_mode & 0o777 == 0o600
    time.sleep(attempts.load(vault_dir).remaining_seconds(MANAGER) + 0.1)  # wall-clock delay
    assert_ok(_find(vault_dir, MANAGER_PASS, MANAGER))
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        rows = session.vault.query(
            "SELECT detail FROM audit WHERE action = ?", (AuditAction.FAILED_SIGN_IN.value,)
        )
    finally:
        session.close()
    assert rows == [("3 wrong passphrase(s) on this computer",)]
    assert attempts.load(vault_dir).failures == {}  # a success resets the count
