"""Switching the interface language while signed in (issue 12, item 11): every shipped
language, Dari included, both ways; what is on screen is redrawn, messages too; values
inside right-to-left sentences are isolated; language names in the interface language;
the child's screen carries no word in the staff's language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from app.i18n import available_languages, is_rtl, translations_for
from app.i18n.names import language_name
from tests.ui.test_shell import sign_in
from ui.common import FSI, LRI, PDI, RLM, isolate
from ui.presenter.window import PresenterWindow

pytestmark = pytest.mark.gui

WAIT = 10_000
TYPE_NUMBER = "Type the number of the child's case this session belongs to."


def plain(text: str) -> str:
    return text.replace(RLM, "").replace(FSI, "").replace(LRI, "").replace(PDI, "")


def test_the_ten_languages_are_all_switched_to() -> None:
    assert set(available_languages()) == {
        "en", "fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur"
    }  # fmt: skip


def test_every_language_switches_both_ways_and_redraws_what_is_on_screen(
    qtbot, make_window, vault_dir
) -> None:
    window = make_window(vault_dir)
    sign_in(qtbot, window)
    main = window.main_page
    settings = window.settings_page
    info = main.information_page
    main.show_section("information")
    info.start()  # no case number: a message is now on screen, in English
    assert info.setup.message.text() == TYPE_NUMBER
    settings.idle_minutes.setValue(1)
    combo = settings.language
    shots = os.environ.get("HARBOUR_SHOTS")
    for code in available_languages():
        if code == "en":
            continue
        catalog = translations_for(code)
        with qtbot.waitSignal(window.language_changed, timeout=WAIT):
            combo.setCurrentIndex(combo.findData(code))
        rtl = Qt.LayoutDirection.RightToLeft if is_rtl(code) else Qt.LayoutDirection.LeftToRight
        assert QApplication.layoutDirection() == rtl, code
        assert plain(main.nav.item(0).text()) == catalog.gettext("Cases"), code
        assert plain(info.setup._title.text()) == catalog.gettext("Information for a child")
        # a line already on screen follows the language
        assert plain(info.setup.message.text()) == catalog.gettext(TYPE_NUMBER), code
        assert plain(settings.idle_minutes.text()) == plain(
            catalog.ngettext("{n} minute", "{n} minutes", 1).format(n=1)
        )
        # content languages named in the interface language (Dari too)
        labels = [info.setup.languages.item(r).text() for r in range(info.setup.languages.count())]
        assert any(language_name("prs", code) in plain(label) for label in labels), code
        if shots and code in ("ar", "prs"):
            window.grab().save(str(Path(shots) / f"information-{code}.png"))
        # and back to English
        with qtbot.waitSignal(window.language_changed, timeout=WAIT):
            combo.setCurrentIndex(combo.findData("en"))
        assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert main.nav.item(0).text() == "Cases"
        assert info.setup.message.text() == TYPE_NUMBER
        assert settings.idle_minutes.text() == "1 minute"


def test_values_inside_a_right_to_left_sentence_are_isolated(qtbot, make_window, vault_dir):
    window = make_window(vault_dir, language="ar")
    sign_in(qtbot, window)
    label = window.main_page.user_label.text()
    assert f"{FSI}Manager One{PDI}" in label  # the Latin name keeps its place and order
    # a date has no letter to take a direction from: left to right (walkthrough A14)
    assert isolate("27-11-2026") == f"{LRI}27-11-2026{PDI}"
    window.set_language("en")
    assert FSI not in window.main_page.user_label.text()  # nothing to isolate in English
    assert isolate("جاوید") == f"{FSI}جاوید{PDI}"  # an Arabic name in an English sentence


@pytest.mark.parametrize("language", ["ar", "ti", "prs"])
def test_the_childs_screen_has_no_word_in_the_staffs_language(qtbot, language) -> None:
    window = PresenterWindow(language, ["welcome"])
    qtbot.addWidget(window)
    window.present(full_screen=False)
    qtbot.waitExposed(window)
    window.show_staff_hint()  # Escape: the staff control lights up, no sentence appears
    shown = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisible() and widget not in window.language_buttons.values():
            shown.append(widget.text())
    text = "\n".join(shown)
    for staff_words in ("Staff", "Computer voice", "No voice", "Looking for a voice", "hold"):
        assert staff_words not in text, staff_words
    assert window.staff_button.text() == "" and not window.staff_button.icon().isNull()
    assert window.staff_button.accessibleName().startswith("Staff")
    assert window.staff_hint_shown()
    window.finish()
