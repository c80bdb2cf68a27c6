"""Sync use cases with their permissions (issue 16, items 2, 4, 5, 6, 7; docs/sync.md).

- ``enrol``: a manager enrols this laptop with a one-time code; the laptop adopts the
  server's centre (code and name on the local centre record; the vault keeps its cases and
  their numbers) and the device id and code the server assigned; numbers allocated after
  read ``NRC-2026-B-0042``. The first active device of a centre makes the content key.
- ``approve_device`` / ``revoke_device``: a manager's laptop wraps every content key to
  the approved device's X25519 key; revoking rotates (a new content key wrapped to every
  remaining active device).
- ``sync_now``: push (sealed, batches of at most ``BATCH``, with the audit entries since
  the last anchor), then pull from the cursor in batches, each opened and applied in one
  transaction that also moves the cursor. A server whose ``device_high`` is behind what
  it acknowledged before (restored from a backup) is sent again what it lacks.
- ``status``: what the window and ``harbour sync`` show; never "synced" while anything is
  pending or the last attempt failed.
- ``SyncRunner``: a background thread (never the GUI thread), paused while locked, that
  syncs when due and backs off exponentially after a failure.
- ``export_bundle`` / ``import_bundle``: the same sealed changes in a signed, encrypted
  file (app/sync/bundle.py), refused whole when anything is wrong.

Changes written before enrolment carry the vault's earlier device ids; the enrolment
sends them (``former_device_ids``) and the server takes them as aliases of the enrolled
device, which then pushes those changes verbatim (they are signed by their ids, so they
are never re-mapped). After enrolment the vault's centre identity is the server's centre
id (docs/sync.md "Centre identity").
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import functools
import json
import logging
import math
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from app.domain.roles import Permission
from app.domain.sync import SyncChange
from app.errors import HarbourError, VaultCopied
from app.i18n import N_, _
from app.services.session import Session
from app.storage import audit, outputs, sync_log, sync_sealed, sync_state
from app.storage.centre import centre_of_vault
from app.storage.records import Records
from app.storage.vault import Vault
from app.sync import bundle, seal, wire
from app.sync.client import Client, SyncFailure, certificate_fingerprint

BATCH = 1_000  # changes per push and per pull
AUDIT_BATCH = 1_000
RETRY_FIRST_S = 30.0
RETRY_MAX_S = 3_600.0
INTERVAL_S = 300.0  # between successful background syncs

REASONS = {
    "offline": N_("The server could not be reached."),
    "protocol": N_("The server speaks another version of the sync protocol; update Harbour."),
    "revoked": N_("This laptop was revoked by a manager; it can no longer sync."),
    "pending": N_("This laptop waits for a manager's approval on an enrolled laptop."),
    "unauthorised": N_("The server did not accept this laptop's token; enrol it again."),
    "pin": N_("The server's certificate is not the one this laptop enrolled with."),
    "too_large": N_("The server refused a request as too large."),
    "rate_limited": N_(
        "The server refuses attempts from this network for about {detail} min: too many"
        " enrolment codes or tokens it does not know came from it. Check the code with"
        " the server's administrator, then try again."
    ),
    "enrol_code_invalid": N_("This enrolment code is not known to the server."),
    "enrol_code_expired": N_("This enrolment code has expired; ask for a new one."),
    "enrol_code_used": N_("This enrolment code was already used; ask for a new one."),
    "cloned_vault": N_(
        "The server refused changes already held under other ids: this vault may be a copy."
    ),
    "no_key": N_("Changes arrived sealed under a key this laptop does not hold yet."),
    "sealed": N_("A change from the server does not open: it was altered or moved."),
    "quarantined": N_(
        "{count} change(s) from the server did not open or were not signed by their "
        "device; they were set aside and the rest applied. A manager sees which device."
    ),
    "refused": N_("Changes from the server were refused; nothing of that batch was applied."),
    "server": N_("The server failed: {detail}"),
}
BUNDLE_REASONS = {
    "damaged": N_("The bundle is damaged, cut short or altered; nothing was imported."),
    "not_for_us": N_("The bundle was made for another laptop; nothing was imported."),
    "passphrase": N_("The bundle's passphrase is not correct; nothing was imported."),
    "unknown_device": N_(
        "The bundle comes from a device this laptop does not know; nothing was imported."
    ),
    "revoked": N_("The bundle comes from a revoked device; nothing was imported."),
    "wrong_centre": N_("The bundle holds records of another centre; nothing was imported."),
    "replayed": N_("This bundle was imported already; nothing changed."),
    "unreadable": N_(
        "The bundle is not an ordinary file that can be read (a link, a device or too "
        "large); nothing was imported."
    ),
}


class SyncError(HarbourError):
    message = N_("{reason}")


class NotEnrolled(SyncError):
    message = N_("This laptop is not enrolled with a sync server. A manager enrols it first.")


def _fail(code: str, detail: str = "") -> SyncError:
    return SyncError(reason=_reason(code, detail))


def _reason(code: str, detail: str) -> str:
    """The translated line for a failure ``code``; ``rate_limited`` carries seconds."""
    if code == "rate_limited":
        detail = str(max(1, math.ceil(_seconds(detail) / 60)))
    return _(REASONS.get(code, REASONS["server"])).format(detail=detail or code)


def _seconds(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 900


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


DEVICE_ALIASES = "device_aliases"  # sync_progress: device id -> its alias ids (server's)


def _verifier(vault: Vault, enrolment: sync_state.Enrolment) -> seal.ChangeVerifier:
    """Who may sign a change under which device id: every device of the centre this
    laptop knows (not a pending one) for itself and its aliases, this laptop for its own
    ids (docs/sync.md "Signed changes")."""
    keys: dict[str, list[bytes]] = {}
    known = {d.device_id: d for d in sync_state.devices(vault) if d.status != "pending"}
    for device_id, device in known.items():
        keys[device_id] = [device.signing_key]
    aliases: dict[str, list[str]] = sync_state.progress_json(vault, DEVICE_ALIASES, {})
    for device_id, ids in aliases.items():
        if device_id in known:
            for alias in ids:
                if alias not in known:
                    keys.setdefault(alias, []).append(known[device_id].signing_key)
    signing = sync_state.device_key(vault, sync_state.SIGNING)
    if signing is not None:
        for own in {enrolment.device_id, *sync_state.own_devices(vault)}:
            if signing[1] not in keys.get(own, []):
                keys.setdefault(own, []).append(signing[1])
    return seal.ChangeVerifier(keys)


# -- enrolment ---------------------------------------------------------------------------
@dataclass(frozen=True)
class EnrolResult:
    device_id: str
    device_code: str
    centre_code: str
    centre_name: str
    status: str  # active or pending
    local_only: str | None = None  # translated: what stays on this laptop (see below)


LOCAL_ONLY = N_(
    "{count} change(s) made on this laptop before enrolment stay on it only: another"
    " centre's laptop was set up from the same vault and holds them."
)


def local_only_note(vault: Vault) -> str | None:
    """One translated line for a manager when changes made before enrolment stay on this
    laptop (their device ids belong to another centre: the server did not take them)."""
    ids: list[str] = sync_state.progress_json(vault, sync_state.STAYS_LOCAL, [])
    count = sync_log.shared_count(vault, ids) if ids else 0
    return _(LOCAL_ONLY).format(count=count) if count else None


def _client(vault: Vault, enrolment: sync_state.Enrolment) -> Client:
    return Client(
        enrolment.server_url, token=enrolment.token, fingerprint=enrolment.cert_fingerprint
    )


def _require_enrolment(vault: Vault) -> sync_state.Enrolment:
    enrolment = sync_state.enrolment(vault)
    if enrolment is None:
        raise NotEnrolled()
    if vault.opened_by_other_installation or enrolment.installation != vault.installation:
        raise VaultCopied()  # a copied vault folder syncs only after a new enrolment
    return enrolment


def enrol(
    session: Session, server_url: str, code: str, *, device_name: str | None = None
) -> EnrolResult:
    session.require(Permission.CHANGE_SETTINGS)
    vault = session.require_vault()
    vault.require_known_installation()
    exchange, signing = seal.new_exchange_key(), seal.new_signing_key()
    former = _former_ids(vault)
    try:
        request = wire.EnrolRequest(
            protocol=wire.PROTOCOL_VERSION,
            code=code.strip(),
            device_name=(device_name or socket.gethostname() or "Harbour")[:120],
            installation_id=vault.installation,
            public_key=seal.b64(exchange[1]),
            signing_key=seal.b64(signing[1]),
            former_device_ids=former,
        )
    except pydantic.ValidationError as exc:  # not the shape of a code (a typo): never sent
        raise _fail("enrol_code_invalid") from exc
    try:
        fingerprint = certificate_fingerprint(server_url)
        with Client(server_url, fingerprint=fingerprint) as client:
            answer = client.enrol(request)
    except SyncFailure as exc:
        raise _fail(exc.code, exc.message) from exc
    enrolment = sync_state.Enrolment(
        server_url=server_url.rstrip("/"),
        cert_fingerprint=fingerprint,
        device_id=answer.device_id,
        device_code=answer.device_code,
        token=answer.token,
        centre_id=answer.centre_id,
        centre_code=answer.centre_code,
        centre_name=answer.centre_name,
        status=answer.status,
        local_device_id=vault.device_id,
        installation=vault.installation,
        enrolled_at=_now(),
    )
    # The former ids the server took are this device's aliases; one another centre holds
    # (vaults copied from one set-up vault, enrolled in two centres) is not: the changes
    # made under it stay on this laptop, never pushed, never counted as waiting.
    taken = former if answer.aliases is None else [*answer.aliases, answer.device_id]
    stays_local = sorted(set(former) - set(taken))
    sync_state.enrol(
        vault,
        enrolment,
        {sync_state.EXCHANGE: exchange, sync_state.SIGNING: signing},
        [i for i in former if i in taken],
        stays_local,
        answer.organisation,
    )
    _adopt_centre(session, answer.centre_code, answer.centre_name)
    if answer.status == "active":
        _first_key(vault, enrolment)
    return EnrolResult(
        answer.device_id,
        answer.device_code,
        answer.centre_code,
        answer.centre_name,
        answer.status,
        local_only_note(vault),
    )


def _former_ids(vault: Vault) -> list[str]:
    """The device ids this vault's own changes carry before this enrolment: every id in
    its change log at a first enrolment (nothing arrives before one), the former
    enrolment's own ids at a re-enrolment."""
    if sync_state.enrolment(vault) is None:
        ids = {*sync_state.logged_devices(vault), vault.device_id}
    else:
        ids = set(sync_state.own_devices(vault))
    return sorted(i for i in ids if i)[: wire.MAX_FORMER_IDS]


