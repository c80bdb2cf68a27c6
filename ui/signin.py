"""The sign-in screen (pick a user, type the passphrase) and the lock screen.

Both only collect input and show results; the shell window runs the unlock off the GUI
thread and calls back ``set_busy``, ``show_failure`` and ``block_for``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import TooManyAttempts
from ui.common import (
    MessageLabel,
    Page,
    _,
    end_index_progress,
    heading,
    isolate,
    passphrase_edit,
    role_name,
    show_index_progress,
)

USER_NAME_ROLE = Qt.ItemDataRole.UserRole
USER_ROLE_ROLE = Qt.ItemDataRole.UserRole + 1


class _PassphrasePrompt(Page):
    """Passphrase field, button, message, busy bar and the slow-down countdown."""

    sign_in_requested = Signal(str, str)  # user name, passphrase
    # (cases done, of all): the one-off name index rebuild after an upgrade; emitted from
    # the sign-in worker, shown on the GUI thread (a queued connection across threads)
    index_progress = Signal(int, int)

    def __init__(
        self,
        blocked_seconds: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._blocked_seconds = blocked_seconds or (lambda _name: 0.0)
        self._busy_now = False
        self._countdown_until = 0
        self.passphrase = passphrase_edit(self)
        self.passphrase.returnPressed.connect(self._on_passphrase_return_pressed)
        self._passphrase_label = QLabel(self)
        self._passphrase_label.setBuddy(self.passphrase)
        self.submit = QPushButton(self)
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._on_submit_clicked)
        self.message = MessageLabel(parent=self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.progress_note = MessageLabel(MessageLabel.INFO, parent=self)
        self.index_progress.connect(self.show_index_progress)
        self._countdown = QTimer(self)
        self._countdown.setInterval(200)
        self._countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline = 0.0
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self._remaining = 0

    # subclasses say whose passphrase it is
    def selected_user(self) -> str:
        raise NotImplementedError

    def _on_passphrase_return_pressed(self) -> None:
        self._on_submit_clicked()

    def _on_submit_clicked(self) -> None:
        name = self.selected_user()
        if not self.submit.isEnabled() or not name:
            if not name:
                self.message.show_translated(lambda: _("Choose your name in the list first."))
            return
        if not self.passphrase.text():
            self.message.show_translated(lambda: _("Type your passphrase."))
            self.passphrase.setFocus()
            return
        self.message.clear()
        self.sign_in_requested.emit(name, self.passphrase.text())

    def _add_busy_bar(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.busy)
        layout.addWidget(self.progress_note)

    def show_index_progress(self, done: int, total: int) -> None:
        """The one-off name index rebuild after an upgrade (ui.common.show_index_progress);
        a late report after the sign-in ended changes nothing."""
        if self._busy_now:
            show_index_progress(self.busy, self.progress_note, done, total)

    def set_busy(self, busy: bool) -> None:
        self._busy_now = busy
        if not busy:
            end_index_progress(self.busy, self.progress_note)
        self.busy.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self._update_enabled()

    def show_failure(self, text: str, again: Callable[[], str] | None = None) -> None:
        """Wrong passphrase or another known error: say so, clear the field, focus back.
        ``again`` writes the message anew after a language switch."""
        self.set_busy(False)
        self.message.show_message(text, again=again)
        self.passphrase.clear()
        self.passphrase.setFocus()
        remaining = self._blocked_seconds(self.selected_user())
        if remaining > 0:
            self.block_for(remaining, keep_message=True)

    def block_for(self, seconds: float, *, keep_message: bool = False) -> None:
        """Progressive slow-down: disable signing in and count down to the next try."""
        self._deadline = time.monotonic() + max(0.0, seconds)
        self._remaining = max(1, math.ceil(seconds))
        self._countdown.start()
        self._update_enabled()
        if not keep_message:
            self.message.show_message(str(TooManyAttempts(seconds=self._remaining)))
        self._update_countdown_text()

    def blocked(self) -> bool:
        return self._remaining > 0

    def _on_countdown_timeout(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            self._remaining = 0
            self._countdown.stop()
            self.message.clear()
            self.passphrase.setFocus()
        else:
            self._remaining = math.ceil(left)
        self._update_countdown_text()
        self._update_enabled()

    def _update_countdown_text(self) -> None:
        if self._remaining > 0:
            self.submit.setToolTip(str(TooManyAttempts(seconds=self._remaining)))
            if self.message.isVisibleTo(self):
                self.message.show_message(str(TooManyAttempts(seconds=self._remaining)))
        else:
            self.submit.setToolTip("")

    def _check_block_for_user(self) -> None:
        remaining = self._blocked_seconds(self.selected_user())
        if remaining > 0:
            self.block_for(remaining)
        else:
            self._remaining = 0
            self._countdown.stop()
            self._update_enabled()

    def _update_enabled(self) -> None:
        self.submit.setEnabled(not self._busy_now and self._remaining <= 0)

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear()
        self.set_busy(False)


class SignInPage(_PassphrasePrompt):
    forgot_requested = Signal(str)  # the user chosen in the list ("" if none)

    def __init__(
        self,
        blocked_seconds: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(blocked_seconds, parent)
        self._title = heading(self)
        self._centre_hint = QLabel(self)
        self._centre_hint.setWordWrap(True)
        self.users = QListWidget(self)
        self.users.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.users.currentItemChanged.connect(self._on_users_current_item_changed)
        self.users.itemActivated.connect(self._on_users_item_activated)
        self._users_label = QLabel(self)
        self._users_label.setBuddy(self.users)

        # A manager who forgot their passphrase sets a new one with the recovery code.
        self.forgot = QPushButton(self)
        self.forgot.clicked.connect(self._on_forgot_clicked)

        form = QFormLayout()
        form.addRow(self._passphrase_label, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)

        panel = QWidget(self)
        panel.setMaximumWidth(560)
        inner = QVBoxLayout(panel)
        inner.addWidget(self._title)
        inner.addWidget(self._centre_hint)
        inner.addWidget(self._users_label)
        inner.addWidget(self.users, 1)
        inner.addLayout(form)
        inner.addWidget(self.message)
        self._add_busy_bar(inner)
        inner.addLayout(buttons)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 3)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Sign in to Harbour"))
        self._centre_hint.setText(_("Choose your name, then type your passphrase."))
        self._users_label.setText(_("&Who are you?"))
        self.users.setAccessibleName(_("Users"))
        self._passphrase_label.setText(_("&Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.submit.setText(_("&Sign in"))
        self.submit.setAccessibleName(_("Sign in"))
        self.forgot.setText(_("&Forgot your passphrase? (managers)"))
        self.forgot.setAccessibleName(_("Forgot your passphrase? (managers)"))
        self.forgot.setToolTip(_("A manager sets a new passphrase with the recovery code."))
        self.busy.setAccessibleName(_("Checking the passphrase"))
        for row in range(self.users.count()):
            item = self.users.item(row)
            item.setText(self._item_text(item.data(USER_NAME_ROLE), item.data(USER_ROLE_ROLE)))

    @staticmethod
    def _item_text(name: str, role: str) -> str:
        return _("{name} ({role})").format(name=isolate(name), role=role_name(role))

    def set_users(self, users: list[tuple[str, str]], select: str | None = None) -> None:
        self.users.clear()
        for name, role in users:
            item = QListWidgetItem(self._item_text(name, role))
            item.setData(USER_NAME_ROLE, name)
            item.setData(USER_ROLE_ROLE, role)
            self.users.addItem(item)
        if select is not None:
            self.select_user(select)
        elif self.users.count() == 1:
            self.users.setCurrentRow(0)

    def select_user(self, name: str) -> None:
        for row in range(self.users.count()):
            if self.users.item(row).data(USER_NAME_ROLE).casefold() == name.casefold():
                self.users.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return

    def selected_user(self) -> str:
        item = self.users.currentItem()
        return item.data(USER_NAME_ROLE) if item is not None and item.isSelected() else ""

    def focus_first(self) -> None:
        if self.selected_user():
            self.passphrase.setFocus()
        else:
            self.users.setFocus()

    def _on_users_current_item_changed(self, *_items: object) -> None:
        self.passphrase.clear()
        self.message.clear()
        self._check_block_for_user()

    def _on_users_item_activated(self, _item: QListWidgetItem) -> None:
        self.passphrase.setFocus()

    def managers(self) -> list[str]:
        return [
            self.users.item(row).data(USER_NAME_ROLE)
            for row in range(self.users.count())
            if self.users.item(row).data(USER_ROLE_ROLE) == "manager"
        ]

    def _on_forgot_clicked(self) -> None:
        self.forgot_requested.emit(self.selected_user())


class LockPage(_PassphrasePrompt):
    """Shown after the idle lock: the same user unlocks, or someone else signs in."""

    switch_user_requested = Signal()

    def __init__(
        self,
        blocked_seconds: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(blocked_seconds, parent)
        self._user = ""
        self._role = ""
        self._title = heading(self)
        self._explain = QLabel(self)
        self._explain.setWordWrap(True)
        self.switch_user = QPushButton(self)
        self.switch_user.clicked.connect(self._on_switch_user_clicked)

        form = QFormLayout()
        form.addRow(self._passphrase_label, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_user)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)

        panel = QWidget(self)
        panel.setMaximumWidth(560)
        inner = QVBoxLayout(panel)
        inner.addStretch(1)
        inner.addWidget(self._title)
        inner.addWidget(self._explain)
        inner.addLayout(form)
        inner.addWidget(self.message)
        self._add_busy_bar(inner)
        inner.addLayout(buttons)
        inner.addStretch(2)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 3)
        outer.addStretch(1)
        self.retranslate()

    def set_user(self, name: str, role: str) -> None:
        self._user, self._role = name, role
        self.reset()
        self._check_block_for_user()
        self.retranslate()

    def selected_user(self) -> str:
        return self._user

    def retranslate(self) -> None:
        self._title.setText(_("Harbour is locked"))
        self._explain.setText(
            _(
                "Harbour locked itself because nobody used it for a while. {name} ({role}): "
                "type your passphrase to carry on where you left off."
            ).format(name=isolate(self._user), role=role_name(self._role) if self._role else "")
        )
        self._passphrase_label.setText(_("&Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.submit.setText(_("&Unlock"))
        self.submit.setAccessibleName(_("Unlock"))
        self.switch_user.setText(_("S&witch user"))
        self.switch_user.setAccessibleName(_("Switch user"))
        self.busy.setAccessibleName(_("Checking the passphrase"))

    def _on_switch_user_clicked(self) -> None:
        self.reset()
        self.switch_user_requested.emit()
