"""A signed-in user on an unlocked vault, and the permission check every service makes."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.roles import ROLE_NAMES, Permission, Role, may
from app.errors import PassphraseChangeRequired, PermissionDenied
from app.i18n import N_, _
from app.storage.vault import InterpreterAccess, Vault

ACTION_NAMES: dict[Permission, str] = {
    Permission.READ_CASE: N_("read a child's case"),
    Permission.WRITE_CASE: N_("change a child's case"),
    Permission.SHOW_INFORMATION: N_("show information screens"),
    Permission.RECORD_ASSESSMENT: N_("record an age assessment"),
    Permission.MANAGE_USERS: N_("manage users"),
    Permission.PRINT_REFERRAL: N_("print referral forms"),
    Permission.RESOLVE_CONFLICTS: N_("resolve sync conflicts"),
    Permission.CHECK_VAULT: N_("check the vault"),
    Permission.REKEY_VAULT: N_("replace the vault key"),
    Permission.CHANGE_SETTINGS: N_("change centre settings"),
    Permission.READ_SPECIAL_CATEGORIES: N_("read a child's ethnicity and religion"),
}


@dataclass(frozen=True)
class UserInfo:
    id: str
    name: str
    role: Role
    profession: str | None
    active: bool
    must_change_passphrase: bool


@dataclass
class Session:
    """A signed-in user. An interpreter's session has no ``vault`` (they hold no key to
    the database), only ``interpreter``: their sealed drop (see app/storage/drop.py)."""

    vault: Vault | None
    user: UserInfo
    interpreter: InterpreterAccess | None = None

    def require(self, permission: Permission) -> None:
        # A temporary passphrase was set by a manager and may be known to others: until
        # its holder chooses their own, the account does nothing but change it (the
        # desktop asks at once; the command line and any other caller meet this here).
        if self.user.must_change_passphrase:
            raise PassphraseChangeRequired(name=self.user.name)
        if not may(self.user.role, permission):
            raise PermissionDenied(
                role=_(ROLE_NAMES[self.user.role]), action=_(ACTION_NAMES[permission])
            )

    def may(self, permission: Permission) -> bool:
        return may(self.user.role, permission)

    def require_vault(self) -> Vault:
        """The vault, for a service that works on the database.

        An interpreter's session has none: their role may not read the cases, so they hold
        no key to the database. Every service checks its permission first, which refuses an
        interpreter already; this refuses the same way should one ever not.
        """
        if self.vault is None:
            raise PermissionDenied(
                role=_(ROLE_NAMES[self.user.role]), action=_(ACTION_NAMES[Permission.READ_CASE])
            )
        return self.vault

    @property
    def is_open(self) -> bool:
        if self.vault is not None:
            return self.vault.is_open
        return self.interpreter is not None and self.interpreter.is_open

    def close(self) -> None:
        if self.vault is not None:
            self.vault.close()
        if self.interpreter is not None:
            self.interpreter.close()
