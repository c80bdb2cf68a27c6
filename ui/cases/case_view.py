"""The case view: every section read-only, urgent flag, links, history; Edit opens the form."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.domain.roles import Permission
from app.i18n import N_
from app.services import age as age_service
from app.services import cases as case_service
from app.services.session import Session
from ui.age.page import set_status, status_label
from ui.cases import labels
from ui.cases.summary import SummaryView, name_widget
from ui.common import MessageLabel, Page, _, heading
from ui.operations import OperationRunner, error_text

FIELD_NAMES = {
    "": N_("Registered"),  # the change that created the case (app/domain/paths.py)
    "names": N_("Names"),
    "sex": N_("Sex"),
    "gender_identity": N_("Gender identity"),
    "birth": N_("Birth"),
    "nationalities": N_("Nationalities"),
    "stateless": N_("Stateless"),
    "place_of_origin": N_("Place of origin"),
    "languages": N_("Languages"),
    "interpreter_needed": N_("Interpreter needed"),
    "separation": N_("Accompaniment"),
    "arrival": N_("Arrival"),
    "documents": N_("Documents seen"),
    "family": N_("Family members"),
    "vulnerabilities": N_("Needs and vulnerabilities"),
    "consents": N_("Consent"),
    "presence": N_("Who was present"),
    "case_number": N_("Case number"),
    "status": N_("Status"),
    "registered_at": N_("Registered"),
    "registered_by": N_("Registered by"),
    "centre_id": N_("Centre"),
}
LINK_ROLE = Qt.ItemDataRole.UserRole


def _load(session: Session, case_id: str) -> dict[str, Any]:
    """Runs off the GUI thread: the case (an audited view), its history and its links."""
    detail = case_service.open_case(session, case_id)
    history = case_service.case_history(session, case_id)
    linked = []
    for link in detail.links:
        other = link["case_b"] if link["case_a"] == case_id else link["case_a"]
        try:
            number = case_service.get_row(session, other).case_number
        except Exception:  # a link to a case this user cannot see
            number = "?"
        linked.append((link, other, number))
    status = age_service.status_text(session, case_id)
    return {"detail": detail, "history": history, "links": linked, "age_status": status}


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

        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.age_button = QPushButton(self)
        self.age_button.clicked.connect(self._on_age_button_clicked)
        self.age_button.setVisible(False)
        self.title = heading(self)
        self.name_line = QWidget(self)
        self._name_layout = QHBoxLayout(self.name_line)
        self._name_layout.setContentsMargins(0, 0, 0, 0)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.age_status = status_label(self)
        self.message = MessageLabel(parent=self)
        self.summary = SummaryView()
        self.links_box = QGroupBox()
        self.links = QListWidget()
        self.links.itemActivated.connect(self._on_links_item_activated)
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links)
        self.history_box = QGroupBox()
        self.history = QTableWidget(0, 4)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setMinimumHeight(200)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.summary)
        inner_layout.addWidget(self.links_box)
        inner_layout.addWidget(self.history_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.age_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.name_line)
        layout.addWidget(self.facts)
        layout.addWidget(self.age_status)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self._generation += 1
        self._session = session
        self.age_button.setVisible(
            session is not None and session.may(Permission.RECORD_ASSESSMENT)
        )
        if session is None:
            self.clear()

    def clear(self) -> None:
        self.case_id = None
        self.data = None
        self.title.clear()
        self.facts.clear()
        set_status(self.age_status, "")
        self._set_name("", "")
        self.summary.setVisible(False)
        self.links.clear()
        self.history.setRowCount(0)

    def load(self, case_id: str) -> None:
        session = self._session
        if session is None:
            return
        self.case_id = case_id
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
        self.data = data
        self.edit_button.setEnabled(True)
        self.age_button.setEnabled(True)
        self._render()
        self.loaded.emit(case_id)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.show_message(error_text(exc))

    def _set_name(self, original: str, latin: str) -> None:
        while self._name_layout.count():
            item = self._name_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if original:
            widget = name_widget(original, latin, self.name_line)
            font = widget.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            for label in widget.findChildren(QLabel):
                label.setFont(font)
                if label.text() == original:
                    bold = label.font()
                    bold.setBold(True)
                    label.setFont(bold)
            self._name_layout.addWidget(widget)

    def _render(self) -> None:
        if self.data is None:
            return
        detail = self.data["detail"]
        row = detail.row
        draft = detail.draft
        self.title.setText(_("Case {number}").format(number=row.case_number))
        self.title.setAccessibleName(self.title.text())
        original = f"{draft.names.given} {draft.names.family}".strip()
        latin = f"{draft.names.given_latin} {draft.names.family_latin}".strip()
        self._set_name(original, latin)
        self.facts.setText(
            _("Status: {status}. {accompaniment}. Registered on {date}.").format(
                status=labels.label(labels.CASE_STATUS, row.status),
                accompaniment=labels.label(labels.ACCOMPANIMENT, row.accompaniment),
                date=row.registered_at[:10],
            )
        )
        set_status(self.age_status, self.data.get("age_status", ""))
        self.summary.setVisible(True)
        self.summary.show_case(draft, detail.urgent)

        self.links.clear()
        for link, other, number in self.data["links"]:
            decision = labels.label(labels.LINK_DECISION, link.get("decision"))
            text = _("{decision}: case {number}. Reason: {reason}").format(
                decision=decision, number=number, reason=link.get("reason", "")
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

        history = self.data["history"]
        self.history.setRowCount(len(history))
        me = self._session.user.id if self._session else None
        for r, change in enumerate(reversed(history)):
            value = change.value
            if change.creates_record and isinstance(value, dict):
                value = value.get("case_number", "")  # the whole record at registration
            if change.removed:
                shown = "—"
            else:
                shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            if len(shown) > 120:
                shown = shown[:117] + "…"
            name = FIELD_NAMES.get(change.field)
            if change.field == "registered_by":
                shown = _("you") if value == me else str(value)[:8]
            who = _("you") if change.user_id == me else (change.user_id or "")[:8]
            for c, text in enumerate(
                (change.at[:16].replace("T", " "), _(name) if name else change.field, shown, who)
            ):
                item = QTableWidgetItem(text)
                self.history.setItem(r, c, item)

    def links_text(self) -> list[str]:
        return [self.links.item(i).text() for i in range(self.links.count())]

    def _on_links_item_activated(self, item: QListWidgetItem) -> None:
        other = item.data(LINK_ROLE)
        if other:
            self.open_requested.emit(other)

    def _on_edit_button_clicked(self) -> None:
        if self.case_id and self.data is not None:
            self.edit_requested.emit(self.case_id)

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
        self.links_box.setTitle(_("Links to other records"))
        self.links.setAccessibleName(_("Links to other records"))
        self.history_box.setTitle(_("Change history"))
        self.history.setAccessibleName(_("Change history"))
        self.history.setHorizontalHeaderLabels([_("When"), _("Field"), _("New value"), _("By")])
        self._render()
