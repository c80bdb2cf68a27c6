"""The change-passphrase dialog (opened with ``open()``, never ``exec()``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import HarbourError, WrongPassphrase
from app.services import users as user_service
from app.services.session import Session
from ui.common import MessageLabel, _, field_with_message, passphrase_edit, passphrase_rules_text
from ui.operations import OperationRunner, error_text


class ChangePassphraseDialog(QDialog):
    """``must_change``: the user signed in with a temporary passphrase. Nothing else is
    allowed until they choose their own, so the dialog's way out is signing out
    (``sign_out_chosen``), not Cancel."""

    passphrase_changed = Signal()
    sign_out_chosen = Signal()

    def __init__(
        self,
        session: Session,
        operations: OperationRunner,
        parent: QWidget | None = None,
        *,
        must_change: bool = False,
        current: str = "",
    ) -> None:
        """``current``: the temporary passphrase the user just signed in with, filled in
        so that it is not typed a third time (U2); it lives only in this dialog's field."""
        super().__init__(parent)
        self._session = session
        self._operations = operations
        self._must_change = must_change
        self._min_length = user_service.passphrase_min_length(session)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self.old = passphrase_edit(self)
        self.new = passphrase_edit(self)
        self.repeat = passphrase_edit(self)
        self.old_message = MessageLabel(parent=self)
        self.new_message = MessageLabel(parent=self)
        self.repeat_message = MessageLabel(parent=self)
        self.message = MessageLabel(parent=self)
        self._rules = QLabel(self)
        self._rules.setWordWrap(True)
        self._old_label = QLabel(self)
        self._old_label.setBuddy(self.old)
        self._new_label = QLabel(self)
        self._new_label.setBuddy(self.new)
        self._repeat_label = QLabel(self)
        self._repeat_label.setBuddy(self.repeat)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.rejected.connect(self._on_self_rejected)
        form = QFormLayout()
        form.addRow(self._old_label, field_with_message(self.old, self.old_message))
        form.addRow("", self._rules)
        form.addRow(self._new_label, field_with_message(self.new, self.new_message))
        form.addRow(self._repeat_label, field_with_message(self.repeat, self.repeat_message))
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()
        if current:
            self.old.setText(current)
            self.new.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change your passphrase"))
        if self._must_change:
            intro = _("You signed in with a temporary passphrase. Choose your own now.")
        else:
            intro = _("Type your current passphrase, then the new one twice.")
        self._intro.setText(intro)
        self._rules.setText(passphrase_rules_text(self._min_length))
        self._old_label.setText(_("C&urrent passphrase:"))
        self._new_label.setText(_("&New passphrase:"))
        self._repeat_label.setText(_("&Repeat new passphrase:"))
        self.old.setAccessibleName(_("Current passphrase"))
        self.new.setAccessibleName(_("New passphrase"))
        self.repeat.setAccessibleName(_("Repeat new passphrase"))
        self.busy.setAccessibleName(_("Changing the passphrase"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Change passphrase"))
        ok.setAccessibleName(_("Change passphrase"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if self._must_change:
            cancel.setText(_("Sign &out"))
            cancel.setAccessibleName(_("Sign out"))
        else:
            cancel.setText(_("Cancel"))
            cancel.setAccessibleName(_("Cancel"))

    def _on_self_rejected(self) -> None:
        if self._must_change and self._session.user.must_change_passphrase:
            self.sign_out_chosen.emit()

    def _on_buttons_accepted(self) -> None:
        for message in (self.old_message, self.new_message, self.repeat_message, self.message):
            message.clear()
        if not self.old.text():
            self.old_message.show_message(_("Type your current passphrase."))
            self.old.setFocus()
            return
        try:
            user_service.check_passphrase(
                self.new.text(), self._session.user.name, self._min_length
            )
        except HarbourError as exc:
            self.new_message.show_message(str(exc))
            self.new.setFocus()
            return
        if self.new.text() != self.repeat.text():
            self.repeat_message.show_message(_("The two passphrases are not the same."))
            self.repeat.setFocus()
            self.repeat.selectAll()
            return
        session, old, new = self._session, self.old.text(), self.new.text()
        self._set_busy(True)
        self._operations.run(
            lambda: user_service.change_own_passphrase(
                session, old_passphrase=old, new_passphrase=new
            ),
            on_success=self._on_change_succeeded,
            on_failure=self._on_change_failed,
        )

    def _on_change_succeeded(self, _result: object) -> None:
        self._set_busy(False)
        for field in (self.old, self.new, self.repeat):
            field.clear()
        self.passphrase_changed.emit()
        self.accept()

    def _on_change_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.old_message.show_message(error_text(exc))
            self.old.clear()
            self.old.setFocus()
        else:
            self.message.show_message(error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.old, self.new, self.repeat, self.buttons):
            widget.setEnabled(not busy)
