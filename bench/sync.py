"""Sync on loopback (issue 16): the real server (`harbour serve`, SQLite store) as a
process on 127.0.0.1 and two laptops' vaults in this process.

- first pull of N cases (``HARBOUR_BENCH_SYNC_CASES``, default 10,000) to an empty,
  just-approved laptop: target < 15 s;
- 100 changed cases: pushed by one laptop and pulled by the other, target < 1 s;
- bytes on the wire per case (gzip bodies, as counted by the client).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import figure

PASSPHRASE = "bench anchor lighthouse 42"
MANAGER = "Bench Manager"
KDF = {"memory_kib": 8192, "iterations": 1, "lanes": 1}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(store: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--store", store, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start: " + log.read_text(errors="replace"))


def _laptop(folder: Path):  # type: ignore[no-untyped-def]
    from app.services import setup
    from app.storage.keyslots import KdfParams

    session, _code = setup.create_vault(
        folder,
        organisation="Bench Org",
        centre="Bench Centre",
        user_name=MANAGER,
        passphrase=PASSPHRASE,
        kdf=KdfParams(**KDF),
    )
    return session


def run() -> None:
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import cases, sync
    from server.store import Store

    count = int(os.environ.get("HARBOUR_BENCH_SYNC_CASES", "10000"))
    with tempfile.TemporaryDirectory(prefix="harbour-bench-sync-") as tmp:
        root = Path(tmp)
        os.environ["HARBOUR_HOME"] = str(root / "home")
        store_url = f"sqlite:///{root / 'store.db'}"
        admin = Store(store_url)
        admin.init()
        admin.add_centre("NRC", "Bench Centre", "Bench Org")
        process, url = _serve(store_url, root / "server.log")
        try:
            a = _laptop(root / "a")
            sync.enrol(a, url, admin.issue_enrol_code("NRC", manager=True), device_name="A")
            drafts = [
                CaseDraft(
                    names=Names(given=f"Given{i}", family=f"Family{i % 997}"),
                    birth=Birth(declared_age=10 + i % 8),
                )
                for i in range(count)
            ]
            for start in range(0, count, 500):
                cases.import_cases(a, drafts[start : start + 500], today=dt.date(2026, 11, 23))
            started = time.perf_counter()
            pushed = sync.sync_now(a)
            figure(f"push of {count} new cases from laptop A", time.perf_counter() - started, "s")

            b = _laptop(root / "b")
            device = sync.enrol(b, url, admin.issue_enrol_code("NRC"), device_name="B")
            sync.approve_device(a, device.device_id)
            started = time.perf_counter()
            pulled = sync.sync_now(b)
            seconds = time.perf_counter() - started
            figure(f"first pull of {count} cases to an empty laptop", seconds, "s", target=15)
            print(f"  pushed {pushed.pushed} changes, pulled {pulled.pulled} changes")
            figure("bytes on the wire per case, push", pushed.bytes_sent / count, "bytes")
            figure("bytes on the wire per case, first pull", pulled.bytes_received / count, "bytes")

            rows = cases.query_cases(a, limit=100)
            for row in rows:
                draft = cases.open_case(a, row.id).draft
                changed = draft.model_copy(
                    update={"names": draft.names.model_copy(update={"given_latin": "Changed"})}
                )
                cases.update_case(a, row.id, changed, today=dt.date(2026, 11, 23))
            started = time.perf_counter()
            out = sync.sync_now(a)
            back = sync.sync_now(b)
            seconds = time.perf_counter() - started
            figure("push and pull of 100 changed cases", seconds, "s", target=1)
            print(f"  pushed {out.pushed}, pulled {back.pulled}")
            figure(
                "bytes on the wire per changed case, push + pull",
                (out.bytes_sent + out.bytes_received + back.bytes_sent + back.bytes_received)
                / len(rows),
                "bytes",
            )
            a.close()
            b.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
            admin.close()