def _adopt_centre(session: Session, code: str, name: str) -> None:
    """The local centre record takes the server centre's code and name (its id, and so the
    vault's cases and their numbers, stay)."""
    vault = session.require_vault()
    centre = centre_of_vault(vault)  # its own record, not another laptop's (re-enrolment)
    if centre is not None:
        Records(vault).update(centre.id, {"code": code, "name": name}, user_id=session.user.id)


def _first_key(vault: Vault, enrolment: sync_state.Enrolment) -> None:
    """The first active device of a centre makes the content key, keeps it and puts it on
    the server wrapped to itself (so that a restored laptop can get it back)."""
    if sync_state.current_content_key(vault) is None:
        key = seal.new_content_key()
        sync_state.store_content_key(vault, seal.key_id(key), key, current=True, at=_now())
    _upload_own_keys(vault, enrolment)


def _upload_own_keys(vault: Vault, enrolment: sync_state.Enrolment) -> None:
    pair = sync_state.device_key(vault, sync_state.EXCHANGE)
    assert pair is not None
    wrapped = [
        wire.WrappedKey(
            device_id=enrolment.device_id,
            key_id=key_id,
            wrapped=seal.wrap_content_key(key, enrolment.device_id, pair[1]),
        )
        for key_id, key in _keys_oldest_first(vault)  # the current one last
    ]
    try:
        with _client(vault, enrolment) as client:
            client.upload_keys(
                wire.KeysRequest(protocol=wire.PROTOCOL_VERSION, wrapped_keys=wrapped)
            )
    except SyncFailure as exc:
        raise _fail(exc.code, exc.message) from exc


def numbering(vault: Vault, centre_id: str, code: str) -> tuple[str, str, str | None]:
    """[R4] How new case numbers are made: (sequence key, centre code, device code).
    After enrolment they carry the device code the server assigned and count per device
    (``NRC-2026-B-0042``); numbers from before stay as they are."""
    enrolment = sync_state.enrolment(vault)
    if enrolment is None:
        return centre_id, code, None
    # Keyed by the server's centre id: stable whichever local centre record the vault
    # reads first (another laptop's arrives by sync).
    key = f"{enrolment.centre_id}/{enrolment.device_code}"
    return key, enrolment.centre_code, enrolment.device_code


# -- the state the server holds ----------------------------------------------------------
def _devices_of(answer: list[wire.DeviceInfo]) -> list[sync_state.Device]:
    return [
        sync_state.Device(
            device_id=d.device_id,
            name=d.name,
            device_code=d.device_code,
            status=d.status,
            manager=d.manager,
            public_key=seal.unb64(d.public_key),
            signing_key=seal.unb64(d.signing_key),
            enrolled_at=d.enrolled_at,
        )
        for d in answer
    ]


