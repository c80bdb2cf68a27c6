"""Files written where a person asks (``--out``, a save dialog): never into a vault.

One function writes every such file, ``write_private``. It

- refuses a path inside any vault folder (a folder holding a key-slot sidecar, a vault
  lock or a vault database, found by the names ``vault.py`` uses), after resolving the
  folder's symbolic links and ``..``; the folder and every folder above it are checked,
  and a file that reads as a key-slot sidecar under another name is never replaced;
- refuses a target that is a symbolic link (even a dangling one), a folder or anything
  that is not an ordinary file;
- refuses a target that exists, unless ``replace`` (the command line's ``--force``, or a
  save dialog whose overwrite question the person answered yes);
- writes a temporary file in the target folder (``O_CREAT | O_EXCL | O_NOFOLLOW``, mode
  0600: a document here is a child's record), fsyncs it and only then puts it in place:
  without ``replace`` by a hard link, which fails if a file appeared meanwhile, else by an
  atomic rename; then fsyncs the folder. A crash or a full disk leaves the old file, or
  none, never half a document;
- turns every failure into one ``OutputRefused`` (or ``DiskFull``) from ``app.errors``.

The folder is opened once and every later step works relative to that open folder, so
the folder that was checked is the folder that is written (no swap in between).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from app.config import PRIVATE_FILE_MODE, tighten_tree
from app.errors import (
    DiskFull,
    OutputExists,
    OutputFolderMissing,
    OutputInVault,
    OutputIsFolder,
    OutputIsLink,
    OutputNoName,
    OutputNotAFile,
    OutputNotAllowed,
    OutputReadOnly,
    OutputRefused,
)
from app.storage.keyslots import FORMAT as SIDECAR_FORMAT
from app.storage.vault import DATABASE_PATTERN, LOCK_NAME, SIDECAR_NAME

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.name == "posix"
# Where a hard link cannot be made (FAT and exFAT sticks, some network shares), the file
# is put in place by a rename after checking that the name is still free.
_NO_LINK = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}
_NO_LINK |= {getattr(errno, "ENOSYS", errno.EPERM)}


def is_vault_file_name(name: str) -> bool:
    """A name a vault keeps in its folder (sidecar, lock, database and its -wal/-shm)."""
    if name in (SIDECAR_NAME, LOCK_NAME):
        return True
    if name.startswith(f".{SIDECAR_NAME}.") and name.endswith(".tmp"):
        return True
    for suffix in ("-wal", "-shm", "-journal"):
        name = name.removesuffix(suffix)
    return DATABASE_PATTERN.match(name) is not None


def holds_vault(names: list[str]) -> bool:
    return any(is_vault_file_name(n) for n in names)


def _listing(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        # A folder we may not list can still be a vault: look for the fixed names.
        return [n for n in (SIDECAR_NAME, LOCK_NAME) if os.path.lexists(os.path.join(folder, n))]


def inside_vault(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` (resolved: links and ``..``) or any folder above it is a vault's."""
    current = os.path.realpath(folder)
    while True:
        if holds_vault(_listing(current)):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def _looks_like_sidecar(path: str, dir_fd: int | None) -> bool:
    """A key-slot file under another name (a backup copy) is never replaced either."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _BINARY, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        head = os.read(fd, 1 << 16)
    finally:
        os.close(fd)
    return f'"{SIDECAR_FORMAT}"'.encode() in head


def _translate(exc: OSError, path: str, folder: str, *, found: bool = True) -> Exception:
    """One known error for an OSError; ``found``: the folder was already seen to exist."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return DiskFull()
    if code == errno.EROFS:
        return OutputReadOnly(path=path)
    if code in (errno.EACCES, errno.EPERM):
        return OutputNotAllowed(path=path)
    if code in (errno.ENOENT, errno.ENOTDIR) and not found:
        return OutputFolderMissing(folder=folder)
    if code == errno.EISDIR:
        return OutputIsFolder(path=path)
    if code == errno.ELOOP:
        return OutputIsLink(path=path)
    if code == errno.EEXIST:
        return OutputExists(path=path)
    return OutputRefused(path=path, reason=os.strerror(code) if code else type(exc).__name__)


def _split(out: str | os.PathLike[str]) -> tuple[str, str, str]:
    """(the path as given, its folder resolved, the file name) or a refusal."""
    path = os.fspath(out)
    if not path.strip() or "\0" in path:
        raise OutputNoName()
    head, name = os.path.split(path)
    if name in ("", ".", "..") or (os.altsep and path.endswith(os.altsep)):
        if os.path.isdir(path):
            raise OutputIsFolder(path=path)
        raise OutputFolderMissing(folder=path)
    folder = head or os.curdir
    try:
        resolved = os.path.realpath(folder, strict=True)
    except OSError as exc:
        raise _translate(exc, path, folder, found=False) from None
    if not os.path.isdir(resolved):
        raise OutputRefused(path=path, reason=os.strerror(errno.ENOTDIR))
    return path, resolved, name


