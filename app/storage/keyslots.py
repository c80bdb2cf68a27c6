"""The key-slot sidecar: the vault's raw key wrapped once per user and once for recovery.

Like LUKS: nobody ever types the database key. Each user's passphrase goes through
Argon2id to a key-encryption key that AES-GCM-unwraps the 256-bit database key. The
recovery code (shown once at set-up) unwraps it too, through its own slot.

The sidecar is a small JSON file next to the database. It holds staff sign-in names
(so the sign-in screen can list them before anything is unlocked), roles, salts and
wrapped keys; it never holds anything about a child. It is only ever replaced
atomically (write a new file, fsync, rename, fsync the folder), so a crash during a
passphrase change leaves either the old sidecar or the new one, never half of each.

Every field of a slot is authenticated (format 2, issue 11 finding 2)
--------------------------------------------------------------------
Anyone can edit the sidecar, so nothing in it is trusted until checked. A format-2 slot
carries, besides its salt, nonce and wrapped key:

``digest``  SHA-256 over every other field of the slot plus the sidecar's vault id and
            database name. Not a secret: it tells *damage* (a flipped bit, a truncated
            edit, a slot pointed at another database) from a wrong passphrase, and it is
            checked, with the Argon2id bounds, before any key derivation.
``check``   16 bytes of HMAC(KEK, "check"): tells a wrong passphrase from a slot whose
            fields were re-computed by someone after an edit. It gives a guesser nothing
            the AES-GCM tag did not already give.
AES-GCM associated data
            the canonical JSON of format, slot version, vault id, database file name,
            slot id, kind, user id, user name, role, Argon2id parameters and salt. The
            wrapped key opens only with exactly those fields, so pointing a slot at
            another user, role, kind, database or cost makes it not open at all.
``seal``    HMAC under a key derived from the database key, over all of the above. Only
            code holding the vault key can make it, so after unlock every slot, not just
            the signing-in user's, can be checked: ``doctor`` reports altered slots, and
            sign-in deletes a stale slot only if its seal holds.

Outcomes of ``unwrap``: damage or Argon2id parameters outside ``KdfParams`` bounds ->
``VaultDamaged`` without deriving anything; the check value differs ->
``WrongPassphrase``; the check value matches but AES-GCM refuses the fields ->
``VaultDamaged`` (the slot was altered). A slot that does not parse never stops other
users: it is kept verbatim as a ``DamagedSlot``, written back unchanged by every later
sidecar write, and only replaced when a new slot for the same user (or a new recovery
slot) is made.

Interpreter slots (issue 11, item 4)
------------------------------------
An interpreter's slot (kind ``interpreter``, role ``interpreter``, both bound) wraps that
interpreter's own 256-bit *drop key*, never the database key: with their passphrase, the
sidecar and the whole folder they can open nothing of the children's records. The drop
key seals what they record (``app/storage/drop.py``); the same key sits in their account
record inside the encrypted database, so a manager's or officer's session can open and
check those items, and so the slot's seal (made under the wrapped key, as for every slot)
can be checked after unlock. The slot also binds ``temporary``: the database that knows
whether a passphrase must be changed is closed to an interpreter. Interpreter slots made
before this (kind ``user``, role ``interpreter``) still wrap the database key; the first
sign-in of their interpreter replaces them (``auth.sign_in``), and ``doctor`` names any
left.

Format 1 (before issue 11) and its migration
--------------------------------------------
Format-1 slots bound only vault id, slot id and kind. They keep opening: a format-1 file
is read, its slots are kept as format-1 slots inside format-2 files, and each is re-wrapped
as format 2 by the first successful sign-in of its user (``auth.sign_in`` calls
``Vault.set_user_slot``: one atomic sidecar write, one extra Argon2id derivation once);
the recovery slot is replaced by the next use of the recovery code. A user slot's id is
its user id in format 1 too, and the slot id *was* bound, so a format-1 slot whose user
id differs from its slot id is refused as damaged: editing the user id cannot turn one
user into another even before migration. Still unbound in format 1: user name and role
(both shown only before sign-in; the account itself comes from the database by user
id), the Argon2id cost (bounded here) and the database name. A sidecar written by this
version cannot be read by an older Harbour ("unsupported key-slot format version 2").

What the binding means for changes: every change of a slot's fields is a new wrap, never
an edit in place. A passphrase change, a manager's reset, the recovery path and a rekey
all call ``wrap`` with the current vault id and database name (a rekey with the new
database's name). A rename or role change of an account (no command does either today)
would leave the slot's old name and role, which still open it; ``auth.sign_in`` re-wraps a
slot whose name or role differs from the account's at that user's next sign-in, the same
way it upgrades format-1 slots.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import ForeignFile, VaultDamaged, WrongPassphrase
from app.i18n import N_, _

log = logging.getLogger("harbour.keyslots")

FORMAT = "harbour-keyslots"
FORMAT_VERSION = 2  # what write_sidecar writes
READABLE_VERSIONS = (1, 2)
SLOT_VERSION = 2  # what wrap makes
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
CHECK_BYTES = 16
SEAL_BYTES = 32
KINDS = ("user", "recovery", "interpreter")
#: Kinds of slot that belong to one account (and carry its user id, name and role).
ACCOUNT_KINDS = ("user", "interpreter")

# Bounds checked before any derivation. The maximum stops an edited slot from making
# every sign-in allocate 64 GiB; the minimum is the cost the test suite uses. Lowering
# the cost in a slot gains an attacker nothing (it is bound into the wrap), and new slots
# take their cost from the policy inside the encrypted database.
MIN_MEMORY_KIB, MAX_MEMORY_KIB = 1024, 4 * 1024 * 1024
MIN_ITERATIONS, MAX_ITERATIONS = 1, 20
MIN_LANES, MAX_LANES = 1, 16

# Shown to the person signing in (inside "The vault is damaged: {reason}").
SLOT_DAMAGED = N_(
    "the key slot for this account is damaged; a manager can set a new temporary passphrase"
)
SLOT_ALTERED = N_(
    "the key slot for this account was changed after it was made; "
    "a manager can set a new temporary passphrase"
)
SLOT_COST = N_(
    "the key slot for this account asks for Argon2id settings outside the allowed bounds"
)
RECOVERY_DAMAGED = N_("the recovery slot is damaged")
FILE_DAMAGED = N_("the key-slot file is malformed")

_V1_FIELDS = frozenset(
    {"slot_id", "kind", "user_id", "user_name", "role", "salt", "nonce", "wrapped", "kdf"}
)
_V2_FIELDS = _V1_FIELDS | {"v", "check", "seal", "digest"}
_KDF_FIELDS = frozenset({"memory_kib", "iterations", "lanes"})
# An interpreter's slot also says, bound into its wrap, whether its passphrase is a
# temporary one a manager set: nobody can read the account record without the database
# key, which an interpreter does not hold (see "Interpreter slots" above).
_INTERPRETER_FIELDS = _V2_FIELDS | {"temporary"}


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

    def problem(self) -> str | None:
        """Why these parameters are refused (English, for logs and doctor), or None."""
        for name, value, low, high in (
            ("memory_kib", self.memory_kib, MIN_MEMORY_KIB, MAX_MEMORY_KIB),
            ("iterations", self.iterations, MIN_ITERATIONS, MAX_ITERATIONS),
            ("lanes", self.lanes, MIN_LANES, MAX_LANES),
        ):
            if type(value) is not int:  # bool is an int subclass; "1024" is not a number
                return f"Argon2id {name} is not a whole number"
            if not low <= value <= high:
                return f"Argon2id {name} {value} is outside {low}..{high}"
        return None

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        if self.problem() is not None:
            raise VaultDamaged(reason=_(SLOT_COST))
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
    """A slot that parsed and passed its structural checks (and, in format 2, its digest).

    That says nothing yet about whether it is genuine: ``unwrap`` (with the passphrase)
    or ``seal_holds`` (with the vault key) decide that.
    """

    slot_id: str
    kind: str  # "user", "interpreter" or "recovery"
    user_id: str | None
    user_name: str | None
    role: str | None
    salt: str
    nonce: str
    wrapped: str
    kdf: KdfParams = field(default_factory=KdfParams)
    version: int = SLOT_VERSION
    check: str = ""
    seal: str = ""
    temporary: bool = False  # interpreter slots only: set by a manager, to be changed


@dataclass(frozen=True)
class DamagedSlot:
    """An entry of the slot list that did not pass its checks, kept verbatim.

    ``kind``, ``slot_id``, ``user_id`` and ``user_name`` are what the entry claims
    (strings or None): used to tell the person signing in that their slot is damaged,
    and to replace it when a manager sets a new passphrase for them.
    """

    raw: Any
    problem: str  # English, no personal data: for doctor and the log
    cost: bool = False  # refused for its Argon2id settings (shown as SLOT_COST)
    kind: str | None = None
    slot_id: str | None = None
    user_id: str | None = None
    user_name: str | None = None


@dataclass(frozen=True)
class Sidecar:
    vault_id: str
    database: str  # file name of the database this sidecar's key opens
    slots: tuple[Slot, ...]
    damaged: tuple[DamagedSlot, ...] = ()

    def user_slot(self, user_name: str) -> Slot | None:
        key = user_name.casefold()
        for slot in self.slots:
            if slot.kind in ACCOUNT_KINDS and (slot.user_name or "").casefold() == key:
                return slot
        return None

    def damaged_user_slot(self, user_name: str) -> DamagedSlot | None:
        key = user_name.casefold()
        for entry in self.damaged:
            if entry.kind in (*ACCOUNT_KINDS, None) and (entry.user_name or "").casefold() == key:
                return entry
        return None

    def user_slot_by_id(self, user_id: str) -> Slot | None:
        return next((s for s in self.slots if s.user_id == user_id), None)

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def without_user(self, user_id: str) -> Sidecar:
        return replace(self, slots=tuple(s for s in self.slots if s.user_id != user_id))

    def with_slot(self, slot: Slot, *, replace_damaged: bool = False) -> Sidecar:
        """Add a slot, replacing the same user's (or the recovery) slot.

        Damaged entries stay unless ``replace_damaged``: then the ones that claim to be
        this user's slot (kind, slot id and user id) or the recovery slot go too. Only a
        deliberate new slot (a passphrase set or reset, a new recovery code) replaces
        them, never the automatic re-wrap at sign-in.
        """

        def replaced(kind: str | None, slot_id: str | None, user_id: str | None) -> bool:
            if slot.kind == "recovery":
                return kind == "recovery"
            return kind in ACCOUNT_KINDS and slot_id == user_id == slot.user_id

        kept = tuple(s for s in self.slots if not replaced(s.kind, s.user_id, s.user_id))
        damaged = self.damaged
        if replace_damaged:
            damaged = tuple(d for d in damaged if not replaced(d.kind, d.slot_id, d.user_id))
        return replace(self, slots=(*kept, slot), damaged=damaged)

    def unwrap(self, slot: Slot, secret: bytes) -> bytes:
        return unwrap(slot, secret, vault_id=self.vault_id, database=self.database)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def _kdf_dict(kdf: KdfParams) -> dict[str, int]:
    return {"memory_kib": kdf.memory_kib, "iterations": kdf.iterations, "lanes": kdf.lanes}


def _bound_fields(slot: Slot, vault_id: str, database: str) -> dict[str, Any]:
    """What the AES-GCM associated data of a format-2 slot is made of."""
    if slot.kind == "interpreter":
        return {**_common_bound_fields(slot, vault_id, database), "temporary": slot.temporary}
    return _common_bound_fields(slot, vault_id, database)


def _common_bound_fields(slot: Slot, vault_id: str, database: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "v": SLOT_VERSION,
        "vault_id": vault_id,
        "database": database,
        "slot_id": slot.slot_id,
        "kind": slot.kind,
        "user_id": slot.user_id,
        "user_name": slot.user_name,
        "role": slot.role,
        "kdf": _kdf_dict(slot.kdf),
        "salt": slot.salt,
    }


def _sealed_fields(slot: Slot, vault_id: str, database: str) -> dict[str, Any]:
    return {
        **_bound_fields(slot, vault_id, database),
        "nonce": slot.nonce,
        "wrapped": slot.wrapped,
        "check": slot.check,
    }


def _digest(slot: Slot, vault_id: str, database: str) -> str:
    fields = {**_sealed_fields(slot, vault_id, database), "seal": slot.seal}
    return hashlib.sha256(_canonical(fields)).hexdigest()


def _prf(key: bytes, label: str) -> bytes:
    return hmac.new(key, f"{FORMAT}/2/{label}".encode(), hashlib.sha256).digest()


def _seal(slot: Slot, db_key: bytes, vault_id: str, database: str) -> str:
    mac = hmac.new(
        _prf(db_key, "seal"), _canonical(_sealed_fields(slot, vault_id, database)), "sha256"
    )
    return _b64(mac.digest())


def _v1_aad(vault_id: str, slot_id: str, kind: str) -> bytes:
    return f"{FORMAT}/{vault_id}/{slot_id}/{kind}".encode()


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap(
    db_key: bytes,
    secret: bytes,
    *,
    vault_id: str,
    database: str,
    kind: str,
    user_id: str | None = None,
    user_name: str | None = None,
    role: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
    temporary: bool = False,
) -> Slot:
    """Make a format-2 slot wrapping ``db_key`` under ``secret``, bound to every field.

    For an interpreter's slot, ``db_key`` is that interpreter's own drop key, never the
    database key (see "Interpreter slots" above); its seal is then made under that key.
    """
    if kind not in KINDS or (kind in ACCOUNT_KINDS) != (user_id is not None):
        raise ValueError("a user slot needs a user id; a recovery slot has none")
    if (kind == "interpreter") != (role == "interpreter" and kind != "recovery"):
        raise ValueError("an interpreter's slot has kind and role 'interpreter'")
    slot_id = user_id if kind in ACCOUNT_KINDS and user_id else str(uuid.uuid4())
    salt = secrets.token_bytes(SALT_BYTES)
    kek = kdf.derive(secret, salt)
    slot = Slot(
        slot_id=slot_id,
        kind=kind,
        user_id=user_id,
        user_name=user_name if kind in ACCOUNT_KINDS else None,
        role=role if kind in ACCOUNT_KINDS else None,
        salt=_b64(salt),
        nonce="",
        wrapped="",
        kdf=kdf,
        check=_b64(_prf(kek, "check")[:CHECK_BYTES]),
        temporary=temporary and kind == "interpreter",
    )
    nonce = secrets.token_bytes(NONCE_BYTES)
    aad = _canonical(_bound_fields(slot, vault_id, database))
    wrapped = AESGCM(_prf(kek, "wrap")).encrypt(nonce, db_key, aad)
    slot = replace(slot, nonce=_b64(nonce), wrapped=_b64(wrapped))
    return replace(slot, seal=_seal(slot, db_key, vault_id, database))


def unwrap(slot: Slot, secret: bytes, *, vault_id: str, database: str) -> bytes:
    """The database key, or WrongPassphrase, or VaultDamaged (never anything else)."""
    if slot.kdf.problem() is not None:  # also checked at reading; never derive with these
        raise VaultDamaged(reason=_(SLOT_COST))
    damaged = _(RECOVERY_DAMAGED) if slot.kind == "recovery" else _(SLOT_DAMAGED)
    try:
        salt, nonce, wrapped = _unb64(slot.salt), _unb64(slot.nonce), _unb64(slot.wrapped)
        check = _unb64(slot.check) if slot.version >= 2 else b""
    except (ValueError, TypeError, AttributeError, binascii.Error):
        raise VaultDamaged(reason=damaged) from None
    if len(salt) != SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise VaultDamaged(reason=damaged)
    kek = slot.kdf.derive(secret, salt)
    try:
        if slot.version < 2:
            return AESGCM(kek).decrypt(nonce, wrapped, _v1_aad(vault_id, slot.slot_id, slot.kind))
        if not hmac.compare_digest(_prf(kek, "check")[:CHECK_BYTES], check):
            raise WrongPassphrase()
        aad = _canonical(_bound_fields(slot, vault_id, database))
        try:
            return AESGCM(_prf(kek, "wrap")).decrypt(nonce, wrapped, aad)
        except InvalidTag:
            # The passphrase is right (the check value matched) but the fields are not
            # the ones the key was wrapped with: someone changed them and the digest.
            log.info("a key slot's fields do not match its wrap (altered)")
            raise VaultDamaged(reason=_(SLOT_ALTERED)) from None
    except InvalidTag:
        raise WrongPassphrase() from None
    except ValueError:  # AES-GCM refusing a malformed input
        raise VaultDamaged(reason=damaged) from None


def seal_holds(slot: Slot, db_key: bytes, *, vault_id: str, database: str) -> bool:
    """Whether a format-2 slot was made by someone holding this vault's key, unchanged.

    Format-1 slots carry no seal: False (they cannot be checked without their secret).
    """
    if slot.version < 2:
        return False
    return hmac.compare_digest(_seal(slot, db_key, vault_id, database), slot.seal)


# -- reading and writing --------------------------------------------------------------------
def _claimed(raw: Any, key: str) -> str | None:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def _parse_kdf(raw: Any) -> KdfParams | str:
    if not isinstance(raw, dict) or set(raw) != _KDF_FIELDS:
        return "its Argon2id parameters are malformed"
    kdf = KdfParams(**raw)
    return kdf.problem() or kdf


def _b64_length(text: Any, length: int) -> bool:
    if not isinstance(text, str):
        return False
    try:
        return len(_unb64(text)) == length
    except (ValueError, binascii.Error):
        return False


def _parse_slot(raw: Any, file_version: int, vault_id: str, database: str) -> Slot | DamagedSlot:
    def damaged(problem: str, *, cost: bool = False) -> DamagedSlot:
        return DamagedSlot(
            raw=raw,
            problem=problem,
            cost=cost,
            kind=_claimed(raw, "kind"),
            slot_id=_claimed(raw, "slot_id"),
            user_id=_claimed(raw, "user_id"),
            user_name=_claimed(raw, "user_name"),
        )

    if not isinstance(raw, dict):
        return damaged("a slot is not an object")
    version = 1 if file_version == 1 else raw.get("v")
    expected = {1: _V1_FIELDS | ({"v"} if file_version > 1 else set()), 2: _V2_FIELDS}
    if type(version) is not int or version not in expected:
        return damaged("a slot has no known slot version")
    if version == 2 and raw.get("kind") == "interpreter":
        expected[2] = _INTERPRETER_FIELDS
    if set(raw) != expected[version]:
        return damaged("a slot has missing or unknown fields")
    temporary = raw.get("temporary", False)
    if type(temporary) is not bool:
        return damaged("an interpreter slot's temporary flag is not true or false")
    kdf = _parse_kdf(raw["kdf"])
    if isinstance(kdf, str):
        return damaged(kdf, cost=True)
    kind, slot_id, user_id = raw["kind"], raw["slot_id"], raw["user_id"]
    if kind not in KINDS or not isinstance(slot_id, str) or not slot_id:
        return damaged("a slot has an unknown kind or no slot id")
    who = (raw["user_id"], raw["user_name"], raw["role"])
    if kind in ACCOUNT_KINDS:
        if not all(isinstance(x, str) and x for x in who):
            return damaged("a user slot lacks its user id, name or role")
        if kind == "interpreter" and raw["role"] != "interpreter":
            return damaged("an interpreter slot names another role")
        if user_id != slot_id:  # bound through the slot id, in format 1 too
            return damaged("a user slot's user id differs from its slot id")
    elif who != (None, None, None):
        return damaged("the recovery slot names a user")
    if not (_b64_length(raw["salt"], SALT_BYTES) and _b64_length(raw["nonce"], NONCE_BYTES)):
        return damaged("a slot's salt or nonce is malformed")
    if not _b64_length(raw["wrapped"], KEY_BYTES + 16):
        return damaged("a slot's wrapped key is malformed")
    slot = Slot(
        slot_id=slot_id,
        kind=kind,
        user_id=user_id,
        user_name=raw["user_name"],
        role=raw["role"],
        salt=raw["salt"],
        nonce=raw["nonce"],
        wrapped=raw["wrapped"],
        kdf=kdf,
        version=version,
        check=raw.get("check", ""),
        seal=raw.get("seal", ""),
        temporary=temporary,
    )
    if version == 1:
        return slot
    if not (_b64_length(slot.check, CHECK_BYTES) and _b64_length(slot.seal, SEAL_BYTES)):
        return damaged("a slot's check value or seal is malformed")
    digest = raw["digest"]
    if not isinstance(digest, str) or not hmac.compare_digest(
        digest.encode(), _digest(slot, vault_id, database).encode()
    ):
        return damaged("a slot's digest does not match its fields")
    return slot


def read_sidecar(path: Path) -> Sidecar:
    """Read and check the sidecar. Opens read-only: reading never changes a file.

    A slot that fails its checks becomes a ``DamagedSlot``; only a file that is not a
    key-slot file at all, or whose vault id or database name is unusable, is refused.
    """
    return parse_sidecar(path.read_bytes(), path=str(path))


def parse_sidecar(data: bytes, *, path: str) -> Sidecar:
    """``read_sidecar`` on bytes already read; ``path`` is only named in errors."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: JSON, huge ints
        raise ForeignFile(path=path) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ForeignFile(path=path)
    version = raw.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        shown = version if type(version) is int and abs(version) < 10**6 else "?"
        raise VaultDamaged(reason=f"unsupported key-slot format version {shown}")

    def malformed(detail: str) -> VaultDamaged:
        log.info("key-slot file: %s", detail)
        return VaultDamaged(reason=_(FILE_DAMAGED))

    if set(raw) != {"format", "version", "vault_id", "database", "slots"}:
        raise malformed("missing or unknown fields")
    vault_id, database, entries = raw["vault_id"], raw["database"], raw["slots"]
    if not (isinstance(vault_id, str) and vault_id and isinstance(database, str) and database):
        raise malformed("no vault id or database name")
    if not isinstance(entries, list):
        raise malformed("no list of slots")
    parsed = [_parse_slot(entry, version, vault_id, database) for entry in entries]
    for entry in parsed:
        if isinstance(entry, DamagedSlot):
            log.info("key-slot file: %s", entry.problem)
    return Sidecar(
        vault_id=vault_id,
        database=database,
        slots=tuple(s for s in parsed if isinstance(s, Slot)),
        damaged=tuple(s for s in parsed if isinstance(s, DamagedSlot)),
    )


