"""Where Harbour keeps things on this computer, and the app's own settings file.

The settings file holds no personal data: the vault folder, the idle-lock minutes and
the UI language. ``HARBOUR_HOME`` moves everything (settings, data, logs) under one
folder, for portable installs and for tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Harbour"
DEFAULT_IDLE_MINUTES = 5


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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=1), "utf-8")
    os.replace(tmp, path)
