"""Case list, name search and duplicate candidates with 100,000 synthetic cases.

Targets (issue 4): duplicate candidates < 100 ms, first page of the case list (the real
lazy Qt model in a table view, painted offscreen) < 500 ms,
name search < 100 ms (medians); encrypted / plain SQLite ratio < 1.5. The vault is built
once and cached (``HARBOUR_BENCH_CASES`` sets another size); the plain baseline is the
same database exported without encryption (``sqlcipher_export``) and queried by the same
service code.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import time
from pathlib import Path

import platformdirs

from bench.common import figure

PASSPHRASE = "bench anchor lighthouse 42"
MANAGER = "Bench Manager"
TODAY = dt.date(2026, 11, 23)
REPEATS = 40


def _cache(count: int) -> Path:
    return Path(platformdirs.user_cache_dir("harbour-bench")) / f"cases-{count}"


def _build(folder: Path, count: int) -> None:
    from app.services import demo, setup
    from app.storage.keyslots import KdfParams

    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    session, _ = setup.create_vault(
        folder / "vault",
        organisation="Bench Org",
        centre="Bench Centre",
        user_name=MANAGER,
        passphrase=PASSPHRASE,
        kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1),
    )
    try:
        demo.fill(
            session,
            count=count,
            seed=42,
            today=TODAY,
            progress=lambda done, total: (
                print(f"  built {done}/{total}", flush=True) if done % 20000 == 0 else None
            ),
        )
        plain = folder / "plain.db"
        session.vault.conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        session.vault.conn.execute("SELECT sqlcipher_export('plain')")
        session.vault.conn.execute("DETACH DATABASE plain")
    finally:
        session.close()
    print(f"  built {count} cases in {time.perf_counter() - start:.0f} s")


def _plain_session(folder: Path, encrypted):
    """The same services over the unencrypted export: only the cipher differs."""
    import sqlcipher3

    from app.services.session import Session
    from app.storage.filelock import ProcessLock
    from app.storage.vault import Vault

    conn = sqlcipher3.connect(
        str(folder / "plain.db"), isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    vault = Vault(folder, encrypted.vault.sidecar, b"", conn, ProcessLock(folder / "x"), False)
    return Session(vault, encrypted.user)


def _paired_medians(call, inputs, encrypted, plain) -> tuple[float, float]:
    """Median ms of ``call(session, item)`` on both vaults, interleaved item by item (and
    alternating which goes first) so that load from other processes hits both alike."""
    enc, base = [], []
    for i, item in enumerate(inputs):
        order = [(encrypted, enc), (plain, base)]
        for session, times in order if i % 2 == 0 else reversed(order):
            start = time.perf_counter()
            call(session, item)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(enc), statistics.median(base)


def _show_first_page(session) -> None:
    """What opening the Cases page does: the lazy model's first page (and the count)
    in a table view, painted offscreen."""
    from PySide6.QtWidgets import QTableView

    from ui.cases.model import CaseListModel

    model = CaseListModel(session)
    view = QTableView()
    view.setModel(model)
    view.resize(1100, 700)
    view.show()
    model.rowCount()
    view.grab()
    view.close()
    view.deleteLater()


def _workload(encrypted, plain, names, searches):
    from app.domain.duplicates import Profile
    from app.services import cases

    dup = _paired_medians(
        lambda s, n: cases.find_duplicates(s, Profile(names=(n,))), names, encrypted, plain
    )
    page = _paired_medians(lambda s, _: _show_first_page(s), range(len(names)), encrypted, plain)
    search = _paired_medians(
        lambda s, t: cases.query_cases(s, cases.CaseQuery(text=t), limit=100),
        searches,
        encrypted,
        plain,
    )
    return dup, page, search


def run() -> None:
    from app.domain.duplicates import Profile
    from app.services import auth
    from app.services import cases as cases_mod
    from app.synthetic import new_identity, register

    count = int(os.environ.get("HARBOUR_BENCH_CASES", "100000"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - the view needs one
    folder = _cache(count)
    if not (folder / "plain.db").exists():
        print(f"  building a vault of {count} synthetic cases (cached in {folder}) ...")
        _build(folder, count)
    rng = random.Random(7)
    probes = [register(new_identity(rng, TODAY), rng, TODAY) for _ in range(REPEATS)]
    names = [
        f"{p.given} {p.family}" if i % 2 else f"{p.given_latin} {p.family_latin}"
        for i, p in enumerate(probes)
    ]
    searches = [
        p.given_latin.split()[0][:4]
        if i % 3 == 0
        else (p.family or p.given)
        if i % 3 == 1
        else p.given_latin
        for i, p in enumerate(probes)
    ]

    session = auth.sign_in(folder / "vault", MANAGER, PASSPHRASE)
    plain = _plain_session(folder, session)
    try:
        cold = []
        for vault_session in (session, plain):  # right after unlock: nothing cached yet
            start = time.perf_counter()
            _show_first_page(vault_session)
            cases_mod.find_duplicates(vault_session, Profile(names=(names[0],)))
            cold.append((time.perf_counter() - start) * 1000)
        _workload(session, plain, names[:4], searches[:4])  # warm caches like a real day
        results = _workload(session, plain, names, searches)
        size = session.vault.database_path.stat().st_size
    finally:
        plain.vault.conn.close()
        session.close()
    labels = ("duplicate_candidates", "case_list_first_page", "name_search")
    targets = (100, 500, 100)
    for label, target, (e, p) in zip(labels, targets, results, strict=True):
        figure(f"{label}_{count // 1000}k_median_ms", e, "ms", target=target)
        figure(f"{label}_{count // 1000}k_plain_sqlite_median_ms", p, "ms")
        figure(f"{label}_encrypted_over_plain_ratio", e / p if p else 0.0, "x", target=1.5)
    figure(
        "cold_first_page_and_duplicates_ms",
        cold[0],
        "ms",
        note="first use after unlock, encrypted, nothing cached",
    )
    figure("cold_first_page_and_duplicates_plain_sqlite_ms", cold[1], "ms")
    figure("vault_mb_per_1000_cases", size / 1e6 / (count / 1000), "MB")
