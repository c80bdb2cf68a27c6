"""[issue 14: 6] Case numbers never hide a child: a second case carrying a number already
taken (a restored backup, another laptop's record) is kept, listed, findable, and shown
to a manager as a collision."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.audit import AuditAction
from app.domain.case import Answer, Birth, CaseDraft, Names, Sex
from app.domain.case_list import NumberCollision, number_terms
from app.domain.roles import Role
from app.errors import PermissionDenied
from app.services import auth, cases, users
from app.storage.case_index import CASE_KIND
from app.storage.records import Records

TODAY = dt.date(2026, 11, 23)


def child(given: str, family: str) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, family=family),
        birth=Birth(declared_age=15),
        sex=Answer.of(Sex.FEMALE),
        nationalities=["SO"],
    )


def arrives_with_number(session, draft: CaseDraft, number: str, centre_id: str) -> str:
    """A case written with a number this vault already gave: what a restored backup or a
    record from another laptop does (through the one write path, like sync will)."""
    fields = cases.case_fields(draft)
    fields.update(
        {
            "case_number": number,
            "centre_id": centre_id,
            "status": "open",
            "registered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "registered_by": session.user.id,
        }
    )
    return Records(session.vault).insert(CASE_KIND, fields, user_id=None)


def centre_of(session) -> str:
    return session.vault.query("SELECT centre_id FROM case_index LIMIT 1")[0][0]


def test_a_second_case_with_a_taken_number_keeps_both_children_listed_and_findable(
    manager,
) -> None:
    first = cases.register_case(manager, child("Hodan", "Nuur"), today=TODAY)
    second_id = arrives_with_number(
        manager, child("Sahra", "Cali"), first.case_number, centre_of(manager)
    )

    assert cases.count_cases(manager) == 2
    listed = {r.id for r in cases.query_cases(manager)}
    assert listed == {first.id, second_id}
    by_number = cases.CaseQuery(text=first.case_number)
    assert {r.id for r in cases.query_cases(manager, by_number)} == {first.id, second_id}
    assert cases.count_cases(manager, by_number) == 2
    tail = first.case_number.rsplit("-", 1)[1]  # "0001": the digits a person reads out
    assert {r.id for r in cases.query_cases(manager, cases.CaseQuery(text=tail))} == {
        first.id,
        second_id,
    }
    assert [r.id for r in cases.query_cases(manager, cases.CaseQuery(text="Hodan"))] == [first.id]
    assert [r.id for r in cases.query_cases(manager, cases.CaseQuery(text="Sahra"))] == [second_id]
    assert cases.get_row(manager, first.id).display_name == "Hodan Nuur"  # not replaced
    again = cases.find_duplicates(manager, child("Hodan", "Nuur"), today=TODAY)
    assert first.id in [c.row.id for c in again]


def test_the_collision_is_audited_once_and_listed_for_a_manager(vault_dir, manager) -> None:
    first = cases.register_case(manager, child("Hodan", "Nuur"), today=TODAY)
    second_id = arrives_with_number(
        manager, child("Sahra", "Cali"), first.case_number, centre_of(manager)
    )
    # Editing either case later re-indexes it; the collision is not reported again.
    detail = cases.open_case(manager, first.id)
    changed = detail.draft.model_copy(update={"place_of_origin": Answer.of("Kismayo")})
    cases.update_case(manager, first.id, changed, today=TODAY)

    entries = manager.vault.query(
        "SELECT record_id, detail FROM audit WHERE action = ?", (AuditAction.NUMBER_COLLISION,)
    )
    assert entries == [(second_id, f"{first.case_number} also on {first.id}")]
    [collision] = cases.number_collisions(manager)
    assert collision == NumberCollision(
        centre_id=centre_of(manager),
        case_number=first.case_number,
        case_ids=(first.id, second_id),  # oldest registration first
    )

    users.add_user(
        manager, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase="blue harbour noon 7"
    )
    manager.close()
    officer = auth.sign_in(vault_dir, "Officer Two", "blue harbour noon 7")
    try:
        with pytest.raises(PermissionDenied):
            cases.number_collisions(officer)
        assert cases.count_cases(officer) == 2  # the officer still sees both children
    finally:
        officer.close()


def test_the_index_row_is_updated_in_place_never_replaced(manager) -> None:
    """INSERT OR REPLACE deleted a row and wrote a new one; the upsert keeps it."""
    row = cases.register_case(manager, child("Hodan", "Nuur"), today=TODAY)

    def rowid() -> int:
        return manager.vault.query("SELECT rowid FROM case_index WHERE record_id = ?", (row.id,))[
            0
        ][0]

    before = rowid()
    detail = cases.open_case(manager, row.id)
    changed = detail.draft.model_copy(update={"place_of_origin": Answer.of("Kismayo")})
    cases.update_case(manager, row.id, changed, today=TODAY)
    assert rowid() == before


def test_no_collision_without_a_repeated_number(manager) -> None:
    cases.import_cases(manager, [child("Hodan", "Nuur"), child("Sahra", "Cali")], today=TODAY)
    assert cases.number_collisions(manager) == []


def test_number_terms_are_the_tail_with_and_without_zeros() -> None:
    assert number_terms("NRC-2026-0043") == {"#0043", "#43"}
    assert number_terms("NRC-2026-0000") == {"#0000", "#0"}
    assert number_terms("NRC-A7-2026-0100") == {"#0100", "#100"}
    assert number_terms("NRC") == set()


def test_a_number_is_found_whole_by_prefix_or_by_the_digits_it_ends_with(manager) -> None:
    ids = cases.import_cases(manager, [child("Hodan", f"Nuur{i}") for i in range(12)])
    number = cases.get_row(manager, ids[11]).case_number  # ...-0012
    centre_year = number.rsplit("-", 1)[0]

    def found(text: str) -> set[str]:
        rows = cases.query_cases(manager, cases.CaseQuery(text=text))
        assert cases.count_cases(manager, cases.CaseQuery(text=text)) == len(rows)
        return {r.id for r in rows}

    assert found(number) == {ids[11]}
    assert found(number.lower()) == {ids[11]}
    assert found(f"{centre_year}-001") == set(ids[9:12])  # 0010, 0011, 0012
    assert found("12") == {ids[11]}
    assert found("0012") == {ids[11]}
    assert found(number.split("-", 1)[1]) == {ids[11]}  # "2026-0012", without the centre
    assert found("Hodan 12") == {ids[11]}
    assert found("0013") == set()
