"""Which centre a laptop is after sync (docs/sync.md "Centre identity"): every laptop of a
centre, set up apart, holds every laptop's centre record once they sync. Each reader
(window titles, a new case's centre and number, the referral form) reads the laptop's own
centre record, with the server centre's name and code once enrolled; never another
laptop's record because it sorts first. Real vaults and `harbour serve` on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.services import auth, cases, guardians, missing, referral_list, referrals, setup, sync
from app.services.session import Session
from app.storage import audit
from app.storage.centre import OWN_CENTRE_META, centre_of_vault
from app.storage.records import Records
from server.store import Store
from tests.conftest import FAST_KDF, MANAGER, MANAGER_PASS, ORGANISATION
from tests.server.harness import ServerProcess, start_server
from tests.sync.replicas import enrol_both

pytestmark = pytest.mark.slow

SEEN = dt.datetime(2026, 11, 26, 21, 30, tzinfo=dt.UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Store]]:
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", ORGANISATION)
    process = start_server(url, tmp_path / "server" / "log.txt")
    try:
        yield process, admin
    finally:
        process.stop()
        admin.close()


def new_laptop(folder: Path, centre: str, organisation: str = ORGANISATION) -> Session:
    session, _code = setup.create_vault(
        folder,
        organisation=organisation,
        centre=centre,
        user_name=MANAGER,
        passphrase=MANAGER_PASS,
        kdf=FAST_KDF,
    )
    session.close()
    return auth.sign_in(folder, MANAGER, MANAGER_PASS)


def child(given: str) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, family="Haddad"),
        birth=Birth(declared_age=14),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )


def police_form(session: Session, case_id: str):  # type: ignore[no-untyped-def]
    sighting = missing.Sighting(
        seen_at=SEEN,
        where="bus stop",
        with_whom="",
        clothing="red hoodie",
        belongings="",
        contacts="",
        risks="",
        told=("police",),
    )
    missing.mark_missing(session, case_id, sighting)
    return referrals.form_data(session, case_id, "police_missing")


def test_a_laptop_reads_its_own_centre_after_sync_whatever_sorts_first(
    server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    process, admin = server
    # Set up apart, B spelt the organisation its own way: after enrolment both laptops
    # print the server's.
    b = new_laptop(tmp_path / "b", "Bravo Reception Village", "Harbour Relief (Bravo desk)")
    # Laptop A is set up later, with its clock a day ahead (a new laptop's clock, put
    # right afterwards): its own centre record's creation time sorts after the one that
    # arrives from B, which is stamped with its arrival on A.
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    monkeypatch.setattr(audit, "now_iso", lambda: ahead.isoformat(timespec="milliseconds"))
    a = new_laptop(tmp_path / "a", "Alpha Landing Post")
    monkeypatch.undo()
    try:
        assert setup.centre_details(a)["centre_code"] == "ALP"
        assert setup.centre_details(b)["centre_code"] == "BRV"
        assert setup.centre_details(b)["organisation"] == "Harbour Relief (Bravo desk)"
        a_centre = Records(a.require_vault()).of_kind("centre")[0].id
        b_centre = Records(b.require_vault()).of_kind("centre")[0].id

        first, second = enrol_both(b, a, *server)
        for laptop in (b, a, b, a):
            sync.sync_now(laptop)
        for laptop in (a, b):
            held = {c.id for c in Records(laptop.require_vault()).of_kind("centre")}
            assert held == {a_centre, b_centre}
        # On A, B's record now sorts first: it is not A's centre.
        assert Records(a.require_vault()).of_kind("centre", limit=1)[0].id == b_centre

        # Every laptop of the centre shows the server centre's name and code.
        for laptop in (a, b):
            details = setup.centre_details(laptop)
            assert (details["centre"], details["centre_code"]) == ("North Reception Centre", "NRC")
            assert details["organisation"] == ORGANISATION

        # A new case on A: A's own centre record, numbered NRC-<year>-<A's device code>-0001.
        case = cases.register_case(a, child("Samir"))
        year = dt.date.today().year
        assert case.case_number == f"NRC-{year}-{second.device_code}-0001"
        stored = Records(a.require_vault()).get(case.id)
        assert stored is not None and stored.fields["centre_id"] == a_centre
        on_b = cases.register_case(b, child("Amal"))
        assert on_b.case_number == f"NRC-{year}-{first.device_code}-0001"
        stored_b = Records(b.require_vault()).get(on_b.id)
        assert stored_b is not None and stored_b.fields["centre_id"] == b_centre

        # The referral form on A names the centre as the server does.
        guardians.add_entry(a, name="Commissariat central", kind="police", languages=["fr"])
        data = police_form(a, case.id)
        assert (data.organisation, data.centre) == (ORGANISATION, "North Reception Centre")

        # A vault set up before the meta that names its own centre record: the record its
        # own device made is found all the same (before and after enrolment ids).
        vault = a.require_vault()
        vault.query("DELETE FROM meta WHERE key = ?", (OWN_CENTRE_META,))
        assert vault.meta(OWN_CENTRE_META) is None
        own = centre_of_vault(vault)
        assert own is not None and own.id == a_centre
        assert setup.centre_details(a)["centre"] == "North Reception Centre"

        # Re-enrolled in another server centre, A renames its own record, not B's.
        admin.add_centre("SRC", "South Reception Centre", ORGANISATION)
        sync.enrol(a, process.url, admin.issue_enrol_code("SRC", manager=True))
        details = setup.centre_details(a)
        assert (details["centre"], details["centre_code"]) == ("South Reception Centre", "SRC")
        store = Records(vault)
        assert [store.get(i).fields["name"] for i in (a_centre, b_centre)] == [  # type: ignore[union-attr]
            "South Reception Centre",
            "North Reception Centre",
        ]
        again = cases.register_case(a, child("Yonas"))
        assert again.case_number.startswith(f"SRC-{year}-")

        # Deadlines count in the own centre record's country profile, not B's record's.
        store.update(b_centre, {"profile": "nowhere"}, user_id=a.user.id)
        assert referral_list.centre_profile(store).code == "eu"
        assert referral_list.centre_calendar(store) == referral_list.load_calendar("eu")
        store.update(a_centre, {"profile": "nowhere"}, user_id=a.user.id)
        with pytest.raises(FileNotFoundError):
            referral_list.centre_profile(store)
    finally:
        a.close()
        b.close()
