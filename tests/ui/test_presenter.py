"""The information presenter: glyphs and direction per script, keyboard paging, the
language switch, leaving only through staff, and the session recorded in the case by an
interpreter who may not open the case."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from app.domain.case import Birth, CaseDraft, Names
from app.domain.information import ChildAnswer
from app.domain.roles import Role
from app.errors import HarbourError, PermissionDenied
from app.i18n import content_languages
from app.services import auth, information
from app.services import cases as case_service
from app.services import users as user_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.sound import write_tone
from ui.cases.case_view import CaseView
from ui.operations import OperationRunner
from ui.presenter.launcher import InformationPage
from ui.presenter.voice import Voice
from ui.presenter.window import FitText, PresenterWindow, screens_of

pytestmark = pytest.mark.gui

WAIT = 10_000
SCRIPT_LANGUAGES = ("ar", "ckb", "prs", "ps", "ti", "uk", "ur")
RTL = {"ar", "prs", "ps", "ckb", "ur"}
OFFICER, OFFICER_PASS = "Officer Test", "harbour meadow 31 kite"
INTERPRETER, INTERPRETER_PASS = "Interpreter Test", "harbour lantern 77 sea"
CHILD_GIVEN, CHILD_FAMILY = "Javed", "Rahimi"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# ---- glyphs and direction ----------------------------------------------------------------

_raw_fonts: dict[str, QRawFont] = {}


def _raw(family: str) -> QRawFont:
    if family not in _raw_fonts:
        assert family in QFontDatabase.families(), f"font family {family!r} is not installed"
        _raw_fonts[family] = QRawFont.fromFont(QFont(family))
    return _raw_fonts[family]


def missing_glyphs(text: str, widget: QWidget, font: QFont | None = None) -> set[str]:
    # supportsCharacter(str) takes a QChar in PySide6 and answers wrongly for non-Latin
    # letters; the UCS-4 overload (an int) is the reliable one.
    families = (font or widget.font()).families()
    assert families, "the widget's font names no families"
    missing = set()
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) == "Cf":  # spaces, ZWNJ, marks of direction
            continue
        if not any(_raw(family).supportsCharacter(ord(ch)) for family in families):
            missing.add(ch)
    return missing


def _complete(language: str) -> bool:
    try:
        information.topics(language)
    except HarbourError:
        return False
    return True


@pytest.mark.parametrize("language", SCRIPT_LANGUAGES)
def test_every_screen_draws_without_missing_glyphs_and_in_its_direction(qtbot, language) -> None:
    # These ship: a missing or incomplete catalog is a failure, never a skip.
    assert language in content_languages() and _complete(language), language
    problems: dict[str, str] = {}
    for simple in (False, True):
        window = PresenterWindow(language, simple=simple)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        rtl = language in RTL
        expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        assert window.layoutDirection() == expected
        next_x = window.next_button.mapTo(window, QPoint(0, 0)).x()
        back_x = window.back_button.mapTo(window, QPoint(0, 0)).x()
        assert (next_x < back_x) if rtl else (next_x > back_x)
        names = "".join(b.text() for b in window.language_buttons.values())
        if lost := missing_glyphs(names, window.language_bar):
            problems["language names"] = "".join(sorted(lost))
        for button in (
            window.understood_button,
            window.question_button,
            window.next_button,
            window.back_button,
        ):
            if lost := missing_glyphs(button.text(), button):
                problems[f"button {button.text()}"] = "".join(sorted(lost))
        seen_topic = ""
        for index in range(window.page_count()):
            window.go_to(index)
            assert window.text.layoutDirection() == expected
            for label, widget, font in (
                ("title", window.title, None),
                ("text", window.text, window.text.fitted_font()),
            ):
                text = widget.text()
                assert text, f"{window.current_screen_id()}: empty {label}"
                if lost := missing_glyphs(text, widget, font):
                    problems[f"{window.current_screen_id()} {label}"] = "".join(sorted(lost))
            topic = window.current_screen_id().split(".")[0]
            if topic != seen_topic:  # draw one screen per topic for real
                seen_topic = topic
                assert not window.grab().isNull()
        window.finish()
    assert not problems, f"characters without a glyph in {language}: {problems}"


def test_every_shipped_language_outside_latin_script_is_drawn() -> None:
    """The glyph test above covers every shipped language written in another script than
    Latin (it covered ar, prs, ps and ti; ckb, ur and uk shipped without it)."""
    other_scripts = set()
    for language in content_languages():
        titles = " ".join(topic.title for topic in information.topics(language))
        if any(not unicodedata.name(ch).startswith("LATIN") for ch in titles if ch.isalpha()):
            other_scripts.add(language)
    assert other_scripts == set(SCRIPT_LANGUAGES)


# ---- presenter on its own ---------------------------------------------------------------


def press(qtbot, window: QWidget, key: Qt.Key) -> None:
    """A key press where the focus is (a button, usually), as a person makes it."""
    qtbot.keyClick(window.focusWidget() or window, key)


def _x(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def test_presenter_pages_switches_language_and_leaves_only_through_staff(qtbot) -> None:
    clock = FakeClock()
    window = PresenterWindow("en", ["welcome", "rights"], clock=clock, hold_ms=150)
    qtbot.addWidget(window)
    window.present(full_screen=True)
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    english = information.topics("en")
    first = screens_of(english[0], False)

    assert window.text.text() == first[0].text
    assert not window.back_button.isEnabled()
    clock.advance(4)
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.index == 1 and window.text.text() == first[1].text
    clock.advance(2)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.index == 0
    clock.advance(1)
    press(qtbot, window, Qt.Key.Key_PageDown)
    qtbot.mouseClick(window.understood_button, Qt.MouseButton.LeftButton)
    assert window.understood_button.isChecked()
    assert _x(window.next_button, window) > _x(window.back_button, window)

    # the child switches to Arabic: same place, Arabic text, right to left
    clock.advance(3)
    qtbot.mouseClick(window.language_buttons["ar"], Qt.MouseButton.LeftButton)
    arabic = information.topics("ar")
    assert window.index == 1
    assert window.text.text() == screens_of(arabic[0], False)[1].text
    assert window.title.text() == arabic[0].title
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert _x(window.next_button, window) < _x(window.back_button, window)
    assert window.understood_button.isChecked()  # the answer stays with the screen
    press(qtbot, window, Qt.Key.Key_Left)  # forwards in right-to-left
    assert window.index == 2
    qtbot.mouseClick(window.question_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.index == 1
    clock.advance(5)
    qtbot.mouseClick(window.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.text.text() == first[1].text

    # a child cannot leave: Escape and closing only show the staff hint
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.isVisible() and window.staff_hint_shown()  # the staff control lights up
    assert not window.close()
    assert window.isVisible()
    # a short press on the Staff control does nothing: released before the hold time, it
    # never says "held" (the check ends, failing, the moment it does)
    with qtbot.assertNotEmitted(window.staff_button.held, wait=2 * 150):
        qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    assert not window.staff_bar.isVisible()
    # held down, it asks for confirmation; "Keep presenting" goes back
    qtbot.mousePress(window.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.staff_bar.isVisible, timeout=WAIT)
    qtbot.mouseRelease(window.staff_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.keep_button, Qt.MouseButton.LeftButton)
    assert not window.staff_bar.isVisible() and window.isVisible()
    qtbot.mousePress(window.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.staff_bar.isVisible, timeout=WAIT)
    qtbot.mouseRelease(window.staff_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.ended, timeout=WAIT) as ended:
        qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()

    result = ended.args[0]
    assert result.language == "en"
    assert result.languages_used == ["en", "ar"]
    by_id = {s.screen_id: s for s in result.screens}
    assert [s.screen_id for s in result.screens] == [first[0].id, first[1].id, first[2].id]
    assert by_id[first[0].id].seconds == pytest.approx(4 + 1)
    assert by_id[first[1].id].seconds == pytest.approx(2 + 3 + 5)
    assert by_id[first[1].id].answer == ChildAnswer.UNDERSTOOD
    assert by_id[first[2].id].answer == ChildAnswer.QUESTION
    assert by_id[first[0].id].answer == ChildAnswer.NO_ANSWER


def test_voice_availability_is_shown(qtbot) -> None:
    """Staff see which voice reads (or that none does); the button reads and stops."""
    voice = Voice(engines=["mock"])
    window = PresenterWindow("en", ["welcome"], voice=voice)
    qtbot.addWidget(window)
    assert window.voice_status_text() == "Looking for a voice…"
    assert not window.voice_button.isVisibleTo(window)
    with qtbot.waitSignal(voice.changed, timeout=20_000):
        window.present(full_screen=False)
    if any(p.startswith("Qt speech did not load") for p in voice.problems):
        assert window.voice_status_text() == "No voice available for this language"
        assert not window.voice_button.isVisibleTo(window)
        window.finish()
        voice.shutdown()
        pytest.skip(f"Qt speech does not load here: {voice.problems}")
    assert window.voice_kind() == "speech"
    assert window.voice_status_text() == "Computer voice: English (United States)"
    assert window.voice_button.isVisibleTo(window)
    assert window.voice_button.text() == "Read aloud"
    window.voice_button.click()
    qtbot.waitUntil(lambda: window.voice_button.text() == "Stop reading", timeout=WAIT)
    qtbot.waitUntil(lambda: window.voice_button.text() == "Read aloud", timeout=WAIT)
    # Qt's test engine has no Tigrinya voice: the button goes, the status says so.
    if _complete("ti"):
        window.set_language("ti")
        assert window.voice_kind() == "none"
        assert window.voice_status_text() == "No voice available for this language"
        assert not window.voice_button.isVisibleTo(window)
    window.finish()
    assert voice._process is not None  # a voice lent by the launcher lives on ...
    voice.shutdown()


def test_a_presenter_ends_the_voice_it_started(qtbot) -> None:
    window = PresenterWindow("en", ["welcome"])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.voice.changed, timeout=20_000):
        window.present(full_screen=False)
    window.finish()
    assert window.voice._process is None  # ... one of its own ends with the session


def test_a_topic_recording_plays_on_across_its_screens(qtbot, tmp_path, monkeypatch) -> None:
    """A recording covers its topic: turning the page inside the topic lets it play on,
    the next topic or another language stops it."""
    (tmp_path / "en").mkdir()
    write_tone(tmp_path / "en" / "welcome.wav", seconds=8)
    monkeypatch.setattr(information, "AUDIO", tmp_path)
    voice = Voice(engines=["mock"])
    window = PresenterWindow("en", ["welcome", "rights"], voice=voice)
    qtbot.addWidget(window)
    with qtbot.waitSignal(voice.changed, timeout=20_000):
        window.present(full_screen=False)
    if not voice._recordings:  # Qt multimedia does not load on this machine
        assert window.voice_status_text() == "No voice available for this language"
        window.finish()
        voice.shutdown()
        pytest.skip(f"Qt multimedia does not load here: {voice.problems}")
    assert window.voice_status_text() == "Recorded voice"
    assert window.voice_button.text() == "Play recording"
    window.voice_button.click()
    qtbot.waitUntil(lambda: window.voice_button.text() == "Stop reading", timeout=WAIT)
    welcome_screens = sum(1 for topic_id, _i in window._plan if topic_id == "welcome")
    assert welcome_screens >= 2
    # paging inside the topic must not cut the recording: a stop would be confirmed by the
    # helper within milliseconds, and end this check as soon as it is
    with qtbot.assertNotEmitted(voice.speaking_changed, wait=300):
        window.go_next()
    assert voice.is_speaking()
    window.go_to(welcome_screens)  # first screen of "rights"
    qtbot.waitUntil(lambda: not voice.is_speaking(), timeout=WAIT)
    assert window.voice_button.text() == "Read aloud"  # no recording: the system voice
    assert window.voice_status_text() == "Computer voice: English (United States)"
    window.go_to(0)
    window.voice_button.click()
    qtbot.waitUntil(voice.is_speaking, timeout=WAIT)
    window.set_language(next(code for code in window.language_buttons if code != "en"))
    qtbot.waitUntil(lambda: not voice.is_speaking(), timeout=2_000)  # 8 s tone: stopped
    window.finish()
    voice.shutdown()


def test_staff_see_before_starting_what_can_read_aloud(qtbot, tmp_path, monkeypatch) -> None:
    (tmp_path / "ti").mkdir()
    write_tone(tmp_path / "ti" / "welcome.wav", seconds=1)
    monkeypatch.setattr(information, "AUDIO", tmp_path)
    voice = Voice(engines=["mock"])
    page = InformationPage(OperationRunner(), voice=voice)
    qtbot.addWidget(page)
    page.select_language("en")
    assert page.setup.voice_label.text() == "Looking for a voice…"
    with qtbot.waitSignal(voice.changed, timeout=20_000):
        page.show()
    try:
        if any(p.startswith("Qt speech did not load") for p in voice.problems):
            assert page.setup.voice_label.text() == "No voice available for this language"
            pytest.skip(f"Qt speech does not load here: {voice.problems}")
        assert page.setup.voice_label.text() == "Computer voice: English (United States)"
        if _complete("ti"):
            page.select_language("ti")
            total = page.setup.topics.topLevelItemCount()
            assert page.setup.voice_label.text() == f"Recorded voice for 1 of {total} topics"
            assert page.setup.voice_label.accessibleName() == page.setup.voice_label.text()
    finally:
        voice.shutdown()


# ---- the whole flow: interpreter presents and records, officer reads it ------------------


@pytest.fixture
def case_setting(vault_dir: Path):
    manager = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    row = case_service.register_case(
        manager,
        CaseDraft(
            names=Names(
                given="جاوید", family="رحیمی", given_latin=CHILD_GIVEN, family_latin=CHILD_FAMILY
            ),
            birth=Birth(declared_age=15),
            nationalities=["AF"],
        ),
    )
    user_service.add_user(manager, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    user_service.add_user(
        manager, name=INTERPRETER, role=Role.INTERPRETER, passphrase=INTERPRETER_PASS
    )
    manager.close()
    return vault_dir, row


def _all_texts(window: QWidget) -> str:
    parts = [window.windowTitle(), window.accessibleName()]
    for widget in window.findChildren(QWidget):
        parts += [widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton | FitText):
            parts.append(widget.text())
    return "\n".join(parts)


def test_interpreter_presents_and_records_but_cannot_open_the_case(qtbot, case_setting) -> None:
    folder, row = case_setting
    interpreter = auth.sign_in(folder, INTERPRETER, INTERPRETER_PASS)
    operations = OperationRunner()
    page = InformationPage(operations)
    qtbot.addWidget(page)
    page.full_screen = False
    page.hold_ms = 100
    page.set_session(interpreter)
    page.show()
    setup = page.setup
    assert setup.interpreter_name.text() == INTERPRETER
    assert setup.case_number.completer() is None  # an interpreter cannot list cases
    page.select_language("prs")
    review = setup.topics.topLevelItem(0).text(1)
    assert review == "Draft, not yet checked by a qualified translator"
    for r in range(2, setup.topics.topLevelItemCount()):  # keep the first two topics
        setup.topics.topLevelItem(r).setCheckState(0, Qt.CheckState.Unchecked)
    setup.simple.setChecked(True)
    qtbot.keyClicks(setup.case_number, row.case_number.lower())
    with qtbot.waitSignal(page.presenter_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    presenter: PresenterWindow = opened.args[0]
    qtbot.waitExposed(presenter)

    # nothing about the case on the child's screen, nor the review status
    everything = _all_texts(presenter)
    for secret in (row.case_number, CHILD_GIVEN, CHILD_FAMILY, "جاوید", INTERPRETER, "Draft"):
        assert secret.lower() not in everything.lower()
    assert presenter.layoutDirection() == Qt.LayoutDirection.RightToLeft

    qtbot.mouseClick(presenter.understood_button, Qt.MouseButton.LeftButton)
    press(qtbot, presenter, Qt.Key.Key_Left)  # next, right to left
    qtbot.mouseClick(presenter.question_button, Qt.MouseButton.LeftButton)
    shown_ids = [presenter.current_screen_id()]
    qtbot.mousePress(presenter.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(presenter.staff_bar.isVisible, timeout=WAIT)
    qtbot.mouseRelease(presenter.staff_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(presenter.end_button, Qt.MouseButton.LeftButton)
    notes = page.notes
    qtbot.waitUntil(lambda: page.stack.currentWidget() is notes, timeout=WAIT)

    # a mistyped number is refused and the notes stay
    notes.case_number.setText("NO-SUCH-1")
    qtbot.keyClicks(notes.notes, "Asked when the guardian comes.")
    qtbot.mouseClick(notes.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.message.isVisible(), timeout=WAIT)
    assert notes.message.text() == "There is no case with this number."
    notes.case_number.setText(row.case_number)
    with qtbot.waitSignal(page.session_recorded, timeout=WAIT):
        qtbot.mouseClick(notes.save_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.done
    confirmation = _all_texts(page.done)
    assert row.case_number not in confirmation and CHILD_GIVEN not in confirmation
    # Sealed, not yet in the case: the interpreter is told when it will be.
    assert "when an officer or a manager next signs in" in page.done.message.text()
    if shots := os.environ.get("HARBOUR_SHOTS"):  # to look at it by hand
        page.grab().save(str(Path(shots) / "interpreter-done.png"))

    # the interpreter is refused the case itself, and told so
    with pytest.raises(PermissionDenied) as refused:
        case_service.open_case(interpreter, row.id)
    view = CaseView(operations)
    qtbot.addWidget(view)
    view.set_session(interpreter)
    view.load(row.id)
    qtbot.waitUntil(lambda: bool(view.message.text()), timeout=WAIT)
    assert view.message.text() == str(refused.value)
    operations.wait()
    interpreter.close()

    # an officer reads the session in the case
    officer = auth.sign_in(folder, OFFICER, OFFICER_PASS)
    try:
        sessions = information.sessions_for_case(officer, row.id)
    finally:
        officer.close()
    assert len(sessions) == 1
    saved = sessions[0]
    assert saved.language == "prs" and saved.simple_version
    assert saved.interpreter_name == INTERPRETER and saved.interpreter_language == "prs"
    assert saved.notes == "Asked when the guardian comes."
    assert saved.topics_covered() == ["welcome"]
    assert [s.answer for s in saved.screens] == [ChildAnswer.UNDERSTOOD, ChildAnswer.QUESTION]
    assert saved.questions() == shown_ids
