"""Finding a case the way people name it, and the Latin spellings the form proposes.

For the command line and scripts: a case is named by its number (``NRC-2026-0001``) as
often as by its id, and a case registered from a file gets the Latin spelling the intake
form would have proposed when the file gives none, marked as proposed ([R2]).
"""

from __future__ import annotations

from app.domain.case import CaseDraft
from app.domain.case_list import CaseQuery
from app.domain.roles import Permission
from app.errors import InvalidInput
from app.i18n import N_
from app.services import cases
from app.services.session import Session

NO_SUCH_CASE = N_("There is no case {case} (give a case number or a case id).")
NUMBER_SHARED = N_(
    "{number} is carried by {n} cases (a restored or copied vault); give the case id: {ids}"
)


def case_id(session: Session, case: str) -> str:
    """The id of the case named ``case``: its id, or its case number (any letter case).
    A number that more than one case carries is refused with their ids."""
    session.require(Permission.READ_CASE)
    wanted = case.strip()
    if not wanted:
        raise InvalidInput(NO_SUCH_CASE, case=case)
    try:
        return cases.get_row(session, wanted).id
    except InvalidInput:
        pass
    rows = cases.query_cases(session, CaseQuery(text=wanted), limit=50)
    same = [row for row in rows if row.case_number.casefold() == wanted.casefold()]
    if not same:
        raise InvalidInput(NO_SUCH_CASE, case=case)
    if len(same) > 1:
        raise InvalidInput(
            NUMBER_SHARED,
            number=same[0].case_number,
            n=len(same),
            ids=", ".join(row.id for row in same),
        )
    return same[0].id


def propose_missing_latin(draft: CaseDraft) -> CaseDraft:
    """[R2] The draft with a Latin spelling proposed for each name in another script that
    has none, as the intake form proposes it while the officer types (nothing proposed
    for a name already in Latin letters); ``names.latin_proposed`` says so."""
    names = draft.names
    update: dict[str, object] = {}
    for original, latin in (("given", "given_latin"), ("family", "family_latin")):
        text = getattr(names, original).strip()
        if not text or getattr(names, latin).strip():
            continue
        proposal = cases.propose_latin(text)
        if proposal and proposal != text:
            update[latin] = proposal
    if not update:
        return draft
    update["latin_proposed"] = True
    return draft.model_copy(update={"names": names.model_copy(update=update)})
