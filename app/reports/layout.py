"""A case-file document: the layout every Harbour form shares (the age-assessment record
now, the referral forms next).

- A heading block: the title, then organisation, centre, case number and date.
- Numbered sections whose heading is never the last thing on a page: a heading stays
  with the first lines of its section, and a short section (``keep_together``) moves
  whole to the next page rather than leave a few lines behind.
- Label and value pairs in which the value is an isolate (FSI ... PDI), so that a Latin
  name on an Arabic page, or an Arabic date, cannot tear the line around it.
- Signature blocks: name, profession, date signed and a line to sign by hand.
- Rule references in an annex at the end, never in headings.
- On every page, "page X of Y" and the confidentiality line, placed for the reading
  direction: the line starts where a reader starts (right on a right-to-left page).

Every word the document itself draws is a msgid passed in by the caller (see
``Document.label``), looked up in the active catalog; the data (names, free text)
is drawn as entered. Lines are laid out before any page is drawn, so the page count is
known for the footers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.i18n import N_, active_language, format_number, is_rtl, translations_for
from app.reports.bidi import FSI, PDI
from app.reports.text import Line, Style, break_lines, draw, layout_line, missing_characters

MARGIN = 56
FOOTER_Y = 30
BODY = 10
HEADING = 12.5
TITLE = 17
SMALL = 8

_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Text without bidi control characters (Babel puts RLM and ALM in Arabic dates)."""
    return _CONTROLS.sub("", text)


def isolate(value: str) -> str:
    """A value that keeps its own direction inside any line (first-strong isolate)."""
    return f"{FSI}{plain(value)}{PDI}"


@dataclass
class _Item:
    lines: list[tuple[Line, float]]  # (line, indent)
    space_before: float = 0.0
    keep_with_next: bool = False
    keep_together: bool = False
    rule_after: bool = False  # a line to sign on, drawn under the item
    picture: tuple[bytes, float, float] | None = None  # a JPEG, its width and height (pt)

    @property
    def height(self) -> float:
        return (
            self.space_before
            + (self.picture[2] + 6 if self.picture else 0)
            + sum(line.height for line, _ in self.lines)
            + (28 if self.rule_after else 0)
        )


