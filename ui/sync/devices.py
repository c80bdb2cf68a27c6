"""The centre's devices for a manager: name, code, status, fingerprint; approve a pending
one (its name and fingerprint shown, to compare with that laptop's screen) or revoke one
(the content key rotates). Read from the server off the GUI thread."""

from __future__ import annotations

import itertools

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

from app.i18n import N_
from app.services import sync
from app.services.session import Session
from ui.common import MessageLabel, Page, _, isolate
from ui.operations import OperationRunner, error_text
from ui.sync.texts import flag_lines

STATUS_NAMES = {
    "pending": N_("Waiting for approval"),
    "active": N_("Active"),
    "revoked": N_("Revoked"),
}


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


class DevicesPanel(Page):
    loaded = Signal()
    changed = Signal()

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session: Session | None = None
        self.devices: list[sync.DeviceRow] = []
        self.confirm_box: QMessageBox | None = None
        self._title = QLabel(self)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(4)
        self.table.setMinimumHeight(120)
        self.table.currentItemChanged.connect(self._on_table_current_item_changed)
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        self.approve_button = QPushButton(self)
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.revoke_button = QPushButton(self)
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        self.message = MessageLabel(parent=self)
        # What the server or this laptop flagged (a copied vault, a history behind or
        # forked, changes set aside): one translated line each, under the table.
        self.flags_line = QLabel(self)
        self.flags_line.setWordWrap(True)
        self.flags_line.setTextFormat(Qt.TextFormat.PlainText)
        self.flags_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.flags_line.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.flags_line.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self.table)
        layout.addWidget(self.flags_line)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        chain = [
            self.table,
            self.flags_line,
            self.refresh_button,
            self.approve_button,
            self.revoke_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_buttons()
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.devices = []
        self.table.clear()
        self.flags_line.hide()
        self.message.clear()
        if session is not None:
            self.refresh()

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        self.refresh_button.setEnabled(False)
        self._operations.run(
            lambda: sync.list_devices(session),
            on_success=self._on_listed,
            on_failure=self._on_failed,
        )

    def _on_listed(self, devices: list[sync.DeviceRow]) -> None:
        self.refresh_button.setEnabled(True)
        self.message.clear()
        self.devices = devices
        self._fill()
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.message.show_message(error_text(exc))
        self._update_buttons()
        self.loaded.emit()

    def _fill(self) -> None:
        selected = self.selected()
        self.table.clear()
        for device in self.devices:
            name = isolate(device.name)
            if device.this_laptop:
                name = _("{name} (this laptop)").format(name=name)
            item = QTreeWidgetItem(
                [name, isolate(device.code), status_name(device.status), device.fingerprint]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, device.id)
            self.table.addTopLevelItem(item)
            if selected is not None and device.id == selected.id:
                self.table.setCurrentItem(item)
        for column in range(4):
            self.table.resizeColumnToContents(column)
        lines = flag_lines(self.devices)
        self.flags_line.setText("\n".join(lines))
        self.flags_line.setAccessibleName(_("Devices flagged"))
        self.flags_line.setVisible(bool(lines))
        self._update_buttons()

    def selected(self) -> sync.DeviceRow | None:
        item = self.table.currentItem()
        if item is None:
            return None
        device_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((d for d in self.devices if d.id == device_id), None)

    def select(self, device_id: str) -> None:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == device_id:
                self.table.setCurrentItem(item)

    def _on_table_current_item_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        device = self.selected()
        self.approve_button.setEnabled(device is not None and device.status == "pending")
        self.revoke_button.setEnabled(
            device is not None and device.status != "revoked" and not device.this_laptop
        )

    def _confirm(self, text: str, detail: str, yes: str, run: object) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _("Devices"), text, parent=self)
        box.setInformativeText(detail)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("&Cancel"), QMessageBox.ButtonRole.RejectRole)
        go.setAccessibleName(yes.replace("&", ""))
        back.setAccessibleName(_("Cancel"))
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def on_finished(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is go:
                run()  # type: ignore[operator]

        box.finished.connect(on_finished)
        self.confirm_box = box
        box.open()

    def _on_approve_button_clicked(self) -> None:
        device = self.selected()
        if device is None or device.status != "pending":
            return
        self._confirm(
            _("Approve the device {name} ({code})?").format(
                name=isolate(device.name), code=isolate(device.code)
            ),
            _(
                "Its fingerprint here is {fingerprint}. Compare it with the fingerprint shown"
                " on that laptop: approve only when they are the same. The laptop then"
                " receives the centre's key and every record of the centre."
            ).format(fingerprint=isolate(device.fingerprint)),
            _("&Approve"),
            lambda: self._run(lambda s: sync.approve_device(s, device.id)),
        )

    def _on_revoke_button_clicked(self) -> None:
        device = self.selected()
        if device is None or device.status == "revoked" or device.this_laptop:
            return
        self._confirm(
            _("Revoke the device {name} ({code})?").format(
                name=isolate(device.name), code=isolate(device.code)
            ),
            _(
                "It can no longer sync from its next request. The centre's key is replaced"
                " by a new one that only the remaining devices receive; what it already"
                " holds stays on it, so revoke a lost or stolen laptop at once."
            ),
            _("&Revoke"),
            lambda: self._run(lambda s: sync.revoke_device(s, device.id)),
        )

    def _run(self, action: object) -> None:
        session = self._session
        if session is None:
            return
        self.approve_button.setEnabled(False)
        self.revoke_button.setEnabled(False)

        def work() -> list[sync.DeviceRow]:
            action(session)  # type: ignore[operator]
            return sync.list_devices(session, refresh=False)

        def done(devices: list[sync.DeviceRow]) -> None:
            self._on_listed(devices)
            self.changed.emit()

        self._operations.run(work, on_success=done, on_failure=self._on_failed)

    def retranslate(self) -> None:
        self._title.setText(_("Devices of this centre"))
        self.table.setHeaderLabels([_("Name"), _("Code"), _("Status"), _("Fingerprint")])
        self.table.setAccessibleName(_("Devices of this centre"))
        self.refresh_button.setText(_("Refresh the devi&ces"))
        self.refresh_button.setAccessibleName(_("Refresh the devices"))
        self.approve_button.setText(_("Approv&e…"))
        self.approve_button.setAccessibleName(_("Approve the selected device"))
        self.revoke_button.setText(_("Revo&ke…"))
        self.revoke_button.setAccessibleName(_("Revoke the selected device"))
        if self.devices:
            self._fill()
