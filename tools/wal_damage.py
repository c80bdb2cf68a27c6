"""Crash, then damage or delete what SQLite keeps beside the database (issue 11, finding 5).

    .venv/bin/python tools/wal_damage.py                  # the "Must show" figures
    .venv/bin/python tools/wal_damage.py --child-wal      # the same with a write-ahead log
    .venv/bin/python tools/wal_damage.py --overwrites 10 --deletes 5 --kills 20 --pages 10

A child process signs in and registers synthetic cases one by one through the service
(``cases.register_case``), printing each case id once the call has returned: those are
*committed*. The parent kills it with SIGKILL at a random moment, then:

overwrites  256 random bytes over the page records of the file SQLite keeps beside the
            database (``-journal``; with ``--child-wal`` the ``-wal`` frames). With a
            rollback journal the file exists only while a transaction writes, so the kill
            waits until it appears and lands 0-4 ms later; a kill that still leaves no
            journal (the transaction finished first) is counted and tried again.
deletes     the same kill, then that file deleted.
kills       kills alone, on one vault, one after another (the 404-kill figure).
pages       256 random bytes over one page of a closed vault's database, one page in ten
            the first (the header) (the 70-overwrite figure).

After each damage the folder is judged three ways, each on its own copy:

oracle   the database opened with the raw key and plain SQL, independent of Harbour's own
         checks: committed cases missing (*lost*), and whether what is there is whole
         (every page authentic, ``integrity_check``, the audit chain, and for every case
         its change rows, index rows and audit entry; no audit entry or change row without
         its record; the case-number sequence and the change log's counter in step). Not
         whole is *half-written*: part of the interrupted transaction, or a mix of pages.
unlock   ``auth.sign_in`` in this process: a ``VaultDamaged`` refusal is a report.
doctor   ``python -m app.cli doctor`` in a new process: exit status 1 with "damaged".

Counted per scenario: runs that lost committed cases and runs left half-written
(*damaged* runs), and how many of those unlock and doctor reported. Exit status 1 unless
every damaged run was reported by both, no kill alone lost a committed case or left the
vault unhealthy, and every page overwrite was reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MANAGER = "Manager One"
PASSPHRASE = "anchor lighthouse 42 tide"
TODAY = dt.date(2026, 5, 1)
SCRIBBLE = 256  # bytes per overwrite

CHILD = textwrap.dedent(
    """
    import datetime as dt
    import os
    import sys
    from pathlib import Path

    from app.services import auth, cases
    from app.synthetic import synthetic_cases

    folder, seed, wal = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "wal"
    session = auth.sign_in(folder, os.environ["CHILD_NAME"], os.environ["CHILD_PASSPHRASE"])
    if wal:  # the setting before issue 11
        session.vault.conn.execute("PRAGMA journal_mode = WAL")
    today = dt.date.fromisoformat(os.environ["CHILD_TODAY"])
    print("ready", flush=True)
    for draft in synthetic_cases(100_000, seed, today):
        row = cases.register_case(session, draft, today=today)
        print(f"committed {row.id}", flush=True)
    """
)


# -- a child that registers cases until killed ---------------------------------------------
class Child:
    def __init__(self, script: Path, folder: Path, seed: int, wal: bool, env: dict[str, str]):
        self.proc = subprocess.Popen(
            [sys.executable, str(script), str(folder), str(seed), "wal" if wal else "vault"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, predicate, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.proc.kill()
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise RuntimeError(f"child stopped or hung: {self.lines[-3:]} {err[-2000:]}")
            self.lines.append(line)
            if predicate(line):
                return

    def kill(self) -> list[str]:
        """SIGKILL; the ids of every case the child saw committed."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        while True:
            try:
                line = self._queue.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return [line.split()[1] for line in self.lines if line.startswith("committed ")]


