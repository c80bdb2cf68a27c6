"""Signing in and out, the recovery code, and slowing down guessing."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.audit import AuditAction
from app.domain.passphrase import normalise_passphrase, throttle_delay_seconds
from app.domain.roles import Permission, Role
from app.errors import HarbourError, TooManyAttempts, UnknownUser, VaultLocked, WrongPassphrase
from app.services.session import Session, UserInfo
from app.services.users import USER_KIND, active_user, find_user, get_user, set_slot
from app.storage import audit
from app.storage import vault as vault_store
from app.storage.filelock import ProcessLock
from app.storage.keyslots import SLOT_VERSION, Slot
from app.storage.records import Records
from app.storage.vault import InterpreterAccess, Vault

log = logging.getLogger("harbour.auth")


@dataclass
class SignInThrottle:
    """Counts wrong passphrases per user in memory and spaces out the next attempts.

    Kept in memory on purpose: a failed unlock must not write to disk (no key is
    available to write into the vault, and the sidecar must not change). The count is
    written into the audit log at the next successful sign-in on this computer.
    """

    clock: Callable[[], float] = time.monotonic
    failures: dict[str, int] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)
    unrecorded: dict[str, int] = field(default_factory=dict)

    def remaining_seconds(self, user_name: str) -> float:
        return max(0.0, self.blocked_until.get(user_name.casefold(), 0.0) - self.clock())

    def check(self, user_name: str) -> None:
        remaining = self.remaining_seconds(user_name)
        if remaining > 0:
            raise TooManyAttempts(seconds=math.ceil(remaining))

    def failed(self, user_name: str) -> None:
        key = user_name.casefold()
        self.failures[key] = self.failures.get(key, 0) + 1
        self.unrecorded[key] = self.unrecorded.get(key, 0) + 1
        self.blocked_until[key] = self.clock() + throttle_delay_seconds(self.failures[key])

    def succeeded(self, user_name: str) -> None:
        key = user_name.casefold()
        self.failures.pop(key, None)
        self.blocked_until.pop(key, None)


def _drop_stale_slots(vault: Vault) -> None:
    """Delete the slots a crash can leave, and no other.

    A slot goes only when the database (already checked to be this vault's, see
    ``vault._check_identity``) says so: its account is marked removed (a removal cut
    short), or it was written for an account that the database lists as pending and
    that does not exist (an add cut short). A format-2 slot must also carry this vault's
    seal, so an edited slot pointed at a removed account is never what gets deleted. A
    slot for an account the database does not know is kept: it may belong to another
    copy of the database, and ``doctor`` reports it.
    """
    records = Records(vault)
    pending = vault.pending_accounts()
    for slot in vault.sidecar.slots:
        if slot.kind == "recovery" or slot.user_id is None:
            continue
        record = records.get(slot.user_id)
        if record is None:
            stale = slot.user_id in pending
        else:
            stale = record.kind == USER_KIND and record.fields.get("status") == "removed"
        sealed = slot.version < 2 or vault.slot_sealed(slot, drop_key=vault.drop_key(slot.user_id))
        if stale and sealed:
            vault.remove_user_slot(slot.user_id)
    for user_id in pending:
        vault.account_recorded(user_id)


def _refresh_slot(vault: Vault, slot: Slot, user: UserInfo, passphrase: str) -> None:
    """Re-wrap the signed-in user's slot if it is format 1, or names another name or role
    than the account (the database is the authority; a slot's fields are bound into its
    wrap, so they change only by a new wrap, which needs this passphrase)."""
    if (slot.version, slot.user_name, slot.role) == (SLOT_VERSION, user.name, user.role.value):
        return
    try:
        set_slot(
            vault,
            user_id=user.id,
            user_name=user.name,
            role=user.role.value,
            passphrase=passphrase,
            replace_damaged=False,
        )
    except (HarbourError, OSError) as exc:  # a read-only or full disk: try again next time
        log.info("key slot not re-wrapped at sign-in (%s)", type(exc).__name__)


def _record_failed_attempts(vault: Vault, throttle: SignInThrottle | None) -> None:
    if throttle is None:
        return
    for name, count in list(throttle.unrecorded.items()):
        user = find_user(vault, name)
        audit.record(
            vault,
            user_id=user.id if user else None,
            action=AuditAction.FAILED_SIGN_IN,
            detail=f"{count} wrong passphrase(s) on this computer",
        )
    throttle.unrecorded.clear()


def sign_in(
    folder: Path,
    user_name: str,
    passphrase: str,
    *,
    lock: ProcessLock | None = None,
    throttle: SignInThrottle | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Session:
    """Open the vault as ``user_name``. ``progress(done, total)`` hears of the one-off
    rebuild of the duplicate search's name index after an upgrade that changed the
    matcher (cases done of all; 15-20 s at 100,000 cases), called from this thread."""
    if throttle is not None:
        throttle.check(user_name)
    try:
        vault, slot = vault_store.unlock(
            Path(folder), user_name, passphrase, lock=lock, progress=progress
        )
    except WrongPassphrase:
        log.info("sign-in refused: wrong passphrase")
        if throttle is not None:
            throttle.failed(user_name)
        raise
    if isinstance(vault, InterpreterAccess):
        return _interpreter_session(vault, slot, user_name, throttle)
    try:
        user = get_user(vault, slot.user_id or "")
        if user is None or not user.active:
            _drop_stale_slots(vault)
            raise UnknownUser(name=user_name)
        _drop_stale_slots(vault)
        if user.role == Role.INTERPRETER:
            # A slot from before interpreters had their own key: it wraps the database
            # key. Replace it by one wrapping their drop key, then go on without the
            # database, as every interpreter does from now on.
            access = _retire_interpreter_database_slot(vault, user, passphrase)
            return _interpreter_session(access, access.slot, user_name, throttle)
        _refresh_slot(vault, slot, user, passphrase)
        if throttle is not None:
            throttle.succeeded(user_name)
            _record_failed_attempts(vault, throttle)
        audit.record(vault, user_id=user.id, action=AuditAction.SIGN_IN)
    except BaseException:
        vault.close()
        raise
    log.info("signed in (role %s)", user.role.value)
    session = Session(vault, user)
    from app.services.information import import_drop
    from app.storage.referral_index import backfill_due

    import_drop(session)
    from app.services.users import ensure_staff_directory

    ensure_staff_directory(vault, user_id=user.id)  # once for a vault from before it
    if backfill_due(vault):  # once after migration 7; else one meta lookup
        from app.services.referrals import open_after_migration

        open_after_migration(session)
    return session


def confirm_passphrase(
    session: Session, passphrase: str, *, throttle: SignInThrottle | None = None
) -> None:
    """Check that ``passphrase`` is the signed-in user's own, without opening anything.

    For a screen that is locked while the session stays open (the staff window during a
    child's information session). The slot is read from the sidecar on disk and unwrapped;
    the key it yields is dropped at once. Wrong passphrases are slowed down as at sign-in.
    """
    # Every role that can open a child's session may uncover the window it covered.
    session.require(Permission.SHOW_INFORMATION)
    name = session.user.name
    if throttle is not None:
        throttle.check(name)
    if not session.is_open:
        raise VaultLocked()
    if session.vault is not None:
        folder = session.vault.folder
    elif session.interpreter is not None:
        folder = session.interpreter.folder
    else:  # not reached: an open session has one or the other
        raise VaultLocked()
    sidecar = vault_store.read_sidecar(folder)
    slot = sidecar.user_slot_by_id(session.user.id)
    if slot is None:
        raise UnknownUser(name=name)
    try:
        key = sidecar.unwrap(slot, normalise_passphrase(passphrase))
    except WrongPassphrase:
        log.info("passphrase refused at a screen lock")
        if throttle is not None:
            throttle.failed(name)
        raise
    del key
    if throttle is not None:
        throttle.succeeded(name)


def _retire_interpreter_database_slot(
    vault: Vault, user: UserInfo, passphrase: str
) -> InterpreterAccess:
    try:
        set_slot(
            vault,
            user_id=user.id,
            user_name=user.name,
            role=user.role.value,
            passphrase=passphrase,
            temporary=user.must_change_passphrase,
        )
        audit.record(
            vault,
            user_id=user.id,
            action=AuditAction.USER_CHANGE,
            record_id=user.id,
            detail="interpreter key slot no longer holds the database key",
        )
        slot = vault.sidecar.user_slot_by_id(user.id)
        drop_key = vault.drop_key(user.id)
        assert slot is not None and drop_key is not None
        return InterpreterAccess(vault.folder, vault.sidecar, slot, drop_key)
    finally:
        vault.close()


def _interpreter_session(
    access: InterpreterAccess, slot: Slot, user_name: str, throttle: SignInThrottle | None
) -> Session:
    """An interpreter signed in: no database, only their drop. The account's facts come
    from their slot, whose every field is bound into its wrap; the sign-in itself is
    recorded through the drop and reaches the audit log at the next import."""
    user = UserInfo(
        id=slot.user_id or "",
        name=slot.user_name or user_name,
        role=Role.INTERPRETER,
        profession=None,
        active=True,
        must_change_passphrase=slot.temporary,
    )
    try:
        access.write_item({"kind": "audit", "action": AuditAction.SIGN_IN.value})
    except BaseException:
        access.close()
        raise
    if throttle is not None:
        throttle.succeeded(user_name)
    log.info("signed in (role interpreter, no database key)")
    return Session(None, user, interpreter=access)


def sign_out(session: Session, *, locked: bool = False) -> None:
    if not session.is_open:
        return
    action = AuditAction.LOCK if locked else AuditAction.SIGN_OUT
    if session.interpreter is not None:
        try:
            session.interpreter.write_item({"kind": "audit", "action": action.value})
        except (HarbourError, OSError) as exc:  # signing out must never fail
            log.info("sign-out not recorded in the drop (%s)", type(exc).__name__)
    else:
        audit.record(session.require_vault(), user_id=session.user.id, action=action)
        from app.services.information import publish_case_numbers

        publish_case_numbers(session)  # cases registered in this session included
    session.close()


def recover(
    folder: Path,
    recovery_code: str,
    *,
    manager_name: str,
    new_passphrase: str,
    lock: ProcessLock | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Session, str]:
    """Unlock with the recovery code and give a manager a new passphrase. ``progress``
    as for ``sign_in`` (the one-off name index rebuild after an upgrade).

    The used code is replaced by a new one (returned, to be shown once), because a code
    that has been read out or typed somewhere may no longer be secret.
    """
    from app.services.users import check_passphrase, min_passphrase_length

    vault = vault_store.unlock_with_recovery(
        Path(folder), recovery_code, lock=lock, progress=progress
    )
    try:
        user = active_user(vault, manager_name)
        if user.role != Role.MANAGER:
            raise UnknownUser(name=manager_name)
        check_passphrase(new_passphrase, user.name, min_passphrase_length(vault))
        vault.set_user_slot(
            user_id=user.id, user_name=user.name, role=user.role.value, passphrase=new_passphrase
        )
        code = vault.replace_recovery_code()
        audit.record(
            vault,
            user_id=user.id,
            action=AuditAction.RECOVERY,
            detail="passphrase reset with the recovery code",
        )
    except BaseException:
        vault.close()
        raise
    return Session(vault, user), code