def _take_state(vault: Vault, enrolment: sync_state.Enrolment, state: wire.StateResponse) -> None:
    """Remember the devices and our status; unwrap the content keys wrapped to us (the
    last one the server lists is the current one)."""
    sync_state.store_devices(vault, _devices_of(state.devices))
    sync_state.update_progress(
        vault,
        {
            sync_state.DEVICE_FLAGS: json.dumps(
                {d.device_id: d.flags for d in state.devices if d.flags}, sort_keys=True
            ),
            DEVICE_ALIASES: json.dumps(
                {d.device_id: d.aliases for d in state.devices if d.aliases}, sort_keys=True
            ),
        },
    )
    if state.status != enrolment.status:
        sync_state.store_status(vault, state.status)
    pair = sync_state.device_key(vault, sync_state.EXCHANGE)
    held = sync_state.content_keys(vault)
    mine = [w for w in state.wrapped_keys if w.device_id == enrolment.device_id]
    for position, wrapped in enumerate(mine):
        if wrapped.key_id in held and position != len(mine) - 1:
            continue
        assert pair is not None
        try:
            key = seal.unwrap_content_key(
                wrapped.wrapped, wrapped.key_id, enrolment.device_id, pair[0]
            )
        except seal.SealError:
            continue  # not ours to open (wrapped wrongly): never used
        sync_state.store_content_key(
            vault, wrapped.key_id, key, current=position == len(mine) - 1, at=_now()
        )


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    code: str
    status: str
    manager: bool
    fingerprint: str
    enrolled_at: str
    this_laptop: bool
    # What the server flagged: cloned_vault (device sequences reused under other changes),
    # audit_behind / audit_forked (a vault restored from a backup), audit_broken …
    flags: tuple[str, ...] = ()


def list_devices(session: Session, *, refresh: bool = True) -> list[DeviceRow]:
    session.require(Permission.CHANGE_SETTINGS)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    if refresh:
        try:
            with _client(vault, enrolment) as client:
                _take_state(vault, enrolment, client.state())
        except SyncFailure as exc:
            raise _fail(exc.code, exc.message) from exc
    flags: dict[str, list[str]] = sync_state.progress_json(vault, sync_state.DEVICE_FLAGS, {})
    # Pulled changes set aside here (quarantine) are flagged on the device they name (or
    # on the owner of that alias): the laptop's own flag, beside the server's.
    aside = set(sync_sealed.quarantined_devices(vault))
    aliases: dict[str, list[str]] = sync_state.progress_json(vault, DEVICE_ALIASES, {})
    for device_id in {d.device_id for d in sync_state.devices(vault)}:
        if aside & {device_id, *aliases.get(device_id, [])}:
            flags[device_id] = [*flags.get(device_id, []), "quarantined"]
    return [
        DeviceRow(
            d.device_id,
            d.name,
            d.device_code,
            d.status,
            d.manager,
            seal.fingerprint(d.public_key),
            d.enrolled_at,
            d.device_id == enrolment.device_id,
            tuple(flags.get(d.device_id, ())),
        )
        for d in sync_state.devices(vault)
    ]


def _known_device(vault: Vault, device_id: str) -> sync_state.Device:
    for device in sync_state.devices(vault):
        if device.device_id == device_id:
            return device
    raise SyncError(
        reason=_("No device {device} is enrolled in this centre.").format(device=device_id)
    )


def approve_device(session: Session, device_id: str) -> None:
    """A manager approves a pending device: every content key wrapped to its X25519 key."""
    list_devices(session)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    target = _known_device(vault, device_id)
    wrapped = [
        wire.WrappedKey(
            device_id=target.device_id,
            key_id=key_id,
            wrapped=seal.wrap_content_key(key, target.device_id, target.public_key),
        )
        for key_id, key in _keys_oldest_first(vault)
    ]
    try:
        with _client(vault, enrolment) as client:
            client.approve(
                target.device_id,
                wire.ApproveRequest(
                    protocol=wire.PROTOCOL_VERSION,
                    wrapped_keys=wrapped,
                    # What the enrolment code granted (a --manager code) stays.
                    manager=target.manager,
                ),
            )
            _take_state(vault, enrolment, client.state())
    except SyncFailure as exc:
        raise _fail(exc.code, exc.message) from exc


def _keys_oldest_first(vault: Vault) -> list[tuple[str, bytes]]:
    """Every content key, the current one last (the receiver takes the last as current)."""
    current = sync_state.current_content_key(vault)
    keys = [
        (k, v)
        for k, v in sync_state.content_keys(vault).items()
        if current is None or k != current[0]
    ]
    return keys + ([current] if current else [])


def revoke_device(session: Session, device_id: str) -> None:
    """A manager revokes a device; the content key rotates: a new key, wrapped to every
    remaining active device (old keys stay for old changes)."""
    list_devices(session)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    target = _known_device(vault, device_id)
    key = seal.new_content_key()
    key_id = seal.key_id(key)
    wrapped = [
        wire.WrappedKey(
            device_id=d.device_id,
            key_id=key_id,
            wrapped=seal.wrap_content_key(key, d.device_id, d.public_key),
        )
        for d in sync_state.devices(vault)
        if d.status == "active" and d.device_id != target.device_id
    ]
    try:
        with _client(vault, enrolment) as client:
            client.revoke(
                target.device_id,
                wire.RevokeRequest(protocol=wire.PROTOCOL_VERSION, wrapped_keys=wrapped),
            )
            sync_state.store_content_key(vault, key_id, key, current=True, at=_now())
            _take_state(vault, enrolment, client.state())
    except SyncFailure as exc:
        raise _fail(exc.code, exc.message) from exc


# -- sync now ----------------------------------------------------------------------------
@dataclass
class Progress:
    phase: str  # start (SyncRunner only), push, pull
    done: int
    total: int | None  # None when not known (a pull: the server says only "more")
    seconds_left: float | None


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    already_held: int
    pulled: int
    applied: int
    conflicts: int
    quarantined: int  # pulled changes set aside: they do not open or verify
    resent: bool  # the server was behind what it had acknowledged: sent again
    audit_problem: str | None
    bytes_sent: int
    bytes_received: int
    # pairs of a case that arrived and a case this laptop held, flagged for a manager as
    # possible duplicates (conflicts of kind "duplicate"); see _flag_possible_duplicates
    possible_duplicates: int = 0


def _acknowledged(vault: Vault, enrolment: sync_state.Enrolment) -> dict[str, int]:
    """Per own device id, the last device_seq the server acknowledged."""
    highs: dict[str, int] = {
        str(k): int(v) for k, v in sync_state.progress_json(vault, sync_state.HIGHS, {}).items()
    }
    highs.setdefault(enrolment.device_id, sync_state.progress_int(vault, sync_state.DEVICE_HIGH))
    return highs


