"""Sync conflicts for a manager: what two laptops changed apart (the record, the field, both
values with who and when, which applies); confirm the value that applies or reverse to the
other. Read and resolved through app/services/conflicts.py, off the GUI thread."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import HarbourError
from app.i18n import N_
from app.services.session import Session
from ui.common import MessageLabel, Page, _, isolate
from ui.operations import OperationRunner, error_text
from ui.sync.texts import local_time

if TYPE_CHECKING:
    from app.services import conflicts

# app.services.conflicts (and the case services it uses) are imported when the list is
# first read, not with Settings: the sign-in window must not load the case screens' models.

KIND_NAMES = {
    "rule": N_("Two records break a rule together"),
    "collision": N_("Two cases have the same case number"),
    "duplicate": N_("Possible duplicate from sync"),
}


# Kinds whose two subjects are records (cases): the row names the second one too, so a
# manager sees which two children may be one, or share a number, without opening either.
PAIR_KINDS = ("duplicate", "collision")


@dataclass(frozen=True)
class ConflictLine:
    view: conflicts.ConflictView
    record: str  # the case number and name, or a short record id
    other_record: str = ""  # the second case of a pair (PAIR_KINDS), labelled the same way


def _record_label(session: Session, record_id: str | None) -> str:
    from app.services import cases

    if not record_id:
        return ""
    try:
        row = cases.get_row(session, record_id)
    except HarbourError:
        return record_id[:8]
    name = isolate(row.display_name)
    if row.display_latin and row.display_latin != row.display_name:
        name = f"{name} ({isolate(row.display_latin)})"
    return f"{isolate(row.case_number)} {name}"


def load(session: Session) -> list[ConflictLine]:
    """Runs off the GUI thread."""
    from app.services import conflicts

    lines = []
    for view in conflicts.list_conflicts(session):
        other = ""
        if view.kind in PAIR_KINDS:
            second = next((s for s in view.subjects if s and s != view.record_id), None)
            other = _record_label(session, second)
        lines.append(ConflictLine(view, _record_label(session, view.record_id), other))
    return lines


def side_text(side: conflicts.Side | None) -> str:
    if side is None:
        return ""
    who = isolate(side.who) if side.who else _("someone on another laptop")
    return _("{value} — {who}, {when}").format(
        value=isolate(side.value) if side.value else _("(empty)"),
        who=who,
        when=local_time(side.when),
    )


class ConflictsPanel(Page):
    loaded = Signal()
    resolved = Signal(int, str)  # conflict id, kept

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session: Session | None = None
        self.lines: list[ConflictLine] = []
        self.confirm_box: QMessageBox | None = None
        self._title = QLabel(self)
        self._empty = QLabel(self)
        self._empty.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(4)
        self.table.setMinimumHeight(140)
        self.table.setWordWrap(True)
        self.table.currentItemChanged.connect(self._on_table_current_item_changed)
        self.confirm_button = QPushButton(self)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.reverse_button = QPushButton(self)
        self.reverse_button.clicked.connect(self._on_reverse_button_clicked)
        self.message = MessageLabel(parent=self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reverse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._empty)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for first, second in itertools.pairwise(
            [self.table, self.confirm_button, self.reverse_button]
        ):
            QWidget.setTabOrder(first, second)
        self._update_buttons()
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.lines = []
        self.table.clear()
        self.message.clear()
        if session is not None:
            self.refresh()

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        self._operations.run(
            lambda: load(session), on_success=self._on_loaded, on_failure=self._on_failed
        )

    def _on_loaded(self, lines: list[ConflictLine]) -> None:
        self.lines = lines
        self._fill()
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.show_message(error_text(exc))
        self._update_buttons()
        self.loaded.emit()

    def _fill(self) -> None:
        selected = self.selected()
        self.table.clear()
        for line in self.lines:
            view = line.view
            what = view.field if view.kind == "path" else _(KIND_NAMES.get(view.kind, view.kind))
            if line.other_record:
                what = _("{what}, with {case}").format(what=what, case=line.other_record)
            item = QTreeWidgetItem(
                [line.record, what, side_text(view.winner), side_text(view.other)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, view.id)
            self.table.addTopLevelItem(item)
            if selected is not None and selected.view.id == view.id:
                self.table.setCurrentItem(item)
        if self.table.currentItem() is None and self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))
        for column in range(4):
            self.table.resizeColumnToContents(column)
        self._empty.setVisible(not self.lines)
        self.table.setVisible(bool(self.lines))
        self._update_buttons()

    def selected(self) -> ConflictLine | None:
        item = self.table.currentItem()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((line for line in self.lines if line.view.id == wanted), None)

    def _on_table_current_item_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        line = self.selected()
        self.confirm_button.setEnabled(line is not None)
        self.reverse_button.setEnabled(
            line is not None and line.view.kind == "path" and line.view.other is not None
        )

    def _on_confirm_button_clicked(self) -> None:
        line = self.selected()
        if line is not None:
            self._resolve(line.view.id, "winner")

    def _on_reverse_button_clicked(self) -> None:
        line = self.selected()
        if line is None or line.view.other is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Sync conflicts"), "", parent=self)
        box.setText(
            _("Reverse to the other value: {value}?").format(
                value=isolate(line.view.other.value) if line.view.other.value else _("(empty)")
            )
        )
        box.setInformativeText(
            _(
                "The other value is written as a new change; every laptop receives it at its"
                " next sync. The value that applies now stays in the history."
            )
        )
        go = box.addButton(_("&Reverse"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("&Cancel"), QMessageBox.ButtonRole.RejectRole)
        go.setAccessibleName(_("Reverse"))
        back.setAccessibleName(_("Cancel"))
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        conflict_id = line.view.id

        def on_finished(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is go:
                self._resolve(conflict_id, "other")

        box.finished.connect(on_finished)
        self.confirm_box = box
        box.open()

    def _resolve(self, conflict_id: int, keep: str) -> None:
        session = self._session
        if session is None:
            return
        self.confirm_button.setEnabled(False)
        self.reverse_button.setEnabled(False)

        def work() -> list[ConflictLine]:
            from app.services import conflicts

            conflicts.resolve(session, conflict_id, keep)
            return load(session)

        def done(lines: list[ConflictLine]) -> None:
            self._on_loaded(lines)
            self.resolved.emit(conflict_id, keep)

        self._operations.run(work, on_success=done, on_failure=self._on_failed)

    def retranslate(self) -> None:
        self._title.setText(_("Sync conflicts"))
        self._empty.setText(_("No conflict waits for a decision."))
        self.table.setHeaderLabels(
            [_("Record"), _("Field"), _("Value that applies"), _("Other value")]
        )
        self.table.setAccessibleName(_("Sync conflicts"))
        self.confirm_button.setText(_("Confir&m the value that applies"))
        self.confirm_button.setAccessibleName(_("Confirm the value that applies"))
        self.reverse_button.setText(_("Reverse to the other val&ue…"))
        self.reverse_button.setAccessibleName(_("Reverse to the other value"))
        if self.lines:
            self._fill()
            self.refresh()  # the field names come translated from the service: read again
