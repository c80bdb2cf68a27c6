"""The merge's exactness and its rules across records (issue 16, item 1) on real SQLCipher
vaults: laptops of one centre edit apart and exchange changes through sync_log (no
server). [S2] an edit or a delete made after seeing concurrent changes is in conflict with
none of them; rules broken by changes made apart are conflicts of kind ``rule`` while they
stand; a record whose creation arrives after its edits is kept and then complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.sync import DELETED_PATH
from app.services import cases
from app.storage import sync_log
from app.storage.records import Records
from tests.sync.replicas import exchange, replica
from tests.sync.test_merge_named import TODAY, draft, fields, registered_on_both, set_names


@pytest.fixture
def trio(tmp_path: Path, template_vault):
    made = [replica(template_vault[0], tmp_path / name) for name in "abc"]
    yield made
    for session in made:
        session.close()


def _everywhere(laptops) -> None:
    for _ in range(2):
        for source in laptops:
            for target in laptops:
                if source is not target:
                    exchange(source, target)


def _paths(session) -> set[tuple[str, str]]:
    return {(c.a, c.b) for c in sync_log.conflicts(session.require_vault()) if c.kind == "path"}


def _rules(session, rule: str) -> list[sync_log.Conflict]:
    return [c for c in sync_log.conflicts(session.require_vault()) if c.rule == rule]


def _latest(session, case_id: str, path: str) -> str:
    (change,) = [
        c
        for c in sync_log.outgoing(session.require_vault(), None, None)
        if c.record_id == case_id
        and c.path == path
        and c.device_id == session.require_vault().device_id
    ][-1:]
    return change.change_id


def test_an_edit_after_seeing_two_concurrent_edits_conflicts_with_neither(trio) -> None:
    a, b, c = trio
    case_id = registered_on_both(a, b)
    exchange(a, c)
    set_names(a, case_id, given_latin="Amaal")
    set_names(b, case_id, given_latin="Amel")
    exchange(b, c)  # c holds b's edit first, then a's: its base is a's, not b's
    exchange(a, c)
    set_names(c, case_id, given_latin="Amal")
    made = sync_log.change(c.require_vault().conn, _latest(c, case_id, "names.given_latin"))
    assert made is not None and len(made.links) == 2  # it replaces both
    _everywhere(trio)
    ours = {
        tuple(
            sorted(
                (_latest(a, case_id, "names.given_latin"), _latest(b, case_id, "names.given_latin"))
            )
        )
    }
    for session in trio:
        assert _paths(session) == ours  # a's and b's, made apart; nothing with c's
        assert fields(session, case_id)[0]["names"]["given_latin"] == "Amal"


def test_a_delete_after_edits_from_two_laptops_conflicts_with_neither(trio) -> None:
    a, b, c = trio
    case_id = registered_on_both(a, b)
    exchange(a, c)
    set_names(a, case_id, given_latin="Amaal")
    set_names(b, case_id, aliases=["Amel"])
    exchange(a, c)
    exchange(b, c)
    Records(c.require_vault()).delete(case_id, user_id=c.user.id)
    _everywhere(trio)
    for session in trio:
        assert _paths(session) == set()
        assert fields(session, case_id)[1] is True


def test_a_delete_and_an_edit_made_apart_stay_one_conflict_after_a_later_edit(trio) -> None:
    a, b, c = trio
    case_id = registered_on_both(a, b)
    exchange(a, c)
    Records(a.require_vault()).delete(case_id, user_id=a.user.id)
    set_names(b, case_id, given_latin="Amaal")
    set_names(b, case_id, given_latin="Amel")  # b's second edit knew b's first
    _everywhere(trio)
    for session in trio:
        found = [x for x in sync_log.conflicts(session.require_vault()) if x.kind == "path"]
        assert len(found) == 2  # the delete against each edit made without knowing of it
        assert {x.path for x in found} == {DELETED_PATH}
        assert fields(session, case_id)[1] is True


def _assessment(session, case_id: str) -> str:
    return Records(session.require_vault()).insert(
        "age_assessment",
        {"case_id": case_id, "results": [], "signatures": [], "concluded": False},
        user_id=session.user.id,
    )


def test_two_assessments_in_progress_for_one_child_one_rule_conflict_while_it_stands(
    laptops,
) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    first, second = _assessment(a, case_id), _assessment(b, case_id)
    exchange(a, b)
    exchange(b, a)
    for session in (a, b):
        (found,) = _rules(session, sync_log.RULE_TWO_ASSESSMENTS)
        assert (found.a, found.b) == tuple(sorted((first, second)))
        assert found.record_id == case_id
    Records(a.require_vault()).update(first, {"concluded": True}, user_id=a.user.id)
    exchange(a, b)
    for session in (a, b):  # one is concluded: the rule holds again, nothing listed
        assert _rules(session, sync_log.RULE_TWO_ASSESSMENTS) == []


def test_opposite_duplicate_decisions_for_one_pair_one_rule_conflict(laptops) -> None:
    a, b = laptops
    one = registered_on_both(a, b)
    other = cases.register_case(a, draft("أمل", "Amel"), today=TODAY).id
    exchange(a, b)
    made = []
    for session, decision in ((a, "same_child"), (b, "different_child")):
        made.append(
            Records(session.require_vault()).insert(
                "case_link",
                {"case_a": one, "case_b": other, "decision": decision, "active": True},
                user_id=session.user.id,
            )
        )
    exchange(a, b)
    exchange(b, a)
    for session in (a, b):
        (found,) = _rules(session, sync_log.RULE_OPPOSITE_DECISIONS)
        assert (found.a, found.b) == tuple(sorted(made))
    Records(b.require_vault()).delete(made[1], user_id=b.user.id)
    exchange(b, a)
    for session in (a, b):
        assert _rules(session, sync_log.RULE_OPPOSITE_DECISIONS) == []


def test_two_guardian_referrals_for_one_child_one_rule_conflict(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    made = [
        Records(session.require_vault()).insert(
            "referral",
            {"case_id": case_id, "type": "guardian", "state": "draft", "history": []},
            user_id=session.user.id,
        )
        for session in (a, b)
    ]
    exchange(a, b)
    exchange(b, a)
    for session in (a, b):
        found = _rules(session, sync_log.RULE_TWO_GUARDIAN_REFERRALS)
        pairs = {(x.a, x.b) for x in found}
        # Registration opened one guardian referral (one id on both laptops); the two
        # made apart are each in conflict with it and with each other.
        assert tuple(sorted(made)) in pairs
        assert all(x.record_id == case_id for x in found)


def test_a_record_whose_creation_arrives_after_its_edits_is_kept_then_complete(trio) -> None:
    a, b, c = trio
    case_id = registered_on_both(a, b)
    set_names(b, case_id, given_latin="Amaal")
    everything = sync_log.outgoing(b.require_vault(), None, None)
    mine = [x for x in everything if x.record_id == case_id]
    creation = [x for x in mine if x.path == ""]
    edits = [x for x in mine if x.path != ""]
    report = sync_log.apply_remote(c.require_vault(), edits)
    assert report.waiting == 1 and report.applied == len(edits)
    assert Records(c.require_vault()).get(case_id) is None  # kept, not shown yet
    report = sync_log.apply_remote(c.require_vault(), creation)
    assert report.waiting == 0 and report.new_cases == [case_id]
    assert fields(c, case_id) == fields(b, case_id)
    assert fields(c, case_id)[0]["names"]["given_latin"] == "Amaal"
    assert case_id in {row.id for row in cases.query_cases(c)}


def test_supersedes_travel_inside_the_sealed_value(trio) -> None:
    import os

    from app.sync import seal

    a, b, c = trio
    case_id = registered_on_both(a, b)
    exchange(a, c)
    set_names(a, case_id, given_latin="Amaal")
    set_names(b, case_id, given_latin="Amel")
    exchange(a, c)
    exchange(b, c)
    set_names(c, case_id, given_latin="Amal")
    made = sync_log.change(c.require_vault().conn, _latest(c, case_id, "names.given_latin"))
    assert made is not None and made.supersedes
    key = os.urandom(32)
    sealed = seal.seal_change(made, key, seal.new_signing_key()[0])
    assert made.supersedes[0] not in str({k: v for k, v in sealed.items() if k != "sealed"})
    opened = seal.open_change(_Sealed(sealed), {seal.key_id(key): key})
    assert opened == made
    # A value naming something other than change ids is refused.
    identity = seal.identity_of(made)
    forged = seal.seal_value(identity, made.value, made.user_id, key)
    assert seal.open_sealed(identity, forged, key)[2] == ()
    with pytest.raises(seal.SealError):
        seal.open_sealed(identity, seal.seal_value(identity, 1, None, key, ("x",)), key)


class _Sealed:
    def __init__(self, fields: dict) -> None:
        self.__dict__.update(fields)
