"""The referral workflow driven through the case view (issue 15, items 1-4 in the window):
"Open a referral…", Mark as sent, Accepted, Completed, Cancel (with a reason) and Reopen,
each step dated, attributed and audited and shown in the referral's history; a manager's
exceptional deadline with its reason [G2]; a return interview left for later stays in
sight in the case view [G13]; the missing-child notice printed from the window [G12];
date fields read left to right in Arabic."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit

from app.domain import referral as rules
from app.services import auth, cases, guardians, missing, photos, referrals
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui import test_referrals_window as base
from tests.ui.test_age import open_case, sign_in_as
from tests.ui.test_referrals_window import INTAKE, INTAKE_PASS, WAIT, finish, shot

child = base.child  # the fixture: an unaccompanied child, a guardianship authority, an officer
pytestmark = pytest.mark.gui
ME = f"{MANAGER} (you)"


def audit_of(session, record_id: str) -> list[tuple[str, str, str]]:
    """(action, user id, time) of every audit entry about one record, oldest first."""
    return [
        (action, user, at)
        for action, user, at in session.vault.query(
            "SELECT action, user_id, at FROM audit WHERE record_id = ? ORDER BY seq",
            (record_id,),
        )
    ]


def press(qtbot, button) -> None:
    """A button pressed from the keyboard, as a person without a mouse would."""
    assert button.isVisible() and button.isEnabled(), button.text()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def state_of(section, referral_type: str) -> str:
    for item, row in zip(section.items, section.rows(), strict=True):
        if item.referral.type == referral_type:
            return row[1]
    return ""


def test_open_send_accept_complete_cancel_and_reopen_each_dated_attributed_and_audited(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    session = view._session
    qtbot.waitUntil(lambda: len(section.rows()) == 1, timeout=WAIT)

    # "Open a referral…": refused without a reason, what was chosen stays; then opened.
    press(qtbot, section.open_button)
    dialog = section.dialog
    assert dialog.isVisible() and dialog.focusWidget() is section.type_box
    kinds = [section.type_box.itemData(i) for i in range(section.type_box.count())]
    assert "health" in kinds and "police_missing" not in kinds  # [G11] only by "missing"
    section.type_box.setCurrentIndex(kinds.index("health"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Say why the child is referred." and dialog.isVisible()
    assert section.type_box.currentData() == "health"
    qtbot.keyClicks(section.reason_box, "Asthma, no inhaler")
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: state_of(section, "health") == "Draft", timeout=WAIT)
    assert section.message.text() == "The referral is opened as a draft."
    (health,) = [i for i in section.items if i.referral.type == "health"]
    assert health.referral.reason == "Asthma, no inhaler"

    # Sent, accepted, completed: one key press each.
    assert section.select_type("health")
    for button, shown in (
        (section.send_button, "Sent"),
        (section.accept_button, "Accepted"),
        (section.complete_button, "Completed"),
    ):
        press(qtbot, button)
        qtbot.waitUntil(lambda shown=shown: state_of(section, "health") == shown, timeout=WAIT)
        assert section.selected().referral.type == "health"  # the selection stays
    assert section.message.text() == "The referral is now: Completed."
    assert not any(b.isEnabled() for b in section._state_buttons.values())  # the end
    history = section.history_rows()
    assert [r[1] for r in history] == ["Draft", "Sent", "Accepted", "Completed"]
    assert all(r[2] == ME for r in history)  # attributed
    assert all(str(dt.date.today().year) in r[0] for r in history)  # dated

    # The guardian referral: cancelled only with a reason, then reopened as a draft.
    assert section.select_type("guardian")
    press(qtbot, section.cancel_button)
    dialog = section.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "only with a reason" in dialog.message.text() and dialog.isVisible()
    qtbot.keyClicks(section.reason_box, "Registered twice: the other case carries it")
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: state_of(section, "guardian") == "Cancelled", timeout=WAIT)
    assert section.reopen_button.isEnabled() and not section.send_button.isEnabled()
    press(qtbot, section.reopen_button)
    qtbot.waitUntil(lambda: state_of(section, "guardian") == "Draft", timeout=WAIT)
    assert section.select_type("guardian")
    steps = section.history_rows()
    assert [r[1] for r in steps[-2:]] == ["Cancelled", "Draft"]
    assert steps[-2][2:] == (ME, "Registered twice: the other case carries it")
    assert steps[-1][2] == ME

    # Every change is in the audit log, by this manager, in the order made.
    manager_id = session.user.id
    health_audit = audit_of(session, health.id)
    assert [a for a, _u, _t in health_audit] == ["create", "change", "change", "change"]
    guardian_audit = audit_of(session, rules.guardian_referral_id(child["case_id"]))
    assert [a for a, _u, _t in guardian_audit[-2:]] == ["change", "change"]
    assert {u for _a, u, _t in health_audit + guardian_audit[-2:]} == {manager_id}
    stored = referrals.get_referral(session, health.id).history
    assert [c.by for c in stored] == [manager_id] * 4
    assert [c.at for c in stored] == sorted(c.at for c in stored)


def test_a_manager_gives_the_guardian_referral_the_exceptional_deadline_with_a_reason(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    qtbot.waitUntil(lambda: len(section.rows()) == 1, timeout=WAIT)
    assert section.select_type("guardian")
    before = section.items[0].referral.due
    press(qtbot, section.exceptional_button)
    dialog = section.dialog
    assert "(working days: 25)" in dialog.explain.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Say why you decided this." and dialog.isVisible()
    qtbot.keyClicks(section.reason_box, "No guardian speaks Tigrinya this month")
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: "exceptional deadline" in section.rows()[0][3], timeout=WAIT)
    referral = section.items[0].referral
    # [G2] 25 working days instead of 15: ten working days (two weeks at least) later.
    assert referral.exceptional and referral.due >= before + dt.timedelta(days=14)
    step = section.history_rows()[-1]
    assert step[1:] == (
        "Exceptional deadline decided",
        ME,
        "No guardian speaks Tigrinya this month",
    )
    assert not section.exceptional_button.isEnabled()  # decided once
    assert audit_of(view._session, section.items[0].id)[-1][:2] == (
        "change",
        view._session.user.id,
    )


def test_an_intake_officer_has_no_exceptional_deadline_button(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, INTAKE, INTAKE_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    qtbot.waitUntil(lambda: len(section.rows()) == 1, timeout=WAIT)
    assert not section.exceptional_button.isVisibleTo(view)
    assert section.send_button.isVisibleTo(view)  # an officer works the referral


def test_a_return_interview_left_for_later_stays_in_the_case_view_until_recorded(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    seen = dt.datetime.now(dt.UTC) - dt.timedelta(hours=5)
    missing.mark_missing(session, child["case_id"], missing.Sighting(seen_at=seen, where="park"))
    session.close()
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    qtbot.waitUntil(view.found_button.isVisible, timeout=WAIT)
    assert view.interviews_due() == []
    press(qtbot, view.found_button)
    dialog = view.missing_dialog
    dialog.findChild(QLineEdit, "where").setText("railway station")
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: view.missing_dialog.objectName() == "return_interview_dialog")
    interview = view.missing_dialog
    later = interview.buttons.button(interview.buttons.StandardButton.Cancel)
    assert later.text() == "&Later"
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton)
    assert not interview.isVisible()
    qtbot.waitUntil(lambda: len(view.interviews_due()) == 1, timeout=WAIT)
    assert "railway station" in view.interview_text.text()
    assert "still due" in view.interview_text.text()
    # The dashboard's helper reads the same list through the service.
    (due,) = missing.interviews_due(view._session)
    assert (due.case_id, due.case_number, due.found_where) == (
        child["case_id"],
        child["number"],
        "railway station",
    )

    # A case opened again later still shows it; the button records it.
    view.back_requested.emit()
    view = open_case(qtbot, window, child["case_id"]).case_view
    qtbot.waitUntil(lambda: len(view.interviews_due()) == 1, timeout=WAIT)
    press(qtbot, view.interview_button)
    interview = view.missing_dialog
    assert interview.objectName() == "return_interview_dialog"
    qtbot.keyClicks(interview.findChild(QPlainTextEdit, "why_left"), "Wanted to reach a cousin")
    finish(qtbot, interview)
    qtbot.waitUntil(lambda: not view.interview_line.isVisible(), timeout=WAIT)
    assert view.notice.text() == "The return interview is recorded."
    assert missing.interviews_due(view._session) == []


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_a_manager_prints_the_missing_child_notice_with_the_photo_from_the_case_view(
    qtbot, make_window, vault_dir: Path, tmp_path: Path
) -> None:
    """[G12] Through Qt's print dialog to a PDF file: the child's photo, taken under the
    consent for photos, is on the notice, with the last sighting."""
    from tests.unit.test_photos import camera_jpeg, register

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    guardians.add_entry(session, name="Police North", kind="police", languages=["en"])
    case_id = register(session, photo_consent=True)
    photos.add_photo(session, case_id, camera_jpeg())
    number = cases.get_row(session, case_id).case_number
    seen = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    missing.mark_missing(
        session,
        case_id,
        missing.Sighting(seen_at=seen, where="bus stop by the centre", clothing="red hoodie"),
    )
    session.close()
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, case_id).case_view
    qtbot.waitUntil(view.notice_button.isVisible, timeout=WAIT)
    press(qtbot, view.notice_button)
    qtbot.waitUntil(lambda: view.printing.dialog is not None, timeout=WAIT)
    dialog = view.printing.dialog
    assert dialog.windowTitle() == "Print the missing-child notice"
    (printers,) = [c for c in dialog.findChildren(QComboBox) if c.objectName() == "printers"]
    printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
    (name,) = [e for e in dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
    out = tmp_path / "notice.pdf"
    name.setText(str(out))
    dialog.accept()
    qtbot.waitUntil(lambda: "notice is saved to" in view.message.text(), timeout=WAIT)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert number in text and "red hoodie" in text and "bus stop" in text
    assert "Photo taken on" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[2] for line in images if line.split()[2] == "image"]  # the photo
    printed = view._session.vault.query(
        "SELECT count(*) FROM audit WHERE action = 'print' AND record_id = ?", (case_id,)
    )[0][0]
    assert printed == 1  # [G10] audited, once


def test_an_intake_officer_sees_no_notice_button(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    seen = dt.datetime.now(dt.UTC)
    missing.mark_missing(session, child["case_id"], missing.Sighting(seen_at=seen, where="park"))
    session.close()
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, INTAKE, INTAKE_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    qtbot.waitUntil(view.found_button.isVisible, timeout=WAIT)
    assert not view.notice_button.isVisibleTo(view)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_date_fields_of_the_missing_dialogs_read_left_to_right(
    qtbot, make_window, vault_dir: Path, child: dict[str, str], language: str
) -> None:
    """In Arabic the dialog is right to left, but '2026-11-27 18:17' stays in that order
    (it read '27-11-2026 18:17' mirrored); Tab leaves the field in one press."""
    window = make_window(vault_dir, language=language)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    qtbot.waitUntil(view.missing_button.isVisible, timeout=WAIT)
    press(qtbot, view.missing_button)
    dialog = view.missing_dialog
    when = dialog.findChild(QDateTimeEdit, "seen_at")
    rtl = Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    assert dialog.layoutDirection() == rtl
    assert when.layoutDirection() == Qt.LayoutDirection.LeftToRight
    when.setDateTime(QDateTime(QDate(2026, 11, 27), when.time().fromString("18:17", "HH:mm")))
    assert when.text() == "2026-11-27 18:17"
    assert when.lineEdit().layoutDirection() == Qt.LayoutDirection.LeftToRight
    when.setFocus()
    qtbot.keyClick(when, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.findChild(QLineEdit, "where")
    qtbot.waitExposed(dialog)
    shot(dialog, f"missing-dialog-dates-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_history_the_exceptional_dialog_and_the_interview_line_follow_the_language(
    qtbot, make_window, vault_dir: Path, child: dict[str, str], language: str
) -> None:
    """Right to left and translated in Arabic (HARBOUR_TEST_SHOTS=DIR keeps the PNGs)."""
    rtl = Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    (guardian,) = referrals.case_referrals(session, child["case_id"])
    referrals.set_recipient(session, guardian.id, child["entry"])
    referrals.change_state(session, guardian.id, referrals.ReferralState.SENT)
    seen = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    missing.mark_missing(session, child["case_id"], missing.Sighting(seen_at=seen, where="park"))
    missing.mark_found(
        session, child["case_id"], found_at=seen, where="railway station", condition="tired"
    )
    session.close()
    window = make_window(vault_dir, language=language)
    window.resize(1280, 900)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    qtbot.waitUntil(lambda: len(view.interviews_due()) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: len(section.rows()) == 2, timeout=WAIT)
    assert section.select_type("guardian")
    assert len(section.history_rows()) == 2 and section.history.layoutDirection() == rtl
    assert view.interview_line.layoutDirection() == rtl
    if language == "ar":
        assert "مقابلة العودة" in view.interview_text.text()
        assert section.exceptional_button.text().lstrip("\u200f") == "المهلة الا&ستثنائية…"
    bar = view.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
    bar.setValue(section.y() - 8)
    qtbot.wait(50)
    shot(view, f"referral-history-{language}")
    press(qtbot, section.exceptional_button)
    dialog = section.dialog
    assert dialog.layoutDirection() == rtl
    section.reason_box.setPlainText(  # keyClicks types Latin letters only
        "لا يوجد وصي يتكلم التغرينية هذا الشهر" if language == "ar" else "No guardian free"
    )
    qtbot.waitExposed(dialog)
    shot(dialog, f"exceptional-deadline-{language}")
