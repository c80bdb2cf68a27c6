"""Translated words for the age-assessment screen: grounds, method kinds, problems.

Rule ids ([A1]-[A17]) are those of shared/domain/age-assessment.md.
"""

from __future__ import annotations

from app.domain.age import METHODS, DoubtGround, Method, MethodKind, Problem
from app.i18n import N_
from ui.common import _

GROUNDS: dict[DoubtGround, str] = {
    DoubtGround.STATEMENTS: N_("The child's statements about their age do not agree"),
    DoubtGround.DOCUMENTS: N_("Documents or records contradict the stated age"),
    DoubtGround.OTHER: N_("Another reason (say which in the reason)"),
    # [A1] listed last: never enough on its own.
    DoubtGround.APPEARANCE: N_("Physical appearance"),
}

KINDS: dict[MethodKind, str] = {
    MethodKind.NON_MEDICAL: N_("non-medical"),
    MethodKind.MEDICAL: N_("medical, no radiation"),
    MethodKind.MEDICAL_RADIATION: N_("medical, uses radiation"),
}

CONSENT_CHOICES: tuple[tuple[bool | None, str], ...] = (
    (None, N_("Not asked yet")),
    (True, N_("Consents")),
    (False, N_("Refuses")),
)


def method_name(method_id: str) -> str:
    method = METHODS.get(method_id)
    return _(method.name) if method is not None else method_id


def method_item_text(method: Method) -> str:
    return _("{order}. {name} ({kind})").format(
        order=method.order, name=_(method.name), kind=_(KINDS[method.kind])
    )


def method_details(method: Method) -> str:
    """What a method can and cannot tell and its margin of error (never hidden)."""
    lines = [
        _("What it can tell: {text}").format(text=_(method.can_tell)),
        _("What it cannot tell: {text}").format(text=_(method.cannot_tell)),
        _("Margin of error: {text}").format(text=_(method.margin)),
    ]
    if method.medical:
        lines.append(
            _(
                "A medical method: only a medical professional carries it out, and only with "
                "the consent of the child and the guardian to this method."
            )
        )
    if method.kind == MethodKind.MEDICAL_RADIATION:
        lines.append(_("It exposes the child to radiation with no benefit to their health."))
    return "\n".join(lines)


def problem_text(problem: Problem) -> str:
    """A service problem in the UI language; method ids in it become method names."""
    params = dict(problem.params)
    if "methods" in params:
        ids = [m for m in str(params["methods"]).split(", ") if m]
        params["methods"] = _(", ").join(method_name(m) for m in ids) if ids else ""
    return _(problem.message).format(**params)
