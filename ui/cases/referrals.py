"""The case view's Referrals section (issue 15, item 1 in the window): the child's
referrals with type, state, recipient and deadline (a provisional one labelled, days to or
past it), and the workflow by permission: open a referral, send, accept, decline (with a
reason), complete, cancel (with a reason), choose the recipient from the directory,
record consent or the legal basis [G9]; managers print or save the referral form
(ui/printing.py). Every refusal of a service shows as its translated message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, format_date, ngettext
from app.services import referrals as referral_service
from app.services.referrals import EXCEPTIONAL_STEP, CaseReferral, ReferralState
from app.services.session import Session
from ui.cases import labels
from ui.cases.action_dialog import ActionDialog
from ui.common import MessageLabel, _, directional, isolate, language_label
from ui.operations import OperationRunner, error_text
from ui.printing import ReferralPrinting

ID_ROLE = Qt.ItemDataRole.UserRole

STATE_NAMES: dict[str, str] = {
    ReferralState.DRAFT: N_("Draft"),
    ReferralState.SENT: N_("Sent"),
    ReferralState.ACCEPTED: N_("Accepted"),
    ReferralState.DECLINED: N_("Declined"),
    ReferralState.COMPLETED: N_("Completed"),
    ReferralState.CANCELLED: N_("Cancelled"),
}
GIVEN_BY = ("child", "guardian", "representative")
CONSENT_LANGUAGES = ("en", "fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur")


def state_name(state: str) -> str:
    return _(STATE_NAMES.get(state, state))


def step_name(state: str) -> str:
    """A line of a referral's history: the state it moved to, or the manager's
    decision of the exceptional deadline."""
    if state == EXCEPTIONAL_STEP:
        return _("Exceptional deadline decided")
    return state_name(state)


def deadline_text(item: CaseReferral) -> tuple[str, str]:
    """(deadline, days to or past it) as the table shows them; a provisional deadline
    says so [G2]."""
    referral = item.referral
    if referral.due is None:
        return _("No deadline"), ""
    due = isolate(format_date(referral.due))
    if referral.due_provisional:
        shown = _("{date} (provisional: the application is not lodged yet)").format(date=due)
    elif referral.due_uncovered:
        shown = _("{date} (to check: no public holidays known for that year)").format(date=due)
    else:
        shown = due
    if referral.exceptional:  # [G2] a manager's decision, its reason in the history
        shown = _("{deadline}, exceptional deadline").format(deadline=shown)
    late = item.days_late
    if late is None:
        return shown, ""
    if late > 0:
        days = ngettext("{count} day late", "{count} days late", late).format(count=late)
    elif late == 0:
        days = _("Due today")
    else:
        days = ngettext("{count} day left", "{count} days left", -late).format(count=-late)
    return shown, directional(days)


class ReferralsSection(QGroupBox):
    """A child's referrals and what this user may do with them."""

    changed = Signal()  # a referral was opened or changed (the case view reloads)

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self.case_id: str | None = None
        self.case_number = ""
        self.items: list[CaseReferral] = []
        self._generation = 0
        self.dialog: ActionDialog | None = None  # the dialog open now (tests)

        self.empty = QLabel(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        # The selected referral's history: every change dated and attributed, with its
        # reason (issue 15, item 1).
        self.history_label = QLabel(self)
        self.history = QTableWidget(0, 4, self)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.verticalHeader().setVisible(False)
        self.history.setWordWrap(True)
        self.history.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setTabKeyNavigation(False)
        history_header = self.history.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_label.setBuddy(self.history)

        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.send_button = QPushButton(self)
        self.accept_button = QPushButton(self)
        self.decline_button = QPushButton(self)
        self.complete_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.reopen_button = QPushButton(self)
        self._state_buttons = {
            ReferralState.SENT: self.send_button,
            ReferralState.ACCEPTED: self.accept_button,
            ReferralState.DECLINED: self.decline_button,
            ReferralState.COMPLETED: self.complete_button,
            ReferralState.CANCELLED: self.cancel_button,
            ReferralState.DRAFT: self.reopen_button,
        }
        for state, button in self._state_buttons.items():
            button.clicked.connect(lambda _c=False, state=state: self._on_state_clicked(state))
        self.recipient_button = QPushButton(self)
        self.recipient_button.clicked.connect(self._on_recipient_button_clicked)
        self.basis_button = QPushButton(self)
        self.basis_button.clicked.connect(self._on_basis_button_clicked)
        self.exceptional_button = QPushButton(self)
        self.exceptional_button.clicked.connect(self._on_exceptional_button_clicked)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.message = MessageLabel(parent=self)
        self.printing = ReferralPrinting(self, operations, self.message)

        workflow = QHBoxLayout()
        workflow.addWidget(self.open_button)
        for button in self._state_buttons.values():
            workflow.addWidget(button)
        workflow.addStretch(1)
        sharing = QHBoxLayout()
        for button in (self.recipient_button, self.basis_button, self.exceptional_button):
            sharing.addWidget(button)
        sharing.addStretch(1)
        sharing.addWidget(self.print_button)
        sharing.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(workflow)
        layout.addLayout(sharing)
        layout.addWidget(self.message)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        self.retranslate()
        self.set_session(None)

    # -- session and loading --------------------------------------------------------------
    def set_session(self, session: Session | None) -> None:
        self._session = session
        may_write = session is not None and session.may(Permission.WRITE_CASE)
        may_print = session is not None and session.may(Permission.PRINT_REFERRAL)
        for button in (
            self.open_button,
            self.recipient_button,
            self.basis_button,
            *self._state_buttons.values(),
        ):
            button.setVisible(may_write)
        # [G10] Printing a referral form is a manager's: the buttons are not there for
        # anyone else (the service refuses them too).
        self.print_button.setVisible(may_print)
        self.save_button.setVisible(may_print)
        # [G2] The exceptional deadline is a manager's decision (CHANGE_SETTINGS).
        self.exceptional_button.setVisible(
            session is not None and session.may(Permission.CHANGE_SETTINGS)
        )
        if session is None:
            self.clear()

    def clear(self) -> None:
        self._generation += 1
        self.case_id = None
        self.items = []
        self.table.setRowCount(0)
        self.message.clear()
        self._update_buttons()

    def load(self, case_id: str, case_number: str) -> None:
        session = self._session
        if session is None:
            return
        if case_id != self.case_id:
            self.items = []
            self.table.setRowCount(0)
            self.message.clear()
        self.case_id, self.case_number = case_id, case_number
        self._generation += 1
        generation = self._generation
        self._ops.run(
            lambda: referral_service.case_referrals(session, case_id),
            on_success=lambda items: self._on_loaded(generation, items),
            on_failure=lambda exc: self._on_failed(generation, exc),
        )

    def reload(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id, self.case_number)

    def _on_loaded(self, generation: int, items: list[CaseReferral]) -> None:
        if generation != self._generation:
            return
        self.items = items
        self._fill()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.show_message(error_text(exc))

    def _fill(self) -> None:
        """The table from ``items``; the referral selected stays selected (the first
        one when none was), through a reload and a language switch."""
        selected = self.selected()
        chosen = selected.id if selected is not None else None
        self.empty.setVisible(not self.items)
        self.table.setVisible(bool(self.items))
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            deadline, days = deadline_text(item)
            cells = (
                _(item.type_name),
                state_name(item.referral.state),
                isolate(item.recipient_name) if item.recipient_name else _("Not chosen"),
                deadline,
                days,
            )
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(directional(text))
                cell.setData(ID_ROLE, item.id)
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(max(height, self.table.horizontalHeader().height() + 8))
        rows = [r for r, item in enumerate(self.items) if item.id == chosen] or [0]
        if self.items:
            # setCurrentCell, not selectRow: in a right-to-left layout selectRow looks
            # for the column at the viewport's right edge, and before the table is laid
            # out there is none (nothing was selected in Arabic).
            self.table.setCurrentCell(rows[0], 0)
        self._update_buttons()

    def rows(self) -> list[tuple[str, ...]]:
        """The table's texts row by row (tests)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def selected(self) -> CaseReferral | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items) and self.table.item(row, 0) is not None:
            wanted = self.table.item(row, 0).data(ID_ROLE)
            return next((i for i in self.items if i.id == wanted), None)
        return None

    def select_type(self, referral_type: str) -> bool:
        """Select the child's referral of this type (tests, the print flow)."""
        for row, item in enumerate(self.items):
            if item.referral.type == referral_type:
                self.table.setCurrentCell(row, 0)
                return True
        return False

    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected()
        allowed = set(item.next_states) if item is not None else set()
        for state, button in self._state_buttons.items():
            button.setEnabled(state in allowed)
        self.open_button.setEnabled(self.case_id is not None)
        for button in (self.recipient_button, self.basis_button):
            button.setEnabled(item is not None)
        for button in (self.print_button, self.save_button):
            button.setEnabled(item is not None)
        self.exceptional_button.setEnabled(item is not None and item.exceptional_days is not None)
        self._fill_history(item)

    def _fill_history(self, item: CaseReferral | None) -> None:
        steps = item.steps if item is not None else ()
        self.history_label.setVisible(bool(steps))
        self.history.setVisible(bool(steps))
        self.history.setRowCount(len(steps))
        for r, step in enumerate(steps):
            cells = (
                isolate(step.when),
                step_name(step.state),
                step.who or _("Harbour, by itself"),
                step.reason,
            )
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(directional(text)))
        self.history.resizeRowsToContents()
        height = self.history.horizontalHeader().height() + 2 * self.history.frameWidth()
        height += sum(self.history.rowHeight(r) for r in range(self.history.rowCount()))
        self.history.setFixedHeight(max(height, self.history.horizontalHeader().height() + 8))

    def history_rows(self) -> list[tuple[str, ...]]:
        """The selected referral's history as shown, row by row (tests)."""
        return [
            tuple(self.history.item(r, c).text() for c in range(self.history.columnCount()))
            for r in range(self.history.rowCount())
        ]

    # -- actions -----------------------------------------------------------------------
    def _done(self, text: str) -> None:
        self.message.show_message(text)
        self.reload()
        self.changed.emit()

    def _dialog(self, title: str, explain: str = "", ok: str = "") -> ActionDialog:
        dialog = ActionDialog(self, self._ops, title=title, explain=explain, ok_text=ok)
        self.dialog = dialog
        return dialog

    def _on_open_button_clicked(self) -> None:
        session, case_id = self._session, self.case_id
        if session is None or case_id is None:
            return
        dialog = self._dialog(_("Open a referral"), ok=_("&Open the referral"))
        kind = QComboBox(dialog)
        try:
            choices = referral_service.type_choices(session)
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return
        for code, name in choices:
            kind.addItem(directional(_(name)), code)
        urgency = QComboBox(dialog)
        for code in ("routine", "soon", "urgent"):
            urgency.addItem(labels.label(labels.URGENCY, code), code)
        reason = QPlainTextEdit(dialog)
        reason.setTabChangesFocus(True)
        reason.setFixedHeight(reason.fontMetrics().lineSpacing() * 4 + 12)
        dialog.add_row(_("&Type:"), kind)
        dialog.add_row(_("&Urgency:"), urgency)
        dialog.add_row(_("&Reason:"), reason)
        self.type_box, self.reason_box = kind, reason  # tests

        def collect() -> tuple[str, str, str]:
            if not reason.toPlainText().strip():
                reason.setFocus()
                raise InvalidInput(reason=_("Say why the child is referred."))
            return kind.currentData(), reason.toPlainText(), urgency.currentData()

        def run(values: tuple[str, str, str]) -> str:
            from app.domain.case import Urgency

            code, why, level = values
            return referral_service.open_referral(
                session, case_id, code, reason=why, urgency=Urgency(level)
            )

        dialog.collect, dialog.run = collect, run
        dialog.done_with = lambda _id: self._done(_("The referral is opened as a draft."))
        dialog.open()
        kind.setFocus()

    def _on_state_clicked(self, state: ReferralState) -> None:
        session, item = self._session, self.selected()
        if session is None or item is None:
            return
        referral_id = item.id
        done = _("The referral is now: {state}.").format(state=state_name(state))
        if state in (ReferralState.DECLINED, ReferralState.CANCELLED):
            title = (
                _("Decline the referral")
                if state == ReferralState.DECLINED
                else _("Cancel the referral")
            )
            dialog = self._dialog(
                title,
                _("Say why. The referral and its history stay in the case."),
                ok=title,
            )
            reason = QPlainTextEdit(dialog)
            reason.setTabChangesFocus(True)
            reason.setFixedHeight(reason.fontMetrics().lineSpacing() * 4 + 12)
            dialog.add_row(_("&Reason:"), reason)
            self.reason_box = reason

            def collect() -> str:
                if not reason.toPlainText().strip():
                    raise InvalidInput(
                        reason=_("Say why: a referral is declined or cancelled only with a reason.")
                    )
                return reason.toPlainText()

            dialog.collect = collect
            dialog.run = lambda why: referral_service.change_state(
                session, referral_id, state, reason=why
            )
            dialog.done_with = lambda _r: self._done(done)
            dialog.open()
            reason.setFocus()
            return
        self._ops.run(
            lambda: referral_service.change_state(session, referral_id, state),
            on_success=lambda _r: self._done(done),
            on_failure=lambda exc: self.message.show_message(error_text(exc)),
        )

    def _on_recipient_button_clicked(self) -> None:
        session, item = self._session, self.selected()
        if session is None or item is None:
            return
        referral_id = item.id
        try:
            choices = referral_service.recipients_for(session, item.referral.type)
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return
        if not choices:
            self.message.show_message(
                _(
                    "The directory has no recipient for this kind of referral. A manager adds"
                    " one in Settings."
                )
            )
            return
        dialog = self._dialog(
            _("Choose the recipient"),
            _("Only recipients who receive this kind of referral are listed."),
        )
        box = QComboBox(dialog)
        for entry_id, name in choices:
            box.addItem(isolate(name), entry_id)
        current = box.findData(item.referral.recipient_id)
        if current >= 0:
            box.setCurrentIndex(current)
        dialog.add_row(_("&Recipient:"), box)
        self.recipient_box = box
        dialog.collect = box.currentData
        dialog.run = lambda entry_id: referral_service.set_recipient(session, referral_id, entry_id)
        dialog.done_with = lambda _r: self._done(_("The recipient is recorded."))
        dialog.open()
        box.setFocus()

    def _on_basis_button_clicked(self) -> None:
        session, item = self._session, self.selected()
        if session is None or item is None:
            return
        referral_id = item.id
        dialog = self._dialog(
            _("Consent or legal basis"),
            _(
                "Sharing with this recipient needs the consent for this service and"
                " recipient, or a legal basis. Fill in one of the two."
            ),
        )
        given_by = QComboBox(dialog)
        for code in GIVEN_BY:
            given_by.addItem(labels.label(labels.GIVEN_BY, code), code)
        language = QComboBox(dialog)
        for code in CONSENT_LANGUAGES:
            language.addItem(language_label(code), code)
        granted = QCheckBox(_("Consent &granted"), dialog)
        assent = QComboBox(dialog)
        for text, value in (
            (_("Not asked"), None),
            (_("The child agrees"), True),
            (_("The child does not agree"), False),
        ):
            assent.addItem(text, value)
        legal = QLineEdit(dialog)
        legal.setPlaceholderText(_("For example: GDPR Art. 6(1)(c), a legal obligation"))
        dialog.add_row(_("Consent &given by:"), given_by)
        dialog.add_row(_("In &language:"), language)
        dialog.add_row("", granted)
        granted.setAccessibleName(_("Consent granted"))
        dialog.add_row(_("The child's &own view:"), assent)
        dialog.add_row(_("Or the legal &basis:"), legal)
        self.basis_widgets = (given_by, language, granted, assent, legal)  # tests

        def collect() -> dict[str, Any]:
            if not legal.text().strip() and not granted.isChecked():
                raise InvalidInput(reason=_("Tick “Consent granted” or enter the legal basis."))
            return {
                "consent_given_by": "" if legal.text().strip() else given_by.currentData(),
                "language": language.currentData(),
                "granted": granted.isChecked(),
                "child_assent": assent.currentData(),
                "legal_basis": legal.text(),
            }

        dialog.collect = collect
        dialog.run = lambda values: referral_service.record_basis(session, referral_id, **values)
        dialog.done_with = lambda _r: self._done(_("What allows sharing is recorded."))
        dialog.open()
        given_by.setFocus()

    def _on_exceptional_button_clicked(self) -> None:
        """[G2] A manager gives the referral the profile's longer deadline, with the
        reason; who decided it and when stay in its history."""
        session, item = self._session, self.selected()
        if session is None or item is None or item.exceptional_days is None:
            return
        referral_id = item.id
        title = _("Exceptional deadline")
        dialog = self._dialog(
            title,
            _(
                "In an exceptional situation the country profile allows a longer deadline"
                " for this referral (working days: {count}). Say why; your name, the date"
                " and the reason stay in the referral's history."
            ).format(count=item.exceptional_days),
            ok=_("&Use the exceptional deadline"),
        )
        reason = QPlainTextEdit(dialog)
        reason.setTabChangesFocus(True)
        reason.setFixedHeight(reason.fontMetrics().lineSpacing() * 4 + 12)
        dialog.add_row(_("&Reason:"), reason)
        self.reason_box = reason

        def collect() -> str:
            if not reason.toPlainText().strip():
                reason.setFocus()
                raise InvalidInput(reason=_("Say why you decided this."))
            return reason.toPlainText()

        dialog.collect = collect
        dialog.run = lambda why: referral_service.use_exceptional_deadline(
            session, referral_id, reason=why
        )
        dialog.done_with = lambda _r: self._done(_("The exceptional deadline is recorded."))
        dialog.resize(max(dialog.sizeHint().width(), 480), dialog.sizeHint().height())
        dialog.open()
        reason.setFocus()

    def _on_print_button_clicked(self) -> None:
        item = self.selected()
        if self._session is not None and self.case_id is not None and item is not None:
            self.printing.print_form(
                self._session, self.case_id, item.id, item.referral.type, self.case_number
            )

    def _on_save_button_clicked(self) -> None:
        item = self.selected()
        if self._session is not None and self.case_id is not None and item is not None:
            self.printing.save_pdf(
                self._session, self.case_id, item.id, item.referral.type, self.case_number
            )

    def retranslate(self) -> None:
        self.setTitle(_("Referrals"))
        self.table.setAccessibleName(_("Referrals"))
        self.empty.setText(_("No referral for this child yet."))
        self.history_label.setText(_("Histor&y of the selected referral:"))
        self.history.setAccessibleName(_("History of the selected referral"))
        self.history.setHorizontalHeaderLabels([_("When"), _("Step"), _("By"), _("Reason")])
        self.table.setHorizontalHeaderLabels(
            [_("Type"), _("State"), _("Recipient"), _("Deadline"), _("Days")]
        )
        for button, text in (
            (self.open_button, _("Open a &referral…")),
            (self.send_button, _("Mark as sen&t")),
            (self.accept_button, _("Accepte&d")),
            (self.decline_button, _("Decli&ned…")),
            (self.complete_button, _("C&ompleted")),
            (self.cancel_button, _("Cance&l referral…")),
            (self.reopen_button, _("Reopen as a dra&ft")),
            (self.recipient_button, _("Re&cipient…")),
            (self.basis_button, _("Consent or legal bas&is…")),
            (self.exceptional_button, _("E&xceptional deadline…")),
            (self.print_button, _("&Print referral form…")),
            (self.save_button, _("&Save as PDF…")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…").lstrip("\u200f"))
        if self.items:
            self._fill()
