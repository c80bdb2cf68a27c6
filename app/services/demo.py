"""Fill a vault with synthetic children (demos, screenshots, benchmarks). Never real data."""

from __future__ import annotations

import datetime as dt
from itertools import islice

from app.domain.roles import Permission
from app.services import cases
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
    """Register ``count`` synthetic cases in batches of one transaction each."""
    session.require(Permission.WRITE_CASE)
    today = today or dt.date.today()
    generator = synthetic_cases(count, seed, today)
    done = 0
    while done < count:
        batch = list(islice(generator, min(BATCH, count - done)))
        if not batch:
            break
        cases.import_cases(session, batch, today=today)
        done += len(batch)
        if progress is not None:
            progress(done, count)
    return done
