"""Laptops of one centre for merge tests: copies of the template vault, each signed in
and given its own device id (as a manager does for a copy on a new laptop); and two
laptops enrolled with a real sync server (enrol_both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.services import auth, sync
from app.services.session import Session
from app.storage import sync_log
from server.store import Store
from tests.conftest import MANAGER, MANAGER_PASS
from tests.server.harness import ServerProcess


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


def enrol_both(
    manager: Session, other: Session, process: ServerProcess, admin: Store
) -> tuple[sync.EnrolResult, sync.EnrolResult]:
    """Enrol ``manager``'s laptop with a manager's code and ``other``'s with a plain one,
    which ``manager`` then approves: two laptops of one unit, as a centre sets them up.
    ``process`` and ``admin`` are the server process and its store (the server fixtures)."""
    first = sync.enrol(manager, process.url, admin.issue_enrol_code("NRC", manager=True))
    second = sync.enrol(other, process.url, admin.issue_enrol_code("NRC"))
    sync.approve_device(manager, second.device_id)
    return first, second