def _slot_json(slot: Slot, vault_id: str, database: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slot_id": slot.slot_id,
        "kind": slot.kind,
        "user_id": slot.user_id,
        "user_name": slot.user_name,
        "role": slot.role,
        "salt": slot.salt,
        "nonce": slot.nonce,
        "wrapped": slot.wrapped,
        "kdf": _kdf_dict(slot.kdf),
    }
    if slot.version < 2:  # kept as format 1 wrote it, until its user signs in
        return {**data, "v": 1}
    if slot.kind == "interpreter":
        data["temporary"] = slot.temporary
    return {
        **data,
        "v": SLOT_VERSION,
        "check": slot.check,
        "seal": slot.seal,
        "digest": _digest(slot, vault_id, database),
    }


def write_sidecar(path: Path, sidecar: Sidecar) -> None:
    """Replace the sidecar atomically: new file, fsync, rename over, fsync the folder.

    Damaged entries are written back exactly as they were read.
    """
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "vault_id": sidecar.vault_id,
        "database": sidecar.database,
        "slots": [_slot_json(s, sidecar.vault_id, sidecar.database) for s in sidecar.slots]
        + [entry.raw for entry in sidecar.damaged],
    }
    replace_atomically(path, json.dumps(payload, indent=1, sort_keys=True).encode("utf-8"))


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a private temporary file beside it
    (``.<name>.<8 hex>.tmp``), fsync, rename over, fsync the folder."""
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
