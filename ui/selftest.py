"""``harbour-desktop --self-test`` / ``python -m ui --self-test``: is this install whole?

Runs the real parts in a temporary folder that is deleted afterwards, in the order a
centre would notice them missing:

1. an encrypted vault at the real Argon2id cost: created, signed in to, a case with an
   Arabic-script name written and read back, the doctor;
2. every catalog (UI and information screens, every language) loaded, and the language
   names the pickers search; two pairs of names compared as the duplicate check does;
3. a document with an Arabic, a Dari (with ZWNJ) and a Tigrinya name, set by the report
   engine (python-bidi's rules, HarfBuzz shaping through uharfbuzz, reportlab, the bundled
   Noto fonts), then read back from the PDF's own text layer: each name must come back
   equal, letter for letter;
4. Qt offscreen with the bundled fonts, and names sorted in Arabic, Dari, English and
   Ukrainian order (ICU's collation, which the Linux bundle keeps from a trimmed ICU);
5. a dashboard chart drawn offscreen (QtCharts: its bars must be there) and a document's
   page drawn from its PDF by QtPdf, then sent to a PDF printer as ui/printing.py sends a
   referral form to a real one;
6. the sync client (httpx) asking a server on 127.0.0.1 whether it is up (this process
   answers; no network);
7. the main window, opened offscreen on the self-test's vault: the sign-in page lists the
   self-test user, the passphrase is typed, and the case list appears;
8. the voice process started (no system voice is not a failure: the presenter says so).

Prints one line per step (``ok`` or ``FAIL`` with the reason) and exits 1 when any step
fails. Never touches the user's own vault or settings. Needs no network and, in the
installed bundle, no Python on the machine.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QColor, QImage

PASSPHRASE = "quiet lantern 2026 anchor"
USER = "Self Test"

# The names the document must give back: Arabic, Dari with a zero-width non-joiner (the
# letters on either side must not join), and Tigrinya in Ethiopic script.
NAMES = {
    "Arabic": "محمد عبد الله",
    "Dari": "گل‌احمد نوری",
    "Tigrinya": "ሰላም ገብረሚካኤል",
}


def _version() -> str:
    from app import __version__

    where = "bundle" if getattr(sys, "frozen", False) else "source"
    return f"Harbour {__version__} ({where}, Python {sys.version.split()[0]})"


def _vault_round_trip(folder: Path) -> str:
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import auth, cases, maintenance, setup

    start = time.perf_counter()
    session, _code = setup.create_vault(
        folder,
        organisation="Self-test",
        centre="Self-test Centre",
        user_name=USER,
        passphrase=PASSPHRASE,
    )
    session.close()
    created_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    session = auth.sign_in(folder, USER, PASSPHRASE)
    unlock_ms = (time.perf_counter() - start) * 1000
    try:
        row = cases.register_case(
            session,
            CaseDraft(
                names=Names(given=NAMES["Arabic"], given_latin="Mohammed Abdullah"),
                birth=Birth(declared_age=14),
            ),
        )
        detail = cases.open_case(session, row.id)
        if detail.draft.names.given != NAMES["Arabic"]:
            raise RuntimeError("the case read back differs from the case written")
        report = maintenance.doctor(session)
        if not report.healthy:
            raise RuntimeError("; ".join(report.problems))
    finally:
        session.close()
    return f"created {created_ms:.0f} ms, sign-in {unlock_ms:.0f} ms, case {row.case_number}"


def _catalogs() -> str:
    from app.i18n import (
        INFORMATION_DOMAIN,
        SOURCE_LANGUAGE,
        available_languages,
        content_languages,
        translations_for,
    )
    from app.i18n.names import language_entries

    loaded = 0
    for domain, languages in (
        ("harbour", available_languages()),
        (INFORMATION_DOMAIN, content_languages()),
    ):
        for language in languages:
            if language == SOURCE_LANGUAGE:
                continue
            catalog = translations_for(language, domain)
            if len(getattr(catalog, "_catalog", {})) < 2:
                raise RuntimeError(f"the {domain} catalog of {language!r} is empty")
            loaded += 1
    tigrinya = next((e for e in language_entries("en") if e.code == "tir"), None)
    if tigrinya is None or tigrinya.autonym != "ትግርኛ":
        raise RuntimeError("the languages' own names (app/i18n/autonyms.json) are missing")
    return f"{loaded} catalogs; UI in " + ", ".join(available_languages())


def _name_matching() -> str:
    """The duplicate check's name comparison (app.domain.names on rapidfuzz's native
    distances; build_installer.spec keeps only rapidfuzz's generic copy)."""
    from rapidfuzz.distance import Levenshtein

    from app.domain.names import compare_names, tokens

    same = compare_names(tokens("Mohammed"), tokens("Muhammad")).score
    other = compare_names(tokens("Selam"), tokens("Yusuf")).score
    if same < 0.75 or other > 0.1:
        raise RuntimeError(f"Mohammed ~ Muhammad {same:.2f}, Selam ~ Yusuf {other:.2f}")
    module = Levenshtein.distance.__module__ or "?"
    return f"Mohammed ~ Muhammad {same:.2f}, Selam ~ Yusuf {other:.2f} ({module})"


