"""Scratch folders on tmpfs (``/dev/shm``) for the sync and server suites.

Their tests open and write many SQLCipher vaults and server stores, and every commit
fsyncs (``synchronous = EXTRA``; SQLite's own for the server's store). On tmpfs an fsync
is a memory write: the same code path, minutes less on a busy disk. The tests here crash
processes (SIGKILL), never the machine, so nothing they check rests on the disk's flush.
Where there is no writable ``/dev/shm`` (or with ``HARBOUR_TEST_TMPFS=0``) the folders stay
under pytest's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

SHM = Path("/dev/shm")


def on_tmpfs() -> bool:
    """``HARBOUR_TEST_TMPFS=0`` keeps the folders on disk (to compare, or to see fsyncs)."""
    if os.environ.get("HARBOUR_TEST_TMPFS", "1") == "0":
        return False
    return SHM.is_dir() and os.access(SHM, os.W_OK)


def scratch(fallback: Path, prefix: str = "harbour-test-") -> Path:
    """A new private (0700) folder on tmpfs, else under ``fallback``."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=SHM if on_tmpfs() else fallback))


def tmp_path_on_tmpfs(fallback: Path) -> Iterator[Path]:
    """The body of a ``tmp_path`` override: a scratch folder, removed after the test."""
    folder = scratch(fallback)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
