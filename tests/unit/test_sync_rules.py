"""The pure merge rules of app/domain/sync.py ([S1]-[S4])."""

from __future__ import annotations

import itertools
import uuid

from app.domain import paths
from app.domain.sync import (
    SyncChange,
    concurrent,
    conflict_key,
    conflicting,
    fold,
    merge_key,
    overlapping,
    winner,
)

RECORD = str(uuid.UUID(int=1))
DEV_A = str(uuid.UUID(int=0xA))
DEV_B = str(uuid.UUID(int=0xB))


def change(cid: int, path: str, value, base: int | None, hlc: int, device: str, seq: int):
    return SyncChange(
        change_id=str(uuid.UUID(int=cid)),
        record_id=RECORD,
        kind="case",
        path=path,
        value=value,
        base_id=str(uuid.UUID(int=base)) if base else None,
        hlc=hlc,
        device_id=device,
        device_seq=seq,
        user_id=None,
        scope=str(uuid.UUID(int=99)),
        model=paths.MODEL_VERSION,
    )


CREATE = change(1, "", {"names": {"given": "Amal"}}, None, 10, DEV_A, 1)


def ancestry(*changes: SyncChange) -> dict[str, str | None]:
    return {c.change_id: c.base_id for c in changes}


def test_s1_merge_key_is_clock_then_device_bytes_then_sequence() -> None:
    a = change(2, "status", "x", 1, 20, DEV_A, 2)
    b = change(3, "status", "y", 1, 20, DEV_B, 1)
    assert merge_key(b) > merge_key(a)  # same clock: the larger device id
    assert winner(a, b) is b and winner(b, a) is b


def test_s1_fold_is_the_same_in_every_arrival_order() -> None:
    edits = [
        CREATE,
        change(2, "names.given_latin", "Amal", 1, 20, DEV_A, 2),
        change(3, "names.given_latin", "Amaal", 1, 21, DEV_B, 1),
        change(4, "aliases", ["Amel"], 1, 15, DEV_B, 2),
        change(5, "family.f1", {"id": "f1", "name": "Sara"}, 1, 30, DEV_A, 3),
        change(6, "_deleted", True, 1, 40, DEV_B, 3),
    ]
    results = {repr(fold("case", list(order))) for order in itertools.permutations(edits)}
    assert len(results) == 1
    fields, deleted = fold("case", edits)
    assert fields["names"]["given_latin"] == "Amaal" and deleted
    assert fields["family"] == [{"id": "f1", "name": "Sara"}]


def test_s3_paths_overlap_when_one_is_above_the_other_or_one_is_a_delete() -> None:
    assert overlapping("names.given_latin", "names.given_latin")
    assert overlapping("", "family.x") and overlapping("names", "names.given")
    assert overlapping("_deleted", "aliases")
    assert not overlapping("aliases", "names.given_latin")
    assert not overlapping("family.a", "family.b")


def test_s2_concurrent_means_neither_reaches_the_other_through_bases() -> None:
    a = change(2, "names.given_latin", "Amal", 1, 20, DEV_A, 2)
    b = change(3, "names.given_latin", "Amaal", 1, 21, DEV_B, 1)
    later = change(4, "names.given_latin", "Amál", 3, 22, DEV_A, 3)
    known = ancestry(CREATE, a, b, later)
    assert concurrent(a, b, known) and concurrent(b, a, known)
    assert not concurrent(b, later, known)  # later was based on b
    assert not concurrent(a, later, known)  # one device orders its own changes
    assert not concurrent(a, a, known)


def test_s4_conflicts_need_overlap_and_concurrency_and_key_the_same_both_ways() -> None:
    alias = change(2, "aliases", ["Amel"], 1, 20, DEV_A, 2)
    latin = change(3, "names.given_latin", "Amaal", 1, 21, DEV_B, 1)
    latin_a = change(4, "names.given_latin", "Amal", 1, 22, DEV_A, 3)
    delete = change(5, "_deleted", True, 1, 23, DEV_A, 4)
    known = ancestry(CREATE, alias, latin, latin_a, delete)
    assert not conflicting(alias, latin, known)
    assert conflicting(latin, latin_a, known)
    assert conflicting(latin, delete, known)
    assert not conflicting(CREATE, latin, known)
    assert conflict_key(latin, latin_a) == conflict_key(latin_a, latin)
