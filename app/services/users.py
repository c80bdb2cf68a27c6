"""Accounts: add, list, change passphrase, remove. Only managers manage other users."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from app.domain.audit import AuditAction
from app.domain.passphrase import DEFAULT_MIN_LENGTH, normalise_passphrase, passphrase_problems
from app.domain.roles import Permission, Profession, Role
from app.errors import InvalidInput, UnknownUser
from app.i18n import _
from app.services.session import Session, UserInfo
from app.storage import audit, drop
from app.storage.records import Record, Records, Unit
from app.storage.vault import InterpreterAccess, Vault, read_sidecar

USER_KIND = "user"
SETTINGS_KIND = "centre_settings"
# The staff directory (issue 16, item 1): one shared record per account, so that every
# laptop of the centre names the people who made changes. What it holds is this list and
# nothing else: no key slot, passphrase, hint or drop key ever goes in.
STAFF_KIND = "staff"
STAFF_FIELDS = ("user_id", "name", "role", "profession", "active")
_STAFF_NAMESPACE = uuid.UUID("5d7c3f0e-2b8a-4c61-9e4f-6a1d0b7c8e21")


def user_from_record(record: Record) -> UserInfo:
    f = record.fields
    return UserInfo(
        id=record.id,
        name=f["name"],
        role=Role(f["role"]),
        profession=f.get("profession"),
        active=f.get("status", "active") == "active",
        must_change_passphrase=bool(f.get("must_change_passphrase", False)),
    )


def staff_id(user_id: str) -> str:
    """The staff record of an account: derived from its user id (the same on every laptop;
    the account record keeps the user id itself, which is local-only)."""
    return str(uuid.uuid5(_STAFF_NAMESPACE, user_id))


def staff_fields(user_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What the directory shows of an account (``STAFF_FIELDS``), from its local record."""
    return {
        "user_id": user_id,
        "name": str(fields.get("name", "")),
        "role": str(fields.get("role", "")),
        "profession": fields.get("profession"),
        "active": fields.get("status", "active") == "active",
    }


def write_staff(unit: Unit, user_id: str) -> bool:
    """Bring the account's staff record in line with its account record, in the use
    case's transaction; a removed account stays listed, inactive (history keeps its
    name). Returns whether anything was written."""
    account = unit.get(user_id)
    if account is None or account.kind != USER_KIND:
        return False
    wanted = staff_fields(user_id, account.fields)
    current = unit.get(staff_id(user_id))
    if current is None:
        unit.insert(STAFF_KIND, wanted, record_id=staff_id(user_id), audit_detail=STAFF_KIND)
        return True
    if {k: current.fields.get(k) for k in STAFF_FIELDS} == wanted and not current.deleted:
        return False
    if current.deleted:
        unit.restore(current.id)
    unit.update(current.id, wanted, audit_action=AuditAction.USER_CHANGE)
    return True


def ensure_staff_directory(vault: Vault, *, user_id: str) -> int:
    """Every account of this laptop in the staff directory, as its record says now: a
    vault from before the directory gets it once, at the first sign-in (then this is two
    reads), so that its next sync sends it. Returns how many records were written."""
    store = Records(vault)
    accounts = store.of_kind(USER_KIND, limit=100_000)
    listed = {r.id: r for r in store.of_kind(STAFF_KIND, include_deleted=True, limit=100_000)}
    due = []
    for account in accounts:
        held = listed.get(staff_id(account.id))
        wanted = staff_fields(account.id, account.fields)
        if held is None or held.deleted or {k: held.fields.get(k) for k in STAFF_FIELDS} != wanted:
            due.append(account.id)
    if not due:
        return 0
    with store.unit(user_id=user_id) as unit:
        return sum(write_staff(unit, account_id) for account_id in due)


