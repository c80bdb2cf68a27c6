"""Referrals, missing children and printing in the case view (issue 15, items 1, 7 and 9
in the window): a manager prints through Qt's print dialog to a PDF file that reads back
with the child's case number; an intake officer is refused; printing without consent is
refused naming what is missing [G9][R3]; marking a child missing shows the banner on every
page within a second and "mark found" removes it [G11]-[G13]."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.domain.roles import Role
from app.services import auth, cases, guardians, missing, referrals, users
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_age import open_case, sign_in_as

pytestmark = pytest.mark.gui

WAIT = 10_000
INTAKE, INTAKE_PASS = "Intake Three", "harbour intake 26 lamp"
SHOTS = Path(os.environ["HARBOUR_TEST_SHOTS"]) if os.environ.get("HARBOUR_TEST_SHOTS") else None


@pytest.fixture
def child(vault_dir: Path) -> dict[str, str]:
    """An unaccompanied child (the guardian referral opens at once [G1]), the
    guardianship authority in the directory, and an intake officer."""
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = cases.register_case(
            manager,
            CaseDraft(
                names=Names(
                    given="أمينة", family="يوسف", given_latin="Amina", family_latin="Yusuf"
                ),
                birth=Birth(declared_age=15),
                separation=Separation(status=Accompaniment.UNACCOMPANIED),
            ),
        )
        entry = guardians.add_entry(
            manager,
            name="Guardianship Service North",
            kind="guardianship_authority",
            languages=["en"],
            contact="+00 000 000",
        )
        users.add_user(manager, name=INTAKE, role=Role.INTAKE_OFFICER, passphrase=INTAKE_PASS)
    finally:
        manager.close()
    return {"case_id": row.id, "number": row.case_number, "entry": entry}


def printed(window) -> int:
    vault = window.main_page.cases_page.case_view._session.vault
    return vault.query("SELECT count(*) FROM audit WHERE action = 'print'")[0][0]


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def finish(qtbot, dialog) -> None:
    """Press the dialog's OK button and wait until it closed (the service answered)."""
    closed = []
    dialog.finished.connect(closed.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT)


def guardian_row(section) -> None:
    assert section.select_type("guardian")


