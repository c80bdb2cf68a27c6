"""An exclusive, non-blocking lock on a file, held while a vault is open in a process.

The operating system drops the lock when the process dies (even by SIGKILL), so a
crashed app never leaves a vault that claims to be busy.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from app.errors import DiskFull, VaultBusy, VaultNotWritable, VaultReadOnly

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProcessLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, create: bool = False) -> None:
        if self._fd is not None:
            return
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            # The lock is opened for writing, so a vault on a read-only disk (a backup
            # stick mounted read-only) or in a folder Harbour may not write stops here.
            folder = str(self.path.parent)
            if exc.errno == errno.EROFS:
                raise VaultReadOnly(path=folder) from exc
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise VaultNotWritable(path=folder) from exc
            if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                raise DiskFull() from exc
            raise
        if not _try_lock(fd):
            os.close(fd)
            raise VaultBusy()
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ProcessLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
