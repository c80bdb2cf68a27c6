"""A child's ethnicity and religion: special categories of personal data (GDPR Art. 9).

Recorded only when needed for the child's protection, with the reason (app/domain/case.py,
``special_category_problems``), and kept in a record of their own beside the case, not in
the case record: opening a case, its history, search and exports never carry them, and
only the roles that need them read them (``Permission.READ_SPECIAL_CATEGORIES``: managers
and assessors; app/domain/roles.py says why).

- An intake officer records them at intake (``WRITE_CASE``) and does not read them back.
- Changing or clearing them once recorded needs the right to read them too: nobody
  overwrites what they may not see.
- Every read is audited as a view of the case, with its own detail.
"""

from __future__ import annotations

from app.domain.audit import AuditAction
from app.domain.case import SpecialCategories, special_category_problems
from app.domain.paths import REMOVED
from app.domain.roles import Permission
from app.errors import InvalidInput
from app.i18n import _
from app.services.cases import SPECIAL_KIND, CaseInvalid
from app.services.session import Session
from app.storage import audit
from app.storage.case_index import CASE_KIND
from app.storage.records import Record, Records

KIND = SPECIAL_KIND
AUDIT_DETAIL = "special categories"


def _case_exists(session: Session, case_id: str) -> None:
    record = Records(session.require_vault()).get(case_id) if case_id else None
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))


def _current(session: Session, case_id: str) -> Record | None:
    found = [
        r
        for r in Records(session.require_vault()).find_by_field(KIND, "case_id", case_id)
        if not r.deleted
    ]
    return min(found, key=lambda r: (r.created_at, r.id)) if found else None


def read_special_categories(session: Session, case_id: str) -> SpecialCategories:
    """The child's ethnicity and religion with the reason (empty when none recorded)."""
    session.require(Permission.READ_SPECIAL_CATEGORIES)
    _case_exists(session, case_id)
    record = _current(session, case_id)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.VIEW,
        record_id=case_id,
        detail=AUDIT_DETAIL,
    )
    if record is None:
        return SpecialCategories()
    return SpecialCategories.model_validate(
        {k: v for k, v in record.fields.items() if k in SpecialCategories.model_fields}
    )


def record_special_categories(session: Session, case_id: str, data: SpecialCategories) -> None:
    """Record them for a case. An answered ethnicity or religion needs its reason
    (``CaseInvalid`` otherwise, tied to ``special_categories.reason``)."""
    session.require(Permission.WRITE_CASE)
    _case_exists(session, case_id)
    problems = special_category_problems(data)
    if problems:
        raise CaseInvalid(problems)
    records = Records(session.require_vault())
    current = _current(session, case_id)
    fields = data.model_dump(mode="json", exclude_defaults=True)
    if current is None:
        if data.is_empty():
            return  # nothing to record: no record at all
        records.insert(KIND, {"case_id": case_id, **fields}, user_id=session.user.id)
        return
    # Once recorded, only someone who may read them may change or clear them.
    session.require(Permission.READ_SPECIAL_CATEGORIES)
    changes: dict[str, object] = dict.fromkeys(SpecialCategories.model_fields, REMOVED)
    changes.update(fields)
    records.update(current.id, changes, user_id=session.user.id)
