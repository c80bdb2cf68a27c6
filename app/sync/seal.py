"""Sealing, key wrapping and signing for sync (issue 16, item 2; docs/sync.md "Sealing").

Everything here is ``cryptography``'s primitives, composed; nothing is hand-rolled.

- **Content keys**: 32 random bytes per centre; ``key_id`` = the first 8 bytes of
  SHA-256 of the key, hex. A change's value is sealed with AES-256-GCM under the current
  content key: nonce 12 random bytes, plaintext the JSON ``{"v": value, "u": user_id}``
  (no ``"v"`` when the path was removed), associated data the canonical JSON of
  ``[protocol, change_id, record_id, kind, path, hlc, device_id, device_seq, scope,
  base_id, model, key_id]``. A sealed value moved to another change, record, path, clock,
  device or key does not open: the server routes by that metadata and cannot swap values.
- **Key wrapping**: a content key is wrapped to a device's X25519 public key with an
  ephemeral X25519 key pair, HKDF-SHA256 and AES-256-GCM (the associated data binds the
  key id and the receiving device). The same construction encrypts a bundle to a receiver.
- **Signing**: every sealed change, bundles and audit anchors are signed with the
  device's Ed25519 key (a change: over ``change_message``, its associated data and sealed
  blob; relayed changes keep the signature of the device that made them).
- **Passphrases**: a bundle for a receiver without a key pair is encrypted under a key
  derived from a passphrase with Argon2id (parameters stored beside the salt, bounded).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain import paths
from app.domain.sync import SyncChange

PROTOCOL = 1  # app/sync/wire.py PROTOCOL_VERSION: part of every sealed value's identity
KEY_BYTES = 32
NONCE_BYTES = 12
_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


class SealError(Exception):
    """A sealed value, wrapped key, signature or envelope that does not open or verify.

    The message is English and names no content (for logs and the one-line refusal)."""


class SignatureError(SealError):
    """A change's signature that does not verify with a key of its device (or the device
    has no signing key known here)."""


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise SealError("not base64") from exc


# One encoder for every call: ``json.dumps`` with arguments builds a new one each time
# (the same bytes; two per pulled change, so a first pull paid it 40,000 times).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, ASCII."""
    return _CANONICAL.encode(value).encode()


# -- content keys ------------------------------------------------------------------------
def new_content_key() -> bytes:
    return os.urandom(KEY_BYTES)


@functools.lru_cache(maxsize=32)
def key_id(key: bytes) -> str:
    """First 8 bytes of SHA-256 of the key, hex (docs/sync.md). Cached per key: every
    change sealed or opened asks (a centre holds a few keys, one per rotation)."""
    return hashlib.sha256(key).digest()[:8].hex()


@functools.lru_cache(maxsize=32)
def _aead(key: bytes) -> AESGCM:
    """The AES-256-GCM object of a content key, built once per key, not per change."""
    return AESGCM(key)


# -- sealing one change's value ----------------------------------------------------------
@dataclass(frozen=True)
class ChangeIdentity:
    """The readable metadata of a change: what the server routes by, and what binds the
    sealed value to its place."""

    change_id: str
    record_id: str
    kind: str
    path: str
    hlc: int
    device_id: str
    device_seq: int
    scope: str
    base_id: str | None
    model: int

    def associated_data(self, key_id_: str, protocol: int = PROTOCOL) -> bytes:
        return canonical(
            [
                protocol,
                self.change_id,
                self.record_id,
                self.kind,
                self.path,
                self.hlc,
                self.device_id,
                self.device_seq,
                self.scope,
                self.base_id,
                self.model,
                key_id_,
            ]
        )


