"""Offline bundles (issue 16, item 7): the same sealed changes as a pull, in one file
carried on a USB stick, signed by the device that wrote it and encrypted to the receiver.

File layout::

    HARBOUR-BUNDLE 1\\n
    <header: canonical JSON, one line>\\n
    <ciphertext>

The header is readable (so the receiver knows how to open it) and bound to everything
else as associated data: ``bundle_id``, ``centre_id``, ``sender`` (device id),
``created_at``, ``count`` and ``to``: ``{"device": id}`` (encrypted to that device's
X25519 key: ``seal.box``) or ``{"passphrase": {salt, memory_kib, iterations, lanes}}``
(a key derived with Argon2id, AES-256-GCM). The plaintext is the sender's Ed25519
signature (64 bytes) over header ‖ body, then the body: gzip of the canonical JSON list of
``wire.SealedChange``. A changed, cut or swapped byte anywhere makes the file not open,
and nothing of it is used (``BundleRefused``); a bundle from a revoked or unknown device,
or for another centre, is refused whole before anything is applied.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import stat
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.sync import seal, wire

MAGIC = b"HARBOUR-BUNDLE 1\n"
MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024
MAX_BODY_BYTES = 1024 * 1024 * 1024  # decompressed, inflated in steps (a gzip bomb stops here)
MAX_HEADER_BYTES = 64 * 1024
MAX_COUNT = 2**63 - 1
# The Argon2id cost is read from the header before anything is verified: a forged file must
# not make the laptop spend more than this (the writer's default is 256 MiB, 2 passes).
MAX_READ_MEMORY_KIB = 1024 * 1024
MAX_READ_ITERATIONS = 8
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class BundleRefused(Exception):
    """``code``: damaged, not_for_us, passphrase, unknown_device, revoked, wrong_centre,
    replayed, unreadable (``read_file``: not an ordinary file, or cannot be read).
    English detail for logs; the service translates the code."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Header:
    bundle_id: str
    centre_id: str
    sender: str
    created_at: str
    count: int
    to: dict[str, Any]
    raw: bytes


@dataclass(frozen=True)
class Opened:
    header: Header
    changes: list[wire.SealedChange]


@dataclass(frozen=True)
class Signer:
    """A device as the receiver knows it: its signing key and status."""

    signing_key: bytes
    status: str  # pending, active, revoked


def _context(header_raw: bytes) -> bytes:
    return b"harbour bundle v1\n" + header_raw


