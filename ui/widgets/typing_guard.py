"""Text typed into a tick box or a button never changes or presses it (walkthrough A12).

A person who counts one Tab too few types a name ("Interpreter Rana") into a focused
check box: the letters go nowhere, but the space between the words ticks or unticks the
box, and a recorded answer changes that nobody chose (on a button, the space presses it).
Installed once on the application: a Space that follows letters typed into the same box
or button (without leaving it or pressing another key) is swallowed. A Space on its own
still ticks or presses, as everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class TypingGuard(QObject):
    """Swallows the Space of a word typed into a check box, radio button or button."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._typed_into: QWidget | None = None
        self.swallowed = 0  # how many spaces were kept from ticking a box (for tests)

    @classmethod
    def install(cls, app: QApplication) -> TypingGuard:
        """One guard per application, however many windows are made."""
        guard = app.findChild(TypingGuard)
        if guard is None:
            guard = cls(app)
            app.installEventFilter(guard)
        return guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and watched is self._typed_into:
            self._typed_into = None
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton):
            assert isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
            return self._key(watched, event)
        return False

    def _key(self, box: QWidget, event: QKeyEvent) -> bool:
        text = event.text()
        plain = not (event.modifiers() & CHORD)
        if event.key() == Qt.Key.Key_Space and plain:
            if self._typed_into is box:
                self.swallowed += 1
                return True
            return False
        if plain and text and text.isprintable() and not text.isspace():
            self._typed_into = box  # a letter in a tick box: a word is being typed
        else:
            self._typed_into = None  # Tab, an arrow, a shortcut: typing has stopped
        return False