def _push_vector(vault: Vault, highs: dict[str, int]) -> dict[str, int]:
    """What the server holds, as a version vector: every other device as far as we hold
    it (the server has them: they came from it), this vault's own ids (the enrolled one
    and its aliases) up to what the server holds of each."""
    vector = sync_log.version_vector(vault)
    # A change set aside (quarantine) leaves a hole in its device's prefix: what follows
    # came from the server all the same, and is never pushed back to it.
    for device_id in sync_sealed.quarantined_devices(vault):
        vector[device_id] = 2**62
    for device_id in sync_state.own_devices(vault):
        vector[device_id] = highs.get(device_id, 0)
    return vector


def _sealed(
    vault: Vault, changes: list[SyncChange], enrolment: sync_state.Enrolment, key: bytes
) -> list[wire.SealedChange]:
    """This laptop's own changes (its device id and aliases) sealed now and signed with
    its key; another device's as they arrived, with that device's signature (a change
    that arrived before signatures were kept cannot be relayed, and is left out). Every
    change leaves scoped to the server's centre: an enrolled vault holds one centre's
    records only (the server sends it nothing else), whatever local centre id they were
    written under (docs/sync.md "Centre identity")."""
    signing = sync_state.device_key(vault, sync_state.SIGNING)
    assert signing is not None
    own = {enrolment.device_id, *sync_state.own_devices(vault)}
    relayed = sync_sealed.kept(vault, [c.change_id for c in changes if c.device_id not in own])
    out: list[wire.SealedChange] = []
    for c in changes:
        if c.device_id in own:
            scoped = dataclasses.replace(c, scope=enrolment.centre_id)
            out.append(wire.SealedChange(**seal.seal_change(scoped, key, signing[0])))
        elif c.change_id in relayed:
            out.append(wire.SealedChange.model_validate_json(relayed[c.change_id]))
    return out


def _audit_batch(vault: Vault, anchor: int, anchor_hash: str | None) -> list[wire.AuditEntry]:
    """The audit entries after the server's anchor. A vault whose head is not past the
    anchor (restored from a backup, or truncated) sends its head unless it is the anchor
    itself: the server finds it behind, or forked, and flags it to the managers."""
    after = audit.entries_after(vault, anchor, limit=AUDIT_BATCH)
    last = [] if after or anchor_hash is None else audit.entries(vault, limit=1)
    if last:
        head = last[0]
        if head.seq < anchor or head.hash != anchor_hash:
            after = [head]
    return [
        wire.AuditEntry(
            seq=e.seq,
            at=e.at,
            user_id=e.user_id,
            action=e.action,
            record_id=e.record_id,
            detail=e.detail,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )
        for e in after
    ]


