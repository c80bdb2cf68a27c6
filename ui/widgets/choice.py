"""Radio buttons side by side that the arrow keys choose between, in every direction.

Qt moves between radio buttons by geometry: Down looks for a button *below* the focused
one, so two choices drawn on one line ignore Up and Down (walkthrough D6: Down on "Keep
them in the intake draft" left it chosen, and the officer believed "Discard them" was).
Here every arrow key moves to the next or previous choice in reading order and checks it;
Left and Right follow the layout direction (mirrored in right-to-left languages).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup

FORWARD = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}


class ArrowChoice(QObject):
    """Installed on each button of ``group``: arrows check the next or previous one."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self._group = group
        for button in group.buttons():
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QAbstractButton):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        step = FORWARD.get(Qt.Key(key))
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            rtl = watched.layoutDirection() == Qt.LayoutDirection.RightToLeft
            step = 1 if (key == Qt.Key.Key_Right) != rtl else -1
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        buttons = [b for b in self._group.buttons() if b.isVisible() and b.isEnabled()]
        if watched not in buttons or len(buttons) < 2:
            return False
        chosen = buttons[(buttons.index(watched) + step) % len(buttons)]
        chosen.setFocus(Qt.FocusReason.TabFocusReason)
        chosen.setChecked(True)
        return True
