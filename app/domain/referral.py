"""Referrals: one workflow for the guardian and every other service (guardianship.md).

Pure rules, no I/O. A referral is a record of its own (kind ``referral``) beside the case:
its type, its state with every change dated and attributed, its deadline from the country
profile (app/domain/deadlines.py), its recipient (a directory entry) and the basis that
allows sharing with that recipient.

- [G1] an unaccompanied or separated child gets a guardian referral at once;
  ``needs_guardian`` says when, and its id is derived from the case id
  (``guardian_referral_id``), so two laptops that each open one open the same record.
- [G3] a person concluded without doubt to be an adult has the guardian referral
  *cancelled* with the reason, never deleted; while the age is assessed the person is a
  child for this rule.
- [G7] an urgent protection concern proposes the matching referral (a draft, one per type
  and case, its id derived too) that shows until someone acts on it.
- [G9] sharing needs consent for that purpose and recipient, or a recorded legal basis.
- [R3] no referral type, recipient kind or directory entry reaches immigration
  enforcement (``firewall_problems``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.domain.case import Accompaniment, CaseDraft, Concern, Urgency, urgent_flags
from app.i18n import N_

# Namespace of derived referral ids (a fixed random UUID: changing it would let two
# laptops open two guardian referrals for one child again).
REFERRAL_NAMESPACE = uuid.UUID("6c1f4f3e-8a7b-4d5e-9b1a-3f2c0d9e7a41")
CUSTOM_PREFIX = "custom:"


class ReferralType(StrEnum):
    """Every referral type Harbour knows; a centre adds its own as ``custom:<code>``."""

    GUARDIAN = "guardian"  # guardian or representative [G1]
    CHILD_PROTECTION = "child_protection"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    GBV_SERVICES = "gbv_services"  # gender-based-violence services
    LEGAL_AID = "legal_aid"
    ANTI_TRAFFICKING = "anti_trafficking"  # the anti-trafficking contact point
    EDUCATION = "education"
    FAMILY_TRACING = "family_tracing"  # ICRC / Red Cross Restoring Family Links
    BEST_INTERESTS = "best_interests"  # best-interests assessment or determination
    POLICE_MISSING = "police_missing"  # police, for a missing child [G11]


TYPE_NAMES: dict[ReferralType, str] = {
    ReferralType.GUARDIAN: N_("Guardian or representative"),
    ReferralType.CHILD_PROTECTION: N_("Child protection services"),
    ReferralType.HEALTH: N_("Health"),
    ReferralType.MENTAL_HEALTH: N_("Mental health"),
    ReferralType.GBV_SERVICES: N_("Gender-based-violence services"),
    ReferralType.LEGAL_AID: N_("Legal aid"),
    ReferralType.ANTI_TRAFFICKING: N_("Anti-trafficking contact point"),
    ReferralType.EDUCATION: N_("Education"),
    ReferralType.FAMILY_TRACING: N_("Family tracing"),
    ReferralType.BEST_INTERESTS: N_("Best-interests assessment"),
    ReferralType.POLICE_MISSING: N_("Police (missing child)"),
}


class ReferralState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# draft -> sent -> accepted / declined (reason) -> completed, or cancelled (reason). A
# declined or cancelled referral can be reopened as a draft (another recipient; a child
# whose adult age was overturned on challenge) — the same record, its history kept.
TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    ReferralState.DRAFT: frozenset({ReferralState.SENT, ReferralState.CANCELLED}),
    ReferralState.SENT: frozenset(
        {ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.CANCELLED}
    ),
    ReferralState.ACCEPTED: frozenset({ReferralState.COMPLETED, ReferralState.CANCELLED}),
    ReferralState.DECLINED: frozenset({ReferralState.DRAFT}),
    ReferralState.COMPLETED: frozenset(),
    ReferralState.CANCELLED: frozenset({ReferralState.DRAFT}),
}
NEEDS_REASON = frozenset({ReferralState.DECLINED, ReferralState.CANCELLED})
# Waiting on the centre (draft) or on the recipient (sent): the deadline still runs.
OPEN_STATES = frozenset({ReferralState.DRAFT, ReferralState.SENT})
# The guardian is there (accepted: appointed; completed).
ANSWERED_STATES = frozenset(
    {ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.COMPLETED}
)


class StateChange(BaseModel):
    """One change of state: dated, attributed, with the reason where one is needed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = ""  # stable item id, given by storage
    state: ReferralState
    at: str  # ISO date-time, UTC
    by: str  # user id ("" for a change Harbour made by itself, e.g. at registration)
    reason: str = ""


