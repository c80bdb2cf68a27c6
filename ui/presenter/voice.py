"""Reading a screen aloud: a recording made for the topic, else a system voice, else
nothing, said plainly.

The sound is made in a helper process (``ui/presenter/speech_helper.py``): the system's
speech engine can take seconds to start and, measured here, can block for good when
speech-dispatcher is stuck. This object starts the helper when the presenter opens, waits
at most ``PROBE_TIMEOUT_MS`` for its list of voices without ever blocking the screen, and
kills it when the session ends. A helper that does not answer, dies, or cannot load Qt's
speech modules (e.g. no libpulse) is the same as having no voice.

Order: a recording ships only when a person recorded the topic in that language, so it is
preferred to a synthetic voice; a system voice is used for the language's own code, the
country matching when it can (Dari ``prs`` takes a Persian ``fa`` voice, CLDR's parent).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.core import get_global
from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from app.i18n import babel_locale, locale_display_name, ngettext
from app.services import information
from ui.common import _, directional

log = logging.getLogger("harbour.ui.presenter.voice")

NONE = "none"
SPEECH = "speech"
RECORDING = "recording"
CHECKING = "checking"

PROBE_TIMEOUT_MS = 10_000  # spawning speech-dispatcher took 2.6 s on a 2-core machine
MAX_STARTS = 3  # a helper given up is started again by the next session, this many times

# Why there is no voice (Voice.problems); the helper adds its own engine messages.
DID_NOT_START = "the speech helper did not start"
ENDED = "the speech helper ended"
DID_NOT_ANSWER = "the speech helper did not answer"
VOICE_DID_NOT_ANSWER = "the voice did not answer"
ANSWER_TIMEOUT_MS = 5_000  # for "say", "play" and "stop" to be acknowledged
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def helper_command(engines: Sequence[str] | None = None) -> list[str]:
    """How to start the speech helper: the bundle runs itself with a flag."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "--speech-helper"]
    else:
        command = [sys.executable, "-m", "ui.presenter.speech_helper"]
    if engines:
        command += ["--engines", ",".join(engines)]
    return command


def _likely_territory(language: str) -> str | None:
    """CLDR's likely country of a language ("ar" -> "EG"), so that the same voice is chosen
    whatever order the engine lists its voices in."""
    likely = get_global("likely_subtags").get(language, "")
    parts = likely.split("_")
    return parts[-1] if len(parts) > 1 and parts[-1].isupper() else None


