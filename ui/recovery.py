""" "Forgot passphrase": a manager sets a new passphrase with the recovery code.

Opened from the sign-in window with ``open()``. The same service as ``harbour recover``
(app/services/auth.py ``recover``) runs off the GUI thread. The used code is replaced by a
new one, shown once on the second page like at set-up (no selection, no copy); the manager
is signed in when they say they have written it down.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.passphrase import MIN_ALLOWED_MIN_LENGTH, is_well_formed_recovery_code
from app.errors import HarbourError, WrongRecoveryCode
from app.services import users as user_service
from app.services.session import Session
from ui.common import (
    MessageLabel,
    _,
    end_index_progress,
    field_with_message,
    isolate,
    passphrase_edit,
    passphrase_rules_text,
    show_index_progress,
)
from ui.fonts import monospace_font
from ui.operations import OperationRunner, error_text, progress_to

# recover(manager name, recovery code, new passphrase, progress(done, total) of the one-off
# name index rebuild after an upgrade) -> (Session, new recovery code)
Recover = Callable[[str, str, str, Callable[[int, int], None]], tuple[Session, str]]


class RecoveryDialog(QDialog):
    recovered = Signal(object)  # the manager's Session, once the new code is written down
    index_progress = Signal(int, int)  # from the worker, shown on the GUI thread

    PAGE_FORM = 0
    PAGE_CODE = 1

    def __init__(
        self,
        managers: list[str],
        recover: Recover,
        operations: OperationRunner,
        *,
        min_length: int,
        select: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._recover = recover
        self._operations = operations
        self._min_length = min_length
        self._session: Session | None = None
        self._working = False
        self._stack = QStackedWidget(self)

        form_page = QWidget()
        self._intro = QLabel(form_page)
        self._intro.setWordWrap(True)
        self.manager = QComboBox(form_page)
        for name in managers:
            self.manager.addItem(name, name)
        if select:
            self.manager.setCurrentIndex(max(0, self.manager.findData(select)))
        self.code = QLineEdit(form_page)
        self.code.setFont(monospace_font(1.2))
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.code.setMaxLength(60)
        self.new = passphrase_edit(form_page)
        self.repeat = passphrase_edit(form_page)
        self.code_message = MessageLabel(parent=form_page)
        self.new_message = MessageLabel(parent=form_page)
        self.repeat_message = MessageLabel(parent=form_page)
        self._rules = QLabel(form_page)
        self._rules.setWordWrap(True)
        self._manager_label = QLabel(form_page)
        self._manager_label.setBuddy(self.manager)
        self._code_label = QLabel(form_page)
        self._code_label.setBuddy(self.code)
        self._new_label = QLabel(form_page)
        self._new_label.setBuddy(self.new)
        self._repeat_label = QLabel(form_page)
        self._repeat_label.setBuddy(self.repeat)
        form = QFormLayout()
        form.addRow(self._manager_label, self.manager)
        form.addRow(self._code_label, field_with_message(self.code, self.code_message))
        form.addRow("", self._rules)
        form.addRow(self._new_label, field_with_message(self.new, self.new_message))
        form.addRow(self._repeat_label, field_with_message(self.repeat, self.repeat_message))
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(self._intro)
        form_layout.addLayout(form)
        form_layout.addStretch(1)
        self._stack.addWidget(form_page)

        code_page = QWidget()
        self._code_intro = QLabel(code_page)
        self._code_intro.setWordWrap(True)
        self.new_code = QLabel(code_page)
        self.new_code.setFont(monospace_font(1.6))
        self.new_code.setTextFormat(Qt.TextFormat.PlainText)
        # No selection and no copy: clipboard managers keep a history.
        self.new_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.new_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_code.setFrameShape(QLabel.Shape.StyledPanel)
        self.new_code.setMargin(12)
        self.new_code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.written_down = QCheckBox(code_page)
        self.written_down.toggled.connect(self._on_written_down_toggled)
        code_layout = QVBoxLayout(code_page)
        code_layout.addWidget(self._code_intro)
        code_layout.addWidget(self.new_code)
        code_layout.addWidget(self.written_down)
        code_layout.addStretch(1)
        self._stack.addWidget(code_page)

        self.message = MessageLabel(parent=self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.progress_note = MessageLabel(MessageLabel.INFO, parent=self)
        self.index_progress.connect(self._on_index_progress)
        self.buttons = QDialogButtonBox(self)
        self.ok = QPushButton(self)
        self.ok.setDefault(True)
        self.cancel = QPushButton(self)
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self._on_ok_clicked)
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.progress_note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        (self.code if self.manager.count() <= 1 or select else self.manager).setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rules()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a message or the progress shown
            self._fit_rules()
        return handled

    def _fit_rules(self) -> None:
        # The passphrase rules wrap to three or four lines (more in a larger font or a
        # longer translation). Qt gives a window no height-for-width of its own, so the
        # dialog kept its first height and the rules were clipped: its minimum height
        # follows what the layout needs at the width it has.
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Forgot passphrase"))
        self._intro.setText(
            _(
                "A manager who forgot their passphrase sets a new one with the recovery code "
                "written down when Harbour was set up. The code is then replaced by a new one."
            )
        )
        self._manager_label.setText(_("&Manager:"))
        self.manager.setAccessibleName(_("Manager"))
        self._code_label.setText(_("Recovery &code:"))
        self.code.setAccessibleName(_("Recovery code"))
        self._rules.setText(passphrase_rules_text(self._min_length))
        self._fit_rules()
        self._new_label.setText(_("&New passphrase:"))
        self._repeat_label.setText(_("&Repeat new passphrase:"))
        self.new.setAccessibleName(_("New passphrase"))
        self.repeat.setAccessibleName(_("Repeat new passphrase"))
        self._code_intro.setText(
            _(
                "Your new passphrase is set. The old recovery code no longer works: this is "
                "the new one. It is shown only this once: write it on paper now and keep the "
                "paper locked away, apart from this computer."
            )
        )
        self.new_code.setAccessibleName(_("New recovery code"))
        self.written_down.setText(_("I have &written down the new recovery code"))
        self.written_down.setAccessibleName(_("I have written down the new recovery code"))
        self.busy.setAccessibleName(_("Checking the recovery code"))
        if self.current_page() == self.PAGE_FORM:
            self.ok.setText(_("&Set the new passphrase"))
            self.ok.setAccessibleName(_("Set the new passphrase"))
        else:
            self.ok.setText(_("&Finish and sign in"))
            self.ok.setAccessibleName(_("Finish and sign in"))
        self.cancel.setText(_("Cancel"))
        self.cancel.setAccessibleName(_("Cancel"))
        self.cancel.setVisible(self.current_page() == self.PAGE_FORM)
        self._update_enabled()

    def current_page(self) -> int:
        return self._stack.currentIndex()

    def _update_enabled(self) -> None:
        page = self.current_page()
        self.ok.setEnabled(
            not self._working and (page == self.PAGE_FORM or self.written_down.isChecked())
        )

    def _on_written_down_toggled(self, _checked: bool) -> None:
        self._update_enabled()

    def _on_ok_clicked(self) -> None:
        if not self.ok.isEnabled():
            return
        if self.current_page() == self.PAGE_CODE:
            session, self._session = self._session, None
            self.new_code.clear()
            self.recovered.emit(session)
            self.accept()
            return
        for message in (self.code_message, self.new_message, self.repeat_message, self.message):
            message.clear()
        name = self.manager.currentData() or ""
        if not is_well_formed_recovery_code(self.code.text()):
            self.code_message.show_message(
                _("A recovery code has 30 letters and digits in six groups of five.")
            )
            self.code.setFocus()
            return
        try:
            # The centre's own minimum is in the vault, checked by the service once unlocked.
            user_service.check_passphrase(self.new.text(), name, MIN_ALLOWED_MIN_LENGTH)
        except HarbourError as exc:
            self.new_message.show_message(str(exc))
            self.new.setFocus()
            return
        if self.new.text() != self.repeat.text():
            self.repeat_message.show_message(_("The two passphrases are not the same."))
            self.repeat.setFocus()
            self.repeat.selectAll()
            return
        recover, code, new = self._recover, self.code.text(), self.new.text()
        self._set_busy(True)
        progress = progress_to(self, "index_progress")
        self._operations.run(
            lambda: recover(name, code, new, progress),
            on_success=self._on_recover_succeeded,
            on_failure=self._on_recover_failed,
        )

    def _on_recover_succeeded(self, result: tuple[Session, str]) -> None:
        self._set_busy(False)
        self._session, code = result
        for field in (self.code, self.new, self.repeat):
            field.clear()
        self.new_code.setText(code)
        self._stack.setCurrentIndex(self.PAGE_CODE)
        self.retranslate()
        self.written_down.setFocus()

    def _on_recover_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongRecoveryCode):
            self.code_message.show_message(error_text(exc))
            self.code.selectAll()
            self.code.setFocus()
        else:
            self.message.show_message(error_text(exc))

    def _on_index_progress(self, done: int, total: int) -> None:
        if self._working:
            show_index_progress(self.busy, self.progress_note, done, total)

    def _set_busy(self, busy: bool) -> None:
        self._working = busy
        if not busy:
            end_index_progress(self.busy, self.progress_note)
        self.busy.setVisible(busy)
        for widget in (self.manager, self.code, self.new, self.repeat, self.cancel):
            widget.setEnabled(not busy)
        self._update_enabled()

    def reject(self) -> None:
        # The old code no longer works once the new one shows: Escape must not lose it.
        if self.current_page() == self.PAGE_CODE:
            return
        super().reject()

    def take_pending_session(self) -> Session | None:
        """A session recovered but not yet finished (closed by the caller on cancel)."""
        session, self._session = self._session, None
        return session

    def name_text(self) -> str:
        return isolate(self.manager.currentData() or "")
