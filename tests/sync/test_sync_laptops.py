"""Two laptops set up apart (each its own vault, centre record and device ids) and the real
sync server (`harbour serve`, SQLite store) on 127.0.0.1: cases registered before
enrolment travel (the server takes a vault's former device ids as aliases of its device),
and every case is filed under the server's one centre identity on every laptop."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.audit import AuditAction
from app.domain.case import Birth, CaseDraft, Names
from app.domain.case_list import CaseQuery
from app.services import auth, cases, setup, sync
from app.services.session import Session
from app.storage import sync_log, sync_sealed, sync_state
from app.sync import seal
from server import migrations as m
from server.store import Store
from tests.conftest import CENTRE, FAST_KDF, MANAGER, MANAGER_PASS, ORGANISATION
from tests.server.harness import ServerProcess, harbour, start_server
from tests.sync.replicas import enrol_both

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Store, Path]]:
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", ORGANISATION)
    process = start_server(url, tmp_path / "server" / "log.txt")
    try:
        yield process, admin, db
    finally:
        process.stop()
        admin.close()


def new_laptop(folder: Path) -> Session:
    """A vault set up on its own laptop: its own centre record id and device id."""
    session, _code = setup.create_vault(
        folder,
        organisation=ORGANISATION,
        centre=CENTRE,
        user_name=MANAGER,
        passphrase=MANAGER_PASS,
        kdf=FAST_KDF,
    )
    session.close()
    return auth.sign_in(folder, MANAGER, MANAGER_PASS)


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Session, Session]]:
    a, b = new_laptop(tmp_path / "a"), new_laptop(tmp_path / "b")
    yield a, b
    a.close()
    b.close()


def draft(given: str, family: str = "Haddad") -> CaseDraft:
    return CaseDraft(names=Names(given=given, family=family), birth=Birth(declared_age=15))


def names(session: Session, query: CaseQuery | None = None) -> set[str]:
    return {r.display_name.split()[0] for r in cases.query_cases(session, query, limit=1000)}


def test_cases_registered_before_enrolment_reach_the_other_laptop(server, laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = laptops
    assert a.require_vault().device_id != b.require_vault().device_id
    early_a = cases.register_case(a, draft("Earlyalpha"))
    early_b = cases.register_case(b, draft("Earlybeta", "Nasser"))
    # Set up apart with one centre code: both took the first number of the year.
    assert early_a.case_number == early_b.case_number
    first, second = enrol_both(a, b, *server[:2])
    assert sync.status(a.require_vault()).pending > 0  # the changes made before enrolment

    sync.sync_now(a)
    assert sync.status(a.require_vault()).state == "synced"
    sync.sync_now(b)
    sync.sync_now(a)
    assert sync.status(b.require_vault()).state == "synced"
    assert names(a) == names(b) == {"Earlyalpha", "Earlybeta"}

    later = cases.register_case(b, draft("Laterbeta"))
    assert later.case_number.endswith(f"-{second.device_code}-0001")
    sync.sync_now(b)
    sync.sync_now(a)
    assert names(a) == names(b) == {"Earlyalpha", "Earlybeta", "Laterbeta"}

    # One centre identity: the server's centre id, on both laptops, for every case.
    centre = sync_state.centre_identity(b.require_vault())
    enrolled = sync_state.enrolment(a.require_vault())
    assert enrolled is not None
    assert centre == sync_state.centre_identity(a.require_vault()) == enrolled.centre_id
    for laptop in (a, b):
        assert names(laptop, CaseQuery(centre_id=centre)) == names(laptop)
        assert names(laptop, CaseQuery(text="Earlyalpha", centre_id=centre)) == {"Earlyalpha"}
    # ... so the two children numbered apart are one collision of one centre, both listed.
    for laptop in (a, b):
        collisions = cases.number_collisions(laptop)
        assert [(c.centre_id, c.case_number) for c in collisions] == [(centre, early_a.case_number)]
        assert set(collisions[0].case_ids) == {early_a.id, early_b.id}
    # ... and audited where it arrived by sync (the index files a pulled case under the
    # server's centre itself: the look-up once used the case's own old centre id).
    for laptop, arrived, held in ((a, early_b, early_a), (b, early_a, early_b)):
        audited = laptop.require_vault().query(
            "SELECT record_id, detail FROM audit WHERE action = ?",
            (AuditAction.NUMBER_COLLISION,),
        )
        assert audited == [(arrived.id, f"{early_a.case_number} also on {held.id}")]

    # The server took each vault's former ids as aliases of its device, nothing more.
    _process, admin, _db = server
    with admin.engine.connect() as conn:
        rows = conn.execute(sa.select(m.device_aliases.c.device_id)).scalars().all()
    assert sorted(rows) == sorted([first.device_id, second.device_id])


def serve_on(store: str, log: Path, port: int) -> ServerProcess:
    """`harbour serve` again on the port the laptops enrolled with (start_server picks a
    free one)."""
    import subprocess
    import sys
    import time

    import httpx

    from tests.server.harness import ROOT

    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--store", store, "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(f"http://127.0.0.1:{port}", store, process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, server.output()
        try:
            if httpx.get(server.url + "/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(server.output())


def server_change_ids(url: str) -> list[str]:
    store = Store(url)  # a new connection: the file was put back under the admin's
    try:
        with store.engine.connect() as conn:
            return list(conn.execute(sa.select(m.changes.c.change_id)).scalars())
    finally:
        store.close()


def shared_change_ids(session: Session) -> set[str]:
    from app.storage import sync_log

    return {c.change_id for c in sync_log.outgoing(session.require_vault(), None, None)}


def test_a_server_restored_from_an_older_backup_is_sent_again_what_it_lacks(
    server, laptops
) -> None:  # type: ignore[no-untyped-def]
    process, _admin, db = server
    a, b = laptops
    enrol_both(a, b, *server[:2])
    cases.import_cases(a, [draft(f"Before{i}") for i in range(3)])
    sync.sync_now(a)
    sync.sync_now(b)
    process.stop()
    backup = db.parent / "backup"
    backup.mkdir()
    for part in db.parent.glob("store.db*"):
        shutil.copy2(part, backup / part.name)
    port = int(process.url.rsplit(":", 1)[1])
    process = serve_on(process.store, db.parent / "log.txt", port)
    try:
        cases.import_cases(a, [draft(f"After{i}") for i in range(2)])
        sync.sync_now(a)
        sync.sync_now(b)  # B's cursor is now past what the backup holds
        cases.register_case(b, draft("Bafter", "Nasser"))
        sync.sync_now(b)
    finally:
        process.stop()
    for part in db.parent.glob("store.db*"):
        part.unlink()
    for part in backup.iterdir():
        shutil.copy2(part, db.parent / part.name)
    process = serve_on(process.store, db.parent / "log.txt", port)
    try:
        assert sync.sync_now(a).resent  # the server holds less of A than it acknowledged
        cases.register_case(a, draft("Afterrestore"))  # takes server sequences B passed
        sync.sync_now(a)
        assert sync.sync_now(b).resent
        sync.sync_now(a)
        expected = {"Before0", "Before1", "Before2", "After0", "After1", "Bafter", "Afterrestore"}
        assert names(a) == names(b) == expected
        held = server_change_ids(process.store)
        assert len(held) == len(set(held))
        assert shared_change_ids(a) | shared_change_ids(b) <= set(held)
        for laptop in (a, b):
            rows = cases.query_cases(laptop, limit=1000)
            assert len(rows) == len({r.id for r in rows}) == len(expected)
            assert sync.status(laptop.require_vault()).state == "synced"
    finally:
        process.stop()


def test_a_laptop_restored_from_a_backup_is_flagged_to_the_manager(
    server, laptops, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    a, b = laptops
    _first, second = enrol_both(a, b, *server[:2])
    cases.register_case(b, draft("Beforecopy"))
    sync.sync_now(b)
    folder = b.require_vault().folder
    b.close()
    shutil.copytree(folder, tmp_path / "b_backup")
    b = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    cases.register_case(b, draft("Aftercopy"))
    sync.sync_now(b)
    b.close()
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "b_backup", folder)
    b = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        report = sync.sync_now(b)
        assert report.audit_problem in {"behind", "forked"}
        flagged = {row.id: row.flags for row in sync.list_devices(a)}
        assert flagged[second.device_id] and flagged[second.device_id][0].startswith("audit_")
        # The manager's command line shows it too.
        a.close()
        done = harbour(
            "devices",
            "list",
            "--vault",
            str(folder.parent / "a"),
            "--as",
            MANAGER,
            "--json",
            env={"HARBOUR_PASSPHRASE": MANAGER_PASS},
        )
        assert done.returncode == 0, done.stderr
        rows = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
        assert rows[second.device_id]["flags"][0].startswith("audit_")
    finally:
        b.close()


def test_each_pulled_change_is_checked_once_and_own_changes_not_again(
    server, laptops, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: cost] A laptop pulls its own pushed changes back: held here under the same
    device and sequence, they are neither verified nor opened again; another device's
    change is verified once, on the laptop that receives it. The pending count is
    counted in SQL and agrees with the changes that leave."""
    a, b = laptops
    for i in range(3):
        cases.register_case(a, draft(f"Costalpha{i}"))
    cases.register_case(b, draft("Costbeta"))
    enrol_both(a, b, *server[:2])
    for laptop in (a, b):
        vault = laptop.require_vault()
        assert sync_log.outgoing_count(vault, None) == len(sync_log.outgoing(vault, None, None))
        device = vault.device_id
        assert sync_log.outgoing_count(vault, {device: 1}) == len(
            sync_log.outgoing(vault, {device: 1}, None)
        )
    checked: list[tuple[str, str]] = []
    verify, open_verified = seal.ChangeVerifier.verify, seal.open_verified

    def counting(self, sealed) -> None:  # type: ignore[no-untyped-def]
        checked.append((sealed.change_id, sealed.device_id))
        verify(self, sealed)

    def counting_open(sealed, keys, verifier):  # type: ignore[no-untyped-def]
        checked.append((sealed.change_id, sealed.device_id))  # verified, then opened
        return open_verified(sealed, keys, verifier)

    monkeypatch.setattr(seal.ChangeVerifier, "verify", counting)
    monkeypatch.setattr(seal, "open_verified", counting_open)
    own_a, own_b = (set(sync_state.own_devices(x.require_vault())) for x in (a, b))
    report = sync.sync_now(a)
    assert report.pulled > 0 and checked == []  # only its own came back
    assert sync.status(a.require_vault()).pending == 0
    report = sync.sync_now(b)
    from_a = list(checked)
    assert from_a and not {d for _c, d in from_a} & own_b
    checked.clear()
    sync.sync_now(a)
    assert checked and not {d for _c, d in checked} & own_a
    every = from_a + checked
    assert len({c for c, _d in every}) == len(every)  # none twice
    sync.sync_now(b)  # b's own come back, a's are held: nothing checked again
    assert len(checked) == len(every) - len(from_a)
    assert names(a) == names(b) == {"Costalpha0", "Costalpha1", "Costalpha2", "Costbeta"}
    # A sync with nothing new commits little: the devices and progress the server lists
    # as held are not written again, and the outcome goes with the pull's last write.
    for laptop in (a, b):
        vault = laptop.require_vault()
        sync.sync_now(laptop)
        before = transactions(vault)
        sync.sync_now(laptop)
        assert transactions(vault) - before == 2  # the audit anchor moved; the outcome
        assert sync.status(vault).state == "synced"


