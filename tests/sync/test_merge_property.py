"""Property test of the merge on real SQLCipher vaults (issue 16, must show): 2-5 laptops
edit apart (registrations, field edits, list items added and removed, deletes) and
exchange changes through sync_log.outgoing / apply_remote in batches that are dropped,
duplicated and reordered; after a full exchange every laptop holds the same records,
deleted flags, changes and conflicts (path conflicts, and the collisions standing), and
the path conflicts are exactly the pairs of changes to overlapping paths made without
knowing of each other: none missing, none extra ([S1]-[S4] in app/domain/sync.py).

Each example copies the session's template vault (cheap KDF, migrated) once per laptop
and signs in to each copy: real SQLCipher files, opened and written through the one write
path, never created per example. The copies live on tmpfs (``/dev/shm``) where there is
one (tests/tmpfs.py), so that the vault's fsyncs (``synchronous = EXTRA``) cost memory
writes, not disk flushes: the code path is the same.

Examples: ``HARBOUR_PROPERTY_EXAMPLES`` (default 1000: CI's share, see the README's test
table). The long run: ``HARBOUR_PROPERTY_EXAMPLES=10000 .venv/bin/python -m pytest
tests/sync/test_merge_property.py -p no:cacheprovider``.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import paths
from app.domain.sync import SyncChange, overlapping
from app.services import cases
from app.services.session import Session
from app.storage import change_log, sync_log
from app.storage.cases import CaseRepository
from app.storage.records import Records
from tests.sync.replicas import replica
from tests.sync.test_merge_named import draft
from tests.tmpfs import scratch

EXAMPLES = int(os.environ.get("HARBOUR_PROPERTY_EXAMPLES", "1000"))
NAMES = ["Amal", "Amaal", "Amel", "Yusuf", "Sara", "Omar"]

op = st.one_of(
    st.tuples(st.just("register"), st.integers(0, 4), st.sampled_from(NAMES)),
    st.tuples(st.just("latin"), st.integers(0, 4), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("alias"), st.integers(0, 4), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("family+"), st.integers(0, 4), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("family-"), st.integers(0, 4), st.integers(0, 9), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 4), st.integers(0, 9)),
    st.tuples(st.just("sync"), st.integers(0, 4), st.integers(0, 4), st.integers(0, 2**16)),
)


class Laptop:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.vault = session.require_vault()
        self.records = Records(self.vault)

    def change_ids(self) -> set[str]:
        return {
            change_log.id_text(r[0]) for r in self.vault.query("SELECT change_id FROM change_log")
        }

    def cases(self) -> list[str]:
        return sorted(r.id for r in self.records.of_kind("case", include_deleted=True))


def _local(laptop: Laptop, action: tuple, pasts: dict[str, frozenset[str]]) -> None:
    before = laptop.change_ids()
    name, _, *rest = action
    ids = laptop.cases()
    if name == "register":
        fields = cases.case_fields(draft("أمل", rest[0]))
        # Numbers without device codes, so that a laptop can number a case with a number
        # it already holds from another: the app does so too (a vault restored from a
        # backup numbers again from its older sequence; test_merge_named), and that
        # collision, made by a local write, must be listed as one a merge makes.
        fields.update(
            case_number=f"N-{len(ids) + 1}",
            centre_id=laptop.vault.centre_scope(laptop.vault.conn),
            status="open",
            registered_at="2026-11-23T10:00:00+00:00",
        )
        laptop.records.insert("case", fields, user_id=laptop.session.user.id)
    else:
        if not ids:
            return
        record = laptop.records.get(ids[rest[0] % len(ids)])
        if record is None or record.deleted:
            return
        names = dict(record.fields.get("names", {}))
        family = list(record.fields.get("family", []))
        if name == "latin":
            laptop.records.update(
                record.id, {"names": {**names, "given_latin": rest[1]}}, user_id=None
            )
        elif name == "alias":
            aliases = [*names.get("aliases", []), rest[1]]
            laptop.records.update(record.id, {"names": {**names, "aliases": aliases}}, user_id=None)
        elif name == "family+":
            member = {"relation": "sibling", "name": rest[1]}
            laptop.records.update(record.id, {"family": [*family, member]}, user_id=None)
        elif name == "family-" and family:
            del family[rest[1] % len(family)]
            laptop.records.update(record.id, {"family": family}, user_id=None)
        elif name == "delete":
            laptop.records.delete(record.id, user_id=None)
    for made in laptop.change_ids() - before:
        pasts[made] = frozenset(before)  # what the laptop held when it made the change


def _messy_sync(source: Laptop, target: Laptop, seed: int) -> None:
    """Batches from ``source`` reach ``target`` dropped, duplicated and out of order."""
    rng = random.Random(seed)
    lacking = sync_log.outgoing(source.vault, sync_log.version_vector(target.vault), None)
    size = rng.randint(1, 4)
    batches = [lacking[i : i + size] for i in range(0, len(lacking), size)]
    delivered: list[list[SyncChange]] = []
    for batch in batches:
        roll = rng.random()
        if roll < 0.2:
            continue  # dropped
        delivered.append(rng.sample(batch, len(batch)))
        if roll > 0.85:
            delivered.append(list(batch))  # duplicated
    rng.shuffle(delivered)
    for batch in delivered:
        sync_log.apply_remote(target.vault, batch)


def _full_exchange(laptops: list[Laptop]) -> None:
    for _ in range(2):
        for source in laptops:
            for target in laptops:
                if source is not target:
                    lacking = sync_log.outgoing(
                        source.vault, sync_log.version_vector(target.vault), None
                    )
                    if lacking:
                        sync_log.apply_remote(target.vault, lacking)


def _state(laptop: Laptop, unshared: tuple[str, ...] = ("user", "centre_settings")) -> tuple:
    marks = ", ".join("?" for _ in unshared)
    rows = laptop.vault.query(
        f"SELECT id, fields, deleted FROM records WHERE kind NOT IN ({marks}) ORDER BY id",
        unshared,
    )
    # Path conflicts are a function of the changes held; the rule and collision conflicts
    # listed are those standing now (a collision a delete removed is no longer listed):
    # the same everywhere. Possible duplicates are each laptop's own finding, from the
    # cases it held when others arrived (docs/sync.md): not part of the converged state.
    conflicts = sorted(
        (c.kind, c.rule, c.a, c.b, c.winner, c.path)
        for c in sync_log.conflicts(laptop.vault)
        if c.kind != "duplicate"
    )
    collisions = CaseRepository(laptop.vault).collisions()
    standing = {
        tuple(sorted(pair))
        for found in collisions
        for pair in itertools.combinations(found.case_ids, 2)
    }
    listed = {(c[2], c[3]) for c in conflicts if c[0] == "collision"}
    assert listed == standing
    return rows, conflicts, collisions


def _knew(
    later: SyncChange, earlier: SyncChange, by_id: dict[str, SyncChange], pasts: dict
) -> bool:
    """The oracle of [S2]: ``later`` was made holding ``earlier``, or holding a change of
    the record on an overlapping path that was made knowing it (and so on): a chain of
    changes each held where the one before it was made, each on a path overlapping the
    one before."""
    seen: set[str] = set()
    frontier = [later]
    while frontier:
        node = frontier.pop()
        for held_id in pasts.get(node.change_id, ()):
            held = by_id.get(held_id)
            if held is None or held_id in seen or held.record_id != node.record_id:
                continue
            if not overlapping(node.path, held.path):
                continue
            if held_id == earlier.change_id:
                return True
            seen.add(held_id)
            frontier.append(held)
    return False


def _all_changes(laptop: Laptop) -> list[SyncChange]:
    return sync_log.outgoing(laptop.vault, None, None)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(count=st.integers(2, 5), actions=st.lists(op, min_size=1, max_size=30))
def test_any_exchange_converges_without_losing_an_edit(
    tmp_path: Path, template_vault, count: int, actions: list[tuple]
) -> None:
    folder = scratch(tmp_path)
    laptops: list[Laptop] = []
    try:
        for i in range(count):
            laptops.append(Laptop(replica(template_vault[0], folder / str(i))))
        pasts: dict[str, frozenset[str]] = {}
        for action in actions:
            if action[0] == "sync":
                source, target = laptops[action[1] % count], laptops[action[2] % count]
                if source is not target:
                    _messy_sync(source, target, action[3])
            else:
                _local(laptops[action[1] % count], action, pasts)
        _full_exchange(laptops)

        # 0 divergent end states: records, deleted flags, changes and conflicts.
        states = [_state(laptop) for laptop in laptops]
        assert all(state == states[0] for state in states)
        held = [laptop.change_ids() for laptop in laptops]
        assert all(h == held[0] for h in held)
        # Every edit is current or in history: every change made anywhere is held
        # everywhere (the history is the change log).
        assert set(pasts) <= held[0]

        # Every pair of changes to overlapping paths of one record that were made without
        # knowing of each other is exactly one conflict (the key is the pair), and every
        # conflict is such a pair: none missing, none extra ([S2], [S4]).
        changes = [c for c in _all_changes(laptops[0]) if c.change_id in pasts]
        by_id = {c.change_id: c for c in changes}
        found = {(c.a, c.b) for c in sync_log.conflicts(laptops[0].vault) if c.kind == "path"}
        expected = set()
        for i, x in enumerate(changes):
            for y in changes[i + 1 :]:
                if x.record_id != y.record_id or paths.ROOT in (x.path, y.path):
                    continue
                if x.device_id == y.device_id or not overlapping(x.path, y.path):
                    continue
                if not _knew(x, y, by_id, pasts) and not _knew(y, x, by_id, pasts):
                    expected.add(tuple(sorted((x.change_id, y.change_id))))
        assert found == expected
    finally:
        for laptop in laptops:
            laptop.session.close()
        shutil.rmtree(folder, ignore_errors=True)
