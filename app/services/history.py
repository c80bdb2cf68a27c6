"""What happened in a case, for people to read: its change history, the information
sessions the child had and the age assessment, each in words (app/domain/history_text.py
does the wording; this module gathers what it needs from the vault)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.history_text import (
    PROFESSION,
    AssessmentSummary,
    HistoryRow,
    People,
    SessionRow,
    assessment_summary,
    code_label,
    history_rows,
    session_rows,
)
from app.domain.roles import Permission
from app.errors import InvalidInput
from app.i18n import SOURCE_LANGUAGE, active_language
from app.services import age, cases, information
from app.services.session import Session
from app.services.users import people_names


@dataclass(frozen=True)
class CaseActivity:
    history: list[HistoryRow]  # newest first
    sessions: list[SessionRow]  # oldest first
    assessment: AssessmentSummary | None  # the current (latest) assessment, if any


def _user_names(session: Session) -> dict[str, str]:
    """Everyone by id, the name people know them by: this laptop's accounts, then the
    staff directory that sync brings from the centre's other laptops (removed accounts
    too, so their changes keep a name)."""
    return people_names(session.require_vault())


def _topic_titles() -> dict[str, str]:
    """Topic titles in the UI language where the information exists in it, else English."""
    for language in (active_language(), SOURCE_LANGUAGE):
        try:
            return {t.id: t.title for t in information.topics(language)}
        except InvalidInput:
            continue
    return {}


def case_activity(session: Session, case_id: str) -> CaseActivity:
    """A case's history, information sessions and age assessment in words (reading them
    is audited like a view of the case)."""
    session.require(Permission.READ_CASE)
    entries = cases.case_history(session, case_id)
    people = People(
        names=_user_names(session),
        me=session.user.id,
        this_device=session.vault.device_id if session.vault is not None else "",
    )
    sessions = session_rows(information.sessions_for_case(session, case_id), _topic_titles())
    view = age.current(session, case_id)
    summary = None
    if view is not None:
        summary = assessment_summary(
            view.started_on,
            len(view.results),
            [(s.name, code_label(PROFESSION, s.profession)) for s in view.signatures],
            view.concluded,
        )
    return CaseActivity(history_rows(entries, people), sessions, summary)
