"""Reading the information screens aloud (issue 5).

With QtTextToSpeech loadable (PySide6-Addons plus the system's audio library), the read
path is driven through Qt's "mock" speech engine, which speaks English without a sound
card; the presenter then offers "Read aloud" where the system engine has a voice. Where
Qt speech cannot load, the presenter must say plainly that no voice is available. Both
branches assert something: a machine never passes this test by doing nothing.
"""

from __future__ import annotations

import pytest

from ui.presenter.voice import NONE, SPEECH, Voice, _speech_module

pytestmark = pytest.mark.gui


def test_read_aloud_speaks_or_says_there_is_no_voice(qtbot) -> None:
    module = _speech_module()
    if module is None:
        voice = Voice()
        assert voice.kind("en", "welcome") == NONE
        return
    assert "mock" in module.QTextToSpeech.availableEngines()
    voice = Voice(engine="mock")
    assert voice.kind("en", "welcome") == SPEECH
    engine = voice._speech_engine()
    states: list[str] = []
    engine.stateChanged.connect(lambda state: states.append(state.name))
    voice.read("en", "welcome", "You are safe here.")
    qtbot.waitUntil(lambda: states[-2:] == ["Speaking", "Ready"], timeout=5000)
    assert engine.locale().name().startswith("en")
    voice.stop()


def test_a_language_without_a_voice_is_not_offered_speech(qtbot) -> None:
    if _speech_module() is None:
        assert Voice().kind("ti", "welcome") == NONE
        return
    # The mock engine knows English, Finnish and Norwegian only: Tigrinya has no voice.
    assert Voice(engine="mock").kind("ti", "welcome") == NONE
