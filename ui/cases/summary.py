"""A read-only summary of a case, section by section (wizard's last step and case view)."""

from __future__ import annotations

from typing import Any

from babel import Locale
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.calendars import CALENDAR_NAMES
from app.domain.case import (
    Answer,
    BirthSource,
    CaseDraft,
    DatePrecision,
    SpecialCategories,
    urgent_flags,
)
from app.domain.codes import country_name
from app.domain.history_text import language_text as named_language
from app.i18n import active_language, babel_locale, format_list, list_separator
from ui.cases import labels
from ui.common import MessageLabel, _, directional, isolate

NAME = "name"  # a value that is a name: original script with the Latin beside it
LONG = 140  # characters shown of a long value (the rest in its tooltip)


def _locale() -> Locale:
    """The UI language's Babel locale; Dari ("prs", unknown to CLDR) gets its stand-in
    instead of an UnknownLocaleError."""
    return babel_locale(active_language())


def country_text(code: str) -> str:
    """A country named in the UI language ("Afghanistan", "أفغانستان")."""
    name = _locale().territories.get(code.upper())
    return name or country_name(code)


def language_text(code: str) -> str:
    """A language named in the UI language ("Dari", "الدارية"), isolated so that it keeps
    its place inside a sentence of the other direction."""
    return isolate(named_language(code))


def answer_text(answer: Answer[Any], table: dict[str, str] | None = None) -> str:
    if not answer.answered:
        return labels.label(labels.ANSWER_STATUS, answer.status)
    value = answer.value
    if isinstance(value, bool):
        return labels.label(labels.YES_NO, "yes" if value else "no")
    if table is not None:
        return labels.label(table, value)
    return str(value)


def birth_text(draft: CaseDraft) -> str:
    birth = draft.birth
    if birth.date is not None:
        precision = birth.precision
        if precision in (DatePrecision.YEAR, DatePrecision.DECLARED_AGE):
            # a date kept with "declared age only" is no known day: its year, never 1 January
            shown = f"{birth.date.year}"
        elif precision == DatePrecision.MONTH:
            shown = f"{birth.date.year}-{birth.date.month:02d}"
        else:
            shown = birth.date.isoformat()
        shown = isolate(shown)
        written = birth.date_written
        if written is not None:  # as written on the papers, beside the Gregorian date
            shown = _("{date}; on the papers: {written}, {calendar}").format(
                date=shown,
                written=isolate(written.text()),
                calendar=_(CALENDAR_NAMES[written.calendar]),
            )
        if birth.source == BirthSource.ASSESSED:
            # [A13] a day chosen by the assessment, not a date known exactly (walkthrough A9)
            text = _("{date} (assigned by the age assessment)").format(date=shown)
        else:
            text = _("{date} ({precision}; {source})").format(
                date=shown,
                precision=labels.label(labels.PRECISION, precision),
                source=labels.label(labels.BIRTH_SOURCE, birth.source),
            )
        if birth.declared_age is not None:  # walkthrough I6, R6: the age the child gives
            text = _("{date_of_birth}; age the child gives: {age}").format(
                date_of_birth=text, age=birth.declared_age
            )
        return text
    if birth.declared_age is not None:
        return _("{age} years ({source})").format(
            age=birth.declared_age, source=labels.label(labels.BIRTH_SOURCE, birth.source)
        )
    return _("Not known")


Row = tuple[str, Any]  # (label, text) or (label, (NAME, original, latin))


