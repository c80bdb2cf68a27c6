"""The staff side of the information screens: choose, present, add notes, record.

Staff see the review status of each topic in the chosen language ("draft, not yet checked
by a qualified translator" or "reviewed by NAME on DATE"); the child never does. An
interpreter types the case number the officer gave them and can record the session
without being able to read the case; an officer may also pick the number from a list.
After the presenter closes, a short form takes free notes and the session is saved in
the case through ``information.record_session``. The confirmation shows no case data.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.information import ChildAnswer, InformationSession, Review, ReviewStatus, Topic
from app.domain.roles import Permission, Role
from app.errors import HarbourError
from app.i18n import active_language, format_date, native_name
from app.i18n.names import language_name
from app.services import cases as case_service
from app.services import information
from app.services.session import Session
from ui.common import MessageLabel, Page, _, directional, heading, isolate, language_label
from ui.operations import OperationRunner, error_text
from ui.presenter.voice import Voice, describe
from ui.presenter.window import HOLD_MS, Presentation, PresenterWindow

CODE = Qt.ItemDataRole.UserRole
CASE_NUMBERS_SHOWN = 2000


def staff_language_name(code: str) -> str:
    """A content language named in the staff member's UI language (never raises: Dari,
    which CLDR does not know as "prs", included)."""
    return language_name(code)


def review_text(review: Review) -> str:
    if review.status == ReviewStatus.SOURCE:
        return _("Original text")
    if review.status == ReviewStatus.REVIEWED and review.by and review.date is not None:
        return _("Reviewed by {name} on {date}").format(
            name=isolate(review.by), date=isolate(format_date(review.date))
        )
    return _("Draft, not yet checked by a qualified translator")


def _record(session: Session, record: InformationSession, case_number: str) -> str:
    return information.record_session(session, record, case_number=case_number)


def _case_numbers(session: Session, text: str = "") -> list[str]:
    """Open cases' numbers as the case list finds them for ``text`` (all of them, newest
    first, for no text). The completer then offers those that contain what was typed."""
    rows = case_service.query_cases(
        session, case_service.CaseQuery(text=text.strip(), status="open"), limit=CASE_NUMBERS_SHOWN
    )
    return [row.case_number for row in rows]


def _form_rows(form: QFormLayout, fields: list[QWidget]) -> dict[QWidget, QLabel]:
    labels = {}
    for field in fields:
        label = QLabel(field.parentWidget())
        label.setBuddy(field)
        form.addRow(label, field)
        labels[field] = label
    return labels


class SetupPanel(Page):
    """Language, topics, simple version, case number, interpreter, Start."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = heading(self)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self.languages = QListWidget(self)
        self.languages.setMinimumWidth(200)
        self.voice_label = QLabel(self)  # what can read the chosen language aloud
        self.voice_label.setWordWrap(True)
        self.voice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.topics = QTreeWidget(self)
        self.topics.setColumnCount(2)
        self.topics.setRootIsDecorated(False)
        self.topics.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.topics.header().setStretchLastSection(True)
        self.all_topics = QCheckBox(self)
        self.all_topics.setChecked(True)
        self.all_topics.toggled.connect(self._on_all_topics_toggled)
        self.simple = QCheckBox(self)
        self.case_number = QLineEdit(self)
        self.case_number.setMaxLength(40)
        self.interpreter_name = QLineEdit(self)
        self.interpreter_name.setMaxLength(120)
        self.interpreter_language = QComboBox(self)
        self.interpreter_language.setEditable(True)
        # Walkthrough N3: "arabic" found nothing (the default completer matches the start
        # of "العربية — Arabic"); any part of the name in either script finds it.
        self.interpreter_language.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.interpreter_language.completer().setCompletionMode(
            QCompleter.CompletionMode.PopupCompletion
        )
        self.message = MessageLabel(parent=self)
        self.start_button = QPushButton(self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        self.case_number.returnPressed.connect(self.start_requested)

        self._language_label = QLabel(self)
        self._language_label.setBuddy(self.languages)
        self._topics_label = QLabel(self)
        self._topics_label.setBuddy(self.topics)
        self.form = QFormLayout()
        self.form.addRow(self.simple)
        self._labels = _form_rows(
            self.form, [self.case_number, self.interpreter_name, self.interpreter_language]
        )

        left = QVBoxLayout()
        left.addWidget(self._language_label)
        left.addWidget(self.languages, 1)
        left.addWidget(self.voice_label)
        right = QVBoxLayout()
        right.addWidget(self._topics_label)
        right.addWidget(self.topics, 1)
        right.addWidget(self.all_topics)
        lists = QHBoxLayout()
        lists.addLayout(left)
        lists.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addLayout(lists, 1)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setTabOrder(self.languages, self.topics)
        self.setTabOrder(self.topics, self.all_topics)
        self.setTabOrder(self.all_topics, self.simple)
        self.setTabOrder(self.simple, self.case_number)
        self.setTabOrder(self.case_number, self.interpreter_name)
        self.setTabOrder(self.interpreter_name, self.interpreter_language)
        self.setTabOrder(self.interpreter_language, self.start_button)
        self.retranslate()

    def _on_all_topics_toggled(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.topics.topLevelItemCount()):
            self.topics.topLevelItem(row).setCheckState(0, state)

    def retranslate(self) -> None:
        self._title.setText(_("Information for a child"))
        self._intro.setText(
            _(
                "Choose the child's language and the topics, then start presenting on the "
                "screen the child sees. Nothing about the case is shown there."
            )
        )
        self._language_label.setText(_("Child's &language"))
        self.languages.setAccessibleName(_("Child's language"))
        self._topics_label.setText(_("&Topics and review of the translation"))
        self.topics.setAccessibleName(_("Topics"))
        self.topics.setHeaderLabels([_("Topic"), _("Translation")])
        self.all_topics.setText(_("All topics"))
        self.simple.setText(_("&Simple version for young children"))
        for field, text in (
            (self.case_number, _("&Case number")),
            (self.interpreter_name, _("&Interpreter")),
            (self.interpreter_language, _("Interpreter's lan&guage")),
        ):
            self._labels[field].setText(text)
            field.setAccessibleName(text.replace("&", ""))
        self.start_button.setText(_("Start &presenting"))
        self.start_button.setAccessibleName(_("Start presenting"))
        for row in range(self.languages.count()):
            item = self.languages.item(row)
            item.setText(language_label(item.data(CODE)))
            item.setToolTip(staff_language_name(item.data(CODE)))
        combo = self.interpreter_language
        for index in range(combo.count()):
            combo.setItemText(index, language_label(combo.itemData(index)))

    def interpreter_language_code(self) -> str:
        """The interpreter's language as recorded: the chosen item's code, or the text
        typed; nothing when no interpreter is named (walkthrough N3: "English" was recorded
        for sessions without any interpreter, a value nobody chose)."""
        if not self.interpreter_name.text().strip():
            return ""
        combo = self.interpreter_language
        typed = combo.currentText().strip()
        if combo.currentIndex() >= 0 and typed == combo.itemText(combo.currentIndex()):
            return str(combo.currentData() or typed)
        return typed


class NotesPanel(Page):
    """After the presenter: what was shown, free notes, and Save to the case."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = heading(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.case_number = QLineEdit(self)
        self.case_number.setMaxLength(40)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.message = MessageLabel(parent=self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_requested)
        self.form = QFormLayout()
        self._labels = _form_rows(self.form, [self.case_number, self.notes])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.summary)
        layout.addLayout(self.form, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Notes on the session"))
        for field, text in (
            (self.case_number, _("&Case number")),
            (self.notes, _("&Notes (what the child asked, what was explained)")),
        ):
            self._labels[field].setText(text)
            field.setAccessibleName(text.replace("&", ""))
        self.save_button.setText(_("&Save to the case"))
        self.save_button.setAccessibleName(_("Save to the case"))


class DonePanel(Page):
    again_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = heading(self)
        self.message = MessageLabel(MessageLabel.INFO, self)
        self.again_button = QPushButton(self)
        self.again_button.clicked.connect(self.again_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Session saved"))
        self.again_button.setText(_("Start another &session"))
        self.again_button.setAccessibleName(_("Start another session"))


class InformationPage(Page):
    """The Information section of the main window."""

    presenter_opened = Signal(object)
    session_recorded = Signal(str)

    def __init__(
        self,
        operations: OperationRunner,
        parent: QWidget | None = None,
        *,
        voice: Voice | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._user_id = ""
        self._generation = 0
        self._languages: list[information.ContentLanguage] = []
        self.presenter: PresenterWindow | None = None
        self._pending: tuple[str, Presentation] | None = None  # (user id, result)
        self._shown_result: Presentation | None = None  # summarised on the notes panel
        self.full_screen = True
        self.hold_ms = HOLD_MS  # how long staff hold the Staff control to end a session
        self.setup = SetupPanel(self)
        self.notes = NotesPanel(self)
        self.done = DonePanel(self)
        self.stack = QStackedWidget(self)
        for panel in (self.setup, self.notes, self.done):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setup.start_requested.connect(self.start)
        self.setup.languages.currentItemChanged.connect(self._on_languages_current_item_changed)
        self.notes.save_requested.connect(self.save)
        self.done.again_requested.connect(self._on_done_again_requested)
        self._completer = QCompleter(QStringListModel(self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._case_numbers_timer = QTimer(self)
        self._case_numbers_timer.setSingleShot(True)
        self._case_numbers_timer.setInterval(250)
        self._case_numbers_timer.timeout.connect(self._on_case_numbers_timer_timeout)
        for field in (self.setup.case_number, self.notes.case_number):
            field.textEdited.connect(self._on_case_number_text_edited)
            field.installEventFilter(self)
        # One voice process for the page, started when the page is first shown: the system's
        # engine takes seconds to list its voices, and the presenter then knows at once.
        self.voice = voice if voice is not None else Voice(self)
        self.voice.changed.connect(self._show_voice)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.voice.shutdown_and_wait)
        self._fill_languages()
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        self.voice.start()
        super().showEvent(event)

    def _show_voice(self) -> None:
        code = self.language_code()
        text = describe(self.voice, code, list(self._staff_topics())) if code else ""
        self.setup.voice_label.setText(text)
        self.setup.voice_label.setAccessibleName(text)

    # ---- session ------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        self._generation += 1
        if self._user_id and self._user_id != session.user.id:
            # Another person signed in: nothing the previous one typed stays on screen, and
            # their notes (the shell warned before the switch) belong to them alone.
            self.clear_inputs()
        self._session = session
        self._user_id = session.user.id
        setup = self.setup
        if session.user.role == Role.INTERPRETER and not setup.interpreter_name.text():
            setup.interpreter_name.setText(session.user.name)
        if session.may(Permission.READ_CASE):
            setup.case_number.setCompleter(self._completer)
            self.notes.case_number.setCompleter(self._completer)
            self.refresh_case_numbers()
        else:
            setup.case_number.setCompleter(None)
            self.notes.case_number.setCompleter(None)

    def clear_session(self) -> None:
        """At lock and sign-out. A finished presentation waiting for its notes is kept
        for the same staff member (it holds nothing read from the vault)."""
        self._generation += 1
        self._session = None
        self._case_numbers_timer.stop()
        self._completer.model().setStringList([])

    def has_unsaved_notes(self) -> bool:
        """A session was presented and its record (with any notes typed) is not saved."""
        return self._pending is not None

    def clear_inputs(self) -> None:
        """Forget what the previous user typed and any session they did not save."""
        self._pending = None
        setup, notes = self.setup, self.notes
        for field in (setup.case_number, setup.interpreter_name, notes.case_number):
            field.clear()
        notes.notes.clear()
        notes.summary.clear()
        self._shown_result = None
        for message in (setup.message, notes.message, self.done.message):
            message.clear()
        setup.simple.setChecked(False)
        setup.all_topics.setChecked(True)
        self._on_all_topics_toggled_again()
        code = self.language_code()
        index = setup.interpreter_language.findData(code)
        if index >= 0:
            setup.interpreter_language.setCurrentIndex(index)
        self.stack.setCurrentWidget(setup)

    def _on_all_topics_toggled_again(self) -> None:
        self.setup._on_all_topics_toggled(self.setup.all_topics.isChecked())

    # ---- case numbers, read from the vault as staff type -----------------------------

    def refresh_case_numbers(self, text: str = "") -> None:
        """Offer the open cases' numbers, read now: children registered since sign-in (on
        this computer or by sync) are offered too. A typed prefix narrows the read."""
        session = self._session
        if session is None or not session.may(Permission.READ_CASE):
            return
        self._generation += 1
        generation = self._generation
        self._ops.run(
            lambda: _case_numbers(session, text),
            on_success=lambda numbers: self._on_case_numbers_loaded(generation, numbers),
            on_failure=lambda _exc: None,
        )

    def _on_case_numbers_loaded(self, generation: int, numbers: list[str]) -> None:
        if generation == self._generation and self._session is not None:
            self._completer.model().setStringList(numbers)

    def _on_case_number_text_edited(self, _text: str) -> None:
        self._case_numbers_timer.start()

    def _on_case_numbers_timer_timeout(self) -> None:
        field = self.focusWidget()
        if field not in (self.setup.case_number, self.notes.case_number):
            field = self.setup.case_number
        self.refresh_case_numbers(field.text())  # type: ignore[union-attr]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (
            self.setup.case_number,
            self.notes.case_number,
        ):
            self.refresh_case_numbers(watched.text())  # type: ignore[attr-defined]
        return super().eventFilter(watched, event)

    # ---- choosing -----------------------------------------------------------------------

    def _fill_languages(self) -> None:
        setup = self.setup
        self._languages = []
        setup.languages.clear()
        setup.interpreter_language.clear()
        for lang in information.languages():
            complete = True
            try:
                information.topics(lang.code)
            except HarbourError:
                complete = False
            item = QListWidgetItem(language_label(lang.code))
            item.setData(CODE, lang.code)
            if complete:
                self._languages.append(lang)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            setup.languages.addItem(item)
            setup.interpreter_language.addItem(language_label(lang.code), lang.code)
        setup.languages.setCurrentRow(0)

    def language_code(self) -> str:
        item = self.setup.languages.currentItem()
        return item.data(CODE) if item is not None else ""

    def select_language(self, code: str) -> None:
        for row in range(self.setup.languages.count()):
            if self.setup.languages.item(row).data(CODE) == code:
                self.setup.languages.setCurrentRow(row)
                return

    def _on_languages_current_item_changed(self, current: QListWidgetItem | None, _p: Any) -> None:
        if current is None:
            return
        code = current.data(CODE)
        index = self.setup.interpreter_language.findData(code)
        if index >= 0:
            self.setup.interpreter_language.setCurrentIndex(index)
        self._fill_topics(code)
        self._show_voice()

    def _staff_topics(self) -> dict[str, Topic]:
        """Topic titles in the staff member's UI language when shipped, else English."""
        ui = active_language()
        for code in (ui, "en"):
            try:
                return {t.id: t for t in information.topics(code)}
            except HarbourError:
                continue
        return {}

    def _fill_topics(self, code: str) -> None:
        tree = self.setup.topics
        checked = {
            tree.topLevelItem(r).data(0, CODE): tree.topLevelItem(r).checkState(0)
            for r in range(tree.topLevelItemCount())
        }
        tree.clear()
        reviews = information.review_status(code)
        for topic_id, topic in self._staff_topics().items():
            item = QTreeWidgetItem([directional(topic.title), review_text(reviews[topic_id])])
            item.setData(0, CODE, topic_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, checked.get(topic_id, Qt.CheckState.Checked))
            tree.addTopLevelItem(item)

    def chosen_topics(self) -> list[str]:
        tree = self.setup.topics
        return [
            tree.topLevelItem(r).data(0, CODE)
            for r in range(tree.topLevelItemCount())
            if tree.topLevelItem(r).checkState(0) == Qt.CheckState.Checked
        ]

    # ---- presenting ---------------------------------------------------------------------

    def start(self) -> None:
        setup = self.setup
        setup.message.clear()
        code = self.language_code()
        topics = self.chosen_topics()
        if code not in {lang.code for lang in self._languages}:
            setup.message.show_translated(
                lambda: _("Choose a language the information is complete in.")
            )
            setup.languages.setFocus()
            return
        if not topics:
            setup.message.show_translated(lambda: _("Choose at least one topic."))
            setup.topics.setFocus()
            return
        if not setup.case_number.text().strip():
            setup.message.show_translated(
                lambda: _("Type the number of the child's case this session belongs to.")
            )
            setup.case_number.setFocus()
            return
        if self.presenter is not None:
            return
        presenter = PresenterWindow(
            code,
            topics,
            simple=setup.simple.isChecked(),
            languages=self._languages,
            parent=self,
            hold_ms=self.hold_ms,
            voice=self.voice,
        )
        presenter.ended.connect(self._on_presenter_ended)
        self.presenter = presenter
        setup.start_button.setEnabled(False)
        presenter.present(full_screen=self.full_screen)
        self.presenter_opened.emit(presenter)

    def _on_presenter_ended(self, result: Presentation) -> None:
        presenter, self.presenter = self.presenter, None
        if presenter is not None:
            presenter.deleteLater()
        self.setup.start_button.setEnabled(True)
        self._pending = (self._user_id, result)
        notes = self.notes
        notes.message.clear()
        notes.case_number.setText(self.setup.case_number.text().strip())
        others = [native_name(c) for c in result.languages_used[1:]]
        notes.notes.setPlainText(
            _("Also shown in: {languages}").format(languages=", ".join(others)) if others else ""
        )
        self._shown_result = result
        notes.summary.setText(self._summary(result))
        self.stack.setCurrentWidget(notes)
        self.window().activateWindow()
        notes.notes.setFocus()

    def _summary(self, result: Presentation) -> str:
        understood = sum(1 for s in result.screens if s.answer == ChildAnswer.UNDERSTOOD)
        questions = sum(1 for s in result.screens if s.answer == ChildAnswer.QUESTION)
        minutes = (result.ended_at - result.started_at).total_seconds() / 60
        # each name isolated on its own (walkthrough N6): one isolate round "العربية
        # (Arabic)" took the Arabic word's direction and read "(Arabic) العربية"
        native, staff = native_name(result.language), staff_language_name(result.language)
        named = (
            isolate(native)
            if native.casefold() == staff.casefold()
            else f"{isolate(native)} ({isolate(staff)})"
        )
        lines = [
            _("Language: {language}").format(language=named),
            _("Screens shown: {count}").format(count=len(result.screens)),
            _("Topics: {count}").format(count=len({s.topic_id for s in result.screens})),
            _("Answered “I understand”: {count}").format(count=understood),
            _("Answered “I have a question”: {count}").format(count=questions),
            _("Minutes: {minutes}").format(minutes=f"{minutes:.0f}"),
        ]
        return "\n".join(directional(line) for line in lines)

    # ---- recording ----------------------------------------------------------------------

    def save(self) -> None:
        session, pending = self._session, self._pending
        notes = self.notes
        notes.message.clear()
        if pending is None:
            return
        if session is None:
            notes.message.show_translated(lambda: _("Sign in again to save the session."))
            return
        number = notes.case_number.text().strip()
        if not number:
            notes.message.show_translated(
                lambda: _("Type the number of the child's case this session belongs to.")
            )
            notes.case_number.setFocus()
            return
        result = pending[1]
        setup = self.setup
        record = InformationSession(
            language=result.language,
            simple_version=result.simple_version,
            screens=result.screens,
            interpreter_name=setup.interpreter_name.text().strip(),
            interpreter_language=setup.interpreter_language_code(),
            notes=notes.notes.toPlainText().strip(),
            started_at=result.started_at,
            ended_at=result.ended_at,
        )
        notes.save_button.setEnabled(False)
        self._ops.run(
            lambda: _record(session, record, number),
            on_success=self._on_recorded,
            on_failure=self._on_record_failed,
        )

    def _on_recorded(self, record_id: str) -> None:
        self._pending = None
        self.notes.save_button.setEnabled(True)
        if self._session is not None and self._session.user.role == Role.INTERPRETER:
            # An interpreter holds no key to the case: the session is sealed for it and
            # joins it at the next sign-in of an officer or manager on this computer.
            self.done.message.show_translated(
                lambda: _(
                    "The information session is saved and sealed for the case. It joins the "
                    "case when an officer or a manager next signs in on this computer."
                )
            )
        else:
            self.done.message.show_translated(
                lambda: _("The information session is saved in the case.")
            )
        self.stack.setCurrentWidget(self.done)
        self.done.again_button.setFocus()
        self.session_recorded.emit(record_id)

    def _on_record_failed(self, exc: BaseException) -> None:
        self.notes.save_button.setEnabled(True)
        self.notes.message.show_translated(lambda: error_text(exc))
        self.notes.case_number.setFocus()

    def _on_done_again_requested(self) -> None:
        self.setup.case_number.clear()
        self.setup.message.clear()
        self.stack.setCurrentWidget(self.setup)
        self.setup.languages.setFocus()

    def retranslate(self) -> None:
        self.setAccessibleName(_("Information"))
        if self._shown_result is not None and self.notes.summary.text():
            self.notes.summary.setText(self._summary(self._shown_result))
        code = self.language_code()
        if code:
            self._fill_topics(code)
        self._show_voice()
