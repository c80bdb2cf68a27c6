"""Build tests/data/name_pairs_sixteenth.tsv: a sixteenth labelled set, drawn after the
fifteenth's held-out half was reported (issue 17).

The fifteenth set's held-out half was read once (precision 0.870, recall 0.903) with the
rules of 0cf8ccc and then became tuning data, as every earlier set's had. This set is drawn
the same way as the fourth to fifteenth (``name_pairs_fourth_build.py``: rigour's Wikidata
lexicon for the labels, the same quotas per pair of scripts, a hand review of every label by
reviewers who see neither code nor scores, against tests/data/README-name-pairs.md) and from
the same pool.

No pair of the first fifteen sets or their reviews is taken again (either order), and every
pair has at least one spelling none of them had. The split (tune / heldout) is a hash of
the pair with its own salt. Its held-out half is reported once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv;
this builder, like the fourth's, also needs the ``zstd`` command):

    cd tests/data && /tmp/pairs/bin/python name_pairs_sixteenth_build.py
"""

from __future__ import annotations

import name_pairs_rounds


def main() -> None:
    name_pairs_rounds.build("sixteenth", seed=2038)


if __name__ == "__main__":
    main()
