"""First run: organisation, centre, first manager and passphrase, then the recovery code.

The manager may give their profession (optional): a manager with one can assess age from
day one, as the second profession an assessment needs [A14].

Three pages in a stack rather than a QWizard, so that every text retranslates and the
recovery page can refuse to finish until the code is written down. The vault is created
off the GUI thread (Argon2id takes about half a second).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.passphrase import DEFAULT_MIN_LENGTH, MIN_ALLOWED_MIN_LENGTH
from app.domain.roles import Profession
from app.errors import HarbourError
from app.services.session import Session
from app.services.users import check_passphrase, check_user_name
from ui.common import (
    MessageLabel,
    Page,
    _,
    field_with_message,
    heading,
    passphrase_edit,
    passphrase_rules_text,
    profession_name,
)
from ui.fonts import monospace_font
from ui.operations import OperationRunner, error_text

# create(organisation, centre, user_name, passphrase, min_length, profession) -> (Session, code)
CreateVault = Callable[[str, str, str, str, int, Profession | None], tuple[Session, str]]


class SetupWizard(Page):
    vault_created = Signal(object)  # the manager's Session, once the code is written down

    PAGE_CENTRE, PAGE_MANAGER, PAGE_RECOVERY = range(3)

    def __init__(
        self, create: CreateVault, operations: OperationRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._create = create
        self._operations = operations
        self._session: Session | None = None
        self._working = False

        self._title = heading(self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._build_centre_page())
        self._stack.addWidget(self._build_manager_page())
        self._stack.addWidget(self._build_recovery_page())

        self._busy = QProgressBar(self)
        self._busy.setRange(0, 0)
        self._busy.setTextVisible(False)
        self._busy.setVisible(False)

        self._back = QPushButton(self)
        self._next = QPushButton(self)
        self._next.setDefault(True)
        self._back.clicked.connect(self._on_back_clicked)
        self._next.clicked.connect(self._on_next_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._back)
        buttons.addWidget(self._next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self._title)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._busy)
        layout.addLayout(buttons)
        self.retranslate()
        self._show_page(self.PAGE_CENTRE)

    # ---- pages -------------------------------------------------------------------------

    def _build_centre_page(self) -> QWidget:
        page = QWidget()
        self._centre_intro = QLabel(page)
        self._centre_intro.setWordWrap(True)
        self.organisation = QLineEdit(page)
        self.organisation.setMaxLength(200)
        self.centre = QLineEdit(page)
        self.centre.setMaxLength(200)
        self._organisation_msg = MessageLabel(parent=page)
        self._centre_msg = MessageLabel(parent=page)
        self._organisation_label = QLabel(page)
        self._organisation_label.setBuddy(self.organisation)
        self._centre_label = QLabel(page)
        self._centre_label.setBuddy(self.centre)
        form = QFormLayout()
        form.addRow(
            self._organisation_label, field_with_message(self.organisation, self._organisation_msg)
        )
        form.addRow(self._centre_label, field_with_message(self.centre, self._centre_msg))
        layout = QVBoxLayout(page)
        layout.addWidget(self._centre_intro)
        layout.addLayout(form)
        layout.addStretch(1)
        self.organisation.returnPressed.connect(self.centre.setFocus)
        self.centre.returnPressed.connect(self._on_next_clicked)
        return page

    def _build_manager_page(self) -> QWidget:
        page = QWidget()
        self._manager_intro = QLabel(page)
        self._manager_intro.setWordWrap(True)
        self.user_name = QLineEdit(page)
        self.user_name.setMaxLength(64)
        self.profession = QComboBox(page)
        self.profession.addItem("", "")
        for profession in Profession:
            self.profession.addItem("", profession.value)
        self._profession_label = QLabel(page)
        self._profession_label.setBuddy(self.profession)
        self._profession_hint = QLabel(page)
        self._profession_hint.setWordWrap(True)
        self._profession_hint.setEnabled(False)  # the palette's quiet text
        self.passphrase = passphrase_edit(page)
        self.repeat = passphrase_edit(page)
        self.min_length = QSpinBox(page)
        self.min_length.setRange(MIN_ALLOWED_MIN_LENGTH, 64)
        self.min_length.setValue(DEFAULT_MIN_LENGTH)
        self.min_length.valueChanged.connect(self._on_min_length_value_changed)
        self._rules = QLabel(page)
        self._rules.setWordWrap(True)
        self._user_msg = MessageLabel(parent=page)
        self._passphrase_msg = MessageLabel(parent=page)
        self._repeat_msg = MessageLabel(parent=page)
        self._manager_msg = MessageLabel(parent=page)
        self._user_label = QLabel(page)
        self._user_label.setBuddy(self.user_name)
        self._passphrase_label = QLabel(page)
        self._passphrase_label.setBuddy(self.passphrase)
        self._repeat_label = QLabel(page)
        self._repeat_label.setBuddy(self.repeat)
        self._min_length_label = QLabel(page)
        self._min_length_label.setBuddy(self.min_length)
        form = QFormLayout()
        form.addRow(self._user_label, field_with_message(self.user_name, self._user_msg))
        form.addRow(
            self._profession_label, field_with_message(self.profession, self._profession_hint)
        )
        form.addRow(self._min_length_label, self.min_length)
        form.addRow("", self._rules)
        form.addRow(
            self._passphrase_label, field_with_message(self.passphrase, self._passphrase_msg)
        )
        form.addRow(self._repeat_label, field_with_message(self.repeat, self._repeat_msg))
        layout = QVBoxLayout(page)
        layout.addWidget(self._manager_intro)
        layout.addLayout(form)
        layout.addWidget(self._manager_msg)
        layout.addStretch(1)
        # Tab follows the rows as drawn: the minimum length sits above the passphrase.
        QWidget.setTabOrder(self.profession, self.min_length)
        QWidget.setTabOrder(self.min_length, self.passphrase)
        self.user_name.returnPressed.connect(self.passphrase.setFocus)
        self.passphrase.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self._on_next_clicked)
        return page

    def _build_recovery_page(self) -> QWidget:
        page = QWidget()
        self._recovery_intro = QLabel(page)
        self._recovery_intro.setWordWrap(True)
        self.recovery_code = QLabel(page)
        self.recovery_code.setFont(monospace_font(1.8))
        self.recovery_code.setTextFormat(Qt.TextFormat.PlainText)
        # No selection and no copy: clipboard managers keep a history.
        self.recovery_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.recovery_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recovery_code.setFrameShape(QLabel.Shape.StyledPanel)
        self.recovery_code.setMargin(12)
        # Latin letters and digits: keep them left to right in an Arabic layout too.
        self.recovery_code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.written_down = QCheckBox(page)
        self.written_down.toggled.connect(self._on_written_down_toggled)
        layout = QVBoxLayout(page)
        layout.addWidget(self._recovery_intro)
        layout.addWidget(self.recovery_code)
        layout.addWidget(self.written_down)
        layout.addStretch(1)
        return page

    # ---- texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._centre_intro.setText(
            _(
                "Welcome to Harbour. This computer has no Harbour vault yet. Everything you "
                "record will be kept in an encrypted vault on this computer. First, name the "
                "organisation and the reception centre."
            )
        )
        self._organisation_label.setText(_("&Organisation:"))
        self._centre_label.setText(_("&Centre:"))
        self.organisation.setAccessibleName(_("Organisation"))
        self.centre.setAccessibleName(_("Centre"))
        self._manager_intro.setText(
            _("Create the first manager account. The manager can add the other users later.")
        )
        self._user_label.setText(_("&Your name:"))
        self._profession_label.setText(_("Your pro&fession (optional):"))
        self.profession.setAccessibleName(_("Your profession (optional)"))
        self.profession.setItemText(0, _("None given"))
        for i in range(1, self.profession.count()):
            self.profession.setItemText(i, profession_name(self.profession.itemData(i)))
        self._profession_hint.setText(
            _(
                "Give it if you will assess children's age yourself: an age assessment is "
                "signed by two people of different professions."
            )
        )
        self.profession.setAccessibleDescription(self._profession_hint.text())
        self._passphrase_label.setText(_("&Passphrase:"))
        self._repeat_label.setText(_("&Repeat passphrase:"))
        self._min_length_label.setText(_("&Minimum passphrase length:"))
        self.user_name.setAccessibleName(_("Your name"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.repeat.setAccessibleName(_("Repeat passphrase"))
        self.min_length.setAccessibleName(_("Minimum passphrase length"))
        self.min_length.setSuffix(" " + _("characters"))
        self._rules.setText(passphrase_rules_text(self.min_length.value()))
        self._recovery_intro.setText(
            _(
                "This is the recovery code. It opens the vault if every manager forgets their "
                "passphrase. It is shown only this once: write it on paper now and keep the "
                "paper locked away, apart from this computer."
            )
        )
        self.recovery_code.setAccessibleName(_("Recovery code"))
        self.written_down.setText(_("I have &written down the recovery code"))
        self.written_down.setAccessibleName(_("I have written down the recovery code"))
        self._busy.setAccessibleName(_("Creating the vault"))
        self._back.setText(_("&Back"))
        self._back.setAccessibleName(_("Back"))
        self._update_title_and_buttons()

    def _update_title_and_buttons(self) -> None:
        index = self._stack.currentIndex()
        titles = {
            self.PAGE_CENTRE: _("Set up Harbour: step 1 of 3"),
            self.PAGE_MANAGER: _("Set up Harbour: step 2 of 3"),
            self.PAGE_RECOVERY: _("Set up Harbour: step 3 of 3"),
        }
        self._title.setText(titles.get(index, ""))
        next_texts = {
            self.PAGE_CENTRE: (_("&Next"), _("Next")),
            self.PAGE_MANAGER: (_("&Create the vault"), _("Create the vault")),
            self.PAGE_RECOVERY: (_("&Finish"), _("Finish")),
        }
        text, name = next_texts.get(index, ("", ""))
        self._next.setText(text)
        self._next.setAccessibleName(name)
        self._back.setVisible(index == self.PAGE_MANAGER)
        busy = self._working
        self._back.setEnabled(not busy)
        self._next.setEnabled(
            not busy and (index != self.PAGE_RECOVERY or self.written_down.isChecked())
        )

    # ---- flow --------------------------------------------------------------------------

    def current_page(self) -> int:
        return self._stack.currentIndex()

    def _show_page(self, index: int) -> None:
        self._stack.setCurrentIndex(index)
        self._update_title_and_buttons()
        focus = {
            self.PAGE_CENTRE: self.organisation,
            self.PAGE_MANAGER: self.user_name,
            self.PAGE_RECOVERY: self.written_down,
        }[index]
        # reached by the keyboard (Return, Alt+N): the style draws the focus frame on it
        # (walkthrough W3; a Tab reason counts only inside a real Tab key press)
        focus.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def take_pending_session(self) -> Session | None:
        """The session of a vault created but not yet finished (to close on quit)."""
        session, self._session = self._session, None
        return session

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on the last step finishes (walkthrough W2): this page is a widget, not a
        dialog, so the default button does not take Enter by itself. A focused push
        button takes Enter as a click."""
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.current_page() == self.PAGE_RECOVERY
        ):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton):
                focus.click()
            else:
                self._on_next_clicked()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_back_clicked(self) -> None:
        if self.current_page() == self.PAGE_MANAGER:
            self._show_page(self.PAGE_CENTRE)

    def _on_next_clicked(self) -> None:
        if not self._next.isEnabled():
            return
        page = self.current_page()
        if page == self.PAGE_CENTRE:
            if self._check_centre_page():
                self._show_page(self.PAGE_MANAGER)
        elif page == self.PAGE_MANAGER:
            if self._check_centre_page() and self._check_manager_page():
                self._start_create()
        elif page == self.PAGE_RECOVERY and self.written_down.isChecked():
            session, self._session = self._session, None
            self.recovery_code.clear()
            self.vault_created.emit(session)

    def _on_min_length_value_changed(self, value: int) -> None:
        self._rules.setText(passphrase_rules_text(value))

    def _on_written_down_toggled(self, _checked: bool) -> None:
        self._update_title_and_buttons()

    def _check_centre_page(self) -> bool:
        ok = True
        for field, message, text in (
            (self.organisation, self._organisation_msg, _("Enter the organisation's name.")),
            (self.centre, self._centre_msg, _("Enter the centre's name.")),
        ):
            empty = not field.text().strip()
            message.show_message(text if empty else "")
            if empty and ok:
                if self.current_page() != self.PAGE_CENTRE:
                    self._show_page(self.PAGE_CENTRE)
                field.setFocus()
                ok = False
        return ok

    def _check_manager_page(self) -> bool:
        for message in (self._user_msg, self._passphrase_msg, self._repeat_msg, self._manager_msg):
            message.clear()
        try:
            name = check_user_name(self.user_name.text())
        except HarbourError as exc:
            self._user_msg.show_message(str(exc))
            self.user_name.setFocus()
            return False
        try:
            check_passphrase(self.passphrase.text(), name, self.min_length.value())
        except HarbourError as exc:
            self._passphrase_msg.show_message(str(exc))
            self.passphrase.setFocus()
            return False
        if self.repeat.text() != self.passphrase.text():
            self._repeat_msg.show_message(_("The two passphrases are not the same."))
            self.repeat.setFocus()
            self.repeat.selectAll()
            return False
        return True

    def _set_busy(self, busy: bool) -> None:
        self._working = busy
        self._busy.setVisible(busy)
        for widget in (
            self.user_name,
            self.profession,
            self.passphrase,
            self.repeat,
            self.min_length,
        ):
            widget.setEnabled(not busy)
        self._update_title_and_buttons()

    def _start_create(self) -> None:
        organisation = self.organisation.text()
        centre = self.centre.text()
        name = self.user_name.text()
        passphrase = self.passphrase.text()
        min_length = self.min_length.value()
        chosen = self.profession.currentData()
        profession = Profession(chosen) if chosen else None
        create = self._create

        self._operations.run(
            lambda: create(organisation, centre, name, passphrase, min_length, profession),
            on_success=self._on_create_succeeded,
            on_failure=self._on_create_failed,
        )
        self._set_busy(True)

    def _on_create_succeeded(self, result: tuple[Session, str]) -> None:
        self._session, code = result
        self.passphrase.clear()
        self.repeat.clear()
        self.recovery_code.setText(code)
        self._set_busy(False)
        self._show_page(self.PAGE_RECOVERY)

    def _on_create_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._manager_msg.show_message(error_text(exc))
        self.passphrase.setFocus()
