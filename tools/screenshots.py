"""Screenshots of the information screens for the README: ``python tools/screenshots.py``.

Builds a throwaway demo vault (synthetic children only, cheap key derivation), opens the
staff launcher and the presenter offscreen at 1280x800 and saves small PNGs (640 px
wide) to docs/. Look at every one after running it: Arabic joined and right to left,
Tigrinya in Ethiopic letters (not boxes), nothing clipped.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

DOCS = ROOT / "docs"
SIZE = (1280, 800)
LAUNCHER_SIZE = (960, 600)  # smaller, so the staff page stays legible at 640 px
WIDTH = 640
# (file, language, topic, screen index within the topic)
PRESENTER_SHOTS = [
    ("presenter-en.png", "en", "guardian", 1),
    ("presenter-ar.png", "ar", "rights", 0),
    ("presenter-ti.png", "ti", "welcome", 3),
]


def save(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    image = widget.grab().toImage()
    small = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    small = small.convertToFormat(QImage.Format.Format_RGB888)
    path = DOCS / name
    if not small.save(str(path), "PNG", 9):
        raise SystemExit(f"could not write {path}")
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return path


def main() -> int:
    from app.domain.information import ChildAnswer
    from app.services import demo, information, setup
    from app.storage.keyslots import KdfParams
    from ui.fonts import apply_ui_font, register_fonts
    from ui.language import apply_language
    from ui.operations import OperationRunner
    from ui.presenter.launcher import InformationPage
    from ui.presenter.window import PresenterWindow, screens_of

    app = QApplication.instance() or QApplication(sys.argv)
    register_fonts()
    apply_ui_font(app)  # type: ignore[arg-type]
    apply_language("en")
    DOCS.mkdir(exist_ok=True)

    with tempfile.TemporaryDirectory() as folder:
        session, _code = setup.create_vault(
            Path(folder) / "vault",
            organisation="Demo Organisation",
            centre="Demo Reception Centre",
            user_name="Demo Manager",
            passphrase="demo harbour 2026 lantern",
            kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
        )
        try:
            demo.fill(session, count=5, seed=7)
            operations = OperationRunner()
            page = InformationPage(operations)
            page.set_session(session)
            page.resize(*LAUNCHER_SIZE)
            page.select_language("ar")
            page.setup.case_number.setText("DEMO-2026-0001")
            page.setup.interpreter_name.setText("Demo Interpreter")
            page.show()
            # The system's voices (speech-dispatcher here) take seconds to be listed.
            loop = QEventLoop()
            page.voice.changed.connect(loop.quit)
            QTimer.singleShot(20_000, loop.quit)
            loop.exec()
            save(page, "launcher.png")
            operations.wait()

            for name, language, topic_id, screen in PRESENTER_SHOTS:
                window = PresenterWindow(language, hold_ms=3000, voice=page.voice)
                window.resize(*SIZE)
                window.show()
                topics = information.topics(language)
                index = 0
                for topic in topics:
                    if topic.id == topic_id:
                        index += screen
                        break
                    index += len(screens_of(topic, False))
                window.go_to(index)
                if language == "ar":  # show what a chosen answer looks like
                    window.answer(ChildAnswer.UNDERSTOOD)
                save(window, name)
                window.finish()
            page.close()
            page.voice.shutdown_and_wait()
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
