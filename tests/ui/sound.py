"""A synthetic recording for the voice tests: a plain tone, no person's voice."""

from __future__ import annotations

import struct
import wave
from pathlib import Path


def write_tone(path: Path, seconds: float) -> Path:
    """A 16-bit mono WAV of a sawtooth tone lasting ``seconds``."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        frames = int(8000 * seconds)
        out.writeframes(b"".join(struct.pack("<h", (i % 40) * 400) for i in range(frames)))
    return path