# ---- a PDF's text layer, read without any PDF library --------------------------------
# Enough of PDF for what app/reports writes: objects, Flate streams, fonts with a
# ToUnicode CMap, and "<code> Tj" shows. Each BT ... ET block is one line.

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"/Length (\d+).*?stream\r?\n", re.S)
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_SHOW = re.compile(rb"/([^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj|ET")


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if found is None:
        return b""
    data = body[found.end() : found.end() + int(found.group(1))]
    return zlib.decompress(data) if b"/FlateDecode" in body[: found.end()] else data


def pdf_lines(pdf: bytes) -> list[str]:
    """The text of each line of ``pdf``, in the order the content streams write it."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}
    maps: dict[str, dict[int, str]] = {}
    for body in objects.values():
        name = re.search(rb"/Name\s*/([^\s/>]+)", body)
        unicode_ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", body)
        if b"/Type /Font" in body and name and unicode_ref:
            cmap = _stream(objects[int(unicode_ref.group(1))])
            maps[name.group(1).decode()] = {
                int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for block in _BFCHAR_BLOCK.findall(cmap)
                for code, text in _BFCHAR.findall(block)
            }
    lines: list[str] = []
    for body in objects.values():
        if b"/Type /Font" in body or b"/Length" not in body:
            continue
        content = _stream(body)
        if b"Tj" not in content:
            continue
        current: dict[int, str] = {}
        line: list[str] = []
        for font, hexcodes, literal in _SHOW.findall(content):
            if font:
                current = maps.get(font.decode(), {})
            elif hexcodes:
                data = bytes.fromhex(hexcodes.decode())
                line.extend(current.get(b, chr(b)) if current else chr(b) for b in data)
            elif literal:
                line.append(literal.decode("latin-1"))
            elif line:
                lines.append("".join(line))
                line = []
    return lines


def _document() -> str:
    from app.i18n import set_language
    from app.reports.layout import Document

    set_language("en")
    doc = Document(title="Harbour self-test", case_number="SELF-TEST-0001")
    doc.heading_block([("Centre", "Self-test Centre"), ("Case number", "SELF-TEST-0001")])
    doc.section("Names")
    for language, name in NAMES.items():
        doc.pair(language, name)
    start = time.perf_counter()
    pdf = doc.build()
    build_ms = (time.perf_counter() - start) * 1000
    if doc.missing:
        raise RuntimeError(f"no bundled font draws {doc.missing!r}")
    text = "\n".join(unicodedata.normalize("NFC", line) for line in pdf_lines(pdf))
    wrong = [language for language, name in NAMES.items() if name not in text]
    if wrong:
        raise RuntimeError(f"the PDF does not give back the {', '.join(wrong)} name")
    return f"{len(pdf) // 1024} KB in {build_ms:.0f} ms; " + ", ".join(NAMES) + " read back equal"


def _qt_and_fonts() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts

    app = QApplication.instance() or QApplication([])
    families = register_fonts()
    del app
    if not families:
        raise RuntimeError("no bundled font could be loaded")
    return f"{len(families)} families: " + ", ".join(families)


# Names in each UI locale's alphabetical order (ICU's collation through QCollator: Qt's file
# dialog and any locale-aware sort). Code-point order differs for every list, so a bundle
# whose ICU data lost the collation tables fails here (tools/icu_trim.py keeps them).
SORTED_NAMES = {
    "ar": ["أحمد", "بلال", "پری", "زينب", "گل", "يوسف"],
    "fa_AF": ["احمد", "بلال", "پری", "زینب", "گل", "یوسف"],
    "en": ["ahmad", "Émile", "Łukasz", "Ozan", "Öztürk", "Zoë"],
    "uk": ["Андрій", "Ґанна", "Євген", "Іван", "Ярослав"],
}


def _sorting() -> str:
    from PySide6.QtCore import QCollator, QLocale

    for locale, expected in SORTED_NAMES.items():
        collator = QCollator(QLocale(locale))
        found = sorted(reversed(expected), key=collator.sortKey)
        if found != expected:
            raise RuntimeError(f"{locale}: {' < '.join(found)}")
    return "names in alphabetical order in " + ", ".join(SORTED_NAMES)


def _ink(image: QImage, color: QColor | None = None) -> int:
    """Pixels of ``image`` (every 2nd row and column) of ``color``, or dark when None."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if color is None:
                count += pixel.lightness() < 96 and pixel.alpha() > 0
            else:
                count += pixel.rgb() == color.rgb()
    return count


