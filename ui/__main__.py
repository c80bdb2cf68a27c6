"""The desktop app: ``harbour-desktop`` (or ``python -m ui``).

Start-up is kept short: only what the first window needs is imported before it shows.
``--quit-when-shown`` prints "shown" and exits as soon as the first window is on screen
(for the start-up benchmark). ``--self-test`` checks an installed copy end to end
(``ui/selftest.py``) without opening a window. ``--speech-helper`` runs the process
that reads the presenter's screens aloud (``ui/presenter/speech_helper.py``).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

_STARTED = time.perf_counter()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    # The message and the traceback's locals may quote personal data: log the class only.
    logging.getLogger("harbour.crash").error("unhandled error: %s", kind.__name__)
    sys.__excepthook__(kind, exc, tb)  # type: ignore[arg-type]


# Qt 6.5+ opens X11 windows only with these system libraries; without them Qt aborts
# with a long plugin message. Say plainly what to install instead.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


def missing_window_libraries() -> list[str]:
    """Debian package names of the X11 libraries Qt needs and this system lacks."""
    import ctypes.util
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return []
    if os.environ.get("WAYLAND_DISPLAY") or not os.environ.get("DISPLAY"):
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def _set_identity(app: QApplication) -> None:
    """Version, window icon and the menu entry the desktop matches the window to."""
    from pathlib import Path

    from PySide6.QtGui import QIcon

    from app import __version__

    icon = Path(__file__).resolve().parents[1] / "resources" / "icon" / "harbour-256.png"
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("harbour")
    app.setWindowIcon(QIcon(str(icon)))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if "--speech-helper" in argv:  # the installed bundle's voice process (ui/presenter/voice.py)
        from ui.presenter.speech_helper import run as run_speech_helper

        return run_speech_helper([a for a in argv if a != "--speech-helper"])
    if "--version" in argv:
        from app import __version__

        print(f"harbour-desktop {__version__}")
        return 0
    if "--self-test" in argv:
        from ui.selftest import run

        return run()
    quit_when_shown = "--quit-when-shown" in argv
    argv = [a for a in argv if a != "--quit-when-shown"]

    from app.config import load_settings, private_umask
    from app.i18n import available_languages
    from app.logs import setup_logging
    from app.services.files import protect_install

    # Everything this process creates is private (0700/0600), and an install made before
    # that rule is tightened (app/config.py says how).
    private_umask()
    settings = load_settings()
    protect_install(settings.vault_path)
    setup_logging()
    sys.excepthook = _excepthook
    if settings.language not in available_languages():
        settings.language = "en"

    missing = missing_window_libraries()
    if missing:
        print(
            "Harbour cannot open a window: the system libraries "
            f"{', '.join(missing)} are missing. Install them "
            f"(Debian/Ubuntu: sudo apt-get install {' '.join(missing)}) and start again.",
            file=sys.stderr,
        )
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(argv)
    from ui import gc_guard

    gc_guard.install(app)  # the cycle collector on the GUI thread only (ui/gc_guard.py)
    app.setApplicationName("Harbour")
    app.setOrganizationName("Harbour")
    _set_identity(app)

    from ui.fonts import apply_ui_font, register_fonts
    from ui.language import apply_language

    register_fonts()
    apply_ui_font(app)
    apply_language(settings.language)

    from ui.shell import ShellWindow

    window = ShellWindow(settings)
    window.show()
    elapsed_ms = (time.perf_counter() - _STARTED) * 1000
    logging.getLogger("harbour.ui").info(f"first window shown after {elapsed_ms:.0f} ms")
    if quit_when_shown:
        print("shown", flush=True)
        QTimer.singleShot(0, window.close)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
