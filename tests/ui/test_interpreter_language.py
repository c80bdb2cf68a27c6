"""Walkthrough N3: the Information page records no interpreter's language that nobody
chose, and finds a language by any part of its name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.operations import OperationRunner
from ui.presenter.launcher import InformationPage

pytestmark = pytest.mark.gui


def test_no_interpreter_no_interpreter_language_and_arabic_is_found_by_name(qtbot) -> None:
    page = InformationPage(OperationRunner())
    qtbot.addWidget(page)
    setup = page.setup
    page.select_language("ar")
    assert setup.interpreter_language.currentData() == "ar"  # N4: follows the child's
    assert setup.interpreter_language_code() == ""  # nobody named: nothing recorded
    setup.interpreter_name.setText("Interpreter Rana")
    assert setup.interpreter_language_code() == "ar"

    combo = setup.interpreter_language
    completer = combo.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    completer.setCompletionPrefix("arabic")
    found = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert any("Arabic" in text for text in found), found