def _chart_and_pdf_page(folder: Path) -> str:
    """A dashboard chart drawn (QtCharts) and a document's page drawn from its PDF (QtPdf),
    as ui/printing.py draws a referral form for a real printer: what build_installer.spec
    must keep when it trims Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QPalette
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from app.i18n import set_language
    from app.reports.layout import Document
    from ui.dashboard.charts import ChartPanel
    from ui.printing import render_onto_printer

    app = QApplication.instance() or QApplication([])
    set_language("en")
    panel = ChartPanel()
    panel.resize(480, 300)
    panel.set_data("Self-test", [("A", 3), ("B", 7), ("C", 5)])
    chart = panel.grab().toImage()
    bars = _ink(chart, panel.palette().color(QPalette.ColorRole.Highlight))
    panel.deleteLater()
    if bars < 200:
        raise RuntimeError(f"the chart drew no bars ({bars} bar pixels)")

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    doc = Document(title="Harbour self-test", case_number="SELF-TEST-0002")
    doc.section("Names")
    for language, name in NAMES.items():
        doc.pair(language, name)
    pdf = doc.build()
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise RuntimeError(f"QtPdf did not open the document ({document.status().name})")
    page = document.render(0, QSize(595, 842))
    ink = _ink(page)
    if ink < 100:
        raise RuntimeError(f"QtPdf drew an empty page ({ink} dark pixels)")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / "printed.pdf"))
    pages = render_onto_printer(pdf, printer)
    if not (folder / "printed.pdf").stat().st_size:
        raise RuntimeError("nothing reached the printer")
    del app
    return f"chart {bars} bar pixels; {pages} PDF page(s) drawn, {ink} dark pixels"


def _sync_client() -> str:
    """The laptop's sync client (httpx) asks a server on 127.0.0.1 whether it is up: a
    real HTTP exchange (this thread answers as the server would), with no network."""
    import socket
    import threading

    from app.sync import wire
    from app.sync.client import Client

    body = wire.HealthResponse(status="ok", protocol=wire.PROTOCOL_VERSION).model_dump_json()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(20)
    asked: list[bytes] = []

    def answer() -> None:
        try:
            connection, _address = listener.accept()
        except OSError:
            return
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            asked.append(request.split(b"\r\n", 1)[0])
            data = body.encode()
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
                + data
            )

    server = threading.Thread(target=answer, daemon=True)
    server.start()
    try:
        port = listener.getsockname()[1]
        with Client(f"http://127.0.0.1:{port}") as client:
            health = client.health()
    finally:
        server.join(20)
        listener.close()
    if health.status != "ok" or asked != [b"GET /health HTTP/1.1"]:
        raise RuntimeError(f"unexpected exchange: {asked!r}")
    import httpx

    return f"httpx {httpx.__version__}: GET /health answered ok (protocol {health.protocol})"


def _wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _main_window(folder: Path) -> str:
    """The real main window on the self-test's vault: sign-in page, then the case list."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.config import AppSettings
    from ui.fonts import apply_ui_font, register_fonts
    from ui.language import apply_language
    from ui.shell import ShellWindow

    app = QApplication.instance() or QApplication([])
    register_fonts()
    apply_ui_font(app)
    apply_language("en")
    start = time.perf_counter()
    window = ShellWindow(AppSettings(vault_folder=str(folder), language="en"))
    try:
        window.show()
        page = window.sign_in_page
        if page is None or not _wait_for(lambda: window.current_page() is page, 10):
            raise RuntimeError("the sign-in page did not open")
        shown_ms = (time.perf_counter() - start) * 1000
        if page.selected_user() != USER:
            raise RuntimeError("the sign-in page does not list the self-test user")
        page.passphrase.setText(PASSPHRASE)
        page.submit.click()
        if not _wait_for(lambda: window.current_page() is window.main_page, 60):
            raise RuntimeError("signing in from the window did not open the case list")
        signed_ms = (time.perf_counter() - start) * 1000 - shown_ms
    finally:
        window.close()
        window.deleteLater()
        _wait_for(lambda: False, 0.2)
    del app
    return f"sign-in page after {shown_ms:.0f} ms, case list {signed_ms:.0f} ms after submit"


