"""Build tests/data/name_pairs_fifth.tsv: a fifth labelled set, drawn after the fourth's
held-out half was reported (issue 17).

The fourth set's held-out half was reported once (precision 0.883, recall 0.878) at commit
88aba98 and then became tuning data, as the first three sets' had. This set is drawn the same
way as the fourth (``name_pairs_fourth_build.py``: rigour's Wikidata lexicon for the labels,
the same quotas per pair of scripts, a hand review of every label by reviewers who see
neither code nor scores, against tests/data/README-name-pairs.md) and from the same pool:
the forms of rigour's lexicon of items that nam_dict.txt or a Faker locale attests as given
names, beside the nam_dict.txt and Faker words of the third set's pool.

No pair of the first four sets or their reviews is taken again (either order), and every
pair has at least one spelling none of them had, so the fourth's pairs and spellings are
excluded as the earlier ones were. The split (tune / heldout) is a hash of the pair with its
own salt, so it does not follow the earlier sets' splits. Its held-out half is reported
once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv;
this builder, like the fourth's, also needs the ``zstd`` command):

    cd tests/data && /tmp/pairs/bin/python name_pairs_fifth_build.py
"""

from __future__ import annotations

import name_pairs_rounds


def main() -> None:
    name_pairs_rounds.build("fifth", seed=2027)


if __name__ == "__main__":
    main()