def people_names(vault: Vault) -> dict[str, str]:
    """Everyone who may have made a change, by user id: the staff directory (accounts of
    every laptop of the centre, removed ones too), then this laptop's own accounts."""
    store = Records(vault)
    names = {
        str(r.fields.get("user_id", "")): str(r.fields.get("name", ""))
        for r in store.of_kind(STAFF_KIND, include_deleted=True, limit=100_000)
        if r.fields.get("user_id") and r.fields.get("name")
    }
    for record in store.of_kind(USER_KIND, limit=100_000):
        if record.fields.get("name"):
            names[record.id] = str(record.fields["name"])
    return names


def find_user(vault: Vault, name: str) -> UserInfo | None:
    key = name.strip().casefold()
    for record in Records(vault).of_kind(USER_KIND, limit=100_000):
        if record.fields["name"].casefold() == key:
            return user_from_record(record)
    return None


def active_user(vault: Vault, name: str) -> UserInfo:
    """The active account with this sign-in name, or UnknownUser."""
    user = find_user(vault, name)
    if user is None or not user.active:
        raise UnknownUser(name=name)
    return user


def get_user(vault: Vault, user_id: str) -> UserInfo | None:
    record = Records(vault).get(user_id)
    return user_from_record(record) if record and record.kind == USER_KIND else None


def min_passphrase_length(vault: Vault) -> int:
    settings = Records(vault).of_kind(SETTINGS_KIND, limit=1)
    if settings:
        return int(settings[0].fields.get("passphrase_min_length", DEFAULT_MIN_LENGTH))
    return DEFAULT_MIN_LENGTH


def passphrase_min_length(session: Session) -> int:
    """The centre's minimum passphrase length, for a screen that asks for a new one.

    An interpreter's session holds no key to the database where the centre keeps it, so
    they get the built-in minimum.
    """
    if session.vault is None:
        return DEFAULT_MIN_LENGTH
    return min_passphrase_length(session.vault)


def set_slot(
    vault: Vault,
    *,
    user_id: str,
    user_name: str,
    role: str,
    passphrase: str,
    temporary: bool = False,
    new_account: bool = False,
    replace_damaged: bool = True,
) -> None:
    """Write a user's key slot. An interpreter's wraps their own drop key (made here the
    first time), never the database key: their passphrase must open no child's record."""
    drop_key = None
    if role == Role.INTERPRETER.value:
        drop_key = vault.drop_key(user_id)
        if drop_key is None:
            drop_key = drop.new_drop_key()
            vault.set_drop_key(user_id, drop_key)
    vault.set_user_slot(
        user_id=user_id,
        user_name=user_name,
        role=role,
        passphrase=passphrase,
        new_account=new_account,
        replace_damaged=replace_damaged,
        drop_key=drop_key,
        temporary=temporary,
    )


def check_passphrase(passphrase: str, user_name: str, min_length: int) -> None:
    problems = passphrase_problems(passphrase, user_name, min_length)
    if problems:
        raise InvalidInput(reason=" ".join(_(p).format(min_length=min_length) for p in problems))


def check_user_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not (2 <= len(cleaned) <= 64):
        raise InvalidInput(reason=_("A user name needs 2 to 64 characters."))
    return cleaned


def sign_in_names(folder: Path) -> list[tuple[str, str]]:
    """(name, role) of everyone who can sign in, read from the sidecar without unlocking."""
    sidecar = read_sidecar(folder)
    return sorted(
        ((s.user_name or "", s.role or "") for s in sidecar.slots if s.kind != "recovery"),
        key=lambda pair: pair[0].casefold(),
    )


def list_users(session: Session) -> list[UserInfo]:
    session.require(Permission.MANAGE_USERS)
    users = [
        user_from_record(r)
        for r in Records(session.require_vault()).of_kind(USER_KIND, limit=100_000)
    ]
    return sorted(users, key=lambda u: u.name.casefold())


