"""The signed-in screen: header (centre, user, user menu), navigation and the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission
from app.i18n import N_
from app.services.session import Session
from ui.cases.page import CasesPage
from ui.common import Page, _, directional, heading, isolate, role_name
from ui.dashboard.page import DashboardPage
from ui.missing_banner import MissingBanner
from ui.operations import OperationRunner
from ui.presenter.launcher import InformationPage
from ui.settings_page import SettingsPage
from ui.sync.status import SyncStatusBar

NAV_CASES = "cases"
NAV_DASHBOARD = "dashboard"
NAV_INFORMATION = "information"
NAV_SETTINGS = "settings"

NAV_TITLES = {
    NAV_CASES: N_("Cases"),
    NAV_DASHBOARD: N_("Dashboard"),
    NAV_INFORMATION: N_("Information"),
    NAV_SETTINGS: N_("Settings"),
}
NAV_NEEDS: dict[str, Permission | None] = {
    NAV_CASES: Permission.READ_CASE,
    NAV_DASHBOARD: Permission.READ_CASE,
    NAV_INFORMATION: Permission.SHOW_INFORMATION,
    NAV_SETTINGS: None,
}
# Ctrl+1…4 reach the sections from anywhere in the signed-in window (walkthrough I1);
# fixed per section, so Ctrl+3 is Information whichever sections a role sees.
NAV_SHORTCUTS = {
    NAV_CASES: "Ctrl+1",
    NAV_DASHBOARD: "Ctrl+2",
    NAV_INFORMATION: "Ctrl+3",
    NAV_SETTINGS: "Ctrl+4",
}
# The navigation shows where the keyboard is (walkthrough I1: no focus frame was drawn).
NAV_FOCUS_FRAME = (
    "QListWidget { border: 2px solid transparent; }"
    " QListWidget:focus { border: 2px solid palette(highlight); }"
)
PLACEHOLDER_WHAT = {
    NAV_CASES: N_("Registering and finding children's cases."),
    NAV_DASHBOARD: N_("Overdue referrals, missing children and children without a guardian."),
    NAV_INFORMATION: N_("Child-friendly information screens in the child's language."),
}


class PlaceholderPage(Page):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._title = heading(self)
        self._what = QLabel(self)
        self._what.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._what)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_(NAV_TITLES[self._key]))
        self._what.setText(_(PLACEHOLDER_WHAT[self._key]))
        self.notice.setText(_("Not yet available in this version."))
        self.setAccessibleName(_(NAV_TITLES[self._key]))


class MainPage(Page):
    change_passphrase_requested = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        settings_page: SettingsPage,
        parent: QWidget | None = None,
        *,
        operations: OperationRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings_page = settings_page
        self.operations = operations or OperationRunner(self)
        self._user_name = ""
        self._user_role = ""
        self._centre = ""

        # header
        self.centre_label = heading(self, 1.2)
        self.centre_label.setWordWrap(False)
        self.user_label = QLabel(self)
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_menu_button = QToolButton(self)
        self.user_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.user_menu_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.user_menu = QMenu(self.user_menu_button)
        self.change_passphrase_action = QAction(self)
        self.lock_action = QAction(self)
        self.sign_out_action = QAction(self)
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.lock_action)
        self.user_menu.addAction(self.change_passphrase_action)
        self.user_menu.addAction(self.lock_action)
        self.user_menu.addSeparator()
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._show_about)
        self.user_menu.addAction(self.about_action)
        self.user_menu.addSeparator()
        self.user_menu.addAction(self.sign_out_action)
        self.user_menu_button.setMenu(self.user_menu)
        self.change_passphrase_action.triggered.connect(self.change_passphrase_requested)
        self.lock_action.triggered.connect(self.lock_requested)
        self.sign_out_action.triggered.connect(self.sign_out_requested)

        header = QFrame(self)
        header.setFrameShape(QFrame.Shape.NoFrame)
        header.setAutoFillBackground(True)
        header.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        header_layout = QHBoxLayout(header)
        header_layout.addWidget(self.centre_label, 1)
        header_layout.addWidget(self.user_label)
        header_layout.addWidget(self.user_menu_button)

        # navigation and pages
        self.nav = QListWidget(self)
        self.nav.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        nav_font = QFont(self.nav.font())
        nav_font.setPointSizeF(max(1.0, nav_font.pointSizeF() * 1.1))
        self.nav.setFont(nav_font)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.setStyleSheet(NAV_FOCUS_FRAME)
        for key, shortcut in NAV_SHORTCUTS.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, key=key: self._go_to_section(key))
            self.addAction(action)
        self.pages = QStackedWidget(self)
        self._page_for: dict[str, QWidget] = {}
        self.cases_page = CasesPage(self.operations, self)
        self._page_for[NAV_CASES] = self.cases_page
        self.dashboard_page = DashboardPage(self.operations, self)
        self.dashboard_page.open_requested.connect(self._on_dashboard_page_open_requested)
        self.cases_page.case_registered.connect(self._on_cases_page_case_registered)
        self._page_for[NAV_DASHBOARD] = self.dashboard_page
        self.information_page = InformationPage(self.operations, self)
        self._page_for[NAV_INFORMATION] = self.information_page
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(settings_page)
        self._page_for[NAV_SETTINGS] = scroll
        for page in self._page_for.values():
            self.pages.addWidget(page)
        self.nav.currentItemChanged.connect(self._on_nav_current_item_changed)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        # [G11] A missing child is named above every page (ui/missing_banner.py).
        self.missing_banner = MissingBanner(self)
        self.missing_banner.open_requested.connect(self._on_missing_banner_open_requested)
        layout.addWidget(self.missing_banner)
        layout.addLayout(body, 1)
        self.sync_status = SyncStatusBar(self.operations, self)  # issue 16: for everyone
        settings_page.sync_section.enrolled.connect(self.sync_status.enrolled)
        layout.addWidget(self.sync_status)
        self.retranslate()

    def set_session(self, session: Session, centre: str) -> None:
        # The same user (after an idle lock) comes back to their page; another user
        # starts on the first section, Cases (U3).
        current = self.current_key() if session.user.name == self._user_name else ""
        self._user_name = session.user.name
        self._user_role = session.user.role.value
        self._centre = centre
        self.nav.clear()
        for key in (NAV_CASES, NAV_DASHBOARD, NAV_INFORMATION, NAV_SETTINGS):
            needs = NAV_NEEDS[key]
            if needs is None or session.may(needs):
                item = QListWidgetItem(_(NAV_TITLES[key]))
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.nav.addItem(item)
        self.settings_page.set_session(session)
        if session.may(NAV_NEEDS[NAV_CASES]):  # type: ignore[arg-type]
            self.cases_page.set_session(session)
        if session.may(Permission.SHOW_INFORMATION):
            self.information_page.set_session(session)
        if session.may(NAV_NEEDS[NAV_DASHBOARD]):  # type: ignore[arg-type]
            self.dashboard_page.set_session(session)
        self.retranslate()
        self.show_section(current or self.nav.item(0).data(Qt.ItemDataRole.UserRole))
        self.missing_banner.set_session(session)
        self.sync_status.set_session(session)

    def save_work(self, *, locked: bool) -> None:
        """Save what is being typed (an intake draft) while the vault is still open."""
        self.cases_page.save_work(locked=locked)

    def clear_session(self) -> None:
        """Drop everything read from the vault (at lock and sign-out)."""
        self.missing_banner.set_session(None)
        self.sync_status.clear_session()
        self.settings_page.clear_session()
        self.cases_page.clear_session()
        self.information_page.clear_session()
        self.dashboard_page.clear_session()

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def show_section(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return
        if self.nav.count():
            self.nav.setCurrentRow(0)

    def _go_to_section(self, key: str) -> None:
        """A section's shortcut: show it and put the keyboard on the navigation."""
        if any(
            self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key
            for row in range(self.nav.count())
        ):
            self.show_section(key)
            self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_nav_current_item_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is not None:
            self.pages.setCurrentWidget(self._page_for[current.data(Qt.ItemDataRole.UserRole)])

    def _on_dashboard_page_open_requested(self, case_id: str) -> None:
        """A line of the dashboard opens the child's case in the Cases section, as the
        case list does; an intake being typed there is saved as a draft first."""
        self.cases_page.save_work(locked=False)
        self.show_section(NAV_CASES)
        self.cases_page.open_case(case_id)

    def _on_cases_page_case_registered(self, _case_id: str) -> None:
        self.dashboard_page.refresh()

    def _on_missing_banner_open_requested(self, case_id: str) -> None:
        self.cases_page.save_work(locked=False)  # an intake being typed is kept as a draft
        self.show_section(NAV_CASES)
        self.cases_page.open_case(case_id)

    def _show_about(self) -> None:
        """Which Harbour this is (the version in pyproject.toml, issue 18) and under what
        terms its fonts ship."""
        from PySide6.QtWidgets import QMessageBox

        from app import __version__

        box = QMessageBox(self)
        box.setWindowTitle(_("About Harbour"))
        box.setIconPixmap(self.window().windowIcon().pixmap(64, 64))
        box.setText(_("Harbour {version}").format(version=isolate(__version__)))
        box.setInformativeText(
            _(
                "Registration, information and age assessment for children arriving alone."
                " Records stay encrypted on this computer. Fonts: Noto, SIL Open Font"
                " License 1.1."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = box
        box.open()

    def retranslate(self) -> None:
        self.centre_label.setText(directional(self._centre))
        self.user_label.setText(
            _("Signed in: {name} ({role})").format(
                name=isolate(self._user_name),
                role=role_name(self._user_role) if self._user_role else "",
            )
        )
        self.user_label.setAccessibleName(self.user_label.text())
        self.centre_label.setAccessibleName(_("Centre"))
        self.user_menu_button.setText(_("&Account"))
        self.user_menu_button.setAccessibleName(_("Account menu"))
        self.change_passphrase_action.setText(_("&Change passphrase…"))
        self.lock_action.setText(_("&Lock"))
        self.sign_out_action.setText(_("Sign &out"))
        self.about_action.setText(_("&About Harbour…"))
        self.nav.setAccessibleName(_("Navigation"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(_(NAV_TITLES[key]))
            shortcut = QKeySequence(NAV_SHORTCUTS[key]).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            item.setToolTip(f"{item.text()} ({isolate(shortcut)})")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, shortcut)
        self.nav.setFixedWidth(max(160, self.nav.sizeHintForColumn(0) + 40))
        self.pages.setAccessibleName(_("Content"))
