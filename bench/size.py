"""Vault size: bytes per 1,000 cases, and what one edit and one autosave add (issue 14).

    python -m bench size                  # 10,000 cases
    HARBOUR_BENCH_SIZE=100000 python -m bench size

Builds a vault of synthetic cases (``harbour demo``'s generator, in batches of one
transaction each, as an import does), then reports the database file's size per 1,000
cases, the bytes each table's rows hold (payload, without B-tree overhead: SQLCipher is
built without ``dbstat``), and the change-log rows and file growth of 200 section edits
and 200 intake autosaves. Targets: ≤ 7 MB per 1,000 cases at 100,000; 0 bytes to the
permanent log per autosave.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

from app.services import cases, demo, setup
from app.storage.keyslots import KdfParams

TABLE_PAYLOAD = {
    "records": "SELECT count(*), sum(length(id) + length(kind) + length(fields)"
    " + length(created_at) + length(updated_at) + 8) FROM records",
    "change_log": "SELECT count(*), sum(16 + 16 + length(kind) + length(path)"
    " + coalesce(length(value), 0) + 8 + 8 + 6) FROM change_log",
    "case_index": "SELECT count(*), sum(length(record_id) + length(case_number)"
    " + length(sort_name) + length(display_name) + length(display_latin)"
    " + length(profile) + 60) FROM case_index",
    "name_keys": "SELECT count(*), sum(length(key) + length(record_id)) FROM name_keys",
    "name_terms": "SELECT count(*), sum(length(term) + length(record_id)) FROM name_terms",
    "audit": "SELECT count(*), sum(length(at) + coalesce(length(user_id), 0) + length(action)"
    " + coalesce(length(record_id), 0) + length(detail) + 128) FROM audit",
}


def _file_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("harbour-*.db*"))


def run() -> None:
    count = int(os.environ.get("HARBOUR_BENCH_SIZE", "10000"))
    work = Path(tempfile.mkdtemp(prefix="harbour-size-"))
    try:
        folder = work / "vault"
        session, _code = setup.create_vault(
            folder,
            organisation="Synthetic Aid Org",
            centre="North Reception Centre",
            user_name="Manager One",
            passphrase="anchor lighthouse 42 tide",
            kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
        )
        started = time.perf_counter()
        demo.fill(session, count=count, seed=7, today=dt.date(2026, 11, 27))
        built = time.perf_counter() - started
        size = _file_bytes(folder)
        print(f"cases                     {count:>12,}   (built in {built:.0f} s)")
        print(f"database file             {size:>12,} B")
        print(f"per 1,000 cases           {size / count * 1000 / 1e6:>12.2f} MB   (target <= 7)")
        for table, sql in TABLE_PAYLOAD.items():
            rows, payload = session.vault.query(sql)[0]
            print(
                f"  {table:<12} rows {rows:>10,}  payload {payload or 0:>13,} B"
                f"  ({(payload or 0) / count:,.0f} B per case)"
            )

        ids = [r.id for r in cases.query_cases(session, limit=200)]
        log_before = session.vault.query("SELECT count(*), sum(length(value)) FROM change_log")[0]
        file_before = _file_bytes(folder)
        for case_id in ids:
            draft = cases.open_case(session, case_id).draft
            names = draft.names.model_copy(update={"aliases": [*draft.names.aliases, "Alias"]})
            cases.update_case(session, case_id, draft.model_copy(update={"names": names}))
        log_after = session.vault.query("SELECT count(*), sum(length(value)) FROM change_log")[0]
        rows = log_after[0] - log_before[0]
        print(
            f"section edit (an alias)   {rows / len(ids):>12.1f} change rows,"
            f" {(log_after[1] - log_before[1]) / len(ids):,.0f} B of value each,"
            f" file +{(_file_bytes(folder) - file_before) / len(ids):,.0f} B per edit"
        )

        draft_id = None
        log_before = session.vault.query("SELECT count(*) FROM change_log")[0][0]
        file_before = _file_bytes(folder)
        for n in range(200):
            typed = {"names": {"given": f"Draft {n}", "family": "Synthetic"}, "step": n}
            draft_id = cases.save_draft(session, typed, step=1, draft_id=draft_id)
        rows = session.vault.query("SELECT count(*) FROM change_log")[0][0] - log_before
        print(
            f"intake autosave           {rows / 200:>12.1f} change rows"
            f" (target 0), file +{(_file_bytes(folder) - file_before) / 200:,.0f} B per autosave"
        )
        session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
