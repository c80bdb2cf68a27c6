"""``harbour-desktop --self-test`` / ``python -m ui --self-test``: is this install whole?

Runs the real parts in a temporary folder that is deleted afterwards: a vault with the
real Argon2id cost, sign-in, a synthetic case through the write path, the doctor, the
translations, the bundled fonts and Qt offscreen. Prints one line per check; exit 0 when
every check passes. Never touches the user's own vault.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "quiet lantern 2026 anchor"


def _vault_round_trip(folder: Path) -> str:
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import auth, cases, maintenance, setup

    session, _code = setup.create_vault(
        folder,
        organisation="Self-test",
        centre="Self-test Centre",
        user_name="Self Test",
        passphrase=PASSPHRASE,
    )
    session.close()
    start = time.perf_counter()
    session = auth.sign_in(folder, "Self Test", PASSPHRASE)
    unlock_ms = (time.perf_counter() - start) * 1000
    try:
        cases.register_case(
            session,
            CaseDraft(names=Names(given="ሰላም", given_latin="Selam"), birth=Birth(declared_age=14)),
        )
        report = maintenance.doctor(session)
        if not report.healthy:
            raise RuntimeError("; ".join(report.problems))
    finally:
        session.close()
    return f"unlock {unlock_ms:.0f} ms"


def _translations() -> str:
    from app.i18n import available_languages, translations_for

    languages = available_languages()
    for language in languages:
        translations_for(language)
    return ", ".join(languages)


def _qt_and_fonts() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts

    app = QApplication.instance() or QApplication([])
    families = register_fonts()
    del app
    if not families:
        raise RuntimeError("no bundled font could be loaded")
    return ", ".join(families)


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


def run() -> int:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("translations", _translations),
        ("Qt and bundled fonts", _qt_and_fonts),
        ("voice", _voice),
    ]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="harbour-selftest-") as tmp:
        checks.insert(0, ("encrypted vault", lambda: _vault_round_trip(Path(tmp) / "vault")))
        for name, check in checks:
            try:
                print(f"ok    {name}: {check()}")
            except Exception as exc:  # a self-test reports every failure, then exits 1
                failed += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
    return 1 if failed else 0