def _check_target(path: str, folder: str, name: str, *, replace: bool, dir_fd: int | None) -> bool:
    """Refuse what must not be written; returns whether the name is taken now."""
    target = name if dir_fd is not None else os.path.join(folder, name)
    if is_vault_file_name(name):
        raise OutputInVault(path=path)
    try:
        info = os.stat(target, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _translate(exc, path, folder) from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputIsLink(path=path)
    if stat.S_ISDIR(info.st_mode):
        raise OutputIsFolder(path=path)
    if not stat.S_ISREG(info.st_mode):
        raise OutputNotAFile(path=path)
    if _looks_like_sidecar(target, dir_fd):
        raise OutputInVault(path=path)
    if not replace:
        raise OutputExists(path=path)
    return True


def check_output(out: str | os.PathLike[str], *, replace: bool = False) -> Path:
    """Every refusal ``write_private`` would give before writing, without writing.

    Lets a caller refuse before doing slow work (building a PDF, auditing a print).
    Returns the target with its folder resolved.
    """
    path, folder, name = _split(out)
    if inside_vault(folder):
        raise OutputInVault(path=path)
    _check_target(path, folder, name, replace=replace, dir_fd=None)
    return Path(folder) / name


def write_private(out: str | os.PathLike[str], data: bytes, *, replace: bool = False) -> Path:
    """Write ``data`` to ``out`` as a private (0600) file, whole or not at all.

    Raises ``OutputRefused`` subclasses or ``DiskFull``; nothing is left behind on failure.
    Returns the path written (folder resolved).
    """
    path, folder, name = _split(out)
    if inside_vault(folder):
        raise OutputInVault(path=path)
    dir_fd = None
    if _DIR_FD:
        try:
            dir_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
        except OSError as exc:
            raise _translate(exc, path, folder) from None
    try:
        # The folder as opened: the same checks against what is really there now.
        if dir_fd is not None and holds_vault(os.listdir(dir_fd)):
            raise OutputInVault(path=path)
        _check_target(path, folder, name, replace=replace, dir_fd=dir_fd)
        _write(path, folder, name, data, replace=replace, dir_fd=dir_fd)
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
    return Path(folder) / name


def _write(
    path: str, folder: str, name: str, data: bytes, *, replace: bool, dir_fd: int | None
) -> None:
    def at(n: str) -> str:
        return n if dir_fd is not None else os.path.join(folder, n)

    tmp = f".{name[:100]}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    try:
        fd = os.open(at(tmp), flags, PRIVATE_FILE_MODE, dir_fd=dir_fd)
    except OSError as exc:
        raise _translate(exc, path, folder) from None
    renamed = False
    try:
        try:
            if hasattr(os, "fchmod"):  # whatever the umask; FAT has no modes to set
                with contextlib.suppress(OSError):
                    os.fchmod(fd, PRIVATE_FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            # Re-check right before the rename: a link or folder that appeared is refused.
            _check_target(path, folder, name, replace=True, dir_fd=dir_fd)
            os.replace(at(tmp), at(name), src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            renamed = True
        else:
            try:
                # A hard link never replaces: a file that appeared meanwhile is kept.
                os.link(at(tmp), at(name), src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except OSError as exc:
                if exc.errno not in _NO_LINK:
                    raise
                _check_target(path, folder, name, replace=False, dir_fd=dir_fd)
                os.rename(at(tmp), at(name), src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                renamed = True
    except OutputRefused:
        raise
    except OSError as exc:
        raise _translate(exc, path, folder) from None
    finally:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(at(tmp), dir_fd=dir_fd)
    # The document is whole and in place; make the new name durable (best effort: a
    # folder fsync that fails does not unsay that the file was written).
    with contextlib.suppress(OSError):
        _fsync_folder(folder, dir_fd)


def _fsync_folder(folder: str, dir_fd: int | None) -> None:
    if os.name != "posix":  # Windows has no directory fsync; NTFS journals renames.
        return
    if dir_fd is not None:
        os.fsync(dir_fd)
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tighten_vault_folder(folder: str | os.PathLike[str]) -> None:
    """Make an existing vault folder private: it and its subfolders (``drop/``) 0700, their
    files 0600.

    Only a folder that holds a vault is touched (a vault folder holds nothing but the
    vault, so every file in it is the vault's). Links are never followed; a file that
    belongs to someone else is left as it is.
    """
    folder = os.path.realpath(folder)  # a vault folder reached through a link is still ours
    try:
        info = os.stat(folder, follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode) or not holds_vault(os.listdir(folder)):
            return
    except OSError:
        return
    tighten_tree(Path(folder))
