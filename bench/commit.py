"""Commit time of a real ``cases.register_case`` for each journal setting, in one run.

Issue 11, finding 5: with a write-ahead log, committed cases lived in the ``-wal`` file until
a checkpoint, so a damaged or deleted ``-wal`` dropped them silently. The vault now uses a
rollback journal with ``synchronous = EXTRA`` and stamps every transaction
(``app/storage/commits.py``; the choice is argued in ``app/storage/vault.py``). This
measures what that costs where it is felt: one case registered through the service (two
write transactions: the case number, then the case with its change rows, index rows and
audit entry; then the row read back), and one import batch of 500 cases (what
``harbour demo`` and ``case import`` commit at a time).

Each setting gets its own small vault (test-suite Argon2id cost, 200 cases first), all
open at once; registrations are interleaved setting by setting so that load from other
processes hits them alike. Settings (journal mode, synchronous, stamp):

  before          WAL, FULL, no stamp: the write path before issue 11
  vault           what ``_connect`` sets now: DELETE, EXTRA, stamp
  vault_no_stamp  DELETE, EXTRA without the stamp (the stamp's own cost)
  delete_full     DELETE, FULL, stamp (EXTRA's cost: a sync of the folder per commit)
  truncate_full   TRUNCATE, FULL, stamp (the journal truncated instead of deleted)

``HARBOUR_BENCH_COMMITS`` sets the number of timed registrations per setting (100).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import figure, median

PASSPHRASE = "bench anchor lighthouse 42"
MANAGER = "Bench Manager"
TODAY = dt.date(2026, 11, 23)
WARM = 200
BATCH = 500
BATCHES = 3
# name: (journal_mode, synchronous, stamp); None: as the vault opens
SETTINGS: dict[str, tuple[str, str, bool] | None] = {
    "before": ("WAL", "FULL", False),
    "vault": None,
    "vault_no_stamp": ("DELETE", "EXTRA", False),
    "delete_full": ("DELETE", "FULL", True),
    "truncate_full": ("TRUNCATE", "FULL", True),
}


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


@contextlib.contextmanager
def _stamp(on: bool) -> Iterator[None]:
    """Without the stamp: ``Vault.transaction`` as it was before issue 11."""
    from app.storage import commits

    if on:
        yield
        return
    begin, stamp = commits.begin, commits.stamp
    commits.begin = lambda conn: 0
    commits.stamp = lambda conn, before: None
    try:
        yield
    finally:
        commits.begin, commits.stamp = begin, stamp


def run() -> None:
    from app.services import cases, setup
    from app.storage.keyslots import KdfParams
    from app.synthetic import synthetic_cases

    runs = int(os.environ.get("HARBOUR_BENCH_COMMITS", "100"))
    drafts = list(synthetic_cases(WARM + runs + BATCH * BATCHES, 11, TODAY))
    warm, timed, batches = drafts[:WARM], drafts[WARM : WARM + runs], drafts[WARM + runs :]
    stamped = {name: setting is None or setting[2] for name, setting in SETTINGS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        sessions = {}
        try:
            for name, setting in SETTINGS.items():
                session, _code = setup.create_vault(
                    Path(tmp) / name,
                    organisation="Bench Org",
                    centre="Bench Centre",
                    user_name=MANAGER,
                    passphrase=PASSPHRASE,
                    kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
                )
                sessions[name] = session
                if setting is not None:
                    mode, sync, _stamped = setting
                    session.vault.conn.execute(f"PRAGMA journal_mode = {mode}")
                    session.vault.conn.execute(f"PRAGMA synchronous = {sync}")
                with _stamp(stamped[name]):
                    cases.import_cases(session, warm, today=TODAY)
            vault_mode = sessions["vault"].vault.query("PRAGMA journal_mode")[0][0]
            vault_sync = sessions["vault"].vault.query("PRAGMA synchronous")[0][0]
            times: dict[str, list[float]] = {name: [] for name in SETTINGS}
            order = list(SETTINGS)
            for i, draft in enumerate(timed):
                for name in order if i % 2 == 0 else reversed(order):
                    with _stamp(stamped[name]):
                        start = time.perf_counter()
                        cases.register_case(sessions[name], draft, today=TODAY)
                        times[name].append((time.perf_counter() - start) * 1000)
            imports: dict[str, list[float]] = {"before": [], "vault": []}
            for i in range(BATCHES):
                batch = batches[i * BATCH : (i + 1) * BATCH]
                for name in ("before", "vault") if i % 2 == 0 else ("vault", "before"):
                    with _stamp(stamped[name]):
                        start = time.perf_counter()
                        cases.import_cases(sessions[name], batch, today=TODAY)
                        imports[name].append((time.perf_counter() - start) * 1000)
        finally:
            for session in sessions.values():
                session.close()
    sync_names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    notes = {
        "before": "before issue 11: WAL, synchronous=FULL, no stamp",
        "vault": f"the vault now: journal_mode={vault_mode}, "
        f"synchronous={sync_names.get(vault_sync, vault_sync)}, stamp",
        "vault_no_stamp": "DELETE, EXTRA, no stamp",
        "delete_full": "DELETE, FULL, stamp",
        "truncate_full": "TRUNCATE, FULL, stamp",
    }
    for name in SETTINGS:
        figure(
            f"register_case_{name}_median_ms",
            median(times[name]),
            "ms",
            note=f"{notes[name]}; {runs} cases, 2 commits each",
        )
        figure(f"register_case_{name}_p90_ms", _p90(times[name]), "ms")
    figure(
        "register_case_vault_over_before_ratio",
        median(times["vault"]) / median(times["before"]),
        "ratio",
        note="median: the vault's setting against the write path before issue 11",
    )
    for name in ("before", "vault"):
        figure(
            f"import_{BATCH}_{name}_median_ms",
            median(imports[name]),
            "ms",
            note=f"{notes[name]}; {BATCHES} batches of {BATCH} cases, one commit each",
        )
