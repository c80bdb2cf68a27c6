"""While a child's information session runs, the staff window shows no case and opens
only to the staff hold plus the signed-in user's passphrase (issue 12, item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QWidget

from app.domain.case import Birth, CaseDraft, Names
from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_shell import sign_in

pytestmark = pytest.mark.gui

WAIT = 10_000
GIVEN, FAMILY, GIVEN_AR = "Javed", "Rahimi", "جاوید"


@pytest.fixture
def registered(vault_dir: Path):
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = case_service.register_case(
            manager,
            CaseDraft(
                names=Names(given=GIVEN_AR, family="رحیمی", given_latin=GIVEN, family_latin=FAMILY),
                birth=Birth(declared_age=15),
                nationalities=["AF"],
            ),
        )
    finally:
        manager.close()
    return vault_dir, row


def shown_texts(window: QWidget) -> str:
    """Every text a person (or a screen reader) can get from the visible window."""
    parts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        parts += [widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            parts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model: one column (its columnCount is private)
                columns = 1
            for row in range(min(model.rowCount(root), 200)):
                for column in range(columns):
                    parts.append(str(model.index(row, column, root).data() or ""))
    return "\n".join(parts)


def start_presenter(qtbot, window, case_number: str):
    main = window.main_page
    main.show_section("information")
    page = main.information_page
    page.full_screen = False
    page.hold_ms = 100
    page.setup.case_number.clear()
    qtbot.keyClicks(page.setup.case_number, case_number)
    with qtbot.waitSignal(window.covered, timeout=WAIT):
        qtbot.mouseClick(page.setup.start_button, Qt.MouseButton.LeftButton)
    presenter = page.presenter
    assert presenter is not None
    qtbot.waitExposed(presenter)
    qtbot.waitUntil(presenter.isActiveWindow, timeout=WAIT)  # the child's screen in front
    return page, presenter


def activate(qtbot, window: QWidget) -> None:
    """Bring a window forward, as Alt+Tab or a click does, and wait until it is active."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)


def hold(qtbot, button) -> None:
    """Space kept down on the control until it says it was held long enough. Its window
    is made active first: a hold is let go when the focus leaves, as it should be."""
    activate(qtbot, button.window())
    with qtbot.waitSignal(button.held, timeout=WAIT):
        qtbot.keyPress(button, Qt.Key.Key_Space)
    qtbot.keyRelease(button, Qt.Key.Key_Space)


def test_the_staff_window_shows_no_case_while_the_child_sees_the_presenter(
    qtbot, make_window, registered
) -> None:
    folder, row = registered
    window = make_window(folder)
    sign_in(qtbot, window)
    main = window.main_page
    main.show_section("cases")
    qtbot.waitUntil(lambda: row.case_number in shown_texts(window), timeout=WAIT)
    page, presenter = start_presenter(qtbot, window, row.case_number)
    lock = window.presenter_lock_page

    # the child brings the staff window forward (Alt+Tab, the task bar, a click)
    activate(qtbot, window)
    assert window.current_page() is lock
    seen = shown_texts(window).casefold()
    for secret in (row.case_number, GIVEN, FAMILY, GIVEN_AR):
        assert secret.casefold() not in seen, secret
    assert not main.isVisible() and not main.cases_page.isVisible()
    if shots := os.environ.get("HARBOUR_SHOTS"):
        window.grab().save(str(Path(shots) / "presenter-lock-en.png"))

    # the case page is out of reach: its navigation, shortcuts and the lock key do nothing
    main.show_section("cases")
    for key, modifier in (
        (Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    ):
        qtbot.keyClick(window.focusWidget() or window, key, modifier)
    assert window.current_page() is lock and not main.cases_page.isVisible()
    # the passphrase alone opens nothing: the field takes no typing before the hold
    assert not lock.passphrase.isEnabled() and not lock.submit.isEnabled()
    qtbot.keyClicks(lock.passphrase, MANAGER_PASS)
    qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    assert lock.passphrase.text() == ""
    assert window.is_covered and presenter.isVisible()
    # nor does closing the window
    assert not window.close()
    assert window.isVisible() and window.session is not None

    # staff hold the button, then a wrong passphrase is refused
    hold(qtbot, lock.hold_button)
    assert lock.passphrase.isEnabled() and lock.passphrase.hasFocus()
    qtbot.keyClicks(lock.passphrase, "wrong wrong wrong")
    qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.message.text() != "", timeout=WAIT)
    assert lock.message.text() == "The passphrase is not correct."
    assert window.current_page() is lock and presenter.isVisible()

    # the signed-in user's passphrase ends the session and opens the notes
    with qtbot.waitSignal(window.uncovered, timeout=WAIT):
        qtbot.keyClicks(lock.passphrase, MANAGER_PASS)
        qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    assert not presenter.isVisible()
    assert window.current_page() is main
    assert main.current_key() == "information"
    assert page.stack.currentWidget() is page.notes
    assert page.notes.case_number.text() == row.case_number
    assert window.session is not None and window.session.is_open


