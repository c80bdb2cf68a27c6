"""Age assessment use cases: start, record method results, sign, and read the status.

Rules live in app/domain/age.py; this module checks permissions, keeps the record in the
vault through the one write path, and keeps the case's age status in step
("Treated as a child — assessment in progress" from the start, [A7]).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from app.domain import age as rules
from app.domain.age import (
    AgeRange,
    AgeStatus,
    Assessor,
    Conclusion,
    Doubt,
    MethodResult,
    Preconditions,
    Problem,
)
from app.domain.audit import AuditAction
from app.domain.case import Birth, BirthSource, CaseDraft, DatePrecision
from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, _, active_language
from app.i18n.names import COUNTRY, display
from app.services.session import Session
from app.storage import audit
from app.storage.case_index import CASE_KIND
from app.storage.records import Record, Records

ASSESSMENT_KIND = "age_assessment"


class AssessmentRefused(HarbourError):
    """A rule stops this step; ``problems`` name the rule and the field."""

    message = N_("This step cannot be taken yet.")

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def __str__(self) -> str:
        return " ".join(_(p.message).format(**p.params) for p in self.problems)


@dataclass(frozen=True)
class Assessment:
    id: str
    case_id: str
    doubt: Doubt
    preconditions: Preconditions
    results: list[MethodResult]
    corrections: list[dict[str, Any]]
    signatures: list[Assessor]
    child_view: str
    challenge: dict[str, str]
    concluded: bool
    conclusion: Conclusion
    started_on: dt.date


def _assessor(session: Session) -> Assessor:
    profession = session.user.profession
    if not profession:
        raise InvalidInput(reason=_("Your account has no profession recorded; ask a manager."))
    return Assessor(
        user_id=session.user.id, name=session.user.name, profession=rules.Profession(profession)
    )


def _case(session: Session, case_id: str) -> Record:
    record = Records(session.require_vault()).get(case_id)
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    return record


def _record(session: Session, case_id: str) -> Record | None:
    found = Records(session.require_vault()).find_by_field(ASSESSMENT_KIND, "case_id", case_id)
    return found[-1] if found else None


def _view(record: Record) -> Assessment:
    f = record.fields
    results = [MethodResult.model_validate(r) for r in f.get("results", [])]
    started = dt.date.fromisoformat(f["started_on"])
    on = max([r.performed_on for r in results], default=started)
    return Assessment(
        id=record.id,
        case_id=f["case_id"],
        doubt=Doubt.model_validate(f["doubt"]),
        preconditions=Preconditions.model_validate(f["preconditions"]),
        results=results,
        corrections=f.get("corrections", []),
        signatures=[Assessor.model_validate(a) for a in f.get("signatures", [])],
        child_view=f.get("child_view", ""),
        challenge=f.get("challenge", {}),
        concluded=bool(f.get("concluded", False)),
        conclusion=rules.conclude(results, on),
        started_on=started,
    )


def _dump(models: list) -> list[dict[str, Any]]:
    return [json.loads(m.model_dump_json()) for m in models]


def _set_case_age_status(
    session: Session, case_id: str, status: AgeStatus, extra: dict[str, Any] | None = None
) -> None:
    Records(session.require_vault()).update(
        case_id, {"age_status": status.value, **(extra or {})}, user_id=session.user.id
    )


def start(
    session: Session,
    case_id: str,
    doubt: Doubt | None,
    preconditions: Preconditions,
    *,
    today: dt.date | None = None,
) -> Assessment:
    """[A1]-[A6] Start only when every precondition is met; then [A7] the child is
    treated as a child everywhere until the assessment concludes otherwise."""
    session.require(Permission.RECORD_ASSESSMENT)
    case = _case(session, case_id)
    draft = CaseDraft.model_validate(
        {k: v for k, v in case.fields.items() if k in CaseDraft.model_fields}
    )
    # [A2] A birth date taken from a document: the document is presumed genuine.
    born = draft.birth.date if draft.birth.source == BirthSource.DOCUMENT else None
    problems = rules.start_blockers(
        doubt,
        preconditions,
        genuine_document_age=rules.age_on(born, today or dt.date.today()) if born else None,
    )
    if problems:
        raise AssessmentRefused(problems)
    if preconditions.information_session_id is None:
        # [A3] Link the information session in which the child was told about age
        # assessment (topic "age"), when there is one.
        linked = _age_information_session(session, case_id)
        if linked:
            preconditions = preconditions.model_copy(update={"information_session_id": linked})
    existing = _record(session, case_id)
    if existing is not None and not existing.fields.get("concluded"):
        raise InvalidInput(reason=_("An assessment of this child is already in progress."))
    assert doubt is not None
    record_id = Records(session.require_vault()).insert(
        ASSESSMENT_KIND,
        {
            "case_id": case_id,
            "doubt": json.loads(doubt.model_dump_json()),
            "preconditions": json.loads(preconditions.model_dump_json()),
            "results": [],
            "corrections": [],
            "signatures": [],
            "child_view": "",
            "challenge": {},
            "concluded": False,
            "started_on": (today or dt.date.today()).isoformat(),
            # What the child said before the assessment, for the record: the case's own
            # birth fields change when the assessment concludes ([A13]).
            "declared_age": draft.birth.declared_age,
            # and the date of birth the case held, with the date as written on the papers
            # in their calendar (issue 12: 14), printed on the record as given
            "claimed_birth": draft.birth.model_dump(
                mode="json", include={"date", "precision", "source", "date_written"}
            ),
        },
        user_id=session.user.id,
        audit_detail="age assessment started",
    )
    _set_case_age_status(session, case_id, AgeStatus.IN_PROGRESS)
    return _saved(session, record_id)


def _age_information_session(session: Session, case_id: str) -> str | None:
    from app.services.information import SESSION_KIND

    found = [
        r
        for r in Records(session.require_vault()).find_by_field(SESSION_KIND, "case_id", case_id)
        if any(s.get("topic_id") == "age" for s in r.fields.get("screens", []))
    ]
    return found[-1].id if found else None


def current(session: Session, case_id: str) -> Assessment | None:
    session.require(Permission.READ_CASE)
    record = _record(session, case_id)
    return _view(record) if record else None


def _saved(session: Session, assessment_id: str) -> Assessment:
    """The assessment as this session has just written it."""
    record = Records(session.require_vault()).get(assessment_id)
    if record is None:
        raise InvalidInput(reason=_("There is no such assessment."))
    return _view(record)


def _open(session: Session, assessment_id: str) -> Record:
    record = Records(session.require_vault()).get(assessment_id)
    if record is None or record.kind != ASSESSMENT_KIND:
        raise InvalidInput(reason=_("There is no such assessment."))
    if record.fields.get("concluded"):
        raise InvalidInput(reason=_("This assessment is concluded; start a new one to revisit."))
    return record


def warnings_for(
    session: Session,
    assessment_id: str,
    method_id: str,
    *,
    skip_reason: str = "",
    method_consent: bool = False,
) -> list[Problem]:
    """What the screen shows beside a method choice before it is saved."""
    session.require(Permission.RECORD_ASSESSMENT)
    view = _view(_open(session, assessment_id))
    tried = [r.method_id for r in view.results]
    profession = rules.Profession(session.user.profession) if session.user.profession else None
    return rules.method_warnings(
        method_id, tried, profession, skip_reason=skip_reason, method_consent=method_consent
    )


def add_result(
    session: Session,
    assessment_id: str,
    *,
    method_id: str,
    age_range: AgeRange | None,
    performed_on: dt.date,
    notes: str = "",
    credible: bool = True,
    skip_reason: str = "",
    method_consent: bool = False,
) -> Assessment:
    """[A9][A10] Record one method's result; blocked by [A8], [A9], [A4] and [A10]
    problems."""
    session.require(Permission.RECORD_ASSESSMENT)
    record = _open(session, assessment_id)
    problems = warnings_for(
        session, assessment_id, method_id, skip_reason=skip_reason, method_consent=method_consent
    ) + rules.range_problems(age_range)
    if problems:
        raise AssessmentRefused(problems)
    try:
        result = MethodResult(
            id=str(uuid.uuid4()),
            method_id=method_id,
            performed_on=performed_on,
            assessor=_assessor(session),
            range=age_range,
            credible=credible,
            notes=notes,
            skip_reason=skip_reason,
            method_consent=method_consent,
        )
    except ValidationError:
        raise AssessmentRefused(
            [
                Problem(
                    rule="A8",
                    field="method",
                    message=N_("This method does not exist in the catalogue."),
                )
            ]
        ) from None
    results = [*record.fields.get("results", []), json.loads(result.model_dump_json())]
    # [A14] A signature is given to a conclusion; a new result can change it, so the
    # assessors sign again (the earlier signatures stay in the change history).
    Records(session.require_vault()).update(
        assessment_id, {"results": results, "signatures": []}, user_id=session.user.id
    )
    return _saved(session, assessment_id)


def remove_result(
    session: Session, assessment_id: str, result_id: str, *, reason: str
) -> Assessment:
    """[A17] A removal is a recorded correction, never silent."""
    session.require(Permission.RECORD_ASSESSMENT)
    if problems := rules.removal_problems(reason):
        raise AssessmentRefused(problems)
    record = _open(session, assessment_id)
    kept = [r for r in record.fields["results"] if r["id"] != result_id]
    removed = [r for r in record.fields["results"] if r["id"] == result_id]
    if not removed:
        raise InvalidInput(reason=_("There is no such result."))
    corrections = [
        *record.fields.get("corrections", []),
        {
            "removed": removed[0],
            "reason": reason.strip(),
            "by": session.user.id,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    ]
    Records(session.require_vault()).update(
        assessment_id,
        # [A14] as in add_result: the conclusion may change, so signatures start again.
        {"results": kept, "corrections": corrections, "signatures": []},
        user_id=session.user.id,
    )
    return _saved(session, assessment_id)


def record_child_view(session: Session, assessment_id: str, text: str) -> None:
    """[A15] The child's own account of their age and their view of the process."""
    session.require(Permission.RECORD_ASSESSMENT)
    _open(session, assessment_id)
    Records(session.require_vault()).update(
        assessment_id, {"child_view": text.strip()}, user_id=session.user.id
    )


