"""Reading the information screens aloud (issue 5), through the real helper process.

The helper (``ui/presenter/speech_helper.py``) is started for real. Qt's "mock" speech
engine speaks English, Finnish and Norwegian without a sound card, so the whole path —
voices listed, "say" sent, speaking and back to ready — runs on any machine where Qt's
speech module loads; where it cannot load (no libpulse), the presenter must say there is
no voice, and the test checks the helper's reason. A helper that hangs or dies must not
block the screen: that case is run with real processes that sleep or exit.
"""

from __future__ import annotations

import struct
import sys
import time
import wave
from pathlib import Path

import pytest

from app.services import information
from ui.presenter.voice import CHECKING, NONE, RECORDING, SPEECH, Voice

pytestmark = pytest.mark.gui


def _started(qtbot, voice: Voice) -> Voice:
    with qtbot.waitSignal(voice.changed, timeout=20_000):
        voice.start()
    return voice


def _speech_loaded(voice: Voice) -> bool:
    return not any(p.startswith("Qt speech did not load") for p in voice.problems)


def test_the_helper_lists_voices_and_speaks(qtbot) -> None:
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not _speech_loaded(voice):
            assert voice.kind("en", "welcome") == NONE
            return
        assert voice.problems == []
        assert voice.kind("en", "welcome") == SPEECH
        assert voice.voice_locale("en").startswith("en_")
        # The mock engine knows English, Finnish and Norwegian only.
        assert voice.kind("ti", "welcome") == NONE
        assert voice.kind("fi", "welcome") == SPEECH
        states: list[bool] = []
        voice.speaking_changed.connect(states.append)
        voice.read("en", "welcome", "You are safe here.")
        qtbot.waitUntil(lambda: states == [True, False], timeout=10_000)
    finally:
        voice.shutdown()


def test_stop_interrupts_reading(qtbot) -> None:
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not _speech_loaded(voice):
            pytest.skip(f"Qt speech does not load here: {voice.problems}")
        states: list[bool] = []
        voice.speaking_changed.connect(states.append)
        voice.read("en", "welcome", " ".join(["You are safe here."] * 200))
        qtbot.waitUntil(lambda: states == [True], timeout=10_000)
        voice.stop()
        qtbot.waitUntil(lambda: states == [True, False], timeout=10_000)
        assert voice.kind("en", "welcome") == SPEECH  # the helper is still there
    finally:
        voice.shutdown()


def test_a_helper_that_never_answers_does_not_block_the_screen(qtbot) -> None:
    hanging = [sys.executable, "-c", "import time; time.sleep(60)"]
    voice = Voice(command=hanging, probe_timeout_ms=800)
    began = time.perf_counter()
    voice.start()
    assert time.perf_counter() - began < 0.5  # started, not waited for
    assert voice.kind("en", "welcome") == CHECKING
    with qtbot.waitSignal(voice.changed, timeout=5_000):
        pass
    assert voice.kind("en", "welcome") == NONE
    assert "the speech helper did not answer" in voice.problems
    assert voice._process is None  # killed, not left behind


def test_a_helper_that_dies_means_no_voice(qtbot) -> None:
    voice = Voice(command=[sys.executable, "-c", "raise SystemExit(3)"])
    with qtbot.waitSignal(voice.changed, timeout=10_000):
        voice.start()
    assert voice.kind("ar", "welcome") == NONE
    assert "the speech helper ended" in voice.problems


def _tone(path: Path, seconds: float = 0.3) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        frames = int(8000 * seconds)
        out.writeframes(b"".join(struct.pack("<h", (i % 40) * 400) for i in range(frames)))


def test_a_recording_is_preferred_and_played(qtbot, tmp_path, monkeypatch) -> None:
    (tmp_path / "ar").mkdir()
    _tone(tmp_path / "ar" / "welcome.wav")
    (tmp_path / "ar" / "rights.txt").write_text("a transcript is not a recording")
    monkeypatch.setattr(information, "AUDIO", tmp_path)
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not voice._recordings:
            assert voice.kind("ar", "welcome") == NONE
            assert any("multimedia" in p for p in voice.problems)
            return
        assert voice.kind("ar", "welcome") == RECORDING
        assert voice.kind("ar", "rights") == NONE  # no recording, no Arabic mock voice
        states: list[bool] = []
        voice.speaking_changed.connect(states.append)
        voice.read("ar", "welcome", "unused: the recording is played")
        qtbot.waitUntil(lambda: states[:1] == [True] and states[-1:] == [False], timeout=10_000)
    finally:
        voice.shutdown()
