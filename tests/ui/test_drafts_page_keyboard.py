"""Issue 12 walkthrough (6b): on "Unfinished intakes" the keyboard starts a new intake.

In Arabic the page's list label "&تسجيلات غير مكتملة:" and "بدء &تسجيل جديد" were both
Alt+ت: Qt treats an Alt key held by two widgets as ambiguous and only moves the focus
between them, so Alt+ت never pressed "Start a new intake" (the walkthrough's second Alt+ت
"did nothing"). The hidden list page's "&تسجيل جديد" was not the cause: a hidden widget's
mnemonic does not fire. French (Reprendre / Retour) and Ukrainian (three on Alt+Н) clashed
on the same page too."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_age_mnemonics import alt_keys, mnemonic
from tests.ui.test_cases import open_cases

pytestmark = pytest.mark.gui

LANGUAGES = ["en", "fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur"]


def alt(window, key: str) -> None:
    """Alt and a key as the keyboard sends it (the letter's code, with its text), through
    the window as the platform delivers it (shortcuts are matched there)."""
    QTest.sendKeyEvent(
        QTest.KeyAction.Click,
        window.windowHandle(),
        Qt.Key(ord(key.upper())),
        key,
        Qt.KeyboardModifier.AltModifier,
    )


def test_on_unfinished_intakes_in_arabic_the_keyboard_starts_a_new_intake(
    qtbot, make_window, vault_dir: Path
) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    case_service.save_draft(session, {"names": {"given": "سلمى"}}, step=0)
    session.close()
    window = make_window(vault_dir, language="ar")
    cases = open_cases(qtbot, window)
    cases.show_list()
    new_intake = mnemonic(cases.list_page.new_button.text())
    assert new_intake == "ت"
    alt(window, new_intake)  # New intake: there is a draft, so the drafts come first
    qtbot.waitUntil(lambda: cases.stack.currentWidget() is cases.resume_page, timeout=5000)
    assert QApplication.focusWidget() is cases.resume_page.drafts
    clashes = {k: v for k, v in alt_keys(window).items() if len(v) > 1}
    assert clashes == {}
    start = mnemonic(cases.resume_page.new_button.text())
    assert start == "ت"  # the same key twice from the list starts a new intake
    alt(window, start)
    qtbot.waitUntil(lambda: cases.stack.currentWidget() is cases.wizard, timeout=5000)
    assert cases.wizard.draft_id is None or not cases.wizard.has_content()


def test_no_two_things_on_unfinished_intakes_share_an_alt_key_in_any_language(qtbot) -> None:
    from app import i18n
    from ui.cases.page import ResumePage

    page = ResumePage()
    qtbot.addWidget(page)
    clashes = {}
    try:
        for language in LANGUAGES:
            i18n.set_language(language)  # the texts only: no layout direction needed here
            page.retranslate()
            keys: dict[str | None, list[str]] = defaultdict(list)
            for widget in (
                page._drafts_label,
                page.resume_button,
                page.discard_button,
                page.new_button,
                page.back_button,
            ):
                keys[mnemonic(widget.text())].append(widget.text())
            keys.pop(None, None)  # a language whose translators gave no Alt keys
            found = {k: v for k, v in keys.items() if len(v) > 1}
            if found:
                clashes[language] = found
    finally:
        i18n.set_language("en")
    assert clashes == {}
