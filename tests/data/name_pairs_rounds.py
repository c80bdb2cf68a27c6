"""The one way the fifth and later labelled sets are built (issue 17): each is drawn like the
fourth (``name_pairs_fourth_build.py``: rigour's Wikidata lexicon for the labels, the same
quotas per pair of scripts) without any pair of the fourth to the previous set or of their
reviews, split by a hash of the pair salted with the set's ordinal, with its own seed. Each
``name_pairs_<ordinal>_build.py`` says why its set was drawn and calls ``build``; every set
must rebuild byte for byte from its builder and review.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import name_pairs_fourth_build as fourth
import name_pairs_fresh_build as second

HERE = Path(__file__).resolve().parent

# The sets drawn the fourth's way, in the order they were drawn.
ORDINALS = (
    "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
)  # fmt: skip


def build(ordinal: str, seed: int) -> None:
    """Draw ``name_pairs_<ordinal>.tsv`` and apply ``name_pairs_<ordinal>_review.tsv``."""
    earlier = ORDINALS[: ORDINALS.index(ordinal)]
    fourth.EARLIER = (
        *fourth.EARLIER,
        *(f"name_pairs_{o}{kind}.tsv" for o in earlier for kind in ("", "_review")),
    )

    def split_of(a: str, b: str) -> str:
        digest = hashlib.sha256(f"{ordinal}\t{a}\t{b}".encode()).digest()
        return "tune" if digest[0] % 2 == 0 else "heldout"

    fourth.split_of = split_of  # the fourth's main hands it on to the second's
    # The fourth's main builds the pool and then calls the second's main with its own
    # output files and seed; those three are replaced just before that call.
    draw = second.main
    own_seed = seed

    def draw_this_set(seed: int) -> None:  # the fourth's seed, which this set replaces
        second.OUT = HERE / f"name_pairs_{ordinal}.tsv"
        second.REVIEW = HERE / f"name_pairs_{ordinal}_review.tsv"
        draw(seed=own_seed)

    second.main = draw_this_set
    fourth.main()
