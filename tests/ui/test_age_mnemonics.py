"""Walkthrough A7, R2: on every step of the age assessment, in English and in Arabic, no
two things on screen share an Alt key (Alt+P was both "Previous step" and "Print record";
in Arabic, many labels begin with "ال" and took the same key)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.ui.test_age import (
    DOCTOR,
    DOCTOR_PASS,
    case_id,  # noqa: F401  (the fixture)
    open_assessment,
    open_case,
    sign_in_as,
    start_through_service,
)
from ui.age.page import STEP_TITLES

pytestmark = pytest.mark.gui


def mnemonic(text: str) -> str | None:
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].casefold()
        i += 2
    return None


def alt_keys(window: QWidget) -> dict[str, list[str]]:
    """Each Alt key of the visible buttons and labels with a buddy, with their texts."""
    keys: dict[str, list[str]] = defaultdict(list)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            key = mnemonic(widget.text())
            if key:
                keys[key].append(widget.text())
    return keys


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_two_things_on_an_age_step_share_an_alt_key(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,  # noqa: F811
    language: str,
) -> None:
    start_through_service(vault_dir, case_id)
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    sign_in_as(qtbot, window, DOCTOR, DOCTOR_PASS)
    cases_page = open_case(qtbot, window, case_id)
    # R2: Account and Back to the list were both Alt+ا in Arabic. (Every page, the whole
    # case view included, is checked in tests/ui/test_mnemonics_everywhere.py.)
    account = window.main_page.user_menu_button.text()
    back = cases_page.case_view.back_button.text()
    assert mnemonic(account) != mnemonic(back), (account, back)
    clashes = {}
    page = open_assessment(qtbot, cases_page)
    for step in sorted(STEP_TITLES):
        page.show_step(step)
        qtbot.wait(10)
        found = {k: v for k, v in alt_keys(window).items() if len(v) > 1}
        if found:
            clashes[step] = found
    assert not clashes