def seal_value(
    identity: ChangeIdentity,
    value: Any,
    user_id: str | None,
    key: bytes,
    supersedes: tuple[str, ...] = (),
    associated: bytes | None = None,
) -> str:
    """base64 of nonce ‖ AES-256-GCM(plaintext) under ``key``, bound to ``identity``.
    ``supersedes`` (app/domain/sync.py [S2]) travels inside, as ``"s"`` when not empty:
    opaque to the server, no change to the wire. ``associated``: the identity's
    associated data under this key when the caller has it already."""
    plain: dict[str, Any] = {"u": user_id}
    if value is not paths.REMOVED:
        plain["v"] = value
    if supersedes:
        plain["s"] = list(supersedes)
    nonce = os.urandom(NONCE_BYTES)
    if associated is None:
        associated = identity.associated_data(key_id(key))
    sealed = _aead(key).encrypt(nonce, canonical(plain), associated)
    return b64(nonce + sealed)


def open_value(identity: ChangeIdentity, sealed: str, key: bytes) -> tuple[Any, str | None]:
    """(value or paths.REMOVED, user_id); ``SealError`` when it does not open here."""
    value, user, _supersedes = open_sealed(identity, sealed, key)
    return value, user


def open_sealed(
    identity: ChangeIdentity, sealed: str, key: bytes
) -> tuple[Any, str | None, tuple[str, ...]]:
    """(value or paths.REMOVED, user_id, supersedes); ``SealError`` when it does not
    open here."""
    return _open_raw(unb64(sealed), key, identity.associated_data(key_id(key)))


def _open_raw(raw: bytes, key: bytes, associated: bytes) -> tuple[Any, str | None, tuple[str, ...]]:
    """``open_sealed`` of the decoded blob, under the associated data already built."""
    if len(raw) < NONCE_BYTES + 16:
        raise SealError("sealed value too short")
    try:
        plain = _aead(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated)
    except InvalidTag as exc:
        raise SealError("a sealed value does not open with its identity and key") from exc
    data = json.loads(plain)
    user = data.get("u")
    supersedes = data.get("s") or []
    try:
        supersedes = [str(uuid.UUID(i)) for i in supersedes]
    except (TypeError, ValueError, AttributeError) as exc:
        raise SealError("a sealed value names what it supersedes wrongly") from exc
    return data.get("v", paths.REMOVED), user, tuple(supersedes)


def identity_of(change: Any) -> ChangeIdentity:
    """The identity of a ``SyncChange`` or a ``wire.SealedChange`` (same field names)."""
    return ChangeIdentity(
        change_id=change.change_id,
        record_id=change.record_id,
        kind=change.kind,
        path=change.path,
        hlc=change.hlc,
        device_id=change.device_id,
        device_seq=change.device_seq,
        scope=change.scope,
        base_id=change.base_id,
        model=change.model,
    )


CHANGE_LABEL = b"harbour-change\n"


def change_message(identity: ChangeIdentity, key_id_: str, sealed: str) -> bytes:
    """The bytes a change's device signs (Ed25519): a label, the AEAD associated data
    (the same canonical bytes), then the sealed blob (nonce ‖ ciphertext). A change put
    under another device's id, sequence or place, or given another sealed value, does
    not verify with that device's signing key."""
    return CHANGE_LABEL + identity.associated_data(key_id_) + unb64(sealed)


def seal_change(change: SyncChange, key: bytes, signing_private: bytes) -> dict[str, Any]:
    """The fields of a ``wire.SealedChange`` (metadata readable, value and user sealed),
    signed by the device that pushes or exports it with its Ed25519 key (``signing_private``:
    the change's device, or the enrolled device whose alias that id is)."""
    identity = identity_of(change)
    key_id_ = key_id(key)
    # The associated data once: sealed under it, and signed with the blob after it.
    associated = identity.associated_data(key_id_)
    sealed = seal_value(
        identity, change.value, change.user_id, key, change.supersedes, associated=associated
    )
    signature = sign(signing_private, CHANGE_LABEL + associated + unb64(sealed))
    return {
        "change_id": identity.change_id,
        "record_id": identity.record_id,
        "kind": identity.kind,
        "path": identity.path,
        "hlc": identity.hlc,
        "device_id": identity.device_id,
        "device_seq": identity.device_seq,
        "scope": identity.scope,
        "base_id": identity.base_id,
        "model": identity.model,
        "key_id": key_id_,
        "sealed": sealed,
        "signature": b64(signature),
    }