def sync_now(
    session: Session,
    progress: Callable[[Progress], None] | None = None,
    *,
    connected: Callable[[], None] | None = None,
) -> SyncReport:
    """Push, then pull; records the outcome for ``status``. Raises ``SyncError``.
    ``connected``: called once the server has answered and accepts this laptop, before
    anything is pushed (the status is then ``pending`` while changes wait, no longer
    ``offline`` or ``failed``)."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    started = time.monotonic()
    held_cases = Records(vault).count("case")
    arrived: list[str] = []

    def synced(pushed: int, pulled: int, quarantined: int, problem: str | None) -> dict[str, Any]:
        return {
            "state": "synced",
            "at": _now(),
            "seconds": round(time.monotonic() - started, 3),
            "pushed": pushed,
            "pulled": pulled,
            "quarantined": quarantined,
            "audit_problem": problem,
            "failures": 0,
        }

    try:
        report, recorded = _run(
            session,
            vault,
            enrolment,
            progress or (lambda p: None),
            connected or (lambda: None),
            synced,
            arrived,
        )
    except SyncFailure as exc:
        _record_failure(vault, exc.code, exc.message)
        raise _fail(exc.code, exc.message) from exc
    except (sync_log.ChangeRefused, sync_log.LocalKindRefused) as exc:
        _record_failure(vault, "refused", str(exc))
        raise _fail("refused") from exc
    except seal.SealError as exc:
        code = "no_key" if "no content key" in str(exc) else "sealed"
        _record_failure(vault, code, "")
        raise _fail(code) from exc
    if not recorded:
        sync_state.record_result(
            vault, synced(report.pushed, report.pulled, report.quarantined, report.audit_problem)
        )
    found = _flag_possible_duplicates(session, arrived, held_cases)
    return dataclasses.replace(report, possible_duplicates=found)


def _flag_possible_duplicates(session: Session, arrived: list[str], held_cases: int) -> int:
    """Cases that arrived (by sync or bundle) go through duplicate detection against the
    cases this laptop held: a pair is a conflict of kind "duplicate" for a manager
    (docs/sync.md, "possible duplicates from sync"; conflicts.
    possible_duplicates_after_arrival looks from the cheaper side). Nothing to do on a
    laptop that held no case (a new laptop's first pull): each arriving case was checked
    where it was registered and on every laptop it reached after.

    Bounded: arrivals wait in a queue kept in the vault (``DUPLICATES_PENDING``) and are
    looked up in chunks for at most ``DUPLICATES_BUDGET_S`` per sync or bundle; the rest,
    and the arrivals of a sync killed before its look-ups, are looked up at the next one.
    (Measured: with one look-up per arrival and no bound, a laptop catching up on a few
    hundred look-alike names held ``harbour sync`` past a minute.) Runs after the data is
    saved: a failure here loses nothing and does not fail the sync (the log names the
    error class only)."""
    vault = session.require_vault()
    queued: list[str] = list(sync_state.progress_json(vault, DUPLICATES_PENDING, []))
    if held_cases > 0:
        queued += arrived
    queue = list(dict.fromkeys(queued))  # once each, oldest first
    if not queue:
        return 0
    from app.services import conflicts  # conflicts -> cases; sync is imported by the CLI

    found = 0
    deadline = time.monotonic() + DUPLICATES_BUDGET_S
    try:
        while queue and time.monotonic() < deadline:
            chunk = queue[:DUPLICATES_CHUNK]
            found += conflicts.possible_duplicates_after_arrival(session, chunk)
            del queue[: len(chunk)]
    except HarbourError as exc:
        logging.getLogger("harbour.sync").warning(
            "duplicate detection after sync did not finish: " + type(exc).__name__
        )
    finally:
        sync_state.update_progress(vault, {DUPLICATES_PENDING: json.dumps(queue)})
    return found


# Possible duplicates after a sync: the arrivals not looked up yet (sync_progress, JSON
# list of case ids), how many are looked up at once, and the time a sync gives them.
DUPLICATES_PENDING = "duplicates_pending"
DUPLICATES_CHUNK = 20
DUPLICATES_BUDGET_S = 5.0


def _record_connected(vault: Vault) -> None:
    """The server answers again after a failed or offline attempt: the status is no
    longer offline or failed but ``pending`` (changes wait, not pushed yet) until this
    sync ends. The failure count stays: a sync that fails again keeps backing off."""
    previous = sync_state.last_result(vault) or {}
    if previous.get("state") in ("offline", "failed"):
        sync_state.record_result(
            vault,
            {"state": "connected", "at": _now(), "failures": previous.get("failures", 0)},
        )


def _record_failure(vault: Vault, code: str, detail: str) -> None:
    previous = sync_state.last_result(vault) or {}
    failures = int(previous.get("failures", 0)) + 1
    wait = min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** (failures - 1))
    if code == "rate_limited":  # never before the server said it will listen again
        wait = max(wait, float(_seconds(detail)))
    retry = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
    sync_state.record_result(
        vault,
        {
            "state": "offline" if code == "offline" else "failed",
            "reason": code,
            "detail": detail[:200],
            "at": _now(),
            "failures": failures,
            "next_retry": retry.isoformat(timespec="seconds"),
        },
    )


def _run(
    session: Session,
    vault: Vault,
    enrolment: sync_state.Enrolment,
    progress: Callable[[Progress], None],
    connected: Callable[[], None],
    synced: Callable[[int, int, int, str | None], dict[str, Any]],
    arrived: list[str] | None = None,
) -> tuple[SyncReport, bool]:
    """The sync, and whether its outcome ("synced") was recorded already: in the
    transaction that applied the last pulled batch (one commit, one fsync, fewer)."""
    with _client(vault, enrolment) as client:
        state = client.state()
        _take_state(vault, enrolment, state)
        if state.status == "revoked":
            raise SyncFailure("revoked")
        if state.status == "pending":
            raise SyncFailure("pending")
        _record_connected(vault)
        connected()
        signing = sync_state.device_key(vault, sync_state.SIGNING)
        assert signing is not None
        # What the server holds of our own ids; a server restored from an older backup
        # holds less than it acknowledged, and is sent again what it lacks.
        acknowledged = _acknowledged(vault, enrolment)
        highs = {
            d: state.highs.get(d, state.device_high if d == enrolment.device_id else 0)
            for d in sync_state.own_devices(vault)
        }
        resent = any(highs.get(d, 0) < n for d, n in acknowledged.items())
        anchor = state.audit_anchor.seq if state.audit_anchor else 0
        anchor_hash = state.audit_anchor.hash if state.audit_anchor else None
        pushed = held = 0
        audit_problem: str | None = None
        start = time.monotonic()
        total = sync_log.outgoing_count(vault, _push_vector(vault, highs))
        while True:
            current = sync_state.current_content_key(vault)
            if current is None:
                raise SyncFailure("no_key")
            changes = sync_log.outgoing(vault, _push_vector(vault, highs), BATCH)
            entries = _audit_batch(vault, anchor, anchor_hash)
            if not changes and not entries:
                break
            signature = None
            if entries:
                last = entries[-1]
                message = wire.audit_anchor_message(enrolment.device_id, last.seq, last.hash)
                signature = seal.b64(seal.sign(signing[0], message))
            answer = client.push(
                wire.PushRequest(
                    protocol=wire.PROTOCOL_VERSION,
                    changes=_sealed(vault, changes, enrolment, current[1]),
                    audit=entries,
                    audit_signature=signature,
                    audit_after=anchor if entries else None,
                )
            )
            if answer.refused:
                raise SyncFailure(answer.refused[0].reason)
            pushed += answer.accepted
            held += answer.already_held
            if answer.audit_receipt.problem:
                audit_problem = answer.audit_receipt.problem
            receipt = answer.audit_receipt.anchor
            new_anchor = receipt.seq if receipt else anchor
            progressed = new_anchor > anchor
            for change in changes:  # all accepted or held: each device's prefix is there
                if change.device_seq > highs.get(change.device_id, 0):
                    highs[change.device_id] = change.device_seq
                    progressed = True
            highs[enrolment.device_id] = max(highs[enrolment.device_id], answer.device_high)
            anchor, anchor_hash = new_anchor, receipt.hash if receipt else anchor_hash
            sync_state.update_progress(
                vault,
                {
                    sync_state.DEVICE_HIGH: highs[enrolment.device_id],
                    sync_state.HIGHS: json.dumps(highs, sort_keys=True),
                    sync_state.AUDIT_ANCHOR: anchor,
                },
            )
            done = pushed + held
            progress(Progress("push", done, total, _left(start, done, total)))
            if not progressed or answer.audit_receipt.problem:
                break  # nothing moved (an audit batch refused): never loop forever
        pulled, applied, conflicts, quarantined, recorded = _pull(
            session,
            vault,
            enrolment,
            client,
            progress,
            lambda n, bad: synced(pushed, n, bad, audit_problem),
            arrived,
        )
        report = SyncReport(
            pushed=pushed,
            already_held=held,
            pulled=pulled,
            applied=applied,
            conflicts=conflicts,
            quarantined=quarantined,
            resent=resent,
            audit_problem=audit_problem,
            bytes_sent=client.bytes_sent,
            bytes_received=client.bytes_received,
        )
        return report, recorded


def _left(start: float, done: int, total: int | None) -> float | None:
    if not total or not done:
        return None
    return max(0.0, (time.monotonic() - start) / done * (total - done))


@dataclass
class _Fetched:
    """A pull answer, and what was checked and opened of it ahead of the apply (by the
    prefetch worker): change id -> the opened change, or the quarantine reason."""

    answer: wire.PullResponse
    opened: dict[str, SyncChange | str]
    wires: dict[str, str]  # change id -> its wire form (JSON), as it came


def _fetch(
    client: Client,
    cursor: int,
    limit: int,
    keys: dict[str, bytes] | None,
    verifier: seal.ChangeVerifier | None,
    own: set[str],
) -> _Fetched:
    """One pull, and (given the keys and signers known) every change of another device
    checked and opened. Touches no vault: runs on the prefetch worker while the batch
    before is applied. A change under a key or of a device unknown here, or of one of
    this laptop's own ids, is left to ``_pull``."""
    answer = client.pull(cursor, limit)
    opened: dict[str, SyncChange | str] = {}
    wires = _wires(answer)
    if keys is None or verifier is None:
        return _Fetched(answer, opened, wires)
    for c in answer.changes:
        if c.device_id in own or c.key_id not in keys or not verifier.knows(c.device_id):
            continue
        opened[c.change_id] = _check_and_open(c, keys, verifier)
    return _Fetched(answer, opened, wires)


def _wires(answer: wire.PullResponse) -> dict[str, str]:
    return {c.change_id: c.model_dump_json() for c in answer.changes}


def _check_and_open(
    c: wire.SealedChange, keys: dict[str, bytes], verifier: seal.ChangeVerifier
) -> SyncChange | str:
    """The change checked and opened, or why it is set aside (docs/sync.md "Quarantine")."""
    try:
        return seal.open_verified(c, keys, verifier)
    except seal.SignatureError:
        return "signature" if verifier.knows(c.device_id) else "unknown_device"
    except seal.SealError:
        return "sealed"


def _pull(
    session: Session,
    vault: Vault,
    enrolment: sync_state.Enrolment,
    client: Client,
    progress: Callable[[Progress], None],
    synced: Callable[[int, int], dict[str, Any]] | None = None,
    arrived: list[str] | None = None,
) -> tuple[int, int, int, int, bool]:
    """Pull from the cursor in batches; (pulled, applied, conflicts, quarantined, whether
    the outcome was recorded). ``synced(pulled, quarantined)``: the outcome the
    transaction of the last batch records (the pull is the sync's last step), with the
    cursor; none when the pull ends without a write.

    Each change is checked and opened by itself: one that does not open or whose
    signature does not verify (altered on the server, forged, a device unknown here even
    after asking the server) is set aside in the quarantine with its metadata, and the
    rest applies with the cursor. A change under a content key not held yet is not bad:
    the cursor stops before it (the batch is cut there) until the key is wrapped to us.

    While a batch is applied (SQLite works without Python's lock), a worker thread pulls
    the next one from the cursor the server gave and checks and opens it with the keys
    and signers known then; only the vault's transaction moves the cursor, so a batch
    fetched ahead and never applied is simply pulled again."""
    cursor = sync_state.progress_int(vault, sync_state.PULL_CURSOR)
    expected = sync_state.progress(vault, sync_state.PULL_AT)
    pulled = applied = conflicts = quarantined = 0
    recorded = False
    ahead: concurrent.futures.Future[_Fetched] | None = None
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="harbour-pull") as worker:
        try:
            while True:
                if ahead is not None:
                    fetched, ahead = ahead.result(), None
                else:
                    fetched = _fetch(client, cursor, BATCH, None, None, set())
                answer = fetched.answer
                if cursor and expected and answer.at_cursor != expected:
                    # The server holds another change, or none, where we stopped: restored
                    # from an older backup. Pull everything again (held changes are skipped).
                    sync_state.update_progress(
                        vault, {sync_state.PULL_CURSOR: 0, sync_state.PULL_AT: ""}
                    )
                    cursor, expected = 0, None
                    continue
                expected = None  # checked once per sync
                waiting = False
                if answer.changes:
                    keys = sync_state.content_keys(vault)
                    verifier = _verifier(vault, enrolment)
                    prepared = fetched.opened
                    wires = fetched.wires
                    if any(
                        c.key_id not in keys or not verifier.knows(c.device_id)
                        for c in answer.changes
                    ):
                        _take_state(vault, enrolment, client.state())
                        keys = sync_state.content_keys(vault)
                        verifier = _verifier(vault, enrolment)
                        prepared = {}  # checked with what was known before: again
                    first_waiting = next(
                        (i for i, c in enumerate(answer.changes) if c.key_id not in keys), None
                    )
                    if first_waiting is not None:
                        if first_waiting == 0:
                            raise SyncFailure("no_key")  # the cursor stays before it
                        # The same first changes (the server orders by its sequence), with
                        # the cursor of the last one before the change that waits for its key.
                        answer = client.pull(cursor, first_waiting)
                        prepared = {}
                        wires = _wires(answer)
                        waiting = True
                    own = {enrolment.device_id, *sync_state.own_devices(vault)}
                    if answer.more and not waiting:
                        ahead = worker.submit(
                            _fetch, client, answer.cursor, BATCH, keys, verifier, own
                        )
                    opened: list[SyncChange] = []
                    bad: list[sync_sealed.Quarantined] = []
                    # Our own pushed changes come back: held here under the same device and
                    # sequence, they were signed here and would apply nothing (verified
                    # once, by the server, not again by us).
                    mine = sync_log.held_as(
                        vault,
                        [
                            (c.change_id, c.device_id, c.device_seq)
                            for c in answer.changes
                            if c.device_id in own
                        ],
                    )
                    for c in answer.changes:
                        if c.key_id not in keys:
                            raise SyncFailure("no_key")
                        if c.change_id in mine:
                            continue
                        result = prepared.get(c.change_id)
                        if result is None:
                            result = _check_and_open(c, keys, verifier)
                        if isinstance(result, str):
                            bad.append(_quarantined(c, result))
                        else:
                            opened.append(result)
                    bad_ids = {q.change_id for q in bad}
                    last = not answer.more and not waiting
                    outcome = (
                        synced(pulled + len(answer.changes), quarantined + len(bad))
                        if last and synced is not None
                        else None
                    )
                    report = sync_log.apply_remote(
                        vault,
                        opened,
                        user_id=session.user.id,
                        after=functools.partial(
                            _save_pulled,
                            cursor=answer.cursor,
                            at=answer.changes[-1].change_id,
                            # another device's, as it came (relayed in bundles with its
                            # signature)
                            kept=[
                                (c.change_id, wires[c.change_id])
                                for c in answer.changes
                                if c.change_id not in bad_ids and c.device_id not in own
                            ],
                            bad=bad,
                            wires=wires,
                            outcome=outcome,
                        ),
                    )
                    recorded = outcome is not None
                    applied += report.applied
                    conflicts += report.conflicts
                    if arrived is not None:  # new cases, for duplicate detection after
                        arrived.extend(report.new_cases)
                    quarantined += len(bad)
                elif answer.cursor != cursor:
                    outcome = None if answer.more or synced is None else synced(pulled, quarantined)
                    sync_state.save_cursor(vault, answer.cursor, outcome)
                    recorded = outcome is not None
                pulled += len(answer.changes)
                cursor = answer.cursor
                progress(Progress("pull", pulled, None, None))
                if waiting:
                    raise SyncFailure("no_key")  # what came before it is applied
                if not answer.more:
                    return pulled, applied, conflicts, quarantined, recorded
                if ahead is None:
                    ahead = worker.submit(_fetch, client, cursor, BATCH, None, None, set())
        finally:
            if ahead is not None:  # a failure while one was on its way: let it end first
                with contextlib.suppress(Exception):
                    ahead.result()


