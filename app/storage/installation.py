"""This installation's identity, kept outside every vault folder (issue 14, item 7).

A vault folder copied to another laptop (centres image one laptop and copy it) carries
its database and its ``device_id`` with it. Both copies would number their first child
``NRC-2026-0001`` and issue the same clock values. The installation id is a random UUID
kept in the OS user's data folder (``app.config.data_dir()``), which a copied vault
folder does not carry; the vault remembers the installation that last wrote it, and a
vault opened by another installation refuses to number children until a manager says
whether this is the same laptop or a new one (which then gets a new device id).
"""

from __future__ import annotations

import os
import uuid

from app.config import PRIVATE_FILE_MODE, data_dir, make_private_dir
from app.errors import InstallationFileForeign

FILE_NAME = "installation-id"


def installation_id() -> str:
    """This installation's id, made on first use."""
    folder = data_dir()
    path = folder / FILE_NAME
    damaged = False
    # A folder, a link or a device planted at this path is refused in one line, never
    # followed or read (a link could point anywhere).
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InstallationFileForeign(path=str(path))
    try:
        return str(uuid.UUID(path.read_text("ascii").strip()))
    except FileNotFoundError:
        pass
    except (ValueError, UnicodeDecodeError):
        damaged = True  # replaced below: every vault then asks a manager once
    make_private_dir(folder)
    value = str(uuid.uuid4())
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    if damaged:
        os.replace(temporary, path)
        return value
    try:
        os.link(temporary, path)  # never replaces an id another process just wrote
    except FileExistsError:
        os.unlink(temporary)
        return str(uuid.UUID(path.read_text("ascii").strip()))
    os.unlink(temporary)
    return value
