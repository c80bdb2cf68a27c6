"""Conflicts for a manager (app/services/conflicts.py) on real vaults: list with both
values, confirm, reverse (a new local change that travels as a later edit), audit,
permissions, and possible duplicates among cases that arrived by sync."""

from __future__ import annotations

import pytest

from app.domain.roles import Role
from app.errors import PermissionDenied
from app.services import auth, cases, conflicts, users
from app.storage.records import Records
from tests.sync.replicas import exchange, path_conflicts
from tests.sync.test_merge_named import TODAY, draft, fields, set_names


def _conflicted(a, b) -> str:
    case_id = cases.register_case(a, draft("أمل", "Amal"), today=TODAY).id
    exchange(a, b)
    set_names(a, case_id, given_latin="Amaal")
    set_names(b, case_id, given_latin="Amel")
    exchange(a, b)
    exchange(b, a)
    return case_id


def test_a_manager_sees_both_values_and_reverses_the_winner(laptops) -> None:
    a, b = laptops
    case_id = _conflicted(a, b)
    (view,) = conflicts.list_conflicts(a)
    assert view.kind == "path" and view.record_id == case_id
    assert view.field == "Given name(s) in Latin letters"
    assert {view.winner.value, view.other.value} == {"Amaal", "Amel"}
    assert view.winner.who == view.other.who == "Manager One"
    current = fields(a, case_id)[0]["names"]["given_latin"]
    assert current == view.winner.value

    conflicts.resolve(a, view.id, keep="other")
    assert fields(a, case_id)[0]["names"]["given_latin"] == view.other.value
    assert conflicts.list_conflicts(a) == []
    assert [v.resolved for v in conflicts.list_conflicts(a, open_only=False)] == ["other"]
    audit = a.require_vault().query("SELECT detail FROM audit WHERE action = 'sync'")
    assert any("kept other" in row[0] for row in audit)
    # The reversal reaches the other laptop as a later edit: same value, no new conflict.
    exchange(a, b)
    assert fields(b, case_id) == fields(a, case_id)
    assert len(path_conflicts(b)) == 1 and path_conflicts(a) == path_conflicts(b)
    with pytest.raises(conflicts.ConflictNotFound):
        conflicts.resolve(a, view.id)


def test_confirming_keeps_the_value_and_reversing_a_delete_brings_the_case_back(laptops) -> None:
    a, b = laptops
    case_id = cases.register_case(a, draft("أمل", "Amal"), today=TODAY).id
    exchange(a, b)
    Records(a.require_vault()).delete(case_id, user_id=a.user.id)
    set_names(b, case_id, given_latin="Amaal")
    exchange(a, b)
    exchange(b, a)
    (view,) = conflicts.list_conflicts(b)
    assert fields(b, case_id)[1] is True  # the delete applies until a manager decides
    assert view.field == "_deleted" or view.winner.value == "Yes"
    assert view.other.value == "Amaal"
    conflicts.resolve(b, view.id, keep="other")
    record = Records(b.require_vault()).get(case_id)
    assert record.deleted is False and record.fields["names"]["given_latin"] == "Amaal"
    assert case_id in {row.id for row in cases.query_cases(b)}
    exchange(b, a)
    assert fields(a, case_id) == fields(b, case_id)


def test_only_managers_see_or_resolve_conflicts(laptops) -> None:
    a, b = laptops
    _conflicted(a, b)
    users.add_user(
        a, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase="river stone 17 maple"
    )
    folder = a.require_vault().folder
    a.close()
    officer = auth.sign_in(folder, "Officer Two", "river stone 17 maple")
    try:
        with pytest.raises(PermissionDenied):
            conflicts.list_conflicts(officer)
        with pytest.raises(PermissionDenied):
            conflicts.resolve(officer, 1)
    finally:
        officer.close()


def test_cases_that_arrive_by_sync_go_through_duplicate_detection(laptops) -> None:
    a, b = laptops
    mine = cases.register_case(
        a, draft("محمد", "Mohammed", family="علي", family_latin="Ali"), today=TODAY
    )
    theirs = cases.register_case(
        b, draft("محمد", "Mohamed", family="علي", family_latin="Ali"), today=TODAY
    )
    report = exchange(b, a)
    assert report.new_cases == [theirs.id]
    assert conflicts.possible_duplicates_from_sync(a, report.new_cases) == 1
    duplicates = [v for v in conflicts.list_conflicts(a) if v.kind == "duplicate"]
    assert [set(v.subjects) for v in duplicates] == [{mine.id, theirs.id}]
    assert conflicts.possible_duplicates_from_sync(a, report.new_cases) == 0  # once
