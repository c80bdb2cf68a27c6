"""The case view: one child at a time. Every section read-only, urgent flag, links, the
information sessions the child had, the age assessment and the history in words; Edit
opens the form.

Opening a case replaces everything of the previous one at once (the header's name labels
are the same two labels, re-filled, never widgets waiting for deletion), and a case opens
at the top."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.history_text import when_text
from app.domain.roles import Permission
from app.i18n import format_date
from app.services import age as age_service
from app.services import cases as case_service
from app.services import history as history_service
from app.services import missing as missing_service
from app.services import special_categories as special_service
from app.services.session import Session
from ui.age.page import set_status, status_label
from ui.cases import labels
from ui.cases.missing import mark_found_dialog, mark_missing_dialog, return_interview_dialog
from ui.cases.model import link_icon
from ui.cases.referrals import ReferralsSection
from ui.cases.summary import SummaryView
from ui.common import MessageLabel, Page, _, directional, heading, isolate
from ui.operations import OperationRunner, error_text
from ui.printing import ReferralPrinting

LINK_ROLE = Qt.ItemDataRole.UserRole
LONG = 160  # characters of a history value shown in its cell (the rest in its tooltip)


def _load(session: Session, case_id: str) -> dict[str, Any]:
    """Runs off the GUI thread: the case (an audited view), its links, its history,
    information sessions and age assessment in words; the child's ethnicity and religion
    only for a role that may read them (READ_SPECIAL_CATEGORIES: its own audited read;
    for any other role they are never read)."""
    detail = case_service.open_case(session, case_id)
    special = (
        special_service.read_special_categories(session, case_id)
        if session.may(Permission.READ_SPECIAL_CATEGORIES)
        else None
    )
    linked = []
    for link in detail.links:
        other = link["case_b"] if link["case_a"] == case_id else link["case_a"]
        try:
            number = case_service.get_row(session, other).case_number
        except Exception:  # a link to a case this user cannot see
            number = "?"
        linked.append((link, other, number))
    status = age_service.status_text(session, case_id)
    activity = history_service.case_activity(session, case_id)
    return {
        "detail": detail,
        "links": linked,
        "age_status": status,
        "activity": activity,
        "special": special,
        # [G13] return interviews still due; [G12] the police referral whose form is
        # the missing-child notice (None while the child is not missing)
        "interviews": missing_service.interviews_due(session, case_id=case_id),
        "notice": missing_service.notice_referral(session, case_id),
    }


def _read_only_table(columns: int) -> QTableWidget:
    """A table that shows all its rows (the page scrolls, not the table)."""
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], stretch: int) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            shown = text if len(text) <= LONG else text[: LONG - 1] + "…"
            # In a right-to-left UI language every cell reads right to left, even one that
            # starts with a Latin name ("Manager One (أنت)").
            item = QTableWidgetItem(directional(shown))
            if shown != text:
                item.setToolTip(directional(text))
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(max(height, table.horizontalHeader().height() + 8))


class CaseView(Page):
    back_requested = Signal()
    edit_requested = Signal(str)  # case id
    open_requested = Signal(str)  # another case id (a link)
    age_requested = Signal(str)  # case id: open its age assessment
    loaded = Signal(str)

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._generation = 0
        self.case_id: str | None = None
        self.data: dict[str, Any] | None = None
        self._stale = False

        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.age_button = QPushButton(self)
        self.age_button.clicked.connect(self._on_age_button_clicked)
        self.age_button.setVisible(False)
        # [G11]-[G13] Mark missing / found (ui/cases/missing.py), by WRITE_CASE.
        self.missing_button = QPushButton(self)
        self.missing_button.clicked.connect(self._on_missing_button_clicked)
        self.found_button = QPushButton(self)
        self.found_button.clicked.connect(self._on_found_button_clicked)
        self.missing_dialog: Any = None  # the dialog open now (tests)
        # [G12] The missing-child notice (managers: PRINT_REFERRAL), while missing.
        self.notice_button = QPushButton(self)
        self.notice_button.clicked.connect(self._on_notice_button_clicked)
        self.title = heading(self)
        # The child's name: the same two labels for every case, re-filled.
        self.name_line = QWidget(self)
        name_layout = QHBoxLayout(self.name_line)
        name_layout.setContentsMargins(0, 0, 0, 0)
        self.name_original = QLabel(self.name_line)
        self.name_latin = QLabel(self.name_line)
        for label, bold in ((self.name_original, True), (self.name_latin, False)):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(bold)
            label.setFont(font)
            name_layout.addWidget(label)
        name_layout.addStretch(1)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        # [R5] A case linked to another as the same child says so under its name.
        self.linked_line = QWidget(self)
        linked_layout = QHBoxLayout(self.linked_line)
        linked_layout.setContentsMargins(0, 0, 0, 0)
        self._linked_icon = QLabel(self.linked_line)
        self._linked_icon.setPixmap(link_icon().pixmap(16, 16))
        self.linked = QLabel(self.linked_line)
        self.linked.setWordWrap(True)
        self.linked.setTextFormat(Qt.TextFormat.PlainText)
        linked_font = self.linked.font()
        linked_font.setBold(True)
        self.linked.setFont(linked_font)
        linked_layout.addWidget(self._linked_icon, 0, Qt.AlignmentFlag.AlignTop)
        linked_layout.addWidget(self.linked, 1)
        self.linked_line.setVisible(False)
        self.age_status = status_label(self)
        self.message = MessageLabel(parent=self)
        self.notice = MessageLabel(MessageLabel.INFO, parent=self)
        self.printing = ReferralPrinting(self, operations, self.message, notice=True)
        # [G13] A return interview still due ("Later" in the dialog) stays in sight.
        self.interview_line = QWidget(self)
        interview_layout = QHBoxLayout(self.interview_line)
        interview_layout.setContentsMargins(0, 0, 0, 0)
        self.interview_text = QLabel(self.interview_line)
        self.interview_text.setWordWrap(True)
        self.interview_text.setTextFormat(Qt.TextFormat.PlainText)
        interview_font = self.interview_text.font()
        interview_font.setBold(True)
        self.interview_text.setFont(interview_font)
        self.interview_button = QPushButton(self.interview_line)
        self.interview_button.clicked.connect(self._on_interview_button_clicked)
        interview_layout.addWidget(self.interview_text, 1)
        interview_layout.addWidget(self.interview_button)
        self.interview_line.setVisible(False)
        self.summary = SummaryView()
        self.referrals = ReferralsSection(operations)
        self.referrals.changed.connect(self._on_referrals_changed)
        self.links_box = QGroupBox()
        self.links = QListWidget()
        self.links.itemActivated.connect(self._on_links_item_activated)
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links)

        self.sessions_box = QGroupBox()
        self.sessions = _read_only_table(5)
        self.no_sessions = QLabel()
        sessions_layout = QVBoxLayout(self.sessions_box)
        sessions_layout.addWidget(self.no_sessions)
        sessions_layout.addWidget(self.sessions)

        self.assessment_box = QGroupBox()
        self.no_assessment = QLabel()
        self.assessment_started = QLabel()
        self.assessment_results = QLabel()
        self.assessment_signed = QLabel()
        self.assessment_signed.setWordWrap(True)
        self.assessment_state = QLabel()
        self._assessment_labels = [QLabel() for _i in range(4)]
        self._assessment_form = QWidget()
        form = QFormLayout(self._assessment_form)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field in zip(
            self._assessment_labels,
            (
                self.assessment_started,
                self.assessment_results,
                self.assessment_signed,
                self.assessment_state,
            ),
            strict=True,
        ):
            form.addRow(label, field)
        assessment_layout = QVBoxLayout(self.assessment_box)
        assessment_layout.addWidget(self.no_assessment)
        assessment_layout.addWidget(self._assessment_form)

        self.history_box = QGroupBox()
        self.history = _read_only_table(4)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.summary)
        inner_layout.addWidget(self.referrals)
        inner_layout.addWidget(self.links_box)
        inner_layout.addWidget(self.sessions_box)
        inner_layout.addWidget(self.assessment_box)
        inner_layout.addWidget(self.history_box)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(inner)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.missing_button)
        top.addWidget(self.found_button)
        top.addWidget(self.notice_button)
        top.addWidget(self.age_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.name_line)
        layout.addWidget(self.facts)
        layout.addWidget(self.linked_line)
        layout.addWidget(self.age_status)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.interview_line)
        layout.addWidget(self.scroll, 1)
        self._show_content(False)
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self._generation += 1
        self._session = session
        self.age_button.setVisible(
            session is not None and session.may(Permission.RECORD_ASSESSMENT)
        )
        self.referrals.set_session(session)
        self._update_missing_buttons()
        if session is None:
            self.clear()

    def clear(self) -> None:
        """Nothing of any child on the page."""
        self.case_id = None
        self._clear_content()

    def _clear_content(self) -> None:
        self.data = None
        self.title.clear()
        self.facts.clear()
        self.linked.clear()
        self.linked_line.setVisible(False)
        self.interview_line.setVisible(False)
        set_status(self.age_status, "")
        self._set_name("", "")
        self.summary.show_case(None)
        self.referrals.clear()
        self._update_missing_buttons()
        self.links.clear()
        self.sessions.setRowCount(0)
        self.history.setRowCount(0)
        for label in (
            self.assessment_started,
            self.assessment_results,
            self.assessment_signed,
            self.assessment_state,
        ):
            label.clear()
        self._show_content(False)
        self.scroll.verticalScrollBar().setValue(0)
        self.scroll.horizontalScrollBar().setValue(0)

    def _show_content(self, shown: bool) -> None:
        for widget in (
            self.summary,
            self.referrals,
            self.links_box,
            self.sessions_box,
            self.assessment_box,
        ):
            widget.setVisible(shown)
        self.history_box.setVisible(shown)

    def load(self, case_id: str) -> None:
        """Show ``case_id``. Another child's case is taken off the page at once, before
        the new one is read; the new one opens at the top."""
        session = self._session
        if session is None:
            return
        if case_id != self.case_id:
            self.notice.clear()
        if case_id != self.case_id or self.data is None:
            self._clear_content()
        self.case_id = case_id
        self._generation += 1
        generation = self._generation
        self.edit_button.setEnabled(False)
        self.age_button.setEnabled(False)
        self.message.clear()
        self._ops.run(
            lambda: _load(session, case_id),
            on_success=lambda data: self._on_loaded(generation, case_id, data),
            on_failure=lambda exc: self._on_failed(generation, exc),
        )

    def _on_loaded(self, generation: int, case_id: str, data: dict[str, Any]) -> None:
        if generation != self._generation or case_id != self.case_id:
            return
        same_case = self.data is not None
        self.data = data
        self.edit_button.setEnabled(True)
        self.age_button.setEnabled(True)
        self._render()
        self.referrals.load(case_id, data["detail"].row.case_number)
        self._update_missing_buttons()
        if not same_case:
            self.scroll.verticalScrollBar().setValue(0)
        self.loaded.emit(case_id)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.show_message(error_text(exc))

    def _set_name(self, original: str, latin: str) -> None:
        self.name_original.setText(original)
        shown_latin = latin if latin and latin != original else ""
        self.name_latin.setText(f"({shown_latin})" if shown_latin else "")
        self.name_latin.setVisible(bool(shown_latin))
        self.name_line.setAccessibleName(f"{original} ({shown_latin})" if shown_latin else original)

    def name_text(self) -> str:
        """The header's name as shown (tests, screen readers)."""
        return " ".join(
            label.text()
            for label in (self.name_original, self.name_latin)
            if label.isVisibleTo(self) and label.text()
        )

    def _render(self) -> None:
        if self.data is None:
            return
        detail = self.data["detail"]
        row = detail.row
        draft = detail.draft
        self.title.setText(_("Case {number}").format(number=isolate(row.case_number)))
        self.title.setAccessibleName(self.title.text())
        original = f"{draft.names.given} {draft.names.family}".strip()
        latin = f"{draft.names.given_latin} {draft.names.family_latin}".strip()
        self._set_name(original, latin)
        try:
            registered = format_date(dt.date.fromisoformat(row.registered_at[:10]))
        except ValueError:
            registered = row.registered_at[:10]
        self.facts.setText(
            _("Status: {status}. {accompaniment}. Registered on {date}.").format(
                status=labels.label(labels.CASE_STATUS, row.status),
                accompaniment=labels.label(labels.ACCOMPANIMENT, row.accompaniment),
                date=isolate(registered),
            )
        )
        if row.linked:
            self.linked.setText(
                directional(
                    _("The same child as case {numbers} (the records are linked).").format(
                        numbers=", ".join(isolate(n) for n in row.linked)
                    )
                )
            )
        self.linked_line.setVisible(bool(row.linked))
        self.linked_line.setAccessibleName(self.linked.text())
        set_status(self.age_status, self.data.get("age_status", ""))
        self._show_interviews()
        self._show_content(True)
        self.summary.show_case(draft, detail.urgent, special=self.data.get("special"))

        self.links.clear()
        for link, other, number in self.data["links"]:
            decision = labels.label(labels.LINK_DECISION, link.get("decision"))
            text = _("{decision}: case {number}. Reason: {reason}").format(
                decision=decision, number=isolate(number), reason=link.get("reason", "")
            )
            if not link.get("active", True):
                text = _("{link} (undone)").format(link=text)
            item = QListWidgetItem(text)
            item.setData(LINK_ROLE, other)
            self.links.addItem(item)
        if not self.data["links"]:
            self.links.addItem(QListWidgetItem(_("No links to other records.")))
        self.links.setFixedHeight(
            max(40, self.links.sizeHintForRow(0) * min(5, self.links.count()) + 8)
        )

        activity = self.data["activity"]
        sessions = activity.sessions
        self.no_sessions.setVisible(not sessions)
        self.sessions.setVisible(bool(sessions))
        _fill(
            self.sessions,
            [(s.when, s.language, s.interpreter, s.topics, s.answers) for s in sessions],
            stretch=3,
        )
        assessment = activity.assessment
        self.no_assessment.setVisible(assessment is None)
        self._assessment_form.setVisible(assessment is not None)
        if assessment is not None:
            self.assessment_started.setText(assessment.started)
            self.assessment_results.setText(assessment.results)
            self.assessment_signed.setText(assessment.signed_by)
            self.assessment_state.setText(assessment.state)
        _fill(
            self.history,
            [(h.when, h.what, h.value, h.who) for h in activity.history],
            stretch=2,
        )

    def history_rows(self) -> list[tuple[str, ...]]:
        """The history table's texts, row by row (tests)."""
        return [
            tuple(self.history.item(r, c).text() for c in range(self.history.columnCount()))
            for r in range(self.history.rowCount())
        ]

    def sessions_rows(self) -> list[tuple[str, ...]]:
        return [
            tuple(self.sessions.item(r, c).text() for c in range(self.sessions.columnCount()))
            for r in range(self.sessions.rowCount())
        ]

    def links_text(self) -> list[str]:
        return [self.links.item(i).text() for i in range(self.links.count())]

    def _on_links_item_activated(self, item: QListWidgetItem) -> None:
        other = item.data(LINK_ROLE)
        if other:
            self.open_requested.emit(other)

    def _on_edit_button_clicked(self) -> None:
        if self.case_id and self.data is not None:
            self.edit_requested.emit(self.case_id)

    def _update_missing_buttons(self) -> None:
        session = self._session
        may = session is not None and session.may(Permission.WRITE_CASE)
        status = self.data["detail"].row.status if self.data is not None else None
        self.missing_button.setVisible(may and status is not None and status != "missing")
        self.found_button.setVisible(may and status == "missing")
        may_print = session is not None and session.may(Permission.PRINT_REFERRAL)
        notice = self.data.get("notice") if self.data is not None else None
        self.notice_button.setVisible(may_print and status == "missing" and notice is not None)

    def _show_interviews(self) -> None:
        """[G13] The child's return interview still due, with when they came back."""
        due = self.data.get("interviews", []) if self.data is not None else []
        may = self._session is not None and self._session.may(Permission.WRITE_CASE)
        self.interview_line.setVisible(bool(due))
        self.interview_button.setVisible(may)
        if due:
            back = due[0]
            when = when_text(back.found_at)
            self.interview_text.setText(
                directional(
                    _(
                        "The return interview is still due: the child was found on {date}"
                        " ({place})."
                    ).format(date=isolate(when), place=isolate(back.found_where))
                )
            )
            self.interview_line.setAccessibleName(self.interview_text.text())

    def interviews_due(self) -> list[str]:
        """Episode ids of the return interviews the page shows as due (tests)."""
        due = self.data.get("interviews", []) if self.data is not None else []
        return [d.episode_id for d in due] if self.interview_line.isVisibleTo(self) else []

    def _on_interview_button_clicked(self) -> None:
        due = self.data.get("interviews", []) if self.data is not None else []
        if self._session is None or self.case_id is None or not due:
            return
        case_id = self.case_id
        self.missing_dialog = return_interview_dialog(
            self,
            self._ops,
            self._session,
            due[0].episode_id,
            done=lambda: self._after_missing(case_id, _("The return interview is recorded.")),
        )

    def _on_notice_button_clicked(self) -> None:
        """[G12] Print the missing-child notice (the police referral's form, with the
        child's photo when one was taken with consent) through Qt's print dialog."""
        notice = self.data.get("notice") if self.data is not None else None
        if self._session is None or self.case_id is None or notice is None:
            return
        self.printing.print_form(
            self._session,
            self.case_id,
            notice,
            "police_missing",
            self.data["detail"].row.case_number if self.data is not None else "",
        )

    def _on_referrals_changed(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    def _on_missing_button_clicked(self) -> None:
        if self._session is None or self.case_id is None or self.data is None:
            return
        case_id = self.case_id
        self.missing_dialog = mark_missing_dialog(
            self,
            self._ops,
            self._session,
            case_id,
            done=lambda: self._after_missing(case_id, _("The child is marked missing.")),
        )

    def _on_found_button_clicked(self) -> None:
        if self._session is None or self.case_id is None or self.data is None:
            return
        self.missing_dialog = mark_found_dialog(
            self, self._ops, self._session, self.case_id, done=self._on_found
        )

    def _on_found(self, episode_id: str) -> None:
        """[G13] Found: the return interview is asked for at once."""
        if self.case_id is not None:
            self._after_missing(self.case_id, _("The child is marked found."))
        if self._session is not None:
            self.missing_dialog = return_interview_dialog(
                self,
                self._ops,
                self._session,
                episode_id,
                done=lambda: self._after_missing(
                    self.case_id or "", _("The return interview is recorded.")
                ),
            )

    def _after_missing(self, case_id: str, text: str) -> None:
        if case_id == self.case_id:
            self.notice.show_message(text)
            self.load(case_id)

    def _on_age_button_clicked(self) -> None:
        if self.case_id and self.data is not None:
            self.age_requested.emit(self.case_id)

    def retranslate(self) -> None:
        self.back_button.setText(_("&Back to the list"))
        self.age_button.setText(_("A&ge assessment"))
        self.age_button.setAccessibleName(_("Age assessment"))
        self.back_button.setAccessibleName(_("Back to the list"))
        self.edit_button.setText(_("&Edit"))
        self.edit_button.setAccessibleName(_("Edit this case"))
        self.missing_button.setText(_("Mark &missing…"))
        self.missing_button.setAccessibleName(_("Mark the child missing"))
        self.found_button.setText(_("Mark fo&und…"))
        self.found_button.setAccessibleName(_("Mark the child found"))
        self.notice_button.setText(_("Print missing-c&hild notice…"))
        self.notice_button.setAccessibleName(_("Print the missing-child notice"))
        self.interview_button.setText(_("Record the return inter&view…"))
        self.interview_button.setAccessibleName(_("Record the return interview"))
        self._show_interviews()
        self.referrals.retranslate()
        self.links_box.setTitle(_("Links to other records"))
        self.links.setAccessibleName(_("Links to other records"))
        self.sessions_box.setTitle(_("Information given to the child"))
        self.sessions.setAccessibleName(_("Information given to the child"))
        self.no_sessions.setText(directional(_("No information session recorded yet.")))
        self.sessions.setHorizontalHeaderLabels(
            [_("When"), _("Language"), _("Interpreter"), _("Topics"), _("The child's answers")]
        )
        self.assessment_box.setTitle(_("Age assessment"))
        self.no_assessment.setText(directional(_("No age assessment recorded.")))
        for label, text in zip(
            self._assessment_labels,
            (_("Started on"), _("Method results recorded"), _("Signed by"), _("State")),
            strict=True,
        ):
            label.setText(text)
        self.history_box.setTitle(_("Change history"))
        self.history.setAccessibleName(_("Change history"))
        self.history.setHorizontalHeaderLabels([_("When"), _("What"), _("Value"), _("By")])
        # The history, sessions and assessment are worded in the language they were read
        # in: read them again in the new one (now, or when the page is next shown).
        self._stale = self.case_id is not None and self.data is not None
        if self._stale and self.isVisible():
            self._reload()

    def _reload(self) -> None:
        self._stale = False
        if self.case_id is not None:
            self.load(self.case_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._reload()
