"""The presenter: full-screen child-friendly screens facing the child.

Nothing about the case is given to this window (no name, no number): it knows the
language, the topics and whether to use the simple version, and it hands back what was
shown, for how long and what the child answered. The child can switch the language on
the screen; the place is kept. Leaving needs the staff member: the small "Staff" control
must be held down for three seconds, then "End the session" confirmed. Escape and the
window's close button only show that hint, so no single key a child could hit ends it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.information import ChildAnswer, ScreenShown, Topic
from app.errors import HarbourError
from app.i18n import (
    INFORMATION_DOMAIN,
    N_,
    format_count,
    translations_for,
)
from app.services import information
from ui.common import _
from ui.fonts import ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY, LATIN_FAMILY, UI_FAMILIES
from ui.presenter import symbols
from ui.presenter.hold import HoldButton
from ui.presenter.voice import RECORDING, SPEECH, Voice, describe

HOLD_MS = 3000
_KEYS = frozenset(
    {Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Escape}
)
STAFF_BAR_MS = 15_000

BACKGROUND = "#FBF8F1"
INK = "#1F2A44"

# Child-facing words on the buttons, in the shown language: its information catalog
# (msgctxt "presenter.<key>"), else its UI catalog, else English beside the symbol, which
# carries the meaning on its own.
CHILD_WORDS = {
    "understood": N_("I understand"),
    "question": N_("I have a question"),
    "next": N_("Next"),
    "back": N_("Back"),
    "read": N_("Read aloud"),
    "play": N_("Play recording"),
    "stop": N_("Stop reading"),
}


def families_for(language: str, rtl: bool) -> list[str]:
    """Font families for a content language, the script's own family first.

    The same families as the rest of the interface (ui/fonts.py): Harbour's UI copies of
    Noto Sans Arabic and Ethiopic, whose letters look as large as Latin ones at the same
    size (tools/ui_fonts.py), so a child reading Arabic-script or Tigrinya text gets
    letters as legible as a child reading Latin. Urdu included: the presenter never had a
    Nastaliq face (documents set Urdu in Noto Nastaliq Urdu, app/reports/fonts.py)."""
    if language == "ti":
        return [ETHIOPIC_UI_FAMILY, LATIN_FAMILY, ARABIC_UI_FAMILY]
    if rtl:
        return [ARABIC_UI_FAMILY, LATIN_FAMILY, ETHIOPIC_UI_FAMILY]
    return list(UI_FAMILIES)


def screens_of(topic: Topic, simple: bool) -> list:
    return list(topic.simple) if simple and topic.simple else list(topic.screens)


@dataclass
class Presentation:
    """What the presenter hands back: no case data, only what was shown and answered."""

    language: str
    simple_version: bool
    screens: list[ScreenShown]
    languages_used: list[str]
    started_at: dt.datetime
    ended_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def ink_margin(px: int) -> int:
    """Room kept round text at ``px`` for ink outside the glyphs' advances and the line:
    a final ن or ي of Arabic script reaches past the end of its line, marks and tails above
    and below it (more so in the UI's scaled Arabic, ui/fonts.py)."""
    return max(2, round(px * 0.2))


class FitText(QWidget):
    """Word-wrapped text drawn at the largest pixel size (up to a maximum) that fits, with
    room round it for ink that overhangs the line (``ink_margin``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._max_px = 32
        self._min_px = 12
        self._fitted = QFont(self.font())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def text(self) -> str:
        return self._text

    def fitted_font(self) -> QFont:
        return QFont(self._fitted)

    def set_text(self, text: str) -> None:
        self._text = text
        self.setAccessibleName(text)
        self._fit()

    def set_size_range(self, min_px: int, max_px: int) -> None:
        self._min_px, self._max_px = max(8, min_px), max(8, min_px, max_px)
        self._fit()

    def _fit(self) -> None:
        width, height = self.contentsRect().width(), self.contentsRect().height()
        best = self._min_px
        if width > 0 and height > 0 and self._text:
            flags = int(Qt.TextFlag.TextWordWrap)
            low, high = self._min_px, self._max_px
            font = QFont(self.font())
            while low <= high:
                middle = (low + high) // 2
                font.setPixelSize(middle)
                margin = ink_margin(middle)
                inner_w, inner_h = width - 2 * margin, height - 2 * margin
                box = QFontMetrics(font).boundingRect(
                    QRect(0, 0, max(1, inner_w), 1 << 20), flags, self._text
                )
                if 0 < box.width() <= inner_w and box.height() <= inner_h:
                    best, low = middle, middle + 1
                else:
                    high = middle - 1
        self._fitted = QFont(self.font())
        self._fitted.setPixelSize(best)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.LayoutDirectionChange):
            self._fit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self._fitted)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        option.setTextDirection(self.layoutDirection())
        margin = ink_margin(self._fitted.pixelSize())
        inner = self.contentsRect().adjusted(margin, margin, -margin, -margin)
        painter.drawText(QRectF(inner), self._text, option)
        painter.end()


class PictogramView(QWidget):
    """An SVG pictogram drawn square and centred, as large as the space allows."""

    _renderers: ClassVar[dict[Path, QSvgRenderer]] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer: QSvgRenderer | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def set_path(self, path: Path) -> None:
        renderer = self._renderers.get(path)
        if renderer is None:
            renderer = QSvgRenderer(str(path))
            self._renderers[path] = renderer
        if renderer is not self._renderer:
            self._renderer = renderer
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._renderer is None or not self._renderer.isValid():
            return
        side = min(self.width(), self.height())
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, box)
        painter.end()


class PresenterWindow(QWidget):
    """The child's screen. ``ended`` carries a ``Presentation`` once staff end it."""

    ended = Signal(object)
    language_switched = Signal(str)
    page_changed = Signal(int)

    def __init__(
        self,
        language: str,
        topic_ids: Sequence[str] | None = None,
        *,
        simple: bool = False,
        languages: Sequence[information.ContentLanguage] | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        hold_ms: int = HOLD_MS,
        voice: Voice | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._clock = clock
        self._simple = simple
        self._languages = list(languages) if languages is not None else information.languages()
        self._rtl = {lang.code: lang.rtl for lang in self._languages}
        self._language = ""
        self._topics: dict[str, Topic] = {}
        wanted = list(topic_ids) if topic_ids else None
        first = {t.id: t for t in information.topics(language)}
        order = wanted or list(first)
        self._plan: list[tuple[str, int]] = [
            (tid, i)
            for tid in order
            if tid in first
            for i in range(len(screens_of(first[tid], simple)))
        ]
        if not self._plan:
            raise ValueError("no screens to present")
        self._index = 0
        self._since: float | None = None
        self._shown: dict[tuple[str, int], list] = {}  # (topic, screen) -> [id, seconds, answer]
        self._used: list[str] = []
        self._started = dt.datetime.now(dt.UTC)
        self._may_close = False
        self._finished = False
        self._owns_voice = voice is None  # else the launcher's, kept running between sessions
        self.voice = voice if voice is not None else Voice(self)
        self.voice.changed.connect(self._show_current_voice)
        self.voice.speaking_changed.connect(self._show_current_voice)

        self.setWindowTitle("Harbour")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
        palette.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

        # language switch: each name in its own script
        self.language_bar = QWidget(self)
        bar = QHBoxLayout(self.language_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in self._languages:
            button = QPushButton(lang.native_name, self.language_bar)
            button.setCheckable(True)
            button.setFlat(True)
            button.setAccessibleName(lang.native_name)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _checked=False, c=lang.code: self.set_language(c))
            self.language_buttons[lang.code] = button
            bar.addWidget(button)
        bar.addStretch(1)
        # The staff's control is a symbol: nothing on the child's screen is in a language
        # the child did not choose. Its name (for screen readers) is in the staff's.
        self.staff_button = HoldButton(hold_ms, self)
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.setIcon(symbols.symbol_icon(symbols.STAFF))
        self.staff_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.staff_button.setAutoRaise(True)
        self.staff_button.held.connect(self._on_staff_button_held)

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.progress = QLabel(self)
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.picture = PictogramView(self)
        self.text = FitText(self)

        self.voice_button = QPushButton(self)
        self.voice_button.clicked.connect(self._on_voice_button_clicked)
        # Which voice reads (or that none does) is for staff, in their language: the
        # Information page says it before the session; here it is kept out of sight.
        self.voice_status = QLabel(self)
        self.voice_status.setVisible(False)
        # Escape or closing: the staff control lights up (no words on the child's screen);
        # the hint's text is its accessible description, in the staff's language.
        self.hint = QLabel(self)
        self.hint.setVisible(False)
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.setInterval(6000)
        self._hint_timer.timeout.connect(self._on_hint_timer_timeout)

        self.staff_bar = QFrame(self)
        self.staff_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.staff_question = QLabel(self.staff_bar)
        self.end_button = QPushButton(self.staff_bar)
        self.keep_button = QPushButton(self.staff_bar)
        self.end_button.clicked.connect(self.finish)
        self.keep_button.clicked.connect(self._hide_staff_bar)
        staff_layout = QHBoxLayout(self.staff_bar)
        staff_layout.addWidget(self.staff_question, 1)
        staff_layout.addWidget(self.keep_button)
        staff_layout.addWidget(self.end_button)
        self.staff_bar.setVisible(False)
        self._staff_timer = QTimer(self)
        self._staff_timer.setSingleShot(True)
        self._staff_timer.setInterval(STAFF_BAR_MS)
        self._staff_timer.timeout.connect(self._hide_staff_bar)

        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.understood_button = QPushButton(symbols.symbol_icon(symbols.UNDERSTOOD), "", self)
        self.question_button = QPushButton(symbols.symbol_icon(symbols.QUESTION), "", self)
        for button in (self.understood_button, self.question_button):
            button.setCheckable(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.understood_button.clicked.connect(lambda: self.answer(ChildAnswer.UNDERSTOOD))
        self.question_button.clicked.connect(lambda: self.answer(ChildAnswer.QUESTION))
        self.setStyleSheet(
            "QPushButton { border: 2px solid #9AA6BF; border-radius: 0.5em;"
            " background: white; padding: 0.25em 0.7em; }"
            "QPushButton:checked { background: #DCEFE4; border: 3px solid #2E8B57; }"
            "QPushButton:disabled { color: #B7BDCB; border-color: #DDE1EA; }"
            "QPushButton:focus { border: 3px solid #2F6DB5; }"
            'QPushButton[flat="true"] { border: none; background: transparent; }'
            'QPushButton[flat="true"]:checked { border-bottom: 4px solid #2F6DB5; }'
            'QToolButton[highlighted="true"] { border: 4px solid #E0A100; border-radius: 0.4em;'
            " background: #FFF4CC; }"
        )

        top = QHBoxLayout()
        top.addWidget(self.language_bar, 1)
        top.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignTop)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignTop)
        middle = QHBoxLayout()
        middle.addWidget(self.picture)
        middle.addSpacing(24)
        middle.addWidget(self.text, 1)
        voice = QHBoxLayout()
        voice.addWidget(self.voice_button)
        voice.addWidget(self.voice_status)
        voice.addStretch(1)
        voice.addWidget(self.hint, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.understood_button)
        bottom.addSpacing(24)
        bottom.addWidget(self.question_button)
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)
        self._layout = QVBoxLayout(self)
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.addLayout(top)
        self._layout.addLayout(heading)
        self._layout.addLayout(middle, 1)
        self._layout.addLayout(voice)
        self._layout.addWidget(self.staff_bar)
        self._layout.addLayout(bottom)

        # Tab in reading order: languages, reading aloud, then the row at the bottom.
        chain = [
            *self.language_buttons.values(),
            self.voice_button,
            self.keep_button,
            self.end_button,
            self.back_button,
            self.understood_button,
            self.question_button,
            self.next_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        # Buttons would use the arrows to move the focus: the window takes them first.
        for widget in self.findChildren(QAbstractButton):
            widget.installEventFilter(self)

        self._retranslate_staff()
        self.set_language(language)
        self._entry()
        self._since = self._clock()
        self._scale_fonts()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.LanguageChange:
            self._retranslate_staff()
            self._render()
        super().changeEvent(event)

    # ---- showing -------------------------------------------------------------------------

    def present(self, *, full_screen: bool = True) -> None:
        """Full screen on a second screen when there is one, else on the main screen."""
        screens = QGuiApplication.screens()
        anchor = self.parentWidget().window().screen() if self.parentWidget() else None
        target = QGuiApplication.primaryScreen()
        if len(screens) > 1:
            target = next((s for s in screens if s is not anchor), target)
        if target is not None:
            self.setScreen(target)
            self.move(target.geometry().topLeft())
            if not full_screen:
                self.resize(target.availableGeometry().size() * 0.9)
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.voice.start()  # looks for voices in its own process; the screen never waits
        self.activateWindow()
        self.next_button.setFocus()

    @property
    def language(self) -> str:
        return self._language

    @property
    def index(self) -> int:
        return self._index

    def page_count(self) -> int:
        return len(self._plan)

    def is_rtl(self) -> bool:
        return self._rtl.get(self._language, False)

    def current_screen_id(self) -> str:
        topic_id, i = self._plan[self._index]
        return screens_of(self._topics[topic_id], self._simple)[i].id

    def set_language(self, code: str) -> None:
        """Show the same place in another language (the switch on the child's screen)."""
        if code == self._language:
            self.language_buttons[code].setChecked(True)
            return
        try:
            topics = {t.id: t for t in information.topics(code)}
        except HarbourError:
            self.language_buttons[code].setChecked(False)
            return
        self.voice.stop()  # the reading was in the other language
        self._language = code
        self._topics = topics
        if code not in self._used:
            self._used.append(code)
        for other, button in self.language_buttons.items():
            button.setChecked(other == code)
        rtl = self.is_rtl()
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        font = QFont(self.font())
        font.setFamilies(families_for(code, rtl))
        self.setFont(font)
        self._scale_fonts()  # every sized label and button in the new families
        self._render()
        self._layout.activate()  # mirror now, not at the next event loop turn
        self.language_switched.emit(code)

    def _child_word(self, key: str) -> str:
        """A button's word in the shown language: the information catalog, else the UI
        catalog of that language (Harbour's own screens), else English."""
        english = CHILD_WORDS[key]
        if self._language == "en":
            return english
        translated = translations_for(self._language, INFORMATION_DOMAIN).pgettext(
            f"presenter.{key}", english
        )
        if translated == english:
            with contextlib.suppress(LookupError):  # no UI catalog for this language
                translated = translations_for(self._language).gettext(english)
        return translated

    def _render(self) -> None:
        topic_id, i = self._plan[self._index]
        topic = self._topics[topic_id]
        screen = screens_of(topic, self._simple)[i]
        lang = self._language
        self.title.setText(topic.title)
        self.title.setAccessibleName(topic.title)
        self.text.set_text(screen.text)
        self.picture.set_path(information.pictogram_path(topic))
        self.picture.setAccessibleName(topic.title)
        self.progress.setText(
            # in the digits the child reads (walkthrough N5: "1 / 61" on an Arabic screen)
            f"{format_count(self._index + 1, lang)} / {format_count(len(self._plan), lang)}"
        )
        self.progress.setAccessibleName(self.progress.text())
        rtl = self.is_rtl()
        self.next_button.setText(self._child_word("next"))
        self.back_button.setText(self._child_word("back"))
        self.next_button.setIcon(symbols.symbol_icon(symbols.BACKWARD if rtl else symbols.FORWARD))
        self.back_button.setIcon(symbols.symbol_icon(symbols.FORWARD if rtl else symbols.BACKWARD))
        # the arrow sits on the outer side: after "Next", before "Back" (reading order)
        self.next_button.setLayoutDirection(
            Qt.LayoutDirection.LeftToRight if rtl else Qt.LayoutDirection.RightToLeft
        )
        self.back_button.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        for key, button in (
            ("understood", self.understood_button),
            ("question", self.question_button),
            ("next", self.next_button),
            ("back", self.back_button),
        ):
            button.setAccessibleName(self._child_word(key))
        self.back_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(self._plan) - 1)
        self.understood_button.setText(self._child_word("understood"))
        self.question_button.setText(self._child_word("question"))
        answer = self._answer_here()
        self.understood_button.setChecked(answer == ChildAnswer.UNDERSTOOD)
        self.question_button.setChecked(answer == ChildAnswer.QUESTION)
        self._show_voice(topic_id)

    def _show_voice(self, topic_id: str) -> None:
        """The read-aloud button and, for staff, which voice it is (or that there is none)."""
        kind = self.voice.kind(self._language, topic_id)
        self.voice_button.setVisible(kind in (SPEECH, RECORDING))
        if self.voice.is_speaking():
            self.voice_button.setText(self._child_word("stop"))
            self.voice_button.setIcon(symbols.symbol_icon(symbols.STOP))
        else:
            self.voice_button.setText(self._child_word("play" if kind == RECORDING else "read"))
            self.voice_button.setIcon(symbols.symbol_icon(symbols.SPEAKER))
        self.voice_button.setAccessibleName(self.voice_button.text())
        status = describe(self.voice, self._language, [topic_id])
        self.voice_status.setText(status)
        self.voice_status.setAccessibleName(status)

    def _show_current_voice(self, *_args: object) -> None:
        self._show_voice(self._plan[self._index][0])

    def voice_kind(self) -> str:
        return self.voice.kind(self._language, self._plan[self._index][0])

    def voice_status_text(self) -> str:
        return self.voice_status.text()

    def _on_voice_button_clicked(self) -> None:
        if self.voice.is_speaking():
            self.voice.stop()
        else:
            self.voice.read(self._language, self._plan[self._index][0], self.text.text())

    def _retranslate_staff(self) -> None:
        self.staff_button.setAccessibleName(_("Staff: hold for 3 seconds to end the session"))
        self.staff_button.setAccessibleDescription(
            _("To end the session, a staff member holds the Staff button for 3 seconds.")
        )
        self.staff_question.setText(_("End this information session?"))
        self.end_button.setText(_("End the session"))
        self.end_button.setAccessibleName(_("End the session"))
        self.keep_button.setText(_("Keep presenting"))
        self.keep_button.setAccessibleName(_("Keep presenting"))
        self.hint.setText(
            _("To end the session, a staff member holds the Staff button for 3 seconds.")
        )
        self.language_bar.setAccessibleName(_("Language"))

    # ---- sizes ---------------------------------------------------------------------------

    def _sized(self, px: float, *, bold: bool = False) -> QFont:
        """A font of the window's families (the shown language's script first) at a pixel
        size. The families are set, not inherited: the window's style sheet stops Qt from
        handing its font down to a child that sets its own."""
        font = QFont()
        font.setFamilies(self.font().families())
        font.setPixelSize(max(10, round(px)))
        if bold:
            font.setBold(True)
        return font

    def _scale_fonts(self) -> None:
        height = max(300, self.height())
        width = max(400, self.width())
        unit = min(height, width * 0.7)
        self.title.setFont(self._sized(unit * 0.06, bold=True))
        self.progress.setFont(self._sized(unit * 0.035))
        self.text.set_size_range(round(unit * 0.03), round(unit * 0.062))
        self._fit_row(list(self.language_buttons.values()), unit * 0.028, width * 0.9)
        small = self._sized(unit * 0.022)
        for widget in (self.voice_status, self.hint, self.staff_button):
            widget.setFont(small)
        staff_icon = round(unit * 0.045)
        self.staff_button.setIconSize(QSize(staff_icon, staff_icon))
        self.voice_button.setFont(self._sized(unit * 0.03))  # the child may press it too
        self.voice_button.setIconSize(QSize(round(unit * 0.04), round(unit * 0.04)))
        for widget in (self.staff_question, self.end_button, self.keep_button):
            widget.setFont(self._sized(unit * 0.03))
        icon = round(unit * 0.065)
        row = [self.back_button, self.understood_button, self.question_button, self.next_button]
        for button in row:
            button.setIconSize(QSize(icon, icon))
            button.setMinimumHeight(round(unit * 0.1))
        self._fit_row(row, unit * 0.04, width * 0.9, bold=True)
        side = round(min(height * 0.45, width * 0.3))
        self.picture.setFixedWidth(side)
        margin = round(unit * 0.03)
        self._layout.setContentsMargins(margin, margin // 2, margin, margin)
        self._layout.setSpacing(round(unit * 0.02))

    def _fit_row(
        self, widgets: list[QWidget], px: float, width: float, *, bold: bool = False
    ) -> None:
        """The largest size up to ``px`` at which a row of widgets fits in ``width``."""
        while True:
            font = self._sized(px, bold=bold)
            for widget in widgets:
                widget.setFont(font)
            needed = sum(w.sizeHint().width() + 12 for w in widgets if not w.isHidden())
            if needed <= width or px <= 10:
                return
            px = max(10.0, px * min(0.92, width / needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_fonts()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in _KEYS:  # type: ignore[attr-defined]
            self.keyPressEvent(event)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows follow the reading direction; Escape only shows the staff hint.

        Buttons pass arrow keys on to the window, so these work wherever the focus is."""
        key = event.key()
        if key == Qt.Key.Key_Right:
            self._on_arrow(forward_in_ltr=True)
        elif key == Qt.Key.Key_Left:
            self._on_arrow(forward_in_ltr=False)
        elif key == Qt.Key.Key_PageDown:
            self.go_next()
        elif key == Qt.Key.Key_PageUp:
            self.go_back()
        elif key == Qt.Key.Key_Escape:
            self.show_staff_hint()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._press_focused_button():
            event.accept()
        else:
            super().keyPressEvent(event)

    def _press_focused_button(self) -> bool:
        """Return or Enter presses the focused button, as Space does (walkthrough N1: this
        window is not a dialog, so its buttons let Return pass). Never the staff hold."""
        focus = self.focusWidget()
        if (
            isinstance(focus, QAbstractButton)
            and not isinstance(focus, HoldButton)
            and focus.isEnabled()
            and focus.window() is self
        ):
            focus.click()
            return True
        return False

    # ---- moving and answering ------------------------------------------------------------

    def _settle(self) -> None:
        """Add the time since the last change to the screen being shown."""
        now = self._clock()
        if self._since is not None:
            entry = self._entry()
            entry[1] += max(0.0, now - self._since)
        self._since = now

    def _entry(self) -> list:
        key = self._plan[self._index]
        if key not in self._shown:
            self._shown[key] = [self.current_screen_id(), 0.0, ChildAnswer.NO_ANSWER]
        return self._shown[key]

    def _answer_here(self) -> ChildAnswer:
        entry = self._shown.get(self._plan[self._index])
        return entry[2] if entry else ChildAnswer.NO_ANSWER

    def go_to(self, index: int) -> None:
        if self._finished or not 0 <= index < len(self._plan) or index == self._index:
            return
        self._settle()
        if not self.voice.plays_recording_of(self._language, self._plan[index][0]):
            self.voice.stop()
        self._index = index
        self._entry()
        self._render()
        self.page_changed.emit(index)

    def go_next(self) -> None:
        self.go_to(self._index + 1)

    def go_back(self) -> None:
        self.go_to(self._index - 1)

    def _on_arrow(self, *, forward_in_ltr: bool) -> None:
        if forward_in_ltr != self.is_rtl():
            self.go_next()
        else:
            self.go_back()

    def answer(self, value: ChildAnswer) -> None:
        if self._finished:
            return
        self._settle()
        self._entry()[2] = value
        self.understood_button.setChecked(value == ChildAnswer.UNDERSTOOD)
        self.question_button.setChecked(value == ChildAnswer.QUESTION)

    # ---- leaving (staff only) -----------------------------------------------------------

    def show_staff_hint(self) -> None:
        """Light up the staff control for a few seconds: that is the way out, for staff."""
        self._set_staff_highlighted(True)
        self._hint_timer.start()

    def staff_hint_shown(self) -> bool:
        return bool(self.staff_button.property("highlighted"))

    def _on_hint_timer_timeout(self) -> None:
        self._set_staff_highlighted(False)

    def _set_staff_highlighted(self, on: bool) -> None:
        self.staff_button.setProperty("highlighted", on)
        self.staff_button.style().unpolish(self.staff_button)
        self.staff_button.style().polish(self.staff_button)
        self.staff_button.update()

    def _on_staff_button_held(self) -> None:
        self.staff_bar.setVisible(True)
        self.keep_button.setFocus()
        self._staff_timer.start()

    def _hide_staff_bar(self) -> None:
        self._staff_timer.stop()
        self.staff_bar.setVisible(False)

    def result(self) -> Presentation:
        shown = [
            ScreenShown(screen_id=sid, topic_id=key[0], seconds=round(sec, 1), answer=ans)
            for key, (sid, sec, ans) in self._shown.items()
        ]
        return Presentation(
            language=self._used[0] if self._used else self._language,
            simple_version=self._simple,
            screens=shown,
            languages_used=list(self._used),
            started_at=self._started,
        )

    def finish(self) -> None:
        """End the session (after the staff confirmation) and hand back the result."""
        if self._finished:
            return
        self._settle()
        self._finished = True
        self.voice.stop()
        self.voice.speaking_changed.disconnect(self._show_current_voice)
        self.voice.changed.disconnect(self._show_current_voice)
        if self._owns_voice:
            self.voice.shutdown()
        result = self.result()
        self._may_close = True
        self.close()
        self.ended.emit(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
            return
        event.ignore()
        self.show_staff_hint()