class Voice(QObject):
    """What can read the current screen aloud, and doing it, without blocking the GUI."""

    changed = Signal()  # what is available became known (or was lost)
    speaking_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        engines: Sequence[str] | None = None,
        command: Sequence[str] | None = None,
        probe_timeout_ms: int = PROBE_TIMEOUT_MS,
        answer_timeout_ms: int = ANSWER_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self._command = list(command) if command else helper_command(engines)
        self._process: QProcess | None = None
        self._buffer = b""
        self._known = False  # the helper answered, or was given up
        self._gave_up = False
        self._starts = 0
        self._voices: dict[str, list[str]] = {}
        self._recordings = False
        self.problems: list[str] = []
        self._speaking = False
        self._probe_timer = QTimer(self, singleShot=True, interval=probe_timeout_ms)
        self._probe_timer.timeout.connect(lambda: self._give_up(DID_NOT_ANSWER))
        self._answer_timer = QTimer(self, singleShot=True, interval=answer_timeout_ms)
        self._answer_timer.timeout.connect(lambda: self._give_up(VOICE_DID_NOT_ANSWER))
        self._locales: dict[str, tuple[str, str] | None] = {}
        self._reading: tuple[str, str, str] | None = None  # (kind, language, topic)

    # ---- the helper process --------------------------------------------------------------

    def start(self) -> None:
        """Start looking for voices; ``changed`` says when the answer is in. Does nothing
        while a helper runs; after one was given up (slow engine, crash), tries again, at
        most MAX_STARTS times in all, so a stuck engine costs a bounded wait each time."""
        if self._process is not None or (self._known and not self._gave_up):
            return
        if self._starts >= MAX_STARTS:
            return
        self._starts += 1
        if self._gave_up:
            self._gave_up = False
            self._known = False
            self.changed.emit()  # "Looking for a voice…" again
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.setStandardErrorFile(QProcess.nullDevice())  # Qt's audio chatter
        env = QProcessEnvironment.systemEnvironment()
        if not getattr(sys, "frozen", False):
            paths = [str(PROJECT_ROOT), env.value("PYTHONPATH", "")]
            env.insert("PYTHONPATH", os.pathsep.join(p for p in paths if p))
        env.remove("QT_QPA_PLATFORM")  # the helper opens no window
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._on_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        self._probe_timer.start()
        process.start(self._command[0], self._command[1:])

    def shutdown(self, *, wait: bool = False) -> None:
        """End the helper: close its input (it quits), kill it if it has not within a
        second. Never waits on the GUI thread unless ``wait`` (at application exit)."""
        process, self._process = self._process, None
        self._probe_timer.stop()
        self._answer_timer.stop()
        self._buffer = b""
        if process is None:
            return
        process.readyReadStandardOutput.disconnect(self._on_output)
        process.finished.disconnect(self._on_finished)
        process.errorOccurred.disconnect(self._on_error)
        if process.state() == QProcess.ProcessState.NotRunning:
            process.deleteLater()
        else:
            process.closeWriteChannel()
            if wait:
                if not process.waitForFinished(300):
                    process.kill()
                    process.waitForFinished(1000)
                process.deleteLater()
            else:
                process.finished.connect(process.deleteLater)
                QTimer.singleShot(1000, process, process.kill)  # cancelled if it is gone
        self._set_speaking(False)

    def shutdown_and_wait(self) -> None:
        self.shutdown(wait=True)

    def _send(self, command: dict) -> None:
        if self._process is not None and self._process.state() == QProcess.ProcessState.Running:
            self._process.write((json.dumps(command, ensure_ascii=False) + "\n").encode())

    def _on_output(self) -> None:
        assert self._process is not None
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                self._on_event(event)

    def _on_event(self, event: dict) -> None:
        if event.get("event") == "ready":
            self._probe_timer.stop()
            voices = event.get("voices")
            voices = voices if isinstance(voices, dict) else {}
            self._voices = {str(k): [str(n) for n in v] for k, v in voices.items()}
            self._recordings = bool(event.get("recordings"))
            self.problems = [str(p) for p in event.get("problems", [])]
            self._known = True
            self._locales.clear()
            log.info(
                "voices: %s",
                {engine: len(locales) for engine, locales in self._voices.items()},
            )
            self.changed.emit()
        elif event.get("event") == "state":
            self._answer_timer.stop()
            self._set_speaking(event.get("state") == "speaking")

    def _on_finished(self, *_args: object) -> None:
        self._give_up(ENDED)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up(DID_NOT_START)

    def _give_up(self, why: str) -> None:
        """No voice until the next ``start()``: say so at once, wait for nothing."""
        log.warning("no voice: %s", why)
        self.problems.append(why)
        self.shutdown()
        self._voices = {}
        self._recordings = False
        self._locales.clear()
        self._known = True
        self._gave_up = True
        self.changed.emit()

    def _set_speaking(self, speaking: bool) -> None:
        if not speaking:
            self._reading = None
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)

    # ---- what is available ---------------------------------------------------------------

    def _speech_voice(self, language: str) -> tuple[str, str] | None:
        """(engine, locale name) of the voice for a language, or None."""
        if language in self._locales:
            return self._locales[language]
        wanted = babel_locale(language)
        territory = wanted.territory or _likely_territory(wanted.language)
        found = None
        for engine, names in self._voices.items():
            for name in names:  # e.g. "ar_EG"
                if name.split("_")[0] != wanted.language:
                    continue
                found = found or (engine, name)  # the first voice of the language ...
                if territory and name.endswith("_" + territory):
                    found = (engine, name)  # ... unless one matches the country too
                    break
            if found:
                break
        self._locales[language] = found
        return found

    def voice_locale(self, language: str) -> str | None:
        """The system voice's locale for a language ("fa_IR"), to tell staff what speaks."""
        found = self._speech_voice(language)
        return found[1] if found else None

    def kind(self, language: str, topic_id: str) -> str:
        if not self._known:
            return CHECKING
        if self._recordings and information.recorded_audio(language, topic_id) is not None:
            return RECORDING
        if self._speech_voice(language) is not None:
            return SPEECH
        return NONE

    def known(self) -> bool:
        """The helper answered (or was given up): ``kind()`` is no longer CHECKING."""
        return self._known

    def is_speaking(self) -> bool:
        return self._speaking

    def plays_recording_of(self, language: str, topic_id: str) -> bool:
        """A topic's recording covers all its screens: paging within the topic lets it
        play on, where a system voice reads one screen and stops when the page turns."""
        return self._speaking and self._reading == (RECORDING, language, topic_id)

    # ---- reading -------------------------------------------------------------------------

    def read(self, language: str, topic_id: str, text: str) -> None:
        kind = self.kind(language, topic_id)
        if kind == RECORDING:
            path = information.recorded_audio(language, topic_id)
            assert path is not None
            self._send({"cmd": "play", "path": str(path)})
        elif kind == SPEECH:
            engine, locale = self._speech_voice(language) or ("", "")
            self._send({"cmd": "say", "engine": engine, "locale": locale, "text": text})
        else:
            return
        self._reading = (kind, language, topic_id)
        self._answer_timer.start()  # a helper that never starts speaking is given up

    def stop(self) -> None:
        """Stop reading, also one asked for and not yet begun; a helper that does not
        confirm in time is given up."""
        if not self._speaking and self._reading is None:
            return
        self._send({"cmd": "stop"})
        self._answer_timer.start()


def describe(voice: Voice, language: str, topic_ids: Sequence[str]) -> str:
    """For staff, in their language: what can read these topics aloud in ``language``."""
    if not voice.known():
        return _("Looking for a voice…")
    parts = []
    recorded = [t for t in topic_ids if voice.kind(language, t) == RECORDING]
    if recorded and len(topic_ids) == 1:
        return _("Recorded voice")
    if recorded:
        parts.append(
            ngettext(
                "Recorded voice for {n} of {total} topic",
                "Recorded voice for {n} of {total} topics",
                len(topic_ids),
            ).format(n=len(recorded), total=len(topic_ids))
        )
    locale = voice.voice_locale(language)
    if locale:
        parts.append(_("Computer voice: {voice}").format(voice=locale_display_name(locale)))
    return directional("; ".join(parts)) or _("No voice available for this language")
