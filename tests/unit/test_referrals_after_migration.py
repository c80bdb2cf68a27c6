"""[G1] Children registered before referrals existed (the release vault, schema 4) get
their guardian referral at the first sign-in after migration 7, once: migration 7 flags
a vault that already held children, the sign-in opens what registration would have
opened and removes the flag in the same transaction."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.domain import referral as rules
from app.services import auth, maintenance, referrals
from app.storage.records import Records
from app.storage.referral_index import BACKFILL_KEY, backfill_due

DATA = Path(__file__).resolve().parents[1] / "data" / "release_vault"
INFO = json.loads((DATA / "RELEASE.json").read_text("utf-8"))


@pytest.fixture
def release(tmp_path: Path) -> Path:
    folder = tmp_path / "release"
    shutil.copytree(DATA, folder)
    return folder


def _unaccompanied(session) -> list[str]:
    records = Records(session.vault)
    return [
        case_id
        for case_id in INFO["cases"].values()
        if (records.get(case_id).fields.get("separation") or {}).get("status")
        in ("unaccompanied", "separated")
    ]


def test_G1_the_first_sign_in_after_migration_opens_the_guardian_referrals_once(
    release: Path,
) -> None:
    session = auth.sign_in(release, *INFO["manager"])
    try:
        waiting = _unaccompanied(session)
        assert waiting, "the release vault holds unaccompanied children"
        opened = {r.case_id for r in referrals.list_referrals(session) if r.type == "guardian"}
        assert opened == set(waiting)
        for case_id in waiting:
            (guardian,) = [
                r for r in referrals.referrals_for_case(session, case_id) if r.type == "guardian"
            ]
            assert guardian.automatic and guardian.due is not None
        assert not backfill_due(session.vault) and session.vault.meta(BACKFILL_KEY) is None
        top = session.vault.query("SELECT max(seq) FROM change_log")[0][0]
        assert maintenance.doctor(session).healthy
    finally:
        session.close()
    again = auth.sign_in(release, *INFO["manager"])  # once: nothing more is written
    try:
        assert again.vault.query("SELECT max(seq) FROM change_log")[0][0] == top
        assert len(referrals.list_referrals(again)) == len(opened)
    finally:
        again.close()


def test_an_assessor_signing_in_first_opens_them_too(release: Path) -> None:
    """Every role that holds the key to the cases may write them: whoever comes first."""
    session = auth.sign_in(release, *INFO["social"])
    try:
        assert not backfill_due(session.vault)
        for case_id in _unaccompanied(session):
            record = Records(session.vault).get(rules.guardian_referral_id(case_id))
            assert record is not None  # the id registration would have used
    finally:
        session.close()


def test_a_new_vault_never_carries_the_flag(manager) -> None:
    assert manager.vault.meta(BACKFILL_KEY) is None
    assert referrals.open_after_migration(manager) == 0