def sections(
    draft: CaseDraft, special: SpecialCategories | None = None
) -> list[tuple[str, list[Row]]]:
    """Section title -> rows of (label, value); every section of the case. ``special``:
    ethnicity and religion, given only where the reader may see them (GDPR Art. 9)."""
    from ui.cases.form import INTERPRETER_SEX

    names = draft.names
    nothing = _("None recorded")
    identity: list[Row] = [
        (_("Given name(s)"), (NAME, names.given, names.given_latin)),
        (
            _("Family name(s)"),
            (NAME, names.family, names.family_latin) if names.family else nothing,
        ),
        (_("Nickname"), answer_text(names.nickname)),
        (
            _("Other names and spellings"),
            # Each isolated, and the line started in the UI's direction: a Latin spelling
            # first would otherwise turn the whole list left to right in Arabic.
            directional(list_separator().join(isolate(alias) for alias in names.aliases))
            or nothing,
        ),
        (_("Sex"), answer_text(draft.sex, labels.SEX)),
        (_("Gender identity"), answer_text(draft.gender_identity)),
        (_("Distinguishing marks"), answer_text(draft.distinguishing_marks)),
        (_("Date of birth or age"), birth_text(draft)),
        (_("Place of birth"), answer_text(draft.birth.place)),
        (
            _("Nationalities"),
            format_list([country_text(c) for c in draft.nationalities]) or nothing,
        ),
        (_("Stateless"), answer_text(draft.stateless)),
        (_("Place of origin"), answer_text(draft.place_of_origin)),
    ]
    if special is not None and not special.is_empty():
        identity += [
            (_("Ethnicity or clan"), answer_text(special.ethnicity)),
            (_("Religion"), answer_text(special.religion)),
            (_("Why they are needed"), special.reason or nothing),
        ]
    languages: list[Row] = []
    for lang in draft.languages:
        text = language_text(lang.code)
        if lang.dialect:
            text = _("{language}, dialect: {dialect}").format(
                language=text, dialect=isolate(lang.dialect)
            )
        if lang.preferred:
            text = _("{language} (preferred)").format(language=text)
        languages.append((_("Language"), text))
    if not languages:
        languages.append((_("Language"), nothing))
    languages.append((_("Interpreter needed"), answer_text(draft.interpreter_needed)))
    languages.append(
        (_("Interpreter the child prefers"), answer_text(draft.interpreter_sex, INTERPRETER_SEX))
    )

    separation = draft.separation
    family: list[Row] = [
        (_("Accompaniment"), labels.label(labels.ACCOMPANIMENT, separation.status)),
    ]
    if separation.adult is not None:
        family.append(
            (
                _("Accompanying adult"),
                _("{name} ({relation})").format(
                    name=separation.adult.name or "?", relation=separation.adult.relation or "?"
                ),
            )
        )
    family += [
        (_("Date of separation"), answer_text(separation.date)),
        (_("Place of separation"), answer_text(separation.place)),
        (_("Cause and circumstances"), answer_text(separation.cause)),
    ]
    for member in draft.family:
        family.append(
            (
                member.relation,
                _("{name}; whereabouts: {whereabouts}; wants them traced: {tracing}").format(
                    name=member.name or "?",
                    whereabouts=answer_text(member.whereabouts),
                    tracing=answer_text(member.wants_tracing),
                ),
            )
        )

    arrival = draft.arrival
    arrival_rows: list[Row] = [
        (_("Arrival date"), arrival.date.isoformat() if arrival.date else _("Not known")),
        (_("Arrival place"), arrival.place or _("Not known")),
        (_("Route"), answer_text(arrival.route_notes)),
    ]
    for document in draft.documents:
        details = [
            isolate(document.number) if document.number else "",
            country_text(document.issuing_state) if document.issuing_state else "",
        ]
        if document.expiry:
            expiry = isolate(document.expiry.isoformat())
            if document.expiry_written is not None:  # as on the paper, beside the Gregorian
                expiry = _("{date}; on the papers: {written}, {calendar}").format(
                    date=expiry,
                    written=isolate(document.expiry_written.text()),
                    calendar=_(CALENDAR_NAMES[document.expiry_written.calendar]),
                )
            details.append(expiry)
        details.append(labels.label(labels.ORIGINAL, "yes" if document.original else "no"))
        arrival_rows.append((document.type, ", ".join(d for d in details if d)))

    needs: list[Row] = [
        (
            labels.label(labels.CONCERN, v.concern),
            _("{urgency}: {notes}").format(
                urgency=labels.label(labels.URGENCY, v.urgency), notes=v.notes
            )
            if v.notes
            else labels.label(labels.URGENCY, v.urgency),
        )
        for v in draft.vulnerabilities
    ] or [(_("Concerns"), nothing)]

    consent: list[Row] = []
    for c in draft.consents:
        text = _("{decision} by {who}").format(
            decision=labels.label(labels.GRANTED, "yes" if c.granted else "no"),
            who=labels.label(labels.GIVEN_BY, c.given_by),
        )
        if c.legal_basis:
            text += "; " + _("legal basis: {basis}").format(basis=c.legal_basis)
        text += "; " + _("the child agrees: {assent}").format(assent=answer_text(c.child_assent))
        consent.append((labels.label(labels.CONSENT_PURPOSE, c.purpose), text))
    if not consent:
        consent.append((_("Consent"), nothing))
    presence = draft.presence
    consent += [
        (_("Officer"), presence.officer or nothing),
        (
            _("Interpreter"),
            _("{name} ({language})").format(
                name=isolate(presence.interpreter),
                language=language_text(presence.interpreter_language)
                if presence.interpreter_language
                else "?",
            )
            if presence.interpreter
            else nothing,
        ),
        (_("Guardian"), presence.guardian or nothing),
    ]
    return [
        (_("Identity"), identity),
        (_("Languages"), languages),
        (_("Family and separation"), family),
        (_("Arrival and documents"), arrival_rows),
        (_("Needs and vulnerabilities"), needs),
        (_("Consent and who was present"), consent),
    ]


