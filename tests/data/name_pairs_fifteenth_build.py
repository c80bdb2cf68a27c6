"""Build tests/data/name_pairs_fifteenth.tsv: a fifteenth labelled set, drawn after the
fourteenth's held-out half was reported (issue 17).

The fourteenth set's held-out half was read once (precision 0.908, recall 0.926) with the
rules frozen at 6453cc8 and then became tuning data, as every earlier set's had. This
set is drawn the same way as the fourth to fourteenth (``name_pairs_fourth_build.py``: rigour's
Wikidata lexicon for the labels, the same quotas per pair of scripts, a hand review of every
label by reviewers who see neither code nor scores, against tests/data/README-name-pairs.md)
and from the same pool.

No pair of the first fourteen sets or their reviews is taken again (either order), and every
pair has at least one spelling none of them had. The split (tune / heldout) is a hash of
the pair with its own salt. Its held-out half is reported once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv;
this builder, like the fourth's, also needs the ``zstd`` command):

    cd tests/data && /tmp/pairs/bin/python name_pairs_fifteenth_build.py
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import name_pairs_fourth_build as fourth
import name_pairs_fresh_build as second

HERE = Path(__file__).resolve().parent


def split_of(a: str, b: str) -> str:
    digest = hashlib.sha256(f"fifteenth\t{a}\t{b}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def main() -> None:
    fourth.EARLIER = (
        *fourth.EARLIER,
        "name_pairs_fourth.tsv",
        "name_pairs_fourth_review.tsv",
        "name_pairs_fifth.tsv",
        "name_pairs_fifth_review.tsv",
        "name_pairs_sixth.tsv",
        "name_pairs_sixth_review.tsv",
        "name_pairs_seventh.tsv",
        "name_pairs_seventh_review.tsv",
        "name_pairs_eighth.tsv",
        "name_pairs_eighth_review.tsv",
        "name_pairs_ninth.tsv",
        "name_pairs_ninth_review.tsv",
        "name_pairs_tenth.tsv",
        "name_pairs_tenth_review.tsv",
        "name_pairs_eleventh.tsv",
        "name_pairs_eleventh_review.tsv",
        "name_pairs_twelfth.tsv",
        "name_pairs_twelfth_review.tsv",
        "name_pairs_thirteenth.tsv",
        "name_pairs_thirteenth_review.tsv",
        "name_pairs_fourteenth.tsv",
        "name_pairs_fourteenth_review.tsv",
    )
    fourth.split_of = split_of  # the fourth's main hands it on to the second's

    build = second.main

    def build_fifteenth(seed: int) -> None:
        second.OUT = HERE / "name_pairs_fifteenth.tsv"
        second.REVIEW = HERE / "name_pairs_fifteenth_review.tsv"
        build(seed=2037)

    second.main = build_fifteenth
    fourth.main()


if __name__ == "__main__":
    main()