@dataclass
class Document:
    """Lay out a case-file document in the active language, then ``build()`` it."""

    title: str  # already translated
    case_number: str
    language: str = field(default_factory=active_language)
    drawn_msgids: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Drawn on the first page after its text (a referral's QR code): f(canvas, document).
    first_page: list[Callable[[Canvas, Document], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rtl = is_rtl(self.language)
        self.nastaliq = self.language == "ur"
        self.width, self.height = A4
        self.usable = self.width - 2 * MARGIN
        self._items: list[_Item] = []
        self._section = 0
        self._annex: list[tuple[int, str]] = []

    # -- words of the document -------------------------------------------------------

    def tr(self, msgid: str) -> str:
        """A msgid in the document's language, which need not be the UI's (a referral is
        printed in its recipient's language)."""
        return translations_for(self.language).gettext(msgid)

    def label(self, msgid: str) -> str:
        """A msgid translated; remembered so a test can check each is in the catalog."""
        self.drawn_msgids.append(msgid)
        return self.tr(msgid)

    def style(self, size: float = BODY, bold: bool = False) -> Style:
        return Style(
            size=size, bold=bold, rtl=self.rtl, language=self.language, nastaliq=self.nastaliq
        )

    # -- blocks ------------------------------------------------------------------------

    def _lines(self, text: str, style: Style, indent: float) -> list[tuple[Line, float]]:
        for ch in missing_characters(text):
            if ch not in self.missing:
                self.missing.append(ch)
        return [
            (layout_line(part, style), indent)
            for part in break_lines(text, style, self.usable - indent)
        ]

    def paragraph(
        self,
        text: str,
        *,
        size: float = BODY,
        bold: bool = False,
        indent: float = 0,
        space_before: float = 0,
        keep_with_next: bool = False,
    ) -> None:
        style = self.style(size, bold)
        self._items.append(
            _Item(
                self._lines(text, style, indent),
                space_before=space_before,
                keep_with_next=keep_with_next,
            )
        )

    def heading_block(self, rows: list[tuple[str, str]]) -> None:
        """The title and the identifying rows (label msgid, value) under it."""
        self.paragraph(self.title, size=TITLE, bold=True, keep_with_next=True)
        self._items[-1].lines[-1:] = [
            (replace(line, height=line.height + 6), indent)
            for line, indent in self._items[-1].lines[-1:]
        ]
        for msgid, value in rows:
            self.pair(msgid, value, indent=0, keep_with_next=True)
        self._items[-1].keep_with_next = False

    def section(self, msgid: str, rules: str = "", *, keep_together: bool = False) -> None:
        """A numbered heading; ``rules`` (e.g. "A1") go to the annex, not the heading."""
        self._section += 1
        heading = self.tr(N_("{number}. {heading}")).format(
            number=format_number(self._section, self.language), heading=self.label(msgid)
        )
        self._items.append(
            _Item(
                self._lines(heading, self.style(HEADING, True), 0),
                space_before=10,
                keep_with_next=True,
                keep_together=keep_together,
            )
        )
        if rules:
            self._annex.append((self._section, rules))
        self._keep_together = keep_together

    def pair(
        self,
        msgid: str,
        value: str,
        *,
        indent: float = 8,
        keep_with_next: bool = False,
        composed: bool = False,
    ) -> None:
        """``label: value``. A value is one isolate; a ``composed`` value (a translated
        pattern whose data parts are isolates already) takes the page's direction."""
        shown = (value or "—") if composed else isolate(value or "—")
        text = self.tr(N_("{label}: {value}")).format(label=self.label(msgid), value=shown)
        self.paragraph(text, indent=indent, keep_with_next=keep_with_next)
        if self._items and getattr(self, "_keep_together", False):
            self._items[-1].keep_together = True

    def line(self, text: str, *, indent: float = 8, bold: bool = False) -> None:
        self.paragraph(text, indent=indent, bold=bold)
        if getattr(self, "_keep_together", False):
            self._items[-1].keep_together = True

    def picture(self, jpeg: bytes, width: float, height: float, *, indent: float = 8) -> None:
        """A JPEG drawn ``width`` x ``height`` points, on the reading side; embedded as it
        is (reportlab passes a JPEG through), kept with the section it belongs to."""
        self._items.append(_Item([], space_before=4, picture=(jpeg, width, height)))
        self._picture_indent = indent
        if getattr(self, "_keep_together", False):
            self._items[-1].keep_together = True

    def signature(self, name: str, profession: str, signed: str) -> None:
        """Name, profession, date signed, and a line to sign by hand, kept together."""
        self.signature_rows(
            [(N_("Name"), name), (N_("Profession"), profession), (N_("Date signed"), signed)]
        )

    def signature_rows(self, rows: list[tuple[str, str]]) -> None:
        """Rows (label msgid, value; an empty value leaves a line to write on) and a line
        to sign by hand, kept together."""
        style = self.style()
        lines = []
        for msgid, value in rows:
            text = self.tr(N_("{label}: {value}")).format(
                label=self.label(msgid), value=isolate(value) if value else "_" * 24
            )
            lines += self._lines(text, style, 8)
        lines += self._lines(self.label(N_("Signature")), style, 8)
        self._items.append(_Item(lines, space_before=8, keep_together=True, rule_after=True))

    def annex(self, msgid: str, pattern_msgid: str) -> None:
        """The rule references of the numbered sections, as the last section."""
        if not self._annex:
            return
        self._keep_together = False
        self.section(msgid)
        for number, rules in self._annex:
            self.line(
                self.tr(pattern_msgid).format(
                    number=format_number(number, self.language), rules=rules
                )
            )
            self.drawn_msgids.append(pattern_msgid)

    # -- pages -------------------------------------------------------------------------

    def _paginate(self) -> list[list[_Item]]:
        room = self.height - 2 * MARGIN - 10
        items: list[_Item] = []
        for item in self._items:  # an item longer than a page is cut between lines
            while item.height > room and len(item.lines) > 1:
                first, item = _split(item, room)
                items.append(first)
            items.append(item)
        pages: list[list[_Item]] = [[]]
        left = room
        i = 0
        while i < len(items):
            # The group that must start on this page: an item kept with the next takes
            # it (a heading its first lines); a section kept together takes all of it.
            j = i
            while items[j].keep_with_next and j + 1 < len(items):
                j += 1
            if items[i].keep_together or items[j].keep_together:
                while (
                    j + 1 < len(items)
                    and items[j + 1].keep_together
                    and items[j + 1].space_before < 10
                ):
                    j += 1
            group = items[i : j + 1]
            needed = sum(g.height for g in group)
            if needed > room:  # too long to keep: at least the heading and a line
                needed = sum(g.height for g in group[:2])
            if needed > left and pages[-1]:
                pages.append([])
                left = room
            for item in group:
                if item.height > left and pages[-1]:
                    pages.append([])
                    left = room
                pages[-1].append(item)
                left -= item.height
            i = j + 1
        return pages

    def build(self) -> bytes:
        # Binary streams: reportlab's ASCII85 of the embedded fonts is pure Python here
        # and took 80 ms of a record's build.
        rl_config.useA85 = 0
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        canvas.setTitle(self.title)
        canvas.setAuthor("Harbour")
        canvas.setSubject(self.case_number)
        canvas._doc.Catalog.Lang = _pdf_language(self.language)
        pages = self._paginate()
        total = len(pages)
        for number, items in enumerate(pages, start=1):
            y = self.height - MARGIN
            for index, item in enumerate(items):
                if index:
                    y -= item.space_before
                if item.picture:
                    y = self._draw_picture(canvas, item.picture, y)
                for line, indent in item.lines:
                    y -= line.ascent
                    self._draw(canvas, line, indent, y)
                    y -= line.height - line.ascent
                if item.rule_after:
                    y -= 22
                    start, end = (
                        (self.width - MARGIN - 8 - 220, self.width - MARGIN - 8)
                        if self.rtl
                        else (MARGIN + 8, MARGIN + 8 + 220)
                    )
                    canvas.setLineWidth(0.6)
                    canvas.line(start, y, end, y)
                    y -= 6
            if number == 1:
                for decorate in self.first_page:
                    decorate(canvas, self)
            self._footer(canvas, number, total)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def _draw_picture(self, canvas: Canvas, picture: tuple[bytes, float, float], y: float) -> float:
        from reportlab.lib.utils import ImageReader

        jpeg, width, height = picture
        indent = getattr(self, "_picture_indent", 8)
        x = self.width - MARGIN - indent - width if self.rtl else MARGIN + indent
        y -= height
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), x, y, width, height)
        return y - 6

    def _draw(self, canvas: Canvas, line: Line, indent: float, y: float) -> None:
        if self.rtl:
            draw(canvas, line, self.width - MARGIN - indent - line.width, y, line_size(line))
        else:
            draw(canvas, line, MARGIN + indent, y, line_size(line))

    def _footer(self, canvas: Canvas, page: int, pages: int) -> None:
        style = self.style(SMALL)
        confidential = layout_line(
            self.tr(N_("Confidential: personal data of a child. Case {case}")).format(
                case=isolate(self.case_number)
            ),
            style,
        )
        count = layout_line(
            self.tr(N_("Page {page} of {pages}")).format(
                page=format_number(page, self.language), pages=format_number(pages, self.language)
            ),
            style,
        )
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, FOOTER_Y + 12, self.width - MARGIN, FOOTER_Y + 12)
        if self.rtl:  # the reader starts on the right: confidentiality there, count left
            draw(canvas, confidential, self.width - MARGIN - confidential.width, FOOTER_Y, SMALL)
            draw(canvas, count, MARGIN, FOOTER_Y, SMALL)
        else:
            draw(canvas, confidential, MARGIN, FOOTER_Y, SMALL)
            draw(canvas, count, self.width - MARGIN - count.width, FOOTER_Y, SMALL)


def line_size(line: Line) -> float:
    return line.size


def _split(item: _Item, room: float) -> tuple[_Item, _Item]:
    used = item.space_before
    cut = 0
    for line, _indent in item.lines:
        if used + line.height > room:
            break
        used += line.height
        cut += 1
    cut = max(cut, 1)
    return (
        _Item(item.lines[:cut], item.space_before),
        _Item(item.lines[cut:], 0, item.keep_with_next, item.keep_together, item.rule_after),
    )


def _pdf_language(language: str) -> str:
    from reportlab.pdfbase.pdfdoc import PDFString

    return PDFString({"prs": "fa-AF"}.get(language, language))