def transactions(vault) -> int:  # type: ignore[no-untyped-def]
    """The vault's transaction number (app/storage/commits.py: counted in the header)."""
    return int(vault.query("PRAGMA application_id")[0][0])


def test_a_bundle_relays_a_third_laptops_changes_with_their_own_signatures(
    server, laptops, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: leftovers 5] Three laptops: C's changes reach A through the server, and
    A carries them to B in a bundle, each with C's own signature. B has not heard of C:
    offline it refuses the bundle whole in one line naming C (nothing written, the bundle
    not spent); online it asks the server for the centre's devices and applies it."""
    process, admin, db = server
    a, b = laptops
    c = new_laptop(tmp_path / "c")
    try:
        _first, second = enrol_both(a, b, *server[:2])
        sync.sync_now(b)  # B knows A and B, not C (enrolled later)
        third = sync.enrol(c, process.url, admin.issue_enrol_code("NRC"), device_name="C")
        sync.approve_device(a, third.device_id)
        made = cases.register_case(c, draft("Relayedgamma", "Omar"))
        sync.sync_now(c)
        sync.sync_now(a)
        assert "Relayedgamma" in names(a)
        of_c = set(sync_state.own_devices(c.require_vault()))
        served = server_signatures(process.store, of_c)
        assert served
        vault_b = b.require_vault()
        assert third.device_id not in {d.device_id for d in sync_state.devices(vault_b)}
        out = tmp_path / "a-to-b.hbundle"
        sync.export_bundle(a, out, to_device=second.device_id)

        port = int(process.url.rsplit(":", 1)[1])
        process.stop()  # offline: B cannot ask
        before = vault_b.query("SELECT count(*) FROM change_log")
        with pytest.raises(sync.SyncError) as refused:
            sync.import_bundle(b, out)
        line = str(refused.value)
        # named by one of C's ids (its own, or its pre-enrolment id that the server took
        # as its alias: B cannot tell which device owns an alias before it asks), the
        # sender A by its name and code, and what to do (offline: connect once)
        assert "\n" not in line and "Nothing was imported" in line
        assert any(f"(\u2068{d[:8]}\u2069)" in line for d in of_c)
        assert f", {_first.device_code}\u2069 carries changes made on a laptop this one" in line
        assert "Connect this laptop to the sync server once" in line
        assert vault_b.query("SELECT count(*) FROM change_log") == before

        process = serve_on(process.store, db.parent / "log.txt", port)
        sync.import_bundle(b, out)  # asks the server, learns C, verifies C's signatures
        assert "Relayedgamma" in names(b)
        assert cases.open_case(b, made.id).draft.names.given == "Relayedgamma"
        # B never pulled: what it keeps of C's changes came in the bundle, as C signed them.
        kept = sync_sealed.kept(vault_b, list(served))
        assert {i: json.loads(w)["signature"] for i, w in kept.items()} == served
    finally:
        process.stop()
        c.close()