class ValueLabel(QLabel):
    """A value beside its label, on the side the layout reads from whatever its script.

    Qt aligns a plain label by its text's own direction, so in the Arabic case view a
    Latin value ("Idlib") sat at the far left of its row, away from its label, while
    Arabic values sat beside theirs (walkthrough R5). Aligned to the layout's leading edge
    instead (absolute, so that a Latin text does not flip it back), again when the
    layout direction changes."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._align()

    def _align(self) -> None:
        side = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        self.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)


def name_widget(original: str, latin: str, parent: QWidget | None = None) -> QWidget:
    """The name in its own script (laid out in its own direction) with the Latin beside."""
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    first = QLabel(original, box)
    first.setTextFormat(Qt.TextFormat.PlainText)
    first.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = first.font()
    font.setBold(True)
    first.setFont(font)
    layout.addWidget(first)
    if latin and latin != original:
        second = QLabel(f"({latin})", box)
        second.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(second)
        box.setAccessibleName(f"{original} ({latin})")
    else:
        box.setAccessibleName(original)
    layout.addStretch(1)
    return box


class UrgentFlag(QWidget):
    """One bold line with a warning icon per urgent concern, naming the referral."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.lines: list[MessageLabel] = []
        self.setVisible(False)

    def show_flags(self, flags: list[tuple[str, str]]) -> None:
        for line in self.lines:
            self._layout.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.lines = []
        for concern, referral in flags:
            line = MessageLabel(MessageLabel.ERROR, self)
            line.show_message(labels.urgent_text(concern, referral))
            self._layout.addWidget(line)
            self.lines.append(line)
        self.setVisible(bool(flags))
        self.setAccessibleName(_("Urgent concerns"))

    def texts(self) -> list[str]:
        return [line.text() for line in self.lines]


class SummaryView(QWidget):
    """Every section of a case as labelled, read-only lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.urgent = UrgentFlag(self)
        self._sections = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.urgent)
        layout.addLayout(self._sections)
        layout.addStretch(1)
        self._boxes: list[QGroupBox] = []

    def show_case(
        self,
        draft: CaseDraft | None,
        urgent: list[tuple[str, str]] | None = None,
        special: SpecialCategories | None = None,
    ) -> None:
        """Show ``draft``'s sections in place of whatever was shown; None shows nothing."""
        if draft is None:
            flags: list[tuple[str, str]] = []
        else:
            flags = urgent if urgent is not None else [(c.value, r) for c, r in urgent_flags(draft)]
        self.urgent.show_flags(flags)
        for box in self._boxes:
            # Out of the layout now: a box waiting for deleteLater would still take room.
            self._sections.removeWidget(box)
            box.hide()
            box.deleteLater()
        self._boxes = []
        if draft is None:
            return
        for title, rows in sections(draft, special):
            box = QGroupBox(title, self)
            box.setAccessibleName(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for label_text, value in rows:
                label = QLabel(directional(label_text), box)
                if isinstance(value, tuple) and value and value[0] == NAME:
                    field = name_widget(value[1], value[2], box)
                else:
                    # One line per value (no word wrap): wrapped labels report no fixed
                    # height, and the scroll area would squash the sections together.
                    text = str(value)
                    field = ValueLabel(text if len(text) <= LONG else text[: LONG - 1] + "…", box)
                    if len(text) > LONG:
                        field.setToolTip(text)
                    field.setTextFormat(Qt.TextFormat.PlainText)
                    field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    field.setAccessibleName(f"{label_text}: {value}")
                form.addRow(label, field)
            self._sections.addWidget(box)
            self._boxes.append(box)

    def text(self) -> str:
        """Everything shown, as plain text (tests and screen readers)."""
        parts = self.urgent.texts()
        for box in self._boxes:
            parts.append(box.title())
            for label in box.findChildren(QLabel):
                parts.append(label.text())
        return "\n".join(parts)
