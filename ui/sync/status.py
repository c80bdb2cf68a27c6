"""The sync status line at the foot of the staff window, with "Sync now" (issue 16, item 6).

Driven by ``sync.SyncRunner``: its thread (never the GUI thread) reports through a Qt
signal queued to this widget. The runner starts after sign-in when the laptop is enrolled
(or as soon as a manager enrols it) and stops at lock and sign-out; the line then says
sync is paused. Between syncs the status is read again every few seconds off the GUI
thread, so that a change made here shows as waiting at once (never "synced" while a
change waits: ``sync.status`` decides).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services import sync
from app.services.session import Session
from ui.common import Page, _
from ui.operations import OperationRunner
from ui.sync.texts import progress_text, status_text

POLL_MS = 3_000


class _Bridge(QObject):
    """Lives in the GUI thread; the runner's thread emits, Qt queues to the widget."""

    status_reported = Signal(object, int)  # SyncStatus, runner generation
    progress_reported = Signal(object, int)  # Progress, runner generation


class SyncStatusBar(Page):
    status_changed = Signal(object)  # SyncStatus shown

    def __init__(
        self,
        operations: OperationRunner,
        parent: QWidget | None = None,
        *,
        interval: float = sync.INTERVAL_S,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._interval = interval
        self._session: Session | None = None
        self._runner: sync.SyncRunner | None = None
        self._generation = 0
        self._syncing: sync.Progress | None = None
        self._reports = 0  # the runner's reports so far: a read started before one is stale
        self.status: sync.SyncStatus = sync.SyncStatus("paused", 0, None, None, None)

        self._bridge = _Bridge(self)
        self._bridge.status_reported.connect(
            self._on_bridge_status_reported, Qt.ConnectionType.QueuedConnection
        )
        self._bridge.progress_reported.connect(
            self._on_bridge_progress_reported, Qt.ConnectionType.QueuedConnection
        )
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.NoFrame)
        frame.setAutoFillBackground(True)
        frame.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.text = QLabel(frame)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader reaches it
        self.sync_now_button = QPushButton(frame)
        self.sync_now_button.clicked.connect(self._on_sync_now_button_clicked)
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.sync_now_button)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self.retranslate()

    # ---- session -------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        self.clear_session()
        self._session = session
        self._poll.start()
        self.refresh()

    def clear_session(self) -> None:
        """At lock and sign-out: the runner stops (its thread ends after the request under
        way; the vault closing refuses it anything more) and the line says paused."""
        self._poll.stop()
        self._session = None
        self._stop_runner()
        self._syncing = None
        self._show(sync.status(None))

    def _stop_runner(self) -> None:
        self._generation += 1
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.stop(timeout=0)

    def _start_runner(self) -> None:
        session = self._session
        if session is None or self._runner is not None:
            return
        generation = self._generation
        bridge = self._bridge

        def current() -> Session | None:
            return session if session.is_open else None

        self._runner = sync.SyncRunner(
            current,
            on_status=lambda s: bridge.status_reported.emit(s, generation),
            on_progress=lambda p: bridge.progress_reported.emit(p, generation),
            interval=self._interval,
        )
        self._runner.start()

    def enrolled(self) -> None:
        """A manager enrolled this laptop: start syncing now."""
        self._start_runner()
        if self._runner is not None:
            self._runner.sync_soon()

    @property
    def runner(self) -> sync.SyncRunner | None:
        return self._runner

    # ---- status --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the status again off the GUI thread (a change made here shows as waiting)."""
        session = self._session
        if session is None or self._syncing is not None:
            return
        vault = session.vault
        generation = self._generation
        reports = self._reports
        self._operations.run(
            lambda: sync.status(vault),
            on_success=lambda status: self._on_status_read(status, generation, reports),
            on_failure=lambda _exc: None,  # locked meanwhile: clear_session says paused
        )

    def _on_status_read(self, status: sync.SyncStatus, generation: int, reports: int) -> None:
        if generation != self._generation or self._syncing is not None:
            return
        if reports != self._reports:
            return  # read before the runner reported something newer: never go back
        self._show(status)
        if status.state not in ("not_enrolled", "paused"):
            self._start_runner()

    def _on_bridge_status_reported(self, status: sync.SyncStatus, generation: int) -> None:
        if generation == self._generation:
            self.show_status(status)

    def _on_bridge_progress_reported(self, progress: sync.Progress, generation: int) -> None:
        if generation != self._generation:
            return
        self._syncing = progress
        self._reports += 1
        self.text.setText(progress_text(progress))
        self.text.setAccessibleName(self.text.text())
        self.sync_now_button.setEnabled(False)

    def show_status(self, status: sync.SyncStatus) -> None:
        """Show ``status`` (as the runner reports it)."""
        self._syncing = None
        self._reports += 1
        self._show(status)

    def show_progress(self, progress: sync.Progress) -> None:
        self._on_bridge_progress_reported(progress, self._generation)

    def _show(self, status: sync.SyncStatus) -> None:
        self.status = status
        self.text.setText(status_text(status))
        self.text.setAccessibleName(self.text.text())
        self.sync_now_button.setVisible(status.state not in ("not_enrolled", "paused"))
        self.sync_now_button.setEnabled(status.state != "revoked")
        self.status_changed.emit(status)

    def _on_sync_now_button_clicked(self) -> None:
        if self._session is None:
            return
        self._start_runner()
        if self._runner is not None:
            self._on_bridge_progress_reported(
                sync.Progress("start", 0, None, None), self._generation
            )
            self._runner.sync_soon()

    def retranslate(self) -> None:
        self.sync_now_button.setText(_("S&ync now"))
        self.sync_now_button.setAccessibleName(_("Sync now"))
        self.sync_now_button.setToolTip(_("Send this laptop's changes and receive the others'"))
        self.setAccessibleName(_("Sync status"))
        if self._syncing is not None:
            self.text.setText(progress_text(self._syncing))
        else:
            self.text.setText(status_text(self.status))
        self.text.setAccessibleName(self.text.text())