# -- figures -------------------------------------------------------------------------------
@dataclass
class Tally:
    name: str
    runs: int = 0
    retries: int = 0  # kills that left nothing to damage
    lost_runs: int = 0
    cases_lost: int = 0
    half_runs: int = 0
    unreadable: int = 0  # the oracle could not read the case list at all
    damaged: int = 0  # lost, half-written or unreadable
    unlock_reported: int = 0  # of damaged
    doctor_reported: int = 0  # of damaged
    whole_reported: int = 0  # nothing lost, whole, and still reported (a false alarm)
    unhealthy: int = 0  # kills alone: doctor unhealthy or unlock refused
    examples: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)  # why not whole, by kind

    def add(
        self, *, lost: int | None, half: bool, why: str, unlock: str | None, doctor: str | None
    ) -> None:
        self.runs += 1
        if lost is None:
            self.unreadable += 1
        else:
            self.cases_lost += lost
            self.lost_runs += bool(lost)
            self.half_runs += half
        if why:
            self.reasons[why.split(":")[0]] += 1
        if lost is None or lost or half:
            self.damaged += 1
            self.unlock_reported += unlock is not None
            self.doctor_reported += doctor is not None
            if len(self.examples) < 5:
                said = "silent" if unlock is None else repr(unlock[:110])
                self.examples.append(
                    f"lost {lost}, {why or 'whole'} -> unlock: {said}; doctor: "
                    + ("silent" if doctor is None else "reported")
                )
        elif unlock is not None or doctor is not None:
            self.whole_reported += 1
            if len(self.examples) < 5:
                self.examples.append(f"whole but reported: unlock {unlock}, doctor {doctor}")

    @property
    def silent(self) -> int:
        return self.damaged - min(self.unlock_reported, self.doctor_reported)

    def lines(self) -> list[str]:
        def share(n: int) -> str:
            return f"{n}/{self.damaged} ({100 * n / self.damaged:.0f} %)" if self.damaged else "-"

        out = [
            f"{self.name}: {self.runs} runs"
            + (
                f" ({self.retries} kills left nothing to damage, tried again)"
                if self.retries
                else ""
            ),
            f"  committed cases lost: {self.cases_lost} in {self.lost_runs} runs; "
            f"half-written: {self.half_runs} runs; unreadable: {self.unreadable} runs",
            f"  damaged runs reported by unlock: {share(self.unlock_reported)}, "
            f"by doctor: {share(self.doctor_reported)}; whole runs reported anyway: "
            f"{self.whole_reported}",
        ]
        if self.reasons:
            out.append(
                "  not whole, by what the oracle saw first: "
                + "; ".join(f"{why} {n}" for why, n in self.reasons.most_common())
            )
        out += [f"  e.g. {e}" for e in self.examples]
        return out

    def json(self) -> str:
        return json.dumps(
            {
                "scenario": self.name,
                "runs": self.runs,
                "retries": self.retries,
                "cases_lost": self.cases_lost,
                "lost_runs": self.lost_runs,
                "half_runs": self.half_runs,
                "unreadable": self.unreadable,
                "damaged": self.damaged,
                "unlock_reported": self.unlock_reported,
                "doctor_reported": self.doctor_reported,
                "whole_reported": self.whole_reported,
                "unhealthy": self.unhealthy,
            }
        )


