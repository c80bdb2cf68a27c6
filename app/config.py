"""Where Harbour keeps things on this computer, and the app's own settings file.

The settings file holds no personal data: the vault folder, the idle-lock minutes and
the UI language. ``HARBOUR_HOME`` moves everything (settings, data, logs) under one
folder, for portable installs and for tests.

Everything Harbour keeps is private to the account that runs it (issue 11, item 8):
folders 0700, files 0600. Three layers make it so, because any one alone misses a case:

- ``private_umask()``: the command line and the desktop set the process umask to 077 at
  start, so every file and folder the process creates (SQLite's -wal and -shm, a log
  rotated by the standard library, a document saved by the user, a folder made by a
  file dialog) is private even where no mode is passed;
- explicit modes where Harbour creates its own things (``make_private_dir``, the
  settings file, the log file; the vault's files in ``app/storage``), so library use and
  tests without the entry points get the same modes;
- ``tighten_home()`` at every start: installs made before this rule (folders 0755,
  settings and log 0644) are tightened with chmod. Only Harbour's own folders are
  walked (``HARBOUR_HOME`` whole, or the ``Harbour`` folders platformdirs names); links
  are never followed, and a file that belongs to someone else is left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Harbour"
DEFAULT_IDLE_MINUTES = 5
PRIVATE_UMASK = 0o077
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _home() -> Path | None:
    value = os.environ.get("HARBOUR_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, False))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, False))


def default_vault_folder() -> Path:
    return data_dir() / "vault"


@dataclass
class AppSettings:
    vault_folder: str = ""
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    language: str = "en"

    @property
    def vault_path(self) -> Path:
        return Path(self.vault_folder) if self.vault_folder else default_vault_folder()


def settings_file() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> AppSettings:
    try:
        raw = json.loads(settings_file().read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return AppSettings()
    known = {k: v for k, v in raw.items() if k in AppSettings.__dataclass_fields__}
    settings = AppSettings(**known)
    settings.idle_minutes = max(1, min(120, int(settings.idle_minutes)))
    return settings


def save_settings(settings: AppSettings) -> None:
    path = settings_file()
    make_private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(settings), indent=1))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# ---- private files ------------------------------------------------------------------------

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def private_umask() -> int:
    """Set the process umask to 077 (new files 0600, folders 0700); returns the old one."""
    return os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700; an existing ``path`` becomes 0700."""
    path = Path(path)
    missing = []
    current = path
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        set_mode(folder, PRIVATE_DIR_MODE)
    set_mode(path, PRIVATE_DIR_MODE)
    return path


def set_mode(path: str | os.PathLike[str], mode: int) -> None:
    """chmod without following a link; best effort (someone else's file stays as it is)."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
        return
    with contextlib.suppress(OSError):
        if os.chmod in os.supports_follow_symlinks:
            os.chmod(path, mode, follow_symlinks=False)
        else:  # Linux has no lchmod; the stat above said this is not a link.
            os.chmod(path, mode)


def owned_folders() -> list[Path]:
    """The folders that are Harbour's alone: ``HARBOUR_HOME``, or the platform's
    ``Harbour`` folders for settings, data and logs (never their shared parents)."""
    home = _home()
    if home:
        return [home]
    found: list[Path] = []
    for folder in (config_dir(), data_dir(), log_dir()):
        # platformdirs' log folder can be .../Harbour/log: own the Harbour folder.
        if folder.name != APP_NAME and folder.parent.name == APP_NAME:
            folder = folder.parent
        if folder not in found:
            found.append(folder)
    return found


def tighten_tree(root: Path) -> None:
    """Folders under ``root`` 0700, files 0600; links are neither followed nor changed."""
    if not root.is_dir() or root.is_symlink():
        return
    set_mode(root, PRIVATE_DIR_MODE)
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs:
            set_mode(os.path.join(folder, name), PRIVATE_DIR_MODE)
        for name in files:
            set_mode(os.path.join(folder, name), PRIVATE_FILE_MODE)


def tighten_home() -> None:
    """Make an existing install private (see the module text). Never raises."""
    for folder in owned_folders():
        with contextlib.suppress(OSError):
            tighten_tree(folder)
