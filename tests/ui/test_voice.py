"""Reading the information screens aloud (issue 5), through the real helper process.

The helper (``ui/presenter/speech_helper.py``) is started for real. Qt's "mock" speech
engine speaks English, Finnish and Norwegian without a sound card, so the whole path —
voices listed, "say" sent, speaking and back to ready — runs on any machine where Qt's
speech module loads; where it cannot load (no libpulse), the presenter must say there is
no voice, and the test checks the helper's reason. A helper that hangs or dies must not
block the screen: that case is run with real processes that sleep or exit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from app.services import information
from tests.ui.sound import write_tone
from ui.presenter.voice import (
    CHECKING,
    ENDED,
    MAX_STARTS,
    NONE,
    RECORDING,
    SPEECH,
    VOICE_DID_NOT_ANSWER,
    Voice,
)

pytestmark = pytest.mark.gui


def _started(qtbot, voice: Voice) -> Voice:
    with qtbot.waitSignal(voice.changed, timeout=20_000):
        voice.start()
    return voice


def _speech_loaded(voice: Voice) -> bool:
    return not any(p.startswith("Qt speech did not load") for p in voice.problems)


@pytest.fixture
def speaking(qtbot):
    """A started voice on Qt's mock engine, and the speaking states it reports."""
    voice = _started(qtbot, Voice(engines=["mock"]))
    if not _speech_loaded(voice):
        voice.shutdown()
        pytest.skip(f"Qt speech does not load here: {voice.problems}")
    states: list[bool] = []
    voice.speaking_changed.connect(states.append)
    yield voice, states
    voice.shutdown()


def test_the_helper_lists_voices_and_speaks(qtbot) -> None:
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not _speech_loaded(voice):
            assert voice.kind("en", "welcome") == NONE
            pytest.skip(f"Qt speech does not load here: {voice.problems}")
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


def test_stop_interrupts_reading(qtbot, speaking) -> None:
    voice, states = speaking
    voice.read("en", "welcome", " ".join(["You are safe here."] * 200))
    qtbot.waitUntil(lambda: states == [True], timeout=10_000)
    voice.stop()
    qtbot.waitUntil(lambda: states == [True, False], timeout=10_000)
    assert voice.kind("en", "welcome") == SPEECH  # the helper is still there


def test_a_helper_that_never_answers_does_not_block_the_screen(qtbot) -> None:
    hanging = [sys.executable, "-c", "import time; time.sleep(60)"]
    voice = Voice(command=hanging, probe_timeout_ms=800)
    began = time.perf_counter()
    voice.start()
    assert time.perf_counter() - began < 0.5  # started, not waited for
    assert voice.kind("en", "welcome") == CHECKING
    qtbot.waitSignal(voice.changed, timeout=5_000).wait()  # the probe timeout gives up
    assert voice.kind("en", "welcome") == NONE
    assert "the speech helper did not answer" in voice.problems
    assert voice._process is None  # killed, not left behind


def test_a_helper_that_dies_means_no_voice(qtbot) -> None:
    voice = Voice(command=[sys.executable, "-c", "raise SystemExit(3)"])
    with qtbot.waitSignal(voice.changed, timeout=10_000):
        voice.start()
    assert voice.kind("ar", "welcome") == NONE
    assert ENDED in voice.problems


def test_a_recording_is_preferred_and_played(qtbot, tmp_path, monkeypatch) -> None:
    (tmp_path / "ar").mkdir()
    write_tone(tmp_path / "ar" / "welcome.wav", seconds=0.3)
    (tmp_path / "ar" / "rights.txt").write_text("a transcript is not a recording")
    monkeypatch.setattr(information, "AUDIO", tmp_path)
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not voice._recordings:
            assert voice.kind("ar", "welcome") == NONE
            assert any("multimedia" in p for p in voice.problems)
            pytest.skip(f"Qt multimedia does not load here: {voice.problems}")
        assert voice.kind("ar", "welcome") == RECORDING
        assert voice.kind("ar", "rights") == NONE  # no recording, no Arabic mock voice
        states: list[bool] = []
        voice.speaking_changed.connect(states.append)
        voice.read("ar", "welcome", "unused: the recording is played")
        qtbot.waitUntil(lambda: states[:1] == [True] and states[-1:] == [False], timeout=10_000)
    finally:
        voice.shutdown()


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that does not reap (as in containers)."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "\tZ" not in next(
            line for line in status.read_text().splitlines() if line.startswith("State:")
        )
    except (FileNotFoundError, StopIteration):
        return False


