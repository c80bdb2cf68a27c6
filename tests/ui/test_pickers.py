"""Issue 12, item 3: one searchable picker for countries and languages (ui/widgets/pickers.py),
reused by the intake and the age assessment: shows the name, stores the code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.language import apply_language
from ui.widgets.pickers import COUNTRY, LANGUAGE, CodeListPicker, CodePicker

pytestmark = pytest.mark.gui


@pytest.fixture
def french():
    apply_language("fr")
    yield
    apply_language("en")


def test_typing_a_name_offers_matches_and_enter_takes_the_first(qtbot, french) -> None:
    picker = CodePicker(COUNTRY)
    qtbot.addWidget(picker)
    picker.show()
    picker.edit.setFocus()
    qtbot.keyClicks(picker.edit, "Soud")
    assert picker.matches()[:2] == ["SD", "SS"]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == "SD"
    assert picker.edit.text() == "Soudan"  # the name shows; the code is stored
    assert "السودان" in picker.edit.toolTip()


def test_arrow_keys_choose_among_the_matches(qtbot) -> None:
    picker = CodePicker(LANGUAGE)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.edit, "pasht")
    assert picker.matches()[0] == "pus"
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    chosen = picker.matches()[1]
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Tab)
    assert picker.value() == chosen


def test_a_name_typed_whole_is_taken_when_the_field_is_left(qtbot) -> None:
    picker = CodePicker(LANGUAGE)
    qtbot.addWidget(picker)
    picker.edit.setText("Sorani")
    assert picker.value() == "ckb"


def test_an_older_code_style_is_read_and_an_unknown_text_kept(qtbot) -> None:
    picker = CodePicker(LANGUAGE)
    qtbot.addWidget(picker)
    picker.set_value("ar")  # an age assessment recorded before the picker
    assert picker.edit.text() == "Arabic"
    assert picker.value() == "ara"
    picker.set_value("Arabic and some French")
    assert picker.edit.text() == "Arabic and some French"
    assert picker.value() == "Arabic and some French"  # nothing typed is lost


def test_several_countries_each_removable_by_keyboard(qtbot) -> None:
    picker = CodeListPicker(COUNTRY)
    qtbot.addWidget(picker)
    picker.show()
    picker.set_value("SY, AF")  # a draft saved before the picker
    assert picker.value() == ["SY", "AF"]
    qtbot.keyClicks(picker.edit, "Eritrea")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == ["SY", "AF", "ER"]
    assert picker.edit.text() == ""
    remove = picker.focus_chain()[0]
    assert remove.accessibleName() == "Remove Syria"
    qtbot.keyClick(remove, Qt.Key.Key_Space)
    assert picker.value() == ["AF", "ER"]


def test_the_list_follows_the_interface_language(qtbot) -> None:
    picker = CodePicker(LANGUAGE)
    qtbot.addWidget(picker)
    picker.set_value("prs")
    assert picker.edit.text() == "Dari"
    apply_language("ar")
    try:
        picker.retranslate()
        assert picker.edit.text() == "الدارية"
        assert picker.value() == "prs"
    finally:
        apply_language("en")
