"""Issue 12, point 8: jump to any part of a 100,000-case list.

The real case list page (lazy model, table view, offscreen) on a real SQLCipher vault of
100,001 cases is scrolled with its scroll bar to the middle, then by keyboard (Page Down,
Ctrl+End, Ctrl+Home); after each move, within a short wait, every row in view shows its
own case (the right case number, a name, no "…" waiting row).

The vault is built once for the module in about 2 s: one case is registered through the
service, then its record and its case-list row are copied 100,000 times inside one
transaction (ids ``bulk-000001`` … and numbers ``NRC-2026-000001`` …; every other column
as the storage wrote it for the real case, read from the schema). Registering 100,000
cases one by one through the storage takes about 190 s (``Records.insert_many``: 1.9 ms a
case), far over the suite's budget. The list reads only the records and their list rows,
so what it shows is what it would show for cases registered one by one; opening a copied
case is not tested here (its change log and audit entries are not copied).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.case import Birth, CaseDraft, Names
from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS, give_installation_id
from ui.cases.case_list import CaseListPage
from ui.cases.model import COL_NAME, COL_NUMBER

pytestmark = pytest.mark.gui

BULK = 100_000
SHOWN_WITHIN_MS = 2_000  # a row in view shows its case within this


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory: pytest.TempPathFactory, template_vault) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("list100k") / "vault"
    shutil.copytree(template_vault[0], folder)
    home = folder.parent / "home"
    give_installation_id(home)  # this installation, as in every test's own home
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARBOUR_HOME", str(home))
        return fill(folder)


def fill(folder: Path) -> tuple[Path, str]:
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        real = case_service.register_case(
            session,
            CaseDraft(names=Names(given="Amal", family="Haddad"), birth=Birth(declared_age=15)),
        )
        copy_case(session, real.id, BULK)
        assert case_service.count_cases(session) == BULK + 1
    finally:
        session.close()
    return folder, real.case_number


def copy_case(session, case_id: str, count: int) -> None:
    """``count`` copies of a case's record and list row, in one transaction; the same
    registration time, so the list (newest first, ties by id, descending) shows
    ``bulk-{count}`` first and the real case last."""
    vary = {
        "records": {"id": "printf('bulk-%06d', i)"},
        "case_index": {
            "record_id": "printf('bulk-%06d', i)",
            "case_number": "printf('NRC-2026-%06d', i)",
        },
    }
    with session.require_vault().transaction() as conn:
        for table, key in (("records", "id"), ("case_index", "record_id")):
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            values = ", ".join(vary[table].get(c, c) for c in columns)
            conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                f" INSERT INTO {table} ({', '.join(columns)})"
                f" SELECT {values} FROM {table}, n WHERE {key} = ?",
                (count, case_id),
            )


def expected_number(row: int, real: str) -> str:
    return f"NRC-2026-{BULK - row:06d}" if row < BULK else real


def rows_in_view(page: CaseListPage) -> range:
    table = page.table
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    last = page.model.rowCount() - 1 if last < 0 else last
    return range(first, last + 1)


def shown(page: CaseListPage) -> list[tuple[str, str]]:
    """(number, name) of every row in view as the view draws it; a row whose page has
    not arrived reads ("", "…"). Read without asking for pages, so that only the view's
    own painting fetches them."""
    model = page.model
    return [
        (
            model.index(row, COL_NUMBER).data() or "",
            model.index(row, COL_NAME).data() or "",
        )
        if model.loaded_row(row) is not None
        else ("", "…")
        for row in rows_in_view(page)
    ]


def wait_shown(qtbot, page: CaseListPage, real: str) -> float:
    """Milliseconds until every row in view shows its own case."""
    start = time.perf_counter()

    def right() -> None:
        rows = rows_in_view(page)
        assert len(rows) > 5
        for row, (number, name) in zip(rows, shown(page), strict=True):
            assert name not in ("", "…"), (row, name)
            assert number == expected_number(row, real), (row, number)

    qtbot.waitUntil(right, timeout=SHOWN_WITHIN_MS)
    return (time.perf_counter() - start) * 1000


def key(qtbot, page: CaseListPage, which: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(page.table, which, modifier)


def test_the_middle_and_the_end_of_100000_cases_show_at_once(
    qtbot, big_vault: tuple[Path, str]
) -> None:
    folder, real = big_vault
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(1100, 700)
    try:
        start = time.perf_counter()
        page.set_session(session)
        page.show()
        qtbot.waitExposed(page)
        page.table.setFocus()
        wait_shown(qtbot, page, real)
        timings = {"sign-in list": (time.perf_counter() - start) * 1000}
        assert page.model.rowCount() == BULK + 1
        assert "100,001 cases" in page.count_label.text()  # digits grouped

        bar = page.table.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)  # the scroll bar dragged to the middle
        timings["middle (scroll bar)"] = wait_shown(qtbot, page, real)
        middle = rows_in_view(page)
        assert abs(middle.start - BULK // 2) < 100

        page.table.setCurrentIndex(page.model.index(middle.start, 0))
        key(qtbot, page, Qt.Key.Key_PageDown)
        key(qtbot, page, Qt.Key.Key_PageDown)
        timings["Page Down twice"] = wait_shown(qtbot, page, real)
        assert rows_in_view(page).start > middle.start

        key(qtbot, page, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        timings["end (Ctrl+End)"] = wait_shown(qtbot, page, real)
        assert page.table.currentIndex().row() == BULK
        assert BULK in rows_in_view(page)
        assert shown(page)[-1][1] == "Amal Haddad"  # the real case, registered first

        key(qtbot, page, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        timings["start (Ctrl+Home)"] = wait_shown(qtbot, page, real)
        assert rows_in_view(page).start == 0
        assert QApplication.focusWidget() is page.table
    finally:
        page.set_session(None)
        session.close()
    print(
        "\n100,001 cases, every row in view shown: "
        + ", ".join(f"{what} {ms:.0f} ms" for what, ms in timings.items())
    )
