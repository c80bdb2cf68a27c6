"""Managers only: the list of users, adding one with a temporary passphrase, removing one,
and recording or changing a user's profession (a manager who skipped it at set-up, too)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Profession, Role
from app.errors import HarbourError
from app.services import users as user_service
from app.services.session import Session, UserInfo
from ui.common import (
    PROFESSION_NAMES,
    ROLE_NAMES,
    MessageLabel,
    Page,
    _,
    field_with_message,
    isolate,
    passphrase_edit,
    profession_name,
    role_name,
)
from ui.operations import OperationRunner, error_text


class UsersSection(Page):
    users_changed = Signal()

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session: Session | None = None
        self._users: list[UserInfo] = []
        self._confirm_box: QMessageBox | None = None

        self._box = QGroupBox(self)
        self.table = QTreeWidget(self._box)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(3)
        self.table.setMinimumHeight(140)
        self.table.currentItemChanged.connect(self._on_table_current_item_changed)
        # The selected user's profession: created before "Remove" so that Tab reaches
        # them in reading order.
        self._profession_of_label = QLabel(self._box)
        self.profession_of = QComboBox(self._box)
        self.profession_of.addItem("", "")
        for profession in PROFESSION_NAMES:
            self.profession_of.addItem("", profession.value)
        self._profession_of_label.setBuddy(self.profession_of)
        self.profession_button = QPushButton(self._box)
        self.profession_button.clicked.connect(self._on_profession_button_clicked)
        self.remove_button = QPushButton(self._box)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.list_message = MessageLabel(parent=self._box)

        self._add_box = QGroupBox(self._box)
        self.new_name = QLineEdit(self._add_box)
        self.new_name.setMaxLength(64)
        self.new_role = QComboBox(self._add_box)
        for role in ROLE_NAMES:
            self.new_role.addItem("", role.value)
        self.new_role.setCurrentIndex(self.new_role.findData(Role.INTAKE_OFFICER.value))
        self.new_role.currentIndexChanged.connect(self._on_new_role_current_index_changed)
        self.new_profession = QComboBox(self._add_box)
        for profession in PROFESSION_NAMES:
            self.new_profession.addItem("", profession.value)
        self.new_passphrase = passphrase_edit(self._add_box)
        self.add_button = QPushButton(self._add_box)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.new_passphrase.returnPressed.connect(self._on_add_button_clicked)
        self.name_message = MessageLabel(parent=self._add_box)
        self.passphrase_message = MessageLabel(parent=self._add_box)
        self.add_message = MessageLabel(parent=self._add_box)
        self.done_message = MessageLabel(MessageLabel.INFO, self._add_box)
        # A reserved status line (as ui/age/page.py _keep_place): the message appears
        # without pushing the add form down under the manager's cursor (U1).
        policy = self.done_message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.done_message.setSizePolicy(policy)
        self.busy = QProgressBar(self._add_box)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)

        self._name_label = QLabel(self._add_box)
        self._name_label.setBuddy(self.new_name)
        self._role_label = QLabel(self._add_box)
        self._role_label.setBuddy(self.new_role)
        self._profession_label = QLabel(self._add_box)
        self._profession_label.setBuddy(self.new_profession)
        self._passphrase_label = QLabel(self._add_box)
        self._passphrase_label.setBuddy(self.new_passphrase)
        self._passphrase_hint = QLabel(self._add_box)
        self._passphrase_hint.setWordWrap(True)
        add_form = QFormLayout(self._add_box)
        add_form.addRow(self._name_label, field_with_message(self.new_name, self.name_message))
        add_form.addRow(self._role_label, self.new_role)
        add_form.addRow(self._profession_label, self.new_profession)
        add_form.addRow(
            self._passphrase_label, field_with_message(self.new_passphrase, self.passphrase_message)
        )
        add_form.addRow("", self._passphrase_hint)
        add_buttons = QHBoxLayout()
        add_buttons.addStretch(1)
        add_buttons.addWidget(self.add_button)
        add_form.addRow(self.add_message)
        add_form.addRow(self.busy)
        add_form.addRow(add_buttons)

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self._profession_of_label)
        list_buttons.addWidget(self.profession_of)
        list_buttons.addWidget(self.profession_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.remove_button)
        box_layout = QVBoxLayout(self._box)
        box_layout.addWidget(self.table)
        box_layout.addWidget(self.list_message)
        box_layout.addLayout(list_buttons)
        box_layout.addWidget(self.done_message)
        box_layout.addWidget(self._add_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._box)
        # Tab follows reading order (the add form's fields sit in boxes made later).
        chain = [
            self.table,
            self.profession_of,
            self.profession_button,
            self.remove_button,
            self.new_name,
            self.new_role,
            self.new_profession,
            self.new_passphrase,
            self.add_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._on_new_role_current_index_changed(self.new_role.currentIndex())
        self.retranslate()

    # ---- session -----------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        self._session = session
        self.refresh()

    def clear_session(self) -> None:
        self._session = None
        self._users = []
        self.table.clear()
        for field in (self.new_name, self.new_passphrase):
            field.clear()
        for message in (
            self.name_message,
            self.passphrase_message,
            self.add_message,
            self.done_message,
            self.list_message,
        ):
            message.clear()

    def refresh(self) -> None:
        if self._session is None or not self._session.is_open:
            return
        try:
            self._users = [u for u in user_service.list_users(self._session) if u.active]
        except HarbourError as exc:
            self.list_message.show_message(str(exc))
            return
        self._fill_table()

    def user_names(self) -> list[str]:
        return [u.name for u in self._users]

    def _fill_table(self) -> None:
        selected = self._selected_name()
        self.table.clear()
        for user in self._users:
            item = QTreeWidgetItem(
                [user.name, role_name(user.role), profession_name(user.profession)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, user.name)
            self.table.addTopLevelItem(item)
            if user.name == selected:
                self.table.setCurrentItem(item)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self._update_remove_enabled()

    def _selected_name(self) -> str:
        item = self.table.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else ""

    # ---- texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        metrics = self.done_message.fontMetrics()
        self.done_message.setMinimumHeight(max(metrics.height(), metrics.lineSpacing()) + 4)
        self._box.setTitle(_("Users"))
        self.table.setHeaderLabels([_("Name"), _("Role"), _("Profession")])
        self.table.setAccessibleName(_("Users"))
        self.remove_button.setText(_("&Remove the selected user"))
        self.remove_button.setAccessibleName(_("Remove the selected user"))
        self._profession_of_label.setText(_("&Profession of the selected user:"))
        self.profession_of.setAccessibleName(_("Profession of the selected user"))
        self.profession_of.setItemText(0, _("None given"))
        for index in range(1, self.profession_of.count()):
            self.profession_of.setItemText(
                index, profession_name(self.profession_of.itemData(index))
            )
        self.profession_button.setText(_("&Save the profession"))
        self.profession_button.setAccessibleName(_("Save the profession of the selected user"))
        self._add_box.setTitle(_("Add a user"))
        self._name_label.setText(_("&Name:"))
        self._role_label.setText(_("R&ole:"))
        self._profession_label.setText(_("Pro&fession:"))
        self._passphrase_label.setText(_("&Temporary passphrase:"))
        self._passphrase_hint.setText(
            _(
                "Tell the person this passphrase in private. Harbour asks them to choose "
                "their own when they first sign in."
            )
        )
        self.new_name.setAccessibleName(_("Name of the new user"))
        self.new_role.setAccessibleName(_("Role of the new user"))
        self.new_profession.setAccessibleName(_("Profession of the new assessor"))
        self.new_passphrase.setAccessibleName(_("Temporary passphrase"))
        self.add_button.setText(_("A&dd user"))
        self.add_button.setAccessibleName(_("Add user"))
        self.busy.setAccessibleName(_("Adding the user"))
        for index in range(self.new_role.count()):
            self.new_role.setItemText(index, role_name(self.new_role.itemData(index)))
        for index in range(self.new_profession.count()):
            self.new_profession.setItemText(
                index, profession_name(self.new_profession.itemData(index))
            )
        if self._users:
            self._fill_table()

    # ---- handlers ----------------------------------------------------------------------

    def _on_new_role_current_index_changed(self, index: int) -> None:
        assessor = self.new_role.itemData(index) == Role.ASSESSOR.value
        self.new_profession.setEnabled(assessor)
        self._profession_label.setEnabled(assessor)

    def _on_table_current_item_changed(self, *_items: object) -> None:
        self.list_message.clear()
        self._show_selected_profession()
        self._update_remove_enabled()

    def _selected_user(self) -> UserInfo | None:
        name = self._selected_name()
        return next((u for u in self._users if u.name == name), None)

    def _show_selected_profession(self) -> None:
        user = self._selected_user()
        wanted = (user.profession or "") if user is not None else ""
        self.profession_of.setCurrentIndex(max(0, self.profession_of.findData(wanted)))

    def _update_remove_enabled(self) -> None:
        name = self._selected_name()
        me = self._session.user.name if self._session else ""
        self.remove_button.setEnabled(bool(name) and name != me and not self._operations.busy)
        # Saved at once on this thread: nothing running elsewhere holds it back.
        for widget in (self.profession_of, self.profession_button, self._profession_of_label):
            widget.setEnabled(bool(name))

    def _on_profession_button_clicked(self) -> None:
        session, user = self._session, self._selected_user()
        if session is None or user is None:
            return
        self.list_message.clear()
        self.done_message.clear()
        chosen = self.profession_of.currentData()
        try:
            changed = user_service.set_profession(
                session, user_name=user.name, profession=Profession(chosen) if chosen else None
            )
        except HarbourError as exc:
            self.list_message.show_message(str(exc))
            self._show_selected_profession()
            return
        self.done_message.show_translated(
            lambda: _("Profession of {name}: {profession}.").format(
                name=isolate(changed.name),
                profession=profession_name(changed.profession) or _("None given"),
            )
        )
        self.refresh()
        self.users_changed.emit()

    def _on_add_button_clicked(self) -> None:
        session = self._session
        if session is None or not self.add_button.isEnabled():
            return
        for message in (
            self.name_message,
            self.passphrase_message,
            self.add_message,
            self.done_message,
        ):
            message.clear()
        try:
            name = user_service.check_user_name(self.new_name.text())
        except HarbourError as exc:
            self.name_message.show_message(str(exc))
            self.new_name.setFocus()
            return
        role = Role(self.new_role.currentData())
        profession = (
            Profession(self.new_profession.currentData()) if role == Role.ASSESSOR else None
        )
        passphrase = self.new_passphrase.text()
        try:
            user_service.check_passphrase(
                passphrase, name, user_service.passphrase_min_length(session)
            )
        except HarbourError as exc:
            self.passphrase_message.show_message(str(exc))
            self.new_passphrase.setFocus()
            return
        self._set_busy(True)
        self._operations.run(
            lambda: user_service.add_user(
                session,
                name=name,
                role=role,
                passphrase=passphrase,
                profession=profession,
                temporary=True,
            ),
            on_success=self._on_add_succeeded,
            on_failure=self._on_add_failed,
        )

    def _on_add_succeeded(self, user: UserInfo) -> None:
        self._set_busy(False)
        self.new_name.clear()
        self.new_passphrase.clear()
        self.done_message.show_translated(
            lambda: _("{name} can now sign in as {role}.").format(
                name=isolate(user.name), role=role_name(user.role)
            )
        )
        self.refresh()
        self.new_name.setFocus()
        self.users_changed.emit()

    def _on_add_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.add_message.show_translated(lambda: error_text(exc))

    def _on_remove_button_clicked(self) -> None:
        name = self._selected_name()
        if self._session is None or not name:
            return
        self.list_message.clear()
        self.done_message.clear()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Remove a user"),
            _(
                "Remove {name}? They will no longer be able to sign in. What they recorded "
                "stays in the vault."
            ).format(name=isolate(name)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._on_remove_box_finished(name, result))
        self._confirm_box = box
        box.open()

    def _on_remove_box_finished(self, name: str, result: int) -> None:
        self._confirm_box = None
        if result == QMessageBox.StandardButton.Yes.value:
            self.remove(name)

    def remove(self, name: str) -> None:
        session = self._session
        if session is None:
            return
        try:
            user_service.remove_user(session, user_name=name)
        except HarbourError as exc:
            self.list_message.show_message(str(exc))
            return
        self.done_message.show_translated(
            lambda: _("{name} can no longer sign in.").format(name=isolate(name))
        )
        self.refresh()
        self.users_changed.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy and self._add_box.isAncestorOf(self.focusWidget()):
            # Disabling the focused field would pass focus on with Tab's logic, and the
            # settings scroll area scrolls to wherever it lands (U1): hold it on the section.
            self.setFocus()
        for widget in (
            self.new_name,
            self.new_role,
            self.new_profession,
            self.new_passphrase,
            self.add_button,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self._on_new_role_current_index_changed(self.new_role.currentIndex())
        self._update_remove_enabled()
