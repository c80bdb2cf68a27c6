"""The case list searches off the GUI thread, and only the newest search is shown."""

from __future__ import annotations

import threading
import time

import pytest

from app.domain.case import Birth, CaseDraft, Names
from app.services import cases as case_service
from app.services.cases import CaseQuery
from ui.cases.case_list import CaseListPage
from ui.cases.model import CaseListModel

WAIT = 10_000


@pytest.fixture
def listed(manager):
    names = [("Amina", "Yusuf")] * 3 + [("Tesfay", "Haile")] * 2 + [("Olena", "Kovalenko")]
    case_service.import_cases(
        manager,
        [CaseDraft(names=Names(given=g, family=f), birth=Birth(declared_age=15)) for g, f in names],
    )
    return manager


def test_a_search_runs_in_a_worker_thread_and_the_gui_thread_is_free(
    qtbot, listed, monkeypatch
) -> None:
    threads: list[threading.Thread] = []
    real = case_service.query_cases

    def slow_query(*args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.3)  # a big vault: the GUI thread must not wait for this
        return real(*args, **kwargs)

    monkeypatch.setattr(case_service, "query_cases", slow_query)
    model = CaseListModel(listed)  # the plain list (no text) loads at once
    assert model.rowCount() == 6
    start = time.perf_counter()
    with qtbot.waitSignal(model.loaded, timeout=WAIT):
        model.set_query(CaseQuery(text="amina"))
        assert time.perf_counter() - start < 0.2  # returned before the query finished
        assert model.busy and model.query.text == ""  # the old rows stay until then
    assert threads[-1] is not threading.main_thread()
    assert model.query.text == "amina"
    assert [model.row(i).display_name for i in range(model.rowCount())] == ["Amina Yusuf"] * 3
    assert model.total() == 3
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT)


def test_only_the_newest_search_is_shown_whatever_order_they_finish_in(
    qtbot, listed, monkeypatch
) -> None:
    real = case_service.query_cases
    started: list[str] = []

    def query(session, query, **kwargs):
        started.append(query.text)
        if query.text == "amina":
            time.sleep(0.3)  # the first search is slow; two more are typed meanwhile
        return real(session, query, **kwargs)

    monkeypatch.setattr(case_service, "query_cases", query)
    model = CaseListModel(listed)
    shown: list[str] = []
    model.loaded.connect(lambda: shown.append(model.query.text))
    model.set_query(CaseQuery(text="amina"))
    model.set_query(CaseQuery(text="olena"))
    model.set_query(CaseQuery(text="tesfay"))
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT)
    # "olena" was replaced while it waited; "amina" finished but was no longer wanted.
    assert started == ["", "amina", "tesfay"]  # the plain list, then two searches
    assert shown == ["tesfay"]
    assert {model.row(i).display_name for i in range(model.rowCount())} == {"Tesfay Haile"}
    assert model.total() == 2


def test_the_page_shows_the_count_of_a_search_when_it_arrives(qtbot, listed) -> None:
    page = CaseListPage()
    qtbot.addWidget(page)
    page.set_session(listed)
    assert "6 cases" in page.count_label.text()
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.search.setText("tesfay")
        page.apply_filters()
    assert "2 cases" in page.count_label.text()
    assert page.model.rowCount() == 2
    qtbot.waitUntil(lambda: not page.model.busy, timeout=WAIT)


def test_a_search_answered_after_sign_out_is_dropped(qtbot, listed, monkeypatch) -> None:
    real = case_service.query_cases

    def slow_query(*args, **kwargs):
        time.sleep(0.2)
        return real(*args, **kwargs)

    monkeypatch.setattr(case_service, "query_cases", slow_query)
    model = CaseListModel(listed)
    model.set_query(CaseQuery(text="amina"))
    model.set_session(None)  # the idle lock, while the search runs
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT)
    assert model.rowCount() == 0
