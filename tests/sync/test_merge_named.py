"""The merge's named cases (issue 16, must show) on real SQLCipher vaults: two laptops of
one centre edit apart, then exchange changes through sync_log (no server)."""

from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest

from app.domain import hlc
from app.domain.case import Answer, Birth, CaseDraft, FamilyMember, Names, Sex
from app.domain.sync import SyncChange
from app.services import auth, cases
from app.storage import sync_log
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS
from tests.sync.replicas import exchange, path_conflicts

TODAY = dt.date(2026, 11, 23)


def draft(given: str, latin: str, **names: object) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, given_latin=latin, **names),
        birth=Birth(declared_age=15),
        sex=Answer.of(Sex.MALE),
        nationalities=["SY"],
    )


def set_names(session, case_id: str, **names: object) -> None:
    edit(
        session,
        case_id,
        lambda d: d.model_copy(update={"names": d.names.model_copy(update=names)}),
    )


def edit(session, case_id: str, change) -> None:
    current = cases._draft_of(Records(session.require_vault()).get(case_id))
    cases.update_case(session, case_id, change(current), today=TODAY)


def fields(session, case_id: str):
    record = Records(session.require_vault()).get(case_id)
    return record.fields, record.deleted


def registered_on_both(a, b) -> str:
    case_id = cases.register_case(a, draft("أمل", "Amal"), today=TODAY).id
    exchange(a, b)
    return case_id


def test_alias_on_one_laptop_and_latin_spelling_on_another_are_both_kept(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    set_names(a, case_id, aliases=["Amel"])
    set_names(b, case_id, given_latin="Amaal")
    exchange(a, b)
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)
    names = fields(a, case_id)[0]["names"]
    assert names["aliases"] == ["Amel"] and names["given_latin"] == "Amaal"
    assert path_conflicts(a) == path_conflicts(b) == set()


def test_both_correct_the_latin_spelling_one_conflict_the_same_on_both(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    for session, spelling in ((a, "Amaal"), (b, "Amel")):
        set_names(session, case_id, given_latin=spelling)
    exchange(a, b)
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)
    assert len(path_conflicts(a)) == 1 and path_conflicts(a) == path_conflicts(b)
    (conflict,) = sync_log.conflicts(a.require_vault())
    assert conflict.path == "names.given_latin" and conflict.record_id == case_id
    # The winner's value applies; the other stays in history.
    won = sync_log.change(a.require_vault().conn, conflict.winner)
    assert fields(a, case_id)[0]["names"]["given_latin"] == won.value
    history = [h.value for h in Records(a.require_vault()).history(case_id)]
    assert "Amaal" in history and "Amel" in history
    # An edit made after the merge is a later edit, not another conflict.
    set_names(b, case_id, given_latin="Amal")
    exchange(b, a)
    assert fields(a, case_id)[0]["names"]["given_latin"] == "Amal"
    assert len(path_conflicts(a)) == 1 and path_conflicts(a) == path_conflicts(b)


def test_two_family_members_added_apart_are_both_kept(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    for session, name in ((a, "Sara"), (b, "Omar")):
        edit(
            session,
            case_id,
            lambda d, n=name: d.model_copy(
                update={"family": [*d.family, FamilyMember(relation="sibling", name=n)]}
            ),
        )
    exchange(a, b)
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)
    assert sorted(m["name"] for m in fields(a, case_id)[0]["family"]) == ["Omar", "Sara"]
    assert path_conflicts(a) == set()


def test_two_laptops_register_the_same_number_both_listed_one_collision(laptops) -> None:
    a, b = laptops
    first = cases.register_case(a, draft("أمل", "Amal"), today=TODAY)
    second = cases.register_case(b, draft("يوسف", "Yusuf"), today=TODAY)
    assert first.case_number == second.case_number  # numbers from before enrolment
    exchange(a, b)
    exchange(b, a)
    for session in (a, b):
        listed = {row.id for row in cases.query_cases(session)}
        assert {first.id, second.id} <= listed
        found = {row.id for row in cases.query_cases(session, _query(first.case_number))}
        assert found == {first.id, second.id}
        collisions = [
            c for c in sync_log.conflicts(session.require_vault()) if c.kind == "collision"
        ]
        assert [(c.a, c.b) for c in collisions] == [tuple(sorted((first.id, second.id)))]


