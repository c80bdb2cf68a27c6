"""Sync in the staff window (issue 16, item 6): the status line at the foot goes offline →
pending (changes waiting) → synced → failed with a reason against the real server (`harbour serve`
on 127.0.0.1); a manager enrols the laptop from Settings (a refused code leaves what was
typed), approves a pending device after seeing its fingerprint, and resolves conflicts
(confirm the value that applies, reverse to the other) made by two real vaults."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.roles import Role
from app.services import auth, cases, conflicts, sync, users
from app.services.sync import Progress, SyncStatus
from tests.conftest import MANAGER, MANAGER_PASS
from tests.sync.replicas import exchange, replica
from tests.sync.test_merge_named import TODAY, draft, fields, set_names
from tests.ui.test_age import sign_in_as

pytestmark = pytest.mark.gui

WAIT = 15_000
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ["HARBOUR_TEST_SHOTS"]) if os.environ.get("HARBOUR_TEST_SHOTS") else None


def shot(widget: QWidget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def open_sync_section(qtbot, window):  # type: ignore[no-untyped-def]
    section = window.settings_page.sync_section
    window.main_page.show_section("settings")
    # the section has read whether this laptop is enrolled (off the GUI thread)
    qtbot.waitUntil(
        lambda: section.enrol.isVisible() or section.enrolled_line.isVisible(), timeout=WAIT
    )
    assert section.isVisible()
    return section


# -- the status line, every state ---------------------------------------------------------
def states() -> list[SyncStatus | Progress]:
    """Each state as the service reports it, its reasons in the current language."""
    from app.i18n import _

    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)).isoformat(timespec="seconds")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return [
        SyncStatus("not_enrolled", 0, None, None, None),
        SyncStatus("offline", 3, None, _(sync.REASONS["offline"]), soon, "B"),
        SyncStatus("pending", 3, now, None, None, "B"),
        Progress("push", 400, 1000, 12.0),
        SyncStatus("synced", 0, now, None, None, "B"),
        SyncStatus("failed", 0, now, _(sync.REASONS["unauthorised"]), soon, "B"),
        SyncStatus("revoked", 0, now, _(sync.REASONS["revoked"]), None, "B"),
        SyncStatus("paused", 0, None, None, None),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_status_line_says_each_state_and_never_synced_while_a_change_waits(
    qtbot, language
) -> None:  # type: ignore[no-untyped-def]
    from ui.language import apply_language
    from ui.operations import OperationRunner
    from ui.sync.status import SyncStatusBar

    apply_language(language)
    try:
        sheet = QWidget()
        qtbot.addWidget(sheet)
        sheet.resize(900, 10)
        layout = QVBoxLayout(sheet)
        texts = []
        bars = []
        for state in states():
            bar = SyncStatusBar(OperationRunner(sheet), sheet)
            if isinstance(state, Progress):
                bar.show_progress(state)
            else:
                bar.show_status(state)
            layout.addWidget(bar)
            texts.append(bar.text.text())
            bars.append(bar)
        sheet.show()
        qtbot.waitExposed(sheet)
        if language == "ar":
            assert sheet.layoutDirection() == Qt.LayoutDirection.RightToLeft
            assert all(t.startswith("\u200f") for t in texts)  # read right to left
        shot(sheet, f"sync-status-{language}")
    finally:
        apply_language("en")
    if language == "en":
        assert texts[0] == "Not connected to a sync server."
        assert texts[1].startswith("Offline: The server could not be reached. Next try at ")
        assert texts[1].endswith("Changes waiting to be sent: 3.")
        assert texts[2] == "Changes waiting to be sent: 3."
        assert texts[3] == "Syncing: 400 of 1000 changes sent, about 12 s left."
        assert texts[4].startswith("Synced at ")
        assert texts[5].startswith(
            "Sync failed: The server did not accept this laptop's token; enrol it again."
            " Next try at "
        )
        assert texts[6].startswith("Sync failed: This laptop was revoked")
        assert texts[7] == "Sync is paused while Harbour is locked."
    assert not any("ynced at" in t for t in texts[:4])
    # "Sync now": hidden when not enrolled or paused, a name for screen readers otherwise
    assert not bars[0].sync_now_button.isVisible() and not bars[7].sync_now_button.isVisible()
    assert bars[1].sync_now_button.isVisible() and bars[1].sync_now_button.accessibleName()


# -- conflicts from two real vaults -----------------------------------------------------------
@pytest.fixture
def conflicted(tmp_path: Path, template_vault) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """Laptop A's vault with two path conflicts on one case (given and family name in
    Latin letters changed apart on A and B), made through sync_log outgoing/apply_remote."""
    a = replica(template_vault[0], tmp_path / "a")
    b = replica(template_vault[0], tmp_path / "b")
    try:
        case_id = cases.register_case(a, draft("أمل", "Amal"), today=TODAY).id
        exchange(a, b)
        set_names(a, case_id, given_latin="Amaal", family_latin="Haddad")
        set_names(b, case_id, given_latin="Amel", family_latin="Hadad")
        exchange(a, b)
        exchange(b, a)
        assert len(conflicts.list_conflicts(a)) == 2
        users.add_user(
            a, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase="river stone 17 maple"
        )
    finally:
        a.close()
        b.close()
    return tmp_path / "a", case_id


def test_a_manager_confirms_one_conflict_and_reverses_another(
    qtbot, make_window, conflicted
) -> None:  # type: ignore[no-untyped-def]
    folder, case_id = conflicted
    window = make_window(folder)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_sync_section(qtbot, window)
    panel = section.conflicts
    qtbot.waitUntil(lambda: len(panel.lines) == 2, timeout=WAIT)
    assert section.enrol.isVisible()  # not enrolled: the form to enrol
    assert not section.devices.isVisible()
    first = panel.table.topLevelItem(0)
    assert "NRC-2026-0001" in first.text(0) and "أمل" in first.text(0)  # number, name
    assert {panel.table.topLevelItem(i).text(1) for i in range(2)} == {
        "Given name(s) in Latin letters",
        "Family name(s) in Latin letters",
    }
    assert "Manager One" in first.text(2) and "Manager One" in first.text(3)
    shot(section, "sync-conflicts-en")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        window.set_language("ar")  # the list follows the language, right to left
    assert "Latin" not in panel.table.topLevelItem(0).text(1)  # field names read again
    assert panel.table.headerItem().text(1) == "\u200f" + "الحقل" or panel.table.isRightToLeft()
    assert panel.confirm_button.text().lstrip("\u200f") == "تأ&كيد القيمة المطبقة"
    shot(section, "sync-conflicts-ar")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        window.set_language("en")
    first = panel.table.topLevelItem(0)  # the rows were made again in each language

    # Confirm the first: the value that applies stays.
    panel.table.setFocus()
    panel.table.setCurrentItem(first)
    kept = panel.selected()
    before = fields(window.session, case_id)[0]["names"]
    with qtbot.waitSignal(panel.resolved, timeout=WAIT):
        qtbot.keyClick(panel.confirm_button, Qt.Key.Key_Space)
    assert len(panel.lines) == 1
    assert fields(window.session, case_id)[0]["names"] == before

    # Reverse the other: asked first, then the other value applies.
    line = panel.lines[0]
    assert line.view.id != kept.view.id
    panel.table.setCurrentItem(panel.table.topLevelItem(0))
    qtbot.keyClick(panel.reverse_button, Qt.Key.Key_Space)
    box = panel.confirm_box
    assert box is not None and line.view.other.value in box.text()
    go = next(b for b in box.buttons() if b.accessibleName() == "Reverse")
    with qtbot.waitSignal(panel.resolved, timeout=WAIT):
        qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    path = {"Given name(s) in Latin letters": "given_latin"}.get(line.view.field, "family_latin")
    assert fields(window.session, case_id)[0]["names"][path] == line.view.other.value
    assert panel.lines == [] and panel._empty.isVisible()
    resolved = conflicts.list_conflicts(window.session, open_only=False)
    assert sorted(v.resolved for v in resolved) == ["other", "winner"]


def test_the_sync_section_is_refused_to_an_intake_officer(qtbot, make_window, conflicted) -> None:  # type: ignore[no-untyped-def]
    folder, _case = conflicted
    window = make_window(folder)
    sign_in_as(qtbot, window, "Officer Two", "river stone 17 maple")
    window.main_page.show_section("settings")
    section = window.settings_page.sync_section
    assert not section.isVisible()
    section.set_session(window.session)  # even reached, it says who may
    assert "does not allow" in section.refusal.text()
    assert not section.conflicts.isVisible() and not section.enrol.isVisible()
    assert window.main_page.sync_status.isVisible()  # the status line is for everyone


# -- against the real server ----------------------------------------------------------------
@pytest.fixture
def server(tmp_path: Path, monkeypatch) -> Iterator:  # type: ignore[no-untyped-def]
    from server.store import Store
    from tests.server import harness

    port = harness.free_port()
    monkeypatch.setattr(harness, "free_port", lambda: port)  # a restart keeps the address
    db = tmp_path / "server" / "store.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre", "Synthetic Aid Org")
    box = {"process": harness.start_server(url, tmp_path / "server" / "log.txt")}

    def restart() -> None:
        box["process"] = harness.start_server(url, tmp_path / "server" / "log2.txt")

    def set_up_again() -> None:
        """The organisation set its server up again (a new store, the same address):
        it no longer knows this laptop's token."""
        box["process"].stop()
        fresh = f"sqlite:///{tmp_path / 'server' / 'fresh.db'}"
        Store(fresh).init()
        box["process"] = harness.start_server(fresh, tmp_path / "server" / "log3.txt")

    box["restart"] = restart  # type: ignore[assignment]
    box["set_up_again"] = set_up_again  # type: ignore[assignment]
    try:
        yield box, admin
    finally:
        box["process"].stop()
        admin.close()


