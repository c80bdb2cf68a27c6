"""Accounts: add, list, change passphrase, remove. Only managers manage other users."""

from __future__ import annotations

import uuid
from pathlib import Path

from app.domain.audit import AuditAction
from app.domain.passphrase import DEFAULT_MIN_LENGTH, normalise_passphrase, passphrase_problems
from app.domain.roles import Permission, Profession, Role
from app.errors import InvalidInput, UnknownUser
from app.i18n import _
from app.services.session import Session, UserInfo
from app.storage import audit, drop
from app.storage.records import Record, Records
from app.storage.vault import InterpreterAccess, Vault, read_sidecar

USER_KIND = "user"
SETTINGS_KIND = "centre_settings"


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
    Records(vault).insert(
        USER_KIND,
        {
            "name": name,
            "role": role.value,
            "profession": profession.value if profession else None,
            "status": "active",
            "must_change_passphrase": temporary,
        },
        user_id=session.user.id,
        record_id=user_id,
        audit_detail="user",
    )
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
        Records(vault).update(
            user.id,
            {"profession": wanted},
            user_id=session.user.id,
            audit_action=AuditAction.USER_CHANGE,
        )
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
    Records(vault).update(
        user.id,
        {"status": "removed"},
        user_id=session.user.id,
        audit_action=AuditAction.USER_CHANGE,
    )
    vault.remove_user_slot(user.id)
