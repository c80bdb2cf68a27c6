"""Health check (doctor) and key replacement (rekey): manager-only maintenance."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import AuditAction
from app.domain.passphrase import normalise_passphrase
from app.domain.roles import Permission, Role
from app.errors import InvalidInput
from app.i18n import _
from app.services.session import Session
from app.services.users import USER_KIND, check_passphrase, min_passphrase_length, user_from_record
from app.storage import audit
from app.storage.records import Records


@dataclass(frozen=True)
class DoctorReport:
    problems: list[str]
    audit_entries: int

    @property
    def healthy(self) -> bool:
        return not self.problems


def doctor(session: Session) -> DoctorReport:
    """Check page authentication, database structure, the audit chain, that the last
    transaction is whole (``app/storage/commits.py``) and the key slots.

    Read-only: a check must never change what it checks.
    """
    session.require(Permission.CHECK_VAULT)
    vault = session.require_vault()
    problems: list[str] = []
    problems.extend(vault.integrity_problems())
    broken = audit.verify(vault)
    if broken:
        problems.append(broken)
    problems.extend(vault.last_commit_problems())
    users = [user_from_record(r) for r in Records(vault).of_kind(USER_KIND, limit=100_000)]
    active_ids = {u.id for u in users if u.active}
    sidecar = vault.sidecar
    slot_ids = {s.user_id for s in sidecar.slots if s.kind != "recovery"}
    if sidecar.recovery_slot() is None:
        problems.append("the key-slot file has no recovery slot")
    if sidecar.damaged:
        problems.append(f"{len(sidecar.damaged)} key slot(s) are damaged and cannot be used")
    altered = [
        s
        for s in sidecar.slots
        if s.version >= 2
        and not vault.slot_sealed(s, drop_key=vault.drop_key(s.user_id) if s.user_id else None)
    ]
    if altered:
        problems.append(f"{len(altered)} key slot(s) were changed outside Harbour")
    stale = slot_ids - active_ids
    if stale:
        problems.append(f"{len(stale)} key slot(s) belong to removed or unknown accounts")
    interpreters = {u.id for u in users if u.role == Role.INTERPRETER}
    holding = [s for s in sidecar.slots if s.kind == "user" and s.user_id in interpreters]
    if holding:
        problems.append(
            f"{len(holding)} interpreter key slot(s) still hold the database key "
            "(replaced at that interpreter's next sign-in, or by a new temporary passphrase)"
        )
    from app.services.information import drop_status

    waiting, damaged = drop_status(session)
    if damaged:
        problems.append(
            f"{damaged} file(s) in the interpreters' drop do not open with any "
            "interpreter's key (damaged or forged; never imported)"
        )
    if waiting:
        problems.append(
            f"{waiting} information session(s) recorded by interpreters name a case number "
            "this vault does not have; they wait in the drop"
        )
    return DoctorReport(problems=problems, audit_entries=audit.count(vault))


def users_without_slot(session: Session) -> list[str]:
    session.require(Permission.MANAGE_USERS)
    vault = session.require_vault()
    slot_ids = {s.user_id for s in vault.sidecar.slots if s.kind != "recovery"}
    users = [user_from_record(r) for r in Records(vault).of_kind(USER_KIND, limit=100_000)]
    return sorted(u.name for u in users if u.active and u.id not in slot_ids)


def rekey(session: Session, *, passphrase: str, new_passphrase: str | None = None) -> str:
    """Replace the database key and all slots; returns the new recovery code.

    The manager confirms with their passphrase (and may choose a new one). Every other
    user needs a new temporary passphrase from a manager afterwards
    (``users_without_slot`` lists them), because their old slots wrap the old key.
    """
    session.require(Permission.REKEY_VAULT)
    vault = session.require_vault()
    slot = vault.sidecar.user_slot_by_id(session.user.id)
    if slot is None:
        raise InvalidInput(reason=_("Your key slot is missing; sign in again."))
    vault.sidecar.unwrap(slot, normalise_passphrase(passphrase))
    chosen = new_passphrase or passphrase
    if new_passphrase:
        check_passphrase(new_passphrase, session.user.name, min_passphrase_length(vault))
    code = vault.rekey(
        user_id=session.user.id,
        user_name=session.user.name,
        role=Role.MANAGER.value,
        passphrase=chosen,
    )
    audit.record(vault, user_id=session.user.id, action=AuditAction.REKEY)
    return code
