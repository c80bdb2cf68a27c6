"""The process that speaks: system voices (QtTextToSpeech) and recordings (QtMultimedia).

Why a process of its own: measured here, constructing Qt's speech-dispatcher engine took
2.6 s while it spawned the dispatcher, and blocked for good once the dispatcher was stuck
(no answer in 40 s). In the presenter's process that freezes the screen a child is looking
at. Here it freezes nothing: the presenter waits a bounded time for this process's answer,
then says there is no voice, and kills it when the session ends.

Protocol — one JSON object per line, UTF-8. The presenter writes commands on stdin::

    {"cmd": "say", "engine": "speechd", "locale": "ar_EG", "text": "..."}
    {"cmd": "play", "path": "/…/resources/audio/ar/welcome.ogg"}
    {"cmd": "stop"}

and this process writes events on stdout::

    {"event": "ready", "voices": {"speechd": ["ar_EG", …]}, "recordings": true, "problems": […]}
    {"event": "state", "state": "speaking" | "ready" | "error"}

Bytes on the pipes are UTF-8 whatever the system's code page (Windows: cp1252), read and
written at the file-descriptor level; native code that prints (an audio library) goes to
stderr, because stdout is moved to a private descriptor before Qt loads. End of stdin ends
the process within two seconds even if its main thread is stuck in a speech engine, and on
Linux the kernel ends it if the presenter's process dies. Only the information texts (never
case data: the presenter has none) cross the pipe, and nothing is logged.

Run: ``python -m ui.presenter.speech_helper [--engines mock,speechd]``; in the installed
bundle ``harbour-desktop --speech-helper`` (see ui/__main__.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from typing import Any, BinaryIO

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl, Signal

# Qt's test engine speaks without a sound card; it is never offered to a child unless asked.
TEST_ENGINES = frozenset({"mock"})
EXIT_GRACE_S = 2.0  # after end of input, before the process ends itself regardless

_out: BinaryIO | None = None  # the protocol's stdout, private to this module


def _open_pipes() -> BinaryIO:
    """The protocol's input; stdout kept for the protocol alone, fd 1 pointed at stderr."""
    global _out
    protocol_in = os.fdopen(os.dup(0), "rb", buffering=0)
    _out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of native code no longer reach the presenter
    return protocol_in


def _emit(event: dict[str, Any]) -> None:
    assert _out is not None
    _out.write(json.dumps(event).encode("ascii") + b"\n")  # ASCII: \\u escapes, any locale
    _out.flush()


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this process when the presenter's process dies."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


class _StdinReader(QObject):
    """Reads stdin in a thread (a socket notifier on stdin does not work on Windows)."""

    line = Signal(str)
    closed = Signal()

    def __init__(self, source: BinaryIO) -> None:
        super().__init__()
        self._source = source

    def start(self) -> None:
        threading.Thread(target=self._run, name="speech-stdin", daemon=True).start()

    def _run(self) -> None:
        # A broken pipe (OSError) or a closed file (ValueError) is the end of input too.
        try:
            with contextlib.suppress(OSError, ValueError):
                for raw in self._source:
                    self.line.emit(raw.decode("utf-8", "replace"))  # queued to the main thread
        finally:
            self.closed.emit()
            # The main thread may be stuck in a speech engine and never quit: end anyway.
            threading.Timer(EXIT_GRACE_S, os._exit, args=(0,)).start()


