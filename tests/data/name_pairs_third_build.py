"""Build tests/data/name_pairs_third.tsv: a third labelled set, drawn after the second's
held-out half was reported (issue 17).

The second set's held-out half was reported once (precision 0.894, recall 0.917) and then
became tuning data, as the first set's had. This set is drawn the same way as the second
(``name_pairs_fresh_build.py``: rigour's Wikidata lexicon for the labels, the same quotas
per pair of scripts, a hand review of every label by reviewers who see neither code nor
scores, against tests/data/README-name-pairs.md), from the pool that is left: every
country of Jörg Michael's ``nam_dict.txt`` and every Faker locale, with no pair of the first
two sets again and at least one spelling neither set had. Its held-out half is reported
once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv):

    /tmp/pairs/bin/python tests/data/name_pairs_third_build.py
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import pkgutil
from pathlib import Path

import name_pairs_fresh_build as second

HERE = Path(__file__).resolve().parent


def split_of(a: str, b: str) -> str:
    digest = hashlib.sha256(f"third\t{a}\t{b}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def earlier_sets() -> tuple[set[tuple[str, str]], set[str]]:
    pairs: set[tuple[str, str]] = set()
    words: set[str] = set()
    for name in ("name_pairs.tsv", "name_pairs_fresh.tsv", "name_pairs_fresh_review.tsv"):
        with open(HERE / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                pairs.update({(row["a"], row["b"]), (row["b"], row["a"])})
                words.update((row["a"], row["b"]))
    return pairs, words


def nam_dict_countries() -> dict[str, int]:
    """The file's header names each country above a '|' in its column."""
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    header = [ln for ln in path.read_text("utf-8").splitlines()[:400] if ln.startswith("#")]
    columns: dict[str, int] = {}
    for above, line in itertools.pairwise(header):
        if line.strip("# $").startswith("|"):
            columns[above.strip("# $")] = line.index("|")
    return columns


def main() -> None:
    import faker.providers.person as person

    # Every country column of nam_dict.txt and every Faker locale.
    second.NAM_DICT_COLUMNS = nam_dict_countries()
    locales = sorted(m.name for m in pkgutil.iter_modules(person.__path__))
    second.SCRIPT_LOCALES = [loc for loc in locales if loc not in second.NEW_LOCALES]
    second.OUT = HERE / "name_pairs_third.tsv"
    second.REVIEW = HERE / "name_pairs_third_review.tsv"
    second.split_of = split_of
    second.first_set = earlier_sets
    second.main(seed=2025)


if __name__ == "__main__":
    main()
