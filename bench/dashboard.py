"""The managers' dashboard over 100,000 cases (issue 15: drawn with its charts < 500 ms).

    python -m bench dashboard
    HARBOUR_BENCH_CASES=10000 python -m bench dashboard

What the user waits for: in the real signed-in window (offscreen Qt, the cached vault of
``bench cases``: a guardian referral per unaccompanied or separated child, proposals for
urgent concerns, registrations over eight weeks), Ctrl+2 is pressed and the clock runs
until the page's fresh read is back (``refreshed``) and every visible list and chart has
been painted with the data it holds (a paint event on its viewport after the show began
and after its data last changed: the page rebuilds only what changed). Then Ctrl+1 back
to the case list, and again: the median and p90 of those shows, and the service call
alone. Two first shows are reported apart: after the page's background read that
follows sign-in (a manager who looks at the case list for a moment; QtCharts cold), and
straight after sign-in, before that read (a new connection: the vault's page cache cold).

The window is made tall enough to hold the whole page: a chart scrolled out of view is
never painted (the first version of this benchmark waited for that paint and gave up after
60 s).
"""

from __future__ import annotations

import os
import time

from bench.common import figure, median, p90

RUNS = 10
WINDOW = (1280, 2600)  # the whole dashboard in view, charts included


def _wait(app, condition, seconds: float, what: str) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{what} not within {seconds:.0f} s")
        app.processEvents()
        time.sleep(0.0005)


def _sign_in(app, folder):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.config import AppSettings
    from bench.cases import MANAGER, PASSPHRASE
    from ui.shell import ShellWindow

    window = ShellWindow(AppSettings(vault_folder=str(folder), language="en"))
    window.resize(*WINDOW)
    window.show()
    page = window.sign_in_page
    for row in range(page.users.count()):
        if page.users.item(row).text().startswith(MANAGER):
            page.users.setCurrentRow(row)
    page.passphrase.setText(PASSPHRASE)
    QTest.keyClick(page.passphrase, Qt.Key.Key_Return)

    def listed() -> bool:
        main = window.main_page
        if main is None or window.current_page() is not main:
            return False
        return main.cases_page.list_page.model.rowCount() > 0

    _wait(app, listed, 300, "the case list after sign-in")
    _settle(app, window.main_page)
    return window


def _settle(app, main) -> None:
    """Let every operation the last switch started finish, and its paint through."""
    _wait(app, lambda: not main.operations.busy, 120, "the window's operations")
    for _ in range(30):
        app.processEvents()
        time.sleep(0.001)


