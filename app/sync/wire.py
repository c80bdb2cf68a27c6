"""The sync wire protocol (docs/sync.md): what laptop and server say to each other.

Pydantic v2 models, JSON, bodies gzip-compressed. Validation is strict: unknown fields are
refused (``extra="forbid"``), ids are canonical lower-case UUID text, bytes travel as
standard base64 with bounded sizes, integers are integers (``"1"`` and ``true`` are not).

Every request carries the protocol version: POST bodies in their ``protocol`` field, every
request (GET included) in the ``Harbour-Protocol`` header; a server speaking another
version answers 426 with an ``ErrorBody``. ``Authorization: Bearer <device token>`` on
everything but ``/health`` and ``/v1/enrol``.

This module imports pydantic and the standard library only: the laptop client and the
server both import it, and it must not pull either side's code into the other.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import re
import zlib
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "Harbour-Protocol"

# Limits (docs/sync.md): over them the server answers 413 with an ErrorBody.
MAX_BODY_BYTES = 4 * 1024 * 1024  # one request body, decompressed
MAX_CHANGES_PER_PUSH = 5_000
MAX_AUDIT_PER_PUSH = 5_000
MAX_PULL_LIMIT = 1_000
DEFAULT_PULL_LIMIT = 500
MAX_SEALED_BYTES = 1024 * 1024  # one sealed value, decoded
MIN_SEALED_BYTES = 12 + 16  # AES-GCM nonce and tag around an empty plaintext
MAX_WRAPPED_KEY_BYTES = 1024
MAX_WRAPPED_KEYS = 1_000
ENROL_CODE_MINUTES = 15
MAX_FORMER_IDS = 64

# 2**63 - 1: the largest integer both SQLite and PostgreSQL BIGINT hold.
_INT64_MAX = 2**63 - 1

_UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_HEX64_RE = r"^[0-9a-f]{64}$"
_KEY_ID_RE = r"^[0-9a-f]{16}$"  # first 8 bytes of SHA-256 of the content key, hex
_KIND_RE = r"^[a-z][a-z0-9_]{0,63}$"
_DEVICE_CODE_RE = r"^[A-Z]{1,3}$"
# Crockford base32, 26 symbols = 130 bits; read aloud: any case, hyphens, and I, L, O
# (read as 1, 1, 0 by the server) accepted; never U.
_ENROL_CODE_RE = r"^[0-9A-TV-Za-tv-z-]{26,40}$"
_NO_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _no_control(value: str) -> str:
    if _NO_CONTROL_RE.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _base64_of(min_bytes: int, max_bytes: int) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > 4 * ((max_bytes + 2) // 3):
            raise ValueError(f"more than {max_bytes} bytes")
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("not standard base64") from exc
        if not min_bytes <= len(raw) <= max_bytes:
            raise ValueError(f"must decode to {min_bytes}..{max_bytes} bytes")
        return value

    return AfterValidator(check)


Uuid = Annotated[str, StringConstraints(pattern=_UUID_RE)]
Hex64 = Annotated[str, StringConstraints(pattern=_HEX64_RE)]
KeyId = Annotated[str, StringConstraints(pattern=_KEY_ID_RE)]
Kind = Annotated[str, StringConstraints(pattern=_KIND_RE)]
DeviceCode = Annotated[str, StringConstraints(pattern=_DEVICE_CODE_RE)]
Path = Annotated[str, StringConstraints(max_length=512), AfterValidator(_no_control)]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=120, strip_whitespace=True),
    AfterValidator(_no_control),
]
Seq = Annotated[int, Field(ge=1, le=_INT64_MAX)]
Cursor = Annotated[int, Field(ge=0, le=_INT64_MAX)]
Count = Annotated[int, Field(ge=0, le=_INT64_MAX)]
Hlc = Annotated[int, Field(ge=0, le=_INT64_MAX)]
Sealed = Annotated[str, _base64_of(MIN_SEALED_BYTES, MAX_SEALED_BYTES)]
PublicKey32 = Annotated[str, _base64_of(32, 32)]  # raw X25519 or Ed25519 public key
Signature64 = Annotated[str, _base64_of(64, 64)]  # raw Ed25519 signature
Wrapped = Annotated[str, _base64_of(16, MAX_WRAPPED_KEY_BYTES)]
Protocol = Annotated[int, Field(ge=0, le=1_000_000)]
DeviceStatus = Literal["pending", "active", "revoked"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# --- changes -------------------------------------------------------------------------


class SealedChange(_Wire):
    """A ``SyncChange`` (app/domain/sync.py) with its value sealed: metadata readable for
    routing, ``sealed`` = base64 of nonce ‖ AES-256-GCM ciphertext (app/sync/seal.py)."""

    change_id: Uuid
    record_id: Uuid
    kind: Kind
    path: Path
    hlc: Hlc
    device_id: Uuid
    device_seq: Seq
    scope: Uuid
    base_id: Uuid | None
    model: Annotated[int, Field(ge=0, le=1_000_000)]
    key_id: KeyId
    sealed: Sealed
    # Ed25519 by the change's device (or the enrolled device whose alias its id is) over
    # seal.change_message: the server and every laptop check it; relays keep it.
    signature: Signature64


class AuditEntry(_Wire):
    """One entry of a device's audit chain (app.domain.audit.AuditEntry), sent for anchoring."""

    seq: Seq
    at: Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_no_control)]
    user_id: Annotated[str, StringConstraints(max_length=64)] | None
    action: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    record_id: Annotated[str, StringConstraints(max_length=64)] | None
    detail: Annotated[str, StringConstraints(max_length=4096)]
    prev_hash: Hex64
    hash: Hex64


