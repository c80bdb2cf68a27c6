"""Settings: vault location, idle minutes, UI language; and, for managers, the users.

Everyone chooses their interface language. The vault folder and the idle-lock time are the
centre's policy (``Permission.CHANGE_SETTINGS``): only a manager changes them; others see
them, read-only, with a line saying who can."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings
from app.domain.roles import Permission
from app.i18n import available_languages, ngettext
from app.services.session import Session
from ui.common import Page, _, directional, heading, language_label
from ui.operations import OperationRunner
from ui.sync.section import SyncSection
from ui.users_section import UsersSection


class MinutesSpinBox(QSpinBox):
    """A number of minutes written as a whole phrase in the UI language ("1 minute",
    "5 minutes", "٥ دقائق"), never a fixed suffix ("1 minutes")."""

    def textFromValue(self, value: int) -> str:
        return directional(ngettext("{n} minute", "{n} minutes", value).format(n=value))

    def valueFromText(self, text: str) -> int:
        digits = "".join(str(int(ch)) for ch in text if ch.isdigit())
        return int(digits) if digits else self.value()

    def validate(self, text: str, pos: int) -> object:
        from PySide6.QtGui import QValidator

        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            return QValidator.State.Intermediate, text, pos
        value = int("".join(str(int(ch)) for ch in digits))
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == event.Type.LanguageChange:
            self.setValue(self.value())
            self.lineEdit().setText(self.textFromValue(self.value()))


class SettingsPage(Page):
    vault_folder_chosen = Signal(str)
    idle_minutes_changed = Signal(int)
    language_chosen = Signal(str)

    def __init__(
        self,
        settings: AppSettings,
        operations: OperationRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._pending_folder = False
        self._title = heading(self)

        # this computer
        self._computer_box = QGroupBox(self)
        self.vault_folder = QLineEdit(self._computer_box)
        self.vault_folder.setReadOnly(True)
        self.vault_folder.setText(str(settings.vault_path))
        self.vault_folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.choose_folder = QPushButton(self._computer_box)
        self.choose_folder.clicked.connect(self._on_choose_folder_clicked)
        self._vault_note = QLabel(self._computer_box)
        self._vault_note.setWordWrap(True)
        self._policy_note = QLabel(self._computer_box)
        self._policy_note.setWordWrap(True)
        self._policy_note.setVisible(False)
        self._may_change_policy = False
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.vault_folder, 1)
        folder_row.addWidget(self.choose_folder)
        folder_box = QWidget(self._computer_box)
        folder_layout = QVBoxLayout(folder_box)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addLayout(folder_row)
        folder_layout.addWidget(self._vault_note)

        self.idle_minutes = MinutesSpinBox(self._computer_box)
        self.idle_minutes.setRange(1, 120)
        self.idle_minutes.setValue(settings.idle_minutes)
        self.idle_minutes.valueChanged.connect(self._on_idle_minutes_value_changed)

        self.language = QComboBox(self._computer_box)
        for code in available_languages():
            self.language.addItem(language_label(code), code)
        index = self.language.findData(settings.language)
        self.language.setCurrentIndex(max(0, index))
        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)

        self._folder_label = QLabel(self._computer_box)
        self._folder_label.setBuddy(self.choose_folder)
        self._idle_label = QLabel(self._computer_box)
        self._idle_label.setBuddy(self.idle_minutes)
        self._language_label = QLabel(self._computer_box)
        self._language_label.setBuddy(self.language)
        form = QFormLayout(self._computer_box)
        form.addRow(self._language_label, self.language)
        form.addRow(self._idle_label, self.idle_minutes)
        form.addRow(self._folder_label, folder_box)
        form.addRow(self._policy_note)

        self.users_section = UsersSection(operations, self)
        self.users_section.setVisible(False)
        self.sync_section = SyncSection(operations, self)  # managers (issue 16)
        self.sync_section.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._computer_box)
        layout.addWidget(self.users_section)
        layout.addWidget(self.sync_section)
        layout.addStretch(1)
        self.retranslate()

    def set_session(self, session: Session) -> None:
        self._set_policy_editable(session.may(Permission.CHANGE_SETTINGS))
        manager = session.may(Permission.MANAGE_USERS)
        self.users_section.setVisible(manager)
        if manager:
            self.users_section.set_session(session)
        else:
            self.users_section.clear_session()
        self.sync_section.setVisible(session.may(Permission.CHANGE_SETTINGS))
        if self.sync_section.isVisibleTo(self):
            self.sync_section.set_session(session)
        else:
            self.sync_section.clear_session()

    def clear_session(self) -> None:
        self.users_section.clear_session()
        self.users_section.setVisible(False)
        self.sync_section.clear_session()
        self.sync_section.setVisible(False)
        self._set_policy_editable(False)

    def _set_policy_editable(self, editable: bool) -> None:
        """The idle time and the vault folder: a manager changes them, others only see."""
        self._may_change_policy = editable
        # read-only, not disabled: still reached by Tab and read by a screen reader
        self.idle_minutes.setReadOnly(not editable)
        self.idle_minutes.setButtonSymbols(
            QSpinBox.ButtonSymbols.UpDownArrows if editable else QSpinBox.ButtonSymbols.NoButtons
        )
        self.choose_folder.setEnabled(editable)
        self._policy_note.setVisible(not editable)

    @property
    def may_change_policy(self) -> bool:
        return self._may_change_policy

    def show_idle_minutes(self, minutes: int) -> None:
        """Put back the saved value (a change was refused)."""
        self.idle_minutes.blockSignals(True)
        self.idle_minutes.setValue(minutes)
        self.idle_minutes.blockSignals(False)

    def set_language(self, code: str) -> None:
        index = self.language.findData(code)
        if index >= 0 and index != self.language.currentIndex():
            self.language.blockSignals(True)
            self.language.setCurrentIndex(index)
            self.language.blockSignals(False)

    def show_vault_folder(self, folder: str, pending: bool) -> None:
        self.vault_folder.setText(folder)
        self._pending_folder = pending
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Settings"))
        self._computer_box.setTitle(_("On this computer"))
        self._language_label.setText(_("&Language:"))
        for index in range(self.language.count()):
            self.language.setItemText(index, language_label(self.language.itemData(index)))
        self.language.setAccessibleName(_("Language"))
        self._idle_label.setText(_("Lock after &idle time:"))
        self.idle_minutes.lineEdit().setText(
            self.idle_minutes.textFromValue(self.idle_minutes.value())
        )
        self._policy_note.setText(
            _("Only a manager can change the idle time and the vault folder.")
        )
        self.idle_minutes.setAccessibleName(_("Minutes without use before Harbour locks itself"))
        self._folder_label.setText(_("&Vault folder:"))
        self.vault_folder.setAccessibleName(_("Vault folder"))
        self.choose_folder.setText(_("C&hoose another folder…"))
        self.choose_folder.setAccessibleName(_("Choose another vault folder"))
        if self._pending_folder:
            note = _("Harbour will use this folder the next time it starts.")
        else:
            note = _("A different folder takes effect the next time Harbour starts.")
        self._vault_note.setText(note)

    def _on_choose_folder_clicked(self) -> None:
        if not self._may_change_policy:
            return
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the vault folder"), str(Path(self.vault_folder.text()).parent)
        )
        if folder:
            self.vault_folder_chosen.emit(folder)

    def _on_idle_minutes_value_changed(self, value: int) -> None:
        if self._may_change_policy:
            self.idle_minutes_changed.emit(value)

    def _on_language_current_index_changed(self, index: int) -> None:
        code = self.language.itemData(index)
        if code:
            self.language_chosen.emit(code)
