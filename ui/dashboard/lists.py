"""One dashboard list: a title with its count and the children on it, each line opening
the child's case (Enter, Return or a double-click)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.i18n import format_number
from ui.common import _, directional

CASE_ROLE = Qt.ItemDataRole.UserRole
VISIBLE_LINES = 6


class CaseListSection(QFrame):
    """A titled list of children. ``set_lines`` takes (case id, text) pairs and the full
    count (the list may show only the first of them)."""

    open_requested = Signal(str)

    def __init__(self, title: str, empty: str, parent: QWidget | None = None, *, alert=False):
        super().__init__(parent)
        self._title_id, self._empty_id = title, empty
        self._count = 0
        self._shown = 0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        if alert:
            font.setPointSizeF(max(1.0, font.pointSizeF() * 1.25))
        self.title.setFont(font)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.more = QLabel(self)
        self.more.setWordWrap(True)
        self.more.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        # A long line is cut with "…" (its whole text in the tooltip and for screen
        # readers), never a sideways scroll bar.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addWidget(self.more)
        self.set_lines([], 0)

    def set_lines(self, lines: list[tuple[str, str]], count: int) -> None:
        self._count, self._shown = count, len(lines)
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for case_id, text in lines:
            item = QListWidgetItem(directional(text))
            item.setData(CASE_ROLE, case_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setToolTip(directional(text))
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        if lines:
            self.list.setCurrentRow(0)
        rows = max(1, min(VISIBLE_LINES, len(lines)))
        frame = 2 * self.list.frameWidth()
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), 1) + frame + 2)
        self.list.setVisible(bool(lines))
        self.empty.setVisible(not lines)
        self.retranslate()

    def case_ids(self) -> list[str]:
        return [self.list.item(i).data(CASE_ROLE) for i in range(self.list.count())]

    def count(self) -> int:
        return self._count

    def retranslate(self) -> None:
        self.title.setText(
            _("{title}: {count}").format(title=_(self._title_id), count=format_number(self._count))
        )
        self.empty.setText(_(self._empty_id))
        self.list.setAccessibleName(_(self._title_id))
        self.list.setAccessibleDescription(
            _("Press Enter on a line to open the child's case.")
            if self._shown
            else _(self._empty_id)
        )
        hidden = self._count - self._shown
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(
                _("The first {shown} of {count} are listed.").format(
                    shown=format_number(self._shown), count=format_number(self._count)
                )
            )

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ROLE)
        if case_id:
            self.open_requested.emit(case_id)