def _voice() -> str:
    """Starts the real voice process (in the bundle: this program with --speech-helper) and
    lists the languages it can read. No voice is not a failure: the presenter says so."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.i18n import content_languages
    from ui.presenter.voice import DID_NOT_START, ENDED, NONE, Voice

    app = QApplication.instance() or QApplication([])
    voice = Voice()
    loop = QEventLoop()
    voice.changed.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    voice.start()
    loop.exec()
    voice.shutdown_and_wait()
    del app
    if DID_NOT_START in voice.problems or ENDED in voice.problems:  # the bundle is broken
        raise RuntimeError("; ".join(voice.problems))
    readable = [c for c in content_languages() if voice.kind(c, "welcome") != NONE]
    if readable:
        return "read aloud in " + ", ".join(readable)
    return "no system voice on this machine (" + "; ".join(voice.problems or ["none"]) + ")"


STEPS = (
    "encrypted vault",
    "catalogs",
    "name matching (rapidfuzz)",
    "document in Arabic, Dari and Tigrinya",
    "Qt and bundled fonts",
    "sorting names (ICU collation)",
    "chart and PDF page (QtCharts, QtPdf)",
    "sync client (httpx)",
    "main window",
    "voice",
)


def run() -> int:
    print(_version(), flush=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="harbour-selftest-") as tmp:
        # Settings, logs and sign-in counts of this run stay in the temporary folder too.
        os.environ["HARBOUR_HOME"] = str(Path(tmp) / "home")
        vault = Path(tmp) / "vault"
        checks: dict[str, Callable[[], str]] = {
            "encrypted vault": lambda: _vault_round_trip(vault),
            "catalogs": _catalogs,
            "name matching (rapidfuzz)": _name_matching,
            "document in Arabic, Dari and Tigrinya": _document,
            "Qt and bundled fonts": _qt_and_fonts,
            "sorting names (ICU collation)": _sorting,
            "chart and PDF page (QtCharts, QtPdf)": lambda: _chart_and_pdf_page(Path(tmp)),
            "sync client (httpx)": _sync_client,
            "main window": lambda: _main_window(vault),
            "voice": _voice,
        }
        for name in STEPS:
            try:
                print(f"ok    {name}: {checks[name]()}", flush=True)
            except Exception as exc:  # a self-test reports every failure, then exits 1
                failed += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
    return 1 if failed else 0