def _quarantined(change: wire.SealedChange, reason: str) -> sync_sealed.Quarantined:
    return sync_sealed.Quarantined(
        change_id=change.change_id,
        device_id=change.device_id,
        device_seq=change.device_seq,
        record_id=change.record_id,
        kind=change.kind,
        path=change.path,
        key_id=change.key_id,
        reason=reason,
        at=_now(),
    )


def _save_pulled(
    conn: Any,
    *,
    cursor: int,
    at: str,
    kept: list[tuple[str, str]],
    bad: list[sync_sealed.Quarantined],
    wires: dict[str, str],
    outcome: dict[str, Any] | None = None,
) -> None:
    """In the transaction that applied a pulled batch: the wire forms kept for relays,
    the changes set aside, the cursor and the change at it, and after the last batch
    the sync's outcome."""
    sync_sealed.keep(conn, kept)
    sync_sealed.put_quarantine(conn, bad, wires)
    _save_cursor(conn, cursor=cursor, at=at)
    if outcome is not None:
        sync_state.set_outcome(conn, outcome)


def _save_cursor(conn: Any, *, cursor: int, at: str) -> None:
    """In the transaction that applied a pulled batch: the cursor and the change at it."""
    sync_state.set_progress(conn, sync_state.PULL_CURSOR, cursor)
    sync_state.set_progress(conn, sync_state.PULL_AT, at)