def add_user(
    session: Session,
    *,
    name: str,
    role: Role,
    passphrase: str,
    profession: Profession | None = None,
    temporary: bool = False,
) -> UserInfo:
    """A new account. ``temporary``: the passphrase was chosen by the manager and told to
    the person (the desktop's "Add a user"), so it must be changed at the first sign-in:
    until then the account can do nothing else (``Session.require``)."""
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    name = check_user_name(name)
    if find_user(vault, name) is not None or vault.sidecar.user_slot(name) is not None:
        raise InvalidInput(reason=_("A user with this name already exists."))
    if role == Role.ASSESSOR and profession is None:
        raise InvalidInput(reason=_("An assessor needs a profession."))
    check_passphrase(passphrase, name, min_passphrase_length(vault))
    # Slot first, account second: a crash between the two leaves a slot with no
    # account, which signs nobody in and is deleted at the next sign-in, because the
    # database recorded the add as pending first (auth._drop_stale_slots). The other
    # order would leave an account that cannot sign in.
    user_id = str(uuid.uuid4())
    set_slot(
        vault,
        user_id=user_id,
        user_name=name,
        role=role.value,
        passphrase=passphrase,
        new_account=True,
        temporary=temporary,
    )
    with Records(vault).unit(user_id=session.user.id) as unit:
        unit.insert(
            USER_KIND,
            {
                "name": name,
                "role": role.value,
                "profession": profession.value if profession else None,
                "status": "active",
                "must_change_passphrase": temporary,
            },
            record_id=user_id,
            audit_detail="user",
        )
        write_staff(unit, user_id)
    vault.account_recorded(user_id)
    audit.record(
        vault,
        user_id=session.user.id,
        action=AuditAction.USER_CHANGE,
        record_id=user_id,
        detail="added",
    )
    user = get_user(vault, user_id)
    assert user is not None
    if role == Role.INTERPRETER:
        from app.services.information import publish_case_numbers

        publish_case_numbers(session)  # so their first session can check its case number
    return user


def change_own_passphrase(
    session: Session,
    *,
    old_passphrase: str,
    new_passphrase: str,
) -> None:
    """Rewrap the signed-in user's slot. The old passphrase is checked first."""
    if session.interpreter is not None:
        _change_interpreter_passphrase(session, session.interpreter, old_passphrase, new_passphrase)
        return
    vault = session.require_vault()
    slot = vault.sidecar.user_slot_by_id(session.user.id)
    if slot is None:
        raise UnknownUser(name=session.user.name)
    vault.sidecar.unwrap(slot, normalise_passphrase(old_passphrase))
    if old_passphrase == new_passphrase:
        raise InvalidInput(reason=_("The new passphrase must differ from the old one."))
    check_passphrase(new_passphrase, session.user.name, min_passphrase_length(vault))
    set_slot(
        vault,
        user_id=session.user.id,
        user_name=session.user.name,
        role=session.user.role.value,
        passphrase=new_passphrase,
    )
    if session.user.must_change_passphrase:
        Records(vault).update(
            session.user.id,
            {"must_change_passphrase": False},
            user_id=session.user.id,
            audit_action=AuditAction.USER_CHANGE,
        )
    audit.record(
        vault,
        user_id=session.user.id,
        action=AuditAction.USER_CHANGE,
        record_id=session.user.id,
        detail="passphrase changed",
    )
    session.user = get_user(vault, session.user.id) or session.user


def _change_interpreter_passphrase(
    session: Session, access: InterpreterAccess, old: str, new: str
) -> None:
    """An interpreter re-wraps their own drop key; the change reaches the account record
    (and the audit) through the drop, at the next sign-in of someone who holds the key."""
    from dataclasses import replace

    if old == new:
        raise InvalidInput(reason=_("The new passphrase must differ from the old one."))
    check_passphrase(new, session.user.name, DEFAULT_MIN_LENGTH)
    access.change_passphrase(old, new)
    access.write_item({"kind": "passphrase_changed"})
    session.user = replace(session.user, must_change_passphrase=False)