class ChangeVerifier:
    """Checks the signatures of sealed changes against the signing keys of their devices.

    ``keys``: device id (or alias id) -> the raw Ed25519 public keys that may sign for it
    (the device's own; an alias's owners'). Public key objects are built once each."""

    def __init__(self, keys: dict[str, list[bytes]]) -> None:
        self._keys = keys
        self._objects: dict[bytes, Ed25519PublicKey | None] = {}

    def knows(self, device_id: str) -> bool:
        return bool(self._keys.get(device_id))

    def _object(self, raw: bytes) -> Ed25519PublicKey | None:
        if raw not in self._objects:
            try:
                self._objects[raw] = Ed25519PublicKey.from_public_bytes(raw)
            except ValueError:
                self._objects[raw] = None
        return self._objects[raw]

    def verify(self, sealed: Any) -> None:
        """``SignatureError`` unless ``sealed.signature`` verifies with a key of its device."""
        message = change_message(identity_of(sealed), sealed.key_id, sealed.sealed)
        self.verify_message(sealed.device_id, message, unb64(sealed.signature))

    def verify_message(self, device_id: str, message: bytes, signature: bytes) -> None:
        """``SignatureError`` unless ``signature`` over ``message`` verifies with a key
        that may sign for ``device_id``."""
        candidates = self._keys.get(device_id) or []
        if not candidates:
            raise SignatureError("the change's device has no signing key known here")
        for raw in candidates:
            public = self._object(raw)
            if public is None:
                continue
            try:
                public.verify(signature, message)
                return
            except InvalidSignature:
                continue
        raise SignatureError("a change's signature does not verify")


def open_verified(sealed: Any, keys: dict[str, bytes], verifier: ChangeVerifier) -> SyncChange:
    """``verifier.verify(sealed)`` then ``open_change(sealed, keys)``, building the
    identity, its associated data and the decoded blob once for both (a pull checks and
    opens every change). ``SignatureError`` when the signature does not verify (checked
    first), ``SealError`` when the value does not open."""
    identity = identity_of(sealed)
    associated = identity.associated_data(sealed.key_id)
    raw = unb64(sealed.sealed)
    verifier.verify_message(
        sealed.device_id, CHANGE_LABEL + associated + raw, unb64(sealed.signature)
    )
    key = keys.get(sealed.key_id)
    if key is None:
        raise SealError(f"no content key {sealed.key_id}")
    if key_id(key) != sealed.key_id:  # sealed under the key's own id, as open_change does
        associated = identity.associated_data(key_id(key))
    value, user, supersedes = _open_raw(raw, key, associated)
    return _change(identity, value, user, supersedes)


def _change(
    identity: ChangeIdentity, value: Any, user: str | None, supersedes: tuple[str, ...]
) -> SyncChange:
    return SyncChange(
        change_id=identity.change_id,
        record_id=identity.record_id,
        kind=identity.kind,
        path=identity.path,
        value=value,
        base_id=identity.base_id,
        hlc=identity.hlc,
        device_id=identity.device_id,
        device_seq=identity.device_seq,
        user_id=user,
        scope=identity.scope,
        model=identity.model,
        supersedes=supersedes,
    )


def open_change(sealed: Any, keys: dict[str, bytes]) -> SyncChange:
    """A ``wire.SealedChange`` (or its fields as attributes) opened with the content key
    its ``key_id`` names; ``SealError`` when the key is unknown or the value was moved."""
    key = keys.get(sealed.key_id)
    if key is None:
        raise SealError(f"no content key {sealed.key_id}")
    identity = identity_of(sealed)
    value, user, supersedes = open_sealed(identity, sealed.sealed, key)
    return _change(identity, value, user, supersedes)