class AuditAnchor(_Wire):
    """The last audit entry the server holds of a device: its sequence and hash."""

    seq: Count
    hash: Hex64


class AuditReceipt(_Wire):
    """What the server made of the audit entries of one push.

    ``anchor`` is the anchor after the push (null when nothing was ever anchored);
    ``stored`` how many entries were added; ``problem`` null when they extended the
    anchor, else ``"behind"`` (the head is behind the anchor: a restore or a truncation),
    ``"forked"`` (a different hash at an anchored sequence), ``"broken"`` (the entries do
    not chain) or ``"bad_signature"``; a problem is flagged to the managers and nothing of
    that audit batch is stored.
    """

    anchor: AuditAnchor | None
    stored: Count
    problem: Literal["behind", "forked", "broken", "bad_signature"] | None = None


# --- enrolment -----------------------------------------------------------------------


class EnrolRequest(_Wire):
    protocol: Protocol
    code: Annotated[str, StringConstraints(pattern=_ENROL_CODE_RE)]
    device_name: Name
    installation_id: Uuid
    public_key: PublicKey32  # X25519, for wrapped content keys
    signing_key: PublicKey32  # Ed25519, for bundles and audit anchors
    # The device ids the vault's changes carried before this enrolment (its local ids, a
    # former enrolment's): the server accepts this device's pushes of changes under them.
    former_device_ids: Annotated[list[Uuid], Field(max_length=MAX_FORMER_IDS)] = []


class EnrolResponse(_Wire):
    device_id: Uuid
    device_code: DeviceCode
    token: Annotated[str, StringConstraints(min_length=32, max_length=128)]
    centre_id: Uuid
    centre_code: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    centre_name: Name
    organisation: Annotated[str, StringConstraints(max_length=120)] = ""
    status: Literal["pending", "active"]
    manager: bool = False
    # The former ids the server took as this device's aliases (None: a server that does
    # not say; the laptop then takes them all). An id another centre holds is not taken:
    # the changes made under it stay on the laptop (docs/sync.md, aliases).
    aliases: Annotated[list[Uuid], Field(max_length=MAX_FORMER_IDS)] | None = None


# --- push and pull -------------------------------------------------------------------


class PushRequest(_Wire):
    """``audit_signature``: optional Ed25519 signature (device signing key) over
    ``audit_anchor_message(device_id, last.seq, last.hash)`` of the last audit entry sent.

    ``audit_after``: the sequence of the anchor the audit batch extends, as the laptop
    knew it when it wrote the request (0: none yet; null: a laptop that does not say). A
    batch extending an anchor older than the one the server holds is an old request the
    network delivered late: its entries are checked against the stored chain, not taken
    for a restored vault."""

    protocol: Protocol
    changes: Annotated[list[SealedChange], Field(max_length=MAX_CHANGES_PER_PUSH)]
    audit: Annotated[list[AuditEntry], Field(max_length=MAX_AUDIT_PER_PUSH)] = []
    audit_signature: Signature64 | None = None
    audit_after: Count | None = None


class Refusal(_Wire):
    change_id: Uuid
    reason: Literal["cloned_vault", "wrong_scope", "unknown_device", "bad_signature"]


class PushResponse(_Wire):
    accepted: Count
    already_held: Count
    refused: list[Refusal]
    device_high: Count  # the highest device_seq the server holds of the pushing device
    audit_receipt: AuditReceipt


class PullResponse(_Wire):
    """``cursor``: the server sequence of the last change in ``changes`` (or the one asked
    for when empty); the laptop stores it only after the batch is durably applied."""

    changes: list[SealedChange]
    cursor: Cursor
    more: bool
    # The change the server holds at the sequence asked for (null: none, or cursor 0). A
    # laptop that applied another change there talks to a server restored from an older
    # backup: its cursor is past what the server holds, and it pulls again from 0.
    at_cursor: Uuid | None = None


# --- devices and keys ----------------------------------------------------------------


class WrappedKey(_Wire):
    """A centre content key wrapped to one device's X25519 key (app/sync/seal.py).

    ``by_device`` is set by the server to the device that uploaded it (ignored on upload)."""

    device_id: Uuid
    key_id: KeyId
    wrapped: Wrapped
    by_device: Uuid | None = None


