"""A small form dialog that runs one service call: what was typed stays when the service
refuses it, and the refusal shows, translated, above the buttons.

Opened with ``open()`` (never ``exec()``): the window stays responsive, and a test drives
it like a person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.errors import HarbourError
from ui.common import MessageLabel, _, directional
from ui.operations import OperationRunner, error_text


class ActionDialog(QDialog):
    """``run(values)`` is called off the GUI thread with what ``collect()`` returned;
    ``done(result)`` on the GUI thread after it succeeded (the dialog then closes).
    ``collect`` may raise ``HarbourError`` for input it refuses before any call."""

    def __init__(
        self,
        parent: QWidget | None,
        operations: OperationRunner,
        *,
        title: str,
        explain: str = "",
        ok_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._ops = operations
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.explain = QLabel(directional(explain), self)
        self.explain.setWordWrap(True)
        self.explain.setVisible(bool(explain))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.message = MessageLabel(parent=self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or _("OK"))
        self.ok_button.setAccessibleName(self.ok_button.text().replace("&", ""))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.collect: Callable[[], Any] = lambda: None
        self.run: Callable[[Any], Any] = lambda values: None
        self.done_with: Callable[[Any], None] = lambda result: None
        self.busy = False

    def add_row(self, label: str, field: QWidget) -> QWidget:
        """A labelled field; the label is the field's buddy and accessible name."""
        caption = QLabel(label, self)
        caption.setBuddy(field)
        caption.setWordWrap(True)
        field.setAccessibleName(label.replace("&", "").rstrip(":").lstrip("\u200f"))
        self.form.addRow(caption, field)
        return field

    def _on_buttons_accepted(self) -> None:
        if self.busy:
            return
        try:
            values = self.collect()
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        self.message.clear()
        self._ops.run(
            lambda: self.run(values),
            on_success=self._on_succeeded,
            on_failure=self._on_failed,
        )

    def reject(self) -> None:
        if not self.busy:  # a call under way finishes first (its answer lands here)
            super().reject()

    def _on_succeeded(self, result: Any) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.accept()
        self.done_with(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.message.show_message(error_text(exc))
