"""Laptops of one centre for merge tests: copies of the template vault, each signed in
and given its own device id (as a manager does for a copy on a new laptop)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.services import auth
from app.services.session import Session
from app.storage import sync_log
from tests.conftest import MANAGER, MANAGER_PASS


def replica(template: Path, folder: Path) -> Session:
    shutil.copytree(template, folder)
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    session.require_vault().confirm_installation(same_device=False)
    return session


def exchange(source: Session, target: Session) -> sync_log.ApplyReport:
    """Everything ``source`` holds that ``target`` lacks, applied on ``target``."""
    lacking = sync_log.outgoing(
        source.require_vault(), sync_log.version_vector(target.require_vault()), None
    )
    return sync_log.apply_remote(target.require_vault(), lacking)


def path_conflicts(session: Session) -> set[tuple[str, str, str, str | None]]:
    return {
        (c.kind, c.a, c.b, c.winner)
        for c in sync_log.conflicts(session.require_vault())
        if c.kind in ("path", "collision")
    }
