"""Sync on loopback (issue 16): the real server (`harbour serve`, SQLite store) as a
process on 127.0.0.1 and two laptops' vaults in this process.

- first pull of N cases (``HARBOUR_BENCH_SYNC_CASES``, default 10,000) to an empty,
  just-approved laptop: target < 15 s;
- 100 changed cases: pushed by one laptop and pulled by the other, target < 1 s;
- bytes on the wire per case (gzip bodies, as counted by the client).

Each measured step runs ``HARBOUR_BENCH_SYNC_RUNS`` times (default 3: a new empty laptop
for each first pull, with Harbour's in-process caches emptied first as in a new process);
median and p90 of the wall time, with the laptop's CPU time (this process, every thread)
and the server's (from /proc) beside it.
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

from bench.common import figure, median, p90

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


def _server_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) the server process has used, from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cold_caches() -> None:
    """Empty every functools cache of Harbour's modules: the new laptop is another
    process, which never computed A's name keys (app/domain/names.py caches per name; left
    warm from A's import, a first pull here cost ~5 s of CPU less than on a new laptop)."""
    for name, module in list(sys.modules.items()):
        if name == "app" or name.startswith("app."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


class _Clock:
    """Wall time, this process's CPU time (every thread: the pull's worker too) and the
    server's, around one measured step."""

    def __init__(self, server_pid: int) -> None:
        self.pid = server_pid
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.server: list[float] = []

    def __enter__(self) -> _Clock:
        self._at = (time.perf_counter(), time.process_time(), _server_cpu(self.pid))
        return self

    def __exit__(self, *exc: object) -> None:
        wall, cpu, server = self._at
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        after = _server_cpu(self.pid)
        if server is not None and after is not None:
            self.server.append(after - server)

    def report(self, name: str, target: float, unit: str = "s") -> None:
        scale = 1000.0 if unit == "ms" else 1.0
        figure(
            f"{name}, median of {len(self.wall)}", median(self.wall) * scale, unit, target=target
        )
        figure(f"{name}, p90", p90(self.wall) * scale, unit, target=target)
        figure(f"{name}, laptop CPU median", median(self.cpu) * scale, unit)
        if self.server:
            figure(f"{name}, server CPU median", median(self.server) * scale, unit)
        runs = ", ".join(
            f"{w:.2f} s (laptop CPU {c:.2f} s{f', server {s:.2f} s' if self.server else ''})"
            for w, c, s in zip(
                self.wall, self.cpu, self.server or [0.0] * len(self.wall), strict=False
            )
        )
        print(f"  runs: {runs}; load average {os.getloadavg()[0]:.1f}")


def run() -> None:
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import cases, sync
    from server.store import Store

    count = int(os.environ.get("HARBOUR_BENCH_SYNC_CASES", "10000"))
    repeats = int(os.environ.get("HARBOUR_BENCH_SYNC_RUNS", "3"))
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

            # The first pull, to a new empty laptop each time (enrolled and approved).
            first = _Clock(process.pid)
            for run_ in range(repeats):
                b = _laptop(root / f"b{run_}")
                device = sync.enrol(b, url, admin.issue_enrol_code("NRC"), device_name=f"B{run_}")
                sync.approve_device(a, device.device_id)
                _cold_caches()
                with first:
                    pulled = sync.sync_now(b)
                if run_ < repeats - 1:
                    b.close()
            first.report(f"first pull of {count} cases to an empty laptop", target=15)
            print(f"  pushed {pushed.pushed} changes, pulled {pulled.pulled} changes")
            figure("bytes on the wire per case, push", pushed.bytes_sent / count, "bytes")
            figure("bytes on the wire per case, first pull", pulled.bytes_received / count, "bytes")

            # 100 changed cases: pushed by A, pulled by the last B.
            rows = cases.query_cases(a, limit=100)
            changed_clock = _Clock(process.pid)
            wire_bytes: list[float] = []
            for run_ in range(repeats):
                for row in rows:
                    draft = cases.open_case(a, row.id).draft
                    changed = draft.model_copy(
                        update={
                            "names": draft.names.model_copy(
                                update={"given_latin": f"Changed{run_}"}
                            )
                        }
                    )
                    cases.update_case(a, row.id, changed, today=dt.date(2026, 11, 23))
                with changed_clock:
                    out = sync.sync_now(a)
                    back = sync.sync_now(b)
                assert out.pushed == len(rows) and back.pulled >= len(rows), (out, back)
                wire_bytes.append(
                    (out.bytes_sent + out.bytes_received + back.bytes_sent + back.bytes_received)
                    / len(rows)
                )
            changed_clock.report("push and pull of 100 changed cases", target=1000, unit="ms")
            print(f"  pushed {out.pushed}, pulled {back.pulled}")
            figure("bytes on the wire per changed case, push + pull", median(wire_bytes), "bytes")
            a.close()
            b.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
            admin.close()
