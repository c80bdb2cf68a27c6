"""Form widgets for the intake: tri-state answers [R1], repeated rows, bound fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendars import CALENDAR_NAMES, Calendar, DateRefused
from app.domain.case import AnswerStatus
from app.i18n import format_date
from ui.cases import form as F
from ui.cases import labels
from ui.common import MessageLabel, _, isolate
from ui.widgets.pickers import CodeListPicker, CodePicker

NON_ANSWERS = (AnswerStatus.NOT_ASKED, AnswerStatus.UNKNOWN, AnswerStatus.DECLINED)
ITEM_ID = "harbour_item_id"  # a row box's property: the stable id of the item it shows


def _plain(text: str) -> str:
    return text.replace("&", "").lstrip("\u200f")


class AnswerField(QWidget):
    """An optional field that says why it is empty [R1].

    Text answers: a line to type in and, after it, the state (answer given / not asked
    yet / unknown / the child did not want to say); typing picks "answer given",
    clearing the line goes back to "not asked yet". Choice answers: one list holding
    the choices and the three states, so a single key press answers.
    """

    changed = Signal()

    def __init__(
        self, kind: str, options: dict[str, str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._options = options or (labels.YES_NO if kind == F.ANSWER_YESNO else {})
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line: QLineEdit | None = None
        self.status: QComboBox | None = None
        self.choice: QComboBox | None = None
        if kind in (F.ANSWER_TEXT, F.ANSWER_DATE):
            self.line = QLineEdit(self)
            self.line.setMaxLength(500)
            if kind == F.ANSWER_DATE:
                self.line.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.status = QComboBox(self)
            for status in AnswerStatus:
                self.status.addItem("", status.value)
            self.status.setCurrentIndex(self.status.findData(AnswerStatus.NOT_ASKED.value))
            self.line.textEdited.connect(self._on_line_text_edited)
            self.status.activated.connect(self._on_status_activated)
            layout.addWidget(self.line, 3)
            layout.addWidget(self.status, 2)
        else:
            self.choice = QComboBox(self)
            self.choice.addItem("", (AnswerStatus.NOT_ASKED.value, ""))
            for code in self._options:
                self.choice.addItem("", (AnswerStatus.ANSWERED.value, code))
            for status in (AnswerStatus.UNKNOWN, AnswerStatus.DECLINED):
                self.choice.addItem("", (status.value, ""))
            self.choice.currentIndexChanged.connect(self._on_choice_changed)
            layout.addWidget(self.choice, 1)
        self.retranslate()

    def focus_widget(self) -> QWidget:
        return self.line or self.choice  # type: ignore[return-value]

    def set_accessible(self, name: str) -> None:
        self.focus_widget().setAccessibleName(name)
        if self.status is not None:
            self.status.setAccessibleName(_("{field}: state of the answer").format(field=name))

    def retranslate(self) -> None:
        if self.status is not None:
            for i in range(self.status.count()):
                status = self.status.itemData(i)
                self.status.setItemText(i, labels.label(labels.ANSWER_STATUS, status))
        if self.choice is not None:
            for i in range(self.choice.count()):
                status, code = self.choice.itemData(i)
                if status == AnswerStatus.ANSWERED:
                    text = labels.label(self._options, code)
                else:
                    text = labels.label(labels.ANSWER_STATUS, status)
                self.choice.setItemText(i, text)

    def _on_line_text_edited(self, text: str) -> None:
        assert self.status is not None
        current = self.status.currentData()
        if text.strip() and current != AnswerStatus.ANSWERED:
            self.status.setCurrentIndex(self.status.findData(AnswerStatus.ANSWERED.value))
        elif not text.strip() and current == AnswerStatus.ANSWERED:
            self.status.setCurrentIndex(self.status.findData(AnswerStatus.NOT_ASKED.value))
        self.changed.emit()

    def _on_status_activated(self, _index: int) -> None:
        assert self.line is not None and self.status is not None
        answered = self.status.currentData() == AnswerStatus.ANSWERED
        if not answered and self.line.text():
            # A refusal or "unknown" replaces the answer; the text is not kept as data.
            self.line.clear()
        self.changed.emit()

    def _on_choice_changed(self, _index: int) -> None:
        self.changed.emit()

    def value(self) -> dict[str, Any]:
        if self.choice is not None:
            status, code = self.choice.currentData()
            return {"status": status, "value": code}
        assert self.line is not None and self.status is not None
        return {"status": self.status.currentData(), "value": self.line.text()}

    def set_value(self, value: Any) -> None:
        if not isinstance(value, dict):
            value = {"status": AnswerStatus.NOT_ASKED.value, "value": ""}
        status, raw = value.get("status") or AnswerStatus.NOT_ASKED.value, value.get("value") or ""
        if self.choice is not None:
            wanted = (status, raw if status == AnswerStatus.ANSWERED else "")
            for i in range(self.choice.count()):
                if tuple(self.choice.itemData(i)) == wanted:
                    self.choice.setCurrentIndex(i)
                    return
            self.choice.setCurrentIndex(0)
            return
        assert self.line is not None and self.status is not None
        self.line.setText(str(raw))
        self.status.setCurrentIndex(max(0, self.status.findData(status)))


class Bound(QObject):
    """One form field: its widget, label, message line, and how to read and write it."""

    changed = Signal()

    def __init__(self, field: F.Field, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = field
        self.label = QLabel(parent)
        self.label.setWordWrap(True)
        self.message = MessageLabel(parent=parent)
        self.hint: QLabel | None = None
        self.calendar: QComboBox | None = None  # a calendar date: the papers' calendar
        self.converted: QLabel | None = None  # ... and the Gregorian date it gives
        if field.hint:
            self.hint = QLabel(parent)
            self.hint.setWordWrap(True)
            self.hint.setForegroundRole(self.hint.foregroundRole())
            self.hint.setEnabled(False)  # the palette's disabled text: a quiet line
        kind = field.kind
        self.widget: QWidget
        self._carried: Any = None
        if kind == F.CARRIED:  # kept for the record, never shown (form.CARRIED)
            self.label.setVisible(False)
            self.widget = QWidget(parent)
            self.widget.setVisible(False)
            self.widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        elif kind == F.CALENDAR_DATE:
            edit = QLineEdit(parent)
            edit.setMaxLength(40)
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.textChanged.connect(self.changed)
            edit.textChanged.connect(self._show_converted)
            self.calendar = QComboBox(parent)
            for calendar in Calendar:
                self.calendar.addItem("", calendar.value)
            self.calendar.currentIndexChanged.connect(self.changed)
            self.calendar.currentIndexChanged.connect(self._show_converted)
            self.converted = QLabel(parent)
            self.converted.setWordWrap(True)
            self.converted.setTextFormat(Qt.TextFormat.PlainText)
            self.converted.setVisible(False)
            self.widget = edit
        elif kind == F.TEXT:
            edit = QLineEdit(parent)
            edit.setMaxLength(500)
            if field.direction_neutral:
                edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.textChanged.connect(self.changed)
            self.widget = edit
        elif kind == F.CHOICE:
            combo = QComboBox(parent)
            if field.blank:  # nothing chosen for the officer [R1]
                combo.addItem("", "")
            for code in field.options or {}:
                combo.addItem("", code)
            combo.currentIndexChanged.connect(self.changed)
            self.widget = combo
        elif kind == F.CHECK:
            box = QCheckBox(parent)
            box.toggled.connect(self.changed)
            self.widget = box
        elif kind == F.COUNTRIES:
            countries = CodeListPicker(F.COUNTRY, parent)
            countries.changed.connect(self.changed)
            self.widget = countries
        elif kind in (F.LANGUAGE, F.COUNTRY):
            picker = CodePicker(kind, parent)
            picker.changed.connect(self.changed)
            self.widget = picker
        else:
            answer = AnswerField(kind, field.options, parent)
            answer.changed.connect(self.changed)
            self.widget = answer
        self.label.setBuddy(self.focus_widget())

    def focus_widget(self) -> QWidget:
        if isinstance(self.widget, AnswerField):
            return self.widget.focus_widget()
        if isinstance(self.widget, (CodePicker, CodeListPicker)):
            return self.widget.edit
        return self.widget

    def focus_chain(self) -> list[QWidget]:
        w = self.widget
        if self.field.kind == F.CARRIED:
            return []
        if isinstance(w, AnswerField):
            return [w.focus_widget()] + ([w.status] if w.status is not None else [])
        if isinstance(w, CodeListPicker):
            return w.focus_chain()
        if isinstance(w, CodePicker):
            return [w.edit]
        if self.calendar is not None:
            return [w, self.calendar]
        return [w]

    def field_box(self) -> QWidget:
        box = QWidget()
        if self.field.kind == F.CARRIED:  # its form row takes no room
            box.setVisible(False)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if self.calendar is not None and self.converted is not None:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.widget, 2)
            line.addWidget(self.calendar, 3)
            layout.addLayout(line)
            layout.addWidget(self.converted)
        else:
            layout.addWidget(self.widget)
        if self.hint is not None:
            layout.addWidget(self.hint)
        layout.addWidget(self.message)
        return box

    def retranslate(self, label_text: str | None = None) -> None:
        if self.field.kind == F.CARRIED:
            return
        text = label_text if label_text is not None else _(self.field.label)
        self.label.setText(text)
        name = _plain(text)
        if isinstance(self.widget, (AnswerField, CodePicker, CodeListPicker)):
            self.widget.set_accessible(name)
            self.widget.retranslate()
        else:
            self.widget.setAccessibleName(name)
        if isinstance(self.widget, QComboBox):
            for i in range(self.widget.count()):
                code = self.widget.itemData(i)
                self.widget.setItemText(
                    i,
                    _(self.field.blank)
                    if code == "" and self.field.blank
                    else labels.label(self.field.options or {}, code),
                )
        if self.calendar is not None:
            for i in range(self.calendar.count()):
                self.calendar.setItemText(i, _(CALENDAR_NAMES[Calendar(self.calendar.itemData(i))]))
            self.calendar.setAccessibleName(_("{field}: calendar of the papers").format(field=name))
            self._show_converted()
        if self.hint is not None:
            self.hint.setText(_(self.field.hint))
            self.focus_widget().setAccessibleDescription(self.hint.text())
        self.message.setAccessibleName(_("Message for {field}").format(field=name))

    def _show_converted(self, *_args: object) -> None:
        """Under a date in another calendar: the Gregorian date it gives, as the officer
        types (nothing while it cannot be read; the message comes when the step is checked)."""
        if self.converted is None:
            return
        calendar, typed = F.calendar_value(self.value())
        text = ""
        if calendar != Calendar.GREGORIAN and typed.strip():
            try:
                gregorian, written = F.read_calendar_date(self.value())
            except (DateRefused, ValueError):
                gregorian, written = None, None
            if gregorian is not None and written is not None:
                text = _("{written} = {gregorian} in the Gregorian calendar").format(
                    written=isolate(written.text()),
                    gregorian=isolate(format_date(gregorian, fmt="long")),
                )
        self.converted.setText(text)
        self.converted.setVisible(bool(text))
        self.converted.setAccessibleName(text)

    def value(self) -> Any:
        w = self.widget
        if self.field.kind == F.CARRIED:
            return self._carried
        if self.calendar is not None:
            assert isinstance(w, QLineEdit)
            calendar = self.calendar.currentData() or Calendar.GREGORIAN.value
            if calendar == Calendar.GREGORIAN.value:
                return w.text()  # as before calendars: drafts and tests read the text
            return {"calendar": calendar, "text": w.text()}
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        assert isinstance(w, (AnswerField, CodePicker, CodeListPicker))
        return w.value()

    def set_value(self, value: Any) -> None:
        w = self.widget
        if self.field.kind == F.CARRIED:
            self._carried = value
        elif self.calendar is not None:
            assert isinstance(w, QLineEdit)
            calendar, typed = F.calendar_value(value)
            self.calendar.setCurrentIndex(max(0, self.calendar.findData(calendar.value)))
            w.setText(typed)
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value) if value is not None else -1
            w.setCurrentIndex(max(0, index))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        else:
            assert isinstance(w, (AnswerField, CodePicker, CodeListPicker))
            w.set_value(value)


class RowGroup(QWidget):
    """A repeated group of fields (a language, a family member, a document).

    Each row keeps the stable id of the item it was loaded with (``ITEM_ID`` on its box),
    so that saving hands every item back under its own id: editing one family member
    changes the one path ``family.<id>``, removing one removes exactly that id. A row
    added here has none until storage gives it one."""

    changed = Signal()
    rows_changed = Signal()

    def __init__(self, spec: F.Rows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.rows: list[tuple[QGroupBox, dict[str, Bound], QPushButton]] = []
        self.message = MessageLabel(parent=self)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.message)
        layout.addLayout(add_line)
        self.add_row()

    def add_row(self) -> dict[str, Bound]:
        box = QGroupBox(self)
        form = QFormLayout(box)
        bounds: dict[str, Bound] = {}
        for field in self.spec.fields:
            bound = Bound(field, box)
            bound.changed.connect(self.changed)
            form.addRow(bound.label, bound.field_box())
            bounds[field.key] = bound
        remove = QPushButton(box)
        remove.clicked.connect(lambda: self._remove(box))
        remove_line = QHBoxLayout()
        remove_line.addWidget(remove)
        remove_line.addStretch(1)
        form.addRow("", remove_line)
        self.rows.append((box, bounds, remove))
        self._rows_layout.addWidget(box)
        self.retranslate()
        self.rows_changed.emit()
        return bounds

    def focus_chain(self) -> list[QWidget]:
        """The focusable widgets of every row, in reading order, then the "Add" button."""
        chain: list[QWidget] = []
        for _box, bounds, remove in self.rows:
            for bound in bounds.values():
                chain.extend(bound.focus_chain())
            chain.append(remove)
        chain.append(self.add_button)
        return chain

    def _on_add_button_clicked(self) -> None:
        bounds = self.add_row()
        next(iter(bounds.values())).focus_widget().setFocus()
        self.changed.emit()

    def _remove(self, box: QGroupBox) -> None:
        for i, (row_box, _bounds, _remove) in enumerate(self.rows):
            if row_box is box:
                del self.rows[i]
                box.hide()
                box.deleteLater()
                break
        self.retranslate()
        self.rows_changed.emit()
        self.changed.emit()
        self.add_button.setFocus()

    def retranslate(self) -> None:
        self.add_button.setText(_(self.spec.add_label))
        self.add_button.setAccessibleName(_plain(self.add_button.text()))
        for number, (box, bounds, remove) in enumerate(self.rows, start=1):
            title = _(self.spec.title).format(number=number)
            box.setTitle(title)
            for bound in bounds.values():
                bound.retranslate()
                bound.focus_widget().setAccessibleName(
                    _("{group}: {field}").format(
                        group=_plain(title), field=_plain(_(bound.field.label))
                    )
                )
            remove.setText(_("Remove"))
            remove.setAccessibleName(_("Remove {group}").format(group=_plain(title)))

    def bounds(self) -> dict[str, Bound]:
        """Form key ('languages.0.code') -> bound field, in reading order."""
        return {
            f"{self.spec.key}.{i}.{key}": bound
            for i, (_box, bounds, _remove) in enumerate(self.rows)
            for key, bound in bounds.items()
        }

    def value(self) -> list[dict[str, Any]]:
        rows = []
        for box, bounds, _remove in self.rows:
            row = {key: bound.value() for key, bound in bounds.items()}
            item_id = box.property(ITEM_ID)
            if item_id:
                row["id"] = str(item_id)
            rows.append(row)
        return rows

    def item_ids(self) -> list[str]:
        """The stable id of each row's item, in order ("" for a row added here)."""
        return [str(box.property(ITEM_ID) or "") for box, _bounds, _remove in self.rows]

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        for box, _bounds, _remove in self.rows:
            box.hide()
            box.deleteLater()
        self.rows = []
        for row in rows or [{}]:
            bounds = self.add_row()
            self.rows[-1][0].setProperty(ITEM_ID, str(row.get("id") or ""))
            for key, bound in bounds.items():
                if key in row:
                    bound.set_value(row[key])


def connect_all(bounds: dict[str, Bound], slot: Callable[[], None]) -> None:
    for bound in bounds.values():
        bound.changed.connect(slot)
