"""The managers' dashboard (issue 15, item 8) on a real vault with a few synthetic children:
each list holds the right children, Enter on a line opens that child's case, the charts
count every child in care once, and only a manager exports the statistics [G15]."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.domain.case import Accompaniment, Adult, Birth, CaseDraft, Names, Separation
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.domain.roles import Role
from app.services import auth, cases, information, missing, users
from tests.conftest import MANAGER, MANAGER_PASS
from ui.dashboard.page import DashboardPage
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui
WAIT = 10_000
OFFICER, OFFICER_PASS = "Officer Dana", "intake officer 2026 harbour lamp"


def draft(given: str, latin: str, status: Accompaniment, age: int, nation: str) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, given_latin=latin),
        birth=Birth(declared_age=age),
        nationalities=[nation],
        separation=Separation(
            status=status,
            adult=Adult(name="Iryna", relation="mother") if status == "accompanied" else None,
        ),
    )


def informed() -> InformationSession:
    now = dt.datetime.now(dt.UTC)
    return InformationSession(
        language="ar",
        started_at=now,
        ended_at=now,
        screens=[
            ScreenShown(
                screen_id="rights.1", topic_id="rights", seconds=20, answer=ChildAnswer.UNDERSTOOD
            )
        ],
    )


@pytest.fixture
def children(vault_dir: Path) -> dict[str, str]:
    """Three synthetic children: ``late`` registered 40 days ago without a guardian (its
    provisional guardian deadline long past) and informed; ``gone`` missing; ``new``
    accompanied, registered today, not yet informed. And an intake officer."""
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    (late,) = cases.import_cases(
        manager,
        [draft("سمير", "Samir", Accompaniment.UNACCOMPANIED, 15, "SY")],
        registered=[dt.datetime.now(dt.UTC) - dt.timedelta(days=40)],
    )
    gone = cases.register_case(
        manager, draft("Amina", "", Accompaniment.UNACCOMPANIED, 13, "ER")
    ).id
    new = cases.register_case(manager, draft("Olena", "", Accompaniment.ACCOMPANIED, 9, "UA")).id
    information.record_session(manager, informed(), case_id=late)
    information.record_session(manager, informed(), case_id=gone)
    missing.mark_missing(
        manager,
        gone,
        missing.Sighting(seen_at=dt.datetime.now(dt.UTC), where="the bus stop by the centre"),
    )
    users.add_user(manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    manager.close()
    return {"late": late, "gone": gone, "new": new}


@pytest.fixture
def page_as(qtbot, vault_dir: Path):
    sessions = []

    def make(name: str = MANAGER, passphrase: str = MANAGER_PASS) -> DashboardPage:
        session = auth.sign_in(vault_dir, name, passphrase)
        sessions.append(session)
        page = DashboardPage(OperationRunner())
        qtbot.addWidget(page)
        page.resize(1100, 900)
        page.set_session(session)
        with qtbot.waitSignal(page.refreshed, timeout=WAIT):
            page.show()
        return page

    yield make
    for session in sessions:
        session.close()


def test_each_list_holds_the_right_children_and_missing_comes_first(
    qtbot, page_as, children
) -> None:
    page = page_as()
    s = page.sections
    assert s["missing"].case_ids() == [children["gone"]]  # [G11]
    # [G6] The late child first: its provisional deadline is weeks past.
    assert s["without_guardian"].case_ids()[0] == children["late"]
    first = s["without_guardian"].list.item(0).text()
    assert "working days overdue" in first and "provisional" in first
    assert "NRC" in first or "-" in first  # the case number leads the line
    assert s["not_informed"].case_ids() == [children["new"]]
    assert s["age"].case_ids() == [] and s["age"].empty.isVisibleTo(page)
    # The missing children stand above every other list.
    assert s["missing"].y() < s["without_guardian"].y()


def test_the_chart_series_each_sum_to_the_children_in_care(qtbot, page_as, children) -> None:
    page = page_as()
    assert page._overview is not None and page._overview.caseload == 3
    for key, chart in page.charts.items():
        counts = [n for _label, n in chart.categories()]
        assert sum(counts) == 3, key
        assert sum(chart.bars.at(i) for i in range(chart.bars.count())) == 3, key
        # The text alternative carries the same numbers.
        assert "Total: 3" in chart.text.text()
        assert chart.view.accessibleName() and chart.view.accessibleDescription()
    nations = dict(page.charts["nationality"].categories())
    assert nations == {"Syria": 1, "Eritrea": 1, "Ukraine": 1}


def test_enter_on_a_line_opens_that_childs_case(
    qtbot, make_window, vault_dir: Path, children
) -> None:
    from tests.ui.test_age import sign_in_as

    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    main = window.main_page
    dashboard = main.dashboard_page
    with qtbot.waitSignal(dashboard.refreshed, timeout=WAIT):
        qtbot.keyClick(main.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    lines = dashboard.sections["without_guardian"].list
    lines.setFocus()
    lines.setCurrentRow(0)
    view = main.cases_page.case_view
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        qtbot.keyClick(lines, Qt.Key.Key_Return)
    assert main.current_key() == "cases"
    assert main.cases_page.stack.currentWidget() is view
    assert view.case_id == children["late"]


def test_an_intake_officer_is_refused_the_statistics_export(
    qtbot, page_as, children, monkeypatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: asked.append(a)))
    page = page_as(OFFICER, OFFICER_PASS)
    qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    assert page.message.isVisibleTo(page)
    assert "Only a manager" in page.message.text()
    assert asked == []  # no dialog: nothing to choose


def test_a_manager_exports_a_csv_with_no_count_from_1_to_4(
    qtbot, page_as, children, monkeypatch, tmp_path: Path
) -> None:
    out = tmp_path / "stats.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "")))
    page = page_as()
    qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.notice.isVisibleTo(page), timeout=WAIT)
    rows = list(csv.reader(out.read_text("utf-8").splitlines()))
    assert rows[0] == ["table", "row", "column", "count"]
    counts = [r[3] for r in rows[1:]]
    assert "<5" in counts  # [G15] the small cells are there, suppressed
    assert not [c for c in counts if c in {"1", "2", "3", "4"}]


def test_a_refresh_rebuilds_only_the_lists_and_charts_whose_data_changed(
    qtbot, page_as, children
) -> None:
    """Showing the page again with nothing changed rebuilds nothing (100,000 cases: the
    lines' formatting and the charts' axes were most of a show); a child registered
    rebuilds the charts and the lists the child is on, and the screen shows the new state."""
    page = page_as()
    rebuilt: list[str] = []

    def spy(owner, method: str, name: str) -> None:
        original = getattr(owner, method)
        setattr(owner, method, lambda *a: (rebuilt.append(name), original(*a)))

    for key, section in page.sections.items():
        spy(section, "set_lines", key)
    for key, chart in page.charts.items():
        spy(chart, "set_data", f"chart {key}")
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        page.refresh()
    assert rebuilt == []
    session = page._session
    assert session is not None
    cases.register_case(session, draft("Yusuf", "", Accompaniment.UNACCOMPANIED, 16, "AF"))
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        page.refresh()
    charts = {f"chart {key}" for key in page.charts}
    assert set(rebuilt) == {"without_guardian", "not_informed"} | charts
    assert page.sections["not_informed"].count() == 2
    assert len(page.sections["without_guardian"].case_ids()) == 3
    assert dict(page.charts["nationality"].categories())["Afghanistan"] == 1
    assert "Total: 4" in page.charts["sex"].text.text()


def test_read_in_the_background_after_sign_in_the_first_show_is_filled_at_once(
    qtbot, vault_dir: Path, children, monkeypatch
) -> None:
    """A hidden page reads the dashboard once the window's own reads are done and keeps
    it, building nothing; the first show fills the lists and charts before its first
    paint, then reads again."""
    import ui.dashboard.page as page_module

    monkeypatch.setattr(page_module, "PREFETCH_MS", 10)
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        page = DashboardPage(OperationRunner())
        qtbot.addWidget(page)
        page.resize(1100, 900)
        page.set_session(session)
        qtbot.waitUntil(lambda: page._prefetched is not None, timeout=WAIT)
        assert page.sections["missing"].case_ids() == []  # nothing built while hidden
        with qtbot.waitSignal(page.refreshed, timeout=WAIT):
            page.show()
            # Filled in the show event itself, before the fresh read is back.
            assert page.sections["missing"].case_ids() == [children["gone"]]
            assert "Total: 3" in page.charts["sex"].text.text()
        assert page.sections["not_informed"].case_ids() == [children["new"]]
    finally:
        session.close()
