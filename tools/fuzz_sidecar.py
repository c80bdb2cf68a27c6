"""Fuzz the key-slot sidecar (issue 11, "Must show"): mutated sidecars, every user signs in.

    .venv/bin/python tools/fuzz_sidecar.py --cases 2000 --seed 11

One small vault is made with the test suite's cheap Argon2id cost (1 MiB, 1 pass, 1 lane):
a manager, an interpreter, an officer, a removed officer, the recovery slot, plus two stray
database files in the folder (an empty one and a copy of the real one) for a mutated
``database`` field to point at. A fifth of the cases start from the same slots written as
format 1 (the format before issue 11) instead.

Each case restores that folder, mutates its ``harbour.keys`` with 1-3 seeded mutations and
then tries: every live user with their own passphrase, two random (name, other person's
passphrase) pairs and the recovery code. Mutations are byte-level (flip, overwrite,
delete, insert, truncate, duplicate) or structural (set any JSON value to one taken from a
pool of other slots' ids, names, roles, base64 of the right length, huge and odd numbers,
Argon2id settings in and out of bounds, deep nesting; delete or add keys; copy a field
from another slot; swap, drop or duplicate slots; change version, vault id, database).
Half of the structural mutations are then "re-digested": the digest of every format-2
slot is recomputed, as an attacker who read keyslots.py would do, so the AES-GCM
associated data and the check value are what must refuse them.

Counted, each must be 0 (exit status 1 otherwise):
  impersonations     a sign-in that returned someone other than the passphrase's owner
  tracebacks         anything raised that is not an app.errors.HarbourError
  slots lost         slot ids in the mutated sidecar missing after the sign-ins, and
                     entries missing that no new slot with their id replaced (a
                     format-1 slot re-wrapped as format 2 by its user's sign-in is a
                     replacement; duplicates of it go with it)
  files lost         files of the folder (real or stray databases) missing afterwards
  oversized Argon2id derivations outside the bounds in keyslots.KdfParams
  damage as wrong    a format-2 sidecar damaged at random (digests not recomputed) that
                     answered a user's own passphrase with "not correct" instead of
                     "damaged"
The outcome of every attempt is tallied by error class too.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MANAGER = ("Manager One", "anchor lighthouse 42 tide")
INTERPRETER = ("Interpreter Four", "green river evening 9")
OFFICER = ("Officer Two", "blue harbour morning 7")
REMOVED = ("Officer Gone", "copper lantern beside 19 wells")
STRAY_EMPTY = "harbour-00000000000000aa.db"
STRAY_COPY = "harbour-00000000000000bb.db"


@dataclass
class Figures:
    cases: int = 0
    attempts: int = 0
    signed_in: int = 0
    impersonations: int = 0
    tracebacks: int = 0
    slots_lost: int = 0
    files_lost: int = 0
    oversized_derivations: int = 0
    largest_memory_kib: int = 0
    derivations: int = 0
    format_1_cases: int = 0
    rewritten: int = 0  # sidecars re-written by a sign-in (format-1 slots upgraded)
    rewritten_format_2: int = 0  # of those, cases that started from format 2
    redigested_cases: int = 0
    # A user's own passphrase (or the recovery code) answered "not correct", by start:
    damage_as_wrong: int = 0  # format 2, digests not recomputed: must be 0 (random damage)
    edit_as_wrong: int = 0  # format 2 re-digested: an edit of salt, cost or name (expected)
    format_1_as_wrong: int = 0  # format 1 binds too little to tell (expected)
    outcomes: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.impersonations
            or self.tracebacks
            or self.slots_lost
            or self.files_lost
            or self.oversized_derivations
            or self.damage_as_wrong
        )

    def report(self) -> str:
        lines = [
            f"cases {self.cases} (format-1 start {self.format_1_cases}, "
            f"re-digested {self.redigested_cases}); sign-in attempts {self.attempts}; "
            f"sidecars re-written by a sign-in {self.rewritten} "
            f"(of format-2 starts {self.rewritten_format_2})",
            f"impersonations {self.impersonations}; tracebacks {self.tracebacks}; "
            f"slots lost {self.slots_lost}; files lost {self.files_lost}; "
            f"derivations outside bounds {self.oversized_derivations}",
            "own passphrase or code answered 'not correct': after random damage "
            f"{self.damage_as_wrong}; after a re-digested edit {self.edit_as_wrong}; "
            f"format-1 start {self.format_1_as_wrong}",
            f"signed in as the passphrase's owner {self.signed_in}; Argon2id derivations "
            f"{self.derivations}, largest {self.largest_memory_kib} KiB",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common()),
        ]
        lines += [f"  example: {e}" for e in self.examples[:10]]
        return "\n".join(lines)


# -- the vault ------------------------------------------------------------------------------
@dataclass
class Base:
    folder: Path
    ids: dict[str, str]  # name -> user id
    secrets: dict[str, str]  # name -> passphrase
    recovery_code: str
    v2_sidecar: bytes
    v1_sidecar: bytes
    pool: list[Any]


def _v1_slot(db_key: bytes, secret: bytes, vault_id: str, kind: str, **who: Any) -> dict:
    """A slot exactly as format 1 wrote it (associated data: vault id, slot id, kind)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.storage.keyslots import KdfParams

    kdf = KdfParams(1024, 1, 1)
    slot_id = who["user_id"] if kind == "user" else str(uuid.uuid4())
    salt, nonce = os.urandom(16), os.urandom(12)
    aad = f"harbour-keyslots/{vault_id}/{slot_id}/{kind}".encode()
    wrapped = AESGCM(kdf.derive(secret, salt)).encrypt(nonce, db_key, aad)
    b64 = base64.b64encode
    return {
        "slot_id": slot_id,
        "kind": kind,
        "user_id": who.get("user_id"),
        "user_name": who.get("user_name"),
        "role": who.get("role"),
        "salt": b64(salt).decode(),
        "nonce": b64(nonce).decode(),
        "wrapped": b64(wrapped).decode(),
        "kdf": {"memory_kib": 1024, "iterations": 1, "lanes": 1},
    }


