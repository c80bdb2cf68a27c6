"""Roles and what each may do.

The services check these permissions on every call; the UI only hides what a role
cannot use. Keeping the table here, as data, makes it testable without a vault.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_


class Role(StrEnum):
    MANAGER = "manager"
    INTAKE_OFFICER = "intake_officer"
    ASSESSOR = "assessor"
    INTERPRETER = "interpreter"


class Profession(StrEnum):
    """An assessor's profession, recorded because age assessments need two professions."""

    SOCIAL_WORKER = "social_worker"
    PSYCHOLOGIST = "psychologist"
    PAEDIATRICIAN = "paediatrician"
    OTHER = "other"


class Permission(StrEnum):
    READ_CASE = "read_case"
    WRITE_CASE = "write_case"
    SHOW_INFORMATION = "show_information"
    RECORD_ASSESSMENT = "record_assessment"
    MANAGE_USERS = "manage_users"
    PRINT_REFERRAL = "print_referral"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    CHECK_VAULT = "check_vault"
    REKEY_VAULT = "rekey_vault"
    CHANGE_SETTINGS = "change_settings"
    # Ethnicity and religion (GDPR Art. 9 special categories): managers, who refer the
    # child and answer for the centre's records, and assessors (social workers,
    # psychologists, paediatricians), whose protection work may need them. Not intake
    # officers, who record them at intake but do not read them back, nor interpreters.
    READ_SPECIAL_CATEGORIES = "read_special_categories"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MANAGER: frozenset(Permission),
    Role.INTAKE_OFFICER: frozenset(
        {Permission.READ_CASE, Permission.WRITE_CASE, Permission.SHOW_INFORMATION}
    ),
    Role.ASSESSOR: frozenset(
        {
            Permission.READ_CASE,
            Permission.WRITE_CASE,
            Permission.SHOW_INFORMATION,
            Permission.RECORD_ASSESSMENT,
            Permission.READ_SPECIAL_CATEGORIES,
        }
    ),
    # An interpreter shows information screens to the child but never reads the case:
    # they are often external contractors, and the child's file is not theirs to see.
    Role.INTERPRETER: frozenset({Permission.SHOW_INFORMATION}),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


ROLE_NAMES: dict[Role, str] = {
    Role.MANAGER: N_("manager"),
    Role.INTAKE_OFFICER: N_("intake officer"),
    Role.ASSESSOR: N_("assessor"),
    Role.INTERPRETER: N_("interpreter"),
}

PROFESSION_NAMES: dict[Profession, str] = {
    Profession.SOCIAL_WORKER: N_("social worker"),
    Profession.PSYCHOLOGIST: N_("psychologist"),
    Profession.PAEDIATRICIAN: N_("paediatrician"),
    Profession.OTHER: N_("other profession"),
}
