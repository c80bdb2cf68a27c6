"""Python's cycle collector, run on the GUI thread only.

Left on, the collector runs on whichever thread happens to allocate when a threshold is
passed, a worker of ``ui.operations`` included. If that collection frees a widget that a
dropped reference cycle held, Qt destroys the widget off the GUI thread, which Qt does not
allow: a CI run hung so (the worker inside ``QWidget::~QWidget`` holding a Qt mutex and
waiting for the GIL, the GUI thread holding the GIL and waiting for that mutex). So the
automatic collector is switched off and a timer on the GUI thread collects, generation by
generation, when the counts pass Python's own thresholds — the pattern Anki and other
PySide/PyQt programs use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)
        gc.disable()

    def collect(self) -> None:
        collect_by_thresholds(self.thresholds)


def collect_by_thresholds(thresholds: tuple[int, ...]) -> None:
    """Collect the oldest generation whose count passed its threshold, as gc would."""
    counts = gc.get_count()
    generation = -1
    for g, (count, threshold) in enumerate(zip(counts, thresholds, strict=True)):
        if count > threshold:
            generation = g
    if generation >= 0:
        gc.collect(generation)


def install(app: QObject) -> GuiThreadCollector:
    """Switch the automatic collector off for the life of ``app`` and collect on its
    thread instead. The collector object is a child of ``app``."""
    return GuiThreadCollector(app)