def server_signatures(store: str, devices: set[str]) -> dict[str, str]:
    """change id -> base64 signature of the changes the server holds of these devices."""
    engine = sa.create_engine(store)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(m.changes.c.change_id, m.changes.c.device_id, m.changes.c.signature)
            ).all()
    finally:
        engine.dispose()
    return {r.change_id: seal.b64(bytes(r.signature)) for r in rows if r.device_id in devices}


def test_a_vault_copied_to_two_centres_keeps_the_other_centres_former_changes_local(
    server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: leftovers 3, hole 5b] Two vaults copied from one set-up vault share their
    former device ids. Enrolled in two centres, the first centre takes them as aliases;
    the server tells the second it took none of them, so the second laptop does not count
    them as its own: its sync succeeds (it failed forever on `unknown_device`), its new
    changes travel, and one translated line says what stays on it."""
    process, admin, _db = server
    admin.add_centre("SRC", "South Reception Centre", ORGANISATION)
    north = new_laptop(tmp_path / "north")
    cases.register_case(north, draft("Setupera"))
    north.close()
    shutil.copytree(tmp_path / "north", tmp_path / "south")
    north = auth.sign_in(tmp_path / "north", MANAGER, MANAGER_PASS)
    south = auth.sign_in(tmp_path / "south", MANAGER, MANAGER_PASS)
    try:
        shared = set(sync_state.logged_devices(north.require_vault()))
        assert shared <= set(sync_state.logged_devices(south.require_vault()))
        sync.enrol(north, process.url, admin.issue_enrol_code("NRC", manager=True))
        sync.sync_now(north)
        assert sync.status(north.require_vault()).state == "synced"

        result = sync.enrol(south, process.url, admin.issue_enrol_code("SRC", manager=True))
        vault = south.require_vault()
        assert not shared & set(sync_state.own_devices(vault))
        assert result.local_only and "stay on it only" in result.local_only
        assert "\n" not in result.local_only
        report = sync.sync_now(south)  # refused as unknown_device before: failed forever
        assert sync.status(vault).state == "synced" and sync.status(vault).pending == 0
        assert sync.status(vault).reason == result.local_only
        later = cases.register_case(south, draft("Southlater", "Nasser"))
        sync.sync_now(south)
        assert sync.status(vault).state == "synced"
        # Everything made under its own ids (the enrolled one and those taken) is on the
        # server; the other centre's former ids stay out of what it pushes.
        own = set(sync_state.own_devices(vault))
        mine = {c.change_id for c in sync_log.outgoing(vault, None, None) if c.device_id in own}
        assert mine and mine <= set(server_change_ids(process.store))
        assert later.id in names_ids(south)
        assert report.pulled >= 0
    finally:
        north.close()
        south.close()


def names_ids(session: Session) -> set[str]:
    return {r.id for r in cases.query_cases(session, limit=1000)}


def test_batches_checked_ahead_set_aside_what_does_not_verify_and_apply_the_rest(
    server, laptops, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: cost] The pull checks and opens the next batch on a worker while the one
    before is applied: two changes whose sealed values a hacked server swapped, in a
    batch checked ahead, are set aside as on the main thread (reason ``signature``), every
    other change applies, and the cursor ends at the server's last change."""
    _process, _admin, db = server
    a, b = laptops
    enrol_both(a, b, *server[:2])
    cases.import_cases(a, [draft(f"Ahead{chr(97 + i)}") for i in range(8)])
    sync.sync_now(a)
    a_id = sync_state.enrolment(a.require_vault()).device_id  # type: ignore[union-attr]
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        (s1, v1), (s2, v2) = conn.execute(
            sa.text(
                "SELECT server_seq, sealed FROM changes WHERE device_id = :d"
                " ORDER BY server_seq DESC LIMIT 2"
            ),
            {"d": a_id},
        ).all()
        conn.execute(
            sa.text("UPDATE changes SET sealed = :v WHERE server_seq = :s"), {"v": v2, "s": s1}
        )
        conn.execute(
            sa.text("UPDATE changes SET sealed = :v WHERE server_seq = :s"), {"v": v1, "s": s2}
        )
    ahead = []
    fetch = sync._fetch

    def counting(client, cursor, limit, keys, verifier, own):  # type: ignore[no-untyped-def]
        fetched = fetch(client, cursor, limit, keys, verifier, own)
        ahead.extend(v for v in fetched.opened.values() if isinstance(v, str))
        return fetched

    monkeypatch.setattr(sync, "BATCH", 3)
    monkeypatch.setattr(sync, "_fetch", counting)
    report = sync.sync_now(b)
    assert report.quarantined == 2 and ahead == ["signature", "signature"]  # set aside ahead
    held = sync_sealed.quarantined(b.require_vault())
    assert {q.reason for q in held} == {"signature"} and {q.device_id for q in held} == {a_id}
    assert {f"Ahead{chr(97 + i)}" for i in range(8)} - names(b) <= {"Aheadh"}
    with engine.begin() as conn:  # B pushed its own set-up changes first: they count too
        last = conn.execute(sa.text("SELECT max(server_seq) FROM changes")).scalar()
    engine.dispose()
    assert sync_state.progress_int(b.require_vault(), sync_state.PULL_CURSOR) == last
    assert sync.status(b.require_vault()).state == "synced"