def test_the_section_lists_the_guardian_referral_and_records_recipient_and_consent(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_case(qtbot, window, child["case_id"]).case_view.referrals
    qtbot.waitUntil(lambda: bool(section.rows()), timeout=WAIT)
    ((kind, state, recipient, deadline, days),) = section.rows()
    assert (kind, state, recipient) == ("Guardian or representative", "Draft", "Not chosen")
    assert "provisional" in deadline and "left" in days  # [G2] labelled provisional
    guardian_row(section)
    qtbot.mouseClick(section.recipient_button, Qt.MouseButton.LeftButton)
    box = section.recipient_box
    assert box.itemData(box.currentIndex()) == child["entry"]
    finish(qtbot, section.dialog)
    qtbot.waitUntil(lambda: section.rows()[0][2] == "Guardianship Service North", timeout=WAIT)

    # Consent without saying it was granted is refused in the dialog; nothing typed is lost.
    qtbot.mouseClick(section.basis_button, Qt.MouseButton.LeftButton)
    dialog = section.dialog
    legal = section.basis_widgets[4]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Consent granted" in dialog.message.text() and dialog.isVisible()
    legal.setText("National law on guardianship, art. 12")
    finish(qtbot, dialog)
    assert referrals.sharing_problems(section._session, section.items[0].id) == []

    # Declining needs a reason: the send button, then decline without one.
    qtbot.mouseClick(section.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.rows()[0][1] == "Sent", timeout=WAIT)
    qtbot.mouseClick(section.decline_button, Qt.MouseButton.LeftButton)
    dialog = section.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "only with a reason" in dialog.message.text()
    section.reason_box.setPlainText("No guardian free this month")
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: section.rows()[0][1] == "Declined", timeout=WAIT)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_a_manager_prints_through_the_print_dialog_to_a_pdf_file(
    qtbot, make_window, vault_dir: Path, child: dict[str, str], tmp_path: Path
) -> None:
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    (item,) = referrals.case_referrals(manager, child["case_id"])
    referrals.set_recipient(manager, item.id, child["entry"])
    referrals.record_basis(
        manager, item.id, consent_given_by="guardian", language="en", granted=True
    )
    manager.close()
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_case(qtbot, window, child["case_id"]).case_view.referrals
    qtbot.waitUntil(lambda: bool(section.rows()), timeout=WAIT)
    guardian_row(section)
    assert section.print_button.isVisible()
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.printing.dialog is not None, timeout=WAIT)
    assert not section.message.isVisible()
    dialog = section.printing.dialog
    # Qt's own print dialog, driven as a person would: "Print to File (PDF)", a file name.
    (printers,) = [c for c in dialog.findChildren(QComboBox) if c.objectName() == "printers"]
    printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
    (name,) = [e for e in dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
    out = tmp_path / "referral.pdf"
    name.setText(str(out))
    dialog.accept()
    qtbot.waitUntil(lambda: "saved to" in section.message.text(), timeout=WAIT)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert child["number"] in text
    assert printed(window) == 1  # [G10] the print is audited, once


def test_printing_without_consent_is_refused_naming_what_is_missing(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    section = open_case(qtbot, window, child["case_id"]).case_view.referrals
    qtbot.waitUntil(lambda: bool(section.rows()), timeout=WAIT)
    guardian_row(section)
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No recipient is chosen" in section.message.text(), timeout=WAIT)
    referrals.set_recipient(section._session, section.items[0].id, child["entry"])
    for button in (section.print_button, section.save_button):
        section.message.clear()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Record the consent" in section.message.text(), timeout=WAIT)
        # [G9] names what is missing, in words: the rule's id stays out of the message
        assert "or the legal basis" in section.message.text()
        assert "[G9]" not in section.message.text()
    assert section.printing.dialog is None  # no print dialog opened
    assert printed(window) == 0


def test_an_intake_officer_is_refused_printing(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, INTAKE, INTAKE_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    qtbot.waitUntil(lambda: bool(section.rows()), timeout=WAIT)
    assert not section.print_button.isVisibleTo(view)
    assert not section.save_button.isVisibleTo(view)
    assert section.recipient_button.isVisibleTo(view)  # an officer works the referral
    guardian_row(section)
    section.printing.print_form(
        section._session, child["case_id"], section.items[0].id, "guardian", child["number"]
    )
    assert section.message.text() == "Only a manager prints or saves referral forms."
    assert section.printing.dialog is None


def test_marking_missing_shows_the_banner_on_every_page_within_a_second(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    window.resize(1280, 800)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    main = window.main_page
    banner = main.missing_banner
    view = open_case(qtbot, window, child["case_id"]).case_view
    assert view.missing_button.isVisible() and not banner.isVisible()
    qtbot.mouseClick(view.missing_button, Qt.MouseButton.LeftButton)
    dialog = view.missing_dialog
    where = dialog.findChild(QLineEdit, "where")
    dialog.findChild(QLineEdit, "clothing").setText("red hoodie")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Say where" in dialog.message.text()  # refused, what was typed stays
    assert dialog.findChild(QLineEdit, "clothing").text() == "red hoodie"
    where.setText("bus stop by the centre")
    dialog.findChild(QLineEdit, "with_whom").setText("two older boys")
    started = time.monotonic()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(banner.isVisible, timeout=1000)
    assert time.monotonic() - started < 1.0
    assert banner.text.text() == f"1 child is missing: case {child['number']}."
    shot(window, "missing-banner")
    for key in ("cases", "dashboard", "information", "settings"):
        main.show_section(key)
        assert main.current_key() == key
        assert banner.isVisible()
        assert banner.geometry().bottom() <= main.pages.geometry().top()
    main.show_section("settings")
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.current_key() == "cases", timeout=WAIT)
    qtbot.waitUntil(lambda: view.found_button.isVisible(), timeout=WAIT)
    qtbot.waitUntil(
        lambda: any(r[0] == "Police (missing child)" for r in view.referrals.rows()),
        timeout=WAIT,
    )

    qtbot.mouseClick(view.found_button, Qt.MouseButton.LeftButton)
    dialog = view.missing_dialog
    dialog.findChild(QLineEdit, "where").setText("railway station")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=1000)
    # [G13] the return interview is asked for at once
    qtbot.waitUntil(lambda: view.missing_dialog.objectName() == "return_interview_dialog")
    interview = view.missing_dialog
    interview.findChild(QPlainTextEdit, "why_left").setPlainText("Wanted to reach a cousin")
    finish(qtbot, interview)
    assert missing.return_interviews_due(view._session) == []
    qtbot.waitUntil(lambda: view.missing_button.isVisible(), timeout=WAIT)


def test_a_child_marked_missing_elsewhere_shows_within_a_second_by_the_poll(
    qtbot, make_window, vault_dir: Path, child: dict[str, str]
) -> None:
    window = make_window(vault_dir)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    banner = window.main_page.missing_banner
    session = window.main_page.cases_page.case_view._session
    seen = dt.datetime.now(dt.UTC)
    missing.mark_missing(session, child["case_id"], missing.Sighting(seen_at=seen, where="park"))
    qtbot.waitUntil(banner.isVisible, timeout=1100)  # no signal: the one-second poll
    missing.mark_found(session, child["case_id"], found_at=seen, where="park", condition="well")
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=1100)


def test_the_presenter_never_holds_the_banner() -> None:
    presenter = Path(__file__).resolve().parents[2] / "ui" / "presenter"
    for path in presenter.rglob("*.py"):
        source = path.read_text("utf-8")
        assert "missing_banner" not in source and "open_alerts" not in source, path


def test_a_real_printer_gets_the_pages_drawn_by_qtpdf(manager, tmp_path: Path) -> None:
    """The printer path without a printer: the same drawing onto a QPrinter whose output
    is a file, read back page by page."""
    import pypdfium2
    from PySide6.QtPrintSupport import QPrinter

    from app.reports.referral_form import build_referral_pdf
    from bench.referral_pdf import sample
    from ui.printing import render_onto_printer

    pdf = build_referral_pdf(sample("guardian", "en"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = render_onto_printer(pdf, printer)
    assert pages == len(pypdfium2.PdfDocument(pdf))
    drawn = pypdfium2.PdfDocument(str(out))
    assert len(drawn) == pages
    bitmap = drawn[0].render(scale=0.5).to_pil().convert("L")
    assert bitmap.getextrema()[0] < 100  # something dark was drawn: text, not a blank page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_section_the_missing_dialog_and_the_banner_follow_the_language(
    qtbot, make_window, vault_dir: Path, child: dict[str, str], language: str
) -> None:
    """In Arabic the section, the dialog and the banner lay out right to left, in their
    translated words (HARBOUR_TEST_SHOTS=DIR saves each as a PNG to look at)."""
    direction = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    referrals.open_referral(manager, child["case_id"], "health", reason="Asthma, no inhaler")
    manager.close()
    window = make_window(vault_dir, language=language)
    window.resize(1280, 860)
    sign_in_as(qtbot, window, MANAGER, MANAGER_PASS)
    view = open_case(qtbot, window, child["case_id"]).case_view
    section = view.referrals
    qtbot.waitUntil(lambda: len(section.rows()) == 2, timeout=WAIT)
    assert section.layoutDirection() == direction
    assert section.selected() is not None and section.send_button.isEnabled()
    assert section.title().lstrip("\u200f") == ("الإحالات" if language == "ar" else "Referrals")
    bar = view.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)  # laid out
    bar.setValue(section.y() - 8)
    qtbot.wait(50)
    shot(view, f"referrals-{language}")
    qtbot.mouseClick(view.missing_button, Qt.MouseButton.LeftButton)
    dialog = view.missing_dialog
    assert dialog.layoutDirection() == direction
    dialog.findChild(QLineEdit, "where").setText(
        "محطة الحافلات" if language == "ar" else "bus stop"
    )
    qtbot.waitExposed(dialog)
    shot(dialog, f"missing-dialog-{language}")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    banner = window.main_page.missing_banner
    qtbot.waitUntil(banner.isVisible, timeout=1000)
    assert banner.layoutDirection() == direction
    if language == "ar":
        assert "مفقود" in banner.text.text() and child["number"] in banner.text.text()
    window.main_page.show_section("dashboard")
    qtbot.wait(50)
    shot(window, f"missing-banner-{language}")
