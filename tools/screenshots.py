"""Screenshots of every page, offscreen, and the check that each one fits a laptop screen.

    .venv/bin/python tools/screenshots.py                   # every page, every UI language
    .venv/bin/python tools/screenshots.py --languages en,ar # some languages
    QT_SCALE_FACTOR=1.25 .venv/bin/python tools/screenshots.py --languages en,ar
    .venv/bin/python tools/screenshots.py --information     # the child's information screens
    .venv/bin/python tools/screenshots.py --dashboard       # docs/screens/dashboard-{en,ar}.png

Builds a throwaway demo vault (synthetic children only, cheap key derivation), then walks
the real window through every page: the set-up wizard, sign-in, the case list, each intake
step (and the step with its messages shown), a case, each age-assessment step (before and
after the start), the information page and the settings, at 1366x768 and 1280x720 screen
pixels. With QT_SCALE_FACTOR (125 % scaling) the window gets the same screen pixels, so
fewer logical ones. English and Arabic PNGs are kept in docs/screens/ (``docs/screens/
<language>-<width>x<height>[-125]-<page>.png``); the other languages go to --out. Each
page is also checked (``fit_problems``): no form scrolls sideways, no button's text is cut,
the window is not wider than the screen. The problems are printed; the exit status is 1 if
there are any. tests/ui/test_fit.py runs the same walk and checks under pytest.

Look at the PNGs after running it (Arabic mirrored and joined, Tigrinya in Ethiopic, nothing
clipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QCheckBox,
    QScrollArea,
    QWidget,
)

DOCS = ROOT / "docs"
SCREENS = DOCS / "screens"
KEPT_LANGUAGES = ("en", "ar")
SCREEN_SIZES = ((1366, 768), (1280, 720))  # screen pixels
PASSPHRASE = "demo harbour 2026 lantern"
MANAGER = "Demo Manager"

# The child's information screens (README): (file, language, topic, screen in the topic)
SIZE = (1280, 800)
LAUNCHER_SIZE = (960, 600)
WIDTH = 640
PRESENTER_SHOTS = [
    ("presenter-en.png", "en", "guardian", 1),
    ("presenter-ar.png", "ar", "rights", 0),
    ("presenter-ti.png", "ti", "welcome", 3),
]


def wait_until(condition: Callable[[], bool], timeout_s: float = 20.0) -> bool:
    """Process events until ``condition`` holds (operations run on worker threads)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


# ---- the check --------------------------------------------------------------------------


def _describe(widget: QWidget) -> str:
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__} {widget.objectName() or ''}{name!r}".strip()


