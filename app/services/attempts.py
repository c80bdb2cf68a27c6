"""Wrong passphrases given on the command line, remembered from one command to the next.

The desktop keeps its sign-in throttle in memory for as long as the window runs. Each
``harbour`` command is a new process, so an in-memory count would start from zero every
time and a script could guess without limit, unseen. Here the same throttle is kept in a
small private file beside the settings (0600, outside the vault folder, which only the
vault writes to): the next command is refused while the delay runs, and the count is
written into the vault's audit log at the next successful sign-in, as the desktop does.

The file holds staff sign-in names (already in the key-slot file) and counts; nothing
about any child. A damaged or foreign file is treated as empty: it can only make guessing
slower to notice, never lock anyone out for good.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.config import PRIVATE_FILE_MODE, data_dir, make_private_dir
from app.services.auth import SignInThrottle

FILE_NAME = "sign-in-attempts.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass
class RememberedThrottle(SignInThrottle):
    """A sign-in throttle on the wall clock, so its delays hold across processes."""

    clock: callable = time.time  # type: ignore[valid-type]
    vault_key: str = ""
    failures: dict[str, int] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)
    unrecorded: dict[str, int] = field(default_factory=dict)


def attempts_file() -> Path:
    return data_dir() / FILE_NAME


def _vault_key(vault_folder: Path) -> str:
    return str(Path(vault_folder).expanduser().resolve())


def _read_all() -> dict:
    try:
        fd = os.open(attempts_file(), os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            raw = json.loads(handle.read(1024 * 1024))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _counts(raw: object, kind: type) -> dict:
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): kind(v)
        for k, v in raw.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
    }


def load(vault_folder: Path) -> RememberedThrottle:
    key = _vault_key(vault_folder)
    entry = _read_all().get(key)
    entry = entry if isinstance(entry, dict) else {}
    return RememberedThrottle(
        vault_key=key,
        failures=_counts(entry.get("failures"), int),
        blocked_until=_counts(entry.get("blocked_until"), float),
        unrecorded=_counts(entry.get("unrecorded"), int),
    )


def save(throttle: RememberedThrottle) -> None:
    """Write the throttle back (atomically, 0600). Never raises: a read-only home must
    not turn a correct sign-in into a failure."""
    everything = _read_all()
    entry = {
        "failures": throttle.failures,
        "blocked_until": throttle.blocked_until,
        "unrecorded": throttle.unrecorded,
    }
    if any(entry.values()):
        everything[throttle.vault_key] = entry
    else:
        everything.pop(throttle.vault_key, None)
    path = attempts_file()
    with contextlib.suppress(OSError):
        make_private_dir(path.parent)
        tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(everything, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
