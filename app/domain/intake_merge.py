"""[R5] "Same child" at intake: the new details as changes to a registered case (pure).

When the officer finds at intake that the child is already registered, nothing is
registered twice: what the intake holds that the case does not is offered as
*proposals*, one per field (or per added item), for the officer to accept one by one.

- a value the intake has and the case lacks, or holds differently, is a ``SET``
  proposal (the case's value is shown beside it); a value at its default in the intake
  (nothing typed) proposes nothing, and an answered value is never replaced by
  "unknown" or "declined";
- a name the intake spells differently is proposed both ways: as the case's name, and
  kept as another spelling (``names.aliases``), so that accepting the spelling never
  costs the old one;
- list items (languages, documents, family, needs, consents) are matched by what they
  are about (a language by its code, a family member by relation and name ...): a new
  one is an ``ADD``, a matched one that differs a ``SET`` of that item (it keeps its id,
  so history and sync see one item changed, not one removed and one added).

Proposal ids are deterministic (the same two drafts give the same ids), so a service can
recompute the proposals when it applies the accepted ones and refuse ids that are gone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from app.domain.case import Arrival, Birth, CaseDraft, Presence, SpecialCategories

SET = "set"
ADD = "add"
SPECIAL = "special_categories"  # ethnicity and religion: proposals for their own record

# Sections whose sub-fields are proposed one by one; other sections are one unit.
PER_FIELD = {
    "names": ("given", "family", "given_latin", "family_latin", "nickname"),
    "arrival": tuple(Arrival.model_fields),
    "presence": tuple(Presence.model_fields),
}
WHOLE = ("birth", "separation")
LATIN_OF = {"given_latin": "given", "family_latin": "family"}
ANSWERS = (
    "sex",
    "gender_identity",
    "stateless",
    "place_of_origin",
    "interpreter_needed",
    "interpreter_sex",
    "distinguishing_marks",
)


def _fold(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


# list field -> what an item is about (items about the same thing are compared)
ITEM_KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    "languages": lambda item: _fold(item.get("code")),
    "documents": lambda item: f"{_fold(item.get('type'))}|{_fold(item.get('number'))}",
    "family": lambda item: f"{_fold(item.get('relation'))}|{_fold(item.get('name'))}",
    "vulnerabilities": lambda item: _fold(item.get("concern")),
    "consents": lambda item: _fold(item.get("purpose")),
}
# The order proposals are shown in: the order of the intake's steps.
ORDER = (
    "names",
    "sex",
    "gender_identity",
    "birth",
    "nationalities",
    "stateless",
    "place_of_origin",
    "distinguishing_marks",
    "languages",
    "interpreter_needed",
    "interpreter_sex",
    "separation",
    "family",
    "arrival",
    "documents",
    "vulnerabilities",
    "consents",
    "presence",
)


@dataclass(frozen=True)
class Proposal:
    """One change the officer may accept. ``field`` is a path of the case
    (``names.given``, ``sex``, ``family``, ``nationalities``); values are JSON values as
    the case stores them (``current`` None: the case has nothing there)."""

    id: str
    field: str
    action: str  # SET or ADD
    current: Any
    proposed: Any


def _unanswered(value: Any) -> bool:
    return isinstance(value, dict) and value.get("status") in (None, "not_asked")


def _answer_downgrade(current: Any, proposed: Any) -> bool:
    """An answered value would become unknown or declined."""
    return (
        isinstance(current, dict)
        and isinstance(proposed, dict)
        and current.get("status") == "answered"
        and proposed.get("status") != "answered"
    )


def _empty(value: Any) -> bool:
    return value in (None, "", [], {}) or _unanswered(value)


def _dump(draft: CaseDraft) -> dict[str, Any]:
    return draft.model_dump(mode="json")


def _without_id(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "id"}


def proposals(case: CaseDraft, intake: CaseDraft) -> list[Proposal]:
    """The intake's details that the registered case does not hold, field by field, in
    the order of the intake's steps."""
    old, new = _dump(case), _dump(intake)
    found: dict[str, list[Proposal]] = {key: [] for key in ORDER}

    for section, keys in PER_FIELD.items():
        for key in keys:
            before, after = old[section].get(key), new[section].get(key)
            if _empty(after) or _same(before, after) or _answer_downgrade(before, after):
                continue
            if key in LATIN_OF and _empty(before) and _same(old[section][LATIN_OF[key]], after):
                continue  # the Latin spelling is the case's name already
            path = f"{section}.{key}"
            found[section].append(
                Proposal(path, path, SET, None if _empty(before) else before, after)
            )
    # Every form of the intake's name that the case does not know, kept as another spelling.
    known = {_fold(form) for form in case.names.all_forms()}
    for form in intake.names.all_forms():
        if _fold(form) not in known:
            known.add(_fold(form))
            found["names"].append(
                Proposal(f"names.aliases:{_fold(form)}", "names.aliases", ADD, None, form)
            )

    for field in WHOLE:
        before = old[field]
        after = _keep_known(field, before, new[field])
        default = Birth().model_dump(mode="json") if field == "birth" else None
        if _same(before, after) or new[field] == default:
            continue
        found[field].append(Proposal(field, field, SET, before, after))

    for field in ANSWERS:
        before, after = old[field], new[field]
        if _empty(after) or _same(before, after) or _answer_downgrade(before, after):
            continue
        found[field].append(Proposal(field, field, SET, None if _empty(before) else before, after))

    have = set(old["nationalities"])
    for code in new["nationalities"]:
        if code not in have:
            found["nationalities"].append(
                Proposal(f"nationalities:{code}", "nationalities", ADD, None, code)
            )

    for field, key_of in ITEM_KEYS.items():
        existing = {key_of(item): item for item in old[field]}
        seen: set[str] = set()
        for item in new[field]:
            key = key_of(item)
            if key in seen:  # the same thing twice in the intake: its own proposal
                key = f"{key}#{sum(1 for s in seen if s.startswith(key))}"
            seen.add(key)
            match = existing.get(key)
            if match is None:
                found[field].append(Proposal(f"{field}:{key}", field, ADD, None, _without_id(item)))
            elif _without_id(match) != _without_id(item):
                found[field].append(
                    Proposal(f"{field}:{key}", field, SET, match, _without_id(item))
                )
    return [p for key in ORDER for p in found[key]]


