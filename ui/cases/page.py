"""The Cases section: list, intake wizard (with resumable drafts), case view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import HarbourError
from app.services import cases as case_service
from app.services.session import Session
from ui.age.page import AgeAssessmentPage
from ui.cases import form as F
from ui.cases.case_list import CaseListPage
from ui.cases.case_view import CaseView
from ui.cases.intake import MODE_INTAKE, IntakeWizard
from ui.cases.merge import MergePage
from ui.common import MessageLabel, Page, _, heading
from ui.operations import OperationRunner, error_text

DRAFT_ROLE = Qt.ItemDataRole.UserRole


class ResumePage(Page):
    """Unfinished intakes, offered when the officer starts a new one."""

    resume_requested = Signal(str)
    discard_requested = Signal(str)
    new_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(self)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.drafts = QListWidget(self)
        self.drafts.itemActivated.connect(self._on_drafts_item_activated)
        self._drafts_label = QLabel(self)
        self._drafts_label.setBuddy(self.drafts)
        self.resume_button = QPushButton(self)
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.discard_button = QPushButton(self)
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_requested)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addWidget(self._drafts_label)
        layout.addWidget(self.drafts, 1)
        layout.addLayout(buttons)
        self._infos: list[Any] = []
        self.retranslate()

    def set_drafts(self, drafts: list[Any]) -> None:
        self._infos = list(drafts)
        self.drafts.clear()
        for info in drafts:
            item = QListWidgetItem()
            item.setData(DRAFT_ROLE, info.id)
            self.drafts.addItem(item)
        self.retranslate()
        if self.drafts.count():
            self.drafts.setCurrentRow(0)
        self.drafts.setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("Unfinished intakes"))
        self.explain.setText(
            _(
                "These intakes were started and not yet registered. Carry on with one, or "
                "start a new intake."
            )
        )
        self._drafts_label.setText(_("&Unfinished intakes:"))
        self.drafts.setAccessibleName(_("Unfinished intakes"))
        for i, info in enumerate(self._infos):
            step = max(0, min(info.step, len(F.STEPS) - 1))
            text = _("{name}: step {number} ({step}), saved {when}").format(
                name=info.label or _("(no name yet)"),
                number=step + 1,
                step=_(F.STEPS[step].title),
                when=info.updated_at[:16].replace("T", " "),
            )
            if getattr(info, "merged_into", ""):
                text = _("{draft} — the same child as case {number}, partly added").format(
                    draft=text, number=info.merged_into
                )
            self.drafts.item(i).setText(text)
        for button, text in (
            (self.resume_button, _("&Resume")),
            (self.discard_button, _("&Discard")),
            (self.new_button, _("Start a &new intake")),
            (self.back_button, _("&Back to the list")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", ""))

    def selected(self) -> str | None:
        item = self.drafts.currentItem()
        return item.data(DRAFT_ROLE) if item is not None else None

    def _on_drafts_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_resume_button_clicked()

    def _on_resume_button_clicked(self) -> None:
        draft_id = self.selected()
        if draft_id:
            self.resume_requested.emit(draft_id)

    def _on_discard_button_clicked(self) -> None:
        draft_id = self.selected()
        if draft_id:
            self.discard_requested.emit(draft_id)


class CasesPage(Page):
    case_registered = Signal(str)

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._resume_after_unlock: tuple[str, str] | None = None  # (user id, draft id)
        self._editing: str | None = None
        self.list_page = CaseListPage(self)
        self.resume_page = ResumePage(self)
        self.wizard = IntakeWizard(operations, self)
        self.case_view = CaseView(operations, self)
        self.age_page = AgeAssessmentPage(operations, self)
        self.merge_page = MergePage(operations, self)
        self.message = MessageLabel(parent=self)
        self.notice = MessageLabel(MessageLabel.INFO, self)
        self.stack = QStackedWidget(self)
        for page in (
            self.list_page,
            self.resume_page,
            self.wizard,
            self.case_view,
            self.age_page,
            self.merge_page,
        ):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)

        self.list_page.new_intake_requested.connect(self.new_intake)
        self.list_page.open_requested.connect(self.open_case)
        self.resume_page.resume_requested.connect(self.resume_draft)
        self.resume_page.discard_requested.connect(self._on_resume_page_discard_requested)
        self.resume_page.new_requested.connect(self._start_new)
        self.resume_page.back_requested.connect(self.show_list)
        self.wizard.registered.connect(self._on_wizard_registered)
        self.wizard.updated.connect(self._on_wizard_updated)
        self.wizard.closed.connect(self._on_wizard_closed)
        self.wizard.same_child_chosen.connect(self._on_wizard_same_child_chosen)
        self.merge_page.back_requested.connect(self._on_merge_page_back_requested)
        self.merge_page.merged.connect(self._on_merge_page_merged)
        self.case_view.back_requested.connect(self._on_case_view_back_requested)
        self.case_view.edit_requested.connect(self._on_case_view_edit_requested)
        self.case_view.open_requested.connect(self.open_case)
        self.case_view.age_requested.connect(self.open_age_assessment)
        self.age_page.back_requested.connect(self.open_case)

    # ---- session ------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        self._session = session
        self.message.clear()
        self.wizard.set_session(session)
        self.case_view.set_session(session)
        self.age_page.set_session(session)
        self.merge_page.set_session(session)
        self.list_page.set_session(session)
        resume, self._resume_after_unlock = self._resume_after_unlock, None
        if resume is not None and resume[0] == session.user.id:
            self.resume_draft(resume[1])
        else:
            self.show_list()

    def save_work(self, *, locked: bool) -> None:
        """Before the vault closes (lock, sign-out, quit): save the intake being typed."""
        if self._session is None:
            return
        # The merge page stands for the intake it came from (its draft is saved).
        in_wizard = self.stack.currentWidget() in (self.wizard, self.merge_page)
        if in_wizard and self.wizard.mode == MODE_INTAKE and self.wizard.draft_id:
            saved = self.wizard.save_draft()
            draft_id = saved or (self.wizard.draft_id if self.wizard.has_content() else None)
            if locked and draft_id:
                self._resume_after_unlock = (self._session.user.id, draft_id)

    def clear_session(self) -> None:
        """Forget everything read from the vault or typed (the drafts are in the vault)."""
        self._session = None
        self.wizard.set_session(None)
        self.wizard.clear()
        self.case_view.set_session(None)
        self.age_page.set_session(None)
        self.merge_page.set_session(None)
        self.list_page.set_session(None)
        self.resume_page.set_drafts([])
        self.notice.clear()
        self.stack.setCurrentWidget(self.list_page)

    # ---- moving between the pages --------------------------------------------------------

    def show_list(self) -> None:
        self.notice.clear()
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()

    def new_intake(self) -> None:
        session = self._session
        if session is None:
            return
        self.list_page.notice.clear()  # "Case … registered." is news only until the next work
        try:
            drafts = case_service.list_drafts(session)
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return
        self.message.clear()
        if drafts:
            self.resume_page.set_drafts(drafts)
            self.stack.setCurrentWidget(self.resume_page)
            self.resume_page.drafts.setFocus()
        else:
            self._start_new()

    def _start_new(self) -> None:
        self.wizard.start_new()
        self.stack.setCurrentWidget(self.wizard)
        self.wizard.focus_first_field()

    def resume_draft(self, draft_id: str) -> None:
        session = self._session
        if session is None:
            return
        try:
            data, step = case_service.load_draft(session, draft_id)
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            self.show_list()
            return
        self.message.clear()
        self.wizard.load_draft(draft_id, data, step)
        self.stack.setCurrentWidget(self.wizard)
        self.wizard.focus_first_field()

    def _on_resume_page_discard_requested(self, draft_id: str) -> None:
        if self._session is None:
            return
        try:
            case_service.discard_draft(self._session, draft_id)
            drafts = case_service.list_drafts(self._session)
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return
        if drafts:
            self.resume_page.set_drafts(drafts)
        else:
            self._start_new()

    def open_case(self, case_id: str) -> None:
        self.notice.clear()
        self.list_page.notice.clear()
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.load(case_id)
        self.case_view.back_button.setFocus()

    def open_age_assessment(self, case_id: str) -> None:
        """[A1]-[A17] The assessment screen of one case, opened from its view."""
        self.stack.setCurrentWidget(self.age_page)
        self.age_page.load(case_id)
        self.age_page.back_button.setFocus()

    def _on_wizard_registered(self, case_id: str) -> None:
        self.list_page.refresh()
        self.show_list()
        self.list_page.select_case(case_id)
        row = self.list_page.model.row_of(case_id)
        if row >= 0:
            number = self.list_page.model.row(row).case_number
            self.list_page.notice.show_message(_("Case {number} registered.").format(number=number))
        self.case_registered.emit(case_id)

    def _on_wizard_closed(self) -> None:
        editing, self._editing = self._editing, None
        if editing:
            self.open_case(editing)
        else:
            self.show_list()

    def _on_wizard_updated(self, case_id: str) -> None:
        self._editing = None
        self.open_case(case_id)

    def _on_wizard_same_child_chosen(self, case_id: str, number: str, reason: str) -> None:
        """[R5] The intake is a registered child: that case, with the intake's details
        offered as changes. Nothing is registered."""
        self.message.clear()
        self.notice.clear()
        conversion = self.wizard.convert()
        self.merge_page.load(
            case_id,
            number,
            conversion.draft,
            reason=reason,
            draft_id=self.wizard.draft_id,
            special=conversion.special,
        )
        self.stack.setCurrentWidget(self.merge_page)

    def _on_merge_page_back_requested(self) -> None:
        self.merge_page.clear()
        self.stack.setCurrentWidget(self.wizard)
        self.wizard.next_button.setFocus()

    def _on_merge_page_merged(self, case_id: str, applied: int, kept: int) -> None:
        number = self.merge_page.case_number
        self.merge_page.clear()
        self.wizard.discard_typed()
        self.list_page.refresh()
        self.open_case(case_id)
        text = (
            _("Case {number}: the ticked details were added.")
            if applied
            else _("Case {number} opened; nothing was changed.")
        ).format(number=number)
        if kept:
            text += " " + _(
                "The details not ticked are kept in the intake draft (New intake resumes it)."
            )
        self.notice.show_message(text)

    def _on_case_view_back_requested(self) -> None:
        self.list_page.refresh()
        self.show_list()

    def _on_case_view_edit_requested(self, case_id: str) -> None:
        data = self.case_view.data
        if data is None:
            return
        detail = data["detail"]
        self._editing = case_id
        self.wizard.start_edit(case_id, detail.row.case_number, detail.draft)
        self.stack.setCurrentWidget(self.wizard)
        self.wizard.focus_first_field()
