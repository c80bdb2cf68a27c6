"""The cycle collector runs on the GUI thread only (ui/gc_guard.py): a widget held by a
dropped reference cycle is freed by the GUI thread's timer, never by a worker."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from ui import gc_guard

pytestmark = pytest.mark.gui


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.widget = QWidget()


def test_a_widget_in_a_dropped_cycle_is_freed_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    freed_on: list[str] = []
    was_enabled = gc.isenabled()  # the test process runs with it off (tests/conftest.py)
    gc.enable()  # so that the collector is seen to switch it off
    collector = gc_guard.GuiThreadCollector(app, interval_ms=20)
    try:
        assert not gc.isenabled()
        cycle = _Cycle()
        cycle.widget.destroyed.connect(lambda: freed_on.append(threading.current_thread().name))
        alive = weakref.ref(cycle)
        del cycle
        # A worker allocating a lot does not collect: the automatic collector is off.
        worker = threading.Thread(target=lambda: [[i] for i in range(200_000)], name="worker")
        worker.start()
        worker.join()
        assert alive() is not None
        collector.thresholds = (0, 0, 0)  # make the next tick collect everything
        qtbot.waitUntil(lambda: alive() is None, timeout=2000)
        assert freed_on == [threading.main_thread().name]
    finally:
        collector.timer.stop()
        collector.deleteLater()
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