# -- X25519 device keys and key wrapping ---------------------------------------------------
def new_exchange_key() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte X25519 keys for a device."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION),
        private.public_key().public_bytes(_RAW, _RAW_PUBLIC),
    )


def _box_key(shared: bytes, ephemeral: bytes, recipient: bytes, info: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient, info=info
    ).derive(shared)


def box(recipient_public: bytes, plaintext: bytes, *, context: bytes) -> bytes:
    """Encrypt to an X25519 public key: ephemeral public (32) ‖ nonce (12) ‖ AES-GCM.

    ``context`` is bound as HKDF info and as associated data (what the box is for)."""
    try:
        recipient = X25519PublicKey.from_public_bytes(recipient_public)
    except ValueError as exc:
        raise SealError("not an X25519 public key") from exc
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    key = _box_key(ephemeral.exchange(recipient), ephemeral_public, recipient_public, context)
    nonce = os.urandom(NONCE_BYTES)
    return ephemeral_public + nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def unbox(private: bytes, boxed: bytes, *, context: bytes) -> bytes:
    if len(boxed) < 32 + NONCE_BYTES + 16:
        raise SealError("boxed data too short")
    own = X25519PrivateKey.from_private_bytes(private)
    own_public = own.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    ephemeral_public, nonce, body = boxed[:32], boxed[32 : 32 + NONCE_BYTES], boxed[44:]
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _box_key(shared, ephemeral_public, own_public, context)
        return AESGCM(key).decrypt(nonce, body, context)
    except (InvalidTag, ValueError) as exc:
        raise SealError("boxed data does not open with this device's key") from exc


def _wrap_context(device_id: str, key_id_: str) -> bytes:
    return canonical(["harbour content key", PROTOCOL, device_id, key_id_])


def wrap_content_key(key: bytes, device_id: str, device_public: bytes) -> str:
    """A content key wrapped to one device (base64), bound to its key id and device id."""
    return b64(box(device_public, key, context=_wrap_context(device_id, key_id(key))))


def unwrap_content_key(wrapped: str, key_id_: str, device_id: str, private: bytes) -> bytes:
    key = unbox(private, unb64(wrapped), context=_wrap_context(device_id, key_id_))
    if len(key) != KEY_BYTES or key_id(key) != key_id_:
        raise SealError("an unwrapped content key does not match its key id")
    return key


# -- Ed25519 signing -----------------------------------------------------------------------
def new_signing_key() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte Ed25519 keys for a device."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION),
        private.public_key().public_bytes(_RAW, _RAW_PUBLIC),
    )


@functools.lru_cache(maxsize=8)
def _signer(private: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(private)  # built once per key, not per change


def sign(private: bytes, message: bytes) -> bytes:
    return _signer(private).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError) as exc:
        raise SealError("the signature does not verify") from exc


def fingerprint(public: bytes) -> str:
    """A public key as people compare it on two screens: 16 hex digits in groups of 4."""
    digest = hashlib.sha256(public).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


# -- passphrase (Argon2id) ---------------------------------------------------------------
@dataclass(frozen=True)
class PassphraseCost:
    """Argon2id cost for a bundle passphrase (stored in the bundle, bounded on read)."""

    memory_kib: int = 256 * 1024
    iterations: int = 2
    lanes: int = 4

    def ok(self) -> bool:
        return (
            1024 <= self.memory_kib <= 4 * 1024 * 1024
            and 1 <= self.iterations <= 16
            and 1 <= self.lanes <= 16
        )


def passphrase_key(passphrase: str, salt: bytes, cost: PassphraseCost) -> bytes:
    if not cost.ok() or len(salt) < 16:
        raise SealError("passphrase cost outside the allowed bounds")
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def aead_encrypt(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def aead_decrypt(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise SealError("sealed data too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag as exc:
        raise SealError("sealed data does not open with this key") from exc
