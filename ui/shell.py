"""The one top-level window and the flow between its screens.

Set-up wizard (no vault yet) -> sign-in -> main screen <-> lock screen. The window holds
the vault's process lock for its whole life, so that a second window or the admin CLI
is told the vault is busy; it runs every unlock off the GUI thread; and it closes the
database and drops the key when the idle timer fires.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings, save_settings
from app.domain.passphrase import DEFAULT_MIN_LENGTH
from app.domain.roles import Permission, Profession
from app.errors import HarbourError, TooManyAttempts
from app.i18n import active_language
from app.services import auth, setup
from app.services import users as user_service
from app.services.session import Session
from ui.common import MessageLabel, Page, _, heading
from ui.dialogs import ChangePassphraseDialog
from ui.idle import IdleWatcher
from ui.language import apply_language, retranslate_all
from ui.operations import OperationRunner, error_text, progress_to
from ui.presenter.lock import PresenterLockPage
from ui.settings_page import SettingsPage
from ui.signin import LockPage, SignInPage, _PassphrasePrompt
from ui.widgets.combo_typing import ComboTyping
from ui.widgets.typing_guard import TypingGuard
from ui.wizard import SetupWizard

if TYPE_CHECKING:
    from ui.main_page import MainPage

#: After sign-in, the wait before loading what a first print needs (off the GUI thread).
WARM_UP_DELAY_MS = 1500

log = logging.getLogger("harbour.ui.shell")


class NoticePage(Page):
    """Shown when Harbour cannot open the vault at all (busy elsewhere, unreadable folder)."""

    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = heading(self)
        self.message = MessageLabel(parent=self)
        self.quit_button = QPushButton(self)
        self.quit_button.clicked.connect(self.quit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(self._title)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Harbour cannot open the vault"))
        self.quit_button.setText(_("&Quit"))
        self.quit_button.setAccessibleName(_("Quit"))


class ShellWindow(QMainWindow):
    signed_in = Signal()
    signed_out = Signal()
    locked = Signal()
    unlocked = Signal()
    language_changed = Signal(str)
    covered = Signal()  # a child's information session opened: the window shows no case
    uncovered = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        kdf: Any = None,
        idle_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``kdf``: Argon2id parameters for a new vault (None: the services' default).
        ``idle_ms``: idle-lock timeout in milliseconds, overriding the settings (tests)."""
        super().__init__(parent)
        self.settings = settings
        self._kdf = kdf
        self._idle_ms = idle_ms
        self.session: Session | None = None
        self._centre = ""
        self._app_lock: Any = None
        self._throttle = auth.SignInThrottle()
        self._dialog: QDialog | None = None
        self.recovery_dialog: QDialog | None = None  # "Forgot passphrase" (ui/recovery.py)
        self.operations = OperationRunner(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            TypingGuard.install(app)  # walkthrough A12: a typed word never ticks a box
            ComboTyping.install(app)  # walkthrough R4: typed Arabic letters choose an item
        self.idle = IdleWatcher(self._idle_interval(), self)
        self.idle.timed_out.connect(self._on_idle_timed_out)

        self._stack = QStackedWidget(self)
        self.setCentralWidget(self._stack)
        self.wizard: SetupWizard | None = None
        self.sign_in_page: SignInPage | None = None
        self.lock_page: LockPage | None = None
        self.main_page: MainPage | None = None
        self.settings_page: SettingsPage | None = None
        self.notice_page: NoticePage | None = None
        self.presenter_lock_page: PresenterLockPage | None = None
        self._covered = False
        self._hidden_dialogs: list[QDialog] = []
        self.notes_warning: QMessageBox | None = None  # the last "notes not saved" warning
        self.device_question: QMessageBox | None = None  # "is this the same laptop?"
        self.resize(980, 700)
        self.retranslate()
        self.start()

    # ---- start ---------------------------------------------------------------------------

    def start(self) -> None:
        folder = self.settings.vault_path
        try:
            self._app_lock = setup.acquire_app_lock(folder)
            exists = setup.vault_exists(folder)
        except HarbourError as exc:
            self._show_notice(str(exc))
            return
        except OSError as exc:
            log.warning("vault folder unusable (%s)", type(exc).__name__)
            self._show_notice(
                _(
                    "Harbour cannot use the folder {path}. Check that it exists and that you "
                    "may write to it."
                ).format(path=folder)
            )
            return
        if exists:
            self.show_sign_in()
        else:
            self.show_wizard()

    def current_page(self) -> QWidget | None:
        return self._stack.currentWidget()

    def _set_page(self, page: QWidget) -> None:
        if self._stack.indexOf(page) < 0:
            self._stack.addWidget(page)
        self._stack.setCurrentWidget(page)
        self.retranslate()

    def _show_notice(self, text: str) -> None:
        if self.notice_page is None:
            self.notice_page = NoticePage(self)
            self.notice_page.quit_requested.connect(self.close)
        self.notice_page.message.show_message(text)
        self._set_page(self.notice_page)
        self.notice_page.quit_button.setFocus()

    # ---- wizard --------------------------------------------------------------------------

    def show_wizard(self) -> None:
        if self.wizard is None:
            self.wizard = SetupWizard(self._create_vault, self.operations, self)
            self.wizard.vault_created.connect(self._on_wizard_vault_created)
        self._set_page(self.wizard)
        self.wizard.organisation.setFocus()

    def _create_vault(
        self,
        organisation: str,
        centre: str,
        user_name: str,
        passphrase: str,
        min_length: int,
        profession: Profession | None = None,
    ) -> tuple[Session, str]:
        """Runs in a worker thread (called by the wizard through the operation runner);
        the manager's profession (optional) is saved with the account, in one step."""
        extra = {"kdf": self._kdf} if self._kdf is not None else {}
        return setup.create_vault(
            self.settings.vault_path,
            organisation=organisation,
            centre=centre,
            user_name=user_name,
            passphrase=passphrase,
            passphrase_min_length=min_length,
            profession=profession,
            lock=self._app_lock,
            **extra,
        )

    def _on_wizard_vault_created(self, session: Session) -> None:
        self._enter(session)

    # ---- sign-in and lock ----------------------------------------------------------------

    def show_sign_in(self, select: str | None = None) -> None:
        if self.sign_in_page is None:
            self.sign_in_page = SignInPage(self._throttle.remaining_seconds, self)
            self.sign_in_page.sign_in_requested.connect(self._on_sign_in_page_sign_in_requested)
            self.sign_in_page.forgot_requested.connect(self._on_sign_in_page_forgot_requested)
        page = self.sign_in_page
        try:
            names = user_service.sign_in_names(self.settings.vault_path)
        except HarbourError as exc:
            self._show_notice(str(exc))
            return
        page.reset()
        page.set_users(names, select)
        self._set_page(page)
        page.focus_first()

    def _on_sign_in_page_sign_in_requested(self, name: str, passphrase: str) -> None:
        assert self.sign_in_page is not None
        self._unlock(self.sign_in_page, name, passphrase)

    def _on_sign_in_page_forgot_requested(self, selected: str) -> None:
        """ "Forgot passphrase": the recovery code gives a manager a new passphrase."""
        from ui.recovery import RecoveryDialog

        assert self.sign_in_page is not None
        if self._dialog is not None:
            return
        folder, lock = self.settings.vault_path, self._app_lock
        managers = self.sign_in_page.managers()

        def recover(
            name: str, code: str, new_passphrase: str, progress: Callable[[int, int], None]
        ) -> tuple[Session, str]:
            return auth.recover(
                folder,
                code,
                manager_name=name,
                new_passphrase=new_passphrase,
                lock=lock,
                progress=progress,
            )

        dialog = RecoveryDialog(
            managers,
            recover,
            self.operations,
            min_length=DEFAULT_MIN_LENGTH,
            select=selected if selected in managers else "",
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recovered.connect(self._on_recovery_dialog_recovered)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        self.recovery_dialog = dialog
        dialog.open()

    def _on_recovery_dialog_recovered(self, session: Session) -> None:
        if self.sign_in_page is not None:
            self.sign_in_page.reset()
        self._enter(session)

    def _on_lock_page_sign_in_requested(self, name: str, passphrase: str) -> None:
        assert self.lock_page is not None
        self._unlock(self.lock_page, name, passphrase)

    def _unlock(self, page: _PassphrasePrompt, name: str, passphrase: str) -> None:
        folder, lock, throttle = self.settings.vault_path, self._app_lock, self._throttle
        page.set_busy(True)
        progress = progress_to(page, "index_progress")
        self.operations.run(
            lambda: auth.sign_in(
                folder, name, passphrase, lock=lock, throttle=throttle, progress=progress
            ),
            on_success=lambda session: self._on_unlock_succeeded(page, session, passphrase),
            on_failure=lambda exc: self._on_unlock_failed(page, exc),
        )
        if self.main_page is None:
            # Build the main window's pages while the key is derived in the worker
            # (Argon2id takes 0.3-1 s), not after: then the GUI thread stood still for
            # them between the unlock and the case list (issue 14, item 4).
            QTimer.singleShot(0, self._main)

    def _on_unlock_succeeded(
        self, page: _PassphrasePrompt, session: Session, passphrase: str = ""
    ) -> None:
        page.reset()
        was_locked = page is self.lock_page or (page is self.presenter_lock_page)
        self._enter(session, passphrase)
        if page is self.presenter_lock_page:
            self._uncover()
        if was_locked:
            self.unlocked.emit()

    def _on_unlock_failed(self, page: _PassphrasePrompt, exc: BaseException) -> None:
        if isinstance(exc, TooManyAttempts):
            page.set_busy(False)
            page.block_for(float(exc.params.get("seconds", 1)))  # type: ignore[arg-type]
        else:
            page.show_failure(error_text(exc), again=lambda: error_text(exc))

    def _on_lock_page_switch_user_requested(self) -> None:
        self._after_notes_confirmed(self._switch_user)

    def _switch_user(self) -> None:
        if self.main_page is not None:
            self.main_page.information_page.clear_inputs()
        self.show_sign_in()

    def _on_main_page_sign_out_requested(self) -> None:
        self._after_notes_confirmed(self._sign_out_discarding)

    def _sign_out_discarding(self) -> None:
        if self.main_page is not None:
            self.main_page.information_page.clear_inputs()
        self.sign_out()

    def _after_notes_confirmed(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` (a user switch, a sign-out) at once, or after a warning when the
        notes on an information session are not saved yet: they would be lost."""
        information = self.main_page.information_page if self.main_page is not None else None
        if information is None or not information.has_unsaved_notes():
            proceed()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Notes not saved"), "", parent=self)
        box.setText(
            _(
                "The notes on the last information session are not saved in the case yet. "
                "Signing out or switching user discards them. To keep them, go back and "
                "press “Save to the case”."
            )
        )
        discard = box.addButton(_("&Discard the notes"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Go back"), QMessageBox.ButtonRole.RejectRole)
        discard.setAccessibleName(_("Discard the notes"))
        keep.setAccessibleName(_("Go back"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def on_finished(_result: int) -> None:
            if box.clickedButton() is discard:
                proceed()

        box.finished.connect(on_finished)
        self.notes_warning = box
        box.open()

    # ---- signed in -----------------------------------------------------------------------

    def _main(self) -> MainPage:
        if self.main_page is None:
            # Imported on first sign-in, not at start: the case, age and information
            # screens (and the registration models behind them) are not needed to show
            # the sign-in window, which must appear fast.
            from ui.main_page import MainPage

            self.settings_page = SettingsPage(self.settings, self.operations)
            self.settings_page.language_chosen.connect(self._on_settings_page_language_chosen)
            self.settings_page.idle_minutes_changed.connect(
                self._on_settings_page_idle_minutes_changed
            )
            self.settings_page.vault_folder_chosen.connect(
                self._on_settings_page_vault_folder_chosen
            )
            self.main_page = MainPage(self.settings_page, self, operations=self.operations)
            self.main_page.change_passphrase_requested.connect(
                self._on_main_page_change_passphrase_requested
            )
            self.main_page.lock_requested.connect(self.lock)
            self.main_page.sign_out_requested.connect(self._on_main_page_sign_out_requested)
            self.main_page.information_page.presenter_opened.connect(
                self._on_information_page_presenter_opened
            )
        return self.main_page

    def _warm_up_printing(self, session: Session) -> None:
        if self.session is not session or not session.is_open:
            return
        import threading

        from app.services.files import warm_up_printing

        threading.Thread(
            target=warm_up_printing,
            args=(session, active_language()),
            name="warm-up-printing",
            daemon=True,
        ).start()

    def _enter(self, session: Session, passphrase: str = "") -> None:
        """``passphrase``: the one just typed, handed only to the must-change dialog (U2)."""
        self.session = session
        try:
            self._centre = setup.centre_details(session).get("centre", "")
        except HarbourError:
            self._centre = ""
        main = self._main()
        main.set_session(session, self._centre)
        self._set_page(main)
        main.nav.setFocus()
        self.idle.start()
        self.signed_in.emit()
        # Fonts and the QR encoder for the first print, off the GUI thread, once the case
        # list has had its time to paint (the thread competes for the interpreter).
        QTimer.singleShot(WARM_UP_DELAY_MS, lambda: self._warm_up_printing(session))
        if session.user.must_change_passphrase:
            self._open_change_passphrase(must_change=True, current=passphrase)
        else:
            from ui.device_dialog import ask_which_laptop

            # A copied vault folder: a manager says which laptop this is (issue 14).
            self.device_question = ask_which_laptop(self, session)

    # ---- a child's information session: the window is covered --------------------------

    @property
    def is_covered(self) -> bool:
        return self._covered

    def _on_information_page_presenter_opened(self, presenter: QWidget) -> None:
        presenter.ended.connect(self._on_presenter_ended)  # type: ignore[attr-defined]
        self._cover()

    def _cover(self) -> None:
        """Show nothing about any case until staff hold the button and type the passphrase."""
        if self.session is None or self.main_page is None:
            return
        hold_ms = self.main_page.information_page.hold_ms
        if self.presenter_lock_page is None:
            page = PresenterLockPage(hold_ms, self._throttle.remaining_seconds, self)
            page.sign_in_requested.connect(self._on_presenter_lock_page_sign_in_requested)
            self.presenter_lock_page = page
        page = self.presenter_lock_page
        page.hold_button.set_hold_ms(hold_ms)
        self._covered = True
        # A dialog of the staff window (a message box, a file dialog) would sit over the
        # cover: hidden until staff come back.
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        page.start(self.session.user.name, self.session.user.role.value)
        self._set_page(page)
        self.covered.emit()

    def _on_presenter_ended(self, _result: object) -> None:
        if self._covered and self.presenter_lock_page is not None:
            self.presenter_lock_page.session_ended()

    def _on_presenter_lock_page_sign_in_requested(self, name: str, passphrase: str) -> None:
        page = self.presenter_lock_page
        assert page is not None
        session = self.session
        if session is None or not session.is_open:
            # The idle lock closed the vault meanwhile: a full sign-in of the same user.
            self._unlock(page, name, passphrase)
            return
        throttle = self._throttle
        page.set_busy(True)
        self.operations.run(
            lambda: auth.confirm_passphrase(session, passphrase, throttle=throttle),
            on_success=lambda _result: self._on_presenter_lock_page_confirmed(page),
            on_failure=lambda exc: self._on_unlock_failed(page, exc),
        )

    def _on_presenter_lock_page_confirmed(self, page: PresenterLockPage) -> None:
        page.reset()
        self._uncover()

    def _uncover(self) -> None:
        """End the child's session (if still shown) and open the staff window on its notes."""
        if not self._covered or self.main_page is None:
            return
        self._covered = False
        information = self.main_page.information_page
        if information.presenter is not None:
            information.presenter.finish()
        self._set_page(self.main_page)
        dialogs, self._hidden_dialogs = self._hidden_dialogs, []
        for dialog in dialogs:
            dialog.show()
        from ui.main_page import NAV_INFORMATION

        self.main_page.show_section(NAV_INFORMATION)
        if information.stack.currentWidget() is information.notes:
            information.notes.notes.setFocus()
        self.uncovered.emit()

    def _on_main_page_change_passphrase_requested(self) -> None:
        self._open_change_passphrase()

    def _open_change_passphrase(self, *, must_change: bool = False, current: str = "") -> None:
        if self.session is None:
            return
        self._close_dialogs()
        dialog = ChangePassphraseDialog(
            self.session, self.operations, self, must_change=must_change, current=current
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        if must_change:
            dialog.passphrase_changed.connect(self._on_must_change_dialog_passphrase_changed)
            dialog.sign_out_chosen.connect(self._on_must_change_dialog_sign_out_chosen)
        self._dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None

    def _on_must_change_dialog_passphrase_changed(self) -> None:
        # The pages were filled while every service refused this account: fill them again.
        if self.session is not None and self.main_page is not None:
            self.main_page.set_session(self.session, self._centre)

    def _on_must_change_dialog_sign_out_chosen(self) -> None:
        # Reached from the dialog's own "finished": sign out once it has gone.
        QTimer.singleShot(0, self.sign_out)

    def _close_dialogs(self) -> None:
        if self._dialog is not None:
            dialog, self._dialog = self._dialog, None
            dialog.reject()
        for child in self.findChildren(QDialog):
            if child.isVisible():
                child.reject()

    def _end_session(self, *, locked: bool) -> tuple[str, str]:
        # Let running operations finish, then save the intake being typed as a draft
        # while the vault is still open; only then close it.
        self.operations.wait()
        if self.main_page is not None and self.session is not None:
            self.main_page.save_work(locked=locked)
        session, self.session = self.session, None
        self.idle.stop()
        self._close_dialogs()
        if self.main_page is not None:
            self.main_page.clear_session()
        if session is None:
            return "", ""
        try:
            auth.sign_out(session, locked=locked)
        except HarbourError as exc:
            log.warning("sign-out failed (%s)", type(exc).__name__)
            session.close()
        return session.user.name, session.user.role.value

    def lock(self) -> None:
        """Close the database and drop the key; the same user unlocks from the lock screen."""
        if self.session is None:
            return
        name, role = self._end_session(locked=True)
        if self._covered and self.presenter_lock_page is not None:
            # The child's session goes on; the cover stays and now signs the user in again.
            self.presenter_lock_page.set_user(name, role)
            self.locked.emit()
            return
        if self.lock_page is None:
            self.lock_page = LockPage(self._throttle.remaining_seconds, self)
            self.lock_page.sign_in_requested.connect(self._on_lock_page_sign_in_requested)
            self.lock_page.switch_user_requested.connect(self._on_lock_page_switch_user_requested)
        self.lock_page.set_user(name, role)
        self._set_page(self.lock_page)
        self.lock_page.passphrase.setFocus()
        self.locked.emit()

    def sign_out(self) -> None:
        if self.session is None:
            return
        name, _role = self._end_session(locked=False)
        self.show_sign_in(select=name)
        self.signed_out.emit()

    def _idle_interval(self) -> int:
        if self._idle_ms is not None:
            return self._idle_ms
        return max(1, self.settings.idle_minutes) * 60_000

    def _on_idle_timed_out(self) -> None:
        if self.session is None:
            return
        if self.operations.busy:
            # Never close the vault under a running operation; look again later.
            self.idle.start()
            return
        self.lock()

    # ---- settings ------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        apply_language(code)
        self.settings.language = code
        self._save_settings()
        if self.settings_page is not None:
            self.settings_page.set_language(code)
        retranslate_all()
        self.language_changed.emit(code)

    def _on_settings_page_language_chosen(self, code: str) -> None:
        if code != active_language():
            self.set_language(code)

    def _may_change_settings(self) -> bool:
        """The centre's policy (idle time, vault folder) is a manager's: asked of the
        session, as every service asks it."""
        if self.session is None:
            return False
        try:
            self.session.require(Permission.CHANGE_SETTINGS)
        except HarbourError as exc:
            log.info("settings change refused (%s)", type(exc).__name__)
            return False
        return True

    def _on_settings_page_idle_minutes_changed(self, minutes: int) -> None:
        if not self._may_change_settings():
            if self.settings_page is not None:
                self.settings_page.show_idle_minutes(self.settings.idle_minutes)
            return
        self.settings.idle_minutes = minutes
        self._save_settings()
        if self._idle_ms is None:
            self.idle.set_interval(self._idle_interval())

    def _on_settings_page_vault_folder_chosen(self, folder: str) -> None:
        if not self._may_change_settings():
            return
        self.settings.vault_folder = folder
        self._save_settings()
        if self.settings_page is not None:
            self.settings_page.show_vault_folder(folder, pending=True)

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("settings not saved (%s)", type(exc).__name__)

    # ---- texts and closing ---------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.session is not None and self._centre:
            self.setWindowTitle(_("Harbour: {centre}").format(centre=self._centre))
        else:
            self.setWindowTitle(_("Harbour"))

    def shutdown(self) -> None:
        """Sign out, wait for running operations, release the vault. Safe to call twice."""
        self.idle.stop()
        self.operations.wait()
        if self.session is not None:
            self._end_session(locked=False)
        if self.wizard is not None:
            pending = self.wizard.take_pending_session()
            if pending is not None:
                pending.close()
        recovery = self.recovery_dialog
        if recovery is not None and hasattr(recovery, "take_pending_session"):
            pending = recovery.take_pending_session()
            if pending is not None:
                pending.close()
        if self._app_lock is not None:
            self._app_lock.release()
            self._app_lock = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._covered:
            # The child may reach this window's close button: only staff end the session.
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
