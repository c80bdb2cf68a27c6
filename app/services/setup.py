"""First run: create the vault, the organisation, the centre and the first manager."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from app.domain.audit import AuditAction
from app.domain.passphrase import DEFAULT_MIN_LENGTH, MIN_ALLOWED_MIN_LENGTH
from app.domain.roles import Profession, Role
from app.errors import InvalidInput
from app.i18n import _
from app.services.session import Session
from app.services.users import (
    SETTINGS_KIND,
    USER_KIND,
    check_passphrase,
    check_user_name,
    get_user,
    write_staff,
)
from app.storage import audit, keyslots
from app.storage import vault as vault_store
from app.storage.centre import centre_of_vault
from app.storage.filelock import ProcessLock
from app.storage.records import Records


def centre_code(centre: str) -> str:
    """A short code for case numbers, read aloud: the first letters of the centre's words."""
    letters = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", centre)).upper()
    return (letters or "HC")[:4]


def create_vault(
    folder: Path,
    *,
    organisation: str,
    centre: str,
    user_name: str,
    passphrase: str,
    passphrase_min_length: int = DEFAULT_MIN_LENGTH,
    profession: Profession | None = None,
    kdf: keyslots.KdfParams = keyslots.DEFAULT_KDF,
    lock: ProcessLock | None = None,
) -> tuple[Session, str]:
    """Returns the manager's session and the recovery code (show it once, never store it).

    ``profession`` is optional: a manager with one may assess age like an assessor (age
    assessments need two professions, [A14]); without one, the centre adds assessors."""
    organisation, centre = " ".join(organisation.split()), " ".join(centre.split())
    if not organisation:
        raise InvalidInput(reason=_("Enter the organisation's name."))
    if not centre:
        raise InvalidInput(reason=_("Enter the centre's name."))
    if passphrase_min_length < MIN_ALLOWED_MIN_LENGTH:
        raise InvalidInput(
            reason=_("Passphrases need at least {n} characters.").format(n=MIN_ALLOWED_MIN_LENGTH)
        )
    user_name = check_user_name(user_name)
    check_passphrase(passphrase, user_name, passphrase_min_length)

    user_id = str(uuid.uuid4())
    vault, code = vault_store.create(
        Path(folder),
        user_id=user_id,
        user_name=user_name,
        role=Role.MANAGER.value,
        passphrase=passphrase,
        kdf=kdf,
        lock=lock,
    )
    try:
        records = Records(vault)
        records.insert(
            USER_KIND,
            {
                "name": user_name,
                "role": Role.MANAGER.value,
                "profession": profession.value if profession else None,
                "status": "active",
                "must_change_passphrase": False,
            },
            user_id=user_id,
            record_id=user_id,
            audit_detail="user",
        )
        org_id = records.insert("organisation", {"name": organisation}, user_id=user_id)
        records.insert(
            "centre",
            {"name": centre, "code": centre_code(centre), "organisation_id": org_id},
            user_id=user_id,
        )
        # The manager in the staff directory (issue 16), once the centre exists: its
        # change carries the centre's scope, and the organisation keeps device sequence 0
        # (docs/sync.md "The organisation record").
        with records.unit(user_id=user_id) as unit:
            write_staff(unit, user_id)
        records.insert(
            SETTINGS_KIND, {"passphrase_min_length": passphrase_min_length}, user_id=user_id
        )
        audit.record(vault, user_id=user_id, action=AuditAction.SIGN_IN, detail="vault created")
        user = get_user(vault, user_id)
        assert user is not None
    except BaseException:
        vault.close()
        raise
    return Session(vault, user), code


def centre_details(session: Session) -> dict[str, str]:
    """Organisation and centre names, for window titles and forms (any signed-in role).

    An interpreter's session holds no key to the database where they are kept: blank."""
    if session.vault is None:
        return {"organisation": "", "centre": "", "centre_code": ""}
    # The vault's own centre, the server centre's name once enrolled (docs/sync.md).
    centre = centre_of_vault(session.vault)
    if centre is None:
        return {"organisation": "", "centre": "", "centre_code": ""}
    return {"organisation": centre.organisation, "centre": centre.name, "centre_code": centre.code}


def vault_exists(folder: Path) -> bool:
    return vault_store.vault_exists(Path(folder))


def acquire_app_lock(folder: Path) -> ProcessLock:
    """Hold the vault for this process's whole life (raises VaultBusy if another has it).

    The desktop app keeps it across idle locks so that a second window or the CLI is
    refused while the app runs; the OS releases it if the process dies.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = ProcessLock(folder / vault_store.LOCK_NAME)
    lock.acquire(create=True)
    return lock