def test_arabic_lines_cross_the_pipe_whatever_the_code_page(qtbot, monkeypatch) -> None:
    """Windows pipes default to cp1252: the protocol is UTF-8 in, ASCII JSON out."""
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")  # read when the helper starts
    voice = _started(qtbot, Voice(engines=["mock"]))
    try:
        if not _speech_loaded(voice):
            pytest.skip(f"Qt speech does not load here: {voice.problems}")
        states: list[bool] = []
        voice.speaking_changed.connect(states.append)
        voice.read("en", "welcome", "في هذا المكان\nYou are safe here.\r\n«ሰላም»")
        qtbot.waitUntil(lambda: states == [True, False], timeout=10_000)
        assert voice.problems == []
    finally:
        voice.shutdown()


def test_stop_before_the_voice_has_begun_still_stops(qtbot, speaking) -> None:
    voice, states = speaking
    voice.read("en", "welcome", " ".join(["You are safe here."] * 200))  # minutes of speech
    voice.stop()  # at once, before the helper said "speaking"
    # The helper handles "say" then "stop" in order: one start, one stop, and nothing after.
    qtbot.waitUntil(lambda: states == [True, False], timeout=10_000)
    # Stopped by the helper, not given up by a timeout (which also ends the speaking).
    assert voice.problems == [] and voice.kind("en", "welcome") == SPEECH
    assert not voice.is_speaking()


# A helper that lists one voice and then never answers a command.
_SILENT_HELPER = (
    "import json, sys\n"
    "print(json.dumps({'event': 'ready', 'voices': {'fake': ['en_US']}, "
    "'recordings': False, 'problems': []}), flush=True)\n"
    "print('[1]', flush=True)\n"  # valid JSON that is not an event: ignored
    "for line in sys.stdin: pass\n"
)


def test_a_voice_that_stops_answering_is_given_up_and_tried_again(qtbot) -> None:
    voice = Voice(command=[sys.executable, "-c", _SILENT_HELPER], answer_timeout_ms=300)
    _started(qtbot, voice)
    assert voice.kind("en", "welcome") == SPEECH
    with qtbot.waitSignal(voice.changed, timeout=5_000):
        voice.read("en", "welcome", "You are safe here.")
    assert voice.kind("en", "welcome") == NONE
    assert VOICE_DID_NOT_ANSWER in voice.problems
    for _attempt in range(MAX_STARTS - 1):  # the next sessions try again ...
        with qtbot.waitSignals([voice.changed, voice.changed], timeout=10_000):
            voice.start()  # "looking" again, then the answer
        assert voice.kind("en", "welcome") == SPEECH
        voice._give_up(VOICE_DID_NOT_ANSWER)
    voice.start()  # ... a bounded number of times
    assert voice.kind("en", "welcome") == NONE
    assert voice._process is None


def test_the_helper_ends_when_the_presenter_lets_go(qtbot) -> None:
    voice = _started(qtbot, Voice(engines=["mock"]))
    pid = voice._process.processId()
    assert _alive(pid)
    began = time.perf_counter()
    voice.shutdown()  # closes its input; does not wait on the GUI thread
    assert time.perf_counter() - began < 0.1
    qtbot.waitUntil(lambda: not _alive(pid), timeout=5_000)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_helper_dies_with_the_presenters_process(tmp_path) -> None:
    import os
    import signal
    import subprocess

    from ui.presenter.voice import PROJECT_ROOT, helper_command

    parent_code = (
        "import subprocess, sys, time\n"
        f"helper = subprocess.Popen({helper_command(['mock'])!r}, stdin=subprocess.PIPE,"
        " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(helper.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, env=env
    )
    helper_pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 10
    while not _alive(helper_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _alive(helper_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 5
    while _alive(helper_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(helper_pid), "the voice helper outlived the presenter's process"
