"""Keyboard-only use found under Xvfb (docs/walkthrough.md, issue 12): every section,
button and decision reachable and visible from the keyboard."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from app.domain import intake_merge
from app.domain.case import CaseDraft, Language, Names
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_duplicates_at_intake import intake_of_the_same_child, registered
from tests.ui.test_shell import sign_in
from ui.cases import form as F
from ui.cases.duplicates import DuplicateDialog, comparison_rows
from ui.cases.merge import describe
from ui.presenter.hold import HoldButton
from ui.presenter.window import PresenterWindow

pytestmark = pytest.mark.gui


def test_sections_have_shortcuts_shown_in_the_navigation(qtbot, make_window, vault_dir) -> None:
    """I1: Ctrl+1…4 reach Cases, Dashboard, Information and Settings from anywhere in the
    signed-in window; the navigation says so; Shift+Tab reaches it; it shows a focus frame."""
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    main = window.main_page
    search = main.cases_page.list_page.search
    search.setFocus()
    for number, key in enumerate(("cases", "dashboard", "information", "settings"), 1):
        qtbot.keyClick(
            QApplication.focusWidget(),
            Qt.Key(Qt.Key.Key_0 + number),
            Qt.KeyboardModifier.ControlModifier,
        )
        assert main.current_key() == key
        assert QApplication.focusWidget() is main.nav
        item = main.nav.currentItem()
        shown = QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
        assert shown in item.toolTip()
        assert shown in item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    qtbot.keyClick(main.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main.pages.currentWidget() is main.cases_page

    # Shift+Tab from the search field reaches the navigation.
    search.setFocus()
    for _press in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        if QApplication.focusWidget() is main.nav:
            break
    assert QApplication.focusWidget() is main.nav

    # A focus frame (the highlight colour around the list) is drawn when the navigation
    # has the focus, and not without it.
    highlight = main.nav.palette().color(main.nav.palette().ColorRole.Highlight).rgb()

    def frame_pixel() -> int:
        image = main.nav.grab().toImage()
        return image.pixelColor(0, image.height() - 2).rgb()

    assert frame_pixel() == highlight
    search.setFocus()
    assert frame_pixel() != highlight

    # Locked, the shortcuts reach nothing behind the lock screen.
    main.show_section("cases")
    main.lock_action.trigger()
    qtbot.waitUntil(lambda: window.current_page() is window.lock_page, timeout=10_000)
    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_page() is window.lock_page
    assert main.current_key() == "cases"


def test_enter_finishes_the_set_up_wizard_once_the_code_is_written_down(
    qtbot, make_window, tmp_path
) -> None:
    """W2: on step 3 Enter finishes (the page is a widget, so the default button alone did
    nothing); before the code is ticked as written down it does not."""

    window = make_window(tmp_path / "new-vault")
    wizard = window.wizard
    qtbot.keyClicks(wizard.organisation, "Synthetic Aid Org")
    qtbot.keyClick(wizard.organisation, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.centre, "North Reception Centre")
    qtbot.keyClick(wizard.centre, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.user_name, MANAGER)
    qtbot.keyClick(wizard.user_name, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.passphrase, MANAGER_PASS)
    qtbot.keyClick(wizard.passphrase, Qt.Key.Key_Return)
    qtbot.keyClicks(wizard.repeat, MANAGER_PASS)
    qtbot.keyClick(wizard.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.current_page() == wizard.PAGE_RECOVERY, timeout=10_000)
    assert QApplication.focusWidget() is wizard.written_down

    qtbot.keyClick(wizard.written_down, Qt.Key.Key_Return)
    assert window.current_page() is wizard  # not written down yet: nothing happens
    qtbot.keyClick(wizard.written_down, Qt.Key.Key_Space)
    qtbot.keyClick(wizard.written_down, Qt.Key.Key_Return)
    assert window.current_page() is window.main_page
    assert window.session is not None and window.session.user.name == MANAGER


def intake_at_the_last_step(qtbot, window):
    """Sign in (unless signed in), fill a valid intake and show its last step."""
    if window.current_page() is not window.main_page:
        sign_in(qtbot, window)
    window.main_page.show_section("cases")
    cases = window.main_page.cases_page
    cases.new_intake()
    wizard = cases.wizard
    state = wizard.state()
    state.update(
        {
            "names.given": "Yousef",
            "names.family": "Alhassan",
            "birth.declared_age": "15",
            "birth.source": "declared",
            "sex": {"status": "answered", "value": "male"},
            "nationalities": ["SY"],
            "separation.status": "unaccompanied",
        }
    )
    wizard.set_state(state)
    assert not wizard.convert().problems
    wizard.show_step(len(F.STEPS) - 1)
    return wizard


def test_the_last_intake_step_shows_its_key_and_enter_registers(
    qtbot, make_window, vault_dir
) -> None:
    """I2: every step says "Next (Alt+N)"; the last said "Register the child" with no key."""
    window = make_window(vault_dir)
    wizard = intake_at_the_last_step(qtbot, window)
    assert wizard.next_button.text() == "Register the child (Alt+N)"
    assert wizard.next_button.accessibleName() == "Register the child"
    wizard.next_button.setFocus()
    with qtbot.waitSignal(wizard.registered, timeout=10_000):
        qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)


def test_the_duplicate_decisions_have_mnemonics(qtbot, make_window, vault_dir) -> None:
    """D4: "Same child" and "Different child" are reached with Alt+S and Alt+D."""
    registered(vault_dir)
    window = make_window(vault_dir)
    window.resize(1366, 768)
    _cases, _wizard, dialog = intake_of_the_same_child(qtbot, window)
    dialog.compare(0)
    qtbot.waitUntil(dialog.loaded, timeout=10_000)
    assert dialog.same_button.text() == "&Same child — open that case"
    assert dialog.different_button.text() == "&Different child"
    assert dialog.same_button.accessibleName() == "Same child — open that case"
    qtbot.keyClicks(dialog.reason, "Same father's name and village")
    with qtbot.waitSignal(dialog.decided, timeout=10_000) as decided:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert decided.args[1] is True


def presenter(qtbot):
    window = PresenterWindow("en", ["welcome", "rights"], clock=lambda: 1000.0, hold_ms=150)
    qtbot.addWidget(window)
    window.present(full_screen=False)
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_return_on_the_childs_focused_button_presses_it(qtbot, key) -> None:
    """N1: Return on the focused "Next" did nothing (three presses, "Screens shown: 1")."""
    window = presenter(qtbot)
    window.next_button.setFocus()
    qtbot.keyClick(window.next_button, key)
    assert window.index == 1
    window.understood_button.setFocus()
    qtbot.keyClick(window.understood_button, key)
    assert window.understood_button.isChecked()


def held_button(qtbot, hold_ms: int) -> HoldButton:
    button = HoldButton(hold_ms)
    button.setText("Hold")
    qtbot.addWidget(button)
    button.show()
    button.activateWindow()
    qtbot.waitExposed(button)
    button.setFocus()
    return button


def space(button, kind: QEvent.Type, *, repeat: bool) -> None:
    QApplication.sendEvent(
        button, QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ", repeat)
    )


@pytest.mark.parametrize("flagged", [True, False])
def test_the_staff_hold_works_with_a_held_key_and_its_auto_repeat(qtbot, flagged) -> None:
    """N2: Space held 3.5 s did nothing under Xvfb: the key's auto-repeat sends
    release/press pairs (flagged as auto-repeat, or not when the X server's timestamps
    differ) that restarted the hold. Pairs come every 40 ms here, the hold takes 300."""
    button = held_button(qtbot, 300)
    fired = []
    button.held.connect(lambda: fired.append(True))
    qtbot.keyPress(button, Qt.Key.Key_Space)
    for _repeat in range(20):
        qtbot.wait(40)
        if fired:
            break
        space(button, QEvent.Type.KeyRelease, repeat=flagged)
        space(button, QEvent.Type.KeyPress, repeat=flagged)
    assert fired == [True]  # while the key was still down, 300 ms after it went down
    qtbot.keyRelease(button, Qt.Key.Key_Space)


def test_taps_on_the_staff_hold_do_not_add_up(qtbot) -> None:
    """Let go between presses (more than the auto-repeat's instant), the hold restarts."""
    button = held_button(qtbot, 300)
    with qtbot.assertNotEmitted(button.held, wait=100):
        for _tap in range(4):
            qtbot.keyPress(button, Qt.Key.Key_Space)
            qtbot.wait(120)
            qtbot.keyRelease(button, Qt.Key.Key_Space)
            qtbot.wait(120)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_registered_shows_in_a_status_line_that_moves_nothing(
    qtbot, make_window, vault_dir, language
) -> None:
    """I4: "Case … registered." was inserted above Search and moved the search field and
    the table down; it also stayed after the officer went on to other work."""
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    sign_in(qtbot, window)
    cases = window.main_page.cases_page
    page = cases.list_page
    qtbot.waitUntil(lambda: page.search.isVisible(), timeout=10_000)
    qtbot.wait(50)
    before = (page.search.mapTo(window, page.search.rect().topLeft()).y(), page.table.geometry())
    wizard = intake_at_the_last_step(qtbot, window)
    wizard.next_button.setFocus()
    with qtbot.waitSignal(wizard.registered, timeout=10_000):
        qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    assert "NRC-" in page.notice.text()
    qtbot.wait(50)
    after = (page.search.mapTo(window, page.search.rect().topLeft()).y(), page.table.geometry())
    assert after == before  # the search field's top and the table where they were
    # Gone once the officer opens a case or starts another intake.
    cases.new_intake()
    cases.show_list()
    assert not page.notice.isVisible()


FSI, PDI = "\u2068", "\u2069"
ARABIC_NAME, LATIN_NAME = "يوسف الحسن", "Yusuf Al-Hassan"


def test_duplicate_and_merge_pages_name_languages_and_isolate_names(qtbot) -> None:
    """D2: the comparison's Languages row showed the code "ara"; D3: an Arabic name with
    its Latin spelling was isolated as one piece, so the bracket jumped before the name."""
    case = CaseDraft(
        names=Names(given="يوسف", family="الحسن", given_latin="Yusuf", family_latin="Al-Hassan"),
        languages=[Language(id="l1", code="ara")],
    )
    draft = CaseDraft(
        names=Names(given="يوسف", family="الحسن", given_latin="Yousef", family_latin="Alhassan"),
        languages=[Language(code="ara"), Language(code="prs")],
    )
    languages = dict(comparison_rows(draft))["Languages"]
    # Joined as English joins a list (app.i18n.format_list), names not codes.
    assert languages.replace(FSI, "").replace(PDI, "") == "Arabic and Dari"

    row = SimpleNamespace(
        case_number="NRC-2026-0001",
        display_name=ARABIC_NAME,
        display_latin=LATIN_NAME,
        birth_year=2010,
        id="x",
    )
    text = DuplicateDialog._candidate_text(SimpleNamespace(row=row, score=0.9, reasons=[]))
    assert f"{FSI}{ARABIC_NAME}{PDI} ({LATIN_NAME}" in text.replace(
        f"{FSI}{LATIN_NAME}{PDI}", LATIN_NAME
    )

    given = next(p for p in intake_merge.proposals(case, draft) if p.field == "names.given_latin")
    _field, old, new = describe(case, given)
    assert old == f"{FSI}يوسف{PDI} (Yusuf)"
    assert new == f"{FSI}يوسف{PDI} (Yousef)"
