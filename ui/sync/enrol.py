"""Enrol this laptop with the sync server: its address and the one-time code a server
admin printed (``harbour server enrol``). A refusal is a translated line under the form;
what was typed stays."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services import sync
from app.services.session import Session
from ui.common import MessageLabel, Page, _, field_with_message
from ui.operations import OperationRunner, error_text


class EnrolPanel(Page):
    enrolled = Signal(object)  # sync.EnrolResult

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session: Session | None = None
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self.server = QLineEdit(self)
        self.server.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.server.setMaxLength(300)
        self.server.setPlaceholderText("https://sync.example.org")
        self.code = QLineEdit(self)
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.code.setMaxLength(80)
        self.code.returnPressed.connect(self._on_enrol_button_clicked)
        self.server_message = MessageLabel(parent=self)
        self.code_message = MessageLabel(parent=self)
        self.message = MessageLabel(parent=self)
        self.enrol_button = QPushButton(self)
        self.enrol_button.clicked.connect(self._on_enrol_button_clicked)
        self._server_label = QLabel(self)
        self._server_label.setBuddy(self.server)
        self._code_label = QLabel(self)
        self._code_label.setBuddy(self.code)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._intro)
        form.addRow(self._server_label, field_with_message(self.server, self.server_message))
        form.addRow(self._code_label, field_with_message(self.code, self.code_message))
        form.addRow(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.enrol_button)
        form.addRow(buttons)
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self._session = session
        if session is None:
            self.code.clear()  # a one-time code is not kept past the session
            for message in (self.server_message, self.code_message, self.message):
                message.clear()

    def _on_enrol_button_clicked(self) -> None:
        session = self._session
        if session is None or not self.enrol_button.isEnabled():
            return
        server, code = self.server.text().strip(), self.code.text().strip()
        for message in (self.server_message, self.code_message, self.message):
            message.clear()
        if not server.startswith(("https://", "http://")) or len(server) < 10:
            self.server_message.show_translated(
                lambda: _(
                    "Type the server's address as the administrator gave it, beginning with https://."
                )
            )
            self.server.setFocus()
            return
        if not code:
            self.code_message.show_translated(
                lambda: _("Type the one-time code the server administrator gave you.")
            )
            self.code.setFocus()
            return
        self.enrol_button.setEnabled(False)
        self._operations.run(
            lambda: sync.enrol(session, server, code),
            on_success=self._on_enrolled,
            on_failure=self._on_refused,
        )

    def _on_enrolled(self, result: sync.EnrolResult) -> None:
        self.enrol_button.setEnabled(True)
        self.code.clear()
        self.enrolled.emit(result)

    def _on_refused(self, exc: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        self.message.show_message(error_text(exc))
        self.code.setFocus()

    def retranslate(self) -> None:
        self._intro.setText(
            _(
                "This laptop does not sync yet. Type the sync server's address and the"
                " one-time code its administrator gave you (it works once, for 15 minutes)."
            )
        )
        self._server_label.setText(_("S&ync server address:"))
        self.server.setAccessibleName(_("Sync server address"))
        self._code_label.setText(_("One-time &code:"))
        self.code.setAccessibleName(_("One-time enrolment code"))
        self.enrol_button.setText(_("&Enrol this laptop"))
        self.enrol_button.setAccessibleName(_("Enrol this laptop"))
