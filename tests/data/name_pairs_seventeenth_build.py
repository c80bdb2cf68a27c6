"""Build tests/data/name_pairs_seventeenth.tsv: a seventeenth labelled set, drawn after the
sixteenth's held-out half was reported (issue 17).

The sixteenth set's held-out half was read once (precision 0.861, recall 0.921) with the
rules of d2f3fa6 and then became tuning data, as every earlier set's had. This set is drawn
the same way as the fourth to sixteenth (``name_pairs_fourth_build.py``: rigour's Wikidata
lexicon for the labels, the same quotas per pair of scripts, a hand review of every label by
reviewers who see neither code nor scores, against tests/data/README-name-pairs.md) and from
the same pool.

No pair of the first sixteen sets or their reviews is taken again (either order), and every
pair has at least one spelling none of them had. The split (tune / heldout) is a hash of
the pair with its own salt. Its held-out half is reported once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv;
this builder, like the fourth's, also needs the ``zstd`` command):

    cd tests/data && /tmp/pairs/bin/python name_pairs_seventeenth_build.py
"""

from __future__ import annotations

import name_pairs_rounds


def main() -> None:
    name_pairs_rounds.build("seventeenth", seed=2039)


if __name__ == "__main__":
    main()
