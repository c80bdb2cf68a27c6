"""One searchable picker for countries and languages, used by every screen that records one.

Type any name the entry has (in the interface language, in English, its own name, or its
code: "Sudan", "Soudan", "السودان", "SD"; "Dari", "دری", "prs"), pick it from the list
(arrow keys and Enter, or the mouse): the field shows the name, the record gets the code
(ISO 639-3 for a language, ISO 3166-1 alpha-2 for a country; see app/i18n/names.py). Text
that names exactly one entry is taken when the field is left. Text that names none stays as
typed, so nothing is lost, and the form says what to do with it.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.i18n import names
from ui.common import _

LANGUAGE = names.LANGUAGE
COUNTRY = names.COUNTRY
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CodePicker(QWidget):
    """A line to type in and a list of matches under it; holds one code."""

    changed = Signal()
    chosen = Signal(str)  # a code, when an entry is picked from the list or resolved

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._code = ""
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(200)
        self.edit.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._on_completer_activated)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.edit.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.retranslate()

    # ---- what it holds ------------------------------------------------------------------

    def code(self) -> str:
        """The chosen code; "" when nothing is chosen (see ``value`` for typed text)."""
        if not self._code and self.edit.text().strip():
            entry = names.resolve(self.kind, self.edit.text(), i18n.active_language())
            if entry is not None:
                return entry.code
        return self._code

    def value(self) -> str:
        """The code, or what was typed when it names no entry (kept, never dropped)."""
        return self.code() or self.edit.text().strip()

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value).strip()
        entry = names.find(self.kind, text, i18n.active_language()) if text else None
        self._code = entry.code if entry is not None else ""
        self.edit.setText(entry.name if entry is not None else text)
        self._update_tooltip()

    def clear(self) -> None:
        self.set_value("")

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(
            _("Type a language's name or code")
            if self.kind == LANGUAGE
            else _("Type a country's name or code")
        )
        if self._code:
            entry = names.find(self.kind, self._code, i18n.active_language())
            if entry is not None:
                self.edit.setText(entry.name)
        self._update_tooltip()

    def set_accessible(self, name: str) -> None:
        self.edit.setAccessibleName(name)

    # ---- the list of matches --------------------------------------------------------------

    def matches(self) -> list[str]:
        """The codes now offered in the list, best first."""
        return [self._model.item(i).data(CODE_ROLE) for i in range(self._model.rowCount())]

    def show_matches(self, query: str) -> None:
        self._model.clear()
        for entry in names.search(self.kind, query, i18n.active_language()):
            item = QStandardItem(entry.label())
            item.setData(entry.code, CODE_ROLE)
            item.setToolTip(entry.label())
            self._model.appendRow(item)
        if self._model.rowCount():
            self.completer.complete()
            popup = self.completer.popup()
            popup.setCurrentIndex(self._model.index(0, 0))
        else:
            self._hide_popup()

    def choose(self, code: str) -> None:
        entry = names.find(self.kind, code, i18n.active_language())
        if entry is None:
            return
        self._code = entry.code
        self.edit.setText(entry.name)
        self._update_tooltip()
        self._hide_popup()
        self.changed.emit()
        self.chosen.emit(entry.code)

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        was_active = popup.isActiveWindow()
        popup.hide()
        if was_active:  # some platforms leave the hidden list active; the form gets it back
            self.edit.window().activateWindow()

    def _update_tooltip(self) -> None:
        entry = names.find(self.kind, self._code, i18n.active_language()) if self._code else None
        tip = entry.label() if entry is not None else ""
        self.edit.setToolTip(tip)
        self.edit.setAccessibleDescription(tip)

    # ---- handlers ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            popup = self.completer.popup()
            key = event.key()
            if not popup.isVisible():
                if key == Qt.Key.Key_Down:
                    self.show_matches("" if self._code else self.edit.text())
                    return True
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                # The highlighted match is taken (as from the list itself, where the
                # keys go when the window system lets the list grab the keyboard).
                current = popup.currentIndex()
                if current.isValid():
                    self.choose(current.data(CODE_ROLE))
                self._hide_popup()
                return key != Qt.Key.Key_Tab
            elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = popup.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self._model.rowCount():
                    popup.setCurrentIndex(self._model.index(row, 0))
                return True
            elif key == Qt.Key.Key_Escape:
                self._hide_popup()
                return True
        return super().eventFilter(watched, event)

    def _on_edit_text_edited(self, text: str) -> None:
        self._code = ""
        self._update_tooltip()
        if text.strip():
            self.show_matches(text)
        else:
            self._hide_popup()
        self.changed.emit()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.choose(code)

    def _on_edit_editing_finished(self) -> None:
        self._hide_popup()
        if self._code or not self.edit.text().strip():
            return
        entry = names.resolve(self.kind, self.edit.text(), i18n.active_language())
        if entry is not None:
            self.choose(entry.code)


def _tab_stop(widget: QWidget, own: QWidget) -> bool:
    """A widget Tab stops on outside ``own`` (containers and focus proxies are skipped:
    Qt's setTabOrder would put a proxy's target there instead)."""
    return (
        widget is not own
        and not own.isAncestorOf(widget)
        and widget.focusProxy() is None
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


class CodeListPicker(QWidget):
    """Several codes (a child's nationalities): a picker, and a button per chosen entry
    that removes it (Space or Enter on it, or a click)."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._codes: list[str] = []
        self._buttons: list[QPushButton] = []
        self.picker = CodePicker(kind, self)
        self.picker.chosen.connect(self._on_picker_chosen)
        self.picker.changed.connect(self.changed)
        self._chips = QVBoxLayout()
        self._chips.setContentsMargins(0, 0, 0, 0)
        self._chips.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._chips)
        layout.addWidget(self.picker)
        self.setFocusProxy(self.picker)

    @property
    def edit(self) -> QLineEdit:
        return self.picker.edit

    def codes(self) -> list[str]:
        return list(self._codes)

    def value(self) -> list[str]:
        """The chosen codes, then what is typed and not yet added (as a code when it names
        one entry, else as typed: kept, never dropped)."""
        pending = self.picker.value()
        return self.codes() + ([pending] if pending and pending not in self._codes else [])

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):  # drafts saved before the picker: "SY, AF"
            value = [c for c in re.split(r"[,;\s]+", value) if c]
        self._codes = []
        unknown: list[str] = []
        for raw in value or []:
            entry = names.find(self.kind, str(raw), i18n.active_language())
            if entry is not None:
                if entry.code not in self._codes:
                    self._codes.append(entry.code)
            elif str(raw).strip():
                unknown.append(str(raw).strip())
        self.picker.set_value(" ".join(unknown))
        self._rebuild()

    def focus_chain(self) -> list[QWidget]:
        return [*self._buttons, self.picker.edit]

    def retranslate(self) -> None:
        self.picker.retranslate()
        self._rebuild()

    def set_accessible(self, name: str) -> None:
        self.picker.set_accessible(name)
        self.setAccessibleName(name)

    def _rebuild(self) -> None:
        # Where the chips go in the Tab order: just before the line to type in, after
        # whatever came before it (walkthrough I7: buttons made later went to the end of
        # the window's chain, so no Tab reached a chosen country's remove button).
        before: QWidget | None = self.picker.edit.previousInFocusChain()
        while before is not None and before is not self.picker.edit and not _tab_stop(before, self):
            before = before.previousInFocusChain()
        for button in self._buttons:
            button.hide()
            button.deleteLater()
        self._buttons = []
        language = i18n.active_language()
        for code in self._codes:
            name = names.display(self.kind, code, language)
            button = QPushButton(f"{name} ({code})  ✕", self)
            button.setAccessibleName(_("Remove {name}").format(name=name))
            button.setToolTip(button.accessibleName())
            button.clicked.connect(lambda _checked=False, c=code: self.remove(c))
            self._buttons.append(button)
            self._chips.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        if before is not None and before is not self.picker.edit:
            for button in self._buttons:
                QWidget.setTabOrder(before, button)
                before = button
        self.updateGeometry()

    def add(self, code: str) -> None:
        if code and code not in self._codes:
            self._codes.append(code)
            self._rebuild()
            self.changed.emit()

    def remove(self, code: str) -> None:
        if code in self._codes:
            index = self._codes.index(code)
            self._codes.remove(code)
            self._rebuild()
            self.changed.emit()
            following = self._buttons[index] if index < len(self._buttons) else self.picker.edit
            following.setFocus()

    def _on_picker_chosen(self, code: str) -> None:
        self.picker.set_value("")
        self.add(code)
        self.picker.edit.setFocus()
