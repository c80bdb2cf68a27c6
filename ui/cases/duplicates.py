"""[R5] The duplicate dialog: ranked candidates with their reasons (wrapped, never cut),
a side-by-side comparison with the differing fields marked, and the officer's decision
with a reason.

Nothing is deleted or registered twice: at intake, "same child" opens the registered case
with the intake's details offered as changes (ui/cases/merge.py); "different child"
registers the child and records that they were compared, with the reason; a manager can
undo a decision [R6].
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseDraft
from app.i18n import format_list, list_separator
from app.services import cases as case_service
from app.services.session import Session
from ui.cases import labels
from ui.cases.summary import answer_text, birth_text, country_text, language_text
from ui.common import MessageLabel, _, heading
from ui.operations import OperationRunner, error_text

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole


def comparison_rows(draft: CaseDraft) -> list[tuple[str, str]]:
    """The fields an officer compares to tell two records apart, as shown text."""
    names = draft.names
    return [
        (_("Given name(s)"), names.given),
        (_("Given name(s) in Latin letters"), names.given_latin),
        (_("Family name(s)"), names.family),
        (_("Family name(s) in Latin letters"), names.family_latin),
        (_("Other names and spellings"), list_separator().join(names.aliases)),
        (_("Sex"), answer_text(draft.sex, labels.SEX)),
        (_("Date of birth or age"), birth_text(draft)),
        (_("Nationalities"), format_list([country_text(c) for c in draft.nationalities])),
        (_("Place of origin"), answer_text(draft.place_of_origin)),
        (_("Languages"), format_list([language_text(lang.code) for lang in draft.languages])),
        (_("Accompaniment"), labels.label(labels.ACCOMPANIMENT, draft.separation.status)),
        (_("Arrival date"), draft.arrival.date.isoformat() if draft.arrival.date else ""),
        (_("Arrival place"), draft.arrival.place),
        (
            _("Family members"),
            list_separator().join(f"{m.relation}: {m.name}" for m in draft.family),
        ),
    ]


FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate
# The names a reason quotes: “…” in the English template, «…» in the Arabic-script
# translations (each isolated, so that a Latin name keeps its order in a right-to-left
# line).
_QUOTED = re.compile(r"(“)([^”]*)(”)|(«)([^»]*)(»)")


def isolate(text: str) -> str:
    """Lay a name out in its own direction inside a sentence in another direction.

    A reason such as 'same name “قاسم”; birth years 1 apart' would otherwise have its
    Arabic name pull the punctuation and numbers next to it out of order.
    """
    return f"{FSI}{text}{PDI}" if text else text


def isolate_quoted(text: str) -> str:
    def quoted(m: re.Match[str]) -> str:
        opening, name, closing = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        return f"{opening}{isolate(name)}{closing}"

    return _QUOTED.sub(quoted, text)


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class DuplicateDialog(QDialog):
    decided = Signal(str, bool, str)  # registered case id, same child, reason

    PAGE_LIST = 0
    PAGE_COMPARE = 1

    def __init__(
        self,
        session: Session,
        operations: OperationRunner,
        draft: CaseDraft,
        candidates: list[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ops = operations
        self._draft = draft
        self.candidate_list = list(candidates)
        self.current: Any = None
        self._loading = 0
        self.setMinimumSize(760, 520)

        # page 1: the ranked candidates
        self.title = heading(self)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.candidates = QListWidget(self)
        # The reasons are never cut: items wrap to the list's width (re-laid out when it
        # changes), and each item's tooltip holds its whole text.
        self.candidates.setWordWrap(True)
        self.candidates.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.candidates.setResizeMode(QListView.ResizeMode.Adjust)
        self.candidates.setUniformItemSizes(False)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidates.setAlternatingRowColors(True)
        self.candidates.itemActivated.connect(self._on_candidates_item_activated)
        self._candidates_label = QLabel(self)
        self._candidates_label.setBuddy(self.candidates)
        self.compare_button = QPushButton(self)
        self.compare_button.clicked.connect(self._on_compare_button_clicked)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.reject)
        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.explain)
        list_layout.addWidget(self._candidates_label)
        list_layout.addWidget(self.candidates, 1)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.cancel_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.compare_button)
        list_layout.addLayout(list_buttons)
        QWidget.setTabOrder(self.candidates, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.compare_button)

        # page 2: side by side
        self.compare_title = QLabel(self)
        self.compare_title.setWordWrap(True)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(500)
        self._reason_label = QLabel(self)
        self._reason_label.setBuddy(self.reason)
        self.reason_message = MessageLabel(parent=self)
        self.message = MessageLabel(parent=self)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.same_button = QPushButton(self)
        self.same_button.clicked.connect(lambda: self._decide(True))
        self.different_button = QPushButton(self)
        self.different_button.clicked.connect(lambda: self._decide(False))
        compare_page = QWidget(self)
        compare_layout = QVBoxLayout(compare_page)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.addWidget(self.compare_title)
        compare_layout.addWidget(self.reasons)
        compare_layout.addWidget(self.legend)
        compare_layout.addWidget(self.table, 1)
        compare_layout.addWidget(self._reason_label)
        compare_layout.addWidget(self.reason)
        compare_layout.addWidget(self.reason_message)
        compare_layout.addWidget(self.message)
        decide = QHBoxLayout()
        decide.addWidget(self.back_button)
        decide.addStretch(1)
        decide.addWidget(self.different_button)
        decide.addWidget(self.same_button)
        compare_layout.addLayout(decide)
        # Tab follows the buttons as drawn (created in another order): a keyboard user who
        # tabs twice from "Back to the list" to reach the right-hand button must land on it.
        QWidget.setTabOrder(self.back_button, self.different_button)
        QWidget.setTabOrder(self.different_button, self.same_button)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(list_page)
        self.pages.addWidget(compare_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)

        for candidate in self.candidate_list:
            item = QListWidgetItem()
            item.setData(CANDIDATE_ROLE, candidate.row.id)
            self.candidates.addItem(item)
        self.candidates.setCurrentRow(0)
        self.retranslate()
        self.candidates.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Possible duplicate"))
        self.title.setText(_("This child may already be registered"))
        self.explain.setText(
            _(
                "Harbour found children already registered whose details are close. Compare "
                "them before registering. Nothing is deleted, whatever you decide."
            )
        )
        self._candidates_label.setText(_("Possible matches, most likely first:"))
        self.candidates.setAccessibleName(_("Possible matches"))
        for i, candidate in enumerate(self.candidate_list):
            item = self.candidates.item(i)
            item.setText(self._candidate_text(candidate))
            item.setToolTip(item.text())
        self.compare_button.setText(_("Compare side by side"))
        self.cancel_button.setText(_("Back to the summary"))
        self.back_button.setText(_("Back to the list"))
        self.same_button.setText(_("&Same child — open that case"))
        self.different_button.setText(_("&Different child"))
        self._reason_label.setText(_("Why did you decide this? (required)"))
        self.reason.setAccessibleName(_("Reason for the decision"))
        self.legend.setText(_("Fields that differ are in bold and marked with a warning sign."))
        self.table.setAccessibleName(_("Comparison of the two records"))
        for button in (
            self.compare_button,
            self.cancel_button,
            self.back_button,
            self.same_button,
            self.different_button,
        ):
            button.setAccessibleName(button.text().replace("&", ""))

    @staticmethod
    def _candidate_text(candidate: Any) -> str:
        row = candidate.row
        # Each spelling isolated on its own: isolated as one piece, an Arabic name took
        # its Latin spelling into its right-to-left run (walkthrough D3).
        name = isolate(row.display_name)
        if row.display_latin and row.display_latin != row.display_name:
            name = f"{name} ({isolate(row.display_latin)})"
        first = _("{number}: {name}, born {year}, match {score}%").format(
            number=row.case_number,
            name=name,
            year=row.birth_year or "?",
            score=round(candidate.score * 100) if candidate.score <= 1 else round(candidate.score),
        )
        reasons = list_separator().join(isolate_quoted(r) for r in candidate.reasons)
        return f"{first}\n{_('Why: {reasons}').format(reasons=reasons)}"

    # ---- comparing ----------------------------------------------------------------------

    def _on_candidates_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_compare_button_clicked()

    def _on_compare_button_clicked(self) -> None:
        row = self.candidates.currentRow()
        if row >= 0:
            self.compare(row)

    def compare(self, index: int) -> None:
        """Open the side-by-side view of candidate ``index`` (the other record is read
        off the GUI thread; reading it is an audited view)."""
        candidate = self.candidate_list[index]
        self.current = candidate
        self.pages.setCurrentIndex(self.PAGE_COMPARE)
        self.compare_title.setText(
            _("This intake compared with case {number}").format(number=candidate.row.case_number)
        )
        self.reasons.setText(
            _("Why: {reasons}").format(
                reasons=list_separator().join(isolate_quoted(r) for r in candidate.reasons)
            )
        )
        self.reasons.setToolTip(self.reasons.text())
        self.table.setRowCount(0)
        self.reason.clear()
        self.reason_message.clear()
        self.message.clear()
        self._set_deciding(False)
        session, case_id = self._session, candidate.row.id
        self._loading += 1
        self._ops.run(
            lambda: case_service.open_case(session, case_id),
            on_success=lambda detail: self._on_other_loaded(candidate, detail),
            on_failure=self._on_other_failed,
        )

    def loaded(self) -> bool:
        return self._loading == 0 and self.table.rowCount() > 0

    def _on_other_loaded(self, candidate: Any, detail: Any) -> None:
        self._loading -= 1
        if candidate is not self.current:
            return
        mine = comparison_rows(self._draft)
        theirs = comparison_rows(detail.draft)
        self.table.setHorizontalHeaderLabels(
            [
                _("Field"),
                _("This intake"),
                _("Case {number}").format(number=candidate.row.case_number),
            ]
        )
        self.table.setRowCount(len(mine))
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, ((label, a), (_label, b)) in enumerate(zip(mine, theirs, strict=True)):
            differs = not _same(a, b)
            cells = [QTableWidgetItem(label), QTableWidgetItem(a), QTableWidgetItem(b)]
            for cell in cells:
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if differs:
                    cell.setFont(bold)
            if differs:
                cells[0].setIcon(icon)
                cells[0].setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    _("{field} (differs)").format(field=label),
                )
                cells[0].setToolTip(_("The two records differ here."))
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        self.reason.setFocus()

    def _on_other_failed(self, exc: BaseException) -> None:
        self._loading -= 1
        self.message.show_message(error_text(exc))

    def differing_fields(self) -> list[str]:
        return [
            self.table.item(r, 0).text()
            for r in range(self.table.rowCount())
            if self.table.item(r, 0).font().bold()
        ]

    def _on_back_button_clicked(self) -> None:
        self.pages.setCurrentIndex(self.PAGE_LIST)
        self.candidates.setFocus()

    def _set_deciding(self, deciding: bool) -> None:
        for button in (self.same_button, self.different_button, self.back_button):
            button.setEnabled(not deciding)

    def _decide(self, same_child: bool) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.reason_message.show_message(_("Write why you decided this."))
            self.reason.setFocus()
            return
        if self.current is None:
            return
        self._set_deciding(True)
        self.decided.emit(self.current.row.id, same_child, reason)
        self.accept()
