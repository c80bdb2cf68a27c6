""" "Mark missing" and "Mark found" (issue 15, item 7 in the window; [G11]-[G13]).

Mark missing records the last sighting (when, where, with whom, clothing, what the child
had, known contacts, risk factors, who was told); the service opens the police referral
with the legal basis of the child's vital interests (no consent can be asked of a missing
child) and raises the alert. Mark found records when, where and in what condition, and
then asks for the return interview at once (it can be held later: it stays due)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.errors import InvalidInput
from app.services import missing as missing_service
from app.services.session import Session
from ui.cases.action_dialog import ActionDialog
from ui.common import _
from ui.missing_banner import notify_alerts_changed
from ui.operations import OperationRunner

TOLD = ("police", "guardian", "child_protection")


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class _DateTimeEdit(QDateTimeEdit):
    """A date (and time) field that reads left to right in every language — digits in
    ISO order, "2026-11-27 18:17", not mirrored in a right-to-left dialog, as the other
    date fields of Harbour (ui/age/page.py, ui/cases/widgets.py) — and that Tab leaves in
    one press like every other field (the arrow keys still move between its parts)."""

    def __init__(self, value: QDateTime | QDate, parent: QWidget, *, date_only: bool) -> None:
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm")
        if date_only:
            self.setDate(value.date() if isinstance(value, QDateTime) else value)
        else:
            self.setDateTime(value if isinstance(value, QDateTime) else QDateTime(value))

    def focusNextPrevChild(self, next: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, next)


def _when(parent: QWidget) -> QDateTimeEdit:
    edit = _DateTimeEdit(QDateTime.currentDateTime(), parent, date_only=False)
    edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(3600))
    return edit


def _utc(edit: QDateTimeEdit) -> dt.datetime:
    """The local date and time typed, as an aware UTC time."""
    local: dt.datetime = edit.dateTime().toPython()
    return local.astimezone(dt.UTC)


def _required(edit: QLineEdit, message: str) -> str:
    if not edit.text().strip():
        edit.setFocus()
        raise InvalidInput(reason=message)
    return edit.text()


def mark_missing_dialog(
    parent: QWidget,
    operations: OperationRunner,
    session: Session,
    case_id: str,
    done: Callable[[], None],
) -> ActionDialog:
    """[G11] The last sighting; on success the alert is raised and ``done`` runs."""
    dialog = ActionDialog(
        parent,
        operations,
        title=_("Mark the child missing"),
        explain=_(
            "Record what you know now; the police referral opens at once with the legal"
            " basis of the child's vital interests, and every page of Harbour shows the"
            " alert."
        ),
        ok_text=_("&Mark missing"),
    )
    dialog.setObjectName("mark_missing_dialog")
    when = _when(dialog)
    where, with_whom, clothing, belongings, contacts = (QLineEdit(dialog) for _i in range(5))
    risks = _text_box(dialog)
    for label, field, name in (
        (_("Last seen &on:"), when, "seen_at"),
        (_("Last seen &where:"), where, "where"),
        (_("With w&hom:"), with_whom, "with_whom"),
        (_("&Clothing:"), clothing, "clothing"),
        (_("What the child h&ad with them:"), belongings, "belongings"),
        (_("Known co&ntacts:"), contacts, "contacts"),
        (_("&Risk factors:"), risks, "risks"),
    ):
        dialog.add_row(label, field)
        field.setObjectName(name)
    told_boxes = {
        "police": QCheckBox(_("The &police were told"), dialog),
        "guardian": QCheckBox(_("The &guardian was told"), dialog),
        "child_protection": QCheckBox(_("Child protection was to&ld"), dialog),
    }
    for code, box in told_boxes.items():
        box.setAccessibleName(box.text().replace("&", "").lstrip("\u200f"))
        dialog.form.addRow("", box)
        box.setObjectName(f"told_{code}")

    def collect() -> missing_service.Sighting:
        _required(where, _("Say where the child was last seen."))
        return missing_service.Sighting(
            seen_at=_utc(when),
            where=where.text(),
            with_whom=with_whom.text(),
            clothing=clothing.text(),
            belongings=belongings.text(),
            contacts=contacts.text(),
            risks=risks.toPlainText(),
            told=tuple(code for code, box in told_boxes.items() if box.isChecked()),
        )

    def finished(_episode: str) -> None:
        notify_alerts_changed()
        done()

    dialog.collect = collect
    dialog.run = lambda sighting: missing_service.mark_missing(session, case_id, sighting)
    dialog.done_with = finished
    dialog.resize(max(dialog.sizeHint().width(), 520), dialog.sizeHint().height())
    dialog.open()
    where.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def mark_found_dialog(
    parent: QWidget,
    operations: OperationRunner,
    session: Session,
    case_id: str,
    done: Callable[[str], None],
) -> ActionDialog:
    """[G13] When, where and in what condition; ``done(episode_id)`` after it is saved
    (the caller then asks for the return interview)."""
    dialog = ActionDialog(
        parent,
        operations,
        title=_("Mark the child found"),
        explain=_("The alert closes and the police referral is closed with it."),
        ok_text=_("Mark &found"),
    )
    dialog.setObjectName("mark_found_dialog")
    when, where, condition = _when(dialog), QLineEdit(dialog), _text_box(dialog)
    dialog.add_row(_("Found &on:"), when)
    dialog.add_row(_("Found &where:"), where)
    dialog.add_row(_("In what &condition:"), condition)
    where.setObjectName("where")
    condition.setObjectName("condition")

    def collect() -> tuple[dt.datetime, str, str]:
        _required(where, _("Say where the child was found."))
        return _utc(when), where.text(), condition.toPlainText()

    def finished(episode_id: str) -> None:
        notify_alerts_changed()
        done(episode_id)

    dialog.collect = collect
    dialog.run = lambda values: missing_service.mark_found(
        session, case_id, found_at=values[0], where=values[1], condition=values[2]
    )
    dialog.done_with = finished
    dialog.resize(max(dialog.sizeHint().width(), 480), dialog.sizeHint().height())
    dialog.open()
    where.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def return_interview_dialog(
    parent: QWidget,
    operations: OperationRunner,
    session: Session,
    episode_id: str,
    done: Callable[[], None],
) -> ActionDialog:
    """[G13] The return interview, asked as soon as the child is marked found; "Later"
    leaves it due."""
    dialog = ActionDialog(
        parent,
        operations,
        title=_("Return interview"),
        explain=_(
            "The child is back. Hold the return interview: why they left, and whether"
            " they were exploited. You can also record it later."
        ),
        ok_text=_("&Record the interview"),
    )
    dialog.setObjectName("return_interview_dialog")
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).setText(_("&Later"))
    held = _DateTimeEdit(QDate.currentDate(), dialog, date_only=True)
    held.setMaximumDate(QDate.currentDate())
    dialog.add_row(_("Held &on:"), held)
    why, exploited = _text_box(dialog), _text_box(dialog)
    dialog.add_row(_("&Why the child left:"), why)
    dialog.add_row(_("Whether they were &exploited:"), exploited)
    why.setObjectName("why_left")

    def collect() -> tuple[dt.date, str, str]:
        if not why.toPlainText().strip():
            why.setFocus()
            raise InvalidInput(reason=_("Say why the child left, as far as they told."))
        return held.date().toPython(), why.toPlainText(), exploited.toPlainText()

    dialog.collect = collect
    dialog.run = lambda values: missing_service.record_return_interview(
        session, episode_id, held_on=values[0], why_left=values[1], exploited=values[2]
    )
    dialog.done_with = lambda _r: done()
    dialog.open()
    why.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
