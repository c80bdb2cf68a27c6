"""The intake wizard: one calm step at a time, drafts saved in the vault, never lost.

Steps: identity, languages, family and separation, arrival and documents, needs and
vulnerabilities, consent, summary. Keyboard first: the tab order follows reading order,
Enter or Alt+N goes on, Alt+B goes back. Leaving a step checks it; problems appear
beside their field (the typed text stays) and the focus goes to the first of them.
The same widget edits a registered case (``start_edit``), saving through update_case.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseDraft, SpecialCategories
from app.domain.roles import Permission
from app.errors import HarbourError
from app.services import cases as case_service
from app.services import special_categories as special_service
from app.services.session import Session
from ui.cases import form as F
from ui.cases.duplicates import DuplicateDialog
from ui.cases.summary import SummaryView
from ui.cases.widgets import Bound, RowGroup
from ui.common import MessageLabel, Page, _, heading
from ui.operations import OperationRunner, error_text

log = logging.getLogger("harbour.ui.intake")

AUTOSAVE_MS = 3000
LATIN_FIELDS = {"names.given": "names.given_latin", "names.family": "names.family_latin"}
MODE_INTAKE = "intake"
MODE_EDIT = "edit"


class IntakeWizard(Page):
    registered = Signal(str)  # new case id
    updated = Signal(str)  # case id (edit mode)
    closed = Signal()  # the officer left the wizard (the draft stays)
    draft_saved = Signal(str)  # draft id
    step_changed = Signal(int)
    same_child_chosen = Signal(str, str, str)  # registered case id, its number, the reason

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._generation = 0
        self.mode = MODE_INTAKE
        self.draft_id: str | None = None
        self.case_id: str | None = None
        self.case_number = ""
        self._loading = False
        self._changes = 0
        self._saved_changes = 0
        self._busy = False
        self._latin_edited = dict.fromkeys(LATIN_FIELDS.values(), False)
        self._consent_keys: list[str] = []
        self._special = SpecialCategories()  # ethnicity and religion, recorded apart
        self._special_rows: list[QLabel] = []  # their rows, hidden from who may not read them
        self.duplicate_dialog: DuplicateDialog | None = None

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._on_autosave_timeout)

        self.title = heading(self)
        self.step_label = QLabel(self)
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.step_label.font()
        font.setBold(True)
        self.step_label.setFont(font)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.bounds: dict[str, Bound] = {}
        self.groups: dict[str, RowGroup] = {}
        self._headings: list[tuple[QLabel, str]] = []
        self._pair_labels: list[tuple[QLabel, str, list[Bound]]] = []
        self.summary = SummaryView()
        for step in F.STEPS:
            self.pages.addWidget(self._build_step(step))

        self.message = MessageLabel(parent=self)
        self.saved_label = QLabel(self)
        self.saved_label.setEnabled(False)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self.go_next)
        for sequence, slot in (("Alt+N", self.go_next), ("Alt+B", self.go_back)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for key, bound in self.bounds.items():
            bound.changed.connect(self._on_form_changed)
            if key in LATIN_FIELDS:
                assert isinstance(bound.widget, QLineEdit)
                bound.widget.textEdited.connect(
                    lambda text, k=key: self._on_original_name_edited(k, text)
                )
            if key in LATIN_FIELDS.values():
                assert isinstance(bound.widget, QLineEdit)
                bound.widget.textEdited.connect(
                    lambda text, k=key: self._on_latin_name_edited(k, text)
                )
        for group in self.groups.values():
            group.changed.connect(self._on_form_changed)
            group.rows_changed.connect(self._fix_tab_order)

        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self._fix_tab_order()
        self.retranslate()
        self.show_step(0)

    # ---- building -----------------------------------------------------------------------

    def _build_step(self, step: F.Step) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if step is F.SUMMARY:
            form.addRow(self.summary)
        for item in step.items:
            if isinstance(item, F.Heading):
                label = heading(inner, 1.1)
                self._headings.append((label, item.text))
                form.addRow(label)
                if item.text == "Ethnicity and religion":
                    self._special_rows.append(label)
            elif isinstance(item, F.Field):
                bound = Bound(item, inner)
                self.bounds[item.key] = bound
                form.addRow(bound.label, bound.field_box())
                if item.key in F.SPECIAL_KEYS:
                    self._special_rows.append(bound.label)
            elif isinstance(item, F.Rows):
                group = RowGroup(item, inner)
                self.groups[item.key] = group
                form.addRow(group)
            elif isinstance(item, F.Pair):
                label = QLabel(inner)
                line = QHBoxLayout()
                pair_bounds = []
                for field in item.fields:
                    bound = Bound(field, inner)
                    bound.label.hide()
                    self.bounds[field.key] = bound
                    pair_bounds.append(bound)
                    line.addWidget(bound.field_box(), 1 if field.kind == F.CHOICE else 2)
                label.setBuddy(pair_bounds[0].focus_widget())
                self._pair_labels.append((label, item.label, pair_bounds))
                form.addRow(label, line)
        scroll.setWidget(inner)
        return scroll

    def _step_chain(self, step: F.Step) -> list[QWidget]:
        chain: list[QWidget] = []
        for item in step.items:
            if isinstance(item, F.Field):
                chain.extend(self.bounds[item.key].focus_chain())
            elif isinstance(item, F.Rows):
                chain.extend(self.groups[item.key].focus_chain())
            elif isinstance(item, F.Pair):
                for field in item.fields:
                    chain.extend(self.bounds[field.key].focus_chain())
        return chain

    def _fix_tab_order(self) -> None:
        """Tab follows reading order: the step's fields, then the buttons at the bottom."""
        chain = [w for step in F.STEPS for w in self._step_chain(step)]
        chain += [self.close_button, self.back_button, self.next_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def keys_in_order(self, index: int) -> list[str]:
        keys: list[str] = []
        for item in F.STEPS[index].items:
            if isinstance(item, F.Field):
                keys.append(item.key)
            elif isinstance(item, F.Rows):
                keys.append(item.key)
                keys.extend(self.groups[item.key].bounds())
            elif isinstance(item, F.Pair):
                keys.extend(f.key for f in item.fields)
        return keys

    # ---- texts --------------------------------------------------------------------------

    def retranslate(self) -> None:
        if self.mode == MODE_EDIT:
            self.title.setText(_("Edit case {number}").format(number=self.case_number))
            self.close_button.setText(_("Cancel editing"))
        else:
            self.title.setText(_("New intake"))
            self.close_button.setText(_("Save draft and close"))
        self.close_button.setAccessibleName(self.close_button.text())
        self.back_button.setText(_("Back (Alt+B)"))
        self.back_button.setAccessibleName(_("Back"))
        for bound in self.bounds.values():
            bound.retranslate()
        for group in self.groups.values():
            group.retranslate()
        for label, text in self._headings:
            label.setText(_(text))
        for label, text, pair in self._pair_labels:
            label.setText(_(text))
            for bound in pair:
                bound.retranslate(
                    _("{group}: {field}").format(group=_(text), field=_(bound.field.label))
                )
        self.busy.setAccessibleName(_("Working"))
        self._update_step_texts()

    def _update_step_texts(self) -> None:
        index = self.pages.currentIndex()
        step = F.STEPS[index]
        self.step_label.setText(
            _("Step {number} of {total}: {title}").format(
                number=index + 1, total=len(F.STEPS), title=_(step.title)
            )
        )
        self.step_label.setAccessibleName(self.step_label.text())
        if self.mode == MODE_EDIT and step is F.SUMMARY:
            self.intro.setText(_("Check the changes, then save them."))
        else:
            self.intro.setText(_(step.intro))
        last = index == len(F.STEPS) - 1
        if last:
            text = _("Save changes") if self.mode == MODE_EDIT else _("Register the child")
            # The key is shown as on every other step (walkthrough I2); Alt+N and Enter
            # register, so no second key is added.
            self.next_button.setText(text if self.mode == MODE_EDIT else f"{text} (Alt+N)")
            self.next_button.setAccessibleName(text)
        else:
            self.next_button.setText(_("Next (Alt+N)"))
            self.next_button.setAccessibleName(_("Next"))
        self.back_button.setEnabled(index > 0 and not self._busy)

    # ---- session ------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._generation += 1
        self._session = session
        if session is None:
            self.autosave.stop()
            self._close_duplicate_dialog()
            self.set_busy(False)

    @property
    def session(self) -> Session | None:
        return self._session

    # ---- state --------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        found: dict[str, Any] = {key: bound.value() for key, bound in self.bounds.items()}
        for key, group in self.groups.items():
            found[key] = group.value()
        return found

    def set_state(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            for key, bound in self.bounds.items():
                bound.set_value(state.get(key))
            for key, group in self.groups.items():
                group.set_value(state.get(key))
        finally:
            self._loading = False
        self._fix_tab_order()
        self.retranslate()
        self.clear_problems()

    def payload(self) -> dict[str, Any]:
        """What a draft holds: the typed form, and the names for the list of drafts."""
        state = self.state()
        return {
            "names": {"given": state["names.given"], "family": state["names.family"]},
            "form": state,
            "latin_edited": dict(self._latin_edited),
        }

    def has_content(self) -> bool:
        return self._changes > 0

    def _reset(self, mode: str) -> None:
        self.autosave.stop()
        self._close_duplicate_dialog()
        self.mode = mode
        self._show_special_rows(True)
        self.set_state({})
        self._latin_edited = dict.fromkeys(LATIN_FIELDS.values(), False)
        self._changes = self._saved_changes = 0
        self.saved_label.clear()
        self.message.clear()
        self.set_busy(False)

    def start_new(self) -> None:
        self._reset(MODE_INTAKE)
        self.draft_id = str(uuid.uuid4())
        self.case_id = None
        if self._session is not None:
            self._loading = True
            self.bounds["presence.officer"].set_value(self._session.user.name)
            self._loading = False
        self.show_step(0)

    def load_draft(self, draft_id: str, data: dict[str, Any], step: int) -> None:
        self._reset(MODE_INTAKE)
        self.draft_id = draft_id
        self.case_id = None
        self.set_state(data.get("form") or {})
        edited = data.get("latin_edited") or {}
        self._latin_edited = {k: bool(edited.get(k)) for k in LATIN_FIELDS.values()}
        self.show_step(max(0, min(step, len(F.STEPS) - 1)))

    def may_read_special(self) -> bool:
        session = self._session
        return session is not None and session.may(Permission.READ_SPECIAL_CATEGORIES)

    def _show_special_rows(self, visible: bool) -> None:
        """Ethnicity and religion: typed at intake; in a registered case shown only to
        those who may read them (the service refuses the others anyway)."""
        for label in self._special_rows:
            form = label.parentWidget().layout()
            if isinstance(form, QFormLayout):
                form.setRowVisible(label, visible)

    def start_edit(self, case_id: str, case_number: str, draft: CaseDraft) -> None:
        self._reset(MODE_EDIT)
        self.case_id = case_id
        self.case_number = case_number
        self.draft_id = None
        state = F.draft_to_form(draft)
        readable = self.may_read_special()
        if readable and self._session is not None:
            try:
                state.update(
                    F.special_to_form(
                        special_service.read_special_categories(self._session, case_id)
                    )
                )
            except HarbourError as exc:
                self.message.show_message(error_text(exc))
                readable = False
        self._show_special_rows(readable)
        self.set_state(state)
        self._latin_edited = dict.fromkeys(LATIN_FIELDS.values(), True)
        self.retranslate()
        self.show_step(0)

    def clear(self) -> None:
        """Forget everything typed (at lock and sign-out, after the draft is saved)."""
        self._reset(MODE_INTAKE)
        self.draft_id = None
        self.case_id = None
        self.show_step(0)

    # ---- changes, Latin proposals, drafts -------------------------------------------------

    def _on_form_changed(self) -> None:
        if self._loading:
            return
        self._changes += 1
        if self.mode == MODE_INTAKE and self._session is not None:
            self.autosave.start()

    def _on_original_name_edited(self, key: str, text: str) -> None:
        """[R2] Propose a Latin spelling as the officer types, unless they wrote their own."""
        latin_key = LATIN_FIELDS[key]
        if self._latin_edited.get(latin_key):
            return
        proposal = case_service.propose_latin(text.strip()) if text.strip() else ""
        if proposal == text.strip():
            proposal = ""  # already in Latin letters: nothing to propose
        latin = self.bounds[latin_key].widget
        assert isinstance(latin, QLineEdit)
        if latin.text() != proposal:
            latin.setText(proposal)

    def _on_latin_name_edited(self, key: str, text: str) -> None:
        self._latin_edited[key] = bool(text.strip())

    def _on_autosave_timeout(self) -> None:
        self.save_draft()

    def save_draft(self) -> str | None:
        """Save the typed form as an encrypted draft now, if anything changed.

        A draft is one small record, so it is written on the GUI thread: that keeps its
        order with registration and the lock strict (nothing in flight can write after).
        """
        self.autosave.stop()
        session = self._session
        if (
            session is None
            or self.mode != MODE_INTAKE
            or self.draft_id is None
            or self._changes == self._saved_changes
        ):
            return None
        changes = self._changes
        try:
            case_service.save_draft(
                session, self.payload(), step=self.pages.currentIndex(), draft_id=self.draft_id
            )
        except HarbourError as exc:
            self.message.show_message(error_text(exc))
            return None
        self._saved_changes = changes
        self.saved_label.setText(
            _("Draft saved at {time}").format(time=dt.datetime.now().strftime("%H:%M"))
        )
        self.draft_saved.emit(self.draft_id)
        return self.draft_id

    # ---- navigation ---------------------------------------------------------------------

    def current_step(self) -> int:
        return self.pages.currentIndex()

    def show_step(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if F.STEPS[index] is F.SUMMARY:
            conversion = self.convert()
            readable = self.mode == MODE_INTAKE or self.may_read_special()
            self.summary.show_case(
                conversion.draft, special=conversion.special if readable else None
            )
        self._update_step_texts()
        self.step_changed.emit(index)
        self.focus_first_field()

    def focus_first_field(self) -> None:
        chain = self._step_chain(F.STEPS[self.current_step()])
        target = chain[0] if chain else self.next_button
        target.setFocus(Qt.FocusReason.TabFocusReason)
        # A step reached by the keyboard: the focus frame shows where it is (walkthrough
        # I5). Qt draws it after a keyboard focus change only, and the field may already
        # hold the focus (given to it when the previous step's field was hidden).
        target.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
        target.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.go_next()
            event.accept()
            return
        super().keyPressEvent(event)

    def go_back(self) -> None:
        if self._busy or self.current_step() == 0:
            return
        self.message.clear()
        self.save_draft()
        self.show_step(self.current_step() - 1)

    def go_next(self) -> None:
        if self._busy:
            return
        index = self.current_step()
        if index == len(F.STEPS) - 1:
            self.finish()
            return
        if not self.check_step(index):
            return
        self.message.clear()
        self.save_draft()
        self.show_step(index + 1)

    def convert(self) -> F.Conversion:
        conversion = F.form_to_draft(self.state())
        self._consent_keys = conversion.consent_keys
        return conversion

    def check_step(self, index: int) -> bool:
        problems = {k: v for k, v in self.convert().problems.items() if F.step_of_key(k) == index}
        self.show_problems(problems, step=index)
        return not problems

    # ---- problems beside their fields ----------------------------------------------------

    def _target(self, key: str) -> tuple[MessageLabel, QWidget | None] | None:
        if key in self.bounds:
            bound = self.bounds[key]
            return bound.message, bound.focus_widget()
        for group in self.groups.values():
            bounds = group.bounds()
            if key in bounds:
                return bounds[key].message, bounds[key].focus_widget()
            if key == group.spec.key:
                chain = group.focus_chain()
                return group.message, chain[0] if chain else None
        if key == "needs":
            first = self.bounds[f"needs.{next(iter(F.labels.CONCERN))}.urgency"]
            return first.message, first.focus_widget()
        if "." in key:
            return self._target(key.rsplit(".", 1)[0])
        return None

    def clear_problems(self) -> None:
        for bound in self.bounds.values():
            bound.message.clear()
        for group in self.groups.values():
            group.message.clear()
            for bound in group.bounds().values():
                bound.message.clear()

    def show_problems(self, problems: dict[str, str], *, step: int | None = None) -> None:
        """Show each problem beside its field and focus the first bad field in reading order."""
        self.clear_problems()
        targets: dict[str, tuple[MessageLabel, QWidget | None]] = {}
        for key, text in problems.items():
            target = self._target(key)
            if target is None:
                log.warning("a problem without a field: %s", key)
                self.message.show_message(text)
                continue
            target[0].show_message(text)
            targets[key] = target
        if not targets:
            return
        order = self.keys_in_order(step if step is not None else self.current_step())
        first = min(
            targets,
            key=lambda k: next(
                (i for i, o in enumerate(order) if k == o or k.startswith(o + ".")), len(order)
            ),
        )
        widget = targets[first][1]
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            scroll = self.pages.currentWidget()
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(widget)
        self.message.show_message(_("Some fields need attention; see the messages beside them."))

    def _show_all_problems(self, problems: dict[str, str]) -> None:
        """Go to the first step with a problem and show that step's problems."""
        first_step = min(F.step_of_key(k) for k in problems)
        self.pages.setCurrentIndex(first_step)
        self._update_step_texts()
        self.step_changed.emit(first_step)
        self.show_problems(
            {k: v for k, v in problems.items() if F.step_of_key(k) == first_step}, step=first_step
        )

    # ---- finishing ----------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.next_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy and self.current_step() > 0)

    def finish(self) -> None:
        session = self._session
        if session is None or self._busy:
            return
        conversion = self.convert()
        if conversion.problems:
            self._show_all_problems(conversion.problems)
            return
        draft = conversion.draft
        self._special = special = conversion.special
        generation = self._generation
        self.set_busy(True)
        if self.mode == MODE_EDIT:
            case_id = self.case_id
            assert case_id is not None
            readable = self.may_read_special()

            def update() -> None:
                case_service.update_case(session, case_id, draft)
                if readable:
                    special_service.record_special_categories(session, case_id, special)

            self._ops.run(
                update,
                on_success=lambda _changed: self._when(generation, self._on_updated),
                on_failure=lambda exc: self._when(generation, self._on_save_failed, exc),
            )
            return
        self.save_draft()
        self.message.show_message(_("Looking for children already registered…"))
        self.message.setVisible(True)
        self._ops.run(
            lambda: case_service.find_duplicates(session, draft),
            on_success=lambda found: self._when(
                generation, self._on_duplicates_found, draft, found
            ),
            on_failure=lambda exc: self._when(generation, self._on_save_failed, exc),
        )

    def _when(self, generation: int, fn: Any, *args: Any) -> None:
        """Run a callback only if the session it was started in is still the current one."""
        if generation == self._generation and self._session is not None:
            fn(*args)

    def _on_duplicates_found(self, draft: CaseDraft, found: list[Any]) -> None:
        self.message.clear()
        if not found:
            self.register(draft)
            return
        self.set_busy(False)
        assert self._session is not None
        dialog = DuplicateDialog(self._session, self._ops, draft, found, self)
        dialog.decided.connect(
            lambda case_id, same, reason: self._on_duplicate_decided(draft, case_id, same, reason)
        )
        dialog.finished.connect(self._on_duplicate_dialog_finished)
        self.duplicate_dialog = dialog
        dialog.open()

    def _on_duplicate_decided(
        self, draft: CaseDraft, case_id: str, same: bool, reason: str
    ) -> None:
        """[R5] "Different child" registers this one with the decision; "same child"
        registers nothing: the registered case opens with this intake's details offered
        as changes (the draft is saved first, so nothing typed is lost)."""
        if not same:
            self.register(draft, (case_id, False, reason))
            return
        dialog = self.duplicate_dialog
        current = dialog.current if dialog is not None else None
        number = current.row.case_number if current is not None else ""
        self.save_draft()
        self.same_child_chosen.emit(case_id, number, reason)

    def discard_typed(self) -> None:
        """Leave the intake without saving it again (its draft was kept or discarded by
        the merge into a registered case)."""
        self._reset(MODE_INTAKE)
        self.draft_id = None
        self.case_id = None
        self.show_step(0)

    def _on_duplicate_dialog_finished(self, _result: int) -> None:
        dialog, self.duplicate_dialog = self.duplicate_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if not self._busy:
            self.next_button.setFocus()

    def _close_duplicate_dialog(self) -> None:
        if self.duplicate_dialog is not None:
            dialog, self.duplicate_dialog = self.duplicate_dialog, None
            dialog.reject()
            dialog.deleteLater()

    def register(self, draft: CaseDraft, decision: tuple[str, bool, str] | None = None) -> None:
        """Register the child; with a duplicate decision, record it too [R5]."""
        session = self._session
        if session is None:
            return
        draft_id = self.draft_id
        generation = self._generation
        special = self._special
        self.autosave.stop()
        self.set_busy(True)

        def work() -> str:
            # One call, one transaction: the case, its special categories and the
            # duplicate decision are saved together or not at all (issue 14).
            row = case_service.register_case(
                session,
                draft,
                draft_id=draft_id,
                special=None if special.is_empty() else special,
                decision=case_service.DuplicateDecision(*decision) if decision else None,
            )
            return row.id

        self._ops.run(
            work,
            on_success=lambda case_id: self._when(generation, self._on_registered, case_id),
            on_failure=lambda exc: self._when(generation, self._on_save_failed, exc),
        )

    def _on_registered(self, case_id: str) -> None:
        self._close_duplicate_dialog()
        self._reset(MODE_INTAKE)
        self.draft_id = None
        self.show_step(0)
        self.registered.emit(case_id)

    def _on_updated(self) -> None:
        case_id = self.case_id or ""
        self._reset(MODE_INTAKE)
        self.case_id = None
        self.show_step(0)
        self.updated.emit(case_id)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, case_service.CaseInvalid):
            problems = {
                F.form_key(path, self._consent_keys): text for path, text in exc.messages().items()
            }
            self._show_all_problems(problems)
        else:
            self.message.show_message(error_text(exc))

    def _on_close_button_clicked(self) -> None:
        if self._busy:
            return
        if self.mode == MODE_INTAKE:
            self.save_draft()
        self._reset(MODE_INTAKE)
        self.draft_id = None
        self.case_id = None
        self.show_step(0)
        self.closed.emit()
