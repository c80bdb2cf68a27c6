"""Fill a vault with synthetic children (demos, screenshots, benchmarks). Never real data."""

from __future__ import annotations

import datetime as dt
import random
from itertools import islice

from app.domain.case import Answer, Application, CaseDraft
from app.domain.roles import Permission
from app.errors import DiskFull, DiskFullPartly
from app.services import cases, guardians
from app.services.session import Session
from app.synthetic import synthetic_cases

BATCH = 500


def fill(
    session: Session,
    *,
    count: int,
    seed: int,
    today: dt.date | None = None,
    progress=None,
) -> int:
    """Register ``count`` synthetic cases in batches of one transaction each.

    A full disk stops it; the batch it stopped is rolled back whole, and the error says
    how many cases the earlier batches saved (``DiskFullPartly``), never "nothing"."""
    session.require(Permission.WRITE_CASE)
    today = today or dt.date.today()
    generator = synthetic_cases(count, seed, today)
    rng = random.Random(f"registration dates {seed}")
    done = 0
    while done < count:
        batch = list(islice(generator, min(BATCH, count - done)))
        if not batch:
            break
        batch, registered = _spread(batch, rng, today)
        try:
            cases.import_cases(session, batch, today=today, registered=registered)
        except DiskFull as exc:
            if done:
                raise DiskFullPartly(saved=done, total=count) from exc
            raise
        done += len(batch)
        if progress is not None:
            progress(done, count)
    if done and session.may(Permission.CHANGE_SETTINGS):
        # Guardians appointed, referrals sent and declined: answered ones beside those due
        # and overdue (issue 15).
        guardians.demo_answers(session, seed=seed, today=today)
    return done


def _spread(
    batch: list[CaseDraft], rng: random.Random, today: dt.date
) -> tuple[list[CaseDraft], list[dt.datetime]]:
    """[issue 15] Registrations over the past eight weeks, deterministic by seed; the
    application made at registration and, for most children, lodged a few days later
    [G2], so that guardian deadlines fall due, run over and are provisional alike."""
    spread, registered = [], []
    for draft in batch:
        day = today - dt.timedelta(days=rng.randrange(0, 56))
        at = dt.datetime.combine(day, dt.time(8 + rng.randrange(0, 10), rng.randrange(60)))
        registered.append(at.replace(tzinfo=dt.UTC))
        if rng.random() < 0.7:
            lodged = min(today, day + dt.timedelta(days=rng.randrange(0, 8)))
            application = Application(made=Answer.of(day), lodged=Answer.of(lodged))
            draft = draft.model_copy(update={"application": application})
        spread.append(draft)
    return spread, registered