# -- status ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncStatus:
    """``state``: not_enrolled, waiting_approval, revoked, paused (locked), synced,
    pending (local changes not sent yet: the last sync succeeded, or the server answers
    again and this sync has not ended), offline (the last attempt could not reach the
    server), failed (it answered with a refusal or an error: ``reason``)."""

    state: str
    pending: int
    last_success: str | None
    reason: str | None  # translated
    next_retry: str | None
    device_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def pending_count(vault: Vault, enrolment: sync_state.Enrolment) -> int:
    return sync_log.outgoing_count(vault, _push_vector(vault, _acknowledged(vault, enrolment)))


def status(vault: Vault | None) -> SyncStatus:
    """The status the window shows. ``None`` or a closed vault: paused (locked)."""
    if vault is None or not vault.is_open:
        return SyncStatus("paused", 0, None, _("Paused while Harbour is locked."), None)
    enrolment = sync_state.enrolment(vault)
    if enrolment is None:
        return SyncStatus("not_enrolled", 0, None, None, None)
    last = sync_state.last_result(vault) or {}
    success = sync_state.progress(vault, sync_state.LAST_SUCCESS)
    if enrolment.status == "revoked" or last.get("reason") == "revoked":
        return SyncStatus("revoked", 0, success, _(REASONS["revoked"]), None, enrolment.device_code)
    if enrolment.status == "pending" and last.get("state") != "synced":
        return SyncStatus(
            "waiting_approval", 0, success, _(REASONS["pending"]), None, enrolment.device_code
        )
    pending = pending_count(vault, enrolment)
    if last.get("state") in ("failed", "offline"):
        reason = _reason(str(last.get("reason")), str(last.get("detail", "")))
        return SyncStatus(
            str(last["state"]),
            pending,
            success,
            reason,
            last.get("next_retry"),
            enrolment.device_code,
        )
    if pending or last.get("state") != "synced":
        return SyncStatus("pending", pending, success, None, None, enrolment.device_code)
    # Changes set aside because they did not open: synced, and said (item 3).
    aside = sum(sync_sealed.quarantined_devices(vault).values())
    note = _(REASONS["quarantined"]).format(count=aside) if aside else local_only_note(vault)
    return SyncStatus("synced", 0, success, note, None, enrolment.device_code)


# -- background runner -------------------------------------------------------------------
class SyncRunner:
    """Syncs in a background thread (never the GUI thread) while a session is open and the
    vault unlocked; after a failure waits 30 s, 60 s, 120 s … up to an hour. ``session``
    returns the signed-in session or None while locked (then the runner pauses)."""

    def __init__(
        self,
        session: Callable[[], Session | None],
        *,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        interval: float = INTERVAL_S,
    ) -> None:
        """``on_progress``: called from the thread with ``Progress("start", 0, None, None)``
        as a sync begins, then with each push and pull batch (counts, time left)."""
        self._session = session
        self._on_status = on_status or (lambda s: None)
        self._on_progress = on_progress or (lambda p: None)
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="harbour-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def sync_soon(self) -> None:
        """ "Sync now": wake the thread (it syncs at once, backoff or not)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            wait = self._once()
            self._wake.wait(wait)
            self._wake.clear()

    def _once(self) -> float:
        session = self._session()
        vault = session.vault if session is not None else None
        if session is None or vault is None or not vault.is_open:
            self._on_status(status(None))
            return self._interval
        try:
            if sync_state.enrolment(vault) is None:
                return self._interval
            self._on_progress(Progress("start", 0, None, None))
            with contextlib.suppress(SyncError, VaultCopied):
                # Reachable again: pending (changes waiting) shows before the push.
                sync_now(
                    session, self._on_progress, connected=lambda: self._on_status(status(vault))
                )
            current = status(vault)
            self._on_status(current)
            if current.next_retry:
                due = dt.datetime.fromisoformat(current.next_retry)
                return max(1.0, (due - dt.datetime.now(dt.UTC)).total_seconds())
            return self._interval
        except HarbourError:  # locked between the check and the work
            self._on_status(status(None))
            return self._interval


# -- bundles -----------------------------------------------------------------------------
# A bundle this laptop cannot check: from (or carrying changes of) a laptop it has not
# heard of. What a person can do differs: offline, connect once so that it learns the
# centre's laptops; the server answered and does not list it, ask for a new bundle.
# ``{device}`` and ``{sender}``: a laptop's name and code when this laptop knows them,
# else the first 8 characters of its id.
UNKNOWN_SENDER_OFFLINE = N_(
    "The bundle comes from a laptop this one has not heard of yet ({device}). Connect"
    " this laptop to the sync server once, so that it learns the centre's laptops, then"
    " import the bundle again. Nothing was imported."
)
UNKNOWN_SENDER = N_(
    "The bundle comes from a laptop that is not enrolled and approved in this centre"
    " ({device}): it may be another centre's, or waiting for a manager's approval. Ask"
    " for a new bundle made on an enrolled laptop of this centre. Nothing was imported."
)
UNKNOWN_RELAYED_OFFLINE = N_(
    "The bundle from {sender} carries changes made on a laptop this one has not heard of"
    " yet ({device}). Connect this laptop to the sync server once, so that it learns the"
    " centre's laptops, then import the bundle again. Nothing was imported."
)
UNKNOWN_RELAYED = N_(
    "The bundle from {sender} carries changes made on a laptop that is not enrolled and"
    " approved in this centre ({device}). A manager can see the centre's laptops under"
    " Settings, Sync. Nothing was imported."
)


def _laptop_named(vault: Vault, device_id: str) -> str:
    """A device as a person can recognise it: its name and code when this laptop knows
    it (directly or as the owner of an alias), else the start of its id."""
    devices = {d.device_id: d for d in sync_state.devices(vault)}
    if device_id not in devices:
        aliases: dict[str, list[str]] = sync_state.progress_json(vault, DEVICE_ALIASES, {})
        owner = next((d for d, ids in aliases.items() if device_id in ids), None)
        device_id = owner if owner in devices else device_id
    known = devices.get(device_id)
    text = device_id[:8] if known is None else f"{known.name}, {known.device_code}"
    return f"\u2068{text}\u2069"  # isolated: reads in its own direction in any sentence


def _unknown_device(
    vault: Vault, sender: str, device: str, *, asked: bool, relayed: bool
) -> SyncError:
    """``asked``: the server answered this import's question about the centre's laptops."""
    named = {"device": _laptop_named(vault, device), "sender": _laptop_named(vault, sender)}
    if relayed:
        return SyncError(
            reason=_(UNKNOWN_RELAYED if asked else UNKNOWN_RELAYED_OFFLINE).format(**named)
        )
    return SyncError(reason=_(UNKNOWN_SENDER if asked else UNKNOWN_SENDER_OFFLINE).format(**named))


def _refresh_devices(vault: Vault, enrolment: sync_state.Enrolment) -> bool:
    """The centre's devices as the server lists them now; False when it cannot be
    reached (or refuses: the caller goes on with the devices it knows)."""
    try:
        with _client(vault, enrolment) as client:
            _take_state(vault, enrolment, client.state())
    except SyncFailure:
        return False
    return True


def _bundle_refused(code: str) -> SyncError:
    return SyncError(reason=_(BUNDLE_REASONS.get(code, BUNDLE_REASONS["damaged"])))


def export_bundle(
    session: Session,
    out: str | Path,
    *,
    to_device: str | None = None,
    passphrase: str | None = None,
    vector: dict[str, int] | None = None,
    cost: seal.PassphraseCost | None = None,
) -> int:
    """Write the sealed changes the other side lacks (``vector``; None: all) to ``out``,
    signed by this device, to a device of the centre or under a passphrase. Returns the
    number of changes."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    current = sync_state.current_content_key(vault)
    signing = sync_state.device_key(vault, sync_state.SIGNING)
    if current is None or signing is None:
        raise _fail("no_key")
    receiver = None
    if to_device:
        target = _known_device(vault, to_device)
        receiver = (target.device_id, target.public_key)
    changes = sync_log.outgoing(vault, vector, None)
    sealed = _sealed(vault, changes, enrolment, current[1])
    data = bundle.write(
        sealed,
        centre_id=enrolment.centre_id,
        sender=enrolment.device_id,
        signing_private=signing[0],
        to_device=receiver,
        passphrase=None if receiver else passphrase,
        cost=cost,
    )
    outputs.write_private(out, data)
    return len(sealed)


