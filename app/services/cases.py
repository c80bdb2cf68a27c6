"""Reading children's cases. Registration (issue 4) adds the writing side.

Only roles with READ_CASE may call these; an interpreter is refused here, in the
service, whatever the UI shows.
"""

from __future__ import annotations

from app.domain.audit import AuditAction
from app.domain.roles import Permission
from app.services.session import Session
from app.storage import audit
from app.storage.records import Record, Records

CASE_KIND = "case"


def read_case(session: Session, case_id: str) -> Record | None:
    session.require(Permission.READ_CASE)
    record = Records(session.vault).get(case_id)
    if record is None or record.kind != CASE_KIND:
        return None
    audit.record(session.vault, user_id=session.user.id, action=AuditAction.VIEW, record_id=case_id)
    return record


def count_cases(session: Session) -> int:
    session.require(Permission.READ_CASE)
    return Records(session.vault).count(CASE_KIND)