def fit_problems(window: QWidget, width: int, height: int) -> list[str]:
    """What does not fit in a window of ``width`` x ``height`` logical pixels: a form that
    scrolls sideways, a button whose text is cut, a window wider than the screen."""
    settle()
    problems: list[str] = []
    if window.width() > width:
        problems.append(f"the window is {window.width()} px wide, more than {width}")
    for area in window.findChildren(QScrollArea):
        if not area.isVisibleTo(window):
            continue
        bar = area.horizontalScrollBar()
        if bar.maximum() > 0 and area.horizontalScrollBarPolicy() != (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            inner = area.widget()
            problems.append(
                f"a form scrolls sideways by {bar.maximum()} px "
                f"({type(inner).__name__ if inner else '?'}: needs "
                f"{inner.minimumSizeHint().width() if inner else '?'} px, has "
                f"{area.viewport().width()})"
            )
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.text():
            continue
        wanted = button.sizeHint().width()
        if isinstance(button, QCheckBox):
            # a check box's text is never elided: narrower than its hint means cut
            wanted = button.minimumSizeHint().width()
        if button.width() + 1 < wanted:
            problems.append(
                f"the text of {_describe(button)} is cut ({button.width()} of {wanted} px)"
            )
    return problems


# ---- the demo vault and the walk -----------------------------------------------------------


def make_vault(folder: Path) -> dict[str, str]:
    """A demo vault: a few synthetic children, one with an age assessment started and a
    result recorded. Returns the ids of a case without and of a case with an assessment."""
    from app.domain.age import AgeRange, Doubt, DoubtGround, Preconditions
    from app.domain.roles import Profession
    from app.services import age, cases, demo, setup
    from app.storage.keyslots import KdfParams

    session, _code = setup.create_vault(
        folder,
        organisation="Demo Organisation",
        centre="Demo Reception Centre",
        user_name=MANAGER,
        passphrase=PASSPHRASE,
        profession=Profession.SOCIAL_WORKER,
        kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
    )
    try:
        demo.fill(session, count=6, seed=7)
        ids = [row.id for row in cases.query_cases(session, limit=10)]
        today = dt.date.today()
        started = age.start(
            session,
            ids[1],
            Doubt(
                grounds=[DoubtGround.STATEMENTS],
                reason="Said 15 at arrival and 17 to the police",
                raised_by="Intake officer",
                raised_on=today,
            ),
            Preconditions(
                informed_on=today,
                informed_language="prs",
                child_consents=True,
                guardian_consents=True,
                representative="Guardian G.",
                representative_present=True,
                interpreter_needed=True,
                interpreter="Interpreter I.",
            ),
        )
        age.add_result(
            session,
            started.id,
            method_id="documents",
            age_range=AgeRange(min_age=15, max_age=17),
            performed_on=today,
            notes="school record",
            credible=True,
        )
    finally:
        session.close()
    return {"plain": ids[0], "assessed": ids[1]}


def walk(window, ids: dict[str, str]) -> Iterator[str]:
    """Take ``window`` (a ShellWindow on the demo vault, sign-in shown) through every page;
    yield each page's name once it is on screen."""
    from ui.age import page as age_page

    yield "sign-in"
    page = window.sign_in_page
    page.passphrase.setText(PASSPHRASE)
    page.passphrase.returnPressed.emit()
    if not wait_until(lambda: window.current_page() is window.main_page):
        raise RuntimeError("sign-in did not reach the main window")
    main = window.main_page
    cases = main.cases_page
    main.show_section("cases")
    wait_until(lambda: cases.list_page.model.rowCount() > 0, 10)
    yield "cases"
    cases.new_intake()
    wizard = cases.wizard
    if cases.stack.currentWidget() is not wizard:  # a draft is offered first
        cases._start_new()
    from ui.cases import form as F

    for index, step in enumerate(F.STEPS):
        wizard.show_step(index)
        yield f"intake-{index + 1}-{step.key}"
    wizard.show_step(0)
    wizard.go_next()  # nothing typed: the messages beside the fields
    yield "intake-1-messages"
    wizard.show_step(F.STEPS.index(F.FAMILY))
    wizard.go_next()
    yield "intake-3-messages"
    wizard._on_close_button_clicked()
    settle()
    for key, name in (("plain", "case"), ("assessed", "case-assessed")):
        loaded: list[str] = []
        cases.case_view.loaded.connect(loaded.append)
        cases.open_case(ids[key])
        wait_until(lambda loaded=loaded: bool(loaded))
        cases.case_view.loaded.disconnect(loaded.append)
        yield name
    for key, steps in (
        ("plain", (age_page.STEP_DOUBT, age_page.STEP_SAFEGUARDS)),
        ("assessed", range(age_page.STEP_METHODS, age_page.STEP_SIGN + 1)),
    ):
        loaded = []
        cases.age_page.loaded.connect(loaded.append)
        cases.open_age_assessment(ids[key])
        wait_until(lambda loaded=loaded: bool(loaded))
        cases.age_page.loaded.disconnect(loaded.append)
        for step in steps:
            cases.age_page.show_step(step)
            yield f"age-{step + 1}"
    cases.show_list()
    main.show_section("information")
    yield "information"
    main.show_section("settings")
    yield "settings"


def setup_walk(window) -> Iterator[str]:
    """The set-up wizard on an empty folder: its first two pages."""
    wizard = window.wizard
    yield "setup-1"
    wizard.organisation.setText("Demo Organisation")
    wizard.centre.setText("Demo Reception Centre")
    wizard._on_next_clicked()
    yield "setup-2"


def shell(folder: Path, language: str, width: int, height: int):
    from app.config import AppSettings
    from app.storage.keyslots import KdfParams
    from ui.language import apply_language
    from ui.shell import ShellWindow

    apply_language(language)
    settings = AppSettings(vault_folder=str(folder), language=language)
    window = ShellWindow(settings, kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1))
    window.resize(width, height)
    window.show()
    settle()
    return window


def logical(size: tuple[int, int]) -> tuple[int, int]:
    """Screen pixels as logical ones under QT_SCALE_FACTOR (125 %: 1280 -> 1024)."""
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    return round(size[0] / scale), round(size[1] / scale)


