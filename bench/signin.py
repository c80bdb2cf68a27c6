"""Sign-in as the user waits for it: Return in the real window to the case list painted
with its first rows and count, and how long the GUI thread stood still on the way
(issue 14, item 4).

    python -m bench signin                 # 10,000 cases
    HARBOUR_BENCH_SIGNIN_SIZES=100000 python -m bench signin

Offscreen Qt, the cached vaults of ``bench cases`` (built with a cheap Argon2id cost, so
the figure is what Harbour adds to the key derivation). A 5 ms timer beats on the GUI
thread; the longest gap between two beats is the longest freeze. Each run signs in to a
fresh window; the first run of a process pays the imports (reported apart).
"""

from __future__ import annotations

import os
import time

from bench.common import figure, median, p90

RUNS = 5


def _one_run(app, folder, user: str, passphrase: str) -> tuple[float, float]:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest

    from app.config import AppSettings
    from ui.shell import ShellWindow

    window = ShellWindow(AppSettings(vault_folder=str(folder), language="en"))
    window.show()
    page = window.sign_in_page
    for row in range(page.users.count()):
        if page.users.item(row).text().startswith(user):
            page.users.setCurrentRow(row)
    page.passphrase.setText(passphrase)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()

    def shown() -> bool:
        main = window.main_page
        if main is None or window.current_page() is not main:
            return False
        model = main.cases_page.list_page.model
        return model.rowCount() > 0 and bool(main.cases_page.list_page.count_label.text())

    app.processEvents()
    last[0] = clock.elapsed()
    gaps.clear()
    start = time.perf_counter()
    QTest.keyClick(page.passphrase, Qt.Key.Key_Return)
    print(f"  Return handled in {(time.perf_counter() - start) * 1000:.0f} ms")
    deadline = start + 120
    while not shown() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    elapsed = (time.perf_counter() - start) * 1000
    for _ in range(20):  # let the last paint through
        app.processEvents()
    timer.stop()
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed, max(gaps) if gaps else 0.0


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.cases import MANAGER, PASSPHRASE, cached_vault
    from ui.fonts import apply_ui_font, register_fonts

    app = QApplication.instance() or QApplication([])
    register_fonts()
    apply_ui_font(app)
    sizes = [int(s) for s in os.environ.get("HARBOUR_BENCH_SIGNIN_SIZES", "10000").split(",")]
    for count in sizes:
        folder = cached_vault(count) / "vault"
        first, first_stall = _one_run(app, folder, MANAGER, PASSPHRASE)
        figure(f"signin_{count // 1000}k_first_run_ms", first, "ms", note="imports included")
        times, stalls = [], []
        for _ in range(RUNS):
            elapsed, stall = _one_run(app, folder, MANAGER, PASSPHRASE)
            times.append(elapsed)
            stalls.append(stall)
        figure(f"signin_{count // 1000}k_to_case_list_median_ms", median(times), "ms")
        figure(f"signin_{count // 1000}k_to_case_list_p90_ms", p90(times), "ms")
        figure(
            f"signin_{count // 1000}k_longest_gui_freeze_median_ms",
            median(stalls),
            "ms",
            note=f"first run {first_stall:.0f} ms",
        )
