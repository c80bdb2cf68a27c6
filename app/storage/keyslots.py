"""The key-slot sidecar: the vault's raw key wrapped once per user and once for recovery.

Like LUKS: nobody ever types the database key. Each user's passphrase goes through
Argon2id to a key-encryption key that AES-GCM-unwraps the 256-bit database key. The
recovery code (shown once at set-up) unwraps it too, through its own slot.

The sidecar is a small JSON file next to the database. It holds staff sign-in names
(so the sign-in screen can list them before anything is unlocked), roles, salts and
wrapped keys; it never holds anything about a child. It is only ever replaced
atomically (write a new file, fsync, rename, fsync the folder), so a crash during a
passphrase change leaves either the old sidecar or the new one, never half of each.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import ForeignFile, VaultDamaged, WrongPassphrase

FORMAT = "harbour-keyslots"
FORMAT_VERSION = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Stored in every slot, so old slots keep opening if defaults change.

    Default: 256 MiB, 2 passes, 4 lanes. Measured at 0.49 s per derivation on this
    project's 2-core reference machine (``python -m bench unlock``), inside the 0.3-1 s
    window: slow enough that guessing a stolen sidecar is expensive (about two guesses
    a second per core, each needing 256 MiB), fast enough that signing in is not a chore.
    """

    memory_kib: int = 256 * 1024
    iterations: int = 2
    lanes: int = 4

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return Argon2id(
            salt=salt,
            length=KEY_BYTES,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(secret)


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class Slot:
    slot_id: str
    kind: str  # "user" or "recovery"
    user_id: str | None
    user_name: str | None
    role: str | None
    salt: str
    nonce: str
    wrapped: str
    kdf: KdfParams = field(default_factory=KdfParams)


@dataclass(frozen=True)
class Sidecar:
    vault_id: str
    database: str  # file name of the database this sidecar's key opens
    slots: tuple[Slot, ...]

    def user_slot(self, user_name: str) -> Slot | None:
        key = user_name.casefold()
        for slot in self.slots:
            if slot.kind == "user" and (slot.user_name or "").casefold() == key:
                return slot
        return None

    def user_slot_by_id(self, user_id: str) -> Slot | None:
        return next((s for s in self.slots if s.user_id == user_id), None)

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def without_user(self, user_id: str) -> Sidecar:
        return replace(self, slots=tuple(s for s in self.slots if s.user_id != user_id))

    def with_slot(self, slot: Slot) -> Sidecar:
        kept = tuple(
            s
            for s in self.slots
            if not (
                (slot.kind == "recovery" and s.kind == "recovery")
                or (slot.user_id is not None and s.user_id == slot.user_id)
            )
        )
        return replace(self, slots=(*kept, slot))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(vault_id: str, slot_id: str, kind: str) -> bytes:
    # Binding the slot to its vault and identity stops a slot being copied between
    # vaults or relabelled as another user's.
    return f"{FORMAT}/{vault_id}/{slot_id}/{kind}".encode()


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap(
    db_key: bytes,
    secret: bytes,
    *,
    vault_id: str,
    kind: str,
    user_id: str | None = None,
    user_name: str | None = None,
    role: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Slot:
    slot_id = user_id if kind == "user" and user_id else str(uuid.uuid4())
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = kdf.derive(secret, salt)
    wrapped = AESGCM(kek).encrypt(nonce, db_key, _aad(vault_id, slot_id, kind))
    return Slot(
        slot_id=slot_id,
        kind=kind,
        user_id=user_id,
        user_name=user_name,
        role=role,
        salt=_b64(salt),
        nonce=_b64(nonce),
        wrapped=_b64(wrapped),
        kdf=kdf,
    )


def unwrap(slot: Slot, secret: bytes, *, vault_id: str) -> bytes:
    try:
        salt, nonce, wrapped = _unb64(slot.salt), _unb64(slot.nonce), _unb64(slot.wrapped)
        kek = slot.kdf.derive(secret, salt)
        return AESGCM(kek).decrypt(nonce, wrapped, _aad(vault_id, slot.slot_id, slot.kind))
    except InvalidTag:
        raise WrongPassphrase() from None
    except (ValueError, TypeError, AttributeError):
        # Not base64, a bad nonce length or impossible Argon2id parameters: a damaged
        # key-slot file is a known, reportable condition, not a crash.
        raise VaultDamaged(reason="a key slot in the key-slot file is malformed") from None


def read_sidecar(path: Path) -> Sidecar:
    """Read and check the sidecar. Opens read-only: reading never changes a file."""
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ForeignFile(path=str(path)) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ForeignFile(path=str(path))
    if raw.get("version") != FORMAT_VERSION:
        raise VaultDamaged(reason=f"unsupported key-slot format version {raw.get('version')}")
    try:
        slots = tuple(Slot(**{**s, "kdf": KdfParams(**s["kdf"])}) for s in raw["slots"])
        return Sidecar(vault_id=raw["vault_id"], database=raw["database"], slots=slots)
    except (KeyError, TypeError) as exc:
        raise VaultDamaged(reason=f"key-slot file is malformed ({type(exc).__name__})") from None


def write_sidecar(path: Path, sidecar: Sidecar) -> None:
    """Replace the sidecar atomically: new file, fsync, rename over, fsync the folder."""
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "vault_id": sidecar.vault_id,
        "database": sidecar.database,
        "slots": [asdict(slot) for slot in sidecar.slots],
    }
    data = json.dumps(payload, indent=1, sort_keys=True).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows has no directory fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
