"""[G1] Registering an unaccompanied child opens its guardian referral in the same
transaction: SIGKILL a process that registers children, at random moments, at least 100
times; afterwards no child is without a guardian referral and no referral is without its
child, and the vault passes ``doctor``."""

from __future__ import annotations

import os
import random
import textwrap
import time
from pathlib import Path

import pytest

from app.domain import referral as rules
from app.services import auth, maintenance
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import Child

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("HARBOUR_REFERRAL_KILLS", "100"))

CHILD = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path

    from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
    from app.services import auth, cases

    folder, name = Path(sys.argv[1]), sys.argv[2]
    session = auth.sign_in(folder, name, os.environ["CHILD_PASSPHRASE"])
    draft = CaseDraft(
        names=Names(given="Amina", family="Yusuf"),
        birth=Birth(declared_age=15),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )
    print("ready", flush=True)
    n = 0
    while True:
        cases.register_case(session, draft)
        n += 1
        print(f"registered {n}", flush=True)
    """
)


def test_G1_sigkill_never_leaves_a_child_without_a_guardian_referral(
    vault_dir: Path, tmp_path: Path
) -> None:
    script = tmp_path / "register_child.py"
    script.write_text(CHILD)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_PASS")}
    env["CHILD_PASSPHRASE"] = MANAGER_PASS
    rng = random.Random(os.urandom(8))
    printed = 0
    for _kill in range(KILLS):
        child = Child(script, [str(vault_dir), MANAGER], cwd=tmp_path, env=env)
        child.wait_for(lambda line: line == "ready")
        for _ in range(rng.randint(0, 2)):
            child.wait_for(lambda line: line.startswith("registered"))
        time.sleep(rng.uniform(0, 0.03))  # inside a registration's transaction, often
        lines = child.kill()
        printed += sum(1 for line in lines if line.startswith("registered"))

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        records = Records(session.vault)
        children = records.of_kind("case", limit=1_000_000)
        referrals = records.of_kind("referral", limit=1_000_000)
        report = maintenance.doctor(session)
    finally:
        session.close()
    assert report.healthy, report.problems
    assert len(children) >= printed  # every registration reported as done is there
    by_case = {}
    for r in referrals:
        by_case.setdefault(r.fields["case_id"], []).append(r)
    without = [c.id for c in children if len(by_case.get(c.id, [])) != 1]
    assert without == [], f"{len(without)} of {len(children)} children without one referral"
    assert {r.id for r in referrals} == {rules.guardian_referral_id(c.id) for c in children}
    print(f"{KILLS} kills, {len(children)} children, 0 without a guardian referral")