class Speaker(QObject):
    def __init__(self, engines: list[str] | None) -> None:
        super().__init__()
        self._wanted = engines
        self._engines: dict[str, Any] = {}
        self._locales: dict[tuple[str, str], Any] = {}
        self._player: Any = None
        self._output: Any = None
        self._state = "ready"

    # ---- start: which voices exist -------------------------------------------------------

    def probe(self) -> None:
        problems: list[str] = []
        voices: dict[str, list[str]] = {}
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # e.g. libpulse.so.0 missing on a bare server
            QTextToSpeech = None
            problems.append(f"Qt speech did not load: {exc}")
        if QTextToSpeech is not None:
            names = self._wanted or [
                e for e in QTextToSpeech.availableEngines() if e not in TEST_ENGINES
            ]
            if not names:
                problems.append("no speech engine is installed")
            for name in names:
                engine = QTextToSpeech(name, self)
                if engine.state() == QTextToSpeech.State.Error:
                    problems.append(f"{name}: {engine.errorString() or 'did not start'}")
                    continue
                engine.stateChanged.connect(self._on_speech_state)
                self._engines[name] = engine
                voices[name] = []
                for locale in engine.availableLocales():
                    voices[name].append(locale.name())
                    self._locales[(name, locale.name())] = locale
        recordings = False
        try:
            self._make_player()
        except ImportError as exc:
            problems.append(f"Qt multimedia did not load: {exc}")
        else:
            # The module can import with no media backend (a bundle missing Qt's FFmpeg
            # plugin did): only a player that says it is available counts.
            recordings = self._player.isAvailable()
            if not recordings:
                problems.append("Qt multimedia has no media backend")
        _emit({"event": "ready", "voices": voices, "recordings": recordings, "problems": problems})

    # ---- commands ------------------------------------------------------------------------

    def handle(self, raw: str) -> None:
        try:
            command = json.loads(raw)
        except ValueError:
            return
        if not isinstance(command, dict):
            return
        kind = command.get("cmd")
        if kind == "say":
            self.stop()
            engine = self._engines.get(command.get("engine", ""))
            locale = self._locales.get((command.get("engine", ""), command.get("locale", "")))
            if engine is None or locale is None:
                self._set_state("error")
                return
            engine.setLocale(locale)
            engine.say(str(command.get("text", "")))
        elif kind == "play":
            self.stop()
            self._play(str(command.get("path", "")))
        elif kind == "stop":
            self.stop()
            self._set_state("ready", acknowledge=True)

    def stop(self) -> None:
        for engine in self._engines.values():
            engine.stop()
        if self._player is not None:
            self._player.stop()

    def _make_player(self) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self)
        self._player.setAudioOutput(self._output)
        self._player.playbackStateChanged.connect(self._on_playback_state)
        self._player.errorOccurred.connect(lambda *_: self._set_state("error"))

    def _play(self, path: str) -> None:
        if self._player is None or not self._player.isAvailable():
            self._set_state("error")  # answered, so the presenter never waits in vain
            return
        self._player.setSource(QUrl.fromLocalFile(path))
        self._player.play()

    # ---- events --------------------------------------------------------------------------

    def _on_speech_state(self, state: Any) -> None:
        name = getattr(state, "name", str(state))
        self._set_state(
            {"Speaking": "speaking", "Synthesizing": "speaking", "Error": "error"}.get(
                name, "ready"
            )
        )

    def _on_playback_state(self, state: Any) -> None:
        name = getattr(state, "name", str(state))
        self._set_state("speaking" if name == "PlayingState" else "ready")

    def _set_state(self, state: str, *, acknowledge: bool = False) -> None:
        if state != self._state or state == "error" or acknowledge:
            self._state = state
            _emit({"event": "state", "state": state})


def run(argv: list[str]) -> int:
    engines: list[str] | None = None
    if "--engines" in argv:
        engines = [e for e in argv[argv.index("--engines") + 1].split(",") if e]
    _die_with_parent()
    try:
        source = _open_pipes()
    except OSError:  # no usable stdin/stdout (a windowed bundle without pipes)
        return 3
    app = QCoreApplication(argv[:1])
    speaker = Speaker(engines)
    reader = _StdinReader(source)
    reader.line.connect(speaker.handle)
    reader.closed.connect(app.quit)
    reader.start()  # before the probe: end of input is heard even if the probe hangs
    QTimer.singleShot(0, speaker.probe)
    code = app.exec()
    speaker.stop()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv))