def build_base(workdir: Path) -> Base:
    from app.domain.passphrase import normalise_recovery_code
    from app.domain.roles import Role
    from app.services import auth, setup, users
    from app.storage.keyslots import KdfParams

    folder = workdir / "base"
    session, code = setup.create_vault(
        folder,
        organisation="Fuzz Org",
        centre="Fuzz Centre",
        user_name=MANAGER[0],
        passphrase=MANAGER[1],
        kdf=KdfParams(1024, 1, 1),
    )
    ids = {MANAGER[0]: session.user.id}
    roles = {MANAGER[0]: "manager"}
    for (name, secret), role in (
        (INTERPRETER, Role.INTERPRETER),
        (OFFICER, Role.INTAKE_OFFICER),
        (REMOVED, Role.INTAKE_OFFICER),
    ):
        ids[name] = users.add_user(session, name=name, role=role, passphrase=secret).id
        roles[name] = role.value
    users.remove_user(session, user_name=REMOVED[0])
    key, vault_id = bytes(session.vault._key), session.vault.sidecar.vault_id
    database = session.vault.sidecar.database
    session.close()
    auth.sign_in(folder, MANAGER[0], MANAGER[1]).close()  # settle: WAL checkpointed

    (folder / STRAY_EMPTY).write_bytes(b"")
    shutil.copyfile(folder / database, folder / STRAY_COPY)
    v2 = (folder / "harbour.keys").read_bytes()
    live = (MANAGER, INTERPRETER, OFFICER)
    v1_slots = [
        _v1_slot(key, s.encode(), vault_id, "user", user_id=ids[n], user_name=n, role=roles[n])
        for n, s in live
    ]
    v1_slots.append(_v1_slot(key, normalise_recovery_code(code).encode(), vault_id, "recovery"))
    v1 = json.dumps(
        {
            "format": "harbour-keyslots",
            "version": 1,
            "vault_id": vault_id,
            "database": database,
            "slots": v1_slots,
        },
        indent=1,
    ).encode()

    b64 = lambda n: base64.b64encode(os.urandom(n)).decode()  # noqa: E731
    pool: list[Any] = [
        *ids.values(),
        *ids.keys(),
        *roles.values(),
        "user",
        "recovery",
        vault_id,
        str(uuid.uuid4()),
        database,
        STRAY_EMPTY,
        STRAY_COPY,
        "../harbour-0000000000000000.db",
        "harbour.keys",
        None,
        True,
        False,
        0,
        -1,
        1,
        2,
        3,
        1.5,
        2**31,
        2**63,
        10**40,
        "",
        " ",
        "x" * 5000,
        "\u202e" + MANAGER[0],
        MANAGER[0].upper(),
        {},
        [],
        b64(16),
        b64(12),
        b64(48),
        b64(32),
        "!!!not base64",
        {"memory_kib": 1024, "iterations": 1, "lanes": 1},
        {"memory_kib": 2048, "iterations": 2, "lanes": 2},
        {"memory_kib": 64 * 1024 * 1024, "iterations": 1, "lanes": 1},
        {"memory_kib": 4 * 1024 * 1024 + 1, "iterations": 1, "lanes": 1},
        {"memory_kib": 1024, "iterations": 21, "lanes": 1},
        {"memory_kib": 1024, "iterations": 1, "lanes": 17},
        {"memory_kib": 1023, "iterations": 1, "lanes": 1},
        {"memory_kib": 1024, "iterations": 0, "lanes": 1},
        {"memory_kib": True, "iterations": 1, "lanes": 1},
        {"memory_kib": "1024", "iterations": 1, "lanes": 1},
        {"memory_kib": 1024, "iterations": 1},
        {"memory_kib": 1024, "iterations": 1, "lanes": 1, "extra": 1},
    ]
    return Base(
        folder=folder,
        ids=ids,
        secrets={n: s for n, s in (*live, REMOVED)},
        recovery_code=code,
        v2_sidecar=v2,
        v1_sidecar=v1,
        pool=pool,
    )