def record_challenge_information(
    session: Session,
    assessment_id: str,
    *,
    how: str,
    deadline: dt.date | None,
    helper: str,
    explained_on: dt.date,
    language: str,
) -> None:
    """[A16] How the result can be challenged, as it was explained to the child; by when as
    a date (None: no deadline applies)."""
    session.require(Permission.RECORD_ASSESSMENT)
    _open(session, assessment_id)
    if not how.strip() or not helper.strip():
        raise InvalidInput(reason=_("Record how to challenge the result and who helps."))
    problems = rules.challenge_deadline_problems(deadline, explained_on)
    if problems:
        raise AssessmentRefused(problems)
    Records(session.require_vault()).update(
        assessment_id,
        {
            "challenge": {
                "how": how.strip(),
                "deadline": deadline.isoformat() if deadline is not None else "",
                "helper": helper.strip(),
                "explained_on": explained_on.isoformat(),
                "language": language,
            }
        },
        user_id=session.user.id,
    )


def sign(session: Session, assessment_id: str, *, conclude_adult: bool = False) -> Assessment:
    """[A11]-[A16] Sign the conclusion. The second signature of another profession
    concludes it; "adult" is refused while any credible range reaches below 18 [A12]."""
    session.require(Permission.RECORD_ASSESSMENT)
    record = _open(session, assessment_id)
    view = _view(record)
    if conclude_adult and not rules.may_conclude_adult(view.results, dt.date.today()):
        raise AssessmentRefused(
            [
                Problem(
                    rule="A12",
                    field="conclusion",
                    message=N_(
                        "A credible result reaches below 18 or the result is inconclusive: "
                        "the person is a child, and 'adult' cannot be concluded."
                    ),
                )
            ]
        )
    missing = []
    if not view.child_view:
        missing.append(
            Problem(
                rule="A15", field="child_view", message=N_("Record the child's own view first.")
            )
        )
    if not view.challenge:
        missing.append(
            Problem(
                rule="A16",
                field="challenge",
                message=N_("Record how the child was told they can challenge the result."),
            )
        )
    if missing:
        raise AssessmentRefused(missing)
    me = _assessor(session)
    signatures = [a for a in view.signatures if a.user_id != me.user_id] + [me]
    fields: dict[str, Any] = {"signatures": _dump(signatures)}
    # The date each assessor signed, for the record's signature block (issue 13).
    fields["signed_on"] = {
        **record.fields.get("signed_on", {}),
        me.user_id: dt.date.today().isoformat(),
    }
    concluded = not rules.signature_problems(signatures)
    if concluded:
        fields["concluded"] = True
        fields["conclusion"] = json.loads(view.conclusion.model_dump_json())
    Records(session.require_vault()).update(assessment_id, fields, user_id=session.user.id)
    if concluded:
        _apply_conclusion(session, view.case_id, view.conclusion)
    return _saved(session, assessment_id)