@pytest.mark.slow
def test_the_status_goes_offline_then_pending_then_synced_then_failed_with_a_reason(
    qtbot, make_window, vault_dir, server
) -> None:  # type: ignore[no-untyped-def]
    """offline (the server cannot be reached; a change made meanwhile waits, still
    offline) → pending (the server answers again: changes waiting, not pushed yet) →
    synced → failed with a reason (the server set up again refuses the laptop's token),
    each one distinct state and line, against the real server on 127.0.0.1."""
    box, admin = server
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        sync.enrol(session, box["process"].url, admin.issue_enrol_code("NRC", manager=True))
        box["process"].stop()  # the server is not running
        with pytest.raises(sync.SyncError):
            sync.sync_now(session)
    finally:
        session.close()

    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    bar = window.main_page.sync_status
    seen: list[tuple[str, int, str]] = [(bar.status.state, bar.status.pending, bar.text.text())]
    bar.status_changed.connect(lambda s: seen.append((s.state, s.pending, bar.text.text())))
    qtbot.waitUntil(lambda: bar.status.state == "offline", timeout=WAIT)
    del seen[: [s[0] for s in seen].index("offline")]  # before its first read: paused
    assert bar.text.text().startswith("Offline: The server could not be reached. Next try at")
    assert bar.runner is not None

    # A change made here while offline: it waits, and the line still says offline.
    before = bar.status.pending  # what the laptop's set-up made before enrolment
    cases.register_case(window.session, draft("ليلى", "Layla"), today=TODAY)
    bar.refresh()  # what the line's poll does every few seconds
    qtbot.waitUntil(lambda: bar.status.pending > before, timeout=WAIT)
    waiting = bar.status.pending
    assert bar.status.state == "offline"
    assert bar.text.text().startswith("Offline: ")
    assert bar.text.text().endswith(f"Changes waiting to be sent: {waiting}.")
    shot(bar, "sync-line-offline-en")

    # The server answers again: pending (the change waits, not pushed yet), then synced.
    box["restart"]()
    bar.sync_now_button.setFocus()
    qtbot.keyClick(bar.sync_now_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.status.state == "synced", timeout=WAIT)
    assert bar.text.text().startswith("Synced at ") and bar.status.pending == 0

    # The organisation set its server up again: the laptop's token is refused.
    box["set_up_again"]()
    qtbot.keyClick(bar.sync_now_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.status.state == "failed", timeout=WAIT)
    assert bar.text.text().startswith(
        "Sync failed: The server did not accept this laptop's token; enrol it again. Next try at "
    )
    assert bar.status.reason and bar.sync_now_button.isEnabled()
    walk: list[tuple[str, int, str]] = []
    for state in seen:
        if not walk or walk[-1][0] != state[0]:
            walk.append(state)
    assert [w[0] for w in walk] == ["offline", "pending", "synced", "failed"], seen
    pending = walk[1]
    assert pending[1] == waiting and pending[2] == f"Changes waiting to be sent: {waiting}."
    assert all(s[1] == 0 for s in seen if s[0] == "synced")

    window.lock()  # paused while locked: the runner stops
    assert bar.status.state == "paused" and bar.runner is None


