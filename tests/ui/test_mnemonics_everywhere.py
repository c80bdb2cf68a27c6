"""Walkthrough A11: on every page of the screenshot walk (set-up, sign-in, case list, each
intake step, a case with and without an assessment, each age step, information, settings),
in English and in Arabic, no two things on screen share an Alt key. (The case view in
Arabic had تعديل, تسجيل كمفقود and the age assessment all on Alt+ت; in English "Reopen as
&a draft" shared Alt+A with Account.)"""

from __future__ import annotations

import itertools
import shutil
import sys
from pathlib import Path

import pytest

from tests.ui.test_age_mnemonics import alt_keys
from tests.ui.test_fit import demo_vault  # noqa: F401  (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import screenshots

pytestmark = pytest.mark.gui


def sync_pages(window):  # type: ignore[no-untyped-def]
    """The sync part of Settings in both its states, each with what shows around it: not
    enrolled (the form to enrol, the conflicts) and enrolled (the devices, the conflicts,
    "Sync now" at the foot of the window). Before the fix "Server &address:" shared Alt+A
    with "&Account", "C&onfirm…" and "Reverse to the &other value…" Alt+O with "R&ole:",
    and in Arabic "&تسجيل هذا الحاسوب" Alt+ت with "&تأكيد القيمة المطبقة"."""
    from app.services.sync import SyncStatus

    section = window.settings_page.sync_section
    screenshots.wait_until(lambda: section.enrol.isVisible())
    yield "settings-sync"
    section._show_parts(enrolled=True)
    window.main_page.sync_status.show_status(SyncStatus("pending", 3, None, None, None, "B"))
    yield "settings-sync-enrolled"


def with_every_case_button(window, pages):  # type: ignore[no-untyped-def]
    """After the plain case page, the same page with every button that shows only in some
    states: the return interview due ([G13]), the child missing and the notice printable.
    The interview button shows only while an interview is due, which in the demo vault
    depends on the day the test runs; it shared Alt+V with "Sa&ve as PDF…" (now "&Save as
    PDF…") unseen until a run fell on such a day."""
    for page in pages:
        yield page
        if page == "case":
            view = window.main_page.cases_page.case_view
            for widget in (
                view.interview_line,
                view.interview_button,
                view.found_button,
                view.notice_button,
                view.missing_button,
            ):
                widget.setVisible(True)
            yield "case-every-button"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_has_two_things_on_one_alt_key(
    qtbot,
    demo_vault,  # noqa: F811
    tmp_path: Path,
    language: str,
) -> None:
    from ui.language import apply_language

    vault, ids = demo_vault
    copy = tmp_path / "vault"
    shutil.copytree(vault, copy)
    clashes: dict[str, dict[str, list[str]]] = {}
    seen: list[str] = []
    try:
        for folder, walk in (
            (tmp_path / "empty", screenshots.setup_walk),
            (
                copy,
                lambda w: itertools.chain(
                    with_every_case_button(w, screenshots.walk(w, ids)), sync_pages(w)
                ),
            ),
        ):
            window = screenshots.shell(folder, language, 1366, 768)
            qtbot.addWidget(window)
            for page in walk(window):
                seen.append(page)
                screenshots.settle()
                found = {key: texts for key, texts in alt_keys(window).items() if len(texts) > 1}
                if found:
                    clashes[page] = found
            window.close()
    finally:
        apply_language("en")
    assert {
        "case",
        "case-every-button",
        "case-assessed",
        "age-6",
        "settings",
        "settings-sync-enrolled",
        "sign-in",
    } <= set(seen)
    assert clashes == {}, "\n".join(f"{p}: {c}" for p, c in clashes.items())
