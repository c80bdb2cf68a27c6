"""[issue 12: 8] The case list at thousands of children: a search ranked by how well it
matches, a new search from the top, any part of the list reachable with the scroll bar,
names never cut, and a case linked as the same child marked in its row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.case import Birth, CaseDraft, Names
from app.services import cases as case_service
from app.services.cases import CaseQuery
from ui.cases.case_list import CaseListPage
from ui.cases.model import COL_LATIN, COL_NAME, COL_NUMBER, PAGE_SIZE, CaseListModel

pytestmark = pytest.mark.gui

WAIT = 10_000


def child(given: str, family: str = "", latin: str = "") -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, family=family, given_latin=latin), birth=Birth(declared_age=15)
    )


@pytest.fixture
def ranked(manager):
    # Registered oldest first; without ranking the newest (a skeleton match) comes first.
    case_service.import_cases(
        manager,
        [
            child("Ali", "Hassan"),  # exact word
            child("Alina", "Yusuf"),  # starts with "ali"
            child("Aliyu", "Bello"),  # starts with "ali"
            child("Aly", "Mahmoud"),  # another spelling (skeleton "l")
            child("Omar", "Ali"),  # exact word
        ],
    )
    return manager


def names(rows) -> list[str]:
    return [r.display_name for r in rows]


def test_a_search_comes_best_match_first(ranked) -> None:
    rows = case_service.query_cases(ranked, CaseQuery(text="ali", sort="match"))
    shown = names(rows)
    exact, prefix = shown[:2], shown[2:4]
    assert set(exact) == {"Ali Hassan", "Omar Ali"}
    assert set(prefix) == {"Alina Yusuf", "Aliyu Bello"}
    assert shown == names(case_service.query_cases(ranked, CaseQuery(text="ali", sort="match")))
    # Newest first within a tier, like the list without a search.
    assert exact == ["Omar Ali", "Ali Hassan"]
    # A case number: the number itself first, then the ones it starts.
    numbers = [r.case_number for r in case_service.query_cases(ranked, CaseQuery())]
    first = sorted(numbers)[0]
    by_number = case_service.query_cases(ranked, CaseQuery(text=first, sort="match"))
    assert by_number[0].case_number == first


def test_ranked_pages_agree_with_one_long_page(manager, monkeypatch) -> None:
    """The 'many matches' plan (tier by tier) gives the same order as the few-match one."""
    from app.storage import cases as storage

    case_service.import_cases(
        manager,
        [child("Sara", f"N{i}") for i in range(30)]
        + [child("Sarah", f"M{i}") for i in range(30)]
        + [child("Sarra", f"K{i}") for i in range(30)],
    )
    query = CaseQuery(text="sara", sort="match")
    whole = [r.id for r in case_service.query_cases(manager, query, limit=200)]
    monkeypatch.setattr(storage, "FEW_MATCHES", 10)
    paged = [
        r.id
        for offset in range(0, 90, 25)
        for r in case_service.query_cases(manager, query, offset=offset, limit=25)
    ]
    assert paged == whole
    assert len(whole) == case_service.count_cases(manager, query)
    firsts = names(case_service.query_cases(manager, query, limit=30))
    assert all(n.startswith("Sara ") for n in firsts)


def test_a_new_search_starts_at_the_top_ranked_without_a_column_sort(qtbot, ranked) -> None:
    case_service.import_cases(ranked, [child(f"Zed{i:03}") for i in range(120)])
    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    page.set_session(ranked)
    page.table.scrollToBottom()
    assert page.table.verticalScrollBar().value() > 0
    with qtbot.waitSignal(page.model.query_changed, timeout=WAIT):
        page.search.setText("ali")
        page.apply_filters()
    qtbot.waitUntil(lambda: not page.model.busy, timeout=WAIT)
    assert page.table.verticalScrollBar().value() == 0
    assert page.model.query.sort == "match"
    assert page.table.horizontalHeader().sortIndicatorSection() == -1
    assert set(names(page.model.row(i) for i in range(2))) == {"Ali Hassan", "Omar Ali"}
    # A column can still sort the results; clearing the search lists newest first again.
    page.table.horizontalHeader().setSortIndicator(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page.model.query.sort == "case_number", timeout=WAIT)
    qtbot.waitUntil(lambda: not page.model.busy, timeout=WAIT)
    page.search.clear()
    page.apply_filters()
    assert page.model.query.sort == "case_number"
    page.search.setText("omar")
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.query.text == "omar", timeout=WAIT)
    page.search.clear()
    page.apply_filters()
    assert (page.model.query.sort, page.model.query.descending) == ("registered", True)


def test_the_scroll_bar_covers_the_whole_list_and_rows_come_on_demand(qtbot, manager) -> None:
    case_service.import_cases(manager, [child(f"Child{i:04}") for i in range(1000)])
    model = CaseListModel(manager)
    assert model.rowCount() == 1000  # the whole count, not one page
    assert model.loaded_row(700) is None
    assert model.data(model.index(700, COL_NAME)) == "…"  # asked for, shown when in
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT):
        pass
    assert model.loaded_row(700) is not None
    assert model.data(model.index(700, COL_NAME)).startswith("Child")

    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    page.set_session(manager)
    bar = page.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 900, timeout=WAIT)  # rows, one step each
    bar.setValue(bar.maximum() // 2)  # jump to the middle
    middle = page.table.rowAt(page.table.viewport().height() // 2)
    assert 400 < middle < 600
    qtbot.waitUntil(lambda: page.model.loaded_row(middle) is not None, timeout=WAIT)
    assert page.model.data(page.model.index(middle, COL_NAME)).startswith("Child")
    assert middle // PAGE_SIZE in page.model._pages


def test_names_are_never_cut_and_linked_cases_are_marked(qtbot, ranked) -> None:
    long_name = "Abdulrahman Mohammed Abdelrahim Al-Hashimi Ould Sidi Mahmoud"
    a = case_service.register_case(ranked, child("عبد الرحمن", "الهاشمي", long_name))
    b = case_service.query_cases(ranked, CaseQuery(text="Ali Hassan"))[0]
    case_service.decide_duplicate(ranked, a.id, b.id, same_child=True, reason="same papers")
    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    page.set_session(ranked)
    table, model = page.table, page.model
    row = model.row_of(a.id)
    width = table.fontMetrics().horizontalAdvance(model.data(model.index(row, COL_LATIN)))
    assert table.columnWidth(COL_LATIN) >= width
    assert model.data(model.index(row, COL_NUMBER), Qt.ItemDataRole.DecorationRole) is not None
    tip = model.data(model.index(row, COL_NAME), Qt.ItemDataRole.ToolTipRole)
    assert b.case_number in tip
    other = model.row_of(b.id)
    assert a.case_number in model.data(
        model.index(other, COL_NUMBER), Qt.ItemDataRole.AccessibleTextRole
    )
