"""The staff window's cover while a child's information session runs.

On a one-screen laptop the child can bring the staff window forward (Alt+Tab, the task
bar); on two screens the staff window stays within reach of whoever sits at it. So while
the presenter is open the whole staff window shows this page instead, and nothing about
any case: no name, no number, no list. It opens only to a staff member who first holds
the button down for three seconds and then types the signed-in user's passphrase, and
opening it ends the child's session (the notes form follows). When staff end the session
from the child's screen (the same three-second hold there), only the passphrase is asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.common import _, heading, isolate, role_name
from ui.presenter.hold import HoldButton
from ui.signin import _PassphrasePrompt

HOLD_KEY_QUIET = 0.5  # seconds without the hold key before Space types again
RUNNING = "running"  # the child's screen is shown: hold, then passphrase
HELD = "held"  # held down: the passphrase is asked
ENDED = "ended"  # ended from the child's screen: the passphrase is asked


class PresenterLockPage(_PassphrasePrompt):
    """Covers the staff window; ``sign_in_requested(name, passphrase)`` after the hold."""

    held = Signal()

    def __init__(
        self,
        hold_ms: int,
        blocked_seconds: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(blocked_seconds, parent)
        self._user = ""
        self._role = ""
        self._stage = RUNNING
        # A hold done with a key (Space held 3 s) ends with focus in the passphrase while
        # the key is still down: its auto-repeat would type spaces there (walkthrough N7).
        self._drop_repeats = False
        self._last_hold_key = 0.0
        self._title = heading(self)
        self._explain = QLabel(self)
        self._explain.setWordWrap(True)
        self._explain.setTextFormat(Qt.TextFormat.PlainText)
        self.hold_button = HoldButton(hold_ms, self)
        self.hold_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.hold_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hold_button.setMinimumHeight(48)
        self.hold_button.held.connect(self._on_hold_button_held)
        self.passphrase.installEventFilter(self)

        form = QFormLayout()
        form.addRow(self._passphrase_label, self.passphrase)
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold_button)
        hold_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit)

        panel = QWidget(self)
        panel.setMaximumWidth(600)
        inner = QVBoxLayout(panel)
        inner.addStretch(1)
        inner.addWidget(self._title)
        inner.addWidget(self._explain)
        inner.addLayout(hold_row)
        inner.addLayout(form)
        inner.addWidget(self.message)
        self._add_busy_bar(inner)
        inner.addLayout(buttons)
        inner.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 3)
        outer.addStretch(1)
        self.setTabOrder(self.hold_button, self.passphrase)
        self.setTabOrder(self.passphrase, self.submit)
        self._show_stage()
        self.retranslate()

    # ---- state ---------------------------------------------------------------------------

    @property
    def stage(self) -> str:
        return self._stage

    def start(self, name: str, role: str) -> None:
        """The child's screen has just opened: hold first, then the passphrase."""
        self._user, self._role = name, role
        self._stage = RUNNING
        self.reset()
        self._show_stage()
        self.retranslate()
        self.hold_button.setFocus()

    def set_user(self, name: str, role: str) -> None:
        """Whose passphrase opens it (kept across an idle lock of the vault)."""
        self._user, self._role = name, role
        self.retranslate()

    def session_ended(self) -> None:
        """Staff ended the session from the child's screen (their hold): ask the passphrase."""
        self._stage = ENDED
        self._show_stage()
        self.retranslate()
        self._drop_repeats = True
        self._last_hold_key = time.monotonic()
        self.passphrase.setFocus()

    def selected_user(self) -> str:
        return self._user

    def _on_hold_button_held(self) -> None:
        if self._stage == RUNNING:
            self._stage = HELD
            self._show_stage()
            self.retranslate()
            self._drop_repeats = True
            self._last_hold_key = time.monotonic()
            self.passphrase.setFocus()
            self.held.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.passphrase and self._drop_repeats and isinstance(event, QKeyEvent):
            now = time.monotonic()
            if event.key() == Qt.Key.Key_Space and (
                event.isAutoRepeat() or now - self._last_hold_key < HOLD_KEY_QUIET
            ):
                # the hold key still down: Qt marks the repeats on most systems, but an X
                # server without detectable auto-repeat (Xvfb) sends them as plain presses
                # and releases a few dozen milliseconds apart; both are dropped
                self._last_hold_key = now
                return True
            self._drop_repeats = False  # another key, or Space again after a pause
        return super().eventFilter(watched, event)

    def _show_stage(self) -> None:
        asking = self._stage != RUNNING
        self.hold_button.setVisible(self._stage != ENDED)
        self.hold_button.setEnabled(self._stage == RUNNING)
        self._passphrase_label.setEnabled(asking)
        self.passphrase.setEnabled(asking)
        if not asking:
            self.passphrase.clear()
        self._update_enabled()

    def _update_enabled(self) -> None:
        super()._update_enabled()
        if self._stage == RUNNING:
            self.submit.setEnabled(False)

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.passphrase.setEnabled(not busy and self._stage != RUNNING)

    def _on_submit_clicked(self) -> None:
        if self._stage == RUNNING:
            return
        super()._on_submit_clicked()

    # ---- texts ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        who = _("{name} ({role})").format(
            name=isolate(self._user), role=role_name(self._role) if self._role else ""
        )
        if self._stage == ENDED:
            self._title.setText(_("The information session has ended"))
            explain = _(
                "{who}: type your passphrase to open the staff window and write the notes."
            ).format(who=who)
        else:
            self._title.setText(_("A child's information session is running"))
            explain = _(
                "This window is locked while the child's screen is shown: nothing about any "
                "case can be seen from here. To come back, a staff member holds the button "
                "below for 3 seconds, then {who} types their passphrase. Coming back ends "
                "the child's session."
            ).format(who=who)
        self._explain.setText(explain)
        self._explain.setAccessibleName(explain)
        self.hold_button.setText(_("Hold to end the session"))
        self.hold_button.setAccessibleName(
            _("Staff: hold for 3 seconds to end the session and unlock")
        )
        self.hold_button.setToolTip(self.hold_button.accessibleName())
        self._passphrase_label.setText(_("&Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.submit.setText(_("&Unlock"))
        self.submit.setAccessibleName(_("Unlock"))
        self.busy.setAccessibleName(_("Checking the passphrase"))
        self.setAccessibleName(self._title.text())
