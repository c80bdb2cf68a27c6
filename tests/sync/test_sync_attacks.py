"""Attacks on sync with two real laptops (SQLCipher vaults) and the real sync server
(`harbour serve`, SQLite store) on 127.0.0.1 (issue 16, "attack your own tools"): what
the server learns, what a laptop does with a change it cannot open, bundles carried by
hand. Holes in code other helpers own are strict xfails naming the fix."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.domain.case import (
    Answer,
    Arrival,
    Birth,
    CaseDraft,
    Concern,
    FamilyMember,
    Names,
    Urgency,
    Vulnerability,
)
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.services import auth, cases, information, missing, referrals, sync
from app.storage import sync_sealed, sync_state
from app.storage.records import Records
from app.sync import bundle, seal
from server.store import Store
from tests.conftest import MANAGER, MANAGER_PASS
from tests.server.harness import ServerProcess, start_server

pytestmark = pytest.mark.slow
CHEAP = seal.PassphraseCost(memory_kib=1024, iterations=1, lanes=1)

# One synthetic canary per kind of personal field; none may reach the server's store.
CANARIES = {
    "given": "Zorvanelle",
    "family": "Quistramov",
    "given_latin": "Yxbelqonda",
    "alias": "Wimbrothaq",
    "birth_place": "Kestrovalbad",
    "family_member": "Drusenkaya",
    "whereabouts": "Plonkaverty",
    "notes": "Vexmiraldo",
    "route": "Trozzelbeck",
    "referral_reason": "Gorplanthic",
    "sighting_where": "Fenwobbleton",
    "sighting_with": "Hazzelquint",
    "interpreter": "Murgatrovia",
    "information_notes": "Snorbatellix",
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Store, Path]]:
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", "Synthetic Aid Org")
    admin.add_centre("SRC", "South Reception Centre", "Synthetic Aid Org")
    process = start_server(url, tmp_path / "server" / "log.txt")
    try:
        yield process, admin, db
    finally:
        process.stop()
        admin.close()


@pytest.fixture
def laptop_b(tmp_path: Path, template_vault: tuple[Path, str]) -> Iterator:  # type: ignore[type-arg]
    folder = tmp_path / "vault_b"
    shutil.copytree(template_vault[0], folder)
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    yield session
    session.close()


def _pair(server, a, b) -> None:  # type: ignore[no-untyped-def]
    process, admin, _ = server
    sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    b_id = sync.enrol(b, process.url, admin.issue_enrol_code("NRC")).device_id
    sync.approve_device(a, b_id)


def _draft(given: str) -> CaseDraft:
    return CaseDraft(names=Names(given=given, family="Haddad"), birth=Birth(declared_age=15))


def _names(session) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.display_name.split()[0] for row in cases.query_cases(session)}


def _store_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(db.parent.glob("store.db*")))


def test_the_server_learns_no_canary_of_any_personal_field(server, manager, laptop_b) -> None:  # type: ignore[no-untyped-def]
    process, _, db = server
    a, b = manager, laptop_b
    _pair(server, a, b)
    c = CANARIES
    draft = CaseDraft(
        names=Names(
            given=c["given"], family=c["family"], given_latin=c["given_latin"], aliases=[c["alias"]]
        ),
        birth=Birth(declared_age=15, place=Answer.of(c["birth_place"])),
        family=[
            FamilyMember(
                relation="Mother", name=c["family_member"], whereabouts=Answer.of(c["whereabouts"])
            )
        ],
        vulnerabilities=[
            Vulnerability(concern=Concern.HEALTH, urgency=Urgency.URGENT, notes=c["notes"])
        ],
        arrival=Arrival(place="Port", route_notes=Answer.of(c["route"])),
    )
    row = cases.register_case(a, draft)
    referrals.open_referral(a, row.id, "health", reason=c["referral_reason"])
    missing.mark_missing(
        a,
        row.id,
        missing.Sighting(
            seen_at=dt.datetime.now(dt.UTC), where=c["sighting_where"], with_whom=c["sighting_with"]
        ),
    )
    now = dt.datetime.now(dt.UTC)
    information.record_session(
        a,
        InformationSession(
            language="ar",
            started_at=now,
            ended_at=now,
            screens=[
                ScreenShown(
                    screen_id="rights.1",
                    topic_id="rights",
                    seconds=20,
                    answer=ChildAnswer.UNDERSTOOD,
                )
            ],
            interpreter_name=c["interpreter"],
            notes=c["information_notes"],
        ),
        case_id=row.id,
    )
    sync.sync_now(a)
    sync.sync_now(b)
    assert c["given"] in {r.display_name.split()[0] for r in cases.query_cases(b)}
    sync.sync_now(b)  # B's audit entries (the pulled batch) reach the server too
    process.stop()

    stored = _store_bytes(db)
    folded = stored.lower()
    for field, canary in CANARIES.items():
        for form in (canary.encode(), canary.encode("utf-16-le"), canary.upper().encode()):
            assert form not in stored, field
        assert canary.lower().encode() not in folded, field
    # The audit entries the server receives readable: no detail or record field holds
    # free text; every one is checked against every canary above, and they are short.
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT action, record_id, detail FROM audit_entries").fetchall()
        paths = {p for (p,) in conn.execute("SELECT DISTINCT path FROM changes")}
        kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM changes")}
    assert rows, "audit entries were anchored"
    for action, record_id, detail in rows:
        text = f"{action} {record_id} {detail}".lower()
        assert not any(canary.lower() in text for canary in CANARIES.values()), action
    # paths and kinds are the schema's words and item ids, nothing typed by a person
    typed = " ".join(sorted(paths | kinds)).lower()
    assert not any(canary.lower() in typed for canary in CANARIES.values())
    # Each laptop's organisation record stays on it (docs/sync.md "The organisation
    # record"): the server holds none, and B holds its own only.
    assert "organisation" not in kinds and "case" in kinds
    assert len(Records(b.require_vault()).of_kind("organisation", limit=10)) == 1


def _swap_two_sealed_values(db: Path, device_id: str) -> None:
    """What a hacked server can do: give one change's sealed value to another. Two changes
    of laptop A (``device_id``), the latest it pushed: a laptop does not open again a
    change it made itself (sync_log.held_as), so a swap touching the receiver's own
    changes would come to nothing there, and which device pushed last is timing."""
    with sqlite3.connect(db) as conn:
        (s1, v1), (s2, v2) = conn.execute(
            "SELECT server_seq, sealed FROM changes WHERE device_id = ?"
            " ORDER BY server_seq DESC LIMIT 2",
            (device_id,),
        ).fetchall()
        conn.execute("UPDATE changes SET sealed = ? WHERE server_seq = ?", (v2, s1))
        conn.execute("UPDATE changes SET sealed = ? WHERE server_seq = ?", (v1, s2))


def test_a_swapped_sealed_value_is_never_applied(server, manager, laptop_b) -> None:  # type: ignore[no-untyped-def]
    _, _, db = server
    a, b = manager, laptop_b
    _pair(server, a, b)
    cases.register_case(a, _draft("Swapfirst"))
    sync.sync_now(a)
    _swap_two_sealed_values(db, sync_state.enrolment(a.vault).device_id)  # type: ignore[union-attr]
    before = _names(b)
    report = sync.sync_now(b)
    assert _names(b) == before  # nothing of the swapped values applied, nothing as garbage
    assert report.quarantined == 2
    held = sync_sealed.quarantined(b.vault)
    assert {q.reason for q in held} == {"signature"}  # the signature covers the sealed blob
    assert {q.device_id for q in held} == {sync_state.enrolment(a.vault).device_id}  # type: ignore[union-attr]


def test_a_change_that_does_not_open_does_not_stop_sync_forever(server, manager, laptop_b) -> None:  # type: ignore[no-untyped-def]
    """Item 3: change by change; what does not open is set aside (quarantine, reported in
    the status and as a flag on the device in `harbour devices list`), the rest applies
    and the cursor moves on."""
    _, _, db = server
    a, b = manager, laptop_b
    _pair(server, a, b)
    cases.register_case(a, _draft("Swapfirst"))
    sync.sync_now(a)
    _swap_two_sealed_values(db, sync_state.enrolment(a.vault).device_id)  # type: ignore[union-attr]
    sync.sync_now(b)
    cases.register_case(a, _draft("Laterone"))
    sync.sync_now(a)
    report = sync.sync_now(b)  # the good changes after the bad ones arrive
    assert "Laterone" in _names(b) and report.quarantined == 0
    assert len(sync_sealed.quarantined(b.vault)) == 2
    current = sync.status(b.vault)
    assert current.state == "synced" and "2 change(s)" in (current.reason or "")
    a_id = sync_state.enrolment(a.vault).device_id  # type: ignore[union-attr]
    rows = {row.id: row for row in sync.list_devices(b)}
    assert "quarantined" in rows[a_id].flags


def _bundle_from(a, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    sync.export_bundle(a, out, passphrase="bundle passphrase", cost=CHEAP)
    return out


def test_bundles_cut_replayed_or_for_another_centre_write_nothing(
    server, manager, laptop_b, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b = manager, laptop_b
    _pair(server, a, b)
    sync.sync_now(b)  # B receives the centre's content key
    cases.register_case(b, _draft("Bundled"))
    path = _bundle_from(b, tmp_path, "b.harbour")
    data = path.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n") + 1) + 1
    before = _names(a)
    cut = tmp_path / "cut.harbour"
    for size in [*range(0, header_end + 2, 7), header_end - 1, header_end, len(data) - 1]:
        cut.write_bytes(data[:size])
        with pytest.raises(sync.SyncError):
            sync.import_bundle(a, cut, passphrase="bundle passphrase")
    assert _names(a) == before
    report = sync.import_bundle(a, path, passphrase="bundle passphrase")
    assert report.applied > 0 and "Bundled" in _names(a)
    with pytest.raises(sync.SyncError, match="already"):
        sync.import_bundle(a, path, passphrase="bundle passphrase")


def test_a_laptop_that_is_not_a_managers_imports_a_bundle_of_its_centre(
    server, manager, laptop_b, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b = manager, laptop_b
    _pair(server, a, b)
    sync.sync_now(b)
    cases.register_case(a, _draft("Tononmanager"))
    path = _bundle_from(a, tmp_path, "a.harbour")
    sync.import_bundle(b, path, passphrase="bundle passphrase")
    assert "Tononmanager" in _names(b)


def test_a_bundle_of_another_centre_or_of_a_laptop_not_listed_is_refused_saying_what_to_do(
    server, manager, laptop_b, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    process, admin, _ = server
    a, other = manager, laptop_b
    sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    sync.enrol(other, process.url, admin.issue_enrol_code("SRC", manager=True))
    cases.register_case(a, _draft("Northonly"))
    path = _bundle_from(a, tmp_path, "north.harbour")
    before = _names(other)
    with pytest.raises(sync.SyncError, match="holds records of another centre"):
        sync.import_bundle(other, path, passphrase="bundle passphrase")
    assert _names(other) == before

    # A bundle signed by a device A does not know: A asks the server, which does not list
    # it either: the line says the laptop is not enrolled and approved here and to ask for
    # a new bundle; offline, to connect once and import again. In the laptop's language,
    # naming the device (by the start of its id: nobody knows its name); one line,
    # nothing imported.
    stranger = str(uuid.uuid4())
    data = bundle.write(
        [],
        centre_id=sync_state.enrolment(a.vault).centre_id,  # type: ignore[union-attr]
        sender=stranger,
        signing_private=seal.new_signing_key()[0],
        passphrase="bundle passphrase",
        cost=CHEAP,
    )
    path = tmp_path / "stranger.harbour"
    path.write_bytes(data)
    device = f"\u2068{stranger[:8]}\u2069"
    lines = []
    try:
        for language, reason in (
            ("en", sync.UNKNOWN_SENDER),
            ("ar", sync.UNKNOWN_SENDER),
            ("ar", sync.UNKNOWN_SENDER_OFFLINE),
        ):
            if reason is sync.UNKNOWN_SENDER_OFFLINE:
                process.stop()  # offline: the laptop cannot ask
            i18n.set_language(language)
            with pytest.raises(sync.SyncError) as refused:
                sync.import_bundle(a, path, passphrase="bundle passphrase")
            lines.append(str(refused.value))
            assert lines[-1] == i18n._(reason).format(device=device)
    finally:
        i18n.set_language("en")
    assert lines[0].startswith("The bundle comes from a laptop that is not enrolled and approved")
    assert "Ask for a new bundle" in lines[0] and "\n" not in lines[0]
    assert lines[1] != lines[0] and lines[2] != lines[1] and "bundle" not in lines[1]
    assert not sync_state.bundle_seen(a.vault, bundle.read_header(data).bundle_id)


def test_a_bundle_exported_by_a_device_revoked_since_is_refused(
    server, manager, laptop_b, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b = manager, laptop_b
    _pair(server, a, b)
    b_id = sync_state.enrolment(b.vault).device_id  # type: ignore[union-attr]
    sync.sync_now(b)
    cases.register_case(b, _draft("Fromrevoked"))
    path = _bundle_from(b, tmp_path, "b.harbour")
    sync.revoke_device(a, b_id)
    with pytest.raises(sync.SyncError, match="revoked"):
        sync.import_bundle(a, path, passphrase="bundle passphrase")
    assert "Fromrevoked" not in _names(a)


def test_a_bundle_behind_a_link_is_refused(server, manager, laptop_b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = manager, laptop_b
    _pair(server, a, b)
    sync.sync_now(b)
    cases.register_case(b, _draft("Linked"))
    path = _bundle_from(b, tmp_path, "b.harbour")
    link = tmp_path / "link.harbour"
    link.symlink_to(path)
    with pytest.raises(sync.SyncError):
        sync.import_bundle(a, link, passphrase="bundle passphrase")


def test_a_change_under_a_key_not_held_yet_waits_for_it_and_is_not_quarantined(
    server, manager, laptop_b
) -> None:  # type: ignore[no-untyped-def]
    """Item 3: the batch is cut before the change whose key B does not hold; what came
    before applies; the sync says no_key; once the key is wrapped to B it applies."""
    from app.sync import wire
    from app.sync.client import Client

    a, b = manager, laptop_b
    _pair(server, a, b)
    cases.register_case(a, _draft("Beforekey"))
    sync.sync_now(a)
    enrolment_a = sync_state.enrolment(a.vault)
    assert enrolment_a is not None
    key = seal.new_content_key()  # a new key on A, wrapped to A only (not to B yet)
    key_id = seal.key_id(key)
    sync_state.store_content_key(a.vault, key_id, key, current=True, at="2026-01-01")

    def upload(device_id: str, public: bytes) -> None:
        wrapped = seal.wrap_content_key(key, device_id, public)
        with Client(enrolment_a.server_url, token=enrolment_a.token) as client:
            client.upload_keys(
                wire.KeysRequest(
                    protocol=wire.PROTOCOL_VERSION,
                    wrapped_keys=[
                        wire.WrappedKey(device_id=device_id, key_id=key_id, wrapped=wrapped)
                    ],
                )
            )

    own = sync_state.device_key(a.vault, sync_state.EXCHANGE)
    assert own is not None
    upload(enrolment_a.device_id, own[1])
    cases.register_case(a, _draft("Underkey"))
    sync.sync_now(a)
    with pytest.raises(sync.SyncError, match="does not hold yet"):
        sync.sync_now(b)
    assert "Beforekey" in _names(b) and "Underkey" not in _names(b)
    assert sync_sealed.quarantined(b.vault) == []
    b_device = next(d for d in sync_state.devices(a.vault) if d.device_id != enrolment_a.device_id)
    upload(b_device.device_id, b_device.public_key)
    sync.sync_now(b)
    assert "Underkey" in _names(b) and sync_sealed.quarantined(b.vault) == []


def test_approving_a_device_enrolled_with_a_managers_code_keeps_it_a_managers(
    server, manager, laptop_b
) -> None:  # type: ignore[no-untyped-def]
    """Item 5a: approve_device sent manager=false whatever the code granted."""
    process, admin, _ = server
    a, b = manager, laptop_b
    sync.enrol(a, process.url, admin.issue_enrol_code("NRC", manager=True))
    b_id = sync.enrol(b, process.url, admin.issue_enrol_code("NRC", manager=True)).device_id
    sync.approve_device(a, b_id)
    rows = {row.id: row for row in sync.list_devices(a)}
    assert rows[b_id].status == "active" and rows[b_id].manager
