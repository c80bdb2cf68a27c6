"""Printing a referral form (issue 15, item 9 in the window): managers only
(PRINT_REFERRAL); refused before any dialog opens while the recipient, the consent or the
legal basis is missing, naming what is [G9][R3]; then Qt's print dialog.

- A printer whose output is PDF (Qt's "Print to File (PDF)"): our own reportlab PDF is
  written to the chosen file through ``files.save_referral_pdf`` (the one private writer:
  never into a vault folder, never through a link). Qt's own PDF of the painted pages is
  never made: the file is the same document ``harbour referral pdf`` writes, text and all.
- A real printer: the same PDF, built in memory (``files.referral_pdf``), is drawn page by
  page onto the QPrinter with QtPdf (``QPdfDocument``); nothing is written to disk.
- "Save as PDF…": a file dialog, then the same writer.

Every print is audited by the service that gives the form's data (``referrals.form_data``
[G10]), after the person chose where it goes (a cancelled dialog prints nothing and
audits nothing)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.domain.roles import Permission
from app.services import files as file_service
from app.services import referrals as referral_service
from app.services.session import Session
from ui.common import MessageLabel, _, isolate
from ui.operations import OperationRunner, error_text

RENDER_DPI = 300  # pages drawn for a printer at most at this resolution (A4: 2480 x 3508)


def render_onto_printer(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of ``pdf`` onto ``printer`` (QtPdf renders each page to an image
    at the printer's resolution, at most RENDER_DPI). Returns the pages drawn."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise ValueError("the referral form could not be read back for printing")
    printer.setFullPage(True)  # the form has its own margins
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    dpi = min(printer.resolution(), RENDER_DPI)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


class ReferralPrinting(QObject):
    """The print and save flows of one screen; messages go to ``message``."""

    def __init__(
        self,
        parent: QWidget,
        operations: OperationRunner,
        message: MessageLabel,
        *,
        notice: bool = False,
    ) -> None:
        """``notice``: the form printed is the missing-child notice [G12] (the police
        referral's form), and the messages say so."""
        super().__init__(parent)
        self._notice = notice
        self._widget = parent
        self._ops = operations
        self._message = message
        self.dialog: QPrintDialog | None = None  # the print dialog open now (tests)
        self.printer: QPrinter | None = None

    def _refused(self, session: Session) -> bool:
        if session.may(Permission.PRINT_REFERRAL):
            return False
        self._message.show_message(_("Only a manager prints or saves referral forms."))
        return True

    def _checked(self, session: Session, referral_id: str, then: Any) -> None:
        """[G9][R3] What is missing before sharing, asked before any dialog opens."""
        if self._refused(session):
            return
        self._message.clear()

        def answered(problems: list[str]) -> None:
            if problems:
                self._message.show_message(
                    _("The referral form cannot be printed or saved: {missing}").format(
                        missing="; ".join(problems)
                    )
                )
            else:
                then()

        self._ops.run(
            lambda: referral_service.sharing_problems(session, referral_id),
            on_success=answered,
            on_failure=self._on_failed,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._message.show_message(error_text(exc))

    def _saved(self, path: str, saved: Any) -> None:
        if self._notice:
            text = _("The missing-child notice is saved to {path}.").format(path=isolate(path))
        else:
            text = _("The referral form is saved to {path}.").format(path=isolate(path))
        self._message.show_message(" ".join(t for t in (text, saved.warning) if t))

    # -- print --------------------------------------------------------------------------
    def print_form(
        self,
        session: Session,
        case_id: str,
        referral_id: str,
        referral_type: str,
        case_number: str,
    ) -> None:
        self._checked(
            session,
            referral_id,
            lambda: self._open_dialog(session, case_id, referral_type, case_number),
        )

    def _open_dialog(
        self, session: Session, case_id: str, referral_type: str, case_number: str
    ) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"referral-{case_number}-{referral_type}")
        dialog = QPrintDialog(printer, self._widget.window())
        dialog.setWindowTitle(
            _("Print the missing-child notice") if self._notice else _("Print the referral form")
        )
        dialog.accepted.connect(
            lambda: self._on_dialog_accepted(session, case_id, referral_type, printer)
        )
        dialog.finished.connect(self._on_dialog_finished)
        self.printer, self.dialog = printer, dialog
        QDialog.open(dialog)

    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _on_dialog_accepted(
        self, session: Session, case_id: str, referral_type: str, printer: QPrinter
    ) -> None:
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            path = printer.outputFileName()
            if not path:
                self._message.show_message(_("Choose a file to print to."))
                return
            self._write(session, case_id, referral_type, path)
            return
        name = printer.printerName()

        def build() -> bytes:
            data = referral_service.form_data(session, case_id, referral_type)
            return file_service.referral_pdf(session, data)

        def printed(pdf: bytes) -> None:
            try:
                render_onto_printer(pdf, printer)
            except (OSError, ValueError):
                self._message.show_message(
                    _("The printer {name} could not print the form.").format(name=isolate(name))
                )
                return
            if self._notice:
                text = _("The missing-child notice is sent to the printer {name}.")
            else:
                text = _("The referral form is sent to the printer {name}.")
            self._message.show_message(text.format(name=isolate(name)))

        self._ops.run(build, on_success=printed, on_failure=self._on_failed)

    def _write(self, session: Session, case_id: str, referral_type: str, path: str) -> None:
        # The dialog asked before choosing an existing file: yes there means replace it.
        # Anything else (a vault folder, a link) is refused by the service, in one line.
        replace = os.path.lexists(path)

        def write() -> Any:
            file_service.check_output(path, replace=replace)  # refused before any audit
            data = referral_service.form_data(session, case_id, referral_type)
            return file_service.save_referral_pdf(session, data, path, replace=replace)

        self._ops.run(
            write, on_success=lambda saved: self._saved(path, saved), on_failure=self._on_failed
        )

    # -- save as PDF ---------------------------------------------------------------------
    def save_pdf(
        self,
        session: Session,
        case_id: str,
        referral_id: str,
        referral_type: str,
        case_number: str,
    ) -> None:
        def choose() -> None:
            name = f"referral-{case_number}-{referral_type}".replace(":", "-")
            suggested = str(Path.home() / f"{name}.pdf")
            path, _filter = QFileDialog.getSaveFileName(
                self._widget, _("Save the referral form"), suggested, _("PDF files (*.pdf)")
            )
            if path:
                self._write(session, case_id, referral_type, path)

        self._checked(session, referral_id, choose)
