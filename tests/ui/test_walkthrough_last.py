"""The last open walkthrough problems of issue 12 (docs/walkthrough.md): a date field's
order in Arabic, reached both ways, and the others named in each test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_age import (
    case_id,  # noqa: F401  (the fixture)
    open_assessment,
    open_case,
    sign_in_as,
)

pytestmark = pytest.mark.gui


def date_fields(page) -> list[QDateEdit]:  # type: ignore[no-untyped-def]
    return [w for w in page.findChildren(QDateEdit) if w.displayFormat()]


@pytest.mark.parametrize("way", ["opened in Arabic", "switched to Arabic"])
def test_an_age_date_field_reads_year_first_however_arabic_was_reached(
    qtbot,
    make_window,
    vault_dir: Path,
    case_id: str,
    way: str,  # noqa: F811
) -> None:
    window = make_window(vault_dir, language="ar" if way == "opened in Arabic" else "en")
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    page = open_assessment(qtbot, open_case(qtbot, window, case_id))
    if way == "switched to Arabic":
        window.set_language("ar")
    fields = date_fields(page)
    assert len(fields) >= 4  # raised, informed, carried out, explained to the child
    for field in fields:
        field.setDate(QDate(2026, 11, 27))
        # before the fix: "27-11-2026" when the page was built in Arabic
        assert field.text() == "2026-11-27", field.text()
        assert field.lineEdit().text() == "2026-11-27"
