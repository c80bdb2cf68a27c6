"""The staff directory (issue 16, item 1): names and roles of every account travel as the
shared kind ``staff`` (never a key slot), so that a change made on another laptop shows
in history and in the conflicts list by the name of the person who made it. Two real
vaults and `harbour serve` on 127.0.0.1 (the fixtures of test_centre_identity.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.case import Answer, Birth, CaseDraft, Names, Sex
from app.domain.roles import Profession, Role
from app.errors import InvalidInput, UnknownUser
from app.services import auth, cases, conflicts, history, setup, sync, users
from app.services.session import Session
from app.storage import kinds
from app.storage.records import Records
from tests.conftest import MANAGER
from tests.sync.replicas import enrol_both
from tests.sync.test_centre_identity import new_laptop, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 23)
# A synthetic name nobody else uses: it may reach the server only sealed.
OFFICER = "Zorbanek Quillfeather"
RENAMED = "Zorbanek Quillmere"
OFFICER_PASS = "harbour gull 77 breakwater"
KEY_WORDS = ("salt", "nonce", "wrapped", "kdf", "passphrase", "hint", "drop", "key", "slot")


def _draft() -> CaseDraft:
    return CaseDraft(
        names=Names(given="Amal", family="Haddad", given_latin="Amal"),
        birth=Birth(declared_age=15),
        sex=Answer.of(Sex.FEMALE),
        nationalities=["SY"],
    )


def _set_latin(session: Session, case_id: str, latin: str) -> None:
    record = Records(session.require_vault()).get(case_id)
    assert record is not None
    current = cases._draft_of(record)
    update = {"names": current.names.model_copy(update={"given_latin": latin})}
    cases.update_case(session, case_id, current.model_copy(update=update), today=TODAY)


def _history_names(session: Session, case_id: str) -> list[str]:
    return [row.who for row in history.case_activity(session, case_id).history]


def _exchange(a: Session, b: Session) -> None:
    for laptop in (a, b, a):
        sync.sync_now(laptop)


def test_history_and_conflicts_name_a_user_of_another_laptop(
    server,  # noqa: F811 (fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    process, _admin = server
    b = new_laptop(tmp_path / "b", "North Reception Centre")
    # A is a vault from before the directory: set up without it, it gets its directory
    # at its first sign-in (new_laptop signs in again).
    monkeypatch.setattr(setup, "write_staff", lambda unit, user_id: False)
    a = new_laptop(tmp_path / "a", "North Reception Centre")
    monkeypatch.undo()
    try:
        backfilled = Records(a.require_vault()).get(users.staff_id(a.user.id))
        assert backfilled is not None and backfilled.fields["name"] == MANAGER
        assert kinds.is_shared(users.STAFF_KIND) and not kinds.is_shared(users.USER_KIND)

        enrol_both(b, a, *server)
        users.add_user(a, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
        officer_id = users.find_user(a.require_vault(), OFFICER).id  # type: ignore[union-attr]
        officer = Session(a.require_vault(), users.get_user(a.require_vault(), officer_id))  # type: ignore[arg-type]
        case_id = cases.register_case(b, _draft(), today=TODAY).id
        _exchange(b, a)

        # The officer on A and B's manager correct the Latin spelling apart: 1 conflict.
        _set_latin(officer, case_id, "Amaal")
        _set_latin(b, case_id, "Amel")
        _exchange(a, b)

        # B's history names the officer (known on B only from the directory).
        assert OFFICER in _history_names(b, case_id)
        assert "someone on another laptop" not in _history_names(b, case_id)
        # Each laptop's conflicts list names who made each of the two values.
        for laptop in (a, b):
            (view,) = [v for v in conflicts.list_conflicts(laptop) if v.kind == "path"]
            assert view.winner is not None and view.other is not None
            assert sorted((view.winner.who, view.other.who)) == sorted((MANAGER, OFFICER))
            by_value = {view.winner.value: view.winner.who, view.other.value: view.other.who}
            assert by_value == {"Amaal": OFFICER, "Amel": MANAGER}
        # A's backfilled manager reached B: named there by their own id.
        assert users.people_names(b.require_vault())[a.user.id] == MANAGER

        # The directory B holds has nothing of a key slot: the allow-list, no more.
        directory = Records(b.require_vault()).of_kind(users.STAFF_KIND)
        assert {r.fields["user_id"] for r in directory} == {b.user.id, a.user.id, officer_id}
        for record in directory:
            assert set(record.fields) == set(users.STAFF_FIELDS)
            assert not any(w in f for f in record.fields for w in KEY_WORDS if f != "user_id")
        # User accounts themselves never leave their laptop.
        assert {r.id for r in Records(b.require_vault()).of_kind(users.USER_KIND)} == {b.user.id}

        # Renamed on A, renamed in B's history after sync.
        users.rename_user(a, user_name=OFFICER, new_name=RENAMED, new_passphrase=OFFICER_PASS)
        _exchange(a, b)
        assert RENAMED in _history_names(b, case_id)
        assert OFFICER not in _history_names(b, case_id)
        # Removed on A: their changes keep the name on both laptops; listed inactive.
        users.remove_user(a, user_name=RENAMED)
        _exchange(a, b)
        for laptop in (a, b):
            assert RENAMED in _history_names(laptop, case_id)
            entry = Records(laptop.require_vault()).get(users.staff_id(officer_id))
            assert entry is not None and entry.fields["active"] is False

        # The server holds the names only sealed (its store's files, in any case).
        process.stop()
        db = tmp_path / "server" / "store.db"
        stored = b"".join(p.read_bytes() for p in sorted(db.parent.glob("store.db*")))
        assert stored
        for name in ("Zorbanek", "Quillfeather", "Quillmere"):
            for form in (name.encode(), name.encode("utf-16-le"), name.lower().encode()):
                assert form not in stored.lower() and form not in stored
    finally:
        a.close()
        b.close()


def test_a_rename_needs_a_free_name_and_signs_in_by_the_new_one(tmp_path: Path) -> None:
    manager = new_laptop(tmp_path / "v", "North Reception Centre")
    try:
        users.add_user(manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
        with pytest.raises(InvalidInput):
            users.rename_user(
                manager, user_name=OFFICER, new_name=MANAGER, new_passphrase=OFFICER_PASS
            )
        renamed = users.rename_user(
            manager, user_name=OFFICER, new_name=RENAMED, new_passphrase=OFFICER_PASS
        )
        assert renamed.name == RENAMED and renamed.must_change_passphrase
        staff = Records(manager.require_vault()).get(users.staff_id(renamed.id))
        assert staff is not None and staff.fields["name"] == RENAMED
        # A profession recorded later follows in the directory, in the same transaction.
        users.set_profession(manager, user_name=RENAMED, profession=Profession.PSYCHOLOGIST)
        staff = Records(manager.require_vault()).get(users.staff_id(renamed.id))
        assert staff is not None and staff.fields["profession"] == "psychologist"
        assert staff.fields["role"] == "intake_officer" and staff.fields["active"] is True
    finally:
        manager.close()
    again = auth.sign_in(tmp_path / "v", RENAMED, OFFICER_PASS)
    try:
        assert again.user.id == renamed.id
        # Nothing was due at this sign-in: the directory was already up to date.
        assert users.ensure_staff_directory(again.require_vault(), user_id=again.user.id) == 0
    finally:
        again.close()
    with pytest.raises(UnknownUser):
        auth.sign_in(tmp_path / "v", OFFICER, OFFICER_PASS)


def test_a_referral_step_made_on_another_laptop_names_who_made_it(
    server,  # noqa: F811 (fixture)
    tmp_path: Path,
) -> None:
    """The case view's referral history reads the same directory: the exceptional deadline
    B's manager took for an unaccompanied child's guardian referral ([G1], [G2]) is
    attributed to that manager on laptop A (before, "another user": A knew only its own
    accounts)."""
    from app.domain.case import Accompaniment, Separation
    from app.services import referrals

    b = new_laptop(tmp_path / "b", "North Reception Centre")
    a = new_laptop(tmp_path / "a", "North Reception Centre")
    try:
        enrol_both(b, a, *server)
        draft = _draft().model_copy(
            update={"separation": Separation(status=Accompaniment.UNACCOMPANIED)}
        )
        case_id = cases.register_case(b, draft, today=TODAY).id
        (opened,) = referrals.case_referrals(b, case_id)
        referrals.use_exceptional_deadline(b, opened.id, reason="no guardian free this week")
        _exchange(b, a)
        (guardian,) = referrals.case_referrals(a, case_id)
        who = {step.who for step in guardian.steps if step.who}
        # B's manager by name: not "(you)" (A's own manager has the same name), not "another
        # user"
        assert who == {MANAGER}, guardian.steps
    finally:
        a.close()
        b.close()
