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
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from app.sync import seal, wire

MAGIC = b"HARBOUR-BUNDLE 1\n"
MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024
MAX_BODY_BYTES = 4 * 1024 * 1024 * 1024  # decompressed


class BundleRefused(Exception):
    """``code``: damaged, not_for_us, passphrase, unknown_device, revoked, wrong_centre,
    replayed. English detail for logs; the service translates the code."""

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


def read_header(data: bytes) -> Header:
    if not data.startswith(MAGIC):
        raise BundleRefused("damaged", "not a Harbour bundle")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise BundleRefused("damaged", "no header")
    raw = data[len(MAGIC) : end]
    try:
        header = json.loads(raw)
        parsed = Header(
            bundle_id=str(uuid.UUID(header["bundle_id"])),
            centre_id=str(uuid.UUID(header["centre_id"])),
            sender=str(uuid.UUID(header["sender"])),
            created_at=str(header["created_at"]),
            count=int(header["count"]),
            to=dict(header["to"]),
            raw=raw,
        )
    except (ValueError, KeyError, TypeError) as exc:
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
        inflater = gzip.decompress(body)
        items = json.loads(inflater)
        changes = [wire.SealedChange.model_validate(item, strict=False) for item in items]
    except (OSError, EOFError, ValueError, ValidationError, TypeError) as exc:
        raise BundleRefused("damaged", "the changes do not parse") from exc
    if len(changes) != header.count:
        raise BundleRefused("damaged", "the count does not match")
    if any(c.scope != centre_id for c in changes):
        raise BundleRefused("wrong_centre", "a change belongs to another centre")
    return Opened(header=header, changes=changes)
