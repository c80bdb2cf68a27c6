"""The interpreters' drop: what an interpreter records, sealed for the vault.

An interpreter shows information screens and records that the child saw them, but must
never hold the key to the children's records (DESIGN.md, "Keys follow roles"). So an
interpreter's key slot wraps only their own 256-bit *drop key* (``keyslots``), and what
they record is sealed under it and left in the vault folder's ``drop/`` subfolder, one
file per item:

    ``drop/<item uuid>.sealed`` = MAGIC | author's user id (36) | nonce (12) | AES-256-GCM

The AES key is derived from the drop key with HKDF-SHA256 (its own label, so it never
equals the key that seals the interpreter's slot), and the associated data binds the item
to its vault, its author and its file name: an item cannot be moved to another vault,
claimed by another interpreter, or replayed under another name. The same drop key is kept
in the interpreter's account record inside the encrypted database, so a manager's or
officer's session opens, checks and imports the items at its next unlock, and deletes each
file only after its content is committed; the item id becomes the record id, so importing
twice stores one record. Nobody else can make an item that opens: a forged or edited file
is reported, never imported.

Why a symmetric key per interpreter, not a vault public key (X25519): it gives the same
"no key to the cases" property, and in addition authenticates every item to one
interpreter's passphrase; a public key alone would let anyone who can write the folder
drop records into a child's case. What an interpreter can read back is only what they
wrote themselves.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import uuid
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.storage.keyslots import fsync_dir, replace_atomically

DROP_FOLDER = "drop"
MAGIC = b"HARBOUR-DROP-1\n"
SUFFIX = ".sealed"
KEY_BYTES = 32
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: An information session is a few kilobytes; anything far larger is not ours.
MAX_ITEM_BYTES = 256 * 1024  # a case-number list is not an item and has no such cap
ITEM_NAME = re.compile(rf"^{_UUID}\.sealed$")
AUTHOR = re.compile(rf"^{_UUID}$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class DropItemDamaged(Exception):
    """A drop file that does not open: damaged, foreign, forged or for another vault."""


def new_drop_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _item_key(drop_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"harbour-drop/1/items"
    ).derive(drop_key)


def _aad(vault_id: str, author_id: str, item_id: str) -> bytes:
    return f"harbour-drop/1/{vault_id}/{author_id}/{item_id}".encode()


def seal(
    drop_key: bytes, plaintext: bytes, *, vault_id: str, author_id: str, item_id: str
) -> bytes:
    if not AUTHOR.match(author_id):
        raise ValueError("an author id is a UUID")
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_item_key(drop_key)).encrypt(
        nonce, plaintext, _aad(vault_id, author_id, item_id)
    )
    return MAGIC + author_id.encode("ascii") + nonce + sealed


def author_of(data: bytes) -> str:
    """The user id an item claims as its author (checked only by ``unseal``)."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 36 + 12 + 16:
        raise DropItemDamaged("not a Harbour drop item")
    author = data[len(MAGIC) : len(MAGIC) + 36].decode("ascii", "replace")
    if not AUTHOR.match(author):
        raise DropItemDamaged("not a Harbour drop item")
    return author


def unseal(drop_key: bytes, data: bytes, *, vault_id: str, item_id: str) -> bytes:
    author = author_of(data)
    body = data[len(MAGIC) + 36 :]
    nonce, sealed = body[:12], body[12:]
    try:
        return AESGCM(_item_key(drop_key)).decrypt(nonce, sealed, _aad(vault_id, author, item_id))
    except (InvalidTag, ValueError):
        raise DropItemDamaged("the drop item does not open with its author's key") from None


def drop_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / DROP_FOLDER


def write_item(
    vault_folder: Path, *, vault_id: str, author_id: str, drop_key: bytes, payload: dict[str, Any]
) -> str:
    """Seal ``payload`` (JSON) into a new drop file; returns the item id."""
    item_id = str(uuid.uuid4())
    data = seal(
        drop_key,
        json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        vault_id=vault_id,
        author_id=author_id,
        item_id=item_id,
    )
    _write_private(drop_folder(vault_folder) / f"{item_id}{SUFFIX}", data)
    return item_id


def _write_private(path: Path, data: bytes) -> None:
    folder = path.parent
    if folder.is_symlink():
        raise DropItemDamaged("the drop folder is a link")
    folder.mkdir(mode=0o700, exist_ok=True)
    replace_atomically(path, data)


def pending_items(vault_folder: Path) -> list[Path]:
    """Drop files waiting for import, in name order; links and strays left out."""
    folder = drop_folder(vault_folder)
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if ITEM_NAME.match(p.name) and not p.is_symlink())


def read_raw(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_ITEM_BYTES + 1)
    except OSError as exc:
        raise DropItemDamaged(f"the drop item cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ITEM_BYTES:
        raise DropItemDamaged("the drop item is too large")
    return data


def open_item(data: bytes, path: Path, *, vault_id: str, drop_key: bytes) -> dict[str, Any]:
    """The payload of one drop file, whose author's drop key is ``drop_key``."""
    plain = unseal(drop_key, data, vault_id=vault_id, item_id=path.name[: -len(SUFFIX)])
    try:
        payload = json.loads(plain)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DropItemDamaged("the drop item holds no readable record") from None
    if not isinstance(payload, dict):
        raise DropItemDamaged("the drop item holds no readable record")
    return payload


def item_id(path: Path) -> str:
    return path.name[: -len(SUFFIX)]


def numbers_path(vault_folder: Path, user_id: str) -> Path:
    """The case numbers an interpreter may record against, sealed for them alone.

    Not an item (its name is not a bare UUID), so never imported. It lets an interpreter
    catch a mistyped case number at once, without a key to anything else in the case.
    """
    if not AUTHOR.match(user_id):
        raise ValueError("a user id is a UUID")
    return drop_folder(vault_folder) / f"numbers-{user_id}{SUFFIX}"


def write_numbers(
    vault_folder: Path, *, vault_id: str, user_id: str, drop_key: bytes, numbers: list[str]
) -> None:
    path = numbers_path(vault_folder, user_id)
    data = seal(
        drop_key,
        json.dumps(sorted(numbers)).encode("utf-8"),
        vault_id=vault_id,
        author_id=user_id,
        item_id=path.name,
    )
    _write_private(path, data)


def read_numbers(
    vault_folder: Path, *, vault_id: str, user_id: str, drop_key: bytes
) -> set[str] | None:
    """The sealed list for this interpreter, or None when there is none (or it does not
    open): then a number cannot be checked before the session is imported."""
    path = numbers_path(vault_folder, user_id)
    if not path.exists():
        return None
    try:
        data = path.read_bytes() if not path.is_symlink() else b""
        plain = unseal(drop_key, data, vault_id=vault_id, item_id=path.name)
        numbers = json.loads(plain)
    except (OSError, DropItemDamaged, ValueError):
        return None
    return {n for n in numbers if isinstance(n, str)} if isinstance(numbers, list) else None


def remove_item(path: Path) -> None:
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)
