"""The registry of record kinds: which travel to head office and other laptops (shared)
and which never leave this installation (local-only).

[DESIGN: Records and sync] Sync and the change log ask ``is_shared(kind)`` before a
change may leave the laptop. An unknown kind is refused (``KeyError``), so a new kind
must be registered here, with a decision, before anything can write or ship it.

Local-only:
- intake drafts: half-typed registrations, overwritten at each autosave and removed at
  registration; only the registered case is shared;
- users and centre settings: accounts (with their key slots) and settings belong to this
  laptop; another laptop enrols its own;
  (each account's name, role, profession and whether it is active travel as ``staff``,
  the directory that lets other laptops name who made a change; never its key slots);
- key material: key slots, interpreter drop keys, the vault's keys (the sidecar and
  ``meta``, never records, listed so that nobody makes them one).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    shared: bool
    what: str


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("organisation", True, "the organisation running the centre"),
        Kind("centre", True, "a reception centre: its name and case-number code"),
        Kind("case", True, "a child's case"),
        Kind("case_link", True, "an officer's duplicate decision between two cases"),
        Kind("age_assessment", True, "an age assessment of a child"),
        Kind("info_session", True, "an information session held with a child"),
        Kind(
            "special_categories",
            True,
            "a child's ethnicity and religion, beside the case (read by fewer roles)",
        ),
        Kind("referral", True, "a referral of a child to a guardian or a service (issue 15)"),
        Kind(
            "directory_entry",
            True,
            "a guardian or organisation that receives referrals (no child's data)",
        ),
        Kind("guardian_appointment", True, "a guardian appointed for a child, or replaced"),
        Kind("missing_episode", True, "a child missing: the last sighting, and the return"),
        Kind("referral_type", True, "a referral type the centre added"),
        Kind("photo", True, "a child's photo taken with consent, for a missing-child notice"),
        Kind(
            "staff",
            True,
            "the staff directory: an account's name, role, profession and whether it is"
            " active, so every laptop's history names people (no key material: the"
            " account and its key slots stay local as `user`)",
        ),
        Kind("intake_draft", False, "a registration being typed (autosaved)"),
        Kind("user", False, "a user account of this installation"),
        Kind("centre_settings", False, "this installation's settings"),
        Kind("key_slot", False, "key material: slots, drop keys (not a record)"),
    )
}


def kind(name: str) -> Kind:
    """The registered kind; ``KeyError`` for a kind nobody decided about."""
    return KINDS[name]


def is_shared(name: str) -> bool:
    return KINDS[name].shared


def local_only() -> frozenset[str]:
    return frozenset(k.name for k in KINDS.values() if not k.shared)


def shared() -> frozenset[str]:
    return frozenset(k.name for k in KINDS.values() if k.shared)