def _apply_conclusion(session: Session, case_id: str, conclusion: Conclusion) -> None:
    """[A13] The case gets the latest birth date consistent with the youngest age."""
    status = rules.status_after(conclusion)
    extra: dict[str, Any] = {}
    if conclusion.assigned_birth_date is not None:
        case = _case(session, case_id)
        birth = dict(case.fields.get("birth", {}))
        birth.update(
            {
                "date": conclusion.assigned_birth_date.isoformat(),
                # The assigned date is a day ([A13]: the latest consistent one). Stored as
                # "year" it is shown and re-read as "YYYY", i.e. 1 January: up to a year
                # older, and an adult up to a year early.
                "precision": DatePrecision.EXACT.value,
                "source": BirthSource.ASSESSED.value,
                "declared_age": None,
            }
        )
        # The date as written on the papers described the date replaced: kept, it would
        # be shown as this date's own and given back to the form, whose next save would
        # put the papers' date back over the assigned one. The change log and the
        # assessment's record keep it.
        birth.pop("date_written", None)
        extra["birth"] = birth
    from app.services import referrals

    # The age status and, for an adult, the guardian referral cancelled with the reason
    # (never deleted) [G3], in one transaction.
    with Records(session.require_vault()).unit(user_id=session.user.id) as unit:
        unit.update(case_id, {"age_status": status.value, **extra})
        if status == AgeStatus.ASSESSED and not conclusion.minor:
            referrals.cancel_guardian_for_adult(unit, case_id)


