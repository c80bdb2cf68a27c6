"""The demo run again on one vault (`harbour demo` twice): the second run's draft guardian
referrals include the first run's missing children, and marking one missing again was
refused, so the run failed now and then (its rows' order follows their random ids; seen
in CI as "This child is already marked missing."). Synthetic cases only."""

from __future__ import annotations

import datetime as dt

from app.services import demo, guardians, missing
from app.storage.referral_index import ReferralRepository

TODAY = dt.date(2026, 11, 20)


def test_the_demo_answers_again_without_marking_a_missing_child_twice(manager) -> None:
    demo.fill(manager, count=40, seed=3, today=TODAY)
    repo = ReferralRepository(manager.require_vault())
    drafts = repo.rows(types=("guardian",), states=("draft",))
    # Every child whose guardian referral is still a draft goes missing: whatever the
    # order of the rows, the next run's "lost" children can only be missing ones.
    for row in drafts:
        if not repo.open_episode(row.case_id):
            missing.mark_missing(
                manager,
                row.case_id,
                missing.Sighting(
                    seen_at=dt.datetime(2026, 11, 19, 7, tzinfo=dt.UTC), where="synthetic"
                ),
            )
    guardians.demo_answers(manager, seed=3, today=TODAY)  # refused one before
    assert all(repo.open_episode(row.case_id) for row in drafts)