class BasisKind(StrEnum):
    CONSENT = "consent"
    LEGAL_BASIS = "legal_basis"


class SharingBasis(BaseModel):
    """[G9] What allows sharing this referral with this recipient: consent given for this
    referral type and this recipient (of whom, in which language, with the child's own
    view), or a recorded legal basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: BasisKind
    referral_type: str
    recipient_id: str
    given_by: str = ""  # consent: "child", "guardian", "representative" ...
    language: str = ""
    granted: bool = False
    child_assent: bool | None = None  # the child's own view, None when not asked
    legal_basis: str = ""  # e.g. "GDPR Art. 6(1)(d), vital interests of the child"
    recorded_at: str = ""
    recorded_by: str = ""


class Referral(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    type: str
    state: ReferralState = ReferralState.DRAFT
    reason: str = ""
    urgency: Urgency = Urgency.ROUTINE
    concern: str = ""  # the urgent concern that proposed it [G7]
    automatic: bool = False  # opened by Harbour itself ([G1], [G7], [G11])
    recipient_id: str = ""
    basis: SharingBasis | None = None
    due: dt.date | None = None
    due_provisional: bool = False
    due_uncovered: list[int] = []  # years the profile has no holidays for: flagged
    due_earliest: dt.date | None = None
    exceptional: bool = False  # the profile's exceptional deadline
    exceptional_reason: str = ""
    exceptional_by: str = ""  # the manager who decided it (user id)
    exceptional_at: str = ""  # when (ISO date-time, UTC)
    sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    history: list[StateChange] = Field(default_factory=list)
    # [G8] fields beyond the type's own list that the officer marked necessary for this one
    marked_necessary: list[str] = []


class Refused(Exception):
    """A rule refuses a step: ``rule`` is its id, ``message`` a msgid with ``params``."""

    def __init__(self, rule: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.params = params


def is_builtin(referral_type: str) -> bool:
    return referral_type in ReferralType.__members__.values()


def derived_id(case_id: str, what: str) -> str:
    return str(uuid.uuid5(REFERRAL_NAMESPACE, f"{case_id}:{what}"))


def guardian_referral_id(case_id: str) -> str:
    """[G1] One guardian referral per child, the same id on every laptop."""
    return derived_id(case_id, ReferralType.GUARDIAN.value)


def proposed_referral_id(case_id: str, referral_type: str) -> str:
    """[G7] One proposed referral per type and child, the same id on every laptop."""
    return derived_id(case_id, f"proposed:{referral_type}")


def police_referral_id(case_id: str, episode_id: str) -> str:
    """[G11] One police referral per missing episode."""
    return derived_id(case_id, f"police_missing:{episode_id}")


def needs_guardian(case: CaseDraft, *, adult: bool) -> bool:
    """[G1] Unaccompanied or separated (with an adult who is not the legal caregiver);
    [G3] not when concluded without doubt to be an adult."""
    status = case.separation.status
    return status in (Accompaniment.UNACCOMPANIED, Accompaniment.SEPARATED) and not adult


def proposals(case: CaseDraft) -> list[tuple[Concern, str]]:
    """[G7] The referral each urgent concern suggests, one per type, in case order."""
    seen: dict[str, Concern] = {}
    for concern, referral_type in urgent_flags(case):
        seen.setdefault(referral_type, concern)
    return [(concern, referral_type) for referral_type, concern in seen.items()]


REASON_NEEDED = N_("Say why: a referral is declined or cancelled only with a reason.")
NOT_ALLOWED = N_("A referral that is {current} cannot become {wanted}.")


def transition(
    referral: Referral,
    wanted: ReferralState,
    *,
    at: dt.datetime,
    by: str,
    reason: str = "",
) -> Referral:
    """The referral after one change of state; refused when the workflow does not allow
    it or a decline or cancellation has no reason. Never removes a referral."""
    if wanted not in TRANSITIONS[referral.state]:
        raise Refused("G-workflow", NOT_ALLOWED, current=referral.state.value, wanted=wanted.value)
    if wanted in NEEDS_REASON and not reason.strip():
        raise Refused("G-workflow", REASON_NEEDED)
    change = StateChange(
        state=wanted, at=at.isoformat(timespec="seconds"), by=by, reason=reason.strip()
    )
    update: dict[str, object] = {"state": wanted, "history": [*referral.history, change]}
    if wanted == ReferralState.SENT:
        update["sent_on"] = at.date()
    if wanted in ANSWERED_STATES and referral.answered_on is None:
        update["answered_on"] = at.date()
    if wanted == ReferralState.DRAFT:  # reopened
        update["answered_on"] = None
        update["sent_on"] = None
    return referral.model_copy(update=update)


ADULT_REASON = N_("Age assessment concluded the person is an adult.")


# -- the firewall [R3] ---------------------------------------------------------------------
class RecipientKind(StrEnum):
    """Who a directory entry is. Immigration enforcement is listed only to be refused."""

    GUARDIANSHIP_AUTHORITY = "guardianship_authority"
    GUARDIAN = "guardian"  # a person appointed as guardian or representative
    CHILD_PROTECTION = "child_protection"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    GBV_SERVICES = "gbv_services"
    LEGAL_AID = "legal_aid"
    ANTI_TRAFFICKING = "anti_trafficking"
    POLICE = "police"
    EDUCATION = "education"
    FAMILY_TRACING = "family_tracing"
    BEST_INTERESTS = "best_interests"
    NGO = "ngo"
    IMMIGRATION_ENFORCEMENT = "immigration_enforcement"


FORBIDDEN_RECIPIENTS = frozenset({RecipientKind.IMMIGRATION_ENFORCEMENT})

# Which kinds of recipient may receive which referral type.
RECIPIENTS: dict[str, frozenset[RecipientKind]] = {
    ReferralType.GUARDIAN: frozenset(
        {RecipientKind.GUARDIANSHIP_AUTHORITY, RecipientKind.GUARDIAN, RecipientKind.NGO}
    ),
    ReferralType.CHILD_PROTECTION: frozenset({RecipientKind.CHILD_PROTECTION}),
    ReferralType.HEALTH: frozenset({RecipientKind.HEALTH}),
    ReferralType.MENTAL_HEALTH: frozenset({RecipientKind.MENTAL_HEALTH, RecipientKind.HEALTH}),
    ReferralType.GBV_SERVICES: frozenset({RecipientKind.GBV_SERVICES, RecipientKind.NGO}),
    ReferralType.LEGAL_AID: frozenset({RecipientKind.LEGAL_AID, RecipientKind.NGO}),
    ReferralType.ANTI_TRAFFICKING: frozenset({RecipientKind.ANTI_TRAFFICKING}),
    ReferralType.EDUCATION: frozenset({RecipientKind.EDUCATION}),
    ReferralType.FAMILY_TRACING: frozenset({RecipientKind.FAMILY_TRACING, RecipientKind.NGO}),
    ReferralType.BEST_INTERESTS: frozenset(
        {RecipientKind.BEST_INTERESTS, RecipientKind.CHILD_PROTECTION}
    ),
    ReferralType.POLICE_MISSING: frozenset({RecipientKind.POLICE}),
}
# A centre's own type may go to any recipient the firewall allows.
CUSTOM_RECIPIENTS = frozenset(RecipientKind) - FORBIDDEN_RECIPIENTS

# Words that name immigration enforcement in the languages of the centres' countries. A
# directory entry or a centre's referral type whose name holds one is refused: a legal
# aid clinic is "legal aid", not "immigration".
ENFORCEMENT_WORDS = (
    "immigration",
    "deport",
    "removal",
    "border police",
    "border guard",
    "border force",
    "frontex",
    "aliens police",
    "alien police",
    "return office",
    "detention",
    "expulsion",
    "reconduite",
    "police aux frontières",
    "éloignement",
    "rétention",
    "ausländerbehörde",
    "abschiebung",
    "bundespolizei",
    "rimpatri",
    "immigrazione",
    "extranjería",
    "migrationsverket",
    "vreemdelingenpolitie",
)
FIREWALL = N_("Harbour never sends a child's data to immigration enforcement ({what}).")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORDS = tuple(_fold(w) for w in ENFORCEMENT_WORDS)


def enforcement_word(text: str) -> str | None:
    """The enforcement word ``text`` holds (as a whole word), or None."""
    folded = _fold(text)
    for word in _WORDS:
        if re.search(rf"(?<![\w]){re.escape(word)}", folded):
            return word
    return None


def firewall_problems(*, kind: str, name: str = "") -> list[Refused]:
    """[R3] A recipient kind or name that is immigration enforcement is refused."""
    problems: list[Refused] = []
    if kind in FORBIDDEN_RECIPIENTS or enforcement_word(kind.replace("_", " ")):
        problems.append(Refused("R3", FIREWALL, what=kind))
    found = enforcement_word(name) if name else None
    if found:
        problems.append(Refused("R3", FIREWALL, what=found))
    return problems


def allowed_recipients(referral_type: str) -> frozenset[RecipientKind]:
    if is_builtin(referral_type):
        return RECIPIENTS[referral_type]
    return CUSTOM_RECIPIENTS


NO_RECIPIENT = N_("No recipient is chosen for this referral.")
WRONG_RECIPIENT = N_("A {kind} does not receive {type} referrals.")
NO_BASIS = N_(
    "Record the consent for sharing with this recipient, or the legal basis, before printing."
)
BASIS_OTHER = N_(
    "The consent on record is for another recipient or service; record it for this one."
)
CONSENT_REFUSED = N_("Consent to share was refused; record a legal basis to share.")
CONSENT_WHO = N_("Say who gave the consent and in which language.")


def sharing_problems(referral: Referral, recipient_kind: str | None) -> list[Refused]:
    """[G9][R3] Everything missing before this referral may leave the laptop, each named."""
    problems: list[Refused] = []
    if not referral.recipient_id or recipient_kind is None:
        problems.append(Refused("G9", NO_RECIPIENT))
    else:
        problems.extend(firewall_problems(kind=recipient_kind))
        if recipient_kind not in allowed_recipients(referral.type):
            problems.append(Refused("G8", WRONG_RECIPIENT, kind=recipient_kind, type=referral.type))
    basis = referral.basis
    if basis is None:
        problems.append(Refused("G9", NO_BASIS))
        return problems
    # Consent is given for one service and one recipient; a legal basis covers the
    # service (the purpose) whoever the recipient of that kind is.
    other_recipient = (
        basis.kind == BasisKind.CONSENT and basis.recipient_id != referral.recipient_id
    )
    if basis.referral_type != referral.type or other_recipient:
        problems.append(Refused("G9", BASIS_OTHER))
    if basis.kind == BasisKind.LEGAL_BASIS:
        if not basis.legal_basis.strip():
            problems.append(Refused("G9", NO_BASIS))
    else:
        if not basis.granted:
            problems.append(Refused("G9", CONSENT_REFUSED))
        if not basis.given_by.strip() or not basis.language.strip():
            problems.append(Refused("G9", CONSENT_WHO))
    return problems


def days_late(due: dt.date | None, today: dt.date) -> int | None:
    """Calendar days past the deadline (negative: days still left)."""
    return None if due is None else (today - due).days


CASELOAD_FULL = N_("{name} already has {count} children; the limit is {limit}.")
CASELOAD_REASON = N_(
    "{name} already has {count} children (more than {limit}); a manager records why"
    " before assigning another."
)


def caseload_problem(
    *, name: str, count: int, ordinary: int, exceptional: int, reason: str, manager: bool
) -> Refused | None:
    """[G4] Assigning one more child to a guardian who already has ``count``: up to
    ``ordinary`` freely, up to ``exceptional`` with a manager's recorded reason, never
    beyond."""
    if count < ordinary:
        return None
    if count >= exceptional:
        return Refused("G4", CASELOAD_FULL, name=name, count=count, limit=exceptional)
    if not manager or not reason.strip():
        return Refused("G4", CASELOAD_REASON, name=name, count=count, limit=ordinary)
    return None