def write(
    changes: list[wire.SealedChange],
    *,
    centre_id: str,
    sender: str,
    signing_private: bytes,
    to_device: tuple[str, bytes] | None = None,
    passphrase: str | None = None,
    cost: seal.PassphraseCost | None = None,
) -> bytes:
    """The bytes of a bundle file: to a device (id, X25519 public) or under a passphrase."""
    if (to_device is None) == (passphrase is None):
        raise ValueError("a bundle goes to one device or under one passphrase")
    to: dict[str, Any]
    key: bytes | None = None
    if to_device is not None:
        to = {"device": to_device[0]}
    else:
        cost = cost or seal.PassphraseCost()
        salt = os.urandom(16)
        to = {
            "passphrase": {
                "salt": seal.b64(salt),
                "memory_kib": cost.memory_kib,
                "iterations": cost.iterations,
                "lanes": cost.lanes,
            }
        }
        key = seal.passphrase_key(passphrase or "", salt, cost)
    header = {
        "bundle_id": str(uuid.uuid4()),
        "centre_id": centre_id,
        "sender": sender,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "count": len(changes),
        "to": to,
    }
    header_raw = seal.canonical(header)
    body = gzip.compress(
        seal.canonical([c.model_dump(mode="json") for c in changes]), compresslevel=6
    )
    signature = seal.sign(signing_private, hashlib.sha256(header_raw + b"\n" + body).digest())
    plaintext = signature + body
    context = _context(header_raw)
    if to_device is not None:
        ciphertext = seal.box(to_device[1], plaintext, context=context)
    else:
        assert key is not None
        ciphertext = seal.aead_encrypt(key, plaintext, context)
    return MAGIC + header_raw + b"\n" + ciphertext


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a bundle file: an ordinary file of at most ``MAX_BUNDLE_BYTES``, not
    followed through a link, never a device or a FIFO (which would hang or never end);
    ``BundleRefused("unreadable")`` otherwise. Like the vault's other readers
    (app/storage/drop.py ``read_raw``)."""
    try:
        fd = os.open(Path(path), os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        raise BundleRefused("unreadable", exc.strerror or "cannot be opened") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BundleRefused("unreadable", "not an ordinary file")
        if info.st_size > MAX_BUNDLE_BYTES:
            raise BundleRefused("unreadable", "too large")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError as exc:
        raise BundleRefused("unreadable", exc.strerror or "cannot be read") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefused("unreadable", "too large")
    return data


def read_header(data: bytes) -> Header:
    if not data.startswith(MAGIC):
        raise BundleRefused("damaged", "not a Harbour bundle")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES + 1)
    if end < 0:
        raise BundleRefused("damaged", "no header")
    raw = data[len(MAGIC) : end]
    try:
        header = json.loads(raw)
        count = header["count"]
        if type(count) is not int or not 0 <= count <= MAX_COUNT:
            raise ValueError("count")
        parsed = Header(
            bundle_id=str(uuid.UUID(header["bundle_id"])),
            centre_id=str(uuid.UUID(header["centre_id"])),
            sender=str(uuid.UUID(header["sender"])),
            created_at=str(header["created_at"]),
            count=count,
            to=dict(header["to"]),
            raw=raw,
        )
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise BundleRefused("damaged", "the header does not parse") from exc
    if seal.canonical(header) != raw:
        raise BundleRefused("damaged", "the header is not canonical")
    return parsed


def open_bundle(
    data: bytes,
    *,
    centre_id: str,
    signers: dict[str, Signer],
    device: tuple[str, bytes] | None = None,
    passphrase: str | None = None,
) -> Opened:
    """Verify and decrypt a whole bundle, or refuse it whole (``BundleRefused``).

    ``device``: this laptop's (device id, X25519 private key); ``passphrase`` for a
    bundle under one. ``signers``: every device of the centre this laptop knows."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefused("damaged", "too large")
    header = read_header(data)
    if header.centre_id != centre_id:
        raise BundleRefused("wrong_centre", "the bundle is for another centre")
    ciphertext = data[len(MAGIC) + len(header.raw) + 1 :]
    context = _context(header.raw)
    try:
        if "device" in header.to:
            if device is None or header.to["device"] != device[0]:
                raise BundleRefused("not_for_us", "the bundle is for another device")
            plaintext = seal.unbox(device[1], ciphertext, context=context)
        elif "passphrase" in header.to:
            if passphrase is None:
                raise BundleRefused("passphrase", "a passphrase is needed")
            p = header.to["passphrase"]
            cost = seal.PassphraseCost(
                memory_kib=int(p["memory_kib"]),
                iterations=int(p["iterations"]),
                lanes=int(p["lanes"]),
            )
            if cost.memory_kib > MAX_READ_MEMORY_KIB or cost.iterations > MAX_READ_ITERATIONS:
                raise BundleRefused("damaged", "the passphrase cost is higher than allowed")
            key = seal.passphrase_key(passphrase, seal.unb64(str(p["salt"])), cost)
            try:
                plaintext = seal.aead_decrypt(key, ciphertext, context)
            except seal.SealError as exc:
                raise BundleRefused("passphrase", "wrong passphrase or damaged file") from exc
        else:
            raise BundleRefused("damaged", "no receiver")
    except seal.SealError as exc:
        raise BundleRefused("damaged", str(exc)) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleRefused("damaged", "the receiver part does not parse") from exc
    signer = signers.get(header.sender)
    if signer is None:
        raise BundleRefused("unknown_device", "the sending device is not known here")
    if signer.status == "revoked":
        raise BundleRefused("revoked", "the sending device was revoked")
    signature, body = plaintext[:64], plaintext[64:]
    try:
        seal.verify(
            signer.signing_key, signature, hashlib.sha256(header.raw + b"\n" + body).digest()
        )
    except seal.SealError as exc:
        raise BundleRefused("damaged", "the signature does not verify") from exc
    try:
        items = json.loads(_inflate(body, MAX_BODY_BYTES))
        changes = [wire.SealedChange.model_validate(item, strict=False) for item in items]
    except (OSError, EOFError, ValueError, ValidationError, TypeError, RecursionError) as exc:
        raise BundleRefused("damaged", "the changes do not parse") from exc
    if len(changes) != header.count:
        raise BundleRefused("damaged", "the count does not match")
    if any(c.scope != centre_id for c in changes):
        raise BundleRefused("wrong_centre", "a change belongs to another centre")
    return Opened(header=header, changes=changes)


def _inflate(body: bytes, limit: int) -> bytes:
    """gzip-decompressed ``body``, refused past ``limit`` bytes without inflating more
    (a small signed body could otherwise inflate to all the laptop's memory)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ValueError("damaged gzip body") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise ValueError(f"more than {limit} bytes decompressed")
    if not inflater.eof:
        raise ValueError("truncated gzip body")
    return out