def save(widget: QWidget, path: Path) -> Path:
    settle()
    # 256 colours without dithering: a screen of text stays sharp at a quarter of the size
    image = (
        widget.grab()
        .toImage()
        .convertToFormat(
            QImage.Format.Format_Indexed8,
            Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither,
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG", 9):
        raise SystemExit(f"could not write {path}")
    return path


def pages(languages: list[str], out: Path) -> int:
    from app.i18n import available_languages
    from ui.fonts import apply_ui_font, register_fonts

    app = QApplication.instance() or QApplication(sys.argv)
    register_fonts()
    apply_ui_font(app)  # type: ignore[arg-type]
    scale = os.environ.get("QT_SCALE_FACTOR", "")
    suffix = "" if scale in ("", "1") else f"-{round(float(scale) * 100)}"
    languages = languages or available_languages()
    found = 0
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        os.environ["HARBOUR_HOME"] = str(Path(temp) / "home")
        ids = make_vault(vault)
        for language in languages:
            folder = SCREENS if language in KEPT_LANGUAGES else out
            for screen in SCREEN_SIZES:
                width, height = logical(screen)
                tag = f"{language}-{screen[0]}x{screen[1]}{suffix}"
                for target, steps in (
                    (Path(temp) / f"empty-{tag}", setup_walk),
                    (vault, lambda w: walk(w, ids)),
                ):
                    window = shell(target, language, width, height)
                    try:
                        for name in steps(window):
                            path = save(window, folder / f"{tag}-{name}.png")
                            for problem in fit_problems(window, width, height):
                                found += 1
                                print(f"{path.relative_to(ROOT)}: {problem}")
                    finally:
                        window.close()
                        window.deleteLater()
                        settle()
                print(f"{tag}: done")
    from ui.language import apply_language

    apply_language("en")
    return 1 if found else 0


def information() -> int:
    """The staff launcher and the child's screens, for the README (docs/*.png)."""
    from app.domain.information import ChildAnswer
    from app.services import demo, setup
    from app.services import information as information_service
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

    def small(widget: QWidget, name: str) -> None:
        settle()
        image = widget.grab().toImage()
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        image.convertToFormat(QImage.Format.Format_RGB888).save(str(DOCS / name), "PNG", 9)

    with tempfile.TemporaryDirectory() as folder:
        session, _code = setup.create_vault(
            Path(folder) / "vault",
            organisation="Demo Organisation",
            centre="Demo Reception Centre",
            user_name=MANAGER,
            passphrase=PASSPHRASE,
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
            small(page, "launcher.png")
            operations.wait()
            for name, language, topic_id, screen in PRESENTER_SHOTS:
                window = PresenterWindow(language, hold_ms=3000, voice=page.voice)
                window.resize(*SIZE)
                window.show()
                index = 0
                for topic in information_service.topics(language):
                    if topic.id == topic_id:
                        index += screen
                        break
                    index += len(screens_of(topic, False))
                window.go_to(index)
                if language == "ar":  # show what a chosen answer looks like
                    window.answer(ChildAnswer.UNDERSTOOD)
                small(window, name)
                window.finish()
            page.close()
            page.voice.shutdown_and_wait()
        finally:
            session.close()
    return 0


DASHBOARD_SIZE = (1280, 1500)  # tall enough for the lists and the first charts
DASHBOARD_CASES = 300


def dashboard() -> int:
    """docs/screens/dashboard-en.png and -ar.png: the Dashboard of a demo vault of 300
    synthetic children (missing children, referrals late and answered, charts), signed in
    as the manager, the sync status line included."""
    from app.services import demo, setup
    from app.storage.keyslots import KdfParams
    from ui.fonts import apply_ui_font, register_fonts
    from ui.language import apply_language

    app = QApplication.instance() or QApplication(sys.argv)
    register_fonts()
    apply_ui_font(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        os.environ["HARBOUR_HOME"] = str(Path(temp) / "home")
        session, _code = setup.create_vault(
            vault,
            organisation="Demo Organisation",
            centre="Demo Reception Centre",
            user_name=MANAGER,
            passphrase=PASSPHRASE,
            kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
        )
        try:
            demo.fill(session, count=DASHBOARD_CASES, seed=7)
        finally:
            session.close()
        for language in KEPT_LANGUAGES:
            window = shell(vault, language, *DASHBOARD_SIZE)
            try:
                page = window.sign_in_page
                page.passphrase.setText(PASSPHRASE)
                page.passphrase.returnPressed.emit()
                if not wait_until(lambda w=window: w.current_page() is w.main_page):
                    raise RuntimeError("sign-in did not reach the main window")
                shown: list[bool] = []
                window.main_page.dashboard_page.refreshed.connect(
                    lambda shown=shown: shown.append(True)
                )
                window.main_page.show_section("dashboard")
                if not wait_until(lambda shown=shown: bool(shown)):  # read off the GUI thread
                    raise RuntimeError("the dashboard did not load")
                print(save(window, SCREENS / f"dashboard-{language}.png").relative_to(ROOT))
            finally:
                window.close()
                window.deleteLater()
                settle()
    apply_language("en")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="", help="comma-separated (default: all)")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "harbour-screens"))
    parser.add_argument("--information", action="store_true", help="the child's screens")
    parser.add_argument("--dashboard", action="store_true", help="the dashboard, en and ar")
    args = parser.parse_args(argv)
    if args.information:
        return information()
    if args.dashboard:
        return dashboard()
    languages = [code for code in args.languages.split(",") if code]
    return pages(languages, Path(args.out))


if __name__ == "__main__":
    sys.exit(main())
