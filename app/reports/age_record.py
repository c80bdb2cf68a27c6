"""The age-assessment record as a PDF (age-assessment.md, "What the record carries").

Pure layout over ``AgeRecordData``: the service gathers the data (and audits the print),
this module only draws. Nothing about sexual maturity or genitalia exists to be drawn
([A8]). Names are drawn in their own script and in Latin letters; Arabic-script text is
shaped and ordered right to left (app/reports/text.py); the fonts are embedded.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.domain.age import METHODS, Assessor, Conclusion, Doubt, MethodResult, Preconditions
from app.i18n import _, active_language, format_date, is_rtl
from app.reports.text import draw_line, wrap

MARGIN = 50
BODY = 10
HEADING = 13


@dataclass(frozen=True)
class AgeRecordData:
    centre: str
    case_number: str
    name_original: str
    name_latin: str
    declared_age: str
    doubt: Doubt
    documents: list[str]
    preconditions: Preconditions
    results: list[MethodResult]
    corrections: list[dict] = field(default_factory=list)
    conclusion: Conclusion | None = None
    signatures: list[Assessor] = field(default_factory=list)
    child_view: str = ""
    challenge: dict[str, str] = field(default_factory=dict)
    printed_on: dt.date = field(default_factory=dt.date.today)


class _Page:
    """A cursor over pages: lines flow down and break to a new page with the footer."""

    def __init__(self, canvas: Canvas, data: AgeRecordData) -> None:
        self.canvas = canvas
        self.data = data
        self.width, self.height = A4
        self.rtl = is_rtl(active_language())
        self.page = 1
        self.y = self.height - MARGIN

    def _footer(self) -> None:
        text = _("Confidential: personal data of a child. {case} — page {page}").format(
            case=self.data.case_number, page=self.page
        )
        draw_line(self.canvas, self.width / 2 - 150, 30, text, 8)

    def need(self, height: float) -> None:
        if self.y - height < MARGIN + 20:
            self._footer()
            self.canvas.showPage()
            self.page += 1
            self.y = self.height - MARGIN

    def line(self, text: str, size: float = BODY, *, bold: bool = False, indent: float = 0) -> None:
        usable = self.width - 2 * MARGIN - indent
        for part in wrap(text, size, usable, bold=bold):
            self.need(size * 1.5)
            if self.rtl:
                draw_line(
                    self.canvas,
                    self.width - MARGIN - indent,
                    self.y,
                    part,
                    size,
                    bold=bold,
                    align="right",
                    base_rtl=True,
                )
            else:
                draw_line(self.canvas, MARGIN + indent, self.y, part, size, bold=bold)
            self.y -= size * 1.45

    def heading(self, text: str) -> None:
        self.need(HEADING * 3)
        self.y -= 6
        self.line(text, HEADING, bold=True)
        self.y -= 2

    def pair(self, label: str, value: str) -> None:
        self.line(f"{label}: {value or '—'}", indent=8)

    def finish(self) -> None:
        self._footer()


def _date(value: dt.date | None) -> str:
    return format_date(value) if value else "—"


def build_age_record(data: AgeRecordData) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Age assessment record"))
    canvas.setAuthor("Harbour")
    page = _Page(canvas, data)
    yes, no = _("yes"), _("no")

    page.line(_("Age assessment record"), 18, bold=True)
    page.line(f"{data.centre} — {data.case_number} — {_('printed')} {_date(data.printed_on)}")
    page.heading(_("The child"))
    page.pair(_("Name as the child says it"), data.name_original)
    page.pair(_("Name in Latin letters"), data.name_latin)
    page.pair(_("Age the child gives"), data.declared_age)

    page.heading(_("Why there is a serious doubt (A1)"))
    page.pair(_("Grounds"), ", ".join(_(g.value.replace("_", " ")) for g in data.doubt.grounds))
    page.pair(_("Reason"), data.doubt.reason)
    page.pair(_("Raised by"), f"{data.doubt.raised_by}, {_date(data.doubt.raised_on)}")
    page.heading(_("Documents considered (A2)"))
    for document in data.documents or [_("none")]:
        page.line(f"• {document}", indent=8)

    pre = data.preconditions
    page.heading(_("Safeguards (A3–A6)"))
    page.pair(_("Child informed"), f"{_date(pre.informed_on)} ({pre.informed_language})")
    if pre.information_session_id:
        page.line(_("The information session on age assessment is recorded in the case."), indent=8)
    page.pair(_("Consent of the child"), {True: yes, False: no, None: "—"}[pre.child_consents])
    page.pair(
        _("Consent of the guardian"), {True: yes, False: no, None: "—"}[pre.guardian_consents]
    )
    if pre.legal_basis:
        page.pair(_("Legal basis"), pre.legal_basis)
    if pre.refusal_recorded:
        page.pair(_("Refusal recorded (never decides on its own)"), pre.refusal_recorded)
    page.pair(
        _("Guardian or representative"),
        f"{pre.representative} ({_('present') if pre.representative_present else _('informed')})",
    )
    page.pair(_("Interpreter"), pre.interpreter if pre.interpreter_needed else _("not needed"))

    page.heading(_("Methods, least intrusive first (A9, A10)"))
    for result in sorted(data.results, key=lambda r: (METHODS[r.method_id].order, r.performed_on)):
        method = METHODS[result.method_id]
        rng = (
            _("{low} to {high} years").format(low=result.range.min_age, high=result.range.max_age)
            if result.range
            else _("inconclusive")
        )
        credible = "" if result.credible else f" — {_('not credible')}"
        page.line(f"{method.order}. {_(method.name)}", bold=True, indent=8)
        page.line(
            f"{_('Result')}: {rng}{credible}; {_('margin of error')}: {_(method.margin)}", indent=18
        )
        page.line(
            f"{_('By')}: {result.assessor.name} "
            f"({_(result.assessor.profession.value.replace('_', ' '))}), "
            f"{_date(result.performed_on)}",
            indent=18,
        )
        if result.skip_reason:
            page.line(
                f"{_('Why a less intrusive method was not tried first')}: {result.skip_reason}",
                indent=18,
            )
        if result.notes:
            page.line(f"{_('Notes')}: {result.notes}", indent=18)
    for correction in data.corrections:
        removed = METHODS[correction["removed"]["method_id"]]
        page.line(f"{_('Removed')}: {_(removed.name)} — {correction['reason']}", indent=8)

    page.heading(_("Conclusion and the benefit of the doubt (A11–A13)"))
    c = data.conclusion
    if c is None or c.inconclusive:
        page.line(_("Inconclusive: the person is presumed to be a child."), indent=8)
    else:
        page.pair(_("Youngest credible age"), str(c.concluded_min_age))
        page.pair(_("Range used"), f"{c.concluded_min_age}–{c.concluded_max_age}")
        page.line(
            _("A credible range reaches below 18: the person is treated as a child.")
            if c.minor
            else _("Every credible range is 18 or above."),
            indent=8,
        )
        page.pair(
            _("Assigned date of birth (the latest consistent with the youngest age)"),
            _date(c.assigned_birth_date),
        )

    page.heading(_("Assessors (A14)"))
    for assessor in data.signatures or []:
        page.line(f"{assessor.name} — {_(assessor.profession.value.replace('_', ' '))}", indent=8)
    if len(data.signatures) < 2:
        page.line(_("Not yet signed by two assessors of different professions."), indent=8)
    page.heading(_("The child's view (A15)"))
    page.line(data.child_view or "—", indent=8)
    page.heading(_("How to challenge the result (A16), as explained to the child"))
    ch = data.challenge
    page.pair(_("How"), ch.get("how", ""))
    page.pair(_("By when"), ch.get("deadline", ""))
    page.pair(_("With whose help"), ch.get("helper", ""))
    page.pair(_("Explained on"), f"{ch.get('explained_on', '')} ({ch.get('language', '')})")
    page.finish()
    canvas.save()
    return buffer.getvalue()
