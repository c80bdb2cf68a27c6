"""``harbour referral list``, ``case missing|found`` and ``stats`` run for real on a demo
vault (issue 15, item 10)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, harbour

pytestmark = pytest.mark.slow


def run(*args: str):
    return harbour(*args, passphrase=MANAGER_PASS)


@pytest.fixture
def demo_vault(vault_dir: Path) -> Path:
    assert_ok(run("demo", "--vault", str(vault_dir), "--as", MANAGER, "--cases", "120"))
    return vault_dir


def test_referral_list_overdue_json_shows_days_late(demo_vault: Path) -> None:
    result = run("referral", "list", "--vault", str(demo_vault), "--as", MANAGER, "--json")
    assert_ok(result)
    every = [json.loads(line) for line in result.stdout.splitlines()]
    states = {(r["type"], r["state"]) for r in every}
    assert {("guardian", "draft"), ("guardian", "sent"), ("guardian", "accepted")} <= states
    result = run(
        "referral", "list", "--vault", str(demo_vault), "--as", MANAGER, "--overdue", "--json"
    )
    assert_ok(result)
    overdue = [json.loads(line) for line in result.stdout.splitlines()]
    assert overdue, "a demo vault spread over eight weeks has overdue referrals"
    today = dt.date.today()
    for item in overdue:
        assert {"case_id", "case_number", "type", "state", "due", "days_late"} <= set(item)
        assert item["state"] in ("draft", "sent")
        assert item["days_late"] == (today - dt.date.fromisoformat(item["due"])).days > 0
    lates = [item["days_late"] for item in overdue]
    assert len(overdue) < len(every)
    assert max(lates) >= 14  # some are weeks late


def test_case_missing_and_found_and_the_stats_export(demo_vault: Path, tmp_path: Path) -> None:
    listed = run("case", "list", "--vault", str(demo_vault), "--as", MANAGER, "--json")
    # The demo marks two children missing (which ones come first depends on the day):
    # take a child who is not.
    number = next(
        case["number"]
        for case in map(json.loads, listed.stdout.splitlines())
        if case["status"] != "missing"
    )
    assert_ok(
        run(
            "case", "missing", "--vault", str(demo_vault), "--as", MANAGER, "--case", number,
            "--where", "station", "--clothing", "green coat", "--told", "police",
        )
    )  # fmt: skip
    result = run("referral", "list", "--vault", str(demo_vault), "--as", MANAGER, "--json")
    mine = [json.loads(x) for x in result.stdout.splitlines() if number in x]
    assert ("police_missing", "sent") in {(r["type"], r["state"]) for r in mine}
    assert_ok(
        run(
            "case", "found", "--vault", str(demo_vault), "--as", MANAGER, "--case", number,
            "--where", "park", "--condition", "well",
        )
    )  # fmt: skip
    out = tmp_path / "stats.csv"
    assert_ok(run("stats", "--vault", str(demo_vault), "--as", MANAGER, "--out", str(out)))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    cells = [r[3] for r in rows[1:]]
    assert not [c for c in cells if c in {"1", "2", "3", "4"}]
    assert out.stat().st_mode & 0o077 == 0  # written privately
