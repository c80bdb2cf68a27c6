"""Hear what the presenter's "Read aloud" really produces, language by language.

Not a test: it needs a sound server and a speech engine, which CI machines lack. On a
Debian/Ubuntu machine (or a container) with no sound card::

    sudo apt-get install -y speech-dispatcher espeak-ng pulseaudio pulseaudio-utils
    pulseaudio -D --exit-idle-time=-1 -n --load=module-null-sink \\
        --load=module-native-protocol-unix && pactl set-default-sink null
    .venv/bin/python tools/voice_check.py --record null

For each content language it starts the real voice helper (as the presenter does), reads
the first "welcome" screen, records the sink's monitor with ``parec`` into
``/tmp/harbour-voice-LANG.wav`` and prints which voice spoke, how long the helper said it
was speaking, and the recording's length and loudness (RMS of 16-bit samples, 0-1). A
language with no voice prints "none" and records nothing. Listen to the files to judge.
"""

from __future__ import annotations

import argparse
import array
import math
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.i18n import content_languages
from app.services import information
from ui.presenter.voice import NONE, Voice


def loudness(path: Path) -> tuple[float, float]:
    """(seconds, RMS 0-1) of a 16-bit WAV file."""
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = array.array("h", frames[: len(frames) // 2 * 2])
    if not samples:
        return seconds, 0.0
    return seconds, math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768


def wait(loop: QEventLoop, ms: int) -> None:
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", metavar="SINK", help="record SINK.monitor with parec")
    parser.add_argument("--topic", default="welcome")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])  # noqa: F841 - the event loop needs it
    voice = Voice()
    loop = QEventLoop()
    voice.changed.connect(loop.quit)
    began = time.perf_counter()
    voice.start()
    loop.exec()
    print(f"voices known after {(time.perf_counter() - began) * 1000:.0f} ms", voice.problems)

    for language in content_languages():
        kind = voice.kind(language, args.topic)
        if kind == NONE:
            print(f"{language:4} none")
            continue
        topic = next(t for t in information.topics(language) if t.id == args.topic)
        text = topic.screens[0].text
        out = Path(f"/tmp/harbour-voice-{language}.wav")
        recorder = None
        if args.record:
            recorder = subprocess.Popen(
                ["parec", "-d", f"{args.record}.monitor", "--file-format=wav", str(out)]
            )
        spoken: list[float] = []
        started = time.perf_counter()

        def on_speaking(speaking: bool, started: float = started, spoken: list = spoken) -> None:
            if not speaking:
                spoken.append(time.perf_counter() - started)
                loop.quit()

        voice.speaking_changed.connect(on_speaking)
        voice.read(language, args.topic, text)
        wait(loop, 60_000)
        voice.speaking_changed.disconnect(on_speaking)
        line = f"{language:4} {kind:9} {voice.voice_locale(language) or '':8}"
        line += f" speaking {spoken[0]:.1f} s" if spoken else " never finished"
        if recorder is not None:
            wait(loop, 300)
            recorder.terminate()
            recorder.wait()
            seconds, rms = loudness(out)
            line += f"; recorded {seconds:.1f} s, RMS {rms:.3f} -> {out}"
        print(line, flush=True)
    voice.shutdown_and_wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
