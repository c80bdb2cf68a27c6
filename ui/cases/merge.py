"""[R5] "Same child" at intake: the registered case, and the intake's new details offered
as changes to accept one by one.

Nothing is registered twice: the ticked details are written into the case that is already
there (``cases.merge_intake``, one change per field in its history). What is not ticked
stays in the intake's draft (resumable from New intake, marked with the case number) or
is discarded, as the officer chooses explicitly. Each detail is worded as the case's
summary words it, the case's value beside the intake's.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import intake_merge
from app.domain.case import Answer, CaseDraft, SpecialCategories
from app.i18n import N_
from app.services import cases as case_service
from app.services.session import Session
from ui.cases.summary import NAME, answer_text, sections
from ui.common import MessageLabel, Page, _, directional, heading, isolate
from ui.operations import OperationRunner, error_text
from ui.widgets.choice import ArrowChoice

PROPOSAL_ROLE = Qt.ItemDataRole.UserRole
# Fields the summary shows inside another row (msgids of the comparison's rows).
FIELD_LABELS = {
    "names.given_latin": N_("Given name(s) in Latin letters"),
    "names.family_latin": N_("Family name(s) in Latin letters"),
    "special_categories.ethnicity": N_("Ethnicity or clan"),
    "special_categories.religion": N_("Religion"),
}


def _shown(value: Any) -> str:
    if isinstance(value, tuple) and value and value[0] == NAME:
        _kind, original, latin = value
        return named(original, latin)
    return str(value)


def named(original: str, latin: str) -> str:
    """A name with its Latin spelling beside it, each isolated (walkthrough D3: isolated as
    one piece, or not at all, the bracket jumped before an Arabic name)."""
    if latin and latin != original:
        return f"{isolate(original)} ({isolate(latin)})"
    return isolate(original)


def _rows(draft: CaseDraft) -> list[tuple[str, str]]:
    return [(label, _shown(value)) for _title, rows in sections(draft) for label, value in rows]


def describe(case: CaseDraft, proposal: intake_merge.Proposal) -> tuple[str, str, str]:
    """(field, the case's text, the text with the proposal accepted), in the words of
    the case summary: the summary of the case with and without it, compared row by row."""
    if proposal.field.startswith(f"{intake_merge.SPECIAL}."):
        return _describe_special(proposal)
    before = _rows(case)
    after = _rows(intake_merge.apply(case, [proposal], {proposal.id}))
    gone = Counter(before) - Counter(after)
    new = Counter(after) - Counter(before)
    removed = [row for row in before if gone[row] > 0]
    added = [row for row in after if new[row] > 0]
    if not added and not removed:  # a detail the summary does not show (e.g. "reads")
        label = _(FIELD_LABELS[proposal.field]) if proposal.field in FIELD_LABELS else ""
        if isinstance(proposal.proposed, str):
            return label or proposal.field, str(proposal.current or ""), proposal.proposed
        same = next((row for row in before if row[0] == label), (label, ""))
        return same[0] or proposal.field, same[1], _("{text} (more details)").format(text=same[1])
    label = (added or removed)[0][0]
    old = removed[0][1] if removed else ""
    return label, old, added[0][1] if added else ""


def _describe_special(proposal: intake_merge.Proposal) -> tuple[str, str, str]:
    """Ethnicity or religion: the answer with the reason it is recorded for; the case's
    value only to a role that may read it."""
    label = _(FIELD_LABELS[proposal.field])
    if proposal.current == intake_merge.HIDDEN:
        old = _("Recorded; only managers and assessors can see or change it")
    elif proposal.current is None:
        old = ""
    else:
        old = answer_text(Answer[str].model_validate(proposal.current))
    new = answer_text(Answer[str].model_validate(proposal.proposed["answer"]))
    if proposal.proposed["reason"]:
        new = _("{answer} (why: {reason})").format(answer=new, reason=proposal.proposed["reason"])
    return label, old, new


class MergePage(Page):
    """The registered case, and the intake's details offered to it field by field."""

    back_requested = Signal()  # back to the intake (nothing written)
    merged = Signal(str, int, int)  # case id, details added, details kept in the draft

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._generation = 0
        self.case_id: str | None = None
        self.case_number = ""
        self._draft: CaseDraft | None = None
        self._special: SpecialCategories | None = None  # the intake's ethnicity and religion
        self._draft_id: str | None = None
        self._reason = ""
        self._case: CaseDraft | None = None
        self.proposals: list[intake_merge.Proposal] = []
        self._busy = False

        self.title = heading(self)
        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.name.setFont(font)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_table_item_changed)
        # Rows as tall as their wrapped text at the columns' present widths.
        header.sectionResized.connect(self._on_header_section_resized)
        self.nothing = QLabel(self)
        self.nothing.setWordWrap(True)
        self.all_button = QPushButton(self)
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button = QPushButton(self)
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        self.rest_label = QLabel(self)
        self.keep_rest = QRadioButton(self)
        self.discard_rest = QRadioButton(self)
        self._rest = QButtonGroup(self)
        self._rest.addButton(self.keep_rest)
        self._rest.addButton(self.discard_rest)
        self.keep_rest.setChecked(True)  # nothing typed is lost unless discarded explicitly
        ArrowChoice(self._rest)  # walkthrough D6: Down chooses "Discard them"
        self.message = MessageLabel(parent=self)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.apply_button = QPushButton(self)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)

        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        ticks.addStretch(1)
        rest = QHBoxLayout()
        rest.addWidget(self.rest_label)
        rest.addWidget(self.keep_rest)
        rest.addWidget(self.discard_rest)
        rest.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.name)
        layout.addWidget(self.explain)
        layout.addWidget(self.nothing)
        layout.addWidget(self.table, 1)
        layout.addLayout(ticks)
        layout.addLayout(rest)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for first, second in (
            (self.table, self.all_button),
            (self.all_button, self.none_button),
            (self.none_button, self.keep_rest),
            (self.keep_rest, self.discard_rest),
            (self.discard_rest, self.back_button),
            (self.back_button, self.apply_button),
        ):
            QWidget.setTabOrder(first, second)
        self.retranslate()

    # ---- session and loading ------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._generation += 1
        self._session = session
        if session is None:
            self.clear()

    def clear(self) -> None:
        """Nothing of any child on the page."""
        self.case_id = None
        self._case = self._draft = None
        self._special = None
        self._draft_id = None
        self._reason = ""
        self.proposals = []
        self.table.setRowCount(0)
        self.name.clear()
        self.message.clear()
        self._set_busy(False)

    def load(
        self,
        case_id: str,
        number: str,
        draft: CaseDraft,
        *,
        reason: str,
        draft_id: str | None,
        special: SpecialCategories | None = None,
    ) -> None:
        """Show case ``case_id`` and what ``draft`` (the intake) would add to it; the
        case is read off the GUI thread (an audited view)."""
        session = self._session
        if session is None:
            return
        self.clear()
        self.case_id, self.case_number = case_id, number
        self._draft, self._draft_id, self._reason = draft, draft_id, reason
        self._special = special
        self.keep_rest.setChecked(True)
        self.retranslate()
        self._generation += 1
        generation = self._generation
        self._set_busy(True)

        def work() -> tuple[Any, list[intake_merge.Proposal]]:
            detail = case_service.open_case(session, case_id)
            return detail, case_service.intake_changes(session, case_id, draft, special)

        self._ops.run(
            work,
            on_success=lambda result: self._when(generation, self._on_loaded, *result),
            on_failure=lambda exc: self._when(generation, self._on_failed, exc),
        )

    def _when(self, generation: int, fn: Any, *args: Any) -> None:
        if generation == self._generation and self._session is not None:
            fn(*args)

    def _on_loaded(self, detail: Any, found: list[intake_merge.Proposal]) -> None:
        self._set_busy(False)
        self._case = detail.draft
        names = detail.draft.names
        original = f"{names.given} {names.family}".strip()
        latin = f"{names.given_latin} {names.family_latin}".strip()
        self.name.setText(named(original, latin))
        self.proposals = found
        self.table.blockSignals(True)
        self.table.setRowCount(len(found))
        for r, proposal in enumerate(found):
            label, old, new = describe(detail.draft, proposal)
            field = QTableWidgetItem(label)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if proposal.current != intake_merge.HIDDEN:  # never over what the user cannot see
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            field.setFlags(flags)
            field.setCheckState(Qt.CheckState.Unchecked)  # each one accepted by the officer
            field.setData(PROPOSAL_ROLE, proposal.id)
            cells = [field, QTableWidgetItem(directional(old)), QTableWidgetItem(directional(new))]
            for c, cell in enumerate(cells):
                if c:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    cell.setToolTip(cell.text())
                self.table.setItem(r, c, cell)
        self.table.blockSignals(False)
        self.retranslate()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # at the laid-out widths
        if found:
            self.table.setCurrentCell(0, 0)
            self.table.setFocus()
        else:
            self.apply_button.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_message(error_text(exc))

    # ---- ticking --------------------------------------------------------------------------

    def accepted(self) -> list[str]:
        return [
            self.table.item(r, 0).data(PROPOSAL_ROLE)
            for r in range(self.table.rowCount())
            if self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, proposal_id: str, ticked: bool = True) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item.data(PROPOSAL_ROLE) == proposal_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _tick_all(self, ticked: bool) -> None:
        for r in range(self.table.rowCount()):
            if not self.table.item(r, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable:
                continue
            self.table.item(r, 0).setCheckState(
                Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            )

    def _on_header_section_resized(self, _index: int, _old: int, _new: int) -> None:
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self._update_texts()

    # ---- applying -------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.apply_button, self.all_button, self.none_button, self.back_button):
            widget.setEnabled(not busy)

    def _on_back_button_clicked(self) -> None:
        if not self._busy:
            self.back_requested.emit()

    def _on_apply_button_clicked(self) -> None:
        session, case_id, draft, special = self._session, self.case_id, self._draft, self._special
        if session is None or case_id is None or draft is None or self._busy:
            return
        accepted = self.accepted()
        keep = self.keep_rest.isChecked()
        reason, draft_id = self._reason, self._draft_id
        generation = self._generation
        self.message.clear()
        self._set_busy(True)
        self._ops.run(
            lambda: case_service.merge_intake(
                session,
                case_id,
                draft,
                accepted,
                reason=reason,
                draft_id=draft_id,
                keep_rest=keep,
                special=special,
            ),
            on_success=lambda result: self._when(generation, self._on_merged, result),
            on_failure=lambda exc: self._when(generation, self._on_failed, exc),
        )

    def _on_merged(self, result: Any) -> None:
        self._set_busy(False)
        self.merged.emit(result.case_id, result.applied, result.kept)

    # ---- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        number = isolate(self.case_number)
        self.title.setText(_("Same child: case {number}").format(number=number))
        self.title.setAccessibleName(self.title.text())
        self.explain.setText(
            _(
                "This intake is the child already registered as case {number}. Nothing is "
                "registered twice. Tick each detail of the intake to add to the case; the "
                "case keeps everything else."
            ).format(number=number)
        )
        self.nothing.setText(_("The intake holds nothing that the case does not already hold."))
        self.nothing.setVisible(self.case_id is not None and not self.proposals and not self._busy)
        self.table.setVisible(bool(self.proposals))
        self.table.setHorizontalHeaderLabels(
            [_("Add"), _("Case {number} now").format(number=number), _("This intake")]
        )
        self.table.setAccessibleName(_("Details of the intake to add to the case"))
        self.all_button.setText(_("Tick all"))
        self.none_button.setText(_("Tick none"))
        self.rest_label.setText(_("Details not ticked:"))
        self.keep_rest.setText(_("Keep them in the intake draft"))
        self.discard_rest.setText(_("Discard them"))
        self.back_button.setText(_("Back to the intake"))
        self._update_texts()

    def _update_texts(self) -> None:
        count = len(self.accepted())
        number = isolate(self.case_number)
        text = (
            _("Add the ticked details to case {number}").format(number=number)
            if count
            else _("Open case {number} without changes").format(number=number)
        )
        self.apply_button.setText(text)
        self.apply_button.setAccessibleName(text)
        rest = len(self.proposals) - count
        for widget in (self.rest_label, self.keep_rest, self.discard_rest):
            widget.setVisible(rest > 0)
        for button in (
            self.all_button,
            self.none_button,
            self.back_button,
            self.keep_rest,
            self.discard_rest,
        ):
            button.setAccessibleName(button.text())
        for widget in (self.all_button, self.none_button):
            widget.setVisible(bool(self.proposals))
