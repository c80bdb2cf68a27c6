"""Walkthrough A11: on every page of the screenshot walk (set-up, sign-in, case list, each
intake step, a case with and without an assessment, each age step, information, settings),
in English and in Arabic, no two things on screen share an Alt key. (The case view in
Arabic had تعديل, تسجيل كمفقود and the age assessment all on Alt+ت; in English "Reopen as
&a draft" shared Alt+A with Account.)"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.ui.test_age_mnemonics import alt_keys
from tests.ui.test_fit import demo_vault  # noqa: F401  (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import screenshots

pytestmark = pytest.mark.gui

# Clashes inside the sync part of Settings (ui/sync/, being built by another helper when
# this test was written), left to that part's owner and listed so that no new one hides:
# "Server &address:" with "&Account", "C&onfirm the value that applies" and "Reverse to
# the &other value…" with "R&ole:"; in Arabic "&تسجيل هذا الحاسوب" and "&تأكيد القيمة
# المطبقة". Remove an entry when it is fixed.
LEFT_TO_SYNC = {("en", "settings"): ("a", "o"), ("ar", "settings"): ("ت",)}


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
            (copy, lambda w: screenshots.walk(w, ids)),
        ):
            window = screenshots.shell(folder, language, 1366, 768)
            qtbot.addWidget(window)
            for page in walk(window):
                seen.append(page)
                screenshots.settle()
                found = {
                    key: texts
                    for key, texts in alt_keys(window).items()
                    if len(texts) > 1 and key not in LEFT_TO_SYNC.get((language, page), ())
                }
                if found:
                    clashes[page] = found
            window.close()
    finally:
        apply_language("en")
    assert {"case", "case-assessed", "age-6", "settings", "sign-in"} <= set(seen)
    assert clashes == {}, "\n".join(f"{p}: {c}" for p, c in clashes.items())
