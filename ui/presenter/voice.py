"""Reading a screen aloud: a system voice (QtTextToSpeech), else a recorded file
(QtMultimedia), else nothing, said plainly.

Both Qt modules are in PySide6-Addons (the optional ``speech`` extra). They load the
system's audio library (libpulse) and speak through the system's engine (speech-dispatcher
with espeak-ng on Linux); when either is missing, the import fails or no locale matches,
which is the same as having no voice. Measured here: with speech-dispatcher installed,
constructing the default engine can block the GUI thread when the dispatcher is stuck —
the reason the extra stays optional until the engine is probed off the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from app.i18n import babel_locale
from app.services import information

log = logging.getLogger("harbour.ui.presenter.voice")

NONE = "none"
SPEECH = "speech"
RECORDING = "recording"


def _speech_module() -> Any:
    try:
        from PySide6 import QtTextToSpeech
    except ImportError:
        return None
    return QtTextToSpeech


def _multimedia_module() -> Any:
    try:
        from PySide6 import QtMultimedia
    except ImportError:
        return None
    return QtMultimedia


class Voice(QObject):
    """What can read the current screen aloud, and doing it."""

    def __init__(self, parent: QObject | None = None, *, engine: str | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine  # None = the system's default speech engine
        self._speech_checked = False
        self._engine: Any = None
        self._player: Any = None
        self._output: Any = None
        self._locales: dict[str, Any] = {}

    # ---- what is available ---------------------------------------------------------------

    def _speech_engine(self) -> Any:
        if not self._speech_checked:
            self._speech_checked = True
            module = _speech_module()
            if module is not None:
                try:
                    self._engine = (
                        module.QTextToSpeech(self._engine_name, self)
                        if self._engine_name
                        else module.QTextToSpeech(self)
                    )
                except RuntimeError:  # no engine plugin on this system
                    self._engine = None
        return self._engine

    def _speech_locale(self, language: str) -> Any:
        if language in self._locales:
            return self._locales[language]
        found = None
        engine = self._speech_engine()
        if engine is not None:
            wanted = babel_locale(language)
            for locale in engine.availableLocales():
                name = locale.name()  # e.g. "ar_EG"
                if name.split("_")[0] == wanted.language:
                    found = found or locale  # the first voice of the language ...
                    if wanted.territory and name.endswith("_" + wanted.territory):
                        found = locale  # ... unless one matches the country too
                        break
        self._locales[language] = found
        return found

    def kind(self, language: str, topic_id: str) -> str:
        if self._speech_locale(language) is not None:
            return SPEECH
        if (
            information.recorded_audio(language, topic_id) is not None
            and _multimedia_module() is not None
        ):
            return RECORDING
        return NONE

    # ---- reading -------------------------------------------------------------------------

    def read(self, language: str, topic_id: str, text: str) -> None:
        kind = self.kind(language, topic_id)
        if kind == SPEECH:
            engine = self._speech_engine()
            engine.setLocale(self._speech_locale(language))
            engine.say(text)
        elif kind == RECORDING:
            path = information.recorded_audio(language, topic_id)
            assert path is not None
            self._play(path)

    def _play(self, path: Path) -> None:
        module = _multimedia_module()
        if self._player is None:
            self._player = module.QMediaPlayer(self)
            self._output = module.QAudioOutput(self)
            self._player.setAudioOutput(self._output)
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()
        if self._player is not None:
            self._player.stop()
