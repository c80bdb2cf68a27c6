"""The age-assessment screen: the steps of age-assessment.md as prompts, one at a time.

Each step says in one sentence why it matters. Warnings sit beside the choice that
triggers them (a line under the field), never only in a message box. The service decides
([A1]-[A17]); this screen shows what it says and never offers what the rules refuse: there
is no examination of genitalia in the catalogue [A8], and "adult" is offered only when no
credible range reaches below 18 [A12].
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import age as rules
from app.domain.age import CATALOGUE, METHODS, AgeRange, Doubt, DoubtGround, Preconditions
from app.domain.roles import Permission
from app.i18n import N_
from app.services import age as age_service
from app.services import cases as case_service
from app.services import files as file_service
from app.services.age import Assessment, AssessmentRefused
from app.services.session import Session
from ui.age import texts
from ui.cases.summary import name_widget
from ui.common import MessageLabel, Page, _, directional, heading, isolate, profession_name
from ui.operations import OperationRunner, error_text
from ui.widgets.pickers import LANGUAGE, CodePicker

(STEP_DOUBT, STEP_SAFEGUARDS, STEP_METHODS, STEP_CONCLUSION, STEP_CHILD, STEP_SIGN) = range(6)
STEP_TITLES = {
    STEP_DOUBT: N_("1. Is there a serious doubt?"),
    STEP_SAFEGUARDS: N_("2. Safeguards before starting"),
    STEP_METHODS: N_("3. Methods, least intrusive first"),
    STEP_CONCLUSION: N_("4. Conclusion: the benefit of the doubt"),
    STEP_CHILD: N_("5. The child's view and the right to challenge"),
    STEP_SIGN: N_("6. Sign and print"),
}
STEP_WHY = {
    STEP_DOUBT: N_(
        "An assessment is itself a burden on the child, so it starts only when a serious, "
        "documented doubt exists; appearance alone is never enough."
    ),
    STEP_SAFEGUARDS: N_(
        "The child can take part fairly only when they understand what will happen, agree "
        "or have their refusal recorded, and have a guardian and an interpreter beside them."
    ),
    STEP_METHODS: N_(
        "Every method has a margin of error, and the less intrusive ones come first so that "
        "the child is examined no more than needed."
    ),
    STEP_CONCLUSION: N_(
        "Every method can be wrong, so the youngest credible age is kept: the child gets "
        "the benefit of the doubt."
    ),
    STEP_CHILD: N_(
        "The child's own account counts, and they must know how to challenge a result "
        "they think is wrong."
    ),
    STEP_SIGN: N_("Two professions looking at the same child keep one view from deciding alone."),
}
# Where each field a service problem names lives: (step, attribute of the widget).
FIELD_STEP = {
    "documents": STEP_DOUBT,
    "doubt": STEP_DOUBT,
    "doubt.grounds": STEP_DOUBT,
    "informed_on": STEP_SAFEGUARDS,
    "consent": STEP_SAFEGUARDS,
    "representative": STEP_SAFEGUARDS,
    "interpreter": STEP_SAFEGUARDS,
    "method": STEP_METHODS,
    "assessor": STEP_METHODS,
    "skip_reason": STEP_METHODS,
    "method_consent": STEP_METHODS,
    "child_view": STEP_CHILD,
    "challenge": STEP_CHILD,
}
RESULT_ID_ROLE = Qt.ItemDataRole.UserRole
NO_AGE = -1  # a spin box at this value shows "—": no age is entered for the assessor
# The rule each field answers (age-assessment.md), cited in its tooltip, not in its label.
FIELD_RULE = {
    N_("Grounds for the doubt:"): "A1",
    N_("The doubt, in full:"): "A1",
    N_("Informed:"): "A3",
    N_("In the language:"): "A3",
    N_("The child's consent:"): "A4",
    N_("The guardian's consent:"): "A4",
    N_("Guardian or representative:"): "A5",
    N_("Interpreter:"): "A6",
    N_("Why this method is needed now:"): "A9",
    N_("Consent to this method:"): "A4",
    N_("Age range in years:"): "A10",
    N_("The child's own account of their age and of the process:"): "A15",
    N_("How to challenge the result:"): "A16",
    N_("In the language the child understands:"): "A16",
}


def _snapshot(session: Session, case_id: str) -> dict[str, Any]:
    """Runs off the GUI thread: the case row, its assessment and the status line."""
    return {
        "row": case_service.get_row(session, case_id),
        "assessment": age_service.current(session, case_id),
        "status": age_service.status_text(session, case_id),
    }


def status_label(parent: QWidget | None = None) -> QLabel:
    """The case header's age status line ("Treated as a child — ...")."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def set_status(label: QLabel, text: str) -> None:
    shown = _("Age: {status}").format(status=text) if text else ""
    label.setText(directional(shown))
    label.setAccessibleName(shown)


class _DateEdit(QDateEdit):
    """A date field that Tab leaves in one press, like every other field; the arrow keys
    still move between year, month and day (walkthrough A2)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, next)


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = _DateEdit(parent)
    # Left to right before the format: Qt reverses a format's sections when it is set on a
    # right-to-left field, so a page built in Arabic showed 27-11-2026 and one switched to
    # Arabic later 2026-11-27. One order everywhere, year first.
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    edit.setMaximumDate(QDate.currentDate())
    return edit


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _line(parent: QWidget, max_length: int = 500) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMaxLength(max_length)
    return edit


def _text(parent: QWidget) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
    return edit


def _check(parent: QWidget) -> tuple[QCheckBox, QWidget]:
    """A check box whose text wraps: a long sentence in a box's own text would set the
    form's minimum width and push the form off a laptop screen. The text is a label beside
    the box (its buddy: clicking it or its mnemonic toggles the box)."""
    box = QCheckBox(parent)
    text = _WrappedCheckText(box)
    holder = QWidget(parent)
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(text, 1)
    box.wrapped_text = text  # type: ignore[attr-defined]
    return box, holder


class _WrappedCheckText(QLabel):
    """The text of a check box, beside it. A box without text of its own draws no focus
    frame (the style frames the text), so this label draws one while the box has the
    focus (walkthrough W3/A1: "no focus frame on check boxes")."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__(box.parentWidget())
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWidth(1)
        self.setMargin(1)
        box.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self._box and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            focused = event.type() == QEvent.Type.FocusIn
            self.setFrameShape(QFrame.Shape.Box if focused else QFrame.Shape.NoFrame)
        return False

    def mouseReleaseEvent(self, event: Any) -> None:
        if self._box.isEnabled():
            self._box.toggle()
            self._box.setFocus()
        super().mouseReleaseEvent(event)


def _set_check_text(box: QCheckBox, text: str) -> None:
    box.wrapped_text.setText(text)  # type: ignore[attr-defined]
    box.setAccessibleName(text.lstrip("\u200f"))


def _keep_place(message: MessageLabel) -> None:
    """A warning that appears while the assessor ticks or chooses keeps its place when
    hidden, so the fields under it stay where they are."""
    policy = message.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    message.setSizePolicy(policy)
    message.setMinimumHeight(message.fontMetrics().height() + 4)


def person_text(name: str, profession: str | None) -> str:
    """ "Name (profession)", or the name alone when no profession is recorded."""
    label = profession_name(profession)
    return _("{name} ({profession})").format(name=name, profession=label) if label else name


