"""Fill a vault with synthetic children (demos, screenshots, benchmarks). Never real data."""

from __future__ import annotations

import datetime as dt
from itertools import islice

from app.domain.roles import Permission
from app.errors import DiskFull, DiskFullPartly
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
    """Register ``count`` synthetic cases in batches of one transaction each.

    A full disk stops it; the batch it stopped is rolled back whole, and the error says
    how many cases the earlier batches saved (``DiskFullPartly``), never "nothing"."""
    session.require(Permission.WRITE_CASE)
    today = today or dt.date.today()
    generator = synthetic_cases(count, seed, today)
    done = 0
    while done < count:
        batch = list(islice(generator, min(BATCH, count - done)))
        if not batch:
            break
        try:
            cases.import_cases(session, batch, today=today)
        except DiskFull as exc:
            if done:
                raise DiskFullPartly(saved=done, total=count) from exc
            raise
        done += len(batch)
        if progress is not None:
            progress(done, count)
    return done
