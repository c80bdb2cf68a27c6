"""A control that acts only when held down: the staff's way out of the child's screen.

A short press, a tap or a key does nothing; the control must stay pressed for
``hold_ms`` (three seconds in use) while a bar fills along its bottom edge.

Held with Space, a key's auto-repeat sends release/press pairs: those flagged as
auto-repeat are ignored, and a press that follows a release within ``REPEAT_GAP_MS`` (as
an X server's unflagged repeats do) continues the hold instead of restarting it
(walkthrough N2: Space held 3.5 s did nothing under Xvfb).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolButton, QWidget

INK = "#1F2A44"
REPEAT_GAP_MS = 60  # a release and press closer than this are one key kept down
_HOLD_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Select)


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
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(REPEAT_GAP_MS)
        self._gap.timeout.connect(self._let_go)
        self._due = False  # the hold time passed during a release/press gap
        self.pressed.connect(self._on_self_pressed)
        self.released.connect(self._on_self_released)

    def set_hold_ms(self, hold_ms: int) -> None:
        self._hold_ms = hold_ms
        self._timer.setInterval(hold_ms)

    def progress(self) -> float:
        if not self._timer.isActive():
            return 0.0
        return min(1.0, self._clock.elapsed() / self._hold_ms)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() and event.key() in _HOLD_KEYS:
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() and event.key() in _HOLD_KEYS:
            event.accept()
            return
        super().keyReleaseEvent(event)

    def _on_self_pressed(self) -> None:
        if self._gap.isActive():  # a key's repeat: the hold goes on
            self._gap.stop()
            if self._due:
                self._due = False
                self._on_timer_timeout()
            return
        self._due = False
        self._clock.start()
        self._timer.start()
        self._tick.start()

    def _on_self_released(self) -> None:
        if self._timer.isActive():
            self._gap.start()  # let go unless pressed again at once
        else:
            self._let_go()

    def _let_go(self) -> None:
        self._due = False
        self._timer.stop()
        self._tick.stop()
        self.update()

    def _on_timer_timeout(self) -> None:
        if self._gap.isActive():  # released just now: held only if pressed again at once
            self._due = True
            return
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
