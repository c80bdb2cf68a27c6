"""The Sync section of Settings, for managers: enrol this laptop, then the centre's devices
and the sync conflicts.

In Settings, beside Users, because it is the same kind of work: a manager's
administration of this centre, reached with Ctrl+4 like the rest of it, with no new
section in the navigation that every other role would not see. The status line with
"Sync now" is for everyone, at the foot of the window (ui/sync/status.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.domain.roles import Permission
from app.errors import PermissionDenied
from app.services import sync
from app.services.session import Session
from ui.common import MessageLabel, Page, _, isolate
from ui.operations import OperationRunner, error_text
from ui.sync.conflicts import ConflictsPanel
from ui.sync.devices import DevicesPanel
from ui.sync.enrol import EnrolPanel


def _refusal(session: Session) -> str:
    try:
        session.require(Permission.CHANGE_SETTINGS)
    except PermissionDenied as exc:
        return str(exc)
    return ""


class SyncSection(Page):
    loaded = Signal()
    enrolled = Signal()

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session: Session | None = None
        self._device_code: str | None = None
        self._box = QGroupBox(self)
        self.refusal = MessageLabel(parent=self._box)
        self.enrolled_line = QLabel(self._box)
        self.enrolled_line.setWordWrap(True)
        self.enrol = EnrolPanel(operations, self._box)
        self.enrol.enrolled.connect(self._on_enrol_enrolled)
        self.devices = DevicesPanel(operations, self._box)
        self.conflicts = ConflictsPanel(operations, self._box)
        layout = QVBoxLayout(self._box)
        layout.addWidget(self.refusal)
        layout.addWidget(self.enrolled_line)
        layout.addWidget(self.enrol)
        layout.addWidget(self.devices)
        layout.addWidget(self.conflicts)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._box)
        self._show_parts(enrolled=None)
        self.retranslate()

    def set_session(self, session: Session) -> None:
        """Managers see the section; for anyone else it says who may (the services
        refuse them all the same)."""
        self._session = session
        self.refusal.clear()
        if not session.may(Permission.CHANGE_SETTINGS):
            self._show_parts(enrolled=None)
            self.refusal.show_translated(lambda: _refusal(session))
            return
        self.enrol.set_session(session)
        vault = session.vault
        self._operations.run(
            lambda: sync.status(vault),
            on_success=self._on_status_read,
            on_failure=lambda exc: self.refusal.show_message(error_text(exc)),
        )

    def clear_session(self) -> None:
        self._session = None
        self.enrol.set_session(None)
        self.devices.set_session(None)
        self.conflicts.set_session(None)
        self._show_parts(enrolled=None)

    def _on_status_read(self, status: sync.SyncStatus) -> None:
        session = self._session
        if session is None:
            return
        enrolled = status.state != "not_enrolled"
        self._device_code = status.device_code
        self._show_parts(enrolled=enrolled)
        self.devices.set_session(session if enrolled else None)
        if session.may(Permission.RESOLVE_CONFLICTS):
            self.conflicts.set_session(session)
        self.retranslate()
        self.loaded.emit()

    def _on_enrol_enrolled(self, result: sync.EnrolResult) -> None:
        if self._session is None:
            return
        self._device_code = result.device_code
        self._show_parts(enrolled=True)
        self.devices.set_session(self._session)
        self.retranslate()
        self.enrolled.emit()

    def _show_parts(self, *, enrolled: bool | None) -> None:
        """``enrolled`` None: nothing shown (no session, or not a manager)."""
        self.enrol.setVisible(enrolled is False)
        self.enrolled_line.setVisible(bool(enrolled))
        self.devices.setVisible(bool(enrolled))
        self.conflicts.setVisible(enrolled is not None)

    def retranslate(self) -> None:
        self._box.setTitle(_("Sync"))
        self.enrolled_line.setText(
            _(
                "This laptop is enrolled as device {code}. It syncs by itself when the server"
                " can be reached; the line at the foot of the window says how it went."
            ).format(code=isolate(self._device_code or "?"))
        )
