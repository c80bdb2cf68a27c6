"""`harbour referral list --overdue` over 100,000 cases (issue 15: target < 500 ms).

Uses the cached bench vault of bench/cases.py (built per schema version, so a vault from
before the referral index is rebuilt, not migrated): its demo fill opens a guardian
referral for every unaccompanied or separated child in the registration's transaction,
with registrations spread over eight weeks. Measures the service the command calls
(``referrals.list_referrals(overdue=True)``) and the whole command's output (JSON lines),
median of several runs, and states how many referrals were listed.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import time

from bench.cases import MANAGER, PASSPHRASE, TODAY, cached_vault
from bench.common import figure, machine

REPEATS = 7


def run() -> None:
    import datetime as dt

    from app.services import auth, referrals

    count = int(os.environ.get("HARBOUR_BENCH_CASES", "100000"))
    print(f"# machine: {machine()}")
    folder = cached_vault(count)
    session = auth.sign_in(folder / "vault", MANAGER, PASSPHRASE)
    today = TODAY + dt.timedelta(days=21)  # three weeks after the fill: many overdue
    try:
        service, command = [], []
        listed = 0
        for _ in range(REPEATS):
            start = time.perf_counter()
            found = referrals.list_referrals(session, overdue=True, today=today)
            service.append((time.perf_counter() - start) * 1000)
            listed = len(found)
            start = time.perf_counter()
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                _print_json(referrals.list_referrals(session, overdue=True, today=today))
            command.append((time.perf_counter() - start) * 1000)
        every = len(referrals.list_referrals(session, today=today))
    finally:
        session.close()
    print(f"  {count} cases, {every} referrals, {listed} overdue on {today}")
    figure("referral_list_overdue_100k_median_ms", statistics.median(service), "ms", target=500)
    figure(
        "referral_list_overdue_json_100k_median_ms",
        statistics.median(command),
        "ms",
        target=500,
        note="service + one JSON line per referral (what the command prints)",
    )


def _print_json(items) -> None:
    """What ``harbour referral list --json`` prints (app/cli.py cmd_referral_list)."""
    import sys

    from app.domain.text import terminal_safe
    from app.services.referrals import json_line

    sys.stdout.write("".join(terminal_safe(json_line(i), json=True) + "\n" for i in items))


if __name__ == "__main__":
    run()