def test_ended_from_the_childs_screen_the_window_still_asks_the_passphrase(
    qtbot, make_window, registered
) -> None:
    folder, row = registered
    window = make_window(folder)
    sign_in(qtbot, window)
    page, presenter = start_presenter(qtbot, window, row.case_number)
    lock = window.presenter_lock_page
    # staff end it on the child's screen: hold "Staff", confirm
    hold(qtbot, presenter.staff_button)
    qtbot.mouseClick(presenter.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not presenter.isVisible(), timeout=WAIT)
    # the staff window stays covered; the hold is done, so only the passphrase is asked
    assert window.current_page() is lock and window.is_covered
    assert row.case_number not in shown_texts(window)
    assert lock.passphrase.isEnabled() and not lock.hold_button.isVisible()
    with qtbot.waitSignal(window.uncovered, timeout=WAIT):
        qtbot.keyClicks(lock.passphrase, MANAGER_PASS)
        qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.notes


def test_an_idle_lock_during_the_session_keeps_the_cover(qtbot, make_window, registered) -> None:
    folder, row = registered
    window = make_window(folder)
    sign_in(qtbot, window)
    page, presenter = start_presenter(qtbot, window, row.case_number)
    lock = window.presenter_lock_page
    session = window.session
    window.lock()  # what the idle timer does
    assert not session.is_open and window.current_page() is lock
    assert presenter.isVisible()
    hold(qtbot, lock.hold_button)
    with qtbot.waitSignal(window.uncovered, timeout=WAIT):
        qtbot.keyClicks(lock.passphrase, MANAGER_PASS)
        qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
    assert window.session is not None and window.session.is_open
    assert window.current_page() is window.main_page
    assert page.stack.currentWidget() is page.notes


# ---- the Information page reads the vault live, and forgets a previous user (item 9) ----

OFFICER, OFFICER_PASS = "Officer Test", "harbour meadow 31 kite"


def test_case_numbers_offered_include_children_registered_since_sign_in(
    qtbot, make_window, registered
) -> None:
    folder, first = registered
    window = make_window(folder)
    sign_in(qtbot, window)
    window.main_page.show_section("information")
    page = window.main_page.information_page
    model = page.setup.case_number.completer().model()
    qtbot.waitUntil(lambda: first.case_number in model.stringList(), timeout=WAIT)
    # another child is registered after sign-in (the intake page, or a sync, does this)
    later = case_service.register_case(
        window.session,
        CaseDraft(names=Names(given="Amanuel", family="Tesfay"), birth=Birth(declared_age=14)),
    )
    assert later.case_number not in model.stringList()
    page.setup.topics.setFocus()
    page.setup.case_number.setFocus()  # coming back to the field reads the vault again
    qtbot.waitUntil(lambda: later.case_number in model.stringList(), timeout=WAIT)
    # typing narrows the read to what was typed
    page.setup.case_number.clear()
    qtbot.keyClicks(page.setup.case_number, later.case_number[:-1])
    qtbot.waitUntil(lambda: later.case_number in model.stringList(), timeout=WAIT)


def test_a_user_switch_warns_about_unsaved_notes_then_clears_the_inputs(
    qtbot, make_window, registered
) -> None:
    from app.domain.roles import Role
    from app.services import users as user_service
    from ui.presenter.window import Presentation

    folder, row = registered
    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    user_service.add_user(manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    manager.close()
    window = make_window(folder)
    window.sign_in_page.select_user(MANAGER)
    sign_in(qtbot, window)
    main = window.main_page
    main.show_section("information")
    page = main.information_page
    qtbot.keyClicks(page.setup.case_number, row.case_number)
    qtbot.keyClicks(page.setup.interpreter_name, "Samira Interpreter")
    # a session was presented; its notes are being typed, not saved
    page._on_presenter_ended(Presentation("prs", False, [], ["prs"], started_at=_now()))
    qtbot.keyClicks(page.notes.notes, "Asked about school.")
    assert page.has_unsaved_notes()
    window.lock()
    lock = window.lock_page

    # switching user warns first; "Go back" keeps everything
    qtbot.keyClick(lock.switch_user, Qt.Key.Key_Space)
    box = window.notes_warning
    assert box is not None and box.isVisible()
    assert "not saved" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=WAIT)
    assert window.current_page() is lock and page.has_unsaved_notes()

    # switching again and discarding: the next person finds nothing of the previous one
    qtbot.keyClick(lock.switch_user, Qt.Key.Key_Space)
    box = window.notes_warning
    discard = next(b for b in box.buttons() if b.accessibleName() == "Discard the notes")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page() is window.sign_in_page, timeout=WAIT)
    window.sign_in_page.select_user(OFFICER)
    sign_in(qtbot, window, OFFICER_PASS)
    main.show_section("information")
    assert page.stack.currentWidget() is page.setup
    assert page.setup.case_number.text() == ""
    assert page.setup.interpreter_name.text() == ""
    assert page.notes.notes.toPlainText() == "" and page.notes.case_number.text() == ""
    assert not page.has_unsaved_notes()


def test_signing_out_with_saved_notes_asks_nothing(qtbot, make_window, vault_dir) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    window.main_page.sign_out_action.trigger()
    assert window.notes_warning is None
    assert window.current_page() is window.sign_in_page


def _now():
    import datetime as dt

    return dt.datetime.now(dt.UTC)