def _with_message(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _focusable_in_layout_order(layout: QLayout) -> list[QWidget]:
    """The widgets Tab should reach in a step, in the order the layout draws them: a form
    row by row (label column, then field), boxes item by item, composite fields (a date,
    a picker) as one stop. Qt's own chain follows the order widgets were created and
    re-parented in, which put "Informed on" after "In the language" (walkthrough A3)."""
    found: list[QWidget] = []

    def widget(w: QWidget) -> None:
        if w.isWindow():
            return
        proxy = w.focusProxy()
        if proxy is not None and proxy is not w:
            found.append(proxy)
        elif w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(w)
        elif w.layout() is not None:
            walk(w.layout())

    def item(it: Any) -> None:
        if it is None:
            return
        if it.widget() is not None:
            widget(it.widget())
        elif it.layout() is not None:
            walk(it.layout())

    def walk(lay: QLayout) -> None:
        if isinstance(lay, QFormLayout):
            for row in range(lay.rowCount()):
                for role in (
                    QFormLayout.ItemRole.LabelRole,
                    QFormLayout.ItemRole.FieldRole,
                    QFormLayout.ItemRole.SpanningRole,
                ):
                    item(lay.itemAt(row, role))
            return
        for i in range(lay.count()):
            item(lay.itemAt(i))

    walk(layout)
    return found


def _chain_in_layout_order(layout: QLayout) -> None:
    for first, second in itertools.pairwise(_focusable_in_layout_order(layout)):
        QWidget.setTabOrder(first, second)


class _Step(QWidget):
    """One prompt: a title, the sentence that says why it matters, then its fields."""

    def __init__(self, step: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.title = heading(self, 1.2)
        self.why = QLabel(self)
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        font = self.why.font()
        font.setItalic(True)
        self.why.setFont(font)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.why)
        layout.addLayout(self.form)
        self.tail = QVBoxLayout()
        layout.addLayout(self.tail)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(_(STEP_TITLES[self.step]))
        self.title.setAccessibleName(self.title.text())
        self.why.setText(_(STEP_WHY[self.step]))
        self.why.setAccessibleName(self.why.text())


class AgeAssessmentPage(Page):
    back_requested = Signal(str)  # case id
    loaded = Signal(str)  # case id, after every load or save
    status_changed = Signal(str)  # the new status text

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._generation = 0
        self._busy = False
        self.case_id: str | None = None
        self.row: Any = None
        self.assessment: Assessment | None = None
        self.status = ""
        self._labels: dict[QWidget, tuple[QLabel, str]] = {}
        self._typed_at_start: dict[QWidget, str] = {}  # the typed fields when a save began
        self._printed: tuple[str, int, str] | None = None  # path, size, warning of the PDF

        # ---- header -------------------------------------------------------------------
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.title = heading(self)
        self.name_line = QWidget(self)
        self._name_layout = QHBoxLayout(self.name_line)
        self._name_layout.setContentsMargins(0, 0, 0, 0)
        self.status_line = status_label(self)
        self.message = MessageLabel(parent=self)
        self.notice = MessageLabel(MessageLabel.INFO, self)

        # ---- steps ----------------------------------------------------------------------
        self.steps = QListWidget(self)
        self.steps.currentRowChanged.connect(self._on_steps_current_row_changed)
        self.stack = QStackedWidget(self)
        self.step_pages: list[_Step] = []
        for step in STEP_TITLES:
            page = _Step(step)
            self.step_pages.append(page)
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
            self.steps.addItem(QListWidgetItem())
        self._build_doubt(self.step_pages[STEP_DOUBT])
        self._build_safeguards(self.step_pages[STEP_SAFEGUARDS])
        self._build_methods(self.step_pages[STEP_METHODS])
        self._build_conclusion(self.step_pages[STEP_CONCLUSION])
        self._build_child(self.step_pages[STEP_CHILD])
        self._build_sign(self.step_pages[STEP_SIGN])
        for page in self.step_pages:
            _chain_in_layout_order(page.layout())

        self.previous_button = QPushButton(self)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self._on_next_button_clicked)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.step_keys = QLabel(self)  # says how to jump to a step (A8)
        self.step_keys.setWordWrap(True)
        self.step_keys.setEnabled(False)  # the palette's quiet text
        steps_box = QVBoxLayout()
        steps_box.addWidget(self.steps, 1)
        steps_box.addWidget(self.step_keys)
        body = QHBoxLayout()
        body.addLayout(steps_box)
        body.addWidget(self.stack, 1)
        # Messages about the whole screen go in a status area at the bottom, between the
        # step buttons: appearing there, they never move the fields under the pointer.
        status = QVBoxLayout()
        status.setContentsMargins(0, 0, 0, 0)
        status.addWidget(self.message)
        status.addWidget(self.notice)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addLayout(status, 1)
        bottom.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.name_line)
        layout.addWidget(self.status_line)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self._field_messages = {
            "documents": self.document_message,
            "doubt": self.reason_message,
            "doubt.grounds": self.grounds_message,
            "informed_on": self.informed_message,
            "consent": self.consent_message,
            "representative": self.representative_message,
            "interpreter": self.interpreter_message,
            "method": self.method_warning,
            "assessor": self.method_warning,
            "skip_reason": self.skip_message,
            "method_consent": self.method_consent_message,
            "child_view": self.child_view_message,
            "challenge": self.challenge_message,
            "challenge_deadline": self.challenge_deadline_message,
            "conclusion": self.sign_message,
            "signatures": self.sign_message,
        }
        self._field_focus = {
            "documents": self.grounds[DoubtGround.DOCUMENTS],
            "doubt": self.reason,
            "doubt.grounds": self.grounds[DoubtGround.STATEMENTS],
            "informed_on": self.informed,
            "consent": self.child_consent,
            "representative": self.representative,
            "interpreter": self.interpreter,
            "method": self.method,
            "assessor": self.method,
            "skip_reason": self.skip_reason,
            "method_consent": self.method_consent,
            "child_view": self.child_view,
            "challenge": self.challenge_how,
            "challenge_deadline": self.challenge_deadline,
        }
        # [A8 of the walkthrough] Alt+1 ... Alt+6 go straight to a step (a second assessor
        # had to press Next five times through read-only steps to reach "Sign and print").
        for step in STEP_TITLES:
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{step + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, step=step: self._go_to_step(step))
            self.addAction(action)
        self.steps.setCurrentRow(0)
        self.retranslate()

    # ---- building the steps ---------------------------------------------------------------

    def _row(
        self,
        page: _Step,
        label_msgid: str,
        field: QWidget,
        focus: QWidget | None = None,
        *,
        above: bool = False,
    ):
        label = QLabel()
        # Not word-wrapped: a long label goes above its field (WrapLongRows) rather than
        # being squeezed and clipped in the label column.
        label.setBuddy(focus or field)
        self._labels[focus or field] = (label, label_msgid)
        if above:
            # its own line over a field as wide as the form: in the label column, a label
            # this long made the column take half the width and squeezed every field of
            # the step (walkthrough A6)
            page.form.addRow(label)
            page.form.addRow(field)
        else:
            page.form.addRow(label, field)
        return label

    def _build_doubt(self, page: _Step) -> None:
        self.document_note = MessageLabel(MessageLabel.INFO)
        self.document_message = MessageLabel()
        page.form.addRow(_with_message(self.document_note, self.document_message))
        self.grounds: dict[DoubtGround, QCheckBox] = {}
        grounds_box = QWidget()
        grounds_layout = QVBoxLayout(grounds_box)
        grounds_layout.setContentsMargins(0, 0, 0, 0)
        for ground in texts.GROUNDS:
            box = QCheckBox(grounds_box)
            box.toggled.connect(self._on_grounds_toggled)
            self.grounds[ground] = box
            grounds_layout.addWidget(box)
        self.grounds_message = MessageLabel()
        _keep_place(self.grounds_message)
        grounds_layout.addWidget(self.grounds_message)
        self._row(
            page, N_("Grounds for the doubt:"), grounds_box, self.grounds[DoubtGround.STATEMENTS]
        )
        self.reason = _text(page)
        self.reason_message = MessageLabel()
        self._row(
            page,
            N_("The doubt, in full:"),
            _with_message(self.reason, self.reason_message),
            self.reason,
        )
        self.raised_by = _line(page)
        self._row(page, N_("Who raised it:"), self.raised_by)
        self.raised_on = _date_edit(page)
        self._row(page, N_("When it was raised:"), self.raised_on)

    def _build_safeguards(self, page: _Step) -> None:
        self.informed, informed_box = _check(page)
        self.informed_on = _date_edit(page)
        self.informed_language = CodePicker(LANGUAGE, page)
        self.informed_message = MessageLabel()
        self._row(page, N_("Informed:"), _with_message(informed_box), self.informed)
        self._row(page, N_("Informed on:"), self.informed_on)
        self._row(
            page,
            N_("In the language:"),
            _with_message(self.informed_language, self.informed_message),
            self.informed_language,
        )
        self.child_consent = QComboBox(page)
        self.guardian_consent = QComboBox(page)
        for combo in (self.child_consent, self.guardian_consent):
            for value, _msgid in texts.CONSENT_CHOICES:
                combo.addItem("", value)
        self.child_consent.currentIndexChanged.connect(self._on_child_consent_changed)
        self._row(page, N_("The child's consent:"), self.child_consent)
        self._row(page, N_("The guardian's consent:"), self.guardian_consent)
        self.legal_basis = _line(page)
        self._row(page, N_("Or the legal basis for going ahead:"), self.legal_basis)
        self.refusal = _line(page)
        self.refusal_note = MessageLabel(MessageLabel.INFO)
        self.consent_message = MessageLabel()
        self._row(
            page,
            N_("The child's refusal, in their words:"),
            _with_message(self.refusal, self.refusal_note, self.consent_message),
            self.refusal,
        )
        self.representative = _line(page)
        self.representative_present, present_box = _check(page)
        self.representative_message = MessageLabel()
        self._row(
            page,
            N_("Guardian or representative:"),
            _with_message(self.representative, present_box, self.representative_message),
            self.representative,
        )
        self.interpreter_needed, needed_box = _check(page)
        self.interpreter_needed.setChecked(True)
        self.interpreter_needed.toggled.connect(self._on_interpreter_needed_toggled)
        self.interpreter = _line(page)
        self.interpreter_message = MessageLabel()
        self._row(
            page,
            N_("Interpreter:"),
            _with_message(needed_box, self.interpreter, self.interpreter_message),
            self.interpreter,
        )
        self.start_button = QPushButton(page)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.started_note = MessageLabel(MessageLabel.INFO)
        page.tail.addWidget(self.started_note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        page.tail.addLayout(row)

    def _build_methods(self, page: _Step) -> None:
        self.method = QComboBox(page)
        for method in sorted(CATALOGUE, key=lambda m: m.order):
            self.method.addItem("", method.id)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self.method_details = QLabel(page)
        self.method_details.setWordWrap(True)
        self.method_details.setTextFormat(Qt.TextFormat.PlainText)
        self.method_warning = MessageLabel()
        _keep_place(self.method_warning)
        self._row(
            page,
            N_("Method:"),
            _with_message(self.method, self.method_warning, self.method_details),
            self.method,
        )
        self.skip_reason = _line(page)
        self.skip_reason.textChanged.connect(self._on_method_changed)
        self.skip_message = MessageLabel()
        self._skip_row = _with_message(self.skip_reason, self.skip_message)
        self._row(page, N_("Why this method is needed now:"), self._skip_row, self.skip_reason)
        self.method_consent, consent_box = _check(page)
        self.method_consent.toggled.connect(self._on_method_changed)
        self.method_consent_message = MessageLabel()
        self._consent_row = _with_message(consent_box, self.method_consent_message)
        self._row(page, N_("Consent to this method:"), self._consent_row, self.method_consent)
        self.performed_on = _date_edit(page)
        self._row(page, N_("Carried out on:"), self.performed_on)
        self.inconclusive = QCheckBox(page)
        self.inconclusive.toggled.connect(self._on_inconclusive_toggled)
        self.min_age = QSpinBox(page)
        self.max_age = QSpinBox(page)
        range_box = QWidget()
        range_layout = QHBoxLayout(range_box)
        range_layout.setContentsMargins(0, 0, 0, 0)
        self._range_to = QLabel(range_box)
        for spin in (self.min_age, self.max_age):
            spin.setRange(NO_AGE, 40)  # nothing entered for the assessor: "—"
            spin.setSpecialValueText("—")
            spin.setValue(NO_AGE)
        range_layout.addWidget(self.min_age)
        range_layout.addWidget(self._range_to)
        range_layout.addWidget(self.max_age)
        range_layout.addWidget(self.inconclusive)
        range_layout.addStretch(1)
        self.range_message = MessageLabel()
        self._row(
            page,
            N_("Age range in years:"),
            _with_message(range_box, self.range_message),
            self.min_age,
        )
        self.credible = QCheckBox(page)
        self.credible.setChecked(True)
        self._row(page, N_("Credible:"), self.credible)
        self.notes = _line(page)
        self._row(page, N_("Notes:"), self.notes)
        self.save_result_button = QPushButton(page)
        self.save_result_button.clicked.connect(self._on_save_result_button_clicked)
        self.save_result_message = MessageLabel()
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_result_button)
        page.form.addRow(save_row)
        page.form.addRow(self.save_result_message)

        self.results_title = QLabel(page)
        font = self.results_title.font()
        font.setBold(True)
        self.results_title.setFont(font)
        self.results = QTableWidget(0, 6, page)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # method, margin of error and notes: long texts, wrapped within the pane (a long
        # note sized to its content pushed "By" and "Notes" off the side, walkthrough A4)
        for column in (0, 3, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.results.setWordWrap(True)
        self.results.setMinimumHeight(140)
        self.remove_reason = _line(page)
        self._remove_label = QLabel(page)
        self._remove_label.setBuddy(self.remove_reason)
        self.remove_button = QPushButton(page)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.remove_message = MessageLabel()
        self.live_conclusion = MessageLabel(MessageLabel.INFO)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self._remove_label)
        remove_row.addWidget(self.remove_reason, 1)
        remove_row.addWidget(self.remove_button)
        page.tail.addWidget(self.results_title)
        page.tail.addWidget(self.results)
        page.tail.addLayout(remove_row)
        page.tail.addWidget(self.remove_message)
        page.tail.addWidget(self.live_conclusion)

    def _build_conclusion(self, page: _Step) -> None:
        self.conclusion_lines = QLabel(page)
        self.conclusion_lines.setWordWrap(True)
        self.conclusion_lines.setTextFormat(Qt.TextFormat.PlainText)
        self.conclusion_lines.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.conclusion_lines.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        page.tail.addWidget(self.conclusion_lines)

    def _build_child(self, page: _Step) -> None:
        self.child_view = _text(page)
        self.child_view.textChanged.connect(self._on_child_view_text_changed)
        self.child_view_message = MessageLabel()
        self._row(
            page,
            N_("The child's own account of their age and of the process:"),
            _with_message(self.child_view, self.child_view_message),
            self.child_view,
            above=True,
        )
        self.save_view_button = QPushButton(page)
        self.save_view_button.clicked.connect(self._on_save_view_button_clicked)
        view_row = QHBoxLayout()
        view_row.addStretch(1)
        view_row.addWidget(self.save_view_button)
        page.form.addRow(view_row)
        self.challenge_how = _line(page)
        self._row(page, N_("How to challenge the result:"), self.challenge_how)
        # A date, not free text (walkthrough A6): empty until someone types one, since no
        # day is right for every child; year-month-day like every date field here.
        self.challenge_deadline = _line(page)  # an older record's free text shows whole
        self.challenge_deadline.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.challenge_deadline_message = MessageLabel()
        self._row(
            page,
            N_("By when:"),
            _with_message(self.challenge_deadline, self.challenge_deadline_message),
            self.challenge_deadline,
        )
        self.challenge_helper = _line(page)
        self._row(page, N_("With whose help:"), self.challenge_helper)
        self.challenge_on = _date_edit(page)
        self._row(page, N_("Explained to the child on:"), self.challenge_on)
        self.challenge_language = CodePicker(LANGUAGE, page)
        self.challenge_message = MessageLabel()
        self._row(
            page,
            N_("In the language the child understands:"),
            _with_message(self.challenge_language, self.challenge_message),
            self.challenge_language,
        )
        self.save_challenge_button = QPushButton(page)
        self.save_challenge_button.clicked.connect(self._on_save_challenge_button_clicked)
        challenge_row = QHBoxLayout()
        challenge_row.addStretch(1)
        challenge_row.addWidget(self.save_challenge_button)
        page.form.addRow(challenge_row)

    def _build_sign(self, page: _Step) -> None:
        self.signatures = QLabel(page)
        self.signatures.setWordWrap(True)
        self.signatures.setTextFormat(Qt.TextFormat.PlainText)
        self.second_assessor_note = MessageLabel(MessageLabel.INFO)
        self.conclude_adult = QCheckBox(page)
        self.sign_button = QPushButton(page)
        self.sign_button.clicked.connect(self._on_sign_button_clicked)
        self.sign_message = MessageLabel()
        self.print_button = QPushButton(page)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.print_message = MessageLabel(MessageLabel.INFO)
        page.tail.addWidget(self.signatures)
        page.tail.addWidget(self.second_assessor_note)
        page.tail.addWidget(self.conclude_adult)
        page.tail.addWidget(self.sign_message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.sign_button)
        row.addWidget(self.print_button)
        page.tail.addLayout(row)
        page.tail.addWidget(self.print_message)

    # ---- session and loading ----------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._generation += 1
        self._session = session
        if session is None:
            self.clear()

    def clear(self) -> None:
        self.case_id = None
        self.row = None
        self.assessment = None
        self.status = ""
        self._printed = None
        self.title.clear()
        set_status(self.status_line, "")
        self._set_name("", "")
        self._reset_fields()
        self._render()

    def _reset_fields(self) -> None:
        for box in self.grounds.values():
            box.setChecked(False)
        for edit in (
            self.reason,
            self.child_view,
        ):
            edit.clear()
        for line in (
            self.raised_by,
            self.informed_language,
            self.legal_basis,
            self.refusal,
            self.representative,
            self.interpreter,
            self.skip_reason,
            self.notes,
            self.remove_reason,
            self.challenge_how,
            self.challenge_deadline,
            self.challenge_helper,
            self.challenge_language,
        ):
            line.clear()
        self.informed.setChecked(False)
        self.child_consent.setCurrentIndex(0)
        self.guardian_consent.setCurrentIndex(0)
        self.representative_present.setChecked(False)
        self.interpreter_needed.setChecked(True)
        self.method_consent.setChecked(False)
        self.inconclusive.setChecked(False)
        self.credible.setChecked(True)
        self.conclude_adult.setChecked(False)
        for edit in (self.raised_on, self.informed_on, self.performed_on, self.challenge_on):
            edit.setDate(QDate.currentDate())
        self._clear_messages()

    def _clear_messages(self) -> None:
        notes = (
            self.document_note,
            self.refusal_note,
            self.live_conclusion,
            self.second_assessor_note,
            self.started_note,
        )
        for label in self.findChildren(MessageLabel):
            if all(label is not note for note in notes):
                label.clear()

    def load(self, case_id: str) -> None:
        """Open the assessment of ``case_id`` (read off the GUI thread)."""
        if self._session is None:
            return
        if case_id != self.case_id:
            self.clear()
            self.case_id = case_id
            self.steps.setCurrentRow(STEP_DOUBT)
        self._call(lambda s: None, self.message, fresh=True, done=self._after_opened)

    def _after_opened(self, _result: object) -> None:
        """[A1 of the walkthrough] Focus the first field of the step, unless the person has
        already moved on inside the screen while it loaded."""
        focused = QApplication.focusWidget()
        if focused is None or focused is self.back_button or not self.isAncestorOf(focused):
            self._focus_step()

    def _call(self, write, message: MessageLabel, *, fresh: bool = False, done=None) -> None:
        """Run ``write(session)`` then re-read everything, off the GUI thread."""
        session, case_id = self._session, self.case_id
        if session is None or case_id is None or self._busy:
            return
        generation = self._generation
        self._typed_at_start = {w: self._typed(w) for w in self._refilled_fields()}
        self._set_busy(True)
        if not fresh:
            self._clear_messages()
        self.message.clear()

        def job() -> tuple[Any, dict[str, Any]]:
            result = write(session)
            return result, _snapshot(session, case_id)

        def ok(value: tuple[Any, dict[str, Any]]) -> None:
            if generation != self._generation or case_id != self.case_id:
                return
            self._set_busy(False)
            result, snapshot = value
            self._apply(snapshot, fresh=fresh)
            if done is not None:
                done(result)
            self.loaded.emit(case_id)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self._show_failure(exc, message)

        self._ops.run(job, on_success=ok, on_failure=failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (
            self.start_button,
            self.save_result_button,
            self.remove_button,
            self.save_view_button,
            self.save_challenge_button,
            self.sign_button,
            self.print_button,
        ):
            button.setEnabled(not busy)
        if not busy:
            self._render()

    def _show_failure(self, exc: BaseException, message: MessageLabel) -> None:
        if not isinstance(exc, AssessmentRefused):
            message.show_message(error_text(exc))
            return
        first_step: int | None = None
        by_label: dict[MessageLabel, list[str]] = {}
        for problem in exc.problems:
            label = self._field_messages.get(problem.field, message)
            by_label.setdefault(label, []).append(texts.problem_text(problem))
            step = FIELD_STEP.get(problem.field)
            if step is not None and first_step is None:
                first_step = step
        for label, lines in by_label.items():
            label.show_message("\n".join(lines))
        if message is self.sign_message:
            # Signing is refused for what other steps miss: say it here too, stay here.
            message.show_message("\n".join(texts.problem_text(p) for p in exc.problems))
            return
        if first_step is not None and first_step != self.steps.currentRow():
            self.steps.setCurrentRow(first_step)
        for problem in exc.problems:
            widget = self._field_focus.get(problem.field)
            if widget is not None and widget.isEnabled():
                widget.setFocus()
                break

    def _apply(self, snapshot: dict[str, Any], *, fresh: bool) -> None:
        self.row = snapshot["row"]
        old_status = self.status
        self.status = snapshot["status"]
        self.assessment = snapshot["assessment"]
        self._set_name(self.row.display_name, self.row.display_latin)
        if fresh or self.assessment is not None:
            self._fill_recorded()
        self._render()
        if self.status != old_status:
            self.status_changed.emit(self.status)

    def _refilled_fields(self) -> tuple[QWidget, ...]:
        return (
            self.child_view,
            self.challenge_how,
            self.challenge_deadline,
            self.challenge_helper,
            self.challenge_language,
            self.challenge_on,
        )

    @staticmethod
    def _typed(widget: QWidget) -> str:
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QDateEdit):
            return widget.date().toString(Qt.DateFormat.ISODate)
        if isinstance(widget, CodePicker):
            return widget.edit.text()
        return widget.text()  # type: ignore[attr-defined]

    def _touched(self) -> bool:
        """Whether the person typed into a field the reload re-fills since the save began:
        a save's completion never overwrites what was typed while it ran (A5)."""
        return any(
            self._typed(w) != typed for w, typed in self._typed_at_start.items() if w.isEnabled()
        )

    def _fill_recorded(self) -> None:
        """Show what was recorded at the start, and the child's view and challenge."""
        a = self.assessment
        if a is None:
            return
        for ground, box in self.grounds.items():
            box.setChecked(ground in a.doubt.grounds)
        self.reason.setPlainText(a.doubt.reason)
        self.raised_by.setText(a.doubt.raised_by)
        self.raised_on.setDate(_qdate(a.doubt.raised_on))
        pre = a.preconditions
        self.informed.setChecked(pre.informed_on is not None)
        if pre.informed_on is not None:
            self.informed_on.setDate(_qdate(pre.informed_on))
        self.informed_language.set_value(pre.informed_language)
        self.child_consent.setCurrentIndex(max(0, self.child_consent.findData(pre.child_consents)))
        self.guardian_consent.setCurrentIndex(
            max(0, self.guardian_consent.findData(pre.guardian_consents))
        )
        self.legal_basis.setText(pre.legal_basis)
        self.refusal.setText(pre.refusal_recorded)
        self.representative.setText(pre.representative)
        self.representative_present.setChecked(pre.representative_present)
        self.interpreter_needed.setChecked(pre.interpreter_needed)
        self.interpreter.setText(pre.interpreter)
        touched = self._touched()
        if a.child_view and not touched and not self.child_view.toPlainText().strip():
            self.child_view.setPlainText(a.child_view)
        challenge = a.challenge
        if challenge and not touched and not self.challenge_how.text().strip():
            self.challenge_how.setText(challenge.get("how", ""))
            self.challenge_deadline.setText(challenge.get("deadline", ""))
            self.challenge_helper.setText(challenge.get("helper", ""))
            self.challenge_language.set_value(challenge.get("language", ""))
            if challenge.get("explained_on"):
                self.challenge_on.setDate(_qdate(dt.date.fromisoformat(challenge["explained_on"])))

    def _set_name(self, original: str, latin: str) -> None:
        while self._name_layout.count():
            item = self._name_layout.takeAt(0)
            old = item.widget()
            if old is not None:  # hidden at once: deleteLater alone leaves it drawn until then
                old.hide()
                old.setParent(None)
                old.deleteLater()
        if original or latin:
            self._name_layout.addWidget(name_widget(original or latin, latin, self.name_line))

    # ---- what the screen shows ----------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.assessment is not None

    @property
    def signed_by_me(self) -> bool:
        session, a = self._session, self.assessment
        return (
            session is not None
            and a is not None
            and any(s.user_id == session.user.id for s in a.signatures)
        )

    @property
    def concluded(self) -> bool:
        return self.assessment is not None and self.assessment.concluded

    def _render(self) -> None:
        """Enable what the process allows now; refresh every shown value."""
        started, concluded = self.started, self.concluded
        may_record = self._session is not None and self._session.may(Permission.RECORD_ASSESSMENT)
        editable_start = may_record and not started
        for widget in (
            *self.grounds.values(),
            self.reason,
            self.raised_by,
            self.raised_on,
            self.informed,
            self.informed_on,
            self.informed_language,
            self.child_consent,
            self.guardian_consent,
            self.legal_basis,
            self.refusal,
            self.representative,
            self.representative_present,
            self.interpreter_needed,
        ):
            widget.setEnabled(editable_start)
        self.interpreter.setEnabled(editable_start and self.interpreter_needed.isChecked())
        self.start_button.setVisible(editable_start)
        self.start_button.setEnabled(editable_start and not self._busy)
        open_for_work = may_record and started and not concluded
        for widget in (
            self.method,
            self.skip_reason,
            self.method_consent,
            self.performed_on,
            self.inconclusive,
            self.credible,
            self.notes,
            self.remove_reason,
            self.child_view,
            self.challenge_how,
            self.challenge_deadline,
            self.challenge_helper,
            self.challenge_on,
            self.challenge_language,
        ):
            widget.setEnabled(open_for_work)
        for spin in (self.min_age, self.max_age):
            spin.setEnabled(open_for_work and not self.inconclusive.isChecked())
        for button in (
            self.save_result_button,
            self.remove_button,
            self.save_view_button,
            self.save_challenge_button,
            self.sign_button,
        ):
            button.setEnabled(open_for_work and not self._busy)
        self._on_child_view_text_changed()
        if self.signed_by_me:
            self.sign_button.setEnabled(False)
        self.print_button.setEnabled(started and may_record and not self._busy)
        for step in range(STEP_METHODS, STEP_SIGN + 1):
            item = self.steps.item(step)
            flags = item.flags()
            if started:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
        self._render_texts()
        self._update_nav()

    def _render_texts(self) -> None:
        a = self.assessment
        if self.row is not None:
            self.title.setText(
                _("Age assessment — case {number}").format(number=self.row.case_number)
            )
        else:
            self.title.setText(_("Age assessment"))
        self.title.setAccessibleName(self.title.text())
        set_status(self.status_line, self.status)
        documented = self.row is not None and self.row.age_status == "documented"
        if documented and not self.started:
            self.document_note.show_message(
                _(
                    "A document states this child's age. Documents are presumed genuine, so "
                    "there is normally no doubt to assess."
                )
            )
        else:
            self.document_note.show_message(
                _(
                    "A genuine document stating the age ends the doubt: documents are "
                    "presumed genuine."
                )
            )
        self._update_grounds_warning()
        self.refusal_note.show_message(
            _(
                "A refusal is recorded; it never decides the age on its own and never leads "
                "to a rejection."
            )
        )
        if a is not None:
            self.started_note.show_message(
                _("The assessment started on {date}. What was recorded is shown above.").format(
                    date=a.started_on.isoformat()
                )
            )
        else:
            self.started_note.clear()
        self._render_results()
        self._update_method()
        lines = self.conclusion_text()
        self.conclusion_lines.setText(directional("\n".join(lines)))
        self.conclusion_lines.setAccessibleName(self.conclusion_lines.text())
        self.live_conclusion.show_message(
            _("Conclusion so far: {text}").format(text=lines[0]) if a is not None else ""
        )
        self._render_sign()

    def conclusion_text(self) -> list[str]:
        """[A11]-[A13] The live conclusion, in words."""
        a = self.assessment
        if a is None:
            return [_("The assessment has not started: the child is treated as a child.")]
        c = a.conclusion
        if c.inconclusive:
            return [
                _(
                    "No credible result gives an age range yet: the person is presumed to be "
                    "a child."
                )
            ]
        lines = [
            _("Youngest credible age: {age} years (range used: {low}–{high}).").format(
                age=c.concluded_min_age, low=c.concluded_min_age, high=c.concluded_max_age
            )
        ]
        if c.minor:
            lines.append(
                _(
                    "A credible range reaches below 18: the person is treated as a child, and "
                    "'adult' cannot be concluded."
                )
            )
        else:
            lines.append(_("Every credible range is 18 or above."))
        if c.assigned_birth_date is not None:
            lines.append(
                _(
                    "Assigned date of birth: {date}, the latest consistent with the youngest "
                    "age; the case records it as assigned by the assessment."
                ).format(date=isolate(c.assigned_birth_date.isoformat()))
            )
        lines.append(_("Credible results used: {count}.").format(count=len(c.basis)))
        return lines

    def _render_results(self) -> None:
        a = self.assessment
        results = a.results if a is not None else []
        self.results.setRowCount(len(results))
        for r, result in enumerate(results):
            method = METHODS[result.method_id]
            if result.range is None:
                shown = _("Inconclusive")
            else:
                shown = _("{low} to {high} years").format(
                    low=result.range.min_age, high=result.range.max_age
                )
            cells = (
                texts.method_name(result.method_id),
                shown,
                _("Yes") if result.credible else _("No"),
                _(method.margin),
                person_text(result.assessor.name, result.assessor.profession),
                result.notes,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RESULT_ID_ROLE, result.id)
                self.results.setItem(r, c, item)
        self.results.resizeRowsToContents()
        if results and self.results.currentRow() < 0:
            self.results.selectRow(0)

    def _render_sign(self) -> None:
        a = self.assessment
        session = self._session
        if a is None or not a.signatures:
            self.signatures.setText(_("Not signed yet."))
        else:
            names = _(", ").join(person_text(s.name, s.profession) for s in a.signatures)
            self.signatures.setText(directional(_("Signed by: {names}.").format(names=names)))
        self.signatures.setAccessibleName(self.signatures.text())
        me = ""
        if session is not None:
            me = person_text(session.user.name, session.user.profession)
        if a is not None and a.concluded:
            self.second_assessor_note.show_message(
                _("Concluded: two assessors of different professions have signed.")
            )
        else:
            self.second_assessor_note.show_message(
                _(
                    "You sign as {me}. A second assessor of another profession must sign too; "
                    "the conclusion takes effect only then."
                ).format(me=me)
            )
        may_adult = (
            a is not None
            and not a.concluded
            and rules.may_conclude_adult(a.results, dt.date.today())
        )
        self.conclude_adult.setVisible(may_adult)
        if not may_adult:
            self.conclude_adult.setChecked(False)

    def _update_grounds_warning(self) -> None:
        chosen = {g for g, box in self.grounds.items() if box.isChecked()}
        if chosen == {DoubtGround.APPEARANCE}:
            self.grounds_message.show_message(
                _("Physical appearance alone is not a serious doubt.")
                + " "
                + _("Add what else raised the doubt, or there is nothing to assess.")
            )
        elif self.grounds_message.text() and not self.started and chosen:
            self.grounds_message.clear()

    def _update_method(self) -> None:
        """[A9][A4] The warnings beside the method choice, before anything is saved."""
        method_id = self.method.currentData()
        method = METHODS.get(method_id) if method_id else None
        if method is None:
            return
        self.method_details.setText(directional(texts.method_details(method)))
        self.method_details.setAccessibleName(self.method_details.text())
        a = self.assessment
        if a is None or a.concluded:
            self.method_warning.clear()
            self.step_pages[STEP_METHODS].form.setRowVisible(self._skip_row, False)
            self.step_pages[STEP_METHODS].form.setRowVisible(self._consent_row, method.medical)
            return
        tried = [r.method_id for r in a.results]
        session = self._session
        profession = session.user.profession if session is not None else None
        # The same rule age_service.warnings_for applies; here on the loaded results, so
        # the warning follows every key press without a round trip to the vault.
        problems = rules.method_warnings(
            method_id,
            tried,
            rules.Profession(profession) if profession else None,
            skip_reason="",
            method_consent=self.method_consent.isChecked(),
        )
        needs_reason = any(p.field == "skip_reason" for p in problems)
        beside = [texts.problem_text(p) for p in problems if p.field != "method_consent"]
        self.method_warning.show_message("\n".join(beside))
        if needs_reason and self.skip_reason.text().strip():
            self.skip_message.clear()
        form = self.step_pages[STEP_METHODS].form
        form.setRowVisible(self._skip_row, needs_reason)
        form.setRowVisible(self._consent_row, method.medical)
        consent = [p for p in problems if p.field == "method_consent"]
        if consent:
            self.method_consent_message.show_message(texts.problem_text(consent[0]))
        else:
            self.method_consent_message.clear()

    def _update_nav(self) -> None:
        row = self.steps.currentRow()
        self.previous_button.setEnabled(row > 0)
        following = self.steps.item(row + 1) if row + 1 < self.steps.count() else None
        self.next_button.setEnabled(
            following is not None and bool(following.flags() & Qt.ItemFlag.ItemIsEnabled)
        )

    def current_step(self) -> int:
        return self.steps.currentRow()

    def show_step(self, step: int) -> None:
        self.steps.setCurrentRow(step)

    # ---- reading the fields ---------------------------------------------------------------------

    def doubt(self) -> Doubt | None:
        grounds = [g for g, box in self.grounds.items() if box.isChecked()]
        return Doubt(
            grounds=grounds,
            reason=self.reason.toPlainText(),
            raised_by=self.raised_by.text(),
            raised_on=self.raised_on.date().toPython(),
        )

    def preconditions(self) -> Preconditions:
        return Preconditions(
            informed_on=self.informed_on.date().toPython() if self.informed.isChecked() else None,
            informed_language=self.informed_language.value(),
            child_consents=self.child_consent.currentData(),
            guardian_consents=self.guardian_consent.currentData(),
            legal_basis=self.legal_basis.text(),
            refusal_recorded=self.refusal.text(),
            representative=self.representative.text(),
            representative_present=self.representative_present.isChecked(),
            interpreter_needed=self.interpreter_needed.isChecked(),
            interpreter=self.interpreter.text() if self.interpreter_needed.isChecked() else "",
        )

    # ---- handlers -----------------------------------------------------------------------------

    def _on_back_button_clicked(self) -> None:
        if self.case_id:
            self.back_requested.emit(self.case_id)

    def _on_steps_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        item = self.steps.item(row)
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.steps.setCurrentRow(STEP_SAFEGUARDS)
            return
        if row != self.stack.currentIndex():
            # "The result is saved." belongs to the step where it was saved (A10)
            self.notice.clear()
        self.stack.setCurrentIndex(row)
        self._update_nav()

    def _go_to_step(self, step: int) -> None:
        """A step by its number; a step not open yet (nothing started) stays closed."""
        item = self.steps.item(step)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self.steps.setCurrentRow(step)
        self._focus_step()

    def _on_previous_button_clicked(self) -> None:
        self.steps.setCurrentRow(max(0, self.steps.currentRow() - 1))
        self._focus_step()

    def _on_next_button_clicked(self) -> None:
        self.steps.setCurrentRow(min(self.steps.count() - 1, self.steps.currentRow() + 1))
        self._focus_step()

    def _focus_step(self) -> None:
        first = {
            STEP_DOUBT: self.grounds[DoubtGround.STATEMENTS],
            STEP_SAFEGUARDS: self.informed,
            STEP_METHODS: self.method,
            STEP_CONCLUSION: self.conclusion_lines,
            STEP_CHILD: self.child_view,
            STEP_SIGN: self.sign_button,
        }[self.steps.currentRow()]
        if not first.isEnabled():  # a step already recorded: its fields are read-only
            first = self.next_button if self.next_button.isEnabled() else self.back_button
        # reached by the keyboard (Alt+G, Alt+N): the focus frame shows where it is
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_child_view_text_changed(self) -> None:
        """The child's view, once saved, has nothing more to save until it changes: its
        button is then out of the Tab chain, so a Tab after Alt+V reaches the next field
        rather than a button that swallows what is typed (A5)."""
        a = self.assessment
        saved = a.child_view.strip() if a is not None and a.child_view else ""
        unchanged = bool(saved) and self.child_view.toPlainText().strip() == saved
        self.save_view_button.setEnabled(
            self.child_view.isEnabled() and not self._busy and not unchanged
        )

    def _on_grounds_toggled(self, _checked: bool) -> None:
        self._update_grounds_warning()

    def _on_child_consent_changed(self, _index: int) -> None:
        refused = self.child_consent.currentData() is False
        if refused and not self.refusal.text():
            self.refusal.setPlaceholderText(_("What the child said when refusing"))

    def _on_interpreter_needed_toggled(self, checked: bool) -> None:
        self.interpreter.setEnabled(checked and self.start_button.isVisible())

    def _on_method_changed(self, *_args: object) -> None:
        self._update_method()

    def _on_inconclusive_toggled(self, checked: bool) -> None:
        for spin in (self.min_age, self.max_age):
            spin.setEnabled(not checked and self.method.isEnabled())

    def _on_start_button_clicked(self) -> None:
        doubt, pre = self.doubt(), self.preconditions()
        case_id = self.case_id
        self._call(
            lambda s: age_service.start(s, case_id, doubt, pre),  # type: ignore[arg-type]
            self.message,
            done=lambda _r: self._after_start(),
        )

    def _after_start(self) -> None:
        self.steps.setCurrentRow(STEP_METHODS)
        self.method.setFocus()

    def _on_save_result_button_clicked(self) -> None:
        a = self.assessment
        if a is None:
            return
        if self.inconclusive.isChecked():
            age_range = None
        else:
            if NO_AGE in (self.min_age.value(), self.max_age.value()):
                self.range_message.show_message(
                    _(
                        "Enter the youngest and the oldest age of the range, or mark the "
                        "result inconclusive."
                    )
                )
                (self.min_age if self.min_age.value() == NO_AGE else self.max_age).setFocus()
                return
            if self.max_age.value() < self.min_age.value():
                self.range_message.show_message(_("The maximum age is below the minimum age."))
                self.max_age.setFocus()
                return
            age_range = AgeRange(min_age=self.min_age.value(), max_age=self.max_age.value())
        kwargs = {
            "method_id": self.method.currentData(),
            "age_range": age_range,
            "performed_on": self.performed_on.date().toPython(),
            "notes": self.notes.text().strip(),
            "credible": self.credible.isChecked(),
            "skip_reason": self.skip_reason.text().strip(),
            "method_consent": self.method_consent.isChecked(),
        }
        self._call(
            lambda s: age_service.add_result(s, a.id, **kwargs),
            self.save_result_message,
            done=lambda _r: self._after_result_saved(),
        )

    def _after_result_saved(self) -> None:
        self.save_result_message.clear()
        self.notice.show_message(_("The result is saved."))
        for line in (self.skip_reason, self.notes):
            line.clear()
        self.method_consent.setChecked(False)
        self.inconclusive.setChecked(False)
        for spin in (self.min_age, self.max_age):
            spin.setValue(NO_AGE)
        # the next method in the catalogue not tried yet, so the order stays visible
        tried = {r.method_id for r in self.assessment.results} if self.assessment else set()
        for i in range(self.method.count()):
            if self.method.itemData(i) not in tried:
                self.method.setCurrentIndex(i)
                break
        self.method.setFocus()

    def _on_remove_button_clicked(self) -> None:
        a = self.assessment
        row = self.results.currentRow()
        if a is None or row < 0:
            self.remove_message.show_message(_("Choose the result to remove in the table."))
            return
        reason = self.remove_reason.text().strip()
        if not reason:
            self.remove_message.show_message(_("Say why this result is removed."))
            self.remove_reason.setFocus()
            return
        result_id = self.results.item(row, 0).data(RESULT_ID_ROLE)
        self._call(
            lambda s: age_service.remove_result(s, a.id, result_id, reason=reason),
            self.remove_message,
            done=lambda _r: self._after_removed(),
        )

    def _after_removed(self) -> None:
        self.remove_reason.clear()
        self.notice.show_message(
            _("The result is removed; the removal and its reason are kept in the record.")
        )

    def _on_save_view_button_clicked(self) -> None:
        a = self.assessment
        text = self.child_view.toPlainText().strip()
        if a is None:
            return
        if not text:
            self.child_view_message.show_message(_("Record the child's own view first."))
            self.child_view.setFocus()
            return
        self._call(
            lambda s: age_service.record_child_view(s, a.id, text),
            self.child_view_message,
            done=lambda _r: self.notice.show_message(_("The child's view is saved.")),
        )

    def _on_save_challenge_button_clicked(self) -> None:
        a = self.assessment
        if a is None:
            return
        self.challenge_deadline_message.clear()
        typed = self.challenge_deadline.text().strip()
        try:
            deadline = dt.date.fromisoformat(typed) if typed else None
        except ValueError:
            self.challenge_deadline_message.show_message(
                _("Type the date as year-month-day, for example {date}.").format(
                    date=isolate(dt.date.today().replace(day=1).isoformat())
                )
            )
            self.challenge_deadline.setFocus()
            return
        kwargs = {
            "how": self.challenge_how.text(),
            "deadline": deadline,
            "helper": self.challenge_helper.text(),
            "explained_on": self.challenge_on.date().toPython(),
            "language": self.challenge_language.value(),
        }
        self._call(
            lambda s: age_service.record_challenge_information(s, a.id, **kwargs),
            self.challenge_message,
            done=lambda _r: self.notice.show_message(_("How to challenge the result is saved.")),
        )

    def _on_sign_button_clicked(self) -> None:
        a = self.assessment
        if a is None:
            return
        adult = self.conclude_adult.isVisible() and self.conclude_adult.isChecked()
        self._call(
            lambda s: age_service.sign(s, a.id, conclude_adult=adult),
            self.sign_message,
            done=self._after_signed,
        )

    def _after_signed(self, view: Assessment) -> None:
        if view.concluded:
            self.notice.show_message(_("Signed. The assessment is concluded."))
        else:
            self.notice.show_message(
                _("Signed. A second assessor of another profession must sign now.")
            )

    def _on_print_button_clicked(self) -> None:
        if self.row is None:
            return
        suggested = str(Path.home() / f"age-record-{self.row.case_number}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the age assessment record"), suggested, _("PDF files (*.pdf)")
        )
        if not path:
            return
        # The dialog asked before choosing an existing file: yes there means replace it.
        # Anything else (a vault folder, a link) is refused by the service, in one line.
        replace = os.path.lexists(path)
        case_id = self.case_id
        self._call(
            lambda s: file_service.save_age_record_pdf(s, case_id, path, replace=replace),  # type: ignore[arg-type]
            self.print_message,
            done=lambda saved: self._after_printed(path, saved.size, saved.warning),
        )

    def _after_printed(self, path: str, size: int, warning: str) -> None:
        self._printed = (path, size, warning)
        self._show_printed()

    def _show_printed(self) -> None:
        """The line saying where the record went, in the language now on screen (R1)."""
        if self._printed is None:
            return
        path, size, warning = self._printed
        saved = _("The record is saved to {path} ({kb} KB).").format(
            path=isolate(path), kb=max(1, size // 1024)
        )
        self.print_message.show_message(directional(" ".join(t for t in (saved, warning) if t)))

    def _refresh_status(self) -> None:
        """[R1 of the walkthrough] The status line comes from the service in the language
        of its time: after a language switch it is read again (off the GUI thread) rather
        than left in the old language. Nothing typed on the page is touched."""
        session, case_id, generation = self._session, self.case_id, self._generation
        if session is None or case_id is None:
            return

        def shown(text: str) -> None:
            if generation == self._generation and case_id == self.case_id:
                self.status = text
                set_status(self.status_line, text)

        self._ops.run(
            lambda: age_service.status_text(session, case_id),
            on_success=shown,
            on_failure=lambda _exc: None,
        )

    # ---- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.back_button.setText(_("Back to the &case"))
        self.back_button.setAccessibleName(_("Back to the case"))
        self.challenge_deadline.setPlaceholderText(_("year-month-day"))
        self.steps.setAccessibleName(_("Steps of the assessment"))
        keys = _("Alt+1 … Alt+6: go to a step")
        self.step_keys.setText(directional(keys))
        self.step_keys.setAccessibleName(keys)
        self.steps.setAccessibleDescription(keys)
        for step, page in enumerate(self.step_pages):
            page.retranslate()
            self.steps.item(step).setText(_(STEP_TITLES[step]))
        self.steps.setFixedWidth(max(200, min(320, self.steps.sizeHintForColumn(0) + 24)))
        self.step_keys.setFixedWidth(self.steps.width())
        self.stack.setAccessibleName(_("Current step"))
        for widget, (label, msgid) in self._labels.items():
            label.setText(_(msgid))
            name = _(msgid).rstrip(":").lstrip("\u200f")
            if isinstance(widget, CodePicker):
                widget.set_accessible(name)
                widget.retranslate()
            else:
                widget.setAccessibleName(name)
            rule = FIELD_RULE.get(msgid)
            tip = _("Rule {rule} of the age-assessment guidance").format(rule=rule) if rule else ""
            label.setToolTip(tip)
        for ground, box in self.grounds.items():
            box.setText(_(texts.GROUNDS[ground]))
            box.setAccessibleName(box.text())
        _set_check_text(
            self.informed,
            _(
                "The child was told the purpose, the methods, the possible consequences, and "
                "what refusing a medical examination means"
            ),
        )
        self.informed.setAccessibleName(_("The child was informed"))
        self.informed_on.setAccessibleName(_("Informed on"))
        for combo in (self.child_consent, self.guardian_consent):
            for i, (_value, msgid) in enumerate(texts.CONSENT_CHOICES):
                combo.setItemText(i, _(msgid))
        _set_check_text(self.representative_present, _("Present during the assessment"))
        _set_check_text(
            self.interpreter_needed, _("The child does not speak the assessors' language")
        )
        self.start_button.setText(_("&Start the assessment"))
        self.start_button.setAccessibleName(_("Start the assessment"))
        for i in range(self.method.count()):
            self.method.setItemText(i, texts.method_item_text(METHODS[self.method.itemData(i)]))
        _set_check_text(self.method_consent, _("The child and the guardian consent to this method"))
        self.inconclusive.setText(_("Inconclusive: no range can be given"))
        self.inconclusive.setAccessibleName(self.inconclusive.text())
        self._range_to.setText(_("to"))
        self.min_age.setAccessibleName(_("Youngest age in the range"))
        self.max_age.setAccessibleName(_("Oldest age in the range"))
        self.credible.setText(_("This result is credible"))
        self.save_result_button.setText(_("Sa&ve this result"))
        self.save_result_button.setAccessibleName(_("Save this result"))
        self.results_title.setText(_("Results so far"))
        self.results.setAccessibleName(_("Results so far"))
        self.results.setHorizontalHeaderLabels(
            [_("Method"), _("Result"), _("Credible"), _("Margin of error"), _("By"), _("Notes")]
        )
        self._remove_label.setText(_("Why remove the selected result:"))
        self.remove_reason.setAccessibleName(_("Why remove the selected result"))
        self.remove_button.setText(_("&Remove the selected result"))
        self.remove_button.setAccessibleName(_("Remove the selected result"))
        self.conclusion_lines.setAccessibleName(_("Conclusion"))
        self.save_view_button.setText(_("Save the child's &view"))
        self.save_view_button.setAccessibleName(_("Save the child's view"))
        self.save_challenge_button.setText(_("Save how to c&hallenge"))
        self.save_challenge_button.setAccessibleName(_("Save how to challenge"))
        self.conclude_adult.setText(_("Conclude that the person is an adult"))
        self.conclude_adult.setAccessibleName(self.conclude_adult.text())
        self.sign_button.setText(_("Si&gn the conclusion"))
        self.sign_button.setAccessibleName(_("Sign the conclusion"))
        self.print_button.setText(_("Print recor&d (PDF)…"))
        self.print_button.setAccessibleName(_("Print record (PDF)"))
        self.previous_button.setText(_("&Previous step"))
        self.previous_button.setAccessibleName(_("Previous step"))
        self.next_button.setText(_("&Next step"))
        self.next_button.setAccessibleName(_("Next step"))
        self._render()
        self._show_printed()
        self._refresh_status()