def reset_passphrase(
    session: Session,
    *,
    user_name: str,
    new_passphrase: str,
) -> None:
    """A manager gives a user a temporary passphrase, to be changed at next sign-in."""
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    user = active_user(vault, user_name)
    check_passphrase(new_passphrase, user.name, min_passphrase_length(vault))
    set_slot(
        vault,
        user_id=user.id,
        user_name=user.name,
        role=user.role.value,
        passphrase=new_passphrase,
        temporary=user.id != session.user.id,
    )
    if user.id != session.user.id:
        Records(vault).update(
            user.id,
            {"must_change_passphrase": True},
            user_id=session.user.id,
            audit_action=AuditAction.USER_CHANGE,
        )
    audit.record(
        vault,
        user_id=session.user.id,
        action=AuditAction.USER_CHANGE,
        record_id=user.id,
        detail="passphrase reset",
    )


def rename_user(
    session: Session, *, user_name: str, new_name: str, new_passphrase: str
) -> UserInfo:
    """A manager renames an account (a misspelt name, a name changed). The sign-in name is
    bound into the key slot, so the slot is wrapped again under the new name with a
    passphrase the manager gives, temporary for anyone else (changed at their next
    sign-in, as after a reset). The staff directory follows in the same transaction, so
    every laptop's history shows the new name after its next sync."""
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    user = active_user(vault, user_name)
    new_name = check_user_name(new_name)
    other = find_user(vault, new_name)
    slot = vault.sidecar.user_slot(new_name)
    if (other is not None and other.id != user.id) or (
        slot is not None and slot.user_id != user.id
    ):
        raise InvalidInput(reason=_("A user with this name already exists."))
    check_passphrase(new_passphrase, new_name, min_passphrase_length(vault))
    temporary = user.id != session.user.id
    # Slot first: a crash before the record leaves a slot that signs in by the new name
    # to the same account (found by its id); the record follows at the next rename.
    set_slot(
        vault,
        user_id=user.id,
        user_name=new_name,
        role=user.role.value,
        passphrase=new_passphrase,
        temporary=temporary,
    )
    with Records(vault).unit(user_id=session.user.id) as unit:
        changes: dict[str, Any] = {"name": new_name}
        if temporary:
            changes["must_change_passphrase"] = True
        unit.update(user.id, changes, audit_action=AuditAction.USER_CHANGE)
        write_staff(unit, user.id)
    renamed = get_user(vault, user.id)
    assert renamed is not None
    if renamed.id == session.user.id:
        session.user = renamed
    return renamed


def set_profession(session: Session, *, user_name: str, profession: Profession | None) -> UserInfo:
    """A manager records or changes a user's profession (their own too): a manager who
    skipped it in the set-up wizard adds it here and can then assess age ([A14]: two
    professions sign). An assessor always keeps one."""
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    user = active_user(vault, user_name)
    if user.role == Role.ASSESSOR and profession is None:
        raise InvalidInput(reason=_("An assessor needs a profession."))
    wanted = profession.value if profession else None
    if user.profession != wanted:
        with Records(vault).unit(user_id=session.user.id) as unit:
            unit.update(user.id, {"profession": wanted}, audit_action=AuditAction.USER_CHANGE)
            write_staff(unit, user.id)
    changed = get_user(vault, user.id)
    assert changed is not None
    if changed.id == session.user.id:  # one's own: the open session assesses at once
        session.user = changed
    return changed


def remove_user(session: Session, *, user_name: str) -> None:
    """Mark the user removed, then delete their key slot.

    Order matters for crash safety: if the process dies between the two steps the
    slot still exists but the account is removed, so sign-in refuses it and the next
    sign-in of anyone deletes the stale slot (see ``auth.sign_in``).
    """
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    user = active_user(vault, user_name)
    if user.id == session.user.id:
        raise InvalidInput(reason=_("You cannot remove your own account."))
    if user.role == Role.MANAGER:
        managers = [u for u in list_users(session) if u.role == Role.MANAGER and u.active]
        if len(managers) <= 1:
            raise InvalidInput(reason=_("The last manager cannot be removed."))
    with Records(vault).unit(user_id=session.user.id) as unit:
        unit.update(user.id, {"status": "removed"}, audit_action=AuditAction.USER_CHANGE)
        write_staff(unit, user.id)  # kept, inactive: history still names them
    vault.remove_user_slot(user.id)
