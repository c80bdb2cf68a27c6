"""Precision and recall of duplicate scoring on labelled synthetic pairs (issue 4).

Half the pairs are one child registered twice (another spelling, script, token order, a
dropped name, birth year one off, 1 January for an unknown date, an age instead of a
date); half are different children, two thirds of them sharing the given name or the
origin. Printed at the shipped threshold and at a few others for comparison.
"""

from __future__ import annotations

import datetime as dt
import os

from bench.common import figure

TODAY = dt.date(2026, 11, 23)


def run() -> None:
    from app.domain.duplicates import CANDIDATE_THRESHOLD, score
    from app.synthetic import labelled_pairs

    count = int(os.environ.get("HARBOUR_BENCH_PAIRS", "1000"))
    pairs = labelled_pairs(count, seed=7, today=TODAY)
    scored = [(score(a, b), same) for a, b, same in pairs]
    for threshold in (CANDIDATE_THRESHOLD, 0.55, 0.7):
        hits = [(c.score >= threshold and c.name_score >= 0.55, same) for c, same in scored]
        tp = sum(1 for hit, same in hits if hit and same)
        fp = sum(1 for hit, same in hits if hit and not same)
        fn = sum(1 for hit, same in hits if not hit and same)
        suffix = "" if threshold == CANDIDATE_THRESHOLD else f"_at_{threshold}"
        figure(
            f"duplicate_precision{suffix}",
            tp / (tp + fp),
            "ratio",
            better="higher",
            note=f"{len(pairs)} labelled pairs, threshold {threshold}",
        )
        figure(f"duplicate_recall{suffix}", tp / (tp + fn), "ratio", better="higher")
