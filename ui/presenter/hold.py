"""A control that acts only when held down: the staff's way out of the child's screen.

A short press, a tap or a key does nothing; the control must stay pressed for
``hold_ms`` (three seconds in use) while a bar fills along its bottom edge.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolButton, QWidget

INK = "#1F2A44"


class HoldButton(QToolButton):
    """A small control that fires only after being held down for ``hold_ms``."""

    held = Signal()

    def __init__(self, hold_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hold_ms = hold_ms
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._tick = QTimer(self)
        self._tick.setInterval(40)
        self._tick.timeout.connect(self.update)
        self.pressed.connect(self._on_self_pressed)
        self.released.connect(self._on_self_released)

    def set_hold_ms(self, hold_ms: int) -> None:
        self._hold_ms = hold_ms
        self._timer.setInterval(hold_ms)

    def progress(self) -> float:
        if not self._timer.isActive():
            return 0.0
        return min(1.0, self._clock.elapsed() / self._hold_ms)

    def _on_self_pressed(self) -> None:
        self._clock.start()
        self._timer.start()
        self._tick.start()

    def _on_self_released(self) -> None:
        self._timer.stop()
        self._tick.stop()
        self.update()

    def _on_timer_timeout(self) -> None:
        self._tick.stop()
        self.update()
        self.held.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        done = self.progress()
        if done > 0:
            painter = QPainter(self)
            bar = QRectF(0, self.height() - 5, self.width() * done, 5)
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                bar.moveRight(self.width())
            painter.fillRect(bar, QColor(INK))
            painter.end()