def status_text(session: Session, case_id: str) -> str:
    """The case header's line, e.g. "Treated as a child — assessment in progress"."""
    session.require(Permission.READ_CASE)
    case = _case(session, case_id)
    status = AgeStatus(case.fields.get("age_status") or _initial_status(case))
    text = _(rules.AGE_STATUS_TEXT[status])
    if status == AgeStatus.ASSESSED:
        view = current(session, case_id)
        c = view.conclusion if view else None
        return text.format(
            min=c.concluded_min_age if c else "?", max=c.concluded_max_age if c else "?"
        )
    return text


def _initial_status(case: Record) -> str:
    source = case.fields.get("birth", {}).get("source", "declared")
    return AgeStatus.DOCUMENTED.value if source == "document" else AgeStatus.DECLARED.value


def record_printed(session: Session, case_id: str) -> None:
    """Audit that a case's age-assessment record was printed or saved."""
    session.require(Permission.RECORD_ASSESSMENT)
    audit.record(
        session.require_vault(),
        user_id=session.user.id,
        action=AuditAction.PRINT,
        record_id=case_id,
        detail="age assessment record",
    )


def record_data(session: Session, case_id: str):
    """Everything the PDF record carries, gathered for app/reports/age_record.py."""
    from app.reports.age_record import AgeRecordData, DocumentConsidered
    from app.services.setup import centre_details

    session.require(Permission.RECORD_ASSESSMENT)
    view = current(session, case_id)
    if view is None:
        raise InvalidInput(reason=_("This child has no age assessment."))
    case = _case(session, case_id)
    draft = CaseDraft.model_validate(
        {k: v for k, v in case.fields.items() if k in CaseDraft.model_fields}
    )
    names = draft.names
    record = _record(session, case_id)
    stated = record.fields.get("declared_age") if record else None
    declared = str(stated) if stated is not None else _("not given")
    # the issuing state by its name in the record's language, not its code (walkthrough A10)
    language = active_language()
    documents = [
        DocumentConsidered(
            text=f"{d.type} {d.number}".strip()
            + (f" ({display(COUNTRY, d.issuing_state, language)})" if d.issuing_state else ""),
            expiry=d.expiry,
            expiry_written=d.expiry_written,  # as on the paper, in its calendar (issue 12: 14)
        )
        for d in draft.documents
    ]
    # The date of birth as given before the assessment (its start keeps it: a concluded
    # assessment replaces the case's, [A13]); an older assessment: the case's own, unless
    # the assessment assigned it.
    claimed = record.fields.get("claimed_birth") if record else None
    birth = Birth.model_validate(claimed) if claimed else draft.birth
    if birth.source == BirthSource.ASSESSED:
        birth = Birth()
    details = centre_details(session)
    signed = record.fields.get("signed_on", {}) if record else {}
    return AgeRecordData(
        organisation=details["organisation"],
        signed_on={k: dt.date.fromisoformat(v) for k, v in signed.items()},
        centre=details["centre"],
        case_number=case.fields["case_number"],
        name_original=f"{names.given} {names.family}".strip(),
        name_latin=f"{names.given_latin} {names.family_latin}".strip(),
        declared_age=declared,
        doubt=view.doubt,
        documents=documents,
        preconditions=view.preconditions,
        results=view.results,
        corrections=view.corrections,
        conclusion=view.conclusion,
        signatures=view.signatures,
        child_view=view.child_view,
        challenge=view.challenge,
        birth_date=birth.date,
        birth_precision=birth.precision.value,
        birth_written=birth.date_written,
    )