# Parts of a WHOLE section that stand on their own: what the intake never asked (or left
# unknown / declined) keeps the case's answer (walkthrough D5: "Place of birth: Not asked
# yet" was offered over "Idlib"). The date of birth (date, precision, age, source, date as
# written) stays one unit: its parts only mean something together.
BIRTH_DATE = ("date", "precision", "declared_age", "source", "date_written")
OWN_PARTS = {
    "birth": ("place",),
    "separation": ("adult", "date", "place", "cause"),
}


def _keep_known(field: str, before: Any, after: Any) -> Any:
    """The intake's ``field`` with each part it left empty (or would downgrade from an
    answer) taken from the case, so that accepting it never replaces a known fact."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return after
    kept = dict(after)
    for part in OWN_PARTS.get(field, ()):
        if part == "adult" and before.get("status") != after.get("status"):
            continue  # the adult goes with the accompaniment it was recorded for
        if _empty(after.get(part)) or _answer_downgrade(before.get(part), after.get(part)):
            kept[part] = before.get(part)
    if field == "birth" and after.get("date") is None and after.get("declared_age") is None:
        for part in BIRTH_DATE:  # no date and no age at intake: the case's date stands
            kept[part] = before.get(part)
    return kept


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    return bool(before == after)


class UnknownProposal(ValueError):
    """An accepted id is not among the proposals (the case changed since they were shown)."""


def apply(case: CaseDraft, found: list[Proposal], accepted: Collection[str]) -> CaseDraft:
    """The case with the accepted proposals applied (the others left out)."""
    by_id = {p.id: p for p in found}
    missing = set(accepted) - set(by_id)
    if missing:
        raise UnknownProposal(sorted(missing))
    data = _dump(case)
    for proposal in found:
        if proposal.id not in accepted or proposal.field.startswith(f"{SPECIAL}."):
            continue  # ethnicity and religion: apply_special, into their own record
        field, value = proposal.field, proposal.proposed
        if proposal.field == "names.aliases":
            data["names"]["aliases"] = [*data["names"]["aliases"], value]
        elif proposal.field == "nationalities":
            data["nationalities"] = [*data["nationalities"], value]
        elif field in ITEM_KEYS and proposal.action == ADD:
            data[field] = [*data[field], {**value, "id": ""}]
        elif field in ITEM_KEYS:
            kept = proposal.current["id"]
            data[field] = [
                {**value, "id": kept} if item.get("id") == kept else item for item in data[field]
            ]
        elif "." in field:
            section, key = field.split(".", 1)
            data[section][key] = value
        else:
            data[field] = value
    return CaseDraft.model_validate(data)


def remaining(found: list[Proposal], accepted: Collection[str]) -> list[Proposal]:
    """The proposals the officer did not accept (they may stay in the intake's draft)."""
    return [p for p in found if p.id not in accepted]


# ---- ethnicity and religion (special categories, kept apart from the case) -------------

SPECIAL_PARTS = ("ethnicity", "religion")
# The case's value of a special category to a user who may not read it: the proposal is
# shown but cannot be accepted (nobody overwrites what they may not see); it stays in the
# intake's draft for a manager or an assessor.
HIDDEN = "hidden"


def special_proposals(
    current: SpecialCategories | None, intake: SpecialCategories, *, readable: bool
) -> list[Proposal]:
    """The intake's ethnicity and religion that the case's special categories do not hold,
    one proposal per part; ``proposed`` carries the intake's reason with the answer
    (GDPR Art. 9: never one without the other). ``current`` None: none recorded.
    ``readable`` False (the user may not read them) with some recorded: each proposal's
    ``current`` is ``HIDDEN``."""
    old = (current or SpecialCategories()).model_dump(mode="json")
    new = intake.model_dump(mode="json")
    found: list[Proposal] = []
    for part in SPECIAL_PARTS:
        before, after = old[part], new[part]
        if _empty(after) or _same(before, after) or _answer_downgrade(before, after):
            continue
        shown: Any = None if _empty(before) else before
        if not readable and current is not None and not current.is_empty():
            shown = HIDDEN
        path = f"{SPECIAL}.{part}"
        found.append(
            Proposal(path, path, SET, shown, {"answer": after, "reason": intake.reason.strip()})
        )
    return found


def apply_special(
    current: SpecialCategories | None, found: list[Proposal], accepted: Collection[str]
) -> SpecialCategories:
    """The special categories with the accepted proposals applied. The reason: the
    intake's, added to the case's when both are given and differ."""
    data = (current or SpecialCategories()).model_dump(mode="json")
    for proposal in found:
        if proposal.id not in accepted or not proposal.field.startswith(f"{SPECIAL}."):
            continue
        if proposal.current == HIDDEN:
            raise UnknownProposal([proposal.id])
        part = proposal.field.split(".", 1)[1]
        data[part] = proposal.proposed["answer"]
        reason, known = proposal.proposed["reason"], data["reason"].strip()
        if reason and not _same(known, reason) and reason not in known:
            data["reason"] = f"{known}\n{reason}" if known else reason
    return SpecialCategories.model_validate(data)