# -- the oracle: plain SQL with the raw key ------------------------------------------------
def inspect(
    folder: Path, db_name: str, key: bytes, committed: list[str], kills: int = 1
) -> tuple[int | None, bool, str]:
    """(committed cases missing, half-written, why) of a copy of ``folder``; ``kills``: how
    many case numbers may have been taken by a registration cut short. Missing is None when
    not even the list of cases can be read."""
    import sqlcipher3

    from app.domain.audit import AuditEntry, first_broken

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "v"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.lock"))
        conn = sqlcipher3.connect(str(copy / db_name), isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            try:
                ids = {r[0] for r in conn.execute("SELECT id FROM records WHERE kind = 'case'")}
            except sqlcipher3.DatabaseError as exc:
                return None, True, f"unreadable: {exc}"
            lost = sum(1 for case_id in committed if case_id not in ids)
            try:
                why = _not_whole(conn, ids, kills, AuditEntry, first_broken)
            except sqlcipher3.DatabaseError as exc:
                why = f"a page does not read: {exc}"
        finally:
            conn.close()
    return lost, why is not None, why or ""


def _not_whole(conn, ids, kills, AuditEntry, first_broken) -> str | None:
    if conn.execute("PRAGMA cipher_integrity_check").fetchall():
        return "page authentication"
    structure = conn.execute("PRAGMA integrity_check").fetchall()
    if structure[0][0] != "ok":
        return f"structure: {structure[0][0][:80]}"
    entries = [AuditEntry(*r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]
    if first_broken(entries):
        return "audit chain"
    created = {e.record_id for e in entries if e.action == "create"}
    for case_id in ids:
        (fields,) = conn.execute("SELECT fields FROM records WHERE id = ?", (case_id,)).fetchone()
        # A registration is one change row of the whole record (path ""), written with it.
        changes = conn.execute(
            "SELECT count(*), min(c.seq), r.last_change, min(c.value) FROM change_log AS c"
            " JOIN records AS r ON r.id = ? WHERE c.record = unhex(replace(?, '-', ''))",
            (case_id, case_id),
        ).fetchone()
        if (
            changes[0] != 1
            or changes[1] != changes[2]
            or json.loads(changes[3]) != json.loads(fields)
        ):
            return "a case without all of its change rows"
        for table in ("case_index", "name_keys", "name_terms"):
            if not conn.execute(
                f"SELECT 1 FROM {table} WHERE record_id = ?", (case_id,)
            ).fetchone():
                return f"a case without its {table} rows"
        if case_id not in created:
            return "a case without its audit entry"
    records = {r[0] for r in conn.execute("SELECT id FROM records")}
    if created - records:
        return "an audit entry for a case that is not there"
    logged = {
        str(uuid.UUID(bytes=r[0])) for r in conn.execute("SELECT DISTINCT record FROM change_log")
    }
    if logged - records:
        return "change rows for a case that is not there"
    last = conn.execute("SELECT max(last) FROM case_sequences").fetchone()[0] or 0
    if not len(ids) <= last <= len(ids) + kills:
        return f"case number sequence {last} for {len(ids)} cases"
    counter = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    if (counter[0] if counter else None) != top:
        return "change log counter"
    return None


# -- what Harbour says ---------------------------------------------------------------------
def unlock_says(folder: Path) -> str | None:
    """The refusal of a sign-in, or None when it opens."""
    from app.errors import HarbourError, VaultDamaged
    from app.services import auth

    try:
        session = auth.sign_in(folder, MANAGER, PASSPHRASE)
    except VaultDamaged as exc:
        return str(exc)
    except HarbourError as exc:  # not a report of damage (busy, throttled ...)
        raise RuntimeError(f"unexpected refusal: {exc}") from exc
    session.close()
    return None


def doctor_says(folder: Path, env: dict[str, str]) -> str | None:
    """``harbour doctor`` in a new process: its one line when it reports damage."""
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "doctor", "--vault", str(folder), "--as", MANAGER],
        env={**env, "HARBOUR_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode == 0:
        return None
    if "damaged" not in result.stderr:
        raise RuntimeError(f"doctor failed otherwise: {result.stderr.strip()}")
    return result.stderr.strip()


def doctor_in_process(folder: Path) -> tuple[int, list[str]]:
    """(cases, problems) from a sign-in and ``maintenance.doctor`` here."""
    from app.services import auth, maintenance
    from app.storage.records import Records

    session = auth.sign_in(folder, MANAGER, PASSPHRASE)
    try:
        count = Records(session.vault).count("case")
        return count, maintenance.doctor(session).problems
    finally:
        session.close()


# -- damage --------------------------------------------------------------------------------
def side_file(db: Path, wal: bool) -> Path:
    return Path(f"{db}-wal") if wal else Path(f"{db}-journal")


def frames_start(path: Path, wal: bool) -> int:
    """Where page data starts: after the WAL header, or the journal's first header sector."""
    if wal:
        return 32
    with open(path, "rb") as handle:
        header = handle.read(28)
    sector = struct.unpack(">I", header[20:24])[0] if len(header) >= 24 else 0
    return sector if 512 <= sector <= 65536 else 512


def scribble(path: Path, start: int, rng: random.Random) -> bool:
    size = path.stat().st_size
    if size < start + SCRIBBLE:
        return False
    offset = rng.randrange(start, size - SCRIBBLE + 1)
    with open(path, "r+b") as handle:
        handle.seek(offset)
        original = handle.read(SCRIBBLE)
        noise = os.urandom(SCRIBBLE)
        while noise == original:
            noise = os.urandom(SCRIBBLE)
        handle.seek(offset)
        handle.write(noise)
    return True


# -- scenarios -----------------------------------------------------------------------------
@dataclass
class Setup:
    workdir: Path
    template: Path
    db_name: str
    key: bytes
    script: Path
    env: dict[str, str]
    wal: bool


def prepare(workdir: Path, wal: bool) -> Setup:
    from app.services import cases, setup
    from app.storage.keyslots import KdfParams
    from app.synthetic import synthetic_cases

    home = workdir / "home"
    home.mkdir(mode=0o700)
    os.environ["HARBOUR_HOME"] = str(home)
    template = workdir / "template"
    session, _code = setup.create_vault(
        template,
        organisation="Synthetic Aid Org",
        centre="North Reception Centre",
        user_name=MANAGER,
        passphrase=PASSPHRASE,
        kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
    )
    try:
        for draft in synthetic_cases(5, 99, TODAY):
            cases.register_case(session, draft, today=TODAY)
        key = bytes(session.vault._key)
        db_name = session.vault.database_path.name
        # A Harbour from before issue 11 writes through a WAL of its own accord.
        wal = wal or session.vault.query("PRAGMA journal_mode")[0][0] == "wal"
    finally:
        session.close()
    script = workdir / "child.py"
    script.write_text(CHILD)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_PASS")},
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
        "HARBOUR_HOME": str(home),
        "CHILD_NAME": MANAGER,
        "CHILD_PASSPHRASE": PASSPHRASE,
        "CHILD_TODAY": TODAY.isoformat(),
    }
    return Setup(workdir, template, db_name, key, script, env, wal)


def crash(s: Setup, folder: Path, rng: random.Random, *, wait_for_side_file: bool) -> list[str]:
    """Start a child on ``folder``, let it commit 1-5 cases, kill it; the committed ids."""
    child = Child(s.script, folder, rng.randrange(1 << 30), s.wal, s.env)
    child.wait_for(lambda line: line == "ready")
    target = rng.randint(1, 5)
    seen = [0]

    def enough(line: str) -> bool:
        seen[0] += line.startswith("committed ")
        return seen[0] >= target

    child.wait_for(enough)
    side = side_file(folder / s.db_name, s.wal)
    if wait_for_side_file and not s.wal:
        deadline = time.monotonic() + 5
        while not side.exists() and time.monotonic() < deadline:
            pass
        time.sleep(rng.uniform(0, 0.004))
    else:
        time.sleep(rng.uniform(0, 0.01))
    return child.kill()


def damage_runs(s: Setup, how: str, count: int, rng: random.Random, *, progress: bool) -> Tally:
    tally = Tally(f"{'WAL' if s.wal else 'journal'} {how}")
    while tally.runs < count:
        folder = s.workdir / "run"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(s.template, folder)
        committed = crash(s, folder, rng, wait_for_side_file=True)
        side = side_file(folder / s.db_name, s.wal)
        if not side.exists():
            tally.retries += 1
            continue
        if how == "delete":
            side.unlink()
        elif not scribble(side, frames_start(side, s.wal), rng):
            tally.retries += 1
            continue
        for_doctor = s.workdir / "run-doctor"
        shutil.rmtree(for_doctor, ignore_errors=True)
        shutil.copytree(folder, for_doctor)
        lost, half, why = inspect(folder, s.db_name, s.key, committed)
        unlock = unlock_says(folder)
        doctor = doctor_says(for_doctor, s.env)
        tally.add(lost=lost, half=half, why=why, unlock=unlock, doctor=doctor)
        if progress and tally.runs % 10 == 0:
            print(f"  {tally.name}: {tally.runs}/{count}", file=sys.stderr, flush=True)
    return tally


def kill_runs(s: Setup, count: int, rng: random.Random, *, progress: bool) -> Tally:
    tally = Tally(f"{'WAL' if s.wal else 'journal'} kills alone")
    folder = s.workdir / "kills"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(s.template, folder)
    committed_all: list[str] = []
    for i in range(count):
        committed_all += crash(s, folder, rng, wait_for_side_file=rng.random() < 0.5)
        try:
            stored, problems = doctor_in_process(folder)
        except Exception as exc:  # counted, shown
            tally.unhealthy += 1
            tally.examples.append(f"kill {i}: {exc}")
            continue
        lost, half, why = inspect(folder, s.db_name, s.key, committed_all, kills=i + 1)
        tally.runs += 1
        if lost is None:
            tally.unreadable += 1
            lost = 0
        tally.cases_lost += lost
        tally.lost_runs += bool(lost)
        tally.half_runs += half
        if half and len(tally.examples) < 5:
            tally.examples.append(f"kill {i}: not whole: {why}")
        if problems:
            tally.unhealthy += 1
            if len(tally.examples) < 5:
                tally.examples.append(f"kill {i}: {problems}")
        if progress and (i + 1) % 50 == 0:
            print(f"  kills: {i + 1}/{count} ({stored} cases)", file=sys.stderr, flush=True)
    return tally


def page_runs(s: Setup, count: int, rng: random.Random) -> Tally:
    tally = Tally("database page overwrites")
    pages = (s.template / s.db_name).stat().st_size // 4096
    for i in range(count):
        folder = s.workdir / "pages"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(s.template, folder)
        page = 1 if i % 10 == 0 else rng.randint(1, pages)
        db = folder / s.db_name
        start = (page - 1) * 4096
        with open(db, "r+b") as handle:
            handle.seek(start + rng.randrange(0, 4096 - SCRIBBLE))
            handle.write(os.urandom(SCRIBBLE))
        try:
            _stored, problems = doctor_in_process(folder)
            said = "; ".join(problems) or None
        except Exception as exc:  # a refusal is the report
            said = str(exc)
        tally.add(lost=0, half=True, why="page overwritten", unlock=said, doctor=said)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overwrites", type=int, default=100)
    parser.add_argument("--deletes", type=int, default=20)
    parser.add_argument("--kills", type=int, default=404)
    parser.add_argument("--pages", type=int, default=70)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--child-wal",
        action="store_true",
        help="the child writes through a write-ahead log (the setting before issue 11)",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    progress = not args.quiet
    with tempfile.TemporaryDirectory() as tmp:
        s = prepare(Path(tmp), args.child_wal)
        tallies = []
        if args.overwrites:
            tallies.append(damage_runs(s, "overwrites", args.overwrites, rng, progress=progress))
        if args.deletes:
            tallies.append(damage_runs(s, "deletes", args.deletes, rng, progress=progress))
        if args.kills:
            tallies.append(kill_runs(s, args.kills, rng, progress=progress))
        if args.pages:
            tallies.append(page_runs(s, args.pages, rng))
    setting = "write-ahead log" if s.wal else "rollback journal"
    how = "the child switched to it" if args.child_wal else "as the vault sets it"
    print(f"# {setting} ({how}); seed {args.seed}")
    ok = True
    for tally in tallies:
        for line in tally.lines():
            print(line)
        print(tally.json())
        if tally.name.endswith("kills alone"):
            ok &= not (tally.cases_lost or tally.half_runs or tally.unreadable or tally.unhealthy)
        else:
            ok &= tally.silent == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
