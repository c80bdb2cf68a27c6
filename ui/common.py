"""Small building blocks shared by the pages: translated names, message lines, forms."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.passphrase import DEFAULT_MIN_LENGTH
from app.domain.roles import Profession, Role
from app.i18n import N_, native_name
from app.i18n.names import language_name

RLM = "\u200f"  # right-to-left mark
LRI = "\u2066"  # left-to-right isolate
FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate


@lru_cache(maxsize=16)
def _rtl(language: str) -> bool:
    return i18n.is_rtl(language)


def directional(text: str) -> str:
    """Start text with the UI language's direction.

    Qt takes a paragraph's direction from its first strong character, so an Arabic
    sentence that begins with a Latin name ("Harbour ...", "{name} ...") would be laid
    out left to right, words in the wrong order. A leading right-to-left mark fixes it.
    """
    if text and _rtl(i18n.active_language()) and not text.startswith(RLM):
        return RLM + text
    return text


def isolate(value: object) -> str:
    """A value put into a sentence (a date, a number, a code, a person's name), isolated
    from the sentence's direction so that it reads in its own order: "27-11-2026" or
    "NRC-2026-0001" inside an Arabic sentence, an Arabic name inside an English one.
    Unicode's first-strong isolate (FSI ... PDI): the value takes the direction of its
    own first letter (a value without letters, a date, is isolated left to right: LRI),
    and the sentence around it is laid out as if it were one neutral character. Left as
    it is in a left-to-right UI language when it holds no right-to-left letter (nothing
    to isolate)."""
    text = str(value)
    if not text or text.startswith((FSI, LRI)):
        return text
    if not _rtl(i18n.active_language()) and not any(_is_rtl_char(ch) for ch in text):
        return text
    if not any(_is_strong(ch) for ch in text):
        # digits and dashes alone (a date, a number): no letter gives the isolate a
        # direction, so say left to right (LRI), as the value is written (walkthrough A14)
        return LRI + text + PDI
    return FSI + text + PDI


def _is_strong(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("L", "R", "AL")


def _is_rtl_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def language_label(code: str) -> str:
    """A language as staff find it in a list: its own name, so that a person who cannot
    read the current interface language still finds theirs, and its name in the current
    interface language beside it ("دری — Dari"), so that Dari, Pashto, Urdu and Sorani
    are told apart by whoever reads the list."""
    own, here = native_name(code), language_name(code)
    if here.casefold() == own.casefold():
        return own
    return f"{isolate(own)} — {isolate(here)}"


def _(message: str) -> str:
    """``app.i18n._`` for widgets: translated, and directional in right-to-left languages."""
    return directional(i18n._(message))


ROLE_NAMES: dict[Role, str] = {
    Role.MANAGER: N_("Manager"),
    Role.INTAKE_OFFICER: N_("Intake officer"),
    Role.ASSESSOR: N_("Assessor"),
    Role.INTERPRETER: N_("Interpreter"),
}

PROFESSION_NAMES: dict[Profession, str] = {
    Profession.SOCIAL_WORKER: N_("Social worker"),
    Profession.PSYCHOLOGIST: N_("Psychologist"),
    Profession.PAEDIATRICIAN: N_("Paediatrician"),
    Profession.OTHER: N_("Other profession"),
}


def role_name(role: Role | str) -> str:
    try:
        return _(ROLE_NAMES[Role(role)])
    except ValueError:
        return str(role)


def profession_name(profession: Profession | str | None) -> str:
    if not profession:
        return ""
    try:
        return _(PROFESSION_NAMES[Profession(profession)])
    except ValueError:
        return str(profession)


def passphrase_rules_text(min_length: int = DEFAULT_MIN_LENGTH) -> str:
    return _(
        "Use at least {min_length} characters. A few unrelated words are easy to remember "
        "and hard to guess; symbols are not required. Do not use your name."
    ).format(min_length=min_length)


class Page(QWidget):
    """A widget that rebuilds its texts when the UI language changes."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


class MessageLabel(QWidget):
    """A line of feedback beside a field: a standard icon plus word-wrapped plain text.

    Colours come from the palette (no hard-coded red); the icon and bold weight carry
    the meaning, so it reads the same in light and dark themes.
    """

    ERROR = "error"
    INFO = "info"

    def __init__(self, kind: str = ERROR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self._again: Callable[[], str] | None = None
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if kind == self.ERROR:
            font = QFont(self._text.font())
            font.setBold(True)
            self._text.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.setAccessibleName(_("Message"))
        self.setVisible(False)

    def text(self) -> str:
        return self._text.text()

    def show_message(self, text: str, again: Callable[[], str] | None = None) -> None:
        """Show ``text``. ``again`` makes it again after a language switch, so that a
        message already on screen follows the new language (else it stays as it was)."""
        self._again = again if text else None
        self._show(text)

    def show_translated(self, make: Callable[[], str]) -> None:
        """Show ``make()`` now, and ``make()`` again whenever the UI language changes."""
        self.show_message(make(), again=make)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._again is not None:
            self._show(self._again())
        super().changeEvent(event)

    def _show(self, text: str) -> None:
        text = directional(text)
        self._text.setText(text)
        self._text.setAccessibleName(text)
        if text:
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxWarning
                if self._kind == self.ERROR
                else QStyle.StandardPixmap.SP_MessageBoxInformation
            )
            size = self._text.fontMetrics().height()
            self._icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.show_message("")


def show_index_progress(bar: QProgressBar, note: MessageLabel, done: int, total: int) -> None:
    """Say why unlocking takes longer once after an upgrade (the duplicate search's name
    index is rebuilt: 15-25 s at 100,000 cases), and how far it has got: ``bar`` turns
    determinate, ``note`` says it in the user's language (again after a switch)."""
    if total <= 0:
        return
    bar.setRange(0, total)
    bar.setValue(done)
    share = (done * 100 // total) / 100  # down: "100 %" only once all is done

    def text() -> str:
        return _(
            "Harbour was updated: the duplicate search is being prepared for this "
            "version, once. {percent} done."
        ).format(percent=i18n.format_percent(share))

    note.show_translated(text)
    bar.setAccessibleDescription(text())


def end_index_progress(bar: QProgressBar, note: MessageLabel) -> None:
    """Back to an indeterminate bar and no note, for the next attempt."""
    bar.setRange(0, 0)
    bar.setAccessibleDescription("")
    note.clear()


def passphrase_edit(parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhSensitiveData
    )
    edit.setMaxLength(256)
    return edit


def field_with_message(field: QWidget, message: MessageLabel) -> QWidget:
    """A field with its message line under it, for the field column of a QFormLayout."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(message)
    return box


def heading(parent: QWidget | None = None, scale: float = 1.4) -> QLabel:
    label = QLabel(parent)
    font = QFont(label.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
