"""Which laptop this is: the answer a manager gives when a vault folder was copied.

See ``app/storage/installation.py``: a vault last written by another installation of
Harbour numbers no child until a manager confirms it is the same laptop (reinstalled,
restored) or a new one (an imaged or copied folder: it gets a device id of its own, so
the two never hand out the same case numbers or clock values).
"""

from __future__ import annotations

from app.domain.audit import AuditAction
from app.domain.roles import Permission
from app.services.session import Session
from app.storage import audit


def needs_confirmation(session: Session) -> bool:
    session.require(Permission.READ_CASE)
    return bool(session.require_vault().opened_by_other_installation)


def confirm(session: Session, *, same_device: bool) -> None:
    """[manager] Say whether this vault folder is on the same laptop as before."""
    session.require(Permission.CHANGE_SETTINGS)
    vault = session.require_vault()
    vault.confirm_installation(same_device=same_device)
    audit.record(
        vault,
        user_id=session.user.id,
        action=AuditAction.CHANGE,
        record_id=None,
        detail="device confirmed: same laptop" if same_device else "device confirmed: new laptop",
    )