@pytest.mark.slow
def test_a_manager_enrols_from_settings_and_approves_a_pending_laptop(
    qtbot, make_window, vault_dir, template_vault, tmp_path, server
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    box, admin = server
    url = box["process"].url
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_sync_section(qtbot, window)
    enrol = section.enrol
    assert enrol.isVisible()

    # A mistyped code, then an unknown one: a translated line, and what was typed stays.
    qtbot.keyClicks(enrol.server, url)
    for code in ("0000-WRONG-CODE", "0" * 26):
        enrol.code.clear()
        enrol.message.clear()
        qtbot.keyClicks(enrol.code, code)
        qtbot.keyClick(enrol.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(enrol.message.text()), timeout=WAIT)
        assert "not known to the server" in enrol.message.text()
        assert enrol.server.text() == url and enrol.code.text() == code

    enrol.code.clear()
    qtbot.keyClicks(enrol.code, admin.issue_enrol_code("NRC", manager=True))
    with qtbot.waitSignal(section.enrolled, timeout=WAIT):
        qtbot.keyClick(enrol.enrol_button, Qt.Key.Key_Space)
    assert not enrol.isVisible() and section.devices.isVisible()
    qtbot.waitUntil(lambda: window.main_page.sync_status.runner is not None, timeout=WAIT)
    devices = section.devices
    qtbot.waitUntil(lambda: len(devices.devices) == 1, timeout=WAIT)  # this laptop
    assert devices.devices[0].this_laptop and devices.devices[0].status == "active"

    # Another laptop asks to join: pending until approved here.
    other = tmp_path / "vault_b"
    shutil.copytree(template_vault[0], other)
    b = auth.sign_in(other, MANAGER, MANAGER_PASS)
    try:
        b_id = sync.enrol(b, url, admin.issue_enrol_code("NRC"), device_name="Laptop Two").device_id
        with qtbot.waitSignal(devices.loaded, timeout=WAIT):
            qtbot.keyClick(devices.refresh_button, Qt.Key.Key_Space)
        assert not devices.message.text()
        row = next(d for d in devices.devices if d.id == b_id)
        assert row.status == "pending"
        devices.select(b_id)
        assert devices.table.currentItem().text(2) == "Waiting for approval"
        shot(section, "sync-devices-en")
        window.set_language("ar")
        assert devices.table.currentItem().text(2).lstrip("\u200f") == "بانتظار الموافقة"
        shot(section, "sync-devices-ar")
        window.set_language("en")
        qtbot.keyClick(devices.approve_button, Qt.Key.Key_Space)
        confirm = devices.confirm_box
        assert confirm is not None
        assert "Laptop Two" in confirm.text() and row.fingerprint in confirm.informativeText()
        go = next(x for x in confirm.buttons() if x.accessibleName() == "Approve")
        with qtbot.waitSignal(devices.changed, timeout=WAIT):
            qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
        assert {d.id: d.status for d in devices.devices}[b_id] == "active"
        assert devices.table.currentItem().text(2) == "Active"
        sync.sync_now(b)  # the approved laptop now syncs
        assert sync.status(b.vault).state == "synced"
    finally:
        b.close()


@pytest.mark.slow
def test_the_enrol_form_says_when_the_server_refuses_more_codes_for_a_while(
    qtbot, vault_dir, server
) -> None:  # type: ignore[no-untyped-def]
    """After 10 failed codes from this laptop's address the server answers 429 with
    Retry-After: the enrol form says how long, in English and in Arabic (right to left),
    and what was typed stays."""
    from app.i18n import _ as translate
    from ui.language import apply_language
    from ui.operations import OperationRunner
    from ui.sync.enrol import EnrolPanel

    box, _admin = server
    url = box["process"].url
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    lines = {}
    try:
        for _ in range(10):
            with pytest.raises(sync.SyncError, match="not known to the server"):
                sync.enrol(session, url, "0" * 26)
        for language in ("en", "ar"):
            apply_language(language)
            enrol = EnrolPanel(OperationRunner())
            qtbot.addWidget(enrol)
            enrol.resize(640, 260)
            enrol.set_session(session)
            enrol.show()
            qtbot.waitExposed(enrol)
            qtbot.keyClicks(enrol.server, url)
            qtbot.keyClicks(enrol.code, "1" * 26)
            qtbot.keyClick(enrol.code, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(enrol.message.text()), timeout=WAIT)  # noqa: B023
            lines[language] = enrol.message.text()
            assert enrol.server.text() == url and enrol.code.text() == "1" * 26
            assert enrol.enrol_button.isEnabled()  # the person may try again later
            expected = translate(sync.REASONS["rate_limited"]).format(detail="15")
            assert lines[language].lstrip("\u200f") == expected.lstrip("\u200f")
            if language == "ar":
                assert enrol.layoutDirection() == Qt.LayoutDirection.RightToLeft
            shot(enrol, f"sync-enrol-429-{language}")
    finally:
        apply_language("en")
        session.close()
    assert lines["en"].startswith("The server refuses attempts from this network for about 15")
    assert "server" not in lines["ar"]


def test_a_manager_sees_what_was_flagged_on_a_device_in_the_sync_section(qtbot) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: leftovers 4] The flags a device carries (the server's: a copied vault, a
    history behind or forked; this laptop's: changes set aside) are one translated line
    each under the devices, reached by Tab, right to left in Arabic; none, no line."""
    from ui.language import apply_language, retranslate_all
    from ui.operations import OperationRunner
    from ui.sync.devices import DevicesPanel

    def row(name: str, code: str, flags: tuple[str, ...]) -> sync.DeviceRow:
        return sync.DeviceRow(
            f"id-{code}", name, code, "active", False, "ab:cd", "2026-11-27", False, flags
        )

    operations = OperationRunner()
    panel = DevicesPanel(operations)
    qtbot.addWidget(panel)
    panel.resize(640, 360)
    panel.show()
    panel.activateWindow()
    qtbot.waitExposed(panel)
    panel._on_listed([row("Laptop One", "A", ())])
    assert panel.flags_line.isHidden()
    try:
        panel._on_listed(
            [
                row("Laptop One", "A", ()),
                row("Laptop Two", "B", ("cloned_vault", "quarantined")),
                row("Laptop Three", "C", ("audit_behind",)),
            ]
        )
        assert panel.flags_line.isVisible()
        lines = panel.flags_line.text().replace("\u2068", "").replace("\u2069", "").split("\n")
        assert lines == [
            "Device Laptop Two (B): its vault may be a copy: changes came under numbers"
            " already held with other changes.",
            "Device Laptop Two (B): changes from it did not open or verify here and were"
            " set aside.",
            "Device Laptop Three (C): its history is behind what the server anchored: the"
            " vault may be restored from a backup.",
        ]
        panel.table.setFocus()
        qtbot.waitUntil(panel.table.hasFocus, timeout=WAIT)
        qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
        qtbot.waitUntil(panel.flags_line.hasFocus, timeout=WAIT)
        assert panel.flags_line.accessibleName() == "Devices flagged"
        shot(panel, "sync-flags-en")
        apply_language("ar")
        retranslate_all()
        panel.retranslate()
        text = panel.flags_line.text()
        assert "Device" not in text and "Laptop Two" in text and len(text.split("\n")) == 3
        assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
        shot(panel, "sync-flags-ar")
    finally:
        apply_language("en")


def test_the_status_line_says_what_stays_on_this_laptop_when_synced(qtbot) -> None:  # type: ignore[no-untyped-def]
    """[issue 16: leftovers 3] The synced state's note (changes that stay on this laptop,
    or were set aside) is on the status line after the time, translated."""
    from app.i18n import _ as translate
    from ui.language import apply_language
    from ui.sync.texts import status_text

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        for language in ("en", "ar"):
            apply_language(language)
            note = translate(sync.LOCAL_ONLY).format(count=3)
            line = status_text(SyncStatus("synced", 0, now, note, None, "B"))
            assert line.endswith(note) and line != note
            assert line.lstrip("\u200f").startswith(translate("Synced at {time}.").split("{")[0])
        assert "stay on it only" not in line  # Arabic
    finally:
        apply_language("en")
    line = status_text(SyncStatus("synced", 0, now, None, None, "B"))
    assert line.startswith("Synced at") and line.endswith(".")


def test_a_possible_duplicate_from_sync_names_both_children(qtbot, make_window, vault_dir) -> None:  # type: ignore[no-untyped-def]
    """A pair flagged by duplicate detection after a sync names both cases in the row (the
    one that arrived and the one held), so a manager knows which two children may be one
    without opening either."""
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        held = cases.register_case(session, draft("محمد", "Mohammed"), today=TODAY)
        arrived = cases.register_case(session, draft("محمد", "Mohamed"), today=TODAY)
        assert conflicts.possible_duplicates_from_sync(session, [arrived.id]) == 1
    finally:
        session.close()
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    panel = open_sync_section(qtbot, window).conflicts
    qtbot.waitUntil(lambda: len(panel.lines) == 1, timeout=WAIT)
    row = panel.table.topLevelItem(0)
    assert arrived.case_number in row.text(0)
    assert "Possible duplicate from sync" in row.text(1) and held.case_number in row.text(1)
    assert "Mohammed" in row.text(1)
    shot(panel, "sync-duplicate-en")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        window.set_language("ar")
    row = panel.table.topLevelItem(0)
    assert "مع" in row.text(1) and held.case_number in row.text(1)
    shot(panel, "sync-duplicate-ar")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        window.set_language("en")
