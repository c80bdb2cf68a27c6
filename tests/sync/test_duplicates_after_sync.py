"""Pulled cases go through duplicate detection (issue 16: "possible duplicates from
sync"): through the real sync on `harbour serve` at 127.0.0.1, a child registered on two
laptops apart is flagged on the laptop that receives the other's registration, as a
conflict of kind "duplicate" for a manager, from either side of the look-up (many
arrivals: from the cases held; few: from the arrivals). Children with other names are not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.services import cases, conflicts, sync
from tests.sync.replicas import enrol_both
from tests.sync.test_centre_identity import new_laptop, server  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow


def child(given: str, latin: str, family: str, family_latin: str, age: int = 15) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, family=family, given_latin=latin, family_latin=family_latin),
        birth=Birth(declared_age=age),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )


def duplicate_pairs(session) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [set(c.subjects) for c in conflicts.list_conflicts(session) if c.kind == "duplicate"]


def test_a_child_registered_on_two_laptops_is_flagged_where_the_other_arrives(
    server,  # noqa: F811
    tmp_path: Path,
) -> None:
    a = new_laptop(tmp_path / "a", "Alpha Landing Post")
    b = new_laptop(tmp_path / "b", "Bravo Reception Village")
    try:
        enrol_both(a, b, *server)
        # B holds one child; A registers three, one of them B's child spelt another way.
        held = cases.register_case(b, child("محمد", "Mohammed", "علي", "Ali"))
        same = cases.register_case(a, child("محمد", "Mohamed", "علي", "Aly"))
        for given, latin, family, family_latin in (
            ("ሰላም", "Selam", "ተስፋይ", "Tesfay"),
            ("Олена", "Olena", "Коваль", "Koval"),
        ):
            cases.register_case(a, child(given, latin, family, family_latin, 13))
        sync.sync_now(a)
        report = sync.sync_now(b)  # 3 arrive, 1 held: looked up from the held side
        assert report.possible_duplicates == 1
        assert duplicate_pairs(b) == [{held.id, same.id}]
        # One more arrives for a laptop holding four: looked up from the arrival.
        again = cases.register_case(a, child("سلام", "Salam", "تسفاي", "Tesfai", 13))
        later = cases.register_case(a, child("Karim", "Karim", "Haddad", "Haddad", 16))
        sync.sync_now(a)
        report = sync.sync_now(b)
        assert report.possible_duplicates >= 1
        pairs = duplicate_pairs(b)
        assert {held.id, same.id} in pairs and len(pairs) == 1 + report.possible_duplicates
        assert not any(later.id in pair for pair in pairs)  # a child with another name
        assert any(again.id in pair for pair in pairs)
        # A, which held its own three when B's child arrived, flags the same pair.
        sync.sync_now(a)
        assert {held.id, same.id} in duplicate_pairs(a)
        assert sync.sync_now(b).possible_duplicates == 0  # nothing new: nothing flagged twice
    finally:
        a.close()
        b.close()


def test_arrivals_not_looked_up_in_one_sync_wait_for_the_next(
    server,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The look-ups after a sync are bounded in time; what a sync did not reach (or a sync
    killed before its look-ups) waits in the vault and is looked up at the next sync."""
    from app.storage import sync_state

    a = new_laptop(tmp_path / "a", "Alpha Landing Post")
    b = new_laptop(tmp_path / "b", "Bravo Reception Village")
    try:
        enrol_both(a, b, *server)
        held = cases.register_case(b, child("محمد", "Mohammed", "علي", "Ali"))
        same = cases.register_case(a, child("محمد", "Mohamed", "علي", "Aly"))
        sync.sync_now(a)
        monkeypatch.setattr(sync, "DUPLICATES_BUDGET_S", 0.0)  # no time left for look-ups
        assert sync.sync_now(b).possible_duplicates == 0
        waiting = sync_state.progress_json(b.require_vault(), sync.DUPLICATES_PENDING, [])
        assert waiting == [same.id]
        monkeypatch.undo()
        assert sync.sync_now(b).possible_duplicates == 1  # nothing new arrived: the queue
        assert duplicate_pairs(b) == [{held.id, same.id}]
        assert sync_state.progress_json(b.require_vault(), sync.DUPLICATES_PENDING, []) == []
    finally:
        a.close()
        b.close()