def _one_show(app, window) -> tuple[float, float]:
    """Ctrl+2 to every list filled and every list and chart painted with the data it
    holds, as (wall-clock ms, CPU ms of the process): each visible list's and chart's
    viewport painted after the show began and after its data last changed (the page
    rebuilds only what changed)."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    main = window.main_page
    page = main.dashboard_page
    filled = [False]
    painted_at: dict[int, float] = {}
    changed_at: dict[int, float] = {}

    class Painted(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted_at[id(watched)] = time.perf_counter()
            return False

    def watch(owner, method: str, viewport) -> None:
        original = getattr(owner, method)

        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            changed_at[id(viewport)] = time.perf_counter()
            return result

        setattr(owner, method, wrapper)

    spy = Painted()
    watched = [(chart, "set_data", chart.view.viewport()) for chart in page.charts.values()]
    watched += [(s, "set_lines", s.list.viewport()) for s in page.sections.values()]
    for owner, method, viewport in watched:
        viewport.installEventFilter(spy)
        watch(owner, method, viewport)

    def on_refreshed() -> None:
        filled[0] = True

    page.refreshed.connect(on_refreshed)

    def drawn() -> bool:
        if not filled[0]:
            return False
        # An empty list is hidden (its "none" line shows instead): nothing to paint.
        return all(
            painted_at.get(id(v), 0.0) >= max(start, changed_at.get(id(v), 0.0))
            for _o, _m, v in watched
            if v.isVisible()
        )

    start, cpu = time.perf_counter(), time.process_time()
    QTest.keyClick(main.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    _wait(app, drawn, 60, "the dashboard drawn")
    elapsed = (time.perf_counter() - start) * 1000
    cpu = (time.process_time() - cpu) * 1000
    for chart in page.charts.values():
        if chart.view.visibleRegion().isEmpty():
            raise RuntimeError("a chart is out of view: make WINDOW taller")
    page.refreshed.disconnect(on_refreshed)
    for owner, method, viewport in watched:
        viewport.removeEventFilter(spy)
        delattr(owner, method)
    # Back to the case list for the next show.
    QTest.keyClick(main.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _settle(app, main)
    return elapsed, cpu


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services import dashboard
    from bench.cases import cached_vault
    from ui.dashboard.page import LIST_LINES
    from ui.fonts import apply_ui_font, register_fonts

    app = QApplication.instance() or QApplication([])
    register_fonts()
    apply_ui_font(app)
    count = int(os.environ.get("HARBOUR_BENCH_CASES", "100000"))
    folder = cached_vault(count) / "vault"
    label = f"{count // 1000}k"
    # 1. A manager signs in and looks at the case list for a moment: the page reads the
    #    dashboard in the background (PREFETCH_MS after the window's own reads), then
    #    Ctrl+2. First paint of QtCharts in this process.
    window = _sign_in(app, folder)
    page = window.main_page.dashboard_page
    _wait(app, lambda: page._prefetched is not None, 60, "the background read")
    try:
        first, first_cpu = _one_show(app, window)
        shows = [_one_show(app, window) for _ in range(RUNS)]
        times = [wall for wall, _cpu in shows]
        session = page._session
        service = []
        for _ in range(RUNS):
            start = time.perf_counter()
            found = dashboard.overview(session, limit=LIST_LINES)
            service.append((time.perf_counter() - start) * 1000)
    finally:
        _close(app, window)
    # 2. Ctrl+2 straight after sign-in, before the background read: a new connection (a
    #    cold page cache), the whole read waited for.
    window = _sign_in(app, folder)
    try:
        straight, straight_cpu = _one_show(app, window)
    finally:
        _close(app, window)
    print(
        f"  {count} cases: {found.caseload} in care, {found.without_guardian_count} without a"
        f" guardian, {found.urgent_without_referral_count} urgent without a referral,"
        f" {found.awaiting_answer_count} awaiting an answer, {found.not_informed.count} not"
        f" informed; {RUNS} shows after the first; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores (wall-clock figures wait for the CPU too)"
    )
    figure(
        f"dashboard_{label}_first_show_ms",
        first,
        "ms",
        target=500,
        note="cold Qt; read in the background after sign-in",
    )
    figure(
        f"dashboard_{label}_first_show_straight_after_sign_in_ms",
        straight,
        "ms",
        target=500,
        note="cold page cache, nothing read before",
    )
    figure(f"dashboard_{label}_ctrl2_to_drawn_median_ms", median(times), "ms", target=500)
    figure(f"dashboard_{label}_ctrl2_to_drawn_p90_ms", p90(times), "ms", target=500)
    figure(f"dashboard_{label}_service_median_ms", median(service), "ms")
    # CPU time spent by the process for a show (GUI thread and the read), which a loaded
    # machine does not inflate as it does wall-clock time.
    figure(f"dashboard_{label}_first_show_cpu_ms", first_cpu, "ms")
    figure(f"dashboard_{label}_first_show_straight_after_sign_in_cpu_ms", straight_cpu, "ms")
    figure(f"dashboard_{label}_show_cpu_median_ms", median([c for _w, c in shows]), "ms")


def _close(app, window) -> None:
    window.close()
    window.deleteLater()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.005)


if __name__ == "__main__":
    run()