def test_a_restored_laptop_that_numbers_a_held_number_again_lists_the_collision(
    laptops, tmp_path
) -> None:
    """A vault restored from a backup numbers from its older sequence, and pulls back the
    cases it numbered after the backup: its next registration takes a number it holds.
    That collision is made by a local write, not a merge; it is listed there as on every
    other laptop (it was listed only on the others)."""
    a, b = laptops
    cases.register_case(a, draft("أمل", "Amal"), today=TODAY)
    folder = a.require_vault().folder
    a.close()
    shutil.copytree(folder, tmp_path / "a_backup")
    a = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    after = cases.register_case(a, draft("يوسف", "Yusuf"), today=TODAY)
    exchange(a, b)
    a.close()
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "a_backup", folder)
    a = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        exchange(b, a)  # the case numbered after the backup comes back
        again = cases.register_case(a, draft("سارة", "Sara"), today=TODAY)
        assert again.case_number == after.case_number
        pair = [tuple(sorted((after.id, again.id)))]
        collisions = [c for c in sync_log.conflicts(a.require_vault()) if c.kind == "collision"]
        assert [(c.a, c.b) for c in collisions] == pair
        exchange(a, b)
        for session in (a, b):
            vault = session.require_vault()
            assert [(c.a, c.b) for c in sync_log.conflicts(vault) if c.kind == "collision"] == pair
    finally:
        a.close()


def _query(text: str):
    from app.domain.case_list import CaseQuery

    return CaseQuery(text=text)


def test_a_delete_concurrent_with_an_edit_is_one_conflict(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    Records(a.require_vault()).delete(case_id, user_id=a.user.id)
    set_names(b, case_id, given_latin="Amaal")
    exchange(a, b)
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)
    assert fields(a, case_id)[1] is True  # deleted on both
    assert len(path_conflicts(a)) == 1 and path_conflicts(a) == path_conflicts(b)
    assert {c.path for c in sync_log.conflicts(a.require_vault())} == {"_deleted"}


def test_a_stamp_a_year_ahead_moves_no_clock_past_the_cap_and_loses_no_edit(laptops) -> None:
    a, b = laptops
    case_id = registered_on_both(a, b)
    set_names(a, case_id, given_latin="Amaal")
    (made,) = [
        c
        for c in sync_log.outgoing(
            a.require_vault(), sync_log.version_vector(b.require_vault()), None
        )
    ]
    year_ms = 365 * 24 * 3600 * 1000
    ahead = SyncChange(**{**made.__dict__, "hlc": made.hlc + (year_ms << hlc.COUNTER_BITS)})
    report = sync_log.apply_remote(b.require_vault(), [ahead])
    assert report.skewed == 1
    now_ms = int(time.time() * 1000)
    clock_ms = hlc.wall_ms(b.require_vault().clock)
    assert clock_ms <= now_ms + hlc.MAX_FORWARD_SKEW_MS + 1000
    assert fields(b, case_id)[0]["names"]["given_latin"] == "Amaal"
    # A later edit on b of the same path still applies (it follows the change it replaced).
    set_names(b, case_id, given_latin="Amal")
    assert fields(b, case_id)[0]["names"]["given_latin"] == "Amal"
    assert hlc.wall_ms(b.require_vault().clock) <= now_ms + hlc.MAX_FORWARD_SKEW_MS + 1000
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)
    history = [h.value for h in Records(b.require_vault()).history(case_id)]
    assert "Amaal" in history and "Amal" in history
    assert path_conflicts(b) == set()


def test_a_batch_is_idempotent_and_a_reused_device_sequence_refuses_it_whole(laptops) -> None:
    a, b = laptops
    case_id = cases.register_case(a, draft("أمل", "Amal"), today=TODAY).id
    batch = sync_log.outgoing(a.require_vault(), sync_log.version_vector(b.require_vault()), None)
    first = sync_log.apply_remote(b.require_vault(), batch)
    again = sync_log.apply_remote(b.require_vault(), list(reversed(batch)))
    assert first.applied == len(batch) and again.applied == 0 and again.already_held == len(batch)
    assert sync_log.version_vector(b.require_vault())[a.require_vault().device_id] == len(batch)
    set_names(a, case_id, given_latin="Amaal")
    (made,) = sync_log.outgoing(a.require_vault(), sync_log.version_vector(b.require_vault()), None)
    clone = SyncChange(
        **{**made.__dict__, "change_id": "00000000-0000-7000-8000-000000000001", "device_seq": 1}
    )
    before = b.require_vault().query("SELECT count(*) FROM change_log")[0][0]
    with pytest.raises(sync_log.ChangeRefused):
        sync_log.apply_remote(b.require_vault(), [made, clone])
    assert b.require_vault().query("SELECT count(*) FROM change_log")[0][0] == before
    assert fields(b, case_id)[0]["names"]["given_latin"] == "Amal"
    audits = b.require_vault().query("SELECT count(*) FROM audit WHERE action = 'sync'")[0][0]
    assert audits == 2  # one per applied batch, not per record
