"""Typing an item's first letters chooses it in a closed list, in Arabic too (walkthrough R4).

Qt's own search compares what is typed with the start of each item's text; in a
right-to-left language every translated item begins with an invisible right-to-left mark
(``ui.common.directional``), so typing أ for أنثى or ص for صرّح به الطفل matched nothing and
the arrows were the only way. Installed once on the application: in a list that is not
editable and whose items begin with such a mark, the letters typed (one word, within the
keyboard's input interval) choose the next item that begins with them, the marks aside;
the same letter again goes on to the next such item, as Qt does. Any other list is left
to Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

MARKS = "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"  # LRM RLM ALM LRI RLI FSI PDI
CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _plain(text: str) -> str:
    return text.lstrip(MARKS).replace("&", "").casefold()


class ComboTyping(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._combo: QComboBox | None = None
        self._typed = ""
        self._since = QElapsedTimer()

    @classmethod
    def install(cls, app: QApplication) -> ComboTyping:
        """One per application, however many windows are made."""
        found = app.findChild(ComboTyping)
        if found is None:
            found = cls(app)
            app.installEventFilter(found)
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QComboBox):
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        if (
            watched.isEditable()
            or event.modifiers() & CHORD
            or not text
            or not text.isprintable()
            or not any(watched.itemText(i).startswith(tuple(MARKS)) for i in range(watched.count()))
        ):
            return False
        fresh = (
            watched is not self._combo
            or not self._since.isValid()
            or self._since.elapsed() > QApplication.keyboardInputInterval()
        )
        if fresh and text.isspace():
            return False  # Space on its own opens the list, as everywhere
        self._combo = watched
        self._typed = text if fresh else self._typed + text
        self._since.restart()
        index = self.find(watched, self._typed)
        if index >= 0 and index != watched.currentIndex():
            watched.setCurrentIndex(index)
            watched.activated.emit(index)
        return True

    @staticmethod
    def find(combo: QComboBox, typed: str) -> int:
        """The item the letters ``typed`` choose: the first after the current one that
        begins with them when one letter is repeated (go on to the next), else the first
        from the current one."""
        wanted = typed.casefold()
        start = combo.currentIndex()
        if len(set(wanted)) == 1:
            wanted = wanted[0]
            start += 1
        count = combo.count()
        for offset in range(count):
            i = (start + offset) % count
            if _plain(combo.itemText(i)).startswith(wanted):
                return i
        return -1