# -- mutations ------------------------------------------------------------------------------
def _nodes(doc: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(doc, dict):
        for k, v in doc.items():
            found += _nodes(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            found += _nodes(v, (*path, i))
    return found


def _get(doc: Any, path: tuple) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _structural(doc: Any, rng: random.Random, pool: list[Any]) -> Any:
    slots = doc.get("slots") if isinstance(doc, dict) else None
    slots = slots if isinstance(slots, list) else []
    objects = [s for s in slots if isinstance(s, dict)]
    op = rng.randrange(10)
    if op <= 2:  # any value -> a pool value
        path = rng.choice(_nodes(doc)[1:] or [()])
        value = copy.deepcopy(rng.choice(pool))
        if rng.random() < 0.03:
            value = _deep(rng.choice([50, 500]))
        return _set(doc, path, value)
    if op == 3 and len(objects) >= 2:  # a field copied from another slot
        a, b = rng.sample(objects, 2)
        key = rng.choice(sorted(set(a) | set(b)))
        if key in b:
            a[key] = copy.deepcopy(b[key])
        return doc
    if op == 4:  # delete or add a key anywhere
        dicts = [p for p in _nodes(doc) if isinstance(_get(doc, p), dict)]
        target = _get(doc, rng.choice(dicts)) if dicts else None
        if isinstance(target, dict) and target and rng.random() < 0.6:
            del target[rng.choice(sorted(target))]
        elif isinstance(target, dict):
            target[rng.choice(["v", "extra", "check", "seal", "digest", "kdf"])] = rng.choice(
                pool[:12]
            )
        return doc
    if op == 5 and slots:  # drop, duplicate or reorder slots
        choice = rng.randrange(3)
        if choice == 0:
            slots.pop(rng.randrange(len(slots)))
        elif choice == 1:
            slots.append(copy.deepcopy(rng.choice(slots)))
        else:
            rng.shuffle(slots)
        return doc
    if op == 6 and isinstance(doc, dict):  # a sidecar-level field
        key = rng.choice(["version", "vault_id", "database", "format"])
        doc[key] = copy.deepcopy(rng.choice([*pool, 1, 2, 3, "2", 2.0]))
        return doc
    if op == 7 and len(objects) >= 2:  # swap the identities of two slots
        a, b = rng.sample(objects, 2)
        for key in rng.choice([["user_id"], ["user_id", "slot_id"], ["user_name"], ["role"]]):
            a[key], b[key] = b.get(key), a.get(key)
        return doc
    if op == 8 and objects:  # a slot pointed at another user's identity (finding 2)
        victim = rng.choice(objects)
        donor = rng.choice(objects)
        for key in rng.choice([["user_id"], ["user_id", "slot_id"], ["user_name", "role"]]):
            if key in donor:
                victim[key] = copy.deepcopy(donor[key])
        return doc
    if objects:  # a number nudged: Argon2id settings, version
        slot = rng.choice(objects)
        kdf = slot.get("kdf")
        if isinstance(kdf, dict) and kdf:
            key = rng.choice(sorted(kdf))
            if isinstance(kdf[key], int):
                kdf[key] = rng.choice([kdf[key] + 1, kdf[key] * 2, kdf[key] - 1, -kdf[key]])
        elif "v" in slot:
            slot["v"] = rng.choice([1, 3, "2", None])
    return doc


def _redigest(doc: Any) -> bool:
    """Recompute the digest of every format-2 slot that still parses, as an attacker would."""
    from app.storage import keyslots

    if not isinstance(doc, dict) or not isinstance(doc.get("slots"), list):
        return False
    vault_id, database = doc.get("vault_id"), doc.get("database")
    if not (isinstance(vault_id, str) and isinstance(database, str)):
        return False
    done = False
    for raw in doc["slots"]:
        if not isinstance(raw, dict) or raw.get("v") != 2:
            continue
        try:
            slot = keyslots.Slot(
                slot_id=raw["slot_id"],
                kind=raw["kind"],
                user_id=raw["user_id"],
                user_name=raw["user_name"],
                role=raw["role"],
                salt=raw["salt"],
                nonce=raw["nonce"],
                wrapped=raw["wrapped"],
                kdf=keyslots.KdfParams(**raw["kdf"]),
                check=raw["check"],
                seal=raw["seal"],
            )
            raw["digest"] = keyslots._digest(slot, vault_id, database)
            done = True
        except (KeyError, TypeError, ValueError):
            continue
    return done


def _bytewise(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    if not buf:
        return bytes(rng.randbytes(rng.randrange(1, 64)))
    i = rng.randrange(len(buf))
    op = rng.randrange(8)
    if op == 0:
        buf[i] ^= 1 << rng.randrange(8)
    elif op == 1:
        buf[i] = rng.randrange(256)
    elif op == 2:
        del buf[i : i + rng.randrange(1, 40)]
    elif op == 3:
        buf[i:i] = rng.randbytes(rng.randrange(1, 20))
    elif op == 4:
        del buf[i:]
    elif op == 5:
        j = rng.randrange(len(buf))
        buf[i:i] = buf[j : j + rng.randrange(1, 200)]
    elif op == 6:  # nesting deeper than any parser's recursion limit, or a 5,000-digit number
        filler = rng.choice([b"[" * 200_000, b"9" * 5000, b'{"a":' * 50_000])
        buf = bytearray(bytes(buf).replace(b'"slots":', b'"slots": ' + filler, 1))
    else:  # a digit changed: ids, numbers and base64 stay plausible
        digits = [k for k, c in enumerate(buf) if 48 <= c <= 57]
        if digits:
            buf[rng.choice(digits)] = rng.randrange(48, 58)
    return bytes(buf)


def mutate(data: bytes, rng: random.Random, pool: list[Any]) -> tuple[bytes, bool]:
    """1-3 mutations; returns the new bytes and whether digests were recomputed."""
    redigested = False
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):
            doc = None
        if doc is not None and rng.random() < 0.7:
            doc = _structural(doc, rng, pool)
            if rng.random() < 0.5:
                redigested = _redigest(doc) or redigested
            data = json.dumps(doc, indent=rng.choice([None, 1])).encode()
        else:
            data = _bytewise(data, rng)
    return data, redigested


# -- the run --------------------------------------------------------------------------------
def _entries(data: bytes) -> tuple[set[str], set[str]]:
    """(slot ids claimed, canonical text of every entry) of a sidecar, as far as it parses."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return set(), set()
    slots = doc.get("slots") if isinstance(doc, dict) else None
    if not isinstance(slots, list):
        return set(), set()
    try:  # sort_keys: the sidecar is written with sorted keys, nested ones included
        ids = {json.dumps(s.get("slot_id"), sort_keys=True) for s in slots if isinstance(s, dict)}
        texts = {json.dumps(s, sort_keys=True) for s in slots}
    except (ValueError, RecursionError):
        return set(), set()
    return ids, texts


def _lost(before: bytes, after: bytes) -> list[str]:
    """Slot ids that disappeared, and entries that disappeared though no entry with their
    slot id was written in their place (a re-wrap replaces its own slot; a damaged entry is
    never replaced by a sign-in)."""
    from app.storage import keyslots

    ids_before, texts_before = _entries(before)
    ids_after, texts_after = _entries(after)
    lost = sorted(ids_before - ids_after)
    try:
        written = {json.dumps(s.slot_id) for s in keyslots.parse_sidecar(after, path="-").slots}
    except Exception:
        written = set()
    for text in texts_before - texts_after:
        entry = json.loads(text)
        slot_id = (
            json.dumps(entry.get("slot_id"), sort_keys=True) if isinstance(entry, dict) else None
        )
        if slot_id not in written or slot_id in lost:
            lost.append(text[:120])
    return lost


def _restore(base: Base, folder: Path, sidecar: bytes) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(base.folder, folder)
    (folder / "harbour.keys").write_bytes(sidecar)


@contextlib.contextmanager
def _watch_argon2(figures: Figures) -> Iterator[None]:
    """Count every Argon2id derivation and refuse (and count) any outside the bounds."""
    from app.storage import keyslots

    real = keyslots.Argon2id

    def watched(*, salt: bytes, length: int, iterations: int, lanes: int, memory_cost: int):
        figures.derivations += 1
        figures.largest_memory_kib = max(figures.largest_memory_kib, int(memory_cost))
        if not (
            keyslots.MIN_MEMORY_KIB <= memory_cost <= keyslots.MAX_MEMORY_KIB
            and keyslots.MIN_ITERATIONS <= iterations <= keyslots.MAX_ITERATIONS
            and keyslots.MIN_LANES <= lanes <= keyslots.MAX_LANES
        ):
            figures.oversized_derivations += 1
            raise AssertionError("Argon2id asked for settings outside the bounds")
        return real(
            salt=salt, length=length, iterations=iterations, lanes=lanes, memory_cost=memory_cost
        )

    keyslots.Argon2id = watched  # type: ignore[assignment]
    try:
        yield
    finally:
        keyslots.Argon2id = real


def run(cases: int, seed: int, workdir: Path, *, progress: bool = False) -> Figures:
    """Build the vault in ``workdir`` and run ``cases`` mutated sidecars against it."""
    logging.getLogger("harbour").setLevel(logging.CRITICAL)  # damaged-slot warnings
    base = build_base(workdir)
    figures = Figures()
    with _watch_argon2(figures):
        _run_cases(base, cases, seed, workdir, figures, progress)
    return figures


def _run_cases(
    base: Base, cases: int, seed: int, workdir: Path, figures: Figures, progress: bool
) -> None:
    from app.errors import HarbourError, WrongPassphrase
    from app.services import auth
    from app.storage import vault as vault_store

    folder = workdir / "case"
    live = [MANAGER[0], INTERPRETER[0], OFFICER[0]]
    own = {(n, base.secrets[n]) for n in live} | {("(recovery)", base.recovery_code)}
    names = [*live, REMOVED[0]]
    started = time.monotonic()

    def note(kind: str, detail: str) -> None:
        if len(figures.examples) < 50:
            figures.examples.append(f"case {case}: {kind}: {detail}")

    for case in range(cases):
        rng = random.Random(f"{seed}/{case}")
        format_1 = rng.random() < 0.2
        start = base.v1_sidecar if format_1 else base.v2_sidecar
        mutated, redigested = mutate(start, rng, base.pool)
        figures.cases += 1
        figures.format_1_cases += format_1
        figures.redigested_cases += redigested
        _restore(base, folder, mutated)
        before_files = {p.name for p in folder.iterdir()}

        attempts: list[tuple[str, str, str | None]] = [
            (n, base.secrets[n], base.ids[n]) for n in live
        ]
        for _ in range(2):
            owner = rng.choice(names)
            attempts.append((rng.choice(names), base.secrets[owner], base.ids[owner]))
        attempts.append(("(recovery)", base.recovery_code, None))
        for name, secret, owner_id in attempts:
            figures.attempts += 1
            try:
                if owner_id is None:
                    vault_store.unlock_with_recovery(folder, secret).close()
                    figures.outcomes["recovery opened"] += 1
                    continue
                session = auth.sign_in(folder, name, secret)
            except HarbourError as exc:
                figures.outcomes[type(exc).__name__] += 1
                if isinstance(exc, WrongPassphrase) and (name, secret) in own:
                    if format_1:
                        figures.format_1_as_wrong += 1
                    elif redigested:
                        figures.edit_as_wrong += 1
                    else:
                        figures.damage_as_wrong += 1
                        note("damage reported as a wrong passphrase", name)
                continue
            except Exception as exc:
                figures.tracebacks += 1
                figures.outcomes[f"traceback {type(exc).__name__}"] += 1
                note("traceback", "".join(traceback.format_exception_only(exc)).strip()[:300])
                continue
            try:
                if session.user.id != owner_id:
                    figures.impersonations += 1
                    note("impersonation", f"{name!r} with {owner_id}'s passphrase")
                else:
                    figures.signed_in += 1
                    figures.outcomes["signed in"] += 1
            finally:
                session.close()

        after = (folder / "harbour.keys").read_bytes()
        if after != mutated:
            figures.rewritten += 1
            figures.rewritten_format_2 += not format_1
            lost = _lost(mutated, after)
            if lost:
                figures.slots_lost += len(lost)
                note("slots lost", ", ".join(lost)[:300])
        gone = before_files - {p.name for p in folder.iterdir()}
        if gone:
            figures.files_lost += len(gone)
            note("files lost", ", ".join(sorted(gone)))
        if progress and (case + 1) % 100 == 0:
            rate = (case + 1) / (time.monotonic() - started)
            print(f"  {case + 1}/{cases} cases, {rate:.1f}/s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="harbour-fuzz-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        os.environ["HARBOUR_HOME"] = str(workdir / "home")
        started = time.monotonic()
        figures = run(args.cases, args.seed, workdir, progress=True)
        elapsed = time.monotonic() - started
    print(f"fuzz_sidecar seed {args.seed}: {elapsed:.0f} s")
    print(figures.report())
    return 0 if figures.clean else 1


if __name__ == "__main__":
    sys.exit(main())
