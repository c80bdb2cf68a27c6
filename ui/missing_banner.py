"""The missing-child banner ([G11]): above every page of the staff window while a child
is missing, saying how many, with a button that opens the case (a menu of the cases when
there are several).

How it knows, within a second: the "Mark missing" and "Mark found" dialogs call
``notify_alerts_changed()`` when the service call succeeded (the banner asks at once),
and the banner also asks ``missing.open_alerts`` every second (POLL_MS), off the GUI
thread on its own runner, so that a change made elsewhere — the command line on this
laptop, a sync — shows too. A poll still running is never started twice.

Only the staff window (ui/main_page.py) holds it; the interpreter's presenter
(ui/presenter/) never shows it, nor any child's name. A role that does not read cases
(an interpreter signed in here) does not get it either."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from app.domain.roles import Permission
from app.errors import HarbourError
from app.i18n import ngettext
from app.services import missing as missing_service
from app.services.session import Session
from ui.common import _, directional, isolate
from ui.operations import OperationRunner

POLL_MS = 1000


class _Alerts(QObject):
    changed = Signal()


_ALERTS: _Alerts | None = None


def alerts() -> _Alerts:
    """The one notifier of this process (created with the first banner or dialog)."""
    global _ALERTS
    if _ALERTS is None:
        _ALERTS = _Alerts()
    return _ALERTS


def notify_alerts_changed() -> None:
    """A child was marked missing or found here: every banner asks again now."""
    alerts().changed.emit()


def _read(session: Session) -> list[missing_service.Alert] | None:
    """Off the GUI thread. None when the vault closed under the poll (a lock)."""
    try:
        return missing_service.open_alerts(session)
    except HarbourError:
        return None


class MissingBanner(QFrame):
    open_requested = Signal(str)  # case id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._ops = OperationRunner(self)  # its own: the window's busy state is not touched
        self._asking = False
        self._again = False
        self.alerts: list[missing_service.Alert] = []
        self.setObjectName("missing_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # The palette's highlight: strong in light and dark themes alike, never a fixed red.
        self.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.setForegroundRole(QPalette.ColorRole.HighlightedText)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setForegroundRole(QPalette.ColorRole.HighlightedText)
        font = QFont(self.text.font())
        font.setBold(True)
        self.text.setFont(font)
        self.open_button = QToolButton(self)
        self.open_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.open_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.menu = QMenu(self.open_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        alerts().changed.connect(self.refresh)
        self.setVisible(False)

    def set_session(self, session: Session | None) -> None:
        self._session = session if session and session.may(Permission.READ_CASE) else None
        self.alerts = []
        self._show()
        if self._session is None:
            self.timer.stop()
            return
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        if self._asking:
            self._again = True
            return
        self._asking = True
        self._ops.run(
            lambda: _read(session),
            on_success=lambda found: self._on_read(session, found),
            on_failure=lambda _exc: self._on_read(session, None),
        )

    def _on_read(self, session: Session, found: list[missing_service.Alert] | None) -> None:
        self._asking = False
        if session is not self._session:
            return
        if found is not None and found != self.alerts:
            self.alerts = found
            self._show()
        if self._again:
            self._again = False
            self.refresh()

    def _show(self) -> None:
        count = len(self.alerts)
        self.setVisible(count > 0)
        if not count:
            return
        size = self.text.fontMetrics().height()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(icon.pixmap(size, size))
        numbers = ", ".join(isolate(a.case_number) for a in self.alerts)
        self.text.setText(
            directional(
                ngettext(
                    "{count} child is missing: case {numbers}.",
                    "{count} children are missing: cases {numbers}.",
                    count,
                ).format(count=count, numbers=numbers)
            )
        )
        self.setAccessibleName(self.text.text())
        self.menu.clear()
        if count == 1:
            self.open_button.setMenu(None)
            self.open_button.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)
            self.open_button.setText(_("Sho&w the case"))
        else:
            for alert in self.alerts:
                name = alert.display_latin or alert.display_name
                text = _("Case {number}: {name}").format(
                    number=isolate(alert.case_number), name=isolate(name)
                )
                action = self.menu.addAction(text)
                action.triggered.connect(
                    lambda _c=False, case_id=alert.case_id: self.open_requested.emit(case_id)
                )
            self.open_button.setMenu(self.menu)
            self.open_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.open_button.setText(_("Sho&w a case"))
        self.open_button.setAccessibleName(
            self.open_button.text().replace("&", "").lstrip("\u200f")
        )

    def _on_open_button_clicked(self) -> None:
        if len(self.alerts) == 1:
            self.open_requested.emit(self.alerts[0].case_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)
