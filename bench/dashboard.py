"""The managers' dashboard over 100,000 cases (issue 15: drawn with its charts < 500 ms).

    python -m bench dashboard
    HARBOUR_BENCH_CASES=10000 python -m bench dashboard

Offscreen Qt, the cached vault of ``bench cases`` (its demo fill: a guardian referral per
unaccompanied or separated child, proposals for urgent concerns, registrations over eight
weeks). Each run builds a fresh ``DashboardPage`` on a signed-in session and times from
``show()`` to the lists filled and the four charts painted (a paint event on every chart's
viewport after the data arrived). The first run of the process is reported apart (cold:
imports of QtCharts, first queries on a cold page cache); then the median and p90 of the
warm runs, and the service call alone.
"""

from __future__ import annotations

import os
import time

from bench.common import figure, median, p90

RUNS = 9


def _one_show(app, session) -> float:
    from PySide6.QtCore import QEvent, QObject

    from ui.dashboard.page import DashboardPage
    from ui.operations import OperationRunner

    page = DashboardPage(OperationRunner())
    page.resize(1200, 1000)
    page.set_session(session)
    filled = [False]
    painted: set[int] = set()

    class Painted(QObject):
        def eventFilter(self, watched, event) -> bool:
            if filled[0] and event.type() == QEvent.Type.Paint:
                painted.add(id(watched))
            return False

    spy = Painted()
    viewports = [chart.view.viewport() for chart in page.charts.values()]
    for viewport in viewports:
        viewport.installEventFilter(spy)
    page.refreshed.connect(lambda: filled.__setitem__(0, True))
    start = time.perf_counter()
    page.show()
    deadline = start + 60
    while len(painted) < len(viewports) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    elapsed = (time.perf_counter() - start) * 1000
    if len(painted) < len(viewports):
        raise RuntimeError("the dashboard was not painted within 60 s")
    for viewport in viewports:
        viewport.removeEventFilter(spy)
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services import auth, dashboard
    from bench.cases import MANAGER, PASSPHRASE, cached_vault
    from ui.fonts import apply_ui_font, register_fonts

    app = QApplication.instance() or QApplication([])
    register_fonts()
    apply_ui_font(app)
    count = int(os.environ.get("HARBOUR_BENCH_CASES", "100000"))
    session = auth.sign_in(cached_vault(count) / "vault", MANAGER, PASSPHRASE)
    try:
        label = f"{count // 1000}k"
        first = _one_show(app, session)
        times = [_one_show(app, session) for _ in range(RUNS)]
        service = []
        for _ in range(RUNS):
            start = time.perf_counter()
            found = dashboard.overview(session)
            service.append((time.perf_counter() - start) * 1000)
    finally:
        session.close()
    print(
        f"  {count} cases: {found.caseload} in care, {found.without_guardian_count} without a"
        f" guardian, {found.awaiting_answer_count} awaiting an answer,"
        f" {found.not_informed.count} not informed"
    )
    figure(f"dashboard_{label}_first_show_ms", first, "ms", target=500, note="cold: imports")
    figure(f"dashboard_{label}_show_to_charts_painted_median_ms", median(times), "ms", target=500)
    figure(f"dashboard_{label}_show_to_charts_painted_p90_ms", p90(times), "ms", target=500)
    figure(f"dashboard_{label}_service_median_ms", median(service), "ms")


if __name__ == "__main__":
    run()