class DeviceInfo(_Wire):
    device_id: Uuid
    name: Name
    device_code: DeviceCode
    status: DeviceStatus
    manager: bool
    public_key: PublicKey32
    signing_key: PublicKey32
    enrolled_at: Annotated[str, StringConstraints(max_length=64)]
    flags: list[Annotated[str, StringConstraints(max_length=64)]] = []
    # The former device ids this device may sign changes for (docs/sync.md "aliases").
    aliases: Annotated[list[Uuid], Field(max_length=MAX_FORMER_IDS)] = []


class StateResponse(_Wire):
    """What the server holds of the asking device. ``devices`` lists every device of the
    centre (no personal data) to an active device, only the asking device to a pending one."""

    device_id: Uuid
    status: DeviceStatus
    device_high: Count
    # The highest device_seq held of this device and of each of its former ids (aliases).
    highs: dict[Uuid, Count] = {}
    audit_anchor: AuditAnchor | None
    devices: list[DeviceInfo]
    wrapped_keys: list[WrappedKey]


class ApproveRequest(_Wire):
    """Approve a pending device: every content key of the centre wrapped to it."""

    protocol: Protocol
    wrapped_keys: Annotated[list[WrappedKey], Field(max_length=MAX_WRAPPED_KEYS)]
    manager: bool = False


class RevokeRequest(_Wire):
    """Revoke a device; ``wrapped_keys`` may carry the rotated content key wrapped to every
    remaining active device (or upload them afterwards with ``KeysRequest``)."""

    protocol: Protocol
    wrapped_keys: Annotated[list[WrappedKey], Field(max_length=MAX_WRAPPED_KEYS)] = []


class KeysRequest(_Wire):
    """``POST /v1/keys`` (manager devices): wrapped keys for active devices of the centre."""

    protocol: Protocol
    wrapped_keys: Annotated[list[WrappedKey], Field(max_length=MAX_WRAPPED_KEYS)]


class KeysResponse(_Wire):
    wrapped_keys: list[WrappedKey]


class DevicesResponse(_Wire):
    devices: list[DeviceInfo]


class Flag(_Wire):
    what: Annotated[str, StringConstraints(max_length=64)]
    device_id: Uuid | None
    detail: Annotated[str, StringConstraints(max_length=512)]
    at: Annotated[str, StringConstraints(max_length=64)]


class FlagsResponse(_Wire):
    flags: list[Flag]


class HealthResponse(_Wire):
    status: Literal["ok"]
    protocol: Protocol


ErrorCode = Literal[
    "protocol_mismatch",
    "unauthorised",
    "revoked",
    "pending",
    "forbidden",
    "not_found",
    "too_large",
    "malformed",
    "invalid",
    "enrol_code_invalid",
    "enrol_code_expired",
    "enrol_code_used",
    "conflict",
    "rate_limited",  # 429 with Retry-After: too many failed enrolment codes or tokens
]


class ErrorBody(_Wire):
    code: ErrorCode
    message: Annotated[str, StringConstraints(max_length=1000)]


# --- helpers both sides use ------------------------------------------------------------


def audit_anchor_message(device_id: str, seq: int, hash_hex: str) -> bytes:
    """The bytes a device signs (Ed25519) to vouch for its audit head."""
    return f"harbour-audit-anchor:v{PROTOCOL_VERSION}:{device_id}:{seq}:{hash_hex}".encode()


def change_message(change: SealedChange) -> bytes:
    """The bytes a change's device signs (Ed25519, ``SealedChange.signature``): a label,
    the canonical JSON the value's AEAD binds as associated data (app/sync/seal.py
    ``ChangeIdentity.associated_data``, the same bytes: tested), then the sealed blob
    (nonce ‖ ciphertext). Here too so that the server checks it without the laptop's code."""
    associated = json.dumps(
        [
            PROTOCOL_VERSION,
            change.change_id,
            change.record_id,
            change.kind,
            change.path,
            change.hlc,
            change.device_id,
            change.device_seq,
            change.scope,
            change.base_id,
            change.model,
            change.key_id,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode()
    return b"harbour-change\n" + associated + base64.b64decode(change.sealed)


def encode_body(model: BaseModel) -> bytes:
    """A model as a gzip-compressed JSON body (``Content-Encoding: gzip``)."""
    return gzip.compress(model.model_dump_json().encode("utf-8"), compresslevel=6)


class BodyTooLarge(ValueError):
    """A body that decompresses to more than the limit."""


def decompress_body(raw: bytes, encoding: str | None, limit: int = MAX_BODY_BYTES) -> bytes:
    """A request or response body decompressed, refusing more than ``limit`` bytes
    (a small gzip can hold a huge body: read in steps, never all at once)."""
    if not encoding or encoding.lower() == "identity":
        if len(raw) > limit:
            raise BodyTooLarge(f"more than {limit} bytes")
        return raw
    if encoding.lower() != "gzip":
        raise ValueError(f"unsupported content encoding {encoding!r}")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ValueError("damaged gzip body") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise BodyTooLarge(f"more than {limit} bytes")
    if not inflater.eof:
        raise ValueError("truncated gzip body")
    return out