@dataclass(frozen=True)
class ImportReport:
    received: int
    applied: int
    already_held: int
    conflicts: int
    sender: str
    possible_duplicates: int = 0  # as SyncReport's


def import_bundle(
    session: Session, path: str | Path, *, passphrase: str | None = None
) -> ImportReport:
    """Verify, open and apply a bundle in one transaction, or refuse it whole."""
    session.require(Permission.READ_CASE)
    vault = session.require_vault()
    enrolment = _require_enrolment(vault)
    try:
        data = bundle.read_file(path)  # no link, device or FIFO followed
    except bundle.BundleRefused as exc:
        raise _bundle_refused(exc.code) from exc
    exchange = sync_state.device_key(vault, sync_state.EXCHANGE)
    signing = sync_state.device_key(vault, sync_state.SIGNING)

    def known_signers() -> dict[str, bundle.Signer]:
        found = {
            d.device_id: bundle.Signer(d.signing_key, d.status) for d in sync_state.devices(vault)
        }
        if signing is not None:
            found.setdefault(enrolment.device_id, bundle.Signer(signing[1], "active"))
        return found

    signers = known_signers()
    refreshed = False
    asked = False  # the server answered (it lists the centre's devices to this laptop)
    try:
        header = bundle.read_header(data)
        if sync_state.bundle_seen(vault, header.bundle_id):
            raise bundle.BundleRefused("replayed")
        if header.sender not in signers:
            # A device enrolled since this laptop last heard from the server: ask it.
            refreshed = True
            asked = _refresh_devices(vault, enrolment)
            if asked:
                signers = known_signers()
        opened = bundle.open_bundle(
            data,
            centre_id=enrolment.centre_id,
            signers=signers,
            device=(enrolment.device_id, exchange[0]) if exchange else None,
            passphrase=passphrase,
        )
        keys = sync_state.content_keys(vault)
        # Each change signed by the device that made it (relayed ones keep theirs): a
        # bundle holding one that does not verify is refused whole.
        verifier = _verifier(vault, enrolment)
        unknown = sorted({c.device_id for c in opened.changes if not verifier.knows(c.device_id)})
        if unknown and not refreshed:
            refreshed = True
            asked = _refresh_devices(vault, enrolment)
            if asked:
                verifier = _verifier(vault, enrolment)
                unknown = [d for d in unknown if not verifier.knows(d)]
        if unknown:
            # Relayed changes of a device this laptop has not heard of (even after asking
            # the server, or offline): refused whole, naming it and what to do.
            raise _unknown_device(vault, header.sender, unknown[0], asked=asked, relayed=True)
        for c in opened.changes:
            verifier.verify(c)
        changes = [seal.open_change(c, keys) for c in opened.changes]
    except bundle.BundleRefused as exc:
        if exc.code == "unknown_device":  # its sender, even after asking the server
            error = _unknown_device(vault, header.sender, header.sender, asked=asked, relayed=False)
            raise error from exc
        raise _bundle_refused(exc.code) from exc
    except seal.SealError as exc:
        raise _bundle_refused("damaged") from exc
    bundle_id = opened.header.bundle_id
    own = {enrolment.device_id, *sync_state.own_devices(vault)}
    kept = [(c.change_id, c.model_dump_json()) for c in opened.changes if c.device_id not in own]

    def after(conn: Any) -> None:
        sync_sealed.keep(conn, kept)  # relayed again with their signatures
        sync_state.mark_bundle_seen(conn, bundle_id, _now())

    held_cases = Records(vault).count("case")
    try:
        report = sync_log.apply_remote(vault, changes, user_id=session.user.id, after=after)
    except (sync_log.ChangeRefused, sync_log.LocalKindRefused) as exc:
        raise _bundle_refused("damaged") from exc
    return ImportReport(
        report.received,
        report.applied,
        report.already_held,
        report.conflicts,
        opened.header.sender,
        _flag_possible_duplicates(session, report.new_cases, held_cases),
    )
