"""Every public service function that takes a session checks its permission first.

The table below is the contract, written by hand: a new service function fails this test
until someone decides which permission it needs. Each function is called for real with
every role, on a real vault, with placeholder arguments: a role without the permission
must meet PermissionDenied before anything else happens; a role with it must get past
the check (whatever the placeholder arguments then cause). A temporary passphrase stops
every one of them (issue 11, item 6).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import app.services as services_package
from app.domain.roles import Permission, Role, may
from app.errors import PassphraseChangeRequired, PermissionDenied
from app.services import auth, users

P = Permission
REQUIRED: dict[str, Permission | None] = {
    "age.add_result": P.RECORD_ASSESSMENT,
    "auth.confirm_passphrase": P.SHOW_INFORMATION,
    "age.current": P.READ_CASE,
    "age.record_challenge_information": P.RECORD_ASSESSMENT,
    "age.record_child_view": P.RECORD_ASSESSMENT,
    "age.record_data": P.RECORD_ASSESSMENT,
    "age.record_printed": P.RECORD_ASSESSMENT,
    "age.remove_result": P.RECORD_ASSESSMENT,
    "age.sign": P.RECORD_ASSESSMENT,
    "age.start": P.RECORD_ASSESSMENT,
    "age.status_text": P.READ_CASE,
    "age.warnings_for": P.RECORD_ASSESSMENT,
    "cases.case_history": P.READ_CASE,
    "cases.count_cases": P.READ_CASE,
    "cases.decide_duplicate": P.WRITE_CASE,
    "cases.discard_draft": P.WRITE_CASE,
    "cases.find_duplicates": P.READ_CASE,
    "cases.get_row": P.READ_CASE,
    "cases.import_cases": P.WRITE_CASE,
    "cases.intake_changes": P.READ_CASE,
    "cases.linked_cases": P.READ_CASE,
    "cases.list_drafts": P.WRITE_CASE,
    "cases.load_draft": P.WRITE_CASE,
    "cases.merge_intake": P.WRITE_CASE,
    "cases.number_collisions": P.RESOLVE_CONFLICTS,
    "cases.open_case": P.READ_CASE,
    "cases.query_cases": P.READ_CASE,
    "cases.read_case": P.READ_CASE,
    "cases.register_case": P.WRITE_CASE,
    "cases.save_draft": P.WRITE_CASE,
    "cases.undo_decision": P.RESOLVE_CONFLICTS,
    "cases.update_case": P.WRITE_CASE,
    "demo.fill": P.WRITE_CASE,
    "dashboard.overview": P.READ_CASE,
    # Sync (issue 16): a manager enrols the laptop and approves or revokes devices; anyone
    # who reads cases may sync or carry a bundle (sealed; what it holds is their centre's);
    # conflicts are a manager's to resolve.
    "conflicts.list_conflicts": P.RESOLVE_CONFLICTS,
    "files.save_stats_csv": P.PRINT_REFERRAL,
    "conflicts.resolve": P.RESOLVE_CONFLICTS,
    "conflicts.possible_duplicates_from_sync": P.READ_CASE,
    "conflicts.possible_duplicates_after_arrival": P.READ_CASE,
    "sync.enrol": P.CHANGE_SETTINGS,
    "sync.list_devices": P.CHANGE_SETTINGS,
    "sync.approve_device": P.CHANGE_SETTINGS,
    "sync.revoke_device": P.CHANGE_SETTINGS,
    "sync.sync_now": P.READ_CASE,
    "sync.export_bundle": P.READ_CASE,
    "sync.import_bundle": P.READ_CASE,
    "device.confirm": P.CHANGE_SETTINGS,
    "device.needs_confirmation": P.READ_CASE,
    "files.save_age_record_pdf": P.RECORD_ASSESSMENT,
    "files.referral_pdf": P.PRINT_REFERRAL,
    "files.save_referral_pdf": P.PRINT_REFERRAL,
    "history.case_activity": P.READ_CASE,
    "information.children_not_informed": P.READ_CASE,
    "information.record_session": P.SHOW_INFORMATION,
    "information.sessions_for_case": P.READ_CASE,
    "information.drop_status": P.CHECK_VAULT,
    "lookup.case_id": P.READ_CASE,
    "maintenance.doctor": P.CHECK_VAULT,
    "maintenance.rekey": P.REKEY_VAULT,
    "maintenance.users_without_slot": P.MANAGE_USERS,
    # Issue 15: referrals, guardians, missing children (decisions in each module's doc).
    "guardians.add_entry": P.CHANGE_SETTINGS,
    "guardians.appoint": P.WRITE_CASE,
    "guardians.caseloads": P.READ_CASE,
    "guardians.changed_guardian_cases": P.READ_CASE,
    "guardians.demo_answers": P.CHANGE_SETTINGS,
    "guardians.directory": P.READ_CASE,
    "guardians.guardian_history": P.READ_CASE,
    "missing.mark_found": P.WRITE_CASE,
    "missing.mark_missing": P.WRITE_CASE,
    "missing.open_alerts": P.READ_CASE,
    "missing.record_return_interview": P.WRITE_CASE,
    "missing.return_interviews_due": P.READ_CASE,
    "missing.interviews_due": P.READ_CASE,
    "missing.notice_referral": P.READ_CASE,
    "referrals.add_referral_type": P.CHANGE_SETTINGS,
    "referrals.case_referrals": P.READ_CASE,
    "referrals.change_state": P.WRITE_CASE,
    "referrals.dashboard": P.READ_CASE,
    "referrals.form_data": P.PRINT_REFERRAL,
    "referrals.get_referral": P.READ_CASE,
    "referral_list.list_referrals": P.READ_CASE,
    "referral_list.listing_output": P.READ_CASE,
    "referrals.open_for_existing_cases": P.WRITE_CASE,
    "referrals.open_referral": P.WRITE_CASE,
    "referrals.recipients_for": P.READ_CASE,
    "referrals.record_basis": P.WRITE_CASE,
    "referrals.referral_types": P.READ_CASE,
    "referrals.referrals_for_case": P.READ_CASE,
    "referrals.save_stats_csv": P.PRINT_REFERRAL,
    "referrals.set_recipient": P.WRITE_CASE,
    "referrals.sharing_problems": P.READ_CASE,
    "referrals.stats_table": P.PRINT_REFERRAL,
    "referrals.type_choices": P.READ_CASE,
    "referrals.use_exceptional_deadline": P.CHANGE_SETTINGS,
    "special_categories.read_special_categories": P.READ_SPECIAL_CATEGORIES,
    "special_categories.record_special_categories": P.WRITE_CASE,
    "users.add_user": P.MANAGE_USERS,
    "users.list_users": P.MANAGE_USERS,
    "photos.add_photo": P.WRITE_CASE,
    "photos.latest_photo": P.READ_CASE,
    "users.rename_user": P.MANAGE_USERS,
    "users.remove_user": P.MANAGE_USERS,
    "users.reset_passphrase": P.MANAGE_USERS,
    "users.set_profession": P.MANAGE_USERS,
}
#: Open to anyone signed in, on purpose: ending one's own session, changing one's own
#: passphrase (the only thing a temporary passphrase allows) and the length it needs,
#: the centre's name, and the interpreters' drop: taking in what they left and giving them
#: the case numbers (both run at every sign-in of someone holding the key, any role).
NO_PERMISSION = {
    "auth.sign_out",
    "users.change_own_passphrase",
    "users.passphrase_min_length",
    "setup.centre_details",
    "information.import_drop",
    "information.publish_case_numbers",
    # At every sign-in: opens the referrals of children registered before schema 7 when
    # the one signing in may write cases (WRITE_CASE checked inside), else waits.
    "referrals.open_after_migration",
    # After every sign-in, off the GUI thread: loads fonts only for a role that prints.
    "files.warm_up_printing",
}

PASSPHRASES = {
    Role.INTAKE_OFFICER: "intake officer 2026 harbour lamp",
    Role.ASSESSOR: "assessor 2026 harbour lamp",
    Role.INTERPRETER: "interpreter 2026 harbour lamp",
}


def session_functions() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"app.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] == "session":
                found[f"{info.name}.{name}"] = function
    return found


def call_with_placeholders(function, session) -> BaseException | None:
    signature = inspect.signature(function)
    args, kwargs = [session], {}
    for name, parameter in list(signature.parameters.items())[1:]:
        if parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = None
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            args.append(None)
    try:
        function(*args, **kwargs)
    except Exception as exc:
        return exc
    return None


def test_the_table_names_every_service_function_that_takes_a_session() -> None:
    names = set(session_functions())
    assert names - set(REQUIRED) - NO_PERMISSION == set(), "decide their permission"
    assert set(REQUIRED) - names == set(), "the table names functions that are gone"


@pytest.fixture
def role_folder(vault_dir, manager):
    from app.domain.roles import Profession

    for role, passphrase in PASSPHRASES.items():
        users.add_user(
            manager,
            name=f"Walk {role.value}",
            role=role,
            profession=Profession.SOCIAL_WORKER if role == Role.ASSESSOR else None,
            passphrase=passphrase,
        )
    manager.close()
    return vault_dir


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_service_function_checks_its_permission_for_every_role(role_folder, role) -> None:
    from tests.conftest import MANAGER, MANAGER_PASS

    if role == Role.MANAGER:
        session = auth.sign_in(role_folder, MANAGER, MANAGER_PASS)
    else:
        session = auth.sign_in(role_folder, f"Walk {role.value}", PASSPHRASES[role])
    wrong = []
    try:
        for name, function in sorted(session_functions().items()):
            if name in NO_PERMISSION or name == "maintenance.rekey":
                continue  # rekey is walked last: it replaces every other slot
            outcome = call_with_placeholders(function, session)
            refused = isinstance(outcome, PermissionDenied)
            if refused == may(role, REQUIRED[name]):
                wrong.append(f"{name}: {'refused' if refused else 'allowed'}")
        outcome = call_with_placeholders(services_package.maintenance.rekey, session)
        if isinstance(outcome, PermissionDenied) == may(role, P.REKEY_VAULT):
            wrong.append("maintenance.rekey")
    finally:
        session.close()
    assert wrong == []


def test_a_temporary_passphrase_allows_nothing_but_changing_it(role_folder) -> None:
    from tests.conftest import MANAGER, MANAGER_PASS

    manager = auth.sign_in(role_folder, MANAGER, MANAGER_PASS)
    users.reset_passphrase(
        manager, user_name="Walk assessor", new_passphrase="temporary 2026 harbour key"
    )
    manager.close()
    session = auth.sign_in(role_folder, "Walk assessor", "temporary 2026 harbour key")
    try:
        for name, function in sorted(session_functions().items()):
            if name in NO_PERMISSION:
                continue
            outcome = call_with_placeholders(function, session)
            assert isinstance(outcome, PassphraseChangeRequired), (name, outcome)
        users.change_own_passphrase(
            session,
            old_passphrase="temporary 2026 harbour key",
            new_passphrase="my own 2026 harbour lamp",
        )
        assert not session.user.must_change_passphrase
        assert call_with_placeholders(services_package.cases.count_cases, session) is None
    finally:
        session.close()
